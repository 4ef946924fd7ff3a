//! The JSON of each call: the compact form is the exact body the SDK sends, the
//! pretty form (2-space indent) is the same document for people. Secrets are
//! masked for screens and left out of exports unless the operator asks.

use super::plan::{Call, Plan};
use super::pool::SmsConfiguration;
use super::values::{MASK, NEW_POOL_ID_PLACEHOLDER};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The wire bytes.
    Compact,
    /// Indented for reading, reviewing and committing.
    Pretty,
}

/// What to do with secret members (`TemporaryPassword`, SMS `ExternalId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    /// Show them: what is really sent.
    Reveal,
    /// Replace the value with `********` (screens).
    Mask,
    /// Drop the member (exports without `--include-secrets`).
    Omit,
}

/// The JSON for one call.
pub fn call_json(call: &Call, layout: Layout, secrets: Secrets) -> String {
    let mut call = call.clone();
    if secrets != Secrets::Reveal {
        hide_secrets(&mut call, secrets);
    }
    // Serialize the structs directly (not through `serde_json::Value`, whose
    // maps are sorted) so members keep the API order the SDK writes them in.
    match &mut call {
        Call::CreateUserPool(r) => to_json(r, layout),
        Call::SetUserPoolMfaConfig(r) => {
            if r.user_pool_id.is_none() {
                r.user_pool_id = Some(NEW_POOL_ID_PLACEHOLDER.into());
            }
            to_json(r, layout)
        }
        Call::AdminCreateUser(r) => to_json(r, layout),
    }
}

fn to_json(value: &impl serde::Serialize, layout: Layout) -> String {
    match layout {
        Layout::Compact => serde_json::to_string(value),
        Layout::Pretty => serde_json::to_string_pretty(value),
    }
    .expect("request types always serialize")
}

/// The JSON of every call in the plan, in order.
pub fn plan_json(plan: &Plan, layout: Layout, secrets: Secrets) -> Vec<String> {
    plan.calls
        .iter()
        .map(|call| call_json(call, layout, secrets))
        .collect()
}

/// A plan of several calls as one plan document, pretty, members in the
/// API's order: `{"CreateUserPool": {...}, "SetUserPoolMfaConfig": {...}}`,
/// what every entry point of the tool reads back. The second call goes
/// without the pool id, which CreateUserPool's answer provides.
pub fn plan_document(plan: &Plan, secrets: Secrets) -> String {
    let members: Vec<String> = plan
        .calls
        .iter()
        .map(|call| {
            let mut call = call.clone();
            if secrets != Secrets::Reveal {
                hide_secrets(&mut call, secrets);
            }
            let body = match &call {
                Call::CreateUserPool(r) => to_json(r, Layout::Pretty),
                Call::SetUserPoolMfaConfig(r) => to_json(r, Layout::Pretty),
                Call::AdminCreateUser(r) => to_json(r, Layout::Pretty),
            };
            format!(
                "  \"{}\": {}",
                call.operation().name(),
                body.replace('\n', "\n  ")
            )
        })
        .collect();
    format!("{{\n{}\n}}", members.join(",\n"))
}

/// Member names that hold a secret wherever they appear (`TemporaryPassword`,
/// an SMS `ExternalId`): masked on screens and in diffs.
pub fn is_secret_member(name: &str) -> bool {
    matches!(name, "TemporaryPassword" | "ExternalId")
}

/// The paths of the secret members a call carries (for "left out" notices).
pub fn secret_members(call: &Call) -> Vec<String> {
    let mut found = Vec::new();
    match call {
        Call::AdminCreateUser(r) => {
            if r.temporary_password.is_some() {
                found.push("TemporaryPassword".to_owned());
            }
        }
        Call::CreateUserPool(r) => {
            if let Some(sms) = &r.sms_configuration {
                external_ids(sms, "SmsConfiguration", &mut found);
            }
        }
        Call::SetUserPoolMfaConfig(r) => {
            let sms = r
                .sms_mfa_configuration
                .as_ref()
                .and_then(|s| s.sms_configuration.as_ref());
            if let Some(sms) = sms {
                external_ids(sms, "SmsMfaConfiguration.SmsConfiguration", &mut found);
            }
        }
    }
    found
}

fn external_ids(sms: &SmsConfiguration, at: &str, found: &mut Vec<String>) {
    if sms.external_id.is_some() {
        found.push(format!("{at}.ExternalId"));
    }
    if sms
        .eums_sms
        .as_ref()
        .is_some_and(|e| e.external_id.is_some())
    {
        found.push(format!("{at}.EumsSms.ExternalId"));
    }
}

fn hide(slot: &mut Option<String>, secrets: Secrets) {
    if slot.is_some() {
        *slot = match secrets {
            Secrets::Mask => Some(MASK.into()),
            Secrets::Omit => None,
            Secrets::Reveal => slot.take(),
        };
    }
}

fn hide_in_sms(sms: &mut SmsConfiguration, secrets: Secrets) {
    hide(&mut sms.external_id, secrets);
    if let Some(eums) = &mut sms.eums_sms {
        hide(&mut eums.external_id, secrets);
    }
}

fn hide_secrets(call: &mut Call, secrets: Secrets) {
    match call {
        Call::AdminCreateUser(r) => hide(&mut r.temporary_password, secrets),
        Call::CreateUserPool(r) => {
            if let Some(sms) = &mut r.sms_configuration {
                hide_in_sms(sms, secrets);
            }
        }
        Call::SetUserPoolMfaConfig(r) => {
            if let Some(sms) = r
                .sms_mfa_configuration
                .as_mut()
                .and_then(|s| s.sms_configuration.as_mut())
            {
                hide_in_sms(sms, secrets);
            }
        }
    }
}
