//! Error tables: `(input, expected message)`, pinning the JSON path and the line and column.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use fleethooks_cmdop::{CmdopEvent, Error, EventType, Receiver, ReplayError, ReplayGuard};

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
    // `data` before `type` is held until the type is known; the error is still found in place.
    let data_first = r#"{"data":{"message":7},"id":"evt_test","type":"test","timestamp":"2024-01-20T15:45:00Z"}"#;
    // A byte-order mark is skipped; positions count from after it.
    let bom = format!("\u{feff}{exit}");
    // `data` first and well formed, the envelope wrong after it: the envelope's error stands.
    let data_first_bad_time = r#"{"data":{"message":"This is a test webhook"},"id":"evt_test","type":"test","timestamp":"2024-01-20"}"#;
    let data_first_missing = r#"{"data":{"machine_id":"mach_abc123"},"id":"evt_xyz789","type":"machine.offline","timestamp":"2024-01-20T15:45:00Z"}"#;
    let cases: &[(&str, &str)] = &[
        (
            &bom,
            "cannot parse cmdop event: invalid JSON at `$.data.exit_code` (line 1, column 115): invalid type: string \"one\", expected i64",
        ),
        (
            data_first_bad_time,
            "cannot parse cmdop event: invalid JSON at `$.timestamp` (line 1, column 99): premature end of input",
        ),
        (
            data_first_missing,
            "cannot parse cmdop event: invalid JSON at `$.data` (line 1, column 36): missing field `machine_name`",
        ),
        (
            r#"{"id":"evt_1","type":"test","timestamp":"2024-01-20T15:45:00Z","data":{"message":"m"}} {}"#,
            "cannot parse cmdop event: invalid JSON at `$` (line 1, column 88): trailing characters",
        ),
        (
            "[{\"id\":\"evt_1\"}]",
            "cannot parse cmdop event: invalid JSON at `$` (line 1, column 1): invalid type: sequence, expected a cmdop event object",
        ),
        (
            "",
            "cannot parse cmdop event: invalid JSON at `$` (line 1, column 1): EOF while parsing a value",
        ),
        (
            "{\"id\":",
            "cannot parse cmdop event: invalid JSON at `$.id` (line 1, column 6): EOF while parsing a value",
        ),
        (
            "{\"id\" 1}",
            "cannot parse cmdop event: invalid JSON at `$.id` (line 1, column 7): expected `:`",
        ),
        (
            "[]",
            "cannot parse cmdop event: invalid JSON at `$` (line 1, column 1): invalid type: sequence, expected a cmdop event object",
        ),
        (
            r#"{"id":"evt_1"}"#,
            "cannot parse cmdop event: invalid JSON at `$` (line 1, column 14): missing field `type`",
        ),
        (
            r#"{"id":42,"type":"test"}"#,
            "cannot parse cmdop event: invalid JSON at `$.id` (line 1, column 8): invalid type: integer `42`, expected a string",
        ),
        (
            r#"{"id":"evt_1","type":null}"#,
            "cannot parse cmdop event: invalid JSON at `$.type` (line 1, column 25): invalid type: null, expected an event type string",
        ),
        (
            r#"{"id":"evt_1","type":"test","timestamp":"2024-13-01T00:00:00Z","data":{}}"#,
            "cannot parse cmdop event: invalid JSON at `$.timestamp` (line 1, column 62): input is out of range",
        ),
        (
            r#"{"id":"evt_1","id":"evt_2","type":"test"}"#,
            "cannot parse cmdop event: invalid JSON at `$.id` (line 1, column 18): duplicate field `id`",
        ),
        (
            &machine,
            "cannot parse cmdop event: invalid JSON at `$.data.last_seen` (line 1, column 147): input contains invalid characters",
        ),
        (
            &missing_name,
            "cannot parse cmdop event: invalid JSON at `$.data` (line 1, column 104): missing field `machine_name`",
        ),
        (
            exit,
            "cannot parse cmdop event: invalid JSON at `$.data.exit_code` (line 1, column 115): invalid type: string \"one\", expected i64",
        ),
        (
            size,
            "cannot parse cmdop event: invalid JSON at `$.data.size` (line 5, column 21): invalid value: integer `-1`, expected u64",
        ),
        (
            r#"{"id":"evt_1","type":"command.failed","timestamp":"2024-11-20T09:15:41Z","data":[1]}"#,
            "cannot parse cmdop event: invalid JSON at `$.data` (line 1, column 80): invalid type: sequence, expected a JSON object (CommandData)",
        ),
        (
            data_first,
            "cannot parse cmdop event: invalid JSON at `$.data.message` (line 1, column 20): invalid type: integer `7`, expected a string",
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
    let Error::Json(json) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(json.message(), "invalid type: string \"big\", expected u64");
    assert!(!json.is_syntax());
}

#[test]
fn invalid_utf8_is_positioned() {
    let body = b"{\"id\":\"evt_01JD4R8Q2ZK7\",\"type\":\"machine.offline\",\"timestamp\":\"2024-01-20T15:45:00Z\",\"data\":{\"machine_id\":\"mach_abc123\",\"machine_name\":\"caf\xe9\"}}";
    let err = CmdopEvent::from_slice(body).unwrap_err();
    assert_eq!(err.path(), Some("$.data.machine_name"));
    assert_eq!(err.line_column(), Some((1, 140)));
    assert_eq!(
        err.to_string(),
        "cannot parse cmdop event: invalid JSON at `$.data.machine_name` (line 1, column 140): invalid unicode code point"
    );
}

#[test]
fn data_first_errors_point_into_data() {
    let body = "{\n  \"data\": {\n    \"machine_id\": \"mach_abc123\",\n    \"machine_name\": \"production-server\",\n    \"last_seen\": 1705765440\n  },\n  \"id\": \"evt_xyz789\",\n  \"type\": \"machine.offline\",\n  \"timestamp\": \"2024-01-20T15:45:00Z\"\n}";
    let err = CmdopEvent::from_slice(body.as_bytes()).unwrap_err();
    assert_eq!(err.path(), Some("$.data.last_seen"));
    assert_eq!(err.line_column(), Some((5, 27)));
}

#[test]
fn receive_side_messages() {
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
            Receiver::new("").unwrap_err(),
            "invalid signing configuration: a secret must not be empty",
        ),
        (
            Receiver::with_secrets(Vec::<&str>::new()).unwrap_err(),
            "invalid signing configuration: no secret configured",
        ),
    ];
    for (err, expected) in cases {
        assert_eq!(err.to_string(), expected);
        assert_eq!((err.path(), err.line_column()), (None, None));
    }
}

