//! Alert notifications: the JSON body JumpCloud posts to a webhook channel.
//!
//! JumpCloud documents seventeen fields and no types. [`Alert`] reads them tolerantly: only
//! `alert_id` is required, every other field may be absent or `null` (a timestamp may also be an
//! empty string, read as absent), unknown fields are ignored,
//! and the two fields whose shape is undocumented (`di_event`, `initiated_by`) keep whatever
//! came, a string or nested JSON, in a [`Detail`].
//!
//! # Answering a delivery
//!
//! JumpCloud retries a delivery (three times, with backoff) only when the receiver answers a 5xx
//! status, `408 Request Timeout` or `429 Too Many Requests` ([`is_retried`]). So a receiver
//! answers:
//!
//! - `2xx` once the alert is accepted (queued or handled);
//! - `4xx` (`401`, `403`, `400`, `422`) when authentication fails or the body cannot be parsed,
//!   since sending the same request again can never succeed;
//! - `5xx` (or `429` to ask for a slower pace) only for transient failures on its own side, such
//!   as a database that is briefly down, so that JumpCloud delivers again.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::error::{Document, Error, Result};
use crate::timestamp;

/// One alert notification, as JumpCloud posts it to a webhook channel.
///
/// Field names are JumpCloud's. Serializing writes the same names back; a field that is `None`
/// is left out, so a body without `null`s serializes back to the same JSON. `null` and absence
/// both read as `None` (for the two timestamps, so does `""`), and timestamps are written in UTC
/// with `Z`.
///
/// ```
/// use fleethooks_jumpcloud::{Alert, AlertStatus, Priority};
///
/// let alert = Alert::from_slice(br#"{
///     "alert_id": "6743a0f2c9e77d0001b2c3d4",
///     "alert_title": "Admin password changed",
///     "priority": "high",
///     "status": "Open",
///     "occurred_at": "2026-11-24T13:05:12Z"
/// }"#)?;
/// assert_eq!(alert.priority, Some(Priority::High));
/// assert!(alert.is_open());
/// assert_eq!(alert.dedup_key(), "6743a0f2c9e77d0001b2c3d4:Open:");
/// # Ok::<(), fleethooks_jumpcloud::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Alert {
    /// ID of the alert; the only field every notification must carry.
    pub alert_id: String,
    /// Title of the alert.
    pub alert_title: Option<String>,
    /// Category of the alert.
    pub category: Option<String>,
    /// Detailed description of the alert.
    pub description: Option<String>,
    /// The Directory Insights event behind the alert: nested JSON or a string.
    pub di_event: Option<Detail>,
    /// Description of the event that triggered the alert.
    pub event_description: Option<String>,
    /// Who initiated the change: a string (an email, a name) or an object.
    pub initiated_by: Option<Detail>,
    /// When the alert occurred.
    pub occurred_at: Option<DateTime<Utc>>,
    /// The status before this notification's change.
    pub previous_alert_status: Option<AlertStatus>,
    /// Priority of the alert.
    pub priority: Option<Priority>,
    /// ID of the rule that raised the alert.
    pub rule_id: Option<String>,
    /// ID of the alert source.
    pub source_id: Option<String>,
    /// Name of the alert source.
    pub source_name: Option<String>,
    /// Type of the alert source.
    pub source_type: Option<String>,
    /// URL of the alert source, usually a link into the admin console.
    pub source_url: Option<String>,
    /// Current status of the alert.
    pub status: Option<AlertStatus>,
    /// When the alert was last updated. JumpCloud spells it `update_at`, not `updated_at`.
    pub update_at: Option<DateTime<Utc>>,
}

/// The serde form of [`Alert`]: JumpCloud's field names, `None` left out. A remote definition
/// rather than a derive on `Alert` itself, so that `Alert`'s own `Deserialize` can accept only a
/// JSON object (serde's derive also takes the array form) without adding public functions.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Alert")]
struct AlertWire {
    alert_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alert_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    di_event: Option<Detail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    event_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    initiated_by: Option<Detail>,
    #[serde(
        default,
        deserialize_with = "timestamp::option",
        skip_serializing_if = "Option::is_none"
    )]
    occurred_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous_alert_status: Option<AlertStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rule_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<AlertStatus>,
    #[serde(
        default,
        deserialize_with = "timestamp::option",
        skip_serializing_if = "Option::is_none"
    )]
    update_at: Option<DateTime<Utc>>,
}

