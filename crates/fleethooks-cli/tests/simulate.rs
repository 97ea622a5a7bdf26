//! `fleethooks simulate`, run as the built binary: every listed event parses with `fleethooks
//! parse` as the event it names, in both of Jamf's forms; seeds reproduce payloads byte for
//! byte; values have the shapes real deliveries have; bad combinations are usage errors.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail the test on bad output"
)]

mod support;

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use chrono::{DateTime, Utc};
use serde_json::Value;
use support::{fleethooks, one_json_line};

/// Jamf's 22 documented events, as the webhook document spells `webhookEvent`.
const JAMF_EVENTS: [&str; 22] = [
    "ComputerAdded",
    "ComputerCheckIn",
    "ComputerInventoryCompleted",
    "ComputerPatchPolicyCompleted",
    "ComputerPolicyFinished",
    "ComputerPushCapabilityChanged",
    "DeviceAddedToDEP",
    "JSSShutdown",
    "JSSStartup",
    "MobileDeviceCheckIn",
    "MobileDeviceCommandCompleted",
    "MobileDeviceEnrolled",
    "MobileDeviceInventoryCompleted",
    "MobileDevicePushSent",
    "MobileDeviceUnEnrolled",
    "PatchSoftwareTitleUpdated",
    "PushSent",
    "RestAPIOperation",
    "SCEPChallenge",
    "SmartGroupComputerMembershipChange",
    "SmartGroupMobileDeviceMembershipChange",
    "SmartGroupUserMembershipChange",
];

/// cmdop's documented types in the document's order, `test`, and the legacy `schedule.*`.
const CMDOP_EVENTS: [&str; 19] = [
    "session.created",
    "session.connected",
    "session.client_attached",
    "session.client_detached",
    "session.grace_period",
    "session.disconnected",
    "machine.online",
    "machine.offline",
    "machine.registered",
    "command.started",
    "command.completed",
    "command.failed",
    "command.timeout",
    "file.uploaded",
    "file.downloaded",
    "file.deleted",
    "test",
    "schedule.completed",
    "schedule.failed",
];

/// The seventeen members JumpCloud documents for an alert, in its order.
const ALERT_FIELDS: [&str; 17] = [
    "alert_id",
    "alert_title",
    "category",
    "description",
    "di_event",
    "event_description",
    "initiated_by",
    "occurred_at",
    "previous_alert_status",
    "priority",
    "rule_id",
    "source_id",
    "source_name",
    "source_type",
    "source_url",
    "status",
    "update_at",
];

/// Standard output of a `fleethooks` run that must succeed.
fn run(args: &[&str]) -> Vec<u8> {
    let output = fleethooks().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "fleethooks {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// `fleethooks simulate ARGS…`, checked to end in exactly one newline.
fn simulate(args: &[&str]) -> Vec<u8> {
    let mut full = vec!["simulate"];
    full.extend_from_slice(args);
    let out = run(&full);
    assert!(
        out.ends_with(b"\n") && !out.ends_with(b"\n\n"),
        "simulate {}: output must end in one newline",
        args.join(" ")
    );
    out
}

fn simulate_json(args: &[&str]) -> Value {
    serde_json::from_slice(&simulate(args)).unwrap()
}

/// The summary `fleethooks parse --source SOURCE [ARGS…]` prints for `body` on stdin.
fn parse(source: &str, extra: &[&str], body: &[u8]) -> Value {
    let mut args = vec!["parse", "--source", source];
    args.extend_from_slice(extra);
    let output = fleethooks()
        .args(&args)
        .write_stdin(body.to_vec())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "parse --source {source} of\n{}\n{}",
        String::from_utf8_lossy(body),
        String::from_utf8_lossy(&output.stderr)
    );
    one_json_line(&output.stdout)
}

/// The `(source, event)` lines of `simulate --list`.
fn list() -> Vec<(String, String)> {
    String::from_utf8(simulate(&["--list"]))
        .unwrap()
        .lines()
        .map(|line| {
            let (source, event) = line.split_once(' ').unwrap();
            (source.to_owned(), event.to_owned())
        })
        .collect()
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

fn is_upper_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('A'..='F').contains(&c),
        })
}

