//! The journal: one JSON line per row outcome, appended as it happens and
//! made durable (`fsync`) before the outcome is reported anywhere else.
//!
//! Why it makes a run resumable after `kill -9` with no row invited twice and
//! none forgotten:
//!
//! * a row is skipped on resume only when the journal says it is done
//!   (`created`, `exists`, or `invalid` with the same content), and a record is
//!   written only after the call's answer, so a skipped row really was done;
//! * a row without a record (killed before the answer, or between the answer
//!   and the write) is sent again: if the first call did create the user, the
//!   service answers `UsernameExistsException`, recorded as `exists`. The one
//!   window that cannot be journaled atomically is closed by the service's own
//!   uniqueness check, so no user is created twice;
//! * a write cut short by the kill leaves a torn last line: loading ignores it
//!   (that row is simply not done) and the next run truncates it before
//!   appending, so the file stays one valid record per line.
//!
//! Rows are identified by line number plus a hash of their content: a done row
//! whose content changed is reported, never silently taken for done. A `run`
//! record at the start of each run names the pool, so a journal is never
//! resumed against another pool. The file is created with mode 0600 (it lists
//! usernames) and locked while a run appends to it, so two runs cannot share it.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::groups::GroupOutcome;
use super::rows::RowHash;

pub const VERSION: u32 = 1;

/// How a row ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// AdminCreateUser succeeded; the user's status (`FORCE_CHANGE_PASSWORD`).
    Created {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
    },
    /// MessageAction RESEND succeeded: the invitation went to a user that was
    /// already there (created by an earlier run with SUPPRESS, say).
    Resent {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
    },
    /// UsernameExistsException: the user is already there (made by an earlier,
    /// interrupted run, or by someone else). Counts as done.
    Exists,
    /// The row failed validation and was not sent.
    Invalid { message: String },
    /// The call failed for good (or was never made: code `NotSent`).
    Failed { code: String, message: String },
    /// Written, and made durable, just before a RESEND call: a resend resets
    /// the temporary password, so a second one makes the first email useless.
    /// A row whose latest record is this may have been sent; the next RESEND
    /// run compares the user's `UserLastModifiedDate` with `before` (read just
    /// before the call) and sends again only if the user is unchanged.
    Resending {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<String>,
    },
}

impl Outcome {
    /// Done rows are skipped on resume; failed ones are tried again, and an
    /// unfinished resend is checked first.
    pub fn is_done(&self) -> bool {
        !matches!(self, Outcome::Failed { .. } | Outcome::Resending { .. })
    }

    /// `created`, `resent`, `exists`, `invalid`, `failed`, `uncertain`.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Created { .. } => "created",
            Outcome::Resent { .. } => "resent",
            Outcome::Exists => "exists",
            Outcome::Invalid { .. } => "invalid",
            Outcome::Failed { .. } => "failed",
            Outcome::Resending { .. } => "uncertain",
        }
    }
}

/// One row's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRecord {
    pub line: u64,
    pub hash: RowHash,
    pub username: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// What became of each of the row's groups (none without a `groups`
    /// column). A failed one makes the row `failed`, to be done again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupOutcome>,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Entry {
    /// Written when a run starts.
    Run {
        version: u32,
        user_pool_id: String,
        csv: String,
        /// Seconds since the Unix epoch.
        started: u64,
    },
    Row(RowRecord),
    /// Written when a run stops early (stopped by hand, or by the circuit
    /// breaker): why, and the last line it had done. The rows after it are
    /// what the next run sends.
    Stop {
        reason: String,
        last_line: Option<u64>,
    },
}

/// The latest outcome of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    pub hash: RowHash,
    pub outcome: Outcome,
    pub groups: Vec<GroupOutcome>,
}

impl From<&RowRecord> for Latest {
    fn from(record: &RowRecord) -> Self {
        Self {
            hash: record.hash,
            outcome: record.outcome.clone(),
            groups: record.groups.clone(),
        }
    }
}

