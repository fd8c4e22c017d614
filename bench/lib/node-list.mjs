// Child process: files.list() in Node, the three contenders interleaved,
// for each list size. Run with --expose-gc. Argument: a JSON object
// {origin, sizes: [{count, form, runs, warmup, budgetMs}]}; prints the raw samples as JSON.
import { wasmMemoryBytes } from './wasm-memory.mjs';
import { hasFiles, listContenders } from './contenders.mjs';
import { interleave } from './loop.mjs';

const { origin, sizes, pkg } = JSON.parse(process.argv[2]);
const { Moonshot } = await import(pkg);
const { OpenAI } = await import('openai');

const results = [];
const memoryAtStart = wasmMemoryBytes();
for (const { count, form, runs, warmup, budgetMs } of sizes) {
  const contenders = listContenders({ baseURL: `${origin}/n${count}/${form}/v1`, Moonshot, OpenAI });
  const run = await interleave({ contenders, runs, warmup, budgetMs, check: hasFiles(count), gc: globalThis.gc });
  results.push({ count, form, ...run, wasmMemoryBytes: wasmMemoryBytes() });
}
process.stdout.write(JSON.stringify({ memoryAtStart, results }));
