use serde_json::json;

use super::*;
use crate::model::describe_plan::DescribedSignIn;
use crate::model::domain::{CreateGroupRequest, CreateUserPoolDomainRequest};
use crate::model::load::{load_value, DescribedPool, Loaded};
use crate::model::preview::{Layout, Secrets};
use crate::model::CreateUserPoolClientRequest;
use crate::update::{plan_update, plan_update_written, LivePool, UpdateCall, UpdatePlan};

const ID: &str = "us-east-1_live";

/// A pool with the client "web", the resource server "https://api", the
/// group "staff" and the domain "login".
fn described_parts() -> DescribedSignIn {
    DescribedSignIn {
        clients: vec![
            json!({"ClientName": "web", "ClientId": "web-id", "UserPoolId": ID,
            "AccessTokenValidity": 60, "IdTokenValidity": 60, "RefreshTokenValidity": 30,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "CallbackURLs": ["https://app.example/cb"], "LastModifiedDate": 1.0}),
        ],
        resource_servers: vec![
            json!({"Identifier": "https://api", "Name": "api", "UserPoolId": ID}),
        ],
        domain: Some(
            json!({"Domain": "login", "UserPoolId": ID, "ManagedLoginVersion": 1,
            "CloudFrontDistribution": "x.cloudfront.net", "Status": "ACTIVE"}),
        ),
        groups: vec![
            json!({"GroupName": "staff", "UserPoolId": ID, "Description": "the staff",
            "Precedence": 1}),
        ],
    }
}

fn live() -> LivePool {
    let pool = json!({"Id": ID, "Name": "live", "MfaConfiguration": "OFF",
        "Policies": {"PasswordPolicy": {"MinimumLength": 10}}});
    let described = DescribedPool {
        user_pool: pool,
        mfa_config: Some(json!({"MfaConfiguration": "OFF"})),
    };
    LivePool::from_described(&described)
        .expect("reads")
        .with_sign_in(Ok(&described_parts()))
}

fn plan(live: &LivePool, file: serde_json::Value) -> UpdatePlan {
    let outcome = load_value(file, None).expect("loads");
    let Loaded::Pool(doc) = outcome.loaded else {
        panic!("not a pool")
    };
    plan_update_written(live, &doc, outcome.written.as_ref())
}

/// The wizard's draft: the pool's parts in the document, edited by `edit`.
fn draft_plan(live: &LivePool, edit: impl FnOnce(&mut PoolDocument)) -> UpdatePlan {
    let mut doc = PoolDocument::default();
    doc.create.pool_name = Some("live".into());
    live.sign_in.as_ref().expect("read").fill(&mut doc);
    edit(&mut doc);
    plan_update(live, &doc)
}

fn operations(plan: &UpdatePlan) -> Vec<&'static str> {
    plan.calls.iter().map(UpdateCall::operation).collect()
}

fn body(call: &UpdateCall) -> serde_json::Value {
    serde_json::from_str(&call.json(Layout::Compact, Secrets::Reveal)).expect("json")
}

