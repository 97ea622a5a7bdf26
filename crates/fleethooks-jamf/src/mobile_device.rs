//! Mobile device events: the shared mobile device record.
//!
//! `MobileDeviceCheckIn`, `MobileDeviceCommandCompleted`, `MobileDeviceEnrolled`,
//! `MobileDeviceInventoryCompleted`, `MobileDevicePushSent` and `MobileDeviceUnEnrolled` all carry
//! the bare [`MobileDevice`] record as their event.

use crate::id::Identifier;
use crate::record::record;

record! {
    /// The mobile device record Jamf includes in mobile device events (19 documented fields,
    /// the undocumented ones real servers add, and any other member in `extra`).
    ///
    /// `product` is `null` for most devices. The undocumented fields (`building`, `department`,
    /// `emailAddress`, `phone`, `position`, `realName`, `mdmCommand`, `mdmCommandUUID`) and
    /// `managementId` are written back only when present.
    #[derive(Debug)]
    pub struct MobileDevice expecting "struct MobileDevice" {
        /// Device UDID (40 hex digits on older devices, `00008101-…` on newer ones).
        udid: Option<String> = "udid" => value, always;
        /// Device name.
        device_name: Option<String> = "deviceName" => value, always;
        /// OS version, e.g. `17.4.1`.
        version: Option<String> = "version" => value, always;
        /// Model, e.g. `iPad Pro (11-inch) (4th generation)`.
        model: Option<String> = "model" => value, always;
        /// Bluetooth MAC address.
        bluetooth_mac_address: Option<String> = "bluetoothMacAddress" => value, always;
        /// Wi-Fi MAC address.
        wifi_mac_address: Option<String> = "wifiMacAddress" => value, always;
        /// IMEI, for cellular devices.
        imei: Option<String> = "imei" => value, always;
        /// ICCID of the SIM, for cellular devices.
        icci_id: Option<String> = "icciID" => value, always;
        /// Product code; usually `null`.
        product: Option<String> = "product" => value, always;
        /// Serial number.
        serial_number: Option<String> = "serialNumber" => value, always;
        /// Directory id of the assigned user, string or integer.
        user_directory_id: Option<Identifier> = "userDirectoryID" => value, always;
        /// Room.
        room: Option<String> = "room" => value, always;
        /// OS version (same as `version` on current servers).
        os_version: Option<String> = "osVersion" => value, always;
        /// OS build, e.g. `21E236`.
        os_build: Option<String> = "osBuild" => value, always;
        /// Model identifier shown in Jamf, e.g. `iPhone 15 Pro`.
        model_display: Option<String> = "modelDisplay" => value, always;
        /// Assigned user's name.
        username: Option<String> = "username" => value, always;
        /// Jamf Pro id of the device record (`jssID`, also read as `jssid`).
        jss_id: Option<i64> = "jssID" | "jssid" => OptI64, always;
        /// Last IP address.
        ip_address: Option<String> = "ipAddress" => value, always;
        /// MDM management id; written only when present.
        management_id: Option<Identifier> = "managementId" => value, if_some;
        /// Building (undocumented; sent by some servers).
        building: Option<String> = "building" => value, if_some;
        /// Department (undocumented).
        department: Option<String> = "department" => value, if_some;
        /// Assigned user's email address (undocumented).
        email_address: Option<String> = "emailAddress" => value, if_some;
        /// Assigned user's phone (undocumented).
        phone: Option<String> = "phone" => value, if_some;
        /// Assigned user's position (undocumented).
        position: Option<String> = "position" => value, if_some;
        /// Assigned user's full name (undocumented).
        real_name: Option<String> = "realName" => value, if_some;
        /// The MDM command being processed, e.g. `DeviceInformation` (undocumented; seen on
        /// `MobileDeviceCheckIn`).
        mdm_command: Option<String> = "mdmCommand" => value, if_some;
        /// UUID of that MDM command (undocumented; seen on `MobileDeviceCheckIn`).
        mdm_command_uuid: Option<String> = "mdmCommandUUID" => value, if_some;
    }
}
