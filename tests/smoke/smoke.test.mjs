// `make smoke` (scripts/smoke.mjs) run as a user runs it, against the mock
// playing an account of the lowest tier (one request at a time): each step's
// line and the ids it quotes against the mock's log, what the upload carried,
// the account's other files untouched, and the upload deleted when a step
// fails or Ctrl-C stops it.
//
// Run: node --test tests/smoke/   (needs a built pkg/: make build)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startMockServer } from '../../mock/server.mjs';

const SCRIPT = fileURLToPath(new URL('../../scripts/smoke.mjs', import.meta.url));
const KEY = 'sk-mock-key-smoke-5d1e';
// `name  ok|FAILED|STOPPED  ms ms  request R  trace T  detail`
const STEP_LINE = /^(\w+)\s+(ok|FAILED|STOPPED)\s+(\d+) ms {2}request (\S+) {2}trace (\S+) {2}(.*)$/;
const UPLOAD_NAME = /^moonshot-files-smoke-([0-9a-f]{16})\.txt$/;

let mock;
before(async () => {
  mock = await startMockServer({ apiKey: KEY, seed: 'sample', maxConcurrency: 1 });
});
after(() => mock.close());
beforeEach(() => {
  mock.reset({ processingMs: 400 });
  mock.clearRequests();
});

/**
 * Runs the script with the key and the mock's URL (`env` overrides; undefined
 * removes); `onStdout` sees stdout as it grows, with the child. Resolves once
 * it exits; whatever ran, the key never shows.
 */
function smoke({ env = {}, onStdout } = {}) {
  const vars = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(MOONSHOT_|NODE_TEST_CONTEXT$)/.test(name)) vars[name] = value;
  }
  Object.assign(vars, { MOONSHOT_API_KEY: KEY, MOONSHOT_BASE_URL: mock.url }, env);
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete vars[name];
  const child = spawn(process.execPath, [SCRIPT], { env: vars, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
    onStdout?.(stdout, child);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  // A hung script fails its test instead of the run.
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, steps: readSteps(stdout) });
    });
  });
  // Checked in the test's own chain: thrown in the 'close' listener, it
  // would be an uncaught exception and the test would wait for ever.
  return exited.then((result) => {
    assert.ok(!result.stdout.includes(KEY) && !result.stderr.includes(KEY), `the key was printed:\n${result.stdout}\n${result.stderr}`);
    return result;
  });
}

function readSteps(stdout) {
  return stdout
    .split('\n')
    .map((line) => STEP_LINE.exec(line))
    .filter(Boolean)
    .map(([, name, outcome, ms, requestId, traceId, detail]) => ({ name, outcome, ms: Number(ms), requestId, traceId, detail }));
}

/** The log entry of the answer a step's line quotes: its ids are the mock's, as sent. */
function answerOf(step) {
  const entry = mock.requests().find((request) => request.requestId === step.requestId);
  assert.ok(entry, `${step.name}: request ${step.requestId} is not in the mock's log`);
  assert.equal(step.traceId, entry.traceId, `${step.name}: the trace id of that answer`);
  return entry;
}

/** The upload the script made: its log entry, the token of its name, the id the mock gave it. */
function theUpload() {
  const uploads = mock.requests().filter((request) => request.method === 'POST');
  assert.equal(uploads.length, 1, 'one upload');
  const [upload] = uploads;
  const token = UPLOAD_NAME.exec(upload.upload.filename)?.[1];
  assert.ok(token, `a name of its own: ${upload.upload.filename}`);
  return { upload, token };
}

/** The first upload's id after a reset (uploads are counted from it), from a mock of its own. */
async function firstUploadId() {
  const scratch = await startMockServer({ seed: 'none' });
  try {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    form.append('purpose', 'file-extract');
    const response = await fetch(`${scratch.url}/files`, { method: 'POST', headers: { authorization: 'Bearer sk-mock-key' }, body: form });
    return (await response.json()).id;
  } finally {
    await scratch.close();
  }
}

