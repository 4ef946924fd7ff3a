//! The later calls of a plan document (resource servers, app clients, the
//! domain, its branding style, groups): strict reading, the service model's
//! rules under each call's path, every documented cross-field rule failing
//! and passing, the plan document and the export reading back.

use cognito_wizard::model::load::{load_str, load_value, LoadError, Loaded};
use cognito_wizard::model::preview::{self, export_files, plan_document, Secrets};
use cognito_wizard::model::values::{client_id_placeholder, NEW_POOL_ID_PLACEHOLDER};
use cognito_wizard::model::{client_presets, Operation, PoolDocument};
use cognito_wizard::problem::{Problem, Severity};
use cognito_wizard::validate::validate_pool;
use serde_json::{json, Value};

/// A valid plan with one call of each kind.
pub(super) fn base() -> Value {
    json!({
        "CreateUserPool": {"PoolName": "p", "UserPoolTier": "ESSENTIALS"},
        "CreateResourceServer": [{"Identifier": "api", "Name": "API",
            "Scopes": [{"ScopeName": "read", "ScopeDescription": "Read"}]}],
        "CreateUserPoolClient": [
            {"ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
             "SupportedIdentityProviders": ["COGNITO"],
             "CallbackURLs": ["https://app.example.com/cb", "http://localhost:3000/cb", "myapp://cb"],
             "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"],
             "AllowedOAuthFlowsUserPoolClient": true},
            {"ClientName": "machine", "GenerateSecret": true, "AllowedOAuthFlows": ["client_credentials"],
             "AllowedOAuthScopes": ["api/read"], "AllowedOAuthFlowsUserPoolClient": true}
        ],
        "CreateUserPoolDomain": {"Domain": "my-app", "ManagedLoginVersion": 2},
        "CreateManagedLoginBranding": {"ClientId": client_id_placeholder("web"), "UseCognitoProvidedValues": true},
        "CreateGroup": [{"GroupName": "admins", "Precedence": 1}, {"GroupName": "users"}]
    })
}

fn doc_of(value: Value) -> PoolDocument {
    match load_value(value, None).expect("loads").loaded {
        Loaded::Pool(doc) => doc,
        other => panic!("not a pool: {other:?}"),
    }
}

fn problems(value: Value) -> Vec<Problem> {
    validate_pool(&doc_of(value))
}

pub(super) fn errors(value: Value) -> Vec<String> {
    problems(value)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect()
}

/// `base()` with `edit` applied to it.
pub(super) fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut value = base();
    edit(&mut value);
    value
}

/// The one error at `path`, which must mention `words`.
pub(super) fn assert_error(value: Value, path: &str, words: &str) {
    let found = errors(value);
    assert!(
        found
            .iter()
            .any(|e| e.starts_with(&format!("{path}: ")) && e.contains(words)),
        "no error at {path} mentioning {words:?} in {found:#?}"
    );
}

#[test]
fn the_base_plan_is_valid_and_reads_every_call() {
    assert_eq!(errors(base()), Vec::<String>::new());
    let doc = doc_of(base());
    assert_eq!(doc.resource_servers.len(), 1);
    assert_eq!(doc.clients.len(), 2);
    assert_eq!(doc.groups.len(), 2);
    let ops: Vec<Operation> = doc.plan().calls.iter().map(|c| c.operation()).collect();
    assert_eq!(
        ops,
        [
            Operation::CreateUserPool,
            Operation::CreateResourceServer,
            Operation::CreateUserPoolClient,
            Operation::CreateUserPoolClient,
            Operation::CreateUserPoolDomain,
            Operation::CreateManagedLoginBranding,
            Operation::CreateGroup,
            Operation::CreateGroup,
        ]
    );
}

