// The dashboard at the account's limits: 1,000 files, a list that hangs,
// files that stay processing. Assertions are on order, counts and states;
// the times allowed are generous ceilings for hung things, never a measure
// of speed (bench/ measures that).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROWS, focused, openDashboard, shownCount, startDashboard, waitForRows, watchedPage } from '../support/dashboard-page.mjs';

const LIST = (entry) => entry.method === 'GET' && entry.path === '/v1/files';
const PER_FILE = (entry) => entry.method === 'GET' && entry.path.startsWith('/v1/files/');

describe('the dashboard at the account limits', () => {
  let dashboard;
  let demo;
  let browser;
  let control;
  let mockLog;

  before(async () => {
    dashboard = await startDashboard();
    ({ demo, browser, control, mockLog } = dashboard);
  });

  after(async () => {
    await dashboard?.stop();
  });

  test('1,000 files: only the rows in view are drawn; header, toolbar and column headers stay in view', async () => {
    await control('reset', { seed: 1000 });
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url, 1000);
    assert.equal(await page.locator('#result-count').textContent(), '1,000 files');
    const drawn = await page.locator(ROWS).count();
    assert.ok(drawn > 5 && drawn < 100, `${drawn} rows drawn of 1,000`);

    // To the end of the page: the last file is drawn, the top bars are still on screen.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].some((row) => row.getAttribute('aria-rowindex') === '1001'), ROWS);
    const last = page.locator(`${ROWS}[aria-rowindex="1001"]`);
    assert.equal(await last.locator('.name-button').textContent(), 'generated-0001.txt', 'newest first: the oldest is last');
    // Once the scrolling stops, the rows drawn are in the page in their order (as a screen reader reads them).
    await page.waitForFunction((sel) => {
      const order = [...document.querySelectorAll(sel)].map((row) => Number(row.getAttribute('aria-rowindex')));
      return order.every((n, i) => i === 0 || order[i - 1] < n);
    }, ROWS);
    assert.ok((await page.locator(ROWS).count()) < 100);
    for (const selector of ['#page-header', '#toolbar', '#files .grid-head', '#search', '#delete-selected']) {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `${selector} is on screen: ${JSON.stringify(box)}`);
    }
    // The column headers sit under the toolbar, which sits under the header: none covers another.
    const [header, toolbar, head] = await Promise.all(['#page-header', '#toolbar', '#files .grid-head'].map((s) => page.locator(s).boundingBox()));
    assert.ok(header.y + header.height <= toolbar.y + 1 && toolbar.y + toolbar.height <= head.y + 1, 'stacked, not overlapping');
    // The last row is below the column headers, not behind them.
    assert.ok((await last.boundingBox()).y >= head.y + head.height - 1);
    await done();
  });

  test('1,000 files by keyboard: one Tab stop for the table, arrows and Home/End inside it', async () => {
    await control('reset', { seed: 1000 });
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url, 1000);
    assert.equal(await page.locator('#files [tabindex="0"]').count(), 1, 'one Tab stop in the grid');
    assert.ok((await page.locator('#files [tabindex="-1"]').count()) > 10);

    // Tab from the last control before the table lands in it once, and the next Tab leaves it.
    await page.locator('#search').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // Delete selected is disabled: the next stop after the filters is the grid.
    let at = await focused(page);
    assert.equal(at.rowId, await page.locator(ROWS).first().getAttribute('data-id'), JSON.stringify(at));
    assert.equal(at.column, 1, 'on the first file name');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).rowId, null, 'the next Tab leaves the table');
    await page.keyboard.press('Shift+Tab');
    assert.equal((await focused(page)).column, 1, 'and Shift+Tab comes back to the same cell');

    // Arrows: down a row, right a cell (the id's copy button), left, up to the column headers.
    await page.keyboard.press('ArrowDown');
    at = await focused(page);
    assert.equal(at.rowId, await page.locator(`${ROWS}[aria-rowindex="3"]`).getAttribute('data-id'));
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused(page)).column, 2);
    assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Copy id [a-z0-9]{20}$/);
    await page.keyboard.press('Home');
    assert.equal((await focused(page)).tag, 'input', 'Home: the row checkbox');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#selected-count').textContent(), '1');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    at = await focused(page);
    assert.equal(at.header, true);
    assert.equal(at.id, 'select-all');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.closest('[data-sort]')?.dataset.sort), 'filename');

    // Ctrl+End: the last file, drawn and scrolled into view wherever it is.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+End');
    at = await focused(page);
    const lastRow = page.locator(`${ROWS}[aria-rowindex="1001"]`);
    assert.equal(at.rowId, await lastRow.getAttribute('data-id'));
    assert.equal(await lastRow.locator('.name-button').textContent(), 'generated-0001.txt');
    const box = await lastRow.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 800, 'the focused row is on screen');
    await page.keyboard.press('Control+Home');
    assert.equal((await focused(page)).rowId, await page.locator(`${ROWS}[aria-rowindex="2"]`).getAttribute('data-id'));

    // The focused row stays drawn when the page scrolls far away from it.
    await page.keyboard.press('PageDown');
    const kept = (await focused(page)).rowId;
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].some((row) => row.getAttribute('aria-rowindex') === '1001'), ROWS);
    assert.equal((await focused(page)).rowId, kept);
    await page.keyboard.press('ArrowDown');
    assert.notEqual((await focused(page)).rowId, kept, 'and the arrows go on from it');
    await done();
  });

  test('select all at 1,000: the confirmation names the first ten and how many more', async () => {
    await control('reset', { seed: 1000 });
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url, 1000);
    await page.locator('#select-all').check();
    assert.equal(await page.locator('#selected-count').textContent(), '1,000');
    assert.equal(await page.locator(`${ROWS}.is-selected`).count(), await page.locator(ROWS).count());
    await page.locator('#delete-selected').click();
    const confirm = page.locator('#confirm');
    await confirm.waitFor();
    assert.equal(await confirm.locator('#confirm-title').textContent(), 'Delete 1,000 files?');
    const names = await confirm.locator('.confirm-name').allTextContents();
    assert.deepEqual(names, Array.from({ length: 10 }, (_, i) => `generated-${String(1000 - i).padStart(4, '0')}.txt`));
    assert.equal(await confirm.locator('.confirm-more').textContent(), '+990 more');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    assert.equal(await shownCount(page), 1000);
    assert.equal((await mockLog()).filter((entry) => entry.method === 'DELETE').length, 0);
    await done();
  });

  test('a list that hangs: the time waited and a Cancel; given up after one retry; Refresh never disabled', async () => {
    await control('reset');
    // Both tries hang (far longer than the page waits).
    await control('faults', { method: 'GET', path: '/v1/files', delayMs: 120_000, times: 2 });
    const { page, done } = await watchedPage(browser);
    await page.goto(demo.url);
    const loading = page.locator('#state .loading-state');
    await loading.locator('.waited').getByText(/^\d+ s so far$/).waitFor({ timeout: 10_000 });
    assert.equal(await loading.getByRole('button', { name: 'Cancel' }).count(), 1);
    assert.equal(await page.locator('#refresh').isEnabled(), true);

    // The page gives up by itself (7 s a try, one retry): a TimeoutError, two requests sent.
    const error = page.locator('#state .error');
    await error.waitFor({ timeout: 60_000 });
    assert.equal(await error.locator('.error-name').textContent(), 'TimeoutError');
    assert.equal((await mockLog()).filter(LIST).length, 2, 'one try and one retry');
    assert.equal(await page.locator('#refresh').isEnabled(), true);
    await error.getByRole('button', { name: 'Try again' }).click();
    await waitForRows(page, 9);
    await done();
  });

  test('a list that hangs can be cancelled, before the first list and on a refresh', async () => {
    await control('reset');
    await control('faults', { method: 'GET', path: '/v1/files', delayMs: 120_000 });
    const { page, done } = await watchedPage(browser);
    await page.goto(demo.url);
    await page.locator('#state .loading-state').waitFor();
    await page.locator('#state').getByRole('button', { name: 'Cancel' }).click();
    const cancelled = page.locator('#state').getByText('Loading was cancelled');
    await cancelled.waitFor();
    assert.equal(await page.locator('#refresh').isEnabled(), true);
    await page.locator('#refresh').click();
    await waitForRows(page, 9);

    // A refresh that hangs: the table stays, the header says how long, Cancel ends it.
    await control('faults', { method: 'GET', path: '/v1/files', delayMs: 120_000 });
    await page.locator('#refresh').click();
    const status = page.locator('#list-status');
    await status.getByText(/^Refreshing the list… \d+ s$/).waitFor({ timeout: 10_000 });
    assert.equal(await shownCount(page), 9, 'the table stays while it refreshes');
    await status.getByRole('button', { name: 'Cancel' }).click();
    await status.waitFor({ state: 'hidden' });
    assert.equal(await shownCount(page), 9);
    assert.equal(await page.locator('#state .error').count(), 0, 'a cancel is no error');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'refresh');
    await done();
  });

  test('files still processing are followed by listing every few seconds, not by a call per file', async () => {
    const seed = (status) => Array.from({ length: 20 }, (_, i) => ({ filename: `slow-${i + 1}.pdf`, status }));
    await control('reset', { seed: seed('processing') });
    const { page, done } = await watchedPage(browser);
    // Three lists: the first, and two while the 20 files are processing. Waited
    // for as answers reach the page, however long a busy machine takes.
    let lists = 0;
    const threeLists = new Promise((resolve) => {
      page.on('response', (res) => {
        if (res.request().method() === 'GET' && new URL(res.url()).pathname === '/v1/files' && ++lists === 3) resolve();
      });
    });
    await openDashboard(page, demo.url, 20);
    await threeLists;
    assert.ok((await mockLog()).filter(LIST).length >= 3, 'the mock saw the three lists');
    assert.equal((await mockLog()).filter(PER_FILE).length, 0, 'no request for any single file');

    // They become ready on the service: the next list shows it.
    await control('reset', { seed: seed('ready') }, { keepPages: true });
    await page.waitForFunction((sel) => [...document.querySelectorAll(`${sel} .badge`)].every((badge) => badge.textContent === 'ready'), ROWS);
    assert.equal(await page.locator('#filter-status option[value="ready"]').textContent(), 'ready (20)');
    assert.equal((await mockLog()).filter(PER_FILE).length, 0);
    await done();
  });
});
