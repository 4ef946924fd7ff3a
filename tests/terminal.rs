//! The real binary in a real terminal: tmux runs `cognito-wizard` against moto,
//! `send-keys` types, `capture-pane` reads the screen. Every wait is on a
//! screen condition, bounded; nothing sleeps for a fixed time.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One tmux server (its own socket) with one window running the wizard.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, command: &str, width: u16, height: u16) -> Self {
        let socket = format!("cw-{name}-{}", std::process::id());
        let tmux = Self { socket };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "main",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .arg(command)
            .status()
            .expect("tmux is installed (Debian package tmux)");
        assert!(status.success());
        tmux.run(&["set-option", "-g", "escape-time", "0"]);
        tmux.run(&["set-option", "-g", "remain-on-exit", "on"]);
        tmux
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Named keys (`Enter`, `NPage`, `C-s`, `Escape`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Literal text.
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "main", "-l", text]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {needle:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_until_gone(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.screen().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "{needle:?} never went away:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the program in the pane has exited (remain-on-exit keeps it).
    fn exited(&self) -> bool {
        self.run(&["display-message", "-p", "-t", "main", "#{pane_dead}"])
            .trim()
            == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn state_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cw-term-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn wizard_command(state: &Path, extra: &str) -> String {
    format!(
        "env COGNITO_WIZARD_STATE_DIR={} {} --endpoint-url {} --region us-east-1 {extra}",
        state.display(),
        env!("CARGO_BIN_EXE_cognito-wizard"),
        support::moto_url()
    )
}

/// Moves the Start screen's selection to the line holding `label`.
fn choose(tmux: &Tmux, label: &str) {
    let screen = tmux.wait_for("Empty pool");
    let items: Vec<&str> = screen
        .lines()
        .filter(|l| {
            l.contains("Preset:")
                || l.contains("Empty pool")
                || l.contains("Resume")
                || l.contains("Open a")
                || l.contains("Clone")
        })
        .collect();
    let index = items
        .iter()
        .position(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no {label:?} in\n{screen}"));
    for _ in 0..index {
        tmux.keys(&["Down"]);
    }
    tmux.keys(&["Enter"]);
}

#[test]
fn create_a_pool_from_a_preset_in_a_real_terminal() {
    let state = state_dir("create");
    let name = format!("tmux-pool-{}", std::process::id());
    let tmux = Tmux::start("create", &wizard_command(&state, ""), 100, 30);
    choose(&tmux, "authenticator app");
    tmux.wait_for("▶");
    // Rename the pool (first field): clear the old name, type the new one.
    tmux.keys(&["Enter"]);
    tmux.wait_for("Enter done");
    for _ in 0..40 {
        tmux.keys(&["BSpace"]);
    }
    tmux.type_text(&name);
    tmux.keys(&["Enter"]);
    tmux.wait_until_gone("Enter done");
    // Password step: raise the minimum length.
    tmux.keys(&["NPage"]);
    tmux.wait_for("· Password");
    tmux.keys(&["Enter"]);
    for _ in 0..4 {
        tmux.keys(&["BSpace"]);
    }
    tmux.type_text("14");
    tmux.keys(&["Enter"]);
    for _ in 0..7 {
        tmux.keys(&["NPage"]);
    }
    tmux.wait_for("Problems:");
    tmux.keys(&["s"]);
    tmux.wait_for("Create the user pool?");
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("The user pool was created");
    let id = screen
        .lines()
        .find_map(|l| l.split("Id:").nth(1))
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches('│')
                .to_owned()
        })
        .expect("the pool id is on screen");
    // The pool AWS describes matches what the preview showed.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let described = runtime.block_on(async {
        use cognito_wizard::api::CognitoApi;
        support::moto_api()
            .await
            .describe_user_pool(id.clone())
            .await
            .unwrap()
    });
    let outcome = cognito_wizard::model::load::from_described(&described).unwrap();
    let cognito_wizard::model::load::Loaded::Pool(doc) = outcome.loaded else {
        panic!()
    };
    assert_eq!(doc.create.pool_name.as_deref(), Some(name.as_str()));
    let policy = doc.create.policies.unwrap().password_policy.unwrap();
    assert_eq!(policy.minimum_length, Some(14));
    assert_eq!(
        doc.create.username_attributes,
        Some(vec!["email".to_owned()])
    );
    tmux.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !tmux.exited() {
        assert!(
            Instant::now() < deadline,
            "the wizard did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
