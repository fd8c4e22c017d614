//! The JS face: the `Moonshot` class and its `files`, a thin binding over
//! the calls both faces share (`calls`, `workflows`). Each method reads its
//! arguments (`options`), runs the shared call with the JS reader
//! (`answer`: plain objects from the engine's JSON.parse), and hands back a
//! Promise of them, or of an error of the JS classes (`error`).

mod answer;
mod error;
mod options;
mod results;
mod store;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Promise};
use tsify::Ts;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use self::answer::JsAnswers;
use self::options as arg;
use crate::calls::Calls;
use crate::config::{ApiKey, ClientConfig, DEFAULT_BASE_URL};
use crate::ensure::EnsureOptions;
use crate::error::Error;
use crate::options::{RequestOptions, WaitOptions};
use crate::request::Page;
use crate::types::{FileStatus, Purpose};
use crate::upload::{FileUpload, UploadProgress};
use crate::workflows::{DeleteOutcome, ExtractOptions, MakeRoom, PruneFilter, DEFAULT_CONCURRENCY};
use crate::Client;

// The npm package's allocator: talc, made for wasm, smaller there than
// dlmalloc (docs/DESIGN.md, talc). The wasm runs on one thread: the lock it
// assumes is never contended.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

#[wasm_bindgen(typescript_custom_section)]
const ANSWER_TYPES: &str = r#"
/** Which of the account's rate limits: requests in flight at once, requests a minute, tokens a minute or a day, or the service's overload. */
export type RateLimitKind = 'concurrency' | 'rpm' | 'tpm' | 'tpd' | 'overloaded';
/** An upload needs a name: a `File`'s own, a Node `fs.ReadStream`'s path, or a `filename` given with any other bytes (a `Blob`, `fs.openAsBlob`, `Bun.file`, a buffer, a fetch `Response`, a stream). */
export type NamedFile = { file: File } | { file: AsyncIterable<unknown> & { path: unknown } } | { filename: string };
/** A fetch `Response`, where the project's types declare one. */
export type FetchResponse = typeof globalThis extends { Response: abstract new (...args: any[]) => infer R } ? R : { arrayBuffer(): Promise<ArrayBuffer>; blob(): unknown; text(): Promise<string>; readonly headers: { get(name: string): string | null }; readonly status: number; readonly url: string };
/** Bytes an upload takes besides a Blob or a buffer: a fetch `Response`, a Node `fs.ReadStream` or any async iterable of bytes (read once, never held twice). */
export type UploadStream = FetchResponse | AsyncIterable<Uint8Array | string>;
/** A file's stored bytes: the platform's `Response` (`arrayBuffer()`, `text()`, `body`, `headers`). */
export type DownloadedFile = FetchResponse;
/** The API version a client speaks: a dated one (`'2026-09-01-beta'`), or `undefined` for the compatible API. It picks the answers' shapes. */
export type ApiVersion = string | undefined;
/** A file as a client of version `V` describes it: a `FileMetadata` on the dated API, else a `FileObject`. */
export type FileOf<V extends ApiVersion> = [V] extends [string] ? FileMetadata : FileObject;
/** A list as a client of version `V` gives it: one `FilePage` on the dated API, else the `FileList`. */
export type ListOf<V extends ApiVersion> = [V] extends [string] ? FilePage : FileList;
/** What `files.list()` gives: a promise of the list (one page on the dated API), and with `for await`, every file, following `next_page_token`. */
export type ListCall<V extends ApiVersion> = Promise<ListOf<V>> & AsyncIterable<FileOf<V>>;
/** Where `ensure` remembers which file holds which bytes: a file id by key, each method sync or async (a `Map<string, string>` will do). */
export interface UploadStore { get(key: string): string | undefined | null | Promise<string | undefined | null>; set(key: string, fileId: string): unknown; delete(key: string): unknown }
/** What `files.ensure` gives: the file holding the bytes, and whether it was there already (`reused: true`: nothing was uploaded). */
export type Ensured<V extends ApiVersion> = { file: FileOf<V>; reused: boolean };
"#;

