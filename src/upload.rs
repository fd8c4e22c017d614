//! An upload: the file as the platform holds it (a Blob: its bytes never
//! enter wasm memory), its name and purpose, the limits checked before
//! anything is sent, and the multipart body it travels in.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use js_sys::Array;
use web_sys::Blob;

use crate::error::Error;
use crate::facts::MAX_FILE_BYTES;
use crate::text::decimal;
use crate::types::Purpose;

/// Called with the file's bytes sent so far and its size.
pub type UploadProgress = Rc<dyn Fn(u64, u64)>;

/// A file to upload.
#[derive(Clone)]
#[non_exhaustive]
pub struct FileUpload {
    /// The bytes, as a Blob (a browser `File`, Node's `fs.openAsBlob`, ...).
    pub file: Blob,
    /// The name the service records.
    pub filename: String,
    /// What the file is for.
    pub purpose: Purpose,
    /// Sends a purpose this version does not know (one the service added
    /// since) instead of refusing it.
    pub allow_unknown_purpose: bool,
    /// Told `(loaded, total)`: the file's bytes sent so far of its size, as
    /// they go out (the multipart framing around them is not counted):
    /// never less than before, and `loaded == total` last, before the
    /// answer is read.
    pub on_progress: Option<UploadProgress>,
    /// The dated API's `Idempotency-Key` (at most 255 visible characters):
    /// the service answers a repeat of it with the first answer, never a
    /// second file. `None`: a dated client makes one for the call.
    pub idempotency_key: Option<String>,
    /// When the service refuses the upload because the account holds its
    /// most files or bytes, deletes the oldest files until this one fits
    /// (as `make_room`), then sends it once more.
    pub make_room: bool,
}

impl FileUpload {
    /// An upload of `file` under `filename` for `purpose`.
    pub fn new(file: Blob, filename: impl Into<String>, purpose: Purpose) -> Self {
        FileUpload {
            file,
            filename: filename.into(),
            purpose,
            allow_unknown_purpose: false,
            on_progress: None,
            idempotency_key: None,
            make_room: false,
        }
    }

    /// Sends a purpose this version does not know instead of refusing it.
    pub fn with_allow_unknown_purpose(mut self, allow: bool) -> Self {
        self.allow_unknown_purpose = allow;
        self
    }

    /// Told `(loaded, total)` as the file's bytes go out.
    pub fn with_progress(mut self, on_progress: UploadProgress) -> Self {
        self.on_progress = Some(on_progress);
        self
    }

    /// Makes room when the service refuses the upload because the account
    /// is full, then sends it once more.
    pub fn with_make_room(mut self, make_room: bool) -> Self {
        self.make_room = make_room;
        self
    }

    /// The dated API's `Idempotency-Key`.
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// A fresh idempotency key: 32 random letters and digits, made once per
/// call and sent unchanged on each of its retries.
pub(crate) fn new_idempotency_key(random: impl Fn() -> f64) -> String {
    random_letters(random)
}

impl fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("bytes", &self.file.size())
            .field("filename", &self.filename)
            .field("purpose", &self.purpose)
            .field("allow_unknown_purpose", &self.allow_unknown_purpose)
            .field("on_progress", &self.on_progress.is_some())
            .finish()
    }
}

/// Refuses what the service would refuse, before sending a byte.
pub(crate) fn check(
    size: f64,
    filename: &str,
    purpose: &Purpose,
    allow_unknown_purpose: bool,
) -> Result<(), Error> {
    if filename.trim().is_empty() {
        return Err(Error::invalid_argument(
            "The file needs a name: pass a File, or a filename with the bytes.",
        ));
    }
    if size <= 0.0 {
        return Err(Error::invalid_argument(
            [filename, " is empty: the service refuses zero-byte files."].concat(),
        ));
    }
    if size > MAX_FILE_BYTES as f64 {
        return Err(Error::invalid_argument(
            [
                filename,
                " is ",
                &decimal(size as u64),
                " bytes: the service takes at most ",
                &decimal(MAX_FILE_BYTES),
                " bytes (100 MB) per file.",
            ]
            .concat(),
        ));
    }
    if matches!(purpose, Purpose::Other(_)) && !allow_unknown_purpose {
        return Err(Error::invalid_argument(
            [
                "Unknown purpose \"",
                purpose.as_str(),
                "\": expected one of file-extract, image, video, batch \
                 (set allowUnknownPurpose to send a newer one).",
            ]
            .concat(),
        ));
    }
    Ok(())
}

