//! Bulk invitations (`cognito-wizard invite`) end to end:
//!
//! * against moto (the local Cognito emulator `scripts/test.sh` starts; these
//!   tests fail without it): a few hundred users from a CSV, a rerun that makes
//!   no call, and a run of the real binary killed with SIGKILL half-way then
//!   resumed, checked with ListUsers (the AWS CLI, paginated);
//! * against the in-project fault-injecting endpoint (`support::fault` on the
//!   capture server): throttling, 500s, 502s, connections dropped before and
//!   after the user is created, delays — every row still accounted for;
//! * the refusals (delivery limits, invalid rows), the dry run, a failed row;
//! * and, everywhere, that no temporary password appears in any output.
//!
//! Every wait is a bounded poll on a condition; nothing sleeps for a fixed time.

mod support;

#[path = "invite/groups.rs"]
mod groups;
#[path = "invite/import.rs"]
mod import;
#[path = "invite/import_hostile.rs"]
mod import_hostile;
#[path = "invite/import_upload.rs"]
mod import_upload;
#[path = "invite/quota.rs"]
mod quota;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cognito_wizard::api::CognitoApi;
use cognito_wizard::aws::CallPolicy;
use cognito_wizard::headless::Output;
use cognito_wizard::invite::journal::{Entry, Outcome, RowRecord};
use cognito_wizard::invite::{self, InviteOptions, RetryPolicy};
use cognito_wizard::model::CreateUserPoolRequest;
use serde_json::{json, Value};
use support::fault::{FaultPlan, UserTable};
use support::{moto_api, moto_url, unique_name, CaptureServer};

// --- helpers -----------------------------------------------------------------------------

/// A temporary password that meets the test pools' policy, unique per row.
fn password(i: usize) -> String {
    format!("Tq{i:04}zW9!pL")
}

/// `rows` users: username, email, team and a temporary password.
fn write_csv(dir: &Path, prefix: &str, rows: usize) -> PathBuf {
    let mut text = String::from("username,email,custom:team,temporary_password\n");
    for i in 1..=rows {
        text.push_str(&format!(
            "{prefix}{i},{prefix}{i}@example.com,team{},{}\n",
            i % 5,
            password(i)
        ));
    }
    let path = dir.join("users.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn journal_of(csv: &Path) -> PathBuf {
    invite::default_journal(csv)
}

fn report_of(csv: &Path) -> PathBuf {
    invite::default_report(csv)
}

/// The row records of a journal (a torn last line is skipped, like the
/// inviter does).
fn row_records(journal: &Path) -> Vec<RowRecord> {
    std::fs::read_to_string(journal)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| match serde_json::from_str::<Entry>(line) {
            Ok(Entry::Row(record)) => Some(record),
            _ => None,
        })
        .collect()
}

