//! What a single call may change: its timeout, its retries, its cancellation.

use std::time::Duration;

use web_sys::AbortSignal;

/// Options of one call; anything left `None` comes from the client.
#[derive(Clone, Debug, Default)]
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
