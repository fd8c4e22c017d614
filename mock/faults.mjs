// Faults: queued instructions that make the mock misbehave for the next matching
// requests, so tests can reach a client's error, retry and timeout paths.
import { datedError, json } from './wire.mjs';

const ACTIONS = new Set(['drop-before-headers', 'drop-after-handling', 'drop-mid-body', 'truncate', 'drip']);
const FIELDS = new Set([
  'method', 'path', 'times', 'together', 'status', 'type', 'param', 'body', 'json', 'headers', 'delayMs', 'action',
  'dripMs', 'dripBytes',
]);

// The error type the service gives for each status, for a fault with a status only.
const ERROR_TYPES = {
  400: 'invalid_request_error',
  401: 'invalid_authentication_error',
  403: 'permission_denied_error',
  404: 'resource_not_found_error',
  429: 'rate_limit_reached_error',
};

/** Check a fault as given by a test; returns it with its defaults filled in. Throws TypeError. */
export function parseFault(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError(`a fault must be an object, not ${JSON.stringify(input)}`);
  }
  // A misspelt field would otherwise be a fault that silently does nothing.
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key)) throw new TypeError(`unknown fault field "${key}"`);
  }
  const { method, path, times = 1, together = false, status, type, param, body, json, headers = {}, delayMs = 0, action } = input;
  const { dripMs = 100, dripBytes = 64 } = input;
  check(method === undefined || typeof method === 'string', 'method must be a string');
  check(path === undefined || (typeof path === 'string' && path.startsWith('/')), 'path must start with "/"');
  check(Number.isSafeInteger(times) && times > 0, 'times must be a positive integer');
  check(typeof together === 'boolean', 'together must be a boolean');
  check(status === undefined || (Number.isInteger(status) && status >= 200 && status <= 599), 'status must be 200-599');
  check(body === undefined || typeof body === 'string', 'body must be a string');
  check(body === undefined || json === undefined, 'give body or json, not both');
  check(type === undefined || (typeof type === 'string' && type !== ''), 'type must be a non-empty string');
  check(param === undefined || typeof param === 'string', 'param must be a string');
  check(
    (type === undefined && param === undefined) || (status >= 400 && body === undefined && json === undefined),
    'type and param go with an error status, without body or json',
  );
  check(headers !== null && typeof headers === 'object' && !Array.isArray(headers), 'headers must be an object');
  check(isDuration(delayMs) && isDuration(dripMs), 'delayMs and dripMs must be non-negative numbers');
  check(Number.isSafeInteger(dripBytes) && dripBytes > 0, 'dripBytes must be a positive integer');
  check(action === undefined || ACTIONS.has(action), `action must be one of ${[...ACTIONS].join(', ')}`);
  let allTaken;
  return {
    method: method?.toUpperCase(),
    path,
    remaining: times,
    // With `together`, every request that takes the fault waits for this:
    // resolved when the last of its `times` requests has arrived.
    allTaken: together ? new Promise((resolve) => (allTaken = resolve)) : undefined,
    onAllTaken: () => allTaken?.(),
    status,
    type,
    param,
    body,
    json,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])),
    delayMs,
    action,
    dripMs,
    dripBytes,
  };
}

function check(ok, message) {
  if (!ok) throw new TypeError(`invalid fault: ${message}`);
}

function isDuration(value) {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The faults waiting for requests, in the order they were queued. */
export class FaultQueue {
  #faults = [];

  /** Queue one fault or an array of them (all or none: a bad one rejects the lot). */
  push(input) {
    const faults = (Array.isArray(input) ? input : [input]).map(parseFault);
    this.#faults.push(...faults);
    return this.#faults.length;
  }

  /** Consume one use of the first fault matching this request; undefined if none does. */
  take(method, path) {
    const index = this.#faults.findIndex((fault) => matches(fault, method, path));
    if (index < 0) return undefined;
    const fault = this.#faults[index];
    fault.remaining -= 1;
    if (fault.remaining === 0) {
      this.#faults.splice(index, 1);
      fault.onAllTaken();
    }
    return fault;
  }

  clear() {
    this.#faults = [];
  }
}

// `fault.path` is an exact raw path, or a prefix when it ends in '*'.
function matches(fault, method, path) {
  if (fault.method !== undefined && fault.method !== method) return false;
  if (fault.path === undefined) return true;
  return fault.path.endsWith('*') ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}

/**
 * The response a fault answers with instead of the service, or undefined when it has
 * no status, body or json (then the service answers, and only the delivery is faulty).
 * A status alone gets an error body of the type the service gives it (none below 400),
 * or of the fault's `type`; on a dated request (`call.dated`) in the dated envelope,
 * with the answer's request id and the fault's `param`.
 */
export function faultResponse(fault, call) {
  const { status, body, json: value, headers } = fault;
  if (status === undefined && body === undefined && value === undefined) return undefined;
  if (body !== undefined) {
    return { status: status ?? 200, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
  }
  if (value !== undefined) return json(status ?? 200, value, headers);
  if (status < 400) return { status, headers, body: '' };
  const type = fault.type ?? ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  const message = `mock fault: HTTP ${status}`;
  if (call?.dated) return datedError(status, type, message, call.requestId, { param: fault.param, headers, keepType: fault.type !== undefined });
  return json(status, { error: { message, type } }, headers);
}
