// The demo page's dev (and preview) server. The page calls its own origin's
// /v1/files; this server forwards those requests, and only those, to the
// Moonshot API (or the mock), adding the API key on the way out. The key stays
// in this process: it is in no served file and in no response.
//
// Environment (set by scripts/demo.mjs, or by hand for `vite preview`):
//   MOONSHOT_UPSTREAM    the API base URL, e.g. https://api.moonshot.cn/v1 (a bare
//                        origin gets /v1); requests go to <base>/files...
//   MOONSHOT_PROXY_KEY   the API key sent upstream as `Authorization: Bearer <key>`
// Without them the page loads, and /v1/files answers 503 with a hint.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// What the proxy forwards: /v1/files and the paths under it, e.g.
// /v1/files/{id}/content. Vite matches a context starting with ^ as a regex.
const PROXY_CONTEXT = '^/v1/files(?:[/?]|$)';
// The exact paths allowed through: no empty, `.` or `..` segments.
const PROXIED_PATH = /^\/v1\/files(?:\/[^/]+)*$/;
// Anything under /v1 is answered by the guard or the proxy, never by Vite.
const API_PATH = /^\/v1(?:\/|$)/;

// Browser headers that must not reach the API: credentials of this origin (the
// page's own cookies, any Authorization it sends) and where the call came from.
const DROPPED_REQUEST_HEADERS = ['cookie', 'authorization', 'proxy-authorization', 'origin', 'referer'];

/** The upstream from the environment, or null when the proxy is not configured. */
function upstreamFromEnv(env = process.env) {
  const base = env.MOONSHOT_UPSTREAM?.trim();
  const key = env.MOONSHOT_PROXY_KEY?.trim();
  if (!base && !key) return null;
  if (!base || !key) throw new Error('vite.config.js: set both MOONSHOT_UPSTREAM and MOONSHOT_PROXY_KEY, or neither');
  let url;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`vite.config.js: MOONSHOT_UPSTREAM is not a URL: ${base}`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new Error('vite.config.js: MOONSHOT_UPSTREAM must be a plain http(s) base URL, e.g. https://api.moonshot.cn/v1');
  }
  const path = url.pathname.replace(/\/+$/, '') || '/v1';
  return { target: `${url.origin}${path}`, key };
}

/** An answer in the API's own error shape, so the client reports it like the service's. */
function sendError(res, status, type, message) {
  const body = JSON.stringify({ error: { message, type } });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

// A request another site made the browser send: it must not get to use the key
// (a cross-site form can POST a multipart upload without any preflight).
// DNS rebinding is Vite's host check's job (server.allowedHosts), which runs first.
function isCrossSite(req) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  return origin !== undefined && origin !== `http://${req.headers.host}`;
}

/** Runs before Vite's own middlewares (and its proxy): decides what may reach the upstream. */
function proxyGuard(upstream) {
  function guard(req, res, next) {
    const raw = req.url ?? '';
    const rawPath = raw.split('?', 1)[0];
    let path;
    try {
      path = new URL(raw, 'http://proxy.invalid').pathname;
    } catch {
      path = rawPath;
    }
    if (!API_PATH.test(rawPath) && !API_PATH.test(path)) return next();
    if (isCrossSite(req)) return sendError(res, 403, 'permission_denied_error', 'cross-origin requests to this proxy are refused');
    // The proxy resolves `..` and `%2e` segments: refuse any path that would change.
    if (path !== rawPath) return sendError(res, 400, 'invalid_request_error', 'the request path is not in normal form');
    if (!PROXIED_PATH.test(path)) return sendError(res, 404, 'resource_not_found_error', `${path} is not forwarded: only /v1/files is`);
    if (!upstream) {
      return sendError(res, 503, 'server_error', 'the proxy has no upstream: start the page with `make demo` (or set MOONSHOT_UPSTREAM and MOONSHOT_PROXY_KEY)');
    }
    next();
  }
  return {
    name: 'moonshot-proxy-guard',
    configureServer: (server) => void server.middlewares.use(guard),
    configurePreviewServer: (server) => void server.middlewares.use(guard),
  };
}

/** Vite's proxy (http-proxy-3) for /v1/files; a fresh object for each server. */
function proxyTo(upstream) {
  if (!upstream) return undefined;
  return {
    [PROXY_CONTEXT]: {
      target: upstream.target,
      // '/v1/files/x' -> '/files/x', joined to the target's path ('/v1').
      rewrite: (path) => path.slice('/v1'.length),
      changeOrigin: true,
      xfwd: false,
      secure: true,
      configure(proxy) {
        proxy.on('proxyReq', (proxyReq) => {
          for (const name of DROPPED_REQUEST_HEADERS) proxyReq.removeHeader(name);
          proxyReq.setHeader('authorization', `Bearer ${upstream.key}`);
        });
        proxy.on('proxyRes', (proxyRes) => {
          // The page is same-origin: the upstream's CORS headers would only let
          // other sites read answers made with the key; its cookies are not ours.
          for (const name of Object.keys(proxyRes.headers)) {
            if (name === 'set-cookie' || name.startsWith('access-control-')) delete proxyRes.headers[name];
          }
        });
        // Registered before Vite's own handler, which then only logs.
        proxy.on('error', (err, _req, res) => {
          if (res && 'writeHead' in res && !res.headersSent) {
            sendError(res, 502, 'server_error', `the proxy could not reach the API (${err.code ?? 'error'})`);
          }
        });
      },
    },
  };
}

// moonshot-files is installed as a link to ../pkg: Vite serves it from its
// real path, which must be allowed (it is outside this root).
function packageDir() {
  try {
    return [realpathSync(`${root}node_modules/moonshot-files`)];
  } catch {
    return [];
  }
}

const upstream = upstreamFromEnv();

// Headers on the page's own files.
const headers = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export default defineConfig({
  root,
  plugins: [proxyGuard(upstream)],
  server: {
    host: '127.0.0.1',
    cors: false,
    headers,
    proxy: proxyTo(upstream),
    fs: { allow: [root, ...packageDir()] },
    // A rebuild of the package (make build) rewrites pkg/ file by file: a page
    // reloaded halfway would load half a package, and an open dashboard would
    // lose its uploads. Reload by hand after a rebuild.
    watch: { ignored: packageDir().map((dir) => `${dir}/**`) },
  },
  preview: {
    host: '127.0.0.1',
    cors: false,
    headers,
    proxy: proxyTo(upstream),
  },
});
