//! App-client presets, shipped in `assets/presets/clients/` and compiled in:
//! each file is a fragment of a plan document (`CreateUserPoolClient`, and for
//! machine to machine the `CreateResourceServer` whose scopes it is granted),
//! read as strictly as any plan. [`add`] puts one into a document, fitted to
//! it: choice-based sign-in when the pool has passwordless first factors, the
//! OAuth members only when the plan has a domain (for the presets that say
//! so in the index), names made unique.

use serde::Deserialize;

use super::load::{load_str, Loaded};
use super::{CreateUserPoolClientRequest, PoolDocument};

const FILES: &[(&str, &str)] = &[
    (
        "single-page-app.json",
        include_str!("../../assets/presets/clients/single-page-app.json"),
    ),
    (
        "server-web-app.json",
        include_str!("../../assets/presets/clients/server-web-app.json"),
    ),
    (
        "machine-to-machine.json",
        include_str!("../../assets/presets/clients/machine-to-machine.json"),
    ),
];

const INDEX: &str = include_str!("../../assets/presets/clients/index.json");

/// First factors that sign in without a password (API reference,
/// SignInPolicyType `AllowedFirstAuthFactors`); choice-based sign-in
/// (`ALLOW_USER_AUTH`) is the flow that offers them.
const PASSWORDLESS: &[&str] = &["EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"];

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ClientPreset {
    pub file: String,
    pub title: String,
    pub summary: String,
    /// Keep the OAuth members (callback URLs, flows, scopes) only when the
    /// plan has a domain; without one the client signs in through the API.
    pub oauth_only_with_domain: bool,
}

/// The presets in display order.
pub fn list() -> Vec<ClientPreset> {
    serde_json::from_str(INDEX).unwrap_or_default()
}

/// A preset's fragment as a document (its `CreateUserPool` is empty).
pub fn fragment(file: &str) -> Result<PoolDocument, String> {
    let text = FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
        .ok_or_else(|| format!("no client preset {file}"))?;
    match load_str(text, None).map_err(|e| e.to_string())?.loaded {
        Loaded::Pool(doc) => Ok(doc),
        Loaded::User(_) | Loaded::Mfa(_) | Loaded::Call(_) => {
            Err(format!("client preset {file} is not a plan"))
        }
    }
}

/// Adds the preset's client (and any resource server it needs that the
/// document lacks) to `doc`, fitted to it; returns the new client's index.
pub fn add(doc: &mut PoolDocument, file: &str) -> Result<usize, String> {
    let preset = list()
        .into_iter()
        .find(|p| p.file == file)
        .ok_or_else(|| format!("no client preset {file}"))?;
    let fragment = fragment(file)?;
    for server in fragment.resource_servers {
        let exists = doc
            .resource_servers
            .iter()
            .any(|s| s.identifier == server.identifier);
        if !exists {
            doc.resource_servers.push(server);
        }
    }
    for mut client in fragment.clients {
        fit(&mut client, doc, &preset);
        doc.clients.push(client);
    }
    Ok(doc.clients.len() - 1)
}

/// Removes client `index` and the resource servers it used that no other
/// client uses (a machine-to-machine client brought its own: left behind,
/// it would still be created with nobody to use it). Returns the indexes of
/// the servers removed, highest first.
pub fn remove(doc: &mut PoolDocument, index: usize) -> Vec<usize> {
    if index >= doc.clients.len() {
        return Vec::new();
    }
    let client = doc.clients.remove(index);
    let uses = |c: &super::CreateUserPoolClientRequest, identifier: &str| {
        let prefix = format!("{identifier}/");
        c.oauth_scopes().iter().any(|s| s.starts_with(&prefix))
    };
    let mut removed = Vec::new();
    for at in (0..doc.resource_servers.len()).rev() {
        let identifier = doc.resource_servers[at]
            .identifier
            .clone()
            .unwrap_or_default();
        let unused =
            uses(&client, &identifier) && !doc.clients.iter().any(|c| uses(c, &identifier));
        if unused {
            doc.resource_servers.remove(at);
            removed.push(at);
        }
    }
    removed
}

