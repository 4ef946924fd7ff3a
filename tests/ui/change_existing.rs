//! Change mode, the pool's own app clients, domain and groups (issue 14):
//! they fill the same steps as entries (the pool's first), are edited in
//! the same forms, and what changes is sent as their update call with the
//! full body. Their names are read-only, and none is removed here.

use super::*;
use cognito_wizard::model::client::CreateUserPoolClientRequest;
use cognito_wizard::model::describe_plan::DescribedSignIn;
use cognito_wizard::model::domain::CreateGroupRequest;
use cognito_wizard::update::entries::Part;

/// The wizard on [`existing`]'s pool, which has the client "web", the
/// group "staff" and the domain "login".
pub(super) fn app_with_sign_in() -> App {
    let mut app = App::new(Session::default());
    let sign_in = DescribedSignIn {
        clients: vec![json!({"ClientName": "web", "ClientId": "web-client-id",
            "AccessTokenValidity": 60, "TokenValidityUnits": {"AccessToken": "minutes"}, "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})],
        resource_servers: Vec::new(),
        domain: Some(json!({"Domain": "login", "ManagedLoginVersion": 1})),
        groups: vec![json!({"GroupName": "staff", "Description": "the staff", "Precedence": 1})],
    };
    cognito_wizard::app::change::described_with_sign_in(
        &mut app,
        "us-east-1_Change1".into(),
        Ok((existing(), Ok(sign_in))),
        &mut Vec::new(),
    );
    assert!(app.change().is_some());
    app
}

/// The status line.
pub(super) fn said(app: &App) -> String {
    app.status().cloned().unwrap_or_default()
}

/// Types `text` into the focused field (Enter, clear, text, Enter).
fn retype(app: &mut App, text: &str) {
    press(app, KeyCode::Enter);
    app.update(cognito_wizard::app::Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
    press(app, KeyCode::Enter);
}

/// Groups in change mode: the pool's group is an entry like a new one,
/// marked as the pool's; at both sizes.
#[test]
fn groups_step_lists_the_pool_s_groups_as_entries_at_both_sizes() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    for (w, h) in [(80, 24), (120, 40)] {
        app.update(Action::Resize(w, h));
        let screen = draw(&app, (w, h));
        assert!(screen.contains("▶   staff"), "{screen}");
        assert!(screen.contains("in the pool · precedence"), "{screen}");
        assert!(screen.contains("+ add a group (a)"), "{screen}");
        insta::assert_snapshot!(format!("change_groups_existing_{w}x{h}"), screen);
    }
}

/// d on the pool's group says why and removes nothing; Enter opens it; its
/// name is read-only; a new precedence is one UpdateGroup with the full
/// body, and Review's Enter on its diff line goes back to the field.
#[test]
fn the_pool_s_group_is_edited_in_its_form_and_sent_as_update_group() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Char('d'));
    assert!(
        said(&app).contains(&format!(
            "Group \"staff\" is read-only: {}",
            Part::Group.kept_reason()
        )),
        "{}",
        said(&app)
    );
    assert_eq!(app.doc().groups.len(), 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        cognito_wizard::app::plan_steps::open_entry(&app).map(|(_, i)| i),
        Some(0)
    );
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("Group 1 of 1: staff"), "{screen}");
    press(&mut app, KeyCode::Enter);
    assert!(
        said(&app).contains("a group's name cannot change"),
        "{}",
        said(&app)
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    retype(&mut app, "5");
    let plan = &app.change().unwrap().plan;
    assert_eq!(plan.diff_lines(), ["UpdateGroup[staff].Precedence: 1 -> 5"]);
    assert_eq!(
        plan.calls[0].json(
            cognito_wizard::model::preview::Layout::Compact,
            cognito_wizard::model::preview::Secrets::Reveal
        ),
        r#"{"GroupName":"staff","UserPoolId":"us-east-1_Change1","Description":"the staff","Precedence":5}"#
    );
    app.go(StepId::Review);
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("UpdateGroup[staff].Precedence: 1 -> 5"),
        "{screen}"
    );
    assert!(screen.contains("UpdateGroup"), "{screen}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.step(), StepId::Groups);
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("▶ Precedence"), "{screen}");
}

