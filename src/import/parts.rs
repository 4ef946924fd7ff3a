//! The import files (`<journal stem>.part-N.csv`, [`ImportOptions::part_file`])
//! are files the run writes like the report: they must not be the CSV or the
//! report (however spelt), and a file already at one of their paths is
//! replaced only when it is ours: named in the journal's plan, or (a dry run
//! keeps no journal) an import file for this pool, starting with its
//! GetCSVHeader line. Anything else is left as it is and the run refused,
//! before anything is written.

use std::io;
use std::path::Path;

use super::journal::ImportJournal;
use super::{ImportError, ImportOptions};
use crate::files::AtomicFile;
use crate::invite::paths::{check_files, resolve, starts_with_line};
use crate::invite::InviteError;

/// The run's files, before anything is read or written: the invite's checks
/// ([`check_files`]), and neither the CSV nor the report at a part file's path.
pub fn check_paths(options: &ImportOptions) -> Result<(), ImportError> {
    for (flag, path) in [("--csv", &options.csv), ("--report", &options.report)] {
        if part_number(options, path).is_some() {
            return Err(InviteError::SamePath {
                first: flag,
                second: "an import file (--journal's .part-N.csv)",
                path: path.clone(),
            }
            .into());
        }
    }
    Ok(check_files(
        &options.csv,
        &options.journal,
        &options.report,
    )?)
}

/// The part whose import file `path` names, if it names one (its directory
/// and symbolic links resolved).
fn part_number(options: &ImportOptions, path: &Path) -> Option<u32> {
    let first = resolve(&options.part_file(1));
    let first_name = first.file_name()?.to_str()?;
    let stem = first_name.strip_suffix("1.csv")?;
    let path = resolve(path);
    if path.parent() != first.parent() {
        return None;
    }
    let number = path.file_name()?.to_str()?.strip_prefix(stem)?;
    let number = number.strip_suffix(".csv")?;
    (!number.starts_with('0') && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| number.parse().ok())
        .flatten()
}

/// The parts whose files exist and may be replaced; refuses the first one in
/// the way (from part 1 up, as far as files exist).
pub fn replaceable(
    options: &ImportOptions,
    journal: &ImportJournal,
    header: &[String],
) -> Result<Vec<u32>, ImportError> {
    let header_line = super::format::row(header.iter().map(String::as_str));
    let mut ours = Vec::new();
    for part in 1.. {
        let path = options.part_file(part);
        let Ok(meta) = path.symlink_metadata() else {
            break;
        };
        let named = journal.parts.iter().any(|p| p.part == part);
        if meta.is_file() && (named || starts_with_line(&path, &header_line)) {
            ours.push(part);
        } else {
            return Err(in_the_way(&path, part));
        }
    }
    Ok(ours)
}

/// Puts a written import file in place: over an earlier one of ours, or
/// where nothing is (never over a file that appeared meanwhile).
pub fn commit(file: AtomicFile, path: &Path, part: u32, ours: &[u32]) -> Result<(), ImportError> {
    let result = if ours.contains(&part) {
        file.commit()
    } else {
        file.commit_new()
    };
    result.map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => in_the_way(path, part),
        _ => ImportError::Write {
            path: path.to_owned(),
            message: e.to_string(),
        },
    })
}

fn in_the_way(path: &Path, part: u32) -> ImportError {
    InviteError::InTheWay {
        path: path.to_owned(),
        what: format!("the import file of part {part}"),
        way_out: "pass another --journal (the import files are named after it), or remove the file",
    }
    .into()
}
