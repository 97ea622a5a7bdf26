//! What the two `fleethooks-jamf` fuzz bodies (`jamf_json.rs`, `jamf_xml.rs`) share: parse in
//! one form, then check the round trips through both.
//!
//! Included with `#[path]` by each body, so it reaches the libFuzzer targets and the stable test
//! (`crates/fleethooks-jamf/tests/fuzz_bodies.rs`) alike.
//!
//! Properties: no panic; whatever parses writes both forms, and reads back:
//! * in its own form, to an equal value;
//! * in the other form, to a value that writes the same text again (a fixed point), because a
//!   change of form may normalize (an empty list and an absent one are the same XML).

use fleethooks_jamf::{Error, JamfEvent, from_json, from_xml, to_json, to_xml};

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
        Form::Json => from_json(data),
        Form::Xml => from_xml(data),
    };
    let Ok(event) = parsed else {
        return false;
    };
    check_json(&event, form);
    check_xml(&event, form);
    true
}

fn is_unknown(event: &JamfEvent) -> bool {
    matches!(event, JamfEvent::Unknown(_))
}

fn check_json(event: &JamfEvent, form: Form) {
    let json = to_json(event).expect("a parsed event writes JSON");
    let again = from_json(json.as_bytes()).expect("written JSON reads back");
    if form == Form::Json || !is_unknown(event) {
        assert_eq!(&again, event, "JSON round trip: {json}");
    }
    assert_eq!(
        to_json(&again).expect("writes JSON again"),
        json,
        "JSON is a fixed point"
    );
}

fn check_xml(event: &JamfEvent, form: Form) {
    let xml = match to_xml(event) {
        Ok(xml) => xml,
        // JSON can hold what XML cannot: U+0000, and keys that are not element names.
        Err(Error::XmlNul { .. } | Error::XmlName { .. }) if form == Form::Json => return,
        Err(e) => panic!("a parsed event writes XML: {e}"),
    };
    let again = from_xml(xml.as_bytes()).expect("written XML reads back");
    if form == Form::Xml {
        assert_eq!(&again, event, "XML round trip: {xml}");
    }
    assert_eq!(
        to_xml(&again).expect("writes XML again"),
        xml,
        "XML is a fixed point"
    );
}
