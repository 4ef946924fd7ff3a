//! The keymap's promises: the footer is what the keys do, and fits.

use super::*;

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn footer_lists_exactly_what_lookup_handles() {
    for context in [
        Context::Form,
        Context::EntryForm,
        Context::Review,
        Context::Result,
        Context::Created,
        Context::Editing,
        Context::Invite,
        Context::InviteBulk,
        Context::InviteBulkRunning,
        Context::Import,
        Context::ImportRunning,
        Context::CsvChecking,
        Context::FailedWithPool,
        Context::FailedWithClient,
        Context::ChangeApplied,
    ] {
        for (label, hint) in footer(context) {
            let binding = bindings(context)
                .iter()
                .chain(GLOBAL)
                .find(|b| b.hint == hint)
                .expect("a footer entry comes from a binding");
            let event = KeyEvent::new(binding.keys[0].code, binding.keys[0].modifiers);
            assert_eq!(
                lookup(context, &event),
                Some(binding.command),
                "{label} {hint}"
            );
        }
    }
}

#[test]
fn typing_contexts_ignore_global_letters() {
    assert_eq!(lookup(Context::Editing, &press(KeyCode::Char('q'))), None);
    assert_eq!(
        lookup(Context::Form, &press(KeyCode::Char('q'))),
        Some(Command::Quit)
    );
    let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(lookup(Context::Form, &question), Some(Command::Help));
}

#[test]
fn every_footer_fits_two_lines_at_80_columns() {
    let contexts = [
        Context::Form,
        Context::EntryForm,
        Context::Editing,
        Context::EditingMultiline,
        Context::Start,
        Context::Attributes,
        Context::Review,
        Context::Result,
        Context::Created,
        Context::Invite,
        Context::InviteBulk,
        Context::InviteBulkDone,
        Context::Confirm,
        Context::ConfirmQuit,
        Context::ConfirmReplaceDraft,
        Context::Prompt,
        Context::HelpOverlay,
        Context::PlanList,
        Context::CreatedWithClient,
        Context::Import,
        Context::ImportDone,
        Context::ImportRunning,
        Context::StartPool,
        Context::FailedWithPool,
        Context::FailedWithClient,
        Context::InviteBulkRunning,
        Context::CsvChecking,
        Context::ChangeApplied,
    ];
    for context in contexts {
        // Entries are "key hint" plus two spaces; a word never splits, so
        // leave a margin for wrapping.
        let width: usize = footer(context)
            .iter()
            .map(|(key, hint)| key.chars().count() + 1 + hint.chars().count() + 2)
            .sum();
        assert!(width <= 150, "{context:?} needs {width} columns");
    }
}

#[test]
fn a_csv_panel_offers_only_the_keys_of_its_state() {
    let keys = |context| -> Vec<String> { footer(context).into_iter().map(|(k, _)| k).collect() };
    for context in [
        Context::InviteBulkRunning,
        Context::ImportRunning,
        Context::CsvChecking,
    ] {
        for key in ["s", "u", "k", "a", "m"] {
            assert!(
                !keys(context).iter().any(|k| k == key),
                "{context:?} offers {key}"
            );
            let event = press(KeyCode::Char(key.chars().next().unwrap()));
            assert_eq!(lookup(context, &event), None, "{context:?} {key}");
        }
    }
    for key in ["s", "u", "k", "a", "↓"] {
        assert!(keys(Context::InviteBulk).iter().any(|k| k == key), "{key}");
    }
    assert!(keys(Context::Invite).iter().any(|k| k == "m"));
    assert!(keys(Context::ImportRunning).iter().any(|k| k == "↓"));
    assert_eq!(
        lookup(Context::ImportDone, &press(KeyCode::Down)),
        Some(Command::ScrollDown)
    );
}

#[test]
fn during_a_call_a_screen_with_its_own_esc_lists_one_esc() {
    for context in [
        Context::ImportRunning,
        Context::InviteBulkRunning,
        Context::CsvChecking,
    ] {
        let footer = footer_during_call(context);
        let esc: Vec<_> = footer.iter().filter(|(k, _)| k == "Esc").collect();
        assert_eq!(esc.len(), 1, "{context:?}: {footer:?}");
        assert_eq!(call_cancel_hint(context), format!("Esc {}", esc[0].1));
    }
    assert_eq!(
        call_cancel_hint(Context::ImportRunning),
        format!("Esc {STOP_JOB}")
    );
    assert_eq!(call_cancel_hint(Context::Review), "Esc cancels");
    assert_eq!(
        footer_during_call(Context::Review)[0].1,
        "cancel the call in flight"
    );
}
