//! Secrets (temporary passwords, SMS external ids) appear only where the
//! operator asked for them, for the pool and single-user paths:
//!
//! * the headless commands of the real binary (validate, preview, preview
//!   --compact, create-pool, create-user, their dry runs and failures): every
//!   byte of stdout and stderr is searched; only `--include-secrets` shows them;
//! * the wizard, on the real event loop: every frame drawn, the autosave, a
//!   named draft, an export without and one with "include secrets";
//! * files that may hold secrets (drafts, exports) are created with mode 0600,
//!   also when they replace a file that was readable by others.
//!
//! The bulk inviter (journal, report) has its own tests in tests/invite.rs.
//! create-pool and create-user run against moto and fail without it (run with
//! scripts/test.sh).

mod support;

use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito_wizard::api::{ApiError, ErrorKind, SharedApi, Unavailable};
use cognito_wizard::app::draft;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::cli::WizardArgs;
use cognito_wizard::model::pool::{
    AdminCreateUserConfig, PasswordPolicy, SmsConfiguration, UserPoolPolicy,
};
use cognito_wizard::model::{
    AdminCreateUserRequest, Attribute, CreateUserPoolRequest, MfaChoice, PoolDocument,
};
use cognito_wizard::problem::has_errors;
use cognito_wizard::validate::{validate_pool, validate_user};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::Value;
use tokio::sync::{mpsc, watch};

const TEMPORARY_PASSWORD: &str = "Tmp-PW-9f3a!";
const EXTERNAL_ID: &str = "ext-id-7c2e";
/// Every secret the requests carry.
const SECRETS: [&str; 2] = [TEMPORARY_PASSWORD, EXTERNAL_ID];

// --- requests --------------------------------------------------------------------------

/// A valid two-call pool plan whose SMS settings (in both calls) carry the
/// external id.
fn pool_with_secrets(name: &str) -> PoolDocument {
    let mut doc = PoolDocument::new(CreateUserPoolRequest {
        pool_name: Some(name.into()),
        policies: Some(UserPoolPolicy {
            password_policy: Some(PasswordPolicy {
                minimum_length: Some(10),
                require_uppercase: true,
                require_lowercase: true,
                require_numbers: true,
                require_symbols: true,
                password_history_size: None,
                temporary_password_validity_days: 7,
            }),
            sign_in_policy: None,
        }),
        sms_configuration: Some(SmsConfiguration {
            sns_caller_arn: "arn:aws:iam::123456789012:role/cognito-sms".into(),
            external_id: Some(EXTERNAL_ID.into()),
            sns_region: Some("us-east-1".into()),
            eums_sms: None,
        }),
        admin_create_user_config: Some(AdminCreateUserConfig::default()),
        ..Default::default()
    });
    MfaChoice {
        mode: "OPTIONAL".into(),
        sms: true,
        totp: true,
        email: false,
    }
    .apply(&mut doc);
    let problems = validate_pool(&doc);
    assert!(!has_errors(&problems), "{problems:#?}");
    assert_eq!(doc.plan().calls.len(), 2);
    doc
}

fn user_with_secret(pool_id: &str, password: &str) -> AdminCreateUserRequest {
    AdminCreateUserRequest {
        user_pool_id: Some(pool_id.into()),
        username: Some(support::unique_name("secret-user")),
        user_attributes: Some(vec![Attribute::new("email", "secret-user@example.com")]),
        temporary_password: Some(password.into()),
        message_action: Some("SUPPRESS".into()),
        ..Default::default()
    }
}

fn file_text(doc: &PoolDocument) -> String {
    serde_json::to_string_pretty(&doc.to_file_value()).unwrap()
}

// --- files -----------------------------------------------------------------------------

struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        let dir = std::env::temp_dir().join(support::unique_name(&format!("cw-secrets-{label}")));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fails naming the secret and where it showed.
fn assert_no_secrets(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{what} shows the secret {secret:?}:\n{text}"
        );
    }
}

// --- the headless binary -----------------------------------------------------------------

