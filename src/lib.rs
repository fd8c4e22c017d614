//! A typed client for the Moonshot AI (Kimi) Files API, for Rust wasm apps
//! and, through the `js` feature and wasm-pack, for JavaScript.
//!
//! ```text
//! use moonshot_files::{ApiKey, Client, ClientConfig};
//!
//! let client = Client::new(ClientConfig::new(ApiKey::new("sk-...")?))?;
//! for file in client.files().list().await?.data {
//!     log(&format!("{} {} {}", file.id, file.filename, file.status.as_str()));
//! }
//! ```
//!
//! (Not compiled as a doctest: the calls need `wasm32`; `tests/wasm/main.rs`
//! runs them in Node and Chromium.)
//!
//! The core (types, decoding, errors, requests) compiles and is tested
//! natively; talking to `fetch` and the JS face need `wasm32`.
#![deny(missing_docs)]
// A panic aborts the wasm module for every later call: no input may reach one.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
// Natively only the core is built (and tested); the calls that use it need fetch.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod client;
pub mod config;
pub mod decode;
pub mod error;
mod files;
#[cfg(target_arch = "wasm32")]
mod http;
pub mod options;
mod platform;
mod request;
pub mod retry;
pub mod types;
pub mod upload;

#[cfg(all(feature = "js", target_arch = "wasm32"))]
mod js;

pub use client::Client;
pub use config::{ApiKey, ClientConfig, DEFAULT_BASE_URL};
pub use error::{ApiError, ApiErrorKind, Error, ErrorDetail, InvalidResponse};
pub use files::Files;
pub use options::{RequestOptions, WaitOptions};
pub use types::{FileDeleted, FileList, FileObject, FileStatus, Purpose};
pub use upload::FileUpload;
