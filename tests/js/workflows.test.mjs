// The workflows over the calls, in Node and in Chromium against
// the mock: extract leaves no file behind on success, failure, timeouts and
// abort; deleteMany goes on past a missing id and a 500; prune with each
// filter and dryRun; and an abort with a reason that is no Error (what
// gloo-net's error conversion cannot take) leaves the client working.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { startMockServer } from '../../mock/server.mjs';
import { notPreflight } from '../support/helpers.mjs';
import { RUNTIMES } from '../support/runtimes.mjs';

const KEY = 'sk-mock-key';
const DAY = 86_400;
// How long the mock holds an answer that must never come in time.
const HELD_MS = 10_000;
const NOW = Math.floor(Date.now() / 1000);

/** A seed for prune: every purpose and status, of known ages. */
const PRUNE_SEED = [
  { id: 'file-old-batch', purpose: 'batch', status: 'ready', created_at: NOW - 90 * DAY },
  { id: 'file-old-image', purpose: 'image', status: 'ok', created_at: NOW - 60 * DAY },
  { id: 'file-mid-extract', purpose: 'file-extract', status: 'error', created_at: NOW - 20 * DAY },
  { id: 'file-new-extract', purpose: 'file-extract', status: 'ready', created_at: NOW - 2 * DAY },
  { id: 'file-new-batch', purpose: 'batch', status: 'processing', created_at: NOW - 1 * DAY },
  { id: 'file-newest-batch', purpose: 'batch', status: 'ready', created_at: NOW - 60 },
];

// ---- scenarios: run by their source in the page too; only arguments and globals ----

