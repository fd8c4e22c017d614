// What the dashboard says while the client waits for the service's rate limit
// (www/src/rate-limit.js), without a browser: the client's onRateLimit events
// and the page's own calls go in, with a clock the test moves; the line the
// page shows comes out. The page against a limited mock is
// tests/dashboard/rate-limited.test.mjs.
//   node --test tests/dashboard/rate-limit.test.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeError, isKeyRefused } from '../../www/src/error-text.js';
import { useLocale } from '../../www/src/format.js';
import { createRateLimitWatch, describeLimit, trackCalls } from '../../www/src/rate-limit.js';

useLocale('en-US', { timeZone: 'UTC' });

function clocked() {
  let time = 0;
  const watch = createRateLimitWatch({ now: () => time });
  return { watch, tick: (ms) => (time += ms) };
}

const CONCURRENCY_1 = { limit: 'concurrency', limitValue: 1 };
const WAITING = "Waiting for the service's rate limit (max concurrency 1)";

describe('the limits, as a person reads them', () => {
  test('each kind the client reports, with its value or without', () => {
    assert.equal(describeLimit('concurrency', 1), 'max concurrency 1');
    assert.equal(describeLimit('rpm', 3), 'max 3 requests a minute');
    assert.equal(describeLimit('tpm', 32000), 'max 32,000 tokens a minute');
    assert.equal(describeLimit('tpd', 1500000), 'max 1,500,000 tokens a day');
    assert.equal(describeLimit('overloaded', undefined), 'the service is overloaded');
    assert.equal(describeLimit('concurrency', undefined), 'max concurrency');
    assert.equal(describeLimit(undefined, 5), '');
    assert.equal(describeLimit('__proto__', 5), '');
  });
});

describe('the waiting line', () => {
  test('says nothing while nothing waits', () => {
    const { watch } = clocked();
    assert.equal(watch.status(), null);
    watch.started();
    assert.equal(watch.status(), null, 'a call out is no wait');
  });

  test('a call waiting out a 429 counts down to its retry, then the line goes', () => {
    const { watch, tick } = clocked();
    watch.started();
    watch.waiting({ ...CONCURRENCY_1, waitMs: 1500 });
    assert.deepEqual(watch.status(), { what: WAITING, when: 'retrying in 2 s' });
    tick(600);
    assert.deepEqual(watch.status(), { what: WAITING, when: 'retrying in 1 s' });
    tick(899);
    assert.equal(watch.status().when, 'retrying in 1 s', 'never "0 s"');
    tick(1);
    assert.equal(watch.status(), null, 'the retry went');
  });

  test('calls queued for the one slot: one fewer each time a call ends, none once none is out', () => {
    const { watch } = clocked();
    for (let i = 0; i < 4; i += 1) watch.started();
    // The first holds the slot; the client queues the three others.
    for (let i = 0; i < 3; i += 1) watch.waiting(CONCURRENCY_1);
    assert.deepEqual(watch.status(), { what: WAITING, when: '3 requests queued' });
    watch.settled();
    assert.equal(watch.status().when, '2 requests queued');
    watch.settled();
    watch.settled();
    assert.equal(watch.status(), null, 'the last one has the slot');
    watch.settled();
    assert.equal(watch.status(), null);
  });

  test('a retry and a queue together; the soonest retry is the one shown', () => {
    const { watch, tick } = clocked();
    for (let i = 0; i < 3; i += 1) watch.started();
    watch.waiting({ limit: 'rpm', limitValue: 3, waitMs: 20_000 });
    watch.waiting({ limit: 'rpm', limitValue: 3, waitMs: 5_000 });
    watch.waiting({ limit: 'concurrency', limitValue: 1 });
    // The latest event names the limit.
    assert.deepEqual(watch.status(), { what: WAITING, when: 'retrying in 5 s; 1 request queued' });
    tick(6_000);
    assert.equal(watch.status().when, 'retrying in 14 s; 1 request queued');
  });

  test('an unknown limit is still a wait; the overloaded service is said so', () => {
    const { watch } = clocked();
    watch.started();
    watch.waiting({ waitMs: 3000 });
    assert.deepEqual(watch.status(), { what: "Waiting for the service's rate limit", when: 'retrying in 3 s' });
    watch.waiting({ limit: 'overloaded', waitMs: 65_000 });
    assert.equal(watch.status().what, "Waiting for the service's rate limit (the service is overloaded)");
  });

  test('once no call is out, nothing waits, whatever was heard', () => {
    const { watch } = clocked();
    watch.started();
    watch.waiting({ ...CONCURRENCY_1, waitMs: 60_000 });
    watch.waiting(CONCURRENCY_1);
    watch.settled();
    assert.equal(watch.status(), null, 'its call was cancelled: no retry comes');
  });

  test('never more queued than calls out', () => {
    const { watch } = clocked();
    watch.started();
    watch.started();
    for (let i = 0; i < 5; i += 1) watch.waiting(CONCURRENCY_1);
    assert.equal(watch.status().when, '2 requests queued');
  });

  test('tells its listeners of every wait and every call that ends', () => {
    const { watch } = clocked();
    const heard = [];
    const stop = watch.subscribe(() => heard.push(watch.status()?.when ?? null));
    watch.started();
    watch.started();
    watch.waiting(CONCURRENCY_1);
    watch.settled();
    stop();
    watch.settled();
    assert.deepEqual(heard, ['1 request queued', null]);
  });
});

