//! The content area of each step, one module per kind of screen.

mod attributes;
mod form;
mod import;
mod invite;
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
        _ => form::form_step(frame, app, theme, area),
    }
    if let Some(editor) = &app.editor() {
        form::editor_box(frame, app, theme, area, editor);
    }
}

fn intro(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    frame.render_widget(
        safe::paragraph(Span::styled(help::step(app.step().key()), theme.dim))
            .wrap(Wrap { trim: true }),
        area,
    );
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
    let focus = focused_member(app);
    let mut focus_line = None;
    for (i, (operation, text)) in app.preview().iter().enumerate() {
        lines.push(Line::styled(
            format!("// call {} of {total}: {operation}", i + 1),
            theme.dim,
        ));
        let found = focus
            .as_ref()
            .filter(|(call, _)| call == operation)
            .and_then(|(_, path)| json::line_of(text, path));
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
    let title = if app.reveal_secrets() {
        "Request (secrets shown)"
    } else {
        "Request"
    };
    frame.render_widget(
        safe::paragraph(lines)
            .scroll((follow.saturating_add(scroll), 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

/// The call and member path of the field being edited or focused, if it
/// is a member of a request (virtual fields are not).
fn focused_member(app: &App) -> Option<(String, String)> {
    let path = match app.editor().as_ref().map(|e| &e.target) {
        Some(crate::app::editor::EditTarget::Field(field)) => field.path,
        _ => crate::app::form::focused(app)?.path,
    };
    if path.starts_with("wizard.") {
        return None;
    }
    Some(match path.strip_prefix("SetUserPoolMfaConfig.") {
        Some(rest) => ("SetUserPoolMfaConfig".to_owned(), rest.to_owned()),
        None => ("CreateUserPool".to_owned(), path.to_owned()),
    })
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
