//! The client: the settings every call shares, and where it runs.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use js_sys::Function;

use crate::config::{check_timer, ClientConfig};
use crate::error::Error;
use crate::in_flight::InFlight;
use crate::limiter::Limiter;
use crate::log::{LogLevel, Logger, HIDDEN};
use crate::rate_limit_wait::RateLimitHook;
use crate::read::Deprecation;
use crate::store::MemoryStore;

/// A Files API client. Cloning is cheap and shares the settings and the
/// rate limits learned; calls take `&self`, so one client serves any number
/// of concurrent calls.
#[derive(Clone)]
pub struct Client {
    config: Rc<ClientConfig>,
    /// A page or a page's worker: there a key needs consent, and retries
    /// go past the HTTP cache (server runtimes have none).
    in_browser: bool,
    /// The pacing every call of this client (and its clones) keeps to.
    limiter: Rc<Limiter>,
    on_rate_limit: Option<RateLimitHook>,
    fetch: Option<Function>,
    /// Told once per client (and its clones) that its API version is retired;
    /// `None`: the platform's console.
    on_deprecation: Option<DeprecationHook>,
    deprecation_told: Rc<Cell<bool>>,
    /// Where the log's lines go (`log`); `None`: the platform's console.
    logger: Option<Logger>,
    /// `ensure`'s default store, and its calls under way, by content.
    memory_store: Rc<MemoryStore>,
    in_flight: Rc<InFlight>,
}

/// Told that the service retires the API version in use.
pub type DeprecationHook = Rc<dyn Fn(&Deprecation)>;

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("in_browser", &self.in_browser)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with these settings. In a browser, a client holding a key
    /// is refused unless `dangerously_allow_browser` is set.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let in_browser = crate::platform::in_browser();
        config.check_environment(in_browser)?;
        if let Some(timeout) = config.timeout {
            check_timer(timeout, "timeout")?;
        }
        let limiter = Limiter::new(config.max_concurrency, config.max_requests_per_minute);
        Ok(Client {
            config: Rc::new(config),
            in_browser,
            limiter: Rc::new(limiter),
            on_rate_limit: None,
            fetch: None,
            on_deprecation: None,
            deprecation_told: Rc::new(Cell::new(false)),
            logger: None,
            memory_store: Rc::default(),
            in_flight: Rc::default(),
        })
    }

    /// The same client, telling `hook` (instead of the console) when the
    /// service says the API version in use is retired: once per client.
    pub fn with_deprecation_hook(mut self, hook: DeprecationHook) -> Self {
        self.on_deprecation = Some(hook);
        self
    }

    /// An answer said the version is retired: told once, not once a call.
    pub(crate) fn note_deprecation(&self, deprecation: &Deprecation) {
        if self.deprecation_told.replace(true) {
            return;
        }
        let deprecation = Deprecation {
            version: self.config.api_version.clone(),
            ..deprecation.clone()
        };
        match &self.on_deprecation {
            Some(hook) => hook(&deprecation),
            None if self.logs(LogLevel::Warn) => self.write(LogLevel::Warn, deprecation.describe()),
            None => {}
        }
    }

    /// The same client, handing its log's lines (at the config's level,
    /// [`ClientConfig::with_log_level`]) to `logger` instead of the console.
    pub fn with_logger(mut self, logger: Logger) -> Self {
        self.logger = Some(logger);
        self
    }

    /// Whether a line of `level` is written.
    pub(crate) fn logs(&self, level: LogLevel) -> bool {
        level != LogLevel::Off && level <= self.config.log_level
    }

    /// Writes a line of a level that is logged: to the logger, or the
    /// console's method of the level's name; the key is hidden wherever it
    /// would show, whatever made the line.
    pub(crate) fn write(&self, level: LogLevel, mut line: String) {
        if let Some(key) = &self.config.api_key {
            line = line.replace(key.secret(), HIDDEN);
        }
        match &self.logger {
            Some(logger) => logger(level, &line),
            None => crate::platform::log_to(&crate::platform::console(), level.as_str(), &line),
        }
    }

    /// The same client, telling `hook` each time a call waits for a rate
    /// limit: a 429's wait before its retry, or its turn under a limit the
    /// service named ("max concurrency: 1") or the config set. The wait's
    /// `ended` is ready once it is over (the call goes on, or was given up).
    pub fn with_rate_limit_hook(mut self, hook: RateLimitHook) -> Self {
        self.on_rate_limit = Some(hook);
        self
    }

    /// The same client, sending through this `fetch` (called as
    /// `fetch(url, init)`) instead of the global one: to log or record
    /// answers, or to go through an agent of the app's own.
    pub fn with_fetch(mut self, fetch: Function) -> Self {
        self.fetch = Some(fetch);
        self
    }

    /// The settings in use.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    pub(crate) fn in_browser(&self) -> bool {
        self.in_browser
    }

    pub(crate) fn limiter(&self) -> &Rc<Limiter> {
        &self.limiter
    }

    pub(crate) fn on_rate_limit(&self) -> Option<&RateLimitHook> {
        self.on_rate_limit.as_ref()
    }

    pub(crate) fn fetch(&self) -> Option<&Function> {
        self.fetch.as_ref()
    }

    pub(crate) fn memory_store(&self) -> Rc<MemoryStore> {
        self.memory_store.clone()
    }

    pub(crate) fn in_flight(&self) -> &Rc<InFlight> {
        &self.in_flight
    }
}
