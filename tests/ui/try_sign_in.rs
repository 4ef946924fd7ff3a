//! "Try a sign-in" on the Result step: offered only when the plan made an
//! app client; the password is masked on screen and in every `Debug`; a
//! NEW_PASSWORD_REQUIRED answer asks for a new password (checked against
//! the pool's password policy at its prompt) and tries again;
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

/// A draft with the single-page client (SRP and refresh only).
fn with_srp_client() -> App {
    let mut app = App::new(Session::default());
    press(&mut app, KeyCode::Enter);
    app.go(StepId::AppClients);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    app
}

/// A created pool whose plan had the single-page client, with
/// ALLOW_USER_PASSWORD_AUTH ticked (the flow a try runs).
fn created_with_client() -> App {
    let mut app = with_password_client();
    submitted(&mut app, Ok(created_pool()));
    app
}

/// A draft with the single-page client and ALLOW_USER_PASSWORD_AUTH.
fn with_password_client() -> App {
    let mut app = with_srp_client();
    tick_password_flow(&mut app);
    app
}

/// On a client's form just added: ticks ALLOW_USER_PASSWORD_AUTH, then
/// back to the list.
fn tick_password_flow(app: &mut App) {
    for _ in 0..3 {
        press(app, KeyCode::Tab);
    }
    for _ in 0..5 {
        press(app, KeyCode::Right);
    }
    press(app, KeyCode::Char(' '));
    assert!(app
        .doc()
        .clients
        .last()
        .unwrap()
        .explicit_auth_flows
        .as_ref()
        .is_some_and(|f| f.iter().any(|f| f == "ALLOW_USER_PASSWORD_AUTH")));
    press(app, KeyCode::Esc);
}

/// Two clients allow a password flow: the prompt names the one a try uses,
/// Tab picks the other, and the request and the answer name it.
#[test]
fn with_several_password_clients_the_operator_picks_the_one_tried() {
    let mut app = with_password_client();
    while cognito_wizard::app::plan_steps::List::Clients
        .state(&app)
        .row
        != 1
    {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter); // + add: Single-page again
    press(&mut app, KeyCode::Enter); // its name, web-app-2
    tick_password_flow(&mut app);
    assert_eq!(app.doc().clients.len(), 2);
    submitted(&mut app, Ok(created_pool()));
    press(&mut app, KeyCode::Char('t'));
    let screen = draw(&app);
    assert!(
        screen.contains("With the app client web-app (Tab: another of the 2"),
        "{screen}"
    );
    press(&mut app, KeyCode::Tab);
    let screen = draw(&app);
    assert!(screen.contains("With the app client web-app-2"), "{screen}");
    let (id, request) = answer_as_ana(&mut app);
    assert!(request.contains("\"web-app-2\""), "{request}");
    app.update(Action::Task(
        id,
        TaskOutcome::SignedIn(Err(SignInError::Failed(
            "NotAuthorizedException: no".into(),
        ))),
    ));
    assert!(
        draw(&app).contains("Sign-in does not work for ana with web-app-2"),
        "{}",
        draw(&app)
    );
}

/// The plan failed at `call` after these calls were done (`CreateUserPool`
/// among them: the pool exists).
fn failed_after(done: &[(&str, &str)], operation: &'static str, subject: &str) -> App {
    use cognito_wizard::run::{DoneCall, PlanFailure, Progress};
    let mut app = with_password_client();
    let created = done
        .iter()
        .any(|(op, _)| *op == "CreateUserPool")
        .then(created_pool);
    let progress = Progress {
        pool: created.clone(),
        done: done
            .iter()
            .map(|(operation, subject)| DoneCall {
                operation: (*operation).into(),
                subject: (*subject).into(),
                id: None,
            })
            .collect(),
    };
    submitted(
        &mut app,
        Err(PlanFailure {
            operation,
            call: format!("{operation} \"{subject}\""),
            error: ApiError::service("InternalErrorException", "boom"),
            created,
            progress: Box::new(progress),
        }),
    );
    app
}

/// After a failed plan that made the pool and the client, t and i work for
/// that pool, and the footer offers both.
#[test]
fn after_a_failure_past_the_client_the_made_pool_can_be_tried_and_invited_into() {
    let mut app = failed_after(
        &[
            ("CreateUserPool", "customers"),
            ("CreateUserPoolClient", "web-app"),
        ],
        "CreateGroup",
        "admins",
    );
    let screen = draw(&app);
    assert!(screen.contains("CreateGroup failed"), "{screen}");
    assert!(screen.contains("t try a sign-in"), "{screen}");
    assert!(screen.contains("i invite users"), "{screen}");
    assert!(screen.contains("r retry"), "{screen}");
    press(&mut app, KeyCode::Char('t'));
    let (_, request) = answer_as_ana(&mut app);
    assert!(request.contains("eu-west-1_AbCdEf123"), "{request}");
    assert!(request.contains("web-app"), "{request}");
    let mut app = failed_after(
        &[
            ("CreateUserPool", "customers"),
            ("CreateUserPoolClient", "web-app"),
        ],
        "CreateGroup",
        "admins",
    );
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.step(), StepId::Invite);
    assert_eq!(app.invite().pool_id, "eu-west-1_AbCdEf123");
}

