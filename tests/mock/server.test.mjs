// The mock's behaviour, checked over real HTTP: `node --test tests/mock/`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import { after, before, beforeEach, describe, test } from 'node:test';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock/server.mjs';
import { waitUntil } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const AUTH = { authorization: `Bearer ${KEY}` };
const MB = 1024 * 1024;
// The service's ids: files, answers (Msh-Request-Id) and traces (X-Msh-Trace-Id).
const FILE_ID = /^[a-z0-9]{20}$/;
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let server;
before(async () => {
  server = await startMockServer();
});
after(() => server.close());
beforeEach(() => {
  server.reset();
  server.clearRequests();
});

function api(path, init = {}) {
  return fetch(server.url + path, { ...init, headers: { ...AUTH, ...init.headers } });
}

function upload(file, filename, purpose = 'file-extract', target = server) {
  const form = new FormData();
  if (file !== undefined) form.append('file', file, filename);
  if (purpose !== undefined) form.append('purpose', purpose);
  return fetch(`${target.url}/files`, { method: 'POST', headers: AUTH, body: form });
}

async function assertError(response, status, type, messagePart) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const { error } = await response.json();
  assert.equal(error.type, type);
  assert.ok(error.message.includes(messagePart), `"${error.message}" should include "${messagePart}"`);
}

// A raw HTTP/1.1 request, for paths fetch would normalise and bodies it would not send.
function rawRequest(options, write = (req) => req.end()) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, req }));
    });
    req.on('error', reject);
    write(req);
  });
}

