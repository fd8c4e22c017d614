//! The client's settings: where the service is and the key to show it.

use std::fmt;

use crate::error::Error;

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
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// How to reach the Files API.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientConfig {
    /// The key, or `None` for a proxy that adds it on the server side.
    pub api_key: Option<ApiKey>,
    /// The API's base URL, without a trailing slash, e.g. `https://api.moonshot.cn/v1`.
    pub base_url: String,
}

impl ClientConfig {
    /// Settings for the default service with this key.
    pub fn new(api_key: ApiKey) -> Self {
        ClientConfig {
            api_key: Some(api_key),
            base_url: DEFAULT_BASE_URL.to_owned(),
        }
    }

    /// The same settings with another base URL (the global service, a proxy,
    /// the mock). Plain `http://` is allowed only to this machine: anywhere
    /// else it would send the key and the files in clear text.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.base_url = checked_base_url(base_url)?;
        Ok(self)
    }

    /// Settings for a proxy that holds the key (the browser pattern).
    pub fn keyless(base_url: &str) -> Result<Self, Error> {
        Ok(ClientConfig {
            api_key: None,
            base_url: checked_base_url(base_url)?,
        })
    }
}

fn checked_base_url(raw: &str) -> Result<String, Error> {
    let url = raw.trim().trim_end_matches('/');
    let refuse = |why: &str| {
        Err(Error::invalid_argument(format!(
            "Invalid baseURL {url:?}: {why}"
        )))
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

/// Whether an `host[:port]` names this machine.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

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
