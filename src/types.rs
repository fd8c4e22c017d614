//! The Files API's answers, with the wire's field names: the one
//! hand-written description of them. Their JSON Schema (schemars) is what
//! the Rust face checks bodies against (`decode`) and what the JS face's
//! checks are generated from (`generate`, `js/answer-schemas.js`).
//!
//! Strict on what the API promises (every required field, of its JSON type)
//! and lenient on what it may add: unknown fields are kept in `extra`,
//! unknown `purpose` and `status` values as strings. `title` names each
//! object in error messages ("expected a file object, got an array").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What a file is for; the service may add purposes, which are kept as `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "js",
    tsify(type = "'file-extract' | 'image' | 'video' | 'batch' | (string & {})")
)]
#[non_exhaustive]
pub enum Purpose {
    /// `file-extract`: the service extracts the text, for use as chat context.
    FileExtract,
    /// `image`: for vision.
    Image,
    /// `video`: for video understanding.
    Video,
    /// `batch`: a JSONL file of batch requests.
    Batch,
    /// A purpose this version does not know yet.
    Other(String),
}

impl Purpose {
    /// The purposes the service documents, in the order it lists them.
    pub const KNOWN: [Purpose; 4] = [
        Purpose::FileExtract,
        Purpose::Image,
        Purpose::Video,
        Purpose::Batch,
    ];

    /// The wire form, e.g. `file-extract`.
    pub fn as_str(&self) -> &str {
        match self {
            Purpose::FileExtract => "file-extract",
            Purpose::Image => "image",
            Purpose::Video => "video",
            Purpose::Batch => "batch",
            Purpose::Other(other) => other,
        }
    }
}

impl From<&str> for Purpose {
    fn from(wire: &str) -> Self {
        match wire {
            "file-extract" => Purpose::FileExtract,
            "image" => Purpose::Image,
            "video" => Purpose::Video,
            "batch" => Purpose::Batch,
            other => Purpose::Other(other.to_owned()),
        }
    }
}

/// Where a file is in the service's processing; unknown states are kept as `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "js",
    tsify(type = "'ready' | 'ok' | 'processing' | 'error' | (string & {})")
)]
#[non_exhaustive]
pub enum FileStatus {
    /// `ready`: processed and usable (the documented value).
    Ready,
    /// `ok`: processed and usable (seen in practice).
    Ok,
    /// `processing`: the service is still working on it.
    Processing,
    /// `error`: processing failed; `status_details` says why.
    Error,
    /// A state this version does not know yet.
    Other(String),
}

impl FileStatus {
    /// The states the service documents or is seen to send.
    pub const KNOWN: [FileStatus; 4] = [
        FileStatus::Ready,
        FileStatus::Ok,
        FileStatus::Processing,
        FileStatus::Error,
    ];

    /// The wire form, e.g. `ready`.
    pub fn as_str(&self) -> &str {
        match self {
            FileStatus::Ready => "ready",
            FileStatus::Ok => "ok",
            FileStatus::Processing => "processing",
            FileStatus::Error => "error",
            FileStatus::Other(other) => other,
        }
    }

    /// Processed and usable: `ready` (documented) or `ok` (seen in practice).
    pub fn is_ready(&self) -> bool {
        matches!(self, FileStatus::Ready | FileStatus::Ok)
    }
}

impl From<&str> for FileStatus {
    fn from(wire: &str) -> Self {
        match wire {
            "ready" => FileStatus::Ready,
            "ok" => FileStatus::Ok,
            "processing" => FileStatus::Processing,
            "error" => FileStatus::Error,
            other => FileStatus::Other(other.to_owned()),
        }
    }
}

// Both enums travel as their plain wire strings.
macro_rules! wire_string {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let wire = std::borrow::Cow::<str>::deserialize(deserializer)?;
                Ok(<$ty>::from(wire.as_ref()))
            }
        }
        impl JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "string".into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                String::json_schema(generator)
            }
        }
    };
}
wire_string!(Purpose);
wire_string!(FileStatus);
wire_string!(ExtractStatus);

/// One file of the account, as `GET /v1/files/{id}` and the list describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[schemars(title = "a file object")]
#[non_exhaustive]
pub struct FileObject {
    /// The file's id, e.g. `clg681objj8g9m7n4je0`.
    pub id: String,
    /// Always `file`.
    pub object: String,
    /// Size in bytes.
    pub bytes: i64,
    /// When it was uploaded, in Unix seconds.
    pub created_at: i64,
    /// The name it was uploaded with.
    pub filename: String,
    /// What it is for.
    pub purpose: Purpose,
    /// Its processing state.
    pub status: FileStatus,
    /// Why processing failed or warned, when the service says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "js", tsify(optional, type = "string | null"))]
    pub status_details: Option<String>,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{ [field: string]: unknown }"))]
    pub extra: Map<String, Value>,
}

/// The answer of `GET /v1/files`: every file of the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[schemars(title = "the list object")]
#[non_exhaustive]
pub struct FileList {
    /// Always `list`.
    pub object: String,
    /// The files.
    pub data: Vec<FileObject>,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{ [field: string]: unknown }"))]
    pub extra: Map<String, Value>,
}

/// Where the dated API's processing of a file stands; unknown states are kept as `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[cfg_attr(feature = "js", tsify(type = "'ready' | 'error' | (string & {})"))]
#[non_exhaustive]
pub enum ExtractStatus {
    /// `ready`: processed (or nothing to process).
    Ready,
    /// `error`: parsing the document failed; the file stays, and can be deleted.
    Error,
    /// A state this version does not know yet.
    Other(String),
}