/// Fits a preset's client to the document it joins.
pub fn fit(client: &mut CreateUserPoolClientRequest, doc: &PoolDocument, preset: &ClientPreset) {
    if has_passwordless_first_factors(doc) {
        if let Some(flows) = &mut client.explicit_auth_flows {
            if !flows.iter().any(|f| f == "ALLOW_USER_AUTH") {
                flows.push("ALLOW_USER_AUTH".into());
            }
        }
    }
    if preset.oauth_only_with_domain && doc.domain.is_none() {
        client.callback_urls = None;
        client.logout_urls = None;
        client.default_redirect_uri = None;
        client.allowed_oauth_flows = None;
        client.allowed_oauth_scopes = None;
        client.allowed_oauth_flows_user_pool_client = None;
    }
    client.client_name = Some(unique_name(client.name(), doc));
}

/// Whether the pool lets users sign in first without a password.
pub fn has_passwordless_first_factors(doc: &PoolDocument) -> bool {
    doc.create
        .policies
        .as_ref()
        .and_then(|p| p.sign_in_policy.as_ref())
        .and_then(|s| s.allowed_first_auth_factors.as_ref())
        .is_some_and(|factors| factors.iter().any(|f| PASSWORDLESS.contains(&f.as_str())))
}

/// `name`, or `name-2`, `name-3`... when the plan has a client called that.
fn unique_name(name: &str, doc: &PoolDocument) -> String {
    let taken = |candidate: &str| doc.clients.iter().any(|c| c.name() == candidate);
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::domain::CreateUserPoolDomainRequest;
    use crate::model::pool::{SignInPolicy, UserPoolPolicy};

    #[test]
    fn every_preset_is_listed_and_reads() {
        let presets = list();
        assert_eq!(presets.len(), FILES.len());
        for preset in presets {
            let doc = fragment(&preset.file).unwrap();
            assert_eq!(doc.clients.len(), 1, "{}", preset.file);
        }
    }

    #[test]
    fn the_single_page_app_fits_the_pool() {
        let mut doc = PoolDocument::default();
        add(&mut doc, "single-page-app.json").unwrap();
        let client = &doc.clients[0];
        assert!(!client.has_secret());
        assert_eq!(client.allowed_oauth_flows, None, "no domain, no OAuth");

        doc.domain = Some(CreateUserPoolDomainRequest {
            domain: Some("my-app".into()),
            ..Default::default()
        });
        doc.create.policies = Some(UserPoolPolicy {
            sign_in_policy: Some(SignInPolicy {
                allowed_first_auth_factors: Some(vec!["PASSWORD".into(), "EMAIL_OTP".into()]),
            }),
            ..Default::default()
        });
        add(&mut doc, "single-page-app.json").unwrap();
        let client = &doc.clients[1];
        assert_eq!(client.name(), "web-app-2");
        assert_eq!(client.oauth_flows(), ["code"]);
        assert!(client
            .explicit_auth_flows
            .iter()
            .flatten()
            .any(|f| f == "ALLOW_USER_AUTH"));
    }

    #[test]
    fn machine_to_machine_brings_its_resource_server_once() {
        let mut doc = PoolDocument::default();
        add(&mut doc, "machine-to-machine.json").unwrap();
        add(&mut doc, "machine-to-machine.json").unwrap();
        assert_eq!(doc.resource_servers.len(), 1);
        assert_eq!(doc.clients.len(), 2);
        assert_eq!(doc.clients[0].oauth_flows(), ["client_credentials"]);
        assert!(doc.clients[0].has_secret());
    }

    #[test]
    fn a_removed_client_takes_the_resource_server_only_it_used() {
        let mut doc = PoolDocument::default();
        add(&mut doc, "single-page-app.json").unwrap();
        add(&mut doc, "machine-to-machine.json").unwrap();
        add(&mut doc, "machine-to-machine.json").unwrap();
        // Another client still uses its scopes: it stays.
        assert_eq!(remove(&mut doc, 2), Vec::<usize>::new());
        assert_eq!(doc.resource_servers.len(), 1);
        // The last one using them goes: so does the server.
        assert_eq!(remove(&mut doc, 1), [0]);
        assert!(doc.resource_servers.is_empty());
        assert_eq!(doc.clients.len(), 1);
        // A client that used no server takes none.
        doc.resource_servers.push(Default::default());
        assert_eq!(remove(&mut doc, 0), Vec::<usize>::new());
        assert_eq!(doc.resource_servers.len(), 1);
    }
}
