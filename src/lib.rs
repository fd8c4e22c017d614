//! A typed client for the Moonshot AI (Kimi) Files API.
#![deny(missing_docs)]

pub mod decode;
pub mod types;

pub use types::{FileList, FileObject, FileStatus, Purpose};
