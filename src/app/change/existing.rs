//! The app clients, domain and groups the pool already has, in change mode:
//! they are entries of the draft like new ones (the pool's first, in its
//! order), so the same steps show and edit them, and what changes becomes
//! their update call ([`crate::update::entries`]). What identifies one (a
//! client's or group's name, the domain's) is read-only, as are the members
//! its update call does not take; none is removed here.

use crate::model::Operation;
use crate::update::entries::Part;
use crate::update::sign_in::ExistingSignIn;
use crate::update::UpdateCall;

use super::super::keymap::Command;
use super::super::plan_fields;
use super::super::plan_steps::{self, List, Row};
use super::super::App;

/// What the pool already has, when in change mode and it could be read.
pub fn existing(app: &App) -> Option<&ExistingSignIn> {
    app.change.as_ref()?.live.sign_in.as_ref().ok()
}

/// Whether the pool being changed, as described, has a value at `path`
/// (a CreateUserPool member: `UsernameConfiguration.CaseSensitive`): a
/// member it does not describe has no value of this pool's to show.
pub fn describes(app: &App, path: &str) -> bool {
    let Some(change) = &app.change else {
        return false;
    };
    let settings = serde_json::to_value(&change.live.state.settings).unwrap_or_default();
    settings
        .pointer(&format!("/{}", path.replace('.', "/")))
        .is_some_and(|v| !v.is_null())
}

/// Whether entry `index` of `list` is one the pool has: the first entry
/// with a name the pool has (a later one of that name is a new one, and
/// refused).
pub fn is_pools(app: &App, list: List, index: usize) -> bool {
    let Some(existing) = existing(app) else {
        return false;
    };
    let name = |i: usize| match list {
        List::Clients => app.doc.clients.get(i).and_then(|c| c.client_name.clone()),
        List::Groups => app.doc.groups.get(i).and_then(|g| g.group_name.clone()),
    };
    let Some(own) = name(index) else {
        return false;
    };
    existing.names(list.operation()).contains(&own)
        && (0..index).all(|i| name(i).as_ref() != Some(&own))
}

/// The pool's domain, when the draft's domain is it.
pub fn domain(app: &App) -> Option<&str> {
    let pools = existing(app)?.domain.as_ref()?.domain.as_deref()?;
    (app.doc.domain.as_ref()?.domain.as_deref() == Some(pools)).then_some(pools)
}

/// The part and top-level member `path` is in, when that is a part the
/// pool has (`CreateGroup[1].Precedence` → the group, `Precedence`).
fn pools_member(app: &App, path: &str) -> Option<(Part, String)> {
    let (pattern, index) = plan_fields::split_index(path);
    if let Some(member) = pattern.strip_prefix("CreateUserPoolDomain") {
        domain(app)?;
        let member = member.trim_start_matches('.');
        let top = member.split(['.', '[']).next().unwrap_or_default();
        return Some((Part::Domain, top.to_owned()));
    }
    let list = [List::Clients, List::Groups]
        .into_iter()
        .find(|l| pattern.starts_with(&format!("{}[]", l.operation())))?;
    let index = index?;
    is_pools(app, list, index).then_some(())?;
    let member = pattern.strip_prefix(&format!("{}[].", list.operation()))?;
    let top = member.split(['.', '[']).next().unwrap_or_default();
    let part = Part::of(match list {
        List::Clients => Operation::CreateUserPoolClient,
        List::Groups => Operation::CreateGroup,
    })?;
    Some((part, top.to_owned()))
}

/// Why the field at `path` of one of the pool's parts cannot change here.
pub fn read_only_reason(app: &App, path: &str) -> Option<String> {
    if path == "CreateUserPoolDomain" {
        return domain(app).map(|_| Part::Domain.kept_reason());
    }
    let (part, member) = pools_member(app, path)?;
    if part == Part::Domain && member == "CustomDomainConfig" {
        let prefix = existing(app)?
            .domain
            .as_ref()?
            .custom_domain_config
            .is_none();
        return prefix.then(|| crate::update::entries::PREFIX_STAYS.to_owned());
    }
    part.fixed_reason(&member)
}

