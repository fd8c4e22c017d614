// What the page says while the client waits for the service's rate limit.
// The client (moonshot-files) learns the limit from a 429 and then holds
// calls back itself: it tells the page through its `onRateLimit(event)`
// option, `{ limit, limitValue, waitMs }`, with `waitMs` undefined while a
// call is queued for a concurrency slot. It says nothing when a wait ends, so
// the page counts its own calls: a call that ends frees a slot for one queued
// call, and when none is out, none waits. Pure (no DOM): tested in Node by
// tests/dashboard/rate-limit.test.mjs; rate-limit-status.js draws it.
import { formatCount, formatDuration, plural } from './format.js';

/** A limit as a person reads it: `max concurrency 1`, `max 3 requests a minute`; '' when unknown. */
export function describeLimit(limit, value) {
  const n = Number.isFinite(value) ? formatCount(value) : null;
  switch (limit) {
    case 'concurrency':
      return n ? `max concurrency ${n}` : 'max concurrency';
    case 'rpm':
      return n ? `max ${n} requests a minute` : 'requests a minute';
    case 'tpm':
      return n ? `max ${n} tokens a minute` : 'tokens a minute';
    case 'tpd':
      return n ? `max ${n} tokens a day` : 'tokens a day';
    case 'overloaded':
      return 'the service is overloaded';
    default:
      return '';
  }
}

/**
 * The waits in progress. `started()` and `settled()` when a call of the page
 * starts and ends (trackCalls does it), `waiting(event)` from the client's
 * onRateLimit; `status()` is null when nothing waits, else `{ what, when }`:
 * "Waiting for the service's rate limit (max concurrency 1)" and
 * "retrying in 2 s" or "3 requests queued". `subscribe(fn)` hears every change.
 */
export function createRateLimitWatch({ now = () => performance.now() } = {}) {
  let inFlight = 0;
  let queued = 0;
  let retries = []; // when each timed wait ends
  let limit = null; // { limit, limitValue } of the latest wait
  const listeners = new Set();
  const tell = () => {
    for (const listener of listeners) listener();
  };

  return {
    started() {
      inFlight += 1;
    },
    settled() {
      inFlight = Math.max(0, inFlight - 1);
      // The slot it held goes to one queued call.
      queued = Math.max(0, queued - 1);
      if (inFlight === 0) {
        queued = 0;
        retries = [];
      }
      tell();
    },
    /** @param {{ limit?: string, limitValue?: number, waitMs?: any }} [event]  any waitMs: only a finite one counts */
    waiting({ limit: kind, limitValue, waitMs } = {}) {
      limit = { limit: kind, limitValue };
      if (Number.isFinite(waitMs) && waitMs >= 0) retries.push(now() + waitMs);
      else queued = Math.min(queued + 1, Math.max(inFlight, 1));
      tell();
    },
    /** What to say now, or null when nothing waits. */
    status() {
      const at = now();
      retries = retries.filter((end) => end > at);
      if (retries.length === 0 && queued === 0) return null;
      const which = describeLimit(limit?.limit, limit?.limitValue);
      const what = `Waiting for the service's rate limit${which ? ` (${which})` : ''}`;
      const parts = [];
      if (retries.length > 0) {
        const seconds = Math.max(1, Math.ceil((Math.min(...retries) - at) / 1000));
        parts.push(`retrying in ${formatDuration(seconds)}`);
      }
      if (queued > 0) parts.push(`${plural(queued, 'request')} queued`);
      return { what, when: parts.join('; ') };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * `files` (the client's `client.files`) with every call counted in `watch`:
 * the same methods, the same results and errors.
 */
export function trackCalls(files, watch) {
  return new Proxy(files, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      return (...args) => {
        watch.started();
        let result;
        try {
          result = value.apply(target, args);
        } catch (error) {
          watch.settled();
          throw error;
        }
        return Promise.resolve(result).finally(() => watch.settled());
      };
    },
  });
}
