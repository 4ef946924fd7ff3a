//! The generic form: navigation, editing and display of the fields a step's
//! [`FieldSpec`] table lists. One engine serves every form step.

use serde_json::{json, Value};

use crate::model::pool::{AccountRecoverySetting, RecoveryOption};
use crate::model::values::{MASK, RECOVERY_OPTION_NAME};
use crate::model::MfaChoice;
use crate::problem::Problem;

use super::binding;
use super::fields::{covers, Condition, FieldKind, FieldSpec, StepId, Virtual};
use super::keymap::Command;
use super::msg::Effect;
use super::App;

/// Where the cursor is in a form: the field (index into the step's table) and,
/// for fields with parts (set members, map entries), the part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub field: usize,
    pub part: usize,
}

/// Whether a field is shown for the current document.
pub fn is_shown(app: &App, field: &FieldSpec) -> bool {
    let choice = || MfaChoice::from_document(&app.doc);
    match field.shown_if {
        None => true,
        Some(Condition::Present(path)) => app.json.exists(path),
        Some(Condition::MfaOn) => choice().mode != "OFF",
        Some(Condition::MfaSms) => {
            let c = choice();
            c.mode != "OFF" && c.sms
        }
        Some(Condition::MfaEmail) => {
            let c = choice();
            c.mode != "OFF" && c.email
        }
    }
}

/// Indexes of the shown fields of a step.
pub fn shown(app: &App, step: StepId) -> Vec<usize> {
    super::plan_steps::table(app, step)
        .iter()
        .enumerate()
        .filter(|(_, f)| is_shown(app, f))
        .map(|(i, _)| i)
        .collect()
}

pub fn cursor(app: &App) -> Cursor {
    app.cursors.get(&app.step).copied().unwrap_or_default()
}

/// The focused field of the current step, if it has a form.
pub fn focused(app: &App) -> Option<&'static FieldSpec> {
    let fields = app.fields();
    let visible = shown(app, app.step);
    let current = cursor(app).field;
    let index = visible
        .iter()
        .copied()
        .find(|i| *i >= current)
        .or_else(|| visible.last().copied())?;
    fields.get(index)
}

/// Problems shown at a field: those whose path the field covers, most
/// specific field wins (so `SmsConfiguration` does not repeat the problems of
/// `SmsConfiguration.SnsCallerArn`).
/// Where a problem shown at `field` is fixed, when that is elsewhere: the
/// problem's own say, or the field's (a choice that causes a problem of
/// another part of the request).
pub fn fixed_at(field: &FieldSpec, problem: &Problem) -> Option<&'static str> {
    problem.fixed_at.or_else(|| {
        field
            .fix
            .filter(|fix| covers(fix.problems, &problem.path))
            .map(|fix| fix.at)
    })
}

pub fn problems_at<'a>(app: &'a App, step: StepId, field: &FieldSpec) -> Vec<&'a Problem> {
    let fields = super::plan_steps::table(app, step);
    app.problems
        .iter()
        .filter(|p| field.shows(&p.path))
        .filter(|p| {
            // A more specific field of the step shows it instead.
            !fields.iter().any(|other| {
                other.path.len() > field.path.len()
                    && covers(other.path, &p.path)
                    && covers(field.path, other.path)
            })
        })
        .collect()
}

fn parts(app: &App, field: &FieldSpec) -> usize {
    match field.kind {
        FieldKind::Set(values) => values.len(),
        FieldKind::Map => map_entries(app, field.path).len() + 1,
        _ => 1,
    }
}

