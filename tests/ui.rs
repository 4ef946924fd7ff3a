//! The wizard as a person uses it: the real event loop on ratatui's
//! `TestBackend`, driven by a stream of key events, against a fake API. Tests
//! wait on what the screen shows, never on time.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito_wizard::api::{
    ApiError, ApiResult, CognitoApi, CreatedPool, CreatedUser, ErrorKind, PoolSummary, SharedApi,
    TargetInfo, UserState,
};
use cognito_wizard::app::{App, Effect, Session};
use cognito_wizard::cli::WizardArgs;
use cognito_wizard::model::load::DescribedPool;
use cognito_wizard::model::{
    AdminCreateUserRequest, Call, CreateUserPoolRequest, SetUserPoolMfaConfigRequest,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::future::BoxFuture;
use futures::FutureExt;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tokio::sync::{mpsc, watch, Notify};

mod support;

/// What the fake does with CreateUserPool.
#[derive(Clone)]
enum CreateBehaviour {
    Succeed,
    Fail(ApiError),
    /// Never answers until `release` is notified.
    Hang,
}

/// A scripted API that records every call it receives (a cheap handle).
#[derive(Clone)]
struct FakeApi(Arc<FakeState>);

impl std::ops::Deref for FakeApi {
    type Target = FakeState;
    fn deref(&self) -> &FakeState {
        &self.0
    }
}

struct FakeState {
    create: Mutex<CreateBehaviour>,
    calls: Mutex<Vec<Call>>,
    release: Notify,
    /// Hanging calls whose future was dropped (a cancelled task).
    dropped: Arc<AtomicUsize>,
    pools: Vec<PoolSummary>,
}

impl FakeApi {
    fn new(create: CreateBehaviour) -> Self {
        Self(Arc::new(FakeState {
            create: Mutex::new(create),
            calls: Mutex::new(Vec::new()),
            release: Notify::new(),
            dropped: Arc::new(AtomicUsize::new(0)),
            pools: vec![PoolSummary {
                id: "us-east-1_Existing1".into(),
                name: "existing".into(),
            }],
        }))
    }

    fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

/// Counts a drop of the future it lives in.
struct DropFlag(Arc<AtomicUsize>);
impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl CognitoApi for FakeApi {
    fn create_user_pool(
        &self,
        request: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>> {
        self.calls
            .lock()
            .unwrap()
            .push(Call::CreateUserPool(request.clone()));
        let behaviour = self.create.lock().unwrap().clone();
        let me = self.clone();
        async move {
            match behaviour {
                CreateBehaviour::Succeed => Ok(CreatedPool {
                    id: "us-east-1_Fake123".into(),
                    arn: Some(
                        "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Fake123"
                            .into(),
                    ),
                    name: request.pool_name,
                }),
                CreateBehaviour::Fail(error) => Err(error),
                CreateBehaviour::Hang => {
                    let _flag = DropFlag(me.dropped.clone());
                    me.release.notified().await;
                    Err(ApiError::new(ErrorKind::Timeout, "released"))
                }
            }
        }
        .boxed()
    }

    fn set_user_pool_mfa_config(
        &self,
        request: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.calls
            .lock()
            .unwrap()
            .push(Call::SetUserPoolMfaConfig(request));
        async { Ok(()) }.boxed()
    }

    fn admin_create_user(
        &self,
        request: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>> {
        let duplicate = {
            let mut calls = self.calls.lock().unwrap();
            let seen = calls
                .iter()
                .any(|c| matches!(c, Call::AdminCreateUser(r) if r.username == request.username));
            calls.push(Call::AdminCreateUser(request.clone()));
            seen
        };
        async move {
            if duplicate {
                return Err(ApiError::service(
                    "UsernameExistsException",
                    "User account already exists",
                ));
            }
            Ok(CreatedUser {
                username: request.username.unwrap_or_default(),
                status: Some("FORCE_CHANGE_PASSWORD".into()),
                enabled: true,
                attributes: Vec::new(),
            })
        }
        .boxed()
    }

    fn describe_user_pool(&self, pool_id: String) -> BoxFuture<'static, ApiResult<DescribedPool>> {
        async move {
            Ok(DescribedPool {
                user_pool: serde_json::json!({
                    "Id": pool_id, "Name": "existing", "MfaConfiguration": "OFF",
                    "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": true}},
                    "UserPoolTags": {"team": "identity"}
                }),
                mfa_config: None,
            })
        }
        .boxed()
    }

    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>> {
        let pools = self.pools.clone();
        async move { Ok(pools) }.boxed()
    }

    fn target(&self) -> BoxFuture<'static, TargetInfo> {
        async {
            TargetInfo {
                profile: Some("test".into()),
                region: Some("us-east-1".into()),
                endpoint: Some("http://127.0.0.1:1".into()),
                account: Some("123456789012".into()),
            }
        }
        .boxed()
    }

    fn for_bulk(self: Arc<Self>) -> SharedApi {
        self
    }

    fn configured_target(&self) -> BoxFuture<'static, TargetInfo> {
        self.target()
            .map(|info| TargetInfo {
                account: None,
                ..info
            })
            .boxed()
    }

    fn admin_get_user(&self, _: String, _: String) -> BoxFuture<'static, ApiResult<UserState>> {
        async { Err(ApiError::new(ErrorKind::Setup, "the wizard never resends")) }.boxed()
    }
}

/// A running wizard: send keys, wait for the screen.
struct Driver {
    keys: mpsc::UnboundedSender<std::io::Result<Event>>,
    screen: watch::Receiver<String>,
}

const WAIT: Duration = Duration::from_secs(20);

