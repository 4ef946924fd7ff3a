//! Presets: starting points shipped in `assets/presets/`, compiled into the
//! binary so it runs from anywhere.

use serde::Deserialize;

use crate::model::load::{load_str, Loaded};
use crate::model::PoolDocument;

const FILES: &[(&str, &str)] = &[
    (
        "email-totp.json",
        include_str!("../../assets/presets/email-totp.json"),
    ),
    (
        "phone-sms.json",
        include_str!("../../assets/presets/phone-sms.json"),
    ),
    (
        "admin-invite-only.json",
        include_str!("../../assets/presets/admin-invite-only.json"),
    ),
    (
        "minimal.json",
        include_str!("../../assets/presets/minimal.json"),
    ),
];

const INDEX: &str = include_str!("../../assets/presets/index.json");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preset {
    pub file: String,
    pub title: String,
    pub summary: String,
}

/// The presets in display order.
pub fn list() -> Vec<Preset> {
    serde_json::from_str(INDEX).unwrap_or_default()
}

/// A preset's document.
pub fn load(file: &str) -> Result<PoolDocument, String> {
    let text = FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
        .ok_or_else(|| format!("no preset {file}"))?;
    match load_str(text, None).map_err(|e| e.to_string())?.loaded {
        Loaded::Pool(doc) => Ok(doc),
        Loaded::User(_) | Loaded::Mfa(_) | Loaded::Call(_) => {
            Err(format!("preset {file} is not a pool"))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_listed_preset_loads_without_errors() {
        let presets = super::list();
        assert!(presets.len() >= 4);
        for preset in presets {
            let doc = super::load(&preset.file).unwrap();
            let problems = crate::validate::validate_pool(&doc);
            assert!(
                !crate::problem::has_errors(&problems),
                "{}: {problems:?}",
                preset.file
            );
        }
    }
}
