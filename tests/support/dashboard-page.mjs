// The dashboard's Playwright helpers: the demo and Chromium started together
// (a missing Chromium fails, never skips), a page that records what a user
// would not see, and ways to read the files grid, which draws only the rows in
// view: `shown` counts come from its aria-rowcount, not from its row elements.
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';
import { mockControl, startDemo } from './demo-server.mjs';
import { tokenCookie } from './token-link.mjs';

export const MOCK_KEY = 'sk-mock-key';
export const XSS_NAME = '<img src=x onerror=alert(1)>.txt';
export const SAMPLE_NAMES = [
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
export const collator = new Intl.Collator('en-US', { numeric: true, sensitivity: 'base' });

/** Chromium, or a failure that says where it was looked for: the dashboard tests never skip. */
// Async: a rejection, not a throw, so that a demo started beside it is stopped (bothStarted).
export async function chromiumOrFail() {
  return launchChromium();
}

/**
 * The demo and the browser, started together. If one fails, the other is
 * stopped before the error is thrown: a browser left running would keep the
 * test process alive for good.
 *
 * The printed link works once: it is opened here, and every page this
 * browser opens from then on holds the session it gave (`demo.cookie`, for
 * a test's own requests), as the tab a user opened it in would. A page that
 * goes to `demo.url` is then sent on to the dashboard.
 */
export async function bothStarted(demoStarting, browserLaunching) {
  const [demo, browser] = await Promise.allSettled([demoStarting, browserLaunching]);
  if (demo.status === 'fulfilled' && browser.status === 'fulfilled') {
    try {
      await shareSession(demo.value, browser.value);
    } catch (error) {
      await demo.value.stop();
      await browser.value.close();
      throw error;
    }
    return [demo.value, browser.value];
  }
  await demo.value?.stop();
  await browser.value?.close();
  throw demo.reason ?? browser.reason;
}

async function shareSession(demo, browser) {
  demo.cookie = await tokenCookie(demo.url);
  const [name, value] = demo.cookie.split(/=(.*)/s);
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    await page.context().addCookies([{ name, value, url: demo.origin, httpOnly: true, sameSite: 'Strict' }]);
    return page;
  };
}

/**
 * The demo against the mock and Chromium; `control(path, body)` drives the
 * mock (a reset closes the pages still open, unless `{ keepPages: true }`),
 * `mockLog()` reads its log.
 */
export async function startDashboard(env = {}) {
  const [demo, browser] = await bothStarted(startDemo(env), chromiumOrFail());
  async function control(path, body, { keepPages = false } = {}) {
    // A fresh start: a page a failed test left open would go on polling the mock.
    if (path === 'reset' && !keepPages) await closeStrayPages(browser);
    await mockControl(demo.mockOrigin, path, body);
    // A reset starts the log afresh too, so each test reads only its own requests.
    if (path === 'reset') assert.equal((await fetch(`${demo.mockOrigin}/__mock/requests`, { method: 'DELETE' })).status, 200);
  }
  const mockLog = async () => (await fetch(`${demo.mockOrigin}/__mock/requests`)).json();
  return {
    demo,
    browser,
    control,
    mockLog,
    stop: async () => {
      await browser.close();
      await demo.stop();
    },
  };
}

// The pages of each browser not closed yet (a test that failed leaves its page open).
const openPages = new WeakMap();

/** Closes the pages a failed test left open. */
export async function closeStrayPages(browser) {
  await Promise.all([...(openPages.get(browser) ?? [])].map((page) => page.close().catch(() => {})));
}

/**
 * An answer's body. The browser drops the body of an answer to a page it has
 * since navigated away from (the favicon a page asked for as it was left);
 * a GET of that URL is asked again in the page's context (its cookies), with
 * the headers the page sent (the API version among them, which changes the
 * answer), so the body is still read, never taken on trust. Any other
 * unreadable body fails as it did.
 */
async function bodyOf(res, page) {
  try {
    return await res.body();
  } catch (error) {
    if (res.request().method() !== 'GET' || !/navigated away/.test(error.message)) throw error;
    const headers = await res.request().allHeaders().catch(() => res.request().headers());
    return (await page.context().request.get(res.url(), { headers })).body();
  }
}

/**
 * A page that records what a user would not see: console errors, dialogs,
 * every request and answer (and whether `key`, the key the page's server
 * holds, is in any of them). Its
 * listeners' reads of a request or answer may outlive the page: those are
 * settled quietly once it is closed (they used to reject after the browser
 * closed, as unhandled rejections).
 */
