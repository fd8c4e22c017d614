// The dashboard's logic without a browser: formatting, the upload checks, the
// store's sorting, filtering, selection, merging and URL form, what the page
// says about an error, and where its server forwards to. (The grid, the upload
// queue and the rate-limit line have files of their own here.)
//   node --test tests/dashboard/logic.test.mjs
// The page formats in the reader's locale; here it is pinned to en-US and UTC,
// so these run the same on every machine.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FORMATS, LIMITS, PURPOSES } from '../../www/src/facts.js';
import {
  formatBytes,
  formatDate,
  formatDuration,
  formatPercent,
  formatProgress,
  formatRelative,
  formatSpeed,
  plural,
  purposeClass,
  statusGroup,
  statusTone,
  useLocale,
} from '../../www/src/format.js';
import { acceptFor, describeAccepted, extensionOf, planUploads } from '../../www/src/upload-checks.js';
import { createStore, sortFiles, summarize, viewFromSearch, viewToSearch, visibleFiles } from '../../www/src/state.js';
import { describeError, failureLine, isKeyRefused } from '../../www/src/error-text.js';
import * as sdk from '../../pkg/index.mjs';
import { INFO_PATH, loadServerInfo, serverCommand, upstreamOrigin } from '../../www/src/upstream.js';

useLocale('en-US', { timeZone: 'UTC' });

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function file(id, fields = {}) {
  return { id, object: 'file', bytes: 100, created_at: 1_700_000_000, filename: `${id}.txt`, purpose: 'file-extract', status: 'ready', ...fields };
}

const tick = () => new Promise((resolve) => queueMicrotask(resolve));

describe('format', () => {
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

  test('dates with their time; speeds, progress and durations', () => {
    assert.equal(formatDate(new Date('2026-08-30T08:11:00Z')), 'Aug 30, 2026, 8:11 AM');
    assert.equal(formatSpeed(1.5 * MiB), '1.5 MiB/s');
    assert.equal(formatSpeed(0), '—');
    assert.equal(formatProgress(0, 100), '0%');
    assert.equal(formatProgress(999, 1000), '99%', 'never 100% before the end');
    assert.equal(formatProgress(1000, 1000), '100%');
    assert.equal(formatDuration(4.4), '4 s');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(formatDuration(3 * 3600 + 120), '3 h 2 min');
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), '—');
  });

  test('ok and ready are one status; an unknown one stays itself', () => {
    assert.equal(statusGroup('ok'), 'ready');
    assert.equal(statusGroup('ready'), 'ready');
    assert.equal(statusGroup('archived'), 'archived');
    assert.equal(statusTone('ok'), 'good');
    assert.equal(statusTone('archived'), 'other');
  });

  test('server strings never choose a class beyond the known ones', () => {
    assert.equal(statusTone('ready'), 'good');
    assert.equal(statusTone('constructor'), 'other');
    assert.equal(purposeClass('image'), 'purpose-image');
    assert.equal(purposeClass('x" onclick="y'), 'purpose-other');
  });
});

describe('the API facts', () => {
  test('limits, purposes and the formats of each purpose', () => {
    assert.deepEqual(LIMITS, { maxFiles: 1000, maxFileBytes: 104857600, maxTotalBytes: 10737418240 });
    assert.deepEqual([...PURPOSES], ['file-extract', 'image', 'video', 'batch']);
    assert.deepEqual(Object.keys(FORMATS).sort(), [...PURPOSES].sort());
    for (const list of Object.values(FORMATS)) for (const ext of list) assert.match(ext, /^\.[a-z0-9]+$/);
    assert.ok(FORMATS['file-extract'].includes('.pdf'));
    assert.ok(FORMATS.image.includes('.jpg') && FORMATS.image.includes('.png'));
    assert.ok(!FORMATS.image.includes('.pdf'));
    assert.deepEqual([...FORMATS.batch], ['.jsonl']);
  });

  test('the picker accepts what the purpose takes', () => {
    assert.equal(acceptFor('batch'), '.jsonl');
    assert.match(acceptFor('image'), /(^|,)\.png(,|$)/);
    assert.equal(acceptFor('unknown-purpose'), '');
    assert.equal(extensionOf('Report.PDF'), '.pdf');
    assert.equal(extensionOf('archive.tar.gz'), '.gz');
    assert.equal(extensionOf('README'), '');
    assert.equal(extensionOf('.env'), '.env');
  });

  test("the picker's note: what a purpose takes, the first six and how many more", () => {
    assert.equal(describeAccepted('batch'), 'batch takes .jsonl.');
    assert.match(describeAccepted('file-extract'), /^file-extract takes (\.\w+ ){6}and \d+ more\.$/);
    assert.equal(describeAccepted('unknown-purpose'), '');
  });
});

