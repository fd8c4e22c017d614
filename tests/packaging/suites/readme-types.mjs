// The READMEs' examples type-checked as written, strict and with the
// package's own .d.ts files checked (skipLibCheck false), by the oldest
// TypeScript the README supports and the newest, and by `deno check`; with
// every method of client.files called with its options left out, and the
// names the package README's TypeScript section promises.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../harness/apps.mjs';
import { consumer } from '../harness/consumer.mjs';
import { codeBlocks, codeSpans, tableRows } from '../harness/markdown.mjs';
import { DENO_DIAGNOSTIC, diagnostics, TSC_DIAGNOSTIC } from '../harness/processes.mjs';
import { EXAMPLES, exampleSlug, exampleTypeScript } from '../harness/readme-examples.mjs';
import { timed } from '../harness/timings.mjs';

const PACKAGE_README = path.join(ROOT, 'pkg-template/README.md');
const OPTIONS_LEFT_OUT = fileURLToPath(new URL('../consumers/typescript/options-left-out.ts', import.meta.url));

/**
 * What the package README's TypeScript section says ships with the package
 * (its type names, "the error classes" of its Errors table, "the facts" its
 * facts example imports), as a module: each name must exist, and none may
 * be `any`.
 */
function typeScriptSection() {
  const text = fs.readFileSync(PACKAGE_README, 'utf8');
  const section = /^## TypeScript\n([\s\S]*?)^## /m.exec(text)?.[1];
  assert.ok(section, 'the package README has no "TypeScript" section');
  const types = codeSpans(section);
  const errors = tableRows(PACKAGE_README, 'Errors').map(([cell]) => codeSpans(cell)[0]);
  const factsBlock = codeBlocks(PACKAGE_README).find((block) => block.name === "The API's facts");
  const facts = /import \{([^}]+)\} from 'moonshot-files'/.exec(factsBlock.code)[1].split(',').map((name) => name.trim());
  assert.ok(types.length > 10 && errors.length > 10 && facts.length === 3, `read ${types}; ${errors}; ${facts}`);
  const values = [...errors, ...facts];
  return [
    "// The package README's TypeScript section, as a module: each name it promises, none of them `any`.",
    `import type { ${types.join(', ')} } from 'moonshot-files';`,
    `import { ${values.join(', ')} } from 'moonshot-files';`,
    'type IsAny<T> = 0 extends 1 & T ? true : false;',
    `export const typesAreNotAny: [${types.map((name) => `IsAny<${name}>`).join(', ')}] = [${types.map(() => 'false').join(', ')}];`,
    `export const valuesAreNotAny: [${values.map((name) => `IsAny<typeof ${name}>`).join(', ')}] = [${values.map(() => 'false').join(', ')}];`,
    '',
  ].join('\n');
}

/** Writes each example as `<folder>/<slug>.ts` ('node' examples to readme-node/, 'page' ones to readme-page/); gives the paths. */
function writeExamples(dir, examples) {
  const written = [];
  for (const entry of examples) {
    const folder = path.join(dir, `readme-${entry.where}`);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${exampleSlug(entry)}.ts`);
    fs.writeFileSync(file, exampleTypeScript(entry));
    written.push(path.relative(dir, file));
  }
  fs.writeFileSync(path.join(dir, 'readme-node', 'package-typescript-section.ts'), typeScriptSection());
  written.push(path.join('readme-node', 'package-typescript-section.ts'));
  return written;
}

describe('README examples type-check in TypeScript 5.0 and 5.9: strict, skipLibCheck false', () => {
  const state = consumer('typescript');
  before(() => writeExamples(state.dir, EXAMPLES));

  for (const [compiler, version] of [
    ['typescript-5.0', '5.0'],
    ['typescript', '5.9'],
  ]) {
    /** tsc's diagnostics for a config ([] if it passed; a run without any rejects). */
    const tsc = (config) =>
      timed(state.name, 'build', () =>
        diagnostics(process.execPath, [`node_modules/${compiler}/bin/tsc`, '-p', config, '--pretty', 'false'], { cwd: state.dir }, TSC_DIAGNOSTIC),
      );

    test(`TypeScript ${version}, a Node project (node16): the Node examples, the TypeScript section, every call with its options left out`, async () =>
      assert.deepEqual(await tsc('tsconfig.readme-node.json'), []));

    test(`TypeScript ${version}, a bundler project with the DOM: the page examples, every call with its options left out`, async () =>
      assert.deepEqual(await tsc('tsconfig.readme-page.json'), []));
  }
});

describe('README examples type-check in Deno (deno check, an npm project)', () => {
  const state = consumer('deno');
  const inDeno = EXAMPLES.filter((entry) => !entry.notInDeno);
  let files;
  before(() => {
    files = writeExamples(state.dir, inDeno);
    fs.copyFileSync(OPTIONS_LEFT_OUT, path.join(state.dir, 'options-left-out.ts'));
  });

  test('every example but those of another runtime, the TypeScript section, every call with its options left out', async () => {
    // Only the Vite one: its `?url` import is Vite's, not Deno's.
    assert.deepEqual(EXAMPLES.filter((entry) => entry.notInDeno).map((entry) => entry.block), ['Any other runtime: moonshot-files/slim']);
    const check = () => diagnostics(path.join(state.dir, 'node_modules/.bin/deno'), ['check', ...files, 'options-left-out.ts'], { cwd: state.dir }, DENO_DIAGNOSTIC);
    assert.deepEqual(await timed(state.name, 'build', check), []);
  });
});
