//! The whole send of an update, for the wizard and the command alike: the
//! pool described again just before (nothing is sent if it changed since it
//! was loaded), the calls in order, and the pool described once more to
//! find any member that did not take the value sent.

use crate::api::{ApiError, CognitoApi, ErrorKind};
use crate::model::load::DescribedPool;

use super::apply::{self, describe, ApplyFailure};
use super::diff::Change;
use super::plan::UpdatePlan;
use super::sign_in::ExistingSignIn;
use super::state::LivePool;

/// How a send ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    /// DescribeUserPool failed just before sending: nothing was sent.
    NotChecked(ApiError),
    /// The pool changed since it was loaded (someone else edited it):
    /// nothing was sent. The pool as it is now, and its description (the
    /// wizard reads its steps from it).
    PoolChanged {
        now: Box<LivePool>,
        described: Box<DescribedPool>,
    },
    /// A call failed; the calls before it were made.
    Failed(ApplyFailure),
    /// Every call was made.
    Applied {
        /// The calls made, by [`super::UpdateCall::label`].
        done: Vec<String>,
        /// The pool described afterwards, or why it could not be.
        after: Result<Box<LivePool>, ApiError>,
        /// Members that do not have the value they should have now.
        missed: Vec<Change>,
    },
}

/// Describes `loaded`'s pool again, sends `plan`'s calls only if it is still
/// as loaded, then describes it once more and compares with the plan's
/// target. The pool's app clients, domain and groups, when they were read
/// at load, are read again too: before (someone may have changed them) and
/// after (to check what the calls made, and to know the ids of those made).
pub async fn send_checked(api: &dyn CognitoApi, loaded: &LivePool, plan: &UpdatePlan) -> Sent {
    // Read whenever they were read at load: a change of the pool alone
    // must still not leave the wizard with stale parts (or miss theirs).
    let parts = loaded.sign_in.is_ok();
    let (now, described) = match now(api, loaded, parts).await {
        Ok(now) => now,
        Err(error) => return Sent::NotChecked(error),
    };
    if !apply::still_current(loaded, &now) {
        return Sent::PoolChanged {
            now: Box::new(now),
            described: Box::new(described),
        };
    }
    let done = match apply::apply(api, plan).await {
        Ok(done) => done,
        Err(failure) => return Sent::Failed(failure),
    };
    let expected = loaded.sign_in.as_ref().map(|s| s.with_made(&plan.calls));
    let after = match describe(api, &loaded.id).await {
        Ok(after) => after,
        Err(error) => {
            return Sent::Applied {
                done,
                after: Err(error),
                missed: Vec::new(),
            }
        }
    };
    let mut missed = apply::verify(&plan.target, &after.state);
    let sign_in = match (parts, &expected) {
        (true, Ok(expected)) => match read_sign_in(api, &loaded.id).await {
            Ok(fresh) => {
                missed.extend(expected.missed(&fresh, &plan.calls));
                Ok(fresh)
            }
            Err(_) => Ok(expected.clone()),
        },
        _ => expected.map_err(Clone::clone),
    };
    Sent::Applied {
        done,
        missed,
        after: Ok(Box::new(LivePool { sign_in, ..after })),
    }
}

/// The pool as it is now (and its description); its app clients, domain
/// and groups read again with `parts` (else those it was loaded with:
/// DescribeUserPool does not list them).
async fn now(
    api: &dyn CognitoApi,
    loaded: &LivePool,
    parts: bool,
) -> Result<(LivePool, DescribedPool), ApiError> {
    let described = api.describe_user_pool(loaded.id.clone()).await?;
    let mut now = apply::read(&described)?;
    now.sign_in = match parts {
        true => Ok(read_sign_in(api, &loaded.id).await?),
        false => loaded.sign_in.clone(),
    };
    Ok((now, described))
}

/// The pool's app clients, resource servers, domain and groups, read.
async fn read_sign_in(api: &dyn CognitoApi, pool_id: &str) -> Result<ExistingSignIn, ApiError> {
    let described = api.describe_sign_in(pool_id.to_owned()).await?;
    ExistingSignIn::from_described(&described).map_err(|why| {
        ApiError::new(
            ErrorKind::BadResponse,
            format!("the pool's app clients, domain and groups could not be read: {why}"),
        )
    })
}
