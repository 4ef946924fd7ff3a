//! The calls the app makes, as a trait with domain types only. The SDK adapter
//! ([`crate::aws`]) implements it for real; tests implement it with fakes. The
//! event loop and the headless commands only ever see this trait.

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;

use crate::model::describe_plan::DescribedSignIn;
use crate::model::load::DescribedPool;
use crate::model::{
    AdminCreateUserRequest, CreateGroupRequest, CreateManagedLoginBrandingRequest,
    CreateResourceServerRequest, CreateUserPoolClientRequest, CreateUserPoolDomainRequest,
    CreateUserPoolRequest, SetUserPoolMfaConfigRequest,
};
use crate::sanitize::clean;
use crate::update::UpdateCall;

pub type ApiResult<T> = Result<T, ApiError>;

/// A pool the service created.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// Printed in Cognito's own shape: `[{"Name": ..., "Value": ...}]`.
    #[serde(serialize_with = "attributes_as_cognito_writes_them")]
    pub attributes: Vec<(String, String)>,
}

/// What AdminGetUser says about a user, as far as resending needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserState {
    pub status: Option<String>,
    /// `UserLastModifiedDate` exactly as the service gave it (seconds and
    /// nanoseconds since the epoch, `"1700000000.123000000"`): compared only
    /// with another answer of the same service, never with the local clock.
    pub last_modified: Option<String>,
}

fn attributes_as_cognito_writes_them<S: serde::Serializer>(
    attributes: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(attributes.len()))?;
    for (name, value) in attributes {
        seq.serialize_element(&serde_json::json!({"Name": name, "Value": value}))?;
    }
    seq.end()
}

/// How an app client lets users sign in (`test-sign-in`). The secret stays
/// in memory for SECRET_HASH and is never shown: `Debug` leaves it out.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ClientSignIn {
    pub explicit_auth_flows: Vec<String>,
    pub secret: Option<String>,
}

impl fmt::Debug for ClientSignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientSignIn")
            .field("explicit_auth_flows", &self.explicit_auth_flows)
            .field("secret", &self.secret.as_ref().map(|_| "********"))
            .finish()
    }
}

/// One step of a sign-in: InitiateAuth (`challenge` none) or
/// RespondToAuthChallenge, as the client (`admin` false) or as the pool's
/// administrator (AdminInitiateAuth, AdminRespondToAuthChallenge).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AuthStep {
    pub user_pool_id: String,
    pub client_id: String,
    pub admin: bool,
    /// The flow (`USER_PASSWORD_AUTH`) or, when answering, the challenge name.
    pub flow_or_challenge: String,
    /// The session of the challenge being answered.
    pub session: Option<String>,
    /// AuthParameters or ChallengeResponses: passwords, so never shown.
    pub parameters: std::collections::HashMap<String, String>,
}

impl AuthStep {
    pub fn is_answer(&self) -> bool {
        self.session.is_some()
    }
}

impl fmt::Debug for AuthStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthStep")
            .field("flow_or_challenge", &self.flow_or_challenge)
            .field("admin", &self.admin)
            .finish_non_exhaustive()
    }
}

/// What a sign-in step answered: tokens, or a challenge to answer.
#[derive(Clone, PartialEq, Eq)]
pub enum AuthAnswer {
    /// Which tokens came (names), and the tokens (secrets: shown only when asked).
    Tokens(Vec<(String, String)>),
    Challenge {
        name: String,
        session: Option<String>,
    },
}

impl fmt::Debug for AuthAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthAnswer::Tokens(tokens) => {
                let names: Vec<&str> = tokens.iter().map(|(n, _)| n.as_str()).collect();
                write!(f, "Tokens({names:?})")
            }
            AuthAnswer::Challenge { name, .. } => write!(f, "Challenge({name})"),
        }
    }
}

/// One entry of ListUserPools.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSummary {
    pub id: String,
    pub name: String,
}

/// A user import job as the service describes it (CreateUserImportJob,
/// DescribeUserImportJob and the others answer with one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportJob {
    pub job_id: String,
    pub job_name: String,
    /// `Created`, `Pending`, `InProgress`, `Stopping`, `Stopped`,
    /// `Succeeded`, `Failed` or `Expired`.
    pub status: String,
    /// Where the import file goes (valid for 15 minutes after creation).
    pub pre_signed_url: Option<String>,
    pub imported: i64,
    pub skipped: i64,
    pub failed: i64,
    pub completion_message: Option<String>,
    /// Whole seconds since the Unix epoch.
    pub creation_date: Option<i64>,
}