/// What a journal says, as loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JournalState {
    /// The pool of the first run recorded.
    pub user_pool_id: Option<String>,
    pub runs: u32,
    /// Row records read (all of them, not only the latest per line).
    pub records: u64,
    /// Per line, the last record written.
    pub latest: HashMap<u64, Latest>,
    /// Bytes up to the end of the last complete record: anything after it is
    /// a torn write, cut off before appending.
    pub valid_len: u64,
    /// Bytes of torn tail that were ignored.
    pub torn_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read the journal {path}: {message}", path = crate::sanitize::path(.path))]
    Unreadable { path: PathBuf, message: String },
    #[error("the journal {path} is damaged at line {line}: {message}; move it aside to start over (rows already invited will then be reported as existing)", path = crate::sanitize::path(.path))]
    Corrupt {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path} is not a journal (it does not start with a journal record); it is left as it is: pass another --journal", path = crate::sanitize::path(.path))]
    NotAJournal { path: PathBuf },
    #[error("the journal {path} is in use by another invite run", path = crate::sanitize::path(.path))]
    Busy { path: PathBuf },
    #[error("cannot write the journal {path}: {message}", path = crate::sanitize::path(.path))]
    Write { path: PathBuf, message: String },
    #[error("{path} is an import journal (of `import`), not an invite journal; it is left as it is: pass another --journal", path = crate::sanitize::path(.path))]
    ImportJournal { path: PathBuf },
}

/// Whether a journal's first record is an import journal's (its plan
/// record: `{"record":"plan", "user_pool_id": …, "parts": …}`).
fn is_import_journal(first: &[u8]) -> bool {
    let value: serde_json::Value = serde_json::from_slice(first).unwrap_or_default();
    value["record"] == "plan" && value.get("parts").is_some()
}

impl JournalState {
    /// Reads a journal; a missing file is an empty journal. A torn last line
    /// (or a tail of them, e.g. zeros after a power cut) is ignored; a bad line
    /// followed by good ones, or a whole JSON value that is not a record, is
    /// damage and an error.
    pub fn load(path: &Path) -> Result<Self, JournalError> {
        let unreadable = |e: std::io::Error| JournalError::Unreadable {
            path: path.to_owned(),
            message: e.to_string(),
        };
        // A journal is never followed through a symbolic link (the writer
        // refuses one too): say so before anything is read or sent.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(JournalError::Unreadable {
                path: path.to_owned(),
                message: "it is a symbolic link; name the journal file itself".into(),
            });
        }
        let file = match crate::files::open_regular(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(unreadable(e)),
        };
        let mut reader = BufReader::new(file);
        let mut state = Self::default();
        let mut offset = 0u64;
        let mut line_no = 0u64;
        // The first line that did not parse, while we wait to see whether
        // anything valid follows it.
        let mut bad: Option<(u64, String)> = None;
        // Whether that line could be a torn journal record.
        let mut bad_is_torn_record = true;
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            let n = reader.read_until(b'\n', &mut buffer).map_err(unreadable)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            offset += n as u64;
            let complete = buffer.last() == Some(&b'\n');
            let text = trim_line(&buffer);
            if text.is_empty() {
                if bad.is_none() && complete {
                    state.valid_len = offset;
                }
                continue;
            }
            let parsed = if complete {
                serde_json::from_slice::<Entry>(text).map_err(|e| e.to_string())
            } else {
                Err("the line is incomplete".to_owned())
            };
            match parsed {
                Ok(entry) => {
                    if let Some((line, message)) = bad.take() {
                        return Err(JournalError::Corrupt {
                            path: path.to_owned(),
                            line,
                            message,
                        });
                    }
                    state.apply(entry);
                    state.valid_len = offset;
                }
                // A whole JSON value that is not a record was not cut by a
                // crash: damage wherever it is, never a torn tail to cut off.
                Err(message)
                    if complete && serde_json::from_slice::<serde_json::Value>(text).is_ok() =>
                {
                    if state.valid_len == 0 && is_import_journal(text) {
                        return Err(JournalError::ImportJournal {
                            path: path.to_owned(),
                        });
                    }
                    if state.valid_len == 0 && !looks_torn(text) {
                        return Err(JournalError::NotAJournal {
                            path: path.to_owned(),
                        });
                    }
                    return Err(JournalError::Corrupt {
                        path: path.to_owned(),
                        line: bad.map_or(line_no, |(line, _)| line),
                        message,
                    });
                }
                Err(message) => {
                    if bad.is_none() {
                        bad_is_torn_record = looks_torn(text);
                    }
                    bad.get_or_insert((line_no, message));
                }
            }
        }
        state.torn_bytes = offset - state.valid_len;
        if state.valid_len == 0 && state.torn_bytes > 0 && !bad_is_torn_record {
            return Err(JournalError::NotAJournal {
                path: path.to_owned(),
            });
        }
        Ok(state)
    }

    fn apply(&mut self, entry: Entry) {
        match entry {
            Entry::Run { user_pool_id, .. } => {
                self.runs += 1;
                self.user_pool_id.get_or_insert(user_pool_id);
            }
            Entry::Stop { .. } => {}
            Entry::Row(record) => {
                self.records += 1;
                self.latest.insert(record.line, Latest::from(&record));
            }
        }
    }

    /// The latest record of a line.
    pub fn get(&self, line: u64) -> Option<&Latest> {
        self.latest.get(&line)
    }
}

