//! [`Extra`]: the members of a Jamf object that this crate does not model, kept as sent.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::LazyLock;

/// The members of a Jamf object that this crate does not model, kept as they came so that
/// nothing Jamf sent is lost when an event is forwarded: every record (the `webhook` header, each
/// event payload, `computer`, a smart group's device records, the SCEP target user and device,
/// `eventActions`) and the delivery itself have one, named `extra`.
///
/// From JSON each member keeps its JSON value. From XML an unknown element becomes a member by
/// the rules [`RawEvent`](crate::RawEvent) uses: text is a string, an element with children an
/// object, repeated elements an array. Writing puts the members after the modelled fields, in
/// name order, in either form. An optional field that is written only when present
/// (`managementId`, the header's `id`) and was sent as `null` is kept here as `null`, so it is
/// written back as sent.
///
/// Equality follows XML, which carries only text: two sets of members are equal when they
/// would be written as the same XML. So `true` equals `"true"`, `17` equals `"17"`, `null` equals
/// an absent member, and a one-item array equals its item. That keeps an XML delivery equal to
/// its JSON twin even when both carry members no model names. It dereferences to a
/// [`serde_json::Map`] for everything else.
///
/// ```
/// use fleethooks_jamf::Extra;
/// use serde_json::json;
///
/// let mut from_json = Extra::new();
/// from_json.insert("supervised".to_owned(), json!(true));
/// let mut from_xml = Extra::new();
/// from_xml.insert("supervised".to_owned(), json!("true"));
/// assert_eq!(from_json, from_xml);
/// assert_eq!(from_json.get("supervised"), Some(&json!(true)));
/// ```
#[derive(Clone, Default)]
pub struct Extra(
    // Boxed and absent until a member arrives: almost every object has none, and an empty
    // `Map` in each of them would be moved with it and dropped by a call.
    Option<Box<Map<String, Value>>>,
);

/// What an `Extra` without members dereferences to.
static NONE: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

impl Extra {
    /// No members.
    #[must_use]
    pub fn new() -> Self {
        Self(None)
    }

    /// Whether there are no members.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|map| map.is_empty())
    }

    /// The members, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().flat_map(|map| map.iter())
    }

    /// The members as a map.
    #[must_use]
    pub fn into_inner(self) -> Map<String, Value> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl Deref for Extra {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        self.0.as_deref().unwrap_or(&NONE)
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Self(Some(Box::new(map)))
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Map::deserialize(d).map(Self::from)
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        (self.is_empty() && other.is_empty()) || **self == **other || same_members(self, other)
    }
}

impl Eq for Extra {}

/// Whether two objects write the same child elements.
fn same_members(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    a.iter().all(|(k, v)| same_elements(Some(v), b.get(k)))
        && b.iter()
            .filter(|(k, _)| !a.contains_key(*k))
            .all(|(_, v)| same_elements(None, Some(v)))
}

/// Whether two member values write the same run of elements.
fn same_elements(a: Option<&Value>, b: Option<&Value>) -> bool {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    a.into_iter().for_each(|v| elements(v, &mut x));
    b.into_iter().for_each(|v| elements(v, &mut y));
    x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| same_element(p, q))
}

/// The values a member value writes one element each for: `null` writes none, an array one per
/// item (nested arrays flatten), anything else one.
fn elements<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|item| elements(item, out)),
        other => out.push(other),
    }
}

/// Whether two values write the same element: both with the same children, or both with the
/// same text. An object that writes no child is an empty element, which reads as `""`.
fn same_element(a: &Value, b: &Value) -> bool {
    match (with_children(a), with_children(b)) {
        (Some(x), Some(y)) => same_members(x, y),
        (None, None) => text(a) == text(b),
        _ => false,
    }
}

fn with_children(value: &Value) -> Option<&Map<String, Value>> {
    value.as_object().filter(|members| {
        members.values().any(|v| {
            let mut out = Vec::new();
            elements(v, &mut out);
            !out.is_empty()
        })
    })
}

/// The text XML carries for a scalar, as the writer formats it.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => f.to_string(),
            (None, None, None) => n.to_string(),
        },
        Value::Null | Value::Array(_) | Value::Object(_) => String::new(),
    }
}
