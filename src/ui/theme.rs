//! Colours, or none: with `NO_COLOR` set, emphasis uses only bold, reverse and
//! underline, so every state stays visible without colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub accent: Style,
    pub focus: Style,
    pub error: Style,
    pub warning: Style,
    pub dim: Style,
    pub key: Style,
    pub ok: Style,
    pub json_key: Style,
    pub json_string: Style,
    pub json_number: Style,
    pub json_literal: Style,
}

impl Theme {
    pub fn new(no_color: bool) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if no_color {
            return Self {
                title: bold,
                accent: bold,
                focus: Style::new().add_modifier(Modifier::REVERSED),
                error: bold.add_modifier(Modifier::UNDERLINED),
                warning: Style::new().add_modifier(Modifier::UNDERLINED),
                dim: Style::new(),
                key: bold,
                ok: bold,
                json_key: bold,
                json_string: Style::new(),
                json_number: Style::new(),
                json_literal: Style::new(),
            };
        }
        Self {
            title: bold.fg(Color::Cyan),
            accent: Style::new().fg(Color::Cyan),
            focus: Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red),
            warning: Style::new().fg(Color::Yellow),
            dim: Style::new().fg(Color::DarkGray),
            key: bold.fg(Color::Cyan),
            ok: bold.fg(Color::Green),
            json_key: Style::new().fg(Color::Cyan),
            json_string: Style::new().fg(Color::Green),
            json_number: Style::new().fg(Color::Magenta),
            json_literal: Style::new().fg(Color::Yellow),
        }
    }
}
