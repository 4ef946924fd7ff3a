//! The steps for the calls after the pool: App clients and Groups (a list;
//! Enter opens one entry in the generic form, over its indexed table from
//! `plan_fields`) and Domain (a form, with the wizard's own fields for the
//! domain as a whole, the managed login version and the branding style).
//!
//! Adding an entry and naming it are one change, as for custom attributes:
//! the name's editor is open while the entry is added, and its Esc takes both
//! back. Removing one is one change that undo brings back.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use crate::model::client_presets;
use crate::model::domain::{CreateGroupRequest, CreateManagedLoginBrandingRequest};
use crate::model::values::{client_id_placeholder, client_of_placeholder};

use super::change::existing;
use super::editor::{EditTarget, Editor};
use super::fields::{FieldSpec, StepId, Virtual};
use super::keymap::Command;
use super::msg::Effect;
use super::plan_fields::{self, indexed};
use super::App;

/// The cursor of one list step and the entry open in the form, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub row: usize,
    pub open: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanScreens {
    pub clients: ListState,
    pub groups: ListState,
}

/// One row of a list step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// An entry of the plan, by index.
    Entry(usize),
    /// Add a client from this preset (its file name).
    Preset(String),
    /// Add an empty group.
    AddGroup,
}

/// Which list a step edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Clients,
    Groups,
}

impl List {
    pub fn of(step: StepId) -> Option<List> {
        match step {
            StepId::AppClients => Some(List::Clients),
            StepId::Groups => Some(List::Groups),
            _ => None,
        }
    }

    /// The operation its entries are calls of.
    pub fn operation(self) -> &'static str {
        match self {
            List::Clients => "CreateUserPoolClient",
            List::Groups => "CreateGroup",
        }
    }

    fn pattern_table(self) -> &'static [FieldSpec] {
        match self {
            List::Clients => plan_fields::CLIENT,
            List::Groups => plan_fields::GROUP,
        }
    }

    pub fn len(self, app: &App) -> usize {
        match self {
            List::Clients => app.doc.clients.len(),
            List::Groups => app.doc.groups.len(),
        }
    }

    /// The entry's name as the list shows it.
    pub fn name(self, app: &App, index: usize) -> String {
        let name = match self {
            List::Clients => app.doc.clients.get(index).map(|c| c.name().to_owned()),
            List::Groups => app.doc.groups.get(index).and_then(|g| g.group_name.clone()),
        };
        name.filter(|n| !n.is_empty())
            .unwrap_or_else(|| "(no name)".into())
    }

    pub fn state(self, app: &App) -> ListState {
        match self {
            List::Clients => app.plan.clients,
            List::Groups => app.plan.groups,
        }
    }

    fn state_mut(self, app: &mut App) -> &mut ListState {
        match self {
            List::Clients => &mut app.plan.clients,
            List::Groups => &mut app.plan.groups,
        }
    }
}

/// The rows of a list step: its entries (in change mode the pool's own
/// first), then the ways to add one.
pub fn rows(app: &App, list: List) -> Vec<Row> {
    let mut rows: Vec<Row> = (0..list.len(app)).map(Row::Entry).collect();
    match list {
        List::Clients => rows.extend(
            client_presets::list()
                .into_iter()
                .map(|p| Row::Preset(p.file)),
        ),
        List::Groups => rows.push(Row::AddGroup),
    }
    rows
}

/// The row of entry `index`.
fn entry_row(_app: &App, _list: List, index: usize) -> usize {
    index
}

/// The entry open in the form on the current step, if it still exists.
pub fn open_entry(app: &App) -> Option<(List, usize)> {
    let list = List::of(app.step)?;
    let open = list.state(app).open?;
    (open < list.len(app)).then_some((list, open))
}

/// Whether the current step shows its list (rather than an entry's form).
pub fn shows_list(app: &App) -> bool {
    List::of(app.step).is_some() && open_entry(app).is_none()
}

impl App {
    /// The form table of the current step: an open entry's indexed table,
    /// none while a list shows, else the step's own.
    pub fn fields(&self) -> &'static [FieldSpec] {
        match (List::of(self.step), open_entry(self)) {
            (Some(list), Some((_, index))) => indexed(list.pattern_table(), index),
            (Some(_), None) => &[],
            (None, _) => self.step.fields(),
        }
    }
}