describe('files', () => {
  test('the sample seed lists every purpose and status, oldest first', async () => {
    const response = await api('/files');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    const list = await response.json();
    assert.equal(list.object, 'list');
    assert.ok(list.data.length >= 8);
    for (const file of list.data) {
      assert.match(file.id, FILE_ID);
      assert.equal(file.object, 'file');
      assert.ok(Number.isInteger(file.bytes) && file.bytes > 0);
      assert.ok(Number.isInteger(file.created_at));
      assert.equal('status_details' in file, file.status === 'error');
    }
    const created = list.data.map((file) => file.created_at);
    assert.deepEqual(created, [...created].sort((a, b) => a - b));
    assert.deepEqual(new Set(list.data.map((file) => file.purpose)), new Set(['file-extract', 'image', 'video', 'batch']));
    for (const status of ['ready', 'ok', 'processing', 'error']) {
      assert.ok(list.data.some((file) => file.status === status), status);
    }
    const filenames = list.data.map((file) => file.filename);
    assert.ok(filenames.includes('<img src=x onerror=alert(1)>.txt'));
    assert.ok(filenames.includes('meeting-notes.txt'));
    const sizes = list.data.map((file) => file.bytes);
    assert.ok(Math.min(...sizes) < 64 * 1024 && Math.max(...sizes) > 10 * MB);
  });

  test('seeds are deterministic', async () => {
    const other = await startMockServer({ seed: 3 });
    try {
      const again = await startMockServer({ seed: 3 });
      const [a, b] = await Promise.all(
        [other, again].map((s) => fetch(`${s.url}/files`, { headers: AUTH }).then((r) => r.json())),
      );
      await again.close();
      assert.equal(a.data.length, 3);
      assert.deepEqual(a, b);
    } finally {
      await other.close();
    }
  });

  test('a missing or wrong key is refused with 401', async () => {
    const missing = await fetch(`${server.url}/files`);
    await assertError(missing, 401, 'invalid_authentication_error', 'Invalid Authentication');
    const wrong = await fetch(`${server.url}/files/anything`, { headers: { authorization: 'Bearer sk-wrong' } });
    await assertError(wrong, 401, 'invalid_authentication_error', 'Invalid Authentication');
  });

  test('upload, retrieve, content, delete', async () => {
    const text = 'Ünïcode notes\nline two\n';
    const before = Math.floor(Date.now() / 1000);
    const uploaded = await upload(new Blob([text], { type: 'text/plain' }), 'notes.txt');
    const after = Date.now() / 1000;
    assert.equal(uploaded.status, 200);
    const file = await uploaded.json();
    assert.match(file.id, FILE_ID);
    assert.equal(file.object, 'file');
    assert.equal(file.bytes, Buffer.byteLength(text));
    assert.equal(file.filename, 'notes.txt');
    assert.equal(file.purpose, 'file-extract');
    assert.equal(file.status, 'ready');
    assert.ok(file.created_at >= before && file.created_at <= after, `created_at ${file.created_at}: while the upload went on (${before}-${after})`);

    assert.deepEqual(await (await api(`/files/${file.id}`)).json(), file);
    const listed = await (await api('/files')).json();
    assert.deepEqual(listed.data.at(-1), file);

    const content = await api(`/files/${file.id}/content`);
    assert.equal(content.status, 200);
    assert.equal(content.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.deepEqual(JSON.parse(await content.text()), {
      content: text,
      file_type: 'text/plain',
      filename: 'notes.txt',
      title: '',
      type: 'file',
    });

    const deleted = await api(`/files/${file.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    assert.deepEqual(await deleted.json(), { id: file.id, object: 'file', deleted: true });
    await assertError(await api(`/files/${file.id}`), 404, 'resource_not_found_error', file.id);
    await assertError(await api(`/files/${file.id}/content`), 404, 'resource_not_found_error', file.id);
    await assertError(await api(`/files/${file.id}`, { method: 'DELETE' }), 404, 'resource_not_found_error', file.id);
  });

  test('binary file-extract uploads get stand-in text', async () => {
    const pdf = await (await upload(new Blob([new Uint8Array([0x25, 0x50, 0xff, 0xfe, 0x00])]), 'scan.pdf')).json();
    const document = JSON.parse(await (await api(`/files/${pdf.id}/content`)).text());
    assert.equal(document.content, '(mock) text extracted from scan.pdf');
    assert.equal(document.file_type, 'application/pdf');
  });

  test('other purposes give their bytes as uploaded, up to 1 MiB', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    const image = await (await upload(new Blob([png]), 'cat.png', 'image')).json();
    assert.equal(image.purpose, 'image');
    const content = await api(`/files/${image.id}/content`);
    assert.equal(content.status, 200);
    assert.equal(content.headers.get('content-type'), 'image/png');
    assert.equal(sha256(new Uint8Array(await content.arrayBuffer())), sha256(png));

    const results = new Uint8Array(MB).map((_, index) => index % 251);
    const batch = await (await upload(new Blob([results]), 'results.jsonl', 'batch')).json();
    const served = new Uint8Array(await (await api(`/files/${batch.id}/content`)).arrayBuffer());
    assert.equal(served.length, MB);
    assert.equal(sha256(served), sha256(results));

    const video = await (await upload(new Blob([new Uint8Array(MB + 1)]), 'clip.mp4', 'video')).json();
    await assertError(await api(`/files/${video.id}/content`), 400, 'invalid_request_error', 'not kept');
  });

  test('sample files of other purposes give stand-in bytes of their size, the same every run', async () => {
    const { data } = await (await api('/files')).json();
    const image = data.find((file) => file.filename === 'architecture-diagram.png');
    const first = new Uint8Array(await (await api(`/files/${image.id}/content`)).arrayBuffer());
    assert.equal(first.length, image.bytes);
    const other = await startMockServer();
    try {
      const again = await fetch(`${other.url}/files/${image.id}/content`, { headers: AUTH });
      assert.equal(sha256(new Uint8Array(await again.arrayBuffer())), sha256(first));
    } finally {
      await other.close();
    }
    const video = data.find((file) => file.purpose === 'video');
    assert.ok(video.bytes > MB);
    await assertError(await api(`/files/${video.id}/content`), 400, 'invalid_request_error', 'not kept');
  });

  test('a processing file has no content yet; a failed extraction is the service\'s 500', async () => {
    const { data } = await (await api('/files')).json();
    const processing = data.find((file) => file.status === 'processing');
    const failed = data.find((file) => file.status === 'error');
    await assertError(await api(`/files/${processing.id}/content`), 400, 'invalid_request_error', 'processing');
    const refused = await api(`/files/${failed.id}/content`);
    assert.equal(refused.status, 500);
    assert.deepEqual(await refused.json(), {
      error: { message: `Failed to extract file: ${failed.status_details}`, type: 'server_error' },
    });
    const notes = data.find((file) => file.filename === 'meeting-notes.txt');
    const document = JSON.parse(await (await api(`/files/${notes.id}/content`)).text());
    assert.match(document.content, /^Weekly sync/);
  });

  test('with processingMs an upload is processing, then ready', async () => {
    server.reset({ processingMs: 150 });
    const file = await (await upload(new Blob(['x']), 'slow.txt')).json();
    assert.equal(file.status, 'processing');
    assert.equal((await (await api(`/files/${file.id}`)).json()).status, 'processing');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await (await api(`/files/${file.id}`)).json()).status, 'ready');
  });

  test('with processingError an upload ends in error, with that as its details', async () => {
    server.reset({ processingMs: 100, processingError: 'no text layer' });
    const file = await (await upload(new Blob(['x']), 'scanned.pdf')).json();
    assert.equal(file.status, 'processing');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const failed = await (await api(`/files/${file.id}`)).json();
    assert.deepEqual([failed.status, failed.status_details], ['error', 'no text layer']);
    await assertError(await api(`/files/${file.id}/content`), 500, 'server_error', 'Failed to extract file: no text layer');
    server.reset({ processingError: 'at once' });
    const now = await (await upload(new Blob(['x']), 'fast.pdf')).json();
    assert.deepEqual([now.status, now.status_details], ['error', 'at once']);
  });
});

describe('limits', () => {
  test('a zero-byte file is refused', async () => {
    await assertError(await upload(new Blob([]), 'empty.txt'), 400, 'invalid_request_error', 'File size is zero, please confirm and re-upload the file');
  });

  test('a file over 100 MB is refused; one of exactly 100 MB is not', async () => {
    const over = await upload(new Blob([new Uint8Array(100 * MB + 1)]), 'big.bin', 'batch');
    await assertError(over, 400, 'invalid_request_error', 'File size is too large, max file size is 100MB');
    const limit = await upload(new Blob([new Uint8Array(100 * MB)]), 'limit.bin', 'batch');
    assert.equal(limit.status, 200);
    assert.equal((await limit.json()).bytes, 100 * MB);
  });

  test('a too large Content-Length is refused before the body is sent', async () => {
    const response = await rawRequest(
      {
        method: 'POST',
        path: '/v1/files',
        headers: { ...AUTH, 'content-type': 'multipart/form-data; boundary=b', 'content-length': 200 * MB },
      },
      // Only a few bytes are ever sent: the answer must come without the rest.
      (req) => req.write('--b\r\n'),
    );
    response.req.destroy();
    assert.equal(response.status, 400);
    assert.match(JSON.parse(response.body).error.message, /File size is too large, max file size is 100MB/);
  });

  test('a chunked upload is refused once it passes the limit', async () => {
    const boundary = 'chunked-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n\r\n`;
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode(head));
        if (sent >= 101 * MB) return controller.close();
        controller.enqueue(new Uint8Array(MB));
        sent += MB;
      },
    });
    const response = await fetch(`${server.url}/files`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    });
    await assertError(response, 400, 'invalid_request_error', 'File size is too large, max file size is 100MB');
  });

  test('a purpose outside the list is refused', async () => {
    await assertError(await upload(new Blob(['x']), 'a.txt', 'fine-tune'), 400, 'invalid_request_error', 'Invalid purpose');
    const form = new FormData();
    form.append('file', new Blob(['x']), 'a.txt');
    await assertError(await api('/files', { method: 'POST', body: form }), 400, 'invalid_request_error', 'Invalid purpose');
  });

  test('an upload without a file (or without its filename) is refused', async () => {
    await assertError(await upload(undefined), 400, 'invalid_request_error', 'missing file');
    const form = new FormData();
    form.append('file', 'just a string');
    form.append('purpose', 'file-extract');
    const response = await api('/files', { method: 'POST', body: form });
    await assertError(response, 400, 'invalid_request_error', 'missing file');
    const notMultipart = await api('/files', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    await assertError(notMultipart, 400, 'invalid_request_error', 'multipart/form-data');
  });

  test('the 1,001st file is refused', async () => {
    const full = await startMockServer({ seed: 1000 });
    try {
      const { data } = await (await fetch(`${full.url}/files`, { headers: AUTH })).json();
      assert.equal(data.length, 1000);
      const response = await upload(new Blob(['x']), 'one-more.txt', 'file-extract', full);
      await assertError(response, 400, 'invalid_request_error', 'The number of files you have uploaded exceeded the max file count 1000, please delete previous uploaded files');
    } finally {
      await full.close();
    }
  });

  test('more than 10 GB in all is refused', async () => {
    server.reset({ seed: [{ bytes: 10 * 1024 * MB - 2, filename: 'archive.zip', purpose: 'batch' }] });
    assert.equal((await upload(new Blob(['xy']), 'fits.txt')).status, 200);
    await assertError(await upload(new Blob(['z']), 'over.txt'), 400, 'invalid_request_error', 'max total size');
  });
});

