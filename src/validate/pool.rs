//! Rules that tie `CreateUserPool` members together (and to the follow-up MFA
//! call), each with its source. Field-by-field constraints come from the service
//! model's table (`table.rs`, applied by `engine.rs`); the few the model does not
//! state are in `rules.rs`.

use crate::model::pool::{CreateUserPoolRequest, SchemaAttribute};
use crate::model::values::{self as v, standard_attribute, MANAGED_ATTRIBUTES};
use crate::model::{PoolDocument, SetUserPoolMfaConfigRequest};
use crate::problem::Problem;

pub const MFA_PREFIX: &str = "SetUserPoolMfaConfig";

pub fn cross_rules(doc: &PoolDocument) -> Vec<Problem> {
    let c = &doc.create;
    let mut out = Vec::new();
    validity_days(c, &mut out);
    templates(c, &mut out);
    email_sending(c, &mut out);
    sms_sender(c.sms_configuration.as_ref(), "SmsConfiguration", &mut out);
    if let Some(sms) = doc
        .mfa
        .as_ref()
        .and_then(|m| m.sms_mfa_configuration.as_ref())
        .and_then(|s| s.sms_configuration.as_ref())
    {
        let at = format!("{MFA_PREFIX}.SmsMfaConfiguration.SmsConfiguration");
        sms_sender(Some(sms), &at, &mut out);
    }
    sign_in_attributes(c, &mut out);
    schema(c, &mut out);
    recovery(c, &mut out);
    threat_protection(c, &mut out);
    triggers(c, &mut out);
    mfa(doc, &mut out);
    plan_features(c, &mut out);
    verification(c, &mut out);
    create_only(c, &mut out);
    out
}

/// Source: the service model's documentation of SmsConfigurationType.EumsSms:
/// "provide either the Amazon SNS configuration (SnsCallerArn) or this
/// configuration, but not both". The SDK always sends SnsCallerArn (as "" when
/// unset), so an empty one counts as not given.
fn sms_sender(
    sms: Option<&crate::model::pool::SmsConfiguration>,
    at: &str,
    out: &mut Vec<Problem>,
) {
    let Some(sms) = sms else { return };
    match (sms.sns_caller_arn.is_empty(), sms.eums_sms.is_some()) {
        (true, false) => out.push(Problem::error(
            format!("{at}.SnsCallerArn"),
            "is required: an ARN like arn:aws:iam::123456789012:role/name (or give EumsSms to send through AWS End User Messaging instead)",
        )),
        (false, true) => out.push(Problem::error(
            format!("{at}.EumsSms"),
            "give either SnsCallerArn or EumsSms, not both",
        )),
        _ => {}
    }
}

/// Features the Lite plan does not have (threat protection and trigger
/// versions are checked with their own rules).
/// Source: API reference, CreateUserPool `UserPoolTier` and PasswordPolicyType
/// `PasswordHistorySize` / SignInPolicyType (Essentials or Plus features).
fn plan_features(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    if tier(c) != "LITE" {
        return;
    }
    let policies = c.policies.as_ref();
    if policies
        .and_then(|p| p.password_policy.as_ref())
        .and_then(|p| p.password_history_size)
        .is_some_and(|n| n > 0)
    {
        out.push(Problem::error(
            "Policies.PasswordPolicy.PasswordHistorySize",
            "preventing password reuse needs UserPoolTier ESSENTIALS or PLUS",
        ));
    }
    let passwordless = policies
        .and_then(|p| p.sign_in_policy.as_ref())
        .and_then(|s| s.allowed_first_auth_factors.as_ref())
        .is_some_and(|f| f.iter().any(|f| f != "PASSWORD"));
    if passwordless {
        out.push(Problem::error(
            "Policies.SignInPolicy.AllowedFirstAuthFactors",
            "sign-in without a password (email or SMS codes, passkeys) needs UserPoolTier ESSENTIALS or PLUS",
        ));
    }
}

/// Cognito can hold an update for verification only for attributes it
/// verifies automatically.
/// Source: API reference, UserAttributeUpdateSettingsType
/// `AttributesRequireVerificationBeforeUpdate`.
fn verification(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let automatic = c.auto_verified_attributes.as_deref().unwrap_or_default();
    let held = c
        .user_attribute_update_settings
        .as_ref()
        .and_then(|u| u.attributes_require_verification_before_update.as_ref());
    for (i, name) in held.into_iter().flatten().enumerate() {
        if !automatic.contains(name) {
            out.push(Problem::error(
                format!(
                    "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate[{i}]"
                ),
                format!("{name} must also be in AutoVerifiedAttributes"),
            ));
        }
    }
}

