//! CreateManagedLoginBranding, which moto does not implement, served by a
//! fake on the capture server; [`MotoWithBranding`] sends that one call to
//! the fake (through the real SDK, so its wire body is recorded) and every
//! other call to moto.

use std::sync::Arc;

use cognito_wizard::api::{
    ApiResult, CognitoApi, CreatedPool, CreatedUser, PoolSummary, SharedApi, TargetInfo,
};
use cognito_wizard::aws::SdkApi;
use cognito_wizard::model::load::DescribedPool;
use cognito_wizard::model::*;
use futures::future::BoxFuture;

use super::{Behaviour, CaptureServer};

/// The id the fake gives every branding style it creates.
pub const BRANDING_ID: &str = "00000000-0000-4000-8000-00000000b4a0";

/// The service's answer: the new style, for the pool and client asked for.
pub fn branding_created() -> Behaviour {
    Behaviour::computed(|request| {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let has = |member: &str| body[member].as_str().is_some_and(|s| !s.is_empty());
        if !has("UserPoolId") || !has("ClientId") {
            return Behaviour::error(
                400,
                "InvalidParameterException",
                "UserPoolId and ClientId are required",
            );
        }
        Behaviour::ok(
            serde_json::json!({"ManagedLoginBranding": {
                "ManagedLoginBrandingId": BRANDING_ID,
                "UserPoolId": body["UserPoolId"],
                "UseCognitoProvidedValues": body["UseCognitoProvidedValues"],
            }})
            .to_string(),
        )
    })
}

/// The service refusing the style (the failure path).
pub fn branding_refused() -> Behaviour {
    Behaviour::error(
        400,
        "ManagedLoginBrandingExistsException",
        "A branding style already exists for this app client",
    )
}

/// A capture server answering CreateManagedLoginBranding with `behaviour`.
pub fn branding_server(behaviour: Behaviour) -> CaptureServer {
    CaptureServer::with_behaviours(std::collections::HashMap::from([(
        "CreateManagedLoginBranding".to_owned(),
        behaviour,
    )]))
}

/// moto for everything, the branding fake for CreateManagedLoginBranding.
pub struct MotoWithBranding {
    pub moto: Arc<SdkApi>,
    pub branding: Arc<SdkApi>,
}

impl CognitoApi for MotoWithBranding {
    fn create_user_pool(
        &self,
        request: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>> {
        self.moto.create_user_pool(request)
    }
    fn set_user_pool_mfa_config(
        &self,
        request: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.moto.set_user_pool_mfa_config(request)
    }
    fn admin_create_user(
        &self,
        request: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>> {
        self.moto.admin_create_user(request)
    }
    fn describe_user_pool(&self, pool_id: String) -> BoxFuture<'static, ApiResult<DescribedPool>> {
        self.moto.describe_user_pool(pool_id)
    }
    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>> {
        self.moto.list_user_pools()
    }
    fn target(&self) -> BoxFuture<'static, TargetInfo> {
        self.moto.target()
    }
    fn for_bulk(self: Arc<Self>) -> SharedApi {
        self
    }
    fn create_resource_server(
        &self,
        request: CreateResourceServerRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.moto.create_resource_server(request)
    }
    fn create_user_pool_client(
        &self,
        request: CreateUserPoolClientRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.moto.create_user_pool_client(request)
    }
    fn create_user_pool_domain(
        &self,
        request: CreateUserPoolDomainRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.moto.create_user_pool_domain(request)
    }
    fn create_managed_login_branding(
        &self,
        request: CreateManagedLoginBrandingRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.branding.create_managed_login_branding(request)
    }
    fn create_group(
        &self,
        request: CreateGroupRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.moto.create_group(request)
    }
}

/// Plausible answers for every later call of a pool plan, so a capture
/// server records a whole plan run.
pub fn answer_plan_calls(server: &CaptureServer) {
    server.set(
        "CreateResourceServer",
        Behaviour::ok(r#"{"ResourceServer":{}}"#),
    );
    server.set(
        "CreateUserPoolClient",
        Behaviour::computed(|request| {
            let body: serde_json::Value =
                serde_json::from_slice(&request.body).unwrap_or_default();
            let name = body["ClientName"].as_str().unwrap_or_default();
            Behaviour::ok(
                serde_json::json!({"UserPoolClient": {"ClientId": format!("id{name}"), "ClientName": name, "ClientSecret": "never-shown-secret-0123456789"}})
                    .to_string(),
            )
        }),
    );
    server.set(
        "CreateUserPoolDomain",
        Behaviour::ok(
            r#"{"CloudFrontDomain":"d111111abcdef8.cloudfront.net","ManagedLoginVersion":2}"#,
        ),
    );
    server.set("CreateManagedLoginBranding", branding_created());
    server.set("CreateGroup", Behaviour::ok(r#"{"Group":{}}"#));
}
