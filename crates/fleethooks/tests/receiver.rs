//! Every source through `Receiver`: credentials, signatures, limits, content types, malformed
//! bodies, duplicates, stale events, source detection, answers.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use std::path::Path;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use fleethooks::http::{HeaderMap, HeaderValue, StatusCode, header};
use fleethooks::{BuildError, InboundEvent, ReceiveError, Receiver, Source};

const JAMF_USER: &str = "jamf-hooks";
const JAMF_PASS: &str = "c0rrect-h0rse-b4ttery";
const JC_TOKEN: &str = "jc_9f3b2c7d41e8a6b5";
const CMDOP_SECRET: &str = "whsec_current_5f0b7c2e9a4d";
const CMDOP_PREVIOUS: &str = "whsec_previous_c4f1a8d3e2b7";

const CHECK_IN: &[u8] =
    include_bytes!("../../fleethooks-jamf/tests/fixtures/computer_check_in.json");
const CHECK_IN_XML: &[u8] =
    include_bytes!("../../fleethooks-jamf/tests/fixtures/computer_check_in.xml");
const SCEP: &[u8] = include_bytes!("../../fleethooks-jamf/tests/fixtures/scep_challenge.json");
const ALERT: &[u8] =
    include_bytes!("../../fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json");
const OFFLINE: &[u8] = include_bytes!("../../fleethooks-cmdop/tests/fixtures/machine_offline.json");

/// The time of `OFFLINE`, a minute later: inside the replay window.
fn offline_now() -> DateTime<Utc> {
    "2024-01-20T15:46:00Z".parse().unwrap()
}

fn receiver() -> Receiver {
    Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .jumpcloud_token(JC_TOKEN)
        .cmdop_secrets([CMDOP_SECRET, CMDOP_PREVIOUS])
        .scep_challenge(|_| Ok("7F3K-2Q9X-MB4P-XW2L".to_owned()))
        .build()
        .unwrap()
}

fn basic(user: &str, password: &str) -> HeaderValue {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    HeaderValue::from_str(&format!("Basic {encoded}")).unwrap()
}

