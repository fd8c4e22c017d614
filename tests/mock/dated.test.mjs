// The mock's dated API (`kimi-api-version: 2026-09-01-beta`), checked over real
// HTTP beside the compatible one: `node --test tests/mock/`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock/server.mjs';
import { waitUntil } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const VERSION = '2026-09-01-beta';
const AUTH = { authorization: `Bearer ${KEY}` };
const DATED = { ...AUTH, 'kimi-api-version': VERSION };
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// RFC 3339 date-time, as the dated FileMetadata's created_at.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const METADATA_FIELDS = ['created_at', 'extract_status', 'filename', 'id', 'mime_type', 'purpose', 'size_bytes'];

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

function dated(path, init = {}) {
  return fetch(server.url + path, { ...init, headers: { ...DATED, ...init.headers } });
}

function form(content, filename, purpose = 'file-extract') {
  const body = new FormData();
  body.append('file', new Blob([content]), filename);
  body.append('purpose', purpose);
  return body;
}

function datedUpload(content, filename, purpose = 'file-extract', headers = {}) {
  return dated('/files', { method: 'POST', body: form(content, filename, purpose), headers });
}

function assertMetadata(file) {
  assert.deepEqual(Object.keys(file).sort(), METADATA_FIELDS);
  assert.equal(typeof file.id, 'string');
  assert.equal(typeof file.filename, 'string');
  assert.equal(typeof file.mime_type, 'string');
  assert.ok(Number.isSafeInteger(file.size_bytes));
  assert.match(file.created_at, DATE_TIME);
}

/** A dated error: its status, the envelope with the answer's request id, its type and param. */
async function assertDatedError(response, status, type, { param, messagePart } = {}) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const requestId = response.headers.get('msh-request-id');
  assert.match(requestId, REQUEST_ID);
  const body = await response.json();
  assert.deepEqual(Object.keys(body), ['error']);
  const { error } = body;
  assert.equal(error.type, type);
  assert.equal(error.request_id, requestId, 'request_id is the Msh-Request-Id header');
  assert.equal(typeof error.message, 'string');
  assert.equal(error.param, param);
  assert.deepEqual(Object.keys(error).sort(), ['message', 'request_id', 'type', ...(param === undefined ? [] : ['param'])].sort());
  if (messagePart !== undefined) assert.ok(error.message.includes(messagePart), `"${error.message}" should include "${messagePart}"`);
  return error;
}

/**
 * A dated upload whose body is held back: running from the moment its headers
 * arrive until `finish()` sends the rest; resolves to its answer.
 */
