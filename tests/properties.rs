//! Properties of everything that reads outside input, checked on generated
//! input (proptest, with a fixed seed so every run checks the same cases;
//! `PROPTEST_CASES=N` runs more):
//!
//! * no input panics: request files, describe-user-pool output, drafts and CSV
//!   files of any shape go through loading, validation, the preview, drafts and
//!   user checks against the pool;
//! * every rejection says where: an API path that exists in the input, or a
//!   line and column for text that is not JSON (a CSV row: its line); every
//!   validation problem has a path and a message;
//! * the compact preview of any loaded request loads back as the same request,
//!   the pretty preview is the same JSON, and secrets stay out of drafts and
//!   masked or secret-less previews;
//! * against moto: any pool request the model accepts is created, and
//!   DescribeUserPool describes it as it was sent (on the members moto keeps).
//!
//! Inputs are generated JSON with the API's member names mixed with junk,
//! wrong types, huge numbers and odd Unicode, and mutations of real files (the
//! presets, the describe-user-pool fixtures). Failing cases are saved in
//! `tests/properties.proptest-regressions` and replayed first.
//!
//! The moto property fails (never skips) without moto: run it with
//! scripts/test.sh.

mod support;
#[path = "properties/update.rs"]
mod update;

use std::collections::BTreeMap;
use std::io::Cursor;

use cognito_wizard::api::CognitoApi;
use cognito_wizard::app::draft;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::model::load::{
    from_described, load_str, load_value, DescribedPool, LoadError, LoadOutcome, Loaded,
};
use cognito_wizard::model::pool::*;
use cognito_wizard::model::preview::{call_json, secret_members, Layout, Secrets};
use cognito_wizard::model::values as v;
use cognito_wizard::model::{
    AdminCreateUserRequest, Attribute, Call, CreateUserPoolRequest, MfaChoice, Operation,
    PoolDocument, SetUserPoolMfaConfigRequest,
};
use cognito_wizard::problem::{has_errors, Problem};
use cognito_wizard::validate::password::{generate, policy_failures};
use cognito_wizard::validate::{validate_pool, validate_user, PoolFacts};
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};
use proptest::strategy::ValueTree;
use proptest::test_runner::{FileFailurePersistence, RngSeed, TestCaseError, TestRunner};
use serde_json::{json, Value};

// --- configuration ---------------------------------------------------------------

/// Every property uses this seed: the same cases on every run and machine.
const SEED: u64 = 0x00c0_961d_5eed;

fn config(cases: u32) -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        // PROPTEST_CASES (read by `default()`) may ask for more.
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            base.cases
        } else {
            cases
        },
        rng_seed: RngSeed::Fixed(SEED),
        // Next to this file: tests/properties.proptest-regressions.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        max_shrink_iters: 4096,
        ..base
    }
}

type Checked = Result<(), TestCaseError>;

// --- generated JSON ----------------------------------------------------------------

/// Every member name of the requests, describe-user-pool output, plan
/// documents and drafts.
const MEMBERS: &[&str] = &[
    "AccountRecoverySetting",
    "AcrConfiguration",
    "AcrValue",
    "AdminCreateUserConfig",
    "AdvancedSecurityAdditionalFlows",
    "AdvancedSecurityMode",
    "AliasAttributes",
    "AllowAdminCreateUserOnly",
    "AllowedFirstAuthFactors",
    "AttributeDataType",
    "AttributesRequireVerificationBeforeUpdate",
    "AutoVerifiedAttributes",
    "CallerArn",
    "CaseSensitive",
    "ChallengeRequiredOnNewDevice",
    "ClientMetadata",
    "ConfigurationSet",
    "ConfigurationSetName",
    "CreateAuthChallenge",
    "CustomAuthMode",
    "CustomEmailSender",
    "CustomMessage",
    "CustomSMSSender",
    "DefaultEmailOption",
    "DefineAuthChallenge",
    "DeletionProtection",
    "DesiredDeliveryMediums",
    "DeveloperOnlyAttribute",
    "DeviceConfiguration",
    "DeviceOnlyRememberedOnUserPrompt",
    "EmailConfiguration",
    "EmailMessage",
    "EmailMessageByLink",
    "EmailMfaConfiguration",
    "EmailSendingAccount",
    "EmailSubject",
    "EmailSubjectByLink",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "Enabled",
    "EumsSms",
    "ExternalId",
    "FactorConfiguration",
    "ForceAliasCreation",
    "From",
    "InEntityId",
    "InTemplateId",
    "InboundFederation",
    "InviteMessageTemplate",
    "IssuerConfiguration",
    "KMSKeyID",
    "KeyConfiguration",
    "KeyType",
    "KmsKeyArn",
    "LambdaArn",
    "LambdaConfig",
    "LambdaVersion",
    "MaxLength",
    "MaxValue",
    "Message",
    "MessageAction",
    "MfaConfiguration",
    "MinLength",
    "MinValue",
    "MinimumLength",
    "Mutable",
    "Name",
    "NumberAttributeConstraints",
    "OriginationIdentity",
    "PasswordHistorySize",
    "PasswordPolicy",
    "Policies",
    "PoolName",
    "PostAuthentication",
    "PostConfirmation",
    "PreAuthentication",
    "PreSignUp",
    "PreTokenGeneration",
    "PreTokenGenerationConfig",
    "Priority",
    "RecoveryMechanisms",
    "Region",
    "RelyingPartyId",
    "ReplyToEmailAddress",
    "RequireLowercase",
    "RequireNumbers",
    "RequireSymbols",
    "RequireUppercase",
    "Required",
    "SMSMessage",
    "Schema",
    "SignInPolicy",
    "SmsAuthenticationMessage",
    "SmsConfiguration",
    "SmsMessage",
    "SmsMfaConfiguration",
    "SmsVerificationMessage",
    "SnsCallerArn",
    "SnsRegion",
    "SoftwareTokenMfaConfiguration",
    "SourceArn",
    "StringAttributeConstraints",
    "Subject",
    "TemporaryPassword",
    "TemporaryPasswordValidityDays",
    "Type",
    "UnusedAccountValidityDays",
    "UserAttributeUpdateSettings",
    "UserAttributes",
    "UserMigration",
    "UserPoolAddOns",
    "UserPoolId",
    "UserPoolTags",
    "UserPoolTier",
    "UserVerification",
    "Username",
    "UsernameAttributes",
    "UsernameConfiguration",
    "ValidationData",
    "Value",
    "VerificationMessageTemplate",
    "VerifyAuthChallengeResponse",
    "WebAuthnConfiguration",
    // describe-user-pool output
    "Id",
    "Arn",
    "Status",
    "CreationDate",
    "LastModifiedDate",
    "EstimatedNumberOfUsers",
    "Domain",
    "CustomDomain",
    "SmsConfigurationFailure",
    "EmailConfigurationFailure",
    "SchemaAttributes",
    "UserPool",
    "MfaConfig",
    // plan documents
    "CreateUserPool",
    "SetUserPoolMfaConfig",
    // drafts
    "version",
    "step",
    "document",
    "raw",
    "secretsOmitted",
];