#[test]
fn later_calls_are_read_strictly() {
    let err = load_value(
        edited(|v| v["CreateUserPoolClient"][1]["ClientNmae"] = json!("x")),
        None,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "CreateUserPoolClient[1].ClientNmae: unknown member; did you mean ClientName?"
        ),
        "{err}"
    );
    let err = load_value(
        edited(|v| v["CreateGroup"] = json!({"GroupName": "a"})),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(err, LoadError::Shape { ref path, .. } if path == "CreateGroup"),
        "{err:?}"
    );
    let err = load_value(
        edited(|v| v["CreateUserPoolDomain"]["ManagedLoginVersion"] = json!(null)),
        None,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("CreateUserPoolDomain.ManagedLoginVersion: is null"),
        "{err}"
    );
    let err = load_value(edited(|v| v["CreateGroups"] = json!([])), None).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown member of a plan document"),
        "{err}"
    );
    // A missing required member inside a structure cannot be read.
    let err = load_value(
        edited(|v| v["CreateResourceServer"][0]["Scopes"] = json!([{"ScopeName": "read"}])),
        None,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("CreateResourceServer[0].Scopes[0].ScopeDescription: is required"),
        "{err}"
    );
}

#[test]
fn a_written_pool_id_is_dropped_and_the_placeholder_goes_silently() {
    let outcome = load_value(
        edited(|v| {
            v["CreateGroup"][0]["UserPoolId"] = json!("us-east-1_other");
            v["CreateGroup"][1]["UserPoolId"] = json!(NEW_POOL_ID_PLACEHOLDER);
        }),
        None,
    )
    .unwrap();
    let paths: Vec<&str> = outcome.notes.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(paths, ["CreateGroup[0].UserPoolId"]);
    let Loaded::Pool(doc) = outcome.loaded else {
        panic!()
    };
    assert!(doc.groups.iter().all(|g| g.user_pool_id.is_none()));
}

#[test]
fn the_model_rules_apply_under_each_calls_path() {
    assert_error(
        edited(|v| v["CreateUserPoolClient"][0]["AccessTokenValidity"] = json!(0)),
        "CreateUserPoolClient[0].AccessTokenValidity",
        "from 1 to 86400",
    );
    assert_error(
        edited(|v| v["CreateUserPoolClient"][0]["ExplicitAuthFlows"][0] = json!("ALLOW_MAGIC")),
        "CreateUserPoolClient[0].ExplicitAuthFlows[0]",
        "must be one of",
    );
    assert_error(
        edited(|v| v["CreateUserPoolDomain"]["Domain"] = json!("My_App")),
        "CreateUserPoolDomain.Domain",
        "",
    );
    assert_error(
        edited(|v| v["CreateGroup"][1]["Precedence"] = json!(-1)),
        "CreateGroup[1].Precedence",
        "from 0",
    );
    assert_error(
        edited(|v| {
            v["CreateUserPoolClient"][0]
                .as_object_mut()
                .unwrap()
                .remove("ClientName")
                .map(|_| ())
                .unwrap()
        }),
        "CreateUserPoolClient[0].ClientName",
        "is required",
    );
    let err = load_value(
        edited(|v| v["CreateManagedLoginBranding"]["Settings"] = json!([1])),
        None,
    )
    .unwrap_err();
    assert_eq!(
        err.problems().iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        ["CreateManagedLoginBranding.Settings: must be a JSON object (a document); found a list (JSON array)"],
        "the placeholder ClientId is no problem"
    );
    let err = load_value(
        edited(|v| v["CreateUserPoolClient"][0]["PublishSecretsInAWSSecretsManager"] = json!(true)),
        None,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("not supported yet by the AWS SDK for Rust"),
        "{err}"
    );
}

#[test]
fn callback_urls_are_https_except_loopback() {
    for (url, words) in [
        ("http://app.example.com/cb", "must use https"),
        ("https://app.example.com/cb#done", "fragment"),
        ("/cb", "absolute URL"),
        ("http://localhost.example.com/cb", "must use https"),
    ] {
        assert_error(
            edited(|v| v["CreateUserPoolClient"][0]["CallbackURLs"][0] = json!(url)),
            "CreateUserPoolClient[0].CallbackURLs[0]",
            words,
        );
    }
    for url in [
        "http://127.0.0.1:8080/cb",
        "http://[::1]/cb",
        "com.example.app://cb",
    ] {
        let value = edited(|v| v["CreateUserPoolClient"][0]["CallbackURLs"][0] = json!(url));
        assert_eq!(errors(value), Vec::<String>::new(), "{url}");
    }
    assert_error(
        edited(|v| {
            v["CreateUserPoolClient"][0]["DefaultRedirectURI"] =
                json!("https://elsewhere.example.com/")
        }),
        "CreateUserPoolClient[0].DefaultRedirectURI",
        "one of the CallbackURLs",
    );
}

