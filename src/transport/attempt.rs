//! What both transports share: how an attempt goes, which way an upload's
//! body travels (decided once, here, and tested natively), and the errors
//! they give, each classified where it happens.

use std::time::Duration;

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use crate::error::{ConnectionKind, Error};

/// How one attempt goes.
pub(crate) struct Attempt<'a> {
    /// Headers and body alike within this.
    pub timeout: Duration,
    /// The caller's.
    pub signal: Option<&'a AbortSignal>,
    /// A retry in a browser: past the HTTP cache.
    pub fresh: bool,
    /// In a page or a page's worker: an upload with progress goes by
    /// XMLHttpRequest, fetch reporting none there.
    pub in_browser: bool,
    /// The caller's own `fetch`, in place of the global one.
    pub fetch: Option<&'a Function>,
    /// Keep the answer's headers (`Answer::headers`), for the debug log.
    pub keep_headers: bool,
}

/// Which way an upload's body travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UploadRoute {
    /// The joined Blob, as fetch's body: fetch measures it.
    Blob,
    /// A stream fetch pulls a slice at a time, of a declared length: to
    /// report progress, or where the platform could not join the parts.
    Stream,
    /// XMLHttpRequest with the joined Blob: a page's progress (fetch
    /// reports none of a body going out there).
    Xhr,
}

impl UploadRoute {
    /// The route of a body the platform could (`joined`) or could not join,
    /// whose progress is or is not watched, in a page or not.
    pub(crate) fn of(joined: bool, progress: bool, in_browser: bool) -> Self {
        match (joined, progress, in_browser) {
            (true, true, true) => UploadRoute::Xhr,
            (true, false, _) => UploadRoute::Blob,
            (false, _, _) | (true, true, false) => UploadRoute::Stream,
        }
    }

    /// Whether the request must declare its length: only a stream cannot be measured.
    pub(crate) fn declares_length(self) -> bool {
        self == UploadRoute::Stream
    }
}

/// A header value the platform refuses: named, never quoted (it may be the key).
pub(crate) fn invalid_header(name: &str) -> Error {
    Error::invalid_argument(["The ", name, " header is not valid."].concat())
}

/// A redirect, refused unread.
pub(crate) fn redirect_refused() -> Error {
    Error::Connection {
        kind: ConnectionKind::Redirect,
        message: "the server answered with a redirect, which is never followed (the API key \
                  would go with it)"
            .to_owned(),
        attempts: 1,
    }
}

/// A failed request's error, its kind read from what the platform threw:
/// Node's fetch names the system's reason in `cause.code`.
pub(crate) fn connection_failure(err: &JsValue) -> Error {
    let code = err
        .dyn_ref::<js_sys::Error>()
        .and_then(|error| js_sys::Reflect::get(&error.cause(), &"code".into()).ok())
        .and_then(|code| code.as_string());
    Error::Connection {
        kind: kind_of(code.as_deref()),
        message: message_of(err),
        attempts: 1,
    }
}

/// The kind of a failure whose system error code is `code`.
fn kind_of(code: Option<&str>) -> ConnectionKind {
    match code {
        Some("ECONNREFUSED") => ConnectionKind::Refused,
        _ => ConnectionKind::Broken,
    }
}

/// The message of a thrown JS value, with Node's `cause` where fetch hides
/// the real reason there ("fetch failed" / "connect ECONNREFUSED ...").
pub(crate) fn message_of(err: &JsValue) -> String {
    let Some(error) = err.dyn_ref::<js_sys::Error>() else {
        return err
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned());
    };
    let message = String::from(error.message());
    match error.cause().dyn_ref::<js_sys::Error>() {
        Some(cause) => [message.as_str(), " (", &String::from(cause.message()), ")"].concat(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_takes_one_route() {
        use UploadRoute::{Blob, Stream, Xhr};
        // (joined, progress, in a browser) -> route
        for (joined, progress, in_browser, route) in [
            (true, false, false, Blob),
            (true, false, true, Blob),
            (true, true, false, Stream),
            (true, true, true, Xhr),
            (false, false, false, Stream),
            (false, true, false, Stream),
            (false, false, true, Stream),
            (false, true, true, Stream),
        ] {
            let taken = UploadRoute::of(joined, progress, in_browser);
            assert_eq!(taken, route, "{joined} {progress} {in_browser}");
        }
        assert!(Stream.declares_length());
        assert!(!Blob.declares_length() && !Xhr.declares_length());
    }

    #[test]
    fn a_refused_connection_is_told_by_its_code_alone() {
        assert_eq!(kind_of(Some("ECONNREFUSED")), ConnectionKind::Refused);
        for code in [
            Some("ECONNRESET"),
            Some("UND_ERR_SOCKET"),
            Some("ECONNREFUSEDX"),
            None,
        ] {
            assert_eq!(kind_of(code), ConnectionKind::Broken, "{code:?}");
        }
    }
}
