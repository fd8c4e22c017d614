//! The request log, written once for both faces: openai-node's levels
//! (`off`, `error`, `warn`, `info`, `debug`: each takes those before it), and
//! the lines a client writes. At `info`, one line an attempt (method, path,
//! status or how it failed, milliseconds, attempt, request id, the retry it
//! leads to) and one a rate-limit wait; at `debug`, the attempt's line goes
//! to `debug` with what it sent and what came back: the headers, a
//! secret's value hidden, and the bodies' sizes, never a body. Pure, so it
//! is tested natively; the client (`client`) decides whether a line is
//! written, and hides the key in any.

use std::rc::Rc;
use std::time::Duration;

use crate::error::{ConnectionKind, Error};
use crate::rate_limit::Limit;
use crate::text::decimal;

/// How much a client logs. Each level takes the lines of those before it:
/// `Warn` (the default) writes warnings and errors, `Info` also a line an
/// attempt and a rate-limit wait, `Debug` also the attempts' headers and sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum LogLevel {
    /// Nothing.
    Off,
    /// Errors only.
    Error,
    /// Warnings (a retired API version) and errors: the default.
    Warn,
    /// One line each attempt and each rate-limit wait.
    Info,
    /// Each attempt's line with its headers and its bodies' sizes.
    Debug,
}

/// A client's level unless told otherwise, as in openai-node.
pub const DEFAULT_LOG_LEVEL: LogLevel = LogLevel::Warn;

impl LogLevel {
    /// Every level, the quietest first.
    pub const ALL: [LogLevel; 5] = [
        LogLevel::Off,
        LogLevel::Error,
        LogLevel::Warn,
        LogLevel::Info,
        LogLevel::Debug,
    ];

    /// Its name: `"off"`, `"error"`, `"warn"`, `"info"`, `"debug"` (also the
    /// name of the logger's method a line of it goes to).
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Off => "off",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }

    /// The level of this name, exactly as `as_str` writes it.
    pub fn parse(name: &str) -> Option<LogLevel> {
        LogLevel::ALL
            .into_iter()
            .find(|level| level.as_str() == name)
    }

    /// The names, for a message that lists them.
    pub const NAMES: &'static str = "off, error, warn, info, debug";
}

/// Told each line a client logs, with its level (never `Off`). Unset, the
/// lines go to the platform's `console` (`console.info` for an info line).
pub type Logger = Rc<dyn Fn(LogLevel, &str)>;

const PREFIX: &str = "moonshot-files: ";
/// What stands for a value the log must not show.
pub(crate) const HIDDEN: &str = "***";

/// The path a request goes to, below the base URL (`/files/abc/content`).
pub(crate) fn path_of<'a>(url: &'a str, base_url: &str) -> &'a str {
    url.strip_prefix(base_url).unwrap_or(url)
}

/// One attempt, as its line tells it.
pub(crate) struct Tried<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// 1 for the first.
    pub attempt: u32,
    pub ms: u64,
    /// The answer's status, or how the attempt failed without one.
    pub ended: Ended<'a>,
    pub request_id: Option<&'a str>,
    /// The wait before the next attempt, where there is one.
    pub retry_in: Option<Duration>,
}

/// How an attempt ended.
pub(crate) enum Ended<'a> {
    Status(u16),
    Failed(&'a Error),
}

/// What the debug line adds to an attempt's: the headers sent, the body's
/// size, and, where an answer came, its headers ("name: value" lines, as
/// the platform gives them) and its body's size (`None`: streamed to the
/// caller, unread).
pub(crate) struct Exchange<'a> {
    pub sent: &'a [(&'a str, &'a str)],
    pub sent_bytes: Option<u64>,
    pub answer: Option<(&'a str, Option<u64>)>,
}

/// A line being written, a piece at a time, by calls kept out of line
/// (each piece costs the wasm a call, never `core::fmt` nor a copy of
/// `push_str`).
struct Line(String);

impl Line {
    /// `moonshot-files: GET /files `.
    fn new(method: &str, path: &str) -> Self {
        let mut line = Line(String::new());
        line.add(PREFIX).add(method).add(" ").add(path).add(" ");
        line
    }

    #[inline(never)]
    fn add(&mut self, piece: &str) -> &mut Self {
        self.0.push_str(piece);
        self
    }

    #[inline(never)]
    fn number(&mut self, n: u64) -> &mut Self {
        self.add(&decimal(n))
    }

    /// `480 ms`.
    fn millis(&mut self, wait: Duration) -> &mut Self {
        self.number(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX))
            .add(" ms")
    }

    /// `{name: value | name: ***}`: every header, a secret's value hidden.
    fn headers(&mut self, headers: &[(&str, &str)]) {
        let mut separator = "{";
        for &(name, value) in headers {
            let value = if is_secret_header(name) {
                HIDDEN
            } else {
                value
            };
            self.add(separator).add(name).add(": ").add(value);
            separator = " | ";
        }
        self.add(if headers.is_empty() { "{}" } else { "}" });
    }

    /// `, 2048 bytes`, `, no body`.
    fn size(&mut self, bytes: Option<u64>) {
        match bytes {
            Some(bytes) => self.add(", ").number(bytes).add(" bytes"),
            None => self.add(", no body"),
        };
    }
}

