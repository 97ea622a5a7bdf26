//! `file.*` events: a file was uploaded to, downloaded from or deleted on a machine.

use crate::data::event_data;

event_data! {
    /// The `data` of `file.uploaded`, `file.downloaded` and `file.deleted`.
    ///
    /// cmdop's webhook document does not show these payloads; the fields are named as cmdop's
    /// APIs name them, and all are optional.
    ///
    /// ```json
    /// {"machine_id": "mach_7Q2K9X", "path": "/var/log/nginx/error.log", "name": "error.log", "size": 48213}
    /// ```
    pub struct FileData {
        required {}
        optional {
            /// The session the transfer happened in.
            session_id: String = "session_id",
            /// The machine holding the file.
            machine_id: String = "machine_id",
            /// That machine's hostname.
            machine_hostname: String = "machine_hostname",
            /// The file's full path on the machine.
            path: String = "path",
            /// The file's name.
            name: String = "name",
            /// The file's size in bytes.
            size: u64 = "size",
        }
    }
}

impl Default for FileData {
    fn default() -> Self {
        Self {
            session_id: None,
            machine_id: None,
            machine_hostname: None,
            path: None,
            name: None,
            size: None,
            extra: serde_json::Map::new(),
        }
    }
}
