//! What a submit does after a plan failed half-way: resume the half-made
//! pool (only while the draft is exactly the one that failed: every call
//! left is the plan's own, nothing done is redone), or, once the draft was
//! changed, make a NEW pool and leave the half-made one as it is (a resume
//! would mix the old calls with the new draft: edits to what was already
//! made would never be applied). The confirmation says which.

use crate::run::PlanFailure;

use super::{App, Outcome};

/// What `y` on the confirmation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitKind<'a> {
    /// Nothing failed half-way: the plan makes a pool.
    NewPool,
    /// The draft is the one that failed: the calls left run on its pool.
    Resume(&'a PlanFailure),
    /// The draft changed since a failure left a pool half made: a new pool
    /// is made; the half-made one stays as it is.
    NewBeside(&'a PlanFailure),
}

impl App {
    /// What a submit now would do (see [`SubmitKind`]).
    pub fn submit_kind(&self) -> SubmitKind<'_> {
        match &self.outcome {
            Some(Outcome::Failed(failure)) if failure.created.is_some() => {
                if self.submitted.as_ref() == Some(&self.doc) {
                    SubmitKind::Resume(failure)
                } else {
                    SubmitKind::NewBeside(failure)
                }
            }
            _ => SubmitKind::NewPool,
        }
    }

    /// The progress a submit starts from: the failure's while resuming,
    /// else none (a new pool).
    pub(super) fn submit_from(&self) -> crate::run::Progress {
        match self.submit_kind() {
            SubmitKind::Resume(failure) => (*failure.progress).clone(),
            _ => crate::run::Progress::default(),
        }
    }
}

/// A plan ran: the calls it made are kept for the Result (each client
/// with its id, which the app and `test-sign-in` need), then it ends as
/// any submit does.
pub(super) fn plan_ran(
    app: &mut App,
    result: Result<crate::run::Progress, PlanFailure>,
    fx: &mut Vec<super::msg::Effect>,
) {
    let result = match result {
        Ok(progress) => {
            app.plan_done = progress.done.clone();
            // `run_plan` ends well only with the pool made.
            match progress.pool {
                Some(pool) => Ok(pool),
                None => Err(crate::run::no_pool_failure(Default::default())),
            }
        }
        Err(failure) => Err(failure),
    };
    super::review::submitted(app, result, fx);
}

impl App {
    /// The calls the last plan made, in order, with the ids they got.
    pub fn plan_done(&self) -> &[crate::run::DoneCall] {
        &self.plan_done
    }

    /// The plan last submitted (what a failure's account is about; the
    /// draft may have been edited since).
    pub fn submitted_plan(&self) -> Option<crate::model::Plan> {
        self.submitted.as_ref().map(|doc| doc.plan())
    }
}
