//! The sign-in parts of a change: the app clients, resource servers, domain
//! and groups the pool already has, and the ones a draft or a plan document
//! describes. An entry named like one the pool has is that one: what it
//! changes becomes the part's update call with the full body
//! ([`super::entries`]); an entry with a new name becomes its create-mode
//! call ([`crate::model::PoolDocument::plan`]) with the pool's id filled. A
//! second entry with a name the pool has (or another domain for a pool that
//! has one) is refused by name: nothing is sent. What the document leaves
//! out is left as the pool has it: nothing is ever deleted here.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::diff::Change;
use super::entries::{self, Part};
pub use super::existing::ExistingSignIn;
use super::plan::UpdateCall;
use crate::model::values::client_of_placeholder;
use crate::model::written::Written;
use crate::model::{Call, PoolDocument};
use crate::problem::Problem;

/// What the sign-in parts of a change do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInPlan {
    /// An added line per new part (`CreateGroup: admins`), then a line per
    /// changed member of an existing one (`UpdateGroup[staff].Precedence: 1 -> 2`).
    pub changes: Vec<Change>,
    pub refused: Vec<Problem>,
    pub calls: Vec<UpdateCall>,
    /// Members of existing parts the file leaves out (they keep the pool's value).
    pub carried: Vec<String>,
    /// The documented rules and the service model on the parts as the
    /// change leaves them, at the document's entries; on a part of the
    /// pool's the change does not touch, a warning (Cognito accepted it).
    pub problems: Vec<Problem>,
}

/// The parts as the change leaves them, as a document (the rules read one).
#[derive(Default)]
struct Parts {
    doc: PoolDocument,
}

impl Parts {
    /// One entry's request, as JSON in its create shape.
    fn add(&mut self, operation: crate::model::Operation, value: Value) {
        use crate::model::Operation as Op;
        let doc = &mut self.doc;
        fn read<T: serde::de::DeserializeOwned>(v: Value) -> Option<T> {
            serde_json::from_value(v).ok()
        }
        match operation {
            Op::CreateResourceServer => doc.resource_servers.extend(read(value)),
            Op::CreateUserPoolClient => doc.clients.extend(read(value)),
            Op::CreateUserPoolDomain => doc.domain = read(value),
            Op::CreateManagedLoginBranding => doc.branding = read(value),
            Op::CreateGroup => doc.groups.extend(read(value)),
            _ => {}
        }
    }

    /// The pool's resource servers, clients and domain the document does
    /// not name (a client's scopes, a branding style's client and the
    /// domain's rules read them), after the document's own, and their
    /// paths; its branding as the document writes it
    /// (a client named by placeholder).
    fn keep_unnamed(&mut self, existing: &ExistingSignIn, doc: &PoolDocument) -> Vec<String> {
        let mut untouched = Vec::new();
        for server in &existing.resource_servers {
            let servers = &mut self.doc.resource_servers;
            if !servers.iter().any(|n| n.identifier == server.identifier) {
                untouched.push(format!("CreateResourceServer[{}]", servers.len()));
                servers.push(server.clone());
            }
        }
        for (_, client) in &existing.clients {
            let clients = &mut self.doc.clients;
            if !clients.iter().any(|c| c.client_name == client.client_name) {
                untouched.push(format!("CreateUserPoolClient[{}]", clients.len()));
                clients.push(client.clone());
            }
        }
        if self.doc.domain.is_none() && existing.domain.is_some() {
            self.doc.domain = existing.domain.clone();
            untouched.push("CreateUserPoolDomain".into());
        }
        self.doc.branding = doc.branding.clone();
        untouched
    }
}

/// A call's request as JSON, without the pool id.
fn to_call_value(call: &Call) -> Value {
    use crate::model::preview::{call_json, Layout, Secrets};
    let mut value: Value = serde_json::from_str(&call_json(call, Layout::Compact, Secrets::Reveal))
        .unwrap_or_default();
    if let Value::Object(members) = &mut value {
        members.remove("UserPoolId");
    }
    value
}

