// The dashboard's upload queue without a browser (www/src/upload-queue.js),
// driven by a stand-in for the client whose every upload and wait the test
// settles by hand, and a clock it moves: which files go when, what a failure
// or a cancel leaves, and the lines the page shows.
//   node --test tests/dashboard/upload-queue.test.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AbortError, BadRequestError, FileProcessingError, NotFoundError } from '../../pkg/index.mjs';
import { useLocale } from '../../www/src/format.js';
import { createUploadQueue, itemProgressLine, summarizeBatch } from '../../www/src/upload-queue.js';

useLocale('en-US', { timeZone: 'UTC' });

const KiB = 1024;

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

// Lets the queue's own promise callbacks run (an upload settled, the next one started).
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A queue over a stand-in client: `uploads` and `watches` hold each call, to settle by hand. */
function harness({ concurrency } = {}) {
  const uploads = [];
  const watches = [];
  const changes = [];
  let time = 0;
  const queue = createUploadQueue({
    concurrency,
    now: () => time,
    upload(item, options) {
      const call = { item, options, ...deferred() };
      options.signal.addEventListener('abort', () => call.reject(new AbortError('aborted')));
      uploads.push(call);
      return call.promise;
    },
    watch(id) {
      const call = { id, ...deferred() };
      watches.push(call);
      return call.promise;
    },
    onChange: (kind) => changes.push(kind),
  });
  const states = () => queue.items.map((item) => `${item.name}:${item.state}`);
  return { queue, uploads, watches, changes, states, tick: (ms) => (time += ms) };
}

const picked = (name, size = 100) => ({ name, size });
const fileObject = (id, name, status = 'ready') => ({ id, object: 'file', bytes: 100, created_at: 1, filename: name, purpose: 'file-extract', status });

