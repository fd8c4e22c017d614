// The service's rate limits and failures as it words them, against the mock
// answering as the service does (429s with the wait only in the message, no
// Retry-After): the JS face reads each 429 as the Rust face does (the shared
// vectors), a client learns a limit and keeps under it for every later call,
// and a low-tier account (one request at a time) runs every workflow without
// a failure.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as sdk from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { notPreflight, rejection, waitUntil } from '../support/helpers.mjs';
import { recordPauses } from '../support/pauses.mjs';

const { Moonshot, RateLimitError, QuotaExceededError, InternalServerError, BadRequestError, AuthenticationError, FileProcessingError, AbortError, InvalidArgumentError } = sdk;
const KEY = 'sk-mock-key';
const VECTORS = JSON.parse(readFileSync(new URL('../vectors/rate-limits.json', import.meta.url), 'utf8'));

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'none' });
});
after(() => mock.close());
beforeEach(() => {
  mock.reset({ seed: 'none', maxConcurrency: null, maxRpm: null, processingMs: 0, processingError: null });
  mock.clearRequests();
});

const client = (options = {}) => new Moonshot({ apiKey: KEY, baseURL: mock.url, ...options });
const apiRequests = () => notPreflight(mock.requests());
const upload = (files, name, purpose = 'file-extract') =>
  files.create({ file: new Blob([`the text of ${name}`]), filename: name, purpose });

/** Seeds `count` ready files and gives their ids. */
async function seed(count) {
  const files = Array.from({ length: count }, (_, i) => ({ filename: `f${i}.txt`, purpose: 'file-extract', status: 'ready' }));
  mock.reset({ seed: files });
  mock.clearRequests();
  return mock.store.list().map((file) => file.id);
}

/**
 * After the client learned the limit from its first 429, no request went past
 * it: the only requests over the limit are those the client had already sent
 * together before that 429 came back (the `burst` requests from the log's
 * `start`), and only they were refused.
 */
function assertKeptUnder(limit, { burst, start = 0 }) {
  const log = apiRequests();
  const refused = log.filter((entry) => entry.status === 429);
  assert.ok(refused.length <= burst - limit, `${refused.length} refused, of a first burst of ${burst}`);
  const firstRefused = log.findIndex((entry) => entry.status === 429);
  if (firstRefused < 0) return;
  const later = log.slice(firstRefused).filter((entry) => entry.status !== 429);
  for (const entry of later) assert.ok(entry.inFlight <= limit, `${entry.method} ${entry.path} arrived with ${entry.inFlight} in flight`);
  // Past the first burst, no request was refused.
  assert.ok(log.slice(start + burst).every((entry) => entry.status !== 429), 'a request after the first burst was refused');
}

describe('each 429 read as the Rust face reads it (tests/vectors/rate-limits.json)', () => {
  for (const vector of VECTORS.cases) {
    it(vector.message, async () => {
      mock.inject({ status: 429, json: { error: { message: vector.message, type: vector.type } } });
      const err = await rejection(client({ maxRetries: 0 }).files.list());
      assert.ok(err instanceof RateLimitError, err.name);
      assert.equal(err.limit, vector.limit ?? undefined);
      assert.equal(err.limitValue, vector.limitValue ?? undefined);
      assert.equal(err.retryAfterMs, vector.retryAfterMs ?? undefined);
      assert.equal(err.type, vector.type);
      assert.equal(err.attempts, 1);
    });
  }
});

