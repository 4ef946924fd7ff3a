//! `AdminCreateUser` request in the API's own JSON shape (see `pool.rs` for the
//! conventions shared by every request type here).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AdminCreateUserRequest {
    pub user_pool_id: Option<String>,
    pub username: Option<String>,
    pub user_attributes: Option<Vec<Attribute>>,
    pub validation_data: Option<Vec<Attribute>>,
    /// Secret: masked in previews and left out of exports unless asked for.
    pub temporary_password: Option<String>,
    pub force_alias_creation: Option<bool>,
    pub message_action: Option<String>,
    pub desired_delivery_mediums: Option<Vec<String>>,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// A name/value pair (`UserAttributes`, `ValidationData`).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Attribute {
    #[serde(default)]
    pub name: String,
    pub value: Option<String>,
}

impl Attribute {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}

impl AdminCreateUserRequest {
    /// The value of a user attribute, if the request carries it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.user_attributes
            .iter()
            .flatten()
            .find(|a| a.name == name)
            .and_then(|a| a.value.as_deref())
    }
}
