//! The import report: every input row with its outcome, from a last
//! streaming pass over the CSV (the invite's report writer and columns:
//! `line,username,outcome,status_or_code,message`).
//!
//! Outcomes: `invalid` (the check refused it; not in any import file),
//! `imported` (its job succeeded with no row skipped or failed), `submitted`
//! (its job succeeded but skipped or failed some rows: which ones is only in
//! the job's CloudWatch log, by the line of the import file the report
//! names), `unfinished` (its job failed, was stopped or expired: the job's
//! counts say how many of its part's rows it imported, its log which ones),
//! `not_imported` (the run stopped before its part, or the upload of its
//! file was refused).
//!
//! One tally: the summary's counts are the jobs' own (as journaled); a part
//! whose job did not finish counts its rows the job did not account for as
//! not imported.

use super::check::{open_rows, Prepared};
use super::jobs::{ImportSummary, PartOutcome};
use super::rules::RowChecker;
use super::ImportError;
use crate::invite::report::ReportWriter;
use crate::problem::errors_in_one_line as invalid_message;

/// Writes the report; returns the summary.
pub fn write(
    prepared: &Prepared,
    parts: Vec<PartOutcome>,
    stopped: Option<String>,
) -> Result<ImportSummary, ImportError> {
    let options = &prepared.options;
    let report_error = |e: std::io::Error| ImportError::Write {
        path: options.report.clone(),
        message: e.to_string(),
    };
    let log_group = prepared.facts.log_group(&options.user_pool_id);
    let mut rows = open_rows(options, &prepared.facts)?;
    let mut checker = RowChecker::new(&prepared.facts);
    let mut report = ReportWriter::without_groups(&options.report).map_err(report_error)?;
    let mut summary = ImportSummary {
        log_group: log_group.clone(),
        report: options.report.clone(),
        journal: options.journal.clone(),
        stopped,
        ..Default::default()
    };
    // Where the next valid row goes: its part, and its line in that file.
    let (mut part, mut line_in_part) = (0usize, 1u64);
    while let Some(row) = rows.next_row() {
        let row = row.map_err(ImportError::Csv)?;
        summary.rows += 1;
        let checked = checker.check(&row);
        if checked.line.is_none() {
            summary.invalid += 1;
            report
                .line(
                    row.line,
                    row.username(),
                    "invalid",
                    "",
                    &invalid_message(&checked.problems),
                )
                .map_err(report_error)?;
            continue;
        }
        while parts.get(part).is_some_and(|p| line_in_part > p.rows) {
            part += 1;
            line_in_part = 1;
        }
        line_in_part += 1;
        let (outcome, detail, message) = match parts.get(part) {
            Some(p) => describe(p, line_in_part, &log_group),
            None => ("not_imported", String::new(), "not in any part".into()),
        };
        if outcome == "not_imported" {
            summary.not_imported += 1;
        }
        report
            .line(row.line, row.username(), outcome, &detail, &message)
            .map_err(report_error)?;
    }
    report.finish().map_err(report_error)?;
    for p in &parts {
        if is_unfinished(&p.status) {
            summary.not_imported += short_of_rows(p);
        }
        if p.status == "Succeeded" {
            let short = short_of_rows(p);
            if short > 0 {
                summary.unaccounted += short;
                summary.warnings.push(format!(
                    "part {}'s job {} succeeded with {} imported, {} skipped, {} failed for a part of {}: {} the job did not account for (their result is in its CloudWatch log)",
                    p.part,
                    p.job_id.as_deref().map_or_else(String::new, |id| crate::sanitize::clean(id).into_owned()),
                    p.imported,
                    p.skipped,
                    p.failed,
                    crate::text::count(p.rows, "row"),
                    crate::text::count(short, "row"),
                ));
            }
        }
        summary.imported += u64::try_from(p.imported).unwrap_or(0);
        summary.skipped += u64::try_from(p.skipped).unwrap_or(0);
        summary.failed += u64::try_from(p.failed).unwrap_or(0);
    }
    summary.parts = parts;
    Ok(summary)
}

/// Rows of `part` its job's counts do not cover (none once they add up).
fn short_of_rows(part: &PartOutcome) -> u64 {
    let done = part.imported.max(0) + part.skipped.max(0) + part.failed.max(0);
    part.rows.saturating_sub(u64::try_from(done).unwrap_or(0))
}

/// A job that ended without importing its whole part.
fn is_unfinished(status: &str) -> bool {
    matches!(status, "Failed" | "Stopped" | "Expired")
}

/// A valid row's outcome, from its part's job: (outcome, status, message).
fn describe(part: &PartOutcome, line: u64, log_group: &str) -> (&'static str, String, String) {
    let Some(job_id) = &part.job_id else {
        return (
            "not_imported",
            String::new(),
            "the run stopped before this row's part; run again to continue".into(),
        );
    };
    let place = format!(
        "line {line} of {} in job {job_id}; the job's result for it is in CloudWatch Logs group {log_group}, stream {job_id}/{}",
        crate::sanitize::path(&part.file),
        part.job_name
    );
    match part.status.as_str() {
        super::journal::UPLOAD_REFUSED => (
            "not_imported",
            super::journal::UPLOAD_REFUSED.into(),
            format!("the upload of its import file to job {job_id} was refused; run again to import it with a new job"),
        ),
        "Succeeded" if part.skipped == 0 && part.failed == 0 && short_of_rows(part) == 0 => {
            ("imported", "Succeeded".into(), format!("job {job_id}"))
        }
        "Succeeded" => (
            "submitted",
            format!(
                "Succeeded: {} imported, {} skipped, {} failed",
                part.imported, part.skipped, part.failed
            ),
            place,
        ),
        status if is_unfinished(status) => (
            "unfinished",
            format!(
                "{status}: {} imported, {} skipped, {} failed of {} rows",
                part.imported, part.skipped, part.failed, part.rows
            ),
            format!(
                "{}; run again to import the rest (a new job; users already imported are skipped); {place}",
                part.message.as_deref().unwrap_or("the job did not finish")
            ),
        ),
        status => (
            "not_imported",
            status.to_owned(),
            format!(
                "the job had not finished when the run ended; run again to follow it ({place})"
            ),
        ),
    }
}
