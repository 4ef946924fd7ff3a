//! The diff and plan core, on described pools written out by hand.

use serde_json::{json, Value};

use super::*;
use crate::model::load::{self, DescribedPool, Loaded};
use crate::model::preview::{Layout, Secrets};
use crate::model::PoolDocument;

const ID: &str = "us-east-1_live";

fn described() -> Value {
    json!({
        "Id": ID,
        "Name": "live",
        "Arn": format!("arn:aws:cognito-idp:us-east-1:123456789012:userpool/{ID}"),
        "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": true,
            "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": false,
            "TemporaryPasswordValidityDays": 3}},
        "DeletionProtection": "ACTIVE",
        "LambdaConfig": {"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre"},
        "AutoVerifiedAttributes": ["email"],
        "UsernameAttributes": ["email"],
        "MfaConfiguration": "OFF",
        "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "secret-1"},
        "UserPoolTags": {"team": "identity", "env": "dev"},
        "SchemaAttributes": [
            {"Name": "sub", "AttributeDataType": "String", "Mutable": false, "Required": true},
            {"Name": "custom:team", "AttributeDataType": "String", "Mutable": true, "Required": false,
             "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}}
        ],
        "UsernameConfiguration": {"CaseSensitive": false},
        "UserPoolTier": "ESSENTIALS"
    })
}

fn live_from(pool: Value, mfa: Option<Value>) -> LivePool {
    LivePool::from_described(&DescribedPool {
        user_pool: pool,
        mfa_config: mfa,
    })
    .expect("the description reads")
}

fn live() -> LivePool {
    live_from(described(), Some(json!({"MfaConfiguration": "OFF"})))
}

fn doc(text: Value) -> PoolDocument {
    match load::load_value(text, None).expect("loads").loaded {
        Loaded::Pool(doc) => doc,
        other => panic!("not a pool: {other:?}"),
    }
}

fn operations(plan: &UpdatePlan) -> Vec<&'static str> {
    plan.calls.iter().map(UpdateCall::operation).collect()
}

#[test]
fn the_pool_as_described_is_no_change_and_no_call() {
    let plan = plan_update(&live(), &doc(json!({"UserPool": described()})));
    assert_eq!(plan.diff_lines(), Vec::<String>::new());
    assert!(plan.calls.is_empty() && plan.refused.is_empty());
    let plan = plan_update(&live(), &doc(json!({"PoolName": "live"})));
    assert!(!plan.has_changes() && plan.calls.is_empty());
}

#[test]
fn one_member_changed_sends_update_user_pool_with_every_other_member_carried() {
    let live = live();
    let mut text = described();
    text["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(14);
    let plan = plan_update(&live, &doc(json!({"UserPool": text})));
    assert_eq!(
        plan.diff_lines(),
        ["Policies.PasswordPolicy.MinimumLength: 10 -> 14"]
    );
    assert_eq!(operations(&plan), ["UpdateUserPool"]);
    let UpdateCall::UpdateUserPool(body) = &plan.calls[0] else {
        unreachable!()
    };
    // The full body: the live settings, that one member changed.
    let mut expected = live.state.settings.clone();
    expected
        .policies
        .as_mut()
        .and_then(|p| p.password_policy.as_mut())
        .unwrap()
        .minimum_length = Some(14);
    assert_eq!(
        *body,
        crate::model::update::UpdateUserPoolRequest::carrying(ID, &expected)
    );
    assert_eq!(body.deletion_protection.as_deref(), Some("ACTIVE"));
    assert!(body
        .lambda_config
        .as_ref()
        .is_some_and(|l| l.pre_sign_up.is_some()));
    assert_eq!(body.user_pool_tags.as_ref().map(|t| t.len()), Some(2));
    assert!(check(&plan).is_empty(), "{:?}", check(&plan));
}

#[test]
fn a_partial_file_changes_only_what_it_writes() {
    let plan = plan_update(&live(), &doc(json!({"DeletionProtection": "INACTIVE"})));
    assert_eq!(
        plan.diff_lines(),
        ["DeletionProtection: \"ACTIVE\" -> \"INACTIVE\""]
    );
    let UpdateCall::UpdateUserPool(body) = &plan.calls[0] else {
        unreachable!()
    };
    assert_eq!(body.pool_name.as_deref(), Some("live"));
    assert_eq!(
        body.auto_verified_attributes,
        Some(vec!["email".to_owned()])
    );
}

#[test]
fn a_create_only_member_is_refused_by_name() {
    let plan = plan_update(
        &live(),
        &doc(json!({"UsernameAttributes": ["phone_number"],
                    "UsernameConfiguration": {"CaseSensitive": true}})),
    );
    let refused: Vec<String> = plan.refused.iter().map(|p| p.to_string()).collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused[0].starts_with("UsernameAttributes: "),
        "{refused:?}"
    );
    assert!(
        refused[1].starts_with("UsernameConfiguration.CaseSensitive: "),
        "{refused:?}"
    );
    assert!(refused
        .iter()
        .all(|r| r.contains("needs a new pool: clone it instead")));
    assert!(plan.calls.is_empty());
}

