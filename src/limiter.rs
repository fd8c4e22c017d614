//! The client's own pacing: once the service has said "max concurrency: N"
//! or "max RPM: N" (or the user set them up front), every call of the
//! client waits its turn so that no request goes past the limit: at most N
//! in flight, at most N started in any minute. Calls wait in the order they
//! came. The rules (`Pace`) are pure and tested natively; `Limiter` holds
//! them for a client and parks the calls that must wait.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Function, Promise};
use web_sys::AbortSignal;

use crate::platform;
use crate::rate_limit::Limit;
use crate::rate_limit_wait::{RateLimitHook, WaitEnd, WaitTold};

/// The window of a per-minute limit.
const MINUTE_MS: f64 = 60_000.0;
/// The most starts remembered: a per-minute limit past it paces as this.
const MAX_KEPT: u32 = 10_000;

/// The limits in force, and what they count.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pace {
    /// Set up front by the user.
    pub set_in_flight: Option<u32>,
    pub set_per_minute: Option<u32>,
    /// Learned from the service's answers: its latest word.
    learned_in_flight: Option<u32>,
    learned_per_minute: Option<u32>,
    in_flight: u32,
    /// When the last requests started (ms), oldest first: kept only while
    /// a per-minute limit is in force, and only as many as it allows.
    starts: VecDeque<f64>,
}

/// Whether the next request may start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Gate {
    Go,
    /// Not before this time (ms): the minute's requests are spent.
    Until(f64),
    /// When a request in flight ends.
    Slot,
}

impl Pace {
    fn max_in_flight(&self) -> Option<u32> {
        lowest(self.set_in_flight, self.learned_in_flight)
    }

    fn per_minute(&self) -> Option<u32> {
        lowest(self.set_per_minute, self.learned_per_minute)
    }

    /// What the service said at `now_ms` of a limit, and of the wait before
    /// the next request: kept for every later request.
    pub(crate) fn learn(
        &mut self,
        limit: Option<Limit>,
        value: Option<u64>,
        wait: Option<Duration>,
        now_ms: f64,
    ) {
        let Some(value) = value.map(|n| u32::try_from(n).unwrap_or(u32::MAX).max(1)) else {
            return;
        };
        match limit {
            Some(Limit::Concurrency) => self.learned_in_flight = Some(value),
            Some(Limit::Rpm) => {
                self.learned_per_minute = Some(value);
                // The service counted starts this client may not have seen
                // (before the limit was known, or of other clients): its
                // minute is full until the wait it named is over.
                let freed = now_ms + wait.map_or(MINUTE_MS, |wait| wait.as_millis() as f64);
                self.starts =
                    std::iter::repeat_n(freed - MINUTE_MS, value.min(MAX_KEPT) as usize).collect();
            }
            _ => {}
        }
    }

    /// Whether a request may start at `now_ms`.
    pub(crate) fn gate(&self, now_ms: f64) -> Gate {
        if self
            .max_in_flight()
            .is_some_and(|max| self.in_flight >= max)
        {
            return Gate::Slot;
        }
        if let Some(per_minute) = self.per_minute() {
            let recent = self
                .starts
                .iter()
                .filter(|&&at| at > now_ms - MINUTE_MS)
                .count();
            let allowed = per_minute.min(MAX_KEPT) as usize;
            if recent >= allowed {
                // Free again when the oldest of the last `allowed` leaves the minute.
                let oldest_counted = self.starts.len().saturating_sub(allowed);
                let freed = self
                    .starts
                    .get(oldest_counted)
                    .map_or(now_ms, |at| at + MINUTE_MS);
                return Gate::Until(freed);
            }
        }
        Gate::Go
    }

    /// A request starts at `now_ms`.
    pub(crate) fn start(&mut self, now_ms: f64) {
        self.in_flight += 1;
        if let Some(per_minute) = self.per_minute() {
            self.starts.push_back(now_ms);
            while self.starts.len() > per_minute.min(MAX_KEPT) as usize {
                self.starts.pop_front();
            }
        }
    }

    /// A request ended (answered, failed or aborted).
    pub(crate) fn finish(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    /// The limit that holds a request back at this gate, and its number.
    fn holding(&self, gate: Gate) -> (Option<Limit>, Option<u32>) {
        match gate {
            // A waiter that is not first, under a per-minute limit alone, waits for the minute.
            Gate::Slot if self.max_in_flight().is_none() => {
                (self.per_minute().map(|_| Limit::Rpm), self.per_minute())
            }
            Gate::Slot => (Some(Limit::Concurrency), self.max_in_flight()),
            Gate::Until(_) => (Some(Limit::Rpm), self.per_minute()),
            Gate::Go => (None, None),
        }
    }
}

fn lowest(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One client's pacing, shared by its calls.
#[derive(Default)]
pub(crate) struct Limiter {
    pace: RefCell<Pace>,
    /// Tickets of the calls waiting, in the order they came.
    queue: RefCell<VecDeque<u64>>,
    next_ticket: Cell<u64>,
    /// The resolvers of the waits parked until something changes.
    wakers: RefCell<Vec<Function>>,
}

/// A request's place among those in flight, given back when dropped.
pub(crate) struct Permit(Rc<Limiter>);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.pace.borrow_mut().finish();
        self.0.wake_all();
    }
}

