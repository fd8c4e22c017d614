//! The JS face: a thin binding that turns the Rust client into the
//! `Moonshot` class, JS arguments into Rust ones, and Rust errors into the
//! JS error classes of `js/errors.js`. It converts; the logic is the core's.

use std::future::Future;

use js_sys::{Array, Object, Promise, Reflect};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{AbortSignal, Blob};

use crate::config::{duration_from_ms, ApiKey, ClientConfig, DEFAULT_BASE_URL};
use crate::error::Error;
use crate::options::{RequestOptions, WaitOptions};
use crate::types::Purpose;
use crate::upload::FileUpload;
use crate::Client;

#[wasm_bindgen(raw_module = "./create-error.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(class_name: &str, message: &str, fields: &Object) -> JsValue;
}

/// The options of `new Moonshot(options)`.
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    /// The API key. In Node it defaults to `process.env.MOONSHOT_API_KEY`;
    /// leave it out in a browser talking to a proxy that holds the key.
    #[tsify(optional)]
    api_key: Option<String>,
    /// The API's base URL; defaults to `process.env.MOONSHOT_BASE_URL` in
    /// Node, then `https://api.moonshot.cn/v1`.
    #[serde(rename = "baseURL")]
    #[tsify(optional)]
    base_url: Option<String>,
    /// The timeout of each attempt, in ms (default 60 000; uploads 600 000).
    #[tsify(optional)]
    timeout: Option<f64>,
    /// Retries of a failed attempt that may pass when repeated (default 2).
    #[tsify(optional)]
    max_retries: Option<u32>,
    /// Lets a client holding `apiKey` start in a browser, where anyone who
    /// opens the page can read the key. Default false.
    #[tsify(optional)]
    dangerously_allow_browser: Option<bool>,
}

/// The options every call takes as its last argument.
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "RequestOptions")]
pub struct CallOptions {
    /// The timeout of each attempt of this call, in ms.
    #[tsify(optional)]
    timeout: Option<f64>,
    /// Retries of this call.
    #[tsify(optional)]
    max_retries: Option<u32>,
    /// Aborts the call (and any wait between retries); it rejects with `AbortError`.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(optional, type = "AbortSignal")]
    signal: JsValue,
}

/// `files.create(params)`: what to upload.
#[derive(Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct FileCreateParams {
    /// The bytes: a `File` or `Blob` (Node: `fs.openAsBlob(path)`), or an
    /// `ArrayBuffer` / `Uint8Array` / `Buffer` with a `filename`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Blob | ArrayBuffer | ArrayBufferView")]
    file: JsValue,
    /// What the file is for.
    purpose: Purpose,
    /// The name to record; defaults to the `File`'s own name.
    #[tsify(optional)]
    filename: Option<String>,
    /// Sends a purpose this version does not know instead of refusing it.
    #[tsify(optional)]
    allow_unknown_purpose: Option<bool>,
}

/// `files.waitForProcessing(id, options)`.
#[derive(Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct WaitForProcessingOptions {
    /// The pause between two looks, in ms (default 5 000).
    #[tsify(optional)]
    poll_interval: Option<f64>,
    /// The longest wait, in ms (default 30 minutes); then `WaitTimeoutError`.
    #[tsify(optional)]
    max_wait: Option<f64>,
    /// Stops waiting; it rejects with `AbortError`.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[tsify(optional, type = "AbortSignal")]
    signal: JsValue,
}

/// A Moonshot Files API client: `new Moonshot({ apiKey, baseURL })`.
#[wasm_bindgen(js_name = Moonshot)]
pub struct JsMoonshot {
    files: JsValue,
}

#[wasm_bindgen(js_class = Moonshot)]
impl JsMoonshot {
    /// Checks the options and makes a client; throws `InvalidArgumentError`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<Ts<ClientOptions>>) -> Result<JsMoonshot, JsValue> {
        let client = parse(options, "client options")
            .and_then(config_from)
            .and_then(Client::new)
            .map_err(to_js_error)?;
        Ok(JsMoonshot {
            files: JsFiles { client }.into(),
        })
    }

    /// The Files resource: `client.files.list()`.
    #[wasm_bindgen(getter, unchecked_return_type = "Files")]
    pub fn files(&self) -> JsValue {
        self.files.clone()
    }
}