/// New parts become their create calls after the pool's own, with the
/// pool's id filled, each an added line in the diff; the previews are the
/// create-mode bodies.
#[test]
fn new_clients_and_groups_are_created_after_the_pool_s_own_calls() {
    let plan = plan(
        &live(),
        json!({
            "CreateUserPool": {"PoolName": "live", "Policies": {"PasswordPolicy": {"MinimumLength": 12}}},
            "CreateUserPoolClient": [{"ClientName": "mobile"}],
            "CreateResourceServer": [{"Identifier": "https://orders", "Name": "orders"}],
            "CreateGroup": [{"GroupName": "admins"}]
        }),
    );
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert_eq!(
        operations(&plan),
        [
            "UpdateUserPool",
            "CreateResourceServer",
            "CreateUserPoolClient",
            "CreateGroup"
        ]
    );
    let lines = plan.diff_lines();
    assert!(
        lines.contains(&"CreateGroup: admins".to_owned()),
        "{lines:?}"
    );
    assert!(lines.contains(&"CreateUserPoolClient: mobile".to_owned()));
    let group = plan.calls[3].json(Layout::Compact, Secrets::Reveal);
    assert_eq!(
        group,
        format!(r#"{{"GroupName":"admins","UserPoolId":"{ID}"}}"#)
    );
}

/// Only a group added: no UpdateUserPool (nothing of the pool changes),
/// just CreateGroup; the plan has changes.
#[test]
fn a_group_alone_is_one_create_group_call() {
    let plan = plan(&live(), json!({"CreateGroup": [{"GroupName": "admins"}]}));
    assert_eq!(operations(&plan), ["CreateGroup"]);
    assert!(plan.has_changes());
    let errors: Vec<_> = crate::update::check(&plan)
        .into_iter()
        .filter(crate::problem::Problem::is_error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// The wizard's draft holds the pool's parts as they are: no change, no call.
#[test]
fn the_pool_s_own_parts_unchanged_make_no_call() {
    let plan = draft_plan(&live(), |_| {});
    assert!(plan.calls.is_empty(), "{:?}", operations(&plan));
    assert!(plan.changes.is_empty(), "{:?}", plan.diff_lines());
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
}

/// A member of the pool's group changed in the draft: one UpdateGroup with
/// the full body (the description it did not touch is carried, so the
/// update resets nothing), and one diff line naming the group.
#[test]
fn a_changed_group_is_updated_with_the_full_body() {
    let plan = draft_plan(&live(), |doc| doc.groups[0].precedence = Some(5));
    assert_eq!(operations(&plan), ["UpdateGroup"]);
    assert_eq!(plan.diff_lines(), ["UpdateGroup[staff].Precedence: 1 -> 5"]);
    assert_eq!(
        body(&plan.calls[0]),
        json!({"GroupName": "staff", "UserPoolId": ID, "Description": "the staff", "Precedence": 5})
    );
}

/// A file's entry for the pool's client writes only what it names: every
/// other member the client has is carried into UpdateUserPoolClient's
/// body, and the call names the client by its id.
#[test]
fn a_file_entry_changes_only_the_members_it_writes() {
    let plan = plan(
        &live(),
        json!({"CreateUserPool": {"PoolName": "live"},
               "CreateUserPoolClient": [{"ClientName": "web", "AccessTokenValidity": 30}]}),
    );
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert_eq!(operations(&plan), ["UpdateUserPoolClient"]);
    assert_eq!(
        plan.diff_lines(),
        ["UpdateUserPoolClient[web].AccessTokenValidity: 60 -> 30"]
    );
    let sent = body(&plan.calls[0]);
    assert_eq!(sent["ClientId"], "web-id");
    assert_eq!(sent["UserPoolId"], ID);
    assert_eq!(sent["AccessTokenValidity"], 30);
    assert_eq!(sent["IdTokenValidity"], 60);
    assert_eq!(sent["RefreshTokenValidity"], 30);
    assert_eq!(sent["CallbackURLs"], json!(["https://app.example/cb"]));
    assert_eq!(
        sent["ExplicitAuthFlows"],
        json!(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    );
}

/// What an update cannot do is refused at the entry's member, with why:
/// a client's secret, a prefix domain made custom; nothing is sent.
#[test]
fn what_an_update_cannot_change_is_refused_at_the_entry() {
    let plan = draft_plan(&live(), |doc| {
        doc.clients[0].generate_secret = Some(true);
        doc.domain.as_mut().unwrap().custom_domain_config =
            Some(crate::model::domain::CustomDomainConfig {
                certificate_arn: "arn:aws:acm:us-east-1:123456789012:certificate/abc".into(),
                security_policy: None,
            });
    });
    let paths: Vec<&str> = plan.refused.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "CreateUserPoolClient[0].GenerateSecret",
            "CreateUserPoolDomain.CustomDomainConfig.CertificateArn"
        ],
        "{:?}",
        plan.refused
    );
    assert!(plan.refused[0]
        .message
        .contains("secret is made with the client"));
    assert!(plan.calls.is_empty());
}

/// The pool's domain with another managed-login version: UpdateUserPoolDomain.
#[test]
fn the_domain_s_managed_login_version_is_updated() {
    let plan = draft_plan(&live(), |doc| {
        doc.domain.as_mut().unwrap().managed_login_version = Some(2)
    });
    assert_eq!(operations(&plan), ["UpdateUserPoolDomain"]);
    assert_eq!(
        body(&plan.calls[0]),
        json!({"Domain": "login", "UserPoolId": ID, "ManagedLoginVersion": 2})
    );
}

/// A second entry named like one the pool has, or another domain for a
/// pool that has one, is an error at that entry's name; nothing is sent.
#[test]
fn a_second_entry_with_a_pool_s_name_is_refused_by_name() {
    let plan = draft_plan(&live(), |doc| {
        doc.clients.push(CreateUserPoolClientRequest {
            client_name: Some("web".into()),
            ..Default::default()
        });
        doc.groups.push(CreateGroupRequest {
            group_name: Some("staff".into()),
            ..Default::default()
        });
        doc.groups.push(CreateGroupRequest {
            group_name: Some("fresh".into()),
            ..Default::default()
        });
    });
    let paths: Vec<&str> = plan.refused.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "CreateUserPoolClient[1].ClientName",
            "CreateGroup[1].GroupName"
        ]
    );
    assert!(plan.refused[1]
        .message
        .contains("already has a group named \"staff\""));
    assert!(plan.calls.is_empty(), "{:?}", operations(&plan));
    let other = plan_update(
        &live(),
        &PoolDocument {
            domain: Some(CreateUserPoolDomainRequest {
                domain: Some("other".into()),
                ..Default::default()
            }),
            ..Default::default()
        },
    );
    assert_eq!(other.refused[0].path, "CreateUserPoolDomain.Domain");
    assert!(other.refused[0].message.contains("domain \"login\""));
}

