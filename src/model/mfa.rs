//! `SetUserPoolMfaConfig` request: the second call of a plan, needed because
//! `CreateUserPool` can only turn on SMS MFA. TOTP (software token), email and
//! passkey settings exist only here.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::pool::SmsConfiguration;

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetUserPoolMfaConfigRequest {
    /// Filled in from the `CreateUserPool` response when the plan runs.
    pub user_pool_id: Option<String>,
    pub sms_mfa_configuration: Option<SmsMfaConfig>,
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfig>,
    pub email_mfa_configuration: Option<EmailMfaConfig>,
    pub mfa_configuration: Option<String>,
    pub web_authn_configuration: Option<WebAuthnConfiguration>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SmsMfaConfig {
    pub sms_authentication_message: Option<String>,
    pub sms_configuration: Option<SmsConfiguration>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SoftwareTokenMfaConfig {
    #[serde(default)]
    pub enabled: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EmailMfaConfig {
    pub message: Option<String>,
    pub subject: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WebAuthnConfiguration {
    pub relying_party_id: Option<String>,
    pub user_verification: Option<String>,
    pub factor_configuration: Option<String>,
}
