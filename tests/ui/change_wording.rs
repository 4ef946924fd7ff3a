//! Change mode, operator frictions (issue ui2): the footer offers only the
//! keys that do something on the focused row or field, the words are
//! those of a change (not of a new pool), the title keeps where the calls
//! go in view however long the pool's id, and a member the pool does not
//! describe is not shown as a value of its.

use super::existing_parts::{app_with_sign_in, said};
use super::round2::loaded_with;
use super::*;
use cognito_wizard::api::TargetInfo;
use cognito_wizard::app::help;

/// The footer's two lines at 80×24.
fn footer(app: &App) -> String {
    let screen = draw(app, (80, 24));
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - 2..].join("\n")
}

/// Where the calls go (the title's badge): a local emulator at
/// `endpoint`, or AWS.
fn target(app: &mut App, endpoint: Option<&str>) {
    let target = TargetInfo {
        profile: None,
        region: Some("us-east-1".into()),
        endpoint: endpoint.map(str::to_owned),
        account: Some("123456789012".into()),
    };
    app.update(Action::Task(
        999,
        cognito_wizard::app::TaskOutcome::Target(target),
    ));
}

/// The status starts with `start`.
#[track_caller]
fn says(app: &App, start: &str) {
    assert!(said(app).starts_with(start), "{}", said(app));
}

/// `d` is offered on a new group's row only: not on the pool's own (it is
/// refused there), nor on the add row.
#[test]
fn d_is_offered_only_on_rows_it_removes() {
    let mut app = app_with_sign_in();
    app.go(StepId::Groups);
    assert!(!footer(&app).contains("d remove"), "{}", footer(&app));
    press(&mut app, KeyCode::Down);
    assert!(
        !footer(&app).contains("d remove"),
        "add row: {}",
        footer(&app)
    );
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.doc().groups.len(), 2);
    let new_row = draw(&app, (80, 24));
    assert!(new_row.contains("▶   group"), "{new_row}");
    assert!(footer(&app).contains("d remove"), "{}", footer(&app));
    app.go(StepId::AppClients);
    assert!(!footer(&app).contains("d remove"), "{}", footer(&app));
}

/// Enter and Space are not offered on a field that is read-only in change
/// mode (they only say so), and are on one that can change.
#[test]
fn enter_and_space_are_not_offered_on_a_read_only_field() {
    let mut app = app_with_sign_in();
    app.go(StepId::AppClients);
    press(&mut app, KeyCode::Enter);
    let fixed = footer(&app);
    assert!(!fixed.contains("Enter edit"), "client name: {fixed}");
    assert!(!fixed.contains("Space toggle"), "client name: {fixed}");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    let flows = footer(&app);
    assert!(flows.contains("Space toggle"), "auth flows: {flows}");
    app.go(StepId::SignIn);
    assert!(footer(&app).contains("Enter edit"), "pool name");
    press(&mut app, KeyCode::Tab);
    let username = footer(&app);
    assert!(
        !username.contains("Space toggle"),
        "username is: {username}"
    );
    // A new pool's fields are all offered.
    let mut fresh = App::new(Session::default());
    fresh.go(StepId::SignIn);
    press(&mut fresh, KeyCode::Tab);
    assert!(
        footer(&fresh).contains("Space toggle"),
        "{}",
        footer(&fresh)
    );
}

/// The intros of Start, App clients and Groups say what a change does:
/// the pool's own are updated, new ones created, `d` removes only new
/// ones; a new pool keeps its own words. At 80×24 each fits its rows.
#[test]
fn start_and_the_lists_are_worded_for_a_change() {
    let mut app = app_with_sign_in();
    app.go(StepId::Start);
    let fresh = App::new(Session::default());
    assert!(help::for_step(&fresh).starts_with("Pick where the new pool comes from"));
    let start = help::for_step(&app);
    assert!(!start.contains("the new pool comes from"), "{start}");
    assert!(start.contains("goes on changing the pool"), "{start}");
    assert!(start.contains("starts a new pool instead"), "{start}");
    for (step, update, create) in [
        (
            StepId::AppClients,
            "UpdateUserPoolClient",
            "CreateUserPoolClient",
        ),
        (StepId::Groups, "UpdateGroup", "CreateGroup"),
    ] {
        app.go(step);
        let intro = help::for_step(&app);
        assert!(intro.contains(&format!("changed with one {update} call each")));
        assert!(intro.contains(&format!("is one {create} call")), "{intro}");
        assert!(intro.contains("d removes only a new one"), "{intro}");
    }
    for step in [StepId::Start, StepId::AppClients, StepId::Groups] {
        app.go(step);
        let screen = draw(&app, (80, 24));
        let intro: Vec<&str> = screen.lines().skip(1).take(6).collect();
        assert!(
            intro.iter().all(|l| !l.trim_end().ends_with('…')),
            "{step:?}: the intro is cut\n{screen}"
        );
        insta::assert_snapshot!(format!("change_intro_{}_80x24", step.key()), screen);
    }
}

