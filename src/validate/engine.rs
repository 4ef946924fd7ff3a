//! Checks a request's JSON against its operation's table: types, null,
//! unknown and required members, then (at [`Depth::Values`]) lengths, counts,
//! ranges, enum values and patterns. Every problem names the exact path and
//! says, in the API's words, what is allowed and what was found.

use serde_json::{Map, Value};

use super::patterns;
use super::table::{Kind, Member, OperationTable};
use crate::problem::Problem;

/// How much to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// What a file must get right to be read at all: JSON types, no `null`,
    /// no unknown member, no missing required member inside a structure (the
    /// request's own required members are left to validation, so a draft
    /// without a pool name still opens).
    Shape,
    /// Everything the model says.
    Values,
}

/// Members the model has that the AWS SDK for Rust this tool sends through
/// cannot send yet, by path pattern, with what to do instead.
pub const NOT_IN_SDK: &[(&str, &str)] = &[
    (
        "DcrConfiguration",
        "set dynamic client registration after creation, with the AWS CLI or the console",
    ),
    (
        "PublishSecretsInAWSSecretsManager",
        "publish the client secret to AWS Secrets Manager after creation, with the AWS CLI or the console",
    ),
];

/// What a check looks at.
pub struct Check<'a> {
    pub table: &'a OperationTable,
    pub depth: Depth,
    /// Put before every reported path (`SetUserPoolMfaConfig`).
    pub prefix: &'a str,
    /// Required members that the tool fills in itself (the MFA call's pool id).
    pub filled_by_tool: &'a [&'a str],
}

