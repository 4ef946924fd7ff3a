//! Paths into the calls after `CreateUserPool` and `SetUserPoolMfaConfig`
//! (resource servers, app clients, the domain, its branding style, groups),
//! in the form validation gives their problems: the operation, an index for
//! the calls there can be several of, then the member path
//! (`CreateUserPoolClient[1].TokenValidityUnits.AccessToken`). Reading and
//! writing go through the plan document's own JSON, so what a form writes is
//! exactly what the document file holds.

use serde_json::{Map, Value};

use crate::model::values::{client_id_placeholder, client_of_placeholder};
use crate::model::{Operation, PoolDocument};

/// The operations addressed here, as their plan-document keys.
const LATER: &[Operation] = &[
    Operation::CreateResourceServer,
    Operation::CreateUserPoolClient,
    Operation::CreateUserPoolDomain,
    Operation::CreateManagedLoginBranding,
    Operation::CreateGroup,
];

/// Whether `path` names a member (or the whole) of a later call.
pub fn addresses(path: &str) -> bool {
    let head = path.split(['.', '[']).next().unwrap_or(path);
    LATER.iter().any(|op| op.name() == head)
}

/// The later calls of `doc`, keyed by operation (empty lists left out).
pub fn value(doc: &PoolDocument) -> Value {
    let later = PoolDocument {
        resource_servers: doc.resource_servers.clone(),
        clients: doc.clients.clone(),
        domain: doc.domain.clone(),
        branding: doc.branding.clone(),
        groups: doc.groups.clone(),
        ..PoolDocument::default()
    };
    let mut value = serde_json::to_value(later).expect("request types always serialize");
    if let Some(object) = value.as_object_mut() {
        object.remove("CreateUserPool");
    }
    value
}

/// One step of a path: a member name, or a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `A[1].B.C[0]` as its steps; `None` when an index is not a number.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(at) => part.split_at(at),
            None => (part, ""),
        };
        out.push(Step::Key(key));
        while let Some(inner) = rest.strip_prefix('[') {
            let (number, after) = inner.split_once(']')?;
            out.push(Step::Index(number.parse().ok()?));
            rest = after;
        }
    }
    Some(out)
}

pub fn get<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut value = root;
    for step in steps(path)? {
        value = match step {
            Step::Key(key) => value.as_object()?.get(key)?,
            Step::Index(i) => value.as_array()?.get(i)?,
        };
    }
    (!value.is_null()).then_some(value)
}

/// Sets (or removes) the value at `path`. Missing structures on the way are
/// created empty; a list entry must exist (entries are added by the steps'
/// own lists, never by typing into a field).
pub fn set(doc: &mut PoolDocument, path: &str, new: Option<Value>) -> Result<(), String> {
    let steps = steps(path).ok_or_else(|| format!("{path}: not a member path"))?;
    let renamed = match steps.as_slice() {
        [Step::Key("CreateUserPoolClient"), Step::Index(i), Step::Key("ClientName")] => Some(*i),
        _ => None,
    };
    let branded = renamed.filter(|i| branding_is_for(doc, *i));
    write(doc, path, &steps, new)?;
    if let (Some(i), Some(branding)) = (branded, doc.branding.as_mut()) {
        let name = doc.clients.get(i).map_or("", |c| c.name());
        branding.client_id = Some(client_id_placeholder(name));
    }
    Ok(())
}

/// Whether the branding style is for the plan's client `index`: its
/// `ClientId` placeholder names the client, and the plan gives it the id of
/// the first client of that name. A rename of that client takes the style
/// with it (one source of truth: the client's name), and a client being
/// renamed to that name (typing passes through it) does not take it away.
fn branding_is_for(doc: &PoolDocument, index: usize) -> bool {
    let Some(id) = doc.branding.as_ref().and_then(|b| b.client_id.as_deref()) else {
        return false;
    };
    let Some(name) = client_of_placeholder(id) else {
        return false;
    };
    doc.clients.iter().position(|c| c.name() == name) == Some(index)
}

