//! Any text as a Retry-After header, a file id, a base URL or a file name:
//! the rules that read them answer, never panic, and a file name never ends
//! its multipart header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::Duration;

use moonshot_files::fuzzing::{
    asked, backoff, decide, multipart_frame, overload_backoff, server_delay, Outcome, Replay,
    RetryAfter,
};
use moonshot_files::{ApiKey, ClientConfig, Purpose};

fuzz_target!(|input: (&str, &str, f64, f64, u32)| {
    let (first, second, now_ms, random, retries) = input;
    let headers = RetryAfter { millis: Some(first), header: Some(second), header_date_ms: Some(random * 1e13) };
    let _ = server_delay(headers, now_ms);
    let stated = Some(Duration::from_millis(u64::from(retries)));
    let asked = asked(headers, now_ms, stated);
    let overloaded = Outcome::Status(429, Some("engine_overloaded_error"));
    for outcome in [Outcome::Status(429, None), overloaded, Outcome::ExtractionFailed] {
        let _ = decide(outcome, Replay::Safe, retries, 2, asked, Duration::from_secs(60), random);
    }
    let _ = backoff(retries, random);
    let _ = overload_backoff(retries, random);
    if let Ok(config) = ClientConfig::keyless(first) {
        assert!(!config.base_url().ends_with('/'));
    }
    let _ = ApiKey::new(second);
    let (head, _) = multipart_frame("batch", first, second);
    let disposition = head.lines().find(|line| line.contains("filename=")).unwrap_or_default();
    assert_eq!(disposition.matches('"').count(), 4, "{disposition}");
    let _ = Purpose::FileExtract.accepts(first);
});