describe('paths', () => {
  test('an encoded id is one segment and never reaches another route', async () => {
    server.reset({ seed: [{ id: 'a/b' }, { id: '../x', purpose: 'image' }] });
    assert.equal((await (await api('/files/a%2Fb')).json()).id, 'a/b');
    assert.equal(JSON.parse(await (await api('/files/a%2Fb/content')).text()).filename, 'file-1.txt');
    assert.equal((await (await api('/files/..%2Fx')).json()).id, '../x');
    server.reset({ seed: 'none' });
    await assertError(await api('/files/..%2Fx'), 404, 'resource_not_found_error', 'file not found: ../x');
    await assertError(await api('/files/%E0%A4%A'), 404, 'resource_not_found_error', 'file not found');
    // fetch would resolve the dots itself; a raw client sends them as they are.
    const dotted = await rawRequest({ path: '/v1/files/../files', headers: AUTH });
    assert.equal(dotted.status, 404);
    assert.match(JSON.parse(dotted.body).error.message, /no route for GET \/v1\/files\/\.\.\/files/);
    assert.deepEqual(
      server.requests().slice(-3).map((entry) => entry.path),
      ['/v1/files/..%2Fx', '/v1/files/%E0%A4%A', '/v1/files/../files'],
    );
  });

  test('unknown routes are 404 and wrong methods 405, with error bodies', async () => {
    await assertError(await api('/models'), 404, 'resource_not_found_error', 'no route for GET /v1/models');
    await assertError(await fetch(`${server.origin}/elsewhere`), 404, 'resource_not_found_error', 'no route');
    const put = await api('/files', { method: 'PUT' });
    assert.equal(put.headers.get('allow'), 'GET, POST');
    await assertError(put, 405, 'invalid_request_error', 'PUT');
    await assertError(await api('/files/x/content', { method: 'DELETE' }), 405, 'invalid_request_error', 'DELETE');
  });
});