fn tier(c: &CreateUserPoolRequest) -> &str {
    c.user_pool_tier.as_deref().unwrap_or(v::DEFAULT_TIER)
}

fn is_developer_email(c: &CreateUserPoolRequest) -> bool {
    c.email_configuration
        .as_ref()
        .and_then(|e| e.email_sending_account.as_deref())
        == Some("DEVELOPER")
}

/// The SDK always sends both numbers once their structures exist, with 0 for
/// "not set"; the service refuses a pool that sets both.
/// Source: API reference, AdminCreateUserConfigType `UnusedAccountValidityDays`
/// ("when you set TemporaryPasswordValidityDays ... you can't set this").
fn validity_days(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let temporary = c
        .policies
        .as_ref()
        .and_then(|p| p.password_policy.as_ref())
        .map_or(0, |p| p.temporary_password_validity_days);
    let unused = c
        .admin_create_user_config
        .as_ref()
        .map_or(0, |a| a.unused_account_validity_days);
    if temporary > 0 && unused > 0 {
        out.push(Problem::error(
            "AdminCreateUserConfig.UnusedAccountValidityDays",
            "cannot be set together with Policies.PasswordPolicy.TemporaryPasswordValidityDays, which replaces it; set it to 0",
        ));
    }
}

/// Which template texts a pool may carry: the placeholders, and custom email
/// texts only with DEVELOPER email.
/// Source: API reference, VerificationMessageTemplateType and
/// MessageTemplateType (`{####}`, `{username}`, `{##…##}`, DefaultEmailOption).
fn templates(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    if let Some(t) = &c.verification_message_template {
        let option = t
            .default_email_option
            .as_deref()
            .or(crate::model::defaults::member(
                "VerificationMessageTemplate.DefaultEmailOption",
            ))
            .unwrap_or_default();
        // The members of the other option must be empty (the service refuses them).
        let misplaced = match option {
            "CONFIRM_WITH_CODE" => [
                (
                    t.email_message_by_link.is_some(),
                    "EmailMessageByLink",
                    "EmailMessage",
                ),
                (
                    t.email_subject_by_link.is_some(),
                    "EmailSubjectByLink",
                    "EmailSubject",
                ),
            ],
            "CONFIRM_WITH_LINK" => [
                (
                    t.email_message.is_some(),
                    "EmailMessage",
                    "EmailMessageByLink",
                ),
                (
                    t.email_subject.is_some(),
                    "EmailSubject",
                    "EmailSubjectByLink",
                ),
            ],
            _ => [(false, "", ""); 2],
        };
        let default = if option == "CONFIRM_WITH_CODE" {
            " (the default)"
        } else {
            ""
        };
        for (_, member, instead) in misplaced.into_iter().filter(|(set, ..)| *set) {
            out.push(Problem::error(
                format!("VerificationMessageTemplate.{member}"),
                format!("must be empty when DefaultEmailOption is {option}{default}; write it in {instead}"),
            ));
        }
    }
    if let Some(invite) = c
        .admin_create_user_config
        .as_ref()
        .and_then(|a| a.invite_message_template.as_ref())
    {
        for (path, text) in [
            (
                "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
                &invite.email_message,
            ),
            (
                "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
                &invite.sms_message,
            ),
        ] {
            let Some(text) = text else { continue };
            let missing: Vec<&str> = ["{username}", "{####}"]
                .into_iter()
                .filter(|p| !text.contains(p))
                .collect();
            if !missing.is_empty() {
                out.push(Problem::warning(
                    path,
                    format!(
                        "should contain {}: without {{####}} the invitation is not delivered, without {{username}} the user does not know how to sign in",
                        missing.join(" and ")
                    ),
                ));
            }
        }
    }
}

