//! Identifiers Jamf sends as a string in one form and an integer in another.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A value Jamf sends either as a JSON integer or as a string: `userDirectoryID` (`"-1"` or
/// `-1`), `managementId` (a bare UUID, `com.jamf.management.<uuid>` or an integer), the SCEP
/// target user's `uid`.
///
/// The variant records how the value arrived so that it is written back the same way. Equality
/// compares the *textual* value, so `Integer(42)` equals `Text("42")`: XML carries every value as
/// text, and an XML payload must equal its JSON twin.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Identifier {
    /// Sent as a JSON integer.
    Integer(i64),
    /// Sent as a string (always the case in XML).
    Text(String),
}

impl Identifier {
    /// The value as an integer, if it is one or is text holding one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Integer(n) => Some(*n),
            Self::Text(s) => s.trim().parse().ok(),
        }
    }

    /// The value as text, borrowing when it already is.
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Integer(n) => n.to_string().into(),
            Self::Text(s) => s.as_str().into(),
        }
    }

    /// The UUID part of a management id: the text after `com.jamf.management.` if that prefix is
    /// present, the whole text otherwise; `None` for an integer.
    pub fn management_uuid(&self) -> Option<&str> {
        match self {
            Self::Integer(_) => None,
            Self::Text(s) => Some(s.strip_prefix("com.jamf.management.").unwrap_or(s)),
        }
    }
}

impl Default for Identifier {
    fn default() -> Self {
        Self::Text(String::new())
    }
}

impl From<i64> for Identifier {
    fn from(n: i64) -> Self {
        Self::Integer(n)
    }
}

impl From<String> for Identifier {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&str> for Identifier {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer(n) => write!(f, "{n}"),
            Self::Text(s) => f.write_str(s),
        }
    }
}

impl PartialEq for Identifier {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Integer(a), Self::Integer(b)) => a == b,
            (Self::Text(a), Self::Text(b)) => a == b,
            (Self::Integer(n), Self::Text(s)) | (Self::Text(s), Self::Integer(n)) => {
                *s == n.to_string()
            }
        }
    }
}

impl Eq for Identifier {}

impl Serialize for Identifier {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Integer(n) => s.serialize_i64(*n),
            Self::Text(t) => s.serialize_str(t),
        }
    }
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = Identifier;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Identifier, E> {
        Ok(Identifier::Integer(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Identifier, E> {
        // Beyond i64 the value can only be kept faithfully as text.
        Ok(i64::try_from(v).map_or_else(|_| Identifier::Text(v.to_string()), Identifier::Integer))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Identifier, E> {
        Ok(Identifier::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Identifier, E> {
        Ok(Identifier::Text(v))
    }
}

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::scalar::scalar(d, IdVisitor)
    }
}
