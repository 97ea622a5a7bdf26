//! Computer events: the shared computer record, `ComputerCheckIn`, `ComputerPolicyFinished`, and
//! the legacy flat form in which older servers sent them.
//!
//! `ComputerAdded`, `ComputerInventoryCompleted` and `ComputerPushCapabilityChanged` carry the
//! bare [`Computer`] record as their event.

use crate::id::Identifier;
use crate::record::{Fill, Key, Record, record};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

record! {
    /// The computer record Jamf includes in computer events (21 documented fields, and any
    /// other member in `extra`).
    ///
    /// Every field is optional: Jamf writes `null` for unset values, and older servers omit
    /// `managementId`. Addresses stay strings (`ipAddress` is often `""`).
    #[derive(Debug)]
    pub struct Computer expecting "struct Computer" {
        /// Hardware UDID, e.g. `5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95`.
        udid: Option<String> = "udid" => value, always;
        /// Computer name.
        device_name: Option<String> = "deviceName" => value, always;
        /// Marketing model, e.g. `MacBook Pro (16-inch, 2021)`.
        model: Option<String> = "model" => value, always;
        /// Primary MAC address.
        mac_address: Option<String> = "macAddress" => value, always;
        /// Secondary MAC address.
        alternate_mac_address: Option<String> = "alternateMacAddress" => value, always;
        /// Serial number, e.g. `C02XK1JDJG5J`.
        serial_number: Option<String> = "serialNumber" => value, always;
        /// macOS version, e.g. `14.4.1`.
        os_version: Option<String> = "osVersion" => value, always;
        /// macOS build, e.g. `23E224`.
        os_build: Option<String> = "osBuild" => value, always;
        /// Directory id of the assigned user: a string in JSON, an integer in the XML sample.
        user_directory_id: Option<Identifier> = "userDirectoryID" => value, always;
        /// Assigned user's short name.
        username: Option<String> = "username" => value, always;
        /// Assigned user's full name.
        real_name: Option<String> = "realName" => value, always;
        /// Assigned user's email address.
        email_address: Option<String> = "emailAddress" => value, always;
        /// Assigned user's phone.
        phone: Option<String> = "phone" => value, always;
        /// Assigned user's position.
        position: Option<String> = "position" => value, always;
        /// Department.
        department: Option<String> = "department" => value, always;
        /// Building.
        building: Option<String> = "building" => value, always;
        /// Room.
        room: Option<String> = "room" => value, always;
        /// Last IP address Jamf saw the computer connect from.
        ip_address: Option<String> = "ipAddress" => value, always;
        /// IP address the computer reported itself.
        reported_ip_address: Option<String> = "reportedIpAddress" => value, always;
        /// Jamf Pro id of the computer record (`jssID`, also read as `jssid`).
        jss_id: Option<i64> = "jssID" | "jssid" => OptI64, always;
        /// MDM management id. Absent on servers older than its introduction, so written only
        /// when present.
        management_id: Option<Identifier> = "managementId" => value, if_some;
    }
}

record! {
    /// `ComputerCheckIn`: a managed computer contacted Jamf Pro to look for work.
    #[derive(Debug)]
    pub struct ComputerCheckIn expecting "a ComputerCheckIn event" custom_deserialize {
        /// What triggered the check-in (startup, login, logout, network state change,
        /// enrollment complete or the recurring check-in), as Jamf spells it.
        trigger: Option<String> = "trigger" => value, always;
        /// The user logged in at check-in.
        username: Option<String> = "username" => value, always;
        /// The computer.
        computer: Computer = "computer" => value, always;
    }
}

record! {
    /// `ComputerPolicyFinished`: a computer ran a policy, successfully or not.
    #[derive(Debug)]
    pub struct ComputerPolicyFinished expecting "a ComputerPolicyFinished event" custom_deserialize {
        /// Jamf Pro id of the policy.
        policy_id: Option<i64> = "policyId" => OptI64, always;
        /// Whether the policy succeeded.
        successful: Option<bool> = "successful" => OptBool, always;
        /// The computer.
        computer: Computer = "computer" => value, always;
    }
}

/// An event carrying a computer that may come in the legacy flat form (older servers put the
/// computer's fields directly in `event`, with no `computer` object).
pub(crate) trait LegacyComputerEvent: Record {
    fn computer_mut(&mut self) -> &mut Computer;

