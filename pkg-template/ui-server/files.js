// The dashboard's own files, from the installed package: the built page
// (ui/) at `/`, and the package's browser entry with its modules at
// `/moonshot-files/` (the page imports `/moonshot-files/index.js`: the very
// client this package ships, the wasm inside it, not a second copy).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};
// As the demo's Vite server sends them: no sniffing, no referrer, no framing.
const HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };
const ENTRY = '/moonshot-files/';

function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * The path's segments, decoded, or null for anything that could step out of
 * its folder: empty, `.` or `..` segments, slashes or NUL inside one.
 */
function segmentsOf(path) {
  const segments = [];
  for (const raw of path.split('/').slice(1)) {
    let segment;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/** The file a path names, or null: the package's .js modules under ENTRY, the page's files elsewhere. */
function fileFor(path, packageDir) {
  if (path.startsWith(ENTRY)) {
    const segments = segmentsOf(path.slice(ENTRY.length - 1));
    if (!segments) return null;
    const name = segments.join('/');
    const allowed = name === 'index.js' || (segments[0] === 'lib' && segments.length > 1 && name.endsWith('.js'));
    return allowed ? join(packageDir, ...segments) : null;
  }
  const segments = segmentsOf(path === '/' ? '/index.html' : path);
  return segments ? join(packageDir, 'ui', ...segments) : null;
}

/** A request handler serving the dashboard from `packageDir` (the package's root). */
export function createFileServer(packageDir) {
  return async function serveFile(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { allow: 'GET, HEAD' });
    const path = req.url.split('?', 1)[0];
    const file = fileFor(path, packageDir);
    const info = file === null ? null : await stat(file).catch(() => null);
    if (file === null || !info?.isFile()) return sendText(res, 404, 'Not found\n');
    res.writeHead(200, {
      ...HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // Built assets carry their hash in their names; the rest may change with the package.
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    pipeline(createReadStream(file), res, () => {});
  };
}
