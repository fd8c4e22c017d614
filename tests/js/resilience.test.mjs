// The retry, timeout and abort rules of the built package (pkg/index.mjs), one test
// per rule, each against the mock's faults. Every test fails if its rule is
// removed, and ends by checking that the same client still works. Every error
// is checked for the API key, which must never appear in it.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  Moonshot,
  MoonshotError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  QuotaExceededError,
  InternalServerError,
  InvalidResponseError,
  ConnectionError,
  TimeoutError,
  AbortError,
  InvalidArgumentError,
} from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { assertNoSecret, closedPort, listen, runNodeChild, timed } from '../support/helpers.mjs';

// A key distinctive enough to be found if it leaks into an error.
const KEY = 'sk-resilience-SECRET-7d3f0a9c';
const SAMPLE_FILES = 9;

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'sample', apiKey: KEY });
});
after(() => mock.close());
beforeEach(() => {
  mock.reset();
  mock.clearRequests();
});

const client = (options = {}) => new Moonshot({ apiKey: KEY, baseURL: mock.url, ...options });
const upload = (c, options) => c.files.create({ file: new Blob(['hello']), filename: 'up.txt', purpose: 'file-extract' }, options);
const requests = () => mock.requests();
const gaps = (log) => log.slice(1).map((entry, i) => entry.receivedAt - log[i].receivedAt);

/** The call's error: of `Class`, a MoonshotError, and free of the key. */
async function failure(promise, Class) {
  const { error, ms } = await timed(promise);
  assert.ok(error, 'expected the call to throw');
  assert.ok(error instanceof Class, `expected ${Class.name}, got ${error.name}: ${error.message}`);
  assert.ok(error instanceof MoonshotError);
  assert.ok(error instanceof Error);
  assertNoSecret(error, KEY);
  error.ms = ms;
  return error;
}

/** After a failure, an ordinary call on the same client works. */
async function recovers(c) {
  const page = await c.files.list();
  assert.equal(page.data.length, mock.store.size);
}

describe('retries of reads and deletes', () => {
  it('a 500 is retried, and the retry succeeds', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', status: 500 });
    const page = await c.files.list();
    assert.equal(page.data.length, SAMPLE_FILES);
    const log = requests();
    assert.equal(log.length, 2);
    assert.deepEqual(log.map((r) => [r.fault, r.status]), [[true, 500], [false, 200]]);
    await recovers(c);
  });

  it('retries wait about 0.5 s then 1 s (jitter: up to 25 % less), then the error has attempts 3', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', status: 500, times: 3 });
    const err = await failure(c.files.list(), InternalServerError);
    assert.equal(err.status, 500);
    assert.equal(err.type, 'server_error');
    assert.equal(err.attempts, 3);
    assert.equal(requests().length, 3);
    const [first, second] = gaps(requests());
    assert.ok(first >= 360 && first < 800, `first wait ${first} ms`);
    assert.ok(second >= 730 && second < 1300, `second wait ${second} ms`);
    await recovers(c);
  });

  it('maxRetries of the client, and of one call, which wins', async () => {
    const fast = { path: '/v1/files', status: 500, headers: { 'retry-after-ms': '0' } };

    const none = client({ maxRetries: 0 });
    mock.inject(fast);
    assert.equal((await failure(none.files.list(), InternalServerError)).attempts, 1);
    assert.equal(requests().length, 1);
    await recovers(none);

    mock.clearRequests();
    const one = client({ maxRetries: 1 });
    mock.inject({ ...fast, times: 2 });
    assert.equal((await failure(one.files.list(), InternalServerError)).attempts, 2);
    assert.equal(requests().length, 2);

    mock.clearRequests();
    const c = client();
    mock.inject(fast);
    assert.equal((await failure(c.files.list({ maxRetries: 0 }), InternalServerError)).attempts, 1);
    assert.equal(requests().length, 1);

    mock.clearRequests();
    mock.inject({ ...fast, times: 4 });
    const page = await none.files.list({ maxRetries: 4 });
    assert.equal(page.data.length, SAMPLE_FILES);
    assert.equal(requests().length, 5, 'the call\'s 4 retries beat the client\'s 0');
    await recovers(none);
  });

  it('408, 409, 429 and every 5xx are retried', async () => {
    const c = client();
    for (const status of [408, 409, 429, 500, 502, 503, 504]) {
      mock.clearRequests();
      mock.inject({ path: '/v1/files', status, headers: { 'retry-after-ms': '0' } });
      const page = await c.files.list();
      assert.equal(page.data.length, SAMPLE_FILES);
      assert.deepEqual(requests().map((r) => r.status), [status, 200], `${status}`);
    }
  });

  it('400, 401, 403, 404 and 422 are not retried', async () => {
    const c = client();
    const cases = [
      [400, BadRequestError],
      [401, AuthenticationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [422, APIError],
    ];
    for (const [status, Class] of cases) {
      mock.clearRequests();
      mock.inject({ path: '/v1/files', status, headers: { 'retry-after-ms': '0' } });
      const err = await failure(c.files.list(), Class);
      assert.equal(err.status, status);
      assert.equal(err.attempts, 1);
      assert.equal(requests().length, 1, `${status} was sent once`);
    }
    await recovers(c);
  });

  it('a spent quota (429 exceeded_current_quota_error) is not retried', async () => {
    const c = client();
    const quota = { error: { message: 'Your account is suspended: out of balance', type: 'exceeded_current_quota_error' } };
    mock.inject({ path: '/v1/files', status: 429, json: quota, headers: { 'retry-after-ms': '0' } });
    const err = await failure(c.files.list(), QuotaExceededError);
    assert.ok(err instanceof APIError);
    assert.ok(!(err instanceof RateLimitError), 'a quota error is no rate limit');
    assert.equal(err.status, 429);
    assert.equal(err.type, 'exceeded_current_quota_error');
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);

    // The same type on a 5xx is no more worth retrying.
    mock.clearRequests();
    mock.inject({ path: '/v1/files', status: 500, json: quota, headers: { 'retry-after-ms': '0' } });
    assert.equal((await failure(c.files.list(), QuotaExceededError)).attempts, 1);
    assert.equal(requests().length, 1);
    await recovers(c);
  });

  it('an engine_overloaded_error 429 is retried', async () => {
    const c = client();
    const overloaded = { error: { message: 'overloaded', type: 'engine_overloaded_error' } };
    mock.inject({ path: '/v1/files', status: 429, json: overloaded, headers: { 'retry-after-ms': '0' } });
    await c.files.list();
    assert.equal(requests().length, 2);
  });
});

