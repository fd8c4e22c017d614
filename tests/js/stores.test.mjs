// The stores `files.ensure` can be given, as the package ships them:
// moonshot-files/stores/file shared by two Node processes (the second reuses
// the first's upload; the mock sees one), its entries never half-written
// while processes write one key at once, its default folder the user's
// cache directory; moonshot-files/stores/indexeddb in Chromium, reusing a
// file across a page reload.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { startMockServer } from '../../mock/server.mjs';
import { launchChromium } from '../support/chromium.mjs';
import { notPreflight } from '../support/helpers.mjs';
import { serveFolder } from '../support/static-server.mjs';
import { defaultDir, fileStore } from '../../pkg/stores/file.js';

const KEY = 'sk-mock-key-of-the-stores';
const PKG = new URL('../../pkg/', import.meta.url).pathname;
const run = promisify(execFile);

/** Runs `source` (an ES module) in a Node process of its own; gives its stdout. */
async function inProcess(source, ...args) {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', source, ...args], { cwd: PKG });
  return stdout.trim();
}

// A process that ensures its argument's bytes with the file store in a
// folder, and says whether it reused them.
const ENSURE = `
import { Moonshot } from './index.mjs';
import { fileStore } from './stores/file.js';
const [baseURL, apiKey, dir, text] = process.argv.slice(1);
const files = new Moonshot({ apiKey, baseURL }).files;
const { file, reused } = await files.ensure({ file: new Blob([text]), filename: 'notes.txt', purpose: 'file-extract' }, { store: fileStore({ dir }) });
console.log(JSON.stringify({ id: file.id, reused }));
`;

// A process that writes one key again and again, each time another id.
const WRITE = `
import { fileStore } from './stores/file.js';
const [dir, tag, times] = process.argv.slice(1);
const store = fileStore({ dir });
for (let i = 0; i < Number(times); i++) await store.set('the same key', 'file-' + tag + '-' + i);
`;

