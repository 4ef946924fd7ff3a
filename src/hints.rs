//! What to do about a service error, by error code. The words live in
//! `assets/error-hints.json` with the rest of the help text.

use std::collections::HashMap;
use std::sync::OnceLock;

fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("../assets/error-hints.json"))
            .expect("assets/error-hints.json is a JSON object of strings")
    })
}

/// The hint for a service error code, if we have one.
pub fn for_code(code: &str) -> Option<&'static str> {
    table().get(code).map(String::as_str)
}

/// Codes that mean "slow down".
pub fn is_throttling(code: &str) -> bool {
    matches!(
        code,
        "TooManyRequestsException" | "ThrottlingException" | "Throttling" | "RequestLimitExceeded"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn hints_load_and_cover_the_invitation_errors() {
        for code in [
            "UsernameExistsException",
            "AliasExistsException",
            "InvalidPasswordException",
            "CodeDeliveryFailureException",
            "UnsupportedUserStateException",
            "InvalidSmsRoleTrustRelationshipException",
            "FeatureUnavailableInTierException",
        ] {
            assert!(super::for_code(code).is_some(), "{code}");
        }
        assert!(super::is_throttling("TooManyRequestsException"));
    }
}
