//! Review (problems and every call's JSON) and Result.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Wrap};
use ratatui::Frame;

use crate::app::keymap::{self, Binding, Command, Context};
use crate::app::review::Pane;
use crate::app::{App, Outcome};
use crate::ui::safe;

use super::super::theme::Theme;
use super::preview_pane;

pub fn review(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if let Some(change) = app.change() {
        return super::change::review(frame, app, theme, area, change);
    }
    let halves = halves(area, 40);
    let screen = app.review();
    let problems: Vec<Line> = if app.problems().is_empty() {
        vec![Line::styled("No problems: ready to submit (s).", theme.ok)]
    } else {
        app.problems()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let base = if p.is_error() {
                    theme.error
                } else {
                    theme.warning
                };
                let style = if i == screen.selected && screen.pane == Pane::Problems {
                    theme.focus
                } else {
                    base
                };
                Line::styled(
                    format!("{} {p}", if p.is_error() { "✗" } else { "!" }),
                    style,
                )
            })
            .collect()
    };
    let errors = app.problems().iter().filter(|p| p.is_error()).count();
    let title = format!(
        "Problems: {errors} error(s), {} warning(s){}",
        app.problems().len() - errors,
        if screen.pane == Pane::Problems {
            " ◆"
        } else {
            ""
        }
    );
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(halves[0]);
    frame.render_widget(block, halves[0]);
    problem_window(frame, theme, problems, screen.selected, inner);
    preview_pane(frame, app, theme, halves[1], screen.scroll);
}

/// The problems, wrapped, scrolled so the selected one is whole in view;
/// when they do not all fit, the last row says how many rows are above and
/// below (nothing hidden unseen).
fn problem_window(
    frame: &mut Frame,
    theme: &Theme,
    problems: Vec<Line<'static>>,
    selected: usize,
    area: Rect,
) {
    let heights: Vec<usize> = problems
        .iter()
        .map(|line| {
            safe::paragraph(vec![line.clone()])
                .wrap(Wrap { trim: false })
                .line_count(area.width)
        })
        .collect();
    let total: usize = heights.iter().sum();
    let height = usize::from(area.height);
    let text = safe::paragraph(problems).wrap(Wrap { trim: false });
    if total <= height {
        frame.render_widget(text, area);
        return;
    }
    let shown = super::window_rows(total, height);
    let selected = selected.min(heights.len().saturating_sub(1));
    let start: usize = heights[..selected].iter().sum();
    let end = start + heights.get(selected).copied().unwrap_or(0);
    let top = end.saturating_sub(shown).min(start);
    let rows = Rect::new(area.x, area.y, area.width, shown as u16);
    frame.render_widget(text.scroll((top as u16, 0)), rows);
    let marker = Rect::new(area.x, area.y + shown as u16, area.width, 1);
    super::more_line(frame, theme, marker, top, total.saturating_sub(shown + top));
}

/// Review's two panes, `left` percent for the first: side by side when
/// wide enough, else one above the other.
pub(super) fn halves(area: Rect, left: u16) -> std::rc::Rc<[Rect]> {
    let direction = if area.width >= 100 {
        Direction::Horizontal
    } else {
        Direction::Vertical
    };
    Layout::new(
        direction,
        [
            Constraint::Percentage(left),
            Constraint::Percentage(100 - left),
        ],
    )
    .split(area)
}

/// What each call of the plan did, after a success: each with the id it
/// made (a client's id is what the app and `test-sign-in` need).
fn calls_done(app: &App) -> Vec<Line<'static>> {
    if app.plan_done().is_empty() {
        // Known only as a pool (no account of the calls came with it).
        let done: Vec<String> = app
            .doc()
            .plan()
            .calls
            .iter()
            .map(|call| match call {
                crate::model::Call::SetUserPoolMfaConfig(_) => {
                    "SetUserPoolMfaConfig: MFA configured ✓".to_owned()
                }
                other => format!("{}: done ✓", other.operation().name()),
            })
            .collect();
        return vec![Line::raw(format!("Calls sent: {}", done.join(" · ")))];
    }
    let mut lines = vec![Line::raw("Calls sent:")];
    lines.extend(
        app.plan_done()
            .iter()
            .map(|done| Line::raw(format!("  ✓ {}", done.words()))),
    );
    lines
}

/// How the last "Try a sign-in" ended, or that one can be tried.
fn sign_in_line(app: &App, theme: &Theme) -> Line<'static> {
    match app.sign_in_said() {
        Some((true, said)) => Line::styled(said.clone(), theme.ok),
        Some((false, said)) => Line::styled(said.clone(), theme.error),
        None if crate::app::try_sign_in::available(app) => {
            Line::raw("Try a sign-in with the new app client (t).")
        }
        None => Line::raw(""),
    }
}

