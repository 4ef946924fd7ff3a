//! The real binary in a real terminal: tmux runs `cognito-wizard` against moto,
//! `send-keys` types, `capture-pane` reads the screen, tmux formats and
//! `stty -a` read the terminal's modes. Every wait is on a screen (or file)
//! condition, bounded; nothing sleeps for a fixed time.
//!
//! * the terminal is given back in cooked mode, off the alternate screen and
//!   with the cursor shown after SIGTERM, a panic and a normal quit;
//! * every step of the wizard reached and edited, the preview, an export, a
//!   pool created and described;
//! * users invited from the wizard;
//! * resume after `kill -9`.

#[path = "terminal/change.rs"]
mod change;
#[path = "terminal/keep.rs"]
mod keep;
mod support;
#[path = "terminal/tmux.rs"]
mod tmux;
#[path = "terminal/try_script.rs"]
mod try_script;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use cognito_wizard::api::CognitoApi;
use cognito_wizard::app::draft;
use cognito_wizard::model::load::{from_described, load_str, Loaded};
use cognito_wizard::model::{CreateUserPoolRequest, PoolDocument};
use serde_json::Value;

use tmux::{wait_for_file, wait_for_row, Tmux};

// --- launching the wizard ------------------------------------------------------

/// A scratch directory for one test: the state directory (autosave), the
/// scripts the panes run, the pid and `stty -a` files they write.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("cw-term-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("state")).unwrap();
        Self { dir }
    }

    fn state(&self) -> PathBuf {
        self.dir.join("state")
    }

    fn autosave(&self) -> PathBuf {
        self.state().join("autosave.json")
    }

    fn pid_file(&self) -> PathBuf {
        self.dir.join("wizard.pid")
    }

    fn stty_file(&self) -> PathBuf {
        self.dir.join("stty.txt")
    }

    /// The pane's command: a shell script that runs the wizard (writing its
    /// pid first), then, like a person's shell would, reports the exit status
    /// and records `stty -a` of the terminal it got back, prints `DONE` and
    /// stays (so the pane's modes can be read after the wizard is gone).
    fn launch(&self, debug_panic: bool) -> String {
        static SCRIPTS: AtomicU64 = AtomicU64::new(0);
        let _ = std::fs::remove_file(self.pid_file());
        let _ = std::fs::remove_file(self.stty_file());
        let script = self.dir.join(format!(
            "run-{}.sh",
            SCRIPTS.fetch_add(1, Ordering::Relaxed)
        ));
        // No backtrace: the panic message must fit on the visible screen.
        let panic = if debug_panic {
            "COGNITO_WIZARD_DEBUG_PANIC=1 "
        } else {
            ""
        };
        let text = format!(
            "echo 'starting the wizard'\n\
             sh -c 'echo $$ > \"$0\" && exec \"$@\"' '{pid}' env -u RUST_BACKTRACE {panic}COGNITO_WIZARD_STATE_DIR='{state}' '{bin}' --endpoint-url '{url}' --region us-east-1\n\
             echo \"wizard exited with status $?\"\n\
             stty -a > '{stty}'\n\
             echo DONE\n\
             exec sleep 600\n",
            pid = self.pid_file().display(),
            state = self.state().display(),
            bin = env!("CARGO_BIN_EXE_cognito-wizard"),
            url = support::moto_url(),
            stty = self.stty_file().display(),
        );
        std::fs::write(&script, text).unwrap();
        format!("sh '{}'", script.display())
    }

    /// The wizard's pid, once the pane has started it.
    fn pid(&self) -> String {
        wait_for_file(&self.pid_file(), "a pid", |t| {
            t.trim().parse::<u32>().is_ok()
        })
        .trim()
        .to_owned()
    }

    /// The draft in the autosave file.
    fn autosaved(&self) -> draft::Restored {
        let text = std::fs::read_to_string(self.autosave()).expect("the autosave exists");
        draft::decode(&text).expect("the autosave is a whole, readable draft")
    }

    /// Waits until the autosave holds a draft for which `condition` holds.
    fn wait_for_autosave(&self, what: &str, condition: impl Fn(&draft::Restored) -> bool) {
        wait_for_file(&self.autosave(), what, |text| {
            draft::decode(text).is_ok_and(|d| condition(&d))
        });
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn kill(signal: &str, pid: &str) {
    let status = Command::new("kill")
        .args([signal, pid])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill {signal} {pid} failed");
}

// --- driving the screens ---------------------------------------------------------

/// Moves the Start screen's selection to the line holding `label`, chooses it.
fn choose(tmux: &Tmux, label: &str) {
    let screen = tmux.wait_for("Empty pool");
    let items: Vec<&str> = screen
        .lines()
        .filter(|l| {
            l.contains("Preset:")
                || l.contains("Empty pool")
                || l.contains("Resume where")
                || l.contains("Open a")
                || l.contains("Clone")
                || l.contains("Invite users to")
        })
        .collect();
    let index = items
        .iter()
        .position(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no {label:?} in\n{screen}"));
    tmux.repeat("Down", index);
    tmux.keys(&["Enter"]);
}

/// Replaces the focused text field's value: clear it, open the editor, type,
/// done.
fn set_text(tmux: &Tmux, text: &str) {
    tmux.keys(&["Delete", "Enter"]);
    tmux.wait_for("Tab done");
    tmux.type_text(text);
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Tab done");
}

/// Goes to the next step and waits for its first field to have the focus.
fn next_step(tmux: &Tmux, title: &str, first_line: &str) -> String {
    tmux.keys(&["NPage"]);
    tmux.wait_for_all(&[&format!("cognito-wizard · {title}"), first_line])
}

fn previous_step(tmux: &Tmux, title: &str) -> String {
    tmux.keys(&["PPage"]);
    tmux.wait_for(&format!("cognito-wizard · {title}"))
}

/// The pool id on the Result screen.
fn created_pool_id(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.split("Id:").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .map(|id| id.trim_end_matches('│').to_owned())
        .unwrap_or_else(|| panic!("no pool id on\n{screen}"))
}

/// Submits from Review and returns the new pool's id.
fn submit(tmux: &Tmux) -> String {
    tmux.keys(&["s"]);
    tmux.wait_for("Create the user pool?");
    // y waits until the target is known.
    tmux.wait_for("(local emulator, not AWS)");
    tmux.keys(&["y"]);
    // The line under the id: the whole result is on screen.
    let screen = tmux.wait_for_all(&["The user pool was created", "Next: invite users (i)"]);
    created_pool_id(&screen)
}

fn describe(pool_id: &str) -> PoolDocument {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let described = runtime.block_on(async {
        support::moto_api()
            .await
            .describe_user_pool(pool_id.to_owned())
            .await
            .expect("moto describes the new pool")
    });
    let outcome = from_described(&described).expect("the described pool loads");
    let Loaded::Pool(doc) = outcome.loaded else {
        panic!("a described pool loads as a pool")
    };
    doc
}

// --- the terminal given back -------------------------------------------------------

/// `stty -a` settings as words (`icanon`, `-echo`...).
fn stty_flags(text: &str) -> Vec<String> {
    text.split([' ', '\n', ';'])
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The settings raw mode turns off and a shell needs on.
const COOKED: [&str; 5] = ["icanon", "echo", "isig", "icrnl", "opost"];

/// While the wizard runs: raw mode, alternate screen, cursor hidden, mouse on.
/// (So the checks after exit can fail: they look at modes that were set.)
fn assert_taken_over(tmux: &Tmux) {
    assert_eq!(tmux.format("#{alternate_on}"), "1", "alternate screen");
    assert_eq!(tmux.format("#{cursor_flag}"), "0", "cursor hidden");
    assert_eq!(tmux.format("#{mouse_any_flag}"), "1", "mouse reporting");
    let tty = tmux.format("#{pane_tty}");
    let out = Command::new("stty")
        .args(["-a", "-F", &tty])
        .output()
        .expect("stty runs");
    let flags = stty_flags(&String::from_utf8_lossy(&out.stdout));
    for flag in COOKED {
        assert!(
            flags.contains(&format!("-{flag}")),
            "raw mode clears {flag} while the wizard runs: {flags:?}"
        );
    }
}

/// After the wizard: the shell behind it got a usable terminal.
fn assert_given_back(tmux: &Tmux, scratch: &Scratch) {
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(tmux.format("#{cursor_flag}"), "1", "the cursor is shown");
    for mouse in [
        "mouse_any_flag",
        "mouse_button_flag",
        "mouse_standard_flag",
        "mouse_sgr_flag",
    ] {
        assert_eq!(tmux.format(&format!("#{{{mouse}}}")), "0", "{mouse} is off");
    }
    let stty = wait_for_file(&scratch.stty_file(), "stty -a output", |t| {
        t.contains("icanon")
    });
    let flags = stty_flags(&stty);
    for flag in COOKED {
        assert!(
            flags.iter().any(|f| f == flag) && !flags.contains(&format!("-{flag}")),
            "cooked mode has {flag} on; stty -a said:\n{stty}"
        );
    }
}

/// Starts the wizard in a shell, checks it took the terminal over, picks the
/// email preset and names the pool. Returns the pane, the pool name and the
/// wizard's pid.
fn start_editing(name: &str, scratch: &Scratch, debug_panic: bool) -> (Tmux, String, String) {
    let tmux = Tmux::start(name, &scratch.launch(debug_panic), 100, 30);
    let pid = scratch.pid();
    tmux.wait_for("Empty pool");
    assert_taken_over(&tmux);
    choose(&tmux, "authenticator app");
    tmux.wait_for("▶ Pool name");
    let pool = support::unique_name(name);
    set_text(&tmux, &pool);
    tmux.wait_for_value("Pool name", &pool);
    (tmux, pool, pid)
}

fn exit_line(screen: &str) -> usize {
    screen
        .lines()
        .position(|l| l.starts_with("wizard exited with status"))
        .unwrap_or_else(|| panic!("no exit status on\n{screen}"))
}

#[test]
fn sigterm_gives_the_terminal_back_and_keeps_the_autosave() {
    let scratch = Scratch::new("sigterm");
    let (tmux, pool, pid) = start_editing("sigterm", &scratch, false);
    // No wait for the file: a graceful exit writes the last autosave itself.
    kill("-TERM", &pid);
    let screen = tmux.wait_for("DONE");
    assert!(
        screen.contains("wizard exited with status 0"),
        "SIGTERM ends the wizard gracefully, not by the signal's default action:\n{screen}"
    );
    assert_given_back(&tmux, &scratch);
    let saved = scratch.autosaved();
    assert_eq!(saved.doc.create.pool_name.as_deref(), Some(pool.as_str()));
}

#[test]
fn a_panic_gives_the_terminal_back_and_its_message_stays_visible() {
    let scratch = Scratch::new("panic");
    let (tmux, pool, _pid) = start_editing("panic", &scratch, true);
    scratch.wait_for_autosave("the new name", |d| {
        d.doc.create.pool_name.as_deref() == Some(pool.as_str())
    });
    tmux.keys(&["F12"]);
    let screen = tmux.wait_for("DONE");
    assert_given_back(&tmux, &scratch);
    let exit = exit_line(&screen);
    assert!(
        screen.contains("wizard exited with status 101"),
        "a panic exits with 101:\n{screen}"
    );
    // The message is whole and above what the shell printed afterwards (not
    // overwritten by it).
    let lines: Vec<&str> = screen.lines().collect();
    let panicked = lines
        .iter()
        .position(|l| l.starts_with("thread 'main'") && l.contains("panicked at"))
        .unwrap_or_else(|| panic!("no panic message on\n{screen}"));
    assert_eq!(
        lines.get(panicked + 1).copied(),
        Some("debug panic requested with F12"),
        "the panic message:\n{screen}"
    );
    assert!(
        panicked < exit,
        "the panic message comes before the shell's next output:\n{screen}"
    );
    let saved = scratch.autosaved();
    assert_eq!(saved.doc.create.pool_name.as_deref(), Some(pool.as_str()));
}

#[test]
fn quitting_gives_the_terminal_back() {
    let scratch = Scratch::new("quit");
    let (tmux, pool, _pid) = start_editing("quit", &scratch, false);
    tmux.keys(&["q"]);
    tmux.wait_for("Your work is in the autosave");
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("DONE");
    assert!(
        screen.contains("wizard exited with status 0"),
        "a normal quit exits with 0:\n{screen}"
    );
    assert!(
        !screen.contains("Steps"),
        "the wizard's screen is gone:\n{screen}"
    );
    assert_given_back(&tmux, &scratch);
    let saved = scratch.autosaved();
    assert_eq!(saved.doc.create.pool_name.as_deref(), Some(pool.as_str()));
}

// --- creating pools ------------------------------------------------------------------

fn wizard_command(state: &Path) -> String {
    format!(
        "env COGNITO_WIZARD_STATE_DIR={} {} --endpoint-url {} --region us-east-1",
        state.display(),
        env!("CARGO_BIN_EXE_cognito-wizard"),
        support::moto_url()
    )
}

#[test]
fn create_a_pool_from_a_preset_in_a_real_terminal() {
    let scratch = Scratch::new("create");
    let name = support::unique_name("tmux-pool");
    let tmux = Tmux::start("create", &wizard_command(&scratch.state()), 100, 30);
    choose(&tmux, "authenticator app");
    tmux.wait_for("▶ Pool name");
    set_text(&tmux, &name);
    // Password step: raise the minimum length.
    next_step(&tmux, "Password", "▶ Minimum length");
    set_text(&tmux, "14");
    tmux.wait_for_value("Minimum length", "14");
    tmux.repeat("NPage", 10);
    tmux.wait_for("Problems:");
    let id = submit(&tmux);
    // The pool AWS describes matches what the preview showed.
    let doc = describe(&id);
    assert_eq!(doc.create.pool_name.as_deref(), Some(name.as_str()));
    let policy = doc.create.policies.unwrap().password_policy.unwrap();
    assert_eq!(policy.minimum_length, Some(14));
    assert_eq!(
        doc.create.username_attributes,
        Some(vec!["email".to_owned()])
    );
    tmux.keys(&["q"]);
    tmux.wait_exited();
}

const SMS_ROLE: &str = "arn:aws:iam::123456789012:role/e2e-sms";
const PRE_SIGN_UP: &str = "arn:aws:lambda:us-east-1:123456789012:function:e2e-signup";

/// The edits of [`every_step_edited_previewed_exported_and_created`], as the
/// request must hold them (the export, and the pool moto describes).
fn assert_holds_the_edits(request: &CreateUserPoolRequest, name: &str, origin: &str) {
    assert_eq!(request.pool_name.as_deref(), Some(name), "{origin}");
    let policy = request
        .policies
        .as_ref()
        .and_then(|p| p.password_policy.as_ref())
        .unwrap_or_else(|| panic!("{origin}: no password policy"));
    assert_eq!(policy.minimum_length, Some(14), "{origin}");
    assert!(!policy.require_symbols, "{origin}: symbols toggled off");
    assert!(policy.require_uppercase, "{origin}: untouched fields stay");
    let recovery: Vec<(i32, String)> = request
        .account_recovery_setting
        .as_ref()
        .and_then(|a| a.recovery_mechanisms.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|m| (m.priority, m.name))
        .collect();
    assert_eq!(
        recovery,
        [
            (1, "verified_email".to_owned()),
            (2, "verified_phone_number".to_owned())
        ],
        "{origin}"
    );
    let schema = request.schema.clone().unwrap_or_default();
    let attribute = |n: &str| {
        schema
            .iter()
            .find(|a| a.name.as_deref() == Some(n))
            .cloned()
    };
    let department =
        attribute("department").unwrap_or_else(|| panic!("{origin}: no custom attribute"));
    assert_eq!(
        department.attribute_data_type.as_deref(),
        Some("String"),
        "{origin}"
    );
    let given = attribute("given_name").unwrap_or_else(|| panic!("{origin}: no given_name"));
    assert_eq!(given.required, Some(true), "{origin}");
    assert_eq!(
        request
            .verification_message_template
            .as_ref()
            .and_then(|t| t.sms_message.as_deref()),
        Some("Code {####} for {username}"),
        "{origin}"
    );
    assert_eq!(
        request
            .sms_configuration
            .as_ref()
            .map(|s| s.sns_caller_arn.as_str()),
        Some(SMS_ROLE),
        "{origin}"
    );
    assert_eq!(
        request
            .lambda_config
            .as_ref()
            .and_then(|l| l.pre_sign_up.as_deref()),
        Some(PRE_SIGN_UP),
        "{origin}"
    );
    assert_eq!(request.user_pool_tier.as_deref(), Some("PLUS"), "{origin}");
    assert_eq!(
        request
            .user_pool_tags
            .as_ref()
            .and_then(|t| t.get("owner"))
            .map(String::as_str),
        Some("tmux-e2e"),
        "{origin}"
    );
}

#[test]
fn every_step_edited_previewed_exported_and_created() {
    let scratch = Scratch::new("every-step");
    let name = support::unique_name("every-step");
    // Tall and wide: the preview pane sits beside the form and shows the
    // whole plan without scrolling.
    let tmux = Tmux::start("every", &wizard_command(&scratch.state()), 200, 120);
    choose(&tmux, "authenticator app");

    // Sign-in: the pool's name.
    tmux.wait_for("▶ Pool name");
    set_text(&tmux, &name);
    tmux.wait_for_value("Pool name", &name);

    // Password: a number and a toggle.
    next_step(&tmux, "Password", "▶ Minimum length");
    set_text(&tmux, "14");
    tmux.wait_for_value("Minimum length", "14");
    tmux.repeat("Tab", 4);
    tmux.wait_for("▶ Require symbols");
    tmux.keys(&["Space"]);
    tmux.wait_for_value("Require symbols", "[ ]");

    // MFA & recovery: MFA required (OPTIONAL → ON), a fallback recovery.
    next_step(&tmux, "MFA & recovery", "▶ MFA");
    tmux.keys(&["Right"]);
    tmux.wait_for_value("MFA", "‹ ON ›");
    tmux.repeat("Tab", 5);
    tmux.wait_for("▶ Recovery, fallback");
    tmux.repeat("Right", 2);
    tmux.wait_for_value("Recovery, fallback", "‹ verified_phone_number ›");

    // Attributes: a custom attribute, and given_name made required.
    next_step(&tmux, "Attributes", "Req required at sign-up");
    tmux.keys(&["a"]);
    tmux.wait_for("Custom attribute name");
    tmux.repeat("BSpace", 20);
    tmux.type_text("department");
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Tab done");
    wait_for_row(
        &tmux,
        "department",
        &["department", "String", "—", "[x]", "[ ]"],
    );
    wait_for_row(&tmux, "given_name", &["given_name", "String", "[ ]", "[x]"]);
    // From the custom row up to given_name (row 5 of the standard 17), then
    // to the Req column.
    tmux.repeat("Up", 12);
    tmux.repeat("Right", 2);
    tmux.keys(&["Space"]);
    wait_for_row(&tmux, "given_name", &["given_name", "String", "[x]", "[x]"]);

    // Messages: a two-line SMS template, rendered with sample values.
    next_step(&tmux, "Messages", "▶ Email verification by");
    tmux.repeat("Tab", 5);
    tmux.wait_for("▶ Verification SMS");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Tab done");
    // One line: the model's pattern for SMS texts (`.*\{####\}.*`) stops at a line break.
    tmux.type_text("Code {####} for {username}");
    tmux.wait_for_all(&[
        "As the user sees it:",
        "Code 123456 for jane.doe@example.com",
        "✓ code placeholder {####}",
    ]);
    tmux.keys(&["Tab"]);
    tmux.wait_until_gone("Tab done");
    tmux.wait_for_all(&[
        "As sent: Code 123456 for jane.doe@example.com",
        "Code {####} for {username}",
    ]);

    // Email & SMS: SMS delivery on, its IAM role.
    next_step(&tmux, "Email & SMS", "▶ Email sender");
    tmux.repeat("Tab", 5);
    tmux.wait_for("▶ SMS delivery");
    tmux.keys(&["Space"]);
    tmux.wait_for_value("SMS delivery", "[x] on");
    tmux.wait_for("is required: an ARN like");
    tmux.keys(&["Tab"]);
    tmux.wait_for("▶ IAM role for SMS");
    set_text(&tmux, SMS_ROLE);
    tmux.wait_for_value("IAM role for SMS", SMS_ROLE);
    tmux.wait_until_gone("is required: an ARN like");

    // Triggers: a pre sign-up function.
    next_step(&tmux, "Triggers", "▶ Pre sign-up");
    set_text(&tmux, PRE_SIGN_UP);
    tmux.wait_for_value("Pre sign-up", PRE_SIGN_UP);

    // Security: the PLUS plan, a tag.
    next_step(&tmux, "Security", "▶ Feature plan");
    tmux.keys(&["Right"]);
    tmux.wait_for_value("Feature plan", "‹ PLUS ›");
    tmux.repeat("Tab", 6);
    tmux.wait_for("▶ Tags");
    tmux.keys(&["a"]);
    tmux.wait_for("Tags (key=value)");
    tmux.type_text("owner=tmux-e2e");
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Tab done");
    tmux.wait_for("owner = tmux-e2e");
    tmux.wait_for_value("Tags", "1 entry");

    // The live preview holds every edit.
    tmux.keys(&["p"]);
    let expected: Vec<String> = [
        "// call 1 of 2: CreateUserPool".to_owned(),
        "// call 2 of 2: SetUserPoolMfaConfig".into(),
        format!("\"PoolName\": \"{name}\""),
        "\"MinimumLength\": 14".into(),
        "\"RequireSymbols\": false".into(),
        "\"Name\": \"verified_phone_number\"".into(),
        "\"Name\": \"department\"".into(),
        "\"Name\": \"given_name\"".into(),
        "\"SmsMessage\": \"Code {####} for {username}\"".into(),
        format!("\"SnsCallerArn\": \"{SMS_ROLE}\""),
        format!("\"PreSignUp\": \"{PRE_SIGN_UP}\""),
        "\"owner\": \"tmux-e2e\"".into(),
        "\"UserPoolTier\": \"PLUS\"".into(),
        "\"MfaConfiguration\": \"ON\"".into(),
    ]
    .into();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    tmux.wait_for_all(&expected);
    tmux.keys(&["p"]);
    tmux.wait_until_gone("// call 1 of 2");

    // Past App clients, Domain and Groups (none here) to Review: export
    // the request.
    next_step(&tmux, "App clients", "+ add: Single-page / mobile app");
    next_step(&tmux, "Domain", "▶ Create a domain");
    next_step(&tmux, "Groups", "+ add a group");
    next_step(&tmux, "Review", "Problems:");
    let export = scratch.dir.join("export").join("pool.json");
    tmux.keys(&["e"]);
    tmux.wait_for("Export the request to");
    tmux.repeat("BSpace", 40);
    tmux.type_text(&export.display().to_string());
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!(
        "to {}: pool.json",
        export.parent().unwrap().display()
    ));
    let text = std::fs::read_to_string(&export).unwrap();
    let json: Value = serde_json::from_str(&text).expect("the export is JSON");
    assert_eq!(json["PoolName"], Value::String(name.clone()));
    let Loaded::Pool(exported) = load_str(&text, None)
        .expect("the export loads as a request")
        .loaded
    else {
        panic!("the export is a pool request")
    };
    assert_holds_the_edits(&exported.create, &name, "the export");
    let stem = export.file_stem().unwrap().to_string_lossy().into_owned();
    let mfa_file = export.with_file_name(format!("{stem}.set-user-pool-mfa-config.json"));
    // The plan document beside them loads back as the same plan.
    let plan_text =
        std::fs::read_to_string(export.with_file_name(format!("{stem}.plan.json"))).unwrap();
    let Loaded::Pool(whole) = load_str(&plan_text, None)
        .expect("the plan document loads")
        .loaded
    else {
        panic!("the plan document is a pool plan")
    };
    assert_holds_the_edits(&whole.create, &name, "the plan document");
    assert!(
        whole.mfa.is_some(),
        "the plan document holds the second call"
    );
    let mfa: Value = serde_json::from_str(&std::fs::read_to_string(&mfa_file).unwrap()).unwrap();
    assert_eq!(mfa["MfaConfiguration"], "ON");
    assert_eq!(mfa["SoftwareTokenMfaConfiguration"]["Enabled"], true);

    // Submit, and find every edit in the pool moto describes.
    let id = submit(&tmux);
    let described = describe(&id);
    assert_holds_the_edits(&described.create, &name, "DescribeUserPool");
    // The second call of the plan (GetUserPoolMfaConfig tells).
    let mfa = described.mfa.expect("the pool's MFA configuration");
    assert_eq!(mfa.mfa_configuration.as_deref(), Some("ON"));
    assert!(mfa
        .software_token_mfa_configuration
        .is_some_and(|t| t.enabled));
    tmux.keys(&["q"]);
    tmux.wait_exited();
}

// --- inviting users ---------------------------------------------------------------------

/// The users of a pool with this email, as the AWS CLI lists them.
fn users_with_email(pool_id: &str, email: &str) -> usize {
    let out = Command::new("aws")
        .args(["cognito-idp", "list-users", "--user-pool-id", pool_id])
        .args(["--endpoint-url", &support::moto_url()])
        .args(["--region", support::REGION, "--output", "json"])
        .output()
        .expect("the AWS CLI from .venv is on PATH (scripts/test.sh)");
    assert!(
        out.status.success(),
        "aws cognito-idp list-users failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    listed["Users"]
        .as_array()
        .expect("a Users list")
        .iter()
        .filter(|user| {
            user["Attributes"].as_array().is_some_and(|attributes| {
                attributes
                    .iter()
                    .any(|a| a["Name"] == "email" && a["Value"] == email)
            })
        })
        .count()
}

#[test]
fn users_invited_from_the_wizard() {
    let scratch = Scratch::new("invite");
    let name = support::unique_name("invite-pool");
    let email = format!("{}@example.com", support::unique_name("ana"));
    let tmux = Tmux::start("invite", &wizard_command(&scratch.state()), 100, 30);
    choose(&tmux, "authenticator app");
    tmux.wait_for("▶ Pool name");
    set_text(&tmux, &name);
    tmux.repeat("NPage", 11);
    tmux.wait_for("Problems:");
    let pool_id = submit(&tmux);

    // The form follows the pool: email is the username, and required.
    tmux.keys(&["i"]);
    tmux.wait_for_all(&["▶ Username (email address)", "email *", &pool_id]);
    tmux.keys(&["Tab"]);
    tmux.wait_for("▶ email *");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Tab done");
    tmux.type_text(&email);
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Tab done");
    tmux.wait_for_value("email *", &email);
    tmux.keys(&["s"]);
    // The new user and its attributes, as the service answered.
    tmux.wait_for_all(&[
        "✓ Invited",
        "FORCE_CHANGE_PASSWORD",
        &format!("email={email}"),
    ]);
    assert_eq!(users_with_email(&pool_id, &email), 1, "the user exists");

    // The same user again: the service refuses, the screen says why and what
    // to do.
    tmux.keys(&["Enter"]);
    tmux.wait_for("Tab done");
    tmux.type_text(&email);
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Tab done");
    tmux.wait_for_value("email *", &email);
    tmux.keys(&["s"]);
    tmux.wait_for_all(&[
        "✗ UsernameExistsException",
        "What to do: a user with this username already exists",
    ]);
    assert_eq!(
        users_with_email(&pool_id, &email),
        1,
        "no second user was created"
    );
    // The form's text is not part of the draft: Quit says so first.
    tmux.keys(&["q"]);
    tmux.wait_for("The values typed in the invitation form are not kept");
    tmux.keys(&["y"]);
    tmux.wait_exited();
}

// --- resume after kill -9 ----------------------------------------------------------------

#[test]
fn resume_after_kill_9_brings_back_every_field() {
    let scratch = Scratch::new("resume");
    let name = support::unique_name("resumed");
    let first = Tmux::start("resume-1", &scratch.launch(false), 120, 40);
    let pid = scratch.pid();
    choose(&first, "Minimal");
    first.wait_for("▶ Pool name");
    set_text(&first, &name);

    next_step(&first, "Password", "▶ Minimum length");
    set_text(&first, "1a");
    first.wait_for_all(&["\"1a\" is not one"]);
    first.keys(&["Tab"]);
    first.wait_for("▶ Require upper case");
    // The policy the length edit created started at Cognito's defaults.
    first.wait_for_value("Require upper case", "[x]");
    first.keys(&["Space"]);
    first.wait_for_value("Require upper case", "[ ]");

    next_step(&first, "MFA & recovery", "▶ MFA");
    // OFF ← ON: the mode cycle wraps.
    first.keys(&["Left"]);
    first.wait_for_value("MFA", "‹ ON ›");

    next_step(&first, "Attributes", "Req required at sign-up");
    first.keys(&["a"]);
    first.wait_for("Custom attribute name");
    first.repeat("BSpace", 20);
    first.type_text("shoe_size");
    first.keys(&["Enter"]);
    wait_for_row(
        &first,
        "shoe_size",
        &["shoe_size", "String", "—", "[x]", "[ ]"],
    );

    next_step(&first, "Messages", "▶ Email verification by");
    first.repeat("Tab", 5);
    first.wait_for("▶ Verification SMS");
    first.keys(&["Enter"]);
    first.wait_for("Tab done");
    first.type_text("Hi {username}");
    first.keys(&["Enter"]);
    first.type_text("your code {####}");
    first.keys(&["Tab"]);
    first.wait_for_value("Verification SMS", "Hi {username} … (+1 lines)");

    next_step(&first, "Email & SMS", "▶ Email sender");
    first.repeat("Tab", 5);
    first.keys(&["Space"]);
    first.wait_for_value("SMS delivery", "[x] on");
    first.keys(&["Tab"]);
    first.wait_for("▶ IAM role for SMS");
    set_text(&first, SMS_ROLE);
    first.keys(&["Tab"]);
    first.wait_for("▶ External ID");
    set_text(&first, "ext-secret-4711");
    first.wait_for_value("External ID", "********");

    next_step(&first, "Triggers", "▶ Pre sign-up");
    set_text(&first, PRE_SIGN_UP);

    next_step(&first, "Security", "▶ Feature plan");
    first.repeat("Tab", 6);
    first.wait_for("▶ Tags");
    first.keys(&["a"]);
    first.wait_for("Tags (key=value)");
    first.type_text("cost=42");
    first.keys(&["Enter"]);
    first.wait_for("cost = 42");

    // Once the last edit is on disk, the process dies without a chance to
    // clean up.
    scratch.wait_for_autosave("the tag", |d| {
        d.doc
            .create
            .user_pool_tags
            .as_ref()
            .is_some_and(|t| t.get("cost").map(String::as_str) == Some("42"))
    });
    kill("-KILL", &pid);
    // (Killed, the wizard left the terminal raw: the shell's lines staircase
    // and wrap, so look for a piece that stays on one line.)
    first.wait_for("with status 137");
    drop(first);
    let autosave = std::fs::read_to_string(scratch.autosave()).unwrap();
    assert!(
        !autosave.contains("ext-secret-4711"),
        "secrets are not written to the autosave"
    );

    // A new terminal: the wizard offers the draft.
    let second = Tmux::start("resume-2", &scratch.launch(false), 120, 40);
    second.wait_for(&format!("Resume where you left off: {name} (at Security)"));
    choose(&second, "Resume where");
    second.wait_for_all(&[
        "cognito-wizard · Security",
        "Secrets are not kept in drafts: enter SmsConfiguration.ExternalId again",
        "cost = 42",
    ]);
    second.wait_for_value("Tags", "1 entry");

    // Each step as it was left. (Values are awaited, not read once: a frame
    // may reach the terminal in more than one write.)
    previous_step(&second, "Triggers");
    second.wait_for_value("Pre sign-up", PRE_SIGN_UP);

    previous_step(&second, "Email & SMS");
    second.wait_for_value("SMS delivery", "[x] on");
    second.wait_for_value("IAM role for SMS", SMS_ROLE);
    // The secret was not saved: asked again.
    second.wait_for_value("External ID", "");

    previous_step(&second, "Messages");
    second.wait_for_value("Verification SMS", "Hi {username} … (+1 lines)");
    second.repeat("Tab", 5);
    second.wait_for("▶ Verification SMS");
    second.keys(&["Enter"]);
    second.wait_for_all(&["Tab done", "Hi {username}", "your code {####}"]);
    second.keys(&["Escape"]);
    second.wait_until_gone("Tab done");

    previous_step(&second, "Attributes");
    wait_for_row(
        &second,
        "shoe_size",
        &["shoe_size", "String", "—", "[x]", "[ ]"],
    );

    previous_step(&second, "MFA & recovery");
    second.wait_for_value("MFA", "‹ ON ›");
    second.wait_for_value("Authenticator app (TOTP)", "[x]");

    // Text typed into a number field that is not a number yet.
    previous_step(&second, "Password");
    second.wait_for_value("Minimum length", "1a");
    second.wait_for("\"1a\" is not one");
    second.wait_for_value("Require upper case", "[ ]");

    previous_step(&second, "Sign-in");
    second.wait_for_value("Pool name", &name);
}
