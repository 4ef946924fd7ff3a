//! Import progress: the core pushes [`ImportEvent`]s, a display reads them;
//! [`ImportTally`] turns them into the numbers both the headless lines and a
//! gauge show (imported / skipped / failed, rate, ETA).

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::check::ImportCheck;
use super::jobs::ImportSummary;
use crate::api::ImportJob;
use crate::problem::Problem;

pub type ImportEventSender = mpsc::UnboundedSender<ImportEvent>;
pub type ImportEventReceiver = mpsc::UnboundedReceiver<ImportEvent>;

/// A channel for one run's events (unbounded: the core never waits on a display).
pub fn channel() -> (ImportEventSender, ImportEventReceiver) {
    mpsc::unbounded_channel()
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportEvent {
    /// A row has problems (while checking); errors make it invalid.
    RowProblems {
        line: u64,
        username: String,
        problems: Vec<Problem>,
    },
    /// Every row is checked and the import files are written.
    Checked(ImportCheck),
    /// A part's job exists (made now, found by name, or from the journal).
    JobReady {
        part: u32,
        job_id: String,
        job_name: String,
    },
    /// A part's file is at its job's URL.
    Uploaded { part: u32, bytes: u64 },
    /// What DescribeUserImportJob (or another job call) answered.
    Job {
        part: u32,
        rows: u64,
        job: ImportJob,
    },
    /// A call failed and is tried again after `after`.
    Retry {
        call: &'static str,
        error: String,
        after: Duration,
    },
    /// The run is stopping early (StopUserImportJob is asked for a running job).
    Stopping { reason: String },
    /// The report is written; nothing follows.
    Finished(Box<ImportSummary>),
}

/// The running totals of a run, from its events.
#[derive(Debug, Clone, Default)]
pub struct ImportTally {
    /// Valid rows, over all parts.
    pub rows: u64,
    /// Rows that failed the check and are in no import file (skipped with
    /// `--skip-invalid` or `k`): the summary and the report count them invalid.
    pub invalid: u64,
    pub parts: u32,
    /// The part being imported, its job and status.
    pub part: u32,
    pub job_id: String,
    pub status: String,
    /// Over finished parts, plus the current job's counts.
    pub imported: u64,
    pub skipped: u64,
    pub failed: u64,
    finished: (u64, u64, u64),
    current: (u64, u64, u64),
    current_part: u32,
    /// When the current job was first seen importing, and its count then.
    since: Option<(Instant, u64)>,
    pub stopping: Option<String>,
}

impl ImportTally {
    /// The totals before a run, from its check (a run sends no
    /// [`ImportEvent::Checked`] of its own).
    pub fn for_check(check: &ImportCheck) -> Self {
        Self {
            rows: check.valid,
            invalid: check.invalid,
            parts: check.parts.len() as u32,
            ..Self::default()
        }
    }

    pub fn apply(&mut self, event: &ImportEvent, now: Instant) {
        match event {
            ImportEvent::Checked(check) => {
                self.rows = check.valid;
                self.invalid = check.invalid;
                self.parts = check.parts.len() as u32;
            }
            ImportEvent::Job { part, job, .. } => {
                if *part != self.current_part {
                    self.finished.0 += self.current.0;
                    self.finished.1 += self.current.1;
                    self.finished.2 += self.current.2;
                    self.current_part = *part;
                    self.since = None;
                }
                let count = |n: i64| u64::try_from(n).unwrap_or(0);
                self.current = (count(job.imported), count(job.skipped), count(job.failed));
                self.part = *part;
                self.job_id = job.job_id.clone();
                self.status = job.status.clone();
                if self.since.is_none() && job.status == "InProgress" {
                    self.since = Some((now, self.current_done()));
                }
                self.imported = self.finished.0 + self.current.0;
                self.skipped = self.finished.1 + self.current.1;
                self.failed = self.finished.2 + self.current.2;
            }
            ImportEvent::Stopping { reason } => self.stopping = Some(reason.clone()),
            _ => {}
        }
    }

    fn current_done(&self) -> u64 {
        self.current.0 + self.current.1 + self.current.2
    }

    /// Rows the jobs have answered for.
    pub fn done(&self) -> u64 {
        self.imported + self.skipped + self.failed
    }

    /// Rows a second, in the current job since it started importing.
    pub fn rate(&self, now: Instant) -> f64 {
        let Some((since, at_start)) = self.since else {
            return 0.0;
        };
        let seconds = now.duration_since(since).as_secs_f64();
        if seconds <= 0.0 {
            return 0.0;
        }
        self.current_done().saturating_sub(at_start) as f64 / seconds
    }

    pub fn eta(&self, now: Instant) -> Option<Duration> {
        crate::invite::progress::eta(self.rows.saturating_sub(self.done()), self.rate(now))
    }

    /// `part 1/2 (job import-x): InProgress, 2500/10000 (...), 812.0/s, ETA 9s`.
    pub fn line(&self, now: Instant) -> String {
        self.lines(now).join(", ")
    }

    /// [`Self::line`] in two: the counts, then the rate and the time left
    /// (a panel shows them on lines of their own, so the rate and the ETA
    /// are never cut off a narrow screen).
    pub fn lines(&self, now: Instant) -> [String; 2] {
        // A job that has ended has no time left to guess.
        let eta = if crate::import::journal::is_final(&self.status) {
            String::new()
        } else {
            let eta = self.eta(now).map_or_else(
                || "unknown".to_owned(),
                crate::invite::progress::format_duration,
            );
            format!(", ETA {eta}")
        };
        [
            format!(
                "part {}/{} (job {}): {}, {}/{} rows ({} imported, {} skipped, {} failed)",
                self.part,
                self.parts,
                crate::sanitize::clean(&self.job_id),
                crate::sanitize::clean(&self.status),
                self.done(),
                self.rows,
                self.imported,
                self.skipped,
                self.failed,
            ),
            format!("{:.1}/s{eta}", self.rate(now)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(status: &str, imported: i64, skipped: i64, failed: i64) -> ImportJob {
        ImportJob {
            job_id: "import-1".into(),
            status: status.into(),
            imported,
            skipped,
            failed,
            ..Default::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_tally_adds_parts_and_measures_the_rate() {
        let start = Instant::now();
        let mut t = ImportTally {
            rows: 1000,
            parts: 2,
            ..Default::default()
        };
        let event = |part, job| ImportEvent::Job {
            part,
            rows: 500,
            job,
        };
        t.apply(&event(1, job("InProgress", 0, 0, 0)), start);
        t.apply(
            &event(1, job("InProgress", 190, 5, 5)),
            start + Duration::from_secs(2),
        );
        let now = start + Duration::from_secs(2);
        assert!((t.rate(now) - 100.0).abs() < 1e-9);
        assert_eq!(t.eta(now), Some(Duration::from_secs(8)));
        t.apply(&event(1, job("Succeeded", 490, 5, 5)), now);
        t.apply(&event(2, job("InProgress", 100, 0, 0)), now);
        assert_eq!(
            (t.imported, t.skipped, t.failed, t.done()),
            (590, 5, 5, 600)
        );
        assert_eq!(
            t.line(now),
            "part 2/2 (job import-1): InProgress, 600/1000 rows (590 imported, 5 skipped, 5 failed), 0.0/s, ETA unknown"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_stopped_job_shows_no_eta() {
        let start = Instant::now();
        let mut t = ImportTally {
            rows: 200,
            parts: 1,
            ..Default::default()
        };
        let event = |job| ImportEvent::Job {
            part: 1,
            rows: 200,
            job,
        };
        t.apply(&event(job("InProgress", 0, 0, 0)), start);
        let now = start + Duration::from_secs(5);
        t.apply(&event(job("Stopped", 65, 0, 0)), now);
        assert_eq!(
            t.line(now),
            "part 1/1 (job import-1): Stopped, 65/200 rows (65 imported, 0 skipped, 0 failed), 13.0/s"
        );
    }
}
