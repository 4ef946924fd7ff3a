//! `cognito-wizard import` end to end, against the in-project fake of the
//! user import job (`support::import`; moto has none): 10k users with every
//! row accounted for, a run killed with SIGKILL mid-job and resumed without a
//! second job, a lost CreateUserImportJob answer, bad rows reported by line,
//! a file over the row or byte limit split into jobs run one after another,
//! the upload's header, and a stop.
//!
//! Every wait is a bounded poll on a condition; nothing sleeps for a fixed time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cognito_wizard::headless::Output;
use cognito_wizard::import::{self, ImportEvent, ImportOptions, Limits};
use cognito_wizard::invite::StopHandle;

use super::report_rows;
use super::support::import::{start as fake, FakePool, ImportFake as Fake};

pub(super) const ROLE: &str = "arn:aws:iam::123456789012:role/CognitoImport";

/// `rows` users; every 7th address has a comma in it (the job's escaping).
pub(super) fn write_users(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from("username,email,email_verified,custom:team,address\n");
    for i in 1..=rows {
        let address = if i % 7 == 0 {
            format!("\"{i} Main St, Springfield\"")
        } else {
            format!("{i} Elm St")
        };
        text.push_str(&format!(
            "user{i},user{i}@example.com,true,team{},{address}\n",
            i % 5
        ));
    }
    let path = dir.join("users.csv");
    std::fs::write(&path, text).unwrap();
    path
}

pub(super) fn options(fake: &Fake, csv: &Path) -> ImportOptions {
    let mut options = ImportOptions::new(fake.service.pool.id.clone(), csv, ROLE);
    options.poll = Duration::from_millis(5);
    options.retry.base_backoff = Duration::from_millis(5);
    options
}

pub(super) struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(super) async fn run(fake: &Fake, options: ImportOptions, dry_run: bool) -> Ran {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = {
        let mut io = Output {
            out: &mut out,
            err: &mut err,
        };
        import::headless::run_with(options, dry_run, fake.api.clone(), &mut io).await
    };
    Ran {
        code,
        stdout: String::from_utf8(out).unwrap(),
        stderr: String::from_utf8(err).unwrap(),
    }
}

