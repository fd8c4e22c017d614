// `moonshot-files/slim`: the client without its wasm, for runtimes no other
// entry fits. Give it the wasm once, before the first `new Moonshot()`:
//   await init(new URL('moonshot-files/wasm', import.meta.url))   // a URL, a Response,
//   initSync(wasmModuleOrBytes)                                   // a WebAssembly.Module or bytes
import wasmInit, { initSync as wasmInitSync } from './lib/moonshot_files.js';

/**
 * Loads the wasm: a `WebAssembly.Module`, its bytes, a URL (or its string)
 * to fetch it from, a `Response`, or a promise of one of these.
 */
export async function init(input) {
  await wasmInit({ module_or_path: input });
}

/** Loads the wasm from a `WebAssembly.Module` or its bytes, at once. */
export function initSync(input) {
  wasmInitSync({ module: input });
}

export { Moonshot, Files } from './lib/moonshot_files.js';
export * from './lib/errors.js';
export { LIMITS, PURPOSES, FORMATS } from './lib/api-facts.js';
