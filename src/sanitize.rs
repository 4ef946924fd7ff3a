//! Text from outside, made safe to show. Pool names, attribute names, user
//! attributes, error messages, gateway pages, CSV headers, file paths and
//! whatever is typed into a field may hold control characters: drawn raw, an
//! escape sequence sets the clipboard (OSC 52), retitles the window or blanks
//! the screen, a `\r` leaves junk on it, and a bidi override makes text read
//! backwards. Everything shown (the UI's cells, standard error, reports) goes
//! through [`clean`], so none of them can drive the terminal.
//!
//! The convention is Rust's own `escape_debug`, the one `{:?}` already uses in
//! messages: `\t`, `\n`, `\r`, `\0`, and `\u{1b}` for any other C0, C1, DEL or
//! bidi control. Very long values are cut, ending in `…`.

use std::borrow::Cow;
use std::io::{self, Write};

/// The most characters [`clean`] keeps: far more than any screen line, few
/// enough that a megabyte-long gateway page cannot flood a report or a frame.
pub const LIMIT: usize = 1024;

/// `text` with every unsafe character escaped, cut at [`LIMIT`] characters.
pub fn clean(text: &str) -> Cow<'_, str> {
    clean_to(text, LIMIT)
}

/// [`clean`] with the cut at `max` characters (the ellipsis included).
pub fn clean_to(text: &str, max: usize) -> Cow<'_, str> {
    let long = text.len() > max && text.chars().nth(max).is_some();
    if !long && !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(max * 4) + 8);
    for (kept, c) in text.chars().enumerate() {
        if kept + 1 >= max && long {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// [`clean`] without the cut, and keeping line breaks: for multi-line text
/// whose every character must stay visible (a message template in its
/// editor, a line of our own output).
pub fn escape_keeping_newlines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// A file path as shown to the operator (standard error, screens, messages):
/// the one way paths are shown. A file name may hold a line break (which
/// would forge a second line of a one-line message), an escape or a bidi
/// control; they are shown escaped like any outside text. Not for text that
/// is edited and used as a path (a prompt's value).
pub fn path(path: &std::path::Path) -> String {
    clean_to(&path.to_string_lossy(), PATH_LIMIT).into_owned()
}

/// The most characters [`path`] keeps: Linux's PATH_MAX.
const PATH_LIMIT: usize = 4096;

/// Whether `c` can change what a terminal shows beyond its own glyph: C0, DEL
/// and C1 controls, and the bidi embedding, override, isolate and mark
/// characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi(c)
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.extend(c.escape_debug());
        // escape_debug leaves some bidi marks as they are; never here.
        if !out.ends_with('}') && !matches!(c, '\t' | '\n' | '\r' | '\0') {
            out.pop();
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    } else {
        out.push(c);
    }
}

/// JSON text with DEL, C1 and bidi controls written as `\uXXXX` escapes: the
/// same JSON value, safe to print. (`serde_json` escapes C0 already.)
pub fn json(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer for standard output and error: whatever reaches it, its unsafe
/// characters other than line breaks are escaped. The last net under the
/// messages, which are cleaned where they are made.
pub struct SafeWriter<W: Write>(pub W);

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0
            .write_all(escape_keeping_newlines(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible_escapes() {
        assert_eq!(
            clean("a\x1b]52;c;ZXZpbA==\x07b"),
            "a\\u{1b}]52;c;ZXZpbA==\\u{7}b"
        );
        assert_eq!(clean("\r\n\t\0"), "\\r\\n\\t\\0");
        assert_eq!(clean("x\u{9b}2J\u{7f}"), "x\\u{9b}2J\\u{7f}");
        assert_eq!(
            clean("\u{202e}evil\u{2066}\u{200e}\u{200f}"),
            "\\u{202e}evil\\u{2066}\\u{200e}\\u{200f}"
        );
        assert!(matches!(clean("plain ünïcode ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn paths_keep_one_line() {
        let name = std::path::Path::new("/tmp/r.csv\nerror: forged\x1b[2J");
        assert_eq!(path(name), "/tmp/r.csv\\nerror: forged\\u{1b}[2J");
        assert_eq!(path(std::path::Path::new("plain/ü.csv")), "plain/ü.csv");
    }

    #[test]
    fn long_values_are_cut_with_an_ellipsis() {
        let long = "é".repeat(5000);
        let cut = clean(&long);
        assert_eq!(cut.chars().count(), LIMIT);
        assert!(cut.ends_with('…'));
        assert_eq!(clean_to("abcdef", 4), "abc…");
        assert_eq!(clean_to("abcd", 4), "abcd");
    }

    #[test]
    fn json_keeps_the_value() {
        let text = serde_json::to_string("a\u{9b}\u{202e}\x1b").unwrap();
        let safe = json(&text);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}\u{202e}\x1b");
    }

    #[test]
    fn the_writer_escapes_all_but_line_breaks() {
        let mut out = SafeWriter(Vec::new());
        let title = "\u{9d}0;title\x07";
        writeln!(out, "error: \x1b[2J{title}").unwrap();
        assert_eq!(
            String::from_utf8(out.0).unwrap(),
            "error: \\u{1b}[2J\\u{9d}0;title\\u{7}\n"
        );
    }
}
