// The dashboard on a 390 px phone: the first screen shows files (usage and
// upload folded), every target is at least 24 px, nothing scrolls sideways,
// and notices never cover the table's actions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROWS, SAMPLE_NAMES, collator, namesOf, openDashboard, rowNamed, startDashboard, watchedPage } from '../support/dashboard-page.mjs';

const PHONE = { width: 390, height: 844 };

/** The boxes of every control a finger can reach on screen: buttons, fields, checkboxes, summaries, links. */
function targets(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, input:not([type=file]), select, summary, a[href], [tabindex="0"]')]
      .filter((node) => node.checkVisibility() && !node.closest('[inert], dialog:not([open])'))
      .map((node) => {
        const box = node.getBoundingClientRect();
        const name = node.getAttribute('aria-label') || node.textContent.trim() || node.id || node.className;
        return { name: `${node.tagName.toLowerCase()} ${name}`.slice(0, 80), width: box.width, height: box.height, top: box.top };
      }),
  );
}

/** The actions of the rows on screen (below the sticky bars) that something else covers. */
function coveredActions(page) {
  return page.evaluate((rows) => {
    const bars = document.querySelector('#files .grid-head').getBoundingClientRect().bottom;
    const covered = [];
    for (const control of document.querySelectorAll(`${rows} button, ${rows} input`)) {
      const box = control.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      if (y < bars || y > window.innerHeight) continue; // scrolled under the bars, or below the screen
      const hit = document.elementFromPoint(x, y);
      if (!control.contains(hit)) covered.push(`${control.getAttribute('aria-label') ?? control.textContent} under ${hit?.className}`);
    }
    return covered;
  }, ROWS);
}

describe('the dashboard on a phone', () => {
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

  test('the first screen shows files; usage and upload are folded, and unfold', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser, PHONE);
    await openDashboard(page, demo.url);
    assert.deepEqual(await page.locator('details.fold').evaluateAll((folds) => folds.map((fold) => fold.open)), [false, false]);
    assert.equal(await page.locator('#usage-brief').textContent(), '9 of 1,000 files · 56.9 MiB of 10 GiB');
    // At least two whole file cards on the first screen.
    const onScreen = await page.locator(ROWS).evaluateAll((rows) =>
      rows.filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      }).length,
    );
    assert.ok(onScreen >= 2, `${onScreen} whole files on the first screen`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling');
    for (const row of await page.locator(ROWS).all()) {
      const box = await row.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `a card fits: ${JSON.stringify(box)}`);
    }

    // The skip link still reaches the files (their heading is hidden from sight only).
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'files-heading');

    // The upload unfolds, and its picker is there.
    await page.locator('#upload-fold > summary').click();
    await page.locator('#choose-files').waitFor();
    assert.equal(await page.locator('#upload-fold').evaluate((fold) => fold.open), true);
    await done();
  });

  test('every target on the page is at least 24 px each way, folded and unfolded', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser, PHONE);
    await openDashboard(page, demo.url);
    const small = async () => (await targets(page)).filter(({ width, height }) => width < 24 || height < 24);
    assert.ok((await targets(page)).length > 20);
    assert.deepEqual(await small(), [], 'folded');
    await page.evaluate(() => document.querySelectorAll('details.fold').forEach((fold) => (fold.open = true)));
    await page.locator('#select-all').check();
    assert.deepEqual(await small(), [], 'unfolded, with a selection');
    await done();
  });

  test('a menu sorts; a card opens its panel full width', async () => {
    await control('reset');
    const { page, done } = await watchedPage(browser, PHONE);
    await openDashboard(page, demo.url);
    assert.equal(await page.locator('#files [data-sort="filename"]').isVisible(), false, 'the column headers are hidden');
    await page.selectOption('#sort-select', 'filename:ascending');
    await page.waitForFunction(() => document.querySelector('#files [data-sort="filename"]').getAttribute('aria-sort') === 'ascending');
    assert.deepEqual(await namesOf(page), [...SAMPLE_NAMES].sort(collator.compare));

    // The arrows reach the "All" box above the cards, the one column header shown.
    await page.locator(`${ROWS}[aria-rowindex="2"] .name-button`).focus();
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'select-all');

    const card = rowNamed(page, 'meeting-notes.txt');
    await card.scrollIntoViewIfNeeded();
    await card.locator('.name-button').click();
    const panel = page.locator('#panel');
    await panel.locator('pre.extracted').waitFor();
    assert.equal(Math.round((await panel.boundingBox()).width), 390);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await done();
  });

  for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
    test(`notices never cover the table's actions (${viewport.width} px)`, async () => {
      await control('reset');
      const { page, done } = await watchedPage(browser, { ...viewport, permissions: ['clipboard-read', 'clipboard-write'] });
      await openDashboard(page, demo.url);
      // Three notices at once: copies of three ids.
      for (const name of ['meeting-notes.txt', 'product-demo.mp4', 'batch-requests-2026-10.jsonl']) {
        await rowNamed(page, name).locator('button.copy').click();
      }
      await page.waitForFunction(() => document.querySelectorAll('#notices .notice').length === 3);
      assert.deepEqual(await coveredActions(page), [], 'at the top of the page');
      // Scrolled so the last cards are at the bottom of the screen, where toasts used to sit.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      assert.deepEqual(await coveredActions(page), [], 'at the bottom of the page');
      const last = rowNamed(page, 'quarterly-report-2026.pdf').getByRole('button', { name: 'Delete quarterly-report-2026.pdf' });
      await last.click(); // clickable: not under anything
      await page.locator('#confirm').waitFor();
      await page.keyboard.press('Escape');
      await done();
    });
  }
});
