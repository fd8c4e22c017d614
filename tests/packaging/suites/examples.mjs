// The examples/ users copy, installed and run as their comments say, against
// the mock: so an example that stops working fails the build.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from '../harness/browser.mjs';
import { consumer, mockEnv } from '../harness/consumer.mjs';
import { API_KEY, calls } from '../harness/expect.mjs';
import { onFreePorts, run, startServer } from '../harness/processes.mjs';
import { timed } from '../harness/timings.mjs';
import { getJson, nextServer, withServerLog, wranglerDev } from './servers.mjs';

const seededNames = (mock) => mock.store.list().map((file) => file.filename);

describe('example node: upload, extracted text, list, delete', () => {
  const state = consumer('node', 'examples');

  test('prints the upload\'s text and the files, and deletes the upload', async () => {
    state.mock.fresh();
    fs.writeFileSync(path.join(state.dir, 'notes.txt'), 'Notes from the example.');
    const { stdout } = await timed(state.name, 'run', () =>
      run('node', ['files.mjs', 'notes.txt'], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], 'Notes from the example.');
    // `<id>  <status>  <filename>`; a name may hold spaces.
    const listed = lines.slice(1).map((line) => line.match(/^\S+\s+\S+\s+(.*)$/)[1]);
    assert.deepEqual(listed, [...seededNames(state.mock), 'notes.txt']);
    // Deleted again at the end: the account is as before.
    assert.ok(!seededNames(state.mock).includes('notes.txt'));
    assert.ok(calls(state.mock).includes('POST /v1/files valid 200'));
    assert.match(calls(state.mock).at(-1), /^DELETE \/v1\/files\/[a-z0-9]{20} valid 200$/);
  });

  test('a wrong key: says so and exits 1 (an AuthenticationError)', async () => {
    fs.writeFileSync(path.join(state.dir, 'notes.txt'), 'Notes from the example.');
    const failed = await run('node', ['files.mjs', 'notes.txt'], {
      cwd: state.dir,
      env: { ...mockEnv(state.mock), MOONSHOT_API_KEY: 'sk-wrong-key' },
    }).then(
      () => assert.fail('the example exited 0 with a wrong key'),
      (err) => err,
    );
    assert.match(failed.message, /exited with 1/);
    assert.match(failed.message, /Moonshot refused the key: check MOONSHOT_API_KEY/);
  });
});

describe('example nextjs: a route handler that lists and uploads', () => {
  const state = consumer('nextjs', 'examples');
  const started = nextServer(state);

  after(async () => (await started.settled())?.stop());

  test('GET /api/files lists the files', async () => {
    const server = await started();
    state.mock.fresh();
    await withServerLog(server, 'next start', async () => {
      const files = await timed(state.name, 'run', () => getJson(`${server.url}/api/files`));
      assert.deepEqual(files, state.mock.store.list());
    });
  });

  test('POST /api/files uploads the form\'s file', async () => {
    const server = await started();
    state.mock.fresh();
    await withServerLog(server, 'next start', async () => {
      const form = new FormData();
      form.set('file', new Blob(['hello']), 'hello.txt');
      const response = await timed(state.name, 'run', () => fetch(`${server.url}/api/files`, { method: 'POST', body: form }));
      const body = await response.text();
      assert.equal(response.status, 200, body);
      const uploaded = JSON.parse(body);
      assert.deepEqual(uploaded, state.mock.store.get(uploaded.id)?.file);
      assert.equal(uploaded.filename, 'hello.txt');
      assert.equal(uploaded.bytes, 5);
    });
  });
});

describe('example cloudflare-worker: a Worker that lists the files', () => {
  const state = consumer('cloudflare-worker', 'examples');

  test('GET / gives each file\'s id, name and status', async () => {
    const server = await wranglerDev(state);
    try {
      state.mock.fresh();
      await withServerLog(server, 'wrangler dev', async () => {
        const files = await timed(state.name, 'run', () => getJson(server.url));
        assert.deepEqual(files, state.mock.store.list().map(({ id, filename, status }) => ({ id, filename, status })));
      });
    } finally {
      await server.stop();
    }
  });
});

/** A raw request to the proxy, with headers fetch() would not let us set (Host). */
function rawRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('example browser-proxy: a page with no key, a ~40-line server that holds it', () => {
  const state = consumer('browser-proxy', 'examples');

  async function startProxy(apiKey) {
    return timed(state.name, 'run', () =>
      onFreePorts(1, ([port]) =>
        startServer('npm', ['run', '--silent', 'start'], {
          cwd: state.dir,
          env: { ...mockEnv(state.mock), MOONSHOT_API_KEY: apiKey, PORT: String(port) },
          url: `http://127.0.0.1:${port}`,
        }),
      ),
    );
  }

  test('the page lists the files and uploads one; the key is added by the server only', async () => {
    state.mock.fresh();
    const server = await startProxy(API_KEY);
    const context = await (await chromium()).newContext();
    try {
      const page = await context.newPage();
      const sentKeys = [];
      page.on('request', (request) => {
        if (request.url().includes('/v1/files')) sentKeys.push(request.headers().authorization);
      });
      await withServerLog(server, 'server.mjs', async () => {
        await page.goto(`${server.url}/`);
        const names = seededNames(state.mock);
        await page.locator('#files li').nth(names.length - 1).waitFor();
        assert.deepEqual(await page.locator('#files li').allTextContents(), names);

        await page.setInputFiles('#upload', { name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
        await page.locator('#status', { hasText: 'Uploaded hello.txt.' }).waitFor();
        await page.locator('#files li', { hasText: 'hello.txt' }).waitFor();
        const stored = state.mock.store.list().find((file) => file.filename === 'hello.txt');
        assert.equal(stored?.bytes, 5);
      });
      assert.ok(sentKeys.length >= 3, `the page made ${sentKeys.length} calls`);
      assert.deepEqual(sentKeys.filter(Boolean), [], 'the page sent an Authorization header of its own');
      assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200', 'POST /v1/files valid 200', 'GET /v1/files valid 200']);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test('a wrong key on the server: the page shows the AuthenticationError', async () => {
    state.mock.fresh();
    const server = await startProxy('sk-wrong-key');
    const context = await (await chromium()).newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await withServerLog(server, 'server.mjs', () =>
        page.locator('#status', { hasText: 'Moonshot refused the server’s API key.' }).waitFor({ timeout: 30_000 }),
      );
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test('the server forwards only /v1/files, only under its own host name, and no cross-site form posts', async () => {
    state.mock.fresh();
    const server = await startProxy(API_KEY);
    try {
      const { host } = new URL(server.url);
      assert.equal(await rawRequest(`${server.url}/v1/files`), 200);
      // A page of another site whose name was made to resolve here.
      assert.equal(await rawRequest(`${server.url}/v1/files`, { headers: { host: `evil.example:${new URL(server.url).port}` } }), 403);
      // A form of another site posting to the proxy.
      const post = { method: 'POST', headers: { host, origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' };
      assert.equal(await rawRequest(`${server.url}/v1/files`, post), 403);
      // Other API paths are not forwarded, even spelt with dot segments.
      const json = { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: '{}' };
      assert.equal(await rawRequest(`${server.url}/v1/chat/completions`, json), 404);
      assert.equal(await rawRequest(`${server.url}/v1/files/%2e%2e/chat/completions`, json), 404);
      assert.equal(await rawRequest(`${server.url}/v1/models`), 404);
      assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200']);
    } finally {
      await server.stop();
    }
  });
});