/// Strings that mean something somewhere, and strings that break things.
const STRINGS: &[&str] = &[
    "",
    " ",
    "ON",
    "OFF",
    "OPTIONAL",
    "ACTIVE",
    "INACTIVE",
    "email",
    "phone_number",
    "preferred_username",
    "name",
    "updated_at",
    "String",
    "Number",
    "DateTime",
    "Boolean",
    "LITE",
    "ESSENTIALS",
    "PLUS",
    "AUDIT",
    "ENFORCED",
    "verified_email",
    "verified_phone_number",
    "admin_only",
    "V1_0",
    "V2_0",
    "V3_0",
    "CONFIRM_WITH_CODE",
    "CONFIRM_WITH_LINK",
    "COGNITO_DEFAULT",
    "DEVELOPER",
    "SUPPRESS",
    "RESEND",
    "EMAIL",
    "SMS",
    "PASSWORD",
    "EMAIL_OTP",
    "WEB_AUTHN",
    "required",
    "AWS_OWNED_KEY",
    "UPDATED",
    "custom:team",
    "dev:custom:score",
    "custom:",
    "sub",
    "identities",
    "us-east-1_AbC123",
    "us-east-1",
    "arn:aws:iam::123456789012:role/sms",
    "arn:aws:lambda:us-east-1:123456789012:function:f",
    "arn:aws:ses:us-east-1:123456789012:identity/a@example.com",
    "Your code is {####}",
    "Hi {username}, {####}",
    "Verify {##here##}",
    "a@b",
    "+15555550100",
    "0",
    "1",
    "2048",
    "-1",
    "99999999999999999999",
    "1e400",
    "true",
    "null",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}evil",
    "e\u{301}",
    "😀",
    "𝕏",
    "\u{10ffff}",
    "\n\t\r",
    "\\",
    "\"",
    "[\"x\"]",
    "a.b",
    "a[0]",
    "version",
    "sign-in",
    "review",
];

const INTEGERS: &[i64] = &[
    0,
    -1,
    1,
    2,
    6,
    8,
    12,
    99,
    100,
    365,
    366,
    i32::MAX as i64,
    i32::MIN as i64,
    i32::MAX as i64 + 1,
    i64::MAX,
    i64::MIN,
];

const FLOATS: &[f64] = &[0.5, -0.0, 8.0, 1e308, -1e-308, 1547833345.777];

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(STRINGS).prop_map(str::to_owned),
        2 => any::<String>(),
        2 => "[a-zA-Z0-9 {}#@:._+=/-]{0,40}",
        1 => (1usize..3000).prop_map(|n| "x".repeat(n)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        2 => any::<bool>().prop_map(Value::Bool),
        2 => select(INTEGERS).prop_map(|n| json!(n)),
        1 => any::<i64>().prop_map(|n| json!(n)),
        1 => Just(json!(u64::MAX)),
        1 => select(FLOATS).prop_map(|f| json!(f)),
        6 => string().prop_map(Value::String),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(MEMBERS).prop_map(str::to_owned),
        1 => select(MEMBERS).prop_map(|m| m.to_lowercase()),
        1 => string(),
    ]
}

/// Any JSON, objects keyed mostly by real member names.
fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

// --- real files, mutated -------------------------------------------------------------

const PRESETS: &[&str] = &[
    include_str!("../assets/presets/minimal.json"),
    include_str!("../assets/presets/email-totp.json"),
    include_str!("../assets/presets/phone-sms.json"),
    include_str!("../assets/presets/admin-invite-only.json"),
];

const DESCRIBED: &[&str] = &[
    include_str!("fixtures/describe-user-pool-minimal.json"),
    include_str!("fixtures/describe-user-pool-email-username.json"),
];

const USER: &str = r#"{"UserPoolId":"us-east-1_AbC123","Username":"alice",
  "UserAttributes":[{"Name":"email","Value":"alice@example.com"},{"Name":"custom:team","Value":"red"}],
  "ValidationData":[{"Name":"k"}],"TemporaryPassword":"Tmp-PW-9f3a!","ForceAliasCreation":true,
  "MessageAction":"SUPPRESS","DesiredDeliveryMediums":["EMAIL","SMS"],"ClientMetadata":{"k":"v"}}"#;

const MFA_CONFIG: &str = r#"{"MfaConfiguration":"OPTIONAL",
  "SmsMfaConfiguration":{"SmsAuthenticationMessage":"Code {####}",
    "SmsConfiguration":{"SnsCallerArn":"arn:aws:iam::123456789012:role/sms","ExternalId":"x","SnsRegion":"us-east-1"}},
  "SoftwareTokenMfaConfiguration":{"Enabled":true},
  "EmailMfaConfiguration":{"Message":"Code {####}","Subject":"Code"},
  "WebAuthnConfiguration":{"RelyingPartyId":"example.com","UserVerification":"preferred"}}"#;

fn parsed(texts: &[&str]) -> Vec<Value> {
    texts
        .iter()
        .map(|t| serde_json::from_str(t).expect("a seed file is JSON"))
        .collect()
}

/// Every real file, as JSON.
fn seed_values() -> Vec<Value> {
    let mut seeds = parsed(PRESETS);
    seeds.extend(parsed(DESCRIBED));
    seeds.extend(parsed(&[USER, MFA_CONFIG]));
    seeds
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the node.
    Replace(Value),
    /// Add a member (objects), an element (lists), or wrap the node.
    Insert(String, Value),
    /// Remove a member or element.
    Remove(Index),
}

fn mutation() -> impl Strategy<Value = (Index, Mutation)> {
    let what = prop_oneof![
        2 => any_json().prop_map(Mutation::Replace),
        3 => leaf().prop_map(Mutation::Replace),
        2 => (key(), any_json()).prop_map(|(k, v)| Mutation::Insert(k, v)),
        2 => any::<Index>().prop_map(Mutation::Remove),
    ];
    (any::<Index>(), what)
}

fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(node_count).sum(),
        Value::Object(members) => members.values().map(node_count).sum(),
        _ => 0,
    }
}

/// The `n`th node in document order.
fn nth_node<'a>(value: &'a mut Value, n: &mut usize) -> Option<&'a mut Value> {
    if *n == 0 {
        return Some(value);
    }
    *n -= 1;
    match value {
        Value::Array(items) => items.iter_mut().find_map(|item| nth_node(item, n)),
        Value::Object(members) => members.values_mut().find_map(|item| nth_node(item, n)),
        _ => None,
    }
}

fn mutate(mut value: Value, mutations: Vec<(Index, Mutation)>) -> Value {
    for (at, mutation) in mutations {
        let mut n = at.index(node_count(&value));
        let node = nth_node(&mut value, &mut n).expect("an index below the node count");
        match (mutation, node) {
            (Mutation::Replace(new), node) => *node = new,
            (Mutation::Insert(key, new), Value::Object(members)) => {
                members.insert(key, new);
            }
            (Mutation::Insert(_, new), Value::Array(items)) => items.push(new),
            (Mutation::Insert(key, new), node) => *node = json!({ key: new }),
            (Mutation::Remove(i), Value::Object(members)) if !members.is_empty() => {
                let key = members.keys().nth(i.index(members.len())).cloned();
                members.remove(&key.expect("a member"));
            }
            (Mutation::Remove(i), Value::Array(items)) if !items.is_empty() => {
                items.remove(i.index(items.len()));
            }
            (Mutation::Remove(_), node) => *node = Value::Null,
        }
    }
    value
}

fn mutated(seeds: Vec<Value>) -> impl Strategy<Value = Value> {
    (select(seeds), prop::collection::vec(mutation(), 0..4))
        .prop_map(|(seed, mutations)| mutate(seed, mutations))
}

