//! The `webhook` header every Jamf event carries, and the envelope pairing it with the event.

use crate::Extra;
use crate::event::EventType;
use crate::record::{Key, record};
use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

record! {
    /// The `webhook` object of every Jamf Pro delivery: which webhook fired, for what, and when.
    ///
    /// Jamf Pro 10.12 added `eventTimestamp`; older servers also leave out `id` and `name`, so
    /// all three are optional and are written back only when present. `webhookEvent` keeps the
    /// spelling that was sent (`MobileDeviceUnenrolled` stays lower-case `e`), while
    /// [`event_type`](Self::event_type) maps it to the documented name.
    #[derive(Debug)]
    pub struct Webhook expecting "struct Webhook" {
        /// The webhook's id in Jamf Pro.
        id: Option<i64> = "id" => OptI64, if_some;
        /// The webhook's display name in Jamf Pro.
        name: Option<String> = "name" => value, if_some;
        /// The event type as sent, e.g. `ComputerCheckIn`. Empty when the header had none.
        webhook_event: String = "webhookEvent" => value, always;
        /// When the event happened: epoch milliseconds on the wire, or epoch seconds when the
        /// value is below 10^11 (see the crate docs); written back as milliseconds.
        event_timestamp: Option<DateTime<Utc>> = "eventTimestamp" => EventTimestamp, if_some;
    }
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

    /// The documented event type that `webhookEvent` names (matched by
    /// [`same_name`](fleethooks_core::vendor::same_name): ASCII case, `-`, `_` and space
    /// ignored); [`EventType::Unknown`] keeps any other name.
    pub fn event_type(&self) -> EventType {
        EventType::from_name(&self.webhook_event)
    }
}

/// One delivery as Jamf sends it: the `webhook` header and the typed `event`, plus any other
/// member of the delivery object, kept in `extra`.
///
/// [`JamfEvent`](crate::JamfEvent) wraps one of these per event type. It serializes to Jamf's
/// JSON form (`{"event": …, "webhook": …}`); when the type is known in advance it can also be
/// deserialized directly, e.g. `serde_json::from_slice::<Envelope<Computer>>(body)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Envelope<T> {
    /// The event-specific payload.
    pub event: T,
    /// The header.
    pub webhook: Webhook,
    /// Members of the delivery object other than `event` and `webhook`, kept as sent.
    pub extra: Extra,
}

impl<T> Envelope<T> {
    /// Pairs a header with a payload.
    pub fn new(webhook: Webhook, event: T) -> Self {
        Self {
            event,
            webhook,
            extra: Extra::new(),
        }
    }
}

/// Writes the members of a delivery object beside `event` and `webhook`.
pub(crate) fn serialize_envelope<S: Serializer, E: Serialize + ?Sized>(
    s: S,
    event: &E,
    webhook: &Webhook,
    extra: &Extra,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    map.serialize_entry("event", event)?;
    map.serialize_entry("webhook", webhook)?;
    for (key, value) in extra.iter() {
        if key != "event" && key != "webhook" {
            map.serialize_entry(key, value)?;
        }
    }
    map.end()
}

impl<T: Serialize> Serialize for Envelope<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_envelope(s, &self.event, &self.webhook, &self.extra)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Envelope<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Envelope<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("struct Envelope")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<T>, A::Error> {
                let mut event = None;
                let mut webhook = None;
                let mut extra = Extra::new();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "event" => {
                            if event.is_some() {
                                return Err(de::Error::duplicate_field("event"));
                            }
                            event = Some(map.next_value()?);
                        }
                        "webhook" => {
                            if webhook.is_some() {
                                return Err(de::Error::duplicate_field("webhook"));
                            }
                            webhook = Some(map.next_value()?);
                        }
                        _ => {
                            let value = map.next_value()?;
                            extra.insert(key.into_owned(), value);
                        }
                    }
                }
                Ok(Envelope {
                    event: event.ok_or_else(|| de::Error::missing_field("event"))?,
                    webhook: webhook.ok_or_else(|| de::Error::missing_field("webhook"))?,
                    extra,
                })
            }
        }

        d.deserialize_map(V(PhantomData))
    }
}