/// Branding for a client the pool has goes to that client's id; for a new
/// client it keeps the placeholder (its id comes when it is made).
#[test]
fn branding_for_an_existing_client_uses_its_id() {
    let placeholder = crate::model::values::client_id_placeholder("web");
    let plan = plan(
        &live(),
        json!({
            "CreateManagedLoginBranding": {"ClientId": placeholder, "UseCognitoProvidedValues": true}
        }),
    );
    let Some(UpdateCall::SignIn(Call::CreateManagedLoginBranding(r))) = plan.calls.first() else {
        panic!("{:?}", operations(&plan))
    };
    assert_eq!(r.client_id.as_deref(), Some("web-id"));
}

/// Once sent, what was made or changed is the pool's: the same draft
/// again makes no call (nothing is made twice, nothing changed back).
#[test]
fn what_was_made_is_the_pool_s_afterwards() {
    let pool = live();
    let edit = |doc: &mut PoolDocument| {
        doc.groups[0].precedence = Some(5);
        doc.groups.push(CreateGroupRequest {
            group_name: Some("admins".into()),
            ..Default::default()
        });
    };
    let first = draft_plan(&pool, edit);
    assert_eq!(operations(&first), ["UpdateGroup", "CreateGroup"]);
    let mut doc = PoolDocument::default();
    doc.create.pool_name = Some("live".into());
    live_parts(&pool).fill(&mut doc);
    let after = LivePool {
        sign_in: Ok(live_parts(&pool).with_made(&first.calls)),
        ..pool
    };
    edit(&mut doc);
    let again = plan_update(&after, &doc);
    assert!(again.calls.is_empty(), "{:?}", operations(&again));
    assert!(again.refused.is_empty(), "{:?}", again.refused);
}

fn live_parts(live: &LivePool) -> ExistingSignIn {
    live.sign_in.clone().expect("read")
}

