//! `test-sign-in`: does signing in to this client work? Runs the password
//! flow the client allows (`USER_PASSWORD_AUTH`, else the administrator's
//! `ADMIN_USER_PASSWORD_AUTH`), answers `NEW_PASSWORD_REQUIRED` for an
//! invited user when a new password is given, and says whether tokens came
//! back. Passwords come from standard input or a prompt, never a flag;
//! tokens and the client secret are never printed unless asked
//! (`--show-tokens`, tokens only).

use std::collections::HashMap;

use hmac::{KeyInit, Mac};
use serde::Serialize;

use crate::api::{ApiError, AuthAnswer, AuthStep, CognitoApi};

/// What to sign in to, and as whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInTarget {
    pub user_pool_id: String,
    pub client_id: String,
    pub username: String,
}

/// The outcome, as printed (token values only with `--show-tokens`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignInReport {
    pub sign_in: &'static str,
    pub flow: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub challenges_answered: Vec<String>,
    /// The names of the tokens received.
    pub tokens_received: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<HashMap<String, String>>,
}

/// Why the sign-in could not be tested or did not work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    /// The client allows no flow this command runs (exit 1).
    #[error("{0}")]
    NoFlow(String),
    /// A password was needed and none was given (exit 2).
    #[error("{0}")]
    NoPassword(String),
    /// The service refused or a call failed: sign-in does not work (exit 3).
    #[error("{0}")]
    Failed(String),
    /// The new password does not meet the pool's policy: not sent (exit 1).
    #[error("{0}")]
    Refused(String),
}

/// The password flow a client allows: (administrator's API, flow name).
/// Source: API reference, CreateUserPoolClient `ExplicitAuthFlows`
/// (`ALLOW_USER_PASSWORD_AUTH`, `ALLOW_ADMIN_USER_PASSWORD_AUTH`, and the
/// legacy `USER_PASSWORD_AUTH`, `ADMIN_NO_SRP_AUTH`).
pub fn password_flow(flows: &[String]) -> Result<(bool, &'static str), SignInError> {
    let has = |names: &[&str]| flows.iter().any(|f| names.contains(&f.as_str()));
    if has(&["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"]) {
        return Ok((false, "USER_PASSWORD_AUTH"));
    }
    if has(&["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"]) {
        return Ok((true, "ADMIN_USER_PASSWORD_AUTH"));
    }
    let allowed = if flows.is_empty() {
        "none listed (Cognito's default: SRP, custom and refresh-token sign-in)".to_owned()
    } else {
        flows.join(", ")
    };
    Err(SignInError::NoFlow(format!(
        "the client allows {allowed}; test-sign-in runs the password flows: add ALLOW_USER_PASSWORD_AUTH or ALLOW_ADMIN_USER_PASSWORD_AUTH to the client's ExplicitAuthFlows to test with it"
    )))
}

/// SECRET_HASH: Base64(HMAC-SHA256(key: client secret, message: username +
/// client id)). Source: Amazon Cognito Developer Guide, "Computing secret
/// hash values".
pub fn secret_hash(secret: &str, username: &str, client_id: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    aws_smithy_types::base64::encode(mac.finalize().into_bytes())
}

/// Signs in; `password(prompt)` gives the password, then a new one if the
/// user must set it. With `show_tokens`, the report carries the tokens.
pub async fn test_sign_in(
    api: &dyn CognitoApi,
    target: &SignInTarget,
    password: &mut (dyn FnMut(&str) -> Option<String> + Send),
    show_tokens: bool,
) -> Result<SignInReport, SignInError> {
    let failed = |e: ApiError| SignInError::Failed(e.to_string());
    let client = api
        .client_sign_in(target.user_pool_id.clone(), target.client_id.clone())
        .await
        .map_err(failed)?;
    let (admin, flow) = password_flow(&client.explicit_auth_flows)?;
    let mut parameters = HashMap::from([("USERNAME".to_owned(), target.username.clone())]);
    if let Some(secret) = &client.secret {
        let hash = secret_hash(secret, &target.username, &target.client_id);
        parameters.insert("SECRET_HASH".into(), hash);
    }
    let given = password("Password (the temporary one for an invited user): ")
        .ok_or_else(|| SignInError::NoPassword("no password given on standard input".into()))?;
    let mut step = AuthStep {
        user_pool_id: target.user_pool_id.clone(),
        client_id: target.client_id.clone(),
        admin,
        flow_or_challenge: flow.into(),
        session: None,
        parameters: parameters.clone(),
    };
    step.parameters.insert("PASSWORD".into(), given);
    let mut answered = Vec::new();
    loop {
        match api.authenticate(step.clone()).await.map_err(failed)? {
            AuthAnswer::Tokens(tokens) => {
                return Ok(SignInReport {
                    sign_in: if tokens.is_empty() { "no tokens" } else { "works" },
                    flow: flow.into(),
                    challenges_answered: answered,
                    tokens_received: tokens.iter().map(|(n, _)| n.clone()).collect(),
                    tokens: show_tokens.then(|| tokens.into_iter().collect()),
                })
            }
            AuthAnswer::Challenge { name, session } if name == "NEW_PASSWORD_REQUIRED" => {
                if answered.contains(&name) {
                    return Err(SignInError::Failed(
                        "NEW_PASSWORD_REQUIRED came again after the new password was set".into(),
                    ));
                }
                let new = password("New password (the user must set one): ").ok_or_else(|| {
                    SignInError::NoPassword(
                        "the user must set a new password (NEW_PASSWORD_REQUIRED): give it on the next line of standard input".into(),
                    )
                })?;
                if let Some(why) = policy_refusal(api, &target.user_pool_id, &new).await {
                    return Err(SignInError::Refused(why));
                }
                let mut responses = parameters.clone();
                responses.insert("NEW_PASSWORD".into(), new);
                step = AuthStep {
                    flow_or_challenge: name.clone(),
                    session,
                    parameters: responses,
                    ..step
                };
                answered.push(name);
            }
            AuthAnswer::Challenge { name, .. } => {
                return Err(SignInError::Failed(format!(
                    "the password is accepted, then Cognito asks for {name}, which test-sign-in does not answer (MFA or a custom challenge): sign in with an app to finish"
                )))
            }
        }
    }
}

