//! The JS face's arguments, each object declared once (`arguments!`): its
//! struct, its TypeScript declaration (tsify) and its reader come from the
//! same list of fields. Values that stay JS (an `AbortSignal`, a `Blob`, a
//! callback) are kept as they are. A wrong value is refused with an
//! `InvalidArgumentError` that names the option: "In the request options,
//! timeout must be a number of milliseconds."
//!
//! A call's options object is read by each struct that applies to it (the
//! request options of every call, the wait options of a wait, ...): each
//! takes its own fields and leaves the others.
//!
//! Not serde-wasm-bindgen: reading these objects through it cost more than
//! a quarter of the wasm (docs/DESIGN.md, serde-wasm-bindgen).

use std::time::Duration;

use js_sys::{Array, Function, Reflect};
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Blob};

use crate::config::{check_timer, MAX_TIMER};
use crate::error::Error;
use crate::platform;
use crate::text::decimal;
use crate::types::{FileStatus, Purpose};
use crate::workflows::MAX_CONCURRENCY;

/// Declares an arguments object once: its struct, its TypeScript
/// declaration (tsify, from the same fields) and its reader. Each field
/// names its JS name, the function that reads its value, and its TS type.
macro_rules! arguments {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $(
                $(#[$doc:meta])*
                $field:ident: $ty:ty = $js:literal, read by $read:ident, typed $ts:literal;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Tsify, Default)]
        pub struct $name {
            $(
                $(#[$doc])*
                #[serde(rename = $js)]
                #[tsify(optional, type = $ts)]
                pub(crate) $field: Option<$ty>,
            )*
        }

        impl $name {
            /// The object's JS names.
            pub(crate) const NAMES: &'static [&'static str] = &[$($js),*];

            /// Reads the object (`undefined` and `null`: none given). Out of
            /// line: `UploadOptions` and others are read by several methods.
            #[inline(never)]
            pub(crate) fn read(value: &JsValue) -> Result<Self, Error> {
                if value.is_undefined() || value.is_null() {
                    return Ok(Self::default());
                }
                if !value.is_object() {
                    return Err(Error::invalid_argument(concat!("The ", $what, " must be an object.")));
                }
                Ok(Self {
                    $( $field: field(value, $what, $js, $read)?, )*
                })
            }
        }
    };
}

/// One field of an arguments object: `None` when absent, `undefined` or
/// `null`; refused, naming it, when its reader refuses the value.
fn field<T>(
    object: &JsValue,
    what: &str,
    name: &str,
    read: fn(JsValue) -> Result<T, String>,
) -> Result<Option<T>, Error> {
    let Some(value) = present(object, name) else {
        return Ok(None);
    };
    read(value)
        .map(Some)
        .map_err(|expected| wrong(what, name, &expected))
}

/// A field's value, unless absent, `undefined` or `null`. Out of line: one
/// copy for the fields of every type.
#[inline(never)]
fn present(object: &JsValue, name: &str) -> Option<JsValue> {
    let value = Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED);
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// Refuses a name in `value` that none of `names` has: a misspelt option
/// would otherwise be ignored ("In the request options, \"timout\" is not
/// an option: did you mean \"timeout\"?"). `undefined` and `null` pass.
pub(crate) fn known(value: &JsValue, what: &str, names: &[&[&str]]) -> Result<(), Error> {
    if !value.is_object() {
        return Ok(());
    }
    let all = || names.iter().flat_map(|names| names.iter().copied());
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if all().any(|name| name == key) {
            continue;
        }
        let hint = match crate::text::closest(&key, all()) {
            Some(name) => [": did you mean \"", name, "\"?"].concat(),
            None => {
                let listed: Vec<&str> = all().collect();
                [" (it takes ", &listed.join(", "), ")."].concat()
            }
        };
        return Err(Error::invalid_argument(
            ["In the ", what, ", \"", &key, "\" is not an option", &hint].concat(),
        ));
    }
    Ok(())
}

/// The error of an argument's field that is missing or not what it must be:
/// "In the request options, timeout must be a number of milliseconds."
pub(crate) fn wrong(what: &str, name: &str, expected: &str) -> Error {
    Error::invalid_argument(["In the ", what, ", ", name, " must be ", expected, "."].concat())
}