impl Alert {
    /// An alert with this id and every other field `None`. Set the public fields afterwards:
    /// the struct is `#[non_exhaustive]`, so other crates cannot write it as a literal.
    pub fn new(alert_id: impl Into<String>) -> Self {
        Self {
            alert_id: alert_id.into(),
            alert_title: None,
            category: None,
            description: None,
            di_event: None,
            event_description: None,
            initiated_by: None,
            occurred_at: None,
            previous_alert_status: None,
            priority: None,
            rule_id: None,
            source_id: None,
            source_name: None,
            source_type: None,
            source_url: None,
            status: None,
            update_at: None,
        }
    }

    /// Parses the raw body of an alert notification.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] when the body is not JSON, `alert_id` is missing, or a field has a type
    /// the model cannot take; the error names the field's path and the line and column.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        // A byte-order mark is not JSON, but tools that touch a body on its way sometimes add
        // one; it carries nothing, so it is skipped (positions in errors count from after it).
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let alert = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|e| Error::json_at(Document::Alert, e))?;
        deserializer
            .end()
            .map_err(|e| Error::json(Document::Alert, "$".to_owned(), e))?;
        Ok(alert)
    }

    /// Whether the alert still needs attention: its status is Open or Acknowledged.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.status.as_ref().is_some_and(AlertStatus::is_open)
    }

    /// Whether the alert is closed: its status is Resolved or Auto-Resolved.
    #[must_use]
    pub fn is_resolved(&self) -> bool {
        self.status.as_ref().is_some_and(AlertStatus::is_resolved)
    }

    /// The status change this notification reports, when it has a `status`.
    #[must_use]
    pub fn transition(&self) -> Option<Transition<'_>> {
        self.status.as_ref().map(|to| Transition {
            from: self.previous_alert_status.as_ref(),
            to,
        })
    }

    /// A key that is equal for redeliveries of the same notification and differs between
    /// notifications about the same alert: `{alert_id}:{status}:{update_at}`.
    ///
    /// The status is written as [`AlertStatus::as_str`] (so `open` and `Open` give the same key)
    /// and `update_at` as RFC 3339 UTC with milliseconds; a missing part is left empty.
    #[must_use]
    pub fn dedup_key(&self) -> String {
        let status = self.status.as_ref().map_or("", AlertStatus::as_str);
        let updated = self
            .update_at
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
            .unwrap_or_default();
        format!("{}:{status}:{updated}", self.alert_id)
    }
}

impl Serialize for Alert {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AlertWire::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Alert {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectOnly;

        impl<'de> de::Visitor<'de> for ObjectOnly {
            type Value = Alert;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an alert object")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Alert, A::Error> {
                AlertWire::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }

        deserializer.deserialize_map(ObjectOnly)
    }
}

/// Whether JumpCloud delivers an alert again after the receiver answered `status`: only for
/// 5xx, `408 Request Timeout` and `429 Too Many Requests`.
///
/// ```
/// use fleethooks_jumpcloud::alert::is_retried;
/// use http::StatusCode;
///
/// assert!(is_retried(StatusCode::SERVICE_UNAVAILABLE));
/// assert!(is_retried(StatusCode::TOO_MANY_REQUESTS));
/// assert!(!is_retried(StatusCode::UNAUTHORIZED));
/// assert!(!is_retried(StatusCode::NO_CONTENT));
/// ```
#[must_use]
pub fn is_retried(status: http::StatusCode) -> bool {
    status.is_server_error()
        || status == http::StatusCode::REQUEST_TIMEOUT
        || status == http::StatusCode::TOO_MANY_REQUESTS
}

/// A status change: `previous_alert_status` → `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transition<'a> {
    /// The status before, when the notification says.
    pub from: Option<&'a AlertStatus>,
    /// The status now.
    pub to: &'a AlertStatus,
}

impl Transition<'_> {
    /// Whether the status actually changed (a first notification, with no previous status,
    /// counts as a change).
    #[must_use]
    pub fn is_change(&self) -> bool {
        self.from != Some(self.to)
    }

    /// Whether the alert was just closed: from a status that was not resolved to one that is.
    #[must_use]
    pub fn is_resolution(&self) -> bool {
        self.to.is_resolved() && !self.from.is_some_and(AlertStatus::is_resolved)
    }

    /// Whether a closed alert was opened again.
    #[must_use]
    pub fn is_reopening(&self) -> bool {
        self.to.is_open() && self.from.is_some_and(AlertStatus::is_resolved)
    }
}

