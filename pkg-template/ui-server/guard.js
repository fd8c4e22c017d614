// What may reach the Files API through a server that serves the dashboard and
// holds the key: one rule set for both such servers, `moonshot-files ui`
// (./server.js) and `make demo`'s Vite dev server (www/vite.config.js).
//
//   - only this server's own address: a Host other than the one it printed is
//     refused (a DNS-rebound name would otherwise reach it as a "same origin");
//   - a random token, printed once in the URL (`/?token=...`), is traded for an
//     HttpOnly, SameSite=Strict cookie; every API call needs it, so another
//     local program's or site's page cannot use the key;
//   - calls another site made the browser send are refused (Sec-Fetch-Site,
//     Origin): a cross-site form can POST an upload without a preflight;
//   - only /v1/files and the paths under it, in normal form, are forwarded, and
//     only to the one upstream (./forward.js adds the key there).
//
// `decide` is pure: a request's method, target, headers and port in, what to
// do out. `createGuard` does it, as a connect-style middleware.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { forward } from './forward.js';

export const DEFAULT_BASE_URL = 'https://api.moonshot.cn/v1';
export const INFO_PATH = '/__moonshot/info';

// Anything under /v1 or /__moonshot is answered here, never by a file server.
const API_PATH = /^\/v1(?:\/|$)/;
const OWN_PATH = /^\/__moonshot(?:\/|$)/;
// The exact paths forwarded: /v1/files and under it, no empty, `.` or `..` segments.
const FORWARDED_PATH = /^\/v1\/files(?:\/[^/]+)*$/;
// Only loopback may be reached over plain http: the key would cross the network in clear.
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

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
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw new Error(`the API base URL must use https (plain http only to this machine): ${text}`);
  }
  const path = url.pathname.replace(/\/+$/, '') || '/v1';
  return { base: `${url.origin}${path}`, origin: url.origin };
}

const refuse = (status, type, message) => ({ action: 'refuse', status, type, message });

/** The value of cookie `name` in a Cookie header, or undefined. */
function cookieValue(header, name) {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function sameToken(given, token) {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
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
 * gives them; `server`: `{ host, port, token, upstream, command }` (upstream
 * from readUpstream, or null; command: how this server is started, which the
 * page names in its hints; apiVersion: the dated API version the page is to
 * speak, or null; the page sends its kimi-api-version itself). One of:
 *   { action: 'serve' }                         the page's own files: not ours to answer
 *   { action: 'enter', location, cookie }       the token link: set the cookie, redirect
 *   { action: 'info', body }                    GET /__moonshot/info
 *   { action: 'forward', target }               to the upstream, at this URL
 *   { action: 'refuse', status, type, message } an answer in the API's error shape
 */
export function decide(req, { host, port, token, upstream, command = null, apiVersion = null }) {
  const { method, headers } = req;
  const url = req.url ?? '';
  const own = hostWithPort(host, port);
  if (headers.host !== own) {
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

  if (!api && !ours) {
    if (!parsed.searchParams.has('token')) return { action: 'serve' };
    if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'invalid_request_error', 'the token link is opened with GET');
    if (!sameToken(parsed.searchParams.get('token'), token)) {
      return refuse(403, 'permission_denied_error', "this link's token is not this server's: open the URL the server printed when it started");
    }
    parsed.searchParams.delete('token');
    return {
      action: 'enter',
      location: `${parsed.pathname}${parsed.search}`,
      cookie: `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    };
  }

  if (isCrossSite(headers)) return refuse(403, 'permission_denied_error', 'requests from other sites are refused');
  if (!sameToken(cookieValue(headers.cookie, cookieName(port)), token)) {
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
  if (!upstream) return refuse(503, 'server_error', 'this server has no upstream: start it with `make demo` or `moonshot-files ui`');
  // '/v1/files/x?y' -> '<base>/files/x?y', the query as it came.
  return { action: 'forward', target: `${upstream.base}${path.slice('/v1'.length)}${url.slice(rawPath.length)}` };
}

/** A JSON answer that no cache keeps. */
export function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/**
 * The guard as a middleware, `(req, res, next)`: it answers or forwards
 * everything under /v1 and /__moonshot and the token link, and calls `next`
 * for the page's own files. `host`: the address the server printed (its port
 * is the socket's); `upstream`: readUpstream's, or null (API calls then get
 * 503); `key`: sent upstream, never answered.
 */
export function createGuard({ host = '127.0.0.1', token, upstream = null, key, command = null, apiVersion = null }) {
  if (typeof token !== 'string' || token.length < 16) throw new Error('the guard needs a token of 16 characters or more');
  if (upstream && !key) throw new Error('the guard needs the API key to forward to the upstream');
  return function guard(req, res, next) {
    const decision = decide(req, { host, port: req.socket.localPort, token, upstream, command, apiVersion });
    switch (decision.action) {
      case 'serve':
        return next();
      case 'enter':
        res.writeHead(303, { location: decision.location, 'set-cookie': decision.cookie, 'cache-control': 'no-store', 'content-length': 0 });
        return res.end();
      case 'info':
        return sendJson(res, 200, decision.body);
      case 'forward':
        return forward(req, res, decision.target, key);
      default:
        return sendJson(res, decision.status, { error: { message: decision.message, type: decision.type } });
    }
  };
}