describe("the page's calls, counted", () => {
  function counting() {
    const seen = [];
    return { seen, watch: { started: () => seen.push('started'), settled: () => seen.push('settled') } };
  }

  test('every call is counted out and back, whether it resolves, rejects or throws', async () => {
    const { seen, watch } = counting();
    const error = new Error('refused');
    const files = {
      prefix: 'id-',
      async retrieve(id) {
        seen.push(`retrieve ${id}`);
        return { id: `${this.prefix}${id}` };
      },
      async delete() {
        throw error;
      },
      list() {
        throw new TypeError('bad options');
      },
    };
    const tracked = trackCalls(files, watch);
    assert.deepEqual(await tracked.retrieve('a'), { id: 'id-a' }, 'the same result, `this` kept');
    await assert.rejects(tracked.delete('a'), (thrown) => thrown === error);
    assert.throws(() => tracked.list(), TypeError);
    assert.equal(tracked.prefix, 'id-');
    assert.deepEqual(seen, ['started', 'retrieve a', 'settled', 'started', 'settled', 'started', 'settled']);
  });

  test('a call is out until it ends: the watch sees it queued, then free', async () => {
    const { watch } = clocked();
    let release;
    const files = { create: () => new Promise((resolve) => (release = resolve)), list: async () => ({ data: [] }) };
    const tracked = trackCalls(files, watch);
    const upload = tracked.create();
    const list = tracked.list();
    watch.waiting(CONCURRENCY_1); // the client queues one of them
    assert.equal(watch.status().when, '1 request queued');
    await list;
    release({ id: 'x' });
    await upload;
    assert.equal(watch.status(), null);
  });
});

describe('a rate limit still there after the waits', () => {
  test('names the limit and when to try again; the key refused is told apart', () => {
    const error = Object.assign(new Error('Your account org<ak> request reached organization max concurrency: 1'), {
      name: 'RateLimitError',
      status: 429,
      type: 'rate_limit_reached_error',
      limit: 'concurrency',
      limitValue: 1,
      retryAfterMs: 1500,
      requestId: 'a1b2',
      traceId: 'c3d4',
    });
    const described = describeError(error);
    assert.equal(described.hint, "The service's rate limit (max concurrency 1) was still reached after waiting for it. Try again in 2 s.");
    assert.deepEqual(described.facts, ['HTTP 429', 'rate_limit_reached_error', 'request a1b2', 'trace c3d4']);
    assert.equal(
      describeError(Object.assign(new Error('overloaded'), { name: 'RateLimitError', limit: 'overloaded' })).hint,
      'The service is overloaded; this can last minutes. Try again later.',
    );
    assert.equal(describeError(Object.assign(new Error('x'), { name: 'RateLimitError' })).hint, "The service's rate limit was still reached after waiting for it. Try again in a moment.");
    assert.equal(isKeyRefused(error), false);
    assert.equal(isKeyRefused(Object.assign(new Error('Invalid Authentication'), { name: 'AuthenticationError', status: 401 })), true);
  });
});
