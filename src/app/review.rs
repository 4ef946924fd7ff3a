//! Review (every call's JSON, every problem, export, submit) and Result (the
//! new pool, or the error with its hint and a retry).

use std::path::{Path, PathBuf};

use crate::api::CreatedPool;
use crate::model::preview::{export_files, Secrets};
use crate::run::PlanFailure;

use super::fields::StepId;
use super::keymap::Command;
use super::modal::{Modal, Prompt, PromptFor, Question};
use super::msg::Effect;
use super::{App, InFlight, Outcome};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pane {
    #[default]
    Problems,
    Preview,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewScreen {
    pub pane: Pane,
    pub selected: usize,
    pub scroll: u16,
    /// The Result step's first row shown: a long account of the calls (or
    /// a long error) scrolls with ↑↓ (the screen keeps it on the content).
    pub result_scroll: u16,
}

pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    if app.step == StepId::Result {
        return result_command(app, command, fx);
    }
    let last_line = preview_last_line(app);
    // Change mode lists its diff above the problems, each line selectable.
    let problems = match app.change.is_some() {
        true => super::change::items::items(app).len(),
        false => app.problems.len(),
    };
    let screen = &mut app.review;
    match command {
        Command::SwitchPane => {
            screen.pane = match screen.pane {
                Pane::Problems => Pane::Preview,
                Pane::Preview => Pane::Problems,
            }
        }
        Command::ScrollDown => match screen.pane {
            Pane::Problems if problems > 0 => {
                screen.selected = (screen.selected + 1).min(problems - 1)
            }
            _ => screen.scroll = screen.scroll.saturating_add(1).min(last_line),
        },
        Command::ScrollTop => match screen.pane {
            Pane::Problems => screen.selected = 0,
            Pane::Preview => screen.scroll = 0,
        },
        Command::ScrollBottom => match screen.pane {
            Pane::Problems => screen.selected = problems.saturating_sub(1),
            Pane::Preview => screen.scroll = last_line,
        },
        Command::ScrollUp => match screen.pane {
            Pane::Problems => screen.selected = screen.selected.saturating_sub(1),
            Pane::Preview => screen.scroll = screen.scroll.saturating_sub(1),
        },
        Command::Activate if app.change.is_some() => super::change::items::activate(app),
        Command::Activate => {
            if let Some(problem) = app.problems.get(app.review.selected) {
                let path = problem.path.clone();
                app.jump_to(&path);
            }
        }
        Command::Reveal => {
            app.reveal_secrets = !app.reveal_secrets;
            app.refresh();
        }
        Command::Export => ask_export(app),
        Command::Submit => ask_submit(app, fx),
        _ => {}
    }
}

/// The last line of the preview (each call's text under its header line):
/// the scroll never goes past the content (the pane draws its last page
/// from there).
fn preview_last_line(app: &App) -> u16 {
    let lines: usize = app
        .preview
        .iter()
        .map(|(_, text)| 1 + text.lines().count())
        .sum();
    u16::try_from(lines.saturating_sub(1)).unwrap_or(u16::MAX)
}

/// Submit is refused while there are errors: jump to the first one instead.
fn ask_submit(app: &mut App, fx: &mut Vec<Effect>) {
    if app.change.is_some() {
        return super::change::ask_submit(app, fx);
    }
    if app.call.is_some() {
        app.set_status(super::CALL_IN_FLIGHT);
        return;
    }
    if refused_for_errors(app, "Not submitted") {
        return;
    }
    // Show where the pool would go at once (it is configured locally); the
    // account arrives when STS answers, and pools of the same name when the
    // list does.
    app.target = None;
    app.same_name = None;
    app.confirm_when_checked = false;
    app.fetch_target(fx);
    if let Some(name) = app.doc.create.pool_name.clone() {
        let id = app.next_task();
        app.same_name_task = Some(id);
        fx.push(Effect::FindSameName { id, name });
    }
    app.modal = Some(Modal::Ask(Question::Submit));
}

fn ask_export(app: &mut App) {
    let first = match &app.change {
        Some(change) => match change.plan.calls.first() {
            Some(call) => format!("{}.json", call.cli_command()),
            None => return app.set_status("No change: there is no call to export"),
        },
        None => "create-user-pool.json".to_owned(),
    };
    if !refused_for_errors(app, "Not exported") {
        app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::Export, &first)));
    }
}

