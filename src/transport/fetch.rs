//! One attempt by `fetch` (browsers, workers and Node alike: it binds the
//! global, never `window`), or by the caller's own `fetch`: its headers; its
//! body (the joined Blob, or a stream of slices, for progress or where the
//! platform could not join the parts); its timeout, an `AbortSignal` joined
//! to the caller's, and which of them ended it, told apart from a broken
//! connection; a redirect refused; and the answer read within a cap, or
//! handed on unread where the caller streams it (`download`). A page's
//! upload with progress goes by XMLHttpRequest instead (`xhr`).

use js_sys::{Array, Function, JsString, Promise, Reflect};
use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, ReadableStream, RequestInit, Response, ResponseType};

use super::attempt::{
    connection_failure, invalid_header, message_of, redirect_refused, Attempt, UploadRoute,
};
use crate::error::Error;
use crate::read::{Answer, MAX_ANSWER_BYTES};
use crate::request::ApiRequest;
use crate::text::decimal;
use crate::upload::UploadBody;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &RequestInit) -> Promise;
}

/// Sends one attempt and reads the whole answer.
pub(super) async fn send(
    request: &ApiRequest,
    upload: Option<(&UploadBody, UploadRoute)>,
    attempt: &Attempt<'_>,
) -> Result<Answer, Error> {
    let timeout = attempt.timeout;
    let signal = attempt.signal;
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
            connection_failure(&err)
        }
    };
    let init = fetch_init(request, upload, &either, attempt.fresh)?;
    // Kept until fetch settles: the body's stream calls into it.
    let _reporting = match upload {
        Some((upload, route)) => attach(&init, upload, route)?,
        None => None,
    };
    let sent = match attempt.fetch {
        // A fetch that throws rather than rejects fails the attempt alike.
        Some(fetch) => fetch
            .call2(&JsValue::UNDEFINED, &request.url.as_str().into(), &init)
            .map(|answer| Promise::resolve(&answer)),
        None => Ok(fetch_with_init(&request.url, &init)),
    };
    let response: Response = JsFuture::from(sent.map_err(failed)?)
        .await
        .map_err(failed)?
        .unchecked_into();
    if is_redirect(&response) {
        // Dropped unread: the key must not follow it, and nothing is read from it.
        if let Some(stream) = response.body() {
            let _ = stream.cancel();
        }
        return Err(redirect_refused());
    }
    let headers = response.headers();
    let mut answer = Answer::new(response.status(), |name| headers.get(name).ok().flatten());
    if attempt.keep_headers {
        answer.headers = Some(header_lines(&headers));
    }
    if request.streamed && answer.is_success() {
        // The caller reads it, within this attempt's timeout and signal.
        answer.streamed = Some(response);
        return Ok(answer);
    }
    match read_body(&response).await.map_err(failed)? {
        Some(body) => answer.body = body,
        None => return Err(answer.too_large()),
    }
    Ok(answer)
}

/// The whole body, or `None` past [`MAX_ANSWER_BYTES`]. A declared length
/// over the cap is refused unread. Otherwise the body is read at once only
/// when its declared length is the length read: no `Content-Encoding`, and
/// one that would be seen (see [`encoding_visible`]). Any other body is
/// counted as it streams in. Read at once by `response.text()`, a body
/// stays where Chromium's DevTools can show it; read as a stream, some
/// were at times gone when asked for (`Network.getResponseBody`: seen in
/// the dashboard tests, which read every answer that way).
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

#[wasm_bindgen(module = "/src/transport/fetch.js")]
extern "C" {
    /// The body read to its end and decoded, or `null` past `cap` bytes (the
    /// stream is then cancelled: no more is read). In JS, one await a chunk
    /// where a loop through wasm took one more each way.
    #[wasm_bindgen(js_name = readCapped)]
    fn read_capped(stream: &ReadableStream, cap: f64) -> Promise;

    /// Every header, as "name: value" lines (XMLHttpRequest's
    /// `getAllResponseHeaders()` form), for the debug log.
    #[wasm_bindgen(js_name = headerLines)]
    fn header_lines(headers: &Headers) -> String;

    /// A stream of the parts' bytes, a slice of `plan` (`[part, start,
    /// end]` triples) each time fetch pulls one, nothing read ahead; each
    /// slice is a Blob's own `slice`, so no part is read whole. `on_sent`
    /// is told the bytes handed over so far. In JS: a pull through wasm
    /// cost a closure, a promise and a future of its own, more wasm than
    /// this JS weighs (docs/DESIGN.md, Platform plumbing in JS).
    #[wasm_bindgen(js_name = sliceStream, catch)]
    fn slice_stream(
        parts: &Array,
        plan: Vec<f64>,
        on_sent: Option<&Function>,
    ) -> Result<ReadableStream, JsValue>;
}

/// The body counted as it streams in, or `None` past the cap. Invalid UTF-8
/// becomes U+FFFD, as with `response.text()`.
async fn read_counting(stream: &ReadableStream) -> Result<Option<JsString>, JsValue> {
    let text = JsFuture::from(read_capped(stream, MAX_ANSWER_BYTES as f64)).await?;
    Ok(text.dyn_into::<JsString>().ok())
}

/// A redirect handed back by `redirect: 'manual'`: opaque in browsers, the
/// 3xx itself elsewhere.
fn is_redirect(response: &Response) -> bool {
    response.type_() == ResponseType::Opaqueredirect
        || matches!(response.status(), 301 | 302 | 303 | 307 | 308)
}

