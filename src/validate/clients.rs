//! Rules that tie the later calls of a plan together: app clients, resource
//! servers, the domain, its branding style and groups, with each other and
//! with the pool. Each cites its source: the API reference (botocore's
//! documentation of the member, quoted), the Amazon Cognito Developer Guide,
//! or, marked "ours", what the plan itself needs.

use std::collections::HashSet;

use crate::model::client::CreateUserPoolClientRequest;
use crate::model::values::client_of_placeholder;
use crate::model::{Operation, PoolDocument};
use crate::problem::Problem;

const CLIENT: &str = "CreateUserPoolClient";
const DOMAIN: &str = "CreateUserPoolDomain";
const BRANDING: &str = "CreateManagedLoginBranding";

/// Scopes that need no resource server (API reference, CreateUserPoolClient
/// `AllowedOAuthScopes`: "phone, email, openid, and profile ... The
/// aws.cognito.signin.user.admin scope authorizes user self-service").
const STANDARD_SCOPES: &[&str] = &[
    "phone",
    "email",
    "openid",
    "profile",
    "aws.cognito.signin.user.admin",
];

pub fn cross_rules(doc: &PoolDocument) -> Vec<Problem> {
    let mut out = Vec::new();
    unique_names(doc, &mut out);
    for (i, client) in doc.clients.iter().enumerate() {
        let at = |member: &str| format!("{CLIENT}[{i}].{member}");
        redirect_urls(client, &at, &mut out);
        oauth(client, doc, &at, &mut out);
        client_credentials(client, &at, &mut out);
        scopes_exist(client, doc, &at, &mut out);
        identity_providers(client, &at, &mut out);
        token_validity(client, &at, &mut out);
    }
    domain(doc, &mut out);
    branding(doc, &mut out);
    relying_party(doc, &mut out);
    let rp = "SetUserPoolMfaConfig.WebAuthnConfiguration.RelyingPartyId";
    if !out.iter().any(|p| p.path == rp) {
        super::sign_in_rules::passkey_relying_party(doc, &mut out);
    }
    out.extend(super::sign_in_rules::cross_rules(doc));
    out
}

/// Source: API reference, WebAuthnConfigurationType `RelyingPartyId`: "the
/// authentication domain, typically your user pool domain ... the passkey
/// relying party ID must be the fully-qualified domain name of your custom
/// domain" when the pool has a custom domain and the app signs in with
/// managed login or the classic hosted UI (an OAuth client). A prefix
/// domain's name is `PREFIX.auth.REGION.amazoncognito.com`.
fn relying_party(doc: &PoolDocument, out: &mut Vec<Problem>) {
    let Some(rp) = doc
        .mfa
        .as_ref()
        .and_then(|m| m.web_authn_configuration.as_ref())
        .and_then(|w| w.relying_party_id.as_deref())
    else {
        return;
    };
    let Some(domain) = &doc.domain else { return };
    let name = domain.domain.as_deref().unwrap_or_default();
    let at = "SetUserPoolMfaConfig.WebAuthnConfiguration.RelyingPartyId";
    let hosted = doc
        .clients
        .iter()
        .any(|c| c.allowed_oauth_flows_user_pool_client == Some(true));
    if domain.custom_domain_config.is_some() {
        if hosted && rp != name {
            out.push(Problem::error(
                at,
                format!("with a custom domain and managed login, passkeys need the custom domain {name:?} as relying party"),
            ));
        }
    } else if rp.ends_with(".amazoncognito.com") && !rp.starts_with(&format!("{name}.auth.")) {
        out.push(Problem::error(
            at,
            format!("names a Cognito domain other than this plan's: use {name}.auth.REGION.amazoncognito.com"),
        ));
    }
}

