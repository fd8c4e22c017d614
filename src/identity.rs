//! What makes two uploads the same file: the SHA-256 of the bytes, the
//! purpose, and the account they went to (the base URL, the API version,
//! a fingerprint of the key, never the key). The bytes are read from the
//! Blob a chunk at a time and hashed as they come, so a 100 MB file is never
//! held whole, let alone twice: by the platform's node:crypto where the
//! runtime has it (identity.js), else by sha2 in the wasm (pages: WebCrypto
//! digests one whole buffer, copied). Both give the same key, so a store is
//! shared between them. A second key marks that bytes of a size were
//! remembered at all, so that bytes of a size never seen are uploaded while
//! they are hashed, not after.

use js_sys::{Promise, Uint8Array};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::error::Error;
use crate::text::decimal;

/// The bytes read at a time: one buffer in wasm memory, reused
/// (wasm memory never shrinks: what one call takes, the module keeps).
const SLICE: usize = 256 << 10;

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        for nibble in [byte >> 4, byte & 15] {
            out.extend(char::from_digit(nibble.into(), 16));
        }
    }
    out
}

/// Tells keys apart without giving them away: the first 8 bytes of the
/// SHA-256 of its `Authorization` value, in hex (`none` for a client
/// without a key, behind a proxy that holds one).
pub(crate) fn key_fingerprint(authorization: Option<&str>) -> String {
    match authorization {
        Some(value) => hex(Sha256::digest(value.as_bytes())
            .get(..8)
            .unwrap_or_default()),
        None => "none".to_owned(),
    }
}

/// Where an upload went, the part of its keys after what names the bytes:
/// the purpose and the account (the base URL, the API version, a
/// fingerprint of the key).
pub(crate) fn scope(
    purpose: &str,
    base_url: &str,
    api_version: Option<&str>,
    fingerprint: &str,
) -> String {
    [
        " purpose:",
        purpose,
        " key:",
        fingerprint,
        " version:",
        api_version.unwrap_or("compatible"),
        " at:",
        base_url,
    ]
    .concat()
}

/// The key an upload is remembered by: the same bytes (`sha256`, in hex)
/// in the same `scope`, and nothing else, give the same key.
pub(crate) fn identity(sha256: &str, scope: &str) -> String {
    ["sha256:", sha256, scope].concat()
}

/// The key that marks a file of `size` bytes remembered in `scope`. Where
/// it is missing, no bytes of that size are remembered, so `ensure` need
/// not hash before it uploads: it hashes while the upload reads.
pub(crate) fn size_key(size: u64, scope: &str) -> String {
    ["bytes:", &decimal(size), scope].concat()
}

#[wasm_bindgen(module = "/src/identity.js")]
extern "C" {
    /// The SHA-256 of the Blob's bytes in hex: the one `remember_sha256`
    /// kept for this very Blob, else by the runtime's node:crypto, read a
    /// chunk at a time; `None` where there is neither. node:crypto is
    /// several times faster than sha2 in the wasm (docs/DESIGN.md).
    #[wasm_bindgen(js_name = platformSha256)]
    fn platform_sha256(blob: &Blob) -> Option<Promise>;
    /// Keeps a Blob's digest for as long as the Blob lives.
    #[wasm_bindgen(js_name = rememberSha256)]
    fn remember_sha256(blob: &Blob, sha256: &str);
}

/// The SHA-256 of a Blob's bytes, in hex. A Blob's bytes never change, so
/// each Blob is read once: `findUploaded` then `ensure` of one file (the
/// dashboard's check before its upload) hash it once, not twice.
pub(crate) async fn sha256_of(blob: &Blob) -> Result<String, Error> {
    let digest = read_sha256(blob).await?;
    remember_sha256(blob, &digest);
    Ok(digest)
}

/// The SHA-256 of a Blob's bytes, in hex: known, by the platform, or read
/// a slice at a time.
async fn read_sha256(blob: &Blob) -> Result<String, Error> {
    let unreadable = |err: wasm_bindgen::JsValue| {
        Error::invalid_argument(
            [
                "The file could not be read: ",
                &crate::transport::message_of(&err),
            ]
            .concat(),
        )
    };
    if let Some(hashing) = platform_sha256(blob) {
        let digest = JsFuture::from(hashing).await.map_err(unreadable)?;
        // Checked, not assumed: a key of another shape would match nothing.
        if let Some(digest) = digest.as_string().filter(|hex| hex.len() == 64) {
            return Ok(digest);
        }
    }
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; SLICE];
    let size = blob.size();
    let mut at = 0.0;
    while at < size {
        let slice = blob
            .slice_with_f64_and_f64(at, (at + SLICE as f64).min(size))
            .map_err(unreadable)?;
        let bytes = JsFuture::from(slice.array_buffer())
            .await
            .map_err(unreadable)?;
        let bytes = Uint8Array::new(&bytes);
        let read = bytes.length() as usize;
        let Some(place) = buffer.get_mut(..read).filter(|_| read > 0) else {
            break;
        };
        bytes.copy_to(place);
        hasher.update(place);
        at += read as f64;
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        assert_eq!(hex(&[0, 1, 0xab, 0xff]), "0001abff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn the_key_is_fingerprinted_never_kept() {
        let one = key_fingerprint(Some("Bearer sk-one"));
        assert_eq!(one.len(), 16);
        assert!(!one.contains("sk-one"));
        assert_eq!(one, key_fingerprint(Some("Bearer sk-one")));
        assert_ne!(one, key_fingerprint(Some("Bearer sk-two")));
        assert_eq!(key_fingerprint(None), "none");
    }

    #[test]
    fn every_part_of_the_identity_tells_uploads_apart() {
        let digest = hex(&Sha256::digest(b"abc"));
        assert_eq!(
            digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA-256 of abc"
        );
        let here = scope("file-extract", "https://a/v1", None, "k1");
        let base = identity(&digest, &here);
        assert_eq!(
            base,
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad \
             purpose:file-extract key:k1 version:compatible at:https://a/v1"
        );
        let others = [
            identity(&hex(&Sha256::digest(b"abd")), &here),
            identity(&digest, &scope("batch", "https://a/v1", None, "k1")),
            identity(&digest, &scope("file-extract", "https://b/v1", None, "k1")),
            identity(
                &digest,
                &scope(
                    "file-extract",
                    "https://a/v1",
                    Some("2026-09-01-beta"),
                    "k1",
                ),
            ),
            identity(&digest, &scope("file-extract", "https://a/v1", None, "k2")),
        ];
        for other in others {
            assert_ne!(other, base);
        }
    }

    #[test]
    fn the_size_key_is_the_scope_s_and_never_a_content_key() {
        let here = scope("batch", "https://a/v1", None, "k1");
        assert_eq!(
            size_key(5, &here),
            "bytes:5 purpose:batch key:k1 version:compatible at:https://a/v1"
        );
        assert_ne!(size_key(5, &here), size_key(6, &here));
        assert_ne!(
            size_key(5, &here),
            size_key(5, &scope("image", "https://a/v1", None, "k1"))
        );
        assert!(!size_key(5, &here).starts_with("sha256:"));
    }
}