#[test]
fn a_new_custom_attribute_goes_through_add_custom_attributes_only() {
    let plan = plan_update(
        &live(),
        &doc(
            json!({"Schema": [{"Name": "team", "AttributeDataType": "String"},
                               {"Name": "level", "AttributeDataType": "Number", "Mutable": true}]}),
        ),
    );
    assert_eq!(operations(&plan), ["AddCustomAttributes"]);
    assert_eq!(
        plan.calls[0].json(Layout::Compact, Secrets::Reveal),
        format!(
            r#"{{"UserPoolId":"{ID}","CustomAttributes":[{{"Name":"level","AttributeDataType":"Number","Mutable":true}}]}}"#
        )
    );
    let changed = plan_update(
        &live(),
        &doc(json!({"Schema": [{"Name": "team", "AttributeDataType": "Number"}]})),
    );
    assert_eq!(changed.refused.len(), 1);
    assert_eq!(
        changed.refused[0].path,
        "Schema[\"team\"].AttributeDataType"
    );
    assert!(changed.calls.is_empty());
}

#[test]
fn an_mfa_change_is_set_user_pool_mfa_config_with_every_factor() {
    let plan = plan_update(
        &live(),
        &doc(
            json!({"CreateUserPool": {"PoolName": "live", "MfaConfiguration": "OFF"},
                    "SetUserPoolMfaConfig": {"SoftwareTokenMfaConfiguration": {"Enabled": true},
                                             "MfaConfiguration": "OPTIONAL"}}),
        ),
    );
    assert_eq!(
        plan.diff_lines(),
        [
            "MfaConfiguration: \"OFF\" -> \"OPTIONAL\"",
            "SoftwareTokenMfaConfiguration.Enabled: (none) -> true"
        ]
    );
    assert_eq!(operations(&plan), ["SetUserPoolMfaConfig"]);
    assert_eq!(
        plan.calls[0].json(Layout::Compact, Secrets::Reveal),
        format!(
            r#"{{"UserPoolId":"{ID}","SoftwareTokenMfaConfiguration":{{"Enabled":true}},"MfaConfiguration":"OPTIONAL"}}"#
        )
    );
}

#[test]
fn update_user_pool_keeps_the_live_mfa_mode_when_mfa_changes_too() {
    let live = live_from(
        described(),
        Some(json!({"MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": {"Enabled": true}})),
    );
    let plan = plan_update(
        &live,
        &doc(json!({"DeletionProtection": "INACTIVE", "MfaConfiguration": "OFF"})),
    );
    assert_eq!(
        operations(&plan),
        ["UpdateUserPool", "SetUserPoolMfaConfig"]
    );
    let UpdateCall::UpdateUserPool(body) = &plan.calls[0] else {
        unreachable!()
    };
    assert_eq!(body.mfa_configuration.as_deref(), Some("ON"));
    let UpdateCall::SetUserPoolMfaConfig(mfa) = &plan.calls[1] else {
        unreachable!()
    };
    assert_eq!(mfa.mfa_configuration.as_deref(), Some("OFF"));
    assert!(
        mfa.software_token_mfa_configuration.is_some(),
        "factors carried"
    );
}