impl ExtractStatus {
    /// The wire form, e.g. `ready`.
    pub fn as_str(&self) -> &str {
        match self {
            ExtractStatus::Ready => "ready",
            ExtractStatus::Error => "error",
            ExtractStatus::Other(other) => other,
        }
    }
}

impl From<&str> for ExtractStatus {
    fn from(wire: &str) -> Self {
        match wire {
            "ready" => ExtractStatus::Ready,
            "error" => ExtractStatus::Error,
            other => ExtractStatus::Other(other.to_owned()),
        }
    }
}

/// One file as the dated API (`kimi-api-version: 2026-09-01-beta`)
/// describes it: its upload's, retrieve's and list's items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[schemars(title = "a file's metadata")]
#[non_exhaustive]
pub struct FileMetadata {
    /// The file's id: an opaque string.
    pub id: String,
    /// The name it was uploaded with (the service may add a suffix to keep names unique).
    pub filename: String,
    /// Its media type, e.g. `application/pdf`.
    pub mime_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// When it was uploaded: an RFC 3339 date-time, e.g. `2026-09-01T12:00:00Z`.
    pub created_at: String,
    /// What it is for (the only field the service may leave out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "js", tsify(optional))]
    pub purpose: Option<Purpose>,
    /// Whether its document was parsed.
    pub extract_status: ExtractStatus,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{ [field: string]: unknown }"))]
    pub extra: Map<String, Value>,
}

/// One page of the dated API's list: newest first; no `next_page_token`
/// on the last page (or when no page size was asked: the whole list).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[schemars(title = "a page of files")]
#[non_exhaustive]
pub struct FilePage {
    /// The files of this page.
    pub items: Vec<FileMetadata>,
    /// The `pageToken` of the next page, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "js", tsify(optional))]
    pub next_page_token: Option<String>,
    /// Fields this version does not know, kept as they came. Not declared
    /// in TypeScript: there a compatible habit (`page.data`) must not compile.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{}"))]
    pub extra: Map<String, Value>,
}

/// The answer of `DELETE /v1/files/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[schemars(title = "a deletion object")]
#[non_exhaustive]
pub struct FileDeleted {
    /// The deleted file's id.
    pub id: String,
    /// Always `file`.
    pub object: String,
    /// Whether the file is gone.
    pub deleted: bool,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{ [field: string]: unknown }"))]
    pub extra: Map<String, Value>,
}

/// The JSON document the service sends as a file's content (reported by the
/// SDKs that parse it; the reference calls the body plain text).
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[schemars(title = "the content document")]
pub(crate) struct ContentDocument {
    pub content: String,
}

/// The `ErrorResponse` body: `{"error": {"message", "type", "code"}}`; the
/// dated API's adds `request_id` and, for a bad parameter, `param`.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[schemars(title = "the error body")]
pub(crate) struct ErrorBody {
    pub error: ErrorDetail,
}

/// The `error` object of an error body.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[schemars(title = "the error object")]
pub(crate) struct ErrorDetail {
    pub message: String,
    #[serde(default, rename = "type")]
    pub error_type: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    /// The dated API's: the field a 400 `invalid_parameter_error` names.
    #[serde(default)]
    pub param: Option<String>,
    /// The dated API's: the answer's id, as its `Msh-Request-Id` header.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// The answers, by the name both faces know them by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    FileList,
    FileObject,
    FileDeleted,
    ContentDocument,
    ErrorBody,
    FilePage,
    FileMetadata,
}

impl Shape {
    pub(crate) const ALL: [Shape; 7] = [
        Shape::FileList,
        Shape::FileObject,
        Shape::FileDeleted,
        Shape::ContentDocument,
        Shape::ErrorBody,
        Shape::FilePage,
        Shape::FileMetadata,
    ];

    /// The name, as the generated JS checks are keyed.
    #[cfg(any(test, feature = "js"))]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::FileList => "FileList",
            Shape::FileObject => "FileObject",
            Shape::FileDeleted => "FileDeleted",
            Shape::ContentDocument => "ContentDocument",
            Shape::ErrorBody => "ErrorBody",
            Shape::FilePage => "FilePage",
            Shape::FileMetadata => "FileMetadata",
        }
    }

    /// Its JSON Schema, derived from the type.
    pub(crate) fn schema(self) -> schemars::Schema {
        match self {
            Shape::FileList => schemars::schema_for!(FileList),
            Shape::FileObject => schemars::schema_for!(FileObject),
            Shape::FileDeleted => schemars::schema_for!(FileDeleted),
            Shape::ContentDocument => schemars::schema_for!(ContentDocument),
            Shape::ErrorBody => schemars::schema_for!(ErrorBody),
            Shape::FilePage => schemars::schema_for!(FilePage),
            Shape::FileMetadata => schemars::schema_for!(FileMetadata),
        }
    }
}

/// An answer type and its shape.
pub(crate) trait HasShape: serde::de::DeserializeOwned {
    const SHAPE: Shape;
}

impl HasShape for FileList {
    const SHAPE: Shape = Shape::FileList;
}
impl HasShape for FileObject {
    const SHAPE: Shape = Shape::FileObject;
}
impl HasShape for FileDeleted {
    const SHAPE: Shape = Shape::FileDeleted;
}
impl HasShape for ContentDocument {
    const SHAPE: Shape = Shape::ContentDocument;
}
impl HasShape for ErrorBody {
    const SHAPE: Shape = Shape::ErrorBody;
}
impl HasShape for FilePage {
    const SHAPE: Shape = Shape::FilePage;
}
impl HasShape for FileMetadata {
    const SHAPE: Shape = Shape::FileMetadata;
}
