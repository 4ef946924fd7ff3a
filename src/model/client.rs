//! `CreateUserPoolClient` and `CreateResourceServer` requests in the API's own
//! JSON shape (see `pool.rs` for the conventions: `Option` members are left
//! out when unset, plain members are always sent once their structure exists,
//! enumerations stay strings so an unknown value reaches validation).
//!
//! In a plan both calls run after `CreateUserPool`, whose answer fills
//! `UserPoolId`; resource servers run before the clients, whose custom scopes
//! (`identifier/scope`) must exist when the client is created.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// An app client: how an application signs its users in.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateUserPoolClientRequest {
    /// Filled in from the `CreateUserPool` response when the plan runs.
    pub user_pool_id: Option<String>,
    pub client_name: Option<String>,
    pub generate_secret: Option<bool>,
    /// Secret: masked in previews and left out of exports unless asked for.
    pub client_secret: Option<String>,
    pub refresh_token_validity: Option<i32>,
    pub access_token_validity: Option<i32>,
    pub id_token_validity: Option<i32>,
    pub token_validity_units: Option<TokenValidityUnits>,
    pub read_attributes: Option<Vec<String>>,
    pub write_attributes: Option<Vec<String>>,
    pub explicit_auth_flows: Option<Vec<String>>,
    pub supported_identity_providers: Option<Vec<String>>,
    #[serde(rename = "CallbackURLs")]
    pub callback_urls: Option<Vec<String>>,
    #[serde(rename = "LogoutURLs")]
    pub logout_urls: Option<Vec<String>>,
    #[serde(rename = "DefaultRedirectURI")]
    pub default_redirect_uri: Option<String>,
    #[serde(rename = "AllowedOAuthFlows")]
    pub allowed_oauth_flows: Option<Vec<String>>,
    #[serde(rename = "AllowedOAuthScopes")]
    pub allowed_oauth_scopes: Option<Vec<String>>,
    #[serde(rename = "AllowedOAuthFlowsUserPoolClient")]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    pub analytics_configuration: Option<AnalyticsConfiguration>,
    pub prevent_user_existence_errors: Option<String>,
    pub enable_token_revocation: Option<bool>,
    pub enable_propagate_additional_user_context_data: Option<bool>,
    pub auth_session_validity: Option<i32>,
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
}

impl CreateUserPoolClientRequest {
    /// The client's name, or "" when it has none yet.
    pub fn name(&self) -> &str {
        self.client_name.as_deref().unwrap_or_default()
    }

    /// Whether the client will have a secret (generated or given).
    pub fn has_secret(&self) -> bool {
        self.generate_secret == Some(true) || self.client_secret.is_some()
    }

    /// The OAuth flows it allows (empty when none).
    pub fn oauth_flows(&self) -> &[String] {
        self.allowed_oauth_flows.as_deref().unwrap_or_default()
    }

    /// The OAuth scopes it allows (empty when none).
    pub fn oauth_scopes(&self) -> &[String] {
        self.allowed_oauth_scopes.as_deref().unwrap_or_default()
    }
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TokenValidityUnits {
    pub access_token: Option<String>,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AnalyticsConfiguration {
    pub application_id: Option<String>,
    pub application_arn: Option<String>,
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// Always sent once the structure exists.
    #[serde(default)]
    pub user_data_shared: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RefreshTokenRotation {
    /// Required by the API: always sent.
    #[serde(default)]
    pub feature: String,
    pub retry_grace_period_seconds: Option<i32>,
}

/// A resource server: an API with custom scopes that machine-to-machine
/// clients (client credentials) are granted.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateResourceServerRequest {
    /// Filled in from the `CreateUserPool` response when the plan runs.
    pub user_pool_id: Option<String>,
    pub identifier: Option<String>,
    pub name: Option<String>,
    pub scopes: Option<Vec<ResourceServerScope>>,
}

impl CreateResourceServerRequest {
    /// The custom scopes it defines, as clients name them: `identifier/scope`.
    pub fn scope_names(&self) -> Vec<String> {
        let identifier = self.identifier.as_deref().unwrap_or_default();
        self.scopes
            .iter()
            .flatten()
            .map(|s| format!("{identifier}/{}", s.scope_name))
            .collect()
    }
}

/// Both members are required by the API, so the SDK always sends both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ResourceServerScope {
    #[serde(default)]
    pub scope_name: String,
    #[serde(default)]
    pub scope_description: String,
}
