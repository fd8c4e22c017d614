// The dashboard as a user runs it: scripts/demo.mjs in a child process (the
// mock, or a stand-in "real service"), the page in headless Chromium.
//   node --test tests/dashboard/
// Needs pkg/ built, `npm ci` in www/ and in the workspace (playwright-core), and
// Chromium at /usr/bin/chromium (or CHROMIUM): without it these fail, they never
// skip. Writes test-results/dashboard.png (docs/dashboard.png, the README's
// picture, with UPDATE_SCREENSHOT=1).
//
// Every wait is on the page's state (a row, a badge, a dialog), never a sleep.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock/server.mjs';
import { assertAttacksRefused } from '../support/attacks.mjs';
import { startDemo } from '../support/demo-server.mjs';
import { tokenCookie } from '../support/token-link.mjs';
import {
  MOCK_KEY,
  ROWS,
  SAMPLE_NAMES,
  XSS_NAME,
  bothStarted,
  chromiumOrFail,
  collator,
  namesOf,
  openDashboard,
  rowNamed,
  shownCount,
  startDashboard,
  waitForRows,
  waitForUpload,
  watchedPage,
} from '../support/dashboard-page.mjs';

const SCREENSHOT = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOT ? '../../docs/dashboard.png' : '../../test-results/dashboard.png', import.meta.url),
);

/** A raw HTTP request (fetch would not let a test set Host or an unnormalized path). */
function request(url, { method = 'GET', headers = {}, path } = {}) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, method, path: path ?? target.pathname + target.search, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject).end();
  });
}