impl Check<'_> {
    /// Every problem in `request`, in model order.
    pub fn run(&self, request: &Value) -> Vec<Problem> {
        let mut out = Vec::new();
        self.structure("", request, self.prefix.to_owned(), &mut out);
        out
    }

    fn structure(&self, pattern: &str, value: &Value, at: String, out: &mut Vec<Problem>) {
        let Value::Object(object) = value else {
            // `.` is the whole input, as for a file that is not an object.
            let at = if at.is_empty() { ".".to_owned() } else { at };
            out.push(type_problem(
                at,
                "a structure (a JSON object with members)",
                value,
            ));
            return;
        };
        // In the model's member order (as the API reference lists them),
        // then members the model does not have.
        let known: Vec<&str> = self.table.children(pattern).map(Member::name).collect();
        let mut names: Vec<&String> = object.keys().collect();
        names.sort_by_key(|n| known.iter().position(|k| k == n).unwrap_or(usize::MAX));
        for name in names {
            let child = &object[name];
            let child_pattern = join(pattern, name);
            let child_at = join_path(&at, name);
            let supported = !NOT_IN_SDK.iter().any(|(p, _)| *p == child_pattern);
            match self.table.member(&child_pattern).filter(|_| supported) {
                Some(member) => self.member(member, child, child_at, out),
                None => out.push(self.unknown(pattern, &child_pattern, name, child_at)),
            }
        }
        let check_required = self.depth == Depth::Values || !pattern.is_empty();
        if check_required {
            for member in self.table.children(pattern).filter(|m| m.required) {
                let filled = pattern.is_empty() && self.filled_by_tool.contains(&member.name());
                if !filled && !object.contains_key(member.name()) {
                    out.push(Problem::error(join_path(&at, member.name()), "is required"));
                }
            }
        }
    }

    fn unknown(&self, parent: &str, pattern: &str, name: &str, at: String) -> Problem {
        if let Some((_, instead)) = NOT_IN_SDK.iter().find(|(p, _)| *p == pattern) {
            return Problem::error(
                at,
                format!(
                    "not supported yet by the AWS SDK for Rust this tool sends through; leave it out and {instead}"
                ),
            );
        }
        let names: Vec<&str> = self.table.children(parent).map(Member::name).collect();
        let hint = closest(name, &names)
            .map(|m| format!("; did you mean {m}?"))
            .unwrap_or_default();
        Problem::error(at, format!("unknown member{hint}"))
    }

    fn member(&self, member: &Member, value: &Value, at: String, out: &mut Vec<Problem>) {
        if value.is_null() {
            out.push(Problem::error(at, "is null: leave the member out instead"));
            return;
        }
        match member.kind {
            // A document (branding `Settings`): any JSON object, read as data.
            Kind::Structure if self.table.is_document(&member.path) => {
                if !value.is_object() {
                    out.push(type_problem(at, "a JSON object (a document)", value));
                }
            }
            Kind::Structure => self.structure(&member.path, value, at, out),
            Kind::List => self.list(member, value, at, out),
            Kind::Map => self.map(member, value, at, out),
            Kind::String => self.string(member, value, at, false, out),
            Kind::Integer | Kind::Long => self.integer(member, value, at, out),
            Kind::Boolean => {
                if !value.is_boolean() {
                    out.push(type_problem(at, "true or false", value));
                }
            }
            Kind::Double | Kind::Float => {
                if !value.is_number() {
                    out.push(type_problem(at, "a number", value));
                }
            }
            Kind::Timestamp | Kind::Blob => {}
        }
    }

    fn list(&self, member: &Member, value: &Value, at: String, out: &mut Vec<Problem>) {
        let Value::Array(items) = value else {
            out.push(type_problem(at, "a list (a JSON array)", value));
            return;
        };
        if self.depth == Depth::Values {
            if let Some(message) = count_problem(member, items.len()) {
                out.push(Problem::error(at.clone(), message));
            }
        }
        let element = self.table.member(&format!("{}[]", member.path));
        for (i, item) in items.iter().enumerate() {
            if let Some(element) = element {
                self.member(element, item, format!("{at}[{i}]"), out);
            }
        }
    }

    fn map(&self, member: &Member, value: &Value, at: String, out: &mut Vec<Problem>) {
        let Value::Object(entries) = value else {
            out.push(type_problem(
                at,
                "a map (a JSON object of key: value)",
                value,
            ));
            return;
        };
        if self.depth == Depth::Values {
            if let Some(message) = count_problem(member, entries.len()) {
                out.push(Problem::error(at.clone(), message));
            }
        }
        let key = self.table.member(&format!("{}{{key}}", member.path));
        let item = self.table.member(&format!("{}{{value}}", member.path));
        for (name, entry) in entries {
            let entry_at = format!("{at}[{}]", Value::String(name.clone()));
            if let Some(key) = key {
                self.string(
                    key,
                    &Value::String(name.clone()),
                    entry_at.clone(),
                    true,
                    out,
                );
            }
            if let Some(item) = item {
                self.member(item, entry, entry_at, out);
            }
        }
    }

    fn string(
        &self,
        member: &Member,
        value: &Value,
        at: String,
        is_key: bool,
        out: &mut Vec<Problem>,
    ) {
        let Value::String(text) = value else {
            out.push(type_problem(at, "a string", value));
            return;
        };
        if self.depth == Depth::Shape {
            return;
        }
        let key = if is_key { "key " } else { "" };
        if let Some(message) = length_problem(member, text) {
            out.push(Problem::error(at, format!("{key}{message}")));
            return;
        }
        if let Some(allowed) = &member.enum_values {
            if !allowed.contains(text) {
                out.push(Problem::error(
                    at,
                    format!("{key}{}", enum_problem(allowed, value)),
                ));
                return;
            }
        }
        if let Some(pattern) = &member.pattern {
            if !pattern.matches(text) {
                out.push(Problem::error(
                    at,
                    format!("{key}{}", patterns::mismatch(pattern, text)),
                ));
            }
        }
    }

    fn integer(&self, member: &Member, value: &Value, at: String, out: &mut Vec<Problem>) {
        let whole = value
            .as_i64()
            .filter(|n| member.kind == Kind::Long || i32::try_from(*n).is_ok());
        let Some(n) = whole else {
            // A whole number too large for the member's type is out of range,
            // not "not a number"; 8.0 and "8" are not whole numbers in JSON.
            let integral = value.is_i64() || value.is_u64();
            if integral {
                out.push(Problem::error(
                    at,
                    format!("must be {}; got {value}", range_text(member)),
                ));
            } else {
                out.push(type_problem(at, "a whole number", value));
            }
            return;
        };
        if self.depth == Depth::Shape {
            return;
        }
        let low = member.min.is_some_and(|min| n < min);
        let high = member.max.is_some_and(|max| n > max);
        if low || high {
            out.push(Problem::error(
                at,
                format!("must be {}; got {n}", range_text(member)),
            ));
        }
    }
}

