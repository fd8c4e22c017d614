//! An upload with progress in a page or a page's worker, where fetch
//! reports nothing of a request body going out (and streams a body only
//! over HTTP/2): XMLHttpRequest does. Elsewhere `fetch` counts the body's
//! stream as fetch takes it.
//!
//! XMLHttpRequest follows redirects itself. The browser drops the
//! `Authorization` header on one to another origin (Fetch), a page rarely
//! holds a key at all, and an answer that came from elsewhere is refused.

use std::rc::Rc;

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, XmlHttpRequest};

use super::attempt::{invalid_header, redirect_refused, Attempt};
use crate::error::{ConnectionKind, Error};
use crate::read::{Answer, MAX_ANSWER_BYTES};
use crate::request::ApiRequest;
use crate::upload::{Progress, UploadBody};

#[wasm_bindgen(module = "/src/transport/xhr.js")]
extern "C" {
    /// Sends the opened request with `body`, and resolves, its handlers
    /// gone, to how it ended: `load`, `error`, `timeout`, `abort` (the
    /// caller's signal) or `too_large` (the answer passed `cap` bytes, and
    /// was given up as it came). `on_sent` is told the body's bytes sent so
    /// far. In JS: as six wasm closures the handlers weighed more than this
    /// JS (docs/DESIGN.md, Platform plumbing in JS).
    #[wasm_bindgen(js_name = sendXhr)]
    fn send_xhr(
        xhr: &XmlHttpRequest,
        body: &Blob,
        timeout: u32,
        signal: Option<&AbortSignal>,
        on_sent: &Function,
        cap: f64,
    ) -> Promise;
}

/// Sends one attempt of an upload and reads its answer, reporting the
/// request body's bytes as the browser sends them.
pub(crate) async fn send(
    request: &ApiRequest,
    upload: &UploadBody,
    body: &Blob,
    progress: &Rc<Progress>,
    attempt: &Attempt<'_>,
) -> Result<Answer, Error> {
    if attempt.signal.is_some_and(AbortSignal::aborted) {
        return Err(Error::Aborted { attempts: 1 });
    }
    let failed = |_| Error::Connection {
        kind: ConnectionKind::Broken,
        message: "the browser refused the upload's XMLHttpRequest".to_owned(),
        attempts: 1,
    };
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open_with_async(request.method.as_str(), &request.url, true)
        .map_err(failed)?;
    for (name, value) in request.all_headers() {
        // Only a value that is no valid header can fail here; never quote it (the key).
        xhr.set_request_header(name, value)
            .map_err(|_| invalid_header(name))?;
    }
    xhr.set_request_header("content-type", &upload.content_type)
        .map_err(failed)?;
    let sent: Closure<dyn FnMut(f64)> = {
        let progress = progress.clone();
        Closure::new(move |loaded: f64| progress.sent(loaded as u64))
    };
    let timeout = u32::try_from(attempt.timeout.as_millis()).unwrap_or(u32::MAX);
    let ended = send_xhr(
        &xhr,
        body,
        timeout,
        attempt.signal,
        sent.as_ref().unchecked_ref(),
        MAX_ANSWER_BYTES as f64,
    );
    let outcome = JsFuture::from(ended)
        .await
        .ok()
        .and_then(|how| how.as_string());
    // Only now: nothing calls it once the request has ended.
    drop(sent);

    match outcome.as_deref() {
        Some("load") => {}
        Some("timeout") => {
            return Err(Error::Timeout {
                after: attempt.timeout,
                attempts: 1,
            })
        }
        Some("abort") => return Err(Error::Aborted { attempts: 1 }),
        Some("too_large") => {
            let answer = Answer::new(xhr.status().unwrap_or_default(), |_| None);
            return Err(answer.too_large());
        }
        _ => {
            return Err(Error::Connection {
                kind: ConnectionKind::Broken,
                message: "the upload's XMLHttpRequest failed (the browser gives no reason)"
                    .to_owned(),
                attempts: 1,
            })
        }
    }
    if xhr.response_url() != request.url {
        return Err(redirect_refused());
    }
    let mut answer = Answer::new(xhr.status().unwrap_or_default(), |name| {
        xhr.get_response_header(name).ok().flatten()
    });
    answer.body = JsString::from(xhr.response_text().ok().flatten().unwrap_or_default());
    Ok(answer)
}
