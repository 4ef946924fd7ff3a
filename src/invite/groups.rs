//! Putting an invited user in the groups its CSV row names
//! (AdminAddUserToGroup after the user is created). The row's outcome is
//! journaled only once every group is added, so a run stopped in between
//! does the row again: its AdminCreateUser then answers "exists" and the
//! groups are added again, which changes nothing for those already added
//! (the call is idempotent): a membership is never lost, nor doubled.

use crate::api::{ApiError, CognitoApi};

use super::engine::{backoff, RetryPolicy};

/// Adds `username` to each group, retrying transient failures like the
/// rows' calls; the first lasting failure, named with its group.
pub async fn add_to_groups(
    api: &dyn CognitoApi,
    pool_id: &str,
    username: &str,
    groups: &[String],
    retry: &RetryPolicy,
) -> Result<(), ApiError> {
    for group in groups {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let added = api
                .admin_add_user_to_group(pool_id.into(), username.into(), group.clone())
                .await;
            match added {
                Ok(()) => break,
                Err(e) if e.is_transient() && attempt < retry.transient_attempts.max(1) => {
                    tokio::time::sleep(backoff(retry, attempt, 0)).await;
                }
                Err(mut e) => {
                    e.message = format!(
                        "created, but not added to the group {group:?}: {}",
                        e.message
                    );
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}