/// Source: API reference, EmailConfigurationType (`EmailSendingAccount`,
/// `SourceArn`, `From`, `ConfigurationSet` need DEVELOPER).
fn email_sending(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let developer = is_developer_email(c);
    if developer
        && c.email_configuration
            .as_ref()
            .is_none_or(|e| e.source_arn.is_none())
    {
        out.push(Problem::error(
            "EmailConfiguration.SourceArn",
            "is required when EmailSendingAccount is DEVELOPER: the ARN of a verified Amazon SES identity",
        ));
    }
    if developer {
        return;
    }
    let template = c.verification_message_template.as_ref();
    let invite = c
        .admin_create_user_config
        .as_ref()
        .and_then(|a| a.invite_message_template.as_ref());
    let custom_email = [
        (
            "VerificationMessageTemplate.EmailMessage",
            template.and_then(|t| t.email_message.as_ref()),
        ),
        (
            "VerificationMessageTemplate.EmailSubject",
            template.and_then(|t| t.email_subject.as_ref()),
        ),
        (
            "VerificationMessageTemplate.EmailMessageByLink",
            template.and_then(|t| t.email_message_by_link.as_ref()),
        ),
        (
            "VerificationMessageTemplate.EmailSubjectByLink",
            template.and_then(|t| t.email_subject_by_link.as_ref()),
        ),
        (
            "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
            invite.and_then(|i| i.email_message.as_ref()),
        ),
        (
            "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
            invite.and_then(|i| i.email_subject.as_ref()),
        ),
    ];
    for (path, value) in custom_email {
        if value.is_some() {
            out.push(
                Problem::error(
                    path,
                    "a custom email message needs EmailConfiguration.EmailSendingAccount DEVELOPER (Amazon SES); Cognito's default email sends only its own messages",
                )
                .fixed_at("EmailConfiguration.EmailSendingAccount"),
            );
        }
    }
}

/// Source: API reference, CreateUserPool `AliasAttributes` / `UsernameAttributes`
/// (one or the other, not both).
fn sign_in_attributes(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let username = c
        .username_attributes
        .as_ref()
        .is_some_and(|a| !a.is_empty());
    let alias = c.alias_attributes.as_ref().is_some_and(|a| !a.is_empty());
    if username && alias {
        out.push(Problem::error(
            "AliasAttributes",
            "cannot be used together with UsernameAttributes: choose either sign-in with email/phone as the username, or aliases for a separate username",
        ));
    }
    let alias_preferred = c
        .alias_attributes
        .iter()
        .flatten()
        .any(|a| a == "preferred_username");
    if alias_preferred {
        if let Some(i) = schema_index(c, "preferred_username", |a| a.required == Some(true)) {
            out.push(Problem::error(
                format!("Schema[{i}].Required"),
                "preferred_username cannot be both required and an alias (AliasAttributes)",
            ));
        }
    }
}

fn schema_index(
    c: &CreateUserPoolRequest,
    name: &str,
    pred: impl Fn(&SchemaAttribute) -> bool,
) -> Option<usize> {
    c.schema
        .iter()
        .flatten()
        .position(|a| a.name.as_deref() == Some(name) && pred(a))
}

/// Source: API reference, SchemaAttributeType (standard attribute types, custom
/// names without `custom:`, custom attributes not required, constraints by type).
fn schema(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let Some(schema) = &c.schema else { return };
    for (i, attribute) in schema.iter().enumerate() {
        let at = |member: &str| format!("Schema[{i}].{member}");
        let name = attribute.name.as_deref().unwrap_or_default();
        if schema[..i].iter().any(|a| a.name.as_deref() == Some(name)) {
            out.push(Problem::error(
                at("Name"),
                format!("{name} is listed twice"),
            ));
        }
        if MANAGED_ATTRIBUTES.contains(&name) {
            out.push(Problem::error(
                at("Name"),
                format!("{name} is managed by Cognito and cannot be configured"),
            ));
            continue;
        }
        if name.starts_with("custom:") {
            out.push(Problem::error(
                at("Name"),
                "write custom attribute names without the custom: prefix; Cognito adds it",
            ));
        }
        let data_type = attribute.attribute_data_type.as_deref();
        match standard_attribute(name) {
            Some(standard) => {
                if data_type.is_some_and(|t| t != standard.data_type) {
                    out.push(Problem::error(
                        at("AttributeDataType"),
                        format!(
                            "{name} is a standard attribute of type {}",
                            standard.data_type
                        ),
                    ));
                }
            }
            None => {
                if attribute.required == Some(true) {
                    out.push(Problem::error(
                        at("Required"),
                        "a custom attribute cannot be required; check required values in a pre sign-up trigger instead",
                    ));
                }
            }
        }
        if let Some(n) = &attribute.number_attribute_constraints {
            if data_type.is_some_and(|t| t != "Number") {
                out.push(Problem::error(
                    at("NumberAttributeConstraints"),
                    "applies only to attributes of type Number",
                ));
            }
            min_max(
                &at("NumberAttributeConstraints.MinValue"),
                n.min_value.as_deref(),
                n.max_value.as_deref(),
                None,
                out,
            );
        }
        if let Some(s) = &attribute.string_attribute_constraints {
            if data_type.is_some_and(|t| t != "String") {
                out.push(Problem::error(
                    at("StringAttributeConstraints"),
                    "applies only to attributes of type String",
                ));
            }
            min_max(
                &at("StringAttributeConstraints.MinLength"),
                s.min_length.as_deref(),
                s.max_length.as_deref(),
                Some(2048),
                out,
            );
        }
    }
}

