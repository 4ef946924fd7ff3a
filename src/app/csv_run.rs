//! The states a CSV onboarding panel goes through, the same for the bulk
//! invitation ([`super::bulk`]) and the import job ([`super::import`]): each
//! names its own check result, running totals and summary.

use std::path::PathBuf;

#[derive(Debug, Default)]
pub enum CsvRun<Checked, Totals, Summary> {
    /// No CSV chosen: the single-user form shows.
    #[default]
    Idle,
    /// Checking every row against the pool; nothing is sent.
    Checking {
        csv: PathBuf,
    },
    /// Checked: what a run would do, and anything that stops it.
    Ready(Box<Checked>),
    Running {
        csv: PathBuf,
        tally: Totals,
        status: String,
    },
    Finished(Result<Summary, String>),
}
