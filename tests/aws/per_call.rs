//! Every per-call file an export writes is read back by `validate` and
//! `preview` on its own, detected by its shape or named with `--operation`:
//! CreateUserPoolClient, CreateUserPoolDomain, CreateManagedLoginBranding,
//! CreateGroup and CreateResourceServer (the files `aws cognito-idp X
//! --cli-input-json` takes). `create-pool` refuses one, saying what it is.

use cognito_wizard::model::preview::export_files;
use cognito_wizard::model::values::NEW_POOL_ID_PLACEHOLDER;

use super::plan::full_plan_doc;
use super::*;

#[test]
fn headless_reads_every_per_call_export_file() {
    let dir = TempDir::new("per-call");
    let doc = full_plan_doc("shop", "shop-login");
    let files = export_files(&doc.plan(), Secrets::Omit);
    let mut read = Vec::new();
    for (suffix, text) in &files {
        let Some(op) = Operation::PLAN_ORDER
            .into_iter()
            .skip(2)
            .find(|op| suffix.starts_with(op.cli_command()))
        else {
            continue;
        };
        let path = dir.write(&format!("shop.{suffix}.json"), text);
        let path = path.to_str().unwrap();

        let run = wizard(&["validate", path], None);
        assert_eq!(run.code, 0, "{suffix}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "", "{suffix}");
        assert!(
            run.stderr.contains(NEW_POOL_ID_PLACEHOLDER),
            "{suffix}: {}",
            run.stderr
        );

        let run = wizard(&["validate", "--operation", op.cli_command(), path], None);
        assert_eq!(run.code, 0, "{suffix}: {}{}", run.stdout, run.stderr);

        // The preview is the call as exported (the placeholder where the
        // pool id goes).
        let run = wizard(&["preview", "--compact", path], None);
        assert_eq!(run.code, 0, "{suffix}: {}{}", run.stdout, run.stderr);
        let previewed: Value = serde_json::from_str(run.stdout.trim()).unwrap();
        let exported: Value = serde_json::from_str(text).unwrap();
        assert_eq!(previewed, exported, "{suffix}");

        let run = wizard(&["create-pool", "--dry-run", path], None);
        assert_eq!(run.code, 1, "{suffix}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(op.name()), "{suffix}: {}", run.stderr);
        read.push(op);
    }
    read.dedup();
    assert_eq!(read.len(), 5, "every kind of later call: {read:?}");
}

#[test]
fn headless_names_the_later_call_an_invalid_file_breaks() {
    let dir = TempDir::new("per-call-invalid");
    let path = dir.write(
        "client.json",
        r#"{"UserPoolId": "us-east-1_abc", "ClientName": "web", "RefreshTokenValidity": 0, "AccessTokenValidity": 100000}"#,
    );
    let run = wizard(&["validate", path.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("AccessTokenValidity"), "{}", run.stdout);
    assert!(!run.stdout.contains("PoolName"), "{}", run.stdout);
}
