//! Review and Result in change mode: the diff against the live pool member
//! by member (`Path: before -> after`, the update plan's own lines, secrets
//! masked), the problems, and the calls that make it, each as its wire body.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Wrap};
use ratatui::Frame;

use crate::app::change::items::{self, Item};
use crate::app::change::ChangeMode;
use crate::app::review::Pane;
use crate::app::App;
use crate::ui::safe;
use crate::update::apply::ApplyFailure;
use crate::update::send::Sent;

use super::super::theme::Theme;
use super::{more_line, preview_pane, window_rows};

pub fn review(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, change: &ChangeMode) {
    let halves = super::review::halves(area, 45);
    let screen = app.review();
    let focused = screen.pane == Pane::Problems;
    let title = format!(
        "Changes to {}: {}{}",
        change.live.id,
        counted(change),
        if focused { " ◆" } else { "" }
    );
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(halves[0]);
    frame.render_widget(block, halves[0]);
    let selected = items::selected(app).filter(|_| focused);
    let lines = left_lines(app, change, theme, selected);
    scrolled(frame, theme, inner, lines, selected);
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

/// `2 members, 3 calls`: the diff's lines of the pool's own members, and
/// the calls (a new group is a call, `CreateGroup: admins`, not a member).
fn counted(change: &ChangeMode) -> String {
    let members = change.plan.changes.iter().filter(|c| !c.is_added()).count();
    format!(
        "{}, {}",
        crate::text::count(members as u64, "member"),
        crate::text::count(change.plan.calls.len() as u64, "call")
    )
}

/// The left pane's lines, each with the item it shows (`None`: a heading,
/// drawn with the item after it): what someone else changed, the diff, the
/// problems ([`items::items`]'s order, the selected one highlighted).
fn left_lines(
    app: &App,
    change: &ChangeMode,
    theme: &Theme,
    selected: Option<usize>,
) -> Vec<(Line<'static>, Option<usize>)> {
    let mut lines = Vec::new();
    let heading = |lines: &mut Vec<_>, text: String, style| {
        lines.push((Line::styled(text, style), None));
    };
    if !change.meanwhile.is_empty() {
        heading(&mut lines, "Changed by someone else since it was loaded (nothing was sent; the diff below is against the pool as it is now):".into(), theme.warning);
    }
    let errors = app.problems().iter().filter(|p| p.is_error()).count();
    let mut mine_seen = false;
    let mut problems_seen = false;
    for (i, item) in items::items(app).into_iter().enumerate() {
        let (text, style) = match item {
            Item::Theirs(c) => (format!("  {}", c.line()), theme.warning),
            Item::Mine(c) => (format!("~ {}", c.line()), theme.accent),
            Item::Problem(p) if p.is_error() => (format!("✗ {p}"), theme.error),
            Item::Problem(p) => (format!("! {p}"), theme.warning),
        };
        if matches!(item, Item::Mine(_)) && !mine_seen && !change.meanwhile.is_empty() {
            heading(&mut lines, String::new(), theme.dim);
        }
        mine_seen |= matches!(item, Item::Mine(_));
        if matches!(item, Item::Problem(_)) && !problems_seen {
            problems_seen = true;
            problems_heading(&mut lines, change, theme, errors, app.problems().len());
        }
        let style = if Some(i) == selected {
            theme.focus
        } else {
            style
        };
        lines.push((Line::styled(text, style), Some(i)));
    }
    if !problems_seen {
        problems_heading(&mut lines, change, theme, 0, 0);
    }
    lines
}

/// The blank line, the "no change" note when nothing changes, and the
/// problems' count above them.
fn problems_heading(
    lines: &mut Vec<(Line<'static>, Option<usize>)>,
    change: &ChangeMode,
    theme: &Theme,
    errors: usize,
    total: usize,
) {
    if !change.plan.has_changes() {
        let text = "No change: the pool already has every value shown.";
        lines.push((Line::styled(text, theme.ok), None));
    }
    lines.push((Line::raw(""), None));
    let count = format!("Problems: {errors} error(s), {} warning(s)", total - errors);
    lines.push((Line::styled(count, theme.title), None));
}

/// Draws `lines` wrapped in `area`, moved as little as needed from the top
/// to show the selected item whole with the headings just above it; when
/// they do not fit, the last row says how many rows are above and below.
fn scrolled(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    lines: Vec<(Line<'static>, Option<usize>)>,
    selected: Option<usize>,
) {
    let rows: Vec<usize> = lines
        .iter()
        .map(|(line, _)| {
            safe::paragraph(line.clone())
                .wrap(Wrap { trim: false })
                .line_count(area.width)
        })
        .collect();
    let total: usize = rows.iter().sum();
    let height = usize::from(area.height);
    let visible = window_rows(total, height);
    // The selected item's last row (the first item: the very top).
    let end = match selected {
        Some(0) | None => 0,
        Some(at) => {
            let last = lines.iter().rposition(|(_, i)| *i == Some(at)).unwrap_or(0);
            rows[..=last].iter().sum()
        }
    };
    let offset = end
        .saturating_sub(visible)
        .min(total.saturating_sub(visible));
    let text: Vec<Line> = lines.into_iter().map(|(line, _)| line).collect();
    let body = Rect {
        height: u16::try_from(visible).unwrap_or(area.height),
        ..area
    };
    frame.render_widget(
        safe::paragraph(text)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0)),
        body,
    );
    if total > height {
        let row = Rect {
            y: area.y + body.height,
            height: 1,
            ..area
        };
        let below = total - offset - visible;
        more_line(frame, theme, row, offset, below);
    }
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
            lines.extend(failed_lines(failure));
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
                            "Described again: {} did not take the value sent:",
                            crate::text::count(missed.len() as u64, "member")
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
        if matches!(change.sent, Some(Sent::Applied { .. })) {
            "Back to the review (e): the diff is against the pool as described now; start over (n); quit (q)."
        } else {
            "Back to the review (e): the diff is against the pool as described now; retry a failed send (r); start over (n); quit (q)."
        },
    ));
    frame.render_widget(
        safe::paragraph(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title("Result")),
        area,
    );
}

/// Every call of a send that failed: the ones made (done), the one that
/// failed (it reached the service, which refused it), and those not sent.
fn failed_lines(failure: &ApplyFailure) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = failure
        .done
        .iter()
        .map(|call| Line::raw(format!("{call}: done ✓")))
        .collect();
    lines.push(Line::raw(format!(
        "{}: sent, and it failed ✗",
        failure.call
    )));
    lines.extend(
        failure
            .not_sent
            .iter()
            .map(|call| Line::raw(format!("{call}: not sent"))),
    );
    lines
}

fn done_lines(done: &[String]) -> Vec<Line<'static>> {
    if done.is_empty() {
        return vec![Line::raw("No call was made.")];
    }
    done.iter()
        .map(|operation| Line::raw(format!("{operation}: done ✓")))
        .collect()
}
