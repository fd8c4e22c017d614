//! What the JS face hands back that Rust builds (the service's answers are
//! the objects `JSON.parse` made, see `answer`): the progress and rate-limit
//! events (a wait's end as a Promise), and `extract`'s and `deleteMany`'s
//! results. Each is a serde type declared once, its TypeScript declaration from the same fields (tsify),
//! and made a plain JS object by serde-wasm-bindgen. Values that are JS
//! already (a file object, a text, an error) go through as they are
//! (`preserve`). The fields of an error stay built by hand (`error`): their
//! declarations are js/errors.js's, and through serde they would cost more
//! of the wasm than by hand (docs/DESIGN.md, serde-wasm-bindgen).

use js_sys::Promise;
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use crate::rate_limit_wait::{RateLimitWait, WaitEnded};

/// A plain JS object of `value`; serializing these types into JS cannot fail.
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    serde_wasm_bindgen::to_value(value).unwrap_or(JsValue::UNDEFINED)
}

/// What `onUploadProgress` is told: the file's bytes sent so far, and its size.
#[derive(Serialize, Tsify)]
pub struct UploadProgress {
    /// The file's bytes sent so far.
    pub loaded: f64,
    /// The file's size.
    pub total: f64,
}

/// What a client shows of itself (`console.log(client)`, `JSON.stringify`):
/// its settings, never its key.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientSettings {
    /// Where it sends.
    #[serde(rename = "baseURL")]
    pub base_url: String,
    /// Whether it holds a key (never the key).
    pub has_api_key: bool,
    /// The timeout of each attempt, in ms, where one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub timeout: Option<f64>,
    /// Retries of a failed attempt.
    pub max_retries: u32,
    /// The limits set up front.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_concurrency: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_requests_per_minute: Option<u32>,
    /// The dated API version it speaks, where it speaks one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub api_version: Option<String>,
}

/// What `onDeprecation` is told: the version the service retires, the date
/// it is refused after, and the warning's words.
#[derive(Serialize)]
pub struct DeprecationNotice {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sunset: Option<String>,
    pub message: String,
}

impl From<&crate::read::Deprecation> for DeprecationNotice {
    fn from(deprecation: &crate::read::Deprecation) -> Self {
        DeprecationNotice {
            version: deprecation.version.clone(),
            sunset: deprecation.sunset.clone(),
            message: deprecation.describe(),
        }
    }
}

/// What `files.extract` gives: the processed file (deleted since, unless kept) and its text.
#[derive(Serialize, Tsify)]
pub struct Extracted {
    /// The file as the service last described it.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "FileObject")]
    pub file: JsValue,
    /// Its extracted text.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string")]
    pub text: JsValue,
    /// Whether `maxChars` cut it.
    pub truncated: bool,
}

/// One id of `files.deleteMany`, and what became of it.
#[derive(Serialize, Tsify)]
pub struct DeleteResult {
    /// The id, as given.
    pub id: String,
    /// What became of it.
    #[tsify(type = "'deleted' | 'not_found' | 'failed'")]
    pub status: &'static str,
    /// Why it is not `deleted`.
    #[serde(
        skip_serializing_if = "JsValue::is_undefined",
        with = "serde_wasm_bindgen::preserve"
    )]
    #[tsify(optional, type = "MoonshotError")]
    pub error: JsValue,
}

/// What `onRateLimit` is told when a call waits for a rate limit: which, its
/// number, for how long where that is known (not while waiting for a call in
/// flight to end), and a promise of the wait's end.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitEvent {
    /// Which limit: requests in flight at once, requests a minute, tokens a
    /// minute or a day, or the service's overload.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "RateLimitKind")]
    pub limit: Option<&'static str>,
    /// Its number, as the service named it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limit_value: Option<f64>,
    /// How long, in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub wait_ms: Option<f64>,
    /// Resolves, once, when this wait is over: `'done'` when the call goes on
    /// (its turn came, or its retry is sent), `'aborted'` when its signal
    /// ended it. It never rejects.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Promise<'done' | 'aborted'>")]
    pub ended: JsValue,
}

impl From<RateLimitWait> for RateLimitEvent {
    fn from(wait: RateLimitWait) -> Self {
        RateLimitEvent {
            limit: wait.limit.map(|limit| limit.as_str()),
            limit_value: wait.limit_value.map(|value| value as f64),
            wait_ms: wait.wait.map(|wait| wait.as_millis() as f64),
            ended: promise_of(&wait.ended).into(),
        }
    }
}

/// A Promise of the wait's end. Made over `on_end`, not by awaiting the
/// end: polling it would cost the wasm more.
fn promise_of(ended: &WaitEnded) -> Promise {
    let mut resolver = None;
    let promise = Promise::new(&mut |resolve, _| resolver = Some(resolve));
    if let Some(resolve) = resolver {
        ended.on_end(move |end| {
            let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_str(end.as_str()));
        });
    }
    promise
}

/// A plain JS object of these fields, built by hand: for the few results
/// made of numbers and JS values, serde's code for each would cost the
/// wasm more than these sets.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &(*name).into(), value);
    }
    object.into()
}

// Declared here (its TypeScript type, by tsify), built by `usage`.
/// What `files.usage()` gives: the account's files and bytes, against its limits.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
// A declaration only: its TypeScript type. `allow`, not `expect`: an
// `expect` here made rustc 1.95 panic in an incremental clippy run.
#[allow(dead_code)]
pub struct Usage {
    /// Files in the account.
    pub file_count: f64,
    /// Their bytes, in all.
    pub total_bytes: f64,
    /// The most files it may hold (1,000).
    pub max_files: f64,
    /// The most bytes it may hold in all (10 GB).
    pub max_total_bytes: f64,
    /// The largest file it takes (100 MB).
    pub max_file_bytes: f64,
}

/// `Usage`'s object.
pub(crate) fn usage(usage: &crate::room::Usage) -> JsValue {
    object(&[
        ("fileCount", (usage.file_count as f64).into()),
        ("totalBytes", (usage.total_bytes as f64).into()),
        ("maxFiles", (usage.max_files as f64).into()),
        ("maxTotalBytes", (usage.max_total_bytes as f64).into()),
        ("maxFileBytes", (usage.max_file_bytes as f64).into()),
    ])
}

// Declared here, built by `room_made`.
/// What `files.makeRoom` gives: the files it deleted (or would, with
/// `dryRun`), oldest first, and the usage once they are gone.
#[derive(Tsify)]
// A declaration only: its TypeScript type. `allow`, not `expect`: an
// `expect` here made rustc 1.95 panic in an incremental clippy run.
#[allow(dead_code)]
pub struct RoomMade {
    /// The files deleted, oldest first, as the list gave them.
    #[tsify(type = "FileObject[]")]
    pub deleted: JsValue,
    /// The account's usage once they are gone.
    pub usage: Usage,
}

/// `RoomMade`'s object.
pub(crate) fn room_made(deleted: JsValue, usage: JsValue) -> JsValue {
    object(&[("deleted", deleted), ("usage", usage)])
}

/// What `files.ensure` gives (declared as `Ensured<V>`): the file, and
/// whether it was there already.
pub(crate) fn ensured(file: JsValue, reused: bool) -> JsValue {
    object(&[("file", file), ("reused", reused.into())])
}
