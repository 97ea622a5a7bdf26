//! Alert payloads: every fixture parsed, checked field by field, and serialized back against the
//! original; error messages pinned; vendor enums and timestamps.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers unwrap fixture reads"
)]

use chrono::{DateTime, TimeZone as _, Utc};
use fleethooks_jumpcloud::alert::is_retried;
use fleethooks_jumpcloud::{Alert, AlertStatus, Detail, Event, Priority, Source};
use http::StatusCode;
use proptest::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Drops `null` documented members, which the model reads as `None` and leaves out; every other
/// member, undocumented ones and their `null`s included, must come back.
fn without_documented_nulls(mut value: Value) -> Value {
    const FIELDS: [&str; 17] = [
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
    if let Value::Object(map) = &mut value {
        map.retain(|key, v| !(v.is_null() && FIELDS.contains(&key.as_str())));
    }
    value
}

/// Parses a fixture, checks it serializes back to the original, and returns it for the
/// field checks.
fn parse_and_round_trip(name: &str) -> Alert {
    let bytes = fixture(name);
    let alert = Alert::from_slice(&bytes).unwrap();
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        serde_json::to_value(&alert).unwrap(),
        without_documented_nulls(original),
        "{name} does not serialize back to the original"
    );
    // Nested JSON is kept as text, so a second trip gives the same text.
    let again = Alert::from_slice(&serde_json::to_vec(&alert).unwrap()).unwrap();
    assert_eq!(again, alert);
    alert
}

macro_rules! fixture_tests {
    ($($test:ident => $file:literal => |$alert:ident| $check:block)+) => {
        $(
            #[test]
            fn $test() {
                let $alert = parse_and_round_trip($file);
                $check
            }
        )+
    };
}

