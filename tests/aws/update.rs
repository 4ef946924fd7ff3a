//! `update-pool`: changing an existing pool through the command, against
//! moto (the reset trap proven absent, create-only members refused, custom
//! attributes added, a concurrent edit caught, a value not taken reported),
//! and the bodies of the update calls equal to the SDK's, byte for byte.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use cognito_wizard::api::{
    ApiResult, CognitoApi, CreatedPool, CreatedUser, PoolSummary, SharedApi, TargetInfo, UserState,
};
use cognito_wizard::aws::SdkApi;
use cognito_wizard::cli::FileArgs;
use cognito_wizard::headless::Output;
use cognito_wizard::model::load::DescribedPool;
use cognito_wizard::model::update::{
    AddCustomAttributesRequest, TagResourceRequest, UntagResourceRequest, UpdateUserPoolRequest,
};
use cognito_wizard::update::{self, UpdateCall};
use futures::future::BoxFuture;

use super::*;

#[path = "update_partial.rs"]
mod partial;

#[path = "update_fixes.rs"]
mod fixes;

#[path = "update_parts.rs"]
mod parts;

/// A pool in moto with many members set; its id and its description.
/// Without the create-only AliasAttributes and UsernameConfiguration, which
/// moto (unlike Cognito) drops on any UpdateUserPool: see
/// [`moto_drops_create_only_members_on_update_and_the_check_says_so`].
async fn many_member_pool(api: &SdkApi, prefix: &str) -> (String, Value) {
    let mut request = service_pool(&unique_name(prefix));
    request.alias_attributes = None;
    request.username_configuration = None;
    pool_made_of(api, request).await
}

async fn pool_made_of(api: &SdkApi, request: CreateUserPoolRequest) -> (String, Value) {
    let created = api.create_user_pool(request).await.expect("created");
    let described = api
        .describe_user_pool(created.id.clone())
        .await
        .expect("described");
    (created.id, described.user_pool)
}

/// The description, without what changes on every write.
fn settled(mut pool: Value) -> Value {
    if let Some(map) = pool.as_object_mut() {
        map.remove("LastModifiedDate");
    }
    pool
}

/// A pool in moto and a folder for the files that change it.
struct Fixture {
    api: SdkApi,
    id: String,
    before: Value,
    dir: TempDir,
    url: String,
}

impl Fixture {
    /// Around [`many_member_pool`].
    async fn new(prefix: &str) -> Self {
        let api = moto_api().await;
        let (id, before) = many_member_pool(&api, prefix).await;
        Self::around(api, id, before, prefix)
    }

    fn around(api: SdkApi, id: String, before: Value, prefix: &str) -> Self {
        Self {
            api,
            id,
            before,
            dir: TempDir::new(prefix),
            url: moto_url(),
        }
    }

    /// `update-pool` of the built binary with a file holding `text`.
    fn run(&self, text: &str, dry_run: bool) -> support::Run {
        let file = self.dir.write("request.json", text);
        let mut args = against_moto(
            &self.url,
            &[
                "update-pool",
                "--user-pool-id",
                &self.id,
                file.to_str().unwrap(),
            ],
        );
        if dry_run {
            args.push("--dry-run");
        }
        wizard(&args, None)
    }

    async fn describe(&self) -> Value {
        self.api
            .describe_user_pool(self.id.clone())
            .await
            .expect("described")
            .user_pool
    }
}

