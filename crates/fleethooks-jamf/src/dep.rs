//! `DeviceAddedToDEP`: Apple assigned a device to an Automated Device Enrollment instance.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `DeviceAddedToDEP`: Jamf Pro learned of a device newly assigned to one of its Device
/// Enrollment Program (Automated Device Enrollment) instances.
///
/// `assetTag` comes from Apple, not from the Asset Tag field of the Jamf inventory record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct DeviceAddedToDep {
    /// Serial number.
    #[serde(default)]
    pub serial_number: Option<String>,
    /// Model, e.g. `MacBook Air`.
    #[serde(default)]
    pub model: Option<String>,
    /// Apple's description, e.g. `MBA 13.6 M2 8C CPU 10C GPU 16GB 512GB`.
    #[serde(default)]
    pub description: Option<String>,
    /// Apple's asset tag.
    #[serde(default)]
    pub asset_tag: Option<String>,
    /// When Apple assigned the device (epoch milliseconds on the wire).
    #[serde(default, with = "crate::timestamp::epoch_millis_option")]
    pub device_assigned_date: Option<DateTime<Utc>>,
    /// Jamf Pro id of the enrollment instance.
    #[serde(default, with = "crate::scalar::opt_i64")]
    pub device_enrollment_program_instance_id: Option<i64>,
}
