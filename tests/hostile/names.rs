//! Hostile names: a pool id with escapes, a line break in a file name, an
//! existing file given as the report. The real binary against the capture
//! server, as in the rest of `tests/hostile.rs`.

use super::{assert_clean_output, binary, invite_args, one_row_csv, plain_server};

/// An existing file given as `--report` that is not a report is refused
/// (exit 2), named, and left as it is; an earlier report is replaced.
#[test]
fn an_existing_file_that_is_not_a_report_is_not_replaced() {
    let server = plain_server();
    let (dir, csv) = one_row_csv();
    let notes = dir.path().join("notes.csv");
    std::fs::write(&notes, "line,username\nmine\n").unwrap();
    let csv_arg = csv.to_str().unwrap();
    let out = binary(
        &server.url(),
        &invite_args(csv_arg, &["--report", notes.to_str().unwrap()]),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{} is in the way of the report", notes.display()))
            && stderr.contains("pass another --report, or remove the file"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "line,username\nmine\n"
    );
    assert!(server.requests_for("DescribeUserPool").is_empty());
    // A report of an earlier run is ours to replace.
    let report = dir.path().join("r.csv");
    std::fs::write(&report, "line,username,outcome,status_or_code,message\n").unwrap();
    let out = binary(
        &server.url(),
        &invite_args(csv_arg, &["--report", report.to_str().unwrap()]),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(std::fs::read_to_string(&report).unwrap().contains("carl"));
}

/// A pool id with an escape, a line break or a bidi control is refused by
/// the service model's pattern before any call, for `invite`, `import` and
/// `update-pool` alike, and shown escaped.
#[test]
fn a_pool_id_with_controls_is_refused_before_any_call() {
    let server = plain_server();
    let (dir, csv) = one_row_csv();
    let csv_arg = csv.to_str().unwrap();
    let request = dir.path().join("pool.json");
    std::fs::write(&request, "{\"PoolName\": \"p\"}").unwrap();
    for id in [
        "\x1b[31mus-east-1_AbC",
        "us-east-1_AbC\nforged",
        "us-east-1_A\u{202e}b",
    ] {
        let commands: [Vec<&str>; 3] = [
            vec!["invite", "--user-pool-id", id, "--csv", csv_arg],
            vec![
                "import",
                "--user-pool-id",
                id,
                "--csv",
                csv_arg,
                "--cloudwatch-logs-role-arn",
                "arn:aws:iam::123456789012:role/CognitoImport",
            ],
            vec![
                "update-pool",
                request.to_str().unwrap(),
                "--user-pool-id",
                id,
            ],
        ];
        for args in commands {
            let out = binary(&server.url(), &args);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("UserPoolId"), "{args:?}: {stderr}");
            assert_clean_output("stderr", &out.stderr);
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
    }
    assert!(server.requests().is_empty(), "no call was made");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no journal, report or import file"
    );
}

/// A file name with a line break is shown escaped in one-line messages: it
/// cannot forge a line of its own on standard error.
#[test]
fn a_line_break_in_a_file_name_stays_on_its_line() {
    let server = plain_server();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("u\nerror: forged\x1b[2J.csv");
    std::fs::write(&csv, "username,email\ncarl,carl@example.com\n").unwrap();
    let out = binary(&server.url(), &invite_args(csv.to_str().unwrap(), &[]));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("u\\nerror: forged\\u{1b}[2J.csv"),
        "{stderr}"
    );
    assert!(
        !stderr.lines().any(|l| l.starts_with("error: forged")),
        "{stderr}"
    );
    // An error naming the path, too.
    let missing = dir.path().join("gone\nerror: forged.csv");
    let out = binary(&server.url(), &invite_args(missing.to_str().unwrap(), &[]));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("gone\\nerror: forged.csv"), "{stderr}");
}
