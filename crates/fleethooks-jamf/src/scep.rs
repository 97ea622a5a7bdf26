//! `SCEPChallenge`: the one event whose reply Jamf reads.

use crate::id::Identifier;
use crate::record::record;
use std::fmt;

record! {
    /// `SCEPChallenge`: Jamf Pro (10.32+, dynamic challenge type) is assembling a SCEP payload
    /// and asks the receiver for the challenge to put in it.
    ///
    /// Reply with [`ScepChallenge::response`]. Jamf Pro sends this request *while* it builds the
    /// configuration profile and waits for the answer, so the receiver must produce the
    /// challenge synchronously and answer within Jamf's HTTP timeout (a few seconds; keep it
    /// well under): do not queue the event and reply `202` later, and do not run slow work
    /// (directory look-ups, a CA round trip) after the response is due. Any non-2xx reply, or a
    /// timeout, leaves the profile without a usable challenge.
    #[derive(Debug)]
    pub struct ScepChallenge expecting "struct ScepChallenge" {
        /// The device the profile is for.
        target_device: Option<ScepTargetDevice> = "targetDevice" => value, always;
        /// The user the profile is for.
        target_user: Option<ScepTargetUser> = "targetUser" => value, always;
        /// Payload types in the profile, e.g. `com.apple.security.scep` (an array in JSON,
        /// repeated elements in XML).
        payload_types: Vec<String> = "payloadTypes" => StringOrSeqVec, always;
        /// Identifier of the SCEP payload.
        payload_identifier: Option<String> = "payloadIdentifier" => value, always;
        /// URL of the SCEP server.
        scep_server_url: Option<String> = "scepServerUrl" => value, always;
    }
}

impl ScepChallenge {
    /// The reply Jamf Pro reads: `200 OK`, `Content-Type: text/plain; charset=utf-8`, the
    /// challenge as the whole body (no JSON, no trailing newline).
    pub fn response(challenge: impl Into<String>) -> http::Response<String> {
        let mut response = http::Response::new(challenge.into());
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }

    /// [`response`](Self::response) with a byte body, for stacks that want `Vec<u8>`.
    pub fn response_bytes(challenge: impl Into<String>) -> http::Response<Vec<u8>> {
        Self::response(challenge).map(String::into_bytes)
    }
}

record! {
    /// The device a SCEP payload is assembled for (15 documented fields).
    #[derive(Debug)]
    pub struct ScepTargetDevice expecting "struct ScepTargetDevice" {
        /// OS version.
        os_version: Option<String> = "osVersion" => value, always;
        /// OS build.
        os_build: Option<String> = "osBuild" => value, always;
        /// Bluetooth MAC address.
        bluetooth_mac_address: Option<String> = "bluetoothMacAddress" => value, always;
        /// UDID.
        udid: Option<String> = "udid" => value, always;
        /// IMEI.
        imei: Option<String> = "imei" => value, always;
        /// Wi-Fi MAC address.
        wifi_mac_address: Option<String> = "wifiMacAddress" => value, always;
        /// Product code.
        product: Option<String> = "product" => value, always;
        /// Room.
        room: Option<String> = "room" => value, always;
        /// Directory id of the assigned user.
        user_directory_id: Option<Identifier> = "userDirectoryID" => value, always;
        /// Model identifier shown in Jamf.
        model_display: Option<String> = "modelDisplay" => value, always;
        /// Device name.
        device_name: Option<String> = "deviceName" => value, always;
        /// ICCID.
        icci_id: Option<String> = "icciID" => value, always;
        /// OS version.
        version: Option<String> = "version" => value, always;
        /// Serial number.
        serial_number: Option<String> = "serialNumber" => value, always;
        /// Model.
        model: Option<String> = "model" => value, always;
    }
}

record! {
    /// The user a SCEP payload is assembled for (12 documented fields).
    ///
    /// `Debug` prints `password` as `[redacted]`.
    pub struct ScepTargetUser expecting "struct ScepTargetUser" {
        /// Password field of the user record, as Jamf sends it.
        password: Option<String> = "password" => value, always;
        /// Directory uid: a string in the JSON sample, an integer in the XML one.
        uid: Option<Identifier> = "uid" => value, always;
        /// LDAP distinguished name.
        dn: Option<String> = "dn" => value, always;
        /// Email address.
        email: Option<String> = "email" => value, always;
        /// Full name.
        realname: Option<String> = "realname" => value, always;
        /// Jamf Pro id of the user's department.
        department_id: Option<i64> = "departmentID" => OptI64, always;
        /// Jamf Pro id of the user's building.
        building_id: Option<i64> = "buildingID" => OptI64, always;
        /// Room.
        room: Option<String> = "room" => value, always;
        /// Phone.
        phone: Option<String> = "phone" => value, always;
        /// Directory UUID.
        uuid: Option<String> = "uuid" => value, always;
        /// Position.
        position: Option<String> = "position" => value, always;
        /// Short name.
        username: Option<String> = "username" => value, always;
    }
}

impl fmt::Debug for ScepTargetUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScepTargetUser")
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("uid", &self.uid)
            .field("dn", &self.dn)
            .field("email", &self.email)
            .field("realname", &self.realname)
            .field("department_id", &self.department_id)
            .field("building_id", &self.building_id)
            .field("room", &self.room)
            .field("phone", &self.phone)
            .field("uuid", &self.uuid)
            .field("position", &self.position)
            .field("username", &self.username)
            .field("extra", &self.extra)
            .finish()
    }
}
