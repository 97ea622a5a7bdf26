//! [`Detail`]: an alert field JumpCloud sends either as a string or as nested JSON.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use serde_json::value::RawValue;

use crate::error::{Document, Error, Result};

/// A field JumpCloud sends either as a string or as nested JSON, kept as it came.
///
/// `di_event` (the Directory Insights event) and `initiated_by` are documented by name only.
/// A string is kept unescaped in [`Detail::Text`]; an object, array, number or boolean (or a
/// string with a lone UTF-16 surrogate escape, which a Rust string cannot hold) is kept as JSON
/// text in [`Detail::Json`], so it serializes back unchanged (key order, number
/// spelling and escapes included) and can be decoded into a type of the caller's choice with
/// [`Detail::decode`]. Only whitespace between tokens is dropped, so that an alert always
/// serializes to a single line whatever the indentation it came with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Detail {
    /// The field was a JSON string.
    Text(String),
    /// The field was any other JSON value, kept as sent less whitespace between tokens (or a
    /// string a Rust string cannot hold, kept as sent).
    Json(Box<RawValue>),
}

impl Detail {
    /// The text, when the field was a string.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            Self::Json(_) => None,
        }
    }

    /// The JSON text, when the field was not a string.
    #[must_use]
    pub fn as_json(&self) -> Option<&str> {
        match self {
            Self::Text(_) => None,
            Self::Json(raw) => Some(raw.get()),
        }
    }

    /// Decodes the field into `T`. Nested JSON is decoded directly; a string is decoded as the
    /// JSON document it contains, since senders sometimes embed an event as encoded JSON.
    ///
    /// ```
    /// use fleethooks_jumpcloud::Alert;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Actor { email: String }
    ///
    /// let alert = Alert::from_slice(
    ///     br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","initiated_by":{"email":"ops@acme.example"}}"#,
    /// )?;
    /// let actor: Actor = alert.initiated_by.ok_or("initiated_by was sent")?.decode()?;
    /// assert_eq!(actor.email, "ops@acme.example");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Json`] when the JSON does not fit `T` (or a string holds no JSON).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let text = match self {
            Self::Text(text) => text.as_str(),
            Self::Json(raw) => raw.get(),
        };
        fleethooks_core::json::from_slice(text.as_bytes())
            .map_err(|e| Error::json(Document::Detail, e))
    }
}

impl PartialEq for Detail {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => a == b,
            (Self::Json(a), Self::Json(b)) => a.get() == b.get(),
            _ => false,
        }
    }
}

impl Eq for Detail {}

impl From<String> for Detail {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<&str> for Detail {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<Box<RawValue>> for Detail {
    fn from(value: Box<RawValue>) -> Self {
        Self::Json(value)
    }
}

impl Serialize for Detail {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Json(raw) => raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Detail {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Capture the value as text first: whether it is a string shows in its first byte, and
        // anything else is kept as sent.
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        if !raw.get().starts_with('"') {
            // serde_json skips a raw value's numbers without reading them, so one past the
            // range of `f64` (`1e400`) would be kept, and the alert's JSON would then be
            // unreadable for serde_json and most JSON libraries: it is refused as serde_json
            // refuses it anywhere else.
            let (raw, suspect) = compact(raw);
            if suspect && has_number_out_of_range(raw.get().as_bytes()) {
                return Err(de::Error::custom("number out of range"));
            }
            return Ok(Self::Json(raw));
        }
        // The raw value is valid JSON, so unescaping fails only for a lone UTF-16 surrogate
        // escape (`"\ud800"`), which no Rust string can hold: such a string stays JSON text,
        // written back exactly as sent rather than failing the whole alert.
        Ok(serde_json::from_str(raw.get()).map_or(Self::Json(raw), Self::Text))
    }
}

/// `raw` without whitespace between tokens (whitespace inside strings is data and stays), and
/// whether a number outside its strings may be past the range of `f64` (see [`Numbers`]).
///
/// JumpCloud sends compact JSON, so the usual case is one scan that finds nothing to remove;
/// only indented JSON (a replayed or hand-written body) is copied.
fn compact(raw: Box<RawValue>) -> (Box<RawValue>, bool) {
    let text = raw.get().as_bytes();
    let mut numbers = Numbers::default();
    let Some(first) = first_outside_strings(text, &mut numbers) else {
        return (raw, numbers.suspect);
    };
    let (head, tail) = text.split_at(first);
    let mut out = Vec::with_capacity(text.len());
    out.extend_from_slice(head);
    let (mut in_string, mut escaped) = (false, false);
    // Bytes, not chars: every byte looked at is ASCII, and bytes of multi-byte characters are
    // never ASCII, so they are copied through untouched.
    for &byte in tail {
        if in_string {
            out.push(byte);
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if !is_json_whitespace(byte) {
            numbers.see(byte);
            in_string = byte == b'"';
            out.push(byte);
        }
    }
    // Removing insignificant whitespace keeps valid JSON valid; should that ever fail, the
    // value as sent is still correct.
    let compacted = String::from_utf8(out)
        .ok()
        .and_then(|text| RawValue::from_string(text).ok())
        .unwrap_or(raw);
    (compacted, numbers.suspect)
}

/// Watches the bytes outside strings for a number that may be past the range of `f64`: only
/// one with an exponent or of more than 308 digits can be. In valid JSON an `e` outside a
/// string right after a digit is an exponent (in `true` and `false` it follows a letter).
#[derive(Default)]
struct Numbers {
    digits: usize,
    suspect: bool,
}

impl Numbers {
    fn see(&mut self, byte: u8) {
        if byte.is_ascii_digit() {
            self.digits += 1;
            self.suspect |= self.digits > 308;
        } else {
            self.suspect |= self.digits > 0 && (byte | 0x20) == b'e';
            self.digits = 0;
        }
    }
}

/// Whether valid JSON `text` holds a number whose magnitude no `f64` can hold.
fn has_number_out_of_range(text: &[u8]) -> bool {
    let (mut in_string, mut escaped) = (false, false);
    let mut at = 0;
    while let Some(&byte) = text.get(at) {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b'-' || byte.is_ascii_digit() {
            let end = text
                .get(at..)
                .and_then(|rest| {
                    rest.iter()
                        .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                })
                .map_or(text.len(), |length| at + length);
            let number = text.get(at..end).unwrap_or_default();
            // A plain integer of up to 19 digits always fits; anything else is read to see.
            let short_integer =
                number.len() <= 19 && number.iter().all(|b| *b == b'-' || b.is_ascii_digit());
            if !short_integer
                && std::str::from_utf8(number)
                    .ok()
                    .and_then(|n| n.parse::<f64>().ok())
                    .is_some_and(f64::is_infinite)
            {
                return true;
            }
            at = end;
            continue;
        }
        at += 1;
    }
    false
}

/// The offset of the first whitespace byte outside a string, if any; `numbers` sees every
/// byte outside strings before it.
fn first_outside_strings(text: &[u8], numbers: &mut Numbers) -> Option<usize> {
    let (mut in_string, mut escaped) = (false, false);
    for (at, &byte) in text.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if is_json_whitespace(byte) {
            return Some(at);
        } else {
            numbers.see(byte);
            in_string = byte == b'"';
        }
    }
    None
}

fn is_json_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}
