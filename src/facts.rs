//! What the service accepts: the account's limits, and the file formats each
//! purpose takes. The one place they are written: the upload check uses
//! them, the JS package exports them (`LIMITS`, `PURPOSES`, `FORMATS`,
//! generated into js/api-facts.js), and the dashboard and the mock read
//! them from there.

use crate::types::Purpose;

/// The most files an account holds; a further upload is refused.
pub const MAX_FILES: u64 = 1000;
/// The largest file: 100 MB (MiB, as the service counts).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// The most bytes an account holds in all: 10 GB (GiB).
pub const MAX_TOTAL_BYTES: u64 = 10 * 1024 * 1024 * 1024;

/// The formats the upload reference lists (those of the Kimi assistant),
/// "and more": the service may take others.
const EXTRACTABLE: &[&str] = &[
    ".pdf", ".txt", ".csv", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".md", ".jpeg",
    ".jpg", ".png", ".bmp", ".gif", ".svg", ".svgz", ".webp", ".ico", ".xbm", ".dib", ".pjp",
    ".tif", ".pjpeg", ".avif", ".dot", ".apng", ".epub", ".tiff", ".jfif", ".html", ".json",
    ".mobi", ".log", ".go", ".h", ".c", ".cpp", ".cxx", ".cc", ".cs", ".java", ".js", ".css",
    ".jsp", ".php", ".py", ".py3", ".asp", ".yaml", ".yml", ".ini", ".conf", ".ts", ".tsx",
];

/// What the vision guide lists for `image`: png, jpeg (jpg), webp, gif.
const IMAGES: &[&str] = &[".png", ".jpeg", ".jpg", ".webp", ".gif"];

/// What the vision guide lists for `video`: mp4, mpeg, mov, avi, x-flv
/// (flv), mpg, webm, wmv, 3gpp (3gp).
const VIDEOS: &[&str] = &[
    ".mp4", ".mpeg", ".mov", ".avi", ".flv", ".mpg", ".webm", ".wmv", ".3gp",
];

const BATCH: &[&str] = &[".jsonl"];

impl Purpose {
    /// The file extensions (lowercase, with the dot) this purpose takes, as
    /// documented; empty for a purpose this version does not know.
    pub fn formats(&self) -> &'static [&'static str] {
        match self {
            Purpose::FileExtract => EXTRACTABLE,
            Purpose::Image => IMAGES,
            Purpose::Video => VIDEOS,
            Purpose::Batch => BATCH,
            Purpose::Other(_) => &[],
        }
    }

    /// Whether a file of this name is of a documented format for this
    /// purpose. A `false` is a warning, not a refusal: the service takes
    /// "and more".
    pub fn accepts(&self, filename: &str) -> bool {
        let lower = filename.to_ascii_lowercase();
        self.formats().iter().any(|format| lower.ends_with(format))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_takes_its_formats() {
        assert!(Purpose::FileExtract.accepts("Report.PDF"));
        assert!(Purpose::FileExtract.accepts("photo.png"));
        assert!(!Purpose::FileExtract.accepts("archive.xyz"));
        assert!(Purpose::Image.accepts("a.jpg"));
        assert!(!Purpose::Image.accepts("a.pdf"));
        assert!(Purpose::Image.accepts("a.webp"));
        assert!(Purpose::Video.accepts("clip.MP4"));
        assert!(Purpose::Video.accepts("old-phone.3gp"));
        assert!(Purpose::Video.accepts("stream.flv"));
        assert!(Purpose::Batch.accepts("requests.jsonl"));
        assert!(!Purpose::Batch.accepts("requests.json"));
        assert!(!Purpose::Other("audio".into()).accepts("a.wav"));
    }

    #[test]
    fn vision_takes_only_what_its_guide_lists() {
        for image in ["a.bmp", "a.svg", "a.tiff", "a.avif", "a.ico"] {
            assert!(!Purpose::Image.accepts(image), "{image}");
        }
        for video in ["a.mkv", "a.m4v", "a.mp3"] {
            assert!(!Purpose::Video.accepts(video), "{video}");
        }
        assert_eq!(Purpose::Image.formats().len(), 5);
        assert_eq!(Purpose::Video.formats().len(), 9);
    }

    #[test]
    fn formats_are_lowercase_extensions_listed_once() {
        for purpose in Purpose::KNOWN {
            let formats = purpose.formats();
            for (i, format) in formats.iter().enumerate() {
                assert!(format.starts_with('.') && *format == format.to_lowercase());
                assert!(!formats[..i].contains(format), "{format} twice");
            }
        }
        assert!(IMAGES.iter().all(|image| EXTRACTABLE.contains(image)));
    }
}
