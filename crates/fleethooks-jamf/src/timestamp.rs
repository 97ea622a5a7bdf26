//! Epoch-millisecond timestamps, as Jamf writes `eventTimestamp`, `lastUpdate` and
//! `deviceAssignedDate`.
//!
//! Both modules are meant for `#[serde(with = "…")]` on `chrono::DateTime<Utc>` fields. They read
//! a JSON integer or, because XML carries every value as text, a string of ASCII digits with an
//! optional sign; they write an integer. A fractional or non-numeric value, or one outside
//! chrono's range (about ±262,000 years), is an error, never a panic and never a rounded value.
//!
//! The header's `eventTimestamp` is read by one more rule: a value whose magnitude is below
//! 10^11 is epoch **seconds**. As milliseconds such a value would fall between 1966-10-31 and
//! 1973-03-03, which no Jamf event does, while tools that simulate Jamf (jamf-pro-sdk's webhook
//! generator, Fleet's SCEP challenge) send 10-digit seconds. It is written back as milliseconds;
//! only an instant inside that window, which milliseconds cannot say unambiguously, is written as
//! whole seconds, so that every timestamp read writes back to one that reads the same.

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
        crate::scalar::scalar(d, Millis)
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
        crate::scalar::scalar(d, OptionalMillis)
    }
}

/// Magnitudes of `eventTimestamp` below this are seconds, not milliseconds.
const SECONDS_BELOW: u64 = 100_000_000_000;

fn event_from_i64<E: de::Error>(value: i64) -> Result<DateTime<Utc>, E> {
    if value.unsigned_abs() < SECONDS_BELOW {
        // Within ±10^11 s, far inside chrono's range.
        DateTime::from_timestamp(value, 0)
            .ok_or_else(|| E::custom(format_args!("timestamp {value} s is out of range")))
    } else {
        from_millis(value)
    }
}

struct EventTimeVisitor;

impl<'de> Visitor<'de> for EventTimeVisitor {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch milliseconds (or seconds) as an integer, or null")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        event_from_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let millis = i64::try_from(v)
            .map_err(|_| E::custom(format_args!("timestamp {v} ms is out of range")))?;
        event_from_i64(millis).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let text = v.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let value: i64 = text.parse().map_err(|_| {
            E::invalid_value(
                Unexpected::Str(v),
                &"epoch milliseconds (or seconds) as an integer",
            )
        })?;
        event_from_i64(value).map(Some)
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

/// `eventTimestamp`: milliseconds, or seconds below 10^11 (see the module docs).
pub(crate) mod event_time {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        crate::scalar::scalar(d, EventTimeVisitor)
    }
}

/// Writes an optional `eventTimestamp`: milliseconds, except an instant that milliseconds would
/// put below 10^11 (and so be read as seconds), written as whole seconds when it is one.
pub(crate) struct EventTime<'a>(pub(crate) &'a Option<DateTime<Utc>>);

impl serde::Serialize for EventTime<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(t) => {
                let millis = t.timestamp_millis();
                if millis.unsigned_abs() < SECONDS_BELOW && t.timestamp_subsec_millis() == 0 {
                    s.serialize_some(&t.timestamp())
                } else {
                    s.serialize_some(&millis)
                }
            }
            None => s.serialize_none(),
        }
    }
}

/// Writes an optional time as [`epoch_millis_option`] does, for fields `record!` declares.
pub(crate) struct MillisOption<'a>(pub(crate) &'a Option<DateTime<Utc>>);

impl serde::Serialize for MillisOption<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        epoch_millis_option::serialize(self.0, s)
    }
}