/// `moonshot-files: GET /files 200 in 12 ms, attempt 1, request id abc`,
/// then `; retrying in 480 ms` when another attempt follows; at debug,
/// `; sent {accept: */* | authorization: ***}, no body; answered
/// {content-type: application/json}, 1642 bytes`.
pub(crate) fn attempt_line(tried: &Tried<'_>, exchange: Option<Exchange<'_>>) -> String {
    let mut line = Line::new(tried.method, tried.path);
    match tried.ended {
        Ended::Status(status) => line.number(status.into()),
        Ended::Failed(error) => line.add(failure(error)),
    };
    line.add(" in ").number(tried.ms).add(" ms, attempt ");
    line.number(tried.attempt.into());
    if let Some(id) = tried.request_id {
        line.add(", request id ").add(id);
    }
    if let Some(wait) = tried.retry_in {
        line.add("; retrying in ").millis(wait);
    }
    if let Some(exchange) = exchange {
        line.add("; sent ").headers(exchange.sent);
        line.size(exchange.sent_bytes);
        if let Some((lines, bytes)) = exchange.answer {
            let mut answered = Vec::new();
            for header in lines.split('\n') {
                if let Some((name, value)) = header.split_once(": ") {
                    answered.push((name, value.trim()));
                }
            }
            line.add("; answered ").headers(&answered);
            match bytes {
                Some(_) => line.size(bytes),
                None => {
                    line.add(", streamed to the caller");
                }
            }
        }
    }
    line.0
}

/// How an attempt failed that had no answer to give a status.
fn failure(error: &Error) -> &'static str {
    match error {
        Error::Timeout { .. } => "timed out",
        Error::Aborted { .. } => "aborted",
        Error::Connection { kind, .. } => match kind {
            ConnectionKind::Refused => "connection refused",
            ConnectionKind::Redirect => "redirect refused",
            ConnectionKind::Broken => "connection failed",
        },
        Error::InvalidResponse(_) => "answer too large",
        _ => "not sent",
    }
}

/// `moonshot-files: GET /files waits 1000 ms for the rate limit (rpm 3)`: a
/// wait whose length is known, or one for a request in flight to end.
#[inline(never)]
pub(crate) fn wait_line(
    method: &str,
    path: &str,
    limit: Option<Limit>,
    limit_value: Option<u64>,
    wait: Option<Duration>,
) -> String {
    let mut line = Line::new(method, path);
    line.add("waits ");
    match wait {
        Some(wait) => line.millis(wait).add(" for"),
        None => line.add("its turn under"),
    };
    line.add(" the rate limit");
    if let Some(limit) = limit {
        line.add(" (").add(limit.as_str());
        if let Some(value) = limit_value {
            line.add(" ").number(value);
        }
        line.add(")");
    }
    line.0
}

