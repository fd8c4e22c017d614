//! The one place that talks to the platform's `fetch` (browsers, workers and
//! Node alike: it binds the global, never `window`).

use js_sys::{JsString, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

use crate::error::Error;
use crate::request::ApiRequest;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_request(input: &web_sys::Request) -> Promise;
}

/// An answer with its whole body read.
pub(crate) struct Answer {
    pub status: u16,
    pub request_id: Option<String>,
    /// Kept as a JS string: the JS face parses it with the engine's own
    /// `JSON.parse`, the Rust face copies it into wasm to decode it.
    pub body: JsString,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Sends a request and reads the whole answer.
pub(crate) async fn send(request: &ApiRequest) -> Result<Answer, Error> {
    let fetch_request = to_fetch_request(request)?;
    let response: Response = JsFuture::from(fetch_with_request(&fetch_request))
        .await
        .map_err(connection_error)?
        .unchecked_into();
    let status = response.status();
    let request_id = response.headers().get("x-request-id").ok().flatten();
    let body = JsFuture::from(response.text().map_err(connection_error)?)
        .await
        .map_err(connection_error)?
        .unchecked_into();
    Ok(Answer {
        status,
        request_id,
        body,
    })
}

fn to_fetch_request(request: &ApiRequest) -> Result<web_sys::Request, Error> {
    let headers = Headers::new().map_err(connection_error)?;
    for (name, value) in &request.headers {
        // Only a value that is no valid header can fail here; never quote it (the key).
        headers
            .set(name, value)
            .map_err(|_| Error::invalid_argument(format!("The {name} header is not valid.")))?;
    }
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(|err| {
        Error::invalid_argument(format!(
            "Cannot request {}: {}",
            request.url,
            message_of(&err)
        ))
    })
}

fn connection_error(err: JsValue) -> Error {
    Error::Connection {
        message: message_of(&err),
    }
}

/// The message of a thrown JS value, with Node's `cause` where fetch hides
/// the real reason there ("fetch failed" / "connect ECONNREFUSED ...").
fn message_of(err: &JsValue) -> String {
    let Some(error) = err.dyn_ref::<js_sys::Error>() else {
        return err
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned());
    };
    let message = String::from(error.message());
    match error.cause().dyn_ref::<js_sys::Error>() {
        Some(cause) => format!("{message} ({})", String::from(cause.message())),
        None => message,
    }
}
