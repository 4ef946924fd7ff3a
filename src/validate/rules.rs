//! Field rules as data: for each API path, the constraints the service model
//! puts on the value there. One small engine applies them to the JSON form of a
//! request; the wizard reads the same table to show "6–99" next to a field.
//!
//! Path patterns: `A.B` walks members, `A[]` visits each list element, `A{key}`
//! each map key and `A{value}` each map value. Rules apply to values that are
//! present; `Required` is the only rule about absence.

use serde_json::Value;

use crate::model::values as v;
use crate::problem::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Must be present.
    Required,
    /// Length in characters, inclusive.
    Length {
        min: usize,
        max: usize,
    },
    /// Number of entries in a list, inclusive.
    Items {
        min: usize,
        max: usize,
    },
    /// No list entry twice.
    Distinct,
    /// Integer range, inclusive.
    Range {
        min: i64,
        max: i64,
    },
    OneOf(&'static [&'static str]),
    Chars(CharClass),
    /// The service's ARN pattern.
    Arn,
    /// Must contain this placeholder, e.g. `{####}`.
    Contains(&'static str),
    /// Must contain a `{##...##}` link placeholder.
    LinkPlaceholder,
    /// `something@something`.
    Email,
    /// A whole number written as a string (schema constraints).
    IntegerText,
}

/// The service's character patterns, as predicates with a plain description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// `[\w\s+=,.@-]+`
    PoolName,
    /// `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`: visible characters, no spaces.
    Visible,
    /// `[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*`: text; no control characters but white space.
    Text,
    /// `[\S]+`: anything but white space.
    NoWhitespace,
    /// `[a-zA-Z0-9_-]+`
    Identifier,
    /// `[\w-]+_[0-9a-zA-Z]+`
    UserPoolId,
}

impl CharClass {
    fn allows(self, c: char) -> bool {
        match self {
            CharClass::PoolName => {
                c.is_ascii_alphanumeric() || c == '_' || is_java_space(c) || "+=,.@-".contains(c)
            }
            CharClass::Visible => !c.is_whitespace() && !c.is_control(),
            CharClass::Text => !c.is_control() || c.is_whitespace(),
            CharClass::NoWhitespace => !c.is_whitespace(),
            CharClass::Identifier => c.is_ascii_alphanumeric() || c == '_' || c == '-',
            CharClass::UserPoolId => c.is_ascii_alphanumeric() || c == '_' || c == '-',
        }
    }

    fn describe(self) -> &'static str {
        match self {
            CharClass::PoolName => "letters, digits, spaces and _ + = , . @ -",
            CharClass::Visible => "visible characters without spaces",
            CharClass::Text => "text without control characters",
            CharClass::NoWhitespace => "characters other than spaces",
            CharClass::Identifier => "letters, digits, _ and -",
            CharClass::UserPoolId => {
                "letters, digits, _ and - (a pool id looks like us-east-1_AbCdEf123)"
            }
        }
    }

    /// The first offending character, if any (plus whole-value shape checks).
    fn check(self, text: &str) -> Result<(), String> {
        if let Some(bad) = text.chars().find(|c| !self.allows(*c)) {
            return Err(format!(
                "may contain only {}; found {}",
                self.describe(),
                show_char(bad)
            ));
        }
        if self == CharClass::UserPoolId {
            let shape_ok = text.rsplit_once('_').is_some_and(|(region, id)| {
                !region.is_empty()
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric())
            });
            if !shape_ok {
                return Err("must be a pool id like us-east-1_AbCdEf123".into());
            }
        }
        Ok(())
    }
}

/// Java's `\s`: the ASCII white space characters.
fn is_java_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

fn show_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("{:?}", c)
    } else {
        format!("'{c}'")
    }
}

/// Checks a string against the ARN pattern
/// `arn:P:S:R?:ACCOUNT:RES(:RES)?(:RES)?` where every part is `[\w+=/,.@-]`.
pub fn is_arn(text: &str) -> bool {
    let part_ok = |p: &str| {
        p.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=/,.@-".contains(c))
    };
    let parts: Vec<&str> = text.split(':').collect();
    (6..=8).contains(&parts.len())
        && parts[0] == "arn"
        && parts.iter().all(|p| part_ok(p))
        && !parts[1].is_empty()
        && !parts[2].is_empty()
        && !parts[4].is_empty()
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5..].iter().all(|p| !p.is_empty())
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
    text.split_once('@').is_some_and(|(local, domain)| {
        let visible = |s: &str| !s.is_empty() && s.chars().all(|c| CharClass::Visible.allows(c));
        visible(local) && visible(domain)
    })
}

