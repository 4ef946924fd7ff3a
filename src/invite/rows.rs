//! Reading the CSV one record at a time.
//!
//! The file is never held in memory: [`RowReader`] wraps a buffered `csv`
//! reader and yields one [`Row`] per record, so a 100k-row file costs one
//! record's worth of memory per pass. The inviter reads the file twice (check
//! everything, then send) and a third time for the report; each pass streams.
//!
//! A row becomes an `AdminCreateUser` request: the `username` column, one user
//! attribute per other column, the optional `temporary_password` column, plus
//! what applies to every row (pool id, message action, delivery mediums). An
//! empty cell means "not given". Cells are trimmed: a stray space around an
//! email address is a spreadsheet accident, not part of the address.
//!
//! Each row has an identity for the journal: its line number and a
//! [`RowHash`] of its content, so that a CSV edited between runs is noticed.

use std::fmt;
use std::io::Read;

use csv::ByteRecord;

use crate::model::values::{standard_attribute, MANAGED_ATTRIBUTES};
use crate::model::{AdminCreateUserRequest, Attribute};
use crate::problem::Problem;
use crate::validate::PoolFacts;

/// The column that names the user.
pub const USERNAME: &str = "username";
/// The optional column of groups to add the user to, `;` between names.
pub const GROUPS: &str = "groups";
/// The column with a temporary password (a secret: never journaled, never
/// reported, never part of the row hash).
pub const TEMPORARY_PASSWORD: &str = "temporary_password";

/// A stable 64-bit fingerprint of a row's content (FNV-1a: the same on every
/// platform and Rust version, unlike `std`'s hasher, because it is stored in
/// journals that outlive the binary).
///
/// It covers every column but `temporary_password` (so the journal holds
/// nothing derived from a secret), keyed by column name, so reordering columns
/// does not change it while editing any value does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowHash(pub u64);

impl fmt::Display for RowHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl serde::Serialize for RowHash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for RowHash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16)
            .map(RowHash)
            .map_err(|_| serde::de::Error::custom(format!("not a row hash: {text:?}")))
    }
}

/// FNV-1a, 64 bits.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

/// What every request carries besides the row's own cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowTemplate {
    pub user_pool_id: String,
    pub message_action: Option<String>,
    pub delivery: Option<Vec<String>>,
    /// The pool's `UsernameAttributes`: where the username column may be left
    /// out (or empty) and the email or phone number is the username.
    pub username_attributes: Vec<String>,
    /// The pool's groups (ListGroups), when the CSV has a `groups` column:
    /// a row naming another group is invalid.
    pub groups: Option<std::collections::BTreeSet<String>>,
}

/// The header row, understood.
#[derive(Debug, Clone)]
pub struct Columns {
    names: Vec<String>,
    username: Option<usize>,
    password: Option<usize>,
    groups: Option<usize>,
    /// Columns a command takes besides username, password and attributes
    /// (`import`'s `cognito:mfa_enabled`): their cells go to [`Row::extra`].
    extra: Vec<usize>,
    /// Column indexes sorted by name, for the hash.
    sorted: Vec<usize>,
}

impl Columns {
    /// Reads a header row. Problems (empty or repeated names, attributes the
    /// pool does not have) are errors at `line 1`: every row would carry them.
    pub fn parse(header: &ByteRecord, facts: Option<&PoolFacts>) -> Result<Self, Vec<Problem>> {
        Self::parse_with(header, facts, &[])
    }

