//! The Start screen.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Wrap;
use ratatui::Frame;

use crate::app::App;
use crate::ui::layout::{start_areas, start_window};
use crate::ui::safe;

use super::super::theme::Theme;
use super::{fit, intro, more_line};

pub fn start(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (top, list, detail) = start_areas(app, area);
    intro(frame, app, theme, top);
    let width = usize::from(list.width);
    let items = &app.start().items;
    let (first, rows) = start_window(app, list.height);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, item)| {
            let style = if i == app.start().selected {
                theme.focus
            } else {
                Style::new()
            };
            Line::styled(fit(&item.label(), width), style)
        })
        .collect();
    frame.render_widget(safe::paragraph(lines), list);
    if rows < usize::from(list.height) {
        let row = Rect::new(list.x, list.y + rows as u16, list.width, 1);
        let below = items.len().saturating_sub(first + rows);
        more_line(frame, theme, row, first, below);
    }
    // The selected item in full below, when the list had to cut it.
    if let Some(item) = items.get(app.start().selected) {
        let label = item.label();
        if label.chars().count() + 1 > width {
            frame.render_widget(
                safe::paragraph(Line::styled(label, theme.dim)).wrap(Wrap { trim: true }),
                detail,
            );
        }
    }
}