fn is_lower_uuid(s: &str) -> bool {
    is_upper_uuid(&s.to_ascii_uppercase()) && s == s.to_ascii_lowercase()
}

/// `C02XK1JDJG5J`: twelve upper-case letters and digits.
fn is_apple_serial(s: &str) -> bool {
    s.len() == 12
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// `A4:83:E7:1C:2B:9F`.
fn is_mac_address(s: &str) -> bool {
    s.len() == 17
        && s.char_indices().all(|(i, c)| {
            if i % 3 == 2 {
                c == ':'
            } else {
                c.is_ascii_digit() || ('A'..='F').contains(&c)
            }
        })
}

fn is_private_ipv4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_private())
}

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The millisecond time of a ULID (its first ten characters), or `None` if it is not one.
fn ulid_ms(s: &str) -> Option<i64> {
    if s.len() != 26 {
        return None;
    }
    let mut value: i64 = 0;
    for c in s.chars() {
        CROCKFORD.find(c)?;
    }
    for c in s[..10].chars() {
        value = value * 32 + i64::try_from(CROCKFORD.find(c)?).ok()?;
    }
    Some(value)
}

/// Whether the last digit of `digits` is their Luhn check digit.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap();
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// RFC 3339 in UTC with exactly three fraction digits: `2026-11-24T13:05:12.481Z`.
fn millis_time(value: &Value) -> DateTime<Utc> {
    let text = value.as_str().unwrap();
    assert_eq!(text.len(), 24, "{text}");
    assert!(text.ends_with('Z') && text.as_bytes()[19] == b'.', "{text}");
    text.parse().unwrap()
}

#[test]
fn list_names_every_event_one_per_line() {
    let mut expected: Vec<String> = JAMF_EVENTS.iter().map(|e| format!("jamf {e}")).collect();
    expected.push("jumpcloud alert".to_owned());
    expected.extend(CMDOP_EVENTS.iter().map(|e| format!("cmdop {e}")));
    let text = String::from_utf8(simulate(&["--list"])).unwrap();
    assert_eq!(text, expected.join("\n") + "\n");
}

#[test]
fn list_of_one_source_names_its_events_only() {
    let jamf = String::from_utf8(simulate(&["--list", "jamf"])).unwrap();
    assert_eq!(jamf.lines().count(), 22);
    assert!(jamf.lines().all(|l| l.starts_with("jamf ")), "{jamf}");
    let cmdop = String::from_utf8(simulate(&["--list", "CMDOP"])).unwrap();
    let events: Vec<&str> = cmdop
        .lines()
        .map(|l| l.trim_start_matches("cmdop "))
        .collect();
    assert_eq!(events, CMDOP_EVENTS);
    assert_eq!(simulate(&["--list", "JumpCloud"]), b"jumpcloud alert\n");
}

/// The promise: every simulated payload parses with `fleethooks parse`, told apart by
/// `--source auto` and by its own `--source`, as the event it names.
#[test]
fn every_listed_event_parses_as_itself_in_every_form() {
    let events = list();
    assert_eq!(events.len(), 42);
    for (source, event) in &events {
        let expected_type = if source == "jumpcloud" {
            "alert"
        } else {
            event.as_str()
        };
        let mut forms = vec![("json", simulate(&[source, event, "--seed", "11"]))];
        if source == "jamf" {
            forms.push((
                "xml",
                simulate(&[source, event, "--seed", "11", "--format", "xml"]),
            ));
        }
        let mut keys = BTreeSet::new();
        for (form, body) in &forms {
            for as_source in ["auto", source.as_str()] {
                let summary = parse(as_source, &[], body);
                let context = format!("{source} {event} as {form}, --source {as_source}");
                assert_eq!(summary["source"], source.as_str(), "{context}");
                assert_eq!(summary["type"], expected_type, "{context}");
                assert!(summary["occurred_at"].is_string(), "{context}");
                keys.insert((
                    summary["key"].as_str().unwrap().to_owned(),
                    summary["occurred_at"].as_str().unwrap().to_owned(),
                ));
            }
        }
        // JSON and XML of one seed are one event: one dedup key, one time.
        assert_eq!(keys.len(), 1, "{source} {event}: {keys:?}");
    }
}