/// Checks on a run of the binary.
trait Clean {
    fn assert_clean(&self, what: &str);
}

impl Clean for support::Run {
    /// Neither stream shows a secret.
    fn assert_clean(&self, what: &str) {
        assert_no_secrets(&format!("{what} (stdout)"), &self.stdout);
        assert_no_secrets(&format!("{what} (stderr)"), &self.stderr);
    }
}

fn binary(args: &[&str], stdin: Option<&str>) -> support::Run {
    support::run_binary(args, stdin)
}

fn against<'a>(url: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--endpoint-url", url, "--region", "us-east-1"];
    all.extend_from_slice(args);
    all
}

#[test]
fn headless_validate_and_preview_show_secrets_only_when_asked() {
    let dir = TempDir::new("preview");
    let pool = dir.write("pool.json", &file_text(&pool_with_secrets("secret-pool")));
    let user_request = user_with_secret("us-east-1_AbC123", TEMPORARY_PASSWORD);
    assert!(!has_errors(&validate_user(&user_request, None)));
    let user = dir.write("user.json", &serde_json::to_string(&user_request).unwrap());
    for file in [&pool, &user] {
        let path = file.to_str().unwrap();
        let run = binary(&["validate", path], None);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        run.assert_clean("validate");

        for layout in [&["preview"][..], &["preview", "--compact"]] {
            let args: Vec<&str> = layout.iter().copied().chain([path]).collect();
            let run = binary(&args, None);
            assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
            run.assert_clean(&args.join(" "));
            // Left out, not masked: a mask would be replayed as the value.
            assert!(!run.stdout.contains("********"), "{}", run.stdout);
            let member = if file == &pool {
                "ExternalId"
            } else {
                "TemporaryPassword"
            };
            assert!(!run.stdout.contains(member), "{}", run.stdout);
            assert!(
                run.stderr.contains("is a secret and is left out"),
                "{}",
                run.stderr
            );

            // Asked for: every secret of the file, on stdout only.
            let args: Vec<&str> = layout
                .iter()
                .copied()
                .chain(["--include-secrets", path])
                .collect();
            let run = binary(&args, None);
            assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
            assert_no_secrets("preview --include-secrets (stderr)", &run.stderr);
            assert!(!run.stdout.contains("********"), "{}", run.stdout);
            let expected = if file == &pool {
                EXTERNAL_ID
            } else {
                TEMPORARY_PASSWORD
            };
            let shown = run.stdout.matches(expected).count();
            // The pool plan carries the external id in both calls.
            let calls = if file == &pool { 2 } else { 1 };
            assert_eq!(shown, calls, "{}", run.stdout);
        }

        // Standard input reads the same.
        let run = binary(&["preview", "--compact", "-"], Some(&read(file)));
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.assert_clean("preview --compact -");
    }
}

