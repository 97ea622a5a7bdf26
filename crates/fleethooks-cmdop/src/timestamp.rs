//! Reading RFC 3339 timestamps with chrono's strict RFC 3339 parser.
//!
//! chrono's own `Deserialize` for `DateTime<Utc>` goes through its relaxed `FromStr`, a general
//! format-item parser that also takes spaces between components, unpadded numbers and `UTC`.
//! cmdop writes strict RFC 3339 (`2024-11-20T09:12:05Z`, optionally with a fraction), which
//! `DateTime::parse_from_rfc3339` reads with a byte parser of its own. Only what that parser
//! refuses goes to `FromStr`, so what is accepted and every error message stay those of
//! chrono's `Deserialize`.

use std::fmt;

use chrono::{DateTime, FixedOffset, Utc};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::Number;

/// How a field type is read off the wire: through itself, or through a stand-in.
pub(crate) trait Field: Sized {
    /// What is deserialized, then converted into the field type.
    type Wire: de::DeserializeOwned + Into<Self>;
}

impl Field for String {
    type Wire = Self;
}

impl Field for i64 {
    type Wire = Self;
}

impl Field for u64 {
    type Wire = Self;
}

impl Field for Number {
    type Wire = Self;
}

impl Field for DateTime<Utc> {
    type Wire = Timestamp;
}

/// A `DateTime<Utc>` read by [`parse`].
pub(crate) struct Timestamp(pub(crate) DateTime<Utc>);

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date and time string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                parse(v).map(Timestamp).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// Parses an RFC 3339 timestamp as chrono's `Deserialize` for `DateTime<Utc>` does.
pub(crate) fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| text.parse::<DateTime<FixedOffset>>())
        .map(|instant| instant.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse` and chrono's `Deserialize` agree on every input, accepted or not, and the strict
    /// parser, where it accepts, reads the same instant.
    #[test]
    fn agrees_with_chrono() {
        let inputs = [
            "2024-11-20T09:12:05Z",
            "2024-11-20T09:12:05.5Z",
            "2024-11-20T09:12:05.250Z",
            "2024-11-20T09:12:05.123456789Z",
            "2024-11-20T09:12:05.1234567891Z",
            "2024-11-20T09:12:05+00:00",
            "2024-11-20T10:12:05+01:00",
            "2024-11-20t09:12:05z",
            "2024-11-20 09:12:05Z",
            "2016-12-31T23:59:60Z",
            "2024-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-11-20T24:00:00Z",
            "2024-11-20T09:60:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2024-11-20T09:12:05.Z",
            "2024-11-20T09:12:05",
            "2024-11-20T09:12:0aZ",
            "2024-11-20",
            "",
            "+2024-11-20T09:12:05Z",
        ];
        for input in inputs {
            let reference = input
                .parse::<DateTime<FixedOffset>>()
                .map(|instant| instant.with_timezone(&Utc));
            assert_eq!(parse(input), reference, "{input}");
            if let Ok(strict) = DateTime::parse_from_rfc3339(input) {
                assert_eq!(Ok(strict.with_timezone(&Utc)), reference, "{input}");
            }
        }
    }
}
