//! One undo history for the whole draft. Every change to the document is one
//! step, whatever screen made it: an edit finished, a field cleared, a choice
//! cycled, an attribute added or removed, a preset or a file loaded in place
//! of the draft. Undo goes back to the step where the change was made, so the
//! operator sees what came back.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::fields::StepId;
use crate::model::PoolDocument;

/// Changes kept; older ones are forgotten.
const DEPTH: usize = 500;

/// What a change can alter: the document, the text typed that is not a value
/// yet, the contents of sections switched off, and which pool the draft
/// changes (none: it makes a new pool), so that an undo or redo brings back
/// the mode with the values (a pool's values planned as a new pool would
/// make a second pool; a new pool's planned as a change would change one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftState {
    pub doc: PoolDocument,
    pub raw: BTreeMap<String, String>,
    pub stash: HashMap<String, Value>,
    pub change: Option<super::change::Seed>,
}

/// One change: the state before it, and the step it was made on.
#[derive(Debug, Clone)]
struct Change {
    before: DraftState,
    step: StepId,
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Records that the draft left `before` by a change made on `step`.
    pub fn record(&mut self, before: DraftState, step: StepId) {
        self.undo.push(Change { before, step });
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Takes back the last change: the state to return to and the step to
    /// show; `now` becomes what redo brings back.
    pub fn undo(&mut self, now: DraftState) -> Option<(DraftState, StepId)> {
        let change = self.undo.pop()?;
        self.redo.push(Change {
            before: now,
            step: change.step,
        });
        Some((change.before, change.step))
    }

    /// Makes the last undone change again.
    pub fn redo(&mut self, now: DraftState) -> Option<(DraftState, StepId)> {
        let change = self.redo.pop()?;
        self.undo.push(Change {
            before: now,
            step: change.step,
        });
        Some((change.before, change.step))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many changes undo can take back now.
    pub fn depth(&self) -> usize {
        self.undo.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> DraftState {
        let mut state = DraftState::default();
        state.doc.create.pool_name = Some(name.into());
        state
    }

    #[test]
    fn undo_and_redo_walk_the_changes_in_order() {
        let mut history = History::default();
        history.record(named("a"), StepId::SignIn);
        history.record(named("b"), StepId::Password);
        let (back, step) = history.undo(named("c")).unwrap();
        assert_eq!((back, step), (named("b"), StepId::Password));
        let (back, step) = history.undo(named("b")).unwrap();
        assert_eq!((back, step), (named("a"), StepId::SignIn));
        assert!(history.undo(named("a")).is_none());
        let (again, step) = history.redo(named("a")).unwrap();
        assert_eq!((again, step), (named("b"), StepId::SignIn));
        let (again, step) = history.redo(named("b")).unwrap();
        assert_eq!((again, step), (named("c"), StepId::Password));
        assert!(!history.can_redo());
    }

    #[test]
    fn a_new_change_forgets_what_was_undone() {
        let mut history = History::default();
        history.record(named("a"), StepId::SignIn);
        history.undo(named("b")).unwrap();
        history.record(named("a"), StepId::SignIn);
        assert!(!history.can_redo());
    }
}
