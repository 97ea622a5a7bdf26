//! The `data` object of an event: one typed struct per event family, and the enum over them.
//!
//! cmdop's webhook document shows the fields of `machine.*` and `test` events only. The other
//! families get structs whose fields are all optional and named the way cmdop's Sessions and
//! Commands APIs name them. Every struct keeps the fields it does not model in `extra`, so an
//! event serializes back to the JSON it was parsed from.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::command::CommandData;
use crate::file::FileData;
use crate::machine::MachineData;
use crate::session::SessionData;

/// Declares a data struct with typed fields plus an `extra` map, and its hand-written serde.
///
/// Hand-written rather than `#[serde(flatten)]`: flatten buffers every field of the object into
/// serde's intermediate `Content` tree before filling the struct, the same allocations as
/// building a `Value`, which is the baseline this crate's bench must beat. This map visitor
/// matches each key once, reads known fields straight into their types and moves only unknown
/// fields into `extra`.
///
/// An optional field sent as `null` is kept in `extra` as `null`, so it is written back as sent.
macro_rules! event_data {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            required {
                $( $(#[$rmeta:meta])* $rfield:ident : $rty:ty = $rkey:literal, )*
            }
            optional {
                $( $(#[$ometa:meta])* $ofield:ident : $oty:ty = $okey:literal, )*
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$rmeta])* pub $rfield: $rty, )*
            $( $(#[$ometa])* pub $ofield: Option<$oty>, )*
            /// Fields this crate does not model (or sent as `null`), kept so that nothing cmdop
            /// sends is lost and the event serializes back to the same JSON.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $( map.serialize_entry($rkey, &self.$rfield)?; )*
                $(
                    if let Some(value) = &self.$ofield {
                        map.serialize_entry($okey, value)?;
                    }
                )*
                for (key, value) in &self.extra {
                    // A known key in `extra` holds the `null` it was sent with; once the typed
                    // field has a value that wins, so no key is written twice.
                    let shadowed = match key.as_str() {
                        $( $rkey => true, )*
                        $( $okey => self.$ofield.is_some(), )*
                        _ => false,
                    };
                    if !shadowed {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct FieldsVisitor;

                impl<'de> serde::de::Visitor<'de> for FieldsVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        $( let mut $rfield: Option<$rty> = None; )*
                        $( let mut $ofield: Option<$oty> = None; )*
                        let mut extra = serde_json::Map::new();
                        while let Some(key) = map.next_key::<crate::data::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $rkey => {
                                        if $rfield.is_some() {
                                            return Err(<A::Error as serde::de::Error>::duplicate_field($rkey));
                                        }
                                        $rfield = Some(map.next_value::<<$rty as crate::timestamp::Field>::Wire>()?.into());
                                    }
                                )*
                                $(
                                    $okey => {
                                        if $ofield.is_some() || extra.contains_key($okey) {
                                            return Err(<A::Error as serde::de::Error>::duplicate_field($okey));
                                        }
                                        match map.next_value::<Option<<$oty as crate::timestamp::Field>::Wire>>()? {
                                            Some(value) => $ofield = Some(value.into()),
                                            None => {
                                                extra.insert($okey.to_owned(), serde_json::Value::Null);
                                            }
                                        }
                                    }
                                )*
                                _ => {
                                    // A repeated unknown key keeps its last value, as
                                    // `serde_json::Value` does.
                                    let value = map.next_value()?;
                                    extra.insert(key.into_owned(), value);
                                }
                            }
                        }
                        Ok($name {
                            $(
                                $rfield: $rfield.ok_or_else(|| {
                                    <A::Error as serde::de::Error>::missing_field($rkey)
                                })?,
                            )*
                            $( $ofield, )*
                            extra,
                        })
                    }
                }

                deserializer.deserialize_map(FieldsVisitor)
            }
        }
    };
}

pub(crate) use event_data;

/// An object key, borrowed from the input when it has no escapes.
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(s) => s,
            Self::Owned(s) => s,
        }
    }

    pub(crate) fn into_owned(self) -> String {
        match self {
            Self::Borrowed(s) => s.to_owned(),
            Self::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

event_data! {
    /// The `data` of a `test` event, which `POST /webhooks/:id/test` sends.
    ///
    /// ```json
    /// {"message": "This is a test webhook"}
    /// ```
    pub struct TestData {
        required {
            /// A human-readable line, `This is a test webhook`.
            message: String = "message",
        }
        optional {}
    }
}

impl TestData {
    /// A test event's data with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            extra: Map::new(),
        }
    }
}

/// The `data` of an event, typed by the event's family.
///
/// Which variant an event carries follows from its [`EventType`](crate::EventType): `session.*`
/// → [`EventData::Session`], `machine.*` → [`EventData::Machine`], `command.*` →
/// [`EventData::Command`], `file.*` → [`EventData::File`], `test` → [`EventData::Test`]. The
/// legacy `schedule.*` types, whose data cmdop does not document, and types this crate does not
/// know keep their data untouched in [`EventData::Other`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventData {
    /// `session.*` events.
    Session(SessionData),
    /// `machine.*` events.
    Machine(MachineData),
    /// `command.*` events.
    Command(CommandData),
    /// `file.*` events.
    File(FileData),
    /// The `test` event.
    Test(TestData),
    /// `schedule.*` and unknown types: the data exactly as sent (any JSON value).
    Other(Value),
}

impl Serialize for EventData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Session(data) => data.serialize(serializer),
            Self::Machine(data) => data.serialize(serializer),
            Self::Command(data) => data.serialize(serializer),
            Self::File(data) => data.serialize(serializer),
            Self::Test(data) => data.serialize(serializer),
            Self::Other(value) => value.serialize(serializer),
        }
    }
}

/// Which data struct an event type carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Session,
    Machine,
    Command,
    File,
    Test,
    Other,
}

impl Shape {
    /// Deserializes `data` of this shape.
    pub(crate) fn read<'de, D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<EventData, D::Error> {
        match self {
            Self::Session => SessionData::deserialize(deserializer).map(EventData::Session),
            Self::Machine => MachineData::deserialize(deserializer).map(EventData::Machine),
            Self::Command => CommandData::deserialize(deserializer).map(EventData::Command),
            Self::File => FileData::deserialize(deserializer).map(EventData::File),
            Self::Test => TestData::deserialize(deserializer).map(EventData::Test),
            Self::Other => Value::deserialize(deserializer).map(EventData::Other),
        }
    }
}

/// Deserializes `data` once the event type is known.
pub(crate) struct DataSeed(pub(crate) Shape);

impl<'de> DeserializeSeed<'de> for DataSeed {
    type Value = EventData;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<EventData, D::Error> {
        self.0.read(deserializer)
    }
}