describe('headers', () => {
  test('a preflight is answered without auth, allowing the x-* headers asked for', async () => {
    const response = await fetch(`${server.url}/files/some-id`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization, x-client-version, user-agent',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET, POST, DELETE, OPTIONS');
    const allowed = response.headers.get('access-control-allow-headers').toLowerCase().split(', ');
    assert.deepEqual(allowed, ['authorization', 'content-type', 'x-client-version']);
  });

  test('every response has CORS headers and the service\'s request and trace ids, as the log has them', async () => {
    const responses = await Promise.all([api('/files'), fetch(`${server.url}/files`), api('/nope')]);
    const ids = responses.map((response) => response.headers.get('msh-request-id'));
    const traces = responses.map((response) => response.headers.get('x-msh-trace-id'));
    assert.equal(new Set(ids).size, 3);
    assert.equal(new Set(traces).size, 3);
    for (const [index, response] of responses.entries()) {
      assert.match(ids[index], REQUEST_ID);
      assert.match(traces[index], TRACE_ID);
      assert.equal(response.headers.get('x-request-id'), null, 'the service sends none');
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(
        response.headers.get('access-control-expose-headers'),
        'msh-request-id, x-msh-trace-id, retry-after, retry-after-ms',
      );
    }
    const logged = new Map(server.requests().map((entry) => [entry.requestId, entry.traceId]));
    assert.deepEqual(ids.map((id) => logged.get(id)), traces);
  });
});

