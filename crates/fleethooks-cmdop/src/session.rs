//! `session.*` events: a terminal session between an agent on a machine and its clients.

use chrono::{DateTime, Utc};

use crate::data::event_data;

event_data! {
    /// The `data` of `session.created`, `session.connected`, `session.client_attached`,
    /// `session.client_detached`, `session.grace_period` and `session.disconnected`.
    ///
    /// cmdop's webhook document does not show these payloads; the fields are named as cmdop's
    /// Sessions API names them, and all are optional.
    ///
    /// ```json
    /// {"session_id": "sess_01JD4R7M", "machine_id": "mach_7Q2K9X", "machine_hostname": "build-eu-02", "status": "connected"}
    /// ```
    pub struct SessionData {
        required {}
        optional {
            /// The session, `sess_…`.
            session_id: String = "session_id",
            /// The machine the session runs on, `mach_…`.
            machine_id: String = "machine_id",
            /// That machine's hostname.
            machine_hostname: String = "machine_hostname",
            /// The session's status after the event, as cmdop writes it (`connected`, …).
            status: String = "status",
            /// When the session was created.
            created_at: DateTime<Utc> = "created_at",
        }
    }
}

impl Default for SessionData {
    fn default() -> Self {
        Self {
            session_id: None,
            machine_id: None,
            machine_hostname: None,
            status: None,
            created_at: None,
            extra: serde_json::Map::new(),
        }
    }
}
