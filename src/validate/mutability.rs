//! Which members of a pool can change after it is created: the one place
//! that says so. Derived from the service-model table
//! (`assets/service-model.json`): a top-level `CreateUserPool` member that
//! `UpdateUserPool`'s input lacks can never change. The single hand-written
//! exception is the schema, which `AddCustomAttributes` extends.

use crate::validate::table;

/// What can happen to a top-level member of a pool after creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutability {
    /// `UpdateUserPool` takes it.
    Updatable,
    /// Only new entries can be added, by another call.
    AddOnly,
    /// Fixed when the pool was created.
    CreateOnly,
}

/// Members that are add-only, with the call that adds and its source.
/// `Schema` is not in `UpdateUserPool`; AddCustomAttributes "adds additional
/// user attributes to the user pool schema" (API reference, AddCustomAttributes;
/// botocore `cognito-idp` 2016-04-18 `AddCustomAttributes` documentation), and
/// nothing changes or removes an existing attribute.
const ADD_ONLY: &[(&str, &str)] = &[("Schema", "AddCustomAttributes")];

/// What the table says about the top-level member `name` of CreateUserPool.
pub fn mutability(name: &str) -> Mutability {
    if ADD_ONLY.iter().any(|(member, _)| *member == name) {
        return Mutability::AddOnly;
    }
    let update = table::model().operation("UpdateUserPool");
    if update.member(name).is_some() {
        Mutability::Updatable
    } else {
        Mutability::CreateOnly
    }
}

/// Every top-level CreateUserPool member that can never change, in model order.
pub fn create_only() -> Vec<&'static str> {
    table::model()
        .operation("CreateUserPool")
        .children("")
        .map(|m| m.path.as_str())
        .filter(|name| mutability(name) == Mutability::CreateOnly)
        .collect()
}

/// Where a warning about the create-only member `name` points: the member
/// itself, or its only member when it is a structure of one
/// (`UsernameConfiguration.CaseSensitive`), the field an operator sets.
pub fn warning_path(name: &str) -> String {
    let create = table::model().operation("CreateUserPool");
    if create.member(name).map(|m| m.kind) != Some(table::Kind::Structure) {
        return name.to_owned();
    }
    let children: Vec<&str> = create.children(name).map(|m| m.path.as_str()).collect();
    match children.as_slice() {
        [only] => (*only).to_owned(),
        _ => name.to_owned(),
    }
}

/// The reason shown next to a member that cannot take a new value.
pub fn reason(name: &str) -> String {
    match mutability(name) {
        Mutability::CreateOnly => {
            "cannot change after the pool is created (UpdateUserPool has no such member): needs a new pool: clone it instead".into()
        }
        Mutability::AddOnly => {
            "existing attributes cannot change or be removed (only AddCustomAttributes adds new custom ones): needs a new pool: clone it instead".into()
        }
        Mutability::Updatable => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_only_members_come_from_the_table() {
        assert_eq!(
            create_only(),
            [
                "AliasAttributes",
                "UsernameAttributes",
                "UsernameConfiguration"
            ]
        );
        assert_eq!(mutability("Schema"), Mutability::AddOnly);
        assert_eq!(mutability("Policies"), Mutability::Updatable);
        assert_eq!(mutability("PoolName"), Mutability::Updatable);
        assert_eq!(warning_path("UsernameAttributes"), "UsernameAttributes");
        assert_eq!(
            warning_path("UsernameConfiguration"),
            "UsernameConfiguration.CaseSensitive"
        );
    }

    #[test]
    fn every_updatable_member_is_carried_by_update_user_pool() {
        use crate::model::update::UpdateUserPoolRequest;
        let update = table::model().operation("UpdateUserPool");
        let carried = serde_json::to_value(UpdateUserPoolRequest::carrying(
            "us-east-1_x",
            &every_member_set(),
        ))
        .unwrap();
        for member in update.children("") {
            let name = member.path.as_str();
            let not_sendable = crate::validate::engine::NOT_IN_SDK
                .iter()
                .any(|(m, _)| *m == name);
            assert_eq!(
                carried.get(name).is_some(),
                !not_sendable,
                "{name}: UpdateUserPoolRequest::carrying must carry every member the SDK can send"
            );
        }
    }

    /// A settings value with every optional top-level member present.
    fn every_member_set() -> crate::model::CreateUserPoolRequest {
        let mut value = serde_json::Map::new();
        let create = table::model().operation("CreateUserPool");
        for member in create.children("") {
            let empty = match member.kind {
                table::Kind::Structure | table::Kind::Map => serde_json::json!({}),
                table::Kind::List => serde_json::json!([]),
                _ => serde_json::json!("x"),
            };
            value.insert(member.path.clone(), empty);
        }
        value.remove("DcrConfiguration");
        serde_json::from_value(serde_json::Value::Object(value)).expect("every member parses")
    }
}