/// "from 6 to 99", "at least 1", "at most 365"; the type's own range when
/// the model gives none.
pub fn range_text(member: &Member) -> String {
    let (low, high) = match member.kind {
        Kind::Long => (i64::MIN, i64::MAX),
        _ => (i32::MIN.into(), i32::MAX.into()),
    };
    match (member.min, member.max) {
        (Some(min), Some(max)) => format!("from {min} to {max}"),
        (Some(min), None) => format!("from {min} to {high}"),
        (None, Some(max)) => format!("from {low} to {max}"),
        (None, None) => format!("from {low} to {high}"),
    }
}

fn length_problem(member: &Member, text: &str) -> Option<String> {
    let n = text.chars().count() as i64;
    let min = member.min.unwrap_or(0);
    let max = member.max.unwrap_or(i64::MAX);
    if (min..=max).contains(&n) {
        None
    } else if n == 0 {
        Some("must not be empty".into())
    } else if n > max {
        Some(format!("must be at most {max} characters; it has {n}"))
    } else {
        Some(format!(
            "must be at least {min} {}; it has {n}",
            plural(min, "character")
        ))
    }
}

fn count_problem(member: &Member, n: usize) -> Option<String> {
    let n = n as i64;
    let min = member.min.unwrap_or(0);
    let max = member.max.unwrap_or(i64::MAX);
    if (min..=max).contains(&n) {
        return None;
    }
    Some(match member.max {
        Some(max) if max == min => format!("must have exactly {min} entries; it has {n}"),
        Some(max) if min > 0 => format!("must have {min} to {max} entries; it has {n}"),
        Some(max) => format!(
            "must have at most {max} {}; it has {n}",
            plural(max, "entry")
        ),
        None => format!(
            "must have at least {min} {}; it has {n}",
            plural(min, "entry")
        ),
    })
}

fn enum_problem(allowed: &[String], value: &Value) -> String {
    if value.as_str() == Some("") {
        format!("is required: one of {}", allowed.join(", "))
    } else {
        format!(
            "must be one of {}; got {}",
            allowed.join(", "),
            short(value)
        )
    }
}

fn type_problem(at: String, expected: &str, found: &Value) -> Problem {
    let found = match found {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => format!("true/false ({found})"),
        Value::Number(_) => format!("a number ({found})"),
        Value::String(_) => format!("a string ({})", short(found)),
        Value::Array(_) => "a list (JSON array)".to_owned(),
        Value::Object(_) => "a JSON object".to_owned(),
    };
    Problem::error(at, format!("must be {expected}; found {found}"))
}

/// A value as JSON, cut to 40 characters: escapes keep one problem on one line.
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

pub(crate) fn plural(n: i64, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => word.to_owned(),
        (_, Some(stem)) => format!("{stem}ies"),
        _ => format!("{word}s"),
    }
}

fn join(pattern: &str, name: &str) -> String {
    if pattern.is_empty() {
        name.to_owned()
    } else {
        format!("{pattern}.{name}")
    }
}

/// A member's concrete path; names that would misread as path syntax are
/// written as map keys (`Policies[""]`, `["a.b"]`).
pub fn join_path(at: &str, name: &str) -> String {
    match (at.is_empty(), is_plain_member(name)) {
        (true, true) => name.to_owned(),
        (false, true) => format!("{at}.{name}"),
        (_, false) => format!("{at}[{}]", Value::String(name.to_owned())),
    }
}

/// Whether a member name can stand in a path as it is. Any other name (empty,
/// or with `.`, brackets, quotes or spaces that would misread as path syntax)
/// is written in the map-key notation: `Policies[""]`, `["a.b"]`.
pub fn is_plain_member(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"') || c.is_whitespace() || c.is_control())
}

