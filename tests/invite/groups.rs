//! Invitations that put users in groups (the CSV's `groups` column) against
//! moto: each user is added to its groups after it is created, a row naming
//! a group the pool lacks is invalid in the check (nothing sent), and a
//! rerun with the same journal adds nobody twice.

use super::*;
use support::cli::groups_of;

async fn pool_with_groups(names: &[&str]) -> String {
    let api = moto_api().await;
    let pool = moto_pool().await;
    for name in names {
        api.create_group(cognito_wizard::model::CreateGroupRequest {
            group_name: Some((*name).into()),
            user_pool_id: Some(pool.clone()),
            ..Default::default()
        })
        .await
        .expect("moto creates the group");
    }
    pool
}

/// A CSV of (username, groups cell) rows, each with its email and a password.
fn users_csv(dir: &Path, rows: &[(&str, &str)]) -> PathBuf {
    let mut text = String::from("username,email,groups,temporary_password\n");
    for (i, (user, groups)) in rows.iter().enumerate() {
        text.push_str(&format!(
            "{user},{user}@example.com,{groups},{}\n",
            password(i + 1)
        ));
    }
    let csv = dir.join("users.csv");
    std::fs::write(&csv, text).unwrap();
    csv
}

fn invite_args<'a>(pool: &'a str, csv: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "invite",
        "--user-pool-id",
        pool,
        "--csv",
        csv.to_str().unwrap(),
        "--message-action",
        "SUPPRESS",
    ];
    args.extend_from_slice(extra);
    args
}

#[tokio::test]
async fn moto_adds_each_invited_user_to_its_groups_once() {
    let pool = pool_with_groups(&["admins", "editors"]).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = users_csv(
        dir.path(),
        &[("gail", "admins; editors"), ("hal", "editors"), ("ida", "")],
    );
    let url = moto_url();
    let first = run(binary(&url, &invite_args(&pool, &csv, &[])));
    assert_eq!(first.code, Some(0), "{}{}", first.stdout, first.stderr);
    assert_eq!(groups_of(&pool, "gail"), ["admins", "editors"]);
    assert_eq!(groups_of(&pool, "hal"), ["editors"]);
    assert_eq!(groups_of(&pool, "ida"), Vec::<String>::new());
    // The report says, per row, what became of each group.
    let report = std::fs::read_to_string(dir.path().join("users.csv.report.csv")).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert!(lines[0].ends_with(",message,groups"), "{report}");
    assert!(
        lines[1].ends_with(",admins: added; editors: added"),
        "{report}"
    );
    assert!(lines[2].ends_with(",editors: added"), "{report}");
    assert!(lines[3].ends_with(','), "no groups for ida: {report}");
    assert!(
        first.stdout.contains("groups: 3 added, 0 failed")
            || first.stderr.contains("groups: 3 added, 0 failed"),
        "{}{}",
        first.stdout,
        first.stderr
    );

    // The rerun finds every row done in the journal: no call, nobody twice.
    let again = run(binary(&url, &invite_args(&pool, &csv, &[])));
    assert_eq!(again.code, Some(0), "{}{}", again.stdout, again.stderr);
    assert_eq!(groups_of(&pool, "gail"), ["admins", "editors"]);
    assert_eq!(
        row_records(&journal_of(&csv)).len(),
        3,
        "journaled once each"
    );
}

#[tokio::test]
async fn a_group_the_pool_lacks_makes_the_row_invalid_before_anything_is_sent() {
    let pool = pool_with_groups(&["admins"]).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = users_csv(
        dir.path(),
        &[("jo", "admins;auditors"), ("kim", "bad group!")],
    );
    let url = moto_url();
    let dry = run(binary(&url, &invite_args(&pool, &csv, &["--dry-run"])));
    assert_eq!(dry.code, Some(1), "{}{}", dry.stdout, dry.stderr);
    assert!(
        dry.stdout
            .contains("line 2: groups: the pool has no group \"auditors\""),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("line 3: groups: \"bad group!\""),
        "{}",
        dry.stdout
    );
    assert!(list_usernames(&pool).is_empty(), "nothing was sent");
}
