// The service's rate limits as the mock plays them: concurrency (requests in
// flight) and RPM (requests started in the last minute), counted for the one
// account, answered 429 `rate_limit_reached_error` with the wait only in the
// message, as the service does (no Retry-After, no rate-limit headers).
// A pure state: the caller says when and how many are in flight.

const WINDOW_MS = 60_000;
// How the service names the account in its messages: `{org}<{ak}>`.
const ACCOUNT = 'org-mock<ak-mock>';

/** `null` (no limit) or a positive integer; throws TypeError naming the option. */
export function checkLimit(name, value) {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be null or a positive integer`);
  return value;
}

export class RateLimiter {
  #maxConcurrency;
  #maxRpm;
  // When each admitted request of the last minute started (ms, ascending).
  #started = [];

  constructor({ maxConcurrency = null, maxRpm = null } = {}) {
    this.#maxConcurrency = checkLimit('maxConcurrency', maxConcurrency);
    this.#maxRpm = checkLimit('maxRpm', maxRpm);
  }

  /**
   * Admit a request that arrives at `now` (ms, any monotonic clock) while
   * `inFlight` requests are in flight, itself included. Returns null when it
   * may go (it then counts toward the RPM), or the message of its 429. A
   * refused request does not count toward the RPM: a client that waits as
   * told gets through.
   */
  admit(now, inFlight) {
    if (this.#maxConcurrency !== null && inFlight > this.#maxConcurrency) {
      return `Your account ${ACCOUNT} request reached organization max concurrency: ${this.#maxConcurrency}, please try again after 1 seconds`;
    }
    if (this.#maxRpm !== null) {
      while (this.#started.length > 0 && this.#started[0] <= now - WINDOW_MS) this.#started.shift();
      if (this.#started.length >= this.#maxRpm) {
        const wait = Math.max(1, Math.ceil((this.#started[0] + WINDOW_MS - now) / 1000));
        return `Your account ${ACCOUNT} request reached organization max RPM: ${this.#maxRpm}, please try again after ${wait} seconds`;
      }
      this.#started.push(now);
    }
    return null;
  }
}
