//! Change mode (issue 14): the wizard on an existing pool. Flow tests run
//! the real loop against moto: one member changed and every other kept (the
//! reset trap proven absent through the wizard), a create-only member
//! read-only, a change made by someone else between load and send caught
//! with nothing sent until a fresh confirmation. Screens: the Review diff.

use super::*;
use cognito_wizard::api::CognitoApi;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::app::Action;
use cognito_wizard::aws::SdkApi;
use cognito_wizard::model::update::UpdateUserPoolRequest;
use cognito_wizard::update::{LivePool, UpdateCall};
use serde_json::{json, Value};
use support::moto_api;

#[path = "change_existing.rs"]
mod existing_parts;
#[path = "change_fixes.rs"]
mod fixes;
#[path = "change_resume.rs"]
mod resume;
#[path = "change_round2.rs"]
mod round2;
#[path = "change_wording.rs"]
mod wording;

/// A pool request with many members set (none of the create-only ones,
/// which moto, unlike Cognito, drops on any UpdateUserPool).
fn many_members(name: &str) -> Value {
    json!({
        "PoolName": name,
        "Policies": {"PasswordPolicy": {
            "MinimumLength": 12, "RequireUppercase": true, "RequireLowercase": true,
            "RequireNumbers": true, "RequireSymbols": false,
            "TemporaryPasswordValidityDays": 5
        }},
        "DeletionProtection": "ACTIVE",
        "AutoVerifiedAttributes": ["email"],
        "MfaConfiguration": "OFF",
        "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
        "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": true},
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true},
        "Schema": [{"Name": "team", "AttributeDataType": "String", "Mutable": true,
                    "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"}}],
        "UserPoolTags": {"team": "identity"}
    })
}

/// A pool made in moto; its id and its description.
async fn moto_pool(api: &SdkApi, prefix: &str) -> (String, Value) {
    let request = serde_json::from_value(many_members(&support::unique_name(prefix))).unwrap();
    let created = api.create_user_pool(request).await.expect("created");
    let described = api.describe_user_pool(created.id.clone()).await.unwrap();
    (created.id, described.user_pool)
}

/// The description without what changes on every write.
fn settled(mut pool: Value) -> Value {
    if let Some(map) = pool.as_object_mut() {
        map.remove("LastModifiedDate");
    }
    pool
}

async fn describe(api: &SdkApi, id: &str) -> Value {
    settled(
        api.describe_user_pool(id.to_owned())
            .await
            .unwrap()
            .user_pool,
    )
}

/// The wizard as `cognito-wizard --pool ID` starts it.
fn change_wizard(dir: &std::path::Path, pool_id: &str) -> (App, Vec<Effect>) {
    let args = WizardArgs {
        pool: Some(pool_id.to_owned()),
        ..WizardArgs::default()
    };
    cognito_wizard::wizard::prepare(&args, Some(dir.join("autosave.json"))).unwrap()
}

/// From the loaded pool: the password's minimum length set to `length`.
async fn set_minimum_length(d: &mut Driver, length: &str) {
    d.key(KeyCode::PageDown);
    d.wait_for("▶ Minimum length").await;
    super::keep::retype(d, length).await;
}

/// On Review: s, then y once the confirmation knows where calls go.
async fn confirm_change(d: &mut Driver) {
    d.key(KeyCode::Char('s'));
    d.wait_for("Change the user pool?").await;
    d.wait_for("(local emulator, not AWS)").await;
    d.key(KeyCode::Char('y'));
}

/// To Review, where the diff is the minimum length 12 -> 16 in one
/// UpdateUserPool; then s and y. Returns the Review screen.
async fn send_minimum_length_16(d: &mut Driver) -> String {
    d.review().await;
    let screen = d
        .wait_for("Policies.PasswordPolicy.MinimumLength: 12 -> 16")
        .await;
    assert!(screen.contains("call 1 of 1: UpdateUserPool"), "{screen}");
    confirm_change(d).await;
    screen
}

/// A pool made in moto, and the wizard opened on it as `--pool ID` opens
/// it (120×40); `script` gets the driver, the SDK and the pool's id. Returns
/// the final app, the SDK, the id and the pool as described before.
async fn moto_wizard<F, Fut>(prefix: &str, script: F) -> (App, SdkApi, String, Value)
where
    F: FnOnce(Driver, SdkApi, String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let api = moto_api().await;
    let (id, before) = moto_pool(&api, prefix).await;
    let app = wizard_on(&api, &id, prefix, script).await;
    (app, api, id, before)
}

