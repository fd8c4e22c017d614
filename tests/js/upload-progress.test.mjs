// onUploadProgress, in Node (a counted stream of the body) and in Chromium
// (XMLHttpRequest's upload events), for uploads of 1 byte, 1 MB and 100 MB:
// events in order, never going back, the last one whole before the call
// resolves, and the bytes whole at the mock. Also: a retry does not make the
// count go back, a callback that throws is called on to the end and does not
// stop the upload, and an abort mid-upload is an AbortError.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { startMockServer } from '../../mock/server.mjs';
import { notPreflight } from '../support/helpers.mjs';
import { RUNTIMES } from '../support/runtimes.mjs';

const KEY = 'sk-mock-key';
const MB = 1024 * 1024;

// ---- the scenario: run by its source in the page too ----

async function uploadWithProgress(sdk, { baseURL, apiKey, describeError }, { size, options = {}, throwing = false, abortAtBytes }) {
  const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
  const file = new Blob([new Uint8Array(size).fill(0x61)]); // 'a' bytes: text the mock keeps
  const controller = new AbortController();
  const seen = { count: 0, first: undefined, last: undefined, wentBack: 0, totals: new Set(), afterResolve: 0 };
  let resolved = false;
  const onUploadProgress = (progress) => {
    seen.count += 1;
    if (resolved) seen.afterResolve += 1;
    if (seen.last && progress.loaded < seen.last.loaded) seen.wentBack += 1;
    seen.first ??= { ...progress };
    seen.last = { loaded: progress.loaded, total: progress.total };
    seen.totals.add(progress.total);
    if (abortAtBytes !== undefined && progress.loaded >= abortAtBytes) controller.abort();
    if (throwing) throw new Error('a callback that throws');
  };
  try {
    const created = await files.create({ file, filename: 'progress.txt', purpose: 'file-extract' }, { ...options, onUploadProgress, signal: controller.signal });
    resolved = true;
    return { ok: true, id: created.id, bytes: created.bytes, ...seen, totals: [...seen.totals] };
  } catch (err) {
    return { ok: false, error: describeError(err), ...seen, totals: [...seen.totals] };
  }
}

for (const makeRuntime of RUNTIMES) {
  const runtime = makeRuntime();
  describe(`onUploadProgress in ${runtime.name}`, () => {
    let mock;
    const run = (arg) => runtime.run(uploadWithProgress, { baseURL: mock.url, apiKey: KEY }, arg);
    const uploads = () => notPreflight(mock.requests()).filter((r) => r.method === 'POST');

    before(async () => {
      mock = await startMockServer({ seed: 'none', apiKey: KEY });
      await runtime.start();
    });
    after(async () => {
      await runtime.stop();
      await mock?.close();
    });
    beforeEach(() => {
      mock.reset({ seed: 'none' });
      mock.clearRequests();
    });

    for (const [label, size] of [
      ['1 byte', 1],
      ['1 MB', MB],
      ['100 MB', 100 * MB],
    ]) {
      it(`${label}: in order, never back, whole last, before the answer; the bytes whole at the mock`, async () => {
        const seen = await run({ size });
        assert.equal(seen.ok, true, JSON.stringify(seen.error));
        assert.equal(seen.bytes, size);
        assert.ok(seen.count >= 1, 'called at least once');
        assert.equal(seen.wentBack, 0, 'never decreasing');
        assert.equal(seen.afterResolve, 0, 'no call after the promise resolved');
        assert.equal(seen.totals.length, 1, `one total throughout: ${seen.totals}`);
        const [total] = seen.totals;
        // The file's bytes, of the file's size: a person's progress, not the
        // multipart body's (an 11-byte file once showed "342 B / 342 B").
        assert.equal(total, size, `total ${total} for a ${size}-byte file`);
        assert.deepEqual(seen.last, { loaded: size, total: size });
        // Bytes reported as they went, not only at the end (a browser reports
        // at most every 50 ms: a loopback upload gives it few chances).
        if (size > MB) assert.ok(seen.first.loaded < total && seen.count >= 2, `${seen.count} reports, the first ${JSON.stringify(seen.first)}`);
        // What the mock stored: the whole file.
        const stored = mock.store.get(seen.id);
        assert.equal(stored.file.bytes, size);
        if (size <= MB) assert.ok(stored.text === 'a'.repeat(size), `the text the mock read is ${stored.text.length} 'a's`);
        assert.equal(uploads().length, 1);
      });
    }

    it('a retry (503) does not make the count go back; the last report is still whole', async () => {
      mock.inject({ method: 'POST', path: '/v1/files', status: 503, headers: { 'retry-after-ms': '0' } });
      const seen = await run({ size: 256 * 1024, options: { maxRetries: 1 } });
      assert.equal(seen.ok, true, JSON.stringify(seen.error));
      assert.equal(uploads().length, 2, 'sent twice');
      assert.equal(seen.wentBack, 0);
      assert.deepEqual(seen.last, { loaded: seen.totals[0], total: seen.totals[0] });
    });

    it('a callback that throws is called on to the last byte, and the upload completes', async () => {
      // 100 MB: several reports in both runtimes (a page's XMLHttpRequest reports at most every 50 ms).
      const seen = await run({ size: 100 * MB, throwing: true });
      assert.equal(seen.ok, true, JSON.stringify(seen.error));
      assert.ok(seen.count >= 2, `called ${seen.count} times: it threw each time, and must be called again after`);
      assert.deepEqual(seen.last, { loaded: seen.totals[0], total: seen.totals[0] }, 'called for the last byte too');
      assert.equal(mock.store.get(seen.id).file.bytes, 100 * MB);
    });

    it('an abort mid-upload is an AbortError; nothing is stored', async () => {
      const seen = await run({ size: 50 * MB, abortAtBytes: 1 });
      assert.equal(seen.ok, false);
      assert.equal(seen.error.name, 'AbortError');
      assert.equal(mock.store.size, 0);
    });

    it('a timeout mid-upload is a TimeoutError', async () => {
      mock.inject({ method: 'POST', path: '/v1/files', delayMs: 5_000 });
      const seen = await run({ size: 1000, options: { timeout: 300 } });
      assert.equal(seen.ok, false);
      assert.equal(seen.error.name, 'TimeoutError');
    });
  });
}
