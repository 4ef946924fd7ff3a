//! The wizard's state machine. [`App::update`] takes an [`Action`], changes
//! state and returns [`Effect`]s as values; it never does I/O, so every flow
//! can be tested without a terminal or a network. Each screen keeps its own
//! state and key handling in its own module; this module routes between them.

mod answers;
pub mod attributes;
pub mod binding;
pub mod bulk;
pub mod change;
pub mod csv_run;
pub mod draft;
mod editing;
pub mod editor;
pub mod fields;
pub mod form;
pub mod help;
pub mod history;
pub mod import;
pub mod invite;
pub mod invite_groups;
pub mod keymap;
pub mod modal;
pub mod msg;
pub mod plan_fields;
pub mod plan_retry;
pub mod plan_steps;
pub mod presets;
pub mod review;
mod saving;
pub mod screen;
pub mod start;
mod tasks;
pub mod try_sign_in;
mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use serde_json::Value;

use crate::api::{CreatedPool, TargetInfo};
use crate::model::preview::{plan_json, Layout, Secrets};
use crate::model::{MfaChoice, PoolDocument};
use crate::problem::Problem;
use crate::validate;

use editor::{EditTarget, Editor};
use fields::{FieldKind, FieldSpec, StepId};
use form::Cursor;
use keymap::{Command, Context};
use modal::{Modal, Prompt, PromptFor, Question};
pub use msg::{Action, Effect, Hit, TaskId, TaskOutcome};

/// A background call the UI is waiting for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlight {
    pub id: TaskId,
    pub label: String,
}

/// How the last submit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(CreatedPool),
    Failed(crate::run::PlanFailure),
}

/// Where drafts go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    /// `--draft FILE`, or the file chosen with Ctrl+S.
    pub draft_path: Option<PathBuf>,
    /// The crash-safety copy in the state directory (when no draft file).
    pub autosave_path: Option<PathBuf>,
    /// Changes not yet in a draft file the operator chose.
    pub unsaved: bool,
    /// A users CSV to offer first when inviting from a CSV (`scripts/try.sh`
    /// sets one: a copy of `assets/sample-users.csv`).
    pub sample_csv: Option<PathBuf>,
    /// The same users with the `email_verified` column an import into an
    /// auto-verifying pool needs, offered first for `m` (`scripts/try.sh`
    /// sets a copy of `assets/sample-import-users.csv`).
    pub sample_import_csv: Option<PathBuf>,
    /// Why the last save (of the draft or the autosave) failed: until one
    /// succeeds, the footer says the work is not on disk and Quit asks.
    pub save_failed: Option<String>,
    /// The newest save in flight: only its answer says what is on disk.
    pub last_save: Option<TaskId>,
    /// How often an import job is described while it runs (None: the
    /// import's own default).
    pub import_poll: Option<std::time::Duration>,
}

/// Below this the screens would be clipped: the wizard shows a notice
/// instead, and takes no keys but Ctrl+C (nothing is done unseen).
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Columns inside the help overlay's borders on a screen `width` wide.
pub fn help_width(width: u16) -> usize {
    usize::from(width.saturating_sub(6).min(90).saturating_sub(2))
}

/// What a key that would start a second call says.
pub const CALL_IN_FLIGHT: &str = "A call is already in flight (Esc cancels it)";

#[derive(Debug)]
pub struct App {
    doc: PoolDocument,
    /// Typed text that is not a valid value yet, by API path.
    raw: BTreeMap<String, String>,
    /// Section contents kept while a section is switched off.
    stash: HashMap<String, Value>,
    /// Derived from `doc` by `refresh`: its JSON (for reading fields), every
    /// problem, and each call's JSON.
    json: binding::Snapshot,
    problems: Vec<Problem>,
    preview: Vec<(String, String)>,

    step: StepId,
    cursors: HashMap<StepId, Cursor>,
    editor: Option<Editor>,
    modal: Option<Modal>,
    show_preview: bool,
    /// How far the preview is moved past the focused member.
    preview_scroll: u16,
    reveal_secrets: bool,

    start: start::StartScreen,
    attributes: attributes::AttributesScreen,
    review: review::ReviewScreen,
    outcome: Option<Outcome>,
    invite: invite::InviteScreen,
    bulk: bulk::BulkScreen,
    /// The App clients and Groups lists.
    plan: plan_steps::PlanScreens,
    /// "Try a sign-in" on the Result step.
    sign_in: try_sign_in::SignInTry,
    import: import::ImportScreen,