fixture_tests! {
    open_critical => "alert_open_critical.json" => |alert| {
        assert_eq!(alert.alert_id, "6743a0f2c9e77d0001b2c3d4");
        assert_eq!(alert.alert_title.as_deref(), Some("Multiple failed admin portal logins"));
        assert_eq!(alert.category.as_deref(), Some("Identity"));
        assert_eq!(alert.priority, Some(Priority::Critical));
        assert_eq!(alert.status, Some(AlertStatus::Open));
        assert_eq!(alert.previous_alert_status, Some(AlertStatus::Open));
        assert_eq!(alert.occurred_at, Some(utc("2026-11-24T13:05:12.481Z")));
        assert_eq!(alert.source_type.as_deref(), Some("insights_rule"));
        assert_eq!(alert.rule_id.as_deref(), Some("66f1c2d3e4a5b60012c7d8e9"));
        let Some(Detail::Json(event)) = &alert.di_event else {
            panic!("di_event should be nested JSON: {:?}", alert.di_event);
        };
        // Kept as sent, key order included, less the indentation.
        assert!(
            event
                .get()
                .starts_with(r#"{"id":"6743a0ee1f9b2a3c4d5e6f70","service":"directory","#)
        );
        assert!(event.get().contains(r#""region_name":"North Holland""#));
        let event: Value = alert.di_event.as_ref().unwrap().decode().unwrap();
        assert_eq!(event["geoip"]["country_code"], "NL");
        assert_eq!(event["initiated_by"]["email"], "j.devries@acme.example");
        assert!(alert.is_open());
        assert!(!alert.is_resolved());
        let transition = alert.transition().unwrap();
        assert!(!transition.is_change());
        assert_eq!(
            alert.dedup_key(),
            "6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z"
        );
    }
    acknowledged_high => "alert_acknowledged_high.json" => |alert| {
        assert_eq!(alert.priority, Some(Priority::High));
        assert_eq!(alert.status, Some(AlertStatus::Acknowledged));
        assert_eq!(
            alert.initiated_by.as_ref().and_then(Detail::as_text),
            Some("s.lindqvist@acme.example")
        );
        // A Directory Insights event that came as encoded JSON stays a string, and decodes.
        let event = alert.di_event.as_ref().unwrap();
        assert!(event.as_text().unwrap().starts_with("{\"service\":\"directory\""));
        let event: Value = event.decode().unwrap();
        assert_eq!(event["event_type"], "user_group_member_add");
        assert_eq!(alert.occurred_at, Some(utc("2026-11-24T14:31:58Z")));
        assert_eq!(alert.update_at, Some(utc("2026-11-24T14:40:03.250Z")));
        assert!(alert.is_open());
        let transition = alert.transition().unwrap();
        assert!(transition.is_change());
        assert!(!transition.is_resolution());
    }
    resolved_medium => "alert_resolved_medium.json" => |alert| {
        assert_eq!(alert.priority, Some(Priority::Medium));
        assert_eq!(alert.status, Some(AlertStatus::Resolved));
        assert!(alert.is_resolved());
        assert!(!alert.is_open());
        let transition = alert.transition().unwrap();
        assert_eq!(transition.from, Some(&AlertStatus::Acknowledged));
        assert!(transition.is_resolution());
        assert_eq!(
            alert.dedup_key(),
            "6742f9c01b2d3e0001a4b5c6:Resolved:2026-11-24T09:02:11.734Z"
        );
    }
    auto_resolved_low => "alert_auto_resolved_low.json" => |alert| {
        assert_eq!(alert.priority, Some(Priority::Low));
        assert_eq!(alert.status, Some(AlertStatus::AutoResolved));
        assert!(alert.is_resolved());
        assert_eq!(alert.di_event, None);
        assert_eq!(alert.initiated_by, None);
        // Microseconds are kept.
        assert_eq!(alert.update_at, Some(utc("2026-11-24T15:12:45.918273Z")));
        assert_eq!(
            alert.dedup_key(),
            "6743c0aa4e5f6a0001b7c8d9:Auto-Resolved:2026-11-24T15:12:45.918Z"
        );
    }
    unknown_values => "alert_unknown_values.json" => |alert| {
        assert_eq!(alert.priority, Some(Priority::Unknown("Informational".to_owned())));
        assert_eq!(alert.status, Some(AlertStatus::Unknown("Snoozed".to_owned())));
        assert_eq!(
            alert.previous_alert_status,
            Some(AlertStatus::Unknown("Pending Review".to_owned()))
        );
        assert!(!alert.is_open());
        assert!(!alert.is_resolved());
        assert_eq!(
            alert.dedup_key(),
            "6743d1f07a8b9c0001d2e3f4:Snoozed:2026-11-24T16:20:31.500Z"
        );
    }
    minimal => "alert_minimal.json" => |alert| {
        assert_eq!(alert.alert_id, "6743e2a1b3c4d50001e6f7a8");
        assert_eq!(alert.occurred_at, None);
        assert_eq!(alert.update_at, None);
        assert_eq!(alert.source_url, None);
        assert_eq!(alert.dedup_key(), "6743e2a1b3c4d50001e6f7a8:Open:");
        let transition = alert.transition().unwrap();
        assert_eq!(transition.from, None);
        assert!(transition.is_change());
    }
    nulls => "alert_nulls.json" => |alert| {
        assert_eq!(alert.category, None);
        assert_eq!(alert.di_event, None);
        assert_eq!(alert.previous_alert_status, None);
        assert_eq!(alert.update_at, None);
        assert_eq!(alert.occurred_at, Some(utc("2026-11-24T17:45:00Z")));
        // `null` is written back as absent.
        let json = serde_json::to_string(&alert).unwrap();
        assert!(!json.contains("null"), "{json}");
    }
    unknown_fields => "alert_unknown_fields.json" => |alert| {
        assert_eq!(alert.alert_title.as_deref(), Some("MFA disabled for user"));
        assert_eq!(alert.priority, Some(Priority::Critical));
        let names: Vec<&str> = alert.extra.keys().map(String::as_str).collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert_eq!(alert.extra["alert_type"], "insights");
        assert_eq!(alert.extra["organization_id"], "5f8e2c1a9b7d3e0012ab34cd");
        assert_eq!(alert.extra["tags"], serde_json::json!(["identity", "mfa"]));
        assert_eq!(alert.extra["webhook_version"], 2);
    }
    undocumented_members => "alert_undocumented_members.json" => |alert| {
        assert_eq!(alert.alert_id, "67441b2e8f9a0b0001c3d4e5");
        assert_eq!(alert.priority, Some(Priority::High));
        assert_eq!(alert.category.as_deref(), Some("Device"));
        assert_eq!(alert.occurred_at, Some(utc("2026-11-24T19:22:11.007Z")));
        assert_eq!(alert.extra.len(), 6, "{:?}", alert.extra.keys().collect::<Vec<_>>());
        assert_eq!(alert.extra["organization"]["region"]["code"], "eu-west-1");
        assert_eq!(alert.extra["organization"]["region"]["data_residency"], true);
        let devices = alert.extra["affected_devices"].as_array().unwrap();
        assert_eq!(devices.len(), 2);
        assert_eq!(devices[1]["serial_number"], "FVFHK2Q8Q6L4");
        assert_eq!(devices[0]["os"]["version"], "15.1.1");
        assert_eq!(devices[0]["last_contact"], 1_732_454_531_000_u64);
        // An undocumented `null` is a member like any other: kept, and written back.
        assert_eq!(alert.extra.get("escalation_policy"), Some(&Value::Null));
        assert_eq!(alert.extra["labels"][2], "Ünïcödé");
        assert_eq!(alert.extra["x-jc-delivery-attempt"], 1);
        assert_eq!(alert.extra["is_test"], false);
        assert_eq!(
            alert.dedup_key(),
            "67441b2e8f9a0b0001c3d4e5:Open:2026-11-24T19:22:11.007Z"
        );
        // Documented fields first, in the model's order, then the extra members in the map's.
        let written: Value = serde_json::from_str(&serde_json::to_string(&alert).unwrap()).unwrap();
        let expected: Vec<&str> = [
            "alert_id",
            "alert_title",
            "category",
            "occurred_at",
            "priority",
            "status",
            "update_at",
        ]
        .into_iter()
        .chain(alert.extra.keys().map(String::as_str))
        .collect();
        assert_eq!(member_order(&serde_json::to_string(&alert).unwrap()), expected);
        assert_eq!(written["organization"], alert.extra["organization"]);
    }
}

/// The top-level member names of a JSON object, in the order they are written.
fn member_order(json: &str) -> Vec<&str> {
    struct Names<'a>(Vec<&'a str>);
    impl<'de> serde::de::Visitor<'de> for Names<'de> {
        type Value = Vec<&'de str>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            mut self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            while let Some(name) = map.next_key::<&'de str>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                self.0.push(name);
            }
            Ok(self.0)
        }
    }
    serde::Deserializer::deserialize_map(
        &mut serde_json::Deserializer::from_str(json),
        Names(Vec::new()),
    )
    .unwrap()
}

