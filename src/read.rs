//! How a face reads the service's answers. The calls, the waits and the
//! workflows are written once (`calls`, `workflows`) over this trait: the
//! Rust face decodes each answer into its types (`decode::Typed`), the JS
//! face hands it to the engine's `JSON.parse` and the checks generated from
//! the same types (`js::answer::JsAnswers`), so there a body never crosses
//! into wasm and no JSON parser of ours is in its wasm.

use js_sys::JsString;

use crate::error::{AnswerIds, ApiError, DecodeError, Error, InvalidResponse};
use crate::retry::RetryAfter;
use crate::text::decimal;
use crate::types::{FileStatus, Purpose};

/// One face's reading of each kind of answer.
pub(crate) trait Reader {
    /// `GET /files`.
    type List;
    /// A file object.
    type File: FileView;
    /// `DELETE /files/{id}`.
    type Deleted;
    /// A file's content, as text.
    type Text;

    fn list(&self, answer: Answer) -> Result<Self::List, Error>;
    /// The files of a list, for the workflows that choose among them.
    fn files_of(&self, list: Self::List) -> Vec<Self::File>;
    /// The list with only the files `keep` keeps, in their order.
    fn keep_files(&self, list: Self::List, keep: &dyn Fn(&Self::File) -> bool) -> Self::List;
    fn file(&self, answer: Answer) -> Result<Self::File, Error>;
    /// A deletion's answer; the dated API's 204 has no body, only the id it was sent for.
    fn deleted(&self, answer: Answer, id: &str) -> Result<Self::Deleted, Error>;
    /// The content as the service sent it.
    fn content(&self, answer: Answer) -> Self::Text;
    /// The `content` field of the service's JSON document, or the body as it came.
    fn extracted_text(&self, answer: Answer) -> Self::Text;
    /// The text cut to at most `max` characters (as the face counts them),
    /// and whether it was cut.
    fn cap(&self, text: Self::Text, max: usize) -> (Self::Text, bool);
    /// The error an error status stands for, read from its body.
    fn api_error(&self, answer: &Answer) -> ApiError;
}

/// What the workflows read of a file, whichever face holds it.
pub(crate) trait FileView {
    fn id(&self) -> String;
    fn purpose(&self) -> Purpose;
    fn status(&self) -> FileStatus;
    fn status_details(&self) -> Option<String>;
    fn created_at(&self) -> i64;
    /// Its size in bytes (`bytes`, or the dated API's `size_bytes`).
    fn size(&self) -> u64;
}

/// The largest answer read: far above any real one (a list of 1,000 files
/// is well under 1 MiB), so a broken or hostile server cannot make a client
/// buffer without end.
pub const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

/// An answer with its whole body read.
pub(crate) struct Answer {
    pub status: u16,
    pub ids: AnswerIds,
    retry_after_ms: Option<String>,
    retry_after: Option<String>,
    /// Kept as a JS string: the JS face parses it with the engine's own
    /// `JSON.parse`, the Rust face copies it into wasm to decode it.
    pub body: JsString,
    /// A streamed request's success, its body unread (`body` is then empty).
    pub streamed: Option<web_sys::Response>,
    /// The answer of a dated request (`kimi-api-version` sent): its bodies
    /// have the dated shapes.
    pub dated: bool,
    /// `Deprecation` (any value but `false`): the version sent is retired,
    /// and `Sunset`'s date, where given, says when it is refused.
    pub deprecation: Option<Deprecation>,
    /// Every header, as "name: value" lines, where the attempt kept them
    /// (`Attempt::keep_headers`: the debug log).
    pub headers: Option<String>,
}

/// A retired API version, as an answer's `Deprecation` and `Sunset` say.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deprecation {
    /// The version the client sent.
    pub version: Option<String>,
    /// The `Sunset` date (RFC 3339), after which the service refuses it.
    pub sunset: Option<String>,
}

impl Deprecation {
    /// What a developer is told, once per client.
    pub fn describe(&self) -> String {
        [
            "moonshot-files: the service says the Files API version ",
            self.version.as_deref().unwrap_or("in use"),
            " is deprecated",
            &self
                .sunset
                .as_deref()
                .map(|date| [" and will refuse it after ", date].concat())
                .unwrap_or_default(),
            "; set apiVersion to a current one (kimi-api-version).",
        ]
        .concat()
    }
}

