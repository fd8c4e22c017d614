//! Any text as a Retry-After header, a file id or a base URL: the rules that
//! read them answer, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonshot_files::fuzzing::{backoff, decide, server_delay, Outcome, Replay, RetryAfter};
use moonshot_files::{ApiKey, ClientConfig};

fuzz_target!(|input: (&str, &str, f64, f64, u32)| {
    let (first, second, now_ms, random, retries) = input;
    let headers = RetryAfter { millis: Some(first), header: Some(second), header_date_ms: Some(random * 1e13) };
    let _ = server_delay(headers, now_ms);
    let _ = decide(Outcome::Status(429, None), Replay::Safe, retries, 2, headers, now_ms, random);
    let _ = backoff(retries, random);
    if let Ok(config) = ClientConfig::keyless(first) {
        assert!(!config.base_url.ends_with('/'));
    }
    let _ = ApiKey::new(second);
});
