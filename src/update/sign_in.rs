//! The sign-in parts of a change: the app clients, resource servers, domain,
//! branding and groups the pool already has (read with the pool, shown but
//! never changed here), and the new ones a draft or a plan document adds,
//! which become the create-mode calls ([`crate::model::PoolDocument::plan`])
//! with the pool's id filled. A new one named like one the pool has (or a
//! domain for a pool that has one) is refused by name: nothing is sent.

use serde_json::Value;

use super::diff::Change;
use crate::model::describe_plan::DescribedSignIn;
use crate::model::values::client_of_placeholder;
use crate::model::{Call, PoolDocument};
use crate::problem::Problem;

/// Why an existing sign-in part is read-only in change mode, naming the
/// AWS CLI command that does change it (`update-group` for a group).
pub fn existing_reason(command: &str) -> String {
    format!("exists in the pool: change it in the console or with aws cognito-idp {command}; not changed here")
}

/// What the pool already has, by name (as ListUserPoolClients and the rest
/// describe it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExistingSignIn {
    /// (name, client id) of each app client.
    pub clients: Vec<(String, String)>,
    /// Resource server identifiers.
    pub resource_servers: Vec<String>,
    /// The pool's domain (prefix or custom), if it has one.
    pub domain: Option<String>,
    pub groups: Vec<String>,
}

impl ExistingSignIn {
    /// The names in the service's descriptions.
    pub fn from_described(described: &DescribedSignIn) -> Self {
        let text = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_owned);
        Self {
            clients: described
                .clients
                .iter()
                .map(|c| {
                    let name = text(c, "ClientName").unwrap_or_default();
                    (name, text(c, "ClientId").unwrap_or_default())
                })
                .collect(),
            resource_servers: described
                .resource_servers
                .iter()
                .filter_map(|r| text(r, "Identifier"))
                .collect(),
            domain: described.domain.as_ref().and_then(|d| text(d, "Domain")),
            groups: described
                .groups
                .iter()
                .filter_map(|g| text(g, "GroupName"))
                .collect(),
        }
    }

    /// The pool once `calls` are made: what they created is existing too
    /// (so a second send cannot make it again).
    pub fn with_made(&self, calls: &[Call]) -> Self {
        let mut out = self.clone();
        for call in calls {
            let subject = call.subject();
            match call {
                Call::CreateUserPoolClient(_) => out.clients.push((subject, String::new())),
                Call::CreateResourceServer(_) => out.resource_servers.push(subject),
                Call::CreateUserPoolDomain(_) => out.domain = Some(subject),
                Call::CreateGroup(_) => out.groups.push(subject),
                _ => {}
            }
        }
        out
    }

    fn client_id(&self, name: &str) -> Option<&str> {
        self.clients
            .iter()
            .find(|(n, id)| n == name && !id.is_empty())
            .map(|(_, id)| id.as_str())
    }
}

/// The new sign-in parts of `doc`: one added line each for the diff
/// (`CreateGroup: admins`), the refusals, and the calls (pool id filled).
/// `existing` is `Err` with why when the pool's parts could not be read:
/// then anything new is refused (a duplicate could not be told).
pub fn plan_sign_in(
    pool_id: &str,
    existing: Result<&ExistingSignIn, &str>,
    doc: &PoolDocument,
) -> (Vec<Change>, Vec<Problem>, Vec<Call>) {
    let mut calls: Vec<Call> = doc.plan().calls;
    calls.retain(|c| !matches!(c, Call::CreateUserPool(_) | Call::SetUserPoolMfaConfig(_)));
    if calls.is_empty() {
        return Default::default();
    }
    let existing = match existing {
        Ok(existing) => existing,
        Err(why) => {
            let refused = calls
                .iter()
                .map(|c| {
                    Problem::error(
                        c.operation().name(),
                        format!("{}: the pool's app clients, domain and groups could not be read ({why}), so nothing new is sent; open the pool again", c.label()),
                    )
                })
                .collect();
            return (Vec::new(), refused, Vec::new());
        }
    };
    let mut refused = Vec::new();
    // The n-th call of an operation is the n-th entry of its list in the
    // draft: a refusal is named at that entry's name field, so the step and
    // the field show it (and Review's Enter goes there).
    let mut seen: std::collections::HashMap<&'static str, usize> = Default::default();
    for call in &mut calls {
        if let Some(slot) = crate::model::preview::pool_id_slot(call) {
            *slot = Some(pool_id.to_owned());
        }
        let index = seen.entry(call.operation().name()).or_default();
        if let Some(problem) = duplicate(existing, call, *index) {
            refused.push(problem);
        }
        *index += 1;
        if let Call::CreateManagedLoginBranding(r) = call {
            existing_client_id(existing, doc, &mut r.client_id);
        }
    }
    let added = calls.iter().map(added_line).collect();
    (added, refused, calls)
}