/// [`update::headless::update_pool`] in this process, through `api`: exit
/// status, standard output, standard error.
async fn update_in_process(api: &dyn CognitoApi, id: &str, text: &str) -> (i32, String, String) {
    let dir = TempDir::new("update-in-process");
    let args = FileArgs {
        file: dir.write("request.json", text),
        operation: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut io = Output {
        out: &mut out,
        err: &mut err,
    };
    let code = update::headless::update_pool(id, &args, false, api, &mut io).await;
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[tokio::test]
async fn moto_update_pool_changes_one_member_and_keeps_every_other() {
    let pool = Fixture::new("update-one").await;
    // The operator's way: describe-user-pool output, one member edited.
    let mut edited = pool.before.clone();
    edited["Policies"]["PasswordPolicy"]["MinimumLength"] = serde_json::json!(16);
    let run = pool.run(
        &serde_json::json!({ "UserPool": edited }).to_string(),
        false,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "Policies.PasswordPolicy.MinimumLength: 12 -> 16\ndone: UpdateUserPool\n"
    );
    let mut expected = settled(pool.before.clone());
    expected["Policies"]["PasswordPolicy"]["MinimumLength"] = serde_json::json!(16);
    assert_same_members(
        &expected,
        &settled(pool.describe().await),
        "described after the update",
    );
}

/// The trap itself, in moto: UpdateUserPool with one member resets others.
#[tokio::test]
async fn moto_resets_what_a_naive_update_user_pool_leaves_out() {
    let pool = Fixture::new("update-naive").await;
    let mut policies: UserPoolPolicy =
        serde_json::from_value(pool.before["Policies"].clone()).expect("policies");
    policies.password_policy.as_mut().unwrap().minimum_length = Some(16);
    pool.api
        .send_update(UpdateCall::UpdateUserPool(UpdateUserPoolRequest {
            user_pool_id: Some(pool.id.clone()),
            policies: Some(policies),
            ..Default::default()
        }))
        .await
        .expect("UpdateUserPool");
    let after = pool.describe().await;
    assert_eq!(after["Policies"]["PasswordPolicy"]["MinimumLength"], 16);
    for member in [
        "DeletionProtection",
        "LambdaConfig",
        "UserPoolTags",
        "SmsConfiguration",
    ] {
        assert!(pool.before.get(member).is_some(), "{member} was set");
        assert_ne!(
            pool.before.get(member),
            after.get(member),
            "{member}: moto kept it, so this test no longer shows the trap"
        );
    }
}

#[tokio::test]
async fn moto_update_pool_dry_run_exit_codes_and_calls() {
    let pool = Fixture::new("update-dry").await;
    let run = pool.run(
        &serde_json::json!({ "UserPool": pool.before }).to_string(),
        true,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("no change"), "{}", run.stderr);

    let run = pool.run(r#"{"DeletionProtection": "INACTIVE"}"#, true);
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0], "DeletionProtection: \"ACTIVE\" -> \"INACTIVE\"");
    assert_eq!(
        lines[1],
        "# call 1 of 1: UpdateUserPool (aws cognito-idp update-user-pool --cli-input-json)"
    );
    let body: Value = serde_json::from_str(lines[2]).expect("the wire body");
    assert_eq!(body["UserPoolId"], pool.id.as_str());
    assert_eq!(body["DeletionProtection"], "INACTIVE");
    for member in [
        "Policies",
        "LambdaConfig",
        "UserPoolTags",
        "AdminCreateUserConfig",
        "PoolName",
    ] {
        assert!(body.get(member).is_some(), "{member} is carried: {body}");
    }
    assert!(
        !lines[2].contains("ExternalId"),
        "secrets left out: {}",
        lines[2]
    );
    assert_eq!(
        pool.describe().await["DeletionProtection"],
        "ACTIVE",
        "a dry run sends nothing"
    );
}

#[tokio::test]
async fn moto_update_pool_refuses_a_create_only_member_by_name() {
    let pool = Fixture::new("update-fixed").await;
    let file = r#"{"AliasAttributes": ["email"], "UsernameConfiguration": {"CaseSensitive": true}, "DeletionProtection": "INACTIVE"}"#;
    for dry_run in [true, false] {
        let run = pool.run(file, dry_run);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        for member in ["AliasAttributes", "UsernameConfiguration.CaseSensitive"] {
            let named = |l: &&str| {
                l.starts_with(&format!("{member}: "))
                    && l.contains("needs a new pool: clone it instead")
            };
            assert!(
                run.stdout.lines().any(|l| named(&l)),
                "{member} named:\n{}",
                run.stdout
            );
        }
    }
    assert_eq!(
        settled(pool.describe().await),
        settled(pool.before.clone()),
        "nothing was sent"
    );
}

fn attribute_names(pool: &Value) -> Vec<String> {
    pool["SchemaAttributes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| a["Name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn moto_update_pool_adds_a_custom_attribute_through_add_custom_attributes() {
    let pool = Fixture::new("update-attr").await;
    let file =
        r#"{"Schema": [{"Name": "region", "AttributeDataType": "String", "Mutable": true}]}"#;
    let run = pool.run(file, true);
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("# call 1 of 1: AddCustomAttributes"),
        "{}",
        run.stdout
    );
    let run = pool.run(file, false);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.ends_with("done: AddCustomAttributes\n"),
        "{}",
        run.stdout
    );
    let after = pool.describe().await;
    let mut expected = attribute_names(&pool.before);
    expected.push("custom:region".into());
    assert_eq!(attribute_names(&after), expected);
    let without_schema = |pool: Value| {
        let mut pool = settled(pool);
        pool.as_object_mut().unwrap().remove("SchemaAttributes");
        pool
    };
    assert_same_members(
        &without_schema(pool.before.clone()),
        &without_schema(after),
        "the rest",
    );
}

/// moto keeps a pool's name whatever UpdateUserPool's PoolName says: the
/// check after applying names the member.
#[tokio::test]
async fn moto_update_pool_reports_a_member_that_did_not_take_the_value_sent() {
    let pool = Fixture::new("update-name").await;
    let run = pool.run(r#"{"PoolName": "renamed"}"#, false);
    assert_eq!(run.code, 6, "{}{}", run.stdout, run.stderr);
    let old = pool.before["Name"].as_str().unwrap();
    let line = format!("PoolName: should be \"renamed\", the pool has \"{old}\"");
    assert!(run.stdout.contains(&line), "{}", run.stdout);
    assert!(
        run.stdout.contains("done: UpdateUserPool"),
        "{}",
        run.stdout
    );
}

/// moto resets its whole stored configuration on UpdateUserPool, members
/// UpdateUserPool has no way to send included (Cognito keeps those): the
/// check after applying finds exactly those two, and says so.
#[tokio::test]
async fn moto_drops_create_only_members_on_update_and_the_check_says_so() {
    let api = moto_api().await;
    let (id, before) = pool_made_of(&api, service_pool(&unique_name("update-moto"))).await;
    let pool = Fixture::around(api, id, before, "update-moto");
    let run = pool.run(r#"{"DeletionProtection": "INACTIVE"}"#, false);
    assert_eq!(run.code, 6, "{}{}", run.stdout, run.stderr);
    let not_taken: Vec<&str> = run.stdout.lines().skip(2).collect();
    assert_eq!(
        not_taken,
        [
            "AliasAttributes: should be [\"preferred_username\"], the pool has (none)",
            "UsernameConfiguration.CaseSensitive: should be false, the pool has (none)"
        ],
        "{}",
        run.stdout
    );
}

/// The real API, except that the second DescribeUserPool (the one just
/// before sending) is preceded by someone else's edit of the pool.
struct EditedMeanwhile {
    inner: SdkApi,
    describes: AtomicUsize,
    edit: UpdateCall,
}

impl CognitoApi for EditedMeanwhile {
    fn create_user_pool(
        &self,
        r: CreateUserPoolRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedPool>> {
        self.inner.create_user_pool(r)
    }
    fn set_user_pool_mfa_config(
        &self,
        r: SetUserPoolMfaConfigRequest,
    ) -> BoxFuture<'static, ApiResult<()>> {
        self.inner.set_user_pool_mfa_config(r)
    }
    fn admin_create_user(
        &self,
        r: AdminCreateUserRequest,
    ) -> BoxFuture<'static, ApiResult<CreatedUser>> {
        self.inner.admin_create_user(r)
    }
    fn describe_user_pool(&self, id: String) -> BoxFuture<'static, ApiResult<DescribedPool>> {
        let inner = self.inner.clone();
        let edit = (self.describes.fetch_add(1, Ordering::SeqCst) == 1).then(|| self.edit.clone());
        Box::pin(async move {
            if let Some(edit) = edit {
                inner
                    .send_update(edit)
                    .await
                    .expect("the other operator's edit");
            }
            inner.describe_user_pool(id).await
        })
    }
    fn list_user_pools(&self) -> BoxFuture<'static, ApiResult<Vec<PoolSummary>>> {
        self.inner.list_user_pools()
    }
    fn target(&self) -> BoxFuture<'static, TargetInfo> {
        self.inner.target()
    }
    fn for_bulk(self: Arc<Self>) -> SharedApi {
        Arc::new(self.inner.clone())
    }
    fn send_update(&self, call: UpdateCall) -> BoxFuture<'static, ApiResult<()>> {
        self.inner.send_update(call)
    }
    fn admin_get_user(
        &self,
        pool_id: String,
        username: String,
    ) -> BoxFuture<'static, ApiResult<UserState>> {
        self.inner.admin_get_user(pool_id, username)
    }
    fn configured_target(&self) -> BoxFuture<'static, TargetInfo> {
        self.inner.configured_target()
    }
}

