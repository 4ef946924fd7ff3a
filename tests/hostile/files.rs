//! Hostile files: a resume file whose ids carry escapes or whose calls are
//! not the plan's. The real binary against the capture server, as in the
//! rest of `tests/hostile.rs`.

use super::{assert_clean_output, binary, plain_server};

/// The plan `create-pool` runs in these tests: the pool, its MFA call and
/// one app client.
const PLAN: &str = r#"{"CreateUserPool": {"PoolName": "p", "MfaConfiguration": "OFF"},
 "CreateUserPoolClient": [{"ClientName": "web"}]}"#;

/// A resume file whose pool id, ARN or client id the service model refuses,
/// or whose done calls are not the plan's, is refused (exit 2, shown
/// escaped) before any call; a well-formed one is taken.
#[test]
fn a_resume_file_with_ids_the_model_refuses_sends_nothing() {
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan.json");
    std::fs::write(&plan, PLAN).unwrap();
    let resume = dir.path().join("resume.json");
    let pool = |id: &str| serde_json::json!({"Id": id, "Name": "p"});
    let with = |extra: serde_json::Value| {
        let mut value = pool("us-east-1_AbC1");
        value
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        value
    };
    let hostile = [
        (pool("us-east-1_x\u{1b}]0;PWNED\u{7}"), "Id:"),
        (with(serde_json::json!({"Arn": "arn\u{1b}[2J"})), "Arn:"),
        (
            with(serde_json::json!({"Done": [{"Operation": "Bogus"}]})),
            "Done[0].Operation: \"Bogus\" \"\" is not a call of this plan",
        ),
        (
            with(serde_json::json!({"Done": [
                {"Operation": "CreateUserPoolClient", "Subject": "web", "Id": "a\u{1b}[31m"}]})),
            "Done[0].Id:",
        ),
        (
            with(serde_json::json!({"Done": [
                {"Operation": "CreateUserPoolClient", "Subject": "web\u{1b}[2J", "Id": "abc"}]})),
            "Done[0].Operation:",
        ),
    ];
    for (file, expected) in hostile {
        std::fs::write(&resume, file.to_string()).unwrap();
        let args = ["create-pool", plan.to_str().unwrap(), "--resume"];
        let out = binary(
            &server.url(),
            &[&args[..], &[resume.to_str().unwrap()]].concat(),
        );
        assert_eq!(out.status.code(), Some(2), "{file}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{file}: {stderr}");
        assert!(
            stderr.contains("is not the output of create-pool"),
            "{stderr}"
        );
        assert_clean_output("stderr", &out.stderr);
        assert!(server.requests().is_empty(), "{file}: a call was made");
    }
    // The progress a failed run printed is taken: the client is created.
    std::fs::write(
        &resume,
        with(serde_json::json!({"Done": [
        {"Operation": "CreateUserPool", "Subject": "p", "Id": "us-east-1_AbC1"}]}))
        .to_string(),
    )
    .unwrap();
    let out = binary(
        &server.url(),
        &[
            "create-pool",
            plan.to_str().unwrap(),
            "--resume",
            resume.to_str().unwrap(),
        ],
    );
    assert_ne!(out.status.code(), Some(2), "{out:?}");
    assert!(!server.requests_for("CreateUserPoolClient").is_empty());
}

/// A FIFO given as a request or draft file (`validate`, `create-pool`,
/// `update-pool`, the wizard's `--from-file` and `--draft`) is refused at
/// once, named, instead of waiting for a writer forever (each run bounded
/// by `timeout`, so a regression fails instead of hanging).
#[test]
fn a_request_or_draft_file_that_is_a_pipe_is_refused_without_waiting() {
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("request.fifo");
    super::mkfifo(&fifo);
    let path = fifo.to_str().unwrap();
    let commands: [&[&str]; 5] = [
        &["validate", path],
        &["create-pool", path],
        &["update-pool", path, "--user-pool-id", "us-east-1_AbC1"],
        &["--from-file", path],
        &["--draft", path],
    ];
    for args in commands {
        let out = std::process::Command::new("timeout")
            .arg("30")
            .arg(env!("CARGO_BIN_EXE_cognito-wizard"))
            .args(["--endpoint-url", &server.url(), "--region", "us-east-1"])
            .args(args)
            .envs(
                super::support::binary_command()
                    .get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k, v))),
            )
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(124), "{args:?} hung: {stderr}");
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(0), "{args:?}");
    }
    assert!(server.requests().is_empty());
}

/// An import journal given to `invite --journal` is named for what it is
/// (not "damaged at line 1") and left as it is; a one-row summary says
/// "1 row".
#[test]
fn an_import_journal_given_to_invite_is_named_and_one_row_is_singular() {
    let server = plain_server();
    let (dir, csv) = super::one_row_csv();
    let journal = dir.path().join("users.csv.import-journal.jsonl");
    let text = "{\"record\":\"plan\",\"version\":1,\"user_pool_id\":\"us-east-1_AbC1\",\"csv\":\"users.csv\",\"token\":\"t\",\"parts\":[],\"started\":1}\n";
    std::fs::write(&journal, text).unwrap();
    let csv_arg = csv.to_str().unwrap();
    let out = binary(
        &server.url(),
        &super::invite_args(csv_arg, &["--journal", journal.to_str().unwrap()]),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is an import journal (of `import`), not an invite journal")
            && !stderr.contains("damaged"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&journal).unwrap(), text);
    let out = binary(&server.url(), &super::invite_args(csv_arg, &[]));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 row: 1 created"), "{stdout}");
}