#[test]
fn oauth_flows_need_a_domain_callback_urls_and_the_switch() {
    assert_error(
        edited(|v| {
            v.as_object_mut()
                .unwrap()
                .remove("CreateUserPoolDomain")
                .map(|_| ())
                .unwrap()
        }),
        "CreateUserPoolClient[0].AllowedOAuthFlows",
        "need a domain",
    );
    assert_error(
        edited(|v| {
            v["CreateUserPoolClient"][0]
                .as_object_mut()
                .unwrap()
                .remove("CallbackURLs")
                .map(|_| ())
                .unwrap()
        }),
        "CreateUserPoolClient[0].CallbackURLs",
        "at least one callback URL",
    );
    assert_error(
        edited(|v| v["CreateUserPoolClient"][0]["AllowedOAuthFlowsUserPoolClient"] = json!(false)),
        "CreateUserPoolClient[0].CallbackURLs",
        "AllowedOAuthFlowsUserPoolClient true",
    );
}

#[test]
fn client_credentials_need_a_secret_and_custom_scopes_alone() {
    assert_error(
        edited(|v| v["CreateUserPoolClient"][1]["GenerateSecret"] = json!(false)),
        "CreateUserPoolClient[1].GenerateSecret",
        "needs a client secret",
    );
    assert_error(
        edited(|v| v["CreateUserPoolClient"][1]["AllowedOAuthScopes"] = json!(["openid"])),
        "CreateUserPoolClient[1].AllowedOAuthScopes[0]",
        "only custom scopes",
    );
    assert_error(
        edited(|v| {
            v["CreateUserPoolClient"][1]["AllowedOAuthFlows"] =
                json!(["client_credentials", "code"])
        }),
        "CreateUserPoolClient[1].AllowedOAuthFlows",
        "the only OAuth flow",
    );
    assert_error(
        edited(|v| v["CreateUserPoolClient"][1]["AllowedOAuthScopes"] = json!(["api/delete"])),
        "CreateUserPoolClient[1].AllowedOAuthScopes[0]",
        "not a scope of a resource server in this plan",
    );
}

#[test]
fn identity_providers_must_exist_in_the_plan() {
    assert_error(
        edited(|v| {
            v["CreateUserPoolClient"][0]["SupportedIdentityProviders"] =
                json!(["COGNITO", "Google"])
        }),
        "CreateUserPoolClient[0].SupportedIdentityProviders[1]",
        "only COGNITO",
    );
}

#[test]
fn token_validity_is_checked_in_its_unit() {
    assert_error(
        edited(|v| v["CreateUserPoolClient"][0]["AccessTokenValidity"] = json!(48)),
        "CreateUserPoolClient[0].AccessTokenValidity",
        "48 hours is outside 5 minutes to 1 day",
    );
    let fine = edited(|v| {
        v["CreateUserPoolClient"][0]["AccessTokenValidity"] = json!(30);
        v["CreateUserPoolClient"][0]["TokenValidityUnits"] = json!({"AccessToken": "minutes"});
    });
    assert_eq!(errors(fine), Vec::<String>::new());
}

#[test]
fn managed_login_needs_essentials_and_a_branding_style() {
    assert_error(
        edited(|v| v["CreateUserPool"]["UserPoolTier"] = json!("LITE")),
        "CreateUserPoolDomain.ManagedLoginVersion",
        "ESSENTIALS or PLUS",
    );
    let without = problems(edited(|v| {
        v.as_object_mut()
            .unwrap()
            .remove("CreateManagedLoginBranding");
    }));
    assert!(
        without.iter().any(|p| p.severity == Severity::Warning
            && p.path == "CreateUserPoolDomain.ManagedLoginVersion"
            && p.message.contains("CreateManagedLoginBranding")),
        "{without:?}"
    );
    assert_error(
        edited(|v| v["CreateUserPoolDomain"]["Domain"] = json!("my-cognito-app")),
        "CreateUserPoolDomain.Domain",
        "cannot contain \"cognito\"",
    );
}