describe('the dashboard against the mock', () => {
  let demo;
  let browser;
  let control;
  let mockLog;
  let dashboard;

  before(async () => {
    dashboard = await startDashboard();
    ({ demo, browser, control, mockLog } = dashboard);
  });

  after(async () => {
    await dashboard?.stop();
  });

  test('prints where it serves, what it is against, and where the mock is controlled', () => {
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    assert.equal(demo.origin, new URL(demo.url).origin);
    assert.equal(demo.against, 'against the mock with sample files');
    assert.equal(`${demo.mockOrigin}/v1`, demo.upstream);
  });

  test('loads the sample files and the summary, names as text, the key nowhere', async () => {
    await control('reset');
    const { page, seen, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);

    const names = await namesOf(page);
    assert.deepEqual([...names].sort(), [...SAMPLE_NAMES].sort());
    // Newest first: the API lists oldest first.
    assert.equal(names[0], 'customer-interviews.md');
    assert.equal(names.at(-1), 'quarterly-report-2026.pdf');
    assert.equal(await page.locator('#files [aria-sort]').getAttribute('data-sort'), 'created_at');
    assert.equal(await page.locator('#result-count').textContent(), '9 files');

    // The XSS-named file is text: no element was made from it, nothing ran.
    assert.equal(await page.locator('img:not(.logo)').count(), 0);
    // Dates with their time; the raw status where it was reported differently (ok shows as ready).
    assert.equal(await rowNamed(page, 'product-roadmap.docx').locator('.badge').textContent(), 'ready');
    assert.equal(await rowNamed(page, 'product-roadmap.docx').locator('.badge').getAttribute('title'), 'Reported as "ok"');
    assert.equal(await rowNamed(page, XSS_NAME).count(), 1);

    // A row's cells: id (with a copy button), purpose, status with details, size, date.
    const contract = rowNamed(page, 'scanned-contract.pdf');
    const id = await contract.getAttribute('data-id');
    assert.match(id, /^[a-z0-9]{20}$/);
    assert.equal(await contract.locator('.id code').textContent(), id);
    assert.equal(await contract.getByRole('button', { name: `Copy id ${id}` }).count(), 1);
    assert.equal(await contract.locator('.purpose-cell').textContent(), 'file-extract');
    assert.equal(await contract.locator('.badge').textContent(), 'error');
    assert.match(await contract.locator('.details').textContent(), /no text layer/);
    assert.equal(await contract.locator('.details').getAttribute('title'), await contract.locator('.details').textContent());
    assert.equal(await contract.locator('.size').textContent(), '8 MiB');
    assert.equal(await contract.locator('.size').getAttribute('title'), '8,388,912 bytes');
    const time = contract.locator('time');
    assert.equal(await time.textContent(), 'Aug 30, 2026, 8:11 AM');
    assert.match(await time.getAttribute('datetime'), /^2026-08-30T08:11:00/);
    assert.match(await time.getAttribute('title'), /^\d+ (weeks|months) ago$/);

    // The summary: meters of the limits, and the files by purpose.
    assert.equal(await page.locator('#files-used').textContent(), '9 of 1,000');
    assert.equal(await page.locator('#files-meter').evaluate((m) => [m.value, m.max].join('/')), '9/1000');
    assert.equal(await page.locator('#bytes-used').textContent(), '56.9 MiB of 10 GiB');
    assert.equal(await page.locator('#bytes-meter').evaluate((m) => m.max), 10 * 1024 ** 3);
    const chart = await page.locator('#purpose-chart li').evaluateAll((items) =>
      items.map((li) => [li.querySelector('.chart-label').textContent, li.querySelector('.chart-value strong').textContent]),
    );
    assert.deepEqual(chart, [
      ['file-extract', '6'],
      ['video', '1'],
      ['image', '1'],
      ['batch', '1'],
    ]);

    await done();
    const withAuth = seen.requests.filter(({ headers }) => 'authorization' in headers);
    assert.deepEqual(withAuth, [], 'no request from the page carries an Authorization header');
    assert.ok(seen.requests.some(({ url }) => url === `${demo.origin}/v1/files`), 'the page called the proxy');
    // The mock got the list call from the proxy, with the key.
    const lists = (await mockLog()).filter((entry) => entry.method === 'GET' && entry.path === '/v1/files');
    assert.ok(lists.length >= 1);
    assert.ok(lists.every((entry) => entry.headers.authorization === 'valid'));
  });

  test("the README's picture: the files, and uploads in progress on a slow link", async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser, { width: 1280, height: 1000 });
    await openDashboard(page, demo.url);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 768 * 1024 });
    await page.setInputFiles('#file-input', [
      { name: 'q4-board-deck.pptx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(12 * 1024 * 1024, 3) },
      { name: 'support-tickets-2026.csv', mimeType: 'text/csv', buffer: Buffer.alloc(5 * 1024 * 1024, 44) },
      { name: 'render-final.exr', mimeType: 'application/octet-stream', buffer: Buffer.from('exr') },
    ]);
    // Both uploads under way, with a speed and a time left.
    await page.waitForFunction(
      () => document.querySelectorAll('.batch-item .batch-numbers').length === 3 &&
        [...document.querySelectorAll('.batch-item[data-state="uploading"] .batch-numbers')].filter((n) => / · [1-9]\d% · .* s left$/.test(n.textContent)).length === 2,
      null,
      { timeout: 60_000 },
    );
    assert.match(await page.locator('#batch-rate').textContent(), /^\d+% · [\d.]+ MiB of 17 MiB · [\d.]+ KiB\/s · .* left$/);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
    await page.locator('#batch-cancel').click();
    await page.waitForFunction(() => !document.querySelector('.batch-item[data-state="uploading"]'));
    await done(/Failed to load resource/);
  });

  test('sorts by every column, both ways, from the header buttons', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);

    // What each column sorts by, read back from the rows, and how to compare it.
    const text = (a, b) => collator.compare(a, b);
    const number = (a, b) => a - b;
    const columns = { filename: text, id: text, purpose: text, status: text, bytes: number, created_at: number };
    const valuesOf = (key) =>
      page.locator(ROWS).evaluateAll(
        (rows, k) =>
          rows.map((tr) => {
            if (k === 'filename') return tr.querySelector('.name-button').textContent;
            if (k === 'id') return tr.dataset.id;
            if (k === 'purpose') return tr.querySelector('.purpose-cell').textContent;
            if (k === 'status') return tr.querySelector('.badge').textContent;
            if (k === 'bytes') return Number(tr.querySelector('.size').title.replace(/\D/g, ''));
            return Date.parse(tr.querySelector('time').dateTime);
          }),
        key,
      );
    const before = await namesOf(page);
    for (const [key, compare] of Object.entries(columns)) {
      const header = page.locator(`#files [data-sort="${key}"]`);
      for (const click of [1, 2]) {
        const was = await header.getAttribute('aria-sort');
        await header.locator('button').click();
        await page.waitForFunction(
          ([k, w]) => {
            const now = document.querySelector(`#files [data-sort="${k}"]`).getAttribute('aria-sort');
            return now !== null && now !== w;
          },
          [key, was],
        );
        const direction = await header.getAttribute('aria-sort');
        const got = await valuesOf(key);
        const sorted = [...got].sort(compare);
        if (direction === 'descending') sorted.reverse();
        assert.deepEqual(got, sorted, `${key} ${direction} (click ${click})`);
        assert.equal(await page.locator('#files [aria-sort]').count(), 1);
      }
    }
    // Name and size: the orders people check by eye.
    await page.locator('#files [data-sort="filename"] button').click();
    await page.waitForFunction(() => document.querySelector('#files [data-sort="filename"]').getAttribute('aria-sort') === 'ascending');
    const byName = await namesOf(page);
    assert.deepEqual(byName, [...SAMPLE_NAMES].sort(collator.compare));
    assert.notDeepEqual(byName, before);
    // By keyboard: the header buttons are real buttons (in the grid, reached by the arrows).
    await page.locator('#files [data-sort="bytes"] button').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#files [data-sort="bytes"]').getAttribute('aria-sort') === 'descending');
    assert.equal((await namesOf(page))[0], 'product-demo.mp4');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('#files [data-sort="bytes"]').getAttribute('aria-sort') === 'ascending');
    assert.equal((await namesOf(page))[0], XSS_NAME);
    await done();
  });

  test('filters by purpose and status, searches by name, copies an id', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await openDashboard(page, demo.url);
    const sortedNames = async () => (await namesOf(page)).sort(collator.compare);

    assert.equal(await page.locator('#filter-purpose option[value="image"]').textContent(), 'image (1)');
    await page.selectOption('#filter-purpose', 'image');
    await waitForRows(page, 1);
    assert.deepEqual(await namesOf(page), ['architecture-diagram.png']);
    assert.equal(await page.locator('#result-count').textContent(), '1 of 9 files shown');

    // One "ready" for ok and ready.
    assert.deepEqual(await page.locator('#filter-status option').allTextContents(), ['All statuses', 'ready (7)', 'processing (1)', 'error (1)']);
    await page.selectOption('#filter-purpose', 'file-extract');
    await waitForRows(page, 6);
    await page.selectOption('#filter-status', 'ready');
    await waitForRows(page, 4);
    assert.deepEqual(await sortedNames(), [XSS_NAME, 'meeting-notes.txt', 'product-roadmap.docx', 'quarterly-report-2026.pdf']);

    await page.selectOption('#filter-purpose', '');
    await page.selectOption('#filter-status', 'error');
    await waitForRows(page, 1);
    assert.deepEqual(await namesOf(page), ['scanned-contract.pdf']);

    await page.selectOption('#filter-status', '');
    await page.locator('#search').fill('PRODUCT');
    await waitForRows(page, 2);
    assert.deepEqual(await sortedNames(), ['product-demo.mp4', 'product-roadmap.docx']);
    await page.locator('#search').fill('<img');
    await waitForRows(page, 1);
    assert.deepEqual(await namesOf(page), [XSS_NAME]);
    // Every word, anywhere in the name: "roadmap docx" finds product-roadmap.docx.
    await page.locator('#search').fill('roadmap docx');
    await waitForRows(page, 1);
    assert.deepEqual(await namesOf(page), ['product-roadmap.docx']);

    // The view is in the URL: a reload shows the same one.
    await page.selectOption('#filter-purpose', 'file-extract');
    await page.locator('#files [data-sort="bytes"] button').click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'bytes');
    assert.deepEqual(Object.fromEntries(new URL(page.url()).searchParams), { sort: 'bytes', dir: 'descending', purpose: 'file-extract', q: 'roadmap docx' });
    await page.reload();
    await waitForRows(page, 1);
    assert.equal(await page.locator('#search').inputValue(), 'roadmap docx');
    assert.equal(await page.locator('#filter-purpose').inputValue(), 'file-extract');
    assert.equal(await page.locator('#files [aria-sort]').getAttribute('data-sort'), 'bytes');
    await page.selectOption('#filter-purpose', '');

    await page.locator('#search').fill('no such file');
    await page.locator('.no-match').waitFor();
    assert.equal(await page.locator('#table-wrap').isHidden(), true);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await waitForRows(page, 9);
    assert.equal(new URL(page.url()).search, '?sort=bytes&dir=descending', 'the sort stays; the filters went');
    assert.equal(await page.locator('#search').inputValue(), '');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search');

    // "/" jumps to the search box from anywhere outside a field.
    await page.locator('#files-heading').focus();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search');

    // The copy button puts the id on the clipboard, and says so.
    const row = rowNamed(page, 'meeting-notes.txt');
    const id = await row.getAttribute('data-id');
    await row.getByRole('button', { name: `Copy id ${id}` }).click();
    await page.locator('.notice').getByText(`Copied ${id}`).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), id);
    await done();
  });

  test('uploads a file, polls it until ready, shows its text in the panel, deletes it', async () => {
    await control('reset');
    const { page, seen, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    const NAME = 'hello-dashboard.txt';
    const TEXT = "<script>alert('upload')</script>\nHello from the dashboard test.\n";

    // Every status the new row shows, in order (the mock keeps uploads processing for a while).
    await page.evaluate((name) => {
      window.statusesSeen = [];
      const record = () => {
        for (const tr of document.querySelectorAll('#files .grid-body [role=row]')) {
          if (tr.querySelector('.name-button')?.textContent !== name) continue;
          const status = tr.querySelector('.badge').textContent;
          if (window.statusesSeen.at(-1) !== status) window.statusesSeen.push(status);
        }
      };
      new MutationObserver(record).observe(document.querySelector('#files .grid-body'), { childList: true, subtree: true, characterData: true });
    }, NAME);

    await page.selectOption('#upload-purpose', 'file-extract');
    await page.setInputFiles('#file-input', { name: NAME, mimeType: 'text/plain', buffer: Buffer.from(TEXT) });
    const row = rowNamed(page, NAME);
    await row.locator('.badge').getByText('ready', { exact: true }).waitFor();
    await waitForUpload(page, 'done');
    assert.deepEqual(await page.evaluate(() => window.statusesSeen), ['processing', 'ready']);
    assert.equal(await page.locator('#batch-status').textContent(), '1 file uploaded');
    assert.match(await page.locator('#batch-counts').textContent(), /^1 done$/);
    assert.equal(await shownCount(page), 10);
    assert.equal(await page.locator('#files-used').textContent(), '10 of 1,000');
    assert.equal((await namesOf(page))[0], NAME, 'the newest file comes first');

    const id = await row.getAttribute('data-id');
    const log = await mockLog();
    const uploads = log.filter((entry) => entry.method === 'POST' && entry.path === '/v1/files');
    const sha256 = createHash('sha256').update(TEXT).digest('hex');
    assert.deepEqual(uploads.map((entry) => entry.upload), [{ filename: NAME, purpose: 'file-extract', bytes: Buffer.byteLength(TEXT), sha256 }]);
    // Followed by listing (one call for every file processing), not by a call per file.
    const lists = log.filter((entry) => entry.method === 'GET' && entry.path === '/v1/files');
    assert.ok(lists.length >= 2, 'the page listed again until the file was ready');
    assert.equal(log.filter((entry) => entry.method === 'GET' && entry.path.startsWith('/v1/files/')).length, 0, 'no call per file');

    // Its text, in the side panel, as text; Esc closes it and the focus comes back.
    await row.locator('button.name-button').click();
    const panel = page.locator('#panel');
    await panel.locator('pre.extracted').waitFor();
    assert.equal(await panel.locator('#panel-title').textContent(), NAME);
    assert.equal(await panel.locator('pre.extracted').textContent(), TEXT);
    assert.equal(await page.evaluate(() => document.getElementById('panel').contains(document.activeElement)), true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.textContent), NAME);

    // Delete it, after a confirmation that names it.
    await row.getByRole('button', { name: `Delete ${NAME}` }).click();
    const confirm = page.locator('#confirm');
    await confirm.waitFor();
    assert.equal(await confirm.locator('#confirm-title').textContent(), 'Delete this file?');
    assert.deepEqual(await confirm.locator('.confirm-name').allTextContents(), [NAME]);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-cancel');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal(await shownCount(page), 9);
    await page.locator('.notice').getByText(`Deleted ${NAME}`).waitFor();
    assert.equal(await page.locator('#files-used').textContent(), '9 of 1,000');
    const deletes = (await mockLog()).filter((entry) => entry.method === 'DELETE');
    assert.deepEqual(deletes.map((entry) => [entry.path, entry.status]), [[`/v1/files/${id}`, 200]]);
    assert.ok(!seen.requests.some(({ url }) => url.includes(MOCK_KEY)));
    await done();
  });

  test('takes files dropped on the page; refuses an empty one before sending it', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    await page.selectOption('#upload-purpose', 'batch');
    // What a drag from the desktop does: dragenter shows where the files go, drop hands them over.
    const drop = (type) =>
      page.evaluate((eventType) => {
        const data = new DataTransfer();
        data.items.add(new File([], 'empty.jsonl', { type: 'application/jsonl' }));
        data.items.add(new File(['{"custom_id":"1"}\n'], 'jobs.jsonl', { type: 'application/jsonl' }));
        document.querySelector('main').dispatchEvent(new DragEvent(eventType, { dataTransfer: data, bubbles: true, cancelable: true }));
      }, type);
    await drop('dragenter');
    assert.equal(await page.locator('#drop-overlay').isVisible(), true);
    assert.equal(await page.locator('#drop-purpose').textContent(), 'batch');
    await drop('drop');
    assert.equal(await page.locator('#drop-overlay').isHidden(), true);

    await waitForUpload(page, 'done');
    const refused = page.locator('.batch-item[data-state="failed"]');
    assert.equal(await refused.locator('.batch-name').textContent(), 'empty.jsonl');
    assert.match(await refused.locator('.batch-reason').textContent(), /^Not sent: the file is empty/);
    assert.equal(await page.locator('#batch-status').textContent(), '1 of 2 files uploaded, 1 failed');
    await waitForRows(page, 10);
    assert.equal(await rowNamed(page, 'jobs.jsonl').locator('.purpose-cell').textContent(), 'batch');
    const uploads = (await mockLog()).filter((entry) => entry.method === 'POST').map((entry) => entry.upload.filename);
    assert.deepEqual(uploads, ['jobs.jsonl'], 'the empty file was never sent');

    await page.getByRole('button', { name: 'Clear finished' }).click();
    await page.locator('#batch').waitFor({ state: 'hidden' });
    await done();
  });

  test('deletes several files at once, after a confirmation naming them all', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    const chosen = ['meeting-notes.txt', 'product-demo.mp4'];
    for (const name of chosen) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    assert.equal(await page.locator('#selected-count').textContent(), '2');
    assert.equal(await page.locator('#select-all').evaluate((box) => box.indeterminate), true);

    // Esc (or Cancel) deletes nothing.
    await page.locator('#delete-selected').click();
    const confirm = page.locator('#confirm');
    await confirm.waitFor();
    assert.equal(await confirm.locator('#confirm-title').textContent(), 'Delete 2 files?');
    assert.deepEqual((await confirm.locator('.confirm-name').allTextContents()).sort(), chosen);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    assert.equal(await shownCount(page), 9);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'delete-selected');

    await page.locator('#delete-selected').click();
    await confirm.getByRole('button', { name: 'Delete 2 files' }).click();
    await waitForRows(page, 7);
    for (const name of chosen) assert.equal(await rowNamed(page, name).count(), 0);
    assert.equal(await page.locator('#files-used').textContent(), '7 of 1,000');
    assert.equal(await page.locator('#delete-selected').isDisabled(), true);
    await page.locator('.notice').getByText('Deleted 2 files').waitFor();

    // "Select all" takes every row shown, and only those.
    await page.selectOption('#filter-purpose', 'file-extract');
    await waitForRows(page, 5);
    await page.locator('#select-all').check();
    assert.equal(await page.locator('#selected-count').textContent(), '5');
    await page.selectOption('#filter-purpose', 'image');
    await waitForRows(page, 1);
    assert.equal(await page.locator('#selected-count').textContent(), '');
    await done();
  });

  test('deletes several at once: a file already gone counts as deleted, one the service refuses stays with why', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    const auth = { authorization: `Bearer ${MOCK_KEY}` };
    const { data } = await (await fetch(`${demo.mockOrigin}/v1/files`, { headers: auth })).json();
    const idOf = (name) => data.find((file) => file.filename === name).id;
    const [gone, refused, fine] = ['meeting-notes.txt', 'product-demo.mp4', 'architecture-diagram.png'];
    // Deleted elsewhere since the page listed it: its delete is the service's 404.
    assert.equal((await fetch(`${demo.mockOrigin}/v1/files/${idOf(gone)}`, { method: 'DELETE', headers: auth })).status, 200);
    const logged = (await mockLog()).length;
    const reason = 'This file is used by a running batch job';
    await control('faults', { method: 'DELETE', path: `/v1/files/${idOf(refused)}`, status: 400, json: { error: { message: reason, type: 'invalid_request_error' } } });

    for (const name of [gone, refused, fine]) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await page.locator('#delete-selected').click();
    await page.locator('#confirm').getByRole('button', { name: 'Delete 3 files' }).click();
    await waitForRows(page, SAMPLE_NAMES.length - 2);
    assert.equal(await rowNamed(page, gone).count(), 0, 'already gone: what was asked for');
    assert.equal(await rowNamed(page, fine).count(), 0);
    await page.locator('.notice').getByText('Deleted 2 files').waitFor();

    // The refused one stays, usable again, and the notice says why, with the service's ids.
    await page.locator(`${ROWS}:not([aria-busy])`, { hasText: refused }).waitFor();
    assert.equal(await rowNamed(page, refused).getByRole('button', { name: `Delete ${refused}` }).isDisabled(), false);
    const notice = page.locator('.notice-error');
    assert.equal(await notice.locator('.notice-title').textContent(), `Could not delete ${refused}`);
    assert.equal(await notice.locator('.error-name').textContent(), 'BadRequestError');
    assert.match(await notice.locator('.notice-detail').first().textContent(), new RegExp(`${reason}$`));
    assert.match(await notice.locator('.notice-facts').textContent(), /^HTTP 400 · invalid_request_error · request [0-9a-f-]{36} · trace [0-9a-f]{32}$/);

    // The page's deletes: one each, none sent again.
    const deletes = (await mockLog()).slice(logged).filter((entry) => entry.method === 'DELETE');
    assert.deepEqual(
      deletes.map((entry) => [entry.path.split('/').at(-1), entry.status]).sort(),
      [[idOf(gone), 404], [idOf(refused), 400], [idOf(fine), 200]].sort(),
    );
    await done(/Failed to load resource/);
  });

  test('the panel says why a file has no text, and shows markup as text', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    const panel = page.locator('#panel');

    const cases = [
      ['product-demo.mp4', '.note-title', /^Only file-extract files have extracted text\. This file was uploaded for video\.$/],
      ['scanned-contract.pdf', '.note-detail', /no text layer/],
      ['customer-interviews.md', '.loading', /still extracting/],
    ];
    for (const [name, selector, expected] of cases) {
      const opener = rowNamed(page, name).locator('button.name-button');
      await opener.click();
      await panel.locator(selector).waitFor();
      assert.match(await panel.locator(selector).textContent(), expected, name);
      await panel.getByRole('button', { name: 'Close the panel' }).click();
      await panel.waitFor({ state: 'hidden' });
      assert.equal(await page.evaluate(() => document.activeElement.textContent), name);
    }

    await rowNamed(page, XSS_NAME).locator('button.name-button').click();
    await panel.locator('pre.extracted').waitFor();
    assert.equal(await panel.locator('#panel-title').textContent(), XSS_NAME);
    assert.match(await panel.locator('pre.extracted').textContent(), /^<script>alert\('content'\)<\/script>\n/);
    assert.equal(await panel.locator('script, img').count(), 0);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await done();
  });

  test("the panel downloads a file's stored bytes under its name, and says why a file-extract file has none", async () => {
    await control('reset');
    // 256 random bytes (a NUL among them: no text whatever the draw), uploaded for batch.
    const bytes = randomBytes(256);
    bytes[100] = 0;
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([bytes]), 'random.bin');
    const created = await fetch(`${demo.mockOrigin}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${MOCK_KEY}` }, body: form });
    assert.equal(created.status, 200);
    const { id } = await created.json();
    const sha256 = (data) => createHash('sha256').update(data).digest('hex');

    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url, SAMPLE_NAMES.length + 1);
    const panel = page.locator('#panel');
    await rowNamed(page, 'random.bin').locator('button.name-button').click();
    assert.equal(
      await panel.locator('.note-detail').textContent(),
      'The service keeps its bytes as they were uploaded: Download, above, saves them.',
    );
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download random.bin' }).click()]);
    assert.equal(download.suggestedFilename(), 'random.bin');
    assert.equal(sha256(readFileSync(await download.path())), sha256(bytes));
    await page.locator('.notice').getByText('Downloaded random.bin', { exact: true }).waitFor();
    // Through the library's files.download: the content call, once.
    const content = (await mockLog()).filter((entry) => entry.path === `/v1/files/${id}/content`);
    assert.deepEqual(content.map((entry) => [entry.method, entry.status]), [['GET', 200]]);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    // A file-extract file: no button, and the reason in plain words.
    await rowNamed(page, 'meeting-notes.txt').locator('button.name-button').click();
    await panel.locator('pre.extracted').waitFor();
    assert.equal(
      await panel.locator('.download-none').textContent(),
      'Not offered: for a file-extract file the service keeps the text it extracted, not the uploaded bytes.',
    );
    assert.equal(await panel.getByRole('button', { name: /^Download/ }).count(), 0);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    // A download the service refuses (the mock keeps no bytes past 1 MiB): said, with the error.
    await rowNamed(page, 'product-demo.mp4').locator('button.name-button').click();
    await panel.getByRole('button', { name: 'Download product-demo.mp4' }).click();
    const failed = page.locator('.notice-error').filter({ hasText: 'Could not download product-demo.mp4' });
    await failed.waitFor();
    assert.equal(await failed.locator('.notice-title').textContent(), 'Could not download product-demo.mp4');
    assert.equal(await failed.locator('.error-name').textContent(), 'BadRequestError');
    // Every message in the page's words, none with an escape or a placeholder left in it.
    const shown = await page.locator('#panel, #notices').evaluateAll((nodes) => nodes.map((node) => node.textContent).join('\n'));
    assert.doesNotMatch(shown, /\\n|\$\{|undefined|\[object /);
    await done(/Failed to load resource/);
  });

  test('the panel copies the id, keeps the raw status, and clamps long details with a way to read them whole', async () => {
    const details = `text extraction failed: ${'page 7 has an image layer only; '.repeat(12)}end of details`;
    await control('reset', {
      seed: [
        { filename: 'long-details.pdf', status: 'error', status_details: details },
        { filename: 'short.docx', status: 'ok' },
      ],
    });
    const { page, done } = await watchedPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await openDashboard(page, demo.url, 2);
    // In the table: one line, the whole text on hover, the row as high as any other.
    const row = rowNamed(page, 'long-details.pdf');
    assert.equal(await row.locator('.details').getAttribute('title'), details);
    const heights = await page.locator(ROWS).evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    assert.equal(new Set(heights).size, 1, `rows of one height: ${heights}`);

    await row.locator('.name-button').click();
    const panel = page.locator('#panel');
    await panel.locator('.note-detail').waitFor();
    const text = panel.locator('.panel-meta .long-text');
    assert.equal(await text.textContent(), details);
    const toggle = panel.getByRole('button', { name: 'Show all' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    const clamped = (await text.boundingBox()).height;
    await toggle.click();
    assert.equal(await panel.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded'), 'true');
    assert.ok((await text.boundingBox()).height > clamped, 'the whole text shows');

    // Copy the id from the panel.
    const id = await row.getAttribute('data-id');
    await panel.getByRole('button', { name: `Copy id ${id}` }).click();
    await page.locator('.notice').getByText(`Copied ${id}`).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), id);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), `Copy id ${id}`, 'the focus stays on Copy');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    // ok is shown as ready, the raw value kept in the details.
    await rowNamed(page, 'short.docx').locator('.name-button').click();
    await panel.locator('#panel-title').getByText('short.docx').waitFor();
    assert.equal(await panel.locator('.panel-meta .badge').textContent(), 'ready');
    assert.match(await panel.locator('.panel-meta').textContent(), /reported as "ok"/);
    await page.keyboard.press('Escape');
    await done();
  });

  test('shows errors by class, message and hint, as text, and recovers', async () => {
    await control('reset');
    const cases = [
      {
        label: 'a 401',
        fault: {
          method: 'GET',
          path: '/v1/files',
          status: 401,
          json: { error: { message: 'Invalid Authentication <b>key</b>', type: 'invalid_authentication_error' } },
        },
        name: 'AuthenticationError',
        // The service's words alone: the client's own hint (where the key is
        // added) is not repeated after them, the page's hint says it once.
        message: /^(?:401 )?Invalid Authentication <b>key<\/b>$/,
        hint: /MOONSHOT_API_KEY/,
        // The ids support asks for, as the service sends them (Msh-Request-Id, X-Msh-Trace-Id).
        facts: /^HTTP 401 · invalid_authentication_error · request [0-9a-f-]{36} · trace [0-9a-f]{32}$/,
        title: / The API key was refused$/,
      },
      {
        label: 'a rate limit, still there after the retries',
        fault: { method: 'GET', path: '/v1/files', status: 429, times: 2, headers: { 'retry-after-ms': '1' } },
        name: 'RateLimitError',
        message: /./,
        hint: /^The service's rate limit .*was still reached after waiting for it\. Try again /,
        facts: /^HTTP 429 · rate_limit_reached_error · request [0-9a-f-]{36} · trace [0-9a-f]{32}$/,
        title: / Could not list the files$/,
      },
      {
        label: 'the mock dropping the connection',
        fault: { method: 'GET', path: '/v1/files', times: 2, action: 'drop-before-headers' },
        name: 'InternalServerError',
        message: /could not reach the API/,
        hint: /could not reach the Files API/,
        facts: /^HTTP 502 · server_error/,
        title: / Could not list the files$/,
      },
      {
        label: 'no server at all',
        route: true,
        name: 'ConnectionError',
        message: /./,
        hint: /still running/,
        facts: /^$/,
        title: / Could not list the files$/,
      },
    ];
    for (const { label, fault, route, name, message, hint, facts, title } of cases) {
      const { page, done } = await watchedPage(browser);
      if (fault) await control('faults', fault);
      // The page's server is "down" for the list call until `down` is false.
      let down = Boolean(route);
      if (route) await page.route('**/v1/files', (r) => (down ? r.abort('connectionrefused') : r.fallback()));
      await page.goto(demo.url);
      const error = page.locator('#state .error');
      await error.waitFor();
      assert.equal(await error.getAttribute('role'), 'alert', label);
      assert.equal(await error.locator('.error-name').textContent(), name, label);
      assert.match(await error.locator('.error-title').textContent(), title, label);
      assert.match(await error.locator('.error-message').textContent(), message, label);
      assert.match(await error.locator('.error-hint').textContent(), hint, label);
      // (allTextContents does not wait: a ConnectionError has no facts line at all.)
      assert.match((await error.locator('.error-facts').allTextContents()).join(''), facts, label);
      assert.equal(await page.locator('b').count(), 0, label);
      assert.equal(await page.locator('#table-wrap').isHidden(), true, label);
      assert.equal(await page.locator('#refresh').isEnabled(), true, label);

      // The fault is used up (one try and one retry): trying again lists the files.
      down = false;
      await error.getByRole('button', { name: 'Try again' }).click();
      await waitForRows(page, SAMPLE_NAMES.length);
      assert.equal(await page.locator('#state .error').count(), 0, label);
      // Chromium logs failed loads itself; nothing else may be logged.
      await done(/Failed to load resource/);
    }
  });

  test('shows a loading state while the list is on its way', async () => {
    await control('reset');
    // The list is held at the service until the test lets it go (a request
    // without the key takes the fault's second use), however slow the machine.
    await control('faults', { method: 'GET', path: '/v1/files', times: 2, together: true });
    const { page, done } = await watchedPage(browser);
    await page.goto(demo.url);
    await page.locator('#state .loading').getByText('Loading files…').waitFor();
    assert.equal(await page.locator('#summary').getAttribute('aria-busy'), 'true');
    assert.equal(await page.locator('#refresh').isEnabled(), true, 'Refresh is never disabled');
    assert.equal(await page.locator('#state').getByRole('button', { name: 'Cancel' }).count(), 1);
    assert.equal((await fetch(`${demo.mockOrigin}/v1/files`)).status, 401);
    await waitForRows(page, SAMPLE_NAMES.length);
    assert.equal(await page.locator('#state .loading').count(), 0);
    assert.equal(await page.locator('#summary').getAttribute('aria-busy'), 'false');
    await done();
  });

  test('shows the empty state when the account has no files', async () => {
    await control('reset', { seed: 'none' });
    try {
      const { page, done } = await watchedPage(browser);
      await page.goto(demo.url);
      await page.locator('.empty').waitFor();
      assert.equal(await page.locator('.empty-title').textContent(), 'No files yet');
      assert.equal(await page.locator('#files-used').textContent(), '0 of 1,000');
      assert.equal(await page.locator('#purpose-chart').textContent(), 'No files yet.');
      assert.equal(await page.locator('#table-wrap').isHidden(), true);
      assert.equal(await page.locator('.empty').getByRole('button', { name: 'Choose files' }).count(), 1);
      await done();
    } finally {
      await control('reset');
    }
  });
});

