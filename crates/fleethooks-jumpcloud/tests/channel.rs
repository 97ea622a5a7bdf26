//! Webhook channel settings: limits at and past every boundary, masking, redaction, and the
//! receiver's credential check built from the same settings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers unwrap fixture reads"
)]

use fleethooks_jumpcloud::channel::{MAX_HEADERS, MAX_NAME_CHARS, MAX_SENSITIVE_VALUES};
use fleethooks_jumpcloud::{Authentication, Channel, Error, Violation};
use http::HeaderMap;

fn fixture(name: &str) -> Channel {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    Channel::from_slice(&bytes).unwrap()
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    map
}

#[test]
fn basic_channel_from_settings() {
    let channel = fixture("channel_basic.json");
    channel.validate().unwrap();
    assert_eq!(channel.name, "SOC alerts (PagerDuty bridge)");
    assert!(channel.enabled && channel.verify_ssl);
    assert_eq!(
        channel.masked_url(),
        "https://hooks.acme.example/jumpcloud/alerts?routing_key=ROUTING_KEY&env=prod"
    );
    let Authentication::Basic { username, .. } = &channel.authentication else {
        panic!("expected Basic: {:?}", channel.authentication);
    };
    assert_eq!(username, "jumpcloud-alerts");

    let check = channel.credentials().unwrap();
    assert_eq!(check.checks().len(), 3);
    let good = headers(&[
        // base64("jumpcloud-alerts:c0rrect-h0rse-b4ttery")
        (
            "authorization",
            "Basic anVtcGNsb3VkLWFsZXJ0czpjMHJyZWN0LWgwcnNlLWI0dHRlcnk=",
        ),
        ("x-tenant", "acme-prod"),
        ("x-webhook-secret", "whsec_5d1f0e7a9c3b"),
    ]);
    check.verify(&good).unwrap();

    let mut wrong_header = good.clone();
    wrong_header.insert("x-webhook-secret", "whsec_000000000000".parse().unwrap());
    assert_eq!(
        check.verify(&wrong_header).unwrap_err().to_string(),
        "credentials in header `x-webhook-secret` were not accepted"
    );
    let mut missing = good;
    missing.remove("x-tenant");
    assert_eq!(
        check.verify(&missing).unwrap_err().to_string(),
        "missing header `x-tenant`"
    );
}

#[test]
fn token_channel_accepts_bearer_or_raw() {
    let channel = fixture("channel_token.json");
    channel.validate().unwrap();
    assert!(!channel.enabled);
    assert!(!channel.verify_ssl);
    let check = channel.credentials().unwrap();
    check
        .verify(&headers(&[(
            "authorization",
            "Bearer siem_tok_8c2e6b1d94f0",
        )]))
        .unwrap();
    check
        .verify(&headers(&[("authorization", "siem_tok_8c2e6b1d94f0")]))
        .unwrap();
    assert!(
        check
            .verify(&headers(&[(
                "authorization",
                "Bearer siem_tok_000000000000"
            )]))
            .is_err()
    );
}

#[test]
fn no_authentication_requires_nothing() {
    let channel = Channel::new("Ops chat relay", "https://relay.acme.example/jc");
    let check = channel.credentials().unwrap();
    assert!(check.is_empty());
    check.verify(&HeaderMap::new()).unwrap();
}

#[test]
fn at_every_limit_is_valid() {
    let channel = fixture("channel_at_limits.json");
    assert_eq!(channel.name.chars().count(), MAX_NAME_CHARS);
    assert_eq!(channel.sensitive_values.len(), MAX_SENSITIVE_VALUES);
    assert_eq!(channel.headers.len(), MAX_HEADERS);
    assert_eq!(channel.violations(), []);
    assert_eq!(
        channel.masked_url(),
        "https://hooks.acme.example/SEG00/SEG01/SEG02/SEG03/SEG04/SEG05/SEG06/SEG07/SEG08/SEG09"
    );
    assert_eq!(
        channel.credentials().unwrap().checks().len(),
        1 + MAX_HEADERS
    );
}

#[test]
fn past_every_limit_reports_every_violation() {
    let channel = fixture("channel_past_limits.json");
    assert_eq!(
        channel.violations(),
        [
            Violation::NameTooLong { chars: 101 },
            Violation::TooManySensitiveValues { count: 11 },
            Violation::TooManyHeaders { count: 26 },
        ]
    );
    let err = channel.credentials().unwrap_err();
    assert!(matches!(err, Error::Channel { .. }));
    assert_eq!(
        err.to_string(),
        "invalid webhook channel settings: name has 101 characters; at most 100 are allowed; \
         11 sensitive URL values; at most 10 are allowed; 26 custom headers; at most 25 are allowed"
    );
}

#[test]
fn names_count_characters_not_bytes() {
    let at = "\u{e9}".repeat(MAX_NAME_CHARS);
    assert_eq!(
        Channel::new(at.clone(), "https://hooks.acme.example/jc").violations(),
        []
    );
    assert_eq!(
        Channel::new(format!("{at}\u{e9}"), "https://hooks.acme.example/jc").violations(),
        [Violation::NameTooLong { chars: 101 }]
    );
}

