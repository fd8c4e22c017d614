// Run by tests/js/memory.test.mjs in its own Node process, started with
// --expose-gc, so that nothing else touches the wasm memory or the heap:
// 50 concurrent files.list() calls (the mock answers them together, once all
// are in flight), a warm-up, a long run of sequential calls on the same
// client, then 50 concurrent calls again. Prints one JSON line: the wasm
// memory, RSS and heap figures along the way, the durations, and a digest of
// every page the concurrent calls got.
// Usage: MOONSHOT_API_KEY=... node --expose-gc list-memory-child.mjs <baseURL> <warmup> <calls> <files>
import { createHash } from 'node:crypto';

import { importWithWasmMemory } from './wasm-memory.mjs';

const [baseURL, warmup, calls, files] = process.argv.slice(2);
if (!files) throw new Error('usage: MOONSHOT_API_KEY=... node --expose-gc list-memory-child.mjs <baseURL> <warmup> <calls> <files>');
await main(baseURL, Number(warmup), Number(calls), Number(files));

async function main(baseURL, warmup, calls, files) {
  if (typeof globalThis.gc !== 'function') throw new Error('run me with --expose-gc');

  const {
    sdk: { Moonshot },
    memory,
  } = await importWithWasmMemory();

  const client = new Moonshot({ baseURL, maxRetries: 0, timeout: 30_000 });
  const digest = (page) => createHash('sha256').update(JSON.stringify(page)).digest('hex');
  const measure = (label, done) => {
    globalThis.gc();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    return { label, done, at: performance.now(), wasm: memory.buffer.byteLength, rss, heapUsed, external, arrayBuffers };
  };
  const burst = async () => {
    const started = performance.now();
    const pages = await Promise.all(Array.from({ length: 50 }, () => client.files.list()));
    return { ms: performance.now() - started, digests: pages.map(digest), counts: pages.map((page) => page.data.length) };
  };
  /** `n` sequential calls; every page must have `files` files. */
  const run = async (n, onThousand) => {
    let lastId;
    for (let i = 1; i <= n; i++) {
      const page = await client.files.list();
      if (page.data.length !== files) throw new Error(`call ${i}: ${page.data.length} files, expected ${files}`);
      const id = page.data[files - 1].id;
      if (lastId !== undefined && id !== lastId) throw new Error(`call ${i}: the last file is ${id}, was ${lastId}`);
      lastId = id;
      if (onThousand && i % 1000 === 0) onThousand(i);
    }
  };

  const start = measure('start', 0);
  // Answered only if the 50 calls overlap; else they time out.
  const concurrentFirst = await burst();

  let started = performance.now();
  await run(warmup);
  const warmupMs = performance.now() - started;
  const afterWarmup = measure('after warm-up', 0);

  const checkpoints = [];
  started = performance.now();
  await run(calls, (done) => checkpoints.push(measure('checkpoint', done)));
  const runMs = performance.now() - started;
  const end = measure('end', calls);

  const concurrentLast = await burst();
  const afterConcurrent = measure('after the last 50 concurrent calls', calls);

  process.stdout.write(
    `${JSON.stringify({ start, afterWarmup, checkpoints, end, afterConcurrent, warmupMs, runMs, concurrentFirst, concurrentLast })}\n`,
  );
}
