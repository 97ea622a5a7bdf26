//! Smart group membership changes for computers, mobile devices and users, and
//! [`GroupMember`], one item of a group's device list.

use crate::computer::Computer;
use crate::mobile_device::MobileDevice;
use crate::record::Keeps;
use crate::record::record;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

/// The newtype name by which a [`GroupMember`] asks the XML deserializer to hand over its
/// element twice (see `xml::de`), so that a record that does not fit can be read again as a
/// plain value. Other deserializers treat it as any newtype.
pub(crate) const MEMBER_TOKEN: &str = "$fleethooks_jamf::GroupMember";

/// One item of a smart group's `groupAddedDevices` or `groupRemovedDevices` list.
///
/// Jamf Pro sends device records here (when the webhook is configured for them), but not
/// every sender does: Jamf's own JAWA writes the devices' names as strings, and a list may hold
/// anything. No item shape loses the event: an object that reads as the record is a
/// [`Record`](Self::Record) (its unknown members in the record's `extra`), a string is a
/// [`Name`](Self::Name), and anything else (a number, `null`, a nested array, an object whose
/// fields have the wrong types) is kept as [`Other`](Self::Other). Each writes back as it came.
///
/// In XML an element with child elements is a record (or `Other` when its children do not fit
/// the record), and an element with text only, empty included, is a name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupMember<T> {
    /// A device record, as Jamf Pro sends it.
    Record(T),
    /// A device name, as JAWA sends it.
    Name(String),
    /// Any other item, as sent (from XML: an object of text).
    Other(Value),
}

impl<T> GroupMember<T> {
    /// The record, if the item is one.
    pub fn as_record(&self) -> Option<&T> {
        match self {
            Self::Record(record) => Some(record),
            _ => None,
        }
    }

    /// The name, if the item is one.
    pub fn as_name(&self) -> Option<&str> {
        match self {
            Self::Name(name) => Some(name),
            _ => None,
        }
    }
}

impl<T> From<T> for GroupMember<T> {
    fn from(record: T) -> Self {
        Self::Record(record)
    }
}

impl<T: Keeps> Keeps for GroupMember<T> {
    fn keeps(&self) -> bool {
        match self {
            Self::Record(record) => record.keeps(),
            Self::Name(_) => false,
            Self::Other(_) => true,
        }
    }
}

thread_local! {
    /// Whether this thread's JSON parse streams device records (see [`streaming_records`]).
    static STREAM_RECORDS: Cell<bool> = const { Cell::new(false) };
}

/// Runs a JSON parse in which a device record is read straight from the stream, as any
/// nested struct is, instead of first as raw text: a record that does not fit then fails the
/// parse, and the caller reads the body again without this mode to keep it as
/// [`GroupMember::Other`]. Reading each record as a `RawValue` first reads every record twice;
/// almost no delivery holds a record that does not fit, so the streaming mode is tried first.
/// Outside it (a caller deserializing a model with serde_json itself) every item is read
/// robustly.
pub(crate) fn streaming_records<R>(parse: impl FnOnce() -> R) -> R {
    let before = STREAM_RECORDS.with(|on| on.replace(true));
    let result = parse();
    STREAM_RECORDS.with(|on| on.set(before));
    result
}

impl<T: Serialize> Serialize for GroupMember<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Record(record) => record.serialize(s),
            Self::Name(name) => s.serialize_str(name),
            Self::Other(value) => value.serialize(s),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for GroupMember<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(MEMBER_TOKEN, MemberVisitor(PhantomData))
    }
}

impl<T: DeserializeOwned> GroupMember<T> {
    /// Classifies one item from its JSON text: trying the record first costs only a second
    /// read of that item when it does not fit.
    fn from_json(text: &str) -> serde_json::Result<Self> {
        match text.as_bytes().first() {
            Some(b'"') => serde_json::from_str(text).map(Self::Name),
            Some(b'{') => match serde_json::from_str(text) {
                Ok(record) => Ok(Self::Record(record)),
                // The item is its value, repeated members resolved as `JSON.parse` does (the
                // last wins): one that fits the record only once resolved is the record, as it
                // is when read back from what is written for it.
                Err(_) => {
                    let value: Value = serde_json::from_str(text)?;
                    Ok(match T::deserialize(&value) {
                        Ok(record) => Self::Record(record),
                        Err(_) => Self::Other(value),
                    })
                }
            },
            _ => serde_json::from_str(text).map(Self::Other),
        }
    }
}

struct MemberVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for MemberVisitor<T> {
    type Value = GroupMember<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a device record or a device name")
    }

    /// JSON, and any other format: the item's raw JSON text, then [`GroupMember::from_json`]
    /// (serde_json hands the text over as a `RawValue`); or, in [`streaming_records`], the
    /// item straight from the stream.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if STREAM_RECORDS.with(Cell::get) {
            return d.deserialize_any(Streamed(PhantomData));
        }
        let raw = Box::<RawValue>::deserialize(d)?;
        GroupMember::from_json(raw.get()).map_err(de::Error::custom)
    }

    /// XML, an element with children, handed over twice: as the record, and if that fails as a
    /// plain value.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if let Ok(Some(record)) = seq.next_element::<T>() {
            return Ok(GroupMember::Record(record));
        }
        let value = seq
            .next_element::<Value>()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        Ok(GroupMember::Other(value))
    }

    /// XML, an element with text only.
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(GroupMember::Name(name.to_owned()))
    }
}