/// The wizard opened on the moto pool `id` as `--pool ID` opens it
/// (120×40), run with `script`; the final app.
async fn wizard_on<F, Fut>(api: &SdkApi, id: &str, prefix: &str, script: F) -> App
where
    F: FnOnce(Driver, SdkApi, String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (app, effects) = change_wizard(&temp_dir(prefix), id);
    let (sdk, pool) = (api.clone(), id.to_owned());
    run_wizard(app, effects, Arc::new(api.clone()), (120, 40), |d| {
        script(d, sdk, pool)
    })
    .await
}

/// Pages back from Review to Sign-in's first field.
async fn back_to_sign_in(d: &mut Driver) {
    let steps = cognito_wizard::app::fields::StepId::Review.index()
        - cognito_wizard::app::fields::StepId::SignIn.index();
    for _ in 0..steps {
        d.key(KeyCode::PageUp);
    }
    d.wait_for("▶ Pool name").await;
}

#[tokio::test]
async fn moto_wizard_changes_one_member_and_keeps_every_other() {
    let (app, api, id, before) = moto_wizard("wizard-change", |mut d, _, _| async move {
        d.wait_for("Changing pool").await;
        d.wait_for("▶ Pool name").await;
        // Nothing changed yet: no change, no call; s only says so.
        d.review().await;
        d.wait_for("No change: the pool already has every value shown")
            .await;
        d.key(KeyCode::Char('s'));
        d.wait_for("there is no call to send").await;
        back_to_sign_in(&mut d).await;
        // A create-only member: typing on it does nothing but say why.
        d.key(KeyCode::Tab);
        d.wait_for("▶ Username is").await;
        d.key(KeyCode::Char(' '));
        d.wait_for("UsernameAttributes is read-only").await;
        let screen = d
            .wait_for("read-only: cannot change after the pool is created")
            .await;
        // The reason at the field (wrapped where the help box ends a row).
        assert!(screen.contains("clone it instead"), "{screen}");
        set_minimum_length(&mut d, "16").await;
        let screen = send_minimum_length_16(&mut d).await;
        assert!(screen.contains("Changes to"), "{screen}");
        d.wait_for("was changed.").await;
        let screen = d.wait_for("every member has the value sent").await;
        assert!(screen.contains("UpdateUserPool: done ✓"), "{screen}");
        // Applied in full: nothing to retry, so r is not offered.
        assert!(!screen.contains("r retry"), "{screen}");
        assert!(!screen.contains("retry a failed send"), "{screen}");
        assert!(screen.contains("e back to review"), "{screen}");
    })
    .await;
    let change = app.change().expect("still in change mode");
    assert!(
        !change.plan.has_changes(),
        "against the pool as described after the send, nothing is left to change"
    );
    assert!(
        app.doc().create.username_attributes.is_none(),
        "the read-only member was not touched"
    );
    let mut expected = settled(before);
    expected["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(16);
    assert_eq!(describe(&api, &id).await, expected);
}

#[tokio::test]
async fn moto_wizard_sends_nothing_when_the_pool_changed_since_it_was_loaded() {
    let (_, api, id, before) = moto_wizard("wizard-race", |mut d, other, pool| async move {
        d.wait_for("Changing pool").await;
        // Someone else, after the wizard loaded the pool.
        let described = other.describe_user_pool(pool.clone()).await.unwrap();
        let mut theirs = LivePool::from_described(&described).unwrap().state.settings;
        theirs.deletion_protection = Some("INACTIVE".into());
        other
            .send_update(UpdateCall::UpdateUserPool(UpdateUserPoolRequest::carrying(
                &pool, &theirs,
            )))
            .await
            .expect("their change");
        set_minimum_length(&mut d, "16").await;
        d.review().await;
        d.wait_for("MinimumLength: 12 -> 16").await;
        confirm_change(&mut d).await;
        let screen = d.wait_for("The pool changed since it was loaded").await;
        assert!(screen.contains("nothing was sent"), "{screen}");
        // What they changed, and the new diff: only ours, on the pool as
        // they left it (theirs is kept, not undone).
        assert!(screen.contains("Changed by someone else"), "{screen}");
        assert!(
            screen.contains("DeletionProtection: \"ACTIVE\" -> \"INACTIVE\""),
            "{screen}"
        );
        assert!(screen.contains("Changes to us-east-1_"), "{screen}");
        assert!(screen.contains("1 member, 1 call"), "{screen}");
        assert!(screen.contains("MinimumLength: 12 -> 16"), "{screen}");
        assert!(
            !screen.contains("DeletionProtection: \"INACTIVE\" -> \"ACTIVE\""),
            "{screen}"
        );
        assert_eq!(
            describe(&other, &pool).await["Policies"]["PasswordPolicy"]["MinimumLength"],
            12,
            "nothing is sent without a fresh confirmation"
        );
        // A fresh confirmation sends what the new diff shows.
        confirm_change(&mut d).await;
        d.wait_for("every member has the value sent").await;
    })
    .await;
    let mut expected = settled(before);
    expected["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(16);
    expected["DeletionProtection"] = json!("INACTIVE");
    assert_eq!(describe(&api, &id).await, expected);
}

/// The Review diff of a pool described by the fake (no network): the
/// minimum length changed, a tag added.
fn changed_app() -> App {
    let mut app = loaded_app();
    app.go(StepId::Password);
    press(&mut app, KeyCode::Enter);
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in "14".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    app.go(StepId::Review);
    app
}

/// The wizard on the pool [`existing`] describes, as loaded.
fn loaded_app() -> App {
    let mut app = App::new(Session::default());
    cognito_wizard::app::change::described(
        &mut app,
        "us-east-1_Change1".into(),
        Ok(existing()),
        &mut Vec::new(),
    );
    assert!(app.change().is_some());
    app
}

/// The pool `changed_app` changes, as the fake describes it.
fn existing() -> DescribedPool {
    DescribedPool {
        user_pool: json!({
            "Id": "us-east-1_Change1", "Name": "existing", "MfaConfiguration": "OFF",
            "Arn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Change1",
            "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": true}},
            "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "secret-external-id"},
            "UserPoolTags": {"team": "identity"}
        }),
        mfa_config: None,
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn undo(app: &mut App) {
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('z'),
        KeyModifiers::CONTROL,
    )));
}

