// The package's size against its budget (tests/release/size-budget.json):
// bytes, never time. What a browser downloads for files.list() through the
// default entry (the wasm inlined), through moonshot-files/slim (its glue
// and the .wasm beside it), and the .wasm alone, each gzip -9, measured the
// way `make bench` measures it.
//
// Run: node --test tests/release/size-budget.test.mjs   (needs a built pkg/; part of `make release-check`)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { measureSize } from '../../bench/lib/size.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const BUDGET = JSON.parse(readFileSync(new URL('size-budget.json', import.meta.url), 'utf8'));

let dir;
let size;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'moonshot-files-size-'));
  size = await measureSize({ dir, repo: REPO });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const within = (what, bytes, budget) =>
  assert.ok(bytes <= budget, `${what} is ${bytes} B gzip, past its budget of ${budget} B (tests/release/size-budget.json)`);

test('the default entry, wasm inlined, within its budget', () => {
  within('the default entry', size.ours.total.gzip, BUDGET.defaultEntryGzip);
});

test('the slim entry and its .wasm, within their budget', () => {
  within('the slim entry with its .wasm', size.oursSlim.total.gzip, BUDGET.slimEntryGzip);
});

test('the .wasm, within its budget', () => {
  within('the .wasm', size.oursSlim.wasm.gzip, BUDGET.wasmGzip);
});
