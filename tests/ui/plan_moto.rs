//! The wizard against moto: a pool with an app client, a domain and a group
//! made on the new steps; each described and compared with what the preview
//! showed; a user invited on the Invite step into the group; then "Try a
//! sign-in" as that user, answering NEW_PASSWORD_REQUIRED.

use serde_json::Value;

use super::keep::retype;
use super::plan_steps::{add_first_client, add_group};
use super::*;

const TEMPORARY: &str = "Temp-Pass-123!";
const CHOSEN: &str = "Chosen-Pass-456!";

/// The preview's JSON of the `nth` call of `operation`.
fn previewed(app: &App, operation: &str, nth: usize) -> Value {
    let text = app
        .preview()
        .iter()
        .filter(|(op, _)| op == operation)
        .nth(nth)
        .map(|(_, text)| text.clone())
        .unwrap_or_else(|| panic!("{operation} is not previewed"));
    serde_json::from_str(&text).unwrap()
}

/// Members of `preview` (but those in `skip`) that `described` has otherwise.
fn differing(preview: &Value, described: &Value, skip: &[&str]) -> Vec<String> {
    preview
        .as_object()
        .unwrap()
        .iter()
        .filter(|(name, _)| !skip.contains(&name.as_str()))
        .filter(|(name, value)| described.get(name.as_str()) != Some(value))
        .map(|(name, value)| format!("{name}: previewed {value}, described {}", described[name]))
        .collect()
}

#[tokio::test]
async fn moto_the_wizard_makes_a_client_a_domain_and_a_group_and_signs_in() {
    let api = support::moto_api().await;
    let shared: SharedApi = Arc::new(api.clone());
    let dir = temp_dir("plan-moto");
    let name = support::unique_name("wizard-plan");
    // A prefix: lower-case letters, digits and hyphens, unique per region.
    let prefix: String = support::unique_name("wiz").to_lowercase();
    let user = support::unique_name("invitee");
    let (pool_name, domain_prefix, invitee) = (name.clone(), prefix.clone(), user.clone());
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
            // Auth flows: ALLOW_USER_PASSWORD_AUTH too (the flow a try runs).
            for _ in 0..3 {
                d.key(KeyCode::Tab);
            }
            for _ in 0..5 {
                d.key(KeyCode::Right);
            }
            d.key(KeyCode::Char(' '));
            d.wait_for("[x] ALLOW_USER_PASSWORD_AUTH").await;
            d.key(KeyCode::Esc);

            d.key(KeyCode::PageDown);
            d.wait_for("▶ Create a domain").await;
            d.key(KeyCode::Char(' '));
            d.key(KeyCode::Tab);
            retype(&mut d, &domain_prefix).await;

            d.key(KeyCode::PageDown);
            add_group(&mut d, "admins").await;
            d.key(KeyCode::Tab);
            retype(&mut d, "Administrators").await;
            d.key(KeyCode::Tab);
            retype(&mut d, "1").await;
            d.key(KeyCode::Esc);

            d.review().await;
            d.submit().await;
            d.key(KeyCode::Char('y'));
            let screen = d.wait_for("The user pool was created").await;
            assert!(screen.contains("t try a sign-in"), "{screen}");

            // Invite a user on the Invite step, into the group.
            d.key(KeyCode::Char('i'));
            d.wait_for("Temporary password").await;
            d.key(KeyCode::Enter);
            d.text(&invitee);
            d.key(KeyCode::Enter);
            // Past email, phone_number, given_name and family_name.
            for _ in 0..5 {
                d.key(KeyCode::Tab);
            }
            d.key(KeyCode::Enter);
            d.text(TEMPORARY);
            d.key(KeyCode::Enter);
            // Past the invitation, delivery, alias and metadata fields.
            for _ in 0..5 {
                d.key(KeyCode::Tab);
            }
            d.wait_for("▶ Add to groups").await;
            d.key(KeyCode::Char(' '));
            d.wait_for("‹[x] admins›").await;
            d.key(KeyCode::Char('p'));
            d.wait_for("// then AdminAddUserToGroup").await;
            d.key(KeyCode::Char('s'));
            d.wait_for("✓ Invited").await;
            d.key(KeyCode::PageUp);
            d.wait_for("The user pool was created").await;

            d.key(KeyCode::Char('t'));
            d.wait_for("Try a sign-in as the user").await;
            d.text(&invitee);
            d.key(KeyCode::Enter);
            d.wait_for("Their password").await;
            d.text(TEMPORARY);
            d.key(KeyCode::Enter);
            let screen = d.wait_for("Cognito asks for a new password").await;
            assert!(!screen.contains(TEMPORARY), "{screen}");
            d.text(CHOSEN);
            d.key(KeyCode::Enter);
            let screen = d.wait_for("Sign-in works for").await;
            assert!(
                screen.contains("NEW_PASSWORD_REQUIRED: tokens received"),
                "{screen}"
            );
            assert!(!screen.contains(CHOSEN), "{screen}");
        },
    )
    .await;

    let Some(cognito_wizard::app::Outcome::Created(pool)) = app.outcome() else {
        panic!("no pool was created");
    };
    let described = api
        .describe_sign_in(pool.id.clone())
        .await
        .expect("described");
    assert_eq!(described.clients.len(), 1);
    // GenerateSecret is how a client is made, not what it has.
    let client = previewed(&app, "CreateUserPoolClient", 0);
    assert_eq!(
        differing(
            &client,
            &described.clients[0],
            &["UserPoolId", "GenerateSecret"]
        ),
        Vec::<String>::new()
    );
    let domain = previewed(&app, "CreateUserPoolDomain", 0);
    assert_eq!(domain["Domain"], prefix.as_str());
    let described_domain = described.domain.expect("a domain");
    assert_eq!(
        differing(&domain, &described_domain, &["UserPoolId"]),
        Vec::<String>::new()
    );
    assert_eq!(described.groups.len(), 1);
    let group = previewed(&app, "CreateGroup", 0);
    assert_eq!(group["Precedence"], 1);
    assert_eq!(
        differing(&group, &described.groups[0], &["UserPoolId"]),
        Vec::<String>::new()
    );
    assert_eq!(support::cli::groups_of(&pool.id, &user), ["admins"]);
}
