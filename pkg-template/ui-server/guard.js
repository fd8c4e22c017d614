// What may reach the Files API through a server that serves the dashboard and
// holds the key: one rule set for both such servers, `moonshot-files ui`
// (./server.js) and `make demo`'s Vite dev server (www/vite.config.js).
//
//   - only this server's own address: a Host other than the one it printed is
//     refused (a DNS-rebound name would otherwise reach it as a "same origin");
//   - a random token, printed once in the URL (`/?token=...`), is traded once
//     for a separate random session secret in an HttpOnly, SameSite=Strict
//     cookie; every API call needs it, so another local program's or site's
//     page cannot use the key, and a token read later (from `ps`, a shell
//     history) opens nothing;
//   - calls another site made the browser send are refused (Sec-Fetch-Site,
//     Origin): a cross-site form can POST an upload without a preflight;
//   - only GET, POST and DELETE of /v1/files and the paths under it, in normal
//     form, are forwarded, and only to the one upstream (./forward.js adds the
//     key there, and makes the answers ones a browser will not run);
//   - a request the guard refuses gets its refusal before any `100 Continue`
//     (`checkContinue`), so its body is never asked for.
//
// `decide` is pure: a request's method, target, headers and port in, what to
// do out. `createGuard` does it, as a connect-style middleware.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { forward } from './forward.js';
import { isLoopback } from './loopback.js';

export const DEFAULT_BASE_URL = 'https://api.moonshot.cn/v1';
export const INFO_PATH = '/__moonshot/info';

// Anything under /v1 or /__moonshot is answered here, never by a file server.
const API_PATH = /^\/v1(?:\/|$)/;
const OWN_PATH = /^\/__moonshot(?:\/|$)/;
// The exact paths forwarded: /v1/files and under it, no empty, `.` or `..` segments.
const FORWARDED_PATH = /^\/v1\/files(?:\/[^/]+)*$/;
// What the Files API takes; anything else stays here (an upstream that echoes a TRACE would send the key back).
const FORWARDED_METHODS = ['GET', 'POST', 'DELETE'];
// A segment that decodes to one of these would be more than one segment upstream, or a header's end.
const UNSAFE_IN_SEGMENT = /[/\\\x00-\x1f\x7f]/;

/** A fresh token: 256 random bits, URL-safe. */
export function newToken() {
  return randomBytes(32).toString('base64url');
}