/// Whether the text carries a `{##...##}` link placeholder.
pub fn has_link_placeholder(text: &str) -> bool {
    text.find("{##")
        .is_some_and(|start| text[start + 3..].contains("##}"))
}

impl Rule {
    /// Checks one present value; `Err` holds the message.
    fn check(self, value: &Value) -> Result<(), String> {
        match (self, value) {
            (Rule::Required, _) => Ok(()),
            (Rule::Length { min, max }, Value::String(s)) => {
                let n = s.chars().count();
                if (min..=max).contains(&n) {
                    Ok(())
                } else if n == 0 {
                    Err("must not be empty".into())
                } else if min == 0 || n > max {
                    Err(format!("must be at most {max} characters; it has {n}"))
                } else {
                    Err(format!(
                        "must be at least {min} {}; it has {n}",
                        plural(min, "character")
                    ))
                }
            }
            (Rule::Items { min, max }, Value::Array(items)) => {
                let n = items.len();
                if (min..=max).contains(&n) {
                    Ok(())
                } else if min == max {
                    Err(format!("must have exactly {min} entries; it has {n}"))
                } else {
                    Err(format!("must have {min} to {max} entries; it has {n}"))
                }
            }
            (Rule::Distinct, Value::Array(items)) => {
                match items
                    .iter()
                    .enumerate()
                    .find(|(i, x)| items[..*i].contains(x))
                {
                    Some((_, twice)) => Err(format!("lists {} twice", short(twice))),
                    None => Ok(()),
                }
            }
            (Rule::Range { min, max }, Value::Number(n)) => match n.as_i64() {
                Some(x) if (min..=max).contains(&x) => Ok(()),
                _ => Err(format!("must be from {min} to {max}; got {n}")),
            },
            (Rule::OneOf(allowed), Value::String(s)) => {
                if allowed.contains(&s.as_str()) {
                    Ok(())
                } else if s.is_empty() {
                    Err(format!("is required: one of {}", allowed.join(", ")))
                } else {
                    Err(format!(
                        "must be one of {}; got {}",
                        allowed.join(", "),
                        short(value)
                    ))
                }
            }
            (Rule::Chars(class), Value::String(s)) => class.check(s),
            (Rule::Arn, Value::String(s)) => {
                if s.is_empty() {
                    Err("is required: an ARN like arn:aws:iam::123456789012:role/name".into())
                } else if !(20..=2048).contains(&s.chars().count()) || !is_arn(s) {
                    Err("must be an ARN like arn:aws:service:region:123456789012:resource (20 to 2048 characters)".into())
                } else {
                    Ok(())
                }
            }
            (Rule::Contains(placeholder), Value::String(s)) => {
                if s.contains(placeholder) {
                    Ok(())
                } else {
                    Err(format!("must contain the code placeholder {placeholder}"))
                }
            }
            (Rule::LinkPlaceholder, Value::String(s)) => {
                if has_link_placeholder(s) {
                    Ok(())
                } else {
                    Err("must contain a link placeholder such as {##Verify your email##}".into())
                }
            }
            (Rule::Email, Value::String(s)) => {
                if is_email(s) {
                    Ok(())
                } else {
                    Err("must be an email address like name@example.com".into())
                }
            }
            (Rule::IntegerText, Value::String(s)) => {
                if s.parse::<i64>().is_ok() {
                    Ok(())
                } else {
                    Err(format!(
                        "must be a whole number written as a string, like \"10\"; got {}",
                        short(value)
                    ))
                }
            }
            // A rule for another kind of value does not apply (serde already
            // enforced the member's JSON type).
            _ => Ok(()),
        }
    }

