//! `import` against hostile files, input and answers: import files that
//! would land on the CSV, the report or someone's file, journals that are not
//! files, control characters in values and in GetCSVHeader's columns, a pool
//! id with escapes, an existing file given as the report, an unknown job
//! status, an upload the bucket refuses and job counts that do not add up.
//!
//! Every wait is a bounded poll on a condition; nothing sleeps for a fixed time.

use std::path::Path;
use std::time::Duration;

use super::import::{options, run, write_users};
use super::support::import::{start as fake, FakePool};

/// What a directory holds, to see that a refused run wrote nothing.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A CSV or report at an import file's path is refused before anything is
/// written, even in a dry run; the report never replaces a kept import file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_files_are_not_the_csv_or_the_report() {
    let fake = fake(FakePool::default(), 1_000).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 3);
    let input = dir.path().join("j.part-1.csv");
    std::fs::rename(&csv, &input).unwrap();
    let before = std::fs::read_to_string(&input).unwrap();
    let mut with_journal = options(&fake, &input);
    with_journal.journal = dir.path().join("sub/../j.jsonl");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let ran = run(&fake, with_journal, true).await;
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("--csv and an import file"),
        "{}",
        ran.stderr
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap(), before);

    // A kept import file given as the report of the next run.
    let csv = write_users(dir.path(), 3);
    let first = options(&fake, &csv);
    assert_eq!(run(&fake, first.clone(), false).await.code, 0);
    let part = first.part_file(1);
    let kept = std::fs::read_to_string(&part).unwrap();
    let mut second = first.clone();
    second.report = part.clone();
    let ran = run(&fake, second, false).await;
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("--report and an import file"),
        "{}",
        ran.stderr
    );
    assert_eq!(std::fs::read_to_string(&part).unwrap(), kept);
}

/// A file at an import file's path that the run did not write (not named in
/// the journal, not an import file of the pool) is left as it is, and the run
/// refused; an earlier dry run's import file is replaced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_in_the_way_of_an_import_file_is_left_alone() {
    let fake = fake(FakePool::default(), 1_000).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 3);
    let options = options(&fake, &csv);
    let part = options.part_file(1);
    std::fs::write(&part, "precious\n").unwrap();
    let ran = run(&fake, options.clone(), true).await;
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("is in the way of the import file of part 1")
            && ran.stderr.contains("pass another --journal"),
        "{}",
        ran.stderr
    );
    assert_eq!(std::fs::read_to_string(&part).unwrap(), "precious\n");
    std::fs::remove_file(&part).unwrap();
    // A dry run's file is ours to replace, by the real run too.
    assert_eq!(run(&fake, options.clone(), true).await.code, 0);
    let ran = run(&fake, options.clone(), false).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(fake.service.users().len(), 3);
}

/// A journal that is a pipe or a directory is refused (exit 2) before any
/// file is written beside it or any call made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_that_is_not_a_file_is_refused_before_anything_is_written() {
    let fake = fake(FakePool::default(), 1_000).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 3);
    let fifo = dir.path().join("j.fifo");
    super::support::mkfifo(&fifo);
    let folder = dir.path().join("j.dir");
    std::fs::create_dir(&folder).unwrap();
    let before = names(dir.path());
    for journal in [&fifo, &folder] {
        let mut options = options(&fake, &csv);
        options.journal = journal.clone();
        let ran = run(&fake, options, false).await;
        assert_eq!(ran.code, 2, "{}", ran.stderr);
        assert!(ran.stderr.contains("not a regular file"), "{}", ran.stderr);
        assert_eq!(names(dir.path()), before, "nothing written");
    }
    assert_eq!(fake.service.calls("GetCSVHeader"), 0);
}

