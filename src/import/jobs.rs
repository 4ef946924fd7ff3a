//! Running the parts' import jobs, one after another (the service runs one
//! import job per account at a time), each step journaled before it is
//! reported, then the report.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::check::{retried, Prepared};
use super::journal::{
    is_final, is_known, now, ImportEntry, ImportJournal, JobRecord, JournalWriter, CREATING,
    UPLOADED, UPLOAD_REFUSED, VERSION,
};
use super::progress::{ImportEvent, ImportEventSender};
use super::{ImportError, ImportOptions};
use crate::api::{ApiError, ImportJob, ImportJobRequest, SharedApi};
use crate::invite::StopHandle;

/// How long StartUserImportJob is tried again while another import job of
/// the account runs (`LimitExceededException`), in polls.
const START_WAITS: u32 = 120;

/// How a part ended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartOutcome {
    pub part: u32,
    pub rows: u64,
    pub file: PathBuf,
    pub job_name: String,
    pub job_id: Option<String>,
    /// The job's last status; empty when the part was not reached.
    pub status: String,
    pub imported: i64,
    pub skipped: i64,
    pub failed: i64,
    pub message: Option<String>,
}

/// How a run ended, over every input row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    pub rows: u64,
    pub invalid: u64,
    pub imported: u64,
    pub skipped: u64,
    pub failed: u64,
    /// Rows of parts whose job did not succeed, or was never started.
    pub not_imported: u64,
    pub parts: Vec<PartOutcome>,
    pub stopped: Option<String>,
    /// Where the jobs write each row's result.
    pub log_group: String,
    pub report: PathBuf,
    pub journal: PathBuf,
    /// What the service answered that did not add up (counts over a part's
    /// rows, which were capped to it; a finished job's counts short of them).
    pub warnings: Vec<String>,
    /// Rows of parts whose job succeeded but whose counts do not cover them:
    /// their result is only in the job's log.
    pub unaccounted: u64,
}

impl ImportSummary {
    /// Every part's job succeeded and no row failed in it.
    pub fn complete(&self) -> bool {
        self.parts.iter().all(|p| p.status == "Succeeded")
            && self.failed == 0
            && self.unaccounted == 0
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} imported, {} skipped, {} failed, {} invalid, {} not imported",
            crate::text::count(self.rows, "row"),
            self.imported,
            self.skipped,
            self.failed,
            self.invalid,
            self.not_imported
        )?;
        if self.unaccounted > 0 {
            write!(
                f,
                ", {} the job did not account for (see its log)",
                self.unaccounted
            )?;
        }
        Ok(())
    }
}

struct Ctx {
    api: SharedApi,
    options: ImportOptions,
    events: ImportEventSender,
    stop: StopHandle,
    writer: JournalWriter,
    warnings: Vec<String>,
}

impl Ctx {
    /// The job with its counts capped to the part's rows (one warning per
    /// part): a job cannot import more rows than its file holds, and every
    /// row must be accounted for once.
    fn capped(&mut self, mut job: ImportJob, part: &PartOutcome) -> ImportJob {
        if let Some(answered) = cap_counts(&mut job, part.rows) {
            let warning = format!(
                "part {}'s job {} answered {answered} for a part of {} {}: the counts are inconsistent and were capped to the part",
                part.part,
                crate::sanitize::clean(&job.job_id),
                part.rows,
                if part.rows == 1 { "row" } else { "rows" }
            );
            let prefix = format!("part {}'s job", part.part);
            if !self.warnings.iter().any(|w| w.starts_with(&prefix)) {
                self.warnings.push(warning);
            }
        }
        job
    }

    fn record(&mut self, record: JobRecord) -> Result<(), ImportError> {
        self.writer.append(&ImportEntry::Job(record))?;
        Ok(())
    }

    fn pool(&self) -> String {
        self.options.user_pool_id.clone()
    }
}

fn record_of(part: u32, name: &str, job: &ImportJob, state: &str) -> JobRecord {
    JobRecord {
        part,
        job_name: name.to_owned(),
        job_id: Some(job.job_id.clone()),
        state: state.to_owned(),
        imported: job.imported,
        skipped: job.skipped,
        failed: job.failed,
        message: job
            .completion_message
            .as_deref()
            .map(|m| crate::sanitize::clean_to(m, 1024).into_owned()),
        at: now(),
    }
}

