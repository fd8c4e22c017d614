// The retry, timeout and abort rules of the built package (pkg/index.mjs), one test
// per rule, each against the mock's faults. Every test fails if its rule is
// removed, and ends by checking that the same client still works. Every error
// is checked for the API key, which must never appear in it.
//
// No check is a ceiling on time, which a busy machine would break: the waits
// are the pauses the client asked for (tests/support/pauses.mjs), checked
// exactly, with lower bounds showing they were sat out; "at once" is the order
// of events (the call ended while the answer or the pause was still pending).
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
import { assertNoSecret, assertPauses, atLeast, closedPort, listen, runNodeChild, timed, waitUntil } from '../support/helpers.mjs';

// A key distinctive enough to be found if it leaks into an error.
const KEY = 'sk-resilience-SECRET-7d3f0a9c';
const SAMPLE_FILES = 9;
// The backoff before the first and the second retry: 500 ms and 1 s, each
// shortened by up to a quarter at random.
const FIRST_BACKOFF = [375, 500];
const SECOND_BACKOFF = [750, 1000];
// How long the mock holds an answer that must never come in time: far past
// any timeout or abort these tests wait for.
const HELD_MS = 10_000;

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

/**
 * The error of `call()`: of `Class`, a MoonshotError, and free of the key;
 * with the call's `ms` and `pauses` (timed(), which `onPause` is for).
 */
async function failure(call, Class, { onPause } = {}) {
  const { error, ms, pauses } = await timed(call, { onPause });
  assert.ok(error, 'expected the call to throw');
  assert.ok(error instanceof Class, `expected ${Class.name}, got ${error.name}: ${error.message}`);
  assert.ok(error instanceof MoonshotError);
  assert.ok(error instanceof Error);
  assertNoSecret(error, KEY);
  return Object.assign(error, { ms, pauses });
}

/** The pauses asked for were sat out: each retry came no earlier than its pause after the request before. */
function assertRetriesWaited(pauses, log) {
  assert.equal(log.length, pauses.length + 1, 'a request, then one after each pause');
  gaps(log).forEach((gap, i) => atLeast(gap, pauses[i].ms, `gap before request ${i + 2}`));
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
    const err = await failure(() => c.files.list(), InternalServerError);
    assert.equal(err.status, 500);
    assert.equal(err.type, 'server_error');
    assert.equal(err.attempts, 3);
    assert.equal(requests().length, 3);
    assertPauses(err.pauses, [FIRST_BACKOFF, SECOND_BACKOFF]);
    assertRetriesWaited(err.pauses, requests());
    await recovers(c);
  });

  it('maxRetries of the client, and of one call, which wins', async () => {
    const fast = { path: '/v1/files', status: 500, headers: { 'retry-after-ms': '0' } };

    const none = client({ maxRetries: 0 });
    mock.inject(fast);
    assert.equal((await failure(() => none.files.list(), InternalServerError)).attempts, 1);
    assert.equal(requests().length, 1);
    await recovers(none);

    mock.clearRequests();
    const one = client({ maxRetries: 1 });
    mock.inject({ ...fast, times: 2 });
    assert.equal((await failure(() => one.files.list(), InternalServerError)).attempts, 2);
    assert.equal(requests().length, 2);

    mock.clearRequests();
    const c = client();
    mock.inject(fast);
    assert.equal((await failure(() => c.files.list({ maxRetries: 0 }), InternalServerError)).attempts, 1);
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
      const err = await failure(() => c.files.list(), Class);
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
    const err = await failure(() => c.files.list(), QuotaExceededError);
    assert.ok(err instanceof APIError);
    assert.ok(!(err instanceof RateLimitError), 'a quota error is no rate limit');
    assert.equal(err.status, 429);
    assert.equal(err.type, 'exceeded_current_quota_error');
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);

    // The same type on a 5xx is no more worth retrying.
    mock.clearRequests();
    mock.inject({ path: '/v1/files', status: 500, json: quota, headers: { 'retry-after-ms': '0' } });
    assert.equal((await failure(() => c.files.list(), QuotaExceededError)).attempts, 1);
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
    const { value, pauses } = await timed(() => c.files.list());
    assert.equal(value.data.length, SAMPLE_FILES);
    assertPauses(pauses, [[1000, 1000]]);
    assertRetriesWaited(pauses, requests());
    await recovers(c);
  });

  it('Retry-After as an HTTP date', async () => {
    const c = client();
    // Whole seconds: the date is 1-2 s from now, well past the 0.5 s backoff.
    const date = new Date(Date.now() + 2000).toUTCString();
    const at = Date.parse(date);
    mock.inject({ path: '/v1/files', status: 503, headers: { 'retry-after': date } });
    const { value, pauses } = await timed(() => c.files.list());
    assert.equal(value.data.length, SAMPLE_FILES);
    const [first, retry] = requests();
    // The client read its clock after the first request reached the mock and
    // before it asked for the pause: the time left until the date then lies between.
    assertPauses(pauses, [[at - pauses[0]?.at - 1, at - first.receivedAt + 1]]);
    atLeast(retry.receivedAt - at, 0, `from ${date} to the retry`);
  });

  it('retry-after-ms is preferred to Retry-After', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', status: 429, headers: { 'retry-after-ms': '50', 'retry-after': '2' } });
    const { pauses } = await timed(() => c.files.list());
    assertPauses(pauses, [[50, 50]]);
    assertRetriesWaited(pauses, requests());
  });

  it('past 120 s the error comes at once, without a retry', async () => {
    const c = client();
    for (const headers of [{ 'retry-after': '121' }, { 'retry-after-ms': '120001' }]) {
      mock.clearRequests();
      mock.inject({ path: '/v1/files', status: 429, headers });
      const err = await failure(() => c.files.list(), RateLimitError);
      assert.equal(err.status, 429);
      assert.equal(err.attempts, 1);
      assertPauses(err.pauses, []);
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
    const { value, pauses } = await timed(() => c.files.list());
    assert.equal(value.data.length, SAMPLE_FILES);
    assert.deepEqual(requests().map((r) => r.status), [503, 200]);
    assertPauses(pauses, [[0, 0]]);
  });
});

