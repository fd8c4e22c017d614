//! What a later version may add without breaking a caller's build: every
//! public enum, every struct the caller configures and every struct the
//! library fills is `#[non_exhaustive]` (or has private fields), so a new
//! variant (a purpose, an error, a limit) or field (the dated API's) is no
//! semver break. Built only for rustdoc's tests: each `compile_fail` block
//! below is one type's proof, a caller's code that must not compile; the
//! first block, which must compile, proves that every name they use exists,
//! so none of them fails for a misspelt name instead.
//!
//! ```
//! use moonshot_files::*;
//!
//! fn every_name(
//!     _: (
//!         Option<&ClientConfig>,
//!         Option<&RequestOptions>,
//!         Option<&WaitOptions>,
//!         Option<&ExtractOptions>,
//!         Option<&PruneFilter>,
//!         Option<&Page>,
//!         Option<&FileUpload>,
//!         Option<&FileObject>,
//!         Option<&FileList>,
//!         Option<&FileMetadata>,
//!         Option<&FilePage>,
//!         Option<&FileDeleted>,
//!         Option<&Extracted>,
//!         Option<&DeleteResult>,
//!         Option<&RateLimitWait>,
//!         Option<&WaitEnded>,
//!         Option<&Deprecation>,
//!         Option<&ApiError>,
//!         Option<&AnswerIds>,
//!         Option<&DecodeError>,
//!         Option<&InvalidResponse>,
//!         Option<&Usage>,
//!         Option<&MakeRoom>,
//!         Option<&RoomMade>,
//!         Option<&EnsureOptions>,
//!         Option<&Ensured<FileObject>>,
//!     ),
//! ) {
//! }
//!
//! fn every_purpose(value: &Purpose) -> u8 {
//!     match value {
//!         Purpose::FileExtract { .. } => 0,
//!         Purpose::Image { .. } => 1,
//!         Purpose::Video { .. } => 2,
//!         Purpose::Batch { .. } => 3,
//!         Purpose::Other { .. } => 4,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_file_status(value: &FileStatus) -> u8 {
//!     match value {
//!         FileStatus::Ready { .. } => 0,
//!         FileStatus::Ok { .. } => 1,
//!         FileStatus::Processing { .. } => 2,
//!         FileStatus::Error { .. } => 3,
//!         FileStatus::Other { .. } => 4,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_extract_status(value: &ExtractStatus) -> u8 {
//!     match value {
//!         ExtractStatus::Ready { .. } => 0,
//!         ExtractStatus::Error { .. } => 1,
//!         ExtractStatus::Other { .. } => 2,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_error(value: &Error) -> u8 {
//!     match value {
//!         Error::Api { .. } => 0,
//!         Error::InvalidResponse { .. } => 1,
//!         Error::Connection { .. } => 2,
//!         Error::Timeout { .. } => 3,
//!         Error::Aborted { .. } => 4,
//!         Error::InvalidArgument { .. } => 5,
//!         Error::ProcessingFailed { .. } => 6,
//!         Error::WaitTimeout { .. } => 7,
//!         Error::LeftBehind { .. } => 8,
//!         Error::PruneIncomplete { .. } => 9,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_api_error_kind(value: &ApiErrorKind) -> u8 {
//!     match value {
//!         ApiErrorKind::BadRequest { .. } => 0,
//!         ApiErrorKind::Authentication { .. } => 1,
//!         ApiErrorKind::PermissionDenied { .. } => 2,
//!         ApiErrorKind::NotFound { .. } => 3,
//!         ApiErrorKind::RateLimit { .. } => 4,
//!         ApiErrorKind::Conflict { .. } => 5,
//!         ApiErrorKind::QuotaExceeded { .. } => 6,
//!         ApiErrorKind::InternalServer { .. } => 7,
//!         ApiErrorKind::Other { .. } => 8,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_connection_kind(value: &ConnectionKind) -> u8 {
//!     match value {
//!         ConnectionKind::Refused { .. } => 0,
//!         ConnectionKind::Broken { .. } => 1,
//!         ConnectionKind::Redirect { .. } => 2,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_limit(value: &Limit) -> u8 {
//!     match value {
//!         Limit::Concurrency { .. } => 0,
//!         Limit::Rpm { .. } => 1,
//!         Limit::Tpm { .. } => 2,
//!         Limit::Tpd { .. } => 3,
//!         Limit::Overloaded { .. } => 4,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_wait_end(value: &WaitEnd) -> u8 {
//!     match value {
//!         WaitEnd::Done { .. } => 0,
//!         WaitEnd::Aborted { .. } => 1,
//!         _ => u8::MAX,
//!     }
//! }
//! fn every_delete_outcome(value: &DeleteOutcome) -> u8 {
//!     match value {
//!         DeleteOutcome::Deleted { .. } => 0,
//!         DeleteOutcome::NotFound { .. } => 1,
//!         DeleteOutcome::Failed { .. } => 2,
//!         _ => u8::MAX,
//!     }
//! }
//! ```
//!
//! A `ClientConfig` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::ClientConfig = moonshot_files::ClientConfig { ..todo!() };
//! ```
//!
//! A `RequestOptions` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::RequestOptions = moonshot_files::RequestOptions { ..todo!() };
//! ```
//!
//! A `WaitOptions` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::WaitOptions = moonshot_files::WaitOptions { ..todo!() };
//! ```
//!
//! A `ExtractOptions` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::ExtractOptions = moonshot_files::ExtractOptions { ..todo!() };
//! ```
//!
//! A `PruneFilter` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::PruneFilter = moonshot_files::PruneFilter { ..todo!() };
//! ```
//!
//! A `Page` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::Page = moonshot_files::Page { ..todo!() };
//! ```
//!
//! A `FileUpload` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::FileUpload = moonshot_files::FileUpload { ..todo!() };
//! ```
//!
//! A `FileObject` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::FileObject = moonshot_files::FileObject { ..todo!() };
//! ```
//!
//! A `FileList` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::FileList = moonshot_files::FileList { ..todo!() };
//! ```
//!
//! A `FileMetadata` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::FileMetadata = moonshot_files::FileMetadata { ..todo!() };
//! ```
//!
//! A `FilePage` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::FilePage = moonshot_files::FilePage { ..todo!() };
//! ```
//!
//! A `FileDeleted` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::FileDeleted = moonshot_files::FileDeleted { ..todo!() };
//! ```
//!
//! A `Extracted` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::Extracted = moonshot_files::Extracted { ..todo!() };
//! ```
//!
//! A `DeleteResult` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::DeleteResult = moonshot_files::DeleteResult { ..todo!() };
//! ```
//!
//! A `RateLimitWait` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::RateLimitWait = moonshot_files::RateLimitWait { ..todo!() };
//! ```
//!
//! A `Deprecation` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::Deprecation = moonshot_files::Deprecation { ..todo!() };
//! ```
//!
//! A `ApiError` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::ApiError = moonshot_files::ApiError { ..todo!() };
//! ```
//!
//! A `AnswerIds` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::AnswerIds = moonshot_files::AnswerIds { ..todo!() };
//! ```
//!
//! A `DecodeError` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::DecodeError = moonshot_files::DecodeError { ..todo!() };
//! ```
//!
//! A `InvalidResponse` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::InvalidResponse = moonshot_files::InvalidResponse { ..todo!() };
//! ```
//!
//! A `Usage` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::Usage = moonshot_files::Usage { ..todo!() };
//! ```
//!
//! A `MakeRoom` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::MakeRoom = moonshot_files::MakeRoom { ..todo!() };
//! ```
//!
//! A `RoomMade` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::RoomMade = moonshot_files::RoomMade { ..todo!() };
//! ```
//!
//! A `EnsureOptions` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::EnsureOptions = moonshot_files::EnsureOptions { ..todo!() };
//! ```
//!
//! A `Ensured` is built by its constructor or setters, never a struct literal:
//!
//! ```compile_fail
//! let _: moonshot_files::Ensured<moonshot_files::FileObject> = moonshot_files::Ensured { ..todo!() };
//! ```
//!
//! A match on `Purpose` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::Purpose;
//! fn every_variant(value: &Purpose) -> u8 {
//!     match value {
//!         Purpose::FileExtract { .. } => 0,
//!         Purpose::Image { .. } => 1,
//!         Purpose::Video { .. } => 2,
//!         Purpose::Batch { .. } => 3,
//!         Purpose::Other { .. } => 4,
//!     }
//! }
//! ```
//!
//! A match on `FileStatus` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::FileStatus;
//! fn every_variant(value: &FileStatus) -> u8 {
//!     match value {
//!         FileStatus::Ready { .. } => 0,
//!         FileStatus::Ok { .. } => 1,
//!         FileStatus::Processing { .. } => 2,
//!         FileStatus::Error { .. } => 3,
//!         FileStatus::Other { .. } => 4,
//!     }
//! }
//! ```
//!
//! A match on `ExtractStatus` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::ExtractStatus;
//! fn every_variant(value: &ExtractStatus) -> u8 {
//!     match value {
//!         ExtractStatus::Ready { .. } => 0,
//!         ExtractStatus::Error { .. } => 1,
//!         ExtractStatus::Other { .. } => 2,
//!     }
//! }
//! ```
//!
//! A match on `Error` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::Error;
//! fn every_variant(value: &Error) -> u8 {
//!     match value {
//!         Error::Api { .. } => 0,
//!         Error::InvalidResponse { .. } => 1,
//!         Error::Connection { .. } => 2,
//!         Error::Timeout { .. } => 3,
//!         Error::Aborted { .. } => 4,
//!         Error::InvalidArgument { .. } => 5,
//!         Error::ProcessingFailed { .. } => 6,
//!         Error::WaitTimeout { .. } => 7,
//!         Error::LeftBehind { .. } => 8,
//!         Error::PruneIncomplete { .. } => 9,
//!     }
//! }
//! ```
//!
//! A match on `ApiErrorKind` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::ApiErrorKind;
//! fn every_variant(value: &ApiErrorKind) -> u8 {
//!     match value {
//!         ApiErrorKind::BadRequest { .. } => 0,
//!         ApiErrorKind::Authentication { .. } => 1,
//!         ApiErrorKind::PermissionDenied { .. } => 2,
//!         ApiErrorKind::NotFound { .. } => 3,
//!         ApiErrorKind::RateLimit { .. } => 4,
//!         ApiErrorKind::Conflict { .. } => 5,
//!         ApiErrorKind::QuotaExceeded { .. } => 6,
//!         ApiErrorKind::InternalServer { .. } => 7,
//!         ApiErrorKind::Other { .. } => 8,
//!     }
//! }
//! ```
//!
//! A match on `ConnectionKind` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::ConnectionKind;
//! fn every_variant(value: &ConnectionKind) -> u8 {
//!     match value {
//!         ConnectionKind::Refused { .. } => 0,
//!         ConnectionKind::Broken { .. } => 1,
//!         ConnectionKind::Redirect { .. } => 2,
//!     }
//! }
//! ```
//!
//! A match on `Limit` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::Limit;
//! fn every_variant(value: &Limit) -> u8 {
//!     match value {
//!         Limit::Concurrency { .. } => 0,
//!         Limit::Rpm { .. } => 1,
//!         Limit::Tpm { .. } => 2,
//!         Limit::Tpd { .. } => 3,
//!         Limit::Overloaded { .. } => 4,
//!     }
//! }
//! ```
//!
//! A match on `WaitEnd` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::WaitEnd;
//! fn every_variant(value: &WaitEnd) -> u8 {
//!     match value {
//!         WaitEnd::Done { .. } => 0,
//!         WaitEnd::Aborted { .. } => 1,
//!     }
//! }
//! ```
//!
//! A match on `DeleteOutcome` keeps a `_` arm for what a later version adds:
//!
//! ```compile_fail
//! use moonshot_files::DeleteOutcome;
//! fn every_variant(value: &DeleteOutcome) -> u8 {
//!     match value {
//!         DeleteOutcome::Deleted { .. } => 0,
//!         DeleteOutcome::NotFound { .. } => 1,
//!         DeleteOutcome::Failed { .. } => 2,
//!     }
//! }
//! ```