    /// A short statement of what the rule allows, for field help.
    pub fn describe(self) -> String {
        match self {
            Rule::Required => "required".into(),
            Rule::Length { min, max } => format!("{min}–{max} characters"),
            Rule::Items { min, max } => format!("{min}–{max} entries"),
            Rule::Distinct => "no duplicates".into(),
            Rule::Range { min, max } => format!("{min}–{max}"),
            Rule::OneOf(allowed) => format!("one of {}", allowed.join(", ")),
            Rule::Chars(class) => class.describe().into(),
            Rule::Arn => "an ARN".into(),
            Rule::Contains(p) => format!("must contain {p}"),
            Rule::LinkPlaceholder => "must contain {##link text##}".into(),
            Rule::Email => "an email address".into(),
            Rule::IntegerText => "a whole number".into(),
        }
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// The rules for one path pattern.
#[derive(Debug, Clone, Copy)]
pub struct FieldRule {
    pub path: &'static str,
    pub rules: &'static [Rule],
}

const fn field(path: &'static str, rules: &'static [Rule]) -> FieldRule {
    FieldRule { path, rules }
}

use CharClass as C;
use Rule::*;

const ARN: &[Rule] = &[Arn];
const SMS_CODE_MESSAGE: &[Rule] = &[Length { min: 6, max: 140 }, Contains("{####}")];
const EMAIL_CODE_MESSAGE: &[Rule] = &[
    Length { min: 6, max: 20000 },
    Chars(C::Text),
    Contains("{####}"),
];
const SUBJECT: &[Rule] = &[Length { min: 1, max: 140 }, Chars(C::Text)];
const VERSIONED_TRIGGER: &[Rule] = &[OneOf(v::SENDER_LAMBDA_VERSION)];
const REGION: &[Rule] = &[Length { min: 5, max: 32 }];

/// `CreateUserPool`, in API order.
pub const CREATE_USER_POOL: &[FieldRule] = &[
    field(
        "PoolName",
        &[Required, Length { min: 1, max: 128 }, Chars(C::PoolName)],
    ),
    field(
        "Policies.PasswordPolicy.MinimumLength",
        &[Range { min: 6, max: 99 }],
    ),
    field(
        "Policies.PasswordPolicy.PasswordHistorySize",
        &[Range { min: 0, max: 24 }],
    ),
    field(
        "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
        &[Range { min: 0, max: 365 }],
    ),
    field(
        "Policies.SignInPolicy.AllowedFirstAuthFactors",
        &[Items { min: 1, max: 4 }, Distinct],
    ),
    field(
        "Policies.SignInPolicy.AllowedFirstAuthFactors[]",
        &[OneOf(v::AUTH_FACTOR)],
    ),
    field("DeletionProtection", &[OneOf(v::DELETION_PROTECTION)]),
    field("LambdaConfig.PreSignUp", ARN),
    field("LambdaConfig.CustomMessage", ARN),
    field("LambdaConfig.PostConfirmation", ARN),
    field("LambdaConfig.PreAuthentication", ARN),
    field("LambdaConfig.PostAuthentication", ARN),
    field("LambdaConfig.DefineAuthChallenge", ARN),
    field("LambdaConfig.CreateAuthChallenge", ARN),
    field("LambdaConfig.VerifyAuthChallengeResponse", ARN),
    field("LambdaConfig.PreTokenGeneration", ARN),
    field("LambdaConfig.UserMigration", ARN),
    field(
        "LambdaConfig.PreTokenGenerationConfig.LambdaVersion",
        &[OneOf(v::PRE_TOKEN_LAMBDA_VERSION)],
    ),
    field("LambdaConfig.PreTokenGenerationConfig.LambdaArn", ARN),
    field(
        "LambdaConfig.CustomSMSSender.LambdaVersion",
        VERSIONED_TRIGGER,
    ),
    field("LambdaConfig.CustomSMSSender.LambdaArn", ARN),
    field(
        "LambdaConfig.CustomEmailSender.LambdaVersion",
        VERSIONED_TRIGGER,
    ),
    field("LambdaConfig.CustomEmailSender.LambdaArn", ARN),
    field("LambdaConfig.KMSKeyID", ARN),
    field(
        "LambdaConfig.InboundFederation.LambdaVersion",
        VERSIONED_TRIGGER,
    ),
    field("LambdaConfig.InboundFederation.LambdaArn", ARN),
    field("AutoVerifiedAttributes", &[Distinct]),
    field("AutoVerifiedAttributes[]", &[OneOf(v::VERIFIED_ATTRIBUTES)]),
    field("AliasAttributes", &[Distinct]),
    field("AliasAttributes[]", &[OneOf(v::ALIAS_ATTRIBUTES)]),
    field("UsernameAttributes", &[Distinct]),
    field("UsernameAttributes[]", &[OneOf(v::USERNAME_ATTRIBUTES)]),
    field("VerificationMessageTemplate.SmsMessage", SMS_CODE_MESSAGE),
    field(
        "VerificationMessageTemplate.EmailMessage",
        EMAIL_CODE_MESSAGE,
    ),
    field("VerificationMessageTemplate.EmailSubject", SUBJECT),
    field(
        "VerificationMessageTemplate.EmailMessageByLink",
        &[
            Length { min: 6, max: 20000 },
            Chars(C::Text),
            LinkPlaceholder,
        ],
    ),
    field("VerificationMessageTemplate.EmailSubjectByLink", SUBJECT),
    field(
        "VerificationMessageTemplate.DefaultEmailOption",
        &[OneOf(v::DEFAULT_EMAIL_OPTION)],
    ),
    field("SmsAuthenticationMessage", SMS_CODE_MESSAGE),
    field("MfaConfiguration", &[OneOf(v::MFA_CONFIGURATION)]),
    field(
        "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate",
        &[Distinct],
    ),
    field(
        "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate[]",
        &[OneOf(v::VERIFIED_ATTRIBUTES)],
    ),
    field("EmailConfiguration.SourceArn", ARN),
    field("EmailConfiguration.ReplyToEmailAddress", &[Email]),
    field(
        "EmailConfiguration.EmailSendingAccount",
        &[OneOf(v::EMAIL_SENDING_ACCOUNT)],
    ),
    field(
        "EmailConfiguration.ConfigurationSet",
        &[Length { min: 1, max: 64 }, Chars(C::Identifier)],
    ),
    field("SmsConfiguration.SnsCallerArn", ARN),
    field("SmsConfiguration.SnsRegion", REGION),
    field("SmsConfiguration.EumsSms.CallerArn", ARN),
    field("SmsConfiguration.EumsSms.Region", REGION),
    field(
        "SmsConfiguration.EumsSms.ConfigurationSetName",
        &[Length { min: 1, max: 64 }],
    ),
    field("UserPoolTags{key}", &[Length { min: 1, max: 128 }]),
    field("UserPoolTags{value}", &[Length { min: 0, max: 256 }]),
    field(
        "AdminCreateUserConfig.UnusedAccountValidityDays",
        &[Range { min: 0, max: 365 }],
    ),
    field(
        "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
        &[Length { min: 6, max: 140 }],
    ),
    field(
        "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
        &[Length { min: 6, max: 20000 }, Chars(C::Text)],
    ),
    field(
        "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
        SUBJECT,
    ),
    field("Schema", &[Items { min: 1, max: 50 }]),
    field(
        "Schema[].Name",
        &[Required, Length { min: 1, max: 20 }, Chars(C::Visible)],
    ),
    field(
        "Schema[].AttributeDataType",
        &[OneOf(v::ATTRIBUTE_DATA_TYPE)],
    ),
    field(
        "Schema[].NumberAttributeConstraints.MinValue",
        &[IntegerText],
    ),
    field(
        "Schema[].NumberAttributeConstraints.MaxValue",
        &[IntegerText],
    ),
    field(
        "Schema[].StringAttributeConstraints.MinLength",
        &[IntegerText],
    ),
    field(
        "Schema[].StringAttributeConstraints.MaxLength",
        &[IntegerText],
    ),
    field(
        "UserPoolAddOns.AdvancedSecurityMode",
        &[OneOf(v::ADVANCED_SECURITY_MODE)],
    ),
    field(
        "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
        &[OneOf(v::ADVANCED_SECURITY_ENABLED_MODE)],
    ),
    field(
        "AccountRecoverySetting.RecoveryMechanisms",
        &[Items { min: 1, max: 2 }],
    ),
    field(
        "AccountRecoverySetting.RecoveryMechanisms[].Priority",
        &[Range { min: 1, max: 2 }],
    ),
    field(
        "AccountRecoverySetting.RecoveryMechanisms[].Name",
        &[OneOf(v::RECOVERY_OPTION_NAME)],
    ),
    field("UserPoolTier", &[OneOf(v::USER_POOL_TIER)]),
    field("KeyConfiguration.KeyType", &[OneOf(v::ENCRYPTION_KEY_TYPE)]),
    field("KeyConfiguration.KmsKeyArn", ARN),
    field("IssuerConfiguration.Type", &[OneOf(v::ISSUER_TYPE)]),
    field(
        "AcrConfiguration{value}.AcrValue",
        &[Length { min: 1, max: 64 }],
    ),
];

/// `SetUserPoolMfaConfig` (paths without the `SetUserPoolMfaConfig.` prefix).
pub const SET_USER_POOL_MFA_CONFIG: &[FieldRule] = &[
    field(
        "SmsMfaConfiguration.SmsAuthenticationMessage",
        SMS_CODE_MESSAGE,
    ),
    field("SmsMfaConfiguration.SmsConfiguration.SnsCallerArn", ARN),
    field("SmsMfaConfiguration.SmsConfiguration.SnsRegion", REGION),
    field("EmailMfaConfiguration.Message", EMAIL_CODE_MESSAGE),
    field("EmailMfaConfiguration.Subject", SUBJECT),
    field("MfaConfiguration", &[OneOf(v::MFA_CONFIGURATION)]),
    field(
        "WebAuthnConfiguration.RelyingPartyId",
        &[Length { min: 1, max: 127 }],
    ),
    field(
        "WebAuthnConfiguration.UserVerification",
        &[OneOf(v::USER_VERIFICATION)],
    ),
    field(
        "WebAuthnConfiguration.FactorConfiguration",
        &[OneOf(v::WEB_AUTHN_FACTOR)],
    ),
];

/// `AdminCreateUser`.
pub const ADMIN_CREATE_USER: &[FieldRule] = &[
    field(
        "UserPoolId",
        &[Required, Length { min: 1, max: 55 }, Chars(C::UserPoolId)],
    ),
    field(
        "Username",
        &[Required, Length { min: 1, max: 128 }, Chars(C::Visible)],
    ),
    field(
        "UserAttributes[].Name",
        &[Length { min: 1, max: 32 }, Chars(C::Text)],
    ),
    field("UserAttributes[].Value", &[Length { min: 0, max: 2048 }]),
    field(
        "ValidationData[].Name",
        &[Length { min: 1, max: 32 }, Chars(C::Text)],
    ),
    field("ValidationData[].Value", &[Length { min: 0, max: 2048 }]),
    field(
        "TemporaryPassword",
        &[Length { min: 1, max: 256 }, Chars(C::NoWhitespace)],
    ),
    field("MessageAction", &[OneOf(v::MESSAGE_ACTION)]),
    field("DesiredDeliveryMediums", &[Distinct]),
    field("DesiredDeliveryMediums[]", &[OneOf(v::DELIVERY_MEDIUM)]),
];

/// The rules that apply at a concrete path (`Schema[3].Name` matches
/// `Schema[].Name`), for field help in the wizard.
pub fn rules_at(table: &'static [FieldRule], path: &str) -> Vec<Rule> {
    table
        .iter()
        .filter(|f| pattern_matches(f.path, path))
        .flat_map(|f| f.rules.iter().copied())
        .collect()
}

fn pattern_matches(pattern: &str, path: &str) -> bool {
    // Replace concrete indexes and keys by their pattern forms and compare.
    let mut normalized = String::with_capacity(path.len());
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' {
            normalized.push_str("[]");
            for c in chars.by_ref() {
                if c == ']' {
                    break;
                }
            }
        } else {
            normalized.push(c);
        }
    }
    pattern == normalized
        || pattern.replace("{key}", "[]") == normalized
        || pattern.replace("{value}", "[]") == normalized
}

