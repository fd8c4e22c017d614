// The dashboard in Chromium against the mock: a file dropped again whose
// bytes the account holds (the client says so, from the bytes it hashed) is
// marked with that file's name and id, for "reuse it" or "upload a copy";
// an upload refused for the account's room, by the page's own check or by
// the service, offers to delete the oldest files that make it (the client's
// makeRoom picks them), behind the confirmation, then goes again. Each asserts
// what the page shows and what the mock received, and axe finds nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from '../support/axe.mjs';
import { MOCK_KEY, openDashboard, startDashboard, waitForRows, waitForUpload, watchedPage } from '../support/dashboard-page.mjs';

// The API requests the mock received, as `METHOD /path status` (no preflights).
const received = (log) => log.filter((entry) => entry.method !== 'OPTIONS').map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
const posts = (log) => log.filter((entry) => entry.method === 'POST' && entry.path === '/v1/files');
const item = (page, name) => page.locator('.batch-item').filter({ has: page.locator('.batch-name').getByText(name, { exact: true }) });

// Each API version the page speaks: its statuses for an upload and a delete,
// and how its list is ordered.
const APIS = [
  { name: 'compatible', env: {}, headers: {}, created: 200, deleted: 200, oldestFirst: (list) => list.data },
  {
    name: 'dated',
    env: { MOONSHOT_API_VERSION: '2026-09-01-beta' },
    headers: { 'kimi-api-version': '2026-09-01-beta' },
    created: 201,
    deleted: 204,
    oldestFirst: (list) => [...list.items].reverse(),
  },
];