#[test]
fn jamf_xml_is_what_parse_writes_for_the_json_twin() {
    for event in JAMF_EVENTS {
        let json = simulate(&["jamf", event, "--seed", "23"]);
        let xml = simulate(&["jamf", event, "--seed", "23", "--format", "xml"]);
        let text = String::from_utf8(xml.clone()).unwrap();
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><JSSEvent><webhook>"),
            "{event}: {text}"
        );
        let converted = fleethooks()
            .args(["parse", "--source", "jamf", "--to", "xml"])
            .write_stdin(json)
            .output()
            .unwrap();
        assert!(converted.status.success(), "{event}");
        assert_eq!(
            String::from_utf8(converted.stdout).unwrap(),
            text,
            "{event}"
        );
    }
}

#[test]
fn a_seed_reproduces_every_payload_byte_for_byte() {
    for (source, event) in list() {
        let first = simulate(&[&source, &event, "--seed", "1234"]);
        assert_eq!(
            first,
            simulate(&[&source, &event, "--seed", "1234"]),
            "{source} {event}"
        );
        assert_ne!(
            first,
            simulate(&[&source, &event, "--seed", "1235"]),
            "{source} {event}"
        );
    }
    let xml = ["jamf", "SCEPChallenge", "--seed", "7", "--format", "xml"];
    assert_eq!(simulate(&xml), simulate(&xml));
}

/// A seeded clock is 2025-01-06T08:00:00Z plus up to 90 days, whatever the real time.
#[test]
fn a_seeded_payload_has_a_seeded_time() {
    const BASE_MS: i64 = 1_736_150_400_000;
    const SPAN_MS: i64 = 90 * 24 * 60 * 60 * 1000;
    for seed in ["0", "1", "18446744073709551615"] {
        let event = simulate_json(&["jamf", "ComputerAdded", "--seed", seed]);
        let ms = event["webhook"]["eventTimestamp"].as_i64().unwrap();
        assert!(
            (BASE_MS..BASE_MS + SPAN_MS).contains(&ms),
            "--seed {seed}: {ms}"
        );
        let cmdop = simulate_json(&["cmdop", "test", "--seed", seed]);
        let at: DateTime<Utc> = cmdop["timestamp"].as_str().unwrap().parse().unwrap();
        assert!((BASE_MS..BASE_MS + SPAN_MS).contains(&at.timestamp_millis()));
    }
}

#[test]
fn unseeded_runs_are_fresh() {
    let a = simulate_json(&["cmdop", "machine.offline"]);
    let b = simulate_json(&["cmdop", "machine.offline"]);
    assert_ne!(a["id"], b["id"]);
    assert_ne!(a["data"]["machine_id"], b["data"]["machine_id"]);

    let a = simulate_json(&["jumpcloud", "alert"]);
    let b = simulate_json(&["jumpcloud", "alert"]);
    assert_ne!(a["alert_id"], b["alert_id"]);

    let a = simulate_json(&["jamf", "ComputerAdded"]);
    let b = simulate_json(&["jamf", "ComputerAdded"]);
    for field in ["udid", "serialNumber", "managementId", "macAddress"] {
        assert_ne!(a["event"][field], b["event"][field], "{field}");
    }
}