fn config_from(options: ClientOptions) -> Result<ClientConfig, Error> {
    let api_key = options.api_key.or_else(|| node_env("MOONSHOT_API_KEY"));
    let base_url = options
        .base_url
        .or_else(|| node_env("MOONSHOT_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let mut config = match api_key {
        Some(key) => ClientConfig::new(ApiKey::new(key)?).with_base_url(&base_url)?,
        None => ClientConfig::keyless(&base_url)?,
    };
    config.timeout = options
        .timeout
        .map(|ms| duration_from_ms(ms, "timeout"))
        .transpose()?;
    config.max_retries = options.max_retries.unwrap_or(config.max_retries);
    config.dangerously_allow_browser = options.dangerously_allow_browser.unwrap_or(false);
    Ok(config)
}

/// `process.env[name]` in Node; `None` elsewhere or when unset or empty.
fn node_env(name: &str) -> Option<String> {
    let process = Reflect::get(&js_sys::global(), &"process".into()).ok()?;
    let env = Reflect::get(&process, &"env".into()).ok()?;
    Reflect::get(&env, &name.into())
        .ok()?
        .as_string()
        .filter(|value| !value.is_empty())
}

/// The calls on the account's files: `client.files`.
#[wasm_bindgen(js_name = Files)]
pub struct JsFiles {
    client: Client,
}

#[wasm_bindgen(js_class = Files)]
impl JsFiles {
    /// Every file of the account: `{ object: 'list', data: FileObject[] }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileList>")]
    pub fn list(&self, options: Option<Ts<CallOptions>>) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client.files().with_options(call_options(options)?);
            files.list_checked().await?.answer.json_value()
        })
    }

    /// Uploads a file; rejects with `InvalidArgumentError`, before sending,
    /// an empty file, one over 100 MB or an unknown purpose.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileObject>")]
    pub fn create(
        &self,
        params: Ts<FileCreateParams>,
        options: Option<Ts<CallOptions>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let upload = file_upload(parse_required(params.into(), "upload parameters")?)?;
            let files = client.files().with_options(call_options(options)?);
            files.create_checked(&upload).await?.answer.json_value()
        })
    }

    /// One file's details.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileObject>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client.files().with_options(call_options(options)?);
            files
                .retrieve_checked(&file_id(&id)?)
                .await?
                .answer
                .json_value()
        })
    }

    /// Deletes a file: `{ id, object: 'file', deleted: true }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileDeleted>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client.files().with_options(call_options(options)?);
            files
                .delete_checked(&file_id(&id)?)
                .await?
                .answer
                .json_value()
        })
    }

    /// The extracted content, as the service sends it.
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn content(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client.files().with_options(call_options(options)?);
            Ok(files.content(&file_id(&id)?).await?.into())
        })
    }

    /// The extracted text: the `content` field of the service's JSON
    /// document, or the body as it came when it is not that document.
    #[wasm_bindgen(js_name = extractedText, unchecked_return_type = "Promise<string>")]
    pub fn extracted_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client.files().with_options(call_options(options)?);
            Ok(files.extracted_text(&file_id(&id)?).await?.into())
        })
    }

    /// Polls until the file leaves `processing`; rejects with
    /// `FileProcessingError` if it failed, `WaitTimeoutError` past `maxWait`.
    #[wasm_bindgen(js_name = waitForProcessing, unchecked_return_type = "Promise<FileObject>")]
    pub fn wait_for_processing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<WaitForProcessingOptions>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let options: WaitForProcessingOptions = parse(options, "wait options")?;
            let defaults = WaitOptions::default();
            let wait = WaitOptions {
                poll_interval: optional_ms(options.poll_interval, "pollInterval")?
                    .unwrap_or(defaults.poll_interval),
                max_wait: optional_ms(options.max_wait, "maxWait")?.unwrap_or(defaults.max_wait),
            };
            let request = RequestOptions {
                signal: abort_signal(options.signal)?,
                ..RequestOptions::default()
            };
            let files = client.files().with_options(request);
            files
                .wait_checked(&file_id(&id)?, &wait)
                .await?
                .answer
                .json_value()
        })
    }
}

