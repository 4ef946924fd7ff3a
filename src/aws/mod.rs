//! The SDK adapter: the only module that touches SDK types. It builds the
//! client from the standard configuration chain (profiles, `AWS_PROFILE`,
//! `AWS_REGION`, `AWS_ENDPOINT_URL`) with `--profile`, `--region` and
//! `--endpoint-url` on top, like the AWS CLI, and always with timeouts: without
//! them the SDK waits forever on a server that accepts and never answers.

mod convert;
mod describe_plan;
mod errors;
mod follow_up;
mod import;
mod sign_in;

pub use import::ENCRYPTION_HEADER;

use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider as cip;
use aws_smithy_schema::codec::Codec;
use aws_smithy_schema::serde::ShapeSerializer;
use futures::future::BoxFuture;
use futures::FutureExt;

use crate::api::{
    ApiError, ApiResult, CognitoApi, CreatedPool, CreatedUser, ErrorKind, ImportJob,
    ImportJobRequest, PoolSummary, SharedApi, TargetInfo, UserState,
};
use crate::model::load::DescribedPool;
use crate::model::{
    AdminCreateUserRequest, CreateGroupRequest, CreateManagedLoginBrandingRequest,
    CreateResourceServerRequest, CreateUserPoolClientRequest, CreateUserPoolDomainRequest,
    CreateUserPoolRequest, SetUserPoolMfaConfigRequest,
};
use crate::update::UpdateCall;

/// Where to send calls: each `None` falls back to the standard chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// How long to wait, and how often to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallPolicy {
    /// The whole call, retries included.
    pub operation_timeout: Duration,
    /// One attempt.
    pub attempt_timeout: Duration,
    pub connect_timeout: Duration,
    /// Attempts per call in the SDK's standard retry mode (1 = no retries; the
    /// bulk inviter retries itself so that it can slow down).
    pub max_attempts: u32,
}

impl Default for CallPolicy {
    fn default() -> Self {
        Self {
            operation_timeout: Duration::from_secs(60),
            attempt_timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(5),
            max_attempts: 3,
        }
    }
}

impl CallPolicy {
    /// The same policy with a different overall timeout (attempts scale along).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = timeout;
        self.attempt_timeout = self.attempt_timeout.min(timeout);
        self
    }
}

/// The real API, through the official SDK.
#[derive(Clone)]
pub struct SdkApi {
    client: cip::Client,
    sts: aws_sdk_sts::Client,
    info: TargetInfo,
}

impl SdkApi {
    /// Resolves configuration the way the AWS CLI does. Fails only when no
    /// region can be found; credentials are looked up at the first call.
    pub async fn connect(target: &Target, policy: CallPolicy) -> Result<Self, ApiError> {
        Self::connect_with(target, policy, None).await
    }

    /// Like [`SdkApi::connect`], but signs with this fixed access key instead
    /// of looking credentials up (for tests against a local endpoint, so that
    /// no credential chain, instance metadata included, is ever consulted).
    pub async fn connect_with_static_credentials(
        target: &Target,
        policy: CallPolicy,
        access_key_id: &str,
        secret_access_key: &str,
    ) -> Result<Self, ApiError> {
        let credentials = cip::config::Credentials::new(
            access_key_id,
            secret_access_key,
            None,
            None,
            "cognito-wizard-static",
        );
        Self::connect_with(target, policy, Some(credentials)).await
    }

    async fn connect_with(
        target: &Target,
        policy: CallPolicy,
        credentials: Option<cip::config::Credentials>,
    ) -> Result<Self, ApiError> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(policy.operation_timeout)
                    .operation_attempt_timeout(policy.attempt_timeout)
                    .connect_timeout(policy.connect_timeout)
                    .build(),
            )
            .retry_config(RetryConfig::standard().with_max_attempts(policy.max_attempts.max(1)));
        if let Some(profile) = &target.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &target.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &target.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(credentials) = credentials {
            loader = loader.credentials_provider(credentials);
        }
        let config = loader.load().await;
        let Some(region) = config.region().map(|r| r.to_string()) else {
            return Err(ApiError {
                kind: ErrorKind::Setup,
                code: None,
                message: "no AWS region is configured".into(),
                hint: Some("pass --region, set AWS_REGION, or set a region in the profile".into()),
            });
        };
        let info = TargetInfo {
            profile: target
                .profile
                .clone()
                .or_else(|| std::env::var("AWS_PROFILE").ok()),
            region: Some(region),
            endpoint: target
                .endpoint_url
                .clone()
                .or_else(|| config.endpoint_url().map(str::to_owned)),
            account: None,
        };
        Ok(Self {
            client: cip::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            info,
        })
    }
}

