//! Change mode: the wizard on an existing pool. The pool's state (the same
//! loading as `update-pool`: DescribeUserPool and GetUserPoolMfaConfig) fills
//! the same steps; members that can never change are read-only, with the
//! reason at the field; Review shows the diff against the live pool and the
//! calls that make it ([`crate::update::plan_update`], one source with the
//! headless diff); Submit describes the pool again first and sends nothing
//! if it changed since it was loaded.
//!
//! App's own fields stay those of create mode; [`ChangeMode`] holds what
//! only change mode has. `App::load` (a preset, a file, a clone) ends it.

use crate::api::ApiResult;
use crate::model::describe_plan::DescribedSignIn;
use crate::model::load::{from_described, DescribedPool, Loaded};
use crate::model::preview::{Layout, Secrets};
use crate::model::PoolDocument;
use crate::update::send::Sent;
use crate::update::{self, plan_update, Change, LivePool, UpdatePlan};
use crate::validate::mutability;

use super::attributes::{self, Row};
use super::fields::{FieldKind, StepId};
use super::keymap::Command;
use super::modal::{Modal, Question};
use super::msg::Effect;
use super::{form, App, InFlight};

pub mod existing;
pub mod items;
mod rebase;
mod resume;
pub use resume::{resume, Resuming};

/// What only change mode has.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeMode {
    /// The pool as loaded (or as last described): what the diff is against
    /// and what the pool must still be just before sending.
    pub live: LivePool,
    /// From the live pool to the draft; re-made on every change.
    pub plan: UpdatePlan,
    /// How the last send ended (the Result step shows it).
    pub sent: Option<Sent>,
    /// The draft as the pool was when last described: what the operator's
    /// own edits are told apart from.
    base: PoolDocument,
    /// What someone else changed between loading and sending (found by the
    /// describe before sending; Review lists it above the diff).
    pub meanwhile: Vec<Change>,
}

/// What the undo history keeps of change mode: the pool (as last
/// described) and the base, enough to plan against it again. Two seeds are
/// the same draft state when they are of the same pool: the pool described
/// afresh is no edit of the draft.
#[derive(Debug, Clone)]
pub struct Seed {
    live: LivePool,
    base: PoolDocument,
}

impl PartialEq for Seed {
    fn eq(&self, other: &Self) -> bool {
        self.live.id == other.live.id
    }
}

impl ChangeMode {
    fn new(live: LivePool, base: PoolDocument) -> Self {
        Self {
            base,
            live,
            plan: UpdatePlan::default(),
            sent: None,
            meanwhile: Vec::new(),
        }
    }

    /// What the undo history keeps of this mode.
    pub fn seed(&self) -> Seed {
        Seed {
            live: self.live.clone(),
            base: self.base.clone(),
        }
    }
}

/// Undo or redo: the mode of the state brought back. The same pool keeps
/// the mode as it is (its pool described most recently); another, or one
/// left, comes back from its seed; none ends change mode.
pub(super) fn restore(app: &mut App, seed: Option<Seed>) {
    match seed {
        None => app.change = None,
        Some(seed)
            if app
                .change
                .as_ref()
                .is_some_and(|c| c.live.id == seed.live.id) => {}
        Some(Seed { live, base }) => app.change = Some(ChangeMode::new(live, base)),
    }
}

impl ChangeMode {
    /// The draft as the pool was when last described (a change-mode draft
    /// saves it, to tell the edits apart when it is resumed).
    pub fn base(&self) -> &PoolDocument {
        &self.base
    }
}

impl App {
    /// Change mode, when the wizard is on an existing pool.
    pub fn change(&self) -> Option<&ChangeMode> {
        self.change.as_ref()
    }
}

/// Starts changing the pool with this id (`--pool`, a listed pool, a typed id).
pub fn open(app: &mut App, pool_id: String, fx: &mut Vec<Effect>) {
    // A draft left waiting by a resume whose describe was cancelled is not
    // put on a pool opened afresh.
    app.resuming = None;
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: format!("Reading pool {pool_id} to change it"),
    });
    fx.push(Effect::DescribeForChange { id, pool_id });
}

/// The pool and its sign-in parts were described: [`described`], with the
/// app clients, domain and groups it has kept as existing (shown read-only;
/// when they could not be read, anything new is refused).
pub fn described_with_sign_in(
    app: &mut App,
    pool_id: String,
    result: ApiResult<(DescribedPool, ApiResult<DescribedSignIn>)>,
    fx: &mut Vec<Effect>,
) {
    let (result, sign_in) = match result {
        Ok((pool, sign_in)) => (Ok(pool), sign_in.map_err(|e| e.to_string())),
        Err(e) => (Err(e), Err(String::new())),
    };
    described_as(app, pool_id, result, sign_in, fx);
}

