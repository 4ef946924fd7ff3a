//! Change mode, the pool's own app clients, domain and groups (issue 14):
//! listed read-only on their steps with the reason at the row, above the
//! new ones; Enter and d on one do nothing but say why, and no call is
//! planned for them.

use super::*;
use cognito_wizard::model::client::CreateUserPoolClientRequest;
use cognito_wizard::model::describe_plan::DescribedSignIn;
use cognito_wizard::model::domain::CreateGroupRequest;
use cognito_wizard::update::sign_in::existing_reason;

/// The wizard on [`existing`]'s pool, which has the client "web", the
/// group "staff" and the domain "login".
fn app_with_sign_in() -> App {
    let mut app = App::new(Session::default());
    let sign_in = DescribedSignIn {
        clients: vec![json!({"ClientName": "web", "ClientId": "web-client-id"})],
        resource_servers: Vec::new(),
        domain: Some(json!({"Domain": "login"})),
        groups: vec![json!({"GroupName": "staff"})],
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
fn said(app: &App) -> String {
    app.status().cloned().unwrap_or_default()
}

/// Groups in change mode: the pool's group listed read-only above the way
/// to add one, with the reason for the focused row; at both sizes.
#[test]
fn groups_step_lists_the_pool_s_groups_read_only_at_both_sizes() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    for (w, h) in [(80, 24), (120, 40)] {
        app.update(Action::Resize(w, h));
        let screen = draw(&app, (w, h));
        assert!(screen.contains("▶ = staff"), "{screen}");
        assert!(screen.contains("in the pool, read-only"), "{screen}");
        assert!(
            screen.contains("staff: read-only: exists in the pool"),
            "{screen}"
        );
        assert!(screen.contains("+ add a group (a)"), "{screen}");
        insta::assert_snapshot!(format!("change_groups_existing_{w}x{h}"), screen);
    }
}

/// d and Enter on the pool's group say why and change nothing; a group
/// added is listed below it and is the only call.
#[test]
fn an_existing_group_cannot_be_removed_or_opened() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Char('d'));
    assert!(
        said(&app).contains(&format!(
            "Group \"staff\" is read-only: {}",
            existing_reason("update-group")
        )),
        "{}",
        said(&app)
    );
    press(&mut app, KeyCode::Enter);
    assert!(said(&app).contains("is read-only"), "{}", said(&app));
    assert_eq!(
        cognito_wizard::app::plan_steps::open_entry(&app),
        None,
        "Enter opened no form"
    );
    assert!(!app.change().unwrap().plan.has_changes());
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let screen = draw(&app, (120, 40));
    let (staff, added) = (screen.find("= staff"), screen.find("group1"));
    assert!(
        staff.is_some() && added.is_some() && staff < added,
        "{screen}"
    );
    let plan = &app.change().unwrap().plan;
    assert_eq!(plan.diff_lines(), ["CreateGroup: group1"]);
}

/// App clients lists the pool's client (with its id) read-only; Domain
/// shows the pool's domain read-only and a new one cannot be switched on.
#[test]
fn app_clients_and_domain_show_the_pool_s_own_read_only() {
    let mut app = app_with_sign_in();
    app.go(StepId::AppClients);
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("▶ = web"), "{screen}");
    assert!(
        screen.contains("web (id web-client-id): read-only"),
        "{screen}"
    );
    press(&mut app, KeyCode::Delete);
    assert!(
        said(&app).contains("App client \"web\" is read-only"),
        "{}",
        said(&app)
    );
    app.go(StepId::Domain);
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("login · exists in the pool (read-only)"),
        "{screen}"
    );
    assert!(
        screen.contains("has the domain \"login\" and a pool has one"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char(' '));
    assert!(said(&app).contains("is read-only"), "{}", said(&app));
    assert!(app.doc().domain.is_none(), "no domain switched on");
    assert!(!app.change().unwrap().plan.has_changes());
}

/// Against moto: a pool with the group "staff" and the client "web",
/// opened with `--pool`: Groups and App clients list them as existing; d on
/// the group says why and changes nothing (Review: no call; the pool keeps
/// its one group).
#[tokio::test]
async fn moto_wizard_lists_the_pool_s_group_and_client_as_existing() {
    let api = moto_api().await;
    let (id, _) = moto_pool(&api, "wizard-existing").await;
    let group: CreateGroupRequest =
        serde_json::from_value(json!({"GroupName": "staff", "UserPoolId": id})).unwrap();
    api.create_group(group).await.expect("group made");
    let client: CreateUserPoolClientRequest =
        serde_json::from_value(json!({"ClientName": "web", "UserPoolId": id})).unwrap();
    api.create_user_pool_client(client)
        .await
        .expect("client made");
    let app = wizard_on(&api, &id, "wizard-existing", |mut d, _, _| async move {
        d.wait_for("Changing pool").await;
        d.wait_for("▶ Pool name").await;
        for _ in StepId::SignIn.index()..StepId::AppClients.index() {
            d.key(KeyCode::PageDown);
        }
        let screen = d.wait_for("▶ = web").await;
        assert!(screen.contains("in the pool, read-only"), "{screen}");
        for _ in StepId::AppClients.index()..StepId::Groups.index() {
            d.key(KeyCode::PageDown);
        }
        let screen = d.wait_for("▶ = staff").await;
        assert!(
            screen.contains("staff: read-only: exists in the pool"),
            "{screen}"
        );
        d.key(KeyCode::Char('d'));
        d.wait_for("Group \"staff\" is read-only").await;
        d.review().await;
        d.wait_for("No change: the pool already has every value shown")
            .await;
    })
    .await;
    let change = app.change().expect("in change mode");
    assert!(!change.plan.has_changes(), "{:?}", change.plan.diff_lines());
    assert!(change.plan.calls.is_empty());
    let groups = api.list_group_names(id).await.expect("listed");
    assert_eq!(groups, ["staff"]);
}

/// A send that failed part-way: the group made before the failure is the
/// pool's now (listed as existing, no longer new), so the retry's plan is
/// only the group that was not made: nothing is sent twice.
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
        done: vec!["CreateGroup"],
        operation: "CreateGroup",
        error: ApiError::new(ErrorKind::Network, "connection reset"),
    };
    cognito_wizard::app::change::sent(&mut app, Sent::Failed(failure), &mut Vec::new());
    let plan = &app.change().unwrap().plan;
    assert_eq!(plan.diff_lines(), ["CreateGroup: group2"]);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    let names: Vec<_> = app
        .doc()
        .groups
        .iter()
        .map(|g| g.group_name.clone())
        .collect();
    assert_eq!(names, [Some("group2".to_owned())]);
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.step(), StepId::Review, "r on Result asks to send again");
    app.go(StepId::Groups);
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("= group1"),
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
    assert_eq!(app.doc().groups.len(), 1, "the new group is in the draft");
    assert!(
        app.problems()
            .iter()
            .any(|p| p.is_error() && p.path == "CreateGroup[0].GroupName"),
        "{:?}",
        app.problems()
    );
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("✗ 12 Groups"), "{screen}");
}