    /// [`Columns::parse`], also taking the `extra` column names.
    pub fn parse_with(
        header: &ByteRecord,
        facts: Option<&PoolFacts>,
        extra: &[&str],
    ) -> Result<Self, Vec<Problem>> {
        let mut names = Vec::with_capacity(header.len());
        // Seen names, so that a wide header is checked in linear time.
        let mut seen = std::collections::HashSet::with_capacity(header.len());
        let mut problems = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let at = format!("Header[{i}]");
            let name = match std::str::from_utf8(raw) {
                Ok(text) => text.trim().trim_start_matches('\u{feff}').to_owned(),
                Err(_) => {
                    problems.push(Problem::error(&at, "the column name is not valid UTF-8"));
                    String::from("\u{fffd}")
                }
            };
            if name.is_empty() {
                problems.push(Problem::error(
                    &at,
                    "the column has no name; name it username, temporary_password or an attribute such as email",
                ));
            } else if !seen.insert(name.clone()) {
                problems.push(Problem::error(
                    &at,
                    format!("{name} is a second column of that name"),
                ));
            } else if let Some(message) =
                column_problem(&name, facts).filter(|_| !extra.contains(&name.as_str()))
            {
                problems.push(Problem::error(&at, message));
            }
            names.push(name);
        }
        if names.is_empty() {
            problems.push(Problem::error(
                "Header",
                "the file is empty; the first line must name the columns",
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut sorted: Vec<usize> = (0..names.len()).collect();
        sorted.sort_by(|a, b| names[*a].cmp(&names[*b]));
        Ok(Self {
            username: names.iter().position(|n| n == USERNAME),
            password: names.iter().position(|n| n == TEMPORARY_PASSWORD),
            groups: names.iter().position(|n| n == GROUPS),
            extra: (0..names.len())
                .filter(|i| extra.contains(&names[*i].as_str()))
                .collect(),
            names,
            sorted,
        })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn has_username(&self) -> bool {
        self.username.is_some()
    }

    pub fn has_groups(&self) -> bool {
        self.groups.is_some()
    }
}

/// Whether the CSV's header names a `groups` column (read before the pool's
/// groups are listed, which only such a file needs).
pub fn names_groups(path: &std::path::Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(file.take(MAX_RECORD_BYTES));
    let mut header = ByteRecord::new();
    matches!(reader.read_byte_record(&mut header), Ok(true))
        && header.iter().any(|name| {
            std::str::from_utf8(name)
                .is_ok_and(|n| n.trim().trim_start_matches('\u{feff}') == GROUPS)
        })
}

/// A `groups` cell → its group names (`admins; editors`), each checked
/// against the service model's GroupName and, when known, the pool's groups.
fn group_names(
    cell: &str,
    known: Option<&std::collections::BTreeSet<String>>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let table = crate::validate::table::model().operation("AdminAddUserToGroup");
    let mut names: Vec<String> = Vec::new();
    for name in cell.split(';').map(str::trim).filter(|n| !n.is_empty()) {
        if names.iter().any(|n| n == name) {
            continue;
        }
        let check = crate::validate::engine::Check {
            table,
            depth: crate::validate::engine::Depth::Values,
            prefix: "",
            filled_by_tool: &["UserPoolId", "Username"],
        };
        let found = check.run(&serde_json::json!({ "GroupName": name }));
        if let Some(problem) = found.first() {
            problems.push(Problem::error(
                format!("Row.{GROUPS}"),
                format!("{name:?}: {}", problem.message),
            ));
        } else if known.is_some_and(|groups| !groups.contains(name)) {
            problems.push(Problem::error(
                format!("Row.{GROUPS}"),
                format!("the pool has no group {name:?} (create it first, e.g. in the plan's CreateGroup)"),
            ));
        }
        names.push(name.to_owned());
    }
    names
}

/// Why a column name cannot be a user attribute, if it cannot.
fn column_problem(name: &str, facts: Option<&PoolFacts>) -> Option<String> {
    if name == USERNAME || name == TEMPORARY_PASSWORD || name == GROUPS {
        return None;
    }
    if name == "sub" || name == "identities" {
        return Some(format!("{name} is set by Cognito and cannot be given"));
    }
    if standard_attribute(name).is_some() || MANAGED_ATTRIBUTES.contains(&name) {
        return None;
    }
    if let Some(bare) = name.strip_prefix("custom:") {
        return match facts {
            Some(pool) if pool.attribute(name).is_none() => Some(format!(
                "the pool has no attribute {name} (custom attributes are added to the pool first)"
            )),
            _ if bare.is_empty() => Some("custom: needs a name after it".into()),
            _ => None,
        };
    }
    let lower = name.to_ascii_lowercase();
    let known = lower == USERNAME || lower == TEMPORARY_PASSWORD;
    // The import file's own column: the input names the user `username`
    // (or, where the pool signs in with email or phone, leaves it out).
    if name == "cognito:username" {
        return Some(
            "cognito:username is the import file's column, written by this tool: name the column username (or leave it out where the pool signs in with email or phone)"
                .into(),
        );
    }
    let suggestion = if known || standard_attribute(&lower).is_some() {
        format!("; did you mean {lower}?")
    } else {
        format!("; a custom attribute is named custom:{name}")
    };
    Some(format!(
        "{name} is not a column this command knows: use username, temporary_password, or a user attribute{suggestion}"
    ))
}

/// One record of the CSV, as a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The line the record starts on (the header is line 1).
    pub line: u64,
    pub hash: RowHash,
    pub request: AdminCreateUserRequest,
    /// The groups to add the user to once created (the `groups` column).
    pub groups: Vec<String>,
    /// The cells of the command's extra columns that are not empty, by name.
    pub extra: Vec<(String, String)>,
    /// What is wrong with the record itself (bad UTF-8, wrong number of cells).
    pub problems: Vec<Problem>,
    /// The column the username comes from when the CSV has no `username`
    /// column: the pool's username attribute (`email`, or `email or
    /// phone_number`); `None` with a `username` column.
    pub username_from: Option<String>,
}

impl Row {
    /// The username the request will carry (empty when there is none).
    pub fn username(&self) -> &str {
        self.request.username.as_deref().unwrap_or_default()
    }

    /// Names each of this row's problems by the CSV column its value came
    /// from (`email`, not `UserAttributes[1].Value`; `groups`, not
    /// `Row.groups`): the operator fixes a cell, not a request. Problems of
    /// no one column (`Row`: the record itself) keep their names.
    ///
    /// An attribute the pool requires and the row lacks is said at its
    /// column (`email: is required`), and once: where the username comes
    /// from that same column, its own "is required" is the same fact.
    pub fn name_columns(&self, problems: &mut Vec<Problem>) {
        for problem in problems.iter_mut() {
            if problem.path == "UserAttributes" {
                if let Some(name) = problem.message.strip_prefix("the pool requires ") {
                    problem.path = name.to_owned();
                    problem.message = "is required by the pool".to_owned();
                    continue;
                }
            }
            if let Some(column) = self.column_of(&problem.path) {
                problem.path = column;
            }
        }
        let required_by_pool: Vec<String> = problems
            .iter()
            .filter(|p| p.message == "is required by the pool")
            .map(|p| p.path.clone())
            .collect();
        problems.retain(|p| !(p.message == "is required" && required_by_pool.contains(&p.path)));
    }

    /// The CSV column a request path came from, if one did.
    fn column_of(&self, path: &str) -> Option<String> {
        match path {
            "Username" => {
                return Some(
                    self.username_from
                        .clone()
                        .unwrap_or_else(|| USERNAME.to_owned()),
                )
            }
            "TemporaryPassword" => return Some(TEMPORARY_PASSWORD.to_owned()),
            _ => {}
        }
        if let Some(column) = path.strip_prefix("Row.") {
            return Some(column.to_owned());
        }
        let index: usize = path
            .strip_prefix("UserAttributes[")?
            .split_once(']')?
            .0
            .parse()
            .ok()?;
        let attributes = self.request.user_attributes.as_ref()?;
        Some(attributes.get(index)?.name.clone())
    }
}

/// Usernames seen so far in a file, to find the second row with one: kept
/// as 64-bit hashes with their first line, so a 1M-row file costs a few MB.
#[derive(Debug, Default)]
pub struct SeenUsernames {
    case_sensitive: bool,
    seen: std::collections::HashMap<u64, u64>,
}

impl SeenUsernames {
    /// `case_sensitive` as the pool's UsernameConfiguration says.
    pub fn new(case_sensitive: bool) -> Self {
        Self {
            case_sensitive,
            seen: Default::default(),
        }
    }

    /// The line an earlier row with the same username is on, if any; else
    /// remembers this one's.
    pub fn first_line_of(&mut self, row: &Row) -> Option<u64> {
        let name = row.username();
        if name.is_empty() {
            return None;
        }
        let mut h = Fnv::new();
        if self.case_sensitive {
            h.write(name.as_bytes());
        } else {
            h.write(name.to_lowercase().as_bytes());
        }
        match self.seen.entry(h.finish()) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(row.line);
                None
            }
        }
    }
}

