//! JSON equality for round-trip properties, shared by the bodies that compare parsed values
//! (`jamf_common.rs`, `cmdop_event.rs`, `jumpcloud_alert.rs`, `receive_any.rs`); each includer
//! declares it as the sibling module `same_json`.

use serde_json::Value;

/// JSON equality, except that floats may differ in the last bits: serde_json's float parser is
/// not correctly rounded unless its `float_roundtrip` feature is on, so a long float (or an
/// integer too large for 64 bits, read as a float) kept in an unknown member can move by an ulp
/// on every read. Everything else must be exactly equal.
pub fn same_json(a: &Value, b: &Value) -> bool {
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
