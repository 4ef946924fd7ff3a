//! The import file, in the format Cognito's user import job reads.
//!
//! From "Formatting the .csv file" in the Amazon Cognito Developer Guide
//! (`cognito-user-pools-using-import-tool-csv-header`):
//!
//! * the first row is the header GetCSVHeader returns, every column of it
//!   present (the order does not matter; values may be empty);
//! * UTF-8 without a byte-order mark;
//! * string values are *not* put in quotation marks, and a comma inside a
//!   value is written with a backslash before it (`a\,b`): this is not
//!   ordinary CSV quoting;
//! * leading and trailing white space in a value is trimmed by the job;
//! * a row is at most 16,000 characters; a file at most 100 MB and 500,000
//!   rows (the header not counted).
//!
//! What that format cannot carry is refused per row ([`unwritable`]), never
//! changed: a line break (it would end the row), a value starting with a
//! quotation mark (a reader may take it for a quoted field), a backslash
//! before a comma or at the end of a value (the job would read it as the
//! escape of the comma that follows), and any other control character (C0,
//! DEL, C1, bidi: written raw, it would reach whoever reads the file or the
//! users' attributes in a terminal).

use std::io::{self, Write};

/// The most characters in one row of the import file.
pub const MAX_ROW_CHARS: usize = 16_000;
/// The most users (rows after the header) in one import file.
pub const MAX_ROWS: u64 = 500_000;
/// The largest import file, in bytes (100 MB, counted in decimal to stay under
/// the limit however the service counts).
pub const MAX_BYTES: u64 = 100_000_000;

/// The limits a file is split by; tests make them small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_rows: u64,
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_rows: MAX_ROWS,
            max_bytes: MAX_BYTES,
        }
    }
}

/// Why a value cannot be written to the import file as it is, if it cannot.
pub fn unwritable(value: &str) -> Option<&'static str> {
    if value.contains(['\n', '\r']) {
        return Some("contains a line break, which would end the row in the import file");
    }
    if value.starts_with('"') {
        return Some(
            "starts with a quotation mark; the import file takes values without quotation marks",
        );
    }
    if value.ends_with('\\') || value.contains("\\,") {
        return Some(
            "has a backslash before a comma or at its end, which the import job reads as an escaped comma",
        );
    }
    if value.chars().any(crate::sanitize::is_unsafe) {
        return Some(
            "contains a control character (an escape, a tab, a C1 or bidirectional control), which the import file does not carry: remove it",
        );
    }
    None
}

/// A value as the import file writes it: each comma with a backslash before it.
pub fn escape(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains(',') {
        value.replace(',', "\\,").into()
    } else {
        value.into()
    }
}

/// One row: the cells in header order, escaped, joined by commas (no line end).
pub fn row<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = String::new();
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&escape(cell));
    }
    line
}

/// Writes one import file: the header, then rows, each ended by `\n`.
/// Counts what it wrote, to split by the limits.
pub struct FileWriter<W: Write> {
    out: W,
    pub rows: u64,
    pub bytes: u64,
}

impl<W: Write> FileWriter<W> {
    /// Starts a file with the header (no byte-order mark).
    pub fn new(mut out: W, header: &[String]) -> io::Result<Self> {
        let line = row(header.iter().map(String::as_str));
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        Ok(Self {
            out,
            rows: 0,
            bytes: line.len() as u64 + 1,
        })
    }

    pub fn push(&mut self, line: &str) -> io::Result<()> {
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.rows += 1;
        self.bytes += line.len() as u64 + 1;
        Ok(())
    }

    pub fn into_inner(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_get_a_backslash_and_nothing_is_quoted() {
        assert_eq!(escape("1 Main St, Springfield"), "1 Main St\\, Springfield");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(
            row(["alice", "Smith, Jane", "", "say \"hi\""]),
            "alice,Smith\\, Jane,,say \"hi\""
        );
    }

    #[test]
    fn what_the_format_cannot_carry_is_named() {
        assert!(unwritable("two\nlines").is_some());
        assert!(unwritable("cr\rhere").is_some());
        assert!(unwritable("\"quoted\"").is_some());
        assert!(unwritable("ends\\").is_some());
        assert!(unwritable("a\\,b").is_some());
        for control in [
            "a\x1b[31mb",
            "tab\there",
            "c1\u{9b}",
            "rtl\u{202e}x",
            "del\x7f",
        ] {
            assert!(unwritable(control).is_some(), "{control:?}");
        }
        for fine in ["a,b", "back\\slash", "say \"hi\"", "ünïcödé", ""] {
            assert_eq!(unwritable(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn the_file_is_utf8_without_a_bom_header_first_one_row_a_line() {
        let header = vec!["cognito:username".to_owned(), "name".to_owned()];
        let mut w = FileWriter::new(Vec::new(), &header).unwrap();
        w.push(&row(["zoë", "Zoë, the first"])).unwrap();
        assert_eq!((w.rows, w.bytes), (1, 44));
        let bytes = w.into_inner().unwrap();
        assert!(!bytes.starts_with(b"\xef\xbb\xbf"));
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "cognito:username,name\nzoë,Zoë\\, the first\n"
        );
    }
}