    /// The event's own `username`, for the one event that has one (`ComputerCheckIn`); in the
    /// flat form, and for every other event, an event-level `username` is the computer's.
    fn username_mut(&mut self) -> Option<&mut Option<String>> {
        None
    }
}

impl LegacyComputerEvent for ComputerCheckIn {
    fn computer_mut(&mut self) -> &mut Computer {
        &mut self.computer
    }

    fn username_mut(&mut self) -> Option<&mut Option<String>> {
        Some(&mut self.username)
    }
}

impl LegacyComputerEvent for ComputerPolicyFinished {
    fn computer_mut(&mut self) -> &mut Computer {
        &mut self.computer
    }
}

/// Reads an event whose computer may come flat into `place`, which holds the default.
///
/// Each key goes to the event's own fields first, then (when it names a computer field) to a
/// flat computer kept aside, and otherwise to the event's `extra`. At the end the nested
/// `computer`, read straight into the event's field, wins if there was one; else the flat
/// fields become the computer. Flat fields beside a nested computer are kept in `extra`, so
/// nothing sent is lost.
///
/// The nested computer is read straight into the event's field, and the flat one is moved
/// there only in the flat form, so the common (nested) form never copies the record.
pub(crate) fn fill_legacy<'de, D: Deserializer<'de>, T: LegacyComputerEvent>(
    d: D,
    place: &mut T,
) -> Result<(), D::Error> {
    d.deserialize_map(LegacyFill(place))
}

struct LegacyFill<'p, T>(&'p mut T);

impl<'de, T: LegacyComputerEvent> Visitor<'de> for LegacyFill<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.0;
        let mut seen = 0u64;
        let mut nested = false;
        let mut flat = Computer::default();
        let mut flat_seen = 0u64;
        let mut username: Option<Option<String>> = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "username" => {
                    if username.is_some() {
                        return Err(de::Error::duplicate_field("username"));
                    }
                    username = Some(map.next_value()?);
                }
                "computer" => {
                    let seed = NestedComputer {
                        into: out.computer_mut(),
                        reset: nested,
                    };
                    if map.next_value_seed(seed)? {
                        nested = true;
                    }
                }
                other => {
                    if out.read_member(other, &mut map, &mut seen)?
                        || flat.read_member(other, &mut map, &mut flat_seen)?
                    {
                        continue;
                    }
                    let value: Value = map.next_value()?;
                    out.extra_mut().insert(key.into_owned(), value);
                }
            }
        }
        if !nested {
            flat.username = username.flatten();
            *out.computer_mut() = flat;
            return Ok(());
        }
        match (out.username_mut(), username) {
            (Some(own), Some(name)) => *own = name,
            (None, Some(name)) => {
                out.extra_mut()
                    .insert("username".to_owned(), Value::from(name));
            }
            (_, None) => {}
        }
        if flat_seen != 0 {
            keep_flat_fields(&flat, out.extra_mut());
        }
        Ok(())
    }
}

/// Keeps the computer fields an event had beside its nested `computer` as members of the
/// event, in their documented spelling (`jssid` becomes `jssID`).
fn keep_flat_fields(flat: &Computer, extra: &mut crate::Extra) {
    if let Ok(Value::Object(members)) = serde_json::to_value(flat) {
        for (key, value) in members {
            if !value.is_null() || flat.extra.contains_key(&key) {
                extra.entry(key).or_insert(value);
            }
        }
    }
}

/// Reads a nested `computer` (or `null`) the way `Option<Computer>` does, but straight into the
/// event's field, where returning the record through `Result`, `Option` and the assignment
/// would copy it three times. Yields whether a computer was read.
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
        d.deserialize_map(Fill(self.into))?;
        Ok(true)
    }
}

/// `Deserialize` for an event whose computer may come flat, through [`fill_legacy`].
macro_rules! legacy_computer_event {
    ($ty:ident) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut out = $ty::default();
                crate::computer::fill_legacy(d, &mut out)?;
                Ok(out)
            }
        }

        impl crate::record::FillFresh for $ty {
            fn fill_fresh<'de, D: serde::Deserializer<'de>>(
                d: D,
                place: &mut Self,
            ) -> Result<(), D::Error> {
                crate::computer::fill_legacy(d, place)
            }
        }
    };
}
pub(crate) use legacy_computer_event;

legacy_computer_event!(ComputerCheckIn);
legacy_computer_event!(ComputerPolicyFinished);
