//! The import journal: one JSON line per step of each job, appended and
//! `fsync`ed before the step is reported, under the conventions of the
//! invite journal ([`crate::invite::journal`]): created private and without
//! following a symlink ([`crate::files::open_append_private`]), locked while
//! a run appends, a torn last line (a write cut short by `kill -9`) ignored
//! and cut off, DEL/C1/bidi controls written as `\uXXXX`.
//!
//! Why a killed run never imports twice: the first line is the plan (the
//! pool, the parts the CSV splits into, each with a hash of its rows). Before
//! CreateUserImportJob, a `creating` record names the job to be made; after,
//! its id. A run that finds a part's `creating` without an id looks the job
//! up by that name (ListUserImportJobs) before making a new one; a part with
//! an id is resumed from where it was (uploaded, started) by asking the
//! service (DescribeUserImportJob), then polled; a finished part is done.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 1;

/// One part of the input: the rows of one import job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartPlan {
    /// From 1.
    pub part: u32,
    pub rows: u64,
    pub bytes: u64,
    /// FNV-1a over the part's row hashes: the same CSV gives the same parts.
    pub hash: String,
}

/// What a part's job has reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    pub part: u32,
    pub job_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// `creating` (about to call CreateUserImportJob), `uploaded` (the file
    /// is at the job's URL), or the job's own status (`Created`, `Pending`,
    /// `InProgress`, `Stopping`, `Stopped`, `Succeeded`, `Failed`, `Expired`).
    pub state: String,
    #[serde(default)]
    pub imported: i64,
    #[serde(default)]
    pub skipped: i64,
    #[serde(default)]
    pub failed: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Seconds since the Unix epoch.
    pub at: u64,
}

pub const CREATING: &str = "creating";
pub const UPLOADED: &str = "uploaded";
/// The bucket refused the part's file: its job (id kept) was never started,
/// and the next run makes a new one.
pub const UPLOAD_REFUSED: &str = "upload_refused";

/// A job status after which nothing changes.
pub fn is_final(state: &str) -> bool {
    matches!(state, "Succeeded" | "Failed" | "Stopped" | "Expired")
}

/// A status DescribeUserImportJob documents. Any other is not waited on:
/// nothing says whether it ends.
pub fn is_known(state: &str) -> bool {
    is_final(state) || matches!(state, "Created" | "Pending" | "InProgress" | "Stopping")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum ImportEntry {
    /// The first line: what this journal imports.
    Plan {
        version: u32,
        user_pool_id: String,
        csv: String,
        /// Names this run's jobs: `cognito-wizard-<file>-<token>`.
        token: String,
        parts: Vec<PartPlan>,
        started: u64,
    },
    Job(JobRecord),
    /// A run stopped early (interrupted, or a job did not succeed).
    Stop {
        reason: String,
    },
}

/// What a journal says, as loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportJournal {
    pub user_pool_id: Option<String>,
    pub token: Option<String>,
    pub parts: Vec<PartPlan>,
    /// Per part (index part - 1), the last record.
    pub jobs: Vec<Option<JobRecord>>,
    pub valid_len: u64,
    pub torn_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read the journal {path}: {message}", path = crate::sanitize::path(.path))]
    Unreadable { path: PathBuf, message: String },
    #[error("the journal {path} is damaged at line {line}; move it aside to start over (jobs it started go on in the service: see ListUserImportJobs)", path = crate::sanitize::path(.path))]
    Corrupt { path: PathBuf, line: u64 },
    #[error("{path} is not an import journal (it does not start with an import plan); it is left as it is: pass another --journal", path = crate::sanitize::path(.path))]
    NotAJournal { path: PathBuf },
    #[error("the journal {path} is in use by another import run", path = crate::sanitize::path(.path))]
    Busy { path: PathBuf },
    #[error("cannot write the journal {path}: {message}", path = crate::sanitize::path(.path))]
    Write { path: PathBuf, message: String },
}

impl ImportJournal {
    /// Reads a journal; a missing file is an empty one.
    pub fn load(path: &Path) -> Result<Self, JournalError> {
        let unreadable = |message: String| JournalError::Unreadable {
            path: path.to_owned(),
            message,
        };
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(unreadable(
                "it is a symbolic link; name the journal file itself".into(),
            ));
        }
        let file = match crate::files::open_regular(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(unreadable(e.to_string())),
        };
        let mut state = Self::default();
        let mut reader = BufReader::new(file);
        let (mut offset, mut line_no, mut bad) = (0u64, 0u64, None);
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            let n = reader
                .read_until(b'\n', &mut buffer)
                .map_err(|e| unreadable(e.to_string()))?;
            if n == 0 {
                break;
            }
            line_no += 1;
            offset += n as u64;
            let complete = buffer.last() == Some(&b'\n');
            let parsed = complete
                .then(|| serde_json::from_slice::<ImportEntry>(&buffer).ok())
                .flatten();
            match parsed {
                Some(entry) => {
                    if let Some(line) = bad {
                        return Err(JournalError::Corrupt {
                            path: path.to_owned(),
                            line,
                        });
                    }
                    if state.valid_len == 0 && !matches!(entry, ImportEntry::Plan { .. }) {
                        return Err(JournalError::NotAJournal {
                            path: path.to_owned(),
                        });
                    }
                    state.apply(entry);
                    state.valid_len = offset;
                }
                None => {
                    bad.get_or_insert(line_no);
                }
            }
        }
        state.torn_bytes = offset - state.valid_len;
        if state.valid_len == 0 && state.torn_bytes > 0 && !looks_torn(path) {
            return Err(JournalError::NotAJournal {
                path: path.to_owned(),
            });
        }
        Ok(state)
    }

    fn apply(&mut self, entry: ImportEntry) {
        match entry {
            ImportEntry::Plan {
                user_pool_id,
                token,
                parts,
                ..
            } => {
                if self.user_pool_id.is_none() {
                    self.jobs = vec![None; parts.len()];
                    self.user_pool_id = Some(user_pool_id);
                    self.token = Some(token);
                    self.parts = parts;
                }
            }
            ImportEntry::Job(record) => {
                let index = (record.part as usize).wrapping_sub(1);
                if let Some(slot) = self.jobs.get_mut(index) {
                    *slot = Some(record);
                }
            }
            ImportEntry::Stop { .. } => {}
        }
    }

    /// The last record of a part (from 1).
    pub fn job(&self, part: u32) -> Option<&JobRecord> {
        self.jobs.get((part as usize).wrapping_sub(1))?.as_ref()
    }
}

