//! The App clients and Groups lists: one row per entry (its name, what it
//! is, whether it has problems), then the ways to add one; below, the
//! focused row in full (its problems, or what a preset makes).

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Wrap;
use ratatui::Frame;

use crate::app::change::existing;
use crate::app::plan_steps::{self, List, Row};
use crate::app::App;
use crate::model::client_presets;
use crate::ui::safe;

use super::super::theme::Theme;
use super::{fit, intro, more_line, window_rows, LABEL_WIDTH};

pub fn list(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(list) = List::of(app.step()) else {
        return;
    };
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(crate::ui::layout::intro_height(app, area)),
            Constraint::Min(3),
            Constraint::Length(5),
        ],
    )
    .split(area);
    intro(frame, app, theme, parts[0]);
    let rows = plan_steps::rows(app, list);
    let selected = list.state(app).row.min(rows.len().saturating_sub(1));
    // Rows that do not fit (the preview beside takes width, not height, but
    // a short terminal does) leave the last row to say how many are hidden.
    let height = usize::from(parts[1].height);
    let visible = window_rows(rows.len(), height);
    let first = selected.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, row)| row_line(app, list, row, i == selected, theme))
        .collect();
    let shown = lines.len();
    frame.render_widget(safe::paragraph(lines), parts[1]);
    if visible < height {
        let area = parts[1];
        let row = Rect::new(area.x, area.y + visible as u16, area.width, 1);
        more_line(frame, theme, row, first, rows.len() - first - shown);
    }
    let details = rows
        .get(selected)
        .map(|row| details(app, list, row, theme))
        .unwrap_or_default();
    frame.render_widget(safe::paragraph(details).wrap(Wrap { trim: true }), parts[2]);
}

fn row_line(app: &App, list: List, row: &Row, focused: bool, theme: &Theme) -> Line<'static> {
    let marker = if focused { "▶ " } else { "  " };
    let style = if focused { theme.focus } else { theme.accent };
    match row {
        Row::Entry(index) => {
            let problems = entry_problems(app, list, *index);
            let mark = if problems.iter().any(|p| p.is_error()) {
                Span::styled("✗ ", theme.error)
            } else if problems.is_empty() {
                Span::raw("  ")
            } else {
                Span::styled("! ", theme.warning)
            };
            Line::from(vec![
                Span::styled(marker, theme.accent),
                mark,
                Span::styled(fit(&list.name(app, *index), LABEL_WIDTH), style),
                Span::raw(summary(app, list, *index)),
            ])
        }
        Row::Preset(file) => {
            let title = client_presets::list()
                .into_iter()
                .find(|p| &p.file == file)
                .map_or(file.clone(), |p| p.title);
            Line::from(vec![
                Span::styled(marker, theme.accent),
                Span::styled(
                    format!("+ add: {title}"),
                    if focused { style } else { theme.dim },
                ),
            ])
        }
        Row::AddGroup => Line::from(vec![
            Span::styled(marker, theme.accent),
            Span::styled("+ add a group (a)", if focused { style } else { theme.dim }),
        ]),
    }
}

/// What an entry is, in a few words (and, in change mode, whether the
/// pool has it).
fn summary(app: &App, list: List, index: usize) -> String {
    let what = kind(app, list, index);
    match existing::about(app, list, index) {
        Some(about) if what.is_empty() => about,
        Some(about) => format!("{about} · {what}"),
        None => what,
    }
}

fn kind(app: &App, list: List, index: usize) -> String {
    match list {
        List::Clients => {
            let Some(client) = app.doc().clients.get(index) else {
                return String::new();
            };
            let kind = if client.has_secret() {
                "with secret"
            } else {
                "public"
            };
            let flows = client.oauth_flows();
            if flows.is_empty() {
                kind.to_owned()
            } else {
                format!("{kind} · OAuth {}", flows.join(", "))
            }
        }
        List::Groups => {
            let Some(group) = app.doc().groups.get(index) else {
                return String::new();
            };
            match group.precedence {
                Some(p) => format!("precedence {p}"),
                None => String::new(),
            }
        }
    }
}

fn entry_problems(app: &App, list: List, index: usize) -> Vec<&crate::problem::Problem> {
    let prefix = format!("{}[{index}]", list.operation());
    app.problems()
        .iter()
        .filter(|p| p.is_within(&prefix))
        .collect()
}

fn details(app: &App, list: List, row: &Row, theme: &Theme) -> Vec<Line<'static>> {
    match row {
        Row::Entry(index) => {
            let problems = entry_problems(app, list, *index);
            let mut lines: Vec<Line> = problems
                .iter()
                .take(3)
                .map(|p| {
                    let (mark, style) = if p.is_error() {
                        ("✗", theme.error)
                    } else {
                        ("!", theme.warning)
                    };
                    let member = p.path.split_once('.').map_or("", |(_, m)| m);
                    Line::styled(format!("{mark} {member}: {}", p.message), style)
                })
                .collect();
            if problems.is_empty() {
                lines.push(Line::styled("No problems.", theme.ok));
            }
            let keys = match existing::is_pools(app, list, *index) {
                true => "Enter edits its members (the changes are sent as its update) · the pool's own: not removed here",
                false => "Enter edits every member · d removes (u undoes)",
            };
            lines.push(Line::styled(keys, theme.dim));
            lines
        }
        Row::Preset(file) => client_presets::list()
            .into_iter()
            .find(|p| &p.file == file)
            .map(|p| vec![Line::raw(p.summary)])
            .unwrap_or_default(),
        Row::AddGroup => vec![Line::styled(
            "A group: a name, a description, a precedence (lowest wins when a user is in several) and an IAM role.",
            theme.dim,
        )],
    }
}
