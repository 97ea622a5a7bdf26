//! One test per fixture: parse through the public entry point, check the variant and real field
//! values, and round-trip against the original JSON.
#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers unwrap; a failure is the test failing"
)]

use chrono::{DateTime, TimeZone, Utc};
use fleethooks_cmdop::{CmdopEvent, Event, EventData, EventType, Family, Source};
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path)
        .map_err(|e| format!("{path}: {e}"))
        .unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Serializing the parsed event gives back the original, compared as JSON values so that a
/// dropped or renamed field fails.
fn assert_round_trip(event: &CmdopEvent, original: &[u8]) {
    let expected: Value = serde_json::from_slice(original).unwrap();
    assert_eq!(serde_json::to_value(event).unwrap(), expected);
    let again = CmdopEvent::from_slice(&event.to_json().unwrap()).unwrap();
    assert_eq!(&again, event);
}

macro_rules! fixture_tests {
    ($( $name:ident => $file:literal, $kind:ident, |$event:ident| $check:block )*) => {
        $(
            #[test]
            fn $name() {
                let bytes = fixture($file);
                let $event = CmdopEvent::from_slice(&bytes).unwrap();
                assert_eq!($event.kind, EventType::$kind);
                assert_eq!($event.source(), Source::Cmdop);
                assert_eq!($event.event_type(), EventType::$kind.as_str());
                assert_eq!($event.dedup_key(), $event.id);
                assert_eq!($event.occurred_at(), Some($event.timestamp));
                $check
                assert_round_trip(&$event, &bytes);
            }
        )*
    };
}

