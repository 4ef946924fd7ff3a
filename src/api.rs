//! The calls the app makes, as a trait with domain types only. The SDK adapter
//! ([`crate::aws`]) implements it for real; tests implement it with fakes. The
//! event loop and the headless commands only ever see this trait.

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;

use crate::model::load::DescribedPool;
use crate::model::{AdminCreateUserRequest, CreateUserPoolRequest, SetUserPoolMfaConfigRequest};
use crate::sanitize::clean;

pub type ApiResult<T> = Result<T, ApiError>;

/// A pool the service created.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreatedPool {
    pub id: String,
    pub arn: Option<String>,
    pub name: Option<String>,
}

/// A user the service created.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreatedUser {
    pub username: String,
    pub status: Option<String>,
    pub enabled: bool,
    pub attributes: Vec<(String, String)>,
}

/// One entry of ListUserPools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSummary {
    pub id: String,
    pub name: String,
}

/// Where calls go, for the confirmation before anything is created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetInfo {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    /// From STS GetCallerIdentity, when it answers.
    pub account: Option<String>,
}

impl fmt::Display for TargetInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "profile {}, region {}, endpoint {}, account {}",
            self.profile.as_deref().unwrap_or("(default)"),
            self.region.as_deref().unwrap_or("(none)"),
            self.endpoint.as_deref().unwrap_or("(AWS)"),
            self.account.as_deref().unwrap_or("(unknown)"),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The service answered with an error code.
    Service,
    /// The service asked us to slow down.
    Throttled,
    /// No answer in time (the SDK's operation or attempt timeout fired).
    Timeout,
    /// Could not connect, or the connection broke.
    Network,
    /// An answer we could not read (a proxy's HTML page, a 5xx without a code).
    BadResponse,
    /// Credentials, region or request construction failed before sending.
    Setup,
}

/// An error in words an operator can act on: the service's code and message,
/// never just "service error", and a hint where one helps.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// The service's error code, e.g. `UsernameExistsException`.
    pub code: Option<String>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn service(code: impl Into<String>, message: impl Into<String>) -> Self {
        let code = code.into();
        Self {
            kind: if crate::hints::is_throttling(&code) {
                ErrorKind::Throttled
            } else {
                ErrorKind::Service
            },
            hint: crate::hints::for_code(&code).map(str::to_owned),
            code: Some(code),
            message: message.into(),
        }
    }

    /// Worth trying again unchanged (throttling, timeouts, broken connections, 5xx).
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::Throttled
            | ErrorKind::Timeout
            | ErrorKind::Network
            | ErrorKind::BadResponse => true,
            ErrorKind::Service => self
                .code
                .as_deref()
                .is_some_and(|c| c.contains("InternalError") || c.contains("ServiceUnavailable")),
            ErrorKind::Setup => false,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The code and message come from the endpoint: cleaned wherever shown.
        let message = clean(&self.message);
        match &self.code {
            Some(code) => write!(f, "{}: {message}", clean(code))?,
            None => write!(f, "{message}")?,
        }
        if let Some(hint) = &self.hint {
            write!(f, " ({})", clean(hint))?;
        }
        Ok(())
    }
}

/// The Cognito calls the app needs. Futures are `'static` so they can run on
/// spawned tasks while the UI keeps drawing.
pub trait CognitoApi: Send + Sync {
    fn create_user_pool(
        &self,
        request: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>>;
    fn set_user_pool_mfa_config(
        &self,
        request: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>>;
    fn admin_create_user(
        &self,
        request: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>>;
    /// DescribeUserPool plus GetUserPoolMfaConfig, as the JSON the service sent;
    /// [`crate::model::load::from_described`] turns it into a document.
    fn describe_user_pool(&self, pool_id: String) -> BoxFuture<'static, ApiResult<DescribedPool>>;
    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>>;
    fn target(&self) -> BoxFuture<'static, TargetInfo>;

    /// The same API for bulk onboarding: without the SDK's own retries, so
    /// that throttling reaches the inviter's adaptive rate limit.
    fn for_bulk(self: Arc<Self>) -> SharedApi;
}

pub type SharedApi = Arc<dyn CognitoApi>;

/// Stands in for the real API when it cannot be set up (no region, say): the
/// wizard still works offline (presets, drafts, export), and any call reports
/// why it cannot be made.
pub struct Unavailable(pub ApiError);

impl Unavailable {
    fn fail<T: Send + 'static>(&self) -> BoxFuture<'static, ApiResult<T>> {
        let error = self.0.clone();
        Box::pin(async move { Err(error) })
    }
}

impl CognitoApi for Unavailable {
    fn create_user_pool(
        &self,
        _: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>> {
        self.fail()
    }
    fn set_user_pool_mfa_config(
        &self,
        _: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.fail()
    }
    fn admin_create_user(
        &self,
        _: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>> {
        self.fail()
    }
    fn describe_user_pool(&self, _: String) -> BoxFuture<'static, ApiResult<DescribedPool>> {
        self.fail()
    }
    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>> {
        self.fail()
    }
    fn target(&self) -> BoxFuture<'static, TargetInfo> {
        Box::pin(async { TargetInfo::default() })
    }
    fn for_bulk(self: Arc<Self>) -> SharedApi {
        self
    }
}