/// A request file: a real one mutated, a valid one, or anything at all.
fn request_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        5 => mutated(seed_values()),
        2 => valid_doc().prop_map(|doc| doc.to_file_value()),
        3 => any_json(),
    ]
}

fn forced() -> impl Strategy<Value = Option<Operation>> {
    prop_oneof![
        3 => Just(None),
        1 => select(Operation::ALL.to_vec()).prop_map(Some),
    ]
}

// --- checks ----------------------------------------------------------------------------

/// One step of an API path: `Schema[0].Name`, `UserPoolTags["env"]`.
#[derive(Debug, PartialEq)]
enum Step {
    Member(String),
    Index(usize),
}

/// Parses an API path; `None` when it is not one.
fn parse_path(path: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('[').filter(|r| r.starts_with('"')) {
            // A JSON string, then `]`.
            let mut stream = serde_json::Deserializer::from_str(quoted).into_iter::<String>();
            let key = stream.next()?.ok()?;
            rest = quoted[stream.byte_offset()..].strip_prefix(']')?;
            steps.push(Step::Member(key));
        } else if let Some(index) = rest.strip_prefix('[') {
            let end = index.find(']')?;
            steps.push(Step::Index(index[..end].parse().ok()?));
            rest = &index[end + 1..];
        } else {
            let member = if steps.is_empty() {
                rest
            } else {
                rest.strip_prefix('.')?
            };
            let end = member.find(['.', '[']).unwrap_or(member.len());
            if end == 0 || member[..end].contains([']', '"']) {
                return None;
            }
            steps.push(Step::Member(member[..end].to_owned()));
            rest = &member[end..];
        }
    }
    (!steps.is_empty()).then_some(steps)
}

fn walk<'a>(mut value: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    for step in steps {
        value = match step {
            Step::Member(name) => value.as_object()?.get(name)?,
            Step::Index(i) => value.as_array()?.get(*i)?,
        };
    }
    Some(value)
}

/// Whether an error's path leads to something in the input, or to a member
/// missing from a structure in it ("is required"). Paths inside a plan
/// document's `CreateUserPool` are written without that prefix (as problems of
/// the first call are); `.` is the whole input.
fn names_part_of(input: &Value, path: &str) -> bool {
    if path == "." {
        return true;
    }
    if let Some((parent, _member)) = path.rsplit_once('.') {
        if !leads_to(input, path) && leads_to(input, parent) {
            return true;
        }
    }
    // A required member missing from the document itself (`PoolName`): its
    // structure is the root.
    let top_level = matches!(parse_path(path).as_deref(), Some([Step::Member(_)]));
    if top_level && input.is_object() {
        return true;
    }
    leads_to(input, path)
}

fn leads_to(input: &Value, path: &str) -> bool {
    let Some(steps) = parse_path(path) else {
        return false;
    };
    walk(input, &steps).is_some()
        || input
            .get("CreateUserPool")
            .is_some_and(|create| walk(create, &steps).is_some())
}

/// A rejected input: the error says where, in terms of the input.
fn check_rejection(input: &Value, forced: Option<Operation>, error: &LoadError) -> Checked {
    match error {
        LoadError::Shape { path, message } => {
            prop_assert!(!message.is_empty(), "{error:?}");
            prop_assert!(
                names_part_of(input, path),
                "the error names {path:?}, which is not in the input: {error:?}\ninput: {input}"
            );
        }
        LoadError::Invalid(problems) => {
            prop_assert!(!problems.is_empty(), "{error:?}");
            for p in problems {
                prop_assert!(!p.message.is_empty(), "{error:?}");
                prop_assert!(
                    names_part_of(input, &p.path),
                    "the error names {:?}, which is not in the input: {error:?}\ninput: {input}",
                    p.path
                );
            }
        }
        LoadError::Undetectable(why) => {
            prop_assert!(!why.is_empty());
            prop_assert_eq!(forced, None);
            prop_assert_eq!(input, &json!({}), "only an empty object is undetectable");
        }
        LoadError::Syntax { .. } => prop_assert!(false, "a syntax error from a value: {error:?}"),
    }
    let shown = error.to_string();
    prop_assert!(!shown.is_empty());
    let problem = error.as_problem();
    prop_assert!(problem.is_error() && !problem.message.is_empty());
    Ok(())
}

/// A member name a problem may start with: the requests' top-level members,
/// and the second call's prefix.
fn known_top_member(name: &str) -> bool {
    name == "SetUserPoolMfaConfig" || MEMBERS.contains(&name)
}

fn check_problems(problems: &[Problem]) -> Checked {
    for problem in problems {
        prop_assert!(!problem.message.is_empty(), "{problem:?}");
        let steps = parse_path(&problem.path);
        prop_assert!(
            steps.is_some(),
            "a problem's path is not an API path: {problem:?}"
        );
        match &steps.unwrap()[0] {
            Step::Member(first) => prop_assert!(known_top_member(first), "{problem:?}"),
            Step::Index(_) => prop_assert!(false, "{problem:?}"),
        }
    }
    Ok(())
}

const MARKER: &str = "SeCrEt-9f3a-7c2e";

/// Sets every secret slot the document has room for to [`MARKER`].
fn plant_secrets(doc: &mut PoolDocument) {
    set_secrets(doc, Some(MARKER));
}

fn without_secrets(doc: &PoolDocument) -> PoolDocument {
    let mut doc = doc.clone();
    set_secrets(&mut doc, None);
    doc
}

fn set_secrets(doc: &mut PoolDocument, secret: Option<&str>) {
    let sms_slots = [
        doc.create.sms_configuration.as_mut(),
        doc.mfa
            .as_mut()
            .and_then(|m| m.sms_mfa_configuration.as_mut())
            .and_then(|s| s.sms_configuration.as_mut()),
    ];
    for sms in sms_slots.into_iter().flatten() {
        sms.external_id = secret.map(Into::into);
        if let Some(eums) = sms.eums_sms.as_mut() {
            eums.external_id = secret.map(Into::into);
        }
    }
}

/// The preview of one call: one line of JSON, the same JSON pretty, and read
/// back it is the same request; secrets show only when revealed.
fn check_call(call: &Call) -> Checked {
    let compact = call_json(call, Layout::Compact, Secrets::Reveal);
    let pretty = call_json(call, Layout::Pretty, Secrets::Reveal);
    prop_assert!(!compact.contains('\n'), "{compact}");
    let compact_value: Value = serde_json::from_str(&compact).expect("the preview is JSON");
    let pretty_value: Value = serde_json::from_str(&pretty).expect("the preview is JSON");
    prop_assert_eq!(&compact_value, &pretty_value);

    let readers: &[Option<Operation>] = if compact == "{}" {
        &[Some(call.operation())]
    } else {
        &[Some(call.operation()), None]
    };
    for forced in readers {
        match call {
            Call::CreateUserPool(request) => {
                let again = load_str(&compact, *forced).expect("a previewed request loads");
                prop_assert_eq!(
                    again.loaded,
                    Loaded::Pool(PoolDocument::new(request.clone()))
                );
            }
            Call::AdminCreateUser(request) => {
                let again = load_str(&compact, *forced).expect("a previewed request loads");
                prop_assert_eq!(again.loaded, Loaded::User(request.clone()));
            }
            Call::SetUserPoolMfaConfig(request) => {
                // A second call is read back inside its plan (check_pool).
                let mut again: SetUserPoolMfaConfigRequest =
                    serde_json::from_value(compact_value.clone()).expect("reads back");
                prop_assert_eq!(
                    again.user_pool_id.as_deref(),
                    Some(v::NEW_POOL_ID_PLACEHOLDER)
                );
                again.user_pool_id = request.user_pool_id.clone();
                prop_assert_eq!(&again, request);
            }
            // Read back inside their plan document (tests/model/plan.rs).
            _ => {}
        }
    }

    // Secrets show only when revealed (and only calls with secret members have any).
    let secrets = secret_members(call);
    prop_assert!(
        !compact.contains(MARKER) || !secrets.is_empty(),
        "{compact}"
    );
    for hidden in [Secrets::Mask, Secrets::Omit] {
        for layout in [Layout::Compact, Layout::Pretty] {
            let text = call_json(call, layout, hidden);
            prop_assert!(!text.contains(MARKER), "{hidden:?}: {text}");
        }
    }
    Ok(())
}

