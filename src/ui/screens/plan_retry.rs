//! The submit confirmation after a plan failed half-way: whether `y`
//! finishes the half-made pool or makes a new one beside it, in words
//! (see `app::plan_retry`).

use ratatui::text::Line;

use crate::app::plan_retry::SubmitKind;
use crate::app::App;
use crate::run::PlanFailure;

use super::super::theme::Theme;

/// The calls `y` sends: only those left when resuming.
pub(crate) fn calls_to_send(app: &App) -> usize {
    let plan = app.doc().plan();
    match app.submit_kind() {
        SubmitKind::Resume(failure) => failure.progress.remaining(&plan).len(),
        _ => plan.calls.len(),
    }
}

/// The confirmation's title.
pub(crate) fn title(app: &App) -> &'static str {
    match app.submit_kind() {
        SubmitKind::Resume(_) => "Finish the user pool?",
        _ => "Create the user pool?",
    }
}

/// What `y` does with the pool a failure left half made, or (with none)
/// `otherwise`: the same-name check.
pub(crate) fn submit_line(
    app: &App,
    theme: &Theme,
    otherwise: impl FnOnce() -> Line<'static>,
) -> Line<'static> {
    match app.submit_kind() {
        SubmitKind::NewPool => otherwise(),
        SubmitKind::Resume(failure) => Line::styled(
            format!(
                "Finishes {} (the draft is the one that failed): starts at {}; nothing done is made again.",
                pool_id(failure),
                failure.call
            ),
            theme.ok,
        ),
        SubmitKind::NewBeside(failure) => {
            let mut line = Line::styled(
                format!(
                    "⚠ The draft changed since a failure left a pool half made: y makes a NEW pool; the half-made one ({} call(s) done) stays as it is: {}. ",
                    failure.progress.done.len(),
                    pool_id(failure)
                ),
                theme.warning,
            );
            // The same-name check still runs (and must be seen): after it.
            line.spans.extend(otherwise().spans);
            line
        }
    }
}

fn pool_id(failure: &PlanFailure) -> String {
    failure
        .created
        .as_ref()
        .map_or_else(|| "the pool".to_owned(), |p| format!("the pool {}", p.id))
}
