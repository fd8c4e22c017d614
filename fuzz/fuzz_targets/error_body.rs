//! Any bytes as an error answer, with any status: a clear error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonshot_files::fuzzing::api_error;
use moonshot_files::Error;

fuzz_target!(|input: (u16, &[u8])| {
    let (status, data) = input;
    let body = String::from_utf8_lossy(data);
    let error = api_error(status, &body);
    assert_eq!(error.status, status);
    let _ = Error::Api(error).to_string();
});
