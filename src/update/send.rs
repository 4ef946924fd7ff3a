//! The whole send of an update, for the wizard and the command alike: the
//! pool described again just before (nothing is sent if it changed since it
//! was loaded), the calls in order, and the pool described once more to
//! find any member that did not take the value sent.

use crate::api::{ApiError, CognitoApi};
use crate::model::load::DescribedPool;

use super::apply::{self, describe, ApplyFailure};
use super::diff::Change;
use super::plan::UpdatePlan;
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
        done: Vec<&'static str>,
        /// The pool described afterwards, or why it could not be.
        after: Result<Box<LivePool>, ApiError>,
        /// Members that do not have the value they should have now.
        missed: Vec<Change>,
    },
}

/// Describes `loaded`'s pool again, sends `plan`'s calls only if it is still
/// as loaded, then describes it once more and compares with the plan's target.
pub async fn send_checked(api: &dyn CognitoApi, loaded: &LivePool, plan: &UpdatePlan) -> Sent {
    let read = |described: DescribedPool| apply::read(&described).map(|now| (now, described));
    // DescribeUserPool does not list the clients, domain and groups: the
    // pool keeps those it was loaded with (and, once sent, those made).
    let read = |described| {
        read(described).map(|(mut now, described): (LivePool, _)| {
            now.sign_in = loaded.sign_in.clone();
            (now, described)
        })
    };
    let (now, described) = match api.describe_user_pool(loaded.id.clone()).await {
        Ok(described) => match read(described) {
            Ok(read) => read,
            Err(error) => return Sent::NotChecked(error),
        },
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
    let made: Vec<_> = plan
        .calls
        .iter()
        .filter_map(|c| match c {
            super::UpdateCall::SignIn(call) => Some(call.clone()),
            _ => None,
        })
        .collect();
    let sign_in = loaded.sign_in.as_ref().map(|s| s.with_made(&made));
    match describe(api, &loaded.id).await {
        Ok(after) => Sent::Applied {
            done,
            missed: apply::verify(&plan.target, &after.state),
            after: Ok(Box::new(LivePool {
                sign_in: sign_in.map_err(Clone::clone),
                ..after
            })),
        },
        Err(error) => Sent::Applied {
            done,
            after: Err(error),
            missed: Vec::new(),
        },
    }
}