#[test]
fn tags_alone_are_tag_calls_and_otherwise_ride_in_the_full_body() {
    let plan = plan_update(
        &live(),
        &doc(json!({"UserPoolTags": {"team": "auth", "owner": "me"}})),
    );
    assert_eq!(
        plan.diff_lines(),
        [
            "UserPoolTags[\"env\"]: \"dev\" -> (none)",
            "UserPoolTags[\"owner\"]: (none) -> \"me\"",
            "UserPoolTags[\"team\"]: \"identity\" -> \"auth\""
        ]
    );
    assert_eq!(operations(&plan), ["TagResource", "UntagResource"]);
    let arn = format!("arn:aws:cognito-idp:us-east-1:123456789012:userpool/{ID}");
    assert_eq!(
        plan.calls[0].json(Layout::Compact, Secrets::Reveal),
        format!(r#"{{"ResourceArn":"{arn}","Tags":{{"owner":"me","team":"auth"}}}}"#)
    );
    assert_eq!(
        plan.calls[1].json(Layout::Compact, Secrets::Reveal),
        format!(r#"{{"ResourceArn":"{arn}","TagKeys":["env"]}}"#)
    );
    let both = plan_update(
        &live(),
        &doc(json!({"UserPoolTags": {"team": "auth"}, "DeletionProtection": "INACTIVE"})),
    );
    assert_eq!(operations(&both), ["UpdateUserPool"]);
}

#[test]
fn secrets_are_masked_in_the_diff() {
    let plan = plan_update(
        &live(),
        &doc(
            json!({"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms",
                                          "ExternalId": "secret-2"}}),
        ),
    );
    assert_eq!(
        plan.diff_lines(),
        ["SmsConfiguration.ExternalId: ******** -> ********"]
    );
    let shown = plan.calls[0].json(Layout::Pretty, Secrets::Mask);
    assert!(!shown.contains("secret-"), "{shown}");
}

#[test]
fn a_setting_the_sdk_cannot_send_blocks_every_change() {
    let mut pool = described();
    pool["DcrConfiguration"] = json!({});
    let live = live_from(pool, None);
    let plan = plan_update(&live, &doc(json!({"DeletionProtection": "INACTIVE"})));
    assert_eq!(plan.refused.len(), 1);
    assert_eq!(plan.refused[0].path, "DcrConfiguration");
    assert!(plan.calls.is_empty());
    // With nothing to change, nothing is at risk.
    assert!(plan_update(&live, &doc(json!({"PoolName": "live"})))
        .refused
        .is_empty());
}

#[test]
fn verify_names_a_member_that_did_not_take_the_value_sent() {
    let live = live();
    let plan = plan_update(&live, &doc(json!({"DeletionProtection": "INACTIVE"})));
    assert!(apply::verify(&plan.target, &plan.target).is_empty());
    let missed = apply::verify(&plan.target, &live.state);
    let lines: Vec<String> = missed.iter().map(Change::not_taken_line).collect();
    assert_eq!(
        lines,
        ["DeletionProtection: should be \"INACTIVE\", the pool has \"ACTIVE\""]
    );
}

#[test]
fn an_invalid_value_is_an_error_naming_the_member() {
    let plan = plan_update(&live(), &doc(json!({"DeletionProtection": "SOMETIMES"})));
    let problems = check(&plan);
    assert!(
        problems
            .iter()
            .any(|p| p.path == "DeletionProtection" && p.is_error()),
        "{problems:?}"
    );
}

#[test]
fn turning_mfa_on_with_sms_settings_sets_the_sms_factor() {
    let plan = plan_update(
        &live(),
        &doc(json!({"MfaConfiguration": "ON", "SmsAuthenticationMessage": "Code {####}"})),
    );
    assert_eq!(
        operations(&plan),
        ["UpdateUserPool", "SetUserPoolMfaConfig"]
    );
    let UpdateCall::SetUserPoolMfaConfig(mfa) = &plan.calls[1] else {
        unreachable!()
    };
    let sms = mfa.sms_mfa_configuration.as_ref().expect("the SMS factor");
    assert_eq!(
        sms.sms_authentication_message.as_deref(),
        Some("Code {####}")
    );
    assert_eq!(
        sms.sms_configuration
            .as_ref()
            .map(|c| c.sns_caller_arn.as_str()),
        Some("arn:aws:iam::123456789012:role/sms")
    );
    assert_eq!(mfa.mfa_configuration.as_deref(), Some("ON"));
    assert!(check(&plan).is_empty(), "{:?}", check(&plan));
}

/// A file as `update-pool` reads it: the document and what it writes.
fn file(text: Value) -> (PoolDocument, Option<crate::model::written::Written>) {
    let outcome = load::load_value(text, None).expect("loads");
    match outcome.loaded {
        Loaded::Pool(doc) => (doc, outcome.written),
        other => panic!("not a pool: {other:?}"),
    }
}

fn plan_file(live: &LivePool, text: Value) -> UpdatePlan {
    let (doc, written) = file(text);
    plan_update_written(live, &doc, written.as_ref())
}

/// The reset trap inside a structure: a policy written with one member
/// changes that member; the SDK's `false`/`0` for the members the file left
/// out are not wishes, the pool's values are carried.
#[test]
fn a_partial_structure_changes_only_the_members_it_writes() {
    let live = live();
    let plan = plan_file(
        &live,
        json!({"DeletionProtection": "INACTIVE",
               "Policies": {"PasswordPolicy": {"MinimumLength": 14}}}),
    );
    let mut lines = plan.diff_lines();
    lines.sort();
    assert_eq!(
        lines,
        [
            "DeletionProtection: \"ACTIVE\" -> \"INACTIVE\"",
            "Policies.PasswordPolicy.MinimumLength: 10 -> 14",
        ]
    );
    let UpdateCall::UpdateUserPool(body) = &plan.calls[0] else {
        unreachable!()
    };
    let mut expected = live.state.settings.clone();
    expected.deletion_protection = Some("INACTIVE".into());
    if let Some(policy) = expected
        .policies
        .as_mut()
        .and_then(|p| p.password_policy.as_mut())
    {
        policy.minimum_length = Some(14);
    }
    assert_eq!(
        *body,
        crate::model::update::UpdateUserPoolRequest::carrying(ID, &expected)
    );
    assert!(
        plan.carries("Policies.PasswordPolicy.RequireUppercase"),
        "{:?}",
        plan.carried
    );
    assert!(plan.carries("Policies.PasswordPolicy.TemporaryPasswordValidityDays"));
    assert!(!plan.carries("Policies.PasswordPolicy.MinimumLength"));
    assert!(!plan.carries("DeletionProtection"));
    // The wizard's whole draft (no `written`) is read as before.
    let (doc, _) = file(json!({"Policies": {"PasswordPolicy": {"MinimumLength": 14}}}));
    assert!(plan_update(&live, &doc)
        .diff_lines()
        .contains(&"Policies.PasswordPolicy.RequireUppercase: true -> false".to_owned()));
}

/// Structures are walked at any depth (a trigger left out stays, a secret
/// left out stays); a map or a list the file writes is its value, whole.
#[test]
fn structures_merge_member_by_member_and_lists_and_maps_are_whole() {
    let live = live();
    let post = "arn:aws:lambda:us-east-1:123456789012:function:post";
    let plan = plan_file(
        &live,
        json!({"LambdaConfig": {"PostConfirmation": post},
               "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms"},
               "AutoVerifiedAttributes": ["phone_number"],
               "UserPoolTags": {"team": "identity"}}),
    );
    assert_eq!(
        plan.diff_lines(),
        [
            format!("LambdaConfig.PostConfirmation: (none) -> \"{post}\"").as_str(),
            "AutoVerifiedAttributes: [\"email\"] -> [\"phone_number\"]",
            "UserPoolTags[\"env\"]: \"dev\" -> (none)",
        ]
    );
    let UpdateCall::UpdateUserPool(body) = &plan.calls[0] else {
        unreachable!()
    };
    let lambda = body.lambda_config.as_ref().expect("triggers");
    assert!(lambda.pre_sign_up.is_some(), "the trigger left out stays");
    let sms = body.sms_configuration.as_ref().expect("SMS settings");
    assert_eq!(sms.external_id.as_deref(), Some("secret-1"));
}

