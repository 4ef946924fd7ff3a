//! Changing an existing pool safely: a diff against the live pool, then
//! exactly the calls that make the change.
//!
//! UpdateUserPool resets every member a request leaves out to its default,
//! several members can never change, and MFA factors need their own call.
//! This module is pure (no I/O): [`LivePool::from_described`] reads the pool
//! as the service describes it, [`plan_update`] compares it with a document
//! (a request, a plan document or describe output, as [`crate::model::load`]
//! reads them) and returns the member-by-member [`Change`]s, the members
//! that cannot change (each named, with why), and the calls in order, each
//! previewed as its wire body. [`apply`] runs them through
//! [`crate::api::CognitoApi`] and checks the pool took every value.
//!
//! For the wizard: `LivePool::from_described(&api.describe_user_pool(id))`,
//! then [`plan_update`] on every edit (Review shows `plan.diff_lines()`,
//! `plan.refused` and `plan.calls[i].json(..)`), then [`apply::still_current`]
//! right before sending, [`apply::apply`], and [`apply::verify`].

pub mod apply;
pub mod diff;
pub mod entries;
pub mod existing;
pub mod export;
pub mod headless;
pub mod plan;
pub mod schema;
pub mod send;
pub mod sign_in;
pub mod state;

pub use diff::Change;
pub use plan::{plan_update, plan_update_written, UpdateCall, UpdatePlan};
pub use state::{LivePool, PoolState};

use crate::problem::Problem;

/// Every error in the plan's calls (the service model and the documented
/// rules), for the settings the pool would end with.
pub fn check(plan: &UpdatePlan) -> Vec<Problem> {
    // The app clients, domain and groups are checked at their entries
    // (`plan.parts`), not by operation: a plan has several of one.
    let bodies: Vec<(&str, serde_json::Value)> = plan
        .calls
        .iter()
        .filter(|call| !call.is_sign_in())
        .map(|call| {
            let body = call.json(
                crate::model::preview::Layout::Compact,
                crate::model::preview::Secrets::Reveal,
            );
            (
                call.operation(),
                serde_json::from_str(&body).unwrap_or_default(),
            )
        })
        .collect();
    let mut settings = plan.target.settings.clone();
    // The schema is the pool's own (validated when it was created); the
    // attributes added are checked in AddCustomAttributes' body.
    settings.schema = None;
    let has_factor = {
        let m = &plan.target.mfa;
        m.sms_mfa_configuration.is_some()
            || m.software_token_mfa_configuration.is_some()
            || m.email_mfa_configuration.is_some()
            || m.web_authn_configuration.is_some()
    };
    let mfa = has_factor.then(|| {
        let mut mfa = plan.target.mfa.clone();
        mfa.mfa_configuration = settings.mfa_configuration.take();
        mfa
    });
    let problems = crate::validate::validate_update(&bodies, &settings, mfa.as_ref());
    let mut problems: Vec<Problem> = problems
        .into_iter()
        .map(|p| carried_as_warning(plan, p))
        .collect();
    problems.extend(plan.notes.iter().cloned());
    problems.extend(plan.parts.iter().cloned());
    problems
}

/// An error on a member the change does not write (the pool has it, and the
/// full body only carries it) is the pool's own: Cognito accepted it, so it
/// is a warning; only what the change writes can be refused.
fn carried_as_warning(plan: &UpdatePlan, mut problem: Problem) -> Problem {
    let path = problem
        .path
        .strip_prefix("SetUserPoolMfaConfig.")
        .unwrap_or(&problem.path);
    use crate::problem::within;
    let written = plan
        .changes
        .iter()
        .any(|c| within(path, &c.path) || within(&c.path, path));
    if !written {
        problem.as_pools_own();
    }
    problem
}

#[cfg(test)]
mod tests;
