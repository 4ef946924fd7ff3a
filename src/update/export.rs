//! A change exported: what the wizard's Review shows, as files to review
//! and replay. Each call's body for the AWS CLI (`aws cognito-idp
//! update-user-pool --cli-input-json file://NAME.json`, later calls beside
//! it, as a new pool's export names them), and the change itself as a plan
//! document (`NAME.plan.json`): only the members the diff changes, so
//! `cognito-wizard update-pool --user-pool-id ID NAME.plan.json` makes the
//! operator's change on the pool as it is then and carries every other
//! member (someone else's edits since included, a secret left out too).

use serde_json::{Map, Value};

use super::diff::Change;
use super::entries::Part;
use super::plan::{is_mfa_member, UpdatePlan};
use crate::model::preview::{export_suffixes, plan_document, Layout, Secrets};
use crate::model::PoolDocument;

/// The CLI commands a change's calls beside the create calls' can have
/// (their files are an export's own, for replacing them).
pub const CHANGE_COMMANDS: [&str; 8] = [
    "update-user-pool",
    "add-custom-attributes",
    "set-user-pool-mfa-config",
    "tag-resource",
    "untag-resource",
    "update-user-pool-client",
    "update-group",
    "update-user-pool-domain",
];

/// The files of a change's export, as (name suffix, contents): each call
/// under its suffix ([`export_suffixes`]), then the change under `plan`
/// ([`change_document`]).
pub fn export_files(
    plan: &UpdatePlan,
    draft: &PoolDocument,
    secrets: Secrets,
) -> Vec<(String, String)> {
    let commands: Vec<&str> = plan.calls.iter().map(|c| c.cli_command()).collect();
    let mut files: Vec<(String, String)> = export_suffixes(&commands)
        .into_iter()
        .zip(&plan.calls)
        .map(|(suffix, call)| (suffix, call.json(Layout::Pretty, secrets) + "\n"))
        .collect();
    let (change, _) = change_document(plan, draft, secrets);
    let text = serde_json::to_string_pretty(&change).unwrap_or_default();
    files.push(("plan".to_owned(), text + "\n"));
    files
}

/// The change as a plan document: from the draft (`secrets` as exported),
/// each member the diff changes and nothing else; new app clients, groups
/// and domain whole; a pool's part by its name and the members changed.
/// Also the changes a file cannot write (a member cleared: a file that
/// leaves one out keeps the pool's value), to be said.
pub fn change_document(
    plan: &UpdatePlan,
    draft: &PoolDocument,
    secrets: Secrets,
) -> (Value, Vec<String>) {
    let full: Value =
        serde_json::from_str(&plan_document(&draft.plan(), secrets)).unwrap_or_default();
    let mut out = Map::new();
    let mut unwritable = Vec::new();
    for change in &plan.changes {
        if !copy_change(&full, change, &mut out) {
            unwritable.push(change.path.clone());
        }
    }
    (Value::Object(out), unwritable)
}

/// Copies what `change` changes from the draft `full` into `out`; false
/// when the draft has nothing there to write (a member cleared).
fn copy_change(full: &Value, change: &Change, out: &mut Map<String, Value>) -> bool {
    if change.is_added() {
        let name = change
            .after
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or_default();
        return copy_entry(full, &change.path, name, None, out);
    }
    // A pool's part, named by its update call (`UpdateGroup[staff]`).
    for part in Part::ALL {
        let (list, key) = (part.create().name(), part.key());
        let prefix = format!("{}[", part.label());
        if let Some(rest) = change.path.strip_prefix(&prefix) {
            let Some((name, member)) = rest.split_once("].") else {
                return false;
            };
            let top = member.split(['.', '[']).next().unwrap_or(member);
            return copy_entry(full, list, name, Some((key, top)), out);
        }
    }
    let pool = &full["CreateUserPool"];
    let member = change.member();
    if is_mfa_member(member) {
        if let Some(mfa) = full.get("SetUserPoolMfaConfig") {
            out.insert("SetUserPoolMfaConfig".into(), mfa.clone());
        }
        let mode = pool.get("MfaConfiguration").cloned();
        return mode
            .map(|m| set(out, &["CreateUserPool", "MfaConfiguration"], m))
            .is_some();
    }
    if member == "Schema" {
        return copy_attribute(pool, change, out);
    }
    // Structures member by member (a file changes just what it writes); a
    // map or list (`UserPoolTags["env"]`) whole, as a file writes them.
    let keys: Vec<&str> = change
        .path
        .split('[')
        .next()
        .unwrap_or_default()
        .split('.')
        .collect();
    match keys.iter().try_fold(pool, |v, k| v.get(*k)) {
        Some(value) => {
            let mut at = vec!["CreateUserPool"];
            at.extend(&keys);
            set(out, &at, value.clone());
            true
        }
        None => false,
    }
}

