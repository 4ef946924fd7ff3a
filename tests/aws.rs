//! The SDK adapter and everything that talks to an endpoint:
//!
//! * the preview is the wire: the compact preview equals, byte for byte, the
//!   body the SDK sends (checked on a local capture server);
//! * timeouts, and errors an operator can read;
//! * round trips against moto (the local Cognito emulator `scripts/test.sh`
//!   starts): create, describe and clone, MFA plans, users, listing;
//! * exported files are accepted by the AWS CLI (`--cli-input-json`);
//! * the headless commands of the built binary, end to end.
//!
//! Tests that need moto panic without it (run them with `scripts/test.sh`);
//! the capture-server and offline headless tests need nothing.

mod support;
#[path = "aws/update.rs"]
mod update;

#[path = "aws/hints.rs"]
mod hints;
#[path = "aws/per_call.rs"]
mod per_call;
#[path = "aws/plan.rs"]
mod plan;
#[path = "aws/sign_in.rs"]
mod sign_in;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cognito_wizard::api::{ApiError, CognitoApi, ErrorKind};
use cognito_wizard::app::presets;
use cognito_wizard::model::load::{self, load_str, Loaded};
use cognito_wizard::model::mfa::{
    EmailMfaConfig, SmsMfaConfig, SoftwareTokenMfaConfig, WebAuthnConfiguration,
};
use cognito_wizard::model::pool::*;
use cognito_wizard::model::preview::{self, call_json, Layout, Secrets};
use cognito_wizard::model::{
    AdminCreateUserRequest, Attribute, Call, CreateUserPoolRequest, MfaChoice, Operation, Plan,
    PoolDocument, SetUserPoolMfaConfigRequest,
};
use cognito_wizard::run::run_pool_plan;
use cognito_wizard::validate;
use serde_json::Value;

use support::{
    capture_api, moto_api, moto_url, quick_policy, unique_name, Behaviour, CaptureServer, Recorded,
    CREATED_POOL_ID, TARGET_PREFIX,
};

// --- requests ------------------------------------------------------------------------

const ACCOUNT: &str = "123456789012";

fn lambda(name: &str) -> String {
    format!("arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}")
}

fn kms_key() -> String {
    format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab")
}

fn sms_role() -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/cognito-sms")
}

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| s.to_string()).collect())
}

fn versioned(version: &str, function: &str) -> Option<LambdaVersionConfig> {
    Some(LambdaVersionConfig {
        lambda_version: version.into(),
        lambda_arn: lambda(function),
    })
}

/// SMS settings with every member, End User Messaging included.
fn full_sms() -> SmsConfiguration {
    SmsConfiguration {
        sns_caller_arn: sms_role(),
        external_id: Some("sms-external-id".into()),
        sns_region: Some("us-east-1".into()),
        eums_sms: Some(EumsSmsConfiguration {
            caller_arn: format!("arn:aws:iam::{ACCOUNT}:role/cognito-eums"),
            external_id: Some("eums-external-id".into()),
            origination_identity: Some("+15555550100".into()),
            configuration_set_name: Some("wizard-sms-set".into()),
            in_entity_id: Some("1201160000000000001".into()),
            in_template_id: Some("1207160000000000002".into()),
            region: Some("us-east-1".into()),
        }),
    }
}

