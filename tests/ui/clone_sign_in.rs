//! Cloning a pool against moto carries its app clients, domain (a new
//! prefix) and groups into the plan: from "Clone an existing pool by id…" on
//! the real loop, and from `--from-pool` (what `wizard::prepare` starts with).

use cognito_wizard::model::load::{load_str, Loaded};
use cognito_wizard::run::{run_plan, Progress};

use super::*;

/// A pool in moto with three app clients (one with a secret), a prefix
/// domain and two groups; returns its id and the domain prefix.
async fn pool_with_sign_in(api: &cognito_wizard::aws::SdkApi, label: &str) -> (String, String) {
    let name = support::unique_name(label);
    let prefix = name.to_lowercase().replace('_', "-");
    let text = serde_json::json!({
        "CreateUserPool": { "PoolName": name },
        "CreateUserPoolClient": [
            { "ClientName": "web" },
            { "ClientName": "server", "GenerateSecret": true },
            { "ClientName": "mobile", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }
        ],
        "CreateUserPoolDomain": { "Domain": prefix },
        "CreateGroup": [
            { "GroupName": "admins", "Precedence": 1 },
            { "GroupName": "users", "Description": "everyone" }
        ]
    })
    .to_string();
    let Loaded::Pool(doc) = load_str(&text, None).expect("a plan").loaded else {
        panic!("not a pool plan")
    };
    let progress = run_plan(api, &doc.plan(), Progress::default())
        .await
        .expect("moto makes the pool");
    (progress.pool.expect("a pool").id, prefix)
}

/// What the clone holds: every client, the domain under `PREFIX-copy`, both
/// groups, each previewed as its own call.
fn assert_carries_sign_in(app: &App, prefix: &str) {
    let doc = app.doc();
    let names: Vec<&str> = doc.clients.iter().map(|c| c.name()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["mobile", "server", "web"]);
    let server = doc.clients.iter().find(|c| c.name() == "server").unwrap();
    assert!(server.has_secret() && server.client_secret.is_none());
    let domain = doc.domain.as_ref().and_then(|d| d.domain.clone());
    assert_eq!(domain, Some(format!("{prefix}-copy")));
    let groups: Vec<_> = doc.groups.iter().map(|g| g.group_name.clone()).collect();
    assert_eq!(groups.len(), 2, "{groups:?}");
    let operations: Vec<&String> = app.preview().iter().map(|(op, _)| op).collect();
    let count = |name: &str| operations.iter().filter(|op| op.as_str() == name).count();
    assert_eq!(count("CreateUserPoolClient"), 3, "{operations:?}");
    assert_eq!(count("CreateUserPoolDomain"), 1, "{operations:?}");
    assert_eq!(count("CreateGroup"), 2, "{operations:?}");
}

#[tokio::test]
async fn moto_clone_by_id_carries_the_clients_domain_and_groups() {
    let api = support::moto_api().await;
    let (pool_id, prefix) = pool_with_sign_in(&api, "clone-by-id").await;
    let dir = temp_dir("clone-sign-in");
    let id = pool_id.clone();
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        Arc::new(api.clone()),
        (120, 40),
        |mut d| async move {
            d.wait_for("Clone an existing pool by id…").await;
            for _ in 0..3 {
                d.key(KeyCode::Up); // from the first item to the third from last
            }
            d.key(KeyCode::Enter);
            d.wait_for("Clone the pool with id").await;
            d.text(&id);
            d.key(KeyCode::Enter);
            let screen = d.wait_for("Cloned with 3 app client(s)").await;
            assert!(screen.contains("2 group(s)"), "{screen}");
        },
    )
    .await;
    assert_carries_sign_in(&app, &prefix);
}

#[tokio::test]
async fn moto_from_pool_carries_the_clients_domain_and_groups() {
    let api = support::moto_api().await;
    let (pool_id, prefix) = pool_with_sign_in(&api, "from-pool").await;
    let dir = temp_dir("from-pool-sign-in");
    let args = WizardArgs {
        from_pool: Some(pool_id),
        ..WizardArgs::default()
    };
    let (app, effects) =
        cognito_wizard::wizard::prepare(&args, Some(dir.join("autosave.json"))).unwrap();
    let app = run_wizard(
        app,
        effects,
        Arc::new(api.clone()),
        (80, 24),
        |mut d| async move {
            d.wait_for("Cloned with 3 app client(s)").await;
        },
    )
    .await;
    assert_carries_sign_in(&app, &prefix);
}
