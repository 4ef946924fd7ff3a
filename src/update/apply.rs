//! Sending an update: the pool described again just before (someone may
//! have changed it since the plan was made), the calls in order, and the
//! pool described once more afterwards to find any member that did not take
//! the value sent. No terminal, no SDK: only [`CognitoApi`].

use crate::api::{ApiError, CognitoApi, ErrorKind};

use super::diff::{settings_changes, Change};
use super::plan::{UpdateCall, UpdatePlan};
use super::schema;
use super::state::{LivePool, PoolState};

/// Describes the pool and reads it as [`LivePool`].
pub async fn describe(api: &dyn CognitoApi, pool_id: &str) -> Result<LivePool, ApiError> {
    let described = api.describe_user_pool(pool_id.to_owned()).await?;
    read(&described)
}

/// A description read as [`LivePool`]; one that cannot be read is a bad answer.
pub fn read(described: &crate::model::load::DescribedPool) -> Result<LivePool, ApiError> {
    LivePool::from_described(described).map_err(|e| {
        ApiError::new(
            ErrorKind::BadResponse,
            format!("DescribeUserPool: the pool's description could not be read: {e}"),
        )
    })
}

/// Whether the pool is still as it was when the plan was made: what it is
/// `now` equals what was `loaded`. If not, nothing may be sent before the
/// operator has seen the diff against `now`.
pub fn still_current(loaded: &LivePool, now: &LivePool) -> bool {
    loaded.state == now.state && loaded.id == now.id && same_parts(loaded, now)
}

/// Whether the pool's app clients, domain and groups are as loaded (when
/// both were read; ids of parts made here are not known until read again,
/// so only the parts themselves are compared).
fn same_parts(loaded: &LivePool, now: &LivePool) -> bool {
    match (&loaded.sign_in, &now.sign_in) {
        (Ok(a), Ok(b)) => a.same_parts(b),
        _ => true,
    }
}

/// What someone else changed between `loaded` and `now`: every member of
/// the pool (the schema too), then of its app clients, domain and groups
/// (when both were read); `before` is the value as loaded.
pub fn meanwhile(loaded: &LivePool, now: &LivePool) -> Vec<Change> {
    let mut out = verify(&loaded.state, &now.state);
    if let (Ok(a), Ok(b)) = (&loaded.sign_in, &now.sign_in) {
        out.extend(a.changes_to(b));
    }
    out
}

/// The calls sent before one failed, each named as
/// [`UpdateCall::label`] names it (`UpdateGroup "staff"`), the one that
/// failed, and those not sent: the whole account of the send, whatever
/// the plan is by the time it is shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation} failed: {error}")]
pub struct ApplyFailure {
    pub done: Vec<String>,
    pub operation: &'static str,
    /// The failed call's label.
    pub call: String,
    pub not_sent: Vec<String>,
    pub error: ApiError,
}

/// Sends the plan's calls in order, stopping at the first that fails.
/// Returns the labels of the calls done.
pub async fn apply(api: &dyn CognitoApi, plan: &UpdatePlan) -> Result<Vec<String>, ApplyFailure> {
    let mut done = Vec::new();
    let mut made = crate::run::Progress::default();
    for (i, call) in plan.calls.iter().enumerate() {
        let operation = call.operation();
        let sent = match call {
            UpdateCall::SignIn(later) => {
                made.pool.get_or_insert_with(|| pool_of(later));
                crate::run::send_later(api, later, &mut made).await
            }
            other => api.send_update(other.clone()).await,
        };
        if let Err(error) = sent {
            return Err(ApplyFailure {
                done,
                operation,
                call: call.label(),
                not_sent: plan.calls[i + 1..].iter().map(UpdateCall::label).collect(),
                error,
            });
        }
        done.push(call.label());
    }
    Ok(done)
}

/// The pool a later call is for (its id is filled when it is planned).
fn pool_of(call: &crate::model::Call) -> crate::api::CreatedPool {
    let mut call = call.clone();
    let id = crate::model::preview::pool_id_slot(&mut call).and_then(|slot| slot.take());
    crate::api::CreatedPool {
        id: id.unwrap_or_default(),
        arn: None,
        name: None,
    }
}

/// The pool's settings once the first `done` calls of `plan` were made on
/// `live` (a send that failed part-way): what they sent is the pool's, so
/// the next send's describe does not take the operator's own change for
/// someone else's. Each call sets what it sends: UpdateUserPool every
/// setting but the MFA mode and the schema, AddCustomAttributes the new
/// attributes, SetUserPoolMfaConfig the mode and the factors, the tag calls
/// the tags they set or remove.
pub fn state_after(live: &PoolState, plan: &UpdatePlan, done: usize) -> PoolState {
    let mut state = live.clone();
    let target = &plan.target;
    for call in plan.calls.iter().take(done) {
        let settings = &mut state.settings;
        match call {
            UpdateCall::UpdateUserPool(_) => {
                let mode = settings.mfa_configuration.take();
                let schema = settings.schema.take();
                *settings = target.settings.clone();
                settings.mfa_configuration = mode;
                settings.schema = schema;
            }
            UpdateCall::AddCustomAttributes(r) => settings
                .schema
                .get_or_insert_with(Vec::new)
                .extend(r.custom_attributes.clone().unwrap_or_default()),
            UpdateCall::SetUserPoolMfaConfig(_) => {
                state.mfa = target.mfa.clone();
                settings.mfa_configuration = target.settings.mfa_configuration.clone();
            }
            UpdateCall::TagResource(r) => settings
                .user_pool_tags
                .get_or_insert_with(Default::default)
                .extend(r.tags.clone().unwrap_or_default()),
            UpdateCall::UntagResource(r) => {
                if let Some(tags) = &mut settings.user_pool_tags {
                    for key in r.tag_keys.iter().flatten() {
                        tags.remove(key);
                    }
                }
            }
            _ => {}
        }
    }
    state
}

/// Every member where the pool `now` differs from the `target` the calls
/// were meant to leave: `before` is the value sent, `after` what the pool has.
pub fn verify(target: &PoolState, now: &PoolState) -> Vec<Change> {
    let mut out = settings_changes(target, now);
    let schema = schema::compare(
        now.settings.schema.as_deref(),
        target.settings.schema.as_deref(),
    );
    out.extend(schema.changes.into_iter().map(|c| Change {
        path: c.path,
        before: c.after,
        after: c.before,
    }));
    out
}