/// A `CreateUserPool` request with every member of every structure set, with
/// exactly one entry in each map (the SDK writes maps in hash order). Not a
/// request the service would accept as a whole (AliasAttributes and
/// UsernameAttributes together, say): it checks the serialization only.
fn every_member_pool(name: &str) -> CreateUserPoolRequest {
    CreateUserPoolRequest {
        pool_name: Some(name.into()),
        policies: Some(UserPoolPolicy {
            password_policy: Some(PasswordPolicy {
                minimum_length: Some(12),
                require_uppercase: true,
                require_lowercase: true,
                require_numbers: true,
                require_symbols: true,
                password_history_size: Some(3),
                temporary_password_validity_days: 5,
            }),
            sign_in_policy: Some(SignInPolicy {
                allowed_first_auth_factors: strings(&["PASSWORD", "EMAIL_OTP"]),
            }),
        }),
        deletion_protection: Some("ACTIVE".into()),
        lambda_config: Some(LambdaConfig {
            pre_sign_up: Some(lambda("pre-sign-up")),
            custom_message: Some(lambda("custom-message")),
            post_confirmation: Some(lambda("post-confirmation")),
            pre_authentication: Some(lambda("pre-authentication")),
            post_authentication: Some(lambda("post-authentication")),
            define_auth_challenge: Some(lambda("define-auth-challenge")),
            create_auth_challenge: Some(lambda("create-auth-challenge")),
            verify_auth_challenge_response: Some(lambda("verify-auth-challenge")),
            pre_token_generation: Some(lambda("pre-token-generation")),
            user_migration: Some(lambda("user-migration")),
            pre_token_generation_config: versioned("V2_0", "pre-token-generation"),
            custom_sms_sender: versioned("V1_0", "custom-sms-sender"),
            custom_email_sender: versioned("V1_0", "custom-email-sender"),
            kms_key_id: Some(kms_key()),
            inbound_federation: versioned("V1_0", "inbound-federation"),
        }),
        auto_verified_attributes: strings(&["email"]),
        alias_attributes: strings(&["preferred_username"]),
        username_attributes: strings(&["email"]),
        sms_verification_message: Some("Your code is {####}".into()),
        email_verification_message: Some("Your email code is {####}".into()),
        email_verification_subject: Some("Your code".into()),
        verification_message_template: Some(VerificationMessageTemplate {
            sms_message: Some("Your code is {####}".into()),
            email_message: Some("Your email code is {####}".into()),
            email_subject: Some("Your code".into()),
            email_message_by_link: Some("Verify: {##Click here##}".into()),
            email_subject_by_link: Some("Verify your email".into()),
            default_email_option: Some("CONFIRM_WITH_CODE".into()),
        }),
        sms_authentication_message: Some("Your sign-in code is {####}".into()),
        mfa_configuration: Some("OPTIONAL".into()),
        user_attribute_update_settings: Some(UserAttributeUpdateSettings {
            attributes_require_verification_before_update: strings(&["email"]),
        }),
        device_configuration: Some(DeviceConfiguration {
            challenge_required_on_new_device: true,
            device_only_remembered_on_user_prompt: true,
        }),
        email_configuration: Some(EmailConfiguration {
            source_arn: Some(format!(
                "arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"
            )),
            reply_to_email_address: Some("support@example.com".into()),
            email_sending_account: Some("DEVELOPER".into()),
            from: Some("Example <no-reply@example.com>".into()),
            configuration_set: Some("wizard-email-set".into()),
        }),
        sms_configuration: Some(full_sms()),
        user_pool_tags: Some(BTreeMap::from([("team".into(), "identity".into())])),
        admin_create_user_config: Some(AdminCreateUserConfig {
            allow_admin_create_user_only: true,
            unused_account_validity_days: 3,
            invite_message_template: Some(MessageTemplate {
                sms_message: Some("Hello {username}, your code is {####}".into()),
                email_message: Some("Hello {username}, your password is {####}".into()),
                email_subject: Some("Welcome".into()),
            }),
        }),
        schema: Some(vec![
            SchemaAttribute {
                name: Some("score".into()),
                attribute_data_type: Some("Number".into()),
                developer_only_attribute: Some(false),
                mutable: Some(true),
                required: Some(false),
                number_attribute_constraints: Some(NumberAttributeConstraints {
                    min_value: Some("0".into()),
                    max_value: Some("100".into()),
                }),
                string_attribute_constraints: Some(StringAttributeConstraints {
                    min_length: Some("1".into()),
                    max_length: Some("10".into()),
                }),
            },
            SchemaAttribute {
                name: Some("team".into()),
                attribute_data_type: Some("String".into()),
                developer_only_attribute: Some(false),
                mutable: Some(true),
                required: Some(false),
                number_attribute_constraints: None,
                string_attribute_constraints: Some(StringAttributeConstraints {
                    min_length: Some("1".into()),
                    max_length: Some("64".into()),
                }),
            },
        ]),
        user_pool_add_ons: Some(UserPoolAddOns {
            advanced_security_mode: "AUDIT".into(),
            advanced_security_additional_flows: Some(AdvancedSecurityAdditionalFlows {
                custom_auth_mode: Some("AUDIT".into()),
            }),
        }),
        username_configuration: Some(UsernameConfiguration {
            case_sensitive: false,
        }),
        account_recovery_setting: Some(AccountRecoverySetting {
            recovery_mechanisms: Some(vec![
                RecoveryOption {
                    priority: 1,
                    name: "verified_email".into(),
                },
                RecoveryOption {
                    priority: 2,
                    name: "verified_phone_number".into(),
                },
            ]),
        }),
        user_pool_tier: Some("PLUS".into()),
        key_configuration: Some(KeyConfiguration {
            key_type: Some("CUSTOMER_MANAGED_KEY".into()),
            kms_key_arn: Some(kms_key()),
        }),
        issuer_configuration: Some(IssuerConfiguration {
            issuer_type: Some("UPDATED".into()),
        }),
        acr_configuration: Some(BTreeMap::from([(
            "Level2".into(),
            AcrLevelConfig {
                acr_value: "urn:example:acr:mfa".into(),
            },
        )])),
    }
}

/// Every member a real pool accepts together: [`every_member_pool`] without
/// UsernameAttributes (the service refuses it next to AliasAttributes), the
/// by-link messages (code confirmation is chosen), string constraints on the
/// Number attribute, and UnusedAccountValidityDays (TemporaryPasswordValidityDays replaces
/// it; the service ignores it and DescribeUserPool does not give it back).
fn service_pool(name: &str) -> CreateUserPoolRequest {
    let mut pool = every_member_pool(name);
    pool.username_attributes = None;
    // SNS or End User Messaging, not both (the model's EumsSms documentation).
    if let Some(sms) = pool.sms_configuration.as_mut() {
        sms.eums_sms = None;
    }
    // Link-only settings are refused while DefaultEmailOption is CONFIRM_WITH_CODE.
    if let Some(template) = pool.verification_message_template.as_mut() {
        template.email_message_by_link = None;
        template.email_subject_by_link = None;
    }
    // String constraints only on String attributes.
    if let Some(schema) = pool.schema.as_mut() {
        schema[0].string_attribute_constraints = None;
    }
    if let Some(admin) = pool.admin_create_user_config.as_mut() {
        admin.unused_account_validity_days = 0;
    }
    pool
}

/// [`service_pool`] without the members the AWS CLI v1 (awscli 1.45.11,
/// botocore 1.43.11) does not know yet: its `--cli-input-json` refuses
/// unknown members.
fn cli_v1_pool(name: &str) -> CreateUserPoolRequest {
    let mut pool = service_pool(name);
    pool.key_configuration = None;
    pool.issuer_configuration = None;
    pool.acr_configuration = None;
    if let Some(sms) = pool.sms_configuration.as_mut() {
        sms.eums_sms = None;
    }
    pool
}

fn minimal_pool(name: &str) -> CreateUserPoolRequest {
    CreateUserPoolRequest {
        pool_name: Some(name.into()),
        ..Default::default()
    }
}

/// Structures present but empty: the SDK still writes their always-sent
/// primitives (`false`, `0`, required strings), and so must the preview.
fn empty_structures_pool() -> CreateUserPoolRequest {
    CreateUserPoolRequest {
        pool_name: Some("empty-structures".into()),
        policies: Some(UserPoolPolicy {
            password_policy: Some(PasswordPolicy::default()),
            sign_in_policy: Some(SignInPolicy::default()),
        }),
        lambda_config: Some(LambdaConfig {
            pre_token_generation_config: Some(LambdaVersionConfig::default()),
            ..Default::default()
        }),
        verification_message_template: Some(VerificationMessageTemplate::default()),
        user_attribute_update_settings: Some(UserAttributeUpdateSettings::default()),
        device_configuration: Some(DeviceConfiguration::default()),
        email_configuration: Some(EmailConfiguration::default()),
        sms_configuration: Some(SmsConfiguration::default()),
        admin_create_user_config: Some(AdminCreateUserConfig::default()),
        schema: Some(vec![SchemaAttribute::default()]),
        user_pool_add_ons: Some(UserPoolAddOns {
            advanced_security_mode: "OFF".into(),
            advanced_security_additional_flows: None,
        }),
        username_configuration: Some(UsernameConfiguration::default()),
        account_recovery_setting: Some(AccountRecoverySetting {
            recovery_mechanisms: Some(vec![RecoveryOption::default()]),
        }),
        key_configuration: Some(KeyConfiguration::default()),
        issuer_configuration: Some(IssuerConfiguration::default()),
        ..Default::default()
    }
}

