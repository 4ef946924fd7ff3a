//! Typing into a field. A text area (tui-textarea) holds the text; every
//! keystroke is applied to the document at once, so validation and the preview
//! follow as you type. Esc puts everything back as it was.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

use crate::model::PoolDocument;

use super::fields::{FieldKind, FieldSpec};
use super::keymap::Context;

/// What the text being typed is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    Field(FieldSpec),
    /// A `key=value` row of a map field; `key` is `None` for a new entry.
    MapEntry {
        field: FieldSpec,
        key: Option<String>,
    },
    /// A text cell of the attributes table.
    SchemaCell {
        row: usize,
        column: usize,
    },
    /// A field of the invitation form.
    Invite(usize),
}

pub struct Editor {
    pub target: EditTarget,
    pub textarea: TextArea<'static>,
    pub multiline: bool,
    /// The document before the edit, restored by Esc.
    pub before: (PoolDocument, BTreeMap<String, String>),
    /// The text before the edit, restored by Esc where the text is not in
    /// the document (the invitation form).
    pub initial: String,
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("target", &self.target)
            .field("text", &self.text())
            .finish()
    }
}

impl Editor {
    pub fn new(
        target: EditTarget,
        text: &str,
        before: (PoolDocument, BTreeMap<String, String>),
    ) -> Self {
        let (multiline, secret) = match &target {
            EditTarget::Field(f) => (f.kind == FieldKind::Multiline, f.kind == FieldKind::Secret),
            _ => (false, false),
        };
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.split('\n').map(str::to_owned).collect()
        };
        let mut textarea = TextArea::new(lines);
        textarea.move_cursor(tui_textarea::CursorMove::Bottom);
        textarea.move_cursor(tui_textarea::CursorMove::End);
        if secret {
            textarea.set_mask_char('•');
        }
        Self {
            target,
            textarea,
            multiline,
            before,
            initial: text.to_owned(),
        }
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    pub fn context(&self) -> Context {
        if self.multiline {
            Context::EditingMultiline
        } else {
            Context::Editing
        }
    }

    /// Feeds a key to the text area; `true` when the text changed. A
    /// single-line editor never takes a newline. The keys of a shell's line
    /// editor work: Ctrl+U deletes to the start of the line, Ctrl+K to its
    /// end, Ctrl+W the word before; Ctrl+Z and Ctrl+Y undo and redo typing.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let before = self.text();
        line_edit(&mut self.textarea, key);
        if !self.multiline && self.textarea.lines().len() > 1 {
            let joined = self.textarea.lines().concat();
            self.textarea = TextArea::new(vec![joined]);
            self.textarea.move_cursor(tui_textarea::CursorMove::End);
        }
        self.text() != before
    }

    pub fn paste(&mut self, text: &str) -> bool {
        // Terminals paste line ends as CR (tmux, xterm) or CR LF.
        let text = if self.multiline {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.replace(['\r', '\n'], " ")
        };
        self.textarea.insert_str(text)
    }
}

/// One key into a text area, with the keys of a shell's line editor: Ctrl+U
/// deletes to the start of the line, Ctrl+K to its end, Ctrl+W the word
/// before; Ctrl+Z and Ctrl+Y undo and redo typing; the rest is tui-textarea's
/// own (Home/End, Ctrl+←/→ by word, ...). Editors and prompts alike.
pub fn line_edit(textarea: &mut TextArea<'static>, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('u') if ctrl => {
            textarea.delete_line_by_head();
        }
        KeyCode::Char('z') if ctrl => {
            textarea.undo();
        }
        KeyCode::Char('y') if ctrl => {
            textarea.redo();
        }
        _ => {
            textarea.input(key);
        }
    }
}
