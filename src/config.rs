//! The client's settings: where the service is and the key to show it.

use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::log::{LogLevel, DEFAULT_LOG_LEVEL};
use crate::retry::DEFAULT_MAX_RETRIES;
use crate::text::decimal;

/// The mainland service; `https://api.moonshot.ai/v1` is the global one.
pub const DEFAULT_BASE_URL: &str = "https://api.moonshot.cn/v1";

/// An API key. It is sent in the `Authorization` header and nowhere else:
/// it has no `Display`, and its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key; an empty or blank one is refused.
    pub fn new(key: impl Into<String>) -> Result<Self, Error> {
        let key = key.into();
        if key.trim().is_empty() {
            return Err(Error::invalid_argument("The API key is empty."));
        }
        if key.chars().any(|c| c.is_control()) {
            // Cannot be a header value; say so without quoting the key.
            return Err(Error::invalid_argument(
                "The API key contains a control character (a stray newline?).",
            ));
        }
        Ok(ApiKey(key))
    }

    pub(crate) fn bearer(&self) -> String {
        ["Bearer ", self.0.as_str()].concat()
    }

    /// The key itself: only to find it and hide it (the request log).
    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Each attempt of a call, unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Each attempt of an upload: up to 100 MB may have to travel.
pub const DEFAULT_UPLOAD_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// How to reach the Files API, and how patiently. Made by
/// [`ClientConfig::new`] or [`ClientConfig::keyless`] and the `with_`
/// setters, each of which checks its value: no field is set around them
/// (plain `http://` is for this machine alone, say), and fields may be added.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientConfig {
    /// The key, or `None` for a proxy that adds it on the server side.
    pub(crate) api_key: Option<ApiKey>,
    /// The API's base URL, without a trailing slash, e.g. `https://api.moonshot.cn/v1`.
    pub(crate) base_url: String,
    /// The timeout of each attempt of every call; `None`: [`DEFAULT_TIMEOUT`],
    /// and [`DEFAULT_UPLOAD_TIMEOUT`] for uploads.
    pub(crate) timeout: Option<Duration>,
    /// Retries after a failed attempt that may succeed when repeated.
    pub(crate) max_retries: u32,
    /// Lets a client holding a key start in a browser, where anyone who
    /// opens the page can read the key. Off by default.
    pub(crate) dangerously_allow_browser: bool,
    /// Requests in flight at once, at most (the account's tier allows as
    /// many); `None`: as many as the service lets through. A 429 naming its
    /// "max concurrency" lowers it for the client's later calls.
    pub(crate) max_concurrency: Option<u32>,
    /// Requests started in any minute, at most; `None`: as the service lets
    /// through. A 429 naming its "max RPM" lowers it likewise.
    pub(crate) max_requests_per_minute: Option<u32>,
    /// Headers sent with every request (a proxy's own header, say), set by
    /// [`ClientConfig::with_header`]; they replace the client's own of the name.
    pub(crate) default_headers: Vec<(String, String)>,
    /// The dated API version sent as `kimi-api-version` (e.g.
    /// [`DATED_API_VERSION`]), set by [`ClientConfig::with_api_version`];
    /// `None`: the compatible API.
    pub(crate) api_version: Option<String>,
    /// How much the client logs ([`LogLevel`]): `Warn` unless set.
    pub(crate) log_level: LogLevel,
}

/// The dated version of the Files API Moonshot documents today.
pub const DATED_API_VERSION: &str = "2026-09-01-beta";

impl ClientConfig {
    /// Settings for the default service with this key.
    pub fn new(api_key: ApiKey) -> Self {
        ClientConfig {
            api_key: Some(api_key),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: None,
            max_retries: DEFAULT_MAX_RETRIES,
            dangerously_allow_browser: false,
            max_concurrency: None,
            max_requests_per_minute: None,
            default_headers: Vec::new(),
            api_version: None,
            log_level: DEFAULT_LOG_LEVEL,
        }
    }

