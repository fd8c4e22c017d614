//! What each call sends: method, URL, headers and the rules for sending it
//! again, built without touching JS so that it is tested natively.

use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::config::{ClientConfig, DEFAULT_TIMEOUT, DEFAULT_UPLOAD_TIMEOUT};
use crate::error::Error;
use crate::retry::Replay;

/// The HTTP methods the Files API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// One request to the API, ready for the transport: an upload's body is not
/// here but beside it (`upload::UploadBody`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ApiRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    /// Whether it may be sent again after a failure.
    pub replay: Replay,
    /// The timeout of each attempt when neither the client nor the call sets one.
    pub default_timeout: Duration,
    /// A success's body is the caller's to read, as it streams: not read here.
    pub streamed: bool,
    /// The user's own headers (`ClientConfig::with_header`), set after `headers`.
    pub custom_headers: Vec<(String, String)>,
}

/// Which page of the dated API's list: `size` files (1 to 1000) from the
/// one `token` names (the last page's `next_page_token`). Neither: the whole list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page {
    /// Files a page, 1 to 1000.
    pub size: Option<u32>,
    /// Where the page starts: the previous page's `next_page_token`.
    pub token: Option<String>,
}

impl Page {
    /// Files a page, 1 to 1000.
    pub fn with_size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    /// Starts at the page `token` names (the previous page's `next_page_token`).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }
}

/// The largest page the service gives.
pub(crate) const MAX_PAGE_SIZE: u32 = 1000;

/// Everything but the unreserved characters of RFC 3986 is escaped, so an id
/// stays one path segment: `/`, `?`, `#` and `%` cannot change the path.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl ApiRequest {
    fn new(config: &ClientConfig, method: Method, path: &str) -> Self {
        ApiRequest::accepting(config, method, path, "application/json")
    }

    fn accepting(config: &ClientConfig, method: Method, path: &str, accept: &str) -> Self {
        let mut headers = vec![("accept", accept.to_owned())];
        if let Some(key) = &config.api_key {
            headers.push(("authorization", key.bearer()));
        }
        if let Some(version) = &config.api_version {
            headers.push(("kimi-api-version", version.clone()));
        }
        ApiRequest {
            method,
            url: [config.base_url.as_str(), path].concat(),
            headers,
            replay: Replay::Safe,
            default_timeout: DEFAULT_TIMEOUT,
            streamed: false,
            custom_headers: config.default_headers.clone(),
        }
    }

    /// `GET /files`: the whole list (the organization's files; on the dated
    /// API, the key's project's).
    pub(crate) fn list(config: &ClientConfig) -> Self {
        ApiRequest::new(config, Method::Get, "/files")
    }

    /// `GET /files?page_size=&page_token=`: one page of the dated API's list
    /// (newest first). Refused on a compatible client, which has no pages,
    /// and for a size outside 1..=1000, before anything is sent.
    pub(crate) fn list_page(config: &ClientConfig, page: &Page) -> Result<Self, Error> {
        if page.size.is_none() && page.token.is_none() {
            return Ok(ApiRequest::list(config));
        }
        if config.api_version.is_none() {
            return Err(Error::invalid_argument(
                "pageSize and pageToken are the dated API's: set apiVersion (kimi-api-version) to page a list.",
            ));
        }
        let mut path = String::from("/files?");
        if let Some(size) = page.size {
            if !(1..=MAX_PAGE_SIZE).contains(&size) {
                return Err(Error::invalid_argument(
                    "pageSize must be a whole number from 1 to 1000.",
                ));
            }
            path.push_str("page_size=");
            path.push_str(&crate::text::decimal(size.into()));
        }
        if let Some(token) = &page.token {
            if page.size.is_some() {
                path.push('&');
            }
            path.push_str("page_token=");
            path.extend(utf8_percent_encode(token, PATH_SEGMENT));
        }
        Ok(ApiRequest::new(config, Method::Get, &path))
    }

    /// `POST /files`: an upload (its multipart body is framed in `upload`).
    /// With an idempotency key it is as safe to send again as a read: the
    /// service answers a repeat with the first answer.
    pub(crate) fn create(
        config: &ClientConfig,
        idempotency_key: Option<&str>,
    ) -> Result<Self, Error> {
        let mut request = ApiRequest {
            replay: Replay::OnlyIfRefused,
            default_timeout: DEFAULT_UPLOAD_TIMEOUT,
            ..ApiRequest::new(config, Method::Post, "/files")
        };
        if let Some(key) = idempotency_key {
            check_idempotency_key(key)?;
            request.headers.push(("idempotency-key", key.to_owned()));
            request.replay = Replay::Safe;
        }
        Ok(request)
    }

    /// `GET /files/{id}`.
    pub(crate) fn retrieve(config: &ClientConfig, id: &str) -> Result<Self, Error> {
        Ok(ApiRequest::new(config, Method::Get, &file_path(id)?))
    }

    /// `DELETE /files/{id}`: sending it twice deletes nothing more.
    pub(crate) fn delete(config: &ClientConfig, id: &str) -> Result<Self, Error> {
        Ok(ApiRequest::new(config, Method::Delete, &file_path(id)?))
    }

    /// Every header, the client's own first, then the user's.
    pub(crate) fn all_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        let own = self
            .headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()));
        let custom = self
            .custom_headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()));
        own.chain(custom)
    }

    /// `GET /files/{id}/content`: the extracted text.
    pub(crate) fn content(config: &ClientConfig, id: &str) -> Result<Self, Error> {
        let path = [file_path(id)?.as_str(), "/content"].concat();
        Ok(ApiRequest::accepting(
            config,
            Method::Get,
            &path,
            "text/plain, application/json",
        ))
    }

    /// `GET /files/{id}/content`, its bytes as stored: any type, and the
    /// body left for the caller to read (a batch's results may be large).
    pub(crate) fn download(config: &ClientConfig, id: &str) -> Result<Self, Error> {
        let path = [file_path(id)?.as_str(), "/content"].concat();
        Ok(ApiRequest {
            streamed: true,
            ..ApiRequest::accepting(config, Method::Get, &path, "*/*")
        })
    }
}

