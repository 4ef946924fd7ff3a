//! What a pool already has besides its own settings: its app clients,
//! resource servers, domain and groups, each as the create request that
//! would make it as it is, read from the service's descriptions; what a
//! send leaves of them, and how two readings differ.

use serde_json::Value;

use super::diff::Change;
use super::entries::{self, Part};
use super::plan::UpdateCall;
use super::state::to_value;
use crate::model::client::{CreateResourceServerRequest, CreateUserPoolClientRequest};
use crate::model::describe_plan::{existing_parts, DescribedSignIn};
use crate::model::domain::{CreateGroupRequest, CreateUserPoolDomainRequest};
use crate::model::{Call, PoolDocument};

/// What the pool already has, each part as the create request that would
/// make it as it is (as [`existing_parts`] reads the descriptions).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExistingSignIn {
    /// (client id, the client); the id is empty for one just made here
    /// (read when the pool is described again).
    pub clients: Vec<(String, CreateUserPoolClientRequest)>,
    pub resource_servers: Vec<CreateResourceServerRequest>,
    pub domain: Option<CreateUserPoolDomainRequest>,
    pub groups: Vec<CreateGroupRequest>,
}

impl ExistingSignIn {
    /// The service's descriptions read as create requests, or why they
    /// cannot be (then anything of these in a change is refused).
    pub fn from_described(described: &DescribedSignIn) -> Result<Self, String> {
        let parts = existing_parts(described).map_err(|e| e.to_string())?;
        Ok(Self {
            clients: parts.clients,
            resource_servers: parts.resource_servers,
            domain: parts.domain,
            groups: parts.groups,
        })
    }

    /// The draft of a change: `doc` with every part the pool has, in the
    /// pool's order, so the steps show and edit them like new ones.
    pub fn fill(&self, doc: &mut PoolDocument) {
        doc.clients = self.clients.iter().map(|(_, c)| c.clone()).collect();
        doc.resource_servers = self.resource_servers.clone();
        doc.domain = self.domain.clone();
        doc.groups = self.groups.clone();
    }

    /// The pool once `calls` are made: what they created or changed is the
    /// pool's (so a second send cannot make it again, nor change it back).
    pub fn with_made(&self, calls: &[UpdateCall]) -> Self {
        let mut out = self.clone();
        for call in calls {
            out.made(call);
        }
        out
    }

    fn made(&mut self, call: &UpdateCall) {
        let unfilled = |id: &mut Option<String>| *id = None;
        match call {
            UpdateCall::SignIn(Call::CreateUserPoolClient(r)) => {
                let mut r = r.clone();
                unfilled(&mut r.user_pool_id);
                self.clients.push((String::new(), r));
            }
            UpdateCall::SignIn(Call::CreateResourceServer(r)) => {
                let mut r = r.clone();
                unfilled(&mut r.user_pool_id);
                self.resource_servers.push(r);
            }
            UpdateCall::SignIn(Call::CreateUserPoolDomain(r))
            | UpdateCall::UpdateUserPoolDomain(r) => {
                let mut r = r.clone();
                unfilled(&mut r.user_pool_id);
                self.domain = Some(r);
            }
            UpdateCall::SignIn(Call::CreateGroup(r)) | UpdateCall::UpdateGroup(r) => {
                let mut r = r.clone();
                unfilled(&mut r.user_pool_id);
                match self
                    .groups
                    .iter_mut()
                    .find(|g| g.group_name == r.group_name)
                {
                    Some(group) => *group = r,
                    None => self.groups.push(r),
                }
            }
            UpdateCall::UpdateUserPoolClient(r) => {
                let at = self
                    .clients
                    .iter_mut()
                    .find(|(id, _)| Some(id) == r.client_id.as_ref());
                if let Some((_, client)) = at {
                    *client = entries::client_as_made(client, r);
                }
            }
            _ => {}
        }
    }

    /// The pool's parts of one kind, as (name, JSON, the id an update
    /// names it by: a client's).
    fn of_kind(&self, part: Part) -> Vec<(String, Value, Option<String>)> {
        let name = |s: &Option<String>| s.clone().unwrap_or_default();
        match part {
            Part::Client => self
                .clients
                .iter()
                .map(|(id, c)| (name(&c.client_name), to_value(c), Some(id.clone())))
                .collect(),
            Part::ResourceServer => self
                .resource_servers
                .iter()
                .map(|r| (name(&r.identifier), to_value(r), None))
                .collect(),
            Part::Domain => self
                .domain
                .iter()
                .map(|d| (name(&d.domain), to_value(d), None))
                .collect(),
            Part::Group => self
                .groups
                .iter()
                .map(|g| (name(&g.group_name), to_value(g), None))
                .collect(),
        }
    }

    /// The names the pool has for a create operation's parts.
    pub fn names(&self, operation: &str) -> Vec<String> {
        Part::named(operation)
            .map(|part| self.of_kind(part).into_iter().map(|(n, ..)| n).collect())
            .unwrap_or_default()
    }

