#!/usr/bin/env node
// `make demo`: serves the demo page (www/) with Vite's dev server, whose
// /v1/files is proxied to the API with the key added server-side.
//
//   MOONSHOT_API_KEY set:  the real service, at MOONSHOT_BASE_URL or https://api.moonshot.cn/v1
//   otherwise:             the mock server (mock/), seeded with the sample files
//   PORT:                  the port on 127.0.0.1 (default 8080; 0 picks a free one)
//   MOCK_PROCESSING_MS:    how long the mock keeps an upload `processing` (default
//                          1500, so the page's polling shows; 0: ready at once)
//   MOCK_MAX_CONCURRENCY, MOCK_MAX_RPM: the mock's rate limits (none by default;
//                          mock/README.md, "Rate limits")
//   MOONSHOT_API_VERSION:  the page speaks the dated API of this version (such as
//                          2026-09-01-beta; unset: the compatible API)
//
// Prints `Dashboard: <url> (…)` once it listens (`http://127.0.0.1:PORT/?token=...`:
// the real port, and the token the page's API calls need; for scripts to
// parse), then where /v1/files goes and, with the mock, `Mock control:
// <origin>/__mock` (reset, faults, request log: see mock/README.md). Runs until SIGINT or SIGTERM.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { entryUrl, newToken } from '../pkg-template/ui-server/guard.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const www = join(root, 'www');
const MOCK_KEY = 'sk-mock-key';

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

function processingMsFromEnv() {
  const raw = process.env.MOCK_PROCESSING_MS?.trim() || '1500';
  if (!/^\d+$/.test(raw)) fail(`MOCK_PROCESSING_MS must be a number of milliseconds, not ${raw}`);
  return Number(raw);
}

// A rate limit of the mock: unset is none.
function limitFromEnv(name) {
  const raw = process.env[name]?.trim();
  if (!raw) return null;
  if (!/^[1-9]\d*$/.test(raw)) fail(`${name} must be a positive integer, not ${raw}`);
  return Number(raw);
}

function portFromEnv() {
  const raw = process.env.PORT?.trim() || '8080';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) fail(`PORT must be a port number (0 for any free port), not ${raw}`);
  return port;
}

// Vite as www/ installs it (its package.json pins the version), not whatever
// the workspace has.
async function importVite() {
  let manifest;
  try {
    manifest = createRequire(join(www, 'package.json')).resolve('vite/package.json');
  } catch {
    fail('www/node_modules is missing: run `npm ci --prefix www` first');
  }
  const entry = JSON.parse(readFileSync(manifest, 'utf8')).exports['.'];
  const file = typeof entry === 'string' ? entry : (entry.import ?? entry.default);
  return import(pathToFileURL(join(dirname(manifest), file)).href);
}

const port = portFromEnv();
if (!existsSync(join(root, 'pkg', 'index.js'))) fail('pkg/ is not built: run `make build` first');
const { createServer } = await importVite();

let mock;
let upstream;
let key;
let against;
const apiKey = process.env.MOONSHOT_API_KEY?.trim();
if (apiKey) {
  upstream = process.env.MOONSHOT_BASE_URL?.trim() || 'https://api.moonshot.cn/v1';
  if (!URL.canParse(upstream) || !/^https?:$/.test(new URL(upstream).protocol)) {
    fail(`MOONSHOT_BASE_URL must be an http(s) URL such as https://api.moonshot.cn/v1, not ${upstream}`);
  }
  key = apiKey;
  against = `against ${upstream} with MOONSHOT_API_KEY`;
} else {
  const { startMockServer } = await import('../mock/server.mjs');
  mock = await startMockServer({
    port: 0,
    apiKey: MOCK_KEY,
    seed: 'sample',
    processingMs: processingMsFromEnv(),
    maxConcurrency: limitFromEnv('MOCK_MAX_CONCURRENCY'),
    maxRpm: limitFromEnv('MOCK_MAX_RPM'),
  });
  upstream = mock.url;
  key = MOCK_KEY;
  against = 'against the mock with sample files';
}

// Checked by the package itself, as `moonshot-files ui` checks it: a version the
// page would refuse fails here, not in the browser.
const apiVersion = process.env.MOONSHOT_API_VERSION?.trim();
if (apiVersion) {
  const { Moonshot } = await import('../pkg/index.mjs');
  try {
    new Moonshot({ apiKey: key, baseURL: upstream, apiVersion });
  } catch (error) {
    await mock?.close();
    fail(`MOONSHOT_API_VERSION: ${error.message}`);
  }
}

// Read by www/vite.config.js, in this process only: Vite exposes VITE_* variables
// to the page, never these.
process.env.MOONSHOT_UPSTREAM = upstream;
process.env.MOONSHOT_PROXY_KEY = key;
// The page's URL carries it once; the guard trades it for a cookie.
const token = newToken();
process.env.MOONSHOT_UI_TOKEN = token;

let server;
try {
  server = await createServer({
    root: www,
    configFile: join(www, 'vite.config.js'),
    clearScreen: false,
    server: { port },
  });
  await server.listen();
} catch (error) {
  await mock?.close();
  fail(`the dev server did not start: ${error.message}`);
}

const url = entryUrl('127.0.0.1', server.httpServer.address().port, token);
console.log(`Dashboard: ${url} (${against})`);
console.log(`  /v1/files is proxied to ${upstream}, with the key added by this process; Ctrl-C stops.`);
if (apiVersion) console.log(`  The page speaks the dated API, version ${apiVersion}.`);
if (mock) console.log(`  Mock control: ${mock.origin}/__mock (reset, faults, requests; see mock/README.md)`);

// A second signal, or a close that hangs, ends the process at once.
let stopping = false;
async function stop() {
  if (stopping) process.exit(0);
  stopping = true;
  setTimeout(() => process.exit(0), 5_000).unref();
  try {
    await server.close();
    await mock?.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
