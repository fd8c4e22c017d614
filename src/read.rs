//! How a face reads the service's answers. The calls, the waits and the
//! workflows are written once (`calls`, `workflows`) over this trait: the
//! Rust face decodes each answer into its types (`decode::Typed`), the JS
//! face hands it to the engine's `JSON.parse` and the checks generated from
//! the same types (`js::answer::JsAnswers`), so there a body never crosses
//! into wasm and no JSON parser of ours is in its wasm.

use js_sys::JsString;

use crate::error::{AnswerIds, ApiError, DecodeError, Error, InvalidResponse};
use crate::retry::RetryAfter;
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
    fn file(&self, answer: Answer) -> Result<Self::File, Error>;
    fn deleted(&self, answer: Answer) -> Result<Self::Deleted, Error>;
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
        }
    }

    /// The error of an answer past [`MAX_ANSWER_BYTES`], left unread.
    pub(crate) fn too_large(&self) -> Error {
        self.invalid(DecodeError {
            path: String::new(),
            message: format!(
                "the answer is larger than {MAX_ANSWER_BYTES} bytes: no Files API answer is"
            ),
        })
    }

    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
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
/// in Unix milliseconds.
pub(crate) fn http_date_ms(value: &str) -> Option<f64> {
    let at = httpdate::parse_http_date(value.trim()).ok()?;
    let since_epoch = at.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(since_epoch.as_millis() as f64)
}
