//! The management API: request builders against fixtures, response parsing, validation.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use chrono::{TimeZone, Utc};
use fleethooks_cmdop::EventType;
use fleethooks_cmdop::api::{
    Client, CreateWebhook, Data, Error, UpdateWebhook, Webhook, parse_empty, parse_list,
    parse_webhook,
};
use http::{Method, Response, StatusCode};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/api/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

fn response(status: u16, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder().status(status).body(body).unwrap()
}

fn client() -> Client {
    Client::new("cmdop_live_7d41e89f3b2c").unwrap()
}

#[test]
fn list_request() {
    let request = client().list().unwrap();
    assert_eq!(request.method(), Method::GET);
    assert_eq!(request.uri(), "https://api.cmdop.com/v1/webhooks");
    assert_eq!(
        request.headers()["authorization"],
        "Bearer cmdop_live_7d41e89f3b2c"
    );
    assert!(request.headers()["authorization"].is_sensitive());
    assert_eq!(request.headers()["accept"], "application/json");
    assert!(request.headers().get("content-type").is_none());
    assert!(request.body().is_empty());
}

#[test]
fn create_request_matches_the_documented_body() {
    let create = CreateWebhook::new(
        "https://example.com/webhook",
        [
            EventType::MachineOffline,
            EventType::CommandFailed,
            EventType::ScheduleFailed,
        ],
    )
    .unwrap()
    .with_secret("your-secret-key");
    let request = client().create(&create).unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri(), "https://api.cmdop.com/v1/webhooks");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(json(request.body()), json(&fixture("create_request.json")));
    // The secret is sent but never printed.
    assert!(!format!("{create:?}").contains("your-secret-key"));
}

#[test]
fn create_with_enabled() {
    let create = CreateWebhook::new("https://example.com/webhook", [EventType::Test])
        .unwrap()
        .with_enabled(false);
    let body = client().create(&create).unwrap().into_body();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"url":"https://example.com/webhook","events":["test"],"enabled":false}"#
    );
}

#[test]
fn update_request_sends_only_set_fields() {
    let update = UpdateWebhook::new()
        .with_events([EventType::MachineOffline])
        .unwrap()
        .with_enabled(false);
    let request = client().update("hook_abc123", &update).unwrap();
    assert_eq!(request.method(), Method::PATCH);
    assert_eq!(
        request.uri(),
        "https://api.cmdop.com/v1/webhooks/hook_abc123"
    );
    assert_eq!(json(request.body()), json(&fixture("update_request.json")));
    assert_eq!(serde_json::to_string(&UpdateWebhook::new()).unwrap(), "{}");
    let update = UpdateWebhook::new()
        .with_url("https://hooks.example.net/v2")
        .unwrap()
        .with_secret("s2");
    assert_eq!(
        serde_json::to_string(&update).unwrap(),
        r#"{"url":"https://hooks.example.net/v2","secret":"s2"}"#
    );
}

#[test]
fn delete_and_test_requests() {
    let request = client().delete("hook_abc123").unwrap();
    assert_eq!(request.method(), Method::DELETE);
    assert_eq!(
        request.uri(),
        "https://api.cmdop.com/v1/webhooks/hook_abc123"
    );
    let request = client().test("hook_abc123").unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(
        request.uri(),
        "https://api.cmdop.com/v1/webhooks/hook_abc123/test"
    );
    assert!(request.body().is_empty());
}

#[test]
fn ids_are_escaped_as_one_path_segment() {
    let cases = [
        ("hook/../../admin", "/webhooks/hook%2F..%2F..%2Fadmin"),
        ("a b?c#d", "/webhooks/a%20b%3Fc%23d"),
        ("..", "/webhooks/%2E%2E"),
        (".", "/webhooks/%2E"),
        ("hook_é", "/webhooks/hook_%C3%A9"),
        ("hook-1.2~x", "/webhooks/hook-1.2~x"),
    ];
    for (id, path) in cases {
        assert_eq!(
            client().delete(id).unwrap().uri().path(),
            format!("/v1{path}"),
            "{id}"
        );
    }
    assert!(matches!(client().delete(""), Err(Error::EmptyId)));
}

