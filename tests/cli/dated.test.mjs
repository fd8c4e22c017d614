// The command line on the dated API (`--api-version`, MOONSHOT_API_VERSION):
// pkg/'s bin spawned against the mock, which answers each request in the
// shape its kimi-api-version asks for. What a person reads (sizes, dates,
// statuses) must be what the dated fields say; `ui` must tell its page the
// version and pass on the header the page sends.
//
// Run: node --test tests/cli/dated.test.mjs   (needs a built pkg/: `node scripts/build-package.mjs`)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startMockServer } from '../../mock/server.mjs';
import { tempDir } from '../support/helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const BIN = join(PKG, 'bin', 'moonshot-files.js');
const API_KEY = 'sk-mock-key-dated-5c2e81';
const VERSION = '2026-09-01-beta';
const SEED = {
  report: 'l7ke0wy9iyrehym86kob', // file-extract, ready, the oldest
  failed: 'v8ehq9f8g57fgpr8s7o7', // file-extract, extract_status error, 8.0 MiB
  notes: '8i1oh10ng104zq227mbj', // file-extract, ready, text
  processing: 'ctoagopsjzawm7t3qxvg', // still processing
};
const USAGE_LINE = /^usage: moonshot-files .+ \(see moonshot-files .*--help\)$/;

let mock;
let scratch;

/** This environment without MOONSHOT_* or npm_*, local time in UTC (the CREATED column). */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|MOONSHOT_|NODE_TEST_CONTEXT$)/i.test(name)) env[name] = value;
  }
  return { ...env, TZ: 'UTC', MOONSHOT_API_KEY: API_KEY, MOONSHOT_BASE_URL: mock.url, ...extra };
}

