//! A plan: the ordered calls one operator action needs. Creating a pool with
//! TOTP or email MFA takes two calls, because `CreateUserPool` can only turn on
//! SMS MFA; the second call needs the id the first one returns.

use super::{AdminCreateUserRequest, CreateUserPoolRequest, SetUserPoolMfaConfigRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    CreateUserPool,
    SetUserPoolMfaConfig,
    AdminCreateUser,
}

impl Operation {
    pub const ALL: [Operation; 3] = [
        Operation::CreateUserPool,
        Operation::SetUserPoolMfaConfig,
        Operation::AdminCreateUser,
    ];

    /// The API's operation name (also the `X-Amz-Target` suffix).
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateUserPool => "CreateUserPool",
            Operation::SetUserPoolMfaConfig => "SetUserPoolMfaConfig",
            Operation::AdminCreateUser => "AdminCreateUser",
        }
    }

    /// The AWS CLI command that accepts this call's JSON with `--cli-input-json`.
    pub fn cli_command(self) -> &'static str {
        match self {
            Operation::CreateUserPool => "create-user-pool",
            Operation::SetUserPoolMfaConfig => "set-user-pool-mfa-config",
            Operation::AdminCreateUser => "admin-create-user",
        }
    }

    /// Accepts the API name or the CLI command name, case-insensitively.
    pub fn parse(text: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| {
            op.name().eq_ignore_ascii_case(text) || op.cli_command().eq_ignore_ascii_case(text)
        })
    }
}

// A plan holds a handful of calls: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    CreateUserPool(CreateUserPoolRequest),
    /// `user_pool_id` is `None` in a plan until the pool exists.
    SetUserPoolMfaConfig(SetUserPoolMfaConfigRequest),
    AdminCreateUser(AdminCreateUserRequest),
}

impl Call {
    pub fn operation(&self) -> Operation {
        match self {
            Call::CreateUserPool(_) => Operation::CreateUserPool,
            Call::SetUserPoolMfaConfig(_) => Operation::SetUserPoolMfaConfig,
            Call::AdminCreateUser(_) => Operation::AdminCreateUser,
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
