//! Running a plan against an API. Shared by the headless commands and the
//! wizard's background tasks; knows nothing of terminals or the SDK.
//!
//! The calls run in the plan's order (each needs what the ones before it
//! made): the new pool's id fills every later call, a client's id fills the
//! branding style that names it. What succeeded is kept as [`Progress`]; a
//! failure carries it, and running the same plan again from that progress
//! (the wizard's Retry, `create-pool --resume`) starts at the failed call:
//! nothing is made twice.

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ApiResult, CognitoApi, CreatedPool, ErrorKind};
use crate::model::preview::pool_id_slot;
use crate::model::values::client_of_placeholder;
use crate::model::{Call, Operation, Plan};

/// One call of a plan that succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DoneCall {
    pub operation: String,
    /// What it made ([`Call::subject`]): a client's or group's name, a
    /// resource server's identifier, the domain; empty for the MFA call.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    /// The id the service gave it (a client's id; never its secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl DoneCall {
    fn is(&self, call: &Call) -> bool {
        self.operation == call.operation().name() && self.subject == call.subject()
    }
}

/// How far a plan got: the pool (once it exists) and every call done, in
/// order. Printed by `create-pool` and read back by `--resume`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Progress {
    #[serde(flatten)]
    pub pool: Option<CreatedPool>,
    #[serde(default)]
    pub done: Vec<DoneCall>,
}

impl Progress {
    /// Progress of a plan whose pool exists and nothing else is known done.
    pub fn from_pool(pool: Option<CreatedPool>) -> Self {
        let done = pool
            .iter()
            .map(|p| DoneCall {
                operation: Operation::CreateUserPool.name().into(),
                subject: p.name.clone().unwrap_or_default(),
                id: Some(p.id.clone()),
            })
            .collect();
        Self { pool, done }
    }

    /// Whether `call` of the plan already succeeded.
    pub fn is_done(&self, call: &Call) -> bool {
        match call {
            Call::CreateUserPool(_) => self.pool.is_some(),
            other => self.done.iter().any(|d| d.is(other)),
        }
    }

    /// The id of the plan's client named `name`, once created.
    pub fn client_id(&self, name: &str) -> Option<&str> {
        self.done
            .iter()
            .find(|d| d.operation == Operation::CreateUserPoolClient.name() && d.subject == name)
            .and_then(|d| d.id.as_deref())
    }

    /// The labels of the plan's calls not done yet, in order.
    pub fn remaining(&self, plan: &Plan) -> Vec<String> {
        plan.calls
            .iter()
            .filter(|c| !self.is_done(c))
            .map(Call::label)
            .collect()
    }
}

impl Progress {
    /// Why this progress, read back from a file (`--resume`), cannot be
    /// trusted for `plan`: an id the service model refuses (an escape in the
    /// pool id would go out in every later call), or a call done that is
    /// not one of the plan's (it would be echoed as `done: …`). `None` when
    /// every id is one the service could have given.
    pub fn refusal(&self, plan: &Plan) -> Option<String> {
        let pool = self.pool.as_ref()?;
        let pool_id = crate::validate::user_pool_id(&pool.id).map(|p| format!("Id: {}", p.message));
        let arn = pool.arn.as_deref().and_then(|arn| {
            crate::validate::member_value("TagResource", "ResourceArn", arn)
                .map(|p| format!("Arn: {}", p.message))
        });
        let done = self
            .done
            .iter()
            .enumerate()
            .find_map(|(i, d)| d.refusal(plan).map(|why| format!("Done[{i}].{why}")));
        pool_id.or(arn).or(done)
    }
}

