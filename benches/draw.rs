//! Per-frame and per-keystroke costs of the wizard's heaviest screens.
//!
//! Each draw is one full `terminal.draw(|f| ui::draw(f, &app))` on ratatui's
//! `TestBackend` at 200×60 (the terminal diff and buffer swap included):
//!
//! * `draw/start`: the Start screen, the lightest one, as the baseline;
//! * `draw/attributes_50`: the Attributes step with the 50 schema attributes a
//!   pool can hold (all 17 standard ones customised, 33 custom ones);
//! * `draw/review_full`: the Review step of a pool with every member set and
//!   the two-call plan (CreateUserPool + SetUserPoolMfaConfig), whose JSON
//!   preview runs to a few hundred lines;
//! * `draw/triggers_full`: the form step with the most fields (Triggers, every
//!   trigger set), and `draw/triggers_full_preview` with the live JSON preview
//!   pane beside it (`p`).
//!
//! `update/keystroke` is the other per-keystroke cost: `App::update` for one
//! key typed into a text field (the pool name) of that same big document,
//! which re-validates the document, re-renders the preview and encodes the
//! autosave draft. Keystrokes alternate between a letter and Backspace so the
//! field does not grow.
//!
//! Run: `cargo bench --bench draw` (or `scripts/bench.sh`, which prints these
//! next to the other figures). No timing is asserted anywhere.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cognito_wizard::app::attributes::MAX_SCHEMA;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::app::{Action, App, Session};
use cognito_wizard::model::values::STANDARD_ATTRIBUTES;
use cognito_wizard::model::PoolDocument;
use cognito_wizard::ui;
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::{json, Value};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

const ACCOUNT: &str = "123456789012";

fn lambda(name: &str) -> String {
    format!("arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}")
}

/// A pool with every member of every structure set, MFA by authenticator app
/// and email (so the plan has its second call), and the 50 schema attributes.
fn full_document() -> PoolDocument {
    let kms = format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let versioned =
        |version: &str, name: &str| json!({"LambdaVersion": version, "LambdaArn": lambda(name)});
    let sms = json!({
        "SnsCallerArn": format!("arn:aws:iam::{ACCOUNT}:role/cognito-sms"),
        "ExternalId": "sms-external-id",
        "SnsRegion": "us-east-1",
        "EumsSms": {
            "CallerArn": format!("arn:aws:iam::{ACCOUNT}:role/cognito-eums"),
            "ExternalId": "eums-external-id",
            "OriginationIdentity": "+15555550100",
            "ConfigurationSetName": "wizard-sms-set",
            "InEntityId": "1201160000000000001",
            "InTemplateId": "1207160000000000002",
            "Region": "us-east-1"
        }
    });
    let create = json!({
        "PoolName": "benchmark-every-member",
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": 12, "RequireUppercase": true, "RequireLowercase": true,
                "RequireNumbers": true, "RequireSymbols": true, "PasswordHistorySize": 3,
                "TemporaryPasswordValidityDays": 5
            },
            "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}
        },
        "DeletionProtection": "ACTIVE",
        "LambdaConfig": {
            "PreSignUp": lambda("pre-sign-up"),
            "CustomMessage": lambda("custom-message"),
            "PostConfirmation": lambda("post-confirmation"),
            "PreAuthentication": lambda("pre-authentication"),
            "PostAuthentication": lambda("post-authentication"),
            "DefineAuthChallenge": lambda("define-auth-challenge"),
            "CreateAuthChallenge": lambda("create-auth-challenge"),
            "VerifyAuthChallengeResponse": lambda("verify-auth-challenge"),
            "PreTokenGeneration": lambda("pre-token-generation"),
            "UserMigration": lambda("user-migration"),
            "PreTokenGenerationConfig": versioned("V2_0", "pre-token-generation"),
            "CustomSMSSender": versioned("V1_0", "custom-sms-sender"),
            "CustomEmailSender": versioned("V1_0", "custom-email-sender"),
            "KMSKeyID": kms,
            "InboundFederation": versioned("V1_0", "inbound-federation")
        },
        "AutoVerifiedAttributes": ["email"],
        "AliasAttributes": ["preferred_username"],
        "VerificationMessageTemplate": {
            "SmsMessage": "Your code is {####}",
            "EmailMessage": "Your email code is {####}",
            "EmailSubject": "Your code",
            "DefaultEmailOption": "CONFIRM_WITH_CODE"
        },
        "SmsAuthenticationMessage": "Your sign-in code is {####}",
        "MfaConfiguration": "OFF",
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
        "DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": true,
            "DeviceOnlyRememberedOnUserPrompt": true
        },
        "EmailConfiguration": {
            "SourceArn": format!("arn:aws:ses:us-east-1:{ACCOUNT}:identity/no-reply@example.com"),
            "ReplyToEmailAddress": "support@example.com",
            "EmailSendingAccount": "DEVELOPER",
            "From": "Example <no-reply@example.com>",
            "ConfigurationSet": "wizard-email-set"
        },
        "SmsConfiguration": sms,
        "UserPoolTags": {"team": "identity", "cost-centre": "1234", "environment": "production"},
        "AdminCreateUserConfig": {
            "AllowAdminCreateUserOnly": true,
            "UnusedAccountValidityDays": 0,
            "InviteMessageTemplate": {
                "SMSMessage": "Hello {username}, your code is {####}",
                "EmailMessage": "Hello {username}, your temporary password is {####}",
                "EmailSubject": "Welcome"
            }
        },
        "Schema": schema_50(),
        "UserPoolAddOns": {
            "AdvancedSecurityMode": "AUDIT",
            "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "AUDIT"}
        },
        "UsernameConfiguration": {"CaseSensitive": false},
        "AccountRecoverySetting": {"RecoveryMechanisms": [
            {"Priority": 1, "Name": "verified_email"},
            {"Priority": 2, "Name": "verified_phone_number"}
        ]},
        "UserPoolTier": "PLUS",
        "KeyConfiguration": {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": kms},
        "IssuerConfiguration": {"Type": "UPDATED"},
        "AcrConfiguration": {"Level2": {"AcrValue": "urn:example:acr:mfa"}}
    });
    let mfa = json!({
        "SmsMfaConfiguration": {
            "SmsAuthenticationMessage": "Your sign-in code is {####}",
            "SmsConfiguration": sms
        },
        "SoftwareTokenMfaConfiguration": {"Enabled": true},
        "EmailMfaConfiguration": {"Message": "Your sign-in code is {####}", "Subject": "Sign-in code"},
        "MfaConfiguration": "OPTIONAL",
        "WebAuthnConfiguration": {
            "RelyingPartyId": "auth.example.com",
            "UserVerification": "required",
            "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"
        }
    });
    let doc: PoolDocument =
        serde_json::from_value(json!({"CreateUserPool": create, "SetUserPoolMfaConfig": mfa}))
            .expect("the benchmark document matches the model");
    assert_eq!(doc.plan().calls.len(), 2, "the two-call plan");
    doc
}

