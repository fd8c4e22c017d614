#!/usr/bin/env node
// Where one contender's files.list() spends its time in Node: runs it under
// --cpu-prof against the loopback server and prints the functions with the
// most self time, and the time by kind (wasm, our JS glue, GC, the runtime).
//
//   node bench/profile.mjs                          ours, 100,000 files, 10 calls
//   node bench/profile.mjs --who=openai --count=1000 --runs=200
//   node bench/profile.mjs --top=30 --keep          keep the .cpuprofile (open it in Chrome DevTools)
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { runNode, startApiProcess } from './lib/child.mjs';
import { median } from './lib/stats.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const { values: args } = parseArgs({
  options: {
    who: { type: 'string', default: 'ours' },
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '10' },
    top: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(args.count);
if (!['ours', 'openai', 'floor'].includes(args.who)) throw new Error('--who: ours, openai or floor');
if (![10, 1000, 100000].includes(count)) throw new Error('--count: 10, 1000 or 100000');

const dir = await mkdtemp(join(tmpdir(), 'moonshot-profile-'));
const api = await startApiProcess(join(REPO, 'bench/lib/api-server.mjs'));
let run;
try {
  run = await runNode(
    join(REPO, 'bench/lib/profile-child.mjs'),
    { origin: api.origin, pkg: join(REPO, 'pkg/index.mjs'), who: args.who, count, runs: Number(args.runs) },
    { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100'], timeoutMs: 300_000 },
  );
} finally {
  await api.stop();
}

const file = join(dir, (await readdir(dir)).find((f) => f.endsWith('.cpuprofile')));
const profile = JSON.parse(await readFile(file, 'utf8'));

// Self time per node: each sample is charged to the node it landed in.
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

function kindOf({ functionName, url }) {
  if (url.startsWith('wasm://') || /^(wasm-function|\$)/.test(functionName)) return 'wasm';
  if (url.includes('/pkg/')) return 'our JS glue';
  if (url.includes('/node_modules/openai/')) return 'openai-node';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle (waiting on the socket)';
  if (functionName === '(program)') return 'engine (native, unattributed)';
  if (url.includes('/bench/')) return 'bench harness';
  if (url === '' ) return 'engine builtins (e.g. JSON.parse)';
  return 'Node runtime (undici, streams, ...)';
}

const byFunction = new Map();
const byKind = new Map();
let total = 0;
for (const node of profile.nodes) {
  const ms = self.get(node.id) ?? 0;
  if (!ms) continue;
  total += ms;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${basename(url)}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'}  ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  const kind = kindOf(node.callFrame);
  byKind.set(kind, (byKind.get(kind) ?? 0) + ms);
}

const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
const line = ([name, ms]) => `${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${name}`;
console.log(
  `${args.who}: files.list() of ${count.toLocaleString('en-US')} files, ${run.times.length} calls, ` +
    `median ${median(run.times).toFixed(1)} ms; profile ${total.toFixed(0)} ms (all of the process)\n`,
);
console.log('time by kind (self time):');
for (const entry of [...byKind].sort((a, b) => b[1] - a[1])) console.log(line(entry));
console.log(`\ntop ${args.top} functions by self time:`);
for (const entry of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) console.log(line(entry));
if (args.keep) console.log(`\nprofile: ${file}`);
else await rm(dir, { recursive: true, force: true });