fixture_tests! {
    session_created => "session_created.json", SessionCreated, |event| {
        let EventData::Session(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(event.id, "evt_01JD4R8Q2ZK7");
        assert_eq!(event.timestamp, Utc.with_ymd_and_hms(2024, 11, 20, 9, 10, 0).unwrap());
        assert_eq!(data.session_id.as_deref(), Some("sess_01JD4R7MC3"));
        assert_eq!(data.machine_hostname.as_deref(), Some("build-eu-02.fleet.example.net"));
        assert_eq!(data.status.as_deref(), Some("pending"));
        assert_eq!(data.created_at, Some(at("2024-11-20T09:10:00Z")));
        assert_eq!(data.extra["created_by"], "usr_3FJ8K2");
    }
    session_connected => "session_connected.json", SessionConnected, |event| {
        let EventData::Session(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.status.as_deref(), Some("connected"));
        assert_eq!(data.machine_id.as_deref(), Some("mach_7Q2K9XW4"));
        assert_eq!(data.extra["agent_version"], "2.14.3");
    }
    session_client_attached => "session_client_attached.json", SessionClientAttached, |event| {
        let EventData::Session(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.status.as_deref(), Some("active"));
        assert_eq!(data.extra["client_id"], "cli_8XK2M1");
        assert_eq!(data.extra["client_type"], "web");
    }
    session_client_detached => "session_client_detached.json", SessionClientDetached, |event| {
        let EventData::Session(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(event.timestamp, at("2024-11-20T09:41:17Z"));
        assert_eq!(data.session_id.as_deref(), Some("sess_01JD4R7MC3"));
    }
    session_grace_period => "session_grace_period.json", SessionGracePeriod, |event| {
        let EventData::Session(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.status.as_deref(), Some("grace_period"));
        assert_eq!(data.extra["grace_period_seconds"], 300);
    }
    session_disconnected => "session_disconnected.json", SessionDisconnected, |event| {
        let EventData::Session(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.status.as_deref(), Some("disconnected"));
        assert_eq!(data.extra["reason"], "grace_period_expired");
    }
    machine_online => "machine_online.json", MachineOnline, |event| {
        let EventData::Machine(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.machine_id, "mach_7Q2K9XW4");
        assert_eq!(data.machine_name, "build-eu-02");
        assert_eq!(data.last_seen, Some(at("2024-11-20T08:00:03Z")));
        assert!(data.extra.is_empty());
    }
    machine_offline => "machine_offline.json", MachineOffline, |event| {
        // The vendor document's own example.
        let EventData::Machine(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(event.id, "evt_xyz789");
        assert_eq!(event.timestamp, at("2024-01-20T15:45:00Z"));
        assert_eq!(data.machine_id, "mach_abc123");
        assert_eq!(data.machine_name, "production-server");
        assert_eq!(data.last_seen, Some(at("2024-01-20T15:44:00Z")));
    }
    machine_registered => "machine_registered.json", MachineRegistered, |event| {
        let EventData::Machine(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.machine_name, "kiosk-lobby-03");
        assert_eq!(data.last_seen, None);
        assert_eq!(data.extra["arch"], "arm64");
    }
    command_started => "command_started.json", CommandStarted, |event| {
        let EventData::Command(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.command_id(), Some("cmd_01JD4RA3F8"));
        assert_eq!(data.command.as_deref(), Some("systemctl restart nginx"));
        assert_eq!(data.status.as_deref(), Some("running"));
        assert_eq!(data.started_at, Some(at("2024-11-20T09:12:03Z")));
        assert_eq!(data.exit_code, None);
    }
    command_completed => "command_completed.json", CommandCompleted, |event| {
        let EventData::Command(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.exit_code, Some(0));
        assert_eq!(data.duration_secs(), Some(1.842));
        assert_eq!(data.finished_at, Some(at("2024-11-20T09:12:05Z")));
        assert!(!event.kind.is_failure());
    }
    command_completed_1kb => "command_completed_1kb.json", CommandCompleted, |event| {
        let EventData::Command(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.duration_secs(), Some(41.207));
        assert!(data.extra["output"].as_str().unwrap().ends_with("nginx.service restarted"));
    }
    command_failed => "command_failed.json", CommandFailed, |event| {
        // This one names the command `id`, as the Commands API does.
        let EventData::Command(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.command_id, None);
        assert_eq!(data.command_id(), Some("cmd_01JD4RD1K2"));
        assert_eq!(data.exit_code, Some(100));
        // An integer duration stays an integer.
        assert_eq!(data.duration, Some(12.into()));
        assert!(event.kind.is_failure());
    }
    command_timeout => "command_timeout.json", CommandTimeout, |event| {
        let EventData::Command(data) = &event.data else { panic!("{:?}", event.data) };
        // Fractional seconds in the envelope's timestamp.
        assert_eq!(event.timestamp, at("2024-11-20T09:45:00.250Z"));
        // Sent as `null`: no value, and written back as `null`.
        assert_eq!(data.exit_code, None);
        assert_eq!(data.extra["exit_code"], Value::Null);
        assert_eq!(data.finished_at, None);
        assert!(event.kind.is_failure());
    }
    file_uploaded => "file_uploaded.json", FileUploaded, |event| {
        let EventData::File(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.path.as_deref(), Some("/etc/nginx/conf.d/fleet.conf"));
        assert_eq!(data.name.as_deref(), Some("fleet.conf"));
        assert_eq!(data.size, Some(2231));
        assert_eq!(data.extra.len(), 1);
    }
    file_downloaded => "file_downloaded.json", FileDownloaded, |event| {
        let EventData::File(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.size, Some(48213));
        assert_eq!(data.session_id.as_deref(), Some("sess_01JD4R7MC3"));
    }
    file_deleted => "file_deleted.json", FileDeleted, |event| {
        let EventData::File(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.name.as_deref(), Some("fleet-agent-update.tar.gz"));
        assert_eq!(data.size, None);
    }
    test_event => "test.json", Test, |event| {
        // The vendor document's own example, sent by `POST /webhooks/:id/test`.
        let EventData::Test(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(event.id, "evt_test");
        assert_eq!(data.message, "This is a test webhook");
        assert_eq!(event.kind.family(), None);
    }
    schedule_completed => "schedule_completed.json", ScheduleCompleted, |event| {
        let EventData::Other(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data["schedule_name"], "nightly-apt-update");
        assert_eq!(event.kind.family(), Some(Family::Schedule));
        assert!(!event.kind.is_failure());
    }
    schedule_failed => "schedule_failed.json", ScheduleFailed, |event| {
        let EventData::Other(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data["exit_code"], 3);
        assert!(event.kind.is_failure());
    }
    machine_offline_data_first => "machine_offline_data_first.json", MachineOffline, |event| {
        // `data` before `type`: still typed.
        let EventData::Machine(data) = &event.data else { panic!("{:?}", event.data) };
        assert_eq!(data.machine_name, "production-server");
        assert_eq!(event, CmdopEvent::from_slice(&fixture("machine_offline.json")).unwrap());
    }
}

#[test]
fn unknown_type_keeps_type_data_and_envelope_fields() {
    let bytes = fixture("unknown_type.json");
    let event = CmdopEvent::from_slice(&bytes).unwrap();
    let EventType::Unknown(kind) = &event.kind else {
        panic!("{:?}", event.kind)
    };
    assert_eq!(kind, "machine.rebooted");
    assert_eq!(event.event_type(), "machine.rebooted");
    assert_eq!(event.kind.family(), Some(Family::Machine));
    let EventData::Other(data) = &event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(data["reason"], json!(["kernel", "update"]));
    assert_eq!(event.extra["delivery_attempt"], 1);
    assert_round_trip(&event, &bytes);
}

#[test]
fn every_type_string_round_trips() {
    for kind in EventType::KNOWN {
        assert!(kind.is_known());
        let text = kind.to_string();
        assert_eq!(&text.parse::<EventType>().unwrap(), kind);
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(text));
        assert_eq!(
            &serde_json::from_value::<EventType>(json!(text)).unwrap(),
            kind
        );
    }
    assert_eq!(EventType::KNOWN.len(), 19);
}

#[test]
fn type_names_match_by_the_shared_rule() {
    // ASCII case and `-`, `_`, space are ignored, as in every fleethooks crate; the known
    // spelling is written back.
    for (sent, kind) in [
        ("Machine.Offline", EventType::MachineOffline),
        ("COMMAND.FAILED", EventType::CommandFailed),
        ("session.client-attached", EventType::SessionClientAttached),
        ("session.clientattached", EventType::SessionClientAttached),
        ("Schedule.Failed", EventType::ScheduleFailed),
        ("TEST", EventType::Test),
    ] {
        let parsed = EventType::from(String::from(sent));
        assert_eq!(parsed, kind, "{sent}");
        assert_eq!(EventType::from(sent), kind, "{sent}");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(kind.as_str()));
    }
    // The dot is not a separator the rule ignores, and an unknown type keeps its spelling.
    for sent in ["machineoffline", "machine.rebooted", "Billing.Updated", ""] {
        assert_eq!(
            EventType::from(sent),
            EventType::Unknown(sent.to_owned()),
            "{sent}"
        );
        assert_eq!(EventType::from(sent).as_str(), sent);
    }
}

#[test]
fn a_differently_spelled_type_still_gets_typed_data() {
    let body = br#"{"id":"evt_01JD4RD5AB0C","type":"Command.Failed","timestamp":"2024-11-20T09:15:41Z","data":{"command_id":"cmd_01JD4RB7","exit_code":100}}"#;
    let event = CmdopEvent::from_slice(body).unwrap();
    assert_eq!(event.kind, EventType::CommandFailed);
    assert_eq!(event.event_type(), "command.failed");
    let EventData::Command(data) = &event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(data.exit_code, Some(100));
}

#[test]
fn types_sort_in_documented_order_then_unknown_by_text() {
    let mut kinds = vec![
        EventType::from("zeta.thing"),
        EventType::ScheduleFailed,
        EventType::from("alpha.thing"),
        EventType::SessionCreated,
        EventType::Test,
    ];
    kinds.sort();
    assert_eq!(
        kinds,
        [
            EventType::SessionCreated,
            EventType::Test,
            EventType::ScheduleFailed,
            EventType::Unknown("alpha.thing".to_owned()),
            EventType::Unknown("zeta.thing".to_owned()),
        ]
    );
}

#[test]
fn families_and_failures() {
    let family = |s: &str| EventType::from(s).family();
    assert_eq!(family("session.grace_period"), Some(Family::Session));
    assert_eq!(family("machine.registered"), Some(Family::Machine));
    assert_eq!(family("command.timeout"), Some(Family::Command));
    assert_eq!(family("file.deleted"), Some(Family::File));
    assert_eq!(family("schedule.failed"), Some(Family::Schedule));
    assert_eq!(family("billing.updated"), None);
    assert_eq!(family("test"), None);
    // Unknown types get a family from a prefix spelled by the same rule as names.
    assert_eq!(family("Machine.Rebooted"), Some(Family::Machine));
    assert_eq!(family("file_store.synced"), None);
    let failures: Vec<_> = EventType::KNOWN
        .iter()
        .filter(|kind| kind.is_failure())
        .cloned()
        .collect();
    assert_eq!(
        failures,
        [
            EventType::CommandFailed,
            EventType::CommandTimeout,
            EventType::ScheduleFailed
        ]
    );
}

#[test]
fn every_known_type_has_a_fixture() {
    for kind in EventType::KNOWN {
        let name = kind.as_str().replacen('.', "_", 1);
        let bytes = fixture(&format!("{name}.json"));
        assert_eq!(&CmdopEvent::from_slice(&bytes).unwrap().kind, kind);
    }
}

#[test]
fn built_events_serialize_to_cmdop_json() {
    let data = fleethooks_cmdop::MachineData::new("mach_abc123", "production-server")
        .with_last_seen(at("2024-01-20T15:44:00Z"));
    let event = CmdopEvent::new(
        "evt_xyz789",
        EventType::MachineOffline,
        at("2024-01-20T15:45:00Z"),
        EventData::Machine(data),
    );
    let expected: Value = serde_json::from_slice(&fixture("machine_offline.json")).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), expected);
}

