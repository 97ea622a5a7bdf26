//! [`InboundEvent`]: an accepted delivery, typed by its source.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use fleethooks_cmdop::CmdopEvent;
use fleethooks_core::{Event, Source};
use fleethooks_jamf::JamfEvent;
use fleethooks_jumpcloud::Alert;
use serde::{Serialize, Serializer};

/// An authenticated, parsed delivery: the typed event of its source.
///
/// It implements [`Event`], so the same five questions work whatever the source, and
/// [`to_json`](Self::to_json) writes the summary line `fleethooks parse` prints and
/// `fleethooks serve` stores. `Serialize` writes the payload alone, in its vendor's JSON form.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InboundEvent {
    /// A Jamf Pro event (boxed: Jamf's records are much larger than the other sources').
    Jamf(Box<JamfEvent>),
    /// A JumpCloud alert notification.
    Jumpcloud(Alert),
    /// A cmdop event.
    Cmdop(CmdopEvent),
}

impl InboundEvent {
    /// Which product sent the event. (Also [`Event::source`]; inherent so that no trait import
    /// is needed.)
    #[must_use]
    pub fn source(&self) -> Source {
        Event::source(self)
    }

    /// The event type as the vendor spells it ([`Event::event_type`]).
    #[must_use]
    pub fn event_type(&self) -> &str {
        Event::event_type(self)
    }

    /// When the event happened, where the payload says ([`Event::occurred_at`]).
    #[must_use]
    pub fn occurred_at(&self) -> Option<DateTime<Utc>> {
        Event::occurred_at(self)
    }

    /// The key duplicates are dropped by ([`Event::dedup_key`]).
    #[must_use]
    pub fn dedup_key(&self) -> Cow<'_, str> {
        Event::dedup_key(self)
    }

    /// The summary object, one line of JSON, byte for byte what `fleethooks parse` prints:
    /// `{"source","type","occurred_at","key","payload"}`.
    ///
    /// # Errors
    ///
    /// When the payload cannot be written as JSON (see [`Event::to_summary_json`]).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        self.to_summary_json()
    }

    /// The Jamf event, if this is one.
    #[must_use]
    pub fn as_jamf(&self) -> Option<&JamfEvent> {
        match self {
            Self::Jamf(event) => Some(event),
            _ => None,
        }
    }

    /// The JumpCloud alert, if this is one.
    #[must_use]
    pub fn as_jumpcloud(&self) -> Option<&Alert> {
        match self {
            Self::Jumpcloud(alert) => Some(alert),
            _ => None,
        }
    }

    /// The cmdop event, if this is one.
    #[must_use]
    pub fn as_cmdop(&self) -> Option<&CmdopEvent> {
        match self {
            Self::Cmdop(event) => Some(event),
            _ => None,
        }
    }
}

impl Event for InboundEvent {
    fn source(&self) -> Source {
        match self {
            Self::Jamf(_) => Source::Jamf,
            Self::Jumpcloud(_) => Source::Jumpcloud,
            Self::Cmdop(_) => Source::Cmdop,
        }
    }

    fn event_type(&self) -> &str {
        match self {
            Self::Jamf(e) => e.event_type(),
            Self::Jumpcloud(e) => e.event_type(),
            Self::Cmdop(e) => e.event_type(),
        }
    }

    fn occurred_at(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::Jamf(e) => e.occurred_at(),
            Self::Jumpcloud(e) => e.occurred_at(),
            Self::Cmdop(e) => e.occurred_at(),
        }
    }

    fn dedup_key(&self) -> Cow<'_, str> {
        match self {
            Self::Jamf(e) => e.dedup_key(),
            Self::Jumpcloud(e) => e.dedup_key(),
            Self::Cmdop(e) => e.dedup_key(),
        }
    }
}

impl Serialize for InboundEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Jamf(e) => e.serialize(serializer),
            Self::Jumpcloud(e) => e.serialize(serializer),
            Self::Cmdop(e) => e.serialize(serializer),
        }
    }
}

impl From<JamfEvent> for InboundEvent {
    fn from(event: JamfEvent) -> Self {
        Self::Jamf(Box::new(event))
    }
}

impl From<Alert> for InboundEvent {
    fn from(alert: Alert) -> Self {
        Self::Jumpcloud(alert)
    }
}

impl From<CmdopEvent> for InboundEvent {
    fn from(event: CmdopEvent) -> Self {
        Self::Cmdop(event)
    }
}

/// `source type key`, for logs: `jamf ComputerCheckIn 7:ComputerCheckIn:1712826143512:1842`.
impl fmt::Display for InboundEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.source(),
            self.event_type(),
            self.dedup_key()
        )
    }
}