impl Driver {
    fn key(&self, code: KeyCode) {
        self.keys
            .send(Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))))
            .unwrap();
    }

    fn ctrl(&self, c: char) {
        self.keys
            .send(Ok(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::CONTROL,
            ))))
            .unwrap();
    }

    fn text(&self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Pages to the Review step.
    async fn review(&mut self) {
        for _ in 0..11 {
            self.key(KeyCode::PageDown);
        }
        self.wait_for("Problems:").await;
    }

    /// Presses Submit on Review and waits for the confirmation.
    async fn submit(&mut self) {
        self.key(KeyCode::Char('s'));
        self.wait_for("Create the user pool?").await;
        // y waits until the target is known.
        self.wait_for("(local emulator, not AWS)").await;
    }

    /// Waits until the screen shows `needle`; fails with the screen if it never does.
    async fn wait_for(&mut self, needle: &str) -> String {
        self.wait_for_any(&[needle]).await
    }

    /// Waits until the screen shows one of `needles`.
    async fn wait_for_any(&mut self, needles: &[&str]) -> String {
        let screen = &mut self.screen;
        let found = tokio::time::timeout(WAIT, async {
            screen
                .wait_for(|s| needles.iter().any(|n| s.contains(n)))
                .await
                .map(|s| s.clone())
        })
        .await;
        match found {
            Ok(Ok(text)) => text,
            _ => panic!(
                "the screen never showed any of {needles:?}; it shows:\n{}",
                *self.screen.borrow()
            ),
        }
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

/// Runs the wizard until `script` finishes (then the input ends and the loop
/// returns) or the app quits; returns the final app.
async fn run_wizard<F, Fut>(
    mut app: App,
    initial: Vec<Effect>,
    api: SharedApi,
    size: (u16, u16),
    script: F,
) -> App
where
    F: FnOnce(Driver) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (keys, inbox) = mpsc::unbounded_channel();
    let (screen_tx, screen) = watch::channel(String::new());
    let input = Box::pin(futures::stream::unfold(inbox, |mut rx| async move {
        rx.recv().await.map(|event| (event, rx))
    }));
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    app.update(cognito_wizard::app::Action::Resize(size.0, size.1));
    let run = cognito_wizard::event_loop::run(
        &mut terminal,
        &mut app,
        api,
        initial,
        input,
        futures::stream::pending(),
        |t| {
            screen_tx.send_replace(screen_text(t));
        },
    );
    let drive = script(Driver { keys, screen });
    let (result, ()) = tokio::join!(run, drive);
    result.unwrap();
    app
}

fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cw-ui-{name}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn new_app(dir: &std::path::Path) -> App {
    let session = Session {
        draft_path: None,
        autosave_path: Some(dir.join("autosave.json")),
        ..Session::default()
    };
    App::new(session)
}

/// Picks a preset on the Start screen by its title.
async fn choose_start_item(d: &mut Driver, label: &str) {
    let screen = d.wait_for("Empty pool").await;
    let items: Vec<&str> = screen.lines().collect();
    // Walk down until the item is highlighted: the app tells which is selected
    // by the focus marker drawn in the form; here the list order is known.
    let index = items
        .iter()
        .filter(|l| {
            l.contains("Preset:")
                || l.contains("Empty pool")
                || l.contains("Resume")
                || l.contains("Open a")
                || l.contains("Clone")
                || l.contains("Back to the draft")
        })
        .position(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no start item {label:?} in\n{screen}"));
    for _ in 0..index {
        d.key(KeyCode::Down);
    }
    d.key(KeyCode::Enter);
}

/// From the Start screen: a preset (or the empty pool), straight to Review,
/// Submit, and yes to the confirmation.
async fn submit_new_pool(d: &mut Driver, label: &str) {
    choose_start_item(d, label).await;
    d.wait_for("Pool name").await;
    d.review().await;
    d.submit().await;
    d.key(KeyCode::Char('y'));
}

#[tokio::test]
async fn preset_to_created_pool_with_mfa_second_call() {
    let dir = temp_dir("happy");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "authenticator app").await;
            d.wait_for("Pool name").await;
            // Rename the pool: Enter edits, Ctrl+U... the editor starts with the
            // old name; clear it with Backspaces.
            d.key(KeyCode::Enter);
            d.wait_for("Tab done").await;
            for _ in 0..40 {
                d.key(KeyCode::Backspace);
            }
            d.text("flow-pool");
            d.key(KeyCode::Enter);
            d.wait_until_gone("Tab done").await;
            // Straight to Review, submit, confirm.
            d.review().await;
            d.submit().await;
            d.wait_for("123456789012").await;
            d.key(KeyCode::Char('y'));
            d.wait_for("The user pool was created").await;
            d.wait_for("us-east-1_Fake123").await;
        },
    )
    .await;
    let calls = api.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    match &calls[0] {
        Call::CreateUserPool(r) => assert_eq!(r.pool_name.as_deref(), Some("flow-pool")),
        other => panic!("{other:?}"),
    }
    match &calls[1] {
        Call::SetUserPoolMfaConfig(r) => {
            assert_eq!(r.user_pool_id.as_deref(), Some("us-east-1_Fake123"));
            assert!(r.software_token_mfa_configuration.as_ref().unwrap().enabled);
        }
        other => panic!("{other:?}"),
    }
    assert!(app.outcome().is_some());
    // The work is done: the autosave is removed.
    let autosave = dir.join("autosave.json");
    let gone = wait_file(|| !autosave.exists()).await;
    assert!(
        gone,
        "the autosave should be removed after the pool is created"
    );
}

/// Waits (bounded) for a file-system condition the loop's writer settles.
async fn wait_file(condition: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if condition() {
            return true;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    condition()
}

#[tokio::test]
async fn an_invalid_field_blocks_submit_and_jumps_to_it() {
    let dir = temp_dir("invalid");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("Pool name").await;
            d.key(KeyCode::PageDown); // Password
            d.wait_for("Minimum length").await;
            d.key(KeyCode::Enter);
            d.text("5");
            d.key(KeyCode::Enter);
            d.wait_for("must be from 6 to 99").await;
            for _ in 0..10 {
                d.key(KeyCode::PageDown);
            }
            d.wait_for("Problems:").await;
            d.key(KeyCode::Char('s'));
            // Refused, and back on the field with its message.
            let screen = d.wait_for("Not submitted").await;
            assert!(screen.contains("▶ Minimum length"), "{screen}");
        },
    )
    .await;
    assert!(
        api.calls().is_empty(),
        "nothing may be sent while there are errors"
    );
    assert_eq!(app.step(), cognito_wizard::app::fields::StepId::Password);
}

/// Raising the minimum length on a pool without a password policy starts the
/// policy at Cognito's defaults: the SDK sends every Require* once the
/// policy exists, so starting empty would switch them all off.
#[tokio::test]
async fn the_default_policy_survives_a_length_edit() {
    let dir = temp_dir("default-policy");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("Pool name").await;
            d.key(KeyCode::PageDown); // Password
            d.wait_for("Minimum length").await;
            d.key(KeyCode::Enter);
            d.text("12");
            d.key(KeyCode::Enter);
            d.wait_until_gone("Tab done").await;
        },
    )
    .await;
    let policy = app
        .doc()
        .create
        .policies
        .as_ref()
        .and_then(|p| p.password_policy.as_ref());
    let policy = policy.expect("the edit created a policy");
    assert_eq!(policy.minimum_length, Some(12));
    assert!(
        policy.require_uppercase
            && policy.require_lowercase
            && policy.require_numbers
            && policy.require_symbols,
        "{policy:?}"
    );
    assert_eq!(policy.temporary_password_validity_days, 7);
}

#[tokio::test]
async fn a_failing_submit_keeps_the_draft_and_retry_succeeds() {
    let dir = temp_dir("fail");
    let api = FakeApi::new(CreateBehaviour::Fail(ApiError::service(
        "InvalidSmsRoleTrustRelationshipException",
        "Role does not have a trust relationship allowing Cognito to assume the role.",
    )));
    let fake = api.clone();
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (100, 30),
        |mut d| async move {
            submit_new_pool(&mut d, "Empty pool").await;
            let screen = d.wait_for("InvalidSmsRoleTrustRelationshipException").await;
            assert!(
                screen.contains("propagating"),
                "the hint is shown:\n{screen}"
            );
            assert!(screen.contains("draft is intact"), "{screen}");
            *fake.create.lock().unwrap() = CreateBehaviour::Succeed;
            d.key(KeyCode::Char('r'));
            d.wait_for("The user pool was created").await;
        },
    )
    .await;
    assert_eq!(api.calls().len(), 2, "the failed call and the retry");
    assert_eq!(app.doc().create.pool_name.as_deref(), Some("my-user-pool"));
}

/// The real SDK adapter against the capture server, which misbehaves in each
/// way a service can: every fault ends on the Result screen in words (the
/// operation timeout ends a call that is never answered), the draft is kept,
/// and Retry succeeds once the fault clears. A fault on the second call of a
/// plan says the pool exists, and the retry repeats only that call.
#[tokio::test]
async fn create_pool_under_each_fault_ends_in_words_and_retry_succeeds() {
    use support::{Behaviour, CaptureServer, CREATED_POOL_ID};

    let server = CaptureServer::start();
    let api = support::capture_api(&server, support::quick_policy()).await;
    let dir = temp_dir("faults");
    let autosave = dir.join("autosave.json");
    let ok_create = Behaviour::ok(
        serde_json::json!({"UserPool": {"Id": CREATED_POOL_ID, "Name": "my-pool"}}).to_string(),
    );
    // (fault, what the Result screen must say)
    let faults = [
        (
            Behaviour::error(400, "TooManyRequestsException", "Rate exceeded"),
            "TooManyRequestsException",
        ),
        (
            Behaviour::error(500, "InternalErrorException", "injected"),
            "InternalErrorException",
        ),
        (Behaviour::html(502, "<html>Bad Gateway</html>"), "HTTP 502"),
        (Behaviour::DropConnection, "connection closed"),
        (Behaviour::NeverAnswer, "no answer before the timeout"),
        (
            Behaviour::error(400, "LimitExceededException", "Too many user pools"),
            "LimitExceededException",
        ),
    ];
    let server = &server;
    let autosave_ref = &autosave;
    run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api),
        (100, 30),
        |mut d| async move {
            choose_start_item(&mut d, "authenticator app").await;
            d.wait_for("Pool name").await;
            assert!(wait_file(|| autosave_ref.exists()).await, "autosaved");
            let draft = std::fs::read_to_string(autosave_ref).unwrap();
            d.review().await;
            for (n, (fault, words)) in faults.into_iter().enumerate() {
                let never_answers = matches!(fault, Behaviour::NeverAnswer);
                server.set("CreateUserPool", fault);
                if n == 0 {
                    d.submit().await;
                    d.key(KeyCode::Char('y'));
                } else {
                    d.key(KeyCode::Char('r'));
                }
                if never_answers {
                    // Keys are handled while the call waits for its timeout.
                    d.wait_for("Creating the user pool").await;
                    d.key(KeyCode::Char('?'));
                    d.wait_for("Help — Esc closes").await;
                    d.key(KeyCode::Esc);
                    d.wait_until_gone("Help — Esc closes").await;
                }
                // The words are new on each screen, so this waits for this fault's.
                let screen = d.wait_for(words).await;
                assert!(screen.contains("CreateUserPool failed"), "{screen}");
                assert!(screen.contains("draft is intact"), "{screen}");
                assert_eq!(
                    std::fs::read_to_string(autosave_ref).unwrap(),
                    draft,
                    "fault {n}: the draft is unchanged"
                );
            }
            // The pool is created, then the MFA call fails with a named exception.
            server.set("CreateUserPool", ok_create);
            server.set(
                "SetUserPoolMfaConfig",
                Behaviour::error(400, "ConcurrentModificationException", "try again"),
            );
            d.key(KeyCode::Char('r'));
            let screen = d.wait_for("SetUserPoolMfaConfig failed").await;
            assert!(
                screen.contains("ConcurrentModificationException"),
                "{screen}"
            );
            assert!(
                screen.contains(&format!(
                    "The pool {CREATED_POOL_ID} exists with what is done"
                )),
                "{screen}"
            );
            server.set("SetUserPoolMfaConfig", Behaviour::ok("{}"));
            d.key(KeyCode::Char('r'));
            d.wait_for("The user pool was created").await;
            d.wait_for(CREATED_POOL_ID).await;
        },
    )
    .await;
    assert_eq!(server.requests_for("CreateUserPool").len(), 7);
    let mfa = server.requests_for("SetUserPoolMfaConfig");
    assert_eq!(mfa.len(), 2, "the retry repeated only the failed call");
    assert!(mfa[1].body_text().contains(CREATED_POOL_ID));
}