/// `(key, shown value)` rows of a map field.
pub fn map_entries(app: &App, path: &str) -> Vec<(String, String)> {
    match app.json.get(path) {
        Some(Value::Object(map)) => map
            .clone()
            .into_iter()
            .map(|(k, v)| {
                let shown = match v {
                    Value::String(s) => s,
                    Value::Object(o) => o
                        .values()
                        .next()
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    other => other.to_string(),
                };
                (k, shown)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A member left out with its whole structure, shown with the value a new
/// pool gets from Cognito, marked as a default.
fn unset_display(app: &App, field: &FieldSpec) -> Option<String> {
    let value = super::binding::default_when_left_out(&app.json, field.path)?;
    // An existing pool that does not describe the member (a tier, or case
    // sensitivity with its whole structure): what it has is unknown here,
    // and a new pool's default is no value of this pool's. (One the pool
    // describes and the draft left out is reset to the default: so shown.)
    if app.change.is_some() && !super::change::existing::describes(app, field.path) {
        let shown = match &value {
            Value::String(s) => s.clone(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            other => other.to_string(),
        };
        return Some(format!("not described (new pools: {shown})"));
    }
    let shown = match (field.kind, &value) {
        (FieldKind::Toggle, Value::Bool(b)) => checkbox(*b).to_owned(),
        (FieldKind::OptionalBool, Value::Bool(true)) => "yes".into(),
        (FieldKind::OptionalBool, Value::Bool(false)) => "no".into(),
        (FieldKind::Number | FieldKind::RequiredNumber, v) => v.to_string(),
        (FieldKind::Choice(_), Value::String(s)) => s.clone(),
        _ => return None,
    };
    Some(format!("{shown} (default)"))
}

/// The value of a field as one line of text.
pub fn display(app: &App, field: &FieldSpec) -> String {
    if let Some(raw) = app.raw.get(field.path) {
        return raw.clone();
    }
    if let Some(unset) = unset_display(app, field) {
        return unset;
    }
    let value = app.json.get(field.path).cloned();
    match field.kind {
        FieldKind::Text
        | FieldKind::RequiredText
        | FieldKind::Number
        | FieldKind::RequiredNumber => app.json.text(field.path),
        FieldKind::Secret => match value {
            Some(Value::String(s)) if app.reveal_secrets => s,
            Some(_) => MASK.to_owned(),
            None => String::new(),
        },
        FieldKind::Multiline => {
            let text = app.json.text(field.path);
            let lines = text.lines().count();
            let first = text.lines().next().unwrap_or_default().to_owned();
            if lines > 1 {
                format!("{first} … (+{} lines)", lines - 1)
            } else {
                first
            }
        }
        FieldKind::Toggle => checkbox(value == Some(Value::Bool(true))),
        FieldKind::OptionalBool => match value {
            Some(Value::Bool(true)) => "yes".into(),
            Some(Value::Bool(false)) => "no".into(),
            _ => "(not set)".into(),
        },
        FieldKind::Choice(_) => match value {
            Some(Value::String(s)) if !s.is_empty() => format!("‹ {s} ›"),
            _ => "‹ (not set) ›".into(),
        },
        FieldKind::Set(values) => {
            let chosen = string_list(value);
            values
                .iter()
                .map(|v| format!("{} {v}", checkbox(chosen.iter().any(|c| c == v))))
                .collect::<Vec<_>>()
                .join("  ")
        }
        FieldKind::Section => {
            if value.is_some() {
                "[x] on".into()
            } else {
                "[ ] off".into()
            }
        }
        FieldKind::Map => {
            let n = map_entries(app, field.path).len();
            format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
        }
        FieldKind::Virtual(v) => virtual_display(app, v),
        FieldKind::List => list_text(app, field.path),
    }
}

/// A list of text as it is shown and typed: the items, comma-separated.
pub fn list_text(app: &App, path: &str) -> String {
    string_list(app.json.get(path).cloned()).join(", ")
}

fn checkbox(on: bool) -> String {
    if on { "[x]" } else { "[ ]" }.to_owned()
}

fn string_list(value: Option<Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn virtual_display(app: &App, v: Virtual) -> String {
    let choice = MfaChoice::from_document(&app.doc);
    match v {
        Virtual::MfaMode => format!("‹ {} ›", choice.mode),
        Virtual::MfaSms => checkbox(choice.sms),
        Virtual::MfaTotp => checkbox(choice.totp),
        Virtual::MfaEmail => checkbox(choice.email),
        Virtual::Recovery(priority) => match recovery_slot(app, priority) {
            Some(name) => format!("‹ {name} ›"),
            None => "‹ (none) ›".into(),
        },
        Virtual::Domain | Virtual::ManagedLogin | Virtual::BrandingClient => {
            super::plan_steps::virtual_display(app, v)
        }
    }
}

fn recovery_slot(app: &App, priority: u8) -> Option<String> {
    app.doc
        .create
        .account_recovery_setting
        .as_ref()?
        .recovery_mechanisms
        .as_ref()?
        .iter()
        .find(|m| m.priority == i32::from(priority))
        .map(|m| m.name.clone())
}

/// Handles a command on a form step.
pub fn command(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    let Some(field) = focused(app) else { return };
    let field = *field;
    match command {
        Command::NextField => move_focus(app, 1),
        Command::PreviousField => move_focus(app, -1),
        Command::Left => match field.kind {
            FieldKind::Set(_) | FieldKind::Map => move_part(app, &field, -1),
            _ => cycle(app, &field, -1, fx),
        },
        Command::Right => match field.kind {
            FieldKind::Set(_) | FieldKind::Map => move_part(app, &field, 1),
            _ => cycle(app, &field, 1, fx),
        },
        Command::Toggle => cycle(app, &field, 1, fx),
        Command::GoToFix => {
            let at = problems_at(app, app.step, &field)
                .into_iter()
                .find_map(|p| fixed_at(&field, p));
            match at {
                Some(at) => app.jump_to(at),
                None => app.set_status(
                    "g goes to where a problem of this field is fixed; this one has none elsewhere",
                ),
            }
        }
        Command::Activate => {
            if field.is_text() {
                app.begin_edit_field(&field);
            } else if field.kind == FieldKind::Map {
                app.begin_edit_map(&field, cursor(app).part);
            } else {
                cycle(app, &field, 1, fx);
            }
        }
        Command::Clear => {
            if field.kind == FieldKind::Map {
                delete_map_entry(app, &field, fx);
            } else if field.is_text()
                || matches!(field.kind, FieldKind::Choice(_) | FieldKind::OptionalBool)
            {
                set_field(app, &field, None, fx);
            }
        }
        Command::Reveal => {
            app.reveal_secrets = !app.reveal_secrets;
            // The preview pane shows the secrets too: rebuild it now.
            app.refresh();
        }
        Command::Add if field.kind == FieldKind::Map => {
            let add_row = map_entries(app, field.path).len();
            app.begin_edit_map(&field, add_row);
        }
        Command::Delete if field.kind == FieldKind::Map => delete_map_entry(app, &field, fx),
        _ => {}
    }
}

/// Moves the focus to the next shown field (wrapping).
pub fn move_focus(app: &mut App, delta: isize) {
    let visible = shown(app, app.step);
    if visible.is_empty() {
        return;
    }
    let current = focused(app)
        .and_then(|f| app.fields().iter().position(|x| x == f))
        .unwrap_or(0);
    let at = visible.iter().position(|i| *i == current).unwrap_or(0) as isize;
    let next = (at + delta).rem_euclid(visible.len() as isize) as usize;
    app.cursors.insert(
        app.step,
        Cursor {
            field: visible[next],
            part: 0,
        },
    );
}

fn move_part(app: &mut App, field: &FieldSpec, delta: isize) {
    let n = parts(app, field) as isize;
    let mut c = cursor(app);
    c.part = (c.part as isize + delta).rem_euclid(n.max(1)) as usize;
    app.cursors.insert(app.step, c);
}

/// Space / Enter / arrows on a non-text field.
fn cycle(app: &mut App, field: &FieldSpec, delta: isize, fx: &mut Vec<Effect>) {
    let current = app.json.get(field.path).cloned();
    // What a member left out is (Cognito's default, shown as such): the
    // first press changes what is shown.
    let default = super::binding::default_when_left_out(&app.json, field.path);
    match field.kind {
        FieldKind::Toggle => {
            let on = current.or(default) == Some(Value::Bool(true));
            set_field(app, field, Some(Value::Bool(!on)), fx);
        }
        FieldKind::OptionalBool => {
            let first = default != Some(Value::Bool(true));
            let states = [None, Some(Value::Bool(first)), Some(Value::Bool(!first))];
            let at = states.iter().position(|s| *s == current).unwrap_or(0);
            let next = states[(at as isize + delta).rem_euclid(3) as usize].clone();
            set_field(app, field, next, fx);
        }
        FieldKind::Choice(values) => {
            let text = current.as_ref().and_then(Value::as_str).unwrap_or_default();
            let mut options: Vec<Option<&str>> = vec![None];
            options.extend(values.iter().map(|v| Some(*v)));
            let at = options
                .iter()
                .position(|o| o.unwrap_or_default() == text)
                .unwrap_or(0);
            let next = options[(at as isize + delta).rem_euclid(options.len() as isize) as usize];
            set_field(app, field, next.map(|v| json!(v)), fx);
        }
        FieldKind::Set(values) => {
            let part = cursor(app).part.min(values.len() - 1);
            let mut chosen = string_list(current);
            let value = values[part];
            if let Some(i) = chosen.iter().position(|c| c == value) {
                chosen.remove(i);
            } else {
                chosen.push(value.to_owned());
            }
            // Keep the API's order so the preview is stable.
            let ordered: Vec<&str> = values
                .iter()
                .copied()
                .filter(|v| chosen.iter().any(|c| c == v))
                .collect();
            let new = (!ordered.is_empty()).then(|| json!(ordered));
            set_field(app, field, new, fx);
        }
        FieldKind::Section => {
            if let Some(value) = current {
                app.stash.insert(field.path.to_owned(), value);
                set_field(app, field, None, fx);
            } else {
                let restored = app.stash.remove(field.path).unwrap_or_else(|| json!({}));
                set_field(app, field, Some(restored), fx);
            }
        }
        FieldKind::Virtual(
            v @ (Virtual::Domain | Virtual::ManagedLogin | Virtual::BrandingClient),
        ) => super::plan_steps::cycle_virtual(app, v, delta, fx),
        FieldKind::Virtual(v) => cycle_virtual(app, v, delta, fx),
        _ => {}
    }
}

/// The MFA modes as Space and ← → cycle them: by how much they ask of a
/// user, so one step from `OFF` is `OPTIONAL`, not `ON` (the service model
/// lists them `OFF`, `ON`, `OPTIONAL`).
const MFA_MODE_CYCLE: [&str; 3] = ["OFF", "OPTIONAL", "ON"];

/// Where the MFA step keeps what switching MFA off (or a factor off) would
/// otherwise lose: the chosen factors and the typed email MFA texts.
const STASHED_FACTORS: &str = "wizard.mfa.factors";
const STASHED_EMAIL_MFA: &str = "SetUserPoolMfaConfig.EmailMfaConfiguration";

fn cycle_virtual(app: &mut App, v: Virtual, delta: isize, fx: &mut Vec<Effect>) {
    let mut choice = MfaChoice::from_document(&app.doc);
    if let Some(email) = app
        .doc
        .mfa
        .as_ref()
        .and_then(|m| m.email_mfa_configuration.as_ref())
        .filter(|e| e.message.is_some() || e.subject.is_some())
    {
        app.stash
            .insert(STASHED_EMAIL_MFA.into(), json!(email.clone()));
    }
    match v {
        Virtual::MfaMode => {
            let modes = MFA_MODE_CYCLE;
            let at = modes.iter().position(|m| *m == choice.mode).unwrap_or(0) as isize;
            let was_on = choice.mode != "OFF";
            if was_on {
                app.stash.insert(
                    STASHED_FACTORS.into(),
                    json!([choice.sms, choice.totp, choice.email]),
                );
            }
            choice.mode = modes[(at + delta).rem_euclid(modes.len() as isize) as usize].to_owned();
            if !was_on && choice.mode != "OFF" {
                // Back on: the factors chosen before MFA was switched off.
                if let Some([sms, totp, email]) = app
                    .stash
                    .get(STASHED_FACTORS)
                    .and_then(|v| serde_json::from_value::<[bool; 3]>(v.clone()).ok())
                {
                    (choice.sms, choice.totp, choice.email) = (sms, totp, email);
                }
            }
            if !was_on && choice.mode != "OFF" && !choice.sms && !choice.totp && !choice.email {
                // Switched on without a factor, an error; start from the
                // factor that needs no extra infrastructure. (A pool that is
                // on with no factor keeps showing none: nothing is invented.)
                choice.totp = true;
            }
        }
        Virtual::MfaSms => choice.sms = !choice.sms,
        Virtual::MfaTotp => choice.totp = !choice.totp,
        Virtual::MfaEmail => choice.email = !choice.email,
        Virtual::Domain | Virtual::ManagedLogin | Virtual::BrandingClient => return,
        Virtual::Recovery(priority) => {
            let current = recovery_slot(app, priority);
            let mut options: Vec<Option<&str>> = vec![None];
            options.extend(RECOVERY_OPTION_NAME.iter().map(|n| Some(*n)));
            let at = options
                .iter()
                .position(|o| o.map(str::to_owned) == current)
                .unwrap_or(0);
            let next = options[(at as isize + delta).rem_euclid(options.len() as isize) as usize];
            set_recovery(app, priority, next);
            app.changed(fx);
            return;
        }
    }
    choice.apply(&mut app.doc);
    // The email factor back on: the texts typed before it went off.
    if let Some(email) = app
        .doc
        .mfa
        .as_mut()
        .and_then(|m| m.email_mfa_configuration.as_mut())
        .filter(|e| e.message.is_none() && e.subject.is_none())
    {
        if let Some(stashed) = app
            .stash
            .get(STASHED_EMAIL_MFA)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
        {
            *email = stashed;
        }
    }
    app.changed(fx);
}

fn set_recovery(app: &mut App, priority: u8, name: Option<&str>) {
    let mut slots: Vec<(u8, String)> = [1u8, 2]
        .into_iter()
        .filter(|p| *p != priority)
        .filter_map(|p| recovery_slot(app, p).map(|n| (p, n)))
        .collect();
    if let Some(name) = name {
        slots.push((priority, name.to_owned()));
    }
    slots.sort();
    app.doc.create.account_recovery_setting = (!slots.is_empty()).then(|| AccountRecoverySetting {
        recovery_mechanisms: Some(
            slots
                .into_iter()
                .map(|(priority, name)| RecoveryOption {
                    priority: i32::from(priority),
                    name,
                })
                .collect(),
        ),
    });
}

/// Sets a field (or clears it with `None`; clearing a required member of an
/// optional structure removes the structure) and records the change.
pub fn set_field(app: &mut App, field: &FieldSpec, value: Option<Value>, fx: &mut Vec<Effect>) {
    app.raw.remove(field.path);
    let result = match (&value, field.owner) {
        (None, Some(owner)) => binding::set(&mut app.doc, owner, None),
        _ => binding::set(&mut app.doc, field.path, value),
    };
    if let Err(message) = result {
        app.set_status(format!("{}: {message}", field.path));
    }
    app.changed(fx);
}

/// Applies typed text to a text field, keeping text that is not a valid value
/// (a number field holding "1a") so nothing typed is lost.
pub fn apply_text(app: &mut App, field: &FieldSpec, text: &str, fx: &mut Vec<Effect>) {
    let value = match field.kind {
        FieldKind::Number | FieldKind::RequiredNumber => {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                match field.kind {
                    FieldKind::RequiredNumber if app.json.exists(parent(field.path)) => {
                        Some(json!(0))
                    }
                    _ => None,
                }
            } else {
                match trimmed.parse::<i32>() {
                    Ok(n) => Some(json!(n)),
                    Err(_) => {
                        let _ = binding::set(&mut app.doc, field.path, None);
                        app.raw.insert(field.path.to_owned(), text.to_owned());
                        app.changed(fx);
                        return;
                    }
                }
            }
        }
        FieldKind::RequiredText => Some(json!(text)),
        FieldKind::List => {
            let items: Vec<&str> = text
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .collect();
            (!items.is_empty()).then(|| json!(items))
        }
        _ if text.is_empty() => None,
        _ => Some(json!(text)),
    };
    set_field(app, field, value, fx);
}

fn parent(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(p, _)| p)
}

/// Problems for typed text that is not a value yet.
pub fn raw_problems(app: &App) -> Vec<Problem> {
    app.raw
        .iter()
        .map(|(path, text)| {
            let whole = text.trim().parse::<i128>().is_ok();
            let range = crate::validate::table::model()
                .operation("CreateUserPool")
                .member_at(path)
                .map(crate::validate::engine::range_text);
            let message = match (whole, range) {
                // A whole number too large to hold is out of range, not "not a number".
                (true, Some(range)) => format!("must be {range}; got {} (it will not be sent until fixed)", text.trim()),
                _ => format!("must be a whole number; \"{text}\" is not one (it will not be sent until fixed)"),
            };
            Problem::error(path.clone(), message)
        })
        .collect()
}

/// Writes a `key=value` map row typed in the editor. `old_key` is the entry
/// being edited, `None` for a new one.
pub fn apply_map_entry(
    app: &mut App,
    field: &FieldSpec,
    old_key: Option<&str>,
    text: &str,
    fx: &mut Vec<Effect>,
) {
    let mut map = match app.json.get(field.path) {
        Some(Value::Object(map)) => map.clone(),
        _ => serde_json::Map::new(),
    };
    if let Some(old) = old_key {
        map.remove(old);
    }
    if !text.trim().is_empty() {
        let (key, value) = text.split_once('=').unwrap_or((text, ""));
        let value = if field.path == "AcrConfiguration" {
            json!({ "AcrValue": value.trim() })
        } else {
            json!(value.trim())
        };
        map.insert(key.trim().to_owned(), value);
    }
    let new = (!map.is_empty()).then_some(Value::Object(map));
    set_field(app, field, new, fx);
}

fn delete_map_entry(app: &mut App, field: &FieldSpec, fx: &mut Vec<Effect>) {
    let entries = map_entries(app, field.path);
    if let Some((key, _)) = entries.get(cursor(app).part) {
        let key = key.clone();
        apply_map_entry(app, field, Some(&key), "", fx);
    }
}
