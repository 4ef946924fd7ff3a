//! The Attributes step: the standard attributes as a table (required / mutable)
//! and custom attributes (add, edit, remove), all stored in `Schema`.

use crate::model::pool::{NumberAttributeConstraints, SchemaAttribute, StringAttributeConstraints};
use crate::model::values::{standard_attribute, ATTRIBUTE_DATA_TYPE, STANDARD_ATTRIBUTES};
use crate::model::PoolDocument;

use super::editor::{EditTarget, Editor};
use super::keymap::Command;
use super::msg::Effect;
use super::App;

/// The table's columns.
pub const COLUMNS: [&str; 7] = ["Name", "Type", "Req", "Mut", "Min", "Max", "Dev"];
pub const MAX_SCHEMA: usize = 50;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttributesScreen {
    pub row: usize,
    pub column: usize,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A standard attribute and its `Schema` index, if it has an entry.
    Standard {
        name: &'static str,
        data_type: &'static str,
        index: Option<usize>,
    },
    /// A custom attribute: its `Schema` index.
    Custom(usize),
    /// The "add a custom attribute" row.
    Add,
}

pub fn rows(doc: &PoolDocument) -> Vec<Row> {
    let schema = doc.create.schema.as_deref().unwrap_or_default();
    let mut rows: Vec<Row> = STANDARD_ATTRIBUTES
        .iter()
        .map(|s| Row::Standard {
            name: s.name,
            data_type: s.data_type,
            index: schema
                .iter()
                .position(|a| a.name.as_deref() == Some(s.name)),
        })
        .collect();
    rows.extend(
        schema
            .iter()
            .enumerate()
            .filter(|(_, a)| standard_attribute(a.name.as_deref().unwrap_or_default()).is_none())
            .map(|(i, _)| Row::Custom(i)),
    );
    rows.push(Row::Add);
    rows
}

/// The text of one cell.
pub fn cell(doc: &PoolDocument, row: &Row, column: usize) -> String {
    let schema = doc.create.schema.as_deref().unwrap_or_default();
    let yes_no = |b: bool| if b { "[x]" } else { "[ ]" }.to_owned();
    match row {
        Row::Standard {
            name,
            data_type,
            index,
        } => {
            let entry = index.and_then(|i| schema.get(i));
            match column {
                0 => (*name).to_owned(),
                1 => (*data_type).to_owned(),
                2 => yes_no(entry.and_then(|e| e.required) == Some(true)),
                3 => yes_no(entry.and_then(|e| e.mutable) != Some(false)),
                _ => String::new(),
            }
        }
        Row::Custom(i) => {
            let Some(a) = schema.get(*i) else {
                return String::new();
            };
            let (min, max) = constraints(a);
            match column {
                0 => a.name.clone().unwrap_or_default(),
                1 => a
                    .attribute_data_type
                    .clone()
                    .unwrap_or_else(|| "String".into()),
                2 => "—".into(),
                3 => yes_no(a.mutable != Some(false)),
                4 => min,
                5 => max,
                6 => yes_no(a.developer_only_attribute == Some(true)),
                _ => String::new(),
            }
        }
        Row::Add => {
            if column == 0 {
                "+ add a custom attribute (a)".into()
            } else {
                String::new()
            }
        }
    }
}

fn constraints(a: &SchemaAttribute) -> (String, String) {
    if let Some(n) = &a.number_attribute_constraints {
        (
            n.min_value.clone().unwrap_or_default(),
            n.max_value.clone().unwrap_or_default(),
        )
    } else if let Some(s) = &a.string_attribute_constraints {
        (
            s.min_length.clone().unwrap_or_default(),
            s.max_length.clone().unwrap_or_default(),
        )
    } else {
        (String::new(), String::new())
    }
}

