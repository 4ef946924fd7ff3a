//! The app clients, domain and groups the pool already has, in change mode:
//! listed read-only on their steps (above the new ones the operator adds),
//! with [`existing_reason`] at the row. Only new ones become calls
//! ([`crate::update::sign_in`]); a command that would edit or remove an
//! existing one does nothing but say why.

use crate::model::Call;
use crate::update::sign_in::{existing_reason, ExistingSignIn};
use crate::update::UpdateCall;

use super::super::keymap::Command;
use super::super::plan_steps::{self, List, Row};
use super::super::App;

/// What the pool already has, when in change mode and it could be read.
pub fn existing(app: &App) -> Option<&ExistingSignIn> {
    app.change.as_ref()?.live.sign_in.as_ref().ok()
}

/// The existing entries of `list`, by name, with a few words about each
/// (a client's id).
pub fn entries(app: &App, list: List) -> Vec<(String, String)> {
    let Some(existing) = existing(app) else {
        return Vec::new();
    };
    match list {
        List::Clients => existing
            .clients
            .iter()
            .map(|(name, id)| (name.clone(), format!("id {id}")))
            .collect(),
        List::Groups => existing
            .groups
            .iter()
            .map(|name| (name.clone(), String::new()))
            .collect(),
    }
}

/// The pool's domain, in change mode.
pub fn domain(app: &App) -> Option<&str> {
    existing(app)?.domain.as_deref()
}

/// Why the Domain step's member at `path` is read-only: the pool has a
/// domain, and a pool has one.
pub fn domain_reason(app: &App, path: &str) -> Option<String> {
    let domain = domain(app)?;
    path.starts_with("CreateUserPoolDomain").then(|| {
        format!(
            "the pool has the domain {domain:?} and a pool has one: a new one cannot be added here; {}",
            existing_reason("update-user-pool-domain")
        )
    })
}

/// A command on a list step's existing row that would open, edit or
/// remove it: refused, with (what, why).
pub fn refused_row(app: &App, command: Command) -> Option<(String, String)> {
    if !matches!(
        command,
        Command::Activate | Command::Toggle | Command::Delete | Command::Clear
    ) || !plan_steps::shows_list(app)
    {
        return None;
    }
    let list = List::of(app.step)?;
    let rows = plan_steps::rows(app, list);
    let at = list.state(app).row.min(rows.len().saturating_sub(1));
    let Some(Row::Existing(index)) = rows.get(at) else {
        return None;
    };
    let (name, _) = entries(app, list).into_iter().nth(*index)?;
    let what = match list {
        List::Clients => "App client",
        List::Groups => "Group",
    };
    Some((format!("{what} {name:?}"), reason_for(list)))
}

/// After a send that failed part-way (`done` calls made): the app clients,
/// domain and groups made before the failure are the pool's now, listed as
/// existing and no longer new in the draft, so a retry does not send them
/// again (as after a send that succeeded).
pub fn keep_made(app: &mut App, done: usize) {
    let Some(change) = &mut app.change else {
        return;
    };
    let made: Vec<Call> = change
        .plan
        .calls
        .iter()
        .take(done)
        .filter_map(|c| match c {
            UpdateCall::SignIn(call) => Some(call.clone()),
            _ => None,
        })
        .collect();
    if let Ok(existing) = &mut change.live.sign_in {
        *existing = existing.with_made(&made);
    }
    for call in &made {
        drop_made(app, call);
    }
}

/// The draft without the new part `call` made.
fn drop_made(app: &mut App, call: &Call) {
    let name = call.subject();
    let doc = &mut app.doc;
    let at = match call {
        Call::CreateUserPoolClient(_) => doc.clients.iter().position(|c| c.name() == name),
        Call::CreateResourceServer(_) => doc
            .resource_servers
            .iter()
            .position(|r| r.identifier.as_deref() == Some(&name)),
        Call::CreateGroup(_) => doc
            .groups
            .iter()
            .position(|g| g.group_name.as_deref() == Some(&name)),
        Call::CreateUserPoolDomain(_) => return doc.domain = None,
        Call::CreateManagedLoginBranding(_) => return doc.branding = None,
        _ => return,
    };
    let Some(at) = at else { return };
    match call {
        Call::CreateUserPoolClient(_) => drop(doc.clients.remove(at)),
        Call::CreateResourceServer(_) => drop(doc.resource_servers.remove(at)),
        _ => drop(doc.groups.remove(at)),
    }
    plan_steps::forget_entry(app, call.operation().name(), at);
}

/// Why an existing entry of `list` is read-only, with the command that
/// changes one of its kind.
pub fn reason_for(list: List) -> String {
    existing_reason(match list {
        List::Clients => "update-user-pool-client",
        List::Groups => "update-group",
    })
}
