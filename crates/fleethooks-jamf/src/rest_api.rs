//! `RestAPIOperation`: an authorized Classic API request changed or read an object.

use serde::{Deserialize, Serialize};

/// `RestAPIOperation`: an authorized request to a supported Classic API resource succeeded.
///
/// `restAPIOperationType` (`GET`, `POST`, `PUT`, `UPDATE`, `DELETE` have been seen) and
/// `objectTypeName` (whose case and wording vary by server version, `Computer` or `computer`)
/// are kept as open strings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct RestApiOperation {
    /// Whether the operation succeeded.
    #[serde(default, with = "crate::scalar::opt_bool")]
    pub operation_successful: Option<bool>,
    /// Jamf Pro id of the object.
    #[serde(default, rename = "objectID", with = "crate::scalar::opt_i64")]
    pub object_id: Option<i64>,
    /// Name of the object.
    #[serde(default)]
    pub object_name: Option<String>,
    /// Kind of object, e.g. `Computer`, `Mobile Device`, `Policy`.
    #[serde(default)]
    pub object_type_name: Option<String>,
    /// Account that made the request.
    #[serde(default)]
    pub authorized_username: Option<String>,
    /// HTTP-like operation, e.g. `POST`, `UPDATE`.
    #[serde(default, rename = "restAPIOperationType")]
    pub rest_api_operation_type: Option<String>,
}