// The arguments whose declarations combine several: each an extern type, so
// that `Option<_>` makes an options argument optional (`?`) in the
// declarations, as it is, and an upload's parameters say it needs a name.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ListParams & RequestOptions")]
    pub type ListParamsArg;
    #[wasm_bindgen(typescript_type = "ClientOptions & { apiVersion?: V }")]
    pub type ClientOptionsArg;
    #[wasm_bindgen(typescript_type = "FileCreateParams & NamedFile")]
    pub type CreateParamsArg;
    #[wasm_bindgen(typescript_type = "ExtractParams & ExtractChoices & NamedFile")]
    pub type ExtractParamsArg;
    #[wasm_bindgen(typescript_type = "RequestOptions & UploadOptions")]
    pub type CreateOptionsArg;
    #[wasm_bindgen(typescript_type = "RequestOptions & WaitOptions")]
    pub type WaitOptionsArg;
    #[wasm_bindgen(
        typescript_type = "RequestOptions & UploadOptions & WaitOptions & ExtractChoices"
    )]
    pub type ExtractOptionsArg;
    #[wasm_bindgen(typescript_type = "RequestOptions & DeleteManyOptions")]
    pub type DeleteManyOptionsArg;
    #[wasm_bindgen(typescript_type = "RequestOptions & UploadOptions & EnsureOptions")]
    pub type EnsureOptionsArg;
    #[wasm_bindgen(typescript_type = "RequestOptions & EnsureOptions")]
    pub type FindUploadedOptionsArg;
}

/// A Moonshot Files API client: `new Moonshot({ apiKey, baseURL })`.
#[wasm_bindgen(js_name = Moonshot)]
pub struct JsMoonshot {
    files: JsValue,
    client: Client,
}

#[wasm_bindgen(js_class = Moonshot)]
impl JsMoonshot {
    /// Checks the options and makes a client; throws `InvalidArgumentError`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<ClientOptionsArg>) -> Result<JsMoonshot, JsValue> {
        let options = given(options);
        arg::known(&options, "client options", &[arg::ClientOptions::NAMES])
            .map_err(error::to_js)?;
        let options = arg::ClientOptions::read(&options).map_err(error::to_js)?;
        let (on_rate_limit, fetch) = (options.on_rate_limit.clone(), options.fetch.clone());
        let on_deprecation = options.on_deprecation.clone();
        let mut client = config_from(options)
            .and_then(Client::new)
            .map_err(error::to_js)?;
        if let Some(callback) = on_rate_limit {
            client = client.with_rate_limit_hook(Rc::new(move |wait| {
                // A callback that throws is the caller's: the call goes on.
                let event = results::to_js(&results::RateLimitEvent::from(wait));
                let _ = callback.call1(&JsValue::UNDEFINED, &event);
            }));
        }
        if let Some(fetch) = fetch {
            client = client.with_fetch(fetch);
        }
        if let Some(callback) = on_deprecation {
            client = client.with_deprecation_hook(Rc::new(move |notice| {
                let _ = callback.call1(
                    &JsValue::UNDEFINED,
                    &results::to_js(&results::DeprecationNotice::from(notice)),
                );
            }));
        }
        Ok(JsMoonshot {
            files: JsFiles {
                client: client.clone(),
            }
            .into(),
            client,
        })
    }

    /// The client's settings, never its key: what `console.log(client)` and
    /// `JSON.stringify(client)` show.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ClientSettings")]
    pub fn to_json(&self) -> JsValue {
        let config = self.client.config();
        results::to_js(&results::ClientSettings {
            base_url: config.base_url.clone(),
            has_api_key: config.api_key.is_some(),
            timeout: config.timeout.map(|timeout| timeout.as_millis() as f64),
            max_retries: config.max_retries,
            max_concurrency: config.max_concurrency,
            max_requests_per_minute: config.max_requests_per_minute,
            api_version: config.api_version.clone(),
        })
    }

    /// The Files resource: `client.files.list()`.
    #[wasm_bindgen(getter, unchecked_return_type = "Files<V>")]
    pub fn files(&self) -> JsValue {
        self.files.clone()
    }
}

