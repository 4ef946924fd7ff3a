//! The inviter: check every row, then send, journal and report.
//!
//! Two phases, so that a display can sit between them (the wizard shows the
//! problems and the delivery preflight, and may offer SUPPRESS):
//!
//! 1. [`prepare`]: DescribeUserPool, then one streaming pass over the CSV that
//!    validates every row against the pool and sorts it — already done per the
//!    journal, invalid, changed since the journal recorded it, or to send. No
//!    AdminCreateUser call is made. The result, [`Prepared`], says what a run
//!    would do and what stops it from starting ([`Prepared::blockers`]).
//! 2. [`send`]: a second streaming pass feeds the rows to send to at most
//!    `concurrency` calls in flight, paced by the [`AdaptiveLimiter`]; each
//!    outcome goes to the journal (one writer thread, `fsync` per batch) and
//!    only then to the events; a last pass writes the report.
//!
//! Invalid rows: a real run refuses to start while any row is invalid, unless
//! `skip_invalid` is set; then invalid rows are recorded as `invalid` (in the
//! journal, hence done on resume) and the valid ones are sent. Validating
//! everything first means a typo on row 90 000 is found before row 1 is sent.
//!
//! Retries: throttling slows the limiter down and the row is tried again (up to
//! [`RetryPolicy::throttled_attempts`] times, generous); transient failures
//! (timeouts, broken connections, 5xx) are retried with exponential backoff a
//! bounded number of times, then the row is `failed` with the code — and tried
//! again by the next run. Errors that will fail every row (credentials, access
//! denied, no such pool) stop the run; rows it did not reach are reported as
//! failed with code `NotSent`.
//!
//! Nothing here draws or prints: progress goes out as [`Event`]s.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::breaker::Breaker;
use super::journal::{
    Entry, JournalError, JournalState, JournalWriter, Latest, Outcome, RowRecord, VERSION,
};
use super::limiter::{AdaptiveLimiter, LimiterConfig, DEFAULT_RATE};
use super::preflight::{self, DeliveryCounts, Preflight};
use super::progress::{Event, EventSender};
use super::report::{ReportWriter, Summary};
use super::rows::{Fnv, ReadError, Row, RowHash, RowReader, RowTemplate, SeenUsernames};
use crate::api::{ApiError, CognitoApi, ErrorKind, SharedApi};
use crate::headless::{EXIT_FAILED, EXIT_INVALID, EXIT_LOCAL_FILE, EXIT_UNREADABLE};
use crate::model::load::{self, LoadOutcome, Loaded};
use crate::problem::{has_errors, Problem};
use crate::validate::{self, PoolFacts};

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
                    journal.display(),
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
        "the journal {journal} belongs to pool {journal_pool}, not {pool}: pass another --journal"
    )]
    WrongPool {
        journal: PathBuf,
        journal_pool: String,
        pool: String,
    },
    #[error("the run cannot start")]
    Blocked(Vec<Blocker>),
    #[error("cannot write the report {path}: {message}")]
    Report { path: PathBuf, message: String },
    #[error("{first} and {second} name the same file ({path}): give each its own")]
    SamePath {
        first: &'static str,
        second: &'static str,
        path: PathBuf,
    },
}

impl InviteError {
    /// The headless exit status: 1 input that cannot be run as it is, 2
    /// unreadable input, 3 a service failure, 4 a local write failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            InviteError::Describe(_) | InviteError::Pool(_) => EXIT_FAILED,
            InviteError::Report { .. } => EXIT_LOCAL_FILE,
            InviteError::Csv(_) => EXIT_UNREADABLE,
            InviteError::Journal(
                JournalError::Unreadable { .. }
                | JournalError::Corrupt { .. }
                | JournalError::NotAJournal { .. },
            ) => EXIT_UNREADABLE,
            InviteError::Journal(JournalError::Write { .. }) => EXIT_LOCAL_FILE,
            InviteError::Journal(JournalError::Busy { .. })
            | InviteError::Header(_)
            | InviteError::WrongPool { .. }
            | InviteError::SamePath { .. }
            | InviteError::Blocked(_) => EXIT_INVALID,
        }
    }
}

