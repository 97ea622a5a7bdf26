//! Fuzz body for `fleethooks-jumpcloud`'s alert parser: any bytes into `Alert::from_slice`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/jumpcloud_alert.rs`) and a stable test in
//! the crate (`crates/fleethooks-jumpcloud/tests/fuzz_bodies.rs`), so `cargo test` runs the same
//! assertions over the fixtures, the seeds and mutations of them.
//!
//! Properties: no panic; an error always has a message, and a JSON error a path and a position;
//! whatever parses serializes to one line of JSON that reads back to an equal alert and
//! serializes to the same text again (a fixed point; floats in kept members within an ulp, see
//! `same_json.rs`); no member the body had is lost (every
//! top-level name comes back); the event contract and the receiver helpers answer without
//! panicking.

use fleethooks_jumpcloud::{Alert, Error, Event, Source};
use serde_json::Value;

use super::same_json::same_json;

/// JumpCloud's seventeen documented alert fields.
const DOCUMENTED: [&str; 17] = [
    "alert_id",
    "alert_title",
    "category",
    "description",
    "di_event",
    "event_description",
    "initiated_by",
    "occurred_at",
    "previous_alert_status",
    "priority",
    "rule_id",
    "source_id",
    "source_name",
    "source_type",
    "source_url",
    "status",
    "update_at",
];

/// Parses `data` and checks the round trip; returns whether it parsed (worth keeping).
pub fn run(data: &[u8]) -> bool {
    let alert = match Alert::from_slice(data) {
        Ok(alert) => alert,
        Err(error) => {
            assert!(!error.to_string().is_empty());
            assert!(matches!(error, Error::Json { .. }), "{error:?}");
            assert!(error.path().is_some_and(|p| p.starts_with('$')), "{error}");
            assert!(
                error.line_column().is_some_and(|(l, c)| l >= 1 && c >= 1),
                "{error}"
            );
            return false;
        }
    };
    let json = serde_json::to_string(&alert).expect("a parsed alert serializes");
    assert!(
        !json.contains('\n'),
        "an alert serializes to one line: {json}"
    );
    let again = Alert::from_slice(json.as_bytes()).expect("a serialized alert reads back");
    assert!(
        again == alert || same_json(&to_value(&again), &to_value(&alert)),
        "round trip through {json}"
    );
    let json_again = serde_json::to_string(&again).expect("serializes again");
    assert!(
        json_again == json || same_json(&parse(&json_again), &parse(&json)),
        "serialization is a fixed point:\n{json}\n{json_again}"
    );
    if let (Ok(serde_json::Value::Object(sent)), Ok(serde_json::Value::Object(written))) = (
        serde_json::from_slice::<serde_json::Value>(without_bom(data)),
        serde_json::from_str::<serde_json::Value>(&json),
    ) {
        for (name, value) in &sent {
            if written.contains_key(name) {
                continue;
            }
            // Only a documented field sent as `null` (or a blank timestamp) is left out.
            let blank = value.is_null() || value.as_str().is_some_and(|t| t.trim().is_empty());
            assert!(
                DOCUMENTED.contains(&name.as_str()) && blank,
                "member {name:?} was lost: {json}"
            );
        }
    }
    let key = alert.dedup_key();
    assert!(key.starts_with(&alert.alert_id));
    assert_eq!(alert.source(), Source::Jumpcloud);
    assert_eq!(alert.event_type(), "alert");
    let summary = alert
        .to_summary_json()
        .expect("a parsed alert has a summary");
    assert!(!summary.contains('\n'), "a summary is one line: {summary}");
    if alert.is_open() || alert.is_resolved() {
        assert!(alert.transition().is_some());
    }
    assert!(!(alert.is_open() && alert.is_resolved()));
    true
}

fn to_value(alert: &Alert) -> Value {
    serde_json::to_value(alert).expect("a parsed alert is a JSON value")
}

fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("written JSON is JSON")
}

/// `data` without one leading UTF-8 byte-order mark, as the parser reads it.
fn without_bom(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)
}
