//! Computer events: the shared computer record, `ComputerCheckIn`, `ComputerPolicyFinished`, and
//! the legacy flat form in which older servers sent them.
//!
//! `ComputerAdded`, `ComputerInventoryCompleted` and `ComputerPushCapabilityChanged` carry the
//! bare [`Computer`] record as their event.

use crate::id::Identifier;
use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The computer record Jamf includes in computer events (21 documented fields).
///
/// Every field is optional: Jamf writes `null` for unset values, and older servers omit
/// `managementId`. Addresses stay strings (`ipAddress` is often `""`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct Computer {
    /// Hardware UDID, e.g. `5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95`.
    #[serde(default)]
    pub udid: Option<String>,
    /// Computer name.
    #[serde(default)]
    pub device_name: Option<String>,
    /// Marketing model, e.g. `MacBook Pro (16-inch, 2021)`.
    #[serde(default)]
    pub model: Option<String>,
    /// Primary MAC address.
    #[serde(default)]
    pub mac_address: Option<String>,
    /// Secondary MAC address.
    #[serde(default)]
    pub alternate_mac_address: Option<String>,
    /// Serial number, e.g. `C02XK1JDJG5J`.
    #[serde(default)]
    pub serial_number: Option<String>,
    /// macOS version, e.g. `14.4.1`.
    #[serde(default)]
    pub os_version: Option<String>,
    /// macOS build, e.g. `23E224`.
    #[serde(default)]
    pub os_build: Option<String>,
    /// Directory id of the assigned user: a string in JSON, an integer in the XML sample.
    #[serde(default, rename = "userDirectoryID")]
    pub user_directory_id: Option<Identifier>,
    /// Assigned user's short name.
    #[serde(default)]
    pub username: Option<String>,
    /// Assigned user's full name.
    #[serde(default)]
    pub real_name: Option<String>,
    /// Assigned user's email address.
    #[serde(default)]
    pub email_address: Option<String>,
    /// Assigned user's phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Assigned user's position.
    #[serde(default)]
    pub position: Option<String>,
    /// Department.
    #[serde(default)]
    pub department: Option<String>,
    /// Building.
    #[serde(default)]
    pub building: Option<String>,
    /// Room.
    #[serde(default)]
    pub room: Option<String>,
    /// Last IP address Jamf saw the computer connect from.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// IP address the computer reported itself.
    #[serde(default)]
    pub reported_ip_address: Option<String>,
    /// Jamf Pro id of the computer record (`jssID`, also read as `jssid`).
    #[serde(
        default,
        rename = "jssID",
        alias = "jssid",
        with = "crate::scalar::opt_i64"
    )]
    pub jss_id: Option<i64>,
    /// MDM management id. Absent on servers older than its introduction, so written only when
    /// present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_id: Option<Identifier>,
}

/// `ComputerCheckIn`: a managed computer contacted Jamf Pro to look for work.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct ComputerCheckIn {
    /// What triggered the check-in (startup, login, logout, network state change, enrollment
    /// complete or the recurring check-in), as Jamf spells it.
    #[serde(default)]
    pub trigger: Option<String>,
    /// The user logged in at check-in.
    #[serde(default)]
    pub username: Option<String>,
    /// The computer.
    #[serde(default)]
    pub computer: Computer,
}

/// `ComputerPolicyFinished`: a computer ran a policy, successfully or not.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct ComputerPolicyFinished {
    /// Jamf Pro id of the policy.
    #[serde(default, with = "crate::scalar::opt_i64")]
    pub policy_id: Option<i64>,
    /// Whether the policy succeeded.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub successful: Option<bool>,
    /// The computer.
    #[serde(default)]
    pub computer: Computer,
}

/// An event key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Seeds reading a field through one of the `scalar` modules.
pub(crate) struct OptI64;

impl<'de> DeserializeSeed<'de> for OptI64 {
    type Value = Option<i64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
        crate::scalar::opt_i64::deserialize(d)
    }
}

/// See [`OptI64`].
pub(crate) struct OptBool;

impl<'de> DeserializeSeed<'de> for OptBool {
    type Value = Option<bool>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<bool>, D::Error> {
        crate::scalar::opt_bool::deserialize(d)
    }
}

/// The computer of an event that may come in the legacy flat form (older servers put the
/// computer's fields directly in `event`, with no `computer` object).
///
/// An event's visitor offers every key it does not know itself to [`read`](Self::read); at the
/// end, [`finish`](Self::finish) takes the nested `computer` if there was one, else the flat
/// fields. `username` is the event's own field in the nested form and the computer's in the flat
/// one, so the visitor passes it to `finish`.
///
/// The nested computer is read straight into the event's `computer` field, and the flat one is
/// moved there only in the flat form: keeping the nested one aside and moving it at the end
/// cost two copies of the 500-byte record per event.
#[derive(Default)]
pub(crate) struct LegacyComputer {
    nested: bool,
    flat: Computer,
}