/// Unreadable input: the file could not be opened or read (not a bad row).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReadError(pub String);

/// Streams the rows of a CSV.
pub struct RowReader<R: Read> {
    reader: csv::Reader<LineEndings<R>>,
    columns: Columns,
    template: RowTemplate,
    record: ByteRecord,
}

impl RowReader<std::fs::File> {
    /// Opens a file and reads its header.
    pub fn open(
        path: &std::path::Path,
        template: RowTemplate,
        facts: Option<&PoolFacts>,
    ) -> Result<Result<Self, Vec<Problem>>, ReadError> {
        Self::open_with(path, template, facts, &[])
    }

    /// [`RowReader::open`], also taking the `extra` columns.
    pub fn open_with(
        path: &std::path::Path,
        template: RowTemplate,
        facts: Option<&PoolFacts>,
        extra: &[&str],
    ) -> Result<Result<Self, Vec<Problem>>, ReadError> {
        let file = std::fs::File::open(path)
            .map_err(|e| ReadError(format!("cannot open {}: {e}", crate::sanitize::path(path))))?;
        // Read twice (checked, then sent) and by line on resume: a pipe would
        // be empty the second time.
        let regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
        if !regular {
            return Err(not_a_regular_csv(path));
        }
        Self::new_with(file, template, facts, extra)
    }
}

