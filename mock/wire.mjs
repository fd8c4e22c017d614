// Responses as plain values `{ status, headers, body }`, and how they go on the wire:
// honestly, or broken in the ways a network breaks them (see faults.mjs).
import { setTimeout as sleep } from 'node:timers/promises';

/** The one dated version the service knows today (its `kimi-api-version` value). */
export const DATED_VERSION = '2026-09-01-beta';

// The dated API's closed vocabulary: each type has one status.
export const DATED_TYPES = Object.freeze({
  invalid_parameter_error: 400,
  invalid_request_error: 400,
  failed_precondition_error: 400,
  authentication_error: 401,
  permission_denied_error: 403,
  resource_not_found_error: 404,
  conflict_error: 409,
  rate_limit_reached_error: 429,
  exceeded_current_quota_error: 429,
  server_error: 500,
});
const DATED_BY_STATUS = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_denied_error',
  404: 'resource_not_found_error',
  409: 'conflict_error',
  429: 'rate_limit_reached_error',
};

/**
 * An error answered with the service's ErrorResponse body: the compatible
 * `{message, type}`, or on a dated request the dated envelope (see datedError).
 * `param` names the field at fault (dated answers only).
 */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} type
   * @param {string} message
   * @param {Record<string, string>} [headers]
   * @param {{ param?: string }} [options]
   */
  constructor(status, type, message, headers = {}, { param } = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.headers = headers;
    this.param = param;
  }

  /** `call`: the request's `{ dated, requestId }`; absent or not dated, the compatible body. */
  toResponse(call) {
    if (call?.dated) return datedError(this.status, this.type, this.message, call.requestId, this);
    return json(this.status, { error: { message: this.message, type: this.type } }, this.headers);
  }
}

/**
 * The dated envelope `{error: {type, message, request_id, param?}}`. A compatible
 * type is mapped to the dated one of its status (401 authentication_error, 5xx
 * server_error, ...); the mock's 405 becomes a 400 invalid_request_error, as the
 * vocabulary has no 405. A rate_limit_reached_error always carries Retry-After
 * (integer seconds; 1 unless given).
 * @param {number} status
 * @param {string} type
 * @param {string} message
 * @param {string} requestId
 * @param {{ param?: string, headers?: Record<string, string>, keepType?: boolean }} [options]
 */
export function datedError(status, type, message, requestId, { param, headers = {}, keepType = false } = {}) {
  const datedStatus = status === 405 ? 400 : status;
  let datedType = type;
  // `keepType`: a fault's own type, maybe one the vocabulary does not have yet (the enums are open).
  if (!keepType && DATED_TYPES[type] !== datedStatus) {
    datedType = datedStatus >= 500 ? 'server_error' : (DATED_BY_STATUS[datedStatus] ?? 'invalid_request_error');
  }
  const extra = { ...headers };
  if (datedType === 'rate_limit_reached_error' && !Object.keys(extra).some((name) => name.toLowerCase() === 'retry-after')) {
    extra['retry-after'] = '1';
  }
  const error = { type: datedType, message, request_id: requestId };
  if (param !== undefined) error.param = param;
  return json(datedStatus, { error }, extra);
}

export function invalidRequest(message) {
  return new ApiError(400, 'invalid_request_error', message);
}

/** A dated 400 naming the field at fault. */
export function invalidParameter(param, message) {
  return new ApiError(400, 'invalid_parameter_error', message, {}, { param });
}

/**
 * An answer as the mock writes it.
 * @typedef {{ status: number, headers?: Record<string, string | number>, body?: string | Uint8Array }} WireResponse
 */

/** @param {number} status @param {unknown} value @param {Record<string, string>} [headers] @returns {WireResponse} */
export function json(status, value, headers = {}) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

// Bytes claimed by a 'truncate' fault's Content-Length but never sent.
const TRUNCATED_BYTES = 64;

/**
 * Write `response` to `res`. `fault` (optional) breaks the delivery: its `action`
 * 'drop-mid-body', 'truncate' or 'drip' (with `dripMs`, `dripBytes`). `signal` ends a
 * drip when the server closes.
 * @param {import('node:http').ServerResponse} res
 * @param {WireResponse} response
 * @param {{ action?: undefined } | { action: string, dripMs: number, dripBytes: number }} [fault]  parseFault's (its defaults filled in)
 * @param {AbortSignal} [signal]
 */
export async function writeResponse(res, response, fault = {}, signal) {
  const body = Buffer.from(response.body ?? '');
  const headers = { ...response.headers };
  // 204 and 304 carry no body, so no length either.
  if (response.status !== 204 && response.status !== 304) headers['content-length'] = body.length;
  switch (fault.action) {
    case 'drop-mid-body':
      return dropMidBody(res, response.status, headers, body);
    case 'truncate':
      return truncate(res, response.status, headers, body);
    case 'drip':
      return drip(res, response.status, headers, body, fault, signal);
    default:
      res.writeHead(response.status, headers);
      res.end(body);
  }
}

// Headers and the first half of the body, then the connection is reset.
function dropMidBody(res, status, headers, body) {
  res.writeHead(status, headers);
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}

// The whole body, under a Content-Length that promises more, then the connection
// closes: the client sees the body end early.
function truncate(res, status, headers, body) {
  res.writeHead(status, { ...headers, 'content-length': body.length + TRUNCATED_BYTES, connection: 'close' });
  res.end(body);
}

// The body in `dripBytes` pieces, `dripMs` apart; gives up if the client leaves.
async function drip(res, status, headers, body, { dripMs, dripBytes }, signal) {
  res.writeHead(status, headers);
  for (let offset = 0; offset < body.length; offset += dripBytes) {
    if (offset > 0) await sleep(dripMs, undefined, { signal });
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + dripBytes));
  }
  res.end();
}
