//! An uploaded image or video referred to in a chat message, as Moonshot's
//! vision guide has it: `ms://<file id>` ("moonshot storage"), in an
//! `image_url` or `video_url` part of a message's content. The service
//! refuses inline base64 images for some models, so an upload and its
//! reference are the way there. Free of any client: a reference needs no
//! request, only the file (or its id).

use serde::Serialize;

use crate::error::Error;
use crate::types::{FileMetadata, FileObject, Purpose};

/// A file, or its id, as a chat message may refer to it: the id, and the
/// purpose it was uploaded for where that is known (a file object knows
/// it; an id alone does not).
pub trait FileOrId {
    /// The file's id.
    fn file_id(&self) -> &str;
    /// What it was uploaded for, where known.
    fn known_purpose(&self) -> Option<&Purpose>;
}

impl FileOrId for str {
    fn file_id(&self) -> &str {
        self
    }
    fn known_purpose(&self) -> Option<&Purpose> {
        None
    }
}

impl FileOrId for String {
    fn file_id(&self) -> &str {
        self
    }
    fn known_purpose(&self) -> Option<&Purpose> {
        None
    }
}

impl FileOrId for FileObject {
    fn file_id(&self) -> &str {
        &self.id
    }
    fn known_purpose(&self) -> Option<&Purpose> {
        Some(&self.purpose)
    }
}

impl FileOrId for FileMetadata {
    fn file_id(&self) -> &str {
        &self.id
    }
    fn known_purpose(&self) -> Option<&Purpose> {
        self.purpose.as_ref()
    }
}

impl<T: FileOrId + ?Sized> FileOrId for &T {
    fn file_id(&self) -> &str {
        (**self).file_id()
    }
    fn known_purpose(&self) -> Option<&Purpose> {
        (**self).known_purpose()
    }
}

/// One part of a chat message's content that refers to an uploaded file:
/// `{"type": "image_url", "image_url": {"url": "ms://..."}}`, or the same
/// for a video. Serialized as the chat API takes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContentPart {
    /// An image.
    ImageUrl {
        /// Where it is.
        image_url: MediaUrl,
    },
    /// A video.
    VideoUrl {
        /// Where it is.
        video_url: MediaUrl,
    },
}

impl ContentPart {
    /// Its `type`, which is also the name of the field holding its URL:
    /// `image_url` or `video_url`.
    pub fn kind(&self) -> &'static str {
        match self {
            ContentPart::ImageUrl { .. } => "image_url",
            ContentPart::VideoUrl { .. } => "video_url",
        }
    }

    /// Its URL: `ms://<file id>`.
    pub fn url(&self) -> &str {
        match self {
            ContentPart::ImageUrl { image_url: media }
            | ContentPart::VideoUrl { video_url: media } => &media.url,
        }
    }
}

/// The `url` of an image or video part: here `ms://<file id>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MediaUrl {
    /// `ms://<file id>`.
    pub url: String,
}

/// What a reference is made for, and so which purposes it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Medium {
    /// `fileRef`: an image or a video.
    Either,
    Image,
    Video,
}

/// `ms://<file id>`, for a file uploaded for `image` or `video`. A file of
/// another known purpose is refused: the chat call would refuse it, later
/// and in vaguer words.
pub fn file_ref(file: &(impl FileOrId + ?Sized)) -> Result<String, Error> {
    reference(file.file_id(), purpose_of(file), Medium::Either)
}

/// `{"type": "image_url", "image_url": {"url": "ms://<file id>"}}`, for a
/// file uploaded for `image`.
pub fn image_part(file: &(impl FileOrId + ?Sized)) -> Result<ContentPart, Error> {
    part(file.file_id(), purpose_of(file), Medium::Image)
}

/// `{"type": "video_url", "video_url": {"url": "ms://<file id>"}}`, for a
/// file uploaded for `video`.
pub fn video_part(file: &(impl FileOrId + ?Sized)) -> Result<ContentPart, Error> {
    part(file.file_id(), purpose_of(file), Medium::Video)
}

/// The name of the purpose a file was uploaded for, where known.
fn purpose_of(file: &(impl FileOrId + ?Sized)) -> Option<&str> {
    file.known_purpose().map(Purpose::as_str)
}

/// The part of `medium` (an image or a video) for a file of this id and
/// purpose (its name, as the service sends it).
fn part(id: &str, purpose: Option<&str>, medium: Medium) -> Result<ContentPart, Error> {
    let url = MediaUrl {
        url: reference(id, purpose, medium)?,
    };
    Ok(match medium {
        Medium::Video => ContentPart::VideoUrl { video_url: url },
        Medium::Image | Medium::Either => ContentPart::ImageUrl { image_url: url },
    })
}

