//! The Invite step's import with Cognito's user import job: the real event
//! loop against the in-project fake of the import job
//! (`support::import`; moto has none), from the choice to the end, and a
//! stop; snapshots of the choice and of the progress.

use std::path::{Path, PathBuf};

use cognito_wizard::app::modal::Modal;
use cognito_wizard::app::{Action, TaskOutcome};
use cognito_wizard::import::{self, ImportEvent};

use super::support::import::{start, FakePool, ImportFake};
use super::*;

pub(super) const ROLE: &str = "arn:aws:iam::123456789012:role/CognitoImport";

pub(super) async fn fake(rows_per_poll: usize) -> ImportFake {
    start(FakePool::default(), rows_per_poll).await
}

/// `rows` good users, then (with `bad`) one whose username has a space.
fn write_users(dir: &Path, rows: usize, bad: bool) -> PathBuf {
    let mut text = String::from("username,email,email_verified,custom:team\n");
    for i in 1..=rows {
        text.push_str(&format!("user{i},user{i}@example.com,true,team{}\n", i % 3));
    }
    if bad {
        text.push_str("bad one,bad@example.com,true,team0\n");
    }
    let path = dir.join("people.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn import_app(dir: &Path) -> App {
    let session = Session {
        autosave_path: Some(dir.join("autosave.json")),
        import_poll: Some(Duration::from_millis(5)),
        ..Session::default()
    };
    App::new(session)
}

/// Start → "Invite users to an existing pool…" (the last item but one,
/// before "Change an existing pool by id…") → the pool's Invite step.
async fn open_invite(d: &mut Driver, pool: &str) {
    d.wait_for("Invite users to an existing pool").await;
    d.key(KeyCode::Up);
    d.key(KeyCode::Up);
    d.key(KeyCode::Enter);
    d.wait_for("Invite users to the pool with id").await;
    d.text(pool);
    d.key(KeyCode::Enter);
    d.wait_for("Many users from a CSV").await;
}

/// `m`, the CSV, the role: the check runs.
async fn choose_import(d: &mut Driver, csv: &Path) {
    d.key(KeyCode::Char('m'));
    d.wait_for("Import the users listed in the CSV file").await;
    for _ in 0..20 {
        d.key(KeyCode::Backspace);
    }
    d.text(csv.to_str().unwrap());
    d.key(KeyCode::Enter);
    d.wait_for("IAM role ARN").await;
    d.text(ROLE);
    d.key(KeyCode::Enter);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_from_the_invite_step_checks_first_then_runs_the_job_to_its_end() {
    let dir = temp_dir("import");
    let csv = write_users(&dir, 40, true);
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let service = fake.service.clone();
    let csv_path = csv.clone();
    let app = run_wizard(
        import_app(&dir),
        Vec::new(),
        fake.api.clone(),
        (120, 40),
        |mut d| async move {
            open_invite(&mut d, &pool).await;
            let screen = d.wait_for("import with Cognito's import job").await;
            assert!(screen.contains("no invitation, no quota"), "{screen}");
            assert!(screen.contains("uses the UserCreation quota"), "{screen}");
            choose_import(&mut d, &csv_path).await;
            // The check lists the bad row and nothing is created until the
            // invalid row is skipped.
            let screen = d
                .wait_for("41 rows, 40 to import in 1 job, 1 invalid")
                .await;
            assert!(screen.contains("line 42:"), "{screen}");
            assert!(screen.contains("Rows that fail the check: 1"), "{screen}");
            d.key(KeyCode::Char('s'));
            d.wait_for("Not started: 1 invalid row").await;
            assert_eq!(service.jobs().len(), 0, "nothing was created");
            d.key(KeyCode::Char('k'));
            d.wait_for("skip invalid on").await;
            d.key(KeyCode::Char('s'));
            let screen = d
                .wait_for("41 rows: 40 imported, 0 skipped, 0 failed, 1 invalid, 0 not imported")
                .await;
            assert!(screen.contains("Report: "), "{screen}");
            assert!(screen.contains("people.csv.import-report.csv"), "{screen}");
            assert!(
                screen.contains("Per-row errors: CloudWatch Logs, group /aws/cognito/userpools/"),
                "{screen}"
            );
        },
    )
    .await;
    assert!(app.call().is_none());
    assert_eq!(fake.service.jobs().len(), 1, "one job");
    assert_eq!(fake.service.jobs()[0].status, "Succeeded");
    let users = fake.service.users();
    assert_eq!(users.len(), 40);
    assert!(users.values().all(|n| *n == 1), "each imported once");
    let report = std::fs::read_to_string(dir.join("people.csv.import-report.csv")).unwrap();
    assert_eq!(
        report.lines().count(),
        42,
        "a header and every row:\n{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_asks_then_stops_the_running_job() {
    let dir = temp_dir("import-stop");
    let csv = write_users(&dir, 3000, false);
    // One row a poll: the job runs for as long as the test needs.
    let fake = fake(1).await;
    let pool = fake.service.pool.id.clone();
    let csv_path = csv.clone();
    let app = run_wizard(
        import_app(&dir),
        Vec::new(),
        fake.api.clone(),
        (80, 24),
        |mut d| async move {
            open_invite(&mut d, &pool).await;
            choose_import(&mut d, &csv_path).await;
            d.wait_for("to import in 1 job").await;
            d.key(KeyCode::Char('s'));
            d.wait_for("InProgress").await;
            d.key(KeyCode::Esc);
            d.wait_for("Stop the import job?").await;
            // n lets it run; Ctrl+C asks the same.
            d.key(KeyCode::Char('n'));
            d.wait_until_gone("Stop the import job?").await;
            d.ctrl('c');
            d.wait_for("Stop the import job?").await;
            d.key(KeyCode::Char('y'));
            let screen = d
                .wait_for("Stopped: you asked in the wizard (Esc, then y)")
                .await;
            assert!(screen.contains("3000 rows: "), "{screen}");
            assert!(screen.contains("not imported"), "{screen}");
        },
    )
    .await;
    assert!(app.call().is_none());
    assert_eq!(fake.service.calls("StopUserImportJob"), 1);
    let jobs = fake.service.jobs();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].status, "Stopped");
    assert!(fake.service.users().len() < 3000);
}

pub(super) fn draw(app: &App, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| cognito_wizard::ui::draw(f, app)).unwrap();
    screen_text(&terminal)
}