/// Everything that follows loading a pool document.
fn check_pool(doc: &PoolDocument) -> Checked {
    check_problems(&validate_pool(doc))?;
    let mut doc = doc.clone();
    plant_secrets(&mut doc);
    let doc = &doc;
    let calls = doc.plan().calls;
    for call in &calls {
        check_call(call)?;
        if !secret_members(call).is_empty() {
            let revealed = call_json(call, Layout::Compact, Secrets::Reveal);
            prop_assert!(revealed.contains(MARKER), "{revealed}");
        }
    }

    // The file form (what exports and `preview` hold) reads back the same.
    let file = doc.to_file_value();
    if file != json!({}) {
        let again = load_value(file, None).expect("the file form of a document loads");
        prop_assert_eq!(again.loaded, Loaded::Pool(doc.clone()));
    }

    // A draft keeps everything but the secrets, and reads back.
    let text = draft::encode(doc, &BTreeMap::new(), StepId::Messages);
    prop_assert!(!text.contains(MARKER), "a secret in a draft: {text}");
    let restored = draft::decode(&text);
    prop_assert!(
        restored.is_ok(),
        "a draft the wizard wrote does not read back: {restored:?}"
    );
    let restored = restored.unwrap();
    prop_assert_eq!(restored.step, StepId::Messages);
    let back = restored.doc.plan().calls;
    prop_assert_eq!(back.len(), calls.len());
    for (sent, resumed) in calls.iter().zip(&back) {
        prop_assert_eq!(
            call_json(sent, Layout::Compact, Secrets::Omit),
            call_json(resumed, Layout::Compact, Secrets::Reveal)
        );
    }
    let omitted: Vec<String> = restored.secrets_omitted.clone();
    let planted = calls.iter().any(|c| !secret_members(c).is_empty());
    prop_assert_eq!(!omitted.is_empty(), planted);

    // The wizard's MFA view of it, applied again, validates without panicking.
    let mut applied = doc.clone();
    MfaChoice::from_document(doc).apply(&mut applied);
    check_problems(&validate_pool(&applied))?;

    // Users checked against this pool, with a password made for it.
    let facts = PoolFacts::from_request(&doc.create);
    let password = generate(&facts.password_policy);
    let length = password.chars().count();
    prop_assert!((12..=99).contains(&length), "{length}");
    let fits = policy_failures(&password, &facts.password_policy).is_empty();
    prop_assert!(fits || facts.password_policy.minimum_length > Some(99));
    let user = AdminCreateUserRequest {
        user_pool_id: Some("us-east-1_Prop1".into()),
        username: Some("prop".into()),
        user_attributes: Some(
            facts
                .attributes
                .iter()
                .map(|a| Attribute::new(a.name.clone(), "1"))
                .collect(),
        ),
        temporary_password: Some(password),
        ..Default::default()
    };
    check_problems(&validate_user(&user, Some(&facts)))?;
    Ok(())
}

fn check_user(request: &AdminCreateUserRequest) -> Checked {
    check_problems(&validate_user(request, None))?;
    let facts = PoolFacts::from_request(&CreateUserPoolRequest {
        username_attributes: Some(vec!["email".into()]),
        ..Default::default()
    });
    check_problems(&validate_user(request, Some(&facts)))?;
    let mut request = request.clone();
    request.temporary_password = Some(MARKER.into());
    check_call(&Call::AdminCreateUser(request))
}

fn check_outcome(outcome: &LoadOutcome) -> Checked {
    for note in &outcome.notes {
        prop_assert!(!note.is_error(), "notes are warnings: {note:?}");
    }
    check_problems(&outcome.notes)?;
    match &outcome.loaded {
        Loaded::Pool(doc) => check_pool(doc),
        Loaded::User(request) => check_user(request),
        Loaded::Mfa(request) => {
            check_problems(&cognito_wizard::validate::validate_mfa_alone(request))?;
            check_call(&Call::SetUserPoolMfaConfig(request.clone()))
        }
        Loaded::Call(call) => {
            check_problems(&cognito_wizard::validate::validate_call_alone(call))?;
            check_call(call)
        }
    }
}

fn check_load(
    input: &Value,
    forced: Option<Operation>,
    result: &Result<LoadOutcome, LoadError>,
) -> Checked {
    match result {
        Ok(outcome) => check_outcome(outcome),
        Err(error) => check_rejection(input, forced, error),
    }
}

// --- (a)–(c): request files, describe output, drafts -------------------------------------

