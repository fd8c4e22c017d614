//! One upload per content: `ensure` gives the file that holds exactly these
//! bytes for this purpose in this account, and uploads only when there is
//! none. Which file holds which bytes is remembered in a store
//! (`store`), by the bytes' identity (`identity`); a remembered file is
//! looked at (`retrieve`) before it is trusted. Bytes of a size the store
//! has never seen cannot be remembered, so they are uploaded at once and
//! hashed while the upload reads them: a new file costs about its upload's
//! time, not a read more. Written once for both faces, over the face's reader.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

use crate::calls::Calls;
use crate::error::{ApiErrorKind, Error};
use crate::identity::{identity, key_fingerprint, scope, sha256_of, size_key};
use crate::read::{FileView, Reader};
use crate::store::UploadStore;
use crate::types::FileStatus;
use crate::upload::{check, FileUpload};

/// Where `ensure` remembers; `None`: the client's memory.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct EnsureOptions {
    /// The store of file ids by content (a file, IndexedDB, ...).
    pub store: Option<Rc<dyn UploadStore>>,
}

impl EnsureOptions {
    /// Remembers in `store` (a file, IndexedDB, ...) instead of the client's memory.
    pub fn with_store(mut self, store: Rc<dyn UploadStore>) -> Self {
        self.store = Some(store);
        self
    }
}

impl std::fmt::Debug for EnsureOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnsureOptions")
            .field("store", &self.store.is_some())
            .finish()
    }
}

/// What `ensure` gives: the file, and whether it was there already.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Ensured<F> {
    /// The file holding the bytes.
    pub file: F,
    /// `true`: a file uploaded before (no upload now); `false`: uploaded now.
    pub reused: bool,
}

impl<R: Reader + Clone> Calls<R> {
    /// The store given, or the client's memory.
    fn store_of(&self, options: &EnsureOptions) -> Rc<dyn UploadStore> {
        options
            .store
            .clone()
            .unwrap_or_else(|| self.client.memory_store())
    }

    /// Where these bytes go (the purpose and the account), after the checks
    /// `create` makes (an empty file, one over 100 MB, no name) and before
    /// any read.
    fn scope_of(&self, upload: &FileUpload) -> Result<String, Error> {
        check(
            upload.file.size(),
            &upload.filename,
            &upload.purpose,
            upload.allow_unknown_purpose,
        )?;
        let config = self.client.config();
        let bearer = config.api_key.as_ref().map(|key| key.bearer());
        Ok(scope(
            upload.purpose.as_str(),
            &config.base_url,
            config.api_version.as_deref(),
            &key_fingerprint(bearer.as_deref()),
        ))
    }

    /// The file remembered for `key`, if the service still has it with
    /// `size` bytes and not failed; else forgotten.
    async fn remembered(
        &self,
        store: &dyn UploadStore,
        key: &str,
        size: u64,
    ) -> Result<Option<R::File>, Error> {
        let Some(id) = store.get(key).await? else {
            return Ok(None);
        };
        match self.retrieve(&id).await {
            Ok(file) if file.size() == size && file.status() != FileStatus::Error => {
                return Ok(Some(file))
            }
            Ok(_) => {}
            Err(Error::Api(api)) if api.kind == ApiErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        store.delete(key).await?;
        Ok(None)
    }

    /// The file holding these bytes for this purpose: the one remembered,
    /// or (unless `find_only`) a new upload (`make_room` as `create`), then
    /// remembered. Calls of bytes of the same size in one client take
    /// turns: the second finds the first's. `None`: `find_only`, and none
    /// remembered. One body for `ensure` and `find_uploaded`: the wasm holds one.
    pub(crate) async fn ensure(
        &self,
        upload: &FileUpload,
        options: &EnsureOptions,
        find_only: bool,
    ) -> Result<Option<Ensured<R::File>>, Error> {
        let scope = self.scope_of(upload)?;
        let size = upload.file.size() as u64;
        let sized = size_key(size, &scope);
        let store = self.store_of(options);
        let _turn = self.client.in_flight().turn(&sized).await;
        let mut hashed = None;
        if store.get(&sized).await?.is_some() {
            // Bytes of this size remembered, maybe these: hashed first.
            let digest = sha256_of(&upload.file).await?;
            let key = identity(&digest, &scope);
            if let Some(file) = self.remembered(&*store, &key, size).await? {
                return Ok(Some(Ensured { file, reused: true }));
            }
            hashed = Some(digest);
        }
        if find_only {
            return Ok(None);
        }
        // Else (no bytes of this size remembered) hashed as the upload reads them.
        let size_known = hashed.is_some();
        let digest = async {
            match hashed {
                Some(digest) => Ok(digest),
                None => sha256_of(&upload.file).await,
            }
        };
        let (file, digest) = upload_hashing(self.create_making_room(upload), digest).await?;
        // The size first: a key of bytes never stands without it. A size
        // read from the store is there already (none is ever forgotten).
        if !size_known {
            store.set(&sized, &file.id()).await?;
        }
        // A file uploaded but unreadable to the hash is still the caller's
        // file, given back; it is only not remembered.
        if let Ok(digest) = digest {
            store.set(&identity(&digest, &scope), &file.id()).await?;
        }
        Ok(Some(Ensured {
            file,
            reused: false,
        }))
    }
}

/// Runs the upload and the hash together, so that their reads overlap.
/// An upload that fails ends it at once: the hash is dropped, not awaited.
async fn upload_hashing<F, D>(
    upload: impl Future<Output = Result<F, Error>>,
    hash: impl Future<Output = D>,
) -> Result<(F, D), Error> {
    let (mut upload, mut hash) = (pin!(upload), pin!(hash));
    let (mut uploaded, mut hashed) = (None, None);
    poll_fn(|cx| {
        if uploaded.is_none() {
            if let Poll::Ready(out) = upload.as_mut().poll(cx) {
                uploaded = Some(out);
            }
        }
        if hashed.is_none() {
            if let Poll::Ready(out) = hash.as_mut().poll(cx) {
                hashed = Some(out);
            }
        }
        match (uploaded.take(), hashed.take()) {
            (Some(Err(error)), _) => Poll::Ready(Err(error)),
            (Some(Ok(file)), Some(digest)) => Poll::Ready(Ok((file, digest))),
            (file, digest) => {
                (uploaded, hashed) = (file, digest);
                Poll::Pending
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::{pending, ready};
    use std::task::{Context, Waker};

    fn poll_once<T>(future: impl Future<Output = T>) -> Poll<T> {
        pin!(future).poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn the_upload_and_the_hash_both_end_before_the_file_is_given() {
        let done = poll_once(upload_hashing(
            ready(Ok::<_, Error>("file-1")),
            ready("digest"),
        ));
        assert!(matches!(done, Poll::Ready(Ok(("file-1", "digest")))));
        let hashing = poll_once(upload_hashing(
            ready(Ok::<_, Error>("file-1")),
            pending::<()>(),
        ));
        assert!(hashing.is_pending(), "the hash is awaited");
    }

    #[test]
    fn a_failed_upload_ends_it_without_waiting_for_the_hash() {
        let failed = poll_once(upload_hashing(
            ready(Err::<(), _>(Error::invalid_argument("refused"))),
            pending::<()>(),
        ));
        assert!(matches!(
            failed,
            Poll::Ready(Err(Error::InvalidArgument { .. }))
        ));
    }
}
