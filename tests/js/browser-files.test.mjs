// The Files API calls of the built package in headless Chromium (pkg/index.js, as a
// page without a bundler loads it) against the mock on another origin: an
// upload's lifecycle, refusals, the browser key guard, timeouts, aborts and
// retries.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { startMockServer } from '../../mock/server.mjs';
import { launchChromium } from '../support/chromium.mjs';
import { atLeast, notPreflight, waitUntil } from '../support/helpers.mjs';
import { serveFolder } from '../support/static-server.mjs';

const KEY = 'sk-mock-key';
// How long the mock holds an answer that must never come in time.
const HELD_MS = 10_000;
const PAGE = `<!doctype html><meta charset="utf-8"><title>moonshot-files files</title>
<script type="module">
  import * as sdk from '/index.js';
  window.sdk = sdk;
  // What a failed call rejected with, as plain data the test can inspect.
  window.failure = async (promise) => {
    const started = performance.now();
    try {
      const value = await promise;
      return { resolved: true, value };
    } catch (err) {
      const chain = [];
      for (let p = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) chain.push(p.constructor.name);
      return {
        resolved: false,
        name: err.name,
        chain,
        moonshot: err instanceof sdk.MoonshotError,
        message: err.message,
        status: err.status,
        type: err.type,
        attempts: err.attempts,
        ms: performance.now() - started,
      };
    }
  };
  document.title = 'ready';
</script>`;

let mock, site, browser, page;
const consoleErrors = [];

before(async () => {
  mock = await startMockServer({ seed: 'sample', apiKey: KEY });
  site = await serveFolder(new URL('../../pkg/', import.meta.url).pathname, { '/': PAGE });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  await page.goto(site.origin + '/');
  await page.waitForFunction(() => document.title === 'ready');
});

after(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});

beforeEach(() => {
  mock.reset();
  mock.clearRequests();
});

/** Runs `fn(sdk, baseURL, key)` in the page and returns what it returns. */
const inPage = (fn, arg = null) =>
  page.evaluate(`(${fn})(window.sdk, ${JSON.stringify(mock.url)}, ${JSON.stringify(KEY)}, ${JSON.stringify(arg)})`);
const apiRequests = () => notPreflight(mock.requests());