pub(super) fn snapshot(name: &str, app: &mut App) {
    for size in [(80, 24), (120, 40)] {
        app.update(Action::Resize(size.0, size.1));
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), draw(app, size));
    }
}

pub(super) fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub(super) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The choice on the Invite step, then the progress of a job, drawn from
/// the app's state (the check itself runs against the fake, on a path that
/// is the same on every machine).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_of_the_choice_and_the_progress() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &pool, true).await;
    snapshot("import_choice", &mut app);

    // A relative path (the crate's root is the tests' directory): the
    // same on every machine.
    let dir = PathBuf::from("target/ui-import-snapshot");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = write_users(&dir, 30, false);
    for stale in [
        "people.csv.import-journal.jsonl",
        "people.csv.import-journal.part-1.csv",
    ] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    check_state(&mut app, &fake, &csv).await;
    snapshot("import_checked", &mut app);

    let fx = press(&mut app, KeyCode::Char('s'));
    let Some(Effect::RunImport { id, .. }) = fx.first() else {
        panic!("no run: {fx:?}");
    };
    let start = tokio::time::Instant::now();
    let job = |imported, status: &str| ImportEvent::Job {
        part: 1,
        rows: 30,
        job: cognito_wizard::api::ImportJob {
            job_id: "import-AbCdEf".into(),
            job_name: "cognito-wizard-x".into(),
            status: status.into(),
            imported,
            ..Default::default()
        },
    };
    for (event, at) in [
        (job(0, "InProgress"), start),
        (job(12, "InProgress"), start + Duration::from_secs(4)),
    ] {
        app.update(Action::Task(*id, TaskOutcome::ImportEvent(event, at)));
    }
    let screen = draw(&app, (80, 24));
    assert!(
        screen.contains("12 imported · 0 skipped · 0 failed · 18 left"),
        "{screen}"
    );
    snapshot("import_progress", &mut app);
}

/// Start → "Invite users to an existing pool…" → `pool`, described as the
/// fake's pool (the facts are the same; the id is the one typed).
pub(super) async fn open_invite_state(app: &mut App, fake: &ImportFake, pool: &str, first: bool) {
    // Start keeps the item chosen last.
    if first {
        press(app, KeyCode::Up);
        press(app, KeyCode::Up);
    }
    press(app, KeyCode::Enter);
    type_text(app, pool);
    let fx = press(app, KeyCode::Enter);
    let Some(Effect::DescribeForInvite { id, .. }) = fx.first() else {
        panic!("no describe: {fx:?}");
    };
    let described = fake
        .api
        .describe_user_pool(fake.service.pool.id.clone())
        .await;
    app.update(Action::Task(
        *id,
        TaskOutcome::DescribedForInvite(pool.to_owned(), described),
    ));
}

/// `m`, the CSV, the role, and the check's answer (and events) from the fake.
pub(super) async fn check_state(app: &mut App, fake: &ImportFake, csv: &Path) {
    press(app, KeyCode::Char('m'));
    for _ in 0..200 {
        press(app, KeyCode::Backspace);
    }
    type_text(app, csv.to_str().unwrap());
    press(app, KeyCode::Enter);
    type_text(app, ROLE);
    let fx = press(app, KeyCode::Enter);
    let Some(Effect::CheckImport { id, options }) = fx.first().cloned() else {
        panic!("no check: {fx:?}");
    };
    let (events, mut rx) = import::channel();
    let prepared = import::prepare(fake.api.as_ref(), *options, &events).await;
    // The rows with problems, as the task would pass them on.
    while let Ok(event) = rx.try_recv() {
        let at = tokio::time::Instant::now();
        app.update(Action::Task(id, TaskOutcome::ImportEvent(event, at)));
    }
    app.update(Action::Task(
        id,
        TaskOutcome::ImportChecked(prepared.map(Box::new).map_err(|e| e.to_string())),
    ));
}