const NO_KEY: &str = "No API key: pass apiKey to new Moonshot({ apiKey }), or set the \
                      MOONSHOT_API_KEY environment variable.";

fn config_from(options: arg::ClientOptions) -> Result<ClientConfig, Error> {
    let api_key = options.api_key.or_else(|| arg::env("MOONSHOT_API_KEY"));
    let base_url = options
        .base_url
        .or_else(|| arg::env("MOONSHOT_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let mut config = match api_key {
        Some(key) => ClientConfig::new(ApiKey::new(key)?).with_base_url(&base_url)?,
        // A page talks to a server of its own that holds the key; a server
        // without one would only learn of it from a 401 on its first call.
        None if !crate::platform::in_browser() => return Err(Error::invalid_argument(NO_KEY)),
        None => ClientConfig::keyless(&base_url)?,
    };
    config.timeout = options.timeout;
    config.max_retries = options.max_retries.unwrap_or(config.max_retries);
    config.dangerously_allow_browser = options.dangerously_allow_browser.unwrap_or(false);
    config.max_concurrency = options.max_concurrency;
    config.max_requests_per_minute = options.max_requests_per_minute;
    for (name, value) in options.default_headers.unwrap_or_default() {
        config = config.with_header(&name, &value)?;
    }
    if let Some(version) = options
        .api_version
        .or_else(|| arg::env("MOONSHOT_API_VERSION"))
    {
        config = config.with_api_version(&version)?;
    }
    Ok(config)
}

/// The calls on the account's files: `client.files`.
#[wasm_bindgen(js_name = Files)]
pub struct JsFiles {
    client: Client,
}

#[wasm_bindgen(js_class = Files)]
impl JsFiles {
    /// Every file of the account: `{ object: 'list', data: FileObject[] }`;
    /// with `purpose`, only those of it (the service lists them all: the
    /// client keeps those). The request options go with the params or after.
    #[wasm_bindgen(unchecked_return_type = "ListCall<V>")]
    pub fn list(
        &self,
        params: Option<ListParamsArg>,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        let params = given(params);
        // Given apart, the params take the list's own names and the
        // options the request options, each refusing the other's.
        let (options, takes, names) = match options {
            Some(options) => (JsValue::from(options), REQUEST, LIST_PARAMS),
            None => (params.clone(), LIST, LIST.1),
        };
        self.call(options, takes, move |calls, _| async move {
            arg::known(&params, "list parameters", names)?;
            let params = arg::ListParams::read(&params)?;
            let page = Page {
                size: params.page_size,
                token: params.page_token,
            };
            let purpose = params.purpose.as_deref().map(Purpose::from);
            calls.list_of(purpose, &page).await
        })
    }

    /// Uploads a file; rejects with `InvalidArgumentError`, before sending,
    /// an empty file, one over 100 MB or an unknown purpose.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileOf<V>>")]
    pub fn create(&self, params: CreateParamsArg, options: Option<CreateOptionsArg>) -> Promise {
        self.upload(params.into(), given(options), CREATE, Upload::Create)
    }

    /// The file holding exactly these bytes for this purpose: the one the
    /// store remembers (looked at first: gone, of another size or failed,
    /// it is uploaded again), else uploaded now and remembered:
    /// `{ file, reused }`. Refuses what `create` refuses, before reading a byte.
    #[wasm_bindgen(unchecked_return_type = "Promise<Ensured<V>>")]
    pub fn ensure(&self, params: CreateParamsArg, options: Option<EnsureOptionsArg>) -> Promise {
        self.upload(params.into(), given(options), ENSURE, Upload::Ensure)
    }

    /// The file `ensure` would reuse for these bytes, or `null`; uploads nothing.
    #[wasm_bindgen(js_name = findUploaded, unchecked_return_type = "Promise<FileOf<V> | null>")]
    pub fn find_uploaded(
        &self,
        params: CreateParamsArg,
        options: Option<FindUploadedOptionsArg>,
    ) -> Promise {
        self.upload(params.into(), given(options), FIND, Upload::Find)
    }

    /// One file's details.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileOf<V>>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | { id: string }")] id: JsValue,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        self.call(given(options), REQUEST, |calls, _| async move {
            calls.retrieve(&arg::file_id(&id)?).await
        })
    }

    /// Deletes a file: `{ id, object: 'file', deleted: true }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileDeleted>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | { id: string }")] id: JsValue,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        self.call(given(options), REQUEST, |calls, _| async move {
            calls.delete(&arg::file_id(&id)?).await
        })
    }

    /// The extracted content, as the service sends it.
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn content(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | { id: string }")] id: JsValue,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        self.call(given(options), REQUEST, |calls, _| async move {
            calls.content(&arg::file_id(&id)?).await
        })
    }

    /// The file's bytes as the service stores them (a batch's results, say),
    /// unchanged: a `Response` whose body is read within the call's timeout.
    /// For a `file-extract` file the service serves its extracted document.
    #[wasm_bindgen(unchecked_return_type = "Promise<DownloadedFile>")]
    pub fn download(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | { id: string }")] id: JsValue,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        self.call(given(options), REQUEST, |calls, _| async move {
            calls.download(&arg::file_id(&id)?).await
        })
    }

    /// The extracted text: the `content` field of the service's JSON
    /// document, or the body as it came when it is not that document.
    #[wasm_bindgen(js_name = extractedText, unchecked_return_type = "Promise<string>")]
    pub fn extracted_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | { id: string }")] id: JsValue,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        self.call(given(options), REQUEST, |calls, _| async move {
            calls.extracted_text(&arg::file_id(&id)?).await
        })
    }

    /// Polls until the file leaves `processing`; rejects with
    /// `FileProcessingError` if it failed, `WaitTimeoutError` past `maxWait`.
    #[wasm_bindgen(js_name = waitForProcessing, unchecked_return_type = "Promise<FileOf<V>>")]
    pub fn wait_for_processing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | { id: string }")] id: JsValue,
        options: Option<WaitOptionsArg>,
    ) -> Promise {
        self.call(given(options), WAIT, |calls, options| async move {
            let wait = wait_options(&options)?;
            calls.wait_for_processing(&arg::file_id(&id)?, &wait).await
        })
    }

    /// The file Q&A flow in one call: uploads for `file-extract`, waits,
    /// reads the text, and deletes the file (unless `keep`), on failure,
    /// timeout and abort too: `{ file, text, truncated }`.
    #[wasm_bindgen(
        unchecked_return_type = "Promise<Omit<Extracted, 'file'> & { file: FileOf<V> }>"
    )]
    pub fn extract(&self, params: ExtractParamsArg, options: Option<ExtractOptionsArg>) -> Promise {
        let params = JsValue::from(params);
        self.call(given(options), EXTRACT, |calls, options| async move {
            let params = required(params, "extract parameters")?;
            let names = [arg::ExtractParams::NAMES, arg::ExtractChoices::NAMES];
            arg::known(&params, "extract parameters", &names)?;
            let file = arg::ExtractParams::read(&params)?;
            let given = arg::ExtractChoices::read(&params)?;
            let optional = arg::ExtractChoices::read(&options)?;
            let blob = file
                .file
                .ok_or_else(|| arg::wrong("extract parameters", "file", arg::BYTES))?;
            let filename = file
                .filename
                .or_else(|| arg::own_name(&blob))
                .unwrap_or_default();
            let choices = ExtractOptions {
                keep: given.keep.or(optional.keep).unwrap_or(false),
                max_chars: given.max_chars.or(optional.max_chars),
                wait: wait_options(&options)?,
                make_room: arg::UploadOptions::read(&options)?
                    .make_room
                    .unwrap_or(false),
            };
            let progress = upload_progress(&options)?;
            let extracted = calls.extract(blob, &filename, progress, &choices).await?;
            Ok(results::to_js(&results::Extracted {
                file: extracted.file.into(),
                text: extracted.text.into(),
                truncated: extracted.truncated,
            }))
        })
    }

    /// Deletes each file, a few at a time: one `{ id, status, error? }` per
    /// id, in their order, `status` being `deleted`, `not_found` or `failed`.
    #[wasm_bindgen(js_name = deleteMany, unchecked_return_type = "Promise<DeleteResult[]>")]
    pub fn delete_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(string | { id: string })[]")] ids: JsValue,
        options: Option<DeleteManyOptionsArg>,
    ) -> Promise {
        self.call(given(options), DELETE_MANY, |calls, options| async move {
            let ids = arg::file_ids(&ids)?;
            let choices = arg::DeleteManyOptions::read(&options)?;
            let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let concurrency = choices.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
            let results = calls.delete_many(&id_refs, concurrency).await;
            Ok(results
                .into_iter()
                .map(|result| {
                    let (status, error) = match result.outcome {
                        DeleteOutcome::Deleted(_) => ("deleted", JsValue::UNDEFINED),
                        DeleteOutcome::NotFound(err) => ("not_found", error::to_js(err)),
                        DeleteOutcome::Failed(err) => ("failed", error::to_js(err)),
                    };
                    results::to_js(&results::DeleteResult {
                        id: result.id,
                        status,
                        error,
                    })
                })
                .collect::<Array>())
        })
    }

    /// Deletes the files that match the filter (or, with `dryRun`, only
    /// says which): the files, as the list gave them.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileOf<V>[]>")]
    pub fn prune(
        &self,
        filter: Ts<arg::PruneFilter>,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        let filter = JsValue::from(filter);
        self.call(given(options), REQUEST, |calls, _| async move {
            let filter = required(filter, "prune filter")?;
            arg::known(&filter, "prune filter", &[arg::PruneFilter::NAMES])?;
            let given = arg::PruneFilter::read(&filter)?;
            let filter = PruneFilter {
                purpose: given.purpose.as_deref().map(Purpose::from),
                status: given.status.as_deref().map(FileStatus::from),
                older_than: given.older_than,
                keep_newest: given.keep_newest,
                dry_run: given.dry_run.unwrap_or(false),
            };
            let files = calls.prune(&filter).await?;
            Ok(files.into_iter().map(JsValue::from).collect::<Array>())
        })
    }

    /// The account's file count and bytes against its limits, from one list:
    /// `{ fileCount, totalBytes, maxFiles, maxTotalBytes, maxFileBytes }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Usage>")]
    pub fn usage(&self, options: Option<Ts<arg::RequestOptions>>) -> Promise {
        self.room(None, given(options))
    }

    /// Deletes the oldest files the filter allows until `files` more files
    /// of `bytes` in all fit, and no more (or, with `dryRun`, says which);
    /// rejects with `InvalidArgumentError`, deleting nothing, when all of
    /// them would not make the room: `{ deleted, usage }`.
    #[wasm_bindgen(
        js_name = makeRoom,
        unchecked_return_type = "Promise<Omit<RoomMade, 'deleted'> & { deleted: FileOf<V>[] }>"
    )]
    pub fn make_room(
        &self,
        room: Ts<arg::RoomParams>,
        options: Option<Ts<arg::RequestOptions>>,
    ) -> Promise {
        self.room(Some(room.into()), given(options))
    }
}

