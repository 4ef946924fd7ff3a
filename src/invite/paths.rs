//! The files of a run, checked before anything is sent or written: the CSV,
//! the journal and the report must be different files (a `--report` equal to
//! the CSV would overwrite the input; a journal equal to either would be
//! mangled), the journal must be a regular file if it exists, and the report
//! must be writable and, if it exists, an earlier report (never another file
//! replaced without asking), so that a run never sends invitations it then
//! cannot report.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::engine::{InviteError, InviteOptions};
use super::journal::JournalError;
use crate::files::AtomicFile;

/// Refuses paths naming the same file, and a report that cannot be written.
pub fn check(options: &InviteOptions) -> Result<(), InviteError> {
    check_files(&options.csv, &options.journal, &options.report)
}

/// [`check`] for any command with the same three files (`import`, which
/// checks its part files against them too).
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
    check_journal(journal)?;
    probe_report(report)
}

/// A journal path that holds something other than a file (a device, a pipe,
/// a directory) is refused before anything is written beside it. A symbolic
/// link is the journal loaders' to refuse, with their own words.
fn check_journal(journal: &Path) -> Result<(), InviteError> {
    match journal.symlink_metadata() {
        Ok(meta) if !meta.is_file() && !meta.file_type().is_symlink() => {
            Err(InviteError::Journal(JournalError::Unreadable {
                path: journal.to_owned(),
                message: "not a regular file (a device, pipe, socket or directory): it is left as it is; pass another --journal".into(),
            }))
        }
        _ => Ok(()),
    }
}

/// The file `path` names, symlinks and `..` resolved, whether or not it
/// exists yet (then its directory is resolved).
pub fn resolve(path: &Path) -> PathBuf {
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
/// can be made, and is writable. A file already there must be an earlier
/// report ([`is_report`]).
fn probe_report(report: &Path) -> Result<(), InviteError> {
    let error = |message: String| InviteError::Report {
        path: report.to_owned(),
        message,
    };
    if report.is_dir() {
        return Err(error("it is a directory".into()));
    }
    if let Ok(meta) = report.symlink_metadata() {
        if meta.is_file() && !is_report(report) || meta.file_type().is_symlink() {
            return Err(InviteError::InTheWay {
                path: report.to_owned(),
                what: "the report".into(),
                way_out: "pass another --report, or remove the file",
            });
        }
    }
    AtomicFile::create(report)
        .map(drop)
        .map_err(|e| error(e.to_string()))
}

/// Whether the file at `path` starts with a report's header line: a report
/// this tool wrote, that a new run may replace. The invite's report has every
/// column; the import's (and an invite report of a run without groups from an
/// earlier version) has all but the last, `groups`. (Reports are never
/// written through a symbolic link, so a link is not one.)
pub fn is_report(path: &Path) -> bool {
    let header = &super::report::HEADER;
    [&header[..], &header[..header.len() - 1]]
        .iter()
        .any(|columns| starts_with_line(path, &columns.join(",")))
}

/// Whether the regular file at `path` has `line` as its first line (read
/// without following a symbolic link or waiting on a pipe, and at most
/// `line`'s length and its line end).
pub fn starts_with_line(path: &Path, line: &str) -> bool {
    if !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(file) = crate::files::open_regular(path) else {
        return false;
    };
    let mut start = Vec::with_capacity(line.len() + 2);
    if file
        .take(line.len() as u64 + 2)
        .read_to_end(&mut start)
        .is_err()
    {
        return false;
    }
    matches!(
        start.strip_prefix(line.as_bytes()),
        Some([b'\n', ..] | [b'\r', b'\n', ..])
    )
}
