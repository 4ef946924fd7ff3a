//! A change exported: what the wizard's Review shows, as files to review
//! and replay. Each call's body for the AWS CLI (`aws cognito-idp
//! update-user-pool --cli-input-json file://NAME.json`, later calls beside
//! it, as a new pool's export names them), and the draft as a plan
//! document (`NAME.plan.json`) that `cognito-wizard update-pool
//! --user-pool-id ID NAME.plan.json` reads back: it plans the same calls
//! against the pool as it is then (and carries what it leaves out, a
//! secret left out of the export included).

use super::plan::UpdatePlan;
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
/// under its suffix ([`export_suffixes`]), then the draft under `plan`.
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
    files.push((
        "plan".to_owned(),
        plan_document(&draft.plan(), secrets) + "\n",
    ));
    files
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
    }
}