arguments! {
    /// The options of `new Moonshot(options)`.
    ClientOptions, "client options" {
        /// The API key. Defaults to `process.env.MOONSHOT_API_KEY` where there
        /// is one; leave it out in a browser talking to a proxy that holds the key.
        api_key: String = "apiKey", read by text, typed "string";
        /// The API's base URL; defaults to `process.env.MOONSHOT_BASE_URL`,
        /// then `https://api.moonshot.cn/v1`.
        base_url: String = "baseURL", read by text, typed "string";
        /// The timeout of each attempt, in ms (default 60 000; uploads 600 000).
        timeout: Duration = "timeout", read by millis, typed "number";
        /// Retries of a failed attempt that may pass when repeated (default 2).
        max_retries: u32 = "maxRetries", read by count, typed "number";
        /// Lets a client holding `apiKey` start in a browser, where anyone who
        /// opens the page can read the key. Default false.
        dangerously_allow_browser: bool = "dangerouslyAllowBrowser", read by flag, typed "boolean";
        /// Requests in flight at once, at most, for an account whose tier
        /// allows that many (the lowest allows 1). Default: as many as the
        /// service lets through; its 429 "max concurrency: N" sets it to N.
        max_concurrency: u32 = "maxConcurrency", read by positive, typed "number";
        /// Requests started in any minute, at most (the lowest tier allows
        /// 3). Default: as the service lets through; its 429 "max RPM: N" sets it.
        max_requests_per_minute: u32 = "maxRequestsPerMinute", read by positive, typed "number";
        /// Called each time a call waits for a rate limit: a 429's wait before
        /// its retry, or its turn under a limit in force. The event's `ended`
        /// resolves once that wait is over.
        on_rate_limit: Function = "onRateLimit", read by callback, typed "(event: RateLimitEvent) => void";
        /// The `fetch` to send with, called as `fetch(url, init)`; default the global one.
        fetch: Function = "fetch", read by callback, typed "(url: string, init: RequestInit) => Promise<Response>";
        /// Headers sent with every request (a proxy's own, say); they replace
        /// the client's own of the same name, but for the body's.
        default_headers: Vec<(String, String)> = "defaultHeaders", read by header_map, typed "Record<string, string>";
        /// A dated version of the API (`'2026-09-01-beta'`), sent as
        /// `kimi-api-version`; defaults to `process.env.MOONSHOT_API_VERSION`,
        /// then none: the compatible API. Declared by the constructor
        /// (`{ apiVersion?: V }`), not here: a `ClientOptions` value keeps
        /// the compatible types, and a literal version picks the dated ones.
        #[serde(skip)]
        api_version: String = "apiVersion", read by text, typed "string";
        /// Told once per client when the service says its API version is
        /// retired; default: a warning through the `logger`. `() => {}` silences it.
        on_deprecation: Function = "onDeprecation", read by callback, typed "(notice: { version?: string; sunset?: string; message: string }) => void";
        /// How much the client logs, openai-node's levels: `'info'` writes a
        /// line each attempt and each rate-limit wait, `'debug'` also their
        /// headers (secrets hidden) and sizes. Defaults to
        /// `process.env.MOONSHOT_LOG`, then `'warn'`.
        log_level: String = "logLevel", read by text, typed "LogLevel";
        /// Where the lines go: any object with `error`, `warn`, `info` and
        /// `debug` methods (pino, winston, ...); default `console`.
        logger: JsValue = "logger", read by logger, typed "Logger";
    }
}

arguments! {
    /// `files.list(params)`: which files (the request options may go here too).
    ListParams, "list parameters" {
        /// Only files of this purpose. The service lists every file: the
        /// client keeps those of this purpose.
        purpose: String = "purpose", read by known_purpose, typed "Purpose";
        /// The dated API's page: files a page, 1 to 1000 (none: the whole list).
        page_size: u32 = "pageSize", read by positive, typed "number";
        /// The dated API's page to start from: the last page's `next_page_token`.
        page_token: String = "pageToken", read by text, typed "string";
    }
}

arguments! {
    /// The options every call takes as its last argument.
    RequestOptions, "request options" {
        /// The timeout of each attempt of this call, in ms.
        timeout: Duration = "timeout", read by millis, typed "number";
        /// Retries of this call.
        max_retries: u32 = "maxRetries", read by count, typed "number";
        /// Aborts the call (and any wait in it); it rejects with `AbortError`.
        signal: AbortSignal = "signal", read by signal, typed "AbortSignal";
    }
}

