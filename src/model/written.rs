//! What a pool file writes, member by member, as written: `update-pool`
//! changes exactly those members and carries every other from the live pool.
//! The typed request cannot tell them apart (a `PasswordPolicy` read from
//! `{"MinimumLength": 14}` has `RequireUppercase: false`, the SDK's default,
//! whether the file wrote it or not); the file's own JSON can.

use serde_json::{Map, Value};

use super::load::InputKind;

/// The members a pool file writes (their values as written; what counts is
/// which members are there, at any depth).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Written {
    /// The CreateUserPool request's members (a plan document's first call).
    pub create: Map<String, Value>,
    /// A plan document's SetUserPoolMfaConfig call, when it has one.
    pub mfa: Option<Map<String, Value>>,
    /// A plan document's later calls by operation, as written (a list of
    /// entries, or one): an entry naming a part the pool has changes
    /// exactly the members it writes.
    pub later: Map<String, Value>,
}

/// The deprecated top-level members the loader moves into
/// `VerificationMessageTemplate`, and the member each lands on.
const MOVED: [(&str, &str); 3] = [
    ("SmsVerificationMessage", "SmsMessage"),
    ("EmailVerificationMessage", "EmailMessage"),
    ("EmailVerificationSubject", "EmailSubject"),
];

impl Written {
    /// What a file of this kind writes; `None` for describe output (a whole
    /// pool: every member it has is written, as clone reads it) and for
    /// files that are not a pool.
    pub fn of(kind: InputKind, object: &Map<String, Value>) -> Option<Self> {
        let members = |value: Option<&Value>| value.and_then(Value::as_object).cloned();
        let written = match kind {
            InputKind::CreateUserPool => Self {
                create: object.clone(),
                ..Self::default()
            },
            InputKind::PoolPlan => Self {
                create: members(object.get("CreateUserPool")).unwrap_or_default(),
                mfa: members(object.get("SetUserPoolMfaConfig")),
                later: object
                    .iter()
                    .filter(|(name, _)| {
                        !matches!(name.as_str(), "CreateUserPool" | "SetUserPoolMfaConfig")
                    })
                    .map(|(name, value)| (name.clone(), value.clone()))
                    .collect(),
            },
            _ => return None,
        };
        Some(written.with_moves())
    }

    /// The `index`-th entry of `operation` as written (`CreateGroup`'s
    /// second group), or its one entry (the domain).
    pub fn entry(&self, operation: &str, index: usize) -> Option<&Map<String, Value>> {
        match self.later.get(operation)? {
            Value::Array(items) => items.get(index)?.as_object(),
            Value::Object(one) => Some(one),
            _ => None,
        }
    }

    /// A deprecated verification member the file writes is written where
    /// the loader puts it, in the template.
    fn with_moves(mut self) -> Self {
        for (old, new) in MOVED {
            if !self.create.contains_key(old) {
                continue;
            }
            let template = self
                .create
                .entry("VerificationMessageTemplate")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(template) = template {
                template.insert(new.to_owned(), Value::Bool(true));
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn a_request_writes_its_members_and_describe_output_is_whole() {
        let file = object(json!({"Policies": {"PasswordPolicy": {"MinimumLength": 14}}}));
        let written = Written::of(InputKind::CreateUserPool, &file).unwrap();
        assert_eq!(written.create, file);
        assert_eq!(Written::of(InputKind::DescribeUserPool, &file), None);
    }

    #[test]
    fn a_plan_document_writes_its_two_pool_calls_and_moved_members_land_in_the_template() {
        let file = object(json!({
            "CreateUserPool": {"SmsVerificationMessage": "code {####}"},
            "SetUserPoolMfaConfig": {"SoftwareTokenMfaConfiguration": {"Enabled": true}}
        }));
        let written = Written::of(InputKind::PoolPlan, &file).unwrap();
        assert_eq!(
            written.create["VerificationMessageTemplate"],
            json!({"SmsMessage": true})
        );
        assert_eq!(
            written.mfa,
            Some(object(
                json!({"SoftwareTokenMfaConfiguration": {"Enabled": true}})
            ))
        );
    }
}