/// `r` on a form step shows the secrets and `r` again hides them, in the
/// field and in the preview pane alike.
#[test]
fn hiding_secrets_again_hides_them_in_the_preview_too() {
    use cognito_wizard::app::fields::StepId;
    use cognito_wizard::app::Action;
    use cognito_wizard::model::pool::SmsConfiguration;

    let mut app = new_app(&temp_dir("reveal"));
    let mut doc = cognito_wizard::model::PoolDocument::default();
    doc.create.pool_name = Some("reveal".into());
    doc.create.sms_configuration = Some(SmsConfiguration {
        sns_caller_arn: "arn:aws:iam::123456789012:role/sms".into(),
        external_id: Some("SECRET-EXTERNAL-1".into()),
        ..Default::default()
    });
    app.load(doc, Default::default(), StepId::Delivery);
    let preview = |app: &App| {
        app.preview()
            .iter()
            .map(|(_, json)| json.as_str())
            .collect::<String>()
    };
    let press_r = |app: &mut App| {
        app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('r'),
            KeyModifiers::NONE,
        )));
    };
    assert!(!preview(&app).contains("SECRET-EXTERNAL-1"));
    press_r(&mut app);
    assert!(preview(&app).contains("SECRET-EXTERNAL-1"), "revealed");
    press_r(&mut app);
    assert!(
        !preview(&app).contains("SECRET-EXTERNAL-1"),
        "hidden again: {}",
        preview(&app)
    );
    // Revealed on one step, masked again on the next: a secret is shown
    // only where it was asked for.
    press_r(&mut app);
    assert!(preview(&app).contains("SECRET-EXTERNAL-1"));
    app.go(StepId::Triggers);
    assert!(!app.reveal_secrets());
    app.go(StepId::Delivery);
    assert!(!preview(&app).contains("SECRET-EXTERNAL-1"));
}

/// An export without secrets says which ones it left out.
#[test]
fn an_export_without_secrets_names_what_it_left_out() {
    use cognito_wizard::app::fields::StepId;
    use cognito_wizard::app::{Action, TaskOutcome};
    use cognito_wizard::model::pool::SmsConfiguration;

    let mut app = new_app(&temp_dir("export-secrets"));
    let mut doc = cognito_wizard::model::PoolDocument::default();
    doc.create.pool_name = Some("exported".into());
    doc.create.sms_configuration = Some(SmsConfiguration {
        sns_caller_arn: "arn:aws:iam::123456789012:role/sms".into(),
        external_id: Some("SECRET-EXTERNAL-2".into()),
        ..Default::default()
    });
    app.load(doc, Default::default(), StepId::Review);
    let key = |code| Action::Key(KeyEvent::new(code, KeyModifiers::NONE));
    app.update(key(KeyCode::Char('e')));
    let fx = app.update(key(KeyCode::Enter));
    let (id, files) = fx
        .iter()
        .find_map(|e| match e {
            Effect::Export { id, files, .. } => Some((*id, files.clone())),
            _ => None,
        })
        .expect("Enter exports");
    assert!(!files
        .iter()
        .any(|(_, text)| text.contains("SECRET-EXTERNAL-2")));
    let paths = files.into_iter().map(|(p, _)| p).collect();
    app.update(Action::Task(id, TaskOutcome::Exported(Ok(paths))));
    let status = app.status().cloned().unwrap_or_default();
    assert!(
        status.contains("left out as secret: SmsConfiguration.ExternalId"),
        "{status}"
    );
}

/// The export of a nine-call plan into a long directory: the status names
/// the directory once, and at 120x40 and 80x24 it shows every file's name or
/// ends with a more-marker (never cut after three rows without one).
#[test]
fn a_long_export_status_is_never_cut_silently() {
    use cognito_wizard::app::fields::StepId;
    use cognito_wizard::app::{Action, TaskOutcome};

    let mut app = new_app(&temp_dir("export-long"));
    let mut doc = cognito_wizard::model::PoolDocument::default();
    doc.create.pool_name = Some("customers".into());
    app.load(doc, Default::default(), StepId::Review);
    let key = |code| Action::Key(KeyEvent::new(code, KeyModifiers::NONE));
    app.update(key(KeyCode::Char('e')));
    let fx = app.update(key(KeyCode::Enter));
    let id = fx
        .iter()
        .find_map(|e| match e {
            Effect::Export { id, .. } => Some(*id),
            _ => None,
        })
        .expect("Enter exports");
    let dir = std::path::Path::new("/home/operator/exports/customer-identity/2024-06");
    let names: Vec<String> = [
        "json",
        "plan.json",
        "set-user-pool-mfa-config.json",
        "create-resource-server.json",
        "create-user-pool-client.json",
        "create-user-pool-client-2.json",
        "create-user-pool-domain.json",
        "create-managed-login-branding.json",
        "create-group.json",
    ]
    .iter()
    .map(|suffix| format!("customers.{suffix}"))
    .collect();
    let paths = names.iter().map(|n| dir.join(n)).collect();
    app.update(Action::Task(id, TaskOutcome::Exported(Ok(paths))));
    let status = app.status().cloned().unwrap_or_default();
    assert!(
        status.starts_with(&format!("Exported 9 files to {}: ", dir.display())),
        "{status}"
    );
    for size in [(120, 40), (80, 24)] {
        let screen = screens::draw(&app, size);
        let all_named = names.iter().all(|n| screen.contains(n.as_str()));
        assert!(
            all_named || screen.contains("… (more not shown)"),
            "{size:?}: names cut without a marker:\n{screen}"
        );
    }
}

/// Cycling MFA through OFF and back keeps the chosen factors and the typed
/// email MFA texts (nothing typed is lost by a toggle).
#[test]
fn mfa_off_and_on_again_keeps_factors_and_email_texts() {
    use cognito_wizard::app::fields::StepId;
    use cognito_wizard::app::Action;
    use cognito_wizard::model::mfa::EmailMfaConfig;
    use cognito_wizard::model::MfaChoice;

    let mut doc = cognito_wizard::model::PoolDocument::default();
    doc.create.pool_name = Some("mfa".into());
    MfaChoice {
        mode: "ON".into(),
        totp: true,
        email: true,
        ..Default::default()
    }
    .apply(&mut doc);
    let texts = EmailMfaConfig {
        message: Some("Your code is {####}".into()),
        subject: Some("Sign-in code".into()),
    };
    doc.mfa.as_mut().unwrap().email_mfa_configuration = Some(texts.clone());
    let mut app = new_app(&temp_dir("mfa-cycle"));
    app.load(doc, Default::default(), StepId::Mfa);
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    // ON -> OFF: the second call goes away.
    app.update(Action::Key(space));
    assert_eq!(app.doc().create.mfa_configuration.as_deref(), Some("OFF"));
    assert_eq!(app.doc().mfa, None);
    // OFF -> OPTIONAL: the same factors, the same texts.
    app.update(Action::Key(space));
    let mfa = app.doc().mfa.clone().expect("the second call is back");
    assert_eq!(mfa.mfa_configuration.as_deref(), Some("OPTIONAL"));
    assert!(mfa
        .software_token_mfa_configuration
        .is_some_and(|t| t.enabled));
    assert_eq!(mfa.email_mfa_configuration, Some(texts));
}

