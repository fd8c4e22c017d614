// The page's view of a file, whichever API shape the service answered in
// (www/src/file-view.js): a dated FileMetadata (as the mock's dated list
// gives it) drawn, sorted, filtered, searched and totalled as the
// FileObject of the same file is, and the upload queue and the follower
// reading its extract_status.
//   node --test tests/dashboard/file-view.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDated, viewFile, viewList } from '../../www/src/file-view.js';
import { summarize, visibleFiles } from '../../www/src/state.js';
import { startMockServer } from '../../mock/server.mjs';

const KEY = 'sk-mock-key';
const VERSION = '2026-09-01-beta';

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'sample', apiKey: KEY });
});
after(() => mock?.close());

/** GET /v1/files from the mock, compatible or (with `version`) dated: its answer's body. */
async function listed(version) {
  const res = await fetch(`${mock.url}/files`, {
    headers: { authorization: `Bearer ${KEY}`, ...(version ? { 'kimi-api-version': version } : {}) },
  });
  assert.equal(res.status, 200);
  return res.json();
}

const byId = (files) => new Map(files.map((file) => [file.id, file]));

describe('a dated file in the page', () => {
  test('reads as the FileObject of the same file: size, date, status, name, purpose', async () => {
    const dated = await listed(VERSION);
    const compatible = byId((await listed()).data);
    assert.equal(dated.items.length, compatible.size);
    for (const metadata of dated.items) {
      const view = viewFile(metadata);
      const object = compatible.get(metadata.id);
      // The mock's compatible `ok` is the dated `ready`; everything else is the same value.
      const status = object.status === 'ok' ? 'ready' : object.status;
      assert.deepEqual(
        { id: view.id, filename: view.filename, purpose: view.purpose, status: view.status, bytes: view.bytes, created_at: view.created_at },
        { id: object.id, filename: object.filename, purpose: object.purpose, status, bytes: object.bytes, created_at: object.created_at },
        metadata.filename,
      );
      assert.equal(view.mime_type, metadata.mime_type, 'the type the service gave is kept');
    }
  });

  test('a whole dated list sorts, filters, searches and totals as the compatible one', async () => {
    const answer = await listed(VERSION);
    const dated = viewList(answer);
    // The mock's compatible `ok` is the dated `ready` (a status sorts by its value within its group).
    const compatible = viewList(await listed()).map((file) => (file.status === 'ok' ? { ...file, status: 'ready' } : file));
    const ids = (files) => files.map((file) => file.id);
    for (const key of ['bytes', 'created_at', 'filename', 'status', 'purpose']) {
      for (const direction of ['ascending', 'descending']) {
        const view = { filters: { purpose: '', status: '', query: '' }, sort: { key, direction } };
        assert.deepEqual(ids(visibleFiles(dated, view)), ids(visibleFiles(compatible, view)), `${key} ${direction}`);
      }
    }
    const sorted = (filters) => ids(visibleFiles(dated, { filters: { purpose: '', status: '', query: '', ...filters }, sort: { key: 'bytes', direction: 'descending' } }));
    assert.deepEqual(sorted({ status: 'error' }), ['v8ehq9f8g57fgpr8s7o7']);
    assert.deepEqual(sorted({ status: 'processing' }), ['ctoagopsjzawm7t3qxvg']);
    assert.deepEqual(sorted({ purpose: 'image' }), ['ihqp3a4ty66mmrjp52b8']);
    assert.deepEqual(sorted({ query: 'meeting' }), ['8i1oh10ng104zq227mbj']);
    // The largest first: the video (46 MiB), then the failed scan (8 MiB).
    assert.deepEqual(sorted({}).slice(0, 2), ['6qa1nh1ldiazyepjourv', 'v8ehq9f8g57fgpr8s7o7']);
    assert.deepEqual(summarize(dated), summarize(compatible));
    assert.equal(summarize(dated).bytes, answer.items.reduce((sum, file) => sum + file.size_bytes, 0));
    assert.equal(summarize(dated).bytes, 59_612_927);
  });

  test('a compatible file is the very object (rows drawn from it stay drawn); a list reads data or items', () => {
    const object = { id: 'a', object: 'file', bytes: 3, created_at: 1_790_000_000, filename: 'a.txt', purpose: 'batch', status: 'processed' };
    assert.equal(viewFile(object), object);
    assert.equal(isDated(object), false);
    assert.deepEqual(viewList({ object: 'list', data: [object] }), [object]);
    const metadata = { id: 'b', filename: 'b.txt', mime_type: 'text/plain', size_bytes: 5, created_at: '2026-09-01T12:00:00Z', purpose: 'batch', extract_status: 'ready' };
    assert.deepEqual(viewList({ items: [metadata] }).map((file) => file.bytes), [5]);
    // Viewing a view again changes nothing.
    const view = viewFile(metadata);
    assert.equal(viewFile(view), view);
  });

  test('what the dated API leaves out or may add: no purpose, an unknown status, an unreadable date', () => {
    const view = viewFile({ id: 'c', filename: 'c.bin', mime_type: 'application/octet-stream', size_bytes: 0, created_at: 'yesterday', extract_status: 'queued' });
    assert.equal(view.purpose, '', 'no purpose: empty, as the filters and the chart take an unknown one');
    assert.equal(view.status, 'queued', 'an unknown status is kept as sent');
    assert.equal(view.bytes, 0);
    assert.ok(Number.isNaN(view.created_at), 'no date is made up');
    // An offset is read as the instant it names.
    assert.equal(viewFile({ id: 'd', filename: 'd', size_bytes: 1, created_at: '2026-09-01T20:00:00+08:00', extract_status: 'ready' }).created_at, Date.UTC(2026, 8, 1, 12) / 1000);
  });

  test('the upload queue and the follower read the status: processing while extract_status is, then ready or error', async () => {
    mock.reset({ seed: 'none', processingMs: 60_000 });
    const body = new FormData();
    body.append('purpose', 'file-extract');
    body.append('file', new Blob(['# notes\n']), 'notes.md');
    const res = await fetch(`${mock.url}/files`, { method: 'POST', body, headers: { authorization: `Bearer ${KEY}`, 'kimi-api-version': VERSION } });
    assert.equal(res.status, 201);
    const created = viewFile(await res.json());
    assert.equal(created.status, 'processing', 'the follower polls on this one');
    mock.reset({ seed: 'none', processingError: 'parse failed' });
    const failed = await fetch(`${mock.url}/files`, { method: 'POST', body, headers: { authorization: `Bearer ${KEY}`, 'kimi-api-version': VERSION } });
    assert.equal(viewFile(await failed.json()).status, 'error', 'the queue marks it failed');
    mock.reset();
  });
});