/// The form table of `step` as the app shows it.
pub fn table(app: &App, step: StepId) -> &'static [FieldSpec] {
    if step == app.step {
        app.fields()
    } else {
        step.fields()
    }
}

/// Esc on an entry's form: back to its list.
pub fn close(app: &mut App) {
    if let Some(list) = List::of(app.step) {
        list.state_mut(app).open = None;
    }
}

/// After a jump to a problem at `path`: open the entry it is about.
pub fn focus_path(app: &mut App, path: &str) {
    let (_, index) = plan_fields::split_index(path);
    let (Some(list), Some(index)) = (List::of(app.step), index) else {
        return;
    };
    if path.starts_with(list.operation()) && index < list.len(app) {
        *list.state_mut(app) = ListState {
            row: entry_row(app, list, index),
            open: Some(index),
        };
    }
}

/// Whether `command` does something on the focused row (the footer offers
/// only those): `d` removes an entry, but not one of the pool's own (change
/// mode refuses it) nor an add row.
pub fn offers(app: &App, command: Command) -> bool {
    if !matches!(command, Command::Delete | Command::Clear) {
        return true;
    }
    let Some(list) = List::of(app.step) else {
        return true;
    };
    let rows = rows(app, list);
    let at = list.state(app).row.min(rows.len().saturating_sub(1));
    matches!(rows.get(at), Some(Row::Entry(index)) if !existing::is_pools(app, list, *index))
}

/// A command on a list step's list.
pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    let Some(list) = List::of(app.step) else {
        return;
    };
    let rows = rows(app, list);
    let count = rows.len().max(1);
    let state = list.state_mut(app);
    state.row = state.row.min(count - 1);
    let at = state.row;
    let row = rows.get(at).cloned();
    match command {
        Command::NextField => list.state_mut(app).row = (at + 1) % count,
        Command::PreviousField => list.state_mut(app).row = (at + count - 1) % count,
        Command::Activate | Command::Toggle => match row {
            Some(Row::Entry(index)) => open(app, list, index),
            Some(Row::Preset(file)) => add_client(app, &file, fx),
            Some(Row::AddGroup) => add_group(app, fx),
            None => {}
        },
        Command::Add => match (list, row) {
            (List::Clients, Some(Row::Preset(file))) => add_client(app, &file, fx),
            (List::Clients, _) => {
                list.state_mut(app).row = entry_row(app, list, list.len(app));
                app.set_status("Choose a preset with ↑↓, Enter adds it");
            }
            (List::Groups, _) => add_group(app, fx),
        },
        Command::Delete | Command::Clear => {
            if let Some(Row::Entry(index)) = row {
                remove(app, list, index, fx);
            }
        }
        _ => {}
    }
}

fn open(app: &mut App, list: List, index: usize) {
    *list.state_mut(app) = ListState {
        row: entry_row(app, list, index),
        open: Some(index),
    };
    app.cursors.remove(&app.step);
}

/// Adds the preset's client and opens it with its name being typed.
fn add_client(app: &mut App, file: &str, fx: &mut Vec<Effect>) {
    let before = (app.doc.clone(), app.raw.clone());
    let mut doc = app.doc.clone();
    match client_presets::add(&mut doc, file) {
        Ok(index) => add_then_name(app, List::Clients, index, before, fx, |app| app.doc = doc),
        Err(e) => app.set_status(e),
    }
}

fn add_group(app: &mut App, fx: &mut Vec<Effect>) {
    let before = (app.doc.clone(), app.raw.clone());
    let index = app.doc.groups.len();
    let name = unique_group_name(app);
    add_then_name(app, List::Groups, index, before, fx, |app| {
        app.doc.groups.push(CreateGroupRequest {
            group_name: Some(name),
            ..Default::default()
        })
    });
}

fn unique_group_name(app: &App) -> String {
    let taken = |name: &str| {
        app.doc
            .groups
            .iter()
            .any(|g| g.group_name.as_deref() == Some(name))
    };
    (1..)
        .map(|n| format!("group{n}"))
        .find(|name| !taken(name))
        .unwrap_or_default()
}

/// Makes the change with the name's editor open (so the change is recorded
/// with the name, and Esc in the editor takes both back), then opens the
/// entry's form on its name.
fn add_then_name(
    app: &mut App,
    list: List,
    index: usize,
    before: (crate::model::PoolDocument, BTreeMap<String, String>),
    fx: &mut Vec<Effect>,
    change: impl FnOnce(&mut App),
) {
    let name_field = indexed(list.pattern_table(), index)[0];
    app.editor = Some(Editor::new(
        EditTarget::Field(name_field),
        "",
        before.clone(),
    ));
    change(app);
    app.changed(fx);
    open(app, list, index);
    let text = app.json.text(name_field.path);
    app.editor = Some(Editor::new(EditTarget::Field(name_field), &text, before));
}