/// The pool was described (its sign-in parts not read: anything new of
/// those is refused): its state fills the steps, in change mode (and a
/// change-mode draft being resumed goes on it).
pub fn described(
    app: &mut App,
    pool_id: String,
    result: ApiResult<DescribedPool>,
    fx: &mut Vec<Effect>,
) {
    let not_read = Err("they were not read with the pool".to_owned());
    described_as(app, pool_id, result, not_read, fx);
}

fn described_as(
    app: &mut App,
    pool_id: String,
    result: ApiResult<DescribedPool>,
    sign_in: Result<DescribedSignIn, String>,
    fx: &mut Vec<Effect>,
) {
    let resuming = resume::waiting_for(app, &pool_id);
    let unread = |app: &mut App, e: &dyn std::fmt::Display| {
        let draft = match resuming.is_some() {
            true => "; the draft was not resumed",
            false => "",
        };
        app.set_status(format!("Could not read pool {pool_id}: {e}{draft}"));
    };
    let described = match result {
        Ok(described) => described,
        Err(e) => return unread(app, &e),
    };
    let live = LivePool::from_described(&described)
        .map(|l| l.with_sign_in(sign_in.as_ref().map_err(String::as_str)));
    let doc = from_described(&described);
    let (live, outcome) = match (live, doc) {
        (Ok(live), Ok(outcome)) => (live, outcome),
        (Err(e), _) | (_, Err(e)) => return unread(app, &e),
    };
    let Loaded::Pool(mut doc) = outcome.loaded else {
        return app.set_status("That is not a pool");
    };
    if let Ok(existing) = &live.sign_in {
        existing.fill(&mut doc);
    }
    if app.start.editing {
        app.detach_draft_file();
    }
    let name = doc.create.pool_name.clone().unwrap_or_default();
    let note = outcome
        .notes
        .first()
        .map_or(String::new(), |n| format!(" (read with a note: {n})"));
    app.load(doc, Default::default(), StepId::SignIn);
    app.change = Some(ChangeMode::new(live, app.doc.clone()));
    // Loading the pool is one change: its mode is part of it (an undo
    // takes both back), and the draft as loaded is in change mode.
    app.committed = app.draft_state();
    app.loaded = app.committed.clone();
    app.refresh();
    match resuming {
        Some(resuming) => resume::reapply(app, resuming, fx),
        None => app.set_status(format!(
            "Changing pool {name} ({pool_id}): members that cannot change are read-only; Review shows the diff against the live pool{note}"
        )),
    }
}

/// After every change to the draft: the plan against the live pool, its
/// problems (refused members, the update's rules) and its calls' JSON.
pub fn refresh(app: &mut App) {
    let Some(change) = &app.change else { return };
    let plan = plan_update(&change.live, &app.doc);
    // Typed text that is no value is the operator's own: always an error.
    let mut problems = form::raw_problems(app);
    problems.extend(plan.refused.iter().cloned());
    if plan.refused.is_empty() {
        problems.extend(update::check(&plan));
    }
    problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
    let secrets = if app.reveal_secrets {
        Secrets::Reveal
    } else {
        Secrets::Mask
    };
    app.preview = plan
        .calls
        .iter()
        .map(|c| (c.operation().to_owned(), c.json(Layout::Pretty, secrets)))
        .collect();
    app.problems = problems;
    if let Some(change) = &mut app.change {
        change.plan = plan;
    }
}

/// Why the member at `path` cannot change, in change mode (shown at the
/// field; a problem only once the draft changes it: then the plan refuses
/// it, an error). The Domain step's members are read-only when the pool
/// has a domain.
pub fn read_only_reason(app: &App, path: &str) -> Option<String> {
    app.change.as_ref()?;
    if let Some(reason) = existing::read_only_reason(app, path) {
        return Some(reason);
    }
    let member = path.split(['.', '[']).next().unwrap_or(path);
    mutability::create_only()
        .contains(&member)
        .then(|| mutability::reason(member))
}

/// A command that would edit a member the pool cannot change does nothing
/// but say so (true: it was refused).
pub fn refuses(app: &mut App, command: Command) -> bool {
    if app.change.is_none() {
        return false;
    }
    let reason = match app.step {
        StepId::Attributes => fixed_attribute(app, command),
        step if step.edits_pool() => {
            existing::refused_row(app, command).or_else(|| fixed_field(app, command))
        }
        _ => None,
    };
    match reason {
        Some((member, reason)) => {
            app.set_status(format!("{member} is read-only: {reason}"));
            true
        }
        None => false,
    }
}

