//! The Files resource of the Rust face: `/v1/files` and everything under it,
//! and the workflows over them, as typed Rust values. Each call is the
//! shared one (`calls`, `workflows`) read by the Rust face's reader.

use crate::calls::Calls;
use crate::client::Client;
use crate::decode::{Typed, TypedDated};
use crate::ensure::{EnsureOptions, Ensured};
use crate::error::Error;
use crate::options::{RequestOptions, WaitOptions};
use crate::request::Page;
use crate::room::Usage;
use crate::types::{FileDeleted, FileList, FileMetadata, FileObject, FilePage, Purpose};
use crate::upload::FileUpload;
use crate::workflows::{DeleteResult, ExtractOptions, Extracted, MakeRoom, PruneFilter, RoomMade};

/// The calls on the account's files; get it from [`Client::files`].
#[derive(Clone, Debug)]
pub struct Files {
    calls: Calls<Typed>,
}

impl Client {
    /// The Files resource: list, upload, retrieve, delete, content, and the
    /// workflows over them.
    pub fn files(&self) -> Files {
        Files {
            calls: Calls {
                client: self.clone(),
                options: RequestOptions::default(),
                reader: Typed,
            },
        }
    }
}

impl Files {
    /// The same calls with these options (timeout, retries, abort signal).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.calls.options = options;
        self
    }

    /// Every file of the account (the API has no pagination: at most 1,000).
    pub async fn list(&self) -> Result<FileList, Error> {
        self.calls.list().await
    }

    /// The account's files of one purpose (the service lists every file:
    /// the client keeps those of `purpose`).
    pub async fn list_of(&self, purpose: Purpose) -> Result<FileList, Error> {
        self.calls.list_of(Some(purpose), &Page::default()).await
    }

    /// Uploads a file as `multipart/form-data`. Refuses, before sending,
    /// an empty file, one over 100 MB and an unknown purpose. With
    /// `upload.make_room`, a refusal for the account's room makes room and
    /// sends it once more.
    pub async fn create(&self, upload: &FileUpload) -> Result<FileObject, Error> {
        self.calls.create_making_room(upload).await
    }

    /// One file's details.
    pub async fn retrieve(&self, id: &str) -> Result<FileObject, Error> {
        self.calls.retrieve(id).await
    }

    /// Deletes a file.
    pub async fn delete(&self, id: &str) -> Result<FileDeleted, Error> {
        self.calls.delete(id).await
    }

    /// The extracted content as the service sends it (for `file-extract` files).
    pub async fn content(&self, id: &str) -> Result<String, Error> {
        self.calls.content(id).await
    }

    /// The file's bytes as the service stores them (a batch's results, say),
    /// unchanged; read within the call's timeout. For a `file-extract` file
    /// the service serves its extracted document, not the uploaded bytes.
    pub async fn download(&self, id: &str) -> Result<Vec<u8>, Error> {
        let response = self.calls.download(id).await?;
        let broken = |err: wasm_bindgen::JsValue| Error::Connection {
            kind: crate::ConnectionKind::Broken,
            message: crate::transport::message_of(&err),
            attempts: 1,
        };
        let buffer = response.array_buffer().map_err(broken)?;
        let buffer = wasm_bindgen_futures::JsFuture::from(buffer)
            .await
            .map_err(broken)?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    /// The extracted text: the `content` field where the service sends
    /// its JSON document, else the body as it came.
    pub async fn extracted_text(&self, id: &str) -> Result<String, Error> {
        self.calls.extracted_text(id).await
    }

    /// Polls the file until it leaves `processing`: `Ok` once processed,
    /// [`Error::ProcessingFailed`] if the service gave up on it,
    /// [`Error::WaitTimeout`] past `wait.max_wait`.
    pub async fn wait_for_processing(
        &self,
        id: &str,
        wait: &WaitOptions,
    ) -> Result<FileObject, Error> {
        self.calls.wait_for_processing(id, wait).await
    }

    /// The file Q&A flow in one call: uploads `upload.file` for
    /// `file-extract` (its purpose is ignored), waits until it is processed,
    /// reads its text, then deletes it (unless `options.keep`), on failure,
    /// timeout and abort too.
    pub async fn extract(
        &self,
        upload: &FileUpload,
        options: &ExtractOptions,
    ) -> Result<Extracted, Error> {
        let (file, progress) = (upload.file.clone(), upload.on_progress.clone());
        let options = ExtractOptions {
            make_room: options.make_room || upload.make_room,
            ..options.clone()
        };
        self.calls
            .extract(file, &upload.filename, progress, &options)
            .await
    }

    /// Deletes each file, `concurrency` at a time: one result per id, in
    /// their order, whatever the others' fate.
    pub async fn delete_many(&self, ids: &[&str], concurrency: usize) -> Vec<DeleteResult> {
        self.calls.delete_many(ids, concurrency).await
    }

    /// Deletes the files that match `filter` (or, with `dry_run`, says which
    /// would go): room under the account's limits.
    pub async fn prune(&self, filter: &PruneFilter) -> Result<Vec<FileObject>, Error> {
        self.calls.prune(filter).await
    }

    /// The file holding exactly these bytes for this purpose: the one
    /// `options.store` remembers (looked at first: gone, of another size or
    /// failed, it is uploaded again), else uploaded now and remembered.
    /// Bytes of a size never remembered are uploaded at once and hashed as
    /// the upload reads them. Refuses what `create` refuses, before reading
    /// a byte.
    pub async fn ensure(
        &self,
        upload: &FileUpload,
        options: &EnsureOptions,
    ) -> Result<Ensured<FileObject>, Error> {
        let ensured = self.calls.ensure(upload, options, false).await?;
        ensured.ok_or_else(|| Error::invalid_argument("ensure uploaded nothing."))
    }

    /// The file `ensure` would reuse for these bytes, if any; uploads nothing.
    pub async fn find_uploaded(
        &self,
        upload: &FileUpload,
        options: &EnsureOptions,
    ) -> Result<Option<FileObject>, Error> {
        let found = self.calls.ensure(upload, options, true).await?;
        Ok(found.map(|found| found.file))
    }

    /// The account's file count and bytes against its limits, from one list.
    pub async fn usage(&self) -> Result<Usage, Error> {
        Ok(self.calls.make_room(&MakeRoom::usage()).await?.usage)
    }

    /// Deletes the oldest files `room` allows until `room.files` more files
    /// of `room.bytes` fit, and no more (or, with `dry_run`, says which);
    /// [`Error::InvalidArgument`], nothing deleted, when they would not do.
    pub async fn make_room(&self, room: &MakeRoom) -> Result<RoomMade, Error> {
        self.calls.make_room(room).await
    }
}

