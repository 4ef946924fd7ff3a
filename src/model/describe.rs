//! describe-user-pool output → a CreateUserPool request ("clone an existing
//! pool"): read-only members dropped, members the SDK cannot send left out with
//! a warning, `SchemaAttributes` turned into `Schema`, Cognito's default texts
//! not copied as custom ones.

use serde_json::{Map, Value};

use super::load::{member_path, typed, LoadError};
use super::pool::SchemaAttribute;
use super::values::{standard_attribute, MANAGED_ATTRIBUTES};
use super::CreateUserPoolRequest;
use crate::problem::Problem;
use crate::validate::engine;

/// Members of DescribeUserPool output that describe the pool rather than
/// configure it; a clone leaves them out.
const READ_ONLY_POOL_MEMBERS: &[&str] = &[
    "Id",
    "Arn",
    "Status",
    "CreationDate",
    "LastModifiedDate",
    "EstimatedNumberOfUsers",
    "Domain",
    "CustomDomain",
    "SmsConfigurationFailure",
    "EmailConfigurationFailure",
];

/// DescribeUserPool output → CreateUserPool request.
pub(super) fn from_describe(
    mut outer: Map<String, Value>,
    notes: &mut Vec<Problem>,
) -> Result<CreateUserPoolRequest, LoadError> {
    if let Some(extra) = outer.keys().find(|k| *k != "UserPool") {
        return Err(LoadError::Shape {
            path: member_path(extra),
            message: "unknown member next to UserPool in describe-user-pool output".into(),
        });
    }
    let Some(Value::Object(mut pool)) = outer.remove("UserPool") else {
        return Err(LoadError::Shape {
            path: "UserPool".into(),
            message: "expected an object".into(),
        });
    };
    for key in READ_ONLY_POOL_MEMBERS {
        pool.remove(*key);
    }
    for (member, instead) in engine::NOT_IN_SDK {
        if pool.remove(*member).is_some() {
            notes.push(Problem::warning(
                format!("UserPool.{member}"),
                format!(
                    "not copied: the AWS SDK for Rust this tool sends through cannot send it yet; {instead}"
                ),
            ));
        }
    }
    let renamed_name = match pool.remove("Name") {
        Some(name) => {
            pool.insert("PoolName".into(), name);
            true
        }
        None => false,
    };
    let schema_source = pool.remove("SchemaAttributes");
    // Errors name the member as the file has it: `Name`, not `PoolName`.
    let mut request: CreateUserPoolRequest =
        typed(Value::Object(pool), "UserPool").map_err(|err| match err {
            LoadError::Shape { path, message } if renamed_name && path == "UserPool.PoolName" => {
                LoadError::Shape {
                    path: "UserPool.Name".into(),
                    message,
                }
            }
            other => other,
        })?;
    if let Some(schema) = schema_source {
        let attributes: Vec<SchemaAttribute> = typed(schema, "UserPool.SchemaAttributes")?;
        let kept: Vec<SchemaAttribute> = attributes
            .into_iter()
            .filter_map(schema_for_create)
            .collect();
        request.schema = (!kept.is_empty()).then_some(kept);
    }
    let days_twice = request
        .policies
        .as_ref()
        .and_then(|p| p.password_policy.as_ref())
        .is_some_and(|p| p.temporary_password_validity_days > 0);
    if let Some(admin) = request.admin_create_user_config.as_mut() {
        if days_twice && admin.unused_account_validity_days > 0 {
            admin.unused_account_validity_days = 0;
            notes.push(Problem::warning(
                "AdminCreateUserConfig.UnusedAccountValidityDays",
                "dropped: the source pool sets Policies.PasswordPolicy.TemporaryPasswordValidityDays, which replaces it",
            ));
        }
    }
    let mode = request.mfa_configuration.as_deref().unwrap_or("OFF");
    if mode != "OFF" && request.sms_configuration.is_none() {
        notes.push(Problem::warning(
            "MfaConfiguration",
            "describe-user-pool output does not say which MFA factors the source pool uses; choose them on the MFA step",
        ));
    }
    Ok(request)
}

/// The email texts Cognito gives a pool that sets none: DescribeUserPool
/// reports them as if they had been written.
const DEFAULT_VERIFICATION_EMAIL: (&str, &str) = (
    "Your verification code is {####}. ",
    "Your verification code",
);
const DEFAULT_INVITATION_EMAIL: (&str, &str) = (
    "Your username is {username} and temporary password is {####}. ",
    "Your temporary password",
);

/// A described pool that sends email with Cognito's own sender reports
/// Cognito's default email texts; written into a new request they would be
/// custom templates, which need DEVELOPER email. Leaving them out gives the
/// clone the same texts. Texts that differ are kept (and validated).
pub(super) fn drop_default_email_texts(
    create: &mut CreateUserPoolRequest,
    notes: &mut Vec<Problem>,
) {
    let developer = create
        .email_configuration
        .as_ref()
        .and_then(|e| e.email_sending_account.as_deref())
        == Some("DEVELOPER");
    if developer {
        return;
    }
    let mut dropped = Vec::new();
    let mut drop_if_default = |value: &mut Option<String>, default: &str, path: &str| {
        if value.as_deref() == Some(default) {
            *value = None;
            dropped.push(path.to_owned());
        }
    };
    if let Some(t) = create.verification_message_template.as_mut() {
        let (message, subject) = DEFAULT_VERIFICATION_EMAIL;
        drop_if_default(
            &mut t.email_message,
            message,
            "VerificationMessageTemplate.EmailMessage",
        );
        drop_if_default(
            &mut t.email_subject,
            subject,
            "VerificationMessageTemplate.EmailSubject",
        );
    }
    if let Some(t) = create
        .admin_create_user_config
        .as_mut()
        .and_then(|a| a.invite_message_template.as_mut())
    {
        let (message, subject) = DEFAULT_INVITATION_EMAIL;
        let prefix = "AdminCreateUserConfig.InviteMessageTemplate";
        drop_if_default(
            &mut t.email_message,
            message,
            &format!("{prefix}.EmailMessage"),
        );
        drop_if_default(
            &mut t.email_subject,
            subject,
            &format!("{prefix}.EmailSubject"),
        );
    }
    for path in dropped {
        notes.push(Problem::warning(
            path,
            "left out: the source pool shows Cognito's default text here, which the new pool gets anyway (custom email texts need DEVELOPER email)",
        ));
    }
}

/// One `SchemaAttributes` entry of a described pool → a `Schema` entry for a new
/// pool: custom attributes lose their `custom:` / `dev:custom:` prefix,
/// attributes Cognito manages are dropped, and standard attributes are kept only
/// when they differ from Cognito's defaults.
fn schema_for_create(mut attribute: SchemaAttribute) -> Option<SchemaAttribute> {
    let name = attribute.name.clone().unwrap_or_default();
    if MANAGED_ATTRIBUTES.contains(&name.as_str()) {
        return None;
    }
    let bare = name
        .strip_prefix("dev:")
        .unwrap_or(&name)
        .strip_prefix("custom:");
    match bare {
        Some(custom) => {
            attribute.name = Some(custom.to_owned());
            Some(attribute)
        }
        None if standard_attribute(&name).is_some() => {
            let customised = attribute.required == Some(true) || attribute.mutable == Some(false);
            if !customised {
                return None;
            }
            // Standard attributes keep Cognito's own constraints.
            attribute.string_attribute_constraints = None;
            attribute.number_attribute_constraints = None;
            Some(attribute)
        }
        None => Some(attribute),
    }
}
