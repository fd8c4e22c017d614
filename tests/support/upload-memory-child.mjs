// Run by test/upload-memory.test.mjs in its own Node process, so that nothing
// else touches the wasm memory: uploads one big file with the package and
// reports how much the wasm instance's memory grew, then times a bare fetch of
// the same FormData for comparison. Prints one JSON line.
// Usage: MOONSHOT_API_KEY=... node upload-memory-child.mjs <baseURL> <path> <filename>
// Without arguments (as when `node --test test/` runs every file under
// test/) it does nothing.
import { openAsBlob } from 'node:fs';

import { importWithWasmMemory } from './wasm-memory.mjs';

const [baseURL, path, filename] = process.argv.slice(2);
if (baseURL && path && filename) await main();

async function main() {
  const {
    sdk: { Moonshot },
    memory,
  } = await importWithWasmMemory();

  const client = new Moonshot({ baseURL, maxRetries: 0 });
  const blob = await openAsBlob(path);

  const memoryBefore = memory.buffer.byteLength;
  let started = performance.now();
  const file = await client.files.create({ file: blob, filename, purpose: 'batch' });
  const packageMs = performance.now() - started;
  const memoryAfter = memory.buffer.byteLength;

  // Again with progress: the body then streams through the package, a
  // slice at a time, and must not pass through wasm memory either.
  let reports = 0;
  let last;
  const progressFile = await client.files.create(
    { file: blob, filename: `progress-${filename}`, purpose: 'batch' },
    { onUploadProgress: (progress) => ((reports += 1), (last = progress)) },
  );
  const memoryAfterProgress = memory.buffer.byteLength;

  // The same upload with the platform's fetch and FormData alone.
  const form = new FormData();
  form.append('purpose', 'batch');
  form.append('file', blob, `bare-${filename}`);
  started = performance.now();
  const response = await fetch(`${baseURL}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.MOONSHOT_API_KEY}`, accept: 'application/json' },
    body: form,
  });
  const bare = await response.json();
  const fetchMs = performance.now() - started;

  process.stdout.write(
    `${JSON.stringify({
      bytes: blob.size,
      file,
      memoryBefore,
      memoryAfter,
      growth: memoryAfter - memoryBefore,
      progressFile,
      progress: { reports, last, growth: memoryAfterProgress - memoryAfter },
      packageMs,
      fetchStatus: response.status,
      fetchFile: bare,
      fetchMs,
    })}\n`,
  );
}
