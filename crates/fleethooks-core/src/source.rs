//! [`Source`]: which product sent a webhook.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A product that sends webhooks to fleethooks.
///
/// Written in lower case everywhere it leaves the library: in the summary's `source` field, in
/// `serve`'s routes (`/jamf`, `/jumpcloud`, `/cmdop`) and in `FLEETHOOKS_SOURCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Source {
    /// Jamf Pro: 22 event types, JSON or XML, Basic or header authentication, never signed.
    Jamf,
    /// JumpCloud alert notifications: JSON, Basic, token or header authentication.
    Jumpcloud,
    /// cmdop event envelopes: JSON signed with `X-Cmdop-Signature`.
    Cmdop,
}

impl Source {
    /// Every source, in the order the documentation lists them.
    pub const ALL: [Source; 3] = [Source::Jamf, Source::Jumpcloud, Source::Cmdop];

    /// The lower-case name: `jamf`, `jumpcloud` or `cmdop`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jamf => "jamf",
            Self::Jumpcloud => "jumpcloud",
            Self::Cmdop => "cmdop",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the sources.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source `{name}`: expected jamf, jumpcloud or cmdop")]
pub struct UnknownSource {
    name: String,
}

impl UnknownSource {
    /// The name that was given.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl FromStr for Source {
    type Err = UnknownSource;

    /// Reads `jamf`, `jumpcloud` or `cmdop`, ignoring ASCII case.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownSource {
                name: name.to_owned(),
            })
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}