/// A request body ready to send: its three parts (the framing before the
/// file, the file's own Blob, the framing after it: nothing is copied), the
/// same joined into one Blob where the platform joins them whole, its
/// `Content-Type`, and whom to tell of its progress.
pub(crate) struct UploadBody {
    pub parts: [Blob; 3],
    /// `None` where the platform's Blob drops a part's bytes: Bun keeps none
    /// of a file-backed Blob (`Bun.file()`, `fs.openAsBlob`) put into
    /// `new Blob([...])`. The body then goes as a stream of the parts.
    pub joined: Option<Blob>,
    /// The body's length in bytes.
    pub size: f64,
    pub content_type: String,
    pub progress: Option<Rc<Progress>>,
}

/// What an upload has reported, so that no report goes back: a retry starts
/// sending again from the first byte. Reports count the file's bytes, of
/// the file's size, as a person expects: the body's framing is not theirs.
pub(crate) struct Progress {
    report: UploadProgress,
    reported: Cell<Option<u64>>,
    /// The body's bytes before the file's (its multipart head).
    head: u64,
    /// The file's size.
    pub total: u64,
}

impl Progress {
    /// Tells of the body's first `body_loaded` bytes sent, as the file's
    /// bytes among them, unless no more than already told.
    pub(crate) fn sent(&self, body_loaded: u64) {
        let loaded = body_loaded.saturating_sub(self.head).min(self.total);
        if self
            .reported
            .get()
            .is_some_and(|reported| loaded <= reported)
        {
            return;
        }
        self.reported.set(Some(loaded));
        (self.report)(loaded, self.total);
    }

    /// The whole body is out (the answer has come).
    pub(crate) fn done(&self) {
        self.sent(self.head + self.total);
    }
}

impl FileUpload {
    /// Checks the limits and builds the multipart body.
    ///
    /// The framing is written here rather than left to the platform's
    /// FormData: progress needs the body's exact length before sending and
    /// its bytes as a stream, which FormData gives neither of without
    /// reading the file; and the same Blob then goes to fetch, to a stream
    /// or to XMLHttpRequest alike. The escaping is the HTML standard's.
    pub(crate) fn to_body(&self) -> Result<UploadBody, Error> {
        check(
            self.file.size(),
            &self.filename,
            &self.purpose,
            self.allow_unknown_purpose,
        )?;
        let boundary = boundary(js_sys::Math::random);
        let file_type = self.file.type_();
        let (head, tail) =
            multipart_frame(&boundary, self.purpose.as_str(), &self.filename, &file_type);
        let refused = |_| Error::invalid_argument("The platform's Blob refused the file.");
        let text = |text: String| Blob::new_with_str_sequence(&Array::of1(&text.into()));
        let parts = [
            text(head).map_err(refused)?,
            self.file.clone(),
            text(tail).map_err(refused)?,
        ];
        let size: f64 = parts.iter().map(Blob::size).sum();
        let joined =
            Blob::new_with_blob_sequence(&parts.iter().collect::<Array>()).map_err(refused)?;
        let (head, total) = (parts[0].size() as u64, parts[1].size() as u64);
        Ok(UploadBody {
            joined: (joined.size() == size).then_some(joined),
            parts,
            size,
            content_type: ["multipart/form-data; boundary=", &boundary].concat(),
            progress: self.on_progress.clone().map(|report| {
                Rc::new(Progress {
                    report,
                    reported: Cell::new(None),
                    head,
                    total,
                })
            }),
        })
    }
}

