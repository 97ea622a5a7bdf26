//! What the two `fleethooks-jamf` fuzz bodies (`jamf_json.rs`, `jamf_xml.rs`) share: parse in
//! one form, then check the round trips through both.
//!
//! Included with `#[path]` by each body, so it reaches the libFuzzer targets and the stable test
//! (`crates/fleethooks-jamf/tests/fuzz_bodies.rs`) alike.
//!
//! Properties: no panic; whatever parses writes both forms, and reads back:
//! * in its own form, to an equal value (floats in kept members within an ulp, see
//!   `same_json.rs`);
//! * in the other form, to a value that writes the same text again (a fixed point), because a
//!   change of form may normalize (an empty list and an absent one are the same XML);
//! * and the summary line of the `Event` contract is written for it, on one line.

use fleethooks_jamf::{Error, JamfEvent};
use serde_json::Value;

use super::same_json::same_json;

/// The form a body feeds its bytes to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `from_json`.
    Json,
    /// `from_xml`.
    Xml,
}

/// Parses `data` in `form` and checks the round trips; returns whether it parsed (worth
/// keeping).
pub fn run(data: &[u8], form: Form) -> bool {
    let parsed = match form {
        Form::Json => JamfEvent::from_json(data),
        Form::Xml => JamfEvent::from_xml(data),
    };
    let Ok(event) = parsed else {
        return false;
    };
    check_json(&event, form);
    check_xml(&event, form);
    let summary = fleethooks_jamf::Event::to_summary_json(&event).expect("writes a summary");
    assert!(
        summary.starts_with(r#"{"source":"jamf","type":"#),
        "{summary}"
    );
    assert!(!summary.contains('\n'), "a summary is one line: {summary}");
    true
}

fn is_unknown(event: &JamfEvent) -> bool {
    matches!(event, JamfEvent::Unknown(_))
}

fn check_json(event: &JamfEvent, form: Form) {
    let json = event.to_json().expect("a parsed event writes JSON");
    let again = JamfEvent::from_json(json.as_bytes()).expect("written JSON reads back");
    if form == Form::Json || !is_unknown(event) {
        assert!(
            &again == event || same_json(&to_value(&again), &to_value(event)),
            "JSON round trip: {json}\n{again:?}\n{event:?}"
        );
    }
    let json_again = again.to_json().expect("writes JSON again");
    assert!(
        json_again == json || same_json(&parse(&json_again), &parse(&json)),
        "JSON is a fixed point:\n{json}\n{json_again}"
    );
}

fn to_value(event: &JamfEvent) -> Value {
    serde_json::to_value(event).expect("a parsed event is a JSON value")
}

fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("written JSON is JSON")
}

fn check_xml(event: &JamfEvent, form: Form) {
    let xml = match event.to_xml() {
        Ok(xml) => xml,
        // JSON can hold what XML cannot: U+0000, and keys that are not element names.
        Err(Error::XmlNul { .. } | Error::XmlName { .. }) if form == Form::Json => return,
        Err(e) => panic!("a parsed event writes XML: {e}"),
    };
    let again = JamfEvent::from_xml(xml.as_bytes()).expect("written XML reads back");
    if form == Form::Xml {
        assert_eq!(&again, event, "XML round trip: {xml}");
        assert_eq!(
            again.to_xml().expect("writes XML again"),
            xml,
            "XML is a fixed point"
        );
    } else {
        // From JSON, one trip through XML may settle what XML's all-text values decide
        // differently (a device-list item that did not fit its record in JSON fits once every
        // value is text, and is then written as a record): from there on XML is a fixed point.
        let settled = again.to_xml().expect("writes XML again");
        let third = JamfEvent::from_xml(settled.as_bytes()).expect("settled XML reads back");
        assert_eq!(
            third.to_xml().expect("writes XML a third time"),
            settled,
            "XML is a fixed point once read from XML"
        );
    }
}
