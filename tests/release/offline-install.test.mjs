// The packed tarball installs with no registry at all (`npm install
// --offline`: it needs nothing at install) into an empty project, and works
// there as a user's code would use it: `new Moonshot()` from the environment,
// a list that is what the mock holds, a text uploaded and read back by
// extract byte for byte (by hash), nothing left behind; the command line is
// installed and reports the crate's version.
//
// Run: node --test tests/release/offline-install.test.mjs   (needs a built pkg/; part of `make release-check`)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startMockServer } from '../../mock/server.mjs';
import { makeTmpDir, packTarball, removeDir } from '../packaging/harness/apps.mjs';
import { run, runForJson } from '../packaging/harness/processes.mjs';
import { crateMetadata } from './cargo-metadata.mjs';

const API_KEY = 'sk-release-check';
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// What the user's program does; it prints one JSON line last.
const PROGRAM = `import { Moonshot } from 'moonshot-files';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const client = new Moonshot(); // MOONSHOT_API_KEY and MOONSHOT_BASE_URL
const page = await client.files.list();
const text = process.env.UPLOAD_TEXT;
const extracted = await client.files.extract({ file: new Blob([text]), filename: 'release-check.txt' });
const required = createRequire(import.meta.url)('moonshot-files');
console.log(JSON.stringify({
  resolved: import.meta.resolve('moonshot-files'),
  ids: page.data.map((file) => file.id),
  textSha256: createHash('sha256').update(extracted.text).digest('hex'),
  uploaded: extracted.file.bytes,
  sameClassForRequire: required.Moonshot === Moonshot,
}));
`;

let mock;
let project;
let packed;
let version;

before(async () => {
  ({ version } = (await crateMetadata()).crate);
  packed = await packTarball();
  mock = await startMockServer({ apiKey: API_KEY, seed: 'sample' });
  project = makeTmpDir('offline-install');
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'release-check-user', private: true, type: 'module' }));
  fs.writeFileSync(path.join(project, 'main.mjs'), PROGRAM);
});

after(async () => {
  await mock?.close();
  removeDir(project);
  removeDir(packed?.dir);
});

test('npm install --offline of the tarball into an empty project, then list, extract and the command line there', async () => {
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball], { cwd: project });
  const installed = path.join(project, 'node_modules/moonshot-files');
  assert.ok(!fs.lstatSync(installed).isSymbolicLink(), 'the package was linked, not installed from the tarball');

  const held = mock.store.list().map((file) => file.id);
  assert.ok(held.length > 0, 'the mock holds no files to list');
  const text = randomBytes(32 * 1024).toString('hex');
  const result = await runForJson('node', ['main.mjs'], {
    cwd: project,
    env: { MOONSHOT_API_KEY: API_KEY, MOONSHOT_BASE_URL: mock.url, UPLOAD_TEXT: text },
  });

  assert.ok(fs.realpathSync(new URL(result.resolved)).startsWith(fs.realpathSync(installed) + path.sep), `moonshot-files resolved to ${result.resolved}`);
  assert.deepEqual(result.ids, held, 'the list is not what the mock holds');
  assert.equal(result.uploaded, Buffer.byteLength(text));
  assert.equal(result.textSha256, sha256(text), 'extract read back other bytes than were uploaded');
  assert.equal(result.sameClassForRequire, true, 'import and require() gave different classes');
  assert.deepEqual(mock.store.list().map((file) => file.id), held, 'extract left a file behind');

  const { stdout } = await run(path.join(project, 'node_modules/.bin/moonshot-files'), ['--version'], { cwd: project });
  assert.equal(stdout.trim(), version);
});
