// The consumer matrix (issue 10): the packed package installed into real
// projects, each built the way the README tells a user and proving a real
// call against the mock (list, upload a Blob, a 401 caught as
// AuthenticationError by instanceof). Browser consumers run in headless
// Chromium. consumers/README.md lists them; harness/ holds the machinery.
//
// Run: node --test tests/packaging/matrix.test.mjs   (needs a built pkg/)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { app, planInstalls, removeDir, ROOT } from './harness/apps.mjs';
import { closeChromium, readPageText, readProbe, serveStatic } from './harness/browser.mjs';
import { API_KEY, assertProbe, startMock, unexpectedProblems } from './harness/expect.mjs';
import { freePort, run, runForJson, startServer } from './harness/processes.mjs';
import { timed, timingReport, writeTimings } from './harness/timings.mjs';

// In the order they run; installs go ahead in this order.
const CONSUMERS = ['node-esm', 'node-cjs', 'typescript', 'esbuild', 'vite', 'webpack', 'rollup', 'no-bundler', 'bun', 'deno', 'nextjs', 'cloudflare-workers', 'slim'];

before(() => planInstalls(CONSUMERS.map((name) => ['consumers', name])));

after(async () => {
  await closeChromium();
  writeTimings(path.join(ROOT, 'test-results/packaging-matrix-times.json'));
  console.log(timingReport());
});

/** A server-side consumer's environment: the mock's key and base URL. */
const mockEnv = (mock) => ({ MOONSHOT_API_KEY: API_KEY, MOONSHOT_BASE_URL: mock.url });

/**
 * `fn` run once, by the first caller; later callers get the same promise.
 * settled() gives its value, or undefined if it failed or never ran.
 */
function once(fn) {
  let promise;
  const call = () => (promise ??= fn());
  call.settled = () => promise?.catch(() => undefined);
  return call;
}

/** `npm run <script>` in an app, timed as its build. */
const build = (name, dir, script, env) =>
  timed(name, 'build', () => run('npm', ['run', '--silent', script], { cwd: dir, env }));

/** One consumer: its app installed and a fresh mock, both cleaned up after. */
function consumer(name) {
  const state = {};
  before(async () => {
    [state.dir, state.mock] = await Promise.all([app('consumers', name), startMock()]);
  });
  after(async () => {
    await state.mock?.close();
    removeDir(state.dir);
  });
  return state;
}

/**
 * Has Chromium open `page` of a browser consumer at `origin` and checks the
 * probe it ran. `where`: 'page' or 'worker' (probePage in probe.mjs).
 */
async function probeInChromium(name, state, origin, page, where = 'page') {
  state.mock.fresh();
  const query = new URLSearchParams({ base: state.mock.url, key: API_KEY, in: where });
  const { seen, problems } = await timed(name, 'run', () => readProbe(`${origin}/${page}?${query}`));
  assertProbe(seen, state.mock);
  assert.deepEqual(unexpectedProblems(problems), []);
}

/** Serves a built consumer's folder as a plain web server; probes its pages. */
async function probeServed(name, state, root, pages) {
  const server = await serveStatic(root);
  try {
    for (const [page, where] of pages) await probeInChromium(name, state, server.url, page, where);
  } finally {
    await server.close();
  }
}

