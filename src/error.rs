//! Every way a call can fail, and the one place that turns an HTTP answer
//! into the right kind (as openai-node's `APIError.generate` does).

use std::fmt;

use std::time::Duration;

use crate::rate_limit::{self, Limit};
use crate::retry::Outcome;
use crate::text::decimal;
use crate::types::ErrorDetail;

/// A failed call.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status.
    Api(ApiError),
    /// The service answered 2xx with a body that is not what the API promises.
    InvalidResponse(InvalidResponse),
    /// No answer came: the host could not be reached, the connection dropped,
    /// or a browser refused the request (CORS, mixed content).
    Connection {
        /// Which way it failed, as the transport saw it.
        kind: ConnectionKind,
        /// What the platform said.
        message: String,
        /// Attempts made, retries included.
        attempts: u32,
    },
    /// An attempt took longer than the timeout (headers or body).
    Timeout {
        /// The timeout of each attempt.
        after: Duration,
        /// Attempts made, retries included.
        attempts: u32,
    },
    /// The caller's `AbortSignal` fired.
    Aborted {
        /// Attempts made (or begun), retries included.
        attempts: u32,
    },
    /// Refused before anything was sent: the call's input or the client's
    /// options are wrong.
    InvalidArgument {
        /// What is wrong, and how to put it right.
        message: String,
    },
    /// `wait_for_processing`: the service could not process the file.
    ProcessingFailed {
        /// The file's id.
        file_id: String,
        /// Why, as the service's `status_details` says.
        status_details: Option<String>,
        /// Looks at the file (requests) made.
        attempts: u32,
    },
    /// `wait_for_processing`: the file was still processing after the longest wait.
    WaitTimeout {
        /// The file's id.
        file_id: String,
        /// How long it was waited for.
        waited: Duration,
        /// Looks at the file (requests) made.
        attempts: u32,
    },
    /// `extract`: the file it uploaded could not be deleted afterwards.
    LeftBehind {
        /// The file still in the account.
        file_id: String,
        /// Why deleting it failed.
        cause: Box<Error>,
        /// How the extraction itself failed, if it did.
        after: Option<Box<Error>>,
    },
    /// `prune`: some of the files it chose could not be deleted.
    PruneIncomplete {
        /// The ids of the files deleted (or already gone).
        deleted: Vec<String>,
        /// The ids of the files still there, each with why.
        failed: Vec<(String, Error)>,
    },
}

impl Error {
    /// How many requests were sent for the call that failed (0: refused before sending).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(api) => api.attempts,
            Error::InvalidResponse(invalid) => invalid.attempts,
            Error::Connection { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Aborted { attempts }
            | Error::ProcessingFailed { attempts, .. }
            | Error::WaitTimeout { attempts, .. } => *attempts,
            Error::LeftBehind { cause, .. } => cause.attempts(),
            Error::InvalidArgument { .. } | Error::PruneIncomplete { .. } => 0,
        }
    }

    /// The same error, counting `attempts` requests.
    pub(crate) fn with_attempts(mut self, count: u32) -> Self {
        match &mut self {
            Error::Api(ApiError { attempts, .. })
            | Error::InvalidResponse(InvalidResponse { attempts, .. })
            | Error::Connection { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::Aborted { attempts }
            | Error::ProcessingFailed { attempts, .. }
            | Error::WaitTimeout { attempts, .. } => *attempts = count,
            Error::InvalidArgument { .. }
            | Error::LeftBehind { .. }
            | Error::PruneIncomplete { .. } => {}
        }
        self
    }

    /// How the attempt ended, for the retry rules.
    pub(crate) fn outcome(&self) -> Option<Outcome<'_>> {
        match self {
            Error::Api(api) if api.is_failed_extraction() => Some(Outcome::ExtractionFailed),
            Error::Api(api) => Some(Outcome::Status(api.status, api.error_type.as_deref())),
            // Node names the cause; browsers hide it, so "refused" is only known there.
            Error::Connection { kind, .. } => match kind {
                ConnectionKind::Refused => Some(Outcome::Refused),
                // A redirect is retried as a broken answer: in a browser the
                // retry goes past the HTTP cache, which may have held a stale one.
                ConnectionKind::Broken | ConnectionKind::Redirect => Some(Outcome::Broken),
            },
            Error::Timeout { .. } => Some(Outcome::TimedOut),
            Error::Aborted { .. } => Some(Outcome::Aborted),
            _ => None,
        }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            message: message.into(),
        }
    }
}