/// Whether a line that did not parse can be the start of a record cut short
/// by a crash (or the zeros a power cut leaves), rather than another file.
fn looks_torn(line: &[u8]) -> bool {
    const START: &[u8] = b"{\"record\"";
    let line: &[u8] = {
        let end = line.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
        &line[..end]
    };
    line.is_empty() || line.starts_with(START) || START.starts_with(line)
}

fn trim_line(bytes: &[u8]) -> &[u8] {
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r' | b' ' | b'\t') {
        end -= 1;
    }
    &bytes[..end]
}

/// Appends records durably. Holds an exclusive lock on the file while open.
pub struct JournalWriter {
    file: File,
    path: PathBuf,
}

impl JournalWriter {
    /// Opens (creating with mode 0600) and locks the journal, then reloads it
    /// under the lock and cuts off any torn tail.
    pub fn open(path: &Path) -> Result<(Self, JournalState), JournalError> {
        let write_error = |e: std::io::Error| JournalError::Write {
            path: path.to_owned(),
            message: e.to_string(),
        };
        let Some(file) = crate::files::open_append_locked(path).map_err(write_error)? else {
            return Err(JournalError::Busy {
                path: path.to_owned(),
            });
        };
        let state = JournalState::load(path)?;
        if state.torn_bytes > 0 {
            crate::files::cut_torn_tail(&file, state.valid_len).map_err(write_error)?;
        }
        Ok((
            Self {
                file,
                path: path.to_owned(),
            },
            state,
        ))
    }

    /// Writes the entries as one write, then `fsync`s: when this returns Ok,
    /// they survive a crash.
    pub fn append(&mut self, entries: &[Entry]) -> Result<(), JournalError> {
        let mut bytes = Vec::with_capacity(entries.len() * 128);
        for entry in entries {
            let line = serde_json::to_string(entry).expect("journal entries serialize");
            // serde_json escapes C0 only; DEL, C1 and bidi controls (from the
            // CSV or the server) are written as \uXXXX too, the same JSON
            // value, so `cat` or `tail -f` on a journal cannot drive a terminal.
            bytes.extend_from_slice(crate::sanitize::json(&line).as_bytes());
            bytes.push(b'\n');
        }
        let write_error = |e: std::io::Error| JournalError::Write {
            path: self.path.clone(),
            message: e.to_string(),
        };
        self.file.write_all(&bytes).map_err(write_error)?;
        self.file.sync_data().map_err(write_error)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(line: u64, outcome: Outcome) -> Entry {
        Entry::Row(RowRecord {
            line,
            hash: RowHash(line * 7),
            username: format!("user{line}"),
            outcome,
            groups: Vec::new(),
        })
    }

    fn run_entry() -> Entry {
        Entry::Run {
            version: VERSION,
            user_pool_id: "us-east-1_pool".into(),
            csv: "users.csv".into(),
            started: 1,
        }
    }

    #[test]
    fn records_are_one_json_object_per_line() {
        let entry = record(
            2,
            Outcome::Created {
                status: Some("FORCE_CHANGE_PASSWORD".into()),
            },
        );
        assert_eq!(
            serde_json::to_string(&entry).unwrap(),
            r#"{"record":"row","line":2,"hash":"000000000000000e","username":"user2","outcome":"created","status":"FORCE_CHANGE_PASSWORD"}"#
        );
        let failed = record(
            3,
            Outcome::Failed {
                code: "InternalErrorException".into(),
                message: "boom".into(),
            },
        );
        for e in [entry, failed, run_entry(), record(4, Outcome::Exists)] {
            let text = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<Entry>(&text).unwrap(), e, "{text}");
        }
    }