describe('node-esm: import, key and base URL from the environment', () => {
  const state = consumer('node-esm');

  test('lists, uploads a Blob, catches a 401 as AuthenticationError; import and require() share classes', async () => {
    state.mock.fresh();
    const seen = await timed('node-esm', 'run', () =>
      runForJson('npm', ['run', '--silent', 'start'], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    assertProbe(seen, state.mock);
    assert.equal(seen.sameClassesAsRequire, true);
  });
});

describe('node-cjs: require, explicit options', () => {
  const state = consumer('node-cjs');

  test('lists, uploads a Blob, catches a 401 as AuthenticationError', async () => {
    state.mock.fresh();
    const seen = await timed('node-cjs', 'run', () =>
      runForJson('npm', ['run', '--silent', 'start'], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    assertProbe(seen, state.mock);
  });
});

describe('typescript: tsc --noEmit with skipLibCheck false, the oldest supported and the current', () => {
  const state = consumer('typescript');

  for (const compiler of ['typescript-5.0', 'typescript']) {
    describe(compiler === 'typescript' ? 'typescript 5.9' : 'typescript 5.0', () => {
      const tsc = (config) =>
        timed('typescript', 'build', () =>
          run(process.execPath, [`node_modules/${compiler}/bin/tsc`, '-p', config, '--pretty', 'false'], { cwd: state.dir }),
        );
      /** tsc's error lines for a config that must fail ([] if it passed). */
      const tscErrors = (config) =>
        tsc(config).then(
          () => [],
          (err) => err.message.split('\n').filter((line) => line.includes('error TS')),
        );

      test('the compiler is the version this describe says', () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(state.dir, `node_modules/${compiler}/package.json`), 'utf8'));
        assert.match(version, compiler === 'typescript' ? /^5\.9\./ : /^5\.0\./);
      });

      test('example.ts type-checks with moduleResolution "bundler"', () => tsc('tsconfig.bundler.json'));

      test('example.ts (ESM) and require.cts (CommonJS) type-check with "node16"', () => tsc('tsconfig.node16.json'));

      test('the types compile with only the usual libs (ES2022, DOM)', async () =>
        assert.deepEqual(await tscErrors('tsconfig.plain-lib.json'), []));

      test('node16 refuses a default import, as Node does at run time', async () =>
        assert.deepEqual(await tscErrors('tsconfig.default-import.json'), []));

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

describe('esbuild: a Node function (--platform=node) and a page (iife and --format=esm)', () => {
  const state = consumer('esbuild');

  test('the Node bundle, required as a function runtime does, lists, uploads, catches a 401', async () => {
    await build('esbuild', state.dir, 'build:node');
    state.mock.fresh();
    const call = "require('./dist/handler.cjs').handler().then((seen) => console.log(JSON.stringify(seen)))";
    const seen = await timed('esbuild', 'run', () =>
      runForJson(process.execPath, ['-e', call], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    assertProbe(seen, state.mock);
  });

  test('the default (iife) page bundle works in Chromium', async () => {
    await build('esbuild', state.dir, 'build:iife');
    await probeServed('esbuild', state, state.dir, [['iife.html']]);
  });

  test('the --format=esm page bundle works in Chromium', async () => {
    await build('esbuild', state.dir, 'build:esm');
    await probeServed('esbuild', state, state.dir, [['esm.html']]);
  });
});

describe('vite: dev server and vite build, a page and a module worker, no configuration', () => {
  const state = consumer('vite');

  test('vite build: the page and the worker (default worker.format) work from dist/', async () => {
    await build('vite', state.dir, 'build');
    const dist = path.join(state.dir, 'dist');
    // The browser entry was taken: none of Node's code came into the page.
    for (const file of fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(dist, 'assets', file), 'utf8'), /readFileSync|require\(/, file);
    }
    await probeServed('vite', state, dist, [
      ['', 'page'],
      ['', 'worker'],
    ]);
  });

  test('vite (dev server): the page and the worker', async () => {
    const port = await freePort();
    const server = await timed('vite', 'build', () =>
      startServer('npm', ['run', '--silent', 'dev', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
        cwd: state.dir,
        url: `http://127.0.0.1:${port}`,
      }),
    );
    try {
      await probeInChromium('vite', state, server.url, '', 'page');
      await probeInChromium('vite', state, server.url, '', 'worker');
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
    await build('webpack', state.dir, 'build');
    await probeServed('webpack', state, state.dir, [['index.html']]);
  });
});

describe('rollup 4 with @rollup/plugin-node-resolve only (browser: true)', () => {
  const state = consumer('rollup');

  test('rollup -c: the page works', async () => {
    await build('rollup', state.dir, 'build');
    await probeServed('rollup', state, state.dir, [['index.html']]);
  });
});

describe('no bundler: <script type="module"> and a module worker import the package by path', () => {
  const state = consumer('no-bundler');

  test('the page and its module worker, served as installed', () =>
    probeServed('no-bundler', state, state.dir, [
      ['index.html', 'page'],
      ['index.html', 'worker'],
    ]));
});

describe('bun: a script run by Bun, and a page built by `bun build`', () => {
  const state = consumer('bun');

  test('bun main.mjs: key and base URL from the environment', async () => {
    state.mock.fresh();
    const seen = await timed('bun', 'run', () =>
      runForJson('npm', ['run', '--silent', 'start'], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    assertProbe(seen, state.mock);
  });

  test('bun build (browser target): the page works', async () => {
    await build('bun', state.dir, 'build');
    await probeServed('bun', state, state.dir, [['index.html']]);
  });
});

describe('deno: a script run by Deno 2 in an npm project', () => {
  const state = consumer('deno');

  test('deno run --allow-net --allow-env: key and base URL from the environment', async () => {
    state.mock.fresh();
    const seen = await timed('deno', 'run', () =>
      runForJson('npm', ['run', '--silent', 'start'], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    assertProbe(seen, state.mock);
  });
});

describe('nextjs 16, App Router: next build, next start, the key in the server environment', () => {
  const state = consumer('nextjs');
  // Built and started once, by the first test that needs it; a failure
  // fails every test with the build's or the server's own words.
  const started = once(async () => {
    await build('nextjs', state.dir, 'build');
    const port = await freePort();
    return timed('nextjs', 'run', () =>
      startServer('npm', ['run', '--silent', 'start', '--', '-H', '127.0.0.1', '-p', String(port)], {
        cwd: state.dir,
        env: mockEnv(state.mock),
        url: `http://127.0.0.1:${port}`,
      }),
    );
  });

  after(async () => (await started.settled())?.stop());

  /** Runs one probe through the server; on failure, adds what the server logged. */
  async function throughServer(read) {
    const server = await started();
    state.mock.fresh();
    try {
      assertProbe(await timed('nextjs', 'run', () => read(server.url)), state.mock);
    } catch (err) {
      err.message += `\n--- next start's output\n${server.output()}`;
      throw err;
    }
  }

  const json = async (url) => {
    const response = await fetch(url);
    assert.equal(response.status, 200, `${url}: HTTP ${response.status} ${await response.clone().text()}`);
    return response.json();
  };

  test('a route handler on the Node runtime', () => throughServer((origin) => json(`${origin}/api/node`)));

  test('a server component', () => throughServer(async (origin) => JSON.parse(await readPageText(`${origin}/`, '#probe'))));

  test('a server action, called from a client component', () =>
    throughServer(async (origin) => JSON.parse(await readPageText(`${origin}/action`, '#probe', { click: '#run' }))));

  test('a route handler on the Edge runtime', () => throughServer((origin) => json(`${origin}/api/edge`)));
});

describe('cloudflare workers: wrangler dev --local, the key in the Worker environment (.dev.vars)', () => {
  const state = consumer('cloudflare-workers');

  test('the Worker lists, uploads, catches a 401', async () => {
    // Where wrangler dev takes a Worker's secrets from.
    fs.writeFileSync(
      path.join(state.dir, '.dev.vars'),
      `MOONSHOT_API_KEY=${API_KEY}\nMOONSHOT_BASE_URL=${state.mock.url}\n`,
    );
    const [port, inspectorPort] = [await freePort(), await freePort()];
    const args = ['--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)];
    const server = await timed('cloudflare-workers', 'build', () =>
      startServer('npm', ['run', '--silent', 'dev', '--', ...args], { cwd: state.dir, url: `http://127.0.0.1:${port}` }),
    );
    try {
      state.mock.fresh();
      const response = await timed('cloudflare-workers', 'run', () => fetch(server.url));
      const body = await response.text();
      assert.equal(response.status, 200, body);
      assertProbe(JSON.parse(body), state.mock);
    } catch (err) {
      err.message += `\n--- wrangler dev's output\n${server.output()}`;
      throw err;
    } finally {
      await server.stop();
    }
  });
});

describe('slim: the escape hatch, moonshot-files/slim given moonshot-files/wasm by init()', () => {
  const state = consumer('slim');

  test('init(the .wasm bytes), then a client lists, uploads, catches a 401', async () => {
    state.mock.fresh();
    const seen = await timed('slim', 'run', () =>
      runForJson('npm', ['run', '--silent', 'start'], { cwd: state.dir, env: mockEnv(state.mock) }),
    );
    assertProbe(seen, state.mock);
  });
});
