//! `machine.*` events: a machine running the cmdop agent came online, went offline or registered.

use chrono::{DateTime, Utc};

use crate::data::event_data;

event_data! {
    /// The `data` of `machine.online`, `machine.offline` and `machine.registered`, as cmdop's
    /// webhook document shows it:
    ///
    /// ```json
    /// {"machine_id": "mach_abc123", "machine_name": "production-server", "last_seen": "2024-01-20T15:44:00Z"}
    /// ```
    pub struct MachineData {
        required {
            /// The machine, `mach_…`.
            machine_id: String = "machine_id",
            /// The machine's display name.
            machine_name: String = "machine_name",
        }
        optional {
            /// When the agent was last heard from.
            last_seen: DateTime<Utc> = "last_seen",
        }
    }
}

impl MachineData {
    /// A machine's data with its id and name.
    pub fn new(machine_id: impl Into<String>, machine_name: impl Into<String>) -> Self {
        Self {
            machine_id: machine_id.into(),
            machine_name: machine_name.into(),
            last_seen: None,
            extra: serde_json::Map::new(),
        }
    }

    /// Sets when the agent was last heard from.
    #[must_use]
    pub fn with_last_seen(mut self, last_seen: DateTime<Utc>) -> Self {
        self.last_seen = Some(last_seen);
        self
    }
}
