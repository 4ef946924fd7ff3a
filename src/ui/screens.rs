//! The content area of each step.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row as TableRow, Table, Wrap};
use ratatui::Frame;

use crate::app::attributes::{self, Row, COLUMNS};
use crate::app::editor::EditTarget;
use crate::app::fields::{FieldKind, StepId};
use crate::app::review::Pane;
use crate::app::{binding, form, help, App, Outcome};
use crate::model::template;
use crate::problem::Severity;

use super::json;
use super::layout::{form_area, form_lines, form_scroll, FormLine};
use super::theme::Theme;

const LABEL_WIDTH: usize = 30;

pub fn content(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    match app.step {
        StepId::Start => start(frame, app, theme, area),
        StepId::Attributes => attributes_table(frame, app, theme, area),
        StepId::Review => review(frame, app, theme, area),
        StepId::Result => result(frame, app, theme, area),
        StepId::Invite => invite(frame, app, theme, area),
        _ => form_step(frame, app, theme, area),
    }
    if let Some(editor) = &app.editor {
        editor_box(frame, app, theme, area, editor);
    }
}

fn intro(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    frame.render_widget(
        Paragraph::new(Span::styled(help::step(app.step.key()), theme.dim))
            .wrap(Wrap { trim: true }),
        area,
    );
}

fn start(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let rows = Layout::new(
        Direction::Vertical,
        [Constraint::Length(3), Constraint::Min(3)],
    )
    .split(area);
    intro(frame, app, theme, rows[0]);
    let lines: Vec<Line> = app
        .start
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let style = if i == app.start.selected {
                theme.focus
            } else {
                Style::new()
            };
            Line::styled(item.label(), style)
        })
        .collect();
    let scroll = app
        .start
        .selected
        .saturating_sub(rows[1].height.saturating_sub(1) as usize) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), rows[1]);
}

fn form_step(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (top, list, bottom) = form_area(area);
    intro(frame, app, theme, top);
    let lines = form_lines(app);
    let start = form_scroll(app, &lines, list.height as usize);
    let focused = form::focused(app);
    let cursor = form::cursor(app);
    let fields = app.step.fields();
    let rendered: Vec<Line> = lines
        .iter()
        .skip(start)
        .take(list.height as usize)
        .map(|line| match line {
            FormLine::Field(i) => {
                let field = &fields[*i];
                let is_focus = focused == Some(field);
                let mut label = help::title(field.path);
                if help::field(field.path).is_some_and(|h| h.create_only) {
                    label.push_str(" ⚑");
                }
                let label = fit(&label, LABEL_WIDTH);
                let value = form::display(app, field);
                let value_span = match field.kind {
                    FieldKind::Set(values) if is_focus => {
                        return set_line(label, values, app, field, cursor.part, theme)
                    }
                    _ if is_focus => Span::styled(value, theme.focus),
                    _ => Span::raw(value),
                };
                let marker = if is_focus { "▶ " } else { "  " };
                Line::from(vec![
                    Span::styled(marker, theme.accent),
                    Span::styled(label, theme.accent),
                    value_span,
                ])
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
            FormLine::Problem { problem, .. } => {
                let p = &app.problems[*problem];
                let style = if p.severity == Severity::Error {
                    theme.error
                } else {
                    theme.warning
                };
                let mark = if p.severity == Severity::Error {
                    "✗"
                } else {
                    "!"
                };
                Line::styled(format!("      {mark} {}", p.message), style)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rendered), list);
    if let Some(field) = focused {
        let problems: Vec<Line> = form::problems_at(app, app.step, field)
            .into_iter()
            .map(|p| {
                let (mark, style) = if p.is_error() {
                    ("✗", theme.error)
                } else {
                    ("!", theme.warning)
                };
                Line::styled(format!("{mark} {}", p.message), style)
            })
            .collect();
        field_help(frame, app, theme, bottom, field.path, problems);
    }
}

fn set_line<'a>(
    label: String,
    values: &[&str],
    app: &App,
    field: &crate::app::fields::FieldSpec,
    part: usize,
    theme: &Theme,
) -> Line<'a> {
    let chosen: Vec<String> = match binding::get(&app.doc, field.path) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let mut spans = vec![
        Span::styled("▶ ", theme.accent),
        Span::styled(label, theme.accent),
    ];
    for (i, value) in values.iter().enumerate() {
        let mark = if chosen.iter().any(|c| c == value) {
            "[x]"
        } else {
            "[ ]"
        };
        let style = if i == part { theme.focus } else { Style::new() };
        spans.push(Span::styled(format!("{mark} {value}"), style));
        spans.push(Span::raw("  "));
    }
    Line::from(spans)
}