/// Nothing made: i and t are not offered, and pressed they say why; a pool
/// without its client: i works, t says the client was not made.
#[test]
fn after_a_failure_keys_that_cannot_work_say_why() {
    let mut app = failed_after(&[], "CreateUserPool", "customers");
    let screen = draw(&app);
    assert!(!screen.contains("i invite users"), "{screen}");
    assert!(!screen.contains("t try a sign-in"), "{screen}");
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.step(), StepId::Result);
    let screen = draw(&app);
    assert!(
        screen.contains(
            "Nothing was created (CreateUserPool \"customers\" failed): there is no pool to invite"
        ),
        "{screen}"
    );
    t_says(&mut app, "there is no pool to sign in to");

    let mut app = failed_after(
        &[("CreateUserPool", "customers")],
        "CreateUserPoolClient",
        "web-app",
    );
    let screen = draw(&app);
    assert!(screen.contains("i invite users"), "{screen}");
    assert!(!screen.contains("t try a sign-in"), "{screen}");
    t_says(
        &mut app,
        "No app client was created before CreateUserPoolClient",
    );
}

/// A pool created from a plan without app clients: `t` is not offered, and
/// pressed it says there is no app client to sign in with.
#[test]
fn without_app_clients_t_says_there_is_none() {
    let mut app = App::new(Session::default());
    press(&mut app, KeyCode::Enter);
    submitted(&mut app, Ok(created_pool()));
    assert_eq!(app.step(), StepId::Result);
    let screen = draw(&app);
    assert!(!screen.contains("t try a sign-in"), "{screen}");
    t_says(&mut app, "there is no app client to sign in with");
}

/// `t` asks nothing and says `why` on the screen.
fn t_says(app: &mut App, why: &str) {
    press(app, KeyCode::Char('t'));
    assert!(app.modal().is_none(), "nothing is asked");
    let screen = draw(app);
    assert!(screen.contains(why), "{screen}");
}

/// `t` as `user` with a wrong password, which Cognito refuses with `said`.
fn refused_try(app: &mut App, user: &str, said: &str) {
    press(app, KeyCode::Char('t'));
    type_text(app, user);
    press(app, KeyCode::Enter);
    type_text(app, "wrong");
    let fx = press(app, KeyCode::Enter);
    let (id, _) = sign_in_effect(&fx);
    app.update(Action::Task(
        id,
        TaskOutcome::SignedIn(Err(SignInError::Failed(said.into()))),
    ));
}

#[test]
fn a_client_without_a_password_flow_is_said_untestable_before_anything_is_asked() {
    let mut app = with_srp_client();
    submitted(&mut app, Ok(created_pool()));
    press(&mut app, KeyCode::Char('t'));
    assert!(app.modal().is_none(), "nothing is asked");
    let screen = draw(&app);
    assert!(
        screen.contains("Cannot be tried here with web-app"),
        "{screen}"
    );
    assert!(screen.contains("ALLOW_USER_PASSWORD_AUTH"), "{screen}");
    assert!(!screen.contains("Sign-in does not work"), "{screen}");
}

#[test]
fn another_pool_starts_a_fresh_try() {
    let mut app = created_with_client();
    refused_try(&mut app, "alice", "NotAuthorizedException");
    assert!(draw(&app).contains("Sign-in does not work for alice"));
    // The same plan again: a second pool (n would start over; s makes one).
    let mut other = created_pool();
    other.id = "eu-west-1_Other4567".into();
    submitted(&mut app, Ok(other));
    let screen = draw(&app);
    assert!(
        !screen.contains("alice"),
        "pool A's try on pool B:\n{screen}"
    );
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "bob");
    let Some(cognito_wizard::app::modal::Modal::Prompt(prompt)) = app.modal() else {
        panic!("t asks as whom");
    };
    assert_eq!(prompt.text(), "bob", "the last pool's username is not kept");
}

/// At the username prompt: `ana` and a password; the sign-in sent.
fn answer_as_ana(app: &mut App) -> (u64, String) {
    type_text(app, "ana");
    press(app, KeyCode::Enter);
    type_text(app, "Secret-123!");
    let fx = press(app, KeyCode::Enter);
    sign_in_effect(&fx)
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
    // One the pool's policy refuses is not sent: the prompt says why and
    // keeps it (masked) to correct.
    type_text(&mut app, "short");
    let fx = press(&mut app, KeyCode::Enter);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::TrySignIn { .. })),
        "not sent"
    );
    for size in [(80, 24), (120, 40)] {
        let screen = super::screens::draw(&app, size);
        assert!(
            screen.contains("Not sent: the pool's password policy needs at least"),
            "{screen}"
        );
        assert!(!screen.contains("short"), "masked: {screen}");
    }
    for _ in 0.."short".len() {
        press(&mut app, KeyCode::Backspace);
    }
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
        screen.contains(
            "Sign-in works for alice with web-app (USER_PASSWORD_AUTH) after NEW_PASSWORD_REQUIRED"
        ),
        "{screen}"
    );
    assert!(!format!("{app:?}").contains("Final-Secret-2"), "dropped");
}

#[test]
fn a_refusal_is_said_in_words() {
    let mut app = created_with_client();
    refused_try(
        &mut app,
        "bob",
        "NotAuthorizedException: Incorrect username or password.",
    );
    let screen = draw(&app);
    assert!(
        screen.contains("Sign-in does not work for bob with web-app: NotAuthorizedException"),
        "{screen}"
    );
}

/// The username box of a try is labelled: the title says what the try is,
/// the label what to type.
#[test]
fn the_username_box_is_labelled() {
    let mut app = created_with_client();
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "alice");
    let screen = draw(&app);
    assert!(screen.contains("Try a sign-in as the user"), "{screen}");
    assert!(screen.contains("│Username: alice"), "{screen}");
}
