// The dated Files API (`kimi-api-version: 2026-09-01-beta`) as the client
// speaks it today: the version chosen, checked and sent on every request;
// uploads made safe to retry with an Idempotency-Key; the dated error
// vocabulary (param, the body's request_id, 409); a retired version told once.
// What each request carried is seen through the client's own `fetch`.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Moonshot, ConflictError, BadRequestError, InvalidArgumentError } from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { notPreflight, rejection } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const VERSION = '2026-09-01-beta';

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'none' });
});
after(() => mock.close());
beforeEach(() => {
  mock.reset({ seed: 'none', processingMs: 0 });
  mock.clearRequests();
});

/** A dated client whose requests' headers are kept in `sent`, in order. */
function dated(options = {}) {
  const sent = [];
  const fetch = (url, init) => {
    sent.push({ method: init.method, url: String(url), headers: Object.fromEntries(new Headers(init.headers)) });
    return globalThis.fetch(url, init);
  };
  return { files: new Moonshot({ apiKey: KEY, baseURL: mock.url, apiVersion: VERSION, fetch, ...options }).files, sent };
}

describe('choosing the version', () => {
  it('a value not of the form YYYY-MM-DD[-suffix] is refused at construction, naming apiVersion', () => {
    for (const version of ['beta', '2026-9-1', '2026-09-01-', 'latest']) {
      assert.throws(() => new Moonshot({ apiKey: KEY, baseURL: mock.url, apiVersion: version }), (err) => {
        assert.ok(err instanceof InvalidArgumentError);
        assert.equal(err.message, `apiVersion must be a date such as 2026-09-01-beta (YYYY-MM-DD, with an optional -suffix); got "${version}".`);
        return true;
      });
    }
  });

  it('is read from MOONSHOT_API_VERSION on a server, as the key is; the option wins', () => {
    const saved = process.env.MOONSHOT_API_VERSION;
    process.env.MOONSHOT_API_VERSION = VERSION;
    try {
      assert.equal(new Moonshot({ apiKey: KEY, baseURL: mock.url }).toJSON().apiVersion, VERSION);
      assert.equal(new Moonshot({ apiKey: KEY, baseURL: mock.url, apiVersion: '2027-01-01' }).toJSON().apiVersion, '2027-01-01');
      process.env.MOONSHOT_API_VERSION = 'nonsense';
      assert.throws(() => new Moonshot({ apiKey: KEY, baseURL: mock.url }), /apiVersion must be a date/);
    } finally {
      if (saved === undefined) delete process.env.MOONSHOT_API_VERSION;
      else process.env.MOONSHOT_API_VERSION = saved;
    }
  });

  it('every /v1/files request carries kimi-api-version; a compatible client sends none', async () => {
    const { files, sent } = dated();
    const created = await files.create({ file: new Blob(['{}\n']), filename: 'a.jsonl', purpose: 'batch' });
    await files.list();
    await files.retrieve(created);
    await (await files.download(created)).arrayBuffer();
    await files.delete(created);
    assert.deepEqual(sent.map((request) => [request.method, request.headers['kimi-api-version']]), [
      ['POST', VERSION],
      ['GET', VERSION],
      ['GET', VERSION],
      ['GET', VERSION],
      ['DELETE', VERSION],
    ]);
    const compatible = [];
    const plain = new Moonshot({ apiKey: KEY, baseURL: mock.url, fetch: (url, init) => (compatible.push(new Headers(init.headers)), fetch(url, init)) });
    await plain.files.list();
    assert.equal(compatible[0].get('kimi-api-version'), null);
  });

  it('a well-formed version the service does not know: its 400, saying which was sent, not retried', async () => {
    mock.inject({ status: 400, json: { error: { type: 'invalid_request_error', message: 'unknown API version', request_id: 'req-v' } } });
    const { files } = dated({ apiVersion: '2099-01-01' });
    const err = await rejection(files.list());
    assert.ok(err instanceof BadRequestError, err.name);
    assert.equal(err.message, '400 unknown API version (sent with kimi-api-version: 2099-01-01)');
    assert.equal(err.attempts, 1);
  });
});

