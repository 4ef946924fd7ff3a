//! `update-pool` acceptance fixes, against moto: custom attribute names with
//! the `custom:` prefix, required custom attributes, describe output of
//! another pool, a SetUserPoolMfaConfig file on its own.

use super::*;

/// The run exited with `code` and its standard output has each of `parts`.
fn assert_out(run: &support::Run, code: i32, parts: &[&str]) {
    assert_eq!(run.code, code, "{}{}", run.stdout, run.stderr);
    for part in parts {
        assert!(run.stdout.contains(part), "{part}:\n{}", run.stdout);
    }
}

/// The run exited 1 with a line starting with `path` and saying `why`.
fn assert_refused(run: &support::Run, path: &str, why: &str) {
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let named = |l: &str| l.starts_with(path) && l.contains(why);
    assert!(run.stdout.lines().any(named), "{path}:\n{}", run.stdout);
}

impl Fixture {
    /// GetUserPoolMfaConfig's answer (`null` when there is none).
    async fn mfa_config(&self) -> Value {
        let described = self.api.describe_user_pool(self.id.clone()).await;
        described.expect("described").mfa_config.unwrap_or_default()
    }

    /// `update-pool` with `extra` flags after the file.
    fn run_with(&self, text: &str, extra: &[&str]) -> support::Run {
        let file = self.dir.write("request.json", text);
        let path = file.to_str().unwrap().to_owned();
        let mut args = vec!["update-pool", "--user-pool-id", &self.id, &path];
        args.extend_from_slice(extra);
        wizard(&against_moto(&self.url, &args), None)
    }
}

/// `custom:team` in a file means the pool's `team`: no second attribute
/// `custom:custom:team`; a new prefixed name is refused as create mode does.
#[tokio::test]
async fn moto_update_pool_matches_a_prefixed_custom_attribute_and_refuses_a_new_one() {
    let pool = Fixture::new("update-prefix").await;
    let add = r#"{"Schema":[{"Name":"team","AttributeDataType":"String","Mutable":true}]}"#;
    let run = pool.run(add, false);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let with_team = pool.describe().await;
    assert!(attribute_names(&with_team).contains(&"custom:team".to_owned()));

    let prefixed =
        r#"{"Schema":[{"Name":"custom:team","AttributeDataType":"String","Mutable":true}]}"#;
    let run = pool.run(prefixed, false);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "", "no diff, no call");
    assert!(run.stderr.contains("no change"), "{}", run.stderr);

    let new_prefixed = r#"{"Schema":[{"Name":"custom:level","AttributeDataType":"String"}]}"#;
    let run = pool.run(new_prefixed, false);
    assert_refused(
        &run,
        "Schema[\"custom:level\"].Name: ",
        "without the custom: prefix",
    );
    assert!(!run.stdout.contains("done:"), "{}", run.stdout);
    assert_eq!(
        attribute_names(&pool.describe().await),
        attribute_names(&with_team),
        "no attribute added"
    );
}

/// Cognito refuses a required custom attribute: refused before sending.
#[tokio::test]
async fn moto_update_pool_refuses_a_required_custom_attribute() {
    let pool = Fixture::new("update-required").await;
    let file = r#"{"Schema":[{"Name":"level","AttributeDataType":"String","Required":true}]}"#;
    for dry_run in [true, false] {
        let run = pool.run(file, dry_run);
        assert_refused(&run, "Schema[\"level\"].Required: ", "cannot be required");
    }
    assert_eq!(
        attribute_names(&pool.describe().await),
        attribute_names(&pool.before)
    );
}

/// Describe output of another pool is refused with both ids unless
/// `--other-pool` says so.
#[tokio::test]
async fn moto_update_pool_refuses_describe_output_of_another_pool() {
    let pool = Fixture::new("update-other").await;
    let (other_id, other) = many_member_pool(&pool.api, "update-other-src").await;
    let mut other = other;
    other["DeletionProtection"] = serde_json::json!("INACTIVE");
    let file = serde_json::json!({ "UserPool": other }).to_string();
    let run = pool.run(&file, true);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&other_id) && run.stderr.contains(&pool.id),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--other-pool"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing sent"), "{}", run.stderr);
    let run = pool.run_with(&file, &["--other-pool", "--dry-run"]);
    assert_out(&run, 4, &["DeletionProtection: \"ACTIVE\" -> \"INACTIVE\""]);
    // Its own describe output is taken as before.
    let own = serde_json::json!({ "UserPool": pool.before }).to_string();
    assert_eq!(pool.run(&own, true).code, 0);
}

