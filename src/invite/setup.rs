//! The set-up calls of a run (DescribeUserPool), retried like the rows'
//! calls: the inviter's client makes one attempt per call so that throttling
//! reaches its limiter, and without this one throttle or dropped connection
//! before the first row failed the whole run.

use crate::api::{ApiError, ApiResult, CognitoApi, ErrorKind};
use crate::invite::engine::InviteOptions;
use crate::model::load::DescribedPool;

use super::engine::{backoff, RetryPolicy};

/// DescribeUserPool, tried again after a transient failure (throttling,
/// timeout, dropped connection, 5xx) up to `retry.transient_attempts` calls,
/// with the rows' backoff, and all of it within `retry.row_deadline`
/// (`--timeout` bounds the set-up as it bounds a row).
pub async fn describe(
    api: &dyn CognitoApi,
    pool_id: &str,
    retry: &RetryPolicy,
) -> ApiResult<DescribedPool> {
    let deadline = tokio::time::Instant::now() + retry.row_deadline;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let call = api.describe_user_pool(pool_id.to_owned());
        let result = match tokio::time::timeout_at(deadline, call).await {
            Ok(result) => result,
            Err(_) => return Err(out_of_time(retry)),
        };
        match result {
            Err(e) if e.is_transient() && attempt < retry.transient_attempts.max(1) => {
                let wait = backoff(retry, attempt, 0);
                if tokio::time::Instant::now() + wait >= deadline {
                    return Err(e);
                }
                tokio::time::sleep(wait).await;
            }
            result => return result,
        }
    }
}

fn out_of_time(retry: &RetryPolicy) -> ApiError {
    ApiError::new(
        ErrorKind::Timeout,
        format!(
            "no answer within {} s, retries included (--timeout)",
            retry.row_deadline.as_secs()
        ),
    )
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
