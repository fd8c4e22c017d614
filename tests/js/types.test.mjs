// The published TypeScript declarations, snapshotted: a change to the public
// types (from the Rust definitions, tsify, or the error classes' JSDoc) must
// be seen and accepted (UPDATE_SNAPSHOTS=1 node --test test/types.test.mjs).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILES = ['index.d.ts', 'index.d.mts', 'errors.d.ts', 'node/moonshot_files.d.ts'];
const SNAPSHOT = new URL('../snapshots/types.d.ts.snap', import.meta.url);

it('the published declarations are the snapshotted ones', () => {
  const current = FILES.map((file) => `// ==== ${file}\n${readFileSync(new URL(`../../pkg/${file}`, import.meta.url), 'utf8')}`).join('\n');
  if (process.env.UPDATE_SNAPSHOTS || !existsSync(SNAPSHOT)) writeFileSync(SNAPSHOT, current);
  assert.equal(current, readFileSync(SNAPSHOT, 'utf8'), 'the public types changed: review, then UPDATE_SNAPSHOTS=1');
});
