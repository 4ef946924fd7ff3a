//! The later calls of a pool plan (resource servers, app clients, domain,
//! branding style, groups): each sent exactly as previewed, the ids of
//! earlier calls filled in, end to end against moto (CreateManagedLoginBranding
//! on the in-project fake), a failure saying what exists and a resume that
//! makes nothing twice, the exported per-call files accepted by the AWS CLI.

use std::sync::Arc;

use cognito_wizard::model::client::*;
use cognito_wizard::model::describe_plan::add_described_sign_in;
use cognito_wizard::model::domain::*;
use cognito_wizard::model::preview::{export_files, plan_document};
use cognito_wizard::model::values::client_id_placeholder;
use cognito_wizard::run::{run_plan, Progress};

use super::support::branding::{
    answer_plan_calls, branding_created, branding_refused, branding_server, MotoWithBranding,
    BRANDING_ID,
};
use super::*;

fn strings_of(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| s.to_string()).collect())
}

pub(crate) fn every_member_client(name: &str) -> CreateUserPoolClientRequest {
    CreateUserPoolClientRequest {
        user_pool_id: None,
        client_name: Some(name.into()),
        generate_secret: Some(false),
        client_secret: None,
        refresh_token_validity: Some(30),
        access_token_validity: Some(60),
        id_token_validity: Some(60),
        token_validity_units: Some(TokenValidityUnits {
            access_token: Some("minutes".into()),
            id_token: Some("minutes".into()),
            refresh_token: Some("days".into()),
        }),
        read_attributes: strings_of(&["email", "email_verified"]),
        write_attributes: strings_of(&["email"]),
        explicit_auth_flows: strings_of(&["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
        supported_identity_providers: strings_of(&["COGNITO"]),
        callback_urls: strings_of(&[
            "https://app.example.com/callback",
            "http://localhost:3000/cb",
        ]),
        logout_urls: strings_of(&["https://app.example.com/"]),
        default_redirect_uri: Some("https://app.example.com/callback".into()),
        allowed_oauth_flows: strings_of(&["code"]),
        allowed_oauth_scopes: strings_of(&["openid", "email", "api/read"]),
        allowed_oauth_flows_user_pool_client: Some(true),
        analytics_configuration: None,
        prevent_user_existence_errors: Some("ENABLED".into()),
        enable_token_revocation: Some(true),
        enable_propagate_additional_user_context_data: Some(false),
        auth_session_validity: Some(5),
        refresh_token_rotation: None,
    }
}

/// Every member, the ones moto does not keep included.
pub(crate) fn wire_client() -> CreateUserPoolClientRequest {
    CreateUserPoolClientRequest {
        user_pool_id: Some("us-east-1_pool".into()),
        client_secret: Some("s3cr3t-s3cr3t-s3cr3t-s3cr3t".into()),
        analytics_configuration: Some(AnalyticsConfiguration {
            application_id: Some("0123456789abcdef".into()),
            application_arn: None,
            role_arn: Some(format!("arn:aws:iam::{ACCOUNT}:role/analytics")),
            external_id: Some("ext".into()),
            user_data_shared: false,
        }),
        refresh_token_rotation: Some(RefreshTokenRotation {
            feature: "ENABLED".into(),
            retry_grace_period_seconds: Some(10),
        }),
        ..every_member_client("wire")
    }
}

fn resource_server() -> CreateResourceServerRequest {
    CreateResourceServerRequest {
        user_pool_id: None,
        identifier: Some("api".into()),
        name: Some("API".into()),
        scopes: Some(vec![
            ResourceServerScope {
                scope_name: "read".into(),
                scope_description: "Read access".into(),
            },
            ResourceServerScope {
                scope_name: "write".into(),
                scope_description: "Write access".into(),
            },
        ]),
    }
}

fn machine_client() -> CreateUserPoolClientRequest {
    CreateUserPoolClientRequest {
        client_name: Some("machine".into()),
        generate_secret: Some(true),
        allowed_oauth_flows: strings_of(&["client_credentials"]),
        allowed_oauth_scopes: strings_of(&["api/read", "api/write"]),
        allowed_oauth_flows_user_pool_client: Some(true),
        ..Default::default()
    }
}

pub(crate) fn custom_domain() -> CreateUserPoolDomainRequest {
    CreateUserPoolDomainRequest {
        domain: Some("auth.example.com".into()),
        user_pool_id: Some("us-east-1_pool".into()),
        managed_login_version: Some(2),
        custom_domain_config: Some(CustomDomainConfig {
            certificate_arn: format!("arn:aws:acm:us-east-1:{ACCOUNT}:certificate/abc"),
            security_policy: Some("TLS_V1_2_2021".into()),
        }),
        routing: Some(Routing {
            failover: Some(Failover {
                secondary_region: "us-west-2".into(),
                primary_route53_health_check_id: "hc-1".into(),
            }),
        }),
    }
}

pub(crate) fn group(name: &str, precedence: i32) -> CreateGroupRequest {
    CreateGroupRequest {
        group_name: Some(name.into()),
        user_pool_id: None,
        description: Some(format!("The {name}")),
        role_arn: Some(format!("arn:aws:iam::{ACCOUNT}:role/{name}")),
        precedence: Some(precedence),
    }
}

fn branding_for(client: &str) -> CreateManagedLoginBrandingRequest {
    CreateManagedLoginBrandingRequest {
        client_id: Some(client_id_placeholder(client)),
        use_cognito_provided_values: Some(true),
        ..Default::default()
    }
}

/// Sends one later call through the SDK to a capture server; its body.
async fn sent_body(call: Call) -> String {
    let server = CaptureServer::start();
    answer_plan_calls(&server);
    let api = capture_api(&server, quick_policy()).await;
    let operation = call.operation().name();
    let answered = match call {
        Call::CreateResourceServer(r) => api.create_resource_server(r).await,
        Call::CreateUserPoolClient(r) => api.create_user_pool_client(r).await,
        Call::CreateUserPoolDomain(r) => api.create_user_pool_domain(r).await,
        Call::CreateManagedLoginBranding(r) => api.create_managed_login_branding(r).await,
        Call::CreateGroup(r) => api.create_group(r).await,
        other => panic!("not a later call: {other:?}"),
    };
    answered.unwrap_or_else(|e| panic!("{operation}: {e}"));
    let recorded = server.single(operation);
    assert_is_call(&recorded, operation);
    recorded.body_text().to_owned()
}

#[tokio::test]
async fn every_later_call_is_sent_as_previewed() {
    let with_pool = |r: CreateResourceServerRequest| CreateResourceServerRequest {
        user_pool_id: Some("us-east-1_pool".into()),
        ..r
    };
    let calls = [
        Call::CreateResourceServer(with_pool(resource_server())),
        Call::CreateUserPoolClient(wire_client()),
        Call::CreateUserPoolDomain(custom_domain()),
        Call::CreateGroup(CreateGroupRequest {
            user_pool_id: Some("us-east-1_pool".into()),
            ..group("admins", 1)
        }),
        Call::CreateManagedLoginBranding(CreateManagedLoginBrandingRequest {
            user_pool_id: Some("us-east-1_pool".into()),
            client_id: Some("clientid123".into()),
            use_cognito_provided_values: Some(false),
            // One member per object: a document goes out in hash order.
            settings: Some(
                serde_json::json!({"components": {"pageBackground": {"image": {"enabled": true}}}}),
            ),
            assets: Some(vec![Asset {
                category: "PAGE_HEADER_LOGO".into(),
                color_mode: "LIGHT".into(),
                extension: "PNG".into(),
                bytes: Some("iVBORw0KGgo=".into()),
                resource_id: Some("logo".into()),
            }]),
        }),
    ];
    for call in calls {
        let expected = compact(&call);
        assert_eq!(sent_body(call).await, expected);
    }
}

/// A plan with every kind of later call: what create-pool and the wizard run.
pub(super) fn full_plan_doc(pool_name: &str, domain_prefix: &str) -> PoolDocument {
    let mut create = minimal_pool(pool_name);
    create.user_pool_tier = Some("ESSENTIALS".into());
    PoolDocument {
        create,
        resource_servers: vec![resource_server()],
        clients: vec![every_member_client("web"), machine_client()],
        domain: Some(CreateUserPoolDomainRequest {
            domain: Some(domain_prefix.into()),
            managed_login_version: Some(2),
            ..Default::default()
        }),
        branding: Some(branding_for("web")),
        groups: vec![group("admins", 1), group("users", 10)],
        ..Default::default()
    }
}

#[tokio::test]
async fn the_runner_fills_in_the_pool_and_client_ids() {
    let server = CaptureServer::start();
    answer_plan_calls(&server);
    let api = capture_api(&server, quick_policy()).await;
    let doc = full_plan_doc("every-call", "every-call");
    assert!(!validate::validate_pool(&doc).iter().any(|p| p.is_error()));
    let plan = doc.plan();
    let progress = run_plan(&api, &plan, Progress::default())
        .await
        .expect("runs");
    assert_eq!(progress.client_id("web"), Some("idweb"));
    let text = serde_json::to_string(&progress).unwrap();
    assert!(!text.contains("never-shown-secret"), "{text}");

    let requests = server.requests();
    let sent: Vec<&str> = requests.iter().filter_map(Recorded::operation).collect();
    let planned: Vec<&str> = plan.calls.iter().map(|c| c.operation().name()).collect();
    assert_eq!(sent, planned, "in dependency order");
    for (call, recorded) in plan.calls.iter().zip(&requests) {
        let mut call = call.clone();
        if let Some(slot) = preview::pool_id_slot(&mut call) {
            *slot = Some(CREATED_POOL_ID.into());
        }
        if let Call::CreateManagedLoginBranding(b) = &mut call {
            b.client_id = Some("idweb".into());
        }
        assert_eq!(recorded.body_text(), compact(&call));
    }
}

/// Every member the preview sends that `described` holds differently.
/// `GenerateSecret` is not described (the secret is), and the pool id is
/// the placeholder in the preview.
fn differing_from_preview(call: &Call, described: &Value) -> Vec<String> {
    let previewed: Value =
        serde_json::from_str(&call_json(call, Layout::Compact, Secrets::Omit)).unwrap();
    previewed
        .as_object()
        .unwrap()
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "UserPoolId" | "GenerateSecret"))
        .filter(|(name, value)| described.get(name.as_str()) != Some(value))
        .map(|(name, value)| {
            format!(
                "{name}: previewed {value}, described {}",
                described[name.as_str()]
            )
        })
        .collect()
}