/// The longest `Idempotency-Key` the service keeps.
pub(crate) const MAX_IDEMPOTENCY_KEY: usize = 255;

/// Refuses a key the service would not keep: empty, over 255 characters, or
/// with a character no header value may hold.
pub(crate) fn check_idempotency_key(key: &str) -> Result<(), Error> {
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY
        || !key.bytes().all(|b| (b' '..=b'~').contains(&b))
    {
        return Err(Error::invalid_argument(
            "idempotencyKey must be 1 to 255 visible ASCII characters (a UUID is fine).",
        ));
    }
    Ok(())
}

/// `/files/{id}` with the id escaped as one path segment.
fn file_path(id: &str) -> Result<String, Error> {
    // "." and ".." (escaped or not, URL parsers treat "%2e" as ".") would
    // move up the path: no real id is either.
    if id.is_empty() || id == "." || id == ".." {
        return Err(Error::invalid_argument(
            [
                "Invalid file id \"",
                id,
                "\": expected an id such as clg681objj8g9m7n4je0.",
            ]
            .concat(),
        ));
    }
    Ok(std::iter::once("/files/")
        .chain(utf8_percent_encode(id, PATH_SEGMENT))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_asked_for_by_size_and_token_on_the_dated_api_only() {
        let base = ClientConfig::keyless("https://api.moonshot.cn/v1").unwrap();
        let dated = base.clone().with_api_version("2026-09-01-beta").unwrap();
        let page = Page {
            size: Some(100),
            token: Some("a b/c=&".to_owned()),
        };
        let request = ApiRequest::list_page(&dated, &page).unwrap();
        assert_eq!(
            request.url,
            "https://api.moonshot.cn/v1/files?page_size=100&page_token=a%20b%2Fc%3D%26"
        );
        assert_eq!(
            ApiRequest::list_page(&dated, &Page::default()).unwrap().url,
            "https://api.moonshot.cn/v1/files"
        );
        for size in [0, 1001] {
            let refused = ApiRequest::list_page(
                &dated,
                &Page {
                    size: Some(size),
                    token: None,
                },
            )
            .unwrap_err();
            assert_eq!(
                refused.to_string(),
                "pageSize must be a whole number from 1 to 1000."
            );
        }
        assert!(ApiRequest::list_page(
            &dated,
            &Page {
                size: Some(1000),
                token: None
            }
        )
        .is_ok());
        let compatible = ApiRequest::list_page(
            &base,
            &Page {
                size: Some(10),
                token: None,
            },
        )
        .unwrap_err();
        assert!(compatible
            .to_string()
            .starts_with("pageSize and pageToken are the dated API's"));
    }

    #[test]
    fn a_dated_client_sends_its_version_and_an_idempotent_upload_may_be_sent_again() {
        let dated = ClientConfig::keyless("https://api.moonshot.cn/v1")
            .unwrap()
            .with_api_version("2026-09-01-beta")
            .unwrap();
        let list = ApiRequest::list(&dated);
        assert!(list
            .headers
            .contains(&("kimi-api-version", "2026-09-01-beta".to_owned())));
        let create = ApiRequest::create(&dated, Some("k-1")).unwrap();
        assert!(create
            .headers
            .contains(&("idempotency-key", "k-1".to_owned())));
        assert_eq!(
            create.replay,
            Replay::Safe,
            "the service replays a repeat of the key"
        );
        let compatible = ApiRequest::create(
            &ClientConfig::keyless("https://api.moonshot.cn/v1").unwrap(),
            None,
        )
        .unwrap();
        assert_eq!(compatible.replay, Replay::OnlyIfRefused);
        assert!(!compatible
            .headers
            .iter()
            .any(|(name, _)| *name == "kimi-api-version" || *name == "idempotency-key"));
        for bad in ["", "a\nb", "é", &"k".repeat(256)] {
            assert!(ApiRequest::create(&dated, Some(bad)).is_err(), "{bad:?}");
        }
        assert!(ApiRequest::create(&dated, Some(&"k".repeat(255))).is_ok());
    }
    use crate::config::ApiKey;

    fn config() -> ClientConfig {
        ClientConfig::new(ApiKey::new("sk-1").unwrap())
            .with_base_url("http://127.0.0.1:9000/v1/")
            .unwrap()
    }

    #[test]
    fn list_is_a_get_of_files_with_the_bearer_key() {
        let request = ApiRequest::list(&config());
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url, "http://127.0.0.1:9000/v1/files");
        assert!(request
            .headers
            .contains(&("authorization", "Bearer sk-1".to_owned())));
        assert_eq!(request.replay, Replay::Safe);
    }

    #[test]
    fn a_keyless_client_sends_no_authorization() {
        let config = ClientConfig::keyless("http://localhost:8080/v1").unwrap();
        let request = ApiRequest::list(&config);
        assert!(request
            .headers
            .iter()
            .all(|(name, _)| *name != "authorization"));
    }

    #[test]
    fn each_call_has_its_method_and_path() {
        let c = config();
        assert_eq!(
            ApiRequest::retrieve(&c, "file-1").unwrap().url,
            "http://127.0.0.1:9000/v1/files/file-1"
        );
        let delete = ApiRequest::delete(&c, "file-1").unwrap();
        assert_eq!(
            (delete.method, delete.replay),
            (Method::Delete, Replay::Safe)
        );
        let content = ApiRequest::content(&c, "file-1").unwrap();
        assert_eq!(content.url, "http://127.0.0.1:9000/v1/files/file-1/content");
        let create = ApiRequest::create(&c, None).unwrap();
        assert_eq!(
            (create.method, create.url.as_str()),
            (Method::Post, "http://127.0.0.1:9000/v1/files")
        );
    }

    #[test]
    fn an_upload_is_never_blindly_replayed_and_waits_longer() {
        let create = ApiRequest::create(&config(), None).unwrap();
        assert_eq!(create.replay, Replay::OnlyIfRefused);
        assert_eq!(create.default_timeout, DEFAULT_UPLOAD_TIMEOUT);
        assert!(DEFAULT_UPLOAD_TIMEOUT > DEFAULT_TIMEOUT);
    }

    #[test]
    fn an_id_cannot_change_the_path() {
        let url = |id| ApiRequest::retrieve(&config(), id).unwrap().url;
        assert_eq!(url("../x"), "http://127.0.0.1:9000/v1/files/..%2Fx");
        assert_eq!(url("a?b"), "http://127.0.0.1:9000/v1/files/a%3Fb");
        assert_eq!(url("a#b"), "http://127.0.0.1:9000/v1/files/a%23b");
        assert_eq!(url("%2e%2e"), "http://127.0.0.1:9000/v1/files/%252e%252e");
        assert_eq!(
            url("a b/é"),
            "http://127.0.0.1:9000/v1/files/a%20b%2F%C3%A9"
        );
        assert_eq!(
            url("file-AZ_az.09~"),
            "http://127.0.0.1:9000/v1/files/file-AZ_az.09~"
        );
    }

    #[test]
    fn refuses_ids_that_are_no_ids() {
        for id in ["", ".", ".."] {
            let err = ApiRequest::retrieve(&config(), id).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { .. }), "{id:?}");
            assert!(ApiRequest::delete(&config(), id).is_err());
            assert!(ApiRequest::content(&config(), id).is_err());
        }
    }
}
