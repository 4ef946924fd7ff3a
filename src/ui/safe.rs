//! Every cell the UI draws goes through [`crate::sanitize`]: paragraphs are
//! built with [`paragraph`] (each span cleaned), table cells with [`cell`],
//! the text areas drawn from a cleaned copy ([`textarea`]), and [`guard`]
//! checks the finished frame so that nothing unsafe reaches the terminal even
//! from a widget missed here.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;
use tui_textarea::{CursorMove, TextArea};

use crate::sanitize::{self, is_unsafe};

/// `Paragraph::new` with every span cleaned.
pub fn paragraph<'a>(text: impl Into<Text<'a>>) -> Paragraph<'a> {
    Paragraph::new(clean_text(text.into()))
}

/// Every span of `text`, cleaned.
pub fn clean_text(mut text: Text<'_>) -> Text<'_> {
    for line in &mut text.lines {
        clean_line(line);
    }
    text
}

fn clean_line(line: &mut Line<'_>) {
    for span in &mut line.spans {
        clean_span(span);
    }
}

fn clean_span(span: &mut Span<'_>) {
    if let Cow::Owned(clean) = sanitize::clean(&span.content) {
        span.content = Cow::Owned(clean);
    }
}

/// A table cell's text, cleaned.
pub fn cell(text: &str) -> String {
    sanitize::clean(text).into_owned()
}

/// The text area as it should be drawn: itself when its text is safe, else a
/// copy holding the escaped text with the cursor on the same character.
pub fn textarea<'t, 'a>(area: &'t TextArea<'a>) -> Cow<'t, TextArea<'a>> {
    if !area.lines().iter().any(|l| l.chars().any(is_unsafe)) {
        return Cow::Borrowed(area);
    }
    let (row, col) = area.cursor();
    let lines: Vec<String> = area
        .lines()
        .iter()
        .map(|l| sanitize::escape_keeping_newlines(l).replace('\n', "\\n"))
        .collect();
    let prefix: String = area.lines()[row].chars().take(col).collect();
    let shown_col = sanitize::escape_keeping_newlines(&prefix).chars().count();
    let mut copy = area.clone();
    copy.select_all();
    copy.cut();
    copy.insert_str(lines.join("\n"));
    copy.move_cursor(CursorMove::Jump(
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(shown_col).unwrap_or(u16::MAX),
    ));
    Cow::Owned(copy)
}

/// The last net: a cell still holding an unsafe character (a widget not built
/// through this module) shows `�` instead.
pub fn guard(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        if cell.symbol().chars().any(is_unsafe) {
            cell.set_symbol("\u{fffd}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    #[test]
    fn a_paragraph_shows_escapes_and_the_guard_catches_the_rest() {
        let area = Rect::new(0, 0, 40, 2);
        let mut buffer = Buffer::empty(area);
        paragraph("a\x1b]0;pwned\x07\r\u{202e}z").render(area, &mut buffer);
        let row: String = (0..40)
            .map(|x| buffer[(x, 0)].symbol().to_owned())
            .collect();
        assert!(
            row.starts_with("a\\u{1b}]0;pwned\\u{7}\\r\\u{202e}z"),
            "{row}"
        );
        Paragraph::new("raw\rcr").render(Rect::new(0, 1, 40, 1), &mut buffer);
        guard(&mut buffer);
        assert!(buffer
            .content
            .iter()
            .all(|c| !c.symbol().chars().any(is_unsafe)));
    }

    #[test]
    fn a_text_area_is_drawn_escaped_with_its_cursor_in_place() {
        let mut area = TextArea::new(vec!["ab\rcd".to_owned()]);
        area.move_cursor(CursorMove::End);
        let shown = textarea(&area);
        assert_eq!(shown.lines(), ["ab\\rcd"]);
        assert_eq!(shown.cursor(), (0, 6));
        assert_eq!(area.lines(), ["ab\rcd"], "the value itself is kept");
    }
}
