// The built package in headless Chromium, loaded the way a page without a
// bundler loads it: <script type="module"> importing pkg/index.js.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { startMockServer } from '../../mock/server.mjs';
import { launchChromium } from '../support/chromium.mjs';
import { serveFolder } from '../support/static-server.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>moonshot-files in a page</title>
<script type="module">
  import * as sdk from '/index.js';
  window.sdk = sdk;
  document.title = 'ready';
</script>`;

let mock, site, browser, page;
const consoleErrors = [];

before(async () => {
  mock = await startMockServer({ seed: 'sample' });
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

/** Runs `fn(sdk, mockUrl)` in the page and returns what it returns. */
const inPage = (fn) => page.evaluate(`(${fn})(window.sdk, ${JSON.stringify(mock.url)})`);

describe('in Chromium, without a bundler', () => {
  it('lists the files as plain objects', async () => {
    const result = await inPage(async (sdk, baseURL) => {
      const page = await new sdk.Moonshot({ apiKey: 'sk-mock-key', baseURL, dangerouslyAllowBrowser: true }).files.list();
      return {
        plain: Object.getPrototypeOf(page.data[0]) === Object.prototype,
        cloned: structuredClone(page).data.length,
        json: JSON.parse(JSON.stringify(page)),
      };
    });
    assert.equal(result.plain, true);
    assert.equal(result.cloned, mock.store.size);
    assert.equal(result.json.object, 'list');
    assert.deepEqual(result.json.data.map((f) => f.filename), mock.store.list().map((f) => f.filename));
  });

  it('throws the error classes with status, type and message', async () => {
    mock.inject({ path: '/v1/files', status: 500, json: { error: { message: 'down', type: 'server_error' } } });
    const file = { id: 'f', object: 'file', bytes: 1, created_at: 1, filename: 'a', purpose: 'image', status: 'ready' };
    mock.inject({ path: '/v1/files', json: { object: 'list', data: [file, { ...file, created_at: null }] } });
    const errors = await inPage(async (sdk, baseURL) => {
      const describe = async (client) => {
        try {
          await client.files.list();
          return 'no error';
        } catch (err) {
          return {
            name: err.name,
            moonshot: err instanceof sdk.MoonshotError,
            auth: err instanceof sdk.AuthenticationError,
            server: err instanceof sdk.InternalServerError,
            invalid: err instanceof sdk.InvalidResponseError,
            status: err.status,
            type: err.type,
            message: err.message,
            path: err.path,
          };
        }
      };
      const ok = new sdk.Moonshot({ apiKey: 'sk-mock-key', baseURL, dangerouslyAllowBrowser: true, maxRetries: 0 });
      return {
        server: await describe(ok),
        invalid: await describe(ok),
        auth: await describe(new sdk.Moonshot({ apiKey: 'sk-wrong', baseURL, dangerouslyAllowBrowser: true })),
      };
    });
    assert.deepEqual(
      { ...errors.server, message: undefined },
      { name: 'InternalServerError', moonshot: true, auth: false, server: true, invalid: false, status: 500, type: 'server_error', message: undefined, path: undefined },
    );
    assert.match(errors.server.message, /down/);
    assert.equal(errors.auth.name, 'AuthenticationError');
    assert.equal(errors.auth.auth && errors.auth.moonshot, true);
    assert.equal(errors.auth.status, 401);
    assert.equal(errors.auth.type, 'invalid_authentication_error');
    assert.equal(errors.invalid.name, 'InvalidResponseError');
    assert.equal(errors.invalid.path, 'data[1].created_at');
    assert.match(errors.invalid.message, /data\[1\]\.created_at: expected an integer, got null/);
  });

  it('logged no errors to the console', () => {
    // Failed fetches (the 401 and 500 above) are logged by Chromium as
    // resource errors; anything else is a defect of the package.
    const unexpected = consoleErrors.filter((text) => !/Failed to load resource/.test(text));
    assert.deepEqual(unexpected, []);
  });
});
