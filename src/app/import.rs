//! Importing users from the wizard with Cognito's own user import job: the
//! Invite step's other way to onboard a CSV, next to "invite from a CSV".
//!
//! `m` asks for the CSV, then the CloudWatch Logs role the job writes its log
//! with. The check ([`crate::import::prepare`]: the pool's import header,
//! every row, the import files written; nothing uploaded) shows the rows that
//! fail; `s` starts the jobs on a task whose events feed a gauge (imported /
//! skipped / failed, rate, ETA); Esc asks, then stops the job
//! (StopUserImportJob). The end says where the report and the journal are,
//! and where the per-row errors are (the job's CloudWatch log). The core in
//! [`crate::import`] does the work, as for the headless `import` command.

use std::path::PathBuf;

use tokio::time::Instant;

use crate::import::{ImportEvent, ImportOptions, ImportSummary, ImportTally, Prepared};

use super::keymap::Command;
use super::modal::{Modal, Prompt, PromptFor, Question};
use super::msg::Effect;
use super::{App, InFlight};

/// The two ways to onboard a CSV, with their trade-offs, as the Invite step
/// offers them (key, what, trade-off).
pub const CHOICES: [(&str, &str, &str); 2] = [
    (
        "c",
        "invite from a CSV",
        "an invitation per user; uses the UserCreation quota (50 a second)",
    ),
    (
        "m",
        "import with Cognito's import job",
        "no invitation, no quota; users reset their password at first sign-in; needs a CloudWatch Logs role ARN",
    ),
];

/// Row problems kept for display (the report has them all).
const SHOWN_PROBLEMS: usize = 50;

/// The panel's states (the import files are written while checking).
pub type Import = super::csv_run::CsvRun<Prepared, ImportTally, ImportSummary>;

/// The import panel's state.
#[derive(Debug, Default)]
pub struct ImportScreen {
    pub import: Import,
    /// `line N: <message>`, the first ones found.
    pub problems: Vec<String>,
    /// Rows that failed the check.
    pub problem_rows: u64,
    /// The first of `problems` shown (the list scrolls).
    pub scroll: usize,
    /// The CSV chosen, while the role is asked for.
    csv: Option<PathBuf>,
    /// The role given last (and accepted), offered again.
    role: String,
    /// The CSV given last, offered again instead of the sample.
    last_csv: Option<PathBuf>,
}

impl ImportScreen {
    pub fn is_active(&self) -> bool {
        !matches!(self.import, Import::Idle)
    }

    pub fn is_running(&self) -> bool {
        matches!(self.import, Import::Running { .. })
    }
}

/// The Invite step opened for a pool: no earlier check or run shows (a run
/// still going keeps its panel, so its end is seen). The CSV and role typed
/// last stay offered.
pub fn reset(app: &mut App) {
    if !app.import.is_running() {
        let role = std::mem::take(&mut app.import.role);
        let last_csv = app.import.last_csv.take();
        app.import = ImportScreen {
            role,
            last_csv,
            ..Default::default()
        };
    }
}

/// Why a check made for another pool is not run.
pub(super) fn other_pool(checked: &str) -> String {
    format!(
        "Not started: that check was made for pool {}, not this one; check the CSV again",
        crate::sanitize::clean(checked)
    )
}

/// `m` on the Invite step: ask for the CSV.
pub fn ask_for_csv(app: &mut App) {
    match &app.import.last_csv {
        Some(csv) => {
            let text = csv.display().to_string();
            app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::ImportCsv, &text)));
        }
        None => {
            let sample = app.session.sample_import_csv.clone();
            super::bulk::ask_for_csv_to(app, PromptFor::ImportCsv, sample.as_ref());
        }
    }
}

/// The CSV is given: ask for the role.
pub fn csv_given(app: &mut App, csv: PathBuf) {
    app.import.last_csv = Some(csv.clone());
    app.import.csv = Some(csv);
    let role = app.import.role.clone();
    app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::ImportRole, &role)));
}

/// The role is given: check the CSV against the pool (nothing is uploaded).
pub fn check(app: &mut App, role: String, fx: &mut Vec<Effect>) {
    let Some(csv) = app.import.csv.take() else {
        return;
    };
    let mut options = ImportOptions::new(app.invite.pool_id.clone(), csv.clone(), role.clone());
    // A role the service would refuse is refused at its prompt, which stays
    // open with the value to correct.
    if let Some(problem) = crate::import::request_problem(&options) {
        app.import.csv = Some(csv);
        app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::ImportRole, &role)));
        app.set_status(format!("Not checked: {problem}"));
        return;
    }
    if let Some(poll) = app.session.import_poll {
        options.poll = poll;
    }
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: format!("Checking {}", crate::sanitize::path(&csv)),
    });
    app.import = ImportScreen {
        import: Import::Checking { csv },
        role,
        ..Default::default()
    };
    fx.push(Effect::CheckImport {
        id,
        options: Box::new(options),
    });
}

