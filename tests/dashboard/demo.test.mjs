// The dashboard as a user runs it: scripts/demo.mjs in a child process (the
// mock, or a stand-in "real service"), the page in headless Chromium.
//   node --test www/        (or: npm test --prefix www)
// Needs pkg/ built, `npm ci` in www/ and in the workspace (playwright-core), and
// Chromium at /usr/bin/chromium (or CHROMIUM). Writes test-results/dashboard.png
// (docs/dashboard.png, the README's picture, with UPDATE_SCREENSHOT=1).
//
// Every wait is on the page's state (a row, a badge, a dialog), never a sleep.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock/server.mjs';
import { launchChromium } from '../support/chromium.mjs';

const DEMO = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url));
const SCREENSHOT = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOT ? '../../docs/dashboard.png' : '../../test-results/dashboard.png', import.meta.url),
);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MOCK_KEY = 'sk-mock-key';
const XSS_NAME = '<img src=x onerror=alert(1)>.txt';
const SAMPLE_NAMES = [
  'quarterly-report-2026.pdf',
  'product-demo.mp4',
  'architecture-diagram.png',
  'scanned-contract.pdf',
  'product-roadmap.docx',
  'batch-requests-2026-10.jsonl',
  'meeting-notes.txt',
  XSS_NAME,
  'customer-interviews.md',
];
// The page's own order for names (the same ICU collation as the page's).
const collator = new Intl.Collator('en-US', { numeric: true, sensitivity: 'base' });

/**
 * Starts scripts/demo.mjs on a free port and waits for its `Dashboard: <url>`
 * line (and, against the mock, its `Mock control:` line). `env` is added to a
 * copy of this environment without MOONSHOT_*.
 */
