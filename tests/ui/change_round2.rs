//! Change mode, acceptance round 2 (issue 14): the MFA mode and factors
//! carried through a concurrent change, the undo history re-rooted when the
//! pool is described afresh.

use super::*;
use cognito_wizard::update::send::Sent;

/// [`existing`] with this MFA mode and TOTP on or off (GetUserPoolMfaConfig
/// answers; no SMS factor).
fn with_mfa(mode: &str, totp: bool) -> DescribedPool {
    let mut pool = existing();
    pool.user_pool["MfaConfiguration"] = json!(mode);
    pool.mfa_config = Some(json!({
        "MfaConfiguration": mode,
        "SoftwareTokenMfaConfiguration": {"Enabled": totp}
    }));
    pool
}

pub(super) fn loaded_with(described: DescribedPool) -> App {
    let mut app = App::new(Session::default());
    cognito_wizard::app::change::described(
        &mut app,
        "us-east-1_Change1".into(),
        Ok(described),
        &mut Vec::new(),
    );
    assert!(app.change().is_some());
    app
}

/// Someone else changed the pool to `theirs` before the send.
fn they_changed(app: &mut App, theirs: DescribedPool) {
    let now = LivePool::from_described(&theirs).expect("their pool");
    let sent = Sent::PoolChanged {
        now: Box::new(now),
        described: Box::new(theirs),
    };
    cognito_wizard::app::change::sent(app, sent, &mut Vec::new());
}

/// The operator switched MFA off; someone else then disabled TOTP
/// (OPTIONAL without TOTP): Review still plans OFF, never "No change" nor a
/// mode nobody chose; where both changed the mode, the status names it.
#[test]
fn the_operators_mfa_off_survives_a_concurrent_factor_change() {
    for (loaded, spaces) in [("ON", 1), ("OPTIONAL", 2)] {
        let mut app = loaded_with(with_mfa(loaded, true));
        app.go(StepId::Mfa);
        for _ in 0..spaces {
            press(&mut app, KeyCode::Char(' '));
        }
        let choice = cognito_wizard::model::MfaChoice::from_document(app.doc());
        assert_eq!(choice.mode, "OFF", "{loaded}");
        they_changed(&mut app, with_mfa("OPTIONAL", false));
        assert_eq!(app.step(), StepId::Review);
        let choice = cognito_wizard::model::MfaChoice::from_document(app.doc());
        assert_eq!(choice.mode, "OFF", "{loaded}: the operator's mode is kept");
        let review = draw(&app, (120, 40));
        assert!(
            review.contains("MfaConfiguration: \"OPTIONAL\" -> \"OFF\""),
            "{loaded}: {review}"
        );
        assert!(app.change().unwrap().plan.has_changes(), "{loaded}");
        let status = app.status().cloned().unwrap_or_default();
        assert_eq!(
            status.contains("theirs -> yours"),
            loaded == "ON",
            "{loaded}: {status}"
        );
    }
}

/// After a concurrent change, undo does not bring back a state planned
/// against the pool as it was (it would revert their change as the
/// operator's edit): the rebased draft is the floor, and the status says so.
#[test]
fn undo_after_a_concurrent_change_does_not_revert_theirs() {
    let mut app = changed_app();
    let mut theirs = existing();
    theirs.user_pool["DeletionProtection"] = json!("ACTIVE");
    they_changed(&mut app, theirs);
    assert!(
        app.status()
            .is_some_and(|s| s.contains("undo starts from here")),
        "{:?}",
        app.status()
    );
    undo(&mut app);
    assert_eq!(app.status().map(String::as_str), Some("Nothing to undo"));
    assert_eq!(
        app.doc().create.deletion_protection.as_deref(),
        Some("ACTIVE")
    );
    let review = draw(&app, (120, 40));
    assert!(!review.contains("~ DeletionProtection"), "{review}");
    assert!(review.contains("MinimumLength: 10 -> 14"), "{review}");
}

/// After a send, the pool described afterwards is the floor: undo does not
/// turn the values sent back into edits.
#[test]
fn undo_after_a_send_offers_nothing_planned_against_the_old_pool() {
    let mut app = changed_app();
    let mut after = existing();
    after.user_pool["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(14);
    let after = LivePool::from_described(&after).expect("the pool after");
    let sent = Sent::Applied {
        done: vec!["UpdateUserPool".to_string()],
        after: Ok(Box::new(after)),
        missed: Vec::new(),
    };
    cognito_wizard::app::change::sent(&mut app, sent, &mut Vec::new());
    assert!(app
        .status()
        .is_some_and(|s| s.contains("undo starts from here")));
    app.go(StepId::Review);
    undo(&mut app);
    assert_eq!(app.status().map(String::as_str), Some("Nothing to undo"));
    assert!(!app.change().unwrap().plan.has_changes());
}

/// Over a recovered change-mode draft, "Change an existing pool by id…",
/// `y` (replace), then Esc at the id prompt: nothing is replaced: no
/// new-pool plan of the draft's values, Start still offers to resume
/// changing the pool, and the autosave keeps its pool and base.
#[tokio::test]
async fn esc_at_the_id_prompt_over_a_recovered_change_draft_keeps_it() {
    use cognito_wizard::app::draft;
    use cognito_wizard::model::load::{from_described, Loaded};
    let Loaded::Pool(base) = from_described(&existing()).unwrap().loaded else {
        panic!("a pool");
    };
    let mut edited = base.clone();
    edited.create.deletion_protection = Some("ACTIVE".into());
    let pool = "us-east-1_Change1";
    let text = draft::encode_for(
        &edited,
        &Default::default(),
        StepId::Review,
        Some((pool, &base)),
    );
    let dir = temp_dir("change-recovered-esc");
    let autosave = dir.join("autosave.json");
    std::fs::write(&autosave, &text).unwrap();
    let (app, effects) =
        cognito_wizard::wizard::prepare(&WizardArgs::default(), Some(autosave.clone())).unwrap();
    let api = FakeApi::new(CreateBehaviour::Succeed);
    let app = run_wizard(app, effects, Arc::new(api), (120, 40), |mut d| async move {
        d.wait_for("Change an existing pool by id…").await;
        d.key(KeyCode::Up); // the last item
        d.key(KeyCode::Enter);
        d.wait_for("Replace the draft?").await;
        d.key(KeyCode::Char('y'));
        d.wait_for("Change the pool with id").await;
        d.key(KeyCode::Esc);
        d.wait_for(&format!("Resume changing {pool}")).await;
    })
    .await;
    assert!(app.change().is_none());
    assert_ne!(app.doc(), &edited, "the draft's values are not loaded");
    let saved = draft::decode(&std::fs::read_to_string(&autosave).unwrap()).unwrap();
    assert_eq!(saved.change_pool.as_deref(), Some(pool));
    assert_eq!(saved.change_base, draft::decode(&text).unwrap().change_base);
}
