// What the npm tarball holds, file by file, against a reviewed snapshot: a
// file that goes in or drops out of the published package is seen and
// accepted, never shipped by accident.
//
// Run: node --test tests/release/file-list.test.mjs   (needs a built pkg/; part of `make release-check`)
// Accept a change: UPDATE_SNAPSHOTS=1 node --test tests/release/file-list.test.mjs
// (it writes the snapshot and fails; run again without UPDATE_SNAPSHOTS).
import { after, test } from 'node:test';
import { packTarball, removeDir } from '../packaging/harness/apps.mjs';
import { matchSnapshot } from '../support/required.mjs';

const SNAPSHOT = new URL('../snapshots/npm-package-files.txt', import.meta.url);

// Names that change with content or version, not with what is shipped:
// wasm-bindgen's snippets folder (a hash of the crate's name and version) and
// a bundler's hashed assets (`name-1a2B_c3D.js`) stand as <hash>.
const stable = (file) =>
  file.replace(/^(lib\/snippets\/[\w-]+?)-[0-9a-f]{16}\//, '$1-<hash>/').replace(/(\/assets\/[\w.-]+?)-[\w-]{8}(\.\w+)$/, '$1-<hash>$2');

let packed;
after(() => removeDir(packed?.dir));

test('the tarball holds exactly the snapshotted files', async () => {
  packed = await packTarball();
  const files = packed.files.map(stable).sort();
  matchSnapshot(
    SNAPSHOT,
    `${files.join('\n')}\n`,
    "the npm tarball's files (to accept a change: UPDATE_SNAPSHOTS=1 node --test tests/release/file-list.test.mjs)",
  );
});
