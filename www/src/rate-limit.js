// What the page says while the client waits for the service's rate limit.
// The client (moonshot-files) learns the limit from a 429 and then holds
// calls back itself: it tells the page through its `onRateLimit(event)`
// option each time a call starts to wait, `{ limit, limitValue, waitMs,
// ended }`, with `waitMs` undefined while a call is queued for a
// concurrency slot, and `ended` resolving once that wait is over. Pure (no
// DOM): tested in Node by tests/dashboard/rate-limit.test.mjs;
// rate-limit-status.js draws it.
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
 * The client's waits in progress: `waiting(event)` for each of its
 * onRateLimit events, kept until the event's `ended` resolves. `status()` is
 * null when nothing waits, else `{ what, when }`: "Waiting for the service's
 * rate limit (max concurrency 1)" and "retrying in 2 s" or "3 requests
 * queued". `subscribe(fn)` hears every change.
 */
export function createRateLimitWatch({ now = () => performance.now() } = {}) {
  /** @type {Set<{ endsAt: number | null }>} when each timed wait ends; null: queued for a slot */
  const waits = new Set();
  /** @type {{ limit?: string, limitValue?: number } | null} the latest wait's limit */
  let latest = null;
  /** @type {Set<() => void>} */
  const listeners = new Set();
  const tell = () => {
    for (const listener of listeners) listener();
  };

  return {
    /** @param {import('moonshot-files').RateLimitEvent} event */
    waiting({ limit, limitValue, waitMs, ended }) {
      latest = { limit, limitValue };
      const wait = { endsAt: waitMs !== undefined && Number.isFinite(waitMs) && waitMs >= 0 ? now() + waitMs : null };
      waits.add(wait);
      tell();
      ended.then(() => {
        waits.delete(wait);
        tell();
      });
    },
    /** What to say now, or null when nothing waits. */
    status() {
      const at = now();
      let queued = 0;
      let soonest = Infinity;
      for (const { endsAt } of waits) {
        if (endsAt === null) queued += 1;
        // A retry whose time has come is going: no "0 s".
        else if (endsAt > at) soonest = Math.min(soonest, endsAt);
      }
      if (queued === 0 && soonest === Infinity) return null;
      const which = describeLimit(latest?.limit, latest?.limitValue);
      const what = `Waiting for the service's rate limit${which ? ` (${which})` : ''}`;
      const parts = [];
      if (soonest < Infinity) parts.push(`retrying in ${formatDuration(Math.max(1, Math.ceil((soonest - at) / 1000)))}`);
      if (queued > 0) parts.push(`${plural(queued, 'request')} queued`);
      return { what, when: parts.join('; ') };
    },
    /** @param {() => void} listener */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