#[test]
fn jamf_payloads_look_like_jamf_pro_sends_them() {
    let before = now_ms();
    let text = String::from_utf8(simulate(&["jamf", "ComputerAdded"])).unwrap();
    let after = now_ms();
    // Jamf's order: `event` first, then `webhook` with its members alphabetical.
    assert!(
        text.starts_with("{\n  \"event\": {\n    \"alternateMacAddress\": "),
        "{text}"
    );
    let webhook = text
        .find("\n  \"webhook\": {\n    \"eventTimestamp\": ")
        .unwrap();
    let tail = &text[webhook..];
    let positions: Vec<usize> = [
        "\"id\": ",
        "\"name\": ",
        "\"webhookEvent\": \"ComputerAdded\"",
    ]
    .iter()
    .map(|key| tail.find(key).unwrap())
    .collect();
    assert!(positions.is_sorted(), "{tail}");

    let json: Value = serde_json::from_str(&text).unwrap();
    let stamp = &json["webhook"]["eventTimestamp"];
    assert_eq!(stamp.to_string().len(), 13, "{stamp}");
    let ms = stamp.as_i64().unwrap();
    assert!(
        before - 60_000 <= ms && ms <= after + 60_000,
        "{ms} is not now"
    );
    assert!(json["webhook"]["id"].is_i64());

    let computer = &json["event"];
    let serial = computer["serialNumber"].as_str().unwrap();
    assert!(is_apple_serial(serial), "{serial}");
    let udid = computer["udid"].as_str().unwrap();
    assert!(is_upper_uuid(udid), "{udid}");
    assert!(is_lower_uuid(computer["managementId"].as_str().unwrap()));
    for field in ["macAddress", "alternateMacAddress"] {
        let mac = computer[field].as_str().unwrap();
        assert!(is_mac_address(mac), "{field}: {mac}");
    }
    for field in ["ipAddress", "reportedIpAddress"] {
        let ip = computer[field].as_str().unwrap();
        assert!(is_private_ipv4(ip), "{field}: {ip}");
    }
    assert!(computer["jssID"].as_i64().is_some_and(|id| id > 0));
    let username = computer["username"].as_str().unwrap();
    let email = computer["emailAddress"].as_str().unwrap();
    assert!(email.starts_with(&format!("{username}@")), "{email}");
    let real_name = computer["realName"].as_str().unwrap();
    assert!(real_name.contains(' '), "{real_name}");
    assert!(computer["osVersion"].as_str().unwrap().starts_with('1'));
    assert!(!computer["building"].as_str().unwrap().is_empty());
    assert!(!computer["department"].as_str().unwrap().is_empty());
}

#[test]
fn scep_challenge_comes_webhook_first_as_the_document_shows() {
    let text = String::from_utf8(simulate(&["jamf", "SCEPChallenge", "--seed", "3"])).unwrap();
    assert!(
        text.starts_with(
            "{\n  \"webhook\": {\n    \"webhookEvent\": \"SCEPChallenge\",\n    \"id\": "
        ),
        "{text}"
    );
}

#[test]
fn mobile_devices_have_real_identifiers() {
    // Over several seeds, so both cellular and Wi-Fi-only models appear.
    let mut cellular = 0;
    for seed in 0..12 {
        let seed = seed.to_string();
        let json = simulate_json(&["jamf", "MobileDeviceEnrolled", "--seed", &seed]);
        let device = &json["event"];
        assert!(is_upper_uuid(device["udid"].as_str().unwrap()));
        assert!(is_apple_serial(device["serialNumber"].as_str().unwrap()));
        assert!(is_mac_address(device["wifiMacAddress"].as_str().unwrap()));
        assert!(is_mac_address(
            device["bluetoothMacAddress"].as_str().unwrap()
        ));
        assert_eq!(device["version"], device["osVersion"]);
        let imei: String = device["imei"].as_str().unwrap().replace(' ', "");
        let iccid: String = device["icciID"].as_str().unwrap().replace(' ', "");
        if imei.is_empty() {
            assert!(iccid.is_empty(), "a Wi-Fi-only device has neither");
            continue;
        }
        cellular += 1;
        assert_eq!(imei.len(), 15, "{imei}");
        assert!(luhn_valid(&imei), "IMEI check digit: {imei}");
        assert_eq!(iccid.len(), 20, "{iccid}");
        assert!(
            iccid.starts_with("89") && luhn_valid(&iccid),
            "ICCID: {iccid}"
        );
    }
    assert!(cellular > 0);
}

