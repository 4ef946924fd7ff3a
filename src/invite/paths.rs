//! The files of a run, checked before anything is sent: the CSV, the journal
//! and the report must be three different files (a `--report` equal to the
//! CSV would overwrite the input; a journal equal to either would be mangled),
//! and the report must be writable, so that a run never sends invitations it
//! then cannot report.

use std::path::{Path, PathBuf};

use super::engine::{InviteError, InviteOptions};
use crate::files::AtomicFile;

/// Refuses paths naming the same file, and a report that cannot be written.
pub fn check(options: &InviteOptions) -> Result<(), InviteError> {
    check_files(&options.csv, &options.journal, &options.report)
}

/// [`check`] for any command with the same three files (`import`).
pub fn check_files(csv: &Path, journal: &Path, report: &Path) -> Result<(), InviteError> {
    // The CSV first: a pipe would also give the report a path that cannot be.
    if let Ok(meta) = std::fs::metadata(csv) {
        if !meta.is_file() {
            return Err(InviteError::Csv(super::rows::not_a_regular_csv(csv)));
        }
    }
    let named = [("--csv", csv), ("--journal", journal), ("--report", report)];
    for (i, (first, a)) in named.iter().enumerate() {
        for (second, b) in &named[i + 1..] {
            if resolve(a) == resolve(b) {
                return Err(InviteError::SamePath {
                    first,
                    second,
                    path: b.to_path_buf(),
                });
            }
        }
    }
    probe_report(report)
}

/// The file `path` names, symlinks and `..` resolved, whether or not it
/// exists yet (then its directory is resolved).
fn resolve(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (dir.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_owned(),
    }
}

/// Creates (and drops) the report's temporary file: the directory exists or
/// can be made, and is writable.
fn probe_report(report: &Path) -> Result<(), InviteError> {
    let error = |message: String| InviteError::Report {
        path: report.to_owned(),
        message,
    };
    if report.is_dir() {
        return Err(error("it is a directory".into()));
    }
    AtomicFile::create(report)
        .map(drop)
        .map_err(|e| error(e.to_string()))
}
