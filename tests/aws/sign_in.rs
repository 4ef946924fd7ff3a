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
