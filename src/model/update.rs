//! The requests that change an existing pool, in the API's own JSON shape
//! (member order and presence as the AWS SDK for Rust serializes them, like
//! [`super::pool`]): `UpdateUserPool`, `AddCustomAttributes`, `TagResource`,
//! `UntagResource`. [`crate::update`] builds them from the live pool and the
//! desired document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::pool::{
    AccountRecoverySetting, AcrLevelConfig, AdminCreateUserConfig, CreateUserPoolRequest,
    DeviceConfiguration, EmailConfiguration, IssuerConfiguration, KeyConfiguration, LambdaConfig,
    SchemaAttribute, SmsConfiguration, UserAttributeUpdateSettings, UserPoolAddOns, UserPoolPolicy,
    VerificationMessageTemplate,
};

/// The whole `UpdateUserPool` request. Every member it leaves out is reset
/// to Cognito's default by the service, so the tool always sends it whole.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateUserPoolRequest {
    pub user_pool_id: Option<String>,
    pub policies: Option<UserPoolPolicy>,
    pub deletion_protection: Option<String>,
    pub lambda_config: Option<LambdaConfig>,
    pub auto_verified_attributes: Option<Vec<String>>,
    pub sms_verification_message: Option<String>,
    pub email_verification_message: Option<String>,
    pub email_verification_subject: Option<String>,
    pub verification_message_template: Option<VerificationMessageTemplate>,
    pub sms_authentication_message: Option<String>,
    pub user_attribute_update_settings: Option<UserAttributeUpdateSettings>,
    pub mfa_configuration: Option<String>,
    pub device_configuration: Option<DeviceConfiguration>,
    pub email_configuration: Option<EmailConfiguration>,
    pub sms_configuration: Option<SmsConfiguration>,
    pub user_pool_tags: Option<BTreeMap<String, String>>,
    pub admin_create_user_config: Option<AdminCreateUserConfig>,
    pub user_pool_add_ons: Option<UserPoolAddOns>,
    pub account_recovery_setting: Option<AccountRecoverySetting>,
    pub pool_name: Option<String>,
    pub user_pool_tier: Option<String>,
    pub key_configuration: Option<KeyConfiguration>,
    pub issuer_configuration: Option<IssuerConfiguration>,
    pub acr_configuration: Option<BTreeMap<String, AcrLevelConfig>>,
}

impl UpdateUserPoolRequest {
    /// Every member of `settings` that `UpdateUserPool` takes, for the pool
    /// `user_pool_id`. The members it does not take (sign-in attributes,
    /// case sensitivity, the schema) are exactly the create-only ones of
    /// [`crate::validate::mutability`]; a test keeps the two in step.
    pub fn carrying(user_pool_id: &str, settings: &CreateUserPoolRequest) -> Self {
        let s = settings.clone();
        Self {
            user_pool_id: Some(user_pool_id.to_owned()),
            policies: s.policies,
            deletion_protection: s.deletion_protection,
            lambda_config: s.lambda_config,
            auto_verified_attributes: s.auto_verified_attributes,
            sms_verification_message: s.sms_verification_message,
            email_verification_message: s.email_verification_message,
            email_verification_subject: s.email_verification_subject,
            verification_message_template: s.verification_message_template,
            sms_authentication_message: s.sms_authentication_message,
            user_attribute_update_settings: s.user_attribute_update_settings,
            mfa_configuration: s.mfa_configuration,
            device_configuration: s.device_configuration,
            email_configuration: s.email_configuration,
            sms_configuration: s.sms_configuration,
            user_pool_tags: s.user_pool_tags,
            admin_create_user_config: s.admin_create_user_config,
            user_pool_add_ons: s.user_pool_add_ons,
            account_recovery_setting: s.account_recovery_setting,
            pool_name: s.pool_name,
            user_pool_tier: s.user_pool_tier,
            key_configuration: s.key_configuration,
            issuer_configuration: s.issuer_configuration,
            acr_configuration: s.acr_configuration,
        }
    }
}

/// `AddCustomAttributes`: the only way to extend a pool's schema.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AddCustomAttributesRequest {
    pub user_pool_id: Option<String>,
    pub custom_attributes: Option<Vec<SchemaAttribute>>,
}

/// `TagResource`: adds or overwrites the given tags, leaves the others.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagResourceRequest {
    pub resource_arn: Option<String>,
    pub tags: Option<BTreeMap<String, String>>,
}

/// `UntagResource`: removes the tags with these keys.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UntagResourceRequest {
    pub resource_arn: Option<String>,
    pub tag_keys: Option<Vec<String>>,
}
