// Room under the account's limits, in Node and in Chromium against the
// mock: usage from one list; makeRoom deleting the oldest files its filter
// allows and no more, refusing (deleting nothing) when they would not do;
// and makeRoom: true on create and extract, which makes room only when the
// service refuses the upload for it, then tries once more.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { startMockServer } from '../../mock/server.mjs';
import { notPreflight } from '../support/helpers.mjs';
import { RUNTIMES } from '../support/runtimes.mjs';

const KEY = 'sk-mock-key';
const GB = 1024 ** 3;
const MB = 1024 ** 2;
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;

/** Six files of known ages and sizes, listed oldest first. */
const SEED = [
  { id: 'f1-old-image', purpose: 'image', bytes: 3 * GB, created_at: NOW - 90 * DAY },
  { id: 'f2-old-batch', purpose: 'batch', bytes: 2 * GB, created_at: NOW - 60 * DAY },
  { id: 'f3-mid-extract', purpose: 'file-extract', bytes: 2 * GB, created_at: NOW - 30 * DAY },
  { id: 'f4-mid-image', purpose: 'image', bytes: 1 * GB, created_at: NOW - 20 * DAY },
  { id: 'f5-new-extract', purpose: 'file-extract', bytes: 1 * GB, created_at: NOW - 2 * DAY },
  { id: 'f6-newest-image', purpose: 'image', bytes: GB - 10, created_at: NOW - 60 },
];
const SEED_BYTES = SEED.reduce((sum, f) => sum + f.bytes, 0);

// ---- scenarios: run by their source in the page too; only arguments and globals ----

async function usage(sdk, { baseURL, apiKey, apiVersion }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, apiVersion, dangerouslyAllowBrowser: true }).files;
  return files.usage();
}

