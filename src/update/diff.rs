//! Member-by-member differences between two pool states, one [`Change`] per
//! changed leaf member (`Policies.PasswordPolicy.MinimumLength: 8 -> 12`), in
//! the service model's member order. Structures are walked member by member,
//! maps (tags, ACR levels) entry by entry, lists compared whole; the schema
//! is compared by attribute name in [`super::schema`].

use serde_json::Value;

use super::state::{to_value, PoolState};
use crate::model::preview;
use crate::model::values::MASK;
use crate::validate::engine::join_path;
use crate::validate::table::{self, pattern_of, OperationTable};

/// One member whose value changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// API path: `Policies.PasswordPolicy.MinimumLength`, `UserPoolTags["env"]`,
    /// `Schema["team"]`, `SoftwareTokenMfaConfiguration.Enabled`.
    pub path: String,
    /// `None`: the member is not set.
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    /// The top-level member this change is in (`Policies`).
    pub fn member(&self) -> &str {
        let end = self.path.find(['.', '[']).unwrap_or(self.path.len());
        &self.path[..end]
    }

    /// `Path: before -> after`, secrets masked, `(none)` for an unset member;
    /// something new (a group) is `CreateGroup: admins`.
    pub fn line(&self) -> String {
        if let (true, Some(Value::String(name))) = (self.is_added(), &self.after) {
            return format!("{}: {}", self.path, crate::sanitize::clean(name));
        }
        format!(
            "{}: {} -> {}",
            self.path,
            self.shown(&self.before),
            self.shown(&self.after)
        )
    }

    /// Whether this is a new app client, group... ([`super::sign_in`]): its
    /// path is the call that makes it.
    pub fn is_added(&self) -> bool {
        self.before.is_none() && self.path.starts_with("Create") && !self.path.contains(['.', '['])
    }

    /// After applying: `Path: should be X, the pool has Y` (`before` is
    /// what the calls were meant to leave: the value sent, or the value the
    /// pool had for a member no call touches).
    pub fn not_taken_line(&self) -> String {
        format!(
            "{}: should be {}, the pool has {}",
            self.path,
            self.shown(&self.before),
            self.shown(&self.after)
        )
    }

    fn shown(&self, value: &Option<Value>) -> String {
        match value {
            None => "(none)".into(),
            Some(_) if self.is_secret() => MASK.into(),
            Some(v) => serde_json::to_string(v).unwrap_or_default(),
        }
    }

    /// Whether the member is a secret (an SMS `ExternalId`): shown masked.
    pub fn is_secret(&self) -> bool {
        let name = self.path.rsplit('.').next().unwrap_or(&self.path);
        preview::is_secret_member(name)
    }
}

/// Every change from `before` to `after`, schema excepted (see
/// [`super::schema::compare`]): the pool's settings in CreateUserPool's
/// member order, then the MFA factors in SetUserPoolMfaConfig's.
pub fn settings_changes(before: &PoolState, after: &PoolState) -> Vec<Change> {
    let model = table::model();
    let mut out = Vec::new();
    let skip_schema = |b: &mut Value, a: &mut Value| {
        for v in [b, a] {
            if let Value::Object(map) = v {
                map.remove("Schema");
            }
        }
    };
    let (mut b, mut a) = (to_value(&before.settings), to_value(&after.settings));
    skip_schema(&mut b, &mut a);
    walk(
        model.operation("CreateUserPool"),
        "",
        Some(&b),
        Some(&a),
        &mut out,
    );
    walk(
        model.operation("SetUserPoolMfaConfig"),
        "",
        Some(&to_value(&before.mfa)),
        Some(&to_value(&after.mfa)),
        &mut out,
    );
    out
}

/// Every change from `before` to `after`, two requests of `operation`
/// (an app client as the pool has it and as the draft has it), with paths
/// inside the request (`TokenValidityUnits.AccessToken`).
pub fn request_changes(operation: &str, before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(
        table::model().operation(operation),
        "",
        Some(before),
        Some(after),
        &mut out,
    );
    out
}

/// Compares the values at `path` (a concrete path; "" is the request).
fn walk(
    table: &OperationTable,
    path: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    out: &mut Vec<Change>,
) {
    if before == after {
        return;
    }
    let is_object = |v: Option<&Value>| v.is_none_or(Value::is_object);
    let walkable = is_object(before) && is_object(after) && (before.is_some() || after.is_some());
    // A structure set or unset with no members (`"EmailMfaConfiguration": {}`
    // switches email MFA on) has no member to name: it is the change.
    let empty_structure =
        |v: Option<&Value>| v.and_then(Value::as_object).is_some_and(|m| m.is_empty());
    let set_empty =
        before.is_none() != after.is_none() && (empty_structure(before) || empty_structure(after));
    if !walkable || set_empty || path_is_list(table, path) {
        out.push(Change {
            path: path.to_owned(),
            before: before.cloned(),
            after: after.cloned(),
        });
        return;
    }
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let is_map = path_is_map(table, path);
    for key in ordered_keys(table, path, b, a, is_map) {
        let child = if is_map {
            format!("{path}[{}]", Value::String(key.clone()))
        } else {
            join_path(path, &key)
        };
        walk(table, &child, b.get(&key), a.get(&key), out);
    }
}

fn path_is_map(table: &OperationTable, path: &str) -> bool {
    !path.is_empty()
        && table
            .member_at(path)
            .is_some_and(|m| m.kind == table::Kind::Map)
}

fn path_is_list(table: &OperationTable, path: &str) -> bool {
    !path.is_empty()
        && table
            .member_at(path)
            .is_some_and(|m| m.kind == table::Kind::List)
}

/// The keys of both objects: a structure's in model order, a map's sorted.
fn ordered_keys(
    table: &OperationTable,
    path: &str,
    b: &serde_json::Map<String, Value>,
    a: &serde_json::Map<String, Value>,
    is_map: bool,
) -> Vec<String> {
    let mut keys: Vec<String> = b.keys().chain(a.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    if is_map {
        return keys;
    }
    let pattern = pattern_of(path);
    let order: Vec<&str> = table.children(&pattern).map(|m| m.name()).collect();
    keys.sort_by_key(|k| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    keys
}