/// `min ≤ max`, both whole numbers (checked by the field rules), and for string
/// lengths `0 ≤ min`, `max ≤ limit`.
fn min_max(
    min_path: &str,
    min: Option<&str>,
    max: Option<&str>,
    limit: Option<i64>,
    out: &mut Vec<Problem>,
) {
    let max_path = min_path
        .replace("MinValue", "MaxValue")
        .replace("MinLength", "MaxLength");
    let min = min.and_then(|m| m.parse::<i64>().ok());
    let max = max.and_then(|m| m.parse::<i64>().ok());
    if let Some(limit) = limit {
        if min.is_some_and(|m| m < 0) {
            out.push(Problem::error(min_path, "must not be negative"));
        }
        if max.is_some_and(|m| m > limit) {
            out.push(Problem::error(
                &max_path,
                format!("must be at most {limit}"),
            ));
        }
    }
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            out.push(Problem::error(
                max_path,
                format!("must not be less than the minimum ({min})"),
            ));
        }
    }
}

/// Source: API reference, AccountRecoverySettingType / RecoveryOptionType
/// (distinct priorities and names; `admin_only` alone).
fn recovery(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let Some(mechanisms) = c
        .account_recovery_setting
        .as_ref()
        .and_then(|a| a.recovery_mechanisms.as_ref())
    else {
        return;
    };
    for (i, m) in mechanisms.iter().enumerate() {
        let earlier = &mechanisms[..i];
        if earlier.iter().any(|e| e.priority == m.priority) {
            out.push(Problem::error(
                format!("AccountRecoverySetting.RecoveryMechanisms[{i}].Priority"),
                format!(
                    "priority {} is used twice; give each mechanism its own",
                    m.priority
                ),
            ));
        }
        if earlier.iter().any(|e| e.name == m.name) {
            out.push(Problem::error(
                format!("AccountRecoverySetting.RecoveryMechanisms[{i}].Name"),
                format!("{} is listed twice", m.name),
            ));
        }
    }
    if mechanisms.len() > 1 && mechanisms.iter().any(|m| m.name == "admin_only") {
        out.push(Problem::error(
            "AccountRecoverySetting.RecoveryMechanisms",
            "admin_only must be the only mechanism: it turns self-service recovery off",
        ));
    }
}

/// Source: API reference, UserPoolAddOnsType (threat protection needs the Plus
/// plan).
fn threat_protection(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let Some(add_ons) = &c.user_pool_add_ons else {
        return;
    };
    let mode_on = matches!(
        add_ons.advanced_security_mode.as_str(),
        "AUDIT" | "ENFORCED"
    );
    let custom_auth_on = add_ons
        .advanced_security_additional_flows
        .as_ref()
        .is_some_and(|f| f.custom_auth_mode.is_some());
    // Reported where threat protection is turned on, not at a mode left OFF.
    let path = if mode_on {
        "UserPoolAddOns.AdvancedSecurityMode"
    } else {
        "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode"
    };
    if (mode_on || custom_auth_on) && tier(c) != "PLUS" {
        out.push(Problem::error(
            path,
            format!(
                "threat protection needs UserPoolTier PLUS; this pool is {}{}",
                tier(c),
                if c.user_pool_tier.is_none() {
                    " (the default)"
                } else {
                    ""
                }
            ),
        ));
    }
}

/// Source: API reference, LambdaConfigType (custom senders need `KMSKeyID`;
/// the legacy and versioned pre-token triggers name the same function).
fn triggers(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    let Some(l) = &c.lambda_config else { return };
    for (name, set) in [
        ("CustomSMSSender", l.custom_sms_sender.is_some()),
        ("CustomEmailSender", l.custom_email_sender.is_some()),
    ] {
        if set && l.kms_key_id.is_none() {
            out.push(Problem::error(
                "LambdaConfig.KMSKeyID",
                format!("is required with {name}: Cognito encrypts the codes it passes to custom senders with this KMS key"),
            ));
        }
    }
    if let (Some(legacy), Some(config)) = (&l.pre_token_generation, &l.pre_token_generation_config)
    {
        if *legacy != config.lambda_arn {
            out.push(Problem::error(
                "LambdaConfig.PreTokenGenerationConfig.LambdaArn",
                "must be the same function as LambdaConfig.PreTokenGeneration when both are set",
            ));
        }
    }
    if l.pre_token_generation_config
        .as_ref()
        .is_some_and(|p| p.lambda_version != "V1_0")
        && tier(c) == "LITE"
    {
        out.push(Problem::error(
            "LambdaConfig.PreTokenGenerationConfig.LambdaVersion",
            "V2_0 and V3_0 (access token customization) need UserPoolTier ESSENTIALS or PLUS",
        ));
    }
}