describe('the file store', () => {
  let mock;
  let dir;
  before(async () => {
    mock = await startMockServer({ seed: 'none', apiKey: KEY });
  });
  after(async () => {
    await mock?.close();
  });
  beforeEach(() => {
    mock.reset({ seed: 'none' });
    mock.clearRequests();
    dir = mkdtempSync(join(tmpdir(), 'moonshot-files-store-'));
  });

  it('remembers, replaces and forgets a file id by key', async () => {
    const store = fileStore({ dir });
    assert.equal(await store.get('sha256:ab purpose:batch'), undefined);
    await store.set('sha256:ab purpose:batch', 'file-1');
    await store.set('sha256:cd purpose:batch', 'file-2');
    await store.set('sha256:ab purpose:batch', 'file-3');
    assert.equal(await store.get('sha256:ab purpose:batch'), 'file-3');
    assert.equal(await fileStore({ dir }).get('sha256:ab purpose:batch'), 'file-3', 'another store of the folder sees it');
    await store.delete('sha256:ab purpose:batch');
    await store.delete('sha256:never set');
    assert.equal(await store.get('sha256:ab purpose:batch'), undefined);
    assert.equal(await store.get('sha256:cd purpose:batch'), 'file-2');
    rmSync(dir, { recursive: true, force: true });
  });

  it('two processes sharing a folder: the first uploads, the second reuses, the mock sees one upload', async () => {
    const first = JSON.parse(await inProcess(ENSURE, mock.url, KEY, dir, 'the same bytes'));
    const second = JSON.parse(await inProcess(ENSURE, mock.url, KEY, dir, 'the same bytes'));
    assert.deepEqual([first.reused, second.reused], [false, true]);
    assert.equal(second.id, first.id);
    const uploads = notPreflight(mock.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/files');
    assert.equal(uploads.length, 1);
    assert.equal(mock.store.size, 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('processes writing one key at once never leave a half-written entry', async () => {
    const store = fileStore({ dir });
    await store.set('the same key', 'file-start');
    const writers = ['a', 'b', 'c'].map(
      (tag) =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', WRITE, dir, tag, '300'], { cwd: PKG, stdio: 'inherit' });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${tag} exited ${code}`))));
        }),
    );
    let done = false;
    const finished = Promise.all(writers).finally(() => {
      done = true;
    });
    const seen = new Set();
    let reads = 0;
    while (!done) {
      const fileId = await store.get('the same key');
      reads += 1;
      seen.add(fileId);
      assert.match(String(fileId), /^file-(start|[abc]-\d+)$/, `read ${reads} saw ${fileId}`);
    }
    await finished;
    assert.ok(reads > 10, `the reads overlapped the writes (${reads})`);
    assert.match(await store.get('the same key'), /^file-[abc]-299$/, "the last entry is a writer's last id");
    assert.deepEqual(readdirSync(dir).filter((name) => !name.endsWith('.json')), [], 'no write left behind');
    rmSync(dir, { recursive: true, force: true });
  });

  it("defaults to the user's cache directory", async () => {
    const xdg = await inProcess(`import { defaultDir } from './stores/file.js'; console.log(defaultDir());`);
    assert.equal(defaultDir(), xdg);
    const env = { ...process.env, XDG_CACHE_HOME: '/tmp/xdg-cache-of-a-test', HOME: '/tmp/home-of-a-test' };
    const print = `import { defaultDir, fileStore } from './stores/file.js'; console.log(defaultDir(), fileStore().dir);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', print], { cwd: PKG, env });
    assert.equal(stdout.trim(), '/tmp/xdg-cache-of-a-test/moonshot-files/uploads /tmp/xdg-cache-of-a-test/moonshot-files/uploads');
    const { XDG_CACHE_HOME: _, ...withoutXdg } = env;
    const home = await run(process.execPath, ['--input-type=module', '-e', print], { cwd: PKG, env: withoutXdg });
    assert.equal(home.stdout.trim(), '/tmp/home-of-a-test/.cache/moonshot-files/uploads /tmp/home-of-a-test/.cache/moonshot-files/uploads');
  });

  it('require() gives the same store', async () => {
    const { stdout } = await run(process.execPath, ['-e', `const { fileStore } = require('./stores/file.cjs'); console.log(typeof fileStore({ dir: 'x' }).get);`], {
      cwd: PKG,
    });
    assert.equal(stdout.trim(), 'function');
  });
});

const PAGE = `<!doctype html><meta charset="utf-8"><title>the IndexedDB store</title>
<script type="module">
  import * as sdk from '/index.js';
  import { indexedDBStore } from '/stores/indexeddb.js';
  window.ensureOnce = async (baseURL, apiKey) => {
    const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
    const { file, reused } = await files.ensure({ file: new Blob(['bytes of a page']), filename: 'page.txt', purpose: 'file-extract' }, { store: indexedDBStore() });
    return { id: file.id, reused };
  };
  window.indexedDBStore = indexedDBStore;
  document.title = 'ready';
</script>`;

describe('the IndexedDB store, in Chromium', () => {
  let mock, site, browser, page;
  before(async () => {
    mock = await startMockServer({ seed: 'none', apiKey: KEY });
    site = await serveFolder(PKG, { '/': PAGE });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await mock?.close();
  });
  const load = async () => {
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => document.title === 'ready');
  };

  it('remembers, replaces and forgets a file id by key', async () => {
    await load();
    const seen = await page.evaluate(async () => {
      const store = window.indexedDBStore({ name: 'a-test-of-its-own' });
      const got = [await store.get('k')];
      await store.set('k', 'file-1');
      await store.set('k', 'file-2');
      got.push(await store.get('k'), await window.indexedDBStore({ name: 'a-test-of-its-own' }).get('k'));
      await store.delete('k');
      got.push(await store.get('k'));
      return got;
    });
    assert.deepEqual(seen, [undefined, 'file-2', 'file-2', undefined]);
  });

  it('reuses a file across a page reload: one upload', async () => {
    mock.clearRequests();
    await load();
    const first = await page.evaluate(([baseURL, apiKey]) => window.ensureOnce(baseURL, apiKey), [mock.url, KEY]);
    await page.reload();
    await page.waitForFunction(() => document.title === 'ready');
    const second = await page.evaluate(([baseURL, apiKey]) => window.ensureOnce(baseURL, apiKey), [mock.url, KEY]);
    assert.deepEqual([first.reused, second.reused], [false, true]);
    assert.equal(second.id, first.id);
    const uploads = notPreflight(mock.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/files');
    assert.equal(uploads.length, 1);
  });
});