/// A field JumpCloud sends either as a string or as nested JSON, kept as it came.
///
/// `di_event` (the Directory Insights event) and `initiated_by` are documented by name only.
/// A string is kept unescaped in [`Detail::Text`]; an object, array, number or boolean is kept
/// as JSON text in [`Detail::Json`], so it serializes back unchanged (key order, number
/// spelling and escapes included) and can be decoded into a type of the caller's choice with
/// [`Detail::decode`]. Only whitespace between tokens is dropped, so that an alert always
/// serializes to a single line whatever the indentation it came with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Detail {
    /// The field was a JSON string.
    Text(String),
    /// The field was any other JSON value, kept as sent less whitespace between tokens.
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
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let value = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|e| Error::json_at(Document::Detail, e))?;
        deserializer
            .end()
            .map_err(|e| Error::json(Document::Detail, "$".to_owned(), e))?;
        Ok(value)
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
        if raw.get().starts_with('"') {
            serde_json::from_str(raw.get())
                .map(Self::Text)
                .map_err(de::Error::custom)
        } else {
            Ok(Self::Json(compact(raw)))
        }
    }
}

/// `raw` without whitespace between tokens (whitespace inside strings is data and stays).
///
/// JumpCloud sends compact JSON, so the usual case is one scan that finds nothing to remove;
/// only indented JSON (a replayed or hand-written body) is copied.
fn compact(raw: Box<RawValue>) -> Box<RawValue> {
    let text = raw.get().as_bytes();
    let Some(first) = first_outside_strings(text) else {
        return raw;
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
            in_string = byte == b'"';
            out.push(byte);
        }
    }
    // Removing insignificant whitespace keeps valid JSON valid; should that ever fail, the
    // value as sent is still correct.
    String::from_utf8(out)
        .ok()
        .and_then(|text| RawValue::from_string(text).ok())
        .unwrap_or(raw)
}

/// The offset of the first whitespace byte outside a string, if any.
fn first_outside_strings(text: &[u8]) -> Option<usize> {
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
            in_string = byte == b'"';
        }
    }
    None
}

fn is_json_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Writes a vendor enum: the known variants, a fallback keeping any other string unchanged,
/// case-insensitive parsing, and serde in the vendor's spelling.
macro_rules! vendor_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident expecting $expecting:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as sent and serialized back
            /// unchanged.
            Other(String),
        }

        impl $name {
            /// The documented spelling of a known value, or the unknown string as sent.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Other(text) => text,
                }
            }

            /// The known value `text` names, ignoring ASCII case and treating `-`, `_` and
            /// spaces alike; `None` for anything else.
            fn known(text: &str) -> Option<Self> {
                $(
                    if same_name(text, $text) {
                        return Some(Self::$variant);
                    }
                )+
                None
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;

            /// Never fails: an unknown value becomes `Other`.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::known(text).unwrap_or_else(|| Self::Other(text.to_owned())))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::known(text).unwrap_or_else(|| Self::Other(text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$name, E> {
                        Ok($name::from(text))
                    }

                    fn visit_string<E: de::Error>(self, text: String) -> Result<$name, E> {
                        Ok($name::known(&text).unwrap_or($name::Other(text)))
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

/// Whether `text` names `canonical`, ignoring ASCII case and the separators `-`, `_`, ` `.
fn same_name(text: &str, canonical: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(|b| !matches!(b, b'-' | b'_' | b' '))
            .map(|b| b.to_ascii_lowercase())
    }
    letters(text).eq(letters(canonical))
}

vendor_enum! {
    /// Priority of an alert. JumpCloud documents `Critical`, `High`, `Medium` and `Low`.
    pub enum Priority expecting "a priority string such as \"High\"" {
        /// `Critical`.
        Critical => "Critical",
        /// `High`.
        High => "High",
        /// `Medium`.
        Medium => "Medium",
        /// `Low`.
        Low => "Low",
    }
}

vendor_enum! {
    /// Status of an alert, also used for `previous_alert_status`. JumpCloud documents `Open`,
    /// `Acknowledged`, `Resolved` and `Auto-Resolved`.
    pub enum AlertStatus expecting "an alert status string such as \"Open\"" {
        /// `Open`: raised and not yet looked at.
        Open => "Open",
        /// `Acknowledged`: someone is on it; still open.
        Acknowledged => "Acknowledged",
        /// `Resolved`: closed by an administrator.
        Resolved => "Resolved",
        /// `Auto-Resolved`: closed by JumpCloud once the condition cleared.
        AutoResolved => "Auto-Resolved",
    }
}

impl AlertStatus {
    /// Open or Acknowledged. An unknown status is neither open nor resolved.
    #[must_use]
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open | Self::Acknowledged)
    }

    /// Resolved or Auto-Resolved.
    #[must_use]
    pub fn is_resolved(&self) -> bool {
        matches!(self, Self::Resolved | Self::AutoResolved)
    }
}
