//! Request files as the headless commands and the wizard's "open a file" read
//! them: detected, and read as each forced operation (`--operation`).
#![no_main]

use cognito_wizard::model::load::load_str;
use cognito_wizard::model::Operation;
use cognito_wizard_fuzz::{exercise_result, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    exercise_result(&load_str(&text, None));
    for forced in Operation::ALL {
        exercise_result(&load_str(&text, Some(forced)));
    }
});
