//! Nothing typed is lost without asking: undo over the whole draft, Esc in
//! every editor, the Start step asking before it replaces a draft, a failed
//! save that stays visibly unsaved, Ctrl+C in an editor.

use super::*;
use cognito_wizard::app::fields::StepId;

fn wizard_api() -> SharedApi {
    Arc::new(FakeApi::new(CreateBehaviour::Succeed))
}

/// The wizard on the empty pool's first field, then `script`.
async fn empty_pool_wizard<F, Fut>(name: &str, size: (u16, u16), script: F) -> App
where
    F: FnOnce(Driver) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = temp_dir(name);
    run_wizard(
        new_app(&dir),
        Vec::new(),
        wizard_api(),
        size,
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("▶ Pool name").await;
            script(d).await;
        },
    )
    .await
}

/// Replaces the focused field's text with `text`.
pub(super) async fn retype(d: &mut Driver, text: &str) {
    d.key(KeyCode::Enter);
    d.wait_for("Tab done").await;
    d.ctrl('u');
    d.text(text);
    d.key(KeyCode::Enter);
    d.wait_until_gone("Tab done").await;
}

#[tokio::test]
async fn undo_takes_back_every_kind_of_edit_across_steps_and_redo_makes_it_again() {
    let app = empty_pool_wizard("undo", (80, 24), |mut d| async move {
        retype(&mut d, "renamed-pool").await; // a text edit
        d.key(KeyCode::PageDown);
        d.wait_for("▶ Minimum length").await;
        retype(&mut d, "14").await; // brings the policy into existence
        d.key(KeyCode::Tab);
        d.key(KeyCode::Char(' ')); // a toggle: upper case off
        d.wait_for("Require upper case            [ ]").await;
        d.key(KeyCode::Up);
        d.key(KeyCode::Delete); // a field cleared
        d.wait_until_gone("Minimum length                14").await;

        d.ctrl('z');
        d.wait_for("Minimum length                14").await;
        d.key(KeyCode::Char('u')); // u works too, outside text editing
        d.wait_for("Require upper case            [x]").await;
        d.ctrl('z');
        d.ctrl('z');
        // Back on the step of the change, with the name as it was.
        let screen = d.wait_for("my-user-pool").await;
        assert!(screen.contains("▶ Pool name"), "{screen}");
        // The first change was choosing the empty pool on Start.
        d.ctrl('z');
        d.wait_for("Pick where the new pool comes from").await;
        d.ctrl('z');
        d.wait_for("Nothing to undo").await;
        d.ctrl('y');
        d.ctrl('y');
        d.wait_for("renamed-pool").await;
    })
    .await;
    assert_eq!(app.doc().create.pool_name.as_deref(), Some("renamed-pool"));
    assert!(
        app.doc().create.policies.is_none(),
        "only the rename was redone"
    );
}

#[tokio::test]
async fn esc_at_a_new_attributes_name_leaves_no_attribute_behind() {
    let app = empty_pool_wizard("esc-attr", (80, 24), |mut d| async move {
        for _ in 0..3 {
            d.key(KeyCode::PageDown);
        }
        d.wait_for("add custom").await;
        d.key(KeyCode::Char('a'));
        d.wait_for("Tab done").await;
        d.key(KeyCode::Esc);
        d.wait_until_gone("Tab done").await;
        // Nor in the history: the add and its Esc cancel out, so undo takes
        // back the change before them (choosing the empty pool).
        d.ctrl('z');
        d.wait_for("Pick where the new pool comes from").await;
        d.ctrl('y');
        d.wait_for("Redone").await;
    })
    .await;
    assert_eq!(app.doc().create.schema, None);
}

#[tokio::test]
async fn another_preset_asks_before_replacing_the_draft_and_undo_brings_it_back() {
    let app = empty_pool_wizard("replace", (100, 30), |mut d| async move {
        retype(&mut d, "my-work").await;
        d.key(KeyCode::PageUp);
        d.wait_for("Back to the draft you are editing").await;
        choose_start_item(&mut d, "Minimal").await;
        let screen = d.wait_for("Replace the draft?").await;
        assert!(screen.contains("my-work"), "{screen}");
        d.key(KeyCode::Char('n'));
        d.wait_until_gone("Replace the draft?").await;
        assert!(
            d.screen
                .borrow()
                .contains("Pick where the new pool comes from"),
            "still on Start"
        );
        // Now replace it, and take that back.
        d.key(KeyCode::Enter);
        d.wait_for("Replace the draft?").await;
        d.key(KeyCode::Char('y'));
        d.wait_for("Ctrl+Z brings it back").await;
        d.ctrl('z');
        d.wait_for("my-work").await;
    })
    .await;
    assert_eq!(app.doc().create.pool_name.as_deref(), Some("my-work"));
}

