// The READMEs' examples, run as written against the mock: the Node ones as
// scripts in the node-esm consumer (a Node project that installed the packed
// tarball), the page ones in the vite consumer's dev server in Chromium,
// each checked by what arrived and what is left on the mock, not only by
// its resolving. The blocks are read from the READMEs when the test runs.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { format, inspect } from 'node:util';
import { readProbe } from '../harness/browser.mjs';
import { consumer, mockEnv, once } from '../harness/consumer.mjs';
import { API_KEY, calls } from '../harness/expect.mjs';
import { onFreePorts, run, startServer } from '../harness/processes.mjs';
import { codeBlocks } from '../harness/markdown.mjs';
import { ROOT } from '../harness/apps.mjs';
import { EXAMPLES, README_CACHE, README_FILES, exampleBlock, exampleProgram, examplesWithoutHarness, exampleSlug } from '../harness/readme-examples.mjs';
import { timed } from '../harness/timings.mjs';
import { UPLOAD } from '../harness/upload-fixture.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// The files the examples name, made here. The PDFs are text, so the text the
// mock extracts is their bytes and can be compared; the clip is not UTF-8.
const FIXTURES = {
  'report.pdf': Buffer.from('%PDF-1.4\n% Quarterly report\nRevenue grew 12% over the quarter.\n%%EOF\n'),
  'contract.pdf': Buffer.from('%PDF-1.4\n% Contract\nThe parties agree to the terms below.\n%%EOF\n'),
  'notes.pdf': Buffer.from('%PDF-1.4\n% Notes\nMeeting notes: ship on Friday.\n%%EOF\n'),
  'clip.mp4': UPLOAD.bytes.subarray(0, 64 * 1024),
  'photo.png': Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), UPLOAD.bytes.subarray(0, 4096)]),
};

const example = (readme, block) => EXAMPLES.find((e) => e.readme === readme && e.block === block);

test('every JS/TS example of both READMEs has its harness, and every harness its example', () => {
  assert.deepEqual(examplesWithoutHarness(), [], 'a new README example needs an entry in tests/packaging/harness/readme-examples.mjs');
  for (const entry of EXAMPLES) exampleBlock(entry);
});

// Each example carries its own imports and client: the harness's lines
// around it may make no name the example could lean on (its own all start
// with `harness`), and import nothing. The type check (readme-types.mjs)
// then fails on any name an example uses without defining or importing it.
test('the harness gives the examples no names: its own lines make only `harness...` names and import nothing', () => {
  for (const entry of EXAMPLES) {
    const block = exampleBlock(entry).code.trimEnd();
    const program = exampleProgram(entry);
    const harness = program.replace(block, '');
    assert.ok(program.includes(block), `${entry.block}: the block runs unchanged`);
    const made = [...harness.matchAll(/\b(?:const|let|var|function|class)\s+([A-Za-z_$][\w$]*)/g)].map(([, name]) => name);
    assert.deepEqual(made.filter((name) => !name.startsWith('harness')), [], `${entry.block}: the harness makes these names`);
    assert.doesNotMatch(harness, /^\s*import\b/m, `${entry.block}: the harness imports`);
  }
});

/** The text of a call's arguments: from `code[open]` === '(' to its matching ')'. */
function callArguments(code, open) {
  let depth = 0;
  for (let i = open; i < code.length; i += 1) {
    if (code[i] === '(') depth += 1;
    if (code[i] === ')' && (depth -= 1) === 0) return code.slice(open + 1, i);
  }
  throw new Error(`unbalanced call at ${open}: ${code.slice(open, open + 80)}`);
}

const examplesOf = (langs) =>
  README_FILES.flatMap((readme) =>
    codeBlocks(path.join(ROOT, readme))
      .filter((block) => langs.includes(block.lang))
      .map((block) => ({ ...block, where: `${readme}:${block.line} "${block.name}"` })),
  );

test('every README example that deletes makes the same call with `dryRun: true` first, and the command lines show before `--yes`', () => {
  let deleting = 0;
  for (const { code, where } of examplesOf(['js', 'ts'])) {
    // The calls that delete files the user has: delete, deleteMany, and a prune without dryRun.
    const calls = [...code.matchAll(/\.(delete|deleteMany|prune)\(/g)].map((match) => {
      const args = callArguments(code, match.index + match[0].length - 1);
      return { at: match.index, method: match[1], dry: /\bdryRun:\s*true\b/.test(args) };
    });
    const first = calls.find((call) => !call.dry);
    if (!first) continue;
    deleting += 1;
    assert.ok(
      calls.some((call) => call.dry && call.at < first.at),
      `${where}: its ${first.method}() deletes with no \`dryRun: true\` call before it`,
    );
  }
  assert.ok(deleting >= 3, `found ${deleting} examples that delete`);
  for (const { code, where } of examplesOf(['sh', 'bash', 'shell'])) {
    const lines = code.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim());
    lines.forEach((line, i) => {
      if (!/\bprune\b/.test(line) || !/\s--yes\b/.test(line)) return;
      const shown = line.replace(/\s--yes\b/, '').trim();
      assert.ok(lines.slice(0, i).includes(shown), `${where}: \`${line}\` deletes without \`${shown}\` before it`);
    });
  }
});

