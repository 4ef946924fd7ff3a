//! Form steps: fields with their values, problems and help; the editor.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Wrap};
use ratatui::Frame;

use crate::app::attributes::COLUMNS;
use crate::app::editor::EditTarget;
use crate::app::fields::FieldKind;
use crate::app::{form, help, App};
use crate::model::template;
use crate::problem::Severity;
use crate::ui::safe;

use super::super::layout::{
    form_area, form_lines, form_window, problem_rows, problem_text, set_indent, FormLine,
    PROBLEM_INDENT,
};
use super::super::theme::Theme;
use super::{cut, fit, intro, more_line, wrapped, LABEL_WIDTH};

pub fn form_step(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (top, list, bottom) = form_area(app, area);
    intro(frame, app, theme, top);
    let lines = form_lines(app);
    let (start, rows) = form_window(app, &lines, list.height as usize);
    let focused = form::focused(app);
    let cursor = form::cursor(app);
    let fields = app.fields();
    let rendered: Vec<Line> = lines
        .iter()
        .skip(start)
        .take(rows)
        .map(|line| match line {
            FormLine::Field(i) => {
                let field = &fields[*i];
                let is_focus = focused == Some(field);
                let mut label = help::title(field.path);
                if help::field(field.path).is_some_and(|h| h.create_only) {
                    label.push_str(" ⚑");
                }
                let label = fit(&label, LABEL_WIDTH);
                // A value longer than its column ends in `…`: the editor
                // shows it whole.
                let room = (list.width as usize).saturating_sub(2 + LABEL_WIDTH);
                let value = cut(&form::display(app, field), room);
                let marker = if is_focus { "▶ " } else { "  " };
                let value_span = match field.kind {
                    FieldKind::Set(values) => {
                        // The first row ends where the layout's next row starts.
                        let to = lines
                            .iter()
                            .find_map(|l| match l {
                                FormLine::SetRow { field, from, .. } if field == i => Some(*from),
                                _ => None,
                            })
                            .unwrap_or(values.len());
                        let lead = vec![
                            Span::styled(marker, theme.accent),
                            Span::styled(label, theme.accent),
                        ];
                        let part = is_focus.then_some(cursor.part);
                        return set_line(lead, values, 0..to, app, field, part, theme);
                    }
                    _ if is_focus => Span::styled(value, theme.focus),
                    _ => Span::raw(value),
                };
                Line::from(vec![
                    Span::styled(marker, theme.accent),
                    Span::styled(label, theme.accent),
                    value_span,
                ])
            }
            FormLine::SetRow { field, from, to } => {
                let spec = &fields[*field];
                let FieldKind::Set(values) = spec.kind else {
                    return Line::raw("");
                };
                let lead = vec![Span::raw(" ".repeat(set_indent(app, values)))];
                let part = (focused == Some(spec)).then_some(cursor.part);
                set_line(lead, values, *from..*to, app, spec, part, theme)
            }
            FormLine::MapEntry { field, part } => {
                let spec = &fields[*field];
                let entries = form::map_entries(app, spec.path);
                let text = match entries.get(*part) {
                    Some((k, v)) => format!("{k} = {v}"),
                    None => "+ add (a)".to_owned(),
                };
                let selected = focused == Some(spec) && cursor.part == *part;
                Line::from(vec![
                    Span::raw(format!("{:width$}", "", width = LABEL_WIDTH + 4)),
                    Span::styled(text, if selected { theme.focus } else { theme.dim }),
                ])
            }
            FormLine::Problem {
                field,
                problem,
                row,
            } => {
                let p = &app.problems()[*problem];
                let style = if p.severity == Severity::Error {
                    theme.error
                } else {
                    theme.warning
                };
                let rows = problem_rows(app, &fields[*field], p);
                let text = rows.get(*row).map_or("", String::as_str);
                // Continuation rows line up with the text after the mark.
                let indent = if *row == 0 {
                    PROBLEM_INDENT
                } else {
                    PROBLEM_INDENT + 2
                };
                Line::styled(format!("{:indent$}{text}", ""), style)
            }
        })
        .collect();
    frame.render_widget(safe::paragraph(rendered), list);
    if rows < list.height as usize {
        let below = lines.len().saturating_sub(start + rows);
        let row = Rect::new(list.x, list.y + rows as u16, list.width, 1);
        more_line(frame, theme, row, start, below);
    }
    if let Some((path, lines)) = focused_help(app, theme) {
        field_help(frame, bottom, path, lines);
    }
}

/// What the box under a form says about the focused field (see
/// [`help_lines`]), with the field's path; `None` when nothing is focused.
/// The layout measures the same lines to size the box.
pub fn focused_help(app: &App, theme: &Theme) -> Option<(&'static str, Vec<Line<'static>>)> {
    let field = form::focused(app)?;
    let mut problems: Vec<Line> = form::problems_at(app, app.step(), field)
        .into_iter()
        .map(|p| {
            let style = if p.is_error() {
                theme.error
            } else {
                theme.warning
            };
            Line::styled(problem_text(field, p), style)
        })
        .collect();
    if let Some(reason) = crate::app::change::read_only_reason(app, field.path) {
        problems.push(Line::styled(format!("read-only: {reason}"), theme.warning));
    }
    Some((field.path, help_lines(app, theme, field.path, problems)))
}