/// Which entries are the pool's own parts, and which of their members the
/// change writes.
#[derive(Clone, Copy)]
struct Touched<'a> {
    pools: &'a [String],
    touched: &'a [String],
}

impl Touched<'_> {
    /// Whether `path` is in one of the pool's parts, on a member the change
    /// does not write (nor one inside it, nor the structure around it).
    fn pools_own(&self, path: &str) -> bool {
        use crate::problem::within;
        self.pools.iter().any(|at| within(path, at))
            && !self
                .touched
                .iter()
                .any(|t| within(path, t) || within(t, path))
    }
}

/// The parts' problems: the service model and the documented rules (as
/// for a new pool, with the pool's settings), at the document's entries;
/// an error on a member of one of the pool's parts that the change does not
/// write becomes a warning (Cognito accepted it); one already refused is
/// not said twice.
fn rules_for(
    parts: &PoolDocument,
    settings: &crate::model::CreateUserPoolRequest,
    touched: Touched,
    refused: &[Problem],
) -> Vec<Problem> {
    let doc = PoolDocument {
        create: settings.clone(),
        ..parts.clone()
    };
    let mut problems = crate::validate::model_problems_later_calls(&doc);
    problems.extend(crate::validate::clients::cross_rules(&doc));
    let later = |p: &Problem| {
        [
            "CreateResourceServer",
            "CreateUserPoolClient",
            "CreateUserPoolDomain",
            "CreateManagedLoginBranding",
            "CreateGroup",
        ]
        .iter()
        .any(|op| p.path.starts_with(op))
    };
    problems.retain(|p| later(p) && !refused.iter().any(|r| r.path == p.path));
    for problem in &mut problems {
        if touched.pools_own(&problem.path) {
            problem.as_pools_own();
        }
    }
    problems
}

