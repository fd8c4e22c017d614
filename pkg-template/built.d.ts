// What the entries and the command line import that `make build` writes
// beside them in pkg/ (scripts/build-package.mjs): declared here so that
// `make lint` checks pkg-template/ as it stands. Not shipped: pkg/ has
// only the files build-package.mjs copies by name.

/** The wasm, as workerd's and Vercel Edge's bundlers import it: compiled. */
declare module '*/moonshot_files_bg.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
declare module '*/moonshot_files_bg.wasm?module' {
  const module: WebAssembly.Module;
  export default module;
}

/** lib/wasm-base64.js: the wasm inlined (coded by LZMA, base64), decoded on call. */
declare module '*/lib/wasm-base64.js' {
  export function wasmBytes(): Uint8Array<ArrayBuffer>;
}

/** index.mjs: Node's import entry, the CommonJS bundle of index.js re-exported. */
declare module '*/index.mjs' {
  export * from 'moonshot-files';
  export { default } from 'moonshot-files';
}
