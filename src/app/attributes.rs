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
        (app.doc.clone(), app.raw.clone()),
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

/// Keeps min/max when the type changes between String and Number; drops them
/// for types without constraints.
fn move_constraints(entry: &mut SchemaAttribute) {
    let (min, max) = constraints(entry);
    let (min, max) = (
        Some(min).filter(|s| !s.is_empty()),
        Some(max).filter(|s| !s.is_empty()),
    );
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
        Some("String") => {
            entry.string_attribute_constraints = Some(StringAttributeConstraints {
                min_length: min,
                max_length: max,
            })
        }
        _ => {}
    }
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
        let value = Some(text).filter(|t| !t.is_empty());
        let is_number = entry.attribute_data_type.as_deref() == Some("Number");
        if is_number {
            let c = entry
                .number_attribute_constraints
                .get_or_insert_with(Default::default);
            if column == 4 {
                c.min_value = value
            } else {
                c.max_value = value
            }
            if c.min_value.is_none() && c.max_value.is_none() {
                entry.number_attribute_constraints = None;
            }
        } else {
            let c = entry
                .string_attribute_constraints
                .get_or_insert_with(Default::default);
            if column == 4 {
                c.min_length = value
            } else {
                c.max_length = value
            }
            if c.min_length.is_none() && c.max_length.is_none() {
                entry.string_attribute_constraints = None;
            }
        }
    });
}