/// The report's rows (header excluded).
fn report_rows(path: &Path) -> Vec<Vec<String>> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Fails if any temporary password of the CSV appears in any of `outputs`.
fn assert_no_password(rows: usize, outputs: &[(&str, String)]) {
    for (name, text) in outputs {
        assert!(!text.is_empty() || name.ends_with("(may be empty)"));
        for i in 1..=rows {
            let p = password(i);
            assert!(
                !text.contains(&p),
                "a temporary password ({p}) is in {name}"
            );
        }
        // Nor any run of the passwords' shared shape.
        assert!(
            !text.contains("zW9!pL"),
            "a temporary password is in {name}"
        );
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The built binary pointed at `endpoint` (see [`support::binary_command`]).
fn binary(endpoint: &str, args: &[&str]) -> Command {
    let mut command = support::binary_command();
    command
        .args(["--endpoint-url", endpoint, "--region", "us-east-1"])
        .args(args);
    command
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(mut command: Command) -> Run {
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The summary line the command prints last on stdout.
fn summary_line(run: &Run) -> &str {
    run.stdout.lines().last().unwrap_or_default()
}

// --- moto ---------------------------------------------------------------------------------

/// A fresh moto pool with a custom `team` attribute; returns its id.
async fn moto_pool() -> String {
    let request: CreateUserPoolRequest = serde_json::from_value(json!({
        "PoolName": unique_name("invite"),
        "Policies": {"PasswordPolicy": {
            "MinimumLength": 10,
            "RequireUppercase": true,
            "RequireLowercase": true,
            "RequireNumbers": true,
            "RequireSymbols": true
        }},
        "Schema": [{
            "Name": "team",
            "AttributeDataType": "String",
            "Mutable": true,
            "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}
        }]
    }))
    .unwrap();
    moto_api()
        .await
        .create_user_pool(request)
        .await
        .expect("moto creates the pool")
        .id
}

/// What resending relies on, in the emulator: a resend changes the user's
/// `UserLastModifiedDate`, and a read alone does not.
#[tokio::test]
async fn moto_a_resend_moves_the_users_modification_time() {
    let pool = moto_pool().await;
    let api = moto_api().await;
    let request = |action: &str| cognito_wizard::model::AdminCreateUserRequest {
        user_pool_id: Some(pool.clone()),
        username: Some("resent".into()),
        message_action: Some(action.into()),
        ..Default::default()
    };
    api.admin_create_user(request("SUPPRESS")).await.unwrap();
    let read = || api.admin_get_user(pool.clone(), "resent".into());
    let first = read().await.unwrap();
    assert!(first.last_modified.is_some(), "{first:?}");
    assert_eq!(read().await.unwrap(), first, "a read changes nothing");
    api.admin_create_user(request("RESEND")).await.unwrap();
    let after = read().await.unwrap();
    assert_ne!(after.last_modified, first.last_modified, "{after:?}");
    assert_eq!(after.status.as_deref(), Some("FORCE_CHANGE_PASSWORD"));
}

/// Every username in a moto pool, through `aws cognito-idp list-users`
/// (small pages, so that the CLI follows pagination tokens).
fn list_usernames(pool_id: &str) -> Vec<String> {
    let output = Command::new("aws")
        .args(["cognito-idp", "list-users", "--user-pool-id", pool_id])
        .args(["--page-size", "60", "--output", "json"])
        .args(["--endpoint-url", &moto_url(), "--region", "us-east-1"])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_PAGER", "")
        .stdin(Stdio::null())
        .output()
        .expect("the AWS CLI runs (scripts/test.sh puts the venv's aws on PATH)");
    assert!(
        output.status.success(),
        "aws cognito-idp list-users failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    listed["Users"]
        .as_array()
        .expect("a Users list")
        .iter()
        .map(|u| u["Username"].as_str().unwrap().to_owned())
        .collect()
}

fn expected_users(prefix: &str, rows: usize) -> HashSet<String> {
    (1..=rows).map(|i| format!("{prefix}{i}")).collect()
}

/// Each name once, and exactly the expected ones.
fn assert_each_user_once(listed: &[String], expected: &HashSet<String>) {
    let unique: HashSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a user is listed twice");
    let listed: HashSet<String> = listed.iter().cloned().collect();
    assert_eq!(&listed, expected);
}

#[tokio::test]
async fn moto_invites_a_csv_and_a_rerun_makes_no_call() {
    let pool = moto_pool().await;
    let dir = tempfile::tempdir().unwrap();
    let rows = 300;
    let csv = write_csv(dir.path(), "ann", rows);
    let csv_arg = csv.to_str().unwrap();
    let args = [
        "invite",
        "--user-pool-id",
        &pool,
        "--csv",
        csv_arg,
        "--message-action",
        "SUPPRESS",
        "--rate",
        "1000",
        "--concurrency",
        "8",
    ];
    let first = run(binary(&moto_url(), &args));
    assert_eq!(first.code, Some(0), "{}\n{}", first.stdout, first.stderr);
    assert_eq!(
        summary_line(&first),
        "300 rows: 300 created, 0 already existed, 0 invalid, 0 failed"
    );
    let report = report_rows(&report_of(&csv));
    assert_eq!(report.len(), rows, "one report line per row");
    for (i, row) in report.iter().enumerate() {
        assert_eq!(row[0], (i + 2).to_string());
        assert_eq!(row[1], format!("ann{}", i + 1));
        assert_eq!(row[2..4], ["created", "FORCE_CHANGE_PASSWORD"]);
    }
    let journal = journal_of(&csv);
    assert_eq!(row_records(&journal).len(), rows);
    assert_each_user_once(&list_usernames(&pool), &expected_users("ann", rows));

    // Again, with the same journal: nothing to send.
    let journal_before = read(&journal);
    let second = run(binary(&moto_url(), &args));
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    assert_eq!(summary_line(&second), summary_line(&first));
    assert!(
        second.stderr.contains("invite: 0 requests"),
        "{}",
        second.stderr
    );
    assert_eq!(row_records(&journal).len(), rows, "no new row record");
    let journal_after = read(&journal);
    assert!(journal_after.starts_with(&journal_before));
    assert_eq!(
        journal_after.lines().count(),
        journal_before.lines().count() + 1,
        "only the second run's start record"
    );
    assert_eq!(report_rows(&report_of(&csv)), report);
    assert_eq!(list_usernames(&pool).len(), rows);

    assert_no_password(
        rows,
        &[
            ("stdout", first.stdout + &second.stdout),
            ("stderr", first.stderr + &second.stderr),
            ("the journal", journal_after),
            ("the report", read(&report_of(&csv))),
        ],
    );
}

#[tokio::test]
async fn moto_run_killed_half_way_resumes_with_each_user_created_once() {
    let pool = moto_pool().await;
    let dir = tempfile::tempdir().unwrap();
    let rows = 400;
    let csv = write_csv(dir.path(), "kim", rows);
    let journal = journal_of(&csv);
    let csv_arg = csv.to_str().unwrap();
    let args = |rate: &'static str| {
        vec![
            "invite".to_owned(),
            "--user-pool-id".into(),
            pool.clone(),
            "--csv".into(),
            csv_arg.into(),
            "--message-action".into(),
            "SUPPRESS".into(),
            "--rate".into(),
            rate.into(),
            "--concurrency".into(),
            "8".into(),
        ]
    };
    // Slow enough (40 a second: about ten seconds) to be caught half-way.
    let slow: Vec<String> = args("40");
    let slow: Vec<&str> = slow.iter().map(String::as_str).collect();
    let mut command = binary(&moto_url(), &slow);
    let out_path = dir.path().join("first.out");
    let err_path = dir.path().join("first.err");
    command
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    let mut child = command.spawn().expect("the binary starts");

    // Wait (bounded) until a quarter of the rows are journaled, then SIGKILL.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if row_records(&journal).len() >= rows / 4 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed: {}",
            read(&err_path)
        );
        assert!(
            Instant::now() < deadline,
            "the journal did not grow: {}",
            read(&err_path)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "killed, not finished: {status}");
    }
    let done_before = row_records(&journal).len();
    assert!(
        done_before < rows,
        "killed half-way, not at the end ({done_before})"
    );
    let listed_before = list_usernames(&pool).len();
    assert!(listed_before >= done_before && listed_before < rows);

    let fast: Vec<String> = args("1000");
    let fast: Vec<&str> = fast.iter().map(String::as_str).collect();
    let resumed = run(binary(&moto_url(), &fast));
    assert_eq!(resumed.code, Some(0), "{}", resumed.stderr);

    // Every line has exactly one outcome across both runs: created by one of
    // them, or found existing by the second (created by the first after its
    // last journal write).
    let records = row_records(&journal);
    let mut by_line: HashMap<u64, Vec<&Outcome>> = HashMap::new();
    for r in &records {
        by_line.entry(r.line).or_default().push(&r.outcome);
    }
    assert_eq!(by_line.len(), rows);
    for (line, outcomes) in &by_line {
        assert_eq!(outcomes.len(), 1, "line {line}: {outcomes:?}");
        assert!(
            matches!(outcomes[0], Outcome::Created { .. } | Outcome::Exists),
            "line {line}: {outcomes:?}"
        );
    }
    let exists = records
        .iter()
        .filter(|r| r.outcome == Outcome::Exists)
        .count();
    assert_eq!(
        summary_line(&resumed),
        format!(
            "{rows} rows: {} created, {exists} already existed, 0 invalid, 0 failed",
            rows - exists
        )
    );
    assert_eq!(report_rows(&report_of(&csv)).len(), rows);
    assert_each_user_once(&list_usernames(&pool), &expected_users("kim", rows));

    assert_no_password(
        rows,
        &[
            ("stdout (may be empty)", read(&out_path) + &resumed.stdout),
            ("stderr", read(&err_path) + &resumed.stderr),
            ("the journal", read(&journal)),
            ("the report", read(&report_of(&csv))),
        ],
    );
}

// --- the fault-injecting endpoint ----------------------------------------------------------

const FAULT_POOL: &str = "us-east-1_fault";

/// DescribeUserPool's `UserPool` for the fake: Cognito's default email, a
/// custom `team` attribute, the same password policy as the moto pools.
fn fault_pool() -> Value {
    json!({
        "Id": FAULT_POOL,
        "Name": "fault",
        "Policies": {"PasswordPolicy": {
            "MinimumLength": 10,
            "RequireUppercase": true,
            "RequireLowercase": true,
            "RequireNumbers": true,
            "RequireSymbols": true
        }},
        "SchemaAttributes": [
            {"Name": "email", "AttributeDataType": "String", "DeveloperOnlyAttribute": false,
             "Mutable": true, "Required": false,
             "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}},
            {"Name": "custom:team", "AttributeDataType": "String", "DeveloperOnlyAttribute": false,
             "Mutable": true, "Required": false,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}}
        ],
        "UsernameConfiguration": {"CaseSensitive": false}
    })
}

#[tokio::test]
async fn faults_mid_run_lose_no_row_and_create_no_user_twice() {
    let table = UserTable::new(FaultPlan {
        // Throttled as the service throttles: a quota the run goes over.
        quota: Some(100.0),
        internal_error_rate: 0.06,
        bad_gateway_rate: 0.04,
        drop_before_rate: 0.04,
        drop_after_rate: 0.04,
        delay: Some(Duration::from_millis(2)),
        seed: 0x5eed,
        ..FaultPlan::default()
    });
    let server = CaptureServer::with_behaviours(table.behaviours(fault_pool()));
    // One attempt per call, as the command sets it up: every fault reaches
    // the inviter's own retries and limiter.
    let api = support::capture_api(
        &server,
        CallPolicy {
            operation_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(2),
            max_attempts: 1,
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let rows = 300;
    let csv = write_csv(dir.path(), "fay", rows);
    let options = InviteOptions {
        rate: 1000.0,
        concurrency: 8,
        message_action: Some("SUPPRESS".into()),
        retry: RetryPolicy {
            // A row fails only after 20 faults in a row (about 1e-12 here).
            transient_attempts: 20,
            base_backoff: Duration::from_millis(2),
            max_backoff: Duration::from_millis(50),
            ..RetryPolicy::default()
        },
        ..InviteOptions::new(FAULT_POOL, &csv)
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = invite::headless::run_with(
        options,
        false,
        Arc::new(api),
        &mut Output {
            out: &mut out,
            err: &mut err,
        },
    )
    .await;
    let (stdout, stderr) = (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    let counts = table.counts();
    // Every kind of fault happened.
    assert!(counts.throttled > 0, "{counts:?}");
    assert!(counts.internal_errors > 0, "{counts:?}");
    assert!(counts.bad_gateways > 0, "{counts:?}");
    assert!(counts.dropped_before > 0, "{counts:?}");
    assert!(counts.dropped_after_create > 0, "{counts:?}");
    // Each user created once; a lost answer came back as "exists", once.
    let creations = table.creations();
    assert_eq!(creations.len(), rows);
    assert!(creations.values().all(|n| *n == 1));
    assert_eq!(counts.created, rows as u64);
    assert_eq!(counts.exists, counts.dropped_after_create);
    let existed = counts.dropped_after_create;
    assert_eq!(
        stdout.lines().last().unwrap(),
        format!(
            "{rows} rows: {} created, {existed} already existed, 0 invalid, 0 failed",
            rows as u64 - existed
        )
    );
    // The inviter counted every call the endpoint received, and every throttle.
    assert!(
        stderr.contains(&format!(
            "invite: {} requests ({} throttled,",
            counts.calls, counts.throttled
        )),
        "{counts:?}\n{stderr}"
    );
    let report = report_rows(&report_of(&csv));
    assert_eq!(report.len(), rows);
    assert_eq!(
        report.iter().filter(|r| r[2] == "exists").count() as u64,
        existed
    );
    assert_eq!(row_records(&journal_of(&csv)).len(), rows);

    assert_no_password(
        rows,
        &[
            ("stdout", stdout),
            ("stderr", stderr),
            ("the journal", read(&journal_of(&csv))),
            ("the report", read(&report_of(&csv))),
        ],
    );
}

/// Runs the real binary with `args` again and again, SIGKILLing the first
/// `kills` runs at seeded random points (after a further number of journal
/// records), until a run finishes; checks on the way that no row the journal
/// already recorded as `done` is ever sent again. Returns the runs killed.
#[allow(clippy::too_many_arguments)]
fn kill_and_rerun(
    server: &CaptureServer,
    args: &[&str],
    journal: &Path,
    rows: usize,
    seed: u64,
    kills: usize,
    done: fn(&Outcome) -> bool,
    dir: &Path,
) -> usize {
    let done_usernames = || -> HashSet<String> {
        row_records(journal)
            .into_iter()
            .filter(|r| done(&r.outcome))
            .map(|r| r.username)
            .collect()
    };
    let mut random = seed;
    let mut killed = 0;
    for attempt in 1..=20 {
        let done_before = done_usernames();
        let sent_before = server.requests_for("AdminCreateUser").len();
        let err_path = dir.join(format!("run{seed:x}-{attempt}.err"));
        let mut command = binary(&server.url(), args);
        command
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&err_path).unwrap());
        let mut child = command.spawn().expect("the binary starts");
        if killed < kills {
            // Kill after a seeded number of further records, up to half of what is left.
            let journaled = row_records(journal).len();
            let left = rows.saturating_sub(done_before.len()).max(2);
            let target = journaled + 1 + (next_random(&mut random) as usize) % (left / 2);
            let deadline = Instant::now() + Duration::from_secs(60);
            while child.try_wait().unwrap().is_none() && row_records(journal).len() < target {
                assert!(
                    Instant::now() < deadline,
                    "seed {seed:#x}: stuck: {}",
                    read(&err_path)
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL
                killed += 1;
            }
        }
        let status = child.wait().unwrap();
        let sent_again: Vec<String> = server.requests_for("AdminCreateUser")[sent_before..]
            .iter()
            .filter_map(|r| {
                let body: Value = serde_json::from_slice(&r.body).ok()?;
                body["Username"].as_str().map(str::to_owned)
            })
            .filter(|username| done_before.contains(username))
            .collect();
        assert!(
            sent_again.is_empty(),
            "seed {seed:#x}: sent again: {sent_again:?}"
        );
        if status.success() {
            assert!(
                killed >= 1 || kills == 0,
                "seed {seed:#x}: no run was killed"
            );
            return killed;
        }
    }
    let last = dir.join(format!("run{seed:x}-20.err"));
    panic!(
        "seed {seed:#x}: never finished; the last run said: {}",
        read(&last)
    );
}

/// An invite run against the fault endpoint: 4 calls in flight, 5 s a row.
fn fault_run_args<'a>(csv: &'a Path, action: &'a str) -> Vec<&'a str> {
    vec![
        "invite",
        "--user-pool-id",
        FAULT_POOL,
        "--csv",
        csv.to_str().unwrap(),
        "--message-action",
        action,
        "--rate",
        "150",
        "--concurrency",
        "4",
        "--timeout",
        "5",
        // The fake pool sends with Cognito's own 50-a-day sender.
        "--accept-delivery-limits",
    ]
}

fn any_done(outcome: &Outcome) -> bool {
    outcome.is_done()
}

fn resent(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Resent { .. })
}

/// A small deterministic generator for kill points (SplitMix64).
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The real binary under about 10% injected faults, SIGKILLed at seeded
/// random points and run again until it finishes, for several seeds: every
/// row ends with exactly one done outcome, no row already journaled as done is
/// ever sent again, each user is created once, and "already existed" happens
/// no more often than answers were lost (dropped after the create, or in
/// flight when the process was killed).
#[test]
fn faults_and_kills_at_random_points_end_with_each_row_done_once() {
    for seed in [0xA11CE, 0xB0B, 0xC0FFEE] {
        faults_and_kills(seed);
    }
}

fn faults_and_kills(seed: u64) {
    // As in `fault_run_args`.
    const CONCURRENCY: usize = 4;
    const KILLS: usize = 3;
    let table = UserTable::new(FaultPlan {
        // Throttled over a quota of 25 a second (the run asks for 150),
        // 5% failed in the other ways.
        quota: Some(25.0),
        internal_error_rate: 0.02,
        bad_gateway_rate: 0.01,
        drop_before_rate: 0.01,
        drop_after_rate: 0.01,
        delay: Some(Duration::from_millis(3)),
        seed,
        ..FaultPlan::default()
    });
    let server = CaptureServer::with_behaviours(table.behaviours(fault_pool()));
    let dir = tempfile::tempdir().unwrap();
    let rows = 150;
    let csv = write_csv(dir.path(), &format!("k{seed:x}u"), rows);
    let journal = journal_of(&csv);
    let args = fault_run_args(&csv, "SUPPRESS");
    let kills = kill_and_rerun(
        &server,
        &args,
        &journal,
        rows,
        seed,
        KILLS,
        any_done,
        dir.path(),
    );

    let records = row_records(&journal);
    let mut done_by_line: HashMap<u64, usize> = HashMap::new();
    for record in records.iter().filter(|r| r.outcome.is_done()) {
        assert!(
            matches!(record.outcome, Outcome::Created { .. } | Outcome::Exists),
            "seed {seed:#x}: {record:?}"
        );
        *done_by_line.entry(record.line).or_default() += 1;
    }
    assert_eq!(
        done_by_line.len(),
        rows,
        "seed {seed:#x}: every row is done"
    );
    assert!(
        done_by_line.values().all(|n| *n == 1),
        "seed {seed:#x}: a row was done twice: {done_by_line:?}"
    );
    let creations = table.creations();
    assert_eq!(creations.len(), rows, "seed {seed:#x}");
    let counts = table.counts();
    assert_eq!(counts.created, rows as u64, "seed {seed:#x}: {counts:?}");
    assert!(
        counts.throttled > 0 && counts.internal_errors > 0,
        "{counts:?}"
    );
    let existed = records
        .iter()
        .filter(|r| r.outcome == Outcome::Exists)
        .count() as u64;
    assert!(
        existed <= counts.dropped_after_create + (kills * CONCURRENCY) as u64,
        "seed {seed:#x}: {existed} already existed; {counts:?}, {kills} kills"
    );
    assert_eq!(report_rows(&report_of(&csv)).len(), rows, "seed {seed:#x}");
}

/// RESEND after SUPPRESS under the same faults, with connections dropped
/// after the resend went out and runs SIGKILLed at seeded points: each user
/// gets exactly one invitation (a second one would replace the temporary
/// password of the first), and every row ends resent.
#[test]
fn resend_killed_at_random_points_sends_each_invitation_once() {
    for seed in [0x5EED, 0xD0D0] {
        resend_with_faults_and_kills(seed);
    }
}

fn resend_with_faults_and_kills(seed: u64) {
    const KILLS: usize = 5;
    let table = UserTable::new(FaultPlan {
        // A quota under the run's 150 a second: throttled as the service does.
        quota: Some(40.0),
        internal_error_rate: 0.02,
        drop_before_rate: 0.02,
        drop_after_rate: 0.04,
        // The fake applies a call when it arrives and answers after the
        // delay: a kill in between is the window the journal alone cannot
        // close (sent, answer never recorded).
        delay: Some(Duration::from_millis(25)),
        seed,
        ..FaultPlan::default()
    });
    let server = CaptureServer::with_behaviours(table.behaviours(fault_pool()));
    let dir = tempfile::tempdir().unwrap();
    let rows = 80;
    let csv = write_csv(dir.path(), &format!("r{seed:x}u"), rows);
    let journal = journal_of(&csv);
    let args = |action| fault_run_args(&csv, action);
    // The users first, without invitations (resumed until done, no kills).
    kill_and_rerun(
        &server,
        &args("SUPPRESS"),
        &journal,
        rows,
        seed,
        0,
        any_done,
        dir.path(),
    );
    assert_eq!(table.creations().len(), rows);
    assert!(table.resends().is_empty());

    let killed = kill_and_rerun(
        &server,
        &args("RESEND"),
        &journal,
        rows,
        seed,
        KILLS,
        resent,
        dir.path(),
    );
    assert!(killed >= 2, "seed {seed:#x}: {killed} kills");
    let resends = table.resends();
    let twice: Vec<_> = resends.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "seed {seed:#x}: invited twice: {twice:?}");
    assert_eq!(resends.len(), rows, "seed {seed:#x}: everyone invited");
    let counts = table.counts();
    assert!(counts.dropped_after_create > 0, "{counts:?}");
    let report = report_rows(&report_of(&csv));
    assert_eq!(report.len(), rows);
    assert!(
        report.iter().all(|r| r[2] == "resent"),
        "seed {seed:#x}: {report:?}"
    );
}

/// Each fault, kept up until the run gives up: the run ends (the operation
/// timeout ends a call that is never answered) with every row failed in words
/// in the report, the journal intact; once the fault clears, the next run with
/// the same journal creates every row.
#[tokio::test]
async fn invite_under_each_lasting_fault_ends_in_words_and_the_rerun_succeeds() {
    use support::Behaviour;
    let faults = [
        (
            Behaviour::NeverAnswer,
            "Timeout",
            "no answer before the timeout",
        ),
        (
            Behaviour::error(500, "InternalErrorException", "injected"),
            "InternalErrorException",
            "injected",
        ),
        (
            Behaviour::html(502, "<html>Bad Gateway</html>"),
            "BadResponse",
            "HTTP 502",
        ),
        (Behaviour::DropConnection, "Network", "connection closed"),
    ];
    for (fault, code, words) in faults {
        let (server, table) = quiet_endpoint(FaultPlan::default());
        server.set("AdminCreateUser", fault);
        let api = Arc::new(support::capture_api(&server, support::quick_policy()).await);
        let dir = tempfile::tempdir().unwrap();
        let rows = 3;
        let csv = write_csv(dir.path(), "fu", rows);
        let options = || InviteOptions {
            concurrency: rows,
            rate: 1000.0,
            message_action: Some("SUPPRESS".into()),
            retry: RetryPolicy {
                transient_attempts: 2,
                base_backoff: Duration::from_millis(5),
                max_backoff: Duration::from_millis(20),
                ..RetryPolicy::default()
            },
            ..InviteOptions::new(FAULT_POOL, &csv)
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code_run = invite::headless::run_with(
            options(),
            false,
            api.clone(),
            &mut Output {
                out: &mut out,
                err: &mut err,
            },
        )
        .await;
        let (stdout, stderr) = (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        );
        assert_ne!(code_run, 0, "{code}: {stdout}\n{stderr}");
        let shown = format!("{stdout}\n{stderr}");
        assert!(shown.contains(words), "{code}: {words:?} in\n{shown}");
        let records = row_records(&journal_of(&csv));
        assert!(!records.is_empty(), "{code}: {shown}");
        assert!(
            records.iter().all(|r| matches!(
                &r.outcome,
                Outcome::Failed { code: c, message } if c == code && message.contains(words)
            )),
            "{code}: {records:?}"
        );
        let report = read(&report_of(&csv));
        assert!(report.contains(code), "{code}: {report}");
        assert_eq!(table.counts().created, 0);

        // The fault clears: the same journal, every row created.
        let mut cleared = table.behaviours(fault_pool());
        server.set(
            "AdminCreateUser",
            cleared.remove("AdminCreateUser").unwrap(),
        );
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code_rerun = invite::headless::run_with(
            options(),
            false,
            api,
            &mut Output {
                out: &mut out,
                err: &mut err,
            },
        )
        .await;
        let stdout = String::from_utf8(out).unwrap();
        assert_eq!(
            code_rerun,
            0,
            "{code}: {stdout}\n{}",
            String::from_utf8_lossy(&err)
        );
        assert_eq!(
            stdout.lines().last().unwrap(),
            format!("{rows} rows: {rows} created, 0 already existed, 0 invalid, 0 failed")
        );
        assert_eq!(table.counts().created, rows as u64);
        assert_no_password(
            rows,
            &[("stdout", stdout), ("the journal", read(&journal_of(&csv)))],
        );
    }
}

/// The way out the delivery check offers: create the users with SUPPRESS,
/// then rerun with RESEND and the same journal (and report) to send the
/// invitations. The RESEND run sends one to every row created before, and
/// only those; after it, reruns with either action make no call.
#[test]
fn suppress_then_resend_with_the_same_journal_sends_each_invitation_once() {
    let (server, table) = quiet_endpoint(FaultPlan::default());
    let dir = tempfile::tempdir().unwrap();
    let rows = 4;
    let csv = write_csv(dir.path(), "rs", rows);
    let journal = dir.path().join("onboarding.journal");
    let report = dir.path().join("onboarding-report.csv");
    let invite = |action: &str| {
        run(binary(
            &server.url(),
            &[
                "invite",
                "--user-pool-id",
                FAULT_POOL,
                "--csv",
                csv.to_str().unwrap(),
                "--journal",
                journal.to_str().unwrap(),
                "--report",
                report.to_str().unwrap(),
                "--message-action",
                action,
            ],
        ))
    };
    let actions_sent = || -> Vec<String> {
        server
            .requests_for("AdminCreateUser")
            .iter()
            .map(|r| {
                let body: Value = serde_json::from_slice(&r.body).unwrap();
                body["MessageAction"].as_str().unwrap_or("").to_owned()
            })
            .collect()
    };

    let suppressed = invite("SUPPRESS");
    assert_eq!(suppressed.code, Some(0), "{}", suppressed.stderr);
    assert_eq!(table.counts().created, rows as u64);
    assert!(
        !journal_of(&csv).exists(),
        "--journal is used, not the default"
    );

    let resent = invite("RESEND");
    assert_eq!(resent.code, Some(0), "{}", resent.stderr);
    assert_eq!(
        summary_line(&resent),
        format!("{rows} rows: 0 created, {rows} resent, 0 already existed, 0 invalid, 0 failed")
    );
    assert_eq!(table.counts().resent, rows as u64);
    let report_rows = report_rows(&report);
    assert_eq!(report_rows.len(), rows);
    assert!(
        report_rows.iter().all(|r| r[2] == "resent"),
        "{report_rows:?}"
    );

    for action in ["RESEND", "SUPPRESS"] {
        let again = invite(action);
        assert_eq!(again.code, Some(0), "{}", again.stderr);
    }
    let sent = actions_sent();
    assert_eq!(
        sent.iter().filter(|a| *a == "SUPPRESS").count(),
        rows,
        "{sent:?}"
    );
    assert_eq!(
        sent.iter().filter(|a| *a == "RESEND").count(),
        rows,
        "{sent:?}"
    );
    assert_eq!(table.counts().created, rows as u64, "nobody created twice");
}

/// A capture server whose AdminCreateUser goes through a fault-free table.
fn quiet_endpoint(plan: FaultPlan) -> (CaptureServer, Arc<UserTable>) {
    let table = UserTable::new(plan);
    let server = CaptureServer::with_behaviours(table.behaviours(fault_pool()));
    (server, table)
}

#[test]
fn more_invitations_than_cognito_can_email_are_refused_with_the_ways_out() {
    let (server, table) = quiet_endpoint(FaultPlan::default());
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path(), "eve", 60);
    let result = run(binary(
        &server.url(),
        &[
            "invite",
            "--user-pool-id",
            FAULT_POOL,
            "--csv",
            csv.to_str().unwrap(),
            "--delivery",
            "EMAIL",
        ],
    ));
    assert_eq!(result.code, Some(1), "{}", result.stderr);
    assert!(
        result.stderr.contains(
            "error: 60 invitations would be emailed, but this pool sends email with Cognito's default sender, which delivers at most 50 a day"
        ),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("--message-action SUPPRESS"));
    assert!(result.stderr.contains("--accept-delivery-limits"));
    assert_eq!(table.counts().calls, 0, "nothing was sent");
    assert!(!journal_of(&csv).exists(), "no journal was started");

    // Either way out lets it start.
    let accepted = run(binary(
        &server.url(),
        &[
            "invite",
            "--user-pool-id",
            FAULT_POOL,
            "--csv",
            csv.to_str().unwrap(),
            "--delivery",
            "EMAIL",
            "--accept-delivery-limits",
            "--rate",
            "1000",
        ],
    ));
    assert_eq!(accepted.code, Some(0), "{}", accepted.stderr);
    assert!(accepted.stderr.contains("going ahead"));
    assert_eq!(table.counts().created, 60);
    assert_no_password(
        60,
        &[
            ("stderr", result.stderr + &accepted.stderr),
            ("stdout", accepted.stdout),
        ],
    );
}

#[test]
fn a_dry_run_lists_invalid_rows_by_line_and_sends_nothing() {
    let (server, table) = quiet_endpoint(FaultPlan::default());
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        format!(
            "username,email,custom:team,temporary_password\n\
             amy,amy@example.com,red,{}\n\
             bo,not-an-email,red,{}\n\
             cy,cy@example.com,,short\n\
             amy,amy2@example.com,blue,{}\n",
            password(1),
            password(2),
            password(4)
        ),
    )
    .unwrap();
    let args = |extra: &[&'static str]| {
        let mut all = vec![
            "invite",
            "--user-pool-id",
            FAULT_POOL,
            "--csv",
            csv.to_str().unwrap(),
            "--message-action",
            "SUPPRESS",
        ];
        all.extend_from_slice(extra);
        all.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let dry = args(&["--dry-run"]);
    let dry = run(binary(
        &server.url(),
        &dry.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    assert_eq!(dry.code, Some(1), "{}", dry.stderr);
    assert_eq!(
        dry.stdout,
        "line 3: email: must be an email address like name@example.com\n\
         line 4: temporary_password: does not meet the pool's password policy: needs at least 10 characters (it has 5), an uppercase letter, a digit, a symbol\n\
         line 5: username: amy is also the username on line 2\n"
    );
    assert!(dry.stderr.contains("checked 4 rows: 1 to send, 3 invalid"));
    assert!(dry.stderr.contains("dry run: nothing sent"));

    // A real run refuses while rows are invalid...
    let refused = args(&[]);
    let refused = run(binary(
        &server.url(),
        &refused.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    assert_eq!(refused.code, Some(1));
    assert!(refused
        .stderr
        .contains("error: 3 rows are invalid (each listed with its line)"));
    assert_eq!(table.counts().calls, 0, "nothing was sent");

    // ...and with --skip-invalid records them as such.
    let skipping = args(&["--skip-invalid"]);
    let skipping = run(binary(
        &server.url(),
        &skipping.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    assert_eq!(skipping.code, Some(0), "{}", skipping.stderr);
    assert_eq!(
        summary_line(&skipping),
        "4 rows: 1 created, 0 already existed, 3 invalid, 0 failed"
    );
    let report = report_rows(&report_of(&csv));
    assert_eq!(
        report.iter().map(|r| r[2].as_str()).collect::<Vec<_>>(),
        ["created", "invalid", "invalid", "invalid"]
    );
    assert_eq!(table.counts().calls, 1);
    // Valid once the policy-breaking password was dropped: the "short" one is
    // the only one the outputs may mention, and they must not.
    for (name, text) in [
        ("stdout", dry.stdout + &refused.stdout + &skipping.stdout),
        ("stderr", dry.stderr + &refused.stderr + &skipping.stderr),
        ("the report", read(&report_of(&csv))),
        ("the journal", read(&journal_of(&csv))),
    ] {
        for secret in [password(1), password(2), password(4), "short".to_owned()] {
            assert!(!text.contains(&secret), "{secret} is in {name}");
        }
    }
}

#[test]
fn a_row_the_service_refuses_is_failed_with_its_code_and_retried_by_the_next_run() {
    let (server, table) = quiet_endpoint(FaultPlan {
        reject: HashMap::from([("gus3".to_owned(), "AliasExistsException".to_owned())]),
        ..FaultPlan::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path(), "gus", 5);
    let args = [
        "invite",
        "--user-pool-id",
        FAULT_POOL,
        "--csv",
        csv.to_str().unwrap(),
        "--message-action",
        "SUPPRESS",
        "--rate",
        "1000",
    ];
    let first = run(binary(&server.url(), &args));
    assert_eq!(first.code, Some(3), "{}", first.stderr);
    assert_eq!(
        summary_line(&first),
        "5 rows: 4 created, 0 already existed, 0 invalid, 1 failed"
    );
    assert!(
        first.stderr.contains(
            "error: line 4 (gus3): failed: AliasExistsException: gus3 is refused by the test"
        ),
        "{}",
        first.stderr
    );
    let report = report_rows(&report_of(&csv));
    assert_eq!(
        report[2][..4],
        ["4", "gus3", "failed", "AliasExistsException"]
    );
    assert_eq!(table.counts().calls, 5);

    // The next run sends only the failed row.
    let second = run(binary(&server.url(), &args));
    assert_eq!(second.code, Some(3));
    assert_eq!(table.counts().calls, 6);
    assert_eq!(summary_line(&second), summary_line(&first));
}

#[test]
fn an_unreadable_csv_exits_2_and_a_bad_header_exits_1_before_any_call() {
    let (server, table) = quiet_endpoint(FaultPlan::default());
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let unreadable = run(binary(
        &server.url(),
        &[
            "invite",
            "--user-pool-id",
            FAULT_POOL,
            "--csv",
            missing.to_str().unwrap(),
        ],
    ));
    assert_eq!(unreadable.code, Some(2), "{}", unreadable.stderr);
    assert!(
        unreadable.stderr.starts_with("error: cannot open"),
        "{}",
        unreadable.stderr
    );

    let csv = dir.path().join("users.csv");
    std::fs::write(&csv, "username,emial,custom:tema\nann,a@example.com,red\n").unwrap();
    let bad_header = run(binary(
        &server.url(),
        &[
            "invite",
            "--user-pool-id",
            FAULT_POOL,
            "--csv",
            csv.to_str().unwrap(),
        ],
    ));
    assert_eq!(bad_header.code, Some(1), "{}", bad_header.stderr);
    assert_eq!(
        bad_header.stdout,
        "line 1: Header[1]: emial is not a column this command knows: use username, temporary_password, or a user attribute; a custom attribute is named custom:emial\n\
         line 1: Header[2]: the pool has no attribute custom:tema (custom attributes are added to the pool first)\n"
    );
    assert_eq!(table.counts().calls, 0);
}