/// Runs every part not yet done, writes the report, and returns the summary
/// (also sent as [`ImportEvent::Finished`]). `stop` asks the running job to
/// stop (StopUserImportJob) and starts no other.
pub async fn run(
    api: SharedApi,
    prepared: Prepared,
    events: ImportEventSender,
    stop: StopHandle,
) -> Result<ImportSummary, ImportError> {
    if let Some(blocker) = prepared.blocker() {
        return Err(blocker);
    }
    let (mut writer, journal) = JournalWriter::open(&prepared.options.journal)?;
    if journal.user_pool_id.is_none() {
        writer.append(&ImportEntry::Plan {
            version: VERSION,
            user_pool_id: prepared.options.user_pool_id.clone(),
            csv: prepared.options.csv.display().to_string(),
            token: prepared.token.clone(),
            parts: prepared.check.parts.clone(),
            started: now(),
        })?;
    }
    let mut ctx = Ctx {
        api,
        options: prepared.options.clone(),
        events: events.clone(),
        stop: stop.clone(),
        writer,
        warnings: Vec::new(),
    };
    let mut outcomes = Vec::new();
    let mut halted: Option<String> = None;
    for plan in &prepared.check.parts {
        let mut outcome = PartOutcome {
            part: plan.part,
            rows: plan.rows,
            file: prepared.options.part_file(plan.part),
            job_name: prepared.job_name(plan.part),
            ..Default::default()
        };
        if halted.is_none() && !stop.is_stopped() {
            let job = match run_part(&mut ctx, &journal, &outcome).await {
                Ok(job) => job,
                // The service or the bucket refused: the run ends here, and
                // the report still lists every row (as after a halt).
                Err(error) if ends_the_run(&error) => {
                    if let ImportError::UploadRefused { job_id, .. } = &error {
                        outcome.job_id = Some(job_id.clone());
                        outcome.status = UPLOAD_REFUSED.into();
                    }
                    halted = Some(error.to_string());
                    outcomes.push(outcome);
                    continue;
                }
                Err(error) => return Err(error),
            };
            if let Some(job) = job {
                halted = halted_by(plan.part, &job);
                if !job.job_name.is_empty() {
                    outcome.job_name = job.job_name.clone();
                }
                outcome.job_id = Some(job.job_id);
                outcome.status = job.status;
                outcome.imported = job.imported;
                outcome.skipped = job.skipped;
                outcome.failed = job.failed;
                outcome.message = job.completion_message;
            }
        }
        outcomes.push(outcome);
    }
    let stopped = stop.reason().or(halted);
    if let Some(reason) = &stopped {
        ctx.writer.append(&ImportEntry::Stop {
            reason: reason.clone(),
        })?;
    }
    let warnings = std::mem::take(&mut ctx.warnings);
    drop(ctx);
    let mut summary = {
        let prepared = prepared.clone();
        tokio::task::spawn_blocking(move || super::report::write(&prepared, outcomes, stopped))
            .await
            .expect("the report pass does not panic")?
    };
    summary.warnings.splice(0..0, warnings);
    let _ = events.send(ImportEvent::Finished(Box::new(summary.clone())));
    Ok(summary)
}

/// Caps a job's counts to `rows` (none below 0, imported first, then
/// skipped, then failed, their sum at most `rows`); what it answered, in
/// words, when they did not fit.
fn cap_counts(job: &mut ImportJob, rows: u64) -> Option<String> {
    let answered = (job.imported, job.skipped, job.failed);
    let mut left = i64::try_from(rows).unwrap_or(i64::MAX);
    for count in [&mut job.imported, &mut job.skipped, &mut job.failed] {
        *count = (*count).clamp(0, left);
        left -= *count;
    }
    (answered != (job.imported, job.skipped, job.failed)).then(|| {
        format!(
            "{} imported, {} skipped, {} failed",
            answered.0, answered.1, answered.2
        )
    })
}

/// An error of a part's job that ends the run but leaves the report to
/// write: the service's or the bucket's refusal. A local file that cannot be
/// written (the journal) ends it at once.
fn ends_the_run(error: &ImportError) -> bool {
    matches!(
        error,
        ImportError::Call { .. }
            | ImportError::UploadRefused { .. }
            | ImportError::NotImplemented { .. }
            | ImportError::Answer { .. }
    )
}

/// Why the run goes no further after a part's job, if it does not: the job
/// ended without success, or answered a status nobody documents (it is not
/// waited on: nothing says it ends).
fn halted_by(part: u32, job: &ImportJob) -> Option<String> {
    let (id, status) = (&job.job_id, &job.status);
    if !is_known(status) {
        return Some(format!(
            "part {part}'s job {id} answered the unknown status {status:?}; it is not waited on: see the job in the console or with DescribeUserImportJob, then run again to follow it"
        ));
    }
    (is_final(status) && status != "Succeeded").then(|| {
        format!(
            "part {part}'s job {id} ended {status}: {}",
            job.completion_message.as_deref().unwrap_or("(no message)")
        )
    })
}

