// Browser consumers: one headless Chromium for the whole matrix, a static
// server for built pages, and the probe results read back from a page.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchChromium } from '../../support/chromium.mjs';
import { UPLOAD_INPUT } from './probe.mjs';

let browser;

export function chromium() {
  browser ??= launchChromium();
  return browser;
}

export async function closeChromium() {
  const launched = browser;
  browser = undefined;
  await (await launched)?.close();
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serves `root` on loopback as a plain web server would; logs the paths asked for. */
export async function serveStatic(root) {
  const requested = [];
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    requested.push(pathname);
    const file = path.join(root, decodeURIComponent(pathname), pathname.endsWith('/') ? 'index.html' : '');
    if (!file.startsWith(root) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requested,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * Opens `url` in a fresh context, picks the file at `upload` (if given) in
 * the probe's <input type=file> as a user would, and waits for the page to
 * set globalThis.probeResult (probe.mjs); returns it with what the page
 * complained of. If it never comes, the error says what the page reported
 * instead: uncaught errors, console errors, failed requests. `proxy`: the
 * page's calls under `proxy.from` go to `proxy.to` with `proxy.apiKey`
 * added, as a user's server that holds the key forwards them;
 * `proxy.forwarded` gets the Authorization each came with from the page.
 */
export async function readProbe(url, { upload, proxy, timeoutMs = 60_000 } = {}) {
  const context = await (await chromium()).newContext();
  const problems = [];
  try {
    if (proxy) await context.route(`${proxy.from}/**`, (route) => forward(route, proxy));
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
    page.on('response', (response) => {
      // The probe's own wrong-key call answers 401; anything else >= 400 is news.
      if (response.status() >= 400 && response.status() !== 401) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    // An uncaught error on these pages means the probe will not report: wait
    // a little for a result all the same, then stop waiting and say why.
    const crashed = new Promise((resolve) => page.once('pageerror', () => setTimeout(resolve, 3_000)));
    await page.goto(url);
    // Not awaited: a page that crashed before adding its input says so below.
    if (upload) {
      page.setInputFiles(`#${UPLOAD_INPUT}`, upload, { timeout: timeoutMs }).catch((err) => problems.push(`no file picked: ${err.message.split('\n')[0]}`));
    }
    const settled = page.waitForFunction(() => globalThis.probeResult !== undefined, null, { timeout: timeoutMs });
    const outcome = await Promise.race([settled.then(() => 'result', () => 'timeout'), crashed.then(() => 'crashed')]);
    if (outcome !== 'result' && !(await page.evaluate(() => globalThis.probeResult !== undefined))) {
      const why = outcome === 'crashed' ? 'the page threw' : `no probeResult in ${timeoutMs / 1000} s`;
      throw new Error(`${url}: ${why}; the page said:\n${problems.join('\n') || '(nothing)'}`);
    }
    return { seen: await page.evaluate(() => globalThis.probeResult), problems };
  } finally {
    await context.close();
  }
}

async function forward(route, { from, to, apiKey, forwarded }) {
  const request = route.request();
  forwarded.push(request.headers().authorization);
  const url = to + request.url().slice(from.length);
  const response = await route.fetch({ url, headers: { ...request.headers(), authorization: `Bearer ${apiKey}` } });
  await route.fulfill({ response });
}

/**
 * Opens `url`, clicks `click` if given, and returns the text of `selector`
 * once it is there (for pages rendered by a server: Next's).
 */
export async function readPageText(url, selector, { click, timeoutMs = 60_000 } = {}) {
  const context = await (await chromium()).newContext();
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    if (click) await page.click(click, { timeout: timeoutMs });
    try {
      return await page.textContent(selector, { timeout: timeoutMs });
    } catch (err) {
      throw new Error(`${url}: no ${selector} (${err.message.split('\n')[0]}); the page said:\n${problems.join('\n') || '(nothing)'}`);
    }
  } finally {
    await context.close();
  }
}