/// App clients marks the pool's client with its id, and d is refused;
/// Domain shows the pool's domain kept (Space cannot switch it off), its
/// name read-only, and a new managed-login version is UpdateUserPoolDomain.
#[test]
fn app_clients_and_domain_show_the_pool_s_own() {
    let mut app = app_with_sign_in();
    app.go(StepId::AppClients);
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("in the pool (id web-client-id)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Delete);
    assert!(
        said(&app).contains("App client \"web\" is read-only"),
        "{}",
        said(&app)
    );
    assert_eq!(app.doc().clients.len(), 1);
    app.go(StepId::Domain);
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("[x] in the pool"), "{screen}");
    press(&mut app, KeyCode::Char(' '));
    assert!(said(&app).contains("is read-only"), "{}", said(&app));
    assert!(app.doc().domain.is_some(), "the domain stays");
    assert!(!app.change().unwrap().plan.has_changes());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(
        said(&app).contains("a domain's name cannot change"),
        "{}",
        said(&app)
    );
    app.jump_to("CreateUserPoolDomain.ManagedLoginVersion");
    press(&mut app, KeyCode::Right);
    let plan = &app.change().unwrap().plan;
    assert!(
        plan.diff_lines()
            .contains(&"UpdateUserPoolDomain[login].ManagedLoginVersion: 1 -> 2".to_owned()),
        "{:?}",
        plan.diff_lines()
    );
}

/// Against moto: a pool with the group "staff" and the client "web",
/// opened with `--pool`: the group's description is changed in its form
/// and sent; the group has it, and the client is untouched.
#[tokio::test]
async fn moto_wizard_changes_the_pool_s_group_and_leaves_the_client() {
    let api = moto_api().await;
    let (id, _) = moto_pool(&api, "wizard-existing").await;
    let group: CreateGroupRequest = serde_json::from_value(
        json!({"GroupName": "staff", "UserPoolId": id, "Description": "before", "Precedence": 3}),
    )
    .unwrap();
    api.create_group(group).await.expect("group made");
    let client: CreateUserPoolClientRequest = serde_json::from_value(
        json!({"ClientName": "web", "UserPoolId": id, "AccessTokenValidity": 30}),
    )
    .unwrap();
    api.create_user_pool_client(client)
        .await
        .expect("client made");
    let before = api.describe_sign_in(id.clone()).await.expect("described");
    let app = wizard_on(&api, &id, "wizard-existing", |mut d, _, _| async move {
        d.wait_for("Changing pool").await;
        d.wait_for("▶ Pool name").await;
        for _ in StepId::SignIn.index()..StepId::Groups.index() {
            d.key(KeyCode::PageDown);
        }
        d.wait_for("in the pool").await;
        d.key(KeyCode::Enter);
        d.wait_for("Group 1 of 1: staff").await;
        d.key(KeyCode::Down);
        super::keep::retype(&mut d, "after").await;
        d.review().await;
        d.wait_for("UpdateGroup[staff].Description: \"before\" -> \"after\"")
            .await;
        confirm_change(&mut d).await;
        d.wait_for("UpdateGroup \"staff\": done ✓").await;
    })
    .await;
    let change = app.change().expect("in change mode");
    assert!(!change.plan.has_changes(), "{:?}", change.plan.diff_lines());
    let after = api.describe_sign_in(id.clone()).await.expect("described");
    assert_eq!(after.groups.len(), 1);
    assert_eq!(after.groups[0]["Description"], "after");
    assert_eq!(after.groups[0]["Precedence"], 3, "carried in the full body");
    let settle = |mut v: serde_json::Value| {
        v.as_object_mut().map(|m| m.remove("LastModifiedDate"));
        v
    };
    assert_eq!(
        settle(after.clients[0].clone()),
        settle(before.clients[0].clone())
    );
}

/// A send that failed part-way: the group made before the failure is the
/// pool's now (still in the draft, marked as the pool's), so the retry's
/// plan is only the group that was not made: nothing is sent twice.
#[test]
fn a_retry_after_a_partial_failure_does_not_make_a_made_group_again() {
    use cognito_wizard::api::{ApiError, ErrorKind};
    use cognito_wizard::update::apply::ApplyFailure;
    use cognito_wizard::update::send::Sent;
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    for _ in 0..2 {
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Esc);
    }
    let plan = &app.change().unwrap().plan;
    assert_eq!(
        plan.diff_lines(),
        ["CreateGroup: group1", "CreateGroup: group2"]
    );
    let failure = ApplyFailure {
        done: vec!["CreateGroup \"group1\"".into()],
        operation: "CreateGroup",
        call: "CreateGroup \"group2\"".into(),
        not_sent: Vec::new(),
        error: ApiError::new(ErrorKind::Network, "connection reset"),
    };
    cognito_wizard::app::change::sent(&mut app, Sent::Failed(failure), &mut Vec::new());
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("CreateGroup \"group1\": done ✓"),
        "{screen}"
    );
    assert!(
        screen.contains("CreateGroup \"group2\": sent, and it failed"),
        "{screen}"
    );
    let plan = &app.change().unwrap().plan;
    assert_eq!(plan.diff_lines(), ["CreateGroup: group2"]);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.step(), StepId::Review, "r on Result asks to send again");
    app.go(StepId::Groups);
    let screen = draw(&app, (120, 40));
    let group1 = screen
        .lines()
        .find(|l| l.contains("group1"))
        .unwrap_or_default();
    assert!(
        group1.contains("in the pool"),
        "made, now the pool's: {screen}"
    );
}

