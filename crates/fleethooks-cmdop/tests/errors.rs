//! Error tables: `(input, expected message)`, pinning the JSON path and the line and column.

use fleethooks_cmdop::{CmdopEvent, Error};

const ENVELOPE: &str =
    r#""id":"evt_1","type":"machine.offline","timestamp":"2024-01-20T15:45:00Z""#;

#[test]
fn parse_errors_name_path_line_and_column() {
    let machine = format!(
        r#"{{{ENVELOPE},"data":{{"machine_id":"mach_1","machine_name":"m1","last_seen":"yesterday"}}}}"#
    );
    let exit = r#"{"id":"evt_2","type":"command.failed","timestamp":"2024-11-20T09:15:41Z","data":{"command":"make","exit_code":"one"}}"#;
    let size = "{\n  \"id\": \"evt_3\",\n  \"type\": \"file.uploaded\",\n  \"timestamp\": \"2024-11-20T10:02:17Z\",\n  \"data\": {\"size\": -1}\n}";
    let missing_name = format!(r#"{{{ENVELOPE},"data":{{"machine_id":"mach_1"}}}}"#);
    // `data` before `type` is read once the type is known: the position is the envelope's end.
    let data_first = r#"{"data":{"message":7},"id":"evt_test","type":"test","timestamp":"2024-01-20T15:45:00Z"}"#;
    let cases: &[(&str, &str)] = &[
        (
            "",
            "cannot parse cmdop JSON: EOF while parsing a value at line 1 column 0",
        ),
        (
            "{\"id\":",
            "cannot parse cmdop JSON: EOF while parsing a value at line 1 column 6",
        ),
        (
            "{\"id\" 1}",
            "cannot parse cmdop JSON: expected `:` at line 1 column 7",
        ),
        (
            "[]",
            "cannot parse cmdop JSON at `$`: invalid type: sequence, expected a cmdop event object at line 1 column 0",
        ),
        (
            r#"{"id":"evt_1"}"#,
            "cannot parse cmdop JSON at `$`: missing field `type` at line 1 column 14",
        ),
        (
            r#"{"id":42,"type":"test"}"#,
            "cannot parse cmdop JSON at `$.id`: invalid type: integer `42`, expected a string at line 1 column 8",
        ),
        (
            r#"{"id":"evt_1","type":null}"#,
            "cannot parse cmdop JSON at `$.type`: invalid type: null, expected an event type string at line 1 column 25",
        ),
        (
            r#"{"id":"evt_1","type":"test","timestamp":"2024-13-01T00:00:00Z","data":{}}"#,
            "cannot parse cmdop JSON at `$.timestamp`: input is out of range at line 1 column 62",
        ),
        (
            r#"{"id":"evt_1","id":"evt_2","type":"test"}"#,
            "cannot parse cmdop JSON at `$`: duplicate field `id` at line 1 column 18",
        ),
        (
            &machine,
            "cannot parse cmdop JSON at `$.data.last_seen`: input contains invalid characters at line 1 column 147",
        ),
        (
            &missing_name,
            "cannot parse cmdop JSON at `$.data`: missing field `machine_name` at line 1 column 104",
        ),
        (
            exit,
            "cannot parse cmdop JSON at `$.data.exit_code`: invalid type: string \"one\", expected i64 at line 1 column 115",
        ),
        (
            size,
            "cannot parse cmdop JSON at `$.data.size`: invalid value: integer `-1`, expected u64 at line 5 column 21",
        ),
        (
            r#"{"id":"evt_1","type":"command.failed","timestamp":"2024-11-20T09:15:41Z","data":[1]}"#,
            "cannot parse cmdop JSON at `$.data`: invalid type: sequence, expected a JSON object (CommandData) at line 1 column 80",
        ),
        (
            data_first,
            "cannot parse cmdop JSON at `$.data.message`: invalid type: integer `7`, expected a string at line 1 column 87",
        ),
    ];
    let mut failures = Vec::new();
    for (input, expected) in cases {
        match CmdopEvent::from_slice(input.as_bytes()) {
            Ok(event) => failures.push(format!("{input}\n  parsed: {event:?}")),
            Err(err) if err.to_string() != *expected => {
                failures.push(format!(
                    "{input}\n  expected: {expected}\n  actual:   {err}"
                ));
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn parse_error_exposes_path_and_position() {
    let body = "{\n  \"id\": \"evt_3\",\n  \"type\": \"file.uploaded\",\n  \"timestamp\": \"2024-11-20T10:02:17Z\",\n  \"data\": {\"size\": \"big\"}\n}";
    let err = CmdopEvent::from_slice(body.as_bytes()).unwrap_err();
    assert_eq!(err.path(), Some("$.data.size"));
    assert_eq!(err.line_column(), Some((5, 24)));
    assert!(std::error::Error::source(&err).is_some());
    assert!(!err.is_authentication());
    assert!(!err.is_replay());
}

#[test]
fn other_messages() {
    use http::StatusCode;
    let cases: Vec<(Error, &str)> = vec![
        (
            Error::MissingSignature,
            "missing header `x-cmdop-signature`; the webhook may have been created without a secret",
        ),
        (
            Error::Signature(fleethooks_verify::Error::SignatureMismatch),
            "signature rejected: signature does not match the body",
        ),
        (
            Error::Duplicate { id: "evt_1".into() },
            "event `evt_1` was already received",
        ),
        (
            Error::Api {
                status: StatusCode::NOT_FOUND,
                body: br#"{"error":{"code":"not_found"}}"#.to_vec(),
            },
            r#"cmdop API answered 404 Not Found: {"error":{"code":"not_found"}}"#,
        ),
        (
            Error::Api {
                status: StatusCode::BAD_GATEWAY,
                body: Vec::new(),
            },
            "cmdop API answered 502 Bad Gateway: (empty body)",
        ),
        (
            Error::Api {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                body: "x".repeat(500).into_bytes(),
            },
            &*format!(
                "cmdop API answered 500 Internal Server Error: {}…",
                "x".repeat(200)
            )
            .leak(),
        ),
    ];
    for (err, expected) in cases {
        assert_eq!(err.to_string(), expected);
    }
}