/// Enter on an entry's read-only field names the entry and the field, not
/// the indexed path (`CreateUserPoolClient[0].ClientName`).
#[test]
fn a_read_only_entry_field_is_named_by_its_entry_and_label() {
    use KeyCode::{Char, Enter, Tab};
    let mut app = app_with_sign_in();
    let cases: [(StepId, &[KeyCode], &str); 5] = [
        (
            StepId::AppClients,
            &[Enter, Enter],
            "App client \"web\": Client name",
        ),
        (
            StepId::Groups,
            &[Enter, Char(' ')],
            "Group \"staff\": Group name",
        ),
        (StepId::Domain, &[Char(' ')], "Domain \"login\""),
        (StepId::Domain, &[Tab, Enter], "Domain \"login\": Domain"),
        // A pool member keeps its path, as update-pool and the reasons name it.
        (StepId::SignIn, &[Tab, Char(' ')], "UsernameAttributes"),
    ];
    for (step, keys, named) in cases {
        app.go(step);
        for key in keys {
            press(&mut app, *key);
        }
        says(&app, &format!("{named} is read-only: "));
    }
}

/// A long pool id is cut (its start kept) so that where the calls go stays
/// on the title line at 80 columns; at 120 the id is whole.
#[test]
fn the_title_keeps_the_target_in_view_with_a_long_pool_id() {
    let id = "us-east-1_24c398f9c160489397290c8bb88b6e5a";
    let mut described = super::existing();
    described.user_pool["Id"] = json!(id);
    let mut app = loaded_with(described);
    target(&mut app, Some("http://127.0.0.1:5302"));
    app.go(StepId::Review);
    let title = |app: &App, w: u16| draw(app, (w, 24)).lines().next().unwrap_or("").to_owned();
    let narrow = title(&app, 80);
    assert!(
        narrow
            .trim_end()
            .ends_with("· LOCAL EMULATOR 127.0.0.1:5302"),
        "{narrow}"
    );
    assert!(narrow.contains("CHANGING us-east-1_"), "{narrow}");
    assert!(narrow.contains('…'), "{narrow}");
    let wide = title(&app, 120);
    assert!(wide.contains(&format!("CHANGING {id} ·")), "{wide}");
    assert!(wide.contains("LOCAL EMULATOR 127.0.0.1:5302"), "{wide}");
    // An AWS target: its region and account stay in view too.
    target(&mut app, None);
    let aws = title(&app, 80);
    assert!(
        aws.trim_end()
            .ends_with("· us-east-1 · account 123456789012"),
        "{aws}"
    );
}

/// Case sensitivity the pool does not describe is "not described", as the
/// tier is; one it describes is its value; a new pool's is the default.
#[test]
fn case_sensitivity_the_pool_does_not_describe_is_not_described() {
    let row = |app: &App| {
        draw(app, (120, 40))
            .lines()
            .find(|l| l.contains("Case-sensitive usernames"))
            .unwrap_or("")
            .to_owned()
    };
    let mut app = app_with_sign_in();
    app.go(StepId::SignIn);
    assert!(
        row(&app).contains("not described (new pools: yes)"),
        "{}",
        row(&app)
    );
    let mut described = super::existing();
    described.user_pool["UsernameConfiguration"] = json!({"CaseSensitive": false});
    let mut app = loaded_with(described);
    app.go(StepId::SignIn);
    assert!(row(&app).contains("  no"), "{}", row(&app));
    let mut fresh = App::new(Session::default());
    fresh.go(StepId::SignIn);
    assert!(row(&fresh).contains("yes (default)"), "{}", row(&fresh));
}