arguments! {
    /// How `waitForProcessing` (and `extract`) poll.
    WaitOptions, "wait options" {
        /// The pause between two looks, in ms (default 5 000).
        poll_interval: Duration = "pollInterval", read by millis, typed "number";
        /// The longest wait, in ms (default 30 minutes); then `WaitTimeoutError`.
        max_wait: Duration = "maxWait", read by millis, typed "number";
    }
}

arguments! {
    /// `files.create(params)`: what to upload (`file` and `purpose` are required).
    FileCreateParams, "upload parameters" {
        /// The bytes: a `File` or `Blob` (Node: `fs.openAsBlob(path)`), a Node
        /// `fs.ReadStream`, or an `ArrayBuffer` / `Uint8Array` / `Buffer`, a
        /// fetch `Response` or an async iterable of bytes with a `filename`.
        file: Blob = "file", read by bytes, typed "Blob | ArrayBuffer | ArrayBufferView | UploadStream";
        /// What the file is for.
        purpose: String = "purpose", read by text, typed "Purpose";
        /// The name to record; defaults to the `File`'s own name.
        filename: String = "filename", read by text, typed "string";
        /// Sends a purpose this version does not know instead of refusing it.
        allow_unknown_purpose: bool = "allowUnknownPurpose", read by flag, typed "boolean";
    }
}

arguments! {
    /// `files.extract(params)`: the file to read (`file` is required).
    ExtractParams, "extract parameters" {
        /// The bytes, as for `files.create`.
        file: Blob = "file", read by bytes, typed "Blob | ArrayBuffer | ArrayBufferView | UploadStream";
        /// The name to record; defaults to the `File`'s own name.
        filename: String = "filename", read by text, typed "string";
    }
}

arguments! {
    /// What `extract` keeps: the file, and how much of its text. These may
    /// go with the params or with the options.
    ExtractChoices, "extract options" {
        /// Keeps the uploaded file instead of deleting it (default false).
        keep: bool = "keep", read by flag, typed "boolean";
        /// Cuts the text to at most this many UTF-16 code units (`text.length`).
        max_chars: usize = "maxChars", read by size, typed "number";
    }
}

arguments! {
    /// `files.create` and `files.extract` report the upload's bytes as they go.
    UploadOptions, "upload options" {
        /// Called with `{ loaded, total }` (the file's bytes, of its size) as the
        /// upload goes out: never decreasing, the last call with `loaded === total`.
        on_upload_progress: Function = "onUploadProgress", read by callback, typed "(progress: UploadProgress) => void";
        /// The dated API's `Idempotency-Key` of this upload (at most 255
        /// characters): a repeat is answered with the first answer, never a
        /// second file. Default on a dated client: one made for the call.
        idempotency_key: String = "idempotencyKey", read by text, typed "string";
        /// When the service refuses the upload because the account holds
        /// its most files (1,000) or bytes (10 GB): deletes the oldest files
        /// until it fits (as `makeRoom`), then sends it once more. Default false.
        make_room: bool = "makeRoom", read by flag, typed "boolean";
    }
}

arguments! {
    /// `files.deleteMany(ids, options)`.
    DeleteManyOptions, "delete options" {
        /// Deletions under way at once, 1 to 32 (default 4).
        concurrency: usize = "concurrency", read by concurrency, typed "number";
    }
}

arguments! {
    /// `files.prune(filter)`: which files go. Every criterion given must
    /// hold; at least one is needed, but for a `dryRun`.
    PruneFilter, "prune filter" {
        /// Only files of this purpose.
        purpose: String = "purpose", read by known_purpose, typed "Purpose";
        /// Only files in this state (`'ready'` takes `'ok'` too).
        status: String = "status", read by known_status, typed "FileStatus";
        /// Only files uploaded before this `Date`, or longer ago than this many ms.
        older_than: Duration = "olderThan", read by age, typed "Date | number";
        /// Spares the newest this many of the matching files.
        keep_newest: usize = "keepNewest", read by size, typed "number";
        /// Deletes nothing: gives the files that would go.
        dry_run: bool = "dryRun", read by flag, typed "boolean";
    }
}

arguments! {
    /// `files.makeRoom(room)`: room for `files` more files of `bytes` in
    /// all, made by deleting the oldest files the filter allows.
    RoomParams, "room" {
        /// Files that must fit (default 0).
        files: u64 = "files", read by whole_count, typed "number";
        /// Bytes that must fit, in all (default 0).
        bytes: u64 = "bytes", read by whole_count, typed "number";
        /// Only files of this purpose may go.
        purpose: String = "purpose", read by known_purpose, typed "Purpose";
        /// Only files uploaded before this `Date`, or longer ago than this many ms, may go.
        older_than: Duration = "olderThan", read by age, typed "Date | number";
        /// Deletes nothing: gives the files that would go.
        dry_run: bool = "dryRun", read by flag, typed "boolean";
    }
}

