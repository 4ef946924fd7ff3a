//! Progress events: the core pushes, a display consumes.
//!
//! The inviter never draws or prints. It sends [`Event`]s into a tokio mpsc
//! channel as things happen; the headless command turns them into stderr
//! lines, the wizard into a gauge. [`Tally`] folds the events into the numbers
//! both show (done / failed / remaining, rate, ETA), so they agree.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::engine::CheckSummary;
use super::groups::GroupOutcome;
use super::journal::Outcome;
use super::report::Summary;
use crate::problem::Problem;

pub type EventSender = mpsc::UnboundedSender<Event>;
pub type EventReceiver = mpsc::UnboundedReceiver<Event>;

/// A channel for one run's events. Unbounded so that the core never waits on
/// a slow display (events are small, and a display drains them as they come).
pub fn channel() -> (EventSender, EventReceiver) {
    mpsc::unbounded_channel()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A row has problems (while checking). Errors make it invalid; warnings
    /// alone do not. Temporary passwords never appear in them.
    RowProblems {
        line: u64,
        username: String,
        problems: Vec<Problem>,
    },
    /// Every row has been checked.
    Checked(CheckSummary),
    /// Sending begins.
    Started {
        total: u64,
        /// Rows the journal already accounts for (skipped).
        already_done: u64,
        /// Rows to send in this run.
        to_send: u64,
        /// Invalid rows to record as such (with `--skip-invalid`).
        to_record_invalid: u64,
        /// The starting rate limit, requests per second.
        rate: f64,
        /// Invalid rows an earlier run recorded as invalid (skipped with
        /// `--skip-invalid` or `k`): counted invalid, as the summary and
        /// the report count them, not among the rows already done.
        already_invalid: u64,
    },
    /// A row's outcome, once it is durably in the journal.
    Outcome {
        line: u64,
        username: String,
        outcome: Outcome,
        /// Each of the row's groups (none without a `groups` column).
        groups: Vec<GroupOutcome>,
    },
    /// A call failed and the row will be tried again after `after`.
    Retry {
        line: u64,
        username: String,
        attempt: u32,
        throttled: bool,
        error: String,
        after: Duration,
    },
    /// The adaptive rate limit changed (requests per second).
    Rate { per_second: f64 },
    /// The run is stopping early: no new row is started; rows in flight finish.
    Stopping { reason: String },
    /// The report is written; nothing follows.
    Finished(Summary),
}

/// How far back the throughput is measured.
const WINDOW: Duration = Duration::from_secs(5);

/// Running totals of a run, from its events.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub total: u64,
    pub already_done: u64,
    pub to_send: u64,
    pub created: u64,
    pub resent: u64,
    pub exists: u64,
    pub invalid: u64,
    pub failed: u64,
    /// Group additions that failed (their rows are in `failed`).
    pub groups_failed: u64,
    pub retries: u64,
    pub throttled: u64,
    /// The current rate limit.
    pub rate_limit: f64,
    pub stopping: Option<String>,
    started: Option<Instant>,
    /// When recent rows were answered (sent rows only), oldest first.
    recent: VecDeque<Instant>,
}

impl Tally {
    pub fn apply(&mut self, event: &Event, now: Instant) {
        match event {
            Event::Started {
                total,
                already_done,
                to_send,
                rate,
                already_invalid,
                ..
            } => {
                self.total = *total;
                self.already_done = *already_done;
                self.invalid = *already_invalid;
                self.to_send = *to_send;
                self.rate_limit = *rate;
                self.started = Some(now);
            }
            Event::Outcome {
                outcome, groups, ..
            } => {
                self.groups_failed += groups.iter().filter(|g| !g.is_added()).count() as u64;
                match outcome {
                    Outcome::Created { .. } => self.created += 1,
                    Outcome::Resent { .. } => self.resent += 1,
                    Outcome::Exists => self.exists += 1,
                    Outcome::Invalid { .. } => self.invalid += 1,
                    Outcome::Failed { .. } | Outcome::Resending { .. } => self.failed += 1,
                }
                if !matches!(outcome, Outcome::Invalid { .. }) {
                    self.recent.push_back(now);
                }
            }
            Event::Retry { throttled, .. } => {
                self.retries += 1;
                if *throttled {
                    self.throttled += 1;
                }
            }
            Event::Rate { per_second } => self.rate_limit = *per_second,
            Event::Stopping { reason } => self.stopping = Some(reason.clone()),
            Event::RowProblems { .. } | Event::Checked(_) | Event::Finished(_) => {}
        }
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            self.recent.pop_front();
        }
    }

    /// Rows done: skipped as already done, created, existing, invalid.
    pub fn done(&self) -> u64 {
        self.already_done + self.created + self.resent + self.exists + self.invalid
    }

    pub fn remaining(&self) -> u64 {
        self.total.saturating_sub(self.done() + self.failed)
    }

    /// Share of rows with an outcome, 0 to 1 (for a gauge).
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            ((self.done() + self.failed) as f64 / self.total as f64).min(1.0)
        }
    }

    /// Rows answered per second, over the last few seconds.
    pub fn throughput(&self, now: Instant) -> f64 {
        let Some(started) = self.started else {
            return 0.0;
        };
        let recent = self
            .recent
            .iter()
            .filter(|t| now.duration_since(**t) <= WINDOW)
            .count();
        let span = now.duration_since(started).min(WINDOW).as_secs_f64();
        if span <= 0.0 {
            0.0
        } else {
            recent as f64 / span
        }
    }

    /// Time left at the current throughput.
    pub fn eta(&self, now: Instant) -> Option<Duration> {
        eta(self.remaining(), self.throughput(now))
    }

    /// One line for a log: `120/400 done (...), 0 failed, 280 remaining, ...`.
    pub fn line(&self, now: Instant) -> String {
        self.lines(now).join(", ")
    }

    /// [`Self::line`] in two: the counts, then the pace and the time left
    /// (a panel shows them on lines of their own, so the rate and the ETA
    /// are never cut off a narrow screen).
    pub fn lines(&self, now: Instant) -> [String; 2] {
        let eta = self
            .eta(now)
            .map_or_else(|| "unknown".to_owned(), format_duration);
        let resent = if self.resent > 0 {
            format!(", {} resent", self.resent)
        } else {
            String::new()
        };
        let mut counts = format!(
            "{}/{} done ({} created{resent}, {} existed, {} invalid, {} skipped), {} failed, {} remaining",
            self.done(),
            self.total,
            self.created,
            self.exists,
            self.invalid,
            self.already_done,
            self.failed,
            self.remaining(),
        );
        let mut pace = format!(
            "{:.1}/s (pacing at {:.1}/s now), ETA {eta}",
            self.throughput(now),
            self.rate_limit,
        );
        if self.groups_failed > 0 {
            counts.push_str(&format!(", {} group additions failed", self.groups_failed));
        }
        if self.throttled > 0 || self.retries > 0 {
            pace.push_str(&format!(
                ", {} retries ({} throttled)",
                self.retries, self.throttled
            ));
        }
        [counts, pace]
    }
}

