//! One row's calls: retries, backoff, the breaker and the fatal errors.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::super::breaker::Breaker;
use super::super::groups::{self, GroupOutcome};
use futures::future::BoxFuture;
use tokio::time::Instant;

use super::super::journal::{Outcome, RowRecord};
use super::super::limiter::AdaptiveLimiter;
use super::super::progress::{Event, EventSender};
use super::super::rows::{Fnv, RowHash};
use super::sorter::{mask, RESEND};
use super::writers::Records;
use super::{RetryPolicy, StopHandle};
use crate::api::{ApiError, ApiResult, ErrorKind, SharedApi};

/// A row to send.
pub(super) struct Work {
    pub(super) line: u64,
    pub(super) hash: RowHash,
    pub(super) username: String,
    pub(super) request: crate::model::AdminCreateUserRequest,
    /// Added once the user exists (the CSV's `groups` column).
    pub(super) groups: Vec<String>,
    /// An earlier resend of this row that may have gone out (see
    /// [`Outcome::Resending`]): the user's state read before it.
    pub(super) unfinished_resend: Option<Option<String>>,
}

impl Work {
    /// This row's journal record with `outcome` (and no group's).
    pub(super) fn record(&self, outcome: Outcome) -> RowRecord {
        self.record_with(outcome, Vec::new())
    }

    /// This row's journal record with `outcome` and its groups'.
    pub(super) fn record_with(&self, outcome: Outcome, groups: Vec<GroupOutcome>) -> RowRecord {
        RowRecord {
            line: self.line,
            hash: self.hash,
            username: self.username.clone(),
            outcome,
            groups,
        }
    }
}

/// What every call task shares.
pub(super) struct Ctx {
    pub(super) api: SharedApi,
    pub(super) limiter: AdaptiveLimiter,
    pub(super) retry: RetryPolicy,
    pub(super) events: EventSender,
    pub(super) stop: StopHandle,
    pub(super) calls: AtomicU64,
    pub(super) throttled: AtomicU64,
    pub(super) retries: AtomicU64,
    pub(super) breaker: Breaker,
    /// `--resend-uncertain`: see [`super::resend`].
    pub(super) resend_uncertain: bool,
}

