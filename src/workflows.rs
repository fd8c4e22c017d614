//! What callers otherwise write by hand over the calls: waiting until a
//! file is processed, the file Q&A flow in one call (`extract`), deleting
//! many files, and room under the account's limits (`prune`, `usage`,
//! `make_room`, and uploads that make room when refused for it).
//! Written once for both faces, over the face's reader.

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Blob};

use crate::calls::Calls;
use crate::config::check_timer;
use crate::error::{ApiErrorKind, Error};
use crate::facts::{MAX_FILES, MAX_TOTAL_BYTES};
use crate::options::{RequestOptions, WaitOptions};
use crate::platform;
use crate::read::{FileView, Reader};
use crate::room::{self, Candidate, Usage};
use crate::text::decimal;
use crate::types::{FileDeleted, FileObject, FileStatus, Purpose};
use crate::upload::{FileUpload, UploadProgress};

/// The caller's progress report, noting when the whole body is out.
fn noting_all_out(all_out: Rc<Cell<bool>>, report: Option<UploadProgress>) -> UploadProgress {
    Rc::new(move |loaded, total| {
        if loaded >= total {
            all_out.set(true);
        }
        if let Some(report) = &report {
            report(loaded, total);
        }
    })
}

/// How `extract` goes about it.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ExtractOptions {
    /// Keeps the uploaded file instead of deleting it once read.
    pub keep: bool,
    /// Cuts the text to at most this many characters (`char`s in Rust,
    /// UTF-16 code units in JS, as `text.length` counts).
    pub max_chars: Option<usize>,
    /// How to wait for the processing.
    pub wait: WaitOptions,
    /// Makes room when the service refuses the upload for it
    /// ([`FileUpload::make_room`]).
    pub make_room: bool,
}

/// What `extract` gives: the processed file and its text.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Extracted<F = FileObject, T = String> {
    /// The file as it was once processed (deleted since, unless kept).
    pub file: F,
    /// The extracted text, cut to `max_chars` if asked.
    pub text: T,
    /// Whether `max_chars` cut the text.
    pub truncated: bool,
}

/// What became of one file of `delete_many`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DeleteOutcome<D = FileDeleted> {
    /// Deleted: the service's answer.
    Deleted(D),
    /// There was no such file (a 404): nothing left to delete.
    NotFound(Error),
    /// It could not be deleted; the file is still there.
    Failed(Error),
}

/// One id of `delete_many` and its outcome.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DeleteResult<D = FileDeleted> {
    /// The file's id, as given.
    pub id: String,
    /// What became of it.
    pub outcome: DeleteOutcome<D>,
}

/// Which files `prune` deletes: those matching every criterion given, but
/// the `keep_newest` newest of them.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct PruneFilter {
    /// Only files of this purpose.
    pub purpose: Option<Purpose>,
    /// Only files in this state (`Ready` takes `ok` too: one meaning).
    pub status: Option<FileStatus>,
    /// Only files uploaded longer ago than this.
    pub older_than: Option<Duration>,
    /// Spares the newest this many of the matching files.
    pub keep_newest: Option<usize>,
    /// Deletes nothing: says which files would go.
    pub dry_run: bool,
}

impl ExtractOptions {
    /// Keeps the uploaded file instead of deleting it once read.
    pub fn with_keep(mut self, keep: bool) -> Self {
        self.keep = keep;
        self
    }

    /// Cuts the text to at most this many characters.
    pub fn with_max_chars(mut self, max_chars: usize) -> Self {
        self.max_chars = Some(max_chars);
        self
    }

    /// How to wait for the processing.
    pub fn with_wait(mut self, wait: WaitOptions) -> Self {
        self.wait = wait;
        self
    }

    /// Makes room when the service refuses the upload for it.
    pub fn with_make_room(mut self, make_room: bool) -> Self {
        self.make_room = make_room;
        self
    }
}

impl PruneFilter {
    /// Only files of this purpose.
    pub fn with_purpose(mut self, purpose: Purpose) -> Self {
        self.purpose = Some(purpose);
        self
    }