describe('planUploads', () => {
  const empty = { count: 0, bytes: 0 };

  test('refuses an empty file and one over 100 MiB, and sends the rest', () => {
    const plan = planUploads(
      [
        { name: 'a.txt', size: 10 },
        { name: 'empty.txt', size: 0 },
        { name: 'big.pdf', size: LIMITS.maxFileBytes + 1 },
        { name: 'max.pdf', size: LIMITS.maxFileBytes },
      ],
      empty,
      'file-extract',
    );
    assert.deepEqual(
      plan.map(({ ok }) => ok),
      [true, false, false, true],
    );
    assert.deepEqual(
      plan.map(({ forRoom }) => forRoom),
      [false, false, false, false],
      'deleting files makes no room for these',
    );
    assert.match(plan[1].reason, /empty \(0 bytes\)/);
    assert.match(plan[2].reason, /over the limit of 100 MiB per file/);
  });

  test('counts the account and the batch against 1,000 files', () => {
    const plan = planUploads(
      [
        { name: 'a.md', size: 1 },
        { name: 'b.md', size: 1 },
        { name: 'c.md', size: 1 },
      ],
      { count: 998, bytes: 0 },
      'file-extract',
    );
    assert.deepEqual(
      plan.map(({ ok }) => ok),
      [true, true, false],
    );
    assert.match(plan[2].reason, /more than 1,000 files/);
    assert.deepEqual(
      plan.map(({ forRoom }) => forRoom),
      [false, false, true],
      'refused for room: the page offers to make it',
    );
  });

  test('counts bytes against 10 GiB; a refused file leaves room for a smaller one', () => {
    const plan = planUploads(
      [
        { name: 'big.mp4', size: 60 * MiB },
        { name: 'small.mp4', size: 10 * MiB },
      ],
      { count: 10, bytes: 10 * GiB - 50 * MiB },
      'video',
    );
    assert.deepEqual(
      plan.map(({ ok }) => ok),
      [false, true],
    );
    assert.match(plan[0].reason, /pass 10 GiB in all \(50 MiB left\)/);
    assert.deepEqual(
      plan.map(({ forRoom }) => forRoom),
      [true, false],
    );
  });

  test('refuses a type its purpose does not take, before anything else', () => {
    const plan = planUploads(
      [
        { name: 'notes.xyz', size: 10 },
        { name: 'photo.JPG', size: 10 },
        { name: 'jobs.jsonl', size: 0 },
        { name: 'Makefile', size: 10 },
      ],
      empty,
      'image',
    );
    assert.deepEqual(
      plan.map(({ ok }) => ok),
      [false, true, false, false],
    );
    // What it takes is named: all of it when short, the first eight and a count when long.
    const takes = FORMATS.image.length > 8 ? `${FORMATS.image.slice(0, 8).join(' ')} and ${FORMATS.image.length - 8} more` : FORMATS.image.join(' ');
    assert.equal(plan[0].reason, `Not sent: a .xyz file is not accepted as image (it takes ${takes}).`);
    assert.match(
      planUploads([{ name: 'x.xyz', size: 1 }], empty, 'file-extract')[0].reason,
      /^Not sent: a \.xyz file is not accepted as file-extract \(it takes (\.\w+ ){8}and \d+ more\)\.$/,
    );
    assert.match(plan[2].reason, /a \.jsonl file is not accepted as image/, 'the type is checked before the size');
    assert.match(plan[3].reason, /a file without an extension is not accepted as image/);
    const batch = planUploads([{ name: 'jobs.jsonl', size: 5 }, { name: 'jobs.json', size: 5 }], empty, 'batch');
    assert.deepEqual(batch.map(({ ok }) => ok), [true, false]);
    assert.match(batch[1].reason, /\(it takes \.jsonl\)/);
  });

  test('names a file of the same name and size already there, or earlier in the batch', () => {
    const account = { count: 1, bytes: 100, files: [{ id: 'file-a', filename: 'a.txt', bytes: 100 }] };
    const plan = planUploads(
      [
        { name: 'a.txt', size: 100 },
        { name: 'a.txt', size: 101 },
        { name: 'b.txt', size: 5 },
        { name: 'b.txt', size: 5 },
      ],
      account,
      'file-extract',
    );
    assert.deepEqual(
      plan.map(({ ok, duplicateOf }) => [ok, duplicateOf && (duplicateOf.id ?? 'earlier in the batch')]),
      [
        [true, 'file-a'],
        [true, null],
        [true, null],
        [true, 'earlier in the batch'],
      ],
    );
    assert.equal(plan[3].duplicateOf.filename, 'b.txt', 'the second b.txt repeats the first');
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

  test('filters by purpose, status (ready takes ok) and every word of a search in the name or id', () => {
    const view = (filters) => names(visibleFiles(files, { filters: { purpose: '', status: '', query: '', ...filters }, sort: { key: 'filename', direction: 'ascending' } }));
    assert.deepEqual(view({ purpose: 'image' }), ['b.txt']);
    assert.deepEqual(view({ status: 'error' }), ['A.txt']);
    assert.deepEqual(view({ status: 'ready' }), ['b.txt', 'file9.txt', 'file10.txt'], 'ok counts as ready');
    assert.deepEqual(view({ query: ' FILE1 ' }), ['file10.txt']);
    assert.deepEqual(view({ query: 'file-d' }), ['file9.txt']);
    assert.deepEqual(view({ query: 'txt  file-c' }), ['file10.txt'], 'every word, in any order, in the name or the id');
    assert.deepEqual(view({ query: 'txt nothing' }), []);
    assert.deepEqual(view({ purpose: 'file-extract', status: 'ready' }), ['file10.txt']);
  });

  test('the view goes into the URL and back; defaults are left out, nonsense ignored', () => {
    const view = { sort: { key: 'filename', direction: 'ascending' }, filters: { purpose: 'image', status: 'ready', query: 'roadmap docx' } };
    const search = viewToSearch(view);
    assert.equal(search, '?sort=filename&dir=ascending&purpose=image&status=ready&q=roadmap+docx');
    assert.deepEqual(viewFromSearch(search), view);
    assert.equal(viewToSearch({ sort: { key: 'created_at', direction: 'descending' }, filters: { purpose: '', status: '', query: '' } }), '');
    assert.deepEqual(viewFromSearch('?sort=__proto__&dir=up&status=ok'), {
      sort: { key: 'created_at', direction: 'descending' },
      filters: { purpose: '', status: 'ready', query: '' },
    });
    assert.deepEqual(viewFromSearch('?sort=bytes').sort, { key: 'bytes', direction: 'descending' });
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

  test('computes the rows shown once per change of what they depend on', () => {
    const store = createStore();
    store.loaded([file('a'), file('b', { filename: 'zz.txt' })], store.loading());
    const first = store.visible();
    assert.equal(store.visible(), first, 'the same array while nothing changed');
    store.select(['a'], true);
    assert.equal(store.visible(), first, 'selecting changes no row');
    store.setFilter('query', 'zz');
    assert.deepEqual(store.visible().map((f) => f.id), ['b']);
    assert.equal(store.isVisible('a'), false);
    assert.deepEqual([...store.state.selected], [], 'a hidden file is no longer selected');
  });

  test('a list that brings the same file back keeps its object', () => {
    const store = createStore();
    store.loaded([file('a'), file('b')], store.loading());
    const a = store.get('a');
    const rows = store.visible();
    store.loaded([file('a'), file('b')], store.loading({ quiet: true }));
    assert.equal(store.visible(), rows, 'nothing new: the rows shown are not computed again');
    store.loaded([file('a'), file('b', { status: 'error' })], store.loading());
    assert.equal(store.get('a'), a, 'unchanged: the row drawn from it needs no redraw');
    assert.equal(store.get('b').status, 'error');
  });

  test('a quiet refresh shows no loading, and an upload made while it was out survives its answer', async () => {
    const store = createStore();
    store.loaded([file('a')], store.loading());
    await tick();
    const phases = [];
    store.subscribe((state) => phases.push(state.phase));
    const token = store.loading({ quiet: true });
    store.upsert(file('new'), { fresh: true });
    store.loaded([file('a')], token); // listed before the upload landed
    await tick();
    assert.deepEqual(phases, ['ready']);
    assert.deepEqual([...store.state.files.keys()].sort(), ['a', 'new']);
  });

  test('a cancelled first list leaves nothing to show; a cancelled refresh keeps the table', () => {
    const store = createStore();
    store.loading();
    store.cancelled();
    assert.equal(store.state.phase, 'cancelled');
    store.loaded([file('a')], store.loading());
    store.loading();
    store.cancelled();
    assert.equal(store.state.phase, 'ready');
    assert.equal(store.list().length, 1);
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

describe('errors, as the page shows them', () => {
  // The package's own class of that name (the page tells them apart by instanceof), with these fields.
  const apiError = ({ name, message = 'Invalid Authentication', ...fields }) => new sdk[name](message, fields);

  test('the facts support asks for: status, type, where, the request id and the trace id', () => {
    const described = describeError(
      apiError({
        name: 'AuthenticationError',
        status: 401,
        type: 'invalid_authentication_error',
        requestId: '5f0c2b9e-1d4a-4c3e-9b7a-2e6f8d1c0a3b',
        traceId: '0123456789abcdef0123456789abcdef',
      }),
    );
    assert.equal(described.name, 'AuthenticationError');
    assert.equal(described.message, 'Invalid Authentication');
    assert.deepEqual(described.facts, [
      'HTTP 401',
      'invalid_authentication_error',
      'request 5f0c2b9e-1d4a-4c3e-9b7a-2e6f8d1c0a3b',
      'trace 0123456789abcdef0123456789abcdef',
    ]);
    assert.match(described.hint, /MOONSHOT_API_KEY/);
    assert.deepEqual(
      describeError(apiError({ name: 'InvalidResponseError', message: 'bad', path: 'data[3].bytes' })).facts,
      ['at data[3].bytes'],
    );
  });

  test('a missing id is left out, never shown as "undefined"; anything thrown is described', () => {
    const described = describeError(apiError({ name: 'InternalServerError', status: 502, requestId: '', traceId: null }));
    assert.deepEqual(described.facts, ['HTTP 502']);
    assert.match(described.hint, /could not reach the Files API/);
    assert.equal(failureLine(apiError({ name: 'BadRequestError', message: 'Invalid purpose', requestId: 'r1' })), 'BadRequestError: Invalid purpose (request r1)');
    assert.equal(failureLine(apiError({ name: 'ConnectionError', message: 'refused' })), 'ConnectionError: refused');
    assert.deepEqual(describeError('plain string'), { name: 'Error', message: 'plain string', facts: [], hint: '', requestId: undefined, traceId: undefined });
  });

  test('the client\'s own hint is said once: as the hint where the page has none, never twice', () => {
    const notFound = describeError(
      apiError({ name: 'ConflictError', message: '404 no route (try http://x/v1)', hint: 'try http://x/v1' }),
    );
    assert.equal(notFound.message, '404 no route');
    assert.equal(notFound.hint, 'try http://x/v1');
    const refused = describeError(
      apiError({ name: 'AuthenticationError', message: '401 Invalid Authentication (check the key)', hint: 'check the key' }),
    );
    assert.equal(refused.message, '401 Invalid Authentication', 'the page\'s own hint is more precise');
    assert.match(refused.hint, /server that serves this page/);
  });

  test('the key refused: an AuthenticationError (the package gives every 401 as one), nothing else', () => {
    assert.equal(isKeyRefused(apiError({ name: 'AuthenticationError', status: 401 })), true);
    assert.equal(isKeyRefused(apiError({ name: 'PermissionDeniedError', status: 403 })), false);
    assert.equal(isKeyRefused(Object.assign(new Error('Invalid Authentication'), { name: 'AuthenticationError' })), false, 'by its class, not its name');
    assert.equal(isKeyRefused(null), false);
  });

  test('by class, not by name: an error that only calls itself one gets no hint of that class', () => {
    const lookalike = Object.assign(new Error('Your account is suspended'), { name: 'QuotaExceededError' });
    assert.equal(describeError(lookalike).name, 'QuotaExceededError', 'its name is still shown');
    assert.equal(describeError(lookalike).hint, '');
    assert.match(describeError(apiError({ name: 'QuotaExceededError', message: 'Your account is suspended' })).hint, /topped up/);
  });
});

describe("where the page's server forwards to", () => {
  test('only the origin of an http(s) URL: no path, no user, nothing else', () => {
    assert.equal(upstreamOrigin({ upstream: 'https://api.moonshot.cn' }), 'https://api.moonshot.cn');
    assert.equal(upstreamOrigin({ upstream: 'https://user:sk-secret@api.moonshot.ai/v1?key=x' }), 'https://api.moonshot.ai');
    assert.equal(upstreamOrigin({ upstream: 'http://127.0.0.1:9000' }), 'http://127.0.0.1:9000');
    for (const upstream of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url', 42, null]) assert.equal(upstreamOrigin({ upstream }), null, String(upstream));
    assert.equal(upstreamOrigin(null), null);
  });

  test("asks the page's server, and takes no answer but its JSON", async () => {
    const asked = [];
    const answer = (status, type, body) => async (path, init) => {
      asked.push(path);
      assert.equal(init.cache, 'no-store');
      return new Response(body, { status, headers: { 'content-type': type } });
    };
    assert.deepEqual(await loadServerInfo(answer(200, 'application/json', '{"upstream":"https://api.moonshot.cn","command":"npx moonshot-files ui"}')), {
      upstream: 'https://api.moonshot.cn',
      command: 'npx moonshot-files ui',
      apiVersion: null,
    });
    assert.deepEqual(asked, [INFO_PATH]);
    assert.equal(INFO_PATH, '/__moonshot/info');
    const none = { upstream: null, command: null, apiVersion: null };
    assert.deepEqual(await loadServerInfo(answer(404, 'application/json', '{"error":{"message":"no"}}')), none);
    assert.deepEqual(await loadServerInfo(answer(200, 'text/html', '<!doctype html>')), none, "Vite's page for an unknown path");
    assert.deepEqual(await loadServerInfo(answer(200, 'application/json', '{not json')), none);
    assert.deepEqual(await loadServerInfo(async () => { throw new TypeError('Failed to fetch'); }), none);
  });

  test('how the server is started: a short command line, or nothing', () => {
    assert.equal(serverCommand({ command: 'make demo' }), 'make demo');
    assert.equal(serverCommand({ command: 'npx moonshot-files ui' }), 'npx moonshot-files ui');
    for (const command of [null, 42, '', 'rm -rf / && echo "hi"', 'x'.repeat(61), '<b>make</b>']) {
      assert.equal(serverCommand({ command }), null, String(command));
    }
    assert.equal(serverCommand(null), null);
  });
});
