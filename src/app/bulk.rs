//! Bulk invitations from the wizard: pick a CSV, see what the check found
//! (invalid rows, what the pool can deliver), choose SUPPRESS or to skip
//! invalid rows, then watch the run. The engine in [`crate::invite`] does the
//! work on a task; this screen only folds its events into what is shown.

use std::path::PathBuf;

use tokio::time::Instant;

use crate::invite::{self, Event, InviteOptions, Prepared, Summary, Tally};

use super::keymap::Command;
use super::modal::{Modal, Prompt, PromptFor};
use super::msg::Effect;
use super::{App, InFlight};

/// Row problems kept for display (the report and journal have them all).
const SHOWN_PROBLEMS: usize = 50;

/// The panel's states: checking, ready, running, finished.
pub type Bulk = super::csv_run::CsvRun<Prepared, Tally, Summary>;

/// The bulk panel's state.
#[derive(Debug, Default)]
pub struct BulkScreen {
    pub bulk: Bulk,
    /// `line N: <Path>: <message>`, the first ones found.
    pub problems: Vec<String>,
    /// Rows that failed validation.
    pub problem_rows: u64,
    /// Rows the service refused or that failed in transit.
    pub failed_rows: u64,
    /// Group additions that failed (their rows are in `failed_rows`).
    pub failed_groups: u64,
    /// The first of `problems` shown (the list scrolls).
    pub scroll: usize,
}

impl BulkScreen {
    pub fn is_active(&self) -> bool {
        !matches!(self.bulk, Bulk::Idle)
    }
}

/// The Invite step opened for a pool: no earlier check or run shows (a run
/// still going keeps its panel, so its end is seen).
pub fn reset(app: &mut App) {
    if !matches!(app.bulk.bulk, Bulk::Running { .. }) {
        app.bulk = BulkScreen::default();
    }
}

/// `c` on the Invite step: ask for the CSV.
pub fn ask_for_csv(app: &mut App) {
    let sample = app.session.sample_csv.clone();
    ask_for_csv_to(app, PromptFor::InviteCsv, sample.as_ref());
}

/// Asks for a CSV of users, offering `sample` first.
pub(super) fn ask_for_csv_to(app: &mut App, purpose: PromptFor, sample: Option<&PathBuf>) {
    let suggested = sample.map_or("users.csv".to_owned(), |p| p.display().to_string());
    app.modal = Some(Modal::Prompt(Prompt::new(purpose, &suggested)));
}

/// Checks the CSV against the pool (describe, every row; no invitation).
pub fn check(app: &mut App, csv: PathBuf, fx: &mut Vec<Effect>) {
    let id = app.next_task();
    let options = InviteOptions::new(app.invite.pool_id.clone(), csv.clone());
    app.call = Some(InFlight {
        id,
        label: format!("Checking {}", crate::sanitize::path(&csv)),
    });
    app.bulk = BulkScreen {
        bulk: Bulk::Checking { csv },
        ..Default::default()
    };
    fx.push(Effect::CheckInvites {
        id,
        options: Box::new(options),
    });
}

/// Whether `command` changes anything on the checked panel: `k` only with
/// invalid rows, `a` only when the invitations are over what the pool can
/// deliver (or `a` was pressed: pressing it again takes it back).
pub fn offers(app: &App, command: Command) -> bool {
    let Bulk::Ready(prepared) = &app.bulk.bulk else {
        return true;
    };
    match command {
        Command::SkipInvalid => prepared.check().invalid > 0,
        Command::AcceptLimits => {
            prepared.options().accept_delivery_limits || prepared.over_delivery_limits()
        }
        _ => true,
    }
}

pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    if matches!(command, Command::ScrollDown | Command::ScrollUp) {
        let screen = &mut app.bulk;
        return super::csv_run::scroll(&mut screen.scroll, screen.problems.len(), command);
    }
    if !offers(app, command) {
        return app.set_status(super::csv_run::changes_nothing(command));
    }
    match (&mut app.bulk.bulk, command) {
        (Bulk::Ready(prepared), Command::Suppress) => {
            let suppress = prepared.options().message_action.as_deref() != Some("SUPPRESS");
            prepared.set_message_action(suppress.then(|| "SUPPRESS".to_owned()));
        }
        (Bulk::Ready(prepared), Command::AcceptLimits) => {
            let accept = !prepared.options().accept_delivery_limits;
            prepared.set_accept_delivery_limits(accept);
        }
        (Bulk::Ready(prepared), Command::SkipInvalid) => {
            let skip = !prepared.options().skip_invalid;
            prepared.set_skip_invalid(skip);
        }
        (Bulk::Ready(prepared), Command::Submit) => {
            if prepared.options().user_pool_id != app.invite.pool_id {
                let status = super::import::other_pool(&prepared.options().user_pool_id);
                app.set_status(status);
                app.bulk = BulkScreen::default();
                return;
            }
            let blockers = prepared.blockers();
            if let Some(first) = blockers.first() {
                app.set_status(format!(
                    "Not started: {}",
                    first.describe(invite::WaysOut::Keys)
                ));
                return;
            }
            let prepared = prepared.clone();
            let csv = prepared.options().csv.clone();
            let id = app.next_task();
            app.call = Some(InFlight {
                id,
                label: format!("Inviting from {}", crate::sanitize::path(&csv)),
            });
            app.bulk.bulk = Bulk::Running {
                csv,
                tally: Tally::default(),
                status: String::new(),
            };
            fx.push(Effect::SendInvites { id, prepared });
        }
        (Bulk::Running { .. }, Command::Cancel) => {
            if let Some(call) = &app.call {
                fx.push(Effect::StopInvites(call.id));
                app.set_status("Stopping: the invitations in flight finish and are recorded");
            }
        }
        (Bulk::Checking { .. }, Command::Cancel) => {
            if let Some(call) = app.call.take() {
                fx.push(Effect::Cancel(call.id));
            }
            app.bulk = BulkScreen::default();
        }
        (Bulk::Ready(_) | Bulk::Finished(_), Command::Cancel) => app.bulk = BulkScreen::default(),
        _ => {}
    }
}

/// Folds one event of a check or a run into the screen.
pub fn event(app: &mut App, event: Event, at: Instant) {
    let screen = &mut app.bulk;
    match &event {
        Event::RowProblems { line, problems, .. } => {
            if problems.iter().any(|p| p.is_error()) {
                screen.problem_rows += 1;
            }
            for problem in problems {
                if screen.problems.len() < SHOWN_PROBLEMS {
                    screen.problems.push(format!("line {line}: {problem}"));
                }
            }
        }
        Event::Outcome {
            line,
            outcome: invite::Outcome::Failed { code, message },
            groups,
            ..
        } => {
            screen.failed_rows += 1;
            screen.failed_groups += groups.iter().filter(|g| !g.is_added()).count() as u64;
            if screen.problems.len() < SHOWN_PROBLEMS {
                // A server's long answer would fill the panel: its start
                // here, all of it in the report.
                let message = crate::sanitize::clean_to(message, 200);
                screen
                    .problems
                    .push(format!("line {line}: {code}: {message}"));
            }
        }
        _ => {}
    }
    if let Bulk::Running { tally, status, .. } = &mut screen.bulk {
        tally.apply(&event, at);
        *status = tally.lines(at).join("\n");
    }
}

pub fn checked(app: &mut App, result: Result<Box<Prepared>, String>) {
    app.bulk.bulk = match result {
        Ok(prepared) => Bulk::Ready(prepared),
        Err(e) => Bulk::Finished(Err(e)),
    };
}

pub fn finished(app: &mut App, result: Result<Summary, String>) {
    app.bulk.bulk = Bulk::Finished(result);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Session;

    #[test]
    fn failed_rows_are_counted_and_a_long_answer_is_cut() {
        let mut app = App::new(Session::default());
        let failed = |line, message: &str| Event::Outcome {
            line,
            username: format!("u{line}"),
            outcome: invite::Outcome::Failed {
                code: "InternalErrorException".into(),
                message: message.into(),
            },
            groups: Vec::new(),
        };
        event(&mut app, failed(2, &"x".repeat(1024)), Instant::now());
        event(&mut app, failed(3, "short"), Instant::now());
        assert_eq!((app.bulk.problem_rows, app.bulk.failed_rows), (0, 2));
        // A row whose user was created but one of its groups failed.
        let mut in_groups = failed(4, "created, but not added to the group \"ops\": gone");
        if let Event::Outcome { groups, .. } = &mut in_groups {
            for (group, ok) in [("admins", true), ("ops", false)] {
                groups.push(invite::groups::GroupOutcome {
                    group: group.into(),
                    result: if ok {
                        invite::groups::GroupResult::Added
                    } else {
                        invite::groups::GroupResult::Failed {
                            code: "ResourceNotFoundException".into(),
                            message: "gone".into(),
                        }
                    },
                });
            }
        }
        event(&mut app, in_groups, Instant::now());
        assert_eq!((app.bulk.failed_rows, app.bulk.failed_groups), (3, 1));
        assert!(app.bulk.problems[2].contains("not added to the group \"ops\""));
        assert!(
            app.bulk.problems[0].chars().count() < 260,
            "{}",
            app.bulk.problems[0]
        );
        assert!(
            app.bulk.problems[0].ends_with('…'),
            "{}",
            app.bulk.problems[0]
        );
    }
}
