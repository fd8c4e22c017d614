// What the dashboard says while the client waits for the service's rate limit
// (www/src/rate-limit.js), without a browser: the client's onRateLimit events
// go in, each with its `ended` promise, which the test settles by hand, and
// a clock the test moves; the line the page shows comes out. The events of
// the client itself, waiting behind a call in flight, are the last test here;
// the page against a limited mock is tests/dashboard/rate-limited.test.mjs.
//   node --test tests/dashboard/rate-limit.test.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Moonshot, RateLimitError, AuthenticationError } from '../../pkg/index.mjs';
import { describeError, isKeyRefused } from '../../www/src/error-text.js';
import { useLocale } from '../../www/src/format.js';
import { createRateLimitWatch, describeLimit } from '../../www/src/rate-limit.js';

useLocale('en-US', { timeZone: 'UTC' });

function clocked() {
  let time = 0;
  const watch = createRateLimitWatch({ now: () => time });
  return { watch, tick: (ms) => (time += ms) };
}

/** Tells `watch` of a wait, as the client's onRateLimit does; gives `end(how)`, which resolves its `ended`. */
function wait(watch, fields) {
  let end;
  const ended = new Promise((resolve) => (end = resolve));
  watch.waiting({ ...fields, ended });
  return (how = 'done') => end(how);
}

// The `ended` callbacks run.
const settle = () => new Promise((resolve) => setImmediate(resolve));

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
  });

  test('a call waiting out a 429 counts down to its retry, then the line goes', () => {
    const { watch, tick } = clocked();
    wait(watch, { ...CONCURRENCY_1, waitMs: 1500 });
    assert.deepEqual(watch.status(), { what: WAITING, when: 'retrying in 2 s' });
    tick(600);
    assert.deepEqual(watch.status(), { what: WAITING, when: 'retrying in 1 s' });
    tick(899);
    assert.equal(watch.status().when, 'retrying in 1 s', 'never "0 s"');
    tick(1);
    assert.equal(watch.status(), null, 'the retry went');
  });

  test('calls queued for the one slot: one fewer as each wait ends, in any order, none once all have', async () => {
    const { watch } = clocked();
    const ends = [0, 1, 2].map(() => wait(watch, CONCURRENCY_1));
    assert.deepEqual(watch.status(), { what: WAITING, when: '3 requests queued' });
    ends[1]();
    await settle();
    assert.equal(watch.status().when, '2 requests queued');
    ends[0]('aborted');
    await settle();
    assert.equal(watch.status().when, '1 request queued', 'an aborted wait is over too');
    ends[2]();
    await settle();
    assert.equal(watch.status(), null);
  });

  test('a retry ended before its time (its call aborted) is no longer counted down', async () => {
    const { watch } = clocked();
    const end = wait(watch, { ...CONCURRENCY_1, waitMs: 60_000 });
    assert.equal(watch.status().when, 'retrying in 1 min');
    end('aborted');
    await settle();
    assert.equal(watch.status(), null);
  });

  test('a retry and a queue together; the soonest retry is the one shown', async () => {
    const { watch, tick } = clocked();
    wait(watch, { limit: 'rpm', limitValue: 3, waitMs: 20_000 });
    const sooner = wait(watch, { limit: 'rpm', limitValue: 3, waitMs: 5_000 });
    wait(watch, { limit: 'concurrency', limitValue: 1 });
    // The latest event names the limit.
    assert.deepEqual(watch.status(), { what: WAITING, when: 'retrying in 5 s; 1 request queued' });
    tick(2_000);
    sooner();
    await settle();
    assert.equal(watch.status().when, 'retrying in 18 s; 1 request queued');
  });

  test('an unknown limit is still a wait; the overloaded service is said so', () => {
    const { watch } = clocked();
    wait(watch, { waitMs: 3000 });
    assert.deepEqual(watch.status(), { what: "Waiting for the service's rate limit", when: 'retrying in 3 s' });
    wait(watch, { limit: 'overloaded', waitMs: 65_000 });
    assert.equal(watch.status().what, "Waiting for the service's rate limit (the service is overloaded)");
  });

  test('tells its listeners of every wait and of every end', async () => {
    const { watch } = clocked();
    const heard = [];
    const stop = watch.subscribe(() => heard.push(watch.status()?.when ?? null));
    const first = wait(watch, CONCURRENCY_1);
    const second = wait(watch, CONCURRENCY_1);
    first();
    await settle();
    stop();
    second();
    await settle();
    assert.deepEqual(heard, ['1 request queued', '2 requests queued', '1 request queued']);
  });
});

describe("the client's own events", () => {
  test('a call waiting behind one in flight is shown queued until its turn came, then not', async () => {
    const { watch } = clocked();
    // A fetch that holds the first request until the test lets it go.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let sent = 0;
    const fetchHeld = async () => {
      sent += 1;
      if (sent === 1) await held;
      return Response.json({ object: 'list', data: [] });
    };
    const files = new Moonshot({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1', maxConcurrency: 1, fetch: fetchHeld, onRateLimit: (event) => watch.waiting(event) }).files;
    const calls = [files.list(), files.list()];
    for (let turns = 0; watch.status() === null; turns += 1) {
      assert.ok(turns < 100, 'the second call was never told to wait');
      await settle();
    }
    assert.deepEqual(watch.status(), { what: WAITING, when: '1 request queued' });
    await settle();
    assert.equal(watch.status()?.when, '1 request queued', 'still queued while the first is in flight');
    release();
    await Promise.all(calls);
    await settle();
    assert.equal(watch.status(), null, 'its turn came: nothing waits');
    assert.equal(sent, 2);
  });
});

describe('a rate limit still there after the waits', () => {
  test('names the limit and when to try again; the key refused is told apart', () => {
    const error = new RateLimitError('Your account org<ak> request reached organization max concurrency: 1', {
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
      describeError(new RateLimitError('overloaded', { limit: 'overloaded' })).hint,
      'The service is overloaded; this can last minutes. Try again later.',
    );
    assert.equal(describeError(new RateLimitError('x')).hint, "The service's rate limit was still reached after waiting for it. Try again in a moment.");
    assert.equal(isKeyRefused(error), false);
    assert.equal(isKeyRefused(new AuthenticationError('Invalid Authentication', { status: 401 })), true);
  });
});
