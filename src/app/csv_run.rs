//! The states a CSV onboarding panel goes through, the same for the bulk
//! invitation ([`super::bulk`]) and the import job ([`super::import`]): each
//! names its own check result, running totals and summary.

use std::path::PathBuf;

use super::keymap::Command;

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

/// Moves a panel's list of rows with problems (`len` lines) by one line:
/// the offset is the first line shown, from the first to the last line.
pub fn scroll(offset: &mut usize, len: usize, command: Command) {
    match command {
        Command::ScrollDown => *offset = (*offset + 1).min(len.saturating_sub(1)),
        Command::ScrollUp => *offset = offset.saturating_sub(1),
        _ => {}
    }
}

/// What a panel says to a key it does not offer now (it would change
/// nothing), rather than flipping an option that has no effect.
pub fn changes_nothing(command: Command) -> &'static str {
    match command {
        Command::SkipInvalid => "k changes nothing: every row is valid",
        Command::AcceptLimits => {
            "a changes nothing: the pool can deliver every invitation of this run"
        }
        _ => "That changes nothing here",
    }
}
