//! Change-mode drafts on the real loop against moto: an autosave made in
//! change mode resumes in change mode.

use super::*;

/// An autosave made in change mode records the pool: resuming it on Start
/// ("Resume changing ID") describes the pool again and puts the draft's
/// edits on it (a change someone else made since is kept), and Review shows
/// the diff; `s` changes the pool (the confirmation is "Change the user
/// pool?", never "Create"), every other member kept.
/// A change-mode draft file (`--draft`) resumes the same way.
#[tokio::test]
async fn moto_a_change_mode_autosave_resumes_in_change_mode() {
    let api = moto_api().await;
    let (id, before) = moto_pool(&api, "wizard-resume").await;
    let dir = temp_dir("wizard-resume");
    let (app, effects) = change_wizard(&dir, &id);
    run_wizard(
        app,
        effects,
        Arc::new(api.clone()),
        (120, 40),
        |mut d| async move {
            d.wait_for("Changing pool").await;
            set_minimum_length(&mut d, "16").await;
        },
    )
    .await;
    let autosave = dir.join("autosave.json");
    let text = std::fs::read_to_string(&autosave).expect("autosaved");
    let saved = cognito_wizard::app::draft::decode(&text).expect("a draft");
    assert_eq!(saved.change_pool.as_deref(), Some(id.as_str()), "{text}");
    // Someone else changes the pool before the draft is resumed.
    let described = api.describe_user_pool(id.clone()).await.unwrap();
    let mut theirs = LivePool::from_described(&described).unwrap().state.settings;
    theirs.deletion_protection = Some("INACTIVE".into());
    api.send_update(UpdateCall::UpdateUserPool(UpdateUserPoolRequest::carrying(
        &id, &theirs,
    )))
    .await
    .expect("their change");

    let (app, effects) =
        cognito_wizard::wizard::prepare(&WizardArgs::default(), Some(autosave)).unwrap();
    let pool = id.clone();
    let app = run_wizard(
        app,
        effects,
        Arc::new(api.clone()),
        (120, 40),
        |mut d| async move {
            d.wait_for(&format!("Resume changing {pool}")).await;
            d.key(KeyCode::Enter);
            d.wait_for("Resumed changing pool").await;
            // Only the draft's edit: their change is kept, not undone, and
            // listed as theirs above the diff.
            let screen = send_minimum_length_16(&mut d).await;
            assert!(screen.contains("1 member, 1 call"), "{screen}");
            assert!(!screen.contains("~ DeletionProtection"), "{screen}");
            assert!(
                screen.contains("  DeletionProtection: \"ACTIVE\" -> \"INACTIVE\""),
                "their change is said: {screen}"
            );
            assert!(
                screen.contains("\"DeletionProtection\": \"INACTIVE\""),
                "the body carries their value: {screen}"
            );
            d.wait_for("every member has the value sent").await;
        },
    )
    .await;
    assert!(app.change().is_some(), "resumed in change mode");
    let mut expected = settled(before);
    expected["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(16);
    expected["DeletionProtection"] = json!("INACTIVE");
    assert_eq!(describe(&api, &id).await, expected);

    let file = dir.join("change-draft.json");
    std::fs::write(&file, &text).unwrap();
    let args = WizardArgs {
        draft: Some(file),
        ..WizardArgs::default()
    };
    let (_, effects) = cognito_wizard::wizard::prepare(&args, None).unwrap();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::DescribeForChange { pool_id, .. } if *pool_id == id)),
        "a change-mode draft file describes its pool: {effects:?}"
    );
}
