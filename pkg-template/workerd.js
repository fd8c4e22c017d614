// The entry for Cloudflare Workers (the `workerd` condition). workerd
// refuses to compile wasm from bytes at run time; wrangler instead compiles
// an imported .wasm file into a WebAssembly.Module when it bundles the Worker.
import { initSync } from './lib/moonshot_files.js';
import module from './moonshot_files_bg.wasm';

initSync({ module });

export { Moonshot, Files, default, fileRef, imagePart, videoPart } from './lib/client.js';
export * from './lib/errors.js';
export { LIMITS, PURPOSES, FORMATS } from './lib/api-facts.js';
