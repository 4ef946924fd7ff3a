//! Validation against the API's own rules, before anything is sent. The SDK
//! checks nothing and the emulator accepts most invalid values, so this is the
//! only guard. Every problem names its field by API path.

pub mod password;
pub mod pool;
pub mod rules;
pub mod user;

use crate::model::{AdminCreateUserRequest, PoolDocument};
use crate::problem::Problem;

pub use user::PoolFacts;

/// Every problem in a pool document: field rules for each call, then the rules
/// that relate fields. Errors come before warnings; otherwise in API order.
pub fn validate_pool(doc: &PoolDocument) -> Vec<Problem> {
    let mut problems = rules::apply(rules::CREATE_USER_POOL, &to_value(&doc.create), "");
    if let Some(mfa) = &doc.mfa {
        problems.extend(rules::apply(
            rules::SET_USER_POOL_MFA_CONFIG,
            &to_value(mfa),
            pool::MFA_PREFIX,
        ));
    }
    problems.extend(pool::cross_rules(doc));
    sort(problems)
}

/// Every problem in an `AdminCreateUser` request; with `pool`, also checks the
/// request against that pool's settings.
pub fn validate_user(request: &AdminCreateUserRequest, pool: Option<&PoolFacts>) -> Vec<Problem> {
    let mut problems = rules::apply(rules::ADMIN_CREATE_USER, &to_value(request), "");
    problems.extend(user::cross_rules(request, pool));
    sort(problems)
}

fn to_value(request: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(request).expect("request types always serialize")
}

fn sort(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
    problems.dedup();
    problems
}