/// The pool has the plan's two clients and two groups, each once.
fn assert_made_once(pool: &str) {
    let clients = aws_cli_args(&["list-user-pool-clients", "--user-pool-id", pool]);
    let clients = &clients["UserPoolClients"];
    assert_eq!(clients.as_array().map(Vec::len), Some(2), "{clients}");
    let groups = aws_cli_args(&["list-groups", "--user-pool-id", pool]);
    let groups = &groups["Groups"];
    assert_eq!(groups.as_array().map(Vec::len), Some(2), "{groups}");
}

/// moto, with CreateManagedLoginBranding on its fake answering so.
async fn moto_and_branding(behaviour: Behaviour) -> (CaptureServer, MotoWithBranding) {
    let branding = branding_server(behaviour);
    let api = MotoWithBranding {
        moto: Arc::new(moto_api().await),
        branding: Arc::new(capture_api(&branding, quick_policy()).await),
    };
    (branding, api)
}

/// [`full_plan_doc`] with a pool name and domain prefix no other run uses.
fn fresh_plan_doc(label: &str) -> PoolDocument {
    let name = unique_name(label);
    full_plan_doc(&name, &name.to_lowercase().replace('_', "-"))
}

#[tokio::test]
async fn moto_creates_a_pool_people_can_sign_in_to() {
    let (branding, api) = moto_and_branding(branding_created()).await;
    let doc = fresh_plan_doc("signin");
    let plan = doc.plan();
    let progress = run_plan(&api, &plan, Progress::default())
        .await
        .expect("runs");
    let pool = progress.pool.clone().expect("a pool").id;
    assert_eq!(progress.done.len(), plan.calls.len(), "{progress:?}");

    for (i, client) in doc.clients.iter().enumerate() {
        let id = progress.client_id(client.name()).expect("a client id");
        let described = aws_cli_args(&[
            "describe-user-pool-client",
            "--user-pool-id",
            &pool,
            "--client-id",
            id,
        ]);
        let described = &described["UserPoolClient"];
        assert_eq!(described["UserPoolId"], pool.as_str());
        let call = &plan.calls[2 + i];
        assert_eq!(
            differing_from_preview(call, described),
            Vec::<String>::new(),
            "{}",
            client.name()
        );
        assert_eq!(described["ClientSecret"].is_string(), client.has_secret());
    }
    let server = aws_cli_args(&[
        "describe-resource-server",
        "--user-pool-id",
        &pool,
        "--identifier",
        "api",
    ]);
    assert_eq!(
        differing_from_preview(&plan.calls[1], &server["ResourceServer"]),
        Vec::<String>::new()
    );
    let prefix = doc.domain.as_ref().unwrap().domain.clone().unwrap();
    let domain = aws_cli_args(&["describe-user-pool-domain", "--domain", &prefix]);
    assert_eq!(
        domain["DomainDescription"]["UserPoolId"],
        pool.as_str(),
        "{domain}"
    );
    for g in &doc.groups {
        let group_name = g.group_name.as_deref().unwrap();
        let described = aws_cli_args(&[
            "get-group",
            "--user-pool-id",
            &pool,
            "--group-name",
            group_name,
        ]);
        let call = Call::CreateGroup(g.clone());
        assert_eq!(
            differing_from_preview(&call, &described["Group"]),
            Vec::<String>::new()
        );
    }
    let sent = branding.single("CreateManagedLoginBranding");
    let web = progress.client_id("web").unwrap();
    assert_eq!(
        sent.body_text(),
        format!(r#"{{"UserPoolId":"{pool}","ClientId":"{web}","UseCognitoProvidedValues":true}}"#)
    );
    let branding_done = progress
        .done
        .iter()
        .find(|d| d.operation == "CreateManagedLoginBranding");
    assert_eq!(
        branding_done.and_then(|d| d.id.as_deref()),
        Some(BRANDING_ID)
    );
}

#[tokio::test]
async fn a_failed_branding_says_what_exists_and_a_resume_makes_nothing_twice() {
    let (branding, api) = moto_and_branding(branding_refused()).await;
    let doc = fresh_plan_doc("resume");
    let plan = doc.plan();
    let failure = run_plan(&api, &plan, Progress::default())
        .await
        .expect_err("branding fails");
    assert_eq!(failure.operation, "CreateManagedLoginBranding");
    assert_eq!(failure.call, r#"CreateManagedLoginBranding "web""#);
    assert_eq!(
        failure.error.code.as_deref(),
        Some("ManagedLoginBrandingExistsException")
    );
    let pool = failure.created.clone().expect("the pool exists").id;
    let done: Vec<&str> = failure
        .progress
        .done
        .iter()
        .map(|d| d.operation.as_str())
        .collect();
    assert_eq!(
        done,
        [
            "CreateUserPool",
            "CreateResourceServer",
            "CreateUserPoolClient",
            "CreateUserPoolClient",
            "CreateUserPoolDomain"
        ]
    );
    assert_eq!(
        failure.progress.remaining(&plan),
        [
            r#"CreateManagedLoginBranding "web""#,
            r#"CreateGroup "admins""#,
            r#"CreateGroup "users""#
        ]
    );

    // The fault clears: the resumed run sends only the calls not done.
    branding.set("CreateManagedLoginBranding", branding_created());
    let progress = run_plan(&api, &plan, *failure.progress.clone())
        .await
        .expect("resumes");
    assert_eq!(
        progress.pool.as_ref().map(|p| p.id.as_str()),
        Some(pool.as_str())
    );
    assert_eq!(progress.done.len(), plan.calls.len());
    assert_made_once(&pool);
    assert_eq!(branding.requests_for("CreateManagedLoginBranding").len(), 2);
}

#[test]
fn aws_cli_accepts_every_exported_later_call() {
    let dir = TempDir::new("later-calls");
    let pool = aws_cli_args(&["create-user-pool", "--pool-name", &unique_name("cli-later")]);
    let pool = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    let mut doc = full_plan_doc(
        "cli-later",
        &unique_name("cli").to_lowercase().replace('_', "-"),
    );
    doc.branding = None; // not in moto
    doc.domain.as_mut().unwrap().managed_login_version = Some(1);
    let plan = doc.plan();
    let files = export_files(&plan, Secrets::Omit);
    let suffixes: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        suffixes,
        [
            "",
            "create-resource-server",
            "create-user-pool-client",
            "create-user-pool-client-2",
            "create-user-pool-domain",
            "create-group",
            "create-group-2",
            "plan"
        ]
    );
    for ((suffix, text), call) in files.iter().zip(&plan.calls).skip(1) {
        let file = dir.write(&format!("{suffix}.json"), text);
        let input = format!("file://{}", file.display());
        let command = call.operation().cli_command();
        aws_cli_args(&[command, "--cli-input-json", &input, "--user-pool-id", &pool]);
    }
    let clients = aws_cli_args(&["list-user-pool-clients", "--user-pool-id", &pool]);
    assert_eq!(
        clients["UserPoolClients"].as_array().map(Vec::len),
        Some(2),
        "{clients}"
    );
    // The plan document reads back as the same plan.
    let (_, document) = files.last().unwrap();
    assert_eq!(plan_of(document, None), plan);
    assert_eq!(document.trim_end(), plan_document(&plan, Secrets::Omit));
}

#[test]
fn headless_create_pool_runs_the_plan_reports_a_failure_and_resumes() {
    let url = moto_url();
    let dir = TempDir::new("headless-plan");
    let doc = fresh_plan_doc("headless-plan");
    let file = dir.write("plan.json", &plan_document(&doc.plan(), Secrets::Omit));
    // moto has no CreateManagedLoginBranding: the run stops there.
    let run = wizard(
        &against_moto(&url, &["create-pool", file.to_str().unwrap()]),
        None,
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    for line in [
        "done: CreateUserPoolClient \"web\"",
        "done: CreateUserPoolDomain",
        "failed: CreateManagedLoginBranding \"web\"",
        "not run: CreateGroup \"admins\"",
        // Said as what it is: an operation the emulator lacks, not a
        // failing server (no HTML page), and what to use instead.
        "this endpoint does not implement CreateManagedLoginBranding (the local emulator lacks managed login branding)",
        "use managed login version 1",
    ] {
        assert!(run.stderr.contains(line), "{line} not in {}", run.stderr);
    }
    assert!(!run.stderr.contains("<title>"), "{}", run.stderr);
    let progress: Value = serde_json::from_str(&run.stdout).expect("the progress on stdout");
    let pool = progress["Id"].as_str().expect("Id").to_owned();

    // --resume takes only the progress of this plan's pool.
    let plan_as_progress = [
        "create-pool",
        "--resume",
        file.to_str().unwrap(),
        file.to_str().unwrap(),
    ];
    let run_wrong = wizard(&against_moto(&url, &plan_as_progress), None);
    assert_eq!(run_wrong.code, 2, "{}", run_wrong.stderr);
    assert!(
        run_wrong.stderr.contains("names no pool"),
        "{}",
        run_wrong.stderr
    );

    // Without the branding call, --resume runs only the groups.
    let mut rest = doc.clone();
    rest.branding = None;
    rest.domain.as_mut().unwrap().managed_login_version = Some(1);
    let file = dir.write("plan2.json", &plan_document(&rest.plan(), Secrets::Omit));
    let saved = dir.write("progress.json", &run.stdout);
    let args = [
        "create-pool",
        "--resume",
        saved.to_str().unwrap(),
        file.to_str().unwrap(),
    ];
    let run = wizard(&against_moto(&url, &args), None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let done: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(done["Id"], pool.as_str());
    assert_made_once(&pool);
}

/// Every member `original` writes, as `copy` has it where it differs.
fn differing(original: &impl serde::Serialize, copy: &impl serde::Serialize) -> Vec<String> {
    let original = serde_json::to_value(original).unwrap();
    let copy = serde_json::to_value(copy).unwrap();
    original
        .as_object()
        .unwrap()
        .iter()
        .filter(|(name, value)| copy.get(name.as_str()) != Some(value))
        .map(|(name, value)| format!("{name}: {value} became {}", copy[name.as_str()]))
        .collect()
}

#[tokio::test]
async fn moto_clones_the_clients_domain_and_groups_of_a_pool() {
    let api = moto_api().await;
    let mut doc = fresh_plan_doc("clone-signin");
    doc.branding = None; // not in moto
    doc.domain.as_mut().unwrap().managed_login_version = None;
    let progress = run_plan(&api, &doc.plan(), Progress::default())
        .await
        .expect("runs");
    let pool = progress.pool.expect("a pool").id;

    let described = api.describe_user_pool(pool.clone()).await.unwrap();
    let sign_in = api.describe_sign_in(pool.clone()).await.expect("described");
    let mut outcome = load::from_described(&described).unwrap();
    let Loaded::Pool(clone) = &mut outcome.loaded else {
        panic!("a pool")
    };
    add_described_sign_in(clone, &sign_in, &mut outcome.notes).expect("reads");
    let clone = clone.clone();
    for (original, copy) in doc.clients.iter().zip(&clone.clients) {
        let mut original = original.clone();
        original.generate_secret = original.generate_secret.filter(|g| *g);
        assert_eq!(
            differing(&original, copy),
            Vec::<String>::new(),
            "{}",
            original.name()
        );
    }
    assert!(clone.clients[1].has_secret() && clone.clients[1].client_secret.is_none());
    assert_eq!(clone.resource_servers, doc.resource_servers);
    for (original, copy) in doc.groups.iter().zip(&clone.groups) {
        assert_eq!(differing(original, copy), Vec::<String>::new());
    }
    let prefix = doc.domain.as_ref().unwrap().domain.clone().unwrap();
    assert_eq!(
        clone.domain.as_ref().and_then(|d| d.domain.clone()),
        Some(format!("{prefix}-copy"))
    );
    assert!(outcome
        .notes
        .iter()
        .any(|n| n.path == "CreateUserPoolDomain.Domain"));

    // The clone is a valid plan moto creates in turn.
    let errors: Vec<_> = validate::validate_pool(&clone)
        .into_iter()
        .filter(|p| p.is_error())
        .collect();
    assert_eq!(errors, Vec::<cognito_wizard::problem::Problem>::new());
    let copy = run_plan(&api, &clone.plan(), Progress::default())
        .await
        .expect("the clone is created");
    assert_made_once(&copy.pool.expect("a pool").id);
}