/// The member name closest to a misspelt one, if it is plausibly a typo.
pub fn closest<'a>(field: &str, expected: &[&'a str]) -> Option<&'a str> {
    let lower = field.to_ascii_lowercase();
    // A shortened or lengthened name (`MfaConfig` for `MfaConfiguration`)
    // is what was meant, however far the spelling is from another name.
    let prefixed = expected
        .iter()
        .filter(|e| {
            let e = e.to_ascii_lowercase();
            lower.len() >= 3 && (e.starts_with(&lower) || lower.starts_with(&e))
        })
        .min_by_key(|e| e.len().abs_diff(lower.len()));
    if let Some(found) = prefixed {
        return Some(found);
    }
    expected
        .iter()
        .map(|e| (edit_distance(&lower, &e.to_ascii_lowercase()), *e))
        .filter(|(d, e)| *d <= (e.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Members present in `sent` but not in `written`: what the SDK sends that
/// the file did not say (`RequireUppercase: false` under a written
/// `PasswordPolicy`). Lists are compared entry by entry.
pub fn filled_in(written: &Value, sent: &Value, at: &str, out: &mut Vec<(String, Value)>) {
    match (written, sent) {
        (Value::Object(w), Value::Object(s)) => filled_in_object(w, s, at, out),
        (Value::Array(w), Value::Array(s)) => {
            for (i, (w, s)) in w.iter().zip(s).enumerate() {
                filled_in(w, s, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn filled_in_object(
    written: &Map<String, Value>,
    sent: &Map<String, Value>,
    at: &str,
    out: &mut Vec<(String, Value)>,
) {
    for (name, value) in sent {
        let path = join_path(at, name);
        match written.get(name) {
            Some(w) => filled_in(w, value, &path, out),
            None => out.push((path, value.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::table::model;
    use serde_json::json;

    fn check(request: Value, depth: Depth) -> Vec<String> {
        Check {
            table: model().operation("CreateUserPool"),
            depth,
            prefix: "",
            filled_by_tool: &[],
        }
        .run(&request)
        .iter()
        .map(ToString::to_string)
        .collect()
    }

    #[test]
    fn shape_problems_are_named_in_the_api_words() {
        let problems = check(
            json!({"PoolName": "p", "UsernameConfiguration": [true], "DeletionProtection": null,
                   "Policies": {"PasswordPolicy": {"MinimumLength": "8"}}, "UserPoolTier": 3}),
            Depth::Shape,
        );
        assert_eq!(
            problems,
            [
                "Policies.PasswordPolicy.MinimumLength: must be a whole number; found a string (\"8\")",
                "DeletionProtection: is null: leave the member out instead",
                "UsernameConfiguration: must be a structure (a JSON object with members); found a list (JSON array)",
                "UserPoolTier: must be a string; found a number (3)",
            ]
        );
    }

    #[test]
    fn a_missing_required_member_inside_a_structure_is_named() {
        let problems = check(json!({"UsernameConfiguration": {}}), Depth::Shape);
        assert_eq!(
            problems,
            ["UsernameConfiguration.CaseSensitive: is required"]
        );
        let problems = check(json!({}), Depth::Values);
        assert_eq!(problems, ["PoolName: is required"]);
    }

    #[test]
    fn unsupported_and_unknown_members_differ() {
        let problems = check(
            json!({"PoolName": "p", "DcrConfiguration": {}, "Polices": {}}),
            Depth::Shape,
        );
        assert!(
            problems[0].starts_with("DcrConfiguration: not supported yet by the AWS SDK for Rust"),
            "{problems:?}"
        );
        assert_eq!(
            problems[1],
            "Polices: unknown member; did you mean Policies?"
        );
    }

    #[test]
    fn a_shortened_name_suggests_the_member_it_starts() {
        let names = ["LambdaConfig", "MfaConfiguration", "SmsConfiguration"];
        assert_eq!(closest("MfaConfig", &names), Some("MfaConfiguration"));
        assert_eq!(closest("LambdaConfg", &names), Some("LambdaConfig"));
        assert_eq!(closest("Zzz", &names), None);
    }

    #[test]
    fn values_follow_the_model() {
        let problems = check(
            json!({"PoolName": "p", "AcrConfiguration": {"Level5": {"AcrValue": "x"}},
                   "SmsAuthenticationMessage": "line\n{####}",
                   "Policies": {"PasswordPolicy": {"MinimumLength": 100}}}),
            Depth::Values,
        );
        assert_eq!(
            problems,
            [
                "Policies.PasswordPolicy.MinimumLength: must be from 6 to 99; got 100",
                "SmsAuthenticationMessage: may contain only one line of text with the code placeholder {####}; found U+000A (line feed)",
                "AcrConfiguration[\"Level5\"]: key must be Level1, Level2, Level3 or Level4",
            ]
        );
    }

    #[test]
    fn filled_in_lists_what_the_file_did_not_write() {
        let mut out = Vec::new();
        filled_in(
            &json!({"Policies": {"PasswordPolicy": {"MinimumLength": 8}}}),
            &json!({"Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": false}}}),
            "",
            &mut out,
        );
        assert_eq!(
            out,
            [(
                "Policies.PasswordPolicy.RequireUppercase".to_owned(),
                json!(false)
            )]
        );
    }
}
