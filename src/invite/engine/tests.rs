//! The inviter against an in-memory fake of the service (a user table, so
//! that a second create of a username is UsernameExistsException like the real
//! thing), on tokio's paused clock: retries and rate limiting take no real time.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serde_json::json;

use std::path::PathBuf;
use std::time::Duration;

use super::*;
use crate::api::{ApiError, ErrorKind};
use crate::api::{
    ApiResult, CreatedPool, CreatedUser, PoolSummary, SharedApi, TargetInfo, UserState,
};
use crate::headless::EXIT_INVALID;
use crate::invite::progress::{channel, Event};
use crate::model::load::DescribedPool;
use crate::model::{AdminCreateUserRequest, CreateUserPoolRequest, SetUserPoolMfaConfigRequest};

const POOL: &str = "us-east-1_test";

#[derive(Clone)]
enum Fault {
    Fail(ApiError),
    /// Creates the user, then loses the answer.
    CreateThenFail(ApiError),
}

#[derive(Default)]
struct Fake {
    pool: serde_json::Value,
    /// Username → how many times it was created.
    users: Mutex<HashMap<String, u32>>,
    calls: AtomicU64,
    calls_by_user: Mutex<HashMap<String, u32>>,
    requests: Mutex<Vec<AdminCreateUserRequest>>,
    faults: Mutex<HashMap<String, VecDeque<Fault>>>,
    /// Every call fails like this.
    always: Option<ApiError>,
    throttle_every: Option<u64>,
    /// Stops the run once this many calls were made.
    stop_after: Mutex<Option<(u64, StopHandle)>>,
    /// Errors quote the password, as a careless service might.
    echo_password: bool,
    /// Username → resends that went out (MessageAction RESEND).
    resends: Mutex<HashMap<String, u32>>,
    /// Username → times the user changed; AdminGetUser's modification time.
    versions: Mutex<HashMap<String, u64>>,
    /// AdminGetUser answers without `UserLastModifiedDate`.
    no_modified_time: bool,
    /// The pool's groups: what ListGroups lists and AdminAddUserToGroup
    /// accepts (see `tests/groups.rs`).
    groups: Mutex<std::collections::BTreeSet<String>>,
    /// (username, group) → members, a set as the service keeps it.
    members: Mutex<std::collections::BTreeSet<(String, String)>>,
    /// AdminAddUserToGroup calls made.
    group_calls: AtomicU64,
}

fn pool_json(username_attributes: Option<&[&str]>) -> serde_json::Value {
    let mut pool = json!({
        "Id": POOL,
        "Name": "test",
        "Policies": {"PasswordPolicy": {
            "MinimumLength": 10,
            "RequireUppercase": true,
            "RequireLowercase": true,
            "RequireNumbers": true,
            "RequireSymbols": false
        }},
        "SchemaAttributes": [
            {"Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": false,
             "Mutable": false, "Required": true,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}},
            {"Name": "email", "AttributeDataType": "String", "DeveloperOnlyAttribute": false,
             "Mutable": true, "Required": false,
             "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}},
            {"Name": "custom:team", "AttributeDataType": "String", "DeveloperOnlyAttribute": false,
             "Mutable": true, "Required": false,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}}
        ],
        "UsernameConfiguration": {"CaseSensitive": false},
        "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"}
    });
    if let Some(attrs) = username_attributes {
        pool["UsernameAttributes"] = json!(attrs);
    }
    pool
}

impl Fake {
    fn new() -> Self {
        Self {
            pool: pool_json(None),
            ..Default::default()
        }
    }

    fn fault(&self, user: &str, faults: impl IntoIterator<Item = Fault>) {
        self.faults
            .lock()
            .unwrap()
            .entry(user.to_owned())
            .or_default()
            .extend(faults);
    }

    fn calls(&self) -> u64 {
        self.calls.load(Ordering::SeqCst)
    }

    /// A resend goes out: the user gets a new temporary password.
    fn apply_resend(&self, user: &str) {
        *self.resends.lock().unwrap().entry(user.into()).or_default() += 1;
        *self
            .versions
            .lock()
            .unwrap()
            .entry(user.into())
            .or_default() += 1;
    }

    fn resends(&self, user: &str) -> u32 {
        self.resends.lock().unwrap().get(user).copied().unwrap_or(0)
    }

