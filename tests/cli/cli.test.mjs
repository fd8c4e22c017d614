// The `moonshot-files` command end to end, as a user runs it: pkg/ packed
// with `npm pack`, the tarball installed into a scratch directory, and the
// installed bin (node_modules/.bin/moonshot-files) spawned against the mock,
// with the key and base URL in its environment. Every run is checked for the
// key in what it printed.
//
// Run: node --test tests/cli/   (needs a built pkg/: `node scripts/build-package.mjs`)
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startMockServer } from '../../mock/server.mjs';
import { closedPort, notPreflight, tempDir, waitUntil } from '../support/helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const API_KEY = 'sk-mock-key-cli-7f3a9c';
const WRONG_KEY = 'sk-wrong-key-cli-b41e07';
// Files of the mock's `sample` seed the tests name.
const SEED = {
  count: 9,
  report: 'l7ke0wy9iyrehym86kob', // file-extract, ready, the oldest
  video: '6qa1nh1ldiazyepjourv', // the one video
  image: 'ihqp3a4ty66mmrjp52b8', // the one image
  failed: 'v8ehq9f8g57fgpr8s7o7', // file-extract, status error
  notes: '8i1oh10ng104zq227mbj', // file-extract, ready, text
};
// An id of the service's shape that no file has.
const MISSING = 'nope0000000000000000';
const USAGE_LINE = /^usage: moonshot-files .+ \(see moonshot-files .*--help\)$/;
const execFileAsync = promisify(execFile);

let mock;
let scratch;
let bin;
let version;

// A clean environment: no MOONSHOT_* of the developer's, no npm_* of `npm
// test` (a nested npm would take them as its config), local time in UTC so
// the CREATED column is the same everywhere.
function cleanEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|MOONSHOT_|NODE_TEST_CONTEXT$)/i.test(name)) env[name] = value;
  }
  // The bin's `#!/usr/bin/env node` finds this very node first.
  env.PATH = `${dirname(process.execPath)}:${env.PATH ?? ''}`;
  return { ...env, TZ: 'UTC', ...extra };
}

/**
 * Runs the installed bin with `args`; resolves to `{ code, signal, stdout,
 * stderr }` once it exits. `env` replaces the default MOONSHOT_* variables
 * (a value of undefined removes one). `onStderr` sees stderr as it grows,
 * with the child (to signal it). Whatever ran, the key never shows.
 */
function cli(args, { env = {}, onStderr, raw = false } = {}) {
  const vars = cleanEnv({ MOONSHOT_API_KEY: API_KEY, MOONSHOT_BASE_URL: mock.url, ...env });
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete vars[name];
  const child = spawn(bin, args, { cwd: scratch.dir, env: vars, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  // `raw`: stdout as the bytes written (a Buffer), for bytes that are no text.
  const chunks = [];
  if (raw) child.stdout.on('data', (chunk) => chunks.push(chunk));
  else child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
    onStderr?.(stderr, child);
  });
  // A hung child fails its test instead of the whole run.
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout: raw ? Buffer.concat(chunks) : stdout, stderr });
    });
  });
  // Checked in the test's own promise chain: thrown in the 'close' listener,
  // it was an uncaught exception, charged to whichever test ran at that
  // moment, and this call's promise never settled.
  return exited.then((result) => {
    for (const secret of [API_KEY, WRONG_KEY]) {
      assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), `the key was printed:\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  });
}

/**
 * Runs the installed bin on a pseudo-terminal (util-linux's `script`: stdout
 * and stderr both a TTY); resolves to `{ code, output }`, output being what
 * the terminal got (both streams, newlines as \r\n).
 */
async function onTerminal(args) {
  const env = cleanEnv({ MOONSHOT_API_KEY: API_KEY, MOONSHOT_BASE_URL: mock.url });
  const command = [bin, ...args].map((arg) => `'${arg}'`).join(' ');
  const child = execFileAsync('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: scratch.dir, env, timeout: 60_000, encoding: 'latin1' });
  let result;
  try {
    const { stdout } = await child;
    result = { code: 0, output: stdout };
  } catch (err) {
    if (typeof err.code !== 'number') throw err;
    result = { code: err.code, output: err.stdout };
  }
  assert.ok(!result.output.includes(API_KEY), 'the key was printed');
  return result;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A file of `bytes` uploaded to the mock for `purpose` by the CLI, as a user would; its FileObject. */
async function uploaded(name, bytes, purpose) {
  const result = await cli(['upload', localFile(name, bytes), '--purpose', purpose, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const [file] = JSON.parse(result.stdout);
  // It arrived whole: the mock logged the hash of the file part it got.
  assert.equal(mock.requests().findLast((entry) => entry.method === 'POST').upload.sha256, sha256(bytes));
  return file;
}

/** `GET /v1/files` straight from the mock, as the API answers it. */
async function apiList() {
  const res = await fetch(`${mock.url}/files`, { headers: { authorization: `Bearer ${API_KEY}` } });
  return (await res.json()).data;
}

/** stdout's table: the header's columns and each row's cells (the file name, last, may hold spaces). */
function readTable(stdout) {
  const [header, ...rows] = stdout.trimEnd().split('\n');
  const columns = header.split(/\s+/);
  return { columns, rows: rows.map((row) => row.split(/\s{2,}/)) };
}

/** A usage error: status 2, a first line naming the problem, then the usage hint; nothing on stdout. */
function assertUsageError(result, problem) {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, result.stderr);
  assert.match(lines[0], /^moonshot-files: /);
  assert.match(lines[0], problem);
  assert.match(lines[1], USAGE_LINE);
}

/**
 * `(request R, trace T)`: the Msh-Request-Id and X-Msh-Trace-Id the mock sent
 * with its last answer of `status`, as an error line must quote them.
 */
function answerIds(status) {
  const answer = mock.requests().findLast((entry) => entry.status === status);
  assert.ok(answer, `the mock gave no ${status}`);
  return `(request ${answer.requestId}, trace ${answer.traceId})`;
}

/** An API error: status 1, one line naming the class, the status, and the request and trace ids of the mock's answer. */
function assertApiError(result, name, status) {
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line:\n${result.stderr}`);
  assert.ok(lines[0].startsWith(`moonshot-files: ${name} ${status} ${answerIds(status)}: `), lines[0]);
}

