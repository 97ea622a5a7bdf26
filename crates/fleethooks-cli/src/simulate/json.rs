//! An ordered JSON value, so a simulated payload lists its members in the order the vendor
//! writes them.
//!
//! `serde_json::Map` sorts its keys unless the `preserve_order` feature is on somewhere in the
//! build, so the order of `json!` output depends on the dependency graph. Jamf writes `event`
//! before `webhook` (and `webhook` first for `SCEPChallenge`), cmdop writes `id, type,
//! timestamp, data`, JumpCloud its documented order: this type keeps whatever order a
//! generator builds.

use serde::ser::{Serialize, SerializeMap as _, SerializeSeq as _, Serializer};

/// A JSON value whose objects keep their members in insertion order.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Json {
    Null,
    Bool(bool),
    Int(i64),
    /// A float, written as JavaScript writes it (`1.842`, `12.0` as `12.0`); generators only
    /// produce finite values.
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    /// Pretty-printed JSON (two-space indent, as the vendors' documents show it) and one
    /// newline.
    pub(super) fn to_pretty_line(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Int(n) => serializer.serialize_i64(*n),
            Self::Float(x) => serializer.serialize_f64(*x),
            Self::Str(s) => serializer.serialize_str(s),
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Self {
        Self::Str(text.to_owned())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Self {
        Self::Str(text)
    }
}

impl From<&String> for Json {
    fn from(text: &String) -> Self {
        Self::Str(text.clone())
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<f64> for Json {
    fn from(x: f64) -> Self {
        Self::Float(x)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Self {
        Self::Array(items.into_iter().map(Into::into).collect())
    }
}

/// `object! { "key" => value, … }`: a [`Json::Object`] with the members in the order written.
macro_rules! object {
    ($($key:literal => $value:expr),* $(,)?) => {
        $crate::simulate::json::Json::Object(vec![
            $(($key, $crate::simulate::json::Json::from($value))),*
        ])
    };
}

pub(super) use object;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_the_order_written() {
        let value = object! {
            "webhook" => object! { "webhookEvent" => "SCEPChallenge", "id" => 9_i64 },
            "event" => object! { "b" => true, "a" => Json::Null, "f" => 1.842, "l" => vec![1_i64, 2] },
        };
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"webhook":{"webhookEvent":"SCEPChallenge","id":9},"event":{"b":true,"a":null,"f":1.842,"l":[1,2]}}"#
        );
        assert!(value.to_pretty_line().unwrap().ends_with("}\n"));
    }
}
