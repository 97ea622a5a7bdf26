//! Fuzz body for `fleethooks-jumpcloud`'s alert parser: any bytes into `Alert::from_slice`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/jumpcloud_alert.rs`) and a stable test in
//! the crate (`crates/fleethooks-jumpcloud/tests/fuzz_bodies.rs`), so `cargo test` runs the same
//! assertions over the fixtures, the seeds and mutations of them.
//!
//! Properties: no panic; an error always has a message; whatever parses serializes to one line
//! of JSON that reads back to an equal alert and serializes to the same text again (a fixed
//! point); the receiver helpers answer without panicking.

use fleethooks_jumpcloud::Alert;

/// Parses `data` and checks the round trip; returns whether it parsed (worth keeping).
pub fn run(data: &[u8]) -> bool {
    let alert = match Alert::from_slice(data) {
        Ok(alert) => alert,
        Err(error) => {
            assert!(!error.to_string().is_empty());
            return false;
        }
    };
    let json = serde_json::to_string(&alert).expect("a parsed alert serializes");
    assert!(
        !json.contains('\n'),
        "an alert serializes to one line: {json}"
    );
    let again = Alert::from_slice(json.as_bytes()).expect("a serialized alert reads back");
    assert_eq!(again, alert, "round trip through {json}");
    assert_eq!(
        serde_json::to_string(&again).expect("serializes again"),
        json,
        "serialization is a fixed point"
    );
    let key = alert.dedup_key();
    assert!(key.starts_with(&alert.alert_id));
    if alert.is_open() || alert.is_resolved() {
        assert!(alert.transition().is_some());
    }
    assert!(!(alert.is_open() && alert.is_resolved()));
    true
}
