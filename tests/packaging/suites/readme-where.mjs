// The READMEs' "Where it runs" tables, row by row: each row is proven by
// the consumers the matrix runs, so what the row tells a user to write must
// be what those consumers write (read from the READMEs when the test runs),
// what it says is not needed must not be there, and the versions it says
// were tested must be those the consumers' locks install. Deno's
// `npm:moonshot-files` with no package.json runs here, from a registry
// serving the tarball under test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTmpDir, packTarball, removeDir, ROOT } from '../harness/apps.mjs';
import { chromium } from '../harness/browser.mjs';
import { consumer, mockEnv } from '../harness/consumer.mjs';
import { assertProbe } from '../harness/expect.mjs';
import { codeSpans, tableRows } from '../harness/markdown.mjs';
import { serveRegistry } from '../harness/npm-registry.mjs';
import { runForJson } from '../harness/processes.mjs';
import { timed } from '../harness/timings.mjs';

const CONSUMERS = fileURLToPath(new URL('../consumers/', import.meta.url));
const PROBE = fileURLToPath(new URL('../harness/probe.mjs', import.meta.url));

const PAGES = ['vite', 'webpack', 'rollup', 'esbuild', 'bun', 'no-bundler'];
const WORKER = 'new Moonshot({ apiKey: env.MOONSHOT_API_KEY })';
// The Worker's client is the README's, with the mock for a base URL.
const WORKER_AS_WRITTEN = { [WORKER]: 'new Moonshot({ apiKey: env.MOONSHOT_API_KEY, baseURL: env.MOONSHOT_BASE_URL })' };

/**
 * Each row, by the start of its first cell: the consumers that prove it;
 * the code spans of its "what to write" cell that must not be in them
 * (`absent`: "no `serverExternalPackages`"); spans written there with
 * something the test needs added (`asWritten`). Every other span must be
 * in their code.
 */
const ROWS = {
  'pkg-template/README.md': [
    { row: 'Node 20+', consumers: ['node-esm', 'node-cjs', 'typescript'] },
    { row: 'bundled Node functions', consumers: ['esbuild'] },
    { row: 'Next.js', consumers: ['nextjs'], absent: ['serverExternalPackages'] },
    { row: 'Cloudflare Workers', consumers: ['cloudflare-workers'], asWritten: WORKER_AS_WRITTEN },
    // `npm:moonshot-files` is consumers/deno/without-package-json, run below.
    { row: 'Deno 2, Bun 1', consumers: ['deno', 'bun'] },
    { row: 'pages:', consumers: PAGES },
    { row: 'a page or a module worker without a bundler', consumers: ['no-bundler'] },
  ],
  'README.md': [
    { row: 'Node, ESM or CommonJS', consumers: ['node-esm', 'node-cjs'] },
    { row: 'TypeScript', consumers: ['typescript'], tool: 'typescript' },
    { row: 'bundled Node functions', consumers: ['esbuild'] },
    { row: 'Next.js', consumers: ['nextjs'], absent: ['serverExternalPackages'] },
    { row: 'Cloudflare Workers', consumers: ['cloudflare-workers'], absent: ['nodejs_compat'], asWritten: WORKER_AS_WRITTEN },
    { row: 'Deno', consumers: ['deno'], tool: 'deno' },
    { row: 'Bun', consumers: ['bun'], tool: 'bun' },
    { row: 'Vite', consumers: ['vite'], tool: 'vite' },
    { row: 'webpack', consumers: ['webpack'], tool: 'webpack' },
    { row: 'Rollup', consumers: ['rollup'], tool: 'rollup' },
    { row: 'esbuild for pages', consumers: ['esbuild'], tool: 'esbuild' },
    { row: 'a `<script type="module">` page', consumers: ['no-bundler'] },
    { row: 'anywhere else', consumers: ['slim'] },
  ],
};

/** A consumer's files as it wrote them, less comments (a line in a comment proves nothing) and its lock. */
function sources(name) {
  const texts = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name !== 'package-lock.json') texts.push(fs.readFileSync(file, 'utf8'));
    }
  };
  walk(path.join(CONSUMERS, name));
  return texts.map((text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1')).join('\n');
}

/** Whether `code` holds what `span` says to write: an import of those names from that module, or the text itself (`...`: anything). */
function writes(code, span) {
  const wanted = /^import \{([^}]+)\} from '([^']+)'$/.exec(span);
  if (wanted) {
    const names = wanted[1].split(',').map((name) => name.trim());
    return [...code.matchAll(/import \{([^}]+)\} from '([^']+)'/g)].some(
      ([, imported, from]) => from === wanted[2] && names.every((name) => imported.split(',').map((n) => n.trim()).includes(name)),
    );
  }
  const pattern = span
    .split('...')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*?');
  return new RegExp(pattern).test(code);
}

