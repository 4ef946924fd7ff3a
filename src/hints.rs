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

/// The hint for a service error of a call: first what the code means for
/// the thing the request named that the error is about (`subject`, see
/// [`subject`]), then what it means for this operation, then the code's
/// general hint. A wrong password in InitiateAuth is the user's, not the
/// IAM policy's; a missing client is not a missing pool.
pub fn for_call(operation: &str, code: &str, subject: Option<&str>) -> Option<&'static str> {
    let table = table();
    subject
        .and_then(|s| table.get(&format!("{code} for {s}")))
        .or_else(|| table.get(&format!("{code} in {operation}")))
        .map(String::as_str)
        .or_else(|| for_code(code))
}

/// Which of the things a request named (`("client", "abc")`, most specific
/// first) an error message is about: the one whose value it has as a word, else the
/// one whose kind it names ("User pool client … does not exist"), else the
/// only one named.
pub fn subject<'a>(message: &str, named: &[(&'a str, &str)]) -> Option<&'a str> {
    let lower = message.to_lowercase();
    // Whole words only: a short name ("p") is in many messages.
    let words: Vec<&str> = message
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | ':' | '(' | ')'))
        .map(|w| w.trim_end_matches('.'))
        .collect();
    named
        .iter()
        .find(|(_, value)| !value.is_empty() && words.contains(value))
        .or_else(|| named.iter().find(|(kind, _)| lower.contains(kind)))
        .or(match named {
            [only] => Some(only),
            _ => None,
        })
        .map(|(kind, _)| *kind)
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

    #[test]
    fn hints_follow_the_call_and_what_it_named() {
        use super::{for_call, subject};
        let wrong_password = for_call("InitiateAuth", "NotAuthorizedException", None).unwrap();
        assert!(wrong_password.contains("password"), "{wrong_password}");
        assert!(!wrong_password.contains("IAM"), "{wrong_password}");
        let iam = for_call("CreateUserPool", "NotAuthorizedException", None).unwrap();
        assert!(iam.contains("IAM"), "{iam}");
        let new_password =
            for_call("RespondToAuthChallenge", "InvalidPasswordException", None).unwrap();
        assert!(new_password.contains("new password"), "{new_password}");

        let named = [("client", "bogus"), ("pool", "us-east-1_Abc")];
        assert_eq!(subject("bogus", &named), Some("client"));
        assert_eq!(
            subject("User pool client x does not exist.", &named),
            Some("client")
        );
        assert_eq!(
            subject("User pool us-east-1_Abc does not exist.", &named),
            Some("pool")
        );
        let group = [("group", "admins"), ("user", "ann"), ("pool", "p")];
        assert_eq!(subject("Group not found.", &group), Some("group"));
        assert_eq!(subject("gone", &[("client", "c")]), Some("client"));
        assert_eq!(subject("gone", &named), None);
        let client = for_call(
            "DescribeUserPoolClient",
            "ResourceNotFoundException",
            Some("client"),
        );
        assert!(client.unwrap().contains("app client"));
        let group = for_call(
            "AdminAddUserToGroup",
            "ResourceNotFoundException",
            Some("group"),
        );
        assert!(group.unwrap().contains("group"));
    }
}