test('no README example catches an error it does not handle without throwing it again', () => {
  let catching = 0;
  for (const { code, where } of examplesOf(['js', 'ts'])) {
    for (const match of code.matchAll(/\bcatch\s*\((\w+)\)\s*\{/g)) {
      catching += 1;
      // The catch's body, to its matching brace.
      let depth = 1;
      let end = match.index + match[0].length;
      for (; depth > 0; end += 1) depth += code[end] === '{' ? 1 : code[end] === '}' ? -1 : 0;
      const body = code.slice(match.index + match[0].length, end - 1);
      assert.match(body, new RegExp(`\\bthrow ${match[1]}\\b`), `${where}: its catch never rethrows ${match[1]}`);
    }
  }
  assert.ok(catching >= 2, `found ${catching} catches`);
});

describe('README examples in Node: each block as a script in a Node project, against the mock', () => {
  const state = consumer('node-esm');

  /**
   * Runs the example (with the fixtures beside it) on a fresh mock; gives
   * its output before the harness's line, that line's report, and the
   * account as it was before.
   */
  const ran = new Set();
  /**
   * `prepare(mock)`: faults to queue on the fresh mock. `env`: besides the
   * mock's key and URL and the entry's own. `fails`: the example must exit
   * with an error; gives its output then.
   */
  async function runExample(readme, block, { env = {}, prepare, fails = false } = {}) {
    const entry = example(readme, block);
    ran.add(entry);
    state.mock.fresh();
    prepare?.(state.mock);
    const before = state.mock.store.list();
    for (const [name, bytes] of Object.entries(FIXTURES)) fs.writeFileSync(path.join(state.dir, name), bytes);
    const file = `${exampleSlug(entry)}.mjs`;
    fs.writeFileSync(path.join(state.dir, file), exampleProgram(entry));
    const running = timed(state.name, 'run', () =>
      run(process.execPath, [file], { cwd: state.dir, env: { ...mockEnv(state.mock), ...entry.env, ...env } }),
    );
    if (fails) {
      const error = await running.then(
        ({ stdout }) => assert.fail(`${file} exited 0\n${stdout}`),
        (err) => err,
      );
      return { error, before };
    }
    const { stdout, stderr } = await running;
    const lines = stdout.split('\n');
    const at = lines.findLastIndex((line) => line.startsWith('HARNESS '));
    assert.ok(at >= 0, `${file} did not reach its end\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
    return { printed: lines.slice(0, at).join('\n'), stderr, report: JSON.parse(lines[at].slice('HARNESS '.length)), before };
  }

  /** The uploads the mock received: { filename, purpose, bytes, sha256 }. */
  const uploads = () => state.mock.requests().filter((r) => r.method === 'POST' && r.upload).map((r) => r.upload);
  const whole = (name, purpose) => ({ filename: name, purpose, bytes: FIXTURES[name].length, sha256: sha256(FIXTURES[name]) });
  const arrived = ({ filename, purpose, bytes, sha256: hash }) => ({ filename, purpose, bytes, sha256: hash });
  const deletes = () => calls(state.mock).filter((call) => call.startsWith('DELETE')).map((call) => call.split(' ')[1].split('/').at(-1));
  /** `N of TOTAL bytes` lines: each reports the file's bytes, never fewer than before, the last all of them. */
  const assertFileProgress = (text, total) => {
    const loaded = text.split('\n').filter(Boolean).map((line) => {
      const match = /^(\d+) of (\d+) bytes$/.exec(line);
      assert.ok(match, `not a progress line: ${line}`);
      assert.equal(Number(match[2]), total, `${line}: the total is the file's size, ${total}`);
      return Number(match[1]);
    });
    assert.ok(loaded.length >= 1 && loaded.at(-1) === total, `the progress: ${loaded}`);
    assert.ok(loaded.every((n, i) => i === 0 || n >= loaded[i - 1]), `the progress went back: ${loaded}`);
  };
  const DAY_MS = 86_400_000;

  test('package, "Quick start": lists the files and prints each name and status', async () => {
    const { printed, report } = await runExample('pkg-template/README.md', 'Quick start');
    assert.deepEqual(report.data, state.mock.store.list());
    assert.equal(printed, inspect(report.data.map((f) => `${f.filename} ${f.status}`)));
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200']);
  });

  test('package, "Quick start #2", the file Q&A flow: report.pdf streamed whole under its own name, its text to the chat call, the file deleted', async () => {
    const { report, before } = await runExample('pkg-template/README.md', 'Quick start #2');
    assert.deepEqual(uploads().map(arrived), [whole('report.pdf', 'file-extract')]);
    assert.equal(report.text, FIXTURES['report.pdf'].toString());
    const { chat } = report.seen;
    assert.equal(chat.url, `${state.mock.url}/chat/completions`, 'the chat call goes to the same service');
    assert.equal(chat.authorization, `Bearer ${API_KEY}`);
    assert.deepEqual(chat.body.messages[0], { role: 'system', content: report.text }, 'the text goes to the chat as a system message');
    assert.deepEqual(report.answer, { choices: [{ message: { role: 'assistant', content: 'A summary of the report.' } }] });
    assert.deepEqual(state.mock.store.list(), before, 'nothing left behind');
    assert.match(calls(state.mock).at(-1), /^DELETE \/v1\/files\/\S+ valid 200$/);
  });

  test('package, "The client": every option accepted, and a call goes to its baseURL with its apiKey and its defaultHeaders', async () => {
    const code = exampleBlock(example('pkg-template/README.md', 'The client')).code;
    const apiKey = /apiKey: '([^']*)'/.exec(code)[1];
    const baseURL = /baseURL: '([^']*)'/.exec(code)[1];
    const [, header, value] = /defaultHeaders: \{ '([^']+)': '([^']*)' \}/.exec(code);
    const { report } = await runExample('pkg-template/README.md', 'The client');
    assert.equal(report.seen.sent.url, `${baseURL}/files`);
    assert.equal(report.seen.sent.headers.authorization, `Bearer ${apiKey}`);
    assert.equal(report.seen.sent.headers[header.toLowerCase()], value);
    assert.deepEqual(calls(state.mock), [], 'the mock is not the base URL here');
  });

  test('package, "The client #2": console.log(client) prints what the comment shows, and no key', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', 'The client #2'));
    const { printed } = await runExample('pkg-template/README.md', 'The client #2');
    // As the comment has it, on one line (Node breaks a long one).
    assert.equal(printed.replace(/\s+/g, ' '), /console\.log\(client\); \/\/ (.+)$/m.exec(code)[1]);
    assert.ok(!printed.includes(API_KEY));
    assert.deepEqual(calls(state.mock), []);
  });

  // The dated API's examples: what arrived (the version header on every
  // request, the pages asked for, the Idempotency-Key) and what the mock
  // holds, read in the dated shapes from the mock itself.
  const DATED = '2026-09-01-beta';
  const TWO_VERSIONS = 'Two versions of the API: compatible and dated';
  /** The example's requests, in order: method, path, query, the dated headers it carried, the answer's status. */
  const sent = () =>
    state.mock
      .requests()
      .filter((request) => request.method !== 'OPTIONS')
      .map((request) => ({
        method: request.method,
        path: request.path,
        query: Object.fromEntries(new URLSearchParams(request.search)),
        version: request.headers['kimi-api-version'],
        key: request.headers['idempotency-key'],
        status: request.status,
      }));
  /** `path` (under /v1) as the dated API answers it, asked after the example's requests were read. */
  const dated = async (where) => {
    const response = await fetch(`${state.mock.url}${where}`, { headers: { authorization: `Bearer ${API_KEY}`, 'kimi-api-version': DATED } });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
  };

  test('package, "Two versions of the API": for await walks every page of 100, each request naming the version, and prints every file of the dated list, newest first', async () => {
    const { printed, stderr } = await runExample('pkg-template/README.md', TWO_VERSIONS, { prepare: (mock) => mock.reset({ seed: 250 }) });
    const requests = sent();
    const { items } = await dated('/files');
    assert.equal(items.length, 250);
    assert.equal(printed, items.map((f) => format(f.filename, f.size_bytes, f.extract_status)).join('\n'));
    assert.deepEqual(
      requests.map(({ method, path, version, status }) => [method, path, version, status]),
      Array(3).fill(['GET', '/v1/files', DATED, 200]),
      'three pages, each asked in the dated API',
    );
    assert.deepEqual(requests.map(({ query }) => query.page_size), ['100', '100', '100']);
    assert.deepEqual(requests.map(({ query }) => typeof query.page_token), ['undefined', 'string', 'string'], 'the first page, then the next ones by their tokens');
    assert.equal(stderr, '', 'a version not retiring: nothing told');
  });

  test('package, "Two versions of the API": a retiring version is told once, through the example\'s onDeprecation, over three pages', async () => {
    const sunset = '2027-03-01T00:00:00Z';
    const { printed, stderr } = await runExample('pkg-template/README.md', TWO_VERSIONS, {
      prepare: (mock) => mock.reset({ seed: 250, deprecation: { sunset } }),
    });
    assert.equal(sent().length, 3);
    assert.equal(printed.split('\n').length, 250, 'the files still listed');
    assert.equal(stderr, `${DATED} retires on ${sunset}\n`, 'one line, the version and the date, and no console.warn');
  });

  test('package, "Two versions of the API #2": the upload carries the README\'s Idempotency-Key; cut after the service stored it, the retry with the same key leaves one file', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', `${TWO_VERSIONS} #2`));
    const key = /idempotencyKey: '([^']+)'/.exec(code)[1];
    const { printed, report, before } = await runExample('pkg-template/README.md', `${TWO_VERSIONS} #2`, {
      prepare: (mock) => mock.inject({ method: 'POST', path: '/v1/files', action: 'drop-after-handling' }),
    });
    assert.deepEqual(
      sent().map(({ method, version, key: sentKey, status }) => [method, version, sentKey, status]),
      [
        ['POST', DATED, key, null],
        ['POST', DATED, key, 201],
      ],
      'sent again after the cut, with the same key',
    );
    assert.deepEqual(uploads().map(arrived), [whole('report.pdf', 'file-extract'), whole('report.pdf', 'file-extract')]);
    const after = state.mock.store.list();
    assert.deepEqual(after.slice(0, before.length), before);
    assert.equal(after.length, before.length + 1, 'one file stored, not two');
    assert.equal(after.at(-1).id, report.file.id, 'the replayed answer names the stored file');
    const stored = await dated(`/files/${report.file.id}`);
    assert.deepEqual(report.file, stored);
    assert.equal(stored.mime_type, 'application/pdf');
    assert.equal(printed, format(stored.filename, stored.mime_type, stored.size_bytes, stored.created_at));
  });

  test('main, "Two versions of the API": for await adds up every file over pages of 100, then one page of 10; each request names the version', async () => {
    const { printed, report } = await runExample('README.md', 'Two versions of the API', { prepare: (mock) => mock.reset({ seed: 250 }) });
    const requests = sent();
    const { items } = await dated('/files');
    assert.equal(report.total, items.reduce((sum, f) => sum + f.size_bytes, 0));
    assert.deepEqual(report.page.items, items.slice(0, 10));
    assert.equal(typeof report.page.next_page_token, 'string');
    assert.equal(printed, format(report.total, items.slice(0, 10).map((f) => `${f.filename} ${f.created_at}`), report.page.next_page_token));
    assert.deepEqual(
      requests.map(({ method, path, version, status }) => [method, path, version, status]),
      Array(4).fill(['GET', '/v1/files', DATED, 200]),
    );
    assert.deepEqual(requests.map(({ query }) => query.page_size), ['100', '100', '100', '10']);
    assert.deepEqual(requests.map(({ query }) => 'page_token' in query), [false, true, true, false]);
  });

  test('package, "Uploads and their progress": a ReadStream arrives whole, named by its path; progress counts the file; the wait takes the file object', async () => {
    const { printed, report } = await runExample('pkg-template/README.md', 'Uploads and their progress');
    assert.deepEqual(uploads().map(arrived), [whole('clip.mp4', 'video')]);
    const lines = printed.split('\n');
    assertFileProgress(lines.slice(0, -1).join('\n'), FIXTURES['clip.mp4'].length);
    assert.equal(report.ready.id, report.file.id);
    assert.equal(lines.at(-1), state.mock.store.list().find((f) => f.id === report.file.id).status);
    assert.equal(lines.at(-1), 'ready');
  });

  test('package, "Downloads": the batch file, chosen by list({ purpose }), written to disk with the bytes the service stores', async () => {
    const { printed, report, before } = await runExample('pkg-template/README.md', 'Downloads: the bytes as stored');
    const batches = before.filter((f) => f.purpose === 'batch');
    assert.deepEqual(report.batch, batches[0], 'the first of the batch files');
    const stored = state.mock.store.body(report.batch.id);
    assert.ok(stored.length > 0 && !stored.equals(Buffer.from(stored.toString())), 'the stored bytes are not UTF-8 text');
    const written = fs.readFileSync(path.join(state.dir, report.batch.filename));
    assert.equal(sha256(written), sha256(stored));
    assert.equal(written.length, report.batch.bytes);
    const [name, type] = printed.split(' ');
    assert.equal(name, report.batch.filename);
    assert.match(type, /^[\w.+-]+\/[\w.+-]+/, 'the answer\'s Content-Type');
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200', `GET /v1/files/${report.batch.id}/content valid 200`]);
  });

  test('package, "Retries, timeouts, cancellation": the list call with a signal, a timeout and no retries', async () => {
    await runExample('pkg-template/README.md', 'Retries, timeouts, cancellation');
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200']);
  });

  test('package, "Rate limits": a 429 of the service\'s max RPM message gives the RateLimitError fields the comment shows', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', 'Rate limits'));
    // The comment's values, e.g. `'rpm' 3 20000`, as console.log prints them.
    const shown = Function(`return [${/console\.log\([^)]*\);\s*\/\/\s*(.+)$/m.exec(code)[1].trim().split(/\s+/).join(', ')}];`)();
    const [, limit, seconds] = [shown[0], shown[1], shown[2] / 1000];
    const message = `Your account org-test<ak-test> request reached organization max RPM: ${limit}, please try again after ${seconds} seconds`;
    const { printed } = await runExample('pkg-template/README.md', 'Rate limits', {
      prepare: (mock) => mock.inject({ status: 429, json: { error: { message, type: 'rate_limit_reached_error' } } }),
    });
    assert.equal(printed, format(...shown));
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 429']);
  });

  test('package, "Rate limits": an error that is not a rate limit comes out of the example, which exits with it', async () => {
    const { error } = await runExample('pkg-template/README.md', 'Rate limits', {
      fails: true,
      prepare: (mock) => mock.inject({ status: 500, json: { error: { message: 'boom', type: 'server_error' } } }),
    });
    assert.match(error.message, /InternalServerError/);
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 500']);
  });

  test('package, "Rate limits #2": the second list waits its turn; the lines its comment quotes, in order, and nothing left waiting', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', 'Rate limits #2'));
    // The comment of the last line, `await Promise.all(...); // ... "line", then "line"`.
    const quoted = [.../^await .*\/\/(.*)$/m.exec(code)[1].matchAll(/"([^"]+)"/g)].map(([, line]) => line);
    assert.equal(quoted.length, 2, 'the comment quotes two lines');
    const { printed, report } = await runExample('pkg-template/README.md', 'Rate limits #2');
    assert.deepEqual(printed.split('\n'), quoted);
    assert.equal(report.waiting, 0);
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200', 'GET /v1/files valid 200']);
  });

  test('package, "files.extract": contract.pdf streamed whole under its own name, progress of the file, its text read, the file deleted', async () => {
    const { report, stderr, before } = await runExample('pkg-template/README.md', "files.extract: a file's text, leaving nothing behind");
    assert.deepEqual(uploads().map(arrived), [whole('contract.pdf', 'file-extract')]);
    assert.equal(report.text, FIXTURES['contract.pdf'].toString());
    assert.equal(report.truncated, false);
    assert.equal(report.file.bytes, FIXTURES['contract.pdf'].length);
    assertFileProgress(stderr, FIXTURES['contract.pdf'].length);
    assert.deepEqual(state.mock.store.list(), before, 'nothing left behind');
  });

  test('package, "files.deleteMany": the dry run chooses the old batch files and deletes nothing; then each is deleted, one line each', async () => {
    const { printed, report, before } = await runExample('pkg-template/README.md', 'files.deleteMany: many at once, whatever happens to one');
    const chosen = before.filter((f) => f.purpose === 'batch' && f.created_at * 1000 < Date.now() - 30 * DAY_MS);
    assert.ok(chosen.length > 0, 'the sample account has old batch files');
    const [names, ...lines] = printed.split('\n');
    assert.equal(names, inspect(chosen.map((f) => f.filename)));
    assert.deepEqual(lines, chosen.map((f) => `${f.id} deleted `));
    assert.deepEqual(report.results.map(({ id, status }) => [id, status]), chosen.map((f) => [f.id, 'deleted']));
    // The dry run's list, then only the deletes.
    assert.deepEqual(calls(state.mock).slice(0, 1), ['GET /v1/files valid 200']);
    assert.deepEqual(deletes().sort(), chosen.map((f) => f.id).sort());
    assert.deepEqual(state.mock.store.list(), before.filter((f) => !chosen.includes(f)));
  });

  test('package, "files.prune": the dry run names the files and deletes nothing; the same filter then deletes those', async () => {
    const { printed, before } = await runExample('pkg-template/README.md', 'files.prune: room under the limits');
    const chosen = before.filter((f) => f.purpose === 'file-extract' && f.created_at * 1000 < Date.now() - 7 * DAY_MS);
    assert.ok(chosen.length > 0, 'the sample account has files this filter chooses');
    assert.equal(printed, `${inspect(chosen.map((f) => f.filename))}\n${chosen.length}`);
    const sent = calls(state.mock);
    assert.deepEqual(sent.slice(0, 2), ['GET /v1/files valid 200', 'GET /v1/files valid 200'], 'the dry run sent only its list');
    assert.deepEqual(deletes().sort(), chosen.map((f) => f.id).sort());
    assert.deepEqual(state.mock.store.list(), before.filter((f) => !chosen.includes(f)));
  });

  test('package, "files.usage and files.makeRoom": the usage of the account, a dry run that would delete nothing (there is room), then report.pdf uploaded whole', async () => {
    const { printed, report, before } = await runExample('pkg-template/README.md', 'files.usage and files.makeRoom: room before an upload');
    const total = before.reduce((sum, f) => sum + f.bytes, 0);
    assert.equal(printed, `${before.length} of 1000 files, ${total} of ${10 * 1024 ** 3} bytes\n[]\nreport.pdf`);
    assert.deepEqual(report.usage, { fileCount: before.length, totalBytes: total, maxFiles: 1000, maxTotalBytes: 10 * 1024 ** 3, maxFileBytes: 100 * 1024 ** 2 });
    assert.deepEqual(uploads().map(arrived), [whole('report.pdf', 'file-extract')]);
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200', 'GET /v1/files valid 200', 'GET /v1/files valid 200', 'POST /v1/files valid 200']);
    assert.deepEqual(deletes(), [], 'the room was there: nothing deleted');
    assert.equal(state.mock.store.list().length, before.length + 1);
  });

  test('package, "files.ensure": report.pdf uploaded once, then reused by one retrieve, as the comment shows', async () => {
    fs.rmSync(README_CACHE, { recursive: true, force: true });
    const { printed, report, before } = await runExample('pkg-template/README.md', 'files.ensure: one upload per content');
    assert.equal(printed, 'true true');
    assert.deepEqual([report.first.reused, report.again.reused], [false, true]);
    assert.deepEqual(uploads().map(arrived), [whole('report.pdf', 'file-extract')]);
    assert.deepEqual(calls(state.mock).filter((call) => !call.startsWith('POST')), [`GET /v1/files/${report.first.file.id} valid 200`]);
    assert.equal(state.mock.store.list().length, before.length + 1);
    const dir = path.join(README_CACHE, 'moonshot-files/uploads');
    const entries = fs.readdirSync(dir).map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
    const pdf = FIXTURES['report.pdf'];
    assert.deepEqual(
      entries.map(({ key, fileId }) => [key.split(' ')[0], fileId]).sort(),
      [[`bytes:${pdf.length}`, report.first.file.id], [`sha256:${sha256(pdf)}`, report.first.file.id]],
      "the store's two entries in the user's cache: the bytes' and their size's",
    );
  });

  test('main, "Use it from Node #3": report.pdf ensured with the file store, room asked for, and said to be uploaded', async () => {
    fs.rmSync(README_CACHE, { recursive: true, force: true });
    const { printed, report, before } = await runExample('README.md', 'Use it from Node #3');
    assert.equal(report.reused, false);
    assert.equal(printed, `${before.length} of 1000 files; ${report.file.id} uploaded`);
    assert.deepEqual(uploads().map(arrived), [whole('report.pdf', 'file-extract')]);
    assert.deepEqual(deletes(), []);
  });

  test('package, "The API\'s facts": the values are those the comments show', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', "The API's facts"));
    const { report } = await runExample('pkg-template/README.md', "The API's facts");
    const shown = [...code.matchAll(/^(\w+);\s*\/\/\s*(.+)$/gm)];
    assert.deepEqual(shown.map(([, name]) => name), ['LIMITS', 'PURPOSES', 'FORMATS']);
    for (const [, name, comment] of shown) assertShown(report[name], comment, name);
  });

  test('package, "Errors": a refused key is told apart as an AuthenticationError, whose message says where the key went', async () => {
    const { stderr } = await runExample('pkg-template/README.md', 'Errors');
    assert.match(stderr, /^401 /);
    assert.ok(stderr.endsWith(`(check the API key (apiKey, or MOONSHOT_API_KEY) sent to ${state.mock.url})\n`), stderr);
    assert.ok(!stderr.includes('sk-wrong-key'));
    assert.deepEqual(calls(state.mock), ['GET /v1/files invalid 401']);
  });

  test('package, "Any other runtime": its `Node:` line, in Node', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', 'Any other runtime: moonshot-files/slim'));
    const importLine = code.split('\n').find((line) => line.includes("from 'moonshot-files/slim'"));
    const nodeLine = /^\/\/ Node: (.+)$/m.exec(code)[1];
    state.mock.fresh();
    const program = [
      importLine,
      "import { readFile } from 'node:fs/promises'; // the harness",
      nodeLine,
      'const { data } = await new Moonshot().files.list(); // the harness',
      "console.log('HARNESS ' + JSON.stringify(data.map((f) => f.filename)));",
    ].join('\n');
    fs.writeFileSync(path.join(state.dir, 'package-slim-node.mjs'), `${program}\n`);
    const { stdout } = await run(process.execPath, ['package-slim-node.mjs'], { cwd: state.dir, env: mockEnv(state.mock) });
    const names = JSON.parse(stdout.trim().split('\n').at(-1).slice('HARNESS '.length));
    assert.deepEqual(names, state.mock.store.list().map((f) => f.filename));
  });

  test('package, "The request log": the line the comment shows, on stderr, with the request id the mock gave', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', 'The request log'));
    const { printed, stderr } = await runExample('pkg-template/README.md', 'The request log');
    const [request] = state.mock.requests().filter((r) => r.method !== 'OPTIONS');
    const shown = /\/\/ on stderr: (.+)$/m.exec(code)[1].replace(/ in \d+ ms,/, ' in N ms,').replace(/request id .+$/, `request id ${request.requestId}`);
    assert.equal(stderr.replace(/ in \d+ ms,/, ' in N ms,'), `${shown}\n`);
    assert.equal(printed, '');
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200']);
  });

  /** The vision examples: photo.png arrives whole for `image`, and the chat call carries its part, as openai-node sends it. */
  function assertVisionRequest(report) {
    assert.deepEqual(uploads().map(arrived), [whole('photo.png', 'image')]);
    const { chat } = report.seen;
    assert.equal(chat.url, `${state.mock.url}/chat/completions`, 'the chat call goes to the same service');
    assert.equal(chat.authorization, `Bearer ${API_KEY}`);
    assert.deepEqual(chat.body.messages[0].content[0], { type: 'image_url', image_url: { url: `ms://${report.image.id}` } });
    assert.equal(report.completion.choices[0].message.content, 'A summary of the report.');
  }

  test('package, "Vision": photo.png uploaded for image, and its part in the message openai-node sends', async () => {
    const { printed, report } = await runExample('pkg-template/README.md', 'Vision: an uploaded image or video in a chat message');
    assertVisionRequest(report);
    assert.equal(printed, 'A summary of the report.');
  });

  test('main, "Images and videos ...": the same request, and the log\'s line of the upload on the console', async () => {
    const { printed, report } = await runExample('README.md', 'Images and videos in a chat message, and a log of each request');
    assertVisionRequest(report);
    const [upload] = state.mock.requests().filter((r) => r.method === 'POST');
    const lines = printed.split('\n');
    assert.match(lines[0], new RegExp(`^moonshot-files: POST /files 200 in \\d+ ms, attempt 1, request id ${upload.requestId}$`));
    assert.deepEqual(lines.slice(1), ['A summary of the report.'], 'a line a request of the client\'s, none of openai-node\'s');
  });

  test('main, "Use it from Node": lists, extracts notes.pdf (streamed whole under its name, then deleted), names the old file-extract files, then prunes them', async () => {
    const { printed, report, before } = await runExample('README.md', 'Use it from Node #2');
    assert.deepEqual(report.page, { object: 'list', data: before });
    assert.deepEqual(uploads().map(arrived), [whole('notes.pdf', 'file-extract')]);
    assert.equal(report.text, FIXTURES['notes.pdf'].toString());
    const old = (f) => f.purpose === 'file-extract' && f.created_at < Date.now() / 1000 - 30 * 86_400;
    assert.ok(before.some(old), 'the sample account has old file-extract files');
    assert.equal(printed, inspect(before.filter(old).map((f) => f.filename)), 'the dry run names them');
    assert.deepEqual(state.mock.store.list(), before.filter((f) => !old(f)));
  });

  test('every Node example of the READMEs ran above', () => {
    const missed = EXAMPLES.filter((entry) => entry.where === 'node' && !ran.has(entry));
    assert.deepEqual(missed.map((entry) => `${entry.readme} "${entry.block}"`), [], 'give each a test here');
  });
});