    /// What AdminGetUser would give as the user's modification time.
    fn modified(&self, user: &str) -> String {
        let version = self.versions.lock().unwrap().get(user).copied();
        format!("1700000000.{:09}", version.unwrap_or(0))
    }

    fn created(&self, user: &str) -> u32 {
        self.users.lock().unwrap().get(user).copied().unwrap_or(0)
    }

    fn respond(&self, request: &AdminCreateUserRequest) -> ApiResult<CreatedUser> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some((after, stop)) = &*self.stop_after.lock().unwrap() {
            if n >= *after {
                stop.stop("the test stopped it");
            }
        }
        self.requests.lock().unwrap().push(request.clone());
        let user = request.username.clone().unwrap_or_default();
        *self
            .calls_by_user
            .lock()
            .unwrap()
            .entry(user.clone())
            .or_default() += 1;
        if let Some(error) = &self.always {
            return Err(error.clone());
        }
        if self.throttle_every.is_some_and(|k| n.is_multiple_of(k)) {
            return Err(ApiError::service(
                "TooManyRequestsException",
                "Rate exceeded",
            ));
        }
        let fault = self
            .faults
            .lock()
            .unwrap()
            .get_mut(&user)
            .and_then(VecDeque::pop_front);
        let mut users = self.users.lock().unwrap();
        let resend = request.message_action.as_deref() == Some("RESEND");
        match fault {
            Some(Fault::Fail(mut error)) => {
                if self.echo_password {
                    if let Some(p) = &request.temporary_password {
                        error.message = format!("{} (you sent {p})", error.message);
                    }
                }
                return Err(error);
            }
            Some(Fault::CreateThenFail(error)) if resend => {
                self.apply_resend(&user);
                return Err(error);
            }
            Some(Fault::CreateThenFail(error)) => {
                *users.entry(user).or_default() += 1;
                return Err(error);
            }
            None => {}
        }
        if resend {
            if !users.contains_key(&user) {
                return Err(ApiError::service(
                    "UserNotFoundException",
                    "User does not exist.",
                ));
            }
            self.apply_resend(&user);
            return Ok(CreatedUser {
                username: user,
                status: Some("FORCE_CHANGE_PASSWORD".into()),
                enabled: true,
                attributes: Vec::new(),
            });
        }
        if users.contains_key(&user) {
            return Err(ApiError::service(
                "UsernameExistsException",
                "User account already exists",
            ));
        }
        users.insert(user.clone(), 1);
        Ok(CreatedUser {
            username: user,
            status: Some("FORCE_CHANGE_PASSWORD".into()),
            enabled: true,
            attributes: Vec::new(),
        })
    }
}

impl CognitoApi for Fake {
    fn create_user_pool(
        &self,
        _: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>> {
        unreachable!("the inviter creates no pool")
    }
    fn set_user_pool_mfa_config(
        &self,
        _: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>> {
        unreachable!("the inviter configures no pool")
    }
    fn admin_create_user(
        &self,
        request: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>> {
        let answer = self.respond(&request);
        Box::pin(async move {
            // A little latency, so calls overlap (paused clock: no real wait).
            tokio::time::sleep(Duration::from_millis(20)).await;
            answer
        })
    }
    fn describe_user_pool(&self, pool_id: String) -> BoxFuture<'static, ApiResult<DescribedPool>> {
        let pool = self.pool.clone();
        Box::pin(async move {
            if pool_id != POOL {
                return Err(ApiError::service(
                    "ResourceNotFoundException",
                    "User pool does not exist",
                ));
            }
            Ok(DescribedPool {
                user_pool: pool,
                mfa_config: None,
            })
        })
    }
    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>> {
        unreachable!()
    }
    fn target(&self) -> BoxFuture<'static, TargetInfo> {
        Box::pin(async { TargetInfo::default() })
    }

    fn for_bulk(self: Arc<Self>) -> SharedApi {
        self
    }

    fn configured_target(&self) -> BoxFuture<'static, TargetInfo> {
        self.target()
    }

    fn list_group_names(&self, _pool_id: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        let names = self.groups.lock().unwrap().iter().cloned().collect();
        Box::pin(async move { Ok(names) })
    }

