// Records the memory of every wasm instance made from now on, by wrapping
// the WebAssembly.Instance constructor (Node's glue instantiates with it).
// Import this before the package.

export const memories = [];

WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    // By type, not by name: the package's wasm-opt renames every export.
    const memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory);
    if (memory) memories.push(memory);
    return instance;
  },
});

/** The bytes of our wasm memory (the first instance's), or NaN when none was made. */
export const wasmMemoryBytes = () => memories[0]?.buffer.byteLength ?? NaN;
