//! Why a run cannot start, and how a run fails.

use std::fmt;
use std::path::PathBuf;

use super::super::journal::JournalError;
use super::super::rows::ReadError;
use crate::api::ApiError;
use crate::headless::{EXIT_FAILED, EXIT_INVALID, EXIT_LOCAL_FILE, EXIT_UNREADABLE};
use crate::problem::Problem;

/// Why a run cannot start.
#[derive(Debug, Clone, PartialEq)]
pub enum Blocker {
    /// Rows fail validation and `skip_invalid` is not set.
    InvalidRows(u64),
    /// The delivery preflight refused (the reason names the ways out).
    Delivery(String),
    /// The journal records rows as done that have changed since.
    Changed {
        count: u64,
        lines: Vec<u64>,
        journal: PathBuf,
    },
}

/// How the ways out of a [`Blocker`] are named: the command's flags, or the
/// wizard's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaysOut {
    Flags,
    Keys,
}

impl Blocker {
    /// The blocker and what to do about it, in the words of `ways`.
    pub fn describe(&self, ways: WaysOut) -> String {
        let flags = ways == WaysOut::Flags;
        match self {
            Blocker::InvalidRows(n) => format!(
                "{n} {} invalid (each listed with its line): fix {}, or {} to invite the valid rows and record the others as invalid",
                if *n == 1 { "row is" } else { "rows are" },
                if *n == 1 { "it" } else { "them" },
                if flags { "pass --skip-invalid" } else { "press k" },
            ),
            Blocker::Delivery(reason) if flags => format!(
                "{reason}; either pass --message-action SUPPRESS to create the users without invitations (configure SES for the pool, then rerun with --message-action RESEND: rows created without an invitation are sent one), or pass --accept-delivery-limits to send anyway"
            ),
            Blocker::Delivery(reason) => format!(
                "{reason}; press u to create the users without invitations (SUPPRESS; send them later with the command's --message-action RESEND), or a to send anyway"
            ),
            Blocker::Changed {
                count,
                lines,
                journal,
            } => {
                let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
                format!(
                    "{count} {} that the journal {} records as invited changed since (line {}{}): restore the CSV as it was to resume, or {} to treat it as a new file",
                    if *count == 1 { "row" } else { "rows" },
                    crate::sanitize::path(journal),
                    lines.join(", "),
                    if *count > lines.len() as u64 { ", ..." } else { "" },
                    if flags { "pass a new --journal" } else { "move that journal aside" },
                )
            }
        }
    }
}

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(WaysOut::Flags))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error("DescribeUserPool failed: {0}")]
    Describe(ApiError),
    #[error("the pool's description could not be read: {0}")]
    Pool(String),
    #[error("{0}")]
    Csv(ReadError),
    #[error("the CSV header has problems")]
    Header(Vec<Problem>),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(
        "the journal {journal} belongs to pool {journal_pool}, not {pool}: pass another --journal",
        journal = crate::sanitize::path(.journal)
    )]
    WrongPool {
        journal: PathBuf,
        journal_pool: String,
        pool: String,
    },
    #[error("the run cannot start")]
    Blocked(Vec<Blocker>),
    #[error("cannot write the report {path}: {message}", path = crate::sanitize::path(.path))]
    Report { path: PathBuf, message: String },
    #[error("{first} and {second} name the same file ({path}): give each its own", path = crate::sanitize::path(.path))]
    SamePath {
        first: &'static str,
        second: &'static str,
        path: PathBuf,
    },
    /// A file where the run would write one of its own, that it did not
    /// write (its report, an import file): left as it is.
    #[error("{path} is in the way of {what}: it is not a file this tool wrote, so it is left as it is; {way_out}", path = crate::sanitize::path(.path))]
    InTheWay {
        path: PathBuf,
        what: String,
        way_out: &'static str,
    },
    /// `--user-pool-id` is not a pool id by the service model.
    #[error("{0}")]
    PoolId(Problem),
}

impl InviteError {
    /// The error in one message for a screen: a bad header lists its
    /// problems (the first few), where `Display` only says there are some.
    pub fn in_words(&self) -> String {
        const SHOWN: usize = 5;
        match self {
            InviteError::Header(problems) => {
                let mut words: Vec<String> = problems
                    .iter()
                    .take(SHOWN)
                    .map(ToString::to_string)
                    .collect();
                if problems.len() > SHOWN {
                    words.push(format!("and {} more", problems.len() - SHOWN));
                }
                format!("the CSV header has problems: {}", words.join("; "))
            }
            other => other.to_string(),
        }
    }

    /// The headless exit status: 1 input that cannot be run as it is, 2
    /// unreadable input, 3 a service failure, 4 a local write failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            InviteError::Describe(_) | InviteError::Pool(_) => EXIT_FAILED,
            InviteError::Report { .. } => EXIT_LOCAL_FILE,
            InviteError::Csv(_) | InviteError::InTheWay { .. } => EXIT_UNREADABLE,
            InviteError::Journal(
                JournalError::Unreadable { .. }
                | JournalError::Corrupt { .. }
                | JournalError::NotAJournal { .. }
                | JournalError::ImportJournal { .. },
            ) => EXIT_UNREADABLE,
            InviteError::Journal(JournalError::Write { .. }) => EXIT_LOCAL_FILE,
            InviteError::Journal(JournalError::Busy { .. })
            | InviteError::Header(_)
            | InviteError::WrongPool { .. }
            | InviteError::SamePath { .. }
            | InviteError::PoolId(_)
            | InviteError::Blocked(_) => EXIT_INVALID,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_header_in_words_lists_its_first_problems() {
        let problems: Vec<Problem> = (1..=7)
            .map(|i| Problem::error(format!("col{i}"), "is not an attribute of the pool"))
            .collect();
        let words = InviteError::Header(problems).in_words();
        assert!(
            words.starts_with("the CSV header has problems: col1"),
            "{words}"
        );
        assert!(words.contains("col5") && !words.contains("col6"), "{words}");
        assert!(words.ends_with("and 2 more"), "{words}");
    }
}