#[tokio::test]
async fn moto_update_pool_stops_when_the_pool_changed_since_it_was_loaded() {
    let pool = Fixture::new("update-race").await;
    // Someone else, in between: the full body with a new MinimumLength.
    let described = pool.api.describe_user_pool(pool.id.clone()).await.unwrap();
    let mut theirs = update::LivePool::from_described(&described)
        .unwrap()
        .state
        .settings;
    let policy = theirs
        .policies
        .as_mut()
        .and_then(|p| p.password_policy.as_mut());
    policy.unwrap().minimum_length = Some(20);
    let racing = EditedMeanwhile {
        inner: pool.api.clone(),
        describes: AtomicUsize::new(0),
        edit: UpdateCall::UpdateUserPool(UpdateUserPoolRequest::carrying(&pool.id, &theirs)),
    };
    let (code, out, err) =
        update_in_process(&racing, &pool.id, r#"{"DeletionProtection": "INACTIVE"}"#).await;
    assert_eq!(code, 5, "{out}{err}");
    assert!(
        err.contains("the pool changed since it was loaded"),
        "{err}"
    );
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(
        err.contains("  Policies.PasswordPolicy.MinimumLength: 12 -> 20"),
        "their change is printed: {err}"
    );
    // The new diff, against the pool as the other operator left it.
    assert!(
        out.ends_with("DeletionProtection: \"ACTIVE\" -> \"INACTIVE\"\n"),
        "{out}"
    );
    assert!(!out.contains("done:"), "{out}");
    let after = pool.describe().await;
    assert_eq!(after["DeletionProtection"], "ACTIVE", "ours was not sent");
    assert_eq!(
        after["Policies"]["PasswordPolicy"]["MinimumLength"], 20,
        "theirs stays"
    );
}

// --- the update calls are sent as previewed ------------------------------------------------

async fn capture_update(call: UpdateCall) -> Recorded {
    let server = CaptureServer::start();
    server.set(call.operation(), Behaviour::ok("{}"));
    let api = capture_api(&server, quick_policy()).await;
    let operation = call.operation();
    api.send_update(call).await.expect("sent");
    server.single(operation)
}

async fn assert_update_wire_equals_preview(call: UpdateCall) {
    let expected = call.json(Layout::Compact, Secrets::Reveal);
    let operation = call.operation();
    assert_sent_as(&capture_update(call).await, operation, &expected);
}

#[tokio::test]
async fn every_member_of_update_user_pool_is_sent_as_previewed() {
    let mut settings = every_member_pool("every-member");
    // One tag (and one ACR level): a map's bytes are in hash order.
    settings.user_pool_tags = Some(BTreeMap::from([("team".into(), "identity".into())]));
    let request = UpdateUserPoolRequest::carrying("us-east-1_pool", &settings);
    let body = serde_json::to_value(&request).unwrap();
    for member in [
        "Policies",
        "LambdaConfig",
        "SmsConfiguration",
        "KeyConfiguration",
        "AcrConfiguration",
    ] {
        assert!(body.get(member).is_some(), "{member} in the body");
    }
    assert_update_wire_equals_preview(UpdateCall::UpdateUserPool(request)).await;
    // Empty structures carry the always-sent primitives, as for CreateUserPool.
    assert_update_wire_equals_preview(UpdateCall::UpdateUserPool(UpdateUserPoolRequest::carrying(
        "us-east-1_pool",
        &empty_structures_pool(),
    )))
    .await;
}

#[tokio::test]
async fn add_custom_attributes_and_tag_calls_are_sent_as_previewed() {
    let schema = every_member_pool("attrs").schema.expect("a schema");
    assert!(schema.len() > 1);
    assert_update_wire_equals_preview(UpdateCall::AddCustomAttributes(
        AddCustomAttributesRequest {
            user_pool_id: Some("us-east-1_pool".into()),
            custom_attributes: Some(schema),
        },
    ))
    .await;
    let arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_pool";
    assert_update_wire_equals_preview(UpdateCall::TagResource(TagResourceRequest {
        resource_arn: Some(arn.into()),
        tags: Some(BTreeMap::from([("team".into(), "identity".into())])),
    }))
    .await;
    assert_update_wire_equals_preview(UpdateCall::UntagResource(UntagResourceRequest {
        resource_arn: Some(arn.into()),
        tag_keys: strings(&["env", "owner"]),
    }))
    .await;
    assert_update_wire_equals_preview(UpdateCall::SetUserPoolMfaConfig(every_member_mfa(Some(
        "us-east-1_pool",
    ))))
    .await;
}

#[tokio::test]
async fn moto_update_pool_turns_on_totp_through_set_user_pool_mfa_config() {
    let pool = Fixture::new("update-mfa").await;
    let plan = serde_json::json!({
        "CreateUserPool": {"PoolName": pool.before["Name"], "MfaConfiguration": "OFF"},
        "SetUserPoolMfaConfig": {
            "SoftwareTokenMfaConfiguration": {"Enabled": true},
            "MfaConfiguration": "ON"
        }
    })
    .to_string();
    let run = pool.run(&plan, true);
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    let old_mode = pool.before["MfaConfiguration"].as_str().unwrap();
    assert_ne!(old_mode, "ON");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..3],
        [
            format!("MfaConfiguration: \"{old_mode}\" -> \"ON\"").as_str(),
            "SoftwareTokenMfaConfiguration.Enabled: (none) -> true",
            "# call 1 of 1: SetUserPoolMfaConfig (aws cognito-idp set-user-pool-mfa-config --cli-input-json)",
        ]
    );
    let run = pool.run(&plan, false);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.ends_with("done: SetUserPoolMfaConfig\n"),
        "{}",
        run.stdout
    );
    let described = pool.api.describe_user_pool(pool.id.clone()).await.unwrap();
    let mfa = described.mfa_config.expect("MFA config");
    assert_eq!(mfa["MfaConfiguration"], "ON", "{mfa}");
    assert_eq!(
        mfa["SoftwareTokenMfaConfiguration"]["Enabled"], true,
        "{mfa}"
    );
}

