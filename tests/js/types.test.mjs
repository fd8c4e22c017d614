// The published TypeScript declarations, snapshotted: a change to the public
// types (from the Rust definitions, tsify, or the error classes' JSDoc) must
// be seen and accepted (UPDATE_SNAPSHOTS=1 node --test tests/js/types.test.mjs).
// A missing snapshot is a failure, never a pass that writes itself.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILES = ['index.d.ts', 'index.d.cts', 'slim.d.ts', 'slim.d.cts', 'lib/types.d.ts'];
const SNAPSHOT = new URL('../snapshots/types.d.ts.snap', import.meta.url);
const read = (file) => readFileSync(new URL(`../../pkg/${file}`, import.meta.url), 'utf8');

it('the published declarations are the snapshotted ones', () => {
  const current = FILES.map((file) => `// ==== ${file}\n${read(file)}`).join('\n');
  if (process.env.UPDATE_SNAPSHOTS) writeFileSync(SNAPSHOT, current);
  assert.ok(existsSync(SNAPSHOT), 'no snapshot of the types: review pkg/*.d.ts, then UPDATE_SNAPSHOTS=1');
  assert.equal(current, readFileSync(SNAPSHOT, 'utf8'), 'the public types changed: review, then UPDATE_SNAPSHOTS=1');
});

it('the CommonJS declarations are the ESM ones', () => {
  assert.equal(read('lib/types.d.cts'), read('lib/types.d.ts'));
});
