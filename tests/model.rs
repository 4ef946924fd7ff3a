//! The pure model area, end to end: loading request files, validating them
//! against the API's rules, and previewing the calls they make.
//!
//! Every problem is asserted by its exact API path and a meaningful part of its
//! message; every rule has at least one failing and one passing case.

#[path = "model/plan.rs"]
mod plan;
#[path = "model/service_model.rs"]
mod service_model;
#[path = "model/sign_in_rules.rs"]
mod sign_in_rules;

use cognito_wizard::model::load::{self, DescribedPool, InputKind, LoadError, Loaded};
use cognito_wizard::model::plan::{Call, Operation};
use cognito_wizard::model::preview::{self, Layout, Secrets};
use cognito_wizard::model::values::{MASK, NEW_POOL_ID_PLACEHOLDER};
use cognito_wizard::model::{
    AdminCreateUserRequest, CreateUserPoolRequest, MfaChoice, PoolDocument,
    SetUserPoolMfaConfigRequest,
};
use cognito_wizard::problem::{has_errors, Problem, Severity};
use cognito_wizard::validate::password::default_policy;
use cognito_wizard::validate::{validate_pool, validate_user, PoolFacts};
use serde_json::{json, Value};

const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:hook";
const OTHER_LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:other";
const ROLE: &str = "arn:aws:iam::123456789012:role/sms-role";
const KMS: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab";
const SES: &str = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com";
const POOL_ID: &str = "us-east-1_AbC123";

const DESCRIBE_MINIMAL: &str = include_str!("fixtures/describe-user-pool-minimal.json");
const DESCRIBE_EMAIL_USERNAME: &str =
    include_str!("fixtures/describe-user-pool-email-username.json");

// ---------------------------------------------------------------------------
// Helpers: building requests, loading, validating, asserting.
// ---------------------------------------------------------------------------

/// One step of a concrete API path: `Schema[0].Name`, `UserPoolTags["env"]`.
enum Step {
    Member(String),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("[\"") {
            let end = r.find("\"]").expect("a map key ends with \"]");
            out.push(Step::Member(r[..end].to_owned()));
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').expect("an index ends with ]");
            out.push(Step::Index(r[..end].parse().expect("a numeric index")));
            rest = &r[end + 1..];
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            out.push(Step::Member(rest[..end].to_owned()));
            rest = &rest[end..];
        }
    }
    out
}

/// Sets the value at a concrete API path, creating objects and lists on the way.
fn put(root: &mut Value, path: &str, value: Value) {
    let mut slot = root;
    for step in steps(path) {
        slot = match step {
            Step::Member(name) => {
                if !slot.is_object() {
                    *slot = json!({});
                }
                let object = slot.as_object_mut().expect("just made an object");
                object.entry(name).or_insert(Value::Null)
            }
            Step::Index(i) => {
                if !slot.is_array() {
                    *slot = json!([]);
                }
                let list = slot.as_array_mut().expect("just made a list");
                while list.len() <= i {
                    list.push(json!({}));
                }
                &mut list[i]
            }
        };
    }
    *slot = value;
}

/// `base` with `value` at `path`.
fn with(base: &Value, path: &str, value: Value) -> Value {
    let mut out = base.clone();
    put(&mut out, path, value);
    out
}

fn loaded_pool(outcome: load::LoadOutcome) -> PoolDocument {
    match outcome.loaded {
        Loaded::Pool(doc) => doc,
        other => panic!("expected a pool document, got {other:?}"),
    }
}

fn loaded_user(outcome: load::LoadOutcome) -> AdminCreateUserRequest {
    match outcome.loaded {
        Loaded::User(user) => user,
        other => panic!("expected an AdminCreateUser request, got {other:?}"),
    }
}

/// A `CreateUserPool` request as loaded from a file; `PoolName` is filled in
/// unless given.
fn pool_doc(mut request: Value) -> PoolDocument {
    if let Some(object) = request.as_object_mut() {
        object
            .entry("PoolName")
            .or_insert_with(|| json!("test-pool"));
    }
    let outcome = load::load_value(request, Some(Operation::CreateUserPool)).expect("loads");
    loaded_pool(outcome)
}

fn pool(request: Value) -> Vec<Problem> {
    validate_pool(&pool_doc(request))
}

/// A plan document `{"CreateUserPool": ..., "SetUserPoolMfaConfig": ...}`.
fn plan(document: Value) -> Vec<Problem> {
    let outcome = load::load_value(document, None).expect("loads");
    assert_eq!(outcome.kind, InputKind::PoolPlan);
    validate_pool(&loaded_pool(outcome))
}

/// An `AdminCreateUser` request; `UserPoolId` and `Username` are filled in
/// unless given.
fn user_request(mut request: Value) -> AdminCreateUserRequest {
    if let Some(object) = request.as_object_mut() {
        object.entry("UserPoolId").or_insert_with(|| json!(POOL_ID));
        object.entry("Username").or_insert_with(|| json!("jane"));
    }
    let outcome = load::load_value(request, Some(Operation::AdminCreateUser)).expect("loads");
    loaded_user(outcome)
}

fn user(request: Value) -> Vec<Problem> {
    validate_user(&user_request(request), None)
}

fn user_in(request: Value, facts: &PoolFacts) -> Vec<Problem> {
    validate_user(&user_request(request), Some(facts))
}

fn facts(pool_request: Value) -> PoolFacts {
    PoolFacts::from_request(&pool_doc(pool_request).create)
}

fn show(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {:?} {p}", p.severity))
        .collect::<Vec<_>>()
        .join("\n")
}

#[track_caller]
fn assert_problem(problems: &[Problem], severity: Severity, path: &str, fragment: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.severity == severity && p.path == path && p.message.contains(fragment)),
        "expected {severity:?} at {path} containing {fragment:?}; got:\n{}",
        show(problems)
    );
}

#[track_caller]
fn assert_error(problems: &[Problem], path: &str, fragment: &str) {
    assert_problem(problems, Severity::Error, path, fragment);
}

#[track_caller]
fn assert_warning(problems: &[Problem], path: &str, fragment: &str) {
    assert_problem(problems, Severity::Warning, path, fragment);
}

#[track_caller]
fn assert_no_errors(problems: &[Problem]) {
    assert!(
        !has_errors(problems),
        "expected no errors; got:\n{}",
        show(problems)
    );
}

#[track_caller]
fn assert_no_error_within(problems: &[Problem], path: &str) {
    assert!(
        !problems.iter().any(|p| p.is_error() && p.is_within(path)),
        "expected no error at {path}; got:\n{}",
        show(problems)
    );
}

/// For a field of a pool request: each bad value gives an error at `path`
/// containing its fragment; each good value leaves the request error-free.
#[track_caller]
fn check_pool_field(base: &Value, path: &str, bad: &[(Value, &str)], good: &[Value]) {
    assert_no_errors(&pool(base.clone()));
    for (value, fragment) in bad {
        assert_error(&pool(with(base, path, value.clone())), path, fragment);
    }
    for value in good {
        assert_no_errors(&pool(with(base, path, value.clone())));
    }
}

/// The same for an `AdminCreateUser` request checked on its own.
#[track_caller]
fn check_user_field(base: &Value, path: &str, bad: &[(Value, &str)], good: &[Value]) {
    assert_no_errors(&user(base.clone()));
    for (value, fragment) in bad {
        assert_error(&user(with(base, path, value.clone())), path, fragment);
    }
    for value in good {
        assert_no_errors(&user(with(base, path, value.clone())));
    }
}

fn text(n: usize) -> String {
    "a".repeat(n)
}

/// A message of exactly `n` characters that carries `placeholder`.
fn message_with(placeholder: &str, n: usize) -> String {
    format!(
        "{placeholder}{}",
        "a".repeat(n - placeholder.chars().count())
    )
}

fn developer_email() -> Value {
    json!({"EmailConfiguration": {"EmailSendingAccount": "DEVELOPER", "SourceArn": SES}})
}

// ---------------------------------------------------------------------------
// CreateUserPool: single fields.
// ---------------------------------------------------------------------------

#[test]
fn pool_name_is_required() {
    let doc = load::load_value(json!({"DeletionProtection": "ACTIVE"}), None)
        .map(loaded_pool)
        .expect("loads");
    assert_error(&validate_pool(&doc), "PoolName", "is required");
    // `null` is not "absent": the file is refused, naming the member.
    let err = load::load_value(json!({"PoolName": null}), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "PoolName: is null: leave the member out instead"
    );
}

#[test]
fn pool_name_length_and_characters() {
    check_pool_field(
        &json!({}),
        "PoolName",
        &[
            (json!(""), "must not be empty"),
            (
                json!(text(129)),
                "must be at most 128 characters; it has 129",
            ),
            (
                json!("team/pool"),
                "may contain only letters, digits, spaces and _ + = , . @ - (ASCII only); found '/'",
            ),
            (json!("pool\u{1}"), "may contain only"),
            (json!("pööl"), "found 'ö'"),
        ],
        &[json!("a"), json!(text(128)), json!("My pool_1+=,.@-")],
    );
}

#[test]
fn password_policy_and_validity_ranges() {
    let base = json!({});
    for (path, min, max) in [
        ("Policies.PasswordPolicy.MinimumLength", 6, 99),
        ("Policies.PasswordPolicy.PasswordHistorySize", 0, 24),
        (
            "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
            0,
            365,
        ),
        ("AdminCreateUserConfig.UnusedAccountValidityDays", 0, 365),
    ] {
        let expected = format!("must be from {min} to {max}; got");
        check_pool_field(
            &base,
            path,
            &[(json!(min - 1), &expected), (json!(max + 1), &expected)],
            &[json!(min), json!(max)],
        );
    }
}

#[test]
fn temporary_password_days_and_unused_account_days_exclude_each_other() {
    let request = |temporary: i32, unused: i32| {
        json!({
            "Policies": {"PasswordPolicy": {"TemporaryPasswordValidityDays": temporary}},
            "AdminCreateUserConfig": {"UnusedAccountValidityDays": unused}
        })
    };
    assert_error(
        &pool(request(7, 7)),
        "AdminCreateUserConfig.UnusedAccountValidityDays",
        "cannot be set together with Policies.PasswordPolicy.TemporaryPasswordValidityDays",
    );
    assert_no_errors(&pool(request(7, 0)));
    assert_no_errors(&pool(request(0, 7)));
    assert_no_errors(&pool(request(0, 0)));
}

/// Where an enumeration lives and a request in which all its values are fine.
struct EnumCase {
    validate: fn(Value) -> Vec<Problem>,
    base: Value,
    path: &'static str,
    allowed: &'static [&'static str],
}

