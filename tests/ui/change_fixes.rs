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
