//! What every fuzz target does with whatever loads: the rest of the pipeline
//! (validation, the preview in every layout, drafts, user checks against the
//! pool), so that a panic anywhere after loading is found too, plus the
//! invariants that must hold for any loaded request. A failed assertion is a
//! crash libFuzzer reports like a panic.

use std::collections::BTreeMap;

use cognito_wizard::app::draft;
use cognito_wizard::app::fields::StepId;
use cognito_wizard::model::load::{load_str, load_value, LoadError, LoadOutcome, Loaded};
use cognito_wizard::model::preview::{call_json, secret_members, Layout, Secrets};
use cognito_wizard::model::{
    AdminCreateUserRequest, Attribute, Call, MfaChoice, Operation, PoolDocument,
};
use cognito_wizard::problem::Problem;
use cognito_wizard::validate::password::{generate, policy_failures};
use cognito_wizard::validate::{validate_pool, validate_user, PoolFacts};

/// Runs everything that follows loading on a load result.
pub fn exercise_result(result: &Result<LoadOutcome, LoadError>) {
    match result {
        Ok(outcome) => exercise_outcome(outcome),
        Err(error) => check_error(error),
    }
}

pub fn exercise_outcome(outcome: &LoadOutcome) {
    check_problems(&outcome.notes);
    match &outcome.loaded {
        Loaded::Pool(doc) => exercise_pool(doc),
        Loaded::User(request) => exercise_user(request, None),
        Loaded::Mfa(request) => {
            check_problems(&cognito_wizard::validate::validate_mfa_alone(request));
            let call = cognito_wizard::model::Call::SetUserPoolMfaConfig(request.clone());
            let _ = call_json(&call, Layout::Compact, Secrets::Omit);
        }
        Loaded::Call(call) => {
            check_problems(&cognito_wizard::validate::validate_call_alone(call));
            let _ = call_json(call, Layout::Compact, Secrets::Omit);
        }
    }
}

/// A rejection always says where: a field path, or a line and column.
pub fn check_error(error: &LoadError) {
    match error {
        LoadError::Syntax { line, message, .. } => {
            assert!(*line >= 1, "{error:?}");
            assert!(!message.is_empty(), "{error:?}");
        }
        LoadError::Shape { path, message } => {
            assert!(!path.is_empty(), "{error:?}");
            assert!(!message.is_empty(), "{error:?}");
        }
        LoadError::Invalid(problems) => {
            assert!(!problems.is_empty(), "{error:?}");
            check_problems(problems);
        }
        LoadError::Undetectable(why) => assert!(!why.is_empty(), "{error:?}"),
    }
    let problem = error.as_problem();
    assert!(!problem.message.is_empty());
    assert!(!error.to_string().is_empty());
}

pub fn check_problems(problems: &[Problem]) {
    for problem in problems {
        assert!(!problem.path.is_empty(), "{problem:?}");
        assert!(!problem.message.is_empty(), "{problem:?}");
        let _ = problem.to_string();
    }
}

pub fn exercise_pool(doc: &PoolDocument) {
    check_problems(&validate_pool(doc));
    for call in &doc.plan().calls {
        exercise_call(call);
    }

    // The file form reads back as the same document (an empty request is
    // the one thing detection cannot tell apart).
    let file = doc.to_file_value();
    if file.as_object().is_some_and(|o| !o.is_empty()) {
        let again = load_value(file, None).expect("the file form of a loaded document loads");
        assert_eq!(again.loaded, Loaded::Pool(doc.clone()));
    }

    // A draft keeps everything but the secrets.
    let text = draft::encode(doc, &BTreeMap::new(), StepId::Review);
    let restored = draft::decode(&text).expect("a draft the wizard wrote reads back");
    let original = doc.plan().calls;
    let back = restored.doc.plan().calls;
    assert_eq!(original.len(), back.len());
    for (a, b) in original.iter().zip(&back) {
        assert_eq!(
            call_json(a, Layout::Compact, Secrets::Omit),
            call_json(b, Layout::Compact, Secrets::Reveal)
        );
    }

    // The wizard's own views of the document.
    let choice = MfaChoice::from_document(doc);
    let mut applied = doc.clone();
    choice.apply(&mut applied);
    check_problems(&validate_pool(&applied));

    // Users checked against this pool, and a password generated for it.
    let facts = PoolFacts::from_request(&doc.create);
    let _ = facts.required_attributes().count();
    let policy = facts.password_policy.clone();
    let password = generate(&policy);
    assert!(
        policy_failures(&password, &policy).is_empty() || policy.minimum_length > Some(99),
        "{password:?} does not fit {policy:?}"
    );
    let user = AdminCreateUserRequest {
        user_pool_id: Some("us-east-1_Fuzz1".into()),
        username: Some("fuzz".into()),
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
    exercise_user(&user, Some(&facts));
}

pub fn exercise_user(request: &AdminCreateUserRequest, facts: Option<&PoolFacts>) {
    check_problems(&validate_user(request, facts));
    exercise_call(&Call::AdminCreateUser(request.clone()));
}

/// Every layout and secrets mode; the compact form re-reads as the same call,
/// the pretty form is the same JSON, and masked forms hide every secret member.
pub fn exercise_call(call: &Call) {
    let compact = call_json(call, Layout::Compact, Secrets::Reveal);
    let pretty = call_json(call, Layout::Pretty, Secrets::Reveal);
    let compact_value: serde_json::Value =
        serde_json::from_str(&compact).expect("the compact preview is JSON");
    let pretty_value: serde_json::Value =
        serde_json::from_str(&pretty).expect("the pretty preview is JSON");
    assert_eq!(compact_value, pretty_value);
    for layout in [Layout::Compact, Layout::Pretty] {
        for secrets in [Secrets::Mask, Secrets::Omit] {
            let _ = call_json(call, layout, secrets);
        }
    }
    let _ = secret_members(call);
    match call {
        Call::CreateUserPool(request) => {
            let again = load_str(&compact, Some(Operation::CreateUserPool))
                .expect("a previewed request loads");
            assert_eq!(
                again.loaded,
                Loaded::Pool(PoolDocument::new(request.clone()))
            );
        }
        Call::AdminCreateUser(request) => {
            let again = load_str(&compact, Some(Operation::AdminCreateUser))
                .expect("a previewed request loads");
            assert_eq!(again.loaded, Loaded::User(request.clone()));
        }
        Call::SetUserPoolMfaConfig(request) => {
            let mut again: cognito_wizard::model::SetUserPoolMfaConfigRequest =
                serde_json::from_value(compact_value).expect("a previewed request reads back");
            if request.user_pool_id.is_none() {
                again.user_pool_id = None;
            }
            assert_eq!(&again, request);
        }
        // Read back inside their plan document (the file form, exercise_pool).
        _ => {}
    }
}

/// Text from fuzz bytes: valid UTF-8 as is, anything else lossily (the
/// loaders take `&str`; the headless commands refuse non-UTF-8 files first).
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