impl Limiter {
    pub(crate) fn new(max_in_flight: Option<u32>, per_minute: Option<u32>) -> Self {
        Limiter {
            pace: RefCell::new(Pace {
                set_in_flight: max_in_flight,
                set_per_minute: per_minute,
                ..Pace::default()
            }),
            ..Limiter::default()
        }
    }

    /// What the service said of a limit.
    pub(crate) fn learn(&self, limit: Option<Limit>, value: Option<u64>, wait: Option<Duration>) {
        self.pace
            .borrow_mut()
            .learn(limit, value, wait, platform::now_ms());
    }

    /// Waits for the request's turn: `Err` when `signal` fires first. Time
    /// spent here is no attempt's: it counts against no timeout or retry.
    pub(crate) async fn acquire(
        self: &Rc<Self>,
        signal: Option<&AbortSignal>,
        on_wait: Option<&RateLimitHook>,
    ) -> Result<Permit, ()> {
        if self.queue.borrow().is_empty() && self.try_start() {
            return Ok(Permit(self.clone()));
        }
        let ticket = self.next_ticket.get();
        self.next_ticket.set(ticket + 1);
        self.queue.borrow_mut().push_back(ticket);
        // The hook hears of the wait once, when it starts, and of its end.
        let mut told: Option<WaitTold> = None;
        loop {
            let now = platform::now_ms();
            let first = self.queue.borrow().front() == Some(&ticket);
            // Behind others it waits whatever holds them back; with nothing
            // holding them, for the first to take its turn.
            let gate = match self.pace.borrow().gate(now) {
                Gate::Go if !first => Gate::Slot,
                gate => gate,
            };
            if first && gate == Gate::Go && self.try_start() {
                self.queue.borrow_mut().pop_front();
                // The next in line may go too.
                self.wake_all();
                if let Some(told) = told {
                    told.end(WaitEnd::Done);
                }
                return Ok(Permit(self.clone()));
            }
            if told.is_none() {
                let (limit, value) = self.pace.borrow().holding(gate);
                told = Some(WaitTold::tell(
                    on_wait,
                    limit,
                    value.map(u64::from),
                    until(gate, now),
                ));
            }
            if self.park(until(gate, now), signal).await.is_err() {
                self.queue.borrow_mut().retain(|&t| t != ticket);
                self.wake_all();
                // `told`, dropped, ends the wait as aborted.
                return Err(());
            }
        }
    }

    fn try_start(&self) -> bool {
        let mut pace = self.pace.borrow_mut();
        // The clock only counts against a per-minute limit: every call
        // comes here, and most clients have none.
        let now = if pace.per_minute().is_some() {
            platform::now_ms()
        } else {
            0.0
        };
        if pace.gate(now) != Gate::Go {
            return false;
        }
        pace.start(now);
        true
    }

    /// Waits until woken, `wait` has passed, or `signal` fires (`Err`).
    async fn park(&self, wait: Option<Duration>, signal: Option<&AbortSignal>) -> Result<(), ()> {
        let mut resolver = None;
        let woken = Promise::new(&mut |resolve, _| resolver = Some(resolve));
        if let Some(resolve) = resolver {
            self.wakers.borrow_mut().push(resolve);
        }
        platform::wait(wait, signal, Some(&woken)).await
    }

