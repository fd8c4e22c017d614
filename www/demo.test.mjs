// The demo as a user runs it: scripts/demo.mjs in a child process (the mock, or
// a stand-in "real service"), the page in headless Chromium.
//   node --test www/        (or: npm test --prefix www)
// Needs pkg/ built, `npm ci` in www/ and in the workspace (playwright-core), and
// Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DEMO = fileURLToPath(new URL('../scripts/demo.mjs', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const MOCK_KEY = 'sk-mock-key';
const XSS_NAME = '<img src=x onerror=alert(1)>.txt';
const SAMPLE_NAMES = [
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

/**
 * Starts scripts/demo.mjs on a free port and waits for its `Dashboard: <url>`
 * line. `env` is added to a copy of this environment without MOONSHOT_*.
 */
async function startDemo(env = {}) {
  const childEnv = { ...process.env, PORT: '0', ...env };
  for (const name of ['MOONSHOT_API_KEY', 'MOONSHOT_BASE_URL', 'MOONSHOT_UPSTREAM', 'MOONSHOT_PROXY_KEY']) {
    if (!(name in env)) delete childEnv[name];
  }
  const child = spawn(process.execPath, [DEMO], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not print its URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const url = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/) \((.*)\)$/m.exec(output);
      const upstream = /proxied to (\S+?),/.exec(output);
      if (url && upstream) {
        clearTimeout(timer);
        resolve({ url: url[1], against: url[2], upstream: upstream[1] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code ?? signal}) before printing its URL:\n${output}`));
    });
  });
  try {
    const info = await ready;
    return { ...info, output: () => output, stop: () => stopChild(child, exited) };
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
}

async function stopChild(child, exited) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  return exited;
}

/** A raw HTTP request (fetch would not let a test set Host or an unnormalized path). */
function request(url, { method = 'GET', headers = {}, path } = {}) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, method, path: path ?? target.pathname + target.search, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject).end();
  });
}

function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page that records what a user would not see: console errors, dialogs, every request and answer. */
async function watchedPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const seen = { errors: [], dialogs: [], requests: [], checks: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') seen.errors.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.errors.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('request', (req) => {
    seen.checks.push(req.allHeaders().then((headers) => seen.requests.push({ url: req.url(), headers })));
  });
  page.on('response', (res) => {
    seen.checks.push(
      Promise.all([res.allHeaders(), res.body().catch(() => Buffer.alloc(0))]).then(([headers, body]) => {
        const leaked = JSON.stringify(headers).includes(MOCK_KEY) || body.includes(MOCK_KEY);
        if (leaked) seen.errors.push(`the key is in the answer to ${res.url()}`);
      }),
    );
  });
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (String(payload).includes(MOCK_KEY)) seen.errors.push('the key is in a websocket frame');
    });
  });
  return { page, seen, settled: () => Promise.allSettled(seen.checks) };
}

const haveChromium = existsSync(CHROMIUM);

describe('the demo against the mock', { skip: !haveChromium && `no Chromium at ${CHROMIUM}` }, () => {
  let demo;
  let browser;
  let mockOrigin;

  before(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
    mockOrigin = new URL(demo.upstream).origin;
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('prints where it serves and what it is against', () => {
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(demo.against, 'against the mock with sample files');
  });

  test('lists the sample files, markup in names as text, the key nowhere in the page', async () => {
    const { page, seen, settled } = await watchedPage(browser);
    const mockLogBefore = (await (await fetch(`${mockOrigin}/__mock/requests`)).json()).length;

    await page.goto(demo.url);
    const rows = page.locator('#files tbody tr');
    await rows.nth(SAMPLE_NAMES.length - 1).waitFor();
    await page.waitForLoadState('networkidle');

    assert.equal(await rows.count(), SAMPLE_NAMES.length);
    const names = await page.locator('#files tbody td.name').allTextContents();
    assert.deepEqual([...names].sort(), [...SAMPLE_NAMES].sort());
    // Newest first: the API lists oldest first.
    assert.equal(names[0], 'customer-interviews.md');
    assert.equal(names.at(-1), 'quarterly-report-2026.pdf');

    // The XSS-named file is text: no element was made from it, nothing ran.
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('#files tbody td.name', { hasText: XSS_NAME }).count(), 1);
    assert.deepEqual(seen.dialogs, []);

    // A row's other cells: id, purpose, status with details, size, date.
    const contract = page.locator('#files tbody tr', { hasText: 'scanned-contract.pdf' });
    assert.match(await contract.locator('td.id').textContent(), /^file-[a-z0-9]{20}$/);
    assert.match(await contract.textContent(), /file-extract/);
    assert.equal(await contract.locator('.badge').textContent(), 'error');
    assert.match(await contract.locator('.details').textContent(), /no text layer/);
    assert.equal(await contract.locator('td.num').textContent(), '8.4 MB');
    assert.match(await contract.locator('time').getAttribute('datetime'), /^2026-08-30T/);
    assert.equal(await page.locator('#summary').textContent(), '9 files · 59.6 MB in all');

    await page.close();
    await settled();
    assert.deepEqual(seen.errors, []);
    const withAuth = seen.requests.filter(({ headers }) => 'authorization' in headers);
    assert.deepEqual(withAuth, [], 'no request from the page carries an Authorization header');
    assert.ok(seen.requests.some(({ url }) => url === `${demo.url}v1/files`), 'the page called the proxy');

    // The mock got the list call from the proxy, with the key.
    const log = (await (await fetch(`${mockOrigin}/__mock/requests`)).json()).slice(mockLogBefore);
    const lists = log.filter((entry) => entry.method === 'GET' && entry.path === '/v1/files');
    assert.ok(lists.length >= 1);
    assert.ok(lists.every((entry) => entry.headers.authorization === 'valid'));
  });

  test('shows an API error by class and message, as text, and recovers', async () => {
    const { page, seen, settled } = await watchedPage(browser);
    const fault = {
      method: 'GET',
      path: '/v1/files',
      status: 401,
      json: { error: { message: 'Invalid Authentication <b>key</b>', type: 'invalid_authentication_error' } },
    };
    const queued = await fetch(`${mockOrigin}/__mock/faults`, { method: 'POST', body: JSON.stringify(fault) });
    assert.equal(queued.status, 200);

    await page.goto(demo.url);
    const error = page.locator('.error');
    await error.waitFor();
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.equal(await error.locator('.error-name').textContent(), 'AuthenticationError');
    // The client puts the status before the service's message.
    assert.match(await error.locator('.error-message').textContent(), /^(?:401 )?Invalid Authentication <b>key<\/b>$/);
    assert.equal(await page.locator('b').count(), 0);
    assert.match(await error.locator('.error-facts').textContent(), /HTTP 401 · invalid_authentication_error · request req-/);
    assert.equal(await page.locator('#table-wrap').isHidden(), true);

    // The fault is used up: trying again lists the files.
    await error.getByRole('button', { name: 'Try again' }).click();
    await page.locator('#files tbody tr').nth(SAMPLE_NAMES.length - 1).waitFor();
    assert.equal(await page.locator('.error').count(), 0);

    await page.close();
    await settled();
    // Chromium logs the 401 answer itself as a failed resource load; nothing else.
    assert.deepEqual(seen.errors.filter((line) => !/status of 401/.test(line)), []);
  });

  test('shows the empty state when the account has no files', async () => {
    const { page, seen, settled } = await watchedPage(browser);
    const reset = await fetch(`${mockOrigin}/__mock/reset`, { method: 'POST', body: JSON.stringify({ seed: 'none' }) });
    assert.equal(reset.status, 200);
    try {
      await page.goto(demo.url);
      await page.locator('.empty').waitFor();
      assert.equal(await page.locator('.empty-title').textContent(), 'No files yet');
      assert.equal(await page.locator('#summary').textContent(), '0 files');
      assert.equal(await page.locator('#table-wrap').isHidden(), true);
    } finally {
      await fetch(`${mockOrigin}/__mock/reset`, { method: 'POST', body: JSON.stringify({ seed: 'sample' }) });
    }
    await page.close();
    await settled();
    assert.deepEqual(seen.errors, []);
  });
});

describe('the proxy, against a stand-in for the real service', () => {
  const UPSTREAM_KEY = 'sk-test-upstream-key';
  const received = [];
  let upstream;
  let demo;

  before(async () => {
    upstream = http.createServer((req, res) => {
      received.push({ method: req.method, url: req.url, headers: req.headers });
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': 'session=upstream; Path=/',
        'access-control-allow-origin': '*',
        'x-request-id': 'req-upstream',
      });
      res.end(JSON.stringify({ object: 'list', data: [] }));
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${upstream.address().port}/v1`;
    demo = await startDemo({ MOONSHOT_API_KEY: UPSTREAM_KEY, MOONSHOT_BASE_URL: base });
  });

  after(async () => {
    await demo?.stop();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve) ?? resolve());
  });

  test('uses MOONSHOT_API_KEY and MOONSHOT_BASE_URL, and never prints the key', () => {
    assert.match(demo.against, /^against http:\/\/127\.0\.0\.1:\d+\/v1 with MOONSHOT_API_KEY$/);
    assert.ok(!demo.output().includes(UPSTREAM_KEY));
  });

  test('forwards /v1/files with the key, without the browser credentials', async () => {
    received.length = 0;
    const res = await request(`${demo.url}v1/files/a%2Fb/content?x=1`, {
      headers: {
        cookie: 'local=secret',
        authorization: 'Bearer from-the-browser',
        origin: demo.url.slice(0, -1),
        referer: demo.url,
        'sec-fetch-site': 'same-origin',
      },
    });
    assert.equal(res.status, 200);
    assert.equal(received.length, 1);
    const [seen] = received;
    assert.equal(seen.url, '/v1/files/a%2Fb/content?x=1');
    assert.equal(seen.headers.authorization, `Bearer ${UPSTREAM_KEY}`);
    assert.equal(seen.headers.host, `127.0.0.1:${upstream.address().port}`);
    for (const name of ['cookie', 'origin', 'referer', 'x-forwarded-for']) assert.equal(seen.headers[name], undefined, name);
    // The answer: the upstream's own headers pass, its cookies and CORS grants do not.
    assert.equal(res.headers['x-request-id'], 'req-upstream');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.ok(!JSON.stringify(res).includes(UPSTREAM_KEY));
  });

  test('refuses other sites, other paths and other hosts before the upstream', async () => {
    received.length = 0;
    const cases = [
      [{ headers: { 'sec-fetch-site': 'cross-site' } }, 403, 'permission_denied_error'],
      [{ headers: { 'sec-fetch-site': 'same-site' } }, 403, 'permission_denied_error'],
      [{ method: 'POST', headers: { origin: 'http://evil.example' } }, 403, 'permission_denied_error'],
      [{ path: '/v1/models' }, 404, 'resource_not_found_error'],
      [{ path: '/v1/files/../models' }, 400, 'invalid_request_error'],
      [{ path: '/v1/files/%2e%2e/models' }, 400, 'invalid_request_error'],
      [{ path: '/v1/files//x' }, 404, 'resource_not_found_error'],
      [{ headers: { host: 'evil.example' } }, 403, null], // DNS rebinding: Vite's host check
    ];
    for (const [options, status, type] of cases) {
      const res = await request(`${demo.url}v1/files`, options);
      assert.equal(res.status, status, JSON.stringify(options));
      if (type) assert.equal(JSON.parse(res.body).error.type, type, JSON.stringify(options));
    }
    assert.deepEqual(received, [], 'nothing reached the upstream');
  });

  test('serves no file holding the key', async () => {
    for (const path of ['/', '/src/main.js', '/@vite/client', '/@fs' + fileURLToPath(new URL('../pkg/web/index.js', import.meta.url))]) {
      const res = await request(`${demo.url.slice(0, -1)}${path}`);
      assert.equal(res.status, 200, path);
      assert.ok(!res.body.includes(UPSTREAM_KEY), path);
      assert.ok(!JSON.stringify(res.headers).includes(UPSTREAM_KEY), path);
    }
  });
});
