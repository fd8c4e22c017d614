// The loopback Files API the benchmark talks to, on 127.0.0.1 only:
//   GET  /n{count}/{form}/v1/files  a fixed list body of `count` files, built once, sent
//        from a Buffer in one of the forms real servers send: `length` (with its
//        Content-Length), `chunked` (16 KiB chunks, no length), `gzip`
//        (Content-Encoding: gzip, the compressed length); /n{count}/v1/files is `length`
//   POST /v1/files           (under any prefix) an upload sink: drains the body, answers a FileObject
//   GET  /_stats             request counters, to check what the clients sent
// CORS is on (preflights cached for 10 minutes), so a page on another port may call it.
// Run as a script, it prints {"origin": ...} on one line and serves until
// SIGTERM/SIGINT, or until its parent goes (when spawned with an IPC channel).
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listBody, uploadedFile } from './fixtures.mjs';

export const LIST_SIZES = [10, 1_000, 100_000];
export const ANSWER_FORMS = ['length', 'chunked', 'gzip'];
const CHUNK = 16 * 1024;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  // `*` covers every header but Authorization, which must be named.
  'access-control-allow-headers': '*, authorization',
  'access-control-expose-headers': '*',
  'access-control-max-age': '600',
};

const LIST_PATH = /^\/n(\d+)(?:\/(length|chunked|gzip))?\/v1\/files$/;
const UPLOAD_PATH = /^(?:\/[^/]+)?\/v1\/files$/;

export async function startApiServer({ sizes = LIST_SIZES } = {}) {
  const bodies = new Map(sizes.map((count) => [count, listBody(count)]));
  const gzipped = new Map([...bodies].map(([count, body]) => [count, gzipSync(body)]));
  const stats = { requests: 0, preflights: 0, lists: 0, uploads: 0, uploadedBytes: 0, unauthorized: 0 };

  const server = createServer((req, res) => {
    stats.requests++;
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'OPTIONS') {
      stats.preflights++;
      res.writeHead(204, CORS).end();
      return;
    }
    if (path === '/_stats') {
      res.writeHead(200, { 'content-type': 'application/json', ...CORS }).end(JSON.stringify(stats));
      return;
    }
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
      stats.unauthorized++;
      sendJson(res, 401, { error: { message: 'no api key', type: 'invalid_authentication_error' } });
      return;
    }
    const list = LIST_PATH.exec(path);
    if (req.method === 'GET' && list && bodies.has(Number(list[1]))) {
      stats.lists++;
      const count = Number(list[1]);
      sendList(res, list[2] ?? 'length', bodies.get(count), gzipped.get(count));
      return;
    }
    if (req.method === 'POST' && UPLOAD_PATH.test(path)) {
      let received = 0;
      req.on('data', (chunk) => (received += chunk.length));
      req.on('end', () => {
        stats.uploads++;
        stats.uploadedBytes += received;
        // The multipart framing is counted too; close enough for a sink.
        sendJson(res, 200, uploadedFile(received, 'upload.bin', 'batch'));
      });
      return;
    }
    sendJson(res, 404, { error: { message: `no route for ${req.method} ${path}`, type: 'resource_not_found_error' } });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 130_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    stats,
    bodyBytes: Object.fromEntries([...bodies].map(([count, body]) => [count, body.length])),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

function sendList(res, form, body, gzipped) {
  const type = { 'content-type': 'application/json', ...CORS };
  if (form === 'gzip') {
    res.writeHead(200, { ...type, 'content-encoding': 'gzip', 'content-length': gzipped.length }).end(gzipped);
  } else if (form === 'chunked') {
    res.writeHead(200, type);
    for (let at = 0; at < body.length; at += CHUNK) res.write(body.subarray(at, at + CHUNK));
    res.end();
  } else {
    res.writeHead(200, { ...type, 'content-length': body.length }).end(body);
  }
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...CORS });
  res.end(body);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const api = await startApiServer();
  process.stdout.write(`${JSON.stringify({ origin: api.origin, bodyBytes: api.bodyBytes })}\n`);
  const stop = () => api.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}
