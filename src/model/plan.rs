//! A plan: the ordered calls one operator action needs. Creating a pool with
//! TOTP or email MFA takes two calls, because `CreateUserPool` can only turn on
//! SMS MFA; app clients, resource servers, the domain, its branding style and
//! groups are further calls. Every call after the first needs the id the
//! first one returns (and the branding style, its client's id).

use super::client::{CreateResourceServerRequest, CreateUserPoolClientRequest};
use super::domain::{
    CreateGroupRequest, CreateManagedLoginBrandingRequest, CreateUserPoolDomainRequest,
};
use super::{AdminCreateUserRequest, CreateUserPoolRequest, SetUserPoolMfaConfigRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    CreateUserPool,
    SetUserPoolMfaConfig,
    AdminCreateUser,
    CreateResourceServer,
    CreateUserPoolClient,
    CreateUserPoolDomain,
    CreateManagedLoginBranding,
    CreateGroup,
}

impl Operation {
    /// The operations a request file can be read as on its own (`--operation`).
    pub const ALL: [Operation; 3] = [
        Operation::CreateUserPool,
        Operation::SetUserPoolMfaConfig,
        Operation::AdminCreateUser,
    ];

    /// The calls a pool plan can hold, in the order they run (each needs what
    /// the ones before it made), which is also their order in a plan document.
    pub const PLAN_ORDER: [Operation; 7] = [
        Operation::CreateUserPool,
        Operation::SetUserPoolMfaConfig,
        Operation::CreateResourceServer,
        Operation::CreateUserPoolClient,
        Operation::CreateUserPoolDomain,
        Operation::CreateManagedLoginBranding,
        Operation::CreateGroup,
    ];

    /// The API's operation name (also the `X-Amz-Target` suffix).
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateUserPool => "CreateUserPool",
            Operation::SetUserPoolMfaConfig => "SetUserPoolMfaConfig",
            Operation::AdminCreateUser => "AdminCreateUser",
            Operation::CreateResourceServer => "CreateResourceServer",
            Operation::CreateUserPoolClient => "CreateUserPoolClient",
            Operation::CreateUserPoolDomain => "CreateUserPoolDomain",
            Operation::CreateManagedLoginBranding => "CreateManagedLoginBranding",
            Operation::CreateGroup => "CreateGroup",
        }
    }

    /// The AWS CLI command that accepts this call's JSON with `--cli-input-json`.
    pub fn cli_command(self) -> &'static str {
        match self {
            Operation::CreateUserPool => "create-user-pool",
            Operation::SetUserPoolMfaConfig => "set-user-pool-mfa-config",
            Operation::AdminCreateUser => "admin-create-user",
            Operation::CreateResourceServer => "create-resource-server",
            Operation::CreateUserPoolClient => "create-user-pool-client",
            Operation::CreateUserPoolDomain => "create-user-pool-domain",
            Operation::CreateManagedLoginBranding => "create-managed-login-branding",
            Operation::CreateGroup => "create-group",
        }
    }

    /// Whether a plan document holds a list of these calls (several clients,
    /// resource servers, groups) rather than at most one.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Operation::CreateResourceServer
                | Operation::CreateUserPoolClient
                | Operation::CreateGroup
        )
    }

    /// Accepts the API name or the CLI command name, case-insensitively:
    /// any operation a request file can be read as (`--operation`).
    pub fn parse(text: &str) -> Option<Operation> {
        Operation::ALL
            .into_iter()
            .chain(Operation::PLAN_ORDER)
            .find(|op| {
                op.name().eq_ignore_ascii_case(text) || op.cli_command().eq_ignore_ascii_case(text)
            })
    }
}

// A plan holds a handful of calls: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    CreateUserPool(CreateUserPoolRequest),
    /// `user_pool_id` is `None` in a plan until the pool exists (so for every
    /// call below).
    SetUserPoolMfaConfig(SetUserPoolMfaConfigRequest),
    AdminCreateUser(AdminCreateUserRequest),
    CreateResourceServer(CreateResourceServerRequest),
    CreateUserPoolClient(CreateUserPoolClientRequest),
    CreateUserPoolDomain(CreateUserPoolDomainRequest),
    /// `client_id` holds the placeholder naming a client of the plan.
    CreateManagedLoginBranding(CreateManagedLoginBrandingRequest),
    CreateGroup(CreateGroupRequest),
}

impl Call {
    pub fn operation(&self) -> Operation {
        match self {
            Call::CreateUserPool(_) => Operation::CreateUserPool,
            Call::SetUserPoolMfaConfig(_) => Operation::SetUserPoolMfaConfig,
            Call::AdminCreateUser(_) => Operation::AdminCreateUser,
            Call::CreateResourceServer(_) => Operation::CreateResourceServer,
            Call::CreateUserPoolClient(_) => Operation::CreateUserPoolClient,
            Call::CreateUserPoolDomain(_) => Operation::CreateUserPoolDomain,
            Call::CreateManagedLoginBranding(_) => Operation::CreateManagedLoginBranding,
            Call::CreateGroup(_) => Operation::CreateGroup,
        }
    }

    /// What the call makes, in words that tell it from its siblings: the
    /// client's or group's name, the resource server's identifier, the
    /// domain. Also how a resumed run recognises the calls already done.
    pub fn subject(&self) -> String {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        match self {
            Call::CreateUserPool(r) => text(&r.pool_name),
            Call::SetUserPoolMfaConfig(_) => String::new(),
            Call::AdminCreateUser(r) => text(&r.username),
            Call::CreateResourceServer(r) => text(&r.identifier),
            Call::CreateUserPoolClient(r) => text(&r.client_name),
            Call::CreateUserPoolDomain(r) => text(&r.domain),
            Call::CreateManagedLoginBranding(r) => r
                .client_id
                .as_deref()
                .and_then(super::values::client_of_placeholder)
                .or(r.client_id.as_deref())
                .unwrap_or_default()
                .to_owned(),
            Call::CreateGroup(r) => text(&r.group_name),
        }
    }

    /// `CreateUserPoolClient "web"`, `SetUserPoolMfaConfig`: the call in a
    /// message.
    pub fn label(&self) -> String {
        match self.subject() {
            s if s.is_empty() || self.operation() == Operation::CreateUserPool => {
                self.operation().name().to_owned()
            }
            s => format!(
                "{} {}",
                self.operation().name(),
                serde_json::Value::String(s)
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub calls: Vec<Call>,
}

impl Plan {
    pub fn single(call: Call) -> Self {
        Self { calls: vec![call] }
    }
}
