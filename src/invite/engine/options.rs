//! What a run is given: the CSV, where the journal and report go, how hard
//! to try each row; and what the check found.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::super::limiter::DEFAULT_RATE;
use super::super::preflight::DeliveryCounts;

/// Calls in flight at once, by default: enough to keep 45 calls a second
/// going at a couple of hundred milliseconds each.
pub const DEFAULT_CONCURRENCY: usize = 10;

/// The code reported for rows a run stopped before reaching.
pub const NOT_SENT: &str = "NotSent";

/// How hard to try each row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Calls per row before a transient failure (timeout, dropped connection,
    /// 5xx) becomes the row's outcome.
    pub transient_attempts: u32,
    /// Calls per row before throttling becomes the row's outcome. Each one has
    /// already slowed the whole run down; this only bounds a pathological case.
    pub throttled_attempts: u32,
    /// First backoff after a transient failure; doubles each time (with jitter).
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// A row's calls, retries and waits included, end by then (`--timeout`).
    pub row_deadline: Duration,
    /// Rows failing in a row for a transient reason that end the run.
    pub breaker_failures: u32,
    /// No row done for this long ends the run.
    pub stall: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            transient_attempts: 5,
            throttled_attempts: 50,
            base_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            row_deadline: Duration::from_secs(60),
            breaker_failures: 10,
            stall: Duration::from_secs(120),
        }
    }
}

/// Everything a run needs besides the API.
#[derive(Debug, Clone, PartialEq)]
pub struct InviteOptions {
    pub user_pool_id: String,
    pub csv: PathBuf,
    pub journal: PathBuf,
    pub report: PathBuf,
    pub concurrency: usize,
    /// Requests per second at most.
    pub rate: f64,
    /// `SUPPRESS` or `RESEND`, for every row.
    pub message_action: Option<String>,
    /// `EMAIL` and/or `SMS`, for every row.
    pub delivery: Option<Vec<String>>,
    /// Start even though some rows are invalid (they are recorded as invalid).
    pub skip_invalid: bool,
    /// Start even though the pool cannot email every invitation.
    pub accept_delivery_limits: bool,
    /// Resend rows whose earlier resend may or may not have gone out, when
    /// the user's state cannot tell (`--resend-uncertain`).
    pub resend_uncertain: bool,
    pub retry: RetryPolicy,
}

impl InviteOptions {
    /// Defaults: journal and report next to the CSV, 10 calls in flight,
    /// 45 requests a second.
    pub fn new(user_pool_id: impl Into<String>, csv: impl Into<PathBuf>) -> Self {
        let csv = csv.into();
        Self {
            user_pool_id: user_pool_id.into(),
            journal: default_journal(&csv),
            report: default_report(&csv),
            csv,
            concurrency: DEFAULT_CONCURRENCY,
            rate: DEFAULT_RATE,
            message_action: None,
            delivery: None,
            skip_invalid: false,
            accept_delivery_limits: false,
            resend_uncertain: false,
            retry: RetryPolicy::default(),
        }
    }
}

/// `<csv>.journal.jsonl`, next to the CSV.
pub fn default_journal(csv: &Path) -> PathBuf {
    with_suffix(csv, ".journal.jsonl")
}

/// `<csv>.report.csv`, next to the CSV.
pub fn default_report(csv: &Path) -> PathBuf {
    with_suffix(csv, ".report.csv")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckSummary {
    pub rows: u64,
    /// Valid rows the journal does not record as done: the run sends these.
    pub to_send: u64,
    /// Rows that fail validation (and are not yet recorded as invalid).
    pub invalid: u64,
    /// Rows a previous run recorded as invalid, unchanged: done.
    pub accepted_invalid: u64,
    /// Rows the journal records as created or existing, unchanged: done.
    pub done: u64,
    /// Rows the journal records as done whose content has changed since.
    pub changed: u64,
    /// The first few of those lines.
    pub changed_lines: Vec<u64>,
    /// Valid rows with warnings.
    pub with_warnings: u64,
    /// Among the rows to send, who could be emailed or texted.
    pub delivery: DeliveryCounts,
    /// Row records found in the journal, and bytes of torn tail ignored.
    pub journal_records: u64,
    pub journal_torn_bytes: u64,
}
