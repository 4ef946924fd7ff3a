//! Putting the operator's edits on the pool as it is now (after a
//! concurrent change, or when a change-mode draft is resumed): someone
//! else's changes stay, the operator's edits go on top member by member.
//!
//! MFA is merged as the wizard shows it (a mode and each factor), not as
//! the document writes it: the same choice is written in CreateUserPool's
//! `MfaConfiguration` alone or in the SetUserPoolMfaConfig call depending
//! on its factors, so a member-by-member merge of the written form would
//! mix the two and lose the operator's mode (or make one nobody chose).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::model::{MfaChoice, PoolDocument};
use crate::update::entries::Part;
use crate::update::Change;

/// `fresh` with every member where `mine` differs from `base` set to
/// `mine`'s, structures walked member by member, maps entry by entry, lists
/// whole; the MFA mode and each factor likewise. `None` if the result is no
/// document.
pub(super) fn rebase(
    base: &PoolDocument,
    mine: &PoolDocument,
    fresh: &PoolDocument,
) -> Option<PoolDocument> {
    let value = |doc: &PoolDocument| serde_json::to_value(doc).ok().map(keyed);
    let (mut mine_value, base_value, fresh_value) = (value(mine), value(base), value(fresh));
    let clashes = take_clashes(
        mine_value.as_mut(),
        base_value.as_ref(),
        fresh_value.as_ref(),
    );
    let merged = merge(base_value.as_ref(), mine_value.as_ref(), fresh_value)?;
    let order = [fresh, mine].map(|d| serde_json::to_value(d).unwrap_or_default());
    let mut merged = unkeyed(merged, &order);
    for (list, entry) in clashes {
        if let Some(Value::Array(entries)) = merged.get_mut(list) {
            entries.push(entry);
        } else {
            merged[list] = Value::Array(vec![entry]);
        }
    }
    let mut doc: PoolDocument = serde_json::from_value(merged).ok()?;
    let choice = merged_choice(base, mine, fresh);
    if MfaChoice::from_document(&doc) != choice {
        choice.apply(&mut doc);
    }
    Some(doc)
}

fn merge(base: Option<&Value>, mine: Option<&Value>, fresh: Option<Value>) -> Option<Value> {
    if base == mine {
        return fresh;
    }
    let empty = serde_json::Map::new();
    match (base, mine, fresh) {
        // A structure (or a list by name) both have, the base had or not:
        // member by member.
        (b, Some(Value::Object(m)), Some(Value::Object(mut f)))
            if b.is_none_or(Value::is_object) =>
        {
            let b = b.and_then(Value::as_object).unwrap_or(&empty);
            let keys: BTreeSet<&String> = b.keys().chain(m.keys()).collect();
            for key in keys {
                let theirs = f.remove(key);
                if let Some(value) = merge(b.get(key), m.get(key), theirs) {
                    f.insert(key.clone(), value);
                }
            }
            Some(Value::Object(f))
        }
        _ => mine.cloned(),
    }
}

/// The document's lists of named entries (app clients, resource servers,
/// groups) with the member each is known by: merged and compared as
/// objects keyed by that name, entry by entry and member by member, so
/// someone else's change to one entry is not taken back by an edit of
/// another (as a list compared whole would).
fn keyed_lists() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    Part::ALL
        .into_iter()
        .filter(|part| part.is_list())
        .map(|part| (part.create().name(), part.key(), part.label()))
}

/// The document's JSON with each list of [`keyed_lists`] as an object by name
/// (a list with an entry without a name, or a name twice, stays a list).
fn keyed(mut value: Value) -> Value {
    for (list, key, _) in keyed_lists() {
        let Some(Value::Array(entries)) = value.get(list) else {
            continue;
        };
        let mut by_name = serde_json::Map::new();
        for entry in entries {
            match entry.get(key).and_then(Value::as_str) {
                Some(name) if !by_name.contains_key(name) => {
                    by_name.insert(name.to_owned(), entry.clone())
                }
                _ => return value,
            };
        }
        value[list] = Value::Object(by_name);
    }
    value
}