/// Text that is almost JSON: a real file cut, or with something spliced in.
fn almost_json() -> impl Strategy<Value = String> {
    let texts: Vec<&'static str> = PRESETS
        .iter()
        .chain(DESCRIBED)
        .chain(&[USER, MFA_CONFIG])
        .copied()
        .collect();
    (select(texts), any::<Index>(), any::<Index>(), string()).prop_map(|(text, cut, at, insert)| {
        let mut text = text.to_owned();
        let boundary = |text: &str, i: Index| {
            let mut n = i.index(text.len() + 1);
            while !text.is_char_boundary(n) {
                n -= 1;
            }
            n
        };
        let end = boundary(&text, cut);
        text.truncate(end.max(boundary(&text, at)));
        let at = boundary(&text, at);
        text.insert_str(at, &insert);
        text
    })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => almost_json(),
        2 => request_json().prop_map(|v| serde_json::to_string_pretty(&v).unwrap()),
        1 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..256)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// (a)(b)(c) Any JSON value, read as a request (detected or forced):
    /// loads and survives everything after, or is rejected with a path
    /// that exists in it.
    #[test]
    fn any_json_loads_or_names_the_member_at_fault(
        input in request_json(),
        forced in forced(),
    ) {
        let result = load_value(input.clone(), forced);
        check_load(&input, forced, &result)?;
    }

    /// (a)(b) Any text: loads, or a syntax error points into the text, or a
    /// misfit names a path in the JSON it holds.
    #[test]
    fn any_text_loads_or_points_at_the_line(text in any_text(), forced in forced()) {
        let result = load_str(&text, forced);
        match (&result, serde_json::from_str::<Value>(&text)) {
            (Err(LoadError::Syntax { line, column, message }), Err(_)) => {
                prop_assert!(!message.is_empty());
                let lines: Vec<&str> = text.split('\n').collect();
                prop_assert!(
                    (1..=lines.len()).contains(line),
                    "line {line} of {}", lines.len()
                );
                prop_assert!(*column <= lines[line - 1].len() + 1, "column {column}");
                let shown = result.as_ref().unwrap_err().to_string();
                prop_assert!(shown.contains(&format!("line {line}, column {column}")), "{shown}");
            }
            (Err(LoadError::Syntax { .. }), Ok(_)) => {
                prop_assert!(false, "valid JSON reported as a syntax error: {result:?}");
            }
            (_, Ok(value)) => check_load(&value, forced, &result)?,
            (_, Err(e)) => prop_assert!(false, "not JSON ({e}) yet not a syntax error: {result:?}"),
        }
    }

    /// (a)(b) describe-user-pool output, with or without the MFA configuration:
    /// clones, or names the member at fault (as the output has it: `Name`,
    /// `SchemaAttributes[2].Mutable`).
    #[test]
    fn describe_output_clones_or_names_the_member_at_fault(
        pool in prop_oneof![
            3 => mutated(parsed(DESCRIBED)).prop_map(|v| v.get("UserPool").cloned().unwrap_or(v)),
            1 => any_json(),
        ],
        mfa in proptest::option::of(prop_oneof![
            2 => mutated(parsed(&[MFA_CONFIG])),
            1 => any_json(),
        ]),
    ) {
        let wrapped = json!({ "UserPool": pool.clone() });
        for forced in [None, Some(Operation::CreateUserPool)] {
            check_load(&wrapped, forced, &load_value(wrapped.clone(), forced))?;
        }
        let described = DescribedPool { user_pool: pool.clone(), mfa_config: mfa.clone() };
        let input = json!({ "UserPool": pool, "MfaConfig": mfa });
        check_load(&input, Some(Operation::CreateUserPool), &from_described(&described))?;
    }

    /// (a)(b) Draft files: resume, and written again read back the same; or
    /// the reason names the field, the line, or the unsupported version.
    #[test]
    fn drafts_resume_or_say_why(text in draft_text()) {
        match draft::decode(&text) {
            Ok(restored) => {
                check_pool(&restored.doc)?;
                let again = draft::decode(&draft::encode(&restored.doc, &restored.raw, restored.step));
                prop_assert!(again.is_ok(), "{again:?}");
                let again = again.unwrap();
                // Secrets in a hand-written draft are not written again.
                prop_assert_eq!(&again.doc, &without_secrets(&restored.doc));
                prop_assert_eq!(&again.raw, &restored.raw);
                prop_assert_eq!(again.step, restored.step);
            }
            Err(message) => check_draft_error(&text, &message)?,
        }
    }

    /// (c) Requests built to be valid round-trip through every form: the
    /// preview, the file form, a draft.
    #[test]
    fn valid_requests_round_trip(doc in valid_doc()) {
        let problems = validate_pool(&doc);
        prop_assume!(!has_errors(&problems));
        check_pool(&doc)?;
    }
}

fn draft_text() -> impl Strategy<Value = String> {
    let steps: Vec<&'static str> = StepId::ALL.iter().map(|s| s.key()).collect();
    let draft = (
        prop_oneof![4 => Just(json!(1)), 1 => leaf()],
        prop_oneof![3 => select(steps).prop_map(|s| json!(s)), 1 => leaf()],
        request_json(),
        prop::collection::btree_map(string(), string(), 0..3),
        prop::collection::vec(string(), 0..3),
    )
        .prop_map(|(version, step, document, raw, omitted)| {
            json!({
                "version": version,
                "step": step,
                "document": document,
                "raw": raw,
                "secretsOmitted": omitted,
            })
        });
    prop_oneof![
        4 => (draft, prop::collection::vec(mutation(), 0..2))
            .prop_map(|(d, m)| serde_json::to_string_pretty(&mutate(d, m)).unwrap()),
        1 => any_text(),
    ]
}

/// Why a draft does not resume: the line and column of what does not fit a
/// draft, the version, or the document's own load error (naming a path in it).
fn check_draft_error(text: &str, message: &str) -> Checked {
    prop_assert!(!message.is_empty());
    if let Some(detail) = message.strip_prefix("not a cognito-wizard draft: ") {
        prop_assert!(
            detail.contains(" at line ") || detail.contains("EOF"),
            "{message}"
        );
        return Ok(());
    }
    if message.starts_with("draft version ") || message == "the draft holds a user, not a pool" {
        return Ok(());
    }
    let document = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|d| d.get("document").cloned())
        .expect("a draft that parsed has a document");
    // The path ends at one of the ": " (a map key may hold one too).
    let named = message
        .match_indices(": ")
        .any(|(i, _)| names_part_of(&document, &message[..i]));
    prop_assert!(
        named,
        "the reason names no part of the document: {message}\ndocument: {document}"
    );
    Ok(())
}

// --- valid requests, by construction --------------------------------------------------

const ACCOUNT: &str = "123456789012";

fn lambda_arn() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,20}".prop_map(|f| format!("arn:aws:lambda:us-east-1:{ACCOUNT}:function:{f}"))
}

fn text_around(placeholder: &'static str) -> impl Strategy<Value = String> {
    ("[A-Za-z][A-Za-z ,.!]{2,30}", "[A-Za-z ,.!]{0,20}")
        .prop_map(move |(before, after)| format!("{before} {placeholder}{after}"))
}

fn password_policy() -> impl Strategy<Value = PasswordPolicy> {
    (
        6i32..=99,
        any::<[bool; 4]>(),
        proptest::option::of(0i32..=24),
        0i32..=365,
    )
        .prop_map(|(min, [u, l, n, s], history, days)| PasswordPolicy {
            minimum_length: Some(min),
            require_uppercase: u,
            require_lowercase: l,
            require_numbers: n,
            require_symbols: s,
            password_history_size: history,
            temporary_password_validity_days: days,
        })
}

fn custom_attribute() -> impl Strategy<Value = SchemaAttribute> {
    (
        "[a-z][a-z0-9_]{0,12}",
        prop_oneof![
            Just("String"),
            Just("Number"),
            Just("Boolean"),
            Just("DateTime")
        ],
        any::<bool>(),
        (0u32..=20, 0u32..=2028),
    )
        .prop_map(|(name, kind, mutable, (low, span))| {
            let (min, max) = (low.to_string(), (low + span).to_string());
            SchemaAttribute {
                name: Some(name),
                attribute_data_type: Some(kind.into()),
                developer_only_attribute: Some(false),
                mutable: Some(mutable),
                required: Some(false),
                number_attribute_constraints: (kind == "Number").then_some(
                    NumberAttributeConstraints {
                        min_value: Some(min.clone()),
                        max_value: Some(max.clone()),
                    },
                ),
                string_attribute_constraints: (kind == "String").then_some(
                    StringAttributeConstraints {
                        min_length: Some(min),
                        max_length: Some(max),
                    },
                ),
            }
        })
}

/// What the pool signs in with: usernames, aliases, or email/phone usernames.
#[derive(Debug, Clone)]
enum SignIn {
    Username,
    Aliases(Vec<&'static str>),
    UsernameAttributes(Vec<&'static str>),
}

fn sign_in() -> impl Strategy<Value = SignIn> {
    prop_oneof![
        Just(SignIn::Username),
        subsequence(v::ALIAS_ATTRIBUTES.to_vec(), 1..=3).prop_map(SignIn::Aliases),
        subsequence(v::USERNAME_ATTRIBUTES.to_vec(), 1..=2).prop_map(SignIn::UsernameAttributes),
    ]
}

fn some_strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| s.to_string()).collect())
}

