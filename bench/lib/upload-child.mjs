// Child process: a 100 MiB upload to the loopback sink, our files.create()
// (without and with onUploadProgress), files.ensure() of bytes it has not
// seen (hashed as they upload) and a bare fetch of the same FormData in
// turn, and the wasm memory before and after. Argument: JSON {baseURL,
// pkg, path, runs, budgetMs}; prints JSON.
import { openAsBlob } from 'node:fs';
import { wasmMemoryBytes } from './wasm-memory.mjs';

const { baseURL, pkg, path, runs, budgetMs } = JSON.parse(process.argv[2]);
const { Moonshot } = await import(pkg);
const apiKey = 'sk-bench-key';
const memory = { atStart: wasmMemoryBytes() };

const client = new Moonshot({ apiKey, baseURL, maxRetries: 0 });
const blob = await openAsBlob(path);

let reports = 0;
const contenders = [
  { name: 'ours', call: () => client.files.create({ file: blob, purpose: 'batch', filename: 'upload.bin' }) },
  {
    name: 'progress',
    call: () => client.files.create({ file: blob, purpose: 'batch', filename: 'upload.bin' }, { onUploadProgress: () => (reports += 1) }),
  },
  {
    // A new store each time, and a new Blob of the same file (the client
    // keeps each Blob's hash once found): nothing remembered, so every call
    // hashes and uploads.
    name: 'ensure',
    call: async () => (await client.files.ensure({ file: blob.slice(), purpose: 'batch', filename: 'upload.bin' }, { store: new Map() })).file,
  },
  {
    name: 'fetch',
    call: async () => {
      const form = new FormData();
      form.append('file', blob, 'upload.bin');
      form.append('purpose', 'batch');
      const res = await fetch(`${baseURL}/files`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
  },
];

// One small upload each first, untimed: what memory the first call needs is
// then counted apart from what the big body needs.
const small = new Blob([new Uint8Array(1024)]);
await client.files.create({ file: small, purpose: 'batch', filename: 'warm.bin' });
memory.afterWarmup = wasmMemoryBytes();

// Then one untimed round of the big body (the first is slower for both),
// then the timed rounds, each starting with the other contender.
const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
const started = performance.now();
let done = 0;
for (let i = -1; i < runs; i++) {
  if (i >= 2 && performance.now() - started > budgetMs) break;
  for (let k = 0; k < contenders.length; k++) {
    const { name, call } = contenders[(i + 1 + k) % contenders.length];
    globalThis.gc?.();
    const t0 = performance.now();
    const file = await call();
    const ms = performance.now() - t0;
    if (!(file.bytes >= blob.size)) throw new Error(`${name}: the sink got ${file.bytes} bytes, not ${blob.size}`);
    if (i >= 0) samples[name].push(ms);
  }
  if (i >= 0) done++;
}
memory.atEnd = wasmMemoryBytes();
// Reports per upload with progress (the untimed round included).
process.stdout.write(JSON.stringify({ fileBytes: blob.size, samples, runs: done, memory, reports: reports / (done + 1) }));