#[tokio::test]
async fn a_failed_save_is_shown_as_not_saved_and_quit_asks() {
    let dir = temp_dir("save-fails");
    // A draft under a regular file: every write fails.
    std::fs::write(dir.join("not-a-dir"), "x").unwrap();
    let app = App::new(Session {
        draft_path: Some(dir.join("not-a-dir").join("draft.json")),
        ..Session::default()
    });
    let app = run_wizard(
        app,
        Vec::new(),
        wizard_api(),
        (100, 30),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("▶ Pool name").await;
            retype(&mut d, "unsaved-pool").await;
            d.wait_for("not-a-dir is not a directory").await;
            // A key lets the message give way to the save state (saves still
            // in flight may say it again first: press until it shows).
            for _ in 0..100 {
                d.key(KeyCode::Down);
                if d.screen.borrow().contains("NOT SAVED") {
                    break;
                }
                tokio::task::yield_now().await;
            }
            d.wait_for("NOT SAVED").await;
            d.ctrl('s');
            d.wait_for("Could not save the draft").await;
            d.key(KeyCode::Char('q'));
            let screen = d.wait_for("Quit?").await;
            assert!(screen.contains("NOT on disk"), "{screen}");
            d.key(KeyCode::Char('n'));
            d.wait_until_gone("Quit?").await;
        },
    )
    .await;
    assert!(!app.quit());
    assert!(app.session().unsaved);
}

#[tokio::test]
async fn ctrl_c_while_typing_asks_before_quitting() {
    let app = empty_pool_wizard("ctrl-c-edit", (80, 24), |mut d| async move {
        d.key(KeyCode::Enter);
        d.wait_for("Tab done").await;
        d.text("-typed");
        d.ctrl('c');
        d.wait_for("Quit?").await;
        d.key(KeyCode::Char('n'));
        d.wait_until_gone("Quit?").await;
    })
    .await;
    assert!(!app.quit());
    assert_eq!(
        app.doc().create.pool_name.as_deref(),
        Some("my-user-pool-typed")
    );
}

#[tokio::test]
async fn esc_in_the_invitation_form_puts_the_field_back() {
    let dir = temp_dir("esc-invite");
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        wizard_api(),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "list the pools").await;
            d.wait_for("· i invites").await;
            d.key(KeyCode::Char('i'));
            d.wait_for("Pool us-east-1_Existing1").await;
            d.key(KeyCode::Enter);
            d.wait_for("Tab done").await;
            d.text("alice");
            d.key(KeyCode::Enter);
            d.wait_until_gone("Tab done").await;
            d.key(KeyCode::Enter);
            d.wait_for("Tab done").await;
            d.text("-and-more");
            d.key(KeyCode::Esc);
            d.wait_until_gone("Tab done").await;
        },
    )
    .await;
    assert_eq!(app.step(), StepId::Invite);
    assert_eq!(app.invite().text.get(&0).map(String::as_str), Some("alice"));
}

/// Types `path` into the export prompt of the Review step.
async fn export_to(d: &mut Driver, path: &std::path::Path) {
    d.key(KeyCode::Char('e'));
    d.wait_for("Export the request to").await;
    d.ctrl('u');
    d.text(path.to_str().unwrap());
    d.key(KeyCode::Enter);
}

#[tokio::test]
async fn export_never_replaces_a_file_without_asking_and_refuses_a_draft_with_errors() {
    let dir = temp_dir("export-exists");
    let target = dir.join("pool.json");
    std::fs::write(&target, "mine").unwrap();
    let path = target.clone();
    run_wizard(
        new_app(&dir),
        Vec::new(),
        wizard_api(),
        (100, 30),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("▶ Pool name").await;
            d.review().await;
            export_to(&mut d, &path).await;
            let screen = d.wait_for("Replace existing files?").await;
            assert!(screen.contains("pool.json"), "{screen}");
            d.key(KeyCode::Char('n'));
            d.wait_for("Not exported: nothing was written").await;
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
            export_to(&mut d, &path).await;
            d.wait_for("Replace existing files?").await;
            d.key(KeyCode::Char('y'));
            d.wait_for("Exported").await;
            // An invalid value is never exported (nor dropped from the file).
            for _ in 0..11 {
                d.key(KeyCode::PageUp);
            }
            d.wait_for("▶ Pool name").await;
            retype(&mut d, "").await;
            d.review().await;
            d.key(KeyCode::Char('e'));
            d.wait_for("Not exported: 1 error(s)").await;
        },
    )
    .await;
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["PoolName"], "my-user-pool");
}

