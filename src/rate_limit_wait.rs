//! What a client's rate-limit hook is told: a call waits (its turn under a
//! limit, or a 429's wait before its retry), which limit, for how long, and,
//! through `ended`, when that wait is over and how. A page that shows "3
//! requests queued" needs the end as much as the start: without it, it
//! could only guess when to stop saying so. Pure Rust (a future of our own
//! and a callback, no JS promise), so both faces share it and it is tested
//! natively; the JS face turns `ended` into a Promise.

use std::cell::Cell;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use crate::rate_limit::Limit;

/// A call told to wait for a rate limit: the limit, its number, and how
/// long, where that is known (not for a slot to free up); `ended` is ready
/// once the wait is over.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RateLimitWait {
    /// The limit waited for.
    pub limit: Option<Limit>,
    /// Its number, where known.
    pub limit_value: Option<u64>,
    /// How long, where known.
    pub wait: Option<Duration>,
    /// Ready, once, when this wait is over: the call goes on (its turn
    /// came, or its retry is sent) or was given up.
    pub ended: WaitEnded,
}

/// Told each time a call waits for a rate limit.
pub type RateLimitHook = Rc<dyn Fn(RateLimitWait)>;

/// How a wait for a rate limit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitEnd {
    /// The wait is over and the call goes on: its turn came, or its retry is sent.
    Done,
    /// The call was given up while it waited: its signal fired, or its
    /// future was dropped. Nothing more is sent for it.
    Aborted,
}

impl WaitEnd {
    /// The name the JS face gives it: `'done'` or `'aborted'`.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitEnd::Done => "done",
            WaitEnd::Aborted => "aborted",
        }
    }
}

/// A wait's end: awaited (`wait.ended.await`, by any number of clones), it
/// gives how the wait ended, once it is over; `on_end` calls back instead.
#[derive(Clone)]
pub struct WaitEnded(Rc<Ending>);

/// A callback of `WaitEnded::on_end`.
type EndListener = Box<dyn FnOnce(WaitEnd)>;

/// One wait's end, shared by the call and what the hook kept. One listener
/// slot, the later ones chained onto it: the JS face needs one, and a list
/// would cost the wasm more.
#[derive(Default)]
struct Ending {
    end: Cell<Option<WaitEnd>>,
    listener: Cell<Option<EndListener>>,
}

impl WaitEnded {
    /// How the wait ended, or `None` while it lasts.
    pub fn end(&self) -> Option<WaitEnd> {
        self.0.end.get()
    }

    /// Calls `listener` once the wait is over (at once if it is), with how
    /// it ended: for code that cannot await, such as the JS face's Promise.
    pub fn on_end(&self, listener: impl FnOnce(WaitEnd) + 'static) {
        if let Some(end) = self.end() {
            return listener(end);
        }
        let chained: EndListener = match self.0.listener.take() {
            Some(earlier) => Box::new(move |end| {
                earlier(end);
                listener(end);
            }),
            None => Box::new(listener),
        };
        self.0.listener.set(Some(chained));
    }
}

impl IntoFuture for WaitEnded {
    type Output = WaitEnd;
    type IntoFuture = Pin<Box<dyn Future<Output = WaitEnd>>>;

    fn into_future(self) -> Self::IntoFuture {
        let waker: Rc<Cell<Option<Waker>>> = Rc::default();
        let to_wake = waker.clone();
        self.on_end(move |_| {
            if let Some(waker) = to_wake.take() {
                waker.wake();
            }
        });
        Box::pin(std::future::poll_fn(move |cx| match self.end() {
            Some(end) => Poll::Ready(end),
            None => {
                waker.set(Some(cx.waker().clone()));
                Poll::Pending
            }
        }))
    }
}

impl fmt::Debug for WaitEnded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("WaitEnded").field(&self.end()).finish()
    }
}

/// A wait the hook was told of, held by the call while it waits: `end`
/// says how it ended; dropped without that (the call's future dropped, or
/// an early return), it ended as `Aborted`. Either way the hook's `ended`
/// is ready exactly once.
#[must_use = "dropping it ends the wait at once"]
pub(crate) struct WaitTold(Option<Rc<Ending>>);

impl WaitTold {
    /// Tells `hook`, if there is one, that a call waits.
    pub(crate) fn tell(
        hook: Option<&RateLimitHook>,
        limit: Option<Limit>,
        limit_value: Option<u64>,
        wait: Option<Duration>,
    ) -> Self {
        let Some(hook) = hook else {
            return WaitTold(None);
        };
        let ending = Rc::new(Ending::default());
        hook(RateLimitWait {
            limit,
            limit_value,
            wait,
            ended: WaitEnded(ending.clone()),
        });
        WaitTold(Some(ending))
    }

    /// The wait is over, this way.
    pub(crate) fn end(mut self, end: WaitEnd) {
        self.finish(end);
    }

    fn finish(&mut self, end: WaitEnd) {
        if let Some(ending) = self.0.take() {
            ending.end.set(Some(end));
            // Taken out first: a listener may look at the wait again.
            if let Some(listener) = ending.listener.take() {
                listener(end);
            }
        }
    }
}