/// An existing file given as the import's `--report` that is not a report:
/// refused (exit 2) before any call, and left as it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_file_that_is_not_a_report_is_not_replaced() {
    let fake = fake(FakePool::default(), 1_000).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 3);
    let mut options = options(&fake, &csv);
    options.report = dir.path().join("budget.csv");
    std::fs::write(&options.report, "month,amount\n").unwrap();
    let ran = run(&fake, options.clone(), false).await;
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("budget.csv is in the way of the report"),
        "{}",
        ran.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&options.report).unwrap(),
        "month,amount\n"
    );
    assert_eq!(fake.service.calls("GetCSVHeader"), 0);
}

/// C0, C1 and bidi controls in values make the row invalid, with the column
/// named; none reaches the import file, the report or the output raw.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_in_values_are_refused_by_column() {
    let fake = fake(FakePool::default(), 1_000).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        "username,email,email_verified,custom:team,address\n\
         good,good@example.com,true,t,1 Elm St\n\
         esc,esc@example.com,true,t,\x1b]52;c;ZXZpbA==\x07\n\
         c1,c1@example.com,true,\u{9b}31m,x\n\
         bidi\u{202e}nimda,b@example.com,true,t,x\n\
         tab,t@example.com,true,t,a\tb\n",
    )
    .unwrap();
    let mut options = options(&fake, &csv);
    options.skip_invalid = true;
    let (report, part) = (options.report.clone(), options.part_file(1));
    let ran = run(&fake, options, false).await;
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    for expected in [
        "line 3: address: contains a control character",
        "line 4: custom:team: contains a control character",
        "line 5: cognito:username: contains a control character",
        "line 6: address: contains a control character",
    ] {
        assert!(ran.stdout.contains(expected), "{expected}\n{}", ran.stdout);
    }
    let file = std::fs::read_to_string(&part).unwrap();
    assert_eq!(
        file.lines().count(),
        2,
        "the header and the good row: {file:?}"
    );
    let all = format!(
        "{}{}{}{file}",
        ran.stdout,
        ran.stderr,
        std::fs::read_to_string(&report).unwrap()
    );
    assert!(
        !all.chars()
            .any(|c| c != '\n' && cognito_wizard::sanitize::is_unsafe(c)),
        "{all:?}"
    );
    assert_eq!(fake.service.users().len(), 1);
}

/// Runs an import against a pool whose GetCSVHeader answer has `column`
/// too; asserts it was refused (exit 3) with nothing written or sent, and
/// gives its standard error.
async fn refused_header(column: &str) -> String {
    let fake = fake(
        FakePool {
            extra_columns: vec![column.to_owned()],
            ..FakePool::default()
        },
        1_000,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 3);
    let before = names(dir.path());
    let ran = run(&fake, options(&fake, &csv), false).await;
    assert_eq!(ran.code, 3, "{column:?}: {}", ran.stderr);
    assert!(
        ran.stderr
            .contains("GetCSVHeader answered what cannot be used"),
        "{column:?}: {}",
        ran.stderr
    );
    assert_eq!(names(dir.path()), before, "nothing written");
    assert_eq!(fake.service.calls("CreateUserImportJob"), 0);
    ran.stderr
}

/// A GetCSVHeader answer with a control character in a column name is
/// refused before anything is written or sent, and shown escaped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_column_with_a_control_character_is_refused() {
    for column in ["custom:\x1b[2Jx", "evil\u{202e}", "two\nlines"] {
        let stderr = refused_header(column).await;
        assert!(
            stderr.contains(&*cognito_wizard::sanitize::clean(column)),
            "{stderr}"
        );
        assert!(!stderr.contains(column));
    }
}

/// GetCSVHeader column names the import file cannot carry (a comma, a
/// backslash at the end, a leading quote, a space at either end) and a
/// column given twice are refused (exit 3, named) before anything is
/// written or sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_column_the_file_cannot_carry_is_refused() {
    for (column, why) in [
        ("custom:a,b", "contains a comma"),
        ("custom:x\\", "backslash"),
        ("\"custom:q", "quotation mark"),
        (" custom:s", "starts or ends with a space"),
        ("custom:s ", "starts or ends with a space"),
        ("email", "is given twice"),
    ] {
        let stderr = refused_header(column).await;
        assert!(
            stderr.contains(&format!("\"{column}\"")) && stderr.contains(why),
            "{column:?}: {stderr}"
        );
    }
}

