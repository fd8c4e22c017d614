//! The one path every call takes, for both faces: send the request, retry
//! what may pass, and read the answer with the face's reader. Each
//! endpoint's call is one line over it; the waits and the workflows that
//! chain calls are in `workflows`.

use crate::client::Client;
use crate::config::check_timer;
use crate::error::{ApiErrorKind, Error};
use crate::options::RequestOptions;
use crate::platform;
use crate::rate_limit_wait::{WaitEnd, WaitTold};
use crate::read::Answer;
use crate::read::{FileView, Reader};
use crate::request::{ApiRequest, Page};
use crate::retry::{self, Decision};
use crate::transport::{self, Attempt};
use crate::types::Purpose;
use crate::upload::{new_idempotency_key, FileUpload, UploadBody};

/// The calls of one face, with one set of per-call options.
#[derive(Clone, Debug)]
pub(crate) struct Calls<R> {
    pub(crate) client: Client,
    pub(crate) options: RequestOptions,
    pub(crate) reader: R,
}

impl<R: Reader> Calls<R> {
    /// `GET /files`.
    pub(crate) async fn list(&self) -> Result<R::List, Error> {
        let request = ApiRequest::list(self.client.config());
        self.reader.list(self.send(&request, None).await?)
    }

    /// `GET /files` (one page of it on the dated API, where `page` asks),
    /// keeping only the files of `purpose` where one is given: the service
    /// takes no filter, so the client applies it.
    pub(crate) async fn list_of(
        &self,
        purpose: Option<Purpose>,
        page: &Page,
    ) -> Result<R::List, Error> {
        let request = ApiRequest::list_page(self.client.config(), page)?;
        let list = self.reader.list(self.send(&request, None).await?)?;
        Ok(match purpose {
            Some(purpose) => self
                .reader
                .keep_files(list, &|file| file.purpose() == purpose),
            None => list,
        })
    }

    /// `POST /files`: the limits checked first, then the multipart upload.
    /// On the dated API with an `Idempotency-Key`, made once for the call:
    /// its retries are replayed by the service, never stored twice.
    pub(crate) async fn create(&self, upload: &FileUpload) -> Result<R::File, Error> {
        let body = upload.to_body()?;
        let config = self.client.config();
        let key = match (&upload.idempotency_key, &config.api_version) {
            (Some(key), _) => Some(key.clone()),
            (None, Some(_)) => Some(new_idempotency_key(js_sys::Math::random)),
            (None, None) => None,
        };
        let request = ApiRequest::create(config, key.as_deref())?;
        self.reader.file(self.send(&request, Some(&body)).await?)
    }

    /// `GET /files/{id}`.
    pub(crate) async fn retrieve(&self, id: &str) -> Result<R::File, Error> {
        let request = ApiRequest::retrieve(self.client.config(), id)?;
        self.reader.file(self.send(&request, None).await?)
    }

    /// `DELETE /files/{id}`.
    pub(crate) async fn delete(&self, id: &str) -> Result<R::Deleted, Error> {
        let request = ApiRequest::delete(self.client.config(), id)?;
        self.reader.deleted(self.send(&request, None).await?, id)
    }

    /// `GET /files/{id}/content`, as the service sends it.
    pub(crate) async fn content(&self, id: &str) -> Result<R::Text, Error> {
        let request = ApiRequest::content(self.client.config(), id)?;
        Ok(self.reader.content(self.send(&request, None).await?))
    }

    /// `GET /files/{id}/content`, the text out of the service's document.
    pub(crate) async fn extracted_text(&self, id: &str) -> Result<R::Text, Error> {
        let request = ApiRequest::content(self.client.config(), id)?;
        Ok(self.reader.extracted_text(self.send(&request, None).await?))
    }

    /// `GET /files/{id}/content`, the stored bytes: the answer with its body
    /// unread, for the caller to stream.
    pub(crate) async fn download(&self, id: &str) -> Result<web_sys::Response, Error> {
        let request = ApiRequest::download(self.client.config(), id)?;
        let mut answer = self.send(&request, None).await?;
        // Always there on a success (`transport::send`); an error, never a panic.
        answer.streamed.take().ok_or_else(|| {
            answer.invalid(crate::error::DecodeError {
                path: String::new(),
                message: "the answer had no body".to_owned(),
            })
        })
    }

