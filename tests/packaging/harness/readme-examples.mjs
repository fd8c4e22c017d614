// The READMEs' examples as programs: every ```js and ```ts block of the two
// READMEs, read at test time and run as written. Each example carries its own
// imports and its own `client` (the package README says so once, above its
// first example): the harness gives it no name at all. What it does give is
// what the README's text says is outside the code: the environment
// (MOONSHOT_API_KEY, MOONSHOT_BASE_URL, pointed at the mock), the files an
// example names, and a stand-in for a service the mock is not (the chat
// call). Its own lines only use names that start with `harness`. Used by the
// README suites to run each example (readme-run.mjs) and to type-check it
// (readme-types.mjs), where a name the example neither defines nor imports
// fails the check. consumers/README.md states the rule.
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './apps.mjs';
import { codeBlocks } from './markdown.mjs';

export const README_FILES = ['pkg-template/README.md', 'README.md'];
const EXAMPLE_LANGS = new Set(['js', 'javascript', 'mjs', 'ts', 'typescript']);
/** The user's cache directory of the examples that keep uploads there (moonshot-files/stores/file). */
export const README_CACHE = path.join(os.tmpdir(), 'moonshot-files-readme-cache');

/**
 * The chat call of the Q&A example goes to the Moonshot API's
 * /chat/completions, which the mock does not serve: the harness answers it
 * (keeping what it was sent) and lets every other request through.
 */
const CHAT_STAND_IN = `const harnessFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const harnessUrl = String(input instanceof Request ? input.url : input);
  if (!harnessUrl.endsWith('/chat/completions')) return harnessFetch(input, init);
  const harnessRequest = new Request(input, init);
  harnessSeen.chat = { url: harnessUrl, authorization: harnessRequest.headers.get('authorization'), body: await harnessRequest.json() };
  return Response.json({ choices: [{ message: { role: 'assistant', content: 'A summary of the report.' } }] });
};`;

/**
 * Every example, by its README and block name (markdown.mjs): `where` it
 * runs ('node': a script in a Node project; 'page': a page in Chromium, its
 * calls going through a key-holding proxy to the mock), the environment it
 * runs in besides the mock's key and URL (`env`), harness code run `before`
 * and `after` it, and the variables it leaves that the test reads
 * (`report`). Every ```js/```ts block must be here, and every entry must
 * find its block.
 */
export const EXAMPLES = [
  { readme: 'pkg-template/README.md', block: 'Quick start', where: 'node', report: ['data'] },
  { readme: 'pkg-template/README.md', block: 'Quick start #2', where: 'node', before: CHAT_STAND_IN, report: ['text', 'answer'] },
  {
    readme: 'pkg-template/README.md',
    block: 'Any other runtime: moonshot-files/slim',
    // `moonshot-files/wasm?url` is Vite's: its dev server runs it; Deno cannot resolve it.
    where: 'page',
    notInDeno: "`moonshot-files/wasm?url` is a Vite import; Deno's own way is the `Node:` line, run in Node",
    report: [],
    after: 'harnessSeen.names = (await client.files.list()).data.map((f) => f.filename);',
  },
  {
    readme: 'pkg-template/README.md',
    block: 'The client',
    where: 'node',
    report: [],
    // The options point at the real service: the harness takes the place
    // of fetch to see where the client would send a call, and with what.
    after: `globalThis.fetch = async (input, init) => {
  const harnessRequest = new Request(input, init);
  harnessSeen.sent = { url: harnessRequest.url, headers: Object.fromEntries(harnessRequest.headers) };
  return Response.json({ object: 'list', data: [] });
};
await client.files.list();`,
  },
  // The client as the README prints it: the default service, so no base URL from the environment.
  { readme: 'pkg-template/README.md', block: 'The client #2', where: 'node', env: { MOONSHOT_BASE_URL: '' }, report: [] },
  // The dated API: the mock answers in its shapes per request, by the header.
  { readme: 'pkg-template/README.md', block: 'Two versions of the API: compatible and dated', where: 'node', report: [] },
  { readme: 'pkg-template/README.md', block: 'Two versions of the API: compatible and dated #2', where: 'node', report: ['file'] },
  { readme: 'pkg-template/README.md', block: 'Uploads and their progress', where: 'node', report: ['file', 'ready'] },
  { readme: 'pkg-template/README.md', block: 'Downloads: the bytes as stored', where: 'node', report: ['batch'] },
  { readme: 'pkg-template/README.md', block: 'Retries, timeouts, cancellation', where: 'node', report: [] },
  { readme: 'pkg-template/README.md', block: 'Rate limits', where: 'node', report: [] },
  { readme: 'pkg-template/README.md', block: 'Rate limits #2', where: 'node', report: ['waiting'] },
  { readme: 'pkg-template/README.md', block: "files.extract: a file's text, leaving nothing behind", where: 'node', report: ['file', 'text', 'truncated'] },
  { readme: 'pkg-template/README.md', block: 'files.deleteMany: many at once, whatever happens to one', where: 'node', report: ['results'] },
  { readme: 'pkg-template/README.md', block: 'files.prune: room under the limits', where: 'node', report: [] },
  { readme: 'pkg-template/README.md', block: 'files.usage and files.makeRoom: room before an upload', where: 'node', report: ['usage', 'file'] },
  // The file store's default folder is the user's cache: one of the test's own.
  { readme: 'pkg-template/README.md', block: 'files.ensure: one upload per content', where: 'node', env: { XDG_CACHE_HOME: README_CACHE }, report: ['first', 'again'] },
  { readme: 'pkg-template/README.md', block: "The API's facts", where: 'node', report: ['LIMITS', 'PURPOSES', 'FORMATS'] },
  // A key the service refuses, in the environment where the example reads it.
  { readme: 'pkg-template/README.md', block: 'Errors', where: 'node', env: { MOONSHOT_API_KEY: 'sk-wrong-key' }, report: [] },
  {
    readme: 'pkg-template/README.md',
    block: 'In a browser',
    where: 'page',
    report: [],
    after: 'harnessSeen.names = (await client.files.list()).data.map((f) => f.filename);',
  },
  { readme: 'README.md', block: 'Use it from Node #2', where: 'node', report: ['page', 'text'] },
  { readme: 'README.md', block: 'Use it from Node #3', where: 'node', env: { XDG_CACHE_HOME: README_CACHE }, report: ['file', 'reused', 'fileCount'] },
  { readme: 'README.md', block: 'Two versions of the API', where: 'node', report: ['total', 'page'] },
  {
    readme: 'README.md',
    block: 'Use it in a browser',
    where: 'page',
    report: [],
    after: 'harnessSeen.names = (await client.files.list()).data.map((f) => f.filename);',
  },
];

