//! Bugs found by fuzzing, one test each.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail on unexpected results"
)]

use fleethooks_jamf::JamfEvent;

fn from_json(body: &[u8]) -> fleethooks_jamf::Result<JamfEvent> {
    JamfEvent::from_json(body)
}

/// The `webhookEvent` found near the end of a JSON body is only a guess at the event type. A
/// wrong guess that made the event fail to parse was reported as the error; now the header has
/// the last word.
#[test]
fn a_wrong_event_type_guess_does_not_decide_the_outcome() {
    // The last `"webhookEvent"` in the body is not the header's.
    let body = br#"{"event": {"type": "DeviceLock", "managementId": 4410, "udid": ["not", "a", "string"]},
        "webhook": {"webhookEvent": "PushSent", "id": 7, "extra": {"webhookEvent": "ComputerAdded"}}}"#;
    let event = from_json(body).unwrap();
    let JamfEvent::PushSent(push) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(push.event.push_type.as_deref(), Some("DeviceLock"));

    // An escaped name: the guess stopped at the escape and named a known event.
    let body = br#"{"event": {"computer": {"osBuild": ["23E224", "23E224"]}},
        "webhook": {"webhookEvent": "ComputerPolicyFinished\u0001~"}}"#;
    let event = from_json(body).unwrap();
    let JamfEvent::Unknown(unknown) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(unknown.event_type(), "ComputerPolicyFinished\u{1}~");

    // A real error is still reported where it is, with the header's type.
    let body = br#"{"event": {"computer": {"osBuild": ["23E224"]}},
        "webhook": {"webhookEvent": "ComputerPolicyFinished", "x": {"webhookEvent": "PushSent"}}}"#;
    let err = from_json(body).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid JSON at `$.event.computer.osBuild` (line 1, column 35): invalid type: sequence, expected a string"
    );
}
