//! The later calls of a pool plan through the SDK: model → SDK input (every
//! member copied, nothing defaulted or dropped) and sending. What each call
//! answers with is reduced to the id of what it made, never a secret (a
//! client's `ClientSecret` stays in the SDK's output and is dropped with it).

use aws_sdk_cognitoidentityprovider as cip;
use aws_smithy_types::{Blob, Document, Number};
use cip::types as t;

use super::convert::enums;
use super::{build_failed, errors};
use crate::api::ApiResult;
use crate::model::client::{AnalyticsConfiguration, ResourceServerScope};
use crate::model::domain::{Asset, CustomDomainConfig, Routing};
use crate::model::update_client::UpdateUserPoolClientRequest;
use crate::model::{
    CreateGroupRequest, CreateManagedLoginBrandingRequest, CreateResourceServerRequest,
    CreateUserPoolClientRequest, CreateUserPoolDomainRequest,
};

type Built<T> = Result<T, cip::error::BuildError>;

pub async fn create_resource_server(
    client: cip::Client,
    r: CreateResourceServerRequest,
) -> ApiResult<Option<String>> {
    let scopes = r
        .scopes
        .as_ref()
        .map(|s| s.iter().map(scope).collect::<Built<Vec<_>>>())
        .transpose()
        .map_err(build_failed)?;
    client
        .create_resource_server()
        .set_user_pool_id(r.user_pool_id)
        .set_identifier(r.identifier)
        .set_name(r.name)
        .set_scopes(scopes)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    Ok(None)
}

fn scope(s: &ResourceServerScope) -> Built<t::ResourceServerScopeType> {
    t::ResourceServerScopeType::builder()
        .scope_name(&s.scope_name)
        .scope_description(&s.scope_description)
        .build()
}

/// The members CreateUserPoolClient and UpdateUserPoolClient share, set on
/// either builder in the model's order (one list, so the two calls cannot
/// drift apart).
macro_rules! client_members {
    ($builder:expr, $r:ident, $rotation:ident) => {
        $builder
            .set_refresh_token_validity($r.refresh_token_validity)
            .set_access_token_validity($r.access_token_validity)
            .set_id_token_validity($r.id_token_validity)
            .set_token_validity_units($r.token_validity_units.as_ref().map(|u| {
                t::TokenValidityUnitsType::builder()
                    .set_access_token(u.access_token.as_deref().map(Into::into))
                    .set_id_token(u.id_token.as_deref().map(Into::into))
                    .set_refresh_token(u.refresh_token.as_deref().map(Into::into))
                    .build()
            }))
            .set_read_attributes($r.read_attributes)
            .set_write_attributes($r.write_attributes)
            .set_explicit_auth_flows(enums(&$r.explicit_auth_flows))
            .set_supported_identity_providers($r.supported_identity_providers)
            .set_callback_urls($r.callback_urls)
            .set_logout_urls($r.logout_urls)
            .set_default_redirect_uri($r.default_redirect_uri)
            .set_allowed_o_auth_flows(enums(&$r.allowed_oauth_flows))
            .set_allowed_o_auth_scopes($r.allowed_oauth_scopes)
            .set_allowed_o_auth_flows_user_pool_client($r.allowed_oauth_flows_user_pool_client)
            .set_analytics_configuration($r.analytics_configuration.as_ref().map(analytics))
            .set_prevent_user_existence_errors(
                $r.prevent_user_existence_errors.as_deref().map(Into::into),
            )
            .set_enable_token_revocation($r.enable_token_revocation)
            .set_enable_propagate_additional_user_context_data(
                $r.enable_propagate_additional_user_context_data,
            )
            .set_auth_session_validity($r.auth_session_validity)
            .set_refresh_token_rotation($rotation)
    };
}

pub async fn create_user_pool_client(
    client: cip::Client,
    r: CreateUserPoolClientRequest,
) -> ApiResult<Option<String>> {
    let rotation = rotation(r.refresh_token_rotation.as_ref())?;
    let output = client_members!(
        client
            .create_user_pool_client()
            .set_user_pool_id(r.user_pool_id)
            .set_client_name(r.client_name)
            .set_generate_secret(r.generate_secret)
            .set_client_secret(r.client_secret),
        r,
        rotation
    )
    .send()
    .await
    .map_err(errors::from_sdk)?;
    Ok(output
        .user_pool_client()
        .and_then(|c| c.client_id())
        .map(str::to_owned))
}

fn rotation(
    r: Option<&crate::model::client::RefreshTokenRotation>,
) -> ApiResult<Option<t::RefreshTokenRotationType>> {
    r.map(|rt| {
        t::RefreshTokenRotationType::builder()
            .feature(rt.feature.as_str().into())
            .set_retry_grace_period_seconds(rt.retry_grace_period_seconds)
            .build()
    })
    .transpose()
    .map_err(build_failed)
}

/// UpdateUserPoolClient with the full body (every member copied).
pub async fn update_user_pool_client(
    client: cip::Client,
    r: UpdateUserPoolClientRequest,
) -> ApiResult<()> {
    let rotation = rotation(r.refresh_token_rotation.as_ref())?;
    client_members!(
        client
            .update_user_pool_client()
            .set_user_pool_id(r.user_pool_id)
            .set_client_id(r.client_id)
            .set_client_name(r.client_name),
        r,
        rotation
    )
    .send()
    .await
    .map_err(errors::from_sdk)?;
    Ok(())
}