/// Retry resends only the document the operator confirmed: after going
/// back and breaking a field, Retry is refused with a jump to the error.
#[tokio::test]
async fn retry_after_an_edit_checks_and_confirms_again() {
    let dir = temp_dir("retry-edit");
    let api = FakeApi::new(CreateBehaviour::Fail(ApiError::service(
        "InternalErrorException",
        "injected",
    )));
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (100, 30),
        |mut d| async move {
            submit_new_pool(&mut d, "Empty pool").await;
            d.wait_for("InternalErrorException").await;
            // Back to Sign-in (Review is step 13), empty the pool name.
            d.key(KeyCode::Char('e'));
            d.wait_for("Problems:").await;
            for _ in 0..11 {
                d.key(KeyCode::PageUp);
            }
            d.wait_for("▶ Pool name").await;
            d.key(KeyCode::Enter);
            d.wait_for("Tab done").await;
            for _ in 0..40 {
                d.key(KeyCode::Backspace);
            }
            d.key(KeyCode::Enter);
            d.wait_for("is required").await;
            // Forward to Result and Retry: refused, back at the field.
            for _ in 0..12 {
                d.key(KeyCode::PageDown);
            }
            d.wait_for("InternalErrorException").await;
            d.key(KeyCode::Char('r'));
            d.wait_for("Not submitted: 1 error(s)").await;
            d.wait_for("▶ Pool name").await;
        },
    )
    .await;
    assert_eq!(api.calls().len(), 1, "the broken document was not sent");
    assert_eq!(app.step(), cognito_wizard::app::fields::StepId::SignIn);
}

/// The help overlay lists every key even at 80x24: it scrolls to the end
/// (where its own keys are), other keys do not close it, Esc does.
#[tokio::test]
async fn the_help_overlay_scrolls_to_every_key() {
    let dir = temp_dir("help");
    run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(FakeApi::new(CreateBehaviour::Succeed)),
        (80, 24),
        |mut d| async move {
            d.wait_for("Empty pool").await;
            d.key(KeyCode::Char('?'));
            let first = d.wait_for("Help — Esc closes").await;
            assert!(!first.contains("This help"), "{first}");
            d.key(KeyCode::Char('x'));
            for _ in 0..60 {
                d.key(KeyCode::PageDown);
            }
            let last = d.wait_for("This help").await;
            assert!(last.contains("Prompts"), "{last}");
            assert!(last.contains("Help — Esc closes"), "still open:\n{last}");
            d.key(KeyCode::Esc);
            d.wait_until_gone("Help — Esc closes").await;
        },
    )
    .await;
}

/// Quit asks whenever there is unsaved work, on the Start step too, and
/// says where the work is kept.
#[tokio::test]
async fn quit_asks_before_leaving_work_even_from_start() {
    let dir = temp_dir("quit");
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(FakeApi::new(CreateBehaviour::Succeed)),
        (100, 30),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("▶ Pool name").await;
            d.key(KeyCode::PageUp);
            d.wait_for("Pick where the new pool comes from").await;
            d.key(KeyCode::Char('q'));
            let screen = d.wait_for("Quit?").await;
            assert!(screen.contains("Your work is in the autosave"), "{screen}");
            d.key(KeyCode::Char('n'));
            d.wait_until_gone("Quit?").await;
        },
    )
    .await;
    assert!(!app.quit(), "stayed");
}

#[tokio::test]
async fn esc_cancels_an_in_flight_call_and_keys_work_meanwhile() {
    let dir = temp_dir("cancel");
    let api = FakeApi::new(CreateBehaviour::Hang);
    let fake = api.clone();
    run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            submit_new_pool(&mut d, "Empty pool").await;
            d.wait_for("Creating the user pool").await;
            // The UI keeps responding while the call hangs: move to another step
            // and back, open and close help.
            // Security is four steps back (App clients, Domain, Groups).
            for _ in 0..4 {
                d.key(KeyCode::PageUp);
            }
            d.wait_for("▶ Feature plan").await;
            d.key(KeyCode::Char('?'));
            d.wait_for("Help — Esc closes").await;
            d.key(KeyCode::Esc);
            d.wait_until_gone("Help — Esc closes").await;
            d.key(KeyCode::Esc);
            d.wait_for("Cancelled").await;
            d.wait_until_gone("Esc cancels").await;
        },
    )
    .await;
    assert_eq!(
        fake.dropped.load(Ordering::SeqCst),
        1,
        "the hanging call was dropped"
    );
}

#[tokio::test]
async fn a_resumed_draft_restores_every_field() {
    let dir = temp_dir("resume");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    // First session: change fields on several steps, type an invalid number,
    // then quit keeping the draft.
    let first = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "Invite-only").await;
            d.wait_for("Pool name").await;
            d.key(KeyCode::PageDown);
            d.wait_for("Minimum length").await;
            d.key(KeyCode::Enter);
            d.text("x");
            d.key(KeyCode::Enter);
            d.wait_for("is not one").await;
            d.key(KeyCode::Tab);
            d.key(KeyCode::Char(' '));
            d.key(KeyCode::PageDown);
            d.wait_for("· MFA & recovery").await;
            d.key(KeyCode::Char(' '));
            d.wait_for("‹ OPTIONAL ›").await;
            d.key(KeyCode::Char('q'));
            d.wait_for("Quit?").await;
            d.key(KeyCode::Char('y'));
        },
    )
    .await;
    let autosave = dir.join("autosave.json");
    assert!(wait_file(|| autosave.exists()).await);
    let args = WizardArgs::default();
    let (app, effects) = cognito_wizard::wizard::prepare(&args, Some(autosave.clone())).unwrap();
    let second = run_wizard(
        app,
        effects,
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            d.wait_for("Resume where you left off").await;
            d.key(KeyCode::Enter);
            d.wait_for("· MFA & recovery").await;
        },
    )
    .await;
    assert_eq!(second.doc(), first.doc());
    assert_eq!(second.raw(), first.raw());
    assert_eq!(second.step(), first.step());
    let expected: BTreeMap<String, String> = [(
        "Policies.PasswordPolicy.MinimumLength".to_owned(),
        "12x".to_owned(),
    )]
    .into();
    assert_eq!(second.raw(), &expected);
}

#[tokio::test]
async fn clone_an_existing_pool_from_the_list() {
    let dir = temp_dir("clone");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "list the pools").await;
            let screen = d
                .wait_for("existing (us-east-1_Existing1) · i invites")
                .await;
            // The listed pool is selected: its keys are in the footer.
            assert!(
                screen.contains("Enter clone  c change  i invite"),
                "{screen}"
            );
            d.key(KeyCode::Enter);
            d.wait_for("existing-copy").await;
        },
    )
    .await;
    assert_eq!(app.doc().create.pool_name.as_deref(), Some("existing-copy"));
    let tags = app.doc().create.user_pool_tags.clone().unwrap();
    assert_eq!(tags.get("team").map(String::as_str), Some("identity"));
}

/// `i` on a listed pool opens the Invite step for it, shaped by its settings.
#[tokio::test]
async fn invite_into_a_pool_picked_from_the_list() {
    let dir = temp_dir("invite-listed");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "list the pools").await;
            d.wait_for("· i invites").await;
            d.key(KeyCode::Char('i'));
            let screen = d.wait_for("Pool us-east-1_Existing1").await;
            assert!(
                screen.contains("≥10"),
                "the pool's policy shapes the form:\n{screen}"
            );
            // Away to Review and back: PgDn past Review reaches the Invite
            // step again (there is no Result without a submit).
            d.key(KeyCode::PageUp);
            d.wait_for("· Review").await;
            d.key(KeyCode::PageDown);
            d.wait_for("Pool us-east-1_Existing1").await;
        },
    )
    .await;
    assert_eq!(app.step(), cognito_wizard::app::fields::StepId::Invite);
    assert_eq!(app.invite().pool_id, "us-east-1_Existing1");
}

