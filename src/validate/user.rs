//! Rules for `AdminCreateUser`, alone and against what is known of the pool.

use crate::model::pool::{CreateUserPoolRequest, PasswordPolicy};
use crate::model::values::{standard_attribute, MANAGED_ATTRIBUTES};
use crate::model::AdminCreateUserRequest;
use crate::problem::Problem;

use super::password::{default_policy, policy_failures};
use super::rules::{is_e164, is_email};

/// What a pool's settings say about the users it accepts (from
/// DescribeUserPool, or from the request that created it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoolFacts {
    pub password_policy: PasswordPolicy,
    /// `email` and/or `phone_number` when users sign in with those as username.
    pub username_attributes: Vec<String>,
    pub attributes: Vec<PoolAttribute>,
    pub email_sending_account: Option<String>,
    pub has_sms_configuration: bool,
    /// The pool's groups (ListGroups), when an invitation names groups.
    pub groups: Option<std::collections::BTreeSet<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolAttribute {
    /// As users send it: `email`, `custom:team`.
    pub name: String,
    pub data_type: String,
    pub required: bool,
    pub mutable: bool,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl PoolFacts {
    /// Facts from a pool request or a described pool (as loaded by
    /// [`crate::model::load`]): every standard attribute exists, custom ones
    /// are those in the schema.
    pub fn from_request(request: &CreateUserPoolRequest) -> Self {
        let mut attributes: Vec<PoolAttribute> = crate::model::values::STANDARD_ATTRIBUTES
            .iter()
            .map(|s| PoolAttribute {
                name: s.name.to_owned(),
                data_type: s.data_type.to_owned(),
                required: false,
                mutable: true,
                min: None,
                max: None,
            })
            .collect();
        for entry in request.schema.iter().flatten() {
            let name = entry.name.clone().unwrap_or_default();
            let (min, max) = match (
                &entry.string_attribute_constraints,
                &entry.number_attribute_constraints,
            ) {
                (Some(s), _) => (parse(&s.min_length), parse(&s.max_length)),
                (_, Some(n)) => (parse(&n.min_value), parse(&n.max_value)),
                _ => (None, None),
            };
            let attribute = PoolAttribute {
                name: if standard_attribute(&name).is_some() {
                    name.clone()
                } else {
                    format!("custom:{name}")
                },
                data_type: entry
                    .attribute_data_type
                    .clone()
                    .unwrap_or_else(|| "String".into()),
                required: entry.required == Some(true),
                mutable: entry.mutable != Some(false),
                min,
                max,
            };
            match attributes.iter_mut().find(|a| a.name == attribute.name) {
                Some(existing) => {
                    existing.required = attribute.required;
                    existing.mutable = attribute.mutable;
                }
                None => attributes.push(attribute),
            }
        }
        Self {
            password_policy: request
                .policies
                .as_ref()
                .and_then(|p| p.password_policy.clone())
                .unwrap_or_else(default_policy),
            username_attributes: request.username_attributes.clone().unwrap_or_default(),
            attributes,
            email_sending_account: request
                .email_configuration
                .as_ref()
                .and_then(|e| e.email_sending_account.clone()),
            has_sms_configuration: request.sms_configuration.is_some(),
            groups: None,
        }
    }

    pub fn attribute(&self, name: &str) -> Option<&PoolAttribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn required_attributes(&self) -> impl Iterator<Item = &PoolAttribute> {
        self.attributes.iter().filter(|a| a.required)
    }
}

fn parse(text: &Option<String>) -> Option<i64> {
    text.as_deref().and_then(|t| t.parse().ok())
}

/// Rules that need more than one field (field rules come from the service model's table).
pub fn cross_rules(request: &AdminCreateUserRequest, pool: Option<&PoolFacts>) -> Vec<Problem> {
    let mut out = Vec::new();
    let attributes = request.user_attributes.as_deref().unwrap_or_default();
    for (i, attribute) in attributes.iter().enumerate() {
        let at = |member: &str| format!("UserAttributes[{i}].{member}");
        let name = attribute.name.as_str();
        let value = attribute.value.as_deref().unwrap_or_default();
        if attributes[..i].iter().any(|a| a.name == name) {
            out.push(Problem::error(at("Name"), format!("{name} is given twice")));
        }
        let known_standard =
            standard_attribute(name).is_some() || MANAGED_ATTRIBUTES.contains(&name);
        if !known_standard && !name.starts_with("custom:") && !name.is_empty() {
            out.push(Problem::error(
                at("Name"),
                format!(
                    "{name} is not a standard attribute; custom attributes are named custom:{name}"
                ),
            ));
        }
        if name == "sub" || name == "identities" {
            out.push(Problem::error(
                at("Name"),
                format!("{name} is set by Cognito"),
            ));
        }
        if name == "phone_number" && !is_e164(value) {
            out.push(Problem::error(
                at("Value"),
                "phone numbers must be in E.164 form: + then country code and number, e.g. +14155550100",
            ));
        }
        if name == "email" && !is_email(value) {
            out.push(Problem::error(
                at("Value"),
                "must be an email address like name@example.com",
            ));
        }
        if name.ends_with("_verified") && !matches!(value, "true" | "false") {
            out.push(Problem::error(at("Value"), "must be true or false"));
        }
        if let Some(pool) = pool {
            match pool.attribute(name) {
                Some(known) => type_check(known, value, &at("Value"), &mut out),
                None if !known_standard && name.starts_with("custom:") => out.push(Problem::error(
                    at("Name"),
                    format!("the pool has no attribute {name}"),
                )),
                None => {}
            }
        }
    }
    let mediums = request
        .desired_delivery_mediums
        .as_deref()
        .unwrap_or_default();
    for (medium, attribute) in [("EMAIL", "email"), ("SMS", "phone_number")] {
        let wanted = mediums.iter().any(|m| m == medium);
        if wanted && request.attribute(attribute).is_none() {
            out.push(Problem::error(
                "DesiredDeliveryMediums",
                format!("{medium} delivery needs the {attribute} attribute"),
            ));
        }
    }
    if request.force_alias_creation == Some(true)
        && request.attribute("email").is_none()
        && request.attribute("phone_number").is_none()
    {
        out.push(Problem::warning(
            "ForceAliasCreation",
            "has no effect without an email or phone_number attribute",
        ));
    }
    if let Some(pool) = pool {
        with_pool(request, pool, &mut out);
    }
    out
}

fn type_check(attribute: &PoolAttribute, value: &str, path: &str, out: &mut Vec<Problem>) {
    let bad = match attribute.data_type.as_str() {
        "Number" => value
            .parse::<f64>()
            .is_err()
            .then(|| "must be a number".to_owned()),
        "Boolean" => {
            (!matches!(value, "true" | "false")).then(|| "must be true or false".to_owned())
        }
        "String" => {
            let n = value.chars().count() as i64;
            match (attribute.min, attribute.max) {
                (Some(min), _) if n < min => Some(format!(
                    "must be at least {min} {}",
                    super::rules::plural(min as usize, "character")
                )),
                (_, Some(max)) if n > max => Some(format!("must be at most {max} characters")),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(message) = bad {
        out.push(Problem::error(
            path,
            format!("{}: {message}", attribute.name),
        ));
    }
    if attribute.data_type == "Number" {
        if let Ok(x) = value.parse::<f64>() {
            if attribute.min.is_some_and(|m| x < m as f64)
                || attribute.max.is_some_and(|m| x > m as f64)
            {
                out.push(Problem::error(
                    path,
                    format!(
                        "{} must be between {} and {}",
                        attribute.name,
                        attribute.min.map_or("-∞".into(), |m| m.to_string()),
                        attribute.max.map_or("∞".into(), |m| m.to_string())
                    ),
                ));
            }
        }
    }
}

fn with_pool(request: &AdminCreateUserRequest, pool: &PoolFacts, out: &mut Vec<Problem>) {
    for required in pool.required_attributes() {
        if request.attribute(&required.name).is_none() {
            out.push(Problem::error(
                "UserAttributes",
                format!("the pool requires {}", required.name),
            ));
        }
    }
    if let Some(username) = request.username.as_deref() {
        let by_email = pool.username_attributes.iter().any(|a| a == "email");
        let by_phone = pool.username_attributes.iter().any(|a| a == "phone_number");
        if (by_email || by_phone)
            && !(by_email && is_email(username) || by_phone && is_e164(username))
        {
            let what = match (by_email, by_phone) {
                (true, true) => "an email address or an E.164 phone number",
                (true, false) => "an email address",
                _ => "an E.164 phone number",
            };
            out.push(Problem::error(
                "Username",
                format!("this pool signs users in with {what} as the username"),
            ));
        }
    }
    if let Some(password) = request.temporary_password.as_deref() {
        let failures = policy_failures(password, &pool.password_policy);
        if !failures.is_empty() {
            out.push(Problem::error(
                "TemporaryPassword",
                format!(
                    "does not meet the pool's password policy: needs {}",
                    failures.join(", ")
                ),
            ));
        }
    }
    let mediums = request
        .desired_delivery_mediums
        .as_deref()
        .unwrap_or_default();
    if mediums.iter().any(|m| m == "SMS") && !pool.has_sms_configuration {
        out.push(Problem::warning(
            "DesiredDeliveryMediums",
            "SMS delivery needs the pool to have an SMS configuration; the invitation may not arrive",
        ));
    }
}