    /// Only files in this state.
    pub fn with_status(mut self, status: FileStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only files uploaded longer ago than this.
    pub fn with_older_than(mut self, older_than: Duration) -> Self {
        self.older_than = Some(older_than);
        self
    }

    /// Spares the newest this many of the matching files.
    pub fn with_keep_newest(mut self, keep_newest: usize) -> Self {
        self.keep_newest = Some(keep_newest);
        self
    }

    /// Deletes nothing: says which files would go.
    pub fn with_dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }
}

/// Room to make: `files` more files of `bytes` in all, by deleting the
/// oldest of the files `purpose` and `older_than` allow, no more than needed.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct MakeRoom {
    /// Files that must fit.
    pub files: u64,
    /// Bytes that must fit, in all.
    pub bytes: u64,
    /// Only files of this purpose may go.
    pub purpose: Option<Purpose>,
    /// Only files uploaded longer ago than this may go.
    pub older_than: Option<Duration>,
    /// Deletes nothing: says which files would go.
    pub dry_run: bool,
}

impl MakeRoom {
    /// Room for `files` more files of `bytes` in all, any file allowed to go.
    pub fn new(files: u64, bytes: u64) -> Self {
        MakeRoom {
            files,
            bytes,
            ..MakeRoom::default()
        }
    }

    /// Only files of this purpose may go.
    pub fn with_purpose(mut self, purpose: Purpose) -> Self {
        self.purpose = Some(purpose);
        self
    }

    /// Only files uploaded longer ago than this may go.
    pub fn with_older_than(mut self, age: Duration) -> Self {
        self.older_than = Some(age);
        self
    }

    /// Deletes nothing: says which files would go.
    pub fn with_dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// No room asked, nothing deleted: `make_room` of this is the usage.
    pub(crate) fn usage() -> Self {
        MakeRoom {
            dry_run: true,
            ..MakeRoom::default()
        }
    }
}

/// What `make_room` did: the files it deleted (or, with `dry_run`, would
/// delete), oldest first, and the usage after.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RoomMade<F = FileObject> {
    /// The files deleted, oldest first, as the list gave them.
    pub deleted: Vec<F>,
    /// The account's usage once they are gone.
    pub usage: Usage,
}

/// `delete_many`'s default: a few at a time, well within the rate limits.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// The most deletions under way at once.
pub const MAX_CONCURRENCY: usize = 32;

impl PruneFilter {
    fn check(&self) -> Result<(), Error> {
        let chooses = self.purpose.is_some()
            || self.status.is_some()
            || self.older_than.is_some()
            || self.keep_newest.is_some();
        if !chooses && !self.dry_run {
            return Err(Error::invalid_argument(
                "prune needs at least one of purpose, status, olderThan or keepNewest: \
                 without one it would delete every file (pass dryRun to list them).",
            ));
        }
        Ok(())
    }

    fn matches(&self, file: &impl FileView, now_ms: f64) -> bool {
        let status = file.status();
        self.purpose.as_ref().is_none_or(|p| *p == file.purpose())
            && self
                .status
                .as_ref()
                .is_none_or(|wanted| *wanted == status || (wanted.is_ready() && status.is_ready()))
            && self.older_than.is_none_or(|age| {
                (file.created_at() as f64) * 1000.0 < now_ms - age.as_millis() as f64
            })
    }
}

/// The first pause of a wait: most files are processed in a second or two.
const FIRST_POLL: Duration = Duration::from_millis(500);

/// The pause after the `looks`-th look: 0.5 s, doubling up to `interval`,
/// so that a file processed in 1.5 s is seen then, not after a whole
/// interval, and a long wait still costs one look an interval.
fn poll_pause(looks: u32, interval: Duration) -> Duration {
    let doubled = FIRST_POLL.saturating_mul(1 << looks.saturating_sub(1).min(16));
    doubled.min(interval)
}

