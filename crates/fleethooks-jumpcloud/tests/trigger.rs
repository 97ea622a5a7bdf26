//! Command trigger requests and responses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers unwrap fixture reads"
)]

use fleethooks_jumpcloud::{Environment, Error, TriggerRequest, TriggerResponse};

const API_KEY: &str = "jc_api_4f1c9e2ab7d30c55e8a1";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[test]
fn builds_the_documented_request() {
    let body = fixture("trigger_body_every_kind.json");
    let request = TriggerRequest::new("restartWebServers", API_KEY)
        .with_org_id("5f8e2c1a9b7d3e0012ab34cd")
        .with_body(body.clone())
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://console.jumpcloud.com/api/command/trigger/restartWebServers"
    );
    let headers = request.headers();
    assert_eq!(headers["x-api-key"], API_KEY);
    assert!(headers["x-api-key"].is_sensitive());
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["x-org-id"], "5f8e2c1a9b7d3e0012ab34cd");
    // The body goes out byte for byte.
    assert_eq!(request.body(), &body);
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let body = fixture("trigger_body_every_kind.json");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &body].concat();
    // Checked as flattening reads it, and not sent: it is not JSON.
    let request = TriggerRequest::new("restartWebServers", API_KEY)
        .with_body(with_bom)
        .unwrap();
    assert_eq!(request.body(), Some(body.as_slice()));

    let plain = fixture("trigger_response.json");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &plain].concat();
    assert_eq!(
        TriggerResponse::from_slice(&with_bom).unwrap(),
        TriggerResponse::from_slice(&plain).unwrap()
    );
    // Positions count from after it.
    let err = TriggerResponse::from_slice(b"\xEF\xBB\xBF{\"triggered\":7}").unwrap_err();
    assert_eq!(err.path(), Some("$.triggered"));
    assert_eq!(err.line_column(), Some((1, 14)));
}

#[test]
fn without_a_body_or_organization() {
    let request = TriggerRequest::new("nightlyBackup", API_KEY)
        .build()
        .unwrap();
    assert!(request.body().is_empty());
    assert!(!request.headers().contains_key("x-org-id"));
    assert_eq!(request.headers()["content-type"], "application/json");
}

#[test]
fn base_url_is_overridable() {
    let cases = [
        (
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/api/command/trigger/flushCache",
        ),
        (
            "http://127.0.0.1:8080/",
            "http://127.0.0.1:8080/api/command/trigger/flushCache",
        ),
        (
            "https://proxy.acme.example/jumpcloud",
            "https://proxy.acme.example/jumpcloud/api/command/trigger/flushCache",
        ),
    ];
    for (base, expected) in cases {
        let request = TriggerRequest::new("flushCache", API_KEY)
            .with_base_url(base)
            .build()
            .unwrap();
        assert_eq!(request.uri(), expected, "{base}");
    }
}

#[test]
fn unusual_names_need_an_override_and_are_encoded() {
    let cases = [
        ("restart web", "restart%20web"),
        ("db/backup", "db%2Fbackup"),
        ("deploy?env=prod#x", "deploy%3Fenv%3Dprod%23x"),
        ("restart-nginx_v2.1~", "restart-nginx_v2%2E1~"),
        ("red\u{e9}marrer", "red%C3%A9marrer"),
        ("..", "%2E%2E"),
        ("100%", "100%25"),
    ];
    for (name, encoded) in cases {
        let request = TriggerRequest::new(name, API_KEY);
        let err = request.build().unwrap_err();
        assert!(
            matches!(&err, Error::UnusualTriggerName { name: n } if n == name),
            "{name}: {err:?}"
        );
        let request = request.allow_any_name().build().unwrap();
        assert_eq!(
            request.uri().path(),
            format!("/api/command/trigger/{encoded}"),
            "{name}"
        );
    }
}

#[test]
fn errors_and_their_messages() {
    let cases: Vec<(TriggerRequest, &str)> = vec![
        (
            TriggerRequest::new("", API_KEY),
            "a trigger name must not be empty",
        ),
        (
            TriggerRequest::new("", API_KEY).allow_any_name(),
            "a trigger name must not be empty",
        ),
        (
            TriggerRequest::new("restart-nginx", API_KEY),
            "trigger name \"restart-nginx\" has characters other than ASCII letters and digits, \
             which JumpCloud has been seen to match no command for (allow any name to send it anyway)",
        ),
        (
            TriggerRequest::new("restartNginx", "jc_api_4f1c\n9e2a"),
            "invalid value for header `x-api-key`: it must be visible ASCII without line breaks",
        ),
        (
            TriggerRequest::new("restartNginx", API_KEY).with_org_id("5f8e\r\n"),
            "invalid value for header `x-org-id`: it must be visible ASCII without line breaks",
        ),
        (
            TriggerRequest::new("restartNginx", API_KEY).with_base_url("not a url"),
            "invalid trigger URL \"not a url/api/command/trigger/restartNginx\": invalid uri character",
        ),
    ];
    for (request, expected) in cases {
        let err = request.build().unwrap_err();
        assert_eq!(err.to_string(), expected);
        assert!(
            !err.to_string().contains("4f1c"),
            "the API key leaked: {err}"
        );
    }
}

#[test]
fn body_must_flatten() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"[\"web-01\"]",
            "a trigger body must be a JSON object, found an array",
        ),
        (
            b"{\"service\": web01}",
            "invalid trigger body JSON at `$.service` (line 1, column 13): expected value",
        ),
        (
            br#"{"":"nginx"}"#,
            r#"trigger body key "" cannot be an environment variable name: it is empty"#,
        ),
    ];
    for (body, expected) in cases {
        let err = TriggerRequest::new("restartNginx", API_KEY)
            .with_body(body.to_vec())
            .unwrap_err();
        assert_eq!(err.to_string(), *expected);
    }
}

#[test]
fn body_from_variables() {
    let vars = Environment::from_pairs([("service", "nginx"), ("drain_seconds", "30")]);
    let request = TriggerRequest::new("restartNginx", API_KEY)
        .with_environment(&vars)
        .build()
        .unwrap();
    assert_eq!(
        request.body(),
        br#"{"service":"nginx","drain_seconds":"30"}"#
    );
}

#[test]
fn debug_redacts_the_api_key() {
    let request = TriggerRequest::new("restartNginx", API_KEY);
    let debug = format!("{request:?}");
    assert!(!debug.contains(API_KEY), "{debug}");
    assert!(debug.contains("restartNginx"), "{debug}");
}

#[test]
fn responses() {
    let response = TriggerResponse::from_slice(&fixture("trigger_response.json")).unwrap();
    assert_eq!(
        response.triggered,
        ["Restart nginx (web tier)", "Flush CDN cache"]
    );
    assert!(!response.matched_nothing());
    let original: serde_json::Value =
        serde_json::from_slice(&fixture("trigger_response.json")).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), original);

    let empty = TriggerResponse::from_slice(&fixture("trigger_response_empty.json")).unwrap();
    assert!(empty.matched_nothing());
    assert_eq!(empty, TriggerResponse::new(Vec::<String>::new()));
}

#[test]
fn response_errors() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"triggered":["Restart nginx",42]}"#,
            "invalid trigger response JSON at `$.triggered[1]` (line 1, column 32): invalid type: integer `42`, expected a string",
        ),
        (
            "<html>502 Bad Gateway</html>",
            "invalid trigger response JSON at `$` (line 1, column 1): expected value",
        ),
    ];
    for (input, expected) in cases {
        let err = TriggerResponse::from_slice(input.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), *expected);
    }
}