/// [`set`] on the document's JSON, read back into the document.
fn write(
    doc: &mut PoolDocument,
    path: &str,
    steps: &[Step<'_>],
    new: Option<Value>,
) -> Result<(), String> {
    let mut root = serde_json::to_value(&*doc).expect("request types always serialize");
    let (last, parents) = steps.split_last().expect("a path has one step at least");
    let mut slot = &mut root;
    for step in parents {
        slot = match *step {
            Step::Key(key) => {
                let object = slot
                    .as_object_mut()
                    .ok_or_else(|| format!("{path}: not an object"))?;
                let entry = object
                    .entry(key.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                if entry.is_null() {
                    *entry = Value::Object(Map::new());
                }
                entry
            }
            Step::Index(i) => slot
                .as_array_mut()
                .and_then(|items| items.get_mut(i))
                .ok_or_else(|| format!("{path}: no entry {i}"))?,
        };
    }
    match (*last, new) {
        (Step::Key(key), Some(value)) => {
            let object = slot
                .as_object_mut()
                .ok_or_else(|| format!("{path}: not an object"))?;
            object.insert(key.to_owned(), value);
        }
        (Step::Key(key), None) => {
            if let Some(object) = slot.as_object_mut() {
                object.remove(key);
            }
        }
        (Step::Index(i), value) => {
            let items = slot
                .as_array_mut()
                .ok_or_else(|| format!("{path}: not a list"))?;
            match value {
                Some(value) if i < items.len() => items[i] = value,
                None if i < items.len() => {
                    items.remove(i);
                }
                _ => return Err(format!("{path}: no entry {i}")),
            }
        }
    }
    *doc = serde_json::from_value(root).map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_clients_member_reads_and_writes_by_index() {
        let mut doc = PoolDocument::default();
        doc.clients.push(Default::default());
        doc.clients.push(Default::default());
        set(
            &mut doc,
            "CreateUserPoolClient[1].TokenValidityUnits.AccessToken",
            Some(json!("minutes")),
        )
        .unwrap();
        let units = doc.clients[1].token_validity_units.as_ref().unwrap();
        assert_eq!(units.access_token.as_deref(), Some("minutes"));
        assert_eq!(doc.clients[0], Default::default());
        let snapshot = value(&doc);
        assert_eq!(
            get(
                &snapshot,
                "CreateUserPoolClient[1].TokenValidityUnits.AccessToken"
            ),
            Some(&json!("minutes"))
        );
        assert!(set(
            &mut doc,
            "CreateUserPoolClient[5].ClientName",
            Some(json!("x"))
        )
        .is_err());
    }

    /// The branding style follows its client's rename, keystroke by
    /// keystroke, and another client typed through the same name in
    /// passing does not take it.
    #[test]
    fn the_branding_style_follows_a_rename_of_its_client_only() {
        let mut doc = PoolDocument::default();
        for name in ["web", "mobile"] {
            doc.clients.push(crate::model::CreateUserPoolClientRequest {
                client_name: Some(name.into()),
                ..Default::default()
            });
        }
        doc.branding = Some(crate::model::domain::CreateManagedLoginBrandingRequest {
            client_id: Some(client_id_placeholder("web")),
            ..Default::default()
        });
        let branded = |doc: &PoolDocument| {
            let id = doc.branding.as_ref().unwrap().client_id.clone().unwrap();
            client_of_placeholder(&id).unwrap().to_owned()
        };
        let name = "CreateUserPoolClient[1].ClientName";
        for typed in [None, Some("w"), Some("we"), Some("web"), Some("web2")] {
            set(&mut doc, name, typed.map(|t| json!(t))).unwrap();
            assert_eq!(branded(&doc), "web", "the other client at {typed:?}");
        }
        let name = "CreateUserPoolClient[0].ClientName";
        for typed in ["we", "", "portal"] {
            set(&mut doc, name, Some(json!(typed))).unwrap();
            assert_eq!(branded(&doc), typed);
        }
    }

    #[test]
    fn the_domain_comes_and_goes_as_a_whole() {
        let mut doc = PoolDocument::default();
        assert!(addresses("CreateUserPoolDomain"));
        assert!(!addresses("PoolName"));
        set(
            &mut doc,
            "CreateUserPoolDomain.Domain",
            Some(json!("my-app")),
        )
        .unwrap();
        assert_eq!(
            doc.domain.as_ref().unwrap().domain.as_deref(),
            Some("my-app")
        );
        set(&mut doc, "CreateUserPoolDomain", None).unwrap();
        assert!(doc.domain.is_none());
        let before = doc.clone();
        assert!(set(&mut doc, "CreateGroup[0].Precedence", Some(json!("x"))).is_err());
        assert_eq!(doc, before, "a failed write changes nothing");
    }
}