/// Which of the calls that take an upload's params.
#[derive(Clone, Copy, PartialEq)]
enum Upload {
    Create,
    Ensure,
    Find,
}

impl JsFiles {
    /// `create`, `ensure` and `findUploaded`: the same params read once, in one call.
    fn upload(&self, params: JsValue, options: JsValue, takes: Takes, which: Upload) -> Promise {
        self.call(options, takes, move |calls, options| async move {
            let params = required(params, "upload parameters")?;
            arg::known(
                &params,
                "upload parameters",
                &[arg::FileCreateParams::NAMES],
            )?;
            let params = arg::FileCreateParams::read(&params)?;
            let given = arg::UploadOptions::read(&options)?;
            let upload = FileUpload {
                on_progress: upload_progress(&options)?,
                idempotency_key: given.idempotency_key,
                make_room: given.make_room.unwrap_or(false),
                ..upload_of(params)?
            };
            let ensure = EnsureOptions {
                store: arg::EnsureOptions::read(&options)?
                    .store
                    .map(|store| Rc::new(store::JsStore(store)) as _),
            };
            if which == Upload::Create {
                return Ok(calls.create_making_room(&upload).await?.into());
            }
            let find_only = which == Upload::Find;
            Ok(match calls.ensure(&upload, &ensure, find_only).await? {
                None => JsValue::NULL,
                Some(found) if find_only => found.file.into(),
                Some(ensured) => results::ensured(ensured.file.into(), ensured.reused),
            })
        })
    }

