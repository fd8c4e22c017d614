// The server behind `moonshot-files ui`: node:http in the CLI's own process,
// the guard first (./guard.js: the token, the Host, the one upstream), then
// the dashboard's files from the installed package (./files.js).
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createGuard, entryUrl, hostWithPort, newToken } from './guard.js';
import { createFileServer } from './files.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Listens on `host`:`port` (0: a free port) and serves the dashboard, its
 * /v1/files forwarded to `upstream` (guard.readUpstream's) with `key`;
 * `apiVersion` (or null) is told to the page, which sends it itself.
 * Resolves to `{ url, origin, port, close() }`; `url` carries the token,
 * which works once (`onSpent()` runs then).
 * @param {{ upstream: { base: string, origin: string } | null, key?: string, host?: string, port?: number, packageDir?: string, onSpent?: () => void, apiVersion?: string | null }} options
 */
export async function startUiServer({ upstream, key, host = '127.0.0.1', port = 0, packageDir = PACKAGE_DIR, onSpent, apiVersion = null }) {
  const token = newToken();
  const guard = createGuard({ host, token, upstream, key, command: 'npx moonshot-files ui', onSpent, apiVersion });
  const serveFile = createFileServer(packageDir);
  const handle = (req, res) => guard(req, res, () => serveFile(req, res));
  const server = http.createServer(handle);
  // A request that the guard refuses gets no 100 Continue: its body is never asked for.
  server.on('checkContinue', (req, res) => guard.checkContinue(req, res, () => handle(req, res)));
  // An upload of 100 MB on a slow link takes longer than Node's 5 minutes a request.
  server.requestTimeout = 0;
  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    })
  );
  const bound = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: entryUrl(host, bound, token),
    origin: `http://${hostWithPort(host, bound)}`,
    port: bound,
    /** Stops listening and ends every connection (uploads under way among them). */
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        })
      ),
  };
}