/// Tells the upload's progress of the bytes its stream has handed fetch.
type Reporting = Closure<dyn FnMut(f64)>;

/// The slices of an upload's body fetch is given one at a time: about a
/// hundredth of the body, so that a progress bar moves by the percent, from
/// 64 KiB to 1 MiB (a slice costs a promise and a copy, and smaller ones
/// made an upload slower than a bare fetch: docs/DESIGN.md, Uploads).
/// Whole bytes: Node aborts the process on a Blob slice at a fractional offset.
fn upload_slice(size: f64) -> f64 {
    (size / 100.0).floor().clamp(64.0 * 1024.0, 1024.0 * 1024.0)
}

/// Where each slice of a body made of parts of `sizes` lies, in order, as
/// flat `[part, start, end]` triples: at most `slice` bytes each, and never
/// one that crosses from one part into the next. (About a hundred for the
/// largest file: a 100 MB body in slices of 1 MiB.)
fn slice_plan(sizes: &[f64], slice: f64) -> Vec<f64> {
    let mut plan = Vec::new();
    for (part, &size) in sizes.iter().enumerate() {
        let mut start = 0.0;
        while start < size {
            let end = (start + slice).min(size);
            plan.extend([part as f64, start, end]);
            start = end;
        }
    }
    plan
}

/// An upload's body on a fetch: the joined Blob as it is, or a stream fetch
/// pulls from a slice at a time, read from the parts themselves: to report
/// progress (each slice as fetch takes it), and where the platform could
/// not join the parts. Sent as one body of the length `fetch_init`
/// declares, not chunked. The Blob's own stream would not do: one made in
/// memory comes in one piece, which reports nothing until the end. Gives
/// the progress closure, which must live until fetch settles.
fn attach(
    init: &RequestInit,
    upload: &UploadBody,
    route: UploadRoute,
) -> Result<Option<Reporting>, Error> {
    if let (UploadRoute::Blob, Some(joined)) = (route, &upload.joined) {
        init.set_body(joined);
        return Ok(None);
    }
    let refused = |_| Error::invalid_argument("The platform refused the upload's stream.");
    let [head, file, tail] = &upload.parts;
    let plan = slice_plan(
        &[head.size(), file.size(), tail.size()],
        upload_slice(upload.size),
    );
    let reporting: Option<Reporting> = upload
        .progress
        .clone()
        .map(|progress| Closure::new(move |sent: f64| progress.sent(sent as u64)));
    let on_sent = reporting
        .as_ref()
        .map(|report| report.as_ref().unchecked_ref());
    let stream = slice_stream(&Array::of3(head, file, tail), plan, on_sent).map_err(refused)?;
    init.set_body(&stream);
    // A stream body must say it is sent while the answer may already come.
    Reflect::set(init, &"duplex".into(), &"half".into()).map_err(refused)?;
    Ok(reporting)
}

/// An upload's own headers: its multipart boundary, and its length where
/// its body goes as a stream (one fetch cannot measure).
fn upload_headers(upload: Option<(&UploadBody, UploadRoute)>) -> Vec<(&'static str, String)> {
    let Some((upload, route)) = upload else {
        return Vec::new();
    };
    let mut headers = vec![("content-type", upload.content_type.clone())];
    if route.declares_length() {
        headers.push(("content-length", decimal(upload.size as u64)));
    }
    headers
}

/// The `fetch` options of one attempt. The URL and these go to `fetch` as
/// they are: a `Request` built first would be built again inside `fetch`.
fn fetch_init(
    request: &ApiRequest,
    upload: Option<(&UploadBody, UploadRoute)>,
    signal: &AbortSignal,
    fresh: bool,
) -> Result<RequestInit, Error> {
    let headers = Headers::new().map_err(|err| Error::invalid_argument(message_of(&err)))?;
    let upload_headers = upload_headers(upload);
    let body_headers = upload_headers
        .iter()
        .map(|(name, value)| (*name, value.as_str()));
    for (name, value) in request.all_headers().chain(body_headers) {
        // Only a value that is no valid header can fail here; never quote it (the key).
        headers.set(name, value).map_err(|_| invalid_header(name))?;
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
    Ok(init)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_walk_each_part_and_never_cross_into_the_next() {
        let plan = slice_plan(&[10.0, 25.0, 4.0], 8.0);
        let slices: Vec<&[f64]> = plan.chunks(3).collect();
        assert_eq!(
            slices,
            [
                [0.0, 0.0, 8.0],
                [0.0, 8.0, 10.0],
                [1.0, 0.0, 8.0],
                [1.0, 8.0, 16.0],
                [1.0, 16.0, 24.0],
                [1.0, 24.0, 25.0],
                [2.0, 0.0, 4.0],
            ]
        );
        let sent: f64 = slices.iter().map(|slice| slice[2] - slice[1]).sum();
        assert_eq!(sent, 39.0, "every byte of every part, once");
        assert_eq!(
            slice_plan(&[0.0, 3.0], 8.0),
            [1.0, 0.0, 3.0],
            "an empty part has none"
        );
        assert!(slice_plan(&[0.0, 0.0, 0.0], 8.0).is_empty());
    }

    #[test]
    fn a_slice_is_a_hundredth_of_the_body_within_64_kib_and_1_mib() {
        assert_eq!(upload_slice(1000.0), 65536.0);
        assert_eq!(upload_slice(10_000_000.0), 100_000.0);
        assert_eq!(upload_slice(1e9), 1_048_576.0);
    }
}