async function startDemo(env = {}) {
  const childEnv = { ...process.env, PORT: '0', ...env };
  for (const name of ['MOONSHOT_API_KEY', 'MOONSHOT_BASE_URL', 'MOONSHOT_UPSTREAM', 'MOONSHOT_PROXY_KEY']) {
    if (!(name in env)) delete childEnv[name];
  }
  const child = spawn(process.execPath, [DEMO], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not print its URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const url = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/) \((.*)\)$/m.exec(output);
      const upstream = /proxied to (\S+?),/.exec(output);
      const control = /^ {2}Mock control: (http:\/\/\S+)\/__mock /m.exec(output);
      if (url && upstream && (control || !url[2].includes('the mock'))) {
        clearTimeout(timer);
        resolve({ url: url[1], against: url[2], upstream: upstream[1], mockOrigin: control?.[1] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code ?? signal}) before printing its URL:\n${output}`));
    });
  });
  try {
    const info = await ready;
    return { ...info, output: () => output, stop: () => stopChild(child, exited) };
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
}

async function stopChild(child, exited) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  return exited;
}

/**
 * The demo and the browser, started together. If one fails, the other is
 * stopped before the error is thrown: a browser left running would keep the
 * test process alive for good.
 */
async function bothStarted(demoStarting, browserLaunching) {
  const [demo, browser] = await Promise.allSettled([demoStarting, browserLaunching]);
  if (demo.status === 'fulfilled' && browser.status === 'fulfilled') return [demo.value, browser.value];
  await demo.value?.stop();
  await browser.value?.close();
  throw demo.reason ?? browser.reason;
}

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

/**
 * A page that records what a user would not see: console errors, dialogs,
 * every request and answer (and whether the key is in any of them).
 */
async function watchedPage(browser, { width = 1280, height = 800, permissions = [] } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, locale: 'en-US', timezoneId: 'UTC', permissions });
  const seen = { errors: [], dialogs: [], requests: [], checks: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') seen.errors.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.errors.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('request', (req) => {
    seen.checks.push(req.allHeaders().then((headers) => seen.requests.push({ url: req.url(), method: req.method(), headers })));
  });
  page.on('response', (res) => {
    seen.checks.push(
      Promise.all([res.allHeaders(), res.body().catch(() => Buffer.alloc(0))]).then(([headers, body]) => {
        const leaked = JSON.stringify(headers).includes(MOCK_KEY) || body.includes(MOCK_KEY);
        if (leaked) seen.errors.push(`the key is in the answer to ${res.url()}`);
      }),
    );
  });
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (String(payload).includes(MOCK_KEY)) seen.errors.push('the key is in a websocket frame');
    });
  });
  /** Closes the page, then checks nothing went wrong unseen (`allowed`: expected console lines). */
  async function done(allowed = /$^/) {
    await page.close();
    await Promise.allSettled(seen.checks);
    assert.deepEqual(
      seen.errors.filter((line) => !allowed.test(line)),
      [],
    );
    assert.deepEqual(seen.dialogs, [], 'no alert() ran');
  }
  return { page, seen, done };
}

const rowsOf = (page) => page.locator('#files tbody tr');
const namesOf = (page) => page.locator('#files tbody td.name').allTextContents();
const rowNamed = (page, name) =>
  page.locator('#files tbody tr').filter({ has: page.locator('td.name').getByText(name, { exact: true }) });

/** Waits until the table shows `count` rows. */
function waitForRows(page, count) {
  return page.waitForFunction((n) => document.querySelectorAll('#files tbody tr').length === n, count);
}

async function openDashboard(page, url, count = SAMPLE_NAMES.length) {
  await page.goto(url);
  await waitForRows(page, count);
}

const haveChromium = existsSync(CHROMIUM);
const skip = !haveChromium && `no Chromium at ${CHROMIUM}`;

describe('the dashboard against the mock', { skip }, () => {
  let demo;
  let browser;

  async function control(path, body) {
    const res = await fetch(`${demo.mockOrigin}/__mock/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
    assert.equal(res.status, 200, `POST /__mock/${path}: ${await res.text()}`);
    // A reset starts the log afresh too, so each test reads only its own requests.
    if (path === 'reset') assert.equal((await fetch(`${demo.mockOrigin}/__mock/requests`, { method: 'DELETE' })).status, 200);
  }

  async function mockLog() {
    return (await fetch(`${demo.mockOrigin}/__mock/requests`)).json();
  }

  before(async () => {
    [demo, browser] = await bothStarted(startDemo(), launchChromium());
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('prints where it serves, what it is against, and where the mock is controlled', () => {
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(demo.against, 'against the mock with sample files');
    assert.equal(`${demo.mockOrigin}/v1`, demo.upstream);
  });

  test('loads the sample files and the summary, names as text, the key nowhere; screenshot', async () => {
    await control('reset');
    const { page, seen, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);

    const names = await namesOf(page);
    assert.deepEqual([...names].sort(), [...SAMPLE_NAMES].sort());
    // Newest first: the API lists oldest first.
    assert.equal(names[0], 'customer-interviews.md');
    assert.equal(names.at(-1), 'quarterly-report-2026.pdf');
    assert.equal(await page.locator('th[aria-sort]').getAttribute('data-sort'), 'created_at');
    assert.equal(await page.locator('#result-count').textContent(), '9 files');

    // The XSS-named file is text: no element was made from it, nothing ran.
    assert.equal(await page.locator('img:not(.logo)').count(), 0);
    assert.equal(await rowNamed(page, XSS_NAME).count(), 1);

    // A row's cells: id (with a copy button), purpose, status with details, size, date.
    const contract = rowNamed(page, 'scanned-contract.pdf');
    const id = await contract.getAttribute('data-id');
    assert.match(id, /^file-[a-z0-9]{20}$/);
    assert.equal(await contract.locator('td.id code').textContent(), id);
    assert.equal(await contract.getByRole('button', { name: `Copy id ${id}` }).count(), 1);
    assert.equal(await contract.locator('td.purpose-cell').textContent(), 'file-extract');
    assert.equal(await contract.locator('.badge').textContent(), 'error');
    assert.match(await contract.locator('.details').textContent(), /no text layer/);
    assert.equal(await contract.locator('td.size').textContent(), '8 MiB');
    assert.equal(await contract.locator('td.size').getAttribute('title'), '8,388,912 bytes');
    const time = contract.locator('time');
    assert.equal(await time.textContent(), 'Aug 30, 2026');
    assert.match(await time.getAttribute('datetime'), /^2026-08-30T08:11:00/);
    assert.match(await time.getAttribute('title'), /^\d+ (weeks|months) ago · Aug 30, 2026, 8:11 AM$/);

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

    // Polished enough to show: the README's picture.
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });

    await done();
    const withAuth = seen.requests.filter(({ headers }) => 'authorization' in headers);
    assert.deepEqual(withAuth, [], 'no request from the page carries an Authorization header');
    assert.ok(seen.requests.some(({ url }) => url === `${demo.url}v1/files`), 'the page called the proxy');
    // The mock got the list call from the proxy, with the key.
    const lists = (await mockLog()).filter((entry) => entry.method === 'GET' && entry.path === '/v1/files');
    assert.ok(lists.length >= 1);
    assert.ok(lists.every((entry) => entry.headers.authorization === 'valid'));
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
      page.locator('#files tbody tr').evaluateAll(
        (rows, k) =>
          rows.map((tr) => {
            if (k === 'filename') return tr.querySelector('td.name').textContent;
            if (k === 'id') return tr.dataset.id;
            if (k === 'purpose') return tr.querySelector('td.purpose-cell').textContent;
            if (k === 'status') return tr.querySelector('.badge').textContent;
            if (k === 'bytes') return Number(tr.querySelector('td.size').title.replace(/\D/g, ''));
            return Date.parse(tr.querySelector('time').dateTime);
          }),
        key,
      );
    const before = await namesOf(page);
    for (const [key, compare] of Object.entries(columns)) {
      const header = page.locator(`#files th[data-sort="${key}"]`);
      for (const click of [1, 2]) {
        const was = await header.getAttribute('aria-sort');
        await header.locator('button').click();
        await page.waitForFunction(
          ([k, w]) => {
            const now = document.querySelector(`#files th[data-sort="${k}"]`).getAttribute('aria-sort');
            return now !== null && now !== w;
          },
          [key, was],
        );
        const direction = await header.getAttribute('aria-sort');
        const got = await valuesOf(key);
        const sorted = [...got].sort(compare);
        if (direction === 'descending') sorted.reverse();
        assert.deepEqual(got, sorted, `${key} ${direction} (click ${click})`);
        assert.equal(await page.locator('#files th[aria-sort]').count(), 1);
      }
    }
    // Name and size: the orders people check by eye.
    await page.locator('#files th[data-sort="filename"] button').click();
    await page.waitForFunction(() => document.querySelector('#files th[data-sort="filename"]').getAttribute('aria-sort') === 'ascending');
    const byName = await namesOf(page);
    assert.deepEqual(byName, [...SAMPLE_NAMES].sort(collator.compare));
    assert.notDeepEqual(byName, before);
    // By keyboard: the header buttons are real buttons.
    await page.locator('#files th[data-sort="bytes"] button').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#files th[data-sort="bytes"]').getAttribute('aria-sort') === 'descending');
    assert.equal((await namesOf(page))[0], 'product-demo.mp4');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('#files th[data-sort="bytes"]').getAttribute('aria-sort') === 'ascending');
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

    await page.selectOption('#filter-purpose', 'file-extract');
    await waitForRows(page, 6);
    await page.selectOption('#filter-status', 'ready');
    await waitForRows(page, 3);
    assert.deepEqual(await sortedNames(), [XSS_NAME, 'meeting-notes.txt', 'quarterly-report-2026.pdf']);

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

    await page.locator('#search').fill('no such file');
    await page.locator('.no-match').waitFor();
    assert.equal(await page.locator('#table-wrap').isHidden(), true);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await waitForRows(page, 9);
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
        for (const tr of document.querySelectorAll('#files tbody tr')) {
          if (tr.querySelector('td.name')?.textContent !== name) continue;
          const status = tr.querySelector('.badge').textContent;
          if (window.statusesSeen.at(-1) !== status) window.statusesSeen.push(status);
        }
      };
      new MutationObserver(record).observe(document.querySelector('#files tbody'), { childList: true, subtree: true });
    }, NAME);

    await page.selectOption('#upload-purpose', 'file-extract');
    await page.setInputFiles('#file-input', { name: NAME, mimeType: 'text/plain', buffer: Buffer.from(TEXT) });
    const row = rowNamed(page, NAME);
    await row.locator('.badge').getByText('ready', { exact: true }).waitFor();
    await page.locator('.batch-item[data-state="done"]').waitFor();
    assert.deepEqual(await page.evaluate(() => window.statusesSeen), ['processing', 'ready']);
    assert.equal(await page.locator('#batch-status').textContent(), '1 file uploaded');
    assert.equal(await page.locator('#batch-progress').evaluate((p) => `${p.value}/${p.max}`), '1/1');
    assert.equal(await rowsOf(page).count(), 10);
    assert.equal(await page.locator('#files-used').textContent(), '10 of 1,000');
    assert.equal((await namesOf(page))[0], NAME, 'the newest file comes first');

    const id = await row.getAttribute('data-id');
    const log = await mockLog();
    const uploads = log.filter((entry) => entry.method === 'POST' && entry.path === '/v1/files');
    assert.deepEqual(uploads.map((entry) => entry.upload), [{ filename: NAME, purpose: 'file-extract' }]);
    const polls = log.filter((entry) => entry.method === 'GET' && entry.path === `/v1/files/${id}`);
    assert.ok(polls.length >= 1, 'the page polled the file until it was ready');

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
    assert.equal(await rowsOf(page).count(), 9);
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

    await page.locator('.batch-item[data-state="done"]').waitFor();
    const refused = page.locator('.batch-item[data-state="failed"]');
    assert.equal(await refused.locator('.batch-name').textContent(), 'empty.jsonl');
    assert.match(await refused.locator('.batch-reason').textContent(), /^Not sent: the file is empty/);
    assert.equal(await page.locator('#batch-status').textContent(), '1 of 2 files uploaded, 1 failed');
    await waitForRows(page, 10);
    assert.equal(await rowNamed(page, 'jobs.jsonl').locator('td.purpose-cell').textContent(), 'batch');
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
    assert.equal(await rowsOf(page).count(), 9);
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
        message: /^(?:401 )?Invalid Authentication <b>key<\/b>$/,
        hint: /MOONSHOT_API_KEY/,
        facts: /^HTTP 401 · invalid_authentication_error · request req-/,
      },
      {
        label: 'a rate limit, still there after the retries',
        fault: { method: 'GET', path: '/v1/files', status: 429, times: 3, headers: { 'retry-after-ms': '1' } },
        name: 'RateLimitError',
        message: /./,
        hint: /Too many requests/,
        facts: /^HTTP 429 · rate_limit_reached_error/,
      },
      {
        label: 'the mock dropping the connection',
        fault: { method: 'GET', path: '/v1/files', times: 3, action: 'drop-before-headers' },
        name: 'InternalServerError',
        message: /could not reach the API/,
        hint: /could not reach the Files API/,
        facts: /^HTTP 502 · server_error/,
      },
      {
        label: 'no server at all',
        route: true,
        name: 'ConnectionError',
        message: /./,
        hint: /still running/,
        facts: /^$/,
      },
    ];
    for (const { label, fault, route, name, message, hint, facts } of cases) {
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
      assert.match(await error.locator('.error-message').textContent(), message, label);
      assert.match(await error.locator('.error-hint').textContent(), hint, label);
      // (allTextContents does not wait: a ConnectionError has no facts line at all.)
      assert.match((await error.locator('.error-facts').allTextContents()).join(''), facts, label);
      assert.equal(await page.locator('b').count(), 0, label);
      assert.equal(await page.locator('#table-wrap').isHidden(), true, label);

      // The fault is used up: trying again lists the files.
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
    await control('faults', { method: 'GET', path: '/v1/files', delayMs: 1500 });
    const { page, done } = await watchedPage(browser);
    await page.goto(demo.url);
    await page.locator('#state .loading').getByText('Loading files…').waitFor();
    assert.equal(await page.locator('#summary').getAttribute('aria-busy'), 'true');
    assert.equal(await page.locator('#refresh').isDisabled(), true);
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

  test('at 375 px the files are cards, usable without sideways scrolling', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser, { width: 375, height: 800 });
    await openDashboard(page, demo.url);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scroll');
    for (const row of await rowsOf(page).all()) {
      const box = await row.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `a card fits: ${JSON.stringify(box)}`);
    }
    // The header row is gone; a menu sorts instead.
    assert.equal(await page.locator('#files th[data-sort="filename"]').isVisible(), false);
    await page.selectOption('#sort-select', 'filename:ascending');
    await page.waitForFunction(() => document.querySelector('#files th[data-sort="filename"]').getAttribute('aria-sort') === 'ascending');
    assert.deepEqual(await namesOf(page), [...SAMPLE_NAMES].sort(collator.compare));

    // Each card's controls are on screen and work.
    const card = rowNamed(page, 'meeting-notes.txt');
    await card.scrollIntoViewIfNeeded();
    for (const control of [card.locator('button.name-button'), card.getByRole('button', { name: 'Delete meeting-notes.txt' })]) {
      const box = await control.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, 'the control is on screen');
    }
    await card.locator('button.name-button').click();
    const panel = page.locator('#panel');
    await panel.locator('pre.extracted').waitFor();
    assert.equal(Math.round((await panel.boundingBox()).width), 375);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await done();
  });
});

