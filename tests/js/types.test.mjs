// The published TypeScript declarations. Snapshotted: a change to the public
// types (from the Rust definitions, tsify, or the error classes' JSDoc) must
// be seen and accepted (UPDATE_SNAPSHOTS=1 node --test tests/js/types.test.mjs,
// which writes the snapshot and fails; the next run checks it). And what a
// CommonJS TypeScript user gets: TypeScript itself resolves a `require()` of
// the package to the .d.cts declarations and accepts them, strictly.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

import { tempDir } from '../support/helpers.mjs';
import { matchSnapshot } from '../support/required.mjs';

const FILES = ['index.d.ts', 'index.d.cts', 'slim.d.ts', 'slim.d.cts', 'lib/types.d.ts'];
const SNAPSHOT = new URL('../snapshots/types.d.ts.snap', import.meta.url);
const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const TYPE_ROOTS = fileURLToPath(new URL('../../node_modules/@types/', import.meta.url));
const read = (file) => readFileSync(join(PKG, file), 'utf8');

it('the published declarations are the snapshotted ones', () => {
  const current = FILES.map((file) => `// ==== ${file}\n${read(file)}`).join('\n');
  matchSnapshot(SNAPSHOT, current, 'the public types');
});

// A CommonJS file of a Node project: `import = require` takes the types
// through the "require" conditions. The @ts-expect-error lines fail the
// check if the types were `any` (an unused directive is an error).
const REQUIRE_USER = `import moonshot = require('moonshot-files');
import slim = require('moonshot-files/slim');

const client = new moonshot.Moonshot({ apiKey: 'sk-example' });
export const names: Promise<string[]> = client.files.list().then((list: moonshot.FileList) => list.data.map((file) => file.filename));
export const statusOf = (err: unknown): number | undefined => (err instanceof moonshot.AuthenticationError ? err.status : undefined);
export const loading: Promise<void> = slim.init(new Uint8Array(8));
// @ts-expect-error: a purpose is a string
export const purpose: moonshot.Purpose = 42;
// @ts-expect-error: list() takes no file id
client.files.list('file-abc');
// An upload needs a name, as the client checks at run time: a File's own, or a filename.
declare const blob: Blob;
declare const file: File;
export const named = [
  client.files.create({ file, purpose: 'file-extract' }),
  client.files.create({ file: blob, filename: 'notes.txt', purpose: 'file-extract' }),
  client.files.extract({ file: new Uint8Array(4), filename: 'notes.txt' }),
];
// @ts-expect-error: a Blob carries no name
client.files.create({ file: blob, purpose: 'file-extract' });
// @ts-expect-error: nor do bytes
client.files.extract({ file: new Uint8Array(4) });
`;

it('a require() user gets the .d.cts declarations, and TypeScript accepts them (node16, strict, skipLibCheck false)', () => {
  const { dir, remove } = tempDir('moonshot-types-cjs-');
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(PKG, join(dir, 'node_modules', 'moonshot-files'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-user', private: true, type: 'module' }));
    const user = join(dir, 'user.cts');
    writeFileSync(user, REQUIRE_USER);
    const program = ts.createProgram([user], {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [TYPE_ROOTS],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
      return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    assert.deepEqual(problems, []);
    // The package's declarations TypeScript read: the CommonJS ones only.
    const read = program
      .getSourceFiles()
      .map((file) => file.fileName)
      .filter((name) => name.startsWith(PKG))
      .map((name) => relative(PKG, name))
      .sort();
    assert.deepEqual(read, ['index.d.cts', 'lib/types.d.cts', 'slim.d.cts']);
  } finally {
    remove();
  }
});
