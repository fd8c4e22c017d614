// files.list() in headless Chromium: a page served from loopback loads our
// pkg/index.js as it is and openai-node's browser build bundled by
// esbuild, then runs the same interleaved loop as Node, timed with
// performance.now() inside the page.
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../../tests/support/chromium.mjs';
import { serveFolder } from '../../tests/support/static-server.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>loading</title>
<script type="module">
  import { Moonshot } from '/pkg/index.js';
  import { OpenAI } from '/openai.js';
  import { interleave } from '/loop.js';
  import { listContenders, hasFiles } from '/contenders.js';
  window.bench = { Moonshot, OpenAI, interleave, listContenders, hasFiles };
  document.title = 'ready';
</script>`;

/** Lays out the page's files in `dir`: pkg/ -> the package, openai.js, loop.js, contenders.js. */
async function layOut(dir, { repo }) {
  await mkdir(dir, { recursive: true });
  await symlink(join(repo, 'pkg'), join(dir, 'pkg'));
  await copyFile(join(repo, 'bench/lib/loop.mjs'), join(dir, 'loop.js'));
  await copyFile(join(repo, 'bench/lib/contenders.mjs'), join(dir, 'contenders.js'));
  await writeFile(join(dir, 'openai-entry.mjs'), "export { OpenAI } from 'openai';\n");
  await build({
    entryPoints: [join(dir, 'openai-entry.mjs')],
    outfile: join(dir, 'openai.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    nodePaths: [join(repo, 'node_modules')],
    logLevel: 'error',
  });
}

/**
 * @param {object} o
 * @param {string} o.origin   the loopback API
 * @param {{count: number, form: string, runs: number, warmup: number, budgetMs: number}[]} o.sizes
 * @param {string} o.dir      a scratch folder for the page
 * @param {string} o.repo     the repository root
 */
export async function browserList({ origin, sizes, dir, repo }) {
  await layOut(dir, { repo });
  const site = await serveFolder(dir, { '/': PAGE });
  // The helper's flags, plus a gc() the loop calls outside the clock, as in Node.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => document.title === 'ready', null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the bench page did not load: ${errors.join('; ') || 'no error reported'}`);
    });
    const results = [];
    for (const size of sizes) {
      const run = await page.evaluate(
        async ({ origin, count, form, runs, warmup, budgetMs }) => {
          const { Moonshot, OpenAI, interleave, listContenders, hasFiles } = window.bench;
          const contenders = listContenders({ baseURL: `${origin}/n${count}/${form}/v1`, Moonshot, OpenAI });
          return interleave({ contenders, runs, warmup, budgetMs, check: hasFiles(count), gc: window.gc });
        },
        { origin, ...size },
      );
      results.push({ count: size.count, form: size.form, ...run });
    }
    return { version: browser.version(), results };
  } finally {
    await browser.close();
    await site.close();
  }
}