impl Drop for WaitTold {
    fn drop(&mut self) {
        self.finish(WaitEnd::Aborted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::{Context, Wake};

    /// A hook that keeps every wait it is told of.
    fn recording() -> (RateLimitHook, Rc<RefCell<Vec<RateLimitWait>>>) {
        let told = Rc::new(RefCell::new(Vec::new()));
        let kept = told.clone();
        (Rc::new(move |wait| kept.borrow_mut().push(wait)), told)
    }

    /// A waker that counts its wakes.
    struct Counting(AtomicUsize);

    impl Wake for Counting {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counting() -> (Arc<Counting>, Waker) {
        let counter = Arc::new(Counting(AtomicUsize::new(0)));
        (counter.clone(), Waker::from(counter))
    }

    type Awaited = Pin<Box<dyn Future<Output = WaitEnd>>>;

    fn poll(future: &mut Awaited, waker: &Waker) -> Poll<WaitEnd> {
        future.as_mut().poll(&mut Context::from_waker(waker))
    }

    #[test]
    fn the_hook_is_told_at_once_and_the_end_is_pending_until_the_wait_ends() {
        let (hook, told) = recording();
        let wait = WaitTold::tell(
            Some(&hook),
            Some(Limit::Concurrency),
            Some(1),
            Some(Duration::from_millis(1500)),
        );
        let waits = told.borrow().clone();
        assert_eq!(waits.len(), 1, "told once, when the wait starts");
        assert_eq!(
            (waits[0].limit, waits[0].limit_value, waits[0].wait),
            (
                Some(Limit::Concurrency),
                Some(1),
                Some(Duration::from_millis(1500))
            )
        );
        let mut awaited = waits[0].ended.clone().into_future();
        let (counter, waker) = counting();
        assert_eq!(poll(&mut awaited, &waker), Poll::Pending);
        assert_eq!(poll(&mut awaited, &waker), Poll::Pending);
        assert_eq!(waits[0].ended.end(), None);
        wait.end(WaitEnd::Done);
        assert_eq!(
            counter.0.load(Ordering::SeqCst),
            1,
            "woken once, however often it was polled"
        );
        assert_eq!(poll(&mut awaited, &waker), Poll::Ready(WaitEnd::Done));
        assert_eq!(waits[0].ended.end(), Some(WaitEnd::Done));
        assert_eq!(told.borrow().len(), 1, "the end tells the hook nothing new");
    }

    #[test]
    fn a_wait_dropped_unended_ends_as_aborted_for_every_waiter() {
        let (hook, told) = recording();
        let wait = WaitTold::tell(Some(&hook), Some(Limit::Rpm), Some(3), None);
        let ended = told.borrow()[0].ended.clone();
        let (mut first, mut second) = (ended.clone().into_future(), ended.into_future());
        let (first_counter, first_waker) = counting();
        let (second_counter, second_waker) = counting();
        assert_eq!(poll(&mut first, &first_waker), Poll::Pending);
        assert_eq!(poll(&mut second, &second_waker), Poll::Pending);
        drop(wait);
        assert_eq!(
            first_counter.0.load(Ordering::SeqCst),
            1,
            "each waiter woken"
        );
        assert_eq!(second_counter.0.load(Ordering::SeqCst), 1);
        assert_eq!(
            poll(&mut first, Waker::noop()),
            Poll::Ready(WaitEnd::Aborted)
        );
        assert_eq!(
            poll(&mut second, Waker::noop()),
            Poll::Ready(WaitEnd::Aborted)
        );
        let mut late = told.borrow()[0].ended.clone().into_future();
        assert_eq!(
            poll(&mut late, Waker::noop()),
            Poll::Ready(WaitEnd::Aborted),
            "awaited after the end: ready at once"
        );
    }

    #[test]
    fn listeners_hear_the_end_once_in_order_and_late_ones_at_once() {
        let (hook, told) = recording();
        let wait = WaitTold::tell(Some(&hook), None, None, Some(Duration::from_secs(1)));
        let ended = told.borrow()[0].ended.clone();
        let heard = Rc::new(RefCell::new(Vec::new()));
        for name in ["first", "second"] {
            let heard = heard.clone();
            ended.on_end(move |end| heard.borrow_mut().push((name, end)));
        }
        // A listener may look at the wait: it has ended by then.
        let looked = ended.clone();
        ended.on_end(move |end| assert_eq!(looked.end(), Some(end)));
        assert!(heard.borrow().is_empty(), "nothing before the end");
        wait.end(WaitEnd::Done);
        let late = heard.clone();
        ended.on_end(move |end| late.borrow_mut().push(("late", end)));
        assert_eq!(
            *heard.borrow(),
            [
                ("first", WaitEnd::Done),
                ("second", WaitEnd::Done),
                ("late", WaitEnd::Done)
            ]
        );
    }

    #[test]
    fn an_ended_wait_is_not_ended_again_when_dropped() {
        let (hook, told) = recording();
        let wait = WaitTold::tell(Some(&hook), None, None, None);
        let calls = Rc::new(Cell::new(0));
        let counted = calls.clone();
        told.borrow()[0]
            .ended
            .on_end(move |_| counted.set(counted.get() + 1));
        // `end` consumes the wait; its drop then finds nothing to end.
        wait.end(WaitEnd::Done);
        assert_eq!(calls.get(), 1);
        assert_eq!(told.borrow()[0].ended.end(), Some(WaitEnd::Done));
    }

    #[test]
    fn without_a_hook_nothing_is_kept() {
        let wait = WaitTold::tell(None, Some(Limit::Concurrency), Some(1), None);
        assert!(wait.0.is_none());
        wait.end(WaitEnd::Done);
    }
}
