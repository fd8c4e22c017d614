// axe-core finds nothing in any state of the dashboard: loading, cancelled,
// error, empty, loaded, with the panel or the confirmation open, an upload
// batch with failures and a held file, a notice, in dark mode and on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from '../support/axe.mjs';
import { openDashboard, rowNamed, startDashboard, watchedPage } from '../support/dashboard-page.mjs';

describe('the dashboard under axe-core', () => {
  let dashboard;
  let demo;
  let browser;
  let control;

  before(async () => {
    dashboard = await startDashboard();
    ({ demo, browser, control } = dashboard);
  });

  after(async () => {
    await dashboard?.stop();
  });

  // Each scheme and size the page is used in.
  const looks = [
    { name: 'light, 1280 px', options: {} },
    { name: 'dark, 1280 px', options: { colorScheme: 'dark' } },
    { name: 'light, a 390 px phone', options: { width: 390, height: 844 } },
    { name: 'dark, a 390 px phone', options: { width: 390, height: 844, colorScheme: 'dark' } },
  ];

  /** Runs axe after `reach(page)` has brought the page to a state; `label` names it in a failure. */
  async function check(label, options, reach, allowed) {
    // Without motion: axe would measure a colour halfway through a fade-in.
    const { page, done } = await watchedPage(browser, { permissions: ['clipboard-read', 'clipboard-write'], reducedMotion: 'reduce', ...options });
    try {
      await reach(page);
      assert.deepEqual(await axeViolations(page), [], label);
    } finally {
      await done(allowed);
    }
  }

  // Each state from a fresh mock, so that each test stands alone.
  for (const { name, options } of looks) {
    test(`no violations while loading and once cancelled (${name})`, async () => {
      await control('reset');
      await control('faults', { method: 'GET', path: '/v1/files', delayMs: 120_000 });
      await check(`loading, ${name}`, options, async (page) => {
        await page.goto(demo.url);
        await page.locator('#state .loading-state .waited').getByText(/^\d+ s so far$/).waitFor();
        assert.equal(await page.locator('#summary').getAttribute('aria-busy'), 'true');
        assert.deepEqual(await axeViolations(page), [], `loading, ${name}`);
        await page.locator('#state').getByRole('button', { name: 'Cancel' }).click();
        await page.locator('#state').getByText('Loading was cancelled').waitFor();
      });
    });

    test(`no violations when the list failed (${name})`, async () => {
      await control('reset');
      await control('faults', { method: 'GET', path: '/v1/files', status: 401 });
      // The 401 itself: Chromium logs every answer of an error status.
      await check(`error, ${name}`, options, async (page) => {
        await page.goto(demo.url);
        await page.locator('#state .error').waitFor();
      }, /Failed to load resource: the server responded with a status of 401/);
    });

    test(`no violations with no files (${name})`, async () => {
      await control('reset', { seed: 'none' });
      await check(`empty, ${name}`, options, async (page) => {
        await page.goto(demo.url);
        await page.locator('#state .empty').waitFor();
      });
    });

    test(`no violations with files, the panel, the confirmation, uploads and a notice (${name})`, async () => {
      await control('reset');
      await check(`loaded, ${name}`, options, async (page) => {
        await openDashboard(page, demo.url);
        // Phones fold the usage and the upload: check them unfolded too.
        await page.evaluate(() => document.querySelectorAll('details.fold').forEach((fold) => (fold.open = true)));
        assert.deepEqual(await axeViolations(page), [], `loaded and unfolded, ${name}`);

        // A batch: one sent, one refused for its type, one held as a duplicate.
        await page.setInputFiles('#file-input', [
          { name: 'fine.txt', mimeType: 'text/plain', buffer: Buffer.from('fine') },
          { name: 'wrong.xyz', mimeType: 'application/octet-stream', buffer: Buffer.from('x') },
          { name: 'meeting-notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(590, 'a') },
        ]);
        await page.locator('.batch-item[data-state="held"]').waitFor();
        await page.locator('.batch-item[data-state="failed"]').waitFor();
        await page.locator('.batch-item[data-state="done"]').waitFor();
        assert.deepEqual(await axeViolations(page), [], `an upload batch, ${name}`);

        // A notice, from copying an id.
        await rowNamed(page, 'meeting-notes.txt').locator('button.copy').click();
        await page.locator('#notices .notice').waitFor();
        assert.deepEqual(await axeViolations(page), [], `a notice, ${name}`);

        // The panel, with its text.
        await rowNamed(page, 'scanned-contract.pdf').locator('.name-button').click();
        await page.locator('#panel .note-detail').waitFor();
        assert.deepEqual(await axeViolations(page), [], `the panel, ${name}`);
        await page.keyboard.press('Escape');
        await page.locator('#panel').waitFor({ state: 'hidden' });

        // The confirmation of a delete of many.
        await page.locator('#select-all').check();
        await page.locator('#delete-selected').click();
        await page.locator('#confirm').waitFor();
      });
    });
  }
});
