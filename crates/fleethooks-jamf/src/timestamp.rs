//! Epoch-millisecond timestamps, as Jamf writes `eventTimestamp`, `lastUpdate` and
//! `deviceAssignedDate`.
//!
//! Both modules are meant for `#[serde(with = "…")]` on `chrono::DateTime<Utc>` fields. They read
//! a JSON integer or, because XML carries every value as text, a string of ASCII digits with an
//! optional sign; they write an integer. A fractional or non-numeric value, or one outside
//! chrono's range (about ±262,000 years), is an error, never a panic and never a rounded value.

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;
use std::fmt;

fn from_millis<E: de::Error>(millis: i64) -> Result<DateTime<Utc>, E> {
    DateTime::from_timestamp_millis(millis)
        .ok_or_else(|| E::custom(format_args!("timestamp {millis} ms is out of range")))
}

fn from_text<E: de::Error>(text: &str) -> Result<DateTime<Utc>, E> {
    let millis: i64 = text.trim().parse().map_err(|_| {
        E::invalid_value(Unexpected::Str(text), &"epoch milliseconds as an integer")
    })?;
    from_millis(millis)
}

struct Millis;

impl Visitor<'_> for Millis {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch milliseconds as an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        from_millis(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let millis = i64::try_from(v)
            .map_err(|_| E::custom(format_args!("timestamp {v} ms is out of range")))?;
        from_millis(millis)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        from_text(v)
    }
}

struct OptionalMillis;

impl<'de> Visitor<'de> for OptionalMillis {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch milliseconds as an integer, or null")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Millis.visit_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Millis.visit_u64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // An empty XML element says "no value", the way JSON says `null`.
        if v.trim().is_empty() {
            Ok(None)
        } else {
            from_text(v).map(Some)
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A required `DateTime<Utc>` as epoch milliseconds.
pub mod epoch_millis {
    use super::*;

    /// Writes the time as an integer count of milliseconds since the Unix epoch.
    pub fn serialize<S: Serializer>(time: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(time.timestamp_millis())
    }

    /// Reads an integer (or, from XML, the digits of one) as milliseconds since the Unix epoch.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        d.deserialize_any(Millis)
    }
}

/// An optional `DateTime<Utc>` as epoch milliseconds; `null`, absent or an empty XML element is
/// `None`.
pub mod epoch_millis_option {
    use super::*;

    /// Writes `Some` as an integer count of milliseconds, `None` as `null` (or no XML element).
    pub fn serialize<S: Serializer>(time: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) => s.serialize_some(&t.timestamp_millis()),
            None => s.serialize_none(),
        }
    }

    /// Reads an integer, its digits as text, `null` or an empty element.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        d.deserialize_any(OptionalMillis)
    }
}