describe('uploads are retried only when the file cannot have been taken', () => {
  for (const status of [500, 502]) {
    it(`not on a ${status}`, async () => {
      const c = client();
      mock.inject({ method: 'POST', path: '/v1/files', status, headers: { 'retry-after-ms': '0' } });
      const err = await failure(() => upload(c), InternalServerError);
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
    const err = await failure(() => upload(c), ConnectionError);
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);
    assert.equal(mock.store.size, SAMPLE_FILES + 1, 'one file, no duplicate');
    await recovers(c);
  });

  it('not on a timeout', async () => {
    const c = client();
    mock.inject({ method: 'POST', path: '/v1/files', status: 200, json: {}, delayMs: HELD_MS });
    const err = await failure(() => upload(c, { timeout: 1000 }), TimeoutError);
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
    const list = await failure(() => c.files.list(), ConnectionError);
    assert.match(list.message, /ECONNREFUSED/);
    assert.equal(list.attempts, 3);
    assert.equal(list.status, undefined);
    assertPauses(list.pauses, [FIRST_BACKOFF, SECOND_BACKOFF]);
    atLeast(list.ms, list.pauses[0].ms + list.pauses[1].ms, 'the call, with its two backoffs');
    const created = await failure(() => upload(c, { maxRetries: 1 }), ConnectionError);
    assert.equal(created.attempts, 2, 'nothing reached a server: an upload may be sent again');
    assertPauses(created.pauses, [FIRST_BACKOFF]);
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
    const err = await failure(() => c.files.list(), ConnectionError);
    assert.equal(err.attempts, 3);
    assert.equal(requests().length, 3);
    await recovers(c);
  });

  it('an upload whose connection drops is not retried (it may have been taken)', async () => {
    const c = client();
    mock.inject({ method: 'POST', path: '/v1/files', action: 'drop-before-headers' });
    const err = await failure(() => upload(c), ConnectionError);
    assert.equal(err.attempts, 1);
    assert.equal(requests().length, 1);
  });

  it('a truncated JSON body is a ConnectionError (retried like one)', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', action: 'truncate' });
    const err = await failure(() => c.files.list({ maxRetries: 0 }), ConnectionError);
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
      const err = await failure(() => c.files.list(), ConnectionError);
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
    // A second: each request surely reaches the mock, which holds its answer.
    const c = client({ timeout: 1000 });
    mock.inject({ path: '/v1/files', delayMs: HELD_MS, times: 3 });
    const err = await failure(() => c.files.list(), TimeoutError);
    assert.ok(!(err instanceof AbortError) && !(err instanceof ConnectionError));
    assert.equal(err.attempts, 3);
    assert.match(err.message, /timed out after 1000 ms/);
    assert.equal(requests().length, 3);
    assertPauses(err.pauses, [FIRST_BACKOFF, SECOND_BACKOFF]);
    atLeast(err.ms, 3 * 1000 + err.pauses[0].ms + err.pauses[1].ms, 'three timed-out attempts and two backoffs');
    await recovers(c);
  });

  it('the call\'s timeout replaces the client\'s', async () => {
    // A client timeout the answer misses, a call timeout it meets.
    const c = client({ timeout: 100, maxRetries: 0 });
    mock.inject({ path: '/v1/files', delayMs: 300 });
    assert.equal((await c.files.list({ timeout: 20_000 })).data.length, SAMPLE_FILES);

    // A call timeout the answer misses, beside the default (60 s) it would meet.
    mock.inject({ path: '/v1/files', delayMs: HELD_MS });
    const err = await failure(() => client().files.list({ timeout: 100, maxRetries: 0 }), TimeoutError);
    assert.match(err.message, /timed out after 100 ms/);
    atLeast(err.ms, 100, 'the call');
  });

  it('a body dripping slower than the timeout is a TimeoutError', async () => {
    const c = client({ maxRetries: 0 });
    // ~2.3 KB in 16-byte drops every 100 ms: the headers come at once, the body
    // would take ~14 s (and then succeed, were the timeout only the headers').
    mock.inject({ path: '/v1/files', action: 'drip', dripBytes: 16, dripMs: 100 });
    const err = await failure(() => c.files.list({ timeout: 1000 }), TimeoutError);
    assert.match(err.message, /timed out after 1000 ms/);
    atLeast(err.ms, 1000, 'the call');

    // The same drip fast enough (~100 ms, far inside the timeout) is no error.
    mock.inject({ path: '/v1/files', action: 'drip', dripBytes: 1024, dripMs: 50 });
    assert.equal((await c.files.list({ timeout: 20_000 })).data.length, SAMPLE_FILES);
  });
});