/// The sign-in parts of `doc` against the pool's. `existing` is `Err`
/// with why when the pool's parts could not be read: then every one is
/// refused (whether it is new could not be told). `written`: what a file
/// writes (members an entry leaves out keep the pool's values).
pub fn plan_sign_in(
    pool_id: &str,
    existing: Result<&ExistingSignIn, &str>,
    doc: &PoolDocument,
    (settings, written): (&crate::model::CreateUserPoolRequest, Option<&Written>),
) -> SignInPlan {
    let mut calls: Vec<Call> = doc.plan().calls;
    calls.retain(|c| !matches!(c, Call::CreateUserPool(_) | Call::SetUserPoolMfaConfig(_)));
    let mut plan = SignInPlan::default();
    let existing = match existing {
        Ok(existing) => existing,
        Err(why) => {
            plan.refused = calls.iter().map(|c| unreadable(c, why)).collect();
            return plan;
        }
    };
    // The n-th call of an operation is the n-th entry of its list in the
    // document: what is said about it is at that entry, so the step and
    // the field show it (and Review's Enter goes there).
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    let mut claimed: HashSet<(&'static str, String)> = HashSet::new();
    // The parts as the change leaves them, in the document's order (so a
    // rule's path is the entry's), and the pool's entries it leaves as
    // they are.
    let mut parts = Parts::default();
    let (mut pools, mut touched): (Vec<String>, Vec<String>) = Default::default();
    for mut call in calls {
        if let Some(slot) = crate::model::preview::pool_id_slot(&mut call) {
            *slot = Some(pool_id.to_owned());
        }
        let operation = call.operation();
        let index = seen.entry(operation.name()).or_default();
        let at = entry_path(operation, *index);
        let entry_written = written.and_then(|w| w.entry(operation.name(), *index));
        *index += 1;
        if let Call::CreateManagedLoginBranding(r) = &mut call {
            existing_client_id(existing, doc, &mut r.client_id);
        }
        let first = claimed.insert((operation.name(), call.subject()));
        let sent = match existing.part_like(&call) {
            Some((live, id)) if first => {
                let entry = entries::Entry {
                    pool_id,
                    live,
                    id: id.as_deref(),
                    call: &call,
                    written: entry_written,
                    at: &at,
                };
                let (desired, written) = entries::plan_entry(entry, &mut plan);
                pools.push(at.clone());
                touched.extend(written);
                desired
            }
            Some(_) => {
                plan.refused.push(duplicate(&call, &at));
                to_call_value(&call)
            }
            None => {
                match another_domain(existing, &call) {
                    Some(refused) => plan.refused.push(refused),
                    None => {
                        plan.changes.push(added_line(&call));
                        plan.calls.push(UpdateCall::SignIn(call.clone()));
                    }
                }
                to_call_value(&call)
            }
        };
        parts.add(operation, sent);
    }
    let context = parts.keep_unnamed(existing, doc);
    let touched = Touched {
        pools: &pools,
        touched: &touched,
    };
    plan.problems = rules_for(&parts.doc, settings, touched, &plan.refused);
    // The pool's parts the document does not name are there for the rules
    // of the others: what is said of them alone is not the change's.
    plan.problems
        .retain(|p| !context.iter().any(|at| p.is_within(at)));
    if !plan.refused.is_empty() {
        plan.calls.clear();
    }
    plan
}

/// Where the entry of a call is in a document: `CreateGroup[1]`, or the
/// operation for the one-of-a-kind calls (the domain, the branding).
pub fn entry_path(operation: crate::model::Operation, index: usize) -> String {
    use crate::model::Operation as Op;
    match operation {
        Op::CreateUserPoolDomain | Op::CreateManagedLoginBranding => operation.name().to_owned(),
        _ => format!("{}[{index}]", operation.name()),
    }
}

/// A part that could not be compared with the pool's: refused, with why.
fn unreadable(call: &Call, why: &str) -> Problem {
    Problem::error(
        call.operation().name(),
        format!("{}: the pool's app clients, domain and groups could not be read ({why}), so nothing of these is sent; open the pool again", call.label()),
    )
}

/// The diff line of a call that makes something new.
fn added_line(call: &Call) -> Change {
    Change {
        path: call.operation().name().to_owned(),
        before: None,
        after: Some(Value::String(call.subject())),
    }
}

/// A second entry named like a part the pool has (the first one is it).
fn duplicate(call: &Call, at: &str) -> Problem {
    let name = call.subject();
    let Some(part) = Part::of(call.operation()) else {
        return Problem::error(at, format!("{} is in the document twice", call.label()));
    };
    Problem::error(
        format!("{at}.{}", part.key()),
        format!(
            "the pool already has {} named {name:?} (an entry above is it); a second one of that name is not made: give this one another name",
            part.what()
        ),
    )
}

/// A new domain for a pool that has another: a pool has one.
fn another_domain(existing: &ExistingSignIn, call: &Call) -> Option<Problem> {
    let Call::CreateUserPoolDomain(_) = call else {
        return None;
    };
    let domain = existing.domain.as_ref()?.domain.clone().unwrap_or_default();
    Some(Problem::error(
        "CreateUserPoolDomain.Domain",
        format!(
            "the pool already has the domain {domain:?} (a pool has one domain); nothing is sent"
        ),
    ))
}

/// Branding for a client the pool already has (named by its placeholder
/// and not new in the document) is for that client's id.
fn existing_client_id(existing: &ExistingSignIn, doc: &PoolDocument, slot: &mut Option<String>) {
    let Some(name) = slot.as_deref().and_then(client_of_placeholder) else {
        return;
    };
    let new = !existing
        .names("CreateUserPoolClient")
        .iter()
        .any(|n| n == name)
        && doc.clients.iter().any(|c| c.name() == name);
    if let (false, Some(id)) = (new, existing.client_id(name)) {
        *slot = Some(id.to_owned());
    }
}

#[cfg(test)]
#[path = "sign_in_tests.rs"]
mod tests;