/// Paths in the import's messages are shown escaped: a line break in a file
/// name cannot forge a line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_break_in_a_file_name_stays_on_its_line() {
    let fake = fake(FakePool::default(), 1_000).await;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("in\nerror: forged");
    std::fs::create_dir(&sub).unwrap();
    let csv = write_users(&sub, 3);
    let ran = run(&fake, options(&fake, &csv), false).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("in\\nerror: forged/users.csv"),
        "{}",
        ran.stderr
    );
    assert!(
        !ran.stderr.lines().any(|l| l.starts_with("error: forged")),
        "{}",
        ran.stderr
    );
}

/// A status DescribeUserImportJob does not document is not polled forever:
/// the run stops at once, journals and reports it, and exits 3; a second run
/// asks once more and stops again, without a new job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_job_status_ends_the_run() {
    let fake = fake(FakePool::default(), 1).await;
    fake.service.answer_status("Paused\u{1b}[2J");
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 5);
    let options = options(&fake, &csv);
    let (journal, report) = (options.journal.clone(), options.report.clone());
    // Bounded, so that a run polling forever fails instead of hanging.
    let ran = tokio::time::timeout(Duration::from_secs(60), run(&fake, options.clone(), false))
        .await
        .expect("the run ended instead of polling forever");
    assert_eq!(ran.code, 3, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr
            .contains("answered the unknown status \"Paused\\u{1b}[2J\"; it is not waited on"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains('\u{1b}'), "{}", ran.stderr);
    let describes = fake.service.calls("DescribeUserImportJob");
    assert!(describes <= 3, "{describes} describes");
    let journaled = std::fs::read_to_string(&journal).unwrap();
    assert!(
        journaled.contains("\"state\":\"Paused\\u001b[2J\""),
        "{journaled}"
    );
    assert!(journaled.contains("\"record\":\"stop\""), "{journaled}");
    let rows = super::report_rows(&report);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r[2] == "not_imported"), "{rows:?}");
    // Run again: one more describe, the same end, no second job.
    let again = run(&fake, options, false).await;
    assert_eq!(again.code, 3, "{}", again.stderr);
    assert_eq!(fake.service.calls("DescribeUserImportJob"), describes + 1);
    assert_eq!(fake.service.calls("CreateUserImportJob"), 1);
}

/// An upload the bucket refuses leaves no job waiting: the tool asks to stop
/// it (the service may not stop a job never started: then it says the job is
/// left Created to expire), journals it with its id, and the next run makes a
/// new job instead of polling or starting that one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_upload_leaves_no_job_to_wait_on() {
    let fake = fake(FakePool::default(), 1_000).await;
    fake.service.refuse_uploads(true);
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 5);
    let options = options(&fake, &csv);
    let ran = run(&fake, options.clone(), false).await;
    assert_eq!(ran.code, 3, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr.contains("the upload of part 1's import file failed")
            && ran.stderr.contains(
                "its job import-00000001 could not be stopped and is left Created, never started, until the service expires it"
            ),
        "{}",
        ran.stderr
    );
    assert_eq!(
        fake.service.calls("StopUserImportJob"),
        1,
        "asked to stop it"
    );
    let journaled = std::fs::read_to_string(&options.journal).unwrap();
    assert!(
        journaled.contains("\"job_id\":\"import-00000001\",\"state\":\"upload_refused\""),
        "{journaled}"
    );
    assert_eq!(fake.service.calls("StartUserImportJob"), 0);
    // The report lists every row, the summary accounts for them.
    let rows = super::report_rows(&options.report);
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r[2] == "not_imported" && r[4].contains("upload of its import file")),
        "{rows:?}"
    );
    assert!(
        ran.stdout
            .contains("5 rows: 0 imported, 0 skipped, 0 failed, 0 invalid, 5 not imported"),
        "{}",
        ran.stdout
    );
    // The next run (the bucket takes the file now) makes a new job.
    fake.service.refuse_uploads(false);
    let ran = run(&fake, options, false).await;
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    let jobs = fake.service.jobs();
    assert_eq!(jobs.len(), 2);
    assert_eq!((jobs[0].status.as_str(), jobs[0].uploads), ("Created", 0));
    assert!(jobs[1].name.ends_with("-again-2"), "{}", jobs[1].name);
    assert_eq!(
        fake.service.calls("StartUserImportJob"),
        1,
        "only the new job"
    );
    assert_eq!(fake.service.users().len(), 5);
}

