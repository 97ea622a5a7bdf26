//! Property tests: timestamps and arbitrary text survive both forms.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail the test on bad fixtures"
)]

use chrono::DateTime;
use fleethooks_jamf::{
    Computer, Envelope, Identifier, JamfEvent, Webhook, from_json, from_xml, to_json, to_xml,
};
use proptest::prelude::*;

fn computer_added(millis: i64, computer: Computer) -> JamfEvent {
    let at = DateTime::from_timestamp_millis(millis).unwrap();
    let webhook = Webhook::new("ComputerAdded")
        .with_id(7)
        .with_name("Inventory")
        .with_timestamp(at);
    JamfEvent::ComputerAdded(Envelope::new(webhook, computer))
}

fn both_ways(event: &JamfEvent) {
    let json = to_json(event).unwrap();
    assert_eq!(&from_json(json.as_bytes()).unwrap(), event, "{json}");
    let xml = to_xml(event).unwrap();
    assert_eq!(&from_xml(xml.as_bytes()).unwrap(), event, "{xml}");
}

const MIN_MS: i64 = -8_334_601_228_800_000; // chrono's earliest representable millisecond, rounded in
const MAX_MS: i64 = 8_210_266_876_799_999;

proptest! {
    #[test]
    fn timestamps_round_trip(millis in MIN_MS..=MAX_MS) {
        let event = computer_added(millis, Computer::default());
        both_ways(&event);
        let json: serde_json::Value = serde_json::to_value(&event).unwrap();
        prop_assert_eq!(json["webhook"]["eventTimestamp"].as_i64(), Some(millis));
        let expected = format!("<eventTimestamp>{millis}</eventTimestamp>");
        prop_assert!(to_xml(&event).unwrap().contains(&expected));
    }

    #[test]
    fn out_of_range_timestamps_are_errors(millis in prop_oneof![i64::MIN..MIN_MS - 86_400_000_000, MAX_MS + 86_400_000_000..=i64::MAX]) {
        let json = format!(r#"{{"event": {{}}, "webhook": {{"webhookEvent": "JSSStartup", "eventTimestamp": {millis}}}}}"#);
        prop_assert!(from_json(json.as_bytes()).is_err());
        let xml = format!("<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent><eventTimestamp>{millis}</eventTimestamp></webhook><event/></JSSEvent>");
        prop_assert!(from_xml(xml.as_bytes()).is_err());
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
    let err = to_xml(&computer_added(0, computer)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "U+0000 cannot be written in XML (in `deviceName`)"
    );
}
