//! The screens behind one small trait: each says where the keyboard is on
//! it ([`Context`], which also picks the footer's hints) and carries out its
//! own commands. `App` handles the global commands, then hands the rest to
//! the screen of the current step; each screen keeps its state in its own
//! struct (`StartScreen`, `AttributesScreen`, ...), next to its keys.

use super::fields::StepId;
use super::keymap::{Command, Context};
use super::msg::Effect;
use super::{
    attributes, bulk, form, import, invite, plan_steps, review, start, try_sign_in, App, Outcome,
};

pub trait Screen: Sync {
    /// Where the keyboard is while this screen shows (no modal or editor).
    fn context(&self, app: &App) -> Context;
    /// A command of this screen (the global ones are handled before).
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>);
    /// Whether `command` does something now (the footer offers only those).
    fn offers(&self, _app: &App, _command: Command) -> bool {
        true
    }
}

struct Start;
struct Form;
struct Attributes;
struct Review;
struct Result;
struct Invite;
struct Bulk;
struct PlanList;
struct Import;

/// Whether `command` does something where the keyboard is (the footer
/// offers only those; a modal's and an editor's keys always do).
pub fn offers(app: &App, command: Command) -> bool {
    app.modal.is_some() || app.editor.is_some() || current(app).offers(app, command)
}

/// The screen the current step shows.
pub fn current(app: &App) -> &'static dyn Screen {
    match app.step {
        StepId::Start => &Start,
        StepId::Attributes => &Attributes,
        StepId::Review => &Review,
        StepId::Result => &Result,
        StepId::Invite if app.bulk.is_active() => &Bulk,
        StepId::Invite if app.import.is_active() => &Import,
        StepId::Invite => &Invite,
        _ if plan_steps::shows_list(app) => &PlanList,
        _ => &Form,
    }
}

impl Screen for Start {
    /// A listed pool selected: its own keys (clone, change, invite).
    fn context(&self, app: &App) -> Context {
        match app.start.items.get(app.start.selected) {
            Some(start::StartItem::Pool(_)) => Context::StartPool,
            _ => Context::Start,
        }
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        start::command(app, command, fx)
    }
}

impl Screen for Form {
    /// An app client's or a group's form: Esc goes back to its list (while
    /// no call is in flight: Esc then cancels the call, as on any form).
    fn context(&self, app: &App) -> Context {
        match plan_steps::open_entry(app) {
            Some(_) if app.call.is_none() => Context::EntryForm,
            _ => Context::Form,
        }
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        form::command(app, command, fx)
    }
    /// Enter and Space on a field that is read-only in change mode only
    /// say so (the reason shows at the field): not offered.
    fn offers(&self, app: &App, command: Command) -> bool {
        !matches!(command, Command::Activate | Command::Toggle)
            || form::focused(app)
                .is_none_or(|field| super::change::read_only_reason(app, field.path).is_none())
    }
}

impl Screen for Attributes {
    fn context(&self, _: &App) -> Context {
        Context::Attributes
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        attributes::command(app, command, fx)
    }
    /// In change mode, the keys that would edit an attribute the pool has
    /// (it can never change) are not offered on its row.
    fn offers(&self, app: &App, command: Command) -> bool {
        !super::change::attribute_is_fixed(app, command)
    }
}

impl Screen for Review {
    fn context(&self, _: &App) -> Context {
        Context::Review
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        review::command(app, command, fx)
    }
    /// Export writes the calls: in change mode only when there are some.
    fn offers(&self, app: &App, command: Command) -> bool {
        command != Command::Export || app.change().is_none_or(|c| !c.plan.calls.is_empty())
    }
}

impl Screen for Result {
    /// After a success there is nothing to retry: its keys differ.
    fn context(&self, app: &App) -> Context {
        match &app.outcome {
            Some(Outcome::Created(_)) if try_sign_in::available(app) => Context::CreatedWithClient,
            Some(Outcome::Created(_)) => Context::Created,
            _ if app.change.as_ref().is_some_and(|c| {
                matches!(c.sent, Some(crate::update::send::Sent::Applied { .. }))
            }) =>
            {
                Context::ChangeApplied
            }
            _ if app.change.is_some() => Context::Result,
            Some(Outcome::Failed(_)) if try_sign_in::available(app) => Context::FailedWithClient,
            Some(Outcome::Failed(f)) if f.created.is_some() => Context::FailedWithPool,
            _ => Context::Result,
        }
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        match command {
            Command::TrySignIn => try_sign_in::start(app),
            _ => review::command(app, command, fx),
        }
    }
}

impl Screen for Invite {
    fn context(&self, _: &App) -> Context {
        Context::Invite
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        invite::command(app, command, fx)
    }
}

impl Screen for Bulk {
    /// Each state has the keys that work in it: the options only before
    /// the run, then stopping, then closing.
    fn context(&self, app: &App) -> Context {
        match app.bulk.bulk {
            bulk::Bulk::Finished(_) => Context::InviteBulkDone,
            bulk::Bulk::Running { .. } => Context::InviteBulkRunning,
            bulk::Bulk::Checking { .. } => Context::CsvChecking,
            _ => Context::InviteBulk,
        }
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        bulk::command(app, command, fx)
    }
    fn offers(&self, app: &App, command: Command) -> bool {
        bulk::offers(app, command)
    }
}

impl Screen for PlanList {
    fn context(&self, _: &App) -> Context {
        Context::PlanList
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        plan_steps::command(app, command, fx)
    }
    fn offers(&self, app: &App, command: Command) -> bool {
        plan_steps::offers(app, command)
    }
}

impl Screen for Import {
    /// While the rows are checked only cancelling does anything, while
    /// the job runs only stopping it; once the run is over, only closing
    /// the panel (the rows scroll in every state that lists them).
    fn context(&self, app: &App) -> Context {
        match app.import.import {
            import::Import::Finished(_) => Context::ImportDone,
            import::Import::Running { .. } => Context::ImportRunning,
            import::Import::Checking { .. } => Context::CsvChecking,
            _ => Context::Import,
        }
    }
    fn command(&self, app: &mut App, command: Command, fx: &mut Vec<Effect>) {
        import::command(app, command, fx)
    }
    fn offers(&self, app: &App, command: Command) -> bool {
        import::offers(app, command)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::PoolSummary;

    #[test]
    fn a_listed_pool_selected_on_start_has_its_own_keys() {
        let mut app = App::new(super::super::Session::default());
        start::pools_listed(
            &mut app,
            Ok(vec![PoolSummary {
                id: "us-east-1_P1".into(),
                name: "p1".into(),
            }]),
        );
        assert_eq!(app.context(), Context::StartPool);
        let footer = crate::app::keymap::footer(app.context());
        assert!(
            footer.iter().any(|(k, h)| k == "c" && *h == "change"),
            "{footer:?}"
        );
    }
}