/// A pre-signed URL that cannot be used (not a URL at all) ends the run as
/// a refused upload does: the report still lists every row, the invalid one
/// too, and the summary adds up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unusable_upload_url_still_writes_the_report() {
    let fake = fake(FakePool::default(), 1_000).await;
    fake.service.upload_to("not a url");
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 3);
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("bad,not-an-email,true,team1,x\n");
    std::fs::write(&csv, text).unwrap();
    let mut options = options(&fake, &csv);
    options.skip_invalid = true;
    let ran = run(&fake, options.clone(), false).await;
    assert_eq!(ran.code, 3, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr
            .contains("the upload of part 1's import file failed"),
        "{}",
        ran.stderr
    );
    let rows = super::report_rows(&options.report);
    let outcomes: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        outcomes,
        ["not_imported", "not_imported", "not_imported", "invalid"]
    );
    assert!(
        ran.stdout
            .contains("4 rows: 0 imported, 0 skipped, 0 failed, 1 invalid, 3 not imported"),
        "{}",
        ran.stdout
    );
}

/// A job answering more rows than its part holds (3 imported of 2) is
/// capped to the part, with a warning: the progress never shows 3/2 and the
/// summary's outcomes add up to the rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_counts_over_the_part_are_capped_with_a_warning() {
    let fake = fake(FakePool::default(), 1_000).await;
    fake.service.overcount(1);
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 2);
    let ran = run(&fake, options(&fake, &csv), false).await;
    assert_eq!(ran.code, 0, "{}\n{}", ran.stdout, ran.stderr);
    assert!(!ran.stderr.contains("3/2"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains(
            "warning: part 1's job import-00000001 answered 3 imported, 0 skipped, 0 failed for a part of 2 rows: the counts are inconsistent"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stdout
            .contains("2 rows: 2 imported, 0 skipped, 0 failed, 0 invalid, 0 not imported"),
        "{}",
        ran.stdout
    );
}

/// A job that succeeds with counts short of its part's rows: the rows it
/// does not account for are said (a warning, the summary, exit 3), and no
/// row of that part is reported `imported` on the job's word alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_succeeded_job_short_of_its_rows_accounts_for_every_row() {
    let fake = fake(FakePool::default(), 1_000).await;
    fake.service.overcount(-1);
    let dir = tempfile::tempdir().unwrap();
    let csv = write_users(dir.path(), 2);
    let options = options(&fake, &csv);
    let report = options.report.clone();
    let ran = run(&fake, options, false).await;
    assert_eq!(ran.code, 3, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr.contains("1 row the job did not account for"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stdout.contains(
            "2 rows: 1 imported, 0 skipped, 0 failed, 0 invalid, 0 not imported, 1 the job did not account for"
        ),
        "{}",
        ran.stdout
    );
    let report = std::fs::read_to_string(report).unwrap();
    assert!(!report.contains(",imported,"), "{report}");
    assert_eq!(report.matches(",submitted,").count(), 2, "{report}");
}