/// The parts of a pool: who signs in and how.
type Basics = (
    String,
    Option<PasswordPolicy>,
    Option<&'static str>,
    SignIn,
    Vec<&'static str>,
    bool,
    Option<(bool, bool)>,
    Option<bool>,
    Option<&'static str>,
);

fn basics() -> impl Strategy<Value = Basics> {
    (
        "[A-Za-z0-9_+=,.@-][A-Za-z0-9_+=,.@ -]{0,40}",
        proptest::option::of(password_policy()),
        proptest::option::of(select(v::DELETION_PROTECTION)),
        sign_in(),
        subsequence(v::VERIFIED_ATTRIBUTES.to_vec(), 0..=2),
        any::<bool>(),
        proptest::option::of(any::<(bool, bool)>()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(select(v::USER_POOL_TIER)),
    )
}

/// Messages, email and SMS.
type Messages = (
    Option<(String, Option<(String, String)>)>,
    Option<(String, Option<(String, String)>)>,
    bool,
    i32,
    u8,
    Option<(Option<String>, bool)>,
    Option<String>,
);

fn messages() -> impl Strategy<Value = Messages> {
    let email = || (text_around("{####}"), "[A-Za-z][A-Za-z ]{0,30}");
    (
        proptest::option::of((text_around("{####}"), proptest::option::of(email()))),
        proptest::option::of((
            text_around("{username} {####}"),
            proptest::option::of((text_around("{username} {####}"), "[A-Za-z][A-Za-z ]{0,30}")),
        )),
        any::<bool>(),
        0i32..=365,
        0u8..3,
        proptest::option::of((proptest::option::of("[A-Za-z0-9-]{1,30}"), any::<bool>())),
        proptest::option::of(text_around("{####}")),
    )
}

/// Tags, attributes, recovery, triggers, threat protection, and members moto
/// does not describe.
type Extras = (
    BTreeMap<String, String>,
    Vec<SchemaAttribute>,
    Option<bool>,
    Option<Vec<&'static str>>,
    Option<(String, Option<String>)>,
    Option<&'static str>,
    bool,
);

fn extras() -> impl Strategy<Value = Extras> {
    (
        prop::collection::btree_map(
            "[a-z][a-z0-9_.:/=+@-]{0,20}",
            "[A-Za-z0-9 _.:/=+@-]{0,30}",
            0..4,
        ),
        prop::collection::vec(custom_attribute(), 0..4),
        proptest::option::of(any::<bool>()),
        proptest::option::of(prop_oneof![
            Just(vec!["admin_only"]),
            subsequence(vec!["verified_email", "verified_phone_number"], 1..=2),
        ]),
        proptest::option::of((lambda_arn(), proptest::option::of(lambda_arn()))),
        proptest::option::of(select(v::ADVANCED_SECURITY_MODE)),
        any::<bool>(),
    )
}

/// Pool documents the model accepts (nearly always: the few that break a
/// cross-field rule are filtered out where used).
fn valid_doc() -> impl Strategy<Value = PoolDocument> {
    (
        basics(),
        messages(),
        extras(),
        (select(v::MFA_CONFIGURATION), any::<bool>()),
    )
        .prop_map(|(basics, messages, extras, (mfa_mode, totp))| {
            let (name, password, deletion, sign_in, verified, hold, device, case, tier) = basics;
            let (verification, invite, admin_only, unused, email, sms, sms_auth) = messages;
            let (tags, mut schema, required_email, recovery, lambda, security, newer) = extras;
            let tier = tier.unwrap_or(v::DEFAULT_TIER);
            let mut c = CreateUserPoolRequest {
                pool_name: Some(name),
                deletion_protection: deletion.map(Into::into),
                user_pool_tier: Some(tier.into()),
                ..Default::default()
            };
            let temporary_days = password
                .as_ref()
                .map_or(0, |p| p.temporary_password_validity_days);
            if let Some(mut policy) = password {
                if tier == "LITE" {
                    policy.password_history_size = None;
                }
                c.policies = Some(UserPoolPolicy {
                    password_policy: Some(policy),
                    sign_in_policy: None,
                });
            }
            match sign_in {
                SignIn::Username => {}
                SignIn::Aliases(a) => c.alias_attributes = some_strings(&a),
                SignIn::UsernameAttributes(a) => c.username_attributes = some_strings(&a),
            }
            if !verified.is_empty() {
                c.auto_verified_attributes = some_strings(&verified);
                if hold {
                    c.user_attribute_update_settings = Some(UserAttributeUpdateSettings {
                        attributes_require_verification_before_update: some_strings(&verified),
                    });
                }
            }
            c.device_configuration = device.map(|(a, b)| DeviceConfiguration {
                challenge_required_on_new_device: a,
                device_only_remembered_on_user_prompt: b,
            });
            c.username_configuration =
                case.map(|case_sensitive| UsernameConfiguration { case_sensitive });

            // Email: Cognito's sender (no custom email text), or SES.
            let developer = email == 2;
            c.email_configuration = match email {
                1 => Some(EmailConfiguration {
                    email_sending_account: Some("COGNITO_DEFAULT".into()),
                    reply_to_email_address: Some("help@example.com".into()),
                    ..Default::default()
                }),
                2 => Some(EmailConfiguration {
                    source_arn: Some(format!(
                        "arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
                    )),
                    email_sending_account: Some("DEVELOPER".into()),
                    from: Some("Example <no-reply@example.com>".into()),
                    ..Default::default()
                }),
                _ => None,
            };
            c.verification_message_template = verification.map(|(sms, email)| {
                let email = email.filter(|_| developer);
                VerificationMessageTemplate {
                    sms_message: Some(sms),
                    email_message: email.as_ref().map(|(m, _)| m.clone()),
                    email_subject: email.map(|(_, s)| s),
                    default_email_option: Some("CONFIRM_WITH_CODE".into()),
                    ..Default::default()
                }
            });
            c.admin_create_user_config = Some(AdminCreateUserConfig {
                allow_admin_create_user_only: admin_only,
                unused_account_validity_days: if temporary_days > 0 { 0 } else { unused },
                invite_message_template: invite.map(|(sms, email)| {
                    let email = email.filter(|_| developer);
                    MessageTemplate {
                        sms_message: Some(sms),
                        email_message: email.as_ref().map(|(m, _)| m.clone()),
                        email_subject: email.map(|(_, s)| s),
                    }
                }),
            });
            c.sms_configuration = sms.map(|(external_id, region)| SmsConfiguration {
                sns_caller_arn: format!("arn:aws:iam::{ACCOUNT}:role/cognito-sms"),
                external_id,
                sns_region: region.then(|| "us-east-1".into()),
                eums_sms: None,
            });
            c.sms_authentication_message = sms_auth;
            c.user_pool_tags = (!tags.is_empty()).then_some(tags);

            // Custom attributes, named once each, and maybe a required email.
            schema.sort_by(|a, b| a.name.cmp(&b.name));
            schema.dedup_by(|a, b| a.name == b.name);
            if required_email == Some(true) {
                schema.push(SchemaAttribute {
                    name: Some("email".into()),
                    attribute_data_type: Some("String".into()),
                    mutable: Some(true),
                    required: Some(true),
                    ..Default::default()
                });
            }
            c.schema = (!schema.is_empty()).then_some(schema);

            c.account_recovery_setting = recovery.map(|names| AccountRecoverySetting {
                recovery_mechanisms: Some(
                    names
                        .iter()
                        .enumerate()
                        .map(|(i, name)| RecoveryOption {
                            priority: i as i32 + 1,
                            name: name.to_string(),
                        })
                        .collect(),
                ),
            });
            c.lambda_config = lambda.map(|(pre_sign_up, message)| LambdaConfig {
                pre_sign_up: Some(pre_sign_up),
                custom_message: message,
                ..Default::default()
            });
            if tier == "PLUS" {
                c.user_pool_add_ons = security.map(|mode| UserPoolAddOns {
                    advanced_security_mode: mode.into(),
                    advanced_security_additional_flows: None,
                });
            }
            if newer {
                c.key_configuration = Some(KeyConfiguration {
                    key_type: Some("AWS_OWNED_KEY".into()),
                    kms_key_arn: None,
                });
                c.issuer_configuration = Some(IssuerConfiguration {
                    issuer_type: Some("ORIGINAL".into()),
                });
            }

            // MFA: SMS in CreateUserPool, or TOTP in a second call.
            let mut doc = PoolDocument::new(c);
            let has_sms = doc.create.sms_configuration.is_some();
            let choice = match mfa_mode {
                "OFF" => MfaChoice {
                    mode: "OFF".into(),
                    ..Default::default()
                },
                mode if totp => MfaChoice {
                    mode: mode.into(),
                    sms: has_sms,
                    totp: true,
                    email: false,
                },
                mode if has_sms => MfaChoice {
                    mode: mode.into(),
                    sms: true,
                    ..Default::default()
                },
                _ => MfaChoice {
                    mode: "OFF".into(),
                    ..Default::default()
                },
            };
            choice.apply(&mut doc);
            doc
        })
}

// --- (d) CSV rows ------------------------------------------------------------------------

/// A cell as a spreadsheet writes it: plain, quoted (with commas, quotes and
/// line breaks inside), empty, or junk.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9@.+_-]{1,20}",
        1 => Just(String::new()),
        1 => string(),
        1 => "[a-z]{0,5}[\n,\"][a-z]{0,5}",
    ]
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) || cell.trim() != cell {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// A header (mostly columns the inviter knows) and rows with roughly as many cells.
fn csv_file() -> impl Strategy<Value = (Vec<String>, Vec<Vec<String>>)> {
    let column = prop_oneof![
        6 => select(vec![
            "username", "email", "phone_number", "name", "given_name", "temporary_password",
            "custom:team", "email_verified", "updated_at",
        ]).prop_map(str::to_owned),
        1 => string(),
    ];
    (
        prop::collection::vec(column, 1..6),
        prop::collection::vec(prop::collection::vec(cell(), 0..7), 0..8),
    )
}

/// Line breaks as an editor counts them: `\n`, `\r\n`, a lone `\r`.
fn line_breaks(text: &str) -> u64 {
    text.replace("\r\n", "\n").matches(['\n', '\r']).count() as u64
}

/// The line each record starts on, given the header and rows as written
/// (an empty row is a blank line, which holds no record).
fn start_lines(header: &str, rows: &[String]) -> Vec<u64> {
    let mut line = 1 + line_breaks(header) + 1;
    let mut starts = Vec::new();
    for row in rows {
        if !row.is_empty() {
            starts.push(line);
        }
        line += line_breaks(row) + 1;
    }
    starts
}

proptest! {
    #![proptest_config(config(256))]

    /// (d) Any CSV: the header is refused naming its columns, or each record
    /// becomes a row on the line it starts on, and what is wrong with a row
    /// (its cells, or the request it makes, checked against a pool) has a
    /// path and message to go after `line N:`.
    #[test]
    fn csv_rows_name_their_line(
        (header, rows) in csv_file(),
        ending in select(vec!["\n", "\r\n", "\r"]),
        bytes in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        use cognito_wizard::invite::rows::{RowReader, RowTemplate};
        let facts = PoolFacts::from_request(&CreateUserPoolRequest {
            username_attributes: Some(vec!["email".into()]),
            schema: Some(vec![SchemaAttribute {
                name: Some("team".into()),
                attribute_data_type: Some("String".into()),
                ..Default::default()
            }]),
            ..Default::default()
        });
        let template = RowTemplate {
            user_pool_id: "us-east-1_Prop1".into(),
            username_attributes: vec!["email".into()],
            ..Default::default()
        };
        // Rows with no cells are blank lines.
        let written: Vec<String> = rows
            .iter()
            .map(|cells| cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","))
            .collect();
        let mut head = header.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",");
        if head.is_empty() {
            head.push_str("\"\""); // a blank first line would be skipped
        }
        let mut text = format!("{head}{ending}");
        for line in &written {
            text.push_str(line);
            text.push_str(ending);
        }
        let reader = RowReader::new(Cursor::new(text.clone().into_bytes()), template.clone(), Some(&facts));
        let reader = match reader {
            Err(e) => return Err(TestCaseError::fail(format!("a readable file is unreadable: {e}"))),
            Ok(Err(problems)) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    prop_assert!(p.path == "Header" || p.path.starts_with("Header["), "{p:?}");
                    prop_assert!(!p.message.is_empty());
                }
                None
            }
            Ok(Ok(reader)) => Some(reader),
        };
        if let Some(mut reader) = reader {
            let expected = start_lines(&head, &written);
            let mut seen = Vec::new();
            while let Some(row) = reader.next_row() {
                let row = row.map_err(|e| TestCaseError::fail(format!("{e}")))?;
                for p in &row.problems {
                    prop_assert!(p.path == "Row" || p.path.starts_with("Row."), "{p:?}");
                    prop_assert!(!p.message.is_empty());
                }
                let problems = validate_user(&row.request, Some(&facts));
                for p in &problems {
                    prop_assert!(!p.path.is_empty() && !p.message.is_empty(), "{p:?}");
                }
                // A password is never quoted back.
                let mut marked = row.request.clone();
                if marked.temporary_password.is_some() {
                    marked.temporary_password = Some(MARKER.into());
                    for p in validate_user(&marked, Some(&facts)) {
                        prop_assert!(!p.message.contains(MARKER), "{p:?}");
                    }
                }
                check_call(&Call::AdminCreateUser(row.request.clone()))?;
                seen.push(row.line);
            }
            prop_assert_eq!(seen, expected, "rows start on these lines of:\n{}", text);
        }

        // Bytes that are not UTF-8 or not CSV at all: rows or an error naming the line.
        let mut junk = text.into_bytes();
        junk.extend_from_slice(&bytes);
        if let Ok(Ok(mut reader)) = RowReader::new(Cursor::new(junk), template, Some(&facts)) {
            let mut last = 1;
            while let Some(row) = reader.next_row() {
                match row {
                    Ok(row) => {
                        prop_assert!(row.line > last, "line {} after {last}", row.line);
                        last = row.line;
                    }
                    Err(e) => {
                        prop_assert!(e.to_string().contains("line "), "{e}");
                        break;
                    }
                }
            }
        }
    }
}

