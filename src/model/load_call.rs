//! Reading one later call of a plan on its own: the per-call files an export
//! writes (`NAME.create-user-pool-client.json`, `…create-user-pool-domain`,
//! `…create-managed-login-branding`, `…create-group`,
//! `…create-resource-server`), which `aws cognito-idp X --cli-input-json`
//! takes. They are detected by their required members (or named with
//! `--operation`) and read strictly against their operation's table. The
//! export's placeholders (the new pool's id, a plan client's id) are taken
//! out with a warning saying what to put there to send the call alone.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::load::{strict, LoadError, Strict};
use super::plan::{Call, Operation};
use super::preview::pool_id_slot;
use super::values::{client_of_placeholder, NEW_POOL_ID_PLACEHOLDER};
use crate::problem::Problem;
use crate::validate::table;

/// The later calls a file can be on its own, in the order detection tries them.
pub const LATER: [Operation; 5] = [
    Operation::CreateResourceServer,
    Operation::CreateUserPoolClient,
    Operation::CreateUserPoolDomain,
    Operation::CreateManagedLoginBranding,
    Operation::CreateGroup,
];

/// The later call whose required members (but the pool id) the object has
/// and whose members are all it writes.
pub fn detect(object: &Map<String, Value>) -> Option<Operation> {
    if object.is_empty() {
        return None;
    }
    LATER.into_iter().find(|op| {
        let table = table::model().operation(op.name());
        let mut required = table
            .children("")
            .filter(|m| m.required && m.name() != "UserPoolId")
            .peekable();
        required.peek().is_some()
            && required.all(|m| object.contains_key(m.name()))
            && object.keys().all(|k| table.member(k).is_some())
    })
}

/// The object as a request of `op`, read strictly; the placeholders the
/// export writes are taken out with a warning.
pub fn read(
    op: Operation,
    object: Map<String, Value>,
    notes: &mut Vec<Problem>,
) -> Result<Call, LoadError> {
    let value = Value::Object(object);
    let how = Strict::request(op.name());
    let mut call = match op {
        Operation::CreateResourceServer => Call::CreateResourceServer(typed(value, &how, notes)?),
        Operation::CreateUserPoolClient => Call::CreateUserPoolClient(typed(value, &how, notes)?),
        Operation::CreateUserPoolDomain => Call::CreateUserPoolDomain(typed(value, &how, notes)?),
        Operation::CreateManagedLoginBranding => {
            Call::CreateManagedLoginBranding(typed(value, &how, notes)?)
        }
        Operation::CreateGroup => Call::CreateGroup(typed(value, &how, notes)?),
        other => {
            return Err(LoadError::Undetectable(format!(
                "{} is not a later call of a plan",
                other.name()
            )))
        }
    };
    take_placeholders(&mut call, notes);
    Ok(call)
}

fn typed<T: DeserializeOwned + serde::Serialize>(
    value: Value,
    how: &Strict,
    notes: &mut Vec<Problem>,
) -> Result<T, LoadError> {
    strict(value, how, notes)
}

fn take_placeholders(call: &mut Call, notes: &mut Vec<Problem>) {
    let command = call.operation().cli_command();
    if let Some(slot) = pool_id_slot(call) {
        if slot.as_deref() == Some(NEW_POOL_ID_PLACEHOLDER) {
            *slot = None;
            notes.push(Problem::warning(
                "UserPoolId",
                format!("{NEW_POOL_ID_PLACEHOLDER} is the placeholder for the id CreateUserPool returns; to send this call on its own, put the pool's id here and use aws cognito-idp {command} --cli-input-json file://FILE"),
            ));
        }
    }
    if let Call::CreateManagedLoginBranding(r) = call {
        if let Some(client) = r.client_id.as_deref().and_then(client_of_placeholder) {
            notes.push(Problem::warning(
                "ClientId",
                format!("the placeholder for the id of the plan's client {client:?}; to send this call on its own, put that client's id here"),
            ));
        }
    }
}
