// Run by test/resilience.test.mjs in its own Node process: a timed-out call,
// an aborted call and a call aborted while it waits to retry, then nothing.
// The process must end by itself right after, with no timer or socket of the
// package keeping it alive. Prints one JSON line: the errors and when the
// last call ended. Usage: MOONSHOT_API_KEY=... node exit-child.mjs <baseURL>
// Without a base URL (as when `node --test test/` runs every file under
// test/) it does nothing.
const [baseURL] = process.argv.slice(2);
if (baseURL) await main(baseURL);

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

  // The mock delays these answers by seconds: the 100 ms timeout fires first.
  await attempt(() => client.files.list({ timeout: 100 }));
  // The caller gives up after 100 ms.
  await attempt(() => client.files.list({ signal: AbortSignal.timeout(100) }));
  // A 500 asking for a 30 s pause: the abort comes during that pause.
  await attempt(() => client.files.list({ maxRetries: 2, signal: AbortSignal.timeout(100) }));

  process.stdout.write(`${JSON.stringify({ names, lastCallEndedAt: Date.now() })}\n`);
}