impl Medium {
    /// The `type` of its content part (`None`: a bare reference).
    // Only the JS face makes a part from it; the Rust face's is a `ContentPart`.
    #[cfg_attr(not(feature = "js"), allow(dead_code))]
    pub(crate) fn part_kind(self) -> Option<&'static str> {
        match self {
            Medium::Either => None,
            Medium::Image => Some("image_url"),
            Medium::Video => Some("video_url"),
        }
    }
}

/// `ms://<id>`: the id checked to be one (the unreserved characters of a
/// URL, so nothing in it can change what the reference points at), the
/// purpose (by its name) to suit `medium` where it is known.
pub(crate) fn reference(id: &str, purpose: Option<&str>, medium: Medium) -> Result<String, Error> {
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
    if id.is_empty() || id == "." || id == ".." || !id.bytes().all(unreserved) {
        return Err(crate::request::invalid_id(id));
    }
    if let Some(purpose) = purpose {
        let (image, video) = (purpose == "image", purpose == "video");
        let (fits, part, takes) = match medium {
            Medium::Either => (image || video, "an ms:// reference", "image or video"),
            Medium::Image => (image, "an image part", "image"),
            Medium::Video => (video, "a video part", "video"),
        };
        if !fits {
            return Err(Error::invalid_argument(
                [
                    "The file ",
                    id,
                    " was uploaded for ",
                    purpose,
                    ": ",
                    part,
                    " takes a file uploaded for ",
                    takes,
                    ".",
                ]
                .concat(),
            ));
        }
    }
    Ok(["ms://", id].concat())
}
#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(id: &str, purpose: &str) -> FileObject {
        serde_json::from_value(json!({
            "id": id, "object": "file", "bytes": 10, "created_at": 1,
            "filename": "a.png", "purpose": purpose, "status": "ok",
        }))
        .unwrap()
    }

    fn message(result: Result<impl std::fmt::Debug, Error>) -> String {
        match result.unwrap_err() {
            Error::InvalidArgument { message } => message,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_reference_is_ms_and_the_id_from_an_id_or_a_file() {
        assert_eq!(
            file_ref("clg681objj8g9m7n4je0").unwrap(),
            "ms://clg681objj8g9m7n4je0"
        );
        assert_eq!(file_ref(&"abc".to_owned()).unwrap(), "ms://abc");
        assert_eq!(file_ref(&file("img1", "image")).unwrap(), "ms://img1");
        assert_eq!(file_ref(&file("vid1", "video")).unwrap(), "ms://vid1");
        let part = image_part(&file("img1", "image")).unwrap();
        assert_eq!(
            serde_json::to_value(&part).unwrap(),
            json!({ "type": "image_url", "image_url": { "url": "ms://img1" } })
        );
        assert_eq!((part.kind(), part.url()), ("image_url", "ms://img1"));
        let part = video_part("vid1").unwrap();
        assert_eq!(
            serde_json::to_value(&part).unwrap(),
            json!({ "type": "video_url", "video_url": { "url": "ms://vid1" } })
        );
        assert_eq!(
            (part.kind(), part.url()),
            ("video_url", "ms://vid1"),
            "its type names its field"
        );
    }

    #[test]
    fn a_file_of_another_known_purpose_is_refused_and_an_id_alone_is_taken() {
        assert_eq!(
            message(image_part(&file("doc1", "file-extract"))),
            "The file doc1 was uploaded for file-extract: an image part takes a file uploaded for image."
        );
        assert_eq!(
            message(video_part(&file("img1", "image"))),
            "The file img1 was uploaded for image: a video part takes a file uploaded for video."
        );
        assert_eq!(
            message(file_ref(&file("b1", "batch"))),
            "The file b1 was uploaded for batch: an ms:// reference takes a file uploaded for image or video."
        );
        assert!(image_part(&file("v", "video")).is_err());
        assert!(file_ref(&file("x", "some-new-purpose")).is_err());
        // The purpose unknown: an id, or a dated file the service sent without one.
        assert!(image_part("any-id").is_ok() && video_part("any-id").is_ok());
        let mut dated: FileMetadata = serde_json::from_value(json!({
            "id": "d1", "filename": "a.png", "mime_type": "image/png", "size_bytes": 1,
            "created_at": "2026-09-01T12:00:00Z", "extract_status": "ready",
        }))
        .unwrap();
        assert_eq!(file_ref(&dated).unwrap(), "ms://d1");
        dated.purpose = Some(Purpose::FileExtract);
        assert!(file_ref(&dated).is_err());
    }

    #[test]
    fn an_id_that_could_change_the_reference_is_refused() {
        for id in [
            "", ".", "..", "a/b", "a b", "a?b", "a#b", "ms://a", "%2e", "a\nb", "é",
        ] {
            assert_eq!(
                message(file_ref(id)),
                [
                    "Invalid file id \"",
                    id,
                    "\": expected an id such as clg681objj8g9m7n4je0."
                ]
                .concat(),
                "{id:?}"
            );
        }
        assert_eq!(file_ref("file-a_b.c~1").unwrap(), "ms://file-a_b.c~1");
    }
}
