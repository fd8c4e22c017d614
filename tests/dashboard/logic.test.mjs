// The dashboard's logic without a browser: formatting, the upload limits, and
// the store's sorting, filtering, selection and merging. `node --test www/`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatBytes, formatPercent, formatRelative, plural, purposeClass, statusTone } from '../../www/src/format.js';
import { LIMITS, planUploads } from '../../www/src/limits.js';
import { createStore, sortFiles, summarize, visibleFiles } from '../../www/src/state.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function file(id, fields = {}) {
  return { id, object: 'file', bytes: 100, created_at: 1_700_000_000, filename: `${id}.txt`, purpose: 'file-extract', status: 'ready', ...fields };
}

const tick = () => new Promise((resolve) => queueMicrotask(resolve));
// The page formats in the reader's locale; the expected strings are English ones.
const english = new Intl.NumberFormat().resolvedOptions().locale.startsWith('en');

describe('format', { skip: !english && 'the default locale is not English' }, () => {
  test('sizes in binary units, as the service counts its limits', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(106), '106 B');
    assert.equal(formatBytes(1023), '1,023 B');
    assert.equal(formatBytes(12_877), '12.6 KiB');
    assert.equal(formatBytes(393_472), '384 KiB');
    assert.equal(formatBytes(8_388_912), '8 MiB');
    assert.equal(formatBytes(48_211_735), '46 MiB');
    assert.equal(formatBytes(LIMITS.maxFileBytes), '100 MiB');
    assert.equal(formatBytes(LIMITS.maxTotalBytes), '10 GiB');
    assert.equal(formatBytes(Number.NaN), '—');
  });

  test('percentages never round a used share down to nothing', () => {
    assert.equal(formatPercent(9, 1000), '0.9%');
    assert.equal(formatPercent(1, 10 * GiB), '<0.1%');
    assert.equal(formatPercent(0, 1000), '0%');
    assert.equal(formatPercent(5, 0), '0%');
  });

  test('relative times and plurals', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    assert.equal(formatRelative(new Date('2026-11-24T12:00:00Z'), now), '2 days ago');
    assert.equal(formatRelative(new Date('2026-11-26T11:59:30Z'), now), 'now');
    assert.equal(formatRelative(new Date('2026-06-02T12:00:00Z'), now), '6 months ago');
    assert.equal(plural(1, 'file'), '1 file');
    assert.equal(plural(1000, 'file'), '1,000 files');
  });

  test('server strings never choose a class beyond the known ones', () => {
    assert.equal(statusTone('ready'), 'good');
    assert.equal(statusTone('constructor'), 'other');
    assert.equal(purposeClass('image'), 'purpose-image');
    assert.equal(purposeClass('x" onclick="y'), 'purpose-other');
  });
});

describe('planUploads', { skip: !english && 'the default locale is not English' }, () => {
  const empty = { count: 0, bytes: 0 };

  test('refuses an empty file and one over 100 MiB, and sends the rest', () => {
    const plan = planUploads(
      [
        { name: 'a.txt', size: 10 },
        { name: 'empty.txt', size: 0 },
        { name: 'big.bin', size: LIMITS.maxFileBytes + 1 },
        { name: 'max.bin', size: LIMITS.maxFileBytes },
      ],
      empty,
    );
    assert.deepEqual(
      plan.map(({ ok }) => ok),
      [true, false, false, true],
    );
    assert.match(plan[1].reason, /empty \(0 bytes\)/);
    assert.match(plan[2].reason, /over the limit of 100 MiB per file/);
  });

  test('counts the account and the batch against 1,000 files', () => {
    const plan = planUploads(
      [
        { name: 'a', size: 1 },
        { name: 'b', size: 1 },
        { name: 'c', size: 1 },
      ],
      { count: 998, bytes: 0 },
    );
    assert.deepEqual(
      plan.map(({ ok }) => ok),
      [true, true, false],
    );
    assert.match(plan[2].reason, /more than 1,000 files/);
  });

  test('counts bytes against 10 GiB; a refused file leaves room for a smaller one', () => {
    const plan = planUploads(
      [
        { name: 'big', size: 60 * MiB },
        { name: 'small', size: 10 * MiB },
      ],
      { count: 10, bytes: 10 * GiB - 50 * MiB },
    );
    assert.deepEqual(
      plan.map(({ ok }) => ok),
      [false, true],
    );
    assert.match(plan[0].reason, /pass 10 GiB in all \(50 MiB left\)/);
  });
});

