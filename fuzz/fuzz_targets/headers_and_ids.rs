//! Any text as a Retry-After header, a file id or a base URL: the rules that
//! read them answer, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonshot_files::retry::{self, Outcome, Replay, RetryAfter};
use moonshot_files::{ApiKey, ClientConfig};

fuzz_target!(|input: (&str, &str, f64, f64, u32)| {
    let (first, second, now_ms, random, retries) = input;
    let headers = RetryAfter { millis: Some(first), header: Some(second) };
    let _ = retry::server_delay(headers, now_ms);
    let _ = retry::decide(Outcome::Status(429, None), Replay::Safe, retries, 2, headers, now_ms, random);
    let _ = retry::backoff(retries, random);
    if let Ok(config) = ClientConfig::keyless(first) {
        assert!(!config.base_url.ends_with('/'));
    }
    let _ = ApiKey::new(second);
});
