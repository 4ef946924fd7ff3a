//! Draft files (the autosave, `--draft FILE`): decoded as the wizard resumes
//! them, then everything the wizard does with the restored document.
#![no_main]

use cognito_wizard::app::draft::{decode, encode, is_draft};
use cognito_wizard_fuzz::{exercise_pool, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let _ = is_draft(&text);
    match decode(&text) {
        Ok(restored) => {
            exercise_pool(&restored.doc);
            // Written again, with its raw text and step, it reads back the same.
            let again = decode(&encode(&restored.doc, &restored.raw, restored.step))
                .expect("a draft the wizard wrote reads back");
            assert_eq!(again.raw, restored.raw);
            assert_eq!(again.step, restored.step);
        }
        Err(message) => assert!(!message.is_empty()),
    }
});