#[test]
fn headless_rejections_do_not_quote_secrets() {
    let dir = TempDir::new("rejected");
    // Invalid around the secrets: a password with spaces, an unknown member,
    // a wrong type next to them, text that is not JSON.
    let spaced = "Tmp-PW-9f3a! and more";
    let mut bad_user: Value =
        serde_json::to_value(user_with_secret("us-east-1_AbC123", spaced)).unwrap();
    bad_user["MessageAction"] = "SHOUT".into();
    let mut bad_pool = pool_with_secrets("bad-pool").to_file_value();
    bad_pool["CreateUserPool"]["SmsConfiguration"]["SnsCallerArn"] = "not-an-arn".into();
    let mut typo_pool = pool_with_secrets("typo-pool").create;
    typo_pool.mfa_configuration = None;
    let mut typo: Value = serde_json::to_value(&typo_pool).unwrap();
    typo["SmsConfiguration"]["ExternalID"] = EXTERNAL_ID.into();
    let mut wrong_type = serde_json::to_value(&typo_pool).unwrap();
    wrong_type["SmsConfiguration"]["ExternalId"] = serde_json::json!([EXTERNAL_ID]);
    let cases = [
        ("user.json", bad_user.to_string(), 1, "TemporaryPassword: "),
        (
            "pool.json",
            bad_pool.to_string(),
            1,
            "SmsConfiguration.SnsCallerArn: ",
        ),
        (
            "typo.json",
            typo.to_string(),
            1,
            "SmsConfiguration.ExternalID: unknown member",
        ),
        (
            "type.json",
            wrong_type.to_string(),
            1,
            "SmsConfiguration.ExternalId: ",
        ),
        (
            "broken.json",
            format!("{{\"TemporaryPassword\": \"{TEMPORARY_PASSWORD}\",\n"),
            2,
            "line 2",
        ),
    ];
    for (name, text, code, names) in cases {
        let file = dir.write(name, &text);
        let path = file.to_str().unwrap();
        for args in [
            vec!["validate", path],
            vec!["preview", path],
            vec!["preview", "--compact", "--include-secrets", path],
        ] {
            let run = binary(&args, None);
            assert_eq!(run.code, code, "{args:?}: {}{}", run.stdout, run.stderr);
            let output = format!("{}{}", run.stdout, run.stderr);
            assert!(output.contains(names), "{args:?}: {output}");
            assert!(!output.contains("and more"), "{args:?}: {output}");
            run.assert_clean(&args.join(" "));
        }
        // Refused by the other command, or for the same reasons.
        for args in [
            vec!["create-pool", "--dry-run", path],
            vec!["create-user", "--dry-run", path],
        ] {
            let run = binary(&args, None);
            assert!(
                matches!(run.code, 1 | 2),
                "{args:?}: {}{}",
                run.stdout,
                run.stderr
            );
            assert!(!run.stderr.contains("dry run"), "nothing is shown as sent");
            run.assert_clean(&args.join(" "));
        }
    }
}

