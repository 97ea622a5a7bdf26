//! The `webhook` header every Jamf event carries, and the envelope pairing it with the event.

use crate::event::EventType;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The `webhook` object of every Jamf Pro delivery: which webhook fired, for what, and when.
///
/// Jamf Pro 10.12 added `eventTimestamp`; older servers also leave out `id` and `name`, so all
/// three are optional and are written back only when present. `webhookEvent` keeps the spelling
/// that was sent (`MobileDeviceUnenrolled` stays lower-case `e`), while
/// [`event_type`](Self::event_type) maps it to the documented name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// The webhook's id in Jamf Pro.
    #[serde(
        default,
        with = "crate::scalar::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<i64>,
    /// The webhook's display name in Jamf Pro.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The event type as sent, e.g. `ComputerCheckIn`. Empty when the header had none.
    #[serde(default)]
    pub webhook_event: String,
    /// When the event happened (epoch milliseconds on the wire).
    #[serde(
        default,
        with = "crate::timestamp::epoch_millis_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub event_timestamp: Option<DateTime<Utc>>,
}

impl Webhook {
    /// A header for the given event type, with no id, name or timestamp.
    pub fn new(webhook_event: impl Into<String>) -> Self {
        Self {
            webhook_event: webhook_event.into(),
            ..Self::default()
        }
    }

    /// Sets the webhook id.
    #[must_use]
    pub fn with_id(mut self, id: i64) -> Self {
        self.id = Some(id);
        self
    }

    /// Sets the webhook name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the event time.
    #[must_use]
    pub fn with_timestamp(mut self, at: DateTime<Utc>) -> Self {
        self.event_timestamp = Some(at);
        self
    }

    /// The documented event type that `webhookEvent` names, compared without regard to letter
    /// case; [`EventType::Unknown`] keeps any other name.
    pub fn event_type(&self) -> EventType {
        EventType::from_name(&self.webhook_event)
    }
}

/// One delivery as Jamf sends it: the `webhook` header and the typed `event`.
///
/// [`JamfEvent`](crate::JamfEvent) wraps one of these per event type. It serializes to Jamf's
/// JSON form (`{"event": …, "webhook": …}`); when the type is known in advance it can also be
/// deserialized directly, e.g. `serde_json::from_slice::<Envelope<Computer>>(body)`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Envelope<T> {
    /// The event-specific payload.
    pub event: T,
    /// The header.
    pub webhook: Webhook,
}

impl<T> Envelope<T> {
    /// Pairs a header with a payload.
    pub fn new(webhook: Webhook, event: T) -> Self {
        Self { event, webhook }
    }
}