/// Stops a run early: no new row is started, rows in flight finish, the
/// journal and report are written. Cheap to clone; any clone stops the run.
#[derive(Debug, Clone)]
pub struct StopHandle {
    inner: Arc<StopInner>,
}

#[derive(Debug)]
struct StopInner {
    flag: watch::Sender<bool>,
    reason: Mutex<Option<String>>,
}

impl Default for StopHandle {
    fn default() -> Self {
        Self::new()
    }
}

impl StopHandle {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(StopInner {
                flag: watch::Sender::new(false),
                reason: Mutex::new(None),
            }),
        }
    }

    /// Asks the run to stop; the first reason given is kept. True when this
    /// call was the one that stopped it.
    pub fn stop(&self, reason: impl Into<String>) -> bool {
        let mut kept = self.inner.reason.lock().unwrap_or_else(|e| e.into_inner());
        if kept.is_some() {
            return false;
        }
        *kept = Some(reason.into());
        self.inner.flag.send_replace(true);
        true
    }

    pub fn is_stopped(&self) -> bool {
        *self.inner.flag.borrow()
    }

    pub fn reason(&self) -> Option<String> {
        self.inner
            .reason
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Resolves once the run is asked to stop.
    pub async fn stopped(&self) {
        let mut rx = self.inner.flag.subscribe();
        // The sender lives as long as `self`, so this only ends on a stop.
        let _ = rx.wait_for(|stopped| *stopped).await;
    }
}

/// The outcome of the check: what a run would do.
#[derive(Debug, Clone)]
pub struct Prepared {
    options: InviteOptions,
    facts: PoolFacts,
    case_sensitive: bool,
    /// Each row's hash, in order: the send pass checks the file is unchanged.
    hashes: Vec<RowHash>,
    check: CheckSummary,
}

impl Prepared {
    pub fn options(&self) -> &InviteOptions {
        &self.options
    }

    /// What the pool's settings say about users (for the wizard's form).
    pub fn facts(&self) -> &PoolFacts {
        &self.facts
    }

    pub fn check(&self) -> &CheckSummary {
        &self.check
    }

    /// Delivery under the current message action.
    pub fn preflight(&self) -> Preflight {
        preflight::check(
            &self.facts,
            self.check.delivery,
            self.options.message_action.as_deref(),
            self.options.accept_delivery_limits,
        )
    }

    /// Everything that stops [`send`] from starting; empty when it can.
    pub fn blockers(&self) -> Vec<Blocker> {
        let mut out = Vec::new();
        if self.check.changed > 0 {
            out.push(Blocker::Changed {
                count: self.check.changed,
                lines: self.check.changed_lines.clone(),
                journal: self.options.journal.clone(),
            });
        }
        if self.check.invalid > 0 && !self.options.skip_invalid {
            out.push(Blocker::InvalidRows(self.check.invalid));
        }
        if let Some(reason) = self.preflight().refusal {
            out.push(Blocker::Delivery(reason));
        }
        out
    }

    /// Switches the message action (e.g. to `SUPPRESS` after the preflight
    /// warned); it does not change which rows are valid.
    pub fn set_message_action(&mut self, action: Option<String>) {
        self.options.message_action = action;
    }

    pub fn set_skip_invalid(&mut self, skip: bool) {
        self.options.skip_invalid = skip;
    }

    pub fn set_accept_delivery_limits(&mut self, accept: bool) {
        self.options.accept_delivery_limits = accept;
    }
}