/// Applies a rule table to the JSON form of a request. `prefix` is put in
/// front of every reported path.
pub fn apply(table: &[FieldRule], request: &Value, prefix: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    for field in table {
        if field.rules.contains(&Required) {
            missing(request, field.path, prefix, &mut problems);
        }
        let mut found = Vec::new();
        resolve(request, field.path, prefix.to_owned(), &mut found);
        for (path, value, is_key) in found {
            for rule in field.rules {
                if let Err(message) = rule.check(&value) {
                    let message = if is_key {
                        format!("key {message}")
                    } else {
                        message
                    };
                    problems.push(Problem::error(path.clone(), message));
                }
            }
        }
    }
    problems
}

/// Reports a required member that is absent (or null) from each structure
/// holding it: `PoolName` from the request, `Schema[].Name` from every entry.
fn missing(request: &Value, pattern: &str, prefix: &str, out: &mut Vec<Problem>) {
    let (parent, member) = pattern.rsplit_once('.').unwrap_or(("", pattern));
    let mut parents = Vec::new();
    if parent.is_empty() {
        parents.push((prefix.to_owned(), request.clone(), false));
    } else {
        resolve(request, parent, prefix.to_owned(), &mut parents);
    }
    for (at, holder, _) in parents {
        if holder.get(member).is_none_or(Value::is_null) {
            out.push(Problem::error(join(&at, member), "is required"));
        }
    }
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_owned()
    } else {
        format!("{prefix}.{path}")
    }
}

