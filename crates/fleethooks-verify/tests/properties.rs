//! Sign-then-verify holds for any body and secret; any changed byte breaks it.

use fleethooks_verify::{Error, Secret, SignatureVerifier, sign};
use http::HeaderName;
use proptest::prelude::*;

const HEADER: HeaderName = HeaderName::from_static("x-cmdop-signature");

proptest! {
    #[test]
    fn sign_then_verify(secret in prop::collection::vec(any::<u8>(), 1..200),
                        body in prop::collection::vec(any::<u8>(), 0..4096)) {
        let signature = sign(&Secret::new(secret.clone()), &body).unwrap();
        let verifier = SignatureVerifier::new(HEADER, secret).unwrap();
        prop_assert_eq!(verifier.verify_value(signature.to_string(), &body), Ok(()));
    }

    #[test]
    fn changed_body_byte_fails(secret in prop::collection::vec(any::<u8>(), 1..64),
                               body in prop::collection::vec(any::<u8>(), 1..2048),
                               index in any::<prop::sample::Index>(),
                               flip in 1..=255u8) {
        let signature = sign(&Secret::new(secret.clone()), &body).unwrap();
        let mut tampered = body.clone();
        tampered[index.index(body.len())] ^= flip;
        let verifier = SignatureVerifier::new(HEADER, secret).unwrap();
        prop_assert_eq!(verifier.verify_signature(&signature, &tampered), Err(Error::SignatureMismatch));
    }

    #[test]
    fn changed_signature_byte_fails(secret in prop::collection::vec(any::<u8>(), 1..64),
                                    body in prop::collection::vec(any::<u8>(), 0..512),
                                    index in 0..71usize,
                                    replacement in any::<u8>()) {
        let header = sign(&Secret::new(secret.clone()), &body).unwrap().to_string();
        let mut value = header.clone().into_bytes();
        prop_assume!(!value[index].eq_ignore_ascii_case(&replacement));
        value[index] = replacement;
        let verifier = SignatureVerifier::new(HEADER, secret).unwrap();
        prop_assert!(verifier.verify_value(&value, &body).is_err());
    }
}
