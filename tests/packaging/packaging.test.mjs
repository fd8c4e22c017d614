// Packaging tests: what `npm pack` publishes from pkg/, installed the way users
// install it, into small consumer apps (Node ESM, Node CommonJS, Vite in
// Chromium, TypeScript), each run against the mock API.
//
// Run: node --test test/packaging/      (needs a built pkg/; see the README)
//
// Fixture apps live in consumers/<name>/ and are copied into a fresh directory
// under os.tmpdir(), so the installed package is resolved from that app's own
// node_modules and never from this repository. Their .js/.mjs/.cjs files are
// stored with a `.fixture` suffix, dropped by the copy: `node --test`
// would otherwise run every script under a test/ directory as a test file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startMockServer } from '../../mock/server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = path.join(ROOT, 'pkg');
const CONSUMERS = fileURLToPath(new URL('./consumers/', import.meta.url));
const VITE = path.join(ROOT, 'node_modules/vite/bin/vite.js');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const API_KEY = 'sk-mock-key';
// One name of the mock's `sample` seed, to be sure that seed is the one listed.
const SEEDED_NAME = 'quarterly-report-2026.pdf';
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

const execFileAsync = promisify(execFile);

/** Runs a command; on failure the error message carries its output. */
async function run(command, args, { cwd, env = {} } = {}) {
  try {
    return await execFileAsync(command, args, { cwd, env: childEnv(env), timeout: 120_000, maxBuffer: 16 << 20 });
  } catch (err) {
    err.message += `\n--- stdout\n${err.stdout}\n--- stderr\n${err.stderr}`;
    throw err;
  }
}

// Children get a clean environment: no MOONSHOT_* of the developer's (each test
// sets its own), and no npm_* left by `npm test` (a nested `npm install` would
// read them as its config, e.g. the prefix to install into).
function childEnv(extra) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|MOONSHOT_|NODE_TEST_CONTEXT$)/i.test(name)) env[name] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', ...extra };
}

function makeTmpDir(label) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `moonshot-packaging-${label}-`));
}

function removeDir(dir) {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies consumers/<name>/ to `dir`, turning `main.mjs.fixture` into `main.mjs`. */
function copyFixture(name, dir) {
  const from = path.join(CONSUMERS, name);
  for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath ?? entry.path, entry.name);
    const target = path.join(dir, path.relative(from, source)).replace(/\.fixture$/, '');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

// The tarball, packed once for the whole file (packing is read-only on pkg/).
let packDir;
let tarball;
let tarballFiles;

before(async () => {
  assert.ok(
    fs.existsSync(path.join(PKG, 'package.json')),
    'pkg/ is missing: build it (wasm-pack build ... && node scripts/build-package.mjs) before these tests',
  );
  packDir = makeTmpDir('pack');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: PKG });
  tarball = path.join(packDir, JSON.parse(stdout)[0].filename);
  // List what is really in the tarball, not what npm says it put there.
  const { stdout: listing } = await run('tar', ['-tzf', tarball]);
  tarballFiles = listing
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''))
    .sort();
});

after(() => removeDir(packDir));

/** A fresh copy of a consumer app with the tarball installed, offline. */
async function makeApp(name) {
  const dir = makeTmpDir(name);
  try {
    copyFixture(name, dir);
    // --offline: the package has no dependencies, so nothing may be fetched.
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir });
    const installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/moonshot-files/package.json'), 'utf8'));
    const packed = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
    assert.equal(installed.version, packed.version, 'the app did not get the packed version');
    return dir;
  } catch (err) {
    removeDir(dir);
    throw err;
  }
}