/// What a new password lacks under the pool's own policy (DescribeUserPool),
/// checked before it is sent as the invitation form checks a temporary one.
/// When the pool cannot be described, Cognito's answer says.
async fn policy_refusal(api: &dyn CognitoApi, pool_id: &str, new: &str) -> Option<String> {
    use crate::model::load::{from_described, Loaded};
    let described = api.describe_user_pool(pool_id.to_owned()).await.ok()?;
    let Loaded::Pool(doc) = from_described(&described).ok()?.loaded else {
        return None;
    };
    let policy = crate::validate::PoolFacts::from_request(&doc.create).password_policy;
    crate::validate::password::policy_refusal(new, &policy)
}

/// A password on its way to a sign-in: never printed (its `Debug` is a
/// mask), dropped when the try ends.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::model::values::MASK)
    }
}

/// The wizard's "Try a sign-in": the client of the plan by its name (its id
/// is looked up in the new pool), as whom, and the passwords typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WizardSignIn {
    pub user_pool_id: String,
    pub client_name: String,
    pub username: String,
    pub password: Password,
    /// The new password, once the user was asked for one.
    pub new_password: Option<Password>,
}

/// Runs [`test_sign_in`] for the wizard. Without a new password an answer
/// of NEW_PASSWORD_REQUIRED comes back as [`SignInError::NoPassword`]: the
/// wizard asks for one and tries again with both.
pub async fn wizard_sign_in(
    api: &dyn CognitoApi,
    request: WizardSignIn,
) -> Result<SignInReport, SignInError> {
    let described = api
        .describe_sign_in(request.user_pool_id.clone())
        .await
        .map_err(|e| SignInError::Failed(e.to_string()))?;
    let client_id = described
        .clients
        .iter()
        .find(|c| c.get("ClientName").and_then(|n| n.as_str()) == Some(&request.client_name))
        .and_then(|c| c.get("ClientId")?.as_str().map(str::to_owned))
        .ok_or_else(|| {
            SignInError::Failed(format!(
                "the pool has no app client named {:?}",
                request.client_name
            ))
        })?;
    let target = SignInTarget {
        user_pool_id: request.user_pool_id,
        client_id,
        username: request.username,
    };
    let mut answers = [Some(request.password), request.new_password].into_iter();
    let mut password = |_: &str| answers.next().flatten().map(|p| p.0);
    test_sign_in(api, &target, &mut password, false).await
}

/// Where passwords come from: lines of standard input, or, when standard
/// input is a terminal, a prompt on standard error that does not echo.
pub fn password_reader() -> impl FnMut(&str) -> Option<String> {
    use std::io::{BufRead, IsTerminal};
    let terminal = std::io::stdin().is_terminal();
    move |prompt: &str| {
        if terminal {
            return prompt_hidden(prompt);
        }
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_owned()).filter(|l| !l.is_empty()),
        }
    }
}

/// Reads a line from the terminal with echo off (raw mode), so the
/// password never shows; Enter ends it, Ctrl+C or Esc gives up.
fn prompt_hidden(prompt: &str) -> Option<String> {
    use crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    use std::io::Write;
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    crossterm::terminal::enable_raw_mode().ok()?;
    let mut text = String::new();
    let outcome = loop {
        let Ok(Event::Key(key)) = read() else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        match key.code {
            KeyCode::Enter => break Some(text),
            KeyCode::Esc => break None,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => break None,
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char(c) => text.push(c),
            _ => {}
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    outcome.filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_hash_is_cognitos() {
        // HMAC-SHA256("secret", "alice" + "client") in base64, computed with
        // Python's hmac and hashlib.
        assert_eq!(
            secret_hash("secret", "alice", "client"),
            "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0="
        );
    }

    #[test]
    fn the_password_flow_follows_the_client() {
        let flows = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            password_flow(&flows(&["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"])),
            Ok((false, "USER_PASSWORD_AUTH"))
        );
        assert_eq!(
            password_flow(&flows(&["ALLOW_ADMIN_USER_PASSWORD_AUTH"])),
            Ok((true, "ADMIN_USER_PASSWORD_AUTH"))
        );
        let err = password_flow(&flows(&["ALLOW_USER_SRP_AUTH"])).unwrap_err();
        assert!(
            err.to_string().contains("ALLOW_USER_PASSWORD_AUTH"),
            "{err}"
        );
    }
}