describe('Retry-After', () => {
  it('Retry-After: 1 makes the retry wait a second (not the 0.5 s backoff)', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', status: 429, headers: { 'retry-after': '1' } });
    await c.files.list();
    const [wait] = gaps(requests());
    assert.equal(requests().length, 2);
    assert.ok(wait >= 980 && wait < 1500, `waited ${wait} ms`);
    await recovers(c);
  });

  it('Retry-After as an HTTP date', async () => {
    const c = client();
    // Whole seconds: the date is 1-2 s from now, well past the 0.5 s backoff.
    const at = new Date(Date.now() + 2000).toUTCString();
    mock.inject({ path: '/v1/files', status: 503, headers: { 'retry-after': at } });
    await c.files.list();
    const [wait] = gaps(requests());
    assert.ok(wait >= 900 && wait < 2300, `waited ${wait} ms for ${at}`);
  });

  it('retry-after-ms is preferred to Retry-After', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', status: 429, headers: { 'retry-after-ms': '50', 'retry-after': '2' } });
    await c.files.list();
    const [wait] = gaps(requests());
    assert.ok(wait >= 45 && wait < 350, `waited ${wait} ms, not 2 s nor the 0.5 s backoff`);
  });

  it('past 120 s the error comes at once, without a retry', async () => {
    const c = client();
    for (const headers of [{ 'retry-after': '121' }, { 'retry-after-ms': '120001' }]) {
      mock.clearRequests();
      mock.inject({ path: '/v1/files', status: 429, headers });
      const err = await failure(c.files.list(), RateLimitError);
      assert.equal(err.status, 429);
      assert.equal(err.attempts, 1);
      assert.ok(err.ms < 300, `${JSON.stringify(headers)}: ${err.ms.toFixed(0)} ms`);
      assert.equal(requests().length, 1);
    }
    await recovers(c);
  });

  it('an HTML 503 with Retry-After: 0, then a success', async () => {
    const c = client();
    mock.inject({
      path: '/v1/files',
      status: 503,
      body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
      headers: { 'content-type': 'text/html', 'retry-after': '0' },
    });
    const { value, ms } = await timed(c.files.list());
    assert.equal(value.data.length, SAMPLE_FILES);
    assert.deepEqual(requests().map((r) => r.status), [503, 200]);
    assert.ok(ms < 300, `retried at once (${ms.toFixed(0)} ms)`);
  });
});

