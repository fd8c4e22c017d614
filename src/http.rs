//! The one place that talks to the platform: `fetch`, timers and abort
//! signals (browsers, workers and Node alike: it binds the globals, never
//! `window`).

use std::time::Duration;

use js_sys::{Array, Function, JsString, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestInit, Response, ResponseType};

use crate::decode::DecodeError;
use crate::error::{Error, InvalidResponse};
use crate::platform::GlobalSigns;
use crate::request::ApiRequest;
use crate::retry::RetryAfter;

/// The largest answer read: far above any real one (a list of 1,000 files
/// is well under 1 MiB), so a broken or hostile server cannot make a client
/// buffer without end.
pub const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(timer: &JsValue);
}

/// An answer with its whole body read.
pub(crate) struct Answer {
    pub status: u16,
    pub request_id: Option<String>,
    retry_after_ms: Option<String>,
    retry_after: Option<String>,
    /// Kept as a JS string: the JS face parses it with the engine's own
    /// `JSON.parse`, the Rust face copies it into wasm to decode it.
    pub body: JsString,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub(crate) fn retry_after(&self) -> RetryAfter<'_> {
        RetryAfter {
            millis: self.retry_after_ms.as_deref(),
            header: self.retry_after.as_deref(),
        }
    }
}

/// Sends one attempt and reads the whole answer, within `timeout` (headers
/// and body alike) and until `signal` fires; `fresh` (for a retry in a
/// browser) past the HTTP cache.
pub(crate) async fn send(
    request: &ApiRequest,
    body: Option<&JsValue>,
    timeout: Duration,
    signal: Option<&AbortSignal>,
    fresh: bool,
) -> Result<Answer, Error> {
    let timer = AbortSignal::timeout_with_f64(timeout.as_millis() as f64);
    let either = match signal {
        Some(signal) => AbortSignal::any(&Array::of2(signal, &timer)),
        None => timer.clone(),
    };
    // Which signal fired tells an abort from a timeout from a broken connection.
    let failed = |err: JsValue| {
        if signal.is_some_and(AbortSignal::aborted) {
            Error::Aborted { attempts: 1 }
        } else if timer.aborted() {
            Error::Timeout {
                after: timeout,
                attempts: 1,
            }
        } else {
            Error::Connection {
                message: message_of(&err),
                attempts: 1,
            }
        }
    };
    let init = fetch_init(request, body, &either, fresh)?;
    let response: Response = JsFuture::from(fetch_with_init(&request.url, &init))
        .await
        .map_err(failed)?
        .unchecked_into();
    if is_redirect(&response) {
        // Dropped unread: the key must not follow it, and nothing is read from it.
        if let Some(stream) = response.body() {
            let _ = stream.cancel();
        }
        return Err(Error::Connection {
            message: "the server answered with a redirect, which is never followed (the API key \
                      would go with it)"
                .to_owned(),
            attempts: 1,
        });
    }
    let status = response.status();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let (request_id, retry_after_ms, retry_after) = (
        header("x-request-id"),
        header("retry-after-ms"),
        header("retry-after"),
    );
    let body = match read_body(&response).await.map_err(failed)? {
        Some(body) => body,
        None => {
            let problem = DecodeError {
                path: String::new(),
                message: format!(
                    "the answer is larger than {MAX_ANSWER_BYTES} bytes: no Files API answer is"
                ),
            };
            return Err(Error::InvalidResponse(InvalidResponse {
                status,
                problem,
                request_id,
                attempts: 1,
            }));
        }
    };
    Ok(Answer {
        status,
        request_id,
        retry_after_ms,
        retry_after,
        body,
    })
}

/// The whole body, or `None` past [`MAX_ANSWER_BYTES`]. A declared length
/// over the cap is refused unread. Otherwise the body is read at once only
/// when its declared length is the length read: no `Content-Encoding`, and
/// one that would be seen (see [`encoding_visible`]). Any other body is
/// counted as it streams in.
async fn read_body(response: &Response) -> Result<Option<JsString>, JsValue> {
    let headers = response.headers();
    let declared = headers
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.trim().parse::<u64>().ok());
    let compressed = headers.get("content-encoding").ok().flatten().is_some();
    let plain = !compressed && encoding_visible(response, &headers);
    let Some(stream) = response.body() else {
        return Ok(Some(JsString::from("")));
    };
    match declared {
        Some(length) if length > MAX_ANSWER_BYTES => {
            // Dropped unread; the stream's end of the fetch is let go.
            let _ = stream.cancel();
            Ok(None)
        }
        Some(_) if plain => {
            let text = JsFuture::from(response.text()?).await?;
            Ok(Some(text.unchecked_into()))
        }
        _ => read_counting(&stream).await,
    }
}

/// Whether a `Content-Encoding` would show in `headers`. A browser hides a
/// cross-origin answer's headers but those the server exposes, so there a
/// small gzip body could pass for a plain one and inflate past the cap;
/// unless the exposed list, itself exposed, names it (or is `*`: our
/// cross-origin requests carry no credentials, where `*` means every one).
fn encoding_visible(response: &Response, headers: &Headers) -> bool {
    if response.type_() != ResponseType::Cors {
        return true;
    }
    let exposed = headers
        .get("access-control-expose-headers")
        .ok()
        .flatten()
        .unwrap_or_default();
    exposed
        .split(',')
        .map(str::trim)
        .any(|name| name == "*" || name.eq_ignore_ascii_case("content-encoding"))
}

