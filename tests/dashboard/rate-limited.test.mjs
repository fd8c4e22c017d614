// The dashboard against a service that allows one request at a time (the
// mock's limiter at concurrency 1, as the lowest tiers of the real service):
// the client learns the limit from its first 429 and queues the page's calls
// itself, so nothing fails; the page says it waits, and for what, while it does.
//   node --test tests/dashboard/rate-limited.test.mjs
// Every wait is on the page's state or the mock's log, never on the clock.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from '../support/axe.mjs';
import { SAMPLE_NAMES, openDashboard, startDashboard, waitForRows, watchedPage } from '../support/dashboard-page.mjs';

const KiB = 1024;
const WAITING = /^Waiting for the service's rate limit \(max concurrency 1\): (retrying in \d+ s|\d+ requests? queued)(; \d+ requests? queued)?$/;
const isApi = (url) => new URL(url).pathname.startsWith('/v1/');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Every text the rate-limit line shows, in order, kept in the page as `window.waitLines`. */
function recordWaitLines(page) {
  return page.evaluate(() => {
    window.waitLines = [];
    const line = document.getElementById('rate-limit');
    new MutationObserver(() => {
      const text = line.textContent;
      if (window.waitLines.at(-1) !== text) window.waitLines.push(text);
    }).observe(line, { subtree: true, childList: true, characterData: true });
  });
}

/**
 * The page's API requests and answers in the order the browser reports them:
 * `{ sent: request }` when one leaves, `{ answered: request }` once its answer
 * is read whole (for a 429, the client has it then).
 */
function recordTraffic(page) {
  const events = [];
  page.on('request', (req) => isApi(req.url()) && events.push({ sent: req }));
  page.on('requestfinished', (req) => isApi(req.url()) && events.push({ answered: req }));
  return events;
}

/** The mock's log entry of a page's request, found by the Msh-Request-Id the mock answered it with. */
async function logEntryOf(req, log) {
  const id = await (await req.response())?.headerValue('msh-request-id');
  return id ? log.find((entry) => entry.requestId === id) : undefined;
}