fn draw(app: &App, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| cognito_wizard::ui::draw(f, app)).unwrap();
    screen_text(&terminal)
}

#[test]
fn review_shows_the_diff_and_the_calls_at_both_sizes() {
    let mut app = changed_app();
    for (w, h) in [(80, 24), (120, 40)] {
        app.update(Action::Resize(w, h));
        let screen = draw(&app, (w, h));
        assert!(
            screen.contains("Policies.PasswordPolicy.MinimumLength: 10 -> 14"),
            "{screen}"
        );
        assert!(!screen.contains("secret-external-id"), "{screen}");
        insta::assert_snapshot!(format!("change_review_{w}x{h}"), screen);
    }
    let plan = &app.change().unwrap().plan;
    assert_eq!(
        plan.diff_lines(),
        ["Policies.PasswordPolicy.MinimumLength: 10 -> 14"]
    );
    assert_eq!(plan.calls.len(), 1);
    // The preview is the call's body, secrets masked.
    let (operation, body) = &app.preview()[0];
    assert_eq!(operation, "UpdateUserPool");
    assert!(body.contains("\"MinimumLength\": 14"), "{body}");
    assert!(!body.contains("secret-external-id"), "{body}");
}

#[test]
fn choosing_a_preset_ends_change_mode_and_start_offers_change() {
    let mut app = changed_app();
    app.go(StepId::Start);
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("Change an existing pool by id…"),
        "{screen}"
    );
    choose_first_preset(&mut app);
    assert!(app.change().is_none(), "a preset is a new pool again");
}

/// On Start: the first preset, replacing the unsaved edit (which asks).
fn choose_first_preset(app: &mut App) {
    press(app, KeyCode::Down);
    press(app, KeyCode::Enter);
    assert!(
        app.modal().is_some(),
        "replacing unsaved change-mode work asks"
    );
    press(app, KeyCode::Char('y'));
}