/// Removes an entry: one change (undo brings it back); typed text and
/// stashed sections of later entries move down with them.
fn remove(app: &mut App, list: List, index: usize, fx: &mut Vec<Effect>) {
    let name = list.name(app, index);
    let servers = match list {
        List::Clients => client_presets::remove(&mut app.doc, index),
        List::Groups => {
            app.doc.groups.remove(index);
            Vec::new()
        }
    };
    let mut removed = vec![(list.operation(), index)];
    removed.extend(servers.iter().map(|at| ("CreateResourceServer", *at)));
    for (operation, at) in removed {
        forget_entry(app, operation, at);
    }
    let row = entry_row(app, list, index);
    let state = list.state_mut(app);
    state.open = None;
    state.row = state.row.min(row);
    app.changed(fx);
    let with = match servers.len() {
        0 => String::new(),
        1 => " and the resource server only it used".into(),
        n => format!(" and the {n} resource servers only it used"),
    };
    app.set_status(format!("Removed {name}{with} (u undoes)"));
}

/// Typed text and stashed sections of entry `at` of `operation` dropped
/// (the entry is gone), later entries' moved down with them.
pub(super) fn forget_entry(app: &mut App, operation: &str, at: usize) {
    app.raw = reindexed(std::mem::take(&mut app.raw), operation, at);
    let stash: BTreeMap<String, Value> = std::mem::take(&mut app.stash).into_iter().collect();
    app.stash = reindexed(stash, operation, at)
        .into_iter()
        .collect::<HashMap<_, _>>();
}

/// `map` without the keys of entry `removed` of `operation`, later entries'
/// keys moved down one.
fn reindexed<V>(map: BTreeMap<String, V>, operation: &str, removed: usize) -> BTreeMap<String, V> {
    map.into_iter()
        .filter_map(|(key, value)| {
            let (pattern, index) = plan_fields::split_index(&key);
            match index {
                Some(i) if key.starts_with(operation) && i == removed => None,
                Some(i) if key.starts_with(operation) && i > removed => {
                    let moved = pattern.replacen("[]", &format!("[{}]", i - 1), 1);
                    Some((moved, value))
                }
                _ => Some((key, value)),
            }
        })
        .collect()
}

/// The wizard's own fields of the Domain step, shown as one line.
pub fn virtual_display(app: &App, v: Virtual) -> String {
    match v {
        Virtual::Domain if existing::domain(app).is_some() => {
            "[x] in the pool (kept: nothing is removed here)".into()
        }
        Virtual::Domain => if app.doc.domain.is_some() {
            "[x]"
        } else {
            "[ ]"
        }
        .into(),
        Virtual::ManagedLogin => match managed_login(app) {
            Some(1) => "‹ 1: hosted UI (classic) ›".into(),
            Some(2) => "‹ 2: managed login ›".into(),
            Some(other) => format!("‹ {other} ›"),
            None => "‹ (not set) ›".into(),
        },
        Virtual::BrandingClient => match branding_client(app) {
            Some(name) => format!("‹ {name} ›"),
            None => "‹ (none) ›".into(),
        },
        _ => String::new(),
    }
}

fn managed_login(app: &App) -> Option<i32> {
    app.doc.domain.as_ref()?.managed_login_version
}

fn branding_client(app: &App) -> Option<String> {
    let id = app.doc.branding.as_ref()?.client_id.as_deref()?;
    Some(client_of_placeholder(id).unwrap_or(id).to_owned())
}

const DOMAIN: &str = "CreateUserPoolDomain";
const BRANDING: &str = "CreateManagedLoginBranding";

