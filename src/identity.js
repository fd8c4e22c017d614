// The platform's own SHA-256 for `identity::sha256_of` (identity.rs beside it
// imports this by `#[wasm_bindgen(module)]`), where the runtime has one that
// hashes as the bytes come: node:crypto's, in Node, Deno, Bun and Workers
// with nodejs_compat. It hashes 100 MiB several times faster than the
// wasm's sha2 (docs/DESIGN.md, History: ensure's SHA-256 by the platform).
// WebCrypto's digest takes only a whole buffer, so pages keep the wasm's.
// And each Blob's digest once found, whichever found it: a Blob's bytes
// never change, so it is read once.

/** Each Blob's SHA-256 once found, for as long as the Blob lives. */
const digests = new WeakMap();

/**
 * The SHA-256 of `blob`'s bytes in hex: the one found before for this very
 * Blob, else read a chunk at a time; `undefined` where neither is (no
 * node:crypto: the wasm then hashes).
 * @param {Blob} blob
 * @returns {Promise<string> | undefined}
 */
export function platformSha256(blob) {
  const known = digests.get(blob);
  if (known !== undefined) return Promise.resolve(known);
  let crypto;
  try {
    const process = /** @type {any} */ (globalThis).process;
    crypto = typeof process?.getBuiltinModule === 'function' && process.getBuiltinModule('node:crypto');
  } catch {
    // Next's Edge runtime has a getBuiltinModule that throws when called:
    // no platform hash there. A throw would go through the wasm uncaught.
  }
  return typeof crypto?.createHash === 'function' ? hashed(crypto, blob) : undefined;
}

/**
 * In an async function, so that what throws is a rejection (a typed error).
 * @param {{ createHash(algorithm: 'sha256'): { update(chunk: Uint8Array): unknown, digest(encoding: 'hex'): string } }} crypto
 * @param {Blob} blob
 */
async function hashed(crypto, blob) {
  const hash = crypto.createHash('sha256');
  for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (blob.stream()))) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Keeps a Blob's SHA-256 (checked by the wasm) for as long as the Blob lives.
 * @param {Blob} blob
 * @param {string} sha256
 */
export const rememberSha256 = (blob, sha256) => {
  digests.set(blob, sha256);
};