fn headers(pairs: &[(&'static str, HeaderValue)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, value.clone());
    }
    map
}

fn json() -> (&'static str, HeaderValue) {
    ("content-type", HeaderValue::from_static("application/json"))
}

fn jamf_ok() -> HeaderMap {
    headers(&[("authorization", basic(JAMF_USER, JAMF_PASS)), json()])
}

fn jc_ok() -> HeaderMap {
    headers(&[
        (
            "authorization",
            HeaderValue::from_str(&format!("Bearer {JC_TOKEN}")).unwrap(),
        ),
        json(),
    ])
}

fn signed(secret: &str, body: &[u8]) -> HeaderMap {
    let signature = fleethooks::verify::sign(&secret.into(), body).unwrap();
    headers(&[
        (
            "x-cmdop-signature",
            HeaderValue::from_str(&signature.to_header_value()).unwrap(),
        ),
        json(),
    ])
}

fn fails(result: Result<InboundEvent, ReceiveError>) -> ReceiveError {
    match result {
        Ok(event) => panic!("expected an error, got {event}"),
        Err(e) => e,
    }
}

/// Status, retry advice and the variant, in one line per case.
fn assert_refused(err: &ReceiveError, status: u16, retry: bool) {
    assert_eq!(err.status(), status, "status of {err}");
    assert_eq!(err.should_retry(), retry, "should_retry of {err}");
}

#[test]
fn jamf_with_basic_json_and_xml() {
    let receiver = receiver();
    let event = receiver
        .receive(Source::Jamf, &jamf_ok(), CHECK_IN)
        .unwrap();
    assert_eq!(event.source(), Source::Jamf);
    assert_eq!(event.event_type(), "ComputerCheckIn");
    let xml_headers = headers(&[
        ("authorization", basic(JAMF_USER, JAMF_PASS)),
        (
            "content-type",
            HeaderValue::from_static("text/xml; charset=UTF-8"),
        ),
    ]);
    // The XML twin has the same dedup key: it is a duplicate of the JSON delivery.
    let err = fails(receiver.receive(Source::Jamf, &xml_headers, CHECK_IN_XML));
    assert!(
        matches!(&err, ReceiveError::Duplicate { origin: Source::Jamf, key } if *key == event.dedup_key()),
        "{err:?}"
    );
    // Without a content type the body's first byte decides.
    let fresh = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .build()
        .unwrap();
    let bare = headers(&[("authorization", basic(JAMF_USER, JAMF_PASS))]);
    let from_xml = fresh.receive(Source::Jamf, &bare, CHECK_IN_XML).unwrap();
    assert_eq!(from_xml.as_jamf(), event.as_jamf());
}

#[test]
fn jamf_wrong_or_missing_basic_is_401_with_a_challenge() {
    let receiver = receiver();
    for (case, h) in [
        (
            "wrong password",
            headers(&[("authorization", basic(JAMF_USER, "tr0ub4dor")), json()]),
        ),
        (
            "wrong user",
            headers(&[("authorization", basic("admin", JAMF_PASS)), json()]),
        ),
        ("missing", headers(&[json()])),
        (
            "bearer",
            headers(&[
                (
                    "authorization",
                    HeaderValue::from_static("Bearer c0rrect-h0rse-b4ttery"),
                ),
                json(),
            ]),
        ),
    ] {
        let err = fails(receiver.receive(Source::Jamf, &h, CHECK_IN));
        assert_refused(&err, 401, false);
        assert!(
            matches!(
                err,
                ReceiveError::Unauthenticated {
                    origin: Source::Jamf,
                    basic: true,
                    ..
                }
            ),
            "{case}: {err:?}"
        );
        let response = err.to_response();
        assert_eq!(
            response.headers()[header::WWW_AUTHENTICATE],
            r#"Basic realm="fleethooks", charset="UTF-8""#,
            "{case}"
        );
        let body = String::from_utf8(response.into_body()).unwrap();
        assert!(
            !body.contains(JAMF_PASS) && !body.contains("tr0ub4dor"),
            "{case}: {body}"
        );
    }
}

#[test]
fn jamf_header_authentication_with_rotation() {
    let receiver = Receiver::builder()
        .jamf_header("X-Jamf-Token", "jt_2026q4_7d41e8")
        .jamf_header("x-jamf-token", "jt_2026q3_a6b5c4")
        .build()
        .unwrap();
    for value in ["jt_2026q4_7d41e8", "jt_2026q3_a6b5c4"] {
        let h = headers(&[("x-jamf-token", HeaderValue::from_static(value)), json()]);
        let r = receiver.receive_at(Source::Jamf, &h, CHECK_IN, Utc::now());
        // The second value delivers the same event: a duplicate, so authenticated.
        assert!(
            matches!(r, Ok(_) | Err(ReceiveError::Duplicate { .. })),
            "{value}: {r:?}"
        );
    }
    let wrong = headers(&[
        ("x-jamf-token", HeaderValue::from_static("jt_guess")),
        json(),
    ]);
    let err = fails(receiver.receive(Source::Jamf, &wrong, CHECK_IN));
    assert_refused(&err, 401, false);
    assert_eq!(
        err.to_string(),
        "jamf delivery not authenticated: credentials in header `x-jamf-token` were not accepted"
    );
    // No Basic configured: no Basic challenge.
    assert!(
        err.to_response()
            .headers()
            .get(header::WWW_AUTHENTICATE)
            .is_none()
    );
}

#[test]
fn jumpcloud_token_bearer_or_bare() {
    let receiver = receiver();
    let event = receiver
        .receive(Source::Jumpcloud, &jc_ok(), ALERT)
        .unwrap();
    assert_eq!(event.event_type(), "alert");
    let bare = headers(&[
        ("authorization", HeaderValue::from_static(JC_TOKEN)),
        json(),
    ]);
    let again = fails(receiver.receive(Source::Jumpcloud, &bare, ALERT));
    assert!(again.is_duplicate(), "{again:?}");
    let wrong = headers(&[
        ("authorization", HeaderValue::from_static("Bearer jc_wrong")),
        json(),
    ]);
    let err = fails(receiver.receive(Source::Jumpcloud, &wrong, ALERT));
    assert_refused(&err, 401, false);
}

#[test]
fn jumpcloud_basic_and_custom_header_are_both_required() {
    let receiver = Receiver::builder()
        .jumpcloud_basic("jumpcloud", "s3cr3t-alerts-2026")
        .jumpcloud_header("X-Tenant", "acme-prod")
        .build()
        .unwrap();
    let both = headers(&[
        ("authorization", basic("jumpcloud", "s3cr3t-alerts-2026")),
        ("x-tenant", HeaderValue::from_static("acme-prod")),
        json(),
    ]);
    receiver.receive(Source::Jumpcloud, &both, ALERT).unwrap();
    let only_basic = headers(&[
        ("authorization", basic("jumpcloud", "s3cr3t-alerts-2026")),
        json(),
    ]);
    let err = fails(receiver.receive(Source::Jumpcloud, &only_basic, ALERT));
    assert_refused(&err, 401, false);
    assert_eq!(
        err.to_string(),
        "jumpcloud delivery not authenticated: missing header `x-tenant`"
    );
}

#[test]
fn cmdop_signature_rotation_and_tampering() {
    let receiver = receiver();
    let event = receiver
        .receive_at(
            Source::Cmdop,
            &signed(CMDOP_PREVIOUS, OFFLINE),
            OFFLINE,
            offline_now(),
        )
        .unwrap();
    assert_eq!(event.event_type(), "machine.offline");
    assert_eq!(event.dedup_key(), "evt_xyz789");

    let tampered = String::from_utf8(OFFLINE.to_vec())
        .unwrap()
        .replace("production-server", "production-servex")
        .into_bytes();
    assert_ne!(tampered, OFFLINE);
    let err = fails(receiver.receive_at(
        Source::Cmdop,
        &signed(CMDOP_SECRET, OFFLINE),
        &tampered,
        offline_now(),
    ));
    assert_refused(&err, 401, false);
    assert_eq!(
        err.to_string(),
        "cmdop delivery not authenticated: signature does not match the body"
    );

    let wrong = fails(receiver.receive_at(
        Source::Cmdop,
        &signed("whsec_someone_else", OFFLINE),
        OFFLINE,
        offline_now(),
    ));
    assert_refused(&wrong, 401, false);

    let missing =
        fails(receiver.receive_at(Source::Cmdop, &headers(&[json()]), OFFLINE, offline_now()));
    assert_refused(&missing, 401, false);
    assert_eq!(
        missing.to_string(),
        "cmdop delivery not authenticated: missing header `x-cmdop-signature`"
    );
    assert!(
        missing
            .to_response()
            .headers()
            .get(header::WWW_AUTHENTICATE)
            .is_none()
    );
}

#[test]
fn oversized_by_content_length_is_refused_before_authentication() {
    let receiver = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .body_limit(1024)
        .build()
        .unwrap();
    // Wrong credentials too: the limit is checked first, so this is 413, not 401.
    let h = headers(&[
        ("authorization", basic(JAMF_USER, "wrong")),
        ("content-length", HeaderValue::from_static("104857600")),
    ]);
    let err = fails(receiver.receive(Source::Jamf, &h, b"{}"));
    assert_refused(&err, 413, false);
    assert!(
        matches!(
            err,
            ReceiveError::TooLarge {
                limit: 1024,
                length: 104_857_600
            }
        ),
        "{err:?}"
    );
    assert!(receiver.check_content_length(&h).is_err());
}

#[test]
fn oversized_by_bytes_is_refused() {
    let receiver = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .body_limit(512)
        .build()
        .unwrap();
    assert!(CHECK_IN.len() > 512);
    let err = fails(receiver.receive(Source::Jamf, &jamf_ok(), CHECK_IN));
    assert_refused(&err, 413, false);
    let length = u64::try_from(CHECK_IN.len()).unwrap();
    assert!(
        matches!(err, ReceiveError::TooLarge { limit: 512, length: l } if l == length),
        "{err:?}"
    );
    // Exactly at the limit is accepted.
    let at_limit = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .body_limit(CHECK_IN.len())
        .build()
        .unwrap();
    at_limit
        .receive(Source::Jamf, &jamf_ok(), CHECK_IN)
        .unwrap();
}

#[test]
fn content_types_the_source_never_sends_are_415() {
    let receiver = receiver();
    let auth = basic(JAMF_USER, JAMF_PASS);
    let cases: &[(Source, HeaderMap, &[u8], &str)] = &[
        (
            Source::Jamf,
            headers(&[
                ("authorization", auth.clone()),
                ("content-type", HeaderValue::from_static("text/plain")),
            ]),
            CHECK_IN,
            "jamf webhooks are never sent as `text/plain`",
        ),
        (
            Source::Jamf,
            headers(&[
                ("authorization", auth.clone()),
                (
                    "content-type",
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                ),
            ]),
            CHECK_IN,
            "jamf webhooks are never sent as `application/x-www-form-urlencoded`",
        ),
        (
            Source::Jumpcloud,
            headers(&[
                ("authorization", HeaderValue::from_static(JC_TOKEN)),
                ("content-type", HeaderValue::from_static("text/xml")),
            ]),
            ALERT,
            "jumpcloud webhooks are never sent as `text/xml`",
        ),
        (
            Source::Jamf,
            headers(&[
                ("authorization", auth),
                json(),
                ("content-encoding", HeaderValue::from_static("gzip")),
            ]),
            CHECK_IN,
            "jamf webhooks are never sent as `Content-Encoding: gzip`",
        ),
    ];
    for (source, h, body, message) in cases {
        let err = fails(receiver.receive(*source, h, body));
        assert_refused(&err, 415, false);
        assert_eq!(err.to_string(), *message);
    }
    let mut cmdop = signed(CMDOP_SECRET, OFFLINE);
    cmdop.insert(
        "content-type",
        HeaderValue::from_static("multipart/form-data; boundary=x"),
    );
    let err = fails(receiver.receive_at(Source::Cmdop, &cmdop, OFFLINE, offline_now()));
    assert_refused(&err, 415, false);
}

#[test]
fn authentication_comes_before_the_content_type() {
    let receiver = receiver();
    let h = headers(&[
        ("authorization", basic(JAMF_USER, "wrong")),
        ("content-type", HeaderValue::from_static("text/plain")),
    ]);
    assert_refused(
        &fails(receiver.receive(Source::Jamf, &h, CHECK_IN)),
        401,
        false,
    );
}

#[test]
fn malformed_bodies_are_400_with_a_location_and_no_value() {
    let receiver = receiver();
    let bad_jamf = br#"{"event":{"computer":{"jssID":"hunter2-not-an-id"}},"webhook":{"webhookEvent":"ComputerCheckIn","id":7}}"#;
    let err = fails(receiver.receive(Source::Jamf, &jamf_ok(), bad_jamf));
    assert_refused(&err, 400, false);
    let reason = err.public_reason();
    assert_eq!(
        reason,
        "jamf body rejected at `$.event.computer.jssID` (line 1, column 49): invalid JSON or a value of the wrong type"
    );
    assert!(
        !String::from_utf8(err.to_response().into_body())
            .unwrap()
            .contains("hunter2")
    );

    let err = fails(receiver.receive(Source::Jumpcloud, &jc_ok(), br#"{"alert_id": 17}"#));
    assert_refused(&err, 400, false);
    assert_eq!(
        err.public_reason(),
        "jumpcloud body rejected at `$.alert_id` (line 1, column 15): invalid JSON or a value of the wrong type"
    );

    let xml = b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><JSSEvent/>";
    let xml_headers = headers(&[
        ("authorization", basic(JAMF_USER, JAMF_PASS)),
        ("content-type", HeaderValue::from_static("text/xml")),
    ]);
    let err = fails(receiver.receive(Source::Jamf, &xml_headers, xml));
    assert_refused(&err, 400, false);
    assert!(
        err.public_reason()
            .ends_with("XML document type declarations are refused"),
        "{}",
        err.public_reason()
    );

    let not_json = b"{\"id\":\"evt_1\",\"type\":";
    let err = fails(receiver.receive_at(
        Source::Cmdop,
        &signed(CMDOP_SECRET, not_json),
        not_json,
        offline_now(),
    ));
    assert_refused(&err, 400, false);
    assert!(
        matches!(&err, ReceiveError::Invalid { origin: Source::Cmdop, error } if error.path() == Some("$.type")),
        "{err:?}"
    );
}

#[test]
fn duplicates_are_200_and_release_lets_a_retry_through() {
    let receiver = receiver();
    let event = receiver
        .receive(Source::Jumpcloud, &jc_ok(), ALERT)
        .unwrap();
    let err = fails(receiver.receive(Source::Jumpcloud, &jc_ok(), ALERT));
    assert_refused(&err, 200, false);
    assert!(err.is_duplicate());
    let response = err.to_response();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body(), br#"{"status":"duplicate"}"#);
    // Handing it on failed: the retry must be accepted.
    receiver.release(&event).unwrap();
    receiver
        .receive(Source::Jumpcloud, &jc_ok(), ALERT)
        .unwrap();
}

#[test]
fn remembered_keys_are_duplicates_after_a_restart() {
    let receiver = receiver();
    let key = "6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z";
    assert!(
        receiver
            .remember(Source::Jumpcloud, key, Utc::now())
            .unwrap()
    );
    assert!(
        !receiver
            .remember(Source::Jumpcloud, key, Utc::now())
            .unwrap()
    );
    assert!(fails(receiver.receive(Source::Jumpcloud, &jc_ok(), ALERT)).is_duplicate());
}

#[test]
fn without_dedup_every_delivery_is_handed_on() {
    let receiver = Receiver::builder()
        .jumpcloud_token(JC_TOKEN)
        .without_dedup()
        .build()
        .unwrap();
    receiver
        .receive(Source::Jumpcloud, &jc_ok(), ALERT)
        .unwrap();
    receiver
        .receive(Source::Jumpcloud, &jc_ok(), ALERT)
        .unwrap();
}

#[test]
fn stale_and_future_cmdop_events_are_400() {
    let receiver = receiver();
    let h = signed(CMDOP_SECRET, OFFLINE);
    let late: DateTime<Utc> = "2024-01-20T16:46:00Z".parse().unwrap();
    let err = fails(receiver.receive_at(Source::Cmdop, &h, OFFLINE, late));
    assert_refused(&err, 400, false);
    assert!(
        matches!(
            err,
            ReceiveError::Stale {
                origin: Source::Cmdop,
                ..
            }
        ),
        "{err:?}"
    );
    let early: DateTime<Utc> = "2024-01-20T15:30:00Z".parse().unwrap();
    let err = fails(receiver.receive_at(Source::Cmdop, &h, OFFLINE, early));
    assert_refused(&err, 400, false);
    assert!(matches!(err, ReceiveError::Future { .. }), "{err:?}");
    // A Jamf event from long ago is not refused as stale: Jamf never retries, an old time is
    // no replay.
    receiver
        .receive(Source::Jamf, &jamf_ok(), CHECK_IN)
        .unwrap();
}

#[test]
fn sources_without_credentials_are_not_enabled() {
    let receiver = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .build()
        .unwrap();
    let err = fails(receiver.receive(Source::Jumpcloud, &jc_ok(), ALERT));
    assert_refused(&err, 404, false);
    assert_eq!(
        err.to_string(),
        "jumpcloud webhooks are not enabled on this receiver"
    );
    assert!(!receiver.is_enabled(Source::Cmdop));
}

#[test]
fn unauthenticated_is_an_explicit_opt_in() {
    let receiver = Receiver::builder()
        .allow_unauthenticated(Source::Jamf)
        .build()
        .unwrap();
    assert!(receiver.is_unauthenticated(Source::Jamf));
    receiver
        .receive(Source::Jamf, &headers(&[json()]), CHECK_IN)
        .unwrap();
}

#[test]
fn scep_challenge_is_answered_with_the_providers_text() {
    let receiver = receiver();
    let event = receiver.receive(Source::Jamf, &jamf_ok(), SCEP).unwrap();
    let response = receiver.respond(&event).unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert_eq!(response.body(), b"7F3K-2Q9X-MB4P-XW2L");

    let no_provider = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .build()
        .unwrap();
    let event = no_provider.receive(Source::Jamf, &jamf_ok(), SCEP).unwrap();
    let err = no_provider.respond(&event).unwrap_err();
    assert_refused(&err, 501, false);

    let failing = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .scep_challenge(|_| Err("the CA is unreachable".into()))
        .build()
        .unwrap();
    let event = failing.receive(Source::Jamf, &jamf_ok(), SCEP).unwrap();
    let err = failing.respond(&event).unwrap_err();
    assert_refused(&err, 503, true);
    let response = err.to_response();
    assert_eq!(response.headers()[header::RETRY_AFTER], "5");
    assert!(
        !String::from_utf8(response.into_body())
            .unwrap()
            .contains("CA is unreachable")
    );
}

#[test]
fn other_events_are_answered_accepted() {
    let receiver = receiver();
    let event = receiver
        .receive(Source::Jamf, &jamf_ok(), CHECK_IN)
        .unwrap();
    let response = receiver.respond(&event).unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body(), br#"{"status":"accepted"}"#);
}

#[derive(Debug)]
struct Down;

impl std::fmt::Display for Down {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection refused")
    }
}

impl std::error::Error for Down {}

struct DownStore;

impl fleethooks::core::replay::SeenIds for DownStore {
    type Error = Down;
    fn insert(&self, _: &str, _: DateTime<Utc>, _: DateTime<Utc>) -> Result<bool, Down> {
        Err(Down)
    }
    fn remove(&self, _: &str) -> Result<(), Down> {
        Err(Down)
    }
}

#[test]
fn a_failing_store_is_503_never_an_accepted_duplicate() {
    let receiver = Receiver::builder()
        .jumpcloud_token(JC_TOKEN)
        .dedup_store(DownStore)
        .build()
        .unwrap();
    let err = fails(receiver.receive(Source::Jumpcloud, &jc_ok(), ALERT));
    assert_refused(&err, 503, true);
    assert_eq!(
        err.to_string(),
        "the seen-id store failed: connection refused"
    );
    assert_eq!(err.to_response().headers()[header::RETRY_AFTER], "5");
}

fn fixtures(dir: &str, ext: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(dir)
        .join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Every fixture of every source, with the headers its sender would send.
fn deliveries() -> Vec<(Source, String, HeaderMap, Vec<u8>)> {
    let mut out = Vec::new();
    for ext in ["json", "xml"] {
        for (name, body) in fixtures("fleethooks-jamf", ext) {
            let mut h = headers(&[("authorization", basic(JAMF_USER, JAMF_PASS))]);
            let ct = if ext == "xml" {
                "text/xml"
            } else {
                "application/json"
            };
            h.insert("content-type", HeaderValue::from_static(ct));
            out.push((Source::Jamf, name, h, body));
        }
    }
    for (name, body) in fixtures("fleethooks-jumpcloud", "json") {
        if name.starts_with("alert_") {
            out.push((Source::Jumpcloud, name, jc_ok(), body));
        }
    }
    for (name, body) in fixtures("fleethooks-cmdop", "json") {
        let h = signed(CMDOP_SECRET, &body);
        out.push((Source::Cmdop, name, h, body));
    }
    out
}

/// A receiver that never refuses a fixture as stale or as a repeat of another.
fn lenient() -> Receiver {
    Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .jumpcloud_token(JC_TOKEN)
        .cmdop_secret(CMDOP_SECRET)
        .dedup_window(Duration::from_secs(200 * 365 * 24 * 3600))
        .without_dedup()
        .build()
        .unwrap()
}

#[test]
fn receive_any_tells_the_source_of_every_fixture_by_its_credentials() {
    let receiver = lenient();
    let all = deliveries();
    assert!(all.len() > 90, "{}", all.len());
    for (source, name, h, body) in all {
        let event = receiver
            .receive_any(&h, &body)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.source(), source, "{name}");
        // The summary is what the source's own parse gives.
        let direct = receiver.receive(source, &h, &body).unwrap();
        assert_eq!(
            event.to_json().unwrap(),
            direct.to_json().unwrap(),
            "{name}"
        );
    }
}

#[test]
fn receive_any_tells_open_sources_apart_by_shape() {
    let receiver = Receiver::builder()
        .allow_unauthenticated(Source::Jamf)
        .allow_unauthenticated(Source::Jumpcloud)
        .allow_unauthenticated(Source::Cmdop)
        .without_dedup()
        .dedup_window(Duration::from_secs(200 * 365 * 24 * 3600))
        .build()
        .unwrap();
    for (source, name, mut h, body) in deliveries() {
        h.remove("authorization");
        h.remove("x-cmdop-signature");
        let event = receiver
            .receive_any(&h, &body)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.source(), source, "{name}");
    }
    let err = fails(receiver.receive_any(&headers(&[json()]), br#"{"hello":"world"}"#));
    assert_refused(&err, 400, false);
    assert!(matches!(err, ReceiveError::UnknownSource), "{err:?}");
}

#[test]
fn receive_any_does_not_let_an_open_source_swallow_an_unsigned_cmdop_event() {
    let receiver = Receiver::builder()
        .allow_unauthenticated(Source::Jamf)
        .cmdop_secret(CMDOP_SECRET)
        .build()
        .unwrap();
    let err = fails(receiver.receive_any_at(&headers(&[json()]), OFFLINE, offline_now()));
    assert_refused(&err, 401, false);
    assert!(
        matches!(
            err,
            ReceiveError::Unauthenticated {
                origin: Source::Cmdop,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn receive_any_with_no_matching_credentials_is_401() {
    let receiver = receiver();
    let h = headers(&[("authorization", basic(JAMF_USER, "guess")), json()]);
    let err = fails(receiver.receive_any(&h, CHECK_IN));
    assert_refused(&err, 401, false);
    // The wrong Basic password is the telling refusal, not JumpCloud's or cmdop's.
    assert!(
        matches!(
            err,
            ReceiveError::Unauthenticated {
                origin: Source::Jamf,
                basic: true,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn build_errors_name_the_mistake() {
    let cases: Vec<(Result<Receiver, BuildError>, &str)> = vec![
        (
            Receiver::builder().build(),
            "no source is enabled: configure credentials or allow_unauthenticated for at least one",
        ),
        (
            Receiver::builder().cmdop_secret("").build(),
            "invalid cmdop credential: a secret must not be empty",
        ),
        (
            Receiver::builder().jamf_basic("jamf", "").build(),
            "invalid jamf credential: a secret must not be empty",
        ),
        (
            Receiver::builder().jamf_header("Host", "x").build(),
            "Jamf Pro cannot send the header `Host` for header authentication",
        ),
        (
            Receiver::builder().jamf_header("bad header", "x").build(),
            "invalid jamf credential: invalid header name \"bad header\"",
        ),
        (
            Receiver::builder()
                .jumpcloud_token("t")
                .body_limit(0)
                .build(),
            "the body limit must be at least 1 byte",
        ),
    ];
    for (result, message) in cases {
        assert_eq!(result.unwrap_err().to_string(), message);
    }
}

#[test]
fn debug_never_shows_a_credential() {
    let receiver = receiver();
    let text = format!("{receiver:?}");
    for secret in [JAMF_PASS, JC_TOKEN, CMDOP_SECRET, CMDOP_PREVIOUS] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(
        text.contains(r#"jamf: "credentials""#) && text.contains(r#"cmdop: "signature""#),
        "{text}"
    );
    let builder = format!("{:?}", Receiver::builder().jamf_basic(JAMF_USER, JAMF_PASS));
    assert!(!builder.contains(JAMF_PASS), "{builder}");
}

#[test]
fn credentials_with_allow_unauthenticated_is_a_migration_mode() {
    let receiver = Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .allow_unauthenticated(Source::Jamf)
        .without_dedup()
        .build()
        .unwrap();
    assert!(receiver.is_unauthenticated(Source::Jamf));
    // No credentials at all: the old webhook, still accepted.
    receiver
        .receive(Source::Jamf, &headers(&[json()]), CHECK_IN)
        .unwrap();
    // The right ones: accepted.
    receiver
        .receive(Source::Jamf, &jamf_ok(), CHECK_IN)
        .unwrap();
    // Wrong ones: still refused.
    let wrong = headers(&[("authorization", basic(JAMF_USER, "guess")), json()]);
    assert_refused(
        &fails(receiver.receive(Source::Jamf, &wrong, CHECK_IN)),
        401,
        false,
    );
    // The same for a signed source: unsigned passes, a bad signature does not.
    let cmdop = Receiver::builder()
        .cmdop_secret(CMDOP_SECRET)
        .allow_unauthenticated(Source::Cmdop)
        .build()
        .unwrap();
    cmdop
        .receive_at(Source::Cmdop, &headers(&[json()]), OFFLINE, offline_now())
        .unwrap();
    let forged = signed("whsec_someone_else", OFFLINE);
    assert_refused(
        &fails(cmdop.receive_at(Source::Cmdop, &forged, OFFLINE, offline_now())),
        401,
        false,
    );
}
