//! Small frictions operators found driving the real binary: what each
//! screen shows and offers now.

use super::*;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::app::Action;
use serde_json::json;

fn press(app: &mut App, code: KeyCode) {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn draw(app: &App, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| cognito_wizard::ui::draw(f, app)).unwrap();
    screen_text(&terminal)
}

/// The wizard in change mode on `pool` (DescribeUserPool) with `mfa`
/// (GetUserPoolMfaConfig), read with no app client, domain or group.
fn changing(pool: serde_json::Value, mfa: Option<serde_json::Value>) -> App {
    let mut app = App::new(Session::default());
    let described = DescribedPool {
        user_pool: pool,
        mfa_config: mfa,
    };
    let sign_in = cognito_wizard::model::describe_plan::DescribedSignIn::default();
    cognito_wizard::app::change::described_with_sign_in(
        &mut app,
        "us-east-1_Fric1".into(),
        Ok((described, Ok(sign_in))),
        &mut Vec::new(),
    );
    assert!(app.change().is_some());
    app
}

fn pool(mfa: &str) -> serde_json::Value {
    json!({
        "Id": "us-east-1_Fric1", "Name": "frictions", "MfaConfiguration": mfa,
        "Arn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Fric1",
        "Policies": {"PasswordPolicy": {"MinimumLength": 10}}
    })
}

/// A pool with MFA ON and no factor (moto describes one): the MFA step
/// shows no factor ticked, also after another edit, and nothing changes.
#[test]
fn mfa_step_of_a_pool_without_a_factor_ticks_none() {
    let mut app = changing(pool("ON"), Some(json!({"MfaConfiguration": "ON"})));
    app.update(Action::Resize(120, 40));
    app.go(StepId::Mfa);
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("‹ ON ›"), "{screen}");
    assert!(!screen.contains("[x]"), "no factor is ticked: {screen}");
    assert!(app.change().unwrap().plan.calls.is_empty());
    app.go(StepId::Password);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    app.go(StepId::Mfa);
    let screen = draw(&app, (120, 40));
    assert!(
        !screen.contains("[x]"),
        "still none after an edit: {screen}"
    );
}

/// The MFA mode (the step's first field) as the draft has it.
fn mfa_mode(app: &App) -> String {
    cognito_wizard::model::MfaChoice::from_document(app.doc()).mode
}

/// → on the MFA mode goes OFF → OPTIONAL → ON → OFF, by how much each asks
/// of a user; ← goes back the same way.
#[test]
fn mfa_mode_cycles_off_optional_on() {
    let mut app = changing(pool("OFF"), Some(json!({"MfaConfiguration": "OFF"})));
    app.go(StepId::Mfa);
    let mut seen = vec![mfa_mode(&app)];
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
        seen.push(mfa_mode(&app));
    }
    assert_eq!(seen, ["OFF", "OPTIONAL", "ON", "OFF"]);
    press(&mut app, KeyCode::Left);
    assert_eq!(mfa_mode(&app), "ON");
}

/// Moving the mode of a pool that is on with no factor ticks none either.
#[test]
fn mfa_mode_of_a_pool_without_a_factor_moves_without_inventing_one() {
    let mut app = changing(pool("ON"), Some(json!({"MfaConfiguration": "ON"})));
    app.go(StepId::Mfa);
    press(&mut app, KeyCode::Left);
    let choice = cognito_wizard::model::MfaChoice::from_document(app.doc());
    assert_eq!(choice.mode, "OPTIONAL");
    assert!(!choice.sms && !choice.totp && !choice.email, "{choice:?}");
}

/// Sets the minimum length on the Password step (the step's first field).
fn set_minimum_length(app: &mut App, value: &str) {
    app.go(StepId::Password);
    press(app, KeyCode::Enter);
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    for c in value.chars() {
        press(app, KeyCode::Char(c));
    }
    press(app, KeyCode::Enter);
}

/// Review's header counts the pool's changed members as members and the
/// calls as calls: a new group is a call, not a member.
#[test]
fn change_review_header_counts_members_and_calls_apart() {
    let mut app = changing(pool("OFF"), None);
    set_minimum_length(&mut app, "14");
    app.go(StepId::Groups);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    app.go(StepId::Review);
    let screen = draw(&app, (120, 40));
    assert!(
        screen.contains("Changes to us-east-1_Fric1: 1 member, 2 calls"),
        "{screen}"
    );
}

/// The footer's keys (the last lines of the screen, `key hint` pairs).
fn footer_text(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len().saturating_sub(2)..].join("\n")
}