/// A header whose value is a credential: the key's own (`authorization`),
/// a proxy's, a cookie, or a name that says so (`x-api-key`,
/// `x-auth-token`, `x-client-secret`; openai-node hides the same kinds).
pub(crate) fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "auth",
        "api-key",
        "api_key",
        "apikey",
        "token",
        "secret",
        "password",
        "cookie",
        "session",
        "signature",
        "credential",
    ]
    .iter()
    .any(|word| name.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_levels_are_openai_nodes_in_order_and_read_by_their_exact_names() {
        let names: Vec<&str> = LogLevel::ALL.iter().map(|level| level.as_str()).collect();
        assert_eq!(names, ["off", "error", "warn", "info", "debug"]);
        assert_eq!(LogLevel::NAMES, names.join(", "));
        for level in LogLevel::ALL {
            assert_eq!(LogLevel::parse(level.as_str()), Some(level));
        }
        for other in ["", "INFO", "Info", "verbose", "trace", "warning", " info"] {
            assert_eq!(LogLevel::parse(other), None, "{other:?}");
        }
        assert!(LogLevel::Off < LogLevel::Error && LogLevel::Error < LogLevel::Warn);
        assert!(LogLevel::Warn < LogLevel::Info && LogLevel::Info < LogLevel::Debug);
        assert_eq!(DEFAULT_LOG_LEVEL, LogLevel::Warn);
    }

    fn tried<'a>(
        ended: Ended<'a>,
        request_id: Option<&'a str>,
        retry_in: Option<Duration>,
    ) -> Tried<'a> {
        Tried {
            method: "GET",
            path: "/files",
            attempt: 2,
            ms: 12,
            ended,
            request_id,
            retry_in,
        }
    }

    fn line(ended: Ended<'_>, request_id: Option<&str>, retry_in: Option<Duration>) -> String {
        attempt_line(&tried(ended, request_id, retry_in), None)
    }

    #[test]
    fn an_attempt_is_one_line_with_its_status_time_attempt_and_request_id() {
        assert_eq!(
            line(Ended::Status(200), Some("req-1"), None),
            "moonshot-files: GET /files 200 in 12 ms, attempt 2, request id req-1"
        );
        assert_eq!(
            line(Ended::Status(503), None, Some(Duration::from_millis(480))),
            "moonshot-files: GET /files 503 in 12 ms, attempt 2; retrying in 480 ms"
        );
        let timeout = Error::Timeout {
            after: Duration::from_secs(1),
            attempts: 1,
        };
        assert_eq!(
            line(Ended::Failed(&timeout), None, None),
            "moonshot-files: GET /files timed out in 12 ms, attempt 2"
        );
        let refused = Error::Connection {
            kind: ConnectionKind::Refused,
            message: "connect ECONNREFUSED 127.0.0.1:9".into(),
            attempts: 1,
        };
        assert_eq!(
            line(Ended::Failed(&refused), None, Some(Duration::from_secs(1))),
            "moonshot-files: GET /files connection refused in 12 ms, attempt 2; retrying in 1000 ms",
            "the kind, never the platform's message"
        );
        assert_eq!(
            path_of("https://x/v1/files/a/content", "https://x/v1"),
            "/files/a/content"
        );
        assert_eq!(
            path_of("https://y/files", "https://x/v1"),
            "https://y/files"
        );
    }

    #[test]
    fn a_wait_names_its_limit_and_its_length_where_known() {
        assert_eq!(
            wait_line(
                "DELETE",
                "/files/a",
                Some(Limit::Rpm),
                Some(3),
                Some(Duration::from_millis(1000))
            ),
            "moonshot-files: DELETE /files/a waits 1000 ms for the rate limit (rpm 3)"
        );
        assert_eq!(
            wait_line("GET", "/files", Some(Limit::Concurrency), Some(1), None),
            "moonshot-files: GET /files waits its turn under the rate limit (concurrency 1)"
        );
        assert_eq!(
            wait_line("GET", "/files", None, None, Some(Duration::from_millis(5))),
            "moonshot-files: GET /files waits 5 ms for the rate limit"
        );
    }

    #[test]
    fn the_debug_line_adds_headers_with_secrets_hidden_and_sizes_never_bodies() {
        let sent = [
            ("accept", "text/plain, application/json"),
            ("authorization", "Bearer sk-secret"),
            ("x-proxy-token", "t0ken"),
            ("idempotency-key", "k1"),
        ];
        let answered =
            "content-type: application/json\r\nmsh-request-id: r1\r\nset-cookie: s=1\r\n";
        let exchange = Exchange {
            sent: &sent,
            sent_bytes: Some(2048),
            answer: Some((answered, Some(1642))),
        };
        let debug = attempt_line(&tried(Ended::Status(200), Some("r1"), None), Some(exchange));
        assert_eq!(
            debug,
            "moonshot-files: GET /files 200 in 12 ms, attempt 2, request id r1; \
             sent {accept: text/plain, application/json | authorization: *** | x-proxy-token: *** | idempotency-key: k1}, 2048 bytes; \
             answered {content-type: application/json | msh-request-id: r1 | set-cookie: ***}, 1642 bytes"
        );
        let accept = [("accept", "*/*")];
        let download = Exchange {
            sent: &accept,
            sent_bytes: None,
            answer: Some(("", None)),
        };
        assert!(
            attempt_line(&tried(Ended::Status(200), None, None), Some(download))
                .ends_with("; sent {accept: */*}, no body; answered {}, streamed to the caller")
        );
        let timeout = Error::Timeout {
            after: Duration::from_secs(1),
            attempts: 1,
        };
        let unanswered = Exchange {
            sent: &accept,
            sent_bytes: None,
            answer: None,
        };
        assert!(attempt_line(
            &tried(Ended::Failed(&timeout), None, None),
            Some(unanswered)
        )
        .ends_with("timed out in 12 ms, attempt 2; sent {accept: */*}, no body"));
    }

    #[test]
    fn secret_headers_are_told_by_their_names() {
        for name in [
            "authorization",
            "Proxy-Authorization",
            "x-api-key",
            "api_key",
            "X-Auth-Token",
            "cookie",
            "set-cookie",
            "x-client-secret",
            "x-session-id",
            "x-amz-security-token",
        ] {
            assert!(is_secret_header(name), "{name}");
        }
        for name in [
            "accept",
            "content-type",
            "kimi-api-version",
            "idempotency-key",
            "msh-request-id",
            "x-msh-trace-id",
            "retry-after",
        ] {
            assert!(!is_secret_header(name), "{name}");
        }
    }
}
