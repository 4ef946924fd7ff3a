//! One entry of a change's document that names a part the pool has (an app
//! client, resource server, domain or group): the part as the pool has it,
//! the entry's members written over it, the member-by-member diff, and the
//! part's update call with the full body. Like UpdateUserPool, the update
//! calls reset every member a request leaves out (API reference,
//! UpdateUserPoolClient: "If you don't provide a value for an attribute, it
//! will be set to the default value"), so every member the part has is sent.

use serde_json::{Map, Value};

use super::diff::{request_changes, Change};
use super::plan::UpdateCall;
use super::sign_in::SignInPlan;
use super::state::{write_members, Table};
use crate::model::preview::{self, Layout, Secrets};
use crate::model::update_client::UpdateUserPoolClientRequest;
use crate::model::{Call, CreateUserPoolClientRequest, Operation};
use crate::problem::Problem;
use crate::validate::table;

/// A kind of part a pool has besides its own settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Client,
    ResourceServer,
    Domain,
    Group,
}

impl Part {
    pub fn of(operation: Operation) -> Option<Part> {
        match operation {
            Operation::CreateUserPoolClient => Some(Part::Client),
            Operation::CreateResourceServer => Some(Part::ResourceServer),
            Operation::CreateUserPoolDomain => Some(Part::Domain),
            Operation::CreateGroup => Some(Part::Group),
            _ => None,
        }
    }

    /// Every kind, in the order the calls run.
    pub const ALL: [Part; 4] = [
        Part::ResourceServer,
        Part::Client,
        Part::Domain,
        Part::Group,
    ];

    /// The kind a create operation (by name) makes.
    pub fn named(operation: &str) -> Option<Part> {
        Part::ALL
            .into_iter()
            .find(|p| p.create().name() == operation)
    }

    /// Whether a document holds a list of them (a pool has one domain).
    pub fn is_list(self) -> bool {
        self != Part::Domain
    }

    /// What a change of one is shown under in the diff
    /// (`UpdateGroup[staff].Precedence`).
    pub fn label(self) -> &'static str {
        self.update_operation().unwrap_or("UpdateResourceServer")
    }

    pub fn create(self) -> Operation {
        match self {
            Part::Client => Operation::CreateUserPoolClient,
            Part::ResourceServer => Operation::CreateResourceServer,
            Part::Domain => Operation::CreateUserPoolDomain,
            Part::Group => Operation::CreateGroup,
        }
    }

    /// The call that changes one (none for resource servers: not done here).
    pub fn update_operation(self) -> Option<&'static str> {
        match self {
            Part::Client => Some("UpdateUserPoolClient"),
            Part::ResourceServer => None,
            Part::Domain => Some("UpdateUserPoolDomain"),
            Part::Group => Some("UpdateGroup"),
        }
    }

    /// The member a part is known by.
    pub fn key(self) -> &'static str {
        match self {
            Part::Client => "ClientName",
            Part::ResourceServer => "Identifier",
            Part::Domain => "Domain",
            Part::Group => "GroupName",
        }
    }

    /// "an app client", for messages.
    pub fn what(self) -> &'static str {
        match self {
            Part::Client => "an app client",
            Part::ResourceServer => "a resource server",
            Part::Domain => "a domain",
            Part::Group => "a group",
        }
    }

    /// The AWS CLI command that removes one.
    fn delete_command(self) -> &'static str {
        match self {
            Part::Client => "delete-user-pool-client",
            Part::ResourceServer => "delete-resource-server",
            Part::Domain => "delete-user-pool-domain",
            Part::Group => "delete-group",
        }
    }

    /// Whether its update call takes `member`.
    fn updates(self, member: &str) -> bool {
        self.update_operation()
            .is_some_and(|op| table::model().operation(op).member(member).is_some())
    }

    /// Why `member` of the pool's own part cannot change here (`None`: it
    /// can, through the update call).
    pub fn fixed_reason(self, member: &str) -> Option<String> {
        if member == self.key() {
            return Some(match self {
                Part::Client => "the pool's app client is known by its name here (another name would be another client): rename it in the console or with aws cognito-idp update-user-pool-client".into(),
                Part::ResourceServer => "a resource server's identifier cannot change".into(),
                Part::Domain => format!("a domain's name cannot change, and a pool has one domain: to use another, remove this one with aws cognito-idp {}", self.delete_command()),
                Part::Group => "a group's name cannot change (UpdateGroup finds the group by it): make a new group instead".into(),
            });
        }
        if self == Part::ResourceServer {
            return Some("the pool's resource servers are not changed by this tool: use the console or aws cognito-idp update-resource-server".into());
        }
        (!self.updates(member)).then(|| match member {
            "GenerateSecret" | "ClientSecret" => "a client's secret is made with the client: an update cannot add, change or remove it; make a new client for that".to_owned(),
            _ => format!("{} does not take {member}: it is set when the part is made", self.update_operation().unwrap_or_default()),
        })
    }

    /// Why the pool's own part cannot be removed here.
    pub fn kept_reason(self) -> String {
        format!(
            "the pool has it, and nothing is removed by this tool: remove it in the console or with aws cognito-idp {}",
            self.delete_command()
        )
    }
}

/// One entry named like a part the pool has.
pub struct Entry<'a> {
    pub pool_id: &'a str,
    /// The pool's part as its create request's JSON (no pool id).
    pub live: Value,
    /// The id the update names it by: a client's (empty when just made).
    pub id: Option<&'a str>,
    pub call: &'a Call,
    /// The entry as a file writes it (`None`: the wizard's draft, whole:
    /// what it leaves out is cleared).
    pub written: Option<&'a Map<String, Value>>,
    /// The entry's path in the document (`CreateGroup[1]`).
    pub at: &'a str,
}

