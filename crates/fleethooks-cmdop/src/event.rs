//! The event envelope cmdop posts to a webhook, and its event types.
//!
//! ```json
//! {
//!   "id": "evt_xyz789",
//!   "type": "machine.offline",
//!   "timestamp": "2024-01-20T15:45:00Z",
//!   "data": {"machine_id": "mach_abc123", "machine_name": "production-server", "last_seen": "2024-01-20T15:44:00Z"}
//! }
//! ```
//!
//! The envelope is read in one pass when `type` comes before `data`, as cmdop sends it; when
//! `data` comes first it is held as a `serde_json::Value` until the type is known, so key order
//! never matters, neither for what parses nor for where an error is reported.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, Utc};
use fleethooks_core::{Event, JsonError, Source};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::data::{DataSeed, EventData, Key, Shape};
use crate::timestamp::Timestamp;
use crate::{Error, Result};

fleethooks_core::vendor_enum! {
    /// The kind of an event, its `type` string.
    ///
    /// Covers every type cmdop documents, the legacy `schedule.*` types that older subscriptions
    /// still name, and [`EventType::Unknown`] for any other string, so a type cmdop adds later
    /// parses instead of failing. Names match by the rule every fleethooks crate uses
    /// ([`same_name`](fleethooks_core::vendor::same_name): ASCII case and `-`, `_`, space
    /// ignored), so `Command.Failed` is [`EventType::CommandFailed`]; `Display`, `as_str` and
    /// serde write cmdop's spelling (`session.client_attached`).
    ///
    /// ```
    /// use fleethooks_cmdop::{EventType, Family};
    ///
    /// let kind: EventType = "command.failed".parse()?;
    /// assert_eq!(kind, EventType::CommandFailed);
    /// assert_eq!(kind.family(), Some(Family::Command));
    /// assert!(kind.is_failure());
    /// assert_eq!(EventType::from("Session.Client-Attached"), EventType::SessionClientAttached);
    /// assert_eq!(EventType::from("machine.rebooted"), EventType::Unknown("machine.rebooted".into()));
    /// # Ok::<(), std::convert::Infallible>(())
    /// ```
    pub enum EventType expecting "an event type string" {
        /// `session.created`: a new session was created.
        SessionCreated => "session.created",
        /// `session.connected`: the agent connected to the session.
        SessionConnected => "session.connected",
        /// `session.client_attached`: a client attached to the session.
        SessionClientAttached => "session.client_attached",
        /// `session.client_detached`: a client detached from the session.
        SessionClientDetached => "session.client_detached",
        /// `session.grace_period`: the session entered its grace period.
        SessionGracePeriod => "session.grace_period",
        /// `session.disconnected`: the session ended.
        SessionDisconnected => "session.disconnected",
        /// `machine.online`: a machine came online.
        MachineOnline => "machine.online",
        /// `machine.offline`: a machine went offline.
        MachineOffline => "machine.offline",
        /// `machine.registered`: a new machine was registered.
        MachineRegistered => "machine.registered",
        /// `command.started`: a command started executing.
        CommandStarted => "command.started",
        /// `command.completed`: a command finished successfully.
        CommandCompleted => "command.completed",
        /// `command.failed`: a command failed (non-zero exit).
        CommandFailed => "command.failed",
        /// `command.timeout`: a command timed out.
        CommandTimeout => "command.timeout",
        /// `file.uploaded`: a file was uploaded.
        FileUploaded => "file.uploaded",
        /// `file.downloaded`: a file was downloaded.
        FileDownloaded => "file.downloaded",
        /// `file.deleted`: a file was deleted.
        FileDeleted => "file.deleted",
        /// `test`: sent by `POST /webhooks/:id/test`.
        Test => "test",
        /// `schedule.completed`: legacy; older subscriptions still name it.
        ScheduleCompleted => "schedule.completed",
        /// `schedule.failed`: legacy; older subscriptions still name it.
        ScheduleFailed => "schedule.failed",
    }
}

/// The family an event type belongs to: the part of its name before the dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// `session.*`.
    Session,
    /// `machine.*`.
    Machine,
    /// `command.*`.
    Command,
    /// `file.*`.
    File,
    /// `schedule.*` (legacy).
    Schedule,
}

impl EventType {
    /// The type for a string, as `From<&str>` reads it; unknown strings become
    /// [`EventType::Unknown`].
    #[must_use]
    pub fn parse(s: &str) -> Self {
        Self::from(s)
    }

    /// The family, from the name's prefix; also for unknown types such as `machine.rebooted`.
    /// `None` for `test` and for names without a known prefix. The prefix matches by the same
    /// rule as the names.
    #[must_use]
    pub fn family(&self) -> Option<Family> {
        let (prefix, _) = self.as_str().split_once('.')?;
        let same = |name| fleethooks_core::vendor::same_name(prefix, name);
        if same("session") {
            Some(Family::Session)
        } else if same("machine") {
            Some(Family::Machine)
        } else if same("command") {
            Some(Family::Command)
        } else if same("file") {
            Some(Family::File)
        } else if same("schedule") {
            Some(Family::Schedule)
        } else {
            None
        }
    }