fn build_failed(err: cip::error::BuildError) -> ApiError {
    ApiError {
        kind: ErrorKind::Setup,
        code: None,
        message: format!("the request could not be built: {err}"),
        hint: None,
    }
}

/// An SDK structure as the JSON the service would send (the JSON 1.1 codec).
fn sdk_json(
    schema: &aws_smithy_schema::Schema<'_>,
    value: &dyn aws_smithy_schema::serde::SerializableStruct,
) -> ApiResult<serde_json::Value> {
    let codec = aws_smithy_json::codec::JsonCodec::default();
    let mut serializer = codec.create_serializer();
    serializer.write_struct(schema, value).map_err(|e| {
        ApiError::new(
            ErrorKind::BadResponse,
            format!("could not read the pool description: {e}"),
        )
    })?;
    serde_json::from_slice(&serializer.finish()).map_err(|e| {
        ApiError::new(
            ErrorKind::BadResponse,
            format!("could not read the pool description: {e}"),
        )
    })
}

/// The most pages a list call reads: 200 pages of 60 is far more user pools
/// than an account may have, so an endpoint paging forever is stopped.
const MAX_PAGES: usize = 200;

/// A list call stopped because its paging does not end.
fn paging_error(what: &str) -> ApiError {
    ApiError::new(
        ErrorKind::BadResponse,
        format!("ListUserPools: the endpoint {what}; stopped listing"),
    )
}

