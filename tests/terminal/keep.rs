//! Nothing typed is lost, in a real terminal: a paste of tens of KB lands
//! whole at once, Ctrl+Z takes it back, and an export never writes over a
//! file that is there without asking.

use crate::tmux::{wait_for_file, Tmux};
use crate::{choose, wizard_command, Scratch};

#[test]
fn a_big_paste_lands_whole_undo_takes_it_back_and_export_asks_before_replacing() {
    let scratch = Scratch::new("keep");
    let tmux = Tmux::start("keep", &wizard_command(&scratch.state()), 100, 30);
    choose(&tmux, "Empty pool");
    tmux.wait_for("▶ Pool name");

    // 30 KB pasted (bracketed) into the pool name, then Tab: all of it is in
    // the draft, up to its last word, with no key pressed after it.
    let text: String = (0..3000).map(|i| format!("w{i:05} ")).collect::<String>() + "END-MARK";
    let file = scratch.dir.join("paste.txt");
    std::fs::write(&file, &text).unwrap();
    tmux.keys(&["Enter"]);
    tmux.wait_for("Tab done");
    tmux.run(&["load-buffer", "-b", "big", file.to_str().unwrap()]);
    tmux.run(&["paste-buffer", "-p", "-b", "big", "-t", "main"]);
    let autosave = scratch.state().join("autosave.json");
    wait_for_file(&autosave, "the whole paste in the autosave", |t| {
        t.contains("END-MARK")
    });
    tmux.keys(&["Tab"]);
    tmux.wait_until_gone("Tab done");

    // Undo: the name as it was.
    tmux.keys(&["C-z"]);
    tmux.wait_for_value("Pool name", "my-user-pool");
    wait_for_file(&autosave, "the undone name in the autosave", |t| {
        !t.contains("END-MARK") && t.contains("my-user-pool")
    });

    // An export over a file that is there asks, and n leaves it as it was.
    let target = scratch.dir.join("pool.json");
    std::fs::write(&target, "mine").unwrap();
    tmux.repeat("NPage", 11);
    tmux.wait_for("Problems:");
    tmux.keys(&["e"]);
    tmux.wait_for("Export the request to");
    tmux.keys(&["C-u"]);
    tmux.type_text(target.to_str().unwrap());
    tmux.keys(&["Enter"]);
    tmux.wait_for("Replace existing files?");
    tmux.keys(&["n"]);
    tmux.wait_for("Not exported: nothing was written");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
}