describe('the upload queue', () => {
  test('two files at a time; a file still processing holds no slot', async () => {
    const { queue, uploads, watches, states } = harness();
    queue.add([picked('a.txt'), picked('b.txt'), picked('c.txt')], 'file-extract', []);
    assert.deepEqual(states(), ['a.txt:uploading', 'b.txt:uploading', 'c.txt:queued']);
    assert.deepEqual(uploads.map((call) => [call.item.name, call.item.purpose]), [['a.txt', 'file-extract'], ['b.txt', 'file-extract']]);

    // a.txt is sent and processing: c.txt goes while the service reads it.
    uploads[0].resolve(fileObject('id-a', 'a.txt', 'processing'));
    await settle();
    assert.deepEqual(states(), ['a.txt:processing', 'b.txt:uploading', 'c.txt:uploading']);
    assert.deepEqual(watches.map((call) => call.id), ['id-a']);
    assert.equal(queue.items[0].fileId, 'id-a');
    assert.equal(queue.items[0].file, null, 'the bytes are let go once sent');

    watches[0].resolve(fileObject('id-a', 'a.txt'));
    uploads[1].resolve(fileObject('id-b', 'b.txt'));
    uploads[2].resolve(fileObject('id-c', 'c.txt'));
    await settle();
    assert.deepEqual(states(), ['a.txt:done', 'b.txt:done', 'c.txt:done']);
    assert.equal(uploads.length, 3, 'each file sent once');
    assert.equal(queue.summary().status, '3 files uploaded');
  });

  test('one at a time when asked; a refused file is never sent', async () => {
    const { queue, uploads, states } = harness({ concurrency: 1 });
    queue.add([picked('a.txt'), picked('empty.txt', 0), picked('b.txt')], 'file-extract', []);
    assert.deepEqual(states(), ['a.txt:uploading', 'empty.txt:failed', 'b.txt:queued']);
    assert.match(queue.items[1].reason, /^Not sent: the file is empty/);
    uploads[0].resolve(fileObject('id-a', 'a.txt'));
    await settle();
    assert.deepEqual(states(), ['a.txt:done', 'empty.txt:failed', 'b.txt:uploading']);
    assert.deepEqual(uploads.map((call) => call.item.name), ['a.txt', 'b.txt']);
  });

  test('a failure names the error and the ids the service gave; the next file still goes', async () => {
    const { queue, uploads, states } = harness({ concurrency: 1 });
    queue.add([picked('a.txt'), picked('b.txt')], 'file-extract', []);
    const error = new BadRequestError('file type not supported', {
      status: 400,
      requestId: '5f0c2b9e-1d4a-4c3e-9b7a-2e6f8d1c0a3b',
      traceId: '0123456789abcdef0123456789abcdef',
    });
    uploads[0].reject(error);
    await settle();
    assert.deepEqual(states(), ['a.txt:failed', 'b.txt:uploading']);
    assert.equal(
      queue.items[0].reason,
      'BadRequestError: file type not supported (request 5f0c2b9e-1d4a-4c3e-9b7a-2e6f8d1c0a3b, trace 0123456789abcdef0123456789abcdef)',
    );
  });

  test('processing that fails, and a file deleted while it processed', async () => {
    const { queue, uploads, watches, states } = harness();
    queue.add([picked('a.pdf'), picked('b.pdf'), picked('c.pdf')], 'file-extract', []);
    uploads[0].resolve({ ...fileObject('id-a', 'a.pdf', 'error'), status_details: 'no text layer' });
    uploads[1].resolve(fileObject('id-b', 'b.pdf', 'processing'));
    await settle();
    uploads[2].resolve(fileObject('id-c', 'c.pdf', 'processing'));
    await settle();
    watches[0].reject(new FileProcessingError('x', { statusDetails: 'encrypted' }));
    watches[1].reject(new NotFoundError('The file was deleted.'));
    await settle();
    assert.deepEqual(states(), ['a.pdf:failed', 'b.pdf:failed', 'c.pdf:done']);
    assert.deepEqual(
      queue.items.map((item) => item.reason),
      ['Processing failed: no text layer', 'Processing failed: encrypted', 'Deleted since.'],
    );
  });

  test('a file like one already there waits for an answer; what is on its way counts as there', async () => {
    const { queue, uploads, states } = harness();
    const account = [{ ...fileObject('id-old', 'notes.txt'), bytes: 590 }];
    queue.add([picked('notes.txt', 590), picked('other.txt', 590)], 'file-extract', account);
    assert.deepEqual(states(), ['notes.txt:held', 'other.txt:uploading']);
    assert.match(queue.items[0].reason, /already in the account \(id-old\)/);
    assert.equal(queue.summary().rate.includes('waiting for your answer'), false, 'still sending other.txt');

    // The same other.txt again while the first is on its way: held too.
    queue.add([picked('other.txt', 590)], 'file-extract', account);
    assert.match(queue.items[2].reason, /already in this batch/);

    queue.skipFile(queue.items[2].key);
    queue.send(queue.items[0].key);
    assert.deepEqual(states(), ['notes.txt:uploading', 'other.txt:uploading', 'other.txt:skipped']);
    assert.equal(queue.items[2].reason, 'Not sent: already there.');
    // Only a held file takes the answer.
    queue.skipFile(queue.items[0].key);
    assert.equal(queue.items[0].state, 'uploading');
    assert.deepEqual(uploads.map((call) => call.item.name), ['other.txt', 'notes.txt']);
  });

  test('cancel: what has not gone is not sent, what is going is aborted', async () => {
    const { queue, uploads, states } = harness({ concurrency: 1 });
    const account = [{ ...fileObject('id-old', 'same.txt'), bytes: 5 }];
    queue.add([picked('a.txt'), picked('b.txt'), picked('same.txt', 5)], 'file-extract', account);
    queue.cancel();
    await settle();
    assert.deepEqual(states(), ['a.txt:failed', 'b.txt:failed', 'same.txt:failed']);
    assert.equal(uploads[0].options.signal.aborted, true);
    assert.match(queue.items[0].reason, /^Cancelled\. If it was already sent/);
    assert.equal(queue.items[1].reason, 'Cancelled: not sent.');
    assert.equal(uploads.length, 1, 'b.txt never went');
  });

  test('progress: bytes, percent, speed over the last seconds, time left; the batch in all', async () => {
    const { queue, uploads, changes, tick } = harness();
    queue.add([picked('big.mp4', 400 * KiB), picked('small.mp4', 100 * KiB), picked('later.mp4', 100 * KiB)], 'video', []);
    const [big, small] = uploads;
    assert.equal(itemProgressLine(queue.items[0]), 'Sending…', 'before any report');
    changes.length = 0;
    // The request is larger than the file (the multipart around it): the file's share is shown.
    tick(1000);
    big.options.onUploadProgress({ loaded: 220 * KiB, total: 440 * KiB });
    small.options.onUploadProgress({ loaded: 0, total: 110 * KiB });
    assert.deepEqual(changes, ['progress', 'progress']);
    assert.equal(queue.items[0].sent, 200 * KiB);
    assert.equal(itemProgressLine(queue.items[0]), '200 KiB of 400 KiB · 50% · 200 KiB/s · 1 s left');
    assert.equal(queue.summary().rate, '33% · 200 KiB of 600 KiB · 200 KiB/s · 2 s left');

    // The speed forgets what is older than three seconds: 150 KiB over the last 6 s,
    // not 350 KiB over all 7 s since the start.
    tick(5000);
    big.options.onUploadProgress({ loaded: 330 * KiB, total: 440 * KiB });
    tick(1000);
    big.options.onUploadProgress({ loaded: 385 * KiB, total: 440 * KiB });
    assert.equal(itemProgressLine(queue.items[0]), '350 KiB of 400 KiB · 88% · 25 KiB/s · 2 s left');
    // Never 100% before the end; a report after the end (or of nothing) changes nothing.
    big.options.onUploadProgress({ loaded: 439 * KiB, total: 440 * KiB });
    assert.match(itemProgressLine(queue.items[0]), / · 99% · /);
    big.options.onUploadProgress({ loaded: 1, total: 0 });
    assert.equal(queue.items[0].progress.loaded, 439 * KiB);
  });
});