/// CreateUserImportJob's request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportJobRequest {
    pub job_name: String,
    pub user_pool_id: String,
    pub cloud_watch_logs_role_arn: String,
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

impl TargetInfo {
    /// Whether calls go to this machine (an emulator such as moto), not AWS.
    pub fn is_local(&self) -> bool {
        self.endpoint.as_deref().is_some_and(is_local_endpoint)
    }
}

/// `http://127.0.0.1:5000`, `http://localhost`, `http://[::1]:8080`.
pub fn is_local_endpoint(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host_port = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host_port.rsplit_once(':').map_or(host_port, |(h, _)| h),
    };
    host == "localhost" || host == "::1" || host.starts_with("127.")
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

    /// The hint for this error as an answer to `operation`, whose request
    /// named these things (`("client", id)`, most specific first): see
    /// [`crate::hints::for_call`].
    pub fn in_call(mut self, operation: &str, named: &[(&str, &str)]) -> Self {
        if let Some(code) = &self.code {
            let subject = crate::hints::subject(&self.message, named);
            if let Some(hint) = crate::hints::for_call(operation, code, subject) {
                self.hint = Some(hint.to_owned());
            }
        }
        self
    }

    /// Whether the endpoint answered that it lacks the operation: a
    /// NotImplemented code, or moto's way, an HTTP 500 with the web server's
    /// bare error page (or its "has not been implemented") instead of a
    /// Cognito error.
    pub fn is_not_implemented(&self) -> bool {
        let code = self.code.as_deref().unwrap_or_default();
        let bare_500 = self.kind == ErrorKind::BadResponse
            && self.message.contains("HTTP 500")
            && self
                .message
                .contains("<title>500 Internal Server Error</title>");
        matches!(
            code,
            "NotImplemented" | "NotImplementedException" | "UnknownOperationException"
        ) || self.message.contains("has not been implemented")
            || bare_500
    }

    /// `call` answered as not implemented ([`Self::is_not_implemented`]):
    /// said as such, with what the local emulator lacks and what to do
    /// instead, and not retried; any other error as it is.
    pub fn lacking(self, call: &str, lacks: &str, instead: &str) -> Self {
        if !self.is_not_implemented() {
            return self;
        }
        Self {
            kind: ErrorKind::Service,
            code: None,
            message: format!(
                "this endpoint does not implement {call} (the local emulator lacks {lacks})"
            ),
            hint: Some(instead.into()),
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
    /// Where calls go, with the account (one STS call, up to a few seconds).
    fn target(&self) -> BoxFuture<'static, TargetInfo>;

    /// The same API for bulk onboarding: without the SDK's own retries, so
    /// that throttling reaches the inviter's adaptive rate limit.
    fn for_bulk(self: Arc<Self>) -> SharedApi;
    /// AdminGetUser: whether a resend already changed the user.
    fn admin_get_user(
        &self,
        _pool_id: String,
        _username: String,
    ) -> BoxFuture<'static, ApiResult<UserState>> {
        not_implemented("AdminGetUser")
    }
    /// Where calls go as configured (profile, region, endpoint), without
    /// the account: no call is made. By default, the full target.
    fn configured_target(&self) -> BoxFuture<'static, TargetInfo> {
        self.target()
    }
    /// One call that changes an existing pool (UpdateUserPool,
    /// AddCustomAttributes, SetUserPoolMfaConfig, TagResource,
    /// UntagResource), sent exactly as [`UpdateCall::json`] previews it.
    /// The default refuses: an API that cannot change pools says so.
    fn send_update(&self, call: UpdateCall) -> BoxFuture<'static, ApiResult<()>> {
        let message = format!("{} is not available here", call.operation());
        Box::pin(async move { Err(ApiError::new(ErrorKind::Setup, message)) })
    }

    // The later calls of a pool plan. Each answers with the id of what it
    // made, where the service gives one (the client's id, the branding
    // style's id, the domain's CloudFront name); never a secret. An API
    // that does not implement one (a test fake) says so.
    fn create_resource_server(
        &self,
        _request: CreateResourceServerRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        not_implemented("CreateResourceServer")
    }
    fn create_user_pool_client(
        &self,
        _request: CreateUserPoolClientRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        not_implemented("CreateUserPoolClient")
    }
    fn create_user_pool_domain(
        &self,
        _request: CreateUserPoolDomainRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        not_implemented("CreateUserPoolDomain")
    }
    fn create_managed_login_branding(
        &self,
        _request: CreateManagedLoginBrandingRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        not_implemented("CreateManagedLoginBranding")
    }
    fn create_group(
        &self,
        _request: CreateGroupRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        not_implemented("CreateGroup")
    }
    /// The pool's app clients, resource servers, domain and groups, for a
    /// clone ([`crate::model::describe_plan::add_described_sign_in`]).
    fn describe_sign_in(&self, _pool_id: String) -> BoxFuture<'static, ApiResult<DescribedSignIn>> {
        not_implemented("DescribeUserPoolClient")
    }
    /// DescribeUserPoolClient, reduced to what a sign-in needs.
    fn client_sign_in(
        &self,
        _pool_id: String,
        _client_id: String,
    ) -> BoxFuture<'static, ApiResult<ClientSignIn>> {
        not_implemented("DescribeUserPoolClient")
    }
    /// One sign-in step ([`AuthStep`]).
    fn authenticate(&self, _step: AuthStep) -> BoxFuture<'static, ApiResult<AuthAnswer>> {
        not_implemented("InitiateAuth")
    }
    /// The names of the pool's groups (ListGroups, every page).
    fn list_group_names(&self, _pool_id: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        not_implemented("ListGroups")
    }
    /// AdminAddUserToGroup (adding a member again changes nothing).
    fn admin_add_user_to_group(
        &self,
        _pool_id: String,
        _username: String,
        _group: String,
    ) -> BoxFuture<'static, ApiResult<()>> {
        not_implemented("AdminAddUserToGroup")
    }

    // The user import job (`cognito-wizard import`). Each has a default that
    // fails, so a fake that serves no import stays as it is.

    /// GetCSVHeader: the columns the pool's import file must have.
    fn get_csv_header(&self, _pool_id: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        not_served("GetCSVHeader")
    }
    fn create_user_import_job(
        &self,
        _request: ImportJobRequest,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        not_served("CreateUserImportJob")
    }
    fn start_user_import_job(
        &self,
        _pool_id: String,
        _job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        not_served("StartUserImportJob")
    }
    fn describe_user_import_job(
        &self,
        _pool_id: String,
        _job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        not_served("DescribeUserImportJob")
    }
    fn stop_user_import_job(
        &self,
        _pool_id: String,
        _job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        not_served("StopUserImportJob")
    }
    /// ListUserImportJobs, every page (newest first, as the service lists them).
    fn list_user_import_jobs(
        &self,
        _pool_id: String,
    ) -> BoxFuture<'static, ApiResult<Vec<ImportJob>>> {
        not_served("ListUserImportJobs")
    }
    /// PUTs the file at `path` to a job's pre-signed URL, with the header the
    /// service requires (`x-amz-server-side-encryption: aws:kms`).
    fn put_import_file(
        &self,
        _url: String,
        _path: std::path::PathBuf,
    ) -> BoxFuture<'static, ApiResult<()>> {
        not_served("the import file's upload")
    }
}