describe('the wait a 429 names in its message', () => {
  it('is waited, with at most 250 ms of jitter, then the call goes through', async () => {
    mock.inject({ status: 429, json: { error: { message: VECTORS.cases[0].message, type: 'rate_limit_reached_error' } } });
    const recorder = recordPauses();
    const events = [];
    const ends = [];
    const onRateLimit = (event) => {
      events.push(event);
      // Whether the pause was over when the end came.
      event.ended.then((end) => ends.push({ end, paused: recorder.pauses.map((pause) => pause.fired) }));
    };
    let list;
    try {
      list = await client({ onRateLimit }).files.list();
    } finally {
      recorder.stop();
    }
    assert.deepEqual(list.data, []);
    assert.equal(recorder.pauses.length, 1);
    const [{ ms }] = recorder.pauses;
    assert.ok(ms >= 1000 && ms <= 1250, `waited ${ms} ms`);
    const { ended, ...fields } = events[0];
    assert.equal(events.length, 1);
    assert.deepEqual(fields, { limit: 'concurrency', limitValue: 1, waitMs: ms });
    assert.ok(ended instanceof Promise);
    assert.deepEqual(ends, [{ end: 'done', paused: [true] }], 'the end came once, after the pause');
  });

  it('past 120 s: the error at once, carrying the wait', async () => {
    mock.inject({ status: 429, json: { error: { message: VECTORS.cases[6].message, type: 'rate_limit_reached_error' } } });
    const err = await rejection(client().files.list());
    assert.ok(err instanceof RateLimitError);
    assert.equal(err.retryAfterMs, 121_000);
    assert.equal(err.attempts, 1);
  });

  it('an overload is waited out for 10 s and more, but never past the timeout', async () => {
    mock.inject({ status: 429, times: 2, json: { error: { message: 'The engine is currently overloaded, please try again later', type: 'engine_overloaded_error' } } });
    const recorder = recordPauses();
    let list;
    try {
      list = await client({ timeout: 700 }).files.list();
    } finally {
      recorder.stop();
    }
    assert.deepEqual(list.data, []);
    assert.deepEqual(recorder.pauses.map((pause) => pause.ms), [700, 700], 'each wait bounded by the 700 ms timeout');
    assert.equal(apiRequests().length, 3);
  });
});