/// A draft with errors is neither sent nor exported (an export would have to
/// drop or invent the invalid value): says why and jumps to the first error.
pub(super) fn refused_for_errors(app: &mut App, what: &str) -> bool {
    let Some(first) = app.problems.iter().find(|p| p.is_error()) else {
        return false;
    };
    let path = first.path.clone();
    let count = app.problems.iter().filter(|p| p.is_error()).count();
    app.set_status(format!("{what}: {count} error(s). First: {first}"));
    app.jump_to(&path);
    true
}

/// The operator confirmed: run the plan (or its remaining calls).
pub fn submit_now(app: &mut App, fx: &mut Vec<Effect>) {
    if app.change.is_some() {
        return super::change::submit_now(app, fx);
    }
    // After a failure, every call that succeeded is skipped (the pool and
    // whatever came after it are never made twice), but only while the draft
    // is the one that failed: a changed draft makes a new pool (the
    // confirmation said so). After a success, a new submit makes a new pool
    // (the confirmation said one of that name exists).
    let resume = app.submit_from();
    app.submitted = Some(app.doc.clone());
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: match &resume.pool {
            Some(pool) => format!("Finishing the set-up of {}", pool.id),
            None => "Creating the user pool".into(),
        },
    });
    fx.push(Effect::Submit {
        id,
        plan: app.doc.plan(),
        resume: Box::new(resume),
    });
}

/// How a new pool's plan ended (the event loop answers with `PlanRan`;
/// [`super::plan_retry::plan_ran`] reads its progress and comes here).
pub(super) fn submitted(
    app: &mut App,
    result: Result<CreatedPool, PlanFailure>,
    fx: &mut Vec<Effect>,
) {
    match result {
        Ok(pool) => {
            super::try_sign_in::new_pool(app, &pool.id);
            if !app.created_here.iter().any(|p| p.id == pool.id) {
                app.created_here.push(pool.clone());
            }
            app.created = Some(pool.clone());
            app.outcome = Some(Outcome::Created(pool));
            // The work is done: the crash-safety copy is no longer needed.
            if let Some(path) = app.session.autosave_path.clone() {
                fx.push(Effect::RemoveFile(path));
            }
            app.session.unsaved = false;
        }
        Err(failure) => {
            // A half-made pool is one of this session's too: a later submit
            // of a changed draft names it beside the new one.
            if let Some(pool) = &failure.created {
                if !app.created_here.iter().any(|p| p.id == pool.id) {
                    app.created_here.push(pool.clone());
                }
            }
            // The same pool failing again: a retry ran (said, as the
            // screen would look the same otherwise).
            let retried = matches!(&app.outcome, Some(Outcome::Failed(before))
                if before.created.is_some() && before.created == failure.created);
            if retried {
                app.set_status(format!(
                    "Retried on {}: {} failed",
                    failure.created.as_ref().map_or("", |p| p.id.as_str()),
                    failure.call
                ));
            }
            app.plan_done = failure.progress.done.clone();
            app.created = failure.created.clone();
            app.outcome = Some(Outcome::Failed(failure));
        }
    }
    app.review.result_scroll = 0;
    app.step = StepId::Result;
}

/// Whether the submitted plan's `operation` call for `subject` (a client's
/// or group's name) made its thing: every call did once the plan succeeded;
/// after a failure, those its progress records.
pub(super) fn was_made(app: &App, operation: &str, subject: &str) -> bool {
    match &app.outcome {
        Some(Outcome::Created(_)) => true,
        Some(Outcome::Failed(_)) => app
            .plan_done
            .iter()
            .any(|d| d.operation == operation && d.subject == subject),
        None => false,
    }
}

