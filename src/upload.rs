//! An upload: the file as the platform holds it (a Blob: its bytes never
//! enter wasm memory), its name and purpose, and the limits checked before
//! anything is sent.

use web_sys::Blob;

use crate::error::Error;
use crate::types::Purpose;

/// The service's largest file: 100 MB (MiB, as the service counts).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// A file to upload.
#[derive(Clone, Debug)]
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
}

impl FileUpload {
    /// An upload of `file` under `filename` for `purpose`.
    pub fn new(file: Blob, filename: impl Into<String>, purpose: Purpose) -> Self {
        FileUpload {
            file,
            filename: filename.into(),
            purpose,
            allow_unknown_purpose: false,
        }
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
        return Err(Error::invalid_argument(format!(
            "{filename} is empty: the service refuses zero-byte files."
        )));
    }
    if size > MAX_FILE_BYTES as f64 {
        return Err(Error::invalid_argument(format!(
            "{filename} is {} bytes: the service takes at most {MAX_FILE_BYTES} bytes (100 MB) per file.",
            size as u64
        )));
    }
    if matches!(purpose, Purpose::Other(_)) && !allow_unknown_purpose {
        return Err(Error::invalid_argument(format!(
            "Unknown purpose \"{}\": expected one of file-extract, image, video, batch \
             (set allowUnknownPurpose to send a newer one).",
            purpose.as_str()
        )));
    }
    Ok(())
}

#[cfg(target_arch = "wasm32")]
impl FileUpload {
    /// Checks the limits and builds the multipart body: the platform's own
    /// FormData, which also escapes the file name in its headers.
    pub(crate) fn to_form(&self) -> Result<web_sys::FormData, Error> {
        check(
            self.file.size(),
            &self.filename,
            &self.purpose,
            self.allow_unknown_purpose,
        )?;
        let refused = |_| Error::invalid_argument("The platform's FormData refused the file.");
        let form = web_sys::FormData::new().map_err(refused)?;
        form.append_with_str("purpose", self.purpose.as_str())
            .map_err(refused)?;
        form.append_with_blob_and_filename("file", &self.file, &self.filename)
            .map_err(refused)?;
        Ok(form)
    }
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
}
