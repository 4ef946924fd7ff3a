//! Reading and writing one field of a [`PoolDocument`] by its API path, so a
//! form can be data: a field spec names a path, and this module does the rest.
//!
//! Paths are the ones validation reports (`Policies.PasswordPolicy.MinimumLength`);
//! a `SetUserPoolMfaConfig.` prefix addresses the follow-up MFA call, and the
//! later calls are addressed as validation names them, by operation and (for
//! lists) index: `CreateUserPoolClient[1].CallbackURLs`,
//! `CreateUserPoolDomain.Domain`, `CreateGroup[0].Precedence`.

use serde_json::{Map, Value};

use crate::model::PoolDocument;

const MFA_PREFIX: &str = "SetUserPoolMfaConfig.";

#[path = "binding_later.rs"]
mod later;

/// Whether `path` is in one of the calls after the MFA call (see `later`).
pub fn addresses_later(path: &str) -> bool {
    later::addresses(path)
}

/// Cognito's settings for a structure a new pool leaves out, by path.
fn new_pool_default(path: &str) -> Option<Map<String, Value>> {
    crate::model::defaults::structure(path).cloned()
}

fn split(path: &str) -> (bool, &str) {
    match path.strip_prefix(MFA_PREFIX) {
        Some(rest) => (true, rest),
        None => (false, path),
    }
}

fn part_value(doc: &PoolDocument, mfa: bool) -> Value {
    if mfa {
        serde_json::to_value(doc.mfa.clone().unwrap_or_default())
    } else {
        serde_json::to_value(&doc.create)
    }
    .expect("request types always serialize")
}

/// The document as JSON, taken once after each change so that reading many
/// fields (drawing a form) does not serialize the whole document per field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    create: Value,
    mfa: Option<Value>,
    /// The calls after the MFA call (clients, domain, branding, groups),
    /// keyed by operation as in the plan document.
    later: Value,
}

impl Snapshot {
    pub fn of(doc: &PoolDocument) -> Self {
        Self {
            create: part_value(doc, false),
            mfa: doc.mfa.is_some().then(|| part_value(doc, true)),
            later: later::value(doc),
        }
    }

    /// The value at `path`, if present.
    pub fn get(&self, path: &str) -> Option<&Value> {
        if later::addresses(path) {
            return later::get(&self.later, path);
        }
        let (mfa, rest) = split(path);
        let mut value = if mfa {
            self.mfa.as_ref()?
        } else {
            &self.create
        };
        for key in rest.split('.') {
            value = value.as_object()?.get(key)?;
        }
        (!value.is_null()).then_some(value)
    }

