//! RESEND exactly once, across `kill -9`.
//!
//! A resend (AdminCreateUser with MessageAction `RESEND`) emails the user a
//! new temporary password: a second resend makes the first email useless. The
//! service has no idempotency key for it, and a resend to a user that exists
//! always succeeds, so the journal alone cannot close the window between the
//! call and its record. Instead:
//!
//! 1. read the user (AdminGetUser) for its `UserLastModifiedDate`, a time on
//!    the service's own clock;
//! 2. journal the intent with that time, durably, before the call;
//! 3. call, retrying only throttling (a throttled call did nothing). After a
//!    timeout or a broken connection the resend may have gone out, so the
//!    user is read again: changed since step 1 means it did (recorded as
//!    resent, no second call); unchanged means it did not, and it is tried
//!    again.
//!
//! After a crash, a row whose latest record is the intent is read first the
//! same way. Should the service give no modification time, the row stays
//! uncertain (reported, never resent) unless the run is told to resend such
//! rows (`--resend-uncertain`). This relies on a resend changing the user's
//! `UserLastModifiedDate` (it replaces the temporary password); comparing two
//! answers of the same service keeps the local clock out of it.

use super::call::{
    attempt, failed, refused, wait_unless_stopped, Budget, Ctx, Ended, RetryOn, Work,
};
use super::writers::{record_durably, Records};
use crate::api::UserState;
use crate::invite::journal::Outcome;

/// Whether the user changed between two reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Changed,
    Unchanged,
    /// One of the reads had no modification time.
    Unknown,
}

fn compare(before: Option<&str>, now: Option<&str>) -> Change {
    match (before, now) {
        (Some(b), Some(n)) if b == n => Change::Unchanged,
        (Some(_), Some(_)) => Change::Changed,
        _ => Change::Unknown,
    }
}

/// One RESEND row: `None` leaves the journal's intent as the row's latest
/// record (whether it went out is not known yet, or the run stopped).
pub(super) async fn resend_row(ctx: &Ctx, work: &Work, records: &Records) -> Option<Outcome> {
    let secret = work.request.temporary_password.as_deref();
    let mut budget = Budget::default();
    let user = match read_user(ctx, work, &mut budget).await {
        Ok(user) => user,
        // Nothing was resent by this run: the error is the row's outcome.
        Err(ended) => return ended,
    };
    if let Some(before) = &work.unfinished_resend {
        match settle(ctx, before.as_deref(), &user) {
            Settled::Resent(outcome) => return Some(outcome),
            Settled::Uncertain => return None,
            Settled::NotSent => {}
        }
    }
    let before = user.last_modified;
    let intent = work.record(Outcome::Resending {
        before: before.clone(),
    });
    if !record_durably(records, intent).await {
        // The journal writer gave up and stopped the run: nothing was sent.
        return None;
    }
    loop {
        let request = &work.request;
        let ended = attempt(ctx, work, &mut budget, RetryOn::Throttling, || {
            ctx.api.admin_create_user(request.clone())
        })
        .await;
        let error = match ended {
            Ended::Answered(user) => {
                return Some(Outcome::Resent {
                    status: user.status,
                })
            }
            Ended::Refused(e) => return Some(refused(ctx, work, &e)),
            // Throttled every time, or stopped after a try that is known to
            // have done nothing: not sent.
            Ended::GaveUp(e) => return Some(failed(&e, secret)),
            Ended::Stopped(last) => return last.map(|e| failed(&e, secret)),
            Ended::Ambiguous(e) => e,
        };
        // Did it go out? Only the user's state can say.
        let now = read_user(ctx, work, &mut budget).await.ok()?;
        match settle(ctx, before.as_deref(), &now) {
            Settled::Resent(outcome) => return Some(outcome),
            Settled::Uncertain => return None,
            Settled::NotSent => {}
        }
        let Some(wait) = budget.next_transient(ctx, work.line) else {
            ctx.transient_failure(work.line, &error, secret);
            return Some(failed(&error, secret));
        };
        if !ctx.may_retry(work, &error, budget.tries(), wait)
            || !wait_unless_stopped(ctx, tokio::time::sleep(wait)).await
        {
            return Some(failed(&error, secret));
        }
    }
}

/// What a read after an unfinished resend says.
enum Settled {
    Resent(Outcome),
    NotSent,
    Uncertain,
}

fn settle(ctx: &Ctx, before: Option<&str>, now: &UserState) -> Settled {
    match compare(before, now.last_modified.as_deref()) {
        Change::Changed => Settled::Resent(Outcome::Resent {
            status: now.status.clone(),
        }),
        Change::Unchanged => Settled::NotSent,
        Change::Unknown if ctx.resend_uncertain => Settled::NotSent,
        Change::Unknown => Settled::Uncertain,
    }
}

/// AdminGetUser with the row's retries. `Err` carries the row's outcome when
/// the user could not be read.
async fn read_user(
    ctx: &Ctx,
    work: &Work,
    budget: &mut Budget,
) -> Result<UserState, Option<Outcome>> {
    let secret = work.request.temporary_password.as_deref();
    let (pool, username) = (
        work.request.user_pool_id.clone().unwrap_or_default(),
        work.username.clone(),
    );
    let ended = attempt(ctx, work, budget, RetryOn::AnyTransient, || {
        ctx.api.admin_get_user(pool.clone(), username.clone())
    })
    .await;
    match ended {
        Ended::Answered(user) => Ok(user),
        Ended::Refused(e) => Err(Some(refused(ctx, work, &e))),
        Ended::GaveUp(e) | Ended::Ambiguous(e) => Err(Some(failed(&e, secret))),
        Ended::Stopped(last) => Err(last.map(|e| failed(&e, secret))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_two_different_times_mean_changed() {
        assert_eq!(compare(Some("1.5"), Some("1.5")), Change::Unchanged);
        assert_eq!(compare(Some("1.5"), Some("2.0")), Change::Changed);
        assert_eq!(compare(None, Some("2.0")), Change::Unknown);
        assert_eq!(compare(Some("1.5"), None), Change::Unknown);
        assert_eq!(compare(None, None), Change::Unknown);
    }
}