impl<R: Reader + Clone> Calls<R> {
    /// Polls the file until it leaves `processing`.
    pub(crate) async fn wait_for_processing(
        &self,
        id: &str,
        wait: &WaitOptions,
    ) -> Result<R::File, Error> {
        let poll_interval = check_timer(wait.poll_interval, "poll_interval")?;
        let max_wait = check_timer(wait.max_wait, "max_wait")?;
        let deadline = platform::now_ms() + max_wait.as_millis() as f64;
        let mut looks = 0;
        loop {
            looks += 1;
            let file = self.retrieve(id).await?;
            match file.status() {
                FileStatus::Processing => {}
                FileStatus::Error => {
                    return Err(Error::ProcessingFailed {
                        file_id: id.to_owned(),
                        status_details: file.status_details(),
                        attempts: looks,
                    });
                }
                _ => return Ok(file),
            }
            // The last look is at the deadline itself, not a poll before it.
            let left = deadline - platform::now_ms();
            if left <= 0.0 {
                return Err(Error::WaitTimeout {
                    file_id: id.to_owned(),
                    waited: max_wait,
                    attempts: looks,
                });
            }
            let pause =
                poll_pause(looks, poll_interval).min(Duration::from_millis(left.ceil() as u64));
            if platform::sleep(pause, self.options.signal.as_ref())
                .await
                .is_err()
            {
                return Err(Error::Aborted { attempts: looks });
            }
        }
    }

    /// Upload, wait, read, delete: the file goes on every path once it has
    /// an id, an abort during the upload included. (An upload that times
    /// out or loses its connection once the whole body is out may or may
    /// not have been stored: the service gives no id to delete it by.)
    pub(crate) async fn extract(
        &self,
        file: Blob,
        filename: &str,
        on_progress: Option<UploadProgress>,
        options: &ExtractOptions,
    ) -> Result<Extracted<R::File, R::Text>, Error> {
        let all_out = Rc::new(Cell::new(false));
        let upload = FileUpload {
            on_progress: Some(noting_all_out(all_out.clone(), on_progress)),
            make_room: options.make_room,
            ..FileUpload::new(file, filename, Purpose::FileExtract)
        };
        let (created, aborted) = self.create_through_an_abort(&upload, &all_out).await;
        let id = created?.id();
        let outcome = match aborted {
            Some(abort) => Err(abort),
            None => self.read_extracted(&id, options).await,
        };
        if options.keep {
            return outcome;
        }
        match self.delete_quietly(&id).await {
            Ok(()) => outcome,
            Err(cause) => Err(Error::LeftBehind {
                file_id: id,
                cause: Box::new(cause),
                after: outcome.err().map(Box::new),
            }),
        }
    }

    /// `create`, through a caller's abort once the whole body is out: the
    /// service may be storing the file then, and only its answer gives the
    /// id to delete it by, so the answer is awaited (within the request's
    /// timeout) and the abort comes after, as `Some`. An abort before that
    /// cancels the upload: a body cut short stores nothing.
    async fn create_through_an_abort(
        &self,
        upload: &FileUpload,
        all_out: &Rc<Cell<bool>>,
    ) -> (Result<R::File, Error>, Option<Error>) {
        let Some(signal) = self.options.signal.clone() else {
            return (self.create_making_room(upload).await, None);
        };
        if signal.aborted() {
            return (Err(Error::Aborted { attempts: 0 }), None);
        }
        let Ok(own) = AbortController::new() else {
            return (self.create_making_room(upload).await, None);
        };
        let on_abort: Closure<dyn FnMut()> = {
            let (own, all_out) = (own.clone(), all_out.clone());
            Closure::new(move || {
                if !all_out.get() {
                    own.abort();
                }
            })
        };
        let listener = on_abort.as_ref().unchecked_ref();
        let _ = signal.add_event_listener_with_callback("abort", listener);
        let calls = Calls {
            options: RequestOptions {
                signal: Some(own.signal()),
                ..self.options.clone()
            },
            ..self.clone()
        };
        let created = calls.create_making_room(upload).await;
        let _ = signal.remove_event_listener_with_callback("abort", listener);
        match (created, signal.aborted()) {
            (Ok(file), true) => (Ok(file), Some(Error::Aborted { attempts: 1 })),
            (Err(error), true) => {
                let attempts = error.attempts();
                (Err(Error::Aborted { attempts }), None)
            }
            (created, false) => (created, None),
        }
    }