fn result_command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    match (command, &app.outcome) {
        (Command::Retry, _) if app.change.is_some() => super::change::retry(app, fx),
        // The operator confirmed exactly this document: retry it at once. If it
        // was edited since (back on Review), check and confirm again.
        (Command::Retry, Some(Outcome::Failed(_))) => {
            if app.submitted.as_ref() == Some(&app.doc) {
                submit_now(app, fx);
            } else {
                ask_submit(app, fx);
            }
        }
        (Command::Invite, Some(Outcome::Created(_))) => super::invite::open_for_created(app),
        (Command::Invite, Some(Outcome::Failed(failure))) if failure.created.is_some() => {
            super::invite::open_for_created(app)
        }
        (Command::Invite, Some(Outcome::Failed(failure))) if app.change.is_none() => {
            let why = format!(
                "Nothing was created ({} failed): there is no pool to invite users into; r retries the plan.",
                failure.call
            );
            app.set_status(why);
        }
        (Command::NewPool, _) => {
            app.load(Default::default(), Default::default(), StepId::Start);
        }
        (Command::PreviousStep, _) => app.step = StepId::Review,
        (Command::ScrollDown, _) => {
            // The screen stops at the end; this bounds how far past it a
            // held key goes (the text's lines, however they wrap).
            let calls =
                app.plan_done.len() + app.submitted.as_ref().map_or(0, |d| d.plan().calls.len());
            let most = (calls * 2 + 60) as u16;
            app.review.result_scroll = (app.review.result_scroll + 1).min(most)
        }
        (Command::ScrollUp, _) => {
            app.review.result_scroll = app.review.result_scroll.saturating_sub(1)
        }
        _ => {}
    }
}

/// Writes the plan's requests for the AWS CLI: `path` gets the first call;
/// further calls go beside it, named after it (`pool.json` →
/// `pool.set-user-pool-mfa-config.json`), and a plan of several calls also
/// as one plan document (`pool.plan.json`) that the tool reads back whole;
/// a second call of one kind is numbered (`pool.create-group-2.json`).
/// Files already there are not replaced unless `replace` (asked first).
pub fn export(
    app: &mut App,
    path: PathBuf,
    include_secrets: bool,
    replace: bool,
    fx: &mut Vec<Effect>,
) {
    let secrets = if include_secrets {
        Secrets::Reveal
    } else {
        Secrets::Omit
    };
    // Named by the model (`export_files`): several clients or groups get
    // numbered files instead of overwriting each other.
    let named = match &app.change {
        Some(change) => crate::update::export::export_files(&change.plan, &app.doc, secrets),
        None => export_files(&app.doc.plan(), secrets),
    };
    let files: Vec<(PathBuf, String)> = named
        .into_iter()
        .map(|(suffix, text)| match suffix.as_str() {
            "" => (path.clone(), printable(&text)),
            name => (sibling(&path, name), printable(&text)),
        })
        .collect();
    let id = app.next_task();
    app.pending_export = Some((path, include_secrets));
    let draft = app.session.draft_path.clone();
    fx.push(Effect::Export {
        id,
        files,
        replace,
        draft,
    });
}

/// The export would have landed on the open draft file: nothing was
/// written; the prompt opens again with the name, to choose another.
pub fn on_draft(app: &mut App, path: &std::path::Path) {
    let (typed, secrets) = app
        .pending_export
        .take()
        .unwrap_or_else(|| (path.to_owned(), false));
    let mut prompt = Prompt::new(PromptFor::Export, &typed.to_string_lossy());
    prompt.include_secrets = secrets;
    app.modal = Some(Modal::Prompt(prompt));
    app.set_status(format!(
        "Not exported: {} is the open draft file (the next autosave would replace the export); choose another name",
        crate::sanitize::path(path)
    ));
}