/// Time to do `remaining` at `rate` a second: none while there is no rate.
pub fn eta(remaining: u64, rate: f64) -> Option<Duration> {
    if remaining == 0 {
        Some(Duration::ZERO)
    } else if rate > 0.0 {
        Some(Duration::from_secs_f64(remaining as f64 / rate))
    } else {
        None
    }
}

/// `1h02m03s`, `4m05s`, `6s`.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, m, s) => format!("{h}h{m:02}m{s:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(outcome: Outcome) -> Event {
        Event::Outcome {
            line: 2,
            username: "u".into(),
            outcome,
            groups: Vec::new(),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_tally_counts_rows_and_measures_throughput() {
        let mut t = Tally::default();
        let start = Instant::now();
        t.apply(
            &Event::Started {
                total: 100,
                already_done: 10,
                to_send: 88,
                to_record_invalid: 2,
                rate: 45.0,
                already_invalid: 0,
            },
            start,
        );
        assert_eq!((t.done(), t.remaining()), (10, 90));
        assert_eq!(t.eta(start), None, "no throughput yet");
        // 20 rows answered over 2 seconds: 10/s.
        for i in 1..=20 {
            let at = start + Duration::from_millis(100 * i);
            let o = if i == 20 {
                Outcome::Failed {
                    code: "X".into(),
                    message: "m".into(),
                }
            } else {
                Outcome::Created { status: None }
            };
            t.apply(&outcome(o), at);
        }
        t.apply(
            &outcome(Outcome::Invalid {
                message: "m".into(),
            }),
            start + Duration::from_secs(2),
        );
        let now = start + Duration::from_secs(2);
        assert_eq!((t.created, t.failed, t.invalid), (19, 1, 1));
        assert_eq!(t.done(), 30);
        assert_eq!(t.remaining(), 69);
        assert!((t.throughput(now) - 10.0).abs() < 1e-9);
        assert_eq!(t.eta(now), Some(Duration::from_secs_f64(6.9)));
        assert!((t.fraction() - 0.31).abs() < 1e-9);
        t.apply(&Event::Rate { per_second: 22.5 }, now);
        t.apply(
            &Event::Retry {
                line: 3,
                username: "v".into(),
                attempt: 1,
                throttled: true,
                error: "TooManyRequestsException".into(),
                after: Duration::ZERO,
            },
            now,
        );
        assert_eq!(
            t.line(now),
            "30/100 done (19 created, 0 existed, 1 invalid, 10 skipped), 1 failed, 69 remaining, 10.0/s (pacing at 22.5/s now), ETA 7s, 1 retries (1 throttled)"
        );
        // Ten quiet seconds later the window is empty: no rate, no ETA.
        let later = now + Duration::from_secs(10);
        t.apply(&Event::Rate { per_second: 30.0 }, later);
        assert_eq!(t.throughput(later), 0.0);
        assert_eq!(t.eta(later), None);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(Duration::from_millis(5200)), "6s");
        assert_eq!(format_duration(Duration::from_secs(245)), "4m05s");
        assert_eq!(format_duration(Duration::from_secs(3723)), "1h02m03s");
    }

    #[tokio::test(start_paused = true)]
    async fn rows_skipped_as_invalid_earlier_count_as_invalid_not_as_done() {
        let mut t = Tally::default();
        let start = Instant::now();
        t.apply(
            &Event::Started {
                total: 10,
                already_done: 3,
                to_send: 5,
                to_record_invalid: 0,
                rate: 10.0,
                already_invalid: 2,
            },
            start,
        );
        assert_eq!((t.already_done, t.invalid, t.remaining()), (3, 2, 5));
        // The summary counts the journal's invalid rows as invalid: so does the line.
        assert!(
            t.line(start)
                .starts_with("5/10 done (0 created, 0 existed, 2 invalid, 3 skipped)"),
            "{}",
            t.line(start)
        );
    }
}
