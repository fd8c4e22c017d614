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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import lzma from 'lzma';

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

// scripts/build-package.mjs inlines the .wasm coded by LZMA and base64'd.
// Coded bytes leave gzip nothing to take, so the entry weighs at least
// them, plus its glue. Without the wasm in it the entry would be its glue
// alone, a few KB. And the bundle must hold this very .wasm: a base64 run
// in it that LZMA-JS, not the package's own decoder, decodes to pkg/'s bytes.
test('the default entry carries the .wasm inlined: its bytes are in the bundle, and it weighs more than them coded', async () => {
  const wasm = readFileSync(join(REPO, 'pkg/moonshot_files_bg.wasm'));
  const { bytes } = await bundle(dir, 'ours');
  const runs = bytes.toString('latin1').match(/[A-Za-z0-9+/]{1024,}={0,2}/g) ?? [];
  const coded = runs
    .map((run) => Buffer.from(run, 'base64'))
    .find((candidate) => {
      try {
        return Buffer.from(lzma.decompress(candidate)).equals(wasm);
      } catch {
        return false; // a long run that is not an LZMA stream
      }
    });
  assert.ok(coded, `no base64 run of the default entry's bundle (${runs.length} of 1 KB or more) decodes to pkg/moonshot_files_bg.wasm`);
  assert.ok(
    size.ours.total.gzip > coded.length,
    `the default entry is ${size.ours.total.gzip} B gzip, no more than the .wasm coded by LZMA (${coded.length} B): the wasm is not inlined`,
  );
});

test('the slim entry and its .wasm, within their budget', () => {
  within('the slim entry with its .wasm', size.oursSlim.total.gzip, BUDGET.slimEntryGzip);
});

test('the .wasm, within its budget', () => {
  within('the .wasm', size.oursSlim.wasm.gzip, BUDGET.wasmGzip);
});
