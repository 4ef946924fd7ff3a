//! The check: describe the pool, get its import header, then one streaming
//! pass over the CSV that checks every row and writes the import files, a
//! new part whenever the next row would pass the job's limits. No import
//! call is made here, and nothing is uploaded.

use std::path::PathBuf;

use super::format::FileWriter;
use super::journal::{ImportJournal, PartPlan};
use super::progress::{ImportEvent, ImportEventSender};
use super::rules::{ImportFacts, RowChecker, MFA_ENABLED};
use super::{ImportError, ImportOptions};
use crate::api::{ApiResult, CognitoApi, ImportJobRequest};
use crate::files::AtomicFile;
use crate::invite::engine::backoff;
use crate::invite::rows::{Fnv, RowReader, RowTemplate, TEMPORARY_PASSWORD};
use crate::invite::RetryPolicy;
use crate::problem::has_errors;

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportCheck {
    pub rows: u64,
    pub valid: u64,
    pub invalid: u64,
    pub with_warnings: u64,
    /// Valid rows without `cognito:mfa_enabled`: the pool's MFA setting gave it
    /// (`true` where MFA is required, else `false`).
    pub mfa_from_pool: u64,
    /// The CSV has a temporary_password column, which an import cannot set.
    pub passwords_ignored: bool,
    pub parts: Vec<PartPlan>,
    /// The import file of each part.
    pub files: Vec<PathBuf>,
    pub journal_torn_bytes: u64,
}

/// The outcome of the check: what a run would do.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(super) options: ImportOptions,
    pub(super) facts: ImportFacts,
    pub(super) check: ImportCheck,
    pub(super) token: String,
}

impl Prepared {
    pub fn options(&self) -> &ImportOptions {
        &self.options
    }
    pub fn facts(&self) -> &ImportFacts {
        &self.facts
    }
    pub fn check(&self) -> &ImportCheck {
        &self.check
    }

    /// What stops [`super::run`] from starting, if anything.
    pub fn blocker(&self) -> Option<ImportError> {
        (self.check.invalid > 0 && !self.options.skip_invalid).then_some(ImportError::InvalidRows {
            rows: self.check.invalid,
        })
    }

    pub fn set_skip_invalid(&mut self, skip: bool) {
        self.options.skip_invalid = skip;
    }

    /// The name of part `part`'s job.
    pub fn job_name(&self, part: u32) -> String {
        job_name(
            &self.options,
            &self.token,
            part,
            self.check.parts.len() as u32,
        )
    }
}

fn job_name(options: &ImportOptions, token: &str, part: u32, parts: u32) -> String {
    let base = options
        .job_name
        .clone()
        .unwrap_or_else(|| match file_name(options) {
            stem if stem.is_empty() => format!("cognito-wizard-{token}"),
            stem => format!("cognito-wizard-{stem}-{token}"),
        });
    if parts <= 1 {
        base
    } else {
        format!("{base}-{part}of{parts}")
    }
}

/// Calls `call` until it succeeds or fails for good: transient failures
/// (throttling, timeouts, 5xx) are retried with the inviter's backoff.
pub(super) async fn retried<T>(
    name: &'static str,
    retry: &RetryPolicy,
    events: &ImportEventSender,
    mut call: impl FnMut() -> futures::future::BoxFuture<'static, ApiResult<T>>,
) -> Result<T, ImportError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match call().await {
            Err(e) if e.is_not_implemented() => {
                return Err(ImportError::NotImplemented { call: name })
            }
            Err(e) if e.is_transient() && attempt < retry.transient_attempts.max(1) => {
                let after = backoff(retry, attempt, 0);
                let _ = events.send(ImportEvent::Retry {
                    call: name,
                    error: e.to_string(),
                    after,
                });
                tokio::time::sleep(after).await;
            }
            Err(error) => return Err(ImportError::Call { call: name, error }),
            Ok(value) => return Ok(value),
        }
    }
}