fn outcomes(rows: &[Vec<String>]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for row in rows {
        *out.entry(row[2].clone()).or_default() += 1;
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_users_are_imported_and_every_row_is_accounted_for() {
    let fake = fake(FakePool::default(), 2_500).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 10_000);
    let options = options(&fake, &csv);
    let report = options.report.clone();
    let ran = run(&fake, options, false).await;
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    assert_eq!(
        ran.stdout,
        "10000 rows: 10000 imported, 0 skipped, 0 failed, 0 invalid, 0 not imported\n"
    );
    // One job, one upload, every user once.
    assert_eq!(fake.service.calls("CreateUserImportJob"), 1);
    assert_eq!(fake.service.calls("StartUserImportJob"), 1);
    let users = fake.service.users();
    assert_eq!(users.len(), 10_000);
    assert!(users.values().all(|n| *n == 1));
    let jobs = fake.service.jobs();
    assert_eq!(
        (jobs[0].status.as_str(), jobs[0].imported),
        ("Succeeded", 10_000)
    );
    // The comma came through the job's escaping as it was.
    let seventh = fake.service.user("user7").unwrap();
    assert_eq!(seventh["address"], "7 Main St, Springfield");
    assert_eq!(
        seventh["cognito:mfa_enabled"], "false",
        "the pool's MFA is OFF"
    );
    // The file as uploaded: no BOM, the pool's header, a backslash before the comma.
    let file = String::from_utf8(fake.service.file(0).unwrap()).unwrap();
    let header = file.lines().next().unwrap();
    assert_eq!(header, fake.service.header().join(","));
    assert!(file.contains("7 Main St\\, Springfield"));
    assert!(!file.contains('"'));
    // The PUT carried the encryption header and its length.
    let put = &fake.uploads.requests()[0];
    assert_eq!(put.method, "PUT");
    assert_eq!(put.header("x-amz-server-side-encryption"), Some("aws:kms"));
    assert_eq!(
        put.header("content-length"),
        Some(file.len().to_string().as_str())
    );
    // Progress with counts, rate and ETA on stderr.
    assert!(ran.stderr.contains("part 1/1 (job import-00000001): InProgress, 2500/10000 rows (2500 imported, 0 skipped, 0 failed)"), "{}", ran.stderr);
    assert!(ran.stderr.contains("ETA"));
    assert!(ran
        .stderr
        .contains("/aws/cognito/userpools/us-east-1_import/import-pool"));
    // The report: every input row, imported.
    let rows = report_rows(&report);
    assert_eq!(rows.len(), 10_000);
    assert_eq!(
        outcomes(&rows),
        HashMap::from([("imported".to_owned(), 10_000)])
    );
    assert_eq!(
        rows[41][..3],
        ["43".to_owned(), "user42".into(), "imported".into()]
    );
    // A second run with the same journal does nothing new.
    let again = run(&fake, self::options(&fake, &csv), false).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(fake.service.calls("CreateUserImportJob"), 1);
    assert_eq!(fake.service.calls("StartUserImportJob"), 1);
}

#[test]
fn a_run_killed_mid_job_resumes_that_job_instead_of_importing_again() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fake = runtime.block_on(fake(FakePool::default(), 200));
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 10_000);
    let journal = dir.path().join("users.csv.import-journal.jsonl");
    let args = |csv: &Path| {
        vec![
            "--endpoint-url".to_owned(),
            fake.server.url(),
            "--region".into(),
            "us-east-1".into(),
            "import".into(),
            "--user-pool-id".into(),
            fake.service.pool.id.clone(),
            "--csv".into(),
            csv.display().to_string(),
            "--cloudwatch-logs-role-arn".into(),
            ROLE.into(),
            "--poll-interval-ms".into(),
            "20".into(),
        ]
    };
    let mut child = super::support::binary_command()
        .args(args(&csv))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !std::fs::read_to_string(&journal)
        .unwrap_or_default()
        .contains("\"state\":\"InProgress\"")
    {
        assert!(Instant::now() < deadline, "the job never started");
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let job = &fake.service.jobs()[0];
    assert_eq!(job.status, "InProgress", "killed mid-job");
    assert!(job.imported < 10_000);

    let resumed = super::support::run_binary(
        &args(&csv).iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    assert_eq!(resumed.code, 0, "{}\n{}", resumed.stdout, resumed.stderr);
    assert_eq!(
        resumed.stdout,
        "10000 rows: 10000 imported, 0 skipped, 0 failed, 0 invalid, 0 not imported\n"
    );
    assert_eq!(
        fake.service.calls("CreateUserImportJob"),
        1,
        "no second job"
    );
    assert_eq!(fake.service.calls("StartUserImportJob"), 1);
    assert_eq!(fake.service.jobs()[0].uploads, 1, "no second upload");
    let users = fake.service.users();
    assert_eq!(users.len(), 10_000);
    assert!(users.values().all(|n| *n == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_create_answer_is_found_by_name_not_made_twice() {
    let fake = fake(FakePool::default(), 1_000).await;
    fake.service.drop_next_create();
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 50);
    let ran = run(&fake, options(&fake, &csv), false).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(fake.service.calls("CreateUserImportJob"), 1);
    assert_eq!(fake.service.calls("ListUserImportJobs"), 1);
    assert_eq!(fake.service.jobs().len(), 1);
    assert_eq!(fake.service.users().len(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_rows_are_reported_by_line_and_block_the_run_unless_skipped() {
    let fake = fake(FakePool::default(), 1_000).await;
    fake.service.add_user("taken");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        "username,email,email_verified,birthdate,cognito:mfa_enabled,address\n\
         good,good@example.com,true,02/01/1985,,\n\
         ,nobody@example.com,true,,,\n\
         has space,s@example.com,true,,,\n\
         unverified,u@example.com,false,,,\n\
         isodate,i@example.com,true,1985-02-01,,\n\
         mfa,m@example.com,true,,true,\n\
         newline,n@example.com,true,,,\"two\nlines\"\n\
         backslash,b@example.com,true,,,ends\\\n\
         good,dup@example.com,true,,,\n\
         taken,t@example.com,true,,,\n",
    )
    .unwrap();
    let options = options(&fake, &csv);
    let report = options.report.clone();
    let ran = run(&fake, options.clone(), false).await;
    assert_eq!(ran.code, 1, "{}\n{}", ran.stdout, ran.stderr);
    for expected in [
        "line 3: cognito:username: is required by the import job",
        "line 4: cognito:username: cannot contain spaces or tabs",
        "line 5: email_verified: must be true: the pool verifies only email automatically",
        "line 6: birthdate: the import job takes birthdates as mm/dd/yyyy",
        "line 7: cognito:mfa_enabled: MFA is off in the pool, so the import job needs false",
        "line 8: address: contains a line break",
        "line 10: address: has a backslash before a comma or at its end",
        "line 11: cognito:username: good is also the username on line 2",
    ] {
        assert!(ran.stdout.contains(expected), "{expected}\n{}", ran.stdout);
    }
    assert!(ran.stderr.contains("8 rows are invalid"), "{}", ran.stderr);
    assert_eq!(fake.service.calls("CreateUserImportJob"), 0, "nothing sent");

    let mut skipping = options;
    skipping.skip_invalid = true;
    let ran = run(&fake, skipping, false).await;
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    assert_eq!(
        ran.stdout.lines().last().unwrap(),
        "10 rows: 1 imported, 1 skipped, 0 failed, 8 invalid, 0 not imported"
    );
    let rows = report_rows(&report);
    assert_eq!(rows.len(), 10);
    assert_eq!(
        outcomes(&rows),
        HashMap::from([("invalid".to_owned(), 8), ("submitted".to_owned(), 2)])
    );
    let taken = rows.iter().find(|r| r[1] == "taken").unwrap();
    assert_eq!(taken[3], "Succeeded: 1 imported, 1 skipped, 0 failed");
    assert!(taken[4].starts_with("line 3 of "), "{}", taken[4]);
    assert!(taken[4].contains(
        "CloudWatch Logs group /aws/cognito/userpools/us-east-1_import/import-pool, stream import-00000001/"
    ));
    // The fake's log agrees: line 3 of the import file is the skipped one.
    let log = &fake.service.jobs()[0].log;
    assert_eq!((log[1].line, log[1].result), (3, "SKIPPED"));
    let birthdate = &rows[4];
    assert_eq!(birthdate[2], "invalid");
    assert!(birthdate[4].contains("mm/dd/yyyy"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_over_the_limits_becomes_several_jobs_run_one_after_another() {
    let fake = fake(FakePool::default(), 150).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 1_000);
    let mut options = options(&fake, &csv);
    options.limits = Limits {
        max_rows: 400,
        ..Limits::default()
    };
    options.job_name = Some("migration".into());
    let report = options.report.clone();
    let ran = run(&fake, options.clone(), false).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let jobs = fake.service.jobs();
    let names: Vec<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(
        names,
        ["migration-1of3", "migration-2of3", "migration-3of3"]
    );
    let imported: Vec<i64> = jobs.iter().map(|j| j.imported).collect();
    assert_eq!(imported, [400, 400, 200]);
    assert!(jobs.iter().all(|j| j.status == "Succeeded"));
    assert_eq!(fake.service.users().len(), 1_000);
    // One after another: the fake refuses a start while another job runs,
    // and no start was refused.
    assert_eq!(fake.service.calls("StartUserImportJob"), 3);
    for (i, part) in [1, 2, 3].iter().enumerate() {
        let file = std::fs::read_to_string(options.part_file(*part)).unwrap();
        assert_eq!(
            file.lines().count() as i64,
            imported[i] + 1,
            "header + rows"
        );
    }
    let rows = report_rows(&report);
    assert_eq!(rows.len(), 1_000);
    assert!(rows[400][4].contains("import-00000002"), "{:?}", rows[400]);

    // By size: files of at most 20 kB.
    let fake = self::fake(FakePool::default(), 1_000).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 1_000);
    let mut options = self::options(&fake, &csv);
    options.limits = Limits {
        max_bytes: 20_000,
        ..Limits::default()
    };
    let ran = run(&fake, options.clone(), false).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let jobs = fake.service.jobs();
    assert!(jobs.len() > 3, "{} jobs", jobs.len());
    for (i, _) in jobs.iter().enumerate() {
        let size = fake.service.file(i).unwrap().len();
        assert!(size <= 20_000, "part {} is {size} bytes", i + 1);
    }
    assert_eq!(fake.service.users().len(), 1_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_asks_the_service_to_stop_the_running_job() {
    let fake = fake(FakePool::default(), 10).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 1_000);
    let options = options(&fake, &csv);
    let (events, mut rx) = import::channel();
    let prepared = import::prepare(fake.api.as_ref(), options, &events)
        .await
        .unwrap();
    let stop = StopHandle::new();
    let running = tokio::spawn(import::run(
        fake.api.clone(),
        prepared,
        events,
        stop.clone(),
    ));
    while let Some(event) = rx.recv().await {
        if let ImportEvent::Job { job, .. } = &event {
            // Some rows imported first: the tally and the second run see them.
            if job.status == "InProgress" && job.imported >= 50 {
                stop.stop("interrupted");
            }
        }
    }
    let summary = running.await.unwrap().unwrap();
    assert_eq!(fake.service.calls("StopUserImportJob"), 1);
    assert_eq!(fake.service.jobs()[0].status, "Stopped");
    assert_eq!(summary.stopped.as_deref(), Some("interrupted"));
    assert!(!summary.complete());
    assert!((50..1_000).contains(&summary.imported), "{summary:?}");
    // One tally: the job's counts, the rest not imported.
    let accounted = summary.imported + summary.skipped + summary.failed;
    assert_eq!(summary.not_imported, 1_000 - accounted);
    let rows = report_rows(&self::options(&fake, &csv).report);
    let status = format!(
        "Stopped: {} imported, {} skipped, {} failed of 1000 rows",
        summary.imported, summary.skipped, summary.failed
    );
    assert!(
        rows.iter().all(|r| r[2] == "unfinished" && r[3] == status),
        "{:?}",
        &rows[..2]
    );

    // The same command again finishes the import with a new job for the
    // part; the users the stopped job imported are skipped.
    let ran = run(&fake, self::options(&fake, &csv), false).await;
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    let jobs = fake.service.jobs();
    assert_eq!(jobs.len(), 2);
    assert!(jobs[1].name.ends_with("-again-2"), "{}", jobs[1].name);
    let users = fake.service.users();
    assert_eq!(users.len(), 1_000);
    assert!(users.values().all(|n| *n == 1), "each imported once");
    assert_eq!(
        ran.stdout,
        format!(
            "1000 rows: {} imported, {} skipped, 0 failed, 0 invalid, 0 not imported\n",
            1_000 - summary.imported,
            summary.imported
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upload_carries_the_encryption_header_and_a_refusal_is_told() {
    let fake = fake(FakePool::default(), 10).await;
    let job = fake
        .api
        .create_user_import_job(cognito_wizard::api::ImportJobRequest {
            job_name: "j".into(),
            user_pool_id: fake.service.pool.id.clone(),
            cloud_watch_logs_role_arn: ROLE.into(),
        })
        .await
        .unwrap();
    let url = job.pre_signed_url.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.csv");
    std::fs::write(&file, "cognito:username\n").unwrap();
    fake.api
        .put_import_file(url.clone(), file.clone())
        .await
        .unwrap();
    assert_eq!(fake.service.jobs()[0].uploads, 1);
    // Without the header the bucket refuses (the fake checks it).
    let bare = put_without_header(&url);
    assert!(bare.starts_with("HTTP/1.1 403"), "{bare}");
    // A URL of no job is refused, with S3's code, and the way out.
    let listed = fake
        .api
        .list_user_import_jobs(fake.service.pool.id.clone())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].job_id, job.job_id);
    let missing = fake
        .api
        .put_import_file(url.replace(&job.job_id, "import-none"), file)
        .await
        .unwrap_err();
    assert_eq!(missing.code.as_deref(), Some("AccessDenied"));
    assert!(missing.to_string().contains("15 minutes"), "{missing}");
}

/// A PUT without the encryption header, by hand (to see the fake refuse it).
fn put_without_header(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "PUT /{path} HTTP/1.1\r\nhost: {host}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi"
    )
    .unwrap();
    // The status line is in the first chunk; the server keeps the
    // connection open, so read no further.
    let mut chunk = [0u8; 1024];
    let n = stream.read(&mut chunk).unwrap();
    String::from_utf8_lossy(&chunk[..n]).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_checks_and_writes_the_files_and_sends_nothing() {
    let fake = fake(
        FakePool {
            mfa: "ON".into(),
            ..FakePool::default()
        },
        10,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    let mut text = String::from("username,email,email_verified,temporary_password\n");
    for i in 1..=20 {
        text.push_str(&format!("user{i},user{i}@example.com,true,Secret{i}!pw\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let options = options(&fake, &csv);
    let ran = run(&fake, options.clone(), true).await;
    assert!(ran
        .stderr
        .contains("the temporary_password column is ignored"));
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stderr.contains("dry run: nothing created or uploaded"));
    assert!(ran.stderr.contains("20 rows give no cognito:mfa_enabled; they are imported with the pool's MFA setting (On: true)"), "{}", ran.stderr);
    assert_eq!(fake.service.calls("CreateUserImportJob"), 0);
    let file = std::fs::read_to_string(options.part_file(1)).unwrap();
    assert_eq!(file.lines().count(), 21);
    assert!(!file.contains("Secret"), "an import file holds no password");
    assert!(
        file.lines().nth(1).unwrap().ends_with(",true,user1"),
        "MFA true, then the username"
    );
    // A pool that auto-verifies nothing cannot take an import at all.
    let none = self::fake(
        FakePool {
            auto_verified: vec![],
            ..FakePool::default()
        },
        10,
    )
    .await;
    let ran = run(&none, self::options(&none, &csv), true).await;
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("AutoVerifiedAttributes"),
        "{}",
        ran.stderr
    );
}

/// moto has no import API: GetCSVHeader answers a bare HTTP 500 page. The
/// dry run says the endpoint lacks the operation, not "retry" or
/// "check --endpoint-url".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moto_lacking_the_import_api_is_said_so() {
    let pool = super::moto_pool().await;
    let api: cognito_wizard::api::SharedApi = std::sync::Arc::new(super::moto_api().await);
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 3);
    let mut options = ImportOptions::new(pool, &csv, ROLE);
    options.retry.base_backoff = Duration::from_millis(5);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = {
        let mut io = Output {
            out: &mut out,
            err: &mut err,
        };
        import::headless::run_with(options, true, api, &mut io).await
    };
    let stderr = String::from_utf8(err).unwrap();
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("this endpoint does not implement GetCSVHeader (the local emulator lacks the import API)"),
        "{stderr}"
    );
    assert!(!stderr.contains("--endpoint-url"), "{stderr}");
    assert!(!stderr.contains("retry"), "{stderr}");
}

/// The dry run prints the job name the real run then uses: the default
/// name is derived from the CSV's name, the pool and the rows, not drawn
/// at random on each run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dry_run_names_the_job_the_real_run_creates() {
    let fake = fake(FakePool::default(), 10).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 12);
    let name_in = |stderr: &str| -> String {
        let at = stderr.find("(job ").expect("a job name") + 5;
        stderr[at..].split(')').next().unwrap().to_owned()
    };
    let first = run(&fake, options(&fake, &csv), true).await;
    let second = run(&fake, options(&fake, &csv), true).await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let name = name_in(&first.stderr);
    assert!(name.starts_with("cognito-wizard-users-"), "{name}");
    assert_eq!(name_in(&second.stderr), name, "the same every time");
    let real = run(&fake, options(&fake, &csv), false).await;
    assert_eq!(real.code, 0, "{}", real.stderr);
    let jobs = fake.service.jobs();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].name, name);
}

/// assets/sample-import-users.csv imports into a pool made from try.sh's
/// preset ("Email sign-in + authenticator app": email as the username,
/// auto-verified; MFA optional): every row; the invite's sample, without
/// its `email_verified` column, cannot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_import_csv_imports_into_the_try_preset_pool() {
    let preset = || FakePool {
        mfa: "OPTIONAL".into(),
        auto_verified: vec!["email".into()],
        custom: Vec::new(),
        username_attributes: vec!["email".into()],
        ..FakePool::default()
    };
    let fake = fake(preset(), 10).await;
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let csv = dir.path().join("sample-import-users.csv");
    std::fs::copy(root.join("sample-import-users.csv"), &csv).unwrap();
    let ran = run(&fake, options(&fake, &csv), false).await;
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    let users = fake.service.users();
    assert_eq!(users.len(), 6, "{users:?}");
    assert!(users.contains_key("alice.martin@example.com"), "{users:?}");
    let invite_sample = dir.path().join("sample-users.csv");
    std::fs::copy(root.join("sample-users.csv"), &invite_sample).unwrap();
    let other = self::fake(preset(), 10).await;
    let ran = run(&other, options(&other, &invite_sample), true).await;
    assert_eq!(ran.code, 1, "{}\n{}", ran.stdout, ran.stderr);
    assert!(ran.stdout.contains("email_verified"), "{}", ran.stdout);
}
