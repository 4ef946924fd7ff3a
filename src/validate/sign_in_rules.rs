//! More rules on the later calls of a plan (see [`super::clients`]): the
//! passkey relying party and the domain, legacy auth-flow names, the custom
//! domain's certificate region and repeated OAuth scopes. Each cites its
//! source.

use std::collections::HashSet;

use crate::model::client::CreateUserPoolClientRequest;
use crate::model::PoolDocument;
use crate::problem::Problem;

const CLIENT: &str = "CreateUserPoolClient";
const RELYING_PARTY: &str = "SetUserPoolMfaConfig.WebAuthnConfiguration.RelyingPartyId";

pub fn cross_rules(doc: &PoolDocument) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, client) in doc.clients.iter().enumerate() {
        let at = |member: &str| format!("{CLIENT}[{i}].{member}");
        legacy_flows(client, &at, &mut out);
        repeated_scopes(client, &at, &mut out);
    }
    certificate_region(doc, &mut out);
    out
}

/// Source: API reference, CreateUserPoolClient `ExplicitAuthFlows`: "You
/// can also specify the following legacy values: ADMIN_NO_SRP_AUTH,
/// CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH ... You can't assign these
/// legacy ExplicitAuthFlows values to user pool clients at the same time as
/// values that begin with ALLOW_, like ALLOW_USER_SRP_AUTH."
fn legacy_flows(
    client: &CreateUserPoolClientRequest,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let flows = client.explicit_auth_flows.as_deref().unwrap_or_default();
    if !flows.iter().any(|f| f.starts_with("ALLOW_")) {
        return;
    }
    for (i, flow) in flows.iter().enumerate() {
        let modern = match flow.as_str() {
            "ADMIN_NO_SRP_AUTH" => "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "CUSTOM_AUTH_FLOW_ONLY" => "ALLOW_CUSTOM_AUTH",
            "USER_PASSWORD_AUTH" => "ALLOW_USER_PASSWORD_AUTH",
            _ => continue,
        };
        out.push(Problem::error(
            at(&format!("ExplicitAuthFlows[{i}]")),
            format!("the legacy {flow} cannot be mixed with ALLOW_ values: use {modern}"),
        ));
    }
}

/// Source: ours. A scope listed twice in `AllowedOAuthScopes` is a typo or
/// a left-over (the client grants a set of scopes): each once.
fn repeated_scopes(
    client: &CreateUserPoolClientRequest,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let mut seen = HashSet::new();
    let scopes = client.allowed_oauth_scopes.as_deref().unwrap_or_default();
    for (i, scope) in scopes.iter().enumerate() {
        if !seen.insert(scope.as_str()) {
            out.push(Problem::error(
                at(&format!("AllowedOAuthScopes[{i}]")),
                format!("{scope:?} is listed twice: list each scope once"),
            ));
        }
    }
}

/// Source: Amazon Cognito Developer Guide, "Using your own domain for
/// managed login": "The certificate must be in the US East (N. Virginia)
/// Region (us-east-1)" (the domain is served through CloudFront, which reads
/// certificates from ACM there), whatever the pool's Region.
fn certificate_region(doc: &PoolDocument, out: &mut Vec<Problem>) {
    let Some(config) = doc
        .domain
        .as_ref()
        .and_then(|d| d.custom_domain_config.as_ref())
    else {
        return;
    };
    let arn = &config.certificate_arn;
    let mut parts = arn.split(':');
    let (Some("arn"), Some(_), Some(service), Some(region)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return; // the model's ARN pattern reports it
    };
    if service == "acm" && region != "us-east-1" {
        out.push(Problem::error(
            "CreateUserPoolDomain.CustomDomainConfig.CertificateArn",
            format!("the certificate is in {region}: a custom domain needs an ACM certificate in us-east-1 (US East, N. Virginia)"),
        ));
    }
}

/// Source: API reference, WebAuthnConfigurationType `RelyingPartyId`: "the
/// authentication domain, typically your user pool domain, that passkeys
/// are bound to ... a relying party ID must be the domain of the page or a
/// parent of it" (WebAuthn: the RP ID is a registrable suffix of the
/// origin's host). A prefix domain is `PREFIX.auth.REGION.amazoncognito.com`
/// (its parents are Cognito's, not the pool's); a custom domain's relying
/// party is the domain or a parent of it (`example.com` for
/// `auth.example.com`). Applies when passkeys are a first factor; run
/// after `clients::relying_party`, which says more where it applies.
pub(super) fn passkey_relying_party(doc: &PoolDocument, out: &mut Vec<Problem>) {
    let passkeys = doc
        .create
        .policies
        .as_ref()
        .and_then(|p| p.sign_in_policy.as_ref())
        .and_then(|s| s.allowed_first_auth_factors.as_ref())
        .is_some_and(|f| f.iter().any(|f| f == "WEB_AUTHN"));
    let rp = doc
        .mfa
        .as_ref()
        .and_then(|m| m.web_authn_configuration.as_ref())
        .and_then(|w| w.relying_party_id.as_deref());
    let (true, Some(rp), Some(domain)) = (passkeys, rp, &doc.domain) else {
        return;
    };
    let name = domain.domain.as_deref().unwrap_or_default();
    if name.is_empty() {
        return;
    }
    let rp = rp.to_ascii_lowercase();
    if domain.custom_domain_config.is_some() {
        let name = name.to_ascii_lowercase();
        if rp != name && !name.ends_with(&format!(".{rp}")) {
            out.push(Problem::error(
                RELYING_PARTY,
                format!("passkeys need the domain {name:?} or a parent of it (such as its registrable domain) as relying party; {rp:?} is neither"),
            ));
        }
    } else if !(rp.starts_with(&format!("{name}.auth.")) && rp.ends_with(".amazoncognito.com")) {
        out.push(Problem::error(
            RELYING_PARTY,
            format!("passkeys with the prefix domain {name:?} need its full name as relying party: {name}.auth.REGION.amazoncognito.com"),
        ));
    }
}