impl LegacyComputer {
    /// Reads the value of `key` if it belongs to the computer; `false` leaves it unread.
    /// A nested `computer` goes to `nested_into`.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        nested_into: &mut Computer,
    ) -> Result<bool, A::Error> {
        let c = &mut self.flat;
        match key {
            "computer" => {
                let seed = NestedComputer {
                    into: nested_into,
                    reset: self.nested,
                };
                if map.next_value_seed(seed)? {
                    self.nested = true;
                }
            }
            "udid" => c.udid = map.next_value()?,
            "deviceName" => c.device_name = map.next_value()?,
            "model" => c.model = map.next_value()?,
            "macAddress" => c.mac_address = map.next_value()?,
            "alternateMacAddress" => c.alternate_mac_address = map.next_value()?,
            "serialNumber" => c.serial_number = map.next_value()?,
            "osVersion" => c.os_version = map.next_value()?,
            "osBuild" => c.os_build = map.next_value()?,
            "userDirectoryID" => c.user_directory_id = map.next_value()?,
            "realName" => c.real_name = map.next_value()?,
            "emailAddress" => c.email_address = map.next_value()?,
            "phone" => c.phone = map.next_value()?,
            "position" => c.position = map.next_value()?,
            "department" => c.department = map.next_value()?,
            "building" => c.building = map.next_value()?,
            "room" => c.room = map.next_value()?,
            "ipAddress" => c.ip_address = map.next_value()?,
            "reportedIpAddress" => c.reported_ip_address = map.next_value()?,
            "jssID" | "jssid" => c.jss_id = map.next_value_seed(OptI64)?,
            "managementId" => c.management_id = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Settles `computer` (which holds the nested computer if there was one) and returns the
    /// event-level `username`.
    pub(crate) fn finish(
        self,
        username: Option<String>,
        computer: &mut Computer,
    ) -> Option<String> {
        if self.nested {
            username
        } else {
            *computer = self.flat;
            computer.username = username;
            None
        }
    }
}

/// Reads a nested `computer` (or `null`) the way `Option<Computer>` does, but straight into the
/// event's field: returning the 500-byte record through `Result`, `Option` and the assignment
/// copied it three times (perf put a tenth of the parse in `memmove`). In place, a
/// ComputerCheckIn parse went from 1.93 to 1.76 µs in a loop. Yields whether a computer was read.
struct NestedComputer<'c> {
    into: &'c mut Computer,
    /// A computer was read before: a repeated key replaces it, as `Option<Computer>` did.
    reset: bool,
}

impl<'de> DeserializeSeed<'de> for NestedComputer<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for NestedComputer<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What `Option<Computer>` says.
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        if self.reset {
            *self.into = Computer::default();
        }
        d.deserialize_struct("Computer", COMPUTER_FIELDS, ComputerFields(self.into))?;
        Ok(true)
    }
}

/// The wire names of [`Computer`]'s fields, as its derived `Deserialize` lists them.
const COMPUTER_FIELDS: &[&str] = &[
    "udid",
    "deviceName",
    "model",
    "macAddress",
    "alternateMacAddress",
    "serialNumber",
    "osVersion",
    "osBuild",
    "userDirectoryID",
    "username",
    "realName",
    "emailAddress",
    "phone",
    "position",
    "department",
    "building",
    "room",
    "ipAddress",
    "reportedIpAddress",
    "jssID",
    "jssid",
    "managementId",
];

/// Fills a [`Computer`] in place, with the derived impl's rules: unknown keys are skipped, a
/// repeated one is a `duplicate field` error raised before its value is read, and a sequence is
/// left to the derived impl.
struct ComputerFields<'c>(&'c mut Computer);

