//! Syntax colouring for the JSON preview: one pass over a line of pretty JSON.

use ratatui::text::{Line, Span};

use super::theme::Theme;

/// Colours one line of `serde_json` pretty output. What serde leaves raw
/// that a terminal would act on (C1 controls, bidi overrides) is written
/// as JSON writes it (`\u009b`), as the exported file has it, so the
/// preview stays the JSON that is sent.
pub fn line(text: &str, theme: &Theme) -> Line<'static> {
    let text = crate::sanitize::json(text);
    let spans: Vec<Span<'static>> = coloured(&text, theme)
        .into_iter()
        .map(|s| Span::styled(s.content.into_owned(), s.style))
        .collect();
    Line::from(spans)
}

fn coloured<'a>(text: &'a str, theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let indent = text.len() - text.trim_start().len();
    spans.push(Span::raw(&text[..indent]));
    let rest = &text[indent..];
    // `"Key": value` or a bare value.
    if let Some(after_key) = key_end(rest) {
        spans.push(Span::styled(&rest[..after_key], theme.json_key));
        let value = &rest[after_key..];
        let colon = value.find(':').map_or(0, |i| i + 1);
        spans.push(Span::raw(&value[..colon]));
        spans.extend(value_spans(&value[colon..], theme));
    } else {
        spans.extend(value_spans(rest, theme));
    }
    spans
}

/// The end of a leading `"key"` when followed by `:`.
fn key_end(text: &str) -> Option<usize> {
    let end = string_end(text)?;
    text[end..].trim_start().starts_with(':').then_some(end)
}

/// The index after a leading JSON string.
fn string_end(text: &str) -> Option<usize> {
    if !text.starts_with('"') {
        return None;
    }
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i + 1),
            _ => escaped = false,
        }
    }
    None
}

fn value_spans<'a>(text: &'a str, theme: &Theme) -> Vec<Span<'a>> {
    let trimmed = text.trim_start();
    let lead = &text[..text.len() - trimmed.len()];
    let body_end = trimmed.trim_end_matches(',').len();
    let (body, tail) = trimmed.split_at(body_end);
    let style = if body.starts_with('"') {
        theme.json_string
    } else if body == "true" || body == "false" || body == "null" {
        theme.json_literal
    } else if body.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        theme.json_number
    } else {
        ratatui::style::Style::new()
    };
    vec![Span::raw(lead), Span::styled(body, style), Span::raw(tail)]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A C1 control or a bidi override, which serde writes raw, is shown
    /// as JSON escapes it (`\u009b`), so the preview stays valid JSON.
    #[test]
    fn controls_serde_leaves_raw_are_shown_as_json_escapes() {
        let theme = Theme::new(false);
        let line = line("  \"ClientName\": \"a\u{9b}31m\u{202e}b\"", &theme);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "  \"ClientName\": \"a\\u009b31m\\u202eb\"");
        let value: serde_json::Value =
            serde_json::from_str(&format!("{{{}}}", text.trim())).expect("valid JSON");
        assert_eq!(value["ClientName"], "a\u{9b}31m\u{202e}b");
    }

    #[test]
    fn splits_keys_and_values() {
        let theme = Theme::new(false);
        let line = line("  \"PoolName\": \"a \\\"b\\\"\",", &theme);
        let parts: Vec<&str> = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(
            parts,
            ["  ", "\"PoolName\"", ":", " ", "\"a \\\"b\\\"\"", ","]
        );
        assert_eq!(line.spans[1].style, theme.json_key);
        assert_eq!(line.spans[4].style, theme.json_string);
    }
}

/// The line of pretty-printed JSON `text` where the member at `path`
/// (`Policies.PasswordPolicy.MinimumLength`) is written: each key is looked
/// for after the line of its parent, one level deeper.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut found = None;
    for (depth, key) in path.split('.').enumerate() {
        let indent = " ".repeat(2 * (depth + 1));
        let needle = format!("{indent}\"{key}\":");
        let at = lines[from..].iter().position(|l| l.starts_with(&needle))? + from;
        found = Some(at);
        from = at + 1;
    }
    found
}

#[cfg(test)]
mod line_tests {
    use super::line_of;

    #[test]
    fn a_member_is_found_under_its_parents() {
        let text = "{\n  \"PoolName\": \"p\",\n  \"Policies\": {\n    \"PasswordPolicy\": {\n      \"MinimumLength\": 12,\n      \"RequireUppercase\": true\n    }\n  },\n  \"MinimumLength\": 1\n}";
        assert_eq!(line_of(text, "PoolName"), Some(1));
        assert_eq!(
            line_of(text, "Policies.PasswordPolicy.MinimumLength"),
            Some(4)
        );
        assert_eq!(line_of(text, "MinimumLength"), Some(8));
        assert_eq!(
            line_of(text, "Policies.PasswordPolicy.PasswordHistorySize"),
            None
        );
    }
}