/// Source: API reference, CreateUserPool `MfaConfiguration` and
/// SetUserPoolMfaConfig (a factor must be available when MFA is ON or OPTIONAL).
fn mfa(doc: &PoolDocument, out: &mut Vec<Problem>) {
    let c = &doc.create;
    let create_mode = c.mfa_configuration.as_deref().unwrap_or("OFF");
    let create_on = matches!(create_mode, "ON" | "OPTIONAL");
    if create_on && c.sms_configuration.is_none() {
        let message = if doc.mfa.is_some() {
            "CreateUserPool can turn MFA on only with SMS (SmsConfiguration); set it OFF here and let SetUserPoolMfaConfig turn it on"
        } else {
            "needs an MFA factor: SMS (add SmsConfiguration), or TOTP / email, which take a SetUserPoolMfaConfig call after the pool is created"
        };
        out.push(Problem::error("MfaConfiguration", message));
    }
    if let Some(m) = &doc.mfa {
        second_call(c, m, out);
    }
}

/// Source: API reference, SetUserPoolMfaConfig (SMS MFA needs an SMS
/// configuration; email MFA needs DEVELOPER email and the Essentials plan).
fn second_call(c: &CreateUserPoolRequest, m: &SetUserPoolMfaConfigRequest, out: &mut Vec<Problem>) {
    let at = |path: &str| format!("{MFA_PREFIX}.{path}");
    let mode = m.mfa_configuration.as_deref().unwrap_or("OFF");
    let sms = m.sms_mfa_configuration.as_ref();
    let totp = m
        .software_token_mfa_configuration
        .as_ref()
        .is_some_and(|t| t.enabled);
    let email = m.email_mfa_configuration.is_some();
    if matches!(mode, "ON" | "OPTIONAL") && sms.is_none() && !totp && !email {
        out.push(Problem::error(
            at("MfaConfiguration"),
            "is ON or OPTIONAL but no factor is enabled: enable SMS, TOTP (SoftwareTokenMfaConfiguration) or email",
        ));
    }
    if let Some(sms) = sms {
        if sms.sms_configuration.is_none() {
            out.push(Problem::error(
                at("SmsMfaConfiguration.SmsConfiguration"),
                "SMS MFA needs an SMS configuration (SnsCallerArn)",
            ));
        }
    }
    if email {
        if tier(c) == "LITE" {
            out.push(Problem::error(
                at("EmailMfaConfiguration"),
                "email MFA needs UserPoolTier ESSENTIALS or PLUS",
            ));
        }
        if !is_developer_email(c) {
            out.push(Problem::error(
                at("EmailMfaConfiguration"),
                "email MFA needs EmailConfiguration.EmailSendingAccount DEVELOPER (Amazon SES)",
            ));
        }
    }
}

/// Settings the service will not let anyone change later deserve a warning.
/// Which they are is [`super::mutability`]'s to say (from the table).
fn create_only(c: &CreateUserPoolRequest, out: &mut Vec<Problem>) {
    const LATER: &str = "cannot be changed after the pool is created";
    if c.schema.as_ref().is_some_and(|s| !s.is_empty()) {
        out.push(Problem::warning(
            "Schema",
            format!("attributes {LATER} (custom attributes can only be added)"),
        ));
    }
    for (i, attribute) in c.schema.iter().flatten().enumerate() {
        if attribute.required == Some(true) {
            let name = attribute.name.as_deref().unwrap_or_default();
            out.push(Problem::warning(
                format!("Schema[{i}].Required"),
                format!("whether {name} is required {LATER}"),
            ));
        }
    }
    let written = serde_json::to_value(c).unwrap_or_default();
    for name in super::mutability::create_only() {
        let set = match written.get(name) {
            None => false,
            Some(serde_json::Value::Array(items)) => !items.is_empty(),
            Some(_) => true,
        };
        if set {
            out.push(Problem::warning(
                super::mutability::warning_path(name),
                LATER,
            ));
        }
    }
}