    /// `makeRoom(room)`, or with no room, `usage()`: one call serves both
    /// (the usage is a dry run that asks for no room).
    fn room(&self, room: Option<JsValue>, options: JsValue) -> Promise {
        self.call(options, REQUEST, |calls, _| async move {
            let usage_only = room.is_none();
            let room = match room {
                None => MakeRoom::usage(),
                Some(room) => {
                    let room = required(room, "room")?;
                    arg::known(&room, "room", &[arg::RoomParams::NAMES])?;
                    let given = arg::RoomParams::read(&room)?;
                    MakeRoom {
                        files: given.files.unwrap_or(0),
                        bytes: given.bytes.unwrap_or(0),
                        purpose: given.purpose.as_deref().map(Purpose::from),
                        older_than: given.older_than,
                        dry_run: given.dry_run.unwrap_or(false),
                    }
                }
            };
            let made = calls.make_room(&room).await?;
            let usage = results::usage(&made.usage);
            if usage_only {
                return Ok(usage);
            }
            let deleted = made.deleted.into_iter().map(JsValue::from);
            Ok(results::room_made(deleted.collect::<Array>().into(), usage))
        })
    }
}

/// What a method's options object may hold: its name in messages, and the
/// names of each kind of option it takes.
type Takes = (&'static str, &'static [&'static [&'static str]]);
const REQUEST: Takes = ("request options", &[arg::RequestOptions::NAMES]);
const LIST_PARAMS: &[&[&str]] = &[arg::ListParams::NAMES];
const LIST: Takes = (
    "list options",
    &[arg::ListParams::NAMES, arg::RequestOptions::NAMES],
);
const CREATE: Takes = (
    "upload options",
    &[arg::RequestOptions::NAMES, arg::UploadOptions::NAMES],
);
const ENSURE: Takes = (
    "ensure options",
    &[
        arg::RequestOptions::NAMES,
        arg::UploadOptions::NAMES,
        arg::EnsureOptions::NAMES,
    ],
);
const FIND: Takes = (
    "ensure options",
    &[arg::RequestOptions::NAMES, arg::EnsureOptions::NAMES],
);
const WAIT: Takes = (
    "wait options",
    &[arg::RequestOptions::NAMES, arg::WaitOptions::NAMES],
);
const EXTRACT: Takes = (
    "extract options",
    &[
        arg::RequestOptions::NAMES,
        arg::UploadOptions::NAMES,
        arg::WaitOptions::NAMES,
        arg::ExtractChoices::NAMES,
    ],
);
const DELETE_MANY: Takes = (
    "delete options",
    &[arg::RequestOptions::NAMES, arg::DeleteManyOptions::NAMES],
);

