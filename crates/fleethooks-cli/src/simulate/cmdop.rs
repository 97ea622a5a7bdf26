//! cmdop's event envelope `{id, type, timestamp, data}` for every type `fleethooks-cmdop`
//! knows: the documented session, machine, command and file events, `test`, and the legacy
//! `schedule.*` ones.
//!
//! `data` has the fields cmdop's document shows for `machine.*` (`machine_id`, `machine_name`,
//! `last_seen`) and `test` (`message`); for the other families, the fields the cmdop crate
//! models, named as cmdop's Sessions and Commands APIs name them. Ids are cmdop-style: `evt_`
//! and a ULID of the event's time, `mach_` and eight base32 characters, and so on; times are
//! RFC 3339 to the second, as the document writes them.

use chrono::TimeDelta;
use fleethooks_cmdop::EventType as Kind;

use super::json::{Json, object};
use super::values::{Values, rfc3339_secs};
use crate::failure::Failure;

/// The event types `simulate cmdop` knows, as `fleethooks-cmdop` names them.
pub(super) fn events() -> impl Iterator<Item = &'static str> {
    Kind::KNOWN.iter().map(Kind::as_str)
}

/// The known event type `name` names, ignoring ASCII case (and `-`, `_`, space), or `None`.
pub(super) fn event(name: &str) -> Option<Kind> {
    Kind::known(name)
}

/// One delivery of `kind`, as cmdop posts it.
pub(super) fn envelope(kind: &Kind, v: &mut Values) -> Result<Json, Failure> {
    let now = v.now();
    let id = format!("evt_{}", v.ulid(now));
    let data = data(kind, v)?;
    Ok(object! {
        "id" => id,
        "type" => kind.as_str(),
        "timestamp" => rfc3339_secs(now),
        "data" => data,
    })
}

/// A machine running the cmdop agent.
struct Machine {
    id: String,
    name: String,
    hostname: String,
}

impl Machine {
    fn new(v: &mut Values) -> Self {
        let name = format!(
            "{}-{}-{:02}",
            v.pick(&["build", "web", "db", "worker", "kiosk", "edge"]),
            v.pick(&["eu", "us", "ap"]),
            v.int(1..=24)
        );
        let domain = v.pick(&["fleet.example.net", "prod.example.com", "corp.example.org"]);
        Self {
            id: format!("mach_{}", v.crockford(8)),
            hostname: format!("{name}.{domain}"),
            name,
        }
    }
}

/// A command line, how long it usually runs (milliseconds), and how it fails: the exit code and
/// the error cmdop reports.
const COMMANDS: [(&str, (i64, i64), i64, &str); 6] = [
    (
        "systemctl restart nginx",
        (800, 3_000),
        1,
        "Job for nginx.service failed because the control process exited with error code.",
    ),
    (
        "apt-get update",
        (3_000, 20_000),
        100,
        "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 2231 (apt-get)",
    ),
    (
        "apt-get -y upgrade nginx openssl libssl3",
        (20_000, 90_000),
        100,
        "E: Could not get lock /var/lib/dpkg/lock-frontend",
    ),
    ("df -h /", (50, 300), 1, "df: /: Input/output error"),
    (
        "/usr/local/bin/backup.sh",
        (30_000, 600_000),
        12,
        "rsync: connection unexpectedly closed",
    ),
    (
        "docker compose pull && docker compose up -d",
        (5_000, 60_000),
        1,
        "Error response from daemon: pull access denied for registry.example.com/fleet/api",
    ),
];

/// Files moved through a session, and a typical size in bytes.
const FILES: [(&str, (i64, i64)); 5] = [
    ("/etc/nginx/conf.d/fleet.conf", (800, 6_000)),
    ("/var/log/nginx/error.log", (4_000, 2_000_000)),
    ("/tmp/fleet-agent-update.tar.gz", (8_000_000, 40_000_000)),
    ("/srv/app/.env.production", (200, 2_000)),
    ("/home/deploy/reports/disk-usage.csv", (1_000, 80_000)),
];

/// Scheduled jobs of the legacy `schedule.*` events: name, command, and how it fails.
const SCHEDULES: [(&str, &str, i64, &str); 3] = [
    (
        "nightly-apt-update",
        "apt-get update",
        100,
        "E: Could not get lock /var/lib/apt/lists/lock",
    ),
    (
        "nightly-backup",
        "/usr/local/bin/backup.sh",
        12,
        "rsync: connection unexpectedly closed",
    ),
    (
        "hourly-log-rotate",
        "logrotate /etc/logrotate.conf",
        1,
        "error: skipping \"/var/log/nginx/access.log\" because parent directory has insecure permissions",
    ),
];