    /// The same settings with another base URL (the global service, a proxy,
    /// the mock). Plain `http://` is allowed only to this machine: anywhere
    /// else it would send the key and the files in clear text.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.base_url = checked_base_url(base_url)?;
        Ok(self)
    }

    /// The same settings with this timeout for each attempt of every call
    /// (1 ms up to about 24.8 days: what a timer holds).
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Self, Error> {
        self.timeout = Some(check_timer(timeout, "timeout")?);
        Ok(self)
    }

    /// The same settings with this many retries of a failed attempt.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The same settings, allowing a client that holds a key to start in a
    /// browser, where anyone who opens the page can read the key.
    pub fn dangerously_allow_browser(mut self, allow: bool) -> Self {
        self.dangerously_allow_browser = allow;
        self
    }

    /// The same settings keeping at most this many requests in flight (1 or more).
    pub fn with_max_concurrency(mut self, max: u32) -> Result<Self, Error> {
        self.max_concurrency = Some(at_least_one(max, "max_concurrency")?);
        Ok(self)
    }

    /// The same settings starting at most this many requests in any minute (1 or more).
    pub fn with_max_requests_per_minute(mut self, max: u32) -> Result<Self, Error> {
        self.max_requests_per_minute = Some(at_least_one(max, "max_requests_per_minute")?);
        Ok(self)
    }

    /// The same settings logging at this level: `Info` writes a line each
    /// attempt and each rate-limit wait, `Debug` also their headers (a
    /// secret's hidden) and sizes; `Off` nothing, not even a warning.
    pub fn with_log_level(mut self, level: LogLevel) -> Self {
        self.log_level = level;
        self
    }

    /// How much the client logs.
    pub fn log_level(&self) -> LogLevel {
        self.log_level
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether the client holds a key (never the key itself).
    pub fn has_api_key(&self) -> bool {
        self.api_key.is_some()
    }

    /// The timeout of each attempt, where one is set.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Retries of a failed attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The dated API version, where one is spoken.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref()
    }

    /// Settings for a proxy that holds the key (the browser pattern).
    pub fn keyless(base_url: &str) -> Result<Self, Error> {
        Ok(ClientConfig {
            api_key: None,
            base_url: checked_base_url(base_url)?,
            timeout: None,
            max_retries: DEFAULT_MAX_RETRIES,
            dangerously_allow_browser: false,
            max_concurrency: None,
            max_requests_per_minute: None,
            default_headers: Vec::new(),
            api_version: None,
            log_level: DEFAULT_LOG_LEVEL,
        })
    }

    /// The same settings speaking a dated version of the API (`YYYY-MM-DD`,
    /// with an optional `-suffix`: [`DATED_API_VERSION`]). A version of that
    /// form the service does not know comes back as its 400.
    pub fn with_api_version(mut self, version: &str) -> Result<Self, Error> {
        if !is_api_version(version) {
            return Err(Error::invalid_argument(
                [
                    "apiVersion must be a date such as ",
                    DATED_API_VERSION,
                    " (YYYY-MM-DD, with an optional -suffix); got \"",
                    version,
                    "\".",
                ]
                .concat(),
            ));
        }
        self.api_version = Some(version.to_owned());
        Ok(self)
    }

    /// The same settings with a header sent on every request. Refuses a name
    /// that is no HTTP token, a value with a control character, and the body's
    /// own headers (`content-type`, `content-length`: an upload sets them).
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(Error::invalid_argument(
                ["\"", name, "\" is not a valid header name."].concat(),
            ));
        }
        let name = name.to_ascii_lowercase();
        if name == "content-type" || name == "content-length" {
            return Err(Error::invalid_argument(
                [
                    "The ",
                    &name,
                    " header is the request body's own: it cannot be set.",
                ]
                .concat(),
            ));
        }
        if value.chars().any(|c| c.is_control() && c != '\t') {
            // Never quoted: it may be a secret.
            return Err(crate::transport::invalid_header(&name));
        }
        self.default_headers.retain(|(set, _)| *set != name);
        self.default_headers.push((name, value.to_owned()));
        Ok(self)
    }

    /// Refuses a key in a browser unless explicitly allowed: a page's code
    /// is readable by everyone who opens it.
    pub(crate) fn check_environment(&self, in_browser: bool) -> Result<(), Error> {
        if in_browser && self.api_key.is_some() && !self.dangerously_allow_browser {
            return Err(Error::invalid_argument(
                "Refusing to start a client holding an API key in a browser: anyone who opens the \
                 page can read the key. Talk to a server of yours that holds the key (leave apiKey \
                 out and point baseURL at it), or, if you understand the risk, set \
                 dangerouslyAllowBrowser: true.",
            ));
        }
        Ok(())
    }
}

