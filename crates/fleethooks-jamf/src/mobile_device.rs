//! Mobile device events: the shared mobile device record.
//!
//! `MobileDeviceCheckIn`, `MobileDeviceCommandCompleted`, `MobileDeviceEnrolled`,
//! `MobileDeviceInventoryCompleted`, `MobileDevicePushSent` and `MobileDeviceUnEnrolled` all carry
//! the bare [`MobileDevice`] record as their event.

use crate::id::Identifier;
use serde::{Deserialize, Serialize};

/// The mobile device record Jamf includes in mobile device events (19 documented fields, plus
/// the undocumented ones real servers add).
///
/// `product` is `null` for most devices. The undocumented fields (`building`, `department`,
/// `emailAddress`, `phone`, `position`, `realName`, `mdmCommand`, `mdmCommandUUID`) and
/// `managementId` are written back only when present.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct MobileDevice {
    /// Device UDID (40 hex digits on older devices, `00008101-…` on newer ones).
    #[serde(default)]
    pub udid: Option<String>,
    /// Device name.
    #[serde(default)]
    pub device_name: Option<String>,
    /// OS version, e.g. `17.4.1`.
    #[serde(default)]
    pub version: Option<String>,
    /// Model, e.g. `iPad Pro (11-inch) (4th generation)`.
    #[serde(default)]
    pub model: Option<String>,
    /// Bluetooth MAC address.
    #[serde(default)]
    pub bluetooth_mac_address: Option<String>,
    /// Wi-Fi MAC address.
    #[serde(default)]
    pub wifi_mac_address: Option<String>,
    /// IMEI, for cellular devices.
    #[serde(default)]
    pub imei: Option<String>,
    /// ICCID of the SIM, for cellular devices.
    #[serde(default, rename = "icciID")]
    pub icci_id: Option<String>,
    /// Product code; usually `null`.
    #[serde(default)]
    pub product: Option<String>,
    /// Serial number.
    #[serde(default)]
    pub serial_number: Option<String>,
    /// Directory id of the assigned user, string or integer.
    #[serde(default, rename = "userDirectoryID")]
    pub user_directory_id: Option<Identifier>,
    /// Room.
    #[serde(default)]
    pub room: Option<String>,
    /// OS version (same as `version` on current servers).
    #[serde(default)]
    pub os_version: Option<String>,
    /// OS build, e.g. `21E236`.
    #[serde(default)]
    pub os_build: Option<String>,
    /// Model identifier shown in Jamf, e.g. `iPhone 15 Pro`.
    #[serde(default)]
    pub model_display: Option<String>,
    /// Assigned user's name.
    #[serde(default)]
    pub username: Option<String>,
    /// Jamf Pro id of the device record (`jssID`, also read as `jssid`).
    #[serde(
        default,
        rename = "jssID",
        alias = "jssid",
        with = "crate::scalar::opt_i64"
    )]
    pub jss_id: Option<i64>,
    /// Last IP address.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// MDM management id; written only when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_id: Option<Identifier>,
    /// Building (undocumented; sent by some servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
    /// Department (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Assigned user's email address (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// Assigned user's phone (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Assigned user's position (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// Assigned user's full name (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_name: Option<String>,
    /// The MDM command being processed, e.g. `DeviceInformation` (undocumented; seen on
    /// `MobileDeviceCheckIn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mdm_command: Option<String>,
    /// UUID of that MDM command (undocumented; seen on `MobileDeviceCheckIn`).
    #[serde(
        default,
        rename = "mdmCommandUUID",
        skip_serializing_if = "Option::is_none"
    )]
    pub mdm_command_uuid: Option<String>,
}
