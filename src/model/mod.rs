//! The request model: pure data in the API's shape, with no UI and no SDK types.
//!
//! * [`pool`], [`user`], [`mfa`]: serde structs for the three requests we send.
//! * [`values`]: the API's enumerations and fixed lists, as data.
//! * [`document`]: what an operator edits (a pool request plus, when needed, the
//!   follow-up MFA call) and how it becomes a [`plan::Plan`] of calls.
//! * [`load`]: reading files (request, plan document, describe-user-pool output).
//! * [`preview`]: the exact JSON of each call, pretty or compact, masked or not.

mod describe;
pub mod document;
pub mod load;
pub mod mfa;
pub mod plan;
pub mod pool;
pub mod preview;
mod strict_json;
pub mod template;
pub mod update;
pub mod user;
pub mod values;

pub use document::{MfaChoice, PoolDocument};
pub use mfa::SetUserPoolMfaConfigRequest;
pub use plan::{Call, Operation, Plan};
pub use pool::CreateUserPoolRequest;
pub use user::{AdminCreateUserRequest, Attribute};
