//! The CSV panels of the Invite step (bulk invite and import job), drawn
//! from the app's state: the rows with problems scroll with the keymap's
//! keys, a run's progress keeps its rate and ETA at 80x24, and the footer
//! offers only the keys of the panel's state.

use std::path::{Path, PathBuf};

use cognito_wizard::app::{Action, TaskOutcome};
use cognito_wizard::{import, invite};

use super::import::{check_state, draw, fake, open_invite_state, press, snapshot, type_text};
use super::support::import::ImportFake;
use super::*;

/// `good` users, then `bad` whose email is not an address (lines
/// `good + 2` on).
fn write_csv(dir: &Path, good: usize, bad: usize) -> PathBuf {
    let mut text = String::from("username,email,email_verified\n");
    for i in 1..=good {
        text.push_str(&format!("user{i},user{i}@example.com,true\n"));
    }
    for i in 1..=bad {
        text.push_str(&format!("bad{i},not-an-email-{i},true\n"));
    }
    let path = dir.join("people.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// A relative directory (the crate's root is the tests' directory): the
/// same paths on every machine, for snapshots.
fn snapshot_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from("target").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `c`, the CSV, the invite's check against the fake, and its events.
async fn invite_checked(app: &mut App, fake: &ImportFake, csv: &Path) {
    press(app, KeyCode::Char('c'));
    for _ in 0..200 {
        press(app, KeyCode::Backspace);
    }
    type_text(app, csv.to_str().unwrap());
    let fx = press(app, KeyCode::Enter);
    let Some(Effect::CheckInvites { id, options }) = fx.first().cloned() else {
        panic!("no check: {fx:?}");
    };
    let (events, mut rx) = invite::channel();
    let prepared = invite::prepare(fake.api.as_ref(), *options, &events).await;
    while let Ok(event) = rx.try_recv() {
        let at = tokio::time::Instant::now();
        app.update(Action::Task(id, TaskOutcome::InviteEvent(event, at)));
    }
    app.update(Action::Task(
        id,
        TaskOutcome::InvitesChecked(prepared.map(Box::new).map_err(|e| e.to_string())),
    ));
}

fn footer(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - 2..].join("\n")
}

/// Rows beyond the panel's height are reached with ↓ and ↑, and the last
/// row says how many are above and below; the footer names the key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_panels_rows_scroll() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &pool, true).await;
    let csv = write_csv(&snapshot_dir("ui-import-scroll"), 2, 30);
    check_state(&mut app, &fake, &csv).await;
    let screen = draw(&app, (80, 24));
    // Named by the CSV's column, not the request's path.
    assert!(
        screen.contains("line 4: email: must be an email"),
        "{screen}"
    );
    assert!(!screen.contains("UserAttributes"), "{screen}");
    let wide = draw(&app, (120, 40));
    assert!(
        wide.contains("32 rows, 2 to import in 1 job, 30 invalid"),
        "{wide}"
    );
    assert!(wide.contains("✗ 30 invalid rows (listed below)"), "{wide}");
    assert!(screen.contains("  ↓ "), "{screen}");
    assert!(!screen.contains("↑ "), "{screen}");
    assert!(footer(&screen).contains("↓ scroll rows"), "{screen}");
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    let screen = draw(&app, (80, 24));
    assert!(!screen.contains("line 4:"), "scrolled past: {screen}");
    assert!(screen.contains("line 7:"), "{screen}");
    assert!(screen.contains("↑ 3 more · ↓ "), "{screen}");
    snapshot("import_rows_scrolled", &mut app);
    // To the end: the last row shows, and nothing is below it.
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
    }
    let screen = draw(&app, (80, 24));
    assert!(screen.contains("line 33:"), "{screen}");
    assert!(screen.contains("  ↑ 29 more  "), "nothing below: {screen}");
    press(&mut app, KeyCode::Up);
    let screen = draw(&app, (80, 24));
    assert!(screen.contains("line 32:"), "{screen}");
}