describe('the dashboard with a wrong API key', () => {
  let mock;
  let demo;
  let browser;

  before(async () => {
    mock = await startMockServer({ apiKey: 'sk-the-right-key' });
    [demo, browser] = await bothStarted(startDemo({ MOONSHOT_API_KEY: 'sk-a-wrong-key', MOONSHOT_BASE_URL: mock.url }), chromiumOrFail());
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await mock?.close();
  });

  test('says the key was refused, by which service, what to set, and the request to quote; never a blank page', async () => {
    // The key this server holds is the wrong one: that is the one no answer may carry.
    const { page, done } = await watchedPage(browser, { key: 'sk-a-wrong-key' });
    await page.goto(demo.url);
    const error = page.locator('#state .error.key-refused');
    await error.waitFor();
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.equal(await error.locator('.error-name').textContent(), 'AuthenticationError');
    assert.equal(await error.locator('.error-title').textContent(), 'AuthenticationError The API key was refused');
    assert.match(await error.locator('.error-message').textContent(), /Invalid Authentication/);
    assert.match(await error.locator('.error-hint').textContent(), /^Set MOONSHOT_API_KEY to a valid key where this page’s server runs \(MOONSHOT_API_KEY=sk-… make demo\), restart it/);
    // What the page talks to: the service's origin, here and in the header; never the key.
    const origin = new URL(mock.url).origin;
    await error.locator('.error-upstream').getByText(origin).waitFor();
    assert.equal(await page.locator('#upstream .upstream-origin').textContent(), origin);
    assert.equal(await page.locator('#footer-upstream .upstream-origin').textContent(), origin);
    assert.ok(!(await page.content()).includes('sk-a-wrong-key'), 'the key is nowhere in the page');
    // The ids the service gave the refused list call, to quote to support.
    const [list] = mock.requests().filter((entry) => entry.method === 'GET' && entry.path === '/v1/files');
    assert.equal(await error.locator('.error-facts').textContent(), `HTTP 401 · invalid_authentication_error · request ${list.requestId} · trace ${list.traceId}`);
    assert.equal(await page.locator('#table-wrap').isHidden(), true);
    assert.ok(mock.requests().every((entry) => entry.headers.authorization === 'invalid'));
    await done(/Failed to load resource/);
  });
});