/// An `AdminCreateUser` request with every member (one ClientMetadata entry).
fn every_member_user(pool_id: &str, username: &str) -> AdminCreateUserRequest {
    AdminCreateUserRequest {
        user_pool_id: Some(pool_id.into()),
        username: Some(username.into()),
        user_attributes: Some(vec![
            Attribute::new("email", format!("{username}@example.com")),
            Attribute::new("email_verified", "true"),
            Attribute::new("phone_number", "+15555550123"),
            Attribute::new("name", "Test User"),
        ]),
        validation_data: Some(vec![
            Attribute::new("invited_by", "tests"),
            Attribute {
                name: "no_value".into(),
                value: None,
            },
        ]),
        temporary_password: Some("Temp-Pass-123!".into()),
        force_alias_creation: Some(true),
        message_action: Some("SUPPRESS".into()),
        desired_delivery_mediums: strings(&["EMAIL", "SMS"]),
        client_metadata: Some(BTreeMap::from([("origin".into(), "tests".into())])),
    }
}

/// A `SetUserPoolMfaConfig` request with every member.
fn every_member_mfa(pool_id: Option<&str>) -> SetUserPoolMfaConfigRequest {
    SetUserPoolMfaConfigRequest {
        user_pool_id: pool_id.map(str::to_owned),
        sms_mfa_configuration: Some(SmsMfaConfig {
            sms_authentication_message: Some("Your sign-in code is {####}".into()),
            sms_configuration: Some(full_sms()),
        }),
        software_token_mfa_configuration: Some(SoftwareTokenMfaConfig { enabled: true }),
        email_mfa_configuration: Some(EmailMfaConfig {
            message: Some("Your sign-in code is {####}".into()),
            subject: Some("Sign-in code".into()),
        }),
        mfa_configuration: Some("ON".into()),
        web_authn_configuration: Some(WebAuthnConfiguration {
            relying_party_id: Some("auth.example.com".into()),
            user_verification: Some("required".into()),
            factor_configuration: Some("MULTI_FACTOR_WITH_USER_VERIFICATION".into()),
        }),
    }
}

fn compact(call: &Call) -> String {
    call_json(call, Layout::Compact, Secrets::Reveal)
}

// --- the preview is the wire ------------------------------------------------------------

/// Sends one call through the SDK to a fresh capture server and returns the
/// request it received.
async fn capture(call: Call) -> Recorded {
    let server = CaptureServer::start();
    let api = capture_api(&server, quick_policy()).await;
    let operation = call.operation().name();
    match call {
        Call::CreateUserPool(r) => {
            api.create_user_pool(r).await.expect("CreateUserPool");
        }
        Call::SetUserPoolMfaConfig(r) => {
            api.set_user_pool_mfa_config(r)
                .await
                .expect("SetUserPoolMfaConfig");
        }
        Call::AdminCreateUser(r) => {
            api.admin_create_user(r).await.expect("AdminCreateUser");
        }
        other => panic!("the later calls of a plan are sent by plan::sent_body: {other:?}"),
    }
    server.single(operation)
}

fn assert_is_call(recorded: &Recorded, operation: &str) {
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.path, "/");
    assert_eq!(
        recorded.target(),
        Some(format!("{TARGET_PREFIX}{operation}").as_str()),
        "X-Amz-Target"
    );
    assert_eq!(
        recorded.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
}

/// The compact preview and the SDK's body, byte for byte.
async fn assert_wire_equals_preview(call: Call) {
    let expected = compact(&call);
    let operation = call.operation().name();
    assert_sent_as(&capture(call).await, operation, &expected);
}

/// `recorded` is a call of `operation` whose body is `expected`, byte for byte.
fn assert_sent_as(recorded: &Recorded, operation: &str, expected: &str) {
    assert_is_call(recorded, operation);
    assert_eq!(
        recorded.body_text(),
        expected,
        "\nthe SDK sent (left) something other than the compact preview (right)"
    );
}