/// Runs a call as a Promise that rejects with the JS error class.
fn run(call: impl Future<Output = Result<JsValue, Error>> + 'static) -> Promise {
    future_to_promise(async move { call.await.map_err(to_js_error) })
}

/// Reads a JS argument as `T`; `undefined` or `null` where `T` has a default.
fn parse<T>(value: Option<Ts<T>>, what: &str) -> Result<T, Error>
where
    T: Tsify + DeserializeOwned + Default,
    T::JsType: JsCast,
{
    match value.map(JsValue::from) {
        Some(value) if !value.is_undefined() && !value.is_null() => parse_required(value, what),
        _ => Ok(T::default()),
    }
}

fn parse_required<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|err| Error::invalid_argument(format!("Invalid {what}: {err}")))
}

fn call_options(options: Option<Ts<CallOptions>>) -> Result<RequestOptions, Error> {
    let options: CallOptions = parse(options, "request options")?;
    Ok(RequestOptions {
        timeout: optional_ms(options.timeout, "timeout")?,
        max_retries: options.max_retries,
        signal: abort_signal(options.signal)?,
    })
}

fn optional_ms(ms: Option<f64>, what: &str) -> Result<Option<std::time::Duration>, Error> {
    ms.map(|ms| duration_from_ms(ms, what)).transpose()
}

fn abort_signal(value: JsValue) -> Result<Option<AbortSignal>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| Error::invalid_argument("signal must be an AbortSignal"))
}

fn file_id(id: &JsValue) -> Result<String, Error> {
    id.as_string()
        .ok_or_else(|| Error::invalid_argument("The file id must be a string, such as file-abc123"))
}

/// A Blob as it is, or the bytes of an ArrayBuffer or view wrapped in one:
/// either way the bytes stay in JS, never copied into wasm memory.
fn file_upload(params: FileCreateParams) -> Result<FileUpload, Error> {
    let own_name = Reflect::get(&params.file, &"name".into())
        .ok()
        .and_then(|name| name.as_string());
    let blob = if let Some(blob) = params.file.dyn_ref::<Blob>() {
        blob.clone()
    } else if params.file.is_instance_of::<js_sys::ArrayBuffer>()
        || js_sys::ArrayBuffer::is_view(&params.file)
    {
        Blob::new_with_buffer_source_sequence(&Array::of1(&params.file))
            .map_err(|_| Error::invalid_argument("The platform's Blob refused the bytes."))?
    } else {
        return Err(Error::invalid_argument(
            "file must be a File, a Blob, an ArrayBuffer or a Uint8Array (Node: a Buffer, or fs.openAsBlob(path))",
        ));
    };
    let filename = params.filename.or(own_name).unwrap_or_default();
    Ok(FileUpload {
        allow_unknown_purpose: params.allow_unknown_purpose.unwrap_or(false),
        ..FileUpload::new(blob, filename, params.purpose)
    })
}

/// The one conversion of a Rust error into its JS class.
fn to_js_error(err: Error) -> JsValue {
    let fields = Object::new();
    let set = |name: &str, value: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&fields, &name.into(), &value);
    };
    let text = |value: &Option<String>| value.as_deref().map_or(JsValue::UNDEFINED, JsValue::from);
    set("attempts", err.attempts().into());
    match &err {
        Error::Api(api) => {
            set("status", api.status.into());
            set("type", text(&api.error_type));
            set("code", text(&api.code));
            set("requestId", text(&api.request_id));
        }
        Error::InvalidResponse(invalid) => {
            set("status", invalid.status.into());
            set("requestId", text(&invalid.request_id));
            set("path", invalid.problem.path.as_str().into());
        }
        Error::ProcessingFailed { file, .. } => {
            set("fileId", file.id.as_str().into());
            set("statusDetails", text(&file.status_details));
        }
        Error::WaitTimeout { file_id, .. } => set("fileId", file_id.as_str().into()),
        Error::Connection { .. }
        | Error::Timeout { .. }
        | Error::Aborted { .. }
        | Error::InvalidArgument { .. } => {}
    }
    create_error(err.class_name(), &err.to_string(), &fields)
}