/// The box under a form: the focused field's problems in full, its help and
/// what it allows.
fn field_help(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    path: &str,
    problems: Vec<Line>,
) {
    let help_text = help::field(path)
        .map(|h| h.help.clone())
        .unwrap_or_default();
    let allowed = help::allowed(path);
    let mut lines = problems;
    lines.push(Line::raw(help_text));
    if !allowed.is_empty() {
        lines.push(Line::styled(format!("Allowed: {allowed}"), theme.dim));
    }
    if path == "EmailConfiguration.EmailSendingAccount" {
        if let Some(h) = help::field("wizard.delivery.cognitoDefaultLimit") {
            lines.push(Line::styled(h.help.clone(), theme.warning));
        }
    }
    if template::kind_of(path).is_some() {
        let text = binding::get_text(&app.doc, path);
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
        let tier = binding::get_text(&app.doc, "UserPoolTier");
        let tier = if tier.is_empty() {
            "ESSENTIALS".to_owned()
        } else {
            tier
        };
        if let Some(h) = help::field(&format!("wizard.tier.{tier}")) {
            lines.push(Line::styled(h.help.clone(), theme.accent));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::TOP)
                .title(help::title(path)),
        ),
        area,
    );
}

fn editor_box(
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
        .title(format!(
            "{title} — {}",
            if editor.multiline {
                "Tab done, Esc undo"
            } else {
                "Enter done, Esc undo"
            }
        ))
        .border_style(theme.accent);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(path) = path.filter(|p| editor.multiline && template::kind_of(p).is_some()) else {
        frame.render_widget(&editor.textarea, inner);
        return;
    };
    // Templates: the text, and beside it the message as a user gets it.
    let halves = Layout::new(
        Direction::Horizontal,
        [Constraint::Percentage(55), Constraint::Percentage(45)],
    )
    .split(inner);
    frame.render_widget(&editor.textarea, halves[0]);
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
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::LEFT)),
        halves[1],
    );
}

fn attributes_table(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(3),
        ],
    )
    .split(area);
    intro(frame, app, theme, parts[0]);
    let rows = attributes::rows(&app.doc);
    let screen = app.attributes;
    let visible = parts[1].height.saturating_sub(1) as usize;
    let first = screen.row.saturating_sub(visible.saturating_sub(1));
    let body: Vec<TableRow> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(r, row)| {
            let cells: Vec<Cell> = (0..COLUMNS.len())
                .map(|c| {
                    let text = attributes::cell(&app.doc, row, c);
                    let style = if r == screen.row && c == screen.column {
                        theme.focus
                    } else if r == screen.row {
                        theme.accent
                    } else if matches!(row, Row::Add) {
                        theme.dim
                    } else {
                        Style::new()
                    };
                    Cell::from(text).style(style)
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    let header = TableRow::new(COLUMNS.iter().map(|c| Cell::from(*c).style(theme.title)));
    let widths = [
        Constraint::Length(20),
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(4),
    ];
    frame.render_widget(Table::new(body, widths).header(header), parts[1]);
    // The row's own problems first (errors before warnings), then a legend.
    let row_path = match &rows[screen.row.min(rows.len() - 1)] {
        Row::Standard { index: Some(i), .. } | Row::Custom(i) => Some(format!("Schema[{i}]")),
        _ => None,
    };
    let mut lines: Vec<Line> = app
        .problems
        .iter()
        .filter(|p| {
            row_path.as_deref().is_some_and(|r| p.is_within(r))
                || (p.path == "Schema" && p.is_error())
        })
        .take(2)
        .map(|p| {
            let style = if p.is_error() {
                theme.error
            } else {
                theme.warning
            };
            Line::styled(
                format!("{} {}", if p.is_error() { "✗" } else { "!" }, p.message),
                style,
            )
        })
        .collect();
    lines.push(Line::styled(
        "Req required at sign-up · Mut users may change it · Dev only your back end may set it · ⚑ fixed once created",
        theme.dim,
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), parts[2]);
}

pub fn preview_pane(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, scroll: u16) {
    let mut lines = Vec::new();
    if app.step == StepId::Invite {
        lines.push(Line::styled("// AdminCreateUser", theme.dim));
        lines.extend(app.invite.preview.lines().map(|l| json::line(l, theme)));
        frame.render_widget(
            Paragraph::new(lines)
                .scroll((scroll, 0))
                .block(Block::default().borders(Borders::ALL).title("Request")),
            area,
        );
        return;
    }
    let total = app.preview.len();
    for (i, (operation, text)) in app.preview.iter().enumerate() {
        lines.push(Line::styled(
            format!("// call {} of {total}: {operation}", i + 1),
            theme.dim,
        ));
        lines.extend(text.lines().map(|l| json::line(l, theme)));
    }
    let title = if app.reveal_secrets {
        "Request (secrets shown)"
    } else {
        "Request"
    };
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

fn review(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let direction = if area.width >= 100 {
        Direction::Horizontal
    } else {
        Direction::Vertical
    };
    let halves = Layout::new(
        direction,
        [Constraint::Percentage(40), Constraint::Percentage(60)],
    )
    .split(area);
    let screen = app.review;
    let problems: Vec<Line> = if app.problems.is_empty() {
        vec![Line::styled("No problems: ready to submit (s).", theme.ok)]
    } else {
        app.problems
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
    let errors = app.problems.iter().filter(|p| p.is_error()).count();
    let title = format!(
        "Problems: {errors} error(s), {} warning(s){}",
        app.problems.len() - errors,
        if screen.pane == Pane::Problems {
            " ◆"
        } else {
            ""
        }
    );
    let offset = screen
        .selected
        .saturating_sub(halves[0].height.saturating_sub(3) as usize) as u16;
    frame.render_widget(
        Paragraph::new(problems)
            .scroll((offset, 0))
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title)),
        halves[0],
    );
    preview_pane(frame, app, theme, halves[1], screen.scroll);
}

fn result(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lines = match &app.outcome {
        Some(Outcome::Created(pool)) => vec![
            Line::styled("The user pool was created.", theme.ok),
            Line::raw(""),
            Line::raw(format!("Id:   {}", pool.id)),
            Line::raw(format!("Arn:  {}", pool.arn.as_deref().unwrap_or("-"))),
            Line::raw(format!("Name: {}", pool.name.as_deref().unwrap_or("-"))),
            Line::raw(""),
            Line::raw("Next: invite users (i), start another pool (n), or quit (q)."),
        ],
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
            if let Some(pool) = &failure.created {
                lines.push(Line::raw(""));
                lines.push(Line::raw(format!(
                    "The pool {} was created; a retry only repeats the failed call.",
                    pool.id
                )));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "Your draft is intact. Retry (r), or go back to the review (e).",
            ));
            lines
        }
        None => vec![Line::raw("Nothing submitted yet.")],
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title("Result")),
        area,
    );
}

