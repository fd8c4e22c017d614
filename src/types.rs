//! The Files API's data types, with the wire's field names.
//!
//! Decoding is strict about what the API promises (every required field, of
//! its JSON type) and lenient about what it may add: unknown fields are kept
//! in `extra`, unknown `purpose` and `status` values as strings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::decode::{boolean, integer, string};

/// What a file is for; the service may add purposes, which are kept as `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "js",
    tsify(type = "'file-extract' | 'image' | 'video' | 'batch' | (string & {})")
)]
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
macro_rules! wire_string_serde {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                string::deserialize(deserializer).map(|wire: String| <$ty>::from(wire.as_str()))
            }
        }
    };
}
wire_string_serde!(Purpose);
wire_string_serde!(FileStatus);

/// One file of the account, as `GET /v1/files/{id}` and the list describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(expecting = "a file object")]
pub struct FileObject {
    /// The file's id, e.g. `file-abc123`.
    #[serde(with = "string")]
    pub id: String,
    /// Always `file`.
    #[serde(with = "string")]
    pub object: String,
    /// Size in bytes.
    #[serde(with = "integer")]
    pub bytes: u64,
    /// When it was uploaded, in Unix seconds.
    #[serde(with = "integer")]
    pub created_at: i64,
    /// The name it was uploaded with.
    #[serde(with = "string")]
    pub filename: String,
    /// What it is for.
    pub purpose: Purpose,
    /// Its processing state.
    pub status: FileStatus,
    /// Why processing failed or warned, when the service says.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "string::optional"
    )]
    #[cfg_attr(feature = "js", tsify(optional, type = "string | null"))]
    pub status_details: Option<String>,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{ [field: string]: unknown }"))]
    pub extra: Map<String, Value>,
}

/// The answer of `GET /v1/files`: every file of the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(expecting = "the list object")]
pub struct FileList {
    /// Always `list`.
    #[serde(with = "string")]
    pub object: String,
    /// The files.
    pub data: Vec<FileObject>,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{ [field: string]: unknown }"))]
    pub extra: Map<String, Value>,
}

/// The answer of `DELETE /v1/files/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "js", derive(tsify::Tsify))]
#[serde(expecting = "a deletion object")]
pub struct FileDeleted {
    /// The deleted file's id.
    #[serde(with = "string")]
    pub id: String,
    /// Always `file`.
    #[serde(with = "string")]
    pub object: String,
    /// Whether the file is gone.
    #[serde(with = "boolean")]
    pub deleted: bool,
    /// Fields this version does not know, kept as they came.
    #[serde(flatten)]
    #[cfg_attr(feature = "js", tsify(type = "{ [field: string]: unknown }"))]
    pub extra: Map<String, Value>,
}

/// The JSON document the service sends as a file's content (reported by the
/// SDKs that parse it; the reference calls the body plain text).
#[derive(Deserialize)]
pub(crate) struct ContentDocument {
    #[serde(with = "string")]
    pub content: String,
}

impl ContentDocument {
    /// The extracted text: the document's `content` where the body is that
    /// document, else the body itself.
    pub(crate) fn text_of(body: String) -> String {
        match crate::decode::json::<ContentDocument>(&body) {
            Ok(document) => document.content,
            Err(_) => body,
        }
    }
}