/// Describes the pool and checks every row; makes no AdminCreateUser call.
/// Row problems are sent as [`Event::RowProblems`] as they are found, then
/// [`Event::Checked`].
pub async fn prepare(
    api: &dyn CognitoApi,
    options: InviteOptions,
    events: &EventSender,
) -> Result<Prepared, InviteError> {
    // A report half-written by a killed run left its temporary file.
    crate::files::clean_stale_temps(&options.report);
    super::paths::check(&options)?;
    let described = super::setup::describe(api, &options.user_pool_id, &options.retry)
        .await
        .map_err(InviteError::Describe)?;
    let (facts, case_sensitive) = match load::from_described(&described) {
        Ok(LoadOutcome {
            loaded: Loaded::Pool(doc),
            ..
        }) => (
            PoolFacts::from_request(&doc.create),
            // Pools created through the API without UsernameConfiguration
            // are case sensitive.
            doc.create
                .username_configuration
                .as_ref()
                .is_none_or(|c| c.case_sensitive),
        ),
        Ok(_) => return Err(InviteError::Pool("not a user pool".into())),
        Err(e) => return Err(InviteError::Pool(e.to_string())),
    };
    let journal = JournalState::load(&options.journal)?;
    same_pool(&journal, &options)?;
    let events = events.clone();
    let (result, options, facts, events) = on_thread("invite-check", move || {
        let result = check_rows(&options, &facts, case_sensitive, &journal, &events);
        (result, options, facts, events)
    })
    .await;
    let (check, hashes) = result?;
    let _ = events.send(Event::Checked(check.clone()));
    Ok(Prepared {
        options,
        facts,
        case_sensitive,
        hashes,
        check,
    })
}

fn same_pool(journal: &JournalState, options: &InviteOptions) -> Result<(), InviteError> {
    match &journal.user_pool_id {
        Some(pool) if *pool != options.user_pool_id => Err(InviteError::WrongPool {
            journal: options.journal.clone(),
            journal_pool: pool.clone(),
            pool: options.user_pool_id.clone(),
        }),
        _ => Ok(()),
    }
}

fn template(options: &InviteOptions, facts: &PoolFacts) -> RowTemplate {
    RowTemplate {
        user_pool_id: options.user_pool_id.clone(),
        message_action: options.message_action.clone(),
        delivery: options.delivery.clone(),
        username_attributes: facts.username_attributes.clone(),
    }
}

fn open_rows(
    options: &InviteOptions,
    facts: &PoolFacts,
    check_header: bool,
) -> Result<RowReader<std::fs::File>, InviteError> {
    RowReader::open(
        &options.csv,
        template(options, facts),
        check_header.then_some(facts),
    )
    .map_err(InviteError::Csv)?
    .map_err(InviteError::Header)
}

/// What to do with a row.
enum Decision {
    /// The journal records it as created or existing, same content.
    Done,
    /// The journal records it as done, but its content changed.
    Changed,
    Invalid {
        problems: Vec<Problem>,
        /// The journal already records it as invalid, same content.
        accepted: bool,
    },
    Send {
        warnings: Vec<Problem>,
    },
}

/// Sorts rows; the same rules in the check and the send pass.
/// The message action that sends an invitation again to an existing user.
const RESEND: &str = "RESEND";

struct Sorter<'a> {
    facts: &'a PoolFacts,
    journal: &'a JournalState,
    /// A RESEND run: rows created earlier (say with SUPPRESS) are sent again,
    /// and only rows already resent count as done.
    resend: bool,
    seen: SeenUsernames,
}

impl<'a> Sorter<'a> {
    fn new(
        facts: &'a PoolFacts,
        journal: &'a JournalState,
        case_sensitive: bool,
        options: &InviteOptions,
    ) -> Self {
        Self {
            facts,
            journal,
            resend: options.message_action.as_deref() == Some(RESEND),
            seen: SeenUsernames::new(case_sensitive),
        }
    }