#[tokio::test]
async fn minimal_create_user_pool_is_sent_as_previewed() {
    let call = Call::CreateUserPool(minimal_pool("minimal"));
    assert_eq!(compact(&call), r#"{"PoolName":"minimal"}"#);
    assert_wire_equals_preview(call).await;
}

#[tokio::test]
async fn every_member_of_create_user_pool_is_sent_as_previewed() {
    assert_wire_equals_preview(Call::CreateUserPool(every_member_pool("every-member"))).await;
}

#[tokio::test]
async fn empty_structures_carry_the_always_sent_primitives() {
    let call = Call::CreateUserPool(empty_structures_pool());
    let preview = compact(&call);
    for fragment in [
        r#""Policies":{"PasswordPolicy":{"RequireUppercase":false,"RequireLowercase":false,"RequireNumbers":false,"RequireSymbols":false,"TemporaryPasswordValidityDays":0},"SignInPolicy":{}}"#,
        r#""AdminCreateUserConfig":{"AllowAdminCreateUserOnly":false,"UnusedAccountValidityDays":0}"#,
        r#""DeviceConfiguration":{"ChallengeRequiredOnNewDevice":false,"DeviceOnlyRememberedOnUserPrompt":false}"#,
        r#""UsernameConfiguration":{"CaseSensitive":false}"#,
        r#""UserPoolAddOns":{"AdvancedSecurityMode":"OFF"}"#,
        r#""SmsConfiguration":{"SnsCallerArn":""}"#,
        r#""RecoveryMechanisms":[{"Priority":0,"Name":""}]"#,
    ] {
        assert!(preview.contains(fragment), "{fragment} not in {preview}");
    }
    assert_wire_equals_preview(call).await;
}

#[tokio::test]
async fn every_member_of_admin_create_user_is_sent_as_previewed() {
    let call = Call::AdminCreateUser(every_member_user("us-east-1_pool", "alice"));
    assert_wire_equals_preview(call).await;
}

#[tokio::test]
async fn every_member_of_set_user_pool_mfa_config_is_sent_as_previewed() {
    assert_wire_equals_preview(Call::SetUserPoolMfaConfig(every_member_mfa(Some(
        "us-east-1_pool",
    ))))
    .await;
}

/// Through the plan runner, as the wizard and `create-pool` send it: the
/// second call gets the new pool's id and is otherwise the previewed one.
#[tokio::test]
async fn plan_runner_sends_both_calls_as_previewed() {
    let server = CaptureServer::start();
    let api = capture_api(&server, quick_policy()).await;
    let doc = PoolDocument {
        create: minimal_pool("two-calls"),
        mfa: Some(every_member_mfa(None)),
        ..Default::default()
    };
    let plan = doc.plan();
    let created = run_pool_plan(&api, &plan, Default::default())
        .await
        .expect("plan runs");
    assert_eq!(created.id, CREATED_POOL_ID);

    let requests = server.requests();
    let operations: Vec<_> = requests.iter().filter_map(Recorded::operation).collect();
    assert_eq!(operations, ["CreateUserPool", "SetUserPoolMfaConfig"]);
    assert_is_call(&requests[0], "CreateUserPool");
    assert_is_call(&requests[1], "SetUserPoolMfaConfig");
    assert_eq!(requests[0].body_text(), compact(&plan.calls[0]));
    let filled = Call::SetUserPoolMfaConfig(every_member_mfa(Some(CREATED_POOL_ID)));
    assert_eq!(requests[1].body_text(), compact(&filled));
}

/// Splits `body` into the text without the member `"<name>":<value>` and that
/// value, so the rest can be compared byte for byte.
fn cut_member(body: &str, name: &str) -> (String, Value) {
    let key = format!("\"{name}\":");
    let start = body
        .find(&key)
        .unwrap_or_else(|| panic!("{name} in {body}"));
    let value_start = start + key.len();
    let mut values = serde_json::Deserializer::from_str(&body[value_start..]).into_iter::<Value>();
    let value = values.next().expect("a value").expect("valid JSON");
    let value_end = value_start + values.byte_offset();
    (format!("{}{}", &body[..start], &body[value_end..]), value)
}

/// Several tags: the SDK holds maps in a `HashMap` and writes the entries in
/// its (random) hash order, while the preview sorts them. JSON gives object
/// member order no meaning, so the service reads both the same. The map is
/// compared as a map; everything around it, byte for byte.
#[tokio::test]
async fn maps_with_several_entries_match_in_any_order() {
    let mut request = minimal_pool("tagged");
    request.user_pool_tags = Some(BTreeMap::from([
        ("team".into(), "identity".into()),
        ("env".into(), "test".into()),
        ("cost-center".into(), "1234".into()),
        ("owner".into(), "alice".into()),
    ]));
    request.mfa_configuration = Some("OFF".into());
    let call = Call::CreateUserPool(request);
    let preview = compact(&call);
    let recorded = capture(call).await;
    assert_is_call(&recorded, "CreateUserPool");

    let (sent_rest, sent_tags) = cut_member(recorded.body_text(), "UserPoolTags");
    let (preview_rest, preview_tags) = cut_member(&preview, "UserPoolTags");
    assert_eq!(sent_rest, preview_rest);
    assert_eq!(sent_tags, preview_tags);
    assert_eq!(sent_tags.as_object().map(|m| m.len()), Some(4));
    let sent: Value = serde_json::from_slice(&recorded.body).unwrap();
    let previewed: Value = serde_json::from_str(&preview).unwrap();
    assert_eq!(sent, previewed);
}

// --- timeouts and readable errors ----------------------------------------------------

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = CaptureServer::start();
    server.set("CreateUserPool", Behaviour::NeverAnswer);
    let api = capture_api(&server, quick_policy()).await;
    let err = api
        .create_user_pool(minimal_pool("hangs"))
        .await
        .expect_err("no answer is an error");
    assert_eq!(err.kind, ErrorKind::Timeout, "{err:?}");
    assert!(err.is_transient());
    assert!(err.hint.is_some(), "{err:?}");
    assert!(!err.to_string().is_empty());
    assert_eq!(server.requests_for("CreateUserPool").len(), 1);
}

async fn error_for(behaviour: Behaviour, call: Call) -> ApiError {
    let server = CaptureServer::start();
    let operation = call.operation().name();
    server.set(operation, behaviour);
    let api = capture_api(&server, quick_policy()).await;
    let result = match call {
        Call::CreateUserPool(r) => api.create_user_pool(r).await.map(|_| ()),
        Call::SetUserPoolMfaConfig(r) => api.set_user_pool_mfa_config(r).await,
        Call::AdminCreateUser(r) => api.admin_create_user(r).await.map(|_| ()),
        other => panic!("not used with later calls: {other:?}"),
    };
    result.expect_err("the server answered with an error")
}

#[tokio::test]
async fn service_errors_carry_code_message_and_hint() {
    let err = error_for(
        Behaviour::error(
            400,
            "UsernameExistsException",
            "User account already exists",
        ),
        Call::AdminCreateUser(every_member_user("us-east-1_pool", "alice")),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::Service);
    assert_eq!(err.code.as_deref(), Some("UsernameExistsException"));
    assert_eq!(err.message, "User account already exists");
    assert!(err.hint.is_some(), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("UsernameExistsException"), "{shown}");
    assert!(shown.contains("User account already exists"), "{shown}");
    assert!(!shown.contains("service error"), "{shown}");
    assert!(!err.is_transient());
}