/** A file of `content` in the scratch directory; its path. */
function localFile(name, content) {
  const path = join(scratch.dir, name);
  writeFileSync(path, content);
  return path;
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

before(async () => {
  // The package under test must be the CLI of this tree: a stale pkg/ would test old code.
  for (const folder of ['bin', 'cli']) {
    const source = join(ROOT, 'pkg-template', folder);
    for (const path of filesUnder(source)) {
      const built = join(PKG, folder, path);
      assert.equal(
        readFileSync(built, 'utf8'),
        readFileSync(join(source, path), 'utf8'),
        `pkg/${folder}/${path} differs from pkg-template: rebuild pkg/ (node scripts/build-package.mjs)`,
      );
    }
  }
  version = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version;
  scratch = tempDir('moonshot-files-cli-');
  const npm = (args) => execFileAsync('npm', args, { cwd: scratch.dir, env: cleanEnv(), timeout: 120_000 });
  const { stdout } = await npm(['pack', '--json', '--pack-destination', scratch.dir, PKG]);
  const tarball = join(scratch.dir, JSON.parse(stdout)[0].filename);
  writeFileSync(join(scratch.dir, 'package.json'), '{ "name": "cli-user", "private": true }\n');
  // --offline: the package has no dependencies, so nothing may be fetched.
  await npm(['install', '--offline', '--no-audit', '--no-fund', tarball]);
  bin = join(scratch.dir, 'node_modules/.bin/moonshot-files');
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

describe('ls', () => {
  test('a table of every file, oldest first; the count and size on stderr', async () => {
    const result = await cli(['ls']);
    assert.equal(result.code, 0, result.stderr);
    const { columns, rows } = readTable(result.stdout);
    assert.deepEqual(columns, ['ID', 'PURPOSE', 'STATUS', 'SIZE', 'CREATED', 'FILENAME']);
    const listed = await apiList();
    assert.deepEqual(
      rows.map((row) => row[0]),
      listed.map((file) => file.id),
    );
    // 1788077460 is 2026-08-30 08:11 UTC (the child runs with TZ=UTC).
    assert.deepEqual(
      rows.find((row) => row[0] === SEED.failed),
      [SEED.failed, 'file-extract', 'error', '8.0 MiB', '2026-08-30 08:11', 'scanned-contract.pdf'],
    );
    assert.equal(result.stderr, '9 files, 56.9 MiB\n');
  });

  test('--json: the files as the API gives them, for jq', async () => {
    const result = await cli(['ls', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), await apiList());
    assert.equal(result.stderr, '');
  });

  test('--purpose: only those files, in the table and in JSON', async () => {
    const table = await cli(['ls', '--purpose', 'image']);
    assert.equal(table.code, 0, table.stderr);
    assert.deepEqual(
      readTable(table.stdout).rows.map((row) => row[0]),
      [SEED.image],
    );
    assert.equal(table.stderr, '1 file, 384 KiB of purpose image\n');
    const json = await cli(['ls', '--purpose', 'file-extract', '--json']);
    const expected = (await apiList()).filter((file) => file.purpose === 'file-extract');
    assert.ok(expected.length > 1);
    assert.deepEqual(JSON.parse(json.stdout), expected);
  });

  test('an empty account: no table, and stderr says so', async () => {
    mock.reset({ seed: 'none' });
    const result = await cli(['ls']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '0 files, 0 B\n');
    assert.deepEqual(JSON.parse((await cli(['ls', '--json'])).stdout), []);
  });

  test('--base-url wins over MOONSHOT_BASE_URL', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = await cli(['ls', '--json', '--base-url', mock.url], { env: { MOONSHOT_BASE_URL: nowhere } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).length, SEED.count);
    const before = await cli(['--base-url', mock.url, 'ls', '--json'], { env: { MOONSHOT_BASE_URL: nowhere } });
    assert.equal(before.code, 0, before.stderr);
  });
});

describe('the request log: --verbose and MOONSHOT_LOG', () => {
  test('--verbose: one line on stderr for each request, with the request id the mock gave; stdout keeps only the data', async () => {
    const plain = await cli(['ls', '--json']);
    for (const args of [['ls', '--json', '--verbose'], ['--verbose', 'ls', '--json']]) {
      mock.clearRequests();
      const result = await cli(args);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, plain.stdout, `${args.join(' ')}: the same data`);
      const [request] = notPreflight(mock.requests());
      assert.match(result.stderr, new RegExp(`^moonshot-files: GET /files 200 in \\d+ ms, attempt 1, request id ${request.requestId}\\n$`), args.join(' '));
    }
    assert.equal(plain.stderr, '', 'without it, nothing');
  });

  test('a retried request and its wait show; the key does not', async () => {
    mock.inject({ method: 'GET', path: '/v1/files', status: 500 });
    const result = await cli(['ls', '--verbose']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stderr.trimEnd().split('\n');
    assert.match(lines[0], /^moonshot-files: GET \/files 500 in \d+ ms, attempt 1, request id [\w-]+; retrying in \d+ ms$/);
    assert.match(lines[1], /^moonshot-files: GET \/files 200 in \d+ ms, attempt 2, request id [\w-]+$/);
  });

  test('MOONSHOT_LOG=debug: the headers on stderr, the authorization hidden', async () => {
    const result = await cli(['info', SEED.report], { env: { MOONSHOT_LOG: 'debug' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`^moonshot-files: GET /files/${SEED.report} 200 .*; sent \\{accept: application/json \\| authorization: \\*\\*\\*\\}, no body; answered \\{.*\\}, \\d+ bytes\\n$`));
    assert.doesNotMatch(result.stdout, /moonshot-files: /);
  });

  test('a MOONSHOT_LOG of no level is a usage error naming it (exit 2)', async () => {
    mock.clearRequests();
    const result = await cli(['ls'], { env: { MOONSHOT_LOG: 'verbose' } });
    assertUsageError(result, /^moonshot-files: MOONSHOT_LOG must be one of off, error, warn, info, debug \(got "verbose"\)$/);
    assert.deepEqual(notPreflight(mock.requests()), []);
  });
});

describe('info', () => {
  test("one file's fields by their API names, sizes and dates readable", async () => {
    const result = await cli(['info', SEED.failed]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trimEnd().split('\n'), [
      `id              ${SEED.failed}`,
      'object          file',
      'bytes           8388912 (8.0 MiB)',
      'created_at      1788077460 (2026-08-30 08:11)',
      'filename        scanned-contract.pdf',
      'purpose         file-extract',
      'status          error',
      'status_details  text extraction failed: the PDF has no text layer (scanned images only)',
    ]);
  });

  test('--json: the FileObject', async () => {
    const result = await cli(['info', SEED.image, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      JSON.parse(result.stdout),
      (await apiList()).find((file) => file.id === SEED.image),
    );
  });

  test('a missing file: exit 1, one line with NotFoundError 404 and the request id', async () => {
    const result = await cli(['info', MISSING]);
    assertApiError(result, 'NotFoundError', 404);
    assert.ok(result.stderr.includes(MISSING));
    assert.equal(result.stdout, '');
  });
});

describe('upload', () => {
  test('several files, one after another: printed as ls prints them, the bytes whole at the mock', async () => {
    // Text, so the mock keeps it: what it extracted is exactly what arrived.
    // 700 KB spans many chunks (several progress lines); one byte is the edge.
    const big = Array.from({ length: 20_000 }, (_, i) => `line ${i}: 季度报告 ünïcödé ${'x'.repeat(i % 13)}\n`).join('');
    const paths = [localFile('季度报告.md', big), localFile('one.txt', 'x')];
    const result = await cli(['upload', ...paths, '--purpose', 'file-extract']);
    assert.equal(result.code, 0, result.stderr);

    const { columns, rows } = readTable(result.stdout);
    assert.deepEqual(columns, ['ID', 'PURPOSE', 'STATUS', 'SIZE', 'CREATED', 'FILENAME']);
    assert.deepEqual(
      rows.map((row) => row.at(-1)),
      ['季度报告.md', 'one.txt'],
    );
    assert.equal(mock.store.size, SEED.count + 2);
    for (const [row, content] of [
      [rows[0], big],
      [rows[1], 'x'],
    ]) {
      const stored = mock.store.get(row[0]);
      assert.ok(stored, `${row[0]} is not in the mock`);
      assert.equal(stored.file.bytes, Buffer.byteLength(content));
      assert.equal(stored.file.purpose, 'file-extract');
      assert.equal(stored.text, content, 'the bytes did not arrive whole');
    }
  });

  test('piped: plain progress lines on stderr, rising to 100% for each file', async () => {
    const paths = [localFile('a.bin', Buffer.alloc(3 * 2 ** 20, 7)), localFile('b.txt', 'hello')];
    const result = await cli(['upload', ...paths, '--purpose', 'batch']);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /\r|\x1b/, 'a terminal bar was drawn into a pipe');
    for (const name of ['a.bin', 'b.txt']) {
      const lines = result.stderr.split('\n').filter((line) => line.startsWith(`${name}: `));
      assert.ok(lines.length >= 1, `no progress for ${name}:\n${result.stderr}`);
      const shares = lines.map((line) => Number(line.match(/^[^:]+: (\d+)% \(.+ of .+\)$/)[1]));
      assert.deepEqual(shares, [...shares].sort((a, b) => a - b), 'progress went backwards');
      assert.equal(shares.at(-1), 100);
      assert.equal(new Set(shares).size, shares.length, 'a line repeated');
    }
    // The big file reports along the way, not only at the end.
    assert.ok(result.stderr.split('\n').filter((line) => line.startsWith('a.bin: ')).length >= 2, result.stderr);
    assert.equal(mock.store.get(readTable(result.stdout).rows[0][0]).file.bytes, 3 * 2 ** 20);
  });

  test("progress counts the file's bytes, not the request's", async () => {
    const result = await cli(['upload', localFile('eleven.txt', 'hello world'), '--purpose', 'file-extract']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('eleven.txt: '));
    assert.ok(lines.length >= 1, result.stderr);
    for (const line of lines) assert.match(line, /^eleven\.txt: \d+% \(\d+ B of 11 B\)$/);
    assert.equal(lines.at(-1), 'eleven.txt: 100% (11 B of 11 B)');
  });

  test('speed and time left once a second has passed, piped and on a terminal', async () => {
    // The mock reads nothing of the upload for 1.5 s: the client's sending
    // stalls part way (32 MiB is more than the sockets hold), so the lines
    // after it come a second or more after the first.
    const path = localFile('big.bin', Buffer.alloc(32 * 2 ** 20, 5));
    const SPEED = /(\d+(\.\d)? (B|KiB|MiB|GiB)\/s), ((\d+[smhd])+) left$/;
    mock.inject({ method: 'POST', path: '/v1/files', delayMs: 1500 });
    const piped = await cli(['upload', path, '--purpose', 'batch']);
    assert.equal(piped.code, 0, piped.stderr);
    const lines = piped.stderr.split('\n').filter((line) => line.startsWith('big.bin: '));
    const timed = lines.filter((line) => SPEED.test(line));
    assert.ok(timed.length >= 1, `no line with a speed:\n${piped.stderr}`);
    for (const line of timed) assert.match(line, /^big\.bin: \d+% \([\d.]+ MiB of 32\.0 MiB\) [\d.]+ (B|KiB|MiB|GiB)\/s, (\d+[smhd])+ left$/);
    assert.equal(lines.at(-1), 'big.bin: 100% (32.0 MiB of 32.0 MiB)');

    mock.inject({ method: 'POST', path: '/v1/files', delayMs: 1500 });
    const tty = await onTerminal(['upload', path, '--purpose', 'batch']);
    assert.equal(tty.code, 0, tty.output);
    const frames = tty.output.split('\x1b[1G').slice(1).map((frame) => frame.replace(/\x1b\[0K[\s\S]*$/, ''));
    const withSpeed = frames.filter((frame) => SPEED.test(frame));
    assert.ok(withSpeed.length >= 1, `no frame with a speed: ${JSON.stringify(frames)}`);
    for (const frame of withSpeed) assert.match(frame, /^big\.bin \[[#-]{10,30}\] +\d+%  [\d.]+ MiB\/32\.0 MiB  [\d.]+ (B|KiB|MiB|GiB)\/s, (\d+[smhd])+ left$/);
    assert.match(frames.at(-1), /^big\.bin \[#{30}\]  100%  32\.0 MiB\/32\.0 MiB$/);
  });

  test('on a terminal: one bar redrawn in place, ending full at 100%', async () => {
    // util-linux's `script` runs the bin on a pseudo-terminal (stdout and
    // stderr both a TTY); what it prints comes back as the terminal got it.
    const path = localFile('tty.bin', Buffer.alloc(2 * 2 ** 20, 3));
    const env = cleanEnv({ MOONSHOT_API_KEY: API_KEY, MOONSHOT_BASE_URL: mock.url });
    const command = [bin, 'upload', path, '--purpose', 'batch'].map((arg) => `'${arg}'`).join(' ');
    const { stdout } = await execFileAsync('script', ['-q', '-e', '-c', command, '/dev/null'], { env, timeout: 60_000 });
    assert.ok(!stdout.includes(API_KEY));
    const frames = stdout.split('\x1b[1G').slice(1).map((frame) => frame.replace(/\x1b\[0K[\s\S]*$/, ''));
    assert.ok(frames.length >= 1, JSON.stringify(stdout));
    for (const frame of frames) assert.match(frame, /^tty\.bin \[[#-]{30}\] +\d+%  [\d.]+ (B|KiB|MiB)\/2\.0 MiB/);
    assert.match(frames.at(-1), new RegExp(`^tty\\.bin \\[#{30}\\]  100%  2\\.0 MiB/2\\.0 MiB$`));
    // The bar's line is closed; the table follows on its own lines.
    assert.match(stdout, /\x1b\[0K\r?\nID +PURPOSE/);
    assert.equal(mock.store.size, SEED.count + 1);
  });

  test('--json: the new files as a JSON array', async () => {
    const result = await cli(['upload', localFile('c.png', 'not really a png'), '--purpose', 'image', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const [file] = JSON.parse(result.stdout);
    assert.deepEqual(file, mock.store.get(file.id).file);
    assert.equal(file.filename, 'c.png');
  });

  test('paths are checked first: a missing, empty or directory path uploads nothing (exit 2)', async () => {
    const good = localFile('good.txt', 'fine');
    const empty = localFile('empty.txt', '');
    for (const [bad, problem] of [
      [join(scratch.dir, 'missing.txt'), /cannot read .*missing\.txt: no such file/],
      [empty, /empty\.txt is empty/],
      [scratch.dir, /is not a file/],
    ]) {
      assertUsageError(await cli(['upload', good, bad, '--purpose', 'file-extract']), problem);
    }
    assert.equal(mock.store.size, SEED.count);
  });

  test('--purpose is required and must be a documented one (exit 2)', async () => {
    const path = localFile('d.txt', 'd');
    assertUsageError(await cli(['upload', path]), /upload needs --purpose \(file-extract, image, video, batch\)/);
    assertUsageError(await cli(['upload', path, '--purpose', 'imgae']), /--purpose must be one of .*; got 'imgae'/);
    assert.equal(mock.store.size, SEED.count);
  });

  test('stops at the first failure: what went up is printed, the error is one line (exit 1)', async () => {
    mock.inject({ method: 'POST', path: '/v1/files', status: 400, json: { error: { message: 'too many files', type: 'invalid_request_error' } } });
    // The first upload takes the fault; the second is never tried.
    const result = await cli(['upload', localFile('e.txt', 'e'), localFile('f.txt', 'f'), '--purpose', 'file-extract']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const errorLines = result.stderr.split('\n').filter((line) => line.startsWith('moonshot-files: '));
    assert.equal(errorLines.length, 1, result.stderr);
    assert.equal(errorLines[0], `moonshot-files: BadRequestError 400 ${answerIds(400)}: too many files`);
    assert.match(result.stderr, /^uploaded 0 of 2 files$/m);
    assert.equal(mock.store.size, SEED.count);
  });
});

describe('cat', () => {
  test('the extracted text to stdout, nothing else', async () => {
    const result = await cli(['cat', SEED.notes]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, mock.store.get(SEED.notes).text);
    assert.ok(result.stdout.length > 100);
    assert.equal(result.stderr, '');
  });

  test('a file whose extraction failed: exit 1, the service\'s 500 says why', async () => {
    const result = await cli(['cat', SEED.failed]);
    assertApiError(result, 'InternalServerError', 500);
    assert.match(result.stderr, /Failed to extract file: text extraction failed/);
    assert.equal(result.stdout, '');
  });

  test('a file of another purpose: its bytes as uploaded (a batch\'s results)', async () => {
    const results = '{"custom_id":"a","response":{"status_code":200}}\n';
    mock.reset({ seed: [{ purpose: 'batch', filename: 'results.jsonl', content: results }] });
    const [{ id }] = await apiList();
    const result = await cli(['cat', id]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, results);
  });
});

/** 256 random bytes, surely no text (a NUL among them, whatever the draw). */
function binaryBytes() {
  const bytes = randomBytes(256);
  bytes[100] = 0;
  return bytes;
}

// What a refusal says, whole: which file, why, and what to run instead.
const notTextLine = (id, how) => `moonshot-files: ${id} holds bytes that are not text: not written to the terminal. ${how}`;

describe('cat, bytes that are not text', () => {
  test('piped: the stored bytes, unchanged (checked by SHA-256)', async () => {
    const bytes = binaryBytes();
    const file = await uploaded('random.bin', bytes, 'batch');
    const result = await cli(['cat', file.id], { raw: true });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(sha256(result.stdout), sha256(bytes));
    assert.equal(result.stderr, '');
  });

  test('on a terminal: refused, nothing of them printed, and it says to use download -o (exit 1)', async () => {
    const bytes = binaryBytes();
    const file = await uploaded('random.bin', bytes, 'batch');
    const { code, output } = await onTerminal(['cat', file.id]);
    assert.equal(code, 1, output);
    assert.equal(output, `${notTextLine(file.id, `Save them with: moonshot-files download ${file.id} -o FILE`)}\r\n`);
  });

  test('on a terminal: text bytes of a batch file, and a file-extract file\'s text, are printed', async () => {
    const results = '{"custom_id":"a","response":{"status_code":200}}\n';
    const file = await uploaded('results.jsonl', results, 'batch');
    const batch = await onTerminal(['cat', file.id]);
    assert.equal(batch.code, 0, batch.output);
    assert.equal(batch.output, results.replace(/\n/g, '\r\n'));
    const notes = await onTerminal(['cat', SEED.notes]);
    assert.equal(notes.code, 0, notes.output);
    // The terminal got UTF-8 (onTerminal reads each byte as one character).
    assert.equal(Buffer.from(notes.output, 'latin1').toString('utf8'), mock.store.get(SEED.notes).text.replace(/\n/g, '\r\n'));
  });
});

describe('download', () => {
  test('-o FILE: exactly the bytes uploaded (SHA-256), said on stderr, nothing left beside it', async () => {
    const bytes = binaryBytes();
    const file = await uploaded('random.bin', bytes, 'batch');
    const dir = join(scratch.dir, 'downloads');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'copy.bin');
    const result = await cli(['download', file.id, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `saved 256 B to ${out}\n`);
    assert.equal(sha256(readFileSync(out)), sha256(bytes));
    assert.deepEqual(readdirSync(dir), ['copy.bin']);
    // Replaced whole when it exists.
    const again = await cli(['download', file.id, '--output', out]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(sha256(readFileSync(out)), sha256(bytes));
  });

  test('piped: the bytes to stdout, unchanged; on a terminal they are refused unless -o -', async () => {
    const bytes = binaryBytes();
    const file = await uploaded('random.bin', bytes, 'batch');
    const piped = await cli(['download', file.id], { raw: true });
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(sha256(piped.stdout), sha256(bytes));
    assert.equal(piped.stderr, '');

    const refused = await onTerminal(['download', file.id]);
    assert.equal(refused.code, 1, refused.output);
    assert.equal(refused.output, `${notTextLine(file.id, 'Save them with -o FILE (or -o - to write them here all the same).')}\r\n`);
    // -o - is the person's word: the bytes go to the terminal (which shows them its way).
    const forced = await onTerminal(['download', file.id, '-o', '-']);
    assert.equal(forced.code, 0, forced.output);
    assert.ok(!forced.output.includes('not text'), forced.output);
    assert.ok(forced.output.length >= 256, JSON.stringify(forced.output));
  });

  test('a file-extract file: the document the service keeps, not the upload', async () => {
    const result = await cli(['download', SEED.notes]);
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout);
    assert.equal(document.content, mock.store.get(SEED.notes).text);
    assert.equal(document.filename, mock.store.get(SEED.notes).file.filename);
  });

  test('written as it arrives: part of the file is on disk before the last byte has come', async () => {
    const bytes = binaryBytes();
    const file = await uploaded('slow.bin', bytes, 'batch');
    // 16 bytes each 50 ms: the answer takes most of a second to arrive.
    mock.inject({ method: 'GET', path: `/v1/files/${file.id}/content`, action: 'drip', dripBytes: 16, dripMs: 50 });
    const dir = join(scratch.dir, 'dripped');
    mkdirSync(dir, { recursive: true });
    const sizes = new Set();
    const watch = setInterval(() => {
      for (const name of readdirSync(dir)) {
        if (name.endsWith('.part')) sizes.add(statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0);
      }
    }, 5);
    const result = await cli(['download', file.id, '-o', join(dir, 'slow.bin')]);
    clearInterval(watch);
    assert.equal(result.code, 0, result.stderr);
    assert.ok([...sizes].some((size) => size > 0 && size < 256), `only these sizes were seen on disk: ${[...sizes]}`);
    assert.equal(sha256(readFileSync(join(dir, 'slow.bin'))), sha256(bytes));
  });

  test('cut off mid-body: exit 1, and FILE is neither made nor changed', async () => {
    const file = await uploaded('random.bin', binaryBytes(), 'batch');
    const dir = join(scratch.dir, 'cut');
    mkdirSync(dir, { recursive: true });
    const kept = join(dir, 'kept.bin');
    writeFileSync(kept, 'what was here before');
    for (const out of [kept, join(dir, 'new.bin')]) {
      // Every attempt is cut (the first and the retries).
      mock.inject({ method: 'GET', path: `/v1/files/${file.id}/content`, action: 'drop-mid-body', times: 10 });
      const result = await cli(['download', file.id, '-o', out]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^moonshot-files: \S+/);
      assert.equal(result.stdout, '');
    }
    assert.deepEqual(readdirSync(dir), ['kept.bin']);
    assert.equal(readFileSync(kept, 'utf8'), 'what was here before');
  });

  test('a missing file: NotFoundError 404 with the request id, and no file made', async () => {
    const out = join(scratch.dir, 'missing.bin');
    const result = await cli(['download', MISSING, '-o', out]);
    assertApiError(result, 'NotFoundError', 404);
    assert.ok(result.stderr.includes(MISSING));
    assert.ok(!readdirSync(scratch.dir).some((name) => name.startsWith('missing.bin') || name.startsWith('.missing.bin')));
  });

  test('-o where no file can be made: exit 2 before anything is asked', async () => {
    mock.clearRequests();
    assertUsageError(await cli(['download', SEED.image, '-o', join(scratch.dir, 'no-such-dir', 'x.bin')]), /^moonshot-files: cannot write .*no-such-dir\/x\.bin: no such directory$/);
    assertUsageError(await cli(['download', SEED.image, '-o', scratch.dir]), new RegExp(`^moonshot-files: -o ${scratch.dir} is a directory: give a file name$`));
    assertUsageError(await cli(['download']), /download needs ID/);
    assert.deepEqual(mock.requests(), []);
  });
});

describe('extract', () => {
  test('uploads, prints the text, deletes the file: nothing left behind', async () => {
    const text = 'Quarterly numbers\n第一季度：增长 12%\n';
    const result = await cli(['extract', localFile('q.md', text)]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, text);
    assert.match(result.stderr, /^q\.md: uploaded, waiting for its text$/m);
    assert.equal(mock.store.size, SEED.count);
    assert.ok(!mock.store.list().some((file) => file.filename === 'q.md'));
    // It went up, and came down again: a POST, then a DELETE of that id.
    const log = mock.requests().filter((entry) => entry.method !== 'OPTIONS');
    const upload = log.find((entry) => entry.method === 'POST');
    assert.equal(upload.upload.purpose, 'file-extract');
    assert.ok(log.some((entry) => entry.method === 'DELETE' && entry.status === 200));
  });

  test('--keep keeps the file and names it on stderr; --max-chars cuts the text', async () => {
    const result = await cli(['extract', localFile('k.txt', 'abcdefghij'), '--keep', '--max-chars', '4']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'abcd');
    assert.match(result.stderr, /^k\.txt: text cut at 4 characters \(--max-chars\)$/m);
    const id = result.stderr.match(/^k\.txt: kept as ([a-z0-9]{20})$/m)?.[1];
    assert.ok(id, result.stderr);
    assert.equal(mock.store.get(id).file.filename, 'k.txt');
    assert.equal(mock.store.size, SEED.count + 1);
  });

  test('a failure after the upload: exit 1, one line, and the file is deleted all the same', async () => {
    // The content call fails every attempt (the first and both retries).
    mock.inject({ method: 'GET', path: '/v1/files/*', status: 500, times: 100 });
    const result = await cli(['extract', localFile('fail.txt', 'text')]);
    // stderr: the upload's progress, then the error's one line.
    assert.match(result.stderr, /^fail\.txt: uploaded, waiting for its text$/m);
    assertApiError({ ...result, stderr: result.stderr.replace(/^fail\.txt: .*\n/gm, '') }, 'InternalServerError', 500);
    assert.equal(result.stdout, '');
    assert.equal(mock.store.size, SEED.count);
  });

  test('bad values: exit 2 before anything is sent', async () => {
    const path = localFile('g.txt', 'g');
    assertUsageError(await cli(['extract', path, '--max-chars', '0']), /--max-chars must be a whole number from 1; got '0'/);
    assertUsageError(await cli(['extract', path, path]), /extract takes one PATH; got 2/);
    assertUsageError(await cli(['extract']), /extract needs PATH/);
    assert.equal(mock.store.size, SEED.count);
  });

  test('Ctrl-C while it waits: exit 130, and the uploaded file is deleted', async () => {
    mock.reset({ processingMs: 600_000 }); // processing until the test is long over
    // Ctrl-C once the CLI polls the file, so it surely holds the new id (an
    // abort while the upload's answer is on its way is another case, proven
    // for the library's extract in tests/js/workflows.test.mjs).
    const polled = () => mock.requests().some((entry) => entry.method === 'GET' && /^\/v1\/files\/[a-z0-9]{20}$/.test(entry.path));
    let sent = false;
    let watch;
    const result = await cli(['extract', localFile('slow.txt', 'slow')], {
      onStderr(stderr, child) {
        if (watch || !stderr.includes('waiting for its text')) return;
        watch = setInterval(() => {
          if (sent || !polled()) return;
          sent = true;
          child.kill('SIGINT');
        }, 10);
      },
    });
    clearInterval(watch);
    assert.ok(sent, `it never waited:\n${result.stderr}`);
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /^moonshot-files: interrupted$/m);
    assert.equal(result.stdout, '');
    assert.equal(mock.store.size, SEED.count, 'the upload was left behind');
  });
});

describe('upload, interrupted', () => {
  test('Ctrl-C during an upload: the call is aborted, exit 130', async () => {
    // The mock holds its answer back, so the upload is under way when the signal comes.
    mock.inject({ method: 'POST', path: '/v1/files', delayMs: 600_000 });
    let sent = false;
    const result = await cli(['upload', localFile('h.bin', Buffer.alloc(2 ** 20, 1)), '--purpose', 'batch'], {
      onStderr(stderr, child) {
        if (!sent && stderr.includes('h.bin: 100%')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    assert.ok(sent, result.stderr);
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /^moonshot-files: interrupted$/m);
    assert.equal(result.stdout, '');
  });
});

describe('rm', () => {
  test('one line per id; a missing id says not found, with NotFoundError 404 and the request id, and makes the exit status 1', async () => {
    const result = await cli(['rm', SEED.report, MISSING, SEED.image]);
    assert.equal(result.code, 1);
    const lines = result.stdout.split('\n');
    assert.equal(lines.length, 4, result.stdout);
    assert.equal(lines[0], `${SEED.report}  deleted`);
    // What support asks for: the class, the status, and the ids of the mock's 404 for that id.
    const answer = mock.requests().find((entry) => entry.status === 404);
    assert.ok(answer.path.endsWith(`/${MISSING}`), answer.path);
    assert.equal(lines[1], `${MISSING}  not found: NotFoundError 404 (request ${answer.requestId}, trace ${answer.traceId}): file not found: ${MISSING}`);
    assert.equal(lines[2], `${SEED.image}  deleted`);
    assert.equal(lines[3], '');
    assert.equal(result.stderr, 'moonshot-files: 1 of 3 not deleted\n');
    assert.equal(mock.store.get(SEED.report), undefined);
    assert.equal(mock.store.get(SEED.image), undefined);
    assert.equal(mock.store.size, SEED.count - 2);
  });

  test('--force: a missing id is no failure (exit 0)', async () => {
    const result = await cli(['rm', '--force', MISSING, SEED.notes]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${MISSING}  not found: NotFoundError 404 ${answerIds(404)}: file not found: ${MISSING}\n${SEED.notes}  deleted\n`);
    assert.equal(result.stderr, '');
  });

  test('a failure among good ids: the others still go; its line names class, status, request and trace ids (exit 1)', async () => {
    mock.inject({ method: 'DELETE', path: `/v1/files/${SEED.image}`, status: 500, times: 100 });
    const result = await cli(['rm', SEED.report, SEED.image, SEED.notes]);
    assert.equal(result.code, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `${SEED.report}  deleted`);
    assert.ok(lines[1].startsWith(`${SEED.image}  failed: InternalServerError 500 ${answerIds(500)}: `), lines[1]);
    assert.equal(lines[2], `${SEED.notes}  deleted`);
    assert.ok(mock.store.get(SEED.image));
    assert.equal(mock.store.size, SEED.count - 2);
  });

  test('no id: exit 2', async () => {
    assertUsageError(await cli(['rm']), /rm needs ID\.\.\./);
  });
});

describe('prune', () => {
  /** The ids of prune's table. */
  const tableIds = (stdout) => (stdout === '' ? [] : readTable(stdout).rows.map((row) => row[0]));

  test('without --yes it shows what it would delete, and deletes nothing', async () => {
    const result = await cli(['prune', '--status', 'error']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(tableIds(result.stdout), [SEED.failed]);
    assert.equal(result.stderr, 'would delete 1 file, 8.0 MiB; run again with --yes to delete them\n');
    assert.equal(mock.store.size, SEED.count);
    assert.ok(!mock.requests().some((entry) => entry.method === 'DELETE'));
  });

  test('--yes deletes them, and prints what went', async () => {
    const result = await cli(['prune', '--status', 'error', '--yes']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(tableIds(result.stdout), [SEED.failed]);
    assert.equal(result.stderr, 'deleted 1 file, 8.0 MiB\n');
    assert.equal(mock.store.get(SEED.failed), undefined);
    assert.equal(mock.store.size, SEED.count - 1);
  });

  test('each filter, dry and for real: --purpose, --status, --older-than (age, date), --keep-newest', async () => {
    const listed = await apiList();
    // 2026-08-01 is midnight UTC for the child (TZ=UTC).
    const beforeAugust = Date.UTC(2026, 7, 1) / 1000;
    const fileExtract = listed.filter((file) => file.purpose === 'file-extract');
    const cases = [
      [['--purpose', 'image'], listed.filter((file) => file.purpose === 'image')],
      [['--status', 'ready'], listed.filter((file) => file.status === 'ready' || file.status === 'ok')],
      [['--older-than', '2026-08-01'], listed.filter((file) => file.created_at < beforeAugust)],
      [['--purpose', 'file-extract', '--keep-newest', '2'], fileExtract.slice(0, -2)],
      [['--keep-newest', '0', '--purpose', 'batch'], listed.filter((file) => file.purpose === 'batch')],
    ];
    for (const [flags, expected] of cases) {
      assert.ok(expected.length > 0 && expected.length < listed.length, `a weak case: ${flags}`);
      mock.reset();
      const dry = await cli(['prune', ...flags]);
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(tableIds(dry.stdout), expected.map((file) => file.id), `dry run of ${flags.join(' ')}`);
      assert.equal(mock.store.size, SEED.count);
      const real = await cli(['prune', ...flags, '--yes', '--json']);
      assert.equal(real.code, 0, real.stderr);
      assert.deepEqual(JSON.parse(real.stdout), expected, `prune ${flags.join(' ')} --yes`);
      assert.deepEqual(
        mock.store.list().map((file) => file.id),
        listed.filter((file) => !expected.includes(file)).map((file) => file.id),
      );
    }
  });

  test('--older-than an age: the seeded files go, a fresh upload stays', async () => {
    const fresh = JSON.parse((await cli(['upload', localFile('fresh.txt', 'new'), '--purpose', 'file-extract', '--json'])).stdout)[0];
    const dayAgo = Date.now() / 1000 - 86_400;
    const expected = (await apiList()).filter((file) => file.created_at < dayAgo).map((file) => file.id);
    assert.ok(expected.length > 0 && !expected.includes(fresh.id));
    const result = await cli(['prune', '--older-than', '1d', '--yes']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(tableIds(result.stdout), expected);
    assert.ok(mock.store.get(fresh.id));
  });

  test('no filter: the dry run lists every file; --yes is refused (exit 2)', async () => {
    const dry = await cli(['prune']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(tableIds(dry.stdout).length, SEED.count);
    assertUsageError(await cli(['prune', '--yes']), /prune --yes needs at least one of/);
    assert.equal(mock.store.size, SEED.count);
  });

  test('nothing matches: no table, stderr says so (exit 0)', async () => {
    const result = await cli(['prune', '--older-than', '2000-01-01', '--yes']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'no file matches; nothing deleted\n');
  });

  test('some cannot be deleted: those that went on stdout, one line per failure, exit 1', async () => {
    mock.inject({ method: 'DELETE', path: `/v1/files/${SEED.failed}`, status: 500, times: 100 });
    const result = await cli(['prune', '--purpose', 'file-extract', '--status', 'error', '--yes']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.ok(lines[0].startsWith(`moonshot-files: ${SEED.failed} not deleted: InternalServerError 500 ${answerIds(500)}: `), lines[0]);
    assert.match(lines[1], /^moonshot-files: PruneError: /);
    assert.equal(lines.length, 2);
    assert.ok(mock.store.get(SEED.failed));

    mock.reset();
    mock.inject({ method: 'DELETE', path: `/v1/files/${SEED.image}`, status: 500, times: 100 });
    const partial = await cli(['prune', '--older-than', '2026-08-01', '--yes']);
    assert.equal(partial.code, 1);
    assert.deepEqual(partial.stdout.trimEnd().split('\n').sort(), [`${SEED.report}  deleted`, `${SEED.video}  deleted`].sort());
    assert.equal(mock.store.size, SEED.count - 2);
  });

  test('bad values: exit 2', async () => {
    assertUsageError(await cli(['prune', '--older-than', 'yesterday']), /--older-than takes an age/);
    assertUsageError(await cli(['prune', '--keep-newest', 'many']), /--keep-newest must be a whole number; got 'many'/);
    assertUsageError(await cli(['prune', '--status', 'gone']), /--status must be one of ready, ok, processing, error; got 'gone'/);
    assertUsageError(await cli(['prune', '--purpose', 'pictures', '--yes']), /--purpose must be one of/);
    assert.equal(mock.store.size, SEED.count);
  });
});

describe('du', () => {
  const GIB = 2 ** 30;

  test("its figures are the mock's files, each against its limit with a bar", async () => {
    const json = await cli(['du', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      fileCount: mock.store.size,
      totalBytes: mock.store.totalBytes,
      maxFiles: 1000,
      maxTotalBytes: 10 * GIB,
      maxFileBytes: 100 * 2 ** 20,
    });
    assert.equal(mock.store.size, SEED.count);

    // An account over half full in bytes and full in files, as people read it.
    mock.reset({ seed: [{ bytes: 6 * GIB }, ...Array.from({ length: 999 }, () => ({ bytes: 1 }))] });
    const text = await cli(['du']);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stderr, '');
    assert.deepEqual(text.stdout.split('\n'), [
      `files  1000 of 1000         [${'#'.repeat(30)}]  100%`,
      `bytes  6.0 GiB of 10.0 GiB  [${'#'.repeat(18)}${'-'.repeat(12)}]   60%`,
      'largest file allowed: 100 MiB',
      '',
    ]);
    assert.deepEqual(
      mock.requests().map((entry) => `${entry.method} ${entry.path}`),
      ['GET /v1/files', 'GET /v1/files'],
      'one list each, nothing else',
    );
  });
});

describe('upload --make-room', () => {
  test('a refusal for the file count makes room (the oldest file goes), then the upload goes again', async () => {
    mock.reset({ seed: 1000 });
    const oldest = mock.store.list()[0].id;
    const result = await cli(['upload', localFile('fits.txt', 'room for me'), '--purpose', 'file-extract', '--make-room', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const [file] = JSON.parse(result.stdout);
    assert.equal(file.filename, 'fits.txt');
    assert.deepEqual(
      mock.requests().map((entry) => `${entry.method} ${entry.path}`),
      ['POST /v1/files', 'GET /v1/files', `DELETE /v1/files/${oldest}`, 'POST /v1/files'],
    );
    assert.equal(mock.requests()[0].status, 400, 'the first upload was refused');
    assert.equal(mock.store.size, 1000);
    assert.equal(mock.store.get(oldest), undefined);
    assert.ok(mock.store.get(file.id));
  });

  test('it makes no room where there is room, nor on another refusal', async () => {
    const fits = await cli(['upload', localFile('small.txt', 'small'), '--purpose', 'file-extract', '--make-room']);
    assert.equal(fits.code, 0, fits.stderr);
    assert.deepEqual(
      mock.requests().map((entry) => `${entry.method} ${entry.path}`),
      ['POST /v1/files'],
    );

    mock.clearRequests();
    mock.inject({ method: 'POST', path: '/v1/files', status: 400, json: { error: { message: 'Invalid purpose: nope', type: 'invalid_request_error' } } });
    const other = await cli(['upload', localFile('small.txt', 'small'), '--purpose', 'file-extract', '--make-room']);
    assert.equal(other.code, 1, other.stderr);
    assert.match(other.stderr, /^moonshot-files: BadRequestError 400 .*: Invalid purpose: nope$/m);
    assert.deepEqual(
      mock.requests().map((entry) => `${entry.method} ${entry.path}`),
      ['POST /v1/files'],
    );
    assert.equal(mock.store.size, SEED.count + 1);
  });

  test('without it, the refusal for room is the error, and nothing is deleted', async () => {
    mock.reset({ seed: 1000 });
    const result = await cli(['upload', localFile('full.txt', 'no room'), '--purpose', 'file-extract']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^moonshot-files: BadRequestError 400 .*: The number of files you have uploaded exceeded the max file count 1000/m);
    assert.deepEqual(
      mock.requests().map((entry) => `${entry.method} ${entry.path}`),
      ['POST /v1/files'],
    );
    assert.equal(mock.store.size, 1000);
  });
});

describe('upload --once', () => {
  // The file store's directory is the user's cache directory: here, a fresh one a test.
  let cache;
  beforeEach(() => {
    cache = tempDir('moonshot-files-cache-');
  });
  after(() => cache?.remove());
  const once = (args) => cli(['upload', ...args, '--purpose', 'file-extract', '--once'], { env: { XDG_CACHE_HOME: cache.dir, HOME: cache.dir } });
  const remembered = () => {
    const dir = join(cache.dir, 'moonshot-files', 'uploads');
    return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
  };
  const posts = () => mock.requests().filter((entry) => entry.method === 'POST');

  test('the same bytes again are reused, not sent: "uploaded", then "reused" (the file store remembers across runs)', async () => {
    const first = await once([localFile('minutes.md', '# minutes\n'), '--json']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^minutes\.md: uploaded$/m);
    const [file] = JSON.parse(first.stdout);
    assert.equal(posts().length, 1);
    assert.equal(remembered().length, 2, 'remembered in the cache directory: the bytes, and that bytes of their size were');

    // Another run, another name, the same bytes.
    mock.clearRequests();
    const again = await once([localFile('minutes-copy.md', '# minutes\n'), '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^minutes-copy\.md: reused$/m);
    assert.deepEqual(JSON.parse(again.stdout).map((f) => f.id), [file.id], 'the file there is printed');
    assert.deepEqual(
      mock.requests().map((entry) => `${entry.method} ${entry.path}`),
      [`GET /v1/files/${file.id}`],
      'one retrieve, no upload',
    );
    assert.equal(mock.store.size, SEED.count + 1);
  });

  test('each file says which: new bytes are uploaded beside reused ones; a file gone from the account is uploaded again', async () => {
    assert.equal((await once([localFile('a.md', 'a\n')])).code, 0);
    const mixed = await once([localFile('a-again.md', 'a\n'), localFile('b.md', 'b\n')]);
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.deepEqual(mixed.stderr.split('\n').filter((line) => /: (reused|uploaded)$/.test(line)), ['a-again.md: reused', 'b.md: uploaded']);
    assert.deepEqual(readTable(mixed.stdout).rows.map((row) => row.at(-1)), ['a.md', 'b.md']);

    mock.reset(); // the account loses them
    mock.clearRequests();
    const gone = await once([localFile('a.md', 'a\n')]);
    assert.equal(gone.code, 0, gone.stderr);
    assert.match(gone.stderr, /^a\.md: uploaded$/m);
    assert.equal(posts().length, 1);
  });

  test('stopped by a failure, it counts the files reused with those uploaded, and says so', async () => {
    assert.equal((await once([localFile('kept.md', 'kept\n')])).code, 0);
    mock.inject({ method: 'POST', path: '/v1/files', status: 400, json: { error: { message: 'too many files', type: 'invalid_request_error' } } });
    const result = await once([localFile('kept-again.md', 'kept\n'), localFile('new.md', 'new\n')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^kept-again\.md: reused$/m);
    assert.match(result.stderr, /^uploaded or reused 1 of 2 files$/m);
    assert.deepEqual(readTable(result.stdout).rows.map((row) => row.at(-1)), ['kept.md']);
  });

  test('with --make-room: a full account makes room for the upload ensure sends', async () => {
    mock.reset({ seed: 1000 });
    const oldest = mock.store.list()[0].id;
    const result = await once([localFile('full.md', 'no room yet\n'), '--make-room']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^full\.md: uploaded$/m);
    assert.deepEqual(
      mock.requests().map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
      ['POST /v1/files 400', 'GET /v1/files 200', `DELETE /v1/files/${oldest} 200`, 'POST /v1/files 200'],
    );
  });

  test('without --once the file store is neither read nor written', async () => {
    const plain = await cli(['upload', localFile('plain.md', 'plain\n'), '--purpose', 'file-extract'], { env: { XDG_CACHE_HOME: cache.dir, HOME: cache.dir } });
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stderr, /: (reused|uploaded)$/m);
    assert.deepEqual(remembered(), []);
    const twice = await cli(['upload', localFile('plain.md', 'plain\n'), '--purpose', 'file-extract'], { env: { XDG_CACHE_HOME: cache.dir, HOME: cache.dir } });
    assert.equal(twice.code, 0, twice.stderr);
    assert.equal(posts().length, 2, 'sent twice');
  });
});

describe('filters: the CLI takes exactly what the library takes', () => {
  /** The values a refusal lists: `one of a, b, c; got` (the CLI) or `one of a, b, c (got` (the library). */
  const listed = (message) => message.match(/one of (.+?)(?:; got | \(got |\s\(set )/)[1].split(', ');

  test('the same purposes and statuses: each accepted by both, an unknown one refused by both', async () => {
    const { Moonshot } = await import(pathToFileURL(join(scratch.dir, 'node_modules/moonshot-files/index.mjs')).href);
    const client = new Moonshot({ apiKey: API_KEY, baseURL: mock.url });
    const file = () => new Blob(['x']);
    const cases = [
      { command: ['ls', '--purpose'], call: (purpose) => client.files.list({ purpose }) },
      { command: ['prune', '--purpose'], call: (purpose) => client.files.prune({ purpose, dryRun: true }) },
      { command: ['prune', '--status'], call: (status) => client.files.prune({ status, dryRun: true }) },
      { command: ['upload', localFile('x.txt', 'x'), '--purpose'], call: (purpose) => client.files.create({ file: file(), filename: 'x.txt', purpose }) },
    ];
    for (const { command, call } of cases) {
      const what = command.filter((arg) => !arg.includes('/')).join(' ');
      const refused = await cli([...command, 'imgae']);
      assertUsageError(refused, new RegExp(`^moonshot-files: ${command.at(-1)} must be one of .+; got 'imgae'$`));
      const error = await call('imgae').then(() => null, (err) => err);
      assert.equal(error?.name, 'InvalidArgumentError', `the library took ${what} imgae`);
      assert.match(error.message, /"imgae"/);
      const values = listed(refused.stderr);
      assert.deepEqual(values, listed(error.message), what);
      for (const value of values) {
        const result = await cli([...command, value, ...(command[0] === 'ls' ? ['--json'] : [])]);
        assert.equal(result.code, 0, `${what} ${value}: ${result.stderr}`);
        await call(value);
      }
    }
  });
});

describe('bad arguments (exit 2, a one-line usage hint)', () => {
  const cases = [
    [[], /no command given/],
    [['lss'], /unknown command 'lss'/],
    [['ls', '--long'], /Unknown option '--long'/],
    [['--long', 'ls'], /Unknown option '--long'/],
    [['ls', 'extra'], /Unexpected argument 'extra'/],
    [['ls', '--purpose'], /Option '--purpose <value>' argument missing/],
    [['info'], /info needs ID/],
    [['info', 'a', 'b'], /info takes one ID; got 2/],
    [['cat'], /cat needs ID/],
    [['ls', '--base-url', 'ftp://example.com/v1'], /InvalidArgumentError: .*ftp/],
    [['ls', '--base-url', 'http://api.moonshot.cn/v1'], /InvalidArgumentError: /],
  ];
  for (const [args, problem] of cases) {
    test(`moonshot-files ${args.join(' ')}`, async () => assertUsageError(await cli(args), problem));
  }

  test("the hint after a command's error is that command's usage", async () => {
    const result = await cli(['prune', '--nope']);
    assert.match(result.stderr.trimEnd().split('\n')[1], /^usage: moonshot-files prune \[--purpose P\].* \(see moonshot-files prune --help\)$/);
  });

  test('no MOONSHOT_API_KEY: exit 2, saying so, nothing sent', async () => {
    mock.clearRequests();
    assertUsageError(await cli(['ls'], { env: { MOONSHOT_API_KEY: undefined } }), /MOONSHOT_API_KEY is not set/);
    assert.deepEqual(mock.requests(), []);
  });
});

describe('errors from the API and the network (exit 1, one line)', () => {
  test('a wrong key: AuthenticationError 401, and neither key printed', async () => {
    const result = await cli(['ls'], { env: { MOONSHOT_API_KEY: WRONG_KEY } });
    assertApiError(result, 'AuthenticationError', 401);
    assert.equal(result.stdout, '');
  });

  test('a server error on every attempt: InternalServerError 500', async () => {
    mock.inject({ method: 'GET', path: '/v1/files', status: 500, times: 100 });
    assertApiError(await cli(['ls']), 'InternalServerError', 500);
  });

  test('an error that quotes the key back: the key is not printed', async () => {
    mock.inject({ method: 'GET', path: '/v1/files', status: 400, json: { error: { message: `bad key ${API_KEY}`, type: 'invalid_request_error' } } });
    const result = await cli(['ls']);
    assertApiError(result, 'BadRequestError', 400);
  });

  test('no server: ConnectionError, with no status nor request id', async () => {
    const result = await cli(['ls', '--base-url', `http://127.0.0.1:${await closedPort()}/v1`]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^moonshot-files: ConnectionError: .+\n$/);
  });
});

describe('help and version', () => {
  test('--help and -h: every command, the environment, the exit statuses (exit 0, stdout)', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await cli([flag], { env: { MOONSHOT_API_KEY: undefined } });
      assert.equal(result.code, 0);
      assert.equal(result.stderr, '');
      for (const name of ['ls', 'info', 'upload', 'cat', 'download', 'extract', 'rm', 'prune', 'du', 'ui']) assert.match(result.stdout, new RegExp(`^  ${name} `, 'm'));
      assert.match(result.stdout, /MOONSHOT_API_KEY/);
      assert.match(result.stdout, /Exit status: 0 done, 1 an API or network error, 2 bad arguments, 130 interrupted/);
    }
  });

  test('each command has its help, with its flags and examples (exit 0, nothing sent)', async () => {
    mock.clearRequests();
    const flags = {
      ls: ['--purpose', '--json'],
      info: ['--json'],
      upload: ['--purpose', '--once', '--make-room', '--json'],
      cat: [],
      download: ['-o', '--output'],
      extract: ['--keep', '--max-chars'],
      rm: ['--force'],
      prune: ['--purpose', '--status', '--older-than', '--keep-newest', '--yes', '--json'],
      du: ['--json'],
      ui: ['--port', '--host', '--no-open'],
    };
    for (const [name, expected] of Object.entries(flags)) {
      // Every way to ask, for one command; --help for the others.
      const ways = name === 'prune' ? [[name, '--help'], [name, '-h'], ['help', name], ['--help', name]] : [[name, '--help']];
      for (const args of ways) {
        const result = await cli(args);
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stdout, new RegExp(`^usage: moonshot-files ${name} `));
        for (const flag of [...expected, '--base-url', '--help']) assert.match(result.stdout, new RegExp(`${flag}\\b`), `${name}: ${flag}`);
        assert.match(result.stdout, new RegExp(`^Examples:\\n  moonshot-files ${name}`, 'm'));
        // Written for a person: no escape, placeholder or missing value left in it.
        assert.doesNotMatch(result.stdout, /\\[nrtx]|\$\{|undefined|\[object /, `${name}'s help`);
        // Its sentences end as sentences do, before the flags.
        assert.match(result.stdout, /^[A-Z].*\.\n(.+\n)*.*\.\n\nFlags:\n/m, `${name}'s help ends its sentences with a full stop`);
      }
    }
    assert.deepEqual(mock.requests(), []);
  });

  test("--version: the package's version", async () => {
    const result = await cli(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${version}\n`);
  });
});

describe('a low-tier account (one request at a time)', () => {
  // The service refuses a second request in flight with "max concurrency: 1,
  // please try again after 1 seconds". The commands must meet that refusal
  // and still do all they were asked, and after the first refusals stay
  // under the limit. Each test makes the refusal certain rather than a
  // matter of timing: a request is held in flight at the mock (a `together`
  // fault of two uses: the refused requests never take it) until the log
  // shows a 429; then a request without the key, which the limit does not
  // count, takes the fault's second use and lets the held one go.
  //
  // A mock of its own: the shared one may still count a request in flight
  // that an earlier test left held (an interrupted upload whose body it
  // never read does not show it has gone), and here that would be a second.
  let shared;
  before(async () => {
    shared = mock;
    mock = await startMockServer({ port: 0, apiKey: API_KEY, seed: 'none' });
  });
  after(async () => {
    await mock.close();
    mock = shared;
  });
  /** The account's requests (with its key), less preflights and the test's own keyless release. */
  const accountLog = () => mock.requests().filter((entry) => entry.method !== 'OPTIONS' && entry.headers.authorization === 'valid');
  /** Holds the first request to `method path` in flight until release(). */
  const lowTier = (seed, method, path) => {
    mock.reset({ seed, maxConcurrency: 1 });
    mock.inject({ method, path, times: 2, together: true });
    mock.clearRequests();
    return async function release() {
      await waitUntil(() => accountLog().some((entry) => entry.status === 429), 'a 429: a request sent while another was held in flight', 30_000);
      const keyless = await fetch(`${mock.origin}${path.replace('*', 'held-release')}`, { method });
      assert.equal(keyless.status, 401, 'the release went past the held request');
    };
  };
  /** The premise: the limit refused a request of the command's, one that came while another was in flight. */
  const assertRefused = (method) => {
    const refused = accountLog().filter((entry) => entry.status === 429);
    assert.ok(refused.length > 0, 'the limit was never reached');
    assert.ok(refused.every((entry) => entry.method === method && entry.inFlight > 1), JSON.stringify(refused));
  };
  const refusedAfterTheFirstBurst = (burst) => {
    const log = accountLog();
    const first = log.findIndex((entry) => entry.status === 429);
    return first < 0 ? [] : log.slice(first + burst).filter((entry) => entry.status === 429);
  };

  test('rm of ten ids deletes all ten (exit 0)', async () => {
    const seed = Array.from({ length: 10 }, (_, i) => ({ filename: `old-${i}.txt`, purpose: 'file-extract', status: 'ready' }));
    // Its first delete is held: the others it sends beside it are refused.
    const release = lowTier(seed, 'DELETE', '/v1/files/*');
    const ids = mock.store.list().map((file) => file.id);
    const [result] = await Promise.all([cli(['rm', ...ids]), release()]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, ids.map((id) => `${id}  deleted\n`).join(''));
    assert.equal(mock.store.size, 0);
    assertRefused('DELETE');
    assert.deepEqual(refusedAfterTheFirstBurst(4), []);
  });

  test('prune --yes deletes every match (exit 0)', async () => {
    const seed = Array.from({ length: 8 }, (_, i) => ({ filename: `failed-${i}.pdf`, purpose: 'file-extract', status: 'error', status_details: 'unreadable' }));
    // Its first delete is held (the list before it is not): the others it sends beside it are refused.
    const release = lowTier([...seed, { filename: 'keep.txt', purpose: 'file-extract', status: 'ready' }], 'DELETE', '/v1/files/*');
    const [result] = await Promise.all([cli(['prune', '--status', 'error', '--yes']), release()]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^deleted 8 files, /);
    assert.deepEqual(mock.store.list().map((file) => file.filename), ['keep.txt']);
    assertRefused('DELETE');
    assert.deepEqual(refusedAfterTheFirstBurst(4), []);
  });

  test('upload of several files uploads each (exit 0)', async () => {
    // The CLI uploads one file at a time, so the request in flight beside its
    // first upload is another client's on the same account: a list, held.
    const release = lowTier('none', 'GET', '/v1/files');
    const other = fetch(`${mock.url}/files`, { headers: { authorization: `Bearer ${API_KEY}` } });
    await waitUntil(() => accountLog().length === 1, "the other client's list at the service");
    const names = ['a.txt', 'b.txt', 'c.txt'];
    for (const name of names) writeFileSync(join(scratch.dir, name), `the text of ${name}`);
    const [result] = await Promise.all([cli(['upload', ...names, '--purpose', 'file-extract', '--json']), release()]);
    assert.equal((await other).status, 200);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).map((file) => file.filename), names);
    assert.deepEqual(mock.store.list().map((file) => file.filename).sort(), names);
    assertRefused('POST');
    // Each file went up once: the refused attempt stored nothing.
    assert.equal(accountLog().filter((entry) => entry.method === 'POST' && entry.status === 200).length, 3);
  });
});

describe('the installed package', () => {
  test('the bin is the package\'s own, and the CLI ships every file it imports', () => {
    const installed = join(scratch.dir, 'node_modules/moonshot-files');
    const shipped = filesUnder(installed);
    for (const folder of ['bin', 'cli']) {
      for (const path of filesUnder(join(ROOT, 'pkg-template', folder))) assert.ok(shipped.includes(join(folder, path)), `${folder}/${path} is not in the tarball`);
    }
    assert.equal(realpathSync(bin), realpathSync(join(installed, 'bin/moonshot-files.js')));
  });
});
