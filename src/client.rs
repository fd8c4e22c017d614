//! The client: settings shared by every call, and the path every call
//! takes (send, map the status, retry what may pass, decode).

use std::rc::Rc;

use crate::config::ClientConfig;
use crate::error::Error;
use crate::files::Files;

/// A Files API client. Cloning is cheap and shares the settings; calls take
/// `&self`, so one client serves any number of concurrent calls.
#[derive(Clone, Debug)]
pub struct Client {
    config: Rc<ClientConfig>,
    /// A page or a page's worker: there a key needs consent, and retries
    /// go past the HTTP cache (server runtimes have none).
    in_browser: bool,
}

impl Client {
    /// A client with these settings. In a browser, a client holding a key
    /// is refused unless `dangerously_allow_browser` is set.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        #[cfg(target_arch = "wasm32")]
        let in_browser = crate::http::in_browser();
        #[cfg(not(target_arch = "wasm32"))]
        let in_browser = false;
        config.check_environment(in_browser)?;
        Ok(Client {
            config: Rc::new(config),
            in_browser,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The Files resource: list, upload, retrieve, delete, content.
    pub fn files(&self) -> Files<'_> {
        Files::new(self)
    }
}

#[cfg(target_arch = "wasm32")]
mod execute {
    use wasm_bindgen::JsValue;

    use super::Client;
    use crate::decode::{self, DecodeError};
    use crate::error::{ApiError, Error, InvalidResponse};
    use crate::http::{self, Answer};
    use crate::options::RequestOptions;
    use crate::request::ApiRequest;
    use crate::retry::{self, Decision};

    impl Client {
        /// Sends a request, retrying as the rules of [`retry`] allow; an
        /// error status becomes an [`Error::Api`].
        pub(crate) async fn execute(
            &self,
            request: &ApiRequest,
            body: Option<&JsValue>,
            options: &RequestOptions,
        ) -> Result<Answer, Error> {
            let timeout = options
                .timeout
                .or(self.config.timeout)
                .unwrap_or(request.default_timeout);
            let max_retries = options.max_retries.unwrap_or(self.config.max_retries);
            let signal = options.signal.as_ref();
            let mut retries_done = 0;
            loop {
                if signal.is_some_and(web_sys::AbortSignal::aborted) {
                    // Aborted before this attempt: only the earlier ones were sent.
                    return Err(Error::Aborted {
                        attempts: retries_done,
                    });
                }
                let attempts = retries_done + 1;
                let fresh = retries_done > 0 && self.in_browser;
                let (error, answer) = match http::send(request, body, timeout, signal, fresh).await
                {
                    Ok(answer) if answer.is_success() => return Ok(answer),
                    Ok(answer) => (Error::Api(answer.api_error()), Some(answer)),
                    Err(error) => (error, None),
                };
                let retry_after = answer.as_ref().map(Answer::retry_after).unwrap_or_default();
                let decision = match error.outcome() {
                    Some(outcome) => retry::decide(
                        outcome,
                        request.replay,
                        retries_done,
                        max_retries,
                        retry_after,
                        http::now_ms(),
                        http::random(),
                    ),
                    None => Decision::GiveUp,
                };
                match decision {
                    Decision::GiveUp => return Err(error.with_attempts(attempts)),
                    Decision::RetryAfter(wait) => {
                        if http::sleep(wait, signal).await.is_err() {
                            return Err(Error::Aborted { attempts });
                        }
                        retries_done += 1;
                    }
                }
            }
        }
    }

    impl Answer {
        /// Decodes the body as `T`, or says where it is not what the API promises.
        pub(crate) fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
            decode::json(&String::from(&self.body)).map_err(|problem| self.invalid(problem))
        }

        /// The error an error status stands for, read from the body.
        #[cfg(not(feature = "js"))]
        pub(crate) fn api_error(&self) -> ApiError {
            ApiError::from_answer(
                self.status,
                &String::from(&self.body),
                self.request_id.clone(),
            )
        }

        /// The same, read by the JS face (no JSON parser of ours in its wasm).
        #[cfg(feature = "js")]
        pub(crate) fn api_error(&self) -> ApiError {
            crate::js::answer::api_error(self)
        }

        pub(crate) fn invalid(&self, problem: DecodeError) -> Error {
            Error::InvalidResponse(InvalidResponse {
                status: self.status,
                problem,
                request_id: self.request_id.clone(),
                attempts: 1,
            })
        }
    }
}
