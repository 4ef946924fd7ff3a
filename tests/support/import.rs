//! A fake of Cognito's user import job, for the capture server (moto does
//! not implement it): GetCSVHeader, CreateUserImportJob (with a pre-signed
//! URL on an upload server of its own, another 127.0.0.1 port, that takes the
//! PUT only with `x-amz-server-side-encryption: aws:kms` and a length),
//! Start/Describe/List/StopUserImportJob through the job's states, and an
//! import that reads the uploaded file by the documented rules
//! ("Formatting the .csv file", Amazon Cognito Developer Guide) on its own
//! (it shares no code with the tool) and creates the users.
//!
//! The job advances only when described: Pending, then InProgress importing
//! `rows_per_poll` rows per DescribeUserImportJob, then Succeeded. So tests
//! are driven by the tool's polls, never by the clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use cognito_wizard::api::SharedApi;
use cognito_wizard::aws::CallPolicy;

use super::{capture_api, Behaviour, CaptureServer, Recorded};

/// The fake job service, the Cognito capture server in front of it, its
/// upload server, and an API pointed at it (one try per call: the tool's
/// own retries are what is tested).
pub struct ImportFake {
    pub service: Arc<ImportService>,
    pub server: CaptureServer,
    pub uploads: CaptureServer,
    pub api: SharedApi,
}

pub async fn start(pool: FakePool, rows_per_poll: usize) -> ImportFake {
    let (service, uploads) = ImportService::start(pool, rows_per_poll);
    let server = CaptureServer::with_behaviours(service.behaviours());
    let policy = CallPolicy {
        max_attempts: 1,
        ..CallPolicy::default()
    };
    let api: SharedApi = Arc::new(capture_api(&server, policy).await);
    ImportFake {
        service,
        server,
        uploads,
        api,
    }
}

/// The pool the fake imports into.
#[derive(Debug, Clone)]
pub struct FakePool {
    pub id: String,
    pub name: String,
    /// `OFF`, `OPTIONAL` or `ON`.
    pub mfa: String,
    pub auto_verified: Vec<String>,
    /// Custom attributes (without `custom:`), all String.
    pub custom: Vec<String>,
    /// Columns GetCSVHeader answers besides the pool's (a hostile endpoint).
    pub extra_columns: Vec<String>,
    /// `email` where users sign in with their address (the email presets).
    pub username_attributes: Vec<String>,
}

impl Default for FakePool {
    fn default() -> Self {
        Self {
            id: "us-east-1_import".into(),
            name: "import-pool".into(),
            mfa: "OFF".into(),
            auto_verified: vec!["email".into()],
            custom: vec!["team".into()],
            extra_columns: Vec::new(),
            username_attributes: Vec::new(),
        }
    }
}

/// One line of a job's "CloudWatch log".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub line: u64,
    /// `SUCCEEDED`, `SKIPPED` or `FAILED`.
    pub result: &'static str,
    pub message: String,
}

/// A row of an uploaded file as the job read it: its line, and its cells by
/// column or why it fails.
type ReadRow = (u64, Result<HashMap<String, String>, String>);

#[derive(Debug, Clone, Default)]
pub struct FakeJob {
    pub id: String,
    pub name: String,
    pub status: String,
    pub uploads: u32,
    file: Option<Vec<u8>>,
    /// Parsed rows waiting to be imported: (line, cells by column).
    pending: Vec<ReadRow>,
    cursor: usize,
    pub imported: i64,
    pub skipped: i64,
    pub failed: i64,
    pub message: Option<String>,
    created: f64,
    pub log: Vec<LogLine>,
}

#[derive(Default)]
struct State {
    jobs: Vec<FakeJob>,
    /// Username → how many times imported (never more than 1).
    users: HashMap<String, u32>,
    /// Each imported user's cells, as the job read them.
    attributes: HashMap<String, HashMap<String, String>>,
    calls: HashMap<String, u32>,
    refused_uploads: u32,
    /// Create the next job, then drop the connection without an answer.
    drop_next_create: bool,
    /// A status no document names, given to a job in progress when described.
    odd_status: Option<String>,
    /// The bucket refuses every PUT (the URL expired).
    refuse_uploads: bool,
}

