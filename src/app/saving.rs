//! Where the draft goes: the autosave, Ctrl+S, and what a save's answer
//! means for "saved" (a failed save is never shown as saved).

use std::path::PathBuf;

use super::modal::{Modal, Prompt, PromptFor};
use super::{draft, App, Effect, TaskId};

impl App {
    pub(super) fn draft_text(&self) -> String {
        let change = self.change().map(|c| (c.live.id.as_str(), c.base()));
        draft::encode_for(&self.doc, &self.raw, self.step, change)
    }

    pub(super) fn autosave(&mut self, fx: &mut Vec<Effect>) {
        let path = self
            .session
            .draft_path
            .clone()
            .or_else(|| self.session.autosave_path.clone());
        if self.session.draft_path.is_none() && self.start.recovered().is_some() {
            // The autosave holds the draft recovered from the last session
            // until it is resumed or replaced (which asks): not over it.
            self.session.unsaved = true;
            self.set_status(
                "Not autosaved: the autosave keeps the draft recovered from the last session until you resume or replace it on Start",
            );
            return;
        }
        if let Some(path) = path {
            self.save_to(path, fx);
        }
    }

    /// Writes the draft; it counts as saved only once the answer says so.
    pub(super) fn save_to(&mut self, path: PathBuf, fx: &mut Vec<Effect>) {
        let id = self.next_task();
        self.session.last_save = Some(id);
        fx.push(Effect::Save {
            id,
            path,
            contents: self.draft_text(),
        });
    }

    /// Ctrl+S: to the draft file, or ask where.
    pub(super) fn save(&mut self, fx: &mut Vec<Effect>) {
        match self.session.draft_path.clone() {
            Some(path) => self.save_to(path, fx),
            None => {
                self.modal = Some(Modal::Prompt(Prompt::new(
                    PromptFor::SaveDraft,
                    "cognito-pool-draft.json",
                )))
            }
        }
    }

    /// The draft was written to the file the operator named: from now on it
    /// is saved there, and the autosave (which would offer an older copy at
    /// the next start) is removed.
    pub(super) fn draft_file_chosen(&mut self, path: PathBuf, fx: &mut Vec<Effect>) {
        self.pending_draft_file = None;
        self.set_status(format!("Saved to {}", crate::sanitize::path(&path)));
        self.session.draft_path = Some(path);
        self.session.unsaved = false;
        self.session.save_failed = None;
        if let Some(autosave) = self.session.autosave_path.clone() {
            fx.push(Effect::RemoveFile(autosave));
        }
    }

    /// Stops saving into the draft file: a draft put in its place (a preset,
    /// another file, a clone) must not overwrite what was saved there.
    pub fn detach_draft_file(&mut self) {
        self.session.draft_path = None;
    }

    /// A save's answer. An older save's success says nothing about newer
    /// changes; any failure means the latest work is not on disk.
    pub(super) fn saved(&mut self, id: TaskId, result: Result<PathBuf, String>) {
        match result {
            Ok(path) if self.session.last_save == Some(id) => {
                self.session.save_failed = None;
                if self.session.draft_path.as_ref() == Some(&path) {
                    self.session.unsaved = false;
                }
            }
            Ok(_) => {}
            Err(e) => {
                self.session.unsaved = true;
                self.set_status(format!(
                    "Could not save the draft: {e}. Your latest changes are not on disk."
                ));
                self.session.save_failed = Some(e);
            }
        }
    }
}
