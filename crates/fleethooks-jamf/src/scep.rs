//! `SCEPChallenge`: the one event whose reply Jamf reads.

use crate::id::Identifier;
use serde::{Deserialize, Serialize};
use std::fmt;

/// `SCEPChallenge`: Jamf Pro (10.32+, dynamic challenge type) is assembling a SCEP payload and
/// asks the receiver for the challenge to put in it.
///
/// Reply with [`ScepChallenge::response`]. Jamf Pro sends this request *while* it builds the
/// configuration profile and waits for the answer, so the receiver must produce the challenge
/// synchronously and answer within Jamf's HTTP timeout (a few seconds; keep it well under): do
/// not queue the event and reply `202` later, and do not run slow work (directory look-ups, a
/// CA round trip) after the response is due. Any non-2xx reply, or a timeout, leaves the profile
/// without a usable challenge.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct ScepChallenge {
    /// The device the profile is for.
    #[serde(default)]
    pub target_device: Option<ScepTargetDevice>,
    /// The user the profile is for.
    #[serde(default)]
    pub target_user: Option<ScepTargetUser>,
    /// Payload types in the profile, e.g. `com.apple.security.scep` (an array in JSON, repeated
    /// elements in XML).
    #[serde(
        default,
        deserialize_with = "crate::scalar::string_or_seq::deserialize_vec"
    )]
    pub payload_types: Vec<String>,
    /// Identifier of the SCEP payload.
    #[serde(default)]
    pub payload_identifier: Option<String>,
    /// URL of the SCEP server.
    #[serde(default)]
    pub scep_server_url: Option<String>,
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

/// The device a SCEP payload is assembled for (15 documented fields).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct ScepTargetDevice {
    /// OS version.
    #[serde(default)]
    pub os_version: Option<String>,
    /// OS build.
    #[serde(default)]
    pub os_build: Option<String>,
    /// Bluetooth MAC address.
    #[serde(default)]
    pub bluetooth_mac_address: Option<String>,
    /// UDID.
    #[serde(default)]
    pub udid: Option<String>,
    /// IMEI.
    #[serde(default)]
    pub imei: Option<String>,
    /// Wi-Fi MAC address.
    #[serde(default)]
    pub wifi_mac_address: Option<String>,
    /// Product code.
    #[serde(default)]
    pub product: Option<String>,
    /// Room.
    #[serde(default)]
    pub room: Option<String>,
    /// Directory id of the assigned user.
    #[serde(default, rename = "userDirectoryID")]
    pub user_directory_id: Option<Identifier>,
    /// Model identifier shown in Jamf.
    #[serde(default)]
    pub model_display: Option<String>,
    /// Device name.
    #[serde(default)]
    pub device_name: Option<String>,
    /// ICCID.
    #[serde(default, rename = "icciID")]
    pub icci_id: Option<String>,
    /// OS version.
    #[serde(default)]
    pub version: Option<String>,
    /// Serial number.
    #[serde(default)]
    pub serial_number: Option<String>,
    /// Model.
    #[serde(default)]
    pub model: Option<String>,
}

/// The user a SCEP payload is assembled for (12 documented fields).
///
/// `Debug` prints `password` as `[redacted]`.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct ScepTargetUser {
    /// Password field of the user record, as Jamf sends it.
    #[serde(default)]
    pub password: Option<String>,
    /// Directory uid: a string in the JSON sample, an integer in the XML one.
    #[serde(default)]
    pub uid: Option<Identifier>,
    /// LDAP distinguished name.
    #[serde(default)]
    pub dn: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Full name.
    #[serde(default)]
    pub realname: Option<String>,
    /// Jamf Pro id of the user's department.
    #[serde(default, rename = "departmentID", with = "crate::scalar::opt_i64")]
    pub department_id: Option<i64>,
    /// Jamf Pro id of the user's building.
    #[serde(default, rename = "buildingID", with = "crate::scalar::opt_i64")]
    pub building_id: Option<i64>,
    /// Room.
    #[serde(default)]
    pub room: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Directory UUID.
    #[serde(default)]
    pub uuid: Option<String>,
    /// Position.
    #[serde(default)]
    pub position: Option<String>,
    /// Short name.
    #[serde(default)]
    pub username: Option<String>,
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
            .finish()
    }
}
