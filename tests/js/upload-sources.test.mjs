// Uploads from what a Node or fetch user has at hand besides a Blob: a fetch
// Response, an fs.ReadStream, any async iterable of bytes. Each arrives at
// the service whole (checked by hash), named from its source where it has a
// name, and a stream of a file on disk is not read into memory.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { Moonshot, InvalidArgumentError } from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { notPreflight, rejection } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const BYTES = randomBytes(300 * 1024);

let mock;
let dir;
before(async () => {
  mock = await startMockServer({ seed: 'none' });
  dir = mkdtempSync(join(tmpdir(), 'moonshot-upload-sources-'));
});
after(() => {
  mock.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  mock.reset({ seed: 'none', processingMs: 0 });
  mock.clearRequests();
});

const files = () => new Moonshot({ apiKey: KEY, baseURL: mock.url }).files;
/** What the mock received of each upload. */
const arrived = () => notPreflight(mock.requests()).filter((entry) => entry.upload).map((entry) => entry.upload);

describe('an upload\'s file may be', () => {
  it('a Node fs.ReadStream: named by its path, the bytes whole', async () => {
    const path = join(dir, 'report.jsonl');
    writeFileSync(path, BYTES);
    const stream = createReadStream(path);
    const created = await files().create({ file: stream, purpose: 'batch' });
    assert.equal(created.filename, 'report.jsonl');
    assert.deepEqual(arrived(), [{ filename: 'report.jsonl', purpose: 'batch', bytes: BYTES.length, sha256: sha256(BYTES) }]);
    assert.equal(stream.bytesRead, 0, 'the stream itself was not read: the platform read the file from disk');
  });

  it('a ReadStream of part of a file: that part, read from the stream', async () => {
    const path = join(dir, 'part.jsonl');
    writeFileSync(path, BYTES);
    await files().create({ file: createReadStream(path, { start: 10, end: 1033 }), purpose: 'batch' });
    const part = BYTES.subarray(10, 1034);
    assert.deepEqual(arrived(), [{ filename: 'part.jsonl', purpose: 'batch', bytes: part.length, sha256: sha256(part) }]);
  });

  it('a fetch Response: named by the last segment of its URL, or by filename', async () => {
    const api = files();
    const source = await api.create({ file: new Blob([BYTES]), filename: 'source.jsonl', purpose: 'batch' });
    // A Response from another fetch: here the mock's own download of the file.
    const response = await fetch(`${mock.url}/files/${source.id}/content`, { headers: { authorization: `Bearer ${KEY}` } });
    mock.clearRequests();
    await api.create({ file: response, filename: 'copy.jsonl', purpose: 'batch' });
    const named = new Response(new Blob([BYTES]));
    Object.defineProperty(named, 'url', { value: 'https://files.example/exports/2026%20q3.jsonl?sig=1' });
    await api.create({ file: named, purpose: 'batch' });
    assert.deepEqual(arrived(), [
      { filename: 'copy.jsonl', purpose: 'batch', bytes: BYTES.length, sha256: sha256(BYTES) },
      { filename: '2026 q3.jsonl', purpose: 'batch', bytes: BYTES.length, sha256: sha256(BYTES) },
    ]);
  });

  it('an async iterable of bytes (a web ReadableStream, a generator), with a filename', async () => {
    async function* chunks() {
      for (let at = 0; at < BYTES.length; at += 64 * 1024) yield BYTES.subarray(at, at + 64 * 1024);
    }
    const api = files();
    await api.create({ file: chunks(), filename: 'gen.jsonl', purpose: 'batch' });
    await api.create({ file: Readable.toWeb(Readable.from([BYTES])), filename: 'web.jsonl', purpose: 'batch' });
    const { text } = await api.extract({ file: Readable.from(['line one\n', 'line two\n']), filename: 'notes.txt' }, { pollInterval: 10 });
    assert.equal(text, 'line one\nline two\n');
    assert.deepEqual(arrived().map(({ filename, bytes, sha256: hash }) => ({ filename, bytes, hash })), [
      { filename: 'gen.jsonl', bytes: BYTES.length, hash: sha256(BYTES) },
      { filename: 'web.jsonl', bytes: BYTES.length, hash: sha256(BYTES) },
      { filename: 'notes.txt', bytes: 18, hash: sha256('line one\nline two\n') },
    ]);
  });

  it('a stream without a name and no filename is refused before anything is sent', async () => {
    const err = await rejection(files().create({ file: Readable.from([BYTES]), purpose: 'batch' }));
    assert.ok(err instanceof InvalidArgumentError, err.name);
    assert.match(err.message, /filename/);
    assert.deepEqual(arrived(), []);
  });
});
