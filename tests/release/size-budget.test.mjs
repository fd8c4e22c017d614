// The package's size against its budget (tests/release/size-budget.json):
// bytes, never time. What a browser downloads for files.list() through the
// default entry (the wasm inlined), through moonshot-files/slim (its glue
// and the .wasm beside it), and the .wasm alone, each gzip -9, measured the
// way `make bench` measures it. Ceilings alone would welcome a default entry
// that shrank by losing its wasm: a floor proves the wasm is in it.
//
// Run: node --test tests/release/size-budget.test.mjs   (needs a built pkg/; part of `make release-check`)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundle, measureSize } from '../../bench/lib/size.mjs';

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

// scripts/build-package.mjs inlines the .wasm deflated (raw, level 9) and
// base64'd. Deflated bytes leave gzip nothing to take, so the entry weighs at
// least those bytes, which are the .wasm's gzip less gzip's 18-byte frame,
// plus its glue: more than the .wasm's gzip. Without the wasm in it the
// entry would be its glue alone, a few KB. And the bundle must hold this very
// .wasm: a base64 run in it that inflates to pkg/'s bytes.
test('the default entry carries the .wasm inlined: its bytes are in the bundle, and it weighs more than their gzip', async () => {
  const wasm = readFileSync(join(REPO, 'pkg/moonshot_files_bg.wasm'));
  const { bytes } = await bundle(dir, 'ours');
  const runs = bytes.toString('latin1').match(/[A-Za-z0-9+/]{1024,}={0,2}/g) ?? [];
  const inflated = runs.map((run) => {
    try {
      return inflateRawSync(Buffer.from(run, 'base64'));
    } catch {
      return undefined; // a long run that is not deflated bytes
    }
  });
  assert.ok(inflated.some((candidate) => candidate?.equals(wasm)), `no base64 run of the default entry's bundle (${runs.length} of 1 KB or more) inflates to pkg/moonshot_files_bg.wasm`);
  assert.ok(
    size.ours.total.gzip > size.oursSlim.wasm.gzip,
    `the default entry is ${size.ours.total.gzip} B gzip, no more than the .wasm alone (${size.oursSlim.wasm.gzip} B): the wasm is not inlined`,
  );
});

test('the slim entry and its .wasm, within their budget', () => {
  within('the slim entry with its .wasm', size.oursSlim.total.gzip, BUDGET.slimEntryGzip);
});

test('the .wasm, within its budget', () => {
  within('the .wasm', size.oursSlim.wasm.gzip, BUDGET.wasmGzip);
});
