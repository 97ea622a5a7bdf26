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
//! never matters.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::data::{DataSeed, EventData, Key, Shape};
use crate::timestamp::Timestamp;
use crate::{Error, Result};

/// The kind of an event, its `type` string.
///
/// Covers every type cmdop documents, the legacy `schedule.*` types that older subscriptions
/// still name, and [`EventType::Other`] for any other string, so a type cmdop adds later parses
/// instead of failing. `Display`, `FromStr` and serde all use cmdop's spelling
/// (`session.client_attached`).
///
/// ```
/// use fleethooks_cmdop::{EventType, Family};
///
/// let kind: EventType = "command.failed".parse()?;
/// assert_eq!(kind, EventType::CommandFailed);
/// assert_eq!(kind.family(), Some(Family::Command));
/// assert!(kind.is_failure());
/// assert_eq!(EventType::from("machine.rebooted"), EventType::Other("machine.rebooted".into()));
/// # Ok::<(), std::convert::Infallible>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EventType {
    /// `session.created`: a new session was created.
    SessionCreated,
    /// `session.connected`: the agent connected to the session.
    SessionConnected,
    /// `session.client_attached`: a client attached to the session.
    SessionClientAttached,
    /// `session.client_detached`: a client detached from the session.
    SessionClientDetached,
    /// `session.grace_period`: the session entered its grace period.
    SessionGracePeriod,
    /// `session.disconnected`: the session ended.
    SessionDisconnected,
    /// `machine.online`: a machine came online.
    MachineOnline,
    /// `machine.offline`: a machine went offline.
    MachineOffline,
    /// `machine.registered`: a new machine was registered.
    MachineRegistered,
    /// `command.started`: a command started executing.
    CommandStarted,
    /// `command.completed`: a command finished successfully.
    CommandCompleted,
    /// `command.failed`: a command failed (non-zero exit).
    CommandFailed,
    /// `command.timeout`: a command timed out.
    CommandTimeout,
    /// `file.uploaded`: a file was uploaded.
    FileUploaded,
    /// `file.downloaded`: a file was downloaded.
    FileDownloaded,
    /// `file.deleted`: a file was deleted.
    FileDeleted,
    /// `test`: sent by `POST /webhooks/:id/test`.
    Test,
    /// `schedule.completed`: legacy; older subscriptions still name it.
    ScheduleCompleted,
    /// `schedule.failed`: legacy; older subscriptions still name it.
    ScheduleFailed,
    /// Any other type string, kept as sent.
    Other(String),
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
    /// Every type this crate knows, in the order cmdop's document lists them, legacy last.
    pub const KNOWN: [Self; 19] = [
        Self::SessionCreated,
        Self::SessionConnected,
        Self::SessionClientAttached,
        Self::SessionClientDetached,
        Self::SessionGracePeriod,
        Self::SessionDisconnected,
        Self::MachineOnline,
        Self::MachineOffline,
        Self::MachineRegistered,
        Self::CommandStarted,
        Self::CommandCompleted,
        Self::CommandFailed,
        Self::CommandTimeout,
        Self::FileUploaded,
        Self::FileDownloaded,
        Self::FileDeleted,
        Self::Test,
        Self::ScheduleCompleted,
        Self::ScheduleFailed,
    ];

    /// The type string as cmdop writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::SessionCreated => "session.created",
            Self::SessionConnected => "session.connected",
            Self::SessionClientAttached => "session.client_attached",
            Self::SessionClientDetached => "session.client_detached",
            Self::SessionGracePeriod => "session.grace_period",
            Self::SessionDisconnected => "session.disconnected",
            Self::MachineOnline => "machine.online",
            Self::MachineOffline => "machine.offline",
            Self::MachineRegistered => "machine.registered",
            Self::CommandStarted => "command.started",
            Self::CommandCompleted => "command.completed",
            Self::CommandFailed => "command.failed",
            Self::CommandTimeout => "command.timeout",
            Self::FileUploaded => "file.uploaded",
            Self::FileDownloaded => "file.downloaded",
            Self::FileDeleted => "file.deleted",
            Self::Test => "test",
            Self::ScheduleCompleted => "schedule.completed",
            Self::ScheduleFailed => "schedule.failed",
            Self::Other(other) => other,
        }
    }

    /// The type for a string; unknown strings become [`EventType::Other`]. Matching is exact,
    /// as cmdop's names are lowercase.
    #[must_use]
    pub fn parse(s: &str) -> Self {
        Self::known(s).unwrap_or_else(|| Self::Other(s.to_owned()))
    }

    fn known(s: &str) -> Option<Self> {
        Some(match s {
            "session.created" => Self::SessionCreated,
            "session.connected" => Self::SessionConnected,
            "session.client_attached" => Self::SessionClientAttached,
            "session.client_detached" => Self::SessionClientDetached,
            "session.grace_period" => Self::SessionGracePeriod,
            "session.disconnected" => Self::SessionDisconnected,
            "machine.online" => Self::MachineOnline,
            "machine.offline" => Self::MachineOffline,
            "machine.registered" => Self::MachineRegistered,
            "command.started" => Self::CommandStarted,
            "command.completed" => Self::CommandCompleted,
            "command.failed" => Self::CommandFailed,
            "command.timeout" => Self::CommandTimeout,
            "file.uploaded" => Self::FileUploaded,
            "file.downloaded" => Self::FileDownloaded,
            "file.deleted" => Self::FileDeleted,
            "test" => Self::Test,
            "schedule.completed" => Self::ScheduleCompleted,
            "schedule.failed" => Self::ScheduleFailed,
            _ => return None,
        })
    }

    /// The family, from the name's prefix; also for unknown types such as `machine.rebooted`.
    /// `None` for `test` and for names without a known prefix.
    #[must_use]
    pub fn family(&self) -> Option<Family> {
        let (prefix, _) = self.as_str().split_once('.')?;
        match prefix {
            "session" => Some(Family::Session),
            "machine" => Some(Family::Machine),
            "command" => Some(Family::Command),
            "file" => Some(Family::File),
            "schedule" => Some(Family::Schedule),
            _ => None,
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

    /// Whether this is a type cmdop documents (not [`EventType::Other`]).
    #[must_use]
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Other(_))
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
            Self::ScheduleCompleted | Self::ScheduleFailed | Self::Other(_) => Shape::Other,
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(Self::parse(s))
    }
}