/** `127.0.0.1:8080`, `[::1]:8080`: what a browser sends as Host for this address. */
export function hostWithPort(host, port) {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** The URL to print: the server's address with its token. */
export function entryUrl(host, port, token) {
  return `http://${hostWithPort(host, port)}/?token=${token}`;
}

/** The cookie's name: one per port, since a browser sends a host's cookies to each of its ports. */
export function cookieName(port) {
  return `moonshot_files_ui_${port}`;
}

/**
 * The API base URL as the guard forwards to it, `{ base, origin }` (base
 * without a trailing slash; a bare origin gets /v1), or an Error saying what
 * is wrong with it.
 */
export function readUpstream(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the API base URL is not a URL: ${text}`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new Error(`the API base URL must be a plain http(s) URL such as ${DEFAULT_BASE_URL}, not ${text}`);
  }
  // Only loopback may be reached over plain http: the key would cross the network in clear.
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new Error(`the API base URL must use https (plain http only to this machine): ${text}`);
  }
  const path = url.pathname.replace(/\/+$/, '') || '/v1';
  return { base: `${url.origin}${path}`, origin: url.origin };
}

const refuse = (status, type, message) => ({ action: 'refuse', status, type, message });

/**
 * Every value of cookie `name` in a Cookie header: a page on another port of
 * this host can set a second one (Path=/v1 comes first), which must not lock
 * the user out.
 */
function cookieValues(header, name) {
  const values = [];
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) values.push(part.slice(at + 1).trim());
  }
  return values;
}

// Constant time for equal lengths; the length of a random secret tells nothing.
function sameToken(given, token) {
  if (typeof given !== 'string' || typeof token !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the Host header names this server's address and port, compared parsed (`[0::1]` is `[::1]`). */
function isOwnHost(header, own) {
  if (typeof header !== 'string' || /[/?#@\\]/.test(header) || !URL.canParse(`http://${header}`)) return false;
  return new URL(`http://${header}`).host === new URL(`http://${own}`).host;
}

/** Whether a forwarded path's segments after /v1/files decode to plain segments. */
function plainSegments(path) {
  return path
    .split('/')
    .slice(3)
    .every((segment) => {
      try {
        return !UNSAFE_IN_SEGMENT.test(decodeURIComponent(segment));
      } catch {
        return false;
      }
    });
}

// A request another site made the browser send. Origin is compared with the
// Host, which has been checked to be this server's own by then.
function isCrossSite(headers) {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  return headers.origin !== undefined && headers.origin !== `http://${headers.host}`;
}

/**
 * What to do with a request. `req`: `{ method, url, headers }` as node:http
 * gives them; `server`: `{ host, port, token, session, spent, upstream,
 * command, apiVersion }` (session: the secret the token is traded for;
 * spent: whether it was; upstream from readUpstream, or null; command: how
 * this server is started, which the page names in its hints; apiVersion:
 * the dated API version the page is to speak, or null; the page sends its
 * kimi-api-version itself). One of:
 *   { action: 'serve' }                         the page's own files: not ours to answer
 *   { action: 'enter', location, cookie }       the token link: set the cookie (null: the
 *                                               browser holds it already), redirect
 *   { action: 'info', body }                    GET /__moonshot/info
 *   { action: 'forward', target }               to the upstream, at this URL
 *   { action: 'refuse', status, type, message } an answer in the API's error shape
 *                                               (with `page: true`, for a person: plain text;
 *                                               with `allow`, the methods that are)
 * @param {{ method: string, url: string, headers: import('node:http').IncomingHttpHeaders }} req
 * @param {{ host: string, port?: number, token: string, session: string, spent?: boolean, upstream: { base: string, origin: string } | null, command?: string | null, apiVersion?: string | null }} server
 */
export function decide(req, { host, port, token, session, spent = false, upstream, command = null, apiVersion = null }) {
  const { method, headers } = req;
  const url = req.url ?? '';
  const own = hostWithPort(host, port);
  if (!isOwnHost(headers.host, own)) {
    return refuse(403, 'permission_denied_error', `this server answers only to ${own}: open the URL it printed`);
  }
  if (!url.startsWith('/')) return refuse(400, 'invalid_request_error', 'the request target must be a path');
  const rawPath = url.split('?', 1)[0];
  let parsed;
  try {
    parsed = new URL(url, `http://${own}`);
  } catch {
    return refuse(400, 'invalid_request_error', 'the request target is not a URL path');
  }
  const path = parsed.pathname;
  const api = API_PATH.test(rawPath) || API_PATH.test(path);
  const ours = OWN_PATH.test(rawPath) || OWN_PATH.test(path);

  const hasSession = cookieValues(headers.cookie, cookieName(port)).some((value) => sameToken(value, session));

  if (!api && !ours) {
    if (!parsed.searchParams.has('token')) return { action: 'serve' };
    if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'invalid_request_error', 'the token link is opened with GET');
    if (!sameToken(parsed.searchParams.get('token'), token)) {
      return refuse(403, 'permission_denied_error', "this link's token is not this server's: open the URL the server printed when it started");
    }
    // A browser that holds the session already (the link opened twice in it) goes on to the page.
    if (spent && !hasSession) {
      return {
        ...refuse(403, 'permission_denied_error', `This link was used already: it opens the dashboard once. Use the tab it opened, or restart ${command ?? 'the server'} for a new link.`),
        page: true,
      };
    }
    parsed.searchParams.delete('token');
    return {
      action: 'enter',
      // One leading slash: `/.//evil.com/` resolves to the path `//evil.com/`, which a browser reads as another host.
      location: `/${parsed.pathname.replace(/^\/+/, '')}${parsed.search}`,
      cookie: spent ? null : `${cookieName(port)}=${session}; Path=/; HttpOnly; SameSite=Strict`,
    };
  }

  if (isCrossSite(headers)) return refuse(403, 'permission_denied_error', 'requests from other sites are refused');
  if (!hasSession) {
    return refuse(403, 'permission_denied_error', 'no valid token: open the dashboard from the URL its server printed (it carries the token)');
  }
  // `..` and `%2e` segments resolve: refuse any path that normal form would change.
  if (path !== rawPath) return refuse(400, 'invalid_request_error', 'the request path is not in normal form');
  if (ours) {
    if (path !== INFO_PATH) return refuse(404, 'resource_not_found_error', `${path} is not here`);
    if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'invalid_request_error', `${INFO_PATH} takes GET`);
    // The version only when one is in use: the compatible answer stays as it was.
    return { action: 'info', body: { upstream: upstream?.origin ?? null, command, ...(apiVersion ? { apiVersion } : {}) } };
  }
  if (!FORWARDED_PATH.test(path)) return refuse(404, 'resource_not_found_error', `${path} is not forwarded: only /v1/files is`);
  if (!plainSegments(path)) return refuse(400, 'invalid_request_error', 'a file id cannot hold an encoded /, \\ or control character');
  if (!FORWARDED_METHODS.includes(method)) {
    return { ...refuse(405, 'invalid_request_error', `/v1/files takes ${FORWARDED_METHODS.join(', ')}`), allow: FORWARDED_METHODS.join(', ') };
  }
  if (!upstream) return refuse(503, 'server_error', 'this server has no upstream: start it with `make demo` or `moonshot-files ui`');
  // '/v1/files/x?y' -> '<base>/files/x?y', the query as it came.
  return { action: 'forward', target: `${upstream.base}${path.slice('/v1'.length)}${url.slice(rawPath.length)}` };
}

