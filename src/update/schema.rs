//! The schema is add-only: new custom attributes go through
//! AddCustomAttributes, and nothing changes an attribute the pool has (see
//! [`crate::validate::mutability`]). Attributes are matched by name; an attribute the
//! document leaves out is kept (none can be removed), and a member the
//! document's attribute leaves out matches whatever the pool has (the
//! service fills in constraints itself).

use serde_json::Value;

use super::diff::Change;
use crate::model::pool::SchemaAttribute;
use crate::model::values::{standard_attribute, MANAGED_ATTRIBUTES};
use crate::problem::Problem;

/// What the document's schema asks of the pool's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaOutcome {
    /// Custom attributes the pool does not have yet: AddCustomAttributes.
    pub added: Vec<SchemaAttribute>,
    /// Every difference, added attributes included.
    pub changes: Vec<Change>,
    /// The paths of differences to attributes the pool has (refused).
    pub fixed: Vec<String>,
    /// New attributes Cognito would refuse (a `custom:` prefix, required),
    /// each naming its member: nothing is sent while any.
    pub refused: Vec<Problem>,
}

/// A name as the pool lists it once read (`custom:team` and
/// `dev:custom:team` are `team`), and whether it had a prefix.
fn bare_name(name: &str) -> (&str, bool) {
    match name
        .strip_prefix("dev:")
        .unwrap_or(name)
        .strip_prefix("custom:")
    {
        Some(bare) => (bare, true),
        None => (name, false),
    }
}

/// Compares the document's attributes with the pool's, by name.
pub fn compare(
    live: Option<&[SchemaAttribute]>,
    desired: Option<&[SchemaAttribute]>,
) -> SchemaOutcome {
    let live = live.unwrap_or_default();
    let mut outcome = SchemaOutcome::default();
    for wanted in desired.unwrap_or_default() {
        let written_name = wanted.name.clone().unwrap_or_default();
        if MANAGED_ATTRIBUTES.contains(&written_name.as_str()) {
            continue;
        }
        let path = format!("Schema[{}]", Value::String(written_name.clone()));
        // The pool's attributes are read without their prefix: a file that
        // names `custom:team` means the pool's `team`.
        let (name, prefixed) = bare_name(&written_name);
        let name = name.to_owned();
        let existing = live
            .iter()
            .find(|a| a.name.as_deref().unwrap_or_default() == name);
        let existing = match (existing, standard_attribute(&name)) {
            (Some(found), _) => found.clone(),
            // A standard attribute the pool leaves at Cognito's defaults.
            (None, Some(_)) => SchemaAttribute {
                name: Some(name.clone()),
                mutable: Some(true),
                required: Some(false),
                ..Default::default()
            },
            (None, None) => {
                outcome
                    .refused
                    .extend(new_attribute_problems(&path, wanted, prefixed));
                outcome.changes.push(Change {
                    path,
                    before: None,
                    after: serde_json::to_value(wanted).ok(),
                });
                outcome.added.push(wanted.clone());
                continue;
            }
        };
        for (member, before, after) in written_differences(&existing, wanted) {
            let at = format!("{path}.{member}");
            outcome.fixed.push(at.clone());
            outcome.changes.push(Change {
                path: at,
                before,
                after: Some(after),
            });
        }
    }
    outcome
}

/// What Cognito refuses in a new custom attribute (the rules create mode
/// applies, see `validate::pool::schema`). Source: API reference,
/// SchemaAttributeType (custom names without `custom:`; "Required ... custom
/// attributes can't be required"; AddCustomAttributes: CustomAttributes).
fn new_attribute_problems(path: &str, wanted: &SchemaAttribute, prefixed: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    if prefixed {
        out.push(Problem::error(
            format!("{path}.Name"),
            "write custom attribute names without the custom: prefix; Cognito adds it",
        ));
    }
    if wanted.required == Some(true) {
        out.push(Problem::error(
            format!("{path}.Required"),
            "a custom attribute cannot be required; check required values in a pre sign-up trigger instead",
        ));
    }
    out
}

/// The members `wanted` writes whose value differs from `existing`'s.
fn written_differences(
    existing: &SchemaAttribute,
    wanted: &SchemaAttribute,
) -> Vec<(String, Option<Value>, Value)> {
    let (Ok(Value::Object(have)), Ok(Value::Object(want))) =
        (serde_json::to_value(existing), serde_json::to_value(wanted))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (member, after) in want {
        let before = have.get(&member).cloned();
        if member == "Name" || before.as_ref() == Some(&after) {
            continue;
        }
        // Constraints the document writes in part match the pool's in part.
        if let (Some(Value::Object(b)), Value::Object(a)) = (&before, &after) {
            if a.iter().all(|(k, v)| b.get(k) == Some(v)) {
                continue;
            }
        }
        out.push((member, before, after));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(json: serde_json::Value) -> SchemaAttribute {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_new_custom_attribute_is_added_and_a_changed_one_is_fixed() {
        let live = [attr(
            serde_json::json!({"Name":"team","AttributeDataType":"String","Mutable":true,
            "StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}),
        )];
        let desired = [
            attr(serde_json::json!({"Name":"team","AttributeDataType":"String","Mutable":false})),
            attr(serde_json::json!({"Name":"level","AttributeDataType":"Number"})),
            attr(serde_json::json!({"Name":"email","Required":false})),
        ];
        let outcome = compare(Some(&live), Some(&desired));
        assert_eq!(outcome.fixed, ["Schema[\"team\"].Mutable"]);
        assert_eq!(outcome.added.len(), 1);
        assert_eq!(outcome.added[0].name.as_deref(), Some("level"));
        let lines: Vec<String> = outcome.changes.iter().map(Change::line).collect();
        assert_eq!(
            lines,
            [
                "Schema[\"team\"].Mutable: true -> false",
                "Schema[\"level\"]: (none) -> {\"AttributeDataType\":\"Number\",\"Name\":\"level\"}"
            ]
        );
    }

    #[test]
    fn a_standard_attribute_made_required_is_fixed_and_unwritten_members_match() {
        let live = [attr(
            serde_json::json!({"Name":"team","AttributeDataType":"String",
            "StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}),
        )];
        let desired = [
            attr(
                serde_json::json!({"Name":"team","StringAttributeConstraints":{"MaxLength":"2048"}}),
            ),
            attr(serde_json::json!({"Name":"email","Required":true})),
        ];
        let outcome = compare(Some(&live), Some(&desired));
        assert!(outcome.added.is_empty());
        assert_eq!(outcome.fixed, ["Schema[\"email\"].Required"]);
        assert!(compare(Some(&live), None).changes.is_empty());
    }
}