/// A boundary no file is likely to hold: 32 random letters and digits.
fn boundary(random: impl Fn() -> f64) -> String {
    ["----moonshot-files-", &random_letters(random)].concat()
}

/// 32 random letters and digits.
fn random_letters(random: impl Fn() -> f64) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    (0..32)
        .map(|_| {
            let index = (random() * ALPHABET.len() as f64) as usize;
            ALPHABET.get(index).copied().unwrap_or(b'0') as char
        })
        .collect()
}

/// The parts before and after the file's bytes, `multipart/form-data` as
/// the HTML standard encodes it: a name's `"`, CR and LF escaped as `%22`,
/// `%0D` and `%0A`, so that no file name can end its header.
pub(crate) fn multipart_frame(
    boundary: &str,
    purpose: &str,
    filename: &str,
    file_type: &str,
) -> (String, String) {
    let escaped = filename
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    let file_type = if file_type.is_empty() {
        "application/octet-stream"
    } else {
        file_type
    };
    let head = [
        "--",
        boundary,
        "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n",
        purpose,
        "\r\n--",
        boundary,
        "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"",
        &escaped,
        "\"\r\nContent-Type: ",
        file_type,
        "\r\n\r\n",
    ]
    .concat();
    (head, ["\r\n--", boundary, "--\r\n"].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_the_service_would_refuse() {
        let purpose = Purpose::FileExtract;
        assert!(check(1.0, "a.txt", &purpose, false).is_ok());
        assert!(check(MAX_FILE_BYTES as f64, "a.txt", &purpose, false).is_ok());
        let empty = check(0.0, "a.txt", &purpose, false).unwrap_err();
        assert_eq!(
            empty.to_string(),
            "a.txt is empty: the service refuses zero-byte files."
        );
        let big = check(MAX_FILE_BYTES as f64 + 1.0, "big.bin", &purpose, false).unwrap_err();
        assert!(big.to_string().contains("at most 104857600 bytes"), "{big}");
        assert!(check(1.0, " ", &purpose, false).is_err());
    }

    #[test]
    fn an_unknown_purpose_needs_consent() {
        let audio = Purpose::Other("audio".into());
        let err = check(1.0, "a.wav", &audio, false).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { .. }));
        assert!(err.to_string().contains("allowUnknownPurpose"));
        assert!(check(1.0, "a.wav", &audio, true).is_ok());
        for known in Purpose::KNOWN {
            assert!(check(1.0, "a", &known, false).is_ok());
        }
    }

    #[test]
    fn the_multipart_frame_is_the_html_standards() {
        let (head, tail) = multipart_frame("--b", "batch", "a.jsonl", "");
        assert_eq!(
            head,
            "----b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n\
             ----b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        );
        assert_eq!(tail, "\r\n----b--\r\n");
        let (head, _) = multipart_frame("--b", "image", "é \"x\"\r\n.png", "image/png");
        assert!(head.contains("filename=\"é %22x%22%0D%0A.png\"\r\nContent-Type: image/png\r\n"));
    }

    #[test]
    fn boundaries_are_random_letters_and_digits() {
        let low = boundary(|| 0.0);
        assert_eq!(low, format!("----moonshot-files-{}", "0".repeat(32)));
        assert!(boundary(|| 0.999_999).ends_with(&"Z".repeat(32)));
    }

    #[test]
    fn progress_counts_the_files_bytes_never_goes_back_and_ends_at_its_size() {
        let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
        let log = seen.clone();
        // A 10-byte file after a 100-byte head, then a tail: the body's 0..=120.
        let progress = Progress {
            report: Rc::new(move |loaded, total| log.borrow_mut().push((loaded, total))),
            reported: Cell::new(None),
            head: 100,
            total: 10,
        };
        for body_loaded in [0, 50, 104, 104, 102, 109, 0, 120] {
            progress.sent(body_loaded);
        }
        progress.done();
        assert_eq!(*seen.borrow(), [(0, 10), (4, 10), (9, 10), (10, 10)]);
    }
}
