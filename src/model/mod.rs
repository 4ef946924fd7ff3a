//! The request model: pure data in the API's shape, with no UI and no SDK types.
//!
//! * [`pool`], [`user`], [`mfa`], [`client`], [`domain`]: serde structs for the
//!   requests we send.
//! * [`client_presets`]: the app-client presets in `assets/presets/clients/`.
//! * [`values`]: the API's enumerations and fixed lists, as data.
//! * [`document`]: what an operator edits (a pool request plus, when needed, the
//!   follow-up MFA call) and how it becomes a [`plan::Plan`] of calls.
//! * [`load`]: reading files (request, plan document, describe-user-pool output).
//! * [`preview`]: the exact JSON of each call, pretty or compact, masked or not.

pub mod client;
pub mod client_presets;
pub mod defaults;
mod describe;
pub mod describe_plan;
pub mod document;
pub mod domain;
pub mod load;
pub mod load_call;
mod load_plan;
pub mod mfa;
pub mod plan;
pub mod pool;
pub mod preview;
mod strict_json;
pub mod template;
pub mod update;
pub mod update_client;
pub mod user;
pub mod values;
pub mod written;

pub use client::{CreateResourceServerRequest, CreateUserPoolClientRequest};
pub use document::{MfaChoice, PoolDocument};
pub use domain::{
    CreateGroupRequest, CreateManagedLoginBrandingRequest, CreateUserPoolDomainRequest,
};
pub use mfa::SetUserPoolMfaConfigRequest;
pub use plan::{Call, Operation, Plan};
pub use pool::CreateUserPoolRequest;
pub use user::{AdminCreateUserRequest, Attribute};
