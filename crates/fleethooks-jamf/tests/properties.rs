//! Property tests: timestamps and arbitrary text survive both forms.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail the test on bad fixtures"
)]

use chrono::DateTime;
use fleethooks_jamf::{Computer, Envelope, Identifier, JamfEvent, Webhook};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn computer_added(millis: i64, computer: Computer) -> JamfEvent {
    let at = DateTime::from_timestamp_millis(millis).unwrap();
    let webhook = Webhook::new("ComputerAdded")
        .with_id(7)
        .with_name("Inventory")
        .with_timestamp(at);
    JamfEvent::ComputerAdded(Envelope::new(webhook, computer))
}

fn both_ways(event: &JamfEvent) {
    let json = event.to_json().unwrap();
    assert_eq!(
        &JamfEvent::from_json(json.as_bytes()).unwrap(),
        event,
        "{json}"
    );
    let xml = event.to_xml().unwrap();
    assert_eq!(
        &JamfEvent::from_xml(xml.as_bytes()).unwrap(),
        event,
        "{xml}"
    );
}

/// Below this magnitude `eventTimestamp` is read as seconds.
const SECONDS_BELOW: i64 = 100_000_000_000;

const MIN_MS: i64 = -8_334_601_228_800_000; // chrono's earliest representable millisecond, rounded in
const MAX_MS: i64 = 8_210_266_876_799_999;

proptest! {
    #[test]
    fn timestamps_round_trip(millis in prop_oneof![MIN_MS..=-SECONDS_BELOW, SECONDS_BELOW..=MAX_MS]) {
        let event = computer_added(millis, Computer::default());
        both_ways(&event);
        let json: serde_json::Value = serde_json::to_value(&event).unwrap();
        prop_assert_eq!(json["webhook"]["eventTimestamp"].as_i64(), Some(millis));
        let expected = format!("<eventTimestamp>{millis}</eventTimestamp>");
        prop_assert!(event.to_xml().unwrap().contains(&expected));
    }

    #[test]
    fn small_timestamps_are_seconds(seconds in -SECONDS_BELOW + 1..SECONDS_BELOW) {
        let json = format!(r#"{{"event": {{}}, "webhook": {{"webhookEvent": "JSSStartup", "eventTimestamp": {seconds}}}}}"#);
        let event = JamfEvent::from_json(json.as_bytes()).unwrap();
        prop_assert_eq!(fleethooks_jamf::Event::occurred_at(&event), DateTime::from_timestamp(seconds, 0));
        // Written as milliseconds where those read back as milliseconds, else as seconds: either
        // way it reads back the same.
        let written: Value = serde_json::to_value(&event).unwrap();
        let expected = if (seconds * 1000).abs() >= SECONDS_BELOW { seconds * 1000 } else { seconds };
        prop_assert_eq!(written["webhook"]["eventTimestamp"].as_i64(), Some(expected));
        both_ways(&event);
    }

    #[test]
    fn unknown_members_round_trip(key in "[a-z][a-zA-Z0-9]{0,8}", text in "[^\u{0}]{0,16}", n in any::<i64>(), b in any::<bool>()) {
        let mut computer = Computer::default();
        let mut nested = Map::new();
        nested.insert("count".to_owned(), Value::from(n));
        nested.insert("flag".to_owned(), Value::from(b));
        computer.extra.insert(format!("x{key}"), Value::from(text.clone()));
        computer.extra.insert(format!("y{key}"), Value::Object(nested));
        computer.extra.insert(format!("z{key}"), Value::from(vec![Value::from(text), Value::from(n)]));
        let event = computer_added(1_712_826_143_512, computer);
        both_ways(&event);
        let json: Value = serde_json::to_value(&event).unwrap();
        prop_assert_eq!(&json["event"][format!("y{key}")]["count"], &Value::from(n));
    }

    #[test]
    fn out_of_range_timestamps_are_errors(millis in prop_oneof![i64::MIN..MIN_MS - 86_400_000_000, MAX_MS + 86_400_000_000..=i64::MAX]) {
        let json = format!(r#"{{"event": {{}}, "webhook": {{"webhookEvent": "JSSStartup", "eventTimestamp": {millis}}}}}"#);
        prop_assert!(JamfEvent::from_json(json.as_bytes()).is_err());
        let xml = format!("<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent><eventTimestamp>{millis}</eventTimestamp></webhook><event/></JSSEvent>");
        prop_assert!(JamfEvent::from_xml(xml.as_bytes()).is_err());
    }

    #[test]
    fn any_text_round_trips(name in "\\PC*", serial in "[^\u{0}]*", room in prop::string::string_regex("[ \t\r\n<>&\"'\\]\u{1}-\u{1f}a-z]{0,12}").unwrap()) {
        let mut computer = Computer::default();
        computer.device_name = Some(name);
        computer.serial_number = Some(serial);
        computer.room = Some(room);
        both_ways(&computer_added(1_712_826_143_512, computer));
    }

    #[test]
    fn identifiers_round_trip(n in any::<i64>(), text in "[^\u{0}]*") {
        let mut computer = Computer::default();
        computer.user_directory_id = Some(Identifier::Integer(n));
        computer.management_id = Some(Identifier::Text(text));
        computer.jss_id = Some(n);
        both_ways(&computer_added(0, computer));
    }
}

#[test]
fn nul_cannot_be_written_as_xml() {
    let mut computer = Computer::default();
    computer.device_name = Some("mbp\0".into());
    let err = computer_added(0, computer).to_xml().unwrap_err();
    assert_eq!(
        err.to_string(),
        "U+0000 cannot be written in XML (in `deviceName`)"
    );
}