describe('the dashboard when the service allows one request at a time', () => {
  let dashboard;
  let demo;
  let browser;
  let control;
  let mockLog;

  before(async () => {
    // Uploads stay processing long enough that the page polls while they go.
    dashboard = await startDashboard({ MOCK_MAX_CONCURRENCY: '1', MOCK_PROCESSING_MS: '4000' });
    ({ demo, browser, control, mockLog } = dashboard);
  });

  after(async () => {
    await dashboard?.stop();
  });

  test('five uploads at once while a file processes: all uploaded, none failed, the page said it waited', async () => {
    // The sample holds a file that stays processing: the page polls the list every few seconds.
    await control('reset');
    const { page, done } = await watchedPage(browser);
    const traffic = recordTraffic(page);
    await openDashboard(page, demo.url);
    assert.equal(await page.locator('#files .badge', { hasText: 'processing' }).count(), 1);
    // What the page talks to: the mock's origin, in the header.
    assert.equal(await page.locator('#upstream .upstream-origin').textContent(), new URL(demo.upstream).origin);
    assert.equal(await page.locator('#upstream').isVisible(), true);
    await recordWaitLines(page);

    // The first upload is held at the service until a 429 shows the page's
    // next request (the second upload, or a poll: the page sends two at a
    // time) met it there; the refused requests never take the fault's
    // second use. Then a request without the key, which the limit does not
    // count, takes it and lets the upload go (a hang fails after 30 s).
    await control('faults', { method: 'POST', path: '/v1/files', times: 2, together: true });
    const chosen = Array.from({ length: 5 }, (_, i) => ({
      name: `limited-${i + 1}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`${String(i + 1).repeat(16)}\n`.repeat(4 * KiB)),
    }));
    await page.setInputFiles('#file-input', chosen);
    for (let tries = 1; !(await mockLog()).some((entry) => entry.status === 429); tries += 1) {
      assert.ok(tries < 300, 'nothing was refused while the first upload was held: the page never had two requests in flight');
      await page.waitForTimeout(100);
    }
    const release = await fetch(`${demo.mockOrigin}/v1/files`, { method: 'POST' });
    assert.equal(release.status, 401);

    // Every one ends uploaded (done once processed); the batch never showed a failure.
    await page.waitForFunction(() => document.querySelectorAll('.batch-item[data-state="done"]').length === 5, null, { timeout: 180_000 });
    assert.equal(await page.locator('.batch-item[data-state="failed"]').count(), 0);
    assert.equal(await page.locator('#batch-status').textContent(), '5 files uploaded');
    await waitForRows(page, SAMPLE_NAMES.length + 5);

    // The page said it was waiting, for which limit; and says nothing once the calls went through.
    const lines = await page.evaluate(() => window.waitLines);
    const waits = lines.filter(Boolean);
    assert.ok(waits.length > 0, `the line stayed empty: ${JSON.stringify(lines)}`);
    for (const text of waits) assert.match(text, WAITING);
    await page.waitForFunction(() => document.getElementById('rate-limit').textContent === '');
    assert.equal(await page.locator('#notices .notice-error').count(), 0, 'no failure was shown');

    // What arrived: each file once, whole, by its hash.
    const log = await mockLog();
    const stored = log.filter((entry) => entry.method === 'POST' && entry.status === 200).map((entry) => entry.upload);
    assert.deepEqual(
      stored.map(({ filename, bytes, sha256: hash }) => ({ filename, bytes, hash })).sort((a, b) => a.filename.localeCompare(b.filename)),
      chosen.map(({ name, buffer }) => ({ filename: name, bytes: buffer.length, hash: sha256(buffer) })),
    );

    // The service refused at least once: the test is about what the page did then.
    const refused = log.filter((entry) => entry.status === 429);
    assert.ok(refused.length >= 1, 'the service never refused: the page never met the limit');
    assert.ok(refused.every((entry) => entry.inFlight > 1), 'refused only past the limit');

    // Once the client had its first 429, no request it sent arrived with another in flight.
    const statuses = await Promise.all(traffic.map(async ({ answered }) => answered && (await answered.response())?.status()));
    const first = statuses.indexOf(429);
    assert.ok(first >= 0, 'the page got the 429');
    const later = traffic.slice(first + 1).filter(({ sent }) => sent);
    assert.ok(later.length >= 3, `${later.length} requests after the first 429: the rest of the uploads go after it`);
    for (const { sent } of later) {
      const entry = await logEntryOf(sent, log);
      assert.ok(entry, `${sent.method()} ${sent.url()} is in the mock's log`);
      assert.equal(entry.inFlight, 1, `${entry.method} ${entry.path} arrived with ${entry.inFlight} in flight`);
    }
    await done(/Failed to load resource/);
  });

  test('a call queued behind one in flight: the line says so while it waits, and goes once it went', async () => {
    // The upload is held at the service until a second upload request comes (the test's own, below);
    // meanwhile the page polls for the sample's processing file.
    await control('reset');
    await control('faults', { method: 'POST', path: '/v1/files', times: 2, together: true });
    const { page, done } = await watchedPage(browser);
    await openDashboard(page, demo.url);
    await recordWaitLines(page);
    await page.setInputFiles('#file-input', { name: 'held.txt', mimeType: 'text/plain', buffer: Buffer.from('held at the service') });
    await page.locator('.batch-item[data-state="uploading"]').waitFor();
    // At the service before the next poll, so that the poll is the one refused (a hang fails after 30 s).
    const uploadArrived = async () => (await mockLog()).some((entry) => entry.method === 'POST' && entry.inFlight === 1);
    for (let tries = 1; !(await uploadArrived()); tries += 1) {
      assert.ok(tries < 300, 'the upload never reached the service');
      await page.waitForTimeout(100);
    }

    // The page's next poll (the sample's processing file) meets the limit, then waits for the upload's slot.
    const line = page.locator('#rate-limit');
    await line.getByText(/: 1 request queued$/).waitFor({ timeout: 30_000 });
    assert.equal(await line.locator('.rate-limit-what').textContent(), "Waiting for the service's rate limit (max concurrency 1)");
    assert.equal(await line.getAttribute('role'), 'status');
    assert.equal(await line.locator('.rate-limit-when').getAttribute('aria-hidden'), 'true', 'the countdown is not read out');
    assert.deepEqual(await axeViolations(page), [], 'the waiting line');
    assert.equal(await page.locator('#state .error, #notices .notice-error').count(), 0, 'a wait is no failure');

    // The upload is let go (a request without the key releases the hold and is refused itself).
    const release = await fetch(`${demo.mockOrigin}/v1/files`, { method: 'POST' });
    assert.equal(release.status, 401);
    await page.locator('.batch-item[data-state="processing"], .batch-item[data-state="done"]').first().waitFor();
    await page.waitForFunction(() => document.getElementById('rate-limit').textContent === '');
    await waitForRows(page, SAMPLE_NAMES.length + 1);

    // The poll was refused once, and went again only once the upload was answered.
    const lists = (await mockLog()).filter((entry) => entry.method === 'GET' && entry.path === '/v1/files');
    const refusedAt = lists.findIndex((entry) => entry.status === 429);
    assert.ok(refusedAt > 0, 'a poll was refused');
    assert.equal(lists[refusedAt].inFlight, 2);
    assert.ok(lists.slice(refusedAt + 1).every((entry) => entry.inFlight === 1 && entry.status === 200));
    const lines = await page.evaluate(() => window.waitLines);
    assert.ok(lines.some((text) => /: retrying in \d+ s$/.test(text)), `the wait the service asked for: ${JSON.stringify(lines)}`);
    assert.equal(lines.at(-1), '');
    await done(/Failed to load resource/);
  });
});