/// A method's own part of a call, given the calls and its options object.
type MethodCall = Box<dyn FnOnce(Calls<JsAnswers>, JsValue) -> LocalCall>;
type LocalCall = Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>;

impl JsFiles {
    /// The one way every method runs: the request options read from the
    /// call's options object, the shared call made with the JS reader (the
    /// object handed on for the options only some calls take), its outcome
    /// a Promise that rejects with the JS error classes. Generic only in
    /// the method's own part, which it boxes at once: one copy of the rest
    /// serves every method (bytes, not speed).
    fn call<T, F, Fut>(&self, options: JsValue, takes: Takes, call: F) -> Promise
    where
        T: Into<JsValue>,
        F: FnOnce(Calls<JsAnswers>, JsValue) -> Fut + 'static,
        Fut: Future<Output = Result<T, Error>> + 'static,
    {
        let method: MethodCall = Box::new(move |calls, options| {
            Box::pin(async move { call(calls, options).await.map(Into::into) })
        });
        run(self.client.clone(), options, takes, method)
    }
}

/// Runs a call as a Promise that rejects with the JS error class.
fn run(client: Client, options: JsValue, takes: Takes, method: MethodCall) -> Promise {
    future_to_promise(async move {
        let outcome = async move {
            arg::known(&options, takes.0, takes.1)?;
            let given = arg::RequestOptions::read(&options)?;
            let calls = Calls {
                client,
                options: RequestOptions {
                    timeout: given.timeout,
                    max_retries: given.max_retries,
                    signal: given.signal,
                },
                reader: JsAnswers,
            };
            method(calls, options).await
        };
        outcome.await.map_err(error::to_js)
    })
}

