// What a probe must have seen (probe.mjs), checked against the mock that
// answered it: the seeded list, the uploads stored (the bytes that arrived,
// by size and sha256), the 401 it sent.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startMockServer } from '../../../mock/server.mjs';
import { UPLOAD } from './upload-fixture.mjs';

export const API_KEY = 'sk-mock-key';

/** A mock on the `sample` seed; fresh() puts it back there before each probe. */
export async function startMock() {
  const mock = await startMockServer({ seed: 'sample', apiKey: API_KEY });
  mock.fresh = () => {
    mock.reset({ seed: 'sample' });
    mock.clearRequests();
  };
  return mock;
}

/** The mock's calls, in order, without CORS preflights: "GET /v1/files valid 200". */
export function calls(mock) {
  return mock
    .requests()
    .filter((request) => request.method !== 'OPTIONS')
    .map((request) => `${request.method} ${request.path} ${request.headers.authorization} ${request.status}`);
}

/**
 * `seen` is what one probe returned; the mock was fresh() before it.
 * `fromDisk`: how the consumer had its file from disk ('openAsBlob',
 * 'Bun.file', 'input'), one upload each, in order. Checks every step, and
 * that the mock saw exactly the calls the probe made.
 */
export function assertProbe(seen, mock, fromDisk = []) {
  assert.ok(seen && typeof seen === 'object', `the probe gave no result: ${JSON.stringify(seen)}`);
  if (seen.failed) {
    assert.fail(`the probe threw ${seen.failed.name}: ${seen.failed.message}\n${seen.failed.stack ?? ''}`);
  }
  const seeded = mock.store.list().filter((file) => file.filename !== 'hello.txt' && file.filename !== UPLOAD.name);

  assert.equal(seen.object, 'list');
  assert.equal(seen.isPlainObject, true, 'files.list() should give a plain object with a data array');
  assert.deepEqual(seen.filenames, seeded.map((file) => file.filename));
  // One whole FileObject, to see that no field is lost or mistyped on the way.
  assert.deepEqual(seen.firstFile, seeded[0]);

  const stored = mock.store.get(seen.uploaded?.id)?.file;
  assert.ok(stored, `the upload is not in the mock: ${JSON.stringify(seen.uploaded)}`);
  assert.deepEqual(seen.uploaded, stored);
  assert.equal(stored.filename, 'hello.txt');
  assert.equal(stored.bytes, 5, 'the Blob of 5 bytes did not arrive whole');
  assert.equal(stored.purpose, 'file-extract');

  assertFromDisk(seen.fromDisk, mock, fromDisk);

  assert.deepEqual(
    seen.wrongKey && { ...seen.wrongKey, requestId: undefined, message: undefined },
    {
      name: 'AuthenticationError',
      isAuthenticationError: true,
      isError: true,
      status: 401,
      type: 'invalid_authentication_error',
      requestId: undefined,
      message: undefined,
    },
    `a wrong key should throw an AuthenticationError: ${JSON.stringify(seen.wrongKey)}`,
  );
  // The request id is the one the mock sent with that 401.
  const answered = mock.requests().find((request) => request.status === 401);
  assert.equal(seen.wrongKey.requestId, answered?.requestId);

  // ensure: the first file from disk (else the 5-byte Blob) uploaded, then
  // found by one retrieve, remembered by the SHA-256 of its bytes.
  const sha256 = fromDisk.length ? UPLOAD.sha256 : createHash('sha256').update('hello').digest('hex');
  const [first, again] = seen.ensured?.ensured ?? [];
  assert.match(seen.ensured?.key ?? '', new RegExp(`^sha256:${sha256} purpose:file-extract key:[0-9a-f]{16} `), 'the key ensure remembered the bytes by');
  assert.deepEqual([first?.reused, again?.reused, again?.id], [false, true, first?.id], `ensure twice: ${JSON.stringify(seen.ensured)}`);
  assert.equal(mock.store.get(first.id)?.file.bytes, fromDisk.length ? UPLOAD.size : 5);

  const uploads = ['POST /v1/files valid 200', ...fromDisk.map(() => 'POST /v1/files valid 200')];
  const ensures = ['POST /v1/files valid 200', `GET /v1/files/${first.id} valid 200`];
  assert.deepEqual(calls(mock), ['GET /v1/files valid 200', ...uploads, ...ensures, 'GET /v1/files invalid 401']);
}

/**
 * The file from disk arrived whole each way the consumer had it: the bytes
 * the mock received (its log) are the file's, by size and sha256, and the
 * file it stored says so too.
 */
function assertFromDisk(reported, mock, fromDisk) {
  assert.deepEqual(reported?.map(({ how }) => how), fromDisk, 'the probe did not upload the file from disk each way it should');
  // The probe's uploads after hello.txt, in order.
  const received = mock
    .requests()
    .filter((request) => request.method === 'POST' && request.upload)
    .slice(1)
    .map((request) => request.upload);
  const whole = { bytes: UPLOAD.size, sha256: UPLOAD.sha256 };
  for (const [i, { how, size, created, failed }] of reported.entries()) {
    assert.equal(size, UPLOAD.size, `${how}: the Blob's own size`);
    const got = received[i] && { bytes: received[i].bytes, sha256: received[i].sha256 };
    assert.deepEqual(got, whole, `${how}: the mock received ${JSON.stringify(got)} for ${UPLOAD.name}, which is ${JSON.stringify(whole)}`);
    assert.equal(received[i].filename, UPLOAD.name);
    assert.equal(failed, undefined, `${how}: the upload failed: ${JSON.stringify(failed)}`);
    assert.deepEqual(created, mock.store.get(created.id)?.file);
    assert.equal(created.bytes, UPLOAD.size);
    assert.equal(created.filename, UPLOAD.name);
  }
}

/** A browser's complaints, less the line Chromium logs for the probe's own 401. */
export function unexpectedProblems(problems) {
  return problems.filter((text) => !/Failed to load resource: .*status of 401\b/.test(text));
}
