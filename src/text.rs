//! Plain-text layout shared by the app and the drawing code: where the app
//! needs to know how many rows a text takes (to bound a scroll), it counts
//! the same rows the screen draws.

/// `1 row`, `2 rows`: a count with its noun (an `s` for any count but one).
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `text` in rows of at most `width` columns, broken between words (a word
/// longer than a row is cut into pieces); never empty.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut rows = vec![String::new()];
    for word in text.split(' ') {
        let mut word: &str = word;
        loop {
            let row = rows.last_mut().expect("never empty");
            let used = row.chars().count();
            let room = if used == 0 {
                width
            } else {
                width.saturating_sub(used + 1)
            };
            let len = word.chars().count();
            if len <= room {
                if used > 0 {
                    row.push(' ');
                }
                row.push_str(word);
                break;
            }
            if used > 0 {
                rows.push(String::new());
                continue;
            }
            let cut = word
                .char_indices()
                .nth(width)
                .map_or(word.len(), |(i, _)| i);
            row.push_str(&word[..cut]);
            word = &word[cut..];
            rows.push(String::new());
        }
    }
    rows
}

#[cfg(test)]
mod count_tests {
    #[test]
    fn one_row_and_many_rows() {
        assert_eq!(super::count(1, "row"), "1 row");
        assert_eq!(super::count(0, "row"), "0 rows");
        assert_eq!(super::count(2, "invalid row"), "2 invalid rows");
    }
}