/// Source: ours. The plan tells its calls apart by what they make (the
/// branding style names its client, a resumed run skips the calls done), so
/// two clients, resource servers or groups of one plan cannot share a name.
/// For groups and resource servers the service agrees: a second one of the
/// same name fails (GroupExistsException, InvalidParameterException).
fn unique_names(doc: &PoolDocument, out: &mut Vec<Problem>) {
    let names = |op: Operation, member: &str, values: Vec<Option<&str>>| {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            if let Some(name) = value.filter(|n| !n.is_empty()) {
                if !seen.insert(name) {
                    found.push(Problem::error(
                        format!("{}[{i}].{member}", op.name()),
                        format!(
                            "another {} call of this plan has {name:?}: each needs its own",
                            op.name()
                        ),
                    ));
                }
            }
        }
        found
    };
    out.extend(names(
        Operation::CreateUserPoolClient,
        "ClientName",
        doc.clients
            .iter()
            .map(|c| c.client_name.as_deref())
            .collect(),
    ));
    out.extend(names(
        Operation::CreateResourceServer,
        "Identifier",
        doc.resource_servers
            .iter()
            .map(|r| r.identifier.as_deref())
            .collect(),
    ));
    out.extend(names(
        Operation::CreateGroup,
        "GroupName",
        doc.groups.iter().map(|g| g.group_name.as_deref()).collect(),
    ));
}

/// Source: API reference, CreateUserPoolClient `CallbackURLs`: "A redirect
/// URI must ... Be an absolute URI ... Not include a fragment component ...
/// Amazon Cognito requires HTTPS over HTTP except for callback URLs to
/// http://localhost, http://127.0.0.1 and http://[::1] ... App callback URLs
/// such as myapp://example are also supported." `DefaultRedirectURI`: "Must
/// be in the CallbackURLs list."
fn redirect_urls(
    client: &CreateUserPoolClientRequest,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let callbacks = client.callback_urls.as_deref().unwrap_or_default();
    for (i, url) in callbacks.iter().enumerate() {
        if let Some(message) = redirect_problem(url) {
            out.push(Problem::error(
                at(&format!("CallbackURLs[{i}]")),
                format!("{url:?}: {message}"),
            ));
        }
    }
    if let Some(default) = &client.default_redirect_uri {
        if let Some(message) = redirect_problem(default) {
            out.push(Problem::error(at("DefaultRedirectURI"), message));
        } else if !callbacks.contains(default) {
            out.push(Problem::error(
                at("DefaultRedirectURI"),
                "must be one of the CallbackURLs",
            ));
        }
    }
}

/// Why `url` cannot be a redirect URI, if it cannot.
pub fn redirect_problem(url: &str) -> Option<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some("must be an absolute URL (https://..., or an app's own scheme such as myapp://callback)".into());
    };
    let valid_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return Some(format!("{scheme:?} is not a URL scheme"));
    }
    if url.contains('#') {
        return Some("must not have a fragment (#...)".into());
    }
    if scheme.eq_ignore_ascii_case("http") && !is_loopback_host(rest) {
        return Some("must use https (http only for http://localhost, http://127.0.0.1 and http://[::1], for testing)".into());
    }
    None
}

fn is_loopback_host(rest: &str) -> bool {
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = match authority.strip_prefix("[::1]") {
        Some(port) => return port.is_empty() || port.starts_with(':'),
        None => authority.split(':').next().unwrap_or(authority),
    };
    matches!(host, "localhost" | "127.0.0.1")
}