    fn decide(&mut self, row: &Row) -> Decision {
        let first_line = self.seen.first_line_of(row);
        let latest = self.journal.get(row.line);
        if let Some(Latest { hash, outcome }) = latest {
            let done = match outcome {
                Outcome::Resent { .. } => true,
                Outcome::Created { .. } | Outcome::Exists => !self.resend,
                Outcome::Invalid { .. } | Outcome::Failed { .. } => false,
            };
            if done {
                return if *hash == row.hash {
                    Decision::Done
                } else {
                    Decision::Changed
                };
            }
        }
        let mut problems = row.problems.clone();
        problems.extend(validate::validate_user(&row.request, Some(self.facts)));
        if let Some(first) = first_line {
            problems.push(Problem::error(
                "Username",
                format!("{} is also the username on line {first}", row.username()),
            ));
        }
        let secret = row.request.temporary_password.as_deref();
        for p in &mut problems {
            p.message = mask(&p.message, secret);
        }
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
        if has_errors(&problems) {
            let accepted = latest.is_some_and(|l| {
                l.hash == row.hash && matches!(l.outcome, Outcome::Invalid { .. })
            });
            Decision::Invalid { problems, accepted }
        } else {
            Decision::Send { warnings: problems }
        }
    }
}

/// Replaces a secret wherever it appears (service messages may quote input).
fn mask(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() && text.contains(s) => text.replace(s, "****"),
        _ => text.to_owned(),
    }
}

