// Forwards one request the guard admitted to the upstream, with the key, and
// its answer back: both bodies streamed (an upload may be 100 MB), only the
// request headers the Files API takes out, nothing of the upstream's cookies
// or CORS grants back in, and every answer one a browser will not run: a
// file's content is served on the dashboard's own origin, where its script
// would run with the dashboard's cookie.
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';

// One connection's business, not the next hop's (RFC 9110, 7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
// What the Files API reads of a request, and nothing else: an allow-list, so
// that a header nobody thought of (X-HTTP-Method-Override, X-Original-URL,
// the browser's cookies) never reaches the upstream. The body's framing is
// node's to set again.
const FORWARDED_REQUEST_HEADERS = new Set(['accept', 'content-type', 'content-length', 'kimi-api-version', 'idempotency-key', 'range']);
const DROPPED_RESPONSE_HEADERS = new Set([...HOP_BY_HOP, 'set-cookie']);
// Every forwarded answer: no sniffing it into HTML, no cache keeping it, and
// if a browser renders it all the same, no script, no subresource.
const ANSWER_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "sandbox; default-src 'none'",
};
// A file's content the page reads as data; anything else is saved, never shown.
const READABLE_CONTENT = new Set(['application/json', 'text/plain']);

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {string} key
 */
function requestHeaders(headers, key) {
  /** @type {import('node:http').OutgoingHttpHeaders} */
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (FORWARDED_REQUEST_HEADERS.has(name)) out[name] = value;
  }
  out.authorization = `Bearer ${key}`;
  return out;
}

// The page is same-origin: the upstream's CORS headers would only let other
// sites read answers made with the key; its cookies are not this server's.
function responseHeaders(headers, target) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!DROPPED_RESPONSE_HEADERS.has(name) && !name.startsWith('access-control-')) out[name] = value;
  }
  Object.assign(out, ANSWER_HEADERS);
  const type = (headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
  if (new URL(target).pathname.endsWith('/content') && !READABLE_CONTENT.has(type)) out['content-disposition'] = 'attachment';
  return out;
}

function sendBadGateway(res, err) {
  if (res.headersSent || res.destroyed) return void res.destroy();
  const body = JSON.stringify({ error: { message: `the proxy could not reach the API (${err.code ?? 'error'})`, type: 'server_error' } });
  res.writeHead(502, { ...ANSWER_HEADERS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Sends `req` to `target` (an absolute URL) with `Authorization: Bearer <key>`, and its answer to `res`. */
export function forward(req, res, target, key) {
  const url = new URL(target);
  /** @type {{ request: typeof http.request }} */
  const transport = url.protocol === 'https:' ? https : http;
  const upstream = transport.request(url, { method: req.method, headers: requestHeaders(req.headers, key) });
  // Once: writes to a destroyed request fail again after the first error.
  upstream.once('error', (err) => {
    req.unpipe(upstream);
    sendBadGateway(res, err);
  });
  upstream.on('error', () => {});
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode, answer.statusMessage, responseHeaders(answer.headers, target));
    // A failure on either side ends both: a cut answer reaches the page as a cut answer.
    pipeline(answer, res, () => {});
  });
  // The page went away (a cancelled upload, a closed tab): so does the call.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  // pipe, not pipeline: a failed upstream must not destroy the page's socket
  // before the 502 is written.
  req.pipe(upstream);
}