#[test]
fn jumpcloud_alerts_have_the_documented_members_and_real_values() {
    let before = now_ms();
    let text = String::from_utf8(simulate(&["jumpcloud", "alert"])).unwrap();
    let after = now_ms();
    // The document's member order.
    let positions: Vec<usize> = ALERT_FIELDS
        .iter()
        .map(|field| text.find(&format!("\n  \"{field}\": ")).unwrap())
        .collect();
    assert!(positions.is_sorted(), "{text}");

    let alert: Value = serde_json::from_str(&text).unwrap();
    let members: BTreeSet<&str> = alert
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(members, ALERT_FIELDS.into_iter().collect());
    let alert_id = alert["alert_id"].as_str().unwrap();
    assert!(is_lower_hex(alert_id, 24), "{alert_id}");
    for field in ["rule_id", "source_id"] {
        assert!(is_lower_hex(alert[field].as_str().unwrap(), 24), "{field}");
    }
    let occurred = millis_time(&alert["occurred_at"]);
    let updated = millis_time(&alert["update_at"]);
    assert!(occurred <= updated);
    let updated_ms = updated.timestamp_millis();
    assert!(before - 60_000 <= updated_ms && updated_ms <= after + 60_000);
    // An object id starts with its creation second.
    assert_eq!(&alert_id[..8], format!("{:08x}", occurred.timestamp()));
    assert_eq!(
        alert["source_url"],
        format!("https://console.jumpcloud.com/#/alerts/{alert_id}")
    );
    assert!(["Critical", "High", "Medium", "Low"].contains(&alert["priority"].as_str().unwrap()));
    let statuses = ["Open", "Acknowledged", "Resolved", "Auto-Resolved"];
    assert!(statuses.contains(&alert["status"].as_str().unwrap()));
    assert!(statuses.contains(&alert["previous_alert_status"].as_str().unwrap()));
}

#[test]
fn jumpcloud_priority_and_status_come_from_the_flags() {
    let cases: [(&[&str], Option<&str>, Option<&str>); 5] = [
        (
            &["--priority", "High", "--status", "Resolved"],
            Some("High"),
            Some("Resolved"),
        ),
        // Documented values in the document's spelling, whatever the case or separator.
        (&["--priority", "critical"], Some("Critical"), None),
        (
            &["--status", "auto_resolved", "--priority", "LOW"],
            Some("Low"),
            Some("Auto-Resolved"),
        ),
        // Anything else passes through as typed.
        (
            &["--priority", "Informational", "--status", "Snoozed"],
            Some("Informational"),
            Some("Snoozed"),
        ),
        (&["--status", "In Review"], None, Some("In Review")),
    ];
    for (flags, priority, status) in cases {
        let mut args = vec!["jumpcloud", "alert", "--seed", "5"];
        args.extend_from_slice(flags);
        let body = simulate(&args);
        let alert: Value = serde_json::from_slice(&body).unwrap();
        if let Some(priority) = priority {
            assert_eq!(alert["priority"], priority, "{flags:?}");
        }
        if let Some(status) = status {
            assert_eq!(alert["status"], status, "{flags:?}");
            // The status is part of JumpCloud's dedup key.
            let summary = parse("auto", &[], &body);
            assert!(
                summary["key"]
                    .as_str()
                    .unwrap()
                    .contains(&format!(":{status}:")),
                "{summary}"
            );
        }
    }
}

#[test]
fn cmdop_envelopes_have_real_ids_and_times() {
    let before = now_ms();
    let text = String::from_utf8(simulate(&["cmdop", "machine.offline"])).unwrap();
    let after = now_ms();
    assert!(text.starts_with("{\n  \"id\": \"evt_"), "{text}");
    let order: Vec<usize> = ["\"type\": ", "\"timestamp\": ", "\"data\": "]
        .iter()
        .map(|key| text.find(key).unwrap())
        .collect();
    assert!(order.is_sorted(), "{text}");

    let event: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(event["type"], "machine.offline");
    let at: DateTime<Utc> = event["timestamp"].as_str().unwrap().parse().unwrap();
    let ms = at.timestamp_millis();
    assert!(
        before - 60_000 <= ms && ms <= after + 60_000,
        "{at} is not now"
    );
    let id = event["id"].as_str().unwrap();
    let ulid = id.strip_prefix("evt_").unwrap();
    // A ULID of the event's own time: same second as `timestamp`.
    assert_eq!(
        ulid_ms(ulid).map(|t| t / 1000),
        Some(at.timestamp()),
        "{id}"
    );

    let data = &event["data"];
    let machine = data["machine_id"].as_str().unwrap();
    let suffix = machine.strip_prefix("mach_").unwrap();
    assert!(
        suffix.len() == 8 && suffix.chars().all(|c| CROCKFORD.contains(c)),
        "{machine}"
    );
    assert!(!data["machine_name"].as_str().unwrap().is_empty());
    let last_seen: DateTime<Utc> = data["last_seen"].as_str().unwrap().parse().unwrap();
    assert!(
        last_seen < at,
        "an offline machine was last seen before it went offline"
    );

    let test = simulate_json(&["cmdop", "test"]);
    assert_eq!(
        test["data"],
        serde_json::json!({"message": "This is a test webhook"})
    );

    let failed = simulate_json(&["cmdop", "command.failed", "--seed", "2"]);
    assert!(
        failed["data"]["exit_code"]
            .as_i64()
            .is_some_and(|code| code != 0)
    );
    assert_eq!(failed["data"]["status"], "failed");
    assert!(failed["data"]["error"].is_string());
}