impl CognitoApi for SdkApi {
    fn create_user_pool(
        &self,
        request: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>> {
        let client = self.client.clone();
        async move {
            let call = convert::create_user_pool(client.create_user_pool(), &request)
                .map_err(build_failed)?;
            let output = call.send().await.map_err(errors::from_sdk)?;
            let pool = output.user_pool().ok_or_else(|| {
                ApiError::new(
                    ErrorKind::BadResponse,
                    "CreateUserPool answered without a UserPool",
                )
            })?;
            Ok(CreatedPool {
                id: pool.id().unwrap_or_default().to_owned(),
                arn: pool.arn().map(str::to_owned),
                name: pool.name().map(str::to_owned),
            })
        }
        .boxed()
    }

    fn set_user_pool_mfa_config(
        &self,
        request: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>> {
        let client = self.client.clone();
        async move {
            let call =
                convert::set_user_pool_mfa_config(client.set_user_pool_mfa_config(), &request)
                    .map_err(build_failed)?;
            call.send().await.map_err(errors::from_sdk)?;
            Ok(())
        }
        .boxed()
    }

    fn admin_create_user(
        &self,
        request: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>> {
        let client = self.client.clone();
        async move {
            let call = convert::admin_create_user(client.admin_create_user(), &request)
                .map_err(build_failed)?;
            let output = call.send().await.map_err(errors::from_sdk)?;
            let user = output.user();
            Ok(CreatedUser {
                username: user
                    .and_then(|u| u.username())
                    .or(request.username.as_deref())
                    .unwrap_or_default()
                    .to_owned(),
                status: user
                    .and_then(|u| u.user_status())
                    .map(|s| s.as_str().to_owned()),
                enabled: user.is_some_and(|u| u.enabled()),
                attributes: user
                    .map(|u| u.attributes())
                    .unwrap_or_default()
                    .iter()
                    .map(|a| {
                        (
                            a.name().to_owned(),
                            a.value().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
            })
        }
        .boxed()
    }

    fn describe_user_pool(&self, pool_id: String) -> BoxFuture<'static, ApiResult<DescribedPool>> {
        let client = self.client.clone();
        async move {
            let described = client
                .describe_user_pool()
                .user_pool_id(&pool_id)
                .send()
                .await
                .map_err(errors::from_sdk)?;
            let pool = described.user_pool().ok_or_else(|| {
                ApiError::new(
                    ErrorKind::BadResponse,
                    "DescribeUserPool answered without a UserPool",
                )
            })?;
            let pool = sdk_json(cip::types::UserPoolType::SCHEMA, pool)?;
            // The MFA factors are not in DescribeUserPool; ask for them, but a
            // pool that cannot tell (or an emulator without the call) still clones.
            let mfa = match client
                .get_user_pool_mfa_config()
                .user_pool_id(&pool_id)
                .send()
                .await
            {
                Ok(output) => Some(sdk_json(
                    cip::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput::SCHEMA,
                    &output,
                )?),
                Err(_) => None,
            };
            Ok(DescribedPool {
                user_pool: pool,
                mfa_config: mfa,
            })
        }
        .boxed()
    }

    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>> {
        let client = self.client.clone();
        async move {
            let mut pools = Vec::new();
            let mut token: Option<String> = None;
            let mut seen = std::collections::HashSet::new();
            for _ in 0..MAX_PAGES {
                let page = client
                    .list_user_pools()
                    .max_results(60)
                    .set_next_token(token)
                    .send()
                    .await
                    .map_err(errors::from_sdk)?;
                pools.extend(page.user_pools().iter().map(|p| PoolSummary {
                    id: p.id().unwrap_or_default().to_owned(),
                    name: p.name().unwrap_or_default().to_owned(),
                }));
                token = page.next_token().map(str::to_owned);
                match &token {
                    None => return Ok(pools),
                    Some(t) if !seen.insert(t.clone()) => {
                        return Err(paging_error("sent the same page token twice"))
                    }
                    Some(_) => {}
                }
            }
            Err(paging_error(&format!("had more than {MAX_PAGES} pages")))
        }
        .boxed()
    }

    fn target(&self) -> BoxFuture<'static, TargetInfo> {
        let sts = self.sts.clone();
        let mut info = self.info.clone();
        async move {
            let identity =
                tokio::time::timeout(Duration::from_secs(5), sts.get_caller_identity().send())
                    .await;
            info.account = identity
                .ok()
                .and_then(Result::ok)
                .and_then(|i| i.account().map(str::to_owned));
            info
        }
        .boxed()
    }

    fn configured_target(&self) -> BoxFuture<'static, TargetInfo> {
        let info = self.info.clone();
        async move { info }.boxed()
    }

    fn for_bulk(self: Arc<Self>) -> SharedApi {
        let config = self
            .client
            .config()
            .to_builder()
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .build();
        Arc::new(Self {
            client: cip::Client::from_conf(config),
            sts: self.sts.clone(),
            info: self.info.clone(),
        })
    }

    fn admin_get_user(
        &self,
        pool_id: String,
        username: String,
    ) -> BoxFuture<'static, ApiResult<UserState>> {
        let client = self.client.clone();
        async move {
            let output = client
                .admin_get_user()
                .user_pool_id(pool_id)
                .username(username)
                .send()
                .await
                .map_err(errors::from_sdk)?;
            Ok(UserState {
                status: output.user_status().map(|s| s.as_str().to_owned()),
                last_modified: output
                    .user_last_modified_date()
                    .map(|d| format!("{}.{:09}", d.secs(), d.subsec_nanos())),
            })
        }
        .boxed()
    }

    fn send_update(&self, call: UpdateCall) -> BoxFuture<'static, ApiResult<()>> {
        let client = self.client.clone();
        async move {
            match &call {
                UpdateCall::UpdateUserPool(r) => {
                    convert::update_user_pool(client.update_user_pool(), r)
                        .map_err(build_failed)?
                        .send()
                        .await
                        .map_err(errors::from_sdk)?;
                }
                UpdateCall::AddCustomAttributes(r) => {
                    convert::add_custom_attributes(client.add_custom_attributes(), r)
                        .send()
                        .await
                        .map_err(errors::from_sdk)?;
                }
                UpdateCall::SetUserPoolMfaConfig(r) => {
                    convert::set_user_pool_mfa_config(client.set_user_pool_mfa_config(), r)
                        .map_err(build_failed)?
                        .send()
                        .await
                        .map_err(errors::from_sdk)?;
                }
                UpdateCall::TagResource(r) => {
                    convert::tag_resource(client.tag_resource(), r)
                        .send()
                        .await
                        .map_err(errors::from_sdk)?;
                }
                UpdateCall::UntagResource(r) => {
                    convert::untag_resource(client.untag_resource(), r)
                        .send()
                        .await
                        .map_err(errors::from_sdk)?;
                }
                UpdateCall::UpdateUserPoolClient(r) => {
                    follow_up::update_user_pool_client(client, r.clone()).await?
                }
                UpdateCall::UpdateGroup(r) => follow_up::update_group(client, r.clone()).await?,
                UpdateCall::UpdateUserPoolDomain(r) => {
                    follow_up::update_user_pool_domain(client, r.clone()).await?
                }
                // update::apply sends these through the create calls (a
                // branding style needs the id its new client is given).
                UpdateCall::SignIn(call) => {
                    return Err(ApiError::new(
                        ErrorKind::Setup,
                        format!("{} goes through its create call", call.label()),
                    ))
                }
            }
            Ok(())
        }
        .boxed()
    }

    fn create_resource_server(
        &self,
        request: CreateResourceServerRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        follow_up::create_resource_server(self.client.clone(), request).boxed()
    }

    fn create_user_pool_client(
        &self,
        request: CreateUserPoolClientRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        follow_up::create_user_pool_client(self.client.clone(), request).boxed()
    }

    fn create_user_pool_domain(
        &self,
        request: CreateUserPoolDomainRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        follow_up::create_user_pool_domain(self.client.clone(), request).boxed()
    }

    fn create_managed_login_branding(
        &self,
        request: CreateManagedLoginBrandingRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        follow_up::create_managed_login_branding(self.client.clone(), request).boxed()
    }

    fn create_group(
        &self,
        request: CreateGroupRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        follow_up::create_group(self.client.clone(), request).boxed()
    }

    fn describe_sign_in(
        &self,
        pool_id: String,
    ) -> BoxFuture<'static, ApiResult<crate::model::describe_plan::DescribedSignIn>> {
        describe_plan::describe_sign_in(self.client.clone(), pool_id).boxed()
    }