describe('a limit the service named is kept for every later call', () => {
  it('deleteMany of 50 files at max concurrency 1: every file deleted, only the first burst refused', async () => {
    const ids = await seed(50);
    mock.reset({ seed: mock.store.list(), maxConcurrency: 1 });
    // The first delete the service takes holds it 300 ms, so the rest of the
    // first burst meets the limit however slowly this machine sends them;
    // each later one takes 20 ms.
    mock.inject([{ method: 'DELETE', path: '/v1/files/*', delayMs: 300 }, { method: 'DELETE', path: '/v1/files/*', times: 100, delayMs: 20 }]);
    mock.clearRequests();
    const events = [];
    const results = await client({ onRateLimit: (event) => events.push(event) }).files.deleteMany(ids);
    assert.deepEqual(results.map((result) => result.status), ids.map(() => 'deleted'));
    assert.equal(mock.store.size, 0);
    const log = apiRequests();
    const refused = log.filter((entry) => entry.status === 429).length;
    assert.ok(refused >= 1, 'the limit was reached, and learned');
    assert.equal(log.length, 50 + refused, 'each refused delete sent once more, nothing else');
    assertKeptUnder(1, { burst: 4 });
    assert.ok(events.some((event) => event.limit === 'concurrency' && event.limitValue === 1));
  });

  it('prune at max concurrency 1: every chosen file deleted', async () => {
    await seed(12);
    mock.reset({ seed: mock.store.list(), maxConcurrency: 1 });
    // The first delete holds the one slot 300 ms: the rest of the burst meets the limit.
    mock.inject([{ method: 'DELETE', path: '/v1/files/*', delayMs: 300 }, { method: 'DELETE', path: '/v1/files/*', times: 100, delayMs: 20 }]);
    mock.clearRequests();
    const pruned = await client().files.prune({ purpose: 'file-extract' });
    assert.equal(pruned.length, 12);
    assert.equal(mock.store.size, 0);
    assert.ok(apiRequests().some((entry) => entry.status === 429), 'the limit was reached, and learned');
    // The list first, then the deletes, four together.
    assertKeptUnder(1, { burst: 4, start: 1 });
  });

  it('extract at max concurrency 1, with polls beside uploads: nothing fails, nothing is left', async () => {
    mock.reset({ seed: 'none', maxConcurrency: 1, processingMs: 300 });
    // The first upload holds the one slot 300 ms: the other two meet the limit.
    mock.inject([{ method: 'POST', path: '/v1/files', delayMs: 300 }, { method: 'POST', path: '/v1/files', times: 100, delayMs: 20 }]);
    mock.clearRequests();
    const files = client().files;
    const texts = await Promise.all(
      ['a', 'b', 'c'].map((name) => files.extract({ file: new Blob([`text of ${name}`]), filename: `${name}.txt` }, { pollInterval: 50 })),
    );
    assert.deepEqual(texts.map((extracted) => extracted.text), ['text of a', 'text of b', 'text of c']);
    assert.equal(mock.store.size, 0);
    assert.ok(apiRequests().some((entry) => entry.status === 429), 'the limit was reached, and learned');
    assertKeptUnder(1, { burst: 3 });
  });

  it('maxConcurrency set up front: that many in flight together, never more, and no 429 at all', async () => {
    const ids = await seed(10);
    mock.reset({ seed: mock.store.list(), maxConcurrency: 2 });
    // The first two deletes are held until both have come: a client that
    // sent one at a time would time out here, and the log shows the overlap.
    mock.inject({ method: 'DELETE', path: '/v1/files/*', times: 2, together: true });
    mock.clearRequests();
    const results = await client({ maxConcurrency: 2, timeout: 10_000, maxRetries: 0 }).files.deleteMany(ids, { concurrency: 8 });
    assert.deepEqual(results.map((result) => result.status), ids.map(() => 'deleted'));
    const log = apiRequests();
    assert.equal(log.length, 10);
    assert.ok(log.some((entry) => entry.inFlight === 2), 'two deletes were in flight together');
    assert.ok(log.every((entry) => entry.status === 200 && entry.inFlight <= 2));
  });

  it('limits set up front must be whole numbers, 1 or more', () => {
    for (const name of ['maxConcurrency', 'maxRequestsPerMinute']) {
      for (const value of [0, -1, 1.5, '2', Number.NaN, Infinity]) {
        assert.throws(() => client({ [name]: value }), (err) => {
          assert.ok(err instanceof InvalidArgumentError, `${name}: ${String(value)} gave ${err.name}`);
          assert.equal(err.message, `In the client options, ${name} must be a whole number, 1 or more.`);
          return true;
        });
      }
    }
  });

  it('max RPM: the minute\'s requests spent, the next call waits its turn (and an abort ends the wait, nothing sent)', async () => {
    const events = [];
    const controller = new AbortController();
    const paced = new Moonshot({ apiKey: KEY, baseURL: mock.url, maxRequestsPerMinute: 2, onRateLimit: (event) => events.push(event) });
    await paced.files.list();
    await paced.files.list();
    const third = paced.files.list({ signal: controller.signal });
    // Told of the wait before it ends: then aborted.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(events.length, 1);
    assert.equal(events[0].limit, 'rpm');
    assert.equal(events[0].limitValue, 2);
    assert.ok(events[0].waitMs > 50_000, `waits ${events[0].waitMs} ms for the minute to pass`);
    controller.abort();
    const err = await rejection(third);
    assert.ok(err instanceof AbortError);
    assert.equal(err.attempts, 0, 'nothing was sent');
    assert.equal(apiRequests().length, 2);
  });

  it('learned from the service\'s "max RPM: 2": the third call waits the minute out, and a later call waits its turn unsent', async () => {
    mock.reset({ seed: 'none', maxRpm: 2 });
    mock.clearRequests();
    const events = [];
    const files = client({ onRateLimit: (event) => events.push(event) }).files;
    await files.list();
    await files.list();
    const controller = new AbortController();
    const third = files.list({ signal: controller.signal });
    await waitUntil(() => events.length >= 1, "the third call's 429");
    // The 429 named the wait (up to a minute): the client waits that, not its 0.5 s backoff.
    assert.equal(events[0].limit, 'rpm');
    assert.equal(events[0].limitValue, 2);
    assert.ok(events[0].waitMs >= 1000, `${events[0].waitMs}`);
    // A call made after the limit was learned waits in the client's queue,
    // told why: the minute the service counted full.
    const fourth = files.list({ signal: controller.signal });
    await waitUntil(() => events.length >= 2, "the fourth call's turn");
    assert.equal(events[1].limit, 'rpm');
    assert.equal(events[1].limitValue, 2);
    assert.ok(events[1].waitMs > 0, `the fourth waits ${events[1].waitMs} ms`);
    assert.deepEqual(apiRequests().map((entry) => entry.status), [200, 200, 429], 'the fourth was not sent');
    controller.abort();
    assert.ok((await rejection(third)) instanceof AbortError);
    const queued = await rejection(fourth);
    assert.ok(queued instanceof AbortError);
    assert.equal(queued.attempts, 0, 'the fourth waited its turn: never sent');
    assert.deepEqual(apiRequests().map((entry) => entry.status), [200, 200, 429]);
  });

  it('calls waiting their turn go first come, first served', async () => {
    const ids = await seed(5);
    mock.reset({ seed: mock.store.list() });
    // The first call holds the one slot while the others line up behind it.
    mock.inject({ method: 'GET', path: `/v1/files/${ids[0]}`, delayMs: 200 });
    mock.clearRequests();
    const files = client({ maxConcurrency: 1 }).files;
    const retrieved = await Promise.all(ids.map((id) => files.retrieve(id)));
    assert.deepEqual(retrieved.map((file) => file.id), ids);
    assert.deepEqual(apiRequests().map((entry) => entry.path), ids.map((id) => `/v1/files/${id}`), 'sent in the order they were called');
  });

  it('a waiter that is not first, aborted, leaves the line: the others go, it is never sent', async () => {
    const ids = await seed(3);
    mock.reset({ seed: mock.store.list() });
    mock.inject({ method: 'GET', path: `/v1/files/${ids[0]}`, delayMs: 200 });
    mock.clearRequests();
    const events = [];
    const files = client({ maxConcurrency: 1, onRateLimit: (event) => events.push(event) }).files;
    const controller = new AbortController();
    const first = files.retrieve(ids[0]);
    const second = files.retrieve(ids[1]);
    const third = files.retrieve(ids[2], { signal: controller.signal });
    await waitUntil(() => events.length >= 2, 'both waiters told of their wait');
    controller.abort();
    const aborted = await rejection(third);
    assert.ok(aborted instanceof AbortError, aborted.name);
    assert.equal(aborted.attempts, 0);
    assert.deepEqual([(await first).id, (await second).id], [ids[0], ids[1]]);
    assert.deepEqual(apiRequests().map((entry) => entry.path), [`/v1/files/${ids[0]}`, `/v1/files/${ids[1]}`]);
  });

  it('under a per-minute limit alone, every waiter is told it waits for the minute, not for a slot', async () => {
    const events = [];
    const controller = new AbortController();
    const files = client({ maxRequestsPerMinute: 1, onRateLimit: (event) => events.push(event) }).files;
    await files.list();
    const waiting = [files.list({ signal: controller.signal }), files.list({ signal: controller.signal })];
    await waitUntil(() => events.length >= 2, 'both waiters told of their wait');
    for (const event of events) {
      assert.equal(event.limit, 'rpm');
      assert.equal(event.limitValue, 1);
      assert.ok(event.waitMs > 50_000, `waits ${event.waitMs} ms for the minute to pass`);
    }
    controller.abort();
    for (const call of waiting) assert.ok((await rejection(call)) instanceof AbortError);
    assert.equal(apiRequests().length, 1);
  });

  it('queue time counts against no timeout', async () => {
    const ids = await seed(4);
    mock.reset({ seed: mock.store.list() });
    mock.inject({ method: 'DELETE', path: '/v1/files/*', times: 4, delayMs: 500 });
    mock.clearRequests();
    const files = client({ maxConcurrency: 1, timeout: 1500, maxRetries: 0 }).files;
    // Four 500 ms deletes one after another: the last waits 1.5 s in the
    // queue, as long as the timeout, which only its own 500 ms count against.
    const results = await Promise.all(ids.map((id) => files.delete(id)));
    assert.ok(results.every((result) => result.deleted));
    assert.ok(apiRequests().every((entry) => entry.inFlight === 1));
  });
});