    fn wake_all(&self) {
        let wakers = std::mem::take(&mut *self.wakers.borrow_mut());
        for wake in wakers {
            let _ = wake.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    }
}

fn until(gate: Gate, now_ms: f64) -> Option<Duration> {
    match gate {
        Gate::Until(at) => Some(Duration::from_millis((at - now_ms).max(0.0).ceil() as u64)),
        Gate::Go | Gate::Slot => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_limit_known_lets_everything_go() {
        let mut pace = Pace::default();
        for at in 0..100 {
            assert_eq!(pace.gate(f64::from(at)), Gate::Go);
            pace.start(f64::from(at));
        }
    }

    #[test]
    fn after_max_concurrency_at_most_that_many_are_in_flight() {
        let mut pace = Pace::default();
        pace.start(0.0);
        pace.start(0.0);
        pace.learn(Some(Limit::Concurrency), Some(1), None, 0.0);
        assert_eq!(pace.gate(1.0), Gate::Slot, "two in flight, one allowed");
        pace.finish();
        assert_eq!(pace.gate(1.0), Gate::Slot);
        pace.finish();
        assert_eq!(pace.gate(1.0), Gate::Go);
        pace.start(1.0);
        assert_eq!(pace.gate(1.0), Gate::Slot);
    }

    #[test]
    fn after_max_rpm_at_most_that_many_start_in_any_minute() {
        let mut pace = Pace {
            set_per_minute: Some(3),
            ..Pace::default()
        };
        for at in [0.0, 10_000.0, 20_000.0] {
            assert_eq!(pace.gate(at), Gate::Go);
            pace.start(at);
            pace.finish();
        }
        assert_eq!(pace.gate(30_000.0), Gate::Until(60_000.0));
        assert_eq!(pace.gate(60_000.0), Gate::Go, "the first left the minute");
        pace.start(60_000.0);
        assert_eq!(pace.gate(60_001.0), Gate::Until(70_000.0));
        assert!(
            pace.starts.len() <= 3,
            "only as many starts as the limit kept"
        );
    }

    #[test]
    fn a_learned_rpm_counts_the_minute_full_until_the_named_wait() {
        let mut pace = Pace::default();
        pace.start(0.0);
        pace.finish();
        pace.learn(
            Some(Limit::Rpm),
            Some(2),
            Some(Duration::from_secs(20)),
            1000.0,
        );
        assert_eq!(pace.gate(1000.0), Gate::Until(21_000.0));
        assert_eq!(pace.gate(21_000.0), Gate::Go);
        pace.start(21_000.0);
        assert_eq!(pace.gate(21_000.0), Gate::Go, "two a minute");
        pace.start(21_000.0);
        assert_eq!(pace.gate(21_001.0), Gate::Until(81_000.0));
        let mut no_wait = Pace::default();
        no_wait.learn(Some(Limit::Rpm), Some(1), None, 0.0);
        assert_eq!(
            no_wait.gate(0.0),
            Gate::Until(60_000.0),
            "no wait named: a whole minute"
        );
    }

    #[test]
    fn a_limit_set_up_front_holds_and_the_lower_one_wins() {
        let mut pace = Pace {
            set_in_flight: Some(2),
            ..Pace::default()
        };
        pace.start(0.0);
        assert_eq!(pace.gate(0.0), Gate::Go);
        pace.start(0.0);
        assert_eq!(pace.gate(0.0), Gate::Slot);
        pace.learn(Some(Limit::Concurrency), Some(8), None, 0.0);
        assert_eq!(pace.gate(0.0), Gate::Slot, "the user's 2 is lower");
        pace.finish();
        pace.learn(Some(Limit::Concurrency), Some(1), None, 0.0);
        assert_eq!(pace.gate(0.0), Gate::Slot, "the service's 1 is lower");
    }

    #[test]
    fn token_limits_and_overloads_change_no_pace() {
        let mut pace = Pace::default();
        pace.learn(Some(Limit::Tpm), Some(1), None, 0.0);
        pace.learn(Some(Limit::Overloaded), None, None, 0.0);
        pace.learn(Some(Limit::Concurrency), None, None, 0.0);
        pace.start(0.0);
        assert_eq!(pace.gate(0.0), Gate::Go);
        pace.learn(Some(Limit::Concurrency), Some(0), None, 0.0);
        assert_eq!(pace.gate(0.0), Gate::Slot, "a limit of 0 is taken as 1");
    }

    #[test]
    fn the_wait_of_a_gate_is_whole_milliseconds() {
        assert_eq!(
            until(Gate::Until(1500.5), 1000.0),
            Some(Duration::from_millis(501))
        );
        assert_eq!(until(Gate::Until(0.0), 1000.0), Some(Duration::ZERO));
        assert_eq!(until(Gate::Slot, 0.0), None);
        let pace = Pace {
            set_per_minute: Some(3),
            set_in_flight: Some(1),
            ..Pace::default()
        };
        assert_eq!(
            pace.holding(Gate::Slot),
            (Some(Limit::Concurrency), Some(1))
        );
        assert_eq!(pace.holding(Gate::Until(1.0)), (Some(Limit::Rpm), Some(3)));
        let per_minute_only = Pace {
            set_per_minute: Some(3),
            ..Pace::default()
        };
        assert_eq!(
            per_minute_only.holding(Gate::Slot),
            (Some(Limit::Rpm), Some(3)),
            "a waiter behind others under a per-minute limit alone waits for the minute"
        );
        assert_eq!(Pace::default().holding(Gate::Slot), (None, None));
    }
}