/// How a request got no answer, told where it failed (the transport), from
/// what the platform says: never read back out of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectionKind {
    /// Nothing listened (Node names it `ECONNREFUSED`): nothing was sent,
    /// so even an upload may be sent again.
    Refused,
    /// Cut, reset, or refused by a browser that gives no reason: the
    /// request may have arrived.
    Broken,
    /// The server answered with a redirect, which is never followed (the
    /// key would go with it).
    Redirect,
}

/// Milliseconds as a u64: no timer reaches past it.
fn whole_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl Error {
    /// What went wrong, in words: what `Display` writes, put together
    /// without `core::fmt` (see `text`), so the JS face's messages bring no
    /// formatting into its wasm.
    pub(crate) fn describe(&self) -> String {
        match self {
            Error::Api(api) => api.describe(),
            Error::InvalidResponse(invalid) => invalid.describe(),
            Error::Connection { message, .. } => ["Connection error: ", message].concat(),
            Error::Timeout { after, .. } => [
                "Request timed out after ",
                decimal(whole_ms(*after)).as_str(),
                " ms",
            ]
            .concat(),
            Error::Aborted { .. } => "Request was aborted".to_owned(),
            Error::InvalidArgument { message } => message.clone(),
            Error::ProcessingFailed {
                file_id,
                status_details,
                ..
            } => [
                "File ",
                file_id,
                " could not be processed: ",
                status_details.as_deref().unwrap_or("no details given"),
            ]
            .concat(),
            Error::WaitTimeout {
                file_id, waited, ..
            } => [
                "File ",
                file_id,
                " was still processing after ",
                decimal(whole_ms(*waited)).as_str(),
                " ms",
            ]
            .concat(),
            Error::LeftBehind {
                file_id,
                cause,
                after,
            } => {
                let mut text = [
                    "File ",
                    file_id,
                    " was left behind: deleting it failed (",
                    cause.describe().as_str(),
                    ")",
                ]
                .concat();
                if let Some(after) = after {
                    text.push_str(" after the extraction failed (");
                    text.push_str(&after.describe());
                    text.push(')');
                }
                text
            }
            Error::PruneIncomplete { deleted, failed } => {
                let mut text = [
                    decimal(deleted.len() as u64).as_str(),
                    " of ",
                    decimal((deleted.len() + failed.len()) as u64).as_str(),
                    " files deleted; still there: ",
                ]
                .concat();
                for (i, (id, error)) in failed.iter().enumerate() {
                    if i > 0 {
                        text.push_str(", ");
                    }
                    text.push_str(id);
                    text.push_str(" (");
                    text.push_str(&error.describe());
                    text.push(')');
                }
                text
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl std::error::Error for Error {}

/// The JS class of each error (js/errors.js), and the class it extends: the
/// one list the JS face's mapping uses and js/error-classes.js is
/// generated from (`make generate`), so a class cannot be named on one
/// side and missing on the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)]
// Only the JS face names classes; `MoonshotError` is the base all extend,
// never made itself.
#[cfg_attr(not(feature = "js"), allow(dead_code))]
pub(crate) enum ErrorClass {
    #[allow(dead_code)]
    MoonshotError,
    APIError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    RateLimitError,
    QuotaExceededError,
    InternalServerError,
    InvalidResponseError,
    ConnectionError,
    TimeoutError,
    AbortError,
    InvalidArgumentError,
    FileProcessingError,
    WaitTimeoutError,
    CleanupError,
    PruneError,
}

impl ErrorClass {
    /// Every class, each after the one it extends.
    #[cfg(test)]
    pub(crate) const ALL: [ErrorClass; 19] = [
        ErrorClass::MoonshotError,
        ErrorClass::APIError,
        ErrorClass::BadRequestError,
        ErrorClass::AuthenticationError,
        ErrorClass::PermissionDeniedError,
        ErrorClass::NotFoundError,
        ErrorClass::ConflictError,
        ErrorClass::RateLimitError,
        ErrorClass::QuotaExceededError,
        ErrorClass::InternalServerError,
        ErrorClass::InvalidResponseError,
        ErrorClass::ConnectionError,
        ErrorClass::TimeoutError,
        ErrorClass::AbortError,
        ErrorClass::InvalidArgumentError,
        ErrorClass::FileProcessingError,
        ErrorClass::WaitTimeoutError,
        ErrorClass::CleanupError,
        ErrorClass::PruneError,
    ];

    /// The class's name, as JS knows it (`err.name`).
    #[cfg_attr(not(feature = "js"), allow(dead_code))]
    pub(crate) fn name(self) -> &'static str {
        match self {
            ErrorClass::MoonshotError => "MoonshotError",
            ErrorClass::APIError => "APIError",
            ErrorClass::BadRequestError => "BadRequestError",
            ErrorClass::AuthenticationError => "AuthenticationError",
            ErrorClass::PermissionDeniedError => "PermissionDeniedError",
            ErrorClass::NotFoundError => "NotFoundError",
            ErrorClass::ConflictError => "ConflictError",
            ErrorClass::RateLimitError => "RateLimitError",
            ErrorClass::QuotaExceededError => "QuotaExceededError",
            ErrorClass::InternalServerError => "InternalServerError",
            ErrorClass::InvalidResponseError => "InvalidResponseError",
            ErrorClass::ConnectionError => "ConnectionError",
            ErrorClass::TimeoutError => "TimeoutError",
            ErrorClass::AbortError => "AbortError",
            ErrorClass::InvalidArgumentError => "InvalidArgumentError",
            ErrorClass::FileProcessingError => "FileProcessingError",
            ErrorClass::WaitTimeoutError => "WaitTimeoutError",
            ErrorClass::CleanupError => "CleanupError",
            ErrorClass::PruneError => "PruneError",
        }
    }

    /// The class it extends: `APIError` for the service's answers,
    /// `MoonshotError` for the rest; `None` for `MoonshotError` itself.
    #[cfg(test)]
    pub(crate) fn parent(self) -> Option<ErrorClass> {
        match self {
            ErrorClass::MoonshotError => None,
            ErrorClass::BadRequestError
            | ErrorClass::AuthenticationError
            | ErrorClass::PermissionDeniedError
            | ErrorClass::NotFoundError
            | ErrorClass::ConflictError
            | ErrorClass::RateLimitError
            | ErrorClass::QuotaExceededError
            | ErrorClass::InternalServerError => Some(ErrorClass::APIError),
            _ => Some(ErrorClass::MoonshotError),
        }
    }
}

impl Error {
    /// The JS class this error becomes.
    #[cfg_attr(not(feature = "js"), allow(dead_code))]
    pub(crate) fn class(&self) -> ErrorClass {
        match self {
            Error::Api(api) => match api.kind {
                ApiErrorKind::BadRequest => ErrorClass::BadRequestError,
                ApiErrorKind::Authentication => ErrorClass::AuthenticationError,
                ApiErrorKind::PermissionDenied => ErrorClass::PermissionDeniedError,
                ApiErrorKind::NotFound => ErrorClass::NotFoundError,
                ApiErrorKind::Conflict => ErrorClass::ConflictError,
                ApiErrorKind::RateLimit => ErrorClass::RateLimitError,
                ApiErrorKind::QuotaExceeded => ErrorClass::QuotaExceededError,
                ApiErrorKind::InternalServer => ErrorClass::InternalServerError,
                ApiErrorKind::Other => ErrorClass::APIError,
            },
            Error::InvalidResponse(_) => ErrorClass::InvalidResponseError,
            Error::Connection { .. } => ErrorClass::ConnectionError,
            Error::Timeout { .. } => ErrorClass::TimeoutError,
            Error::Aborted { .. } => ErrorClass::AbortError,
            Error::InvalidArgument { .. } => ErrorClass::InvalidArgumentError,
            Error::ProcessingFailed { .. } => ErrorClass::FileProcessingError,
            Error::WaitTimeout { .. } => ErrorClass::WaitTimeoutError,
            Error::LeftBehind { .. } => ErrorClass::CleanupError,
            Error::PruneIncomplete { .. } => ErrorClass::PruneError,
        }
    }
}

/// Which error answer this is; each becomes its own JS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: bad parameters or a limit reached.
    BadRequest,
    /// 401: a missing or wrong API key.
    Authentication,
    /// 403: not allowed.
    PermissionDenied,
    /// 404: no such file.
    NotFound,
    /// 429, except a spent quota: slow down and try again.
    RateLimit,
    /// 409, the dated API's `conflict_error`: an `Idempotency-Key` used for
    /// another upload, or its first still running; never retried.
    Conflict,
    /// `exceeded_current_quota_error`, whatever its status: no retry can help.
    QuotaExceeded,
    /// 5xx: the service or a gateway in front of it failed.
    InternalServer,
    /// Any other status.
    Other,
}

impl ApiErrorKind {
    /// The kind of an answer, from its status and the `error.type` of its body.
    pub fn of(status: u16, error_type: Option<&str>) -> Self {
        if error_type == Some("exceeded_current_quota_error") {
            return ApiErrorKind::QuotaExceeded;
        }
        match status {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Authentication,
            403 => ApiErrorKind::PermissionDenied,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            429 => ApiErrorKind::RateLimit,
            500..=599 => ApiErrorKind::InternalServer,
            _ => ApiErrorKind::Other,
        }
    }
}

/// An error answer from the service (or a gateway before it).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// Which kind, from the status and `error.type`.
    pub kind: ApiErrorKind,
    /// The HTTP status.
    pub status: u16,
    /// `error.type` of the body, e.g. `invalid_authentication_error`.
    pub error_type: Option<String>,
    /// `error.code` of the body, where there is one.
    pub code: Option<String>,
    /// The dated API's `error.param`: the field a bad parameter names.
    pub param: Option<String>,
    /// `error.message` of the body, or a description of a body without one.
    pub message: String,
    /// The `Msh-Request-Id` header (or `x-request-id` from elsewhere), to
    /// quote to Moonshot's support.
    pub request_id: Option<String>,
    /// The `X-Msh-Trace-Id` header, which support may ask for too.
    pub trace_id: Option<String>,
    /// Which rate limit a 429 says was reached, where it says.
    pub limit: Option<Limit>,
    /// The number the service named with it: `1` of "max concurrency: 1".
    pub limit_value: Option<u64>,
    /// The wait the service asked for, from a `Retry-After` header or the message.
    pub retry_after: Option<Duration>,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// What to do about it, where the client can tell (a refused key's
    /// likely cause, a base URL without `/v1`): the end of the message.
    pub hint: Option<String>,
}

/// The ids the service gives each answer, to quote to its support.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnswerIds {
    /// `Msh-Request-Id`, or `x-request-id` where a gateway sends that instead.
    pub request_id: Option<String>,
    /// `X-Msh-Trace-Id`.
    pub trace_id: Option<String>,
}

