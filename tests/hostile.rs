//! Hostile input, files and faults: an endpoint, a CSV or a field that holds
//! terminal control sequences; files that are not what they claim. Each test
//! tries the attack.

use std::sync::Arc;
use std::time::Duration;

use cognito_wizard::app::{App, Session};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tokio::sync::{mpsc, watch};

#[path = "hostile/files.rs"]
mod files;
#[path = "hostile/names.rs"]
mod names;
mod support;
#[path = "terminal/tmux.rs"]
#[allow(dead_code)]
mod tmux;

use support::{mkfifo, Behaviour, CaptureServer};

/// Clipboard (OSC 52), title (OSC 0), clear screen and home (CSI), C1 CSI and
/// OSC, a carriage return, DEL and a bidi override.
const HOSTILE: &str =
    "ev\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x07\x1b[2J\x1b[H\u{9b}31m\u{9d}0;t\u{9c}\r\u{7f}\u{202e}il";

/// Whether `text` holds anything that could drive a terminal.
fn has_control(text: &str) -> bool {
    text.chars().any(|c| {
        c != '\n'
            && (c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    })
}

/// The screen holds no control character and shows the escapes instead (so
/// the sanitiser, not the last-net guard, did the work).
fn assert_clean_screen(screen: &str) {
    assert!(
        !has_control(screen),
        "a control character on screen:\n{screen:?}"
    );
    assert!(
        !screen.contains('\u{fffd}'),
        "the guard had to act:\n{screen}"
    );
}

// --- a wizard on a TestBackend -------------------------------------------------------

struct Driver {
    keys: mpsc::UnboundedSender<std::io::Result<Event>>,
    screen: watch::Receiver<String>,
}

impl Driver {
    fn send(&self, event: Event) {
        self.keys.send(Ok(event)).unwrap();
    }

    fn key(&self, code: KeyCode) {
        self.send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    async fn wait_for(&mut self, needle: &str) -> String {
        let found = tokio::time::timeout(Duration::from_secs(20), async {
            self.screen
                .wait_for(|s| s.contains(needle))
                .await
                .map(|s| s.clone())
        })
        .await;
        match found {
            Ok(Ok(text)) => text,
            _ => panic!(
                "the screen never showed {needle:?}; it shows:\n{}",
                *self.screen.borrow()
            ),
        }
    }
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

async fn run_wizard<F, Fut>(api: cognito_wizard::api::SharedApi, script: F)
where
    F: FnOnce(Driver) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Session {
        draft_path: None,
        autosave_path: Some(dir.path().join("autosave.json")),
        ..Session::default()
    });
    let (keys, inbox) = mpsc::unbounded_channel();
    let (screen_tx, screen) = watch::channel(String::new());
    let input = Box::pin(futures::stream::unfold(inbox, |mut rx| async move {
        rx.recv().await.map(|event| (event, rx))
    }));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    app.update(cognito_wizard::app::Action::Resize(120, 40));
    let run = cognito_wizard::event_loop::run(
        &mut terminal,
        &mut app,
        api,
        Vec::new(),
        input,
        futures::stream::pending(),
        |t| {
            screen_tx.send_replace(screen_text(t));
        },
    );
    let (result, ()) = tokio::join!(run, script(Driver { keys, screen }));
    result.unwrap();
}

fn hostile_pool() -> serde_json::Value {
    serde_json::json!({
        "Id": "us-east-1_Hostile1",
        "Name": HOSTILE,
        "SchemaAttributes": [
            {"Name": "email", "AttributeDataType": "String", "DeveloperOnlyAttribute": false,
             "Mutable": true, "Required": false,
             "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}},
            {"Name": format!("custom:{HOSTILE}"), "AttributeDataType": "String",
             "DeveloperOnlyAttribute": false, "Mutable": true, "Required": false,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}}
        ]
    })
}

/// From Start, the pools listed (the hostile one among them): the screen.
async fn list_the_pools(d: &mut Driver) -> String {
    let screen = d.wait_for("Empty pool").await;
    let items: Vec<&str> = screen
        .lines()
        .filter(|l| {
            [
                "Preset:",
                "Empty pool",
                "Resume",
                "Open a",
                "Clone",
                "Invite",
                "Change",
            ]
            .iter()
            .any(|item| l.contains(item))
        })
        .collect();
    let index = items
        .iter()
        .position(|l| l.contains("list the pools"))
        .unwrap();
    for _ in 0..index {
        d.key(KeyCode::Down);
    }
    d.key(KeyCode::Enter);
    d.wait_for("ev\\u{1b}]52;c;").await
}

fn hostile_server() -> CaptureServer {
    let server = CaptureServer::start();
    server.set(
        "ListUserPools",
        Behaviour::ok(
            serde_json::json!({"UserPools": [{"Id": "us-east-1_Hostile1", "Name": HOSTILE}]})
                .to_string(),
        ),
    );
    server.set(
        "DescribeUserPool",
        Behaviour::ok(serde_json::json!({ "UserPool": hostile_pool() }).to_string()),
    );
    server.set(
        "AdminCreateUser",
        Behaviour::error(400, &format!("Invalid{HOSTILE}Exception"), HOSTILE),
    );
    server
}

/// The pool list, the invite form shaped by the pool's attributes, a value
/// pasted into a field (while editing and once drawn in the form) and the
/// service's error: all drawn with escapes, none raw.
#[tokio::test]
async fn hostile_names_values_and_errors_are_drawn_escaped() {
    let server = hostile_server();
    let api = support::capture_api(&server, support::quick_policy()).await;
    run_wizard(Arc::new(api), |mut d| async move {
        let screen = list_the_pools(&mut d).await;
        assert!(screen.contains("ev\\u{1b}]52;c;"), "{screen}");
        assert_clean_screen(&screen);
        d.key(KeyCode::Char('i'));
        let screen = d.wait_for("Pool us-east-1_Hostile1").await;
        assert!(screen.contains("custom:ev\\u{1b}"), "{screen}");
        assert_clean_screen(&screen);
        d.key(KeyCode::Enter);
        for c in "carl".chars() {
            d.key(KeyCode::Char(c));
        }
        d.key(KeyCode::Enter);
        d.key(KeyCode::Char('s'));
        let screen = d.wait_for("Invalidev\\u{1b}").await;
        assert!(screen.contains("\\u{9b}31m"), "{screen}");
        assert_clean_screen(&screen);
        // A pasted value, in its editor and then in the form.
        d.key(KeyCode::Tab);
        d.key(KeyCode::Enter);
        d.send(Event::Paste(format!("bob{HOSTILE}")));
        let screen = d.wait_for("bobev\\u{1b}]52").await;
        assert_clean_screen(&screen);
        d.key(KeyCode::Enter);
        let screen = d.wait_for("must be an email address").await;
        assert_clean_screen(&screen);
    })
    .await;
    assert!(!server.requests_for("AdminCreateUser").is_empty());
}

fn binary(endpoint: &str, args: &[&str]) -> std::process::Output {
    support::binary_command()
        .args(["--endpoint-url", endpoint, "--region", "us-east-1"])
        .args(args)
        .output()
        .expect("the binary runs")
}

fn assert_clean_output(name: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !has_control(&text),
        "{name} holds a control character: {text:?}"
    );
}