describe('uploads are retried only when the file cannot have been taken', () => {
  for (const status of [500, 502]) {
    it(`not on a ${status}`, async () => {
      const c = client();
      mock.inject({ method: 'POST', path: '/v1/files', status, headers: { 'retry-after-ms': '0' } });
      const err = await failure(upload(c), InternalServerError);
      assert.equal(err.status, status);
      assert.equal(err.attempts, 1);
      assert.equal(requests().length, 1);
      assert.equal(mock.store.size, SAMPLE_FILES);
      await recovers(c);
    });
  }

  it('not when the answer breaks off mid-body (the file was stored once)', async () => {
    const c = client();
    mock.inject({ method: 'POST', path: '/v1/files', action: 'drop-mid-body' });
    const err = await failure(upload(c), ConnectionError);
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);
    assert.equal(mock.store.size, SAMPLE_FILES + 1, 'one file, no duplicate');
    await recovers(c);
  });

  it('not on a timeout', async () => {
    const c = client();
    mock.inject({ method: 'POST', path: '/v1/files', status: 200, json: {}, delayMs: 1000 });
    const err = await failure(upload(c, { timeout: 100 }), TimeoutError);
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);
  });

  for (const status of [429, 503]) {
    it(`on a ${status}: two requests, one file`, async () => {
      const c = client();
      mock.inject({ method: 'POST', path: '/v1/files', status, headers: { 'retry-after-ms': '0' } });
      const file = await upload(c);
      assert.equal(file.filename, 'up.txt');
      assert.deepEqual(requests().map((r) => [r.method, r.status]), [['POST', status], ['POST', 200]]);
      assert.equal(mock.store.size, SAMPLE_FILES + 1);
      assert.deepEqual(mock.store.list().at(-1), file);
    });
  }
});

