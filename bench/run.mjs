#!/usr/bin/env node
// make bench: files.list() speed (Node and Chromium), bundle size, cold
// start and upload, ours beside openai-node and a bare fetch, each figure
// printed beside its goal (bench/lib/report.mjs). Talks to 127.0.0.1 only.
//
//   node bench/run.mjs            the full run (about 2 minutes on 2 cores; bounded at about 5)
//   node bench/run.mjs --quick    fewer runs (under a minute); the figures are noisier
//   node bench/run.mjs --only=size,node,chromium,cold,upload,dashboard   some sections
//
// A full run writes bench/results/latest.json and latest.svg; --quick or
// --only write quick.json and quick.svg instead. Exits 0 whether the goals
// are met or not; 1 only when a section could not be measured.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { browserList } from './lib/browser-list.mjs';
import { dashboardBench } from './lib/dashboard.mjs';
import { chart } from './lib/chart.mjs';
import { runNode, startApiProcess } from './lib/child.mjs';
import { coldStart } from './lib/cold-start.mjs';
import { figures, previousFigures, summarizeList, table } from './lib/report.mjs';
import { measureSize } from './lib/size.mjs';
import { median, summary } from './lib/stats.mjs';
import { twiggyLines, twiggyTop } from './lib/twiggy.mjs';
import { upload } from './lib/upload.mjs';
import { ANSWER_FORMS } from './lib/api-server.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const PKG_NODE = join(REPO, 'pkg/index.mjs');
const SECTIONS = ['size', 'twiggy', 'node', 'chromium', 'cold', 'upload', 'dashboard'];

// Runs per list size (timed, after the warm-up), and each step's time budget:
// a step stops early, with what it has, when its budget is spent.
// 1,000 and 100,000 files come in each answer form (bench/lib/api-server.mjs).
const forms = (step) => ANSWER_FORMS.map((form) => ({ ...step, form }));
const PLANS = {
  full: {
    list: [
      { count: 10, form: 'length', warmup: 20, runs: 200, budgetMs: 12_000 },
      ...forms({ count: 1_000, warmup: 20, runs: 200, budgetMs: 18_000 }),
      ...forms({ count: 100_000, warmup: 3, runs: 20, budgetMs: 35_000 }),
    ],
    cold: { count: 10, runs: 10, budgetMs: 35_000 },
    upload: { runs: 12, budgetMs: 45_000 },
    dashboard: { files: 1000, runs: 7, scrollPx: 12_000 },
    deadlineMs: 540_000,
  },
  quick: {
    list: [
      { count: 10, form: 'length', warmup: 10, runs: 50, budgetMs: 3_000 },
      ...forms({ count: 1_000, warmup: 10, runs: 50, budgetMs: 4_000 }),
      ...forms({ count: 100_000, warmup: 1, runs: 5, budgetMs: 8_000 }),
    ],
    cold: { count: 10, runs: 4, budgetMs: 10_000 },
    upload: { runs: 3, budgetMs: 15_000 },
    dashboard: { files: 1000, runs: 3, scrollPx: 6_000 },
    deadlineMs: 190_000,
  },
};

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (args.help) {
  console.log(`usage: node bench/run.mjs [--quick] [--only=${SECTIONS.join(',')}]`);
  process.exit(0);
}
const only = args.only ? args.only.split(',').map((s) => s.trim()) : SECTIONS;
for (const name of only) {
  if (!SECTIONS.includes(name)) throw new Error(`--only: unknown section ${name}; known: ${SECTIONS.join(', ')}`);
}
if (!existsSync(PKG_NODE) || !existsSync(join(REPO, 'pkg/index.js'))) {
  console.error('bench: no built package in pkg/: run `make build` first');
  process.exit(1);
}
const mode = args.quick ? 'quick' : 'full';
const plan = PLANS[mode];

