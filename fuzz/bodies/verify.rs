//! Fuzz body for `fleethooks-verify`: any header values, secrets and body into every check.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/verify.rs`) and a stable test in the
//! crate, so `cargo test` runs the same assertions over the seeds.

use arbitrary::{Arbitrary, Unstructured};
use fleethooks_verify::http::{HeaderMap, HeaderName, HeaderValue, header::AUTHORIZATION};
use fleethooks_verify::{Basic, Secret, SharedHeader, Signature, SignatureVerifier, Token, sign};

const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-cmdop-signature");

/// One fuzz case.
#[derive(Debug, Arbitrary)]
pub struct Input<'a> {
    /// A signature header value, any bytes.
    pub signature: &'a [u8],
    /// An `Authorization` header value, any bytes.
    pub authorization: &'a [u8],
    /// Accepted secrets.
    pub secrets: Vec<&'a [u8]>,
    /// The body.
    pub body: &'a [u8],
}

/// Runs every check on the input; returns whether it was interesting (decoded at all).
pub fn run(data: &[u8]) -> bool {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return false;
    };
    check(&input);
    true
}

/// The properties: nothing panics, a valid signature is exactly the one `sign` makes, and
/// signing then verifying always holds.
pub fn check(input: &Input<'_>) {
    let parsed = Signature::parse(input.signature);

    let nonempty: Vec<&[u8]> = input
        .secrets
        .iter()
        .copied()
        .filter(|s| !s.is_empty())
        .collect();
    match SignatureVerifier::with_secrets(SIGNATURE_HEADER, nonempty.iter().map(|s| s.to_vec())) {
        Ok(verifier) => {
            let outcome = verifier.verify_value(input.signature, input.body);
            if outcome.is_ok() {
                let parsed = parsed.as_ref().ok().copied();
                let made_by_a_secret = nonempty
                    .iter()
                    .any(|s| sign(&Secret::from(*s), input.body).ok() == parsed);
                assert!(made_by_a_secret, "accepted a signature no secret made");
            }
            for secret in &nonempty {
                let own = sign(&Secret::from(*secret), input.body).expect("non-empty secret");
                assert!(verifier.verify_signature(&own, input.body).is_ok());
                assert!(verifier.verify_value(own.to_string(), input.body).is_ok());
            }
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_bytes(input.signature) {
                headers.insert(SIGNATURE_HEADER, value);
            }
            let _ = verifier.verify(&headers, input.body);
        }
        Err(_) => assert!(nonempty.is_empty()),
    }

    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(input.authorization) {
        headers.insert(AUTHORIZATION, value);
    }
    if let Some(first) = nonempty.first() {
        let user = input.secrets.get(1).copied().unwrap_or_default();
        if let Ok(basic) = Basic::new(user, *first) {
            let _ = basic.verify(&headers);
        }
        if let Ok(token) = Token::new(*first) {
            let _ = token.verify(&headers);
        }
        if let Ok(shared) = SharedHeader::new(AUTHORIZATION, *first) {
            let _ = shared.verify(&headers);
        }
    }
}