#[tokio::test]
async fn ctrl_s_saves_a_named_draft_and_export_writes_cli_files() {
    let dir = temp_dir("save");
    let draft = dir.join("named.json");
    let export = dir.join("request.json");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let (draft2, export2) = (draft.clone(), export.clone());
    run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "authenticator app").await;
            d.wait_for("Pool name").await;
            d.ctrl('s');
            d.wait_for("Save the draft to").await;
            for _ in 0..40 {
                d.key(KeyCode::Backspace);
            }
            d.text(draft2.to_str().unwrap());
            d.key(KeyCode::Enter);
            d.wait_for("Saved to").await;
            d.review().await;
            d.key(KeyCode::Char('e'));
            d.wait_for("Export the request to").await;
            for _ in 0..40 {
                d.key(KeyCode::Backspace);
            }
            d.text(export2.to_str().unwrap());
            d.key(KeyCode::Enter);
            d.wait_for("Exported").await;
        },
    )
    .await;
    let saved = std::fs::read_to_string(&draft).unwrap();
    assert!(cognito_wizard::app::draft::decode(&saved).is_ok());
    let exported = std::fs::read_to_string(&export).unwrap();
    let value: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert!(value.get("PoolName").is_some(), "{exported}");
    let stem = export.file_stem().unwrap().to_string_lossy().into_owned();
    let second = export.with_file_name(format!("{stem}.set-user-pool-mfa-config.json"));
    assert!(
        export.with_file_name(format!("{stem}.plan.json")).exists(),
        "the plan document is exported beside the calls"
    );
    let mfa: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(second).unwrap()).unwrap();
    assert_eq!(mfa["SoftwareTokenMfaConfiguration"]["Enabled"], true);
}

#[path = "ui/keep.rs"]
mod keep;

#[path = "ui/change.rs"]
mod change;

#[path = "ui/plan_steps.rs"]
mod plan_steps;

#[path = "ui/try_sign_in.rs"]
mod try_sign_in;

#[path = "ui/plan_moto.rs"]
mod plan_moto;

#[path = "ui/import.rs"]
mod import;

#[path = "ui/clone_sign_in.rs"]
mod clone_sign_in;

#[path = "ui/export_set.rs"]
mod export_set;

#[path = "ui/plan_retry.rs"]
mod plan_retry;

#[path = "ui/review_scroll.rs"]
mod review_scroll;

#[path = "ui/csv_panels.rs"]
mod csv_panels;

/// Every screen, drawn at the smallest supported size and a roomy one.
mod screens {
    use super::*;
    use cognito_wizard::app::fields::StepId;
    use cognito_wizard::app::Action;
    use cognito_wizard::invite::groups::{GroupOutcome, GroupResult};
    use cognito_wizard::run::PlanFailure;

    pub(super) const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