impl AttributesScreen {
    /// Puts the cursor on the row a `Schema[i]...` problem is about.
    pub fn focus_path(&mut self, doc: &PoolDocument, path: &str) {
        let index = path
            .strip_prefix("Schema[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse::<usize>().ok());
        let Some(index) = index else { return };
        let found = rows(doc).iter().position(|row| match row {
            Row::Standard { index: Some(i), .. } | Row::Custom(i) => *i == index,
            _ => false,
        });
        if let Some(row) = found {
            self.row = row;
        }
    }
}

pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    let table = rows(&app.doc);
    let screen = &mut app.attributes;
    screen.row = screen.row.min(table.len() - 1);
    let row = table[screen.row].clone();
    match command {
        Command::NextField => screen.row = (screen.row + 1) % table.len(),
        Command::PreviousField => screen.row = (screen.row + table.len() - 1) % table.len(),
        Command::Right => screen.column = (screen.column + 1) % COLUMNS.len(),
        Command::Left => screen.column = (screen.column + COLUMNS.len() - 1) % COLUMNS.len(),
        Command::Add => add_custom(app, fx),
        Command::Delete => {
            if let Row::Custom(i) = row {
                edit_schema(app, fx, |schema| {
                    schema.remove(i);
                });
            }
        }
        Command::Toggle | Command::Activate => {
            let column = screen.column;
            match (&row, column) {
                (Row::Add, _) => add_custom(app, fx),
                (Row::Custom(i), 4 | 5)
                    if !app
                        .doc
                        .create
                        .schema
                        .as_ref()
                        .and_then(|s| s.get(*i))
                        .is_some_and(has_constraints) =>
                {
                    app.set_status("Min and Max apply only to String and Number attributes");
                }
                (Row::Custom(_), 0 | 4 | 5) => {
                    let text = cell(&app.doc, &row, column);
                    let index = app.attributes.row;
                    app.editor = Some(Editor::new(
                        EditTarget::SchemaCell { row: index, column },
                        &text,
                        (app.doc.clone(), app.raw.clone()),
                    ));
                }
                _ => toggle(app, &row, column, fx),
            }
        }
        _ => {}
    }
}

fn add_custom(app: &mut App, fx: &mut Vec<Effect>) {
    let count = app.doc.create.schema.as_ref().map_or(0, Vec::len);
    if count >= MAX_SCHEMA {
        app.set_status(format!(
            "A pool holds at most {MAX_SCHEMA} schema attributes"
        ));
        return;
    }
    let customs = rows(&app.doc)
        .iter()
        .filter(|r| matches!(r, Row::Custom(_)))
        .count();
    // Adding and naming are one change: the editor is open while the row is
    // added, and its Esc takes both back (a schema attribute can never be
    // removed once the pool exists, so none may be left behind by accident).
    let before = (app.doc.clone(), app.raw.clone());
    app.editor = Some(Editor::new(
        EditTarget::SchemaCell { row: 0, column: 0 },
        "",
        before.clone(),
    ));
    edit_schema(app, fx, |schema| {
        schema.push(SchemaAttribute {
            name: Some(format!("attribute{}", customs + 1)),
            attribute_data_type: Some("String".into()),
            mutable: Some(true),
            ..Default::default()
        })
    });
    let table = rows(&app.doc);
    app.attributes.row = table.len() - 2;
    app.attributes.column = 0;
    let text = cell(&app.doc, &table[app.attributes.row], 0);
    app.editor = Some(Editor::new(
        EditTarget::SchemaCell {
            row: app.attributes.row,
            column: 0,
        },
        &text,
        before,
    ));
}

/// Changes `Schema`, dropping it when it ends up empty.
fn edit_schema(
    app: &mut App,
    fx: &mut Vec<Effect>,
    change: impl FnOnce(&mut Vec<SchemaAttribute>),
) {
    let mut schema = app.doc.create.schema.take().unwrap_or_default();
    change(&mut schema);
    app.doc.create.schema = (!schema.is_empty()).then_some(schema);
    app.changed(fx);
}

fn toggle(app: &mut App, row: &Row, column: usize, fx: &mut Vec<Effect>) {
    match row {
        Row::Standard {
            name,
            data_type,
            index,
        } => {
            if column != 2 && column != 3 {
                return;
            }
            let (name, data_type, index) = (*name, *data_type, *index);
            edit_schema(app, fx, |schema| {
                let i = match index {
                    Some(i) => i,
                    None => {
                        schema.push(SchemaAttribute {
                            name: Some(name.into()),
                            attribute_data_type: Some(data_type.into()),
                            required: Some(false),
                            mutable: Some(true),
                            ..Default::default()
                        });
                        schema.len() - 1
                    }
                };
                let entry = &mut schema[i];
                if column == 2 {
                    entry.required = Some(entry.required != Some(true));
                } else {
                    entry.mutable = Some(entry.mutable == Some(false));
                }
                // Back to Cognito's defaults: no entry needed.
                if entry.required != Some(true) && entry.mutable != Some(false) {
                    schema.remove(i);
                }
            });
        }
        Row::Custom(i) => {
            let i = *i;
            edit_schema(app, fx, |schema| {
                let entry = &mut schema[i];
                match column {
                    1 => {
                        let current = entry
                            .attribute_data_type
                            .clone()
                            .unwrap_or_else(|| "String".into());
                        let at = ATTRIBUTE_DATA_TYPE
                            .iter()
                            .position(|t| *t == current)
                            .unwrap_or(0);
                        let next = ATTRIBUTE_DATA_TYPE[(at + 1) % ATTRIBUTE_DATA_TYPE.len()];
                        entry.attribute_data_type = Some(next.into());
                        move_constraints(entry);
                    }
                    3 => entry.mutable = Some(entry.mutable == Some(false)),
                    6 => {
                        entry.developer_only_attribute =
                            Some(entry.developer_only_attribute != Some(true))
                    }
                    _ => {}
                }
            });
        }
        Row::Add => {}
    }
}