describe('rate limits', () => {
  const NO_LIMIT_HEADERS = /^(retry-after|retry-after-ms|x-ratelimit-.*|ratelimit.*)$/;

  /** A 429 as the service words it: the wait in the message only, no header to say it. */
  async function assertRateLimited(response, message) {
    assert.equal(response.status, 429);
    assert.match(response.headers.get('msh-request-id'), REQUEST_ID);
    assert.deepEqual([...response.headers.keys()].filter((name) => NO_LIMIT_HEADERS.test(name)), []);
    assert.deepEqual(await response.json(), { error: { message, type: 'rate_limit_reached_error' } });
  }

  /**
   * An upload whose body is held back: in flight from the moment its headers
   * arrive until `finish()` sends the rest; resolves to its answer.
   */
  function heldUpload(filename) {
    const boundary = 'held-boundary';
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      method: 'POST',
      path: '/v1/files',
      headers: { ...AUTH, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const answered = new Promise((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
    });
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfile-extract\r\n`);
    return {
      finish() {
        req.end(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n\r\nheld\r\n--${boundary}--\r\n`);
        return answered;
      },
    };
  }

  test('off by default: many requests at once all pass', async () => {
    // Held until the twentieth has come, so all twenty are in flight together.
    server.inject({ path: '/v1/files', together: true, times: 20 });
    const answers = Promise.all(Array.from({ length: 20 }, () => api('/files')));
    answers.catch(() => {}); // a refusal leaves the rest held until the server closes; the test fails below
    await waitUntil(() => server.requests().length === 20, 'twenty requests');
    assert.deepEqual(server.requests().filter((entry) => entry.status !== null && entry.status !== 200), [], 'refused');
    assert.equal(Math.max(...server.requests().map((entry) => entry.inFlight)), 20);
    assert.deepEqual(new Set((await answers).map((response) => response.status)), new Set([200]));
  });

  test('maxConcurrency: a request past N in flight is refused; control requests and preflights are not counted', async () => {
    server.reset({ maxConcurrency: 1 });
    const held = heldUpload('held.txt');
    await waitUntil(() => server.requests().length === 1, 'the held upload');
    const preflight = await fetch(`${server.url}/files`, { method: 'OPTIONS', headers: { origin: 'http://a.test', 'access-control-request-method': 'GET' } });
    assert.equal(preflight.status, 204);
    assert.equal((await fetch(`${server.origin}/__mock/requests`)).status, 200);
    await assertRateLimited(
      await api('/files'),
      'Your account org-mock<ak-mock> request reached organization max concurrency: 1, please try again after 1 seconds',
    );
    const finished = await held.finish();
    assert.equal(finished.status, 200, finished.body);
    assert.equal((await api('/files')).status, 200, 'room again once the held request is answered');
    assert.deepEqual(
      server.requests().map(({ method, status, inFlight }) => [method, status, inFlight]),
      [
        ['POST', 200, 1],
        ['OPTIONS', 204, null],
        ['GET', 429, 2],
        ['GET', 200, 1],
      ],
    );
  });

  test('maxRpm: past N requests in the minute, refused with the seconds until the oldest leaves it', async () => {
    server.reset({ maxRpm: 2 });
    // A request without the key is the 401's, and not counted.
    assert.equal((await fetch(`${server.url}/files`)).status, 401);
    const started = performance.now();
    assert.equal((await api('/files')).status, 200);
    assert.equal((await api('/files')).status, 200);
    const refused = await api('/files');
    const elapsed = performance.now() - started;
    const wait = Number(/please try again after (\d+) seconds$/.exec((await refused.clone().json()).error.message)?.[1]);
    // The oldest started at most `elapsed` ago: it leaves the minute in at least 60 s less that.
    assert.ok(wait <= 60 && wait >= Math.max(1, Math.floor(60 - elapsed / 1000)), `wait ${wait} s after ${elapsed} ms`);
    await assertRateLimited(
      refused,
      `Your account org-mock<ak-mock> request reached organization max RPM: 2, please try again after ${wait} seconds`,
    );
    assert.equal((await api('/files')).status, 429, 'a refused request does not make room');
    // A reset starts a new minute.
    server.reset({ maxRpm: 2 });
    assert.equal((await api('/files')).status, 200);
  });

  test('limits are set by reset over HTTP, and checked', async () => {
    const reset = (body) => fetch(`${server.origin}/__mock/reset`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await reset({ maxRpm: 1 })).status, 200);
    assert.equal((await api('/files')).status, 200);
    assert.equal((await api('/files')).status, 429);
    await assertError(await reset({ maxConcurrency: 0 }), 400, 'invalid_request_error', 'maxConcurrency must be null or a positive integer');
    await assertError(await reset({ maxRpm: '3' }), 400, 'invalid_request_error', 'maxRpm must be null or a positive integer');
    await assert.rejects(startMockServer({ maxConcurrency: 1.5 }), /maxConcurrency must be null or a positive integer/);
  });
});