/// Brings one part's job to its end (or to a stop); `None` when the run was
/// stopped before the part had a job.
async fn run_part(
    ctx: &mut Ctx,
    journal: &ImportJournal,
    part: &PartOutcome,
) -> Result<Option<ImportJob>, ImportError> {
    let mut recorded = journal.job(part.part).cloned();
    // The part goes on under the name its journal knows; a part whose job
    // stopped, failed or expired gets a new job for its file (the users the
    // earlier job imported are skipped by the service).
    let mut part = part.clone();
    if let Some(r) = recorded.take() {
        if is_final(&r.state) && r.state != "Succeeded" || r.state == UPLOAD_REFUSED {
            part.job_name = next_attempt(&r.job_name);
        } else {
            part.job_name = r.job_name.clone();
            recorded = Some(r);
        }
    }
    let part = &part;
    // The file is at the job's URL once the journal says so (or the job went on).
    let mut uploaded = recorded
        .as_ref()
        .is_some_and(|r| r.job_id.is_some() && r.state != CREATING && r.state != "Created");
    let existing = match &recorded {
        Some(r) if r.job_id.is_some() => {
            let id = r.job_id.clone().unwrap_or_default();
            Some(describe(ctx, &id).await?)
        }
        Some(r) if r.state == CREATING => find_by_name(ctx, &r.job_name, r.at).await?,
        _ => None,
    };
    let existing = existing.map(|job| ctx.capped(job, part));
    let mut job = match existing {
        Some(job) => {
            if recorded.as_ref().and_then(|r| r.job_id.as_ref()).is_none() {
                ctx.record(record_of(
                    part.part,
                    &part.job_name,
                    &job,
                    &job.status.clone(),
                ))?;
            }
            job
        }
        None if ctx.stop.is_stopped() => return Ok(None),
        None => {
            uploaded = false;
            create(ctx, part).await?
        }
    };
    let _ = ctx.events.send(ImportEvent::JobReady {
        part: part.part,
        job_id: job.job_id.clone(),
        job_name: job.job_name.clone(),
    });
    let mut journaled = job.status.clone();
    // A resumed job's unknown status is journaled too (the loop journals changes).
    let journal_has = |r: &JobRecord| r.state == job.status;
    if !is_known(&job.status) && !recorded.as_ref().is_some_and(journal_has) {
        ctx.record(record_of(part.part, &part.job_name, &job, &job.status))?;
    }
    let mut stop_asked = false;
    loop {
        job = ctx.capped(job, part);
        let _ = ctx.events.send(ImportEvent::Job {
            part: part.part,
            rows: part.rows,
            job: job.clone(),
        });
        if job.status != journaled {
            journaled = job.status.clone();
            ctx.record(record_of(part.part, &part.job_name, &job, &journaled))?;
        }
        if is_final(&job.status) || !is_known(&job.status) {
            return Ok(Some(job));
        }
        if job.status == "Created" {
            if ctx.stop.is_stopped() {
                return Ok(Some(job));
            }
            if !uploaded {
                if !upload(ctx, part, &job).await? {
                    return Ok(Some(job));
                }
                uploaded = true;
            }
            job = start(ctx, &job).await?;
            continue;
        }
        let stopped = tokio::select! {
            biased;
            _ = ctx.stop.stopped(), if !stop_asked => true,
            _ = tokio::time::sleep(ctx.options.poll) => false,
        };
        if stopped {
            stop_asked = true;
            let reason = ctx.stop.reason().unwrap_or_else(|| "stopped".into());
            let _ = ctx.events.send(ImportEvent::Stopping { reason });
            let (pool, id) = (ctx.pool(), job.job_id.clone());
            let api = ctx.api.clone();
            match retried("StopUserImportJob", &ctx.options.retry, &ctx.events, || {
                api.stop_user_import_job(pool.clone(), id.clone())
            })
            .await
            {
                Ok(answer) => job = answer,
                // It may have finished meanwhile: the next describe says.
                Err(ImportError::Call { .. }) => {}
                Err(e) => return Err(e),
            }
            continue;
        }
        job = describe(ctx, &job.job_id).await?;
    }
}

