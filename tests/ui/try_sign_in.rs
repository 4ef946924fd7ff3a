//! "Try a sign-in" on the Result step: offered only when the plan made an
//! app client; the password is masked on screen and in every `Debug`; a
//! NEW_PASSWORD_REQUIRED answer asks for a new password and tries again;
//! the outcome is said in words, never with tokens.

use super::screens::{created_pool, submitted};
use super::*;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::app::{Action, TaskOutcome};
use cognito_wizard::sign_in::{SignInError, SignInReport};

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn draw(app: &App) -> String {
    super::screens::draw(app, (120, 40))
}

/// A created pool whose plan had the single-page client.
fn created_with_client() -> App {
    let mut app = App::new(Session::default());
    press(&mut app, KeyCode::Enter);
    app.go(StepId::AppClients);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    submitted(&mut app, Ok(created_pool()));
    app
}

/// The TrySignIn effect among `fx`: its id and the request's Debug text.
fn sign_in_effect(fx: &[Effect]) -> (u64, String) {
    fx.iter()
        .find_map(|e| match e {
            Effect::TrySignIn { id, request } => Some((*id, format!("{request:?}"))),
            _ => None,
        })
        .expect("a sign-in is sent")
}

#[test]
fn the_key_is_offered_only_when_the_plan_made_a_client() {
    let mut without = App::new(Session::default());
    press(&mut without, KeyCode::Enter);
    submitted(&mut without, Ok(created_pool()));
    assert!(!draw(&without).contains("try a sign-in"));
    press(&mut without, KeyCode::Char('t'));
    assert!(without.modal().is_none(), "t does nothing without a client");

    let app = created_with_client();
    let screen = draw(&app);
    assert!(screen.contains("t try a sign-in"), "{screen}");
    assert!(
        screen.contains("Try a sign-in with the new app client (t)"),
        "{screen}"
    );
}

#[test]
fn the_password_is_masked_and_a_new_one_is_asked_for_when_cognito_wants_it() {
    let mut app = created_with_client();
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "alice");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Temp-Secret-1");
    let screen = draw(&app);
    assert!(
        !screen.contains("Temp-Secret-1"),
        "typed in the open:\n{screen}"
    );
    assert!(screen.contains("•••••"), "{screen}");
    assert!(!format!("{app:?}").contains("Temp-Secret-1"));
    let fx = press(&mut app, KeyCode::Enter);
    let (id, request) = sign_in_effect(&fx);
    assert!(
        request.contains("alice") && request.contains("web-app"),
        "{request}"
    );
    assert!(!request.contains("Temp-Secret-1"), "{request}");

    // Cognito asks for a new password: the wizard asks, then tries again.
    app.update(Action::Task(
        id,
        TaskOutcome::SignedIn(Err(SignInError::NoPassword("NEW_PASSWORD_REQUIRED".into()))),
    ));
    let screen = draw(&app);
    assert!(
        screen.contains("Cognito asks for a new password"),
        "{screen}"
    );
    type_text(&mut app, "Final-Secret-2");
    let fx = press(&mut app, KeyCode::Enter);
    let (id, request) = sign_in_effect(&fx);
    assert!(!request.contains("Final-Secret-2"), "{request}");
    app.update(Action::Task(
        id,
        TaskOutcome::SignedIn(Ok(SignInReport {
            sign_in: "works",
            flow: "USER_PASSWORD_AUTH".into(),
            challenges_answered: vec!["NEW_PASSWORD_REQUIRED".into()],
            tokens_received: vec!["AccessToken".into(), "IdToken".into()],
            tokens: None,
        })),
    ));
    let screen = draw(&app);
    assert!(
        screen.contains("Sign-in works for alice (USER_PASSWORD_AUTH) after NEW_PASSWORD_REQUIRED"),
        "{screen}"
    );
    assert!(!format!("{app:?}").contains("Final-Secret-2"), "dropped");
}

#[test]
fn a_refusal_is_said_in_words() {
    let mut app = created_with_client();
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "bob");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "wrong");
    let fx = press(&mut app, KeyCode::Enter);
    let (id, _) = sign_in_effect(&fx);
    app.update(Action::Task(
        id,
        TaskOutcome::SignedIn(Err(SignInError::Failed(
            "NotAuthorizedException: Incorrect username or password.".into(),
        ))),
    ));
    let screen = draw(&app);
    assert!(
        screen.contains("Sign-in does not work for bob: NotAuthorizedException"),
        "{screen}"
    );
}
