//! Drafts: the work in progress, saved on every change so that a crash, a kill
//! or a closed terminal loses nothing. Writes are atomic (temp file, then
//! rename) and private (mode 0600). Secret values are not written: a resumed
//! draft asks for them again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::load::{load_value, Loaded};
use crate::model::preview::secret_members;
use crate::model::{Call, Operation, PoolDocument};

use super::fields::StepId;

const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Draft {
    pub version: u32,
    /// The step the operator was on.
    pub step: String,
    /// The document in its file form (request, or plan document).
    pub document: Value,
    /// Typed text that is not yet a valid value, by API path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub raw: BTreeMap<String, String>,
    /// Secret members left out of this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets_omitted: Vec<String>,
    /// Change mode: the id of the pool the draft changes. Resuming
    /// describes it again and puts the draft's values on it (the diff
    /// against the pool as it is then shows what will change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_pool: Option<String>,
    /// Change mode: the pool as it was when the edits began (in the file
    /// form, secrets left out), so that resuming puts only the edits on the
    /// pool as it is then, member by member, as a send after someone else's
    /// change does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_base: Option<Value>,
}

/// What a draft restores.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub doc: PoolDocument,
    pub raw: BTreeMap<String, String>,
    pub step: StepId,
    pub secrets_omitted: Vec<String>,
    /// The pool a change-mode draft changes.
    pub change_pool: Option<String>,
    /// And the pool as it was when its edits began.
    pub change_base: Option<PoolDocument>,
}

/// A create-mode draft.
pub fn encode(doc: &PoolDocument, raw: &BTreeMap<String, String>, step: StepId) -> String {
    encode_for(doc, raw, step, None)
}

/// A draft; with `change`, of change mode on that pool (its id, and the
/// pool as it was when the edits began).
pub fn encode_for(
    doc: &PoolDocument,
    raw: &BTreeMap<String, String>,
    step: StepId,
    change: Option<(&str, &PoolDocument)>,
) -> String {
    let mut clean = doc.clone();
    let mut omitted = Vec::new();
    for call in doc.plan().calls {
        let prefix = match call {
            Call::SetUserPoolMfaConfig(_) => "SetUserPoolMfaConfig.",
            _ => "",
        };
        omitted.extend(
            secret_members(&call)
                .into_iter()
                .map(|m| format!("{prefix}{m}")),
        );
    }
    strip_secrets(&mut clean);
    let draft = Draft {
        version: VERSION,
        step: step.key().to_owned(),
        document: clean.to_file_value(),
        raw: raw.clone(),
        secrets_omitted: omitted,
        change_pool: change.map(|(pool, _)| pool.to_owned()),
        change_base: change.map(|(_, base)| {
            let mut base = base.clone();
            strip_secrets(&mut base);
            base.to_file_value()
        }),
    };
    let text = serde_json::to_string_pretty(&draft).expect("drafts always serialize");
    // `cat` on a draft is as safe as on an export: the same value, with DEL,
    // C1 and bidi controls written as escapes.
    crate::sanitize::json(&text).into_owned()
}

fn strip_secrets(doc: &mut PoolDocument) {
    for call in doc.plan().calls {
        if secret_members(&call).is_empty() {
            continue;
        }
        match call {
            Call::CreateUserPool(_) => {
                if let Some(sms) = &mut doc.create.sms_configuration {
                    sms.external_id = None;
                    if let Some(eums) = &mut sms.eums_sms {
                        eums.external_id = None;
                    }
                }
            }
            Call::SetUserPoolMfaConfig(_) => {
                if let Some(sms) = doc
                    .mfa
                    .as_mut()
                    .and_then(|m| m.sms_mfa_configuration.as_mut())
                    .and_then(|s| s.sms_configuration.as_mut())
                {
                    sms.external_id = None;
                    if let Some(eums) = &mut sms.eums_sms {
                        eums.external_id = None;
                    }
                }
            }
            Call::CreateUserPoolClient(_) => doc.strip_client_secrets(),
            _ => {}
        }
    }
}

pub fn decode(text: &str) -> Result<Restored, String> {
    let draft: Draft =
        serde_json::from_str(text).map_err(|e| format!("not a cognito-wizard draft: {e}"))?;
    if draft.version != VERSION {
        return Err(format!("draft version {} is not supported", draft.version));
    }
    let doc = pool_of(draft.document)?;
    let change_base = draft.change_base.map(pool_of).transpose()?;
    let step = StepId::ALL
        .into_iter()
        .find(|s| s.key() == draft.step)
        .unwrap_or(StepId::SignIn);
    Ok(Restored {
        doc,
        raw: draft.raw,
        step,
        secrets_omitted: draft.secrets_omitted,
        change_pool: draft.change_pool,
        change_base,
    })
}

