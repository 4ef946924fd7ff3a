//! A tmux server of its own (private socket, no config file) with one window,
//! driven like a person at a keyboard: `send-keys` types, `capture-pane` reads
//! the screen, `display-message` reads the pane's modes. Every wait polls a
//! condition with a deadline; nothing sleeps for a fixed time and then hopes.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long any one condition may take before the test fails. Generous: the
/// machine is shared and debug builds are slow, but a hang still ends.
pub const DEADLINE: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(50);

pub struct Tmux {
    socket: String,
    /// The socket file, removed with the server.
    socket_path: String,
}

impl Tmux {
    /// A new server running `command` (through `sh -c`) in a `width`×`height`
    /// window. The pane stays after its program exits (`remain-on-exit`), and
    /// Escape reaches the program at once (`escape-time 0`).
    pub fn start(name: &str, command: &str, width: u16, height: u16) -> Self {
        static SERVERS: AtomicU64 = AtomicU64::new(0);
        let socket = format!(
            "cw-{name}-{}-{}",
            std::process::id(),
            SERVERS.fetch_add(1, Ordering::Relaxed)
        );
        let mut tmux = Self {
            socket,
            socket_path: String::new(),
        };
        let status = Command::new("tmux")
            .args(["-L", &tmux.socket, "-f", "/dev/null", "new-session", "-d"])
            .args([
                "-s",
                "main",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(command)
            .status()
            .expect("tmux is installed (Debian package tmux)");
        assert!(status.success(), "tmux new-session failed");
        tmux.run(&["set-option", "-g", "escape-time", "0"]);
        tmux.run(&["set-option", "-g", "remain-on-exit", "on"]);
        tmux.socket_path = tmux.format("#{socket_path}");
        tmux
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Named keys (`Enter`, `NPage`, `C-s`, `Escape`, `F12`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// One named key, `times` times.
    pub fn repeat(&self, key: &str, times: usize) {
        if times > 0 {
            self.run(&["send-keys", "-t", "main", "-N", &times.to_string(), key]);
        }
    }

    /// Literal text.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "main", "-l", text]);
    }

    /// The visible screen.
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    /// A tmux format of the pane (`#{alternate_on}`, `#{cursor_flag}`...).
    pub fn format(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "main", format])
            .trim()
            .to_owned()
    }

    /// Polls the screen until `condition` holds; returns that screen.
    pub fn wait_until(&self, what: &str, mut condition: impl FnMut(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let screen = self.screen();
            if condition(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited {DEADLINE:?} for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |s| s.contains(needle))
    }

    pub fn wait_for_all(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("all of {needles:?}"), |s| {
            needles.iter().all(|n| s.contains(n))
        })
    }

    pub fn wait_until_gone(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} to go away"), |s| !s.contains(needle))
    }

    /// Waits until the form field labelled `label` shows `value`.
    pub fn wait_for_value(&self, label: &str, value: &str) -> String {
        self.wait_until(&format!("{label} = {value:?}"), |s| {
            field_value(s, label).as_deref() == Some(value)
        })
    }

    /// Whether the program in the pane has exited (`remain-on-exit` keeps it).
    pub fn exited(&self) -> bool {
        self.format("#{pane_dead}") == "1"
    }

    pub fn wait_exited(&self) {
        wait_for_condition("the program in the pane to exit", || self.exited());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
        if !self.socket_path.is_empty() {
            let _ = std::fs::remove_file(&self.socket_path);
        }
    }
}

/// Polls any condition (a file appearing, a process ending) with the deadline.
pub fn wait_for_condition(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while !condition() {
        assert!(Instant::now() < deadline, "waited {DEADLINE:?} for {what}");
        std::thread::sleep(POLL);
    }
}

/// Polls a file until `condition` holds for its text; returns the text.
pub fn wait_for_file(path: &Path, what: &str, mut condition: impl FnMut(&str) -> bool) -> String {
    let mut text = String::new();
    wait_for_condition(&format!("{} to hold {what}", path.display()), || {
        text = std::fs::read_to_string(path).unwrap_or_default();
        condition(&text)
    });
    text
}

/// The value a form line shows for `label`: the text after the label column
/// (`▶ Minimum length                14` gives `14`, an empty field gives
/// `""`). A form line is the focus marker or two spaces, the label padded to
/// a fixed column, then the value; that is never the step list or a help title.
pub fn field_value(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        line.match_indices(label).find_map(|(at, _)| {
            let before = &line[..at];
            let rest = &line[at + label.len()..];
            let marked = before.ends_with("▶ ") || before.ends_with("│  ");
            (marked && (rest.is_empty() || rest.starts_with("  "))).then(|| rest.trim().to_owned())
        })
    })
}

/// The non-empty cells of the attributes-table row whose name is `name`
/// (`["given_name", "String", "[ ]", "[x]"]`). Columns are at least two
/// spaces apart; a cell (`[ ]`) holds at most one.
pub fn table_row(screen: &str, name: &str) -> Option<Vec<String>> {
    screen.lines().find_map(|line| {
        let content = line.rsplit('│').find(|part| !part.trim().is_empty())?;
        let cells: Vec<String> = content
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        (cells.first().map(String::as_str) == Some(name)).then_some(cells)
    })
}

/// Waits until the attributes-table row `name` has exactly these cells.
pub fn wait_for_row(tmux: &Tmux, name: &str, cells: &[&str]) -> String {
    tmux.wait_until(&format!("the row {name} to read {cells:?}"), |s| {
        table_row(s, name).is_some_and(|row| row == cells)
    })
}
