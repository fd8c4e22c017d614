// Consumers that bundle the package for a page (and esbuild for a Node
// function), or load it with no bundler; their pages run in Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { build, consumer, mockEnv, probeInChromium, probeServed } from '../harness/consumer.mjs';
import { assertProbe } from '../harness/expect.mjs';
import { onFreePorts, runForJson, startServer } from '../harness/processes.mjs';
import { timed } from '../harness/timings.mjs';
import { writeUpload } from '../harness/upload-fixture.mjs';

describe('esbuild: a Node function (--platform=node) and a page (iife and --format=esm)', () => {
  const state = consumer('esbuild');

  test('the Node bundle, required as a function runtime does, lists, uploads (a file by openAsBlob too), catches a 401', async () => {
    await build(state, 'build:node');
    state.mock.fresh();
    writeUpload(state.dir);
    const call = "require('./dist/handler.cjs').handler().then((seen) => console.log(JSON.stringify(seen)))";
    const seen = await timed(state.name, 'run', () =>
      runForJson(process.execPath, ['-e', call], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    assertProbe(seen, state.mock, ['openAsBlob']);
  });

  test('the default (iife) page bundle works in Chromium', async () => {
    await build(state, 'build:iife');
    await probeServed(state, state.dir, [['iife.html']]);
  });

  test('the --format=esm page bundle works in Chromium', async () => {
    await build(state, 'build:esm');
    await probeServed(state, state.dir, [['esm.html']]);
  });
});

describe('vite: dev server and vite build, a page and a module worker, no configuration', () => {
  const state = consumer('vite');

  test('vite build: the page and the worker (default worker.format) work from dist/', async () => {
    await build(state, 'build');
    const dist = path.join(state.dir, 'dist');
    // The browser entry was taken: none of Node's code came into the page.
    for (const file of fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(dist, 'assets', file), 'utf8'), /readFileSync|require\(/, file);
    }
    await probeServed(state, dist, [
      ['', 'page'],
      ['', 'worker'],
    ]);
  });

  test('vite (dev server): the page and the worker', async () => {
    const server = await timed(state.name, 'build', () =>
      onFreePorts(1, ([port]) =>
        startServer('npm', ['run', '--silent', 'dev', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
          cwd: state.dir,
          url: `http://127.0.0.1:${port}`,
        }),
      ),
    );
    try {
      await probeInChromium(state, server.url, '', 'page');
      await probeInChromium(state, server.url, '', 'worker');
    } catch (err) {
      err.message += `\n--- the dev server's output\n${server.output()}`;
      throw err;
    } finally {
      await server.stop();
    }
  });
});

describe('webpack 5: a page bundle, no configuration file', () => {
  const state = consumer('webpack');

  test('webpack --mode production: the page works', async () => {
    await build(state, 'build');
    await probeServed(state, state.dir, [['index.html']]);
  });
});

describe('rollup 4 with @rollup/plugin-node-resolve only (browser: true)', () => {
  const state = consumer('rollup');

  test('rollup -c: the page works', async () => {
    await build(state, 'build');
    await probeServed(state, state.dir, [['index.html']]);
  });
});

describe('no bundler: <script type="module"> and a module worker import the package by path', () => {
  const state = consumer('no-bundler');

  test('the page and its module worker, served as installed', () =>
    probeServed(state, state.dir, [
      ['index.html', 'page'],
      ['index.html', 'worker'],
    ]));
});
