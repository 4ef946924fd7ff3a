//! Plain words for the model's patterns. The patterns themselves come from the
//! table; this only says, for each one the model uses, what it allows, so a
//! refusal reads "may contain only letters, digits, spaces and _ + = , . @ -;
//! found 'é'" instead of a regular expression. A test fails when the model
//! gains a pattern that has no words here.

use super::java_regex::JavaPattern;

const ARN: &str = r"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?";

/// What a pattern allows, in a few words; `None` for a pattern not described yet.
pub fn describe(java: &str) -> Option<&'static str> {
    let words = match java {
        r"[\w\s+=,.@-]+" => "letters, digits, spaces and _ + = , . @ - (ASCII only)",
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+" => "visible characters, no spaces",
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+" | r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*" => {
            "text: letters, marks, symbols, digits, punctuation and ASCII white space"
        }
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+" => {
            "text: letters, marks, symbols, digits, punctuation, spaces, tabs and line breaks"
        }
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*" => {
            "text with the code placeholder {####} (letters, marks, symbols, digits, punctuation and ASCII white space)"
        }
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*" => {
            "text with a link placeholder {##link text##}"
        }
        r".*\{####\}.*" => "one line of text with the code placeholder {####}",
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+" => {
            "an email address like name@example.com"
        }
        r"[\S]+" => "characters other than ASCII white space",
        r"[\w-]+_[0-9a-zA-Z]+" => "a pool id like us-east-1_AbCdEf123",
        r"^[a-zA-Z0-9_-]+$" => "letters, digits, _ and - (ASCII only)",
        r"[\x21\x23-\x5B\x5D-\x7E]+" => "visible ASCII characters except \" and \\",
        "Level[1-4]" => "Level1, Level2, Level3 or Level4",
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]+" => {
            "visible characters and spaces (letters, marks, symbols, digits, punctuation, separators)"
        }
        r"[\w+]+" => "letters, digits, _ and + (ASCII only)",
        r"[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+" => "visible ASCII characters except \" / and \\",
        r"^[0-9a-fA-F]+$" => "hexadecimal digits (0-9, a-f)",
        r"^[\w\- ]+$" => "letters, digits, spaces, _ and - (ASCII only)",
        r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$" => {
            "lowercase letters, digits and - (not first or last), 1 to 63 characters"
        }
        "import-[0-9a-zA-Z-]+" => "an import job id like import-AbC123",
        "(?s).*" => "any text",
        ARN => "an ARN like arn:aws:service:region:123456789012:resource",
        _ if java == format!("({ARN})?") => {
            "an ARN like arn:aws:iam::123456789012:role/name, or nothing"
        }
        _ => return None,
    };
    Some(words)
}

/// Why `text` does not match `pattern`, in one line.
pub fn mismatch(pattern: &JavaPattern, text: &str) -> String {
    let java = pattern.java.as_str();
    let allowed = describe(java).unwrap_or("the pattern the service requires");
    if text.is_empty() {
        return "must not be empty".into();
    }
    if java.contains(r"\{####\}") && !text.contains("{####}") {
        return "must contain the code placeholder {####}".into();
    }
    if java.contains(r"\{##") && !has_link_placeholder(text) {
        return "must contain a link placeholder such as {##Verify your email##}".into();
    }
    // A pattern made of one character class: name the character it refuses.
    let one_class = (java.starts_with('[') || java.starts_with("^[")) && !java.contains("]+@[");
    let refused = if one_class {
        pattern.first_refused_char(text)
    } else if java.starts_with(".*") {
        text.chars().find(|c| is_java_line_terminator(*c))
    } else {
        None
    };
    if let Some(c) = refused {
        return format!("may contain only {allowed}; found {}", show_char(c));
    }
    format!("must be {allowed}")
}

fn is_java_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether the text carries a `{##...##}` link placeholder.
pub fn has_link_placeholder(text: &str) -> bool {
    text.find("{##")
        .is_some_and(|start| text[start + 3..].contains("##}"))
}

/// A character as an operator can read it in one line: `'é'`, or its code
/// point and name for invisible ones (`U+00A0 no-break space`).
pub fn show_char(c: char) -> String {
    let name = match c {
        '\n' => Some("line feed"),
        '\r' => Some("carriage return"),
        '\t' => Some("tab"),
        ' ' => Some("space"),
        '\u{a0}' => Some("no-break space"),
        '\u{85}' => Some("next line"),
        '\u{2028}' => Some("line separator"),
        '\u{2029}' => Some("paragraph separator"),
        '\u{200b}' => Some("zero-width space"),
        '\u{feff}' => Some("byte order mark"),
        _ => None,
    };
    let invisible = c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
        || ('\u{e000}'..='\u{f8ff}').contains(&c);
    match (invisible, name) {
        (_, Some(name)) => format!("U+{:04X} ({name})", c as u32),
        (true, None) => format!("U+{:04X}", c as u32),
        (false, None) => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::table::model;

    #[test]
    fn every_pattern_in_the_table_has_words() {
        let model = model();
        for op in model.operation_names() {
            for member in model.operation(op).members() {
                if let Some(p) = &member.pattern {
                    assert!(
                        describe(&p.java).is_some(),
                        "{op} {}: no words for pattern {:?} in validate/patterns.rs",
                        member.path,
                        p.java
                    );
                }
            }
        }
    }

    #[test]
    fn mismatches_name_the_character() {
        let name = JavaPattern::new(r"[\w\s+=,.@-]+").unwrap();
        assert_eq!(
            mismatch(&name, "pool\u{a0}one"),
            "may contain only letters, digits, spaces and _ + = , . @ - (ASCII only); found U+00A0 (no-break space)"
        );
        let sms = JavaPattern::new(r".*\{####\}.*").unwrap();
        assert_eq!(
            mismatch(&sms, "no code"),
            "must contain the code placeholder {####}"
        );
        assert_eq!(
            mismatch(&sms, "a\n{####}"),
            "may contain only one line of text with the code placeholder {####}; found U+000A (line feed)"
        );
        let prefix = JavaPattern::new(r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$").unwrap();
        assert!(
            mismatch(&prefix, "ab-Cd").ends_with("found 'C'"),
            "{}",
            mismatch(&prefix, "ab-Cd")
        );
        assert!(!mismatch(&prefix, "-abc").contains("found"));
        let level = JavaPattern::new("Level[1-4]").unwrap();
        assert_eq!(
            mismatch(&level, "Level5"),
            "must be Level1, Level2, Level3 or Level4"
        );
    }
}
