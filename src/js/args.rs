//! Reads the JS arguments of the calls into Rust values, refusing a wrong
//! type with an `InvalidArgumentError` that names the option. The structs
//! here are also where the TypeScript declarations come from (tsify).
#![allow(dead_code)] // fields are read by their names through `field`; tsify reads the structs

use std::time::Duration;

use js_sys::{Array, Reflect};
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Blob};

use crate::config::duration_from_ms;
use crate::error::Error;
use crate::options::{RequestOptions, WaitOptions};
use crate::types::Purpose;
use crate::upload::FileUpload;

/// The options of `new Moonshot(options)`.
#[derive(Tsify)]
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
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "RequestOptions")]
pub struct RequestOptionsArg {
    /// The timeout of each attempt of this call, in ms.
    #[tsify(optional)]
    timeout: Option<f64>,
    /// Retries of this call.
    #[tsify(optional)]
    max_retries: Option<u32>,
    /// Aborts the call (and any wait between retries); it rejects with `AbortError`.
    #[tsify(optional, type = "AbortSignal")]
    signal: Option<()>,
}

/// `files.create(params)`: what to upload.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct FileCreateParams {
    /// The bytes: a `File` or `Blob` (Node: `fs.openAsBlob(path)`), or an
    /// `ArrayBuffer` / `Uint8Array` / `Buffer` with a `filename`.
    #[tsify(type = "Blob | ArrayBuffer | ArrayBufferView")]
    file: (),
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
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct WaitForProcessingOptions {
    /// The pause between two looks, in ms (default 5 000).
    #[tsify(optional)]
    poll_interval: Option<f64>,
    /// The longest wait, in ms (default 30 minutes); then `WaitTimeoutError`.
    #[tsify(optional)]
    max_wait: Option<f64>,
    /// Stops waiting; it rejects with `AbortError`.
    #[tsify(optional, type = "AbortSignal")]
    signal: Option<()>,
}

/// The settings `new Moonshot(options)` gives, before defaults.
pub(crate) struct ClientArgs {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub dangerously_allow_browser: bool,
}

/// An options object: `undefined`/`null` for none; anything else must be an object.
struct Options<'a> {
    object: Option<&'a JsValue>,
    what: &'static str,
}

impl<'a> Options<'a> {
    fn of(value: Option<&'a JsValue>, what: &'static str) -> Result<Self, Error> {
        let Some(value) = value.filter(|value| !value.is_undefined() && !value.is_null()) else {
            return Ok(Options { object: None, what });
        };
        if !value.is_object() {
            return Err(Error::invalid_argument(format!(
                "The {what} must be an object."
            )));
        }
        Ok(Options {
            object: Some(value),
            what,
        })
    }

    /// A field's value, `None` when absent, `undefined` or `null`.
    fn field(&self, name: &str) -> Option<JsValue> {
        let value = Reflect::get(self.object?, &name.into()).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    fn wrong(&self, name: &str, expected: &str) -> Error {
        Error::invalid_argument(format!("In the {}, {name} must be {expected}.", self.what))
    }

    fn string(&self, name: &str) -> Result<Option<String>, Error> {
        self.field(name)
            .map(|value| {
                value
                    .as_string()
                    .ok_or_else(|| self.wrong(name, "a string"))
            })
            .transpose()
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, Error> {
        self.field(name)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| self.wrong(name, "true or false"))
            })
            .transpose()
    }

    fn millis(&self, name: &str) -> Result<Option<Duration>, Error> {
        self.field(name)
            .map(|value| match value.as_f64() {
                Some(ms) => duration_from_ms(ms, name),
                None => Err(self.wrong(name, "a number of milliseconds")),
            })
            .transpose()
    }

    fn count(&self, name: &str) -> Result<Option<u32>, Error> {
        self.field(name)
            .map(|value| match value.as_f64() {
                Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
                    Ok(n as u32)
                }
                _ => Err(self.wrong(name, "a whole number, 0 or more")),
            })
            .transpose()
    }

    fn signal(&self) -> Result<Option<AbortSignal>, Error> {
        self.field("signal")
            .map(|value| {
                value
                    .dyn_into::<AbortSignal>()
                    .map_err(|_| self.wrong("signal", "an AbortSignal"))
            })
            .transpose()
    }
}

pub(crate) fn client_args(value: Option<JsValue>) -> Result<ClientArgs, Error> {
    let options = Options::of(value.as_ref(), "client options")?;
    Ok(ClientArgs {
        api_key: options.string("apiKey")?,
        base_url: options.string("baseURL")?,
        timeout: options.millis("timeout")?,
        max_retries: options.count("maxRetries")?,
        dangerously_allow_browser: options.boolean("dangerouslyAllowBrowser")?.unwrap_or(false),
    })
}

pub(crate) fn request_options(value: Option<JsValue>) -> Result<RequestOptions, Error> {
    let options = Options::of(value.as_ref(), "request options")?;
    Ok(RequestOptions {
        timeout: options.millis("timeout")?,
        max_retries: options.count("maxRetries")?,
        signal: options.signal()?,
    })
}

pub(crate) fn wait_options(value: Option<JsValue>) -> Result<(WaitOptions, RequestOptions), Error> {
    let options = Options::of(value.as_ref(), "wait options")?;
    let defaults = WaitOptions::default();
    let wait = WaitOptions {
        poll_interval: options
            .millis("pollInterval")?
            .unwrap_or(defaults.poll_interval),
        max_wait: options.millis("maxWait")?.unwrap_or(defaults.max_wait),
    };
    let request = RequestOptions {
        signal: options.signal()?,
        ..RequestOptions::default()
    };
    Ok((wait, request))
}

pub(crate) fn file_id(value: &JsValue) -> Result<String, Error> {
    value.as_string().ok_or_else(|| {
        Error::invalid_argument("The file id must be a string, such as file-abc123.")
    })
}

/// A Blob as it is, or the bytes of an ArrayBuffer or view wrapped in one:
/// either way the bytes stay in JS, never copied into wasm memory.
pub(crate) fn file_upload(value: &JsValue) -> Result<FileUpload, Error> {
    if value.is_undefined() || value.is_null() {
        return Err(Error::invalid_argument(
            "files.create needs { file, purpose }.",
        ));
    }
    let params = Options::of(Some(value), "upload parameters")?;
    let file = params
        .field("file")
        .ok_or_else(|| params.wrong("file", "a File, Blob, ArrayBuffer or Uint8Array"))?;
    let own_name = Reflect::get(&file, &"name".into())
        .ok()
        .and_then(|name| name.as_string());
    let blob = if let Some(blob) = file.dyn_ref::<Blob>() {
        blob.clone()
    } else if file.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(&file) {
        Blob::new_with_buffer_source_sequence(&Array::of1(&file))
            .map_err(|_| Error::invalid_argument("The platform's Blob refused the bytes."))?
    } else {
        return Err(params.wrong(
            "file",
            "a File, a Blob, an ArrayBuffer or a Uint8Array (Node: a Buffer, or fs.openAsBlob(path))",
        ));
    };
    let purpose = params
        .string("purpose")?
        .ok_or_else(|| params.wrong("purpose", "one of file-extract, image, video, batch"))?;
    let filename = params.string("filename")?.or(own_name).unwrap_or_default();
    Ok(FileUpload {
        allow_unknown_purpose: params.boolean("allowUnknownPurpose")?.unwrap_or(false),
        ..FileUpload::new(blob, filename, Purpose::from(purpose.as_str()))
    })
}
