//! What Cognito gives a new pool for what the request leaves out, from
//! `assets/new-pool-defaults.json` (with its sources): the one place these
//! facts live. Shown where a member is left out, and used to start a
//! structure an edit brings into existence (the SDK then sends all of its
//! primitive members, so they must start at Cognito's values).

use std::sync::LazyLock;

use serde_json::{Map, Value};

static DEFAULTS: LazyLock<Map<String, Value>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../assets/new-pool-defaults.json"))
        .expect("assets/new-pool-defaults.json is a JSON object")
});

/// Cognito's settings for a structure a new pool leaves out (its members).
pub fn structure(path: &str) -> Option<&'static Map<String, Value>> {
    DEFAULTS.get(path)?.as_object()
}

/// Cognito's value for a member a new pool leaves out (`UserPoolTier`:
/// `ESSENTIALS`), when it is documented.
pub fn member(path: &str) -> Option<&'static str> {
    DEFAULTS.get("_members")?.get(path)?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_default_is_one_of_its_allowed_values() {
        let members = DEFAULTS["_members"].as_object().unwrap();
        for (path, value) in members.iter().filter(|(k, _)| !k.starts_with('_')) {
            let member = crate::validate::table::model()
                .operation("CreateUserPool")
                .member(path)
                .unwrap_or_else(|| panic!("{path} is not a CreateUserPool member"));
            let allowed = member.enum_values.clone().unwrap_or_default();
            assert!(
                allowed.iter().any(|a| Some(a.as_str()) == value.as_str()),
                "{path}: {value} not in {allowed:?}"
            );
        }
        assert_eq!(member("UserPoolTier"), Some("ESSENTIALS"));
        assert_eq!(member("PoolName"), None);
        assert!(structure("Policies.PasswordPolicy").is_some());
    }
}