/// Ctrl+S to a name that is taken asks before replacing that file; once a
/// draft is saved, a preset chosen in its place never writes into it.
#[tokio::test]
async fn a_draft_is_never_saved_over_a_file_without_asking_nor_replaced_in_it() {
    let dir = temp_dir("save-as");
    let taken = dir.join("taken.json");
    std::fs::write(&taken, "theirs").unwrap();
    let mine = dir.join("mine.json");
    let (taken2, mine2) = (taken.clone(), mine.clone());
    run_wizard(
        new_app(&dir),
        Vec::new(),
        wizard_api(),
        (100, 30),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("▶ Pool name").await;
            retype(&mut d, "kept-pool").await;
            d.ctrl('s');
            d.wait_for("Save the draft to").await;
            d.ctrl('u');
            d.text(taken2.to_str().unwrap());
            d.key(KeyCode::Enter);
            d.wait_for("Replace the file?").await;
            d.key(KeyCode::Char('n'));
            // Back at the name, which is kept to be changed.
            let screen = d.wait_for("Not saved: choose another name").await;
            assert!(screen.contains("Save the draft to"), "{screen}");
            assert!(screen.contains("taken.json"), "{screen}");
            d.ctrl('u');
            d.text(mine2.to_str().unwrap());
            d.key(KeyCode::Enter);
            d.wait_for("Saved to").await;
            // Another draft in its place: no question (it is saved), and the
            // saved file keeps what was saved.
            // The list keeps "Empty pool" selected; Minimal is just above it.
            d.key(KeyCode::PageUp);
            d.wait_for("Back to the draft you are editing").await;
            d.key(KeyCode::Up);
            d.key(KeyCode::Enter);
            d.wait_for("▶ Pool name").await;
            retype(&mut d, "other-pool").await;
        },
    )
    .await;
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "theirs");
    let saved = std::fs::read_to_string(&mine).unwrap();
    assert!(
        saved.contains("kept-pool") && !saved.contains("other-pool"),
        "{saved}"
    );
}

/// Ctrl+C with an edit in progress asks, even when the draft is saved.
#[tokio::test]
async fn ctrl_c_asks_while_an_edit_is_in_progress_even_when_saved() {
    let dir = temp_dir("ctrl-c-saved");
    let app = App::new(Session {
        draft_path: Some(dir.join("draft.json")),
        ..Session::default()
    });
    let app = run_wizard(
        app,
        Vec::new(),
        wizard_api(),
        (80, 24),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("· saved").await;
            d.key(KeyCode::Enter);
            d.wait_for("Tab done").await;
            d.text("zz");
            d.ctrl('c');
            d.wait_for("Quit?").await;
            d.key(KeyCode::Char('n'));
            d.wait_until_gone("Quit?").await;
        },
    )
    .await;
    assert!(!app.quit());
}

/// A paste with CR line ends (tmux, xterm) into a message keeps its lines.
#[test]
fn a_pasted_message_with_cr_line_ends_keeps_its_lines() {
    let mut app = App::new(Session::default());
    let press = |app: &mut App, code| {
        app.update(cognito_wizard::app::Action::Key(KeyEvent::new(
            code,
            KeyModifiers::NONE,
        )));
    };
    press(&mut app, KeyCode::Enter); // the first preset
    app.go(StepId::Messages);
    press(&mut app, KeyCode::BackTab); // the invitation SMS
    press(&mut app, KeyCode::Enter);
    app.update(cognito_wizard::app::Action::Paste(
        "line one {####}\rline two {username}".into(),
    ));
    let editor = app.editor().expect("editing");
    assert_eq!(editor.text().lines().count(), 2, "{:?}", editor.text());
    assert!(!editor.text().contains('\r'));
}

