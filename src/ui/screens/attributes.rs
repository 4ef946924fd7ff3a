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
use super::intro;

pub fn attributes_table(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(crate::ui::layout::intro_height(app, area)),
            Constraint::Min(3),
            Constraint::Length(3),
        ],
    )
    .split(area);
    intro(frame, app, theme, parts[0]);
    let rows = attributes::rows(app.doc());
    let screen = app.attributes();
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
    // The row's own problems first (errors before warnings), then a legend.
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
    frame.render_widget(safe::paragraph(lines).wrap(Wrap { trim: true }), parts[2]);
}
