//! Where `ensure` remembers which file holds which bytes: a store with a
//! tiny async interface (get, set, delete of a file id by key), so that a
//! page keeps it in IndexedDB, a server in a file, and a test in a `Map`.
//! The client's own, in memory, is the default.

use std::cell::RefCell;
use std::future::{ready, Future};
use std::pin::Pin;

use crate::error::Error;

/// What a store's calls give, in their time.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + 'a>>;

/// Remembers a file id by the key of the bytes it holds.
pub trait UploadStore {
    /// The file id remembered for `key`, if any.
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>>;
    /// Remembers `file_id` for `key`.
    fn set<'a>(&'a self, key: &'a str, file_id: &'a str) -> StoreFuture<'a, ()>;
    /// Forgets `key`.
    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
}

/// The default store: in this client's memory (and its clones'), for as
/// long as it lives.
#[derive(Debug, Default)]
pub struct MemoryStore {
    // A few entries a client: a list beats a map's code in the wasm.
    ids: RefCell<Vec<(String, String)>>,
}

impl MemoryStore {
    fn forget(&self, key: &str) {
        let mut ids = self.ids.borrow_mut();
        // One entry a key at most: `set` forgets the old one first.
        if let Some(index) = ids.iter().position(|(k, _)| k == key) {
            ids.swap_remove(index);
        }
    }
}

impl UploadStore for MemoryStore {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        let ids = self.ids.borrow();
        let found = ids.iter().find(|(k, _)| k == key).map(|(_, id)| id.clone());
        Box::pin(ready(Ok(found)))
    }

    fn set<'a>(&'a self, key: &'a str, file_id: &'a str) -> StoreFuture<'a, ()> {
        self.forget(key);
        let entry = (key.to_owned(), file_id.to_owned());
        self.ids.borrow_mut().push(entry);
        Box::pin(ready(Ok(())))
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        self.forget(key);
        Box::pin(ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::{Context, Poll, Waker};

    fn now<T>(mut future: StoreFuture<'_, T>) -> T {
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(Ok(value)) => value,
            _ => panic!("the memory store answers at once"),
        }
    }

    #[test]
    fn the_memory_store_remembers_replaces_and_forgets() {
        let store = MemoryStore::default();
        assert_eq!(now(store.get("a")), None);
        now(store.set("a", "file-1"));
        now(store.set("b", "file-2"));
        now(store.set("a", "file-3"));
        assert_eq!(now(store.get("a")).as_deref(), Some("file-3"));
        now(store.delete("a"));
        assert_eq!(now(store.get("a")), None);
        assert_eq!(now(store.get("b")).as_deref(), Some("file-2"));
    }
}
