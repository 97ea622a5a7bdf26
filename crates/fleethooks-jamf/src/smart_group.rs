//! Smart group membership changes for computers, mobile devices and users.

use crate::computer::Computer;
use crate::mobile_device::MobileDevice;
use serde::{Deserialize, Serialize};

/// `SmartGroupComputerMembershipChange`: computers joined or left a smart computer group.
///
/// `groupAddedDevices`/`groupRemovedDevices` hold full records only when the webhook was
/// configured for them through the Classic API; otherwise they are empty and only the id lists
/// are filled.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct SmartGroupComputerMembershipChange {
    /// Group name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the group is a smart group.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub smart_group: Option<bool>,
    /// Jamf Pro ids of computers that joined.
    #[serde(default)]
    pub group_added_devices_ids: Vec<i64>,
    /// Jamf Pro ids of computers that left.
    #[serde(default)]
    pub group_removed_devices_ids: Vec<i64>,
    /// Records of computers that joined (when configured).
    #[serde(default)]
    pub group_added_devices: Vec<Computer>,
    /// Records of computers that left (when configured).
    #[serde(default)]
    pub group_removed_devices: Vec<Computer>,
    /// Always `true` for this event: the group is a computer group.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub computer: Option<bool>,
    /// Jamf Pro id of the group (`jssid`).
    #[serde(
        default,
        rename = "jssid",
        alias = "jssID",
        with = "crate::scalar::opt_i64"
    )]
    pub jss_id: Option<i64>,
}

/// `SmartGroupMobileDeviceMembershipChange`: mobile devices joined or left a smart device group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct SmartGroupMobileDeviceMembershipChange {
    /// Group name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the group is a smart group.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub smart_group: Option<bool>,
    /// Jamf Pro ids of devices that joined.
    #[serde(default)]
    pub group_added_devices_ids: Vec<i64>,
    /// Jamf Pro ids of devices that left.
    #[serde(default)]
    pub group_removed_devices_ids: Vec<i64>,
    /// Records of devices that joined (Jamf Pro 10.6+, when configured).
    #[serde(default)]
    pub group_added_devices: Vec<MobileDevice>,
    /// Records of devices that left (Jamf Pro 10.6+, when configured).
    #[serde(default)]
    pub group_removed_devices: Vec<MobileDevice>,
    /// `false` for this event: the group is not a computer group.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub computer: Option<bool>,
    /// Jamf Pro id of the group (`jssid`).
    #[serde(
        default,
        rename = "jssid",
        alias = "jssID",
        with = "crate::scalar::opt_i64"
    )]
    pub jss_id: Option<i64>,
}

/// `SmartGroupUserMembershipChange`: users joined or left a smart user group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct SmartGroupUserMembershipChange {
    /// Group name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the group is a smart group.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub smart_group: Option<bool>,
    /// Jamf Pro ids of users who joined.
    #[serde(default)]
    pub group_added_user_ids: Vec<i64>,
    /// Jamf Pro ids of users who left.
    #[serde(default)]
    pub group_removed_user_ids: Vec<i64>,
    /// Jamf Pro id of the group (`jssid`).
    #[serde(
        default,
        rename = "jssid",
        alias = "jssID",
        with = "crate::scalar::opt_i64"
    )]
    pub jss_id: Option<i64>,
}