/// One row of a set's options (`range`), after `lead` (the marker and label,
/// or the indent of a continuation row); `part`, when focused, is the option
/// under the cursor.
pub fn set_line<'a>(
    lead: Vec<Span<'a>>,
    values: &[&str],
    range: std::ops::Range<usize>,
    app: &App,
    field: &crate::app::fields::FieldSpec,
    part: Option<usize>,
    theme: &Theme,
) -> Line<'a> {
    let chosen: Vec<String> = match app.json().get(field.path) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let mut spans = lead;
    for (i, value) in values.iter().enumerate().take(range.end).skip(range.start) {
        let mark = if chosen.iter().any(|c| c == value) {
            "[x]"
        } else {
            "[ ]"
        };
        let style = if part == Some(i) {
            theme.focus
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!("{mark} {value}"), style));
        spans.push(Span::raw("  "));
    }
    Line::from(spans)
}

/// The box under a form: the focused field's problems in full, its help and
/// what it allows. The layout gives it the rows these lines need; on a screen
/// too short for all of them the last row ends in `…`, so a cut is visible.
pub fn field_help(frame: &mut Frame, area: Rect, path: &str, lines: Vec<Line>) {
    let block = Block::default()
        .borders(Borders::TOP)
        .title(help::title(path));
    let paragraph = safe::paragraph(lines)
        .wrap(Wrap { trim: true })
        .block(block);
    wrapped(frame, paragraph, area, 1);
}

/// The lines of the help box: problems first, then what is specific to this
/// value (limits, the rendered sample, what the plan unlocks), then the
/// general help and what it allows.
pub fn help_lines(
    app: &App,
    theme: &Theme,
    path: &str,
    problems: Vec<Line<'static>>,
) -> Vec<Line<'static>> {
    let help_text = help::field(path)
        .map(|h| h.help.clone())
        .unwrap_or_default();
    let allowed = help::allowed(path);
    let mut lines = problems;
    if path == "EmailConfiguration.EmailSendingAccount" {
        if let Some(h) = help::field("wizard.delivery.cognitoDefaultLimit") {
            lines.push(Line::styled(h.help.clone(), theme.warning));
        }
    }
    if template::kind_of(path).is_some() {
        let text = app.json().text(path);
        if !text.is_empty() {
            let sample = template::render_sample(&text).replace('\n', " ⏎ ");
            lines.push(Line::styled(format!("As sent: {sample}"), theme.accent));
            let checks: Vec<String> = template::checks(path, &text)
                .into_iter()
                .map(|(ok, what)| format!("{} {what}", if ok { "✓" } else { "✗" }))
                .collect();
            if !checks.is_empty() {
                lines.push(Line::styled(checks.join("  "), theme.dim));
            }
        }
    }
    if path == "UserPoolTier" {
        let tier = app.json().text("UserPoolTier");
        let tier = if tier.is_empty() {
            crate::model::defaults::member("UserPoolTier")
                .unwrap_or_default()
                .to_owned()
        } else {
            tier
        };
        if let Some(h) = help::field(&format!("wizard.tier.{tier}")) {
            lines.push(Line::styled(h.help.clone(), theme.accent));
        }
    }
    lines.push(Line::raw(help_text));
    if !allowed.is_empty() {
        lines.push(Line::styled(format!("Allowed: {allowed}"), theme.dim));
    }
    lines
}

/// The keys of the editor, from the keymap that handles them: one-line and
/// multi-line text say (and do) the same for Tab and Esc.
fn editor_keys(editor: &crate::app::editor::Editor) -> String {
    crate::app::keymap::footer(editor.context())
        .into_iter()
        .map(|(key, hint)| format!("{key} {hint}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn editor_box(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    editor: &crate::app::editor::Editor,
) {
    let (title, path) = match &editor.target {
        EditTarget::Field(f) => (help::title(f.path), Some(f.path)),
        EditTarget::MapEntry { field, .. } => {
            (format!("{} (key=value)", help::title(field.path)), None)
        }
        EditTarget::SchemaCell { column, .. } => (
            format!("Custom attribute {}", COLUMNS[*column].to_lowercase()),
            None,
        ),
        EditTarget::Invite(_) => ("Invite".to_owned(), None),
    };
    let height = if editor.multiline {
        area.height.saturating_sub(2).max(8)
    } else {
        3
    };
    let rect = Rect::new(
        area.x,
        area.y + area.height.saturating_sub(height),
        area.width,
        height,
    );
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!("{title} — {}", editor_keys(editor)))
        .border_style(theme.accent);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(path) = path.filter(|p| editor.multiline && template::kind_of(p).is_some()) else {
        frame.render_widget(&*safe::textarea(&editor.textarea), inner);
        return;
    };
    // Templates: the text, and beside it the message as a user gets it.
    let halves = Layout::new(
        Direction::Horizontal,
        [Constraint::Percentage(55), Constraint::Percentage(45)],
    )
    .split(inner);
    frame.render_widget(&*safe::textarea(&editor.textarea), halves[0]);
    let text = editor.text();
    let mut lines = vec![Line::styled("As the user sees it:", theme.accent)];
    lines.extend(
        template::render_sample(&text)
            .lines()
            .map(|l| Line::raw(l.to_owned())),
    );
    lines.push(Line::raw(""));
    for (ok, what) in template::checks(path, &text) {
        lines.push(Line::styled(
            format!("{} {what}", if ok { "✓" } else { "✗" }),
            if ok { theme.ok } else { theme.error },
        ));
    }
    let _ = app;
    frame.render_widget(
        safe::paragraph(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::LEFT)),
        halves[1],
    );
}
