//! What the background tasks answer: saves, exports, calls and their
//! results, each routed to the screen that asked (a cancelled call's answer
//! is dropped).

use super::*;

impl App {
    pub(super) fn on_task(&mut self, id: TaskId, outcome: TaskOutcome, fx: &mut Vec<Effect>) {
        match outcome {
            TaskOutcome::Saved(result) => self.saved(id, result),
            TaskOutcome::SavedAs(Ok(path)) => self.draft_file_chosen(path, fx),
            TaskOutcome::SavedAs(Err(e)) => {
                self.set_status(format!(
                    "Could not save the draft: {e}. Nothing was written."
                ));
            }
            TaskOutcome::SaveWouldReplace(path) => {
                self.pending_draft_file = Some(path);
                self.modal = Some(Modal::Ask(Question::ReplaceDraftFile));
            }
            TaskOutcome::ExportWouldReplace(paths) => review::would_replace(self, paths),
            TaskOutcome::Exported(Ok(paths)) => review::exported(self, &paths),
            TaskOutcome::Exported(Err(e)) => self.set_status(format!("Export failed: {e}")),
            TaskOutcome::ExportOnDraft(path) => review::on_draft(self, &path),
            TaskOutcome::Target(info) => self.target_known(info),
            // Only the check of the latest confirmation says anything (an
            // earlier one may be about another name).
            TaskOutcome::SameName(pools) if self.same_name_task == Some(id) => {
                self.same_name_checked(pools, fx)
            }
            TaskOutcome::SameName(_) => {}
            TaskOutcome::GroupsForInvite(pool_id, names) => {
                invite_groups::listed(self, &pool_id, names)
            }
            // A bulk run reports many times under one id; only its end
            // finishes the call.
            TaskOutcome::InviteEvent(event, at) => {
                if self.call.as_ref().map(|c| c.id) == Some(id) {
                    bulk::event(self, event, at);
                }
            }
            TaskOutcome::ImportEvent(event, at) => {
                if self.call.as_ref().map(|c| c.id) == Some(id) {
                    import::event(self, event, at);
                }
            }
            other => {
                // Results of calls the UI waits on: ignore those of cancelled calls.
                if self.call.as_ref().map(|c| c.id) != Some(id) {
                    return;
                }
                self.call = None;
                // "Wait for the call" no longer holds once it is over.
                if self.status.as_deref() == Some(CALL_IN_FLIGHT) {
                    self.status = None;
                }
                match other {
                    TaskOutcome::Pools(result) => start::pools_listed(self, result),
                    TaskOutcome::Described(result) => start::described(self, result, fx),
                    TaskOutcome::Opened(path, result) => start::opened(self, path, result, fx),
                    TaskOutcome::UserCreated(result) => invite::user_created(self, result),
                    TaskOutcome::DescribedForInvite(pool_id, result) => {
                        invite::described_for_invite(self, pool_id.clone(), result);
                        invite_groups::list_for(self, pool_id, fx);
                    }
                    TaskOutcome::InvitesChecked(result) => bulk::checked(self, result),
                    TaskOutcome::InvitesFinished(result) => bulk::finished(self, result),
                    TaskOutcome::ImportChecked(result) => import::checked(self, result),
                    TaskOutcome::ImportFinished(result) => import::finished(self, result),
                    TaskOutcome::DescribedForChange(pool_id, result) => {
                        change::described_with_sign_in(self, pool_id, result, fx)
                    }
                    TaskOutcome::ChangeSent(sent) => change::sent(self, sent, fx),
                    TaskOutcome::SignedIn(result) => try_sign_in::finished(self, result),
                    TaskOutcome::PlanRan(result) => plan_retry::plan_ran(self, result, fx),
                    _ => {}
                }
            }
        }
    }
}