/// `text` padded or cut (with an ellipsis) to exactly `width` columns.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() < width {
        format!("{text:<width$}")
    } else {
        let cut: String = text.chars().take(width - 2).collect();
        format!("{cut}… ")
    }
}

fn invite(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let screen = &app.invite;
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(5),
        ],
    )
    .split(area);
    let policy = screen.facts.as_ref().map(|f| {
        let p = &f.password_policy;
        let mut needs = vec![format!("≥{}", p.minimum_length.unwrap_or(8))];
        for (on, what) in [
            (p.require_uppercase, "upper"),
            (p.require_lowercase, "lower"),
            (p.require_numbers, "digit"),
            (p.require_symbols, "symbol"),
        ] {
            if on {
                needs.push(what.to_owned());
            }
        }
        needs.join(" ")
    });
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled("Pool ", theme.dim),
                Span::styled(screen.pool_id.clone(), theme.accent),
                Span::styled(
                    format!(
                        "   passwords: {}",
                        policy.unwrap_or_else(|| "unknown".into())
                    ),
                    theme.dim,
                ),
            ]),
            Line::styled("* required by the pool", theme.dim),
        ]),
        parts[0],
    );
    let mut lines = Vec::new();
    for i in 0..screen.fields.len() {
        let focus = i == screen.focus;
        let label = fit(&screen.label(i), LABEL_WIDTH);
        let value = screen.display(i, app.reveal_secrets);
        lines.push(Line::from(vec![
            Span::styled(if focus { "▶ " } else { "  " }, theme.accent),
            Span::styled(label, theme.accent),
            Span::styled(value, if focus { theme.focus } else { Style::new() }),
        ]));
        for p in screen.problems_at(i) {
            let style = if p.is_error() {
                theme.error
            } else {
                theme.warning
            };
            lines.push(Line::styled(
                format!(
                    "      {} {}",
                    if p.is_error() { "✗" } else { "!" },
                    p.message
                ),
                style,
            ));
        }
    }
    let focus_line = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == "▶ "))
        .unwrap_or(0);
    let scroll = focus_line.saturating_sub(parts[1].height.saturating_sub(2) as usize) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), parts[1]);
    let last: Vec<Line> = match &screen.last {
        None => vec![Line::styled(
            "s sends the invitation; g generates a password that fits the policy",
            theme.dim,
        )],
        Some(Ok(user)) => vec![
            Line::styled(
                format!(
                    "✓ Invited {}: {}{}",
                    user.username,
                    user.status.as_deref().unwrap_or("created"),
                    if user.enabled { ", enabled" } else { "" }
                ),
                theme.ok,
            ),
            Line::raw(
                user.attributes
                    .iter()
                    .filter(|(k, _)| k != "sub")
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("  "),
            ),
        ],
        Some(Err(error)) => {
            let mut lines = vec![Line::styled(
                format!("✗ {}", error.code.as_deref().unwrap_or("Failed")),
                theme.error,
            )];
            lines.push(Line::raw(error.message.clone()));
            if let Some(hint) = &error.hint {
                lines.push(Line::styled(format!("What to do: {hint}"), theme.warning));
            }
            lines
        }
    };
    frame.render_widget(
        Paragraph::new(last).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::TOP)
                .title("Last invitation"),
        ),
        parts[2],
    );
}
