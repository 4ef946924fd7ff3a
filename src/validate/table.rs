//! The service model's constraints, as one table: `assets/service-model.json`,
//! generated from the pinned botocore by `scripts/gen-service-model.py` and
//! embedded in the binary. Everything that knows a member's type, whether it
//! is required, its limits, enum values, pattern or sensitivity reads it here;
//! nothing copies those facts by hand.
//!
//! Paths are patterns: `A.B` a member, `A[]` each list element, `A{key}` /
//! `A{value}` each map key / value ([`pattern_of`] turns a concrete path such
//! as `Schema[3].Name` into `Schema[].Name`).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::java_regex::JavaPattern;

/// The generated table, as shipped.
const SOURCE: &str = include_str!("../../assets/service-model.json");

/// A member's type, as the model names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Timestamp,
    Blob,
    Double,
    Float,
}

/// One member of a request, at a path pattern.
#[derive(Debug)]
pub struct Member {
    pub path: String,
    pub kind: Kind,
    /// Required by the structure that holds it.
    pub required: bool,
    /// Length in code points (strings), entries (lists, maps) or value (numbers).
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub enum_values: Option<Vec<String>>,
    pub pattern: Option<JavaPattern>,
    /// Marked sensitive by the model.
    pub sensitive: bool,
}

impl Member {
    /// The member's own name (`MinimumLength` for `Policies.PasswordPolicy.MinimumLength`).
    pub fn name(&self) -> &str {
        self.path.rsplit('.').next().unwrap_or(&self.path)
    }
}

#[derive(Deserialize)]
struct RawMember {
    path: String,
    #[serde(rename = "type")]
    kind: Kind,
    #[serde(default)]
    required: bool,
    min: Option<i64>,
    max: Option<i64>,
    #[serde(rename = "enum")]
    enum_values: Option<Vec<String>>,
    pattern: Option<String>,
    #[serde(default)]
    sensitive: bool,
}

#[derive(Deserialize)]
struct RawModel {
    botocore: String,
    api_version: String,
    operations: HashMap<String, Vec<RawMember>>,
}

/// The members of one operation's request.
#[derive(Debug)]
pub struct OperationTable {
    pub name: String,
    members: Vec<Member>,
    by_path: HashMap<String, usize>,
    /// Parent pattern → its direct members, in model order ("" is the request).
    children: HashMap<String, Vec<usize>>,
}

impl OperationTable {
    /// The member at a path pattern.
    pub fn member(&self, pattern: &str) -> Option<&Member> {
        self.by_path.get(pattern).map(|&i| &self.members[i])
    }

    /// The member at a concrete path (`Schema[3].Name`, `UserPoolTags["env"]`).
    pub fn member_at(&self, path: &str) -> Option<&Member> {
        self.member(&pattern_of(path))
    }

    /// The direct members of the structure, list or map at `parent` ("" for the request).
    pub fn children(&self, parent: &str) -> impl Iterator<Item = &Member> {
        self.children
            .get(parent)
            .into_iter()
            .flatten()
            .map(|&i| &self.members[i])
    }

    /// Whether the structure at `pattern` is a document: botocore's document
    /// shapes are structures without members (branding `Settings`), so the
    /// table writes them as structures no member is under.
    pub fn is_document(&self, pattern: &str) -> bool {
        self.member(pattern)
            .is_some_and(|m| m.kind == Kind::Structure && self.children(pattern).next().is_none())
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }
}

/// The whole table.
#[derive(Debug)]
pub struct ServiceModel {
    /// The botocore release the table was generated from.
    pub botocore: String,
    pub api_version: String,
    operations: HashMap<String, OperationTable>,
}

impl ServiceModel {
    /// One operation's table; panics on a name the generator was not asked for
    /// (a programming error, caught by the tests).
    pub fn operation(&self, name: &str) -> &OperationTable {
        self.operations
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not in assets/service-model.json"))
    }

    pub fn operation_names(&self) -> impl Iterator<Item = &str> {
        self.operations.keys().map(String::as_str)
    }
}

/// The embedded table, parsed once.
pub fn model() -> &'static ServiceModel {
    static MODEL: LazyLock<ServiceModel> =
        LazyLock::new(|| parse(SOURCE).expect("assets/service-model.json is valid"));
    &MODEL
}

