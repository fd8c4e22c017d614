//! One `ensure` of the same bytes at a time in a client: a second call
//! waits for the first to end, then finds its file remembered instead of
//! uploading the same bytes again.

use std::cell::RefCell;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// The keys being ensured, each with the calls waiting for it.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    held: RefCell<Vec<(String, Vec<Waker>)>>,
}

/// The turn of one key: the next call waiting for it goes on when this is dropped.
pub(crate) struct Turn {
    in_flight: Rc<InFlight>,
    key: String,
}

impl InFlight {
    /// Waits until no other call holds `key`, then holds it.
    pub(crate) async fn turn(self: &Rc<Self>, key: &str) -> Turn {
        poll_fn(|cx| {
            let mut held = self.held.borrow_mut();
            match held.iter_mut().find(|(k, _)| k == key) {
                Some((_, waiting)) => {
                    waiting.push(cx.waker().clone());
                    Poll::Pending
                }
                None => {
                    held.push((key.to_owned(), Vec::new()));
                    Poll::Ready(())
                }
            }
        })
        .await;
        Turn {
            in_flight: self.clone(),
            key: key.to_owned(),
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut held = self.in_flight.held.borrow_mut();
        let Some(index) = held.iter().position(|(k, _)| *k == self.key) else {
            return;
        };
        let (_, waiting) = held.swap_remove(index);
        drop(held);
        for waker in waiting {
            waker.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::task::Context;

    #[test]
    fn a_second_turn_of_a_key_waits_for_the_first_and_other_keys_do_not() {
        let in_flight = Rc::new(InFlight::default());
        let mut cx = Context::from_waker(Waker::noop());
        let mut first = Box::pin(in_flight.turn("a"));
        let Poll::Ready(first_turn) = first.as_mut().poll(&mut cx) else {
            panic!("the first takes its turn at once");
        };
        let mut second = Box::pin(in_flight.turn("a"));
        assert!(
            second.as_mut().poll(&mut cx).is_pending(),
            "the same key waits"
        );
        let mut other = Box::pin(in_flight.turn("b"));
        assert!(
            other.as_mut().poll(&mut cx).is_ready(),
            "another key does not"
        );
        drop(first_turn);
        assert!(
            second.as_mut().poll(&mut cx).is_ready(),
            "its turn, once the first's ends"
        );
    }
}