/// A check made for pool P does not follow the operator to pool Q: opening
/// the Invite step for Q starts the panels over, and nothing runs into P.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_the_invite_step_for_another_pool_forgets_the_earlier_check() {
    let dir = temp_dir("import-other-pool");
    let csv = write_users(&dir, 5, false);
    let fake = fake(10).await;
    let p = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &p, true).await;
    check_state(&mut app, &fake, &csv).await;
    assert!(draw(&app, (120, 40)).contains("to import in 1 job"));
    // Back to Start, and the Invite step for another pool.
    for _ in 0..20 {
        press(&mut app, KeyCode::PageUp);
    }
    assert!(draw(&app, (120, 40)).contains("Invite users to an existing pool"));
    let q = "us-east-1_Other0000";
    open_invite_state(&mut app, &fake, q, false).await;
    let screen = draw(&app, (120, 40));
    assert!(screen.contains(q), "{screen}");
    assert!(!screen.contains("to import in 1 job"), "{screen}");
    for key in ['k', 's'] {
        let fx = press(&mut app, KeyCode::Char(key));
        assert!(
            !fx.iter().any(|e| matches!(e, Effect::RunImport { .. })),
            "{fx:?}"
        );
    }
    assert_eq!(fake.service.jobs().len(), 0);
}

/// The Invite step of the fake's pool, `m` and a CSV of two users given:
/// the role prompt is open (the fake is kept alive with the app).
async fn at_the_role_prompt(name: &str) -> (App, ImportFake, PathBuf) {
    let csv = write_users(&temp_dir(name), 2, false);
    let fake = fake(10).await;
    let p = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &p, true).await;
    press(&mut app, KeyCode::Char('m'));
    for _ in 0..200 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, csv.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    (app, fake, csv)
}

/// A role ARN the service model refuses is refused at its prompt, saying
/// why, and the prompt stays open; `m` again offers the CSV typed last and
/// never the refused ARN.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_role_is_refused_at_its_prompt_and_m_again_keeps_the_csv() {
    let (mut app, _fake, csv) = at_the_role_prompt("import-prompts").await;
    type_text(&mut app, "not-an-arn");
    let fx = press(&mut app, KeyCode::Enter);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::CheckImport { .. })),
        "{fx:?}"
    );
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("IAM role ARN"),
        "the prompt stays: {screen}"
    );
    assert!(screen.contains("CloudWatchLogsRoleArn"), "why: {screen}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('m'));
    let Some(Modal::Prompt(prompt)) = app.modal() else {
        panic!("no prompt");
    };
    assert_eq!(prompt.text(), csv.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    let Some(Modal::Prompt(prompt)) = app.modal() else {
        panic!("no prompt");
    };
    assert_eq!(prompt.text(), "", "the refused ARN is not offered again");
}

/// A pool id with an escape typed at the Invite step's prompt is refused by
/// the service model's pattern before any call; the prompt stays open with
/// what was typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_id_with_an_escape_is_refused_at_its_prompt() {
    let dir = temp_dir("import-pool-id");
    let fake = fake(10).await;
    run_wizard(
        import_app(&dir),
        Vec::new(),
        fake.api.clone(),
        (120, 40),
        |mut d| async move {
            d.wait_for("Invite users to an existing pool").await;
            d.key(KeyCode::Up);
            d.key(KeyCode::Up);
            d.key(KeyCode::Enter);
            d.wait_for("Invite users to the pool with id").await;
            d.text("us-east-1_\u{1b}[31mx");
            d.key(KeyCode::Enter);
            let screen = d.wait_for("Not read: UserPoolId").await;
            assert!(
                screen.contains("Invite users to the pool with id"),
                "{screen}"
            );
            assert!(screen.contains("\\u{1b}[31mx"), "kept, escaped: {screen}");
            assert!(!screen.contains('\u{1b}'), "{screen}");
        },
    )
    .await;
    assert!(fake.server.requests_for("DescribeUserPool").is_empty());
}

/// Enter on an empty role ARN keeps the prompt open and says what it
/// needs; the ARN typed then checks the CSV given before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_role_keeps_its_prompt_open_and_says_what_is_needed() {
    let (mut app, _fake, _) = at_the_role_prompt("import-empty-role").await;
    let fx = press(&mut app, KeyCode::Enter);
    assert!(fx.is_empty(), "{fx:?}");
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("IAM role ARN"),
        "the prompt stays: {screen}"
    );
    assert!(
        screen.contains("The import job needs the ARN of an IAM role"),
        "what is needed: {screen}"
    );
    type_text(&mut app, ROLE);
    let fx = press(&mut app, KeyCode::Enter);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::CheckImport { .. })),
        "{fx:?}"
    );
}