describe('connection failures', () => {
  it('a refused connection is retried, for reads and uploads', async () => {
    const port = await closedPort();
    const c = new Moonshot({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}/v1` });
    const [list, created] = await Promise.all([
      failure(c.files.list(), ConnectionError),
      failure(upload(c, { maxRetries: 1 }), ConnectionError),
    ]);
    assert.match(list.message, /ECONNREFUSED/);
    assert.equal(list.attempts, 3);
    assert.ok(list.ms >= 1000, `two backoffs (${list.ms.toFixed(0)} ms)`);
    assert.equal(created.attempts, 2, 'nothing reached a server: an upload may be sent again');
    assert.equal(list.status, undefined);
  });

  it('a connection dropped before the headers is retried...', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', action: 'drop-before-headers' });
    const page = await c.files.list();
    assert.equal(page.data.length, SAMPLE_FILES);
    assert.deepEqual(requests().map((r) => r.status), [null, 200]);
  });

  it('...and always dropped, it is a ConnectionError after 3 attempts', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', action: 'drop-before-headers', times: 3 });
    const err = await failure(c.files.list(), ConnectionError);
    assert.equal(err.attempts, 3);
    assert.equal(requests().length, 3);
    await recovers(c);
  });

  it('an upload whose connection drops is not retried (it may have been taken)', async () => {
    const c = client();
    mock.inject({ method: 'POST', path: '/v1/files', action: 'drop-before-headers' });
    const err = await failure(upload(c), ConnectionError);
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);
  });

  it('a truncated JSON body is a ConnectionError (retried like one)', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', action: 'truncate' });
    const err = await failure(c.files.list({ maxRetries: 0 }), ConnectionError);
    assert.ok(!(err instanceof InvalidResponseError));
    assert.equal(err.attempts, 1);
    assert.match(err.message, /terminated|content-length/i);

    mock.clearRequests();
    mock.inject({ path: '/v1/files', action: 'truncate' });
    assert.equal((await c.files.list()).data.length, SAMPLE_FILES);
    assert.equal(requests().length, 2);
  });

  it('a redirect to another origin fails instead of being followed', async () => {
    const other = await listen((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}'));
    let redirected = 0;
    const redirector = await listen((req, res) => {
      redirected += 1;
      res.writeHead(302, { location: `${other.origin}/v1/files` }).end();
    });
    let otherHits = 0;
    other.server.on('request', () => (otherHits += 1));
    try {
      const c = new Moonshot({ apiKey: KEY, baseURL: `${redirector.origin}/v1`, maxRetries: 1 });
      const err = await failure(c.files.list(), ConnectionError);
      assert.match(err.message, /redirect/);
      assert.equal(err.attempts, redirected);
      assert.equal(otherHits, 0, 'the other origin received nothing (and so never saw the key)');
    } finally {
      await redirector.close();
      await other.close();
    }
  });
});

describe('timeouts', () => {
  it('an answer slower than timeout is a TimeoutError, retried: 3 attempts', async () => {
    const c = client({ timeout: 100 });
    mock.inject({ path: '/v1/files', delayMs: 1500, times: 3 });
    const err = await failure(c.files.list(), TimeoutError);
    assert.ok(!(err instanceof AbortError) && !(err instanceof ConnectionError));
    assert.equal(err.attempts, 3);
    assert.match(err.message, /timed out after 100 ms/);
    assert.equal(requests().length, 3);
    assert.ok(err.ms < 2000, `${err.ms.toFixed(0)} ms`);
    await recovers(c);
  });

  it('the call\'s timeout replaces the client\'s', async () => {
    const c = client({ timeout: 100, maxRetries: 0 });
    mock.inject({ path: '/v1/files', delayMs: 300 });
    assert.equal((await c.files.list({ timeout: 2000 })).data.length, SAMPLE_FILES);

    mock.inject({ path: '/v1/files', delayMs: 1000 });
    const err = await failure(client().files.list({ timeout: 100, maxRetries: 0 }), TimeoutError);
    assert.ok(err.ms >= 90 && err.ms < 500, `${err.ms.toFixed(0)} ms`);
  });

  it('a body dripping slower than the timeout is a TimeoutError', async () => {
    const c = client({ maxRetries: 0 });
    // ~2.3 KB in 16-byte drops every 100 ms: the headers come at once, the body
    // would take ~14 s.
    mock.inject({ path: '/v1/files', action: 'drip', dripBytes: 16, dripMs: 100 });
    const err = await failure(c.files.list({ timeout: 300 }), TimeoutError);
    assert.ok(err.ms >= 280 && err.ms < 800, `${err.ms.toFixed(0)} ms`);

    // The same drip fast enough is no error.
    mock.inject({ path: '/v1/files', action: 'drip', dripBytes: 1024, dripMs: 50 });
    assert.equal((await c.files.list({ timeout: 1000 })).data.length, SAMPLE_FILES);
  });
});

describe('abort signals', () => {
  it('aborting mid-request is an AbortError at once, not a TimeoutError', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const err = await failure(c.files.list({ signal: controller.signal }), AbortError);
    assert.ok(!(err instanceof TimeoutError));
    assert.equal(err.attempts, 1);
    assert.ok(err.ms >= 130 && err.ms < 500, `${err.ms.toFixed(0)} ms, not the 2 s delay`);
    assert.equal(requests().length, 1, 'an abort is not retried');

    // The caller's AbortSignal.timeout() is the caller's abort, not the package's timeout.
    mock.inject({ path: '/v1/files', delayMs: 2000 });
    await failure(c.files.list({ signal: AbortSignal.timeout(100) }), AbortError);
    await recovers(c);
  });

  it('aborting during the wait before a retry ends the call then', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', status: 500, headers: { 'retry-after': '2' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const err = await failure(c.files.list({ signal: controller.signal }), AbortError);
    assert.ok(err.ms >= 180 && err.ms < 600, `${err.ms.toFixed(0)} ms, not the 2 s pause`);
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(requests().length, 1, 'no retry went out after the abort');
    await recovers(c);
  });

  it('an already-aborted signal is an AbortError, and nothing is sent', async () => {
    const c = client();
    for (const call of [() => c.files.list({ signal: AbortSignal.abort() }), () => upload(c, { signal: AbortSignal.abort() })]) {
      mock.clearRequests();
      const err = await failure(call(), AbortError);
      assert.equal(err.attempts, 0);
      assert.ok(err.ms < 100);
      assert.equal(requests().length, 0);
    }
    await recovers(c);
  });

  it('after timeouts and aborts nothing keeps a process alive', async () => {
    mock.inject([
      { path: '/v1/files', delayMs: 10_000 },
      { path: '/v1/files', delayMs: 10_000 },
      { path: '/v1/files', status: 500, headers: { 'retry-after': '30' } },
    ]);
    const { code, stdout, stderr, exitedAt } = await runNodeChild('./exit-child.mjs', [mock.url], { apiKey: KEY, timeoutMs: 20_000 });
    assert.equal(code, 0, stderr);
    const { names, lastCallEndedAt } = JSON.parse(stdout);
    assert.deepEqual(names, ['TimeoutError', 'AbortError', 'AbortError']);
    const lingered = exitedAt - lastCallEndedAt;
    // A socket or timer left behind would hold it for 10 s (the delays) or
    // 30 s (the retry pause); a loaded machine may take a moment to exit.
    assert.ok(lingered < 3000, `the process ended ${lingered} ms after its last call`);
    assert.equal(requests().length, 3);
  });
});

describe('the API key', () => {
  it('never appears in an error', async () => {
    const wrong = 'sk-WRONG-but-still-secret-1f2e3d';
    const err = await failure(new Moonshot({ apiKey: wrong, baseURL: mock.url }).files.list(), AuthenticationError);
    assertNoSecret(err, wrong);
    for (const bad of [`sk-${KEY}\n`, `${KEY}\u0000x`]) {
      let thrown;
      try {
        new Moonshot({ apiKey: bad, baseURL: mock.url });
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof InvalidArgumentError, `${JSON.stringify(bad)}: ${thrown?.name}`);
      assertNoSecret(thrown, KEY);
    }
    // Every other error of this suite went through failure(), which checks it too.
  });
});
