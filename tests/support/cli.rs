//! The AWS CLI against moto, for what the tool's own API does not read back.

use std::process::{Command, Stdio};

use serde_json::Value;

/// The groups of `username`, through `aws cognito-idp
/// admin-list-groups-for-user`, sorted.
pub fn groups_of(pool_id: &str, username: &str) -> Vec<String> {
    let output = Command::new("aws")
        .args([
            "cognito-idp",
            "admin-list-groups-for-user",
            "--user-pool-id",
            pool_id,
        ])
        .args(["--username", username, "--output", "json"])
        .args([
            "--endpoint-url",
            &super::moto_url(),
            "--region",
            super::REGION,
        ])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .stdin(Stdio::null())
        .output()
        .expect("the AWS CLI runs (scripts/test.sh puts the venv's aws on PATH)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut names: Vec<String> = listed["Groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g["GroupName"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}
