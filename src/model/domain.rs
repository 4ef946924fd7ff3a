//! `CreateUserPoolDomain`, `CreateManagedLoginBranding` and `CreateGroup`
//! requests in the API's own JSON shape (conventions as in `pool.rs`).

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// The pool's domain: a Cognito prefix (`Domain` alone) or a custom domain
/// (`CustomDomainConfig` with an ACM certificate).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateUserPoolDomainRequest {
    pub domain: Option<String>,
    /// Filled in from the `CreateUserPool` response when the plan runs.
    pub user_pool_id: Option<String>,
    /// 1: the classic hosted UI; 2: managed login (needs a branding style).
    pub managed_login_version: Option<i32>,
    pub custom_domain_config: Option<CustomDomainConfig>,
    pub routing: Option<Routing>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CustomDomainConfig {
    /// Required by the API: always sent.
    #[serde(default)]
    pub certificate_arn: String,
    pub security_policy: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Routing {
    pub failover: Option<Failover>,
}

/// Both members are required by the API, so the SDK always sends both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Failover {
    #[serde(default)]
    pub secondary_region: String,
    #[serde(default, rename = "PrimaryRoute53HealthCheckId")]
    pub primary_route53_health_check_id: String,
}

/// A managed-login branding style for one app client. In a plan `ClientId`
/// names a client of the plan by its placeholder
/// (`<ClientId from CreateUserPoolClient "NAME">`, see
/// [`super::values::client_id_placeholder`]); the client's id fills it when
/// the plan runs.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateManagedLoginBrandingRequest {
    /// Filled in from the `CreateUserPool` response when the plan runs.
    pub user_pool_id: Option<String>,
    pub client_id: Option<String>,
    /// `true`: Cognito's own style, so the login page works at once.
    pub use_cognito_provided_values: Option<bool>,
    /// A JSON document of style settings (any JSON object).
    pub settings: Option<serde_json::Value>,
    pub assets: Option<Vec<Asset>>,
}

/// An image of a branding style. `Bytes` is base64, as on the wire.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Asset {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub color_mode: String,
    #[serde(default)]
    pub extension: String,
    pub bytes: Option<String>,
    pub resource_id: Option<String>,
}

/// A group: a role users are put in (admin, user), with an optional IAM role.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateGroupRequest {
    pub group_name: Option<String>,
    /// Filled in from the `CreateUserPool` response when the plan runs.
    pub user_pool_id: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub precedence: Option<i32>,
}