#[test]
fn event_names_ignore_ascii_case() {
    let cases = [
        (["JAMF", "computeradded"], "ComputerAdded"),
        (["jamf", "MobileDeviceUnenrolled"], "MobileDeviceUnEnrolled"),
        (["jamf", "jssstartup"], "JSSStartup"),
        (["CmdOp", "MACHINE.OFFLINE"], "machine.offline"),
        (
            ["cmdop", "Session.Client_Attached"],
            "session.client_attached",
        ),
        (["JumpCloud", "ALERT"], "alert"),
    ];
    for (args, expected) in cases {
        let summary = parse("auto", &[], &simulate(&args));
        assert_eq!(summary["type"], expected, "{args:?}");
    }
}

/// Each simulated payload has the members of the crate fixture for its event (recorded from
/// the vendor documents and real deliveries), nested objects and list records included.
#[test]
fn members_match_the_vendor_fixtures() {
    // Where a fixture and the document differ, the simulation follows the document.
    let documented_extras: [(&str, &str); 1] = [
        // The fixture's server omitted `managementId`; the document lists it.
        ("MobileDeviceUnEnrolled", "$.event.managementId"),
    ];
    for event in JAMF_EVENTS {
        for seed in ["1", "2", "3", "4"] {
            let simulated = simulate_json(&["jamf", event, "--seed", seed]);
            let fixture = jamf_fixture(event, &simulated);
            let mut got = members(&simulated, "$");
            for (name, path) in documented_extras {
                if name == event {
                    assert!(got.remove(path), "{event}: {path}");
                }
            }
            assert_eq!(
                same_records(got),
                same_records(members(&fixture, "$")),
                "jamf {event} --seed {seed}"
            );
        }
    }
    for event in CMDOP_EVENTS {
        let simulated = simulate_json(&["cmdop", event, "--seed", "1"]);
        // The failed fixture names the command `id` and has no session; its members are
        // otherwise those of a completed command and an error.
        let fixture = if event == "command.failed" {
            let mut completed = cmdop_fixture("command.completed");
            completed["data"]["error"] = Value::from("E: …");
            completed
        } else {
            cmdop_fixture(event)
        };
        let mut got = members(&simulated, "$");
        if event == "command.timeout" {
            // A command that timed out ran in a session too.
            assert!(got.remove("$.data.session_id"));
        }
        assert_eq!(got, members(&fixture, "$"), "cmdop {event}");
    }
}

/// Device records of a smart group change have one shape whichever list holds them; the
/// fixtures fill one list, a simulation either.
fn same_records(paths: BTreeSet<String>) -> BTreeSet<String> {
    paths
        .into_iter()
        .map(|p| {
            p.replace(
                "$.event.groupRemovedDevices[]",
                "$.event.groupAddedDevices[]",
            )
        })
        .collect()
}