#[test]
fn a_custom_domain_is_a_host_name() {
    let custom = |name: &str| {
        edited(|v| {
            v["CreateUserPoolDomain"]["Domain"] = json!(name);
            v["CreateUserPoolDomain"]["CustomDomainConfig"] =
                json!({"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"});
        })
    };
    assert_eq!(errors(custom("auth.example.com")), Vec::<String>::new());
    assert_error(
        custom("example"),
        "CreateUserPoolDomain.Domain",
        "fully-qualified",
    );
}

#[test]
fn the_branding_style_names_a_client_of_the_plan() {
    assert_error(
        edited(|v| {
            v["CreateManagedLoginBranding"]["ClientId"] = json!(client_id_placeholder("mobile"))
        }),
        "CreateManagedLoginBranding.ClientId",
        "no client of this plan is named \"mobile\"",
    );
    assert_error(
        edited(|v| v["CreateManagedLoginBranding"]["ClientId"] = json!("abc123")),
        "CreateManagedLoginBranding.ClientId",
        "does not exist yet",
    );
    assert_error(
        edited(|v| v["CreateManagedLoginBranding"]["Settings"] = json!({"a": 1})),
        "CreateManagedLoginBranding.Settings",
        "left out with UseCognitoProvidedValues true",
    );
    assert_error(
        edited(|v| {
            v["CreateManagedLoginBranding"]["UseCognitoProvidedValues"] = json!(false);
            v["CreateManagedLoginBranding"]["Assets"] = json!([{"Category": "FORM_LOGO", "ColorMode": "LIGHT", "Extension": "PNG", "Bytes": "not base64!"}]);
        }),
        "CreateManagedLoginBranding.Assets[0].Bytes",
        "base64",
    );
}

#[test]
fn names_are_unique_within_the_plan() {
    assert_error(
        edited(|v| v["CreateUserPoolClient"][1]["ClientName"] = json!("web")),
        "CreateUserPoolClient[1].ClientName",
        "another CreateUserPoolClient call",
    );
    assert_error(
        edited(|v| v["CreateGroup"][1]["GroupName"] = json!("admins")),
        "CreateGroup[1].GroupName",
        "each needs its own",
    );
}

#[test]
fn the_plan_document_and_the_export_read_back() {
    let doc = doc_of(base());
    let plan = doc.plan();
    let document = plan_document(&plan, Secrets::Omit);
    assert_eq!(doc_of(serde_json::from_str(&document).unwrap()), doc);
    assert_eq!(doc_of(doc.to_file_value()), doc);
    match load_str(&document, None).unwrap().loaded {
        Loaded::Pool(again) => assert_eq!(again.plan(), plan),
        other => panic!("{other:?}"),
    }
    let files = export_files(&plan, Secrets::Omit);
    assert_eq!(files.len(), plan.calls.len() + 1);
    let client: Value = serde_json::from_str(&files[2].1).unwrap();
    assert_eq!(client["UserPoolId"], NEW_POOL_ID_PLACEHOLDER);
    assert_eq!(client["ClientName"], "web");
}

#[test]
fn a_client_secret_is_a_secret() {
    let doc = doc_of(edited(|v| {
        v["CreateUserPoolClient"][1]["GenerateSecret"] = json!(false);
        v["CreateUserPoolClient"][1]["ClientSecret"] = json!("0123456789abcdefghijklmnop");
    }));
    let call = &doc.plan().calls[3];
    assert_eq!(preview::secret_members(call), ["ClientSecret"]);
    for secrets in [Secrets::Omit, Secrets::Mask] {
        let json = preview::call_json(call, preview::Layout::Compact, secrets);
        assert!(!json.contains("0123456789abcdef"), "{json}");
        let document = plan_document(&doc.plan(), secrets);
        assert!(!document.contains("0123456789abcdef"), "{document}");
    }
}

#[test]
fn client_presets_validate_once_the_plan_has_a_domain() {
    for preset in client_presets::list() {
        let mut doc = doc_of(json!({"CreateUserPool": {"PoolName": "p"},
            "CreateUserPoolDomain": {"Domain": "my-app", "ManagedLoginVersion": 1}}));
        client_presets::add(&mut doc, &preset.file).unwrap();
        let errors: Vec<_> = validate_pool(&doc)
            .into_iter()
            .filter(|p| p.is_error())
            .collect();
        assert_eq!(errors, Vec::<Problem>::new(), "{}", preset.file);
    }
}