arguments! {
    /// Where `ensure` and `findUploaded` remember which file holds which bytes.
    EnsureOptions, "ensure options" {
        /// The store: `{ get(key), set(key, fileId), delete(key) }`, each
        /// sync or async (a `Map` will do; `moonshot-files/stores/file` and
        /// `moonshot-files/stores/indexeddb` keep it across runs). Default:
        /// the client's memory.
        store: JsValue = "store", read by store, typed "UploadStore";
    }
}

/// The client's settings from `process.env`, where the runtime has one.
pub(crate) fn env(name: &str) -> Option<String> {
    let process = Reflect::get(&js_sys::global(), &"process".into()).ok()?;
    let env = Reflect::get(&process, &"env".into()).ok()?;
    Reflect::get(&env, &name.into())
        .ok()?
        .as_string()
        .filter(|value| !value.is_empty())
}

/// A file id: a string, or a file object (as `create` or `list` gave it) for its `id`.
pub(crate) fn file_id(value: &JsValue) -> Result<String, Error> {
    id_of(value).ok_or_else(|| {
        Error::invalid_argument(
            "The file must be its id, such as clg681objj8g9m7n4je0, or a file object with one.",
        )
    })
}

fn id_of(value: &JsValue) -> Option<String> {
    value.as_string().or_else(|| {
        value
            .is_object()
            .then(|| Reflect::get(value, &"id".into()).ok()?.as_string())
            .flatten()
    })
}

/// The purpose a file object names, where it names one (an id names none).
pub(crate) fn file_purpose(value: &JsValue) -> Option<String> {
    value
        .is_object()
        .then(|| Reflect::get(value, &"purpose".into()).ok()?.as_string())?
}

/// File ids: an array of ids or file objects.
pub(crate) fn file_ids(value: &JsValue) -> Result<Vec<String>, Error> {
    let refused =
        || Error::invalid_argument("The files must be an array of ids or of file objects.");
    let array = value.dyn_ref::<Array>().ok_or_else(refused)?;
    array
        .iter()
        .map(|id| id_of(&id).ok_or_else(refused))
        .collect()
}

// ---- the field readers: a present value, or what the field takes ----

fn text(v: JsValue) -> Result<String, String> {
    v.as_string().ok_or_else(|| "a string".into())
}

/// A purpose the service documents: a filter of any other matches nothing,
/// which a misspelling would make look like an empty account.
fn known_purpose(v: JsValue) -> Result<String, String> {
    let purpose = v.as_string().unwrap_or_default();
    let known = Purpose::KNOWN.iter().map(Purpose::as_str);
    one_of(purpose, known)
}

/// A status the service documents, as [`known_purpose`].
fn known_status(v: JsValue) -> Result<String, String> {
    let status = v.as_string().unwrap_or_default();
    let known = FileStatus::KNOWN.iter().map(FileStatus::as_str);
    one_of(status, known)
}

fn one_of<'a>(
    value: String,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Result<String, String> {
    if known.clone().any(|name| name == value) {
        return Ok(value);
    }
    let listed: Vec<&str> = known.collect();
    Err(["one of ", &listed.join(", "), " (got \"", &value, "\")"].concat())
}

fn flag(v: JsValue) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| "true or false".into())
}

fn millis(v: JsValue) -> Result<Duration, String> {
    let range = || {
        [
            "a number of milliseconds between 1 and ",
            &decimal(i32::MAX.unsigned_abs().into()),
        ]
        .concat()
    };
    let ms = v
        .as_f64()
        .ok_or_else(|| "a number of milliseconds".to_owned())?;
    if !ms.is_finite() || ms <= 0.0 || ms > MAX_TIMER.as_millis() as f64 {
        return Err(range());
    }
    // Whole microseconds: integer arithmetic, no float-to-Duration panics.
    check_timer(Duration::from_micros((ms * 1000.0).round() as u64), "").map_err(|_| range())
}

/// A whole number within `low..=high`.
fn whole(v: &JsValue, low: f64, high: f64) -> Option<f64> {
    v.as_f64()
        .filter(|n| n.fract() == 0.0 && (low..=high).contains(n))
}