/// The wizard at 80×24 against the fake API, from the Start screen.
async fn fake_wizard<F, Fut>(name: &str, script: F) -> (App, FakeApi)
where
    F: FnOnce(Driver) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = temp_dir(name);
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (80, 24),
        script,
    )
    .await;
    (app, api)
}

/// `c` on a pool listed from ListUserPools opens it in change mode; an edit
/// there is work that Quit asks about, as in create mode.
#[tokio::test]
async fn c_on_a_listed_pool_changes_it_and_quit_asks_about_the_edit() {
    let (app, api) = fake_wizard("change-listed", |mut d| async move {
        choose_start_item(&mut d, "list the pools").await;
        d.wait_for("existing (us-east-1_Existing1) · i invites · c changes")
            .await;
        d.key(KeyCode::Char('c'));
        d.wait_for("Changing pool existing").await;
        set_minimum_length(&mut d, "12").await;
        d.key(KeyCode::Char('q'));
        d.wait_for("Quit?").await;
        d.key(KeyCode::Char('n'));
        d.wait_until_gone("Quit?").await;
    })
    .await;
    assert!(!app.quit(), "the edit was not thrown away");
    let change = app.change().expect("in change mode");
    assert_eq!(change.live.id, "us-east-1_Existing1");
    assert_eq!(
        change.plan.diff_lines(),
        ["Policies.PasswordPolicy.MinimumLength: 10 -> 12"]
    );
    assert!(api.calls().is_empty(), "nothing sent");
}

/// "Change an existing pool by id…" on Start asks for the id.
#[tokio::test]
async fn change_a_pool_by_its_typed_id() {
    let (app, _) = fake_wizard("change-typed", |mut d| async move {
        d.wait_for("Change an existing pool by id…").await;
        d.key(KeyCode::Up); // the last item
        d.key(KeyCode::Enter);
        d.wait_for("Change the pool with id").await;
        d.text("us-east-1_Typed1");
        d.key(KeyCode::Enter);
        d.wait_for("Changing pool existing (us-east-1_Typed1)")
            .await;
    })
    .await;
    let id = app.change().map(|c| c.live.id.clone());
    assert_eq!(id.as_deref(), Some("us-east-1_Typed1"));
    assert_eq!(app.step(), StepId::SignIn);
}

/// A call that fails: Result names it, sent and refused (the first call:
/// none done before it);
/// r starts over with a fresh confirmation.
#[tokio::test]
async fn a_failed_call_shows_on_result_and_retry_confirms_again() {
    let (app, _) = fake_wizard("change-fails", |mut d| async move {
        choose_start_item(&mut d, "list the pools").await;
        d.wait_for("· c changes").await;
        d.key(KeyCode::Char('c'));
        d.wait_for("Changing pool existing").await;
        set_minimum_length(&mut d, "12").await;
        d.review().await;
        confirm_change(&mut d).await;
        let screen = d.wait_for("UpdateUserPool failed.").await;
        assert!(
            screen.contains("UpdateUserPool: sent, and it failed"),
            "{screen}"
        );
        assert!(screen.contains("is not available here"), "{screen}");
        d.key(KeyCode::Char('r'));
        d.wait_for("Change the user pool?").await;
        d.key(KeyCode::Char('n'));
        d.wait_until_gone("Change the user pool?").await;
    })
    .await;
    assert_eq!(app.step(), StepId::Review);
}

#[test]
fn undoing_the_load_brings_back_the_replaced_draft_out_of_change_mode() {
    let mut app = changed_app();
    undo(&mut app);
    assert!(
        !app.change().unwrap().plan.has_changes(),
        "the edit is undone"
    );
    assert_eq!(app.doc().create.pool_name.as_deref(), Some("existing"));
    // The next undo takes the load back: the draft it replaced, not in
    // change mode (it is not this pool's).
    undo(&mut app);
    assert!(app.change().is_none());
    assert_eq!(app.doc().create.pool_name, None);
    let screen = draw(&app, (120, 40));
    assert!(!screen.contains("CHANGING"), "{screen}");
}

