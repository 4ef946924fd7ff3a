//! DescribeUserPool output ("clone an existing pool"): the input is the
//! `UserPool` member (or an object holding `UserPool` and, optionally, the
//! GetUserPoolMfaConfig output as `MfaConfig`).
#![no_main]

use cognito_wizard::model::load::{from_described, load_value, DescribedPool};
use cognito_wizard::model::Operation;
use cognito_wizard_fuzz::{exercise_result, text};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_str::<Value>(&text(data)) else {
        return;
    };
    let (user_pool, mfa_config) = match &value {
        Value::Object(o) if o.contains_key("UserPool") => {
            (o["UserPool"].clone(), o.get("MfaConfig").cloned())
        }
        _ => (value.clone(), None),
    };
    let wrapped = json!({ "UserPool": user_pool.clone() });
    exercise_result(&load_value(wrapped.clone(), None));
    exercise_result(&load_value(wrapped, Some(Operation::CreateUserPool)));
    exercise_result(&from_described(&DescribedPool {
        user_pool: user_pool.clone(),
        mfa_config: None,
    }));
    if mfa_config.is_some() {
        exercise_result(&from_described(&DescribedPool {
            user_pool,
            mfa_config,
        }));
    }
});
