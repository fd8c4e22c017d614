//! Any bytes as an answer body: decoding says Ok or Err, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonshot_files::decode::json;
use moonshot_files::{FileDeleted, FileList, FileObject};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    if let Err(err) = json::<FileList>(body) {
        // The error must be printable too: it becomes the JS message.
        let _ = err.to_string();
    }
    let _ = json::<FileObject>(body).map_err(|err| err.to_string());
    let _ = json::<FileDeleted>(body).map_err(|err| err.to_string());
});