#[wasm_bindgen]
extern "C" {
    /// The platform's `TextDecoder`, bound here so its text stays a JS
    /// string (web-sys's binding copies it into wasm).
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(
        this: &TextDecoder,
        chunk: &Uint8Array,
        options: &JsValue,
    ) -> Result<JsString, JsValue>;
    /// What a chunk's end left pending (a cut character becomes U+FFFD).
    #[wasm_bindgen(method, catch, js_name = decode)]
    fn finish(this: &TextDecoder) -> Result<JsString, JsValue>;
}

/// The body decoded chunk by chunk as it comes, given up past the cap.
/// Invalid UTF-8 becomes U+FFFD, as with `response.text()`.
async fn read_counting(stream: &web_sys::ReadableStream) -> Result<Option<JsString>, JsValue> {
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let decoder = TextDecoder::new()?;
    let streaming = js_sys::Object::new();
    Reflect::set(&streaming, &"stream".into(), &JsValue::TRUE)?;
    let mut text = JsString::from("");
    let mut total = 0u64;
    loop {
        let step = JsFuture::from(reader.read()).await?;
        if Reflect::get(&step, &"done".into())?.is_truthy() {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&step, &"value".into())?.unchecked_into();
        total += u64::from(chunk.length());
        if total > MAX_ANSWER_BYTES {
            let _ = reader.cancel();
            return Ok(None);
        }
        text = text.concat(&decoder.decode(&chunk, &streaming)?.into());
    }
    Ok(Some(text.concat(&decoder.finish()?.into())))
}

/// A redirect handed back by `redirect: 'manual'`: opaque in browsers, the
/// 3xx itself elsewhere.
fn is_redirect(response: &Response) -> bool {
    response.type_() == ResponseType::Opaqueredirect
        || matches!(response.status(), 301 | 302 | 303 | 307 | 308)
}

/// The `fetch` options of one attempt. The URL and these go to `fetch` as
/// they are: a `Request` built first would be built again inside `fetch`.
fn fetch_init(
    request: &ApiRequest,
    body: Option<&JsValue>,
    signal: &AbortSignal,
    fresh: bool,
) -> Result<RequestInit, Error> {
    let headers = Headers::new().map_err(|err| Error::invalid_argument(message_of(&err)))?;
    for (name, value) in &request.headers {
        // Only a value that is no valid header can fail here; never quote it (the key).
        headers
            .set(name, value)
            .map_err(|_| Error::invalid_argument(format!("The {name} header is not valid.")))?;
    }
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    // The key must not follow a redirect to another origin: `manual` hands
    // the redirect back unfollowed, and `send` refuses it. (`error` would
    // say the same, but workerd refuses that mode.)
    init.set_redirect(web_sys::RequestRedirect::Manual);
    // A retry in a browser skips its HTTP cache (and refreshes it): a cached
    // 301/308 would otherwise fail every call to the URL without asking the
    // service. Only a retry: cross-origin, any mode but the default also
    // skips the preflight cache, a preflight more on every call. Server
    // runtimes have no HTTP cache, and workerd refuses the option.
    if fresh {
        init.set_cache(web_sys::RequestCache::Reload);
    }
    if let Some(body) = body {
        init.set_body(body);
    }
    Ok(init)
}

/// Waits `duration`, or until `signal` fires (then `Err`); leaves no timer behind.
pub(crate) async fn sleep(duration: Duration, signal: Option<&AbortSignal>) -> Result<(), ()> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(());
    }
    let mut timer = JsValue::UNDEFINED;
    let mut on_abort = None;
    let wait = Promise::new(&mut |resolve, reject| {
        timer = set_timeout(&resolve, duration.as_millis() as f64);
        if let Some(signal) = signal {
            // Registering a listener on a live signal cannot fail.
            let _ = signal.add_event_listener_with_callback("abort", &reject);
        }
        on_abort = Some(reject);
    });
    let outcome = JsFuture::from(wait).await;
    clear_timeout(&timer);
    if let (Some(signal), Some(listener)) = (signal, &on_abort) {
        let _ = signal.remove_event_listener_with_callback("abort", listener);
    }
    outcome.map(drop).map_err(drop)
}

/// Whether this is a page or a page's worker (where a key is visible to
/// anyone), not a server runtime that merely looks like one.
pub(crate) fn in_browser() -> bool {
    let global = js_sys::global();
    let get = |object: &JsValue, name: &str| {
        Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
    };
    let has = |name: &str| Reflect::has(&global, &name.into()).unwrap_or(false);
    let versions = get(&get(&global, "process"), "versions");
    GlobalSigns {
        document: has("document"),
        worker_scope: has("WorkerGlobalScope"),
        node: !versions.is_undefined() && get(&versions, "node").is_string(),
        deno: has("Deno"),
        bun: has("Bun"),
        edge_runtime: has("EdgeRuntime"),
        user_agent: get(&get(&global, "navigator"), "userAgent").as_string(),
    }
    .is_browser()
}

/// The time now, in Unix milliseconds.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A number in [0, 1), for retry jitter.
pub(crate) fn random() -> f64 {
    js_sys::Math::random()
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