/// Source: API reference, CreateUserPoolClient
/// `AllowedOAuthFlowsUserPoolClient`: "This parameter must have a value of
/// true before you can configure ... CallBackURLs ... LogoutURLs ...
/// AllowedOAuthScopes ... AllowedOAuthFlows"; `CallbackURLs`: the paths
/// "where you want to send your users' browsers after they complete
/// authentication" (the code and implicit grants redirect there). Developer
/// Guide, "Configuring a user pool domain": managed login and the OAuth 2.0
/// endpoints are served on the pool's domain, so OAuth needs one.
fn oauth(
    client: &CreateUserPoolClientRequest,
    doc: &PoolDocument,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let written = [
        ("CallbackURLs", client.callback_urls.is_some()),
        ("LogoutURLs", client.logout_urls.is_some()),
        ("AllowedOAuthScopes", client.allowed_oauth_scopes.is_some()),
        ("AllowedOAuthFlows", client.allowed_oauth_flows.is_some()),
    ];
    let enabled = client.allowed_oauth_flows_user_pool_client == Some(true);
    if !enabled {
        if let Some((member, _)) = written.iter().find(|(_, set)| *set) {
            out.push(Problem::error(
                at(member),
                "needs AllowedOAuthFlowsUserPoolClient true (OAuth features of the client)",
            ));
        }
        return;
    }
    let flows = client.oauth_flows();
    if flows.is_empty() {
        out.push(Problem::error(
            at("AllowedOAuthFlows"),
            "is required with AllowedOAuthFlowsUserPoolClient true: code, implicit or client_credentials",
        ));
    }
    let browser = flows.iter().any(|f| f == "code" || f == "implicit");
    if browser
        && client
            .callback_urls
            .as_deref()
            .unwrap_or_default()
            .is_empty()
    {
        out.push(Problem::error(
            at("CallbackURLs"),
            "the code and implicit flows need at least one callback URL to send the user back to",
        ));
    }
    if !flows.is_empty() && doc.domain.is_none() {
        out.push(
            Problem::error(
                at("AllowedOAuthFlows"),
                "OAuth flows need a domain (CreateUserPoolDomain): the sign-in pages and /oauth2 endpoints are served there",
            )
            .fixed_at(DOMAIN),
        );
    }
}

/// Source: API reference, CreateUserPoolClient `AllowedOAuthFlows`: "To
/// create an app client that generates client credentials grants, you must
/// add client_credentials as the only allowed OAuth flow ... authorized by a
/// combination of the client ID and client secret." Developer Guide,
/// "Scopes, M2M, and APIs with resource servers": client credentials grants
/// carry custom scopes only.
fn client_credentials(
    client: &CreateUserPoolClientRequest,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let flows = client.oauth_flows();
    if !flows.iter().any(|f| f == "client_credentials") {
        return;
    }
    if flows.len() > 1 {
        out.push(Problem::error(
            at("AllowedOAuthFlows"),
            "client_credentials must be the only OAuth flow of its client",
        ));
    }
    if !client.has_secret() {
        out.push(Problem::error(
            at("GenerateSecret"),
            "client_credentials needs a client secret: set GenerateSecret true",
        ));
    }
    let scopes = client.oauth_scopes();
    if scopes.is_empty() {
        out.push(Problem::error(
            at("AllowedOAuthScopes"),
            "client_credentials needs custom scopes (identifier/scope of a resource server)",
        ));
    }
    for (i, scope) in scopes.iter().enumerate() {
        if STANDARD_SCOPES.contains(&scope.as_str()) {
            out.push(Problem::error(
                at(&format!("AllowedOAuthScopes[{i}]")),
                format!("{scope} is a user scope; client_credentials takes only custom scopes (identifier/scope)"),
            ));
        }
    }
}

/// Source: API reference, CreateUserPoolClient `AllowedOAuthScopes`
/// ("Custom scopes with resource servers") and its ScopeDoesNotExistException:
/// a custom scope must be defined by a resource server, which in a new pool
/// is one of this plan's (they run before the clients).
fn scopes_exist(
    client: &CreateUserPoolClientRequest,
    doc: &PoolDocument,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let defined: HashSet<String> = doc
        .resource_servers
        .iter()
        .flat_map(|r| r.scope_names())
        .collect();
    for (i, scope) in client.oauth_scopes().iter().enumerate() {
        if STANDARD_SCOPES.contains(&scope.as_str()) || defined.contains(scope) {
            continue;
        }
        let message = if scope.contains('/') {
            format!(
                "{scope} is not a scope of a resource server in this plan (CreateResourceServer)"
            )
        } else {
            format!("{scope} is not a scope: use phone, email, openid, profile, aws.cognito.signin.user.admin or identifier/scope of a resource server in this plan")
        };
        out.push(Problem::error(
            at(&format!("AllowedOAuthScopes[{i}]")),
            message,
        ));
    }
}

