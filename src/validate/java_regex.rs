//! The service model's patterns are Java regular expressions, and the service
//! checks the whole value against them. This translates one into the `regex`
//! crate's syntax with Java's meaning:
//!
//! * `\s \S \w \W \d \D` are ASCII-only in Java (without UNICODE_CHARACTER_CLASS),
//!   so U+00A0 is not `\s` and `é` is not `\w`; the crate's are Unicode;
//! * `.` excludes Java's line terminators (`\n \r \u0085 \u2028 \u2029`) unless
//!   the pattern turns on `(?s)`;
//! * `\p{L}` and the other general categories mean the same in both;
//! * the whole value must match (`String.matches`), so the translation is
//!   anchored with `\A(?:…)\z`.
//!
//! Constructs the crate cannot express (look-around, back-references) are an
//! error, so a new pattern in the model fails a test instead of being ignored.

use regex::Regex;

const JAVA_SPACE: &str = r"\t\n\x0B\x0C\r ";
const JAVA_WORD: &str = "a-zA-Z0-9_";
const JAVA_DIGIT: &str = "0-9";
const JAVA_LINE_TERMINATORS: &str = r"\n\r\x{85}\x{2028}\x{2029}";

/// A model pattern, compiled with Java's meaning.
#[derive(Debug, Clone)]
pub struct JavaPattern {
    /// As the model writes it.
    pub java: String,
    whole: Regex,
    /// The pattern's character classes, each as a one-character regex: a
    /// character none of them takes is the one that breaks the value.
    classes: Vec<Regex>,
}

impl JavaPattern {
    pub fn new(java: &str) -> Result<Self, String> {
        let translated = translate(java)?;
        let whole = Regex::new(&format!(r"\A(?:{translated})\z"))
            .map_err(|e| format!("pattern {java:?} does not compile: {e}"))?;
        let classes = classes(java)
            .into_iter()
            .map(|class| {
                translate(&class)
                    .and_then(|c| Regex::new(&format!(r"\A{c}\z")).map_err(|e| e.to_string()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            java: java.to_owned(),
            whole,
            classes,
        })
    }

    /// Whether the whole value matches.
    pub fn matches(&self, value: &str) -> bool {
        self.whole.is_match(value)
    }

    /// The first character that none of the pattern's character classes
    /// takes, if the pattern is made of such classes (`[\S]+`,
    /// `[\w\s+=,.@-]+`, a domain prefix's `[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?`):
    /// in `ab-Cd` that is `C`, not the `-` the first class alone refuses.
    pub fn first_refused_char(&self, value: &str) -> Option<char> {
        if self.classes.is_empty() {
            return None;
        }
        let mut buffer = [0u8; 4];
        value.chars().find(|c| {
            let text = c.encode_utf8(&mut buffer);
            !self.classes.iter().any(|class| class.is_match(text))
        })
    }
}

/// Java syntax → `regex` syntax with Java's meaning.
pub fn translate(java: &str) -> Result<String, String> {
    let mut out = String::with_capacity(java.len() * 2);
    let mut chars = java.chars().peekable();
    let mut in_class = 0usize;
    let mut dot_all = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err(format!("pattern {java:?} ends with a backslash"));
                };
                out.push_str(&escape(next, in_class > 0, java)?);
                if next == 'p' || next == 'P' {
                    // Copy `{Name}` as it is.
                    for c in chars.by_ref() {
                        out.push(c);
                        if c == '}' {
                            break;
                        }
                    }
                }
            }
            '[' => {
                in_class += 1;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                // A `]` right after `[` or `[^` is a literal in Java.
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str(r"\]");
                }
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(']');
            }
            '.' if in_class == 0 => {
                if dot_all {
                    out.push_str("(?s:.)");
                } else {
                    out.push_str(&format!("[^{JAVA_LINE_TERMINATORS}]"));
                }
            }
            '(' if in_class == 0 && chars.peek() == Some(&'?') => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("?s)") {
                    dot_all = true;
                    chars.nth(2);
                } else if rest.starts_with("?:") {
                    out.push_str("(?:");
                    chars.next();
                    chars.next();
                } else {
                    return Err(format!(
                        "pattern {java:?} uses a group the translation does not support: ({rest}"
                    ));
                }
            }
            '&' if in_class > 0 && chars.peek() == Some(&'&') => {
                return Err(format!("pattern {java:?} uses class intersection"));
            }
            // The crate treats these as set operators inside a class; Java as literals.
            '-' | '~' if in_class > 0 && chars.peek() == Some(&c) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if in_class > 0 {
        return Err(format!("pattern {java:?} leaves a character class open"));
    }
    Ok(out)
}