/// The focused form field, when `command` would edit it and it cannot change.
fn fixed_field(app: &App, command: Command) -> Option<(String, String)> {
    let field = form::focused(app)?;
    let moves_within = matches!(field.kind, FieldKind::Set(_) | FieldKind::Map)
        && matches!(command, Command::Left | Command::Right);
    let edits = matches!(
        command,
        Command::Activate
            | Command::Toggle
            | Command::Clear
            | Command::Add
            | Command::Delete
            | Command::Left
            | Command::Right
    );
    // Virtual fields (`wizard.…`) and SetUserPoolMfaConfig's members are no
    // CreateUserPool member: only the table's create-only ones are fixed.
    let reason = read_only_reason(app, field.path)?;
    (edits && !moves_within).then(|| (existing::field_name(app, field.path), reason))
}

/// Whether `command` on Attributes' focused row would edit an attribute
/// that cannot change (the footer does not offer it there).
pub fn attribute_is_fixed(app: &App, command: Command) -> bool {
    app.change.is_some() && fixed_attribute(app, command).is_some()
}

/// On Attributes: an attribute the pool has (or a standard one it lacks)
/// cannot change; new custom attributes can be added and edited.
fn fixed_attribute(app: &App, command: Command) -> Option<(String, String)> {
    if !matches!(
        command,
        Command::Activate | Command::Toggle | Command::Delete | Command::Clear
    ) {
        return None;
    }
    let rows = attributes::rows(&app.doc);
    let row = rows.get(app.attributes.row)?;
    let schema = app.doc.create.schema.as_deref().unwrap_or_default();
    let name = match row {
        Row::Add => return None,
        Row::Standard { name, .. } => (*name).to_owned(),
        Row::Custom(i) => schema.get(*i)?.name.clone().unwrap_or_default(),
    };
    let live = app.change.as_ref()?.live.state.settings.schema.as_deref();
    let new_custom = matches!(row, Row::Custom(_))
        && !live
            .unwrap_or_default()
            .iter()
            .any(|a| a.name.as_deref() == Some(&name));
    (!new_custom).then(|| {
        (
            format!("Schema attribute {name}"),
            mutability::reason("Schema"),
        )
    })
}

/// `s` on Review in change mode: no change, no call; errors refuse; else
/// the same confirmation as create (profile, region, endpoint, account).
pub fn ask_submit(app: &mut App, fx: &mut Vec<Effect>) {
    if app.call.is_some() {
        app.set_status("A call is already in flight (Esc cancels it)");
        return;
    }
    let Some(change) = &app.change else { return };
    if !change.plan.has_changes() {
        app.set_status(
            "No change: the pool already has every value shown, so there is no call to send",
        );
        return;
    }
    if super::review::refused_for_errors(app, "Not sent") {
        return;
    }
    app.target = None;
    app.fetch_target(fx);
    app.modal = Some(Modal::Ask(Question::Submit));
}

/// Confirmed: describe again, then (only if unchanged) send and check.
pub fn submit_now(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(change) = &app.change else { return };
    let (loaded, plan) = (change.live.clone(), change.plan.clone());
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: format!("Changing pool {}", loaded.id),
    });
    fx.push(Effect::SendChange {
        id,
        loaded: Box::new(loaded),
        plan: Box::new(plan),
    });
}

/// The pool changed since it was loaded: the draft becomes the pool as it
/// is now with the operator's own edits on it, member by member (an edit
/// wins where both changed the same member, and the status names it); back
/// to Review, where a fresh confirmation is needed. The undo history starts
/// again here: its states were edits of the pool as it was, and bringing
/// one back would undo someone else's change as if it were the operator's.
fn reload(app: &mut App, described: &DescribedPool, fx: &mut Vec<Effect>) {
    let fresh = match from_described(described).map(|o| o.loaded) {
        Ok(Loaded::Pool(mut fresh)) => {
            let parts = app
                .change
                .as_ref()
                .and_then(|c| c.live.sign_in.as_ref().ok());
            if let Some(parts) = parts {
                parts.fill(&mut fresh);
            }
            Some(fresh)
        }
        _ => None,
    };
    let rebased = fresh.as_ref().and_then(|fresh| {
        let change = app.change.as_ref()?;
        let (_, both) = rebase::since(&change.base, &app.doc, fresh);
        Some((rebase::rebase(&change.base, &app.doc, fresh)?, both))
    });
    let said = match (fresh, rebased) {
        (Some(fresh), Some((rebased, both))) => {
            if let Some(change) = &mut app.change {
                change.base = fresh;
            }
            app.doc = rebased;
            app.changed(fx);
            match both.as_slice() {
                [] => "your edits are now on the pool as it is".to_owned(),
                both => format!(
                    "your edits are now on the pool as it is; someone else changed what you changed too, and yours is kept (theirs -> yours): {}",
                    both.iter().map(Change::line).collect::<Vec<_>>().join("; ")
                ),
            }
        }
        _ => {
            app.refresh();
            "the diff is now your draft against the pool as it is".to_owned()
        }
    };
    app.reroot_history();
    app.step = StepId::Review;
    app.set_status(format!(
        "The pool changed since it was loaded (someone else edited it): nothing was sent; {said}. Check the diff, then s to confirm afresh (undo starts from here)"
    ));
}

