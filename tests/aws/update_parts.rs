//! `update-pool` and the send on the pool's own app clients, groups and
//! domain: a file entry named like one of them changes exactly the members
//! it writes (every other carried in the full body), a concurrent change
//! to one is caught before anything is sent, and the update calls' bodies
//! are the SDK's, byte for byte. moto merges UpdateUserPoolClient and
//! UpdateGroup into what the part has (Cognito resets what a request
//! leaves out), so the full body is proven by the byte test, and moto
//! proves the rest of the part is intact.

use cognito_wizard::model::update_client::UpdateUserPoolClientRequest;
use cognito_wizard::update::send::{send_checked, Sent};
use cognito_wizard::update::{plan_update, LivePool};
use serde_json::json;

use super::*;
use crate::plan::{custom_domain, every_member_client, group, wire_client};

/// A pool in moto with the client "web" (many members) and the group
/// "staff"; the fixture and the client's id.
async fn pool_with_parts(prefix: &str) -> (Fixture, String) {
    let pool = Fixture::new(prefix).await;
    let mut client = every_member_client("web");
    client.user_pool_id = Some(pool.id.clone());
    client.allowed_oauth_scopes = Some(vec!["openid".into(), "email".into()]);
    let client_id = pool
        .api
        .create_user_pool_client(client)
        .await
        .expect("client made")
        .expect("an id");
    let mut staff = group("staff", 3);
    staff.role_arn = None;
    staff.user_pool_id = Some(pool.id.clone());
    pool.api.create_group(staff).await.expect("group made");
    (pool, client_id)
}

/// The client's and the group's descriptions, without what changes on
/// every write.
async fn parts(pool: &Fixture) -> (Value, Value) {
    let described = pool
        .api
        .describe_sign_in(pool.id.clone())
        .await
        .expect("described");
    let settle = |mut v: Value| {
        if let Some(map) = v.as_object_mut() {
            map.remove("LastModifiedDate");
        }
        v
    };
    let web = described
        .clients
        .iter()
        .find(|c| c["ClientName"] == "web")
        .expect("web");
    (settle(web.clone()), settle(described.groups[0].clone()))
}

/// One member of the pool's client and one of its group, and a new client,
/// through the command: the dry run names them and exits 4; the send
/// changes them and every other member of the client, the group and the
/// pool stays (the new client's service defaults are no miss); the same
/// file again is no change.
#[tokio::test]
async fn moto_update_pool_changes_a_client_and_a_group_member_and_keeps_every_other() {
    let (pool, client_id) = pool_with_parts("update-parts").await;
    let (client_before, group_before) = parts(&pool).await;
    let file = r#"{"CreateUserPoolClient": [{"ClientName": "web", "AccessTokenValidity": 30},
                                            {"ClientName": "mobile", "GenerateSecret": false,
                                             "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
                   "CreateGroup": [{"GroupName": "staff", "Precedence": 7}]}"#;
    let dry = pool.run(file, true);
    assert_eq!(dry.code, 4, "{}{}", dry.stdout, dry.stderr);
    assert!(
        dry.stdout
            .contains("UpdateUserPoolClient[web].AccessTokenValidity: 60 -> 30"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("UpdateGroup[staff].Precedence: 3 -> 7"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains(&format!("\"ClientId\":\"{client_id}\"")),
        "{}",
        dry.stdout
    );
    let run = pool.run(file, false);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("done: UpdateUserPoolClient"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("done: UpdateGroup"), "{}", run.stdout);
    assert!(
        run.stdout.contains("done: CreateUserPoolClient"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("should be"),
        "no member missed: {}",
        run.stdout
    );
    let (client_after, group_after) = parts(&pool).await;
    let mut expected = client_before;
    expected["AccessTokenValidity"] = json!(30);
    assert_eq!(client_after, expected);
    let mut expected = group_before;
    expected["Precedence"] = json!(7);
    assert_eq!(group_after, expected);
    assert_eq!(settled(pool.describe().await), settled(pool.before.clone()));
    let again = pool.run(file, true);
    assert_eq!(again.code, 0, "no change left: {}", again.stdout);
    assert!(
        !again.stderr.contains("warning"),
        "nothing sent, nothing warned: {}",
        again.stderr
    );
}

/// A client's secret is made with it: a file that asks for one for the
/// pool's client is refused by name, exit 1, nothing sent.
#[tokio::test]
async fn moto_update_pool_refuses_a_secret_for_the_pool_s_client() {
    let (pool, _) = pool_with_parts("update-parts-secret").await;
    let (client_before, _) = parts(&pool).await;
    let run = pool.run(
        r#"{"CreateUserPoolClient": [{"ClientName": "web", "GenerateSecret": true}]}"#,
        false,
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("CreateUserPoolClient[0].GenerateSecret"),
        "{said}"
    );
    assert!(said.contains("secret is made with the client"), "{said}");
    assert_eq!(parts(&pool).await.0, client_before);
}

/// Someone else changes the group between load and send: nothing is sent,
/// the pool as it is now comes back with its parts read again, and what
/// they changed is named member by member.
#[tokio::test]
async fn moto_a_concurrent_change_to_a_group_is_caught_before_sending() {
    let (pool, _) = pool_with_parts("update-parts-race").await;
    let described = pool.api.describe_user_pool(pool.id.clone()).await.unwrap();
    let sign_in = pool.api.describe_sign_in(pool.id.clone()).await.unwrap();
    let live = LivePool::from_described(&described)
        .unwrap()
        .with_sign_in(Ok(&sign_in));
    let mut doc = cognito_wizard::model::PoolDocument::default();
    live.sign_in.as_ref().unwrap().fill(&mut doc);
    doc.groups[0].precedence = Some(9);
    let plan = plan_update(&live, &doc);
    assert_eq!(plan.diff_lines(), ["UpdateGroup[staff].Precedence: 3 -> 9"]);
    let mut theirs = group("staff", 4);
    theirs.role_arn = None;
    theirs.user_pool_id = Some(pool.id.clone());
    pool.api
        .send_update(UpdateCall::UpdateGroup(theirs))
        .await
        .expect("their change");
    match send_checked(&pool.api, &live, &plan).await {
        Sent::PoolChanged { now, .. } => {
            let groups = &now.sign_in.as_ref().expect("read again").groups;
            assert_eq!(groups[0].precedence, Some(4));
            let theirs: Vec<String> = update::apply::meanwhile(&live, &now)
                .iter()
                .map(|c| c.line())
                .collect();
            assert_eq!(theirs, ["UpdateGroup[staff].Precedence: 3 -> 4"]);
        }
        other => panic!("sent anyway: {other:?}"),
    }
    assert_eq!(parts(&pool).await.1["Precedence"], 4, "ours was not sent");
}

/// UpdateUserPoolClient with every member, UpdateGroup and
/// UpdateUserPoolDomain (a custom domain with routing): each body is the
/// preview's, byte for byte.
#[tokio::test]
async fn every_member_of_the_part_updates_is_sent_as_previewed() {
    let client =
        UpdateUserPoolClientRequest::carrying("us-east-1_pool", "client-id", &wire_client());
    assert!(client.analytics_configuration.is_some() && client.refresh_token_rotation.is_some());
    assert_update_wire_equals_preview(UpdateCall::UpdateUserPoolClient(client)).await;
    let mut staff = group("staff", 2);
    staff.user_pool_id = Some("us-east-1_pool".into());
    assert_update_wire_equals_preview(UpdateCall::UpdateGroup(staff)).await;
    assert_update_wire_equals_preview(UpdateCall::UpdateUserPoolDomain(custom_domain())).await;
}
