//! Reading a plan document strictly: `{"CreateUserPool": {...},
//! "SetUserPoolMfaConfig": {...}, "CreateResourceServer": [...],
//! "CreateUserPoolClient": [...], "CreateUserPoolDomain": {...},
//! "CreateManagedLoginBranding": {...}, "CreateGroup": [...]}`. Each call is
//! read as its own request (`load::strict`); problems are named with the call
//! as prefix (`CreateUserPoolClient[1].CallbackURLs[0]`). Every call after the
//! first gets the new pool's id when the plan runs, so a pool id written in
//! one is dropped (with a warning, unless it is the placeholder).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::load::{member_path, strict, LoadError, Strict};
use super::plan::Operation;
use super::values::{client_of_placeholder, NEW_POOL_ID_PLACEHOLDER};
use super::{CreateManagedLoginBrandingRequest, CreateUserPoolRequest, PoolDocument};
use crate::problem::Problem;

/// Whether `name` is a member of a plan document (an operation it can hold).
pub fn is_plan_member(name: &str) -> bool {
    Operation::PLAN_ORDER.iter().any(|op| op.name() == name)
}

/// A plan document's calls, each read strictly.
pub fn plan_document(
    mut object: Map<String, Value>,
    notes: &mut Vec<Problem>,
) -> Result<PoolDocument, LoadError> {
    if let Some(extra) = object.keys().find(|k| !is_plan_member(k)) {
        let names: Vec<&str> = Operation::PLAN_ORDER.iter().map(|op| op.name()).collect();
        return Err(LoadError::Shape {
            path: member_path(extra),
            message: format!(
                "unknown member of a plan document: it holds {}",
                names.join(", ")
            ),
        });
    }
    let create =
        match object.remove("CreateUserPool") {
            // Problems inside the first call are named without its prefix, so a
            // first call that is not an object is named here.
            Some(Value::Null) => {
                return Err(LoadError::Shape {
                    path: "CreateUserPool".into(),
                    message: "is null: leave the member out instead".into(),
                })
            }
            Some(create) if !create.is_object() => return Err(LoadError::Shape {
                path: "CreateUserPool".into(),
                message:
                    "must be a structure (a JSON object with members): the CreateUserPool request"
                        .into(),
            }),
            Some(create) => strict(create, &Strict::request("CreateUserPool"), notes)?,
            None => CreateUserPoolRequest::default(),
        };
    let mut calls = Calls {
        object: &mut object,
        notes,
    };
    Ok(PoolDocument {
        create,
        mfa: calls.one(Operation::SetUserPoolMfaConfig)?,
        resource_servers: calls.list(Operation::CreateResourceServer)?,
        clients: calls.list(Operation::CreateUserPoolClient)?,
        domain: calls.one(Operation::CreateUserPoolDomain)?,
        branding: calls.branding()?,
        groups: calls.list(Operation::CreateGroup)?,
    })
}

/// The follow-up calls still to be read out of a plan document.
struct Calls<'a> {
    object: &'a mut Map<String, Value>,
    notes: &'a mut Vec<Problem>,
}

impl Calls<'_> {
    /// A call there is at most one of.
    fn one<T: DeserializeOwned + serde::Serialize>(
        &mut self,
        op: Operation,
    ) -> Result<Option<T>, LoadError> {
        match self.object.remove(op.name()) {
            Some(value) => Ok(Some(self.read(value, op.name(), op)?)),
            None => Ok(None),
        }
    }

    /// A call there can be several of: a list, each element one request.
    fn list<T: DeserializeOwned + serde::Serialize>(
        &mut self,
        op: Operation,
    ) -> Result<Vec<T>, LoadError> {
        let Some(value) = self.object.remove(op.name()) else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = value else {
            return Err(LoadError::Shape {
                path: op.name().into(),
                message: format!(
                    "must be a list (a JSON array) of {} requests, one per call",
                    op.name()
                ),
            });
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| self.read(item, &format!("{}[{i}]", op.name()), op))
            .collect()
    }

    /// The branding style: its `ClientId` may be the placeholder naming a
    /// client of the plan, which is not an id the model's pattern takes; it
    /// is read aside and checked by the plan rules.
    fn branding(&mut self) -> Result<Option<CreateManagedLoginBrandingRequest>, LoadError> {
        let op = Operation::CreateManagedLoginBranding;
        let Some(mut value) = self.object.remove(op.name()) else {
            return Ok(None);
        };
        let placeholder = value.as_object_mut().and_then(|o| match o.get("ClientId") {
            Some(Value::String(id)) if client_of_placeholder(id).is_some() => o.remove("ClientId"),
            _ => None,
        });
        let filled: &[&str] = match placeholder {
            Some(_) => &["UserPoolId", "ClientId"],
            None => &["UserPoolId"],
        };
        let mut branding: CreateManagedLoginBrandingRequest =
            self.read_filled(value, op.name(), op, filled)?;
        if let Some(Value::String(id)) = placeholder {
            branding.client_id = Some(id);
        }
        Ok(Some(branding))
    }

    fn read<T: DeserializeOwned + serde::Serialize>(
        &mut self,
        value: Value,
        prefix: &str,
        op: Operation,
    ) -> Result<T, LoadError> {
        self.read_filled(value, prefix, op, &["UserPoolId"])
    }

    fn read_filled<T: DeserializeOwned + serde::Serialize>(
        &mut self,
        mut value: Value,
        prefix: &str,
        op: Operation,
        filled_by_tool: &[&str],
    ) -> Result<T, LoadError> {
        drop_pool_id(&mut value, prefix, self.notes);
        strict(
            value,
            &Strict {
                operation: op.name(),
                prefix,
                filled_by_tool,
            },
            self.notes,
        )
    }
}

/// Takes out a written pool id: the id of the pool CreateUserPool creates is
/// used. The placeholder the preview writes goes silently.
fn drop_pool_id(value: &mut Value, prefix: &str, notes: &mut Vec<Problem>) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    match object.remove("UserPoolId") {
        Some(Value::String(id)) if id == NEW_POOL_ID_PLACEHOLDER => {}
        Some(_) => notes.push(Problem::warning(
            format!("{prefix}.UserPoolId"),
            "ignored: the id of the pool that CreateUserPool creates is used",
        )),
        None => {}
    }
}