async function makeRoom(sdk, { baseURL, apiKey, apiVersion, describeError }, { olderThanDays, ...room }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, apiVersion, dangerouslyAllowBrowser: true }).files;
  if (olderThanDays !== undefined) room.olderThan = olderThanDays * 86_400_000;
  try {
    const made = await files.makeRoom(room);
    return { ok: true, deleted: made.deleted.map((f) => f.id), usage: made.usage };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

async function upload(sdk, { baseURL, apiKey, apiVersion, describeError }, { size, how = 'create', makeRoom }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, apiVersion, dangerouslyAllowBrowser: true }).files;
  const file = new Blob([new Uint8Array(size).fill(0x61)]);
  const options = makeRoom === undefined ? {} : { makeRoom };
  try {
    if (how === 'extract') {
      const { file: made, text } = await files.extract({ file, filename: 'new.txt' }, { ...options, pollInterval: 20 });
      return { ok: true, id: made.id, text: text.length };
    }
    const made = await files.create({ file, filename: 'new.txt', purpose: 'batch' }, options);
    return { ok: true, id: made.id };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

// ---- the suites ----

for (const makeRuntime of RUNTIMES) {
  const runtime = makeRuntime();
  describe(`room in ${runtime.name}`, () => {
    let mock;
    const run = (scenario, arg, context = {}) => runtime.run(scenario, { baseURL: mock.url, apiKey: KEY, ...context }, arg);
    const remaining = () => mock.store.list().map((f) => f.id);
    const requests = () => notPreflight(mock.requests()).map((r) => `${r.method} ${r.path}`);

    before(async () => {
      mock = await startMockServer({ seed: SEED, apiKey: KEY });
      await runtime.start();
    });
    after(async () => {
      await runtime.stop();
      await mock?.close();
    });
    beforeEach(() => {
      mock.reset({ seed: SEED });
      mock.clearRequests();
    });

    describe('files.usage', () => {
      it('counts the files and their bytes against the limits, from one list', async () => {
        assert.deepEqual(await run(usage), {
          fileCount: 6,
          totalBytes: SEED_BYTES,
          maxFiles: 1000,
          maxTotalBytes: 10 * GB,
          maxFileBytes: 100 * MB,
        });
        assert.deepEqual(requests(), ['GET /v1/files']);
      });

      it('reads size_bytes on the dated API', async () => {
        const dated = await run(usage, undefined, { apiVersion: '2026-09-01-beta' });
        assert.equal(dated.fileCount, 6);
        assert.equal(dated.totalBytes, SEED_BYTES);
      });
    });

    describe('files.makeRoom', () => {
      it('with room already, deletes nothing', async () => {
        const result = await run(makeRoom, { files: 1, bytes: 10 });
        assert.deepEqual(result, { ok: true, deleted: [], usage: { ...result.usage, fileCount: 6, totalBytes: SEED_BYTES } });
        assert.deepEqual(requests(), ['GET /v1/files']);
      });

      it('deletes the oldest until the bytes fit, and no more', async () => {
        // 10 GB - 10 B used: 2 GB more needs the 3 GB oldest file only.
        const result = await run(makeRoom, { files: 1, bytes: 2 * GB });
        assert.deepEqual(result.deleted, ['f1-old-image']);
        assert.deepEqual(result.usage, { fileCount: 5, totalBytes: SEED_BYTES - 3 * GB, maxFiles: 1000, maxTotalBytes: 10 * GB, maxFileBytes: 100 * MB });
        assert.deepEqual(remaining(), SEED.slice(1).map((f) => f.id));
      });

      it('only among the files its filter allows, oldest first', async () => {
        const result = await run(makeRoom, { bytes: 3 * GB, purpose: 'image', olderThanDays: 10 });
        assert.deepEqual(result.deleted, ['f1-old-image']);
        const more = await run(makeRoom, { bytes: 4 * GB + 5, purpose: 'image' });
        assert.deepEqual(more.deleted, ['f4-mid-image'], 'the oldest image left is enough');
        assert.deepEqual(remaining(), ['f2-old-batch', 'f3-mid-extract', 'f5-new-extract', 'f6-newest-image']);
      });

      it('dryRun: the files that would go, nothing deleted', async () => {
        const result = await run(makeRoom, { bytes: 5 * GB + 20, dryRun: true });
        assert.deepEqual(result.deleted, ['f1-old-image', 'f2-old-batch', 'f3-mid-extract']);
        assert.deepEqual(remaining(), SEED.map((f) => f.id));
        assert.deepEqual(requests(), ['GET /v1/files']);
      });

      it('refuses, deleting nothing, when the files its filter allows would not do', async () => {
        const result = await run(makeRoom, { bytes: 3 * GB, purpose: 'batch' });
        assert.equal(result.error?.name, 'InvalidArgumentError', JSON.stringify(result));
        assert.equal(
          result.error.message,
          'makeRoom deleted nothing: room needs 0 files and 3221225462 bytes to go, and the files its filter allows hold 1 file and 2147483648 bytes.',
        );
        assert.deepEqual(remaining(), SEED.map((f) => f.id));
        assert.deepEqual(requests(), ['GET /v1/files']);
      });

      it('refuses room no account has, and a misspelt option, before any request', async () => {
        const tooMuch = await run(makeRoom, { files: 1001 });
        assert.equal(tooMuch.error.name, 'InvalidArgumentError');
        const misspelt = await run(makeRoom, { file: 1 });
        assert.match(misspelt.error.message, /"file" is not an option: did you mean "files"\?/);
        assert.deepEqual(requests(), []);
      });

      it('a full account by count: the oldest file goes (dated API)', async () => {
        mock.reset({ seed: 1000 });
        const result = await run(makeRoom, { files: 1 }, { apiVersion: '2026-09-01-beta' });
        assert.equal(result.deleted.length, 1);
        assert.equal(mock.store.size, 999);
        const oldest = mock.store.list()[0];
        assert.equal(oldest.filename, 'generated-0002.txt', 'the first of the seed went');
      });
    });

    describe('makeRoom: true on uploads', () => {
      it('create: a refusal for the total size makes room, then the upload goes once more', async () => {
        const result = await run(upload, { size: 20, makeRoom: true });
        assert.equal(result.ok, true, JSON.stringify(result));
        assert.deepEqual(requests(), ['POST /v1/files', 'GET /v1/files', 'DELETE /v1/files/f1-old-image', 'POST /v1/files']);
        assert.ok(remaining().includes(result.id));
      });

      it('create: a refusal for the file count makes room (dated API)', async () => {
        mock.reset({ seed: 1000 });
        const result = await run(upload, { size: 5, makeRoom: true }, { apiVersion: '2026-09-01-beta' });
        assert.equal(result.ok, true, JSON.stringify(result));
        assert.equal(mock.store.size, 1000);
        assert.equal(requests().filter((r) => r.startsWith('DELETE')).length, 1);
      });

      it('extract: makes room for its upload too', async () => {
        mock.reset({ seed: 1000 });
        const result = await run(upload, { size: 5, how: 'extract', makeRoom: true });
        assert.equal(result.ok, true, JSON.stringify(result));
        assert.equal(result.text, 5);
        assert.equal(mock.store.size, 999, 'one made room for it, and it was deleted once read');
      });

      it('without it, the refusal is the service\'s and nothing is deleted', async () => {
        const result = await run(upload, { size: 20 });
        assert.equal(result.error.name, 'BadRequestError');
        assert.match(result.error.message, /total size/);
        assert.deepEqual(requests(), ['POST /v1/files']);
        assert.deepEqual(remaining(), SEED.map((f) => f.id));
      });

      it('another refusal makes no room', async () => {
        mock.inject({ method: 'POST', path: '/v1/files', status: 400, json: { error: { message: 'Invalid request: nope', type: 'invalid_request_error' } } });
        const result = await run(upload, { size: 5, makeRoom: true });
        assert.equal(result.error.name, 'BadRequestError');
        assert.deepEqual(requests(), ['POST /v1/files']);
      });

      it('a second refusal is not retried again', async () => {
        mock.reset({ seed: 1000 });
        mock.inject({ method: 'POST', path: '/v1/files', status: 400, times: 2, json: { error: { message: 'The number of files you have uploaded exceeded the max file count 1000, please delete previous uploaded files', type: 'invalid_request_error' } } });
        const result = await run(upload, { size: 5, makeRoom: true });
        assert.equal(result.error.name, 'BadRequestError');
        assert.equal(requests().filter((r) => r.startsWith('POST')).length, 2);
      });
    });
  });
}
