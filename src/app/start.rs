//! The Start screen: where a pool comes from (a preset, the autosave, a file,
//! or an existing pool picked from ListUserPools).

use std::path::PathBuf;

use crate::api::{ApiResult, PoolSummary};
use crate::model::describe_plan::{add_described_sign_in, DescribedSignIn};
use crate::model::load::{from_described, load_str, DescribedPool, Loaded};
use crate::model::PoolDocument;
use crate::problem::Problem;

use super::draft;
use super::fields::StepId;
use super::keymap::Command;
use super::modal::{Modal, Prompt, PromptFor, Question};
use super::msg::Effect;
use super::{presets, App, InFlight};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartItem {
    /// The autosave of an earlier session that did not finish.
    Resume {
        summary: String,
        /// The pool a change-mode draft changes.
        changing: Option<String>,
    },
    /// Back to the draft being edited (once one is).
    Current,
    Preset(presets::Preset),
    Blank,
    OpenFile,
    /// Fetch the pools of the account to pick one to clone.
    ListPools,
    TypePoolId,
    Pool(PoolSummary),
    /// Skip pool creation: invite users to a pool that exists.
    InviteExisting,
    /// Change an existing pool: a diff against it, then exactly the calls.
    ChangeById,
    /// Change this listed pool (`c` on it).
    Change(PoolSummary),
}