/// The entries the operator added that someone else added too, by name
/// (a new client named like one the pool now has): taken out of `mine`, so
/// theirs stays as it is, and put back after it, where the plan refuses
/// the second entry of that name at its name field (never merged into
/// theirs as if it were an edit of it).
fn take_clashes(
    mine: Option<&mut Value>,
    base: Option<&Value>,
    fresh: Option<&Value>,
) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    let Some(mine) = mine else { return out };
    for (list, ..) in keyed_lists() {
        let names = |v: Option<&Value>| -> Vec<String> {
            match v.and_then(|v| v.get(list)) {
                Some(Value::Object(by_name)) => by_name.keys().cloned().collect(),
                _ => Vec::new(),
            }
        };
        let (was, now) = (names(base), names(fresh));
        let Some(Value::Object(by_name)) = mine.get_mut(list) else {
            continue;
        };
        let new_in_both: Vec<String> = by_name
            .keys()
            .filter(|n| !was.contains(n) && now.contains(n))
            .cloned()
            .collect();
        for name in new_in_both {
            if let Some(entry) = by_name.remove(&name) {
                out.push((list, entry));
            }
        }
    }
    out
}

/// [`keyed`] undone: each list in the order of the first of `order` (the
/// pool as it is now: the pool's own first, in its order), then the
/// entries only the others have, in theirs.
fn unkeyed(mut value: Value, order: &[Value]) -> Value {
    for (list, key, _) in keyed_lists() {
        let Some(Value::Object(by_name)) = value.get(list).cloned() else {
            continue;
        };
        let mut names: Vec<String> = Vec::new();
        for doc in order {
            let listed = doc
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            for name in listed.filter_map(|e| e.get(key).and_then(Value::as_str)) {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
        }
        let entries: Vec<Value> = names
            .iter()
            .filter_map(|n| by_name.get(n).cloned())
            .collect();
        value[list] = Value::Array(entries);
    }
    value
}

/// The MFA mode and each factor: the operator's where they changed it,
/// else the pool's as it is now.
fn merged_choice(base: &PoolDocument, mine: &PoolDocument, fresh: &PoolDocument) -> MfaChoice {
    let [b, m, f] = [base, mine, fresh].map(MfaChoice::from_document);
    fn pick<T: PartialEq>(b: T, m: T, f: T) -> T {
        if m != b {
            m
        } else {
            f
        }
    }
    MfaChoice {
        mode: pick(b.mode, m.mode, f.mode),
        sms: pick(b.sms, m.sms, f.sms),
        totp: pick(b.totp, m.totp, f.totp),
        email: pick(b.email, m.email, f.email),
    }
}

/// What someone else changed since the operator's edits began (`base` to
/// the `pool` as it is now, member by member, MFA as mode and factors), and
/// of those the members the `draft` set to another value, each as
/// theirs -> yours (the operator's is kept).
pub(super) fn since(
    base: &PoolDocument,
    draft: &PoolDocument,
    pool: &PoolDocument,
) -> (Vec<Change>, Vec<Change>) {
    let (base, draft, pool) = (comparable(base), comparable(draft), comparable(pool));
    let mut theirs = Vec::new();
    leaves(&mut Vec::new(), Some(&base), Some(&pool), &mut theirs);
    let mut out = (Vec::new(), Vec::new());
    for keys in theirs {
        let at = |v: &Value| keys.iter().try_fold(v, |v, k| v.get(k)).cloned();
        let path = shown_path(&keys);
        let (mut was, mut now, mut mine) = (at(&base), at(&pool), at(&draft));
        // A whole entry added or removed: said by its name, as the diff says
        // a new one (`CreateGroup: late`); one both added is a clash the
        // plan refuses by name, not a member both changed.
        let whole_entry = keys.len() == 2 && keyed_lists().any(|(list, ..)| list == keys[0]);
        if whole_entry {
            let name = |v: Option<Value>| v.map(|_| Value::String(keys[1].clone()));
            (was, now, mine) = (name(was), name(now), name(mine));
        }
        if mine != was && mine != now && !whole_entry {
            out.1.push(Change {
                path: path.clone(),
                before: now.clone(),
                after: mine,
            });
        }
        out.0.push(Change {
            path,
            before: was,
            after: now,
        });
    }
    out
}

/// The document as JSON with its MFA as the wizard shows it: the mode and
/// each factor in SetUserPoolMfaConfig's members, whichever call writes it.
fn comparable(doc: &PoolDocument) -> Value {
    let mut value = keyed(serde_json::to_value(doc).unwrap_or_default());
    let choice = MfaChoice::from_document(doc);
    let mut mfa = match value.get("SetUserPoolMfaConfig") {
        Some(Value::Object(mfa)) => mfa.clone(),
        _ => Default::default(),
    };
    mfa.remove("UserPoolId");
    mfa.insert("MfaConfiguration".into(), json!(choice.mode));
    mfa.insert("SmsMfaConfiguration".into(), json!(choice.sms));
    mfa.insert(
        "SoftwareTokenMfaConfiguration".into(),
        json!({"Enabled": choice.totp}),
    );
    if !choice.email {
        mfa.remove("EmailMfaConfiguration");
    }
    if let Some(Value::Object(create)) = value.get_mut("CreateUserPool") {
        create.remove("MfaConfiguration");
    }
    value["SetUserPoolMfaConfig"] = Value::Object(mfa);
    value
}

/// The key paths where `a` and `b` differ, objects walked member by member.
fn leaves(
    keys: &mut Vec<String>,
    a: Option<&Value>,
    b: Option<&Value>,
    out: &mut Vec<Vec<String>>,
) {
    if a == b {
        return;
    }
    let empty = serde_json::Map::new();
    fn object<'a>(
        v: Option<&'a Value>,
        empty: &'a Map<String, Value>,
    ) -> Option<&'a Map<String, Value>> {
        match v {
            None => Some(empty),
            Some(Value::Object(map)) => Some(map),
            Some(_) => None,
        }
    }
    // Objects member by member.
    // Only a call of the document (a list of named entries the base did
    // not have) opens as empty: inside one, a part or a structure that
    // comes or goes is the change, whole.
    let opens = keys.len() <= 1;
    let (a_map, b_map) = match opens {
        true => (object(a, &empty), object(b, &empty)),
        false => (a.and_then(Value::as_object), b.and_then(Value::as_object)),
    };
    match (a_map, b_map) {
        (Some(a), Some(b)) => {
            let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for name in names {
                keys.push(name.clone());
                leaves(keys, a.get(name), b.get(name), out);
                keys.pop();
            }
        }
        _ => out.push(keys.clone()),
    }
}

