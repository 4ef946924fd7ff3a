//! The set-up calls of a run (DescribeUserPool), retried like the rows'
//! calls: the inviter's client makes one attempt per call so that throttling
//! reaches its limiter, and without this one throttle or dropped connection
//! before the first row failed the whole run.

use crate::api::{ApiResult, CognitoApi};
use crate::invite::engine::InviteOptions;
use crate::model::load::DescribedPool;

use super::engine::{backoff, RetryPolicy};

/// DescribeUserPool, tried again after a transient failure (throttling,
/// timeout, dropped connection, 5xx) up to `retry.transient_attempts` calls,
/// with the rows' backoff.
pub async fn describe(
    api: &dyn CognitoApi,
    pool_id: &str,
    retry: &RetryPolicy,
) -> ApiResult<DescribedPool> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match api.describe_user_pool(pool_id.to_owned()).await {
            Err(e) if e.is_transient() && attempt < retry.transient_attempts.max(1) => {
                tokio::time::sleep(backoff(retry, attempt, 0)).await;
            }
            result => return result,
        }
    }
}

/// The pool's groups, listed only when the CSV has a `groups` column (and
/// tried again like DescribeUserPool): what the check verifies each row's
/// groups against.
pub async fn pool_groups(
    api: &dyn CognitoApi,
    options: &InviteOptions,
) -> ApiResult<Option<std::collections::BTreeSet<String>>> {
    if !super::rows::names_groups(&options.csv) {
        return Ok(None);
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match api.list_group_names(options.user_pool_id.clone()).await {
            Err(e) if e.is_transient() && attempt < options.retry.transient_attempts.max(1) => {
                tokio::time::sleep(backoff(&options.retry, attempt, 0)).await;
            }
            result => return result.map(|names| Some(names.into_iter().collect())),
        }
    }
}