/** A JSON answer that no cache keeps and no browser sniffs. */
export function sendJson(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** A refusal as the guard words it: JSON for the page's calls, plain text for a person at the link. */
function sendRefusal(res, decision, headers = {}) {
  if (decision.allow) headers = { ...headers, allow: decision.allow };
  if (!decision.page) return sendJson(res, decision.status, { error: { message: decision.message, type: decision.type } }, headers);
  const body = `${decision.message}\n`;
  res.writeHead(decision.status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/**
 * The guard as a middleware, `(req, res, next)`: it answers or forwards
 * everything under /v1 and /__moonshot and the token link, and calls `next`
 * for the page's own files. `host`: the address the server printed (its port
 * is the socket's); `upstream`: readUpstream's, or null (API calls then get
 * 503); `key`: sent upstream, never answered. `guard.checkContinue(req, res,
 * proceed)` is for the server's 'checkContinue' event: a refusal is answered
 * before any 100 Continue, anything else gets its 100 and `proceed()`.
 * `onSpent()` runs once, when the token is traded.
 * @param {{ host?: string, token: string, upstream?: { base: string, origin: string } | null, key?: string, command?: string | null, onSpent?: () => void, apiVersion?: string | null }} options
 */
export function createGuard({ host = '127.0.0.1', token, upstream = null, key, command = null, onSpent = () => {}, apiVersion = null }) {
  if (typeof token !== 'string' || token.length < 16) throw new Error('the guard needs a token of 16 characters or more');
  if (upstream && !key) throw new Error('the guard needs the API key to forward to the upstream');
  // What the token is traded for: the token itself never becomes a credential.
  const session = newToken();
  let spent = false;
  const decideFor = (req) => decide(req, { host, port: req.socket.localPort, token, session, spent, upstream, command, apiVersion });
  function guard(req, res, next) {
    const decision = decideFor(req);
    switch (decision.action) {
      case 'serve':
        return next();
      case 'enter':
        if (!spent) {
          spent = true;
          onSpent();
        }
        res.writeHead(303, {
          location: decision.location,
          ...(decision.cookie && { 'set-cookie': decision.cookie }),
          'cache-control': 'no-store',
          'content-length': 0,
        });
        return res.end();
      case 'info':
        return sendJson(res, 200, decision.body);
      case 'forward':
        return forward(req, res, decision.target, key);
      default:
        return sendRefusal(res, decision);
    }
  }
  guard.checkContinue = (req, res, proceed) => {
    const decision = decideFor(req);
    // The client sends no body after a refusal: the connection is not reused for one it may send anyway.
    if (decision.action === 'refuse') return sendRefusal(res, decision, { connection: 'close' });
    res.writeContinue();
    proceed();
  };
  return guard;
}