describe('the batch line', () => {
  const item = (state, size = 100, extra = {}) => ({ state, size, sent: 0, samples: [], ...extra });

  test('while sending: how many finished; the bar is what was sent and what failed, of the whole', () => {
    const batch = summarizeBatch([item('uploading', 100, { sent: 50 }), item('queued', 100), item('failed', 200), item('done', 100)]);
    assert.equal(batch.status, 'Uploading 4 files: 2 of 4 finished');
    assert.equal(batch.rate, '50% · 150 B of 300 B · — · time left unknown');
    assert.deepEqual([batch.sentShare, batch.failedShare], [150 / 500, 200 / 500]);
    assert.deepEqual([batch.hasFailures, batch.allFailed, batch.canCancel, batch.canClear], [true, false, true, true]);
    assert.deepEqual(batch.count, { held: 0, queued: 1, uploading: 1, processing: 0, done: 1, failed: 1, skipped: 0 });
  });

  test('at the end: uploaded and failed; every one failed is all failed', () => {
    assert.equal(summarizeBatch([item('done'), item('done')]).status, '2 files uploaded');
    const failed = summarizeBatch([item('failed'), item('failed')]);
    assert.equal(failed.status, '0 of 2 files uploaded, 2 failed');
    assert.deepEqual([failed.sentShare, failed.failedShare, failed.allFailed, failed.canCancel], [0, 1, true, false]);
    assert.equal(summarizeBatch([item('held'), item('processing')]).rate, '1 file waiting for your answer');
  });

  test('clearing the finished keeps what is still going', async () => {
    const { queue, uploads, states } = harness({ concurrency: 1 });
    queue.add([picked('a.txt'), picked('b.txt'), picked('empty.txt', 0)], 'file-extract', []);
    uploads[0].resolve(fileObject('id-a', 'a.txt'));
    await settle();
    assert.equal(queue.summary().canClear, true);
    queue.clearFinished();
    assert.deepEqual(states(), ['b.txt:uploading']);
    assert.equal(queue.summary().canClear, false, 'nothing finished to clear');
  });
});