/// Whether a file whose first line did not parse can be a journal cut short
/// by a crash as it wrote its first record (or zeros from a power cut).
fn looks_torn(path: &Path) -> bool {
    const START: &[u8] = b"{\"record\":\"plan\"";
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let end = bytes.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    let text = &bytes[..end];
    text.is_empty() || START.starts_with(text) || text.starts_with(START)
}

/// Appends records durably; holds an exclusive lock on the file while open.
pub struct JournalWriter {
    file: File,
    path: PathBuf,
}

impl JournalWriter {
    /// Opens (creating, mode 0600) and locks the journal, reloads it under the
    /// lock and cuts off any torn tail.
    pub fn open(path: &Path) -> Result<(Self, ImportJournal), JournalError> {
        let write_error = |e: std::io::Error| JournalError::Write {
            path: path.to_owned(),
            message: e.to_string(),
        };
        let Some(file) = crate::files::open_append_locked(path).map_err(write_error)? else {
            return Err(JournalError::Busy {
                path: path.to_owned(),
            });
        };
        let state = ImportJournal::load(path)?;
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

    /// Writes one record and `fsync`s it.
    pub fn append(&mut self, entry: &ImportEntry) -> Result<(), JournalError> {
        let line = serde_json::to_string(entry).expect("journal entries serialize");
        let mut bytes = crate::sanitize::json(&line).into_owned().into_bytes();
        bytes.push(b'\n');
        let write_error = |e: std::io::Error| JournalError::Write {
            path: self.path.clone(),
            message: e.to_string(),
        };
        self.file.write_all(&bytes).map_err(write_error)?;
        self.file.sync_data().map_err(write_error)
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> ImportEntry {
        ImportEntry::Plan {
            version: VERSION,
            user_pool_id: "us-east-1_p".into(),
            csv: "u.csv".into(),
            token: "ab12".into(),
            parts: vec![PartPlan {
                part: 1,
                rows: 3,
                bytes: 90,
                hash: "00".into(),
            }],
            started: 1,
        }
    }

    fn job(state: &str) -> ImportEntry {
        ImportEntry::Job(JobRecord {
            part: 1,
            job_name: "cognito-wizard-ab12".into(),
            job_id: Some("import-1".into()),
            state: state.into(),
            imported: 0,
            skipped: 0,
            failed: 0,
            message: None,
            at: 2,
        })
    }

    #[test]
    fn the_last_record_of_a_part_wins_and_a_torn_tail_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let (mut w, state) = JournalWriter::open(&path).unwrap();
        assert_eq!(state, ImportJournal::default());
        w.append(&plan()).unwrap();
        w.append(&job("Created")).unwrap();
        w.append(&job("InProgress")).unwrap();
        drop(w);
        let mut bytes = std::fs::read(&path).unwrap();
        let good = bytes.len() as u64;
        bytes.extend_from_slice(b"{\"record\":\"job\",\"par");
        std::fs::write(&path, &bytes).unwrap();
        let state = ImportJournal::load(&path).unwrap();
        assert_eq!(state.job(1).unwrap().state, "InProgress");
        assert_eq!(state.token.as_deref(), Some("ab12"));
        assert_eq!((state.valid_len, state.torn_bytes), (good, 20));
        let (_w, reopened) = JournalWriter::open(&path).unwrap();
        assert_eq!(reopened.torn_bytes, 20);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), good);
    }

    #[test]
    fn another_file_is_not_taken_for_a_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users.csv");
        std::fs::write(&path, "username,email\nalice,a@example.com\n").unwrap();
        assert!(matches!(
            ImportJournal::load(&path),
            Err(JournalError::NotAJournal { .. })
        ));
        // An invite journal is not an import journal either.
        let invite = "{\"record\":\"run\",\"version\":1}\n";
        std::fs::write(&path, invite).unwrap();
        assert!(matches!(
            ImportJournal::load(&path),
            Err(JournalError::NotAJournal { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            invite,
            "left as it is"
        );
    }
}
