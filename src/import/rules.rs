//! What the import job requires of each row, on top of the invite's row
//! checks (the same `validate_user` against the pool, the same duplicate
//! usernames rule).
//!
//! Source: "Formatting the .csv file", Amazon Cognito Developer Guide
//! (`cognito-user-pools-using-import-tool-csv-header`), and the job's own log
//! messages (`cognito-user-pools-using-import-tool-cloudwatch`):
//!
//! * `cognito:username` is required, unique in the pool, any Unicode string
//!   but without spaces or tabs;
//! * `cognito:mfa_enabled` is required: `true` for every user when the pool
//!   requires MFA (`ON`), `false` when MFA is `OFF`, either when `OPTIONAL`;
//! * the pool must auto-verify email or phone number, or the job does not
//!   start; each user must have at least one auto-verified attribute's
//!   `_verified` set to `true`, and when the pool auto-verifies only one,
//!   that one ("The User Record does not set any of the auto verified
//!   attributes to true");
//! * `email` when `email_verified` is true, `phone_number` when
//!   `phone_number_verified` is;
//! * `birthdate` as `mm/dd/yyyy`; `updated_at` as epoch seconds;
//! * a row of at most 16,000 characters ([`super::format`]).

use crate::invite::rows::{Row, SeenUsernames, USERNAME};
use crate::model::load::{self, DescribedPool, LoadOutcome, Loaded};
use crate::problem::Problem;
use crate::validate::{self, PoolFacts};

use super::format;

/// The column names the import file uses for the username and the MFA flag.
pub const COGNITO_USERNAME: &str = "cognito:username";
pub const MFA_ENABLED: &str = "cognito:mfa_enabled";

/// The pool's MFA setting, as the import job applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mfa {
    Off,
    Optional,
    On,
}

/// What the pool says about the users it imports.
#[derive(Debug, Clone)]
pub struct ImportFacts {
    pub facts: PoolFacts,
    pub pool_name: String,
    /// GetCSVHeader's columns, in its order: the import file's header.
    pub header: Vec<String>,
    pub mfa: Mfa,
    /// `email` and/or `phone_number`.
    pub auto_verified: Vec<String>,
    pub case_sensitive: bool,
}

impl ImportFacts {
    /// From DescribeUserPool (and its MFA configuration) and GetCSVHeader.
    pub fn new(described: &DescribedPool, header: Vec<String>) -> Result<Self, String> {
        let doc = match load::from_described(described) {
            Ok(LoadOutcome {
                loaded: Loaded::Pool(doc),
                ..
            }) => doc,
            Ok(_) => return Err("not a user pool".into()),
            Err(e) => return Err(e.to_string()),
        };
        let create = &doc.create;
        let mfa = match create.mfa_configuration.as_deref() {
            Some("ON") => Mfa::On,
            Some("OPTIONAL") => Mfa::Optional,
            _ => Mfa::Off,
        };
        Ok(Self {
            facts: PoolFacts::from_request(create),
            pool_name: create.pool_name.clone().unwrap_or_default(),
            header,
            mfa,
            auto_verified: create.auto_verified_attributes.clone().unwrap_or_default(),
            case_sensitive: create
                .username_configuration
                .as_ref()
                .is_none_or(|c| c.case_sensitive),
        })
    }

    /// Why no import can run into this pool at all, if none can.
    pub fn pool_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.auto_verified.is_empty() {
            out.push("the pool verifies neither email nor phone number automatically (AutoVerifiedAttributes), so the import job would not start; add email or phone_number to the pool's AutoVerifiedAttributes".to_owned());
        }
        for needed in [COGNITO_USERNAME, MFA_ENABLED] {
            if !self.header.iter().any(|h| h == needed) {
                out.push(format!(
                    "the pool's import header (GetCSVHeader) has no {needed} column"
                ));
            }
        }
        out
    }

    /// The CloudWatch Logs group the job writes each row's result to.
    pub fn log_group(&self, pool_id: &str) -> String {
        format!("/aws/cognito/userpools/{pool_id}/{}", self.pool_name)
    }

    /// Header problems: input columns the import header has no place for.
    pub fn column_problems(&self, names: &[String]) -> Vec<Problem> {
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let own = [
                USERNAME,
                crate::invite::rows::TEMPORARY_PASSWORD,
                MFA_ENABLED,
            ];
            if own.contains(&name.as_str()) || self.header.contains(name) {
                continue;
            }
            out.push(Problem::error(
                format!("Header[{i}]"),
                format!("the pool's import header (GetCSVHeader) has no column {name}; the import job cannot set it"),
            ));
        }
        out
    }
}

/// A checked row: its problems, and its line in the import file when valid.
pub struct Checked {
    pub problems: Vec<Problem>,
    /// The row as the import file writes it (no line end), when valid.
    pub line: Option<String>,
    /// No `cognito:mfa_enabled` was given; the pool's MFA decided it.
    pub mfa_defaulted: bool,
}

/// Checks rows against the pool and the import job's rules.
pub struct RowChecker<'a> {
    facts: &'a ImportFacts,
    seen: SeenUsernames,
}

impl<'a> RowChecker<'a> {
    pub fn new(facts: &'a ImportFacts) -> Self {
        Self {
            facts,
            seen: SeenUsernames::new(facts.case_sensitive),
        }
    }

