//! `CreateUserPool` request in the API's own JSON shape.
//!
//! Field order, names and presence mirror exactly what the official Rust SDK
//! serializes, because the preview *is* the request. Two rules from the SDK:
//!
//! * members the SDK models as `Option` are omitted when unset, so here they are
//!   `Option` with `skip_serializing_none`;
//! * members the SDK models as plain primitives (`bool`, `i32`, required `String`
//!   and required enums) are **always** sent once their parent structure exists
//!   (`"RequireUppercase":false`, `"UnusedAccountValidityDays":0`, ...), so here
//!   they are plain values with `#[serde(default)]`.
//!
//! Enumerations are kept as strings: an unknown value is carried through (the SDK
//! would send it verbatim) and reported by validation, never silently dropped.
//! Maps use `BTreeMap` so the preview is stable; the SDK sends map entries in hash
//! order, which JSON does not treat as significant.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// The whole `CreateUserPool` request.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateUserPoolRequest {
    pub pool_name: Option<String>,
    pub policies: Option<UserPoolPolicy>,
    pub deletion_protection: Option<String>,
    pub lambda_config: Option<LambdaConfig>,
    pub auto_verified_attributes: Option<Vec<String>>,
    pub alias_attributes: Option<Vec<String>>,
    pub username_attributes: Option<Vec<String>>,
    /// Deprecated by the API; moved into `VerificationMessageTemplate` on load.
    pub sms_verification_message: Option<String>,
    /// Deprecated by the API; moved into `VerificationMessageTemplate` on load.
    pub email_verification_message: Option<String>,
    /// Deprecated by the API; moved into `VerificationMessageTemplate` on load.
    pub email_verification_subject: Option<String>,
    pub verification_message_template: Option<VerificationMessageTemplate>,
    pub sms_authentication_message: Option<String>,
    pub mfa_configuration: Option<String>,
    pub user_attribute_update_settings: Option<UserAttributeUpdateSettings>,
    pub device_configuration: Option<DeviceConfiguration>,
    pub email_configuration: Option<EmailConfiguration>,
    pub sms_configuration: Option<SmsConfiguration>,
    pub user_pool_tags: Option<BTreeMap<String, String>>,
    pub admin_create_user_config: Option<AdminCreateUserConfig>,
    pub schema: Option<Vec<SchemaAttribute>>,
    pub user_pool_add_ons: Option<UserPoolAddOns>,
    pub username_configuration: Option<UsernameConfiguration>,
    pub account_recovery_setting: Option<AccountRecoverySetting>,
    pub user_pool_tier: Option<String>,
    pub key_configuration: Option<KeyConfiguration>,
    pub issuer_configuration: Option<IssuerConfiguration>,
    pub acr_configuration: Option<BTreeMap<String, AcrLevelConfig>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserPoolPolicy {
    pub password_policy: Option<PasswordPolicy>,
    pub sign_in_policy: Option<SignInPolicy>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PasswordPolicy {
    pub minimum_length: Option<i32>,
    #[serde(default)]
    pub require_uppercase: bool,
    #[serde(default)]
    pub require_lowercase: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_symbols: bool,
    pub password_history_size: Option<i32>,
    /// Always sent; `0` means "not set" on the wire.
    #[serde(default)]
    pub temporary_password_validity_days: i32,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SignInPolicy {
    pub allowed_first_auth_factors: Option<Vec<String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LambdaConfig {
    pub pre_sign_up: Option<String>,
    pub custom_message: Option<String>,
    pub post_confirmation: Option<String>,
    pub pre_authentication: Option<String>,
    pub post_authentication: Option<String>,
    pub define_auth_challenge: Option<String>,
    pub create_auth_challenge: Option<String>,
    pub verify_auth_challenge_response: Option<String>,
    pub pre_token_generation: Option<String>,
    pub user_migration: Option<String>,
    pub pre_token_generation_config: Option<LambdaVersionConfig>,
    #[serde(rename = "CustomSMSSender")]
    pub custom_sms_sender: Option<LambdaVersionConfig>,
    pub custom_email_sender: Option<LambdaVersionConfig>,
    #[serde(rename = "KMSKeyID")]
    pub kms_key_id: Option<String>,
    pub inbound_federation: Option<LambdaVersionConfig>,
}

/// A versioned trigger: pre-token-generation, custom senders, inbound federation.
/// Both members are required by the API, so the SDK always sends both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LambdaVersionConfig {
    #[serde(default)]
    pub lambda_version: String,
    #[serde(default)]
    pub lambda_arn: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct VerificationMessageTemplate {
    pub sms_message: Option<String>,
    pub email_message: Option<String>,
    pub email_subject: Option<String>,
    pub email_message_by_link: Option<String>,
    pub email_subject_by_link: Option<String>,
    pub default_email_option: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserAttributeUpdateSettings {
    pub attributes_require_verification_before_update: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeviceConfiguration {
    #[serde(default)]
    pub challenge_required_on_new_device: bool,
    #[serde(default)]
    pub device_only_remembered_on_user_prompt: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EmailConfiguration {
    pub source_arn: Option<String>,
    pub reply_to_email_address: Option<String>,
    pub email_sending_account: Option<String>,
    pub from: Option<String>,
    pub configuration_set: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SmsConfiguration {
    /// Required by the API: always sent, even when empty.
    #[serde(default)]
    pub sns_caller_arn: String,
    /// A secret shared with the IAM role's trust policy: masked in previews.
    pub external_id: Option<String>,
    pub sns_region: Option<String>,
    pub eums_sms: Option<EumsSmsConfiguration>,
}

/// SMS through AWS End User Messaging (newer than the AWS CLI v1 model).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EumsSmsConfiguration {
    #[serde(default)]
    pub caller_arn: String,
    pub external_id: Option<String>,
    pub origination_identity: Option<String>,
    pub configuration_set_name: Option<String>,
    pub in_entity_id: Option<String>,
    pub in_template_id: Option<String>,
    pub region: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AdminCreateUserConfig {
    #[serde(default)]
    pub allow_admin_create_user_only: bool,
    /// Always sent; `0` means "not set" on the wire.
    #[serde(default)]
    pub unused_account_validity_days: i32,
    pub invite_message_template: Option<MessageTemplate>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MessageTemplate {
    #[serde(rename = "SMSMessage")]
    pub sms_message: Option<String>,
    pub email_message: Option<String>,
    pub email_subject: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SchemaAttribute {
    pub name: Option<String>,
    pub attribute_data_type: Option<String>,
    pub developer_only_attribute: Option<bool>,
    pub mutable: Option<bool>,
    pub required: Option<bool>,
    pub number_attribute_constraints: Option<NumberAttributeConstraints>,
    pub string_attribute_constraints: Option<StringAttributeConstraints>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NumberAttributeConstraints {
    pub min_value: Option<String>,
    pub max_value: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StringAttributeConstraints {
    pub min_length: Option<String>,
    pub max_length: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserPoolAddOns {
    /// Required by the API: always sent.
    #[serde(default)]
    pub advanced_security_mode: String,
    pub advanced_security_additional_flows: Option<AdvancedSecurityAdditionalFlows>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AdvancedSecurityAdditionalFlows {
    pub custom_auth_mode: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UsernameConfiguration {
    #[serde(default)]
    pub case_sensitive: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AccountRecoverySetting {
    pub recovery_mechanisms: Option<Vec<RecoveryOption>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RecoveryOption {
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub name: String,
}

/// Encryption key for the pool (newer than the AWS CLI v1 model).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct KeyConfiguration {
    pub key_type: Option<String>,
    pub kms_key_arn: Option<String>,
}

/// Token issuer style (newer than the AWS CLI v1 model).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IssuerConfiguration {
    #[serde(rename = "Type")]
    pub issuer_type: Option<String>,
}

/// A custom name for one ACR level (newer than the AWS CLI v1 model).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AcrLevelConfig {
    #[serde(default)]
    pub acr_value: String,
}
