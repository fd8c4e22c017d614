// The ui server over real sockets (pkg-template/ui-server/server.js), against
// a stand-in for the service that records what reached it: bodies streamed
// both ways and checked by hash, the key added and the browser's credentials
// dropped, the upstream's cookies and CORS grants stripped, an unreachable
// upstream as a 502, and the package's files served, nothing else of it.
//   node --test tests/ui/ui-server.test.mjs
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startUiServer } from '../../pkg-template/ui-server/server.js';
import { readUpstream } from '../../pkg-template/ui-server/guard.js';
import { assertAttacksRefused } from '../support/attacks.mjs';
import { closedPort, listen, tempDir } from '../support/helpers.mjs';
import { tokenCookie } from '../support/token-link.mjs';

const KEY = 'sk-ui-server-test-4d1c9e';
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
// How long a streaming test waits for the far side to see the first bytes
// before it sends the rest all the same: only a forwarder that buffers ever
// waits this long, and then the test fails on what arrived when.
const STREAM_WAIT_MS = 30_000;

/** Resolves with `promise`, or with undefined after `ms`. */
const within = (promise, ms) => Promise.race([promise, sleep(ms, undefined, { ref: false })]);

/** A raw request (fetch would not let a test set Host or Cookie); the body is a Buffer, sent in chunks. */
function request(origin, path, { method = 'GET', headers = {}, body } = {}) {
  const target = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) {
      // Chunked, 1 MiB at a time: the server must stream it, not wait for a length.
      for (let at = 0; at < body.length; at += 1 << 20) req.write(body.subarray(at, at + (1 << 20)));
    }
    req.end();
  });
}