describe('abort signals', () => {
  it('aborting mid-request is an AbortError at once, not a TimeoutError', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', delayMs: HELD_MS });
    const controller = new AbortController();
    const err = await failure(() => {
      // Aborted once the request has reached the mock, which holds its answer.
      waitUntil(() => requests().length === 1, 'the request').then(() => controller.abort());
      return c.files.list({ signal: controller.signal });
    }, AbortError);
    assert.ok(!(err instanceof TimeoutError));
    assert.equal(err.attempts, 1);
    const [held] = requests();
    assert.equal(held.status, null, 'the call ended while its answer was still held back');
    assert.equal(requests().length, 1, 'an abort is not retried');

    // The caller's AbortSignal.timeout() is the caller's abort, not the package's timeout.
    mock.inject({ path: '/v1/files', delayMs: HELD_MS });
    await failure(() => c.files.list({ signal: AbortSignal.timeout(100) }), AbortError);
    await recovers(c);
  });

  it('aborting during the wait before a retry ends the call then', async () => {
    const c = client();
    mock.inject({ path: '/v1/files', status: 500, headers: { 'retry-after': '2' } });
    const controller = new AbortController();
    const err = await failure(() => c.files.list({ signal: controller.signal }), AbortError, { onPause: () => controller.abort() });
    assert.equal(err.attempts, 1);
    assertPauses(err.pauses, [[2000, 2000]]);
    assert.equal(err.pauses[0].fired, false, 'the call ended during its 2 s pause, not after it');
    assert.equal(requests().length, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(requests().length, 1, 'no retry went out after the abort');
    await recovers(c);
  });

  it('an already-aborted signal is an AbortError, and nothing is sent', async () => {
    const c = client();
    for (const call of [() => c.files.list({ signal: AbortSignal.abort() }), () => upload(c, { signal: AbortSignal.abort() })]) {
      mock.clearRequests();
      const err = await failure(call, AbortError);
      assert.equal(err.attempts, 0);
      assertPauses(err.pauses, []);
      assert.equal(requests().length, 0);
    }
    await recovers(c);
  });

  it('after timeouts and aborts nothing keeps a process alive', async () => {
    // A socket or timer of the package left behind would hold the child for
    // a minute (the held answers, the retry pause): past its hang detector,
    // which kills it (exit code null).
    mock.inject([
      { path: '/v1/files', delayMs: 60_000 },
      { path: '/v1/files', delayMs: 60_000 },
      { path: '/v1/files', status: 500, headers: { 'retry-after': '60' } },
    ]);
    const { code, stdout, stderr } = await runNodeChild('./exit-child.mjs', [mock.url], { apiKey: KEY, timeoutMs: 30_000 });
    assert.equal(code, 0, `the child ended by itself after its calls: ${stderr}`);
    const { names, pauses } = JSON.parse(stdout);
    assert.deepEqual(names, ['TimeoutError', 'AbortError', 'AbortError']);
    assert.deepEqual(pauses, [60_000], 'the last call was aborted during its pause');
    assert.deepEqual(requests().map((r) => r.fault), [true, true, true], 'every call reached the mock');
  });
});

describe('the API key', () => {
  it('never appears in an error', async () => {
    const wrong = 'sk-WRONG-but-still-secret-1f2e3d';
    const err = await failure(() => new Moonshot({ apiKey: wrong, baseURL: mock.url }).files.list(), AuthenticationError);
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