    fn admin_add_user_to_group(
        &self,
        _pool_id: String,
        username: String,
        group: String,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.group_calls.fetch_add(1, Ordering::SeqCst);
        let answer = if !self.groups.lock().unwrap().contains(&group) {
            // The real client's hint names the group (tests/aws/hints.rs).
            Err(ApiError {
                hint: None,
                ..ApiError::service("ResourceNotFoundException", "Group not found.")
            })
        } else if !self.users.lock().unwrap().contains_key(&username) {
            Err(ApiError::service(
                "UserNotFoundException",
                "User does not exist.",
            ))
        } else {
            self.members.lock().unwrap().insert((username, group));
            Ok(())
        };
        Box::pin(async move { answer })
    }

    fn admin_get_user(
        &self,
        _pool_id: String,
        username: String,
    ) -> BoxFuture<'static, ApiResult<UserState>> {
        let answer = if self.users.lock().unwrap().contains_key(&username) {
            Ok(UserState {
                status: Some("FORCE_CHANGE_PASSWORD".into()),
                last_modified: (!self.no_modified_time).then(|| self.modified(&username)),
            })
        } else {
            Err(ApiError::service(
                "UserNotFoundException",
                "User does not exist.",
            ))
        };
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            answer
        })
    }
}

struct Setup {
    dir: tempfile::TempDir,
    csv: PathBuf,
}

impl Setup {
    fn new(text: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("users.csv");
        std::fs::write(&csv, text).unwrap();
        Self { dir, csv }
    }

    fn options(&self) -> InviteOptions {
        InviteOptions {
            rate: 200.0,
            concurrency: 4,
            // Bulk runs into a pool with Cognito's own sender need this.
            message_action: Some("SUPPRESS".into()),
            retry: RetryPolicy {
                base_backoff: Duration::from_millis(50),
                ..RetryPolicy::default()
            },
            ..InviteOptions::new(POOL, &self.csv)
        }
    }

    fn journal_text(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("users.csv.journal.jsonl")).unwrap_or_default()
    }

    fn journal_rows(&self) -> Vec<RowRecord> {
        self.journal_text()
            .lines()
            .filter_map(|l| match serde_json::from_str::<Entry>(l) {
                Ok(Entry::Row(r)) => Some(r),
                _ => None,
            })
            .collect()
    }

    fn report(&self) -> Vec<Vec<String>> {
        let mut reader =
            csv::Reader::from_path(self.dir.path().join("users.csv.report.csv")).unwrap();
        reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }
}

/// `n` valid users: username, email, team.
fn users_csv(n: usize) -> String {
    let mut text = String::from("username,email,custom:team\n");
    for i in 1..=n {
        text.push_str(&format!("user{i},user{i}@example.com,t{}\n", i % 3));
    }
    text
}

async fn run(
    api: &Arc<Fake>,
    options: InviteOptions,
    stop: StopHandle,
) -> (Result<Summary, InviteError>, Vec<Event>) {
    let (tx, mut rx) = channel();
    let result = match prepare(api.as_ref(), options, &tx).await {
        Ok(prepared) => send(api.clone(), prepared, tx, stop).await,
        Err(e) => Err(e),
    };
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    (result, events)
}

async fn run_ok(api: &Arc<Fake>, options: InviteOptions) -> (Summary, Vec<Event>) {
    let (result, events) = run(api, options, StopHandle::new()).await;
    (result.expect("the run completes"), events)
}

fn outcomes(events: &[Event]) -> Vec<(u64, Outcome)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Outcome { line, outcome, .. } => Some((*line, outcome.clone())),
            _ => None,
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn every_row_is_accounted_for_and_invalid_rows_are_recorded() {
    let mut text = users_csv(20);
    text.push_str("bad,not-an-email,t1\n"); // line 22
    text.push_str("USER1,other@example.com,t1\n"); // line 23: user1 again (case-insensitive pool)
    text.push_str(",nobody@example.com,t1\n"); // line 24: no username
    let setup = Setup::new(&text);
    let api = Arc::new(Fake::new());
    let options = InviteOptions {
        skip_invalid: true,
        ..setup.options()
    };
    let (summary, events) = run_ok(&api, options).await;
    assert_eq!(
        summary.to_string(),
        "23 rows: 20 created, 0 already existed, 3 invalid, 0 failed"
    );
    assert!(summary.complete());
    assert_eq!((summary.calls, api.calls()), (20, 20));
    let problems: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::RowProblems { line, problems, .. } => {
                Some(format!("line {line}: {}", problems[0]))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        problems,
        [
            "line 22: email: must be an email address like name@example.com",
            "line 23: username: USER1 is also the username on line 2",
            "line 24: username: is required",
        ]
    );
    // Every row has one journal record and one report line, in input order.
    let journal = setup.journal_rows();
    assert_eq!(journal.len(), 23);
    let report = setup.report();
    assert_eq!(report.len(), 23);
    assert_eq!(
        report[0],
        ["2", "user1", "created", "FORCE_CHANGE_PASSWORD", "", ""]
    );
    assert_eq!(report[20][..3], ["22", "bad", "invalid"]);
    assert_eq!(report[22][..3], ["24", "", "invalid"]);
    let lines: Vec<u64> = report.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(lines, (2..=24).collect::<Vec<_>>());
    assert_eq!(outcomes(&events).len(), 23);
    assert!(matches!(events.last(), Some(Event::Finished(s)) if *s == summary));
}

