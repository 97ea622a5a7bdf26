//! Reading JumpCloud's ISO 8601 timestamps (`occurred_at`, `update_at`).
//!
//! JumpCloud writes RFC 3339 in UTC (`2026-11-24T13:05:12.481Z`). Receivers have also seen the
//! same form without fractional seconds, with a numeric offset, and without any offset; all are
//! accepted so a timestamp never fails a delivery that is otherwise fine. A time without an
//! offset is read as UTC, the zone JumpCloud reports in.

use chrono::{DateTime, Datelike as _, NaiveDateTime, Utc};
use std::fmt;

use serde::{Deserializer, de};

/// Parses one timestamp; `None` when it is not one.
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    let time = match DateTime::parse_from_rfc3339(text) {
        Ok(time) => time.with_timezone(&Utc),
        // No offset at all: `%.f` also takes no fraction, and `T` or a space may separate the
        // parts.
        Err(_) => ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())?
            .and_utc(),
    };
    // An offset can move `0000-01-01` or `9999-12-31` out of RFC 3339's four-digit years, and
    // such a time could not be written back as RFC 3339.
    (0..=9999).contains(&time.year()).then_some(time)
}

/// Reads an `Option<DateTime<Utc>>`: `null`, absence and an empty or blank string are `None`.
///
/// The empty string is accepted because senders that fill every field of a template write `""`
/// for a time not yet known (an alert never updated); failing the whole alert over it would drop
/// a notification a receiver needs.
pub(crate) fn option<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_option(OptionVisitor)
}

struct OptionVisitor;

impl<'de> de::Visitor<'de> for OptionVisitor {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        // The text is checked inside the string visitor, not after reading it, so that the
        // parser positions a refusal at the string itself and the error's path names the field.
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl de::Visitor<'_> for TextVisitor {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        parse(text)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }
}

const EXPECTING: &str = "an RFC 3339 timestamp such as 2026-11-24T13:05:12.481Z";
