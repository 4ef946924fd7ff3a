//! `scripts/try.sh` as a newcomer with no AWS account runs it: the wizard
//! against the emulator the script starts, a pool from a preset, one user and
//! the sample CSV invited, quit, and no emulator left behind.

use std::path::Path;

use crate::tmux::{wait_for_condition, Tmux};
use crate::{choose, Scratch};

/// The emulator's port, from the title bar (`LOCAL EMULATOR 127.0.0.1:PORT`).
fn emulator_port(screen: &str) -> u16 {
    screen
        .split("LOCAL EMULATOR 127.0.0.1:")
        .nth(1)
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .unwrap_or_else(|| panic!("no emulator in the title:\n{screen}"))
}

/// Whether a moto server for `port` still runs (by its command line).
fn emulator_running(port: u16) -> bool {
    let wanted = format!("-p\0{port}");
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| std::fs::read(entry.path().join("cmdline")).ok())
        .map(|cmdline| String::from_utf8_lossy(&cmdline).into_owned())
        .any(|cmdline| cmdline.contains("moto_server") && cmdline.contains(&wanted))
}

#[test]
fn try_script_creates_a_pool_invites_users_and_leaves_no_emulator() {
    let scratch = Scratch::new("try");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let command = format!(
        "env COGNITO_WIZARD_BIN={} COGNITO_WIZARD_TRY_STATE={} {}",
        env!("CARGO_BIN_EXE_cognito-wizard"),
        scratch.state().display(),
        root.join("scripts/try.sh").display()
    );
    let tmux = Tmux::start("try", &command, 100, 30);
    let port = emulator_port(&tmux.wait_for("LOCAL EMULATOR 127.0.0.1:"));
    assert!(emulator_running(port), "the script started moto on {port}");

    choose(&tmux, "authenticator app");
    tmux.wait_for("▶ Pool name");
    tmux.repeat("NPage", 11);
    tmux.wait_for("Problems:");
    tmux.keys(&["s"]);
    tmux.wait_for("(local emulator, not AWS)");
    tmux.keys(&["y"]);
    let screen = tmux.wait_for_all(&["The user pool was created", "sample-users.csv"]);
    // Each call the plan made, on its own line (with the id it made).
    assert!(screen.contains("✓ CreateUserPool"), "{screen}");
    assert!(screen.contains("✓ SetUserPoolMfaConfig"), "{screen}");

    // One user, from the form the Result screen leads to.
    tmux.keys(&["i"]);
    tmux.wait_for("▶ Username (email address)");
    tmux.keys(&["Tab"]);
    tmux.wait_for("▶ email *");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Tab done");
    tmux.type_text("newcomer@example.com");
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Tab done");
    tmux.keys(&["s"]);
    tmux.wait_for("✓ Invited");

    // The sample CSV, offered by the prompt as shipped: every row fits.
    tmux.keys(&["c"]);
    tmux.wait_for("sample-users.csv");
    tmux.keys(&["Enter"]);
    // The sample's path is long (the trial's own directory): the count may
    // wrap after "6".
    tmux.wait_for_all(&["rows, 6 to invite", "0 invalid", "s starts"]);
    tmux.keys(&["s"]);
    tmux.wait_for("6 created");
    assert!(
        !root.join("assets/sample-users.csv.journal.jsonl").exists(),
        "the journal stays out of assets/"
    );

    tmux.keys(&["q"]);
    tmux.wait_exited();
    wait_for_condition("the emulator to stop", || !emulator_running(port));
}
