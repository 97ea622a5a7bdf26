//! Receiving: the signature check in front of the parse, one negative test per failure mode.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use fleethooks_cmdop::{Error, EventType, Receiver, SIGNATURE_HEADER, Secret, sign};
use http::{HeaderMap, HeaderValue};

const SECRET: &str = "whsec_9f3b2c7d41e8";

fn body() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/command_failed.json"
    ))
    .unwrap()
}

fn headers_with(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(value).unwrap());
    headers
}

fn signed(secret: &str, body: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        SIGNATURE_HEADER,
        sign(&Secret::from(secret), body).unwrap().to_header(),
    );
    headers
}

#[test]
fn known_answer() {
    // HMAC-SHA256("It's a Secret to Everybody", "Hello, World!"), the vector GitHub publishes
    // for the same `sha256=<hex>` form.
    let value = sign(
        &Secret::from("It's a Secret to Everybody"),
        b"Hello, World!",
    )
    .unwrap();
    let expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assert_eq!(value.to_string(), expected);
    assert_eq!(value.to_header(), expected);
    assert_eq!(HeaderValue::from(value), expected);
    // One function: the crate's `sign` is verify's.
    assert_eq!(
        value,
        fleethooks_verify::sign(
            &Secret::from("It's a Secret to Everybody"),
            b"Hello, World!"
        )
        .unwrap()
    );
}

#[test]
fn valid_signature_parses() {
    let body = body();
    let event = Receiver::new(SECRET)
        .unwrap()
        .receive(&signed(SECRET, &body), &body)
        .unwrap();
    assert_eq!(event.kind, EventType::CommandFailed);
    assert_eq!(event.id, "evt_01JD4RD5AB0C");
}

#[test]
fn tampered_body_is_rejected() {
    let body = body();
    let headers = signed(SECRET, &body);
    let tampered = String::from_utf8(body)
        .unwrap()
        .replace("\"exit_code\": 100", "\"exit_code\": 0");
    let err = Receiver::new(SECRET)
        .unwrap()
        .receive(&headers, tampered.as_bytes())
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Signature(fleethooks_verify::Error::SignatureMismatch)
        ),
        "{err:?}"
    );
    assert!(err.is_authentication());
}

#[test]
fn wrong_secret_is_rejected() {
    let body = body();
    let err = Receiver::new(SECRET)
        .unwrap()
        .receive(&signed("whsec_other", &body), &body)
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Signature(fleethooks_verify::Error::SignatureMismatch)
        ),
        "{err:?}"
    );
}

#[test]
fn rotation_accepts_old_and_new_secret() {
    let body = body();
    let receiver = Receiver::with_secrets(["whsec_old", SECRET]).unwrap();
    receiver
        .receive(&signed("whsec_old", &body), &body)
        .unwrap();
    receiver.receive(&signed(SECRET, &body), &body).unwrap();
    assert!(
        receiver
            .receive(&signed("whsec_retired", &body), &body)
            .is_err()
    );
}

#[test]
fn uppercase_hex_and_prefix_are_accepted() {
    let body = body();
    let value = sign(&Secret::from(SECRET), &body).unwrap();
    let upper = value.to_string().to_ascii_uppercase();
    assert!(upper.starts_with("SHA256="));
    Receiver::new(SECRET)
        .unwrap()
        .receive(&headers_with(&upper), &body)
        .unwrap();
}

#[test]
fn missing_header_is_its_own_error() {
    let body = body();
    let err = Receiver::new(SECRET)
        .unwrap()
        .receive(&HeaderMap::new(), &body)
        .unwrap_err();
    assert!(matches!(err, Error::MissingSignature), "{err:?}");
    assert!(err.is_authentication());
}

#[test]
fn malformed_and_repeated_headers_are_signature_errors() {
    let body = body();
    let receiver = Receiver::new(SECRET).unwrap();
    let cases = [
        (
            "abc123",
            "signature rejected: signature has no algorithm prefix; expected `sha256=<hex>`",
        ),
        (
            "sha1=abc123",
            "signature rejected: unsupported signature algorithm `sha1`; expected `sha256`",
        ),
        (
            "sha256=abc",
            "signature rejected: signature digest has 3 hex digits; SHA-256 needs 64",
        ),
    ];
    for (value, expected) in cases {
        let err = receiver.receive(&headers_with(value), &body).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    let mut headers = signed(SECRET, &body);
    headers.append(SIGNATURE_HEADER, HeaderValue::from_static("sha256=00"));
    let err = receiver.receive(&headers, &body).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Signature(fleethooks_verify::Error::DuplicateHeader { .. })
        ),
        "{err:?}"
    );
}

