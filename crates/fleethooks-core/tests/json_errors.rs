//! Where `json::from_slice` says a body went wrong: path, line and column, for syntax and data
//! errors, at every depth.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use fleethooks_core::json;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "read only to be checked")]
#[serde(rename_all = "camelCase")]
struct Computer {
    serial_number: Option<String>,
    #[serde(rename = "jssID")]
    jss_id: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "read only to be checked")]
struct Event {
    computer: Computer,
    #[serde(default)]
    report_urls: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "read only to be checked")]
struct Envelope {
    event: Event,
    webhook: serde_json::Value,
}

fn err(body: &str) -> json::JsonError {
    json::from_slice::<Envelope>(body.as_bytes()).unwrap_err()
}

#[test]
fn errors_name_path_line_and_column() {
    let cases: &[(&str, &str, (usize, usize), &str)] = &[
        (
            "{\"event\":{\"computer\":{\"jssID\":\"x\"}},\"webhook\":{}}",
            "$.event.computer.jssID",
            (1, 33),
            "invalid type: string \"x\", expected i64",
        ),
        (
            "{\n  \"event\": {\n    \"computer\": {\n      \"serialNumber\": 12\n    }\n  },\n  \"webhook\": {}\n}",
            "$.event.computer.serialNumber",
            (4, 24),
            "invalid type: integer `12`, expected a string",
        ),
        (
            "{\"event\":{\"computer\":{},\"report_urls\":[\"a\",7]},\"webhook\":{}}",
            "$.event.report_urls[1]",
            (1, 44),
            "invalid type: integer `7`, expected a string",
        ),
        // A struct read from an array reads its fields by position.
        (
            "[1]",
            "$[0]",
            (1, 2),
            "invalid type: integer `1`, expected struct Event",
        ),
        (
            "{\"event\":{\"report_urls\":[]},\"webhook\":{}}",
            "$.event",
            (1, 27),
            "missing field `computer`",
        ),
        (
            "{\"event\":{\"computer\":{",
            "$.event.computer",
            (1, 22),
            "EOF while parsing an object",
        ),
        ("{\"event\" 1}", "$.event", (1, 10), "expected `:`"),
        ("", "$", (1, 1), "EOF while parsing a value"),
        (
            "{\"event\":{\"computer\":{}},\"webhook\":{}} x",
            "$",
            (1, 40),
            "trailing characters",
        ),
        (
            "{\"odd key\":{\"x\":tru}}",
            // The error is found at the `}` that ends `tru`, so the path is the object's.
            "$[\"odd key\"]",
            (1, 20),
            "expected ident",
        ),
    ];
    for (body, path, position, message) in cases {
        let e = err(body);
        assert_eq!(e.path(), *path, "path of {body:?}");
        assert_eq!(e.line_column(), *position, "position of {body:?}");
        assert_eq!(e.message(), *message, "message of {body:?}");
        assert_eq!(
            e.to_string(),
            format!(
                "invalid JSON at `{path}` (line {}, column {}): {message}",
                position.0, position.1
            )
        );
    }
}

#[test]
fn syntax_and_data_errors_are_told_apart() {
    assert!(err("{\"event\" 1}").is_syntax());
    assert!(err("{\"event\":{\"computer\":{").is_syntax());
    assert!(!err("{\"event\":{\"computer\":{\"jssID\":\"x\"}},\"webhook\":{}}").is_syntax());
}

#[test]
fn a_bom_is_skipped_and_positions_count_after_it() {
    let ok =
        json::from_slice::<Envelope>(b"\xEF\xBB\xBF{\"event\":{\"computer\":{}},\"webhook\":{}}");
    assert!(ok.is_ok(), "{ok:?}");
    let e = json::from_slice::<Envelope>(b"\xEF\xBB\xBF{\"event\":1}").unwrap_err();
    assert_eq!(e.path(), "$.event");
    assert_eq!(e.line_column(), (1, 10));
    // Only one BOM is skipped: a second one is not JSON.
    let e = json::from_slice::<Envelope>(b"\xEF\xBB\xBF\xEF\xBB\xBF{}").unwrap_err();
    assert!(e.is_syntax());
    assert_eq!(e.line_column(), (1, 1));
}

#[test]
fn invalid_utf8_is_positioned() {
    let e =
        json::from_slice::<Envelope>(b"{\"event\":{\"computer\":{\"serialNumber\":\"C02\xFFX\"}}}")
            .unwrap_err();
    assert_eq!(e.path(), "$.event.computer.serialNumber");
    assert_eq!(e.line_column().0, 1);
    assert!(
        e.message().contains("invalid unicode code point"),
        "{}",
        e.message()
    );
}

#[test]
fn escaped_member_names_are_decoded_in_paths() {
    let e = err("{\"ev\\u0065nt\":{\"computer\":{\"jssID\":true}},\"webhook\":{}}");
    assert_eq!(e.path(), "$.event.computer.jssID");
}

#[test]
fn line_column_counts_bytes_from_one() {
    assert_eq!(json::line_column(b"ab\ncd", 0), (1, 1));
    assert_eq!(json::line_column(b"ab\ncd", 4), (2, 2));
    assert_eq!(json::line_column(b"ab\ncd", 99), (2, 3));
}