pub fn result(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if let Some(change) = app.change() {
        return super::change::result(frame, theme, area, change);
    }
    let lines = match &app.outcome() {
        Some(Outcome::Created(pool)) => vec![
            Line::styled("The user pool was created.", theme.ok),
            // Near the top: the try's outcome is what was just asked for,
            // and a long plan's calls below must not push it out of view.
            sign_in_line(app, theme),
            Line::raw(format!("Id:   {}", pool.id)),
            Line::raw(format!("Arn:  {}", pool.arn.as_deref().unwrap_or("-"))),
            Line::raw(format!("Name: {}", pool.name.as_deref().unwrap_or("-"))),
            Line::raw(""),
        ]
        .into_iter()
        .chain(calls_done(app))
        .chain([
            Line::raw(""),
            // The name only: the prompt that c opens offers the whole path
            // (a long one would wrap mid-name here).
            Line::raw(next_line(
                app.screen_context(),
                [
                    app.session().sample_csv.as_deref(),
                    app.session().sample_import_csv.as_deref(),
                ]
                .map(|csv| csv.map(file_name)),
            )),
        ])
        .collect(),
        Some(Outcome::Failed(failure)) => {
            let mut lines = vec![
                Line::styled(format!("{} failed.", failure.operation), theme.error),
                Line::raw(""),
            ];
            if let Some(code) = &failure.error.code {
                lines.push(Line::styled(code.clone(), theme.error));
            }
            lines.push(Line::raw(failure.error.message.clone()));
            if let Some(hint) = &failure.error.hint {
                lines.push(Line::raw(""));
                lines.push(Line::styled(format!("What to do: {hint}"), theme.warning));
            }
            if let Some(plan) = app.submitted_plan() {
                lines.push(Line::raw(""));
                lines.extend(
                    crate::run::failure_account(failure, &plan)
                        .into_iter()
                        .map(Line::raw),
                );
            }
            if let Some(pool) = &failure.created {
                lines.push(Line::raw(format!(
                    "The pool {} exists with what is done; r retries from the failed call while the draft is unchanged (a changed draft makes a new pool); i invites users into it.",
                    pool.id
                )));
                let try_line = sign_in_line(app, theme);
                if try_line.width() > 0 {
                    lines.push(try_line);
                }
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "Your draft is intact. Retry (r), or go back to the review (e).",
            ));
            lines
        }
        None => vec![Line::raw("Nothing submitted yet.")],
    };
    let block = Block::default().borders(Borders::ALL).title("Result");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    scrolled(frame, app, theme, lines, inner);
}

/// The Result's text in `area`, from the row ↑↓ scrolled to: when it does
/// not fit, the last row says how much is above and below (long accounts
/// of many calls, long errors, at 80×24).
fn scrolled(frame: &mut Frame, app: &App, theme: &Theme, lines: Vec<Line<'static>>, area: Rect) {
    let text = safe::paragraph(lines).wrap(Wrap { trim: false });
    let total = text.line_count(area.width);
    let height = area.height as usize;
    if total <= height {
        frame.render_widget(text, area);
        return;
    }
    let shown = super::window_rows(total, height);
    let top = (app.review().result_scroll as usize).min(total - shown);
    let rows = Rect::new(area.x, area.y, area.width, shown as u16);
    frame.render_widget(text.scroll((top as u16, 0)), rows);
    let marker = Rect::new(area.x, area.y + shown as u16, area.width, 1);
    super::more_line(frame, theme, marker, top, total - shown - top);
}

/// The Result screen's `Next:` line, from the keymap, so it names every key
/// that works there: the screen's own, the Invite step's ways to onboard a
/// CSV behind `i` (with the sample offered there, if any), and quitting.
/// A sample's file name, cleaned for the terminal (its whole path is in the
/// prompt that offers it).
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || crate::sanitize::path(path),
        |n| crate::sanitize::path(n.as_ref()),
    )
}

/// `samples`: the invite's (`c`) and the import's (`m`) sample files.
fn next_line(context: Context, samples: [Option<String>; 2]) -> String {
    let step = |b: &Binding| format!("{} ({})", b.hint, b.keys[0].label());
    let mut steps = Vec::new();
    for binding in keymap::bindings(context).iter().filter(|b| b.in_footer) {
        let mut text = step(binding);
        if binding.command == Command::Invite {
            let there: Vec<String> = keymap::bindings(Context::Invite)
                .iter()
                .filter(|b| matches!(b.command, Command::Bulk | Command::Import))
                .map(step)
                .collect();
            text.push_str(&format!(", then there {}", there.join(" or ")));
            let offered: Vec<String> = samples
                .iter()
                .zip(["c", "m"])
                .filter_map(|(sample, key)| sample.as_ref().map(|s| format!("{s} for {key}")))
                .collect();
            if !offered.is_empty() {
                text.push_str(&format!(
                    " (samples written for the email sign-in preset are offered: {})",
                    offered.join(", ")
                ));
            }
        }
        steps.push(text);
    }
    let quit = keymap::GLOBAL
        .iter()
        .find(|b| b.command == Command::Quit)
        .map(step)
        .unwrap_or_default();
    format!("Next: {}; or {quit}.", steps.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each sample is named with the key that offers it: `c` the invite's,
    /// `m` the import's.
    #[test]
    fn the_next_line_names_each_sample_with_its_key() {
        let line = next_line(
            Context::Created,
            [
                Some("sample-users.csv".into()),
                Some("sample-import-users.csv".into()),
            ],
        );
        assert!(
            line.contains("sample-users.csv for c, sample-import-users.csv for m"),
            "{line}"
        );
        let line = next_line(Context::Created, [None, None]);
        assert!(!line.contains("sample"), "{line}");
    }
}
