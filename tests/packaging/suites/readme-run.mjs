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
import { freePort, run, startServer } from '../harness/processes.mjs';
import { EXAMPLES, exampleBlock, exampleProgram, examplesWithoutHarness, exampleSlug } from '../harness/readme-examples.mjs';
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
};

const example = (readme, block) => EXAMPLES.find((e) => e.readme === readme && e.block === block);

test('every JS/TS example of both READMEs has its harness, and every harness its example', () => {
  assert.deepEqual(examplesWithoutHarness(), [], 'a new README example needs an entry in tests/packaging/harness/readme-examples.mjs');
  for (const entry of EXAMPLES) exampleBlock(entry);
});

describe('README examples in Node: each block as a script in a Node project, against the mock', () => {
  const state = consumer('node-esm');

  /**
   * Runs the example (with the fixtures beside it) on a fresh mock; gives
   * its output before the harness's line, that line's report, and the
   * account as it was before.
   */
  const ran = new Set();
  /** `prepare(mock)`: faults to queue on the fresh mock. */
  async function runExample(readme, block, { env = {}, prepare } = {}) {
    const entry = example(readme, block);
    ran.add(entry);
    state.mock.fresh();
    prepare?.(state.mock);
    const before = state.mock.store.list();
    for (const [name, bytes] of Object.entries(FIXTURES)) fs.writeFileSync(path.join(state.dir, name), bytes);
    const file = `${exampleSlug(entry)}.mjs`;
    fs.writeFileSync(path.join(state.dir, file), exampleProgram(entry));
    const { stdout, stderr } = await timed(state.name, 'run', () =>
      run(process.execPath, [file], { cwd: state.dir, env: { ...mockEnv(state.mock), ...env } }),
    );
    const lines = stdout.split('\n');
    const at = lines.findLastIndex((line) => line.startsWith('HARNESS '));
    assert.ok(at >= 0, `${file} did not reach its end\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
    return { printed: lines.slice(0, at).join('\n'), stderr, report: JSON.parse(lines[at].slice('HARNESS '.length)), before };
  }

  /** The uploads the mock received: { filename, purpose, bytes, sha256 }. */
  const uploads = () => state.mock.requests().filter((r) => r.method === 'POST' && r.upload).map((r) => r.upload);
  const whole = (name, purpose) => ({ purpose, bytes: FIXTURES[name].length, sha256: sha256(FIXTURES[name]) });
  const arrived = ({ purpose, bytes, sha256: hash }) => ({ purpose, bytes, sha256: hash });

  test('package, "Quick start": lists the files and prints each name and status', async () => {
    const { printed, report } = await runExample('pkg-template/README.md', 'Quick start');
    assert.deepEqual(report.data, state.mock.store.list());
    assert.equal(printed, inspect(report.data.map((f) => `${f.filename} ${f.status}`)));
    assert.deepEqual(calls(state.mock), ['GET /v1/files valid 200']);
  });

  test('package, "Quick start #2", the file Q&A flow: report.pdf uploaded whole, its text to the chat, the file deleted', async () => {
    const { report, before } = await runExample('pkg-template/README.md', 'Quick start #2');
    assert.deepEqual(uploads().map(arrived), [whole('report.pdf', 'file-extract')]);
    assert.equal(report.text, FIXTURES['report.pdf'].toString());
    assert.deepEqual(report.seen.chat.messages[0], { role: 'system', content: report.text }, 'the text goes to the chat as a system message');
    assert.deepEqual(report.answer, { choices: [{ message: { role: 'assistant', content: 'A summary of the report.' } }] });
    assert.deepEqual(state.mock.store.list(), before, 'nothing left behind');
    assert.match(calls(state.mock).at(-1), /^DELETE \/v1\/files\/\S+ valid 200$/);
  });

  test('package, "The client": every option accepted, and a call goes to its baseURL with its apiKey', async () => {
    const code = exampleBlock(example('pkg-template/README.md', 'The client')).code;
    const apiKey = /apiKey: '([^']*)'/.exec(code)[1];
    const baseURL = /baseURL: '([^']*)'/.exec(code)[1];
    const { report } = await runExample('pkg-template/README.md', 'The client');
    assert.deepEqual(report.seen.sent, { url: `${baseURL}/files`, authorization: `Bearer ${apiKey}` });
    assert.deepEqual(calls(state.mock), [], 'the mock is not the base URL here');
  });

  test('package, "Uploads and their progress": the File arrives whole, the bar goes up to 1', async () => {
    const { report } = await runExample('pkg-template/README.md', 'Uploads and their progress');
    const [upload] = uploads();
    assert.deepEqual(arrived(upload), whole('clip.mp4', 'video'));
    assert.equal(upload.filename, 'clip.mp4');
    const { bar } = report.seen;
    assert.ok(bar.length >= 1 && bar.at(-1) === 1, `the bar's updates: ${bar}`);
    assert.ok(bar.every((fraction, i) => i === 0 || fraction >= bar[i - 1]), `the bar went back: ${bar}`);
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

  test('package, "files.extract": contract.pdf uploaded whole, its text read, the file deleted', async () => {
    const { report, before } = await runExample('pkg-template/README.md', "files.extract: a file's text, leaving nothing behind");
    assert.deepEqual(uploads().map(arrived), [whole('contract.pdf', 'file-extract')]);
    assert.equal(report.text, FIXTURES['contract.pdf'].toString());
    assert.equal(report.truncated, false);
    assert.equal(report.file.bytes, FIXTURES['contract.pdf'].length);
    const { progress } = report.seen;
    assert.ok(progress.length >= 1 && progress.at(-1).loaded === progress.at(-1).total, JSON.stringify(progress));
    assert.deepEqual(state.mock.store.list(), before, 'nothing left behind');
  });

  test('package, "files.deleteMany": one line per id, deleted or not found, in their order', async () => {
    state.mock.fresh();
    const [first, second] = state.mock.store.list();
    const ids = [first.id, 'no-such-file', second.id];
    const { printed, report } = await runExample('pkg-template/README.md', 'files.deleteMany: many at once, whatever happens to one', {
      env: { HARNESS_IDS: JSON.stringify(ids) },
    });
    // `id status message`: a deleted file has no error to tell.
    const [one, two, three] = printed.split('\n');
    assert.deepEqual([one, three], [`${first.id} deleted `, `${second.id} deleted `]);
    assert.match(two, /^no-such-file not_found\b/);
    assert.deepEqual(report.results.map(({ id, status }) => [id, status]), [[first.id, 'deleted'], ['no-such-file', 'not_found'], [second.id, 'deleted']]);
    assert.equal(state.mock.store.get(first.id), undefined);
    assert.equal(state.mock.store.get(second.id), undefined);
  });

  test('package, "files.prune": the dry run deletes nothing; then the failed files, the old batch files, the files of before 2026', async () => {
    const { before } = await runExample('pkg-template/README.md', 'files.prune: room under the limits');
    // What the four calls choose on the sample account, as the README says each works.
    const newestBatch = before.filter((f) => f.purpose === 'batch').sort((a, b) => b.created_at - a.created_at).slice(0, 20);
    const chosen = before.filter(
      (f) =>
        f.status === 'error' ||
        (f.purpose === 'batch' && !newestBatch.includes(f)) ||
        f.created_at < new Date('2026-01-01').getTime() / 1000,
    );
    assert.ok(chosen.length > 0, 'the sample account has files these calls delete');
    const deleted = calls(state.mock).filter((call) => call.startsWith('DELETE')).map((call) => call.split(' ')[1].split('/').at(-1));
    assert.deepEqual(deleted.sort(), chosen.map((f) => f.id).sort());
    assert.deepEqual(state.mock.store.list(), before.filter((f) => !chosen.includes(f)));
  });

  test('package, "The API\'s facts": the values are those the comments show', async () => {
    const { code } = exampleBlock(example('pkg-template/README.md', "The API's facts"));
    const { report } = await runExample('pkg-template/README.md', "The API's facts");
    const shown = [...code.matchAll(/^(\w+);\s*\/\/\s*(.+)$/gm)];
    assert.deepEqual(shown.map(([, name]) => name), ['LIMITS', 'PURPOSES', 'FORMATS']);
    for (const [, name, comment] of shown) assertShown(report[name], comment, name);
  });

  test('package, "Errors": a refused key is told apart as an AuthenticationError', async () => {
    const { stderr } = await runExample('pkg-template/README.md', 'Errors');
    assert.equal(stderr, 'Check MOONSHOT_API_KEY\n');
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

  test('main, "Use it from Node": lists, extracts notes.pdf (uploaded whole, then deleted), prunes the old file-extract files', async () => {
    const { report, before } = await runExample('README.md', 'Use it from Node #2');
    assert.deepEqual(report.page, { object: 'list', data: before });
    assert.deepEqual(uploads().map(arrived), [whole('notes.pdf', 'file-extract')]);
    assert.equal(report.text, FIXTURES['notes.pdf'].toString());
    const old = (f) => f.purpose === 'file-extract' && f.created_at < Date.now() / 1000 - 30 * 86_400;
    assert.ok(before.some(old), 'the sample account has old file-extract files');
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
    const port = await freePort();
    return timed(state.name, 'build', async () => {
      // --force: pre-bundle afresh from every page here, not from the cache
      // an earlier server of this project left without the README pages.
      const args = ['run', '--silent', 'dev', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'];
      const server = await startServer('npm', args, {
        cwd: state.dir,
        url: `http://127.0.0.1:${port}`,
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