#[test]
fn base_url() {
    let client = client()
        .with_base_url("https://cmdop.internal.example:8443/api/v1/")
        .unwrap();
    assert_eq!(
        client.base_url(),
        "https://cmdop.internal.example:8443/api/v1"
    );
    assert_eq!(
        client.test("hook_1").unwrap().uri(),
        "https://cmdop.internal.example:8443/api/v1/webhooks/hook_1/test"
    );
    for bad in [
        "http://api.cmdop.com/v1",
        "api.cmdop.com/v1",
        "https://api.cmdop.com/v1?x=1",
        "",
    ] {
        assert!(
            matches!(
                Client::new("t").unwrap().with_base_url(bad),
                Err(Error::InvalidUrl { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn client_debug_redacts_the_token() {
    let debug = format!("{:?}", client());
    assert!(!debug.contains("cmdop_live"), "{debug}");
    assert!(debug.contains("[redacted]"));
}

#[test]
fn invalid_tokens() {
    assert!(matches!(Client::new(""), Err(Error::InvalidToken)));
    assert!(matches!(Client::new("abc\ndef"), Err(Error::InvalidToken)));
}

#[test]
fn create_validation_table() {
    let cases: &[(&str, &str)] = &[
        (
            "http://example.com/webhook",
            r#"invalid URL "http://example.com/webhook": the scheme must be https"#,
        ),
        ("/webhook", r#"invalid URL "/webhook": not an absolute URL"#),
        (
            "example.com/webhook",
            r#"invalid URL "example.com/webhook": not an absolute URL"#,
        ),
        ("https://", r#"invalid URL "https://": not a valid URL"#),
        (
            "https://user:pw@example.com/hook",
            r#"invalid URL "https://user:pw@example.com/hook": credentials do not belong in the URL"#,
        ),
        (
            "https://exa mple.com/",
            r#"invalid URL "https://exa mple.com/": not a valid URL"#,
        ),
        (
            "ftp://example.com/",
            r#"invalid URL "ftp://example.com/": the scheme must be https"#,
        ),
    ];
    for (url, expected) in cases {
        let err = CreateWebhook::new(*url, [EventType::Test]).unwrap_err();
        assert_eq!(err.to_string(), *expected, "{url}");
    }
    assert!(
        CreateWebhook::new(
            "HTTPS://Example.com:8443/hooks/cmdop?tenant=eu",
            [EventType::Test]
        )
        .is_ok()
    );
    let err = CreateWebhook::new("https://example.com/webhook", []).unwrap_err();
    assert_eq!(err.to_string(), "a webhook needs at least one event type");
    assert!(matches!(
        UpdateWebhook::new().with_events([]),
        Err(Error::NoEvents)
    ));
}

#[test]
fn non_text_secrets_are_refused_when_sent() {
    let create = CreateWebhook::new("https://example.com/webhook", [EventType::Test])
        .unwrap()
        .with_secret(vec![0xff, 0xfe]);
    assert!(matches!(
        client().create(&create),
        Err(Error::SecretNotText)
    ));
}

#[test]
fn list_response() {
    let hooks = parse_list(&response(200, fixture("list_response.json"))).unwrap();
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[0].id, "hook_abc123");
    assert_eq!(
        hooks[0].events,
        [EventType::MachineOffline, EventType::CommandFailed]
    );
    assert!(hooks[0].enabled);
    assert_eq!(
        hooks[0].created_at,
        Utc.with_ymd_and_hms(2024, 1, 15, 10, 30, 0).unwrap()
    );
    assert_eq!(
        hooks[1].url,
        "https://hooks.fleet.example.net/cmdop?tenant=eu"
    );
    assert!(!hooks[1].enabled);
    // Round trip of the wrapper against the original.
    let wrapped = Data::new(hooks);
    assert_eq!(
        serde_json::to_value(&wrapped).unwrap(),
        json(&fixture("list_response.json"))
    );
}

#[test]
fn create_and_update_responses() {
    for (name, events) in [
        (
            "create_response.json",
            vec![
                EventType::MachineOffline,
                EventType::CommandFailed,
                EventType::ScheduleFailed,
            ],
        ),
        ("update_response.json", vec![EventType::MachineOffline]),
    ] {
        let hook = parse_webhook(&response(201, fixture(name))).unwrap();
        let expected = Webhook::new(
            "hook_abc123",
            "https://example.com/webhook",
            events,
            name.starts_with("create"),
            Utc.with_ymd_and_hms(2024, 1, 20, 15, 45, 0).unwrap(),
        );
        assert_eq!(hook, expected);
        assert_eq!(
            serde_json::to_value(Data::new(&hook)).unwrap(),
            json(&fixture(name))
        );
    }
}

#[test]
fn empty_responses() {
    parse_empty(&response(204, Vec::new())).unwrap();
    parse_empty(&response(202, b"{\"data\":null}".to_vec())).unwrap();
}

#[test]
fn non_2xx_keeps_status_and_body() {
    let body = fixture("error_response.json");
    let err = parse_webhook(&response(404, body.clone())).unwrap_err();
    let Error::Api { status, body: kept } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, StatusCode::NOT_FOUND);
    assert_eq!(kept, &body);
    assert!(
        err.to_string()
            .starts_with("cmdop API answered 404 Not Found: {")
    );
    assert!(matches!(
        parse_empty(&response(401, Vec::new())),
        Err(Error::Api {
            status: StatusCode::UNAUTHORIZED,
            ..
        })
    ));
    assert!(matches!(
        parse_list(&response(302, Vec::new())),
        Err(Error::Api { .. })
    ));
}

#[test]
fn a_2xx_with_the_wrong_shape_is_a_parse_error() {
    let err = parse_list(&response(200, fixture("create_response.json"))).unwrap_err();
    let Error::Json(json) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(json.path(), "$.data");
    assert_eq!(err.path(), Some("$.data"));
    assert!(err.line_column().is_some());
    assert!(parse_webhook(&response(200, b"{}".to_vec())).is_err());
}

#[test]
fn fields_changed_after_validation_are_checked_again() {
    let mut create = CreateWebhook::new("https://example.com/webhook", [EventType::Test]).unwrap();
    create.url = "http://example.com/webhook".to_owned();
    assert!(matches!(
        client().create(&create),
        Err(Error::InvalidUrl { .. })
    ));
    create.url = "https://example.com/webhook".to_owned();
    create.events.clear();
    assert!(matches!(client().create(&create), Err(Error::NoEvents)));

    let mut update = UpdateWebhook::new();
    update.events = Some(Vec::new());
    assert!(matches!(
        client().update("hook_1", &update),
        Err(Error::NoEvents)
    ));
    update.events = None;
    update.url = Some("ftp://example.com".to_owned());
    assert!(matches!(
        client().update("hook_1", &update),
        Err(Error::InvalidUrl { .. })
    ));
}

#[test]
fn response_errors_name_the_path() {
    let cases: &[(&str, bool, &str)] = &[
        (
            "[]",
            true,
            "cannot parse cmdop API response: invalid JSON at `$` (line 1, column 2): invalid length 0, expected struct Data with 1 element",
        ),
        (
            r#"{"items":[]}"#,
            true,
            "cannot parse cmdop API response: invalid JSON at `$` (line 1, column 12): missing field `data`",
        ),
        (
            r#"{"data":{}}"#,
            true,
            "cannot parse cmdop API response: invalid JSON at `$.data` (line 1, column 8): invalid type: map, expected a sequence",
        ),
        (
            r#"{"data":[{"id":"hook_1","url":"https://example.com","events":["test"],"enabled":true,"created_at":"2024-01-15T10:30:00Z"},{"id":"hook_2","url":"https://example.com","events":["test",7],"enabled":true,"created_at":"2024-01-15T10:30:00Z"}]}"#,
            true,
            "cannot parse cmdop API response: invalid JSON at `$.data[1].events[1]` (line 1, column 183): invalid type: integer `7`, expected an event type string",
        ),
        (
            r#"{"data":{"id":"hook_1","url":"https://example.com","events":[],"enabled":"yes","created_at":"2024-01-15T10:30:00Z"}}"#,
            false,
            "cannot parse cmdop API response: invalid JSON at `$.data.enabled` (line 1, column 78): invalid type: string \"yes\", expected a boolean",
        ),
        (
            r#"{"data":{"id":"hook_1","url":"https://example.com","events":[],"enabled":true}}"#,
            false,
            "cannot parse cmdop API response: invalid JSON at `$.data` (line 1, column 78): missing field `created_at`",
        ),
        (
            r#"{"data":"#,
            false,
            "cannot parse cmdop API response: invalid JSON at `$.data` (line 1, column 8): EOF while parsing a value",
        ),
    ];
    let mut failures = Vec::new();
    for (body, list, expected) in cases {
        let response = response(200, body.as_bytes().to_vec());
        let err = if *list {
            parse_list(&response).unwrap_err()
        } else {
            parse_webhook(&response).unwrap_err()
        };
        if err.to_string() != *expected {
            failures.push(format!("{body}\n  expected: {expected}\n  actual:   {err}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