/// A plan document's SetUserPoolMfaConfig is merged the same way: a factor
/// it leaves out keeps the pool's.
#[test]
fn a_plan_document_mfa_call_keeps_the_factors_it_leaves_out() {
    let live = live_from(
        described(),
        Some(json!({"MfaConfiguration": "OPTIONAL",
                    "SoftwareTokenMfaConfiguration": {"Enabled": true},
                    "EmailMfaConfiguration": {"Message": "Code {####}", "Subject": "Your code"}})),
    );
    let plan = plan_file(
        &live,
        json!({"CreateUserPool": {},
               "SetUserPoolMfaConfig": {"MfaConfiguration": "ON",
                                        "EmailMfaConfiguration": {"Subject": "Sign-in code"}}}),
    );
    assert_eq!(
        plan.diff_lines(),
        [
            "MfaConfiguration: \"OPTIONAL\" -> \"ON\"",
            "EmailMfaConfiguration.Subject: \"Your code\" -> \"Sign-in code\"",
        ]
    );
    let UpdateCall::SetUserPoolMfaConfig(mfa) = &plan.calls[0] else {
        unreachable!()
    };
    assert!(mfa.software_token_mfa_configuration.is_some());
    assert_eq!(
        mfa.email_mfa_configuration
            .as_ref()
            .and_then(|e| e.message.as_deref()),
        Some("Code {####}")
    );
    assert!(plan.carries("SetUserPoolMfaConfig.EmailMfaConfiguration.Message"));
}