fn not_implemented<T: Send + 'static>(operation: &str) -> BoxFuture<'static, ApiResult<T>> {
    let error = ApiError::new(
        ErrorKind::Setup,
        format!("{operation} is not implemented by this API"),
    );
    Box::pin(async move { Err(error) })
}

/// What an API without the import calls answers to them.
fn not_served<T: Send + 'static>(call: &'static str) -> BoxFuture<'static, ApiResult<T>> {
    Box::pin(async move {
        Err(ApiError::new(
            ErrorKind::Setup,
            format!("{call} is not available here"),
        ))
    })
}

pub type SharedApi = Arc<dyn CognitoApi>;

/// Stands in for the real API when it cannot be set up (no region, say): the
/// wizard still works offline (presets, drafts, export), and any call reports
/// why it cannot be made. The target is what was asked for (the flags), so a
/// confirmation never shows a default in its place.
pub struct Unavailable(pub ApiError, pub TargetInfo);

impl Unavailable {
    /// An API that cannot be set up, for a target nobody named.
    pub fn because(error: ApiError) -> Self {
        Self(error, TargetInfo::default())
    }

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
        let info = self.1.clone();
        Box::pin(async move { info })
    }
    fn for_bulk(self: Arc<Self>) -> SharedApi {
        self
    }
    fn admin_get_user(&self, _: String, _: String) -> BoxFuture<'static, ApiResult<UserState>> {
        self.fail()
    }
    fn configured_target(&self) -> BoxFuture<'static, TargetInfo> {
        self.target()
    }
    fn send_update(&self, _: UpdateCall) -> BoxFuture<'static, ApiResult<()>> {
        self.fail()
    }
    fn create_resource_server(
        &self,
        _: CreateResourceServerRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.fail()
    }
    fn create_user_pool_client(
        &self,
        _: CreateUserPoolClientRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.fail()
    }
    fn create_user_pool_domain(
        &self,
        _: CreateUserPoolDomainRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.fail()
    }
    fn create_managed_login_branding(
        &self,
        _: CreateManagedLoginBrandingRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.fail()
    }
    fn create_group(&self, _: CreateGroupRequest) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.fail()
    }
    fn describe_sign_in(&self, _: String) -> BoxFuture<'static, ApiResult<DescribedSignIn>> {
        self.fail()
    }
    fn client_sign_in(&self, _: String, _: String) -> BoxFuture<'static, ApiResult<ClientSignIn>> {
        self.fail()
    }
    fn authenticate(&self, _: AuthStep) -> BoxFuture<'static, ApiResult<AuthAnswer>> {
        self.fail()
    }
    fn list_group_names(&self, _: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        self.fail()
    }
    fn admin_add_user_to_group(
        &self,
        _: String,
        _: String,
        _: String,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.fail()
    }
    fn get_csv_header(&self, _: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        self.fail()
    }
    fn create_user_import_job(
        &self,
        _: ImportJobRequest,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.fail()
    }
    fn start_user_import_job(
        &self,
        _: String,
        _: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.fail()
    }
    fn describe_user_import_job(
        &self,
        _: String,
        _: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.fail()
    }
    fn stop_user_import_job(
        &self,
        _: String,
        _: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.fail()
    }
    fn list_user_import_jobs(&self, _: String) -> BoxFuture<'static, ApiResult<Vec<ImportJob>>> {
        self.fail()
    }
    fn put_import_file(
        &self,
        _: String,
        _: std::path::PathBuf,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.fail()
    }
}

