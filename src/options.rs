//! What a single call may change: its timeout, its retries, its cancellation.

use std::time::Duration;

use web_sys::AbortSignal;

/// Options of one call; anything left `None` comes from the client.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The timeout of each attempt.
    pub timeout: Option<Duration>,
    /// Retries after a failed attempt that may succeed when repeated.
    pub max_retries: Option<u32>,
    /// Aborts the call (and any wait between its retries) when it fires.
    pub signal: Option<AbortSignal>,
}

/// How `wait_for_processing` polls.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct WaitOptions {
    /// The pause between two looks at the file.
    pub poll_interval: Duration,
    /// The longest wait before giving up with [`crate::Error::WaitTimeout`].
    pub max_wait: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            poll_interval: Duration::from_secs(5),
            max_wait: Duration::from_secs(30 * 60),
        }
    }
}

// The option structs are `#[non_exhaustive]` (a field added later breaks no
// caller): built from `default()` by these setters, or by setting a field.
impl RequestOptions {
    /// The timeout of each attempt of this call.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries of this call.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Aborts the call when `signal` fires.
    pub fn with_signal(mut self, signal: AbortSignal) -> Self {
        self.signal = Some(signal);
        self
    }
}

impl WaitOptions {
    /// The pause between two looks at the file.
    pub fn with_poll_interval(mut self, poll_interval: Duration) -> Self {
        self.poll_interval = poll_interval;
        self
    }

    /// The longest wait.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }
}