/// A document in its file form, as a pool.
fn pool_of(document: Value) -> Result<PoolDocument, String> {
    // A pool with nothing set yet is saved as `{}`, which detection cannot
    // place: it is a pool all the same.
    let forced = match &document {
        Value::Object(o) if o.is_empty() => Some(Operation::CreateUserPool),
        _ => None,
    };
    let outcome = load_value(document, forced).map_err(|e| e.to_string())?;
    match outcome.loaded {
        Loaded::Pool(doc) => Ok(doc),
        _ => Err("the draft holds a user, not a pool".into()),
    }
}

/// Whether text looks like a draft (rather than a request file).
pub fn is_draft(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("version").cloned())
        .is_some()
}

/// Writes `contents` to `path` atomically and privately (see
/// [`crate::files`], which owns every file write).
pub fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    crate::files::write_atomic(path, contents.as_bytes())
}

/// Where the autosave lives: the user's state directory
/// (`$XDG_STATE_HOME/cognito-wizard/autosave.json` on Linux).
pub fn autosave_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("COGNITO_WIZARD_STATE_DIR") {
        return Some(PathBuf::from(dir).join("autosave.json"));
    }
    let dirs = directories::ProjectDirs::from("", "", "cognito-wizard")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("autosave.json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pool::SmsConfiguration;

    #[test]
    fn round_trip_keeps_everything_but_secrets() {
        let mut doc = PoolDocument::default();
        doc.create.pool_name = Some("drafted".into());
        doc.create.sms_configuration = Some(SmsConfiguration {
            sns_caller_arn: "arn:aws:iam::123456789012:role/sms".into(),
            external_id: Some("s3cr3t-external".into()),
            ..Default::default()
        });
        let mut raw = BTreeMap::new();
        raw.insert(
            "Policies.PasswordPolicy.MinimumLength".to_owned(),
            "1a".to_owned(),
        );
        let text = encode(&doc, &raw, StepId::Delivery);
        assert!(!text.contains("s3cr3t-external"));
        let restored = decode(&text).unwrap();
        assert_eq!(restored.step, StepId::Delivery);
        assert_eq!(restored.raw, raw);
        assert_eq!(restored.secrets_omitted, ["SmsConfiguration.ExternalId"]);
        assert_eq!(restored.doc.create.pool_name.as_deref(), Some("drafted"));
        assert_eq!(
            restored.doc.create.sms_configuration.unwrap().external_id,
            None
        );
    }

    #[test]
    fn a_change_mode_draft_keeps_its_pool_and_a_create_draft_has_none() {
        let mut doc = PoolDocument::default();
        let mut base = doc.clone();
        base.create.pool_name = Some("as-loaded".into());
        base.create.sms_configuration = Some(SmsConfiguration {
            external_id: Some("s3cr3t-base".into()),
            ..Default::default()
        });
        doc.create.pool_name = Some("edited".into());
        let change = Some(("us-east-1_X", &base));
        let text = encode_for(&doc, &BTreeMap::new(), StepId::Review, change);
        assert!(text.contains("\"changePool\": \"us-east-1_X\""), "{text}");
        assert!(!text.contains("s3cr3t-base"), "{text}");
        let restored = decode(&text).unwrap();
        assert_eq!(restored.change_pool.as_deref(), Some("us-east-1_X"));
        let restored_base = restored.change_base.expect("the base");
        assert_eq!(restored_base.create.pool_name.as_deref(), Some("as-loaded"));
        assert_eq!(restored.doc.create.pool_name.as_deref(), Some("edited"));
        assert_eq!(restored.step, StepId::Review);
        let plain = encode(&doc, &BTreeMap::new(), StepId::Review);
        assert!(
            !plain.contains("changePool") && !plain.contains("changeBase"),
            "{plain}"
        );
        assert_eq!(decode(&plain).unwrap().change_pool, None);
    }

    #[test]
    fn an_empty_pool_resumes() {
        // Found by fuzzing: a draft of a pool with nothing set did not load.
        let text = encode(&PoolDocument::default(), &BTreeMap::new(), StepId::SignIn);
        let restored = decode(&text).expect("an empty pool is a draft like any other");
        assert_eq!(restored.doc, PoolDocument::default());
        assert_eq!(restored.step, StepId::SignIn);
    }

    #[test]
    fn atomic_write_is_private_and_complete() {
        let dir = std::env::temp_dir().join(format!("cw-draft-{}", std::process::id()));
        let path = dir.join("d.json");
        write_atomic(&path, "one").unwrap();
        write_atomic(&path, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
