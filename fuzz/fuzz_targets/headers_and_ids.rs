//! Any text as a Retry-After header, a file id, a base URL or a file name:
//! the rules that read them answer, never panic, and a file name never ends
//! its multipart header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moonshot_files::fuzzing::{
    backoff, decide, multipart_frame, server_delay, Outcome, Replay, RetryAfter,
};
use moonshot_files::{ApiKey, ClientConfig, Purpose};

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
    let (head, _) = multipart_frame("batch", first, second);
    let disposition = head.lines().find(|line| line.contains("filename=")).unwrap_or_default();
    assert_eq!(disposition.matches('"').count(), 4, "{disposition}");
    let _ = Purpose::FileExtract.accepts(first);
});
