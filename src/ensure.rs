//! One upload per content: `ensure` gives the file that holds exactly these
//! bytes for this purpose in this account, and uploads only when there is
//! none. Which file holds which bytes is remembered in a store
//! (`store`), by the bytes' identity (`identity`); a remembered file is
//! looked at (`retrieve`) before it is trusted. Written once for both
//! faces, over the face's reader.

use std::rc::Rc;

use crate::calls::Calls;
use crate::error::{ApiErrorKind, Error};
use crate::identity::{identity, key_fingerprint, sha256_of};
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

    /// The key these bytes are remembered by, after the checks `create`
    /// makes (an empty file, one over 100 MB, no name) and before any read.
    async fn content_key(&self, upload: &FileUpload) -> Result<String, Error> {
        check(
            upload.file.size(),
            &upload.filename,
            &upload.purpose,
            upload.allow_unknown_purpose,
        )?;
        let digest = sha256_of(&upload.file).await?;
        let config = self.client.config();
        let bearer = config.api_key.as_ref().map(|key| key.bearer());
        Ok(identity(
            &digest,
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
    /// remembered. Calls of the same bytes in one client take turns: the
    /// second finds the first's. `None`: `find_only`, and none remembered.
    /// One body for `ensure` and `find_uploaded`: the wasm holds one.
    pub(crate) async fn ensure(
        &self,
        upload: &FileUpload,
        options: &EnsureOptions,
        find_only: bool,
    ) -> Result<Option<Ensured<R::File>>, Error> {
        let key = self.content_key(upload).await?;
        let store = self.store_of(options);
        let _turn = self.client.in_flight().turn(&key).await;
        let size = upload.file.size() as u64;
        if let Some(file) = self.remembered(&*store, &key, size).await? {
            return Ok(Some(Ensured { file, reused: true }));
        }
        if find_only {
            return Ok(None);
        }
        let file = self.create_making_room(upload).await?;
        store.set(&key, &file.id()).await?;
        Ok(Some(Ensured {
            file,
            reused: false,
        }))
    }
}