    pub(super) fn press(app: &mut App, code: KeyCode) {
        app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub(super) fn draw(app: &App, (w, h): (u16, u16)) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| cognito_wizard::ui::draw(f, app)).unwrap();
        screen_text(&terminal)
    }

    /// An app on the email + TOTP preset (the first one).
    fn with_preset() -> App {
        let mut app = App::new(Session::default());
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.step(), StepId::SignIn);
        app
    }

    /// At the smallest supported size every option of every set is on screen
    /// when its field is focused: a set wraps instead of running off the edge.
    #[test]
    fn every_option_of_every_set_is_visible_at_80x24() {
        use cognito_wizard::app::fields::FieldKind;
        let mut checked = 0;
        for step in StepId::ALL {
            let mut app = with_preset();
            app.update(Action::Resize(80, 24));
            app.go(step);
            for _ in 0..step.fields().len() * 2 {
                if let Some(field) = cognito_wizard::app::form::focused(&app) {
                    if let FieldKind::Set(values) = field.kind {
                        let screen = draw(&app, (80, 24));
                        for value in values {
                            assert!(
                                screen.contains(&format!("] {value}")),
                                "{:?} {}: {value} is not on screen:\n{screen}",
                                step,
                                field.path
                            );
                        }
                        checked += 1;
                    }
                }
                press(&mut app, KeyCode::Tab);
            }
        }
        assert!(checked >= 3, "only {checked} set fields seen");
    }

    fn snapshot(name: &str, app: &App) {
        for size in SIZES {
            let text = draw(app, size);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), text);
        }
    }

    #[test]
    fn start() {
        snapshot("start", &App::new(Session::default()));
    }

    #[test]
    fn every_form_step() {
        let mut app = with_preset();
        for step in [
            StepId::SignIn,
            StepId::Password,
            StepId::Mfa,
            StepId::Attributes,
            StepId::Messages,
            StepId::Delivery,
            StepId::Triggers,
            StepId::Security,
            StepId::Review,
        ] {
            app.go(step);
            snapshot(&format!("step_{}", step.key()), &app);
        }
    }

    #[test]
    fn problems_show_next_to_their_field_and_in_the_step_list() {
        let mut app = with_preset();
        app.go(StepId::Password);
        press(&mut app, KeyCode::Enter);
        for _ in 0..3 {
            press(&mut app, KeyCode::Backspace);
        }
        press(&mut app, KeyCode::Char('4'));
        press(&mut app, KeyCode::Enter);
        let screen = draw(&app, (80, 24));
        assert!(screen.contains("✗ must be from 6 to 99; got 4"), "{screen}");
        assert!(screen.contains("✗  3 Password"), "{screen}");
        snapshot("problem_inline", &app);
    }

    /// SMS MFA without an SMS configuration: the problem is the choice made
    /// on the MFA step, shown there at "SMS codes" (and marked in the step
    /// list), saying where it is fixed; g goes there.
    #[test]
    fn a_problem_caused_on_one_step_and_fixed_on_another_shows_where_it_is_caused() {
        let mut app = with_preset();
        app.go(StepId::Mfa);
        for _ in 0..20 {
            let at_sms = cognito_wizard::app::form::focused(&app)
                .is_some_and(|f| f.path == "wizard.mfa.factors.sms");
            if at_sms {
                break;
            }
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Char(' '));
        let screen = draw(&app, (80, 24));
        assert!(
            screen.contains("✗ SMS MFA needs an SMS configuration"),
            "{screen}"
        );
        assert!(screen.contains("fixed on Email & SMS: g goes"), "{screen}");
        assert!(screen.contains("✗  4 MFA & recovery"), "{screen}");
        press(&mut app, KeyCode::Char('g'));
        assert_eq!(app.step(), StepId::Delivery);
        let focused = cognito_wizard::app::form::focused(&app).map(|f| f.path);
        assert_eq!(focused, Some("SmsConfiguration"));
    }

    /// A member nobody set shows what goes out: Cognito's default while its
    /// structure is left out, the SDK's false once the structure is sent.
    #[test]
    fn unset_members_show_the_default_or_what_the_sdk_sends() {
        let mut app = App::new(Session::default());
        let empty = cognito_wizard::model::PoolDocument {
            create: serde_json::from_value(serde_json::json!({"PoolName": "p"})).unwrap(),
            ..Default::default()
        };
        app.load(empty, Default::default(), StepId::Password);
        let screen = draw(&app, (100, 30));
        assert!(
            screen.contains("Minimum length                8 (default)"),
            "{screen}"
        );
        assert!(
            screen.contains("Require upper case            [x] (default)"),
            "{screen}"
        );
        // A documented optional member left out shows Cognito's value too.
        app.load(app.doc().clone(), Default::default(), StepId::Security);
        let screen = draw(&app, (100, 30));
        assert!(screen.contains("Feature plan"), "{screen}");
        assert!(screen.contains("ESSENTIALS (default)"), "{screen}");
        assert!(screen.contains("INACTIVE (default)"), "{screen}");
        app.load(app.doc().clone(), Default::default(), StepId::Password);

        let partial = cognito_wizard::model::PoolDocument {
            create: serde_json::from_value(serde_json::json!({
                "PoolName": "p",
                "Policies": {"PasswordPolicy": {"MinimumLength": 10}}
            }))
            .unwrap(),
            ..Default::default()
        };
        app.load(partial, Default::default(), StepId::Password);
        // The structure is sent: its members show what goes out, the SDK's
        // false where the file said nothing (not Cognito's default).
        let screen = draw(&app, (100, 30));
        assert!(
            screen.contains("Require upper case            [ ]"),
            "{screen}"
        );
        assert!(!screen.contains("(default)"), "{screen}");
        assert!(
            app.preview()[0].1.contains("\"RequireUppercase\": false"),
            "the preview says the same: {}",
            app.preview()[0].1
        );
    }

    /// A long status message wraps onto more rows instead of being cut.
    #[test]
    fn a_long_status_message_wraps_whole() {
        let mut app = with_preset();
        let message = "Could not save the draft: No space left on device (os error 28). Your latest changes are not on disk.";
        app.set_status(message);
        let screen = draw(&app, (80, 24));
        let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(message), "{screen}");
    }

    /// The preview follows the member being edited: on a small screen the
    /// request is longer than its pane, and the focused member stays in view.
    #[test]
    fn the_preview_follows_the_focused_member() {
        let mut app = with_preset();
        press(&mut app, KeyCode::Char('p'));
        let screen = draw(&app, (80, 24));
        assert!(screen.contains("\"PoolName\""), "{screen}");
        app.go(StepId::Password);
        let screen = draw(&app, (80, 24));
        assert!(screen.contains("\"MinimumLength\": 12"), "{screen}");
        for _ in 0..5 {
            press(&mut app, KeyCode::Tab);
        }
        let screen = draw(&app, (80, 24));
        assert!(
            screen.contains("\"TemporaryPasswordValidityDays\""),
            "{screen}"
        );
        // ] moves the view on from there.
        press(&mut app, KeyCode::Char(']'));
        press(&mut app, KeyCode::Char(']'));
        let moved = draw(&app, (80, 24));
        assert_ne!(moved, screen);
    }

    #[test]
    fn template_editor_renders_the_sample() {
        let mut app = with_preset();
        app.go(StepId::Messages);
        // Invitation SMS: the last field of the step.
        press(&mut app, KeyCode::BackTab);
        press(&mut app, KeyCode::Enter);
        for c in "Hi {username}, code {####}".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        let screen = draw(&app, (120, 40));
        assert!(
            screen.contains("Hi jane.doe@example.com, code 123456"),
            "{screen}"
        );
        assert!(screen.contains("✓ code placeholder {####}"), "{screen}");
        assert!(screen.contains("26/140 characters"), "{screen}");
        snapshot("template_editor", &app);
    }

    #[test]
    fn preview_pane_and_help_overlay() {
        let mut app = with_preset();
        press(&mut app, KeyCode::Char('p'));
        snapshot("preview_pane", &app);
        press(&mut app, KeyCode::Char('p'));
        press(&mut app, KeyCode::Char('?'));
        snapshot("help_overlay", &app);
    }

    #[test]
    fn submit_confirmation_names_the_target() {
        let mut app = with_preset();
        app.go(StepId::Review);
        let check = ask_submit(&mut app);
        // Before the target is known nothing is named, not even a default.
        let waiting = draw(&app, (80, 24));
        assert!(waiting.contains("Endpoint: …"), "{waiting}");
        assert!(!waiting.contains("Endpoint: AWS"), "{waiting}");
        // And y waits for it: nothing is sent to an unknown target.
        let fx = app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('y'),
            KeyModifiers::NONE,
        )));
        assert!(
            fx.iter().all(|e| !matches!(e, Effect::Submit { .. })),
            "{fx:?}"
        );
        assert!(draw(&app, (80, 24)).contains("Create the user pool?"));
        app.update(Action::Task(
            999,
            cognito_wizard::app::TaskOutcome::Target(TargetInfo {
                profile: Some("prod-admin".into()),
                region: Some("eu-west-1".into()),
                endpoint: None,
                account: Some("210987654321".into()),
            }),
        ));
        let screen = draw(&app, (80, 24));
        for needle in ["prod-admin", "eu-west-1", "210987654321"] {
            assert!(screen.contains(needle), "{needle} missing:\n{screen}");
        }
        snapshot("confirm_submit", &app);
        app.update(Action::Task(
            check,
            cognito_wizard::app::TaskOutcome::SameName(Ok(vec![PoolSummary {
                id: "eu-west-1_Twin".into(),
                name: "email-totp-pool".into(),
            }])),
        ));
        let warned = draw(&app, (80, 24));
        assert!(
            warned.contains("A pool named email-totp-pool exists already (eu-west-1_Twin)"),
            "{warned}"
        );
    }

    #[test]
    fn a_local_emulator_is_named_as_such_in_the_title_and_the_confirmation() {
        let mut app = with_preset();
        let title = |app: &App| draw(app, (80, 24)).lines().next().unwrap_or("").to_owned();
        assert!(title(&app).trim_end().ends_with("· …"), "{}", title(&app));
        app.go(StepId::Review);
        press(&mut app, KeyCode::Char('s'));
        app.update(Action::Task(
            999,
            cognito_wizard::app::TaskOutcome::Target(TargetInfo {
                profile: None,
                region: Some("us-east-1".into()),
                endpoint: Some("http://127.0.0.1:5123".into()),
                account: Some("123456789012".into()),
            }),
        ));
        let screen = draw(&app, (120, 40));
        assert!(screen.contains("LOCAL EMULATOR 127.0.0.1:5123"), "{screen}");
        assert!(
            screen.contains("http://127.0.0.1:5123 (local emulator, not AWS)"),
            "{screen}"
        );
    }

    /// `s` on Review: the confirmation, and the id of its same-name check.
    pub(super) fn ask_submit(app: &mut App) -> u64 {
        let fx = app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::NONE,
        )));
        fx.iter()
            .find_map(|e| match e {
                Effect::FindSameName { id, .. } => Some(*id),
                _ => None,
            })
            .expect("s checks for a pool of the same name")
    }

    /// Submits the draft with the keys an operator presses, and answers the
    /// plan with `result`.
    pub(super) fn submitted(app: &mut App, result: Result<CreatedPool, PlanFailure>) {
        app.go(StepId::Review);
        let check = ask_submit(app);
        app.update(Action::Task(
            998,
            cognito_wizard::app::TaskOutcome::Target(TargetInfo {
                region: Some("eu-west-1".into()),
                ..TargetInfo::default()
            }),
        ));
        let early = app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('y'),
            KeyModifiers::NONE,
        )));
        // y waits for the same-name check, then goes through.
        let submit = |fx: &[Effect]| {
            fx.iter().find_map(|e| match e {
                Effect::Submit { id, .. } => Some(*id),
                _ => None,
            })
        };
        assert_eq!(submit(&early), None, "not before the same-name check");
        let fx = app.update(Action::Task(
            check,
            cognito_wizard::app::TaskOutcome::SameName(Ok(Vec::new())),
        ));
        let id = submit(&fx).expect("y submits");
        // As the event loop answers a plan: its progress (the pool; no
        // account of the calls, as a plan run by hand would give).
        let progress = result.map(|pool| cognito_wizard::run::Progress {
            pool: Some(pool),
            done: Vec::new(),
        });
        app.update(Action::Task(
            id,
            cognito_wizard::app::TaskOutcome::PlanRan(progress),
        ));
        assert_eq!(app.step(), StepId::Result);
    }

    pub(super) fn created_pool() -> CreatedPool {
        CreatedPool {
            id: "eu-west-1_AbCdEf123".into(),
            arn: Some(
                "arn:aws:cognito-idp:eu-west-1:210987654321:userpool/eu-west-1_AbCdEf123".into(),
            ),
            name: Some("customers".into()),
        }
    }

    /// Without a region nothing can be sent: y says so instead of failing.
    #[test]
    fn y_is_refused_without_a_region() {
        let mut app = with_preset();
        app.go(StepId::Review);
        press(&mut app, KeyCode::Char('s'));
        app.update(Action::Task(
            998,
            cognito_wizard::app::TaskOutcome::Target(TargetInfo {
                endpoint: Some("http://127.0.0.1:9".into()),
                ..TargetInfo::default()
            }),
        ));
        let screen = draw(&app, (100, 30));
        assert!(screen.contains("none configured"), "{screen}");
        assert!(screen.contains("http://127.0.0.1:9"), "{screen}");
        let fx = app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('y'),
            KeyModifiers::NONE,
        )));
        assert!(
            fx.iter().all(|e| !matches!(e, Effect::Submit { .. })),
            "{fx:?}"
        );
        assert!(draw(&app, (100, 30)).contains("No AWS region is configured"));
    }

    /// After a pool was created, submitting again makes a new one (the
    /// confirmation warned of the name): nothing of the first is reused.
    #[test]
    fn a_second_submit_after_a_success_sends_the_whole_plan_again() {
        let mut app = with_preset();
        submitted(&mut app, Ok(created_pool()));
        app.go(StepId::Review);
        let check = ask_submit(&mut app);
        app.update(Action::Task(
            998,
            cognito_wizard::app::TaskOutcome::Target(TargetInfo {
                region: Some("eu-west-1".into()),
                ..TargetInfo::default()
            }),
        ));
        // y before the same-name check waits; the account has a pool of
        // that name, so the answer asks again instead of sending.
        press(&mut app, KeyCode::Char('y'));
        let name = app.doc().create.pool_name.clone().unwrap();
        // An answer to an earlier confirmation's check says nothing.
        let stale = app.update(Action::Task(
            check - 1,
            cognito_wizard::app::TaskOutcome::SameName(Ok(Vec::new())),
        ));
        assert!(stale.is_empty(), "{stale:?}");
        let fx = app.update(Action::Task(
            check,
            cognito_wizard::app::TaskOutcome::SameName(Ok(vec![
                cognito_wizard::api::PoolSummary {
                    id: "eu-west-1_Other".into(),
                    name,
                },
            ])),
        ));
        assert!(!fx.iter().any(|e| matches!(e, Effect::Submit { .. })));
        assert!(draw(&app, (100, 30)).contains("A pool of this name exists"));
        let fx = app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('y'),
            KeyModifiers::NONE,
        )));
        let resume = fx.iter().find_map(|e| match e {
            Effect::Submit { resume, .. } => Some(resume.clone()),
            _ => None,
        });
        assert_eq!(
            resume.expect("submitted").pool,
            None,
            "a new pool is created"
        );
    }

    /// A long pool name is cut in the title; where calls go never is.
    #[test]
    fn the_title_keeps_the_target_whole_and_cuts_a_long_name() {
        let mut app = App::new(Session::default());
        let doc = cognito_wizard::model::PoolDocument {
            create: serde_json::from_value(serde_json::json!({"PoolName": "x".repeat(100)}))
                .unwrap(),
            ..Default::default()
        };
        app.load(doc, Default::default(), StepId::SignIn);
        app.update(Action::Task(
            998,
            cognito_wizard::app::TaskOutcome::Target(TargetInfo {
                region: Some("us-east-1".into()),
                endpoint: Some("http://127.0.0.1:47113".into()),
                ..TargetInfo::default()
            }),
        ));
        let title = draw(&app, (80, 24)).lines().next().unwrap().to_owned();
        assert!(title.contains("LOCAL EMULATOR 127.0.0.1:47113"), "{title}");
        assert!(title.contains("x…"), "{title}");
    }

    /// A custom email message needs SES: the problem at the message says
    /// where that is set, and g goes there.
    #[test]
    fn a_message_that_needs_ses_points_to_the_email_sender() {
        let mut app = App::new(Session::default());
        let doc = cognito_wizard::model::PoolDocument {
            create: serde_json::from_value(serde_json::json!({
                "PoolName": "p",
                "AdminCreateUserConfig": {"InviteMessageTemplate": {
                    "EmailMessage": "Hi {username}, your code is {####}"
                }}
            }))
            .unwrap(),
            ..Default::default()
        };
        app.load(doc, Default::default(), StepId::Messages);
        for _ in 0..20 {
            let at_invite = cognito_wizard::app::form::focused(&app).is_some_and(|f| {
                f.path == "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage"
            });
            if at_invite {
                break;
            }
            press(&mut app, KeyCode::Tab);
        }
        let screen = draw(&app, (100, 30));
        assert!(screen.contains("fixed on Email & SMS: g goes"), "{screen}");
        press(&mut app, KeyCode::Char('g'));
        assert_eq!(app.step(), StepId::Delivery);
    }

    /// A toggle left out shows Cognito's default; one Space changes what is
    /// shown (an unset "[x] (default)" becomes off, and its siblings keep
    /// Cognito's values).
    #[test]
    fn one_space_flips_a_toggle_that_shows_its_default() {
        let mut app = App::new(Session::default());
        let doc = cognito_wizard::model::PoolDocument {
            create: serde_json::from_value(serde_json::json!({"PoolName": "p"})).unwrap(),
            ..Default::default()
        };
        app.load(doc, Default::default(), StepId::Password);
        press(&mut app, KeyCode::Tab);
        let focused = cognito_wizard::app::form::focused(&app).map(|f| f.path);
        assert_eq!(focused, Some("Policies.PasswordPolicy.RequireUppercase"));
        press(&mut app, KeyCode::Char(' '));
        let policy = app
            .doc()
            .create
            .policies
            .clone()
            .unwrap()
            .password_policy
            .unwrap();
        assert!(!policy.require_uppercase, "one press turns it off");
        assert!(policy.require_lowercase && policy.require_numbers && policy.require_symbols);
        assert_eq!(policy.minimum_length, Some(8));
    }

    /// MFA on with SMS as its only factor and the SMS configuration removed:
    /// the MFA step marks it at the mode, at 80×24, and g goes to Email & SMS.
    #[test]
    fn mfa_without_a_usable_factor_shows_on_the_mfa_step() {
        let mut app = App::new(Session::default());
        let doc = cognito_wizard::model::PoolDocument {
            create: serde_json::from_value(serde_json::json!({
                "PoolName": "p",
                "MfaConfiguration": "ON"
            }))
            .unwrap(),
            ..Default::default()
        };
        app.load(doc, Default::default(), StepId::Mfa);
        app.update(Action::Resize(80, 24));
        let screen = draw(&app, (80, 24));
        assert!(screen.contains("needs an MFA factor"), "{screen}");
        assert!(screen.contains("g goes"), "{screen}");
        press(&mut app, KeyCode::Char('g'));
        assert_eq!(app.step(), StepId::Delivery);
    }

    #[test]
    fn results() {
        let mut app = with_preset();
        submitted(&mut app, Ok(created_pool()));
        snapshot("result_created", &app);
        let mut app = with_preset();
        let half_made = CreatedPool {
            id: "eu-west-1_AbCdEf123".into(),
            arn: None,
            name: None,
        };
        submitted(
            &mut app,
            Err(PlanFailure {
                operation: "SetUserPoolMfaConfig",
                call: "SetUserPoolMfaConfig".into(),
                // As the runner has it: the pool made, then the failure.
                progress: Box::new(cognito_wizard::run::Progress::from_pool(Some(
                    half_made.clone(),
                ))),
                error: ApiError::service(
                    "FeatureUnavailableInTierException",
                    "Email MFA is not available in the LITE tier.",
                ),
                created: Some(half_made),
            }),
        );
        snapshot("result_failed", &app);
    }

    #[test]
    fn invite_form() {
        let mut app = with_preset();
        submitted(&mut app, Ok(created_pool()));
        press(&mut app, KeyCode::Char('i'));
        assert_eq!(app.step(), StepId::Invite);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Enter);
        for c in "not-an-email".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        press(&mut app, KeyCode::Enter);
        let screen = draw(&app, (80, 24));
        assert!(screen.contains("✗ must be an email address"), "{screen}");
        snapshot("invite_form", &app);
    }

    /// The form filled for `new@example.com` with a generated password and
    /// SUPPRESS, then sent: the call's id and the password.
    fn suppressed_invitation_sent(app: &mut App) -> (u64, String) {
        submitted(app, Ok(created_pool()));
        press(app, KeyCode::Char('i'));
        // The username, then the email the pool requires.
        for _ in 0..2 {
            press(app, KeyCode::Enter);
            for c in "new@example.com".chars() {
                press(app, KeyCode::Char(c));
            }
            press(app, KeyCode::Enter);
            press(app, KeyCode::Tab);
        }
        for _ in 0..30 {
            if draw(app, (100, 30)).contains("▶ Temporary password") {
                break;
            }
            press(app, KeyCode::Tab);
        }
        press(app, KeyCode::Char('g'));
        for _ in 0..30 {
            if draw(app, (100, 30)).contains("▶ Invitation") {
                break;
            }
            press(app, KeyCode::Tab);
        }
        while !draw(app, (100, 30)).contains("SUPPRESS") {
            press(app, KeyCode::Char(' '));
        }
        let password = app
            .invite()
            .request
            .temporary_password
            .clone()
            .expect("g made one");
        let fx = app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::NONE,
        )));
        let id = fx
            .iter()
            .find_map(|e| match e {
                Effect::CreateUser { id, .. } | Effect::CreateUserInGroups { id, .. } => Some(*id),
                _ => None,
            })
            .expect("s sends");
        (id, password)
    }

    /// The service's answer: its `Username` is the sub, as Cognito gives it
    /// when email is the username; `groups` as the adds ended.
    fn invited(groups: Vec<GroupOutcome>) -> cognito_wizard::invite::groups::Invited {
        cognito_wizard::invite::groups::Invited {
            username: "new@example.com".into(),
            user: cognito_wizard::api::CreatedUser {
                username: "5b2e6f0a-7c1d-4e8f-9a3b-0c1d2e3f4a5b".into(),
                status: Some("FORCE_CHANGE_PASSWORD".into()),
                enabled: true,
                attributes: Vec::new(),
            },
            groups,
        }
    }

    /// A user created without an invitation (SUPPRESS) with a generated
    /// password: the password stays on screen (masked, r shows it) to be
    /// handed over, since nothing reached the user.
    #[test]
    fn a_suppressed_invitation_keeps_the_password_to_hand_over() {
        let mut app = with_preset();
        let (id, password) = suppressed_invitation_sent(&mut app);
        app.update(Action::Task(
            id,
            cognito_wizard::app::TaskOutcome::UserCreated(Ok(invited(Vec::new()))),
        ));
        let screen = draw(&app, (100, 30));
        assert!(
            screen.contains("No invitation was sent (SUPPRESS)"),
            "{screen}"
        );
        assert!(!screen.contains(&password), "masked: {screen}");
        press(&mut app, KeyCode::Char('r'));
        assert!(draw(&app, (100, 30)).contains(&password));
    }

    /// The success line names the user as the operator typed it, never the
    /// sub the service answers with, and says which groups it joined and
    /// which failed (with the code), at 80 columns too.
    #[test]
    fn the_invited_line_names_the_username_and_each_group() {
        let mut app = with_preset();
        let (id, _) = suppressed_invitation_sent(&mut app);
        let groups = vec![
            GroupOutcome {
                group: "admins".into(),
                result: GroupResult::Added,
            },
            GroupOutcome {
                group: "ops".into(),
                result: GroupResult::Failed {
                    code: "ResourceNotFoundException".into(),
                    message: "Group not found.".into(),
                },
            },
        ];
        app.update(Action::Task(
            id,
            cognito_wizard::app::TaskOutcome::UserCreated(Ok(invited(groups))),
        ));
        for size in [(80, 24), (120, 40)] {
            let screen = draw(&app, size);
            assert!(
                screen.contains("✓ Invited new@example.com: FORCE_CHANGE_PASSWORD, enabled;"),
                "{screen}"
            );
            assert!(screen.contains("added to admins"), "{screen}");
            assert!(
                screen.contains("✗ Not added to ops: ResourceNotFoundException"),
                "{screen}"
            );
            assert!(!screen.contains("5b2e6f0a"), "no sub: {screen}");
            assert!(screen.contains("give new@example.com the"), "{screen}");
        }
    }

    #[test]
    fn no_color_keeps_every_state_visible() {
        let mut app = with_preset();
        app.set_no_color(true);
        app.go(StepId::Password);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| cognito_wizard::ui::draw(f, &app))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let coloured = buffer.content.iter().any(|cell| {
            cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset
        });
        assert!(!coloured, "NO_COLOR: no cell may carry a colour");
        let focused = buffer
            .content
            .iter()
            .any(|cell| cell.modifier.contains(ratatui::style::Modifier::REVERSED));
        assert!(focused, "the focus is still shown (reversed)");
    }
}

