//! Re-exporting to a name used before: a file of the earlier export that
//! this plan no longer writes (`NAME.create-managed-login-branding.json`)
//! is listed with the files in the way, and replacing the set removes it,
//! so nothing stale is read back as part of the new export. An export onto
//! the open draft file is refused.

use super::*;

/// From Start: the authenticator-app preset, once `ready` shows, Review's
/// export to `target`.
async fn export_to(d: &mut Driver, ready: &str, target: &std::path::Path) {
    choose_start_item(d, "authenticator app").await;
    d.wait_for(ready).await;
    d.review().await;
    d.key(KeyCode::Char('e'));
    d.wait_for("Export the request to").await;
    for _ in 0..80 {
        d.key(KeyCode::Backspace);
    }
    d.text(target.to_str().unwrap());
    d.key(KeyCode::Enter);
}

#[tokio::test]
async fn replacing_an_export_removes_the_files_this_plan_no_longer_writes() {
    let dir = temp_dir("export-set");
    let export = dir.join("shop.json");
    let stale = dir.join("shop.create-managed-login-branding.json");
    let unrelated = dir.join("shop.notes.json");
    for path in [&export, &stale, &unrelated] {
        std::fs::write(path, "{}").unwrap();
    }
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let target = export.clone();
    run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api),
        (120, 40),
        |mut d| async move {
            export_to(&mut d, "Pool name", &target).await;
            let screen = d.wait_for("These files exist").await;
            // (The modal may wrap the long name.)
            assert!(screen.contains("shop.create-managed-login"), "{screen}");
            assert!(!screen.contains("shop.notes.json"), "{screen}");
            d.key(KeyCode::Char('y'));
            d.wait_for("Exported").await;
        },
    )
    .await;
    assert!(!stale.exists(), "the stale branding file is removed");
    assert!(
        unrelated.exists(),
        "a file outside the export's names stays"
    );
    let pool: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    assert!(pool.get("PoolName").is_some(), "{pool}");
    assert!(dir.join("shop.set-user-pool-mfa-config.json").exists());
}

/// An export to the open draft file (here spelled through `.`) is refused
/// at the prompt, which stays open with the name: nothing is written, so
/// the next autosave cannot turn an export into a draft, or the reverse.
#[tokio::test]
async fn an_export_onto_the_open_draft_file_is_refused_at_the_prompt() {
    let dir = temp_dir("export-on-draft");
    let draft = dir.join("draft.json");
    let app = App::new(Session {
        draft_path: Some(draft.clone()),
        ..Session::default()
    });
    let target = dir.join(".").join("draft.json");
    let app = run_wizard(
        app,
        Vec::new(),
        Arc::new(FakeApi::new(CreateBehaviour::Succeed)),
        (120, 40),
        |mut d| async move {
            export_to(&mut d, "· saved", &target).await;
            let screen = d.wait_for("is the open draft file").await;
            assert!(screen.contains("Export the request to"), "{screen}");
            assert!(!screen.contains("These files exist"), "{screen}");
        },
    )
    .await;
    assert_eq!(app.session().draft_path.as_deref(), Some(draft.as_path()));
    assert!(
        !dir.join("draft.set-user-pool-mfa-config.json").exists(),
        "nothing of the export was written"
    );
    let saved = std::fs::read_to_string(&draft).unwrap();
    assert!(saved.contains("CreateUserPool"), "{saved}");
}
