//! What each call sends: method, URL and headers, built without touching JS
//! so that it is tested natively.

use crate::config::ClientConfig;

/// The HTTP methods the Files API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
        }
    }
}

/// One request to the API, ready to hand to `fetch`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ApiRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
}

impl ApiRequest {
    fn new(config: &ClientConfig, method: Method, path: &str) -> Self {
        let mut headers = vec![("accept", "application/json".to_owned())];
        if let Some(key) = &config.api_key {
            headers.push(("authorization", key.bearer()));
        }
        ApiRequest {
            method,
            url: format!("{}{path}", config.base_url),
            headers,
        }
    }

    /// `GET /files`: every file of the account.
    pub(crate) fn list(config: &ClientConfig) -> Self {
        ApiRequest::new(config, Method::Get, "/files")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ApiKey;

    #[test]
    fn list_is_a_get_of_files_with_the_bearer_key() {
        let config = ClientConfig::new(ApiKey::new("sk-1").unwrap())
            .with_base_url("http://127.0.0.1:9000/v1/")
            .unwrap();
        let request = ApiRequest::list(&config);
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url, "http://127.0.0.1:9000/v1/files");
        assert!(request
            .headers
            .contains(&("authorization", "Bearer sk-1".to_owned())));
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
}
