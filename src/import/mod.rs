//! Onboarding through Cognito's own user import job: no invitation emails,
//! no UserCreation quota used; imported users reset their password at first
//! sign-in.
//!
//! Like [`crate::invite`], this is a core shared by the headless `import`
//! command and (later) the wizard: no terminal code, no SDK types, progress
//! pushed into a channel as [`ImportEvent`]s. It reuses the invite's CSV
//! reader and row checks ([`crate::invite::rows`], `validate_user`), its file
//! checks ([`crate::invite::paths`]), its report writer and its stop handle.
//!
//! * [`prepare`]: DescribeUserPool, GetCSVHeader, then one streaming pass
//!   over the CSV that checks every row ([`rules`]) and writes the import
//!   files ([`format`]), split by the job's limits into parts. Nothing is sent.
//! * [`run`]: per part, in order (one import job may run per account at a
//!   time): CreateUserImportJob, the PUT of the file to its pre-signed URL,
//!   StartUserImportJob, DescribeUserImportJob until it ends; every step in
//!   the [`journal`] first, so a killed run resumes the job it started. A stop
//!   request calls StopUserImportJob. Then the report, a last pass.
//! * [`headless`]: the `import` command.
//!
//! ```no_run
//! # async fn demo(api: cognito_wizard::api::SharedApi) {
//! use cognito_wizard::import::{self, ImportOptions};
//! use cognito_wizard::invite::StopHandle;
//! let (events, mut rx) = import::channel();
//! let options = ImportOptions::new("us-east-1_Example", "users.csv", "arn:aws:iam::123456789012:role/CognitoImport");
//! let prepared = import::prepare(api.as_ref(), options, &events).await.unwrap();
//! // show prepared.check(), prepared.blockers() ...
//! let stop = StopHandle::new();
//! let run = tokio::spawn(import::run(api, prepared, events, stop.clone()));
//! while let Some(event) = rx.recv().await { /* draw */ }
//! let summary = run.await.unwrap().unwrap();
//! # }
//! ```

pub mod check;
pub mod format;
pub mod headless;
pub mod jobs;
pub mod journal;
pub mod parts;
pub mod progress;
pub mod report;
pub mod rules;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use check::{prepare, request_problem, ImportCheck, Prepared};
pub use format::Limits;
pub use jobs::{run, ImportSummary};
pub use progress::{channel, ImportEvent, ImportEventReceiver, ImportEventSender, ImportTally};

use crate::api::ApiError;
use crate::headless::{EXIT_FAILED, EXIT_INVALID, EXIT_LOCAL_FILE, EXIT_UNREADABLE};
use crate::invite::rows::ReadError;
use crate::invite::{InviteError, RetryPolicy};
use crate::problem::Problem;

/// Everything a run needs besides the API.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    pub user_pool_id: String,
    pub csv: PathBuf,
    /// The IAM role the job writes its CloudWatch log with.
    pub cloudwatch_logs_role_arn: String,
    /// The jobs' name (with `-2of3` when the file is split); by default
    /// `cognito-wizard-<file>-<token>`: the CSV's file name and a token
    /// derived from the pool, that name and the rows (so a dry run prints
    /// the real run's names), then recorded in the journal.
    pub job_name: Option<String>,
    pub journal: PathBuf,
    pub report: PathBuf,
    /// Import the valid rows even though some are invalid.
    pub skip_invalid: bool,
    pub limits: Limits,
    /// How often DescribeUserImportJob is asked while a job runs.
    pub poll: Duration,
    /// Retries of the calls after a transient failure (throttling, 5xx).
    pub retry: RetryPolicy,
}

impl ImportOptions {
    /// Defaults: journal and report next to the CSV, the job's real limits,
    /// a poll every 5 seconds.
    pub fn new(
        user_pool_id: impl Into<String>,
        csv: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        let csv = csv.into();
        Self {
            user_pool_id: user_pool_id.into(),
            journal: with_suffix(&csv, ".import-journal.jsonl"),
            report: with_suffix(&csv, ".import-report.csv"),
            csv,
            cloudwatch_logs_role_arn: role_arn.into(),
            job_name: None,
            skip_invalid: false,
            limits: Limits::default(),
            poll: Duration::from_secs(5),
            retry: RetryPolicy::default(),
        }
    }

