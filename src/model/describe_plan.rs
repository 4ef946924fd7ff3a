//! Cloning what makes a pool usable: its app clients, resource servers,
//! domain and groups, as the service describes them, become the later calls
//! of a new plan (so "clone an existing pool" carries them too). Read-only
//! members are dropped; what cannot be copied as it is says so in a note.

use serde_json::{Map, Value};

use super::load::{strict, LoadError, Strict};
use super::plan::Operation;
use super::PoolDocument;
use crate::problem::Problem;

/// The sign-in parts of a pool as the service describes them, each as the
/// JSON it sent: `DescribeUserPoolClient`'s `UserPoolClient` per client,
/// `ListResourceServers`' and `ListGroups`' entries, and
/// `DescribeUserPoolDomain`'s `DomainDescription`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DescribedSignIn {
    pub clients: Vec<Value>,
    pub resource_servers: Vec<Value>,
    pub domain: Option<Value>,
    pub groups: Vec<Value>,
}

/// Members the service describes that a create call does not take.
const READ_ONLY: &[&str] = &[
    "UserPoolId",
    "ClientId",
    "ClientSecret",
    "CreationDate",
    "LastModifiedDate",
];

/// The suffix a cloned domain prefix gets: prefixes are unique per region,
/// so the original's cannot be used again.
const NEW_PREFIX_SUFFIX: &str = "-copy";

/// Adds the described clients, resource servers, domain and groups to `doc`
/// as later calls; notes say what changed on the way.
pub fn add_described_sign_in(
    doc: &mut PoolDocument,
    described: &DescribedSignIn,
    notes: &mut Vec<Problem>,
) -> Result<(), LoadError> {
    for (i, value) in described.resource_servers.iter().enumerate() {
        let (value, prefix) = creatable(Operation::CreateResourceServer, i, value, notes);
        let how = strict_for(Operation::CreateResourceServer, &prefix);
        doc.resource_servers.push(strict(value, &how, notes)?);
    }
    for (i, value) in described.clients.iter().enumerate() {
        let (value, prefix) = creatable(Operation::CreateUserPoolClient, i, value, notes);
        let how = strict_for(Operation::CreateUserPoolClient, &prefix);
        doc.clients.push(strict(value, &how, notes)?);
    }
    for (i, value) in described.groups.iter().enumerate() {
        let (value, prefix) = creatable(Operation::CreateGroup, i, value, notes);
        let how = strict_for(Operation::CreateGroup, &prefix);
        doc.groups.push(strict(value, &how, notes)?);
    }
    if let Some(domain) = &described.domain {
        let op = Operation::CreateUserPoolDomain;
        let value = new_domain(domain, notes);
        doc.domain = Some(strict(value, &strict_for(op, op.name()), notes)?);
    }
    Ok(())
}

/// A described entry without its read-only members, and where it goes in
/// the plan (`CreateUserPoolClient[1]`). A client that had a secret gets a
/// new one.
fn creatable(op: Operation, i: usize, value: &Value, notes: &mut Vec<Problem>) -> (Value, String) {
    let prefix = format!("{}[{i}]", op.name());
    let mut object = value.as_object().cloned().unwrap_or_default();
    if op == Operation::CreateUserPoolClient && object.contains_key("ClientSecret") {
        object.insert("GenerateSecret".into(), Value::Bool(true));
        notes.push(Problem::warning(
            format!("{prefix}.ClientSecret"),
            "not copied: the new client gets a secret of its own (GenerateSecret true)",
        ));
    }
    for member in READ_ONLY {
        object.remove(*member);
    }
    (Value::Object(object), prefix)
}
fn strict_for<'a>(op: Operation, prefix: &'a str) -> Strict<'a> {
    Strict {
        operation: op.name(),
        prefix,
        filled_by_tool: &["UserPoolId"],
    }
}