/// How much of a body that is not the error shape (an HTML 502 page) is quoted.
pub(crate) const QUOTED_BODY_CHARS: usize = 200;

impl ApiError {
    /// An error answer from its already read body: its `error` object
    /// (`decode::unshaped_body` describes a body without one).
    pub(crate) fn from_detail(status: u16, detail: ErrorDetail, ids: AnswerIds) -> Self {
        let ErrorDetail {
            message,
            error_type,
            code,
            param,
            request_id,
        } = detail;
        // The service states its limits and waits in words only.
        let stated = rate_limit::stated(status, error_type.as_deref(), &message);
        ApiError {
            kind: ApiErrorKind::of(status, error_type.as_deref()),
            status,
            error_type,
            code,
            param,
            message,
            // The header, else the dated API's body (they are the same id).
            request_id: ids.request_id.or(request_id),
            trace_id: ids.trace_id,
            limit: stated.limit,
            limit_value: stated.value,
            retry_after: stated.wait,
            attempts: 1,
            hint: None,
        }
    }
}

impl ApiError {
    /// The content call's answer for a file whose extraction failed: 500
    /// "Failed to extract file: {why}". Gives the why.
    pub(crate) fn failed_extraction(&self) -> Option<&str> {
        if self.status != 500 {
            return None;
        }
        let why = self.message.strip_prefix(FAILED_EXTRACTION)?;
        Some(why.trim_start_matches(':').trim())
    }