for (const api of APIS) {
  describe(`the dashboard: the same bytes, and room (${api.name} API)`, () => {
    let dashboard;
    let demo;
    let browser;
    let control;
    let mockLog;

    before(async () => {
      dashboard = await startDashboard({ MOCK_PROCESSING_MS: '0', ...api.env });
      ({ demo, browser, control, mockLog } = dashboard);
    });

    after(async () => {
      await dashboard?.stop();
    });

    test('a file dropped again, after a reload too, is marked with the file of the same bytes: reuse sends nothing, a copy is sent', async () => {
      await control('reset');
      const { page, done } = await watchedPage(browser, { reducedMotion: 'reduce' });
      await openDashboard(page, demo.url);
      const bytes = Buffer.from('the minutes of the meeting, whatever they are called\n');

      await page.setInputFiles('#file-input', { name: 'minutes.txt', mimeType: 'text/plain', buffer: bytes });
      await waitForUpload(page, 'done', { name: 'minutes.txt' });
      const [first] = posts(await mockLog());
      assert.equal(first.upload.filename, 'minutes.txt');
      const id = await page.locator('#files .grid-body [role=row]').filter({ hasText: 'minutes.txt' }).getAttribute('data-id');
      assert.ok(id);

      // After a reload (the page remembers in IndexedDB), the same bytes under
      // another name: held, naming the file there.
      await page.reload();
      await waitForRows(page, 10);
      await page.setInputFiles('#file-input', { name: 'minutes-again.txt', mimeType: 'text/plain', buffer: bytes });
      await waitForUpload(page, 'held', { name: 'minutes-again.txt' });
      const held = item(page, 'minutes-again.txt');
      assert.equal(
        await held.locator('.batch-reason').textContent(),
        `The same bytes are already in the account as minutes.txt (${id}). Reuse it, or upload another copy?`,
      );
      assert.equal(await held.getByRole('button', { name: 'Send anyway: minutes-again.txt' }).isVisible(), false, 'not the same-name question');
      await assertAccessible(page, 'a file held for its bytes');
      assert.equal(posts(await mockLog()).length, 1, 'nothing sent while it waits');

      await held.getByRole('button', { name: 'Reuse it: minutes-again.txt' }).click();
      await waitForUpload(page, 'done', { name: 'minutes-again.txt' });
      assert.equal(await held.locator('.batch-reason').textContent(), `Reused minutes.txt (${id}); nothing was sent.`);
      assert.equal(posts(await mockLog()).length, 1, 'reuse sent no byte');
      // The client checked the remembered file was still there before it trusted it.
      assert.ok(received(await mockLog()).includes(`GET /v1/files/${id} 200`));

      // Once more, and a copy this time.
      await page.locator('#batch-clear').click();
      await page.setInputFiles('#file-input', { name: 'minutes-copy.txt', mimeType: 'text/plain', buffer: bytes });
      const copy = item(page, 'minutes-copy.txt');
      await waitForUpload(page, 'held', { name: 'minutes-copy.txt' });
      await copy.getByRole('button', { name: 'Upload a copy: minutes-copy.txt' }).click();
      await waitForUpload(page, 'done', { name: 'minutes-copy.txt' });
      assert.deepEqual(
        posts(await mockLog()).map((entry) => entry.upload.filename),
        ['minutes.txt', 'minutes-copy.txt'],
      );
      await waitForRows(page, 11);

      // Other bytes of the same name and size as a file there: the old question, not this one.
      await page.setInputFiles('#file-input', { name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from(bytes.toString().toUpperCase()) });
      await waitForUpload(page, 'held', { name: 'minutes.txt' });
      assert.match(await item(page, 'minutes.txt').locator('.batch-reason').textContent(), /^A file of the same name and size is already in the account/);
      await done();
    });

    test('two drops of the same bytes in one batch: sent once; the other is marked with it, or reused by the client', async () => {
      await control('reset');
      const { page, done } = await watchedPage(browser, { reducedMotion: 'reduce' });
      await openDashboard(page, demo.url);
      const bytes = Buffer.from('twice in one go\n');
      await page.setInputFiles('#file-input', [
        { name: 'first.txt', mimeType: 'text/plain', buffer: bytes },
        { name: 'second.txt', mimeType: 'text/plain', buffer: bytes },
      ]);
      await waitForUpload(page, 'done', { name: 'first.txt' });
      // The second's check takes its turn with the first's upload in the
      // client: it finds the first (and asks), or, had it come first, the
      // client's ensure reuses the first's upload. Either way, no second upload.
      const second = item(page, 'second.txt');
      await page.waitForFunction(() => ['held', 'done'].includes(document.querySelectorAll('.batch-item')[1]?.dataset.state ?? ''));
      const id = (await listOf(demo, api)).at(-1).id;
      if ((await second.getAttribute('data-state')) === 'held') {
        assert.equal(await second.locator('.batch-reason').textContent(), `The same bytes are already in the account as first.txt (${id}). Reuse it, or upload another copy?`);
        await second.getByRole('button', { name: 'Reuse it: second.txt' }).click();
      }
      await waitForUpload(page, 'done', { name: 'second.txt' });
      assert.match(await second.locator('.batch-reason').textContent(), new RegExp(`^Reused first\\.txt \\(${id}\\)`));
      assert.deepEqual(
        posts(await mockLog()).map((entry) => entry.upload.filename),
        ['first.txt'],
        'the bytes went once',
      );
      await done();
    });

    test('refused by the page for the file count: "make room" names the oldest file, asks, deletes it, then sends', async () => {
      await control('reset', { seed: 1000 });
      const { page, done } = await watchedPage(browser, { reducedMotion: 'reduce' });
      await openDashboard(page, demo.url, 1000);
      const [oldest] = await listOf(demo, api);
      await clearLog(demo);

      await page.setInputFiles('#file-input', { name: 'new.txt', mimeType: 'text/plain', buffer: Buffer.from('new') });
      await waitForUpload(page, 'failed', { name: 'new.txt' });
      const refused = item(page, 'new.txt');
      const offer = refused.getByRole('button', { name: 'Make room (delete the oldest file): new.txt' });
      await offer.waitFor();
      assert.equal(await offer.textContent(), 'Make room (delete the oldest file)');
      assert.deepEqual(await refused.locator('.batch-room-list li').allTextContents(), [`${oldest.filename} (${oldest.id}, ${oldest.bytes} B)`]);
      await assertAccessible(page, 'an offer to make room');
      // Asked the client which files would go: one list, nothing deleted, nothing sent.
      assert.deepEqual(received(await mockLog()), ['GET /v1/files 200']);

      // Cancelled: nothing deleted, the offer stays.
      await offer.click();
      await page.locator('#confirm').waitFor();
      assert.deepEqual(await page.locator('#confirm-list .confirm-name').allTextContents(), [oldest.filename]);
      await page.locator('#confirm-cancel').click();
      await page.locator('#confirm').waitFor({ state: 'hidden' });
      assert.deepEqual(received(await mockLog()), ['GET /v1/files 200']);

      await offer.click();
      await page.locator('#confirm-ok').click();
      await waitForUpload(page, 'done', { name: 'new.txt' });
      assert.deepEqual(received(await mockLog()), ['GET /v1/files 200', `DELETE /v1/files/${oldest.id} ${api.deleted}`, `POST /v1/files ${api.created}`]);
      assert.equal(await page.locator('#files-used strong').textContent(), '1,000');
      await done();
    });

    test('refused by the service for the file count (the list was stale): the same offer, then the upload goes again', async () => {
      await control('reset', { seed: 999 });
      const { page, done } = await watchedPage(browser, { reducedMotion: 'reduce' });
      await openDashboard(page, demo.url, 999);
      // Another client fills the account behind the page's back.
      const form = new FormData();
      form.append('purpose', 'file-extract');
      form.append('file', new Blob(['elsewhere']), 'elsewhere.txt');
      const res = await fetch(`${demo.mockOrigin}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${MOCK_KEY}`, ...api.headers }, body: form });
      assert.equal(res.status, api.created, await res.text());
      const [oldest] = await listOf(demo, api);
      await clearLog(demo);

      await page.setInputFiles('#file-input', { name: 'late.txt', mimeType: 'text/plain', buffer: Buffer.from('late') });
      await waitForUpload(page, 'failed', { name: 'late.txt' });
      const refused = item(page, 'late.txt');
      assert.match(await refused.locator('.batch-reason').textContent(), /^BadRequestError: 400 The number of files you have uploaded exceeded the max file count 1000/);
      const offer = refused.getByRole('button', { name: 'Make room (delete the oldest file): late.txt' });
      await offer.waitFor();
      assert.deepEqual(await refused.locator('.batch-room-list li').allTextContents(), [`${oldest.filename} (${oldest.id}, ${oldest.bytes} B)`]);
      assert.deepEqual(received(await mockLog()), ['POST /v1/files 400', 'GET /v1/files 200']);

      await offer.click();
      await page.locator('#confirm-ok').click();
      await waitForUpload(page, 'done', { name: 'late.txt' });
      assert.deepEqual(received(await mockLog()), ['POST /v1/files 400', 'GET /v1/files 200', `DELETE /v1/files/${oldest.id} ${api.deleted}`, `POST /v1/files ${api.created}`]);
      await done(/Failed to load resource: the server responded with a status of 400/);
    });

    test('another refusal offers no room', async () => {
      await control('reset');
      await control('faults', { method: 'POST', path: '/v1/files', status: 400, json: { error: { message: 'Invalid request: nope', type: 'invalid_request_error' } } });
      const { page, done } = await watchedPage(browser, { reducedMotion: 'reduce' });
      await openDashboard(page, demo.url);
      await page.setInputFiles('#file-input', { name: 'nope.txt', mimeType: 'text/plain', buffer: Buffer.from('nope') });
      await waitForUpload(page, 'failed', { name: 'nope.txt' });
      // The client was asked (one list) and said room is not what is short.
      await waitUntilLogged(mockLog, 'GET /v1/files 200', 2);
      // Its answer handled: the page has drawn every change by the next frames.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      assert.equal(await item(page, 'nope.txt').locator('.batch-room').isVisible(), false);
      assert.ok(!received(await mockLog()).some((line) => line.startsWith('DELETE')));
      await done(/Failed to load resource: the server responded with a status of 400/);
    });
  });
}

