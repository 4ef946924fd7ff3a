//! `test-sign-in` against moto: an invited user signs in (answering
//! NEW_PASSWORD_REQUIRED with the new password from standard input), then
//! signs in again with it; tokens and the client secret are never printed
//! unless asked; a wrong password, a missing new password and a client
//! without a password flow each end in words and their exit status.

use cognito_wizard::run::{run_plan, Progress};

use super::*;

pub(super) const TEMPORARY: &str = "Temp-Pass-123!";
const CHOSEN: &str = "Chosen-Pass-456!";

/// A pool with a confidential password-flow client and an SRP-only one, and
/// an invited user; (pool id, password client id, SRP client id).
pub(super) async fn pool_with_invited_user(username: &str) -> (String, String, String) {
    let api = moto_api().await;
    let client = |name: &str, flows: &[&str]| cognito_wizard::model::CreateUserPoolClientRequest {
        client_name: Some(name.into()),
        generate_secret: Some(true),
        explicit_auth_flows: Some(flows.iter().map(|f| f.to_string()).collect()),
        ..Default::default()
    };
    let doc = PoolDocument {
        clients: vec![
            client(
                "app",
                &["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            ),
            client("srp", &["ALLOW_USER_SRP_AUTH"]),
        ],
        ..PoolDocument::new(minimal_pool(&unique_name("sign-in")))
    };
    let progress = run_plan(&api, &doc.plan(), Progress::default())
        .await
        .expect("the pool is created");
    let pool = progress.pool.clone().unwrap().id;
    api.admin_create_user(AdminCreateUserRequest {
        user_pool_id: Some(pool.clone()),
        username: Some(username.into()),
        temporary_password: Some(TEMPORARY.into()),
        message_action: Some("SUPPRESS".into()),
        ..Default::default()
    })
    .await
    .expect("invited");
    let id = |name: &str| progress.client_id(name).unwrap().to_owned();
    (pool, id("app"), id("srp"))
}

pub(super) fn sign_in(
    pool: &str,
    client: &str,
    user: &str,
    stdin: &str,
    extra: &[&str],
) -> support::Run {
    let url = moto_url();
    let mut args = vec![
        "test-sign-in",
        "--user-pool-id",
        pool,
        "--client-id",
        client,
        "--username",
        user,
    ];
    args.extend_from_slice(extra);
    wizard(&against_moto(&url, &args), Some(stdin))
}

#[tokio::test]
async fn an_invited_user_signs_in_and_sets_a_password() {
    let (pool, client, srp) = pool_with_invited_user("erin").await;

    // Without the new password the invited user cannot finish.
    let run = sign_in(&pool, &client, "erin", &format!("{TEMPORARY}\n"), &[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("NEW_PASSWORD_REQUIRED"),
        "{}",
        run.stderr
    );

    let run = sign_in(
        &pool,
        &client,
        "erin",
        &format!("{TEMPORARY}\n{CHOSEN}\n"),
        &[],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["SignIn"], "works", "{report}");
    assert_eq!(report["Flow"], "USER_PASSWORD_AUTH");
    assert_eq!(report["ChallengesAnswered"][0], "NEW_PASSWORD_REQUIRED");
    assert!(report["TokensReceived"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
    let everything = format!("{}{}", run.stdout, run.stderr);
    for secret in ["eyJ", TEMPORARY, CHOSEN] {
        assert!(!everything.contains(secret), "{secret} shown: {everything}");
    }

    // The new password works on its own; the tokens only when asked.
    let run = sign_in(
        &pool,
        &client,
        "erin",
        &format!("{CHOSEN}\n"),
        &["--show-tokens"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report.get("ChallengesAnswered"), None, "{report}");
    assert!(report["Tokens"]["IdToken"]
        .as_str()
        .is_some_and(|t| t.starts_with("eyJ")));

    let run = sign_in(&pool, &client, "erin", "Wrong-Pass-789!\n", &[]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("NotAuthorizedException"),
        "{}",
        run.stderr
    );

    let run = sign_in(&pool, &srp, "erin", &format!("{CHOSEN}\n"), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("ALLOW_USER_PASSWORD_AUTH"),
        "{}",
        run.stderr
    );
}

/// A new password the pool's policy refuses is not sent: the command says
/// what it lacks and exits as for invalid input, and the user still has to
/// set one (the temporary password was not spent on a refused answer).
#[tokio::test]
async fn a_new_password_the_policy_refuses_is_not_sent() {
    let (pool, client, _) = pool_with_invited_user("frank").await;
    let run = sign_in(
        &pool,
        &client,
        "frank",
        &format!("{TEMPORARY}\nweak\n"),
        &[],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let says = [
        "Not sent: the pool's password policy needs",
        "at least 8 characters",
    ];
    super::hints::assert_stderr(&run, &says, &["weak"]);
    let api = moto_api().await;
    let user = api
        .admin_get_user(pool.clone(), "frank".into())
        .await
        .expect("the user");
    assert_eq!(
        user.status.as_deref(),
        Some("FORCE_CHANGE_PASSWORD"),
        "{user:?}"
    );
}

/// `test-sign-in --help` describes every flag, and the password prompt says
/// which password (the temporary one for an invited user).
#[test]
fn the_sign_in_help_describes_its_flags() {
    let run = wizard(&["test-sign-in", "-h"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for flag in [
        "--user-pool-id",
        "--client-id",
        "--username",
        "--show-tokens",
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("{flag} missing: {}", run.stdout));
        let after = line.trim_start()[flag.len()..].trim_start();
        let described = after
            .strip_prefix('<')
            .map_or(after, |v| v.split_once('>').map_or("", |(_, rest)| rest));
        assert!(
            !described.trim().is_empty(),
            "{flag} has no description: {line}"
        );
    }
    let source = include_str!("../../src/sign_in.rs");
    assert!(source.contains("\"Password (the temporary one for an invited user): \""));
}