fn wait_options(options: &JsValue) -> Result<WaitOptions, Error> {
    let given = arg::WaitOptions::read(options)?;
    let defaults = WaitOptions::default();
    Ok(WaitOptions {
        poll_interval: given.poll_interval.unwrap_or(defaults.poll_interval),
        max_wait: given.max_wait.unwrap_or(defaults.max_wait),
    })
}

/// `onUploadProgress`, called with `{ loaded, total }`. A callback that
/// throws does not stop the upload: progress is a report, not a control.
fn upload_progress(options: &JsValue) -> Result<Option<UploadProgress>, Error> {
    let given = arg::UploadOptions::read(options)?;
    Ok(given.on_upload_progress.map(|callback| {
        let report: UploadProgress = Rc::new(move |loaded, total| {
            let progress = results::to_js(&results::UploadProgress {
                loaded: loaded as f64,
                total: total as f64,
            });
            let _ = callback.call1(&JsValue::UNDEFINED, &progress);
        });
        report
    }))
}

/// An argument that may be left out, as the JS value it is (`undefined` if so).
fn given(options: Option<impl Into<JsValue>>) -> JsValue {
    options.map_or(JsValue::UNDEFINED, Into::into)
}

/// A parameters object the call cannot do without.
fn required(value: JsValue, what: &str) -> Result<JsValue, Error> {
    if value.is_undefined() || value.is_null() {
        return Err(Error::invalid_argument(
            ["The ", what, " are missing."].concat(),
        ));
    }
    Ok(value)
}

fn upload_of(params: arg::FileCreateParams) -> Result<FileUpload, Error> {
    let blob = params
        .file
        .ok_or_else(|| arg::wrong("upload parameters", "file", arg::BYTES))?;
    let purpose = params.purpose.ok_or_else(|| {
        arg::wrong(
            "upload parameters",
            "purpose",
            "one of file-extract, image, video, batch",
        )
    })?;
    let filename = params
        .filename
        .or_else(|| arg::own_name(&blob))
        .unwrap_or_default();
    Ok(FileUpload {
        allow_unknown_purpose: params.allow_unknown_purpose.unwrap_or(false),
        ..FileUpload::new(blob, filename, Purpose::from(purpose.as_str()))
    })
}
