// The moonshot-files client, as an app uses it: no API key here. The page calls
// its own origin's /v1/files; the server that serves the page forwards those
// calls with the key (../vite.config.js).
import { Moonshot } from 'moonshot-files';

// (If the module cannot load, boot.js says so in the page.)
const client = new Moonshot({ baseURL: `${location.origin}/v1` });

/** `client.files`: async, as when the module was loaded on demand. */
export async function files() {
  return client.files;
}

// What a person can do about each kind of error. Keyed by `err.name`, which the
// package sets on every class (a minifier cannot rename it).
const HINTS = {
  AuthenticationError:
    'The API key was refused. The key lives on the server that serves this page: check its MOONSHOT_API_KEY.',
  PermissionDeniedError: 'The API key is not allowed to do this.',
  NotFoundError: 'The file is not there any more: it may have been deleted elsewhere.',
  RateLimitError: 'Too many requests for now. Wait a moment, then try again.',
  QuotaExceededError: 'The account is out of balance or suspended: trying again will not help until it is topped up.',
  InternalServerError: 'The service, or the server in front of it, failed. Try again in a moment.',
  ConnectionError: 'No answer came. Is the server that serves this page (make demo) still running?',
  TimeoutError: 'No answer came in time, even after a retry. The network or the service is slow: try again in a moment.',
  AbortError: 'Cancelled.',
  InvalidResponseError: 'The answer was not what the Files API promises.',
};

/**
 * An error as the page shows it: `name` (the class), `message`, `facts` (HTTP
 * status, error type, request id) and `hint` (what to do). Everything in it is
 * text, to be put in the page with textContent.
 */
export function describeError(error) {
  const name = typeof error?.name === 'string' && error.name ? error.name : 'Error';
  const message = (typeof error?.message === 'string' && error.message) || String(error);
  const facts = [
    Number.isInteger(error?.status) && `HTTP ${error.status}`,
    typeof error?.type === 'string' && error.type,
    typeof error?.path === 'string' && error.path && `at ${error.path}`,
    typeof error?.requestId === 'string' && error.requestId && `request ${error.requestId}`,
  ].filter(Boolean);
  let hint = Object.hasOwn(HINTS, name) ? HINTS[name] : '';
  if (name === 'InternalServerError' && [502, 503, 504].includes(error?.status)) {
    hint = 'The server that serves this page could not reach the Files API (the mock or the real service): is it up?';
  }
  if (name === 'TypeError' && /import|module/i.test(message)) {
    hint = 'The page could not load the moonshot-files module. Reload the page; if it persists, rebuild with make demo.';
  }
  return { name, message, facts, hint };
}
