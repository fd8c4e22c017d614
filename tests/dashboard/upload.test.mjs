// Uploads in the dashboard: progress (bytes, percent, speed, time left) from
// the client's onUploadProgress on a slow link, types refused before sending,
// a file already there held for a decision, and a batch bar that shows
// failures as failures. The slow link is Chromium's own network emulation
// (CDP Network.emulateNetworkConditions), so the mock needs nothing new.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FORMATS } from '../../www/src/facts.js';
import { rowNamed, openDashboard, startDashboard, watchedPage, waitForRows } from '../support/dashboard-page.mjs';

const MiB = 1024 * 1024;

/** Slows the page's uploads to `bytesPerSecond` (downloads stay as they are). */
async function slowUploads(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
}

// Which files were sent, by name and purpose.
const uploads = (log) =>
  log.filter((entry) => entry.method === 'POST' && entry.path === '/v1/files').map(({ upload: { filename, purpose } }) => ({ filename, purpose }));

describe('uploads from the dashboard', () => {
  let dashboard;
  let demo;
  let browser;
  let control;
  let mockLog;

  before(async () => {
    dashboard = await startDashboard({ MOCK_PROCESSING_MS: '0' });
    ({ demo, browser, control, mockLog } = dashboard);
  });

  after(async () => {
    await dashboard?.stop();
  });

  test('shows bytes sent, percent, speed and time left, per file and for the batch, as the bytes go', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    await slowUploads(page, 512 * 1024);
    // Every text the progress shows, in order.
    await page.evaluate(() => {
      window.seen = { item: [], batch: [], values: [] };
      new MutationObserver(() => {
        const item = document.querySelector('.batch-item .batch-numbers')?.textContent;
        const batch = document.getElementById('batch-rate').textContent;
        const bar = document.querySelector('.batch-item progress');
        if (item && window.seen.item.at(-1) !== item) window.seen.item.push(item);
        if (batch && window.seen.batch.at(-1) !== batch) window.seen.batch.push(batch);
        if (bar && !bar.hidden && window.seen.values.at(-1) !== bar.value) window.seen.values.push(bar.value);
      }).observe(document.getElementById('batch'), { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.setInputFiles('#file-input', { name: 'slides.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2 * MiB, 7) });
    await page.locator('.batch-item[data-state="done"]').waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => window.seen);

    // Several steps between nothing and everything, never going back.
    const percents = seen.item.map((text) => Number(/ · (\d+)% · /.exec(text)?.[1])).filter(Number.isFinite);
    assert.ok(percents.filter((p) => p > 0 && p < 100).length >= 3, `steps seen: ${percents.join(', ')}`);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'never decreasing');
    assert.deepEqual(seen.values, [...seen.values].sort((a, b) => a - b));
    const middle = seen.item.find((text) => / left$/.test(text)) ?? seen.item.join(' | ');
    assert.match(middle, /^[\d.]+ (KiB|MiB) of 2 MiB · \d+% · [\d.]+ (KiB|MiB)\/s · \d+ s left$/);
    assert.ok(
      seen.batch.some((text) => /^\d+% · [\d.]+ (KiB|MiB) of 2 MiB · [\d.]+ (KiB|MiB)\/s · \d+ s left$/.test(text)),
      `the batch line: ${seen.batch.join(' | ')}`,
    );
    assert.equal(await page.locator('#batch-status').textContent(), '1 file uploaded');
    assert.equal(await page.locator('#batch-bar .bar-sent').evaluate((bar) => bar.getBoundingClientRect().width === bar.parentElement.getBoundingClientRect().width), true);

    // The bytes arrived whole.
    assert.deepEqual(uploads(await mockLog()), [{ filename: 'slides.pdf', purpose: 'file-extract' }]);
    await waitForRows(page, 10);
    assert.equal(await rowNamed(page, 'slides.pdf').locator('.size').getAttribute('title'), `${(2 * MiB).toLocaleString('en-US')} bytes`);
    await done();
  });

  test('refuses a type the purpose does not take before sending; the picker offers what it takes', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    assert.equal(await page.locator('#file-input').getAttribute('accept'), FORMATS['file-extract'].join(','));
    await page.selectOption('#upload-purpose', 'image');
    assert.equal(await page.locator('#file-input').getAttribute('accept'), FORMATS.image.join(','));
    assert.equal(await page.locator('#upload-accepts').textContent(), `image takes ${FORMATS.image.join(' ')}.`);

    await page.setInputFiles('#file-input', [
      { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') },
      { name: 'photo.PNG', mimeType: 'image/png', buffer: Buffer.from('png') },
      { name: 'data.xyz', mimeType: 'application/octet-stream', buffer: Buffer.from('?') },
    ]);
    await page.locator('.batch-item[data-state="done"]').waitFor();
    const refused = page.locator('.batch-item[data-state="failed"]');
    assert.deepEqual(await refused.locator('.batch-name').allTextContents(), ['notes.pdf', 'data.xyz']);
    assert.match(await refused.first().locator('.batch-reason').textContent(), /^Not sent: a \.pdf file is not accepted as image \(it takes /);
    assert.match(await refused.last().locator('.batch-reason').textContent(), /^Not sent: a \.xyz file is not accepted as image/);
    assert.equal(await page.locator('#batch-status').textContent(), '1 of 3 files uploaded, 2 failed');
    assert.deepEqual(uploads(await mockLog()), [{ filename: 'photo.PNG', purpose: 'image' }], 'only the image was sent');

    await page.selectOption('#upload-purpose', 'batch');
    assert.equal(await page.locator('#file-input').getAttribute('accept'), '.jsonl');
    await done();
  });

  test('a file of the same name and size as one there waits for "Send anyway" or "Skip"', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    const notes = { name: 'meeting-notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(590, 'n') }; // as the sample's
    const id = await rowNamed(page, 'meeting-notes.txt').getAttribute('data-id');

    await page.setInputFiles('#file-input', notes);
    const held = page.locator('.batch-item[data-state="held"]');
    await held.waitFor();
    assert.match(await held.locator('.batch-reason').textContent(), new RegExp(`already in the account \\(${id}\\)`));
    assert.equal(uploads(await mockLog()).length, 0, 'nothing sent while it waits');
    await held.getByRole('button', { name: 'Skip: meeting-notes.txt' }).click();
    await page.locator('.batch-item[data-state="skipped"]').waitFor();

    await page.setInputFiles('#file-input', notes);
    await held.waitFor();
    await held.getByRole('button', { name: 'Send anyway: meeting-notes.txt' }).click();
    await page.locator('.batch-item[data-state="done"]').waitFor();
    assert.deepEqual(uploads(await mockLog()), [{ filename: 'meeting-notes.txt', purpose: 'file-extract' }]);
    await waitForRows(page, 10);
    // A different size is another file: no question asked.
    await page.setInputFiles('#file-input', { ...notes, buffer: Buffer.alloc(591, 'n') });
    await page.waitForFunction(() => document.querySelectorAll('.batch-item[data-state="done"]').length === 2);
    await done();
  });

  test('a batch where every file failed shows a red bar, not a full green one', async () => {
    await control('reset');
    await control('faults', { method: 'POST', path: '/v1/files', status: 400, times: 2, json: { error: { message: 'file type not supported', type: 'invalid_request_error' } } });
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    await page.setInputFiles('#file-input', [
      { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('a') },
      { name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from('b') },
    ]);
    await page.waitForFunction(() => document.querySelectorAll('.batch-item[data-state="failed"]').length === 2);
    assert.equal(await page.locator('#batch-status').textContent(), '0 of 2 files uploaded, 2 failed');
    assert.match(await page.locator('.batch-item .batch-reason').first().textContent(), /^BadRequestError: .*file type not supported/);
    const widths = await page.locator('#batch-bar').evaluate((bar) => ({
      bar: bar.getBoundingClientRect().width,
      sent: bar.querySelector('.bar-sent').getBoundingClientRect().width,
      failed: bar.querySelector('.bar-failed').getBoundingClientRect().width,
      colour: getComputedStyle(bar.querySelector('.bar-failed')).backgroundColor,
      classes: bar.className,
    }));
    assert.equal(widths.sent, 0);
    assert.equal(widths.failed, widths.bar, 'all of it failed');
    assert.match(widths.classes, /all-failed/);
    assert.equal(widths.colour, 'rgb(199, 44, 44)');
    assert.match(await page.locator('#batch-counts').textContent(), /^2 failed$/);
    await done(/Failed to load resource/);
  });
});