describe('the proxy, against a stand-in for the real service', () => {
  const UPSTREAM_KEY = 'sk-test-upstream-key';
  const received = [];
  let upstream;
  let demo;
  // The cookie the printed URL sets: what the page's calls carry.
  let cookie;

  before(async () => {
    upstream = http.createServer((req, res) => {
      received.push({ method: req.method, url: req.url, headers: req.headers });
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': 'session=upstream; Path=/',
        'access-control-allow-origin': '*',
        'x-request-id': 'req-upstream',
      });
      res.end(JSON.stringify({ object: 'list', data: [] }));
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${upstream.address().port}/v1`;
    demo = await startDemo({ MOONSHOT_API_KEY: UPSTREAM_KEY, MOONSHOT_BASE_URL: base });
    cookie = await tokenCookie(demo.url);
  });

  after(async () => {
    await demo?.stop();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve) ?? resolve());
  });

  test('uses MOONSHOT_API_KEY and MOONSHOT_BASE_URL, and never prints the key', () => {
    assert.match(demo.against, /^against http:\/\/127\.0\.0\.1:\d+\/v1 with MOONSHOT_API_KEY$/);
    assert.ok(!demo.output().includes(UPSTREAM_KEY));
  });

  test('listens on loopback only', async () => {
    const { port } = new URL(demo.url);
    // Bound to 127.0.0.1, not to every address: 127.0.0.2 reaches the same
    // machine by another address, as the machine's other interfaces would.
    const others = ['127.0.0.2', ...Object.values(networkInterfaces()).flat().filter((i) => i.family === 'IPv4' && !i.internal).map((i) => i.address)];
    for (const host of others) {
      const refused = await new Promise((resolve) => {
        const socket = connect({ host, port: Number(port) });
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', (err) => resolve(err.code === 'ECONNREFUSED'));
      });
      assert.ok(refused, `the demo answers on ${host}:${port}`);
    }
    assert.equal((await request(`${demo.origin}/v1/files`, { headers: { cookie } })).status, 200, 'and answers on 127.0.0.1');
  });

  test('forwards /v1/files with the key, without the browser credentials', async () => {
    received.length = 0;
    const res = await request(`${demo.origin}/v1/files/a%20b/content?x=1`, {
      headers: {
        cookie: `local=secret; ${cookie}`,
        authorization: 'Bearer from-the-browser',
        origin: demo.origin,
        referer: `${demo.origin}/`,
        'sec-fetch-site': 'same-origin',
      },
    });
    assert.equal(res.status, 200);
    assert.equal(received.length, 1);
    const [seen] = received;
    assert.equal(seen.url, '/v1/files/a%20b/content?x=1');
    assert.equal(seen.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    assert.equal(seen.headers.host, `127.0.0.1:${upstream.address().port}`);
    for (const name of ['cookie', 'origin', 'referer', 'x-forwarded-for']) assert.equal(seen.headers[name], undefined, name);
    assert.ok(!JSON.stringify(seen.headers).includes(cookie.split('=')[1]), 'the token stays here');
    // The answer: the upstream's own headers pass, its cookies and CORS grants do not.
    assert.equal(res.headers['x-request-id'], 'req-upstream');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.ok(!JSON.stringify(res).includes(UPSTREAM_KEY));
    // An answer a browser will not run, as `moonshot-files ui` forwards it (one forwarder for both).
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-security-policy'], "sandbox; default-src 'none'");
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['content-disposition'], undefined, 'JSON content is no attachment');
  });

  test('refuses every attack of the table `moonshot-files ui` is held to, before the upstream', async () => {
    const count = await assertAttacksRefused(demo.origin, { cookie, token: new URL(demo.url).searchParams.get('token'), received });
    assert.ok(count >= 20);
  });

  test('refuses other sites, other paths, other hosts and calls without the token before the upstream', async () => {
    received.length = 0;
    const { port } = new URL(demo.origin);
    const cases = [
      [{ headers: { 'sec-fetch-site': 'cross-site' } }, 403, 'permission_denied_error'],
      [{ headers: { 'sec-fetch-site': 'same-site' } }, 403, 'permission_denied_error'],
      [{ method: 'POST', headers: { origin: 'http://evil.example' } }, 403, 'permission_denied_error'],
      [{ path: '/v1/models' }, 404, 'resource_not_found_error'],
      [{ path: '/v1/files/../models' }, 400, 'invalid_request_error'],
      [{ path: '/v1/files/%2e%2e/models' }, 400, 'invalid_request_error'],
      [{ path: '/v1/files//x' }, 404, 'resource_not_found_error'],
      // DNS rebinding: only the printed address and port (Vite's own host check refuses a name first).
      [{ headers: { host: 'evil.example' } }, 403, null],
      [{ headers: { host: `localhost:${port}` } }, 403, 'permission_denied_error'],
      // Another local page, or a site, without the cookie the printed URL sets.
      [{ headers: { cookie: '' } }, 403, 'permission_denied_error'],
      [{ headers: { cookie: `${cookie.split('=')[0]}=not-the-token` } }, 403, 'permission_denied_error'],
    ];
    for (const [options, status, type] of cases) {
      const res = await request(`${demo.origin}/v1/files`, { ...options, headers: { cookie, ...options.headers } });
      assert.equal(res.status, status, JSON.stringify(options));
      if (type) assert.equal(JSON.parse(res.body).error.type, type, JSON.stringify(options));
    }
    assert.deepEqual(received, [], 'nothing reached the upstream');
  });

  test('serves no file holding the key', async () => {
    // The package as the page asks for it: Vite serves it from its real path (pkg/ may be a link).
    const entry = realpathSync(fileURLToPath(new URL('../../pkg/index.js', import.meta.url)));
    for (const path of ['/', '/src/main.js', '/@vite/client', `/@fs${entry}`]) {
      const res = await request(`${demo.origin}${path}`);
      assert.equal(res.status, 200, path);
      assert.ok(!res.body.includes(UPSTREAM_KEY), path);
      assert.ok(!JSON.stringify(res.headers).includes(UPSTREAM_KEY), path);
    }
  });

  test('tells the page where its calls go and how its server is started: the upstream origin, never the key', async () => {
    const res = await request(`${demo.origin}/__moonshot/info`, { headers: { cookie } });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { upstream: `http://127.0.0.1:${upstream.address().port}`, command: 'make demo' });
    assert.equal((await request(`${demo.origin}/__moonshot/info`)).status, 403, 'and only with the token');
  });
});