/// `"EmailMfaConfiguration": {}` switches email MFA on: a change with no
/// member to name is the structure's, and the check after applying finds a
/// pool without it.
#[test]
fn an_empty_factor_structure_is_a_change_and_its_absence_is_not_taken() {
    let file = json!({"SetUserPoolMfaConfig": {"EmailMfaConfiguration": {}, "MfaConfiguration": "OPTIONAL"},
        "CreateUserPool": {"PoolName": "live"}});
    let plan = plan_update(&live(), &doc(file));
    assert!(
        plan.diff_lines()
            .contains(&"EmailMfaConfiguration: (none) -> {}".to_owned()),
        "{:?}",
        plan.diff_lines()
    );
    assert_eq!(operations(&plan), ["SetUserPoolMfaConfig"]);
    let missed = apply::verify(&plan.target, &live().state);
    let lines: Vec<String> = missed.iter().map(diff::Change::not_taken_line).collect();
    assert!(
        lines.contains(&"EmailMfaConfiguration: should be {}, the pool has (none)".to_owned()),
        "{lines:?}"
    );
}

/// A plan document's app clients, domain and groups, for a pool whose own
/// were not read: each is refused by name (no call at all), never left out
/// of the calls unseen while the rest is sent.
#[test]
fn new_clients_a_domain_and_groups_are_refused_by_name_when_the_pool_s_are_unknown() {
    let plan = plan_file(
        &live(),
        json!({
            "CreateUserPool": {"PoolName": "live", "Policies": {"PasswordPolicy": {"MinimumLength": 16}}},
            "CreateUserPoolClient": [{"ClientName": "web"}],
            "CreateUserPoolDomain": {"Domain": "my-login"},
            "CreateGroup": [{"GroupName": "admins"}]
        }),
    );
    let refused: Vec<String> = plan.refused.iter().map(|p| p.to_string()).collect();
    for (path, name) in [
        ("CreateUserPoolClient", "CreateUserPoolClient \"web\""),
        ("CreateUserPoolDomain", "CreateUserPoolDomain \"my-login\""),
        ("CreateGroup", "CreateGroup \"admins\""),
    ] {
        let found = plan.refused.iter().find(|p| p.path == path);
        let problem = found.unwrap_or_else(|| panic!("{path} refused: {refused:?}"));
        assert!(
            problem.is_error() && problem.message.contains(name),
            "{problem}"
        );
    }
    assert!(
        plan.calls.is_empty(),
        "nothing is sent: {:?}",
        operations(&plan)
    );
}

/// A pool describing UnusedAccountValidityDays beside
/// TemporaryPasswordValidityDays: the UpdateUserPool body sends 0 for it
/// (the SDK always sends it; Cognito refuses both), and the plan says so,
/// as no diff line shows it; a change that sends no AdminCreateUserConfig
/// says nothing.
#[test]
fn unused_account_validity_days_sent_as_zero_is_said() {
    let mut pool = described();
    pool["AdminCreateUserConfig"] =
        json!({"AllowAdminCreateUserOnly": true, "UnusedAccountValidityDays": 3});
    let both = live_from(pool, None);
    let plan = plan_file(&both, json!({"DeletionProtection": "INACTIVE"}));
    let body = plan.calls[0].json(Layout::Compact, Secrets::Reveal);
    assert!(body.contains("\"UnusedAccountValidityDays\":0"), "{body}");
    let said: Vec<String> = check(&plan).iter().map(|p| p.to_string()).collect();
    assert!(
        said.iter()
            .any(|p| p.contains("UnusedAccountValidityDays") && p.contains("sent as 0")),
        "{said:?}"
    );
    let plain = plan_file(&live(), json!({"DeletionProtection": "INACTIVE"}));
    assert!(plain.notes.is_empty(), "{:?}", plain.notes);
}