/// The fake service.
pub struct ImportService {
    pub pool: FakePool,
    pub rows_per_poll: usize,
    state: Mutex<State>,
    upload_url: Mutex<String>,
    /// Added to every job's ImportedUsers in its answers (a service whose
    /// counts do not add up).
    overcount: std::sync::atomic::AtomicI64,
}

impl ImportService {
    /// The service and its upload server (keep the server alive for the test).
    pub fn start(pool: FakePool, rows_per_poll: usize) -> (Arc<Self>, CaptureServer) {
        let service = Arc::new(Self {
            pool,
            rows_per_poll: rows_per_poll.max(1),
            state: Mutex::new(State::default()),
            upload_url: Mutex::new(String::new()),
            overcount: Default::default(),
        });
        let handler = service.clone();
        let uploads = CaptureServer::with_behaviours(HashMap::from([(
            String::new(),
            Behaviour::computed(move |request| handler.upload(request)),
        )]));
        *service.upload_url.lock().unwrap() = uploads.url();
        (service, uploads)
    }

    /// Answers for the Cognito capture server.
    pub fn behaviours(self: &Arc<Self>) -> HashMap<String, Behaviour> {
        let mut out = HashMap::from([(
            "DescribeUserPool".to_owned(),
            Behaviour::ok(json!({ "UserPool": self.describe_pool() }).to_string()),
        )]);
        for op in [
            "GetCSVHeader",
            "CreateUserImportJob",
            "StartUserImportJob",
            "DescribeUserImportJob",
            "StopUserImportJob",
            "ListUserImportJobs",
        ] {
            let service = self.clone();
            out.insert(
                op.to_owned(),
                Behaviour::computed(move |request| service.answer(op, request)),
            );
        }
        out
    }

    pub fn jobs(&self) -> Vec<FakeJob> {
        self.state.lock().unwrap().jobs.clone()
    }

    pub fn users(&self) -> HashMap<String, u32> {
        self.state.lock().unwrap().users.clone()
    }

    pub fn calls(&self, op: &str) -> u32 {
        self.state
            .lock()
            .unwrap()
            .calls
            .get(op)
            .copied()
            .unwrap_or(0)
    }

    /// What the job read for an imported user.
    pub fn user(&self, username: &str) -> Option<HashMap<String, String>> {
        self.state.lock().unwrap().attributes.get(username).cloned()
    }

    /// The next CreateUserImportJob makes its job, then the connection drops.
    pub fn drop_next_create(&self) {
        self.state.lock().unwrap().drop_next_create = true;
    }

    /// Jobs in progress answer `status` from their next describe on.
    pub fn answer_status(&self, status: &str) {
        self.state.lock().unwrap().odd_status = Some(status.to_owned());
    }

    /// Every upload is refused from now on (or no longer), as an expired URL is.
    pub fn refuse_uploads(&self, refuse: bool) {
        self.state.lock().unwrap().refuse_uploads = refuse;
    }

    /// Jobs answer `extra` more ImportedUsers than they imported.
    pub fn overcount(&self, extra: i64) {
        self.overcount
            .store(extra, std::sync::atomic::Ordering::SeqCst);
    }

    /// Hands out pre-signed URLs on this server instead (a hostile upload).
    pub fn upload_to(&self, base: &str) {
        *self.upload_url.lock().unwrap() = base.to_owned();
    }

    /// The file uploaded to a job.
    pub fn file(&self, job: usize) -> Option<Vec<u8>> {
        self.state.lock().unwrap().jobs.get(job)?.file.clone()
    }

    pub fn refused_uploads(&self) -> u32 {
        self.state.lock().unwrap().refused_uploads
    }

    /// A user that is already in the pool (the job skips it).
    pub fn add_user(&self, username: &str) {
        self.state.lock().unwrap().users.insert(username.into(), 1);
    }

    fn describe_pool(&self) -> Value {
        let mut schema = vec![
            json!({"Name": "sub", "AttributeDataType": "String", "Mutable": false, "Required": true}),
            json!({"Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": false}),
        ];
        for name in &self.pool.custom {
            schema.push(json!({"Name": format!("custom:{name}"), "AttributeDataType": "String", "Mutable": true, "Required": false}));
        }
        json!({
            "Id": self.pool.id,
            "Name": self.pool.name,
            "MfaConfiguration": self.pool.mfa,
            "AutoVerifiedAttributes": self.pool.auto_verified,
            "UsernameAttributes": self.pool.username_attributes,
            "SchemaAttributes": schema,
        })
    }