#[tokio::test(start_paused = true)]
async fn invalid_rows_stop_the_run_before_any_call_unless_skipped() {
    let mut text = users_csv(3);
    text.push_str("bad,not-an-email,t1\n");
    let setup = Setup::new(&text);
    let api = Arc::new(Fake::new());
    let (result, _) = run(&api, setup.options(), StopHandle::new()).await;
    match result {
        Err(InviteError::Blocked(blockers)) => {
            assert_eq!(blockers, [Blocker::InvalidRows(1)]);
            assert!(blockers[0].to_string().contains("--skip-invalid"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(api.calls(), 0);
    assert_eq!(setup.journal_text(), "", "no journal is started");
}

#[tokio::test(start_paused = true)]
async fn a_rerun_with_the_same_journal_makes_no_call() {
    let setup = Setup::new(&users_csv(25));
    let api = Arc::new(Fake::new());
    let (first, _) = run_ok(&api, setup.options()).await;
    assert_eq!(first.created, 25);
    let records = setup.journal_rows().len();
    let (second, events) = run_ok(&api, setup.options()).await;
    assert_eq!(api.calls(), 25, "no call the second time");
    assert_eq!(second.calls, 0);
    assert_eq!(second.to_string(), first.to_string());
    assert_eq!(setup.journal_rows().len(), records, "no new row record");
    assert!(outcomes(&events).is_empty());
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Started {
            already_done: 25,
            to_send: 0,
            ..
        }
    )));
}

#[tokio::test(start_paused = true)]
async fn failed_rows_are_tried_again_by_the_next_run() {
    let setup = Setup::new(&users_csv(6));
    let api = Arc::new(Fake::new());
    api.fault(
        "user3",
        [Fault::Fail(ApiError::service(
            "InvalidParameterException",
            "nope",
        ))],
    );
    let (first, _) = run_ok(&api, setup.options()).await;
    assert_eq!(
        first.to_string(),
        "6 rows: 5 created, 0 already existed, 0 invalid, 1 failed"
    );
    assert!(!first.complete());
    let report = setup.report();
    assert_eq!(
        report[2][..4],
        ["4", "user3", "failed", "InvalidParameterException"]
    );
    assert!(
        report[2][4].starts_with("nope ("),
        "with the hint: {}",
        report[2][4]
    );
    let (second, _) = run_ok(&api, setup.options()).await;
    assert_eq!(second.calls, 1);
    assert!(second.complete());
    assert_eq!(second.created, 6);
    assert_eq!(api.created("user3"), 1);
}

#[tokio::test(start_paused = true)]
async fn throttling_slows_the_run_and_loses_no_row() {
    let setup = Setup::new(&users_csv(60));
    let api = Arc::new(Fake {
        throttle_every: Some(3),
        ..Fake::new()
    });
    let (summary, events) = run_ok(&api, setup.options()).await;
    assert_eq!(summary.created, 60);
    assert!(summary.complete());
    assert!(summary.throttled >= 20, "{summary:?}");
    assert_eq!(summary.calls, 60 + summary.throttled);
    let users = api.users.lock().unwrap();
    assert_eq!(users.len(), 60);
    assert!(users.values().all(|n| *n == 1), "none created twice");
    let lowest = events
        .iter()
        .filter_map(|e| match e {
            Event::Rate { per_second } => Some(*per_second),
            _ => None,
        })
        .fold(f64::INFINITY, f64::min);
    assert!(lowest <= 100.0, "the rate backed off to {lowest}");
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Retry {
            throttled: true,
            ..
        }
    )));
}