fn count(v: JsValue) -> Result<u32, String> {
    whole(&v, 0.0, f64::from(u32::MAX))
        .map(|n| n as u32)
        .ok_or_else(|| "a whole number, 0 or more".into())
}

/// A whole number up to 2^53 (byte counts past a u32 included).
fn whole_count(v: JsValue) -> Result<u64, String> {
    whole(&v, 0.0, 9_007_199_254_740_991.0)
        .map(|n| n as u64)
        .ok_or_else(|| "a whole number, 0 or more".into())
}

fn positive(v: JsValue) -> Result<u32, String> {
    whole(&v, 1.0, f64::from(u32::MAX))
        .map(|n| n as u32)
        .ok_or_else(|| "a whole number, 1 or more".into())
}

fn size(v: JsValue) -> Result<usize, String> {
    count(v).map(|n| n as usize)
}

fn concurrency(v: JsValue) -> Result<usize, String> {
    whole(&v, 1.0, MAX_CONCURRENCY as f64)
        .map(|n| n as usize)
        .ok_or_else(|| {
            [
                "a whole number from 1 to ",
                &decimal(MAX_CONCURRENCY as u64),
            ]
            .concat()
        })
}

/// An object of header names to string values.
fn header_map(v: JsValue) -> Result<Vec<(String, String)>, String> {
    let refused = || "an object of header names to strings".to_owned();
    if !v.is_object() || Array::is_array(&v) {
        return Err(refused());
    }
    js_sys::Object::entries(v.unchecked_ref::<js_sys::Object>())
        .iter()
        .map(|entry| {
            let pair: Array = entry.unchecked_into();
            Ok((
                text(pair.get(0))?,
                pair.get(1).as_string().ok_or_else(refused)?,
            ))
        })
        .collect()
}

/// An object with the four methods a line may go to (openai-node's `Logger`).
// Out of line, as `config_from`: the constructor is smaller so.
#[inline(never)]
fn logger(v: JsValue) -> Result<JsValue, String> {
    let has = |method: &&str| {
        Reflect::get(&v, &(*method).into()).is_ok_and(|method| method.is_function())
    };
    if v.is_object() && ["error", "warn", "info", "debug"].iter().all(has) {
        return Ok(v);
    }
    Err("an object with error, warn, info and debug methods (console, pino, ...)".into())
}

/// An object with `get`, `set` and `delete` methods.
fn store(v: JsValue) -> Result<JsValue, String> {
    let method = |name: &str| Reflect::get(&v, &name.into()).is_ok_and(|f| f.is_function());
    if v.is_object() && method("get") && method("set") && method("delete") {
        return Ok(v);
    }
    Err("an object with get, set and delete methods (a Map will do)".into())
}

fn signal(v: JsValue) -> Result<AbortSignal, String> {
    v.dyn_into().map_err(|_| "an AbortSignal".into())
}

fn callback(v: JsValue) -> Result<Function, String> {
    v.dyn_into().map_err(|_| "a function".into())
}

/// A `Date` (files before it) or a number of ms (files older than that).
fn age(v: JsValue) -> Result<Duration, String> {
    let ms = match v.dyn_ref::<js_sys::Date>() {
        Some(date) => (platform::now_ms() - date.get_time()).max(0.0),
        None => v
            .as_f64()
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
            .ok_or_else(|| "a Date or a number of milliseconds, 0 or more".to_owned())?,
    };
    Ok(Duration::from_millis(ms as u64))
}

pub(crate) const BYTES: &str =
    "a File, a Blob, an ArrayBuffer, a Uint8Array, a fetch Response or a stream of bytes \
     (Node: a Buffer, fs.openAsBlob(path) or fs.createReadStream(path))";

/// A Blob as it is, or the bytes of an ArrayBuffer or view wrapped in one:
/// either way the bytes stay in JS, never copied into wasm memory.
fn bytes(v: JsValue) -> Result<Blob, String> {
    if let Some(blob) = v.dyn_ref::<Blob>() {
        return Ok(blob.clone());
    }
    if v.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(&v) {
        return Blob::new_with_buffer_source_sequence(&Array::of1(&v))
            .map_err(|_| "bytes the platform's Blob takes".into());
    }
    Err(BYTES.into())
}

/// The name a `File` carries, where the file is one.
pub(crate) fn own_name(file: &Blob) -> Option<String> {
    Reflect::get(file, &"name".into()).ok()?.as_string()
}
