//! A plan that fails half-way against moto (which has no
//! CreateManagedLoginBranding): the Result accounts for every call (done
//! with the client's id, failed, not run); `r` on the unchanged draft
//! resumes on the half-made pool and says it retried; a draft changed
//! since makes a NEW pool, which the confirmation says, and leaves the
//! half-made one as it was; the success lists each client with its id.

use super::keep::retype;
use super::plan_steps::add_first_client;
use super::*;

/// Ids of the pools the screen names in "The pool ID exists with …".
fn half_made_pool(screen: &str) -> String {
    let rest = screen
        .split("The pool ")
        .nth(1)
        .unwrap_or_else(|| panic!("no half-made pool named:\n{screen}"));
    rest.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The id the screen shows after `CreateUserPoolClient "NAME" (id `.
fn client_id_shown(screen: &str, name: &str) -> String {
    let marker = format!("CreateUserPoolClient \"{name}\" (id ");
    let rest = screen
        .split(marker.as_str())
        .nth(1)
        .unwrap_or_else(|| panic!("no id shown for {name}:\n{screen}"));
    rest.split(')').next().unwrap_or_default().to_owned()
}

/// The ids of described clients.
fn client_ids(clients: &[serde_json::Value]) -> Vec<&str> {
    clients
        .iter()
        .filter_map(|c| c["ClientId"].as_str())
        .collect()
}

#[tokio::test]
async fn moto_a_half_made_pool_is_resumed_only_while_the_draft_is_unchanged() {
    let api = support::moto_api().await;
    let shared: SharedApi = Arc::new(api.clone());
    let dir = temp_dir("plan-retry");
    let name = support::unique_name("wizard-retry");
    let prefix: String = support::unique_name("wizr").to_lowercase();
    let (pool_name, domain_prefix) = (name.clone(), prefix.clone());
    let (ids_tx, ids_rx) = std::sync::mpsc::channel();
    let app = run_wizard(
        new_app(&dir),
        Vec::new(),
        shared,
        (120, 40),
        |mut d| async move {
            choose_start_item(&mut d, "Empty pool").await;
            d.wait_for("▶ Pool name").await;
            retype(&mut d, &pool_name).await;
            add_first_client(&mut d).await;
            d.key(KeyCode::Esc);
            d.key(KeyCode::PageDown);
            d.wait_for("▶ Create a domain").await;
            d.key(KeyCode::Char(' '));
            d.key(KeyCode::Tab);
            retype(&mut d, &domain_prefix).await;
            d.key(KeyCode::Tab);
            d.key(KeyCode::Tab);
            d.wait_for("▶ Managed login").await;
            d.key(KeyCode::Right); // 1
            d.key(KeyCode::Right); // 2: the branding style, which moto lacks

            d.review().await;
            d.submit().await;
            d.wait_for("No pool of that name").await;
            d.key(KeyCode::Char('y'));
            let failed = d.wait_for("CreateManagedLoginBranding failed").await;
            for line in [
                "done: CreateUserPool",
                "done: CreateUserPoolDomain",
                "failed: CreateManagedLoginBranding \"web-app\"",
            ] {
                assert!(failed.contains(line), "{line} not in\n{failed}");
            }
            let half_made = half_made_pool(&failed);
            let first_client = client_id_shown(&failed, "web-app");

            // Unchanged: r resumes at once, on the same pool, and says so.
            d.key(KeyCode::Char('r'));
            let again = d.wait_for("Retried on").await;
            assert!(
                again.contains(&format!("Retried on {half_made}")),
                "{again}"
            );
            assert_eq!(half_made_pool(&again), half_made);

            // Changed (managed login back to 1, no branding): a new pool,
            // said so before y.
            d.key(KeyCode::Char('e'));
            d.wait_for("Problems:").await;
            d.key(KeyCode::PageUp);
            d.key(KeyCode::PageUp);
            d.wait_for("▶ Managed login").await;
            d.key(KeyCode::Left);
            // Past Groups to Review (paging on would reach Result).
            d.key(KeyCode::PageDown);
            d.key(KeyCode::PageDown);
            d.wait_for("Problems:").await;
            d.key(KeyCode::Char('s'));
            let asked = d.wait_for("NEW pool").await;
            assert!(asked.contains(&half_made), "{asked}");
            assert!(!asked.contains("Finish the user pool?"), "{asked}");
            d.wait_for("(local emulator, not AWS)").await;
            d.wait_for("exists already").await;
            d.key(KeyCode::Char('y'));
            // A y pressed before the same-name check answered is asked again.
            let seen = d
                .wait_for_any(&["The user pool was created", "y makes another one"])
                .await;
            if !seen.contains("The user pool was created") {
                d.key(KeyCode::Char('y'));
            }
            let created = d.wait_for("The user pool was created").await;
            let new_client = client_id_shown(&created, "web-app");
            ids_tx.send((half_made, first_client, new_client)).unwrap();
        },
    )
    .await;

    let (half_made, first_client, new_client) = ids_rx.recv().expect("the script ran to its end");
    let Some(cognito_wizard::app::Outcome::Created(pool)) = app.outcome() else {
        panic!("no pool was created");
    };
    assert_ne!(pool.id, half_made, "the changed draft made a new pool");
    assert!(app.doc().branding.is_none());
    let old = api
        .describe_sign_in(half_made.clone())
        .await
        .expect("described");
    let old_clients = client_ids(&old.clients);
    assert_eq!(
        old_clients,
        [first_client.as_str()],
        "nothing was added to {half_made}"
    );
    let new = api
        .describe_sign_in(pool.id.clone())
        .await
        .expect("described");
    let new_clients = client_ids(&new.clients);
    assert_eq!(
        new_clients,
        [new_client.as_str()],
        "the Result names the client's id"
    );
}
