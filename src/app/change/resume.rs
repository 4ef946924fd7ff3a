//! Change-mode drafts. A draft saved while changing a pool (the autosave, a
//! draft file) records the pool's id ((`Draft::change_pool`, `change_base`));
//! resuming it describes the pool again, loads it in change mode as
//! `--pool` does, then puts the draft's edits on it (the members where the
//! draft differs from the pool as it was when they began, as after a
//! concurrent change) as one edit (Ctrl+Z takes them back to the pool as it
//! is), so Review shows the diff against the pool as it is now and `s`
//! sends the update, never a CreateUserPool.

use std::path::PathBuf;

use crate::model::pool::SmsConfiguration;
use crate::model::PoolDocument;
use crate::update::Change;

use super::super::draft::Restored;
use super::super::msg::Effect;
use super::super::App;

/// A change-mode draft waiting for its pool to be described.
#[derive(Debug, Clone, PartialEq)]
pub struct Resuming {
    pool_id: String,
    restored: Restored,
    /// The draft file it came from (it is saved there again).
    draft_path: Option<PathBuf>,
}

/// Resumes `restored`, a draft of change mode on `pool_id`: the pool is
/// described first ([`super::open`]); [`reapply`] puts the draft on it.
pub fn resume(
    app: &mut App,
    pool_id: String,
    restored: Restored,
    draft_path: Option<PathBuf>,
    fx: &mut Vec<Effect>,
) {
    super::open(app, pool_id.clone(), fx);
    app.resuming = Some(Resuming {
        pool_id: pool_id.clone(),
        restored,
        draft_path,
    });
    app.set_status(format!(
        "Resuming changing pool {pool_id}: reading it again first"
    ));
}

/// The draft waiting for this pool, if any (taken: a failed describe drops
/// it; an autosave is still offered on Start, a draft file still on disk).
pub(super) fn waiting_for(app: &mut App, pool_id: &str) -> Option<Resuming> {
    app.resuming.take().filter(|r| r.pool_id == pool_id)
}

/// The pool is loaded in change mode: the draft's values go on it, as one
/// edit, on the step the draft was saved on.
pub(super) fn reapply(app: &mut App, resuming: Resuming, fx: &mut Vec<Effect>) {
    let Resuming {
        pool_id,
        restored,
        draft_path,
    } = resuming;
    let (theirs, both) = match restored.change_base.as_ref() {
        Some(base) => {
            // The saved base left its secrets out, as the draft did: the
            // pool's are no one else's change.
            let mut base = base.clone();
            carry_secrets(&mut base, &app.doc, &restored.secrets_omitted);
            let mut draft = restored.doc.clone();
            carry_secrets(&mut draft, &app.doc, &restored.secrets_omitted);
            super::rebase::since(&base, &draft, &app.doc)
        }
        None => Default::default(),
    };
    app.doc = on_the_pool(
        restored.doc,
        restored.change_base.as_ref(),
        &app.doc,
        &restored.secrets_omitted,
    );
    app.raw = restored.raw;
    app.step = restored.step;
    let from_autosave = draft_path.is_none() && app.session.draft_path.is_none();
    if let Some(path) = draft_path {
        app.session.draft_path = Some(path);
    }
    app.changed(fx);
    if from_autosave {
        // It lived only in the autosave: replacing it loses it.
        app.count_as_unkept();
    }
    let name = app.doc.create.pool_name.clone().unwrap_or_default();
    let clash = match both.as_slice() {
        [] => String::new(),
        both => format!(
            "; someone else changed what the draft changes too, and the draft's value is kept (theirs -> yours): {}",
            both.iter().map(Change::line).collect::<Vec<_>>().join("; ")
        ),
    };
    if let Some(change) = &mut app.change {
        // Review lists it above the diff, as after a concurrent change.
        change.meanwhile = theirs;
    }
    app.set_status(format!(
        "Resumed changing pool {name} ({pool_id}): the draft's values are on the pool as it is now{clash}; Review shows the diff (Ctrl+Z: the pool as it is)"
    ));
}

/// The draft's edits on the pool as it is now: with the pool as it was
/// when they began (`base`), only the members the edits changed, as after
/// a concurrent change ([`super::rebase::rebase`]: someone else's changes since are
/// kept, and a secret, left out of both, stays the pool's); without it,
/// the draft whole, with the pool's secrets.
fn on_the_pool(
    draft: PoolDocument,
    base: Option<&PoolDocument>,
    pool: &PoolDocument,
    omitted: &[String],
) -> PoolDocument {
    if let Some(rebased) = base.and_then(|base| super::rebase::rebase(base, &draft, pool)) {
        return rebased;
    }
    let mut doc = draft;
    carry_secrets(&mut doc, pool, omitted);
    doc
}

/// Secrets are never in drafts: the pool's own are kept for those the
/// draft left out (sending none would remove them from the pool).
fn carry_secrets(doc: &mut PoolDocument, pool: &PoolDocument, omitted: &[String]) {
    let left_out = |path: &str| omitted.iter().any(|o| o == path);
    carry_sms(
        doc.create.sms_configuration.as_mut(),
        pool.create.sms_configuration.as_ref(),
        "SmsConfiguration",
        &left_out,
    );
    let mfa_sms = |d: Option<&crate::model::SetUserPoolMfaConfigRequest>| {
        d.and_then(|m| m.sms_mfa_configuration.as_ref())
            .and_then(|s| s.sms_configuration.clone())
    };
    let pool_mfa_sms = mfa_sms(pool.mfa.as_ref());
    let draft_mfa_sms = doc
        .mfa
        .as_mut()
        .and_then(|m| m.sms_mfa_configuration.as_mut())
        .and_then(|s| s.sms_configuration.as_mut());
    carry_sms(
        draft_mfa_sms,
        pool_mfa_sms.as_ref(),
        "SetUserPoolMfaConfig.SmsMfaConfiguration.SmsConfiguration",
        &left_out,
    );
}

fn carry_sms(
    draft: Option<&mut SmsConfiguration>,
    pool: Option<&SmsConfiguration>,
    at: &str,
    left_out: &dyn Fn(&str) -> bool,
) {
    let (Some(draft), Some(pool)) = (draft, pool) else {
        return;
    };
    if left_out(&format!("{at}.ExternalId")) {
        draft.external_id.clone_from(&pool.external_id);
    }
    if let (Some(d), Some(p)) = (draft.eums_sms.as_mut(), pool.eums_sms.as_ref()) {
        if left_out(&format!("{at}.EumsSms.ExternalId")) {
            d.external_id.clone_from(&p.external_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_sms(external_id: Option<&str>) -> PoolDocument {
        let mut doc = PoolDocument::default();
        doc.create.sms_configuration = Some(SmsConfiguration {
            sns_caller_arn: "arn:aws:iam::123456789012:role/sms".into(),
            external_id: external_id.map(str::to_owned),
            ..Default::default()
        });
        doc
    }

    /// A secret the draft left out is the pool's (not removed by the
    /// update); one the draft did not have stays unset.
    #[test]
    fn a_secret_left_out_of_the_draft_is_the_pools() {
        let pool = with_sms(Some("pool-secret"));
        let mut draft = with_sms(None);
        carry_secrets(&mut draft, &pool, &["SmsConfiguration.ExternalId".into()]);
        assert_eq!(draft, pool);
        let mut cleared = with_sms(None);
        carry_secrets(&mut cleared, &pool, &[]);
        assert_eq!(cleared, with_sms(None));
    }
}
