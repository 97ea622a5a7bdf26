//! Alert notifications: the JSON body JumpCloud posts to a webhook channel.
//!
//! JumpCloud documents seventeen fields and no types. [`Alert`] reads them tolerantly: only
//! `alert_id` is required, every other field may be absent or `null` (a timestamp may also be an
//! empty string, read as absent), the two fields whose shape is undocumented (`di_event`,
//! `initiated_by`) keep whatever came, a string or nested JSON, in a [`Detail`], and members
//! the model does not know are kept in [`Alert::extra`] and written back: a service that
//! forwards alerts loses nothing JumpCloud sent.
//!
//! [`Alert`] implements [`Event`]: source `jumpcloud`, type [`EVENT_TYPE`] (`alert`),
//! `occurred_at`, and the dedup key `{alert_id}:{status}:{update_at}`.
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

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use fleethooks_core::{Event, Source};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use crate::detail::Detail;
use crate::error::{Document, Error, Result};
use crate::timestamp;

/// The [`Event::event_type`] of every alert: JumpCloud sends one kind of notification.
pub const EVENT_TYPE: &str = "alert";

/// One alert notification, as JumpCloud posts it to a webhook channel.
///
/// Field names are JumpCloud's. Serializing writes the same names back, the documented fields
/// first, then [`extra`](Alert::extra); a documented field that is `None` is left out, so a body
/// without `null`s serializes back to the same JSON value. `null` and absence both read as
/// `None` (for the two timestamps, so does `""`), and timestamps are written in UTC with `Z`.
///
/// ```
/// use fleethooks_jumpcloud::{Alert, AlertStatus, Event, Priority};
///
/// let alert = Alert::from_slice(br#"{
///     "alert_id": "6743a0f2c9e77d0001b2c3d4",
///     "alert_title": "Admin password changed",
///     "priority": "high",
///     "status": "Open",
///     "occurred_at": "2026-11-24T13:05:12Z",
///     "organization_id": "5f8e2c1a9b7d3e0012ab34cd"
/// }"#)?;
/// assert_eq!(alert.priority, Some(Priority::High));
/// assert!(alert.is_open());
/// assert_eq!(alert.dedup_key(), "6743a0f2c9e77d0001b2c3d4:Open:");
/// assert_eq!(alert.extra["organization_id"], "5f8e2c1a9b7d3e0012ab34cd");
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
    /// Every member of the body that is none of the seventeen documented fields, with its value
    /// as serde_json reads it (`null` included), written back after the documented fields.
    ///
    /// Order: a [`serde_json::Map`] is sorted by name unless serde_json's `preserve_order`
    /// feature is on, which fleethooks does not turn on; a build that does (any crate in the
    /// dependency graph may) keeps input order. Values are kept as JSON values, so nested
    /// objects and arrays survive whole, but a number is written back as serde_json writes it
    /// (`1.50` as `1.5`). A member named like a documented field is not written, since the
    /// field is; a repeated member keeps its last value, as `serde_json::Value` does.
    pub extra: Map<String, Value>,
}

impl Alert {
    /// An alert with this id, every documented field `None` and no extra members. Set the
    /// public fields afterwards: the struct is `#[non_exhaustive]`, so other crates cannot
    /// write it as a literal.
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
            extra: Map::new(),
        }
    }

    /// Parses the raw body of an alert notification. A leading byte-order mark is skipped
    /// (positions in errors count from after it).
    ///
    /// # Errors
    ///
    /// [`Error::Json`] when the body is not JSON, not an object, `alert_id` is missing or a
    /// field has a type the model cannot take; [`Error::path`] and [`Error::line_column`] say
    /// where.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        fleethooks_core::json::from_slice(body).map_err(|e| Error::json(Document::Alert, e))
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
}

impl Event for Alert {
    /// [`Source::Jumpcloud`].
    fn source(&self) -> Source {
        Source::Jumpcloud
    }

    /// [`EVENT_TYPE`], `alert`, for every notification.
    fn event_type(&self) -> &str {
        EVENT_TYPE
    }

