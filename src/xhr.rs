//! An upload with progress in a page or a page's worker, where fetch
//! reports nothing of a request body going out (and streams a body only
//! over HTTP/2): XMLHttpRequest does. Elsewhere `http` counts the body's
//! stream as fetch takes it.
//!
//! XMLHttpRequest follows redirects itself. The browser drops the
//! `Authorization` header on one to another origin (Fetch), a page rarely
//! holds a key at all, and an answer that came from elsewhere is refused.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use crate::error::Error;
use crate::http::{Attempt, REDIRECT_REFUSED};
use crate::read::{Answer, MAX_ANSWER_BYTES};
use crate::request::ApiRequest;
use crate::upload::{Progress, UploadBody};

type Handler = Closure<dyn FnMut(JsValue)>;

/// Sends one attempt of an upload and reads its answer, reporting the
/// request body's bytes as the browser sends them.
pub(crate) async fn send(
    request: &ApiRequest,
    upload: &UploadBody,
    body: &Blob,
    progress: &Rc<Progress>,
    attempt: &Attempt<'_>,
) -> Result<Answer, Error> {
    if attempt.signal.is_some_and(web_sys::AbortSignal::aborted) {
        return Err(Error::Aborted { attempts: 1 });
    }
    let failed = |_| Error::Connection {
        message: "the browser refused the upload's XMLHttpRequest".to_owned(),
        attempts: 1,
    };
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open_with_async(request.method.as_str(), &request.url, true)
        .map_err(failed)?;
    for (name, value) in request.headers.iter() {
        // Only a value that is no valid header can fail here; never quote it (the key).
        xhr.set_request_header(name, value).map_err(|_| {
            Error::invalid_argument(["The ", name, " header is not valid."].concat())
        })?;
    }
    xhr.set_request_header("content-type", &upload.content_type)
        .map_err(failed)?;
    xhr.set_timeout(u32::try_from(attempt.timeout.as_millis()).unwrap_or(u32::MAX));

    // How it ended: the name of the event that ended it.
    let mut settle = JsValue::UNDEFINED;
    let ended = Promise::new(&mut |resolve, _| settle = resolve.into());
    let settle: Function = settle.unchecked_into();
    let on = |how: &'static str| -> Handler {
        let settle = settle.clone();
        Closure::new(move |_: JsValue| {
            let _ = settle.call1(&JsValue::UNDEFINED, &how.into());
        })
    };
    let (on_load, on_error, on_timeout, on_abort) =
        (on("load"), on("error"), on("timeout"), on("abort"));
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    let sent: Handler = {
        let progress = progress.clone();
        Closure::new(move |event: JsValue| {
            if let Some(event) = event.dyn_ref::<ProgressEvent>() {
                progress.sent(event.loaded() as u64);
            }
        })
    };
    let upload_events = xhr.upload().map_err(failed)?;
    upload_events.set_onprogress(Some(sent.as_ref().unchecked_ref()));
    // An answer past the cap is given up as it comes.
    let too_large = Rc::new(Cell::new(false));
    let capped: Handler = {
        let (xhr, too_large) = (xhr.clone(), too_large.clone());
        Closure::new(move |event: JsValue| {
            let loaded = event.dyn_ref::<ProgressEvent>().map_or(0.0, |e| e.loaded());
            if loaded > MAX_ANSWER_BYTES as f64 {
                too_large.set(true);
                let _ = xhr.abort();
            }
        })
    };
    xhr.set_onprogress(Some(capped.as_ref().unchecked_ref()));
    let abort: Handler = {
        let xhr = xhr.clone();
        Closure::new(move |_: JsValue| {
            let _ = xhr.abort();
        })
    };
    if let Some(signal) = attempt.signal {
        let _ = signal.add_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
    }

    let outcome = match xhr.send_with_opt_blob(Some(body)) {
        Ok(()) => JsFuture::from(ended)
            .await
            .ok()
            .and_then(|how| how.as_string()),
        Err(_) => Some("error".to_owned()),
    };
    // Nothing may call the handlers once they are dropped.
    for events in [
        xhr.unchecked_ref::<web_sys::XmlHttpRequestEventTarget>(),
        &upload_events,
    ] {
        events.set_onload(None);
        events.set_onerror(None);
        events.set_onabort(None);
        events.set_onprogress(None);
    }
    xhr.set_ontimeout(None);
    if let Some(signal) = attempt.signal {
        let _ = signal.remove_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
    }

    match outcome.as_deref() {
        Some("load") => {}
        Some("timeout") => {
            return Err(Error::Timeout {
                after: attempt.timeout,
                attempts: 1,
            })
        }
        Some("abort") if !too_large.get() => return Err(Error::Aborted { attempts: 1 }),
        Some("abort") => {
            let answer = Answer::new(xhr.status().unwrap_or_default(), |_| None);
            return Err(answer.too_large());
        }
        _ => {
            return Err(Error::Connection {
                message: "the upload's XMLHttpRequest failed (the browser gives no reason)"
                    .to_owned(),
                attempts: 1,
            })
        }
    }
    if xhr.response_url() != request.url {
        return Err(Error::Connection {
            message: REDIRECT_REFUSED.to_owned(),
            attempts: 1,
        });
    }
    let mut answer = Answer::new(xhr.status().unwrap_or_default(), |name| {
        xhr.get_response_header(name).ok().flatten()
    });
    answer.body = JsString::from(xhr.response_text().ok().flatten().unwrap_or_default());
    Ok(answer)
}
