//! Bugs found by fuzzing, one test each, run through the fuzz body that found them.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "the fuzz body asserts with expect and panic"
)]
#![allow(
    unreachable_pub,
    missing_docs,
    reason = "the body is written for the fuzz crate"
)]

#[path = "../../../fuzz/bodies/cmdop_event.rs"]
mod event_body;
#[path = "../../../fuzz/bodies/same_json.rs"]
mod same_json;

use fleethooks_cmdop::{CmdopEvent, EventData, EventType};

/// A valid event behind a UTF-8 byte-order mark aborted `cmdop_event`: the parser skips one BOM
/// (as the Jamf and JumpCloud parsers do), but the body's property still said an accepted body
/// must be plain JSON. The property now reads: an accepted body minus one BOM is JSON, and
/// parses to the same event without it.
#[test]
fn an_event_behind_a_byte_order_mark_passes_the_event_body() {
    let seed = include_bytes!("../../../fuzz/seeds/cmdop_event/regression_bom_before_event");
    assert!(seed.starts_with(b"\xEF\xBB\xBF{"));
    assert!(event_body::run(seed));

    let event = CmdopEvent::from_slice(seed).unwrap();
    assert_eq!(event.kind, EventType::Test);
    assert_eq!(event.id, "evt_test");
    let EventData::Test(data) = &event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(data.message, "This is a test webhook");

    // Still only one mark: a second one is content, and not JSON.
    let twice = [b"\xEF\xBB\xBF".as_slice(), seed].concat();
    assert!(!event_body::run(&twice));
    assert!(CmdopEvent::from_slice(&twice).is_err());
}
