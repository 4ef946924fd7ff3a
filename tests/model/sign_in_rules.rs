//! The documented rules added for issue 13's acceptance: passkeys bound to
//! the plan's domain (or a parent of a custom one), legacy auth-flow names
//! not mixed with ALLOW_ ones, the custom domain's certificate in
//! us-east-1, OAuth scopes listed once, a callback URL's error naming the
//! entry; each failing and passing.

use serde_json::{json, Value};

use super::plan::{assert_error, edited, errors};

const RP: &str = "SetUserPoolMfaConfig.WebAuthnConfiguration.RelyingPartyId";

/// The base plan with passkeys as a first factor, this relying party and
/// this domain.
fn passkeys(domain: Value, rp: &str) -> Value {
    edited(|v| {
        v["CreateUserPool"]["Policies"] = json!({"SignInPolicy":
            {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}});
        v["CreateUserPoolDomain"] = domain;
        v["SetUserPoolMfaConfig"] = json!({"MfaConfiguration": "OFF",
            "WebAuthnConfiguration": {"RelyingPartyId": rp}});
    })
}

fn rp_errors(value: Value) -> Vec<String> {
    errors(value)
        .into_iter()
        .filter(|e| e.starts_with(RP))
        .collect()
}

#[test]
fn passkeys_need_the_domain_or_a_parent_as_relying_party() {
    let prefix = json!({"Domain": "my-app", "ManagedLoginVersion": 2});
    assert_error(
        passkeys(prefix.clone(), "example.org"),
        RP,
        "my-app.auth.REGION",
    );
    assert_eq!(
        rp_errors(passkeys(prefix, "my-app.auth.us-east-1.amazoncognito.com")),
        Vec::<String>::new()
    );
    let custom = json!({"Domain": "auth.example.com", "ManagedLoginVersion": 1,
        "CustomDomainConfig": {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}});
    // Without a hosted (OAuth) client, which needs the domain itself.
    let unhosted = |rp: &str| without_oauth(passkeys(custom.clone(), rp));
    assert_error(unhosted("example.org"), RP, "or a parent of it");
    assert_error(unhosted("ample.com"), RP, "or a parent of it");
    for rp in ["example.com", "auth.example.com"] {
        assert_eq!(rp_errors(unhosted(rp)), Vec::<String>::new(), "{rp}");
    }
}

/// The plan with its clients' OAuth settings taken out.
fn without_oauth(mut value: Value) -> Value {
    for client in value["CreateUserPoolClient"].as_array_mut().unwrap() {
        let client = client.as_object_mut().unwrap();
        for member in [
            "AllowedOAuthFlowsUserPoolClient",
            "AllowedOAuthFlows",
            "AllowedOAuthScopes",
            "CallbackURLs",
        ] {
            client.remove(member);
        }
    }
    value
}

#[test]
fn legacy_auth_flows_are_not_mixed_with_allow_ones() {
    let with_flows =
        |flows: Value| edited(|v| v["CreateUserPoolClient"][0]["ExplicitAuthFlows"] = flows);
    assert_error(
        with_flows(json!(["ALLOW_USER_SRP_AUTH", "USER_PASSWORD_AUTH"])),
        "CreateUserPoolClient[0].ExplicitAuthFlows[1]",
        "use ALLOW_USER_PASSWORD_AUTH",
    );
    let path = "CreateUserPoolClient[0].ExplicitAuthFlows";
    for flows in [
        json!(["USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"]),
        json!(["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"]),
    ] {
        let found = errors(with_flows(flows.clone()));
        assert!(
            !found.iter().any(|e| e.starts_with(path)),
            "{flows}: {found:?}"
        );
    }
}

#[test]
fn a_custom_domains_certificate_is_in_us_east_1() {
    let with_arn = |arn: &str| {
        edited(|v| {
            v["CreateUserPoolDomain"] = json!({"Domain": "auth.example.com", "ManagedLoginVersion": 2,
                "CustomDomainConfig": {"CertificateArn": arn}})
        })
    };
    let path = "CreateUserPoolDomain.CustomDomainConfig.CertificateArn";
    assert_error(
        with_arn("arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
        path,
        "us-east-1",
    );
    let found = errors(with_arn(
        "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    ));
    assert!(!found.iter().any(|e| e.starts_with(path)), "{found:?}");
}

#[test]
fn oauth_scopes_are_listed_once() {
    assert_error(
        edited(|v| {
            v["CreateUserPoolClient"][0]["AllowedOAuthScopes"] =
                json!(["openid", "email", "openid"])
        }),
        "CreateUserPoolClient[0].AllowedOAuthScopes[2]",
        "\"openid\" is listed twice",
    );
    assert!(!errors(super::plan::base())
        .iter()
        .any(|e| e.contains("AllowedOAuthScopes")));
}

#[test]
fn a_callback_url_error_names_the_entry() {
    let value = edited(|v| {
        v["CreateUserPoolClient"][0]["CallbackURLs"][1] = json!("http://app.example.com/cb")
    });
    assert_error(
        value,
        "CreateUserPoolClient[0].CallbackURLs[1]",
        "\"http://app.example.com/cb\": must use https",
    );
}
