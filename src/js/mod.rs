//! The JS face: a thin binding that turns the Rust client into the
//! `Moonshot` class. `args` reads JS arguments, `answer` hands bodies to
//! the engine's JSON.parse and `js/validate.js`, `error` builds the JS error
//! classes. The calls themselves are the core's.

pub(crate) mod answer;
mod args;
mod error;

use std::future::Future;
use std::pin::Pin;

use js_sys::{Promise, Reflect};
use tsify::Ts;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::config::{ApiKey, ClientConfig, DEFAULT_BASE_URL};
use crate::error::Error;
use crate::Client;

use self::answer::Shape;

/// A Moonshot Files API client: `new Moonshot({ apiKey, baseURL })`.
#[wasm_bindgen(js_name = Moonshot)]
pub struct JsMoonshot {
    files: JsValue,
}

#[wasm_bindgen(js_class = Moonshot)]
impl JsMoonshot {
    /// Checks the options and makes a client; throws `InvalidArgumentError`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<Ts<args::ClientOptions>>) -> Result<JsMoonshot, JsValue> {
        let client = args::client_args(options.map(JsValue::from))
            .and_then(config_from)
            .and_then(Client::new)
            .map_err(error::to_js)?;
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

fn config_from(args: args::ClientArgs) -> Result<ClientConfig, Error> {
    let api_key = args.api_key.or_else(|| node_env("MOONSHOT_API_KEY"));
    let base_url = args
        .base_url
        .or_else(|| node_env("MOONSHOT_BASE_URL"))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let mut config = match api_key {
        Some(key) => ClientConfig::new(ApiKey::new(key)?).with_base_url(&base_url)?,
        None => ClientConfig::keyless(&base_url)?,
    };
    config.timeout = args.timeout;
    config.max_retries = args.max_retries.unwrap_or(config.max_retries);
    config.dangerously_allow_browser = args.dangerously_allow_browser;
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
    pub fn list(&self, options: Option<Ts<args::RequestOptionsArg>>) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client
                .files()
                .with_options(args::request_options(options.map(JsValue::from))?);
            let request = files.list_request();
            answer::value(files.send(&request, None).await?, Shape::FileList)
        })
    }

    /// Uploads a file; rejects with `InvalidArgumentError`, before sending,
    /// an empty file, one over 100 MB or an unknown purpose.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileObject>")]
    pub fn create(
        &self,
        params: Ts<args::FileCreateParams>,
        options: Option<Ts<args::RequestOptionsArg>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let upload = args::file_upload(&params.into())?;
            let files = client
                .files()
                .with_options(args::request_options(options.map(JsValue::from))?);
            let form = upload.to_form()?;
            let request = files.create_request();
            answer::value(
                files.send(&request, Some(&form.into())).await?,
                Shape::FileObject,
            )
        })
    }

    /// One file's details.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileObject>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<args::RequestOptionsArg>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client
                .files()
                .with_options(args::request_options(options.map(JsValue::from))?);
            let request = files.retrieve_request(&args::file_id(&id)?)?;
            answer::value(files.send(&request, None).await?, Shape::FileObject)
        })
    }

    /// Deletes a file: `{ id, object: 'file', deleted: true }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileDeleted>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<args::RequestOptionsArg>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client
                .files()
                .with_options(args::request_options(options.map(JsValue::from))?);
            let request = files.delete_request(&args::file_id(&id)?)?;
            answer::value(files.send(&request, None).await?, Shape::FileDeleted)
        })
    }

    /// The extracted content, as the service sends it.
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn content(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<args::RequestOptionsArg>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client
                .files()
                .with_options(args::request_options(options.map(JsValue::from))?);
            let request = files.content_request(&args::file_id(&id)?)?;
            Ok(files.send(&request, None).await?.body.into())
        })
    }

    /// The extracted text: the `content` field of the service's JSON
    /// document, or the body as it came when it is not that document.
    #[wasm_bindgen(js_name = extractedText, unchecked_return_type = "Promise<string>")]
    pub fn extracted_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<args::RequestOptionsArg>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let files = client
                .files()
                .with_options(args::request_options(options.map(JsValue::from))?);
            let request = files.content_request(&args::file_id(&id)?)?;
            Ok(answer::extracted_text(
                &files.send(&request, None).await?.body,
            ))
        })
    }

    /// Polls until the file leaves `processing`; rejects with
    /// `FileProcessingError` if it failed, `WaitTimeoutError` past `maxWait`.
    #[wasm_bindgen(js_name = waitForProcessing, unchecked_return_type = "Promise<FileObject>")]
    pub fn wait_for_processing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<Ts<args::WaitForProcessingOptions>>,
    ) -> Promise {
        let client = self.client.clone();
        run(async move {
            let (wait, request_options) = args::wait_options(options.map(JsValue::from))?;
            let id = args::file_id(&id)?;
            let files = client.files().with_options(request_options);
            let request = files.retrieve_request(&id)?;
            let look = || async {
                let file = answer::value(files.send(&request, None).await?, Shape::FileObject)?;
                let status = answer::status_of(&file);
                Ok((file, status))
            };
            files.wait_until_processed(&id, &wait, look).await
        })
    }
}

/// Runs a call as a Promise that rejects with the JS error class. Boxed, so
/// one copy of the promise machinery serves every call (bytes, not speed).
fn run(call: impl Future<Output = Result<JsValue, Error>> + 'static) -> Promise {
    let call: Pin<Box<dyn Future<Output = Result<JsValue, Error>>>> = Box::pin(call);
    future_to_promise(async move { call.await.map_err(error::to_js) })
}