    /// Whether the event reports a failure: `command.failed`, `command.timeout` and the legacy
    /// `schedule.failed`.
    #[must_use]
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Self::CommandFailed | Self::CommandTimeout | Self::ScheduleFailed
        )
    }

    /// Which data struct events of this type carry.
    pub(crate) fn shape(&self) -> Shape {
        match self {
            Self::SessionCreated
            | Self::SessionConnected
            | Self::SessionClientAttached
            | Self::SessionClientDetached
            | Self::SessionGracePeriod
            | Self::SessionDisconnected => Shape::Session,
            Self::MachineOnline | Self::MachineOffline | Self::MachineRegistered => Shape::Machine,
            Self::CommandStarted
            | Self::CommandCompleted
            | Self::CommandFailed
            | Self::CommandTimeout => Shape::Command,
            Self::FileUploaded | Self::FileDownloaded | Self::FileDeleted => Shape::File,
            Self::Test => Shape::Test,
            Self::ScheduleCompleted | Self::ScheduleFailed | Self::Unknown(_) => Shape::Other,
        }
    }

    /// Where the type sorts: known types in [`EventType::KNOWN`] order, unknown ones after.
    fn rank(&self) -> usize {
        Self::KNOWN
            .iter()
            .position(|known| known == self)
            .unwrap_or(Self::KNOWN.len())
    }
}

impl From<String> for EventType {
    fn from(value: String) -> Self {
        Self::known(&value).unwrap_or(Self::Unknown(value))
    }
}

impl PartialOrd for EventType {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Known types in cmdop's documented order, then unknown ones by their text.
impl Ord for EventType {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank()
            .cmp(&other.rank())
            .then_with(|| match (self, other) {
                (Self::Unknown(a), Self::Unknown(b)) => a.cmp(b),
                _ => Ordering::Equal,
            })
    }
}

/// One delivery: the envelope cmdop posts, with its data typed by event type.
///
/// Parse with [`CmdopEvent::from_slice`] (or receive and verify in one call with
/// [`Receiver::receive`](crate::Receiver::receive)). Serializing writes cmdop's JSON back:
/// `id`, `type`, `timestamp`, `data`, then any envelope field this crate does not model.
/// Members this crate does not model are kept in `extra` and written back, so nothing the vendor
/// sent is lost. Timestamps are written in RFC 3339 with `Z` and as many fraction digits as they
/// need (0, 3, 6 or 9), which is the form cmdop sends.
///
/// The documented accessors are those of [`Event`], which every fleethooks event implements:
/// [`source`](Event::source) is [`Source::Cmdop`], [`event_type`](Event::event_type) the `type`
/// string, [`occurred_at`](Event::occurred_at) the `timestamp`, and
/// [`dedup_key`](Event::dedup_key) the `id`, which cmdop repeats on retries. The public fields
/// hold the same values, typed.
///
/// ```
/// use fleethooks_cmdop::{CmdopEvent, Event, EventData, EventType};
///
/// let event = CmdopEvent::from_slice(br#"{
///     "id": "evt_xyz789",
///     "type": "machine.offline",
///     "timestamp": "2024-01-20T15:45:00Z",
///     "data": {"machine_id": "mach_abc123", "machine_name": "production-server", "last_seen": "2024-01-20T15:44:00Z"}
/// }"#)?;
/// assert_eq!(event.kind, EventType::MachineOffline);
/// assert_eq!(event.event_type(), "machine.offline");
/// assert_eq!(event.dedup_key(), "evt_xyz789");
/// let EventData::Machine(machine) = &event.data else {
///     return Err("a machine event carries machine data".into());
/// };
/// assert_eq!(machine.machine_name, "production-server");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CmdopEvent {
    /// The event id, `evt_…`; unique per event and repeated on retries of it.
    pub id: String,
    /// The event type, `type` on the wire.
    pub kind: EventType,
    /// When the event happened.
    pub timestamp: DateTime<Utc>,
    /// The event's data, typed by [`CmdopEvent::kind`].
    pub data: EventData,
    /// Envelope fields this crate does not model, kept as sent and written back.
    pub extra: Map<String, Value>,
}

impl CmdopEvent {
    /// An event with these parts and no extra fields, for senders and tests.
    pub fn new(
        id: impl Into<String>,
        kind: EventType,
        timestamp: DateTime<Utc>,
        data: EventData,
    ) -> Self {
        Self {
            id: id.into(),
            kind,
            timestamp,
            data,
            extra: Map::new(),
        }
    }

    /// Parses a delivery body. This does not check any signature: see
    /// [`Receiver`](crate::Receiver) for that.
    ///
    /// One leading UTF-8 byte-order mark is skipped (tools on a body's way sometimes add one;
    /// positions in errors count from after it). Members this crate does not model are kept in
    /// `extra` and written back, so nothing the vendor sent is lost.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] with the JSON path of the offending value (`$.data.exit_code`), its line
    /// and column, whatever order the envelope's keys come in.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        fleethooks_core::json::from_slice(body).map_err(|err| Error::Json(relocate(body, err)))
    }

    /// The event as cmdop's JSON.
    ///
    /// # Errors
    ///
    /// [`Error::JsonWrite`] only if a timestamp cannot be written (a year beyond 9999).
    pub fn to_json(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(Error::JsonWrite)
    }
}