/// Every standard attribute customised (required, immutable where it makes
/// sense), then custom ones up to the 50 a pool holds.
fn schema_50() -> Vec<Value> {
    let mut schema: Vec<Value> = STANDARD_ATTRIBUTES
        .iter()
        .enumerate()
        .map(|(i, a)| {
            json!({
                "Name": a.name,
                "AttributeDataType": a.data_type,
                "Required": i.is_multiple_of(2),
                "Mutable": !i.is_multiple_of(3)
            })
        })
        .collect();
    let mut n: usize = 0;
    while schema.len() < MAX_SCHEMA {
        n += 1;
        let attribute = if n.is_multiple_of(3) {
            json!({
                "Name": format!("score_{n:02}"), "AttributeDataType": "Number",
                "Mutable": true, "DeveloperOnlyAttribute": n.is_multiple_of(2),
                "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "1000000"}
            })
        } else {
            json!({
                "Name": format!("department_code_{n:02}"), "AttributeDataType": "String",
                "Mutable": !n.is_multiple_of(4),
                "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "256"}
            })
        };
        schema.push(attribute);
    }
    schema
}

/// The app on `step` with the full document, as the wizard runs it (with an
/// autosave path, so changes encode the draft as they do for real).
fn app_on(step: StepId) -> App {
    let mut app = App::new(Session {
        autosave_path: Some(std::env::temp_dir().join("cognito-wizard-bench-autosave.json")),
        ..Session::default()
    });
    app.update(Action::Resize(WIDTH, HEIGHT));
    app.load(full_document(), Default::default(), step);
    app
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn bench_draws(c: &mut Criterion) {
    let mut start = App::new(Session::default());
    start.update(Action::Resize(WIDTH, HEIGHT));
    let attributes = app_on(StepId::Attributes);
    let custom = cognito_wizard::app::attributes::rows(attributes.doc()).len();
    assert!(custom >= MAX_SCHEMA, "the table shows every attribute");
    let review = app_on(StepId::Review);
    assert!(
        review
            .preview()
            .iter()
            .map(|(_, json)| json.lines().count())
            .sum::<usize>()
            > 200,
        "a long JSON preview"
    );
    let triggers = app_on(StepId::Triggers);
    let mut triggers_preview = app_on(StepId::Triggers);
    triggers_preview.update(key(KeyCode::Char('p')));

    let mut group = c.benchmark_group("draw");
    for (name, app) in [
        ("start", &start),
        ("attributes_50", &attributes),
        ("review_full", &review),
        ("triggers_full", &triggers),
        ("triggers_full_preview", &triggers_preview),
    ] {
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal
                    .draw(|f| ui::draw(f, black_box(app)))
                    .expect("draws");
            })
        });
    }
    group.finish();
}

fn bench_keystroke(c: &mut Criterion) {
    let mut app = app_on(StepId::SignIn);
    // The pool name is the first field of Sign-in: Enter starts editing it.
    app.update(key(KeyCode::Enter));
    assert!(app.editor().is_some(), "editing the pool name");
    let mut group = c.benchmark_group("update");
    group.bench_function("keystroke", |b| {
        b.iter_custom(|iters| {
            let started = Instant::now();
            for i in 0..iters {
                let code = if i.is_multiple_of(2) {
                    KeyCode::Char('x')
                } else {
                    KeyCode::Backspace
                };
                black_box(app.update(key(code)));
            }
            let elapsed: Duration = started.elapsed();
            // Leave the field as it was whatever the count.
            if !iters.is_multiple_of(2) {
                app.update(key(KeyCode::Backspace));
            }
            elapsed
        })
    });
    group.finish();
    assert_eq!(
        app.doc().create.pool_name.as_deref(),
        Some("benchmark-every-member")
    );
}

criterion_group!(benches, bench_draws, bench_keystroke);
criterion_main!(benches);