function heldUpload(filename, headers) {
  const boundary = 'held-boundary';
  const req = http.request({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path: '/v1/files',
    headers: { ...DATED, ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
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

describe('dated files', () => {
  test('upload is 201 with a FileMetadata, retrieve 200 with the same, delete 204 with no body', async () => {
    const response = await datedUpload('hello dated', 'notes.md');
    assert.equal(response.status, 201);
    const file = await response.json();
    assertMetadata(file);
    assert.equal(file.filename, 'notes.md');
    assert.equal(file.mime_type, 'text/markdown');
    assert.equal(file.size_bytes, 11);
    assert.equal(file.purpose, 'file-extract');
    assert.equal(file.extract_status, 'ready');
    assert.ok(Math.abs(Date.parse(file.created_at) - Date.now()) < 60_000 * 60, 'created_at is a date-time of now');

    const retrieved = await dated(`/files/${file.id}`);
    assert.equal(retrieved.status, 200);
    assert.deepEqual(await retrieved.json(), file);

    const deleted = await dated(`/files/${file.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal(await deleted.text(), '');
    await assertDatedError(await dated(`/files/${file.id}`), 404, 'resource_not_found_error');
  });

  test('the same file, asked without the header, is the compatible FileObject', async () => {
    const { id } = await (await datedUpload('x', 'x.txt')).json();
    const file = await (await fetch(`${server.url}/files/${id}`, { headers: AUTH })).json();
    assert.equal(file.object, 'file');
    assert.equal(file.bytes, 1);
    assert.ok(Number.isInteger(file.created_at));
  });

  test('the sample seed lists newest first, in one answer without page_size, with the dated statuses', async () => {
    const compatible = (await (await fetch(`${server.url}/files`, { headers: AUTH })).json()).data;
    const response = await dated('/files');
    assert.equal(response.status, 200);
    const list = await response.json();
    assert.deepEqual(Object.keys(list), ['items']);
    list.items.forEach(assertMetadata);
    assert.deepEqual(list.items.map((file) => file.id), compatible.map((file) => file.id).reverse());
    const times = list.items.map((file) => Date.parse(file.created_at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const statuses = new Map(list.items.map((file) => [file.filename, file.extract_status]));
    assert.equal(statuses.get('product-roadmap.docx'), 'ready', "the compatible 'ok' is ready");
    assert.equal(statuses.get('scanned-contract.pdf'), 'error');
    assert.equal(statuses.get('customer-interviews.md'), 'processing');
  });

  test('files of the same second list newest first too', async () => {
    const ids = [];
    for (const name of ['a.txt', 'b.txt', 'c.txt']) ids.push((await (await datedUpload(name, name)).json()).id);
    const { items } = await (await dated('/files')).json();
    assert.deepEqual(items.slice(0, 3).map((file) => file.id), ids.reverse());
  });

  test('an upload still processing has extract_status "processing", then "ready"', async () => {
    server.reset({ seed: 'none', processingMs: 200 });
    const file = await (await datedUpload('slow', 'slow.txt')).json();
    assert.equal(file.extract_status, 'processing');
    await assertDatedError(await dated(`/files/${file.id}/content`), 400, 'failed_precondition_error', { messagePart: 'not parsed yet' });
    await waitUntil(() => server.store.get(file.id).file.status === 'ready', 'the upload to be processed');
    assert.equal((await (await dated(`/files/${file.id}`)).json()).extract_status, 'ready');
  });

  test('a failed extraction is extract_status "error"; the file stays visible and deletable', async () => {
    server.reset({ seed: 'none', processingError: 'no text layer' });
    const file = await (await datedUpload('scan', 'scan.pdf')).json();
    assert.equal(file.extract_status, 'error');
    assert.equal((await (await dated(`/files/${file.id}`)).json()).extract_status, 'error');
    assert.deepEqual((await (await dated('/files')).json()).items.map((item) => [item.id, item.extract_status]), [[file.id, 'error']]);
    await assertDatedError(await dated(`/files/${file.id}/content`), 400, 'failed_precondition_error', { messagePart: 'no text layer' });
    assert.equal((await dated(`/files/${file.id}`, { method: 'DELETE' })).status, 204);
    assert.equal(server.store.size, 0);
  });
});

describe('dated list pages', () => {
  test('page_size pages newest first; next_page_token leads to the next page, and the last has none', async () => {
    server.reset({ seed: 7 });
    const all = (await (await dated('/files')).json()).items.map((file) => file.id);
    assert.equal(all.length, 7);
    const seen = [];
    const sizes = [];
    let token;
    do {
      const response = await dated(`/files?page_size=3${token === undefined ? '' : `&page_token=${encodeURIComponent(token)}`}`);
      assert.equal(response.status, 200);
      const page = await response.json();
      page.items.forEach(assertMetadata);
      seen.push(...page.items.map((file) => file.id));
      sizes.push(page.items.length);
      token = page.next_page_token;
      if (token !== undefined) assert.equal(typeof token, 'string');
    } while (token !== undefined);
    assert.deepEqual(sizes, [3, 3, 1]);
    assert.deepEqual(seen, all);
  });

  test('a page ending exactly at the last file has no next_page_token', async () => {
    server.reset({ seed: 4 });
    assert.deepEqual(Object.keys(await (await dated('/files?page_size=4')).json()), ['items']);
    assert.deepEqual(Object.keys(await (await dated('/files?page_size=1000')).json()), ['items']);
  });

  test('a page_token without page_size gives pages of 50', async () => {
    server.reset({ seed: 120 });
    const first = await (await dated('/files?page_size=10')).json();
    const next = await (await dated(`/files?page_token=${first.next_page_token}`)).json();
    assert.equal(next.items.length, 50);
    assert.equal(typeof next.next_page_token, 'string');
    assert.equal((await (await dated('/files')).json()).items.length, 120, 'no page_size: the whole list');
  });

  test('deleting files while paging neither skips nor repeats the others', async () => {
    server.reset({ seed: 6 });
    const all = (await (await dated('/files')).json()).items.map((file) => file.id);
    const first = await (await dated('/files?page_size=2')).json();
    // The last file served and one not yet served go.
    for (const id of [all[1], all[3]]) assert.equal((await dated(`/files/${id}`, { method: 'DELETE' })).status, 204);
    const rest = await (await dated(`/files?page_size=10&page_token=${first.next_page_token}`)).json();
    assert.deepEqual(rest.items.map((file) => file.id), [all[2], all[4], all[5]]);
  });

  test('a bad page_size or page_token is a 400 invalid_parameter_error naming it', async () => {
    for (const size of ['0', '1001', '-1', '1.5', 'ten', '', '00000001']) {
      await assertDatedError(await dated(`/files?page_size=${size}`), 400, 'invalid_parameter_error', { param: 'page_size' });
    }
    const made = Buffer.from(JSON.stringify(['mock-page', 1, 'x'])).toString('base64url');
    for (const token of ['nope', 'bm9wZQ', made, '%00']) {
      await assertDatedError(await dated(`/files?page_size=2&page_token=${token}`), 400, 'invalid_parameter_error', { param: 'page_token' });
    }
  });

  test('the compatible list ignores page_size and keeps its shape', async () => {
    const list = await (await fetch(`${server.url}/files?page_size=2`, { headers: AUTH })).json();
    assert.equal(list.object, 'list');
    assert.ok(list.data.length > 2);
  });
});

describe('dated errors', () => {
  test('each of the ten types comes with its one status, the envelope and the request id', async () => {
    const { id: imageId } = await (await datedUpload('png', 'a.png', 'image')).json();
    const uploadWithKey = (content) => datedUpload(content, 'k.txt', 'file-extract', { 'idempotency-key': 'ten-types' });
    assert.equal((await uploadWithKey('one')).status, 201);
    server.inject([
      { path: '/v1/files/forbidden', status: 403 },
      { path: '/v1/files/limited', status: 429 },
      { path: '/v1/files/quota', status: 429, type: 'exceeded_current_quota_error' },
      { path: '/v1/files/broken', status: 500 },
    ]);
    const cases = [
      [dated('/files?page_size=0'), 400, 'invalid_parameter_error', 'page_size'],
      [datedUpload('x', 'x.txt', 'nonsense'), 400, 'invalid_request_error'],
      [dated(`/files/${imageId}/content`), 400, 'failed_precondition_error'],
      [fetch(`${server.url}/files`, { headers: { 'kimi-api-version': VERSION } }), 401, 'authentication_error'],
      [dated('/files/forbidden'), 403, 'permission_denied_error'],
      [dated('/files/unknown-id'), 404, 'resource_not_found_error'],
      [uploadWithKey('two'), 409, 'conflict_error', 'Idempotency-Key'],
      [dated('/files/limited'), 429, 'rate_limit_reached_error'],
      [dated('/files/quota'), 429, 'exceeded_current_quota_error'],
      [dated('/files/broken'), 500, 'server_error'],
    ];
    for (const [pending, status, type, param] of cases) {
      const response = await pending;
      await assertDatedError(response, status, type, { param });
      // Only the rate limit carries Retry-After, in integer seconds.
      const retryAfter = response.headers.get('retry-after');
      if (type === 'rate_limit_reached_error') assert.match(retryAfter, /^\d+$/);
      else assert.equal(retryAfter, null, type);
    }
  });

  test('a wrong method is a 400 invalid_request_error (the vocabulary has no 405); the compatible 405 stays', async () => {
    await assertDatedError(await dated('/files', { method: 'DELETE' }), 400, 'invalid_request_error');
    assert.equal((await fetch(`${server.url}/files`, { method: 'DELETE', headers: AUTH })).status, 405);
  });

  test('a fault may name its own type and param, kept as given', async () => {
    server.inject({ status: 400, type: 'brand_new_error', param: 'purpose' });
    await assertDatedError(await dated('/files'), 400, 'brand_new_error', { param: 'purpose' });
    assert.throws(() => server.inject({ type: 'x' }), TypeError);
  });

  test('an unknown version, well-formed or not, is a 400 invalid_request_error naming it, and changes nothing', async () => {
    const { id } = await (await datedUpload('keep', 'keep.txt')).json();
    for (const version of ['2025-01-01', '2026-09-01', 'latest', '']) {
      const headers = { 'kimi-api-version': version };
      const error = await assertDatedError(await dated(`/files/${id}`, { method: 'DELETE', headers }), 400, 'invalid_request_error');
      assert.ok(error.message.includes(JSON.stringify(version)), error.message);
    }
    assert.equal((await dated(`/files/${id}`)).status, 200);
  });
});

describe('dated rate limits', () => {
  test('maxConcurrency answers a dated request in the dated shape, with Retry-After', async () => {
    server.reset({ maxConcurrency: 1 });
    const held = heldUpload('held.txt');
    await waitUntil(() => server.requests().length === 1, 'the held upload to arrive');
    const refused = await dated('/files');
    const error = await assertDatedError(refused, 429, 'rate_limit_reached_error');
    assert.match(error.message, /max concurrency: 1, please try again after 1 seconds/);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal((await held.finish()).status, 201);
  });

  test('maxRpm answers with the seconds until the minute frees a place', async () => {
    server.reset({ maxRpm: 1 });
    assert.equal((await dated('/files')).status, 200);
    const refused = await dated('/files');
    const error = await assertDatedError(refused, 429, 'rate_limit_reached_error');
    const seconds = /please try again after (\d+) seconds/.exec(error.message)[1];
    assert.equal(refused.headers.get('retry-after'), seconds);
    assert.ok(Number(seconds) >= 1 && Number(seconds) <= 60);
  });
});

describe('dated content', () => {
  test('a file-extract file is a JSON object; a batch its bytes; an image or a video none', async () => {
    const text = await (await datedUpload('# Title\nbody', 'doc.md')).json();
    const response = await dated(`/files/${text.id}/content`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.deepEqual(await response.json(), { content: '# Title\nbody', file_type: 'text/markdown', filename: 'doc.md', title: '', type: 'file' });

    const lines = Buffer.from('{"custom_id":"1"}\n\u00ff');
    const batch = await (await datedUpload(lines, 'jobs.jsonl', 'batch')).json();
    const bytes = Buffer.from(await (await dated(`/files/${batch.id}/content`)).arrayBuffer());
    assert.equal(sha256(bytes), sha256(lines));

    for (const [name, purpose] of [['a.png', 'image'], ['a.mp4', 'video']]) {
      const { id } = await (await datedUpload('media', name, purpose)).json();
      await assertDatedError(await dated(`/files/${id}/content`), 400, 'failed_precondition_error', { messagePart: purpose });
    }
  });
});

describe('idempotent uploads', () => {
  test('the same key with the same body replays the first answer and stores nothing more', async () => {
    server.reset({ seed: 'none' });
    const key = { 'idempotency-key': 'same-body' };
    const first = await datedUpload('once', 'once.txt', 'file-extract', key);
    const second = await datedUpload('once', 'once.txt', 'file-extract', key);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.deepEqual(await second.json(), await first.json());
    assert.equal(server.store.size, 1);
    // Each attempt had its own multipart boundary: the body is compared, not its framing.
    const types = server.requests().map((entry) => entry.headers['content-type']);
    assert.notEqual(types[0], types[1]);
  });

  test('the same key with another file, name or purpose is a 409 conflict_error', async () => {
    server.reset({ seed: 'none' });
    const key = { 'idempotency-key': 'other-body' };
    assert.equal((await datedUpload('once', 'once.txt', 'batch', key)).status, 201);
    for (const [content, name, purpose] of [['twice', 'once.txt', 'batch'], ['once', 'other.txt', 'batch'], ['once', 'once.txt', 'file-extract']]) {
      await assertDatedError(await datedUpload(content, name, purpose, key), 409, 'conflict_error', { param: 'Idempotency-Key' });
    }
    assert.equal(server.store.size, 1);
    assert.equal((await datedUpload('once', 'once.txt', 'batch', { 'idempotency-key': 'another-key' })).status, 201);
    assert.equal(server.store.size, 2);
  });

  test('the same key while the first upload still runs is a 409; the first then ends as usual', async () => {
    server.reset({ seed: 'none' });
    const key = { 'idempotency-key': 'running' };
    const held = heldUpload('held.txt', key);
    await waitUntil(() => server.requests().length === 1, 'the held upload to arrive');
    await assertDatedError(await datedUpload('held', 'held.txt', 'file-extract', key), 409, 'conflict_error', {
      param: 'Idempotency-Key',
      messagePart: 'still running',
    });
    const first = await held.finish();
    assert.equal(first.status, 201);
    const replay = await datedUpload('held', 'held.txt', 'file-extract', key);
    assert.deepEqual(await replay.json(), JSON.parse(first.body));
    assert.equal(server.store.size, 1);
  });

  test('a 400 or a 5xx is never kept: the same key may then carry another upload', async () => {
    server.reset({ seed: 'none' });
    const key = { 'idempotency-key': 'after-400' };
    await assertDatedError(await datedUpload('x', 'x.txt', 'nonsense', key), 400, 'invalid_request_error');
    assert.equal((await datedUpload('x', 'x.txt', 'batch', key)).status, 201);
    server.inject({ method: 'POST', path: '/v1/files', status: 503 });
    const failing = { 'idempotency-key': 'after-503' };
    await assertDatedError(await datedUpload('y', 'y.txt', 'batch', failing), 503, 'server_error');
    assert.equal((await datedUpload('z', 'z.txt', 'batch', failing)).status, 201);
    assert.equal(server.store.size, 2);
  });

  test('a key of more than 255 characters (or none) is a 400 invalid_parameter_error naming Idempotency-Key', async () => {
    server.reset({ seed: 'none' });
    for (const key of ['k'.repeat(256), '']) {
      await assertDatedError(await datedUpload('x', 'x.txt', 'batch', { 'idempotency-key': key }), 400, 'invalid_parameter_error', {
        param: 'Idempotency-Key',
      });
    }
    assert.equal(server.store.size, 0);
    assert.equal((await datedUpload('x', 'x.txt', 'batch', { 'idempotency-key': 'k'.repeat(255) })).status, 201);
  });

  test('a compatible upload ignores the key, and reset forgets the kept answers', async () => {
    server.reset({ seed: 'none' });
    const key = { 'idempotency-key': 'compat' };
    const compat = (content) => fetch(`${server.url}/files`, { method: 'POST', headers: { ...AUTH, ...key }, body: form(content, 'c.txt') });
    assert.equal((await compat('a')).status, 200);
    assert.equal((await compat('a')).status, 200);
    assert.equal(server.store.size, 2);
    assert.equal((await datedUpload('a', 'c.txt', 'file-extract', key)).status, 201);
    server.reset({ seed: 'none' });
    assert.equal((await datedUpload('b', 'c.txt', 'file-extract', key)).status, 201, 'not a 409: the key was forgotten');
  });

  test('drop-after-handling stores the upload and cuts the answer; the retry with the key gets the replay', async () => {
    server.reset({ seed: 'none' });
    server.inject({ method: 'POST', path: '/v1/files', action: 'drop-after-handling' });
    const key = { 'idempotency-key': 'retry-me' };
    await assert.rejects(datedUpload('precious', 'p.txt', 'file-extract', key), TypeError);
    assert.equal(server.store.size, 1, 'the service stored it');
    const retry = await datedUpload('precious', 'p.txt', 'file-extract', key);
    assert.equal(retry.status, 201);
    const file = await retry.json();
    assert.deepEqual(server.store.list().map((stored) => stored.id), [file.id]);
    assert.deepEqual(server.requests().map((entry) => [entry.fault, entry.status]), [[true, null], [false, 201]]);
  });
});

describe('dated headers', () => {
  test('the log keeps the kimi-api-version and idempotency-key request headers', async () => {
    await datedUpload('x', 'x.txt', 'batch', { 'idempotency-key': 'logged-key' });
    await fetch(`${server.url}/files`, { headers: AUTH });
    const [upload, compat] = server.requests();
    assert.equal(upload.headers['kimi-api-version'], VERSION);
    assert.equal(upload.headers['idempotency-key'], 'logged-key');
    assert.equal(compat.headers['kimi-api-version'], undefined);
    assert.equal(compat.headers['idempotency-key'], undefined);
  });

  test('a preflight allows kimi-api-version and idempotency-key; a dated answer exposes deprecation, sunset, retry-after', async () => {
    const preflight = await fetch(`${server.url}/files`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, kimi-api-version, idempotency-key',
      },
    });
    assert.equal(preflight.status, 204);
    const allowed = preflight.headers.get('access-control-allow-headers').toLowerCase().split(', ');
    assert.deepEqual(allowed, ['authorization', 'content-type', 'kimi-api-version', 'idempotency-key']);
    const exposed = (await dated('/files')).headers.get('access-control-expose-headers').split(', ');
    for (const name of ['msh-request-id', 'retry-after', 'deprecation', 'sunset']) assert.ok(exposed.includes(name), name);
  });

  test('deprecation adds Deprecation and Sunset to every dated answer, errors included, and to none other', async () => {
    const sunset = '2027-03-01T00:00:00Z';
    const retired = await startMockServer({ seed: 'none', deprecation: { sunset } });
    try {
      const answers = [
        await fetch(`${retired.url}/files`, { headers: DATED }),
        await fetch(`${retired.url}/files/none`, { headers: DATED }),
        await fetch(`${retired.url}/files`, { headers: { 'kimi-api-version': VERSION } }),
      ];
      for (const response of answers) {
        assert.equal(response.headers.get('deprecation'), 'true');
        assert.equal(response.headers.get('sunset'), sunset);
      }
      const compat = await fetch(`${retired.url}/files`, { headers: AUTH });
      assert.equal(compat.headers.get('deprecation'), null);
      assert.equal(compat.headers.get('sunset'), null);
      retired.reset({ deprecation: null });
      assert.equal((await fetch(`${retired.url}/files`, { headers: DATED })).headers.get('deprecation'), null);
    } finally {
      await retired.close();
    }
    server.reset({ deprecation: { sunset: '2027-06-30T12:00:00+08:00' } });
    assert.equal((await dated('/files')).headers.get('sunset'), '2027-06-30T12:00:00+08:00');
    for (const bad of [{ sunset: 'March 2027' }, { sunset: '2027-03-01' }, { date: sunset }, 'yes']) {
      assert.throws(() => server.reset({ deprecation: bad }), TypeError);
    }
    const overHttp = await fetch(`${server.origin}/__mock/reset`, { method: 'POST', body: JSON.stringify({ deprecation: { sunset } }) });
    assert.equal(overHttp.status, 200);
    assert.equal((await dated('/files')).headers.get('sunset'), sunset);
  });

  test('--deprecation-sunset sets it from the command line', async () => {
    const script = fileURLToPath(new URL('../../mock/server.mjs', import.meta.url));
    const child = spawn(process.execPath, [script, '--port', '0', '--seed', 'none', '--deprecation-sunset', '2027-03-01T00:00:00Z']);
    const exited = once(child, 'exit');
    try {
      const [line] = await once(child.stdout.setEncoding('utf8'), 'data');
      const url = /^moonshot mock: (\S+) /.exec(line)[1];
      const response = await fetch(`${url}/files`, { headers: DATED });
      assert.equal(response.headers.get('deprecation'), 'true');
      assert.equal(response.headers.get('sunset'), '2027-03-01T00:00:00Z');
    } finally {
      child.kill('SIGTERM');
    }
    assert.deepEqual(await exited, [0, null]);
    const bad = spawn(process.execPath, [script, '--port', '0', '--deprecation-sunset', 'soon']);
    let stderr = '';
    bad.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    assert.deepEqual(await once(bad, 'exit'), [2, null]);
    assert.match(stderr, /deprecation/);
  });
});