#[test]
fn builds_an_alert_in_code() {
    let mut alert = Alert::new("674415d4e6f7a80001b9cadb");
    alert.status = Some(AlertStatus::Acknowledged);
    alert.previous_alert_status = Some(AlertStatus::Open);
    alert.update_at = Some(Utc.with_ymd_and_hms(2026, 11, 24, 19, 0, 0).unwrap());
    alert.initiated_by = Some(Detail::from("n.okafor@acme.example"));
    assert_eq!(
        serde_json::to_string(&alert).unwrap(),
        r#"{"alert_id":"674415d4e6f7a80001b9cadb","initiated_by":"n.okafor@acme.example","previous_alert_status":"Open","status":"Acknowledged","update_at":"2026-11-24T19:00:00Z"}"#
    );
    assert_eq!(
        alert.dedup_key(),
        "674415d4e6f7a80001b9cadb:Acknowledged:2026-11-24T19:00:00.000Z"
    );
    // Extra members are written after the documented ones; one named like a documented field
    // is not written, since the field is.
    alert.extra.insert(
        "organization_id".to_owned(),
        "5f8e2c1a9b7d3e0012ab34cd".into(),
    );
    alert.extra.insert("status".to_owned(), "Resolved".into());
    assert_eq!(
        serde_json::to_string(&alert).unwrap(),
        r#"{"alert_id":"674415d4e6f7a80001b9cadb","initiated_by":"n.okafor@acme.example","previous_alert_status":"Open","status":"Acknowledged","update_at":"2026-11-24T19:00:00Z","organization_id":"5f8e2c1a9b7d3e0012ab34cd"}"#
    );
}