/// Each question's footer lists every key it takes, from its keymap: Quit
/// takes d, Replace the draft takes s, a yes / no question only y and n.
#[test]
fn each_question_s_footer_lists_the_keys_it_takes() {
    let mut app = App::new(Session::default());
    press(&mut app, KeyCode::Enter);
    set_minimum_length(&mut app, "13");
    press(&mut app, KeyCode::Char('q'));
    let footer = footer_text(&draw(&app, (120, 40)));
    assert!(footer.contains("y yes"), "{footer}");
    assert!(footer.contains("d discard and quit"), "{footer}");
    assert!(footer.contains("n no"), "{footer}");
    press(&mut app, KeyCode::Char('n'));
    app.go(StepId::Start);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("Replace the draft?"), "{screen}");
    let footer = footer_text(&screen);
    assert!(footer.contains("s save it first"), "{footer}");
    assert!(!footer.contains("discard"), "{footer}");
    press(&mut app, KeyCode::Char('n'));
    app.go(StepId::Review);
    press(&mut app, KeyCode::Char('s'));
    let screen = draw(&app, (120, 40));
    assert!(screen.contains("Create the user pool?"), "{screen}");
    let footer = footer_text(&screen);
    assert!(
        footer.contains("y yes") && footer.contains("n no"),
        "{footer}"
    );
    assert!(
        !footer.contains("save") && !footer.contains("discard"),
        "{footer}"
    );
}

/// An app client's and a group's form list Esc (back to the list) in the
/// footer, from the keymap that handles it; a pool-level form does not.
#[test]
fn client_and_group_forms_offer_esc_back_to_the_list() {
    let mut app = App::new(Session::default());
    press(&mut app, KeyCode::Enter);
    for step in [StepId::AppClients, StepId::Groups] {
        app.go(step);
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
        let footer = footer_text(&draw(&app, (120, 40)));
        assert!(
            footer.contains("Esc back to the list"),
            "{step:?}: {footer}"
        );
        press(&mut app, KeyCode::Esc);
        let footer = footer_text(&draw(&app, (120, 40)));
        assert!(!footer.contains("back to the list"), "{step:?}: {footer}");
    }
    app.go(StepId::Password);
    let footer = footer_text(&draw(&app, (120, 40)));
    assert!(!footer.contains("Esc"), "{footer}");
}

/// Change mode's Review offers `e export` when there are calls (none: no
/// offer, and `e` says so); the export writes each call's body for the AWS
/// CLI and the draft as a plan document that update-pool's planning reads
/// back into the same calls; the status says how to replay it and what
/// secret was left out.
#[tokio::test]
async fn change_mode_exports_the_calls_and_a_plan_that_replays_them() {
    let mut app = changing(pool("OFF"), None);
    app.go(StepId::Review);
    let footer = footer_text(&draw(&app, (120, 40)));
    assert!(!footer.contains("export"), "no change: {footer}");
    press(&mut app, KeyCode::Char('e'));
    assert!(app
        .status()
        .cloned()
        .unwrap_or_default()
        .contains("No change"));
    set_minimum_length(&mut app, "14");
    app.go(StepId::Review);
    let footer = footer_text(&draw(&app, (120, 40)));
    assert!(footer.contains("e export"), "change mode: {footer}");
    let dir = temp_dir("change-export");
    let target = dir.join("change.json");
    let plan = app.change().unwrap().plan.clone();
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let path = target.clone();
    let app = run_wizard(
        app,
        Vec::new(),
        Arc::new(api),
        (120, 40),
        |mut d| async move {
            d.key(KeyCode::Char('e'));
            d.wait_for("update-user-pool.json").await;
            for _ in 0..80 {
                d.key(KeyCode::Backspace);
            }
            d.text(path.to_str().unwrap());
            d.key(KeyCode::Enter);
            d.wait_for("Exported").await;
        },
    )
    .await;
    let said = app.status().cloned().unwrap_or_default();
    assert!(
        said.contains("the .plan.json is your change only, for cognito-wizard update-pool"),
        "{said}"
    );
    let body = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        serde_json::from_str::<serde_json::Value>(&plan.calls[0].json(
            cognito_wizard::model::preview::Layout::Compact,
            cognito_wizard::model::preview::Secrets::Reveal
        ))
        .unwrap()
    );
    let text = std::fs::read_to_string(dir.join("change.plan.json")).unwrap();
    let outcome = cognito_wizard::model::load::load_str(&text, None).unwrap();
    let cognito_wizard::model::load::Loaded::Pool(doc) = outcome.loaded else {
        panic!("a plan document")
    };
    let live = &app.change().unwrap().live;
    let replayed =
        cognito_wizard::update::plan_update_written(live, &doc, outcome.written.as_ref());
    assert_eq!(replayed.calls, plan.calls);
}
