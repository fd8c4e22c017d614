// The platform's own SHA-256 for `identity::sha256_of` (identity.rs beside it
// imports this by `#[wasm_bindgen(module)]`), where the runtime has one that
// hashes as the bytes come: node:crypto's, in Node, Deno, Bun and Workers
// with nodejs_compat. It hashes 100 MiB several times faster than the
// wasm's sha2 (docs/DESIGN.md, History: ensure's SHA-256 by the platform).
// WebCrypto's digest takes only a whole buffer, so pages keep the wasm's.

/**
 * The SHA-256 of `blob`'s bytes in hex, read a chunk at a time, or
 * `undefined` where the runtime has no node:crypto (the wasm then hashes).
 * @param {Blob} blob
 * @returns {Promise<string> | undefined}
 */
export function platformSha256(blob) {
  const process = /** @type {any} */ (globalThis).process;
  const crypto = typeof process?.getBuiltinModule === 'function' && process.getBuiltinModule('node:crypto');
  return typeof crypto?.createHash === 'function' ? hashed(crypto.createHash('sha256'), blob) : undefined;
}

/**
 * @param {{ update(chunk: Uint8Array): unknown, digest(encoding: 'hex'): string }} hash
 * @param {Blob} blob
 */
async function hashed(hash, blob) {
  for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (blob.stream()))) hash.update(chunk);
  return hash.digest('hex');
}