// --- against moto ----------------------------------------------------------------------

/// Members a pool request has that DescribeUserPool (moto's, through an older
/// botocore model) does not give back.
fn without_members_moto_does_not_describe(request: &mut CreateUserPoolRequest) {
    request.key_configuration = None;
    request.issuer_configuration = None;
    request.acr_configuration = None;
    if let Some(sms) = request.sms_configuration.as_mut() {
        sms.eums_sms = None;
    }
}

/// Where `described` differs from `sent` on the members `sent` sets (moto
/// fills in defaults for the rest). Lists must match element by element;
/// `Schema` is matched by attribute name.
fn differences(sent: &Value, described: &Value, at: &str, out: &mut Vec<String>) {
    match (sent, described) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match b.get(key) {
                    Some(other) => differences(value, other, &path, out),
                    None => out.push(format!("{path}: sent {value}, not described")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            let by_name = |items: &Vec<Value>| {
                let mut items = items.clone();
                items.sort_by_key(|i| i.get("Name").map(Value::to_string));
                items
            };
            let (a, b) = if at == "Schema" {
                (by_name(a), by_name(b))
            } else {
                (a.clone(), b.clone())
            };
            for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                differences(x, y, &format!("{at}[{i}]"), out);
            }
        }
        _ if sent == described => {}
        _ => out.push(format!("{at}: sent {sent}, described {described}")),
    }
}