/// The calls on the account's files in the dated API's shapes
/// (`kimi-api-version`): pages, [`FileMetadata`]; get it from
/// [`Client::dated_files`]. The same calls as [`Files`], one shared path.
#[derive(Clone, Debug)]
pub struct DatedFiles {
    calls: Calls<TypedDated>,
}

impl Client {
    /// The Files resource in the dated API's shapes. Refused unless the
    /// config speaks a dated version ([`ClientConfig::with_api_version`]).
    ///
    /// [`ClientConfig::with_api_version`]: crate::ClientConfig::with_api_version
    pub fn dated_files(&self) -> Result<DatedFiles, Error> {
        if self.config().api_version.is_none() {
            return Err(Error::invalid_argument(
                "dated_files needs a dated API version: ClientConfig::with_api_version.",
            ));
        }
        Ok(DatedFiles {
            calls: Calls {
                client: self.clone(),
                options: RequestOptions::default(),
                reader: TypedDated,
            },
        })
    }
}

impl DatedFiles {
    /// The same calls with these options (timeout, retries, abort signal).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.calls.options = options;
        self
    }

    /// One page of the list, newest first: `page.size` files (1 to 1000)
    /// from `page.token` (the last page's `next_page_token`); with neither,
    /// the whole list. The next page is the caller's to ask for, with the
    /// answer's `next_page_token`, until there is none.
    pub async fn list(&self, page: &Page) -> Result<FilePage, Error> {
        self.calls.list_of(None, page).await
    }

    /// Uploads a file (201): sent with an `Idempotency-Key`, the upload's
    /// own or one made for the call, so its retries never store it twice.
    pub async fn create(&self, upload: &FileUpload) -> Result<FileMetadata, Error> {
        self.calls.create_making_room(upload).await
    }

    /// One file's metadata.
    pub async fn retrieve(&self, id: &str) -> Result<FileMetadata, Error> {
        self.calls.retrieve(id).await
    }

    /// Deletes a file: the service answers 204, and this its id as deleted.
    pub async fn delete(&self, id: &str) -> Result<FileDeleted, Error> {
        self.calls.delete(id).await
    }

    /// The extracted text of a `file-extract` file.
    pub async fn extracted_text(&self, id: &str) -> Result<String, Error> {
        self.calls.extracted_text(id).await
    }

    /// Polls until the file's `extract_status` is no longer in progress:
    /// [`Error::ProcessingFailed`] for `error`.
    pub async fn wait_for_processing(
        &self,
        id: &str,
        wait: &WaitOptions,
    ) -> Result<FileMetadata, Error> {
        self.calls.wait_for_processing(id, wait).await
    }

    /// Upload, wait, read, delete, as [`Files::extract`].
    pub async fn extract(
        &self,
        upload: &FileUpload,
        options: &ExtractOptions,
    ) -> Result<Extracted<FileMetadata>, Error> {
        let (file, progress) = (upload.file.clone(), upload.on_progress.clone());
        let options = ExtractOptions {
            make_room: options.make_room || upload.make_room,
            ..options.clone()
        };
        self.calls
            .extract(file, &upload.filename, progress, &options)
            .await
    }

    /// Deletes each file, `concurrency` at a time, as [`Files::delete_many`].
    pub async fn delete_many(&self, ids: &[&str], concurrency: usize) -> Vec<DeleteResult> {
        self.calls.delete_many(ids, concurrency).await
    }

    /// Deletes the files that match `filter` (`older_than` read from
    /// `created_at`'s date-time), as [`Files::prune`].
    pub async fn prune(&self, filter: &PruneFilter) -> Result<Vec<FileMetadata>, Error> {
        self.calls.prune(filter).await
    }

    /// One upload per content, as [`Files::ensure`].
    pub async fn ensure(
        &self,
        upload: &FileUpload,
        options: &EnsureOptions,
    ) -> Result<Ensured<FileMetadata>, Error> {
        let ensured = self.calls.ensure(upload, options, false).await?;
        ensured.ok_or_else(|| Error::invalid_argument("ensure uploaded nothing."))
    }

    /// The file `ensure` would reuse, as [`Files::find_uploaded`].
    pub async fn find_uploaded(
        &self,
        upload: &FileUpload,
        options: &EnsureOptions,
    ) -> Result<Option<FileMetadata>, Error> {
        let found = self.calls.ensure(upload, options, true).await?;
        Ok(found.map(|found| found.file))
    }

    /// The key's project's file count and bytes against the limits, as [`Files::usage`].
    pub async fn usage(&self) -> Result<Usage, Error> {
        Ok(self.calls.make_room(&MakeRoom::usage()).await?.usage)
    }

    /// Room for an upload, as [`Files::make_room`].
    pub async fn make_room(&self, room: &MakeRoom) -> Result<RoomMade<FileMetadata>, Error> {
        self.calls.make_room(room).await
    }
}