/// Turning MFA on in change mode: SetUserPoolMfaConfig with the factor and
/// the mode, and no UpdateUserPool (nothing else changed).
#[test]
fn turning_mfa_on_is_one_set_user_pool_mfa_config_call() {
    let mut app = changed_app();
    undo(&mut app);
    app.go(StepId::Mfa);
    press(&mut app, KeyCode::Char(' '));
    let plan = &app.change().unwrap().plan;
    let operations: Vec<&str> = plan.calls.iter().map(|c| c.operation()).collect();
    assert_eq!(
        plan.diff_lines(),
        [
            "MfaConfiguration: \"OFF\" -> \"OPTIONAL\"",
            "SoftwareTokenMfaConfiguration.Enabled: (none) -> true"
        ]
    );
    assert_eq!(operations, ["SetUserPoolMfaConfig"]);
}

/// Only the create-only members are read-only: every other field of every
/// step still takes a Space (or says why not for another reason).
#[test]
fn only_create_only_fields_are_read_only() {
    use cognito_wizard::app::fields::FieldKind;
    let mut app = changed_app();
    let mut refused = Vec::new();
    for step in StepId::ALL.into_iter().filter(|s| *s != StepId::Attributes) {
        app.go(step);
        for _ in 0..step.fields().len() {
            if let Some(field) = cognito_wizard::app::form::focused(&app) {
                if !field.is_text() && field.kind != FieldKind::Map {
                    press(&mut app, KeyCode::Char(' '));
                    if app.status().is_some_and(|s| s.contains("is read-only")) {
                        refused.push(field.path);
                    }
                }
            }
            press(&mut app, KeyCode::Tab);
        }
    }
    refused.sort();
    refused.dedup();
    assert_eq!(
        refused,
        [
            "AliasAttributes",
            "UsernameAttributes",
            "UsernameConfiguration.CaseSensitive"
        ]
    );
}

/// On Attributes in change mode: an attribute the pool has cannot change;
/// a new custom one can, and is added by AddCustomAttributes alone.
#[test]
fn a_new_custom_attribute_is_added_and_an_existing_one_is_read_only() {
    let mut app = changed_app();
    undo(&mut app);
    app.go(StepId::Attributes);
    press(&mut app, KeyCode::Char(' ')); // the first standard attribute's Required
    let status = app.status().cloned().unwrap_or_default();
    assert!(status.contains("is read-only"), "{status}");
    assert!(
        status.contains("needs a new pool: clone it instead"),
        "{status}"
    );
    assert!(!app.change().unwrap().plan.has_changes());
    press(&mut app, KeyCode::Char('a'));
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in "team".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    let plan = &app.change().unwrap().plan;
    let operations: Vec<&str> = plan.calls.iter().map(|c| c.operation()).collect();
    assert_eq!(
        operations,
        ["AddCustomAttributes"],
        "{:?}",
        plan.diff_lines()
    );
    assert!(
        app.preview()[0].1.contains("\"Name\": \"team\""),
        "{}",
        app.preview()[0].1
    );
}

/// A group added on Groups in change mode: Review shows it as an added line
/// and its CreateGroup call (the pool's id filled), and `s`, `y` creates it
/// in the pool; afterwards it is the pool's own, so nothing is left to send.
#[tokio::test]
async fn moto_wizard_adds_a_group_to_an_existing_pool() {
    let (app, api, id, _) = moto_wizard("wizard-group", |mut d, _, id| async move {
        d.wait_for("Changing pool").await;
        d.wait_for("▶ Pool name").await;
        for _ in StepId::SignIn.index()..StepId::Groups.index() {
            d.key(KeyCode::PageDown);
        }
        d.wait_for("Groups").await;
        d.key(KeyCode::Char('a'));
        d.key(KeyCode::Enter);
        d.review().await;
        let screen = d.wait_for("CreateGroup: group1").await;
        assert!(screen.contains("call 1 of 1: CreateGroup"), "{screen}");
        assert!(screen.contains(&id), "the pool's id is filled: {screen}");
        confirm_change(&mut d).await;
        let screen = d.wait_for("CreateGroup \"group1\": done ✓").await;
        assert!(
            screen.contains("every member has the value sent"),
            "{screen}"
        );
    })
    .await;
    let groups = api.list_group_names(id.clone()).await.expect("listed");
    assert_eq!(groups, ["group1"]);
    let change = app.change().expect("still in change mode");
    assert!(!change.plan.has_changes(), "nothing is left to send");
    assert!(change.plan.refused.is_empty(), "{:?}", change.plan.refused);
}
