// The browser (and bundler) entry. The top-level await loads the wasm once,
// before any importer runs, so users never call an init() themselves.
import init from './moonshot_files.js';

await init();

export { Moonshot, Files } from './moonshot_files.js';
export * from './errors.js';