    fn client_sign_in(
        &self,
        pool_id: String,
        client_id: String,
    ) -> BoxFuture<'static, ApiResult<crate::api::ClientSignIn>> {
        sign_in::client_sign_in(self.client.clone(), pool_id, client_id).boxed()
    }

    fn authenticate(
        &self,
        step: crate::api::AuthStep,
    ) -> BoxFuture<'static, ApiResult<crate::api::AuthAnswer>> {
        sign_in::authenticate(self.client.clone(), step).boxed()
    }

    fn list_group_names(&self, pool_id: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        describe_plan::group_names(self.client.clone(), pool_id).boxed()
    }

    fn admin_add_user_to_group(
        &self,
        pool_id: String,
        username: String,
        group: String,
    ) -> BoxFuture<'static, ApiResult<()>> {
        let client = self.client.clone();
        async move {
            client
                .admin_add_user_to_group()
                .user_pool_id(&pool_id)
                .username(&username)
                .group_name(&group)
                .send()
                .await
                .map_err(|e| {
                    let named = [
                        ("group", &*group),
                        ("user", &*username),
                        ("pool", &*pool_id),
                    ];
                    errors::from_sdk(e).in_call("AdminAddUserToGroup", &named)
                })?;
            Ok(())
        }
        .boxed()
    }

    fn get_csv_header(&self, pool_id: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        import::get_csv_header(self.client.clone(), pool_id).boxed()
    }

    fn create_user_import_job(
        &self,
        request: ImportJobRequest,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        import::create(self.client.clone(), request).boxed()
    }

    fn start_user_import_job(
        &self,
        pool_id: String,
        job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        import::start(self.client.clone(), pool_id, job_id).boxed()
    }

    fn describe_user_import_job(
        &self,
        pool_id: String,
        job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        import::describe(self.client.clone(), pool_id, job_id).boxed()
    }

    fn stop_user_import_job(
        &self,
        pool_id: String,
        job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        import::stop(self.client.clone(), pool_id, job_id).boxed()
    }

    fn list_user_import_jobs(
        &self,
        pool_id: String,
    ) -> BoxFuture<'static, ApiResult<Vec<ImportJob>>> {
        import::list(self.client.clone(), pool_id).boxed()
    }

    fn put_import_file(
        &self,
        url: String,
        path: std::path::PathBuf,
    ) -> BoxFuture<'static, ApiResult<()>> {
        let timeout = self
            .client
            .config()
            .timeout_config()
            .and_then(|t| t.operation_timeout())
            .unwrap_or(CallPolicy::default().operation_timeout);
        import::put_file(url, path, timeout).boxed()
    }
}