describe('npm pack', () => {
  test('the tarball holds the package and nothing else', () => {
    // At the root: the manifest, the README, the types (and license texts, if added).
    // Below: only the two builds, made of JS glue, declarations, wasm and a
    // package.json giving the module type. No sources, maps or build leftovers.
    const allowed = /^(package\.json|README\.md|LICENSE[^/]*|index\.d\.ts|index\.d\.mts|errors\.d\.ts|(web|node)\/[^/]+\.(js|cjs|mjs|d\.ts|wasm|json))$/;
    const unexpected = tarballFiles.filter((file) => !allowed.test(file));
    assert.deepEqual(unexpected, [], `unexpected files in the tarball: ${unexpected.join(', ')}`);

    for (const target of ['web', 'node']) {
      for (const file of ['errors.js', 'moonshot_files.js', 'moonshot_files.d.ts', 'moonshot_files_bg.wasm', 'package.json']) {
        assert.ok(tarballFiles.includes(`${target}/${file}`), `${target}/${file} is missing`);
      }
    }
  });

  test('every entry point in package.json is in the tarball', async () => {
    const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
    const manifest = JSON.parse(stdout);

    // Collect every path the manifest points at (exports conditions, main, ...).
    const targets = [];
    const collect = (value) => {
      if (typeof value === 'string') targets.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    collect([manifest.main, manifest.module, manifest.browser, manifest.types, manifest.sideEffects]);
    assert.ok(targets.length > 5, 'the manifest has fewer entry points than expected');
    for (const target of targets) {
      assert.ok(tarballFiles.includes(target.replace(/^\.\//, '')), `package.json points at ${target}, not in the tarball`);
    }

    // Installs must work offline and without surprises.
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'scripts']) {
      assert.equal(manifest[field], undefined, `the published package.json has ${field}`);
    }
  });
});

/** What the Node consumers print, checked the same way for both. */
function assertListedSeed(output, mock) {
  const seeded = mock.store.list();
  assert.ok(seeded.some((file) => file.filename === SEEDED_NAME), 'the mock is not on its sample seed');
  assert.equal(output.object, 'list');
  assert.equal(output.isPlainObject, true, 'files.list() should give a plain object with a data array');
  assert.deepEqual(output.filenames, seeded.map((file) => file.filename));
  // One whole FileObject, to see that no field is lost or mistyped on the way.
  assert.deepEqual(output.firstFile, seeded[0]);
}

function assertAuthenticationError(error, mock) {
  assert.ok(error, 'a wrong API key did not throw');
  assert.equal(error.name, 'AuthenticationError');
  assert.equal(error.isAuthenticationError, true);
  assert.equal(error.isAPIError, true);
  assert.equal(error.isMoonshotError, true);
  assert.equal(error.isError, true);
  assert.equal(error.status, 401);
  assert.equal(error.type, 'invalid_authentication_error');
  // The request id is the one the mock sent for that 401.
  const answered = mock.requests().find((request) => request.status === 401);
  assert.equal(error.requestId, answered?.requestId);
}

/** Runs a consumer's script with the mock in its environment; parses its JSON. */
async function runConsumer(app, script, mock) {
  const { stdout } = await run(process.execPath, [script], {
    cwd: app,
    env: { MOONSHOT_BASE_URL: mock.url, MOONSHOT_API_KEY: API_KEY },
  });
  return JSON.parse(stdout);
}

describe('node-esm consumer: import, options from the environment', () => {
  let app;
  let mock;
  let output;

  before(async () => {
    [app, mock] = await Promise.all([makeApp('node-esm'), startMockServer({ seed: 'sample' })]);
    output = await runConsumer(app, 'main.mjs', mock);
  });

  after(async () => {
    await mock?.close();
    removeDir(app);
  });

  test('lists the seeded files', () => assertListedSeed(output, mock));

  test('a 401 is an AuthenticationError, a MoonshotError, with status and request id', () =>
    assertAuthenticationError(output.error, mock));

  test('new Moonshot() took MOONSHOT_BASE_URL and MOONSHOT_API_KEY; an explicit apiKey overrides it', () => {
    const calls = mock.requests().map((request) => [request.method, request.path, request.headers.authorization]);
    assert.deepEqual(calls, [
      ['GET', '/v1/files', 'valid'],
      ['GET', '/v1/files', 'invalid'],
    ]);
  });

  test('import and require() share the classes', () => assert.equal(output.sameClassesAsRequire, true));
});

describe('node-cjs consumer: require, explicit options', () => {
  let app;
  let mock;
  let output;

  before(async () => {
    [app, mock] = await Promise.all([makeApp('node-cjs'), startMockServer({ seed: 'sample' })]);
    output = await runConsumer(app, 'main.cjs', mock);
  });

  after(async () => {
    await mock?.close();
    removeDir(app);
  });

  test('lists the seeded files', () => assertListedSeed(output, mock));

  test('a 401 is an AuthenticationError, a MoonshotError, with status and request id', () =>
    assertAuthenticationError(output.error, mock));
});

/** Serves a directory over HTTP (wasm as application/wasm) and logs the paths served. */
async function serveStatic(root) {
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.wasm': 'application/wasm',
  };
  const served = [];
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const file = path.join(root, pathname === '/' ? 'index.html' : decodeURIComponent(pathname));
    if (!file.startsWith(root + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    served.push(pathname);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

describe('vite consumer: vite build, run in Chromium', () => {
  let app;
  let dist;
  let mock;
  let server;
  let browser;

  before(async () => {
    [app, mock, browser] = await Promise.all([
      makeApp('vite'),
      startMockServer({ seed: 'sample' }),
      chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }),
    ]);
    await run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: app });
    dist = path.join(app, 'dist');
    server = await serveStatic(dist);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await mock?.close();
    removeDir(app);
  });

  /** Opens the built page on a fresh context; collects console errors and page errors. */
  async function visit(params) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    // A seeded file is named `<img src=x onerror=alert(1)>.txt`: it must stay text.
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    await page.goto(`${server.url}/?${new URLSearchParams(params)}`);
    await page.waitForSelector('body[data-state]', { timeout: 15_000 });
    return { context, page, problems };
  }

  test('the build bundles the browser entry and emits the wasm as an asset', () => {
    const assets = fs.readdirSync(path.join(dist, 'assets'));
    const wasm = assets.filter((file) => file.endsWith('.wasm'));
    const scripts = assets.filter((file) => file.endsWith('.js'));
    assert.equal(wasm.length, 1, `expected one wasm asset, got: ${assets.join(', ')}`);
    assert.equal(scripts.length, 1, `expected one script, got: ${assets.join(', ')}`);

    // The asset is the package's browser wasm, byte for byte.
    assert.ok(fs.readFileSync(path.join(dist, 'assets', wasm[0])).equals(fs.readFileSync(path.join(PKG, 'web/moonshot_files_bg.wasm'))));

    const bundle = fs.readFileSync(path.join(dist, 'assets', scripts[0]), 'utf8');
    // new URL('moonshot_files_bg.wasm', import.meta.url) was rewritten to the hashed asset.
    assert.ok(bundle.includes(wasm[0]), 'the bundle does not reference the emitted wasm');
    // The "browser" condition was taken: none of the Node glue (fs, require) came along.
    assert.doesNotMatch(bundle, /readFileSync|require\(/);
    // The client lives in the wasm; the JS glue should stay small.
    assert.ok(bundle.length < 64 * 1024, `the bundle is ${bundle.length} bytes`);

    assert.match(fs.readFileSync(path.join(dist, 'index.html'), 'utf8'), new RegExp(`src="/assets/${scripts[0]}"`));
  });

  test('the page lists the seeded files, with no console errors', async () => {
    const { context, page, problems } = await visit({ base: mock.url, key: API_KEY });
    try {
      assert.equal(await page.getAttribute('body', 'data-state'), 'listed', await page.textContent('#error'));
      const names = await page.locator('#files li').allTextContents();
      assert.ok(names.includes(SEEDED_NAME));
      assert.deepEqual(names, mock.store.list().map((file) => file.filename));
      assert.deepEqual(problems, []);
      // The wasm came from the emitted asset, served as application/wasm.
      assert.ok(server.served.some((served) => /^\/assets\/.*\.wasm$/.test(served)));
    } finally {
      await context.close();
    }
  });

  test('a wrong key (401) shows AuthenticationError', async () => {
    const { context, page, problems } = await visit({ base: mock.url, key: 'sk-wrong-key' });
    try {
      assert.equal(await page.getAttribute('body', 'data-state'), 'failed');
      const shown = page.locator('#error');
      assert.equal(await shown.textContent(), 'AuthenticationError');
      assert.equal(await shown.getAttribute('data-status'), '401');
      assert.equal(await shown.getAttribute('data-authentication'), 'true');
      assert.equal(await shown.getAttribute('data-moonshot'), 'true');
      // Chromium itself logs every 4xx response; that one line is expected, nothing else.
      const others = problems.filter((text) => !/^Failed to load resource: .*status of 401\b/.test(text));
      assert.deepEqual(others, []);
    } finally {
      await context.close();
    }
  });
});

