//! Fuzz body for `fleethooks-jamf`'s JSON parser: any bytes into `from_json`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/jamf_json.rs`) and a stable test in the
//! crate (`crates/fleethooks-jamf/tests/fuzz_bodies.rs`), so `cargo test` runs the same
//! assertions over the fixtures, the seeds and mutations of them.
//!
//! Properties: no panic; whatever parses writes both forms, and reads back:
//! * in its own form, to an equal value;
//! * in the other form, to a value that writes the same text again (a fixed point), because a
//!   change of form may normalize (an empty list and an absent one are the same XML).

use fleethooks_jamf::{Error, JamfEvent, from_json, from_xml, to_json, to_xml};

/// Whether the event came from JSON (the form this body parses).
const FROM_JSON: bool = true;

/// Parses `data` and checks the round trips; returns whether it parsed (worth keeping).
pub fn run(data: &[u8]) -> bool {
    let Ok(event) = from_json(data) else {
        return false;
    };
    check_json(&event);
    check_xml(&event);
    true
}

fn is_unknown(event: &JamfEvent) -> bool {
    matches!(event, JamfEvent::Unknown(_))
}

fn check_json(event: &JamfEvent) {
    let json = to_json(event).expect("a parsed event writes JSON");
    let again = from_json(json.as_bytes()).expect("written JSON reads back");
    if FROM_JSON || !is_unknown(event) {
        assert_eq!(&again, event, "JSON round trip: {json}");
    }
    assert_eq!(
        to_json(&again).expect("writes JSON again"),
        json,
        "JSON is a fixed point"
    );
}

fn check_xml(event: &JamfEvent) {
    let xml = match to_xml(event) {
        Ok(xml) => xml,
        // JSON can hold what XML cannot: U+0000, and keys that are not element names.
        Err(Error::XmlNul { .. } | Error::XmlName { .. }) if FROM_JSON => return,
        Err(e) => panic!("a parsed event writes XML: {e}"),
    };
    let again = from_xml(xml.as_bytes()).expect("written XML reads back");
    if !FROM_JSON {
        assert_eq!(&again, event, "XML round trip: {xml}");
    }
    assert_eq!(
        to_xml(&again).expect("writes XML again"),
        xml,
        "XML is a fixed point"
    );
}
