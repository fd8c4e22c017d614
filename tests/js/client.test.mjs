// The built package (pkg/) in Node, against the mock: what a user of
// `import { Moonshot } from 'moonshot-files'` sees.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import * as esm from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { closedPort, waitUntil } from '../support/helpers.mjs';

const { Moonshot, MoonshotError, APIError, AuthenticationError, InternalServerError, InvalidResponseError, ConnectionError, InvalidArgumentError, BadRequestError } = esm;
const KEY = 'sk-mock-key';

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'sample' });
});
after(() => mock.close());

const client = (options = {}) => new Moonshot({ apiKey: KEY, baseURL: mock.url, ...options });

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to throw');
}

describe('files.list()', () => {
  it('returns plain objects with the wire field names', async () => {
    const page = await client().files.list();
    assert.equal(page.object, 'list');
    assert.equal(page.data.length, mock.store.size);
    assert.equal(Object.getPrototypeOf(page), Object.prototype);
    assert.equal(Object.getPrototypeOf(page.data[0]), Object.prototype);
    const report = page.data.find((f) => f.filename === 'quarterly-report-2026.pdf');
    assert.deepEqual(Object.keys(report).sort(), ['bytes', 'created_at', 'filename', 'id', 'object', 'purpose', 'status']);
    assert.equal(typeof report.bytes, 'number');
    assert.equal(typeof report.created_at, 'number');
    // Spreadable, serialisable, cloneable: no wasm handles inside.
    assert.deepEqual({ ...report }, report);
    assert.deepEqual(JSON.parse(JSON.stringify(page)), page);
    assert.deepEqual(structuredClone(page), page);
    assert.deepEqual(page.data.map((f) => f.filename), mock.store.list().map((f) => f.filename));
  });

  it('keeps unknown fields and unknown purpose and status values', async () => {
    mock.inject({
      path: '/v1/files',
      json: {
        object: 'list',
        has_more: false,
        data: [{ id: 'file-x', object: 'file', bytes: 1, created_at: 2, filename: 'a.wav', purpose: 'audio', status: 'queued', color: { r: 1 } }],
      },
    });
    const page = await client().files.list();
    assert.equal(page.has_more, false);
    assert.deepEqual(page.data[0].color, { r: 1 });
    assert.equal(page.data[0].purpose, 'audio');
    assert.equal(page.data[0].status, 'queued');
  });

  it('reads the key and base URL from the environment when not given', async () => {
    process.env.MOONSHOT_API_KEY = KEY;
    process.env.MOONSHOT_BASE_URL = mock.url;
    try {
      const page = await new Moonshot().files.list();
      assert.equal(page.object, 'list');
      process.env.MOONSHOT_API_KEY = 'sk-wrong-from-env';
      assert.ok((await rejection(new Moonshot().files.list())) instanceof AuthenticationError);
    } finally {
      delete process.env.MOONSHOT_API_KEY;
      delete process.env.MOONSHOT_BASE_URL;
    }
  });

  it('serves concurrent calls on one client', async () => {
    const c = client();
    // Held until the twentieth has come: all twenty are in flight at once on the one client.
    mock.clearRequests();
    mock.inject({ method: 'GET', path: '/v1/files', together: true, times: 20 });
    const calls = Promise.all(Array.from({ length: 20 }, () => c.files.list()));
    calls.catch(() => {}); // had fewer come, they stay held until the mock closes; the wait below fails first
    await waitUntil(() => mock.requests().length === 20, 'twenty calls at the service at once');
    const pages = await calls;
    assert.ok(pages.every((p) => p.data.length === mock.store.size));
    assert.equal(Math.max(...mock.requests().map((entry) => entry.inFlight)), 20);
  });
});

describe('errors', () => {
  it('a wrong key is an AuthenticationError carrying the answer', async () => {
    const err = await rejection(client({ apiKey: 'sk-secret-wrong-key' }).files.list());
    assert.ok(err instanceof AuthenticationError);
    assert.ok(err instanceof APIError);
    assert.ok(err instanceof MoonshotError);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'AuthenticationError');
    assert.equal(err.status, 401);
    assert.equal(err.type, 'invalid_authentication_error');
    assert.match(err.message, /Invalid Authentication/);
    assert.match(err.requestId, /\S/);
    const seen = mock.requests().at(-1);
    assert.equal(err.requestId, seen.requestId);
    for (const form of [err.message, String(err), JSON.stringify(err), err.stack]) {
      assert.ok(!form.includes('sk-secret-wrong-key'), form);
    }
  });

  it('a 500 is an InternalServerError with the body\'s type and message', async () => {
    mock.inject({ path: '/v1/files', status: 500, json: { error: { message: 'engine on fire', type: 'server_error', code: 'e42' } } });
    const err = await rejection(client({ maxRetries: 0 }).files.list());
    assert.ok(err instanceof InternalServerError);
    assert.equal(err.status, 500);
    assert.equal(err.type, 'server_error');
    assert.equal(err.code, 'e42');
    assert.match(err.message, /engine on fire/);
  });

  it('an HTML 502 from a gateway is still a clear InternalServerError', async () => {
    mock.inject({ path: '/v1/files', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } });
    const err = await rejection(client().files.list({ maxRetries: 0 }));
    assert.ok(err instanceof InternalServerError);
    assert.equal(err.status, 502);
    assert.equal(err.type, undefined);
    assert.match(err.message, /502 Bad Gateway/);
  });

  it('a 400 is a BadRequestError', async () => {
    mock.inject({ path: '/v1/files', status: 400 });
    assert.ok((await rejection(client().files.list())) instanceof BadRequestError);
  });

  it('a malformed body is an InvalidResponseError naming the path', async () => {
    const file = { id: 'f', object: 'file', bytes: 1, created_at: 1, filename: 'a', purpose: 'image', status: 'ready' };
    mock.inject({ path: '/v1/files', json: { object: 'list', data: [file, file, file, { ...file, bytes: '12' }] } });
    const err = await rejection(client().files.list());
    assert.ok(err instanceof InvalidResponseError);
    assert.ok(err instanceof MoonshotError);
    assert.equal(err.path, 'data[3].bytes');
    assert.equal(err.status, 200);
    assert.match(err.message, /data\[3\]\.bytes: expected an integer, got a string/);
  });

  it('a body that is not JSON is an InvalidResponseError', async () => {
    mock.inject({ path: '/v1/files', status: 200, body: '<html>maintenance</html>' });
    const err = await rejection(client().files.list());
    assert.ok(err instanceof InvalidResponseError);
    assert.equal(err.path, '');
  });

  it('no server is a ConnectionError', async () => {
    const err = await rejection(new Moonshot({ apiKey: KEY, baseURL: `http://127.0.0.1:${await closedPort()}/v1` }).files.list());
    assert.ok(err instanceof ConnectionError);
    assert.match(err.message, /ECONNREFUSED|fetch failed/);
  });

  it('bad options are an InvalidArgumentError at construction', () => {
    for (const options of [
      { apiKey: KEY, baseURL: 'http://api.moonshot.cn/v1' },
      { apiKey: KEY, baseURL: 'not a url' },
      { apiKey: '' },
      { apiKey: 42 },
    ]) {
      assert.throws(() => new Moonshot(options), InvalidArgumentError, JSON.stringify(options));
    }
  });

  it('require() and import share one set of classes', () => {
    const cjs = createRequire(import.meta.url)('../../pkg/index.cjs');
    assert.equal(cjs.Moonshot, Moonshot);
    assert.equal(cjs.AuthenticationError, AuthenticationError);
    assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
  });
});