/// `create-user` and `create-pool` print the service's error cleaned.
#[test]
fn headless_errors_from_the_endpoint_are_printed_escaped() {
    let server = hostile_server();
    server.set(
        "CreateUserPool",
        Behaviour::error(400, "InvalidParameterException", HOSTILE),
    );
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("user.json");
    std::fs::write(
        &user,
        r#"{"UserPoolId": "us-east-1_Hostile1", "Username": "bob"}"#,
    )
    .unwrap();
    let pool = dir.path().join("pool.json");
    std::fs::write(&pool, r#"{"PoolName": "fine"}"#).unwrap();
    for (file, command) in [(&user, "create-user"), (&pool, "create-pool")] {
        let out = binary(&server.url(), &[command, file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("ev\\u{1b}]52;c;"), "{command}: {stderr}");
        assert_clean_output(command, &out.stderr);
        assert_clean_output(command, &out.stdout);
    }
}

/// `invite`: a pool with hostile attribute names, a CSV with hostile header
/// names and values, an endpoint answering with hostile errors: standard
/// error, standard output and the report hold no control character.
#[test]
fn headless_invite_prints_and_reports_escaped() {
    let server = hostile_server();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        format!("username,email,\"x{HOSTILE}\"\n\"bob{HOSTILE}\",bob@example.com,1\n"),
    )
    .unwrap();
    let report = dir.path().join("report.csv");
    let out = binary(
        &server.url(),
        &[
            "invite",
            "--user-pool-id",
            "us-east-1_Hostile1",
            "--csv",
            csv.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--message-action",
            "SUPPRESS",
        ],
    );
    let printed = format!("{out:?}");
    let both = [out.stdout.clone(), out.stderr.clone()].concat();
    assert!(
        String::from_utf8_lossy(&both).contains("xev\\u{1b}]52"),
        "{printed}"
    );
    assert_clean_output("stderr", &out.stderr);
    assert_clean_output("stdout", &out.stdout);
    // The header named a column the pool lacks, so nothing was sent; now a
    // valid CSV whose rows meet the hostile error.
    std::fs::write(
        &csv,
        format!("username,email\n\"bob{HOSTILE}\",bob@example.com\ncarl,carl@example.com\n"),
    )
    .unwrap();
    let out = binary(
        &server.url(),
        &[
            "invite",
            "--user-pool-id",
            "us-east-1_Hostile1",
            "--csv",
            csv.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--message-action",
            "SUPPRESS",
            "--skip-invalid",
        ],
    );
    assert_clean_output("stderr", &out.stderr);
    assert_clean_output("stdout", &out.stdout);
    let text = std::fs::read(&report).unwrap_or_else(|e| panic!("no report: {e}: {out:?}"));
    assert_clean_output("report", &text);
    assert!(
        String::from_utf8_lossy(&text).contains("\\u{1b}"),
        "{out:?}"
    );
}

/// A capture server for a plain pool whose AdminCreateUser succeeds.
fn plain_server() -> CaptureServer {
    let server = CaptureServer::start();
    let mut pool = hostile_pool();
    pool["Name"] = "plain".into();
    pool["SchemaAttributes"].as_array_mut().unwrap().truncate(1);
    server.set(
        "DescribeUserPool",
        Behaviour::ok(serde_json::json!({ "UserPool": pool }).to_string()),
    );
    server
}

fn invite_args<'a>(csv: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "invite",
        "--user-pool-id",
        "us-east-1_Hostile1",
        "--csv",
        csv,
        "--message-action",
        "SUPPRESS",
    ];
    args.extend_from_slice(extra);
    args
}