/// Checks the request, the pool and every row; writes the import files.
pub async fn prepare(
    api: &dyn CognitoApi,
    options: ImportOptions,
    events: &ImportEventSender,
) -> Result<Prepared, ImportError> {
    if let Some(problem) = crate::validate::user_pool_id(&options.user_pool_id) {
        return Err(ImportError::Request(vec![problem]));
    }
    crate::files::clean_stale_temps(&options.report);
    super::parts::check_paths(&options)?;
    let journal = ImportJournal::load(&options.journal)?;
    if let Some(pool) = journal
        .user_pool_id
        .as_ref()
        .filter(|p| **p != options.user_pool_id)
    {
        return Err(ImportError::WrongPool {
            journal: options.journal.clone(),
            journal_pool: pool.clone(),
            pool: options.user_pool_id.clone(),
        });
    }
    // The token is known once the rows are read: the request is checked
    // with one as long.
    check_request(&options, "00000000")?;
    let described = crate::invite::setup::describe(api, &options.user_pool_id, &options.retry)
        .await
        .map_err(|error| ImportError::Call {
            call: "DescribeUserPool",
            error,
        })?;
    let header = {
        let pool = options.user_pool_id.clone();
        retried("GetCSVHeader", &options.retry, events, || {
            api.get_csv_header(pool.clone())
        })
        .await?
    };
    check_header(&header)?;
    let facts = ImportFacts::new(&described, header).map_err(ImportError::Pool)?;
    let pool_problems = facts.pool_problems();
    if !pool_problems.is_empty() {
        return Err(ImportError::Unimportable(pool_problems.join("; ")));
    }
    let ours = super::parts::replaceable(&options, &journal, &facts.header)?;
    let events = events.clone();
    let (check, options, facts, events) = tokio::task::spawn_blocking(move || {
        let check = check_rows(&options, &facts, &events, &ours);
        (check, options, facts, events)
    })
    .await
    .expect("the check pass does not panic");
    let mut check = check?;
    check.journal_torn_bytes = journal.torn_bytes;
    same_plan(&journal, &check, &options)?;
    let token = match &journal.token {
        Some(token) => token.clone(),
        None => derived_token(&options, &check),
    };
    let _ = events.send(ImportEvent::Checked(check.clone()));
    Ok(Prepared {
        options,
        facts,
        check,
        token,
    })
}

/// GetCSVHeader's columns become the import file's first line, the report's
/// messages and the screen's: one the import file cannot carry as a row
/// value could not be (a control character, a line break, a leading quote, a
/// backslash at the end), or as a column name (a comma, a space at either
/// end, a name given twice) is refused, shown escaped, before anything is
/// written.
fn check_header(header: &[String]) -> Result<(), ImportError> {
    let refusal = header
        .iter()
        .enumerate()
        .find_map(|(i, column)| header_refusal(column, &header[..i]).map(|why| (column, why)));
    match refusal {
        Some((column, why)) => Err(ImportError::Answer {
            call: "GetCSVHeader",
            message: format!(
                "the column name \"{}\" {why}; nothing was written or sent",
                crate::sanitize::clean(column)
            ),
        }),
        None => Ok(()),
    }
}

/// Why `column` cannot head a column of the import file after `before`.
fn header_refusal(column: &str, before: &[String]) -> Option<&'static str> {
    if column.is_empty() {
        return Some("is empty");
    }
    if let Some(why) = super::format::unwritable(column) {
        return Some(why);
    }
    if column.contains(',') {
        return Some("contains a comma, which the import file's header cannot carry");
    }
    if column.trim() != column {
        return Some("starts or ends with a space");
    }
    before
        .iter()
        .any(|c| c == column)
        .then_some("is given twice")
}

/// The journal's parts are this CSV's parts (when it has any).
fn same_plan(
    journal: &ImportJournal,
    check: &ImportCheck,
    options: &ImportOptions,
) -> Result<(), ImportError> {
    if journal.user_pool_id.is_none() {
        return Ok(());
    }
    let count = journal.parts.len().max(check.parts.len());
    for i in 0..count {
        if journal.parts.get(i) != check.parts.get(i) {
            return Err(ImportError::Changed {
                journal: options.journal.clone(),
                part: i as u32 + 1,
            });
        }
    }
    Ok(())
}

/// Eight hex digits that name this CSV's jobs, the same on every run over
/// the same pool, file name and rows: a `--dry-run` prints the names the
/// real run uses (a run that has started keeps the journal's token).
fn derived_token(options: &ImportOptions, check: &ImportCheck) -> String {
    let mut fnv = Fnv::new();
    fnv.write(options.user_pool_id.as_bytes());
    fnv.write(file_name(options).as_bytes());
    for part in &check.parts {
        fnv.write(part.hash.as_bytes());
    }
    format!("{:08x}", fnv.finish() as u32)
}

/// The CSV's file name without its extension, in the characters a job
/// name allows (others become `-`), at most 40 of them.
fn file_name(options: &ImportOptions) -> String {
    let stem = options
        .csv
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_.-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect()
}

/// CreateUserImportJob's request against the service model, before anything
/// is read or sent (the longest part suffix, `-999of999`, included).
/// The job's request checked against the service model before any row is
/// read (the role's ARN, the job name, the pool id): the wizard asks at the
/// role's prompt, saying why a value is refused.
pub fn request_problem(options: &ImportOptions) -> Option<String> {
    check_request(options, "00000000")
        .err()
        .map(|e| e.to_string())
}

fn check_request(options: &ImportOptions, token: &str) -> Result<(), ImportError> {
    let request = ImportJobRequest {
        job_name: format!("{}-999of999", job_name(options, token, 1, 1)),
        user_pool_id: options.user_pool_id.clone(),
        cloud_watch_logs_role_arn: options.cloudwatch_logs_role_arn.clone(),
    };
    let value = serde_json::to_value(&request).expect("the request serializes");
    let problems = crate::validate::engine::Check {
        table: crate::validate::table::model().operation("CreateUserImportJob"),
        depth: crate::validate::engine::Depth::Values,
        prefix: "",
        filled_by_tool: &[],
    }
    .run(&value);
    if has_errors(&problems) {
        Err(ImportError::Request(problems))
    } else {
        Ok(())
    }
}