/// A CSV that is a pipe or a device: it is read more than once (checked, then
/// sent, and by line on resume), so it must be a file.
pub fn not_a_regular_csv(path: &std::path::Path) -> ReadError {
    ReadError(format!(
        "{} is not a regular file (a pipe or a device?): the CSV is read more than once, so save it to a file first",
        crate::sanitize::path(path)
    ))
}

/// Numbers lines as an editor does. The csv reader ends records at `\n`,
/// `\r\n` and a lone `\r` but counts lines only at `\n`, and not at the
/// blank lines it skips: without this, every row of a Windows (CRLF) file
/// was reported one line early, every row of a classic Mac (CR) file on line
/// 1 (found by the `csv_rows` fuzz target), and rows after a blank line too
/// early. So this hands every line break on as `\n` (inside quoted cells
/// too) and remembers where they are, from the last record on.
struct LineEndings<R> {
    inner: R,
    /// The last byte handed on was a `\r`: a `\n` right after it belongs to
    /// the same line break.
    after_cr: bool,
    /// Bytes handed on so far.
    offset: u64,
    /// Offsets of the line breaks handed on and not yet behind a record.
    breaks: std::collections::VecDeque<u64>,
    /// Line breaks before those.
    passed: u64,
    /// Where the record being read starts: reading more than
    /// [`MAX_RECORD_BYTES`] past it is an error, so one endless record
    /// cannot take all memory.
    record_from: u64,
    /// The last read failed for that reason.
    too_long: bool,
}

/// The most one CSV record (the header included) may take.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

fn header_too_long() -> ReadError {
    ReadError("line 1: the header is over 1 MiB; no CSV of users needs one that long".into())
}

fn too_long(line: u64) -> ReadError {
    ReadError(format!(
        "line {line}: the record is over 1 MiB; no user needs one that long"
    ))
}

/// How far the csv reader reads ahead of the record it parses (its buffer
/// is 8 KiB).
const READ_AHEAD: u64 = 64 << 10;

impl<R> LineEndings<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            after_cr: false,
            offset: 0,
            breaks: Default::default(),
            passed: 0,
            record_from: 0,
            too_long: false,
        }
    }

    /// The line of a record the csv reader places at `byte`: just after the
    /// previous record's line break, so blank lines it skipped follow there.
    fn line_at(&mut self, byte: u64) -> u64 {
        while self.breaks.front().is_some_and(|b| *b < byte) {
            self.breaks.pop_front();
            self.passed += 1;
        }
        let blank = self
            .breaks
            .iter()
            .zip(byte..)
            .take_while(|(at, expected)| **at == *expected)
            .count() as u64;
        self.passed + blank + 1
    }
}

impl<R: Read> Read for LineEndings<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.offset > self.record_from + MAX_RECORD_BYTES + READ_AHEAD {
                self.too_long = true;
                return Err(std::io::Error::other("a record is over 1 MiB"));
            }
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut kept = 0;
            for i in 0..n {
                let byte = buf[i];
                if byte == b'\n' && self.after_cr {
                    self.after_cr = false;
                    continue;
                }
                self.after_cr = byte == b'\r';
                let byte = if self.after_cr { b'\n' } else { byte };
                if byte == b'\n' {
                    self.breaks.push_back(self.offset + kept as u64);
                }
                buf[kept] = byte;
                kept += 1;
            }
            self.offset += kept as u64;
            // Zero would mean the end: a chunk that was only the `\n` of a
            // `\r\n` reads on.
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

