// Consumers that run a script: Node (ESM, CommonJS), Deno, Bun, the slim
// entry; and TypeScript, which type-checks one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { build, consumer, probeScript, probeServed } from '../harness/consumer.mjs';
import { diagnostics, run, TSC_DIAGNOSTIC } from '../harness/processes.mjs';
import { timed } from '../harness/timings.mjs';

describe('node-esm: import, key and base URL from the environment', () => {
  const state = consumer('node-esm');

  test('lists, uploads a Blob and a file by openAsBlob (the bytes arrive whole), catches a 401; import and require() share classes', async () => {
    const seen = await probeScript(state, { fromDisk: ['openAsBlob'] });
    assert.equal(seen.sameClassesAsRequire, true);
  });
});

describe('node-cjs: require, explicit options', () => {
  const state = consumer('node-cjs');

  test('lists, uploads a Blob and a file by openAsBlob (the bytes arrive whole), catches a 401', () =>
    probeScript(state, { fromDisk: ['openAsBlob'] }));
});

describe('typescript: tsc --noEmit with skipLibCheck false, the oldest supported and the current', () => {
  const state = consumer('typescript');

  for (const [compiler, version] of [
    ['typescript-5.0', '5.0'],
    ['typescript', '5.9'],
  ]) {
    describe(`typescript ${version}`, () => {
      const tsc = (config) =>
        timed(state.name, 'build', () =>
          run(process.execPath, [`node_modules/${compiler}/bin/tsc`, '-p', config, '--pretty', 'false'], { cwd: state.dir }),
        );
      /** tsc's diagnostics for a config ([] if it passed; a run without any rejects, with its output). */
      const tscErrors = (config) =>
        timed(state.name, 'build', () =>
          diagnostics(process.execPath, [`node_modules/${compiler}/bin/tsc`, '-p', config, '--pretty', 'false'], { cwd: state.dir }, TSC_DIAGNOSTIC),
        );

      test(`the compiler is ${version}`, () => {
        const installed = JSON.parse(fs.readFileSync(path.join(state.dir, `node_modules/${compiler}/package.json`), 'utf8'));
        assert.ok(installed.version.startsWith(`${version}.`), installed.version);
      });

      // Only the usual libs (ES2022, DOM): the types must bring what else they need.
      test('example.ts type-checks with moduleResolution "bundler", lib ES2022 and DOM', () => tsc('tsconfig.bundler.json'));

      test('example.ts (ESM) and require.cts (CommonJS) type-check with "node16"', () => tsc('tsconfig.node16.json'));

      test('node16 takes the default import, as Node does at run time', () => tsc('tsconfig.default-import.json'));

      test('should-fail.ts is rejected: the types are real, not any', async () => {
        const errors = await tscErrors('tsconfig.should-fail.json');
        // Exactly the deliberate error: a missing or untyped package would give
        // none, or another one (TS2307 cannot find module, TS7016 no declaration).
        assert.equal(errors.length, 1, errors.join('\n'));
        assert.match(errors[0], /^should-fail\.ts\(\d+,\d+\): error TS2322: Type '42' is not assignable to type 'Purpose'/);
      });
    });
  }
});

describe('deno: a script run by Deno 2 in an npm project', () => {
  const state = consumer('deno');

  test('deno run --allow-net --allow-env main.js: key and base URL from the environment', () => probeScript(state));

  // Deno has no Blob backed by a file: its openAsBlob reads the file into memory.
  test('a file from disk by openAsBlob: the bytes arrive whole', () =>
    probeScript(state, { script: 'start:from-disk', fromDisk: ['openAsBlob'] }));
});

describe('bun: a script run by Bun, and a page built by `bun build`', () => {
  const state = consumer('bun');

  test('bun main.mjs: key and base URL from the environment; a file by Bun.file() and by openAsBlob, the bytes arrive whole', () =>
    probeScript(state, { fromDisk: ['Bun.file', 'openAsBlob'] }));

  test('bun build (browser target): the page works', async () => {
    await build(state, 'build');
    await probeServed(state, state.dir, [['index.html']]);
  });
});

describe('slim: the escape hatch, moonshot-files/slim given moonshot-files/wasm by init()', () => {
  const state = consumer('slim');

  test('init(the .wasm bytes), then a client lists, uploads (a file by openAsBlob too), catches a 401', () =>
    probeScript(state, { fromDisk: ['openAsBlob'] }));
});