describe('typescript consumer: tsc --noEmit against the published types', () => {
  let app;

  before(async () => {
    app = await makeApp('typescript');
    // A Node project has Node's types (AbortSignal, Blob); lend it ours.
    fs.mkdirSync(path.join(app, 'node_modules/@types'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules/@types/node'), path.join(app, 'node_modules/@types/node'));
  });

  after(() => removeDir(app));

  const tsc = (config) => run(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { cwd: app });

  /** tsc's error lines for a config that must fail ([] if it passed). */
  const tscErrors = (config) =>
    tsc(config).then(
      () => [],
      (err) => {
        if (typeof err.stdout !== 'string') throw err;
        return err.stdout.split('\n').filter((line) => line.includes('error TS'));
      },
    );

  test('example.ts type-checks with moduleResolution "bundler"', () => tsc('tsconfig.bundler.json'));

  test('example.ts (ESM) and require.cts (CommonJS) type-check with "node16"', () => tsc('tsconfig.node16.json'));

  test('should-fail.ts is rejected: the types are real, not any', async () => {
    const errors = await tscErrors('tsconfig.should-fail.json');
    // Exactly the deliberate error: a missing or untyped package would give
    // none, or another one (TS2307 cannot find module, TS7016 no declaration).
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^should-fail\.ts\(\d+,\d+\): error TS2322: Type '42' is not assignable to type 'Purpose'/);
  });

  test(
    'the types compile without the ESNext.Disposable lib',
    async () => assert.deepEqual(await tscErrors('tsconfig.plain-lib.json'), []),
  );

  test(
    'node16 refuses a default import, as Node does at run time',
    async () => assert.deepEqual(await tscErrors('tsconfig.default-import.json'), []),
  );
});
