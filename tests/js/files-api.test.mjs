// Every Files API call of the built package (pkg/index.mjs) against the mock:
// uploads in each form a user has the bytes in, the lifecycle of a file, what
// is refused before sending, what the service refuses, ids that try to change
// the path, waitForProcessing, and the multipart framing of a hostile name.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, openAsBlob, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  Moonshot,
  MoonshotError,
  APIError,
  BadRequestError,
  NotFoundError,
  InvalidArgumentError,
  FileProcessingError,
  WaitTimeoutError,
  AbortError,
} from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { assertPauses, atLeast, listen, rejection, sparseFile, tempDir, timed } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const MAX_BYTES = 100 * 1024 * 1024;
const TEXT = 'Grüße aus Köln — 世界\nline two: "quoted" & <tagged>\n';
const TEXT_BYTES = Buffer.byteLength(TEXT);
// Uploads are dated between this (Unix seconds) and the moment they are checked.
const SUITE_STARTED = Math.floor(Date.now() / 1000);

let mock, tmp;
before(async () => {
  mock = await startMockServer({ seed: 'sample' });
  tmp = tempDir();
});
after(async () => {
  await mock.close();
  tmp.remove();
});
beforeEach(() => {
  mock.reset();
  mock.clearRequests();
});

const client = (options = {}) => new Moonshot({ apiKey: KEY, baseURL: mock.url, ...options });
const sampleId = (filename) => mock.store.list().find((f) => f.filename === filename).id;