impl Ctx {
    /// A row failed after its retries for a transient reason: trips the
    /// breaker after too many in a row.
    pub(super) fn transient_failure(&self, line: u64, error: &ApiError, secret: Option<&str>) {
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

pub(super) fn halt(stop: &StopHandle, events: &EventSender, reason: String) {
    if stop.stop(reason.clone()) {
        let _ = events.send(Event::Stopping { reason });
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

pub(super) fn is_fatal(error: &ApiError) -> bool {
    error.kind == ErrorKind::Setup
        || error
            .code
            .as_deref()
            .is_some_and(|c| FATAL_CODES.contains(&c))
}

pub(super) fn failed(error: &ApiError, secret: Option<&str>) -> Outcome {
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

/// One row, retried until it has an outcome (and its groups theirs).
/// `None` when the run stopped before the row was ever sent (or, for a
/// resend, when whether it went out is not known yet: the journal's intent
/// stays the row's latest record).
pub(super) async fn invite_row(
    ctx: &Ctx,
    work: &Work,
    records: &Records,
) -> Option<(Outcome, Vec<GroupOutcome>)> {
    if work.request.message_action.as_deref() == Some(RESEND) {
        let outcome = super::resend::resend_row(ctx, work, records).await;
        return outcome.map(|o| (o, Vec::new()));
    }
    let secret = work.request.temporary_password.as_deref();
    let mut budget = Budget::default();
    let request = &work.request;
    let ended = attempt(ctx, work, &mut budget, RetryOn::AnyTransient, || {
        ctx.api.admin_create_user(request.clone())
    })
    .await;
    let existing = match ended {
        Ended::Answered(user) => Outcome::Created {
            status: user.status,
        },
        Ended::Refused(e) if e.code.as_deref() == Some("UsernameExistsException") => {
            Outcome::Exists
        }
        Ended::Refused(e) => return Some((refused(ctx, work, &e), Vec::new())),
        Ended::GaveUp(e) | Ended::Ambiguous(e) => return Some((failed(&e, secret), Vec::new())),
        Ended::Stopped(last) => return last.map(|e| (failed(&e, secret), Vec::new())),
    };
    let groups = add_to_groups(ctx, work).await;
    Some((with_groups(existing, &groups), groups))
}

/// The row's groups, once its user exists (see [`crate::invite::groups`]);
/// adding a member again changes nothing, so a resumed row adds them again.
async fn add_to_groups(ctx: &Ctx, work: &Work) -> Vec<GroupOutcome> {
    let pool = work.request.user_pool_id.as_deref().unwrap_or_default();
    let secret = work.request.temporary_password.as_deref();
    let failure = |e: &ApiError| match failed(e, secret) {
        Outcome::Failed { code, message } => (code, message),
        _ => unreachable!("failed() is a failure"),
    };
    groups::add_to_groups(
        &*ctx.api,
        pool,
        &work.username,
        &work.groups,
        &ctx.retry,
        failure,
    )
    .await
}

/// The user's outcome, unless a group failed: then the row failed (with the
/// first failed group's code), so that the next run adds it.
fn with_groups(user: Outcome, groups: &[GroupOutcome]) -> Outcome {
    let what = match user {
        Outcome::Exists => "the user exists",
        _ => "created",
    };
    match (
        groups::first_failure(groups),
        groups::failure_message(groups, what),
    ) {
        (Some((_, code, _)), Some(message)) => Outcome::Failed {
            code: code.to_owned(),
            message,
        },
        _ => user,
    }
}

/// One row's retry budget, shared by every call the row makes.
#[derive(Default)]
pub(super) struct Budget {
    transient: u32,
    throttled: u32,
    /// The row's time starts with its first call, not its wait in line.
    deadline: Option<Instant>,
    last_error: Option<ApiError>,
}

impl Budget {
    /// Tries that failed so far, of either kind.
    pub(super) fn tries(&self) -> u32 {
        self.transient + self.throttled
    }

    /// Counts one more transient failure; the wait before the next try, or
    /// `None` when the row has tried enough (or would pass its deadline).
    pub(super) fn next_transient(&mut self, ctx: &Ctx, line: u64) -> Option<Duration> {
        self.transient += 1;
        let wait = backoff(&ctx.retry, self.transient, line);
        let deadline = self.deadline(ctx);
        (self.transient < ctx.retry.transient_attempts && Instant::now() + wait < deadline)
            .then_some(wait)
    }

    /// When the row's time is up (set by its first call).
    fn deadline(&mut self, ctx: &Ctx) -> Instant {
        *self
            .deadline
            .get_or_insert_with(|| Instant::now() + ctx.retry.row_deadline)
    }
}

/// Which failures [`attempt`] tries again by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RetryOn {
    AnyTransient,
    /// Only throttling (the call certainly did nothing): after a timeout or a
    /// broken connection the call may have taken effect, and the caller must
    /// find out before trying again.
    Throttling,
}

/// How one call ended, after the retries [`attempt`] made.
pub(super) enum Ended<T> {
    Answered(T),
    /// The service answered with an error about this row.
    Refused(ApiError),
    /// Transient failures until the row's attempts or time ran out.
    GaveUp(ApiError),
    /// With [`RetryOn::Throttling`]: a failure after which the call may or
    /// may not have taken effect.
    Ambiguous(ApiError),
    /// The run stopped before another try; the last failure, if any.
    Stopped(Option<ApiError>),
}

/// Makes one call, paced by the limiter, retrying as `retry_on` allows.
pub(super) async fn attempt<T, F>(
    ctx: &Ctx,
    work: &Work,
    budget: &mut Budget,
    retry_on: RetryOn,
    call: F,
) -> Ended<T>
where
    F: Fn() -> BoxFuture<'static, ApiResult<T>>,
{
    let secret = work.request.temporary_password.as_deref();
    loop {
        let Some(sent) = unless_stopped(ctx, ctx.limiter.acquire()).await else {
            return Ended::Stopped(budget.last_error.take());
        };
        let deadline = budget.deadline(ctx);
        ctx.calls.fetch_add(1, Ordering::Relaxed);
        let answer = call().await;
        if !answer
            .as_ref()
            .is_err_and(|e| e.kind == ErrorKind::Throttled)
        {
            // Any other answer took one of the quota's tokens.
            rate_changed(ctx, ctx.limiter.on_admitted());
        }
        let error = match answer {
            Ok(answer) => {
                ctx.breaker.progress();
                return Ended::Answered(answer);
            }
            Err(e) => e,
        };
        let retry_after = if error.kind == ErrorKind::Throttled {
            budget.throttled += 1;
            ctx.throttled.fetch_add(1, Ordering::Relaxed);
            rate_changed(ctx, ctx.limiter.on_throttle(sent));
            if budget.throttled >= ctx.retry.throttled_attempts || Instant::now() >= deadline {
                ctx.transient_failure(work.line, &error, secret);
                return Ended::GaveUp(error);
            }
            // The limiter does the waiting.
            Duration::ZERO
        } else if error.is_transient() {
            if retry_on == RetryOn::Throttling {
                return Ended::Ambiguous(error);
            }
            match budget.next_transient(ctx, work.line) {
                Some(wait) => wait,
                None => {
                    ctx.transient_failure(work.line, &error, secret);
                    return Ended::GaveUp(error);
                }
            }
        } else {
            // An answer about this row: the endpoint works.
            ctx.breaker.progress();
            return Ended::Refused(error);
        };
        let tries = budget.tries();
        if !ctx.may_retry(work, &error, tries, retry_after) {
            return Ended::GaveUp(error);
        }
        budget.last_error = Some(error);
        if !retry_after.is_zero()
            && !wait_unless_stopped(ctx, tokio::time::sleep(retry_after)).await
        {
            return Ended::Stopped(budget.last_error.take());
        }
    }
}

impl Ctx {
    /// Before a retry: ends the run when nothing got done for too long,
    /// otherwise counts the retry and says so.
    pub(super) fn may_retry(
        &self,
        work: &Work,
        error: &ApiError,
        attempt: u32,
        after: Duration,
    ) -> bool {
        let secret = work.request.temporary_password.as_deref();
        if let Some(stall) = self.breaker.stalled() {
            self.halt(format!(
                "line {}: no row was done for {} s; the endpoint looks stuck, so the run stops here",
                work.line,
                stall.as_secs()
            ));
            return false;
        }
        self.retries.fetch_add(1, Ordering::Relaxed);
        let _ = self.events.send(Event::Retry {
            line: work.line,
            username: work.username.clone(),
            attempt,
            throttled: error.kind == ErrorKind::Throttled,
            error: mask(&error.to_string(), secret),
            after,
        });
        true
    }
}

/// Waits for `wait` unless the run is stopped first; false when it was.
pub(super) async fn wait_unless_stopped(ctx: &Ctx, wait: impl std::future::Future) -> bool {
    unless_stopped(ctx, wait).await.is_some()
}

/// What `work` gives, unless the run is stopped first.
async fn unless_stopped<F: std::future::Future>(ctx: &Ctx, work: F) -> Option<F::Output> {
    tokio::select! {
        biased;
        _ = ctx.stop.stopped() => None,
        out = work => Some(out),
    }
}

/// The outcome of an error the service gave about this row; stops the run
/// when every other row would get the same.
pub(super) fn refused(ctx: &Ctx, work: &Work, error: &ApiError) -> Outcome {
    let secret = work.request.temporary_password.as_deref();
    if is_fatal(error) {
        ctx.halt(format!(
            "line {}: {} (every other row would fail the same way)",
            work.line,
            mask(&error.to_string(), secret)
        ));
    }
    failed(error, secret)
}

pub(super) fn rate_changed(ctx: &Ctx, rate: Option<f64>) {
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
