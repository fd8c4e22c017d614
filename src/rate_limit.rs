//! What a 429 says of the service's rate limits. The service sends no
//! `Retry-After` and no rate-limit headers: which limit was reached, its
//! number and the wait are only in the message ("Your account {org}<{ak}>
//! request reached organization max concurrency: 1, please try again after
//! 1 seconds"), as its error reference words them. Pure, so both faces read
//! a message alike and it is tested natively.

use std::time::Duration;

use crate::retry::decimal_millis;

/// Which of the account's limits a 429 says was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// Requests in flight at once ("max concurrency: N").
    Concurrency,
    /// Requests a minute ("max RPM: N").
    Rpm,
    /// Tokens a minute ("TPM rate limit, current:c, limit:l").
    Tpm,
    /// Tokens a day.
    Tpd,
    /// `engine_overloaded_error`: the service as a whole is overloaded.
    Overloaded,
}

impl Limit {
    /// The name the JS face gives it: `'concurrency'`, `'rpm'`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Concurrency => "concurrency",
            Limit::Rpm => "rpm",
            Limit::Tpm => "tpm",
            Limit::Tpd => "tpd",
            Limit::Overloaded => "overloaded",
        }
    }
}

/// What an error answer states of a limit and a wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stated {
    pub limit: Option<Limit>,
    /// The limit's number: `N` of "max RPM: N", `l` of "limit:l".
    pub value: Option<u64>,
    /// "please try again after T seconds".
    pub wait: Option<Duration>,
}

/// Reads an error answer's status, `error.type` and message.
pub(crate) fn stated(status: u16, error_type: Option<&str>, message: &str) -> Stated {
    let text = message.to_ascii_lowercase();
    let wait = number_after(&text, "try again after ")
        .filter(|(_, rest)| rest.trim_start().starts_with("second"))
        .and_then(|(seconds, _)| decimal_millis(seconds, 1000));
    let (limit, value) = if status != 429 {
        (None, None)
    } else if error_type == Some("engine_overloaded_error") {
        (Some(Limit::Overloaded), None)
    } else {
        named_limit(&text)
    };
    Stated { limit, value, wait }
}

/// "max concurrency: N", "max RPM: N", "TPM rate limit, ..., limit:N".
fn named_limit(text: &str) -> (Option<Limit>, Option<u64>) {
    let whole = |(digits, _): (&str, &str)| digits.parse::<u64>().ok();
    for (name, limit) in [
        ("concurrency", Limit::Concurrency),
        ("rpm", Limit::Rpm),
        ("tpm", Limit::Tpm),
        ("tpd", Limit::Tpd),
    ] {
        if let Some(found) = number_after(text, &["max ", name, ":"].concat()) {
            return (Some(limit), whole(found));
        }
        if text.contains(&[name, " rate limit"].concat()) {
            return (Some(limit), number_after(text, "limit:").and_then(whole));
        }
    }
    (None, None)
}

/// The decimal number after the first `marker` (spaces between allowed),
/// and the text after the number.
fn number_after<'a>(text: &'a str, marker: &str) -> Option<(&'a str, &'a str)> {
    let after = text.split_once(marker)?.1.trim_start();
    let end = after
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(after.len());
    let number = after.get(..end)?.trim_end_matches('.');
    (!number.is_empty()).then(|| (number, after.get(number.len()..).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "Your account org-abc<ak-xyz> request reached organization";

    fn rate_limited(message: &str) -> Stated {
        stated(429, Some("rate_limit_reached_error"), message)
    }

    #[test]
    fn reads_the_services_concurrency_and_rpm_answers() {
        let concurrency = rate_limited(&format!(
            "{ACCOUNT} max concurrency: 1, please try again after 1 seconds"
        ));
        assert_eq!(
            concurrency,
            Stated {
                limit: Some(Limit::Concurrency),
                value: Some(1),
                wait: Some(Duration::from_secs(1)),
            }
        );
        let rpm = rate_limited(&format!(
            "{ACCOUNT} max RPM: 3, please try again after 20 seconds"
        ));
        assert_eq!(
            rpm,
            Stated {
                limit: Some(Limit::Rpm),
                value: Some(3),
                wait: Some(Duration::from_secs(20)),
            }
        );
        let fractional = rate_limited("max RPM: 3, please try again after 1.5 seconds");
        assert_eq!(fractional.wait, Some(Duration::from_millis(1500)));
    }

    #[test]
    fn token_limits_name_their_number_and_no_wait() {
        let tpm = rate_limited(&format!(
            "{ACCOUNT} TPM rate limit, current:52817, limit:32000"
        ));
        assert_eq!(
            tpm,
            Stated {
                limit: Some(Limit::Tpm),
                value: Some(32000),
                wait: None,
            }
        );
        let tpd = rate_limited(&format!(
            "{ACCOUNT} TPD rate limit, current:10, limit:1500000"
        ));
        assert_eq!((tpd.limit, tpd.value), (Some(Limit::Tpd), Some(1_500_000)));
    }

    #[test]
    fn an_overload_is_its_own_limit() {
        let overloaded = stated(
            429,
            Some("engine_overloaded_error"),
            "The engine is currently overloaded, please try again later",
        );
        assert_eq!(
            overloaded,
            Stated {
                limit: Some(Limit::Overloaded),
                value: None,
                wait: None,
            }
        );
    }

    #[test]
    fn other_answers_state_no_limit() {
        assert_eq!(rate_limited("Too many requests"), Stated::default());
        let quota = stated(
            429,
            Some("exceeded_current_quota_error"),
            "Your account org-abc<ak-xyz> is suspended, please check your plan and billing details",
        );
        assert_eq!(quota, Stated::default());
        // Not a 429: a limit named in passing is none, though a wait still is.
        let other = stated(
            503,
            None,
            "max concurrency: 2, please try again after 3 seconds",
        );
        assert_eq!(other.limit, None);
        assert_eq!(other.wait, Some(Duration::from_secs(3)));
    }

    #[test]
    fn garbled_numbers_are_no_numbers() {
        for message in [
            "max concurrency: , please try again after seconds",
            "max concurrency: x, please try again after -1 seconds",
            "please try again after 1e3 seconds",
            "please try again after 5 minutes",
            "please try again after",
            "max rpm:",
        ] {
            let read = rate_limited(message);
            assert_eq!(read.value, None, "{message}");
            assert_eq!(read.wait, None, "{message}");
        }
        let huge = rate_limited("max rpm: 99999999999999999999999, please try again after 99999999999999999999999 seconds");
        assert_eq!(huge.value, None, "past u64: no number");
        assert!(huge
            .wait
            .is_some_and(|wait| wait > Duration::from_secs(120)));
    }

    /// The cases both faces read alike: tests/js/rate-limits.test.mjs
    /// reads the same file through the JS face.
    #[test]
    fn reads_the_shared_vectors_as_the_js_face_does() {
        let vectors: serde_json::Value =
            serde_json::from_str(include_str!("../tests/vectors/rate-limits.json")).unwrap();
        let cases = vectors["cases"].as_array().unwrap();
        assert!(cases.len() >= 8);
        for case in cases {
            let message = case["message"].as_str().unwrap();
            let read = stated(429, case["type"].as_str(), message);
            assert_eq!(
                read.limit.map(Limit::as_str),
                case["limit"].as_str(),
                "{message}"
            );
            assert_eq!(read.value, case["limitValue"].as_u64(), "{message}");
            assert_eq!(
                read.wait.map(|wait| wait.as_millis() as u64),
                case["retryAfterMs"].as_u64(),
                "{message}"
            );
        }
    }
}