describe('selectors', () => {
  const files = [
    file('file-a', { filename: 'b.txt', bytes: 30, created_at: 3, purpose: 'image', status: 'ok' }),
    file('file-b', { filename: 'A.txt', bytes: 10, created_at: 1, status: 'error' }),
    file('file-c', { filename: 'file10.txt', bytes: 20, created_at: 2 }),
    file('file-d', { filename: 'file9.txt', bytes: 20, created_at: 4, purpose: 'new-purpose' }),
  ];
  const names = (list) => list.map((f) => f.filename);

  test('sorts by any column, both ways, ties newest first', () => {
    assert.deepEqual(names(sortFiles(files, { key: 'filename', direction: 'ascending' })), [
      'A.txt',
      'b.txt',
      'file9.txt',
      'file10.txt',
    ]);
    assert.deepEqual(names(sortFiles(files, { key: 'bytes', direction: 'descending' })), [
      'b.txt',
      'file9.txt',
      'file10.txt',
      'A.txt',
    ]);
    assert.deepEqual(names(sortFiles(files, { key: 'created_at', direction: 'ascending' })), [
      'A.txt',
      'file10.txt',
      'b.txt',
      'file9.txt',
    ]);
  });

  test('filters by purpose, status and a search in the name or id', () => {
    const view = (filters) => names(visibleFiles(files, { filters: { purpose: '', status: '', query: '', ...filters }, sort: { key: 'filename', direction: 'ascending' } }));
    assert.deepEqual(view({ purpose: 'image' }), ['b.txt']);
    assert.deepEqual(view({ status: 'error' }), ['A.txt']);
    assert.deepEqual(view({ query: ' FILE1 ' }), ['file10.txt']);
    assert.deepEqual(view({ query: 'file-d' }), ['file9.txt']);
    assert.deepEqual(view({ purpose: 'file-extract', status: 'ready' }), ['file10.txt']);
  });

  test('summarizes by purpose, unknown purposes kept', () => {
    const totals = summarize(files);
    assert.equal(totals.count, 4);
    assert.equal(totals.bytes, 80);
    assert.deepEqual(
      totals.purposes.map(({ purpose, count }) => [purpose, count]),
      [
        ['file-extract', 2],
        ['image', 1],
        ['new-purpose', 1],
      ],
    );
  });
});

describe('the store', () => {
  test('a header click sorts, a second one flips; numbers start largest first', () => {
    const store = createStore();
    store.sortBy('filename');
    assert.deepEqual(store.state.sort, { key: 'filename', direction: 'ascending' });
    store.sortBy('filename');
    assert.deepEqual(store.state.sort, { key: 'filename', direction: 'descending' });
    store.sortBy('bytes');
    assert.deepEqual(store.state.sort, { key: 'bytes', direction: 'descending' });
    store.sortBy('__proto__');
    assert.equal(store.state.sort.key, 'bytes');
  });

  test('only files on screen stay selected', () => {
    const store = createStore();
    store.loaded([file('a'), file('b', { purpose: 'image' })], store.loading());
    store.select(['a', 'b', 'missing'], true);
    assert.deepEqual([...store.state.selected], ['a', 'b']);
    store.setFilter('purpose', 'image');
    assert.deepEqual([...store.state.selected], ['b']);
  });

  test('changes made during a list request win over its answer', () => {
    const store = createStore();
    store.loaded([file('a'), file('b')], store.loading());
    const token = store.loading();
    store.remove(['a']);
    store.upsert(file('c'), { fresh: true });
    store.upsert(file('b', { status: 'processing' }));
    // The list left before those changes: it still has a, not c, and b as it was.
    store.loaded([file('a'), file('b')], token);
    assert.deepEqual([...store.state.files.keys()].sort(), ['b', 'c']);
    assert.equal(store.get('b').status, 'processing');
    // A later list is the truth again.
    store.loaded([file('a')], store.loading());
    assert.deepEqual([...store.state.files.keys()], ['a']);
  });

  test('tells its listeners once per burst of changes', async () => {
    const store = createStore();
    let calls = 0;
    store.subscribe(() => (calls += 1));
    store.loaded([file('a')], store.loading());
    store.setFilter('query', 'x');
    store.sortBy('id');
    await tick();
    assert.equal(calls, 1);
  });
});
