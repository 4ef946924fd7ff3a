//! Validation against the API's own rules, before anything is sent. The SDK
//! checks nothing and the emulator accepts most invalid values, so this is the
//! only guard. Every problem names its field by API path.
//!
//! * [`table`]: the service model's constraints, generated from botocore;
//! * [`engine`]: applies them to a request's JSON (also used when reading files);
//! * [`rules`]: the few single-field rules the model does not state, with sources;
//! * [`pool`], [`user`]: rules that tie members together, with sources;
//! * [`clients`]: the rules that tie the later calls of a plan (app clients,
//!   resource servers, domain, branding, groups) to each other and the pool.

pub mod clients;
pub mod engine;
pub mod java_regex;
pub mod mutability;
pub mod password;
pub mod patterns;
pub mod pool;
pub mod rules;
mod sign_in_rules;
pub mod table;
pub mod user;

use crate::model::{AdminCreateUserRequest, PoolDocument};
use crate::problem::Problem;

pub use user::PoolFacts;

/// The MFA call's pool id: filled in from CreateUserPool's answer.
const FILLED_BY_TOOL: &[&str] = &["UserPoolId"];

/// Every problem in a pool document: the service model's rules for each call,
/// then the documented rules. Errors come before warnings; otherwise in API order.
pub fn validate_pool(doc: &PoolDocument) -> Vec<Problem> {
    let mut problems = model_problems_pool(doc);
    rules::pool_field_rules(&doc.create, &mut problems);
    problems.extend(pool::cross_rules(doc));
    problems.extend(clients::cross_rules(doc));
    sort(problems)
}

/// Every problem in an `AdminCreateUser` request; with `pool`, also checks the
/// request against that pool's settings.
pub fn validate_user(request: &AdminCreateUserRequest, pool: Option<&PoolFacts>) -> Vec<Problem> {
    let mut problems = model_problems_user(request);
    rules::user_field_rules(request, &mut problems);
    problems.extend(user::cross_rules(request, pool));
    sort(problems)
}

/// SetUserPoolMfaConfig on its own (for an existing pool, or the exported
/// second call): the model's rules; the pool id is required unless it was the
/// export's placeholder, which loading took out with a warning naming it.
pub fn validate_mfa_alone(request: &crate::model::SetUserPoolMfaConfigRequest) -> Vec<Problem> {
    let placeholder_taken = request.user_pool_id.is_none();
    let filled = if placeholder_taken {
        FILLED_BY_TOOL
    } else {
        &[]
    };
    let table = table::model().operation("SetUserPoolMfaConfig");
    sort(check(table, &to_value(request), "", filled))
}

/// A later call of a plan on its own (an exported per-call file, for an
/// existing pool): its operation's rules from the service model. The pool
/// id is required unless it was the export's placeholder, which loading
/// took out with a warning; so is a branding style's client id when it is
/// the placeholder naming a plan client. The plan's cross-call rules (a
/// client's OAuth needs the domain, …) need the whole plan document.
pub fn validate_call_alone(call: &crate::model::Call) -> Vec<Problem> {
    let op = call.operation();
    let mut value: serde_json::Value = serde_json::from_str(&crate::model::preview::call_json(
        call,
        crate::model::preview::Layout::Compact,
        crate::model::preview::Secrets::Reveal,
    ))
    .unwrap_or_default();
    let mut filled: Vec<&str> = Vec::new();
    // The preview writes the placeholder where loading took it out.
    let mut pool_id = None;
    if let Some(slot) = crate::model::preview::pool_id_slot(&mut call.clone()) {
        pool_id = slot.take();
    }
    if pool_id.is_none() {
        if let Some(object) = value.as_object_mut() {
            object.remove("UserPoolId");
        }
        filled.push("UserPoolId");
    }
    if let crate::model::Call::CreateManagedLoginBranding(r) = call {
        let placeholder = r
            .client_id
            .as_deref()
            .and_then(crate::model::values::client_of_placeholder)
            .is_some();
        if placeholder {
            if let Some(object) = value.as_object_mut() {
                object.remove("ClientId");
            }
            filled.push("ClientId");
        }
    }
    sort(check(
        table::model().operation(op.name()),
        &value,
        "",
        &filled,
    ))
}

/// Every error in the calls that change an existing pool: each call's body
/// against its operation's table (problems in calls after the first named
/// with the operation, `AddCustomAttributes.CustomAttributes[0].Name`), then
/// the documented rules on the settings the pool will have (`settings`, with
/// `mfa` the factors and mode SetUserPoolMfaConfig will leave). Only errors:
/// the create-time warnings do not apply to a pool that exists.
pub fn validate_update(
    bodies: &[(&str, serde_json::Value)],
    settings: &crate::model::CreateUserPoolRequest,
    mfa: Option<&crate::model::SetUserPoolMfaConfigRequest>,
) -> Vec<Problem> {
    let model = table::model();
    let mut problems = Vec::new();
    for (operation, body) in bodies {
        let prefix = if *operation == "UpdateUserPool" {
            ""
        } else {
            operation
        };
        problems.extend(check(model.operation(operation), body, prefix, &[]));
    }
    let doc = PoolDocument {
        create: settings.clone(),
        mfa: mfa.cloned(),
        ..PoolDocument::default()
    };
    rules::pool_field_rules(&doc.create, &mut problems);
    problems.extend(pool::cross_rules(&doc));
    problems.retain(Problem::is_error);
    sort(problems)
}