/// moto has no TagResource: the tag calls go to the capture server, which
/// describes a pool with two tags (and, after the calls, the new ones).
#[tokio::test]
async fn tags_alone_change_through_tag_resource_and_untag_resource() {
    let pool = |tags: Value| {
        let arn = format!("arn:aws:cognito-idp:us-east-1:123456789012:userpool/{CREATED_POOL_ID}");
        let pool = serde_json::json!({"UserPool": {
            "Id": CREATED_POOL_ID, "Name": "tagged", "Arn": arn, "UserPoolTags": tags}});
        Behaviour::ok(pool.to_string())
    };
    let server = CaptureServer::start();
    let old = serde_json::json!({"team": "identity", "env": "dev"});
    server.push("DescribeUserPool", pool(old.clone()));
    server.push("DescribeUserPool", pool(old));
    server.set(
        "DescribeUserPool",
        pool(serde_json::json!({"team": "auth"})),
    );
    server.set(
        "GetUserPoolMfaConfig",
        Behaviour::ok(r#"{"MfaConfiguration":"OFF"}"#),
    );
    server.set("TagResource", Behaviour::ok("{}"));
    server.set("UntagResource", Behaviour::ok("{}"));
    let api = capture_api(&server, quick_policy()).await;
    let (code, out, err) = update_in_process(
        &api,
        CREATED_POOL_ID,
        r#"{"UserPoolTags": {"team": "auth"}}"#,
    )
    .await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "UserPoolTags[\"env\"]: \"dev\" -> (none)\nUserPoolTags[\"team\"]: \"identity\" -> \"auth\"\ndone: TagResource\ndone: UntagResource\n"
    );
    assert!(
        server.requests_for("UpdateUserPool").is_empty(),
        "tags alone: no UpdateUserPool"
    );
    let tagged = server.single("TagResource").body_text().to_owned();
    assert!(tagged.ends_with(r#","Tags":{"team":"auth"}}"#), "{tagged}");
    let untagged = server.single("UntagResource").body_text().to_owned();
    assert!(untagged.ends_with(r#","TagKeys":["env"]}"#), "{untagged}");
}
