//! The content area of each step, one module per kind of screen.

mod attributes;
mod change;
pub(crate) mod form;
mod import;
mod invite;
mod plan_lists;
pub(crate) mod plan_retry;
mod review;
mod start;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Wrap};
use ratatui::Frame;

use crate::app::fields::StepId;
use crate::app::{help, App};
use crate::ui::safe;

use super::json;
use super::theme::Theme;

pub(crate) const LABEL_WIDTH: usize = 30;

pub fn content(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    match app.step() {
        StepId::Start => start::start(frame, app, theme, area),
        StepId::Attributes => attributes::attributes_table(frame, app, theme, area),
        StepId::Review => review::review(frame, app, theme, area),
        StepId::Result => review::result(frame, app, theme, area),
        StepId::Invite => invite::invite(frame, app, theme, area),
        _ if crate::app::plan_steps::shows_list(app) => plan_lists::list(frame, app, theme, area),
        _ => form::form_step(frame, app, theme, area),
    }
    if let Some(editor) = &app.editor() {
        form::editor_box(frame, app, theme, area, editor);
    }
}

/// The last row of a list that does not fit: how many rows are above and
/// below the window (`↑ 2 more · ↓ 5 more`), so nothing is hidden unseen.
fn more_line(frame: &mut Frame, theme: &Theme, row: Rect, above: usize, below: usize) {
    let parts: Vec<String> = [(above, "↑"), (below, "↓")]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, arrow)| format!("{arrow} {count} more"))
        .collect();
    let text = format!("  {}", parts.join(" · "));
    frame.render_widget(safe::paragraph(Line::styled(text, theme.dim)), row);
}

/// Rows of a list of `total` rows in `height`: all of them, or one fewer
/// when they do not fit (the last row says what is hidden).
pub(crate) fn window_rows(total: usize, height: usize) -> usize {
    if total > height {
        height.saturating_sub(1).max(1)
    } else {
        height
    }
}

fn intro(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let text = match crate::app::plan_steps::entry_intro(app) {
        Some(entry) => Span::styled(entry, theme.accent),
        None => Span::styled(help::for_step(app), theme.dim),
    };
    let text = safe::paragraph(text).wrap(Wrap { trim: true });
    wrapped(frame, text, area, 0);
}

/// Draws wrapped text (`top` rows of it a block's border) and, when the area
/// is too short for all of it, ends the last row in `…`: a cut is visible
/// (the help overlay, `?`, has every step's text in full).
fn wrapped(frame: &mut Frame, text: ratatui::widgets::Paragraph, area: Rect, top: u16) {
    let needed = text.line_count(area.width) as u16;
    frame.render_widget(text, area);
    if needed > area.height && area.width > 0 && area.height > top {
        let (x, y) = (area.right() - 1, area.bottom() - 1);
        frame
            .buffer_mut()
            .set_string(x, y, "…", ratatui::style::Style::new());
    }
}

/// The request pane. On a form step it follows the member being edited:
/// the line that sets it is highlighted and kept in view (`scroll` moves
/// the view further, from `[` and `]`).
pub fn preview_pane(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, scroll: u16) {
    let mut lines = Vec::new();
    if app.step() == StepId::Invite {
        lines.push(Line::styled("// AdminCreateUser", theme.dim));
        lines.extend(app.invite().preview.lines().map(|l| json::line(l, theme)));
        frame.render_widget(
            safe::paragraph(lines)
                .scroll((scroll, 0))
                .block(Block::default().borders(Borders::ALL).title("Request")),
            area,
        );
        return;
    }
    let total = app.preview().len();
    if total == 0 && app.change().is_some() {
        lines.push(Line::styled(
            "No call: the pool already has every value shown (what you change becomes its call here)",
            theme.dim,
        ));
    }
    let focus = focused_member(app);
    let mut focus_line = None;
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for (i, (operation, text)) in app.preview().iter().enumerate() {
        lines.push(Line::styled(
            format!("// call {} of {total}: {operation}", i + 1),
            theme.dim,
        ));
        let nth = seen.entry(operation.as_str()).or_default();
        let this_one = focus
            .as_ref()
            .filter(|(call, at, _)| call == operation && at == nth);
        *nth += 1;
        // A whole call (a list's row): its first line.
        let found = this_one.and_then(|(_, _, path)| match path.as_str() {
            "" => Some(0),
            path => json::line_of(text, path),
        });
        if let Some(at) = found {
            focus_line = Some(lines.len() + at);
        }
        lines.extend(text.lines().map(|l| json::line(l, theme)));
    }
    if let Some(at) = focus_line {
        lines[at] = lines[at].clone().patch_style(theme.focus);
    }
    // Keep the highlighted line a third of the way down, then the manual offset.
    let inner = area.height.saturating_sub(2) as usize;
    let follow = focus_line.map_or(0, |at| at.saturating_sub(inner / 3)) as u16;
    // Never past the content: the last page at most, never a blank pane.
    let last_page = u16::try_from(lines.len().saturating_sub(inner)).unwrap_or(u16::MAX);
    let scroll = follow.saturating_add(scroll).min(last_page);
    let title = if app.reveal_secrets() {
        "Request (secrets shown)"
    } else {
        "Request"
    };
    // A line wider than the pane ends in `…` (the export has it whole).
    let width = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = lines.into_iter().map(|l| cut_line(l, width)).collect();
    frame.render_widget(
        safe::paragraph(lines)
            .scroll((scroll, 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

/// The call (its operation and which call of that operation) and member
/// path of the field being edited or focused, if it is a member of a
/// request (virtual fields are not); on a list, the focused entry's call.
fn focused_member(app: &App) -> Option<(String, usize, String)> {
    use crate::app::plan_steps;
    let path = match app.editor().as_ref().map(|e| &e.target) {
        Some(crate::app::editor::EditTarget::Field(field)) => field.path,
        _ if plan_steps::shows_list(app) => return plan_steps::list_focus(app),
        _ => crate::app::form::focused(app)?.path,
    };
    if path.starts_with("wizard.") {
        return None;
    }
    if let Some(call) = plan_steps::focused_call(path) {
        return Some(call);
    }
    Some(match path.strip_prefix("SetUserPoolMfaConfig.") {
        Some(rest) => ("SetUserPoolMfaConfig".to_owned(), 0, rest.to_owned()),
        None => ("CreateUserPool".to_owned(), 0, path.to_owned()),
    })
}

/// `line` cut to `width` columns with `…` as its last, when it is wider.
fn cut_line<'a>(line: Line<'a>, width: usize) -> Line<'a> {
    if line.width() <= width || width == 0 {
        return line;
    }
    let mut left = width - 1;
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let text: String = span.content.chars().take(left).collect();
        left -= text.chars().count();
        spans.push(Span::styled(text, span.style));
    }
    spans.push(Span::raw("…"));
    Line::from(spans).style(line.style)
}

/// `text` cut to at most `width` characters, with `…` where it was cut.
pub fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// `text` padded or cut (with an ellipsis and a space) to exactly `width`
/// columns.
fn fit(text: &str, width: usize) -> String {
    format!("{:<width$}", cut(text, width.saturating_sub(1)))
}