describe('make smoke', () => {
  test('every step passes, one line each with the ids of its answer; one request at a time; nothing else touched', async () => {
    const others = mock.store.list();
    const result = await smoke();
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual(
      result.steps.map(({ name, outcome }) => `${name} ${outcome}`),
      ['list ok', 'upload ok', 'wait ok', 'content ok', 'delete ok', 'list ok'],
    );
    assert.match(result.stdout, /^smoke: every step passed$/m);

    const { upload, token } = theUpload();
    // What arrived is the text the script checks for: its bytes, by hash.
    const text = `moonshot-files smoke check ${token}\n`;
    assert.deepEqual(
      { purpose: upload.upload.purpose, bytes: upload.upload.bytes, sha256: upload.upload.sha256 },
      { purpose: 'file-extract', bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') },
    );
    const id = result.steps[1].detail.split(' ')[0];
    const expected = [
      ['GET', '/v1/files'],
      ['POST', '/v1/files'],
      ['GET', `/v1/files/${id}`],
      ['GET', `/v1/files/${id}/content`],
      ['DELETE', `/v1/files/${id}`],
      ['GET', '/v1/files'],
    ];
    assert.deepEqual(
      result.steps.map((step) => {
        const entry = answerOf(step);
        return [entry.method, entry.path];
      }),
      expected,
    );
    assert.match(result.steps[3].detail, /the text came back/);
    assert.match(result.steps[5].detail, new RegExp(`${id} gone`));

    // The account of one request at a time never saw two: no 429, and none
    // arrived while another was in flight.
    const log = mock.requests();
    assert.deepEqual(log.filter((entry) => entry.status === 429), []);
    assert.deepEqual(new Set(log.map((entry) => entry.inFlight)), new Set([1]));
    // Only its own file was deleted; the others are as they were.
    assert.deepEqual(log.filter((entry) => entry.method === 'DELETE').map((entry) => entry.path), [`/v1/files/${id}`]);
    assert.deepEqual(mock.store.list(), others);
  });

  test('a failing step: its line quotes the failed answer, the upload is deleted, exit 1', async () => {
    const others = mock.store.list();
    const id = await firstUploadId();
    mock.inject({ method: 'GET', path: `/v1/files/${id}/content`, status: 500, times: 100 });
    const result = await smoke();
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.deepEqual(
      result.steps.map(({ name, outcome }) => `${name} ${outcome}`),
      ['list ok', 'upload ok', 'wait ok', 'content FAILED', 'cleanup ok'],
    );
    const failed = result.steps[3];
    assert.match(failed.detail, /^InternalServerError 500: /);
    const answer = answerOf(failed);
    assert.deepEqual([answer.path, answer.status], [`/v1/files/${id}/content`, 500]);
    assert.equal(failed.requestId, mock.requests().findLast((entry) => entry.status === 500).requestId, 'the last failed attempt');
    // A list to find any file of its name, then the delete of the one it had.
    assert.equal(result.steps[4].detail, `deleted ${id} (2 answers)`);
    assert.match(result.stdout, /^smoke: FAILED; send us the lines above \(their request ids\), never the key$/m);
    assert.deepEqual(
      mock.requests().filter((entry) => entry.method === 'DELETE').map((entry) => [entry.path, entry.status]),
      [[`/v1/files/${id}`, 200]],
    );
    assert.deepEqual(mock.store.list(), others);
  });

  test('Ctrl-C while it waits: the upload is deleted, exit 130', async () => {
    mock.reset({ processingMs: 600_000 }); // processing until the test is long over
    const others = mock.store.list();
    let sent = false;
    // Stopped once it polls the file: its upload is surely stored.
    const polling = () => mock.requests().some((entry) => entry.method === 'GET' && /^\/v1\/files\/[a-z0-9]{20}$/.test(entry.path));
    let watch;
    const result = await smoke({
      onStdout: (stdout, child) => {
        if (sent || !/^upload\s+ok/m.test(stdout)) return;
        watch ??= setInterval(() => {
          if (sent || !polling()) return;
          sent = true;
          clearInterval(watch);
          child.kill('SIGINT');
        }, 10);
      },
    });
    clearInterval(watch);
    assert.equal(result.code, 130, result.stdout + result.stderr);
    assert.deepEqual(
      result.steps.map(({ name, outcome }) => `${name} ${outcome}`),
      ['list ok', 'upload ok', 'wait STOPPED', 'cleanup ok'],
    );
    assert.match(result.stdout, /^smoke: interrupted$/m);
    assert.deepEqual(mock.store.list(), others);
  });

  test('no key: one line, exit 2, nothing sent', async () => {
    const result = await smoke({ env: { MOONSHOT_API_KEY: undefined } });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^smoke: MOONSHOT_API_KEY is not set: run MOONSHOT_API_KEY=sk-\.\.\. make smoke\n$/);
    assert.deepEqual(mock.requests(), []);
  });
});