/// Space / arrows on the Domain step's own fields.
pub fn cycle_virtual(app: &mut App, v: Virtual, delta: isize, fx: &mut Vec<Effect>) {
    match v {
        Virtual::Domain => toggle_domain(app),
        Virtual::ManagedLogin => {
            let versions = [None, Some(1), Some(2)];
            let at = versions
                .iter()
                .position(|x| *x == managed_login(app))
                .unwrap_or(0) as isize;
            let next = versions[(at + delta).rem_euclid(3) as usize];
            set_managed_login(app, next);
        }
        Virtual::BrandingClient => {
            let names: Vec<String> = app
                .doc
                .clients
                .iter()
                .map(|c| c.name().to_owned())
                .collect();
            if names.is_empty() {
                app.set_status("Add an app client first (App clients step)");
                return;
            }
            let current = branding_client(app);
            let at = names
                .iter()
                .position(|n| Some(n) == current.as_ref())
                .map_or(-1, |i| i as isize);
            let next = &names[(at + delta).rem_euclid(names.len() as isize) as usize];
            if let Some(branding) = &mut app.doc.branding {
                branding.client_id = Some(client_id_placeholder(next));
            }
        }
        _ => return,
    }
    app.changed(fx);
}

/// The domain on or off; off keeps it (and its branding style) for on again.
fn toggle_domain(app: &mut App) {
    match app.doc.domain.take() {
        Some(domain) => {
            app.stash.insert(DOMAIN.into(), json!(domain));
            if let Some(branding) = app.doc.branding.take() {
                app.stash.insert(BRANDING.into(), json!(branding));
            }
        }
        None => {
            app.doc.domain = Some(restore(app, DOMAIN).unwrap_or_default());
            if managed_login(app) == Some(2) {
                app.doc.branding = restore(app, BRANDING);
            }
        }
    }
}

/// Version 2 brings the branding style (Cognito's own values, for the first
/// client unless one was chosen before); leaving it keeps the style aside.
fn set_managed_login(app: &mut App, version: Option<i32>) {
    let Some(domain) = &mut app.doc.domain else {
        return;
    };
    domain.managed_login_version = version;
    if version == Some(2) {
        let first = app
            .doc
            .clients
            .first()
            .map(|c| client_id_placeholder(c.name()));
        let branding = restore(app, BRANDING).unwrap_or(CreateManagedLoginBrandingRequest {
            client_id: first,
            use_cognito_provided_values: Some(true),
            ..Default::default()
        });
        app.doc.branding = Some(branding);
    } else if let Some(branding) = app.doc.branding.take() {
        app.stash.insert(BRANDING.into(), json!(branding));
    }
}

fn restore<T: serde::de::DeserializeOwned>(app: &mut App, key: &str) -> Option<T> {
    app.stash
        .remove(key)
        .and_then(|v| serde_json::from_value(v).ok())
}

/// The call (operation and its position among calls of that operation) and
/// member the preview should show for the focus of the current step.
pub fn focused_call(path: &str) -> Option<(String, usize, String)> {
    let (operation, member) = plan_fields::operation_member(path)
        .or_else(|| super::binding::addresses_later(path).then_some((path, "")))?;
    let (_, index) = plan_fields::split_index(path);
    let operation = operation.split('[').next().unwrap_or(operation);
    Some((operation.to_owned(), index.unwrap_or(0), member.to_owned()))
}

/// What the list's focused row is about, for the preview.
pub fn list_focus(app: &App) -> Option<(String, usize, String)> {
    let list = List::of(app.step)?;
    let state = list.state(app);
    match rows(app, list).get(state.row)? {
        Row::Entry(index) => Some((list.operation().to_owned(), *index, String::new())),
        _ => None,
    }
}

/// The intro line of an open entry's form.
pub fn entry_intro(app: &App) -> Option<String> {
    let (list, index) = open_entry(app)?;
    let what = match list {
        List::Clients => "App client",
        List::Groups => "Group",
    };
    Some(format!(
        "{what} {} of {}: {}. Esc goes back to the list.",
        index + 1,
        list.len(app),
        list.name(app, index)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_an_entry_moves_the_keys_of_later_ones_down() {
        let map: BTreeMap<String, u8> = [
            ("CreateGroup[0].Precedence".to_owned(), 0),
            ("CreateGroup[1].Precedence".to_owned(), 1),
            ("CreateGroup[2].Precedence".to_owned(), 2),
            ("CreateUserPoolClient[2].AccessTokenValidity".to_owned(), 9),
        ]
        .into();
        let moved = reindexed(map, "CreateGroup", 1);
        let keys: Vec<&str> = moved.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "CreateGroup[0].Precedence",
                "CreateGroup[1].Precedence",
                "CreateUserPoolClient[2].AccessTokenValidity"
            ]
        );
        assert_eq!(moved["CreateGroup[1].Precedence"], 2);
    }
}
