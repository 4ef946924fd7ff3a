//! The headless `import` command: reads the core's events and prints plain
//! lines, like `invite`:
//!
//! * stdout: row problems as `line N: <Path>: <message>`, then the summary
//!   `N rows: I imported, S skipped, F failed, V invalid, X not imported`;
//! * stderr: what the check found, the parts and their files, each job's
//!   progress (imported / skipped / failed, rate, ETA) at every poll, where
//!   the report and the jobs' CloudWatch log are;
//! * exit status: 0 every part's job succeeded with no row failed, 1 input
//!   that cannot be run as it is (invalid rows without `--skip-invalid`, a
//!   journal of another pool or CSV; for `--dry-run`: any invalid row), 2
//!   unreadable input, 3 a call or a job failed (or rows failed in a job),
//!   4 a local file could not be written; 130 when interrupted twice.
//!
//! Ctrl-C once asks the running job to stop (StopUserImportJob) and waits
//! for it; twice quits at once, which the journal is built to survive.

use tokio::time::Instant;

use super::check::Prepared;
use super::progress::{channel, ImportEvent, ImportTally};
use super::{ImportError, ImportOptions, Limits};
use crate::api::SharedApi;
use crate::cli::ImportArgs;
use crate::headless::{Output, EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use crate::invite::StopHandle;
use crate::problem::Severity;
use crate::sanitize::clean;

/// The options a command line asks for.
pub fn options(args: &ImportArgs) -> ImportOptions {
    let mut options = ImportOptions::new(
        args.user_pool_id.clone(),
        args.csv.clone(),
        args.cloudwatch_logs_role_arn.clone(),
    );
    if let Some(journal) = &args.journal {
        options.journal = journal.clone();
    }
    if let Some(report) = &args.report {
        options.report = report.clone();
    }
    options.job_name = args.job_name.clone();
    options.skip_invalid = args.skip_invalid;
    options.limits = Limits {
        max_rows: args.max_rows_per_job,
        ..Limits::default()
    };
    options.poll = std::time::Duration::from_millis(args.poll_interval_ms.max(1));
    options
}

/// Runs the command; returns the exit status.
pub async fn run(args: &ImportArgs, api: SharedApi, io: &mut Output<'_>) -> i32 {
    run_with(options(args), args.dry_run, api, io).await
}

/// [`run`] with options built by the caller.
pub async fn run_with(
    options: ImportOptions,
    dry_run: bool,
    api: SharedApi,
    io: &mut Output<'_>,
) -> i32 {
    let (events, mut rx) = channel();
    let prepared = crate::headless::drain_while(
        super::prepare(api.as_ref(), options, &events),
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
        let _ = writeln!(io.err, "dry run: nothing created or uploaded");
        return if prepared.check().invalid > 0 {
            EXIT_INVALID
        } else {
            EXIT_OK
        };
    }
    if let Some(blocker) = prepared.blocker() {
        return fail(blocker, io);
    }
    let mut tally = ImportTally::default();
    tally.apply(
        &ImportEvent::Checked(prepared.check().clone()),
        Instant::now(),
    );
    let stop = StopHandle::new();
    let running = super::run(api, prepared, events, stop.clone());
    tokio::pin!(running);
    let (listener, mut interrupted) = crate::headless::interrupts();
    let mut interrupts = 0;
    let result = loop {
        tokio::select! {
            result = &mut running => break result,
            Some(event) = rx.recv() => {
                tally.apply(&event, Instant::now());
                print_run_event(&event, &tally, io);
            }
            Some(()) = interrupted.recv() => {
                interrupts += 1;
                if interrupts == 1 {
                    stop.stop("interrupted");
                    let _ = writeln!(io.err, "import: stopping the running job (StopUserImportJob; Ctrl-C again to quit at once, the journal stays consistent either way)");
                } else {
                    let _ = writeln!(io.err, "import: quitting; run the same command again to follow the job");
                    listener.abort();
                    return 130;
                }
            }
        }
    };
    listener.abort();
    while let Ok(event) = rx.try_recv() {
        tally.apply(&event, Instant::now());
        print_run_event(&event, &tally, io);
    }
    match result {
        Ok(summary) => {
            if let Some(reason) = &summary.stopped {
                let _ = writeln!(io.err, "import: stopped early: {}", clean(reason));
            }
            for warning in &summary.warnings {
                let _ = writeln!(io.err, "warning: {}", clean(warning));
            }
            let _ = writeln!(
                io.err,
                "import: report: {}; journal: {}; each row's result: CloudWatch Logs group {} (one stream per job, JOB_ID/JOB_NAME)",
                crate::sanitize::path(&summary.report),
                crate::sanitize::path(&summary.journal),
                clean(&summary.log_group),
            );
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

fn print_check_event(event: &ImportEvent, io: &mut Output<'_>) {
    if let ImportEvent::RowProblems { line, problems, .. } = event {
        for problem in problems {
            let _ = match problem.severity {
                Severity::Error => writeln!(io.out, "line {line}: {problem}"),
                Severity::Warning => writeln!(io.err, "warning: line {line}: {problem}"),
            };
        }
    }
}

fn print_run_event(event: &ImportEvent, tally: &ImportTally, io: &mut Output<'_>) {
    match event {
        ImportEvent::JobReady {
            part,
            job_id,
            job_name,
        } => {
            let _ = writeln!(
                io.err,
                "import: part {part}: job {} ({})",
                clean(job_id),
                clean(job_name)
            );
        }
        ImportEvent::Uploaded { part, bytes } => {
            let _ = writeln!(io.err, "import: part {part}: uploaded {bytes} bytes");
        }
        ImportEvent::Job { .. } => {
            let _ = writeln!(io.err, "import: {}", tally.line(Instant::now()));
        }
        ImportEvent::Retry { call, error, after } => {
            let _ = writeln!(
                io.err,
                "import: {call} failed ({}); again in {} ms",
                clean(error),
                after.as_millis()
            );
        }
        ImportEvent::Stopping { reason } => {
            let _ = writeln!(io.err, "import: stopping: {}", clean(reason));
        }
        _ => {}
    }
}

fn describe_check(prepared: &Prepared, io: &mut Output<'_>) {
    let c = prepared.check();
    let _ = writeln!(
        io.err,
        "import: checked {}: {} to import, {} invalid, in {} {} of at most {} rows",
        crate::text::count(c.rows, "row"),
        c.valid,
        c.invalid,
        c.parts.len(),
        if c.parts.len() == 1 { "job" } else { "jobs" },
        prepared.options().limits.max_rows,
    );
    for (plan, file) in c.parts.iter().zip(&c.files) {
        let _ = writeln!(
            io.err,
            "import: part {}: {}, {} bytes: {} (job {})",
            plan.part,
            crate::text::count(plan.rows, "row"),
            plan.bytes,
            crate::sanitize::path(file),
            clean(&prepared.job_name(plan.part)),
        );
    }
    if c.passwords_ignored {
        let _ = writeln!(io.err, "warning: the temporary_password column is ignored: an import sets no password (imported users reset theirs at first sign-in)");
    }
    if c.mfa_from_pool > 0 {
        let _ = writeln!(
            io.err,
            "import: {} no cognito:mfa_enabled; {} imported with the pool's MFA setting ({:?}: {})",
            if c.mfa_from_pool == 1 {
                "1 row gives".to_owned()
            } else {
                format!("{} rows give", c.mfa_from_pool)
            },
            if c.mfa_from_pool == 1 {
                "it is"
            } else {
                "they are"
            },
            prepared.facts().mfa,
            if prepared.facts().mfa == super::rules::Mfa::On {
                "true"
            } else {
                "false"
            },
        );
    }
    if c.journal_torn_bytes > 0 {
        let _ = writeln!(io.err, "warning: the journal ends with an incomplete record ({} bytes, from an interrupted run); it is ignored and will be cut off", c.journal_torn_bytes);
    }
}

fn fail(error: ImportError, io: &mut Output<'_>) -> i32 {
    match &error {
        ImportError::Header(problems) => {
            for problem in problems {
                let _ = writeln!(io.out, "line 1: {problem}");
            }
        }
        other => {
            let _ = writeln!(io.err, "error: {other}");
        }
    }
    error.exit_code()
}