fn data(kind: &Kind, v: &mut Values) -> Result<Json, Failure> {
    let now = v.now();
    let machine = Machine::new(v);
    let session_started = v.before(60, 3_600);
    let session_id = format!("sess_{}", v.ulid(session_started));
    let data = match kind {
        Kind::SessionCreated
        | Kind::SessionConnected
        | Kind::SessionClientAttached
        | Kind::SessionClientDetached
        | Kind::SessionGracePeriod
        | Kind::SessionDisconnected => {
            let mut members = vec![
                ("session_id", Json::from(session_id)),
                ("machine_id", Json::from(machine.id)),
                ("machine_hostname", Json::from(machine.hostname)),
            ];
            let (status, rest) = match kind {
                Kind::SessionCreated => (
                    "pending",
                    vec![
                        ("created_at", Json::from(rfc3339_secs(now))),
                        ("created_by", Json::from(format!("usr_{}", v.crockford(6)))),
                    ],
                ),
                Kind::SessionConnected => (
                    "connected",
                    vec![(
                        "agent_version",
                        Json::from(v.pick(&["2.14.3", "2.15.0", "2.15.1"])),
                    )],
                ),
                Kind::SessionClientAttached => (
                    "active",
                    vec![
                        ("client_id", Json::from(format!("cli_{}", v.crockford(6)))),
                        ("client_type", Json::from(v.pick(&["web", "cli", "mobile"]))),
                    ],
                ),
                Kind::SessionClientDetached => (
                    "connected",
                    vec![("client_id", Json::from(format!("cli_{}", v.crockford(6))))],
                ),
                Kind::SessionGracePeriod => (
                    "grace_period",
                    vec![("grace_period_seconds", Json::from(300_i64))],
                ),
                _ => (
                    "disconnected",
                    vec![(
                        "reason",
                        Json::from(v.pick(&[
                            "grace_period_expired",
                            "client_closed",
                            "agent_shutdown",
                        ])),
                    )],
                ),
            };
            members.push(("status", Json::from(status)));
            members.extend(rest);
            Json::Object(members)
        }
        Kind::MachineOnline => object! {
            "machine_id" => machine.id,
            "machine_name" => machine.name,
            "last_seen" => rfc3339_secs(now),
        },
        Kind::MachineOffline => object! {
            "machine_id" => machine.id,
            "machine_name" => machine.name,
            "last_seen" => rfc3339_secs(v.before(60, 600)),
        },
        Kind::MachineRegistered => object! {
            "machine_id" => machine.id,
            "machine_name" => machine.name,
            "os" => v.pick(&["linux", "darwin", "windows"]),
            "arch" => v.pick(&["amd64", "arm64"]),
        },
        Kind::CommandStarted
        | Kind::CommandCompleted
        | Kind::CommandFailed
        | Kind::CommandTimeout => command(kind, v, machine, session_id),
        Kind::FileUploaded | Kind::FileDownloaded | Kind::FileDeleted => {
            let (path, (min, max)) = v.pick(&FILES);
            let name = path.rsplit('/').next().unwrap_or(path);
            let mut members = Vec::new();
            if !matches!(kind, Kind::FileDeleted) {
                members.push(("session_id", Json::from(session_id)));
            }
            members.push(("machine_id", Json::from(machine.id)));
            members.push(("machine_hostname", Json::from(machine.hostname)));
            members.push(("path", Json::from(path)));
            members.push(("name", Json::from(name)));
            if !matches!(kind, Kind::FileDeleted) {
                members.push(("size", Json::from(v.int(min..=max))));
            }
            if matches!(kind, Kind::FileUploaded) {
                members.push(("sha256", Json::from(v.hex(64))));
            }
            Json::Object(members)
        }
        Kind::Test => object! { "message" => "This is a test webhook" },
        Kind::ScheduleCompleted | Kind::ScheduleFailed => {
            let (name, command, failure_code, failure) = v.pick(&SCHEDULES);
            let mut members = vec![
                ("schedule_id", Json::from(format!("sch_{}", v.crockford(6)))),
                ("schedule_name", Json::from(name)),
                ("machine_id", Json::from(machine.id)),
                ("command", Json::from(command)),
            ];
            if matches!(kind, Kind::ScheduleFailed) {
                members.push(("exit_code", Json::from(failure_code)));
                members.push(("error", Json::from(failure)));
            } else {
                members.push(("exit_code", Json::from(0_i64)));
            }
            Json::Object(members)
        }
        other => {
            return Err(Failure::usage(format_args!(
                "cmdop {other} has no simulation yet"
            )));
        }
    };
    Ok(data)
}

/// `command.*` data: a run that started now, or one that ended now after its usual duration.
fn command(kind: &Kind, v: &mut Values, machine: Machine, session_id: String) -> Json {
    let now = v.now();
    let (line, (min, max), failure_code, failure) = v.pick(&COMMANDS);
    let mut members = vec![
        ("command_id", Json::from(format!("cmd_{}", v.ulid(now)))),
        ("session_id", Json::from(session_id)),
        ("machine_id", Json::from(machine.id)),
        ("machine_hostname", Json::from(machine.hostname)),
        ("command", Json::from(line)),
    ];
    if matches!(kind, Kind::CommandStarted) {
        members.push(("status", Json::from("running")));
        members.push(("started_at", Json::from(rfc3339_secs(now))));
        return Json::Object(members);
    }
    if matches!(kind, Kind::CommandTimeout) {
        let timeout = v.pick(&[300_i64, 900, 1_800]);
        members.push(("status", Json::from("timeout")));
        members.push(("exit_code", Json::Null));
        members.push(("duration", Json::from(timeout)));
        members.push(("timeout", Json::from(timeout)));
        members.push((
            "started_at",
            Json::from(rfc3339_secs(now - TimeDelta::seconds(timeout))),
        ));
        return Json::Object(members);
    }
    let ms = v.int(min..=max);
    let started = now - TimeDelta::milliseconds(ms);
    let failed = matches!(kind, Kind::CommandFailed);
    members.push((
        "status",
        Json::from(if failed { "failed" } else { "completed" }),
    ));
    members.push((
        "exit_code",
        Json::from(if failed { failure_code } else { 0 }),
    ));
    // Seconds with milliseconds, as cmdop's Commands API reports them (`1.842`); every duration
    // in COMMANDS fits an i32 of milliseconds.
    let secs = f64::from(i32::try_from(ms).unwrap_or(i32::MAX)) / 1000.0;
    members.push(("duration", Json::from(secs)));
    members.push(("started_at", Json::from(rfc3339_secs(started))));
    members.push(("finished_at", Json::from(rfc3339_secs(now))));
    if failed {
        members.push(("error", Json::from(failure)));
    }
    Json::Object(members)
}