    /// The `occurred_at` field.
    fn occurred_at(&self) -> Option<DateTime<Utc>> {
        self.occurred_at
    }

    /// `{alert_id}:{status}:{update_at}`: equal for redeliveries of one notification, different
    /// for two notifications about the same alert.
    ///
    /// The status is written as [`AlertStatus::as_str`] (so `open` and `Open` give the same key)
    /// and `update_at` as RFC 3339 UTC with milliseconds; a missing part is left empty.
    fn dedup_key(&self) -> Cow<'_, str> {
        let status = self.status.as_ref().map_or("", AlertStatus::as_str);
        let updated = self
            .update_at
            .map(fleethooks_core::format_time)
            .unwrap_or_default();
        Cow::Owned(format!("{}:{status}:{updated}", self.alert_id))
    }
}

/// The seventeen documented members, in the order [`Field`] lists them.
const FIELDS: [&str; 17] = [
    "alert_id",
    "alert_title",
    "category",
    "description",
    "di_event",
    "event_description",
    "initiated_by",
    "occurred_at",
    "previous_alert_status",
    "priority",
    "rule_id",
    "source_id",
    "source_name",
    "source_type",
    "source_url",
    "status",
    "update_at",
];

impl Serialize for Alert {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// Writes `name` when the field is set.
        fn entry<M: serde::ser::SerializeMap, T: Serialize>(
            map: &mut M,
            name: &'static str,
            value: Option<&T>,
        ) -> Result<(), M::Error> {
            value.map_or(Ok(()), |value| map.serialize_entry(name, value))
        }

        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("alert_id", &self.alert_id)?;
        entry(&mut map, "alert_title", self.alert_title.as_ref())?;
        entry(&mut map, "category", self.category.as_ref())?;
        entry(&mut map, "description", self.description.as_ref())?;
        entry(&mut map, "di_event", self.di_event.as_ref())?;
        entry(
            &mut map,
            "event_description",
            self.event_description.as_ref(),
        )?;
        entry(&mut map, "initiated_by", self.initiated_by.as_ref())?;
        entry(&mut map, "occurred_at", self.occurred_at.as_ref())?;
        entry(
            &mut map,
            "previous_alert_status",
            self.previous_alert_status.as_ref(),
        )?;
        entry(&mut map, "priority", self.priority.as_ref())?;
        entry(&mut map, "rule_id", self.rule_id.as_ref())?;
        entry(&mut map, "source_id", self.source_id.as_ref())?;
        entry(&mut map, "source_name", self.source_name.as_ref())?;
        entry(&mut map, "source_type", self.source_type.as_ref())?;
        entry(&mut map, "source_url", self.source_url.as_ref())?;
        entry(&mut map, "status", self.status.as_ref())?;
        entry(&mut map, "update_at", self.update_at.as_ref())?;
        for (name, value) in &self.extra {
            // The documented field is the one written; a copy in `extra` (only code can put
            // one there) would make a duplicate member.
            if Field::named(name).is_none() {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

/// A documented field; the discriminant is its position in [`FIELDS`].
#[derive(Clone, Copy)]
enum Field {
    AlertId,
    AlertTitle,
    Category,
    Description,
    DiEvent,
    EventDescription,
    InitiatedBy,
    OccurredAt,
    PreviousAlertStatus,
    Priority,
    RuleId,
    SourceId,
    SourceName,
    SourceType,
    SourceUrl,
    Status,
    UpdateAt,
}

impl Field {
    /// The documented field `name` is, matched exactly as serde's derive does; `None` for any
    /// other member.
    fn named(name: &str) -> Option<Self> {
        Some(match name {
            "alert_id" => Self::AlertId,
            "alert_title" => Self::AlertTitle,
            "category" => Self::Category,
            "description" => Self::Description,
            "di_event" => Self::DiEvent,
            "event_description" => Self::EventDescription,
            "initiated_by" => Self::InitiatedBy,
            "occurred_at" => Self::OccurredAt,
            "previous_alert_status" => Self::PreviousAlertStatus,
            "priority" => Self::Priority,
            "rule_id" => Self::RuleId,
            "source_id" => Self::SourceId,
            "source_name" => Self::SourceName,
            "source_type" => Self::SourceType,
            "source_url" => Self::SourceUrl,
            "status" => Self::Status,
            "update_at" => Self::UpdateAt,
            _ => return None,
        })
    }

    /// JumpCloud's name for the field.
    fn name(self) -> &'static str {
        FIELDS.get(self as usize).copied().unwrap_or_default()
    }

    /// The field's bit in the alert visitor's set of fields seen.
    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// A member of an alert object: a documented field, or any other name.
enum Member {
    Field(Field),
    Extra(String),
}

/// Reads a member name, allocating only for members the model does not know.
struct MemberName;

impl<'de> DeserializeSeed<'de> for MemberName {
    type Value = Member;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Member, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for MemberName {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Member, E> {
        Ok(Field::named(name).map_or_else(|| Member::Extra(name.to_owned()), Member::Field))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Member, E> {
        Ok(Field::named(&name).map_or(Member::Extra(name), Member::Field))
    }
}

/// Reads `occurred_at` and `update_at` with the lenient timestamp rules.
struct Timestamp;

impl<'de> DeserializeSeed<'de> for Timestamp {
    type Value = Option<DateTime<Utc>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        timestamp::option(deserializer)
    }
}

/// Fills an [`Alert`] from a JSON object in one pass: each documented member straight into its
/// field, every other member into [`Alert::extra`]. Written by hand rather than derived with
/// `#[serde(flatten)]`, which would buffer every member before reading any.
struct AlertVisitor;

impl<'de> Visitor<'de> for AlertVisitor {
    type Value = Alert;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an alert object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Alert, A::Error> {
        let mut alert = Alert::new(String::new());
        // The documented fields met so far: a repeated one is refused as serde's derive refuses
        // it, and a missing `alert_id` is told from an empty one.
        let mut seen = 0_u32;
        while let Some(member) = map.next_key_seed(MemberName)? {
            let field = match member {
                Member::Field(field) => field,
                Member::Extra(name) => {
                    let value = map.next_value()?;
                    alert.extra.insert(name, value);
                    continue;
                }
            };
            if seen & field.bit() != 0 {
                return Err(de::Error::duplicate_field(field.name()));
            }
            seen |= field.bit();
            match field {
                Field::AlertId => alert.alert_id = map.next_value()?,
                Field::AlertTitle => alert.alert_title = map.next_value()?,
                Field::Category => alert.category = map.next_value()?,
                Field::Description => alert.description = map.next_value()?,
                Field::DiEvent => alert.di_event = map.next_value()?,
                Field::EventDescription => alert.event_description = map.next_value()?,
                Field::InitiatedBy => alert.initiated_by = map.next_value()?,
                Field::OccurredAt => alert.occurred_at = map.next_value_seed(Timestamp)?,
                Field::PreviousAlertStatus => alert.previous_alert_status = map.next_value()?,
                Field::Priority => alert.priority = map.next_value()?,
                Field::RuleId => alert.rule_id = map.next_value()?,
                Field::SourceId => alert.source_id = map.next_value()?,
                Field::SourceName => alert.source_name = map.next_value()?,
                Field::SourceType => alert.source_type = map.next_value()?,
                Field::SourceUrl => alert.source_url = map.next_value()?,
                Field::Status => alert.status = map.next_value()?,
                Field::UpdateAt => alert.update_at = map.next_value_seed(Timestamp)?,
            }
        }
        if seen & Field::AlertId.bit() == 0 {
            return Err(de::Error::missing_field("alert_id"));
        }
        Ok(alert)
    }
}

impl<'de> Deserialize<'de> for Alert {
    /// Accepts only a JSON object (serde's derive would also take the array form).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(AlertVisitor)
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

fleethooks_core::vendor_enum! {
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

fleethooks_core::vendor_enum! {
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