/// The bulk invite's rows scroll the same way; while it runs, the footer
/// has only the keys that work (no s/u/k/a), one Esc, and the progress
/// keeps its rate and ETA on a line of its own at 80x24.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bulk_panels_rows_scroll_and_its_run_offers_only_what_works() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &pool, true).await;
    let csv = write_csv(&snapshot_dir("ui-bulk-scroll"), 2, 30);
    invite_checked(&mut app, &fake, &csv).await;
    let screen = draw(&app, (80, 24));
    assert!(screen.contains("line 4:"), "{screen}");
    for key in ["s start", "u SUPPRESS", "k skip invalid", "↓ scroll rows"] {
        assert!(footer(&screen).contains(key), "{key}: {screen}");
    }
    // 2 emails are within what the pool delivers: a would change nothing.
    assert!(!footer(&screen).contains("a over limit"), "{screen}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let screen = draw(&app, (80, 24));
    assert!(!screen.contains("line 4:"), "{screen}");
    assert!(screen.contains("↑ 2 more · ↓ "), "{screen}");
    snapshot("bulk_rows_scrolled", &mut app);

    press(&mut app, KeyCode::Char('k'));
    let fx = press(&mut app, KeyCode::Char('s'));
    let Some(Effect::SendInvites { id, .. }) = fx.first() else {
        panic!("no run: {fx:?}");
    };
    let start = tokio::time::Instant::now();
    let events = [
        invite::Event::Started {
            total: 1_000_000,
            already_done: 0,
            to_send: 999_970,
            to_record_invalid: 30,
            rate: 50.0,
            already_invalid: 0,
        },
        invite::Event::Outcome {
            line: 2,
            username: "user1".into(),
            outcome: invite::Outcome::Created { status: None },
            groups: Vec::new(),
        },
    ];
    for (i, event) in events.into_iter().enumerate() {
        let at = start + Duration::from_secs(i as u64);
        app.update(Action::Task(*id, TaskOutcome::InviteEvent(event, at)));
    }
    let screen = draw(&app, (80, 24));
    assert!(
        screen
            .lines()
            .any(|l| l.contains("│1.0/s (pacing at 50.0/s now), ETA ")),
        "the rate and ETA on a line of their own: {screen}"
    );
    let footer = footer(&screen);
    for gone in ["s start", "u SUPPRESS", "k skip", "a over"] {
        assert!(!footer.contains(gone), "{gone}: {footer}");
    }
    assert_eq!(footer.matches("Esc").count(), 1, "{footer}");
    assert!(
        footer.contains("Esc stops after the rows in flight"),
        "{footer}"
    );
    assert!(footer.contains("↓ scroll rows"), "{footer}");
    for key in ['s', 'u', 'k', 'a'] {
        assert!(press(&mut app, KeyCode::Char(key)).is_empty(), "{key}");
    }
}

/// While the job runs, the title, the panel and the footer say the same
/// about Esc, the rows skipped as invalid are counted, and the rate and
/// ETA have a line of their own at 80x24.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_run_says_one_thing_about_esc_and_keeps_its_eta() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &pool, true).await;
    let csv = write_csv(&snapshot_dir("ui-import-esc"), 30, 1);
    check_state(&mut app, &fake, &csv).await;
    press(&mut app, KeyCode::Char('k'));
    let fx = press(&mut app, KeyCode::Char('s'));
    let Some(Effect::RunImport { id, .. }) = fx.first() else {
        panic!("no run: {fx:?}");
    };
    let start = tokio::time::Instant::now();
    let job = |imported| import::ImportEvent::Job {
        part: 1,
        rows: 30,
        job: cognito_wizard::api::ImportJob {
            job_id: "import-AbCdEf".into(),
            status: "InProgress".into(),
            imported,
            ..Default::default()
        },
    };
    for (event, at) in [(job(0), start), (job(12), start + Duration::from_secs(4))] {
        app.update(Action::Task(*id, TaskOutcome::ImportEvent(event, at)));
    }
    let screen = draw(&app, (120, 40));
    let wording = cognito_wizard::app::keymap::STOP_JOB;
    assert!(!screen.contains("Esc cancels"), "{screen}");
    assert_eq!(
        screen.matches(wording).count(),
        3,
        "title, panel, footer: {screen}"
    );
    // The row skipped with k is said while the job runs, as the summary
    // and the report will count it.
    assert!(
        screen.contains("1 row skipped as invalid: in no import file; the report lists it"),
        "{screen}"
    );
    let screen = draw(&app, (80, 24));
    assert!(
        screen.lines().any(|l| l.contains("│3.0/s, ETA 6s")),
        "{screen}"
    );
    assert!(!footer(&screen).contains("k skip"), "{screen}");
}

