//! Field rules the service model does not state, each from a written source.
//! Everything the model does say (types, lengths, ranges, enums, patterns)
//! comes from the table in `table.rs`; these are the few single-field facts the
//! API reference adds, kept apart so a test can tell them from the model's.

use serde_json::Value;

use crate::model::{AdminCreateUserRequest, CreateUserPoolRequest};
use crate::problem::Problem;

/// Applies the documented single-field rules to a pool request.
pub fn pool_field_rules(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    // API reference, CreateUserPool: AutoVerifiedAttributes, AliasAttributes
    // and UsernameAttributes are sets of attribute names; a name given twice
    // is refused by the service ("Duplicate ... in ...").
    distinct(
        "AutoVerifiedAttributes",
        c.auto_verified_attributes.as_deref(),
        out,
    );
    distinct("AliasAttributes", c.alias_attributes.as_deref(), out);
    distinct("UsernameAttributes", c.username_attributes.as_deref(), out);
    if let Some(settings) = &c.user_attribute_update_settings {
        distinct(
            "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate",
            settings
                .attributes_require_verification_before_update
                .as_deref(),
            out,
        );
    }
    if let Some(factors) = c
        .policies
        .as_ref()
        .and_then(|p| p.sign_in_policy.as_ref())
        .and_then(|s| s.allowed_first_auth_factors.as_deref())
    {
        distinct(
            "Policies.SignInPolicy.AllowedFirstAuthFactors",
            Some(factors),
            out,
        );
    }
    for (i, attribute) in c.schema.iter().flatten().enumerate() {
        // API reference, SchemaAttributeType: "Name: the name of your user pool
        // attribute"; an attribute without a name cannot be created.
        if attribute.name.is_none() {
            out.push(Problem::error(format!("Schema[{i}].Name"), "is required"));
        }
        // API reference, NumberAttributeConstraintsType / StringAttributeConstraintsType:
        // the limits are numbers written as strings ("MinValue": "0").
        let numbers = [
            (
                "NumberAttributeConstraints.MinValue",
                attribute
                    .number_attribute_constraints
                    .as_ref()
                    .and_then(|n| n.min_value.as_deref()),
            ),
            (
                "NumberAttributeConstraints.MaxValue",
                attribute
                    .number_attribute_constraints
                    .as_ref()
                    .and_then(|n| n.max_value.as_deref()),
            ),
            (
                "StringAttributeConstraints.MinLength",
                attribute
                    .string_attribute_constraints
                    .as_ref()
                    .and_then(|s| s.min_length.as_deref()),
            ),
            (
                "StringAttributeConstraints.MaxLength",
                attribute
                    .string_attribute_constraints
                    .as_ref()
                    .and_then(|s| s.max_length.as_deref()),
            ),
        ];
        for (member, value) in numbers {
            if let Some(text) = value {
                if text.parse::<i64>().is_err() {
                    out.push(Problem::error(
                        format!("Schema[{i}].{member}"),
                        format!(
                            "must be a whole number written as a string, like \"10\"; got {}",
                            super::engine::short(&Value::String(text.to_owned()))
                        ),
                    ));
                }
            }
        }
    }
}

/// Applies the documented single-field rules to an AdminCreateUser request.
pub fn user_field_rules(request: &AdminCreateUserRequest, out: &mut Vec<Problem>) {
    // API reference, AdminCreateUser: DesiredDeliveryMediums lists EMAIL and/or SMS.
    distinct(
        "DesiredDeliveryMediums",
        request.desired_delivery_mediums.as_deref(),
        out,
    );
}

fn distinct(path: &str, items: Option<&[String]>, out: &mut Vec<Problem>) {
    let Some(items) = items else { return };
    if let Some((_, twice)) = items
        .iter()
        .enumerate()
        .find(|(i, x)| items[..*i].contains(x))
    {
        out.push(Problem::error(
            path,
            format!("lists {} twice", Value::String(twice.clone())),
        ));
    }
}

/// `+` then 1–15 digits, the first not 0.
pub fn is_e164(text: &str) -> bool {
    text.strip_prefix('+').is_some_and(|digits| {
        (2..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

/// The service's loose email pattern: visible characters, one `@`, visible characters.
pub fn is_email(text: &str) -> bool {
    let visible =
        |s: &str| !s.is_empty() && s.chars().all(|c| !c.is_whitespace() && !c.is_control());
    text.split_once('@')
        .is_some_and(|(local, domain)| visible(local) && visible(domain))
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    super::engine::plural(n as i64, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_and_email() {
        assert!(is_e164("+14155550100"));
        assert!(!is_e164("14155550100"));
        assert!(!is_e164("+0123"));
        assert!(is_email("a@b"));
        assert!(!is_email("a b@c"));
        assert!(!is_email("@c"));
    }
}
