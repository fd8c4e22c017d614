// `moonshot-files/slim`: the client without its wasm, for runtimes no other
// entry fits, or to load the wasm as a file of its own. Give it the wasm
// (`moonshot-files/wasm`) once, before the first `new Moonshot()`:
//   await init(fetch(wasmUrl))    // where you serve it (Vite: import wasmUrl from 'moonshot-files/wasm?url')
//   await init(await readFile(new URL(import.meta.resolve('moonshot-files/wasm'))))   // Node
//   initSync(wasmModuleOrBytes)   // a WebAssembly.Module or the bytes, at once
import wasmInit, { initSync as wasmInitSync } from './lib/moonshot_files.js';

/**
 * Loads the wasm: a `WebAssembly.Module`, its bytes, a URL (or its string)
 * to fetch it from, a `Response`, or a promise of one of these.
 * @param {import('./lib/moonshot_files.js').InitInput | Promise<import('./lib/moonshot_files.js').InitInput>} input
 */
export async function init(input) {
  await wasmInit({ module_or_path: input });
}

/**
 * Loads the wasm from a `WebAssembly.Module` or its bytes, at once.
 * @param {import('./lib/moonshot_files.js').SyncInitInput} input
 */
export function initSync(input) {
  wasmInitSync({ module: input });
}

export { Moonshot, Files, default } from './lib/client.js';
export * from './lib/errors.js';
export { LIMITS, PURPOSES, FORMATS } from './lib/api-facts.js';