/// Source: API reference, CreateUserPoolClient `SupportedIdentityProviders`:
/// "COGNITO, Facebook, Google, SignInWithApple, and LoginWithAmazon ... the
/// names that you configured for the SAML and OIDC IdPs in your user pool".
/// Every provider but COGNITO is made with CreateIdentityProvider, which this
/// plan does not run, so in a new pool only COGNITO exists.
fn identity_providers(
    client: &CreateUserPoolClientRequest,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let providers = client
        .supported_identity_providers
        .as_deref()
        .unwrap_or_default();
    for (i, provider) in providers.iter().enumerate() {
        if provider != "COGNITO" {
            out.push(Problem::error(
                at(&format!("SupportedIdentityProviders[{i}]")),
                format!("{provider:?} does not exist in the new pool: the plan creates no identity providers, so only COGNITO can be used (add others after creation)"),
            ));
        }
    }
}

/// Source: API reference, CreateUserPoolClient `AccessTokenValidity`,
/// `IdTokenValidity`, `RefreshTokenValidity`: the unit is
/// `TokenValidityUnits` (default hours for access and ID tokens, days for the
/// refresh token) and the valid range is in seconds: access and ID tokens 5
/// minutes to 1 day, refresh tokens 60 minutes to 10 years.
fn token_validity(
    client: &CreateUserPoolClientRequest,
    at: &dyn Fn(&str) -> String,
    out: &mut Vec<Problem>,
) {
    let units = client.token_validity_units.as_ref();
    let checks = [
        (
            "AccessTokenValidity",
            client.access_token_validity,
            units.and_then(|u| u.access_token.as_deref()),
            "hours",
            300,
            86_400,
            "5 minutes to 1 day",
        ),
        (
            "IdTokenValidity",
            client.id_token_validity,
            units.and_then(|u| u.id_token.as_deref()),
            "hours",
            300,
            86_400,
            "5 minutes to 1 day",
        ),
        (
            "RefreshTokenValidity",
            client.refresh_token_validity,
            units.and_then(|u| u.refresh_token.as_deref()),
            "days",
            3_600,
            315_360_000,
            "60 minutes to 10 years",
        ),
    ];
    for (member, value, unit, default_unit, min, max, range) in checks {
        let Some(value) = value else { continue };
        let unit = unit.unwrap_or(default_unit);
        let Some(seconds) = unit_seconds(unit).map(|s| i64::from(value) * s) else {
            continue; // an unknown unit is reported by the model's enum
        };
        // RefreshTokenValidity 0 means "the default": the model allows it.
        if member == "RefreshTokenValidity" && value == 0 {
            continue;
        }
        if !(min..=max).contains(&seconds) {
            out.push(Problem::error(
                at(member),
                format!("{value} {unit} is outside {range}"),
            ));
        }
    }
}

fn unit_seconds(unit: &str) -> Option<i64> {
    match unit {
        "seconds" => Some(1),
        "minutes" => Some(60),
        "hours" => Some(3_600),
        "days" => Some(86_400),
        _ => None,
    }
}

/// Source: API reference, CreateUserPoolDomain `ManagedLoginVersion`:
/// "Managed login requires that your user pool be configured for any feature
/// plan other than Lite ... To use managed login, create a branding style
/// using the CreateManagedLoginBranding operation." `Domain`: "For custom
/// domains, this is the fully-qualified domain name, such as
/// auth.example.com. For prefix domains, this is the prefix alone". Developer
/// Guide, "Using the Amazon Cognito prefix domain": a prefix cannot contain
/// aws, amazon or cognito.
fn domain(doc: &PoolDocument, out: &mut Vec<Problem>) {
    let Some(domain) = &doc.domain else { return };
    let name = domain.domain.as_deref().unwrap_or_default();
    if domain.custom_domain_config.is_some() {
        if let Some(message) = host_name_problem(name) {
            out.push(Problem::error(format!("{DOMAIN}.Domain"), message));
        }
    } else if let Some(word) = ["aws", "amazon", "cognito"]
        .into_iter()
        .find(|w| name.contains(w))
    {
        out.push(Problem::error(
            format!("{DOMAIN}.Domain"),
            format!("a Cognito prefix domain cannot contain {word:?}"),
        ));
    }
    if domain.managed_login_version == Some(2) {
        let tier = doc
            .create
            .user_pool_tier
            .as_deref()
            .unwrap_or(crate::model::values::DEFAULT_TIER);
        if tier == "LITE" {
            out.push(
                Problem::error(
                    format!("{DOMAIN}.ManagedLoginVersion"),
                    "managed login (version 2) needs UserPoolTier ESSENTIALS or PLUS; use 1 (the classic hosted UI) with LITE",
                )
                .fixed_at("UserPoolTier"),
            );
        }
        if doc.branding.is_none() {
            out.push(Problem::warning(
                format!("{DOMAIN}.ManagedLoginVersion"),
                "managed login shows no page until a client has a branding style: add CreateManagedLoginBranding (UseCognitoProvidedValues true uses Cognito's)",
            ));
        }
    }
    if let Some(version) = domain.managed_login_version.filter(|v| !matches!(v, 1 | 2)) {
        out.push(Problem::error(
            format!("{DOMAIN}.ManagedLoginVersion"),
            format!("must be 1 (hosted UI, classic) or 2 (managed login); got {version}"),
        ));
    }
}

