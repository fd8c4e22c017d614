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

/**
 * A queue over a stand-in client: `uploads` and `watches` hold each call, to
 * settle by hand; with `lookups`, so do `finds` (findSame) and `rooms` (roomFor).
 */
function harness({ concurrency, lookups = false } = {}) {
  const uploads = [];
  const watches = [];
  const changes = [];
  const finds = [];
  const rooms = [];
  let time = 0;
  const ask = (calls) => (item, error) => {
    const call = { item, error, ...deferred() };
    calls.push(call);
    return call.promise;
  };
  const queue = createUploadQueue({
    concurrency,
    ...(lookups ? { findSame: ask(finds), roomFor: ask(rooms) } : {}),
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
  return { queue, uploads, watches, changes, finds, rooms, states, tick: (ms) => (time += ms) };
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

describe('the same bytes, and room, as the client tells them', () => {
  const roomError = () =>
    new BadRequestError('The number of files you have uploaded exceeded the max file count 1000, please delete previous uploaded files', { status: 400 });

  test('a file whose bytes the account holds waits for "reuse" (nothing sent) or a copy (sent as one)', async () => {
    const { queue, uploads, finds, states } = harness({ lookups: true });
    queue.add([picked('a.txt'), picked('b.txt')], 'file-extract', []);
    assert.deepEqual(states(), ['a.txt:checking', 'b.txt:checking']);
    assert.equal(uploads.length, 0, 'nothing goes before its check');
    await settle();
    assert.equal(finds.length, 1, 'one check at a time: each hashes a whole file');
    finds[0].resolve(fileObject('id-old', 'old-a.txt'));
    await settle();
    finds[1].resolve(fileObject('id-old-b', 'old-b.txt'));
    await settle();
    assert.deepEqual(states(), ['a.txt:held', 'b.txt:held']);
    assert.equal(queue.items[0].reason, 'The same bytes are already in the account as old-a.txt (id-old). Reuse it, or upload another copy?');
    assert.equal(queue.summary().rate, '2 files waiting for your answer');

    queue.reuse(queue.items[0].key);
    assert.deepEqual(states(), ['a.txt:done', 'b.txt:held']);
    assert.equal(queue.items[0].fileId, 'id-old');
    assert.equal(queue.items[0].reason, 'Reused old-a.txt (id-old); nothing was sent.');

    queue.send(queue.items[1].key);
    assert.deepEqual(states(), ['a.txt:done', 'b.txt:uploading']);
    assert.deepEqual(uploads.map((call) => [call.item.name, call.item.copy]), [['b.txt', true]], 'only the copy went, as a copy');
  });

  test('no file of the same bytes: on as planned (sent, or held for the same name and size)', async () => {
    const { queue, uploads, finds, states } = harness({ lookups: true });
    queue.add([picked('new.txt'), picked('named.txt')], 'file-extract', [{ filename: 'named.txt', bytes: 100, id: 'id-named' }]);
    await settle();
    finds[0].resolve(null);
    await settle();
    finds[1].resolve(null);
    await settle();
    assert.deepEqual(states(), ['new.txt:uploading', 'named.txt:held']);
    assert.match(queue.items[1].reason, /same name and size is already in the account \(id-named\)/);
    assert.equal(uploads[0].item.copy, false);

    // The client found the bytes while uploading (two drops of them at once): reused, not sent twice.
    uploads[0].resolve({ file: fileObject('id-first', 'first.txt'), reused: true });
    await settle();
    assert.deepEqual(states(), ['new.txt:done', 'named.txt:held']);
    assert.equal(queue.items[0].reason, 'Reused first.txt (id-first): the same bytes are there; nothing was sent.');
    assert.equal(queue.items[0].fileId, 'id-first');
  });

  test('a refusal for room offers the files that would make it; once made, the file goes again', async () => {
    const { queue, uploads, finds, rooms, states } = harness({ lookups: true });
    queue.add([picked('a.txt')], 'file-extract', []);
    await settle();
    finds[0].resolve(null);
    await settle();
    const error = roomError();
    uploads[0].reject(error);
    await settle();
    assert.deepEqual(states(), ['a.txt:failed']);
    assert.equal(rooms.length, 1);
    assert.equal(rooms[0].error, error, 'asked with the service\'s refusal');
    assert.equal(queue.items[0].room, null, 'no offer before the client answers');
    rooms[0].resolve([fileObject('id-oldest', 'oldest.txt')]);
    await settle();
    assert.deepEqual(queue.items[0].room.map((file) => file.id), ['id-oldest']);

    queue.retry(queue.items[0].key);
    assert.deepEqual(states(), ['a.txt:uploading']);
    assert.equal(queue.items[0].room, null);
    assert.equal(uploads.length, 2, 'sent once more');
  });

  test('no offer where room is not what is short; the page\'s own room check asks too', async () => {
    const { queue, uploads, finds, rooms, states } = harness({ lookups: true });
    const account = Array.from({ length: 999 }, (_, i) => ({ filename: `f${i}`, bytes: 1, id: `f${i}` }));
    queue.add([picked('a.txt'), picked('b.txt'), picked('empty.txt', 0)], 'file-extract', account);
    assert.deepEqual(states(), ['a.txt:checking', 'b.txt:failed', 'empty.txt:failed']);
    assert.equal(rooms.length, 1, 'asked for b.txt (no room), not for the empty file');
    assert.equal(rooms[0].item.name, 'b.txt');
    assert.equal(rooms[0].error, undefined);
    rooms[0].resolve([fileObject('f0', 'f0')]);
    await settle();
    assert.deepEqual(queue.items[1].room.map((file) => file.id), ['f0']);

    finds[0].resolve(null);
    await settle();
    uploads[0].reject(new BadRequestError('Invalid purpose', { status: 400 }));
    await settle();
    rooms[1].resolve(null);
    await settle();
    assert.equal(queue.items[0].room, null, 'the client says room is not short');
    // Sent again only where room was offered.
    for (const item of [queue.items[0], queue.items[2]]) queue.retry(item.key);
    assert.deepEqual(states(), ['a.txt:failed', 'b.txt:failed', 'empty.txt:failed']);
    assert.equal(uploads.length, 1);
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
    assert.deepEqual(batch.count, { checking: 0, held: 0, queued: 1, uploading: 1, processing: 0, done: 1, failed: 1, skipped: 0 });
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