/// Whether `command` changes anything on the checked panel: `k` only with
/// invalid rows.
pub fn offers(app: &App, command: Command) -> bool {
    match (&app.import.import, command) {
        (Import::Ready(prepared), Command::SkipInvalid) => prepared.check().invalid > 0,
        _ => true,
    }
}

pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    if matches!(command, Command::ScrollDown | Command::ScrollUp) {
        let screen = &mut app.import;
        return super::csv_run::scroll(&mut screen.scroll, screen.problems.len(), command);
    }
    if !offers(app, command) {
        return app.set_status(super::csv_run::changes_nothing(command));
    }
    match (&mut app.import.import, command) {
        (Import::Ready(prepared), Command::SkipInvalid) => {
            let skip = !prepared.options().skip_invalid;
            prepared.set_skip_invalid(skip);
        }
        (Import::Ready(prepared), Command::Submit) => {
            if prepared.options().user_pool_id != app.invite.pool_id {
                let status = other_pool(&prepared.options().user_pool_id);
                app.set_status(status);
                app.import.import = Import::Idle;
                return;
            }
            if prepared.blocker().is_some() {
                let rows = crate::text::count(prepared.check().invalid, "invalid row");
                app.set_status(format!(
                    "Not started: {rows} (listed below): fix the CSV, or press k to import the valid rows and report the others as invalid",
                ));
                return;
            }
            let prepared = prepared.clone();
            let csv = prepared.options().csv.clone();
            let tally = ImportTally::for_check(prepared.check());
            let id = app.next_task();
            app.call = Some(InFlight {
                id,
                label: format!("Importing from {}", crate::sanitize::path(&csv)),
            });
            app.import.import = Import::Running {
                csv,
                tally,
                status: "Creating the import job…".into(),
            };
            fx.push(Effect::RunImport { id, prepared });
        }
        (Import::Running { .. }, Command::Cancel) => {
            app.modal = Some(Modal::Ask(Question::StopImport));
        }
        (Import::Checking { .. }, Command::Cancel) => {
            if let Some(call) = app.call.take() {
                fx.push(Effect::Cancel(call.id));
            }
            app.import.import = Import::Idle;
        }
        (Import::Ready(_) | Import::Finished(_), Command::Cancel) => {
            app.import.import = Import::Idle;
        }
        _ => {}
    }
}

/// "Stop the import job?" answered yes: the job is asked to stop, and the
/// run ends once it has (its state is journaled and reported).
pub fn stop(app: &mut App, fx: &mut Vec<Effect>) {
    if let (true, Some(call)) = (app.import.is_running(), &app.call) {
        fx.push(Effect::StopImport(call.id));
        app.set_status(
            "Stopping: StopUserImportJob is asked; the run ends when the job has stopped",
        );
    }
}

/// Folds one event of a check or a run into the screen.
pub fn event(app: &mut App, event: ImportEvent, at: Instant) {
    let screen = &mut app.import;
    if let ImportEvent::RowProblems { line, problems, .. } = &event {
        if crate::problem::has_errors(problems) {
            screen.problem_rows += 1;
        }
        for problem in problems {
            if screen.problems.len() < SHOWN_PROBLEMS {
                screen.problems.push(format!("line {line}: {problem}"));
            }
        }
    }
    if let Import::Running { tally, status, .. } = &mut screen.import {
        tally.apply(&event, at);
        let clean = |s: &str| crate::sanitize::clean(s).into_owned();
        match &event {
            ImportEvent::JobReady { part, job_id, .. } => {
                *status = format!(
                    "part {part}/{}: job {} created; uploading its file",
                    tally.parts,
                    clean(job_id)
                );
            }
            ImportEvent::Uploaded { part, bytes } => {
                *status = format!(
                    "part {part}/{}: file uploaded ({bytes} bytes); starting the job",
                    tally.parts
                );
            }
            ImportEvent::Job { .. } => *status = tally.lines(at).join("\n"),
            ImportEvent::Stopping { reason } => *status = format!("Stopping: {}", clean(reason)),
            _ => {}
        }
    }
}

pub fn checked(app: &mut App, result: Result<Box<Prepared>, String>) {
    app.import.import = match result {
        Ok(prepared) => Import::Ready(prepared),
        Err(e) => Import::Finished(Err(e)),
    };
}

pub fn finished(app: &mut App, result: Result<ImportSummary, String>) {
    // "Stopping…" is over: the panel says how it ended.
    app.status = None;
    app.import.import = Import::Finished(result);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Session;
    use crate::problem::Problem;

    #[test]
    fn row_problems_are_counted_and_listed_by_line() {
        let mut app = App::new(Session::default());
        let problems = |line| ImportEvent::RowProblems {
            line,
            username: format!("u{line}"),
            problems: vec![Problem::error("cognito:username", "has a space")],
        };
        event(&mut app, problems(2), Instant::now());
        event(&mut app, problems(5), Instant::now());
        assert_eq!(app.import.problem_rows, 2);
        assert_eq!(
            app.import.problems[1],
            "line 5: cognito:username: has a space"
        );
    }
}
