// The dashboard speaking the dated API (`make demo` with MOONSHOT_API_VERSION,
// the mock answering each request in the shape its header asks for): the
// version shown beside the upstream, every call carrying it, sizes, dates and
// statuses from the dated fields, sort, filter and search on them, and an
// upload followed while its extract_status is processing, then deleted.
//   node --test tests/dashboard/dated.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatBytes, useLocale } from '../../www/src/format.js';
import { MOCK_KEY, ROWS, namesOf, openDashboard, rowNamed, startDashboard, waitForRows, waitForUpload, watchedPage } from '../support/dashboard-page.mjs';

const VERSION = '2026-09-01-beta';
// The page is opened in en-US and UTC (watchedPage): format here as it does.
useLocale('en-US', { timeZone: 'UTC' });

describe('the dashboard on the dated API', () => {
  let dashboard;

  before(async () => {
    dashboard = await startDashboard({ MOONSHOT_API_VERSION: VERSION, MOCK_PROCESSING_MS: '1500' });
  });

  after(async () => {
    await dashboard?.stop();
  });

  /** The mock's dated list, newest first, as the page's server would get it. */
  async function datedList() {
    const res = await fetch(`${dashboard.demo.upstream}/files`, { headers: { authorization: `Bearer ${MOCK_KEY}`, 'kimi-api-version': VERSION } });
    assert.equal(res.status, 200);
    return (await res.json()).items;
  }

  test('names the version, reads the dated fields, sorts, filters and follows an upload to ready', async () => {
    const { demo, browser, control, mockLog } = dashboard;
    await control('reset', { seed: 'sample', processingMs: 1500 });
    const files = await datedList();
    assert.equal(files.length, 9);
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url, files.length);

    // Beside the upstream's origin, in the header and the footer.
    for (const line of ['#upstream', '#footer-upstream']) {
      await page.locator(`${line} .upstream-version`).waitFor();
      assert.equal(await page.locator(`${line} .upstream-version-value`).textContent(), VERSION);
      assert.match(await page.locator(line).textContent(), new RegExp(`127\\.0\\.0\\.1:\\d+, API version ${VERSION}$`));
    }

    // Each row: the size from size_bytes, the date from created_at, the status from extract_status.
    for (const file of files) {
      const row = rowNamed(page, file.filename);
      assert.equal(await row.locator('.cell.size').textContent(), formatBytes(file.size_bytes), file.filename);
      assert.equal(await row.locator('time').getAttribute('datetime'), new Date(file.created_at).toISOString(), file.filename);
      assert.equal(await row.locator('.badge').textContent(), file.extract_status, file.filename);
    }
    const bySize = [...files].sort((a, b) => b.size_bytes - a.size_bytes).map((file) => file.filename);
    await page.locator('#files [data-sort="bytes"] button').click();
    await page.waitForFunction((first) => document.querySelector('#files .grid-body .name-button')?.textContent === first, bySize[0]);
    assert.deepEqual(await namesOf(page), bySize, 'largest first, by size_bytes');

    await page.selectOption('#filter-status', 'error');
    await waitForRows(page, 1);
    assert.deepEqual(await namesOf(page), ['scanned-contract.pdf']);
    await page.selectOption('#filter-status', '');
    await page.fill('#search', 'meeting');
    await waitForRows(page, 1);
    assert.deepEqual(await namesOf(page), ['meeting-notes.txt']);
    await page.fill('#search', '');
    await waitForRows(page, files.length);

    // The panel says the type the service gave.
    await rowNamed(page, 'meeting-notes.txt').locator('.name-button').click();
    await page.locator('#panel[open]').waitFor();
    assert.match(await page.locator('#panel dl').textContent(), /Typetext\/plain/);
    await page.keyboard.press('Escape');

    // An upload: 201 with extract_status processing, then followed until the list says ready.
    await page.setInputFiles('#file-input', { name: 'dated-notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Dated\n\nnotes\n') });
    await waitForUpload(page, 'processing', { name: 'dated-notes.md' });
    await waitForUpload(page, 'done', { name: 'dated-notes.md' });
    await waitForRows(page, files.length + 1);
    const row = rowNamed(page, 'dated-notes.md');
    assert.equal(await row.locator('.badge').textContent(), 'ready');
    assert.equal(await row.locator('.cell.size').textContent(), formatBytes(15));

    // Deleted (the dated API's 204), after the confirmation that names its size.
    await row.getByRole('button', { name: 'Delete dated-notes.md' }).click();
    const confirm = page.locator('#confirm');
    await confirm.waitFor();
    assert.match(await confirm.textContent(), new RegExp(`dated-notes\\.md.* · ${formatBytes(15)}`));
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('.notice').getByText('Deleted dated-notes.md').waitFor();
    await waitForRows(page, files.length);

    // Every call the page made through its server carried the version; the list asked for the whole list.
    const calls = (await mockLog()).filter((entry) => entry.path.startsWith('/v1/files'));
    assert.ok(calls.some((entry) => entry.method === 'POST' && entry.status === 201), 'the upload reached the mock');
    assert.ok(calls.some((entry) => entry.method === 'DELETE' && entry.status === 204), 'the delete too');
    assert.ok(calls.filter((entry) => entry.method === 'GET' && entry.path === '/v1/files').length >= 2, 'listed, then polled');
    for (const entry of calls) assert.equal(entry.headers['kimi-api-version'], VERSION, `${entry.method} ${entry.path}${entry.search}`);
    await done();
  });
});
