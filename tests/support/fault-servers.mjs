// Loopback servers for the fault cases the mock cannot play (tests/support/
// fault-cases.mjs): raw bytes (invalid UTF-8), redirects to another origin,
// bodies past the client's 64 MiB cap, a refused port that opens later.
//
// A scripted server answers its queued steps one request each, then forwards
// every later request to the mock, so the "next ordinary call on the same
// client" of each case gets the mock's real answer. Every answer carries CORS
// headers (and preflights are answered), so the same servers serve Chromium.
import { createServer, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';

import { listen } from './helpers.mjs';

const MIB = 1024 * 1024;

/** What every answer of these servers carries, for a page on another origin. */
export const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'msh-request-id, x-msh-trace-id, retry-after, retry-after-ms',
};

const PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};

// A list that is valid JSON once whole: `{"object":"list","data":[],"pad":"aaa…"}`.
// Were a client to read it all instead of stopping at its cap, the call would
// succeed, so a success shows the cap is missing.
const PAD_HEAD = Buffer.from('{"object":"list","data":[],"pad":"');
const PAD_TAIL = Buffer.from('"}');
const PAD_CHUNK = Buffer.alloc(MIB, 'a');

/** A valid list document of exactly `bytes` bytes (for the gzip bomb). */
function paddedList(bytes) {
  const body = Buffer.alloc(bytes, 'a');
  PAD_HEAD.copy(body, 0);
  PAD_TAIL.copy(body, bytes - PAD_TAIL.length);
  return body;
}

let bombCache;
/** ~80 MiB of a valid list, gzipped (about 80 KB); made once. */
function gzipBomb(bytes) {
  if (bombCache?.bytes !== bytes) bombCache = { bytes, body: gzipSync(paddedList(bytes), { level: 9 }) };
  return bombCache.body;
}

// A scripted server's base URLs may carry a tag before /v1 (`/case-7/v1`),
// so that each case has URLs of its own: a browser caches some answers (a
// 301, a 308) by URL, and one case must not see another's.
const untagged = (url) => url.replace(/^\/[^/]+(?=\/v1\/)/, '');

/** Forwards a request to the mock (without its tag) and the answer back. */
function forward(target, req, res, entry) {
  const upstream = httpRequest(`${target}${untagged(req.url)}`, { method: req.method, headers: req.headers }, (answer) => {
    entry.status = answer.statusCode;
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

/** Writes `total` bytes of the padded list (the last ones close the document), 1 MiB at a time, until done or the client leaves. */
async function stream(res, entry, total) {
  const closed = once(res, 'close').then(() => 'closed');
  const write = (chunk) => {
    entry.bytesSent += chunk.length;
    return res.write(chunk) ? undefined : Promise.race([once(res, 'drain'), closed]);
  };
  await write(PAD_HEAD);
  let left = total - PAD_HEAD.length - PAD_TAIL.length;
  while (left > 0 && !res.destroyed) {
    const chunk = left >= PAD_CHUNK.length ? PAD_CHUNK : PAD_CHUNK.subarray(0, left);
    left -= chunk.length;
    await write(chunk);
  }
  if (!res.destroyed) res.end(PAD_TAIL);
  entry.bytesSent += res.destroyed ? 0 : PAD_TAIL.length;
  entry.completed = !res.destroyed && left === 0;
}

/**
 * Plays one step. Kinds:
 * - `raw`: `{ status, headers, body }` with `body` a Buffer or string, sent as is;
 * - `redirect`: `{ status }` (302 by default) to the same path on `other`;
 * - `endless`: a chunked 200 of up to `bytes` (256 MiB by default) with no length;
 * - `declared`: a 200 declaring `Content-Length: bytes`, then streaming them;
 * - `gzip`: a gzip body (Content-Encoding: gzip) that expands to `bytes`,
 *   with `headers` over the CORS ones (to expose more or fewer of them).
 */
async function play(step, req, res, entry, other) {
  const cors = step.cors === false ? {} : CORS;
  switch (step.kind) {
    case 'raw': {
      const body = Buffer.from(step.body ?? '');
      entry.status = step.status ?? 200;
      entry.bytesSent = body.length;
      res.writeHead(entry.status, { ...cors, 'content-length': body.length, ...step.headers }).end(body);
      return;
    }
    case 'redirect':
      entry.status = step.status ?? 302;
      res.writeHead(entry.status, { ...cors, location: `${other.origin}${req.url}` }).end();
      return;
    case 'endless':
      entry.status = 200;
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      await stream(res, entry, step.bytes ?? 256 * MIB);
      return;
    case 'declared':
      entry.status = 200;
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'content-length': step.bytes });
      await stream(res, entry, step.bytes);
      return;
    case 'gzip': {
      const body = gzipBomb(step.bytes ?? 80 * MIB);
      entry.status = 200;
      entry.bytesSent = body.length;
      res
        .writeHead(200, { ...cors, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length, ...step.headers })
        .end(body);
      return;
    }
    default:
      throw new TypeError(`unknown step kind ${step.kind}`);
  }
}

/**
 * Starts a scripted server forwarding to `target` (the mock's origin), and the
 * "other origin" its redirects point to, which records whatever reaches it.
 */
export async function startScriptedServer(target) {
  const steps = [];
  const log = [];
  const otherLog = [];
  // Warm the gzip bomb now, not inside a timed case.
  gzipBomb(80 * MIB);

  const other = await listen((req, res) => {
    otherLog.push({
      method: req.method,
      path: req.url,
      authorization: req.headers.authorization !== undefined,
      cookie: req.headers.cookie !== undefined,
    });
    if (req.method === 'OPTIONS') return res.writeHead(204, PREFLIGHT).end();
    res.writeHead(200, { ...CORS, 'content-type': 'application/json' }).end('{"object":"list","data":[]}');
  });

  const main = await listen((req, res) => {
    if (req.method === 'OPTIONS') return res.writeHead(204, PREFLIGHT).end();
    const entry = {
      receivedAt: Date.now(),
      method: req.method,
      path: req.url,
      authorization: req.headers.authorization !== undefined,
      kind: 'forward',
      status: null,
      bytesSent: 0,
      completed: false,
    };
    log.push(entry);
    const step = steps.shift();
    if (!step) return forward(target, req, res, entry);
    entry.kind = step.kind;
    play(step, req, res, entry, other).catch(() => res.destroy());
  });

  return {
    url: `${main.origin}/v1`,
    /** A base URL of its own, for one case: `${origin}/${tag}/v1`. */
    urlFor: (tag) => `${main.origin}/${tag}/v1`,
    origin: main.origin,
    other,
    /** Queues steps, each answering one request (preflights aside). */
    script: (more) => steps.push(...more),
    /** Steps not yet played. */
    pending: () => steps.length,
    /** Requests received (preflights aside), oldest first. */
    requests: () => [...log],
    /** What reached the other origin (preflights included). */
    otherRequests: () => [...otherLog],
    clear: () => {
      steps.length = 0;
      log.length = 0;
      otherLog.length = 0;
    },
    close: async () => {
      await main.close();
      await other.close();
    },
  };
}

/**
 * Listens on `port` (one that refused connections a moment ago) and forwards
 * everything to `target`: the refused client's next call then reaches the mock.
 */
export async function openPort(port, target) {
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') return res.writeHead(204, PREFLIGHT).end();
    forward(target, req, res, {});
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}