describe('faults', () => {
  test('a fault answers instead of the service, the given number of times', async () => {
    server.inject({
      method: 'GET',
      path: '/v1/files',
      times: 2,
      status: 429,
      json: { error: { message: 'slow down', type: 'rate_limit_reached_error' } },
      headers: { 'retry-after': '2' },
    });
    for (let i = 0; i < 2; i++) {
      const response = await api('/files');
      assert.equal(response.headers.get('retry-after'), '2');
      await assertError(response, 429, 'rate_limit_reached_error', 'slow down');
    }
    assert.equal((await api('/files')).status, 200);
  });

  test('faults match by method and path prefix, and can be queued over HTTP', async () => {
    const queued = await fetch(`${server.origin}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify([{ method: 'DELETE', path: '/v1/files/*', status: 503 }, { status: 502, body: '<html>bad gateway</html>' }]),
    });
    assert.deepEqual(await queued.json(), { ok: true, queued: 2 });
    // The GET skips the DELETE fault and takes the catch-all.
    const gateway = await api('/files/x');
    assert.equal(gateway.status, 502);
    assert.equal(await gateway.text(), '<html>bad gateway</html>');
    await assertError(await api('/files/x', { method: 'DELETE' }), 503, 'server_error', 'mock fault');
    assert.equal((await api('/files/x', { method: 'DELETE' })).status, 404);
  });

  test('together holds each request until the fault\'s last one has come', async () => {
    server.inject({ path: '/v1/files', together: true, times: 3 });
    const first = [api('/files'), api('/files')];
    await waitUntil(() => server.requests().length === 2, 'two requests');
    // Nothing but the third request can release them: still unanswered.
    assert.deepEqual(server.requests().map((entry) => entry.status), [null, null]);
    const answers = await Promise.all([...first, api('/files')]);
    assert.deepEqual(answers.map((response) => response.status), [200, 200, 200]);
    assert.equal(server.inject([]), 0, 'the fault was used up');
  });

  test('a bad fault is refused', async () => {
    const response = await fetch(`${server.origin}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 500, delay: 10 }),
    });
    await assertError(response, 400, 'invalid_request_error', 'unknown fault field "delay"');
    assert.throws(() => server.inject({ action: 'explode' }), TypeError);
    assert.throws(() => server.inject({ together: 'yes' }), /together must be a boolean/);
  });

  test('delayMs alone delays the real answer', async () => {
    server.inject({ delayMs: 300 });
    const started = Date.now();
    const response = await api('/files');
    assert.ok(Date.now() - started >= 290);
    assert.equal((await response.json()).object, 'list');
  });

  test('drop-before-headers makes the request fail and handles nothing', async () => {
    const files = server.store.size;
    server.inject({ method: 'POST', action: 'drop-before-headers' });
    await assert.rejects(upload(new Blob(['x']), 'lost.txt'), TypeError);
    assert.equal(server.store.size, files);
  });

  test('truncate and drop-mid-body make reading the body fail', async () => {
    for (const action of ['truncate', 'drop-mid-body']) {
      server.inject({ action });
      const response = await api('/files');
      assert.equal(response.status, 200);
      await assert.rejects(response.text(), TypeError, action);
    }
  });

  test('drip sends the whole body slowly', async () => {
    server.inject({ status: 200, body: 'abcdefgh', action: 'drip', dripMs: 50, dripBytes: 2 });
    const started = Date.now();
    const response = await api('/files');
    assert.equal(await response.text(), 'abcdefgh');
    assert.ok(Date.now() - started >= 140, 'four pieces, three pauses');
  });
});