    /// The pool's own part named like `call`'s, as JSON, with the id an
    /// update names it by (a client's).
    pub(super) fn part_like(&self, call: &Call) -> Option<(Value, Option<String>)> {
        let name = call.subject();
        let part = Part::of(call.operation())?;
        self.of_kind(part)
            .into_iter()
            .find(|(n, ..)| *n == name)
            .map(|(_, value, id)| (value, id))
    }

    /// Whether `other` has the same parts, each with the same members (ids
    /// aside: those of parts made here are not known until read again;
    /// order aside: the service lists them in an order of its own).
    pub fn same_parts(&self, other: &Self) -> bool {
        fn sorted<T: serde::Serialize>(items: impl Iterator<Item = T>) -> Vec<String> {
            let mut out: Vec<String> = items.map(|i| to_value(&i).to_string()).collect();
            out.sort();
            out
        }
        let clients = |s: &Self| sorted(s.clients.iter().map(|(_, c)| c));
        clients(self) == clients(other)
            && sorted(self.resource_servers.iter()) == sorted(other.resource_servers.iter())
            && self.domain == other.domain
            && sorted(self.groups.iter()) == sorted(other.groups.iter())
    }

    /// After sending `calls`: each member of a part they made or changed
    /// that the pool (`now`, read again) does not have as sent (`self`:
    /// the parts as the calls should have left them). `before` is the value
    /// sent, `after` what the pool has. A member no call sent that the pool
    /// describes is the service's default, no miss; nor is a client's
    /// secret choice (described as the secret itself, or not at all).
    pub fn missed(&self, now: &Self, calls: &[UpdateCall]) -> Vec<Change> {
        let mut out = Vec::new();
        for call in calls {
            let Some(probe) = part_probe(call) else {
                continue;
            };
            let Some(part) = Part::of(probe.operation()) else {
                continue;
            };
            let label = format!("{}[{}]", call.operation(), probe.subject());
            let sent = self.part_like(&probe).map(|(v, _)| v);
            let Some(sent) = sent else { continue };
            match now.part_like(&probe) {
                Some((has, _)) => out.extend(
                    super::diff::request_changes(probe.operation().name(), &sent, &has)
                        .into_iter()
                        .filter(|c| c.before.is_some() && !is_secret_choice(c.member()))
                        .map(|c| Change {
                            path: format!("{label}.{}", c.path),
                            ..c
                        }),
                ),
                None => out.push(Change {
                    path: format!("{label}.{}", part.key()),
                    before: Some(Value::String(probe.subject())),
                    after: None,
                }),
            }
        }
        out
    }

    /// What differs from `self` (the parts as loaded) to `now`: a line per
    /// member of a part both have (`UpdateGroup[staff].Precedence: 3 -> 4`),
    /// a part only one has by its name (`CreateGroup: late`).
    pub fn changes_to(&self, now: &Self) -> Vec<Change> {
        let (before, after) = (self.listed(), now.listed());
        let mut out = Vec::new();
        for (operation, label, name, value) in &before {
            let same = |(o, _, n, _): &&(&str, &str, String, Value)| o == operation && n == name;
            match after.iter().find(same) {
                Some((_, _, _, now)) => out.extend(
                    super::diff::request_changes(operation, value, now)
                        .into_iter()
                        .map(|c| Change {
                            path: format!("{label}[{name}].{}", c.path),
                            ..c
                        }),
                ),
                None => out.push(Change {
                    path: (*operation).to_owned(),
                    before: Some(Value::String(name.clone())),
                    after: None,
                }),
            }
        }
        for (operation, _, name, _) in &after {
            let known = before
                .iter()
                .any(|(o, _, n, _)| o == operation && n == name);
            if !known {
                out.push(Change {
                    path: (*operation).to_owned(),
                    before: None,
                    after: Some(Value::String(name.clone())),
                });
            }
        }
        out
    }

    /// Every part as (create operation, update label, name, JSON).
    fn listed(&self) -> Vec<(&'static str, &'static str, String, Value)> {
        Part::ALL
            .into_iter()
            .flat_map(|part| {
                self.of_kind(part)
                    .into_iter()
                    .map(move |(name, value, _)| (part.create().name(), part.label(), name, value))
            })
            .collect()
    }

    pub(super) fn client_id(&self, name: &str) -> Option<&str> {
        self.clients
            .iter()
            .find(|(id, c)| c.name() == name && !id.is_empty())
            .map(|(id, _)| id.as_str())
    }
}

fn is_secret_choice(member: &str) -> bool {
    matches!(member, "GenerateSecret" | "ClientSecret")
}

/// The create call naming the part `call` makes or changes (an update is
/// looked up by the name its create request has).
fn part_probe(call: &UpdateCall) -> Option<Call> {
    match call {
        UpdateCall::SignIn(call) => Some(call.clone()),
        UpdateCall::UpdateGroup(r) => Some(Call::CreateGroup(r.clone())),
        UpdateCall::UpdateUserPoolDomain(r) => Some(Call::CreateUserPoolDomain(r.clone())),
        UpdateCall::UpdateUserPoolClient(r) => {
            Some(Call::CreateUserPoolClient(CreateUserPoolClientRequest {
                client_name: r.client_name.clone(),
                ..Default::default()
            }))
        }
        _ => None,
    }
}