    call: Option<InFlight>,
    /// The pool created by the last submit (a retry continues with it).
    created: Option<CreatedPool>,
    /// The document as last confirmed and submitted: Retry sends it again
    /// without asking only while it is unchanged.
    submitted: Option<PoolDocument>,
    target: Option<TargetInfo>,
    session: Session,
    /// A one-line message in the footer (until the next key).
    status: Option<String>,
    size: (u16, u16),
    frame: usize,
    quit: bool,
    /// `NO_COLOR`: draw without colour.
    no_color: bool,
    /// Every change to the draft, for undo and redo.
    history: history::History,
    /// The draft as of the last change recorded in `history`.
    committed: history::DraftState,
    /// The draft as it was loaded: what is lost when it is replaced unsaved
    /// is the difference.
    loaded: history::DraftState,
    /// The last export asked for (its first file, with secrets or not), and
    /// the files that were in its way: asked about before replacing.
    pending_export: Option<(PathBuf, bool)>,
    /// Pools of the account named like the draft (asked for on submit).
    same_name: Option<crate::api::ApiResult<Vec<crate::api::PoolSummary>>>,
    /// Pools this session created.
    created_here: Vec<CreatedPool>,
    export_in_the_way: Vec<PathBuf>,
    /// A draft file name chosen with Ctrl+S, until it is written.
    pending_draft_file: Option<PathBuf>,
    /// `y` was pressed while the same-name check was running.
    confirm_when_checked: bool,
    /// The same-name check of the latest confirmation.
    same_name_task: Option<TaskId>,
    next_id: TaskId,
    /// Set while the wizard changes an existing pool.
    change: Option<change::ChangeMode>,
    /// A change-mode draft being resumed, until its pool is described.
    resuming: Option<change::Resuming>,
    /// Every call the last plan made, with the ids (clients' for the app).
    plan_done: Vec<crate::run::DoneCall>,
}

impl App {
    pub fn new(session: Session) -> Self {
        let mut app = Self {
            doc: PoolDocument::default(),
            raw: BTreeMap::new(),
            stash: HashMap::new(),
            json: binding::Snapshot::default(),
            problems: Vec::new(),
            preview: Vec::new(),

            step: StepId::Start,
            cursors: HashMap::new(),
            editor: None,
            modal: None,
            show_preview: false,
            preview_scroll: 0,
            reveal_secrets: false,
            start: start::StartScreen::default(),
            attributes: attributes::AttributesScreen::default(),
            review: review::ReviewScreen::default(),
            outcome: None,
            submitted: None,
            invite: invite::InviteScreen::default(),
            bulk: bulk::BulkScreen::default(),
            plan: plan_steps::PlanScreens::default(),
            sign_in: try_sign_in::SignInTry::default(),
            import: import::ImportScreen::default(),
            call: None,
            created: None,
            target: None,
            session,
            status: None,
            size: (80, 24),
            frame: 0,
            quit: false,
            no_color: false,
            history: history::History::default(),
            committed: history::DraftState::default(),
            loaded: history::DraftState::default(),
            pending_export: None,
            same_name: None,
            created_here: Vec::new(),
            export_in_the_way: Vec::new(),
            pending_draft_file: None,
            confirm_when_checked: false,
            same_name_task: None,
            next_id: 1,
            change: None,
            resuming: None,
            plan_done: Vec::new(),
        };
        app.refresh();
        app
    }

    /// Replaces the document (a preset, a draft, a clone) and goes to `step`.
    /// The draft it replaces stays one undo away.
    pub fn load(&mut self, doc: PoolDocument, raw: BTreeMap<String, String>, step: StepId) {
        self.doc = doc;
        self.raw = raw;
        self.stash.clear();
        self.created = None;
        self.outcome = None;
        self.change = None;
        self.cursors.clear();
        self.normalize();
        self.commit_change();
        self.loaded = self.committed.clone();
        self.start.draft_loaded();
        self.step = step;
        self.refresh();
    }