/// Parses a table in the generated format.
pub fn parse(text: &str) -> Result<ServiceModel, String> {
    let raw: RawModel = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut operations = HashMap::new();
    for (name, raw_members) in raw.operations {
        let mut table = OperationTable {
            name: name.clone(),
            members: Vec::with_capacity(raw_members.len()),
            by_path: HashMap::new(),
            children: HashMap::new(),
        };
        for m in raw_members {
            let pattern = match m.pattern {
                Some(p) => Some(JavaPattern::new(&p).map_err(|e| format!("{}: {e}", m.path))?),
                None => None,
            };
            let index = table.members.len();
            table.by_path.insert(m.path.clone(), index);
            table
                .children
                .entry(parent_of(&m.path).to_owned())
                .or_default()
                .push(index);
            table.members.push(Member {
                path: m.path,
                kind: m.kind,
                required: m.required,
                min: m.min,
                max: m.max,
                enum_values: m.enum_values,
                pattern,
                sensitive: m.sensitive,
            });
        }
        operations.insert(name, table);
    }
    Ok(ServiceModel {
        botocore: raw.botocore,
        api_version: raw.api_version,
        operations,
    })
}

/// The pattern of the structure, list or map holding the member at `pattern`.
pub fn parent_of(pattern: &str) -> &str {
    for suffix in ["[]", "{key}", "{value}"] {
        if let Some(parent) = pattern.strip_suffix(suffix) {
            return parent;
        }
    }
    match pattern.rfind('.') {
        Some(i) => &pattern[..i],
        None => "",
    }
}

/// A concrete path → its pattern. List indexes become `[]`; a map entry
/// `["key"]` becomes `{value}` (the problem paths name map entries that way,
/// for both a bad key and a bad value).
pub fn pattern_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(quoted) = after.strip_prefix('"') {
            // A JSON string key: skip to its closing quote, minding escapes.
            let mut end = None;
            let mut escaped = false;
            for (i, c) in quoted.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else {
                out.push_str(&rest[open..]);
                return out;
            };
            out.push_str("{value}");
            rest = quoted[end + 1..]
                .strip_prefix(']')
                .unwrap_or(&quoted[end + 1..]);
        } else {
            out.push_str("[]");
            rest = match after.find(']') {
                Some(close) => &after[close + 1..],
                None => "",
            };
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_loads_every_operation_the_tool_sends() {
        let model = model();
        for op in [
            "CreateUserPool",
            "SetUserPoolMfaConfig",
            "AdminCreateUser",
            "DescribeUserPool",
            "GetUserPoolMfaConfig",
            "ListUserPools",
        ] {
            assert!(!model.operation(op).members().is_empty(), "{op}");
        }
        let min = model
            .operation("CreateUserPool")
            .member("Policies.PasswordPolicy.MinimumLength")
            .unwrap();
        assert_eq!(
            (min.kind, min.min, min.max),
            (Kind::Integer, Some(6), Some(99))
        );
    }

    #[test]
    fn concrete_paths_map_to_patterns() {
        assert_eq!(pattern_of("Schema[3].Name"), "Schema[].Name");
        assert_eq!(
            pattern_of(r#"UserPoolTags["a[0]\"b"]"#),
            "UserPoolTags{value}"
        );
        assert_eq!(
            pattern_of(r#"AcrConfiguration["Level1"].AcrValue"#),
            "AcrConfiguration{value}.AcrValue"
        );
        assert_eq!(parent_of("Schema[].Name"), "Schema[]");
        assert_eq!(parent_of("Schema[]"), "Schema");
        assert_eq!(parent_of("UserPoolTags{key}"), "UserPoolTags");
        assert_eq!(parent_of("PoolName"), "");
    }

    #[test]
    fn children_follow_the_model_order() {
        let table = model().operation("CreateUserPool");
        let names: Vec<_> = table
            .children("Policies.PasswordPolicy")
            .map(Member::name)
            .collect();
        assert_eq!(names[0], "MinimumLength");
        assert!(names.contains(&"TemporaryPasswordValidityDays"));
        let map: Vec<_> = table
            .children("UserPoolTags")
            .map(|m| m.path.as_str())
            .collect();
        assert_eq!(map, ["UserPoolTags{key}", "UserPoolTags{value}"]);
    }
}