/// Below the smallest size nothing is drawn but a notice, so keys do nothing
/// (n would have replaced the draft unseen).
#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut app = App::new(Session::default());
    app.update(cognito_wizard::app::Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    let before = app.doc().clone();
    app.update(cognito_wizard::app::Action::Resize(30, 8));
    for code in [KeyCode::Char('n'), KeyCode::Delete, KeyCode::Char('q')] {
        app.update(cognito_wizard::app::Action::Key(KeyEvent::new(
            code,
            KeyModifiers::NONE,
        )));
    }
    app.update(cognito_wizard::app::Action::Click(
        cognito_wizard::app::Hit::Step(StepId::Review),
    ));
    app.update(cognito_wizard::app::Action::Paste("pasted".into()));
    assert_eq!(app.doc(), &before);
    assert_eq!(app.step(), StepId::SignIn, "no click acts unseen");
    assert!(!app.quit() && app.modal().is_none());
}

/// Choosing "Open a draft…" and closing the prompt with Esc changes nothing:
/// the draft still saves to its file.
#[test]
fn a_start_prompt_closed_with_esc_keeps_the_draft_file() {
    let dir = temp_dir("esc-open");
    let mut app = App::new(Session {
        draft_path: Some(dir.join("draft.json")),
        ..Session::default()
    });
    let key = |app: &mut App, code| {
        app.update(cognito_wizard::app::Action::Key(KeyEvent::new(
            code,
            KeyModifiers::NONE,
        )));
    };
    key(&mut app, KeyCode::Enter); // a preset: the draft being edited
    app.go(StepId::Start);
    let open = app
        .start()
        .items
        .iter()
        .position(|i| matches!(i, cognito_wizard::app::start::StartItem::OpenFile))
        .unwrap();
    while app.start().selected != open {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_some(), "the file prompt");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
    assert_eq!(
        app.session().draft_path.as_deref(),
        Some(dir.join("draft.json").as_path())
    );
}

/// The draft a crash left in the autosave is offered on Start: choosing
/// another source asks first (and Ctrl+Z brings it back), and editing
/// without resuming never writes over it.
#[tokio::test]
async fn a_draft_recovered_after_a_crash_is_never_replaced_without_asking() {
    let dir = temp_dir("recovered");
    let autosave = dir.join("autosave.json");
    let mut doc = cognito_wizard::model::PoolDocument::default();
    doc.create.pool_name = Some("crash-two".into());
    let recovered = cognito_wizard::app::draft::encode(&doc, &BTreeMap::new(), StepId::SignIn);
    std::fs::write(&autosave, &recovered).unwrap();
    let prepare =
        || cognito_wizard::wizard::prepare(&WizardArgs::default(), Some(autosave.clone())).unwrap();

    // Another preset: asked, and the recovered draft stays one undo away.
    let (app, effects) = prepare();
    let app = run_wizard(app, effects, wizard_api(), (80, 24), |mut d| async move {
        d.wait_for("Resume where you left off: crash-two").await;
        choose_start_item(&mut d, "Minimal").await;
        let screen = d.wait_for("Replace the draft?").await;
        assert!(
            screen.contains("recovered from the last session"),
            "{screen}"
        );
        d.key(KeyCode::Char('y'));
        d.wait_for("Ctrl+Z brings it back").await;
        d.ctrl('z');
        d.wait_for("crash-two").await;
    })
    .await;
    assert_eq!(app.doc().create.pool_name.as_deref(), Some("crash-two"));

    // Editing the empty draft without resuming: the autosave keeps the
    // recovered draft, the footer says so and Quit asks.
    std::fs::write(&autosave, &recovered).unwrap();
    let (app, effects) = prepare();
    let app = run_wizard(app, effects, wizard_api(), (100, 30), |mut d| async move {
        d.wait_for("Resume where you left off: crash-two").await;
        d.key(KeyCode::PageDown);
        d.wait_for("▶ Pool name").await;
        retype(&mut d, "fresh").await;
        d.wait_for("Not autosaved").await;
        d.key(KeyCode::Char('q'));
        let screen = d.wait_for("Quit?").await;
        assert!(screen.contains("stays in the autosave"), "{screen}");
        d.key(KeyCode::Char('y'));
    })
    .await;
    assert!(app.quit());
    assert_eq!(std::fs::read_to_string(&autosave).unwrap(), recovered);
}