/// Keeps min/max when the type changes between String and Number (types
/// without constraints cannot have them: their cells do not open).
fn move_constraints(entry: &mut SchemaAttribute) {
    let (min, max) = constraints(entry);
    set_constraints(entry, Some(min), Some(max));
}

/// Stores min/max where the attribute's type keeps them; empty means unset.
fn set_constraints(entry: &mut SchemaAttribute, min: Option<String>, max: Option<String>) {
    let min = min.filter(|s| !s.is_empty());
    let max = max.filter(|s| !s.is_empty());
    entry.number_attribute_constraints = None;
    entry.string_attribute_constraints = None;
    if min.is_none() && max.is_none() {
        return;
    }
    match entry.attribute_data_type.as_deref() {
        Some("Number") => {
            entry.number_attribute_constraints = Some(NumberAttributeConstraints {
                min_value: min,
                max_value: max,
            })
        }
        Some("String") | None => {
            entry.string_attribute_constraints = Some(StringAttributeConstraints {
                min_length: min,
                max_length: max,
            })
        }
        _ => {}
    }
}

/// Whether min/max apply to an attribute's type.
fn has_constraints(entry: &SchemaAttribute) -> bool {
    matches!(
        entry.attribute_data_type.as_deref(),
        Some("String" | "Number") | None
    )
}

/// Writes a text cell typed in the editor.
pub fn apply_cell(app: &mut App, row: usize, column: usize, text: &str, fx: &mut Vec<Effect>) {
    let Some(Row::Custom(i)) = rows(&app.doc).get(row).cloned() else {
        return;
    };
    let text = text.trim().to_owned();
    edit_schema(app, fx, |schema| {
        let entry = &mut schema[i];
        if column == 0 {
            entry.name = Some(text);
            return;
        }
        let (mut min, mut max) = constraints(entry);
        if column == 4 {
            min = text;
        } else {
            max = text;
        }
        set_constraints(entry, Some(min), Some(max));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Command;
    use crate::app::Session;

    fn app_with_custom() -> App {
        let mut app = App::new(Session::default());
        let mut fx = Vec::new();
        app.step = crate::app::fields::StepId::Attributes;
        command(&mut app, Command::Add, &mut fx);
        // Adding opens the name editor; accept the suggested name.
        app.editor = None;
        app
    }

    #[test]
    fn constraints_follow_the_type() {
        let mut app = app_with_custom();
        let mut fx = Vec::new();
        let row = app.attributes.row;
        apply_cell(&mut app, row, 4, "2", &mut fx);
        apply_cell(&mut app, row, 5, "40", &mut fx);
        let entry = |app: &App| app.doc.create.schema.as_ref().unwrap()[0].clone();
        assert_eq!(
            entry(&app)
                .string_attribute_constraints
                .unwrap()
                .max_length
                .as_deref(),
            Some("40")
        );
        // String → Number moves min/max across.
        app.attributes.column = 1;
        command(&mut app, Command::Toggle, &mut fx);
        let number = entry(&app);
        assert_eq!(number.attribute_data_type.as_deref(), Some("Number"));
        assert!(number.string_attribute_constraints.is_none());
        assert_eq!(
            number
                .number_attribute_constraints
                .unwrap()
                .min_value
                .as_deref(),
            Some("2")
        );
    }

    #[test]
    fn min_and_max_do_not_open_for_types_without_them() {
        let mut app = app_with_custom();
        let mut fx = Vec::new();
        app.attributes.column = 1;
        // String → Number → DateTime.
        command(&mut app, Command::Toggle, &mut fx);
        command(&mut app, Command::Toggle, &mut fx);
        app.attributes.column = 4;
        command(&mut app, Command::Activate, &mut fx);
        assert!(app.editor.is_none());
        assert!(app
            .status
            .as_deref()
            .unwrap_or_default()
            .contains("only to String and Number"));
    }

    #[test]
    fn a_standard_attribute_back_to_defaults_leaves_no_entry() {
        let mut app = App::new(Session::default());
        let mut fx = Vec::new();
        app.step = crate::app::fields::StepId::Attributes;
        app.attributes.row = 2; // email
        app.attributes.column = 2;
        command(&mut app, Command::Toggle, &mut fx);
        assert_eq!(
            app.doc.create.schema.as_ref().unwrap()[0].required,
            Some(true)
        );
        command(&mut app, Command::Toggle, &mut fx);
        assert!(app.doc.create.schema.is_none());
    }
}
