//! When to try a failed request again, and how long to wait first: pure
//! functions of what happened, so they are tested natively.

use std::time::Duration;

/// The first wait; each retry doubles it.
const INITIAL_DELAY: Duration = Duration::from_millis(500);
/// No computed backoff waits longer than this.
const MAX_DELAY: Duration = Duration::from_secs(8);
/// The first wait after `engine_overloaded_error`; each retry doubles it.
/// Reports say an overload lasts minutes: retrying within a second or two
/// only adds to it and spends the retries before it has passed.
const OVERLOAD_DELAY: Duration = Duration::from_secs(10);
/// No wait for an overload is longer than this (nor than the call's timeout).
const MAX_OVERLOAD_DELAY: Duration = Duration::from_secs(60);
/// Spreads out clients told the same wait in a message ("try again after 1
/// seconds"), which would otherwise all come back in the same instant.
const STATED_WAIT_JITTER: Duration = Duration::from_millis(250);
/// The longest `Retry-After` honoured. A server asking for longer is not
/// going to be ready soon: the error is given to the caller at once rather
/// than blocking the call for minutes.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// The default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// Whether a request may be sent twice without harm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// Reads and deletes: sending one again changes nothing more.
    Safe,
    /// Uploads: a second send of a file the service took would make a second
    /// file. Retried only when the answer proves the first was not taken.
    OnlyIfRefused,
}

/// How an attempt ended, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// An error answer, with its `error.type` where the body had one.
    Status(u16, Option<&'a str>),
    /// The content call's 500 "Failed to extract file: ...": the same file
    /// fails the same way, so it is tried once more at most.
    ExtractionFailed,
    /// The connection was refused: nothing reached the service.
    Refused,
    /// The connection failed some other way (reset, dropped mid-body, DNS).
    Broken,
    /// The attempt's own timeout fired.
    TimedOut,
    /// The caller aborted: never retried.
    Aborted,
}

/// The `retry-after-ms` and `Retry-After` headers of an answer, as sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct RetryAfter<'a> {
    /// `retry-after-ms`: milliseconds (an OpenAI convention).
    pub millis: Option<&'a str>,
    /// `Retry-After`: seconds, or an HTTP date.
    pub header: Option<&'a str>,
    /// `Retry-After` read as an HTTP date, in Unix milliseconds, by the
    /// platform's date parser (`read::http_date_ms`): none of ours in the wasm.
    pub header_date_ms: Option<f64>,
}

/// The wait the server asked for before a retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    /// In a `Retry-After` (or `retry-after-ms`) header: waited exactly.
    Header(Duration),
    /// In the message ("please try again after 1 seconds"): waited with a
    /// little jitter.
    Message(Duration),
}