#[test]
fn parse_errors_name_the_path_and_position() {
    let cases: &[(&str, &str)] = &[
        (
            "",
            "invalid alert JSON at `$` (line 1, column 1): EOF while parsing a value",
        ),
        (
            r#"{"alert_title":"Admin password changed"}"#,
            "invalid alert JSON at `$` (line 1, column 40): missing field `alert_id`",
        ),
        (
            r#"{"alert_id":6743}"#,
            "invalid alert JSON at `$.alert_id` (line 1, column 16): invalid type: integer `6743`, expected a string",
        ),
        (
            "{\"alert_id\":\"6743a0f2c9e77d0001b2c3d4\",\n \"priority\":3}",
            "invalid alert JSON at `$.priority` (line 2, column 13): invalid type: integer `3`, expected a priority string such as \"High\"",
        ),
        (
            r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","occurred_at":"24/11/2026 13:05"}"#,
            "invalid alert JSON at `$.occurred_at` (line 1, column 71): invalid value: string \"24/11/2026 13:05\", expected an RFC 3339 timestamp such as 2026-11-24T13:05:12.481Z",
        ),
        (
            r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","status":["Open"]}"#,
            "invalid alert JSON at `$.status` (line 1, column 48): invalid type: sequence, expected an alert status string such as \"Open\"",
        ),
        (
            r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4"} trailing"#,
            "invalid alert JSON at `$` (line 1, column 41): trailing characters",
        ),
        (
            r#"["6743a0f2c9e77d0001b2c3d4"]"#,
            "invalid alert JSON at `$` (line 1, column 1): invalid type: sequence, expected an alert object",
        ),
        // Undocumented members are read as JSON values, so broken JSON inside them is found
        // where it is.
        (
            r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","organization":{"name":"Acme","seats":12x}}"#,
            "invalid alert JSON at `$.organization.seats` (line 1, column 80): expected `,` or `}`",
        ),
        (
            "{\"alert_id\":\"6743a0f2c9e77d0001b2c3d4\",\n \"affected_devices\":[{\"serial_number\":\"C02XK1JDJG5J\"},{\"serial_number\":\"C02\\q\"}]}",
            "invalid alert JSON at `$.affected_devices[1].serial_number` (line 2, column 77): invalid escape",
        ),
        (
            r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","di_event":{"geoip":{"country_code":"NL",}}}"#,
            "invalid alert JSON at `$.di_event.geoip` (line 1, column 81): key must be a string",
        ),
        (
            r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","alert_title":"MFA \ud800 off"}"#,
            "invalid alert JSON at `$.alert_title` (line 1, column 65): unexpected end of hex escape",
        ),
    ];
    for (input, expected) in cases {
        let err = Alert::from_slice(input.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), *expected, "input: {input}");
    }
}