impl StartItem {
    pub fn label(&self) -> String {
        match self {
            StartItem::Resume {
                summary,
                changing: None,
            } => format!("Resume where you left off: {summary}"),
            StartItem::Resume {
                summary,
                changing: Some(pool),
            } => format!("Resume changing {pool}: {summary}"),
            StartItem::Current => "Back to the draft you are editing".into(),
            StartItem::Preset(p) => format!("Preset: {} — {}", p.title, p.summary),
            StartItem::Blank => "Empty pool (only a name)".into(),
            StartItem::OpenFile => "Open a draft or exported request file…".into(),
            StartItem::ListPools => "Clone an existing pool: list the pools in this account".into(),
            StartItem::TypePoolId => "Clone an existing pool by id…".into(),
            StartItem::Pool(p) => format!("  {} ({}) · i invites · c changes", p.name, p.id),
            StartItem::InviteExisting => "Invite users to an existing pool…".into(),
            StartItem::ChangeById => "Change an existing pool by id…".into(),
            StartItem::Change(p) => format!("Change {} ({})", p.name, p.id),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PoolList {
    #[default]
    NotLoaded,
    Loading,
    Loaded,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartScreen {
    pub items: Vec<StartItem>,
    pub selected: usize,
    pub pools: PoolList,
    /// The autosave text found at start-up, if any.
    pub resumable: Option<String>,
    /// A draft is being edited: offer to go back to it.
    pub editing: bool,
    /// The choice waiting for the answer to "replace the draft?".
    pub pending: Option<StartItem>,
    /// Replacing the recovered draft was confirmed for a choice that asks
    /// first (a file, a pool id): it is loaded (to be saved, or brought
    /// back by Ctrl+Z) only once that is given; Esc leaves it as it was.
    pub recovered_on_answer: bool,
}

impl Default for StartScreen {
    fn default() -> Self {
        let mut screen = Self {
            items: Vec::new(),
            selected: 0,
            pools: PoolList::NotLoaded,
            resumable: None,
            editing: false,
            pending: None,
            recovered_on_answer: false,
        };
        screen.rebuild(Vec::new());
        screen
    }
}

impl StartScreen {
    /// Offers to resume an autosaved draft found at start-up.
    pub fn offer_resume(&mut self, text: String) {
        self.resumable = Some(text);
        self.rebuild(self.pool_items());
        self.selected = 0;
    }

    /// A draft was loaded: the autosave found at start-up is now that draft
    /// (or was replaced by it), so it is no longer offered; the draft is.
    pub fn draft_loaded(&mut self) {
        self.resumable = None;
        self.editing = true;
        self.rebuild(self.pool_items());
    }

    fn pool_items(&self) -> Vec<PoolSummary> {
        self.items
            .iter()
            .filter_map(|i| match i {
                StartItem::Pool(p) => Some(p.clone()),
                _ => None,
            })
            .collect()
    }

    /// The draft recovered from the last session, while it is offered and
    /// not resumed: it lives only in the autosave, which nothing overwrites
    /// until it is resumed or replaced (asked first).
    pub fn recovered(&self) -> Option<String> {
        let text = self.resumable.as_ref()?;
        Some(match draft::decode(text) {
            Ok(r) => format!(
                "{} (at {})",
                r.doc.create.pool_name.as_deref().unwrap_or("unnamed pool"),
                r.step.title()
            ),
            Err(_) => "an unreadable draft".into(),
        })
    }

    fn rebuild(&mut self, pools: Vec<PoolSummary>) {
        let mut items = Vec::new();
        if let Some(summary) = self.recovered() {
            let changing = self
                .resumable
                .as_deref()
                .and_then(|text| draft::decode(text).ok())
                .and_then(|r| r.change_pool);
            items.push(StartItem::Resume { summary, changing });
        }
        if self.editing {
            items.push(StartItem::Current);
        }
        items.extend(presets::list().into_iter().map(StartItem::Preset));
        items.push(StartItem::Blank);
        items.push(StartItem::OpenFile);
        items.push(StartItem::ListPools);
        items.extend(pools.into_iter().map(StartItem::Pool));
        items.push(StartItem::TypePoolId);
        items.push(StartItem::InviteExisting);
        items.push(StartItem::ChangeById);
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    pub fn cancelled(&mut self) {
        if self.pools == PoolList::Loading {
            self.pools = PoolList::NotLoaded;
        }
    }
}

pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    let screen = &mut app.start;
    let n = screen.items.len();
    match command {
        Command::NextField => screen.selected = (screen.selected + 1) % n,
        Command::PreviousField => screen.selected = (screen.selected + n - 1) % n,
        Command::Refresh => list_pools(app, fx),
        Command::Invite => match &screen.items[screen.selected] {
            StartItem::Pool(pool) => {
                let pool_id = pool.id.clone();
                super::invite::describe_for_invite(app, pool_id, fx);
            }
            _ => {
                app.set_status("i invites users into a listed pool: list the pools, then pick one")
            }
        },
        Command::Activate => {
            let item = screen.items[screen.selected].clone();
            choose(app, item, fx);
        }
        Command::Change => match &screen.items[screen.selected] {
            StartItem::Pool(pool) => {
                let item = StartItem::Change(pool.clone());
                choose(app, item, fx);
            }
            _ => app.set_status(
                "c changes a listed pool: list the pools, then pick one (or: Change an existing pool by id…)",
            ),
        },
        _ => {}
    }
}

/// Whether choosing `item` puts another draft in place of the current one.
fn replaces_the_draft(item: &StartItem) -> bool {
    !matches!(
        item,
        StartItem::Current | StartItem::ListPools | StartItem::InviteExisting
    )
}

fn choose(app: &mut App, item: StartItem, fx: &mut Vec<Effect>) {
    // Resuming the recovered draft replaces only the one being edited.
    let unkept = match item {
        StartItem::Resume { .. } => app.has_unkept_changes(),
        _ => app.has_unkept_work(),
    };
    if replaces_the_draft(&item) && unkept {
        app.start.pending = Some(item);
        app.modal = Some(Modal::Ask(Question::ReplaceDraft));
        return;
    }
    choose_now(app, item, fx);
}

/// A draft put in place of the one being edited must not write into the
/// file the old one was saved in.
fn detach_if_editing(app: &mut App) {
    if app.start.editing {
        app.detach_draft_file();
    }
}

/// The answer to "replace the draft?".
pub fn replace_answered(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    let Some(item) = app.start.pending.take() else {
        return;
    };
    // A recovered draft is loaded first, so that it is what is saved, or
    // what Ctrl+Z brings back.
    let recovered = app.start.recovered().is_some() && !matches!(item, StartItem::Resume { .. });
    match command {
        Command::Confirm if recovered && asks_first(&item) => {
            app.start.recovered_on_answer = true;
            choose_now(app, item, fx);
            app.set_status(
                "The draft is replaced once you give this (Ctrl+Z then brings it back); Esc keeps it as it is",
            );
        }
        Command::Confirm => {
            if recovered {
                load_recovered(app);
            }
            choose_now(app, item, fx);
            app.set_status("The draft was replaced; Ctrl+Z brings it back");
        }
        Command::Save => {
            if recovered {
                load_recovered(app);
            }
            app.command(Command::Save, fx);
            app.set_status("Save the draft, then choose again");
        }
        _ => {}
    }
}

/// Whether `item` opens a prompt (a file, a pool id) before anything loads.
fn asks_first(item: &StartItem) -> bool {
    matches!(
        item,
        StartItem::OpenFile | StartItem::TypePoolId | StartItem::ChangeById
    )
}

/// The prompt a confirmed replace opened is answered or closed: the
/// recovered draft is loaded now (`given`), or stays as it was (Esc).
pub fn prompt_closed(app: &mut App, given: bool) {
    if std::mem::take(&mut app.start.recovered_on_answer) && given {
        load_recovered(app);
    }
}

fn choose_now(app: &mut App, item: StartItem, fx: &mut Vec<Effect>) {
    // What was saved in the draft file stays there: once a draft was being
    // edited, the one put in its place autosaves instead (a draft file
    // opened now becomes the draft file). A draft file named at start-up
    // that holds nothing yet takes the first draft chosen.
    // Those that load later (a file, a pool) detach when they load: a prompt
    // closed with Esc changes nothing.
    let loads_now = matches!(
        item,
        StartItem::Resume { .. } | StartItem::Preset(_) | StartItem::Blank
    );
    if loads_now {
        detach_if_editing(app);
    }
    match item {
        StartItem::Current => app.go(StepId::SignIn),
        StartItem::Resume { .. } => resume(app, fx),
        StartItem::Preset(preset) => match presets::load(&preset.file) {
            Ok(doc) => begin(app, doc, fx),
            Err(e) => app.set_status(e),
        },
        StartItem::Blank => {
            let mut doc = PoolDocument::default();
            doc.create.pool_name = Some("my-user-pool".into());
            begin(app, doc, fx);
        }
        StartItem::OpenFile => {
            app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::OpenFile, "")));
        }
        StartItem::ListPools => list_pools(app, fx),
        StartItem::TypePoolId => {
            app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::PoolId, "")));
        }
        StartItem::Pool(pool) => describe(app, pool.id, fx),
        StartItem::InviteExisting => {
            app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::InvitePoolId, "")));
        }
        StartItem::ChangeById => {
            app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::ChangePoolId, "")));
        }
        StartItem::Change(pool) => super::change::open(app, pool.id, fx),
    }
}