    /// Work that would be lost if the draft were replaced now: changes since
    /// it was loaded that are not in a draft file the operator chose.
    /// A draft recovered from the last session and not resumed counts too.
    pub fn has_unkept_work(&self) -> bool {
        let recovered = self.session.draft_path.is_none() && self.start.recovered().is_some();
        recovered || self.has_unkept_changes()
    }

    /// Changes to the draft being edited that are not in a draft file.
    pub fn has_unkept_changes(&self) -> bool {
        let kept = self.session.draft_path.is_some() && !self.session.unsaved;
        !kept && self.draft_state() != self.loaded
    }

    /// The draft just loaded is work of its own (a resumed autosave).
    pub fn count_as_unkept(&mut self) {
        self.loaded = history::DraftState::default();
    }

    /// The parts of the app an undo brings back.
    fn draft_state(&self) -> history::DraftState {
        history::DraftState {
            doc: self.doc.clone(),
            raw: self.raw.clone(),
            stash: self.stash.clone(),
            change: self.change.as_ref().map(change::ChangeMode::seed),
        }
    }

    /// Records the change since the last one, if there is one.
    fn commit_change(&mut self) {
        let now = self.draft_state();
        if now != self.committed {
            let before = std::mem::replace(&mut self.committed, now);
            self.history.record(before, self.step);
        }
    }

    /// Ctrl+Z / u: takes the last change back, on the step it was made.
    fn undo(&mut self, fx: &mut Vec<Effect>) {
        match self.history.undo(self.draft_state()) {
            Some((state, step)) => self.restore(state, step, "Undone (Ctrl+Y redoes)", fx),
            None => self.set_status("Nothing to undo"),
        }
    }

    /// Ctrl+Y / U: makes the last undone change again.
    fn redo(&mut self, fx: &mut Vec<Effect>) {
        match self.history.redo(self.draft_state()) {
            Some((state, step)) => self.restore(state, step, "Redone", fx),
            None => self.set_status("Nothing to redo"),
        }
    }

    fn restore(
        &mut self,
        state: history::DraftState,
        step: StepId,
        said: &str,
        fx: &mut Vec<Effect>,
    ) {
        self.committed = state.clone();
        self.doc = state.doc;
        self.raw = state.raw;
        self.stash = state.stash;
        change::restore(self, state.change);
        if step != StepId::Result {
            self.step = step;
        }
        self.refresh();
        self.session.unsaved = true;
        self.autosave(fx);
        self.set_status(said);
    }

    /// Asks where calls go: at once as configured, then with the account.
    pub fn fetch_target(&mut self, fx: &mut Vec<Effect>) {
        for account in [false, true] {
            let id = self.next_task();
            fx.push(Effect::FetchTarget { id, account });
        }
    }

    pub fn next_task(&mut self) -> TaskId {
        self.next_id += 1;
        self.next_id
    }

    /// Whether something animates (a spinner), so the loop should tick.
    pub fn animating(&self) -> bool {
        self.call.is_some()
    }

    pub fn has_errors(&self) -> bool {
        crate::problem::has_errors(&self.problems)
    }

