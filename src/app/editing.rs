//! Typing into a field: the editor's keys, pastes, and what a finished
//! edit writes into the draft (an edit is one change, undone whole).

use super::*;

impl App {
    pub(super) fn editing_key(
        &mut self,
        key: KeyEvent,
        command: Option<Command>,
        fx: &mut Vec<Effect>,
    ) {
        match command {
            Some(Command::FinishEdit) => self.finish_edit(fx),
            Some(Command::Quit) => self.ask_quit(fx),
            Some(Command::Cancel) => {
                if let Some(editor) = self.editor.take() {
                    match editor.target {
                        EditTarget::Invite(index) => {
                            invite::apply_text(self, index, &editor.initial)
                        }
                        _ => {
                            (self.doc, self.raw) = editor.before;
                            self.changed(fx);
                        }
                    }
                }
            }
            _ => {
                let changed = self.editor.as_mut().is_some_and(|e| e.input(key));
                if changed {
                    self.apply_live(fx);
                }
            }
        }
    }

    pub(super) fn on_paste(&mut self, text: &str, fx: &mut Vec<Effect>) {
        if self.too_small() {
            return;
        }
        if let Some(editor) = &mut self.editor {
            if editor.paste(text) {
                self.apply_live(fx);
            }
        } else if let Some(Modal::Prompt(prompt)) = &mut self.modal {
            prompt.textarea.insert_str(text.replace(['\r', '\n'], ""));
        }
    }

    /// Text fields take effect as they are typed.
    pub(super) fn apply_live(&mut self, fx: &mut Vec<Effect>) {
        let Some(editor) = &self.editor else { return };
        let text = editor.text();
        match editor.target.clone() {
            EditTarget::Field(field) => form::apply_text(self, &field, &text, fx),
            EditTarget::Invite(index) => invite::apply_text(self, index, &text),
            _ => {}
        }
    }

    pub(super) fn finish_edit(&mut self, fx: &mut Vec<Effect>) {
        let Some(editor) = self.editor.take() else {
            return;
        };
        let text = editor.text();
        match editor.target {
            EditTarget::Field(field) => form::apply_text(self, &field, &text, fx),
            EditTarget::MapEntry { field, key } => {
                form::apply_map_entry(self, &field, key.as_deref(), &text, fx)
            }
            EditTarget::SchemaCell { row, column } => {
                attributes::apply_cell(self, row, column, &text, fx)
            }
            EditTarget::Invite(index) => invite::apply_text(self, index, &text),
        }
    }

    pub fn begin_edit_field(&mut self, field: &FieldSpec) {
        let text = match field.kind {
            FieldKind::Multiline | FieldKind::Secret => self.json.text(field.path),
            FieldKind::List => form::list_text(self, field.path),
            _ => self
                .raw
                .get(field.path)
                .cloned()
                .unwrap_or_else(|| self.json.text(field.path)),
        };
        self.editor = Some(Editor::new(
            EditTarget::Field(*field),
            &text,
            (self.doc.clone(), self.raw.clone()),
        ));
    }

    pub fn begin_edit_map(&mut self, field: &FieldSpec, part: usize) {
        let entries = form::map_entries(self, field.path);
        let (key, text) = match entries.get(part) {
            Some((k, v)) => (Some(k.clone()), format!("{k}={v}")),
            None => (None, String::new()),
        };
        self.editor = Some(Editor::new(
            EditTarget::MapEntry { field: *field, key },
            &text,
            (self.doc.clone(), self.raw.clone()),
        ));
    }
}