impl<R: Read> RowReader<R> {
    /// Reads the header from `input`. The outer error is unreadable input; the
    /// inner one, header problems.
    pub fn new(
        input: R,
        template: RowTemplate,
        facts: Option<&PoolFacts>,
    ) -> Result<Result<Self, Vec<Problem>>, ReadError> {
        Self::new_with(input, template, facts, &[])
    }

    /// [`RowReader::new`], also taking the `extra` columns.
    pub fn new_with(
        input: R,
        template: RowTemplate,
        facts: Option<&PoolFacts>,
        extra: &[&str],
    ) -> Result<Result<Self, Vec<Problem>>, ReadError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(LineEndings::new(input));
        let header = reader.byte_headers().cloned();
        let header = match header {
            Ok(_) if reader.position().byte() > MAX_RECORD_BYTES => return Err(header_too_long()),
            Ok(header) => header,
            Err(_) if reader.get_ref().too_long => return Err(header_too_long()),
            Err(e) => return Err(ReadError(format!("cannot read the header: {e}"))),
        };
        reader.get_mut().record_from = reader.position().byte();
        Ok(
            Columns::parse_with(&header, facts, extra).map(|columns| Self {
                reader,
                columns,
                template,
                record: ByteRecord::new(),
            }),
        )
    }

    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// The next row; `None` at the end of the file.
    pub fn next_row(&mut self) -> Option<Result<Row, ReadError>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let start = self.record.position().map_or(0, |p| p.byte());
                let line = self.reader.get_mut().line_at(start);
                let end = self.reader.position().byte();
                if end - start > MAX_RECORD_BYTES {
                    return Some(Err(too_long(line)));
                }
                self.reader.get_mut().record_from = end;
                Some(Ok(self.build(line)))
            }
            Err(_) if self.reader.get_ref().too_long => {
                let inner = self.reader.get_mut();
                Some(Err(too_long(inner.line_at(inner.record_from))))
            }
            Err(e) => Some(Err(ReadError(match e.position() {
                Some(p) => format!("cannot read line {}: {e}", p.line()),
                None => format!("cannot read the file: {e}"),
            }))),
        }
    }

    fn build(&self, line: u64) -> Row {
        let record = &self.record;
        let columns = &self.columns;
        let mut problems = Vec::new();
        if record.len() != columns.names.len() {
            problems.push(Problem::error(
                "Row",
                format!(
                    "has {} cells; the header has {} columns",
                    record.len(),
                    columns.names.len()
                ),
            ));
        }
        let cell = |i: usize, problems: &mut Vec<Problem>| -> Option<String> {
            let raw = record.get(i)?;
            if raw.is_empty() {
                return None;
            }
            match std::str::from_utf8(raw) {
                Ok(text) => Some(text.to_owned()),
                Err(_) => {
                    problems.push(Problem::error(
                        format!("Row.{}", columns.names[i]),
                        "is not valid UTF-8 text",
                    ));
                    // The username is there, only unreadable: keep it (the
                    // row is invalid anyway), or the check would also claim
                    // it is missing.
                    (Some(i) == columns.username).then(|| String::from_utf8_lossy(raw).into_owned())
                }
            }
        };
        let mut attributes = Vec::new();
        let mut username = None;
        let mut password = None;
        let mut groups = Vec::new();
        let mut extra = Vec::new();
        for i in 0..columns.names.len() {
            let Some(value) = cell(i, &mut problems) else {
                continue;
            };
            if Some(i) == columns.username {
                username = Some(value);
            } else if Some(i) == columns.password {
                password = Some(value);
            } else if Some(i) == columns.groups {
                groups = group_names(&value, self.template.groups.as_ref(), &mut problems);
            } else if columns.extra.contains(&i) {
                extra.push((columns.names[i].clone(), value));
            } else {
                attributes.push(Attribute::new(columns.names[i].clone(), value));
            }
        }
        let username_from = (columns.username.is_none()
            && !self.template.username_attributes.is_empty())
        .then(|| self.template.username_attributes.join(" or "));
        if username.is_none() {
            username = self
                .template
                .username_attributes
                .iter()
                .filter_map(|wanted| attributes.iter().find(|a| a.name == *wanted))
                .find_map(|a| a.value.clone());
        }
        let request = AdminCreateUserRequest {
            user_pool_id: Some(self.template.user_pool_id.clone()),
            username,
            user_attributes: (!attributes.is_empty()).then_some(attributes),
            temporary_password: password,
            message_action: self.template.message_action.clone(),
            desired_delivery_mediums: self.template.delivery.clone(),
            ..Default::default()
        };
        Row {
            line,
            hash: self.hash(),
            request,
            groups,
            extra,
            problems,
            username_from,
        }
    }

    fn hash(&self) -> RowHash {
        let mut h = Fnv::new();
        let columns = &self.columns;
        for &i in &columns.sorted {
            if Some(i) == columns.password {
                continue;
            }
            match self.record.get(i) {
                Some(value) if !value.is_empty() => {
                    h.write(columns.names[i].as_bytes());
                    h.write(&[0x1f]);
                    h.write(value);
                    h.write(&[0x1e]);
                }
                _ => {}
            }
        }
        // Cells past the header's columns still make the row what it is.
        for extra in self.record.iter().skip(columns.names.len()) {
            h.write(&[0x1d]);
            h.write(extra);
        }
        RowHash(h.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn template() -> RowTemplate {
        RowTemplate {
            user_pool_id: "us-east-1_abc".into(),
            ..Default::default()
        }
    }

    fn reader(text: &str, template: RowTemplate) -> RowReader<Cursor<Vec<u8>>> {
        RowReader::new(Cursor::new(text.as_bytes().to_vec()), template, None)
            .unwrap()
            .unwrap()
    }

    fn rows(text: &str, template: RowTemplate) -> Vec<Row> {
        let mut r = reader(text, template);
        std::iter::from_fn(|| r.next_row().map(Result::unwrap)).collect()
    }

    #[test]
    fn problems_are_named_by_the_csv_column_their_value_came_from() {
        // bob has no email: his custom:team is the request's first attribute.
        let rows = rows(
            "username,email,custom:team\nalice,a@x,red\nbob,,blue\n",
            template(),
        );
        let mut problems = vec![
            Problem::error("UserAttributes[1].Value", "m"),
            Problem::error("Username", "m"),
            Problem::error("TemporaryPassword", "m"),
            Problem::error("Row.groups", "m"),
            Problem::error("Row", "m"),
            Problem::error("UserAttributes[9].Value", "m"),
        ];
        rows[0].name_columns(&mut problems);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "custom:team",
                "username",
                "temporary_password",
                "groups",
                "Row",
                "UserAttributes[9].Value"
            ]
        );
        let mut problems = vec![Problem::error("UserAttributes[0].Value", "m")];
        rows[1].name_columns(&mut problems);
        assert_eq!(problems[0].path, "custom:team");
    }

    #[test]
    fn the_import_files_username_column_is_named_for_what_it_is() {
        let said = column_problem("cognito:username", None).expect("refused");
        assert!(said.contains("name the column username"), "{said}");
        assert!(!said.contains("custom:"), "{said}");
    }

    #[test]
    fn a_missing_email_that_is_the_username_is_one_problem_at_its_column() {
        let rows = rows(
            "email,custom:team\n,red\n",
            RowTemplate {
                username_attributes: vec!["email".into()],
                ..template()
            },
        );
        let mut problems = vec![
            Problem::error("Username", "is required"),
            Problem::error("UserAttributes", "the pool requires email"),
        ];
        rows[0].name_columns(&mut problems);
        let said: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        assert_eq!(said, ["email: is required by the pool"]);
    }

    #[test]
    fn cells_become_a_request_and_empty_cells_are_not_given() {
        let rows = rows(
            "username,email,custom:team,temporary_password\nalice, alice@example.com ,,Secret1!\nbob,,red,\n",
            RowTemplate {
                message_action: Some("SUPPRESS".into()),
                delivery: Some(vec!["EMAIL".into()]),
                ..template()
            },
        );
        assert_eq!(rows.len(), 2);
        let alice = &rows[0].request;
        assert_eq!(rows[0].line, 2);
        assert_eq!(alice.user_pool_id.as_deref(), Some("us-east-1_abc"));
        assert_eq!(alice.username.as_deref(), Some("alice"));
        assert_eq!(
            alice.user_attributes,
            Some(vec![Attribute::new("email", "alice@example.com")])
        );
        assert_eq!(alice.temporary_password.as_deref(), Some("Secret1!"));
        assert_eq!(alice.message_action.as_deref(), Some("SUPPRESS"));
        assert_eq!(
            alice.desired_delivery_mediums,
            Some(vec!["EMAIL".to_owned()])
        );
        let bob = &rows[1].request;
        assert_eq!(rows[1].line, 3);
        assert_eq!(
            bob.user_attributes,
            Some(vec![Attribute::new("custom:team", "red")])
        );
        assert_eq!(bob.temporary_password, None);
        assert!(rows.iter().all(|r| r.problems.is_empty()));
    }

    #[test]
    fn email_is_the_username_where_the_pool_says_so() {
        let pool = RowTemplate {
            username_attributes: vec!["email".into(), "phone_number".into()],
            ..template()
        };
        let rows = rows(
            "email,phone_number\na@example.com,+14155550100\n,+14155550101\n,\n",
            pool.clone(),
        );
        assert_eq!(rows[0].username(), "a@example.com");
        assert_eq!(rows[1].username(), "+14155550101");
        assert_eq!(rows[2].request.username, None);
        // Without username attributes, no username is made up.
        let plain = super::tests::rows("email\na@example.com\n", template());
        assert_eq!(plain[0].request.username, None);
        // An explicit username column wins.
        let explicit = super::tests::rows("username,email\nbob,b@example.com\n", pool);
        assert_eq!(explicit[0].username(), "bob");
    }

    #[test]
    fn line_numbers_follow_the_file_through_quoted_newlines_and_blank_lines() {
        let rows = rows(
            "username,address\na,\"1 Main St\nSpringfield\"\n\nb,x\n",
            template(),
        );
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(
            rows[0].request.attribute("address"),
            Some("1 Main St\nSpringfield")
        );
    }

    #[test]
    fn the_hash_ignores_column_order_and_passwords_but_not_values() {
        let a = &rows(
            "username,email,temporary_password\nalice,a@example.com,Secret1!\n",
            template(),
        )[0];
        let reordered = &rows(
            "email,temporary_password,username\na@example.com,Other2@,alice\n",
            template(),
        )[0];
        let edited = &rows("username,email\nalice,b@example.com\n", template())[0];
        assert_eq!(a.hash, reordered.hash);
        assert_ne!(a.hash, edited.hash);
        assert_eq!(RowHash(0xab).to_string(), "00000000000000ab");
        let json = serde_json::to_string(&a.hash).unwrap();
        assert_eq!(serde_json::from_str::<RowHash>(&json).unwrap(), a.hash);
    }

    #[test]
    fn a_record_with_the_wrong_number_of_cells_or_bad_utf8_is_a_problem_not_a_stop() {
        let mut text = b"username,email\nalice\nbob,b@example.com,extra\ncarol,".to_vec();
        text.extend_from_slice(b"\xff\xfe\n");
        text.extend_from_slice(b"dave,d@example.com\n");
        let mut r = RowReader::new(Cursor::new(text), template(), None)
            .unwrap()
            .unwrap();
        let rows: Vec<Row> = std::iter::from_fn(|| r.next_row().map(Result::unwrap)).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0].problems[0].to_string(),
            "Row: has 1 cells; the header has 2 columns"
        );
        assert_eq!(
            rows[1].problems[0].to_string(),
            "Row: has 3 cells; the header has 2 columns"
        );
        assert_eq!(
            rows[2].problems[0].to_string(),
            "Row.email: is not valid UTF-8 text"
        );
        assert!(rows[3].problems.is_empty());
    }

    #[test]
    fn header_problems_are_reported_once() {
        let err = |text: &str| {
            RowReader::new(Cursor::new(text.as_bytes().to_vec()), template(), None)
                .unwrap()
                .err()
                .expect("header problems")
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            err("username,Email,email,email\n"),
            [
                "Header[1]: Email is not a column this command knows: use username, temporary_password, or a user attribute; did you mean email?",
                "Header[3]: email is a second column of that name",
            ]
        );
        assert_eq!(
            err("username,,sub\n"),
            [
                "Header[1]: the column has no name; name it username, temporary_password or an attribute such as email",
                "Header[2]: sub is set by Cognito and cannot be given",
            ]
        );
        assert_eq!(
            err(""),
            ["Header: the file is empty; the first line must name the columns"]
        );
        // A byte-order mark from a spreadsheet export is not part of the name.
        let ok = reader("\u{feff}username,email\n", template());
        assert_eq!(ok.columns().names(), ["username", "email"]);
    }

    #[test]
    fn a_commands_extra_columns_are_kept_apart_and_hashed() {
        let text =
            "username,email,cognito:mfa_enabled\nalice,a@example.com,true\nbob,b@example.com,\n";
        let mut r = RowReader::new_with(
            Cursor::new(text.as_bytes().to_vec()),
            template(),
            None,
            &["cognito:mfa_enabled"],
        )
        .unwrap()
        .unwrap();
        let alice = r.next_row().unwrap().unwrap();
        let bob = r.next_row().unwrap().unwrap();
        assert_eq!(
            alice.extra,
            [("cognito:mfa_enabled".to_owned(), "true".to_owned())]
        );
        assert_eq!(
            alice.request.user_attributes,
            Some(vec![Attribute::new("email", "a@example.com")]),
            "not an attribute"
        );
        assert!(bob.extra.is_empty());
        let plain = &rows("username,email\nalice,a@example.com\n", template())[0];
        assert_ne!(alice.hash, plain.hash);
        // Without it, the column is refused as before.
        assert!(
            RowReader::new(Cursor::new(text.as_bytes().to_vec()), template(), None)
                .unwrap()
                .is_err()
        );
        let mut seen = SeenUsernames::new(false);
        assert_eq!(seen.first_line_of(&alice), None);
        let mut again = alice.clone();
        again.line = 9;
        again.request.username = Some("ALICE".into());
        assert_eq!(seen.first_line_of(&again), Some(2));
    }

    #[test]
    fn custom_columns_must_exist_in_the_pool() {
        let mut facts = PoolFacts::default();
        facts.attributes.push(crate::validate::user::PoolAttribute {
            name: "custom:team".into(),
            data_type: "String".into(),
            required: false,
            mutable: true,
            min: None,
            max: None,
        });
        let header = ByteRecord::from(vec!["username", "custom:team", "custom:tema"]);
        let problems = Columns::parse(&header, Some(&facts)).unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "Header[2]: the pool has no attribute custom:tema (custom attributes are added to the pool first)"
        );
        let header = ByteRecord::from(vec!["username", "custom:team"]);
        assert!(Columns::parse(&header, Some(&facts)).is_ok());
    }

    /// Generates a CSV on the fly, counting the bytes handed out: proves the
    /// reader pulls input as it goes instead of loading the file.
    struct Generated {
        rows: u64,
        next: u64,
        pending: Vec<u8>,
        served: std::rc::Rc<std::cell::Cell<u64>>,
    }

    impl Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pending.is_empty() {
                if self.next == 0 {
                    self.pending = b"username,email\n".to_vec();
                } else if self.next <= self.rows {
                    self.pending = format!("user{0},user{0}@example.com\n", self.next).into_bytes();
                } else {
                    return Ok(0);
                }
                self.next += 1;
            }
            let n = buf.len().min(self.pending.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            self.served.set(self.served.get() + n as u64);
            Ok(n)
        }
    }

    #[test]
    fn a_100k_row_file_is_streamed_not_loaded() {
        let served = std::rc::Rc::new(std::cell::Cell::new(0));
        let input = Generated {
            rows: 100_000,
            next: 0,
            pending: Vec::new(),
            served: served.clone(),
        };
        let mut r = RowReader::new(input, template(), None).unwrap().unwrap();
        let first = r.next_row().unwrap().unwrap();
        assert_eq!(first.username(), "user1");
        // After one row, only a buffer's worth of a ~3 MB input has been read.
        assert!(served.get() < 128 * 1024, "read {} bytes", served.get());
        let mut count = 1;
        let mut last = first.line;
        while let Some(row) = r.next_row() {
            let row = row.unwrap();
            assert_eq!(row.line, last + 1);
            last = row.line;
            count += 1;
        }
        assert_eq!(count, 100_000);
        assert!(served.get() > 2_000_000);
    }
}
