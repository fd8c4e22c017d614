//! The JS face: a thin binding that turns the Rust client into the
//! `Moonshot` class and Rust errors into the JS error classes of
//! `js/errors.js`. It converts; the logic lives in the core.

use js_sys::{Object, Promise, Reflect};
use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::config::{ApiKey, ClientConfig, DEFAULT_BASE_URL};
use crate::error::Error;
use crate::Client;

#[wasm_bindgen(raw_module = "./errors.js")]
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
    pub fn new(options: Option<tsify::Ts<ClientOptions>>) -> Result<JsMoonshot, JsValue> {
        let options = match options {
            Some(options) => options.to_rust().map_err(|err| {
                to_js_error(Error::invalid_argument(format!(
                    "Invalid client options: {err}"
                )))
            })?,
            None => ClientOptions::default(),
        };
        let config = config_from(options).map_err(to_js_error)?;
        let files = JsFiles {
            client: Client::new(config),
        };
        Ok(JsMoonshot {
            files: files.into(),
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
    match api_key {
        Some(key) => ClientConfig::new(ApiKey::new(key)?).with_base_url(&base_url),
        None => ClientConfig::keyless(&base_url),
    }
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
    pub fn list(&self) -> Promise {
        let client = self.client.clone();
        future_to_promise(async move { client.files().list_value().await.map_err(to_js_error) })
    }
}

/// The one conversion of a Rust error into its JS class.
fn to_js_error(err: Error) -> JsValue {
    let fields = Object::new();
    let set = |name: &str, value: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&fields, &name.into(), &value);
    };
    let text = |value: &Option<String>| value.as_deref().map_or(JsValue::UNDEFINED, JsValue::from);
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
        Error::Connection { .. } | Error::InvalidArgument { .. } => {}
    }
    create_error(err.class_name(), &err.to_string(), &fields)
}