/// A limit of 0 would let no request go, ever.
fn at_least_one(value: u32, what: &str) -> Result<u32, Error> {
    if value == 0 {
        return Err(Error::invalid_argument(
            [what, " must be 1 or more."].concat(),
        ));
    }
    Ok(value)
}

/// `YYYY-MM-DD` with an optional `-suffix` of letters, digits, dots and dashes.
fn is_api_version(version: &str) -> bool {
    let bytes = version.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let date = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10);
    let suffix = bytes.get(10..).unwrap_or_default();
    date && (suffix.is_empty()
        || (suffix.len() > 1
            && suffix.first() == Some(&b'-')
            && suffix
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')))
}

/// The longest timeout or wait a JS timer can hold (2^31 - 1 ms, about 24.8 days).
pub(crate) const MAX_TIMER: Duration = Duration::from_millis(i32::MAX as u64);

/// Refuses a duration no timer can hold: zero, or past [`MAX_TIMER`].
/// Every timeout and wait, from Rust or from JS, is checked here.
pub(crate) fn check_timer(duration: Duration, what: &str) -> Result<Duration, Error> {
    if duration.is_zero() || duration > MAX_TIMER {
        return Err(Error::invalid_argument(
            [
                what,
                " must be a number of milliseconds between 1 and ",
                &decimal(i32::MAX.unsigned_abs().into()),
                ".",
            ]
            .concat(),
        ));
    }
    Ok(duration)
}

fn checked_base_url(raw: &str) -> Result<String, Error> {
    let url = raw.trim().trim_end_matches('/');
    let refuse = |why: &str| {
        Err(Error::invalid_argument(
            ["Invalid baseURL \"", url, "\": ", why, "."].concat(),
        ))
    };
    let Some((scheme, rest)) = url.split_once("://") else {
        return refuse("expected an absolute http(s) URL such as https://api.moonshot.cn/v1");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return refuse("the URL has no host");
    }
    if authority.contains('@') {
        return refuse("credentials in the URL would be sent with every request; use apiKey");
    }
    if rest.contains(['?', '#']) {
        return refuse("a base URL cannot carry a query or a fragment");
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_owned()),
        "http" if is_loopback(authority) => Ok(url.to_owned()),
        "http" => {
            refuse("plain http is allowed only to a loopback host (localhost, 127.x.x.x, [::1])")
        }
        _ => refuse("expected http or https"),
    }
}

