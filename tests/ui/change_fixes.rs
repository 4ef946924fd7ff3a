//! Change mode, acceptance fixes (issue 14): Review's whole list reachable
//! after a concurrent change, undo and redo restoring change mode with the
//! values.

use super::*;
use cognito_wizard::update::send::Sent;

/// `changed_app` after a send found the pool changed by someone else in
/// many members: Review lists theirs above the diff.
fn after_their_change() -> App {
    let mut app = changed_app();
    let mut theirs = existing();
    let pool = &mut theirs.user_pool;
    pool["DeletionProtection"] = json!("ACTIVE");
    pool["Policies"]["PasswordPolicy"]["RequireLowercase"] = json!(true);
    pool["Policies"]["PasswordPolicy"]["RequireNumbers"] = json!(true);
    pool["Policies"]["PasswordPolicy"]["RequireSymbols"] = json!(true);
    pool["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"] = json!(3);
    pool["EmailVerificationSubject"] = json!("Your code");
    pool["SmsAuthenticationMessage"] = json!("Code {####}");
    pool["UserPoolTags"] = json!({"team": "platform", "env": "prod", "cost": "42"});
    let now = LivePool::from_described(&theirs).expect("their pool");
    let sent = Sent::PoolChanged {
        now: Box::new(now),
        described: Box::new(theirs),
    };
    cognito_wizard::app::change::sent(&mut app, sent, &mut Vec::new());
    assert!(app.change().unwrap().meanwhile.len() >= 8);
    app
}

/// At both sizes the top of Review (what someone else changed) is on
/// screen with a marker of what is below; ↓ to the end shows the last
/// problem with a marker of what is above; Home is the top again.
#[test]
fn review_after_a_concurrent_change_scrolls_from_its_top_to_its_end() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = after_their_change();
        app.update(Action::Resize(w, h));
        let top = draw(&app, (w, h));
        assert!(top.contains("Changed by someone else"), "{top}");
        assert!(top.contains("RequireLowercase: false -> true"), "{top}");
        assert!(top.contains("more"), "a marker says what is below: {top}");
        insta::assert_snapshot!(format!("change_review_theirs_{w}x{h}"), top);
        for _ in 0..60 {
            press(&mut app, KeyCode::Down);
        }
        let end = draw(&app, (w, h));
        let last = &app.problems().last().expect("problems").path;
        assert!(
            end.contains(&format!("! {last}")),
            "the last problem: {end}"
        );
        assert!(end.contains("↑"), "a marker says what is above: {end}");
        assert!(!end.contains("Changed by someone else"), "{end}");
        press(&mut app, KeyCode::Home);
        assert!(draw(&app, (w, h)).contains("Changed by someone else"));
    }
}

/// Enter on a line of the diff goes to where that member is edited.
#[test]
fn enter_on_a_diff_line_goes_to_its_field() {
    let mut app = changed_app();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.step(), StepId::Password);
}

fn redo(app: &mut App) {
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::CONTROL,
    )));
}

/// The calls Review plans: change mode's, or a new pool's.
fn planned(app: &App) -> Vec<String> {
    app.preview().iter().map(|(op, _)| op.clone()).collect()
}

/// A preset chosen in change mode, then Ctrl+Z: the pool's draft comes
/// back in change mode (its edit an UpdateUserPool on that pool, never a
/// CreateUserPool of a second pool); Ctrl+Y: the preset as a new pool.
#[test]
fn undoing_a_preset_brings_back_change_mode_with_the_pools_values() {
    let mut app = changed_app();
    app.go(StepId::Start);
    choose_first_preset(&mut app);
    assert!(app.change().is_none(), "a preset is a new pool");
    assert_eq!(planned(&app)[0], "CreateUserPool");
    undo(&mut app);
    let change = app.change().expect("change mode is back with the values");
    assert_eq!(change.live.id, "us-east-1_Change1");
    assert_eq!(
        change.plan.diff_lines(),
        ["Policies.PasswordPolicy.MinimumLength: 10 -> 14"]
    );
    assert_eq!(planned(&app), ["UpdateUserPool"]);
    redo(&mut app);
    assert!(app.change().is_none(), "the preset again: a new pool");
    assert_eq!(planned(&app)[0], "CreateUserPool");
}