describe('in Chromium: the Files API', () => {
  it('uploads a File, then lists, retrieves, reads and deletes it', async () => {
    const text = 'Meeting notes — Grüße 世界\n- item one\n';
    const result = await inPage(async (sdk, baseURL, apiKey, text) => {
      const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
      const created = await files.create({ file: new File([text], 'notes.txt', { type: 'text/plain' }), purpose: 'file-extract' });
      const listed = (await files.list()).data.map((f) => f.id);
      const retrieved = await files.retrieve(created.id);
      const extracted = await files.extractedText(created.id);
      const raw = await files.content(created.id);
      const deleted = await files.delete(created.id);
      const gone = await window.failure(files.retrieve(created.id));
      return { created, plain: Object.getPrototypeOf(created) === Object.prototype, listed, retrieved, extracted, raw, deleted, gone };
    }, text);
    const { created } = result;
    assert.equal(result.plain, true);
    assert.match(created.id, /^[a-z0-9]{20}$/, 'an id of the service\'s shape');
    assert.equal(created.object, 'file');
    assert.equal(created.filename, 'notes.txt');
    assert.equal(created.purpose, 'file-extract');
    assert.equal(created.bytes, Buffer.byteLength(text));
    assert.equal(created.status, 'ready');
    assert.equal(result.listed.at(-1), created.id);
    assert.deepEqual(result.retrieved, created);
    assert.equal(result.extracted, text);
    assert.equal(JSON.parse(result.raw).content, text);
    assert.deepEqual(result.deleted, { id: created.id, object: 'file', deleted: true });
    assert.equal(result.gone.name, 'NotFoundError');
    assert.equal(result.gone.status, 404);
    assert.equal(mock.store.get(created.id), undefined);
    const upload = apiRequests().find((r) => r.method === 'POST');
    const sha256 = createHash('sha256').update(text).digest('hex');
    assert.deepEqual(upload.upload, { filename: 'notes.txt', purpose: 'file-extract', bytes: Buffer.byteLength(text), sha256 });
  });

  it('refuses an empty file before sending', async () => {
    const result = await inPage(async (sdk, baseURL, apiKey) => {
      const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
      return window.failure(files.create({ file: new File([], 'empty.txt'), purpose: 'file-extract' }));
    });
    assert.equal(result.name, 'InvalidArgumentError');
    assert.equal(result.moonshot, true);
    assert.equal(result.attempts, 0);
    assert.match(result.message, /empty\.txt is empty/);
    assert.equal(mock.requests().length, 0, 'not even a preflight');
  });

  it('refuses a key in a page unless dangerouslyAllowBrowser; a keyless client starts', async () => {
    const result = await inPage(async (sdk, baseURL, apiKey) => {
      let refused = null;
      try {
        new sdk.Moonshot({ apiKey, baseURL });
      } catch (err) {
        refused = { name: err.name, moonshot: err instanceof sdk.MoonshotError, message: err.message };
      }
      const keyless = new sdk.Moonshot({ baseURL });
      // The mock wants a key: the keyless call is the mock's 401 (a proxy would add the key).
      const call = await window.failure(keyless.files.list({ maxRetries: 0 }));
      return { refused, keyless: typeof keyless.files.list, call };
    });
    assert.equal(result.refused?.name, 'InvalidArgumentError');
    assert.equal(result.refused.moonshot, true);
    assert.match(result.refused.message, /dangerouslyAllowBrowser/);
    assert.ok(!result.refused.message.includes(KEY));
    assert.equal(result.keyless, 'function');
    assert.equal(result.call.name, 'AuthenticationError');
    const [sent] = apiRequests();
    assert.equal(sent.headers.authorization, 'missing', 'a keyless client sends no Authorization');
  });

  it('an answer slower than the timeout is a TimeoutError', async () => {
    mock.inject({ path: '/v1/files', delayMs: HELD_MS });
    const result = await inPage(async (sdk, baseURL, apiKey) => {
      const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true, timeout: 1000, maxRetries: 0 }).files;
      return window.failure(files.list());
    });
    assert.equal(result.name, 'TimeoutError');
    assert.equal(result.moonshot, true);
    assert.equal(result.attempts, 1);
    assert.match(result.message, /timed out after 1000 ms/);
    atLeast(result.ms, 1000, 'the call');
    const [held] = apiRequests();
    assert.equal(held.status, null, 'the call ended while its answer was still held back');
  });

  it('an abort is an AbortError at once', async () => {
    mock.inject({ path: '/v1/files', delayMs: HELD_MS });
    await inPage(async (sdk, baseURL, apiKey) => {
      const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
      window.controller = new AbortController();
      window.call = window.failure(files.list({ signal: window.controller.signal }));
    });
    // Aborted once the request has reached the mock, which holds its answer.
    await waitUntil(() => apiRequests().length === 1, 'the request');
    const result = await page.evaluate(() => {
      window.controller.abort();
      return window.call;
    });
    assert.equal(result.name, 'AbortError');
    assert.equal(result.moonshot, true);
    assert.equal(result.attempts, 1);
    const [held] = apiRequests();
    assert.equal(held.status, null, 'the call ended while its answer was still held back');
    assert.equal(apiRequests().length, 1, 'not retried');
  });

  it('a 500 then a 200 is retried: two requests', async () => {
    mock.inject({ path: '/v1/files', status: 500, headers: { 'retry-after-ms': '0' } });
    const result = await inPage(async (sdk, baseURL, apiKey) => {
      const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
      return window.failure(files.list());
    });
    assert.equal(result.resolved, true, result.message);
    assert.equal(result.value.data.length, 9);
    assert.deepEqual(apiRequests().map((r) => r.status), [500, 200]);
  });

  it('a spent quota is not retried', async () => {
    mock.inject({
      path: '/v1/files',
      status: 429,
      json: { error: { message: 'out of balance', type: 'exceeded_current_quota_error' } },
      headers: { 'retry-after-ms': '0' },
      times: 3,
    });
    const result = await inPage(async (sdk, baseURL, apiKey) => {
      const files = new sdk.Moonshot({ apiKey, baseURL, dangerouslyAllowBrowser: true }).files;
      return window.failure(files.list());
    });
    assert.equal(result.name, 'QuotaExceededError');
    assert.deepEqual(result.chain.slice(0, 4), ['QuotaExceededError', 'APIError', 'MoonshotError', 'Error']);
    assert.equal(result.status, 429);
    assert.equal(result.type, 'exceeded_current_quota_error');
    assert.equal(result.attempts, 1);
    assert.equal(apiRequests().length, 1);
  });

  it('logged nothing to the console but failed resource loads', () => {
    const unexpected = consoleErrors.filter((text) => !/Failed to load resource/.test(text));
    assert.deepEqual(unexpected, []);
  });
});