/// Loads the draft recovered from the last session; one of change mode
/// once its pool is described again.
fn resume(app: &mut App, fx: &mut Vec<Effect>) {
    resume_as(app, Some(fx));
}

/// Loads the recovered draft at once, before another choice replaces it
/// (so that it is what is saved, or what Ctrl+Z brings back): a draft of
/// change mode is loaded as its values alone, since its pool would be
/// described only after the other choice is made.
fn load_recovered(app: &mut App) {
    resume_as(app, None);
}

fn resume_as(app: &mut App, later: Option<&mut Vec<Effect>>) {
    let Some(text) = app.start.resumable.clone() else {
        return;
    };
    match draft::decode(&text) {
        Ok(mut restored) => {
            if let (Some(pool), Some(fx)) = (restored.change_pool.take(), later) {
                return super::change::resume(app, pool, restored, None, fx);
            }
            let secrets = restored.secrets_omitted.clone();
            app.load(restored.doc, restored.raw, restored.step);
            // It lives only in the autosave: replacing it loses it.
            app.count_as_unkept();
            if !secrets.is_empty() {
                app.set_status(format!(
                    "Resumed. Secrets are not kept in drafts: enter {} again.",
                    secrets.join(", ")
                ));
            }
        }
        Err(e) => app.set_status(format!("Cannot resume: {e}")),
    }
}

/// What loading a file changed or filled in, in one status line: the first
/// note and how many there are (`cognito-wizard validate FILE` lists them all).
pub fn notes_status(notes: &[Problem]) -> Option<String> {
    let first = notes.first()?;
    let more = match notes.len() {
        1 => String::new(),
        n => format!(
            " (+{} more: cognito-wizard validate FILE lists them)",
            n - 1
        ),
    };
    Some(format!("Opened with notes: {first}{more}"))
}

fn begin(app: &mut App, doc: PoolDocument, fx: &mut Vec<Effect>) {
    app.load(doc, Default::default(), StepId::SignIn);
    app.changed(fx);
}

fn list_pools(app: &mut App, fx: &mut Vec<Effect>) {
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: "Listing the account's user pools".into(),
    });
    app.start.pools = super::start::PoolList::Loading;
    fx.push(Effect::ListPools { id });
}

/// Starts cloning the pool with this id (`--from-pool`, a picked pool, a typed id).
pub fn describe(app: &mut App, pool_id: String, fx: &mut Vec<Effect>) {
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: format!("Reading pool {pool_id}"),
    });
    fx.push(Effect::Describe { id, pool_id });
}