impl DoneCall {
    /// Why this call done is not one `plan` makes, or its id not one the
    /// service gives for it.
    fn refusal(&self, plan: &Plan) -> Option<String> {
        let shown = |text: &str| crate::sanitize::clean(&format!("{text:?}")).into_owned();
        let planned = |c: &&Call| !matches!(c, Call::AdminCreateUser(_));
        let Some(call) = plan.calls.iter().filter(planned).find(|c| self.is(c)) else {
            return Some(format!(
                "Operation: {} {} is not a call of this plan",
                shown(&self.operation),
                shown(&self.subject)
            ));
        };
        let id = self.id.as_deref()?;
        let problem = match call.operation() {
            Operation::CreateUserPool => crate::validate::user_pool_id(id).map(|p| p.message),
            Operation::CreateUserPoolClient => {
                crate::validate::member_value("DescribeUserPoolClient", "ClientId", id)
                    .map(|p| p.message)
            }
            // Neither a CloudFront domain nor a branding id is an input of
            // any call in the model: a host name's characters.
            Operation::CreateUserPoolDomain | Operation::CreateManagedLoginBranding => (!id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
            .then(|| "may contain only letters, digits, . - and _ (ASCII only)".to_owned()),
            _ => Some("this call makes no id".to_owned()),
        };
        problem.map(|why| format!("Id: {why}"))
    }

    /// The call in words, with the id it was given: `CreateUserPoolClient
    /// "web" (id 1a2b…)`.
    pub fn words(&self) -> String {
        let subject = if self.subject.is_empty() {
            String::new()
        } else {
            format!(" {}", serde_json::Value::String(self.subject.clone()))
        };
        let id = match &self.id {
            None => String::new(),
            Some(_) if self.operation == Operation::CreateUserPool.name() => String::new(),
            // What CreateUserPoolDomain answers is where the domain points.
            Some(at) if self.operation == Operation::CreateUserPoolDomain.name() => {
                format!(" (CloudFront {at})")
            }
            Some(id) => format!(" (id {id})"),
        };
        format!("{}{subject}{id}", self.operation)
    }
}

/// Every call of `plan` as a failure left it, in the words `create-pool`
/// prints and the wizard's Result shows: `done: …` (with the ids made),
/// `failed: …`, `not run: …`.
pub fn failure_account(failure: &PlanFailure, plan: &Plan) -> Vec<String> {
    let progress = &failure.progress;
    let done = progress.done.iter().map(|d| format!("done: {}", d.words()));
    let left = progress.remaining(plan).into_iter().enumerate();
    let left = left.map(|(i, label)| match i {
        0 => format!("failed: {label}"),
        _ => format!("not run: {label}"),
    });
    done.chain(left).collect()
}

/// How far a pool plan got before it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{call} failed: {error}")]
pub struct PlanFailure {
    pub operation: &'static str,
    /// The failed call in words: `CreateUserPoolClient "web"`.
    pub call: String,
    pub error: ApiError,
    /// The pool, when `CreateUserPool` succeeded and a later call failed: a
    /// retry must continue with this pool, never create a second one.
    pub created: Option<CreatedPool>,
    /// Everything that succeeded: run the plan again from here to resume
    /// (boxed: the wizard's messages carry failures by value).
    pub progress: Box<Progress>,
}

/// Runs a pool plan: `CreateUserPool`, then every later call with the new
/// pool's id, skipping what `done` records (a retry after a failure passes
/// the failure's progress, so nothing is made twice).
pub async fn run_pool_plan(
    api: &dyn CognitoApi,
    plan: &Plan,
    done: Progress,
) -> Result<CreatedPool, PlanFailure> {
    let progress = run_plan(api, plan, done).await?;
    progress
        .pool
        .ok_or_else(|| no_pool_failure(Progress::default()))
}

/// Runs the calls of `plan` that `progress` does not have yet, in order; the
/// progress at the end, or at the failed call.
pub async fn run_plan(
    api: &dyn CognitoApi,
    plan: &Plan,
    mut progress: Progress,
) -> Result<Progress, PlanFailure> {
    for call in &plan.calls {
        if progress.is_done(call) || matches!(call, Call::AdminCreateUser(_)) {
            continue;
        }
        match send(api, call, &progress).await {
            Ok(Sent::Pool(pool)) => {
                progress = Progress::from_pool(Some(pool));
            }
            Ok(Sent::Other(id)) => progress.done.push(DoneCall {
                operation: call.operation().name().into(),
                subject: call.subject(),
                id,
            }),
            Err(error) => return Err(fail(call, error, progress)),
        }
    }
    if progress.pool.is_none() {
        return Err(no_pool_failure(progress));
    }
    Ok(progress)
}

/// One later call for a pool that exists (change mode's new clients,
/// groups, ...), with the pool's and earlier clients' ids from `progress`
/// filled in; the id it made is added to `progress`.
pub async fn send_later(
    api: &dyn CognitoApi,
    call: &Call,
    progress: &mut Progress,
) -> ApiResult<()> {
    let id = match send(api, call, progress).await? {
        Sent::Other(id) => id,
        Sent::Pool(_) => return Err(no_pool()),
    };
    progress.done.push(DoneCall {
        operation: call.operation().name().into(),
        subject: call.subject(),
        id,
    });
    Ok(())
}

enum Sent {
    Pool(CreatedPool),
    Other(Option<String>),
}

/// Sends one call, with the ids earlier calls made filled in.
async fn send(api: &dyn CognitoApi, call: &Call, progress: &Progress) -> ApiResult<Sent> {
    if let Call::CreateUserPool(request) = call {
        return api.create_user_pool(request.clone()).await.map(Sent::Pool);
    }
    let mut call = call.clone();
    let pool = progress.pool.as_ref().ok_or_else(no_pool)?;
    if let Some(slot) = pool_id_slot(&mut call) {
        *slot = Some(pool.id.clone());
    }
    let id = match call {
        Call::CreateUserPool(_) | Call::AdminCreateUser(_) => None,
        Call::SetUserPoolMfaConfig(r) => api.set_user_pool_mfa_config(r).await.map(|()| None)?,
        Call::CreateResourceServer(r) => api.create_resource_server(r).await?,
        Call::CreateUserPoolClient(r) => api.create_user_pool_client(r).await?,
        Call::CreateUserPoolDomain(r) => api.create_user_pool_domain(r).await?,
        Call::CreateManagedLoginBranding(mut r) => {
            r.client_id = Some(branding_client(r.client_id.as_deref(), progress)?);
            api.create_managed_login_branding(r).await?
        }
        Call::CreateGroup(r) => api.create_group(r).await?,
    };
    Ok(Sent::Other(id))
}

/// The branding style's client id: the id of the plan's client its
/// placeholder names (validation makes sure there is one).
fn branding_client(written: Option<&str>, progress: &Progress) -> ApiResult<String> {
    let written = written.unwrap_or_default();
    let Some(name) = client_of_placeholder(written) else {
        return Ok(written.to_owned());
    };
    progress.client_id(name).map(str::to_owned).ok_or_else(|| {
        ApiError::new(
            ErrorKind::Setup,
            format!("the client {name:?} the branding style is for was not created"),
        )
    })
}

fn no_pool() -> ApiError {
    ApiError::new(ErrorKind::Setup, "the plan creates no pool")
}

/// The failure of a plan that makes no pool.
pub(crate) fn no_pool_failure(progress: Progress) -> PlanFailure {
    let call = Call::CreateUserPool(Default::default());
    fail(&call, no_pool(), progress)
}

fn fail(call: &Call, error: ApiError, progress: Progress) -> PlanFailure {
    PlanFailure {
        operation: call.operation().name(),
        call: call.label(),
        error,
        created: progress.pool.clone(),
        progress: Box::new(progress),
    }
}
