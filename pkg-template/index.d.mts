// Types generated from the Rust definitions (wasm-bindgen and tsify) and
// from the error classes' JSDoc; the same for every entry point.
/// <reference lib="esnext.disposable" />
export * from './node/moonshot_files.js';
export * from './errors.js';