    /// Sends a request, retrying as the rules of [`retry`] allow, each
    /// attempt in its turn under the client's rate limits (`limiter`); an
    /// error status becomes an [`Error::Api`], read by the face's reader.
    pub(crate) async fn send(
        &self,
        request: &ApiRequest,
        upload: Option<&UploadBody>,
    ) -> Result<Answer, Error> {
        let config = self.client.config();
        let timeout = match self.options.timeout.or(config.timeout) {
            Some(timeout) => check_timer(timeout, "timeout")?,
            None => request.default_timeout,
        };
        let max_retries = self.options.max_retries.unwrap_or(config.max_retries);
        let signal = self.options.signal.as_ref();
        let hook = self.client.on_rate_limit();
        let mut retries_done = 0;
        loop {
            // Aborted before this attempt (or while it waited its turn): only
            // the earlier ones were sent.
            let aborted = Error::Aborted {
                attempts: retries_done,
            };
            if signal.is_some_and(web_sys::AbortSignal::aborted) {
                return Err(aborted);
            }
            let permit = self.client.limiter().acquire(signal, hook).await;
            let Ok(permit) = permit else {
                return Err(aborted);
            };
            let attempts = retries_done + 1;
            let attempt = Attempt {
                timeout,
                signal,
                fresh: retries_done > 0 && self.client.in_browser(),
                in_browser: self.client.in_browser(),
                fetch: self.client.fetch(),
            };
            let dated = config.api_version.is_some();
            let outcome = transport::send(request, upload, &attempt)
                .await
                .map(|mut answer| {
                    answer.dated = dated;
                    answer
                });
            drop(permit);
            if let Some(deprecation) = outcome.as_ref().ok().and_then(|a| a.deprecation.as_ref()) {
                self.client.note_deprecation(deprecation);
            }
            let (mut error, answer) = match outcome {
                Ok(answer) if answer.is_success() => {
                    if let Some(progress) = upload.and_then(|upload| upload.progress.as_ref()) {
                        progress.done();
                    }
                    return Ok(answer);
                }
                Ok(answer) => (Error::Api(self.reader.api_error(&answer)), Some(answer)),
                Err(error) => (error, None),
            };
            let mut asked = None;
            if let Error::Api(api) = &mut error {
                let headers = answer.as_ref().map(Answer::retry_after).unwrap_or_default();
                asked = retry::asked(headers, platform::now_ms(), api.retry_after);
                api.retry_after = asked.map(retry::Asked::wait);
                self.client
                    .limiter()
                    .learn(api.limit, api.limit_value, api.retry_after);
            }
            let decision = match error.outcome() {
                Some(outcome) => retry::decide(
                    outcome,
                    request.replay,
                    retries_done,
                    max_retries,
                    asked,
                    timeout,
                    platform::random(),
                ),
                None => Decision::GiveUp,
            };
            match decision {
                Decision::GiveUp => {
                    if let Error::Api(api) = &mut error {
                        api.hint = api.hint_for(
                            &config.base_url,
                            config.api_key.is_some(),
                            config.api_version.as_deref(),
                        );
                    }
                    return Err(error.with_attempts(attempts));
                }
                Decision::RetryAfter(wait) => {
                    // The hook hears of a rate limit's wait, not of other retries.
                    let (hook, limit, value) = match &error {
                        Error::Api(api) if api.kind == ApiErrorKind::RateLimit => {
                            (hook, api.limit, api.limit_value)
                        }
                        _ => (None, None, None),
                    };
                    let told = WaitTold::tell(hook, limit, value, Some(wait));
                    // Aborted, `told` is dropped: the wait ended as aborted.
                    if platform::sleep(wait, signal).await.is_err() {
                        return Err(Error::Aborted { attempts });
                    }
                    told.end(WaitEnd::Done);
                    retries_done += 1;
                }
            }
        }
    }
}