#[test]
fn a_detail_string_no_rust_string_can_hold_is_kept_as_sent() {
    let body = br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","initiated_by":"ops\ud800"}"#;
    let alert = Alert::from_slice(body).unwrap();
    let detail = alert.initiated_by.as_ref().unwrap();
    assert_eq!(detail.as_json(), Some(r#""ops\ud800""#));
    assert_eq!(detail.as_text(), None);
    assert_eq!(serde_json::to_vec(&alert).unwrap(), body);
}

#[test]
fn parse_error_exposes_path_line_and_column() {
    let err = Alert::from_slice(b"{\"alert_id\":\"6743a0f2c9e77d0001b2c3d4\",\n \"priority\":3}")
        .unwrap_err();
    assert_eq!(err.path(), Some("$.priority"));
    assert_eq!(err.line_column(), Some((2, 13)));
    assert_eq!(err.document(), Some(fleethooks_jumpcloud::Document::Alert));
    let fleethooks_jumpcloud::Error::Json { source, .. } = &err else {
        panic!("a parse error is Error::Json: {err:?}");
    };
    assert!(!source.is_syntax());
    assert_eq!(
        source.message(),
        "invalid type: integer `3`, expected a priority string such as \"High\""
    );
    // Other errors have no position.
    let err = fleethooks_jumpcloud::TriggerRequest::new("", "jc_api_4f1c9e2ab7d3")
        .build()
        .unwrap_err();
    assert_eq!((err.path(), err.line_column()), (None, None));
}

#[test]
fn a_repeated_documented_field_is_refused_and_a_repeated_extra_keeps_the_last() {
    let err = Alert::from_slice(
        br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","status":"Open","status":"Resolved"}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid alert JSON at `$.status` (line 1, column 63): duplicate field `status`"
    );
    let alert =
        Alert::from_slice(br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","tenant":"a","tenant":"b"}"#)
            .unwrap();
    assert_eq!(alert.extra["tenant"], "b");
}

#[test]
fn alert_is_an_event() {
    let alert = Alert::from_slice(&fixture("alert_resolved_medium.json")).unwrap();
    assert_eq!(alert.source(), Source::Jumpcloud);
    assert_eq!(alert.event_type(), "alert");
    assert_eq!(alert.event_type(), fleethooks_jumpcloud::alert::EVENT_TYPE);
    assert_eq!(
        Event::occurred_at(&alert),
        Some(utc("2026-11-23T22:17:40.002Z"))
    );
    let summary: Value = serde_json::from_str(&alert.to_summary_json().unwrap()).unwrap();
    assert_eq!(summary["source"], "jumpcloud");
    assert_eq!(summary["type"], "alert");
    assert_eq!(
        summary["key"],
        "6742f9c01b2d3e0001a4b5c6:Resolved:2026-11-24T09:02:11.734Z"
    );
    assert_eq!(summary["occurred_at"], "2026-11-23T22:17:40.002Z");
    assert_eq!(summary["payload"], serde_json::to_value(&alert).unwrap());
    // No time in the body: `null`, and the key's time part is empty.
    let bare = Alert::new("6743e2a1b3c4d50001e6f7a8");
    let summary: Value = serde_json::from_str(&bare.to_summary_json().unwrap()).unwrap();
    assert_eq!(summary["occurred_at"], Value::Null);
    assert_eq!(summary["key"], "6743e2a1b3c4d50001e6f7a8::");
}

#[test]
fn vendor_values_match_case_insensitively() {
    let priorities = [
        ("Critical", Priority::Critical),
        ("CRITICAL", Priority::Critical),
        ("high", Priority::High),
        ("Medium", Priority::Medium),
        ("low", Priority::Low),
    ];
    for (text, expected) in priorities {
        assert_eq!(text.parse::<Priority>().unwrap(), expected, "{text}");
    }
    let statuses = [
        ("Open", AlertStatus::Open),
        ("open", AlertStatus::Open),
        ("ACKNOWLEDGED", AlertStatus::Acknowledged),
        ("resolved", AlertStatus::Resolved),
        ("Auto-Resolved", AlertStatus::AutoResolved),
        ("auto_resolved", AlertStatus::AutoResolved),
        ("AutoResolved", AlertStatus::AutoResolved),
        ("auto resolved", AlertStatus::AutoResolved),
    ];
    for (text, expected) in statuses {
        assert_eq!(text.parse::<AlertStatus>().unwrap(), expected, "{text}");
    }
    // Known values serialize in the documented spelling.
    let alert = Alert::from_slice(
        br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","priority":"critical","status":"auto_resolved"}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&alert).unwrap(),
        r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","priority":"Critical","status":"Auto-Resolved"}"#
    );
}

#[test]
fn timestamps_accept_fraction_offset_or_neither() {
    let cases = [
        ("2026-11-24T13:05:12Z", "2026-11-24T13:05:12Z"),
        ("2026-11-24T13:05:12.481Z", "2026-11-24T13:05:12.481Z"),
        ("2026-11-24T13:05:12.481327Z", "2026-11-24T13:05:12.481327Z"),
        ("2026-11-24T14:05:12+01:00", "2026-11-24T13:05:12Z"),
        ("2026-11-24T08:05:12.5-05:00", "2026-11-24T13:05:12.500Z"),
        ("2026-11-24T13:05:12", "2026-11-24T13:05:12Z"),
        ("2026-11-24T13:05:12.481", "2026-11-24T13:05:12.481Z"),
        ("2026-11-24 13:05:12", "2026-11-24T13:05:12Z"),
    ];
    for (sent, expected) in cases {
        let body = format!(r#"{{"alert_id":"6743a0f2c9e77d0001b2c3d4","occurred_at":"{sent}"}}"#);
        let alert = Alert::from_slice(body.as_bytes()).unwrap();
        assert_eq!(alert.occurred_at, Some(utc(expected)), "{sent}");
    }
}

#[test]
fn empty_timestamps_read_as_absent() {
    for sent in ["", " "] {
        let body = format!(
            r#"{{"alert_id":"6743a0f2c9e77d0001b2c3d4","occurred_at":"2026-11-24T13:05:12Z","update_at":"{sent}"}}"#
        );
        let alert = Alert::from_slice(body.as_bytes()).unwrap();
        assert_eq!(alert.occurred_at, Some(utc("2026-11-24T13:05:12Z")));
        assert_eq!(alert.update_at, None, "{sent:?}");
        assert_eq!(alert.dedup_key(), "6743a0f2c9e77d0001b2c3d4::");
    }
}

#[test]
fn timestamps_that_leave_four_digit_years_are_refused() {
    // UTC would be in year -1 or 10000, which RFC 3339 cannot write back.
    for sent in ["0000-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"] {
        let body = format!(r#"{{"alert_id":"6743a0f2c9e77d0001b2c3d4","update_at":"{sent}"}}"#);
        let err = Alert::from_slice(body.as_bytes()).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "invalid alert JSON at `$.update_at` (line 1, column 78): invalid value"
            ),
            "{err}"
        );
    }
}

#[test]
fn retries_only_on_5xx_408_and_429() {
    let cases = [
        (200, false),
        (202, false),
        (204, false),
        (400, false),
        (401, false),
        (403, false),
        (404, false),
        (408, true),
        (413, false),
        (422, false),
        (429, true),
        (500, true),
        (502, true),
        (503, true),
        (504, true),
    ];
    for (code, retried) in cases {
        assert_eq!(
            is_retried(StatusCode::from_u16(code).unwrap()),
            retried,
            "{code}"
        );
    }
}

#[test]
fn reopening_is_a_transition() {
    let alert = Alert::from_slice(
        br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","previous_alert_status":"Auto-Resolved","status":"Open"}"#,
    )
    .unwrap();
    let transition = alert.transition().unwrap();
    assert!(transition.is_reopening());
    assert!(!transition.is_resolution());
}

proptest! {
    /// Any status or priority string survives a parse and serialize unchanged, unless it names a
    /// known value, which is then written in the documented spelling.
    #[test]
    fn vendor_strings_round_trip(text in "\\PC{0,24}") {
        let status: AlertStatus = text.parse().unwrap();
        match &status {
            AlertStatus::Unknown(kept) => prop_assert_eq!(kept, &text),
            known => prop_assert!(known.as_str().eq_ignore_ascii_case(&text)
                || text.to_ascii_lowercase().replace(['-', '_', ' '], "")
                    == known.as_str().to_ascii_lowercase().replace('-', "")),
        }
        let json = serde_json::to_string(&status).unwrap();
        prop_assert_eq!(serde_json::from_str::<AlertStatus>(&json).unwrap(), status);
        let priority: Priority = serde_json::from_value(Value::String(text.clone())).unwrap();
        if let Priority::Unknown(kept) = &priority {
            prop_assert_eq!(kept, &text);
        }
    }
}

#[test]
fn nested_json_loses_only_the_whitespace_between_tokens() {
    let alert = Alert::from_slice(
        b"{\"alert_id\":\"6743a0f2c9e77d0001b2c3d4\",\"di_event\":{ \"message\" : \"two  spaces, a \\\" quote\\\\\" ,\n\t\"codes\" : [ 1 , 2.50 ] }}",
    )
    .unwrap();
    assert_eq!(
        alert.di_event.unwrap().as_json(),
        Some(r#"{"message":"two  spaces, a \" quote\\","codes":[1,2.50]}"#)
    );
}

#[test]
fn decoding_a_detail_names_the_path_inside_it() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only the error is looked at")]
    struct Event {
        geoip: Geo,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only the error is looked at")]
    struct Geo {
        latitude: String,
    }
    let alert = Alert::from_slice(&fixture("alert_open_critical.json")).unwrap();
    let err = alert.di_event.unwrap().decode::<Event>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid alert detail JSON at `$.geoip.latitude` (line 1, column 250): invalid type: \
         floating point `52.3676`, expected a string"
    );
    // Text that holds no JSON cannot be decoded.
    let err = Detail::from("ops@acme.example")
        .decode::<Value>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid alert detail JSON at `$` (line 1, column 1): expected value"
    );
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let plain = fixture("alert_open_critical.json");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &plain].concat();
    assert_eq!(
        Alert::from_slice(&with_bom).unwrap(),
        Alert::from_slice(&plain).unwrap()
    );
    let twice = [b"\xEF\xBB\xBF".as_slice(), &with_bom].concat();
    assert!(Alert::from_slice(&twice).is_err());
}

/// Found by the `jumpcloud_alert` fuzz target: an undocumented member holding an integer too
/// large for 64 bits is kept as a float, and serde_json's float parser (correctly rounded only
/// with its `float_roundtrip` feature) may move it by an ulp on each read. The member survives
/// every round trip, within that ulp.
#[test]
fn a_huge_integer_in_a_kept_member_reads_back_within_an_ulp() {
    let body = include_bytes!(
        "../../../fuzz/seeds/jumpcloud_alert/regression_huge_integer_in_kept_member"
    );
    let alert = Alert::from_slice(body).unwrap();
    let read = |alert: &Alert| alert.extra["webhook_version"].as_f64().unwrap();
    let again = Alert::from_slice(serde_json::to_string(&alert).unwrap().as_bytes()).unwrap();
    let (first, second) = (read(&alert), read(&again));
    assert!((first - 1e75).abs() <= 1e75 * f64::EPSILON, "{first}");
    assert!(
        (first - second).abs() <= first.abs() * f64::EPSILON,
        "{first} vs {second}"
    );
    assert_eq!(alert.alert_id, "67t404c3d5e6f700018:id02:27.340Z");
}

/// Found by the `jumpcloud_alert` fuzz target: a nested `initiated_by` (kept as raw JSON) with
/// a number past the range of `f64`. serde_json skips a raw value's numbers unread, so it was
/// kept and made the alert's JSON unreadable for serde_json itself; it is refused as serde_json
/// refuses such a number in any other member.
#[test]
fn a_number_out_of_range_in_a_nested_detail_is_refused() {
    let body = br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","initiated_by":{"type":"admin","score":-9998e90999999},"priority":"Critical"}"#;
    let err = Alert::from_slice(body).unwrap_err();
    assert_eq!(err.path(), Some("$.initiated_by"));
    assert_eq!(
        err.to_string(),
        "invalid alert JSON at `$.initiated_by` (line 1, column 93): number out of range"
    );
    // Also as a top-level number, and in an integer too long for any float.
    let bare = br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","di_event":1e400}"#;
    assert!(Alert::from_slice(bare).is_err());
    let digits = format!(
        r#"{{"alert_id":"6743a0f2c9e77d0001b2c3d4","di_event":[{}]}}"#,
        "9".repeat(400)
    );
    assert!(Alert::from_slice(digits.as_bytes()).is_err());
    // In range, large, tiny, negative and in strings, numbers are kept as sent.
    let fine = br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","di_event":{"a":1.7976931348623157e308,"b":1e-400,"c":-12345678901234567890123,"d":"1e400"}}"#;
    let alert = Alert::from_slice(fine).unwrap();
    assert_eq!(
        alert.di_event.unwrap().as_json(),
        Some(r#"{"a":1.7976931348623157e308,"b":1e-400,"c":-12345678901234567890123,"d":"1e400"}"#)
    );
}
