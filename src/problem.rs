//! A finding about a request: where (the API path of the field), how bad, and
//! what to do about it. Validation, loading and the UI all speak this type, so a
//! message found by the headless `validate` command is the same one the wizard
//! shows next to the field.

use std::fmt;

use crate::sanitize::clean;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something we changed or want the operator to know (e.g. create-only settings).
    Warning,
    /// The service would reject the request, or the request cannot do what it says.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// API path of the field: `Policies.PasswordPolicy.MinimumLength`,
    /// `Schema[2].Name`, `UserPoolTags["env"]`. Problems in the follow-up MFA
    /// call are prefixed with `SetUserPoolMfaConfig.`.
    pub path: String,
    pub severity: Severity,
    /// Plain words: what is wrong and what is allowed.
    pub message: String,
    /// Where it is fixed, when that is another member than `path` (a custom
    /// email message needs the email sender set to SES): the wizard says so
    /// at the field and `g` goes there.
    pub fixed_at: Option<&'static str>,
}

impl Problem {
    /// The same problem, fixed at the member `at`.
    pub fn fixed_at(mut self, at: &'static str) -> Self {
        self.fixed_at = Some(at);
        self
    }

    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            severity: Severity::Error,
            message: message.into(),
            fixed_at: None,
        }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            severity: Severity::Warning,
            message: message.into(),
            fixed_at: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether this problem concerns `path` or something inside it
    /// (`Schema` covers `Schema[3].Name`).
    pub fn is_within(&self, path: &str) -> bool {
        within(&self.path, path)
    }

    /// An error on what the pool already has and a change does not write:
    /// a warning that says so (Cognito accepted it; only what the change
    /// writes can be refused).
    pub fn as_pools_own(&mut self) {
        if self.severity == Severity::Error {
            self.severity = Severity::Warning;
            self.message = format!(
                "{} (the pool already has this; Cognito accepted it, and this change does not touch it)",
                self.message
            );
        }
    }
}

/// Whether `path` is `member` or inside it (`Policies.PasswordPolicy` holds
/// `Policies.PasswordPolicy.MinimumLength` and `UserPoolTags` holds
/// `UserPoolTags["env"]`).
pub fn within(path: &str, member: &str) -> bool {
    path.strip_prefix(member)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

impl Problem {}

impl fmt::Display for Problem {
    /// The headless format: `<Field.Path>: <message>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Paths and messages may quote the input file: cleaned.
        let (path, message) = (clean(&self.path), clean(&self.message));
        write!(f, "{path}: {message}")
    }
}

/// True when any problem is an error.
/// The errors among `problems`, in one line (a row's message in a journal
/// or a report).
pub fn errors_in_one_line(problems: &[Problem]) -> String {
    problems
        .iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}
