// The figures the docs quote, against the last full bench run
// (bench/results/latest.json), by the rule scripts/figures.mjs states: every
// marked figure agrees with the run, every claimed verdict holds, and no
// number that looks measured stands in a README, docs/ or a source comment
// unless it is marked, in a dated record, or a listed constant.
//
// Run: node --test tests/release/figures.test.mjs   (part of `make release-check`; needs no build)
// After `make bench`: `make figures` rewrites the marked figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { CONSTANTS, checkComments, checkMarkdown, checkRepo, claims, figures, readSources, scannedFiles, writeMarkdown } from '../../scripts/figures.mjs';

const sources = readSources();
const named = { figures: figures(sources), claims: claims(sources) };
const messages = (problems) => problems.map((p) => `${p.file ? `${p.file}:` : ''}${p.line}: ${p.message}`);

test('every figure in the docs and comments agrees with bench/results/latest.json, or is dated or a listed constant', () => {
  assert.deepEqual(messages(checkRepo()), []);
});

test('the rule reads the docs and the comments it is meant to', () => {
  const { docs, sources: code } = scannedFiles();
  for (const doc of ['README.md', 'docs/DESIGN.md', 'pkg-template/README.md', 'bench/README.md', 'CHANGELOG.md', 'mock/README.md']) {
    assert.ok(docs.includes(doc), `${doc} is read`);
  }
  for (const file of ['src/text.rs', 'src/transport/fetch.rs', 'js/client.js', 'pkg-template/cli/format.js', 'scripts/build-package.mjs', 'www/src/grid.js', 'Makefile', 'Cargo.toml']) {
    assert.ok(code.includes(file), `${file}'s comments are read`);
  }
  assert.ok(!docs.some((doc) => /(^|\/)(node_modules|pkg|target)\//.test(doc)), 'nothing installed or built is read');
});

test('every named figure and claim can be read from latest.json', () => {
  for (const [name, read] of Object.entries(named.figures)) assert.match(read(), /^[-+]?\d/, `fig:${name} reads a figure`);
  for (const [name, holds] of Object.entries(named.claims)) assert.equal(typeof holds(), 'boolean', `holds:${name} reads a verdict`);
});

test('every listed constant is still met somewhere, so the list holds no leftovers', () => {
  const used = new Set();
  checkRepo(undefined, used);
  assert.deepEqual([...CONSTANTS.keys()].filter((figure) => !used.has(figure)), []);
});

test('a figure that disagrees, a name that is unknown, a claim that fails and an unmarked figure are each told', () => {
  const right = named.figures['size.default']();
  assert.deepEqual(checkMarkdown(`is ${right}<!--fig:size.default--> gzip`, named), []);
  assert.match(messages(checkMarkdown(`is 1.0 KB<!--fig:size.default--> gzip`, named)).join(), new RegExp(`says 1.0 KB, bench/results/latest.json gives ${right}`));
  assert.match(messages(checkMarkdown('is 1.0 KB<!--fig:size.nothing-->', named)).join(), /names no figure/);
  assert.match(messages(checkMarkdown('the default entry, <!--fig:size.default-->', named)).join(), /follows no figure/);
  assert.match(messages(checkMarkdown('fast<!--holds:no.such.claim-->', named)).join(), /names no claim/);
  assert.deepEqual(messages(checkMarkdown('\n\nit took 12.5 ms.', named)), ['3: 12.5 ms looks measured: mark it (<!--fig:NAME-->), date it in a record, or list it in scripts/figures.mjs CONSTANTS with why']);
  assert.match(messages(checkMarkdown('a ratio of 1.4x, a share of 40%, 2 MB', named)).join(), /1\.4x.*40%.*2 MB/);

  // A claim the run does not bear out: each of the two sizes against openai-node's, on a run where it is false.
  const run = (openai) => {
    const latest = structuredClone(sources.latest);
    latest.size.openai.total.gzip = openai;
    return { figures: figures({ ...sources, latest }), claims: claims({ ...sources, latest }) };
  };
  const [smaller, larger] = [run(1), run(1e9)];
  assert.deepEqual(checkMarkdown('larger than ours<!--holds:size.openaiLarger-->', larger), []);
  assert.match(messages(checkMarkdown('larger than ours<!--holds:size.openaiLarger-->', smaller)).join(), /no longer bears out/);
  assert.deepEqual(checkMarkdown('smaller than ours<!--holds:size.openaiSmaller-->', smaller), []);
  assert.match(messages(checkMarkdown('smaller than ours<!--holds:size.openaiSmaller-->', larger)).join(), /no longer bears out/);
});

test('code, examples, constants and dated records are no claim; a record names its commit and keeps its figures unmarked', () => {
  assert.deepEqual(checkMarkdown('```sh\n# 2.3 MiB\n```\n`46.0 MiB` and ``a 7 ms` span``; a file of at most 100 MiB', named), []);
  assert.deepEqual(checkMarkdown('## Now\n\n### 2026-12-01: a cut (commit 34a935a)\n\nit was 63.6 KB\n\n## Later\n', named), []);
  assert.deepEqual(checkMarkdown('## [0.1.0] - 2026-12-01\n\n- 63.6 KB gzip\n', named), []);
  assert.match(messages(checkMarkdown('## Later\n\nit is 63.6 KB\n\n### 2026-12-01: a cut (commit 34a935a)\n', named)).join(), /63\.6 KB looks measured/);
  assert.match(messages(checkMarkdown('### 2026-12-01: a cut\n\nit was 63.6 KB\n', named)).join(), /names no commit/);
  assert.match(messages(checkMarkdown('### 2026-12-01: a cut (34a935a)\n\nit was 1 KB<!--fig:size.default-->\n', named)).join(), /inside a dated record/);
});

test('comments: a measured figure is told, a constant, a string or a URL is not', () => {
  assert.deepEqual(messages(checkComments('src/x.rs', '/// saves 4.9 KB of the wasm\nlet a = "12 KB";\n')), ['1: 4.9 KB in a comment looks measured: point to docs/DESIGN.md instead (or list a constant in scripts/figures.mjs CONSTANTS with why)']);
  assert.deepEqual(checkComments('src/x.rs', '/// the largest file: 100 MiB\nconst A: &str = "*/*"; // `1.5 KB` as an example\n'), []);
  assert.deepEqual(checkComments('x.mjs', "fetch('http://127.0.0.1:9000/v1/files?a=12ms');\n/* was\n * 8.4 KB */\n").length, 1);
  assert.deepEqual(messages(checkComments('Makefile', 'X := 1\n# 8.4 KB less\n')), ['2: 8.4 KB in a comment looks measured: point to docs/DESIGN.md instead (or list a constant in scripts/figures.mjs CONSTANTS with why)']);
  assert.deepEqual(checkComments('docs/picture.png', '8.4 KB'), [], 'a kind of file whose comments are not read');
});

test('writing puts the run\'s figures in, once, and leaves records and unknown names alone', () => {
  const right = named.figures['size.default']();
  const record = '### 2026-12-01: then (34a935a)\n\nit was 1.0 KB<!--fig:size.default-->\n';
  const before = `## Now\n\nis 1.0 KB<!--fig:size.default-->, slim 9\nKB<!--fig:size.slim-->, odd 3 KB<!--fig:size.nothing-->\n\n${record}`;
  const { text, changed } = writeMarkdown(before, named);
  assert.equal(changed, 2);
  assert.equal(text, `## Now\n\nis ${right}<!--fig:size.default-->, slim ${named.figures['size.slim']()}<!--fig:size.slim-->, odd 3 KB<!--fig:size.nothing-->\n\n${record}`);
  assert.equal(writeMarkdown(text, named).changed, 0, 'a second write changes nothing');
});