impl Asked {
    /// How long, whoever asked.
    pub fn wait(self) -> Duration {
        match self {
            Asked::Header(wait) | Asked::Message(wait) => wait,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send again.
    RetryAfter(Duration),
    /// Give the error to the caller.
    GiveUp,
}

/// Decides whether to retry after `retries_done` retries (0 after the first
/// attempt). `asked` is the wait the server asked for, if any; `longest` the
/// call's timeout, which no wait for an overload exceeds; `random` is in
/// [0, 1) and spreads clients out (jitter).
pub fn decide(
    outcome: Outcome<'_>,
    replay: Replay,
    retries_done: u32,
    max_retries: u32,
    asked: Option<Asked>,
    longest: Duration,
    random: f64,
) -> Decision {
    if retries_done >= max_retries || !is_retryable(outcome, replay, retries_done) {
        return Decision::GiveUp;
    }
    match asked {
        Some(Asked::Header(wait) | Asked::Message(wait)) if wait > MAX_RETRY_AFTER => {
            Decision::GiveUp
        }
        Some(Asked::Header(wait)) => Decision::RetryAfter(wait),
        Some(Asked::Message(wait)) => {
            let jitter = STATED_WAIT_JITTER.as_millis() as f64 * random.clamp(0.0, 1.0);
            Decision::RetryAfter(wait + millis(jitter.round()))
        }
        None if outcome == Outcome::Status(429, Some("engine_overloaded_error")) => {
            Decision::RetryAfter(overload_backoff(retries_done, random).min(longest))
        }
        None => Decision::RetryAfter(backoff(retries_done, random)),
    }
}

fn is_retryable(outcome: Outcome<'_>, replay: Replay, retries_done: u32) -> bool {
    match (outcome, replay) {
        // No amount of retrying makes balance appear, or unsuspends an account.
        (Outcome::Status(_, Some("exceeded_current_quota_error")), _) => false,
        // The service's own error table: the same request fails the same way.
        (Outcome::Status(_, Some("unexpected_output" | "content_filter")), _) => false,
        // The dated API's: a key clash, a state or a right that no retry changes.
        (
            Outcome::Status(
                _,
                Some("conflict_error" | "failed_precondition_error" | "permission_denied_error"),
            ),
            _,
        ) => false,
        (Outcome::Aborted, _) => false,
        (Outcome::ExtractionFailed, Replay::Safe) => retries_done == 0,
        (Outcome::ExtractionFailed, Replay::OnlyIfRefused) => false,
        (Outcome::Status(status, _), Replay::Safe) => {
            matches!(status, 408 | 409 | 429) || (500..=599).contains(&status)
        }
        (Outcome::Refused | Outcome::Broken | Outcome::TimedOut, Replay::Safe) => true,
        // 429 and 503 are answered before a file is stored; a refused
        // connection reached nothing. Anything else may have stored it.
        (Outcome::Status(status, _), Replay::OnlyIfRefused) => matches!(status, 429 | 503),
        (Outcome::Refused, Replay::OnlyIfRefused) => true,
        (Outcome::Broken | Outcome::TimedOut, Replay::OnlyIfRefused) => false,
    }
}

/// The backoff after `engine_overloaded_error`: about 10 s, 20 s, 40 s, then
/// 60 s, each shortened by up to a quarter at random.
pub fn overload_backoff(retries_done: u32, random: f64) -> Duration {
    jittered(
        OVERLOAD_DELAY.saturating_mul(1 << retries_done.min(16)),
        MAX_OVERLOAD_DELAY,
        random,
    )
}

/// Exponential backoff: about 0.5 s, 1 s, 2 s, ... up to 8 s, each shortened
/// by up to a quarter at random so that many clients do not retry in step.
pub fn backoff(retries_done: u32, random: f64) -> Duration {
    jittered(
        INITIAL_DELAY.saturating_mul(1 << retries_done.min(16)),
        MAX_DELAY,
        random,
    )
}

fn jittered(exponential: Duration, cap: Duration, random: f64) -> Duration {
    let keep = 1.0 - random.clamp(0.0, 1.0) * 0.25;
    millis((exponential.min(cap).as_millis() as f64 * keep).round())
}

/// The wait the server asked for: a header's, else the message's.
pub fn asked(
    retry_after: RetryAfter<'_>,
    now_ms: f64,
    in_message: Option<Duration>,
) -> Option<Asked> {
    server_delay(retry_after, now_ms)
        .map(Asked::Header)
        .or(in_message.map(Asked::Message))
}

/// The wait a header asked for, if it asked in a form that makes sense.
/// Negative, infinite, NaN or unreadable values are ignored.
pub fn server_delay(retry_after: RetryAfter<'_>, now_ms: f64) -> Option<Duration> {
    let from_ms = retry_after.millis.and_then(|v| decimal_millis(v.trim(), 1));
    from_ms.or_else(|| {
        let value = retry_after.header?.trim();
        decimal_millis(value, 1000).or_else(|| {
            let at_ms = retry_after.header_date_ms.filter(|ms| ms.is_finite())?;
            // A date in the past means "now".
            Some(millis((at_ms - now_ms).max(0.0)))
        })
    })
}

/// A non-negative decimal (`3`, `1.5`) of units of `unit_ms` milliseconds,
/// rounded to whole milliseconds; saturating far past any cap. Read by hand,
/// not with `str::parse::<f64>`, whose tables are a seventh of the wasm.
pub(crate) fn decimal_millis(value: &str, unit_ms: u64) -> Option<Duration> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole_ms = whole.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    // Three digits of a fraction of a second are whole milliseconds; the
    // next one rounds them.
    let mut fraction_ms = 0u64;
    let mut scale = unit_ms;
    let mut rest = fraction.bytes();
    while scale >= 10 {
        scale /= 10;
        fraction_ms += scale * rest.next().map_or(0, |b| u64::from(b - b'0'));
    }
    let round_up = rest.next().is_some_and(|b| b >= b'5');
    Some(Duration::from_millis(
        whole_ms
            .saturating_mul(unit_ms)
            .saturating_add(fraction_ms + u64::from(round_up)),
    ))
}

/// Whole milliseconds from a finite, non-negative float; saturating far past
/// any cap, so no float ever reaches Duration's panicking conversions.
fn millis(ms: f64) -> Duration {
    Duration::from_millis(ms.min(u64::MAX as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_780_000_000_000.0;
    const LONG: Duration = Duration::from_secs(60);

    /// `decide` after an answer with these headers and no wait in its message.
    fn decide_headers(
        outcome: Outcome<'_>,
        replay: Replay,
        retries_done: u32,
        max_retries: u32,
        retry_after: RetryAfter<'_>,
        now_ms: f64,
        random: f64,
    ) -> Decision {
        let asked = asked(retry_after, now_ms, None);
        decide(
            outcome,
            replay,
            retries_done,
            max_retries,
            asked,
            LONG,
            random,
        )
    }

    fn decide_safe(outcome: Outcome<'_>, retries_done: u32) -> Decision {
        decide_headers(
            outcome,
            Replay::Safe,
            retries_done,
            2,
            RetryAfter::default(),
            NOW,
            0.0,
        )
    }

    /// A header that is no date (the platform's parser, `read::http_date_ms`,
    /// is tested where it runs: in Node and Chromium).
    fn header(value: &str) -> RetryAfter<'_> {
        RetryAfter {
            millis: None,
            header: Some(value),
            header_date_ms: None,
        }
    }

    /// A header that is a date, with the time it names.
    fn date(value: &str, at_ms: f64) -> RetryAfter<'_> {
        RetryAfter {
            header_date_ms: Some(at_ms),
            ..header(value)
        }
    }

    #[test]
    fn retries_what_may_pass_and_nothing_else() {
        for status in [408, 409, 429, 500, 502, 503, 504] {
            assert!(
                matches!(
                    decide_safe(Outcome::Status(status, None), 0),
                    Decision::RetryAfter(_)
                ),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 422] {
            assert_eq!(
                decide_safe(Outcome::Status(status, None), 0),
                Decision::GiveUp,
                "{status}"
            );
        }
        for outcome in [Outcome::Refused, Outcome::Broken, Outcome::TimedOut] {
            assert!(
                matches!(decide_safe(outcome, 0), Decision::RetryAfter(_)),
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn never_retries_a_spent_quota_or_an_abort() {
        for status in [429, 500] {
            let quota = Outcome::Status(status, Some("exceeded_current_quota_error"));
            assert_eq!(decide_safe(quota, 0), Decision::GiveUp);
        }
        assert_eq!(decide_safe(Outcome::Aborted, 0), Decision::GiveUp);
        let overloaded = Outcome::Status(429, Some("engine_overloaded_error"));
        assert!(matches!(
            decide_safe(overloaded, 0),
            Decision::RetryAfter(_)
        ));
    }

    #[test]
    fn stops_after_max_retries() {
        assert!(matches!(
            decide_safe(Outcome::Status(500, None), 1),
            Decision::RetryAfter(_)
        ));
        assert_eq!(decide_safe(Outcome::Status(500, None), 2), Decision::GiveUp);
        let none = decide_headers(
            Outcome::Refused,
            Replay::Safe,
            0,
            0,
            RetryAfter::default(),
            NOW,
            0.5,
        );
        assert_eq!(none, Decision::GiveUp);
    }

    #[test]
    fn an_upload_is_retried_only_when_it_cannot_have_been_taken() {
        let upload = |outcome| {
            decide_headers(
                outcome,
                Replay::OnlyIfRefused,
                0,
                2,
                RetryAfter::default(),
                NOW,
                0.0,
            )
        };
        for retried in [
            Outcome::Status(429, None),
            Outcome::Status(503, None),
            Outcome::Refused,
        ] {
            assert!(
                matches!(upload(retried), Decision::RetryAfter(_)),
                "{retried:?}"
            );
        }
        for kept in [
            Outcome::Status(500, None),
            Outcome::Status(502, None),
            Outcome::Status(504, None),
            Outcome::Status(408, None),
            Outcome::Broken,
            Outcome::TimedOut,
            Outcome::Status(429, Some("exceeded_current_quota_error")),
        ] {
            assert_eq!(upload(kept), Decision::GiveUp, "{kept:?}");
        }
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight_with_jitter() {
        let waits: Vec<u128> = (0..7).map(|n| backoff(n, 0.0).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(backoff(0, 0.999_999).as_millis(), 375);
        assert_eq!(backoff(3, 0.5).as_millis(), 3500);
        assert_eq!(backoff(u32::MAX, 0.0), MAX_DELAY);
    }

    #[test]
    fn honours_retry_after_in_its_forms_within_the_cap() {
        let wait =
            |ra| decide_headers(Outcome::Status(429, None), Replay::Safe, 0, 2, ra, NOW, 0.0);
        assert_eq!(wait(header("0")), Decision::RetryAfter(Duration::ZERO));
        assert_eq!(
            wait(header("3")),
            Decision::RetryAfter(Duration::from_secs(3))
        );
        assert_eq!(
            wait(header("1.5")),
            Decision::RetryAfter(Duration::from_millis(1500))
        );
        assert_eq!(
            wait(header("120")),
            Decision::RetryAfter(Duration::from_secs(120))
        );
        assert_eq!(wait(header("121")), Decision::GiveUp);
        assert_eq!(
            wait(header("0.0015")),
            Decision::RetryAfter(Duration::from_millis(2)),
            "rounded to whole milliseconds"
        );
        assert_eq!(
            wait(header("99999999999999999999999")),
            Decision::GiveUp,
            "saturates past the cap"
        );
        let ms = RetryAfter {
            millis: Some("250"),
            ..header("30")
        };
        assert_eq!(
            wait(ms),
            Decision::RetryAfter(Duration::from_millis(250)),
            "retry-after-ms wins"
        );
    }

    #[test]
    fn ignores_retry_after_values_that_make_no_sense() {
        let computed = Decision::RetryAfter(backoff(0, 0.0));
        for nonsense in [
            "-10",
            "inf",
            "nan",
            "NaN",
            "-inf",
            "soon",
            "",
            "1e999",
            "1e2",
            "+5",
            ".5",
            "5 s",
            "Fri, 31 Feb",
        ] {
            let wait = decide_headers(
                Outcome::Status(503, None),
                Replay::Safe,
                0,
                2,
                header(nonsense),
                NOW,
                0.0,
            );
            assert_eq!(wait, computed, "{nonsense:?}");
        }
        for ms_nonsense in ["-5", "inf", "1e3", ""] {
            let only_ms = RetryAfter {
                millis: Some(ms_nonsense),
                ..RetryAfter::default()
            };
            assert_eq!(server_delay(only_ms, NOW), None, "{ms_nonsense:?}");
        }
        let fractional = RetryAfter {
            millis: Some("249.5"),
            ..RetryAfter::default()
        };
        assert_eq!(
            server_delay(fractional, NOW),
            Some(Duration::from_millis(250))
        );
    }

    #[test]
    fn waits_until_a_date_and_not_for_one_gone_by() {
        let now = 1_795_694_400_000.0; // Thu, 26 Nov 2026 12:00:00 GMT
        let in_ten = date("Thu, 26 Nov 2026 12:00:10 GMT", now + 10_000.0);
        assert_eq!(server_delay(in_ten, now), Some(Duration::from_secs(10)));
        let past = date("Wed, 25 Nov 2026 12:00:00 GMT", now - 86_400_000.0);
        assert_eq!(server_delay(past, now), Some(Duration::ZERO));
        let far = date("Thu, 26 Nov 2026 13:00:00 GMT", now + 3_600_000.0);
        let wait = decide_headers(
            Outcome::Status(503, None),
            Replay::Safe,
            0,
            2,
            far,
            now,
            0.0,
        );
        assert_eq!(wait, Decision::GiveUp, "an hour is past the cap");
        let unread = date("Thu, 26 Nov 2026 12:00:10 GMT", f64::NAN);
        assert_eq!(
            server_delay(unread, now),
            None,
            "a date the platform could not read"
        );
    }

    #[test]
    fn a_wait_in_the_message_is_kept_with_a_little_jitter_and_a_header_wins() {
        let rate_limited = Outcome::Status(429, Some("rate_limit_reached_error"));
        let second = Some(Duration::from_secs(1));
        let wait = |ra, random| {
            let asked = asked(ra, NOW, second);
            decide(rate_limited, Replay::Safe, 0, 2, asked, LONG, random)
        };
        assert_eq!(
            wait(RetryAfter::default(), 0.0),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(
            wait(RetryAfter::default(), 0.5),
            Decision::RetryAfter(Duration::from_millis(1125))
        );
        assert_eq!(
            wait(header("3"), 0.5),
            Decision::RetryAfter(Duration::from_secs(3)),
            "a header is waited exactly"
        );
        let past_cap = asked(RetryAfter::default(), NOW, Some(Duration::from_secs(121)));
        assert_eq!(
            decide(rate_limited, Replay::Safe, 0, 2, past_cap, LONG, 0.0),
            Decision::GiveUp
        );
        let upload = decide(
            rate_limited,
            Replay::OnlyIfRefused,
            0,
            2,
            asked(RetryAfter::default(), NOW, second),
            LONG,
            0.0,
        );
        assert_eq!(
            upload,
            Decision::RetryAfter(Duration::from_secs(1)),
            "a 429 took no file"
        );
    }

    #[test]
    fn an_overload_is_waited_out_in_tens_of_seconds_within_the_timeout() {
        let overloaded = Outcome::Status(429, Some("engine_overloaded_error"));
        let waits: Vec<Decision> = (0..5)
            .map(|n| {
                decide(
                    overloaded,
                    Replay::Safe,
                    n,
                    9,
                    None,
                    Duration::from_secs(600),
                    0.0,
                )
            })
            .collect();
        let secs = |s| Decision::RetryAfter(Duration::from_secs(s));
        assert_eq!(waits, [secs(10), secs(20), secs(40), secs(60), secs(60)]);
        assert_eq!(
            decide(
                overloaded,
                Replay::Safe,
                0,
                2,
                None,
                Duration::from_secs(5),
                0.0
            ),
            secs(5),
            "no longer than the call's timeout"
        );
        assert_eq!(
            decide(overloaded, Replay::Safe, 2, 2, None, LONG, 0.0),
            Decision::GiveUp
        );
        assert_eq!(overload_backoff(0, 0.999_999), Duration::from_millis(7500));
    }

    #[test]
    fn a_failed_extraction_is_tried_once_more_at_most() {
        let once = decide(
            Outcome::ExtractionFailed,
            Replay::Safe,
            0,
            2,
            None,
            LONG,
            0.0,
        );
        assert_eq!(once, Decision::RetryAfter(backoff(0, 0.0)));
        assert_eq!(
            decide(
                Outcome::ExtractionFailed,
                Replay::Safe,
                1,
                5,
                None,
                LONG,
                0.0
            ),
            Decision::GiveUp
        );
    }

    #[test]
    fn answers_the_service_calls_final_are_never_retried() {
        for error_type in [
            "unexpected_output",
            "content_filter",
            "exceeded_current_quota_error",
        ] {
            for status in [400, 429, 500] {
                let outcome = Outcome::Status(status, Some(error_type));
                assert_eq!(
                    decide_safe(outcome, 0),
                    Decision::GiveUp,
                    "{status} {error_type}"
                );
            }
        }
    }
}
