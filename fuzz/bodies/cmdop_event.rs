//! Fuzz body for `fleethooks-cmdop`'s envelope parser: any bytes into `CmdopEvent::from_slice`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/cmdop_event.rs`) and a stable test in the
//! crate (`crates/fleethooks-cmdop/tests/fuzz_bodies.rs`), which runs it over every fixture and
//! truncated and mutated variants of them.

use fleethooks_cmdop::CmdopEvent;
use serde_json::Value;

/// Parses `data`; returns whether the input was interesting (JSON at all).
///
/// Properties: nothing panics; an accepted body is JSON; the event serializes and parses back to
/// an equal event (floats up to serde_json's parsing precision); every error renders.
pub fn run(data: &[u8]) -> bool {
    match CmdopEvent::from_slice(data) {
        Ok(event) => {
            check_accepted(&event, data);
            true
        }
        Err(err) => {
            // Error rendering and accessors run the path-locating code.
            let message = err.to_string();
            assert!(!message.is_empty());
            let _ = (err.path(), err.line_column());
            serde_json::from_slice::<Value>(data).is_ok()
        }
    }
}

/// The round-trip properties of an accepted event.
pub fn check_accepted(event: &CmdopEvent, data: &[u8]) {
    assert!(
        serde_json::from_slice::<Value>(data).is_ok(),
        "accepted a body that is not JSON"
    );
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
}

/// JSON equality, except that floats may differ in the last bits: serde_json's float parser is
/// not correctly rounded unless its `float_roundtrip` feature is on, so a long float can move by
/// an ulp on every parse. Everything else must be exactly equal.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => x == y || ((x - y) / x).abs() <= 1e-15,
                _ => false,
            }
        }
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(key, x)| ys.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}