impl From<&str> for EventType {
    fn from(value: &str) -> Self {
        Self::parse(value)
    }
}

impl From<String> for EventType {
    fn from(value: String) -> Self {
        Self::known(&value).unwrap_or(Self::Other(value))
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeVisitor;

        impl Visitor<'_> for TypeVisitor {
            type Value = EventType;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event type string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<EventType, E> {
                Ok(EventType::parse(v))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<EventType, E> {
                Ok(EventType::from(v))
            }
        }

        deserializer.deserialize_str(TypeVisitor)
    }
}

/// One delivery: the envelope cmdop posts, with its data typed by event type.
///
/// Parse with [`CmdopEvent::from_slice`] (or receive and verify in one call with
/// [`Receiver::receive`](crate::Receiver::receive)). Serializing writes cmdop's JSON back:
/// `id`, `type`, `timestamp`, `data`, then any envelope field this crate does not model.
/// Timestamps are written in RFC 3339 with `Z` and as many fraction digits as they need (0, 3,
/// 6 or 9), which is the form cmdop sends.
///
/// ```
/// use fleethooks_cmdop::{CmdopEvent, EventData, EventType};
///
/// let event = CmdopEvent::from_slice(br#"{
///     "id": "evt_xyz789",
///     "type": "machine.offline",
///     "timestamp": "2024-01-20T15:45:00Z",
///     "data": {"machine_id": "mach_abc123", "machine_name": "production-server", "last_seen": "2024-01-20T15:44:00Z"}
/// }"#)?;
/// assert_eq!(event.kind, EventType::MachineOffline);
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
    /// Envelope fields this crate does not model, kept as sent.
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
    /// # Errors
    ///
    /// [`Error::Parse`] with the JSON path of the offending value and the line and column. When
    /// `data` came before `type`, an error inside `data` is found only once the envelope is
    /// read, so its line and column are those of the envelope's end; the path still points in.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        // A byte-order mark is not JSON, but tools that touch a body on its way sometimes add
        // one; it carries nothing, so it is skipped (positions in errors count from after it).
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        // One UTF-8 check of the whole body is cheaper than the per-string checks `from_slice`
        // makes; a body that fails it goes through `from_slice` for a positioned error.
        let parsed = match std::str::from_utf8(body) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(body),
        };
        parsed.map_err(|source| Error::Parse {
            path: locate_error(body, &source),
            source,
        })
    }

    /// The key to deduplicate deliveries by: the event `id`, which retries repeat.
    #[must_use]
    pub fn dedup_key(&self) -> &str {
        &self.id
    }

    /// The event as cmdop's JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] only if a timestamp cannot be written (a year beyond 9999).
    pub fn to_json(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|source| Error::Parse { path: None, source })
    }
}

/// After a failed parse, the JSON path of the value that did not fit, when the body is valid JSON.
/// Run only on the error path, so the parse itself tracks nothing.
fn locate_error(body: &[u8], error: &serde_json::Error) -> Option<String> {
    if !error.is_data() {
        return None;
    }
    let root: Value = serde_json::from_slice(body).ok()?;
    let Some(object) = root.as_object() else {
        return Some("$".to_owned());
    };
    let fits = |key: &str, check: fn(&Value) -> bool| object.get(key).is_none_or(check);
    if !fits("id", |v| String::deserialize(v).is_ok()) {
        return Some("$.id".to_owned());
    }
    if !fits("type", |v| EventType::deserialize(v).is_ok()) {
        return Some("$.type".to_owned());
    }
    if !fits("timestamp", |v| Timestamp::deserialize(v).is_ok()) {
        return Some("$.timestamp".to_owned());
    }
    match (object.get("type"), object.get("data")) {
        (Some(kind), Some(data)) => {
            let shape = EventType::deserialize(kind).map_or(Shape::Other, |k| k.shape());
            Some(shape.locate_error(data))
        }
        // A missing field is reported on the object that lacks it.
        _ => Some("$".to_owned()),
    }
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
        deserializer.deserialize_map(EnvelopeVisitor)
    }
}

struct EnvelopeVisitor;

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
                    match &kind {
                        Some(kind) => data = Some(map.next_value_seed(DataSeed(kind.shape()))?),
                        None => early_data = Some(map.next_value()?),
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
