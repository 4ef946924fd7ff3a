//! Putting an invited user in the groups its CSV row (or the form) names
//! (AdminAddUserToGroup after the user is created), and what became of each
//! group, so that the journal, the report and the screen say it per row.
//!
//! Every group is tried, one failing does not stop the others. A row with a
//! failed group is journaled as failed (with every group's outcome), so the
//! next run does the row again: its AdminCreateUser then answers "exists"
//! and the groups are added again, which changes nothing for those already
//! added (the call is idempotent, so a group the user was already in counts
//! as added): a membership is never lost, nor doubled.

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ApiResult, CognitoApi, CreatedUser};
use crate::model::AdminCreateUserRequest;

use super::engine::{backoff, RetryPolicy};

/// One group's outcome for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupOutcome {
    pub group: String,
    #[serde(flatten)]
    pub result: GroupResult,
}

/// Added (or already a member), or failed with the service's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum GroupResult {
    Added,
    Failed { code: String, message: String },
}

impl GroupOutcome {
    pub fn is_added(&self) -> bool {
        self.result == GroupResult::Added
    }
}

/// Adds `username` to each group, retrying transient failures like the
/// rows' calls; every group's outcome, in the order given. `failure` turns a
/// lasting error into the recorded code and message (the inviter masks the
/// row's password and cleans the server's words there).
pub async fn add_to_groups(
    api: &dyn CognitoApi,
    pool_id: &str,
    username: &str,
    groups: &[String],
    retry: &RetryPolicy,
    failure: impl Fn(&ApiError) -> (String, String),
) -> Vec<GroupOutcome> {
    let mut outcomes = Vec::with_capacity(groups.len());
    for group in groups {
        let result = match add_one(api, pool_id, username, group, retry).await {
            Ok(()) => GroupResult::Added,
            Err(e) => {
                let (code, message) = failure(&e);
                GroupResult::Failed { code, message }
            }
        };
        outcomes.push(GroupOutcome {
            group: group.clone(),
            result,
        });
    }
    outcomes
}

async fn add_one(
    api: &dyn CognitoApi,
    pool_id: &str,
    username: &str,
    group: &str,
    retry: &RetryPolicy,
) -> Result<(), ApiError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let added = api
            .admin_add_user_to_group(pool_id.into(), username.into(), group.into())
            .await;
        match added {
            Err(e) if e.is_transient() && attempt < retry.transient_attempts.max(1) => {
                tokio::time::sleep(backoff(retry, attempt, 0)).await;
            }
            result => return result,
        }
    }
}

/// One user invited on its own (the wizard's form): the username as it was
/// sent (the service answers with the `sub` when the pool signs in with
/// email or phone), the service's answer, and each group's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invited {
    pub username: String,
    pub user: CreatedUser,
    pub groups: Vec<GroupOutcome>,
}

/// AdminCreateUser, then the groups (each tried, whatever the others did):
/// an error only when the user was not created.
pub async fn invite_one(
    api: &dyn CognitoApi,
    request: AdminCreateUserRequest,
    groups: &[String],
) -> ApiResult<Invited> {
    let pool = request.user_pool_id.clone().unwrap_or_default();
    let username = request.username.clone().unwrap_or_default();
    let user = api.admin_create_user(request).await?;
    let retry = RetryPolicy::default();
    let failure = |e: &ApiError| {
        let code = e.code.clone().unwrap_or_else(|| format!("{:?}", e.kind));
        (code, e.message.clone())
    };
    let groups = add_to_groups(api, &pool, &user.username, groups, &retry, failure).await;
    Ok(Invited {
        username,
        user,
        groups,
    })
}

/// The first failed group, if any.
pub fn first_failure(outcomes: &[GroupOutcome]) -> Option<(&str, &str, &str)> {
    outcomes.iter().find_map(|o| match &o.result {
        GroupResult::Added => None,
        GroupResult::Failed { code, message } => {
            Some((o.group.as_str(), code.as_str(), message.as_str()))
        }
    })
}

/// The groups that failed, as a row's message: `created, but not added to
/// the group "ops": <the service's words>` (and how many others failed);
/// `user` says what became of the user (`created`, `the user exists`).
pub fn failure_message(outcomes: &[GroupOutcome], user: &str) -> Option<String> {
    let (group, _, message) = first_failure(outcomes)?;
    let others = outcomes.iter().filter(|o| !o.is_added()).count() - 1;
    let more = match others {
        0 => String::new(),
        n => format!(" (and {n} other group(s), see the groups column)"),
    };
    Some(format!(
        "{user}, but not added to the group {group:?}: {message}{more}"
    ))
}

/// `admins: added; ops: failed (ResourceNotFoundException)`: the report's
/// groups column and the screen's line, one wording.
pub fn describe(outcomes: &[GroupOutcome]) -> String {
    outcomes
        .iter()
        .map(|o| match &o.result {
            GroupResult::Added => format!("{}: added", o.group),
            GroupResult::Failed { code, .. } => format!("{}: failed ({code})", o.group),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(group: &str, failed: Option<&str>) -> GroupOutcome {
        GroupOutcome {
            group: group.into(),
            result: match failed {
                None => GroupResult::Added,
                Some(code) => GroupResult::Failed {
                    code: code.into(),
                    message: format!("{code} happened"),
                },
            },
        }
    }

    #[test]
    fn outcomes_read_per_group_and_name_the_first_failure() {
        let outcomes = [
            outcome("admins", None),
            outcome("ops", Some("ResourceNotFoundException")),
            outcome("qa", Some("InternalErrorException")),
        ];
        assert_eq!(
            describe(&outcomes),
            "admins: added; ops: failed (ResourceNotFoundException); qa: failed (InternalErrorException)"
        );
        assert_eq!(
            failure_message(&outcomes, "created").unwrap(),
            "created, but not added to the group \"ops\": ResourceNotFoundException happened (and 1 other group(s), see the groups column)"
        );
        assert_eq!(failure_message(&outcomes[..1], "created"), None);
        assert_eq!(
            serde_json::to_string(&outcomes[..2]).unwrap(),
            r#"[{"group":"admins","outcome":"added"},{"group":"ops","outcome":"failed","code":"ResourceNotFoundException","message":"ResourceNotFoundException happened"}]"#
        );
    }
}
