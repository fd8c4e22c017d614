// The crate as crates.io and docs.rs would get it. `cargo package` packs it
// and builds the packed copy on its own, for the target it is for; the
// .crate it wrote is then read back: the sources, the README, the
// changelog and the licences, nothing else (no test vectors, dashboard,
// consumer apps or bench results: Cargo.toml's `include`). `cargo publish
// --dry-run` passes, and the docs build as docs.rs builds them, with no warning.
//
// Run: node --test tests/release/crate.test.mjs   (part of `make release-check`)
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT } from '../packaging/harness/apps.mjs';
import { run } from '../packaging/harness/processes.mjs';
import { crateMetadata } from './cargo-metadata.mjs';

const TARGET = 'wasm32-unknown-unknown';
// Cargo's own files, then ours.
const ALLOWED = /^(Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|\.cargo_vcs_info\.json|README\.md|CHANGELOG\.md|LICENSE-MIT|LICENSE-APACHE|src\/([\w-]+\/)*[\w-]+\.(rs|js))$/;
// With the transport's JS, which its Rust imports: without it the packed copy cannot build.
const REQUIRED = ['Cargo.toml', 'Cargo.lock', 'README.md', 'CHANGELOG.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'src/lib.rs', 'src/transport/fetch.js', 'src/transport/xhr.js', 'src/js/content-part.js', 'src/identity.js'];

let crate;
let targetDirectory;

before(async () => {
  ({ crate, targetDirectory } = await crateMetadata());
});

describe('the crate', () => {
  test('cargo package builds the packed copy alone; it holds only sources, README, changelog and licences', async () => {
    // --allow-dirty: a working tree with changes under way is checked as it stands.
    await run('cargo', ['package', '--allow-dirty', '--target', TARGET], { cwd: ROOT });
    const file = path.join(targetDirectory, 'package', `${crate.name}-${crate.version}.crate`);
    const { stdout } = await run('tar', ['-tzf', file]);
    const prefix = `${crate.name}-${crate.version}/`;
    const files = stdout.split('\n').filter(Boolean).map((entry) => entry.slice(prefix.length));
    const unexpected = files.filter((name) => !ALLOWED.test(name));
    assert.deepEqual(unexpected, [], `files in the .crate that are not the crate's sources: ${unexpected.join(', ')} (Cargo.toml's include)`);
    const missing = REQUIRED.filter((name) => !files.includes(name));
    assert.deepEqual(missing, [], `missing from the .crate: ${missing.join(', ')}`);
  });

  test('cargo publish --dry-run finds nothing crates.io would refuse', async () => {
    // The packed copy was built by the test above.
    await run('cargo', ['publish', '--dry-run', '--allow-dirty', '--no-verify', '--target', TARGET], { cwd: ROOT });
  });

  test("its docs build as docs.rs builds them ([package.metadata.docs.rs]), without a warning", async () => {
    // [package.metadata.docs.rs] is the dotted key docs.rs.
    const docsRs = crate.metadata?.docs?.rs;
    assert.deepEqual(docsRs?.targets, [TARGET], 'docs.rs should document the wasm target');
    const features = docsRs.features ?? [];
    assert.ok(features.includes('js'), 'docs.rs should document the JS face (the js feature) too');
    await run('cargo', ['doc', '--no-deps', '--target', TARGET, '--features', features.join(',')], {
      cwd: ROOT,
      // docs.rs passes --cfg docsrs; a warning (a broken link, a missing doc) fails.
      env: { RUSTDOCFLAGS: '-D warnings --cfg docsrs' },
    });
  });
});
