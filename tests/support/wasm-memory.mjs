// The package with its wasm memory, for the tests that measure the memory:
// imports the package's Node entry with WebAssembly.Instance wrapped, so the
// one instance its glue makes is seen. Run in a process of its own, so that
// nothing else touches the memory.
export async function importWithWasmMemory() {
  const instances = [];
  const OriginalInstance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(OriginalInstance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      instances.push(instance);
      return instance;
    },
  });
  let sdk;
  try {
    sdk = await import('../../pkg/index.mjs');
  } finally {
    WebAssembly.Instance = OriginalInstance;
  }
  if (instances.length !== 1) throw new Error(`expected one wasm instance, saw ${instances.length}`);
  // Found by what it is: the build gives the exports one-letter names.
  const memories = Object.values(instances[0].exports).filter((value) => value instanceof WebAssembly.Memory);
  if (memories.length !== 1) throw new Error(`expected the instance to export one memory, saw ${memories.length}`);
  const [memory] = memories;
  return { sdk, memory };
}
