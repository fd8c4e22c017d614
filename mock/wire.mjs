// Responses as plain values `{ status, headers, body }`, and how they go on the wire:
// honestly, or broken in the ways a network breaks them (see faults.mjs).
import { setTimeout as sleep } from 'node:timers/promises';

/** An error answered with the service's ErrorResponse body. */
export class ApiError extends Error {
  constructor(status, type, message, headers = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.headers = headers;
  }

  toResponse() {
    return json(this.status, { error: { message: this.message, type: this.type } }, this.headers);
  }
}

export function invalidRequest(message) {
  return new ApiError(400, 'invalid_request_error', message);
}

export function json(status, value, headers = {}) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

// Bytes claimed by a 'truncate' fault's Content-Length but never sent.
const TRUNCATED_BYTES = 64;

/**
 * Write `response` to `res`. `fault` (optional) breaks the delivery: its `action`
 * 'drop-mid-body', 'truncate' or 'drip' (with `dripMs`, `dripBytes`). `signal` ends a
 * drip when the server closes.
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
