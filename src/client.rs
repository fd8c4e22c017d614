//! The client: settings shared by every call, and the path every call takes.

use std::rc::Rc;

use crate::config::ClientConfig;
use crate::files::Files;

/// A Files API client. Cloning is cheap and shares the settings; calls take
/// `&self`, so one client serves any number of concurrent calls.
#[derive(Clone, Debug)]
pub struct Client {
    config: Rc<ClientConfig>,
}

impl Client {
    /// A client with these settings.
    pub fn new(config: ClientConfig) -> Self {
        Client {
            config: Rc::new(config),
        }
    }

    /// The settings in use.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The Files resource: list, and (later) upload, retrieve, delete, content.
    pub fn files(&self) -> Files<'_> {
        Files::new(self)
    }

    /// Sends a request; an error status becomes an [`Error::Api`].
    #[cfg(target_arch = "wasm32")]
    pub(crate) async fn execute(&self, request: ApiRequest) -> Result<Answer, Error> {
        let answer = http::send(&request).await?;
        if answer.is_success() {
            Ok(answer)
        } else {
            let body = String::from(&answer.body);
            Err(Error::Api(ApiError::from_answer(
                answer.status,
                &body,
                answer.request_id,
            )))
        }
    }
}

#[cfg(target_arch = "wasm32")]
use crate::{
    decode,
    error::{ApiError, Error, InvalidResponse},
    http::{self, Answer},
    request::ApiRequest,
};

// js_sys's JSON.parse takes a &str, which would copy the body into wasm and back.
#[cfg(all(feature = "js", target_arch = "wasm32"))]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &js_sys::JsString) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

#[cfg(target_arch = "wasm32")]
impl Answer {
    /// Decodes the body as `T`, or says where it is not what the API promises.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        decode::json(&String::from(&self.body)).map_err(|problem| self.invalid(problem))
    }

    pub(crate) fn invalid(&self, problem: decode::DecodeError) -> Error {
        Error::InvalidResponse(InvalidResponse {
            status: self.status,
            problem,
            request_id: self.request_id.clone(),
        })
    }

    /// The body as the plain JS value the engine's own `JSON.parse` builds.
    #[cfg(feature = "js")]
    pub(crate) fn json_value(&self) -> Result<wasm_bindgen::JsValue, Error> {
        json_parse(&self.body).map_err(|_| {
            self.invalid(decode::DecodeError {
                path: String::new(),
                message: "JSON.parse refused the body".to_owned(),
            })
        })
    }
}