#[tokio::test(start_paused = true)]
async fn transient_failures_are_retried_a_bounded_number_of_times() {
    let setup = Setup::new(&users_csv(5));
    let api = Arc::new(Fake::new());
    let timeout = ApiError::new(ErrorKind::Timeout, "no answer before the timeout");
    let broken = ApiError::new(ErrorKind::Network, "connection reset");
    api.fault("user2", vec![Fault::Fail(timeout.clone()); 2]);
    api.fault("user4", vec![Fault::Fail(broken); 10]);
    api.fault(
        "user5",
        [Fault::Fail(ApiError::service(
            "InternalErrorException",
            "oops",
        ))],
    );
    let started = Instant::now();
    let (summary, _) = run_ok(&api, setup.options()).await;
    assert_eq!(
        summary.to_string(),
        "5 rows: 4 created, 0 already existed, 0 invalid, 1 failed"
    );
    let by_user = api.calls_by_user.lock().unwrap().clone();
    assert_eq!(by_user["user2"], 3);
    assert_eq!(by_user["user5"], 2);
    assert_eq!(by_user["user4"], 5, "gave up after 5 attempts");
    assert_eq!(setup.report()[3][..4], ["5", "user4", "failed", "Network"]);
    // Backoff: 50, 100, 200, 400 ms, each jittered to half or more.
    assert!(started.elapsed() >= Duration::from_millis(375));
}

#[tokio::test(start_paused = true)]
async fn an_answer_lost_after_the_user_was_created_ends_as_exists() {
    let setup = Setup::new(&users_csv(3));
    let api = Arc::new(Fake::new());
    api.fault(
        "user2",
        [Fault::CreateThenFail(ApiError::new(
            ErrorKind::Network,
            "connection closed before the answer",
        ))],
    );
    let (summary, _) = run_ok(&api, setup.options()).await;
    assert_eq!(
        summary.to_string(),
        "3 rows: 2 created, 1 already existed, 0 invalid, 0 failed"
    );
    assert_eq!(api.created("user2"), 1);
}

