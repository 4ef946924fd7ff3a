//! `update-pool` with a partial structure, against moto: what the file
//! leaves out inside a structure keeps the pool's value.

use super::*;

/// The reset trap inside a structure: a request file writing one member of
/// the password policy changes that member; the members it leaves out keep
/// the pool's values (not the SDK's `false`/`0`), and no warning says the
/// file set them.
#[tokio::test]
async fn moto_update_pool_with_a_partial_structure_changes_only_what_it_writes() {
    let pool = Fixture::new("update-partial").await;
    let policy = &pool.before["Policies"]["PasswordPolicy"];
    assert_eq!(policy["RequireUppercase"], true, "{policy}");
    let file =
        r#"{"DeletionProtection":"INACTIVE","Policies":{"PasswordPolicy":{"MinimumLength":14}}}"#;
    let run = pool.run(file, true);
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    let diff: Vec<&str> = run
        .stdout
        .lines()
        .take_while(|l| !l.starts_with("# call"))
        .collect();
    assert_eq!(
        diff,
        [
            "Policies.PasswordPolicy.MinimumLength: 12 -> 14",
            "DeletionProtection: \"ACTIVE\" -> \"INACTIVE\"",
        ],
        "{}",
        run.stdout
    );
    for said in [
        "RequireUppercase",
        "TemporaryPasswordValidityDays",
        "default",
    ] {
        assert!(!run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    let run = pool.run(file, false);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut expected = settled(pool.before.clone());
    expected["Policies"]["PasswordPolicy"]["MinimumLength"] = serde_json::json!(14);
    expected["DeletionProtection"] = serde_json::json!("INACTIVE");
    assert_same_members(
        &expected,
        &settled(pool.describe().await),
        "described after the update",
    );
}