/// Loading a pool by id, Ctrl+Z (the draft before it, a new pool), Ctrl+Y:
/// the pool again, in change mode (its values are not planned as a new
/// pool of the same name).
#[test]
fn redoing_the_load_of_a_pool_brings_back_change_mode() {
    let mut app = loaded_app();
    assert!(
        !app.has_unkept_changes(),
        "a pool as loaded is nothing to keep"
    );
    undo(&mut app);
    assert!(app.change().is_none());
    assert_eq!(app.doc().create.pool_name, None);
    redo(&mut app);
    let change = app.change().expect("change mode again");
    assert_eq!(change.live.id, "us-east-1_Change1");
    assert!(!change.plan.has_changes(), "the pool as it is: no change");
    assert!(planned(&app).is_empty(), "no call: {:?}", planned(&app));
}

/// A group added on the Groups step in change mode, for a pool whose own
/// groups were not read, is not dropped from the change unseen: Review
/// names it as an error (a duplicate could not be told), and `s` sends
/// nothing.
#[test]
fn a_group_added_when_the_pools_groups_are_unknown_is_an_error_not_dropped() {
    let mut app = changed_app();
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    app.go(StepId::Review);
    let error = app
        .problems()
        .iter()
        .find(|p| p.path == "CreateGroup")
        .expect("the group is named");
    assert!(
        error.is_error() && error.message.contains("CreateGroup \"group1\""),
        "{error}"
    );
    assert!(app.preview().is_empty(), "no call: {:?}", planned(&app));
    let mut fx = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::NONE,
    )));
    fx.retain(|e| matches!(e, Effect::SendChange { .. }));
    assert!(fx.is_empty(), "nothing sent");
    assert!(app.modal().is_none(), "no confirmation");
}

/// The pool's feature plan as described is the pool's value on Security;
/// a pool that does not describe one (moto) is said so: never "(default)",
/// a new pool's.
#[test]
fn the_pools_tier_is_shown_as_its_value_not_a_default() {
    let tier_row = |tier: Option<&str>| {
        let mut app = App::new(Session::default());
        let mut pool = existing();
        if let Some(tier) = tier {
            pool.user_pool["UserPoolTier"] = json!(tier);
        }
        cognito_wizard::app::change::described(
            &mut app,
            "us-east-1_Change1".into(),
            Ok(pool),
            &mut Vec::new(),
        );
        app.go(StepId::Security);
        let screen = draw(&app, (120, 40));
        let row = screen.lines().find(|l| l.contains("Feature plan"));
        row.expect("the tier's row").to_owned()
    };
    let described = tier_row(Some("PLUS"));
    assert!(
        described.contains("PLUS") && !described.contains("(default)"),
        "{described}"
    );
    let unsaid = tier_row(None);
    assert!(!unsaid.contains("(default)"), "{unsaid}");
    assert!(unsaid.contains("not described"), "{unsaid}");
}

/// Untouched members that cannot change are no problem on Review (no
/// warning on every change); the reason stays at the field.
#[test]
fn read_only_members_are_no_warning_until_changed() {
    let mut app = changed_app();
    let noise: Vec<String> = app
        .problems()
        .iter()
        .filter(|p| p.message.contains("read-only") || p.message.contains("needs a new pool"))
        .map(|p| p.to_string())
        .collect();
    assert!(noise.is_empty(), "{noise:?}");
    let review = draw(&app, (120, 40));
    assert!(!review.contains("read-only"), "{review}");
    app.go(StepId::SignIn);
    while cognito_wizard::app::form::focused(&app).map(|f| f.path) != Some("UsernameAttributes") {
        press(&mut app, KeyCode::Tab);
    }
    let field = draw(&app, (120, 40));
    assert!(
        field.contains("read-only: cannot change after the pool"),
        "{field}"
    );
}