/// The name of a part's next job after one that did not succeed:
/// `<name>-again-2`, then `-again-3`… (within the 128 characters allowed).
pub fn next_attempt(name: &str) -> String {
    let (base, n) = name
        .rsplit_once("-again-")
        .and_then(|(base, n)| Some((base, n.parse::<u32>().ok()?)))
        .unwrap_or((name, 1));
    let suffix = format!("-again-{}", n + 1);
    let base: String = base.chars().take(128 - suffix.len()).collect();
    format!("{base}{suffix}")
}

async fn describe(ctx: &Ctx, job_id: &str) -> Result<ImportJob, ImportError> {
    let (api, pool, id) = (ctx.api.clone(), ctx.pool(), job_id.to_owned());
    retried(
        "DescribeUserImportJob",
        &ctx.options.retry,
        &ctx.events,
        || api.describe_user_import_job(pool.clone(), id.clone()),
    )
    .await
}

/// A job this run asked for but did not live to journal: the newest of that
/// name created since the request (a minute of clock skew allowed).
async fn find_by_name(ctx: &Ctx, name: &str, since: u64) -> Result<Option<ImportJob>, ImportError> {
    let (api, pool) = (ctx.api.clone(), ctx.pool());
    let jobs = retried(
        "ListUserImportJobs",
        &ctx.options.retry,
        &ctx.events,
        || api.list_user_import_jobs(pool.clone()),
    )
    .await?;
    let earliest = i64::try_from(since).unwrap_or(i64::MAX).saturating_sub(60);
    Ok(jobs
        .into_iter()
        .filter(|j| j.job_name == name && j.creation_date.is_none_or(|d| d >= earliest))
        .max_by_key(|j| j.creation_date.unwrap_or_default()))
}

async fn create(ctx: &mut Ctx, part: &PartOutcome) -> Result<ImportJob, ImportError> {
    let since = now();
    ctx.record(JobRecord {
        part: part.part,
        job_name: part.job_name.clone(),
        job_id: None,
        state: CREATING.into(),
        imported: 0,
        skipped: 0,
        failed: 0,
        message: None,
        at: since,
    })?;
    let request = ImportJobRequest {
        job_name: part.job_name.clone(),
        user_pool_id: ctx.pool(),
        cloud_watch_logs_role_arn: ctx.options.cloudwatch_logs_role_arn.clone(),
    };
    let retry = ctx.options.retry.clone();
    let mut attempt = 0;
    let job = loop {
        attempt += 1;
        match ctx.api.create_user_import_job(request.clone()).await {
            Ok(job) => break job,
            Err(e) if e.is_transient() && attempt < retry.transient_attempts.max(1) => {
                // The job may have been made and only the answer lost: look
                // for it before asking for another.
                if let Some(job) = find_by_name(ctx, &part.job_name, since).await? {
                    break job;
                }
                let after = crate::invite::engine::backoff(&retry, attempt, 0);
                let _ = ctx.events.send(ImportEvent::Retry {
                    call: "CreateUserImportJob",
                    error: e.to_string(),
                    after,
                });
                tokio::time::sleep(after).await;
            }
            Err(error) => {
                return Err(ImportError::Call {
                    call: "CreateUserImportJob",
                    error,
                })
            }
        }
    };
    let job = ctx.capped(job, part);
    ctx.record(record_of(part.part, &part.job_name, &job, &job.status))?;
    Ok(job)
}

/// Uploads the part's file; `false` when the run was stopped meanwhile.
async fn upload(ctx: &mut Ctx, part: &PartOutcome, job: &ImportJob) -> Result<bool, ImportError> {
    let url = match &job.pre_signed_url {
        Some(url) => Some(url.clone()),
        None => describe(ctx, &job.job_id).await?.pre_signed_url,
    };
    // A job with nowhere to upload to is of no more use than a refused one.
    let Some(url) = url else {
        let error = ImportError::Call {
            call: "DescribeUserImportJob",
            error: ApiError::new(
                crate::api::ErrorKind::BadResponse,
                "the job has no PreSignedUrl to upload the file to",
            ),
        };
        return Err(orphaned(ctx, part, job, error).await?);
    };
    let (api, file) = (ctx.api.clone(), part.file.clone());
    let put = retried("the upload", &ctx.options.retry, &ctx.events, || {
        api.put_import_file(url.clone(), file.clone())
    });
    // A stop asked while the file is sent ends the upload at once (the job
    // stays Created, never started; the next run uploads again).
    let result = tokio::select! {
        result = put => result,
        _ = ctx.stop.stopped() => return Ok(false),
    };
    if let Err(e) = result {
        return Err(orphaned(ctx, part, job, e).await?);
    }
    ctx.record(record_of(part.part, &part.job_name, job, UPLOADED))?;
    let bytes = std::fs::metadata(&part.file).map_or(0, |m| m.len());
    let _ = ctx.events.send(ImportEvent::Uploaded {
        part: part.part,
        bytes,
    });
    Ok(true)
}