/// (Property against the emulator) Any pool the model accepts is created by
/// moto, and DescribeUserPool, cloned, gives back what was sent.
#[test]
fn moto_creates_every_accepted_pool_as_requested() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // Fails (does not skip) without moto.
    let api = runtime.block_on(support::moto_api());
    let mut config = config(24);
    config.source_file = Some(file!());
    config.test_name = Some("moto_creates_every_accepted_pool_as_requested");
    config.max_global_rejects = 2048;
    let mut runner = TestRunner::new(config);
    let result = runner.run(&valid_doc(), |doc| {
        let problems = validate_pool(&doc);
        prop_assume!(!has_errors(&problems), "{:?}", problems);
        runtime.block_on(create_and_compare(&api, doc))
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

async fn create_and_compare(api: &dyn CognitoApi, mut doc: PoolDocument) -> Checked {
    // Unique names: the same moto serves every run.
    let name = doc.create.pool_name.clone().unwrap_or_default();
    doc.create.pool_name = Some(format!("{}-{name}", support::unique_name("prop")));
    let created = cognito_wizard::run::run_pool_plan(api, &doc.plan(), Default::default())
        .await
        .map_err(|e| TestCaseError::fail(format!("moto refused an accepted pool: {e}")))?;
    let described = api
        .describe_user_pool(created.id.clone())
        .await
        .map_err(|e| TestCaseError::fail(format!("DescribeUserPool: {e}")))?;
    let clone = match from_described(&described) {
        Ok(LoadOutcome {
            loaded: Loaded::Pool(clone),
            ..
        }) => clone,
        other => {
            return Err(TestCaseError::fail(format!(
                "the description does not load: {other:?}"
            )))
        }
    };
    // The second call, when there is one, is described by GetUserPoolMfaConfig.
    prop_assert_eq!(
        MfaChoice::from_document(&clone),
        MfaChoice::from_document(&doc)
    );

    let mut expected = doc.create.clone();
    without_members_moto_does_not_describe(&mut expected);
    // Without a password policy in the request, moto describes its default
    // one (TemporaryPasswordValidityDays 7), and a clone then drops the legacy
    // UnusedAccountValidityDays, which that member replaces.
    if expected
        .policies
        .as_ref()
        .is_none_or(|p| p.password_policy.is_none())
    {
        if let Some(admin) = expected.admin_create_user_config.as_mut() {
            admin.unused_account_validity_days = 0;
        }
    }
    let expected = serde_json::to_value(&expected).unwrap();
    let got = serde_json::to_value(&clone.create).unwrap();
    let mut found = Vec::new();
    differences(&expected, &got, "", &mut found);
    prop_assert!(
        found.is_empty(),
        "DescribeUserPool differs from the request:\n{}\nsent: {}\ndescribed: {}",
        found.join("\n"),
        expected,
        serde_json::to_string(&described.user_pool).unwrap()
    );
    Ok(())
}

// --- the checks themselves ---------------------------------------------------------------

#[test]
fn paths_parse_as_the_api_writes_them() {
    assert_eq!(
        parse_path(r#"Schema[2].Name"#),
        Some(vec![
            Step::Member("Schema".into()),
            Step::Index(2),
            Step::Member("Name".into())
        ])
    );
    assert_eq!(
        parse_path(r#"UserPoolTags["a\"]b"].x"#),
        Some(vec![
            Step::Member("UserPoolTags".into()),
            Step::Member("a\"]b".into()),
            Step::Member("x".into())
        ])
    );
    assert_eq!(
        parse_path(r#"[""]"#),
        Some(vec![Step::Member(String::new())])
    );
    for bad in ["", ".a", "a.", "a..b", "a[x]", "a[1", "a[\"x\"", "a]"] {
        assert_eq!(parse_path(bad), None, "{bad:?}");
    }
    let input = json!({"CreateUserPool": {"Schema": [{"Name": 1}]}, "x": {"": 2}});
    assert!(names_part_of(&input, "Schema[0].Name"));
    assert!(names_part_of(&input, r#"x[""]"#));
    assert!(!names_part_of(&input, "Schema[1]"));
}

#[test]
fn mutations_reach_every_node() {
    let seed = json!({"a": [1, {"b": 2}]});
    assert_eq!(node_count(&seed), 5);
    let mut n = 4;
    let mut value = seed.clone();
    *nth_node(&mut value, &mut n).unwrap() = json!("x");
    assert_eq!(value, json!({"a": [1, {"b": "x"}]}));
}

#[test]
fn the_valid_strategy_mostly_makes_valid_pools() {
    let mut runner = TestRunner::new(config(64));
    let mut valid = 0;
    for _ in 0..64 {
        let doc = valid_doc().new_tree(&mut runner).unwrap().current();
        if !has_errors(&validate_pool(&doc)) {
            valid += 1;
        }
    }
    assert!(valid >= 32, "only {valid} of 64 generated pools are valid");
}

#[test]
fn problems_with_odd_paths_fail_the_check() {
    assert!(check_problems(&[Problem::error("", "m")]).is_err());
    assert!(check_problems(&[Problem::error("PoolName", "")]).is_err());
    assert!(check_problems(&[Problem::error("Nonsense", "m")]).is_err());
    assert!(check_problems(&[Problem::error("Schema[0].Name", "m")]).is_ok());
}

#[test]
fn csv_line_endings_do_not_change_line_numbers() {
    use cognito_wizard::invite::rows::{RowReader, RowTemplate};
    for ending in ["\n", "\r\n", "\r"] {
        let text = [
            "username,email",
            "alice,a@example.com",
            "bob,",
            "carol,c@example.com",
        ]
        .join(ending)
            + ending;
        let mut reader = RowReader::new(Cursor::new(text), RowTemplate::default(), None)
            .unwrap()
            .unwrap();
        let lines: Vec<u64> = std::iter::from_fn(|| reader.next_row())
            .map(|r| r.unwrap().line)
            .collect();
        assert_eq!(lines, [2, 3, 4], "line ending {ending:?}");
    }
}
