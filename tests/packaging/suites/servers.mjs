// Consumers that are servers: a Next.js app (Node and Edge runtimes) and a
// Cloudflare Worker, each holding the key in its own environment.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readPageText } from '../harness/browser.mjs';
import { build, consumer, mockEnv, once } from '../harness/consumer.mjs';
import { API_KEY, assertProbe } from '../harness/expect.mjs';
import { onFreePorts, startServer } from '../harness/processes.mjs';
import { timed } from '../harness/timings.mjs';

/** GETs `url`; its JSON body if it answered 200, else an error with the body. */
export async function getJson(url) {
  const response = await fetch(url);
  const body = await response.text();
  assert.equal(response.status, 200, `${url}: HTTP ${response.status} ${body}`);
  return JSON.parse(body);
}

/** `next build`, then `next start` on loopback with the mock in its environment. */
export function nextServer(state) {
  return once(async () => {
    await build(state, 'build');
    return timed(state.name, 'run', () =>
      onFreePorts(1, ([port]) =>
        startServer('npm', ['run', '--silent', 'start', '--', '-H', '127.0.0.1', '-p', String(port)], {
          cwd: state.dir,
          env: mockEnv(state.mock),
          url: `http://127.0.0.1:${port}`,
          // A path of no page: asking for one would run its calls to the mock.
          readyUrl: `http://127.0.0.1:${port}/ready-check`,
        }),
      ),
    );
  });
}

/** `wrangler dev` on loopback, the mock's key and URL in .dev.vars, where it takes secrets from. */
export async function wranglerDev(state, script = 'dev') {
  fs.writeFileSync(path.join(state.dir, '.dev.vars'), `MOONSHOT_API_KEY=${API_KEY}\nMOONSHOT_BASE_URL=${state.mock.url}\n`);
  return timed(state.name, 'build', () =>
    onFreePorts(2, ([port, inspectorPort]) => {
      const args = ['--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)];
      return startServer('npm', ['run', '--silent', script, '--', ...args], { cwd: state.dir, url: `http://127.0.0.1:${port}` });
    }),
  );
}

/** Runs `check` against a server; on failure, adds what the server logged. */
export async function withServerLog(server, label, check) {
  try {
    return await check();
  } catch (err) {
    err.message += `\n--- ${label}'s output\n${server.output()}`;
    throw err;
  }
}

describe('nextjs 16, App Router: next build, next start, the key in the server environment', () => {
  const state = consumer('nextjs');
  // Built and started once, by the first test that needs it: a failed build
  // fails each test with the build's own words.
  const started = nextServer(state);

  after(async () => (await started.settled())?.stop());

  async function probeThroughServer(read) {
    const server = await started();
    state.mock.fresh();
    await withServerLog(server, 'next start', async () =>
      assertProbe(await timed(state.name, 'run', () => read(server.url)), state.mock),
    );
  }

  test('a route handler on the Node runtime', () => probeThroughServer((origin) => getJson(`${origin}/api/node`)));

  test('a server component', () =>
    probeThroughServer(async (origin) => JSON.parse(await readPageText(`${origin}/`, '#probe'))));

  test('a server action, called from a client component', () =>
    probeThroughServer(async (origin) => JSON.parse(await readPageText(`${origin}/action`, '#probe', { click: '#run' }))));

  test('a route handler on the Edge runtime', () => probeThroughServer((origin) => getJson(`${origin}/api/edge`)));
});

describe('cloudflare workers: wrangler dev --local, the key in the Worker environment (.dev.vars)', () => {
  const state = consumer('cloudflare-workers');

  test('the Worker lists, uploads, catches a 401', async () => {
    const server = await wranglerDev(state);
    try {
      state.mock.fresh();
      await withServerLog(server, 'wrangler dev', async () =>
        assertProbe(await timed(state.name, 'run', () => getJson(server.url)), state.mock),
      );
    } finally {
      await server.stop();
    }
  });
});
