//! What change mode's Review lists on its left, one item a line group: what
//! someone else changed since the pool was loaded, the diff (each changed
//! member), then the problems. Every item can be selected (↑/↓), so the
//! whole list is reachable however long it is, and Enter on an item goes
//! to where its member is edited. One list for the keys and the drawing.

use crate::problem::Problem;
use crate::update::Change;

use super::super::App;

/// One selectable line of change mode's Review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    /// A member someone else changed between loading and sending.
    Theirs(&'a Change),
    /// A member the draft changes (the diff).
    Mine(&'a Change),
    Problem(&'a Problem),
}

impl Item<'_> {
    /// The API path Enter goes to.
    pub fn path(&self) -> &str {
        match self {
            Item::Theirs(c) | Item::Mine(c) => &c.path,
            Item::Problem(p) => &p.path,
        }
    }
}

/// Every item, in the order drawn; empty outside change mode.
pub fn items(app: &App) -> Vec<Item<'_>> {
    let Some(change) = &app.change else {
        return Vec::new();
    };
    let theirs = change.meanwhile.iter().map(Item::Theirs);
    let mine = change.plan.changes.iter().map(Item::Mine);
    let problems = app.problems.iter().map(Item::Problem);
    theirs.chain(mine).chain(problems).collect()
}

/// The selected item (the selection kept in range: the list shrinks as
/// problems are fixed).
pub fn selected(app: &App) -> Option<usize> {
    let count = items(app).len();
    (count > 0).then(|| app.review.selected.min(count - 1))
}

/// Enter on Review in change mode: to where the selected item's member is
/// (a part's diff line to its entry in the draft).
pub fn activate(app: &mut App) {
    let path = selected(app).map(|i| super::existing::draft_path(app, items(app)[i].path()));
    if let Some(path) = path {
        app.jump_to(&path);
    }
}
