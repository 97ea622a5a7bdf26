//! `DeviceAddedToDEP`: Apple assigned a device to an Automated Device Enrollment instance.

use crate::record::record;
use chrono::{DateTime, Utc};

record! {
    /// `DeviceAddedToDEP`: Jamf Pro learned of a device newly assigned to one of its Device
    /// Enrollment Program (Automated Device Enrollment) instances.
    ///
    /// `assetTag` comes from Apple, not from the Asset Tag field of the Jamf inventory record.
    #[derive(Debug)]
    pub struct DeviceAddedToDep expecting "struct DeviceAddedToDep" {
        /// Serial number.
        serial_number: Option<String> = "serialNumber" => value, always;
        /// Model, e.g. `MacBook Air`.
        model: Option<String> = "model" => value, always;
        /// Apple's description, e.g. `MBA 13.6 M2 8C CPU 10C GPU 16GB 512GB`.
        description: Option<String> = "description" => value, always;
        /// Apple's asset tag.
        asset_tag: Option<String> = "assetTag" => value, always;
        /// When Apple assigned the device (epoch milliseconds on the wire).
        device_assigned_date: Option<DateTime<Utc>> = "deviceAssignedDate" => OptMillis, always;
        /// Jamf Pro id of the enrollment instance.
        device_enrollment_program_instance_id: Option<i64> = "deviceEnrollmentProgramInstanceId" => OptI64, always;
    }
}