#[test]
fn each_violation_and_its_message() {
    let url = "https://hooks.acme.example/jc/k3y-55d2";
    let cases: Vec<(Channel, &str)> = vec![
        (Channel::new("", url), "name is empty"),
        (Channel::new("   ", url), "name is empty"),
        (
            Channel::new("SOC", ""),
            "URL is not a valid http or https URL: it is empty",
        ),
        (
            Channel::new("SOC", "hooks.acme.example/jc"),
            "URL is not a valid http or https URL: it is not absolute (no scheme)",
        ),
        (
            Channel::new("SOC", "ftp://hooks.acme.example/jc"),
            "URL is not a valid http or https URL: the scheme is neither http nor https",
        ),
        (
            Channel::new("SOC", "https:hooks.acme.example"),
            "URL is not a valid http or https URL: it has no host",
        ),
        (
            Channel::new("SOC", "https://hooks.acme.example/a b"),
            "URL is not a valid http or https URL: it is not a well-formed URL",
        ),
        (
            Channel::new("SOC", url).with_sensitive_value("KEY", ""),
            "sensitive URL value [0] is empty",
        ),
        (
            Channel::new("SOC", url).with_sensitive_value("", "k3y-55d2"),
            "sensitive URL value [0] has an empty replacement",
        ),
        (
            Channel::new("SOC", url)
                .with_sensitive_value("KEY", "k3y-55d2")
                .with_sensitive_value("KEY", "k3y-99zz"),
            "sensitive URL value [1] does not occur in the URL",
        ),
        (
            Channel::new("SOC", url).with_basic("", "c0rrect-h0rse"),
            "Basic authentication has an empty username",
        ),
        (
            Channel::new("SOC", url).with_basic("jumpcloud:alerts", "c0rrect-h0rse"),
            "Basic authentication username contains `:`",
        ),
        (
            Channel::new("SOC", url).with_basic("jumpcloud", ""),
            "Basic authentication has an empty password",
        ),
        (
            Channel::new("SOC", url).with_bearer_token(""),
            "token authentication has an empty token",
        ),
        (
            Channel::new("SOC", url).with_header("X Tenant", "acme-prod"),
            "header [0] has an invalid name \"X Tenant\"",
        ),
        (
            Channel::new("SOC", url).with_header("X-Tenant", " "),
            "header `X-Tenant` has an empty value",
        ),
        (
            Channel::new("SOC", url).with_header("X-Tenant", "acme\r\nX-Evil: 1"),
            "header `X-Tenant` has a value HTTP does not allow",
        ),
        (
            Channel::new("SOC", url)
                .with_header("X-Tenant", "acme-prod")
                .with_header("x-tenant", "acme-dev"),
            "header `x-tenant` is configured more than once",
        ),
        (
            Channel::new("SOC", url)
                .with_bearer_token("jc-alerts-2026-Q4-7c1d")
                .with_header("Authorization", "Bearer other"),
            "custom header `Authorization` conflicts with the channel's authentication",
        ),
    ];
    for (channel, expected) in cases {
        let violations = channel.violations();
        let messages: Vec<String> = violations.iter().map(ToString::to_string).collect();
        assert_eq!(messages, [expected], "{channel:?}");
    }
}

#[test]
fn many_violations_at_once() {
    let channel = Channel::new("", "mailto:soc@acme.example")
        .with_basic("jumpcloud", "")
        .with_header("X-Tenant", "");
    assert_eq!(
        channel.violations(),
        [
            Violation::EmptyName,
            Violation::InvalidUrl {
                reason: "the scheme is neither http nor https"
            },
            Violation::EmptyPassword,
            Violation::EmptyHeaderValue {
                name: "X-Tenant".to_owned()
            },
        ]
    );
}

#[test]
fn debug_hides_secrets_and_masks_the_url() {
    let channel = fixture("channel_basic.json");
    let debug = format!("{channel:?}");
    for secret in [
        "R0UT1NGk3y9f2c",
        "c0rrect-h0rse-b4ttery",
        "whsec_5d1f0e7a9c3b",
    ] {
        assert!(!debug.contains(secret), "{secret} shows in {debug}");
    }
    assert!(debug.contains("routing_key=ROUTING_KEY"), "{debug}");
    // A header not marked sensitive stays readable.
    assert!(debug.contains("acme-prod"), "{debug}");
    let token = format!("{:?}", fixture("channel_token.json"));
    assert!(!token.contains("siem_tok_8c2e6b1d94f0"), "{token}");
}

#[test]
fn masking_prefers_the_longest_overlapping_value() {
    let channel = Channel::new("SOC", "https://hooks.acme.example/t/abc123xyz?again=abc123")
        .with_sensitive_value("SHORT", "abc123")
        .with_sensitive_value("LONG", "abc123xyz");
    assert_eq!(
        channel.masked_url(),
        "https://hooks.acme.example/t/LONG?again=SHORT"
    );
}

#[test]
fn settings_skip_a_leading_byte_order_mark() {
    let path = format!(
        "{}/tests/fixtures/channel_basic.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let plain = std::fs::read(path).unwrap();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &plain].concat();
    let channel = Channel::from_slice(&with_bom).unwrap();
    assert_eq!(channel.name, "SOC alerts (PagerDuty bridge)");
    assert_eq!(
        channel.masked_url(),
        Channel::from_slice(&plain).unwrap().masked_url()
    );
}

#[test]
fn settings_errors_name_the_path() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"url":"https://hooks.acme.example/jc"}"#,
            "invalid channel settings JSON at `$` (line 1, column 39): missing field `name`",
        ),
        (
            r#"{"name":"SOC","url":"https://hooks.acme.example/jc","authentication":{"type":"oauth"}}"#,
            "invalid channel settings JSON at `$.authentication.type` (line 1, column 84): unknown variant `oauth`, expected one of `none`, `basic`, `token`",
        ),
        (
            r#"{"name":"SOC","url":"https://hooks.acme.example/jc","headers":[{"name":"X-Tenant"}]}"#,
            "invalid channel settings JSON at `$.headers[0]` (line 1, column 82): missing field `value`",
        ),
    ];
    for (input, expected) in cases {
        let err = Channel::from_slice(input.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), *expected, "input: {input}");
    }
}
