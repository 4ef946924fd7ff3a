//! Field help, written from the API reference in our own words. The text lives
//! in `assets/help.json`, keyed by the same API paths the field specs and
//! validation use; the field's allowed values come from the service model's table.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::validate::table::{self, Kind};
use crate::validate::{engine, patterns};

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
    let fields = &table().fields;
    fields
        .get(path)
        .or_else(|| fields.get(&super::plan_fields::pattern(path)))
}

/// The short label of a field: its help title, or its last path segment.
pub fn title(path: &str) -> String {
    match field(path) {
        Some(help) if !help.title.is_empty() => help.title.clone(),
        _ => path.rsplit('.').next().unwrap_or(path).to_owned(),
    }
}

/// The intro paragraph of a step.
/// The text for the step the app is on: Review and Result have their own
/// in change mode (a diff and an update's calls, not a new pool's), and so
/// have Start (the draft is a change, a new pool is one choice) and the
/// lists that hold the pool's own entries (updated, not created).
pub fn for_step(app: &super::App) -> &'static str {
    let key = app.step().key();
    let changing = app.change().is_some()
        && matches!(
            key,
            "review" | "result" | "start" | "app-clients" | "groups"
        );
    match changing {
        true => step(&format!("{key}-change")),
        false => step(key),
    }
}

pub fn step(key: &str) -> &'static str {
    table().steps.get(key).map(String::as_str).unwrap_or("")
}

/// What the service model allows at a path, in a few words ("6–99").
pub fn allowed(path: &str) -> String {
    let (operation, path) = match path.strip_prefix("SetUserPoolMfaConfig.") {
        Some(rest) => ("SetUserPoolMfaConfig", rest),
        None => match path.strip_prefix("AdminCreateUser.") {
            Some(rest) => ("AdminCreateUser", rest),
            None => super::plan_fields::operation_member(path).unwrap_or(("CreateUserPool", path)),
        },
    };
    let Some(member) = table::model().operation(operation).member_at(path) else {
        return String::new();
    };
    let mut parts = Vec::new();
    if member.required {
        parts.push("required".to_owned());
    }
    let bounded = member.min.is_some_and(|m| m > 0) || member.max.is_some();
    match member.kind {
        Kind::Integer | Kind::Long if member.min.is_some() || member.max.is_some() => {
            parts.push(match (member.min, member.max) {
                (Some(min), Some(max)) => format!("{min}–{max}"),
                _ => engine::range_text(member),
            });
        }
        Kind::String if bounded => parts.push(format!(
            "{}–{} characters",
            member.min.unwrap_or(0),
            member.max.map_or("…".to_owned(), |m| m.to_string())
        )),
        Kind::List | Kind::Map if bounded => parts.push(format!(
            "{}–{} entries",
            member.min.unwrap_or(0),
            member.max.map_or("…".to_owned(), |m| m.to_string())
        )),
        _ => {}
    }
    if let Some(values) = &member.enum_values {
        parts.push(format!("one of {}", values.join(", ")));
    }
    if let Some(words) = member
        .pattern
        .as_ref()
        .and_then(|p| patterns::describe(&p.java))
    {
        parts.push(words.to_owned());
    }
    parts.join("; ")
}
