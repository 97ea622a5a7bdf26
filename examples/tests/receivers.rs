//! Runs each example receiver as a user would (an ephemeral loopback port, credentials in the
//! environment) and delivers signed, credentialed, unsigned, oversized and repeated events.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use base64::Engine as _;

const JAMF_USER: &str = "jamf-hooks";
const JAMF_PASSWORD: &str = "c0rrect-h0rse-b4ttery";
const TOKEN: &str = "jc_9f3b2c7d41e8a6b5";
const SECRET: &str = "whsec_5f0b7c2e9a4d4b1f";

const CHECK_IN: &[u8] =
    include_bytes!("../../crates/fleethooks-jamf/tests/fixtures/computer_check_in.json");
const SCEP: &[u8] =
    include_bytes!("../../crates/fleethooks-jamf/tests/fixtures/scep_challenge.xml");
const ALERT: &[u8] =
    include_bytes!("../../crates/fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json");

/// A receiver process, killed when dropped.
struct Running {
    child: Child,
    base: String,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(binary: &str) -> Running {
    let mut child = Command::new(binary)
        .arg("127.0.0.1:0")
        .env("JAMF_USER", JAMF_USER)
        .env("JAMF_PASSWORD", JAMF_PASSWORD)
        .env("JUMPCLOUD_TOKEN", TOKEN)
        .env("CMDOP_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    // Keep draining stderr so the receiver never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    let stdout = BufReader::new(child.stdout.take().unwrap());
    Running {
        child,
        base,
        stdout,
    }
}

/// Posts and returns status, content type and body.
fn post(base: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut request = agent.post(format!("{base}{path}"));
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.body_mut().read_to_string().unwrap(),
    )
}

fn basic() -> String {
    let pair = format!("{JAMF_USER}:{JAMF_PASSWORD}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

fn signed(body: &[u8]) -> String {
    fleethooks_verify::sign(&SECRET.into(), body)
        .unwrap()
        .to_header_value()
}

/// A cmdop event of now, so it is inside the replay window.
fn cmdop_event(id: &str) -> Vec<u8> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let at = fleethooks::chrono::DateTime::from_timestamp(i64::try_from(now).unwrap(), 0).unwrap();
    format!(
        r#"{{"id":"{id}","type":"machine.offline","timestamp":"{}","data":{{"machine_id":"mach_7f3k2q","machine_name":"build-runner-04"}}}}"#,
        at.format("%Y-%m-%dT%H:%M:%SZ")
    )
    .into_bytes()
}

/// The next summary line the receiver handed on, parsed.
fn next_event(stdout: &mut BufReader<ChildStdout>) -> serde_json::Value {
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a summary line ({e}): {line:?}"))
}

fn json() -> (&'static str, String) {
    ("content-type", "application/json".to_owned())
}

fn exercise(binary: &str) {
    let mut receiver = start(binary);
    let base = receiver.base.clone();

    // Signed cmdop event: accepted and handed on.
    let body = cmdop_event("evt_01JD4R8Q2ZK7");
    let (status, _, reply) = post(
        &base,
        "/cmdop",
        &[json(), ("x-cmdop-signature", signed(&body))],
        &body,
    );
    assert_eq!((status, reply.as_str()), (200, r#"{"status":"accepted"}"#));
    let event = next_event(&mut receiver.stdout);
    assert_eq!(event["source"], "cmdop");
    assert_eq!(event["type"], "machine.offline");
    assert_eq!(event["key"], "evt_01JD4R8Q2ZK7");
    assert_eq!(event["payload"]["data"]["machine_name"], "build-runner-04");

    // The same delivery again: 200, not handed on twice.
    let (status, _, reply) = post(
        &base,
        "/cmdop",
        &[json(), ("x-cmdop-signature", signed(&body))],
        &body,
    );
    assert_eq!((status, reply.as_str()), (200, r#"{"status":"duplicate"}"#));

    // Unsigned, wrongly signed: 401, nothing handed on.
    let other = cmdop_event("evt_01JD4R8Q2ZK8");
    let (status, _, _) = post(&base, "/cmdop", &[json()], &other);
    assert_eq!(status, 401);
    let (status, _, _) = post(
        &base,
        "/cmdop",
        &[json(), ("x-cmdop-signature", signed(b"{}"))],
        &other,
    );
    assert_eq!(status, 401);

    // Jamf with Basic; without it, 401 with a Basic challenge.
    let (status, _, _) = post(
        &base,
        "/jamf",
        &[json(), ("authorization", basic())],
        CHECK_IN,
    );
    assert_eq!(status, 200);
    let event = next_event(&mut receiver.stdout);
    assert_eq!(event["type"], "ComputerCheckIn");
    assert_eq!(
        event["payload"]["event"]["computer"]["serialNumber"],
        "C02XK1JDJG5J"
    );
    let (status, _, _) = post(&base, "/jamf", &[json()], CHECK_IN);
    assert_eq!(status, 401);

    // Jamf's SCEPChallenge, in XML: the body is the challenge.
    let xml = ("content-type", "text/xml".to_owned());
    let (status, content_type, challenge) =
        post(&base, "/jamf", &[xml, ("authorization", basic())], SCEP);
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert!(
        !challenge.is_empty() && !challenge.contains('{'),
        "{challenge}"
    );
    assert_eq!(next_event(&mut receiver.stdout)["type"], "SCEPChallenge");

    // JumpCloud with its token, bare or Bearer.
    let (status, _, _) = post(
        &base,
        "/jumpcloud",
        &[json(), ("authorization", TOKEN.to_owned())],
        ALERT,
    );
    assert_eq!(status, 200);
    let event = next_event(&mut receiver.stdout);
    assert_eq!(event["source"], "jumpcloud");
    assert_eq!(event["type"], "alert");

    // Wrong content type: 415. Malformed: 400, the payload not echoed.
    let (status, _, _) = post(
        &base,
        "/jumpcloud",
        &[
            ("content-type", "text/plain".to_owned()),
            ("authorization", TOKEN.to_owned()),
        ],
        ALERT,
    );
    assert_eq!(status, 415);
    let (status, _, reply) = post(
        &base,
        "/jumpcloud",
        &[json(), ("authorization", TOKEN.to_owned())],
        br#"{"alert_id": "x", "priority": 17, "secret_note": "hunter2"}"#,
    );
    assert_eq!(status, 400);
    assert!(!reply.contains("hunter2"), "{reply}");

    // Over the limit by Content-Length: refused before the body is sent.
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "POST /jamf HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: {}\r\nContent-Length: 104857600\r\n\r\n", basic()).unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");

    // Over the limit while streaming (chunked, no length).
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "POST /jamf HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: {}\r\nTransfer-Encoding: chunked\r\n\r\n", basic()).unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..8 {
        if write!(stream, "{:x}\r\n", chunk.len()).is_err()
            || stream.write_all(&chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break; // the receiver answered and closed: what we want
        }
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");

    // An unknown route.
    let (status, _, _) = post(&base, "/github", &[json()], b"{}");
    assert_eq!(status, 404);
}

#[test]
fn axum_receiver_receives_all_three_sources() {
    exercise(env!("CARGO_BIN_EXE_axum_receiver"));
}

#[test]
fn hyper_receiver_receives_all_three_sources() {
    exercise(env!("CARGO_BIN_EXE_hyper_receiver"));
}