pub fn pools_listed(app: &mut App, result: ApiResult<Vec<PoolSummary>>) {
    match result {
        Ok(pools) => {
            let found = pools.len();
            app.start.pools = PoolList::Loaded;
            app.start.rebuild(pools);
            if let Some(first) = app
                .start
                .items
                .iter()
                .position(|i| matches!(i, StartItem::Pool(_)))
            {
                app.start.selected = first;
            }
            app.set_status(format!("{found} pool(s) in this account and region"));
        }
        Err(e) => {
            app.start.pools = PoolList::Failed(e.to_string());
            app.set_status(format!("Could not list pools: {e}"));
        }
    }
}

/// A described pool becomes a new plan: the pool under a name of its own,
/// with its app clients, resource servers, domain (a new prefix) and groups
/// as later calls. Clients, domain and groups that could not be described
/// are left out with a warning that says why.
pub fn described(
    app: &mut App,
    result: ApiResult<(DescribedPool, ApiResult<DescribedSignIn>)>,
    fx: &mut Vec<Effect>,
) {
    match result.map_err(|e| e.to_string()).and_then(clone_of) {
        Ok((mut doc, notes)) => {
            detach_if_editing(app);
            // A clone needs a name of its own.
            if let Some(name) = &doc.create.pool_name {
                doc.create.pool_name = Some(format!("{name}-copy"));
            }
            let summary = clone_summary(&doc);
            begin(app, doc, fx);
            let notes: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" {}", notes.join("; "))
            };
            app.set_status(format!("Cloned with {summary}.{notes}"));
        }
        Err(e) => app.set_status(format!("Could not clone the pool: {e}")),
    }
}

/// The plan a described pool and its sign-in parts make, with the notes
/// reading them gave.
fn clone_of(
    (pool, sign_in): (DescribedPool, ApiResult<DescribedSignIn>),
) -> Result<(PoolDocument, Vec<Problem>), String> {
    let outcome = from_described(&pool).map_err(|e| e.to_string())?;
    let mut notes = outcome.notes;
    let mut doc = match outcome.loaded {
        Loaded::Pool(doc) => doc,
        Loaded::User(_) | Loaded::Mfa(_) | Loaded::Call(_) => {
            return Err("that is not a pool".into())
        }
    };
    match sign_in {
        Ok(sign_in) => {
            add_described_sign_in(&mut doc, &sign_in, &mut notes).map_err(|e| e.to_string())?
        }
        Err(e) => notes.push(Problem::warning(
            "CreateUserPoolClient",
            format!("the app clients, domain and groups are not copied: {e}"),
        )),
    }
    Ok((doc, notes))
}

/// "2 app client(s), a domain, 1 group(s)": what a clone carries besides the pool.
fn clone_summary(doc: &PoolDocument) -> String {
    let domain = if doc.domain.is_some() {
        "a domain"
    } else {
        "no domain"
    };
    format!(
        "{} app client(s), {} resource server(s), {domain}, {} group(s)",
        doc.clients.len(),
        doc.resource_servers.len(),
        doc.groups.len()
    )
}

pub fn opened(app: &mut App, path: PathBuf, result: Result<String, String>, fx: &mut Vec<Effect>) {
    let text = match result {
        Ok(text) => text,
        Err(e) => {
            return app.set_status(format!("Cannot read {}: {e}", crate::sanitize::path(&path)))
        }
    };
    if draft::is_draft(&text) {
        match draft::decode(&text) {
            Ok(mut restored) => {
                if let Some(pool) = restored.change_pool.take() {
                    return super::change::resume(app, pool, restored, Some(path), fx);
                }
                detach_if_editing(app);
                app.load(restored.doc, restored.raw, restored.step);
                app.session.draft_path = Some(path);
            }
            Err(e) => app.set_status(format!("{}: {e}", crate::sanitize::path(&path))),
        }
        return;
    }
    match load_str(&text, None) {
        Ok(outcome) => match outcome.loaded {
            Loaded::Pool(doc) => {
                detach_if_editing(app);
                begin(app, doc, fx);
                if let Some(status) = notes_status(&outcome.notes) {
                    app.set_status(status);
                }
            }
            other => app.set_status(format!(
                "{}: {}",
                crate::sanitize::path(&path),
                other.not_a_pool().unwrap_or_default()
            )),
        },
        Err(e) => app.set_status(format!("{}: {e}", crate::sanitize::path(&path))),
    }
}
