//! Fuzz body for the `fleethooks` facade end to end: `Receiver::receive_any` (and `receive` per
//! source) built with all three sources' credentials, given any headers and any body.
//!
//! The input is framed by hand so seeds can ask for correct credentials, which a fuzzer cannot
//! guess through an HMAC or a constant-time comparison:
//! `[flags: u8][header count: u8]{[name: u8][value length: u8][value]}*[body…]`, see [`Input`].
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/receive_any.rs`) and a stable test in the
//! facade (`crates/fleethooks/tests/fuzz_bodies.rs`). The includer declares the cmdop event
//! body as a sibling module `cmdop_event`, whose float-tolerant JSON comparison this reuses.
//!
//! Properties: nothing panics; anything accepted was authenticated for its source, judged here
//! without the verifier (cmdop: the one `X-Cmdop-Signature` is HMAC-SHA256 of these exact bytes
//! under a configured secret; Jamf: the one `Authorization` is `Basic` with the configured
//! pair, or Jamf is open; JumpCloud: the one `Authorization` is the configured token, bare or
//! `Bearer`); a request no source authenticates is refused as unauthenticated (or too large)
//! and never parsed; what is accepted is what the source's own parser reads from the body, its
//! summary (`InboundEvent::to_json`) is one line of JSON whose `payload` is the event's own
//! JSON and re-parses with the source's parser to an equal event; a second delivery is a
//! duplicate; with correct credentials alone, a body is accepted exactly when its parser reads
//! it; no error shows a secret the request did not carry.

use fleethooks::chrono::{DateTime, Utc};
use fleethooks::cmdop::{CmdopEvent, sign};
use fleethooks::http::{HeaderMap, HeaderName, HeaderValue, header};
use fleethooks::jamf::JamfEvent;
use fleethooks::jumpcloud::Alert;
use fleethooks::{InboundEvent, ReceiveError, Receiver, Source};

use super::same_json::same_json;

/// cmdop's signing secrets, current and previous (rotation).
pub const CMDOP_SECRETS: [&str; 2] = ["whsec_current_5f0b", "whsec_previous_c4f1"];
/// Jamf Pro's Basic user.
pub const JAMF_USER: &str = "jamf-hooks";
/// Jamf Pro's Basic password.
pub const JAMF_PASSWORD: &str = "c0rrect-h0rse";
/// base64 of `jamf-hooks:c0rrect-h0rse`: 24 bytes, so no padding and one encoding only.
pub const JAMF_BASIC_B64: &str = "amFtZi1ob29rczpjMHJyZWN0LWgwcnNl";
/// JumpCloud's token.
pub const JUMPCLOUD_TOKEN: &str = "jc_9f3b2c7d41e8";

/// Flag: sign the body with the current cmdop secret.
pub const SIGN_CURRENT: u8 = 1;
/// Flag: sign the body with the previous cmdop secret (both flags: two signature headers).
pub const SIGN_PREVIOUS: u8 = 1 << 1;
/// Flag: Jamf's correct `Authorization: Basic`.
pub const JAMF_BASIC: u8 = 1 << 2;
/// Flag: JumpCloud's correct token in `Authorization`.
pub const JUMPCLOUD: u8 = 1 << 3;
/// Flag: write JumpCloud's token as `Bearer <token>` (else bare).
pub const BEARER: u8 = 1 << 4;
/// Flag: receive at the time the body's cmdop event says (else at [`FIXED_NOW`]).
pub const AT_EVENT_TIME: u8 = 1 << 5;
/// Flag: `Content-Type: application/json`.
pub const JSON_TYPE: u8 = 1 << 6;
/// Flag: Jamf open to unauthenticated deliveries instead of Basic.
pub const JAMF_OPEN: u8 = 1 << 7;

/// The clock when [`AT_EVENT_TIME`] is not set (epoch ms 1763629643000).
pub const FIXED_NOW: i64 = 1_763_629_643_000;

/// One request.
#[derive(Debug)]
pub struct Input<'a> {
    /// What the receiver is built with and which correct credentials the request carries.
    pub flags: u8,
    /// Further headers, appended after the ones the flags add.
    pub headers: Vec<(u8, &'a [u8])>,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Input<'a> {
    /// Splits fuzz bytes into a request; `None` when they are too short for the framing.
    pub fn decode(data: &'a [u8]) -> Option<Self> {
        let (&flags, rest) = data.split_first()?;
        let (&count, mut rest) = rest.split_first()?;
        let mut headers = Vec::new();
        for _ in 0..count % 8 {
            let (&name, after) = rest.split_first()?;
            let (&len, after) = after.split_first()?;
            let (value, after) = after.split_at_checked(usize::from(len))?;
            headers.push((name, value));
            rest = after;
        }
        Some(Self {
            flags,
            headers,
            body: rest,
        })
    }

    /// The framing [`decode`](Self::decode) reads, for seeds and tests.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![self.flags, u8::try_from(self.headers.len()).unwrap_or(0)];
        for (name, value) in &self.headers {
            out.push(*name);
            out.push(u8::try_from(value.len()).unwrap_or(0));
            out.extend_from_slice(value);
        }
        out.extend_from_slice(self.body);
        out
    }

    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// The header a name byte stands for.
fn header_name(name: u8) -> HeaderName {
    match name % 8 {
        0 => header::AUTHORIZATION,
        1 => HeaderName::from_static("x-cmdop-signature"),
        2 => header::CONTENT_TYPE,
        3 => header::CONTENT_LENGTH,
        4 => header::CONTENT_ENCODING,
        5 => HeaderName::from_static("x-jamf-token"),
        6 => header::USER_AGENT,
        _ => HeaderName::from_static("x-request-id"),
    }
}

/// Decodes `data` and checks the request; returns whether it decoded.
pub fn run(data: &[u8]) -> bool {
    let Some(input) = Input::decode(data) else {
        return false;
    };
    check(&input);
    true
}

fn build(input: &Input<'_>, dedup: bool) -> Receiver {
    let mut builder = Receiver::builder()
        .cmdop_secrets(CMDOP_SECRETS)
        .jumpcloud_token(JUMPCLOUD_TOKEN);
    builder = if input.has(JAMF_OPEN) {
        builder.allow_unauthenticated(Source::Jamf)
    } else {
        builder.jamf_basic(JAMF_USER, JAMF_PASSWORD)
    };
    if !dedup {
        builder = builder.without_dedup();
    }
    builder
        .build()
        .expect("the receiver's configuration is valid")
}

/// The request's headers: the correct credentials the flags ask for, then the fuzzed ones.
fn headers(input: &Input<'_>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let signature = HeaderName::from_static("x-cmdop-signature");
    for (flag, secret) in [(SIGN_CURRENT, 0), (SIGN_PREVIOUS, 1)] {
        if input.has(flag) {
            let made = sign(&CMDOP_SECRETS[secret].into(), input.body).expect("a secret");
            headers.append(signature.clone(), made.to_header());
        }
    }
    if input.has(JAMF_BASIC) {
        let value = format!("Basic {JAMF_BASIC_B64}");
        headers.append(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value).expect("ASCII"),
        );
    }
    if input.has(JUMPCLOUD) {
        let value = if input.has(BEARER) {
            format!("Bearer {JUMPCLOUD_TOKEN}")
        } else {
            JUMPCLOUD_TOKEN.to_owned()
        };
        headers.append(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value).expect("ASCII"),
        );
    }
    if input.has(JSON_TYPE) {
        headers.append(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    for (name, value) in &input.headers {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(header_name(*name), value);
        }
    }
    headers
}

/// The one value of `name`, if it appears exactly once.
fn single<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h [u8]> {
    let mut all = headers.get_all(name).iter();
    let first = all.next()?;
    all.next().is_none().then(|| first.as_bytes())
}

/// `value` with `scheme` (any case) and at least one blank after it removed, trimmed.
fn after_scheme<'v>(value: &'v [u8], scheme: &str) -> Option<&'v [u8]> {
    let value = value.trim_ascii();
    let rest = value
        .get(..scheme.len())
        .filter(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
        .and_then(|_| value.get(scheme.len()..))?;
    matches!(rest.first(), Some(b' ' | b'\t')).then(|| rest.trim_ascii())
}

/// Whether the request is authenticated for `source`, judged without the verifier.
fn authenticated(source: Source, input: &Input<'_>, headers: &HeaderMap) -> bool {
    match source {
        Source::Cmdop => single(headers, "x-cmdop-signature").is_some_and(|value| {
            CMDOP_SECRETS.iter().any(|secret| {
                let made = sign(&(*secret).into(), input.body).expect("a secret");
                value
                    .trim_ascii()
                    .eq_ignore_ascii_case(made.to_string().as_bytes())
            })
        }),
        Source::Jamf => {
            input.has(JAMF_OPEN)
                || single(headers, "authorization")
                    .and_then(|value| after_scheme(value, "basic"))
                    .is_some_and(|encoded| encoded == JAMF_BASIC_B64.as_bytes())
        }
        Source::Jumpcloud => single(headers, "authorization").is_some_and(|value| {
            value.trim_ascii() == JUMPCLOUD_TOKEN.as_bytes()
                || after_scheme(value, "bearer") == Some(JUMPCLOUD_TOKEN.as_bytes())
        }),
        _ => false,
    }
}

fn now(input: &Input<'_>) -> DateTime<Utc> {
    let fixed = DateTime::from_timestamp_millis(FIXED_NOW).expect("in range");
    if input.has(AT_EVENT_TIME) {
        CmdopEvent::from_slice(input.body).map_or(fixed, |event| event.timestamp)
    } else {
        fixed
    }
}

/// What the source's own parser reads from the body, as the receiver would call it.
fn parse_as(source: Source, headers: &HeaderMap, body: &[u8]) -> Option<InboundEvent> {
    match source {
        Source::Jamf => {
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok());
            JamfEvent::from_body(content_type, body)
                .ok()
                .map(Into::into)
        }
        Source::Jumpcloud => Alert::from_slice(body).ok().map(Into::into),
        Source::Cmdop => CmdopEvent::from_slice(body).ok().map(Into::into),
        _ => None,
    }
}

/// The properties, on one decoded request.
pub fn check(input: &Input<'_>) {
    let headers = headers(input);
    let now = now(input);
    let receiver = build(input, true);
    let outcome = receiver.receive_any_at(&headers, input.body, now);
    let authenticated_as: Vec<Source> = Source::ALL
        .into_iter()
        .filter(|s| authenticated(*s, input, &headers))
        .collect();

    match &outcome {
        Ok(event) => {
            let source = event.source();
            assert!(
                authenticated_as.contains(&source),
                "accepted as {source} without its credentials: {headers:?}"
            );
            check_accepted(event, &headers, input.body);
            // The same delivery again is a duplicate.
            match receiver.receive_any_at(&headers, input.body, now) {
                Err(ReceiveError::Duplicate { origin, key }) => {
                    assert_eq!(origin, source);
                    assert_eq!(key, event.dedup_key());
                }
                other => panic!("a repeat was not a duplicate: {other:?}"),
            }
        }
        Err(err) => {
            check_refusal(err, input, &headers);
            if authenticated_as.is_empty() {
                // Nothing was looked at before authentication failed.
                assert!(
                    matches!(
                        err,
                        ReceiveError::Unauthenticated { .. } | ReceiveError::TooLarge { .. }
                    ),
                    "unauthenticated request refused with {err:?}"
                );
            }
        }
    }

    // With one source's correct credentials and nothing else, the outcome is its parser's.
    let sources = [
        (
            input.has(SIGN_CURRENT) != input.has(SIGN_PREVIOUS),
            Source::Cmdop,
        ),
        (input.has(JAMF_BASIC) && !input.has(JAMF_OPEN), Source::Jamf),
        (input.has(JUMPCLOUD), Source::Jumpcloud),
    ];
    let any_signature = input.has(SIGN_CURRENT) || input.has(SIGN_PREVIOUS);
    if let [(true, only)] = sources
        .iter()
        .filter(|(on, _)| *on)
        .copied()
        .collect::<Vec<_>>()[..]
    {
        let plain = input.headers.is_empty()
            && !(any_signature && only != Source::Cmdop)
            && !(input.has(JAMF_BASIC) && input.has(JUMPCLOUD));
        if plain {
            let parsed = parse_as(only, &headers, input.body);
            match (&outcome, &parsed) {
                (Ok(event), Some(reference)) => assert_eq!(event, reference),
                (Err(ReceiveError::Invalid { origin, .. }), None) => assert_eq!(*origin, only),
                (
                    Err(ReceiveError::Stale { origin, .. } | ReceiveError::Future { origin, .. }),
                    Some(_),
                ) if only == Source::Cmdop => assert_eq!(*origin, only),
                // JumpCloud and cmdop refuse a JSON content type only for another media type;
                // Jamf reads what it names.
                (outcome, parsed) => {
                    panic!("{only} with its credentials: {outcome:?}, its parser: {parsed:?}")
                }
            }
        }
    }

    // Each source's own endpoint: accepted only with that source's credentials, as what the
    // source's parser reads.
    let endpoint = build(input, false);
    for source in Source::ALL {
        match endpoint.receive_at(source, &headers, input.body, now) {
            Ok(event) => {
                assert_eq!(event.source(), source);
                assert!(
                    authenticated_as.contains(&source),
                    "{source} endpoint accepted without its credentials: {headers:?}"
                );
                check_accepted(&event, &headers, input.body);
            }
            Err(err) => {
                check_refusal(&err, input, &headers);
                if !authenticated_as.contains(&source) {
                    assert!(
                        matches!(
                            err,
                            ReceiveError::Unauthenticated { origin, .. } if origin == source
                        ) || matches!(err, ReceiveError::TooLarge { .. }),
                        "{source} endpoint refused an unauthenticated request with {err:?}"
                    );
                }
            }
        }
    }
}

/// What an accepted event must be: its parser's reading of the body, with a summary whose
/// payload is its own JSON and re-parses to it.
fn check_accepted(event: &InboundEvent, headers: &HeaderMap, body: &[u8]) {
    let source = event.source();
    let reference = parse_as(source, headers, body).expect("an accepted body parses");
    assert_eq!(
        event, &reference,
        "the receiver read another event than its parser"
    );

    let summary = event.to_json().expect("an accepted event has a summary");
    assert!(!summary.contains('\n'), "a summary is one line: {summary}");
    let value: serde_json::Value = serde_json::from_str(&summary).expect("the summary is JSON");
    assert_eq!(value["source"], source.to_string());
    assert_eq!(value["type"], event.event_type());
    assert_eq!(value["key"], event.dedup_key().as_ref());
    match event.occurred_at() {
        Some(at) => assert_eq!(value["occurred_at"], fleethooks::core::format_time(at)),
        None => assert!(value["occurred_at"].is_null()),
    }
    let payload = serde_json::to_string(event).expect("the payload writes");
    assert!(
        summary.ends_with(&format!(",\"payload\":{payload}}}")),
        "the payload is the event's own JSON: {summary}"
    );

    match event {
        InboundEvent::Jamf(jamf) => {
            let again = JamfEvent::from_json(payload.as_bytes()).expect("the payload parses");
            // An unknown event read from XML keeps its raw XML, which JSON cannot hold.
            let from_xml = fleethooks::core::strip_bom(body)
                .trim_ascii_start()
                .starts_with(b"<");
            if !(from_xml && matches!(**jamf, JamfEvent::Unknown(_))) {
                let equal = again == **jamf
                    || same_json(
                        &serde_json::to_value(&again).expect("serializes"),
                        &serde_json::to_value(&**jamf).expect("serializes"),
                    );
                assert!(equal, "Jamf payload round trip: {payload}");
            }
        }
        InboundEvent::Jumpcloud(alert) => {
            let again = Alert::from_slice(payload.as_bytes()).expect("the payload parses");
            assert_eq!(&again, alert, "JumpCloud payload round trip: {payload}");
        }
        InboundEvent::Cmdop(cmdop) => {
            let again = CmdopEvent::from_slice(payload.as_bytes()).expect("the payload parses");
            let (first, second) = (
                serde_json::to_value(cmdop).expect("serializes"),
                serde_json::to_value(&again).expect("serializes"),
            );
            assert!(
                same_json(&first, &second),
                "cmdop payload round trip: {payload}"
            );
        }
        other => panic!("an event of no known source: {other:?}"),
    }
}

/// Every refusal has a status, a safe reason and an answer; none shows a secret that the
/// request did not carry itself.
fn check_refusal(err: &ReceiveError, input: &Input<'_>, headers: &HeaderMap) {
    let status = err.status();
    assert!(
        status.is_client_error() || status.is_server_error() || err.is_duplicate(),
        "{err:?}: {status}"
    );
    let reason = err.public_reason();
    assert!(!reason.is_empty() && !reason.contains('\n'), "{reason:?}");
    let response = err.to_response();
    assert_eq!(response.status(), status);
    let answer = String::from_utf8_lossy(response.body()).into_owned();
    serde_json::from_str::<serde_json::Value>(&answer).expect("the answer is JSON");

    let shown = [err.to_string(), format!("{err:?}"), reason, answer];
    let secrets = CMDOP_SECRETS
        .iter()
        .chain([&JAMF_PASSWORD, &JAMF_BASIC_B64, &JUMPCLOUD_TOKEN]);
    for secret in secrets {
        let carried = contains(input.body, secret.as_bytes())
            || input
                .headers
                .iter()
                .any(|(_, value)| contains(value, secret.as_bytes()));
        if carried {
            continue;
        }
        for text in &shown {
            assert!(!text.contains(secret), "a refusal shows a secret: {text}");
        }
    }
    let _ = headers;
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