export async function watchedPage(browser, { width = 1280, height = 800, permissions = [], colorScheme = 'light', reducedMotion = 'no-preference', key = MOCK_KEY } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, locale: 'en-US', timezoneId: 'UTC', permissions, colorScheme, reducedMotion });
  const open = openPages.get(browser) ?? new Set();
  openPages.set(browser, open.add(page));
  page.on('close', () => open.delete(page));
  const seen = { errors: [], dialogs: [], requests: [], checks: [] };
  let closed = false;
  const check = (promise, what) =>
    seen.checks.push(
      promise.catch((error) => {
        if (!closed) seen.errors.push(`${what}: ${error.message}`);
      }),
    );
  page.on('close', () => (closed = true));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') seen.errors.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.errors.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('request', (req) => {
    check(
      req.allHeaders().then((headers) => seen.requests.push({ url: req.url(), method: req.method(), headers })),
      `reading the request to ${req.url()}`,
    );
  });
  // Every answer is read whole and looked through for the key: one whose body
  // cannot be read fails the page (check() records it), as a leak would.
  page.on('response', (res) => {
    check(
      (async () => {
        if (JSON.stringify(await res.allHeaders()).includes(key)) seen.errors.push(`the key is in the headers of the answer from ${res.url()}`);
        // A redirect's body reaches neither the page nor Playwright: its headers are all it shows.
        if (res.status() >= 300 && res.status() < 400) return;
        // Nor has a 204 (the dated API's delete) a body: Chromium may keep none to read.
        if (res.status() === 204 || res.status() === 205) return;
        if ((await bodyOf(res, page)).includes(key)) seen.errors.push(`the key is in the answer from ${res.url()}`);
      })(),
      `reading the answer from ${res.url()} to look for the key`,
    );
  });
  // A body can be read only until the page navigates away from it: a
  // navigation the test asks for waits until every answer so far was read.
  for (const method of ['goto', 'reload', 'goBack', 'goForward']) {
    const navigate = page[method].bind(page);
    page[method] = async (...args) => {
      await Promise.allSettled(seen.checks);
      return navigate(...args);
    };
  }
  /** Closes the page, then checks nothing went wrong unseen (`allowed`: expected console lines). */
  async function done(allowed = /$^/) {
    await Promise.allSettled(seen.checks);
    closed = true;
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

export const ROWS = '#files .grid-body [role=row]';
/** The rows drawn (those in view, and the focused one). */
export const rowsOf = (page) => page.locator(ROWS);
export const namesOf = (page) => page.locator(`${ROWS} .name-button`).allTextContents();
export const rowNamed = (page, name) =>
  page.locator(ROWS).filter({ has: page.locator('.name-button').getByText(name, { exact: true }) });

/** How many files the grid shows (drawn or not): its aria-rowcount less the header row; 0 when hidden. */
export function shownCount(page) {
  return page.evaluate(() => {
    if (document.getElementById('table-wrap').hidden) return 0;
    return Number(document.getElementById('files').getAttribute('aria-rowcount')) - 1;
  });
}

/** Waits until the grid shows `count` files (and, when they fit on screen, has drawn them). */
export function waitForRows(page, count) {
  return page.waitForFunction(
    ([n, rows]) => {
      const wrap = document.getElementById('table-wrap');
      if (n === 0) return wrap.hidden;
      if (wrap.hidden) return false;
      const total = Number(document.getElementById('files').getAttribute('aria-rowcount')) - 1;
      return total === n && document.querySelectorAll(rows).length >= Math.min(n, 9);
    },
    [count, ROWS],
  );
}

export async function openDashboard(page, url, count = SAMPLE_NAMES.length) {
  await page.goto(url);
  await waitForRows(page, count);
}

/**
 * Waits for an upload of the batch to reach `state` (queued, uploading,
 * processing, done, failed, held, skipped); a timeout says where each one is.
 */
export async function waitForUpload(page, state, { name, timeout = 30_000 } = {}) {
  const item = page.locator(`.batch-item[data-state="${state}"]`).filter(name ? { has: page.locator('.batch-name').getByText(name, { exact: true }) } : {});
  try {
    await item.first().waitFor({ timeout });
  } catch (error) {
    const where = await page
      .locator('.batch-item')
      .evaluateAll((items) => items.map((li) => `${li.querySelector('.batch-name').textContent}: ${li.dataset.state} ${li.querySelector('.batch-reason').textContent}`))
      .catch(() => []);
    error.message += `\nthe uploads: ${where.join('; ') || 'none'}`;
    throw error;
  }
}

/** The id of the file the focused element belongs to, and which control it is. */
export function focused(page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    const row = active?.closest('[role=row]');
    return {
      id: active?.id || null,
      rowId: row?.dataset.id ?? null,
      header: Boolean(row?.closest('.grid-head')),
      column: row ? [...row.children].indexOf(active.closest('[role=gridcell], [role=columnheader]')) : -1,
      tag: active?.tagName.toLowerCase(),
      text: active?.textContent,
    };
  });
}