/// The entry's diff lines, refusals and update call, added to `plan`.
/// Returns the part as the change leaves it (JSON, create shape) and the
/// paths of the members the change writes (`CreateGroup[1].Precedence`).
pub fn plan_entry(entry: Entry, plan: &mut SignInPlan) -> (Value, Vec<String>) {
    let Some(part) = Part::of(entry.call.operation()) else {
        return (entry.live, Vec::new());
    };
    let text = preview::call_json(entry.call, Layout::Compact, Secrets::Reveal);
    let mut top: Value = serde_json::from_str(&text).unwrap_or_default();
    if let Value::Object(members) = &mut top {
        members.remove("UserPoolId");
    }
    let desired = written_over(part, &entry, &top, &mut plan.carried);
    let changes = request_changes(part.create().name(), &entry.live, &desired);
    let written = changes
        .iter()
        .flat_map(|c| written_paths(entry.at, &c.path))
        .collect();
    if changes.is_empty() {
        return (desired, written);
    }
    let name = entry.call.subject();
    let label = format!("{}[{name}]", part.label());
    let before = plan.refused.len();
    let prefix_domain = part == Part::Domain && entry.live.get("CustomDomainConfig").is_none();
    for change in &changes {
        let reason = match change.member() {
            "CustomDomainConfig" if prefix_domain => Some(PREFIX_STAYS.to_owned()),
            member => part.fixed_reason(member),
        };
        if let Some(reason) = reason {
            plan.refused.push(Problem::error(
                format!("{}.{}", entry.at, change.path),
                reason,
            ));
        }
    }
    if part == Part::Client && entry.id.is_none_or(str::is_empty) {
        plan.refused.push(Problem::error(
            format!("{}.ClientName", entry.at),
            "this app client was just made and its id is read when the pool is described again: open the pool again to change it",
        ));
    }
    plan.changes.extend(changes.into_iter().map(|c| Change {
        path: format!("{label}.{}", c.path),
        ..c
    }));
    if plan.refused.len() == before {
        plan.calls
            .extend(update_call(part, &entry, desired.clone()));
    }
    (desired, written)
}

/// The paths a changed member writes: itself, and for a token's unit the
/// token's validity (read in that unit: a new unit changes what it means).
fn written_paths(at: &str, path: &str) -> Vec<String> {
    let mut out = vec![format!("{at}.{path}")];
    if let Some(token) = path.strip_prefix("TokenValidityUnits.") {
        out.push(format!("{at}.{token}Validity"));
    }
    out
}

/// The pool's part with the entry's members over it: every member a file
/// writes (structures member by member), or the draft's entry whole (it
/// was filled from the pool's part: a member cleared there is cleared,
/// as the form shows it).
fn written_over(part: Part, entry: &Entry, top: &Value, carried: &mut Vec<String>) -> Value {
    let (Value::Object(mut merged), Value::Object(top)) = (entry.live.clone(), top.clone()) else {
        return entry.live.clone();
    };
    match entry.written {
        Some(written) => {
            let table = Table {
                operation: table::model().operation(part.create().name()),
                prefix: entry.at,
            };
            write_members(table, "", &mut merged, &top, written, carried);
        }
        None => merged = top,
    }
    Value::Object(merged)
}

/// The update call that leaves the part as `desired`, with the full body.
fn update_call(part: Part, entry: &Entry, desired: Value) -> Option<UpdateCall> {
    let pool_id = Some(entry.pool_id.to_owned());
    Some(match part {
        Part::Client => {
            let client: CreateUserPoolClientRequest = serde_json::from_value(desired).ok()?;
            UpdateCall::UpdateUserPoolClient(UpdateUserPoolClientRequest::carrying(
                entry.pool_id,
                entry.id.unwrap_or_default(),
                &client,
            ))
        }
        Part::Group => {
            let mut group: crate::model::CreateGroupRequest =
                serde_json::from_value(desired).ok()?;
            group.user_pool_id = pool_id;
            UpdateCall::UpdateGroup(group)
        }
        Part::Domain => {
            let mut domain: crate::model::CreateUserPoolDomainRequest =
                serde_json::from_value(desired).ok()?;
            domain.user_pool_id = pool_id;
            UpdateCall::UpdateUserPoolDomain(domain)
        }
        Part::ResourceServer => return None,
    })
}

/// A client once its update is made: the body sent, in the create shape
/// (its secret, which no update touches, as it was).
pub fn client_as_made(
    client: &CreateUserPoolClientRequest,
    sent: &UpdateUserPoolClientRequest,
) -> CreateUserPoolClientRequest {
    let mut value = super::state::to_value(sent);
    if let Value::Object(members) = &mut value {
        members.remove("UserPoolId");
        members.remove("ClientId");
    }
    let mut made: CreateUserPoolClientRequest =
        serde_json::from_value(value).unwrap_or_else(|_| client.clone());
    made.generate_secret = client.generate_secret;
    made.client_secret = client.client_secret.clone();
    made
}

/// Why a prefix domain keeps being one (UpdateUserPoolDomain changes a
/// custom domain's certificate; a prefix domain has none to change).
pub const PREFIX_STAYS: &str = "the pool's domain is a prefix domain: an update cannot make it a custom domain (UpdateUserPoolDomain changes a custom domain's certificate); remove it and make a custom domain with the console or the AWS CLI";
