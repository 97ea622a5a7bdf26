//! `PushSent`: Jamf Pro sent a push to a computer or a mobile device.
//!
//! `MobileDevicePushSent` carries the full [`MobileDevice`](crate::MobileDevice) record instead.

use crate::id::Identifier;
use serde::{Deserialize, Serialize};

/// `PushSent`: Jamf Pro sent a remote command. Nothing says whether the target is a computer or
/// a mobile device, and ids of the two kinds overlap.
///
/// Jamf identifies the target by `managementId` or, in another form, by `jssid`; whichever came
/// is kept and written back.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct PushSent {
    /// The push type, e.g. `UpdateInventory`, `DeviceLock`.
    #[serde(default, rename = "type")]
    pub push_type: Option<String>,
    /// The target's management id (integer in the document, UUID on newer servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_id: Option<Identifier>,
    /// The target's Jamf Pro id (`jssid`, also read as `jssID`).
    #[serde(
        default,
        rename = "jssid",
        alias = "jssID",
        with = "crate::scalar::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub jss_id: Option<i64>,
}
