// What `npm pack` publishes from pkg/: the package's files and nothing else,
// every entry point the manifest names, the wasm once. (Whether those
// entries work is the consumer matrix's question: matrix.test.mjs.)
//
// Run: node --test tests/packaging/tarball.test.mjs   (needs a built pkg/)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { packTarball, removeDir } from './harness/apps.mjs';
import { run } from './harness/processes.mjs';

let packed;
let manifest;

before(async () => {
  packed = await packTarball();
  manifest = JSON.parse((await run('tar', ['-xzOf', packed.tarball, 'package/package.json'])).stdout);
});

after(() => removeDir(packed?.dir));

describe('npm pack', () => {
  test('the tarball holds built JS, declarations, the wasm, the manifest, README and licences: no sources, maps or leftovers', () => {
    // ui/: the built dashboard `moonshot-files ui` serves (its page, styles and icons).
    const allowed = /^(package\.json|README\.md|LICENSE-(MIT|APACHE)|([\w-]+\/)*[\w.-]+\.(js|cjs|mjs|d\.ts|d\.cts|d\.mts|wasm)|ui\/([\w-]+\/)*[\w.-]+\.(html|css|svg))$/;
    const unexpected = packed.files.filter((file) => !allowed.test(file) || /\.(map|rs|tsbuildinfo)$|(^|\/)\./.test(file));
    assert.deepEqual(unexpected, [], `unexpected files in the tarball: ${unexpected.join(', ')}`);
  });

  test('the wasm is shipped once', () => {
    const wasm = packed.files.filter((file) => file.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `wasm files: ${wasm.join(', ')}`);
  });

  test('every entry point in package.json is in the tarball', () => {
    // Every path the manifest points at (exports conditions, main, ...).
    const targets = [];
    const collect = (value) => {
      if (typeof value === 'string') targets.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    collect([manifest.main, manifest.module, manifest.browser, manifest.types, manifest.sideEffects]);
    assert.ok(targets.length > 5, 'the manifest has fewer entry points than expected');
    for (const target of targets) {
      assert.ok(packed.files.includes(target.replace(/^\.\//, '')), `package.json points at ${target}, not in the tarball`);
    }
  });

  test('the manifest needs nothing at install: no dependencies, no scripts', () => {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'scripts']) {
      assert.equal(manifest[field], undefined, `the published package.json has ${field}`);
    }
  });
});