/** axe finds nothing in the page as it is, light and dark, wide and on a phone (its folds open), as the a11y suite checks every state. */
async function assertAccessible(page, label) {
  const wide = page.viewportSize();
  for (const size of [wide, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.querySelectorAll('details.fold').forEach((fold) => (fold.open = true)));
    for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual(await axeViolations(page), [], `${label}, ${colorScheme}, ${size.width} px`);
    }
  }
  await page.setViewportSize(wide);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The mock's files, oldest first, as the API lists them. */
async function listOf(demo, api) {
  const res = await fetch(`${demo.mockOrigin}/v1/files`, { headers: { authorization: `Bearer ${MOCK_KEY}`, ...api.headers } });
  return api.oldestFirst(await res.json()).map((file) => ({ id: file.id, filename: file.filename, bytes: file.bytes ?? file.size_bytes }));
}

/** Empties the mock's log, so that a test reads only what came after. */
async function clearLog(demo) {
  assert.equal((await fetch(`${demo.mockOrigin}/__mock/requests`, { method: 'DELETE' })).status, 200);
}

/** Waits until the mock logged `line` `times` times (the page's own list, then the client's). */
async function waitUntilLogged(mockLog, line, times) {
  for (let i = 0; i < 200; i += 1) {
    if (received(await mockLog()).filter((entry) => entry === line).length >= times) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the mock never logged ${line} ${times} times: ${received(await mockLog()).join(', ')}`);
}
