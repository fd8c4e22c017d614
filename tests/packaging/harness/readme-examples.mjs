// The READMEs' examples as programs: every ```js and ```ts block of the two
// READMEs, read at test time, with the light harness around it that the
// README's text implies (a `client` made earlier on the page, the file it
// names, an `openai` client) and nothing changed inside it. Used by the
// README suites to run each example (readme-run.mjs) and to type-check it
// (readme-types.mjs). consumers/README.md states the rule.
import path from 'node:path';
import { ROOT } from './apps.mjs';
import { codeBlocks } from './markdown.mjs';

export const README_FILES = ['pkg-template/README.md', 'README.md'];
const EXAMPLE_LANGS = new Set(['js', 'javascript', 'mjs', 'ts', 'typescript']);

/**
 * What the harness gives an example: a name the example uses but does not
 * define, as JavaScript (run in Node) and as a TypeScript declaration.
 * `harnessSeen` collects what the test checks.
 */
const GIVENS = {
  Moonshot: {
    js: "import { Moonshot } from 'moonshot-files';",
    ts: "import { Moonshot } from 'moonshot-files';",
  },
  client: {
    js: 'const client = new harnessPackage.Moonshot(); // the key and base URL from the environment, as the quick start',
    ts: "declare const client: import('moonshot-files').Moonshot;",
  },
  // The rate limits example's client: one answer a call, so a 429 is the error at once.
  clientWithoutRetries: {
    js: 'const client = new harnessPackage.Moonshot({ maxRetries: 0 });',
    ts: "declare const client: import('moonshot-files').Moonshot;",
  },
  // The errors example's client, given a key the service refuses.
  clientWithWrongKey: {
    js: "const client = new harnessPackage.Moonshot({ apiKey: 'sk-wrong-key' });",
    ts: "declare const client: import('moonshot-files').Moonshot;",
  },
  openAsBlob: {
    js: "import { openAsBlob } from 'node:fs';",
    ts: "import { openAsBlob } from 'node:fs';",
  },
  // "kimi: an `openai` client on https://api.moonshot.cn/v1": a stand-in
  // with its one method, keeping what it was asked.
  kimi: {
    js: `const kimi = { chat: { completions: { create: async (body) => {
  harnessSeen.chat = body;
  return { choices: [{ message: { role: 'assistant', content: 'A summary of the report.' } }] };
} } } };`,
    ts: `declare const kimi: { chat: { completions: { create(body: {
  model: string;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
}): Promise<{ choices: { message: { role: string; content: string | null } }[] }> } } };`,
  },
  // "`file` may be a browser File or Blob...": a File of the clip on disk.
  file: {
    js: "const file = new File([await harnessReadFile('clip.mp4')], 'clip.mp4', { type: 'video/mp4' });",
    ts: 'declare const file: File;',
  },
  bar: {
    js: 'const bar = { update: (fraction) => (harnessSeen.bar ??= []).push(fraction) };',
    ts: 'declare const bar: { update(fraction: number): void };',
  },
  onUploadProgress: {
    js: 'const onUploadProgress = (progress) => (harnessSeen.progress ??= []).push(progress);',
    ts: "declare const onUploadProgress: (progress: import('moonshot-files').UploadProgress) => void;",
  },
  signal: {
    js: 'const signal = new AbortController().signal;',
    ts: 'declare const signal: AbortSignal;',
  },
  ids: {
    js: 'const ids = JSON.parse(process.env.HARNESS_IDS);',
    ts: 'declare const ids: string[];',
  },
};

/**
 * Every example, by its README and block name (markdown.mjs): `where` it
 * runs ('node': a script in a Node project; 'page': a page in Chromium, its
 * calls going through a key-holding proxy to the mock), the names it is
 * `given`, the variables it leaves that the test reads (`report`), and
 * harness code run `after` it. Every ```js/```ts block must be here, and
 * every entry must find its block.
 */