/// The diff line of a call that makes something new.
fn added_line(call: &Call) -> Change {
    Change {
        path: call.operation().name().to_owned(),
        before: None,
        after: Some(Value::String(call.subject())),
    }
}

/// A new part named like one the pool has, named with why.
/// `index`: the call's place among the plan's calls of its operation.
fn duplicate(existing: &ExistingSignIn, call: &Call, index: usize) -> Option<Problem> {
    let name = call.subject();
    let (taken, what, member) = match call {
        Call::CreateUserPoolClient(_) => (
            existing.clients.iter().any(|(n, _)| *n == name),
            "an app client",
            "ClientName",
        ),
        Call::CreateResourceServer(_) => (
            existing.resource_servers.contains(&name),
            "a resource server",
            "Identifier",
        ),
        Call::CreateGroup(_) => (existing.groups.contains(&name), "a group", "GroupName"),
        Call::CreateUserPoolDomain(_) => {
            let why = existing.domain.as_ref().map(|d| {
                format!("the pool already has the domain {d:?} (a pool has one domain); nothing is sent")
            });
            return why.map(|why| Problem::error("CreateUserPoolDomain.Domain", why));
        }
        _ => return None,
    };
    let operation = call.operation().name();
    taken.then(|| {
        Problem::error(
            format!("{operation}[{index}].{member}"),
            format!("the pool already has {what} named {name:?}; nothing is sent (editing it is not done here: use the console or the AWS CLI)"),
        )
    })
}

