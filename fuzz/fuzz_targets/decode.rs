//! Any bytes as an answer body: decoding says Ok or Err, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonshot_files::fuzzing::decode_every_shape;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    for outcome in decode_every_shape(body) {
        // The error must be printable too: it becomes the JS message.
        let _ = outcome.map_err(|err| err.to_string());
    }
});