#[test]
fn headless_create_pool_and_user_against_moto_do_not_print_secrets() {
    let url = support::moto_url();
    let dir = TempDir::new("moto");
    let pool = dir.write(
        "pool.json",
        &file_text(&pool_with_secrets(&support::unique_name("secret-pool"))),
    );
    let pool_path = pool.to_str().unwrap();

    let run = binary(&["create-pool", "--dry-run", pool_path], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("ExternalId"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("ExternalId is a secret and is left out"),
        "{}",
        run.stderr
    );
    run.assert_clean("create-pool --dry-run");

    let run = binary(&against(&url, &["create-pool", pool_path]), None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run.assert_clean("create-pool");
    let created: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let pool_id = created["Id"].as_str().expect("Id").to_owned();

    let user = dir.write(
        "user.json",
        &serde_json::to_string(&user_with_secret(&pool_id, TEMPORARY_PASSWORD)).unwrap(),
    );
    let user_path = user.to_str().unwrap();
    let run = binary(
        &against(&url, &["create-user", "--dry-run", user_path]),
        None,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run.assert_clean("create-user --dry-run");

    let run = binary(&against(&url, &["create-user", user_path]), None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run.assert_clean("create-user");
    let made: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(made["Status"], "FORCE_CHANGE_PASSWORD", "{made}");

    // The service refuses the second: its error must not quote the request.
    let run = binary(&against(&url, &["create-user", user_path]), None);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("UsernameExistsException"),
        "{}",
        run.stderr
    );
    run.assert_clean("create-user (exists)");

    // Refused before sending: the pool's policy wants more than this password has.
    let weak = dir.write(
        "weak.json",
        &serde_json::to_string(&user_with_secret(&pool_id, "tmp-pw-9f3a")).unwrap(),
    );
    let run = binary(
        &against(&url, &["create-user", weak.to_str().unwrap()]),
        None,
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("TemporaryPassword: "), "{}", run.stdout);
    assert!(!run.stdout.contains("tmp-pw-9f3a"), "{}", run.stdout);
    assert!(!run.stderr.contains("tmp-pw-9f3a"), "{}", run.stderr);
}

// --- the wizard ----------------------------------------------------------------------------

const WAIT: Duration = Duration::from_secs(20);

/// Drives the real event loop: keys in, every frame out.
struct Driver {
    keys: mpsc::UnboundedSender<std::io::Result<Event>>,
    screen: watch::Receiver<String>,
}

impl Driver {
    fn key(&self, code: KeyCode) {
        self.press(KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn press(&self, key: KeyEvent) {
        self.keys.send(Ok(Event::Key(key))).unwrap();
    }

    fn text(&self, text: &str) {
        text.chars().for_each(|c| self.key(KeyCode::Char(c)));
    }

    /// Clears a prompt and types a path into it.
    fn path(&self, path: &Path) {
        for _ in 0..80 {
            self.key(KeyCode::Backspace);
        }
        self.text(path.to_str().unwrap());
    }

    async fn wait_until_gone(&mut self, needle: &str) {
        let screen = &mut self.screen;
        let gone = tokio::time::timeout(WAIT, async {
            screen.wait_for(|s| !s.contains(needle)).await.is_ok()
        })
        .await;
        assert!(
            gone == Ok(true),
            "{needle:?} never went away:\n{}",
            *self.screen.borrow()
        );
    }

    async fn wait_for(&mut self, needle: &str) {
        let screen = &mut self.screen;
        let found = tokio::time::timeout(WAIT, async {
            screen.wait_for(|s| s.contains(needle)).await.is_ok()
        })
        .await;
        assert!(
            found == Ok(true),
            "the screen never showed {needle:?}; it shows:\n{}",
            *self.screen.borrow()
        );
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

/// The text of `path` once it satisfies `ready` (a bounded poll: the loop's
/// writer settles it).
async fn wait_for_text(path: &Path, ready: impl Fn(&str) -> bool) -> String {
    for _ in 0..500 {
        if let Ok(text) = std::fs::read_to_string(path) {
            if ready(&text) {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{} never got ready", path.display());
}

#[tokio::test]
async fn the_wizard_keeps_secrets_off_screen_out_of_drafts_and_exports_them_privately() {
    let dir = TempDir::new("wizard");
    let source = dir.write("source.json", &file_text(&pool_with_secrets("secret-pool")));
    let autosave = dir.0.join("state").join("autosave.json");
    let named = dir.0.join("drafts").join("named.json");
    let plain = dir.0.join("plain").join("request.json");
    let with_secrets = dir.0.join("with-secrets").join("request.json");
    // An earlier file there, readable by everyone: the export replaces it.
    std::fs::create_dir_all(with_secrets.parent().unwrap()).unwrap();
    std::fs::write(&with_secrets, "old").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&with_secrets, std::fs::Permissions::from_mode(0o644)).unwrap();
    }

    let args = WizardArgs {
        from_file: Some(source.clone()),
        ..Default::default()
    };
    let (mut app, effects) =
        cognito_wizard::wizard::prepare(&args, Some(autosave.clone())).expect("starts");
    assert_eq!(app.step(), StepId::SignIn);
    let api: SharedApi = Arc::new(Unavailable::because(ApiError::new(
        ErrorKind::Setup,
        "offline",
    )));

    let (keys, inbox) = mpsc::unbounded_channel();
    let (screen_tx, screen) = watch::channel(String::new());
    let frames = Arc::new(Mutex::new(Vec::<String>::new()));
    let input = Box::pin(futures::stream::unfold(inbox, |mut rx| async move {
        rx.recv().await.map(|event| (event, rx))
    }));
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
    app.update(cognito_wizard::app::Action::Resize(160, 40));
    let seen = frames.clone();
    let run = cognito_wizard::event_loop::run(
        &mut terminal,
        &mut app,
        api,
        effects,
        input,
        futures::stream::pending(),
        move |t| {
            let text = screen_text(t);
            seen.lock().unwrap().push(text.clone());
            screen_tx.send_replace(text);
        },
    );
    let (named2, plain2, secret2) = (named.clone(), plain.clone(), with_secrets.clone());
    let autosave2 = autosave.clone();
    let script = async move {
        let mut d = Driver { keys, screen };
        d.wait_for("· secret-pool").await;
        // An edit: autosaved to the state directory.
        d.key(KeyCode::Enter);
        d.text("-b");
        d.key(KeyCode::Enter);
        d.wait_for("· secret-pool-b").await;
        // The autosave as it is before a named draft replaces it.
        let autosaved = wait_for_text(&autosave2, |t| t.contains("secret-pool-b")).await;
        assert_eq!(mode(&autosave2), 0o600);
        // Ctrl+S: a named draft; saves go there from now on, and the
        // autosave (an older copy) is removed.
        d.press(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        d.wait_for("Save the draft to").await;
        d.path(&named2);
        d.key(KeyCode::Enter);
        d.wait_for("Saved to").await;
        for _ in 0..11 {
            d.key(KeyCode::PageDown);
        }
        d.wait_for("Problems:").await;
        // Export without secrets (the default)...
        d.key(KeyCode::Char('e'));
        d.wait_for("[ ] include secrets").await;
        d.path(&plain2);
        d.key(KeyCode::Enter);
        d.wait_for("Exported").await;
        // ...and with them.
        d.key(KeyCode::Char('e'));
        d.wait_for("[ ] include secrets").await;
        d.path(&secret2);
        d.key(KeyCode::Tab);
        d.wait_for("[x] include secrets").await;
        d.key(KeyCode::Enter);
        // A file is there already: replaced only when the operator says so.
        d.wait_for("Replace existing files?").await;
        d.key(KeyCode::Char('y'));
        d.wait_for("Exported").await;
        // Dropping the keys ends the loop, which lets queued writes land.
        autosaved
    };
    let (result, autosaved) = tokio::join!(run, script);
    result.unwrap();
    assert_eq!(app.doc().create.pool_name.as_deref(), Some("secret-pool-b"));

    // On screen: masked throughout (nobody pressed r).
    let frames = frames.lock().unwrap();
    assert!(frames.len() > 10, "{} frames", frames.len());
    assert!(
        frames.iter().any(|f| f.contains("********")),
        "a masked secret is shown somewhere"
    );
    for frame in frames.iter() {
        assert_no_secrets("a frame", frame);
    }

    // Drafts: private, without secrets, saying which were left out.
    assert_eq!(mode(&named), 0o600);
    assert!(!autosave.exists(), "the named draft replaced the autosave");
    for (name, text) in [
        ("the autosave", autosaved),
        ("the named draft", read(&named)),
    ] {
        assert_no_secrets(name, &text);
        let restored = draft::decode(&text).expect("the draft reads back");
        assert_eq!(
            restored.secrets_omitted,
            [
                "SmsConfiguration.ExternalId",
                "SetUserPoolMfaConfig.SmsMfaConfiguration.SmsConfiguration.ExternalId"
            ]
        );
        assert_eq!(
            restored.doc.create.pool_name.as_deref(),
            Some("secret-pool-b")
        );
    }

    // Exports: both calls each, and the plan document; secrets only where
    // asked; private either way.
    let beside = |p: &Path, name: &str| {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        p.with_file_name(format!("{stem}.{name}.json"))
    };
    let sibling = |p: &Path| beside(p, "set-user-pool-mfa-config");
    let plan = |p: &Path| beside(p, "plan");
    for file in [plain.clone(), sibling(&plain), plan(&plain)] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
        let text = read(&file);
        assert_no_secrets(&file.display().to_string(), &text);
        assert!(!text.contains("ExternalId"), "left out, not masked: {text}");
    }
    for file in [
        with_secrets.clone(),
        sibling(&with_secrets),
        plan(&with_secrets),
    ] {
        assert_eq!(mode(&file), 0o600, "{} holds secrets", file.display());
        let value: Value = serde_json::from_str(&read(&file)).unwrap();
        assert!(
            value.to_string().contains(EXTERNAL_ID),
            "asked for: {}",
            file.display()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(with_secrets.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 3, "no temporary files: {leftovers:?}");
}

/// The wizard against moto: a pool with an external id created, then a user
/// invited with a typed temporary password. Neither shows on screen unless
/// revealed with `r`, and the invitation reaches the service.
#[tokio::test]
async fn the_wizard_masks_secrets_while_creating_and_inviting_against_moto() {
    let api: SharedApi = Arc::new(support::moto_api().await);
    let dir = TempDir::new("wizard-moto");
    let name = support::unique_name("secret-wizard");
    let source = dir.write("source.json", &file_text(&pool_with_secrets(&name)));
    let args = WizardArgs {
        from_file: Some(source),
        ..Default::default()
    };
    let (mut app, effects) =
        cognito_wizard::wizard::prepare(&args, Some(dir.0.join("autosave.json"))).unwrap();
    let user = support::unique_name("invitee");

    let (keys, inbox) = mpsc::unbounded_channel();
    let (screen_tx, screen) = watch::channel(String::new());
    let frames = Arc::new(Mutex::new(Vec::<String>::new()));
    let input = Box::pin(futures::stream::unfold(inbox, |mut rx| async move {
        rx.recv().await.map(|event| (event, rx))
    }));
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
    app.update(cognito_wizard::app::Action::Resize(160, 40));
    let seen = frames.clone();
    let run = cognito_wizard::event_loop::run(
        &mut terminal,
        &mut app,
        api,
        effects,
        input,
        futures::stream::pending(),
        move |t| {
            let text = screen_text(t);
            seen.lock().unwrap().push(text.clone());
            screen_tx.send_replace(text);
        },
    );
    // Frames drawn while the password was revealed on purpose.
    let revealed = Arc::new(Mutex::new(0..0));
    let (marks, counted, invitee) = (revealed.clone(), frames.clone(), user.clone());
    let script = async move {
        let mut d = Driver { keys, screen };
        d.wait_for("Pool name").await;
        for _ in 0..11 {
            d.key(KeyCode::PageDown);
        }
        d.wait_for("Problems:").await;
        d.key(KeyCode::Char('s'));
        d.wait_for("Create the user pool?").await;
        d.wait_for("(local emulator, not AWS)").await;
        d.key(KeyCode::Char('y'));
        d.wait_for("The user pool was created").await;
        d.key(KeyCode::Char('i'));
        d.wait_for("Temporary password").await;
        // Username, then (past email, phone_number, given_name, family_name)
        // the temporary password.
        d.key(KeyCode::Enter);
        d.text(&invitee);
        d.key(KeyCode::Enter);
        for _ in 0..5 {
            d.key(KeyCode::Tab);
        }
        d.key(KeyCode::Enter);
        d.text(TEMPORARY_PASSWORD);
        d.key(KeyCode::Enter);
        d.wait_for("********").await;
        // Asked for: shown, then hidden again. Frames before the first r
        // and after the hidden one is seen must not show it.
        let start = counted.lock().unwrap().len();
        d.key(KeyCode::Char('r'));
        d.wait_for(TEMPORARY_PASSWORD).await;
        d.key(KeyCode::Char('r'));
        d.wait_until_gone(TEMPORARY_PASSWORD).await;
        let end = counted.lock().unwrap().len();
        *marks.lock().unwrap() = start..end;
        d.key(KeyCode::Char('s'));
        d.wait_for(&format!("✓ Invited {invitee}: FORCE_CHANGE_PASSWORD"))
            .await;
    };
    let (result, ()) = tokio::join!(run, script);
    result.unwrap();

    let frames = frames.lock().unwrap();
    let revealed = revealed.lock().unwrap().clone();
    assert!(!revealed.is_empty());
    for (i, frame) in frames.iter().enumerate() {
        if revealed.contains(&i) {
            continue;
        }
        assert_no_secrets(&format!("frame {i}"), frame);
    }
    let sent = app.invite().last.clone().expect("an invitation was sent");
    assert_eq!(sent.expect("invited").username, user);
}