    fn is_failed_extraction(&self) -> bool {
        self.failed_extraction().is_some()
    }
}

impl ApiError {
    /// An upload refused because the account is full: a 400 saying the
    /// file count ("exceeded the max file count 1000", as the service's
    /// error table words it) or the total size is past its limit. The
    /// service has no code for either: its words are all there is.
    pub(crate) fn refused_for_room(&self) -> bool {
        let message = self.message.to_ascii_lowercase();
        self.status == 400 && (message.contains("max file count") || message.contains("total size"))
    }
}

/// How the service words a failed extraction, as its error table has it.
const FAILED_EXTRACTION: &str = "Failed to extract file";

impl ApiError {
    fn describe(&self) -> String {
        let hint = self.hint.as_deref().map(|hint| [" (", hint, ")"].concat());
        [
            decimal(self.status.into()).as_str(),
            " ",
            &self.message,
            hint.as_deref().unwrap_or_default(),
        ]
        .concat()
    }

    /// What to do about this answer from `base_url`, where the client can
    /// tell: the two likeliest first mistakes are a key of the other
    /// platform and a base URL without `/v1`.
    pub(crate) fn hint_for(
        &self,
        base_url: &str,
        keyed: bool,
        api_version: Option<&str>,
    ) -> Option<String> {
        let path = base_url
            .split_once("://")
            .map_or("", |(_, rest)| rest.find('/').map_or("", |at| &rest[at..]));
        match self.kind {
            ApiErrorKind::BadRequest
                if self.error_type.as_deref() == Some("invalid_request_error")
                    && api_version.is_some() =>
            {
                Some(
                    [
                        "sent with kimi-api-version: ",
                        api_version.unwrap_or_default(),
                    ]
                    .concat(),
                )
            }
            ApiErrorKind::Authentication if !keyed => Some(
                [
                    "the key is added by the server at ",
                    base_url,
                    ": check the MOONSHOT_API_KEY it was started with",
                ]
                .concat(),
            ),
            ApiErrorKind::Authentication => {
                let mut hint = [
                    "check the API key (apiKey, or MOONSHOT_API_KEY) sent to ",
                    base_url,
                ]
                .concat();
                if base_url.contains("://api.moonshot.") {
                    hint.push_str(
                        "; a key from platform.moonshot.cn works only with \
                         https://api.moonshot.cn/v1, one from platform.moonshot.ai only \
                         with https://api.moonshot.ai/v1",
                    );
                }
                Some(hint)
            }
            ApiErrorKind::NotFound if !path.ends_with("/v1") => Some(
                [
                    "the base URL ",
                    base_url,
                    " does not end in /v1, where the Files API is: try ",
                    base_url,
                    "/v1",
                ]
                .concat(),
            ),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A body that is not what the API promises, and where it went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// Where in the document, e.g. `data[3].bytes`; empty for the whole body.
    pub path: String,
    /// What was wrong there, e.g. `expected an integer, got a string`.
    pub message: String,
}

impl DecodeError {
    fn describe(&self) -> String {
        if self.path.is_empty() {
            return self.message.clone();
        }
        [self.path.as_str(), ": ", &self.message].concat()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A 2xx answer whose body is not what the API promises.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct InvalidResponse {
    /// The HTTP status of the answer.
    pub status: u16,
    /// Where in the body and what was wrong.
    pub problem: DecodeError,
    /// The `Msh-Request-Id` header (or `x-request-id`), where there was one.
    pub request_id: Option<String>,
    /// The `X-Msh-Trace-Id` header, where there was one.
    pub trace_id: Option<String>,
    /// Attempts made, retries included.
    pub attempts: u32,
}

impl InvalidResponse {
    fn describe(&self) -> String {
        [
            "Invalid response from the Files API: ",
            self.problem.describe().as_str(),
        ]
        .concat()
    }
}

impl fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> ApiError {
        let detail = ErrorDetail {
            message: "Invalid Authentication".to_owned(),
            error_type: None,
            code: None,
            param: None,
            request_id: None,
        };
        ApiError::from_detail(status, detail, AnswerIds::default())
    }

    impl ApiError {
        fn hint_for_test(&self, base_url: &str, keyed: bool) -> Option<String> {
            self.hint_for(base_url, keyed, None)
        }
    }

    #[test]
    fn an_upload_refused_for_room_is_told_from_other_refusals() {
        let refusal = |status: u16, message: &str| ApiError {
            message: message.to_owned(),
            ..answer(status)
        };
        for full in [
            "The number of files you have uploaded exceeded the max file count 1000, please delete previous uploaded files",
            "the total size of the files you have uploaded exceeded the max total size of 10 GB",
        ] {
            assert!(refusal(400, full).refused_for_room(), "{full}");
            assert!(!refusal(500, full).refused_for_room(), "a 400 only");
        }
        for other in [
            "File size is too large, max file size is 100MB, please confirm and re-upload the file",
            "File size is zero, please confirm and re-upload the file",
            "Invalid purpose: only 'file-extract' accepted",
        ] {
            assert!(!refusal(400, other).refused_for_room(), "{other}");
        }
    }

    #[test]
    fn the_dated_errors_param_request_id_and_unknown_version() {
        let detail = ErrorDetail {
            message: "unknown API version".to_owned(),
            error_type: Some("invalid_request_error".to_owned()),
            code: None,
            param: Some("page_size".to_owned()),
            request_id: Some("req-body".to_owned()),
        };
        let err = ApiError::from_detail(400, detail, AnswerIds::default());
        assert_eq!(err.param.as_deref(), Some("page_size"));
        assert_eq!(
            err.request_id.as_deref(),
            Some("req-body"),
            "from the body when no header"
        );
        assert_eq!(
            err.hint_for("https://api.moonshot.cn/v1", true, Some("2099-01-01"))
                .as_deref(),
            Some("sent with kimi-api-version: 2099-01-01")
        );
        assert_eq!(err.hint_for("https://api.moonshot.cn/v1", true, None), None);
        assert_eq!(
            ApiErrorKind::of(409, Some("conflict_error")),
            ApiErrorKind::Conflict
        );
    }

    #[test]
    fn a_refused_key_says_where_it_went_and_which_platform_it_needs() {
        let hint = answer(401)
            .hint_for_test("https://api.moonshot.ai/v1", true)
            .unwrap();
        assert_eq!(
            hint,
            "check the API key (apiKey, or MOONSHOT_API_KEY) sent to https://api.moonshot.ai/v1; \
             a key from platform.moonshot.cn works only with https://api.moonshot.cn/v1, one \
             from platform.moonshot.ai only with https://api.moonshot.ai/v1"
        );
        let proxy = answer(401)
            .hint_for_test("http://127.0.0.1:8080/v1", true)
            .unwrap();
        assert_eq!(
            proxy,
            "check the API key (apiKey, or MOONSHOT_API_KEY) sent to http://127.0.0.1:8080/v1"
        );
        let keyless = answer(401)
            .hint_for_test("https://files.example/v1", false)
            .unwrap();
        assert!(
            keyless.contains("the server at https://files.example/v1"),
            "{keyless}"
        );
    }

    #[test]
    fn a_404_from_a_base_url_without_v1_says_so() {
        let hint = answer(404)
            .hint_for_test("https://api.moonshot.cn", true)
            .unwrap();
        assert_eq!(hint, "the base URL https://api.moonshot.cn does not end in /v1, where the Files API is: try https://api.moonshot.cn/v1");
        assert!(answer(404)
            .hint_for_test("https://proxy.example/moonshot", true)
            .is_some());
        assert_eq!(
            answer(404).hint_for_test("https://api.moonshot.cn/v1", true),
            None,
            "a file not found"
        );
        assert_eq!(
            answer(400).hint_for_test("https://api.moonshot.cn", true),
            None
        );
    }

    #[test]
    fn maps_each_status_to_its_kind() {
        for (status, kind) in [
            (400, ApiErrorKind::BadRequest),
            (401, ApiErrorKind::Authentication),
            (403, ApiErrorKind::PermissionDenied),
            (404, ApiErrorKind::NotFound),
            (429, ApiErrorKind::RateLimit),
            (500, ApiErrorKind::InternalServer),
            (502, ApiErrorKind::InternalServer),
            (599, ApiErrorKind::InternalServer),
            (409, ApiErrorKind::Conflict),
            (418, ApiErrorKind::Other),
        ] {
            assert_eq!(ApiErrorKind::of(status, None), kind, "{status}");
        }
    }

    #[test]
    fn a_spent_quota_is_its_own_kind_whatever_the_status() {
        for status in [429, 400, 403, 500] {
            let kind = ApiErrorKind::of(status, Some("exceeded_current_quota_error"));
            assert_eq!(kind, ApiErrorKind::QuotaExceeded);
        }
        assert_eq!(
            ApiErrorKind::of(429, Some("engine_overloaded_error")),
            ApiErrorKind::RateLimit
        );
    }
}