#[test]
fn replay_messages_come_from_core() {
    let event = CmdopEvent::from_slice(
        br#"{"id":"evt_01JD4R8Q2ZK7","type":"machine.offline","timestamp":"2024-11-20T09:12:05Z","data":{"machine_id":"mach_7Q2K9XW4","machine_name":"build-eu-02"}}"#,
    )
    .unwrap();
    let guard = ReplayGuard::default().refuse_stale(true);
    let now = event.timestamp + chrono::TimeDelta::seconds(30);
    guard.check_at(&event, now).unwrap();
    let duplicate = guard.check_at(&event, now).unwrap_err();
    assert!(matches!(&duplicate, ReplayError::Duplicate { key } if key == "evt_01JD4R8Q2ZK7"));
    assert_eq!(
        duplicate.to_string(),
        "event `evt_01JD4R8Q2ZK7` was already received"
    );
    let stale = guard
        .check_at(&event, event.timestamp + chrono::TimeDelta::hours(2))
        .unwrap_err();
    assert_eq!(
        stale.to_string(),
        "event `evt_01JD4R8Q2ZK7` is stale: it happened at 2024-11-20 09:12:05 UTC, before the replay window"
    );
}

#[test]
fn api_messages() {
    use fleethooks_cmdop::api;
    use http::StatusCode;
    let cases: Vec<(api::Error, String)> = vec![
        (
            api::Error::Api {
                status: StatusCode::NOT_FOUND,
                body: br#"{"error":{"code":"not_found"}}"#.to_vec(),
            },
            r#"cmdop API answered 404 Not Found: {"error":{"code":"not_found"}}"#.to_owned(),
        ),
        (
            api::Error::Api {
                status: StatusCode::BAD_GATEWAY,
                body: Vec::new(),
            },
            "cmdop API answered 502 Bad Gateway: (empty body)".to_owned(),
        ),
        (
            api::Error::Api {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                body: "x".repeat(500).into_bytes(),
            },
            format!(
                "cmdop API answered 500 Internal Server Error: {}…",
                "x".repeat(200)
            ),
        ),
        (
            api::Error::NoEvents,
            "a webhook needs at least one event type".to_owned(),
        ),
        (
            api::Error::InvalidToken,
            "the API token is empty or cannot be sent in an HTTP header".to_owned(),
        ),
        (
            api::Error::EmptyId,
            "a webhook id must not be empty".to_owned(),
        ),
        (
            api::Error::SecretNotText,
            "a webhook secret must be UTF-8 text to be sent to the API".to_owned(),
        ),
        (
            api::CreateWebhook::new("http://hooks.example.com/cmdop", [EventType::Test])
                .unwrap_err(),
            r#"invalid URL "http://hooks.example.com/cmdop": the scheme must be https"#.to_owned(),
        ),
    ];
    for (err, expected) in cases {
        assert_eq!(err.to_string(), expected);
        assert_eq!((err.path(), err.line_column()), (None, None));
    }
}
