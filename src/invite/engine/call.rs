//! One row's calls: retries, backoff, the breaker and the fatal errors.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::super::breaker::Breaker;
use super::super::journal::Outcome;
use super::super::limiter::AdaptiveLimiter;
use super::super::progress::{Event, EventSender};
use super::super::rows::{Fnv, RowHash};
use super::sorter::{mask, RESEND};
use super::{RetryPolicy, StopHandle};
use crate::api::{ApiError, ErrorKind, SharedApi};

/// A row to send.
pub(super) struct Work {
    pub(super) line: u64,
    pub(super) hash: RowHash,
    pub(super) username: String,
    pub(super) request: crate::model::AdminCreateUserRequest,
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

/// One row, retried until it has an outcome. `None` when the run stopped
/// before the row was ever sent.
pub(super) async fn invite_row(ctx: &Ctx, work: &Work) -> Option<Outcome> {
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

pub(super) fn rate_changed(ctx: &Ctx, rate: Option<f64>) {
    if let Some(per_second) = rate {
        let _ = ctx.events.send(Event::Rate { per_second });
    }
}

/// Exponential backoff with jitter (half to all of the step), the jitter drawn
/// from the line and attempt so that runs are reproducible.
pub(in crate::invite) fn backoff(retry: &RetryPolicy, attempt: u32, line: u64) -> Duration {
    let step = retry
        .base_backoff
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(retry.max_backoff);
    let mut h = Fnv::new();
    h.write(&line.to_le_bytes());
    h.write(&attempt.to_le_bytes());
    step.mul_f64(0.5 + (h.finish() % 1000) as f64 / 2000.0)
}