/// A send that failed lists each call as it went: the ones made, the one
/// the service refused (sent: never "No call was made"), those not sent.
#[test]
fn a_failed_send_lists_the_calls_made() {
    use cognito_wizard::api::{ApiError, ErrorKind};
    use cognito_wizard::update::apply::ApplyFailure;
    let result = |done: Vec<&'static str>, operation: &'static str, not_sent: &[&str]| {
        let mut app = changed_app();
        let error = ApiError::new(ErrorKind::Setup, "TagResource is not available here");
        let failure = ApplyFailure {
            done: done.iter().map(|d| d.to_string()).collect(),
            operation,
            call: operation.to_owned(),
            not_sent: not_sent.iter().map(|d| d.to_string()).collect(),
            error,
        };
        cognito_wizard::app::change::sent(&mut app, Sent::Failed(failure), &mut Vec::new());
        assert_eq!(app.step(), StepId::Result);
        draw(&app, (120, 40))
    };
    let first = result(Vec::new(), "UpdateUserPool", &["CreateGroup \"staff\""]);
    assert!(!first.contains("No call was made"), "{first}");
    assert!(
        first.contains("UpdateUserPool: sent, and it failed"),
        "{first}"
    );
    assert!(first.contains("CreateGroup \"staff\": not sent"), "{first}");
    let later = result(
        vec!["UpdateUserPool", "SetUserPoolMfaConfig"],
        "TagResource",
        &[],
    );
    for line in [
        "UpdateUserPool: done ✓",
        "SetUserPoolMfaConfig: done ✓",
        "TagResource: sent, and it failed",
    ] {
        assert!(later.contains(line), "{line}: {later}");
    }
}

/// `?` on Review in change mode explains the change (the diff, the
/// update's calls), not a new pool's CreateUserPool.
#[test]
fn help_on_review_in_change_mode_describes_the_change() {
    let mut app = changed_app();
    app.update(Action::Resize(120, 40));
    press(&mut app, KeyCode::Char('?'));
    let help = draw(&app, (120, 40));
    assert!(
        help.contains("Changing an existing pool: the diff"),
        "{help}"
    );
    assert!(!help.contains("CreateUserPool and, when TOTP"), "{help}");
}

/// A change-mode draft resumed after someone else changed the pool,
/// a member the draft changes among theirs: Review lists their changes
/// above the diff, and the status names the member both changed, theirs
/// -> yours (yours kept).
#[test]
fn resuming_says_which_member_both_you_and_someone_else_changed() {
    use cognito_wizard::app::draft::Restored;
    use cognito_wizard::model::load::{from_described, Loaded};
    let as_doc = |described: &DescribedPool| match from_described(described).unwrap().loaded {
        Loaded::Pool(doc) => doc,
        other => panic!("{other:?}"),
    };
    let base = as_doc(&existing());
    let mut draft = base.clone();
    let policy = draft.create.policies.as_mut().unwrap();
    policy.password_policy.as_mut().unwrap().minimum_length = Some(14);
    let mut now = existing();
    now.user_pool["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(12);
    now.user_pool["DeletionProtection"] = json!("ACTIVE");
    let restored = Restored {
        doc: draft,
        raw: Default::default(),
        step: StepId::Review,
        secrets_omitted: Vec::new(),
        change_pool: Some("us-east-1_Change1".into()),
        change_base: Some(base),
    };
    let mut app = App::new(Session::default());
    let mut fx = Vec::new();
    let id = "us-east-1_Change1".to_owned();
    cognito_wizard::app::change::resume(&mut app, id.clone(), restored, None, &mut fx);
    cognito_wizard::app::change::described(&mut app, id, Ok(now), &mut fx);
    let status = app.status().expect("said").to_owned();
    assert!(
        status.contains("someone else changed what the draft changes too"),
        "{status}"
    );
    assert!(
        status.contains("Policies.PasswordPolicy.MinimumLength: 12 -> 14"),
        "{status}"
    );
    let review = draw(&app, (120, 40));
    assert!(review.contains("Changed by someone else"), "{review}");
    assert!(
        review.contains("DeletionProtection: (none) -> \"ACTIVE\""),
        "{review}"
    );
    assert!(
        review.contains("~ Policies.PasswordPolicy.MinimumLength: 12 -> 14"),
        "{review}"
    );
}