#[test]
fn a_bad_signature_is_reported_before_a_bad_body() {
    let err = Receiver::new(SECRET)
        .unwrap()
        .receive(
            &headers_with(
                &"sha256="
                    .to_owned()
                    .chars()
                    .chain(std::iter::repeat_n('0', 64))
                    .collect::<String>(),
            ),
            b"not json",
        )
        .unwrap_err();
    assert!(err.is_authentication(), "{err:?}");
}

#[test]
fn a_signed_body_that_is_not_an_event_is_a_parse_error() {
    let body = b"{\"hello\":\"world\"}";
    let err = Receiver::new(SECRET)
        .unwrap()
        .receive(&signed(SECRET, body), body)
        .unwrap_err();
    let Error::Json(json) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(json.message(), "missing field `type`");
    assert_eq!(err.path(), Some("$"));
    assert_eq!(err.line_column(), Some((1, 17)));
    assert!(!err.is_authentication());
}

#[test]
fn unverified_receiver_parses_without_a_header() {
    let body = body();
    let receiver = Receiver::unverified();
    assert!(!receiver.verifies());
    receiver.receive(&HeaderMap::new(), &body).unwrap();
}

#[test]
fn empty_secrets_are_configuration_errors() {
    assert!(matches!(
        Receiver::new(""),
        Err(Error::Config(fleethooks_verify::Error::EmptySecret))
    ));
    assert!(matches!(
        Receiver::with_secrets(Vec::<&str>::new()),
        Err(Error::Config(fleethooks_verify::Error::NoSecrets))
    ));
    assert!(matches!(
        Receiver::with_secrets(["whsec_2026_q4", ""]),
        Err(Error::Config(fleethooks_verify::Error::EmptySecret))
    ));
    assert_eq!(
        sign(&Secret::from(""), b"{}").unwrap_err(),
        fleethooks_verify::Error::EmptySecret
    );
}

#[test]
fn a_failed_request_check_is_never_a_configuration_error() {
    // Every way a request can fail its check, through `?` in a handler returning this crate's
    // `Error`, reads as the request's fault.
    fn handle(receiver: &Receiver, headers: &HeaderMap, body: &[u8]) -> Result<(), Error> {
        receiver.verify(headers, body)?;
        Ok(())
    }
    let body = body();
    let receiver = Receiver::new(SECRET).unwrap();
    let mut repeated = signed(SECRET, &body);
    repeated.append(SIGNATURE_HEADER, HeaderValue::from_static("sha256=00"));
    for headers in [
        HeaderMap::new(),
        headers_with("sha256=abc"),
        headers_with("md5=abc"),
        headers_with(""),
        signed("whsec_other", &body),
        repeated,
    ] {
        let err = handle(&receiver, &headers, &body).unwrap_err();
        assert!(err.is_authentication(), "{err:?}");
        assert!(!matches!(err, Error::Config(_)), "{err:?}");
        assert!(!err.to_string().contains("configuration"), "{err}");
    }
}

#[test]
fn the_signature_covers_the_body_as_received_bom_included() {
    let plain = body();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &plain].concat();
    let receiver = Receiver::new(SECRET).unwrap();
    // Signed with the mark: accepted, and parsed as the plain body.
    let event = receiver
        .receive(&signed(SECRET, &with_bom), &with_bom)
        .unwrap();
    assert_eq!(event.id, "evt_01JD4RD5AB0C");
    // Signed without it: the mark is part of what was signed, so this is tampering.
    let err = receiver
        .receive(&signed(SECRET, &plain), &with_bom)
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Signature(fleethooks_verify::Error::SignatureMismatch)
        ),
        "{err:?}"
    );
}

#[test]
fn debug_does_not_show_secrets() {
    let receiver = Receiver::new(SECRET).unwrap();
    assert!(!format!("{receiver:?}").contains(SECRET));
}

#[test]
fn shared_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Receiver>();
    assert_send_sync::<fleethooks_cmdop::ReplayGuard>();
    assert_send_sync::<fleethooks_cmdop::MemorySeenIds>();
    assert_send_sync::<fleethooks_cmdop::api::Client>();
    assert_send_sync::<Error>();
    assert_send_sync::<fleethooks_cmdop::api::Error>();
    assert_send_sync::<fleethooks_cmdop::ReplayError>();
}