/// A way to set the real API up, run once.
pub type Connect = Arc<dyn Fn() -> BoxFuture<'static, SharedApi> + Send + Sync>;

/// The real API, set up on first use. Resolving the configuration can wait
/// seconds (with no region configured the SDK asks the instance-metadata
/// address, which a laptop may drop); here that happens in the task of the
/// first call, so the first frame never waits on the network.
pub struct Deferred {
    api: Arc<tokio::sync::OnceCell<SharedApi>>,
    connect: Connect,
}

impl Deferred {
    pub fn new(connect: Connect) -> Self {
        Self {
            api: Arc::new(tokio::sync::OnceCell::new()),
            connect,
        }
    }

    /// Runs `call` on the API, setting it up first if no call has yet.
    fn with<T: Send + 'static>(
        &self,
        call: impl FnOnce(SharedApi) -> BoxFuture<'static, T> + Send + 'static,
    ) -> BoxFuture<'static, T> {
        let cell = self.api.clone();
        let connect = self.connect.clone();
        Box::pin(async move {
            let api = cell.get_or_init(|| connect()).await.clone();
            call(api).await
        })
    }
}

impl CognitoApi for Deferred {
    fn create_user_pool(
        &self,
        request: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>> {
        self.with(move |api| api.create_user_pool(request))
    }
    fn set_user_pool_mfa_config(
        &self,
        request: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.with(move |api| api.set_user_pool_mfa_config(request))
    }
    fn admin_create_user(
        &self,
        request: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>> {
        self.with(move |api| api.admin_create_user(request))
    }
    fn describe_user_pool(&self, pool_id: String) -> BoxFuture<'static, ApiResult<DescribedPool>> {
        self.with(move |api| api.describe_user_pool(pool_id))
    }
    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>> {
        self.with(|api| api.list_user_pools())
    }
    fn target(&self) -> BoxFuture<'static, TargetInfo> {
        self.with(|api| api.target())
    }
    fn for_bulk(self: Arc<Self>) -> SharedApi {
        // Set up with (or after) the parent, then its bulk form.
        let parent = self;
        Arc::new(Deferred::new(Arc::new(move || {
            parent.with(|api| Box::pin(async move { api.for_bulk() }))
        })))
    }
    fn admin_get_user(
        &self,
        pool_id: String,
        username: String,
    ) -> BoxFuture<'static, ApiResult<UserState>> {
        self.with(move |api| api.admin_get_user(pool_id, username))
    }
    fn configured_target(&self) -> BoxFuture<'static, TargetInfo> {
        self.with(|api| api.configured_target())
    }
    fn send_update(&self, call: UpdateCall) -> BoxFuture<'static, ApiResult<()>> {
        self.with(move |api| api.send_update(call))
    }
    fn create_resource_server(
        &self,
        request: CreateResourceServerRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.with(move |api| api.create_resource_server(request))
    }
    fn create_user_pool_client(
        &self,
        request: CreateUserPoolClientRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.with(move |api| api.create_user_pool_client(request))
    }
    fn create_user_pool_domain(
        &self,
        request: CreateUserPoolDomainRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.with(move |api| api.create_user_pool_domain(request))
    }
    fn create_managed_login_branding(
        &self,
        request: CreateManagedLoginBrandingRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.with(move |api| api.create_managed_login_branding(request))
    }
    fn create_group(
        &self,
        request: CreateGroupRequest,
    ) -> BoxFuture<'static, ApiResult<Option<String>>> {
        self.with(move |api| api.create_group(request))
    }
    fn describe_sign_in(&self, pool_id: String) -> BoxFuture<'static, ApiResult<DescribedSignIn>> {
        self.with(move |api| api.describe_sign_in(pool_id))
    }
    fn client_sign_in(
        &self,
        pool_id: String,
        client_id: String,
    ) -> BoxFuture<'static, ApiResult<ClientSignIn>> {
        self.with(move |api| api.client_sign_in(pool_id, client_id))
    }
    fn authenticate(&self, step: AuthStep) -> BoxFuture<'static, ApiResult<AuthAnswer>> {
        self.with(move |api| api.authenticate(step))
    }
    fn list_group_names(&self, pool_id: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        self.with(move |api| api.list_group_names(pool_id))
    }
    fn admin_add_user_to_group(
        &self,
        pool_id: String,
        username: String,
        group: String,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.with(move |api| api.admin_add_user_to_group(pool_id, username, group))
    }
    fn get_csv_header(&self, pool_id: String) -> BoxFuture<'static, ApiResult<Vec<String>>> {
        self.with(move |api| api.get_csv_header(pool_id))
    }
    fn create_user_import_job(
        &self,
        request: ImportJobRequest,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.with(move |api| api.create_user_import_job(request))
    }
    fn start_user_import_job(
        &self,
        pool_id: String,
        job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.with(move |api| api.start_user_import_job(pool_id, job_id))
    }
    fn describe_user_import_job(
        &self,
        pool_id: String,
        job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.with(move |api| api.describe_user_import_job(pool_id, job_id))
    }
    fn stop_user_import_job(
        &self,
        pool_id: String,
        job_id: String,
    ) -> BoxFuture<'static, ApiResult<ImportJob>> {
        self.with(move |api| api.stop_user_import_job(pool_id, job_id))
    }
    fn list_user_import_jobs(
        &self,
        pool_id: String,
    ) -> BoxFuture<'static, ApiResult<Vec<ImportJob>>> {
        self.with(move |api| api.list_user_import_jobs(pool_id))
    }
    fn put_import_file(
        &self,
        url: String,
        path: std::path::PathBuf,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.with(move |api| api.put_import_file(url, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn local_endpoints_are_told_apart() {
        for url in [
            "http://127.0.0.1:5123",
            "http://localhost",
            "http://[::1]:8080/",
            "127.0.0.2:1",
        ] {
            assert!(is_local_endpoint(url), "{url}");
        }
        for url in [
            "https://cognito-idp.us-east-1.amazonaws.com",
            "http://10.0.0.1:5000",
            "http://localhost.example.com",
        ] {
            assert!(!is_local_endpoint(url), "{url}");
        }
    }

    #[tokio::test]
    async fn deferred_sets_up_once_on_first_use() {
        let connects = Arc::new(AtomicUsize::new(0));
        let counter = connects.clone();
        let deferred = Deferred::new(Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {
                Arc::new(Unavailable::because(ApiError {
                    kind: ErrorKind::Setup,
                    code: None,
                    message: "no AWS region is configured".into(),
                    hint: None,
                })) as SharedApi
            })
        }));
        assert_eq!(connects.load(Ordering::SeqCst), 0, "nothing before a call");
        let first = deferred.list_user_pools().await.unwrap_err();
        let second = deferred.list_user_pools().await.unwrap_err();
        assert_eq!(first.message, "no AWS region is configured");
        assert_eq!(second, first);
        assert_eq!(connects.load(Ordering::SeqCst), 1);
    }
}
