//! `command.*` events: a command run on a machine started, completed, failed or timed out.

use chrono::{DateTime, Utc};
use serde_json::Number;

use crate::data::event_data;

event_data! {
    /// The `data` of `command.started`, `command.completed`, `command.failed` and
    /// `command.timeout`.
    ///
    /// cmdop's webhook document does not show these payloads; the fields are named as cmdop's
    /// Commands API names them, and all are optional. The command's id has been seen both as
    /// `command_id` and as `id`: both are kept as sent, and [`CommandData::command_id`] reads
    /// either.
    ///
    /// ```json
    /// {"command_id": "cmd_01JD4RA3", "machine_id": "mach_7Q2K9X", "command": "systemctl restart nginx",
    ///  "status": "failed", "exit_code": 1, "duration": 2.41,
    ///  "started_at": "2024-11-20T09:12:03Z", "finished_at": "2024-11-20T09:12:05Z"}
    /// ```
    pub struct CommandData {
        required {}
        optional {
            /// The command run, `cmd_…`, when sent as `command_id`.
            command_id: String = "command_id",
            /// The command run, when sent as `id`.
            id: String = "id",
            /// The session the command ran in.
            session_id: String = "session_id",
            /// The machine the command ran on.
            machine_id: String = "machine_id",
            /// That machine's hostname.
            machine_hostname: String = "machine_hostname",
            /// The command line.
            command: String = "command",
            /// The command's status, as cmdop writes it (`running`, `completed`, `failed`, …).
            status: String = "status",
            /// The process exit code; non-zero for `command.failed`.
            exit_code: i64 = "exit_code",
            /// How long the command ran, as cmdop sent the number (seconds in the Commands API).
            /// Kept as a JSON number so `12` and `12.0` both serialize back as sent.
            duration: Number = "duration",
            /// When the command started.
            started_at: DateTime<Utc> = "started_at",
            /// When the command finished.
            finished_at: DateTime<Utc> = "finished_at",
        }
    }
}

impl CommandData {
    /// The command's id, whether sent as `command_id` or as `id`.
    #[must_use]
    pub fn command_id(&self) -> Option<&str> {
        self.command_id.as_deref().or(self.id.as_deref())
    }

    /// The duration as seconds, read from the number cmdop sent.
    #[must_use]
    pub fn duration_secs(&self) -> Option<f64> {
        self.duration.as_ref().and_then(Number::as_f64)
    }
}

impl Default for CommandData {
    fn default() -> Self {
        Self {
            command_id: None,
            id: None,
            session_id: None,
            machine_id: None,
            machine_hostname: None,
            command: None,
            status: None,
            exit_code: None,
            duration: None,
            started_at: None,
            finished_at: None,
            extra: serde_json::Map::new(),
        }
    }
}