/// Reads an item straight from a JSON stream: an object as the record (failing if it does not
/// fit), a string as a name, anything else as a value.
struct Streamed<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for Streamed<T> {
    type Value = GroupMember<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a device record or a device name")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(GroupMember::Record)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(GroupMember::Name(name.to_owned()))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
        Ok(GroupMember::Name(name))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(GroupMember::Other)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(GroupMember::Other(Value::from(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(GroupMember::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(GroupMember::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(GroupMember::Other(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(GroupMember::Other(Value::Null))
    }
}

record! {
    /// `SmartGroupComputerMembershipChange`: computers joined or left a smart computer group.
    ///
    /// `groupAddedDevices`/`groupRemovedDevices` hold full records only when the webhook was
    /// configured for them through the Classic API; otherwise they are empty and only the id
    /// lists are filled. Other senders put device names there (see [`GroupMember`]).
    #[derive(Debug)]
    pub struct SmartGroupComputerMembershipChange expecting "struct SmartGroupComputerMembershipChange" {
        /// Group name.
        name: Option<String> = "name" => value, always;
        /// Whether the group is a smart group.
        smart_group: Option<bool> = "smartGroup" => OptBool, always;
        /// Jamf Pro ids of computers that joined.
        group_added_devices_ids: Vec<i64> = "groupAddedDevicesIds" => value, always;
        /// Jamf Pro ids of computers that left.
        group_removed_devices_ids: Vec<i64> = "groupRemovedDevicesIds" => value, always;
        /// Computers that joined: records when configured, or names.
        group_added_devices: Vec<GroupMember<Computer>> = "groupAddedDevices" => value, always;
        /// Computers that left: records when configured, or names.
        group_removed_devices: Vec<GroupMember<Computer>> = "groupRemovedDevices" => value, always;
        /// Always `true` for this event: the group is a computer group.
        computer: Option<bool> = "computer" => OptBool, always;
        /// Jamf Pro id of the group (`jssid`).
        jss_id: Option<i64> = "jssid" | "jssID" => OptI64, always;
    }
}

record! {
    /// `SmartGroupMobileDeviceMembershipChange`: mobile devices joined or left a smart device
    /// group.
    #[derive(Debug)]
    pub struct SmartGroupMobileDeviceMembershipChange expecting "struct SmartGroupMobileDeviceMembershipChange" {
        /// Group name.
        name: Option<String> = "name" => value, always;
        /// Whether the group is a smart group.
        smart_group: Option<bool> = "smartGroup" => OptBool, always;
        /// Jamf Pro ids of devices that joined.
        group_added_devices_ids: Vec<i64> = "groupAddedDevicesIds" => value, always;
        /// Jamf Pro ids of devices that left.
        group_removed_devices_ids: Vec<i64> = "groupRemovedDevicesIds" => value, always;
        /// Devices that joined: records (Jamf Pro 10.6+, when configured), or names.
        group_added_devices: Vec<GroupMember<MobileDevice>> = "groupAddedDevices" => value, always;
        /// Devices that left: records (Jamf Pro 10.6+, when configured), or names.
        group_removed_devices: Vec<GroupMember<MobileDevice>> = "groupRemovedDevices" => value, always;
        /// `false` for this event: the group is not a computer group.
        computer: Option<bool> = "computer" => OptBool, always;
        /// Jamf Pro id of the group (`jssid`).
        jss_id: Option<i64> = "jssid" | "jssID" => OptI64, always;
    }
}

record! {
    /// `SmartGroupUserMembershipChange`: users joined or left a smart user group.
    ///
    /// Jamf documents only id lists for users. Device lists some senders add
    /// (`groupAddedDevices`/`groupRemovedDevices`, as names from JAWA) are kept in `extra` as
    /// sent.
    #[derive(Debug)]
    pub struct SmartGroupUserMembershipChange expecting "struct SmartGroupUserMembershipChange" {
        /// Group name.
        name: Option<String> = "name" => value, always;
        /// Whether the group is a smart group.
        smart_group: Option<bool> = "smartGroup" => OptBool, always;
        /// Jamf Pro ids of users who joined.
        group_added_user_ids: Vec<i64> = "groupAddedUserIds" => value, always;
        /// Jamf Pro ids of users who left.
        group_removed_user_ids: Vec<i64> = "groupRemovedUserIds" => value, always;
        /// Jamf Pro id of the group (`jssid`).
        jss_id: Option<i64> = "jssid" | "jssID" => OptI64, always;
    }
}