#[tokio::test]
async fn invite_users_after_creating_the_pool() {
    let dir = temp_dir("invite");
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (100, 30),
        |mut d| async move {
            submit_new_pool(&mut d, "authenticator app").await;
            d.wait_for("The user pool was created").await;
            d.key(KeyCode::Char('i'));
            // The preset signs in by email: the form says so, and asks for
            // the required email.
            let screen = d.wait_for("Username (email address)").await;
            assert!(screen.contains("email *"), "{screen}");
            d.key(KeyCode::Char('s'));
            d.wait_for("Not sent").await;
            d.key(KeyCode::Tab);
            d.key(KeyCode::Enter);
            d.text("ana@example.com");
            d.key(KeyCode::Enter);
            d.key(KeyCode::Char('s'));
            d.wait_for("✓ Invited ana@example.com: FORCE_CHANGE_PASSWORD")
                .await;
            // The same user again: the service's error, with what to do.
            d.key(KeyCode::Enter);
            d.text("ana@example.com");
            d.key(KeyCode::Enter);
            d.key(KeyCode::Char('s'));
            let screen = d.wait_for("UsernameExistsException").await;
            assert!(screen.contains("What to do"), "{screen}");
        },
    )
    .await;
    let invited: Vec<Option<String>> = api
        .calls()
        .into_iter()
        .filter_map(|c| match c {
            Call::AdminCreateUser(r) => Some(r.username),
            _ => None,
        })
        .collect();
    assert_eq!(
        invited,
        [
            Some("ana@example.com".to_owned()),
            Some("ana@example.com".to_owned())
        ]
    );
    assert!(matches!(app.invite().last, Some(Err(_))));
}

