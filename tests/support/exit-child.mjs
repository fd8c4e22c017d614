// Run by tests/js/resilience.test.mjs in its own Node process: a timed-out
// call, an aborted call and a call aborted while it waits to retry, then
// nothing. The process must end by itself right after, with no timer or
// socket of the package keeping it alive. Prints one JSON line: the errors.
// Usage: MOONSHOT_API_KEY=... node exit-child.mjs <baseURL> (the mock's)
import { setTimeout as sleep } from 'node:timers/promises';

import { recordPauses } from './pauses.mjs';

const [baseURL] = process.argv.slice(2);
if (!baseURL) throw new Error('usage: MOONSHOT_API_KEY=... node exit-child.mjs <baseURL>');
await main(baseURL);

/** Aborts `controller` once the mock has logged `count` requests. */
async function abortOnceLogged(baseURL, controller, count) {
  const log = `${new URL(baseURL).origin}/__mock/requests`;
  while ((await (await fetch(log)).json()).length < count) await sleep(10);
  controller.abort();
}

async function main(baseURL) {
  const { Moonshot } = await import('../../pkg/index.mjs');
  const client = new Moonshot({ baseURL, maxRetries: 0 });
  const names = [];
  const attempt = async (call) => {
    try {
      await call();
      names.push('resolved');
    } catch (err) {
      names.push(err.name);
    }
  };

  // The mock holds these answers back a minute: the timeout fires first.
  await attempt(() => client.files.list({ timeout: 1000 }));
  // The caller gives up once its request has reached the mock.
  const held = new AbortController();
  abortOnceLogged(baseURL, held, 2);
  await attempt(() => client.files.list({ signal: held.signal }));
  // A 500 asking for a 60 s pause: the caller gives up once the pause has begun.
  const pausing = new AbortController();
  const recording = recordPauses({ onPause: () => pausing.abort() });
  await attempt(() => client.files.list({ maxRetries: 2, signal: pausing.signal }));
  recording.stop();

  process.stdout.write(`${JSON.stringify({ names, pauses: recording.pauses.map((pause) => pause.ms) })}\n`);
}
