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

mod call;
mod errors;
mod options;
mod resend;
mod sorter;
mod stop;
mod writers;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::breaker::Breaker;
use super::journal::{Entry, JournalState, JournalWriter, Outcome, RowRecord, VERSION};
use super::limiter::{AdaptiveLimiter, LimiterConfig};
use super::preflight::{self, Preflight};
use super::progress::{Event, EventSender};
use super::report::Summary;
use super::rows::{RowHash, RowReader, RowTemplate};
use crate::api::{CognitoApi, SharedApi};
use crate::model::load::{self, LoadOutcome, Loaded};
use crate::problem::Problem;
use crate::validate::PoolFacts;

use crate::problem::errors_in_one_line as invalid_message;
pub(crate) use call::backoff;
use call::{halt, invite_row, Ctx, Work};
pub use errors::{Blocker, InviteError, WaysOut};
pub use options::{
    default_journal, default_report, CheckSummary, InviteOptions, RetryPolicy, DEFAULT_CONCURRENCY,
    NOT_SENT,
};
use sorter::{Decision, Sorter};
pub use stop::StopHandle;
use writers::{record, write_journal, write_report, JournalWrite, Records};

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

    /// Whether the invitations are over what the pool can deliver, so that
    /// accepting the limits (`--accept-delivery-limits`) changes anything.
    pub fn over_delivery_limits(&self) -> bool {
        let message_action = self.options.message_action.as_deref();
        preflight::check(&self.facts, self.check.delivery, message_action, false)
            .refusal
            .is_some()
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
    if let Some(problem) = crate::validate::user_pool_id(&options.user_pool_id) {
        return Err(InviteError::PoolId(problem));
    }
    // A report half-written by a killed run left its temporary file.
    crate::files::clean_stale_temps(&options.report);
    super::paths::check(&options)?;
    let described = super::setup::describe(api, &options.user_pool_id, &options.retry)
        .await
        .map_err(InviteError::Describe)?;
    let (mut facts, case_sensitive) = match load::from_described(&described) {
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
    facts.groups = super::setup::pool_groups(api, &options)
        .await
        .map_err(|e| InviteError::Pool(format!("ListGroups failed: {e}")))?;
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
        groups: facts.groups.clone(),
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
            Decision::Send { warnings, .. } => {
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
        resend_uncertain: options.resend_uncertain,
    });
    let _ = events.send(Event::Started {
        total: check.rows,
        already_done: check.done,
        to_send: check.to_send,
        to_record_invalid: check.invalid,
        rate: ctx.limiter.rate(),
        already_invalid: check.accepted_invalid,
    });

    let (records, records_rx) = std::sync::mpsc::channel::<JournalWrite>();
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
    records: &Records,
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
                record(
                    records,
                    RowRecord {
                        line: row.line,
                        hash: row.hash,
                        username: row.username().to_owned(),
                        outcome: Outcome::Invalid {
                            message: invalid_message(&problems),
                        },
                        groups: Vec::new(),
                    },
                );
            }
            Decision::Send {
                unfinished_resend, ..
            } => {
                let username = row.username().to_owned();
                let item = Work {
                    line: row.line,
                    hash: row.hash,
                    username,
                    request: row.request,
                    groups: row.groups,
                    unfinished_resend,
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
    records: Records,
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
            if let Some((outcome, groups)) = invite_row(&ctx, &item, &records).await {
                record(&records, item.record_with(outcome, groups));
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

#[cfg(test)]
mod tests;