/// A described domain → a new prefix domain with the same managed-login
/// version: the original name (a prefix, or a custom domain with its
/// certificate) belongs to the original pool.
fn new_domain(described: &Value, notes: &mut Vec<Problem>) -> Value {
    let at = Operation::CreateUserPoolDomain.name();
    let name = described["Domain"].as_str().unwrap_or("pool");
    let custom = described
        .get("CustomDomainConfig")
        .is_some_and(|c| !c.is_null());
    let base = if custom {
        name.split('.').next().unwrap_or(name)
    } else {
        name
    };
    let keep = 63 - NEW_PREFIX_SUFFIX.len();
    let base: String = base.chars().take(keep).collect();
    let prefix = format!("{}{NEW_PREFIX_SUFFIX}", base.trim_end_matches('-'));
    let was = if custom {
        "the custom domain"
    } else {
        "the prefix"
    };
    notes.push(Problem::warning(
        format!("{at}.Domain"),
        format!("{was} {name:?} belongs to the original pool: the copy gets the prefix {prefix:?}; change it as you like"),
    ));
    let mut out = Map::new();
    out.insert("Domain".into(), Value::String(prefix));
    if let Some(version) = described
        .get("ManagedLoginVersion")
        .filter(|v| v.is_number())
    {
        out.insert("ManagedLoginVersion".into(), version.clone());
        if version.as_i64() == Some(2) {
            notes.push(Problem::warning(
                format!("{at}.ManagedLoginVersion"),
                "the branding styles are not copied: add CreateManagedLoginBranding for a client (UseCognitoProvidedValues true uses Cognito's)",
            ));
        }
    }
    Value::Object(out)
}

/// What a pool already has, each part as the create request that would
/// make it as it is (the shape the wizard's steps edit and change mode
/// compares): its own names (a domain keeps its name), read-only members
/// left out, a client with a secret read as `GenerateSecret: true`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExistingParts {
    /// (client id, the client).
    pub clients: Vec<(String, super::CreateUserPoolClientRequest)>,
    pub resource_servers: Vec<super::CreateResourceServerRequest>,
    pub domain: Option<super::CreateUserPoolDomainRequest>,
    pub groups: Vec<super::CreateGroupRequest>,
}

/// The described parts read strictly (as clone reads them), or why not.
pub fn existing_parts(described: &DescribedSignIn) -> Result<ExistingParts, LoadError> {
    let mut notes = Vec::new();
    let mut doc = PoolDocument::default();
    let mut kept = described.clone();
    kept.domain = None;
    // A group without a description is described with "" by moto (AWS
    // leaves the member out): the same group, read as the one it is.
    for group in &mut kept.groups {
        if let Some(members) = group.as_object_mut() {
            if members.get("Description").is_some_and(|d| d == "") {
                members.remove("Description");
            }
        }
    }
    add_described_sign_in(&mut doc, &kept, &mut notes)?;
    let ids = described
        .clients
        .iter()
        .map(|c| c["ClientId"].as_str().unwrap_or_default().to_owned());
    let domain = match &described.domain {
        Some(value) => {
            let op = Operation::CreateUserPoolDomain;
            Some(strict(
                own_domain(value),
                &strict_for(op, op.name()),
                &mut notes,
            )?)
        }
        None => None,
    };
    // A client described without a secret has none: `false`, as a file
    // that says so writes it (no change to refuse).
    for client in &mut doc.clients {
        client.generate_secret.get_or_insert(false);
    }
    Ok(ExistingParts {
        clients: ids.zip(doc.clients).collect(),
        resource_servers: doc.resource_servers,
        domain,
        groups: doc.groups,
    })
}

/// A described domain as the request that makes it: its name, managed-login
/// version and custom-domain certificate (DescribeUserPoolDomain's other
/// members are the service's: bucket, distribution, status).
fn own_domain(described: &Value) -> Value {
    let mut out = Map::new();
    if let Some(name) = described.get("Domain") {
        out.insert("Domain".into(), name.clone());
    }
    if let Some(version) = described
        .get("ManagedLoginVersion")
        .filter(|v| v.is_number())
    {
        out.insert("ManagedLoginVersion".into(), version.clone());
    }
    let certificate = described
        .get("CustomDomainConfig")
        .and_then(|c| c.get("CertificateArn"))
        .filter(|c| c.as_str().is_some_and(|s| !s.is_empty()));
    if let Some(certificate) = certificate {
        let mut config = Map::new();
        config.insert("CertificateArn".into(), certificate.clone());
        if let Some(policy) = described["CustomDomainConfig"].get("SecurityPolicy") {
            config.insert("SecurityPolicy".into(), policy.clone());
        }
        out.insert("CustomDomainConfig".into(), Value::Object(config));
    }
    Value::Object(out)
}
