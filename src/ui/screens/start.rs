//! The Start screen.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::App;
use crate::ui::safe;

use super::super::theme::Theme;
use super::intro;

pub fn start(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
    frame.render_widget(safe::paragraph(lines).scroll((scroll, 0)), rows[1]);
}