impl<'de> Visitor<'de> for ComputerFields<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Computer")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        *self.0 = Computer::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let c = self.0;
        let mut seen = 0u32;
        // Marks field `bit` as read, or fails as the derived impl does on a repeat.
        let mut once = |bit: u32, name: &'static str| {
            if seen & (1 << bit) != 0 {
                return Err(de::Error::duplicate_field(name));
            }
            seen |= 1 << bit;
            Ok(())
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "udid" => {
                    once(0, "udid")?;
                    c.udid = map.next_value()?;
                }
                "deviceName" => {
                    once(1, "deviceName")?;
                    c.device_name = map.next_value()?;
                }
                "model" => {
                    once(2, "model")?;
                    c.model = map.next_value()?;
                }
                "macAddress" => {
                    once(3, "macAddress")?;
                    c.mac_address = map.next_value()?;
                }
                "alternateMacAddress" => {
                    once(4, "alternateMacAddress")?;
                    c.alternate_mac_address = map.next_value()?;
                }
                "serialNumber" => {
                    once(5, "serialNumber")?;
                    c.serial_number = map.next_value()?;
                }
                "osVersion" => {
                    once(6, "osVersion")?;
                    c.os_version = map.next_value()?;
                }
                "osBuild" => {
                    once(7, "osBuild")?;
                    c.os_build = map.next_value()?;
                }
                "userDirectoryID" => {
                    once(8, "userDirectoryID")?;
                    c.user_directory_id = map.next_value()?;
                }
                "username" => {
                    once(9, "username")?;
                    c.username = map.next_value()?;
                }
                "realName" => {
                    once(10, "realName")?;
                    c.real_name = map.next_value()?;
                }
                "emailAddress" => {
                    once(11, "emailAddress")?;
                    c.email_address = map.next_value()?;
                }
                "phone" => {
                    once(12, "phone")?;
                    c.phone = map.next_value()?;
                }
                "position" => {
                    once(13, "position")?;
                    c.position = map.next_value()?;
                }
                "department" => {
                    once(14, "department")?;
                    c.department = map.next_value()?;
                }
                "building" => {
                    once(15, "building")?;
                    c.building = map.next_value()?;
                }
                "room" => {
                    once(16, "room")?;
                    c.room = map.next_value()?;
                }
                "ipAddress" => {
                    once(17, "ipAddress")?;
                    c.ip_address = map.next_value()?;
                }
                "reportedIpAddress" => {
                    once(18, "reportedIpAddress")?;
                    c.reported_ip_address = map.next_value()?;
                }
                "jssID" | "jssid" => {
                    once(19, "jssID")?;
                    c.jss_id = map.next_value_seed(OptI64)?;
                }
                "managementId" => {
                    once(20, "managementId")?;
                    c.management_id = map.next_value()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Declares `Deserialize` for an event carrying a computer that may come flat. The event's own
/// fields are listed as `"wireName" => field: how`, where `how` is `value` (a plain
/// `Deserialize`) or a seed; `username: keep` gives the event an event-level `username`.
macro_rules! legacy_computer_event {
    ($ty:ident, $expecting:literal, username: $username:ident, { $( $wire:literal => $field:ident : $how:tt, )* }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut out = $ty::default();
                Self::deserialize_in_place(d, &mut out)?;
                Ok(out)
            }

            /// Fills `place` (reset first) instead of returning the event, so the JSON path can
            /// read the event inside the `JamfEvent` it returns: moving the ~700-byte event out
            /// through each return and into the enum cost 1.81 µs against 1.73 µs per
            /// ComputerCheckIn parse in a loop (25.4 k against 25.1 k instructions).
            fn deserialize_in_place<D: serde::Deserializer<'de>>(
                d: D,
                place: &mut Self,
            ) -> Result<(), D::Error> {
                struct V<'p>(&'p mut $ty);
                impl<'de> serde::de::Visitor<'de> for V<'_> {
                    type Value = ();
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                        let out = self.0;
                        let mut computer = crate::computer::LegacyComputer::default();
                        let mut username: Option<String> = None;
                        while let Some(key) = map.next_key::<crate::computer::Key<'de>>()? {
                            match key.as_str() {
                                $( $wire => out.$field = legacy_computer_event!(@read map, $how), )*
                                "username" => username = map.next_value()?,
                                other => {
                                    if !computer.read(other, &mut map, &mut out.computer)? {
                                        map.next_value::<serde::de::IgnoredAny>()?;
                                    }
                                }
                            }
                        }
                        let username = computer.finish(username, &mut out.computer);
                        legacy_computer_event!(@username $username, out, username);
                        Ok(())
                    }
                }
                *place = $ty::default();
                d.deserialize_map(V(place))
            }
        }
    };
    (@read $map:ident, value) => { $map.next_value()? };
    (@read $map:ident, $seed:ident) => { $map.next_value_seed(crate::computer::$seed)? };
    (@username keep, $out:ident, $username:ident) => {
        $out.username = $username;
    };
    (@username drop, $out:ident, $username:ident) => {
        let _ = $username;
    };
}
pub(crate) use legacy_computer_event;

legacy_computer_event!(ComputerCheckIn, "a ComputerCheckIn event", username: keep, {
    "trigger" => trigger: value,
});

legacy_computer_event!(ComputerPolicyFinished, "a ComputerPolicyFinished event", username: drop, {
    "policyId" => policy_id: OptI64,
    "successful" => successful: OptBool,
});
