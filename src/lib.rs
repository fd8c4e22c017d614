//! A typed client for the Moonshot AI (Kimi) Files API, for Rust wasm apps
//! and, through the `js` feature and wasm-bindgen, for JavaScript.
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
//! The layers, each a file: `types` (the answers: the one description of
//! them), `decode` (the Rust face's reading of answers), `error`, `config`,
//! `request` (what each call sends), `text` (messages without `core::fmt`), `retry` (when to send again),
//! `rate_limit` (what a 429 says of the account's limits), `limiter` (the
//! client keeping under them), `rate_limit_wait` (what the hook is told of a
//! call's wait, and its end), `upload`, `options`, `facts` (the service's
//! limits and formats), `room` (usage against them, and which files make
//! room), `platform` (page or server, the clock, timers),
//! `read` (an answer, and how a face reads it), `date` (the dated API's
//! times), `log` (the request log's levels and lines), `vision` (an
//! uploaded image or video in a chat message: `ms://<id>`), `transport` (the one place that talks to the network: `fetch`,
//! and `xhr` for upload progress in pages, over what they share), `calls`
//! (the one path of every call), `workflows` (calls chained), `ensure`
//! (one upload per content, over `identity`, `store` and `in_flight`),
//! `files` (the Rust face); `js` is the JS face, behind the `js` feature. No two of them
//! import each other.
#![deny(missing_docs)]
// An error is made once a failed call, and carries what support asks for
// (ids, the limit, the wait): its size costs nothing on the paths that succeed.
#![allow(clippy::result_large_err)]
// No `core::fmt` in the npm package's wasm (src/text.rs): clippy.toml refuses
// the macros that bring it in. Test code never reaches that wasm.
#![cfg_attr(
    test,
    allow(
        clippy::disallowed_macros,
        reason = "test code: compiled only into the test harness, never into the package's wasm"
    )
)]
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

mod calls;
mod client;
mod config;
mod date;
mod decode;
mod ensure;
mod error;
mod facts;
mod files;
mod identity;
mod in_flight;
mod limiter;
mod log;
mod options;
mod platform;
mod rate_limit;
mod rate_limit_wait;
mod read;
mod request;
mod retry;
mod room;
mod store;
mod text;
mod transport;
mod types;
mod upload;
mod vision;
mod workflows;

#[cfg(feature = "js")]
mod js;

#[cfg(test)]
mod generate;

#[cfg(doctest)]
mod stability;

pub use client::{Client, DeprecationHook};
pub use config::{
    ApiKey, ClientConfig, DATED_API_VERSION, DEFAULT_BASE_URL, DEFAULT_TIMEOUT,
    DEFAULT_UPLOAD_TIMEOUT,
};
pub use ensure::{EnsureOptions, Ensured};

pub use error::{
    AnswerIds, ApiError, ApiErrorKind, ConnectionKind, DecodeError, Error, InvalidResponse,
};
pub use facts::{MAX_FILES, MAX_FILE_BYTES, MAX_TOTAL_BYTES};
pub use files::{DatedFiles, Files};
pub use log::{LogLevel, Logger, DEFAULT_LOG_LEVEL};
pub use options::{RequestOptions, WaitOptions};
pub use rate_limit::Limit;
pub use rate_limit_wait::{RateLimitHook, RateLimitWait, WaitEnd, WaitEnded};
pub use read::Deprecation;
pub use request::Page;
pub use retry::{DEFAULT_MAX_RETRIES, MAX_RETRY_AFTER};
pub use room::Usage;
pub use store::{MemoryStore, StoreFuture, UploadStore};
pub use types::{
    ExtractStatus, FileDeleted, FileList, FileMetadata, FileObject, FilePage, FileStatus, Purpose,
};
pub use upload::{FileUpload, UploadProgress};
pub use vision::{file_ref, image_part, video_part, ContentPart, FileOrId, MediaUrl};
pub use workflows::{
    DeleteOutcome, DeleteResult, ExtractOptions, Extracted, MakeRoom, PruneFilter, RoomMade,
    DEFAULT_CONCURRENCY, MAX_CONCURRENCY,
};

/// The internals the fuzz targets (fuzz/) drive: built only by cargo-fuzz,
/// which passes `--cfg fuzzing`; no part of the API.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    use crate::decode::json;
    use crate::error::DecodeError;
    use crate::types::{ContentDocument, ErrorBody};

    pub use crate::retry::{
        asked, backoff, decide, overload_backoff, server_delay, Outcome, Replay, RetryAfter,
    };

    /// The body decoded as every answer there is, as the Rust face does.
    pub fn decode_every_shape(body: &str) -> Vec<Result<(), DecodeError>> {
        vec![
            json::<crate::FileList>(body).map(drop),
            json::<crate::FileObject>(body).map(drop),
            json::<crate::FileDeleted>(body).map(drop),
            json::<ContentDocument>(body).map(drop),
            json::<ErrorBody>(body).map(drop),
        ]
    }

    /// Reads an error answer as the Rust face does.
    pub fn api_error(status: u16, body: &str) -> crate::ApiError {
        crate::decode::api_error(status, body, crate::error::AnswerIds::default())
    }

    /// The multipart framing of an upload of this name.
    pub fn multipart_frame(purpose: &str, filename: &str, file_type: &str) -> (String, String) {
        crate::upload::multipart_frame("--fuzz", purpose, filename, file_type)
    }
}
