//! The Start screen.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Wrap;
use ratatui::Frame;

use crate::app::App;
use crate::ui::layout::{start_areas, start_scroll};
use crate::ui::safe;

use super::super::theme::Theme;
use super::{fit, intro};

pub fn start(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (top, list, detail) = start_areas(app, area);
    intro(frame, app, theme, top);
    let width = usize::from(list.width);
    let lines: Vec<Line> = app
        .start()
        .items
        .iter()
        .enumerate()
        .skip(start_scroll(app, list.height))
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
    if let Some(item) = app.start().items.get(app.start().selected) {
        frame.render_widget(
            safe::paragraph(Line::styled(item.label(), theme.dim)).wrap(Wrap { trim: true }),
            detail,
        );
    }
}
