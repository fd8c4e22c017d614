// The demo page's dev (and preview) server. The page calls its own origin's
// /v1/files; this server forwards those requests, and only those, to the
// Moonshot API (or the mock), adding the API key on the way out. The key stays
// in this process: it is in no served file and in no response. What may pass
// is decided by the package's own guard, the one `moonshot-files ui` uses
// (pkg-template/ui-server/guard.js): the token, the Host, the one upstream.
//
// Environment (set by scripts/demo.mjs, or by hand for `vite preview`):
//   MOONSHOT_UPSTREAM    the API base URL, e.g. https://api.moonshot.cn/v1 (a bare
//                        origin gets /v1); requests go to <base>/files...
//   MOONSHOT_PROXY_KEY   the API key sent upstream as `Authorization: Bearer <key>`
//   MOONSHOT_UI_TOKEN    the token the page's URL carries (`/?token=...`), traded
//                        for a cookie that every API call needs
//   MOONSHOT_API_VERSION the dated API version the page is to speak (told to it by
//                        /__moonshot/info; it sends kimi-api-version itself)
// Without them the page loads, the server prints its URL with a fresh token,
// and /v1/files answers 503 with a hint.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { createGuard, entryUrl, newToken, readUpstream } from '../pkg-template/ui-server/guard.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const HOST = '127.0.0.1';

/** The guard's settings from the environment: upstream and key (both or neither) and the token. */
function guardFromEnv(env = process.env) {
  const base = env.MOONSHOT_UPSTREAM?.trim();
  const key = env.MOONSHOT_PROXY_KEY?.trim();
  const token = env.MOONSHOT_UI_TOKEN?.trim();
  if (Boolean(base) !== Boolean(key)) throw new Error('vite.config.js: set both MOONSHOT_UPSTREAM and MOONSHOT_PROXY_KEY, or neither');
  let upstream = null;
  if (base) {
    try {
      upstream = readUpstream(base);
    } catch (error) {
      throw new Error(`vite.config.js: MOONSHOT_UPSTREAM: ${error.message}`);
    }
  }
  const apiVersion = env.MOONSHOT_API_VERSION?.trim() || null;
  return { upstream, key, token: token || newToken(), printed: Boolean(token), apiVersion };
}

/** Runs before Vite's own middlewares: answers or forwards /v1 and /__moonshot, checks every Host. */
function moonshotGuard({ upstream, key, token, printed, apiVersion }) {
  const guard = createGuard({ host: HOST, token, upstream, key, command: 'make demo', apiVersion });
  const install = (server) => {
    server.middlewares.use(guard);
    // A request that the guard refuses gets no 100 Continue: its body is never asked for.
    server.httpServer?.on('checkContinue', (req, res) => guard.checkContinue(req, res, () => server.httpServer.emit('request', req, res)));
    // By hand (no scripts/demo.mjs to print it), the URL with its token is said here.
    if (!printed) {
      server.httpServer?.once('listening', () => {
        server.config.logger.info(`  Dashboard with its token: ${entryUrl(HOST, server.httpServer.address().port, token)}`);
      });
    }
  };
  return { name: 'moonshot-guard', configureServer: install, configurePreviewServer: install };
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

// Headers on the page's own files.
const headers = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export default defineConfig({
  root,
  plugins: [moonshotGuard(guardFromEnv())],
  server: {
    host: HOST,
    cors: false,
    headers,
    fs: { allow: [root, ...packageDir()] },
    // A rebuild of the package (make build) rewrites pkg/ file by file: a page
    // reloaded halfway would load half a package, and an open dashboard would
    // lose its uploads. Reload by hand after a rebuild.
    watch: { ignored: packageDir().map((dir) => `${dir}/**`) },
  },
  preview: {
    host: HOST,
    cors: false,
    headers,
  },
});
