//! `UpdateUserPoolClient` in the API's own JSON shape. Like UpdateUserPool
//! it resets every member a request leaves out, so the change of an
//! existing client always sends the full body: every member the client has,
//! changed or not ([`UpdateUserPoolClientRequest::carrying`]). Its members
//! are CreateUserPoolClient's without the secret (a client's secret is made
//! with it) and with the client's id, in the service model's order.
//!
//! UpdateGroup and UpdateUserPoolDomain take exactly the shape of their
//! create calls, so those requests are used as they are.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::client::{
    AnalyticsConfiguration, CreateUserPoolClientRequest, RefreshTokenRotation, TokenValidityUnits,
};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateUserPoolClientRequest {
    pub user_pool_id: Option<String>,
    pub client_id: Option<String>,
    pub client_name: Option<String>,
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

impl UpdateUserPoolClientRequest {
    /// The full body that leaves client `client_id` of pool `pool_id` as
    /// `client` describes it: every member it has is sent.
    pub fn carrying(pool_id: &str, client_id: &str, client: &CreateUserPoolClientRequest) -> Self {
        let c = client.clone();
        Self {
            user_pool_id: Some(pool_id.to_owned()),
            client_id: Some(client_id.to_owned()),
            client_name: c.client_name,
            refresh_token_validity: c.refresh_token_validity,
            access_token_validity: c.access_token_validity,
            id_token_validity: c.id_token_validity,
            token_validity_units: c.token_validity_units,
            read_attributes: c.read_attributes,
            write_attributes: c.write_attributes,
            explicit_auth_flows: c.explicit_auth_flows,
            supported_identity_providers: c.supported_identity_providers,
            callback_urls: c.callback_urls,
            logout_urls: c.logout_urls,
            default_redirect_uri: c.default_redirect_uri,
            allowed_oauth_flows: c.allowed_oauth_flows,
            allowed_oauth_scopes: c.allowed_oauth_scopes,
            allowed_oauth_flows_user_pool_client: c.allowed_oauth_flows_user_pool_client,
            analytics_configuration: c.analytics_configuration,
            prevent_user_existence_errors: c.prevent_user_existence_errors,
            enable_token_revocation: c.enable_token_revocation,
            enable_propagate_additional_user_context_data: c
                .enable_propagate_additional_user_context_data,
            auth_session_validity: c.auth_session_validity,
            refresh_token_rotation: c.refresh_token_rotation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every member of the update body is the client's (a test of the
    /// member list: a member forgotten here would be reset by the update).
    #[test]
    fn the_full_body_carries_every_member_but_the_secret() {
        let client: CreateUserPoolClientRequest = serde_json::from_value(serde_json::json!({
            "ClientName": "web", "GenerateSecret": true, "RefreshTokenValidity": 30,
            "AccessTokenValidity": 60, "IdTokenValidity": 60,
            "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
            "ReadAttributes": ["email"], "WriteAttributes": ["email"],
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"], "SupportedIdentityProviders": ["COGNITO"],
            "CallbackURLs": ["https://a.example/cb"], "LogoutURLs": ["https://a.example/out"],
            "DefaultRedirectURI": "https://a.example/cb", "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid"], "AllowedOAuthFlowsUserPoolClient": true,
            "AnalyticsConfiguration": {"ApplicationId": "app", "UserDataShared": true},
            "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": true,
            "EnablePropagateAdditionalUserContextData": false, "AuthSessionValidity": 3,
            "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10}
        }))
        .unwrap();
        let body = serde_json::to_value(UpdateUserPoolClientRequest::carrying("p", "id", &client))
            .unwrap();
        let mut expected = serde_json::to_value(&client).unwrap();
        let expected = expected.as_object_mut().unwrap();
        expected.remove("GenerateSecret");
        expected.insert("UserPoolId".into(), "p".into());
        expected.insert("ClientId".into(), "id".into());
        assert_eq!(body.as_object().unwrap(), expected);
    }
}
