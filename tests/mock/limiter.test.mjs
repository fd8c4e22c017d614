// The mock's rate limiter on its own, with the times given: the minute's
// window, the seconds a refusal names, and which limit speaks first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimiter } from '../../mock/limiter.mjs';

const concurrency = (n) =>
  `Your account org-mock<ak-mock> request reached organization max concurrency: ${n}, please try again after 1 seconds`;
const rpm = (n, seconds) =>
  `Your account org-mock<ak-mock> request reached organization max RPM: ${n}, please try again after ${seconds} seconds`;

describe('rate limiter', () => {
  test('no limits: everything passes', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 1000; i++) assert.equal(limiter.admit(i, 1000), null);
  });

  test('concurrency: up to N in flight (the newcomer included) pass', () => {
    const limiter = new RateLimiter({ maxConcurrency: 2 });
    assert.equal(limiter.admit(0, 1), null);
    assert.equal(limiter.admit(0, 2), null);
    assert.equal(limiter.admit(0, 3), concurrency(2));
    assert.equal(limiter.admit(0, 2), null, 'room again once one is answered');
  });

  test('RPM: the N+1st in a minute waits, in whole seconds, until the oldest leaves', () => {
    const limiter = new RateLimiter({ maxRpm: 3 });
    for (const at of [0, 10_000, 20_000]) assert.equal(limiter.admit(at, 1), null);
    assert.equal(limiter.admit(30_000, 1), rpm(3, 30));
    assert.equal(limiter.admit(30_500, 1), rpm(3, 30), 'rounded up');
    assert.equal(limiter.admit(59_999, 1), rpm(3, 1), 'never less than 1');
    // The refusals took no room: at 60 s the first has left, and one more passes.
    assert.equal(limiter.admit(60_000, 1), null);
    assert.equal(limiter.admit(60_001, 1), rpm(3, 10), 'now the one of 10 s is the oldest');
    assert.equal(limiter.admit(70_000, 1), null);
  });

  test('a request past both limits is told about the concurrency, and takes no room in the minute', () => {
    const limiter = new RateLimiter({ maxConcurrency: 1, maxRpm: 1 });
    assert.equal(limiter.admit(0, 2), concurrency(1));
    assert.equal(limiter.admit(1, 1), null);
    assert.equal(limiter.admit(2, 1), rpm(1, 60));
  });

  test('limits are positive integers or null', () => {
    for (const bad of [0, -1, 1.5, '2', Number.POSITIVE_INFINITY]) {
      assert.throws(() => new RateLimiter({ maxRpm: bad }), /maxRpm must be null or a positive integer/);
      assert.throws(() => new RateLimiter({ maxConcurrency: bad }), /maxConcurrency must be null or a positive integer/);
    }
    assert.doesNotThrow(() => new RateLimiter({ maxConcurrency: null, maxRpm: null }));
  });
});
