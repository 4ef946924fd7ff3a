//! "What to do" hints fit the call and what it named, against moto: a wrong
//! password in a sign-in is the user's password (not the IAM policy), a
//! missing client is the client (not the pool), a new password below the
//! policy is refused before it is sent, a missing group is the group.

use super::sign_in::{pool_with_invited_user, sign_in, TEMPORARY};
use super::*;

/// A failed run whose standard error has every one of `says` and none of
/// `not`.
pub(super) fn assert_stderr(run: &support::Run, says: &[&str], not: &[&str]) {
    assert_ne!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for words in says {
        assert!(
            run.stderr.contains(words),
            "{words:?} not in {}",
            run.stderr
        );
    }
    for words in not {
        assert!(!run.stderr.contains(words), "{words:?} in {}", run.stderr);
    }
}

#[tokio::test]
async fn moto_sign_in_errors_hint_at_the_password_and_the_client() {
    let (pool, client, _) = pool_with_invited_user("hinted").await;

    let run = sign_in(&pool, &client, "hinted", "Wrong-Pass-789!\n", &[]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    let says = ["NotAuthorizedException", "password is wrong"];
    assert_stderr(&run, &says, &["IAM policy"]);

    let run = sign_in(&pool, "bogus", "hinted", "Wrong-Pass-789!\n", &[]);
    let says = ["ResourceNotFoundException", "no such app client"];
    assert_stderr(&run, &says, &["no such user pool"]);

    // NEW_PASSWORD_REQUIRED answered with a password below the policy: the
    // pool's policy refuses it before Cognito is asked (the hint for
    // Cognito's InvalidPasswordException is a unit test of `hints`).
    let answers = format!("{TEMPORARY}\nshort\n");
    let run = sign_in(&pool, &client, "hinted", &answers, &[]);
    let says = ["Not sent: the pool's password policy needs"];
    assert_stderr(
        &run,
        &says,
        &["InvalidPasswordException", "temporary password"],
    );
}

#[tokio::test]
async fn moto_adding_to_a_missing_group_hints_at_the_group() {
    let (pool, _, _) = pool_with_invited_user("grouped").await;
    let api = moto_api().await;
    let error = api
        .admin_add_user_to_group(pool, "grouped".into(), "deleted-group".into())
        .await
        .expect_err("no such group");
    assert_eq!(error.code.as_deref(), Some("ResourceNotFoundException"));
    let hint = error.hint.unwrap_or_default();
    assert!(hint.contains("no such group"), "{hint}");
}
