// The entry for browsers, bundlers, Deno, Bun and any runtime of ES modules.
// The wasm travels inside this module (base64), so no bundler has to find,
// copy or serve a .wasm file, and it is instantiated synchronously here:
// no init() call, no top-level await (iife bundles and classic workers work).
import { initSync } from './lib/moonshot_files.js';
import { wasmBytes } from './lib/wasm-base64.js';

initSync({ module: new WebAssembly.Module(wasmBytes()) });

export { Moonshot, Files, default, fileRef, imagePart, videoPart } from './lib/client.js';
export * from './lib/errors.js';
export { LIMITS, PURPOSES, FORMATS } from './lib/api-facts.js';