/// After a send: a member the pool does not have as sent is named, with
/// the value sent and the value it has; the same parts listed in another
/// order are the same.
#[test]
fn members_that_did_not_take_are_named_and_order_does_not_matter() {
    let live = live();
    let plan = draft_plan(&live, |doc| doc.groups[0].precedence = Some(5));
    let sent = live_parts(&live).with_made(&plan.calls);
    let missed = sent.missed(&live_parts(&live), &plan.calls);
    assert_eq!(
        missed
            .iter()
            .map(|c| c.not_taken_line())
            .collect::<Vec<_>>(),
        ["UpdateGroup[staff].Precedence: should be 5, the pool has 1"]
    );
    assert!(sent.missed(&sent, &plan.calls).is_empty());
    let mut reordered = sent.clone();
    reordered.groups.push(CreateGroupRequest {
        group_name: Some("b".into()),
        ..Default::default()
    });
    let mut other = reordered.clone();
    other.groups.reverse();
    assert!(reordered.same_parts(&other));
    assert!(!reordered.same_parts(&sent));
}

/// A client made with members left out: the defaults the service then
/// describes, and its secret choice, are no miss.
#[test]
fn service_defaults_of_a_made_client_are_no_miss() {
    let pool = live();
    let plan = draft_plan(&pool, |doc| {
        doc.clients.push(CreateUserPoolClientRequest {
            client_name: Some("mobile".into()),
            generate_secret: Some(false),
            access_token_validity: Some(15),
            ..Default::default()
        })
    });
    assert_eq!(operations(&plan), ["CreateUserPoolClient"]);
    let sent = live_parts(&pool).with_made(&plan.calls);
    let mut now = sent.clone();
    let described = &mut now.clients[1].1;
    described.generate_secret = None;
    described.refresh_token_validity = Some(30);
    assert!(sent.missed(&now, &plan.calls).is_empty());
    now.clients[1].1.access_token_validity = Some(60);
    let missed = sent.missed(&now, &plan.calls);
    assert_eq!(
        missed
            .iter()
            .map(|c| c.not_taken_line())
            .collect::<Vec<_>>(),
        ["CreateUserPoolClient[mobile].AccessTokenValidity: should be 15, the pool has 60"]
    );
}

/// The documented rules apply to the parts as the change leaves them, at
/// the entry: a token validity over its unit's bound is an error at the
/// pool's client when the change makes it so; the pool's own part left as
/// it is only warns (Cognito accepted it).
#[test]
fn the_client_rules_apply_to_the_parts_as_changed() {
    let errors = |plan: &UpdatePlan| -> Vec<String> {
        crate::update::check(plan)
            .into_iter()
            .filter(crate::problem::Problem::is_error)
            .map(|p| p.path)
            .collect()
    };
    let plan = plan(
        &live(),
        json!({"CreateUserPoolClient": [{"ClientName": "web",
            "TokenValidityUnits": {"AccessToken": "hours"}}]}),
    );
    assert_eq!(
        errors(&plan),
        ["CreateUserPoolClient[0].AccessTokenValidity"],
        "{:?}",
        plan.parts
    );
    let mut pool = live();
    if let Ok(parts) = &mut pool.sign_in {
        parts.clients[0].1.token_validity_units = Some(crate::model::client::TokenValidityUnits {
            access_token: Some("hours".into()),
            ..Default::default()
        });
    }
    let untouched = draft_plan(&pool, |doc| doc.groups[0].precedence = Some(4));
    assert!(errors(&untouched).is_empty(), "{:?}", untouched.parts);
    assert!(
        untouched
            .parts
            .iter()
            .any(|p| p.path == "CreateUserPoolClient[0].AccessTokenValidity"
                && p.message.contains("the pool already has this")),
        "{:?}",
        untouched.parts
    );
}

/// In the wizard's draft the pool's entry is whole: a member cleared in
/// the form is cleared by the update (what the screen shows is sent); in a
/// file, a member left out keeps the part's value.
#[test]
fn a_member_cleared_in_the_draft_is_cleared() {
    let cleared = draft_plan(&live(), |doc| doc.clients[0].callback_urls = None);
    assert_eq!(
        cleared.diff_lines(),
        ["UpdateUserPoolClient[web].CallbackURLs: [\"https://app.example/cb\"] -> (none)"]
    );
    assert!(body(&cleared.calls[0]).get("CallbackURLs").is_none());
    let file = plan(
        &live(),
        json!({"CreateUserPoolClient": [{"ClientName": "web"}]}),
    );
    assert!(file.calls.is_empty(), "{:?}", file.diff_lines());
}
