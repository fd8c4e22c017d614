// The entry for Vercel's Edge runtime (the `edge-light` condition: Next.js
// `runtime = 'edge'`), which forbids compiling wasm from bytes at run time;
// its bundler turns a `.wasm?module` import into a WebAssembly.Module.
import { initSync } from './lib/moonshot_files.js';
import module from './moonshot_files_bg.wasm?module';

initSync({ module });

export { Moonshot, Files, default, fileRef, imagePart, videoPart } from './lib/client.js';
export * from './lib/errors.js';
export { LIMITS, PURPOSES, FORMATS } from './lib/api-facts.js';