/// A SetUserPoolMfaConfig request on its own (the help lists it) changes
/// only the MFA settings, through SetUserPoolMfaConfig alone.
#[tokio::test]
async fn moto_update_pool_takes_a_set_user_pool_mfa_config_file() {
    // MFA off (the many-member pool's SMS factor is not in moto's
    // GetUserPoolMfaConfig, so its OPTIONAL would be left with no factor).
    let pool = minimal_fixture("update-mfa-file").await;
    let call = "# call 1 of 1: SetUserPoolMfaConfig";
    // The operator's file, on a pool without TOTP: read, planned, no error.
    let off = r#"{"SoftwareTokenMfaConfiguration":{"Enabled":false}}"#;
    for extra in [&[][..], &["--operation", "set-user-pool-mfa-config"][..]] {
        let mut args = extra.to_vec();
        args.push("--dry-run");
        let run = pool.run_with(off, &args);
        assert!(!run.stderr.contains("error"), "{extra:?}: {}", run.stderr);
        assert_out(&run, 4, &[call]);
    }
    let on = r#"{"SoftwareTokenMfaConfiguration":{"Enabled":true},"MfaConfiguration":"OPTIONAL"}"#;
    let run = pool.run_with(on, &["--operation", "set-user-pool-mfa-config"]);
    assert_out(
        &run,
        0,
        &["SoftwareTokenMfaConfiguration.Enabled: (none) -> true"],
    );
    assert!(
        run.stdout.ends_with("done: SetUserPoolMfaConfig\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("UpdateUserPool"), "{}", run.stdout);
    // Back off: the mode too, or no factor would be left for OPTIONAL.
    let off = r#"{"SoftwareTokenMfaConfiguration":{"Enabled":false},"MfaConfiguration":"OFF"}"#;
    let run = pool.run_with(off, &["--dry-run"]);
    assert_out(
        &run,
        4,
        &["SoftwareTokenMfaConfiguration.Enabled: true -> false", call],
    );
    let mfa = pool.mfa_config().await;
    assert_eq!(
        mfa["SoftwareTokenMfaConfiguration"]["Enabled"], true,
        "{mfa}"
    );
    let mut expected = settled(pool.before.clone());
    expected["MfaConfiguration"] = serde_json::json!("OPTIONAL");
    assert_eq!(
        settled(pool.describe().await),
        expected,
        "the mode changed, nothing else: UpdateUserPool was not sent"
    );
}

/// A pool with MFA off, in moto, and a folder for the files that change it.
async fn minimal_fixture(prefix: &str) -> Fixture {
    let api = moto_api().await;
    let (id, before) = pool_made_of(&api, minimal_pool(&unique_name(prefix))).await;
    Fixture::around(api, id, before, prefix)
}

/// `"EmailMfaConfiguration": {}` switches email MFA on: it is in the diff,
/// it is sent, and the check after applying says whether the pool has it.
#[tokio::test]
async fn moto_update_pool_shows_an_empty_factor_structure_and_checks_it_took() {
    // Email MFA needs the pool's email sent by SES (DEVELOPER): this one's is.
    let pool = Fixture::new("update-email-mfa").await;
    assert_eq!(
        pool.before["EmailConfiguration"]["EmailSendingAccount"],
        "DEVELOPER"
    );
    // (moto wants an SMS or TOTP factor beside email)
    let file = r#"{"EmailMfaConfiguration":{},"SoftwareTokenMfaConfiguration":{"Enabled":true}}"#;
    let run = pool.run_with(file, &["--dry-run"]);
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l == "EmailMfaConfiguration: (none) -> {}"),
        "{}",
        run.stdout
    );
    let body = run.stdout.lines().last().unwrap_or_default();
    assert!(body.contains("\"EmailMfaConfiguration\":{}"), "{body}");
    let run = pool.run_with(file, &[]);
    let mfa = pool.mfa_config().await;
    match mfa.get("EmailMfaConfiguration") {
        // The pool took it: checked, exit 0.
        Some(_) => assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr),
        // It did not take: the check names it.
        None => assert_out(
            &run,
            6,
            &["EmailMfaConfiguration: should be {}, the pool has (none)"],
        ),
    }
}

/// A pool that has what the create-time rules refuse (a custom email text
/// with Cognito's default email) can still be changed: the carried member is
/// a warning; writing it is an error, and nothing is sent.
#[tokio::test]
async fn moto_update_pool_warns_on_what_the_pool_already_has_and_refuses_only_what_it_writes() {
    let api = moto_api().await;
    let mut request = minimal_pool(&unique_name("update-carried"));
    request.email_configuration = Some(EmailConfiguration {
        email_sending_account: Some("COGNITO_DEFAULT".into()),
        ..Default::default()
    });
    request.verification_message_template = Some(VerificationMessageTemplate {
        email_message: Some("Welcome! Your code is {####}".into()),
        email_subject: Some("Welcome".into()),
        default_email_option: Some("CONFIRM_WITH_CODE".into()),
        ..Default::default()
    });
    let (id, before) = pool_made_of(&api, request).await;
    let pool = Fixture::around(api, id, before, "update-carried");
    let run = pool.run(
        r#"{"Policies":{"PasswordPolicy":{"MinimumLength":14}}}"#,
        false,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("done: UpdateUserPool"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("VerificationMessageTemplate.EmailMessage")
            && run.stderr.contains("the pool already has this"),
        "{}",
        run.stderr
    );
    let after = pool.describe().await;
    assert_eq!(after["Policies"]["PasswordPolicy"]["MinimumLength"], 14);

    let run = pool.run(
        r#"{"VerificationMessageTemplate":{"EmailMessage":"Hello again {####}"}}"#,
        false,
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("VerificationMessageTemplate.EmailMessage: "),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("nothing sent"), "{}", run.stderr);
    assert_eq!(
        pool.describe().await["VerificationMessageTemplate"]["EmailMessage"],
        "Welcome! Your code is {####}"
    );
}