/** The row of `readme`'s table whose first cell starts with `start`: { where, tested, what }. */
function findRow(readme, start) {
  const rows = tableRows(path.join(ROOT, readme), 'Where it runs');
  const row = rows.find(([where]) => where.startsWith(start));
  assert.ok(row, `${readme} has no "Where it runs" row starting "${start}"`);
  return { where: row[0], tested: row.length === 3 ? row[1] : undefined, what: row.at(-1) };
}

/** The npm package of each tool a "tested with" cell names before a version. */
const PACKAGE_OF = { esbuild: 'esbuild', 'Next.js': 'next', wrangler: 'wrangler' };

/** The versions of package `name` a consumer's lock installs (an alias such as typescript-5.0 is its package's). */
function lockedVersions(consumer, name) {
  const lock = JSON.parse(fs.readFileSync(path.join(CONSUMERS, consumer, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([where, entry]) => where !== '' && (entry.name ?? where.split('node_modules/').at(-1)) === name)
    .map(([, entry]) => entry.version);
}

describe('"Where it runs": each row is what the consumers that prove it write', () => {
  for (const [readme, rows] of Object.entries(ROWS)) {
    test(`${readme}: every row has its consumers`, () => {
      const all = tableRows(path.join(ROOT, readme), 'Where it runs').map(([where]) => where);
      const claimed = rows.map(({ row }) => all.find((where) => where.startsWith(row)));
      assert.deepEqual(all.filter((where) => !claimed.includes(where)), [], 'a new row needs its consumers in suites/readme-where.mjs');
    });

    for (const { row, consumers, absent = [], asWritten = {} } of rows) {
      test(`${readme}, "${row}": written as the row says by ${consumers.join(', ')}`, () => {
        const { what } = findRow(readme, row);
        const code = consumers.map(sources).join('\n');
        for (const span of codeSpans(what)) {
          if (absent.includes(span)) assert.ok(!code.includes(span), `the row says no \`${span}\`, and ${consumers} use it`);
          else assert.ok(writes(code, asWritten[span] ?? span), `\`${asWritten[span] ?? span}\` is not in ${consumers}`);
        }
        const listed = [...absent, ...Object.keys(asWritten)];
        assert.deepEqual(listed.filter((span) => !codeSpans(what).includes(span)), [], 'the row no longer says these');
      });
    }
  }

  // Each version is the named tool's own (the row's `tool` when the cell
  // names none): another package of the lock at that version proves nothing.
  test('README.md: the versions each row was "tested with" are those the consumers install', async () => {
    const chromiumVersion = (await (await chromium()).version()).split('.')[0];
    let claims = 0;
    for (const { row, consumers, tool: rowTool } of ROWS['README.md']) {
      const { tested } = findRow('README.md', row);
      for (const [claim, named, version] of tested.matchAll(/(?:([A-Za-z][\w.]*) )?(\d+(?:\.\d+)*)/g)) {
        claims += 1;
        if (named === 'Node') assert.ok(`${process.versions.node}.`.startsWith(`${version}.`), `${row}: ${claim}, and this is Node ${process.versions.node}`);
        else if (named === 'Chromium') assert.equal(version, chromiumVersion, `${row}: ${claim}`);
        else {
          const name = named === undefined ? rowTool : PACKAGE_OF[named];
          assert.ok(name, `${row}: "${claim}" names no tool this test knows (PACKAGE_OF, or the row's tool)`);
          const locked = consumers.flatMap((consumer) => lockedVersions(consumer, name));
          assert.ok(locked.includes(version), `${row}: ${claim} is not the ${name} the lock of ${consumers} installs (${locked.join(', ') || 'none'})`);
        }
      }
    }
    assert.ok(claims >= ROWS['README.md'].length, `${claims} versions read from ${ROWS['README.md'].length} rows`);
  });
});

describe('Deno 2 without a package.json: `npm:moonshot-files`, fetched by Deno from a registry serving the tarball under test', () => {
  const state = consumer('deno');
  let registry;
  let dir;
  before(async () => {
    registry = await serveRegistry((await packTarball()).tarball);
    dir = makeTmpDir('deno-npm-specifier');
  });
  after(async () => {
    await registry?.close();
    removeDir(dir);
  });

  test('deno run --allow-net --allow-env main.js: lists, uploads, catches a 401', async () => {
    fs.copyFileSync(path.join(CONSUMERS, 'deno/without-package-json/main.js'), path.join(dir, 'main.js'));
    fs.copyFileSync(PROBE, path.join(dir, 'probe.mjs'));
    state.mock.fresh();
    const deno = path.join(state.dir, 'node_modules/.bin/deno');
    const env = { ...mockEnv(state.mock), NPM_CONFIG_REGISTRY: registry.url, DENO_DIR: path.join(dir, '.deno') };
    const seen = await timed(state.name, 'run', () => runForJson(deno, ['run', '--allow-net', '--allow-env', 'main.js'], { cwd: dir, env }));
    assertProbe(seen, state.mock);
    assert.ok(registry.requested.some((url) => url.endsWith('.tgz')), `Deno took the package from elsewhere: ${registry.requested}`);
  });
});