#[test]
fn a_typed_field_set_later_wins_over_a_kept_null() {
    let bytes = fixture("command_timeout.json");
    let mut event = CmdopEvent::from_slice(&bytes).unwrap();
    let EventData::Command(data) = &mut event.data else {
        panic!()
    };
    data.exit_code = Some(124);
    let json = String::from_utf8(event.to_json().unwrap()).unwrap();
    assert_eq!(json.matches("\"exit_code\"").count(), 1, "{json}");
    assert!(json.contains("\"exit_code\":124"));
}

#[test]
fn escaped_keys_are_recognized() {
    let body = br#"{"\u0069d":"evt_1","type":"machine.online","timestamp":"2024-11-20T08:00:03Z","data":{"machine_\u0069d":"mach_1","machine_name":"m1"}}"#;
    let event = CmdopEvent::from_slice(body).unwrap();
    assert_eq!(event.id, "evt_1");
    let EventData::Machine(data) = &event.data else {
        panic!()
    };
    assert_eq!(data.machine_id, "mach_1");
}

#[test]
fn deserializes_from_a_value_too() {
    for name in [
        "command_failed.json",
        "machine_offline_data_first.json",
        "unknown_type.json",
    ] {
        let bytes = fixture(name);
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let from_value: CmdopEvent = serde_json::from_value(value).unwrap();
        assert_eq!(
            from_value,
            CmdopEvent::from_slice(&bytes).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let plain = fixture("machine_offline.json");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &plain].concat();
    assert_eq!(
        CmdopEvent::from_slice(&with_bom).unwrap(),
        CmdopEvent::from_slice(&plain).unwrap()
    );
    // Only one: a second mark is content, and not JSON.
    let twice = [b"\xEF\xBB\xBF".as_slice(), &with_bom].concat();
    assert!(CmdopEvent::from_slice(&twice).is_err());
}