/// The errors of a row, as one message.
fn invalid_message(problems: &[Problem]) -> String {
    problems
        .iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The check pass (blocking: runs on the blocking pool).
fn check_rows(
    options: &InviteOptions,
    facts: &PoolFacts,
    case_sensitive: bool,
    journal: &JournalState,
    events: &EventSender,
) -> Result<(CheckSummary, Vec<RowHash>), InviteError> {
    let mut rows = open_rows(options, facts, true)?;
    let mut sorter = Sorter::new(facts, journal, case_sensitive, options);
    let mut check = CheckSummary {
        journal_records: journal.records,
        journal_torn_bytes: journal.torn_bytes,
        ..Default::default()
    };
    let mut hashes = Vec::new();
    while let Some(row) = rows.next_row() {
        let row = row.map_err(InviteError::Csv)?;
        check.rows += 1;
        hashes.push(row.hash);
        let report = |problems: Vec<Problem>| {
            let _ = events.send(Event::RowProblems {
                line: row.line,
                username: row.username().to_owned(),
                problems,
            });
        };
        match sorter.decide(&row) {
            Decision::Done => check.done += 1,
            Decision::Changed => {
                check.changed += 1;
                if check.changed_lines.len() < 10 {
                    check.changed_lines.push(row.line);
                }
            }
            Decision::Invalid { problems, accepted } => {
                if accepted {
                    check.accepted_invalid += 1;
                } else {
                    check.invalid += 1;
                }
                report(problems);
            }
            Decision::Send { warnings } => {
                check.to_send += 1;
                check.delivery.count(
                    row.request.attribute("email").is_some(),
                    row.request.attribute("phone_number").is_some(),
                    options.delivery.as_deref(),
                );
                if !warnings.is_empty() {
                    check.with_warnings += 1;
                    report(warnings);
                }
            }
        }
    }
    Ok((check, hashes))
}

/// A row to send.
struct Work {
    line: u64,
    hash: RowHash,
    username: String,
    request: crate::model::AdminCreateUserRequest,
}

/// What every call task shares.
struct Ctx {
    api: SharedApi,
    limiter: AdaptiveLimiter,
    retry: RetryPolicy,
    events: EventSender,
    stop: StopHandle,
    calls: AtomicU64,
    throttled: AtomicU64,
    retries: AtomicU64,
    breaker: Breaker,
}

impl Ctx {
    /// A row failed after its retries for a transient reason: trips the
    /// breaker after too many in a row.
    fn transient_failure(&self, line: u64, error: &ApiError, secret: Option<&str>) {
        if let Some(n) = self.breaker.failure() {
            self.halt(format!(
                "line {line}: {n} rows in a row failed ({}); the endpoint looks down, so the run stops here",
                mask(&error.to_string(), secret)
            ));
        }
    }

    /// Stops the run for a reason found inside it, and says so.
    fn halt(&self, reason: String) {
        halt(&self.stop, &self.events, reason);
    }
}

fn halt(stop: &StopHandle, events: &EventSender, reason: String) {
    if stop.stop(reason.clone()) {
        let _ = events.send(Event::Stopping { reason });
    }
}

/// Sends the rows [`prepare`] found to send, journals each outcome, writes the
/// report, and returns the summary (also sent as [`Event::Finished`]).
///
/// Fails without sending anything when [`Prepared::blockers`] is not empty.
/// `stop` ends the run early and cleanly; dropping the future instead is safe
/// too (outcomes not yet journaled are simply redone by the next run).
pub async fn send(
    api: SharedApi,
    prepared: Prepared,
    events: EventSender,
    stop: StopHandle,
) -> Result<Summary, InviteError> {
    let blockers = prepared.blockers();
    if !blockers.is_empty() {
        return Err(InviteError::Blocked(blockers));
    }
    let began = Instant::now();
    let Prepared {
        options,
        facts,
        case_sensitive,
        hashes,
        check,
    } = prepared;
    // Under the lock, the journal as it is now: another run may have added to
    // it since the check.
    let (mut writer, journal) = JournalWriter::open(&options.journal)?;
    same_pool(&journal, &options)?;
    writer.append(&[Entry::Run {
        version: VERSION,
        user_pool_id: options.user_pool_id.clone(),
        csv: options.csv.display().to_string(),
        started: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    }])?;
    let ctx = Arc::new(Ctx {
        api,
        limiter: AdaptiveLimiter::new(LimiterConfig::new(options.rate)),
        retry: options.retry.clone(),
        events: events.clone(),
        stop: stop.clone(),
        calls: AtomicU64::new(0),
        throttled: AtomicU64::new(0),
        retries: AtomicU64::new(0),
        breaker: Breaker::new(options.retry.breaker_failures, options.retry.stall),
    });
    let _ = events.send(Event::Started {
        total: check.rows,
        already_done: check.done + check.accepted_invalid,
        to_send: check.to_send,
        to_record_invalid: check.invalid,
        rate: ctx.limiter.rate(),
    });

    let (records, records_rx) = std::sync::mpsc::channel::<RowRecord>();
    let journal_thread = {
        let (events, stop) = (events.clone(), stop.clone());
        on_thread("invite-journal", move || {
            write_journal(writer, records_rx, events, stop)
        })
    };

    let options = Arc::new(options);
    let facts = Arc::new(facts);
    let journal = Arc::new(journal);
    let (work_tx, work_rx) = mpsc::channel::<Work>(options.concurrency.max(1) * 2);
    let reader = {
        let (options, facts, journal) = (options.clone(), facts.clone(), journal.clone());
        let (records, events, stop) = (records.clone(), events.clone(), stop.clone());
        on_thread("invite-read", move || {
            send_rows(
                &options,
                &facts,
                case_sensitive,
                &journal,
                &hashes,
                &work_tx,
                &records,
                &events,
                &stop,
            )
        })
    };
    dispatch(ctx.clone(), work_rx, records.clone(), options.concurrency).await;
    let read = reader.await;
    // The last sender: the writer finishes once what it holds is on disk.
    drop(records);
    let written = journal_thread.await?;
    read?;

    let mut summary = {
        let (options, facts, journal) = (options.clone(), facts.clone(), journal.clone());
        on_thread("invite-report", move || {
            write_report(&options, &facts, &journal, &written)
        })
        .await?
    };
    summary.calls = ctx.calls.load(Ordering::Relaxed);
    summary.throttled = ctx.throttled.load(Ordering::Relaxed);
    summary.retries = ctx.retries.load(Ordering::Relaxed);
    summary.elapsed = began.elapsed();
    summary.stopped = stop.reason();
    let _ = events.send(Event::Finished(summary.clone()));
    Ok(summary)
}

/// Runs blocking work (file reads, `fsync`) on a thread of its own, started
/// now; the future resolves to its result (a panic is passed on). A plain
/// thread rather than `spawn_blocking`: a blocking task that lives as long as
/// the run (the reader waits for the callers) would hold tokio's paused test
/// clock still, and the pool's threads are not meant for long waits anyway.
fn on_thread<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> impl std::future::Future<Output = T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)));
        })
        .expect("the system can start a thread");
    async move {
        match rx.await {
            Ok(Ok(value)) => value,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => unreachable!("the thread always sends its result"),
        }
    }
}