impl App {
    /// The draft as it is now is the floor of the undo history: the pool
    /// was described afresh (a concurrent change, a send), and states
    /// planned against the pool as it was are no edits of it.
    fn reroot_history(&mut self) {
        self.history = super::history::History::default();
        self.committed = self.draft_state();
    }
}

/// How the send ended. A pool changed since loading: back to Review with
/// the diff against the pool as it is now (a fresh confirmation is needed).
pub fn sent(app: &mut App, sent: Sent, fx: &mut Vec<Effect>) {
    let Some(change) = &mut app.change else {
        return;
    };
    match &sent {
        Sent::PoolChanged { now, described } => {
            // Every member (the schema too, the app clients, domain and
            // groups) where the pool now differs from the pool as loaded.
            change.meanwhile = update::apply::meanwhile(&change.live, now);
            change.live = (**now).clone();
            return reload(app, described, fx);
        }
        Sent::Applied {
            after: Ok(after), ..
        } => {
            change.live = (**after).clone();
            change.meanwhile.clear();
            // What was made or changed is the pool's now: the draft's parts
            // are the pool's as read again (the branding is not read back,
            // so it is no longer in the draft: it was made).
            if let Ok(existing) = &change.live.sign_in {
                existing.fill(&mut app.doc);
            }
            app.doc.branding = None;
            follow_fixed(&mut app.doc, &change.live.state.settings);
            change.base = app.doc.clone();
        }
        Sent::Failed(failure) => existing::keep_made(app, failure.done.len()),
        _ => {}
    }
    let Some(change) = &mut app.change else {
        return;
    };
    let done = matches!(&sent, Sent::Applied { after: Ok(_), missed, .. } if missed.is_empty());
    let described = matches!(&sent, Sent::Applied { after: Ok(_), .. });
    change.sent = Some(sent);
    app.refresh();
    if described {
        // The pool described after the send is the new floor: undoing an
        // edit made before it would now be a change of its own.
        app.reroot_history();
        app.set_status(
            "Sent; the pool was described again: undo starts from here (edits made before the send are in the pool, not undone)",
        );
    }
    if done {
        // The work is in the pool: nothing is lost by quitting now.
        if let Some(path) = app.session.autosave_path.clone() {
            fx.push(Effect::RemoveFile(path));
        }
        app.session.unsaved = false;
        app.committed = app.draft_state();
        app.loaded = app.committed.clone();
    }
    app.step = StepId::Result;
}

/// The members that can never change, as the pool has them after a send:
/// one the pool did not take (moto drops some on any UpdateUserPool) cannot
/// be sent again, and left in the draft it would be a refused change on a
/// read-only field, with no way to edit it back. (Result names it.) The
/// schema keeps its own rule: attributes are only ever added.
fn follow_fixed(doc: &mut PoolDocument, pool: &crate::model::CreateUserPoolRequest) {
    let as_object = |v: serde_json::Value| match v {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    let mut draft = as_object(serde_json::to_value(&doc.create).unwrap_or_default());
    let live = as_object(serde_json::to_value(pool).unwrap_or_default());
    for member in mutability::create_only() {
        if member == "Schema" {
            continue;
        }
        match live.get(member) {
            Some(value) => draft.insert(member.to_owned(), value.clone()),
            None => draft.remove(member),
        };
    }
    if let Ok(create) = serde_json::from_value(serde_json::Value::Object(draft)) {
        doc.create = create;
    }
}

/// `r` on Result: a failed send is tried again from the start (described
/// again, confirmed again); after a success there is nothing to retry.
pub fn retry(app: &mut App, fx: &mut Vec<Effect>) {
    let failed = app
        .change
        .as_ref()
        .is_some_and(|c| !matches!(c.sent, Some(Sent::Applied { .. })));
    if failed {
        app.step = StepId::Review;
        ask_submit(app, fx);
    } else {
        app.set_status("Nothing to retry: the calls were made");
    }
}
