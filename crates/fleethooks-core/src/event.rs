//! [`Event`]: what every source's event answers, and the summary object built from it.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::Source;

/// What every webhook event answers, whichever product sent it.
///
/// Implemented by `fleethooks_jamf::JamfEvent`, `fleethooks_jumpcloud::Alert`,
/// `fleethooks_cmdop::CmdopEvent` and the facade's `InboundEvent`. `Serialize` writes the
/// event in its vendor's own JSON form; [`to_summary_json`](Event::to_summary_json) wraps that
/// in the summary object every fleethooks tool prints and stores.
pub trait Event: Serialize {
    /// Which product sent the event.
    fn source(&self) -> Source;

    /// The event type as the vendor spells it: `ComputerCheckIn`, `machine.offline`; `alert`
    /// for JumpCloud, which sends one kind of notification.
    fn event_type(&self) -> &str;

    /// When the event happened, where the payload says.
    fn occurred_at(&self) -> Option<DateTime<Utc>>;

    /// The key that is equal for redeliveries of one event and differs between events: what
    /// duplicates are dropped by. Stable within a major version.
    fn dedup_key(&self) -> Cow<'_, str>;

    /// The summary object, one line of JSON:
    /// `{"source","type","occurred_at","key","payload"}`, in that order. `occurred_at` is RFC
    /// 3339 in UTC with milliseconds (`2026-11-20T09:14:03.000Z`) or `null`; `payload` is the
    /// event in its vendor's JSON form.
    ///
    /// # Errors
    ///
    /// When the payload cannot be written as JSON (a timestamp beyond year 9999, an unknown
    /// event kept as text that is no longer JSON).
    fn to_summary_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Summary::of(self))
    }
}

/// The summary object of an event, borrowed from it; see [`Event::to_summary_json`].
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Summary<'a, E: ?Sized> {
    /// `jamf`, `jumpcloud` or `cmdop`.
    pub source: Source,
    /// [`Event::event_type`].
    #[serde(rename = "type")]
    pub event_type: &'a str,
    /// [`Event::occurred_at`] as RFC 3339, UTC, milliseconds.
    pub occurred_at: Option<String>,
    /// [`Event::dedup_key`].
    pub key: Cow<'a, str>,
    /// The event in its vendor's JSON form.
    pub payload: &'a E,
}

impl<'a, E: Event + ?Sized> Summary<'a, E> {
    /// The summary of `event`.
    pub fn of(event: &'a E) -> Self {
        Self {
            source: event.source(),
            event_type: event.event_type(),
            occurred_at: event.occurred_at().map(format_time),
            key: event.dedup_key(),
            payload: event,
        }
    }
}

/// A time as the summary writes it: RFC 3339, UTC, milliseconds, `Z`.
///
/// ```
/// let at = chrono::DateTime::from_timestamp_millis(1_712_826_143_512).ok_or("range")?;
/// assert_eq!(fleethooks_core::format_time(at), "2024-04-11T09:02:23.512Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn format_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl<E: Event + ?Sized> Event for &E {
    fn source(&self) -> Source {
        (**self).source()
    }
    fn event_type(&self) -> &str {
        (**self).event_type()
    }
    fn occurred_at(&self) -> Option<DateTime<Utc>> {
        (**self).occurred_at()
    }
    fn dedup_key(&self) -> Cow<'_, str> {
        (**self).dedup_key()
    }
}