#[tokio::test(start_paused = true)]
async fn a_run_cut_off_before_journaling_resumes_without_inviting_twice() {
    let setup = Setup::new(&users_csv(40));
    let api = Arc::new(Fake::new());
    let stop = StopHandle::new();
    *api.stop_after.lock().unwrap() = Some((15, stop.clone()));
    let (first, _) = run(&api, setup.options(), stop).await;
    let first = first.unwrap();
    assert_eq!(first.rows, 40);
    assert!(first.not_sent > 0);
    assert_eq!(first.stopped.as_deref(), Some("the test stopped it"));
    // As if killed before the last records reached the disk: drop them, and
    // leave half a record behind.
    let path = setup.dir.path().join("users.csv.journal.jsonl");
    let text = setup.journal_text();
    // The journal says where the run stopped, in its last record.
    let stop_line = text.lines().last().unwrap();
    assert!(
        stop_line.starts_with(r#"{"record":"stop","reason":"the test stopped it","last_line":"#),
        "{stop_line}"
    );
    let mut lines: Vec<&str> = text.lines().filter(|l| *l != stop_line).collect();
    let lost = 4;
    let last: &str = lines[lines.len() - 1];
    let torn = &last[..20];
    lines.truncate(lines.len() - lost);
    std::fs::write(&path, format!("{}\n{torn}", lines.join("\n"))).unwrap();

    let (second, _) = run_ok(&api, setup.options()).await;
    assert!(second.complete(), "{second:?}");
    assert_eq!(second.rows, 40);
    assert_eq!(second.created + second.exists, 40);
    assert_eq!(
        second.exists, lost as u64,
        "the lost answers came back as exists"
    );
    let users = api.users.lock().unwrap();
    assert_eq!(users.len(), 40);
    assert!(users.values().all(|n| *n == 1), "none invited twice");
    // The torn tail was cut off: every journal line is a record.
    for line in setup.journal_text().lines() {
        serde_json::from_str::<Entry>(line).expect("a whole record");
    }
}

#[tokio::test(start_paused = true)]
async fn a_row_changed_since_it_was_invited_blocks_the_resume_but_a_fixed_invalid_row_is_sent() {
    let mut text = users_csv(4);
    text.push_str("bad,not-an-email,t1\n");
    let setup = Setup::new(&text);
    let api = Arc::new(Fake::new());
    let options = InviteOptions {
        skip_invalid: true,
        ..setup.options()
    };
    run_ok(&api, options.clone()).await;
    // Fixing the invalid row is not a mismatch: it is sent next time.
    std::fs::write(&setup.csv, text.replace("not-an-email", "bad@example.com")).unwrap();
    let (fixed, _) = run_ok(&api, options.clone()).await;
    assert_eq!((fixed.calls, fixed.created, fixed.invalid), (1, 5, 0));
    // Editing a row that was invited is.
    let edited = std::fs::read_to_string(&setup.csv)
        .unwrap()
        .replace("user2@example.com", "someone@example.com");
    std::fs::write(&setup.csv, edited).unwrap();
    let (tx, _rx) = channel();
    let prepared = prepare(api.as_ref(), options, &tx).await.unwrap();
    assert_eq!(prepared.check().changed_lines, [3]);
    let blockers = prepared.blockers();
    assert!(
        blockers[0]
            .to_string()
            .starts_with("1 row that the journal"),
        "{}",
        blockers[0]
    );
    let calls = api.calls();
    assert!(matches!(
        send(api.clone(), prepared, tx, StopHandle::new()).await,
        Err(InviteError::Blocked(_))
    ));
    assert_eq!(api.calls(), calls);
}

#[tokio::test(start_paused = true)]
async fn errors_that_would_fail_every_row_stop_the_run() {
    let setup = Setup::new(&users_csv(30));
    let api = Arc::new(Fake {
        always: Some(ApiError::service("AccessDeniedException", "not allowed")),
        ..Fake::new()
    });
    let options = InviteOptions {
        concurrency: 2,
        ..setup.options()
    };
    let (summary, events) = run_ok(&api, options).await;
    assert_eq!(summary.rows, 30);
    assert_eq!(summary.failed, 30);
    assert!(summary.calls <= 3, "stopped after {} calls", summary.calls);
    assert_eq!(summary.not_sent, 30 - summary.calls);
    assert!(summary
        .stopped
        .as_deref()
        .unwrap()
        .contains("AccessDeniedException"));
    assert!(events.iter().any(|e| matches!(e, Event::Stopping { .. })));
    let report = setup.report();
    assert_eq!(report.len(), 30);
    assert_eq!(report[29][3], NOT_SENT);
}

#[tokio::test(start_paused = true)]
async fn passwords_never_reach_the_journal_the_report_or_the_events() {
    let passwords = ["Kx8mPq2wLz", "short1A", "Vb7nRt4yQe", "Zz9yXx8wVv"];
    let text = format!(
        "username,email,temporary_password\n\
         alice,alice@example.com,{}\n\
         bob,bob@example.com,{}\n\
         carol,carol@example.com,{}\n\
         dave,dave@example.com,{}\n",
        passwords[0], passwords[1], passwords[2], passwords[3]
    );
    let setup = Setup::new(&text);
    let api = Arc::new(Fake {
        echo_password: true,
        ..Fake::new()
    });
    api.fault(
        "carol",
        [Fault::Fail(ApiError::service(
            "InvalidPasswordException",
            "Password does not conform to policy",
        ))],
    );
    api.fault(
        "dave",
        vec![Fault::Fail(ApiError::new(ErrorKind::Timeout, "slow")); 1],
    );
    let options = InviteOptions {
        skip_invalid: true,
        ..setup.options()
    };
    let (summary, events) = run_ok(&api, options).await;
    assert_eq!(
        summary.to_string(),
        "4 rows: 2 created, 0 already existed, 1 invalid, 1 failed"
    );
    // The passwords did go to the service.
    assert!(api
        .requests
        .lock()
        .unwrap()
        .iter()
        .any(|r| r.temporary_password.as_deref() == Some(passwords[0])));
    let mut outputs = vec![
        setup.journal_text(),
        std::fs::read_to_string(setup.dir.path().join("users.csv.report.csv")).unwrap(),
    ];
    outputs.extend(events.iter().map(|e| format!("{e:?}")));
    for output in &outputs {
        for password in passwords {
            assert!(
                !output.contains(password),
                "{password} leaked into {output}"
            );
        }
    }
    assert!(setup.report()[2][4].contains("****"), "the echo was masked");
    assert!(setup.report()[1][4].contains("temporary_password"));
}

#[tokio::test(start_paused = true)]
async fn a_journal_of_another_pool_is_refused() {
    let setup = Setup::new(&users_csv(2));
    let journal = setup.dir.path().join("users.csv.journal.jsonl");
    std::fs::write(
        &journal,
        "{\"record\":\"run\",\"version\":1,\"user_pool_id\":\"us-east-1_other\",\"csv\":\"x\",\"started\":0}\n",
    )
    .unwrap();
    let api = Arc::new(Fake::new());
    let (result, _) = run(&api, setup.options(), StopHandle::new()).await;
    let error = result.unwrap_err();
    assert!(matches!(error, InviteError::WrongPool { .. }), "{error}");
    assert_eq!(error.exit_code(), EXIT_INVALID);
    assert_eq!(api.calls(), 0);
}

#[tokio::test(start_paused = true)]
async fn more_invitations_than_cognito_can_email_need_suppress_or_consent() {
    let setup = Setup::new(&users_csv(51));
    let api = Arc::new(Fake::new());
    let (tx, _rx) = channel();
    let options = InviteOptions {
        message_action: None,
        ..setup.options()
    };
    let mut prepared = prepare(api.as_ref(), options, &tx).await.unwrap();
    assert_eq!(prepared.check().delivery.email, 51);
    match &prepared.blockers()[..] {
        [Blocker::Delivery(reason)] => assert!(reason.contains("at most 50 a day")),
        other => panic!("expected the delivery refusal, got {other:?}"),
    }
    prepared.set_accept_delivery_limits(true);
    assert!(prepared.blockers().is_empty());
    prepared.set_accept_delivery_limits(false);
    prepared.set_message_action(Some("SUPPRESS".into()));
    assert!(prepared.blockers().is_empty());
    let summary = send(api.clone(), prepared, tx, StopHandle::new())
        .await
        .unwrap();
    assert_eq!(summary.created, 51);
    assert!(api
        .requests
        .lock()
        .unwrap()
        .iter()
        .all(|r| r.message_action.as_deref() == Some("SUPPRESS")));
}

#[tokio::test(start_paused = true)]
async fn the_email_is_the_username_where_the_pool_says_so() {
    let setup = Setup::new("email,custom:team\nann@example.com,red\nben@example.com,blue\n");
    let api = Arc::new(Fake {
        pool: pool_json(Some(&["email"])),
        ..Fake::new()
    });
    let (summary, _) = run_ok(&api, setup.options()).await;
    assert_eq!(summary.created, 2);
    assert_eq!(api.created("ann@example.com"), 1);
    assert_eq!(setup.report()[1][1], "ben@example.com");
}

#[tokio::test(start_paused = true)]
async fn the_rate_limit_holds_over_a_run() {
    let setup = Setup::new(&users_csv(91));
    let api = Arc::new(Fake::new());
    let options = InviteOptions {
        rate: 45.0,
        concurrency: 10,
        ..setup.options()
    };
    let started = Instant::now();
    let (summary, _) = run_ok(&api, options).await;
    assert_eq!(summary.created, 91);
    // 91 calls at 45/s: the last one leaves 2 s after the first.
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_millis(2200),
        "{took:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_csv_edited_between_the_check_and_the_send_stops_the_run() {
    let setup = Setup::new(&users_csv(10));
    let api = Arc::new(Fake::new());
    let (tx, _rx) = channel();
    let prepared = prepare(api.as_ref(), setup.options(), &tx).await.unwrap();
    std::fs::write(
        &setup.csv,
        users_csv(10).replace("user4@example.com", "changed@example.com"),
    )
    .unwrap();
    let summary = send(api.clone(), prepared, tx, StopHandle::new())
        .await
        .unwrap();
    let reason = summary.stopped.as_deref().expect("stopped");
    assert!(
        reason.starts_with("the CSV changed while the run was going (line 5)"),
        "{reason}"
    );
    assert_eq!(summary.rows, 10, "still one outcome per row");
    assert!(api.calls() <= 3, "nothing sent from the changed row on");
    assert_eq!(api.created("user4"), 0);
    assert_eq!(summary.not_sent, 10 - summary.created);
}

#[test]
fn backoff_doubles_with_jitter_and_is_capped() {
    let retry = RetryPolicy::default();
    for line in 2..50 {
        let first = backoff(&retry, 1, line);
        assert!(first >= Duration::from_millis(125) && first < Duration::from_millis(250));
        let third = backoff(&retry, 3, line);
        assert!(third >= Duration::from_millis(500) && third < Duration::from_millis(1000));
        assert!(backoff(&retry, 30, line) < retry.max_backoff);
    }
    assert_eq!(backoff(&retry, 2, 7), backoff(&retry, 2, 7), "reproducible");
}

/// An endpoint that never answers (every call times out): the breaker ends
/// the run after a few rows instead of spending every row's retries, and the
/// journal says where it stopped.
#[tokio::test(start_paused = true)]
async fn a_silent_endpoint_trips_the_breaker_and_the_journal_says_where() {
    let setup = Setup::new(&users_csv(100));
    let api = Arc::new(Fake {
        always: Some(ApiError::new(
            ErrorKind::Timeout,
            "no answer before the timeout",
        )),
        ..Fake::new()
    });
    let options = InviteOptions {
        concurrency: 4,
        ..setup.options()
    };
    let began = tokio::time::Instant::now();
    let (summary, _) = run_ok(&api, options).await;
    let reason = summary
        .stopped
        .clone()
        .expect("the breaker stopped the run");
    assert!(reason.contains("10 rows in a row failed"), "{reason}");
    assert!(summary.calls < 100, "{} calls", summary.calls);
    assert!(summary.not_sent > 50, "{summary:?}");
    assert!(
        began.elapsed() < Duration::from_secs(120),
        "{:?}",
        began.elapsed()
    );
    let text = setup.journal_text();
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with(r#"{"record":"stop","reason":"line "#),
        "{last}"
    );
}

/// The row deadline (`--timeout`) bounds a row's calls and backoffs: with a
/// deadline shorter than the first backoff, a failing row gets one call.
#[tokio::test(start_paused = true)]
async fn the_row_deadline_bounds_retries() {
    let setup = Setup::new(&users_csv(3));
    let api = Arc::new(Fake {
        always: Some(ApiError::new(ErrorKind::Network, "connection closed")),
        ..Fake::new()
    });
    let mut options = setup.options();
    options.retry.row_deadline = Duration::from_millis(10);
    let (summary, _) = run_ok(&api, options).await;
    assert_eq!(summary.failed, 3);
    assert_eq!(
        summary.calls, 3,
        "one call per row, no retry past the deadline"
    );
}

/// An endpoint that always throttles ends the run in bounded time too.
#[tokio::test(start_paused = true)]
async fn an_endpoint_that_always_throttles_ends_the_run() {
    let setup = Setup::new(&users_csv(200));
    let api = Arc::new(Fake {
        always: Some(ApiError::service(
            "TooManyRequestsException",
            "Rate exceeded",
        )),
        ..Fake::new()
    });
    let began = tokio::time::Instant::now();
    let (summary, _) = run_ok(&api, setup.options()).await;
    assert!(summary.stopped.is_some(), "{summary:?}");
    assert!(summary.not_sent > 100, "{summary:?}");
    assert!(
        began.elapsed() < Duration::from_secs(600),
        "{:?}",
        began.elapsed()
    );
}

/// A huge, hostile answer becomes a small, clean record: the journal, the
/// report and stderr keep at most the sanitiser's length.
#[test]
fn a_failure_keeps_the_servers_words_clean_and_short() {
    let error = ApiError::service(
        "Bad\u{1b}]0;T\u{7}Code",
        format!("{}\u{1b}]0;TAIL\u{7}", "M".repeat(200_000)),
    );
    let Outcome::Failed { code, message } = super::call::failed(&error, None) else {
        panic!("a failure")
    };
    assert!(
        message.chars().count() <= crate::sanitize::LIMIT,
        "{}",
        message.len()
    );
    assert!(message.ends_with('…'));
    for text in [&code, &message] {
        assert!(!text.chars().any(crate::sanitize::is_unsafe), "{text:?}");
    }
}

mod groups;
mod resend;