/// `Policies.PasswordPolicy.MinimumLength` for the document's
/// `CreateUserPool.Policies...`; the MFA call's members keep its name.
/// A member of a named entry as the diff names it:
/// `UpdateGroup[staff].Description`.
fn shown_path(keys: &[String]) -> String {
    let first = keys.first().map(String::as_str);
    if let Some((_, _, update)) = keyed_lists().find(|(list, ..)| Some(*list) == first) {
        if let [list, name, rest @ ..] = keys {
            return match rest {
                // A whole entry is its create operation (`CreateGroup: late`).
                [] => {
                    let _ = name;
                    list.clone()
                }
                rest => format!("{update}[{name}].{}", rest.join(".")),
            };
        }
    }
    let rest = match first {
        Some("CreateUserPool") => &keys[1..],
        _ => keys,
    };
    rest.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(create: Value) -> PoolDocument {
        PoolDocument::new(serde_json::from_value(create).unwrap())
    }

    /// Someone else's changes stay; the operator's edits go on top, member
    /// by member (a map entry by entry); a member both changed is mine.
    #[test]
    fn a_rebase_keeps_their_changes_and_puts_mine_on_top() {
        let base = doc(json!({
            "PoolName": "p", "DeletionProtection": "ACTIVE",
            "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": false}},
            "UserPoolTags": {"team": "identity", "env": "prod"}
        }));
        let mut mine = base.clone();
        let policy = mine
            .create
            .policies
            .as_mut()
            .unwrap()
            .password_policy
            .as_mut()
            .unwrap();
        policy.minimum_length = Some(16);
        let tags = mine.create.user_pool_tags.as_mut().unwrap();
        tags.insert("owner".into(), "me".into());
        tags.insert("env".into(), "stage".into());
        let fresh = doc(json!({
            "PoolName": "p", "DeletionProtection": "INACTIVE",
            "Policies": {"PasswordPolicy": {"MinimumLength": 14, "RequireSymbols": true}},
            "UserPoolTags": {"team": "platform", "env": "qa"}
        }));
        let rebased = rebase(&base, &mine, &fresh).expect("a document");
        let expected = doc(json!({
            "PoolName": "p", "DeletionProtection": "INACTIVE",
            "Policies": {"PasswordPolicy": {"MinimumLength": 16, "RequireSymbols": true}},
            "UserPoolTags": {"team": "platform", "env": "stage", "owner": "me"}
        }));
        assert_eq!(rebased, expected);
        assert_eq!(rebase(&base, &base, &fresh), Some(fresh));
    }

    fn group(name: &str, description: &str, precedence: i32) -> crate::model::CreateGroupRequest {
        serde_json::from_value(
            json!({"GroupName": name, "Description": description, "Precedence": precedence}),
        )
        .unwrap()
    }

    /// Groups are merged entry by entry, member by member: their change to
    /// one group and to another member of mine stay, my edit goes on top,
    /// a group they added stays (the pool's order first), mine new is kept;
    /// the member both changed is named as the diff names it.
    #[test]
    fn a_rebase_merges_groups_by_name_and_member() {
        let mut base = doc(json!({"PoolName": "p"}));
        base.groups = vec![group("staff", "the staff", 3), group("admins", "admins", 1)];
        let mut mine = base.clone();
        mine.groups[1].precedence = Some(7);
        mine.groups[0].description = Some("mine".into());
        mine.groups.push(group("new", "mine new", 9));
        let mut fresh = base.clone();
        fresh.groups[0].description = Some("theirs".into());
        fresh.groups[1].description = Some("theirs too".into());
        fresh.groups.insert(0, group("late", "theirs new", 5));
        let rebased = rebase(&base, &mine, &fresh).expect("a document");
        let expected = vec![
            group("late", "theirs new", 5),
            group("staff", "mine", 3),
            group("admins", "theirs too", 7),
            group("new", "mine new", 9),
        ];
        assert_eq!(rebased.groups, expected);
        let (theirs, both) = since(&base, &mine, &fresh);
        let both: Vec<String> = both.iter().map(Change::line).collect();
        assert_eq!(
            both,
            ["UpdateGroup[staff].Description: \"theirs\" -> \"mine\""]
        );
        assert!(
            theirs
                .iter()
                .any(|c| c.path == "UpdateGroup[admins].Description"),
            "{theirs:?}"
        );
    }

    /// A group the operator added that someone else added too, by name:
    /// theirs stays as it is, mine comes after it (the plan then refuses it
    /// at its name), and neither is said as a member both changed.
    #[test]
    fn a_group_both_added_is_kept_twice_never_merged() {
        let base = doc(json!({"PoolName": "p"}));
        let mut mine = base.clone();
        mine.groups.push(group("late", "mine", 9));
        let mut fresh = base.clone();
        fresh.groups.push(group("late", "theirs", 5));
        let rebased = rebase(&base, &mine, &fresh).expect("a document");
        assert_eq!(
            rebased.groups,
            vec![group("late", "theirs", 5), group("late", "mine", 9)]
        );
        let (theirs, both) = since(&base, &mine, &fresh);
        assert!(both.is_empty(), "{both:?}");
        let theirs: Vec<String> = theirs.iter().map(Change::line).collect();
        assert_eq!(theirs, ["CreateGroup: late"]);
    }

    /// A pool with `mode` and these factors (TOTP: the second call).
    fn with_mfa(mode: &str, sms: bool, totp: bool) -> PoolDocument {
        let mut doc = doc(json!({"PoolName": "p"}));
        let choice = MfaChoice {
            mode: mode.into(),
            sms,
            totp,
            email: false,
        };
        choice.apply(&mut doc);
        doc
    }

    /// The operator switched MFA off; someone else disabled TOTP (the mode
    /// now written in CreateUserPool alone): the rebase keeps OFF, and the
    /// mode both changed is named (theirs -> yours).
    #[test]
    fn a_rebase_keeps_the_operators_mfa_mode_whatever_call_writes_it() {
        for loaded in ["OPTIONAL", "ON"] {
            let base = with_mfa(loaded, false, true);
            let mine = with_mfa("OFF", false, false);
            let fresh = with_mfa("OPTIONAL", false, false);
            let rebased = rebase(&base, &mine, &fresh).expect("a document");
            assert_eq!(MfaChoice::from_document(&rebased).mode, "OFF", "{loaded}");
            let (_, both) = since(&base, &mine, &fresh);
            let lines: Vec<String> = both.iter().map(Change::line).collect();
            let named = lines
                .iter()
                .any(|l| l.contains("MfaConfiguration") && l.ends_with("-> \"OFF\""));
            assert_eq!(named, loaded == "ON", "{loaded}: {lines:?}");
        }
        // A factor the operator added goes on the mode someone else chose.
        let base = with_mfa("OPTIONAL", true, false);
        let mine = with_mfa("OPTIONAL", true, true);
        let fresh = with_mfa("ON", true, false);
        let rebased = rebase(&base, &mine, &fresh).expect("a document");
        let choice = MfaChoice::from_document(&rebased);
        assert_eq!(
            (choice.mode.as_str(), choice.sms, choice.totp),
            ("ON", true, true)
        );
    }
}