/// A new group named like one the pool has is an error at its name field:
/// the Groups step shows it, not only Review.
#[test]
fn a_new_group_named_like_the_pool_s_is_refused_on_the_groups_step() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Char('a'));
    app.update(cognito_wizard::app::Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in "staff".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.doc().groups.len(), 2, "the new group is in the draft");
    assert!(
        app.problems()
            .iter()
            .any(|p| p.is_error() && p.path == "CreateGroup[1].GroupName"),
        "{:?}",
        app.problems()
    );
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("✗ 12 Groups"), "{screen}");
}

/// A send in which UpdateUserPool was made and a later call failed: the
/// pool's settings are what was sent, so the plan is only what is left
/// and the retry's describe of the pool as it took them is no one else's
/// change (nothing is refused as concurrent, nothing sent twice).
#[test]
fn after_a_partial_send_the_pool_s_own_change_is_not_someone_else_s() {
    use cognito_wizard::api::{ApiError, ErrorKind};
    use cognito_wizard::update::apply::{still_current, ApplyFailure};
    use cognito_wizard::update::send::Sent;
    use cognito_wizard::update::LivePool;
    let mut app = app_with_sign_in();
    app.jump_to("Policies.PasswordPolicy.MinimumLength");
    retype(&mut app, "14");
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let plan = &app.change().unwrap().plan;
    let operations: Vec<_> = plan.calls.iter().map(|c| c.operation()).collect();
    assert_eq!(operations, ["UpdateUserPool", "CreateGroup"]);
    let failure = ApplyFailure {
        done: vec!["UpdateUserPool".into()],
        operation: "CreateGroup",
        call: "CreateGroup \"group1\"".into(),
        not_sent: Vec::new(),
        error: ApiError::new(ErrorKind::Network, "connection reset"),
    };
    cognito_wizard::app::change::sent(&mut app, Sent::Failed(failure), &mut Vec::new());
    let change = app.change().unwrap();
    assert_eq!(change.plan.diff_lines(), ["CreateGroup: group1"]);
    let mut described = existing();
    described.user_pool["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(14);
    let now = LivePool {
        sign_in: change.live.sign_in.clone(),
        ..LivePool::from_described(&described).unwrap()
    };
    assert!(
        still_current(&change.live, &now),
        "the pool as it took our change"
    );
}

/// Someone else changed the group's description while the operator
/// changed its precedence: nothing is sent; Review lists their change by
/// member, the draft keeps it, and the diff is only the operator's edit.
#[test]
fn a_concurrent_change_to_another_member_of_a_group_is_kept_not_reverted() {
    use cognito_wizard::update::send::Sent;
    use cognito_wizard::update::LivePool;
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    retype(&mut app, "5");
    assert_eq!(
        app.change().unwrap().plan.diff_lines(),
        ["UpdateGroup[staff].Precedence: 1 -> 5"]
    );
    let theirs = DescribedSignIn {
        clients: vec![json!({"ClientName": "web", "ClientId": "web-client-id",
            "AccessTokenValidity": 60, "TokenValidityUnits": {"AccessToken": "minutes"}, "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})],
        resource_servers: Vec::new(),
        domain: Some(json!({"Domain": "login", "ManagedLoginVersion": 1})),
        groups: vec![json!({"GroupName": "staff", "Description": "theirs", "Precedence": 1})],
    };
    let described = existing();
    let now = LivePool::from_described(&described)
        .unwrap()
        .with_sign_in(Ok(&theirs));
    cognito_wizard::app::change::sent(
        &mut app,
        Sent::PoolChanged {
            now: Box::new(now),
            described: Box::new(described),
        },
        &mut Vec::new(),
    );
    let change = app.change().unwrap();
    assert_eq!(
        change.plan.diff_lines(),
        ["UpdateGroup[staff].Precedence: 1 -> 5"]
    );
    let meanwhile: Vec<String> = change.meanwhile.iter().map(|c| c.line()).collect();
    assert_eq!(
        meanwhile,
        ["UpdateGroup[staff].Description: \"the staff\" -> \"theirs\""]
    );
    assert_eq!(app.doc().groups[0].description.as_deref(), Some("theirs"));
    assert!(!said(&app).contains("CreateGroup: ["), "{}", said(&app));
}

/// A send after which the pool lacks a member that can never change (moto
/// drops UsernameAttributes on any UpdateUserPool): Result names it, and
/// the draft follows the pool there, so no refused change is left on a
/// read-only field.
#[test]
fn a_read_only_member_the_pool_dropped_leaves_no_refused_change() {
    use cognito_wizard::update::send::Sent;
    use cognito_wizard::update::LivePool;
    let mut app = App::new(Session::default());
    let mut described = existing();
    described.user_pool["UsernameAttributes"] = json!(["email"]);
    cognito_wizard::app::change::described(
        &mut app,
        "us-east-1_Change1".into(),
        Ok(described),
        &mut Vec::new(),
    );
    app.jump_to("Policies.PasswordPolicy.MinimumLength");
    retype(&mut app, "14");
    let mut after = existing();
    after.user_pool["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(14);
    let after = LivePool::from_described(&after).unwrap();
    let missed =
        cognito_wizard::update::apply::verify(&app.change().unwrap().plan.target, &after.state);
    assert!(!missed.is_empty());
    cognito_wizard::app::change::sent(
        &mut app,
        Sent::Applied {
            done: vec!["UpdateUserPool".into()],
            after: Ok(Box::new(after)),
            missed,
        },
        &mut Vec::new(),
    );
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("✗ UsernameAttributes: should be [\"email\"], the pool has (none)"),
        "{screen}"
    );
    let change = app.change().unwrap();
    assert!(change.plan.refused.is_empty(), "{:?}", change.plan.refused);
    assert!(!change.plan.has_changes(), "{:?}", change.plan.diff_lines());
}

/// A change-mode draft of a pool with an SMS ExternalId, resumed with
/// nothing changed since: the secret, left out of the saved draft and its
/// base, is no one else's change (Review lists nothing as theirs), and the
/// diff is only the draft's edit.
#[test]
fn a_resumed_draft_does_not_take_the_pool_s_secret_for_someone_else_s_change() {
    let mut app = super::loaded_app();
    app.jump_to("Policies.PasswordPolicy.MinimumLength");
    retype(&mut app, "14");
    let change = app.change().unwrap();
    let text = cognito_wizard::app::draft::encode_for(
        app.doc(),
        &Default::default(),
        StepId::Password,
        Some((change.live.id.as_str(), change.base())),
    );
    assert!(
        !text.contains("secret-external-id"),
        "secrets are never in drafts"
    );
    let restored = cognito_wizard::app::draft::decode(&text).unwrap();
    let mut app = App::new(Session::default());
    let mut fx = Vec::new();
    cognito_wizard::app::change::resume(
        &mut app,
        "us-east-1_Change1".into(),
        restored,
        None,
        &mut fx,
    );
    cognito_wizard::app::change::described(
        &mut app,
        "us-east-1_Change1".into(),
        Ok(existing()),
        &mut fx,
    );
    let change = app.change().unwrap();
    assert!(change.meanwhile.is_empty(), "{:?}", change.meanwhile);
    assert_eq!(
        change.plan.diff_lines(),
        ["Policies.PasswordPolicy.MinimumLength: 10 -> 14"]
    );
}

/// The preview pane of a change with nothing to send says so (not blank).
#[test]
fn the_preview_of_no_change_says_there_is_no_call() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('p'));
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("No call: the pool already has every value"),
        "{screen}"
    );
}

/// On Attributes in change mode, a row the pool has (it can never change)
/// is offered no key that would edit it; adding a custom one still is.
#[test]
fn attributes_offers_no_edit_on_a_fixed_row() {
    let mut app = app_with_sign_in();
    app.go(StepId::Attributes);
    let screen = draw(&app, (120, 40));
    let footer: String = screen.lines().rev().take(3).collect::<Vec<_>>().join("\n");
    assert!(!footer.contains("Space toggle"), "{footer}");
    assert!(!footer.contains("d delete"), "{footer}");
    assert!(footer.contains("a add custom"), "{footer}");
}

/// Text typed into a number field of the pool's group that is no number
/// is the operator's own, never the pool's: an error, and nothing sent.
#[test]
fn typed_text_in_a_pool_s_part_that_is_no_number_is_an_error() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    retype(&mut app, "five");
    assert!(
        app.problems()
            .iter()
            .any(|p| p.is_error() && p.path == "CreateGroup[0].Precedence"),
        "{:?}",
        app.problems()
    );
}
