//! Fuzz body for `fleethooks-cmdop`'s receiving side: a secret, a signature header value and a
//! body, through the `Receiver` (verify, then parse) and the `ReplayGuard`.
//!
//! The input is framed by hand so seeds can hold a correctly signed delivery:
//! `[secret length: u8][secret][header length: u8][header value][body…]`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/cmdop_receive.rs`) and a stable test in
//! the crate (`crates/fleethooks-cmdop/tests/fuzz_bodies.rs`).

use fleethooks_cmdop::{
    CmdopEvent, Error, Receiver, ReplayError, ReplayGuard, SIGNATURE_HEADER, Secret, Signature,
    sign,
};
use http::{HeaderMap, HeaderValue};

/// One delivery to receive.
pub struct Input<'a> {
    /// The webhook's secret; empty means "no secret configured".
    pub secret: &'a [u8],
    /// The `X-Cmdop-Signature` value, any bytes.
    pub signature: &'a [u8],
    /// The raw body.
    pub body: &'a [u8],
}

impl<'a> Input<'a> {
    /// Splits fuzz bytes into an input; `None` when they are too short for the framing.
    pub fn decode(data: &'a [u8]) -> Option<Self> {
        let (secret, rest) = take_prefixed(data)?;
        let (signature, body) = take_prefixed(rest)?;
        Some(Self {
            secret,
            signature,
            body,
        })
    }
}

fn take_prefixed(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let (&len, rest) = data.split_first()?;
    rest.split_at_checked(usize::from(len))
}

/// Runs the input; returns whether it was interesting (framed at all).
pub fn run(data: &[u8]) -> bool {
    let Some(input) = Input::decode(data) else {
        return false;
    };
    check(&input);
    true
}

/// The properties: nothing panics; an accepted delivery was signed with the secret and parses
/// as `CmdopEvent::from_slice` does; a body signed with `sign` is never refused as
/// unauthenticated; a missing header is `MissingSignature`; a failed request check is never a
/// configuration error; the replay guard handles any timestamp.
pub fn check(input: &Input<'_>) {
    let parsed = CmdopEvent::from_slice(input.body);

    let unverified = Receiver::unverified().receive(&HeaderMap::new(), input.body);
    assert_eq!(unverified.as_ref().ok(), parsed.as_ref().ok());

    if input.secret.is_empty() {
        assert!(
            matches!(Receiver::new(input.secret), Err(Error::Config(_))),
            "an empty secret was accepted"
        );
        return;
    }
    let secret = Secret::from(input.secret);
    let receiver = Receiver::new(secret.clone()).expect("non-empty secret");
    let expected = sign(&secret, input.body).expect("non-empty secret");

    // The fuzzed header value.
    if let Ok(value) = HeaderValue::from_bytes(input.signature) {
        let mut headers = HeaderMap::new();
        headers.insert(SIGNATURE_HEADER, value);
        match receiver.receive(&headers, input.body) {
            Ok(event) => {
                let presented =
                    Signature::parse(input.signature).expect("an accepted header parses");
                assert_eq!(
                    presented, expected,
                    "accepted a signature the secret did not make"
                );
                assert_eq!(Some(&event), parsed.as_ref().ok());
            }
            Err(err) => {
                let _ = err.to_string();
                assert!(!matches!(err, Error::Config(_)), "{err:?}");
            }
        }
    }

    // A correctly signed delivery is authenticated, then parsed exactly as from_slice does.
    let mut headers = HeaderMap::new();
    let header = expected.to_header();
    assert_eq!(
        Signature::parse(header.as_bytes()).expect("to_header makes a valid header"),
        expected
    );
    headers.insert(SIGNATURE_HEADER, header);
    match (receiver.receive(&headers, input.body), &parsed) {
        (Ok(event), Ok(reference)) => assert_eq!(&event, reference),
        (Err(err), Err(_)) => assert!(!err.is_authentication(), "signed body refused: {err}"),
        (outcome, reference) => panic!("receive {outcome:?} vs from_slice {reference:?}"),
    }

    // No header at all.
    assert!(matches!(
        receiver.receive(&HeaderMap::new(), input.body),
        Err(Error::MissingSignature)
    ));

    if let Ok(event) = &parsed {
        check_replay(event);
    }
}

/// The guard never panics, accepts an event at its own time once, then calls it a duplicate;
/// clocks at the ends of the supported range do not overflow.
fn check_replay(event: &CmdopEvent) {
    let guard = ReplayGuard::in_memory(4).refuse_stale(true);
    guard
        .check_at(event, event.timestamp)
        .expect("an event at its own time passes");
    assert!(matches!(
        guard.check_at(event, event.timestamp),
        Err(ReplayError::Duplicate { key }) if key == event.id
    ));
    for edge in [
        r#"{"id":"evt_min","type":"test","timestamp":"0000-01-01T00:00:00Z","data":{"message":""}}"#,
        r#"{"id":"evt_max","type":"test","timestamp":"9999-12-31T23:59:59.999999999Z","data":{"message":""}}"#,
    ] {
        let now = CmdopEvent::from_slice(edge.as_bytes())
            .expect("edge event parses")
            .timestamp;
        let guard = ReplayGuard::in_memory(4).refuse_stale(true);
        let _ = guard.check_at(event, now);
    }
}