/// One escape, inside a character class or not.
fn escape(c: char, in_class: bool, java: &str) -> Result<String, String> {
    let class = |set: &str, negated: bool| match (in_class, negated) {
        (true, false) => set.to_owned(),
        (true, true) => format!("[^{set}]"),
        (false, false) => format!("[{set}]"),
        (false, true) => format!("[^{set}]"),
    };
    Ok(match c {
        's' => class(JAVA_SPACE, false),
        'S' => class(JAVA_SPACE, true),
        'w' => class(JAVA_WORD, false),
        'W' => class(JAVA_WORD, true),
        'd' => class(JAVA_DIGIT, false),
        'D' => class(JAVA_DIGIT, true),
        'p' | 'P' | 'x' | 't' | 'n' | 'r' | 'f' => format!("\\{c}"),
        '1'..='9' => return Err(format!("pattern {java:?} uses a back-reference")),
        'b' | 'B' | 'A' | 'z' | 'Z' | 'G' | 'Q' | 'E' | 'k' | 'u' | 'c' | 'h' | 'H' | 'v' | 'V'
        | 'R' | 'X' | 'e' | 'a' | '0' => {
            return Err(format!(
                "pattern {java:?} uses \\{c}, which the translation does not support"
            ))
        }
        // Any other escaped character stands for itself.
        other => regex::escape(&other.to_string()),
    })
}

/// The first top-level `[...]` of a pattern, with nested classes.
/// Every character class of the pattern (`[...]`, nested ones inside
/// their outer class), in order.
fn classes(java: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = java;
    while let Some(class) = first_class(rest) {
        let end = rest.find(&class).map_or(rest.len(), |at| at + class.len());
        found.push(class);
        rest = &rest[end..];
    }
    found
}

fn first_class(java: &str) -> Option<String> {
    let start = java.find('[')?;
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in java[start..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(java[start..start + i + 1].to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(java: &str) -> JavaPattern {
        JavaPattern::new(java).unwrap()
    }

    #[test]
    fn java_shorthands_are_ascii_only() {
        let no_space = pattern(r"[\S]+");
        assert!(no_space.matches("p\u{a0}w"), "U+00A0 is not Java's \\s");
        assert!(!no_space.matches("p w"));
        assert!(!no_space.matches(""));
        let pool_name = pattern(r"[\w\s+=,.@-]+");
        assert!(pool_name.matches("my pool-1"));
        assert!(!pool_name.matches("café"));
        assert!(!pool_name.matches("a\u{2028}b"));
        assert!(pool_name.matches("a\u{0B}b"), "\\v is Java whitespace");
        assert_eq!(pool_name.first_refused_char("caf\u{e9}"), Some('é'));
    }

    #[test]
    fn dot_stops_at_java_line_terminators() {
        let sms = pattern(r".*\{####\}.*");
        assert!(sms.matches("Your code is {####}."));
        for terminator in ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            assert!(
                !sms.matches(&format!("a{terminator}{{####}}")),
                "{terminator:?}"
            );
        }
        assert!(pattern("(?s).*").matches("a\nb"));
    }

    #[test]
    fn unicode_categories_and_whole_match() {
        let text =
            pattern(r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*");
        assert!(text.matches("Code é 日本 {####}!"));
        assert!(
            !text.matches("Code\u{a0}{####}"),
            "no-break space is Z, not \\s"
        );
        assert!(
            !text.matches("Code\u{200b}{####}"),
            "zero-width space is Cf"
        );
        assert!(!text.matches("Code\u{e000}{####}"), "private use is Co");
        assert!(!text.matches("Code"), "placeholder missing");
        let level = pattern("Level[1-4]");
        assert!(level.matches("Level4"));
        assert!(!level.matches("Level5"));
        assert!(!level.matches("xLevel1"), "the whole value must match");
    }

    #[test]
    fn untranslatable_constructs_are_errors() {
        assert!(translate(r"^[0-9]*(?<!\.)$").is_err());
        assert!(translate(r"(a)\1").is_err());
        assert!(translate(r"[a&&b]").is_err());
    }
}
