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
}

pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    if app.step == StepId::Result {
        return result_command(app, command, fx);
    }
    let screen = &mut app.review;
    let problems = app.problems.len();
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
            _ => screen.scroll = screen.scroll.saturating_add(1),
        },
        Command::ScrollUp => match screen.pane {
            Pane::Problems => screen.selected = screen.selected.saturating_sub(1),
            Pane::Preview => screen.scroll = screen.scroll.saturating_sub(1),
        },
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
        Command::Export => {
            app.modal = Some(Modal::Prompt(Prompt::new(
                PromptFor::Export,
                "create-user-pool.json",
            )));
        }
        Command::Submit => ask_submit(app, fx),
        _ => {}
    }
}

/// Submit is refused while there are errors: jump to the first one instead.
fn ask_submit(app: &mut App, fx: &mut Vec<Effect>) {
    if app.call.is_some() {
        app.set_status("A call is already in flight (Esc cancels it)");
        return;
    }
    if let Some(first) = app.problems.iter().find(|p| p.is_error()) {
        let path = first.path.clone();
        let count = app.problems.iter().filter(|p| p.is_error()).count();
        app.set_status(format!("Not submitted: {count} error(s). First: {first}"));
        app.jump_to(&path);
        return;
    }
    // Show where the pool would go; the account arrives when STS answers.
    app.target = None;
    let id = app.next_task();
    fx.push(Effect::FetchTarget { id });
    app.modal = Some(Modal::Ask(Question::Submit));
}

/// The operator confirmed: run the plan (or its remaining calls).
pub fn submit_now(app: &mut App, fx: &mut Vec<Effect>) {
    app.submitted = Some(app.doc.clone());
    let id = app.next_task();
    let resume = app.created.clone();
    app.call = Some(InFlight {
        id,
        label: match &resume {
            Some(pool) => format!("Finishing the set-up of {}", pool.id),
            None => "Creating the user pool".into(),
        },
    });
    fx.push(Effect::Submit {
        id,
        plan: app.doc.plan(),
        resume,
    });
}

pub fn submitted(app: &mut App, result: Result<CreatedPool, PlanFailure>, fx: &mut Vec<Effect>) {
    match result {
        Ok(pool) => {
            app.created = Some(pool.clone());
            app.outcome = Some(Outcome::Created(pool));
            // The work is done: the crash-safety copy is no longer needed.
            if let Some(path) = app.session.autosave_path.clone() {
                fx.push(Effect::RemoveFile(path));
            }
            app.session.unsaved = false;
        }
        Err(failure) => {
            app.created = failure.created.clone();
            app.outcome = Some(Outcome::Failed(failure));
        }
    }
    app.step = StepId::Result;
}

fn result_command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    match (command, &app.outcome) {
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
        (Command::NewPool, _) => {
            app.load(Default::default(), Default::default(), StepId::Start);
        }
        (Command::PreviousStep, _) => app.step = StepId::Review,
        _ => {}
    }
}

/// Writes the plan's requests for the AWS CLI: `path` gets the first call;
/// further calls go beside it, named after it (`pool.json` →
/// `pool.set-user-pool-mfa-config.json`), and a plan of several calls also
/// as one plan document (`pool.plan.json`) that the tool reads back whole;
/// a second call of one kind is numbered (`pool.create-group-2.json`).
pub fn export(app: &mut App, path: PathBuf, include_secrets: bool, fx: &mut Vec<Effect>) {
    let secrets = if include_secrets {
        Secrets::Reveal
    } else {
        Secrets::Omit
    };
    // Named by the model (`export_files`): several clients or groups get
    // numbered files instead of overwriting each other.
    let files: Vec<(PathBuf, String)> = export_files(&app.doc.plan(), secrets)
        .into_iter()
        .map(|(suffix, text)| match suffix.as_str() {
            "" => (path.clone(), text),
            name => (sibling(&path, name), text),
        })
        .collect();
    let id = app.next_task();
    fx.push(Effect::Export { id, files });
}

/// `dir/pool.json` → `dir/pool.NAME.json`.
fn sibling(path: &Path, name: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or("request".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.{name}.json"))
}