describe('uploads that are safe to retry', () => {
  it('every dated create sends an Idempotency-Key, the same on each retry of the call, a new one per call', async () => {
    // A 500 after the upload: on the compatible API never retried (the file
    // may be stored); with the key the service replays, so it is.
    mock.inject({ method: 'POST', path: '/v1/files', status: 500, times: 1 });
    const { files, sent } = dated();
    await files.create({ file: new Blob(['one']), filename: 'one.jsonl', purpose: 'batch' });
    await files.create({ file: new Blob(['two']), filename: 'two.jsonl', purpose: 'batch' });
    const keys = sent.map((request) => request.headers['idempotency-key']);
    assert.equal(keys.length, 3, 'the first call retried once');
    assert.match(keys[0], /^[0-9A-Za-z]{32}$/);
    assert.equal(keys[1], keys[0], 'the retry sent the same key');
    assert.notEqual(keys[2], keys[0], 'another call, another key');
    assert.equal(mock.store.size, 2);
  });

  it('a caller\'s own key is sent as given; a key the service would not keep is refused unsent', async () => {
    const { files, sent } = dated();
    await files.create({ file: new Blob(['x']), filename: 'x.jsonl', purpose: 'batch' }, { idempotencyKey: 'order-42' });
    assert.equal(sent[0].headers['idempotency-key'], 'order-42');
    const err = await rejection(files.create({ file: new Blob(['x']), filename: 'x.jsonl', purpose: 'batch' }, { idempotencyKey: 'k'.repeat(256) }));
    assert.ok(err instanceof InvalidArgumentError);
    assert.equal(err.message, 'idempotencyKey must be 1 to 255 visible ASCII characters (a UUID is fine).');
    assert.equal(sent.length, 1);
  });

  it('409 conflict_error is a ConflictError, never retried', async () => {
    mock.inject({ method: 'POST', path: '/v1/files', status: 409, json: { error: { type: 'conflict_error', message: 'Idempotency-Key reused with another body', request_id: 'req-409' } } });
    const { files, sent } = dated();
    const err = await rejection(files.create({ file: new Blob(['x']), filename: 'x.jsonl', purpose: 'batch' }));
    assert.ok(err instanceof ConflictError, err.name);
    assert.equal(err.status, 409);
    assert.equal(err.attempts, 1);
    assert.equal(sent.length, 1);
  });
});

