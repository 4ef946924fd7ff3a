//! The headless `invite` command: a consumer of the core's events that writes
//! plain lines (no terminal control), following the other headless commands:
//!
//! * stdout: row problems as `line N: <Path>: <message>` and the final
//!   summary line `N rows: C created, E already existed, I invalid, F failed`;
//! * stderr: warnings, progress (a line a second: done / failed / remaining,
//!   rate, ETA), failures as they happen, and where the report is;
//! * exit status: 0 every row created or already there (or knowingly skipped
//!   as invalid), 1 the input cannot be run as it is (invalid rows without
//!   `--skip-invalid`, delivery refused, journal mismatch; for `--dry-run`:
//!   any invalid row), 2 unreadable input, 3 a service failure or a row that
//!   failed; 130 when interrupted twice.
//!
//! Ctrl-C once stops cleanly (rows in flight finish, journal and report are
//! written); twice quits at once, which the journal is built to survive.

use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior};

use super::engine::{self, Blocker, InviteError, InviteOptions, Prepared, StopHandle};
use super::progress::{channel, format_duration, Event, Tally};
use super::Outcome;
use crate::api::SharedApi;
use crate::cli::InviteArgs;
use crate::headless::{Output, EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use crate::problem::Severity;

/// The options a command line asks for.
pub fn options(args: &InviteArgs) -> InviteOptions {
    let mut options = InviteOptions::new(args.user_pool_id.clone(), args.csv.clone());
    if let Some(journal) = &args.journal {
        options.journal = journal.clone();
    }
    if let Some(report) = &args.report {
        options.report = report.clone();
    }
    options.concurrency = args.concurrency;
    options.rate = args.rate;
    options.message_action = args.message_action.clone();
    options.delivery = args.delivery.clone();
    options.skip_invalid = args.skip_invalid;
    options.accept_delivery_limits = args.accept_delivery_limits;
    options.resend_uncertain = args.resend_uncertain;
    options
}

/// Runs the command; returns the exit status. `timeout` (`--timeout`)
/// bounds each row's calls, retries included.
pub async fn run(
    args: &InviteArgs,
    timeout: std::time::Duration,
    api: SharedApi,
    io: &mut Output<'_>,
) -> i32 {
    let mut options = options(args);
    options.retry.row_deadline = timeout;
    run_with(options, args.dry_run, api, io).await
}

/// [`run`] with options built by the caller (tests tune retries this way).
pub async fn run_with(
    options: InviteOptions,
    dry_run: bool,
    api: SharedApi,
    io: &mut Output<'_>,
) -> i32 {
    let (events, mut rx) = channel();
    let prepared = crate::headless::drain_while(
        engine::prepare(api.as_ref(), options, &events),
        &mut rx,
        |event| print_check_event(event, io),
    )
    .await;
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => return fail(e, io),
    };
    describe_check(&prepared, io);
    if dry_run {
        return dry_run_verdict(&prepared, io);
    }
    let blockers = prepared.blockers();
    if !blockers.is_empty() {
        return fail(InviteError::Blocked(blockers), io);
    }
    let _ = writeln!(
        io.err,
        "invite: sending {} to {} at up to {}/s, {} at a time (journal: {})",
        crate::text::count(prepared.check().to_send, "row"),
        prepared.options().user_pool_id,
        prepared.options().rate,
        prepared.options().concurrency,
        crate::sanitize::path(&prepared.options().journal)
    );

    let stop = StopHandle::new();
    let sending = engine::send(api, prepared, events, stop.clone());
    tokio::pin!(sending);
    let mut tally = Tally::default();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    tick.tick().await;
    // Ctrl-C, forwarded as messages so that none is missed between polls.
    let (listener, mut interrupted) = crate::headless::interrupts();
    let mut interrupts = 0;
    let result = loop {
        tokio::select! {
            result = &mut sending => break result,
            Some(event) = rx.recv() => {
                tally.apply(&event, Instant::now());
                print_send_event(&event, io);
            }
            _ = tick.tick() => {
                let _ = writeln!(io.err, "invite: {}", tally.line(Instant::now()));
            }
            Some(()) = interrupted.recv() => {
                interrupts += 1;
                if interrupts == 1 {
                    stop.stop("interrupted");
                    let _ = writeln!(io.err, "invite: stopping after the rows in flight (Ctrl-C again to quit at once; the journal stays consistent either way)");
                } else {
                    let _ = writeln!(io.err, "invite: quitting; run the same command again to resume");
                    listener.abort();
                    return 130;
                }
            }
        }
    };
    listener.abort();
    while let Ok(event) = rx.try_recv() {
        tally.apply(&event, Instant::now());
        print_send_event(&event, io);
    }
    match result {
        Ok(summary) => {
            let _ = writeln!(io.err, "invite: {}", tally.line(Instant::now()));
            let _ = writeln!(
                io.err,
                "invite: {} requests ({} throttled, {} retries) in {}; report: {}; journal: {}",
                summary.calls,
                summary.throttled,
                summary.retries,
                format_duration(summary.elapsed),
                crate::sanitize::path(&summary.report),
                crate::sanitize::path(&summary.journal)
            );
            if let Some(reason) = &summary.stopped {
                let _ = writeln!(
                    io.err,
                    "invite: stopped early: {reason}; {} not sent",
                    crate::text::count(summary.not_sent, "row")
                );
            }
            let _ = writeln!(io.out, "{summary}");
            if summary.complete() {
                EXIT_OK
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => fail(e, io),
    }
}

fn print_check_event(event: &Event, io: &mut Output<'_>) {
    if let Event::RowProblems { line, problems, .. } = event {
        for problem in problems {
            let _ = match problem.severity {
                Severity::Error => writeln!(io.out, "line {line}: {problem}"),
                Severity::Warning => writeln!(io.err, "warning: line {line}: {problem}"),
            };
        }
    }
}

fn print_send_event(event: &Event, io: &mut Output<'_>) {
    match event {
        Event::Outcome {
            line,
            username,
            outcome: Outcome::Failed { code, message },
            ..
        } => {
            let (username, code, message) = (
                crate::sanitize::clean(username),
                crate::sanitize::clean(code),
                crate::sanitize::clean(message),
            );
            let _ = writeln!(
                io.err,
                "error: line {line} ({username}): failed: {code}: {message}"
            );
        }
        Event::Stopping { reason } => {
            let _ = writeln!(io.err, "invite: stopping: {reason}");
        }
        _ => {}
    }
}

fn describe_check(prepared: &Prepared, io: &mut Output<'_>) {
    let c = prepared.check();
    let mut line = format!(
        "checked {}: {} to send, {} invalid",
        crate::text::count(c.rows, "row"),
        c.to_send,
        c.invalid
    );
    if c.done > 0 {
        line.push_str(&format!(", {} already done per the journal", c.done));
    }
    // Invalid rows a run with --skip-invalid recorded as skipped: counted
    // apart, so their lines above do not contradict "0 invalid".
    if c.accepted_invalid > 0 {
        line.push_str(&format!(
            ", {} invalid and skipped by an earlier run (per the journal)",
            c.accepted_invalid
        ));
    }
    if c.with_warnings > 0 {
        line.push_str(&format!(", {} with warnings", c.with_warnings));
    }
    let _ = writeln!(io.err, "invite: {line}");
    if c.journal_torn_bytes > 0 {
        let _ = writeln!(
            io.err,
            "warning: the journal ends with an incomplete record ({} bytes, from an interrupted run); it is ignored and will be cut off",
            c.journal_torn_bytes
        );
    }
    for warning in prepared.preflight().warnings {
        let _ = writeln!(io.err, "warning: {warning}");
    }
}

fn dry_run_verdict(prepared: &Prepared, io: &mut Output<'_>) -> i32 {
    let c = prepared.check();
    let _ = writeln!(io.err, "dry run: nothing sent");
    for blocker in prepared.blockers() {
        match blocker {
            Blocker::Delivery(reason) => {
                let _ = writeln!(io.err, "warning: a real run would not start: {reason}");
            }
            Blocker::Changed { .. } => {
                let _ = writeln!(io.err, "error: {blocker}");
            }
            Blocker::InvalidRows(_) => {}
        }
    }
    if c.invalid + c.accepted_invalid + c.changed > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

fn fail(error: InviteError, io: &mut Output<'_>) -> i32 {
    match &error {
        InviteError::Header(problems) => {
            // A header of thousands of bad columns needs its first few, not
            // thousands of lines.
            const SHOWN: usize = 50;
            for problem in problems.iter().take(SHOWN) {
                let _ = writeln!(io.out, "line 1: {problem}");
            }
            if problems.len() > SHOWN {
                let more = problems.len() - SHOWN;
                let _ = writeln!(io.out, "line 1: and {more} more header problems");
            }
        }
        InviteError::Blocked(blockers) => {
            for blocker in blockers {
                let _ = writeln!(io.err, "error: {blocker}");
            }
        }
        other => {
            let _ = writeln!(io.err, "error: {other}");
        }
    }
    error.exit_code()
}