fn pool_enum(base: Value, path: &'static str, allowed: &'static [&'static str]) -> EnumCase {
    EnumCase {
        validate: pool,
        base,
        path,
        allowed,
    }
}

#[test]
fn every_enumeration_accepts_its_values_and_names_them_when_wrong() {
    let sms = json!({"SmsConfiguration": {"SnsCallerArn": ROLE}});
    let plus = json!({"UserPoolTier": "PLUS"});
    let senders = json!({"LambdaConfig": {"KMSKeyID": KMS}});
    let mfa_plan = json!({
        "CreateUserPool": {"PoolName": "p", "MfaConfiguration": "OFF"},
        "SetUserPoolMfaConfig": {"SoftwareTokenMfaConfiguration": {"Enabled": true}}
    });
    let both_contacts = json!({"UserAttributes": [
        {"Name": "email", "Value": "jane@example.com"},
        {"Name": "phone_number", "Value": "+14155550100"}
    ]});
    let cases = [
        pool_enum(sms, "MfaConfiguration", &["OFF", "ON", "OPTIONAL"]),
        pool_enum(json!({}), "DeletionProtection", &["ACTIVE", "INACTIVE"]),
        pool_enum(
            json!({}),
            "VerificationMessageTemplate.DefaultEmailOption",
            &["CONFIRM_WITH_CODE", "CONFIRM_WITH_LINK"],
        ),
        pool_enum(
            json!({"EmailConfiguration": {"SourceArn": SES}}),
            "EmailConfiguration.EmailSendingAccount",
            &["COGNITO_DEFAULT", "DEVELOPER"],
        ),
        pool_enum(
            plus.clone(),
            "UserPoolAddOns.AdvancedSecurityMode",
            &["OFF", "AUDIT", "ENFORCED"],
        ),
        pool_enum(
            with(&plus, "UserPoolAddOns.AdvancedSecurityMode", json!("AUDIT")),
            "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
            &["AUDIT", "ENFORCED"],
        ),
        pool_enum(json!({}), "UserPoolTier", &["LITE", "ESSENTIALS", "PLUS"]),
        pool_enum(
            json!({"LambdaConfig": {"PreTokenGenerationConfig": {"LambdaArn": LAMBDA}}}),
            "LambdaConfig.PreTokenGenerationConfig.LambdaVersion",
            &["V1_0", "V2_0", "V3_0"],
        ),
        pool_enum(
            with(
                &senders,
                "LambdaConfig.CustomSMSSender.LambdaArn",
                json!(LAMBDA),
            ),
            "LambdaConfig.CustomSMSSender.LambdaVersion",
            &["V1_0"],
        ),
        pool_enum(
            with(
                &senders,
                "LambdaConfig.CustomEmailSender.LambdaArn",
                json!(LAMBDA),
            ),
            "LambdaConfig.CustomEmailSender.LambdaVersion",
            &["V1_0"],
        ),
        pool_enum(
            json!({"LambdaConfig": {"InboundFederation": {"LambdaArn": LAMBDA}}}),
            "LambdaConfig.InboundFederation.LambdaVersion",
            &["V1_0"],
        ),
        pool_enum(
            json!({"Schema": [{"Name": "team"}]}),
            "Schema[0].AttributeDataType",
            &["String", "Number", "DateTime", "Boolean"],
        ),
        pool_enum(
            json!({"AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1}]}}),
            "AccountRecoverySetting.RecoveryMechanisms[0].Name",
            &["verified_email", "verified_phone_number", "admin_only"],
        ),
        pool_enum(
            json!({}),
            "Policies.SignInPolicy.AllowedFirstAuthFactors[0]",
            &["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"],
        ),
        pool_enum(
            json!({}),
            "AutoVerifiedAttributes[0]",
            &["email", "phone_number"],
        ),
        pool_enum(
            json!({}),
            "AliasAttributes[0]",
            &["email", "phone_number", "preferred_username"],
        ),
        pool_enum(
            json!({}),
            "UsernameAttributes[0]",
            &["email", "phone_number"],
        ),
        pool_enum(
            json!({"AutoVerifiedAttributes": ["email", "phone_number"]}),
            "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate[0]",
            &["email", "phone_number"],
        ),
        pool_enum(
            json!({}),
            "KeyConfiguration.KeyType",
            &["AWS_OWNED_KEY", "CUSTOMER_MANAGED_KEY"],
        ),
        pool_enum(
            json!({}),
            "IssuerConfiguration.Type",
            &["ORIGINAL", "UPDATED"],
        ),
        EnumCase {
            validate: plan,
            base: mfa_plan.clone(),
            path: "SetUserPoolMfaConfig.MfaConfiguration",
            allowed: &["OFF", "ON", "OPTIONAL"],
        },
        EnumCase {
            validate: plan,
            base: mfa_plan.clone(),
            path: "SetUserPoolMfaConfig.WebAuthnConfiguration.UserVerification",
            allowed: &["required", "preferred"],
        },
        EnumCase {
            validate: plan,
            base: mfa_plan,
            path: "SetUserPoolMfaConfig.WebAuthnConfiguration.FactorConfiguration",
            allowed: &["SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"],
        },
        EnumCase {
            validate: user,
            base: json!({}),
            path: "MessageAction",
            allowed: &["RESEND", "SUPPRESS"],
        },
        EnumCase {
            validate: user,
            base: both_contacts,
            path: "DesiredDeliveryMediums[0]",
            allowed: &["EMAIL", "SMS"],
        },
    ];
    for case in cases {
        let validate = case.validate;
        for value in case.allowed {
            let problems = validate(with(&case.base, case.path, json!(value)));
            assert!(
                !has_errors(&problems),
                "{} = {value} should be fine; got:\n{}",
                case.path,
                show(&problems)
            );
        }
        // The message lists the model's values, in the model's order.
        let listed = "must be one of ";
        let wrong = validate(with(&case.base, case.path, json!("BOGUS")));
        assert_error(&wrong, case.path, "; got \"BOGUS\"");
        for value in case.allowed {
            assert_error(&wrong, case.path, value);
        }
        // Enumerations are case-sensitive: the service refuses `on` for `ON`.
        let lower = case.allowed[0].to_lowercase();
        if lower != case.allowed[0] {
            assert_error(
                &validate(with(&case.base, case.path, json!(lower))),
                case.path,
                listed,
            );
        }
    }
}

#[test]
fn required_members_missing_from_a_file_are_named_not_filled_in() {
    // The SDK would send these as "" once their structure exists; a file that
    // leaves them out is refused instead of loading a value nobody wrote.
    let cases = [
        (
            json!({"UserPoolAddOns": {}}),
            "UserPoolAddOns.AdvancedSecurityMode",
        ),
        (
            json!({"LambdaConfig": {"KMSKeyID": KMS, "CustomSMSSender": {"LambdaArn": LAMBDA}}}),
            "LambdaConfig.CustomSMSSender.LambdaVersion",
        ),
        (
            json!({"AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1}]}}),
            "AccountRecoverySetting.RecoveryMechanisms[0].Name",
        ),
        (
            json!({"UsernameConfiguration": {}}),
            "UsernameConfiguration.CaseSensitive",
        ),
    ];
    for (mut request, path) in cases {
        request["PoolName"] = json!("p");
        let err = load::load_value(request, Some(Operation::CreateUserPool)).unwrap_err();
        assert_eq!(err.to_string(), format!("{path}: is required"));
    }
    // Written as "", an always-sent enumeration says what it takes.
    let problems = pool(json!({"UserPoolAddOns": {"AdvancedSecurityMode": ""}}));
    assert_error(
        &problems,
        "UserPoolAddOns.AdvancedSecurityMode",
        "is required: one of OFF, AUDIT, ENFORCED",
    );
}

#[test]
fn lists_of_enumerations_refuse_duplicates_and_count_their_entries() {
    check_pool_field(
        &json!({}),
        "Policies.SignInPolicy.AllowedFirstAuthFactors",
        &[
            (json!([]), "must have 1 to 5 entries; it has 0"),
            (
                json!([
                    "PASSWORD",
                    "EMAIL_OTP",
                    "SMS_OTP",
                    "WEB_AUTHN",
                    "SOFTWARE_TOKEN",
                    "PASSWORD"
                ]),
                "must have 1 to 5 entries; it has 6",
            ),
            (json!(["PASSWORD", "PASSWORD"]), "lists \"PASSWORD\" twice"),
        ],
        &[
            json!(["PASSWORD"]),
            json!(["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]),
        ],
    );
    check_pool_field(
        &json!({}),
        "AutoVerifiedAttributes",
        &[(json!(["email", "email"]), "lists \"email\" twice")],
        &[json!(["email", "phone_number"])],
    );
}

// ---------------------------------------------------------------------------
// ARNs and other formatted strings.
// ---------------------------------------------------------------------------

#[test]
fn every_arn_member_checks_the_pattern_and_the_length() {
    let base = json!({
        "LambdaConfig": {
            "KMSKeyID": KMS,
            "PreTokenGenerationConfig": {"LambdaVersion": "V1_0", "LambdaArn": LAMBDA},
            "CustomSMSSender": {"LambdaVersion": "V1_0", "LambdaArn": LAMBDA},
            "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": LAMBDA},
            "InboundFederation": {"LambdaVersion": "V1_0", "LambdaArn": LAMBDA}
        },
        "EmailConfiguration": {"SourceArn": SES},
        "SmsConfiguration": {"EumsSms": {"CallerArn": ROLE}},
        "KeyConfiguration": {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": KMS}
    });
    let paths = [
        "LambdaConfig.PreSignUp",
        "LambdaConfig.CustomMessage",
        "LambdaConfig.PostConfirmation",
        "LambdaConfig.PreAuthentication",
        "LambdaConfig.PostAuthentication",
        "LambdaConfig.DefineAuthChallenge",
        "LambdaConfig.CreateAuthChallenge",
        "LambdaConfig.VerifyAuthChallengeResponse",
        "LambdaConfig.PreTokenGeneration",
        "LambdaConfig.UserMigration",
        "LambdaConfig.PreTokenGenerationConfig.LambdaArn",
        "LambdaConfig.CustomSMSSender.LambdaArn",
        "LambdaConfig.CustomEmailSender.LambdaArn",
        "LambdaConfig.InboundFederation.LambdaArn",
        "LambdaConfig.KMSKeyID",
        "EmailConfiguration.SourceArn",
        "SmsConfiguration.EumsSms.CallerArn",
        "KeyConfiguration.KmsKeyArn",
    ];
    let too_long = format!(
        "arn:aws:lambda:us-east-1:123456789012:function:{}",
        text(2048)
    );
    let longest = format!(
        "arn:aws:lambda:us-east-1:123456789012:function:{}",
        text(2048 - 47)
    );
    assert_eq!(longest.len(), 2048);
    for path in paths {
        // The legacy pre-token trigger must name the same function as the
        // versioned one, so it is tried on its own.
        let mut base = base.clone();
        if path == "LambdaConfig.PreTokenGeneration" {
            base["LambdaConfig"]
                .as_object_mut()
                .expect("an object")
                .remove("PreTokenGenerationConfig");
        }
        check_pool_field(
            &base,
            path,
            &[
                (json!("not-an-arn-at-all-really"), "must be an ARN like"),
                (
                    json!("arn:aws:iam::accountid:role/sms"),
                    "must be an ARN like",
                ),
                (
                    json!("arn:aws:iam::123456789012:role/a b"),
                    "must be an ARN like",
                ),
                // Fits the pattern but is shorter than 20 characters.
                (
                    json!("arn:aws:s::1:r"),
                    "must be at least 20 characters; it has 14",
                ),
                (json!(too_long), "must be at most 2048 characters"),
                (json!(""), "must not be empty"),
            ],
            &[json!(LAMBDA), json!(longest)],
        );
    }
}

#[test]
fn sms_configuration_takes_an_sns_role_or_end_user_messaging() {
    // The model makes SnsCallerArn optional; its documentation of EumsSms says
    // "provide either ... SnsCallerArn or this configuration, but not both".
    assert_error(
        &pool(json!({"SmsConfiguration": {}})),
        "SmsConfiguration.SnsCallerArn",
        "is required: an ARN like arn:aws:iam::123456789012:role/name",
    );
    let eums = json!({"CallerArn": ROLE, "OriginationIdentity": "+14155550100"});
    let problems = pool(json!({"SmsConfiguration": {"EumsSms": eums}}));
    assert!(
        !problems
            .iter()
            .any(|p| p.is_error() && p.path.starts_with("SmsConfiguration")),
        "EumsSms alone is enough; got:\n{}",
        show(&problems)
    );
    assert_error(
        &pool(json!({"SmsConfiguration": {"SnsCallerArn": ROLE, "EumsSms": eums}})),
        "SmsConfiguration.EumsSms",
        "not both",
    );
    assert_error(
        &pool(json!({"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/a b"}})),
        "SmsConfiguration.SnsCallerArn",
        "must be an ARN like arn:aws:iam::123456789012:role/name, or nothing",
    );
}

#[test]
fn tags_limit_keys_and_values() {
    let problems = pool(json!({"UserPoolTags": {"": "v"}}));
    assert_error(&problems, "UserPoolTags[\"\"]", "key must not be empty");
    let long_key = text(129);
    assert_error(
        &pool(json!({"UserPoolTags": {long_key.clone(): "v"}})),
        &format!("UserPoolTags[\"{long_key}\"]"),
        "key must be at most 128 characters; it has 129",
    );
    check_pool_field(
        &json!({}),
        "UserPoolTags[\"env\"]",
        &[(
            json!(text(257)),
            "must be at most 256 characters; it has 257",
        )],
        &[json!(""), json!(text(256))],
    );
    assert_no_errors(&pool(json!({"UserPoolTags": {text(128): "v"}})));
}

#[test]
fn email_configuration_formats() {
    check_pool_field(
        &json!({}),
        "EmailConfiguration.ConfigurationSet",
        &[
            (json!(""), "must not be empty"),
            (json!(text(65)), "must be at most 64 characters"),
            (json!("my set"), "may contain only letters, digits, _ and -"),
            (json!("my.set"), "found '.'"),
        ],
        &[json!("my_set-1"), json!(text(64))],
    );
    check_pool_field(
        &json!({}),
        "EmailConfiguration.ReplyToEmailAddress",
        &[
            (
                json!("nobody"),
                "must be an email address like name@example.com",
            ),
            (json!("@example.com"), "must be an email address"),
            (json!("jane@"), "must be an email address"),
            (json!("jane doe@example.com"), "must be an email address"),
        ],
        &[json!("jane@example.com"), json!("x@y")],
    );
}

#[test]
fn sns_region_length() {
    let base = json!({"SmsConfiguration": {"SnsCallerArn": ROLE}});
    check_pool_field(
        &base,
        "SmsConfiguration.SnsRegion",
        &[
            (json!("us-1"), "must be at least 5 characters; it has 4"),
            (json!(text(33)), "must be at most 32 characters; it has 33"),
        ],
        &[json!("us-east-1"), json!(text(5)), json!(text(32))],
    );
}

// ---------------------------------------------------------------------------
// Message templates.
// ---------------------------------------------------------------------------

#[test]
fn sms_templates_need_the_code_and_fit_in_an_sms() {
    for path in [
        "VerificationMessageTemplate.SmsMessage",
        "SmsAuthenticationMessage",
    ] {
        check_pool_field(
            &json!({}),
            path,
            &[
                (json!("{###}"), "must be at least 6 characters; it has 5"),
                (
                    json!(message_with("{####}", 141)),
                    "must be at most 140 characters; it has 141",
                ),
                (
                    json!("Your code is 123456"),
                    "must contain the code placeholder {####}",
                ),
            ],
            &[
                json!("{####}"),
                json!("Your code is {####}"),
                json!(message_with("{####}", 140)),
            ],
        );
    }
}

#[test]
fn email_templates_need_the_code_or_the_link() {
    let developer = developer_email();
    check_pool_field(
        &developer,
        "VerificationMessageTemplate.EmailMessage",
        &[
            (json!("{###}"), "must be at least 6 characters"),
            (
                json!(message_with("{####}", 20001)),
                "must be at most 20000 characters; it has 20001",
            ),
            (
                json!("Your code is 123456"),
                "must contain the code placeholder {####}",
            ),
            (json!("Code {####}\u{7}"), "may contain only text"),
        ],
        &[
            json!("Your code is {####}"),
            json!("Line one\nLine two: {####}\t!"),
            json!(message_with("{####}", 20000)),
        ],
    );
    let by_link = with(
        &developer,
        "VerificationMessageTemplate.DefaultEmailOption",
        json!("CONFIRM_WITH_LINK"),
    );
    check_pool_field(
        &by_link,
        "VerificationMessageTemplate.EmailMessageByLink",
        &[
            (
                json!("Click the link to verify"),
                "must contain a link placeholder such as {##Verify your email##}",
            ),
            (json!("Verify: {## here"), "must contain a link placeholder"),
            (json!("{####"), "must be at least 6 characters"),
        ],
        &[
            json!("Please {##verify your email##}"),
            json!(message_with("{##Verify##}", 20000)),
        ],
    );
}

#[test]
fn email_subjects_are_1_to_140_characters() {
    let developer = developer_email();
    let by_link = with(
        &developer,
        "VerificationMessageTemplate.DefaultEmailOption",
        json!("CONFIRM_WITH_LINK"),
    );
    for (base, path) in [
        (&developer, "VerificationMessageTemplate.EmailSubject"),
        (&by_link, "VerificationMessageTemplate.EmailSubjectByLink"),
        (
            &developer,
            "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
        ),
    ] {
        check_pool_field(
            base,
            path,
            &[
                (json!(""), "must not be empty"),
                (
                    json!(text(141)),
                    "must be at most 140 characters; it has 141",
                ),
                (json!("Hello\u{0}"), "may contain only text"),
            ],
            &[
                json!("Y"),
                json!("Your verification code"),
                json!(text(140)),
            ],
        );
    }
}

#[test]
fn the_default_email_option_decides_which_message_may_be_set() {
    let developer = developer_email();
    let both = |option: Option<&str>| {
        let mut request = with(
            &developer,
            "VerificationMessageTemplate.EmailMessage",
            json!("Code {####}"),
        );
        put(
            &mut request,
            "VerificationMessageTemplate.EmailMessageByLink",
            json!("{##Verify##}"),
        );
        if let Some(option) = option {
            put(
                &mut request,
                "VerificationMessageTemplate.DefaultEmailOption",
                json!(option),
            );
        }
        request
    };
    for option in [None, Some("CONFIRM_WITH_CODE")] {
        let problems = pool(both(option));
        assert_error(
            &problems,
            "VerificationMessageTemplate.EmailMessageByLink",
            "must be empty when DefaultEmailOption is CONFIRM_WITH_CODE",
        );
        assert_no_error_within(&problems, "VerificationMessageTemplate.EmailMessage");
    }
    let problems = pool(both(Some("CONFIRM_WITH_LINK")));
    assert_error(
        &problems,
        "VerificationMessageTemplate.EmailMessage",
        "must be empty when DefaultEmailOption is CONFIRM_WITH_LINK; write it in EmailMessageByLink",
    );
    assert_no_error_within(&problems, "VerificationMessageTemplate.EmailMessageByLink");

    // The subjects follow the same option.
    let subjects = |option: &str| {
        with(
            &developer,
            "VerificationMessageTemplate",
            json!({"DefaultEmailOption": option, "EmailSubject": "Code", "EmailSubjectByLink": "Link",
                   "EmailMessage": "Code {####}", "EmailMessageByLink": "{##Verify##}"}),
        )
    };
    assert_error(
        &pool(subjects("CONFIRM_WITH_CODE")),
        "VerificationMessageTemplate.EmailSubjectByLink",
        "must be empty when DefaultEmailOption is CONFIRM_WITH_CODE (the default); write it in EmailSubject",
    );
    assert_error(
        &pool(subjects("CONFIRM_WITH_LINK")),
        "VerificationMessageTemplate.EmailSubject",
        "must be empty when DefaultEmailOption is CONFIRM_WITH_LINK; write it in EmailSubjectByLink",
    );

    let code_only = with(
        &developer,
        "VerificationMessageTemplate",
        json!({"DefaultEmailOption": "CONFIRM_WITH_CODE", "EmailMessage": "Code {####}"}),
    );
    assert_no_errors(&pool(code_only));
    let link_only = with(
        &developer,
        "VerificationMessageTemplate",
        json!({"DefaultEmailOption": "CONFIRM_WITH_LINK", "EmailMessageByLink": "{##Verify##}"}),
    );
    assert_no_errors(&pool(link_only));
}

#[test]
fn custom_email_messages_need_developer_email_and_developer_needs_a_source() {
    let custom = [
        ("VerificationMessageTemplate.EmailMessage", "Code {####}"),
        ("VerificationMessageTemplate.EmailSubject", "Your code"),
        (
            "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
            "Hi {username}, your password is {####}",
        ),
        (
            "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
            "Welcome",
        ),
    ];
    let cognito_default = json!({"EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"}});
    for (path, value) in custom {
        for base in [json!({}), cognito_default.clone()] {
            assert_error(
                &pool(with(&base, path, json!(value))),
                path,
                "a custom email message needs EmailConfiguration.EmailSendingAccount DEVELOPER",
            );
        }
        assert_no_errors(&pool(with(&developer_email(), path, json!(value))));
    }
    let no_source = json!({"EmailConfiguration": {"EmailSendingAccount": "DEVELOPER"}});
    assert_error(
        &pool(no_source),
        "EmailConfiguration.SourceArn",
        "is required when EmailSendingAccount is DEVELOPER",
    );
}

#[test]
fn invitation_messages_without_placeholders_only_warn() {
    for (base, path) in [
        (
            json!({}),
            "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
        ),
        (
            developer_email(),
            "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
        ),
    ] {
        let neither = pool(with(&base, path, json!("Welcome aboard!")));
        assert_no_errors(&neither);
        assert_warning(&neither, path, "should contain {username} and {####}");

        let no_code = pool(with(&base, path, json!("Welcome {username}!")));
        assert_no_errors(&no_code);
        assert_warning(&no_code, path, "should contain {####}:");

        let no_name = pool(with(&base, path, json!("Your password: {####}")));
        assert_no_errors(&no_name);
        assert_warning(&no_name, path, "should contain {username}:");

        let both = pool(with(&base, path, json!("User {username}, password {####}")));
        assert!(
            !both.iter().any(|p| p.path == path),
            "no problem expected at {path}; got:\n{}",
            show(&both)
        );
    }
    check_pool_field(
        &json!({}),
        "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
        &[
            (json!("Hi!!!"), "must be at least 6 characters; it has 5"),
            (
                json!(message_with("{username}{####}", 141)),
                "must be at most 140 characters",
            ),
        ],
        &[json!(message_with("{username}{####}", 140))],
    );
}

// ---------------------------------------------------------------------------
// Sign-in attributes and the schema.
// ---------------------------------------------------------------------------

#[test]
fn username_attributes_and_alias_attributes_exclude_each_other() {
    assert_error(
        &pool(json!({"UsernameAttributes": ["email"], "AliasAttributes": ["phone_number"]})),
        "AliasAttributes",
        "cannot be used together with UsernameAttributes",
    );
    assert_no_errors(&pool(json!({"UsernameAttributes": ["email"]})));
    assert_no_errors(&pool(json!({"AliasAttributes": ["phone_number"]})));
    assert_no_errors(&pool(
        json!({"UsernameAttributes": [], "AliasAttributes": ["email"]}),
    ));
}

#[test]
fn preferred_username_cannot_be_required_and_an_alias() {
    let schema = |required: bool| {
        json!([
            {"Name": "email", "AttributeDataType": "String", "Required": true},
            {"Name": "preferred_username", "AttributeDataType": "String", "Required": required}
        ])
    };
    assert_error(
        &pool(json!({"AliasAttributes": ["preferred_username"], "Schema": schema(true)})),
        "Schema[1].Required",
        "preferred_username cannot be both required and an alias",
    );
    assert_no_errors(&pool(
        json!({"AliasAttributes": ["preferred_username"], "Schema": schema(false)}),
    ));
    assert_no_errors(&pool(
        json!({"AliasAttributes": ["email"], "Schema": schema(true)}),
    ));
}

fn custom_attribute(i: usize) -> Value {
    json!({"Name": format!("attr{i}"), "AttributeDataType": "String"})
}

#[test]
fn schema_has_1_to_50_entries() {
    let many = |n: usize| Value::Array((0..n).map(custom_attribute).collect());
    check_pool_field(
        &json!({}),
        "Schema",
        &[
            (json!([]), "must have 1 to 50 entries; it has 0"),
            (many(51), "must have 1 to 50 entries; it has 51"),
        ],
        &[many(1), many(50)],
    );
}

#[test]
fn schema_names() {
    let base = json!({"Schema": [{"Name": "team", "AttributeDataType": "String"}]});
    check_pool_field(
        &base,
        "Schema[0].Name",
        &[
            (json!(""), "must not be empty"),
            (json!(text(21)), "must be at most 20 characters; it has 21"),
            (
                json!("my team"),
                "may contain only visible characters, no spaces",
            ),
            (
                json!("custom:team"),
                "write custom attribute names without the custom: prefix",
            ),
        ],
        &[json!("t"), json!(text(20)), json!("Team.Name-1")],
    );
    let twice =
        pool(json!({"Schema": [custom_attribute(1), custom_attribute(2), custom_attribute(1)]}));
    assert_error(&twice, "Schema[2].Name", "attr1 is listed twice");
    assert_no_error_within(&twice, "Schema[1]");
}

#[test]
fn schema_refuses_attributes_cognito_manages() {
    for name in [
        "sub",
        "identities",
        "email_verified",
        "phone_number_verified",
    ] {
        assert_error(
            &pool(json!({"Schema": [{"Name": name, "AttributeDataType": "String"}]})),
            "Schema[0].Name",
            &format!("{name} is managed by Cognito and cannot be configured"),
        );
    }
}

#[test]
fn custom_attributes_cannot_be_required_but_standard_ones_can() {
    assert_error(
        &pool(
            json!({"Schema": [{"Name": "team", "AttributeDataType": "String", "Required": true}]}),
        ),
        "Schema[0].Required",
        "a custom attribute cannot be required",
    );
    assert_no_errors(&pool(
        json!({"Schema": [{"Name": "team", "AttributeDataType": "String", "Required": false}]}),
    ));
    assert_no_errors(&pool(
        json!({"Schema": [{"Name": "given_name", "AttributeDataType": "String", "Required": true}]}),
    ));
}

#[test]
fn standard_attributes_keep_their_types() {
    let entry = |name: &str, data_type: &str| json!({"Schema": [{"Name": name, "AttributeDataType": data_type}]});
    assert_error(
        &pool(entry("email", "Number")),
        "Schema[0].AttributeDataType",
        "email is a standard attribute of type String",
    );
    assert_error(
        &pool(entry("updated_at", "String")),
        "Schema[0].AttributeDataType",
        "updated_at is a standard attribute of type Number",
    );
    assert_error(
        &pool(entry("birthdate", "DateTime")),
        "Schema[0].AttributeDataType",
        "birthdate is a standard attribute of type String",
    );
    assert_no_errors(&pool(entry("email", "String")));
    assert_no_errors(&pool(entry("updated_at", "Number")));
    // A custom attribute may take any type.
    assert_no_errors(&pool(entry("email2", "Number")));
}

#[test]
fn schema_constraints_are_whole_numbers_in_order() {
    let number = json!({"Schema": [{"Name": "age", "AttributeDataType": "Number",
        "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "150"}}]});
    let string = json!({"Schema": [{"Name": "team", "AttributeDataType": "String",
        "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"}}]});
    let whole = "must be a whole number written as a string, like \"10\"";
    check_pool_field(
        &number,
        "Schema[0].NumberAttributeConstraints.MinValue",
        &[(json!("ten"), whole), (json!("1.5"), whole)],
        &[json!("-5"), json!("150")],
    );
    check_pool_field(
        &number,
        "Schema[0].NumberAttributeConstraints.MaxValue",
        &[
            (json!(""), whole),
            (json!("-1"), "must not be less than the minimum (0)"),
        ],
        &[json!("0"), json!("999999")],
    );
    check_pool_field(
        &string,
        "Schema[0].StringAttributeConstraints.MinLength",
        &[(json!("one"), whole), (json!("-1"), "must not be negative")],
        &[json!("0"), json!("64")],
    );
    check_pool_field(
        &string,
        "Schema[0].StringAttributeConstraints.MaxLength",
        &[
            (json!("x"), whole),
            (json!("2049"), "must be at most 2048"),
            (json!("0"), "must not be less than the minimum (1)"),
        ],
        &[json!("1"), json!("2048")],
    );
}

#[test]
fn schema_constraints_match_the_data_type() {
    assert_error(
        &pool(
            json!({"Schema": [{"Name": "team", "AttributeDataType": "String",
            "NumberAttributeConstraints": {"MinValue": "1"}}]}),
        ),
        "Schema[0].NumberAttributeConstraints",
        "applies only to attributes of type Number",
    );
    assert_error(
        &pool(
            json!({"Schema": [{"Name": "age", "AttributeDataType": "Number",
            "StringAttributeConstraints": {"MaxLength": "3"}}]}),
        ),
        "Schema[0].StringAttributeConstraints",
        "applies only to attributes of type String",
    );
}

// ---------------------------------------------------------------------------
// MFA: the create call, the follow-up call, and the wizard's choice.
// ---------------------------------------------------------------------------

fn two_calls(create: Value, mfa: Value) -> Value {
    let mut create = create;
    create
        .as_object_mut()
        .expect("an object")
        .entry("PoolName")
        .or_insert_with(|| json!("test-pool"));
    json!({"CreateUserPool": create, "SetUserPoolMfaConfig": mfa})
}

#[test]
fn mfa_on_in_create_user_pool_needs_sms() {
    for mode in ["ON", "OPTIONAL"] {
        assert_error(
            &pool(json!({"MfaConfiguration": mode})),
            "MfaConfiguration",
            "needs an MFA factor: SMS (add SmsConfiguration), or TOTP / email",
        );
        assert_no_errors(&pool(
            json!({"MfaConfiguration": mode, "SmsConfiguration": {"SnsCallerArn": ROLE}}),
        ));
        assert_error(
            &plan(two_calls(
                json!({"MfaConfiguration": mode}),
                json!({"MfaConfiguration": mode, "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
            )),
            "MfaConfiguration",
            "CreateUserPool can turn MFA on only with SMS",
        );
    }
    assert_no_errors(&pool(json!({"MfaConfiguration": "OFF"})));
}

#[test]
fn the_second_call_needs_a_factor() {
    for mode in ["ON", "OPTIONAL"] {
        for factors in [
            json!({}),
            json!({"SoftwareTokenMfaConfiguration": {"Enabled": false}}),
        ] {
            let mfa = with(&factors, "MfaConfiguration", json!(mode));
            assert_error(
                &plan(two_calls(json!({"MfaConfiguration": "OFF"}), mfa)),
                "SetUserPoolMfaConfig.MfaConfiguration",
                "is ON or OPTIONAL but no factor is enabled",
            );
        }
        assert_no_errors(&plan(two_calls(
            json!({"MfaConfiguration": "OFF"}),
            json!({"MfaConfiguration": mode, "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )));
    }
    assert_no_errors(&plan(two_calls(
        json!({}),
        json!({"MfaConfiguration": "OFF"}),
    )));
}

#[test]
fn email_mfa_needs_a_paid_tier_and_developer_email() {
    let mfa = json!({"MfaConfiguration": "ON", "EmailMfaConfiguration": {}});
    let lite = with(&developer_email(), "UserPoolTier", json!("LITE"));
    let problems = plan(two_calls(lite, mfa.clone()));
    assert_error(
        &problems,
        "SetUserPoolMfaConfig.EmailMfaConfiguration",
        "email MFA needs UserPoolTier ESSENTIALS or PLUS",
    );
    assert_no_error_within(&problems, "EmailConfiguration");

    let problems = plan(two_calls(json!({"UserPoolTier": "PLUS"}), mfa.clone()));
    assert_error(
        &problems,
        "SetUserPoolMfaConfig.EmailMfaConfiguration",
        "email MFA needs EmailConfiguration.EmailSendingAccount DEVELOPER",
    );
    assert!(
        !problems
            .iter()
            .any(|p| p.message.contains("ESSENTIALS or PLUS")),
        "PLUS is enough; got:\n{}",
        show(&problems)
    );

    // ESSENTIALS is the default tier.
    assert_no_errors(&plan(two_calls(developer_email(), mfa.clone())));
    for tier in ["ESSENTIALS", "PLUS"] {
        let create = with(&developer_email(), "UserPoolTier", json!(tier));
        assert_no_errors(&plan(two_calls(create, mfa.clone())));
    }
}

#[test]
fn sms_mfa_in_the_second_call_needs_an_sms_configuration() {
    let mfa = |sms: Value| {
        json!({
            "MfaConfiguration": "OPTIONAL",
            "SmsMfaConfiguration": sms,
            "SoftwareTokenMfaConfiguration": {"Enabled": true}
        })
    };
    assert_error(
        &plan(two_calls(
            json!({}),
            mfa(json!({"SmsAuthenticationMessage": "Code {####}"})),
        )),
        "SetUserPoolMfaConfig.SmsMfaConfiguration.SmsConfiguration",
        "SMS MFA needs an SMS configuration (SnsCallerArn)",
    );
    assert_no_errors(&plan(two_calls(
        json!({}),
        mfa(json!({"SmsConfiguration": {"SnsCallerArn": ROLE}})),
    )));
}

fn choice(mode: &str, sms: bool, totp: bool, email: bool) -> MfaChoice {
    MfaChoice {
        mode: mode.into(),
        sms,
        totp,
        email,
    }
}

fn doc_with_sms() -> PoolDocument {
    pool_doc(json!({
        "SmsConfiguration": {"SnsCallerArn": ROLE, "ExternalId": "shared-secret"},
        "SmsAuthenticationMessage": "Your code {####}"
    }))
}

#[test]
fn mfa_choice_round_trips_through_the_document() {
    let choices = [
        choice("OFF", false, false, false),
        choice("ON", true, false, false),
        choice("OPTIONAL", true, false, false),
        choice("ON", false, true, false),
        choice("OPTIONAL", false, false, true),
        choice("ON", true, true, false),
        choice("OPTIONAL", true, true, true),
    ];
    for wanted in choices {
        let mut doc = doc_with_sms();
        wanted.apply(&mut doc);
        assert_eq!(MfaChoice::from_document(&doc), wanted, "{doc:#?}");
        assert_eq!(doc.mfa.is_some(), wanted.needs_second_call(), "{wanted:?}");
        // The file form loads back to the same document and the same choice.
        let reloaded = loaded_pool(load::load_value(doc.to_file_value(), None).expect("loads"));
        assert_eq!(reloaded, doc);
        assert_eq!(MfaChoice::from_document(&reloaded), wanted);
    }
}

#[test]
fn mfa_choice_writes_literal_calls() {
    let mut doc = doc_with_sms();
    choice("ON", true, false, false).apply(&mut doc);
    assert_eq!(doc.create.mfa_configuration.as_deref(), Some("ON"));
    assert!(doc.mfa.is_none());

    choice("OPTIONAL", true, true, false).apply(&mut doc);
    assert_eq!(doc.create.mfa_configuration.as_deref(), Some("OFF"));
    let mfa = doc.mfa.as_ref().expect("a second call");
    assert_eq!(mfa.mfa_configuration.as_deref(), Some("OPTIONAL"));
    let sms = mfa.sms_mfa_configuration.as_ref().expect("SMS is copied");
    assert_eq!(
        sms.sms_authentication_message.as_deref(),
        Some("Your code {####}")
    );
    assert_eq!(sms.sms_configuration, doc.create.sms_configuration);
    assert!(mfa.email_mfa_configuration.is_none());
    assert_eq!(mfa.user_pool_id, None);

    // An email message written earlier survives a change of mode.
    let mut doc = pool_doc(developer_email());
    choice("ON", false, false, true).apply(&mut doc);
    let email = doc
        .mfa
        .as_mut()
        .and_then(|m| m.email_mfa_configuration.as_mut())
        .expect("email factor");
    email.message = Some("Sign-in code {####}".into());
    choice("OPTIONAL", false, true, true).apply(&mut doc);
    let mfa = doc.mfa.as_ref().expect("a second call");
    assert_eq!(
        mfa.email_mfa_configuration
            .as_ref()
            .and_then(|e| e.message.as_deref()),
        Some("Sign-in code {####}")
    );
    assert_no_errors(&validate_pool(&doc));

    choice("OFF", false, false, false).apply(&mut doc);
    assert!(doc.mfa.is_none());
    assert_eq!(doc.create.mfa_configuration.as_deref(), Some("OFF"));
}

#[test]
fn from_document_reads_a_single_call() {
    let doc = pool_doc(
        json!({"MfaConfiguration": "OPTIONAL", "SmsConfiguration": {"SnsCallerArn": ROLE}}),
    );
    assert_eq!(
        MfaChoice::from_document(&doc),
        choice("OPTIONAL", true, false, false)
    );
    let doc = pool_doc(json!({}));
    assert_eq!(
        MfaChoice::from_document(&doc),
        choice("OFF", false, false, false)
    );
}

#[test]
fn a_plan_creates_the_pool_before_configuring_mfa() {
    let mut doc = doc_with_sms();
    let plan = doc.plan();
    assert_eq!(plan.calls.len(), 1);
    assert_eq!(plan.calls[0].operation(), Operation::CreateUserPool);

    choice("ON", false, true, false).apply(&mut doc);
    doc.mfa.as_mut().expect("a second call").user_pool_id = Some("us-east-1_stale".into());
    let plan = doc.plan();
    let operations: Vec<_> = plan.calls.iter().map(Call::operation).collect();
    assert_eq!(
        operations,
        [Operation::CreateUserPool, Operation::SetUserPoolMfaConfig]
    );
    match &plan.calls[1] {
        Call::SetUserPoolMfaConfig(mfa) => {
            assert_eq!(mfa.user_pool_id, None, "the id comes from the first call");
            assert_eq!(mfa.mfa_configuration.as_deref(), Some("ON"));
        }
        other => panic!("expected SetUserPoolMfaConfig, got {other:?}"),
    }
    match &plan.calls[0] {
        Call::CreateUserPool(create) => assert_eq!(*create, doc.create),
        other => panic!("expected CreateUserPool, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Recovery, threat protection, triggers.
// ---------------------------------------------------------------------------

fn recovery(mechanisms: Value) -> Value {
    json!({"AccountRecoverySetting": {"RecoveryMechanisms": mechanisms}})
}

#[test]
fn account_recovery_mechanisms() {
    let path = "AccountRecoverySetting.RecoveryMechanisms";
    assert_error(
        &pool(recovery(json!([]))),
        path,
        "must have 1 to 2 entries; it has 0",
    );
    assert_error(
        &pool(recovery(json!([
            {"Priority": 1, "Name": "verified_email"},
            {"Priority": 2, "Name": "verified_phone_number"},
            {"Priority": 2, "Name": "admin_only"}
        ]))),
        path,
        "must have 1 to 2 entries; it has 3",
    );
    for priority in [0, 3] {
        assert_error(
            &pool(recovery(
                json!([{"Priority": priority, "Name": "verified_email"}]),
            )),
            "AccountRecoverySetting.RecoveryMechanisms[0].Priority",
            &format!("must be from 1 to 2; got {priority}"),
        );
    }
    assert_error(
        &pool(recovery(json!([
            {"Priority": 1, "Name": "verified_email"},
            {"Priority": 1, "Name": "verified_phone_number"}
        ]))),
        "AccountRecoverySetting.RecoveryMechanisms[1].Priority",
        "priority 1 is used twice",
    );
    assert_error(
        &pool(recovery(json!([
            {"Priority": 1, "Name": "verified_email"},
            {"Priority": 2, "Name": "verified_email"}
        ]))),
        "AccountRecoverySetting.RecoveryMechanisms[1].Name",
        "verified_email is listed twice",
    );
    assert_error(
        &pool(recovery(json!([
            {"Priority": 1, "Name": "admin_only"},
            {"Priority": 2, "Name": "verified_email"}
        ]))),
        path,
        "admin_only must be the only mechanism",
    );
    assert_no_errors(&pool(recovery(
        json!([{"Priority": 1, "Name": "admin_only"}]),
    )));
    assert_no_errors(&pool(recovery(json!([
        {"Priority": 2, "Name": "verified_email"},
        {"Priority": 1, "Name": "verified_phone_number"}
    ]))));
}

#[test]
fn threat_protection_needs_the_plus_tier() {
    let add_ons = |mode: &str, tier: Option<&str>| {
        let mut request = json!({"UserPoolAddOns": {"AdvancedSecurityMode": mode}});
        if let Some(tier) = tier {
            put(&mut request, "UserPoolTier", json!(tier));
        }
        request
    };
    let path = "UserPoolAddOns.AdvancedSecurityMode";
    for mode in ["AUDIT", "ENFORCED"] {
        assert_error(
            &pool(add_ons(mode, None)),
            path,
            "threat protection needs UserPoolTier PLUS; this pool is ESSENTIALS (the default)",
        );
        for tier in ["LITE", "ESSENTIALS"] {
            let problems = pool(add_ons(mode, Some(tier)));
            assert_error(
                &problems,
                path,
                &format!("needs UserPoolTier PLUS; this pool is {tier}"),
            );
            assert!(!problems.iter().any(|p| p.message.contains("(the default)")));
        }
        assert_no_errors(&pool(add_ons(mode, Some("PLUS"))));
    }
    assert_no_errors(&pool(add_ons("OFF", None)));
}

#[test]
fn threat_protection_for_custom_auth_alone_is_reported_where_it_is_set() {
    let path = "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode";
    let request = json!({"UserPoolAddOns": {"AdvancedSecurityMode": "OFF",
        "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "AUDIT"}}});
    let problems = pool(request.clone());
    assert_error(&problems, path, "threat protection needs UserPoolTier PLUS");
    assert_no_error_within(&problems, "UserPoolAddOns.AdvancedSecurityMode");
    assert_no_errors(&pool(with(&request, "UserPoolTier", json!("PLUS"))));
}

#[test]
fn custom_senders_need_a_kms_key() {
    for sender in ["CustomSMSSender", "CustomEmailSender"] {
        let request =
            json!({"LambdaConfig": {sender: {"LambdaVersion": "V1_0", "LambdaArn": LAMBDA}}});
        assert_error(
            &pool(request.clone()),
            "LambdaConfig.KMSKeyID",
            &format!("is required with {sender}"),
        );
        assert_no_errors(&pool(with(&request, "LambdaConfig.KMSKeyID", json!(KMS))));
    }
}

#[test]
fn both_pre_token_generation_members_name_the_same_function() {
    let request = |legacy: &str| {
        json!({"LambdaConfig": {
            "PreTokenGeneration": legacy,
            "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": LAMBDA}
        }})
    };
    assert_error(
        &pool(request(OTHER_LAMBDA)),
        "LambdaConfig.PreTokenGenerationConfig.LambdaArn",
        "must be the same function as LambdaConfig.PreTokenGeneration",
    );
    assert_no_errors(&pool(request(LAMBDA)));
}

#[test]
fn access_token_customization_needs_a_paid_tier() {
    let request = |version: &str, tier: &str| {
        json!({"UserPoolTier": tier, "LambdaConfig": {
            "PreTokenGenerationConfig": {"LambdaVersion": version, "LambdaArn": LAMBDA}}})
    };
    assert_error(
        &pool(request("V2_0", "LITE")),
        "LambdaConfig.PreTokenGenerationConfig.LambdaVersion",
        "need UserPoolTier ESSENTIALS or PLUS",
    );
    assert_no_errors(&pool(request("V1_0", "LITE")));
    assert_no_errors(&pool(request("V3_0", "ESSENTIALS")));
}

// ---------------------------------------------------------------------------
// Create-only settings: warnings, not errors.
// ---------------------------------------------------------------------------

#[test]
fn create_only_settings_warn() {
    let problems = pool(json!({
        "UsernameAttributes": ["email"],
        "UsernameConfiguration": {"CaseSensitive": false},
        "Schema": [
            {"Name": "email", "AttributeDataType": "String", "Required": true},
            {"Name": "team", "AttributeDataType": "String"}
        ]
    }));
    assert_no_errors(&problems);
    let later = "cannot be changed after the pool is created";
    assert_warning(&problems, "Schema", later);
    assert_warning(
        &problems,
        "Schema[0].Required",
        &format!("whether email is required {later}"),
    );
    assert!(!problems.iter().any(|p| p.path == "Schema[1].Required"));
    assert_warning(&problems, "UsernameAttributes", later);
    assert_warning(&problems, "UsernameConfiguration.CaseSensitive", later);

    let aliases = pool(json!({"AliasAttributes": ["email"]}));
    assert_no_errors(&aliases);
    assert_warning(&aliases, "AliasAttributes", later);

    assert!(
        pool(json!({})).is_empty(),
        "a bare pool has nothing to report"
    );
}

#[test]
fn errors_come_before_warnings() {
    let problems = pool(json!({
        "UsernameAttributes": ["email"],
        "AliasAttributes": ["phone_number"],
        "DeletionProtection": "MAYBE"
    }));
    let first_warning = problems
        .iter()
        .position(|p| p.severity == Severity::Warning)
        .expect("warnings");
    assert!(has_errors(&problems));
    assert!(
        problems[first_warning..].iter().all(|p| !p.is_error()),
        "{}",
        show(&problems)
    );
}

// ---------------------------------------------------------------------------
// AdminCreateUser.
// ---------------------------------------------------------------------------

#[test]
fn user_pool_id_is_required_and_shaped_like_a_pool_id() {
    let problems = validate_user(&AdminCreateUserRequest::default(), None);
    assert_error(&problems, "UserPoolId", "is required");
    assert_error(&problems, "Username", "is required");
    check_user_field(
        &json!({}),
        "UserPoolId",
        &[
            (json!(""), "must not be empty"),
            (
                json!(format!("us-east-1_{}", text(46))),
                "must be at most 55 characters; it has 56",
            ),
            (
                json!("us-east-1"),
                "must be a pool id like us-east-1_AbCdEf123",
            ),
            (json!("us-east-1_"), "must be a pool id"),
            (json!("_abc"), "must be a pool id"),
            (json!("us-east-1_ab-c"), "must be a pool id"),
            (json!("us east-1_abc"), "a pool id like us-east-1_AbCdEf123"),
        ],
        &[
            json!(POOL_ID),
            json!("eu-west-2_x"),
            json!(format!("us-east-1_{}", text(45))),
        ],
    );
}

#[test]
fn username_length_and_characters() {
    check_user_field(
        &json!({}),
        "Username",
        &[
            (json!(""), "must not be empty"),
            (
                json!(text(129)),
                "must be at most 128 characters; it has 129",
            ),
            (
                json!("jane doe"),
                "may contain only visible characters, no spaces",
            ),
        ],
        &[
            json!("j"),
            json!(text(128)),
            json!("jane.doe+1@example.com"),
            json!("zoë"),
        ],
    );
}

#[test]
fn user_attribute_names_and_values() {
    let base = json!({"UserAttributes": [{"Name": "custom:team", "Value": "blue"}]});
    check_user_field(
        &base,
        "UserAttributes[0].Name",
        &[
            (json!(""), "must not be empty"),
            (
                json!(format!("custom:{}", text(26))),
                "must be at most 32 characters; it has 33",
            ),
            (
                json!("team"),
                "team is not a standard attribute; custom attributes are named custom:team",
            ),
            (json!("sub"), "sub is set by Cognito"),
        ],
        &[json!("given_name"), json!(format!("custom:{}", text(25)))],
    );
    check_user_field(
        &base,
        "UserAttributes[0].Value",
        &[(
            json!(text(2049)),
            "must be at most 2048 characters; it has 2049",
        )],
        &[json!(""), json!(text(2048))],
    );
    assert_error(
        &user(json!({"UserAttributes": [
            {"Name": "given_name", "Value": "Jane"},
            {"Name": "given_name", "Value": "Janet"}
        ]})),
        "UserAttributes[1].Name",
        "given_name is given twice",
    );
}

#[test]
fn contact_attributes_are_well_formed() {
    let base = json!({"UserAttributes": [
        {"Name": "given_name", "Value": "Jane"},
        {"Name": "phone_number", "Value": "+14155550100"},
        {"Name": "email", "Value": "jane@example.com"},
        {"Name": "email_verified", "Value": "true"}
    ]});
    let e164 = "phone numbers must be in E.164 form: + then country code and number";
    check_user_field(
        &base,
        "UserAttributes[1].Value",
        &[
            (json!("4155550100"), e164),
            (json!("+1 415 555 0100"), e164),
            (json!("+0123456"), e164),
            (json!("+1234567890123456"), e164),
        ],
        &[json!("+447700900123"), json!("+12")],
    );
    check_user_field(
        &base,
        "UserAttributes[2].Value",
        &[
            (
                json!("jane"),
                "must be an email address like name@example.com",
            ),
            (json!("jane@"), "must be an email address"),
        ],
        &[json!("j@x")],
    );
    check_user_field(
        &base,
        "UserAttributes[3].Value",
        &[(json!("yes"), "must be true or false")],
        &[json!("false")],
    );
}

#[test]
fn delivery_mediums_need_their_contact_attribute() {
    for (medium, attribute, value) in [
        ("EMAIL", "email", "jane@example.com"),
        ("SMS", "phone_number", "+14155550100"),
    ] {
        assert_error(
            &user(json!({"DesiredDeliveryMediums": [medium]})),
            "DesiredDeliveryMediums",
            &format!("{medium} delivery needs the {attribute} attribute"),
        );
        assert_no_errors(&user(json!({
            "DesiredDeliveryMediums": [medium],
            "UserAttributes": [{"Name": attribute, "Value": value}]
        })));
    }
    assert_error(
        &user(json!({
            "DesiredDeliveryMediums": ["EMAIL", "EMAIL"],
            "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]
        })),
        "DesiredDeliveryMediums",
        "lists \"EMAIL\" twice",
    );
}

#[test]
fn temporary_password_limits() {
    check_user_field(
        &json!({}),
        "TemporaryPassword",
        &[
            (json!(""), "must not be empty"),
            (
                json!(text(257)),
                "must be at most 256 characters; it has 257",
            ),
            (
                json!("pass word"),
                "may contain only characters other than ASCII white space",
            ),
            (
                json!("pass\tword"),
                "may contain only characters other than ASCII white space",
            ),
        ],
        &[json!("x"), json!(text(256)), json!("Abcdef1!")],
    );
}

#[test]
fn force_alias_creation_without_a_contact_warns() {
    let problems = user(json!({"ForceAliasCreation": true}));
    assert_no_errors(&problems);
    assert_warning(&problems, "ForceAliasCreation", "has no effect");
    let with_email = user(json!({"ForceAliasCreation": true,
        "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]}));
    assert!(with_email.is_empty(), "{}", show(&with_email));
}

#[test]
fn temporary_password_meets_the_pool_policy() {
    let default_pool = facts(json!({}));
    assert_eq!(default_pool.password_policy, default_policy());
    assert_error(
        &user_in(json!({"TemporaryPassword": "abc"}), &default_pool),
        "TemporaryPassword",
        "does not meet the pool's password policy: needs at least 8 characters (it has 3), an uppercase letter, a digit, a symbol",
    );
    assert_no_errors(&user_in(
        json!({"TemporaryPassword": "Abcdef1!"}),
        &default_pool,
    ));

    let custom = facts(json!({"Policies": {"PasswordPolicy": {
        "MinimumLength": 12, "RequireNumbers": true}}}));
    assert_error(
        &user_in(json!({"TemporaryPassword": "Abcdef1!"}), &custom),
        "TemporaryPassword",
        "needs at least 12 characters (it has 8)",
    );
    assert_error(
        &user_in(json!({"TemporaryPassword": "abcdefghijkl"}), &custom),
        "TemporaryPassword",
        "needs a digit",
    );
    // Only what the pool asks for: no uppercase or symbol needed here.
    assert_no_errors(&user_in(
        json!({"TemporaryPassword": "abcdefghijk1"}),
        &custom,
    ));
}

#[test]
fn required_attributes_of_the_pool_must_be_given() {
    let pool_facts = facts(json!({"Schema": [
        {"Name": "email", "AttributeDataType": "String", "Required": true},
        {"Name": "given_name", "AttributeDataType": "String", "Required": true}
    ]}));
    let problems = user_in(
        json!({"UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]}),
        &pool_facts,
    );
    assert_error(&problems, "UserAttributes", "the pool requires given_name");
    assert!(!problems
        .iter()
        .any(|p| p.message.contains("requires email")));
    assert_no_errors(&user_in(
        json!({"UserAttributes": [
            {"Name": "email", "Value": "jane@example.com"},
            {"Name": "given_name", "Value": "Jane"}
        ]}),
        &pool_facts,
    ));
}

#[test]
fn username_must_be_the_sign_in_attribute() {
    let cases = [
        (json!(["email"]), "an email address", "jane@example.com"),
        (
            json!(["phone_number"]),
            "an E.164 phone number",
            "+14155550100",
        ),
        (
            json!(["email", "phone_number"]),
            "an email address or an E.164 phone number",
            "+14155550100",
        ),
    ];
    for (attributes, what, good) in cases {
        let pool_facts = facts(json!({"UsernameAttributes": attributes}));
        assert_error(
            &user_in(json!({"Username": "jane"}), &pool_facts),
            "Username",
            &format!("this pool signs users in with {what} as the username"),
        );
        assert_no_errors(&user_in(json!({"Username": good}), &pool_facts));
    }
    assert_no_errors(&user_in(json!({"Username": "jane"}), &facts(json!({}))));
}

#[test]
fn custom_attributes_must_exist_and_fit_their_type() {
    let pool_facts = facts(json!({"Schema": [
        {"Name": "age", "AttributeDataType": "Number",
         "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "150"}},
        {"Name": "active", "AttributeDataType": "Boolean"},
        {"Name": "team", "AttributeDataType": "String",
         "StringAttributeConstraints": {"MinLength": "2", "MaxLength": "5"}}
    ]}));
    let one = |name: &str, value: &str| {
        user_in(
            json!({"UserAttributes": [{"Name": name, "Value": value}]}),
            &pool_facts,
        )
    };
    let value = "UserAttributes[0].Value";
    assert_error(
        &one("custom:nope", "x"),
        "UserAttributes[0].Name",
        "the pool has no attribute custom:nope",
    );
    assert_error(
        &one("custom:age", "old"),
        value,
        "custom:age: must be a number",
    );
    assert_error(
        &one("custom:age", "200"),
        value,
        "custom:age must be between 0 and 150",
    );
    assert_error(
        &one("custom:active", "yes"),
        value,
        "custom:active: must be true or false",
    );
    assert_error(
        &one("custom:team", "a"),
        value,
        "custom:team: must be at least 2 characters",
    );
    assert_error(
        &one("custom:team", "abcdef"),
        value,
        "custom:team: must be at most 5 characters",
    );
    assert_error(
        &one("updated_at", "yesterday"),
        value,
        "updated_at: must be a number",
    );
    for (name, good) in [
        ("custom:age", "42"),
        ("custom:active", "true"),
        ("custom:team", "blue"),
        ("updated_at", "1700000000"),
    ] {
        assert_no_errors(&one(name, good));
    }
}

#[test]
fn sms_invitation_to_a_pool_without_sms_warns() {
    let request = json!({"DesiredDeliveryMediums": ["SMS"],
        "UserAttributes": [{"Name": "phone_number", "Value": "+14155550100"}]});
    let problems = user_in(request.clone(), &facts(json!({})));
    assert_no_errors(&problems);
    assert_warning(
        &problems,
        "DesiredDeliveryMediums",
        "SMS delivery needs the pool to have an SMS configuration",
    );
    let with_sms = facts(json!({"SmsConfiguration": {"SnsCallerArn": ROLE}}));
    assert!(user_in(request, &with_sms).is_empty());
}

// ---------------------------------------------------------------------------
// Loading.
// ---------------------------------------------------------------------------

#[track_caller]
fn shape_error(text: &str, forced: Option<Operation>) -> (String, String) {
    match load::load_str(text, forced) {
        Err(LoadError::Shape { path, message }) => (path, message),
        Err(LoadError::Invalid(problems)) => {
            (problems[0].path.clone(), problems[0].message.clone())
        }
        other => panic!("expected a shape error, got {other:?}"),
    }
}

/// serde_json keeps the last of two equal keys silently; a request file that
/// says a member twice is refused instead, naming it.
#[test]
fn a_member_written_twice_is_an_error_naming_it() {
    let cases = [
        (r#"{"PoolName": "a", "PoolName": "b"}"#, "PoolName"),
        (
            r#"{"CreateUserPool": {"PoolName": "p",
                "Policies": {"PasswordPolicy": {"MinimumLength": 8, "MinimumLength": 12}}}}"#,
            "Policies.PasswordPolicy.MinimumLength",
        ),
        (
            r#"{"PoolName": "p", "UserPoolTags": {"env": "dev", "env": "prod"}}"#,
            r#"UserPoolTags["env"]"#,
        ),
        (
            r#"{"UserPoolId": "us-east-1_a", "Username": "u", "Username": "v"}"#,
            "Username",
        ),
    ];
    for (text, path) in cases {
        match load::load_str(text, None) {
            Err(LoadError::Shape { path: got, message }) => {
                assert_eq!(got, path, "{text}");
                assert!(message.contains("written twice"), "{message}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn unknown_members_are_errors_naming_the_full_path() {
    let cases = [
        (
            r#"{"PoolNme": "p"}"#,
            "PoolNme",
            "unknown member; did you mean PoolName?",
        ),
        (
            r#"{"PoolName": "p", "Policies": {"PasswordPolicy": {"MinimumLenght": 8}}}"#,
            "Policies.PasswordPolicy.MinimumLenght",
            "did you mean MinimumLength?",
        ),
        (
            r#"{"PoolName": "p", "Schema": [{"Name": "a"}, {"Name": "b", "Mutible": true}]}"#,
            "Schema[1].Mutible",
            "did you mean Mutable?",
        ),
        (
            r#"{"PoolName": "p", "Frobnicate": 1}"#,
            "Frobnicate",
            "unknown member",
        ),
        (
            r#"{"CreateUserPool": {"PoolName": "p", "DeletionProtections": "ACTIVE"}}"#,
            "DeletionProtections",
            "did you mean DeletionProtection?",
        ),
        (
            r#"{"CreateUserPool": {"PoolName": "p"},
                "SetUserPoolMfaConfig": {"SoftwareTokenMfaConfiguration": {"Enable": true}}}"#,
            "SetUserPoolMfaConfig.SoftwareTokenMfaConfiguration.Enable",
            "did you mean Enabled?",
        ),
        (
            r#"{"CreateUserPool": {"PoolName": "p"}, "SetUserPoolMfaConfig": {}, "AdminCreateUser": {}}"#,
            "AdminCreateUser",
            "unknown member",
        ),
        (
            r#"{"UserPool": {"Name": "p", "Shiny": 1}}"#,
            "UserPool.Shiny",
            "unknown member",
        ),
        (
            r#"{"UserPool": {"Name": "p", "Policies": {"PasswordPolicy": {"Shiny": 1}}}}"#,
            "UserPool.Policies.PasswordPolicy.Shiny",
            "unknown member",
        ),
        (
            r#"{"UserPool": {"Name": "p", "SchemaAttributes": [{"Name": "a"}, {"Name": "b", "Shiny": 1}]}}"#,
            "UserPool.SchemaAttributes[1].Shiny",
            "unknown member",
        ),
        (
            r#"{"UserPool": {"Name": "p"}, "ResponseMetadata": {}}"#,
            "ResponseMetadata",
            "unknown member next to UserPool",
        ),
        (
            r#"{"UserPoolId": "us-east-1_a", "Username": "u", "UserAttributes": [{"Nmae": "email"}]}"#,
            "UserAttributes[0].Nmae",
            "did you mean Name?",
        ),
    ];
    for (text, path, fragment) in cases {
        let (got_path, message) = shape_error(text, None);
        assert_eq!(got_path, path, "{text}");
        assert!(message.contains(fragment), "{text}: {message}");
    }
}

#[test]
fn wrong_types_name_the_path() {
    let cases = [
        (r#"{"PoolName": 5}"#, "PoolName", "must be a string"),
        (
            r#"{"PoolName": "p", "Policies": {"PasswordPolicy": {"MinimumLength": "8"}}}"#,
            "Policies.PasswordPolicy.MinimumLength",
            "must be a whole number; found a string (\"8\")",
        ),
        (
            r#"{"PoolName": "p", "Schema": [{"Name": "a", "Mutable": "yes"}]}"#,
            "Schema[0].Mutable",
            "must be true or false",
        ),
        (
            r#"{"PoolName": "p", "AutoVerifiedAttributes": "email"}"#,
            "AutoVerifiedAttributes",
            "must be a list",
        ),
        (
            r#"{"CreateUserPool": {"PoolName": "p"}, "SetUserPoolMfaConfig": {"SoftwareTokenMfaConfiguration": {"Enabled": "true"}}}"#,
            "SetUserPoolMfaConfig.SoftwareTokenMfaConfiguration.Enabled",
            "must be true or false",
        ),
        (
            r#"{"UserPoolId": "us-east-1_a", "Username": "u", "ForceAliasCreation": 1}"#,
            "ForceAliasCreation",
            "must be true or false",
        ),
    ];
    for (text, path, fragment) in cases {
        let (got_path, message) = shape_error(text, None);
        assert_eq!(got_path, path, "{text}");
        assert!(message.contains(fragment), "{text}: {message}");
    }
}

#[test]
fn load_errors_inside_maps_name_the_key_as_validation_does() {
    let cases = [
        (
            r#"{"PoolName": "p", "UserPoolTags": {"env": 1}}"#,
            r#"UserPoolTags["env"]"#,
            "must be a string",
        ),
        (
            r#"{"PoolName": "p", "AcrConfiguration": {"Level1": {"AcrValu": "x"}}}"#,
            r#"AcrConfiguration["Level1"].AcrValu"#,
            "did you mean AcrValue?",
        ),
        (
            r#"{"UserPool": {"Name": "p", "UserPoolTags": {"team.name": false}}}"#,
            r#"UserPool.UserPoolTags["team.name"]"#,
            "must be a string",
        ),
        (
            r#"{"UserPoolId": "us-east-1_a", "Username": "u", "ClientMetadata": {"k": []}}"#,
            r#"ClientMetadata["k"]"#,
            "must be a string",
        ),
    ];
    for (text, path, fragment) in cases {
        let (got_path, message) = shape_error(text, None);
        assert_eq!(got_path, path, "{text}");
        assert!(message.contains(fragment), "{text}: {message}");
    }
    // The same notation as a validation problem at that key.
    assert_error(
        &pool(json!({"UserPoolTags": {"env": text(257)}})),
        r#"UserPoolTags["env"]"#,
        "at most 256",
    );
}

#[test]
fn a_file_that_is_not_an_object_is_refused() {
    let (path, message) = shape_error("[1, 2]", None);
    assert_eq!(path, ".");
    assert!(message.contains("expected a JSON object"), "{message}");
}

#[test]
fn load_errors_become_problems_at_their_path() {
    let error = load::load_str(r#"{"PoolNme": "p"}"#, None).unwrap_err();
    let problem = error.as_problem();
    assert_eq!(problem.path, "PoolNme");
    assert!(problem.is_error());
    assert_eq!(
        problem.to_string(),
        "PoolNme: unknown member; did you mean PoolName?"
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    let error =
        load::load_str("{\n  \"PoolName\": \"p\",\n  \"Policies\": {\n}", None).unwrap_err();
    match &error {
        LoadError::Syntax {
            line,
            column,
            message,
        } => {
            assert_eq!((*line, *column), (4, 1));
            assert!(!message.contains(" at line "), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("not valid JSON at line 4, column 1: "),
        "{error}"
    );
    match load::load_str("{\"PoolName\": \"p\" \"x\": 1}", None) {
        Err(LoadError::Syntax { line, column, .. }) => assert_eq!((line, column), (1, 18)),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn detects_the_kind_of_file() {
    let kind = |text: &str, forced: Option<Operation>| load::load_str(text, forced).map(|o| o.kind);
    assert_eq!(
        kind(r#"{"PoolName": "p"}"#, None),
        Ok(InputKind::CreateUserPool)
    );
    assert_eq!(
        kind(r#"{"CreateUserPool": {"PoolName": "p"}}"#, None),
        Ok(InputKind::PoolPlan)
    );
    assert_eq!(
        kind(
            r#"{"SetUserPoolMfaConfig": {"MfaConfiguration": "OFF"}}"#,
            None
        ),
        Ok(InputKind::PoolPlan)
    );
    assert_eq!(
        kind(r#"{"UserPool": {"Name": "p"}}"#, None),
        Ok(InputKind::DescribeUserPool)
    );
    assert_eq!(
        kind(
            r#"{"UserPoolId": "us-east-1_a", "Username": "u", "TemporaryPassword": "x"}"#,
            None
        ),
        Ok(InputKind::AdminCreateUser)
    );
    assert_eq!(
        kind(r#"{"Username": "u"}"#, Some(Operation::AdminCreateUser)),
        Ok(InputKind::AdminCreateUser)
    );
    assert_eq!(
        kind(
            r#"{"UserPool": {"Name": "p"}}"#,
            Some(Operation::CreateUserPool)
        ),
        Ok(InputKind::DescribeUserPool)
    );
    // --operation create-user-pool on a two-call plan document reads the plan.
    assert_eq!(
        kind(
            r#"{"CreateUserPool": {"PoolName": "p"}, "SetUserPoolMfaConfig": {"MfaConfiguration": "ON"}}"#,
            Some(Operation::CreateUserPool)
        ),
        Ok(InputKind::PoolPlan)
    );
    assert!(matches!(kind("{}", None), Err(LoadError::Undetectable(_))));
    // A pool request with a stray user member is still a pool request, and
    // the stray member is named.
    let (path, _) = shape_error(
        r#"{"PoolName": "p", "MfaConfiguration": "OFF", "Username": "u"}"#,
        None,
    );
    assert_eq!(path, "Username");
}

fn described(text: &str) -> (PoolDocument, Vec<Problem>) {
    let outcome = load::load_str(text, None).expect("loads");
    assert_eq!(outcome.kind, InputKind::DescribeUserPool);
    let notes = outcome.notes.clone();
    (loaded_pool(outcome), notes)
}

#[test]
fn the_cli_example_describe_output_loads_and_validates() {
    for fixture in [DESCRIBE_MINIMAL, DESCRIBE_EMAIL_USERNAME] {
        let (doc, notes) = described(fixture);
        assert!(notes.iter().all(|n| !n.is_error()), "{}", show(&notes));
        let c = &doc.create;
        assert_eq!(c.pool_name.as_deref(), Some("MyUserPool"));
        assert_eq!(c.mfa_configuration.as_deref(), Some("OFF"));
        // Every described attribute is standard and unchanged, or managed.
        assert_eq!(c.schema, None);
        let policy = c
            .policies
            .as_ref()
            .and_then(|p| p.password_policy.as_ref())
            .expect("password policy kept");
        assert_eq!(policy.minimum_length, Some(8));
        assert!(policy.require_uppercase && policy.require_symbols);
        assert_eq!(
            c.admin_create_user_config
                .as_ref()
                .map(|a| a.unused_account_validity_days),
            Some(7)
        );
        assert!(doc.mfa.is_none());

        let file = doc.to_file_value();
        let object = file.as_object().expect("an object");
        for read_only in [
            "Id",
            "Name",
            "CreationDate",
            "LastModifiedDate",
            "EstimatedNumberOfUsers",
            "SchemaAttributes",
        ] {
            assert!(!object.contains_key(read_only), "{read_only} kept: {file}");
        }

        let problems = validate_pool(&doc);
        assert_no_errors(&problems);
        // The request the clone makes loads again as a plain request.
        let again = pool_doc(file);
        assert_eq!(again, doc);
    }
    let (doc, _) = described(DESCRIBE_EMAIL_USERNAME);
    let problems = validate_pool(&doc);
    assert_warning(&problems, "UsernameAttributes", "cannot be changed");
    assert_eq!(
        doc.create
            .email_configuration
            .as_ref()
            .and_then(|e| e.source_arn.as_deref()),
        Some("arn:aws:ses:us-east-1:111111111111:identity/jane@example.com")
    );
    let user_facts = PoolFacts::from_request(&doc.create);
    assert_eq!(user_facts.username_attributes, ["email"]);
    assert_error(
        &user_in(json!({"Username": "jane"}), &user_facts),
        "Username",
        "an email address",
    );
}

#[test]
fn described_schema_becomes_a_create_schema() {
    let text = r#"{"UserPool": {"Id": "us-east-1_abc", "Name": "clone-me",
        "Arn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc",
        "Status": "Enabled", "Domain": "clone-me", "SmsConfigurationFailure": "x",
        "SchemaAttributes": [
            {"Name": "sub", "AttributeDataType": "String", "Mutable": false, "Required": true,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}},
            {"Name": "identities", "AttributeDataType": "String"},
            {"Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true,
             "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}},
            {"Name": "name", "AttributeDataType": "String", "Mutable": true, "Required": false},
            {"Name": "birthdate", "AttributeDataType": "String", "Mutable": false, "Required": false,
             "StringAttributeConstraints": {"MinLength": "10", "MaxLength": "10"}},
            {"Name": "custom:team", "AttributeDataType": "String", "Mutable": true,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "32"}},
            {"Name": "dev:custom:score", "AttributeDataType": "Number", "DeveloperOnlyAttribute": true}
        ]}}"#;
    let (doc, _) = described(text);
    let schema = doc.create.schema.as_ref().expect("a schema");
    let names: Vec<_> = schema.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(names, ["email", "birthdate", "team", "score"]);
    assert_eq!(schema[0].required, Some(true));
    assert_eq!(schema[0].string_attribute_constraints, None);
    assert_eq!(schema[1].mutable, Some(false));
    assert_eq!(
        schema[2]
            .string_attribute_constraints
            .as_ref()
            .and_then(|s| s.max_length.as_deref()),
        Some("32")
    );
    assert_eq!(schema[3].developer_only_attribute, Some(true));
    assert_no_errors(&validate_pool(&doc));

    // The clone's users are checked against the cloned attributes.
    let user_facts = PoolFacts::from_request(&doc.create);
    assert_error(
        &user_in(
            json!({"UserAttributes": [{"Name": "custom:team", "Value": ""}]}),
            &user_facts,
        ),
        "UserAttributes[0].Value",
        "custom:team: must be at least 1 character",
    );
    assert_error(
        &user_in(json!({}), &user_facts),
        "UserAttributes",
        "the pool requires email",
    );
}

#[test]
fn described_mfa_without_sms_asks_for_factors() {
    let (_, notes) = described(r#"{"UserPool": {"Name": "p", "MfaConfiguration": "ON"}}"#);
    assert!(
        notes.iter().any(|n| n.path == "MfaConfiguration"
            && n.severity == Severity::Warning
            && n.message.contains("does not say which MFA factors")),
        "{}",
        show(&notes)
    );
}

#[test]
fn from_described_with_totp_makes_two_calls() {
    let described = DescribedPool {
        user_pool: json!({"Id": "us-east-1_abc", "Name": "clone-me", "MfaConfiguration": "OPTIONAL"}),
        mfa_config: Some(json!({
            "SoftwareTokenMfaConfiguration": {"Enabled": true},
            "MfaConfiguration": "OPTIONAL"
        })),
    };
    let outcome = load::from_described(&described).expect("loads");
    assert_eq!(outcome.kind, InputKind::DescribeUserPool);
    assert!(
        !outcome.notes.iter().any(|n| n.path == "MfaConfiguration"),
        "the MFA configuration answers the question: {}",
        show(&outcome.notes)
    );
    let doc = loaded_pool(outcome);
    assert_eq!(doc.create.mfa_configuration.as_deref(), Some("OFF"));
    let plan = doc.plan();
    assert_eq!(plan.calls.len(), 2);
    assert_eq!(plan.calls[1].operation(), Operation::SetUserPoolMfaConfig);
    assert_eq!(
        MfaChoice::from_document(&doc),
        choice("OPTIONAL", false, true, false)
    );
    assert_no_errors(&validate_pool(&doc));
    let file = doc.to_file_value();
    assert!(file.get("CreateUserPool").is_some() && file.get("SetUserPoolMfaConfig").is_some());

    // SMS alone stays one call.
    let sms_only = DescribedPool {
        user_pool: json!({"Name": "p", "MfaConfiguration": "ON",
            "SmsConfiguration": {"SnsCallerArn": ROLE}}),
        mfa_config: Some(
            json!({"SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": ROLE}},
            "SoftwareTokenMfaConfiguration": {"Enabled": false}, "MfaConfiguration": "ON"}),
        ),
    };
    let doc = loaded_pool(load::from_described(&sms_only).expect("loads"));
    assert!(doc.mfa.is_none());
    assert_eq!(doc.create.mfa_configuration.as_deref(), Some("ON"));

    let bad = DescribedPool {
        user_pool: json!({"Name": "p"}),
        mfa_config: Some(json!({"Shiny": true})),
    };
    match load::from_described(&bad) {
        Err(LoadError::Shape { path, .. }) => assert_eq!(path, "MfaConfig.Shiny"),
        other => panic!("expected a shape error, got {other:?}"),
    }
}

#[test]
fn deprecated_verification_members_move_into_the_template() {
    let outcome = load::load_str(
        r#"{"PoolName": "p",
            "SmsVerificationMessage": "Code {####}",
            "EmailVerificationMessage": "Email code {####}",
            "EmailVerificationSubject": "Your code"}"#,
        None,
    )
    .expect("loads");
    let notes = outcome.notes.clone();
    let doc = loaded_pool(outcome);
    let c = &doc.create;
    assert_eq!(c.sms_verification_message, None);
    assert_eq!(c.email_verification_message, None);
    assert_eq!(c.email_verification_subject, None);
    let template = c
        .verification_message_template
        .as_ref()
        .expect("a template");
    assert_eq!(template.sms_message.as_deref(), Some("Code {####}"));
    assert_eq!(template.email_message.as_deref(), Some("Email code {####}"));
    assert_eq!(template.email_subject.as_deref(), Some("Your code"));
    for (old, new) in [
        (
            "SmsVerificationMessage",
            "VerificationMessageTemplate.SmsMessage",
        ),
        (
            "EmailVerificationMessage",
            "VerificationMessageTemplate.EmailMessage",
        ),
        (
            "EmailVerificationSubject",
            "VerificationMessageTemplate.EmailSubject",
        ),
    ] {
        assert_warning(
            &notes,
            old,
            &format!("deprecated by the API; moved to {new}"),
        );
    }
    let compact = preview::call_json(&doc.plan().calls[0], Layout::Compact, Secrets::Reveal);
    assert!(!compact.contains("SmsVerificationMessage"), "{compact}");

    // Both set and different: neither is dropped silently, the file is refused.
    let err = load::load_str(
        r#"{"PoolName": "p", "SmsVerificationMessage": "Old {####}",
            "VerificationMessageTemplate": {"SmsMessage": "New {####}"}}"#,
        None,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "SmsVerificationMessage: deprecated by the API and different from VerificationMessageTemplate.SmsMessage, which would take precedence; keep one"
    );
    // Both set to the same text: one member, no note.
    let outcome = load::load_str(
        r#"{"PoolName": "p", "EmailVerificationSubject": "Same",
            "VerificationMessageTemplate": {"EmailSubject": "Same"}}"#,
        None,
    )
    .expect("loads");
    assert!(!outcome
        .notes
        .iter()
        .any(|n| n.path == "EmailVerificationSubject"));
}

#[test]
fn a_written_pool_id_in_the_second_call_is_dropped_with_a_note() {
    let outcome = load::load_str(
        r#"{"CreateUserPool": {"PoolName": "p"},
            "SetUserPoolMfaConfig": {"UserPoolId": "us-east-1_old", "MfaConfiguration": "OFF"}}"#,
        None,
    )
    .expect("loads");
    assert_warning(&outcome.notes, "SetUserPoolMfaConfig.UserPoolId", "ignored");
    let doc = loaded_pool(outcome);
    assert_eq!(doc.mfa.expect("a second call").user_pool_id, None);
}

// ---------------------------------------------------------------------------
// Preview.
// ---------------------------------------------------------------------------

fn create_call(request: Value) -> Call {
    let request: CreateUserPoolRequest = serde_json::from_value(request).expect("a request");
    Call::CreateUserPool(request)
}

fn full_request() -> Value {
    json!({
        "AcrConfiguration": {"1": {"AcrValue": "silver"}},
        "IssuerConfiguration": {"Type": "UPDATED"},
        "KeyConfiguration": {"KeyType": "AWS_OWNED_KEY"},
        "UserPoolTier": "PLUS",
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        "UsernameConfiguration": {"CaseSensitive": true},
        "UserPoolAddOns": {"AdvancedSecurityMode": "AUDIT"},
        "Schema": [{"Name": "team", "AttributeDataType": "String"}],
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": true},
        "UserPoolTags": {"env": "test"},
        "SmsConfiguration": {"SnsCallerArn": ROLE, "ExternalId": "ext"},
        "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true},
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
        "MfaConfiguration": "OPTIONAL",
        "SmsAuthenticationMessage": "Code {####}",
        "VerificationMessageTemplate": {"SmsMessage": "Code {####}"},
        "EmailVerificationSubject": "Subject",
        "EmailVerificationMessage": "Code {####}",
        "SmsVerificationMessage": "Code {####}",
        "UsernameAttributes": ["email"],
        "AliasAttributes": ["phone_number"],
        "AutoVerifiedAttributes": ["email"],
        "LambdaConfig": {"PreSignUp": LAMBDA},
        "DeletionProtection": "ACTIVE",
        "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
        "PoolName": "ordered"
    })
}

#[test]
fn compact_preview_keeps_the_api_member_order() {
    let compact = preview::call_json(
        &create_call(full_request()),
        Layout::Compact,
        Secrets::Reveal,
    );
    let order = [
        "PoolName",
        "Policies",
        "DeletionProtection",
        "LambdaConfig",
        "AutoVerifiedAttributes",
        "AliasAttributes",
        "UsernameAttributes",
        "SmsVerificationMessage",
        "EmailVerificationMessage",
        "EmailVerificationSubject",
        "VerificationMessageTemplate",
        "SmsAuthenticationMessage",
        "MfaConfiguration",
        "UserAttributeUpdateSettings",
        "DeviceConfiguration",
        "EmailConfiguration",
        "SmsConfiguration",
        "UserPoolTags",
        "AdminCreateUserConfig",
        "Schema",
        "UserPoolAddOns",
        "UsernameConfiguration",
        "AccountRecoverySetting",
        "UserPoolTier",
        "KeyConfiguration",
        "IssuerConfiguration",
        "AcrConfiguration",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|key| {
            compact
                .find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("{key} missing from {compact}"))
        })
        .collect();
    assert!(
        compact.starts_with("{\"PoolName\":\"ordered\","),
        "{compact}"
    );
    for (pair, keys) in positions.windows(2).zip(order.windows(2)) {
        assert!(
            pair[0] < pair[1],
            "{} should come before {}: {compact}",
            keys[0],
            keys[1]
        );
    }
    assert!(
        compact.ends_with("\"AcrConfiguration\":{\"1\":{\"AcrValue\":\"silver\"}}}"),
        "{compact}"
    );
    // Nested structures keep their order too.
    let policy = compact.find("\"MinimumLength\"").expect("MinimumLength");
    let upper = compact
        .find("\"RequireUppercase\"")
        .expect("RequireUppercase");
    let days = compact
        .find("\"TemporaryPasswordValidityDays\"")
        .expect("TemporaryPasswordValidityDays");
    assert!(policy < upper && upper < days, "{compact}");
    assert!(!compact.contains('\n'));
}

#[test]
fn pretty_preview_is_the_compact_document_indented_by_two() {
    let call = create_call(full_request());
    let compact = preview::call_json(&call, Layout::Compact, Secrets::Mask);
    let pretty = preview::call_json(&call, Layout::Pretty, Secrets::Mask);
    let lines: Vec<&str> = pretty.lines().collect();
    assert_eq!(lines[0], "{");
    assert_eq!(lines[1], "  \"PoolName\": \"ordered\",");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("    \"PasswordPolicy\": {")),
        "{pretty}"
    );
    assert!(lines.iter().all(|l| !l.starts_with('\t')));
    assert_eq!(
        serde_json::from_str::<Value>(&pretty).expect("pretty is JSON"),
        serde_json::from_str::<Value>(&compact).expect("compact is JSON")
    );
}

#[test]
fn members_the_sdk_always_sends_appear_in_the_preview() {
    let call = create_call(json!({
        "PoolName": "p",
        "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
        "AdminCreateUserConfig": {},
        "DeviceConfiguration": {},
        "UsernameConfiguration": {},
        "SmsConfiguration": {}
    }));
    let compact = preview::call_json(&call, Layout::Compact, Secrets::Reveal);
    for sent in [
        "\"RequireUppercase\":false",
        "\"RequireLowercase\":false",
        "\"RequireNumbers\":false",
        "\"RequireSymbols\":false",
        "\"TemporaryPasswordValidityDays\":0",
        "\"AllowAdminCreateUserOnly\":false",
        "\"UnusedAccountValidityDays\":0",
        "\"ChallengeRequiredOnNewDevice\":false",
        "\"DeviceOnlyRememberedOnUserPrompt\":false",
        "\"CaseSensitive\":false",
        "\"SnsCallerArn\":\"\"",
    ] {
        assert!(compact.contains(sent), "{sent} missing from {compact}");
    }
    // Optional members that are not set are not sent.
    for unsent in [
        "PasswordHistorySize",
        "ExternalId",
        "SnsRegion",
        "InviteMessageTemplate",
        "null",
    ] {
        assert!(!compact.contains(unsent), "{unsent} in {compact}");
    }
}

fn user_call() -> Call {
    Call::AdminCreateUser(user_request(json!({
        "TemporaryPassword": "Sup3r-secret!",
        "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]
    })))
}

fn mfa_call() -> Call {
    let mut doc = doc_with_sms();
    choice("ON", true, true, false).apply(&mut doc);
    doc.plan().calls.remove(1)
}

#[test]
fn secrets_are_masked_omitted_or_revealed() {
    let create = doc_with_sms().plan().calls.remove(0);
    let cases = [
        (user_call(), "TemporaryPassword", "Sup3r-secret!"),
        (create, "ExternalId", "shared-secret"),
        (mfa_call(), "ExternalId", "shared-secret"),
    ];
    for (call, member, secret) in cases {
        for layout in [Layout::Compact, Layout::Pretty] {
            let masked = preview::call_json(&call, layout, Secrets::Mask);
            assert!(!masked.contains(secret), "{masked}");
            let shown = serde_json::from_str::<Value>(&masked).expect("JSON");
            assert_eq!(find_member(&shown, member), Some(json!(MASK)), "{masked}");

            let omitted = preview::call_json(&call, layout, Secrets::Omit);
            assert!(!omitted.contains(secret), "{omitted}");
            assert!(!omitted.contains(&format!("\"{member}\"")), "{omitted}");

            let revealed = preview::call_json(&call, layout, Secrets::Reveal);
            let shown = serde_json::from_str::<Value>(&revealed).expect("JSON");
            assert_eq!(
                find_member(&shown, member),
                Some(json!(secret)),
                "{revealed}"
            );
        }
    }
    // Masking never changes the call itself.
    let call = user_call();
    let _ = preview::call_json(&call, Layout::Compact, Secrets::Omit);
    match &call {
        Call::AdminCreateUser(r) => {
            assert_eq!(r.temporary_password.as_deref(), Some("Sup3r-secret!"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_mfa_call_masks_the_external_id_where_it_sits() {
    let masked = preview::call_json(&mfa_call(), Layout::Compact, Secrets::Mask);
    assert!(
        masked.contains(&format!(
            "\"SmsMfaConfiguration\":{{\"SmsAuthenticationMessage\":\"Your code {{####}}\",\"SmsConfiguration\":{{\"SnsCallerArn\":\"{ROLE}\",\"ExternalId\":\"{MASK}\"}}}}"
        )),
        "{masked}"
    );
}

#[test]
fn end_user_messaging_external_id_is_a_secret_too() {
    let call = create_call(json!({"PoolName": "p", "SmsConfiguration": {
        "SnsCallerArn": ROLE, "EumsSms": {"CallerArn": ROLE, "ExternalId": "eums-secret"}}}));
    let masked = preview::call_json(&call, Layout::Compact, Secrets::Mask);
    assert!(!masked.contains("eums-secret"), "{masked}");
    assert!(
        masked.contains(&format!(
            "\"EumsSms\":{{\"CallerArn\":\"{ROLE}\",\"ExternalId\":\"{MASK}\"}}"
        )),
        "{masked}"
    );
    let omitted = preview::call_json(&call, Layout::Compact, Secrets::Omit);
    assert!(!omitted.contains("ExternalId"), "{omitted}");
    assert!(!preview::secret_members(&call).is_empty());
}

/// The first value of `member` anywhere in `value`.
fn find_member(value: &Value, member: &str) -> Option<Value> {
    match value {
        Value::Object(object) => object
            .get(member)
            .cloned()
            .or_else(|| object.values().find_map(|v| find_member(v, member))),
        Value::Array(items) => items.iter().find_map(|v| find_member(v, member)),
        _ => None,
    }
}

#[test]
fn the_mfa_call_shows_where_the_new_pool_id_goes() {
    let call = mfa_call();
    let compact = preview::call_json(&call, Layout::Compact, Secrets::Mask);
    assert!(
        compact.starts_with(&format!("{{\"UserPoolId\":\"{NEW_POOL_ID_PLACEHOLDER}\",")),
        "{compact}"
    );
    let known = Call::SetUserPoolMfaConfig(SetUserPoolMfaConfigRequest {
        user_pool_id: Some(POOL_ID.into()),
        mfa_configuration: Some("OFF".into()),
        ..Default::default()
    });
    let compact = preview::call_json(&known, Layout::Compact, Secrets::Mask);
    assert_eq!(
        compact,
        format!("{{\"UserPoolId\":\"{POOL_ID}\",\"MfaConfiguration\":\"OFF\"}}")
    );
}

#[test]
fn plan_preview_lists_every_call_in_order() {
    let mut doc = doc_with_sms();
    choice("ON", false, true, false).apply(&mut doc);
    let previews = preview::plan_json(&doc.plan(), Layout::Compact, Secrets::Mask);
    assert_eq!(previews.len(), 2);
    assert!(previews[0].starts_with("{\"PoolName\":"), "{}", previews[0]);
    assert!(previews[1].contains("\"SoftwareTokenMfaConfiguration\":{\"Enabled\":true}"));
    assert!(previews[1].contains(NEW_POOL_ID_PLACEHOLDER));
}

#[test]
fn secret_members_lists_what_a_call_carries() {
    assert_eq!(preview::secret_members(&user_call()), ["TemporaryPassword"]);
    assert_eq!(
        preview::secret_members(&doc_with_sms().plan().calls[0]),
        ["SmsConfiguration.ExternalId"]
    );
    assert_eq!(
        preview::secret_members(&mfa_call()),
        ["SmsMfaConfiguration.SmsConfiguration.ExternalId"]
    );
    assert!(preview::secret_members(&create_call(json!({"PoolName": "p"}))).is_empty());
    assert!(preview::secret_members(&Call::AdminCreateUser(user_request(json!({})))).is_empty());
    let mut doc = pool_doc(json!({"SmsConfiguration": {"SnsCallerArn": ROLE}}));
    choice("ON", true, true, false).apply(&mut doc);
    assert!(preview::secret_members(&doc.plan().calls[1]).is_empty());
}

#[test]
fn problems_print_as_path_and_message() {
    let problem = Problem::error("Schema[2].Name", "must not be empty");
    assert_eq!(problem.to_string(), "Schema[2].Name: must not be empty");
    assert!(problem.is_within("Schema"));
    assert!(problem.is_within("Schema[2]"));
    assert!(!problem.is_within("Schem"));
    assert!(!Problem::warning("SchemaX", "w").is_within("Schema"));
}

mod plan_and_verification_rules {
    use cognito_wizard::model::load::{load_str, Loaded};
    use cognito_wizard::problem::Severity;
    use cognito_wizard::validate::validate_pool;

    fn errors(text: &str) -> Vec<String> {
        let Loaded::Pool(doc) = load_str(text, None).unwrap().loaded else {
            panic!("not a pool")
        };
        validate_pool(&doc)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn lite_plan_cannot_prevent_password_reuse_or_sign_in_without_password() {
        let lite = errors(
            r#"{"PoolName":"p","UserPoolTier":"LITE","Policies":{"PasswordPolicy":{"PasswordHistorySize":5},
               "SignInPolicy":{"AllowedFirstAuthFactors":["PASSWORD","EMAIL_OTP"]}}}"#,
        );
        assert!(
            lite.iter().any(
                |e| e.starts_with("Policies.PasswordPolicy.PasswordHistorySize: ")
                    && e.contains("ESSENTIALS")
            ),
            "{lite:?}"
        );
        assert!(
            lite.iter()
                .any(|e| e.starts_with("Policies.SignInPolicy.AllowedFirstAuthFactors: ")),
            "{lite:?}"
        );
        let essentials = errors(
            r#"{"PoolName":"p","Policies":{"PasswordPolicy":{"PasswordHistorySize":5},
               "SignInPolicy":{"AllowedFirstAuthFactors":["PASSWORD","EMAIL_OTP"]}}}"#,
        );
        assert!(essentials.is_empty(), "{essentials:?}");
    }

    #[test]
    fn held_updates_need_automatic_verification() {
        let found = errors(
            r#"{"PoolName":"p","AutoVerifiedAttributes":["email"],
               "UserAttributeUpdateSettings":{"AttributesRequireVerificationBeforeUpdate":["email","phone_number"]}}"#,
        );
        assert_eq!(
            found,
            ["UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate[1]: phone_number must also be in AutoVerifiedAttributes"]
        );
    }

    #[test]
    fn link_templates_need_developer_email() {
        let found = errors(
            r#"{"PoolName":"p","VerificationMessageTemplate":{"DefaultEmailOption":"CONFIRM_WITH_LINK",
               "EmailMessageByLink":"Click {##here##}","EmailSubjectByLink":"Verify"}}"#,
        );
        assert!(
            found.iter().any(
                |e| e.starts_with("VerificationMessageTemplate.EmailMessageByLink: ")
                    && e.contains("DEVELOPER")
            ),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|e| e.starts_with("VerificationMessageTemplate.EmailSubjectByLink: ")),
            "{found:?}"
        );
    }
}