describe('the dashboard with a wrong API key', { skip }, () => {
  let mock;
  let demo;
  let browser;

  before(async () => {
    mock = await startMockServer({ apiKey: 'sk-the-right-key' });
    [demo, browser] = await bothStarted(startDemo({ MOONSHOT_API_KEY: 'sk-a-wrong-key', MOONSHOT_BASE_URL: mock.url }), launchChromium());
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await mock?.close();
  });

  test('shows the AuthenticationError and what to check, never a blank page', async () => {
    const { page, done } = await watchedPage(browser);
    await page.goto(demo.url);
    const error = page.locator('#state .error');
    await error.waitFor();
    assert.equal(await error.locator('.error-name').textContent(), 'AuthenticationError');
    assert.match(await error.locator('.error-message').textContent(), /Invalid Authentication/);
    assert.match(await error.locator('.error-hint').textContent(), /MOONSHOT_API_KEY/);
    assert.match(await error.locator('.error-facts').textContent(), /^HTTP 401 · invalid_authentication_error/);
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
    assert.equal((await request(`${demo.url}v1/files`)).status, 200, 'and answers on 127.0.0.1');
  });

  test('forwards /v1/files with the key, without the browser credentials', async () => {
    received.length = 0;
    const res = await request(`${demo.url}v1/files/a%2Fb/content?x=1`, {
      headers: {
        cookie: 'local=secret',
        authorization: 'Bearer from-the-browser',
        origin: demo.url.slice(0, -1),
        referer: demo.url,
        'sec-fetch-site': 'same-origin',
      },
    });
    assert.equal(res.status, 200);
    assert.equal(received.length, 1);
    const [seen] = received;
    assert.equal(seen.url, '/v1/files/a%2Fb/content?x=1');
    assert.equal(seen.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    assert.equal(seen.headers.host, `127.0.0.1:${upstream.address().port}`);
    for (const name of ['cookie', 'origin', 'referer', 'x-forwarded-for']) assert.equal(seen.headers[name], undefined, name);
    // The answer: the upstream's own headers pass, its cookies and CORS grants do not.
    assert.equal(res.headers['x-request-id'], 'req-upstream');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.ok(!JSON.stringify(res).includes(UPSTREAM_KEY));
  });

  test('refuses other sites, other paths and other hosts before the upstream', async () => {
    received.length = 0;
    const cases = [
      [{ headers: { 'sec-fetch-site': 'cross-site' } }, 403, 'permission_denied_error'],
      [{ headers: { 'sec-fetch-site': 'same-site' } }, 403, 'permission_denied_error'],
      [{ method: 'POST', headers: { origin: 'http://evil.example' } }, 403, 'permission_denied_error'],
      [{ path: '/v1/models' }, 404, 'resource_not_found_error'],
      [{ path: '/v1/files/../models' }, 400, 'invalid_request_error'],
      [{ path: '/v1/files/%2e%2e/models' }, 400, 'invalid_request_error'],
      [{ path: '/v1/files//x' }, 404, 'resource_not_found_error'],
      [{ headers: { host: 'evil.example' } }, 403, null], // DNS rebinding: Vite's host check
    ];
    for (const [options, status, type] of cases) {
      const res = await request(`${demo.url}v1/files`, options);
      assert.equal(res.status, status, JSON.stringify(options));
      if (type) assert.equal(JSON.parse(res.body).error.type, type, JSON.stringify(options));
    }
    assert.deepEqual(received, [], 'nothing reached the upstream');
  });

  test('serves no file holding the key', async () => {
    for (const path of ['/', '/src/main.js', '/@vite/client', '/@fs' + fileURLToPath(new URL('../../pkg/index.js', import.meta.url))]) {
      const res = await request(`${demo.url.slice(0, -1)}${path}`);
      assert.equal(res.status, 200, path);
      assert.ok(!res.body.includes(UPSTREAM_KEY), path);
      assert.ok(!JSON.stringify(res.headers).includes(UPSTREAM_KEY), path);
    }
  });
});