/// The member an entry is known by, whichever list it is in (a branding
/// style by its client).
fn entry_key(entry: &Value) -> Option<String> {
    let text = |k: &str| entry.get(k).and_then(Value::as_str).map(str::to_owned);
    Part::ALL
        .into_iter()
        .find_map(|part| text(part.key()))
        .or_else(|| {
            let id = text("ClientId")?;
            Some(crate::model::values::client_of_placeholder(&id).map_or(id.clone(), str::to_owned))
        })
}

/// The draft's entry of `list` named `name`: whole, or (with `member`) its
/// name and that member only.
fn copy_entry(
    full: &Value,
    list: &str,
    name: &str,
    member: Option<(&str, &str)>,
    out: &mut Map<String, Value>,
) -> bool {
    let entries: Vec<&Value> = match &full[list] {
        Value::Array(items) => items.iter().collect(),
        one @ Value::Object(_) => vec![one],
        _ => Vec::new(),
    };
    let Some(entry) = entries
        .into_iter()
        .find(|e| entry_key(e).as_deref() == Some(name))
    else {
        return false;
    };
    let written = match member {
        None => entry.as_object().cloned().unwrap_or_default(),
        Some((key, member)) => {
            let Some(value) = entry.get(member) else {
                return false;
            };
            let mut part = Map::new();
            part.insert(key.into(), Value::String(name.to_owned()));
            part.insert(member.into(), value.clone());
            part
        }
    };
    let is_list = full[list].is_array();
    let slot = out.entry(list).or_insert_with(|| match is_list {
        true => Value::Array(Vec::new()),
        false => Value::Object(Map::new()),
    });
    let target = match slot {
        Value::Array(items) => {
            let at = items
                .iter()
                .position(|e| entry_key(e).as_deref() == Some(name));
            let at = at.unwrap_or_else(|| {
                items.push(Value::Object(Map::new()));
                items.len() - 1
            });
            &mut items[at]
        }
        one => one,
    };
    if let Value::Object(target) = target {
        target.extend(written);
    }
    true
}

/// A new custom attribute (`Schema["team"]`) from the draft's schema.
fn copy_attribute(pool: &Value, change: &Change, out: &mut Map<String, Value>) -> bool {
    let name = change
        .path
        .strip_prefix("Schema[")
        .and_then(|r| r.split_once(']'))
        .and_then(|(n, _)| serde_json::from_str::<String>(n).ok());
    let Some(name) = name else { return false };
    let bare = |n: &str| n.trim_start_matches("custom:").to_owned();
    let attribute = pool["Schema"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["Name"].as_str().map(bare) == Some(bare(&name)));
    let Some(attribute) = attribute else {
        return false;
    };
    let pool = out
        .entry("CreateUserPool")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(pool) = pool {
        let schema = pool
            .entry("Schema")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(schema) = schema {
            schema.push(attribute.clone());
        }
    }
    true
}

/// `value` at the key path `at` of `out`, making the objects on the way.
fn set(out: &mut Map<String, Value>, at: &[&str], value: Value) {
    let Some((last, parents)) = at.split_last() else {
        return;
    };
    let mut here = out;
    for key in parents {
        let next = here
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(map) = next else { return };
        here = map;
    }
    here.insert(last.to_string(), value);
}