/// The send pass (blocking): sorts rows again with the journal as it is now,
/// records invalid rows, and queues the rest for the callers.
#[allow(clippy::too_many_arguments)]
fn send_rows(
    options: &InviteOptions,
    facts: &PoolFacts,
    case_sensitive: bool,
    journal: &JournalState,
    hashes: &[RowHash],
    work: &mpsc::Sender<Work>,
    records: &std::sync::mpsc::Sender<RowRecord>,
    events: &EventSender,
    stop: &StopHandle,
) -> Result<(), InviteError> {
    let mut rows = open_rows(options, facts, false)?;
    let mut sorter = Sorter::new(facts, journal, case_sensitive, options);
    let mut index = 0;
    while let Some(row) = rows.next_row() {
        if stop.is_stopped() {
            break;
        }
        let row = row.map_err(InviteError::Csv)?;
        let changed = |what: &str| {
            format!(
                "{what} (line {}): stopped; run again to check it anew",
                row.line
            )
        };
        if hashes.get(index) != Some(&row.hash) {
            halt(
                stop,
                events,
                changed("the CSV changed while the run was going"),
            );
            break;
        }
        index += 1;
        match sorter.decide(&row) {
            Decision::Done => {}
            Decision::Changed => {
                halt(stop, events, changed("the journal changed since the check"));
                break;
            }
            Decision::Invalid { accepted: true, .. } => {}
            Decision::Invalid { problems, .. } => {
                let _ = records.send(RowRecord {
                    line: row.line,
                    hash: row.hash,
                    username: row.username().to_owned(),
                    outcome: Outcome::Invalid {
                        message: invalid_message(&problems),
                    },
                });
            }
            Decision::Send { .. } => {
                let username = row.username().to_owned();
                let item = Work {
                    line: row.line,
                    hash: row.hash,
                    username,
                    request: row.request,
                };
                if work.blocking_send(item).is_err() {
                    // The callers stopped taking rows.
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Runs up to `concurrency` rows at once until the rows run out or the run is
/// stopped; waits for the rows in flight.
async fn dispatch(
    ctx: Arc<Ctx>,
    mut work: mpsc::Receiver<Work>,
    records: std::sync::mpsc::Sender<RowRecord>,
    concurrency: usize,
) {
    let slots = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = JoinSet::new();
    loop {
        let permit = tokio::select! {
            biased;
            _ = ctx.stop.stopped() => break,
            permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
        };
        let item = tokio::select! {
            biased;
            _ = ctx.stop.stopped() => break,
            item = work.recv() => match item {
                Some(item) => item,
                None => break,
            },
        };
        let (ctx, records) = (ctx.clone(), records.clone());
        tasks.spawn(async move {
            let _permit = permit;
            if let Some(outcome) = invite_row(&ctx, &item).await {
                // Fails only if the journal writer gave up (and stopped the run).
                let _ = records.send(RowRecord {
                    line: item.line,
                    hash: item.hash,
                    username: item.username,
                    outcome,
                });
            }
        });
        while let Some(joined) = tasks.try_join_next() {
            rethrow(joined);
        }
    }
    drop(work);
    while let Some(joined) = tasks.join_next().await {
        rethrow(joined);
    }
}

fn rethrow(joined: Result<(), tokio::task::JoinError>) {
    if let Err(e) = joined {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
    }
}

/// Codes that will fail every row alike: stop instead of burning through them.
const FATAL_CODES: &[&str] = &[
    "NotAuthorizedException",
    "AccessDeniedException",
    "AccessDenied",
    "ResourceNotFoundException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "ExpiredTokenException",
    "ExpiredToken",
    "InvalidClientTokenId",
    "MissingAuthenticationTokenException",
    "InvalidUserPoolConfigurationException",
];

fn is_fatal(error: &ApiError) -> bool {
    error.kind == ErrorKind::Setup
        || error
            .code
            .as_deref()
            .is_some_and(|c| FATAL_CODES.contains(&c))
}

fn failed(error: &ApiError, secret: Option<&str>) -> Outcome {
    let mut message = error.message.clone();
    if let Some(hint) = &error.hint {
        message.push_str(&format!(" ({hint})"));
    }
    // The server's words, as the journal, the report and the screen keep
    // them: controls escaped and a very long answer cut (one row's record
    // stays small whatever the endpoint sends).
    let code = error
        .code
        .clone()
        .unwrap_or_else(|| format!("{:?}", error.kind));
    Outcome::Failed {
        code: crate::sanitize::clean_to(&code, 128).into_owned(),
        message: crate::sanitize::clean(&mask(&message, secret)).into_owned(),
    }
}

/// One row, retried until it has an outcome. `None` when the run stopped
/// before the row was ever sent.
async fn invite_row(ctx: &Ctx, work: &Work) -> Option<Outcome> {
    let secret = work.request.temporary_password.as_deref();
    let mut transient = 0u32;
    let mut throttled = 0u32;
    let mut last_error: Option<ApiError> = None;
    let mut deadline: Option<tokio::time::Instant> = None;
    loop {
        let stopped = tokio::select! {
            biased;
            _ = ctx.stop.stopped() => true,
            _ = ctx.limiter.acquire() => false,
        };
        if stopped {
            return last_error.map(|e| failed(&e, secret));
        }
        // The row's time starts with its first call, not its wait in line.
        let deadline =
            *deadline.get_or_insert_with(|| tokio::time::Instant::now() + ctx.retry.row_deadline);
        ctx.calls.fetch_add(1, Ordering::Relaxed);
        let error = match ctx.api.admin_create_user(work.request.clone()).await {
            Ok(user) => {
                ctx.breaker.progress();
                rate_changed(ctx, ctx.limiter.on_success());
                let resent = work.request.message_action.as_deref() == Some(RESEND);
                return Some(if resent {
                    Outcome::Resent {
                        status: user.status,
                    }
                } else {
                    Outcome::Created {
                        status: user.status,
                    }
                });
            }
            Err(e) if e.code.as_deref() == Some("UsernameExistsException") => {
                ctx.breaker.progress();
                rate_changed(ctx, ctx.limiter.on_success());
                return Some(Outcome::Exists);
            }
            Err(e) => e,
        };
        let retry_after = if error.kind == ErrorKind::Throttled {
            throttled += 1;
            ctx.throttled.fetch_add(1, Ordering::Relaxed);
            rate_changed(ctx, ctx.limiter.on_throttle());
            if throttled >= ctx.retry.throttled_attempts || tokio::time::Instant::now() >= deadline
            {
                ctx.transient_failure(work.line, &error, secret);
                return Some(failed(&error, secret));
            }
            // The limiter does the waiting.
            Duration::ZERO
        } else if error.is_transient() {
            transient += 1;
            let wait = backoff(&ctx.retry, transient, work.line);
            if transient >= ctx.retry.transient_attempts
                || tokio::time::Instant::now() + wait >= deadline
            {
                ctx.transient_failure(work.line, &error, secret);
                return Some(failed(&error, secret));
            }
            wait
        } else {
            // An answer about this row: the endpoint works.
            ctx.breaker.progress();
            if is_fatal(&error) {
                ctx.halt(format!(
                    "line {}: {} (every other row would fail the same way)",
                    work.line,
                    mask(&error.to_string(), secret)
                ));
            }
            return Some(failed(&error, secret));
        };
        if let Some(stall) = ctx.breaker.stalled() {
            ctx.halt(format!(
                "line {}: no row was done for {} s; the endpoint looks stuck, so the run stops here",
                work.line,
                stall.as_secs()
            ));
            return Some(failed(&error, secret));
        }
        ctx.retries.fetch_add(1, Ordering::Relaxed);
        let _ = ctx.events.send(Event::Retry {
            line: work.line,
            username: work.username.clone(),
            attempt: transient + throttled,
            throttled: error.kind == ErrorKind::Throttled,
            error: mask(&error.to_string(), secret),
            after: retry_after,
        });
        last_error = Some(error);
        if !retry_after.is_zero() {
            let stopped = tokio::select! {
                biased;
                _ = ctx.stop.stopped() => true,
                _ = tokio::time::sleep(retry_after) => false,
            };
            if stopped {
                return last_error.map(|e| failed(&e, secret));
            }
        }
    }
}

fn rate_changed(ctx: &Ctx, rate: Option<f64>) {
    if let Some(per_second) = rate {
        let _ = ctx.events.send(Event::Rate { per_second });
    }
}

/// Exponential backoff with jitter (half to all of the step), the jitter drawn
/// from the line and attempt so that runs are reproducible.
pub(crate) fn backoff(retry: &RetryPolicy, attempt: u32, line: u64) -> Duration {
    let step = retry
        .base_backoff
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(retry.max_backoff);
    let mut h = Fnv::new();
    h.write(&line.to_le_bytes());
    h.write(&attempt.to_le_bytes());
    step.mul_f64(0.5 + (h.finish() % 1000) as f64 / 2000.0)
}

/// The journal writer (its own thread: `fsync` blocks). Batches whatever has
/// arrived, writes and syncs it, and only then reports the outcomes.
fn write_journal(
    mut writer: JournalWriter,
    records: std::sync::mpsc::Receiver<RowRecord>,
    events: EventSender,
    stop: StopHandle,
) -> Result<HashMap<u64, Latest>, JournalError> {
    let mut written = HashMap::new();
    while let Ok(first) = records.recv() {
        let mut batch = vec![first];
        while batch.len() < 256 {
            match records.try_recv() {
                Ok(record) => batch.push(record),
                Err(_) => break,
            }
        }
        let entries: Vec<Entry> = batch.iter().cloned().map(Entry::Row).collect();
        if let Err(e) = writer.append(&entries) {
            halt(&stop, &events, e.to_string());
            return Err(e);
        }
        for record in batch {
            written.insert(
                record.line,
                Latest {
                    hash: record.hash,
                    outcome: record.outcome.clone(),
                },
            );
            let _ = events.send(Event::Outcome {
                line: record.line,
                username: record.username,
                outcome: record.outcome,
            });
        }
    }
    // Every row is in: say in the journal where an early stop left the run.
    if let Some(reason) = stop.reason() {
        let last_line = written.keys().max().copied();
        writer.append(&[Entry::Stop { reason, last_line }])?;
    }
    Ok(written)
}

/// The report pass (blocking): every row of the CSV with its latest outcome.
fn write_report(
    options: &InviteOptions,
    facts: &PoolFacts,
    before: &JournalState,
    written: &HashMap<u64, Latest>,
) -> Result<Summary, InviteError> {
    let report_error = |e: std::io::Error| InviteError::Report {
        path: options.report.clone(),
        message: e.to_string(),
    };
    let mut rows = open_rows(options, facts, false)?;
    let mut report = ReportWriter::create(&options.report).map_err(report_error)?;
    let mut summary = Summary {
        report: options.report.clone(),
        journal: options.journal.clone(),
        ..Default::default()
    };
    while let Some(row) = rows.next_row() {
        let row = row.map_err(InviteError::Csv)?;
        let outcome = written
            .get(&row.line)
            .or_else(|| before.get(row.line))
            .filter(|latest| latest.hash == row.hash)
            .map(|latest| latest.outcome.clone())
            .unwrap_or_else(|| {
                summary.not_sent += 1;
                Outcome::Failed {
                    code: NOT_SENT.into(),
                    message: "not sent: the run stopped before this row; run again to continue"
                        .into(),
                }
            });
        report
            .row(row.line, row.username(), &outcome)
            .map_err(report_error)?;
        summary.count(&outcome);
    }
    report.finish().map_err(report_error)?;
    Ok(summary)
}

#[cfg(test)]
mod tests;
