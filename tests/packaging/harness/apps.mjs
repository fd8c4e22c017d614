// The consumer apps: the packed tarball, and fresh copies of consumers/<name>/
// (or examples/<name>/) under os.tmpdir() with their tools and the tarball
// installed, so the package resolves from the app's own node_modules and
// never from this repository. Installs run ahead of the tests that need them,
// two at a time, while the machine's other core builds and runs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './processes.mjs';
import { timed } from './timings.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PKG = path.join(ROOT, 'pkg');
const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url));
const SOURCES = {
  consumers: fileURLToPath(new URL('../consumers/', import.meta.url)),
  examples: path.join(ROOT, 'examples'),
};
// What a developer may have left in a consumer folder by running it by hand.
const LEFTOVERS = new Set(['node_modules', 'dist', '.next', '.wrangler', '.dev.vars']);
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

/** How the tests and the timings name an app: `vite`, `example nextjs`. */
export const appLabel = (kind, name) => (kind === 'consumers' ? name : `example ${name}`);

// Every folder made here, removed at exit if a test did not (a skipped
// suite, a signal).
const made = new Set();
process.on('exit', () => made.forEach(removeDir));

export function makeTmpDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `moonshot-matrix-${label}-`));
  made.add(dir);
  return dir;
}

export function removeDir(dir) {
  if (!dir) return;
  fs.rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

let packed;

/**
 * The tarball under test, once for the whole run: pkg/ packed, or the one
 * PACKAGE_TARBALL names (to try a build from elsewhere, or an older one).
 * Gives { tarball, files, dir }: its path, the files in it, a folder to remove.
 */
export function packTarball() {
  packed ??= (async () => {
    const dir = makeTmpDir('pack');
    let tarball = process.env.PACKAGE_TARBALL && path.resolve(process.env.PACKAGE_TARBALL);
    if (!tarball) {
      assert.ok(fs.existsSync(path.join(PKG, 'package.json')), 'pkg/ is missing: `make build` first');
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: PKG });
      tarball = path.join(dir, JSON.parse(stdout)[0].filename);
    }
    // What is really in the tarball, not what npm says it put there.
    const { stdout: listing } = await run('tar', ['-tzf', tarball]);
    const files = listing.split('\n').filter(Boolean).map((entry) => entry.replace(/^package\//, '')).sort();
    return { tarball, files, dir };
  })();
  return packed;
}

function copySources(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (LEFTOVERS.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(target);
      copySources(source, target);
    } else {
      fs.copyFileSync(source, target);
    }
  }
}

/**
 * A fresh copy of an app with its locked tools (`npm ci`) and then the
 * packed tarball installed, as a user installs the package. The tarball is
 * never in the app's lock: it is built anew each run.
 */
async function install(kind, name) {
  const dir = makeTmpDir(`${kind}-${name}`);
  try {
    copySources(path.join(SOURCES[kind], name), dir);
    if (kind === 'consumers') fs.copyFileSync(PROBE, path.join(dir, 'probe.mjs'));
    const { tarball, files } = await packTarball();
    await run('npm', ['ci', '--prefer-offline', ...NPM_QUIET], { cwd: dir });
    // --no-save: the app's package.json and lock stay as committed.
    await run('npm', ['install', '--no-save', '--prefer-offline', ...NPM_QUIET, tarball], { cwd: dir });
    // The tarball's own files, not a copy from elsewhere (a cache, a workspace).
    const installed = path.join(dir, 'node_modules/moonshot-files');
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), `${installed} is a link`);
    assert.ok(files.every((file) => fs.existsSync(path.join(installed, file))), 'the app did not get the packed files');
    return dir;
  } catch (err) {
    removeDir(dir);
    throw err;
  }
}

// Installs are mostly network and disk: two at a time beside one build.
const INSTALL_CONCURRENCY = 2;
const queue = [];
let active = 0;
const installs = new Map();

function pump() {
  while (active < INSTALL_CONCURRENCY && queue.length > 0) {
    const start = queue.shift();
    active += 1;
    start().finally(() => {
      active -= 1;
      pump();
    });
  }
}

function schedule(kind, name) {
  const key = `${kind}/${name}`;
  if (!installs.has(key)) {
    let start;
    const promise = new Promise((resolve, reject) => {
      start = () => timed(appLabel(kind, name), 'install', () => install(kind, name)).then(resolve, reject);
    });
    promise.catch(() => {}); // reported by the test that awaits it
    installs.set(key, promise);
    queue.push(start);
    pump();
  }
  return installs.get(key);
}

/**
 * Installs the apps of `order` ahead, in that order; `app(kind, name)` then
 * waits for one (starting it if it was not planned).
 */
export function planInstalls(order) {
  for (const [kind, name] of order) schedule(kind, name);
}

export function app(kind, name) {
  return schedule(kind, name);
}