describe('control API', () => {
  test('the request log records requests without the key', async () => {
    await fetch(`${server.url}/files`);
    await fetch(`${server.url}/files?x=1`, { headers: { authorization: 'Bearer nope', 'x-trace': 't1' } });
    await upload(new Blob(['hi']), 'hello.txt', 'batch');
    const log = await (await fetch(`${server.origin}/__mock/requests`)).json();
    assert.equal(log.length, 3);
    assert.deepEqual(
      log.map(({ method, path, search, status, headers }) => [method, path, search, status, headers.authorization]),
      [
        ['GET', '/v1/files', '', 401, 'missing'],
        ['GET', '/v1/files', '?x=1', 401, 'invalid'],
        ['POST', '/v1/files', '', 200, 'valid'],
      ],
    );
    assert.equal(log[1].headers['x-trace'], 't1');
    assert.match(log[2].headers['content-type'], /^multipart\/form-data; boundary=/);
    assert.ok(Number(log[2].headers['content-length']) > 0);
    const sha256 = createHash('sha256').update('hi').digest('hex');
    assert.deepEqual(log[2].upload, { filename: 'hello.txt', purpose: 'batch', bytes: 2, sha256 });
    assert.ok(!JSON.stringify(log).includes(KEY));

    assert.equal((await fetch(`${server.origin}/__mock/requests`, { method: 'DELETE' })).status, 200);
    assert.deepEqual(server.requests(), []);
  });

  test('the log holds the size and sha256 of the file part as it arrived: bytes that are not UTF-8 too, an empty file too', async () => {
    // Every byte value, CR LF and a lone boundary-like line among them: a re-encoding or a cut changes the hash.
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n--x\r\n\xff\xfe', 'latin1')]);
    await upload(new Blob([bytes]), 'raw.bin', 'batch');
    await upload(new Blob([]), 'empty.bin', 'batch');
    const [whole, empty] = server.requests().map((entry) => entry.upload);
    assert.deepEqual(whole, { filename: 'raw.bin', purpose: 'batch', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    // Refused (zero bytes), and still logged as what arrived.
    assert.deepEqual(empty, { filename: 'empty.bin', purpose: 'batch', bytes: 0, sha256: createHash('sha256').digest('hex') });
  });

  test('reset replaces the files, the key and the faults', async () => {
    server.inject({ status: 500 });
    const response = await fetch(`${server.origin}/__mock/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'none', apiKey: 'sk-other' }),
    });
    assert.deepEqual(await response.json(), { ok: true, files: 0 });
    assert.equal((await api('/files')).status, 401);
    const list = await fetch(`${server.url}/files`, { headers: { authorization: 'Bearer sk-other' } });
    assert.deepEqual(await list.json(), { object: 'list', data: [] });

    const bad = await fetch(`${server.origin}/__mock/reset`, { method: 'POST', body: '{"seed":"lots"}' });
    await assertError(bad, 400, 'invalid_request_error', 'seed must be');
  });
});

describe('command line', () => {
  const SCRIPT = fileURLToPath(new URL('../../mock/server.mjs', import.meta.url));

  const listFiles = (url) => fetch(`${url}/files`, { headers: { authorization: 'Bearer sk-cli' } });

  /**
   * Runs `node <script> ...args`, hands the URL it prints to `probe` (by
   * default: how many files it lists), stops it with SIGTERM; its exit code
   * and what `probe` found.
   */
  async function serveOnce(script, args = [], probe = async (url) => ({ files: (await (await listFiles(url)).json()).data.length })) {
    const child = spawn(process.execPath, [script, '--port', '0', '--seed', '2', '--api-key', 'sk-cli', ...args]);
    const exited = once(child, 'exit');
    let found;
    try {
      const [line] = await Promise.race([
        once(child.stdout.setEncoding('utf8'), 'data'),
        exited.then(([code]) => assert.fail(`the mock exited (${code}) without listening`)),
      ]);
      const match = /^moonshot mock: (http:\/\/127\.0\.0\.1:\d+\/v1) \(api key: sk-cli\)\n$/.exec(line);
      assert.ok(match, line);
      found = await probe(match[1]);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await exited;
    return { code, ...found };
  }

  test('starts, prints its URL, serves, and stops on SIGTERM', async () => {
    assert.deepEqual(await serveOnce(SCRIPT), { code: 0, files: 2 });
  });

  test('starts the same through a symlink to the script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moonshot-mock-link-'));
    try {
      const link = join(dir, 'mock.mjs');
      symlinkSync(SCRIPT, link);
      assert.deepEqual(await serveOnce(link), { code: 0, files: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--max-rpm limits the minute\'s requests', async () => {
    const statuses = async (url) => ({ statuses: [(await listFiles(url)).status, (await listFiles(url)).status] });
    assert.deepEqual(await serveOnce(SCRIPT, ['--max-rpm', '1', '--max-concurrency', '4'], statuses), { code: 0, statuses: [200, 429] });
  });

  test('a limit flag that is not a positive integer is a usage error', async () => {
    const child = spawn(process.execPath, [SCRIPT, '--max-concurrency', '0']);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--max-concurrency must be a positive integer, not "0"\nusage: /);
  });
});
