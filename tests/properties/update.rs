//! update-pool's core on generated pools and documents: nothing panics, a
//! pool planned against its own description changes nothing and calls
//! nothing, and UpdateUserPool's body carries every current value the
//! document does not change (the reset trap, absent for any input).

use cognito_wizard::model::load::{load_value, DescribedPool, Loaded};
use cognito_wizard::model::PoolDocument;
use cognito_wizard::update::{check, plan_update, LivePool, UpdateCall};
use cognito_wizard::validate::mutability::{mutability, Mutability};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};

use super::{config, mutated, parsed, request_json, valid_doc, DESCRIBED, MFA_CONFIG};

/// A described pool the tool can read (the fixtures, mutated).
fn live_pool() -> impl Strategy<Value = LivePool> {
    (
        mutated(parsed(DESCRIBED)),
        proptest::option::of(mutated(parsed(&[MFA_CONFIG]))),
    )
        .prop_filter_map("readable descriptions only", |(pool, mfa)| {
            let pool = pool.get("UserPool").cloned().unwrap_or(pool);
            LivePool::from_described(&DescribedPool {
                user_pool: pool,
                mfa_config: mfa,
            })
            .ok()
        })
}

fn any_doc() -> impl Strategy<Value = PoolDocument> {
    prop_oneof![
        valid_doc(),
        request_json().prop_filter_map("pool documents only", |v| match load_value(v, None) {
            Ok(outcome) => match outcome.loaded {
                Loaded::Pool(doc) => Some(doc),
                _ => None,
            },
            Err(_) => None,
        }),
    ]
}

/// The live settings as JSON, by top-level member.
fn members(value: &impl serde::Serialize) -> serde_json::Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn a_pool_planned_against_itself_changes_nothing(live in live_pool()) {
        let described = json!({ "UserPool": live_description(&live) });
        let outcome = load_value(described, None);
        prop_assert!(outcome.is_ok(), "the live pool reads back: {outcome:?}");
        let Ok(outcome) = outcome else { unreachable!() };
        let Loaded::Pool(doc) = outcome.loaded else {
            return Err(TestCaseError::fail("not a pool"));
        };
        let plan = plan_update(&live, &doc);
        prop_assert!(plan.changes.is_empty(), "{:?}", plan.diff_lines());
        prop_assert!(plan.calls.is_empty());
    }

    #[test]
    fn update_user_pool_carries_every_value_the_document_leaves(
        live in live_pool(),
        doc in any_doc(),
    ) {
        let plan = plan_update(&live, &doc);
        let _ = check(&plan);
        for line in plan.diff_lines() {
            prop_assert!(line.contains(": ") && line.contains(" -> "), "{line}");
        }
        for refused in &plan.refused {
            prop_assert!(!refused.path.is_empty() && !refused.message.is_empty());
        }
        let written = members(&doc.create);
        let before = members(&live.state.settings);
        // What UpdateUserPool's body is made of, refused or not.
        let target = members(&plan.target.settings);
        for (name, value) in &before {
            if !written.contains_key(name) && name != "MfaConfiguration" {
                prop_assert_eq!(target.get(name), Some(value), "{} kept", name);
            }
        }
        for call in &plan.calls {
            let UpdateCall::UpdateUserPool(body) = call else { continue };
            let sent = members(body);
            for (name, value) in &before {
                let kept = mutability(name) == Mutability::Updatable
                    && !written.contains_key(name)
                    && name != "MfaConfiguration";
                if kept {
                    prop_assert_eq!(sent.get(name), Some(value), "{} was not carried", name);
                }
            }
            prop_assert_eq!(
                sent.get("MfaConfiguration"),
                before.get("MfaConfiguration"),
                "UpdateUserPool keeps the live MFA mode"
            );
        }
    }
}

/// The live settings written back as describe output (what the tool reads).
fn live_description(live: &LivePool) -> Value {
    let mut pool = members(&live.state.settings);
    if let Some(name) = pool.remove("PoolName") {
        pool.insert("Name".into(), name);
    }
    if let Some(Value::Array(schema)) = pool.remove("Schema") {
        let attributes: Vec<Value> = schema
            .into_iter()
            .map(|mut a| {
                if let Some(name) = a["Name"].as_str().map(str::to_owned) {
                    let standard =
                        cognito_wizard::model::values::standard_attribute(&name).is_some();
                    if !standard {
                        a["Name"] = Value::String(format!("custom:{name}"));
                    }
                }
                a
            })
            .collect();
        pool.insert("SchemaAttributes".into(), Value::Array(attributes));
    }
    Value::Object(pool)
}