/// Rows a run skipped as invalid (`k`) stay invalid the next time the CSV
/// is checked, as the summary and the report count them, said apart from
/// the rows still to fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_skipped_as_invalid_by_a_run_are_still_counted_invalid() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &pool, true).await;
    let csv = write_csv(&temp_dir("bulk-skipped"), 2, 3);
    invite_checked(&mut app, &fake, &csv).await;
    press(&mut app, KeyCode::Char('k'));
    let fx = press(&mut app, KeyCode::Char('s'));
    let Some(Effect::SendInvites { id, prepared }) = fx.into_iter().next() else {
        panic!("no run");
    };
    let (events, _rx) = invite::channel();
    let summary = invite::send(fake.api.clone(), *prepared, events, Default::default())
        .await
        .unwrap();
    assert_eq!(summary.invalid, 3, "{summary}");
    app.update(Action::Task(id, TaskOutcome::InvitesFinished(Ok(summary))));
    // The panel closed, the same CSV checked again.
    press(&mut app, KeyCode::Esc);
    invite_checked(&mut app, &fake, &csv).await;
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("3 invalid (3 of"), "{screen}");
    assert!(screen.contains("skipped by an earlier run)"), "{screen}");
    assert!(screen.contains("Rows with problems: 3 invalid"), "{screen}");
}

/// A run that stopped early says why on its panel (the journal's stop
/// record), not only "not sent: the run stopped first".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_stopped_early_says_why_on_its_panel() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &pool, true).await;
    let csv = write_csv(&temp_dir("bulk-stopped"), 2, 0);
    invite_checked(&mut app, &fake, &csv).await;
    let fx = press(&mut app, KeyCode::Char('s'));
    let Some(Effect::SendInvites { id, .. }) = fx.into_iter().next() else {
        panic!("no run");
    };
    let summary = invite::Summary {
        rows: 2,
        failed: 2,
        not_sent: 2,
        stopped: Some("the CSV changed while the run was going (line 2)\u{1b}[2J".into()),
        ..Default::default()
    };
    app.update(Action::Task(id, TaskOutcome::InvitesFinished(Ok(summary))));
    for size in [(80, 24), (120, 40)] {
        let screen = draw(&app, size);
        assert!(
            screen.contains("Stopped early: the CSV changed"),
            "{screen}"
        );
        assert!(!screen.contains('\u{1b}'), "{screen}");
    }
}

/// `m` offers the session's import sample (the one with `email_verified`),
/// `c` the invite's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn m_offers_the_import_sample_and_c_the_invite_sample() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session {
        sample_csv: Some(PathBuf::from("/samples/sample-users.csv")),
        sample_import_csv: Some(PathBuf::from("/samples/sample-import-users.csv")),
        ..Session::default()
    });
    open_invite_state(&mut app, &fake, &pool, true).await;
    let offered = |app: &App| match app.modal() {
        Some(cognito_wizard::app::modal::Modal::Prompt(prompt)) => prompt.text(),
        other => panic!("no prompt: {other:?}"),
    };
    press(&mut app, KeyCode::Char('m'));
    assert_eq!(offered(&app), "/samples/sample-import-users.csv");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(offered(&app), "/samples/sample-users.csv");
}

/// On a checked panel `k` is offered only with invalid rows to skip and `a`
/// only when the invitations are over what the pool can deliver; pressed
/// when not offered, they say they change nothing and change nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn k_and_a_are_offered_only_when_they_change_something() {
    let fake = fake(10).await;
    let pool = fake.service.pool.id.clone();
    let mut app = App::new(Session::default());
    open_invite_state(&mut app, &fake, &pool, true).await;
    let csv = write_csv(&snapshot_dir("ui-bulk-offers"), 3, 0);
    invite_checked(&mut app, &fake, &csv).await;
    let screen = draw(&app, (120, 40));
    assert!(footer(&screen).contains("s start"), "{screen}");
    assert!(!footer(&screen).contains("k skip"), "{screen}");
    assert!(!footer(&screen).contains("a over"), "{screen}");
    press(&mut app, KeyCode::Char('k'));
    let said = app.status().cloned().unwrap_or_default();
    assert!(said.contains("k changes nothing"), "{said}");
    press(&mut app, KeyCode::Esc);
    // Over Cognito's default sender's 50 emails a day: a is offered.
    let csv = write_csv(&snapshot_dir("ui-bulk-offers-over"), 60, 1);
    invite_checked(&mut app, &fake, &csv).await;
    let screen = draw(&app, (120, 40));
    assert!(footer(&screen).contains("a over limit"), "{screen}");
    assert!(footer(&screen).contains("k skip invalid"), "{screen}");
    press(&mut app, KeyCode::Esc);
    // The import panel: no invalid row, no k.
    let csv = write_csv(&snapshot_dir("ui-import-offers"), 3, 0);
    check_state(&mut app, &fake, &csv).await;
    let screen = draw(&app, (120, 40));
    assert!(footer(&screen).contains("s start the import"), "{screen}");
    assert!(!footer(&screen).contains("k skip"), "{screen}");
}