/** An example's block as the README has it now: { code, line, lang }. */
export function exampleBlock(example) {
  const block = codeBlocks(path.join(ROOT, example.readme)).find((b) => b.name === example.block);
  if (!block) throw new Error(`${example.readme} has no code block "${example.block}" any more: update harness/readme-examples.mjs`);
  return block;
}

/** The ```js/```ts blocks of the READMEs that no entry of EXAMPLES covers (there must be none). */
export function examplesWithoutHarness() {
  return README_FILES.flatMap((readme) =>
    codeBlocks(path.join(ROOT, readme))
      .filter((block) => EXAMPLE_LANGS.has(block.lang))
      .filter((block) => !EXAMPLES.some((e) => e.readme === readme && e.block === block.name))
      .map((block) => `${readme}:${block.line} "${block.name}"`),
  );
}

/** A file name for an example: `package-quick-start-2`, `main-use-it-in-a-browser`. */
export const exampleSlug = (example) =>
  `${example.readme === 'README.md' ? 'main' : 'package'}-${example.block.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

const origin = (example, block) => `// The example, unchanged: ${example.readme}, line ${block.line} ("${example.block}").`;

/**
 * The example as a module to run: the harness's own lines (every name they
 * make starts with `harness`), the README's lines, then what the test reads.
 * In Node it prints `HARNESS {json}` last; in a page it sets
 * globalThis.probeResult (browser.mjs reads it).
 */
export function exampleProgram(example) {
  const block = exampleBlock(example);
  const report = `{ seen: harnessSeen, ${example.report.map((name) => `${name}: ${name}`).join(', ')} }`;
  const lines = [
    '// Harness: what the test sees, and the services the mock is not.',
    'const harnessSeen = {};',
    example.before ?? '',
    origin(example, block),
    block.code.trimEnd(),
    '// Harness: what the test reads.',
    example.after ?? '',
    example.where === 'page' ? `globalThis.probeResult = ${report};` : `console.log('HARNESS ' + JSON.stringify(${report}));`,
  ];
  return lines.join('\n') + '\n';
}

/** The example as a TypeScript module: the README's lines alone, nothing declared for them, nothing run. */
export function exampleTypeScript(example) {
  const block = exampleBlock(example);
  return [
    origin(example, block),
    block.code.trimEnd(),
    '// A module, so that each example has its own names and may await at the top.',
    'export {};',
  ].join('\n') + '\n';
}
