// A 100 MiB upload must not pass through wasm memory: the package hands the
// platform's Blob to fetch (or, to report progress, slices of it to a stream
// fetch pulls), so the wasm instance's memory should barely grow.
// Measured in a child process (tests/support/upload-memory-child.mjs) that
// captures the instance's exported memory; compared with a bare fetch.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';

import { startMockServer } from '../../mock/server.mjs';
import { runNodeChild, tempDir } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const MIB = 1024 * 1024;
const SIZE = 100 * MIB; // the largest file the service takes
const FILENAME = 'hundred-mib.jsonl';

let mock, tmp, path;
before(async () => {
  mock = await startMockServer({ seed: 'none', apiKey: KEY });
  tmp = tempDir('moonshot-upload-memory-');
  path = join(tmp.dir, FILENAME);
  // Real bytes on disk (not a hole), one JSONL line after another.
  const line = Buffer.from('{"custom_id":"r","method":"POST","url":"/v1/chat/completions","body":{}}\n');
  const chunk = Buffer.alloc(MIB);
  for (let i = 0; i < MIB; i += line.length) line.copy(chunk, i);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < SIZE; written += MIB) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
});
after(async () => {
  await mock?.close();
  tmp?.remove();
  assert.equal(existsSync(path), false, 'the temp file was removed');
});

describe('a 100 MiB upload', () => {
  it('leaves the wasm memory (nearly) as it was, and succeeds', { timeout: 40_000 }, async () => {
    const { code, stdout, stderr } = await runNodeChild('./upload-memory-child.mjs', [mock.url, path, FILENAME], { apiKey: KEY, timeoutMs: 30_000 });
    assert.equal(code, 0, stderr);
    const m = JSON.parse(stdout);

    const rate = (ms) => `${((SIZE / MIB) / (ms / 1000)).toFixed(0)} MiB/s`;
    console.log(
      `upload-memory: wasm memory ${m.memoryBefore} -> ${m.memoryAfter} bytes (growth ${m.growth} bytes) ` +
        `for a ${m.bytes}-byte upload`,
    );
    console.log(`upload-memory: package files.create ${m.packageMs.toFixed(0)} ms (${rate(m.packageMs)})`);
    console.log(`upload-memory: bare fetch(FormData)  ${m.fetchMs.toFixed(0)} ms (${rate(m.fetchMs)})`);

    assert.equal(m.bytes, SIZE);
    assert.ok(m.growth < MIB, `wasm memory grew by ${m.growth} bytes`);

    // The upload went through, whole.
    assert.equal(m.file.object, 'file');
    assert.equal(m.file.bytes, SIZE);
    assert.equal(m.file.filename, FILENAME);
    assert.equal(m.file.purpose, 'batch');
    assert.deepEqual(mock.store.get(m.file.id).file, m.file);
    const [packageUpload] = mock.requests();
    assert.equal(packageUpload.status, 200);
    const hash = createHash('sha256');
    await pipeline(createReadStream(path), hash);
    assert.deepEqual(packageUpload.upload, { filename: FILENAME, purpose: 'batch', bytes: SIZE, sha256: hash.digest('hex') });
    assert.ok(Number(packageUpload.headers['content-length']) > SIZE, 'the whole file was sent');

    // With onUploadProgress: the same, and reported to the end.
    console.log(`upload-memory: with progress, wasm memory growth ${m.progress.growth} bytes, ${m.progress.reports} reports`);
    assert.ok(m.progress.growth < MIB, `wasm memory grew by ${m.progress.growth} bytes with progress`);
    assert.equal(m.progressFile.bytes, SIZE);
    assert.equal(m.progress.last.loaded, m.progress.last.total);
    assert.equal(m.progress.last.total, SIZE, 'the file\'s bytes, not the multipart body\'s');
    assert.ok(m.progress.reports > 50, `${m.progress.reports} reports: about one a percent`);

    // And so did the comparison.
    assert.equal(m.fetchStatus, 200);
    assert.equal(m.fetchFile.bytes, SIZE);
    assert.equal(mock.requests()[2].status, 200);
    assert.equal(mock.store.size, 3);
  });
});