/// Branding for a client the pool already has (named by its placeholder
/// and not new in the document) is for that client's id.
fn existing_client_id(existing: &ExistingSignIn, doc: &PoolDocument, slot: &mut Option<String>) {
    let Some(name) = slot.as_deref().and_then(client_of_placeholder) else {
        return;
    };
    let new = doc.clients.iter().any(|c| c.name() == name);
    if let (false, Some(id)) = (new, existing.client_id(name)) {
        *slot = Some(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::load::{load_value, DescribedPool, Loaded};
    use crate::model::preview::{Layout, Secrets};
    use crate::update::{plan_update_written, LivePool, UpdateCall, UpdatePlan};

    const ID: &str = "us-east-1_live";

    /// A pool with the client "web", the group "staff" and the domain "login".
    fn live() -> LivePool {
        let pool = json!({"Id": ID, "Name": "live", "MfaConfiguration": "OFF",
            "Policies": {"PasswordPolicy": {"MinimumLength": 10}}});
        let described = DescribedPool {
            user_pool: pool,
            mfa_config: Some(json!({"MfaConfiguration": "OFF"})),
        };
        let sign_in = DescribedSignIn {
            clients: vec![json!({"ClientName": "web", "ClientId": "web-id", "UserPoolId": ID})],
            resource_servers: vec![json!({"Identifier": "https://api", "Name": "api"})],
            domain: Some(json!({"Domain": "login", "UserPoolId": ID})),
            groups: vec![json!({"GroupName": "staff", "UserPoolId": ID})],
        };
        LivePool::from_described(&described)
            .expect("reads")
            .with_sign_in(Ok(&sign_in))
    }

    fn plan(live: &LivePool, file: serde_json::Value) -> UpdatePlan {
        let outcome = load_value(file, None).expect("loads");
        let Loaded::Pool(doc) = outcome.loaded else {
            panic!("not a pool")
        };
        plan_update_written(live, &doc, outcome.written.as_ref())
    }

    fn operations(plan: &UpdatePlan) -> Vec<&'static str> {
        plan.calls.iter().map(UpdateCall::operation).collect()
    }

    /// New parts become their create calls after the pool's own, with the
    /// pool's id filled, each an added line in the diff; the previews are
    /// the create-mode bodies.
    #[test]
    fn new_clients_and_groups_are_created_after_the_pool_s_own_calls() {
        let plan = plan(
            &live(),
            json!({
                "CreateUserPool": {"PoolName": "live", "Policies": {"PasswordPolicy": {"MinimumLength": 12}}},
                "CreateUserPoolClient": [{"ClientName": "mobile"}],
                "CreateResourceServer": [{"Identifier": "https://orders", "Name": "orders"}],
                "CreateGroup": [{"GroupName": "admins"}]
            }),
        );
        assert!(plan.refused.is_empty(), "{:?}", plan.refused);
        assert_eq!(
            operations(&plan),
            [
                "UpdateUserPool",
                "CreateResourceServer",
                "CreateUserPoolClient",
                "CreateGroup"
            ]
        );
        let lines = plan.diff_lines();
        assert!(
            lines.contains(&"CreateGroup: admins".to_owned()),
            "{lines:?}"
        );
        assert!(lines.contains(&"CreateUserPoolClient: mobile".to_owned()));
        let group = plan.calls[3].json(Layout::Compact, Secrets::Reveal);
        assert_eq!(
            group,
            format!(r#"{{"GroupName":"admins","UserPoolId":"{ID}"}}"#)
        );
    }

    /// Only a group added: no UpdateUserPool (nothing of the pool changes),
    /// just CreateGroup; the plan has changes.
    #[test]
    fn a_group_alone_is_one_create_group_call() {
        let plan = plan(&live(), json!({"CreateGroup": [{"GroupName": "admins"}]}));
        assert_eq!(operations(&plan), ["CreateGroup"]);
        assert!(plan.has_changes());
        let errors: Vec<_> = crate::update::check(&plan)
            .into_iter()
            .filter(crate::problem::Problem::is_error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    /// A new part named like one the pool has, or a domain for a pool that
    /// has one, is an error naming it; nothing is sent.
    #[test]
    fn a_name_the_pool_already_has_is_refused_by_name() {
        let plan = plan(
            &live(),
            json!({
                "CreateUserPool": {"PoolName": "live"},
                "CreateUserPoolClient": [{"ClientName": "web"}],
                "CreateResourceServer": [{"Identifier": "https://api", "Name": "api"}],
                "CreateUserPoolDomain": {"Domain": "other"},
                "CreateGroup": [{"GroupName": "staff"}, {"GroupName": "fresh"}]
            }),
        );
        let said: Vec<String> = plan.refused.iter().map(ToString::to_string).collect();
        for name in [
            "app client named \"web\"",
            "resource server named \"https://api\"",
            "domain \"login\"",
            "group named \"staff\"",
        ] {
            assert!(said.iter().any(|s| s.contains(name)), "{name}: {said:?}");
        }
        assert!(!said.iter().any(|s| s.contains("fresh")), "{said:?}");
        assert!(plan.calls.is_empty(), "{:?}", operations(&plan));
        // Each at its entry's name field, so the step and the field show it.
        let paths: Vec<&str> = plan.refused.iter().map(|p| p.path.as_str()).collect();
        for path in [
            "CreateUserPoolClient[0].ClientName",
            "CreateResourceServer[0].Identifier",
            "CreateUserPoolDomain.Domain",
            "CreateGroup[0].GroupName",
        ] {
            assert!(paths.contains(&path), "{path}: {paths:?}");
        }
    }

    /// Branding for a client the pool has goes to that client's id; for a
    /// new client it keeps the placeholder (its id comes when it is made).
    #[test]
    fn branding_for_an_existing_client_uses_its_id() {
        let placeholder = crate::model::values::client_id_placeholder("web");
        let plan = plan(
            &live(),
            json!({
                "CreateManagedLoginBranding": {"ClientId": placeholder, "UseCognitoProvidedValues": true}
            }),
        );
        let Some(UpdateCall::SignIn(Call::CreateManagedLoginBranding(r))) = plan.calls.first()
        else {
            panic!("{:?}", operations(&plan))
        };
        assert_eq!(r.client_id.as_deref(), Some("web-id"));
    }

    /// Once sent, what was made is existing: the same group again is refused.
    #[test]
    fn what_was_made_is_existing_afterwards() {
        let live = live();
        let first = plan(&live, json!({"CreateGroup": [{"GroupName": "admins"}]}));
        let made: Vec<Call> = first
            .calls
            .iter()
            .filter_map(|c| match c {
                UpdateCall::SignIn(call) => Some(call.clone()),
                _ => None,
            })
            .collect();
        let after = LivePool {
            sign_in: Ok(live.sign_in.clone().expect("read").with_made(&made)),
            ..live
        };
        let again = plan(&after, json!({"CreateGroup": [{"GroupName": "admins"}]}));
        assert!(again.calls.is_empty());
        assert_eq!(again.refused.len(), 1, "{:?}", again.refused);
    }
}
