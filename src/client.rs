//! The client: the settings every call shares, and where it runs.

use std::rc::Rc;

use crate::config::{check_timer, ClientConfig};
use crate::error::Error;
use crate::files::Files;

/// A Files API client. Cloning is cheap and shares the settings; calls take
/// `&self`, so one client serves any number of concurrent calls.
#[derive(Clone, Debug)]
pub struct Client {
    config: Rc<ClientConfig>,
    /// A page or a page's worker: there a key needs consent, and retries
    /// go past the HTTP cache (server runtimes have none).
    in_browser: bool,
}

impl Client {
    /// A client with these settings. In a browser, a client holding a key
    /// is refused unless `dangerously_allow_browser` is set.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let in_browser = crate::http::in_browser();
        config.check_environment(in_browser)?;
        if let Some(timeout) = config.timeout {
            check_timer(timeout, "timeout")?;
        }
        Ok(Client {
            config: Rc::new(config),
            in_browser,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The Files resource: list, upload, retrieve, delete, content, and the
    /// workflows over them.
    pub fn files(&self) -> Files {
        Files::new(self.clone())
    }

    pub(crate) fn in_browser(&self) -> bool {
        self.in_browser
    }
}