#[tokio::test]
async fn sms_role_errors_say_to_wait_for_propagation() {
    let err = error_for(
        Behaviour::error(
            400,
            "InvalidSmsRoleTrustRelationshipException",
            "Role does not have a trust relationship allowing Cognito to assume the role.",
        ),
        Call::CreateUserPool(service_pool("sms-role")),
    )
    .await;
    assert_eq!(
        err.code.as_deref(),
        Some("InvalidSmsRoleTrustRelationshipException")
    );
    let hint = err.hint.as_deref().expect("a hint");
    assert!(hint.contains("propagat"), "{hint}");
    assert!(hint.contains("retry in a minute"), "{hint}");
    assert!(err.to_string().contains("trust relationship"), "{err}");
}

#[tokio::test]
async fn throttling_is_its_own_kind() {
    let err = error_for(
        Behaviour::error(400, "TooManyRequestsException", "Rate exceeded"),
        Call::CreateUserPool(minimal_pool("throttled")),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::Throttled, "{err:?}");
    assert_eq!(err.code.as_deref(), Some("TooManyRequestsException"));
    assert!(err.is_transient());
}

/// No Rust `Debug` dumps (raw responses, struct names) in what an operator reads.
fn assert_in_words(shown: &str) {
    for noise in [
        "SdkBody",
        "ResponseError {",
        "DispatchFailure {",
        "Extensions",
    ] {
        assert!(!shown.contains(noise), "{noise} in {shown}");
    }
}

/// A proxy's HTML error page: no error code to report, so the error says what
/// came back (status and text) instead of the SDK's bare "service error".
#[tokio::test]
async fn an_html_error_page_is_a_bad_response_in_words() {
    let err = error_for(
        Behaviour::html(
            500,
            "<html><body><h1>502 Bad Gateway</h1>upstream unavailable</body></html>",
        ),
        Call::CreateUserPool(minimal_pool("html")),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::BadResponse, "{err:?}");
    assert_eq!(err.code, None);
    assert!(err.is_transient());
    assert!(err.hint.is_some(), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("HTTP 500"), "{shown}");
    assert!(shown.contains("502 Bad Gateway"), "{shown}");
    assert!(
        shown.contains("a proxy in front of it failed; retry"),
        "{shown}"
    );
    assert_in_words(&shown);

    // A 4xx page is no outage: the endpoint is likely not Cognito at all.
    let err = error_for(
        Behaviour::html(404, "<html>Not Found</html>"),
        Call::CreateUserPool(minimal_pool("html-404")),
    )
    .await;
    let shown = err.to_string();
    assert!(shown.contains("HTTP 404"), "{shown}");
    assert!(
        shown.contains("is --endpoint-url a Cognito endpoint?"),
        "{shown}"
    );
    assert_in_words(&shown);
}

/// A 5xx with a JSON body but no error code.
#[tokio::test]
async fn a_server_error_without_a_code_is_a_bad_response_in_words() {
    let err = error_for(
        Behaviour::json(503, "{}"),
        Call::CreateUserPool(minimal_pool("no-code")),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::BadResponse, "{err:?}");
    assert_eq!(err.code, None);
    assert!(err.is_transient());
    let shown = err.to_string();
    assert!(shown.contains("HTTP 503"), "{shown}");
    assert_in_words(&shown);
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error() {
    let err = error_for(
        Behaviour::DropConnection,
        Call::CreateUserPool(minimal_pool("dropped")),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::Network, "{err:?}");
    assert!(err.is_transient());
    assert!(err.hint.is_some(), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("connection closed"), "{shown}");
    assert_in_words(&shown);
}

// --- against moto ------------------------------------------------------------------------

fn pool_of(outcome: load::LoadOutcome) -> PoolDocument {
    match outcome.loaded {
        Loaded::Pool(doc) => doc,
        other => panic!("expected a pool document, got {other:?}"),
    }
}

/// The members two pool requests disagree on, for a readable failure.
fn differing_members(a: &Value, b: &Value) -> Vec<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return vec!["(not objects)".into()];
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            format!(
                "{k}:\n  sent:      {:?}\n  described: {:?}",
                a.get(k),
                b.get(k)
            )
        })
        .collect()
}

/// `actual` has every member `expected` has, with the same value, and no other.
fn assert_same_members(expected: &Value, actual: &Value, what: &str) {
    let differences = differing_members(expected, actual);
    assert!(
        differences.is_empty(),
        "{what} differs (expected, then actual):\n{}",
        differences.join("\n")
    );
}

/// What moto leaves out of DescribeUserPool. It answers through botocore's
/// model (1.44.8, pinned), which describes every member the tool sends but
/// End User Messaging SMS.
fn without_members_moto_does_not_describe(request: &mut CreateUserPoolRequest) {
    if let Some(sms) = request.sms_configuration.as_mut() {
        sms.eums_sms = None;
    }
}

#[tokio::test]
async fn moto_creates_every_member_and_describe_clones_it() {
    let api = moto_api().await;
    let name = unique_name("every-member");
    let sent = service_pool(&name);
    let doc = PoolDocument::new(sent.clone());
    let problems = validate::validate_pool(&doc);
    assert!(
        !cognito_wizard::problem::has_errors(&problems),
        "the request is valid: {problems:#?}"
    );

    let created = api.create_user_pool(sent.clone()).await.expect("created");
    assert!(created.id.starts_with("us-east-1_"), "{created:?}");
    assert!(created
        .arn
        .as_deref()
        .is_some_and(|a| a.ends_with(&created.id)));
    assert_eq!(created.name.as_deref(), Some(name.as_str()));

    let described = api
        .describe_user_pool(created.id.clone())
        .await
        .expect("described");
    assert_eq!(described.user_pool["Id"], created.id.as_str());
    let clone = pool_of(load::from_described(&described).expect("loads"));
    // MFA stays in CreateUserPool (SMS only): no second call.
    assert_eq!(clone.mfa, None);

    // What we sent, read the way a file is read: the deprecated top-level
    // messages move into VerificationMessageTemplate (they equal it here).
    let mut expected = pool_of(
        load::load_value(
            serde_json::to_value(&sent).unwrap(),
            Some(Operation::CreateUserPool),
        )
        .expect("loads"),
    )
    .create;
    assert_eq!(expected.sms_verification_message, None);
    without_members_moto_does_not_describe(&mut expected);

    let expected = serde_json::to_value(&expected).unwrap();
    let cloned = serde_json::to_value(&clone.create).unwrap();
    assert_same_members(&expected, &cloned, "the clone");
}

