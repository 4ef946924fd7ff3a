//! "Try a sign-in" on the Result step, once a pool with app clients exists:
//! asks for a username and a password (masked), signs in with the plan's
//! client through `sign_in::wizard_sign_in` as a background call, answers
//! NEW_PASSWORD_REQUIRED with a new password it asks for, and says whether
//! signing in works. The passwords live only until the try ends: never in
//! the draft, never printed (their `Debug` is a mask), and no token is kept.

use crate::sign_in::{Password, SignInError, SignInReport, WizardSignIn};

use super::modal::{Modal, Prompt, PromptFor};
use super::msg::Effect;
use super::{App, InFlight, Outcome};

/// What the Result step knows of the try in progress, and how the last one
/// ended.
#[derive(Default)]
pub struct SignInTry {
    username: String,
    /// The client chosen at the prompt (Tab), when several allow a
    /// password flow; else the first that does.
    client: Option<String>,
    password: Option<Password>,
    /// How the last try ended: whether sign-in works, and in words.
    pub said: Option<(bool, String)>,
}

impl std::fmt::Debug for SignInTry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInTry")
            .field("username", &self.username)
            .field("client", &self.client)
            .field("password", &self.password)
            .field("said", &self.said)
            .finish()
    }
}

/// The pool a try signs in to: the one created, also when a later call of
/// its plan failed.
fn pool_of(app: &App) -> Option<&crate::api::CreatedPool> {
    match &app.outcome {
        Some(Outcome::Created(pool)) => Some(pool),
        Some(Outcome::Failed(failure)) => failure.created.as_ref(),
        None => None,
    }
}

/// The submitted plan's clients that exist: all of them once the plan
/// succeeded, those whose call succeeded after a failure.
fn made_clients(app: &App) -> Vec<&crate::model::CreateUserPoolClientRequest> {
    let Some(plan) = app.submitted.as_ref() else {
        return Vec::new();
    };
    plan.clients
        .iter()
        .filter(|c| super::review::was_made(app, "CreateUserPoolClient", c.name()))
        .collect()
}

fn allows_password(client: &crate::model::CreateUserPoolClientRequest) -> bool {
    let flows = client.explicit_auth_flows.clone().unwrap_or_default();
    crate::sign_in::password_flow(&flows).is_ok()
}

/// The made clients a try can sign in with (a password flow), by name.
fn testable(app: &App) -> Vec<String> {
    made_clients(app)
        .into_iter()
        .filter(|c| allows_password(c))
        .map(|c| c.name().to_owned())
        .collect()
}

/// The client a try signs in with: the one chosen at the prompt, else the
/// first of the submitted plan's that allows a password flow (what
/// `test-sign-in` runs), else its first (the answer then says which flow
/// to add).
fn client_name(app: &App) -> Option<String> {
    let testable = testable(app);
    if let Some(chosen) = app.sign_in.client.as_ref().filter(|c| testable.contains(c)) {
        return Some(chosen.clone());
    }
    testable
        .into_iter()
        .next()
        .or_else(|| made_clients(app).first().map(|c| c.name().to_owned()))
}

/// Tab at the username prompt: the next client that allows a password flow.
pub fn next_client(app: &mut App) {
    let testable = testable(app);
    let current = client_name(app);
    let at = testable.iter().position(|c| Some(c) == current.as_ref());
    if let Some(next) = at.map(|i| testable[(i + 1) % testable.len()].clone()) {
        app.sign_in.client = Some(next);
    }
    let hint = client_hint(app);
    if let Some(Modal::Prompt(prompt)) = &mut app.modal {
        prompt.hint = hint;
    }
}

/// `With the app client web-app (Tab: another of 2)`, for the prompt.
fn client_hint(app: &App) -> Option<String> {
    let client = client_name(app)?;
    let choices = testable(app).len();
    Some(if choices > 1 {
        format!(
            "With the app client {client} (Tab: another of the {choices} that allow a password)"
        )
    } else {
        format!("With the app client {client}")
    })
}

/// Why `t` cannot try a sign-in: the plan made its pool without an app
/// client, or it failed before anything (or any client) was created.
fn why_not(app: &App) -> Option<String> {
    let failure = match &app.outcome {
        Some(Outcome::Failed(failure)) => failure,
        Some(Outcome::Created(_)) => {
            return Some(
                "The plan created no app client: there is no app client to sign in with (a pool's users sign in through one)."
                    .into(),
            )
        }
        None => return None,
    };
    Some(if failure.created.is_none() {
        format!(
            "Nothing was created ({} failed): there is no pool to sign in to; r retries the plan.",
            failure.call
        )
    } else {
        format!(
            "No app client was created before {} failed: r retries the plan, then t tries a sign-in.",
            failure.call
        )
    })
}