    async fn read_extracted(
        &self,
        id: &str,
        options: &ExtractOptions,
    ) -> Result<Extracted<R::File, R::Text>, Error> {
        let file = self.wait_for_processing(id, &options.wait).await?;
        // A file that processed may still fail to give its text: the
        // content call's 500 "Failed to extract file: {why}" (tried once
        // more by the retry rules) is the file's failure, not the service's.
        let text = self
            .extracted_text(id)
            .await
            .map_err(|error| match &error {
                Error::Api(api) => match api.failed_extraction() {
                    Some(why) => Error::ProcessingFailed {
                        file_id: id.to_owned(),
                        status_details: Some(why.to_owned()),
                        attempts: api.attempts,
                    },
                    None => error,
                },
                _ => error,
            })?;
        let (text, truncated) = match options.max_chars {
            Some(max) => self.reader.cap(text, max),
            None => (text, false),
        };
        Ok(Extracted {
            file,
            text,
            truncated,
        })
    }

    /// Deletes a file this workflow made, even after the caller aborted:
    /// without the caller's signal, with the usual retries. Already gone is done.
    async fn delete_quietly(&self, id: &str) -> Result<(), Error> {
        let unabortable = Calls {
            options: RequestOptions {
                signal: None,
                ..self.options.clone()
            },
            ..self.clone()
        };
        match unabortable.delete(id).await {
            Ok(_) => Ok(()),
            Err(Error::Api(api)) if api.kind == ApiErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Deletes each id, `concurrency` at a time (1 to [`MAX_CONCURRENCY`]),
    /// each with the usual retries; the results come in the ids' order.
    pub(crate) async fn delete_many(
        &self,
        ids: &[&str],
        concurrency: usize,
    ) -> Vec<DeleteResult<R::Deleted>> {
        // `concurrency` workers, each taking the next id until none is left
        // and putting its result in that id's place.
        let next = Cell::new(0);
        let done: RefCell<Vec<Option<DeleteResult<R::Deleted>>>> =
            RefCell::new(ids.iter().map(|_| None).collect());
        let worker = || async {
            while let Some(&id) = ids.get(next.get()) {
                let index = next.get();
                next.set(index + 1);
                let outcome = match self.delete(id).await {
                    Ok(deleted) => DeleteOutcome::Deleted(deleted),
                    Err(Error::Api(api)) if api.kind == ApiErrorKind::NotFound => {
                        DeleteOutcome::NotFound(Error::Api(api))
                    }
                    Err(error) => DeleteOutcome::Failed(error),
                };
                if let Some(place) = done.borrow_mut().get_mut(index) {
                    *place = Some(DeleteResult {
                        id: id.to_owned(),
                        outcome,
                    });
                }
            }
        };
        join(
            (0..concurrency.clamp(1, MAX_CONCURRENCY))
                .map(|_| worker())
                .collect(),
        )
        .await;
        done.into_inner().into_iter().flatten().collect()
    }

    /// The files matching `filter`, in the list's order, deleted (or not,
    /// with `dry_run`). A file already gone counts as deleted; any other
    /// failure fails the whole with [`Error::PruneIncomplete`], which says
    /// what went and what stayed.
    pub(crate) async fn prune(&self, filter: &PruneFilter) -> Result<Vec<R::File>, Error> {
        filter.check()?;
        let now_ms = platform::now_ms();
        let matching: Vec<R::File> = self
            .reader
            .files_of(self.list().await?)
            .into_iter()
            .filter(|file| filter.matches(file, now_ms))
            .collect();
        // A file is spared when fewer than `keep_newest` of the matching are
        // newer (ties by id): at most 1,000 files, so counting beats sorting
        // (the sort would be a kilobyte of wasm of its own).
        let keep = filter.keep_newest.unwrap_or(0);
        let ages: Vec<(i64, String)> = matching
            .iter()
            .map(|file| (file.created_at(), file.id()))
            .collect();
        let newer_than = |(at, id): &(i64, String)| {
            ages.iter()
                .filter(|(other_at, other_id)| (other_at, other_id) > (at, id))
                .count()
        };
        let doomed: Vec<R::File> = matching
            .into_iter()
            .zip(&ages)
            .filter(|(_, age)| newer_than(age) >= keep)
            .map(|(file, _)| file)
            .collect();
        if filter.dry_run {
            return Ok(doomed);
        }
        self.delete_all(doomed).await
    }

    /// Deletes each of the files (a file already gone counts as deleted);
    /// any other failure fails the whole with [`Error::PruneIncomplete`],
    /// which says what went and what stayed. `prune`'s and `make_room`'s.
    async fn delete_all(&self, doomed: Vec<R::File>) -> Result<Vec<R::File>, Error> {
        let ids: Vec<String> = doomed.iter().map(FileView::id).collect();
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let results = self.delete_many(&id_refs, DEFAULT_CONCURRENCY).await;
        let mut gone = Vec::new();
        let mut failed = Vec::new();
        for (file, result) in doomed.into_iter().zip(results) {
            match result.outcome {
                DeleteOutcome::Deleted(_) | DeleteOutcome::NotFound(_) => gone.push(file),
                DeleteOutcome::Failed(error) => failed.push((result.id, error)),
            }
        }
        if failed.is_empty() {
            return Ok(gone);
        }
        Err(Error::PruneIncomplete {
            deleted: gone.iter().map(FileView::id).collect(),
            failed,
        })
    }

    /// Deletes the oldest files the filter allows until `room` fits, and no
    /// more; refuses, deleting nothing, when all of them would not do. With
    /// no room asked and `dry_run`, it is the account's usage, from one list.
    pub(crate) async fn make_room(&self, room: &MakeRoom) -> Result<RoomMade<R::File>, Error> {
        if room.files > MAX_FILES || room.bytes > MAX_TOTAL_BYTES {
            return Err(Error::invalid_argument(
                "makeRoom asks for more room than an account has (1,000 files, 10 GB).",
            ));
        }
        let files = self.reader.files_of(self.list().await?);
        let made = choose_room(files, room, platform::now_ms())?;
        if room.dry_run || made.deleted.is_empty() {
            return Ok(made);
        }
        Ok(RoomMade {
            deleted: self.delete_all(made.deleted).await?,
            usage: made.usage,
        })
    }

    /// `create`, and where `upload.make_room` asks and the service refuses
    /// it for the account's room (and only then): room made for it, then
    /// one more try.
    pub(crate) async fn create_making_room(&self, upload: &FileUpload) -> Result<R::File, Error> {
        let mut may_make_room = upload.make_room;
        loop {
            match self.create(upload).await {
                Err(Error::Api(api)) if may_make_room && api.refused_for_room() => {
                    let room = MakeRoom {
                        files: 1,
                        bytes: upload.file.size() as u64,
                        ..MakeRoom::default()
                    };
                    self.make_room(&room).await?;
                    may_make_room = false;
                }
                created => return created,
            }
        }
    }
}

/// The files of the account to delete for `room` (the oldest the filter
/// allows, no more than needed), and the usage once they are gone; the
/// refusal when all it allows would not do.
fn choose_room<F: FileView>(
    files: Vec<F>,
    room: &MakeRoom,
    now_ms: f64,
) -> Result<RoomMade<F>, Error> {
    let usage = Usage::of(files.iter().map(FileView::size));
    let filter = PruneFilter {
        purpose: room.purpose.clone(),
        older_than: room.older_than,
        ..PruneFilter::default()
    };
    let candidates: Vec<Candidate> = files
        .iter()
        .map(|file| Candidate {
            created_at: file.created_at(),
            size: file.size(),
            allowed: filter.matches(file, now_ms),
        })
        .collect();
    let needed = usage.shortfall(room.files, room.bytes);
    let chosen = room::plan(&candidates, needed).map_err(|short| {
        let count = |(files, bytes): (u64, u64)| {
            let noun = if files == 1 {
                " file and "
            } else {
                " files and "
            };
            [&decimal(files), noun, &decimal(bytes), " bytes"].concat()
        };
        Error::invalid_argument(
            [
                "makeRoom deleted nothing: room needs ",
                &count(short.needed),
                " to go, and the files its filter allows hold ",
                &count(short.allowed),
                ".",
            ]
            .concat(),
        )
    })?;
    // Oldest first, as chosen.
    let mut files: Vec<Option<F>> = files.into_iter().map(Some).collect();
    let deleted: Vec<F> = chosen
        .iter()
        .filter_map(|&index| files.get_mut(index)?.take())
        .collect();
    Ok(RoomMade {
        usage: usage.without(deleted.iter().map(FileView::size)),
        deleted,
    })
}

/// Runs the futures together until each is done: the one join the crate
/// needs, by hand (futures-util's `join_all` weighed far more in the wasm:
/// docs/DESIGN.md, futures-util).
/// Every wake polls those still pending; there are at most [`MAX_CONCURRENCY`].
async fn join<F: Future<Output = ()>>(futures: Vec<F>) {
    let mut pending: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    poll_fn(|cx| {
        pending.retain_mut(|future| future.as_mut().poll(cx).is_pending());
        if pending.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_looks_soon_then_backs_off_to_its_interval() {
        let interval = Duration::from_secs(5);
        let pauses: Vec<u64> = (1..=7)
            .map(|looks| poll_pause(looks, interval).as_millis() as u64)
            .collect();
        assert_eq!(pauses, [500, 1000, 2000, 4000, 5000, 5000, 5000]);
        let short = Duration::from_millis(50);
        assert_eq!(
            poll_pause(1, short),
            short,
            "an interval under 0.5 s is kept"
        );
        assert_eq!(poll_pause(u32::MAX, interval), interval, "no overflow");
    }
    use serde_json::Map;

    fn file(id: &str, purpose: Purpose, status: FileStatus, created_at: i64) -> FileObject {
        FileObject {
            id: id.into(),
            object: "file".into(),
            bytes: 1,
            created_at,
            filename: format!("{id}.txt"),
            purpose,
            status,
            status_details: None,
            extra: Map::new(),
        }
    }

    const NOW_MS: f64 = 1_800_000_000_000.0;

    #[test]
    fn a_filter_matches_on_every_criterion_given() {
        let old_batch = file("a", Purpose::Batch, FileStatus::Ok, 1_700_000_000);
        let new_image = file("b", Purpose::Image, FileStatus::Error, 1_799_999_990);
        let by_purpose = PruneFilter {
            purpose: Some(Purpose::Batch),
            ..PruneFilter::default()
        };
        assert!(by_purpose.matches(&old_batch, NOW_MS));
        assert!(!by_purpose.matches(&new_image, NOW_MS));
        let ready = PruneFilter {
            status: Some(FileStatus::Ready),
            ..PruneFilter::default()
        };
        assert!(ready.matches(&old_batch, NOW_MS), "ready takes ok too");
        assert!(!ready.matches(&new_image, NOW_MS));
        let old = PruneFilter {
            older_than: Some(Duration::from_secs(60)),
            ..PruneFilter::default()
        };
        assert!(old.matches(&old_batch, NOW_MS));
        assert!(!old.matches(&new_image, NOW_MS), "10 s old");
        let both = PruneFilter {
            purpose: Some(Purpose::Image),
            older_than: Some(Duration::from_secs(60)),
            ..PruneFilter::default()
        };
        assert!(!both.matches(&new_image, NOW_MS) && !both.matches(&old_batch, NOW_MS));
    }

    /// A future that is pending once (waking itself), then done.
    struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn join_runs_every_future_to_its_end_and_interleaves_them() {
        let steps = RefCell::new(Vec::new());
        let worker = |name: &'static str, pauses: usize| {
            let steps = &steps;
            async move {
                for step in 0..=pauses {
                    steps.borrow_mut().push((name, step));
                    if step < pauses {
                        YieldOnce(false).await;
                    }
                }
            }
        };
        let mut joined = Box::pin(join(vec![worker("a", 2), worker("b", 0), worker("c", 1)]));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut polls = 1;
        while joined.as_mut().poll(&mut cx).is_pending() {
            polls += 1;
            assert!(polls <= 3, "a join that never ends");
        }
        drop(joined);
        // Each future ran to its end; b and c started before a finished.
        assert_eq!(
            steps.into_inner(),
            [("a", 0), ("b", 0), ("c", 0), ("a", 1), ("c", 1), ("a", 2)]
        );
        assert_eq!(polls, 3);
    }

    #[test]
    fn a_filter_that_chooses_nothing_is_refused_unless_a_dry_run() {
        let err = PruneFilter::default().check().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { .. }));
        assert!(err.to_string().contains("delete every file"));
        let look = PruneFilter {
            dry_run: true,
            ..PruneFilter::default()
        };
        assert!(look.check().is_ok());
        let keep = PruneFilter {
            keep_newest: Some(10),
            ..PruneFilter::default()
        };
        assert!(keep.check().is_ok());
    }
}