    /// Whether anything is present at `path`.
    pub fn exists(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// The value at `path` as text for display and editing.
    pub fn text(&self, path: &str) -> String {
        match self.get(path) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }
}

/// Cognito's default for a member the draft leaves out: a documented
/// optional member (`UserPoolTier`), or a member of a structure left out
/// whole (a new pool gets it). A member of a structure that is sent has a
/// value of its own in the document: the model keeps the SDK's primitives
/// (`false`, `0`), so what is shown there is what is sent.
pub fn default_when_left_out(doc: &Snapshot, path: &str) -> Option<Value> {
    if later::addresses(path) {
        return None;
    }
    let (mfa, rest) = split(path);
    if mfa || doc.exists(path) {
        return None;
    }
    // An optional member the SDK leaves out when unset: Cognito's value
    // applies whether or not its structure is sent.
    if let Some(value) = crate::model::defaults::member(path) {
        return Some(Value::String(value.to_owned()));
    }
    let (parent, member) = rest.rsplit_once('.')?;
    if doc.exists(parent) {
        return None;
    }
    new_pool_default(parent)?.get(member).cloned()
}

/// The value at `path`, if present (one-off reads; see [`Snapshot`]).
pub fn get(doc: &PoolDocument, path: &str) -> Option<Value> {
    Snapshot::of(doc).get(path).cloned()
}

/// Whether anything is present at `path`.
pub fn exists(doc: &PoolDocument, path: &str) -> bool {
    Snapshot::of(doc).exists(path)
}

/// The value at `path` as text for display and editing.
pub fn get_text(doc: &PoolDocument, path: &str) -> String {
    Snapshot::of(doc).text(path)
}

/// Sets (or, with `None`, removes) the value at `path`, creating parent
/// objects as needed. Fails, leaving the document unchanged, when the value
/// does not fit the member's type.
pub fn set(doc: &mut PoolDocument, path: &str, new: Option<Value>) -> Result<(), String> {
    if later::addresses(path) {
        return later::set(doc, path, new);
    }
    let (mfa, rest) = split(path);
    // Removing what is not there changes nothing (and creates no parents).
    if new.is_none() && !exists(doc, path) {
        return Ok(());
    }
    let mut root = part_value(doc, mfa);
    let keys: Vec<&str> = rest.split('.').collect();
    let (last, parents) = keys.split_last().expect("split yields at least one key");
    let mut slot = &mut root;
    let mut at = String::new();
    for key in parents {
        at = if at.is_empty() {
            (*key).to_owned()
        } else {
            format!("{at}.{key}")
        };
        // A structure this edit brings into existence starts at Cognito's
        // defaults: the SDK sends all its primitive members, so an empty one
        // would switch them off (a minimum length alone would send every
        // Require* as false).
        let fresh = || match (mfa, new_pool_default(&at)) {
            (false, Some(defaults)) => Value::Object(defaults),
            _ => Value::Object(Map::new()),
        };
        let object = slot
            .as_object_mut()
            .ok_or_else(|| format!("{path}: not an object"))?;
        slot = object.entry((*key).to_owned()).or_insert_with(fresh);
        if slot.is_null() {
            *slot = fresh();
        }
    }
    let object = slot
        .as_object_mut()
        .ok_or_else(|| format!("{path}: not an object"))?;
    match new {
        Some(value) => {
            object.insert((*last).to_owned(), value);
        }
        None => {
            object.remove(*last);
        }
    }
    if mfa {
        doc.mfa = Some(serde_json::from_value(root).map_err(|e| e.to_string())?);
    } else {
        doc.create = serde_json::from_value(root).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_structure_an_edit_creates_starts_at_cognitos_defaults() {
        let mut doc = PoolDocument::default();
        set(
            &mut doc,
            "Policies.PasswordPolicy.MinimumLength",
            Some(json!(12)),
        )
        .unwrap();
        let policy = doc.create.policies.unwrap().password_policy.unwrap();
        assert_eq!(policy.minimum_length, Some(12));
        assert!(policy.require_uppercase && policy.require_lowercase);
        assert!(policy.require_numbers && policy.require_symbols);
        assert_eq!(policy.temporary_password_validity_days, 7);
        // An existing structure keeps what it has.
        let mut doc = PoolDocument::default();
        set(
            &mut doc,
            "Policies.PasswordPolicy.RequireSymbols",
            Some(json!(false)),
        )
        .unwrap();
        set(
            &mut doc,
            "Policies.PasswordPolicy.MinimumLength",
            Some(json!(10)),
        )
        .unwrap();
        let policy = doc.create.policies.unwrap().password_policy.unwrap();
        assert!(!policy.require_symbols, "kept");
        assert!(policy.require_uppercase, "a default from the first edit");
    }

    #[test]
    fn set_creates_parents_and_get_reads_back() {
        let mut doc = PoolDocument::default();
        set(
            &mut doc,
            "Policies.PasswordPolicy.MinimumLength",
            Some(json!(12)),
        )
        .unwrap();
        assert_eq!(
            get(&doc, "Policies.PasswordPolicy.MinimumLength"),
            Some(json!(12))
        );
        // The new policy started at Cognito's defaults.
        assert_eq!(
            get_text(&doc, "Policies.PasswordPolicy.RequireSymbols"),
            "true"
        );
        set(&mut doc, "Policies.PasswordPolicy.MinimumLength", None).unwrap();
        assert_eq!(get(&doc, "Policies.PasswordPolicy.MinimumLength"), None);
        assert!(exists(&doc, "Policies.PasswordPolicy"));
    }

    #[test]
    fn type_mismatch_leaves_the_document_alone() {
        let mut doc = PoolDocument::default();
        let before = doc.clone();
        assert!(set(
            &mut doc,
            "Policies.PasswordPolicy.MinimumLength",
            Some(json!("x"))
        )
        .is_err());
        assert_eq!(doc, before);
    }

    #[test]
    fn mfa_prefix_addresses_the_second_call() {
        let mut doc = PoolDocument::default();
        set(
            &mut doc,
            "SetUserPoolMfaConfig.EmailMfaConfiguration.Subject",
            Some(json!("Code")),
        )
        .unwrap();
        assert_eq!(
            doc.mfa
                .unwrap()
                .email_mfa_configuration
                .unwrap()
                .subject
                .as_deref(),
            Some("Code")
        );
    }
}
