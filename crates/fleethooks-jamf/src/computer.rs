//! Computer events: the shared computer record, `ComputerCheckIn`, `ComputerPolicyFinished`, and
//! the legacy flat form in which older servers sent them.
//!
//! `ComputerAdded`, `ComputerInventoryCompleted` and `ComputerPushCapabilityChanged` carry the
//! bare [`Computer`] record as their event.

use crate::id::Identifier;
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase", from = "LegacyCheckIn")]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase", from = "LegacyPolicyFinished")]
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

/// Declares a private "wire" struct holding an event's own fields, an optional nested
/// `computer`, and every computer field flat, for the legacy form older servers sent (computer
/// fields directly in `event`). `username` is shared: nested, it is the event's; flat, the
/// computer's.
macro_rules! legacy_computer_event {
    ($wire:ident { $( $(#[$m:meta])* $field:ident : $ty:ty, )* }) => {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub(crate) struct $wire {
            $( $(#[$m])* $field: $ty, )*
            #[serde(default)]
            computer: Option<crate::computer::Computer>,
            #[serde(default)]
            username: Option<String>,
            #[serde(default)]
            udid: Option<String>,
            #[serde(default)]
            device_name: Option<String>,
            #[serde(default)]
            model: Option<String>,
            #[serde(default)]
            mac_address: Option<String>,
            #[serde(default)]
            alternate_mac_address: Option<String>,
            #[serde(default)]
            serial_number: Option<String>,
            #[serde(default)]
            os_version: Option<String>,
            #[serde(default)]
            os_build: Option<String>,
            #[serde(default, rename = "userDirectoryID")]
            user_directory_id: Option<crate::id::Identifier>,
            #[serde(default)]
            real_name: Option<String>,
            #[serde(default)]
            email_address: Option<String>,
            #[serde(default)]
            phone: Option<String>,
            #[serde(default)]
            position: Option<String>,
            #[serde(default)]
            department: Option<String>,
            #[serde(default)]
            building: Option<String>,
            #[serde(default)]
            room: Option<String>,
            #[serde(default)]
            ip_address: Option<String>,
            #[serde(default)]
            reported_ip_address: Option<String>,
            #[serde(default, rename = "jssID", alias = "jssid", with = "crate::scalar::opt_i64")]
            jss_id: Option<i64>,
            #[serde(default)]
            management_id: Option<crate::id::Identifier>,
        }

        impl $wire {
            /// Splits into the computer (nested, or built from the flat fields) and the
            /// event-level `username`.
            fn split_computer(&mut self) -> (crate::computer::Computer, Option<String>) {
                if let Some(c) = self.computer.take() {
                    return (c, self.username.take());
                }
                let c = crate::computer::Computer {
                    udid: self.udid.take(),
                    device_name: self.device_name.take(),
                    model: self.model.take(),
                    mac_address: self.mac_address.take(),
                    alternate_mac_address: self.alternate_mac_address.take(),
                    serial_number: self.serial_number.take(),
                    os_version: self.os_version.take(),
                    os_build: self.os_build.take(),
                    user_directory_id: self.user_directory_id.take(),
                    username: self.username.take(),
                    real_name: self.real_name.take(),
                    email_address: self.email_address.take(),
                    phone: self.phone.take(),
                    position: self.position.take(),
                    department: self.department.take(),
                    building: self.building.take(),
                    room: self.room.take(),
                    ip_address: self.ip_address.take(),
                    reported_ip_address: self.reported_ip_address.take(),
                    jss_id: self.jss_id.take(),
                    management_id: self.management_id.take(),
                };
                (c, None)
            }
        }
    };
}
pub(crate) use legacy_computer_event;

legacy_computer_event!(LegacyCheckIn {
    #[serde(default)]
    trigger: Option<String>,
});

impl From<LegacyCheckIn> for ComputerCheckIn {
    fn from(mut w: LegacyCheckIn) -> Self {
        let (computer, username) = w.split_computer();
        Self {
            trigger: w.trigger,
            username,
            computer,
        }
    }
}

legacy_computer_event!(LegacyPolicyFinished {
    #[serde(default, with = "crate::scalar::opt_i64")]
    policy_id: Option<i64>,
    #[serde(default, with = "crate::scalar::opt_bool")]
    successful: Option<bool>,
});

impl From<LegacyPolicyFinished> for ComputerPolicyFinished {
    fn from(mut w: LegacyPolicyFinished) -> Self {
        let (computer, _) = w.split_computer();
        Self {
            policy_id: w.policy_id,
            successful: w.successful,
            computer,
        }
    }
}
