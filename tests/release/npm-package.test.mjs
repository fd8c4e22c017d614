// The npm package as the registry and its users' tools would judge it: the
// version is the crate's, set in one place; `npm publish --dry-run` takes pkg/
// as it is (nothing auto-corrected); publint and arethetypeswrong find
// nothing in the packed tarball.
//
// Run: node --test tests/release/npm-package.test.mjs   (needs a built pkg/; part of `make release-check`)
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { ROOT, packTarball } from '../packaging/harness/apps.mjs';
import { run } from '../packaging/harness/processes.mjs';
import { crateMetadata } from './cargo-metadata.mjs';

const PKG = path.join(ROOT, 'pkg');
const execFileAsync = promisify(execFile);
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

let version;
let packed;
let manifest;

before(async () => {
  ({ version } = (await crateMetadata()).crate);
  packed = await packTarball();
  manifest = JSON.parse((await run('tar', ['-xzOf', packed.tarball, 'package/package.json'])).stdout);
});

describe('the version', () => {
  test("the published manifest has the crate's version, and the template none of its own", () => {
    assert.equal(manifest.version, version, "the tarball's package.json is not at Cargo.toml's version");
    assert.equal(readJson(path.join(ROOT, 'pkg-template/package.json')).version, undefined, 'pkg-template/package.json has a version: it lives in Cargo.toml alone');
  });

  test('CHANGELOG.md has a section for it', () => {
    const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\]`, 'm'), `CHANGELOG.md has no "## [${version}]" section`);
  });
});

describe('publishing', () => {
  test('npm publish --dry-run takes pkg/ as it is: the same files, nothing corrected', async () => {
    const { stdout, stderr } = await run('npm', ['publish', '--dry-run', '--json'], { cwd: PKG });
    const report = JSON.parse(stdout);
    const published = report[manifest.name] ?? report; // npm 11 keys the report by name
    assert.equal(published.id, `${manifest.name}@${version}`);
    assert.deepEqual(published.files.map((file) => file.path).sort(), packed.files);
    // npm rewrites at publish what it finds invalid (a bin path, a repository
    // string) and says so only as a warning.
    const corrected = stderr.split('\n').filter((line) => /correct|invalid|removed/i.test(line));
    assert.deepEqual(corrected, [], `npm publish would change the manifest:\n${stderr}`);
  });

  test('publint finds nothing in the tarball, suggestions included', async () => {
    const tarball = fs.readFileSync(packed.tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    assert.deepEqual(
      messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`),
      [],
    );
  });

  test('arethetypeswrong finds no problem in any entry with types', async () => {
    // The .wasm entries are assets: what importing one gives differs by
    // runtime and bundler, so no declaration would be true everywhere (see
    // docs/DESIGN.md). attw is told they have none.
    const assets = Object.entries(manifest.exports)
      .filter(([, target]) => typeof target === 'string' && target.endsWith('.wasm'))
      .map(([subpath]) => subpath);
    assert.deepEqual(assets.sort(), ['./moonshot_files_bg.wasm', './wasm']);
    const attw = path.join(ROOT, 'node_modules/.bin/attw');
    // Its report is longer than run() keeps; it exits 1 on a problem, with the report.
    const report = await execFileAsync(attw, [packed.tarball, '--format', 'json', '--exclude-entrypoints', ...assets], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error) => error);
    const { analysis } = JSON.parse(report.stdout);
    assert.deepEqual(analysis.problems, []);
    assert.equal(report.code, undefined, `attw failed: ${report.stderr}`);
    // Every other entry was looked at, in every resolution mode.
    const checked = Object.keys(analysis.entrypoints).sort();
    const typed = Object.keys(manifest.exports).filter((subpath) => !assets.includes(subpath) && subpath !== './package.json');
    assert.deepEqual(checked.filter((subpath) => subpath !== './package.json'), typed.sort());
  });
});
