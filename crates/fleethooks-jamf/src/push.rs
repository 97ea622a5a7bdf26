//! `PushSent`: Jamf Pro sent a push to a computer or a mobile device.
//!
//! `MobileDevicePushSent` carries the full [`MobileDevice`](crate::MobileDevice) record instead.

use crate::id::Identifier;
use crate::record::record;

record! {
    /// `PushSent`: Jamf Pro sent a remote command. Nothing says whether the target is a computer
    /// or a mobile device, and ids of the two kinds overlap.
    ///
    /// Jamf identifies the target by `managementId` or, in another form, by `jssid`; whichever
    /// came is kept and written back.
    #[derive(Debug)]
    pub struct PushSent expecting "struct PushSent" {
        /// The push type, e.g. `UpdateInventory`, `DeviceLock`.
        push_type: Option<String> = "type" => value, always;
        /// The target's management id (integer in the document, UUID on newer servers).
        management_id: Option<Identifier> = "managementId" => value, if_some;
        /// The target's Jamf Pro id (`jssid`, also read as `jssID`).
        jss_id: Option<i64> = "jssid" | "jssID" => OptI64, if_some;
    }
}