const started = performance.now();
const elapsed = () => performance.now() - started;
const remaining = () => plan.deadlineMs - elapsed();
const say = (message) => process.stderr.write(`[${(elapsed() / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

/** The plan's list sizes, their budgets cut to fit `share` of the time left. */
const listSizes = (share) => {
  const planned = plan.list.reduce((sum, s) => sum + s.budgetMs, 0);
  const scale = Math.min(1, (remaining() * share) / planned);
  return plan.list.map((s) => ({ ...s, budgetMs: Math.max(1_000, Math.floor(s.budgetMs * scale)) }));
};

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${Math.round(ms / 1000)} s and was abandoned`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Which build of ours is measured: the wasm's size and a hash of every .js, .cjs, .mjs and .wasm file. */
async function buildId() {
  const dir = join(REPO, 'pkg');
  const hash = createHash('sha256');
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.(c?js|mjs|wasm)$/.test(f)).sort();
  for (const file of files) hash.update(file).update(await readFile(join(dir, file)));
  const wasm = await stat(join(dir, 'moonshot_files_bg.wasm'));
  return { wasmBytes: wasm.size, sha256: hash.digest('hex').slice(0, 16) };
}

const openaiVersion = JSON.parse(await readFile(join(REPO, 'node_modules/openai/package.json'), 'utf8')).version;
const ourVersion = JSON.parse(await readFile(join(REPO, 'pkg/package.json'), 'utf8')).version;
const results = {
  meta: {
    date: new Date().toISOString(),
    mode,
    sections: only,
    node: process.versions.node,
    openai: openaiVersion,
    moonshotFiles: ourVersion,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`,
    gcBetweenCalls: true,
    // Other work on the machine skews every figure; 1-minute load average at the start and at the end.
    load: { atStart: loadavg()[0] },
    build: await buildId(),
  },
  list: {},
  errors: [],
};

// The last full run's figures, printed beside this run's (bench/results/latest.json).
const previousFile = join(REPO, 'bench/results/latest.json');
results.previous = existsSync(previousFile) ? previousFigures(JSON.parse(await readFile(previousFile, 'utf8'))) : undefined;

const scratch = await mkdtemp(join(tmpdir(), 'moonshot-bench-'));
const api = await startApiProcess(join(REPO, 'bench/lib/api-server.mjs'));
say(`loopback API at ${api.origin} (list bodies: ${Object.entries(api.bodyBytes).map(([n, b]) => `${n} files ${b} B`).join(', ')})`);

async function section(name, label, work) {
  if (!only.includes(name)) return;
  if (remaining() < 5_000) {
    results.errors.push({ section: label, message: 'skipped: the run had spent its time budget' });
    return;
  }
  say(`${label} ...`);
  try {
    await withTimeout(work(), remaining() + 30_000, label);
  } catch (error) {
    say(`${label} failed: ${error.message}`);
    results.errors.push({ section: label, message: error.message.split('\n')[0] });
  }
}

try {
  await section('size', 'size (esbuild bundles)', async () => {
    results.size = await measureSize({ dir: join(scratch, 'size'), repo: REPO });
  });

  await section('twiggy', "the wasm's largest items (twiggy)", async () => {
    await mkdir(join(scratch, 'twiggy'), { recursive: true });
    results.twiggy = twiggyTop({ repo: REPO, dir: join(scratch, 'twiggy') });
  });

  await section('node', 'files.list() in Node', async () => {
    const sizes = listSizes(only.includes('chromium') ? 0.4 : 0.8);
    const timeoutMs = sizes.reduce((sum, s) => sum + s.budgetMs, 0) + 60_000;
    const run = await runNode(
      join(REPO, 'bench/lib/node-list.mjs'),
      { origin: api.origin, pkg: PKG_NODE, sizes },
      { nodeArgs: ['--expose-gc'], timeoutMs },
    );
    results.list.node = {
      wasmMemoryAtStart: run.memoryAtStart,
      sizes: run.results.map((r) => summarizeList(r, api.bodyBytes[r.count])),
    };
  });

  await section('chromium', 'files.list() in headless Chromium', async () => {
    const run = await browserList({
      origin: api.origin,
      sizes: listSizes(0.7),
      dir: join(scratch, 'page'),
      repo: REPO,
    });
    results.meta.chromium = run.version;
    results.list.chromium = {
      version: run.version,
      sizes: run.results.map((r) => summarizeList(r, api.bodyBytes[r.count])),
    };
  });

  await section('cold', 'cold start (fresh node processes)', async () => {
    const cold = plan.cold;
    const budgetMs = Math.min(cold.budgetMs, remaining() * 0.5);
    const run = await coldStart({ origin: api.origin, pkg: PKG_NODE, ...cold, budgetMs });
    const steps = ['startedAt', 'importedAt', 'answeredAt', 'wallMs'];
    const of = (samples) => Object.fromEntries(steps.map((k) => [k, summary(samples.map((s) => s[k]))]));
    results.coldStart = {
      count: cold.count,
      runs: run.runs,
      ours: of(run.samples.ours),
      openai: of(run.samples.openai),
      floor: of(run.samples.floor),
    };
  });

  await section('upload', 'upload of 100 MiB', async () => {
    const budgetMs = Math.min(plan.upload.budgetMs, remaining() - 5_000);
    const run = await upload({
      origin: api.origin,
      pkg: PKG_NODE,
      dir: scratch,
      runs: plan.upload.runs,
      budgetMs,
      timeoutMs: budgetMs + 60_000,
    });
    const mib = run.fileBytes / 1024 / 1024;
    const bare = summary(run.samples.fetch);
    const timed = (samples) => {
      const times = summary(samples);
      return {
        ...times,
        mibPerSecond: mib / (times.median / 1000),
        ratio: bare.median / times.median,
        // Less sensitive to drift: the median over rounds of fetch's time / this one's in the same round.
        pairedRatio: median(samples.map((t, i) => run.samples.fetch[i] / t)),
      };
    };
    results.upload = {
      fileBytes: run.fileBytes,
      runs: run.runs,
      fetch: { ...bare, mibPerSecond: mib / (bare.median / 1000) },
      ours: timed(run.samples.ours),
      progress: { ...timed(run.samples.progress), reports: run.reports },
      // ensure of bytes not seen before: the hashing's cost over create's, in the same rounds.
      ensure: { ...timed(run.samples.ensure), vsCreate: median(run.samples.ensure.map((t, i) => t / run.samples.ours[i])) },
      memory: { ...run.memory, growth: run.memory.atEnd - run.memory.atStart },
    };
  });

  await section('dashboard', 'the dashboard at 1,000 files (headless Chromium)', async () => {
    results.dashboard = await dashboardBench(plan.dashboard);
    results.meta.chromium ??= results.dashboard.chromium;
  });
} finally {
  await api.stop();
  await rm(scratch, { recursive: true, force: true });
}

results.meta.durationMs = Math.round(elapsed());
results.meta.load.atEnd = loadavg()[0];
if (JSON.stringify(await buildId()) !== JSON.stringify(results.meta.build)) {
  results.errors.push({ section: 'pkg/', message: 'pkg/ was rebuilt during the run: run again' });
}
results.goals = figures(results);
const printed = table(results.goals);

const name = mode === 'full' && only.length === SECTIONS.length ? 'latest' : 'quick';
const out = join(REPO, 'bench/results');
await mkdir(out, { recursive: true });
await writeFile(join(out, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(out, `${name}.svg`), chart(results));

const m = results.meta;
console.log(
  `\nmoonshot-files ${m.moonshotFiles} bench, ${m.mode} run in ${(m.durationMs / 1000).toFixed(0)} s: Node ${m.node}, ` +
    `Chromium ${m.chromium ?? 'not run'}, openai ${m.openai}, ${m.cpus}`,
);
// Before the run starts, any load is someone else's work (the end's figure includes the run's own).
const busy = m.load.atStart > 1;
console.log(
  `load average ${m.load.atStart.toFixed(1)} at the start, ${m.load.atEnd.toFixed(1)} at the end` +
    `${busy ? ': the machine was busy with other work, so the figures are skewed; rerun when it is idle' : ''}\n`,
);
console.log(printed);
if (results.twiggy) {
  console.log("\n-- the wasm's 15 largest items (twiggy top, optimized, names kept), beside the last full run's");
  console.log(twiggyLines(results.twiggy, results.previous?.twiggy).join('\n'));
}
console.log(`\nwrote bench/results/${name}.json and bench/results/${name}.svg`);
process.exit(results.errors.length ? 1 : 0);