/// Whether an `host[:port]` names this machine: `localhost`, 127.0.0.0/8 or
/// ::1, never a name under `.localhost` (outside a browser it goes to the
/// system's resolver, which may answer with any address). The ui server's
/// checks (pkg-template/ui-server/loopback.js) follow the same rule, and
/// tests/vectors/loopback.json holds both to it.
fn is_loopback(authority: &str) -> bool {
    match authority.strip_prefix('[') {
        Some(v6) => v6
            .split(']')
            .next()
            .unwrap_or_default()
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => {
            let host = authority.split(':').next().unwrap_or_default();
            host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::Ipv4Addr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_goes_through_its_check() {
        let config = ClientConfig::keyless("http://127.0.0.1:9/v1").unwrap();
        assert!(config.clone().with_timeout(Duration::ZERO).is_err());
        assert!(config.clone().with_max_concurrency(0).is_err());
        assert!(config.clone().with_max_requests_per_minute(0).is_err());
        let set = config
            .with_timeout(Duration::from_secs(5))
            .unwrap()
            .with_max_retries(4)
            .with_max_concurrency(2)
            .unwrap()
            .dangerously_allow_browser(true);
        assert_eq!(set.timeout(), Some(Duration::from_secs(5)));
        assert_eq!(set.max_retries(), 4);
        assert_eq!(set.max_concurrency, Some(2));
        assert!(set.dangerously_allow_browser);
        assert_eq!(set.base_url(), "http://127.0.0.1:9/v1");
        assert!(!set.has_api_key());
    }

    #[test]
    fn an_api_version_is_a_date_with_an_optional_suffix() {
        for good in ["2026-09-01-beta", "2026-09-01", "2027-01-15-rc.1"] {
            assert!(is_api_version(good), "{good}");
        }
        for bad in [
            "",
            "2026-9-01",
            "2026-09-01-",
            "20260901",
            "2026-09-01 beta",
            "latest",
            "2026-09-01-béta",
            "2026-09-0x",
        ] {
            assert!(!is_api_version(bad), "{bad}");
        }
        let config = ClientConfig::keyless("https://api.moonshot.cn/v1").unwrap();
        let refused = config.clone().with_api_version("beta").unwrap_err();
        assert_eq!(
            refused.to_string(),
            "apiVersion must be a date such as 2026-09-01-beta (YYYY-MM-DD, with an optional -suffix); got \"beta\"."
        );
        let dated = config.with_api_version(DATED_API_VERSION).unwrap();
        assert_eq!(dated.api_version.as_deref(), Some("2026-09-01-beta"));
    }

    fn key() -> ApiKey {
        ApiKey::new("sk-secret-123").unwrap()
    }

    #[test]
    fn the_key_never_shows_in_debug() {
        let config = ClientConfig::new(key());
        let shown = format!("{config:?} {:?}", config.api_key);
        assert!(!shown.contains("sk-secret-123"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn refuses_an_empty_key_or_one_with_a_newline() {
        assert!(ApiKey::new("  ").is_err());
        let err = ApiKey::new("sk-secret\n").unwrap_err();
        assert!(!err.to_string().contains("sk-secret"));
    }

    #[test]
    fn trims_trailing_slashes() {
        let config = ClientConfig::new(key())
            .with_base_url("https://api.moonshot.ai/v1/")
            .unwrap();
        assert_eq!(config.base_url, "https://api.moonshot.ai/v1");
        assert_eq!(ClientConfig::new(key()).base_url, DEFAULT_BASE_URL);
    }

    #[test]
    fn a_key_in_a_browser_needs_consent() {
        let config = ClientConfig::new(key());
        let err = config.check_environment(true).unwrap_err();
        assert!(err.to_string().contains("dangerouslyAllowBrowser"));
        assert!(config.check_environment(false).is_ok());
        let consenting = ClientConfig {
            dangerously_allow_browser: true,
            ..config
        };
        assert!(consenting.check_environment(true).is_ok());
        let proxy = ClientConfig::keyless("https://example.com/v1").unwrap();
        assert!(
            proxy.check_environment(true).is_ok(),
            "no key, nothing to leak"
        );
    }

    #[test]
    fn durations_are_what_a_timer_can_hold() {
        let ms = Duration::from_millis;
        assert_eq!(check_timer(ms(1500), "timeout").unwrap(), ms(1500));
        assert_eq!(check_timer(MAX_TIMER, "timeout").unwrap(), MAX_TIMER);
        for bad in [Duration::ZERO, MAX_TIMER + Duration::from_micros(1)] {
            let err = check_timer(bad, "timeout").unwrap_err();
            assert_eq!(
                err.to_string(),
                "timeout must be a number of milliseconds between 1 and 2147483647."
            );
        }
    }

    /// The cases the ui server's rule reads too: tests/ui/loopback.test.mjs
    /// reads the same file through pkg-template/ui-server/loopback.js.
    #[test]
    fn loopback_as_the_shared_vectors_say() {
        let vectors: serde_json::Value =
            serde_json::from_str(include_str!("../tests/vectors/loopback.json")).unwrap();
        let cases = vectors["cases"].as_array().unwrap();
        assert!(cases.len() >= 20);
        for case in cases {
            let host = case["host"].as_str().unwrap();
            let loopback = case["loopback"].as_bool().unwrap();
            assert_eq!(is_loopback(host), loopback, "{host}");
            assert_eq!(
                is_loopback(&format!("{host}:8080")),
                loopback,
                "{host}:8080"
            );
            let url = format!("http://{host}:8080/v1");
            assert_eq!(ClientConfig::keyless(&url).is_ok(), loopback, "{url}");
        }
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:8080/v1",
            "http://localhost/v1",
            "http://LOCALHOST:3000",
            "http://[::1]:9000/v1",
            "http://127.1.2.3/v1",
            "https://example.com/moonshot/v1",
        ] {
            assert!(ClientConfig::keyless(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.moonshot.cn/v1",
            "http://10.0.0.1/v1",
            "http://localhost.evil.com/v1",
            "http://127.0.0.1.evil.com/v1",
            "ftp://127.0.0.1/v1",
            "api.moonshot.cn/v1",
            "https://",
            "https://user:pw@api.moonshot.cn/v1",
            "https://api.moonshot.cn/v1?x=1",
        ] {
            assert!(ClientConfig::keyless(bad).is_err(), "{bad}");
        }
    }
}
