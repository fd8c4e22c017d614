//! How a face reads the service's answers. The calls, the waits and the
//! workflows are written once (`calls`, `workflows`) over this trait: the
//! Rust face decodes each answer into its types (`decode::Typed`), the JS
//! face hands it to the engine's `JSON.parse` and the checks generated from
//! the same types (`js::answer::JsAnswers`), so there a body never crosses
//! into wasm and no JSON parser of ours is in its wasm.

use crate::error::{ApiError, Error};
use crate::http::Answer;
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