/// The secrets the calls carry, by call file, when left out: replayed with
/// the AWS CLI as they are, the update calls would reset them (the plan
/// file carries them from the pool).
pub fn left_out(plan: &UpdatePlan) -> Vec<String> {
    plan.calls
        .iter()
        .flat_map(|call| call.secret_members())
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::load::{from_described, DescribedPool, Loaded};
    use crate::update::{plan_update, plan_update_written, LivePool};

    /// The files: each call's body under its command (numbered), the plan
    /// document last; the plan read back by update-pool's planning makes
    /// the same calls; a secret left out is carried, not reset.
    #[test]
    fn a_change_exports_each_call_and_a_plan_that_replays_it() {
        let described = DescribedPool {
            user_pool: json!({"Id": "us-east-1_x", "Name": "p", "MfaConfiguration": "OFF",
                "Policies": {"PasswordPolicy": {"MinimumLength": 10}},
                "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "secret"}}),
            mfa_config: None,
        };
        let live = LivePool::from_described(&described).unwrap();
        let Ok(Loaded::Pool(mut draft)) = from_described(&described).map(|o| o.loaded) else {
            panic!("a pool")
        };
        draft
            .create
            .policies
            .as_mut()
            .unwrap()
            .password_policy
            .as_mut()
            .unwrap()
            .minimum_length = Some(14);
        let plan = plan_update(&live, &draft);
        let files = export_files(&plan, &draft, Secrets::Omit);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["", "plan"]);
        assert!(!files[0].1.contains("secret") && !files[1].1.contains("secret"));
        assert!(
            !files[1].1.contains("PoolName"),
            "only what the diff changes: {}",
            files[1].1
        );
        assert_eq!(
            left_out(&plan),
            ["UpdateUserPool.SmsConfiguration.ExternalId"]
        );
        let outcome = crate::model::load::load_str(&files[1].1, None).unwrap();
        let Loaded::Pool(doc) = outcome.loaded else {
            panic!("a pool")
        };
        let replayed = plan_update_written(&live, &doc, outcome.written.as_ref());
        assert_eq!(replayed.diff_lines(), plan.diff_lines());
        assert_eq!(
            replayed.calls, plan.calls,
            "the same calls, the secret carried"
        );
        assert_eq!(
            export_suffixes(&["a", "b", "b", "c"]),
            ["", "b", "b-2", "c"]
        );
        // Replayed on the pool as someone else left it since, it makes only
        // the operator's change: their edit of another member stays.
        let mut since = described.clone();
        since.user_pool["DeletionProtection"] = json!("ACTIVE");
        since.user_pool["Policies"]["PasswordPolicy"]["RequireSymbols"] = json!(true);
        let theirs = LivePool::from_described(&since).unwrap();
        let later = plan_update_written(&theirs, &doc, outcome.written.as_ref());
        assert_eq!(
            later.diff_lines(),
            ["Policies.PasswordPolicy.MinimumLength: 10 -> 14"]
        );
    }

    /// A pool's group changed and a group added: the plan file names the
    /// group and the member changed, and the new group whole.
    #[test]
    fn the_plan_file_holds_only_the_change_of_the_pool_s_parts() {
        use crate::model::describe_plan::DescribedSignIn;
        let described = DescribedPool {
            user_pool: json!({"Id": "us-east-1_x", "Name": "p", "MfaConfiguration": "OFF"}),
            mfa_config: None,
        };
        let parts = DescribedSignIn {
            groups: vec![
                json!({"GroupName": "staff", "Description": "the staff", "Precedence": 1}),
            ],
            ..Default::default()
        };
        let live = LivePool::from_described(&described)
            .unwrap()
            .with_sign_in(Ok(&parts));
        let Ok(Loaded::Pool(mut draft)) = from_described(&described).map(|o| o.loaded) else {
            panic!("a pool")
        };
        live.sign_in.as_ref().unwrap().fill(&mut draft);
        draft.groups[0].precedence = Some(5);
        draft
            .groups
            .push(serde_json::from_value(json!({"GroupName": "admins", "Precedence": 0})).unwrap());
        let plan = plan_update(&live, &draft);
        let (change, unwritable) = change_document(&plan, &draft, Secrets::Omit);
        assert!(unwritable.is_empty(), "{unwritable:?}");
        assert_eq!(
            change,
            json!({"CreateGroup": [{"GroupName": "staff", "Precedence": 5}, {"GroupName": "admins", "Precedence": 0}]})
        );
    }
}
