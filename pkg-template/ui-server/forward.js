// Forwards one request the guard admitted to the upstream, with the key, and
// its answer back: both bodies streamed (an upload may be 100 MB), nothing of
// the browser's credentials out, nothing of the upstream's cookies or CORS
// grants back in.
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';

// One connection's business, not the next hop's (RFC 9110, 7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
// The browser's credentials for this server (its cookies, among them the
// token, any Authorization it sends) and where the call came from; Expect is
// answered by this server already.
const DROPPED_REQUEST_HEADERS = new Set([
  ...HOP_BY_HOP,
  'host',
  'cookie',
  'authorization',
  'proxy-authorization',
  'origin',
  'referer',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'expect',
]);
const DROPPED_RESPONSE_HEADERS = new Set([...HOP_BY_HOP, 'set-cookie']);

function requestHeaders(headers, key) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!DROPPED_REQUEST_HEADERS.has(name)) out[name] = value;
  }
  out.authorization = `Bearer ${key}`;
  return out;
}

// The page is same-origin: the upstream's CORS headers would only let other
// sites read answers made with the key; its cookies are not this server's.
function responseHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!DROPPED_RESPONSE_HEADERS.has(name) && !name.startsWith('access-control-')) out[name] = value;
  }
  return out;
}

function sendBadGateway(res, err) {
  if (res.headersSent || res.destroyed) return void res.destroy();
  const body = JSON.stringify({ error: { message: `the proxy could not reach the API (${err.code ?? 'error'})`, type: 'server_error' } });
  res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

/** Sends `req` to `target` (an absolute URL) with `Authorization: Bearer <key>`, and its answer to `res`. */
export function forward(req, res, target, key) {
  const url = new URL(target);
  const transport = url.protocol === 'https:' ? https : http;
  const upstream = transport.request(url, { method: req.method, headers: requestHeaders(req.headers, key) });
  // Once: writes to a destroyed request fail again after the first error.
  upstream.once('error', (err) => {
    req.unpipe(upstream);
    sendBadGateway(res, err);
  });
  upstream.on('error', () => {});
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode, answer.statusMessage, responseHeaders(answer.headers));
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
