//! Which rows to send: the same rules in the check and the send pass.

use super::super::journal::{JournalState, Latest, Outcome};
use super::super::rows::{Row, SeenUsernames};
use super::InviteOptions;
use crate::problem::{has_errors, Problem};
use crate::validate::{self, PoolFacts};

/// What to do with a row.
pub(super) enum Decision {
    /// The journal records it as created or existing, same content.
    Done,
    /// The journal records it as done, but its content changed.
    Changed,
    Invalid {
        problems: Vec<Problem>,
        /// The journal already records it as invalid, same content.
        accepted: bool,
    },
    Send {
        warnings: Vec<Problem>,
        /// An earlier RESEND of this row may have gone out: its
        /// `UserLastModifiedDate` read just before that call.
        unfinished_resend: Option<Option<String>>,
    },
}

/// Sorts rows; the same rules in the check and the send pass.
/// The message action that sends an invitation again to an existing user.
pub(super) const RESEND: &str = "RESEND";

pub(super) struct Sorter<'a> {
    facts: &'a PoolFacts,
    journal: &'a JournalState,
    /// A RESEND run: rows created earlier (say with SUPPRESS) are sent again,
    /// and only rows already resent count as done.
    resend: bool,
    seen: SeenUsernames,
}

impl<'a> Sorter<'a> {
    pub(super) fn new(
        facts: &'a PoolFacts,
        journal: &'a JournalState,
        case_sensitive: bool,
        options: &InviteOptions,
    ) -> Self {
        Self {
            facts,
            journal,
            resend: options.message_action.as_deref() == Some(RESEND),
            seen: SeenUsernames::new(case_sensitive),
        }
    }

    pub(super) fn decide(&mut self, row: &Row) -> Decision {
        let first_line = self.seen.first_line_of(row);
        let latest = self.journal.get(row.line);
        let mut unfinished_resend = None;
        if let Some(Latest { hash, outcome, .. }) = latest {
            let done = match outcome {
                Outcome::Resent { .. } => true,
                Outcome::Created { .. } | Outcome::Exists => !self.resend,
                // The user exists; whether the resend went out is for the
                // next RESEND run to find out.
                Outcome::Resending { .. } if !self.resend => true,
                Outcome::Resending { .. } if *hash != row.hash => return Decision::Changed,
                Outcome::Resending { before } => {
                    unfinished_resend = Some(before.clone());
                    false
                }
                Outcome::Invalid { .. } | Outcome::Failed { .. } => false,
            };
            if done {
                return if *hash == row.hash {
                    Decision::Done
                } else {
                    Decision::Changed
                };
            }
        }
        let mut problems = row.problems.clone();
        problems.extend(validate::validate_user(&row.request, Some(self.facts)));
        if let Some(first) = first_line {
            problems.push(Problem::error(
                "Username",
                format!("{} is also the username on line {first}", row.username()),
            ));
        }
        row.name_columns(&mut problems);
        let secret = row.request.temporary_password.as_deref();
        for p in &mut problems {
            p.message = mask(&p.message, secret);
        }
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
        if has_errors(&problems) {
            let accepted = latest.is_some_and(|l| {
                l.hash == row.hash && matches!(l.outcome, Outcome::Invalid { .. })
            });
            Decision::Invalid { problems, accepted }
        } else {
            Decision::Send {
                warnings: problems,
                unfinished_resend,
            }
        }
    }
}

/// Replaces a secret wherever it appears (service messages may quote input).
pub(super) fn mask(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() && text.contains(s) => text.replace(s, "****"),
        _ => text.to_owned(),
    }
}
