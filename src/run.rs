//! Running a plan against an API. Shared by the headless commands and the
//! wizard's background tasks; knows nothing of terminals or the SDK.

use crate::api::{ApiError, CognitoApi, CreatedPool};
use crate::model::{Call, Operation, Plan};

/// How far a pool plan got before it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation} failed: {error}")]
pub struct PlanFailure {
    pub operation: &'static str,
    pub error: ApiError,
    /// The pool, when `CreateUserPool` succeeded and a later call failed: a
    /// retry must continue with this pool, never create a second one.
    pub created: Option<CreatedPool>,
}

/// Runs a pool plan: `CreateUserPool`, then any follow-up calls with the new
/// pool's id. With `created`, the pool already exists (a retry after a later
/// call failed) and only the follow-up calls run.
pub async fn run_pool_plan(
    api: &dyn CognitoApi,
    plan: &Plan,
    created: Option<CreatedPool>,
) -> Result<CreatedPool, PlanFailure> {
    let mut pool = created;
    for call in &plan.calls {
        match call {
            Call::CreateUserPool(request) => {
                if pool.is_some() {
                    continue;
                }
                let made = api
                    .create_user_pool(request.clone())
                    .await
                    .map_err(|error| PlanFailure {
                        operation: Operation::CreateUserPool.name(),
                        error,
                        created: None,
                    })?;
                pool = Some(made);
            }
            Call::SetUserPoolMfaConfig(request) => {
                let Some(made) = pool.clone() else {
                    return Err(PlanFailure {
                        operation: Operation::SetUserPoolMfaConfig.name(),
                        error: ApiError::new(crate::api::ErrorKind::Setup, "no pool to configure"),
                        created: None,
                    });
                };
                let mut request = request.clone();
                request.user_pool_id = Some(made.id.clone());
                api.set_user_pool_mfa_config(request)
                    .await
                    .map_err(|error| PlanFailure {
                        operation: Operation::SetUserPoolMfaConfig.name(),
                        error,
                        created: Some(made.clone()),
                    })?;
            }
            Call::AdminCreateUser(_) => {}
        }
    }
    pool.ok_or_else(|| PlanFailure {
        operation: Operation::CreateUserPool.name(),
        error: ApiError::new(crate::api::ErrorKind::Setup, "the plan creates no pool"),
        created: None,
    })
}
