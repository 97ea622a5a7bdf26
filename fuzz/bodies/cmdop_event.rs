//! Fuzz body for `fleethooks-cmdop`'s envelope parser: any bytes into `CmdopEvent::from_slice`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/cmdop_event.rs`) and a stable test in the
//! crate (`crates/fleethooks-cmdop/tests/fuzz_bodies.rs`), which runs it over every fixture and
//! truncated and mutated variants of them.

use fleethooks_cmdop::{CmdopEvent, Event, Source};
use serde_json::Value;

use super::same_json::same_json;

/// The UTF-8 byte-order mark, which the parser skips once before the JSON.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses `data`; returns whether the input was interesting (JSON at all, after one BOM).
///
/// Properties: nothing panics; an accepted body minus one leading BOM is JSON, and parses to the
/// same event without it; the event's `Event` accessors agree with its fields; the event
/// serializes and parses back to an equal event (floats up to serde_json's parsing precision);
/// every error renders and has a path and a position.
pub fn run(data: &[u8]) -> bool {
    let json = data.strip_prefix(BOM).unwrap_or(data);
    match CmdopEvent::from_slice(data) {
        Ok(event) => {
            check_accepted(&event, data);
            true
        }
        Err(err) => {
            // Error rendering and accessors run the path-locating code.
            let message = err.to_string();
            assert!(!message.is_empty());
            let path = err.path().expect("a parse error has a path");
            assert!(path.starts_with('$'), "{path}");
            let (line, column) = err.line_column().expect("a parse error has a position");
            assert!(line >= 1 && column >= 1, "{line}:{column}");
            assert!(!err.is_authentication());
            serde_json::from_slice::<Value>(json).is_ok()
        }
    }
}

/// The round-trip properties of an accepted event.
pub fn check_accepted(event: &CmdopEvent, data: &[u8]) {
    // The parser skips one BOM and nothing else: what follows it is plain JSON, and without the
    // mark the body is the same event.
    let json = data.strip_prefix(BOM).unwrap_or(data);
    assert!(
        serde_json::from_slice::<Value>(json).is_ok(),
        "accepted a body that is not JSON after at most one BOM"
    );
    if json.len() != data.len() {
        let plain = CmdopEvent::from_slice(json).expect("the body without its BOM parses");
        assert_eq!(&plain, event, "a BOM changed the event");
    }
    assert_eq!(event.source(), Source::Cmdop);
    assert_eq!(event.event_type(), event.kind.as_str());
    assert_eq!(event.occurred_at(), Some(event.timestamp));
    assert_eq!(event.dedup_key(), event.id);
    // Writing fails only for timestamps RFC 3339 cannot hold, which parsing never produces.
    let json = event.to_json().expect("a parsed event serializes");
    let again = CmdopEvent::from_slice(&json).expect("a serialized event parses");
    let (first, second) = (
        serde_json::to_value(event).expect("serializes"),
        serde_json::to_value(&again).expect("serializes"),
    );
    assert!(
        same_json(&first, &second),
        "parse(serialize(event)) != event:\n{first}\n{second}"
    );
    let summary: Value = serde_json::from_str(&event.to_summary_json().expect("summary writes"))
        .expect("the summary is JSON");
    assert_eq!(summary["source"], "cmdop");
    assert_eq!(summary["key"], event.id.as_str());
}