describe("the end of each wait: the event's `ended`", () => {
  /** A `fetch` that holds each request until the test lets it go: `release(i)` sends the i-th. */
  function heldFetch() {
    const held = [];
    const fetchHeld = (url, init) => new Promise((resolve) => held.push(() => resolve(fetch(url, init))));
    return { fetch: fetchHeld, held, release: (i) => held[i]() };
  }

  /** Every event, and every end as `[which event, how it ended]` when it comes. */
  function listening() {
    const events = [];
    const ends = [];
    const onRateLimit = (event) => {
      const which = events.push(event) - 1;
      event.ended.then((end) => ends.push([which, end]));
    };
    return { events, ends, onRateLimit };
  }

  // Turns of the event loop: what was to happen by now has.
  const turns = async (count = 10) => {
    for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  it('a call queued for its turn: told once, its end "done" only when its turn came, however often it was woken', async () => {
    const net = heldFetch();
    const { events, ends, onRateLimit } = listening();
    const files = client({ maxConcurrency: 1, fetch: net.fetch, onRateLimit }).files;
    const calls = [files.list(), files.list(), files.list()];
    await waitUntil(() => events.length === 2 && net.held.length === 1, 'the first sent, the two others told of their wait');
    for (const event of events) {
      assert.deepEqual(Object.keys(event).sort(), ['ended', 'limit', 'limitValue']);
      assert.deepEqual([event.limit, event.limitValue], ['concurrency', 1]);
    }
    await turns();
    assert.deepEqual(ends, [], 'nothing ended while the first is in flight');

    net.release(0);
    await waitUntil(() => net.held.length === 2, 'the second sent');
    await turns();
    // The third was woken when the second took its turn, and waits on: told nothing new.
    assert.deepEqual(ends, [[0, 'done']]);
    assert.equal(events.length, 2);

    net.release(1);
    await waitUntil(() => net.held.length === 3, 'the third sent');
    net.release(2);
    await Promise.all(calls);
    await turns();
    assert.deepEqual(ends, [[0, 'done'], [1, 'done']], 'each wait ended once');
    assert.equal(events.length, 2);
  });

  it('a queued call aborted: its end is "aborted", once, when the signal fires; the others go on', async () => {
    const net = heldFetch();
    const { events, ends, onRateLimit } = listening();
    const files = client({ maxConcurrency: 1, fetch: net.fetch, onRateLimit }).files;
    const controller = new AbortController();
    const first = files.list();
    const second = files.list({ signal: controller.signal });
    await waitUntil(() => events.length === 1 && net.held.length === 1, 'the second told of its wait');
    await turns();
    assert.deepEqual(ends, []);
    controller.abort();
    assert.ok((await rejection(second)) instanceof AbortError);
    await turns();
    assert.deepEqual(ends, [[0, 'aborted']]);
    net.release(0);
    await first;
    await turns();
    assert.deepEqual(ends, [[0, 'aborted']], 'not ended again when the slot it waited for came free');
    assert.equal(net.held.length, 1, 'the aborted call was never sent');
  });

  it("a 429's wait aborted during its pause: the end is \"aborted\", and nothing is sent again", async () => {
    mock.inject({ status: 429, json: { error: { message: VECTORS.cases[0].message, type: 'rate_limit_reached_error' } } });
    const { events, ends, onRateLimit } = listening();
    const controller = new AbortController();
    let pendingDuringPause;
    const recorder = recordPauses({
      // Still pending well into the pause (the platform's own timer, not recorded).
      onPause: () => setTimeout(() => (pendingDuringPause = ends.length === 0), 200),
    });
    let err;
    try {
      const call = client({ onRateLimit }).files.list({ signal: controller.signal });
      await waitUntil(() => pendingDuringPause !== undefined, 'the pause under way');
      controller.abort();
      err = await rejection(call);
    } finally {
      recorder.stop();
    }
    assert.ok(err instanceof AbortError, err.name);
    assert.equal(pendingDuringPause, true, 'the end did not come while the pause lasted');
    assert.equal(recorder.pauses[0].fired, false, 'the pause was cut short');
    await turns();
    assert.equal(events.length, 1);
    assert.deepEqual(ends, [[0, 'aborted']]);
    assert.equal(apiRequests().length, 1);
  });
});

describe('failures as the service words them', () => {
  const answer = (status, type, message) => mock.inject({ status, json: { error: { message, type } } });

  it('a failed extraction: tried once more, then extract gives FileProcessingError with the reason, and deletes the file', async () => {
    // Ids count from the last reset: the upload after a reset gets this one.
    const { id } = await upload(client().files, 'probe.pdf');
    mock.reset({ seed: 'none' });
    mock.inject({ method: 'GET', path: `/v1/files/${id}/content`, times: 2, status: 500, json: { error: { message: 'Failed to extract file: the PDF is encrypted', type: 'server_error' } } });
    mock.clearRequests();
    const err = await rejection(client().files.extract({ file: new Blob(['%PDF']), filename: 'locked.pdf' }));
    assert.ok(err instanceof FileProcessingError, err.name);
    assert.equal(err.statusDetails, 'the PDF is encrypted');
    assert.equal(mock.store.size, 0, 'the upload was deleted');
    const contentCalls = apiRequests().filter((entry) => entry.path.endsWith('/content'));
    assert.equal(contentCalls.length, 2, 'the content call was tried twice, no more');
  });

  it('the mock\'s own failed file: its content call is the 500 the service sends', async () => {
    mock.reset({ seed: 'none', processingError: 'unsupported layout' });
    const files = client({ maxRetries: 5 }).files;
    const file = await upload(files, 'broken.pdf');
    mock.clearRequests();
    const err = await rejection(files.content(file.id));
    assert.ok(err instanceof InternalServerError, err.name);
    assert.equal(err.message, '500 Failed to extract file: unsupported layout');
    assert.equal(apiRequests().length, 2, 'tried once more at most, whatever maxRetries');
  });

  it('a suspended account is a QuotaExceededError, never retried', async () => {
    answer(429, 'exceeded_current_quota_error', 'Your account org-abc<ak-xyz> is suspended, please check your plan and billing details');
    const err = await rejection(client().files.list());
    assert.ok(err instanceof QuotaExceededError, err.name);
    assert.equal(err.attempts, 1);
  });

  it('unexpected_output and content_filter keep their type, in the class their status gives, never retried', async () => {
    answer(500, 'unexpected_output', 'invalid state transition');
    const unexpected = await rejection(client().files.list());
    assert.ok(unexpected instanceof InternalServerError);
    assert.equal(unexpected.type, 'unexpected_output');
    assert.equal(unexpected.attempts, 1);
    answer(400, 'content_filter', 'The request was rejected because it was considered high risk');
    const filtered = await rejection(client().files.list());
    assert.ok(filtered instanceof BadRequestError);
    assert.equal(filtered.type, 'content_filter');
  });

  it('incorrect_api_key_error is an AuthenticationError', async () => {
    answer(401, 'incorrect_api_key_error', 'Incorrect API key provided');
    const err = await rejection(client().files.list());
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.type, 'incorrect_api_key_error');
  });

  it('every error carries the service\'s request and trace ids', async () => {
    const err = await rejection(new Moonshot({ apiKey: 'sk-wrong', baseURL: mock.url }).files.list());
    const [entry] = apiRequests();
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.requestId, entry.requestId);
    assert.equal(err.traceId, entry.traceId);
    assert.match(err.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(err.traceId, /^[0-9a-f]{32}$/);
  });

  it('batch results come back as the service sent them', async () => {
    const files = client().files;
    const lines = '{"custom_id":"a","response":{"status_code":200}}\n{"custom_id":"b","response":{"status_code":200}}\n';
    const batch = await files.create({ file: new Blob([lines]), filename: 'results.jsonl', purpose: 'batch' });
    assert.equal(await files.content(batch.id), lines);
  });
});

describe('a client made on a server', () => {
  it('without a key says so at construction, naming both ways to give one', () => {
    const saved = process.env.MOONSHOT_API_KEY;
    delete process.env.MOONSHOT_API_KEY;
    try {
      assert.throws(() => new Moonshot({ baseURL: mock.url }), (err) => {
        assert.ok(err instanceof InvalidArgumentError);
        assert.match(err.message, /apiKey/);
        assert.match(err.message, /MOONSHOT_API_KEY/);
        return true;
      });
    } finally {
      if (saved !== undefined) process.env.MOONSHOT_API_KEY = saved;
    }
  });

  it('sends through the fetch it was given', async () => {
    const seen = [];
    const files = client({
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        seen.push({ url, requestId: response.headers.get('msh-request-id') });
        return response;
      },
    }).files;
    await files.list();
    assert.equal(seen.length, 1);
    assert.equal(seen[0].url, `${mock.url}/files`);
    assert.equal(seen[0].requestId, apiRequests()[0].requestId);
  });
});