/**
 * `actual` is what a comment in the README shows: `comment` is a JS value,
 * where `...` at the end of an array stands for more elements.
 */
function assertShown(actual, comment, name) {
  const MORE = '\u2026more';
  const shown = Function(`return (${comment.replace(/,\s*\.\.\.\s*\]/g, `, '${MORE}']`)});`)();
  const check = (value, claim, where) => {
    if (Array.isArray(claim) && claim.at(-1) === MORE) {
      assert.deepEqual(value.slice(0, claim.length - 1), claim.slice(0, -1), `${where} begins as the README shows`);
    } else if (claim && typeof claim === 'object' && !Array.isArray(claim)) {
      assert.deepEqual(Object.keys(value), Object.keys(claim), `${where}'s keys`);
      for (const key of Object.keys(claim)) check(value[key], claim[key], `${where}.${key}`);
    } else {
      assert.deepEqual(value, claim, where);
    }
  };
  check(actual, shown, name);
}

const PAGE_EXAMPLES = EXAMPLES.filter((entry) => entry.where === 'page');

describe('README examples in pages: each block in Vite\'s dev server, in Chromium, its calls through a key-holding proxy', () => {
  const state = consumer('vite');
  // Every page is there before the server starts: Vite finds the packages
  // they import at its start, instead of reloading a page halfway.
  const started = once(async () => {
    for (const entry of PAGE_EXAMPLES) {
      const slug = exampleSlug(entry);
      fs.writeFileSync(path.join(state.dir, `${slug}.js`), exampleProgram(entry));
      fs.writeFileSync(
        path.join(state.dir, `${slug}.html`),
        `<!doctype html>\n<meta charset="utf-8" />\n<link rel="icon" href="data:," />\n<script type="module" src="/${slug}.js"></script>\n`,
      );
    }
    return timed(state.name, 'build', async () => {
      // --force: pre-bundle afresh from every page here, not from the cache
      // an earlier server of this project left without the README pages.
      const server = await onFreePorts(1, ([port]) => {
        const args = ['run', '--silent', 'dev', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'];
        return startServer('npm', args, { cwd: state.dir, url: `http://127.0.0.1:${port}` });
      });
      await depsOptimized(server);
      return server;
    });
  });

  /**
   * Has Vite prepare (pre-bundle) every package the pages import before a
   * page opens: one it first meets while serving a page makes it reload
   * that page halfway. Asks for each page's module, as the page would, and
   * waits until Vite's list of pre-bundled packages has them all.
   */
  async function depsOptimized(server) {
    const packages = new Set();
    for (const entry of PAGE_EXAMPLES) {
      const response = await fetch(`${server.url}/${exampleSlug(entry)}.js`);
      assert.equal(response.status, 200, await response.text());
      for (const [, name] of exampleProgram(entry).matchAll(/from '([^'./][^'?]*)'/g)) packages.add(name);
    }
    const metadata = path.join(state.dir, 'node_modules/.vite/deps/_metadata.json');
    const optimized = () => Object.keys(JSON.parse(fs.readFileSync(metadata, 'utf8')).optimized);
    // A deadline only for a Vite that never gets there, so the run does not hang.
    const deadline = Date.now() + 3 * 60_000;
    while (!fs.existsSync(metadata) || ![...packages].every((name) => optimized().includes(name))) {
      assert.ok(Date.now() < deadline, `Vite never pre-bundled ${[...packages]}\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  after(async () => (await started.settled())?.stop());

  for (const entry of PAGE_EXAMPLES) {
    test(`${entry.readme === 'README.md' ? 'main' : 'package'}, "${entry.block}": the page's client lists the files, holding no key`, async () => {
      const server = await started();
      state.mock.fresh();
      const proxy = { from: `${server.url}/v1`, to: state.mock.url, apiKey: API_KEY, forwarded: [] };
      try {
        const page = `${server.url}/${exampleSlug(entry)}.html`;
        const { seen, problems } = await timed(state.name, 'run', () => readProbe(page, { proxy }));
        assert.deepEqual(problems, []);
        assert.deepEqual(seen.seen.names, state.mock.store.list().map((f) => f.filename));
        assert.deepEqual(proxy.forwarded, [undefined], 'the page sent one call, with no Authorization of its own');
        assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200']);
      } catch (err) {
        err.message += `\n--- the dev server's output\n${server.output()}`;
        throw err;
      }
    });
  }
});