fn analytics(a: &AnalyticsConfiguration) -> t::AnalyticsConfigurationType {
    t::AnalyticsConfigurationType::builder()
        .set_application_id(a.application_id.clone())
        .set_application_arn(a.application_arn.clone())
        .set_role_arn(a.role_arn.clone())
        .set_external_id(a.external_id.clone())
        .user_data_shared(a.user_data_shared)
        .build()
}

pub async fn create_user_pool_domain(
    client: cip::Client,
    r: CreateUserPoolDomainRequest,
) -> ApiResult<Option<String>> {
    let (custom, routing) = domain_settings(&r)?;
    let output = client
        .create_user_pool_domain()
        .set_domain(r.domain)
        .set_user_pool_id(r.user_pool_id)
        .set_managed_login_version(r.managed_login_version)
        .set_custom_domain_config(custom)
        .set_routing(routing)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    Ok(output.cloud_front_domain().map(str::to_owned))
}

/// A domain request's custom-domain certificate and routing, for either
/// call (CreateUserPoolDomain and UpdateUserPoolDomain take the same).
fn domain_settings(
    r: &CreateUserPoolDomainRequest,
) -> ApiResult<(Option<t::CustomDomainConfigType>, Option<t::RoutingType>)> {
    let custom = r
        .custom_domain_config
        .as_ref()
        .map(custom_domain)
        .transpose();
    let routing = r.routing.as_ref().map(routing).transpose();
    Ok((
        custom.map_err(build_failed)?,
        routing.map_err(build_failed)?,
    ))
}

fn custom_domain(c: &CustomDomainConfig) -> Built<t::CustomDomainConfigType> {
    t::CustomDomainConfigType::builder()
        .certificate_arn(&c.certificate_arn)
        .set_security_policy(c.security_policy.as_deref().map(Into::into))
        .build()
}

fn routing(r: &Routing) -> Built<t::RoutingType> {
    let failover = r
        .failover
        .as_ref()
        .map(|f| {
            t::FailoverType::builder()
                .secondary_region(&f.secondary_region)
                .primary_route53_health_check_id(&f.primary_route53_health_check_id)
                .build()
        })
        .transpose()?;
    Ok(t::RoutingType::builder().set_failover(failover).build())
}

pub async fn create_managed_login_branding(
    client: cip::Client,
    r: CreateManagedLoginBrandingRequest,
) -> ApiResult<Option<String>> {
    let assets = r
        .assets
        .as_ref()
        .map(|a| a.iter().map(asset).collect::<Built<Vec<_>>>())
        .transpose()
        .map_err(build_failed)?;
    let output = client
        .create_managed_login_branding()
        .set_user_pool_id(r.user_pool_id)
        .set_client_id(r.client_id)
        .set_use_cognito_provided_values(r.use_cognito_provided_values)
        .set_settings(r.settings.as_ref().map(document))
        .set_assets(assets)
        .send()
        .await
        .map_err(|e| {
            errors::from_sdk(e).lacking(
                "CreateManagedLoginBranding",
                "managed login branding",
                "use managed login version 1 on the Domain step against it; version 2 and its branding work against AWS",
            )
        })?;
    Ok(output
        .managed_login_branding()
        .and_then(|b| b.managed_login_branding_id())
        .map(str::to_owned))
}

fn asset(a: &Asset) -> Built<t::AssetType> {
    let bytes = a
        .bytes
        .as_deref()
        .map(|b| {
            aws_smithy_types::base64::decode(b)
                .map(Blob::new)
                .map_err(|e| cip::error::BuildError::invalid_field("Bytes", e.to_string()))
        })
        .transpose()?;
    t::AssetType::builder()
        .category(a.category.as_str().into())
        .color_mode(a.color_mode.as_str().into())
        .extension(a.extension.as_str().into())
        .set_bytes(bytes)
        .set_resource_id(a.resource_id.clone())
        .build()
}

/// JSON → the SDK's document type (objects become hash maps: several
/// members go out in hash order, like any map).
fn document(value: &serde_json::Value) -> Document {
    use serde_json::Value;
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => Document::Number(match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Number::PosInt(u),
            (None, Some(i)) => Number::NegInt(i),
            _ => Number::Float(n.as_f64().unwrap_or_default()),
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(document).collect()),
        Value::Object(members) => Document::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), document(v)))
                .collect(),
        ),
    }
}

pub async fn update_user_pool_domain(
    client: cip::Client,
    r: CreateUserPoolDomainRequest,
) -> ApiResult<()> {
    let (custom, routing) = domain_settings(&r)?;
    client
        .update_user_pool_domain()
        .set_domain(r.domain)
        .set_user_pool_id(r.user_pool_id)
        .set_managed_login_version(r.managed_login_version)
        .set_custom_domain_config(custom)
        .set_routing(routing)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    Ok(())
}

pub async fn update_group(client: cip::Client, r: CreateGroupRequest) -> ApiResult<()> {
    client
        .update_group()
        .set_group_name(r.group_name)
        .set_user_pool_id(r.user_pool_id)
        .set_description(r.description)
        .set_role_arn(r.role_arn)
        .set_precedence(r.precedence)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    Ok(())
}

pub async fn create_group(client: cip::Client, r: CreateGroupRequest) -> ApiResult<Option<String>> {
    client
        .create_group()
        .set_group_name(r.group_name)
        .set_user_pool_id(r.user_pool_id)
        .set_description(r.description)
        .set_role_arn(r.role_arn)
        .set_precedence(r.precedence)
        .send()
        .await
        .map_err(errors::from_sdk)?;
    Ok(None)
}