#[tokio::test]
async fn invite_many_from_a_csv_with_a_gauge() {
    let dir = temp_dir("bulk");
    let csv = dir.join("people.csv");
    let mut text = String::from("username,email,given_name\n");
    for i in 0..30 {
        text.push_str(&format!("user{i},user{i}@example.com,User {i}\n"));
    }
    text.push_str("bad one,not-an-email,Broken\n");
    std::fs::write(&csv, text).unwrap();
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let csv_path = csv.clone();
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (100, 30),
        |mut d| async move {
            submit_new_pool(&mut d, "Minimal").await;
            d.wait_for("The user pool was created").await;
            d.key(KeyCode::Char('i'));
            d.wait_for("invite from CSV").await;
            d.key(KeyCode::Char('c'));
            d.wait_for("Invite the users listed in the CSV file").await;
            for _ in 0..20 {
                d.key(KeyCode::Backspace);
            }
            d.text(csv_path.to_str().unwrap());
            d.key(KeyCode::Enter);
            // The check finds the bad row and refuses to start until told to
            // skip it; nothing was sent.
            let screen = d.wait_for("31 rows, 30 to invite").await;
            assert!(screen.contains("line 32:"), "{screen}");
            d.key(KeyCode::Char('s'));
            let screen = d.wait_for("Not started").await;
            // The way out is named by the wizard's key, not the command's flag.
            assert!(screen.contains("fix it, or press k"), "{screen}");
            assert!(!screen.contains("--skip-invalid"), "{screen}");
            d.key(KeyCode::Char('k'));
            d.wait_for("skip invalid on").await;
            d.key(KeyCode::Char('s'));
            d.wait_for("31 rows: 30 created, 0 already existed, 1 invalid, 0 failed")
                .await;
        },
    )
    .await;
    let invited = api
        .calls()
        .into_iter()
        .filter(|c| matches!(c, Call::AdminCreateUser(_)))
        .count();
    assert_eq!(invited, 30);
    assert!(app.call().is_none());
    let report = std::fs::read_to_string(dir.join("people.csv.report.csv")).unwrap();
    assert_eq!(
        report.lines().count(),
        32,
        "a header and one line per row:\n{report}"
    );
}

#[path = "ui/frictions.rs"]
mod frictions;
