//! Review and Result in change mode: the diff against the live pool member
//! by member (`Path: before -> after`, the update plan's own lines, secrets
//! masked), the problems, and the calls that make it, each as its wire body.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Wrap};
use ratatui::Frame;

use crate::app::change::ChangeMode;
use crate::app::review::Pane;
use crate::app::App;
use crate::ui::safe;
use crate::update::send::Sent;

use super::super::theme::Theme;
use super::preview_pane;

pub fn review(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, change: &ChangeMode) {
    let halves = super::review::halves(area, 45);
    let screen = app.review();
    let mut lines = meanwhile_lines(change, theme);
    lines.extend(diff_lines(change, theme));
    lines.push(Line::raw(""));
    let errors = app.problems().iter().filter(|p| p.is_error()).count();
    lines.push(Line::styled(
        format!(
            "Problems: {errors} error(s), {} warning(s)",
            app.problems().len() - errors
        ),
        theme.title,
    ));
    let first_problem = lines.len();
    for (i, p) in app.problems().iter().enumerate() {
        let style = if i == screen.selected && screen.pane == Pane::Problems {
            theme.focus
        } else if p.is_error() {
            theme.error
        } else {
            theme.warning
        };
        let mark = if p.is_error() { "✗" } else { "!" };
        lines.push(Line::styled(format!("{mark} {p}"), style));
    }
    let selected = first_problem + screen.selected;
    let offset = selected.saturating_sub(halves[0].height.saturating_sub(3) as usize) as u16;
    let title = format!(
        "Changes to {}: {} member(s){}",
        change.live.id,
        change.plan.changes.len(),
        if screen.pane == Pane::Problems {
            " ◆"
        } else {
            ""
        }
    );
    frame.render_widget(
        safe::paragraph(lines)
            .scroll((offset, 0))
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title)),
        halves[0],
    );
    if change.plan.calls.is_empty() {
        let why = if change.plan.has_changes() {
            "No call while a change is refused (see the problems)."
        } else {
            "No change, no call: nothing would be sent (s only says so)."
        };
        frame.render_widget(
            safe::paragraph(Line::styled(why, theme.dim))
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::ALL).title("Calls")),
            halves[1],
        );
    } else {
        preview_pane(frame, app, theme, halves[1], screen.scroll);
    }
}

/// What someone else changed since the pool was loaded, when the describe
/// before sending found it.
fn meanwhile_lines(change: &ChangeMode, theme: &Theme) -> Vec<Line<'static>> {
    if change.meanwhile.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        "Changed by someone else since it was loaded (nothing was sent; the diff below is against the pool as it is now):",
        theme.warning,
    )];
    lines.extend(
        change
            .meanwhile
            .iter()
            .map(|c| Line::styled(format!("  {}", c.line()), theme.warning)),
    );
    lines.push(Line::raw(""));
    lines
}

/// One line per changed member, before → after, from the update plan.
fn diff_lines(change: &ChangeMode, theme: &Theme) -> Vec<Line<'static>> {
    if !change.plan.has_changes() {
        return vec![Line::styled(
            "No change: the pool already has every value shown.",
            theme.ok,
        )];
    }
    change
        .plan
        .diff_lines()
        .into_iter()
        .map(|line| Line::styled(format!("~ {line}"), theme.accent))
        .collect()
}

/// What the send did: each call, and any member that did not take its value.
pub fn result(frame: &mut Frame, theme: &Theme, area: Rect, change: &ChangeMode) {
    let id = &change.live.id;
    let mut lines = match &change.sent {
        None => vec![Line::raw("Nothing sent yet.")],
        Some(Sent::NotChecked(e)) => vec![
            Line::styled("Nothing was sent.", theme.error),
            Line::raw(format!(
                "DescribeUserPool failed just before sending, so the pool could not be checked: {e}"
            )),
        ],
        Some(Sent::PoolChanged { .. }) => vec![Line::raw(
            "The pool changed since it was loaded: nothing was sent.",
        )],
        Some(Sent::Failed(failure)) => {
            let mut lines = vec![Line::styled(
                format!("{} failed.", failure.operation),
                theme.error,
            )];
            lines.push(Line::raw(""));
            lines.extend(done_lines(&failure.done));
            if let Some(code) = &failure.error.code {
                lines.push(Line::styled(code.clone(), theme.error));
            }
            lines.push(Line::raw(failure.error.message.clone()));
            if let Some(hint) = &failure.error.hint {
                lines.push(Line::styled(format!("What to do: {hint}"), theme.warning));
            }
            lines
        }
        Some(Sent::Applied {
            done,
            after,
            missed,
        }) => {
            let mut lines = vec![Line::styled(
                format!("The pool {id} was changed."),
                theme.ok,
            )];
            lines.push(Line::raw(""));
            lines.extend(done_lines(done));
            lines.push(Line::raw(""));
            match after {
                Err(e) => lines.push(Line::styled(
                    format!("DescribeUserPool failed afterwards, so the result is unchecked: {e}"),
                    theme.warning,
                )),
                Ok(_) if missed.is_empty() => lines.push(Line::styled(
                    "Described again: every member has the value sent.",
                    theme.ok,
                )),
                Ok(_) => {
                    lines.push(Line::styled(
                        format!(
                            "Described again: {} member(s) did not take the value sent:",
                            missed.len()
                        ),
                        theme.error,
                    ));
                    lines.extend(
                        missed.iter().map(|c| {
                            Line::styled(format!("✗ {}", c.not_taken_line()), theme.error)
                        }),
                    );
                }
            }
            lines
        }
    };
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "Back to the review (e): the diff is against the pool as described now; retry a failed send (r); start over (n); quit (q).",
    ));
    frame.render_widget(
        safe::paragraph(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title("Result")),
        area,
    );
}

fn done_lines(done: &[&str]) -> Vec<Line<'static>> {
    if done.is_empty() {
        return vec![Line::raw("No call was made.")];
    }
    done.iter()
        .map(|operation| Line::raw(format!("{operation}: done ✓")))
        .collect()
}
