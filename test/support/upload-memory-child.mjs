// Run by test/upload-memory.test.mjs in its own Node process, so that nothing
// else touches the wasm memory: uploads one big file with the package and
// reports how much the wasm instance's memory grew, then times a bare fetch of
// the same FormData for comparison. Prints one JSON line.
// Usage: MOONSHOT_API_KEY=... node upload-memory-child.mjs <baseURL> <path> <filename>
// Without arguments (as when `node --test test/` runs every file under
// test/) it does nothing.
import { openAsBlob } from 'node:fs';

const [baseURL, path, filename] = process.argv.slice(2);
if (baseURL && path && filename) await main();

async function main() {
  // Capture the package's wasm instance as its glue creates it (before the import).
  const instances = [];
  const OriginalInstance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(OriginalInstance, {
    construct(target, args) {
      const instance = Reflect.construct(target, args);
      instances.push(instance);
      return instance;
    },
  });
  const { Moonshot } = await import('../../pkg/node/index.mjs');
  WebAssembly.Instance = OriginalInstance;

  if (instances.length !== 1) throw new Error(`expected one wasm instance, saw ${instances.length}`);
  const { memory } = instances[0].exports;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('the instance exports no memory');

  const client = new Moonshot({ baseURL, maxRetries: 0 });
  const blob = await openAsBlob(path);

  const memoryBefore = memory.buffer.byteLength;
  let started = performance.now();
  const file = await client.files.create({ file: blob, filename, purpose: 'batch' });
  const packageMs = performance.now() - started;
  const memoryAfter = memory.buffer.byteLength;

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
      packageMs,
      fetchStatus: response.status,
      fetchFile: bare,
      fetchMs,
    })}\n`,
  );
}