/// The documented accessors every fleethooks event answers.
impl Event for CmdopEvent {
    /// [`Source::Cmdop`].
    fn source(&self) -> Source {
        Source::Cmdop
    }

    /// The `type` as cmdop spells it: `machine.offline`, or an unknown type as sent.
    fn event_type(&self) -> &str {
        self.kind.as_str()
    }

    /// The envelope's `timestamp`, which every cmdop event has.
    fn occurred_at(&self) -> Option<DateTime<Utc>> {
        Some(self.timestamp)
    }

    /// The event `id`, `evt_…`, which cmdop repeats on every retry of the event.
    fn dedup_key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.id)
    }
}

/// A failed parse's error, re-found in place when `data` came before `type`.
///
/// That `data` is held as a `Value` until the type is known, so an error inside it surfaces only
/// at the envelope's end, where its position says nothing. Only then (the error path; a parse that
/// succeeds never gets here) the body is read again knowing the type from the start, which meets
/// the same error where it is, so the path and position point into `data`.
fn relocate(body: &[u8], err: JsonError) -> JsonError {
    // A deferred `data` error surfaces at the envelope's end, which is the path `$`; anything
    // else already says where it is.
    if err.is_syntax() || err.path() != "$" {
        return err;
    }
    let text = fleethooks_core::strip_bom(body);
    let Ok(TypeOnly { kind }) = serde_json::from_slice::<TypeOnly>(text) else {
        return err;
    };
    let mut reader = serde_json::Deserializer::from_slice(text);
    match EnvelopeSeed(Some(kind.shape()))
        .deserialize(&mut reader)
        .and_then(|_| reader.end())
    {
        Err(again) => JsonError::new(text, again),
        // Cannot happen (the same body just failed), but the first error is still true.
        Ok(()) => err,
    }
}

/// The envelope's `type` alone, everything else skipped.
#[derive(Deserialize)]
struct TypeOnly {
    #[serde(rename = "type")]
    kind: EventType,
}

impl Serialize for CmdopEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("type", &self.kind)?;
        map.serialize_entry("timestamp", &self.timestamp)?;
        map.serialize_entry("data", &self.data)?;
        for (key, value) in &self.extra {
            if !matches!(key.as_str(), "id" | "type" | "timestamp" | "data") {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CmdopEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor { shape: None })
    }
}

/// Reads an envelope whose data shape is known before its `type` is read; see [`relocate`].
struct EnvelopeSeed(Option<Shape>);

impl<'de> DeserializeSeed<'de> for EnvelopeSeed {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer
            .deserialize_map(EnvelopeVisitor { shape: self.0 })
            .map(drop)
    }
}

struct EnvelopeVisitor {
    /// The data shape, when known before `type` is read (only on the error path).
    shape: Option<Shape>,
}

impl<'de> Visitor<'de> for EnvelopeVisitor {
    type Value = CmdopEvent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a cmdop event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CmdopEvent, A::Error> {
        let mut id: Option<String> = None;
        let mut kind: Option<EventType> = None;
        let mut timestamp: Option<DateTime<Utc>> = None;
        let mut data: Option<EventData> = None;
        // `data` seen before `type`: held until the type says how to read it.
        let mut early_data: Option<Value> = None;
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "id" => {
                    if id.is_some() {
                        return Err(de::Error::duplicate_field("id"));
                    }
                    id = Some(map.next_value()?);
                }
                "type" => {
                    if kind.is_some() {
                        return Err(de::Error::duplicate_field("type"));
                    }
                    kind = Some(map.next_value()?);
                }
                "timestamp" => {
                    if timestamp.is_some() {
                        return Err(de::Error::duplicate_field("timestamp"));
                    }
                    timestamp = Some(map.next_value::<Timestamp>()?.0);
                }
                "data" => {
                    if data.is_some() || early_data.is_some() {
                        return Err(de::Error::duplicate_field("data"));
                    }
                    match (&kind, self.shape) {
                        (Some(kind), _) => {
                            data = Some(map.next_value_seed(DataSeed(kind.shape()))?);
                        }
                        (None, Some(shape)) => data = Some(map.next_value_seed(DataSeed(shape))?),
                        (None, None) => early_data = Some(map.next_value()?),
                    }
                }
                _ => {
                    let value = map.next_value()?;
                    extra.insert(key.into_owned(), value);
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("type"))?;
        let data = match (data, early_data) {
            (Some(data), _) => data,
            (None, Some(value)) => kind.shape().read(value).map_err(de::Error::custom)?,
            (None, None) => return Err(de::Error::missing_field("data")),
        };
        Ok(CmdopEvent {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            kind,
            timestamp: timestamp.ok_or_else(|| de::Error::missing_field("timestamp"))?,
            data,
            extra,
        })
    }
}