/// The URL has expired or was refused: the job is of no more use. It is
/// stopped if the service lets it be (a job never started may not be), else
/// left Created, to expire; either way journaled with its id as refused, so
/// the next run makes a new job instead of waiting on this one.
async fn orphaned(
    ctx: &mut Ctx,
    part: &PartOutcome,
    job: &ImportJob,
    refusal: ImportError,
) -> Result<ImportError, ImportError> {
    let error = match refusal {
        ImportError::Call { error, .. } => error,
        other => return Ok(other),
    };
    let (api, pool, id) = (ctx.api.clone(), ctx.pool(), job.job_id.clone());
    let stopped = api.stop_user_import_job(pool, id).await.is_ok();
    let left = if stopped {
        "was stopped (StopUserImportJob)"
    } else {
        "could not be stopped and is left Created, never started, until the service expires it"
    };
    ctx.record(JobRecord {
        message: Some(format!("the upload was refused; the job {left}")),
        ..record_of(part.part, &part.job_name, job, UPLOAD_REFUSED)
    })?;
    Ok(ImportError::UploadRefused {
        part: part.part,
        job_id: job.job_id.clone(),
        error,
        left,
    })
}

/// StartUserImportJob; while another import job of the account runs, waits
/// and tries again (bounded).
async fn start(ctx: &Ctx, job: &ImportJob) -> Result<ImportJob, ImportError> {
    let (api, pool, id) = (ctx.api.clone(), ctx.pool(), job.job_id.clone());
    for _ in 0..START_WAITS {
        match retried(
            "StartUserImportJob",
            &ctx.options.retry,
            &ctx.events,
            || api.start_user_import_job(pool.clone(), id.clone()),
        )
        .await
        {
            Err(ImportError::Call { error, .. })
                if error.code.as_deref() == Some("LimitExceededException") =>
            {
                let _ = ctx.events.send(ImportEvent::Retry {
                    call: "StartUserImportJob",
                    error: error.to_string(),
                    after: ctx.options.poll,
                });
                let stopped = tokio::select! {
                    _ = ctx.stop.stopped() => true,
                    _ = tokio::time::sleep(ctx.options.poll.max(Duration::from_millis(10))) => false,
                };
                if stopped {
                    return Ok(job.clone());
                }
            }
            other => return other,
        }
    }
    Err(ImportError::Call {
        call: "StartUserImportJob",
        error: ApiError::new(
            crate::api::ErrorKind::Service,
            "another import job of the account kept running; run again once it is done",
        ),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_row_is_singular_in_the_summary() {
        let summary = |rows| super::ImportSummary {
            rows,
            imported: rows,
            ..Default::default()
        };
        assert!(summary(1).to_string().starts_with("1 row: 1 imported"));
        assert!(summary(2).to_string().starts_with("2 rows: 2 imported"));
    }

    #[test]
    fn counts_over_the_part_are_capped_to_it() {
        let job = |imported, skipped, failed| crate::api::ImportJob {
            imported,
            skipped,
            failed,
            ..Default::default()
        };
        let mut over = job(3, 1, 1);
        assert_eq!(
            super::cap_counts(&mut over, 2).as_deref(),
            Some("3 imported, 1 skipped, 1 failed")
        );
        assert_eq!((over.imported, over.skipped, over.failed), (2, 0, 0));
        let mut negative = job(-1, 1, 4);
        assert!(super::cap_counts(&mut negative, 3).is_some());
        assert_eq!(
            (negative.imported, negative.skipped, negative.failed),
            (0, 1, 2)
        );
        let mut fine = job(1, 0, 1);
        assert_eq!(super::cap_counts(&mut fine, 2), None);
        assert_eq!((fine.imported, fine.skipped, fine.failed), (1, 0, 1));
    }

    #[test]
    fn a_part_after_a_stop_gets_the_next_attempts_name() {
        assert_eq!(super::next_attempt("cw-1"), "cw-1-again-2");
        assert_eq!(super::next_attempt("cw-1-again-2"), "cw-1-again-3");
        let long = "x".repeat(128);
        assert_eq!(super::next_attempt(&long).chars().count(), 128);
    }
}