impl Answer {
    /// An answer with its status and the headers read, its body still empty.
    pub(crate) fn new(status: u16, header: impl Fn(&str) -> Option<String>) -> Self {
        Answer {
            status,
            ids: AnswerIds {
                // The service's own; a gateway or proxy before it may send the usual one.
                request_id: header("msh-request-id").or_else(|| header("x-request-id")),
                trace_id: header("x-msh-trace-id"),
            },
            retry_after_ms: header("retry-after-ms"),
            retry_after: header("retry-after"),
            body: JsString::from(""),
            streamed: None,
            dated: false,
            deprecation: header("deprecation")
                .filter(|value| !value.trim().eq_ignore_ascii_case("false"))
                .map(|_| Deprecation {
                    version: None,
                    sunset: header("sunset"),
                }),
            headers: None,
        }
    }

    /// The error of an answer past [`MAX_ANSWER_BYTES`], left unread.
    pub(crate) fn too_large(&self) -> Error {
        self.invalid(DecodeError {
            path: String::new(),
            message: [
                "the answer is larger than ",
                &decimal(MAX_ANSWER_BYTES),
                " bytes: no Files API answer is",
            ]
            .concat(),
        })
    }

    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The dated API's answer to a delete: 204, no body.
    pub(crate) fn is_bodiless_deletion(&self) -> bool {
        self.dated && self.status == 204 && self.body.length() == 0
    }

    /// The error a 2xx answer whose body breaks its schema stands for.
    pub(crate) fn invalid(&self, problem: DecodeError) -> Error {
        Error::InvalidResponse(InvalidResponse {
            status: self.status,
            problem,
            request_id: self.ids.request_id.clone(),
            trace_id: self.ids.trace_id.clone(),
            attempts: 1,
        })
    }

    pub(crate) fn retry_after(&self) -> RetryAfter<'_> {
        RetryAfter {
            millis: self.retry_after_ms.as_deref(),
            header: self.retry_after.as_deref(),
            header_date_ms: self.retry_after.as_deref().and_then(http_date_ms),
        }
    }
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, or either obsolete form)
/// in Unix milliseconds, read by the platform's `Date.parse` (the httpdate
/// crate would weigh more in the wasm: docs/DESIGN.md, Size).
pub(crate) fn http_date_ms(value: &str) -> Option<f64> {
    let value = value.trim();
    if !looks_like_http_date(value) {
        return None;
    }
    Some(js_sys::Date::parse(value)).filter(|ms| ms.is_finite())
}

/// Every form of an HTTP date starts with a day's name and holds a time:
/// anything else (`-10`, `120`, `2026-11-26`), which `Date.parse` would take
/// for some date, is none.
fn looks_like_http_date(value: &str) -> bool {
    let day_named = value.len() > 3 && value.bytes().take(3).all(|b| b.is_ascii_alphabetic());
    day_named && value.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_starts_with_a_day_and_holds_a_time_is_read_as_a_date() {
        for date in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert!(looks_like_http_date(date), "{date}");
        }
        for other in [
            "-10",
            "120",
            "1.5",
            "2026-11-26T12:00:00Z",
            "Fri, 31 Feb",
            "",
            "inf",
        ] {
            assert!(!looks_like_http_date(other), "{other}");
        }
    }
}

/// The parser itself is the platform's: these run in Node and in Chromium
/// (`wasm-pack test`), where the client reads its dates.
#[cfg(all(test, target_arch = "wasm32"))]
mod platform_tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::http_date_ms;

    #[wasm_bindgen_test]
    fn reads_http_dates_as_the_platform_does() {
        let nov_94 = Some(784_111_777_000.0);
        assert_eq!(http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), nov_94);
        assert_eq!(http_date_ms(" Sun, 06 Nov 1994 08:49:37 GMT "), nov_94);
        assert_eq!(http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"), nov_94);
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            http_date_ms("Thu, 26 Nov 2026 12:00:10 GMT"),
            Some(1_795_694_410_000.0)
        );
        for other in [
            "-10",
            "120",
            "soon",
            "Fri, 31 Feb",
            "Sun, 99 Nov 1994 99:49:37 GMT",
        ] {
            assert_eq!(http_date_ms(other), None, "{other}");
        }
    }
}
