// What Vite's own types (vite/client) declare for a `?url` import, which a
// Vite project has: the README's slim example imports the wasm that way.
declare module '*?url' {
  const src: string;
  export default src;
}