    #[test]
    fn control_characters_never_reach_the_file_raw_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let hostile = "x\u{7f}del\u{9b}2J\u{202e}evil\u{1b}]0;T\u{7}";
        let (mut writer, _) = JournalWriter::open(&path).unwrap();
        let mut row = record(
            2,
            Outcome::Created {
                status: Some(hostile.into()),
            },
        );
        if let Entry::Row(r) = &mut row {
            r.username = hostile.into();
        }
        writer.append(&[run_entry(), row]).unwrap();
        drop(writer);
        let bytes = std::fs::read_to_string(&path).unwrap();
        assert!(
            !bytes
                .chars()
                .any(|c| c != '\n' && crate::sanitize::is_unsafe(c)),
            "{bytes:?}"
        );
        let state = JournalState::load(&path).unwrap();
        let back = state.get(2).unwrap();
        assert_eq!(
            back.outcome,
            Outcome::Created {
                status: Some(hostile.into())
            },
            "the same value, escaped in JSON"
        );
    }

    #[test]
    fn the_latest_record_of_a_line_wins_and_the_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let (mut writer, state) = JournalWriter::open(&path).unwrap();
        assert_eq!(state, JournalState::default());
        writer
            .append(&[
                run_entry(),
                record(
                    2,
                    Outcome::Failed {
                        code: "X".into(),
                        message: "m".into(),
                    },
                ),
                record(3, Outcome::Exists),
            ])
            .unwrap();
        writer
            .append(&[record(2, Outcome::Created { status: None })])
            .unwrap();
        drop(writer);
        let state = JournalState::load(&path).unwrap();
        assert_eq!(state.user_pool_id.as_deref(), Some("us-east-1_pool"));
        assert_eq!(state.runs, 1);
        assert_eq!(state.records, 3);
        assert_eq!(
            state.get(2).unwrap().outcome,
            Outcome::Created { status: None }
        );
        assert_eq!(state.get(3).unwrap().hash, RowHash(21));
        assert!(state.get(4).is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_torn_last_line_is_ignored_then_cut_off_before_appending() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let good = format!(
            "{}\n{}\n",
            serde_json::to_string(&run_entry()).unwrap(),
            serde_json::to_string(&record(2, Outcome::Exists)).unwrap()
        );
        let torn = &serde_json::to_string(&record(3, Outcome::Exists)).unwrap()[..30];
        std::fs::write(&path, format!("{good}{torn}")).unwrap();

        let state = JournalState::load(&path).unwrap();
        assert_eq!(state.records, 1);
        assert!(state.get(3).is_none(), "the torn row is not done");
        assert_eq!(state.valid_len, good.len() as u64);
        assert_eq!(state.torn_bytes, torn.len() as u64);

        let (mut writer, reloaded) = JournalWriter::open(&path).unwrap();
        assert_eq!(reloaded.records, 1);
        writer.append(&[record(3, Outcome::Exists)]).unwrap();
        drop(writer);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3);
        for line in text.lines() {
            serde_json::from_str::<Entry>(line).expect("every line is a record");
        }
        let state = JournalState::load(&path).unwrap();
        assert_eq!((state.records, state.torn_bytes), (2, 0));
    }

    #[test]
    fn a_zero_filled_tail_is_torn_but_a_bad_line_in_the_middle_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let good = format!("{}\n", serde_json::to_string(&run_entry()).unwrap());
        let mut bytes = good.clone().into_bytes();
        bytes.extend_from_slice(&[0u8; 40]);
        std::fs::write(&path, &bytes).unwrap();
        let state = JournalState::load(&path).unwrap();
        assert_eq!((state.runs, state.torn_bytes), (1, 40));

        // A complete but unparsable last line is torn too (cut mid-record by
        // a crash that kept the newline of a later page).
        std::fs::write(&path, format!("{good}{{\"record\":\"ro\n")).unwrap();
        assert_eq!(JournalState::load(&path).unwrap().runs, 1);

        std::fs::write(
            &path,
            format!(
                "{good}not json\n{}\n",
                serde_json::to_string(&record(2, Outcome::Exists)).unwrap()
            ),
        )
        .unwrap();
        match JournalState::load(&path) {
            Err(JournalError::Corrupt { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected damage at line 2, got {other:?}"),
        }

        // A whole record of the wrong shape at the end was not torn: it is
        // damage, and the file is left as it is.
        let odd = format!("{good}{{\"record\":\"row\",\"line\":2,\"hash\":\"x\"}}\n");
        std::fs::write(&path, &odd).unwrap();
        match JournalState::load(&path) {
            Err(JournalError::Corrupt { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected damage at line 2, got {other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), odd);
    }

    #[test]
    fn a_missing_journal_is_empty_and_a_locked_one_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.jsonl");
        assert_eq!(JournalState::load(&path).unwrap(), JournalState::default());
        let (_writer, _) = JournalWriter::open(&path).unwrap();
        match JournalWriter::open(&path) {
            Err(JournalError::Busy { .. }) => {}
            other => panic!("expected busy, got {:?}", other.map(|_| ())),
        }
    }
}