/// Why `name` is not a fully-qualified host name, if it is not.
fn host_name_problem(name: &str) -> Option<String> {
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if labels.len() < 2 || name.len() > 253 || !labels.iter().all(label_ok) {
        return Some("a custom domain must be a fully-qualified lower-case host name, such as auth.example.com".into());
    }
    None
}

/// Source: API reference, CreateManagedLoginBranding `ClientId` (the app
/// client the style is for) and `UseCognitoProvidedValues`: "When you
/// specify true for this option, you must also omit values for Settings and
/// Assets in the request." Ours: in a new pool the client is one of this
/// plan's, named by its placeholder, whose id CreateUserPoolClient returns.
fn branding(doc: &PoolDocument, out: &mut Vec<Problem>) {
    let Some(branding) = &doc.branding else {
        return;
    };
    let at = |member: &str| format!("{BRANDING}.{member}");
    match branding.client_id.as_deref() {
        None => out.push(Problem::error(
            at("ClientId"),
            "is required: the placeholder <ClientId from CreateUserPoolClient \"NAME\"> of a client of this plan",
        )),
        Some(id) => match client_of_placeholder(id) {
            Some(name) if doc.client_named(name).is_some() => {}
            Some(name) => out.push(Problem::error(
                at("ClientId"),
                format!("no client of this plan is named {name:?}"),
            )),
            None => out.push(Problem::error(
                at("ClientId"),
                "a client of the new pool does not exist yet: name one of this plan's clients with <ClientId from CreateUserPoolClient \"NAME\">",
            )),
        },
    }
    if branding.use_cognito_provided_values == Some(true) {
        for (member, set) in [
            ("Settings", branding.settings.is_some()),
            ("Assets", branding.assets.is_some()),
        ] {
            if set {
                out.push(Problem::error(
                    at(member),
                    "must be left out with UseCognitoProvidedValues true",
                ));
            }
        }
    }
    for (i, asset) in branding.assets.iter().flatten().enumerate() {
        let Some(bytes) = &asset.bytes else { continue };
        let message = match base64_len(bytes) {
            None => {
                Some("must be base64 (the image's bytes, as the AWS CLI writes a blob)".to_owned())
            }
            Some(n) if n > 1_000_000 => Some(format!("the image is {n} bytes; at most 1000000")),
            Some(_) => None,
        };
        if let Some(message) = message {
            out.push(Problem::error(at(&format!("Assets[{i}].Bytes")), message));
        }
    }
    if doc.domain.as_ref().and_then(|d| d.managed_login_version) != Some(2) {
        out.push(
            Problem::warning(
                at("ClientId"),
                "a branding style is shown by managed login only: set CreateUserPoolDomain.ManagedLoginVersion to 2",
            )
            .fixed_at("CreateUserPoolDomain.ManagedLoginVersion"),
        );
    }
}

/// The length of what canonical, padded base64 text decodes to (what the
/// SDK writes back byte for byte), or `None` if it is not that.
fn base64_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    let body = &bytes[..bytes.len() - padding];
    let alphabet = |b: &u8| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/';
    (padding <= 2 && body.iter().all(alphabet)).then(|| bytes.len() / 4 * 3 - padding)
}