/// The export was written: names the files, and the secrets left out of
/// them (an export without them cannot be replayed as it is).
pub fn exported(app: &mut App, paths: &[PathBuf]) {
    let with_secrets = app.pending_export.take().is_some_and(|(_, s)| s);
    let mut status = exported_names(paths);
    let left_out: Vec<String> = match (&app.change, with_secrets) {
        (_, true) => Vec::new(),
        (Some(change), false) => crate::update::export::left_out(&change.plan),
        (None, false) => app
            .doc
            .plan()
            .calls
            .iter()
            .flat_map(crate::model::preview::secret_members)
            .collect(),
    };
    if let Some(change) = &app.change {
        status.push_str(
            "; the .plan.json is your change only, for cognito-wizard update-pool --user-pool-id ID FILE (the call files are full bodies of the pool as now: replayed later, they undo what changed since)",
        );
        let secrets = crate::model::preview::Secrets::Omit;
        let (_, unwritable) =
            crate::update::export::change_document(&change.plan, &app.doc, secrets);
        if !unwritable.is_empty() {
            status.push_str(&format!(
                "; not in the plan file (a cleared member cannot be written there, or a secret left out): {}",
                unwritable.join(", ")
            ));
        }
        if !left_out.is_empty() {
            status.push_str(&format!(
                "; left out as secret: {}: replayed with the AWS CLI, that call would reset it (the plan file keeps the pool's; Tab in the export prompt includes them)",
                left_out.join(", ")
            ));
        }
    } else if !left_out.is_empty() {
        status.push_str(&format!(
            "; left out as secret: {} (Tab in the export prompt includes them)",
            left_out.join(", ")
        ));
    }
    app.set_status(status);
}

/// `Exported 9 files to DIR: a.json, b.json, ...`: the directory once, so
/// that every name fits the status rows more often (a longer status ends
/// with a more-marker).
fn exported_names(paths: &[PathBuf]) -> String {
    let dir = paths.first().and_then(|p| p.parent());
    let same_dir = paths.len() > 1 && paths.iter().all(|p| p.parent() == dir);
    match dir.filter(|_| same_dir) {
        Some(dir) => {
            let names: Vec<String> = paths
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| crate::sanitize::path(std::path::Path::new(n)))
                .collect();
            let dir = if dir.as_os_str().is_empty() {
                ".".into()
            } else {
                crate::sanitize::path(dir)
            };
            format!(
                "Exported {} to {dir}: {}",
                crate::text::count(paths.len() as u64, "file"),
                names.join(", ")
            )
        }
        None => {
            let names: Vec<String> = paths.iter().map(|p| crate::sanitize::path(p)).collect();
            format!("Exported {}", names.join(", "))
        }
    }
}

/// The export found files in the way: ask before replacing them.
pub fn would_replace(app: &mut App, paths: Vec<PathBuf>) {
    app.export_in_the_way = paths;
    app.modal = Some(Modal::Ask(Question::ReplaceFiles));
}

/// The answer to "replace these files?".
pub fn replace_files_answered(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    let pending = app.pending_export.take();
    app.export_in_the_way.clear();
    match (command, pending) {
        (Command::Confirm, Some((path, secrets))) => export(app, path, secrets, true, fx),
        _ => app.set_status("Not exported: nothing was written"),
    }
}

/// An exported file's text: the same JSON as the preview, with DEL, C1 and
/// bidi controls (which a cloned pool may carry) written as escapes, as
/// `cognito-wizard preview` prints them, so `cat` on it is safe.
fn printable(json: &str) -> String {
    crate::sanitize::json(json).into_owned()
}

/// `dir/pool.json` → `dir/pool.NAME.json`.
fn sibling(path: &Path, name: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or("request".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.{name}.json"))
}

impl App {
    /// The answer of the same-name check. A `y` pressed while it ran goes
    /// through when no pool of that name exists; otherwise the warning is on
    /// screen and the question is asked again.
    pub(super) fn same_name_checked(
        &mut self,
        pools: crate::api::ApiResult<Vec<crate::api::PoolSummary>>,
        fx: &mut Vec<Effect>,
    ) {
        let name = self.doc.create.pool_name.clone().unwrap_or_default();
        // Resuming makes no pool: the one found is the one being finished.
        let resuming = matches!(self.submit_kind(), super::plan_retry::SubmitKind::Resume(_));
        let taken = matches!(&pools, Ok(found) if !found.is_empty())
            || self
                .created_here
                .iter()
                .any(|p| p.name.as_deref() == Some(name.as_str()));
        let taken = taken && !resuming;
        self.same_name = Some(pools);
        let asked = std::mem::take(&mut self.confirm_when_checked);
        if !asked || !matches!(self.modal, Some(Modal::Ask(Question::Submit))) {
            return;
        }
        if taken {
            self.set_status("A pool of this name exists: y makes another one, n goes back");
        } else {
            self.status = None;
            self.answer(Command::Confirm, fx);
        }
    }
}