    /// What GetCSVHeader answers: the standard attributes, the custom ones,
    /// then the two cognito: columns (the order the service uses).
    pub fn header(&self) -> Vec<String> {
        let mut header: Vec<String> = [
            "name",
            "given_name",
            "family_name",
            "middle_name",
            "nickname",
            "preferred_username",
            "profile",
            "picture",
            "website",
            "email",
            "email_verified",
            "gender",
            "birthdate",
            "zoneinfo",
            "locale",
            "phone_number",
            "phone_number_verified",
            "address",
            "updated_at",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(self.pool.custom.iter().map(|c| format!("custom:{c}")));
        header.push("cognito:mfa_enabled".into());
        header.push("cognito:username".into());
        header.extend(self.pool.extra_columns.iter().cloned());
        header
    }

    fn answer(&self, op: &str, request: &Recorded) -> Behaviour {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut state = self.state.lock().unwrap();
        *state.calls.entry(op.to_owned()).or_default() += 1;
        if body["UserPoolId"] != self.pool.id.as_str() {
            return Behaviour::error(
                400,
                "ResourceNotFoundException",
                "User pool does not exist.",
            );
        }
        match op {
            "GetCSVHeader" => Behaviour::ok(
                json!({"UserPoolId": self.pool.id, "CSVHeader": self.header()}).to_string(),
            ),
            "CreateUserImportJob" => {
                if !body["CloudWatchLogsRoleArn"]
                    .as_str()
                    .is_some_and(|a| a.starts_with("arn:"))
                {
                    return Behaviour::error(
                        400,
                        "InvalidParameterException",
                        "CloudWatchLogsRoleArn is required",
                    );
                }
                let n = state.jobs.len() + 1;
                let job = FakeJob {
                    id: format!("import-{n:08}"),
                    name: body["JobName"].as_str().unwrap_or_default().to_owned(),
                    status: "Created".into(),
                    created: epoch() + n as f64 / 1000.0,
                    ..Default::default()
                };
                state.jobs.push(job);
                if std::mem::take(&mut state.drop_next_create) {
                    return Behaviour::DropConnection;
                }
                let job = state.jobs.last().unwrap();
                self.reply(job)
            }
            "ListUserImportJobs" => {
                let jobs: Vec<Value> = state.jobs.iter().rev().map(|j| self.shape(j)).collect();
                Behaviour::ok(json!({ "UserImportJobs": jobs }).to_string())
            }
            _ => {
                let id = body["JobId"].as_str().unwrap_or_default().to_owned();
                let active = state
                    .jobs
                    .iter()
                    .any(|j| j.id != id && matches!(j.status.as_str(), "Pending" | "InProgress"));
                let Some(job) = state.jobs.iter_mut().find(|j| j.id == id) else {
                    return Behaviour::error(
                        400,
                        "ResourceNotFoundException",
                        "Import job does not exist.",
                    );
                };
                let mut job = std::mem::take(job);
                let answer = match op {
                    "StartUserImportJob" => self.start_job(&mut job, active),
                    "StopUserImportJob" => stop_job(&mut job),
                    _ => {
                        let state = &mut *state;
                        match &state.odd_status {
                            Some(odd) if job.status == "InProgress" => job.status = odd.clone(),
                            _ => self.advance(&mut job, &mut state.users, &mut state.attributes),
                        }
                        Ok(())
                    }
                };
                let reply = match answer {
                    Ok(()) => self.reply(&job),
                    Err(e) => e,
                };
                let slot = state.jobs.iter_mut().find(|j| j.id.is_empty()).unwrap();
                *slot = job;
                reply
            }
        }
    }

    fn start_job(&self, job: &mut FakeJob, another_active: bool) -> Result<(), Behaviour> {
        if job.status != "Created" {
            return Err(Behaviour::error(
                400,
                "PreconditionNotMetException",
                &format!("The job is {}", job.status),
            ));
        }
        let Some(file) = job.file.clone() else {
            return Err(Behaviour::error(
                400,
                "PreconditionNotMetException",
                "No csv file was uploaded",
            ));
        };
        if another_active {
            return Err(Behaviour::error(
                400,
                "LimitExceededException",
                "Only one import job can be active at a time",
            ));
        }
        match self.parse(&file) {
            Ok(rows) => {
                job.pending = rows;
                job.status = "Pending".into();
            }
            Err(message) => {
                job.status = "Failed".into();
                job.message = Some(message);
            }
        }
        Ok(())
    }

    /// One poll's worth of progress.
    fn advance(
        &self,
        job: &mut FakeJob,
        users: &mut HashMap<String, u32>,
        attributes: &mut HashMap<String, HashMap<String, String>>,
    ) {
        match job.status.as_str() {
            "Pending" => job.status = "InProgress".into(),
            "Stopping" => {
                job.status = "Stopped".into();
                job.message = Some("The Import Job was stopped by the developer.".into());
            }
            "InProgress" => {
                let end = (job.cursor + self.rows_per_poll).min(job.pending.len());
                for i in job.cursor..end {
                    let (line, row) = job.pending[i].clone();
                    let (result, message) = match row {
                        Err(message) => ("FAILED", message),
                        Ok(cells) => {
                            let name = cells["cognito:username"].clone();
                            if users.contains_key(&name) {
                                ("SKIPPED", "The user already exists.".to_owned())
                            } else {
                                users.insert(name.clone(), 1);
                                attributes.insert(name, cells);
                                ("SUCCEEDED", "The import succeeded.".to_owned())
                            }
                        }
                    };
                    match result {
                        "FAILED" => job.failed += 1,
                        "SKIPPED" => job.skipped += 1,
                        _ => job.imported += 1,
                    }
                    job.log.push(LogLine {
                        line,
                        result,
                        message,
                    });
                }
                job.cursor = end;
                if job.cursor == job.pending.len() {
                    job.status = "Succeeded".into();
                    job.message = Some("Import Job Completed Successfully.".into());
                }
            }
            _ => {}
        }
    }

    /// The uploaded file, read as the job reads it.
    fn parse(&self, file: &[u8]) -> Result<Vec<ReadRow>, String> {
        let unparsable =
            |why: &str| format!("Amazon Cognito is unable to parse the .csv file: {why}");
        if file.starts_with(b"\xef\xbb\xbf") {
            return Err(unparsable("it starts with a byte order mark"));
        }
        if file.len() > 100_000_000 {
            return Err(unparsable("it is over 100 MB"));
        }
        let text = std::str::from_utf8(file).map_err(|_| unparsable("it is not UTF-8"))?;
        let mut lines = text.split('\n');
        let header: Vec<String> = lines
            .next()
            .unwrap_or_default()
            .split(',')
            .map(str::to_owned)
            .collect();
        let mut wanted = self.header();
        let mut got = header.clone();
        wanted.sort();
        got.sort();
        if wanted != got {
            return Err(unparsable("the header is not the pool's (GetCSVHeader)"));
        }
        let mut rows = Vec::new();
        for (i, line) in lines.enumerate() {
            if line.is_empty() {
                continue;
            }
            rows.push((i as u64 + 2, self.row(&header, line)));
        }
        if rows.len() > 500_000 {
            return Err(unparsable("it has over 500,000 rows"));
        }
        Ok(rows)
    }

    /// One row by the documented rules.
    fn row(&self, header: &[String], line: &str) -> Result<HashMap<String, String>, String> {
        if line.chars().count() > 16_000 {
            return Err("The row is longer than 16000 characters.".into());
        }
        let cells = split_escaped(line);
        if cells.len() != header.len() {
            return Err(format!(
                "The row has {} values; the header has {} columns.",
                cells.len(),
                header.len()
            ));
        }
        let cells: HashMap<String, String> = header
            .iter()
            .cloned()
            .zip(cells.into_iter().map(|c| c.trim().to_owned()))
            .collect();
        let get = |name: &str| cells.get(name).map(String::as_str).unwrap_or_default();
        let username = get("cognito:username");
        if username.is_empty() || username.contains([' ', '\t']) {
            return Err("The cognito:username is missing or has spaces.".into());
        }
        let mfa = get("cognito:mfa_enabled").to_ascii_lowercase();
        let mfa_ok = match self.pool.mfa.as_str() {
            "ON" => mfa == "true",
            "OFF" => mfa == "false",
            _ => mfa == "true" || mfa == "false",
        };
        if !mfa_ok {
            return Err(
                "The cognito:mfa_enabled value does not match the user pool's MFA configuration."
                    .into(),
            );
        }
        let verified = |a: &str| get(&format!("{a}_verified")).eq_ignore_ascii_case("true");
        let auto = &self.pool.auto_verified;
        let ok = match auto.len() {
            0 => false,
            1 => verified(&auto[0]),
            _ => auto.iter().any(|a| verified(a)),
        };
        if !ok {
            return Err("The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).".into());
        }
        for a in ["email", "phone_number"] {
            if verified(a) && get(a).is_empty() {
                return Err(format!("{a}_verified is true but {a} is missing."));
            }
        }
        let birthdate = get("birthdate");
        if !birthdate.is_empty() && !us_date(birthdate) {
            return Err("The birthdate is not in the format mm/dd/yyyy.".into());
        }
        Ok(cells)
    }

    fn upload(&self, request: &Recorded) -> Behaviour {
        let mut state = self.state.lock().unwrap();
        let refuse = |state: &mut State, status: u16, code: &str, message: &str| {
            state.refused_uploads += 1;
            Behaviour::Reply {
                status,
                content_type: "application/xml".into(),
                body: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>"),
            }
        };
        if state.refuse_uploads {
            return refuse(&mut state, 403, "AccessDenied", "Request has expired");
        }
        if request.method != "PUT" {
            return refuse(&mut state, 405, "MethodNotAllowed", "only PUT");
        }
        if request.header("x-amz-server-side-encryption") != Some("aws:kms") {
            return refuse(&mut state, 403, "AccessDenied", "There were headers present in the request which were not signed: x-amz-server-side-encryption is required");
        }
        if request.header("content-length").is_none()
            || request.header("transfer-encoding").is_some()
        {
            return refuse(
                &mut state,
                411,
                "MissingContentLength",
                "You must provide the Content-Length HTTP header.",
            );
        }
        let id = request
            .path
            .strip_prefix("/upload/")
            .and_then(|rest| rest.split('?').next())
            .unwrap_or_default()
            .to_owned();
        let Some(job) = state.jobs.iter_mut().find(|j| j.id == id) else {
            return refuse(&mut state, 403, "AccessDenied", "Request has expired");
        };
        if job.status != "Created" {
            return refuse(&mut state, 403, "AccessDenied", "Request has expired");
        }
        job.file = Some(request.body.clone());
        job.uploads += 1;
        Behaviour::Reply {
            status: 200,
            content_type: "application/xml".into(),
            body: String::new(),
        }
    }

    fn shape(&self, job: &FakeJob) -> Value {
        let url = format!(
            "{}/upload/{}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption&X-Amz-Signature=fake",
            self.upload_url.lock().unwrap(),
            job.id
        );
        let mut value = json!({
            "JobName": job.name,
            "JobId": job.id,
            "UserPoolId": self.pool.id,
            "PreSignedUrl": url,
            "CreationDate": job.created,
            "Status": job.status,
            "CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/CognitoImport",
            "ImportedUsers": job.imported
                + self.overcount.load(std::sync::atomic::Ordering::SeqCst),
            "SkippedUsers": job.skipped,
            "FailedUsers": job.failed,
        });
        if let Some(message) = &job.message {
            value["CompletionMessage"] = json!(message);
        }
        value
    }

    fn reply(&self, job: &FakeJob) -> Behaviour {
        Behaviour::ok(json!({ "UserImportJob": self.shape(job) }).to_string())
    }
}

fn stop_job(job: &mut FakeJob) -> Result<(), Behaviour> {
    match job.status.as_str() {
        "Pending" | "InProgress" => {
            job.status = "Stopping".into();
            Ok(())
        }
        other => Err(Behaviour::error(
            400,
            "PreconditionNotMetException",
            &format!("The job is {other}"),
        )),
    }
}

/// Splits a row at the commas that have no backslash before them, and takes
/// the backslash out of each `\,`.
fn split_escaped(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                chars.next();
                cells.last_mut().unwrap().push(',');
            }
            ',' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

fn us_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[2] == b'/'
        && b[5] == b'/'
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

fn epoch() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}