export const EXAMPLES = [
  { readme: 'pkg-template/README.md', block: 'Quick start', where: 'node', given: [], report: ['data'] },
  { readme: 'pkg-template/README.md', block: 'Quick start #2', where: 'node', given: ['client', 'openAsBlob', 'kimi'], report: ['text', 'answer'] },
  {
    readme: 'pkg-template/README.md',
    block: 'Any other runtime: moonshot-files/slim',
    // `moonshot-files/wasm?url` is Vite's: its dev server runs it; Deno cannot resolve it.
    where: 'page',
    notInDeno: "`moonshot-files/wasm?url` is a Vite import; Deno's own way is the `Node:` line, run in Node",
    given: [],
    report: [],
    after: 'harnessSeen.names = (await client.files.list()).data.map((f) => f.filename);',
  },
  {
    readme: 'pkg-template/README.md',
    block: 'The client',
    where: 'node',
    given: ['Moonshot'],
    report: [],
    // The options point at the real service: the harness takes the place
    // of fetch to see where the client would send a call, and with what key.
    after: `globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  harnessSeen.sent = { url: request.url, authorization: request.headers.get('authorization') };
  return Response.json({ object: 'list', data: [] });
};
await client.files.list();`,
  },
  { readme: 'pkg-template/README.md', block: 'Uploads and their progress', where: 'node', given: ['client', 'file', 'bar'], report: [] },
  { readme: 'pkg-template/README.md', block: 'Retries, timeouts, cancellation', where: 'node', given: ['client'], report: [] },
  { readme: 'pkg-template/README.md', block: 'Rate limits', where: 'node', given: ['clientWithoutRetries'], report: [] },
  {
    readme: 'pkg-template/README.md',
    block: "files.extract: a file's text, leaving nothing behind",
    where: 'node',
    given: ['client', 'openAsBlob', 'onUploadProgress', 'signal'],
    report: ['file', 'text', 'truncated'],
  },
  { readme: 'pkg-template/README.md', block: 'files.deleteMany: many at once, whatever happens to one', where: 'node', given: ['client', 'ids'], report: ['results'] },
  { readme: 'pkg-template/README.md', block: 'files.prune: room under the limits', where: 'node', given: ['client'], report: [] },
  { readme: 'pkg-template/README.md', block: "The API's facts", where: 'node', given: [], report: ['LIMITS', 'PURPOSES', 'FORMATS'] },
  { readme: 'pkg-template/README.md', block: 'Errors', where: 'node', given: ['clientWithWrongKey'], report: [] },
  {
    readme: 'pkg-template/README.md',
    block: 'In a browser',
    where: 'page',
    given: [],
    report: [],
    after: 'harnessSeen.names = (await client.files.list()).data.map((f) => f.filename);',
  },
  { readme: 'README.md', block: 'Use it from Node #2', where: 'node', given: [], report: ['page', 'text'] },
  {
    readme: 'README.md',
    block: 'Use it in a browser',
    where: 'page',
    given: [],
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
 * The example as a module to run: the harness's givens, the README's lines,
 * then what the test reads. In Node it prints `HARNESS {json}` last; in a
 * page it sets globalThis.probeResult (browser.mjs reads it).
 */
export function exampleProgram(example) {
  const block = exampleBlock(example);
  const report = `{ seen: harnessSeen, ${example.report.map((name) => `${name}: ${name}`).join(', ')} }`;
  const lines = [
    '// Harness: what the README around this example gives it.',
    "import * as harnessPackage from 'moonshot-files';",
    "import { readFile as harnessReadFile } from 'node:fs/promises';",
    'const harnessSeen = {};',
    ...example.given.map((name) => GIVENS[name].js),
    origin(example, block),
    block.code.trimEnd(),
    '// Harness: what the test reads.',
    example.after ?? '',
    example.where === 'page' ? `globalThis.probeResult = ${report};` : `console.log('HARNESS ' + JSON.stringify(${report}));`,
    'void harnessPackage, harnessReadFile;',
  ];
  // A page has no node:fs; the package's namespace is unused there.
  return (example.where === 'page' ? lines.filter((line) => !line.includes('harnessReadFile') && !line.includes('harnessPackage')) : lines).join('\n') + '\n';
}

/** The example as a TypeScript module: the givens declared, the README's lines, nothing run. */
export function exampleTypeScript(example) {
  const block = exampleBlock(example);
  return [
    '// Harness: the names the README around this example gives it, declared.',
    ...example.given.map((name) => GIVENS[name].ts),
    origin(example, block),
    block.code.trimEnd(),
    '// A module, so that each example has its own names and may await at the top.',
    'export {};',
  ].join('\n') + '\n';
}