/// Why no client of the submitted plan can be tried here, naming the one
/// that would be used: none allows a password flow.
fn no_testable_flow(app: &App) -> Option<String> {
    let clients = made_clients(app);
    let first = clients.first()?;
    let testable = clients.iter().any(|c| {
        crate::sign_in::password_flow(&c.explicit_auth_flows.clone().unwrap_or_default()).is_ok()
    });
    if testable {
        return None;
    }
    let flows = first.explicit_auth_flows.clone().unwrap_or_default();
    let why = crate::sign_in::password_flow(&flows)
        .err()
        .map_or_else(String::new, |e| e.to_string());
    Some(crate::sanitize::clean(&format!(
        "Cannot be tried here with {} (not a sign-in that fails): {why}; on App clients, tick ALLOW_USER_PASSWORD_AUTH.",
        first.name()
    ))
    .into_owned())
}

/// A pool other than the one tried: the last try's username and words are
/// not carried to it.
pub(super) fn new_pool(app: &mut App, pool_id: &str) {
    let same = matches!(&app.outcome, Some(Outcome::Created(p)) if p.id == pool_id);
    if !same {
        app.sign_in = SignInTry::default();
    }
}

/// Whether the Result step offers a try: a pool was created with clients
/// (the whole plan, or up to a later call that failed).
pub fn available(app: &App) -> bool {
    app.change.is_none() && pool_of(app).is_some() && client_name(app).is_some()
}

/// `t`: asks as whom. When no client of the plan allows a password flow,
/// says so before asking anything (the flows the client has cannot be
/// tried here; that is not a sign-in that does not work) and what to add.
pub fn start(app: &mut App) {
    if !available(app) {
        if let Some(why) = why_not(app).filter(|_| app.change.is_none()) {
            app.set_status(why);
        }
        return;
    }
    if let Some(why) = no_testable_flow(app) {
        app.sign_in.said = Some((false, why));
        return;
    }
    app.sign_in.password = None;
    let last = app.sign_in.username.clone();
    let mut prompt = Prompt::new(PromptFor::SignInUser, &last);
    prompt.hint = client_hint(app);
    app.modal = Some(Modal::Prompt(prompt));
}

/// A prompt of the try was answered.
pub fn answered(app: &mut App, purpose: PromptFor, text: String, fx: &mut Vec<Effect>) {
    match purpose {
        PromptFor::SignInUser => {
            app.sign_in.username = text;
            app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::SignInPassword, "")));
        }
        PromptFor::SignInPassword => {
            app.sign_in.password = Some(Password(text));
            send(app, None, fx);
        }
        PromptFor::SignInNewPassword => match policy_refusal(app, &text) {
            Some(why) => {
                app.modal = Some(Modal::Prompt(Prompt::refused(purpose, &text, why)));
            }
            None => send(app, Some(Password(text)), fx),
        },
        _ => {}
    }
}

/// What a new password lacks under the pool's password policy (the plan's,
/// as the invitation form checks a temporary one), so that Cognito is not
/// asked with a password it would refuse: said at the prompt.
fn policy_refusal(app: &App, password: &str) -> Option<String> {
    let plan = app.submitted.as_ref()?;
    let policy = crate::validate::PoolFacts::from_request(&plan.create).password_policy;
    crate::validate::password::policy_refusal(password, &policy)
}

fn send(app: &mut App, new_password: Option<Password>, fx: &mut Vec<Effect>) {
    let (Some(pool), Some(client_name), Some(password)) = (
        pool_of(app).cloned(),
        client_name(app),
        app.sign_in.password.clone(),
    ) else {
        return;
    };
    let id = app.next_task();
    app.call = Some(InFlight {
        id,
        label: format!("Signing in as {} with {client_name}", app.sign_in.username),
    });
    fx.push(Effect::TrySignIn {
        id,
        request: Box::new(WizardSignIn {
            user_pool_id: pool.id,
            client_name,
            username: app.sign_in.username.clone(),
            password,
            new_password,
        }),
    });
}

/// The try ended: in words on the Result step; a new password asked for
/// when Cognito wants one.
pub fn finished(app: &mut App, result: Result<SignInReport, SignInError>) {
    let user = app.sign_in.username.clone();
    let client = client_name(app).unwrap_or_default();
    let said = match result {
        Ok(report) => {
            let answered = if report.challenges_answered.is_empty() {
                String::new()
            } else {
                format!(" after {}", report.challenges_answered.join(", "))
            };
            (
                report.sign_in == "works",
                format!(
                    "Sign-in {} for {user} with {client} ({}){answered}: tokens received: {} (not shown).",
                    report.sign_in,
                    report.flow,
                    report.tokens_received.join(", ")
                ),
            )
        }
        // The only password not given is the new one: ask for it.
        Err(SignInError::NoPassword(_)) => {
            app.modal = Some(Modal::Prompt(Prompt::new(PromptFor::SignInNewPassword, "")));
            return;
        }
        Err(e) => (
            false,
            format!(
                "Sign-in does not work for {user} with {client}: {}",
                crate::sanitize::clean(&e.to_string())
            ),
        ),
    };
    app.sign_in.password = None;
    app.sign_in.said = Some(said);
}
