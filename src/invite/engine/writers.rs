//! The two writers of a send: the journal (durable before anything is
//! reported) and the report (every row of the CSV with its latest outcome).

use std::collections::HashMap;

use super::super::journal::{
    Entry, JournalError, JournalState, JournalWriter, Latest, Outcome, RowRecord,
};
use super::super::progress::{Event, EventSender};
use super::super::report::{ReportWriter, Summary};
use super::call::halt;
use super::{open_rows, InviteError, InviteOptions, StopHandle, NOT_SENT};
use crate::validate::PoolFacts;

/// What the journal writer is given: a record, and for a record that must be
/// on disk before the caller goes on (the intent of a resend), a way to say it
/// is.
pub(super) struct JournalWrite {
    pub(super) record: RowRecord,
    pub(super) durable: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Where the send pass and the callers put records.
pub(super) type Records = std::sync::mpsc::Sender<JournalWrite>;

/// Queues a record; the writer reports it once it is on disk. Fails only if
/// the writer gave up (and stopped the run).
pub(super) fn record(records: &Records, record: RowRecord) {
    let _ = records.send(JournalWrite {
        record,
        durable: None,
    });
}

/// Queues a record and waits until it is on disk; false if it never will be.
pub(super) async fn record_durably(records: &Records, record: RowRecord) -> bool {
    let (durable, written) = tokio::sync::oneshot::channel();
    let queued = records.send(JournalWrite {
        record,
        durable: Some(durable),
    });
    queued.is_ok() && written.await.is_ok()
}

/// The journal writer (its own thread: `fsync` blocks). Batches whatever has
/// arrived, writes and syncs it, and only then reports the outcomes.
pub(super) fn write_journal(
    mut writer: JournalWriter,
    records: std::sync::mpsc::Receiver<JournalWrite>,
    events: EventSender,
    stop: StopHandle,
) -> Result<HashMap<u64, Latest>, JournalError> {
    let mut written = HashMap::new();
    while let Ok(first) = records.recv() {
        let mut batch = vec![first];
        while batch.len() < 256 {
            match records.try_recv() {
                Ok(record) => batch.push(record),
                Err(_) => break,
            }
        }
        let entries: Vec<Entry> = batch.iter().map(|w| Entry::Row(w.record.clone())).collect();
        if let Err(e) = writer.append(&entries) {
            halt(&stop, &events, e.to_string());
            return Err(e);
        }
        for JournalWrite { record, durable } in batch {
            written.insert(record.line, Latest::from(&record));
            match durable {
                // An intent, not an outcome: only its caller hears of it.
                Some(waiting) => {
                    let _ = waiting.send(());
                }
                None => {
                    let _ = events.send(Event::Outcome {
                        line: record.line,
                        username: record.username,
                        outcome: record.outcome,
                        groups: record.groups,
                    });
                }
            }
        }
    }
    // Every row is in: say in the journal where an early stop left the run.
    if let Some(reason) = stop.reason() {
        let last_line = written.keys().max().copied();
        writer.append(&[Entry::Stop { reason, last_line }])?;
    }
    Ok(written)
}

/// The report pass (blocking): every row of the CSV with its latest outcome.
pub(super) fn write_report(
    options: &InviteOptions,
    facts: &PoolFacts,
    before: &JournalState,
    written: &HashMap<u64, Latest>,
) -> Result<Summary, InviteError> {
    let report_error = |e: std::io::Error| InviteError::Report {
        path: options.report.clone(),
        message: e.to_string(),
    };
    let mut rows = open_rows(options, facts, false)?;
    let mut report = ReportWriter::create(&options.report).map_err(report_error)?;
    let mut summary = Summary {
        report: options.report.clone(),
        journal: options.journal.clone(),
        ..Default::default()
    };
    while let Some(row) = rows.next_row() {
        let row = row.map_err(InviteError::Csv)?;
        let latest = written
            .get(&row.line)
            .or_else(|| before.get(row.line))
            .filter(|latest| latest.hash == row.hash);
        let (outcome, groups) = match latest {
            Some(latest) => (latest.outcome.clone(), latest.groups.as_slice()),
            None => {
                summary.not_sent += 1;
                let outcome = Outcome::Failed {
                    code: NOT_SENT.into(),
                    message: "not sent: the run stopped before this row; run again to continue"
                        .into(),
                };
                (outcome, &[][..])
            }
        };
        report
            .row(row.line, row.username(), &outcome, groups)
            .map_err(report_error)?;
        summary.count(&outcome, groups);
    }
    report.finish().map_err(report_error)?;
    Ok(summary)
}