    pub fn check(&mut self, row: &Row) -> Checked {
        let mut problems = row.problems.clone();
        // The job sets no password: the column is ignored (said once, at the header).
        let mut request = row.request.clone();
        request.temporary_password = None;
        problems.extend(validate::validate_user(&request, Some(&self.facts.facts)));
        if let Some(first) = self.seen.first_line_of(row) {
            problems.push(Problem::error(
                COGNITO_USERNAME,
                format!("{} is also the username on line {first}", row.username()),
            ));
        }
        let (mfa, mfa_defaulted) = self.mfa(row, &mut problems);
        self.username(row, &mut problems);
        self.verification(row, &mut problems);
        formats(row, &mut problems);
        row.name_columns(&mut problems);
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
        let mut line = None;
        if !crate::problem::has_errors(&problems) {
            let written = self.write(row, mfa);
            if written.chars().count() > format::MAX_ROW_CHARS {
                problems.insert(
                    0,
                    Problem::error(
                        "Row",
                        format!(
                            "is over the import job's {} characters a row",
                            format::MAX_ROW_CHARS
                        ),
                    ),
                );
            } else {
                line = Some(written);
            }
        }
        Checked {
            problems,
            line,
            mfa_defaulted,
        }
    }

    fn username(&self, row: &Row, out: &mut Vec<Problem>) {
        let name = row.username();
        if name.is_empty() {
            out.push(Problem::error(
                COGNITO_USERNAME,
                "is required by the import job: give a username column (or, where the pool signs in with email or phone, that attribute)",
            ));
        } else if name.contains([' ', '\t']) {
            out.push(Problem::error(
                COGNITO_USERNAME,
                "cannot contain spaces or tabs (the import job's rule)",
            ));
        }
    }

    /// The MFA flag to write, and whether it came from the pool's setting.
    fn mfa(&self, row: &Row, out: &mut Vec<Problem>) -> (&'static str, bool) {
        let given = row
            .extra
            .iter()
            .find(|(name, _)| name == MFA_ENABLED)
            .map(|(_, v)| v.to_ascii_lowercase());
        let (value, defaulted) = match given.as_deref() {
            None => (
                if self.facts.mfa == Mfa::On {
                    "true"
                } else {
                    "false"
                },
                true,
            ),
            Some("true") => ("true", false),
            Some("false") => ("false", false),
            Some(_) => {
                out.push(Problem::error(MFA_ENABLED, "must be true or false"));
                return ("false", false);
            }
        };
        match (self.facts.mfa, value) {
            (Mfa::On, "false") => out.push(Problem::error(
                MFA_ENABLED,
                "the pool requires MFA (ON), so the import job needs true for every user",
            )),
            (Mfa::Off, "true") => out.push(Problem::error(
                MFA_ENABLED,
                "MFA is off in the pool, so the import job needs false for every user",
            )),
            _ => {}
        }
        (value, defaulted)
    }

    fn verification(&self, row: &Row, out: &mut Vec<Problem>) {
        let verified = |attribute: &str| {
            row.request.attribute(&format!("{attribute}_verified")) == Some("true")
        };
        for attribute in ["email", "phone_number"] {
            if verified(attribute) && row.request.attribute(attribute).is_none() {
                out.push(Problem::error(
                    format!("{attribute}_verified"),
                    format!("is true, so the import job needs the {attribute} column too"),
                ));
            }
        }
        let auto = &self.facts.auto_verified;
        match auto.as_slice() {
            [] => {}
            [only] if !verified(only) => out.push(Problem::error(
                format!("{only}_verified"),
                format!("must be true: the pool verifies only {only} automatically, and the import job needs it verified for every user (give {only} and {only}_verified=true)"),
            )),
            [_] => {}
            both if !both.iter().any(|a| verified(a)) => out.push(Problem::error(
                "email_verified",
                "or phone_number_verified must be true: the import job needs at least one of the pool's auto-verified attributes verified for every user",
            )),
            _ => {}
        }
    }

    /// The row as the import file has it: every header column, in order.
    fn write(&self, row: &Row, mfa: &str) -> String {
        let cells = self
            .facts
            .header
            .iter()
            .map(|column| match column.as_str() {
                COGNITO_USERNAME => row.username(),
                MFA_ENABLED => mfa,
                other => row.request.attribute(other).unwrap_or_default(),
            });
        format::row(cells)
    }
}

/// The documented value formats, and what the import file cannot carry.
fn formats(row: &Row, out: &mut Vec<Problem>) {
    if let Some(why) = format::unwritable(row.username()) {
        out.push(Problem::error(COGNITO_USERNAME, why));
    }
    for attribute in row.request.user_attributes.iter().flatten() {
        let value = attribute.value.as_deref().unwrap_or_default();
        let name = attribute.name.as_str();
        if let Some(why) = format::unwritable(value) {
            out.push(Problem::error(name, why));
        }
        if name == "birthdate" && !is_us_date(value) {
            out.push(Problem::error(
                name,
                "the import job takes birthdates as mm/dd/yyyy, e.g. 02/01/1985",
            ));
        }
        if name == "updated_at" && !(value.len() <= 12 && value.bytes().all(|b| b.is_ascii_digit()))
        {
            out.push(Problem::error(
                name,
                "the import job takes updated_at as seconds since 1970, e.g. 1471453471",
            ));
        }
    }
}

/// `mm/dd/yyyy`, with a month and day that can be.
fn is_us_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('/').collect();
    let [month, day, year] = parts.as_slice() else {
        return false;
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (number(month, 2), number(day, 2), number(year, 4)),
        (Some(1..=12), Some(1..=31), Some(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdates_are_month_day_year() {
        assert!(is_us_date("02/01/1985"));
        assert!(!is_us_date("1985-02-01"));
        assert!(!is_us_date("13/01/1985"));
        assert!(!is_us_date("2/1/1985"));
    }
}
