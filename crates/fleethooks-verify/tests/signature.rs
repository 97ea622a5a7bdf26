//! Known-answer vectors and one test per way a signature can be rejected.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test on bad fixtures"
)]

use fleethooks_verify::{Error, Secret, Signature, SignatureVerifier, sign};
use http::{HeaderMap, HeaderName, HeaderValue};

const CMDOP: HeaderName = HeaderName::from_static("x-cmdop-signature");

/// RFC 4231, section 4: HMAC-SHA-256 test cases 1–4, 6 and 7 (5 is truncated; see below).
#[test]
fn rfc4231_test_cases() {
    let cases: [(Vec<u8>, Vec<u8>, &str); 6] = [
        (
            vec![0x0b; 20],
            b"Hi There".to_vec(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            vec![0xaa; 20],
            vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            (0x01..=0x19).collect(),
            vec![0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ];
    for (n, (key, data, expected)) in cases.into_iter().enumerate() {
        let secret = Secret::new(key);
        let signature = sign(&secret, &data).unwrap();
        assert_eq!(
            signature.to_string(),
            format!("sha256={expected}"),
            "case #{n}"
        );
        let verifier = SignatureVerifier::new(CMDOP, secret).unwrap();
        verifier
            .verify_value(format!("sha256={expected}"), &data)
            .unwrap();
    }
}

/// RFC 4231 test case 5 publishes only the first 128 bits of the MAC.
#[test]
fn rfc4231_truncated_case() {
    let signature = sign(&Secret::new(vec![0x0c; 20]), b"Test With Truncation").unwrap();
    assert!(
        signature
            .to_string()
            .starts_with("sha256=a3b6167473100ee06e0c796c2955552b"),
        "{signature}"
    );
}

const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_BODY: &[u8] = b"Hello, World!";
const GITHUB_SIGNATURE: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

fn github() -> SignatureVerifier {
    SignatureVerifier::new(
        HeaderName::from_static("x-hub-signature-256"),
        GITHUB_SECRET,
    )
    .unwrap()
}

#[test]
fn github_documented_example() {
    assert_eq!(
        sign(&GITHUB_SECRET.into(), GITHUB_BODY)
            .unwrap()
            .to_string(),
        GITHUB_SIGNATURE
    );
    github()
        .verify_value(GITHUB_SIGNATURE, GITHUB_BODY)
        .unwrap();
}

#[test]
fn accepts_any_prefix_case_hex_case_and_surrounding_whitespace() {
    let upper_hex = GITHUB_SIGNATURE.replace("sha256=", "").to_uppercase();
    for value in [
        format!("SHA256={upper_hex}"),
        format!("Sha256={upper_hex}"),
        format!("sha256={upper_hex}"),
        format!("  {GITHUB_SIGNATURE}\t"),
        format!("\n{GITHUB_SIGNATURE}\r\n"),
    ] {
        github()
            .verify_value(&value, GITHUB_BODY)
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
}

#[test]
fn rejections_say_which_check_failed() {
    let hex = &GITHUB_SIGNATURE["sha256=".len()..];
    let table: Vec<(String, Error, &str)> = vec![
        (
            hex.to_owned(),
            Error::MissingAlgorithm,
            "signature has no algorithm prefix; expected `sha256=<hex>`",
        ),
        (
            format!("={hex}"),
            Error::MissingAlgorithm,
            "signature has no algorithm prefix; expected `sha256=<hex>`",
        ),
        (
            format!("sha1={}", &hex[..40]),
            Error::UnsupportedAlgorithm {
                algorithm: "sha1".into(),
            },
            "unsupported signature algorithm `sha1`; expected `sha256`",
        ),
        (
            format!("sha512={hex}"),
            Error::UnsupportedAlgorithm {
                algorithm: "sha512".into(),
            },
            "unsupported signature algorithm `sha512`; expected `sha256`",
        ),
        (
            format!("sha256={}g", &hex[..63]),
            Error::InvalidHex {
                found: 'g',
                offset: 63,
            },
            "signature digest is not hex: unexpected 'g' at offset 63",
        ),
        (
            format!("sha256= {hex}"),
            Error::InvalidHex {
                found: ' ',
                offset: 0,
            },
            "signature digest is not hex: unexpected ' ' at offset 0",
        ),
        (
            format!("sha256={}", &hex[..62]),
            Error::InvalidLength { digits: 62 },
            "signature digest has 62 hex digits; SHA-256 needs 64",
        ),
        (
            format!("sha256={hex}00"),
            Error::InvalidLength { digits: 66 },
            "signature digest has 66 hex digits; SHA-256 needs 64",
        ),
        (
            String::new(),
            Error::MissingAlgorithm,
            "signature has no algorithm prefix; expected `sha256=<hex>`",
        ),
        (
            "sha256=".into(),
            Error::InvalidLength { digits: 0 },
            "signature digest has 0 hex digits; SHA-256 needs 64",
        ),
        (
            GITHUB_SIGNATURE.replace("757107", "757108"),
            Error::SignatureMismatch,
            "signature does not match the body",
        ),
    ];
    for (value, error, message) in table {
        let got = github().verify_value(&value, GITHUB_BODY).unwrap_err();
        assert_eq!(got, error, "{value:?}");
        assert_eq!(got.to_string(), message, "{value:?}");
    }
}

#[test]
fn non_ascii_digest_is_invalid_hex() {
    let mut value = GITHUB_SIGNATURE.as_bytes().to_vec();
    value[10] = 0xC3;
    let err = github().verify_value(&value, GITHUB_BODY).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidHex {
            found: char::REPLACEMENT_CHARACTER,
            offset: 3
        }
    );
}

#[test]
fn unsupported_algorithm_echo_is_bounded_and_printable() {
    let value = format!("{}\u{1}={}", "x".repeat(100), "0".repeat(64));
    let Error::UnsupportedAlgorithm { algorithm } = Signature::parse(&value).unwrap_err() else {
        panic!("expected UnsupportedAlgorithm");
    };
    assert_eq!(algorithm, "x".repeat(32));
}

#[test]
fn tampered_body_and_wrong_secret_fail() {
    github()
        .verify_value(GITHUB_SIGNATURE, b"Hello, World")
        .unwrap_err();
    let other = SignatureVerifier::new(CMDOP, "It's a secret to everybody").unwrap();
    assert_eq!(
        other.verify_value(GITHUB_SIGNATURE, GITHUB_BODY),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn rotation_accepts_any_configured_secret() {
    let body =
        br#"{"id":"evt_01JD4R8Q2Z","type":"command.failed","timestamp":"2026-11-20T09:14:03Z"}"#;
    let old = sign(&Secret::from("whsec_2026_q3_c4f1"), body).unwrap();
    let new = sign(&Secret::from("whsec_2026_q4_9ab0"), body).unwrap();
    let stranger = sign(&Secret::from("whsec_attacker"), body).unwrap();

    let mut verifier = SignatureVerifier::new(CMDOP, "whsec_2026_q3_c4f1").unwrap();
    verifier.verify_signature(&old, body).unwrap();
    assert_eq!(
        verifier.verify_signature(&new, body),
        Err(Error::SignatureMismatch)
    );

    verifier.add_secret("whsec_2026_q4_9ab0").unwrap();
    assert_eq!(verifier.secret_count(), 2);
    verifier.verify_signature(&old, body).unwrap();
    verifier.verify_signature(&new, body).unwrap();
    assert_eq!(
        verifier.verify_signature(&stranger, body),
        Err(Error::SignatureMismatch)
    );
}

#[test]
fn empty_or_missing_secrets_are_configuration_errors() {
    assert_eq!(
        sign(&Secret::from(""), b"x").unwrap_err(),
        Error::EmptySecret
    );
    assert_eq!(
        SignatureVerifier::new(CMDOP, "").unwrap_err(),
        Error::EmptySecret
    );
    assert_eq!(
        SignatureVerifier::with_secrets(CMDOP, Vec::<Secret>::new()).unwrap_err(),
        Error::NoSecrets
    );
    assert_eq!(
        SignatureVerifier::with_secrets(CMDOP, ["fine", ""]).unwrap_err(),
        Error::EmptySecret
    );
    let mut verifier = SignatureVerifier::new(CMDOP, "fine").unwrap();
    assert_eq!(verifier.add_secret(""), Err(Error::EmptySecret));
}

#[test]
fn header_lookup_is_case_insensitive_and_refuses_duplicates() {
    let verifier = SignatureVerifier::new(CMDOP, GITHUB_SECRET).unwrap();
    let mut headers = HeaderMap::new();
    assert_eq!(
        verifier.verify(&headers, GITHUB_BODY),
        Err(Error::MissingHeader { name: CMDOP })
    );
    assert_eq!(
        verifier
            .verify(&headers, GITHUB_BODY)
            .unwrap_err()
            .to_string(),
        "missing header `x-cmdop-signature`"
    );

    let name = HeaderName::from_bytes(b"X-Cmdop-Signature").unwrap();
    headers.insert(name, HeaderValue::from_static(GITHUB_SIGNATURE));
    verifier.verify(&headers, GITHUB_BODY).unwrap();

    headers.append(CMDOP, HeaderValue::from_static(GITHUB_SIGNATURE));
    let err = verifier.verify(&headers, GITHUB_BODY).unwrap_err();
    assert_eq!(err, Error::DuplicateHeader { name: CMDOP });
    assert_eq!(
        err.to_string(),
        "header `x-cmdop-signature` appears more than once"
    );
}

#[test]
fn secrets_never_show_in_debug() {
    let secret = Secret::from("whsec_do_not_print_me");
    assert_eq!(format!("{secret:?}"), "Secret([redacted])");
    let verifier =
        SignatureVerifier::with_secrets(CMDOP, ["whsec_do_not_print_me", "other"]).unwrap();
    let debug = format!("{verifier:?}");
    assert!(!debug.contains("do_not_print"), "{debug}");
    assert_eq!(
        debug,
        r#"SignatureVerifier { header: "x-cmdop-signature", secrets: [redacted; 2] }"#
    );
}

#[test]
fn signature_parses_displays_and_compares() {
    let sig: Signature = GITHUB_SIGNATURE.parse().unwrap();
    assert_eq!(sig.to_header_value(), GITHUB_SIGNATURE);
    assert_eq!(sig.to_header(), GITHUB_SIGNATURE);
    assert_eq!(HeaderValue::from(sig), GITHUB_SIGNATURE);
    assert_eq!(Signature::from_digest(*sig.digest()), sig);
    assert_ne!(Signature::from_digest([0; 32]), sig);
    assert_eq!(format!("{sig:?}"), format!("Signature({GITHUB_SIGNATURE})"));
}

#[test]
fn to_header_is_lowercase_and_verifies() {
    let secret = Secret::from("whsec_9f3b2c7d41e8");
    let body = br#"{"id":"evt_01JD4R8Q2ZK7","type":"machine.offline","timestamp":"2024-11-20T09:12:05Z","data":{"machine_id":"mach_7Q2K9XW4","machine_name":"build-eu-02"}}"#;
    let signature = sign(&secret, body).unwrap();
    let value = signature.to_header();
    assert_eq!(value.to_str().unwrap(), signature.to_header_value());
    assert!(!value.is_sensitive());
    for digest in [[0x00; 32], [0xff; 32], [0xa5; 32]] {
        let text = Signature::from_digest(digest).to_header_value();
        assert_eq!(Signature::from_digest(digest).to_header(), text.as_str());
    }
    let mut headers = HeaderMap::new();
    headers.insert(CMDOP, signature.into());
    SignatureVerifier::new(CMDOP, secret)
        .unwrap()
        .verify(&headers, body)
        .unwrap();
}
