//! Bugs found by the hostile-input suite (`crates/fleethooks/tests/hostile.rs`), one test each.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use fleethooks_core::json;
use serde::Deserialize;

/// A model that skips what it does not know, as `Channel` and the cmdop envelope do: serde_json
/// skips a value without a depth limit, so the skipped part can be nested far deeper than
/// anything it builds.
#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "read only to be checked")]
struct Channel {
    name: String,
}

/// The path of an error was found by a scan that kept one frame (and one key string) per open
/// container: 200,000 brackets in a skipped member of a 200 KB body cost 19.6 MB, and the path
/// alone was 600 KB. Now it names the outer 128 levels and ends in `…`.
#[test]
fn the_path_of_an_error_deep_in_a_skipped_value_is_cut_at_128_levels() {
    let body = format!(r#"{{"name":"SOC alerts","x":{}}}"#, "[".repeat(200_000));
    let err = json::from_slice::<Channel>(body.as_bytes()).unwrap_err();
    assert_eq!(err.path(), format!("$.x{}…", "[0]".repeat(127)));
    assert_eq!(err.line_column(), (1, body.len()));
    assert_eq!(err.message(), "expected value");

    // Closing below the cut returns to the kept levels: the path is exact again.
    let body = format!(
        r#"{{"x":{open}{close},"name":7}}"#,
        open = "[".repeat(1_000),
        close = "]".repeat(1_000)
    );
    let err = json::from_slice::<Channel>(body.as_bytes()).unwrap_err();
    assert_eq!(err.path(), "$.name");

    // Keys and strings below the cut change nothing kept, brackets in strings count for nothing.
    let body = format!(
        r#"{{"name":"SOC","x":{open}{{"k":"]]]","k2":[1,2]}}{close},"y":{{"z":"a"}}}}"#,
        open = "[".repeat(200),
        close = "]".repeat(200)
    );
    assert_eq!(json::path_at(body.as_bytes(), body.len() - 5), "$.y.z");
    let inside = body.find(r#""k2""#).unwrap();
    assert_eq!(
        json::path_at(body.as_bytes(), inside),
        format!("$.x{}…", "[0]".repeat(127))
    );

    // At 128 levels exactly nothing is cut.
    let body = format!("{}1", "[".repeat(128));
    assert_eq!(
        json::path_at(body.as_bytes(), body.len()),
        format!("${}", "[0]".repeat(128))
    );
}