describe('the dated error vocabulary', () => {
  it('param, and the request id from the body where the header is missing', async () => {
    const fetch = async () =>
      new Response(JSON.stringify({ error: { type: 'invalid_parameter_error', message: 'page_size must be 1..1000', request_id: 'req-body', param: 'page_size' } }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    const err = await rejection(new Moonshot({ apiKey: KEY, baseURL: mock.url, apiVersion: VERSION, fetch }).files.list());
    assert.ok(err instanceof BadRequestError);
    assert.equal(err.type, 'invalid_parameter_error');
    assert.equal(err.param, 'page_size');
    assert.equal(err.requestId, 'req-body');
  });

  it('failed_precondition_error and permission_denied_error are never retried', async () => {
    for (const [status, type] of [[400, 'failed_precondition_error'], [403, 'permission_denied_error']]) {
      mock.inject({ status, json: { error: { type, message: 'no', request_id: 'r' } } });
      const err = await rejection(dated().files.list());
      assert.equal(err.type, type);
      assert.equal(err.attempts, 1, type);
    }
  });
});

describe('a retired version', () => {
  const RETIRED = { deprecation: 'true', sunset: '2027-03-01T00:00:00Z' };

  it('is told once per client, not once per call, with the version and the date', async () => {
    mock.inject({ method: 'GET', path: '/v1/files', times: 3, headers: RETIRED });
    const notices = [];
    const { files } = dated({ onDeprecation: (notice) => notices.push(notice) });
    await files.list();
    await files.list();
    await files.list();
    assert.deepEqual(notices, [
      {
        version: VERSION,
        sunset: '2027-03-01T00:00:00Z',
        message: `moonshot-files: the service says the Files API version ${VERSION} is deprecated and will refuse it after 2027-03-01T00:00:00Z; set apiVersion to a current one (kimi-api-version).`,
      },
    ]);
  });

  it('goes to console.warn by default, once', async () => {
    mock.inject({ method: 'GET', path: '/v1/files', times: 2, headers: RETIRED });
    const warned = [];
    const warn = console.warn;
    console.warn = (...args) => warned.push(args.join(' '));
    try {
      const { files } = dated();
      await files.list();
      await files.list();
    } finally {
      console.warn = warn;
    }
    assert.equal(warned.length, 1);
    assert.match(warned[0], /version 2026-09-01-beta is deprecated and will refuse it after 2027-03-01T00:00:00Z/);
    assert.equal(notPreflight(mock.requests()).length, 2);
  });
});

describe('the dated shapes, against the mock speaking them', () => {
  beforeEach(() => mock.reset({ seed: 'sample', processingMs: 0 }));

  it('upload (201) and retrieve give FileMetadata; delete (204) resolves to { id, object, deleted }', async () => {
    const { files } = dated();
    const created = await files.create({ file: new Blob(['hello']), filename: 'h.txt', purpose: 'file-extract' });
    assert.deepEqual(Object.keys(created).sort(), ['created_at', 'extract_status', 'filename', 'id', 'mime_type', 'purpose', 'size_bytes']);
    assert.equal(created.size_bytes, 5);
    assert.match(created.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    assert.deepEqual(await files.retrieve(created.id), created);
    assert.deepEqual(await files.delete(created), { id: created.id, object: 'file', deleted: true });
    assert.equal(mock.store.get(created.id), undefined);
  });

  it('pages: one page resolves; for await yields every file across pages, in the service\'s order', async () => {
    const { files, sent } = dated();
    const whole = await files.list();
    assert.equal(whole.items.length, mock.store.size, 'no pageSize: the whole list');
    assert.equal(whole.next_page_token, undefined);
    const first = await files.list({ pageSize: 4 });
    assert.equal(first.items.length, 4);
    assert.equal(typeof first.next_page_token, 'string');
    sent.length = 0;
    const seen = [];
    for await (const file of files.list({ pageSize: 4 })) seen.push(file.id);
    assert.deepEqual(seen, whole.items.map((file) => file.id));
    const pages = Math.ceil(whole.items.length / 4);
    assert.equal(sent.length, pages, 'one request a page');
    assert.ok(sent.slice(1).every((request) => new URL(request.url).searchParams.get('page_token')), 'each next page by its token');
  });

  it('a compatible client\'s for await yields the one list\'s data', async () => {
    const files = new Moonshot({ apiKey: KEY, baseURL: mock.url }).files;
    const ids = [];
    for await (const file of files.list()) ids.push(file.id);
    assert.deepEqual(ids, mock.store.list().map((file) => file.id));
  });

  it('pageSize outside 1..1000, or on a compatible client, is refused before anything is sent', async () => {
    const { files, sent } = dated();
    for (const pageSize of [0, 1001, 1.5, '10']) {
      assert.ok((await rejection(files.list({ pageSize }))) instanceof InvalidArgumentError, String(pageSize));
    }
    const plain = new Moonshot({ apiKey: KEY, baseURL: mock.url }).files;
    const err = await rejection(plain.list({ pageSize: 10 }));
    assert.equal(err.message, 'pageSize and pageToken are the dated API\'s: set apiVersion (kimi-api-version) to page a list.');
    assert.equal(sent.length, 0);
  });

  it('an answer missing a required field is an InvalidResponseError naming it; unknown enum values are kept', async () => {
    const { files } = dated();
    const created = await files.create({ file: new Blob(['x']), filename: 'x.txt', purpose: 'file-extract' });
    mock.inject({ method: 'GET', path: `/v1/files/${created.id}`, json: { id: created.id, filename: 'x.txt', mime_type: 'text/plain', created_at: created.created_at, purpose: 'file-extract', extract_status: 'ready' } });
    const err = await rejection(files.retrieve(created.id));
    assert.equal(err.name, 'InvalidResponseError');
    assert.match(err.message, /size_bytes/);
    mock.inject({ method: 'GET', path: `/v1/files/${created.id}`, json: { ...created, purpose: 'audio', extract_status: 'queued' } });
    const kept = await files.retrieve(created.id);
    assert.equal(kept.purpose, 'audio');
    assert.equal(kept.extract_status, 'queued');
  });

  it('waitForProcessing: extract_status error is a FileProcessingError; extract cleans up', async () => {
    mock.reset({ seed: 'none', processingError: 'the PDF is encrypted' });
    const { files } = dated();
    const err = await rejection(files.extract({ file: new Blob(['%PDF']), filename: 'locked.pdf' }, { pollInterval: 10 }));
    assert.equal(err.name, 'FileProcessingError');
    assert.equal(mock.store.size, 0, 'the failed file was deleted');
  });

  it('prune reads created_at as a date-time for olderThan', async () => {
    const { files } = dated();
    const all = (await files.list()).items;
    const cut = new Date(Date.parse(all[Math.floor(all.length / 2)].created_at) + 1);
    const expected = all.filter((file) => Date.parse(file.created_at) < cut.getTime()).map((file) => file.id).sort();
    const chosen = await files.prune({ olderThan: cut, dryRun: true });
    assert.ok(expected.length > 0 && expected.length < all.length, 'the cut splits the account');
    assert.deepEqual(chosen.map((file) => file.id).sort(), expected);
  });

  it('a connection cut after the service stored the upload: the retry, with the same key, leaves exactly one file', async () => {
    mock.reset({ seed: 'none' });
    mock.inject({ method: 'POST', path: '/v1/files', action: 'drop-after-handling' });
    const { files, sent } = dated();
    const created = await files.create({ file: new Blob(['only once']), filename: 'once.jsonl', purpose: 'batch' });
    assert.equal(sent.length, 2, 'sent again after the cut');
    assert.equal(sent[0].headers['idempotency-key'], sent[1].headers['idempotency-key']);
    assert.equal(mock.store.size, 1, 'one file, not two');
    assert.equal(mock.store.list()[0].id, created.id, 'the replayed answer names the stored file');
  });

  it('the mock\'s retired version is told once, through onDeprecation', async () => {
    mock.reset({ seed: 'none', deprecation: { sunset: '2027-03-01T00:00:00Z' } });
    const notices = [];
    const { files } = dated({ onDeprecation: (notice) => notices.push(notice.sunset) });
    await files.list();
    await files.list();
    assert.deepEqual(notices, ['2027-03-01T00:00:00Z']);
  });
});

describe('the ten dated error types, each to its class and its retry rule', () => {
  // [type, status, class, attempts with maxRetries 1]
  const TABLE = [
    ['invalid_parameter_error', 400, 'BadRequestError', 1],
    ['invalid_request_error', 400, 'BadRequestError', 1],
    ['failed_precondition_error', 400, 'BadRequestError', 1],
    ['authentication_error', 401, 'AuthenticationError', 1],
    ['permission_denied_error', 403, 'PermissionDeniedError', 1],
    ['resource_not_found_error', 404, 'NotFoundError', 1],
    ['conflict_error', 409, 'ConflictError', 1],
    ['rate_limit_reached_error', 429, 'RateLimitError', 2],
    ['exceeded_current_quota_error', 429, 'QuotaExceededError', 1],
    ['server_error', 500, 'InternalServerError', 2],
  ];
  for (const [type, status, name, attempts] of TABLE) {
    it(`${type} (${status}): ${name}, ${attempts === 1 ? 'never retried' : 'retried'}, its type kept`, async () => {
      mock.reset({ seed: 'none' });
      // Twice: a retried type meets it again, and its error is the second answer's.
      mock.inject({ method: 'GET', path: '/v1/files', status, type, times: 2, ...(type === 'invalid_parameter_error' ? { param: 'page_size' } : {}) });
      const { files } = dated({ maxRetries: 1 });
      const err = await rejection(files.list());
      assert.equal(err.name, name);
      assert.equal(err.status, status);
      assert.equal(err.type, type);
      assert.equal(err.attempts, attempts);
      assert.equal(typeof err.requestId, 'string');
      if (type === 'invalid_parameter_error') assert.equal(err.param, 'page_size');
      if (type === 'rate_limit_reached_error') assert.equal(err.retryAfterMs, 1000, 'Retry-After, in integer seconds');
    });
  }

  it('an image\'s content is the service\'s error, not retried', async () => {
    mock.reset({ seed: 'none' });
    const { files, sent } = dated({ maxRetries: 2 });
    const image = await files.create({ file: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]), filename: 'a.png', purpose: 'image' });
    sent.length = 0;
    const err = await rejection(files.content(image));
    assert.equal(err.name, 'BadRequestError');
    assert.equal(err.attempts, 1);
    assert.equal(sent.length, 1);
  });

  it('a low-tier account on the dated API: the limit learned from its 429, every delete done', async () => {
    mock.reset({ seed: 'none' });
    const { files } = dated();
    const ids = [];
    for (let i = 0; i < 6; i += 1) ids.push((await files.create({ file: new Blob([`f${i}`]), filename: `f${i}.txt`, purpose: 'file-extract' })).id);
    mock.reset({ seed: mock.store.list(), maxConcurrency: 1 });
    mock.inject({ method: 'DELETE', path: '/v1/files/*', delayMs: 300 });
    mock.clearRequests();
    const results = await files.deleteMany(ids);
    assert.deepEqual(results.map((result) => result.status), ids.map(() => 'deleted'));
    const log = notPreflight(mock.requests());
    assert.ok(log.some((entry) => entry.status === 429), 'the limit was met');
    assert.ok(log.filter((entry) => entry.status === 204).length === 6);
  });
});
