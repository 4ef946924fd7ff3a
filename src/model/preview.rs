//! The JSON of each call: the compact form is the exact body the SDK sends, the
//! pretty form (2-space indent) is the same document for people. Secrets are
//! masked for screens and left out of exports unless the operator asks
//! (`TemporaryPassword`, SMS `ExternalId`, a client's `ClientSecret`).

use super::plan::{Call, Operation, Plan};
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

/// The JSON for one call. A call of a plan whose pool id is still to come
/// shows the placeholder there (what the AWS CLI's `--user-pool-id` replaces).
pub fn call_json(call: &Call, layout: Layout, secrets: Secrets) -> String {
    let mut call = call.clone();
    if secrets != Secrets::Reveal {
        hide_secrets(&mut call, secrets);
    }
    if let Some(id) = pool_id_slot(&mut call) {
        id.get_or_insert_with(|| NEW_POOL_ID_PLACEHOLDER.into());
    }
    body(&call, layout)
}

/// The call's request as JSON. The structs are serialized directly (not
/// through `serde_json::Value`, whose maps are sorted) so members keep the
/// API order the SDK writes them in.
fn body(call: &Call, layout: Layout) -> String {
    match call {
        Call::CreateUserPool(r) => to_json(r, layout),
        Call::SetUserPoolMfaConfig(r) => to_json(r, layout),
        Call::AdminCreateUser(r) => to_json(r, layout),
        Call::CreateResourceServer(r) => to_json(r, layout),
        Call::CreateUserPoolClient(r) => to_json(r, layout),
        Call::CreateUserPoolDomain(r) => to_json(r, layout),
        Call::CreateManagedLoginBranding(r) => to_json(r, layout),
        Call::CreateGroup(r) => to_json(r, layout),
    }
}

/// The pool id of a call that runs after CreateUserPool in a plan.
pub fn pool_id_slot(call: &mut Call) -> Option<&mut Option<String>> {
    match call {
        Call::CreateUserPool(_) | Call::AdminCreateUser(_) => None,
        Call::SetUserPoolMfaConfig(r) => Some(&mut r.user_pool_id),
        Call::CreateResourceServer(r) => Some(&mut r.user_pool_id),
        Call::CreateUserPoolClient(r) => Some(&mut r.user_pool_id),
        Call::CreateUserPoolDomain(r) => Some(&mut r.user_pool_id),
        Call::CreateManagedLoginBranding(r) => Some(&mut r.user_pool_id),
        Call::CreateGroup(r) => Some(&mut r.user_pool_id),
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
/// order the calls run: `{"CreateUserPool": {...}, "SetUserPoolMfaConfig":
/// {...}, "CreateUserPoolClient": [{...}, {...}], ...}`, a list for the
/// operations there can be several of, what every entry point of the tool
/// reads back. The later calls go without the pool id, which
/// CreateUserPool's answer provides; a branding style's `ClientId` is the
/// placeholder naming its client.
pub fn plan_document(plan: &Plan, secrets: Secrets) -> String {
    let mut members: Vec<String> = Vec::new();
    for op in Operation::PLAN_ORDER {
        let bodies: Vec<String> = plan
            .calls
            .iter()
            .filter(|call| call.operation() == op)
            .map(|call| {
                let mut call = call.clone();
                if secrets != Secrets::Reveal {
                    hide_secrets(&mut call, secrets);
                }
                body(&call, Layout::Pretty)
            })
            .collect();
        let value = match bodies.as_slice() {
            [] => continue,
            [one] if !op.is_list() => one.clone(),
            many => format!("[\n  {}\n]", many.join(",\n").replace('\n', "\n  ")),
        };
        members.push(format!(
            "  \"{}\": {}",
            op.name(),
            value.replace('\n', "\n  ")
        ));
    }
    format!("{{\n{}\n}}", members.join(",\n"))
}

/// Member names that hold a secret wherever they appear (`TemporaryPassword`,
/// an SMS `ExternalId`, a client's `ClientSecret`): masked on screens and in diffs.
pub fn is_secret_member(name: &str) -> bool {
    matches!(name, "TemporaryPassword" | "ExternalId" | "ClientSecret")
}

/// The files an export writes for the AWS CLI, as (name suffix, contents):
/// the first call under `""` (the name the operator chose), every later call
/// under its CLI command (`create-user-pool-client`, numbered from 2 when
/// there are several: `create-user-pool-client-2`), and, for a plan of
/// several calls, the whole plan document under `plan`.
pub fn export_files(plan: &Plan, secrets: Secrets) -> Vec<(String, String)> {
    let commands: Vec<&str> = plan
        .calls
        .iter()
        .map(|c| c.operation().cli_command())
        .collect();
    let mut files: Vec<(String, String)> = export_suffixes(&commands)
        .into_iter()
        .zip(&plan.calls)
        .map(|(suffix, call)| (suffix, call_json(call, Layout::Pretty, secrets) + "\n"))
        .collect();
    if plan.calls.len() > 1 {
        files.push(("plan".to_owned(), plan_document(plan, secrets) + "\n"));
    }
    files
}

/// The name suffix of each call's file, the calls given by their CLI
/// commands: the first `""` (the name the operator chose), every later one
/// its command, numbered from the second of a kind (`create-group-2`).
pub fn export_suffixes(commands: &[&str]) -> Vec<String> {
    commands
        .iter()
        .enumerate()
        .map(|(i, command)| match i {
            0 => String::new(),
            _ => match commands[..i].iter().filter(|c| *c == command).count() {
                0 => (*command).to_owned(),
                n => format!("{command}-{}", n + 1),
            },
        })
        .collect()
}

/// Whether `suffix` names a file an export writes beside its first one
/// (`NAME.SUFFIX.json`): a call's CLI command, numbered from the second of a
/// kind (`create-group-2`), or `plan`.
pub fn is_export_suffix(suffix: &str) -> bool {
    let command = match suffix.rsplit_once('-') {
        Some((command, n)) if n.parse::<u32>().is_ok_and(|n| n >= 2) => command,
        _ => suffix,
    };
    suffix == "plan"
        || Operation::PLAN_ORDER
            .iter()
            .any(|op| op.cli_command() == command || op.cli_command() == suffix)
        || crate::update::export::CHANGE_COMMANDS.contains(&command)
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
        Call::CreateUserPoolClient(r) => {
            if r.client_secret.is_some() {
                found.push("ClientSecret".to_owned());
            }
        }
        Call::CreateResourceServer(_)
        | Call::CreateUserPoolDomain(_)
        | Call::CreateManagedLoginBranding(_)
        | Call::CreateGroup(_) => {}
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
        Call::CreateUserPoolClient(r) => hide(&mut r.client_secret, secrets),
        Call::CreateResourceServer(_)
        | Call::CreateUserPoolDomain(_)
        | Call::CreateManagedLoginBranding(_)
        | Call::CreateGroup(_) => {}
    }
}