/** Starts the bin; `{ child, stdout(), stderr(), exited }`. The key never shows in what it printed. */
function start(args, env = {}) {
  const vars = cleanEnv(env);
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete vars[name];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: scratch.dir, env: vars, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  }).then((result) => {
    assert.ok(!result.stdout.includes(API_KEY) && !result.stderr.includes(API_KEY), 'the key was printed');
    return result;
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const cli = (args, env) => start(args, env).exited;

/** The mock's dated list (newest first), straight from the API. */
async function datedList() {
  const res = await fetch(`${mock.url}/files`, { headers: { authorization: `Bearer ${API_KEY}`, 'kimi-api-version': VERSION } });
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

/** The API requests the mock logged (its /v1/files ones). */
const apiRequests = () => mock.requests().filter((entry) => entry.path.startsWith('/v1/files'));

/** Every request carried the version, and there was at least one. */
function assertAllDated(version = VERSION) {
  const requests = apiRequests();
  assert.ok(requests.length > 0, 'no request reached the mock');
  for (const entry of requests) assert.equal(entry.headers['kimi-api-version'], version, `${entry.method} ${entry.path}${entry.search}`);
}

function readTable(stdout) {
  const [header, ...rows] = stdout.trimEnd().split('\n');
  return { columns: header.split(/\s+/), rows: rows.map((row) => row.split(/\s{2,}/)) };
}

function assertUsageError(result, problem) {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, result.stderr);
  assert.match(lines[0], problem);
  assert.match(lines[1], USAGE_LINE);
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).filter((path) => statSync(join(dir, path)).isFile());
}

before(async () => {
  // The bin under test must be this tree's: a stale pkg/ would test old code.
  for (const folder of ['bin', 'cli', 'ui-server']) {
    for (const path of filesUnder(join(ROOT, 'pkg-template', folder))) {
      assert.equal(
        readFileSync(join(PKG, folder, path), 'utf8'),
        readFileSync(join(ROOT, 'pkg-template', folder, path), 'utf8'),
        `pkg/${folder}/${path} differs from pkg-template: rebuild pkg/ (node scripts/build-package.mjs)`,
      );
    }
  }
  scratch = tempDir('moonshot-files-cli-dated-');
  mock = await startMockServer({ port: 0, apiKey: API_KEY, seed: 'sample' });
});

after(async () => {
  await mock?.close();
  scratch?.remove();
});

beforeEach(() => {
  mock.reset();
  mock.clearRequests();
});

describe('choosing the version', () => {
  test('--api-version: every request carries it; ls lists every file from one request for the whole list', async () => {
    const result = await cli(['ls', '--api-version', VERSION]);
    assert.equal(result.code, 0, result.stderr);
    assertAllDated();
    const requests = apiRequests();
    assert.deepEqual(requests.map((entry) => `${entry.method} ${entry.path}${entry.search}`), ['GET /v1/files'], 'no page_size: the whole list at once');
    assert.equal(readTable(result.stdout).rows.length, (await datedList()).length);
  });

  test('MOONSHOT_API_VERSION does the same; the flag wins over it', async () => {
    const fromEnv = await cli(['ls'], { MOONSHOT_API_VERSION: VERSION });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assertAllDated();
    mock.clearRequests();
    // A value of the environment the package would refuse: the flag's is the one used.
    const flagWins = await cli(['info', SEED.report, '--api-version', VERSION], { MOONSHOT_API_VERSION: 'latest' });
    assert.equal(flagWins.code, 0, flagWins.stderr);
    assertAllDated();
    assert.match(flagWins.stdout, /^size_bytes {6}2457613 \(2\.3 MiB\)$/m);
  });

  test('a version the package refuses is a usage error naming --api-version, or the variable it came from; nothing is sent', async () => {
    assertUsageError(await cli(['ls', '--api-version', 'beta']), /^moonshot-files: --api-version must be a date such as 2026-09-01-beta .*; got "beta"$/);
    assertUsageError(await cli(['--api-version', '2026-9-1', 'rm', SEED.report]), /^moonshot-files: --api-version must be a date .*; got "2026-9-1"$/);
    assertUsageError(await cli(['ls'], { MOONSHOT_API_VERSION: 'latest' }), /^moonshot-files: MOONSHOT_API_VERSION must be a date .*; got "latest"$/);
    assertUsageError(await cli(['ui', '--no-open', '--api-version', 'beta']), /^moonshot-files: --api-version must be a date/);
    assert.deepEqual(apiRequests(), []);
  });

  test('the help of every command names the flag; the program help names the variable', async () => {
    const help = await cli(['--help']);
    assert.match(help.stdout, /^ {2}MOONSHOT_API_VERSION {2}the dated API version \(as --api-version\)$/m);
    for (const command of ['ls', 'info', 'upload', 'cat', 'download', 'extract', 'rm', 'prune', 'du', 'ui']) {
      const result = await cli([command, '--help']);
      assert.match(result.stdout, /^ {6}--api-version V +speak the dated API of version V, such as 2026-09-01-beta$/m, command);
    }
  });
});

describe('what the commands print from dated files', () => {
  test('ls: sizes from size_bytes, dates from created_at, statuses from extract_status; oldest first', async () => {
    const result = await cli(['ls', '--api-version', VERSION]);
    assert.equal(result.code, 0, result.stderr);
    const { columns, rows } = readTable(result.stdout);
    assert.deepEqual(columns, ['ID', 'PURPOSE', 'STATUS', 'SIZE', 'CREATED', 'FILENAME']);
    const listed = await datedList();
    // The dated API lists newest first; ls keeps its order, oldest first.
    assert.deepEqual(rows.map((row) => row[0]), listed.map((file) => file.id).reverse());
    assert.deepEqual(rows.find((row) => row[0] === SEED.failed), [SEED.failed, 'file-extract', 'error', '8.0 MiB', '2026-08-30 08:11', 'scanned-contract.pdf']);
    assert.deepEqual(rows.find((row) => row[0] === SEED.processing).slice(2, 5), ['processing', '12.6 KiB', '2026-10-31 08:20']);
    assert.equal(result.stderr, '9 files, 56.9 MiB\n');
  });

  test('ls --json: the FileMetadata as the API gives them, oldest first; --purpose filters', async () => {
    const json = await cli(['ls', '--json', '--api-version', VERSION]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), (await datedList()).reverse());
    const images = await cli(['ls', '--purpose', 'image', '--api-version', VERSION]);
    assert.deepEqual(readTable(images.stdout).rows.map((row) => row[1]), ['image']);
    assert.equal(images.stderr, '1 file, 384 KiB of purpose image\n');
  });

  test('du: the count and bytes from size_bytes, as the mock holds them', async () => {
    const result = await cli(['du', '--json', '--api-version', VERSION]);
    assert.equal(result.code, 0, result.stderr);
    const usage = JSON.parse(result.stdout);
    assert.deepEqual([usage.fileCount, usage.totalBytes], [mock.store.size, mock.store.totalBytes]);
    const text = await cli(['du', '--api-version', VERSION]);
    assert.match(text.stdout, /^bytes {2}56\.9 MiB of 10\.0 GiB {2}\[-{30}\] {4}0%$/m);
  });

  test('info: size_bytes and created_at also as people read them', async () => {
    const result = await cli(['info', SEED.failed, '--api-version', VERSION]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^size_bytes {6}8388912 \(8\.0 MiB\)$/m);
    assert.match(result.stdout, /^created_at {6}2026-08-30T08:11:00Z \(2026-08-30 08:11\)$/m);
    assert.match(result.stdout, /^extract_status {2}error$/m);
  });

  test('upload: the new file (201) with its size and status; --json its FileMetadata', async () => {
    writeFileSync(join(scratch.dir, 'notes.md'), '# notes\n\nsome text\n');
    const table = await cli(['upload', 'notes.md', '--purpose', 'file-extract', '--api-version', VERSION]);
    assert.equal(table.code, 0, table.stderr);
    const [row] = readTable(table.stdout).rows;
    assert.deepEqual(row.slice(1, 4), ['file-extract', 'ready', '19 B']);
    assert.match(row[4], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const json = await cli(['upload', 'notes.md', '--purpose', 'batch', '--json', '--api-version', VERSION]);
    const [file] = JSON.parse(json.stdout);
    assert.deepEqual({ size_bytes: file.size_bytes, extract_status: file.extract_status, purpose: file.purpose }, { size_bytes: 19, extract_status: 'ready', purpose: 'batch' });
    assert.ok(apiRequests().some((entry) => entry.method === 'POST' && entry.status === 201));
    assertAllDated();
  });

  test("prune's preview: the dated files it would delete, by status and by date, with their sizes", async () => {
    const failed = await cli(['prune', '--status', 'error', '--api-version', VERSION]);
    assert.equal(failed.code, 0, failed.stderr);
    assert.deepEqual(readTable(failed.stdout).rows, [[SEED.failed, 'file-extract', 'error', '8.0 MiB', '2026-08-30 08:11', 'scanned-contract.pdf']]);
    assert.equal(failed.stderr, 'would delete 1 file, 8.0 MiB; run again with --yes to delete them\n');
    const old = await cli(['prune', '--older-than', '2026-07-01', '--api-version', VERSION]);
    assert.deepEqual(readTable(old.stdout).rows.map((row) => row[0]), [SEED.report]);
    assert.equal((await datedList()).length, 9, 'nothing deleted');
  });

  test('rm (204) says deleted; cat prints the text; extract uploads, prints and deletes', async () => {
    const rm = await cli(['rm', SEED.failed, '--api-version', VERSION]);
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal(rm.stdout, `${SEED.failed}  deleted\n`);
    assert.ok(apiRequests().some((entry) => entry.method === 'DELETE' && entry.status === 204));
    const cat = await cli(['cat', SEED.notes, '--api-version', VERSION]);
    assert.equal(cat.code, 0, cat.stderr);
    assert.match(cat.stdout, /^Weekly sync: Files API client\n/);
    writeFileSync(join(scratch.dir, 'short.txt'), 'a short text\n');
    const extract = await cli(['extract', 'short.txt', '--api-version', VERSION]);
    assert.equal(extract.code, 0, extract.stderr);
    assert.equal(extract.stdout, 'a short text\n');
    assert.deepEqual((await datedList()).map((file) => file.filename).filter((name) => name === 'short.txt'), [], 'deleted again');
    assertAllDated();
  });
});

describe('ui', () => {
  /** Starts `ui` and waits for its URL; `{ url, origin, stop() }`. */
  async function startUi(args, env) {
    const ui = start(['ui', '--no-open', '--port', '0', ...args], env);
    const url = await new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const line = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/.exec(ui.stdout());
        if (line) {
          clearInterval(timer);
          resolve(line[1]);
        }
      }, 20);
      ui.exited.then((result) => {
        clearInterval(timer);
        reject(new Error(`ui exited (${result.code}) before printing its URL:\n${result.stderr}`));
      });
    });
    return {
      url,
      origin: new URL(url).origin,
      stderr: ui.stderr,
      stop: async () => {
        ui.child.kill('SIGTERM');
        return ui.exited;
      },
    };
  }

  /** The token link traded for the cookie, as the page's browser does. */
  async function cookieOf(url) {
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 303);
    return res.headers.get('set-cookie').split(';', 1)[0];
  }

  test('tells its page the version (/__moonshot/info) and passes on the header the page sends', async () => {
    const ui = await startUi(['--api-version', VERSION]);
    try {
      assert.match(ui.stderr(), new RegExp(`^Serving the file dashboard for http://127\\.0\\.0\\.1:\\d+/v1 \\(API version ${VERSION}\\); `));
      const cookie = await cookieOf(ui.url);
      const info = await (await fetch(`${ui.origin}/__moonshot/info`, { headers: { cookie } })).json();
      assert.equal(info.apiVersion, VERSION);
      const res = await fetch(`${ui.origin}/v1/files`, { headers: { cookie, 'kimi-api-version': VERSION } });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).items.length, 9, 'the dated shape came back');
      assert.deepEqual(apiRequests().map((entry) => entry.headers['kimi-api-version']), [VERSION]);
    } finally {
      assert.equal((await ui.stop()).code, 0);
    }
  });

  test('MOONSHOT_API_VERSION reaches the page too; without a version the info says none', async () => {
    const dated = await startUi([], { MOONSHOT_API_VERSION: VERSION });
    try {
      const info = await (await fetch(`${dated.origin}/__moonshot/info`, { headers: { cookie: await cookieOf(dated.url) } })).json();
      assert.equal(info.apiVersion, VERSION);
    } finally {
      await dated.stop();
    }
    const plain = await startUi([]);
    try {
      const info = await (await fetch(`${plain.origin}/__moonshot/info`, { headers: { cookie: await cookieOf(plain.url) } })).json();
      assert.equal('apiVersion' in info, false);
      assert.match(plain.stderr(), /^Serving the file dashboard for http:\/\/127\.0\.0\.1:\d+\/v1; /);
    } finally {
      await plain.stop();
    }
  });
});