fn jamf_fixture(event: &str, simulated: &Value) -> Value {
    let name = match event {
        "ComputerAdded" => "computer_added",
        "ComputerCheckIn" => "computer_check_in",
        "ComputerInventoryCompleted" => "computer_inventory_completed",
        "ComputerPatchPolicyCompleted" => "computer_patch_policy_completed",
        "ComputerPolicyFinished" => "computer_policy_finished",
        "ComputerPushCapabilityChanged" => "computer_push_capability_changed",
        "DeviceAddedToDEP" => "device_added_to_dep",
        "JSSShutdown" => "jss_shutdown",
        "JSSStartup" => "jss_startup",
        "MobileDeviceCheckIn" => "mobile_device_check_in",
        "MobileDeviceCommandCompleted" => "mobile_device_command_completed",
        "MobileDeviceEnrolled" => "mobile_device_enrolled",
        "MobileDeviceInventoryCompleted" => "mobile_device_inventory_completed",
        "MobileDevicePushSent" => "mobile_device_push_sent",
        "MobileDeviceUnEnrolled" => "mobile_device_unenrolled",
        // Both forms the document shows: a list of report URLs, or one.
        "PatchSoftwareTitleUpdated" if simulated["event"]["reportUrl"].is_string() => {
            "patch_software_title_updated_report_url"
        }
        "PatchSoftwareTitleUpdated" => "patch_software_title_updated",
        // Both forms: by management id, or by `jssid`.
        "PushSent" if simulated["event"]["jssid"].is_i64() => "push_sent_jssid",
        "PushSent" => "push_sent",
        "RestAPIOperation" => "rest_api_operation",
        "SCEPChallenge" => "scep_challenge",
        "SmartGroupComputerMembershipChange" => "smart_group_computer_membership_change",
        "SmartGroupMobileDeviceMembershipChange" => "smart_group_mobile_device_membership_change",
        "SmartGroupUserMembershipChange" => "smart_group_user_membership_change",
        other => panic!("no fixture for {other}"),
    };
    let path = format!("../fleethooks-jamf/tests/fixtures/{name}.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn cmdop_fixture(event: &str) -> Value {
    let path = format!(
        "../fleethooks-cmdop/tests/fixtures/{}.json",
        event.replace('.', "_")
    );
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every member path of `value`: `$.event.computer.udid`; the records of a list of objects
/// under `$.list[]`.
fn members(value: &Value, path: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = format!("{path}.{key}");
                out.insert(child_path.clone());
                out.extend(members(child, &child_path));
            }
        }
        Value::Array(items) => {
            for item in items {
                out.extend(members(item, &format!("{path}[]")));
            }
        }
        _ => {}
    }
    out
}

#[test]
fn bad_combinations_are_usage_errors_naming_the_choices() {
    let jamf_list = JAMF_EVENTS.join(", ");
    let cmdop_list = CMDOP_EVENTS.join(", ");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["fleet", "alert"],
            "unknown source `fleet`: expected jamf, jumpcloud or cmdop".to_owned(),
        ),
        (
            vec!["jamf", "ComputerExploded"],
            format!(
                "unknown Jamf event `ComputerExploded`: expected one of {jamf_list} (fleethooks simulate --list jamf)"
            ),
        ),
        (
            vec!["cmdop", "machine.rebooted"],
            format!(
                "unknown cmdop event `machine.rebooted`: expected one of {cmdop_list} (fleethooks simulate --list cmdop)"
            ),
        ),
        (
            vec!["jumpcloud", "incident"],
            "unknown JumpCloud event `incident`: JumpCloud sends one, alert".to_owned(),
        ),
        (
            vec!["jumpcloud", "alert", "--format", "xml"],
            "--format xml is only for jamf; jumpcloud sends JSON".to_owned(),
        ),
        (
            vec!["cmdop", "test", "--format", "xml"],
            "--format xml is only for jamf; cmdop sends JSON".to_owned(),
        ),
        (
            vec!["jamf", "PushSent", "--priority", "High"],
            "--priority is only for jumpcloud alerts, not jamf".to_owned(),
        ),
        (
            vec!["cmdop", "test", "--status", "Open"],
            "--status is only for jumpcloud alerts, not cmdop".to_owned(),
        ),
        (
            vec!["--list", "jamf", "PushSent"],
            "--list takes at most a SOURCE, not an EVENT".to_owned(),
        ),
        (
            vec!["--list", "fleet"],
            "unknown source `fleet`: expected jamf, jumpcloud or cmdop".to_owned(),
        ),
    ];
    for (args, message) in cases {
        let mut full = vec!["simulate"];
        full.extend_from_slice(&args);
        let output = fleethooks().args(&full).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            format!("fleethooks: error: {message}\n"),
            "{args:?}"
        );
    }
    // Missing arguments are clap's usage errors: exit 2 too.
    for args in [&["simulate"][..], &["simulate", "jamf"][..]] {
        let output = fleethooks().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("EVENT"),
            "{args:?}"
        );
    }
}
