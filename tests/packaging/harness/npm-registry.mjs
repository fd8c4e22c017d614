// A registry of one package on loopback: the packed tarball, served the way
// the npm registry serves a package (its metadata document, then the
// tarball), for a tool that fetches `npm:moonshot-files` itself (Deno with
// no package.json) and must get the tarball under test, not the public one.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { run } from './processes.mjs';

/** Serves `tarball`; gives { url, requested, close }. */
export async function serveRegistry(tarball) {
  const bytes = fs.readFileSync(tarball);
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  const manifest = JSON.parse(stdout);
  const requested = [];
  const server = http.createServer((req, res) => {
    requested.push(req.url);
    const base = `http://${req.headers.host}`;
    const file = `/${manifest.name}/-/${path.basename(tarball)}`;
    if (req.url === `/${manifest.name}`) {
      const version = {
        ...manifest,
        dist: {
          tarball: base + file,
          shasum: createHash('sha1').update(bytes).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
        },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: manifest.name, 'dist-tags': { latest: manifest.version }, versions: { [manifest.version]: version } }));
    } else if (req.url === file) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requested,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