#[test]
fn passkeys_use_the_plans_domain_as_relying_party() {
    let with_rp = |domain: Value, rp: &str| {
        edited(|v| {
            v["CreateUserPoolDomain"] = domain;
            v["SetUserPoolMfaConfig"] = json!({"MfaConfiguration": "OFF",
                "WebAuthnConfiguration": {"RelyingPartyId": rp}});
        })
    };
    let custom = json!({"Domain": "auth.example.com", "ManagedLoginVersion": 2,
        "CustomDomainConfig": {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}});
    let path = "SetUserPoolMfaConfig.WebAuthnConfiguration.RelyingPartyId";
    assert_error(
        with_rp(custom.clone(), "example.com"),
        path,
        "custom domain \"auth.example.com\"",
    );
    assert!(!errors(with_rp(custom, "auth.example.com"))
        .iter()
        .any(|e| e.starts_with(path)));
    let prefix = json!({"Domain": "my-app", "ManagedLoginVersion": 2});
    assert_error(
        with_rp(prefix.clone(), "other.auth.us-east-1.amazoncognito.com"),
        path,
        "my-app.auth.REGION",
    );
    assert!(
        !errors(with_rp(prefix, "my-app.auth.us-east-1.amazoncognito.com"))
            .iter()
            .any(|e| e.starts_with(path))
    );
}

#[test]
fn a_described_custom_domain_and_client_become_creatable_calls() {
    use cognito_wizard::model::describe_plan::{add_described_sign_in, DescribedSignIn};
    let described = DescribedSignIn {
        clients: vec![
            json!({"UserPoolId": "us-east-1_x", "ClientName": "web", "ClientId": "abc",
            "ClientSecret": "s3cr3t", "CreationDate": 1.5, "LastModifiedDate": 1.5,
            "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH"]}),
        ],
        domain: Some(
            json!({"UserPoolId": "us-east-1_x", "Domain": "auth.example.com",
            "CustomDomainConfig": {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"},
            "ManagedLoginVersion": 2, "Status": "ACTIVE"}),
        ),
        ..Default::default()
    };
    let mut doc = PoolDocument::default();
    let mut notes = Vec::new();
    add_described_sign_in(&mut doc, &described, &mut notes).unwrap();
    let client = &doc.clients[0];
    assert_eq!(client.client_secret, None);
    assert_eq!(client.generate_secret, Some(true));
    assert_eq!(client.user_pool_id, None);
    let domain = doc.domain.as_ref().unwrap();
    assert_eq!(domain.domain.as_deref(), Some("auth-copy"));
    assert_eq!(domain.custom_domain_config, None);
    assert_eq!(domain.managed_login_version, Some(2));
    let paths: Vec<&str> = notes.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "CreateUserPoolClient[0].ClientSecret",
            "CreateUserPoolDomain.Domain",
            "CreateUserPoolDomain.ManagedLoginVersion"
        ]
    );
    let err = add_described_sign_in(
        &mut PoolDocument::default(),
        &DescribedSignIn {
            groups: vec![json!({"GroupName": "a", "Shiny": 1})],
            ..Default::default()
        },
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("CreateGroup[0].Shiny: unknown member"),
        "{err}"
    );
}

#[test]
fn a_draft_keeps_the_clients_but_not_their_secrets() {
    use cognito_wizard::app::draft;
    use cognito_wizard::app::fields::StepId;
    let doc = doc_of(edited(|v| {
        v["CreateUserPoolClient"][1]["GenerateSecret"] = json!(false);
        v["CreateUserPoolClient"][1]["ClientSecret"] = json!("0123456789abcdefghijklmnop");
    }));
    let text = draft::encode(&doc, &Default::default(), StepId::Review);
    assert!(!text.contains("0123456789abcdef"), "{text}");
    let restored = draft::decode(&text).unwrap().doc;
    assert_eq!(restored.clients.len(), 2);
    assert_eq!(restored.clients[1].client_secret, None);
    assert_eq!(restored.groups, doc.groups);
    assert_eq!(restored.branding, doc.branding);
}