    pub fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(text.into());
    }

    /// Where the keyboard is.
    pub fn context(&self) -> Context {
        if let Some(modal) = &self.modal {
            return modal.context();
        }
        if let Some(editor) = &self.editor {
            return editor.context();
        }
        screen::current(self).context(self)
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut fx = Vec::new();
        match action {
            Action::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key, &mut fx),
            Action::Key(_) => {}
            Action::Click(hit) => self.on_click(hit),
            Action::Scroll { down } => self.on_scroll(down, &mut fx),
            Action::Paste(text) => self.on_paste(&text, &mut fx),
            Action::Resize(w, h) => self.size = (w, h),
            Action::Tick => self.frame = self.frame.wrapping_add(1),
            Action::Task(id, outcome) => self.on_task(id, outcome, &mut fx),
            Action::Terminate => self.quit = true,
        }
        fx
    }

    /// Below [`MIN_SIZE`] only the notice is drawn.
    fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    fn on_key(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        if self.too_small() {
            return self.key_while_too_small(key, fx);
        }
        self.status = None;
        let context = self.context();
        let command = keymap::lookup(context, &key);
        match context {
            Context::Editing | Context::EditingMultiline => self.editing_key(key, command, fx),
            Context::Prompt => self.prompt_key(key, command, fx),
            Context::Confirm | Context::ConfirmQuit | Context::ConfirmReplaceDraft => {
                if let Some(command) = command {
                    self.answer(command, fx);
                }
            }
            Context::HelpOverlay => self.help_key(key, command),
            _ => {
                if let Some(command) = command {
                    self.command(command, fx);
                }
            }
        }
    }

    /// Too small to see anything: only Ctrl+C, and only when the draft is
    /// kept somewhere (a question could not be seen).
    fn key_while_too_small(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        let ctrl_c = key.code == KeyCode::Char('c')
            && key
                .modifiers
                .contains(crossterm::event::KeyModifiers::CONTROL);
        let kept = !self.session.unsaved || self.session.autosave_path.is_some();
        if ctrl_c && kept && self.editor.is_none() {
            self.finish(fx);
        }
    }

    /// Keys on the help overlay: scroll it (a page with PgUp/PgDn) or close it.
    fn help_key(&mut self, key: KeyEvent, command: Option<Command>) {
        let intro = crate::text::wrap_words(help::for_step(self), help_width(self.size.0));
        let Some(Modal::Help { scroll }) = &mut self.modal else {
            return;
        };
        let step = if matches!(key.code, KeyCode::PageDown | KeyCode::PageUp) {
            self.size.1.saturating_sub(6).max(1)
        } else {
            1
        };
        // The overlay is the screen's height less a margin and its borders:
        // stop when the last line is at the bottom.
        let visible = usize::from(self.size.1.saturating_sub(4)).max(1);
        // Above the keys: a title, the step's intro (wrapped inside the
        // overlay's borders as drawn), a blank line and the keys' title.
        let last = (keymap::help_lines() + intro.len() + 3).saturating_sub(visible) as u16;
        match command {
            Some(Command::ScrollDown) => *scroll = scroll.saturating_add(step).min(last),
            Some(Command::ScrollUp) => *scroll = scroll.saturating_sub(step),
            Some(Command::Cancel) => self.modal = None,
            _ => {}
        }
    }

    /// A command outside modals and editors: global ones first, then the
    /// screen's own.
    pub fn command(&mut self, command: Command, fx: &mut Vec<Effect>) {
        match command {
            // Ctrl+C while an import job runs asks to stop the job first.
            Command::Quit if self.import.is_running() => import::command(self, Command::Cancel, fx),
            Command::Quit => self.ask_quit(fx),
            Command::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Command::Save => self.save(fx),
            Command::Undo => self.undo(fx),
            Command::Redo => self.redo(fx),
            Command::TogglePreview => self.show_preview = !self.show_preview,
            Command::PreviewDown => self.preview_scroll = self.preview_scroll.saturating_add(3),
            Command::PreviewUp => self.preview_scroll = self.preview_scroll.saturating_sub(3),
            // Result is there only after a submit: past Review, PgDn goes
            // on to Invite (the pool invited into, when there is one).
            Command::NextStep => match self.step.next() {
                StepId::Result if self.outcome.is_none() => self.go(StepId::Invite),
                next => self.go(next),
            },
            Command::PreviousStep if self.step != StepId::Result => self.go(self.step.previous()),
            // The bulk panel's Esc stops (or closes) the run it shows.
            Command::Cancel
                if matches!(
                    self.context(),
                    Context::InviteBulk
                        | Context::InviteBulkDone
                        | Context::Import
                        | Context::ImportDone
                        | Context::ImportRunning
                        | Context::InviteBulkRunning
                        | Context::CsvChecking
                ) =>
            {
                screen::current(self).command(self, command, fx)
            }
            Command::Cancel if self.call.is_none() && plan_steps::open_entry(self).is_some() => {
                plan_steps::close(self)
            }
            Command::Cancel => self.cancel_call(fx),
            _ if change::refuses(self, command) => {}
            _ => screen::current(self).command(self, command, fx),
        }
    }

    /// Moves to a step (the Result step only shows after a submit).
    pub fn go(&mut self, step: StepId) {
        let step = match step {
            StepId::Result if self.outcome.is_none() => StepId::Review,
            StepId::Invite if self.invite.pool_id.is_empty() => {
                if self.created.is_some() && self.outcome.is_some() {
                    invite::open_for_created(self);
                    return;
                }
                self.set_status("Invite users: create a pool first, or choose \"Invite users to an existing pool\" on the Start screen");
                self.step
            }
            other => other,
        };
        if step != self.step && self.reveal_secrets {
            // Shown for the step it was asked on: a secret typed elsewhere
            // later stays masked.
            self.reveal_secrets = false;
            self.refresh();
        }
        self.step = step;
        self.preview_scroll = 0;
    }

    /// Goes to where a problem can be fixed.
    pub fn jump_to(&mut self, path: &str) {
        if let Some((step, field)) = fields::locate(path) {
            self.step = step;
            if let Some(field) = field {
                self.cursors.insert(step, Cursor { field, part: 0 });
            }
            if step == StepId::Attributes {
                self.attributes.focus_path(&self.doc, path);
            }
            plan_steps::focus_path(self, path);
        } else {
            self.step = StepId::Review;
        }
    }

    /// After any change to the document: keep the MFA call in step with the
    /// pool's SMS settings, re-derive problems and preview, autosave.
    pub fn changed(&mut self, fx: &mut Vec<Effect>) {
        self.normalize();
        // Typing is one change, recorded when the edit is done.
        if self.editor.is_none() {
            self.commit_change();
        }
        self.refresh();
        self.session.unsaved = true;
        self.autosave(fx);
    }

    /// Keeps the MFA call in step with the pool's SMS settings.
    fn normalize(&mut self) {
        if self.doc.mfa.is_some() {
            MfaChoice::from_document(&self.doc).apply(&mut self.doc);
        }
    }

    pub fn refresh(&mut self) {
        self.json = binding::Snapshot::of(&self.doc);
        let mut problems = form::raw_problems(self);
        problems.extend(validate::validate_pool(&self.doc));
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
        self.problems = problems;
        let secrets = if self.reveal_secrets {
            Secrets::Reveal
        } else {
            Secrets::Mask
        };
        let plan = self.doc.plan();
        let preview: Vec<(String, String)> = plan
            .calls
            .iter()
            .map(|c| c.operation().name().to_owned())
            .zip(plan_json(&plan, Layout::Pretty, secrets))
            .collect();
        // Another document: Review's preview starts at its top again.
        if preview != self.preview {
            self.review.scroll = 0;
        }
        self.preview = preview;
        change::refresh(self);
    }

    /// Where a submit goes: the configured target first, the account when
    /// STS answers (whichever comes first, the account is kept).
    fn target_known(&mut self, info: TargetInfo) {
        let account = info
            .account
            .clone()
            .or_else(|| self.target.as_ref().and_then(|t| t.account.clone()));
        self.target = Some(TargetInfo { account, ..info });
    }

    fn ask_quit(&mut self, fx: &mut Vec<Effect>) {
        // An edit in progress could still be taken back with Esc: ask.
        if self.session.unsaved || self.editor.is_some() || self.invite.has_typed_values() {
            self.modal = Some(Modal::Ask(Question::Quit));
        } else {
            self.finish(fx);
        }
    }

    fn finish(&mut self, fx: &mut Vec<Effect>) {
        if let Some(call) = self.call.take() {
            fx.push(Effect::Cancel(call.id));
        }
        self.quit = true;
    }

    fn cancel_call(&mut self, fx: &mut Vec<Effect>) {
        if let Some(call) = self.call.take() {
            fx.push(Effect::Cancel(call.id));
            self.set_status(format!(
                "Cancelled: {}. The draft is intact; if the request had reached AWS, check before retrying.",
                call.label
            ));
            self.start.cancelled();
        }
    }

    fn on_click(&mut self, hit: Hit) {
        if self.modal.is_some() || self.editor.is_some() || self.too_small() {
            return;
        }
        match hit {
            Hit::Step(step) => self.go(step),
            Hit::Field(index) => {
                self.cursors.insert(
                    self.step,
                    Cursor {
                        field: index,
                        part: 0,
                    },
                );
            }
            Hit::StartItem(index) => self.start.selected = index,
        }
    }

    fn on_scroll(&mut self, down: bool, fx: &mut Vec<Effect>) {
        if self.modal.is_some() || self.editor.is_some() || self.too_small() {
            return;
        }
        let command = if down {
            Command::NextField
        } else {
            Command::PreviousField
        };
        self.command(command, fx);
    }
}