/// A command on a list step's row of one of the pool's parts that would
/// remove it: refused, with (what, why).
pub fn refused_row(app: &App, command: Command) -> Option<(String, String)> {
    if !matches!(command, Command::Delete | Command::Clear) || !plan_steps::shows_list(app) {
        return None;
    }
    let list = List::of(app.step)?;
    let rows = plan_steps::rows(app, list);
    let at = list.state(app).row.min(rows.len().saturating_sub(1));
    let Some(Row::Entry(index)) = rows.get(at) else {
        return None;
    };
    if !is_pools(app, list, *index) {
        return None;
    }
    let part = match list {
        List::Clients => Part::Client,
        List::Groups => Part::Group,
    };
    Some((entry_name(app, list, *index), part.kept_reason()))
}

/// An entry as the status names it: `App client "web"`, `Group "staff"`.
fn entry_name(app: &App, list: List, index: usize) -> String {
    let what = match list {
        List::Clients => "App client",
        List::Groups => "Group",
    };
    format!("{what} {:?}", list.name(app, index))
}

/// The field at `path` as the status names it: an entry's field by its
/// entry and label (`App client "web": Client name`), since the indexed
/// path (`CreateUserPoolClient[0].ClientName`) means nothing on screen; a
/// pool member by its path, as the reasons and `update-pool` name it.
pub fn field_name(app: &App, path: &str) -> String {
    let (pattern, index) = plan_fields::split_index(path);
    let title = super::super::help::title(path);
    if pattern.starts_with("CreateUserPoolDomain") {
        let name = app.doc.domain.as_ref().and_then(|d| d.domain.clone());
        let domain = format!("Domain {:?}", name.unwrap_or_default());
        return match pattern == "CreateUserPoolDomain" {
            true => domain,
            false => format!("{domain}: {title}"),
        };
    }
    let list = [List::Clients, List::Groups]
        .into_iter()
        .find(|l| pattern.starts_with(&format!("{}[]", l.operation())));
    match (list, index) {
        (Some(list), Some(index)) => format!("{}: {title}", entry_name(app, list, index)),
        _ => path.to_owned(),
    }
}

/// A few words for the list: "in the pool" (and a client's id).
pub fn about(app: &App, list: List, index: usize) -> Option<String> {
    if !is_pools(app, list, index) {
        return None;
    }
    let id = match list {
        List::Clients => {
            let name = app.doc.clients.get(index)?.client_name.clone();
            existing(app)?
                .clients
                .iter()
                .find(|(_, c)| c.client_name == name)
                .map(|(id, _)| id.clone())
                .filter(|id| !id.is_empty())
        }
        List::Groups => None,
    };
    Some(match id {
        Some(id) => format!("in the pool (id {})", crate::sanitize::clean(&id)),
        None => "in the pool".to_owned(),
    })
}

/// After a send that failed part-way (`done` calls made): what they made
/// or changed is the pool's now (its settings, and its parts: the draft
/// keeps those entries, now the pool's), so a retry neither sends it again
/// nor takes it for someone else's change.
pub fn keep_made(app: &mut App, done: usize) {
    let Some(change) = &mut app.change else {
        return;
    };
    change.live.state = crate::update::apply::state_after(&change.live.state, &change.plan, done);
    let made: Vec<UpdateCall> = change.plan.calls.iter().take(done).cloned().collect();
    if let Ok(existing) = &mut change.live.sign_in {
        *existing = existing.with_made(&made);
    }
    let made_branding = made.iter().any(|c| {
        matches!(
            c,
            UpdateCall::SignIn(crate::model::Call::CreateManagedLoginBranding(_))
        )
    });
    if made_branding {
        app.doc.branding = None;
    }
}

/// Where a diff line's member is edited: `UpdateGroup[staff].Precedence`
/// is the `Precedence` of the draft's group `staff`; any other path is
/// its own.
pub fn draft_path(app: &App, path: &str) -> String {
    let lists = [
        ("UpdateUserPoolClient[", List::Clients),
        ("UpdateGroup[", List::Groups),
    ];
    if let Some(rest) = path.strip_prefix("UpdateUserPoolDomain[") {
        let member = rest.split_once("].").map_or("", |(_, m)| m);
        return format!("CreateUserPoolDomain.{member}");
    }
    for (prefix, list) in lists {
        let Some(rest) = path.strip_prefix(prefix) else {
            continue;
        };
        let Some((name, member)) = rest.split_once("].") else {
            continue;
        };
        let index =
            (0..list.len(app)).find(|i| is_pools(app, list, *i) && list.name(app, *i) == name);
        if let Some(index) = index {
            return format!("{}[{index}].{member}", list.operation());
        }
    }
    path.to_owned()
}