/// Only what the service model says about a pool document (the differential
/// test compares exactly this with an independent reading of the model).
pub fn model_problems_pool(doc: &PoolDocument) -> Vec<Problem> {
    let model = table::model();
    let mut problems = check(
        model.operation("CreateUserPool"),
        &to_value(&doc.create),
        "",
        &[],
    );
    if let Some(mfa) = &doc.mfa {
        problems.extend(check(
            model.operation("SetUserPoolMfaConfig"),
            &to_value(mfa),
            pool::MFA_PREFIX,
            FILLED_BY_TOOL,
        ));
    }
    problems.extend(model_problems_later_calls(doc));
    problems
}

/// What the service model says about the calls after CreateUserPool and
/// SetUserPoolMfaConfig, each under its place in the plan document
/// (`CreateUserPoolClient[1].CallbackURLs[0]`). The pool id is filled in
/// by the tool; so is a branding style's client id when it is the
/// placeholder naming a client of the plan.
pub fn model_problems_later_calls(doc: &crate::model::PoolDocument) -> Vec<Problem> {
    use crate::model::Operation as Op;
    let mut problems = Vec::new();
    let mut run = |op: Op, at: String, value: serde_json::Value, filled: &[&str]| {
        problems.extend(check(
            table::model().operation(op.name()),
            &value,
            &at,
            filled,
        ));
    };
    let list = |op: Op, i: usize| format!("{}[{i}]", op.name());
    for (i, r) in doc.resource_servers.iter().enumerate() {
        let op = Op::CreateResourceServer;
        run(op, list(op, i), to_value(r), FILLED_BY_TOOL);
    }
    for (i, r) in doc.clients.iter().enumerate() {
        let op = Op::CreateUserPoolClient;
        run(op, list(op, i), to_value(r), FILLED_BY_TOOL);
    }
    if let Some(r) = &doc.domain {
        let op = Op::CreateUserPoolDomain;
        let mut value = to_value(r);
        // The model's Domain pattern is a prefix's (no dots); a custom
        // domain is a host name, checked by the plan rules instead.
        let custom = r.custom_domain_config.is_some() && r.domain.is_some();
        let filled = set_aside(&mut value, "Domain", custom);
        run(op, op.name().into(), value, &filled);
    }
    if let Some(r) = &doc.branding {
        let op = Op::CreateManagedLoginBranding;
        let placeholder = r
            .client_id
            .as_deref()
            .and_then(crate::model::values::client_of_placeholder)
            .is_some();
        let mut value = to_value(r);
        // The client's id is not known yet: checked by the plan rules.
        let filled = set_aside(&mut value, "ClientId", placeholder);
        run(op, op.name().into(), value, &filled);
    }
    for (i, r) in doc.groups.iter().enumerate() {
        let op = Op::CreateGroup;
        run(op, list(op, i), to_value(r), FILLED_BY_TOOL);
    }
    problems
}

/// Only what the service model says about an `AdminCreateUser` request.
pub fn model_problems_user(request: &AdminCreateUserRequest) -> Vec<Problem> {
    check(
        table::model().operation("AdminCreateUser"),
        &to_value(request),
        "",
        &[],
    )
}

/// Takes `member` out of a call's JSON when `aside` (a value the plan rules
/// check instead of the model); the required members then counted as given.
fn set_aside(
    value: &mut serde_json::Value,
    member: &'static str,
    aside: bool,
) -> Vec<&'static str> {
    let mut filled = FILLED_BY_TOOL.to_vec();
    if aside {
        if let Some(object) = value.as_object_mut() {
            object.remove(member);
        }
        filled.push(member);
    }
    filled
}

/// Why a user pool id cannot be one, by the service model's UserPoolId
/// (length, pattern `[\w-]+_[0-9a-zA-Z]+`): every command and prompt that
/// takes an id asks this first, so an id with an escape or a line break is
/// refused, shown escaped, before it reaches a call, a journal or a screen.
pub fn user_pool_id(id: &str) -> Option<Problem> {
    member_value("DescribeUserPool", "UserPoolId", id)
}

/// Why `value` cannot be `operation`'s top-level `member`, by the service
/// model (its length and pattern): how an id read back from a file (a
/// resume file's client id, pool ARN) is checked before it is sent.
pub fn member_value(operation: &str, member: &str, value: &str) -> Option<Problem> {
    let request = serde_json::json!({ member: value });
    let table = table::model().operation(operation);
    check(table, &request, "", &[])
        .into_iter()
        .find(|p| p.is_error() && p.is_within(member))
}

/// Everything the model says about one call's JSON; `filled_by_tool` are
/// required members the tool fills in itself.
fn check(
    table: &table::OperationTable,
    request: &serde_json::Value,
    prefix: &str,
    filled_by_tool: &[&str],
) -> Vec<Problem> {
    engine::Check {
        table,
        depth: engine::Depth::Values,
        prefix,
        filled_by_tool,
    }
    .run(request)
}

fn to_value(request: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(request).expect("request types always serialize")
}

fn sort(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pool_id_is_checked_by_the_model() {
        assert_eq!(super::user_pool_id("us-east-1_AbC123"), None);
        for bad in [
            "\x1b[31mus-east-1_AbC123",
            "us-east-1_AbC123\n",
            "us-east-1_Ab\u{202e}C",
            "nounderscore",
            "",
        ] {
            let problem = super::user_pool_id(bad).expect(bad);
            assert_eq!(problem.path, "UserPoolId", "{bad:?}");
        }
    }
}
