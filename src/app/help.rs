//! Field help, written from the API reference in our own words. The text lives
//! in `assets/help.json`, keyed by the same API paths the field specs and
//! validation use; the field's allowed values come from the validation rules.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::validate::rules::{self, FieldRule};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldHelp {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub create_only: bool,
}

#[derive(Debug, Default)]
struct HelpTable {
    fields: HashMap<String, FieldHelp>,
    steps: HashMap<String, String>,
}

fn table() -> &'static HelpTable {
    static TABLE: OnceLock<HelpTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let raw: HashMap<String, serde_json::Value> =
            serde_json::from_str(include_str!("../../assets/help.json")).unwrap_or_default();
        let mut table = HelpTable::default();
        for (key, value) in raw {
            if key == "_steps" {
                table.steps = serde_json::from_value(value).unwrap_or_default();
            } else if let Ok(help) = serde_json::from_value(value) {
                table.fields.insert(key, help);
            }
        }
        table
    })
}

/// Help for a field path (pattern form: `Schema[].Name`, `UserPoolTags{key}`).
pub fn field(path: &str) -> Option<&'static FieldHelp> {
    table().fields.get(path)
}

/// The short label of a field: its help title, or its last path segment.
pub fn title(path: &str) -> String {
    match field(path) {
        Some(help) if !help.title.is_empty() => help.title.clone(),
        _ => path.rsplit('.').next().unwrap_or(path).to_owned(),
    }
}

/// The intro paragraph of a step.
pub fn step(key: &str) -> &'static str {
    table().steps.get(key).map(String::as_str).unwrap_or("")
}

/// What the validation rules allow at a path, in a few words ("6–99").
pub fn allowed(path: &str) -> String {
    let (table, path): (&'static [FieldRule], &str) =
        match path.strip_prefix("SetUserPoolMfaConfig.") {
            Some(rest) => (rules::SET_USER_POOL_MFA_CONFIG, rest),
            None => match path.strip_prefix("AdminCreateUser.") {
                Some(rest) => (rules::ADMIN_CREATE_USER, rest),
                None => (rules::CREATE_USER_POOL, path),
            },
        };
    rules::rules_at(table, path)
        .into_iter()
        .filter(|r| !matches!(r, rules::Rule::Chars(_)))
        .map(|r| r.describe())
        .collect::<Vec<_>>()
        .join("; ")
}