async function extract(sdk, { baseURL, apiKey, describeError }, { text, size, params = {}, options = {}, abortOnPoll = false, abortWhenOut = false, abortMidBody = false }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
  const controller = new AbortController();
  if (abortOnPoll) {
    // Aborted once the mock has seen the first poll of the file: the upload
    // went out, and the call is waiting for processing.
    (async () => {
      const log = `${new URL(baseURL).origin}/__mock/requests`;
      const polled = (entries) => entries.some((r) => r.method === 'GET' && /^\/v1\/files\/[^/]+$/.test(r.path));
      // Bounded: a client that never polls fails the test instead of hanging it.
      for (const deadline = Date.now() + 20_000; !polled(await (await fetch(log)).json()); ) {
        if (Date.now() > deadline) throw new Error('no poll of the file within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      controller.abort();
    })();
  }
  // Abort the moment the whole body is out (the service may be storing the
  // file), or at the first report, while the body is still going out; the
  // report it aborted at says which it was.
  let abortedAt;
  const onUploadProgress =
    abortWhenOut || abortMidBody
      ? ({ loaded, total }) => {
          if (abortedAt || (abortWhenOut && loaded < total)) return;
          abortedAt = { loaded, total };
          controller.abort();
        }
      : undefined;
  // `size` bytes of 'x' where the body must be large enough to be caught halfway.
  const body = size === undefined ? text : new Uint8Array(size).fill(0x78);
  try {
    const { file, text: extracted, truncated } = await files.extract(
      { file: new Blob([body]), filename: 'notes.txt', ...params },
      { pollInterval: 20, signal: controller.signal, onUploadProgress, ...options },
    );
    return { ok: true, fileId: file.id, status: file.status, text: extracted, truncated, ...(abortedAt && { abortedAt }) };
  } catch (err) {
    return { ok: false, error: describeError(err), ...(abortedAt && { abortedAt }) };
  }
}

async function deleteMany(sdk, { baseURL, apiKey, describeError }, { ids, options = {} }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
  const results = await files.deleteMany(ids, options);
  return results.map(({ id, status, error }) => ({ id, status, error: error && describeError(error), keys: Object.keys({ id, status, error }) }));
}

async function prune(sdk, { baseURL, apiKey, describeError }, { olderThanDaysAgo, options, ...filter }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
  if (olderThanDaysAgo !== undefined) filter.olderThan = new Date(Date.now() - olderThanDaysAgo * 86_400_000);
  try {
    const pruned = await files.prune(filter, options);
    return { ok: true, ids: pruned.map((file) => file.id) };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

async function abortWithAString(sdk, { baseURL, apiKey, describeError }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
  const controller = new AbortController();
  const call = files.list({ signal: controller.signal });
  // Aborted while fetch is pending: once the mock has the request (it holds the answer).
  const log = `${new URL(baseURL).origin}/__mock/requests`;
  const listed = (entries) => entries.some((r) => r.method === 'GET' && r.path === '/v1/files');
  for (const deadline = Date.now() + 20_000; !listed(await (await fetch(log)).json()); ) {
    if (Date.now() > deadline) throw new Error('the list never reached the mock within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  controller.abort('stop');
  let aborted;
  try {
    await call;
  } catch (err) {
    aborted = describeError(err);
  }
  // A reason that is no Error, before the call too.
  let early;
  try {
    await files.list({ signal: AbortSignal.abort(42) });
  } catch (err) {
    early = describeError(err);
  }
  const next = await files.list();
  return { aborted, early, next: next.data.length };
}

// ---- the suites ----

for (const makeRuntime of RUNTIMES) {
  const runtime = makeRuntime();
  describe(`workflows in ${runtime.name}`, () => {
    let mock;
    const run = (scenario, arg) => runtime.run(scenario, { baseURL: mock.url, apiKey: KEY }, arg);
    const uploads = () => notPreflight(mock.requests()).filter((r) => r.method === 'POST');
    const left = () => mock.store.list().filter((file) => file.filename === 'notes.txt');

    before(async () => {
      mock = await startMockServer({ seed: 'sample', apiKey: KEY });
      await runtime.start();
    });
    after(async () => {
      await runtime.stop();
      await mock?.close();
    });
    beforeEach(() => {
      mock.reset();
      mock.clearRequests();
    });

    describe('files.extract', () => {
      it('uploads for file-extract, waits, reads the text, then deletes the file', async () => {
        mock.reset({ processingMs: 150 });
        const result = await run(extract, { text: 'Quarterly notes: revenue up.' });
        assert.deepEqual({ ...result, fileId: undefined }, { ok: true, fileId: undefined, status: 'ready', text: 'Quarterly notes: revenue up.', truncated: false });
        assert.equal(uploads().length, 1);
        assert.equal(uploads()[0].upload.purpose, 'file-extract');
        // The upload's answer said "processing" (processingMs): "ready" came from a look.
        const polls = notPreflight(mock.requests()).filter((r) => r.method === 'GET' && r.path === `/v1/files/${result.fileId}`);
        assert.ok(polls.length >= 1, `it waited for processing (${polls.length} looks)`);
        assert.deepEqual(left(), [], 'the file is gone');
        assert.ok(notPreflight(mock.requests()).some((r) => r.method === 'DELETE' && r.status === 200));
      });

      it('keep: true keeps the file; maxChars cuts the text and says so', async () => {
        const kept = await run(extract, { text: 'Hello, world', params: { keep: true, maxChars: 5 } });
        assert.deepEqual([kept.ok, kept.text, kept.truncated], [true, 'Hello', true]);
        assert.deepEqual(left().map((f) => f.id), [kept.fileId]);
        // The same choices are taken from the options too.
        const fromOptions = await run(extract, { text: 'Hello, world', options: { maxChars: 100 } });
        assert.deepEqual([fromOptions.text, fromOptions.truncated], ['Hello, world', false]);
        assert.deepEqual(left().map((f) => f.id), [kept.fileId], 'only the kept one');
      });

      it('never cuts a character in two (a surrogate pair stays whole)', async () => {
        const result = await run(extract, { text: 'ab😀cd', params: { maxChars: 3 } });
        assert.deepEqual([result.text, result.truncated], ['ab', true]);
      });

      it('a failed processing: FileProcessingError, and the file is deleted', async () => {
        mock.reset({ processingMs: 50, processingError: 'no text layer' });
        const result = await run(extract, { text: 'scanned' });
        assert.equal(result.ok, false);
        assert.equal(result.error.name, 'FileProcessingError');
        assert.match(result.error.message, /no text layer/);
        assert.deepEqual(left(), []);
      });

      it('a wait past maxWait: WaitTimeoutError, and the file is deleted', async () => {
        mock.reset({ processingMs: 60_000 });
        const result = await run(extract, { text: 'slow', options: { maxWait: 200 } });
        assert.equal(result.error.name, 'WaitTimeoutError');
        assert.deepEqual(left(), []);
      });

      it('a request timeout while reading the text: TimeoutError, and the file is deleted', async () => {
        mock.inject({ method: 'GET', path: '/v1/files/*', delayMs: HELD_MS, times: 1 });
        const result = await run(extract, { text: 'stuck', options: { timeout: 200, maxRetries: 0 } });
        assert.equal(result.error.name, 'TimeoutError');
        assert.deepEqual(left(), []);
      });

      it('an abort while waiting: AbortError, and the file is deleted all the same', async () => {
        mock.reset({ processingMs: 60_000 });
        const result = await run(extract, { text: 'abandoned', abortOnPoll: true });
        assert.equal(result.error.name, 'AbortError');
        assert.equal(uploads().length, 1, 'the upload had gone out');
        assert.deepEqual(left(), []);
      });

      it('an abort once the whole body is out: the answer is awaited, then the file the service stored is deleted', async () => {
        mock.reset({ processingMs: 60_000 });
        const seeded = mock.store.list().map((f) => f.id);
        // The service takes its time to answer the upload it has read: the abort comes first.
        mock.inject({ method: 'POST', path: '/v1/files', delayMs: 300 });
        const result = await run(extract, { text: 'x'.repeat(200_000), abortWhenOut: true });
        assert.equal(result.error?.name, 'AbortError', JSON.stringify(result));
        assert.equal(result.abortedAt.loaded, result.abortedAt.total, 'aborted with the whole body out');
        assert.deepEqual(uploads().map((r) => r.status), [200], 'the upload was answered: the file was stored');
        const deletes = notPreflight(mock.requests()).filter((r) => r.method === 'DELETE');
        assert.equal(deletes.length, 1, 'one delete');
        assert.equal(deletes[0].status, 200);
        assert.ok(!seeded.includes(decodeURIComponent(deletes[0].path.split('/').pop())), `of the upload, not of a seeded file: ${deletes[0].path}`);
        assert.deepEqual(left(), [], 'nothing left behind');
        assert.deepEqual(mock.store.list().map((f) => f.id), seeded);
      });

      it('an abort while the body is going out cancels the upload: nothing stored, nothing to delete', async () => {
        mock.reset({ processingMs: 60_000 });
        const seeded = mock.store.list().map((f) => f.id);
        // 100 MB: the first report comes long before the last byte, in both runtimes.
        const result = await run(extract, { size: 100 * 1024 * 1024, abortMidBody: true });
        assert.equal(result.error?.name, 'AbortError', JSON.stringify(result));
        assert.ok(result.abortedAt.loaded < result.abortedAt.total, `aborted halfway: ${JSON.stringify(result.abortedAt)}`);
        assert.ok(uploads().every((r) => r.status !== 200), `no upload was answered: ${JSON.stringify(uploads().map((r) => r.status))}`);
        assert.equal(notPreflight(mock.requests()).filter((r) => r.method === 'DELETE').length, 0, 'no delete');
        assert.deepEqual(mock.store.list().map((f) => f.id), seeded, 'nothing stored');
      });

      it('a delete that keeps failing: CleanupError naming the file left behind', async () => {
        mock.inject({ method: 'DELETE', path: '/v1/files/*', status: 500, times: 10 });
        const result = await run(extract, { text: 'sticky', options: { maxRetries: 1 } });
        assert.equal(result.error.name, 'CleanupError');
        assert.ok(result.error.moonshot);
        assert.equal(result.error.cause.name, 'InternalServerError');
        assert.deepEqual(left().map((f) => f.id), [result.error.fileId], 'the one it names is the one left');
      });
    });

    describe('files.deleteMany', () => {
      it('one result per id, in order, past a missing id and a 500', async () => {
        const ids = mock.store.list().map((f) => f.id).slice(0, 3);
        mock.inject({ method: 'DELETE', path: `/v1/files/${ids[1]}`, status: 500, times: 5 });
        const results = await run(deleteMany, { ids: [ids[0], 'file-missing', ids[1], ids[2]], options: { concurrency: 2, maxRetries: 1 } });
        assert.deepEqual(
          results.map(({ id, status, error }) => [id, status, error?.name]),
          [
            [ids[0], 'deleted', undefined],
            ['file-missing', 'not_found', 'NotFoundError'],
            [ids[1], 'failed', 'InternalServerError'],
            [ids[2], 'deleted', undefined],
          ],
        );
        assert.equal(results[2].error.attempts, 2, 'the 500 was retried');
        const still = mock.store.list().map((f) => f.id);
        assert.ok(still.includes(ids[1]) && !still.includes(ids[0]) && !still.includes(ids[2]));
      });

      it('never more than `concurrency` at once', async () => {
        const ids = mock.store.list().map((f) => f.id);
        mock.inject({ method: 'DELETE', delayMs: 100, times: ids.length });
        const results = await run(deleteMany, { ids, options: { concurrency: 3 } });
        assert.ok(results.every((r) => r.status === 'deleted'));
        const deletes = notPreflight(mock.requests()).filter((r) => r.method === 'DELETE');
        // Each delete is held 100 ms: the 4th can only be received after the 1st is answered.
        assert.equal(deletes.length, ids.length);
        const started = deletes.map((r) => r.receivedAt).sort((a, b) => a - b);
        assert.ok(started[3] - started[0] >= 90, `the 4th started ${started[3] - started[0]} ms after the 1st`);
      });

      it('refuses bad ids and a bad concurrency before sending', async () => {
        const refusals = await runtime.run(
          async (sdk, { baseURL, apiKey, describeError }) => {
            const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
            const outcomes = [];
            for (const [ids, options] of [['file-a', {}], [['file-a', 7], {}], [['file-a'], { concurrency: 0 }], [['file-a'], { concurrency: 33 }]]) {
              outcomes.push(await files.deleteMany(ids, options).then(() => 'resolved', (err) => describeError(err)));
            }
            return outcomes;
          },
          { baseURL: mock.url, apiKey: KEY },
        );
        assert.deepEqual(refusals.map((r) => r.name), Array(4).fill('InvalidArgumentError'));
        assert.equal(refusals[2].message, 'In the delete options, concurrency must be a whole number from 1 to 32.');
        assert.equal(notPreflight(mock.requests()).length, 0);
      });
    });

    describe('files.prune', () => {
      beforeEach(() => mock.reset({ seed: PRUNE_SEED }));
      const remaining = () => mock.store.list().map((f) => f.id);
      const ALL = PRUNE_SEED.map((f) => f.id);

      it('dryRun: the files that would go, and nothing deleted', async () => {
        const result = await run(prune, { purpose: 'batch', dryRun: true });
        assert.deepEqual(result.ids, ['file-old-batch', 'file-new-batch', 'file-newest-batch']);
        assert.deepEqual(remaining(), ALL);
        assert.equal(notPreflight(mock.requests()).filter((r) => r.method === 'DELETE').length, 0);
      });

      for (const [label, filter, gone] of [
        ['purpose', { purpose: 'file-extract' }, ['file-mid-extract', 'file-new-extract']],
        ['status ready (ok too)', { status: 'ready' }, ['file-old-batch', 'file-old-image', 'file-new-extract', 'file-newest-batch']],
        ['status error', { status: 'error' }, ['file-mid-extract']],
        ['olderThan in ms', { olderThan: 30 * DAY * 1000 }, ['file-old-batch', 'file-old-image']],
        ['olderThan as a Date', { olderThanDaysAgo: 10 }, ['file-old-batch', 'file-old-image', 'file-mid-extract']],
        ['keepNewest', { keepNewest: 4 }, ['file-old-batch', 'file-old-image']],
        ['purpose and keepNewest together', { purpose: 'batch', keepNewest: 1 }, ['file-old-batch', 'file-new-batch']],
      ]) {
        it(`${label}: deletes exactly the files it names`, async () => {
          const result = await run(prune, filter);
          assert.deepEqual(result, { ok: true, ids: gone });
          assert.deepEqual(remaining(), ALL.filter((id) => !gone.includes(id)));
        });
      }

      it('a filter that chooses nothing is refused: it would delete every file', async () => {
        const result = await run(prune, {});
        assert.equal(result.error.name, 'InvalidArgumentError');
        assert.deepEqual(remaining(), ALL);
      });

      it('a deletion that fails: PruneError, saying what went and what stayed', async () => {
        mock.inject({ method: 'DELETE', path: '/v1/files/file-old-image', status: 500, times: 5 });
        const result = await run(prune, { olderThan: 30 * DAY * 1000, options: { maxRetries: 0 } });
        assert.equal(result.error.name, 'PruneError');
        assert.deepEqual(result.error.deleted, ['file-old-batch']);
        assert.deepEqual(result.error.failed, [{ id: 'file-old-image', name: 'InternalServerError', status: 500 }]);
        assert.ok(remaining().includes('file-old-image'));
      });
    });

    it('an abort whose reason is no Error is an AbortError, and the client goes on working', async () => {
      mock.inject({ method: 'GET', path: '/v1/files', delayMs: HELD_MS });
      const result = await run(abortWithAString);
      assert.equal(result.aborted.name, 'AbortError');
      assert.equal(result.early.name, 'AbortError');
      assert.equal(result.next, mock.store.size);
      if (runtime.pageErrors) assert.deepEqual(runtime.pageErrors(), []);
    });
  });
}
