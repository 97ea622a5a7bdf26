//! Basic, token and shared-header checks: acceptance, rotation and every rejection.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test on bad fixtures"
)]

use fleethooks_verify::{Basic, Credential, Credentials, Error, SharedHeader, Token, TokenScheme};
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderName, HeaderValue};

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

fn basic_header(user: &str, password: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

#[test]
fn basic_accepts_the_configured_pair_in_any_scheme_case() {
    let basic = Basic::new("jamf-pro", "Wq9!rT2#zL").unwrap();
    basic
        .verify(&headers(&[(
            "Authorization",
            &basic_header("jamf-pro", "Wq9!rT2#zL"),
        )]))
        .unwrap();
    let lower = basic_header("jamf-pro", "Wq9!rT2#zL").replace("Basic", "basic");
    basic
        .verify(&headers(&[("authorization", &lower)]))
        .unwrap();
    // Padding may be left off by some clients.
    let unpadded = basic_header("jamf-pro", "Wq9!rT2#zL")
        .trim_end_matches('=')
        .to_owned();
    basic
        .verify(&headers(&[("authorization", &unpadded)]))
        .unwrap();
}

#[test]
fn basic_password_may_contain_colons() {
    let basic = Basic::new("svc", "a:b:c").unwrap();
    basic
        .verify(&headers(&[(
            "authorization",
            &basic_header("svc", "a:b:c"),
        )]))
        .unwrap();
}

#[test]
fn basic_rejections() {
    let basic = Basic::new("jamf-pro", "Wq9!rT2#zL").unwrap();
    let mismatch = Error::CredentialMismatch {
        name: AUTHORIZATION,
    };
    let table: Vec<(HeaderMap, Error, &str)> = vec![
        (
            headers(&[]),
            Error::MissingHeader {
                name: AUTHORIZATION,
            },
            "missing header `authorization`",
        ),
        (
            headers(&[
                ("authorization", &basic_header("jamf-pro", "Wq9!rT2#zL")),
                ("authorization", &basic_header("jamf-pro", "Wq9!rT2#zL")),
            ]),
            Error::DuplicateHeader {
                name: AUTHORIZATION,
            },
            "header `authorization` appears more than once",
        ),
        (
            headers(&[("authorization", "Bearer abc")]),
            Error::UnexpectedScheme {
                name: AUTHORIZATION,
                expected: "Basic",
            },
            "header `authorization` does not use the Basic scheme",
        ),
        (
            headers(&[("authorization", "Basic")]),
            Error::UnexpectedScheme {
                name: AUTHORIZATION,
                expected: "Basic",
            },
            "header `authorization` does not use the Basic scheme",
        ),
        (
            headers(&[("authorization", "Basic not*base64")]),
            Error::MalformedHeader {
                name: AUTHORIZATION,
                reason: "credentials are not valid base64",
            },
            "malformed header `authorization`: credentials are not valid base64",
        ),
        (
            // base64("nocolonhere")
            headers(&[("authorization", "Basic bm9jb2xvbmhlcmU=")]),
            Error::MalformedHeader {
                name: AUTHORIZATION,
                reason: "decoded credentials have no `:` between user and password",
            },
            "malformed header `authorization`: decoded credentials have no `:` between user and password",
        ),
        (
            headers(&[("authorization", &basic_header("jamf-pro", "wrong"))]),
            mismatch.clone(),
            "credentials in header `authorization` were not accepted",
        ),
        (
            headers(&[("authorization", &basic_header("jamf-prO", "Wq9!rT2#zL"))]),
            mismatch.clone(),
            "credentials in header `authorization` were not accepted",
        ),
        (
            headers(&[("authorization", &basic_header("jamf-pro", "Wq9!rT2#zL "))]),
            mismatch,
            "credentials in header `authorization` were not accepted",
        ),
    ];
    for (request, error, message) in table {
        let got = basic.verify(&request).unwrap_err();
        assert_eq!(got, error, "{request:?}");
        assert_eq!(got.to_string(), message);
        assert!(
            !message.contains("Wq9!"),
            "a message must not leak the password"
        );
    }
}

#[test]
fn basic_rotation_accepts_either_pair_but_not_a_mix() {
    let basic = Basic::new("jamf-pro", "old-Pa55")
        .unwrap()
        .or("jamf-pro-2", "new-Pa55")
        .unwrap();
    basic
        .verify(&headers(&[(
            "authorization",
            &basic_header("jamf-pro", "old-Pa55"),
        )]))
        .unwrap();
    basic
        .verify(&headers(&[(
            "authorization",
            &basic_header("jamf-pro-2", "new-Pa55"),
        )]))
        .unwrap();
    basic
        .verify(&headers(&[(
            "authorization",
            &basic_header("jamf-pro", "new-Pa55"),
        )]))
        .unwrap_err();
}

#[test]
fn empty_secrets_are_refused() {
    assert_eq!(Basic::new("user", "").unwrap_err(), Error::EmptySecret);
    assert_eq!(Token::new("").unwrap_err(), Error::EmptySecret);
    assert_eq!(
        Token::bearer("t").unwrap().or("").unwrap_err(),
        Error::EmptySecret
    );
    assert_eq!(
        SharedHeader::try_new("x-key", "").unwrap_err(),
        Error::EmptySecret
    );
    assert_eq!(
        SharedHeader::try_new("bad header", "v").unwrap_err(),
        Error::InvalidHeaderName {
            name: "bad header".into()
        }
    );
}

#[test]
fn token_schemes() {
    let token = "eyJhbGciOiJIUzI1NiJ9.jc.4f9d";
    let bearer = headers(&[("authorization", &format!("Bearer {token}"))]);
    let lower_bearer = headers(&[("authorization", &format!("bearer   {token}"))]);
    let raw = headers(&[("authorization", token)]);

    let either = Token::new(token).unwrap();
    either.verify(&bearer).unwrap();
    either.verify(&lower_bearer).unwrap();
    either.verify(&raw).unwrap();

    let only_bearer = Token::bearer(token).unwrap();
    only_bearer.verify(&bearer).unwrap();
    assert_eq!(
        only_bearer.verify(&raw).unwrap_err(),
        Error::UnexpectedScheme {
            name: AUTHORIZATION,
            expected: "Bearer"
        }
    );

    let only_raw = Token::new(token).unwrap().with_scheme(TokenScheme::Raw);
    only_raw.verify(&raw).unwrap();
    assert_eq!(
        only_raw.verify(&bearer),
        Err(Error::CredentialMismatch {
            name: AUTHORIZATION
        })
    );
}

#[test]
fn a_raw_token_that_starts_with_bearer_still_matches() {
    let token = Token::new("Bearer of-bad-news").unwrap();
    token
        .verify(&headers(&[("authorization", "Bearer of-bad-news")]))
        .unwrap();
}

#[test]
fn token_rejections_and_rotation() {
    let token = Token::bearer("tok-2026-11")
        .unwrap()
        .or("tok-2026-12")
        .unwrap();
    token
        .verify(&headers(&[("authorization", "Bearer tok-2026-12")]))
        .unwrap();
    assert_eq!(
        token.verify(&headers(&[("authorization", "Bearer tok-2026-1")])),
        Err(Error::CredentialMismatch {
            name: AUTHORIZATION
        })
    );
    assert_eq!(
        token
            .verify(&headers(&[("authorization", "Bearer  ")]))
            .unwrap_err(),
        Error::UnexpectedScheme {
            name: AUTHORIZATION,
            expected: "Bearer"
        },
    );
    // "Bearer" with nothing after it is read as a bare token, which is simply not accepted.
    let either = Token::new("tok").unwrap();
    assert_eq!(
        either
            .verify(&headers(&[("authorization", "Bearer \t")]))
            .unwrap_err()
            .to_string(),
        "credentials in header `authorization` were not accepted"
    );
}

#[test]
fn shared_header_matches_case_insensitive_name_and_exact_value() {
    let check = SharedHeader::try_new("X-JC-Channel-Key", "chan_7d2f9a")
        .unwrap()
        .or("chan_8e3a0b")
        .unwrap();
    assert_eq!(check.name().as_str(), "x-jc-channel-key");
    check
        .verify(&headers(&[("x-jc-channel-key", "chan_7d2f9a")]))
        .unwrap();
    check
        .verify(&headers(&[("X-JC-CHANNEL-KEY", "chan_8e3a0b")]))
        .unwrap();
    let name = HeaderName::from_static("x-jc-channel-key");
    assert_eq!(
        check.verify(&headers(&[("x-jc-channel-key", "CHAN_7D2F9A")])),
        Err(Error::CredentialMismatch { name: name.clone() })
    );
    assert_eq!(
        check.verify(&headers(&[])),
        Err(Error::MissingHeader { name: name.clone() })
    );
    assert_eq!(
        check.verify(&headers(&[
            ("x-jc-channel-key", "chan_7d2f9a"),
            ("x-jc-channel-key", "x")
        ])),
        Err(Error::DuplicateHeader { name })
    );
}

#[test]
fn credentials_require_every_check() {
    let required = Credentials::new()
        .require(Token::new("jc-token-51f0").unwrap())
        .require(SharedHeader::try_new("x-env", "production").unwrap())
        .require(Credential::Header(
            SharedHeader::try_new("x-region", "eu-west-1").unwrap(),
        ));
    assert_eq!(required.checks().len(), 3);
    let good = [
        ("authorization", "jc-token-51f0"),
        ("x-env", "production"),
        ("x-region", "eu-west-1"),
    ];
    required.verify(&headers(&good)).unwrap();
    assert_eq!(
        required.verify(&headers(&good[..2])),
        Err(Error::MissingHeader {
            name: HeaderName::from_static("x-region")
        })
    );
    assert!(Credentials::new().is_empty());
    Credentials::new().verify(&headers(&[])).unwrap();
}

#[test]
fn debug_output_is_redacted() {
    let basic = Basic::new("jamf-pro", "Hunter2-Secret").unwrap();
    let token = Token::new("tok-visible-nowhere").unwrap();
    let header = SharedHeader::try_new("x-key", "value-visible-nowhere").unwrap();
    let all = Credentials::new()
        .require(basic.clone())
        .require(token.clone())
        .require(header.clone());
    for debug in [
        format!("{basic:?}"),
        format!("{token:?}"),
        format!("{header:?}"),
        format!("{all:?}"),
    ] {
        assert!(
            !debug.contains("Hunter2") && !debug.contains("visible"),
            "{debug}"
        );
        assert!(debug.contains("redacted"), "{debug}");
    }
}
