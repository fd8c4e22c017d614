// What the page says about an error: its class, message, the facts support
// asks for (HTTP status, error type, the service's request and trace ids)
// and what a person can do. Pure (no DOM; the package only for its error
// classes): tested in Node by tests/dashboard/logic.test.mjs. Everything
// returned is text, to be put in the page with textContent.
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  TimeoutError,
} from 'moonshot-files';
import { formatDuration } from './format.js';
import { describeLimit } from './rate-limit.js';

// What a person can do about each kind of error, by the package's class.
/** @type {[Function, string][]} */
const HINTS = [
  [AuthenticationError, 'The API key was refused. The key lives on the server that serves this page: check its MOONSHOT_API_KEY.'],
  [PermissionDeniedError, 'The API key is not allowed to do this.'],
  [NotFoundError, 'The file is not there any more: it may have been deleted elsewhere.'],
  [QuotaExceededError, 'The account is out of balance or suspended: trying again will not help until it is topped up.'],
  [InternalServerError, 'The service, or the server in front of it, failed. Try again in a moment.'],
  [ConnectionError, 'No answer came. Is the server that serves this page still running?'],
  [TimeoutError, 'No answer came in time, even after a retry. The network or the service is slow: try again in a moment.'],
  [AbortError, 'Cancelled.'],
  [InvalidResponseError, 'The answer was not what the Files API promises.'],
];

const text = (value) => typeof value === 'string' && value !== '';

/**
 * An error as the page shows it: `name` (the class), `message`, `facts`
 * (HTTP status, error type, where in the answer, request id, trace id),
 * `hint` (what to do), and `requestId` and `traceId` as the service sent them.
 */
export function describeError(error) {
  const name = text(error?.name) ? error.name : 'Error';
  let message = (text(error?.message) && error.message) || String(error);
  // The library ends a message with what to do where it can tell (`hint`):
  // shown once, as the hint, where the page has none of its own.
  const libraryHint = text(error?.hint) && message.endsWith(` (${error.hint})`) ? error.hint : '';
  if (libraryHint) message = message.slice(0, -(libraryHint.length + 3));
  const requestId = text(error?.requestId) ? error.requestId : undefined;
  const traceId = text(error?.traceId) ? error.traceId : undefined;
  const facts = [
    Number.isInteger(error?.status) && `HTTP ${error.status}`,
    text(error?.type) && error.type,
    text(error?.path) && `at ${error.path}`,
    requestId && `request ${requestId}`,
    traceId && `trace ${traceId}`,
  ].filter(Boolean);
  let hint = HINTS.find(([kind]) => error instanceof kind)?.[1] ?? libraryHint;
  if (error instanceof RateLimitError) hint = rateLimitHint(error);
  if (error instanceof InternalServerError && /** @type {(number | undefined)[]} */ ([502, 503, 504]).includes(error.status)) {
    hint = 'The server that serves this page could not reach the Files API (the mock or the real service): is it up?';
  }
  return { name, message, facts, hint, requestId, traceId };
}

/** One line for a list of failures: `BadRequestError: message (request …, trace …)`. */
export function failureLine(error) {
  const { name, message, requestId, traceId } = describeError(error);
  const ids = [requestId && `request ${requestId}`, traceId && `trace ${traceId}`].filter(Boolean);
  return `${name}: ${message}${ids.length ? ` (${ids.join(', ')})` : ''}`;
}

/** Whether the service refused the API key itself (a 401), as opposed to any other failure. */
export function isKeyRefused(error) {
  return error instanceof AuthenticationError;
}

// A rate limit still there after the client's own waits: which one, and when to try again.
function rateLimitHint(error) {
  const limit = describeLimit(error?.limit, error?.limitValue);
  const after = Number.isFinite(error?.retryAfterMs) && error.retryAfterMs > 0 ? Math.max(1, Math.ceil(error.retryAfterMs / 1000)) : null;
  if (error?.limit === 'overloaded') {
    return `The service is overloaded; this can last minutes. Try again ${after ? `in ${formatDuration(after)}` : 'later'}.`;
  }
  const which = limit ? `The service's rate limit (${limit})` : "The service's rate limit";
  return `${which} was still reached after waiting for it. Try again ${after ? `in ${formatDuration(after)}` : 'in a moment'}.`;
}