/** A package folder as the server reads it: the built page in ui/, the entry and lib/ beside it. */
function fakePackage(dir) {
  const files = {
    'ui/index.html': '<!doctype html><title>page</title>',
    'ui/assets/main-abc123.js': 'export const page = 1;',
    'ui/icons/copy.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'index.js': "export * from './lib/client.js';",
    'lib/client.js': 'export const client = 1;',
    'lib/types.d.ts': 'export {};',
    'package.json': '{"name":"moonshot-files"}',
    'cli/main.js': 'export {};',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return files;
}

describe('the ui server', () => {
  const received = [];
  let upstream;
  let scratch;
  let files;
  let server;
  let cookie;
  // What the stand-in answers GET .../content with: 24 MiB, streamed back.
  const download = Buffer.alloc(24 << 20);
  for (let i = 0; i < download.length; i += 4096) download[i] = i % 251;

  // Streaming probes: called with the first bytes of an upload to reach the stand-in,
  // and waited on by the stand-in halfway through an answer.
  let onUpstreamBytes = () => {};
  let answerMayEnd = Promise.resolve();
  let answerEnded = false;
  // Per content path: the Content-Type the stand-in answers with (null: none).
  const contentTypes = { '/v1/files/page/content': 'text/html', '/v1/files/bare/content': null, '/v1/files/text/content': 'text/plain; charset=utf-8', '/v1/files/json/content': 'application/json' };

  before(async () => {
    upstream = await listen((req, res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (chunk) => {
        if (bytes === 0) onUpstreamBytes();
        bytes += chunk.length;
        hash.update(chunk);
      });
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, bytes, sha256: hash.digest('hex') });
        const headers = {
          'set-cookie': 'session=upstream; Path=/',
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
          'msh-request-id': 'req-stand-in',
        };
        if (req.url in contentTypes) {
          const type = contentTypes[req.url];
          res.writeHead(200, { ...headers, 'content-disposition': 'inline', ...(type && { 'content-type': type }) });
          return res.end('<script>parent.document.title = "ran"</script>');
        }
        if (req.url === '/v1/files/slow/content') {
          // Half the answer, then the rest once the test says so (or its wait is over).
          answerEnded = false;
          res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' });
          res.write(download.subarray(0, 1 << 20));
          return void answerMayEnd.then(() => {
            answerEnded = true;
            res.end(download.subarray(1 << 20, 2 << 20));
          });
        }
        if (req.url.endsWith('/content')) {
          res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' });
          for (let at = 0; at < download.length; at += 1 << 20) res.write(download.subarray(at, at + (1 << 20)));
          return res.end();
        }
        res.writeHead(200, { ...headers, 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [] }));
      });
    });
    scratch = tempDir('moonshot-ui-server-');
    files = fakePackage(scratch.dir);
    server = await startUiServer({ upstream: readUpstream(`${upstream.origin}/v1`), key: KEY, packageDir: scratch.dir });
    cookie = await tokenCookie(server.url);
  });

  after(async () => {
    await server?.close();
    await upstream?.close();
    scratch?.remove();
  });

  test('prints its loopback URL with a token of 256 bits', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    assert.equal(server.origin, new URL(server.url).origin);
  });

  test('streams an upload to the upstream whole, with the key and without the browser credentials', async () => {
    received.length = 0;
    const body = Buffer.alloc(20 << 20 | 12345, 7);
    const res = await request(server.origin, '/v1/files', {
      method: 'POST',
      headers: {
        cookie: `theme=dark; ${cookie}`,
        authorization: 'Bearer from-the-page',
        origin: server.origin,
        referer: `${server.origin}/`,
        'sec-fetch-site': 'same-origin',
        'content-type': 'multipart/form-data; boundary=x',
        accept: 'application/json',
        'idempotency-key': 'upload-1',
        'kimi-api-version': '2026-09-01-beta',
        'x-original-url': '/v1/models',
        'x-rewrite-url': '/v1/models',
        'x-http-method-override': 'DELETE',
        'x-real-ip': '10.0.0.1',
        'x-forwarded-for': '10.0.0.1',
        'user-agent': 'the-page',
        'x-anything-new': '1',
      },
      body,
    });
    assert.equal(res.status, 200, res.body.toString());
    assert.equal(received.length, 1);
    const [seen] = received;
    assert.equal(seen.url, '/v1/files');
    assert.equal(seen.method, 'POST');
    assert.equal(seen.bytes, body.length);
    assert.equal(seen.sha256, sha256(body));
    assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
    assert.equal(seen.headers.host, new URL(upstream.origin).host);
    assert.equal(seen.headers['content-type'], 'multipart/form-data; boundary=x');
    // Only the headers the Files API takes, by allow-list; node frames the body itself.
    assert.deepEqual(Object.keys(seen.headers).sort(), ['accept', 'authorization', 'connection', 'content-type', 'host', 'idempotency-key', 'kimi-api-version', 'transfer-encoding']);
    assert.equal(seen.headers['kimi-api-version'], '2026-09-01-beta', 'the dated API\'s version goes on as the page chose it');
    assert.ok(!JSON.stringify(seen.headers).includes(cookie.split('=')[1]), 'the session stays here');
  });

  test('streams an upload: the upstream has its first bytes while the page is still sending', async () => {
    received.length = 0;
    const upstreamHasBytes = new Promise((resolve) => (onUpstreamBytes = resolve));
    const target = new URL(server.origin);
    const req = http.request({ host: target.hostname, port: target.port, method: 'POST', path: '/v1/files', headers: { cookie, 'content-type': 'application/octet-stream' } });
    const answered = new Promise((resolve, reject) => req.on('response', resolve).on('error', reject));
    req.write(Buffer.alloc(1 << 20, 1));
    const sawFirst = await within(upstreamHasBytes.then(() => true), STREAM_WAIT_MS);
    req.end(Buffer.alloc(1 << 20, 2));
    const res = await answered;
    res.resume();
    await once(res, 'end');
    onUpstreamBytes = () => {};
    assert.equal(sawFirst, true, 'the first MiB reached the upstream before the page sent the rest');
    assert.equal(received.at(-1).bytes, 2 << 20);
  });

  test("streams the answer back whole, the upstream's own headers kept, its cookies and CORS grants not", async () => {
    const res = await request(server.origin, '/v1/files/file-1/content', { headers: { cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, download.length);
    assert.equal(sha256(res.body), sha256(download));
    assert.equal(res.headers['msh-request-id'], 'req-stand-in');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.ok(!JSON.stringify(res.headers).includes(KEY));
  });

  test('streams an answer: the page has its first bytes while the upstream is still sending', async () => {
    let release;
    answerMayEnd = new Promise((resolve) => (release = resolve));
    const target = new URL(server.origin);
    let bytes = 0;
    const ended = new Promise((resolve, reject) => {
      http
        .get({ host: target.hostname, port: target.port, path: '/v1/files/slow/content', headers: { cookie } }, (res) => {
          res.on('data', (chunk) => (bytes += chunk.length));
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    // Headers alone prove nothing: a buffering forwarder may send them first.
    const firstBytes = new Promise((resolve) => {
      const check = setInterval(() => bytes > 0 && (clearInterval(check), resolve(!answerEnded)), 5);
    });
    const beforeTheEnd = await within(firstBytes, STREAM_WAIT_MS);
    release();
    await ended;
    answerMayEnd = Promise.resolve();
    assert.equal(beforeTheEnd, true, 'the first MiB reached the page before the upstream ended its answer');
    assert.equal(bytes, 2 << 20);
  });

  test('every forwarded answer is one a browser will not run: nosniff, no-store, a sandboxing CSP', async () => {
    for (const path of ['/v1/files', '/v1/files/file-1/content', '/v1/files/page/content', '/v1/files/json/content']) {
      const res = await request(server.origin, path, { headers: { cookie } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(res.headers['cache-control'], 'no-store', path);
      assert.equal(res.headers['content-security-policy'], "sandbox; default-src 'none'", path);
    }
  });

  test('a file content that is not JSON or plain text is an attachment, whatever the upstream says', async () => {
    const cases = [
      ['/v1/files/page/content', 'attachment'],
      ['/v1/files/bare/content', 'attachment'],
      ['/v1/files/file-1/content', 'attachment'],
      ['/v1/files/text/content', 'inline'],
      ['/v1/files/json/content', 'inline'],
    ];
    for (const [path, disposition] of cases) {
      const res = await request(server.origin, path, { headers: { cookie } });
      assert.equal(res.headers['content-disposition'], disposition, path);
    }
  });

  test('methods other than GET, POST and DELETE are 405 and never reach the upstream', async () => {
    received.length = 0;
    for (const method of ['PUT', 'PATCH', 'TRACE', 'OPTIONS', 'PROPFIND', 'MKCOL']) {
      const res = await request(server.origin, '/v1/files/file-1', { method, headers: { cookie } });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, 'GET, POST, DELETE', method);
      assert.ok(!res.body.toString().includes(KEY), method);
    }
    for (const path of ['/v1/files/a%2Fb', '/v1/files/a%5Cb/content', '/v1/files/a%0d%0ab']) {
      assert.equal((await request(server.origin, path, { headers: { cookie } })).status, 400, path);
    }
    assert.deepEqual(received, [], 'nothing reached the upstream');
  });

  test('Expect: 100-continue: a refused request gets its refusal and no 100; an admitted one gets its 100', async () => {
    const firstLine = async (headers) => {
      const socket = connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(['POST /v1/files HTTP/1.1', `Host: 127.0.0.1:${server.port}`, 'Content-Length: 5', 'Expect: 100-continue', ...headers, '', ''].join('\r\n'));
      const [chunk] = await once(socket, 'data');
      socket.destroy();
      return chunk.toString().split('\r\n', 1)[0];
    };
    received.length = 0;
    assert.equal(await firstLine([]), 'HTTP/1.1 403 Forbidden', 'no session');
    assert.equal(await firstLine([`Cookie: ${cookie}`, 'Origin: http://evil.example']), 'HTTP/1.1 403 Forbidden', 'another site');
    assert.deepEqual(received, [], 'nothing reached the upstream');
    assert.equal(await firstLine([`Cookie: ${cookie}`]), 'HTTP/1.1 100 Continue', 'with the session');
  });

  test('refuses calls without the token, from other sites and to other hosts, before the upstream', async () => {
    received.length = 0;
    const cases = [
      { headers: {} },
      { headers: { cookie: cookie.replace(/=.*/, '=wrong') } },
      { headers: { cookie, origin: 'http://evil.example' }, method: 'POST' },
      { headers: { cookie, 'sec-fetch-site': 'cross-site' } },
      { headers: { cookie, host: 'evil.example' } },
      { headers: { cookie, host: `localhost:${server.port}` } },
    ];
    for (const { headers, method } of cases) {
      const res = await request(server.origin, '/v1/files', { method, headers });
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.equal(JSON.parse(res.body).error.type, 'permission_denied_error');
    }
    assert.deepEqual(received, [], 'nothing reached the upstream');
  });

  test('refuses every attack of the table `make demo` is held to, before the upstream', async () => {
    const count = await assertAttacksRefused(server.origin, { cookie, token: new URL(server.url).searchParams.get('token'), received });
    assert.ok(count >= 20);
  });

  test('the printed link works once: a second visit without the session gets a page saying what to do', async () => {
    const link = new URL(server.url);
    const again = await request(server.origin, `${link.pathname}${link.search}`);
    assert.equal(again.status, 403);
    assert.equal(again.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(again.body.toString(), /used already.*Use the tab it opened, or restart npx moonshot-files ui/);
    assert.equal(again.headers['set-cookie'], undefined);
    // The browser that holds the session goes on to the page.
    const back = await request(server.origin, `${link.pathname}${link.search}`, { headers: { cookie } });
    assert.equal(back.status, 303);
    assert.equal(back.headers.location, '/');
    assert.equal(back.headers['set-cookie'], undefined);
  });

  test('answers /__moonshot/info with the upstream origin and the command that starts it', async () => {
    const res = await request(server.origin, '/__moonshot/info', { headers: { cookie } });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { upstream: upstream.origin, command: 'npx moonshot-files ui' });
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test("serves the page and the package's browser modules, nothing else of the package", async () => {
    const served = [
      ['/', 'ui/index.html', 'text/html; charset=utf-8'],
      ['/assets/main-abc123.js', 'ui/assets/main-abc123.js', 'text/javascript; charset=utf-8'],
      ['/icons/copy.svg', 'ui/icons/copy.svg', 'image/svg+xml'],
      ['/moonshot-files/index.js', 'index.js', 'text/javascript; charset=utf-8'],
      ['/moonshot-files/lib/client.js', 'lib/client.js', 'text/javascript; charset=utf-8'],
    ];
    for (const [path, file, type] of served) {
      const res = await request(server.origin, path);
      assert.equal(res.status, 200, path);
      assert.equal(res.body.toString(), files[file], path);
      assert.equal(res.headers['content-type'], type, path);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(res.headers['x-frame-options'], 'DENY', path);
    }
    assert.equal((await request(server.origin, '/assets/main-abc123.js')).headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await request(server.origin, '/')).headers['cache-control'], 'no-cache');
    const hidden = [
      '/moonshot-files/package.json',
      '/moonshot-files/cli/main.js',
      '/moonshot-files/lib/types.d.ts',
      '/moonshot-files/lib',
      '/index.js',
      '/%2e%2e/index.js',
      '/assets/%2e%2e/%2e%2e/index.js',
      '/assets/..%2f..%2findex.js',
      '/moonshot-files/lib/%2e%2e/package.json',
      '/assets',
      '/nothing.html',
    ];
    for (const path of hidden) assert.equal((await request(server.origin, path)).status, 404, path);
    assert.equal((await request(server.origin, '/', { method: 'POST' })).status, 405);
  });
});

describe('the ui server without its upstream', () => {
  test('answers 502 in the API error shape, and the next call still works', async () => {
    const port = await closedPort();
    const scratch = tempDir('moonshot-ui-server-');
    const server = await startUiServer({ upstream: readUpstream(`http://127.0.0.1:${port}/v1`), key: KEY, packageDir: scratch.dir });
    try {
      const cookie = await tokenCookie(server.url);
      for (const attempt of [1, 2]) {
        const res = await request(server.origin, '/v1/files', { headers: { cookie } });
        assert.equal(res.status, 502, `attempt ${attempt}`);
        assert.deepEqual(JSON.parse(res.body), { error: { message: 'the proxy could not reach the API (ECONNREFUSED)', type: 'server_error' } });
      }
    } finally {
      await server.close();
      scratch.remove();
    }
  });
});
