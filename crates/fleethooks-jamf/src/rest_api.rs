//! `RestAPIOperation`: an authorized Classic API request changed or read an object.

use crate::record::record;

record! {
    /// `RestAPIOperation`: an authorized request to a supported Classic API resource succeeded.
    ///
    /// `restAPIOperationType` (`GET`, `POST`, `PUT`, `UPDATE`, `DELETE` have been seen) and
    /// `objectTypeName` (whose case and wording vary by server version, `Computer` or
    /// `computer`) are kept as open strings.
    #[derive(Debug)]
    pub struct RestApiOperation expecting "struct RestApiOperation" {
        /// Whether the operation succeeded.
        operation_successful: Option<bool> = "operationSuccessful" => OptBool, always;
        /// Jamf Pro id of the object.
        object_id: Option<i64> = "objectID" => OptI64, always;
        /// Name of the object.
        object_name: Option<String> = "objectName" => value, always;
        /// Kind of object, e.g. `Computer`, `Mobile Device`, `Policy`.
        object_type_name: Option<String> = "objectTypeName" => value, always;
        /// Account that made the request.
        authorized_username: Option<String> = "authorizedUsername" => value, always;
        /// HTTP-like operation, e.g. `POST`, `UPDATE`.
        rest_api_operation_type: Option<String> = "restAPIOperationType" => value, always;
    }
}