/** A FileObject as the API promises it, for a fresh upload. */
function assertUploaded(file, { filename, purpose, bytes }) {
  assert.equal(Object.getPrototypeOf(file), Object.prototype, 'a plain object');
  assert.deepEqual(Object.keys(file).sort(), ['bytes', 'created_at', 'filename', 'id', 'object', 'purpose', 'status']);
  assert.match(file.id, /^[a-z0-9]{20}$/);
  assert.equal(file.object, 'file');
  assert.equal(file.bytes, bytes);
  assert.ok(Number.isInteger(file.created_at));
  assert.ok(file.created_at >= SUITE_STARTED && file.created_at <= Date.now() / 1000, `created_at ${file.created_at} is during this suite`);
  assert.equal(file.filename, filename);
  assert.equal(file.purpose, purpose);
  assert.equal(file.status, 'ready');
  assert.deepEqual(structuredClone(file), file);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The one upload request the mock saw, with what it carried (`content`: the file's bytes). */
function assertOneUpload({ filename, purpose }, content = TEXT) {
  const log = mock.requests();
  assert.equal(log.length, 1, 'exactly one request');
  const [entry] = log;
  assert.equal(entry.method, 'POST');
  assert.equal(entry.path, '/v1/files');
  assert.equal(entry.headers.authorization, 'valid');
  assert.match(entry.headers['content-type'], /^multipart\/form-data; boundary=/);
  assert.deepEqual(entry.upload, { filename, purpose, bytes: Buffer.byteLength(content), sha256: sha256(content) });
  assert.equal(entry.status, 200);
}

describe('files.create(): each form of bytes', () => {
  it('a Blob with a filename', async () => {
    const file = await client().files.create({ file: new Blob([TEXT]), filename: 'blob.txt', purpose: 'file-extract' });
    assertUploaded(file, { filename: 'blob.txt', purpose: 'file-extract', bytes: TEXT_BYTES });
    assertOneUpload({ filename: 'blob.txt', purpose: 'file-extract' });
    assert.equal(await client().files.extractedText(file.id), TEXT);
  });

  it('a File, under its own name or the filename given', async () => {
    const own = new File([TEXT], 'notes.md', { type: 'text/markdown' });
    const file = await client().files.create({ file: own, purpose: 'file-extract' });
    assertUploaded(file, { filename: 'notes.md', purpose: 'file-extract', bytes: TEXT_BYTES });
    assertOneUpload({ filename: 'notes.md', purpose: 'file-extract' });
    assert.equal(await client().files.extractedText(file.id), TEXT);

    const renamed = await client().files.create({ file: own, filename: 'renamed.md', purpose: 'batch' });
    assertUploaded(renamed, { filename: 'renamed.md', purpose: 'batch', bytes: TEXT_BYTES });
  });

  it('a Uint8Array and a Buffer with a filename; a view sends only its own bytes', async () => {
    const bytes = new TextEncoder().encode(TEXT);
    const fromArray = await client().files.create({ file: bytes, filename: 'array.txt', purpose: 'file-extract' });
    assertUploaded(fromArray, { filename: 'array.txt', purpose: 'file-extract', bytes: TEXT_BYTES });
    assertOneUpload({ filename: 'array.txt', purpose: 'file-extract' });
    assert.equal(await client().files.extractedText(fromArray.id), TEXT);

    // A window into a larger buffer: the bytes around it must not be sent.
    const padded = Buffer.from(`XXXX${TEXT}YYYY`);
    const view = padded.subarray(4, 4 + TEXT_BYTES);
    const fromBuffer = await client().files.create({ file: view, filename: 'buffer.txt', purpose: 'file-extract' });
    assertUploaded(fromBuffer, { filename: 'buffer.txt', purpose: 'file-extract', bytes: TEXT_BYTES });
    assert.equal(await client().files.extractedText(fromBuffer.id), TEXT);
  });

  it('an ArrayBuffer with a filename', async () => {
    const buffer = new TextEncoder().encode(TEXT).buffer;
    const file = await client().files.create({ file: buffer, filename: 'buffer.jsonl', purpose: 'file-extract' });
    assertUploaded(file, { filename: 'buffer.jsonl', purpose: 'file-extract', bytes: TEXT_BYTES });
    assertOneUpload({ filename: 'buffer.jsonl', purpose: 'file-extract' });
    assert.equal(await client().files.extractedText(file.id), TEXT);
  });

  it('fs.openAsBlob of a file on disk', async () => {
    const path = join(tmp.dir, 'on-disk.txt');
    writeFileSync(path, TEXT);
    const file = await client().files.create({ file: await openAsBlob(path), filename: 'on-disk.txt', purpose: 'file-extract' });
    assertUploaded(file, { filename: 'on-disk.txt', purpose: 'file-extract', bytes: TEXT_BYTES });
    assertOneUpload({ filename: 'on-disk.txt', purpose: 'file-extract' });
    assert.equal(await client().files.extractedText(file.id), TEXT);
  });
});

describe('a file from upload to deletion', () => {
  it('is listed, retrieved, read, deleted, then gone', async () => {
    const c = client();
    const created = await c.files.create({ file: new File([TEXT], 'lifecycle.txt'), purpose: 'file-extract' });

    const page = await c.files.list();
    assert.equal(page.object, 'list');
    assert.equal(page.data.length, 10, 'the 9 sample files and the upload');
    assert.deepEqual(page.data.at(-1), created, 'the newest file comes last');

    assert.deepEqual(await c.files.retrieve(created.id), created);

    assert.equal(await c.files.extractedText(created.id), TEXT);
    const raw = await c.files.content(created.id);
    assert.equal(typeof raw, 'string');
    assert.deepEqual(JSON.parse(raw), { content: TEXT, file_type: 'text/plain', filename: 'lifecycle.txt', title: '', type: 'file' });

    const deleted = await c.files.delete(created.id);
    assert.deepEqual(deleted, { id: created.id, object: 'file', deleted: true });

    const err = await rejection(c.files.retrieve(created.id));
    assert.ok(err instanceof NotFoundError);
    assert.ok(err instanceof APIError);
    assert.equal(err.status, 404);
    assert.equal(err.type, 'resource_not_found_error');
    assert.equal(err.attempts, 1, 'a 404 is not retried');
    assert.ok(!(await c.files.list()).data.some((f) => f.id === created.id));
    assert.ok((await rejection(c.files.delete(created.id))) instanceof NotFoundError);
    assert.ok((await rejection(c.files.extractedText(created.id))) instanceof NotFoundError);
  });

  it('content of a file that is not file-extract is its bytes as uploaded (a batch\'s results)', async () => {
    const c = client();
    const results = '{"custom_id":"r1","response":{"status_code":200}}\n{"custom_id":"r2","response":{"status_code":200}}\n';
    const created = await c.files.create({ file: new Blob([results]), filename: 'results.jsonl', purpose: 'batch' });
    assert.equal(await c.files.content(created.id), results);
  });
});

describe('uploads refused before sending', () => {
  /** Asserts the call is an InvalidArgumentError and that no request left. */
  async function refused(params, pattern) {
    const err = await rejection(client().files.create(params));
    assert.ok(err instanceof InvalidArgumentError, `${err?.name}: ${err?.message}`);
    assert.ok(err instanceof MoonshotError);
    assert.equal(err.attempts, 0);
    assert.match(err.message, pattern);
    assert.equal(mock.requests().length, 0, 'no request was made');
    return err;
  }

  it('a zero-byte file, in every form', async () => {
    await refused({ file: new Blob([]), filename: 'empty.txt', purpose: 'file-extract' }, /empty\.txt is empty/);
    await refused({ file: new File([], 'empty-file.txt'), purpose: 'file-extract' }, /empty-file\.txt is empty/);
    await refused({ file: new Uint8Array(0), filename: 'a.txt', purpose: 'file-extract' }, /is empty/);
    await refused({ file: new ArrayBuffer(0), filename: 'a.txt', purpose: 'file-extract' }, /is empty/);
    const path = sparseFile(tmp.dir, 'zero.bin', 0);
    await refused({ file: await openAsBlob(path), filename: 'zero.bin', purpose: 'batch' }, /is empty/);
  });

  it('a file of 100 MiB + 1 byte (a sparse file: nothing is read)', async () => {
    const path = sparseFile(tmp.dir, 'too-big.bin', MAX_BYTES + 1);
    const blob = await openAsBlob(path);
    assert.equal(blob.size, MAX_BYTES + 1);
    // A file changed after openAsBlob() can no longer be read through the
    // Blob (NotReadableError): a client that read any of it would fail so.
    appendFileSync(path, 'x');
    await assert.rejects(blob.slice(0, 1).arrayBuffer(), { name: 'NotReadableError' });
    const error = await rejection(client().files.create({ file: blob, filename: 'too-big.bin', purpose: 'batch' }));
    assert.ok(error instanceof InvalidArgumentError, `${error.name}: ${error.message}`);
    assert.match(error.message, /104857601 bytes.*at most 104857600 bytes/);
    assert.equal(mock.requests().length, 0);
  });

  it('an unknown purpose, unless allowUnknownPurpose: then the service\'s 400', async () => {
    const err = await refused({ file: new Blob(['x']), filename: 'a.wav', purpose: 'audio' }, /Unknown purpose "audio".*allowUnknownPurpose/);
    assert.equal(err.status, undefined);

    const sent = await rejection(
      client().files.create({ file: new Blob(['x']), filename: 'a.wav', purpose: 'audio', allowUnknownPurpose: true }),
    );
    assert.ok(sent instanceof BadRequestError, sent.name);
    assert.equal(sent.status, 400);
    assert.equal(sent.type, 'invalid_request_error');
    assert.match(sent.message, /Invalid purpose/);
    assert.equal(sent.attempts, 1);
    const log = mock.requests();
    assert.equal(log.length, 1);
    assert.deepEqual(log[0].upload, { filename: 'a.wav', purpose: 'audio', bytes: 1, sha256: sha256('x') });
    assert.equal(mock.store.size, 9, 'nothing stored');
  });

  it('raw bytes without a filename, a blank filename, or no bytes at all', async () => {
    await refused({ file: new Uint8Array([1, 2, 3]), purpose: 'batch' }, /needs a name/);
    await refused({ file: new ArrayBuffer(3), purpose: 'batch' }, /needs a name/);
    await refused({ file: new Blob(['abc']), purpose: 'batch' }, /needs a name/);
    await refused({ file: new Blob(['abc']), filename: '   ', purpose: 'batch' }, /needs a name/);
    await refused({ file: 'just a string', filename: 'a.txt', purpose: 'batch' }, /file must be a File, a Blob/);
    await refused({ filename: 'a.txt', purpose: 'batch' }, /upload parameters/);
  });
});

describe('limits the service enforces', () => {
  it('the 1,001st file is a BadRequestError, not retried', async () => {
    mock.reset({ seed: 1000 });
    const err = await rejection(client().files.create({ file: new Blob(['x']), filename: 'one-more.txt', purpose: 'file-extract' }));
    assert.ok(err instanceof BadRequestError);
    assert.equal(err.status, 400);
    assert.equal(err.type, 'invalid_request_error');
    assert.match(err.message, /exceeded the max file count 1000/);
    assert.equal(err.attempts, 1);
    assert.match(err.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'the Msh-Request-Id');
    assert.equal(mock.requests().length, 1);
    assert.equal(mock.store.size, 1000);
  });

  it('past 10 GB in all is a BadRequestError', async () => {
    mock.reset({ seed: [{ filename: 'huge.bin', purpose: 'batch', bytes: 10 * 1024 ** 3 }] });
    const err = await rejection(client().files.create({ file: new Blob(['x']), filename: 'more.txt', purpose: 'batch' }));
    assert.ok(err instanceof BadRequestError);
    assert.equal(err.type, 'invalid_request_error');
    assert.match(err.message, /max total size of 10 GB/);
    assert.equal(mock.requests().length, 1);
  });
});

describe('file ids', () => {
  it('are sent as one percent-encoded path segment', async () => {
    const c = client();
    const cases = [
      ['../x', '..%2Fx'],
      ['a?b', 'a%3Fb'],
      ['a#b', 'a%23b'],
      ['%2e%2e', '%252e%252e'],
      ['a/b/../../files', 'a%2Fb%2F..%2F..%2Ffiles'],
    ];
    for (const [id, segment] of cases) {
      mock.clearRequests();
      for (const [call, suffix, method] of [
        ['retrieve', '', 'GET'],
        ['delete', '', 'DELETE'],
        ['content', '/content', 'GET'],
        ['extractedText', '/content', 'GET'],
      ]) {
        const err = await rejection(c.files[call](id));
        assert.ok(err instanceof NotFoundError, `${call}(${JSON.stringify(id)}): ${err.name} ${err.message}`);
        assert.equal(err.status, 404);
        assert.equal(err.type, 'resource_not_found_error');
        // The mock decoded the one segment back to the id the caller gave.
        assert.equal(err.message, `404 file not found: ${id}`);
        const seen = mock.requests().at(-1);
        assert.equal(seen.method, method);
        assert.equal(seen.path, `/v1/files/${segment}${suffix}`, `${call}(${JSON.stringify(id)})`);
        assert.equal(seen.search, '', 'no query string');
      }
      assert.equal(mock.requests().length, 4, 'one request each, none retried');
    }
    assert.equal(mock.store.size, 9, 'no delete reached a real file');
  });

  it("'', '.', '..' and non-strings are refused without a request", async () => {
    const c = client();
    for (const id of ['', '.', '..', 42, null, undefined, {}, ['file-1']]) {
      for (const call of ['retrieve', 'delete', 'content', 'extractedText', 'waitForProcessing']) {
        const err = await rejection(c.files[call](id));
        assert.ok(err instanceof InvalidArgumentError, `${call}(${String(id)}): ${err.name}`);
        assert.equal(err.attempts, 0);
        assert.match(err.message, typeof id === 'string' ? /Invalid file id/ : /must be its id, such as clg681objj8g9m7n4je0, or a file object with one/);
      }
    }
    assert.equal(mock.requests().length, 0);
  });
});

describe('files.waitForProcessing()', () => {
  it('polls a processing upload until it is ready', async () => {
    // Ready in the mock a millisecond after it is made, but the first three
    // polls are answered "processing" still (the upload's own answer may
    // come after that millisecond on a busy machine: the polls do not).
    mock.reset({ processingMs: 1 });
    const c = client();
    const uploaded = await c.files.create({ file: new Blob([TEXT]), filename: 'slow.txt', purpose: 'file-extract' });
    const created = { ...uploaded, status: 'processing' };
    mock.clearRequests();
    mock.inject({ method: 'GET', path: `/v1/files/${created.id}`, json: created, times: 3 });
    const { value: ready, error, pauses } = await timed(() => c.files.waitForProcessing(created.id, { pollInterval: 50 }));
    assert.equal(error, undefined);
    assert.equal(ready.status, 'ready');
    assert.deepEqual({ ...ready, status: 'processing' }, created);
    const polls = mock.requests();
    assert.deepEqual(polls.map((r) => [r.method, r.path, r.fault]), [...Array(3).fill(['GET', `/v1/files/${created.id}`, true]), ['GET', `/v1/files/${created.id}`, false]]);
    // A pause of pollInterval after each "processing", sat out before the next poll.
    assertPauses(pauses, [[50, 50], [50, 50], [50, 50]]);
    pauses.forEach((pause, i) => atLeast(polls[i + 1].receivedAt - polls[i].receivedAt, pause.ms, `gap before poll ${i + 2}`));
    assert.equal(await c.files.extractedText(created.id), TEXT);
  });

  it('resolves at once for a file that is already ready', async () => {
    const file = await client().files.waitForProcessing(sampleId('meeting-notes.txt'), { pollInterval: 50 });
    assert.equal(file.status, 'ready');
    assert.equal(mock.requests().length, 1);
  });

  it('rejects FileProcessingError with the service\'s status_details', async () => {
    const id = sampleId('scanned-contract.pdf');
    const err = await rejection(client().files.waitForProcessing(id, { pollInterval: 50 }));
    assert.ok(err instanceof FileProcessingError, err.name);
    assert.ok(err instanceof MoonshotError);
    assert.equal(err.fileId, id);
    assert.equal(err.statusDetails, 'text extraction failed: the PDF has no text layer (scanned images only)');
    assert.match(err.message, /could not be processed: text extraction failed/);
    assert.equal(mock.requests().length, 1);
    // errors.d.ts: attempts is "Requests sent for the call ... (0: refused
    // before sending)".
    assert.equal(err.attempts, 1, 'attempts counts the request that was sent');
  });

  it('rejects WaitTimeoutError past maxWait', async () => {
    mock.reset({ processingMs: 60_000 });
    const c = client();
    const created = await c.files.create({ file: new Blob(['x']), filename: 'never.txt', purpose: 'file-extract' });
    mock.clearRequests();
    const { error, ms, pauses } = await timed(() => c.files.waitForProcessing(created.id, { pollInterval: 50, maxWait: 200 }));
    assert.ok(error instanceof WaitTimeoutError, error?.name);
    assert.equal(error.fileId, created.id);
    assert.match(error.message, /still processing/);
    // Not before maxWait; in pauses of at most pollInterval that, with the
    // polls between, end at maxWait: none runs past it.
    atLeast(ms, 200, 'the wait');
    assert.ok(pauses.length > 0 && pauses.every((pause) => pause.ms > 0 && pause.ms <= 50), `pauses ${pauses.map((pause) => pause.ms)}`);
    assert.ok(pauses.reduce((sum, pause) => sum + pause.ms, 0) <= 200 + 1, 'the pauses fit in maxWait');
    assert.equal(mock.requests().length, pauses.length + 1, 'a poll before each pause, and one at maxWait');
  });

  // WaitForProcessingOptions.maxWait: "The longest wait, in ms; then
  // WaitTimeoutError" (errors.d.ts: "the file was still processing after
  // maxWait"). The last poll is at maxWait itself (the last pause is cut to
  // end there), so a file ready at 150 ms is seen though the polls are 100 ms
  // apart and maxWait is 190 ms.
  it('does not give up before maxWait on a file that is ready by then', async () => {
    mock.reset({ processingMs: 150 });
    const c = client();
    const created = await c.files.create({ file: new Blob(['x']), filename: 'soon.txt', purpose: 'file-extract' });
    const ready = await c.files.waitForProcessing(created.id, { pollInterval: 100, maxWait: 190 });
    assert.equal(ready.status, 'ready');
  });

  it('rejects AbortError when its signal fires, without further polls', async () => {
    mock.reset({ processingMs: 60_000 });
    const c = client();
    const created = await c.files.create({ file: new Blob(['x']), filename: 'never.txt', purpose: 'file-extract' });
    mock.clearRequests();
    // Aborted as soon as the first pause begins.
    const controller = new AbortController();
    const { error, pauses } = await timed(() => c.files.waitForProcessing(created.id, { pollInterval: 1000, signal: controller.signal }), {
      onPause: () => controller.abort(),
    });
    assert.ok(error instanceof AbortError, error?.name);
    // The first look comes after 0.5 s, within the 1 s interval.
    assertPauses(pauses, [[500, 500]]);
    assert.equal(pauses[0].fired, false, 'the call ended during its pause, not at the next poll');
    const polls = mock.requests().length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(mock.requests().length, polls, 'no poll after the abort');
    assert.equal(polls, 1);
  });
});

describe('the multipart body', () => {
  const EVIL = 'evil"\r\nX-Injected: 1.txt';

  it('carries a name with CR, LF and quotes as one filename (the mock log)', async () => {
    const file = await client().files.create({ file: new Blob(['payload']), filename: EVIL, purpose: 'file-extract' });
    // The mock's multipart parser (the platform's Request.formData) saw a
    // single file part and a purpose part: no header was injected.
    assertOneUpload({ filename: EVIL, purpose: 'file-extract' }, 'payload');
    assert.equal(file.filename, EVIL);
    assert.equal(mock.store.get(file.id).file.filename, EVIL);
    assert.equal(mock.store.size, 10, 'one file, no extra part became a file');
  });

  it('escapes the name on the wire (raw bytes seen by a capturing server)', async () => {
    let raw = '';
    let headers;
    const capture = await listen(async (req, res) => {
      headers = req.headers;
      for await (const chunk of req) raw += chunk;
      const file = { id: 'file-raw', object: 'file', bytes: 7, created_at: 1, filename: 'x', purpose: 'file-extract', status: 'ready' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(file));
    });
    try {
      const c = new Moonshot({ apiKey: KEY, baseURL: `${capture.origin}/v1` });
      await c.files.create({ file: new Blob(['payload']), filename: EVIL, purpose: 'file-extract' });
    } finally {
      await capture.close();
    }
    assert.equal(headers['x-injected'], undefined);
    const boundary = /boundary=(.+)$/.exec(headers['content-type'])[1];
    const parts = raw.split(`--${boundary}`).slice(1, -1);
    assert.equal(parts.length, 2, 'two parts: purpose and file');
    const dispositions = raw.split('\r\n').filter((line) => /^content-disposition:/i.test(line));
    assert.deepEqual(dispositions, [
      'Content-Disposition: form-data; name="purpose"',
      'Content-Disposition: form-data; name="file"; filename="evil%22%0D%0AX-Injected: 1.txt"',
    ]);
    assert.ok(!raw.split('\r\n').some((line) => line.startsWith('X-Injected')), 'no injected header line');
  });
});
