//! The end-of-run report: a CSV with one line per input row, and the summary
//! line. Written from a last streaming pass over the input, so its rows are in
//! input order and their count is the input's row count by construction.
//!
//! Like the journal, it is created with mode 0600 (usernames, addresses in
//! error messages) and never holds a temporary password.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::journal::Outcome;
use crate::files::AtomicFile;
use crate::sanitize::clean;

/// The columns of the report.
pub const HEADER: [&str; 5] = ["line", "username", "outcome", "status_or_code", "message"];

/// How a run ended, counted over every input row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub rows: u64,
    pub created: u64,
    /// Invitations sent again (MessageAction RESEND) to users already there.
    pub resent: u64,
    pub exists: u64,
    pub invalid: u64,
    /// Includes `not_sent`.
    pub failed: u64,
    /// Rows this run did not reach (it stopped early).
    pub not_sent: u64,
    /// Included in `failed`: resends that may have gone out before a crash
    /// or a lost answer, and that the user's state could not settle.
    pub uncertain: u64,
    /// Calls made by this run (AdminCreateUser, and AdminGetUser around
    /// resends), retries included.
    pub calls: u64,
    pub throttled: u64,
    pub retries: u64,
    pub elapsed: Duration,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
    pub report: PathBuf,
    pub journal: PathBuf,
}

impl Summary {
    /// Every row created, already there, or knowingly skipped as invalid.
    pub fn complete(&self) -> bool {
        self.failed == 0
    }

    pub fn count(&mut self, outcome: &Outcome) {
        self.rows += 1;
        match outcome {
            Outcome::Created { .. } => self.created += 1,
            Outcome::Resent { .. } => self.resent += 1,
            Outcome::Exists => self.exists += 1,
            Outcome::Invalid { .. } => self.invalid += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::Resending { .. } => {
                self.failed += 1;
                self.uncertain += 1;
            }
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = if self.rows == 1 { "row" } else { "rows" };
        write!(f, "{} {rows}: {} created, ", self.rows, self.created)?;
        if self.resent > 0 {
            write!(f, "{} resent, ", self.resent)?;
        }
        write!(
            f,
            "{} already existed, {} invalid, {} failed",
            self.exists, self.invalid, self.failed
        )?;
        let mut among = Vec::new();
        if self.not_sent > 0 {
            among.push(format!("{} not sent: the run stopped first", self.not_sent));
        }
        if self.uncertain > 0 {
            among.push(format!(
                "{} uncertain: see the report; --resend-uncertain sends them again",
                self.uncertain
            ));
        }
        if !among.is_empty() {
            write!(f, " (of them {})", among.join("; "))?;
        }
        Ok(())
    }
}

/// The report's code for a resend whose answer never came.
pub const RESEND_UNCERTAIN: &str = "ResendUncertain";

/// Writes the report CSV.
pub struct ReportWriter {
    writer: csv::Writer<AtomicFile>,
}

impl ReportWriter {
    /// Starts the report (mode 0600, in place of any earlier one once
    /// finished) and writes the header.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let mut writer = csv::Writer::from_writer(AtomicFile::create(path)?);
        writer.write_record(HEADER)?;
        Ok(Self { writer })
    }

    pub fn row(&mut self, line: u64, username: &str, outcome: &Outcome) -> std::io::Result<()> {
        let (detail, message) = match outcome {
            Outcome::Created { status } => (status.as_deref().unwrap_or(""), ""),
            Outcome::Resent { status } => {
                (status.as_deref().unwrap_or(""), "invitation sent again")
            }
            Outcome::Exists => ("UsernameExistsException", "the user already exists"),
            Outcome::Invalid { message } => ("", message.as_str()),
            Outcome::Failed { code, message } => (code.as_str(), message.as_str()),
            Outcome::Resending { .. } => (
                RESEND_UNCERTAIN,
                "the invitation may have gone out before the run ended; the next RESEND run checks the user before sending again, and if the user's state cannot tell, --resend-uncertain sends it again",
            ),
        };
        self.line(line, username, outcome.name(), detail, message)
    }

    /// A row with an outcome of another command's (`import`): the same
    /// columns, the same escaping.
    pub fn line(
        &mut self,
        line: u64,
        username: &str,
        outcome: &str,
        detail: &str,
        message: &str,
    ) -> std::io::Result<()> {
        // Usernames come from the CSV, codes and messages from the endpoint.
        self.writer.write_record([
            line.to_string().as_str(),
            &cell(username),
            outcome,
            &cell(detail),
            &cell(message),
        ])?;
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.writer.flush()?;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        file.commit()
    }
}

/// A report cell from outside text: cleaned, and with a leading `'` when a
/// spreadsheet would run it as a formula (`=`, `+`, `-`, `@`, tab, CR first,
/// after any white space: spreadsheets trim it), the usual escape: the
/// report is opened in spreadsheets, and a username like `=HYPERLINK(...)`
/// must stay text.
fn cell(text: &str) -> String {
    let formula =
        text.starts_with(['\t', '\r']) || text.trim_start().starts_with(['=', '+', '-', '@']);
    let text = clean(text);
    if formula {
        format!("'{text}")
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_escaped() {
        for risky in ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("\t=1"), "'\\t=1");
        assert_eq!(cell("alice"), "alice");
        assert_eq!(cell("a=b"), "a=b");
        // Spreadsheets trim leading white space before they look.
        for padded in [" =1+2", "  +1", "\u{a0}-1", " \n@SUM(A1)", "\u{3000}=1"] {
            assert!(cell(padded).starts_with('\''), "{padded:?}");
        }
        assert_eq!(cell(" alice"), " alice");
    }

    #[test]
    fn the_report_lists_each_row_and_the_summary_counts_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        let rows = [
            (
                2,
                "alice",
                Outcome::Created {
                    status: Some("FORCE_CHANGE_PASSWORD".into()),
                },
            ),
            (3, "bob", Outcome::Exists),
            (
                4,
                "",
                Outcome::Invalid {
                    message: "Username: is required".into(),
                },
            ),
            (
                5,
                "dave",
                Outcome::Failed {
                    code: "InternalErrorException".into(),
                    message: "boom, \"quoted\"".into(),
                },
            ),
        ];
        let mut summary = Summary::default();
        let mut report = ReportWriter::create(&path).unwrap();
        for (line, user, outcome) in &rows {
            report.row(*line, user, outcome).unwrap();
            summary.count(outcome);
        }
        report.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "line,username,outcome,status_or_code,message\n\
             2,alice,created,FORCE_CHANGE_PASSWORD,\n\
             3,bob,exists,UsernameExistsException,the user already exists\n\
             4,,invalid,,Username: is required\n\
             5,dave,failed,InternalErrorException,\"boom, \"\"quoted\"\"\"\n"
        );
        assert_eq!(
            summary.to_string(),
            "4 rows: 1 created, 1 already existed, 1 invalid, 1 failed"
        );
        assert!(!summary.complete());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