/// A pool created with nothing but a name describes itself with Cognito's
/// default email texts; its clone leaves them out (they would be custom texts,
/// which need DEVELOPER email), validates cleanly, and is created.
#[tokio::test]
async fn moto_clones_a_pool_made_with_defaults() {
    let api = moto_api().await;
    let created = api
        .create_user_pool(minimal_pool(&unique_name("defaults")))
        .await
        .expect("created");
    let described = api
        .describe_user_pool(created.id.clone())
        .await
        .expect("described");
    let outcome = load::from_described(&described).expect("loads");
    let left_out: Vec<&str> = outcome
        .notes
        .iter()
        .filter(|n| {
            n.message
                .starts_with("left out: the source pool shows Cognito's default")
        })
        .map(|n| n.path.as_str())
        .collect();
    assert!(
        left_out.contains(&"VerificationMessageTemplate.EmailMessage")
            && left_out.contains(&"AdminCreateUserConfig.InviteMessageTemplate.EmailMessage"),
        "{:#?}",
        outcome.notes
    );
    let mut clone = pool_of(outcome);
    let problems = validate::validate_pool(&clone);
    assert!(
        !cognito_wizard::problem::has_errors(&problems),
        "{problems:#?}"
    );
    clone.create.pool_name = Some(unique_name("defaults-clone"));
    let copy = api
        .create_user_pool(clone.create.clone())
        .await
        .expect("the clone is created");
    assert!(copy.id.starts_with("us-east-1_"), "{copy:?}");
}

#[tokio::test]
async fn moto_runs_a_totp_plan_in_two_calls() {
    let api = moto_api().await;
    let mut doc = PoolDocument::new(minimal_pool(&unique_name("totp")));
    MfaChoice {
        mode: "OPTIONAL".into(),
        totp: true,
        ..Default::default()
    }
    .apply(&mut doc);
    let plan = doc.plan();
    assert_eq!(plan.calls.len(), 2);
    let created = run_pool_plan(&api, &plan, Default::default())
        .await
        .expect("plan runs");

    let described = api.describe_user_pool(created.id.clone()).await.unwrap();
    // Not checked: DescribeUserPool's MfaConfiguration. moto answers it from
    // the CreateUserPool request ("OFF") even after SetUserPoolMfaConfig
    // (the service answers "OPTIONAL"); GetUserPoolMfaConfig is right.
    let mfa = described.mfa_config.as_ref().expect("GetUserPoolMfaConfig");
    assert_eq!(mfa["MfaConfiguration"], "OPTIONAL");
    assert_eq!(mfa["SoftwareTokenMfaConfiguration"]["Enabled"], true);

    // Cloned, it is the same two-call plan again.
    let clone = pool_of(load::from_described(&described).unwrap());
    assert_eq!(
        MfaChoice::from_document(&clone),
        MfaChoice::from_document(&doc)
    );
    assert_eq!(clone.create.mfa_configuration.as_deref(), Some("OFF"));
}

#[tokio::test]
async fn moto_creates_users_and_refuses_a_duplicate_readably() {
    let api = moto_api().await;
    let pool = api
        .create_user_pool(minimal_pool(&unique_name("users")))
        .await
        .unwrap();
    let request = every_member_user(&pool.id, "alice");
    let user = api
        .admin_create_user(request.clone())
        .await
        .expect("created");
    assert_eq!(user.username, "alice");
    assert_eq!(user.status.as_deref(), Some("FORCE_CHANGE_PASSWORD"));
    assert!(user.enabled);
    assert!(user
        .attributes
        .contains(&("email".into(), "alice@example.com".into())));

    let err = api
        .admin_create_user(request)
        .await
        .expect_err("the user exists");
    assert_eq!(err.kind, ErrorKind::Service);
    assert_eq!(err.code.as_deref(), Some("UsernameExistsException"));
    assert!(!err.message.is_empty());
    let hint = err.hint.as_deref().expect("a hint");
    assert!(hint.contains("RESEND"), "{hint}");
    assert!(err.to_string().contains("UsernameExistsException"));
}

#[tokio::test]
async fn moto_lists_a_new_pool() {
    let api = moto_api().await;
    let name = unique_name("listed");
    let pool = api.create_user_pool(minimal_pool(&name)).await.unwrap();
    let pools = api.list_user_pools().await.expect("listed");
    assert!(
        pools.iter().any(|p| p.id == pool.id && p.name == name),
        "{} not among {} pools",
        pool.id,
        pools.len()
    );
}

#[tokio::test]
async fn moto_reports_an_unknown_pool() {
    let api = moto_api().await;
    let err = api
        .describe_user_pool("us-east-1_doesnotexist".into())
        .await
        .expect_err("no such pool");
    assert_eq!(err.code.as_deref(), Some("ResourceNotFoundException"));
    assert!(err.hint.is_some());
}

// --- the AWS CLI accepts exports ---------------------------------------------------------

struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        let dir = std::env::temp_dir().join(unique_name(&format!("cognito-wizard-{label}")));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the AWS CLI (the venv's, first on PATH under scripts/test.sh) against
/// moto with an exported file; returns its JSON output.
fn aws_cli(command: &str, file: &Path) -> Value {
    let input = format!("file://{}", file.display());
    aws_cli_args(&[command, "--cli-input-json", &input])
}

/// The AWS CLI against moto with these arguments; its JSON output (`null`
/// when it prints nothing).
fn aws_cli_args(args: &[&str]) -> Value {
    let output = Command::new("aws")
        .arg("cognito-idp")
        .args(args)
        .args(["--endpoint-url", &moto_url(), "--region", "us-east-1"])
        .args(["--output", "json"])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_PAGER", "")
        .stdin(Stdio::null())
        .output()
        .expect("the AWS CLI runs (scripts/test.sh puts it on PATH)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let file = args
        .iter()
        .find_map(|a| a.strip_prefix("file://"))
        .and_then(|f| std::fs::read_to_string(f).ok())
        .unwrap_or_default();
    assert!(
        output.status.success(),
        "aws cognito-idp {args:?} failed ({}):\n{stderr}\nfile:\n{file}",
        output.status,
    );
    if stdout.trim().is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn export(call: &Call) -> String {
    call_json(call, Layout::Pretty, Secrets::Omit)
}

#[test]
fn aws_cli_accepts_exported_requests() {
    let dir = TempDir::new("cli");
    let pool_call = Call::CreateUserPool(cli_v1_pool(&unique_name("cli")));
    let pool_file = dir.write("pool.json", &export(&pool_call));
    let created = aws_cli("create-user-pool", &pool_file);
    let pool_id = created["UserPool"]["Id"]
        .as_str()
        .unwrap_or_else(|| panic!("a UserPool Id in {created}"))
        .to_owned();
    assert!(pool_id.starts_with("us-east-1_"), "{pool_id}");

    // Exports leave secrets out; what is left is still a complete request.
    let user_call = Call::AdminCreateUser(every_member_user(&pool_id, "bob"));
    let user_export = export(&user_call);
    assert!(!user_export.contains("TemporaryPassword"), "{user_export}");
    let user_file = dir.write("user.json", &user_export);
    let user = aws_cli("admin-create-user", &user_file);
    assert_eq!(user["User"]["Username"], "bob", "{user}");

    let mut mfa = every_member_mfa(Some(&pool_id));
    if let Some(sms) = mfa
        .sms_mfa_configuration
        .as_mut()
        .and_then(|s| s.sms_configuration.as_mut())
    {
        sms.eums_sms = None; // unknown to the AWS CLI v1 model
    }
    let mfa_file = dir.write("mfa.json", &export(&Call::SetUserPoolMfaConfig(mfa)));
    let answer = aws_cli("set-user-pool-mfa-config", &mfa_file);
    assert_eq!(answer["MfaConfiguration"], "ON", "{answer}");
}

// --- the headless commands, end to end -----------------------------------------------------

fn wizard(args: &[&str], stdin: Option<&str>) -> support::Run {
    support::run_binary(args, stdin)
}

fn against_moto<'a>(url: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--endpoint-url", url, "--region", "us-east-1"];
    all.extend_from_slice(args);
    all
}

/// A pool request the validator accepts.
fn valid_pool(name: &str) -> CreateUserPoolRequest {
    let mut pool = minimal_pool(name);
    pool.policies = Some(UserPoolPolicy {
        password_policy: Some(PasswordPolicy {
            minimum_length: Some(10),
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: false,
            password_history_size: None,
            temporary_password_validity_days: 7,
        }),
        sign_in_policy: None,
    });
    pool.auto_verified_attributes = strings(&["email"]);
    pool.mfa_configuration = Some("OFF".into());
    pool.user_pool_tags = Some(BTreeMap::from([("team".into(), "identity".into())]));
    pool
}

#[test]
fn headless_validate_exit_codes() {
    let dir = TempDir::new("validate");
    let valid = dir.write(
        "valid.json",
        &export(&Call::CreateUserPool(valid_pool("valid"))),
    );
    let run = wizard(&["validate", valid.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");

    let invalid = dir.write(
        "invalid.json",
        r#"{"PoolName":"p","MfaConfiguration":"SOMETIMES","Policies":{"PasswordPolicy":{"MinimumLength":3}}}"#,
    );
    let run = wizard(&["validate", invalid.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.iter().any(|l| l.starts_with("MfaConfiguration: ")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Policies.PasswordPolicy.MinimumLength: ")),
        "{lines:?}"
    );
    for line in &lines {
        let (path, message) = line.split_once(": ").expect("<Path>: <message>");
        assert!(!path.is_empty() && !path.contains(' '), "{line}");
        assert!(!message.is_empty(), "{line}");
    }

    let unknown = dir.write("unknown.json", r#"{"PoolName":"p","MfaConfiguraton":"ON"}"#);
    let run = wizard(&["validate", unknown.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("MfaConfiguraton: unknown member"),
        "{}",
        run.stdout
    );

    let broken = dir.write("broken.json", "{\n  \"PoolName\": \"p\",\n}\n");
    let run = wizard(&["validate", broken.to_str().unwrap()], None);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("line 3, column 1"), "{}", run.stderr);
}

#[test]
fn headless_preview_is_the_compact_wire_form() {
    let dir = TempDir::new("preview");
    let call = Call::CreateUserPool(valid_pool("previewed"));
    let file = dir.write("pool.json", &export(&call));
    let run = wizard(&["preview", "--compact", file.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{}\n", compact(&call)));

    // A two-call plan: one line per call, the pool id as a placeholder.
    let mut doc = PoolDocument::new(valid_pool("two-calls"));
    MfaChoice {
        mode: "ON".into(),
        totp: true,
        ..Default::default()
    }
    .apply(&mut doc);
    let plan_file = dir.write(
        "plan.json",
        &serde_json::to_string_pretty(&doc.to_file_value()).unwrap(),
    );
    let run = wizard(&["preview", "--compact", plan_file.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: Vec<String> = doc.plan().calls.iter().map(compact).collect();
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), expected);
    assert!(run.stderr.contains("call 2 of 2: SetUserPoolMfaConfig"));

    // Standard input.
    let run = wizard(&["preview", "--compact", "-"], Some(&export(&call)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{}\n", compact(&call)));
}

#[test]
fn headless_preview_leaves_secrets_out_unless_asked() {
    let dir = TempDir::new("secrets");
    let call = Call::AdminCreateUser(every_member_user("us-east-1_pool", "carol"));
    let file = dir.write("user.json", &compact(&call));
    let path = file.to_str().unwrap();

    let run = wizard(&["preview", "--compact", path], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("Temp-Pass-123!"), "{}", run.stdout);
    assert!(!run.stdout.contains("TemporaryPassword"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("note: TemporaryPassword is a secret and is left out; --include-secrets"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stdout.trim_end(),
        call_json(&call, Layout::Compact, Secrets::Omit)
    );

    let run = wizard(&["preview", "--compact", "--include-secrets", path], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim_end(), compact(&call));
}

#[test]
fn headless_create_pool_and_users_against_moto() {
    let url = moto_url();
    let dir = TempDir::new("headless");
    let name = unique_name("headless");
    let pool_file = dir.write(
        "pool.json",
        &export(&Call::CreateUserPool(valid_pool(&name))),
    );
    let run = wizard(
        &against_moto(&url, &["create-pool", pool_file.to_str().unwrap()]),
        None,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let created: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let id = created["Id"].as_str().expect("Id").to_owned();
    assert!(id.starts_with("us-east-1_"), "{created}");
    assert!(
        created["Arn"].as_str().is_some_and(|a| a.ends_with(&id)),
        "{created}"
    );
    assert_eq!(created["Name"], name.as_str());

    // The same file from standard input makes a second pool.
    let run = wizard(
        &against_moto(&url, &["create-pool", "-"]),
        Some(&std::fs::read_to_string(&pool_file).unwrap()),
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let second: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_ne!(second["Id"], id.as_str());

    let user = AdminCreateUserRequest {
        user_pool_id: Some(id.clone()),
        username: Some("dave".into()),
        user_attributes: Some(vec![Attribute::new("email", "dave@example.com")]),
        temporary_password: Some("Temp-Pass-123!".into()),
        message_action: Some("SUPPRESS".into()),
        ..Default::default()
    };
    let user_file = dir.write("user.json", &compact(&Call::AdminCreateUser(user)));
    let args = against_moto(&url, &["create-user", user_file.to_str().unwrap()]);
    let run = wizard(&args, None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let made: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(made["Username"], "dave", "{made}");
    assert_eq!(made["Status"], "FORCE_CHANGE_PASSWORD", "{made}");

    let run = wizard(&args, None);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("UsernameExistsException"),
        "{}",
        run.stderr
    );
}

#[test]
fn headless_create_pool_reports_an_unreachable_endpoint() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let dir = TempDir::new("unreachable");
    let file = dir.write(
        "pool.json",
        &export(&Call::CreateUserPool(valid_pool("nowhere"))),
    );
    let run = wizard(
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--timeout",
            "5",
            "create-pool",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("CreateUserPool failed"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

// --- every export loads back -----------------------------------------------------------------

/// The plan a document file stands for, as the tool reads it.
fn plan_of(text: &str, forced: Option<Operation>) -> Plan {
    match load_str(text, forced).expect("loads back").loaded {
        Loaded::Pool(doc) => doc.plan(),
        other => panic!("expected a pool document, got {other:?}"),
    }
}

/// Every preset, and a pool using every step with a second call: what
/// `preview` prints, what `create-pool --dry-run` shows and what the wizard
/// exports all load back as the same plan, through `validate`, `preview`,
/// `create-pool --dry-run` and the loader the wizard's "Open a file" uses.
#[test]
fn every_export_loads_back_as_the_same_plan() {
    let dir = TempDir::new("round-trip");
    let mut documents: Vec<(String, PoolDocument)> = presets::list()
        .iter()
        .map(|p| {
            (
                p.file.clone(),
                presets::load(&p.file).expect("preset loads"),
            )
        })
        .collect();
    let mut every_step = PoolDocument::new(service_pool("every-step"));
    every_step.mfa = presets::load("email-totp.json").unwrap().mfa;
    every_step.create.mfa_configuration = Some("OFF".into());
    // As the wizard holds it: read once (the deprecated copies of the
    // template's texts fold into the template).
    let text = preview::plan_document(&every_step.plan(), Secrets::Reveal);
    let Loaded::Pool(every_step) = load_str(&text, None).expect("loads").loaded else {
        panic!("a pool")
    };
    documents.push(("every-step".into(), every_step));
    for (name, doc) in documents {
        let plan = doc.plan();
        let source = dir.write(
            &format!("{name}.source.json"),
            &preview::plan_document(&plan, Secrets::Reveal),
        );
        let source = source.to_str().unwrap();
        let printed = wizard(&["preview", "--include-secrets", source], None);
        assert_eq!(printed.code, 0, "{name}: {}", printed.stderr);
        assert_eq!(
            plan_of(&printed.stdout, None),
            plan,
            "{name}: preview output"
        );
        let saved = dir.write(&format!("{name}.preview.json"), &printed.stdout);
        let saved = saved.to_str().unwrap();
        for command in [
            &["validate"][..],
            &["preview", "--include-secrets"],
            &["create-pool", "--dry-run"],
        ] {
            let mut args = command.to_vec();
            args.push(saved);
            let run = wizard(&args, None);
            assert_eq!(
                run.code, 0,
                "{name} {command:?}: {}{}",
                run.stdout, run.stderr
            );
        }
        let again = wizard(&["preview", "--include-secrets", saved], None);
        assert_eq!(
            again.stdout, printed.stdout,
            "{name}: preview of the preview"
        );
        let dry = wizard(&["create-pool", "--dry-run", saved], None);
        if plan.calls.len() > 1 {
            // The dry run leaves secrets out, like preview without --include-secrets.
            let without_secrets = plan_of(&preview::plan_document(&plan, Secrets::Omit), None);
            assert_eq!(
                plan_of(&dry.stdout, None),
                without_secrets,
                "{name}: dry-run output"
            );
        }
        // The second call's file alone validates, its placeholder named.
        if let Some(second) = plan.calls.get(1) {
            let file = dir.write(
                &format!("{name}.set-user-pool-mfa-config.json"),
                &call_json(second, Layout::Pretty, Secrets::Reveal),
            );
            let file = file.to_str().unwrap();
            let run = wizard(&["validate", file], None);
            assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
            assert!(run.stderr.contains("placeholder"), "{}", run.stderr);
            let forced = wizard(
                &["validate", "--operation", "set-user-pool-mfa-config", file],
                None,
            );
            assert_eq!(forced.code, 0, "{}", forced.stderr);
        }
    }
}

/// No credentials anywhere: the SDK reports a dispatch failure; the tool says
/// what it is and what to do, not "the connection failed; retry".
#[test]
fn missing_credentials_are_named_as_such() {
    let preset = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/presets/minimal.json");
    let output = support::binary_command()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
        ])
        .args(["create-pool", preset])
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("no usable AWS credentials"), "{stderr}");
    assert!(!stderr.contains("the connection failed; retry"), "{stderr}");
}