/// Collects `(concrete path, value, is_map_key)` for every value `pattern` reaches.
fn resolve(value: &Value, pattern: &str, at: String, out: &mut Vec<(String, Value, bool)>) {
    if pattern.is_empty() {
        out.push((at, value.clone(), false));
        return;
    }
    let (head, rest) = match pattern.find(['.', '[', '{']) {
        Some(0) => ("", pattern),
        Some(i) => (&pattern[..i], &pattern[i..]),
        None => (pattern, ""),
    };
    if !head.is_empty() {
        if let Some(child) = value.get(head) {
            resolve(child, rest, join(&at, head), out);
        }
        return;
    }
    if let Some(rest) = rest.strip_prefix('.') {
        resolve(value, rest, at, out);
    } else if let Some(rest) = rest.strip_prefix("[]") {
        for (i, item) in value.as_array().into_iter().flatten().enumerate() {
            resolve(item, rest, format!("{at}[{i}]"), out);
        }
    } else if let Some(rest) = rest.strip_prefix("{key}") {
        for key in value.as_object().into_iter().flat_map(|m| m.keys()) {
            let path = format!("{at}[{}]", Value::String(key.clone()));
            if rest.is_empty() {
                out.push((path, Value::String(key.clone()), true));
            }
        }
    } else if let Some(rest) = rest.strip_prefix("{value}") {
        for (key, item) in value.as_object().into_iter().flatten() {
            resolve(
                item,
                rest,
                format!("{at}[{}]", Value::String(key.clone())),
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arn_pattern() {
        assert!(is_arn(
            "arn:aws:lambda:us-east-1:123456789012:function:hook"
        ));
        assert!(is_arn("arn:aws:iam::123456789012:role/sms-role"));
        assert!(is_arn(
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab"
        ));
        assert!(!is_arn("arn:aws:iam::accountid:role/x"));
        assert!(!is_arn("not-an-arn-at-all-really"));
        assert!(!is_arn("arn:aws:iam::123456789012:"));
        assert!(!is_arn("arn:aws:iam::123456789012:role x"));
    }

    #[test]
    fn e164_and_email() {
        assert!(is_e164("+14155550100"));
        assert!(!is_e164("14155550100"));
        assert!(!is_e164("+1 415 555 0100"));
        assert!(!is_e164("+0123"));
        assert!(is_email("a@b"));
        assert!(!is_email("a b@c"));
        assert!(!is_email("@c"));
    }

    #[test]
    fn resolves_lists_and_maps() {
        let request = json!({
            "Schema": [{"Name": ""}, {"Name": "ok"}],
            "UserPoolTags": {"": "v", "k": "x".repeat(300)}
        });
        let problems = apply(CREATE_USER_POOL, &request, "");
        let paths: Vec<_> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            paths.contains(&"Schema[0].Name: must not be empty".to_owned()),
            "{paths:?}"
        );
        assert!(
            paths.contains(&"UserPoolTags[\"\"]: key must not be empty".to_owned()),
            "{paths:?}"
        );
        assert!(
            paths.contains(
                &"UserPoolTags[\"k\"]: must be at most 256 characters; it has 300".to_owned()
            ),
            "{paths:?}"
        );
        assert!(
            paths.contains(&"PoolName: is required".to_owned()),
            "{paths:?}"
        );
    }

    #[test]
    fn rules_at_matches_concrete_paths() {
        assert_eq!(
            rules_at(CREATE_USER_POOL, "Policies.PasswordPolicy.MinimumLength"),
            [Range { min: 6, max: 99 }]
        );
        assert!(rules_at(CREATE_USER_POOL, "Schema[7].Name").contains(&Length { min: 1, max: 20 }));
        assert!(rules_at(CREATE_USER_POOL, "UserPoolTags[\"env\"]")
            .contains(&Length { min: 1, max: 128 }));
    }
}