    /// The import file of part `part` (from 1), next to the journal:
    /// `<journal without .jsonl>.part-N.csv`.
    pub fn part_file(&self, part: u32) -> PathBuf {
        let journal = self.journal.to_string_lossy();
        let stem = journal.strip_suffix(".jsonl").unwrap_or(&journal);
        PathBuf::from(format!("{stem}.part-{part}.csv"))
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{call} failed: {error}")]
    Call { call: &'static str, error: ApiError },
    #[error("the pool's description could not be read: {0}")]
    Pool(String),
    #[error("the pool cannot take an import: {0}")]
    Unimportable(String),
    #[error("{0}")]
    Csv(ReadError),
    #[error("the CSV header has problems: {}", join(.0))]
    Header(Vec<Problem>),
    #[error("the request has problems: {}", join(.0))]
    Request(Vec<Problem>),
    #[error(transparent)]
    Files(#[from] InviteError),
    #[error(transparent)]
    Journal(#[from] journal::JournalError),
    #[error(
        "the journal {journal} belongs to pool {journal_pool}, not {pool}: pass another --journal",
        journal = crate::sanitize::path(.journal)
    )]
    WrongPool {
        journal: PathBuf,
        journal_pool: String,
        pool: String,
    },
    #[error("the CSV is not the one the journal {journal} imports (part {part} differs): restore it to resume, or pass a new --journal to import it as a new file", journal = crate::sanitize::path(.journal))]
    Changed { journal: PathBuf, part: u32 },
    #[error("{rows} {} invalid (each listed with its line): fix {}, or pass --skip-invalid to import the valid rows and report the others as invalid", if *.rows == 1 { "row is" } else { "rows are" }, if *.rows == 1 { "it" } else { "them" })]
    InvalidRows { rows: u64 },
    #[error("cannot write {path}: {message}", path = crate::sanitize::path(.path))]
    Write { path: PathBuf, message: String },
    /// The endpoint lacks the operation (moto has no import API: its answer
    /// is a bare HTTP 500 page, or a NotImplemented error).
    #[error("this endpoint does not implement {call} (the local emulator lacks the import API): the import runs only against AWS, or an endpoint with the import API")]
    NotImplemented { call: &'static str },
    /// The endpoint answered something that cannot be used as it is (a
    /// GetCSVHeader column with a control character).
    #[error("{call} answered what cannot be used: {message}")]
    Answer { call: &'static str, message: String },
    /// The bucket refused a part's file; its job was never started.
    #[error("the upload of part {part}'s import file failed: {error}; its job {job_id} {left}; nothing of the part was imported: run again to import it with a new job", job_id = crate::sanitize::clean(.job_id))]
    UploadRefused {
        part: u32,
        job_id: String,
        error: ApiError,
        left: &'static str,
    },
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl ImportError {
    /// The headless exit status, as `invite`'s: 1 input that cannot be run as
    /// it is, 2 unreadable input, 3 a service failure, 4 a local write failure.
    pub fn exit_code(&self) -> i32 {
        use journal::JournalError as J;
        match self {
            ImportError::Call { .. }
            | ImportError::Pool(_)
            | ImportError::NotImplemented { .. }
            | ImportError::Answer { .. }
            | ImportError::UploadRefused { .. } => EXIT_FAILED,
            ImportError::Csv(_) => EXIT_UNREADABLE,
            ImportError::Files(e) => e.exit_code(),
            ImportError::Journal(
                J::Unreadable { .. } | J::Corrupt { .. } | J::NotAJournal { .. },
            ) => EXIT_UNREADABLE,
            ImportError::Journal(J::Write { .. }) | ImportError::Write { .. } => EXIT_LOCAL_FILE,
            ImportError::Journal(J::Busy { .. })
            | ImportError::Header(_)
            | ImportError::Request(_)
            | ImportError::Unimportable(_)
            | ImportError::WrongPool { .. }
            | ImportError::Changed { .. }
            | ImportError::InvalidRows { .. } => EXIT_INVALID,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wizard shows the error's words alone: a bad header names each
    /// problem there, not only that there are some.
    #[test]
    fn a_bad_header_says_what_is_wrong() {
        let error = ImportError::Header(vec![Problem::error(
            "Header[5]",
            "cognito:username is the import file's column",
        )]);
        assert_eq!(
            error.to_string(),
            "the CSV header has problems: Header[5]: cognito:username is the import file's column"
        );
    }
}
