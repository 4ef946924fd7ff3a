//! The attributes table.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row as TableRow, Table, Wrap};
use ratatui::Frame;

use crate::app::attributes::{self, Row, COLUMNS};
use crate::app::App;
use crate::ui::safe;

use super::super::theme::Theme;
use super::{intro, more_line, window_rows, wrapped};

pub fn attributes_table(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let rows = attributes::rows(app.doc());
    let notes = notes(app, theme, &rows);
    let intro_rows = crate::ui::layout::intro_height(app, area);
    let notes_rows = notes_height(&notes, area, intro_rows);
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(intro_rows),
            Constraint::Min(3),
            Constraint::Length(notes_rows),
        ],
    )
    .split(area);
    intro(frame, app, theme, parts[0]);
    let screen = app.attributes();
    let height = parts[1].height.saturating_sub(1) as usize;
    let visible = window_rows(rows.len(), height);
    let first = screen.row.saturating_sub(visible.saturating_sub(1));
    let shown = rows.len().saturating_sub(first).min(visible);
    let body: Vec<TableRow> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(r, row)| {
            // The add row is one line across the columns (drawn below).
            if matches!(row, Row::Add) {
                return TableRow::new(Vec::<Cell>::new());
            }
            let cells: Vec<Cell> = (0..COLUMNS.len())
                .map(|c| {
                    let text = attributes::cell(app.doc(), row, c);
                    let style = if r == screen.row && c == screen.column {
                        theme.focus
                    } else if r == screen.row {
                        theme.accent
                    } else if matches!(row, Row::Add) {
                        theme.dim
                    } else {
                        Style::new()
                    };
                    Cell::from(safe::cell(&text)).style(style)
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
    let table = parts[1];
    if let Some(at) = rows[first..first + shown]
        .iter()
        .position(|r| matches!(r, Row::Add))
    {
        let text = attributes::cell(app.doc(), &Row::Add, 0);
        let style = if first + at == screen.row {
            theme.focus
        } else {
            theme.dim
        };
        let y = table.y + 1 + at as u16;
        frame.render_widget(
            safe::paragraph(Line::styled(text, style)),
            Rect::new(table.x, y, table.width, 1),
        );
    }
    if visible < height {
        let row = Rect::new(table.x, table.y + 1 + visible as u16, table.width, 1);
        let below = rows.len().saturating_sub(first + shown);
        more_line(frame, theme, row, first, below);
    }
    wrapped(
        frame,
        safe::paragraph(notes).wrap(Wrap { trim: true }),
        parts[2],
        0,
    );
}

/// Rows the notes under the table need, at least 3 and at most half of what
/// the intro leaves (the table scrolls to the focused row).
fn notes_height(notes: &[Line], area: Rect, intro_rows: u16) -> u16 {
    let needed = safe::paragraph(notes.to_vec())
        .wrap(Wrap { trim: true })
        .line_count(area.width) as u16;
    needed.clamp(3, (area.height.saturating_sub(intro_rows) / 2).max(3))
}

/// Under the table: the focused row's own problems (errors before warnings),
/// then a legend of the columns.
fn notes(app: &App, theme: &Theme, rows: &[Row]) -> Vec<Line<'static>> {
    let screen = app.attributes();
    let row_path = match &rows[screen.row.min(rows.len() - 1)] {
        Row::Standard { index: Some(i), .. } | Row::Custom(i) => Some(format!("Schema[{i}]")),
        _ => None,
    };
    let mut lines: Vec<Line> = app
        .problems()
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
    lines
}