/// A journal or report path that is a symlink to someone else's file: both
/// are refused (a report is never a link), and neither victim is written.
#[cfg(unix)]
#[test]
fn symlinked_journal_and_report_are_not_followed() {
    use std::os::unix::fs::symlink;
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(&csv, "username,email\ncarl,carl@example.com\n").unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    let journal = dir.path().join("j.jsonl");
    symlink(&victim, &journal).unwrap();
    let csv_arg = csv.to_str().unwrap();
    let out = binary(
        &server.url(),
        &invite_args(csv_arg, &["--journal", journal.to_str().unwrap()]),
    );
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(server.requests_for("AdminCreateUser").is_empty());

    let report = dir.path().join("r.csv");
    symlink(&victim, &report).unwrap();
    let out = binary(
        &server.url(),
        &invite_args(csv_arg, &["--report", report.to_str().unwrap()]),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    let left = std::fs::symlink_metadata(&report).unwrap();
    assert!(left.file_type().is_symlink(), "the link is left as it is");
    assert!(server.requests_for("AdminCreateUser").is_empty());
}

/// A plain CSV of one valid row, in a fresh directory.
fn one_row_csv() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(&csv, "username,email\ncarl,carl@example.com\n").unwrap();
    (dir, csv)
}

/// `--journal` naming a file that is not a journal: refused, left as it was.
#[test]
fn a_journal_that_is_not_a_journal_is_refused_and_untouched() {
    let server = plain_server();
    let (dir, csv) = one_row_csv();
    let notes = dir.path().join("notes.txt");
    let text = "my notes\nline two\nno newline at the end";
    std::fs::write(&notes, text).unwrap();
    let out = binary(
        &server.url(),
        &invite_args(
            csv.to_str().unwrap(),
            &["--journal", notes.to_str().unwrap()],
        ),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not a journal"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), text);
    assert!(server.requests_for("AdminCreateUser").is_empty());
}

/// The CSV, journal and report must be three files, however they are spelt.
#[test]
fn csv_journal_and_report_must_differ() {
    let server = plain_server();
    let (dir, csv) = one_row_csv();
    let before = std::fs::read_to_string(&csv).unwrap();
    let other_spelling = dir.path().join("sub/../users.csv");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let csv_arg = csv.to_str().unwrap();
    for flag in ["--report", "--journal"] {
        let out = binary(
            &server.url(),
            &invite_args(csv_arg, &[flag, other_spelling.to_str().unwrap()]),
        );
        assert_eq!(out.status.code(), Some(1), "{flag}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("name the same file"), "{flag}: {stderr}");
        assert_eq!(std::fs::read_to_string(&csv).unwrap(), before);
    }
    let same = dir.path().join("both.out");
    let out = binary(
        &server.url(),
        &invite_args(
            csv_arg,
            &[
                "--journal",
                same.to_str().unwrap(),
                "--report",
                same.to_str().unwrap(),
            ],
        ),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(server.requests_for("AdminCreateUser").is_empty());
}

/// A report that cannot be written is found before anything is sent.
#[test]
fn an_unwritable_report_is_found_before_any_call() {
    let server = plain_server();
    let (dir, csv) = one_row_csv();
    let under_a_file = csv.join("report.csv");
    let a_directory = dir.path().to_path_buf();
    for report in [under_a_file, a_directory] {
        let out = binary(
            &server.url(),
            &invite_args(
                csv.to_str().unwrap(),
                &["--report", report.to_str().unwrap()],
            ),
        );
        assert_eq!(out.status.code(), Some(4), "a local file error: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot write the report"), "{stderr}");
    }
    assert!(server.requests_for("AdminCreateUser").is_empty());
    assert!(server.requests_for("DescribeUserPool").is_empty());
}

/// A report path naming a pipe or a device is refused before any call, and
/// what is there stays what it was (a rename would have put a file there).
#[test]
fn a_report_that_is_a_pipe_or_a_device_is_refused_and_left_alone() {
    use std::os::unix::fs::FileTypeExt;
    let server = plain_server();
    let (dir, csv) = one_row_csv();
    let fifo = dir.path().join("report.fifo");
    mkfifo(&fifo);
    for report in [fifo.as_path(), std::path::Path::new("/dev/null")] {
        let out = binary(
            &server.url(),
            &invite_args(
                csv.to_str().unwrap(),
                &["--report", report.to_str().unwrap()],
            ),
        );
        assert_eq!(out.status.code(), Some(4), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    assert!(fifo.symlink_metadata().unwrap().file_type().is_fifo());
    let null = std::path::Path::new("/dev/null")
        .symlink_metadata()
        .unwrap();
    assert!(null.file_type().is_char_device());
    assert!(server.requests_for("DescribeUserPool").is_empty());
}

/// A journal that is a pipe is refused at once: opening a FIFO would wait
/// for a writer forever (the run is bounded by `timeout` so a regression
/// fails instead of hanging the suite).
#[test]
fn a_journal_that_is_a_pipe_is_refused_without_waiting() {
    let server = plain_server();
    let (dir, csv) = one_row_csv();
    let journal = dir.path().join("journal.fifo");
    mkfifo(&journal);
    let args = invite_args(
        csv.to_str().unwrap(),
        &["--journal", journal.to_str().unwrap()],
    );
    let out = std::process::Command::new("timeout")
        .arg("30")
        .arg(env!("CARGO_BIN_EXE_cognito-wizard"))
        .args(["--endpoint-url", &server.url(), "--region", "us-east-1"])
        .args(&args)
        .envs(
            support::binary_command()
                .get_envs()
                .filter_map(|(k, v)| v.map(|v| (k, v))),
        )
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(124),
        "it hung on the pipe: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(server.requests_for("AdminCreateUser").is_empty());
}

/// A CSV that is a pipe would be empty the second time it is read: refused
/// before any call, naming the way out.
#[test]
fn a_csv_from_a_pipe_is_refused_before_any_call() {
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    mkfifo(&csv);
    let report = dir.path().join("report.csv");
    let out = binary(
        &server.url(),
        &invite_args(
            csv.to_str().unwrap(),
            &["--report", report.to_str().unwrap()],
        ),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("save it to a file first"), "{stderr}");
    assert!(server.requests_for("DescribeUserPool").is_empty());
}

/// `--timeout` bounds DescribeUserPool with its retries too: against an
/// endpoint that never answers it, one timeout ends the run.
#[test]
fn describe_user_pool_is_bounded_by_the_timeout() {
    let server = plain_server();
    server.set("DescribeUserPool", Behaviour::NeverAnswer);
    let (_dir, csv) = one_row_csv();
    let out = binary(
        &server.url(),
        &["--timeout", "1"]
            .into_iter()
            .chain(invite_args(csv.to_str().unwrap(), &[]))
            .collect::<Vec<_>>(),
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DescribeUserPool failed"), "{stderr}");
    assert!(
        server.requests_for("DescribeUserPool").len() <= 2,
        "not retried past the timeout: {}",
        server.requests_for("DescribeUserPool").len()
    );
}

/// Thousands of bad header columns print the first fifty and a count.
#[test]
fn a_header_of_many_bad_columns_prints_the_first_and_a_count() {
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    let header: Vec<String> = (0..2000).map(|i| format!("bogus{i}")).collect();
    std::fs::write(
        &csv,
        format!("username,{}\nu1{}\n", header.join(","), ",x".repeat(2000)),
    )
    .unwrap();
    let out = binary(
        &server.url(),
        &invite_args(csv.to_str().unwrap(), &["--dry-run"]),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("line 1:"))
        .collect();
    assert_eq!(lines.len(), 51, "{stdout}");
    assert_eq!(lines[50], "line 1: and 1950 more header problems");
}

/// Usernames and messages a spreadsheet would run as formulas are written
/// with a leading `'` in the report.
#[test]
fn report_cells_that_look_like_formulas_are_escaped() {
    let server = plain_server();
    server.set(
        "AdminCreateUser",
        // Leading white space too: spreadsheets trim it before they look.
        Behaviour::error(400, "InvalidParameterException", "  =cmd|'/C calc'!A0"),
    );
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        "username,email\n=HYPERLINK(\"http://x\"),a@example.com\n@SUM(1),b@example.com\n",
    )
    .unwrap();
    let report = dir.path().join("r.csv");
    let out = binary(
        &server.url(),
        &invite_args(
            csv.to_str().unwrap(),
            &["--report", report.to_str().unwrap()],
        ),
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let rows: Vec<Vec<String>> = csv::Reader::from_path(&report)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][1], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[1][1], "'@SUM(1)");
    for row in &rows {
        assert!(row[4].starts_with("'  =cmd|'/C calc'!A0"), "{row:?}");
        for cell in row {
            assert!(
                !cell
                    .trim_start()
                    .starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{row:?}"
            );
        }
    }
}

/// `validate /dev/zero` (a device: not a regular file) and a request file
/// over 1 MiB end at once, unread.
#[test]
fn request_files_over_1_mib_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    std::fs::write(
        &big,
        format!("{{\"PoolName\": \"a\"{}}}", " ".repeat(1 << 20)),
    )
    .unwrap();
    for (file, why) in [
        (std::path::Path::new("/dev/zero"), "not a regular file"),
        (big.as_path(), "over 1 MiB"),
    ] {
        let out = support::binary_command()
            .args(["validate", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(why),
            "{out:?}"
        );
    }
}

/// The fuzz finding: a repeated empty member name has a path that says so.
#[test]
fn a_repeated_empty_member_is_named() {
    let out = support::binary_command()
        .args(["validate", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(br#"{"": {}, "": {}}"#)?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with(r#"[""]: written twice"#), "{stdout}");
}

/// One CSV record over 1 MiB is an error naming its line; so is a header
/// that long (a million columns), found at once instead of after an hour.
#[test]
fn csv_records_over_1_mib_are_errors_naming_the_line() {
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    // Just over the bound, and far over it (cut off while still reading).
    for size in [(1 << 20) + 10, 3 << 20] {
        let long = "x".repeat(size);
        std::fs::write(
            &csv,
            format!("username,email\ncarl,carl@example.com\n\ndave,\"{long}\"\n"),
        )
        .unwrap();
        let out = binary(
            &server.url(),
            &invite_args(csv.to_str().unwrap(), &["--dry-run"]),
        );
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("line 4: the record is over 1 MiB"),
            "{stderr}"
        );
    }
    for columns in [524_300, 2_000_000] {
        std::fs::write(&csv, format!("username{}\n", ",a".repeat(columns))).unwrap();
        let out = binary(
            &server.url(),
            &invite_args(csv.to_str().unwrap(), &["--dry-run"]),
        );
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("line 1: the header is over 1 MiB"),
            "{stderr}"
        );
    }
}

/// Paging ends on a repeated token, or after a bound when every token is new.
#[tokio::test]
async fn list_paging_stops_on_a_repeated_token_or_a_bound() {
    use cognito_wizard::api::CognitoApi;
    let page = |token: &str| {
        serde_json::json!({"UserPools": [{"Id": "us-east-1_P", "Name": "p"}], "NextToken": token})
            .to_string()
    };
    let server = CaptureServer::start();
    server.set("ListUserPools", Behaviour::ok(page("again")));
    let api = support::capture_api(&server, support::quick_policy()).await;
    let error = api.list_user_pools().await.unwrap_err();
    assert!(
        error.to_string().contains("same page token twice"),
        "{error}"
    );
    assert_eq!(server.requests_for("ListUserPools").len(), 2);

    let counter = std::sync::atomic::AtomicU64::new(0);
    server.set(
        "ListUserPools",
        Behaviour::computed(move |_| {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Behaviour::ok(page(&format!("t{n}")))
        }),
    );
    let error = api.list_user_pools().await.unwrap_err();
    assert!(error.to_string().contains("more than 200 pages"), "{error}");
    assert_eq!(server.requests_for("ListUserPools").len(), 2 + 200);
}

/// A throttle and a dropped connection on DescribeUserPool are retried like
/// the rows' calls; the run goes on.
#[test]
fn invite_retries_describe_user_pool() {
    let server = plain_server();
    server.push(
        "DescribeUserPool",
        Behaviour::error(400, "TooManyRequestsException", "Rate exceeded"),
    );
    server.push("DescribeUserPool", Behaviour::DropConnection);
    let (_dir, csv) = one_row_csv();
    let out = binary(&server.url(), &invite_args(csv.to_str().unwrap(), &[]));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(server.requests_for("DescribeUserPool").len(), 3);
    assert_eq!(server.requests_for("AdminCreateUser").len(), 1);
}

/// 100 rows against an endpoint that never answers, `--timeout 1`: the run
/// ends after the first rows (not after every row's retries), says why, and
/// the journal's last record says where.
#[test]
fn a_silent_endpoint_ends_the_run_in_bounded_time() {
    let server = plain_server();
    server.set("AdminCreateUser", Behaviour::NeverAnswer);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    let mut text = String::from("username,email\n");
    for i in 0..100 {
        text.push_str(&format!("u{i},u{i}@example.com\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let out = binary(
        &server.url(),
        &["--timeout", "1"]
            .into_iter()
            .chain(invite_args(csv.to_str().unwrap(), &[]))
            .collect::<Vec<_>>(),
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rows in a row failed"), "{stderr}");
    assert!(
        server.requests_for("AdminCreateUser").len() < 40,
        "{stderr}"
    );
    let journal = std::fs::read_to_string(dir.path().join("users.csv.journal.jsonl")).unwrap();
    let last = journal.lines().last().unwrap();
    assert!(last.starts_with(r#"{"record":"stop""#), "{last}");
}

/// The real binary in tmux against the hostile endpoint, every byte the pane
/// receives recorded (`pipe-pane`): the Start list and the invite form show
/// the escapes, and none of the endpoint's sequences reaches the terminal, so
/// tmux's clipboard (accepting OSC 52 here) and the pane's title are as they
/// were.
#[test]
fn the_terminal_gets_no_sequence_from_the_endpoint() {
    let server = hostile_server();
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("pane.raw");
    // The wizard starts once the pane is being recorded (on the Enter below).
    let command = format!(
        "read go; exec env -u RUST_BACKTRACE -u AWS_PROFILE AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_CONFIG_FILE=/nonexistent/cw AWS_SHARED_CREDENTIALS_FILE=/nonexistent/cw AWS_EC2_METADATA_DISABLED=true COGNITO_WIZARD_STATE_DIR='{state}' '{bin}' --endpoint-url '{url}' --region us-east-1",
        state = dir.path().display(),
        bin = env!("CARGO_BIN_EXE_cognito-wizard"),
        url = server.url(),
    );
    let tmux = tmux::Tmux::start("hostile", &command, 120, 40);
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.run(&["set-option", "-g", "allow-rename", "on"]);
    let title_before = tmux.format("#{pane_title}");
    tmux.run(&[
        "pipe-pane",
        "-t",
        "main",
        "-o",
        &format!("cat >> '{}'", raw.display()),
    ]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Empty pool");
    let items: Vec<&str> = screen
        .lines()
        .filter(|l| {
            [
                "Preset:",
                "Empty pool",
                "Resume where",
                "Open a",
                "Clone",
                "Invite users to",
            ]
            .iter()
            .any(|k| l.contains(k))
        })
        .collect();
    let index = items
        .iter()
        .position(|l| l.contains("list the pools"))
        .unwrap();
    tmux.repeat("Down", index);
    tmux.keys(&["Enter"]);
    tmux.wait_for("ev\\u{1b}]52;c;");
    tmux.keys(&["i"]);
    tmux.wait_for("custom:ev\\u{1b}");
    let bytes = std::fs::read(&raw).unwrap();
    for (what, needle) in [
        ("OSC 52", &b"\x1b]52;"[..]),
        ("OSC 0", b"\x1b]0;pwned"),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("C1 OSC", "\u{9d}".as_bytes()),
        ("RLO", "\u{202e}".as_bytes()),
        ("DEL", b"\x7f"),
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the pane received {what} from the endpoint"
        );
    }
    assert!(
        bytes.windows(12).any(|w| w == b"ev\\u{1b}]52;"),
        "the recording holds the drawn escapes"
    );
    assert_eq!(
        tmux.run(&["list-buffers"]).trim(),
        "",
        "the clipboard was set"
    );
    assert_eq!(
        tmux.format("#{pane_title}"),
        title_before,
        "the title was changed"
    );
}

/// The fuzz finding: a username that is not UTF-8 is said to be so, and not
/// also missing.
#[test]
fn an_unreadable_username_is_not_also_missing() {
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(&csv, b"username,email\n\xff\xfe,a@example.com\n").unwrap();
    let out = binary(
        &server.url(),
        &invite_args(csv.to_str().unwrap(), &["--dry-run"]),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("line 2: username: is not valid UTF-8 text"),
        "{out:?}"
    );
    assert!(!stdout.to_lowercase().contains("required"), "{stdout}");
}

/// The hostile pool with a hostile app client and group (names and
/// description), as change mode reads them.
fn hostile_parts_server() -> CaptureServer {
    let server = hostile_server();
    let id = "us-east-1_Hostile1";
    server.set(
        "ListUserPoolClients",
        Behaviour::ok(
            serde_json::json!({"UserPoolClients": [{"ClientId": "c1", "ClientName": HOSTILE, "UserPoolId": id}]})
                .to_string(),
        ),
    );
    server.set(
        "DescribeUserPoolClient",
        Behaviour::ok(
            serde_json::json!({"UserPoolClient": {"ClientId": "c1", "ClientName": HOSTILE, "UserPoolId": id,
                "CallbackURLs": [format!("https://x/{HOSTILE}")]}})
            .to_string(),
        ),
    );
    server.set(
        "ListResourceServers",
        Behaviour::ok(r#"{"ResourceServers": []}"#),
    );
    server.set(
        "ListGroups",
        Behaviour::ok(
            serde_json::json!({"Groups": [{"GroupName": HOSTILE, "Description": HOSTILE, "UserPoolId": id, "Precedence": 1}]})
                .to_string(),
        ),
    );
    server
}

/// Change mode on a pool whose app client and group carry terminal
/// sequences in their names, description and callback URL: App clients,
/// Groups, the group's form and Review's diff line all draw them escaped.
#[tokio::test]
async fn hostile_app_clients_and_groups_in_change_mode_are_drawn_escaped() {
    let server = hostile_parts_server();
    let api = support::capture_api(&server, support::quick_policy()).await;
    run_wizard(Arc::new(api), |mut d| async move {
        list_the_pools(&mut d).await;
        d.key(KeyCode::Char('c'));
        d.wait_for("Changing pool").await;
        for _ in 0..8 {
            d.key(KeyCode::PageDown);
        }
        let screen = d.wait_for("in the pool (id c1)").await;
        assert!(screen.contains("ev\\u{1b}]52;c;"), "{screen}");
        assert_clean_screen(&screen);
        d.key(KeyCode::Enter);
        let screen = d.wait_for("App client 1 of 1").await;
        assert_clean_screen(&screen);
        d.key(KeyCode::Esc);
        d.key(KeyCode::PageDown);
        d.key(KeyCode::PageDown);
        let screen = d.wait_for("in the pool · precedence 1").await;
        assert!(screen.contains("ev\\u{1b}]52;c;"), "{screen}");
        assert_clean_screen(&screen);
        d.key(KeyCode::Enter);
        d.key(KeyCode::Down);
        d.key(KeyCode::Enter);
        d.key(KeyCode::End);
        d.key(KeyCode::Char('x'));
        d.key(KeyCode::Enter);
        d.key(KeyCode::PageDown);
        let screen = d.wait_for(".Description:").await;
        assert!(screen.contains("UpdateGroup[ev\\u{1b}]52"), "{screen}");
        assert_clean_screen(&screen);
    })
    .await;
}
