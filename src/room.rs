//! Room under the account's limits: what the account holds against them
//! (`Usage`), and which files make room for an upload (`plan`): the
//! oldest of those a filter allows, no more than needed. Pure, so both
//! faces decide alike and it is tested natively; `workflows` lists and
//! deletes.

use crate::facts::{MAX_FILES, MAX_FILE_BYTES, MAX_TOTAL_BYTES};

/// What the account holds, against its limits: from one list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Usage {
    /// Files in the account.
    pub file_count: u64,
    /// Their bytes, in all.
    pub total_bytes: u64,
    /// The most files it may hold (1,000).
    pub max_files: u64,
    /// The most bytes it may hold in all (10 GB).
    pub max_total_bytes: u64,
    /// The largest file it takes (100 MB).
    pub max_file_bytes: u64,
}

impl Usage {
    /// The usage of files of these sizes.
    pub(crate) fn of(sizes: impl Iterator<Item = u64>) -> Self {
        let (mut file_count, mut total_bytes) = (0, 0u64);
        for size in sizes {
            file_count += 1;
            total_bytes = total_bytes.saturating_add(size);
        }
        Usage {
            file_count,
            total_bytes,
            max_files: MAX_FILES,
            max_total_bytes: MAX_TOTAL_BYTES,
            max_file_bytes: MAX_FILE_BYTES,
        }
    }

    /// Files and bytes to free before `files` more files of `bytes` in all fit.
    pub(crate) fn shortfall(&self, files: u64, bytes: u64) -> (u64, u64) {
        (
            (self.file_count.saturating_add(files)).saturating_sub(self.max_files),
            (self.total_bytes.saturating_add(bytes)).saturating_sub(self.max_total_bytes),
        )
    }

    /// The usage once files of these sizes are gone.
    pub(crate) fn without(&self, sizes: impl Iterator<Item = u64>) -> Self {
        let gone = Usage::of(sizes);
        Usage {
            file_count: self.file_count.saturating_sub(gone.file_count),
            total_bytes: self.total_bytes.saturating_sub(gone.total_bytes),
            ..*self
        }
    }
}

/// A file as the plan weighs it: when it was uploaded, its size, and
/// whether the filter allows it to go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub created_at: i64,
    pub size: u64,
    pub allowed: bool,
}

/// Why no plan: the files the filter allows free too little.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Short {
    /// Files and bytes that had to go.
    pub needed: (u64, u64),
    /// Files and bytes the filter allows to go, all of them.
    pub allowed: (u64, u64),
}

/// The indices of the allowed `candidates` to delete, oldest first (ties in their order), until
/// `needed` files and bytes are free: the shortest run of the oldest that
/// frees both. `Err` when even all of them free too little.
///
/// At most 1,000 files: picking the oldest left, again and again, keeps
/// the sort's code out of the wasm.
pub(crate) fn plan(candidates: &[Candidate], needed: (u64, u64)) -> Result<Vec<usize>, Short> {
    let mut chosen: Vec<usize> = Vec::new();
    let (mut files, mut bytes) = (0u64, 0u64);
    while files < needed.0 || bytes < needed.1 {
        let oldest = candidates
            .iter()
            .enumerate()
            .filter(|(index, file)| file.allowed && !chosen.contains(index))
            .min_by_key(|(_, file)| file.created_at);
        let Some((index, file)) = oldest else {
            return Err(Short {
                needed,
                allowed: (files, bytes),
            });
        };
        chosen.push(index);
        files += 1;
        bytes = bytes.saturating_add(file.size);
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(created_at: i64, size: u64) -> Candidate {
        Candidate {
            created_at,
            size,
            allowed: true,
        }
    }

    #[test]
    fn usage_counts_files_and_bytes_against_the_limits() {
        let usage = Usage::of([10, 20, 30].into_iter());
        assert_eq!((usage.file_count, usage.total_bytes), (3, 60));
        assert_eq!(
            (usage.max_files, usage.max_total_bytes, usage.max_file_bytes),
            (1000, 10 * 1024 * 1024 * 1024, 100 * 1024 * 1024)
        );
        let less = usage.without([20].into_iter());
        assert_eq!((less.file_count, less.total_bytes), (2, 40));
    }

    #[test]
    fn the_shortfall_is_what_exceeds_each_limit() {
        let full = Usage {
            file_count: 1000,
            ..Usage::of(std::iter::empty())
        };
        assert_eq!(full.shortfall(1, 5), (1, 0));
        assert_eq!(full.shortfall(0, 0), (0, 0));
        let nearly = Usage {
            file_count: 998,
            total_bytes: MAX_TOTAL_BYTES - 10,
            ..full
        };
        assert_eq!(
            nearly.shortfall(2, 10),
            (0, 0),
            "exactly at the limits fits"
        );
        assert_eq!(nearly.shortfall(3, 25), (1, 15));
    }

    #[test]
    fn the_oldest_go_first_and_no_more_than_needed() {
        // Listed newest first, as the dated API lists them.
        let files = [file(300, 5), file(100, 5), file(200, 50), file(100, 5)];
        let nothing: Vec<usize> = vec![];
        assert_eq!(
            plan(&files, (0, 0)),
            Ok(nothing),
            "room already: nothing goes"
        );
        assert_eq!(
            plan(&files, (1, 0)),
            Ok(vec![1]),
            "the oldest, ties in order"
        );
        assert_eq!(plan(&files, (2, 0)), Ok(vec![1, 3]));
        assert_eq!(
            plan(&files, (1, 11)),
            Ok(vec![1, 3, 2]),
            "bytes: the oldest until enough, not the largest"
        );
        assert_eq!(plan(&files, (0, 60)), Ok(vec![1, 3, 2]));
        let kept = Candidate {
            allowed: false,
            ..file(50, 5)
        };
        assert_eq!(
            plan(&[file(300, 5), kept, file(100, 5)], (1, 0)),
            Ok(vec![2]),
            "a file the filter keeps never goes, however old"
        );
    }

    #[test]
    fn too_little_to_free_is_refused_whole() {
        let files = [file(1, 5), file(2, 5)];
        assert_eq!(
            plan(&files, (3, 0)),
            Err(Short {
                needed: (3, 0),
                allowed: (2, 10)
            })
        );
        assert_eq!(
            plan(&files, (1, 11)),
            Err(Short {
                needed: (1, 11),
                allowed: (2, 10)
            })
        );
        let kept = Candidate {
            allowed: false,
            ..file(0, 50)
        };
        assert_eq!(
            plan(&[file(1, 5), kept], (1, 10)),
            Err(Short {
                needed: (1, 10),
                allowed: (1, 5)
            }),
            "the files the filter keeps do not count"
        );
        assert_eq!(
            plan(&[], (1, 0)),
            Err(Short {
                needed: (1, 0),
                allowed: (0, 0)
            })
        );
    }
}
