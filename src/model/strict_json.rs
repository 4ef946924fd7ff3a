//! JSON text → [`Value`], refusing a member written twice in one object.
//!
//! serde_json keeps the last of two equal keys without a word, so the first
//! value an operator typed would vanish from the request. Here the second one
//! is an error naming the member's path, in the notation problems use
//! (`Schema[0].Name`, `UserPoolTags["env"]`).

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Starts the message of the error a repeated member raises; [`duplicate_path`]
/// recognises it.
const DUPLICATE: &str = "duplicate member: ";

/// Parses `text` like `serde_json::from_str::<Value>`, but a member that
/// appears twice in one object is an error (see [`duplicate_path`]).
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Strict {
        path: String::new(),
        map_keys: false,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// The path of the repeated member, when `error` is one.
pub fn duplicate_path(error: &serde_json::Error) -> Option<String> {
    if !error.is_data() {
        return None;
    }
    let text = error.to_string();
    let rest = text.strip_prefix(DUPLICATE)?;
    let end = rest.rfind(" at line ").unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

/// Where in the document the value being read sits.
struct Strict {
    path: String,
    /// The object's keys are data (tags, client metadata), not member names.
    map_keys: bool,
}

impl Strict {
    fn member(&self, key: &str) -> Strict {
        // A name that is empty or not a plain word is quoted, so the path
        // never reads as empty or ambiguous (`{"": 1, "": 2}` is `[""]`).
        let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let path = if self.map_keys || !plain {
            format!("{}[{key:?}]", self.path)
        } else if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        };
        Strict {
            path,
            map_keys: super::load::is_map_member(key) && !self.map_keys,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON text has no NaN or infinity, so this always holds a number.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let item = Strict {
                path: format!("{}[{}]", self.path, items.len()),
                map_keys: false,
            };
            match seq.next_element_seed(item)? {
                Some(value) => items.push(value),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let child = self.member(&key);
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("{DUPLICATE}{}", child.path)));
            }
            let value = map.next_value_seed(child)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_serde_json_parses() {
        let text = r#"{"a": [1, -2, 3.5, true, null, "x"], "b": {"c": {}}, "d": []}"#;
        assert_eq!(
            parse(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn a_repeated_member_is_named_by_its_path() {
        let cases = [
            (r#"{"PoolName": "a", "PoolName": "b"}"#, "PoolName"),
            (
                r#"{"Policies": {"PasswordPolicy": {"MinimumLength": 8, "MinimumLength": 9}}}"#,
                "Policies.PasswordPolicy.MinimumLength",
            ),
            (
                r#"{"Schema": [{"Name": "a"}, {"Name": "b", "Name": "c"}]}"#,
                "Schema[1].Name",
            ),
            (
                r#"{"UserPoolTags": {"env": "a", "env": "b"}}"#,
                r#"UserPoolTags["env"]"#,
            ),
            (r#"{"": {}, "": {}}"#, r#"[""]"#),
            (r#"{"a": {"": 1, "": 2}}"#, r#"a[""]"#),
            (r#"{"x.y": 1, "x.y": 2}"#, r#"["x.y"]"#),
        ];
        for (text, path) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(duplicate_path(&error).as_deref(), Some(path), "{text}");
        }
    }

    #[test]
    fn syntax_errors_are_not_duplicates() {
        let error = parse(r#"{"a": 1,"#).unwrap_err();
        assert!(error.is_eof());
        assert_eq!(duplicate_path(&error), None);
        assert!(parse("{} trailing").is_err());
    }
}