/// Writes the parts one after another, starting the next when a row would
/// not fit the limits.
struct Parts<'a> {
    options: &'a ImportOptions,
    header: &'a [String],
    current: Option<(FileWriter<AtomicFile>, Fnv)>,
    parts: Vec<PartPlan>,
    files: Vec<PathBuf>,
    /// The parts whose existing files may be replaced.
    ours: &'a [u32],
}

impl<'a> Parts<'a> {
    fn push(&mut self, line: &str, hash: u64) -> Result<(), ImportError> {
        let limits = self.options.limits;
        let full = self.current.as_ref().is_some_and(|(w, _)| {
            w.rows >= limits.max_rows || w.bytes + line.len() as u64 + 1 > limits.max_bytes
        });
        if full {
            self.finish()?;
        }
        if self.current.is_none() {
            let part = self.parts.len() as u32 + 1;
            let path = self.options.part_file(part);
            crate::files::clean_stale_temps(&path);
            let file = AtomicFile::create(&path).map_err(|e| write_error(&path, e))?;
            let writer = FileWriter::new(file, self.header).map_err(|e| write_error(&path, e))?;
            self.current = Some((writer, Fnv::new()));
        }
        let (writer, fnv) = self.current.as_mut().expect("just made");
        let path = self.options.part_file(self.parts.len() as u32 + 1);
        writer.push(line).map_err(|e| write_error(&path, e))?;
        fnv.write(&hash.to_le_bytes());
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ImportError> {
        let Some((writer, fnv)) = self.current.take() else {
            return Ok(());
        };
        let part = self.parts.len() as u32 + 1;
        let path = self.options.part_file(part);
        let (rows, bytes) = (writer.rows, writer.bytes);
        let file = writer.into_inner().map_err(|e| write_error(&path, e))?;
        super::parts::commit(file, &path, part, self.ours)?;
        self.parts.push(PartPlan {
            part,
            rows,
            bytes,
            hash: format!("{:016x}", fnv.finish()),
        });
        self.files.push(path);
        Ok(())
    }
}

fn write_error(path: &std::path::Path, e: std::io::Error) -> ImportError {
    ImportError::Write {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

/// Opens the CSV as the import reads it: the invite's reader, with the
/// import's own `cognito:mfa_enabled` column.
pub(super) fn open_rows(
    options: &ImportOptions,
    facts: &ImportFacts,
) -> Result<RowReader<std::fs::File>, ImportError> {
    let template = RowTemplate {
        user_pool_id: options.user_pool_id.clone(),
        message_action: None,
        delivery: None,
        username_attributes: facts.facts.username_attributes.clone(),
        // A `groups` column is a header problem here: the job adds nobody
        // to a group (see `column_problems`).
        groups: None,
    };
    let reader = RowReader::open_with(&options.csv, template, Some(&facts.facts), &[MFA_ENABLED])
        .map_err(ImportError::Csv)?
        .map_err(ImportError::Header)?;
    let problems = facts.column_problems(reader.columns().names());
    if problems.is_empty() {
        Ok(reader)
    } else {
        Err(ImportError::Header(problems))
    }
}

/// The check pass (blocking).
fn check_rows(
    options: &ImportOptions,
    facts: &ImportFacts,
    events: &ImportEventSender,
    ours: &[u32],
) -> Result<ImportCheck, ImportError> {
    let mut rows = open_rows(options, facts)?;
    let mut check = ImportCheck {
        passwords_ignored: rows
            .columns()
            .names()
            .iter()
            .any(|n| n == TEMPORARY_PASSWORD),
        ..Default::default()
    };
    let mut checker = RowChecker::new(facts);
    let mut parts = Parts {
        options,
        header: &facts.header,
        current: None,
        parts: Vec::new(),
        files: Vec::new(),
        ours,
    };
    while let Some(row) = rows.next_row() {
        let row = row.map_err(ImportError::Csv)?;
        check.rows += 1;
        let checked = checker.check(&row);
        if !checked.problems.is_empty() {
            let _ = events.send(ImportEvent::RowProblems {
                line: row.line,
                username: row.username().to_owned(),
                problems: checked.problems.clone(),
            });
        }
        match checked.line {
            Some(line) => {
                check.valid += 1;
                check.mfa_from_pool += u64::from(checked.mfa_defaulted);
                check.with_warnings += u64::from(!checked.problems.is_empty());
                parts.push(&line, row.hash.0)?;
            }
            None => check.invalid += 1,
        }
    }
    parts.finish()?;
    check.parts = parts.parts;
    check.files = parts.files;
    Ok(check)
}
