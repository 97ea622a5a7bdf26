//! `fleethooks send`: what it posts for each vendor, what it prints and its exit code, and
//! `--retry` on each vendor's schedule, against `fleethooks serve` and against a scripted
//! one-shot loopback server.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use support::server::{
    CMDOP_SECRET, JAMF_PASSWORD, JAMF_USER, JUMPCLOUD_TOKEN, Serve, WAIT, basic, cmdop_signature,
    command, credential_flags, fixture_bytes, lines, parse_line, run_with_stdin, send,
    standard_config, temp_dir, write_config,
};

/// One request the stub received.
struct Seen {
    at: Instant,
    /// The request line and headers, names in lower case.
    head: Vec<String>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.head
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }
}

/// A loopback server that answers its script in order, one connection per request, then 500
/// to anything more (counted, so an extra attempt is seen).
struct Stub {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<Seen>>>,
    thread: Option<JoinHandle<()>>,
}

impl Stub {
    fn start(script: &[(u16, &str)]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script: Vec<(u16, String)> =
            script.iter().map(|(s, b)| (*s, (*b).to_owned())).collect();
        let (stopping, log) = (Arc::clone(&stop), Arc::clone(&seen));
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + WAIT;
            let mut answers = script.into_iter();
            while !stopping.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let answer = answers
                            .next()
                            .unwrap_or((500, r#"{"error":"unexpected request"}"#.to_owned()));
                        if let Some(request) = serve_one(stream, &answer) {
                            log.lock().unwrap().push(request);
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Self {
            addr,
            stop,
            seen,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the stub and returns what it received.
    fn finish(mut self) -> Vec<Seen> {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Reads one request (head, then `Content-Length` bytes) and writes `status` with `body`.
fn serve_one(mut stream: TcpStream, (status, body): &(u16, String)) -> Option<Seen> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(WAIT)).ok()?;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        bytes.extend_from_slice(&chunk[..n]);
    };
    let at = Instant::now();
    let head: Vec<String> = String::from_utf8_lossy(&bytes[..head_end])
        .split("\r\n")
        .map(|l| match l.split_once(": ") {
            Some((name, value)) => format!("{}: {value}", name.to_ascii_lowercase()),
            None => l.to_owned(),
        })
        .collect();
    let length: usize = head
        .iter()
        .find_map(|l| l.strip_prefix("content-length: "))
        .map_or(0, |v| v.parse().unwrap());
    let mut body_bytes = bytes[head_end + 4..].to_vec();
    while body_bytes.len() < length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body_bytes.extend_from_slice(&chunk[..n]);
    }
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Other",
    };
    let answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(answer.as_bytes()).ok()?;
    Some(Seen {
        at,
        head,
        body: body_bytes,
    })
}

/// `fleethooks send --source SOURCE --url URL` with the test credentials, `extra` flags and
/// `body`: `(exit code, stdout, stderr)`.
fn send_with(
    source: &str,
    url: &str,
    extra: &[&str],
    body: &[u8],
) -> (Option<i32>, String, String) {
    let out = run_with_stdin(
        command()
            .args(["send", "--source", source, "--url", url])
            .args(credential_flags(source))
            .args(extra),
        body,
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn send_prints_the_answer_and_exits_0_on_2xx_and_1_otherwise() {
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config("", ""));
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let url = server.url("/jamf");
    let jamf = fixture_bytes("jamf", "computer_policy_finished.xml");
    let out = send("jamf", &url, &jamf);
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.stderr.is_empty()
        ),
        (
            Some(0),
            "200 OK\n{\"status\":\"accepted\"}\n".to_owned(),
            true
        )
    );
    // A duplicate is a success: the event was taken before.
    assert_eq!(
        send_with(
            "jamf",
            &url,
            &[],
            &fixture_bytes("jamf", "computer_policy_finished.json")
        ),
        (
            Some(0),
            "200 OK\n{\"status\":\"duplicate\"}\n".to_owned(),
            String::new()
        )
    );
    let wrong = run_with_stdin(
        command().env("FH_TEST_WRONG", "h0rse-c0rrect").args([
            "send",
            "--source",
            "jamf",
            "--url",
            &url,
            "--basic-user-env",
            "FH_TEST_JAMF_USER",
            "--basic-password-env",
            "FH_TEST_WRONG",
        ]),
        &jamf,
    );
    assert_eq!(
        (
            wrong.status.code(),
            String::from_utf8_lossy(&wrong.stdout).into_owned(),
            String::from_utf8_lossy(&wrong.stderr).into_owned()
        ),
        (
            Some(1),
            "401 Unauthorized\n{\"error\":\"jamf delivery not authenticated: credentials in header `authorization` were not accepted\"}\n".to_owned(),
            "fleethooks: rejected: the receiver answered 401 Unauthorized\n".to_owned()
        )
    );
    assert_eq!(
        send_with("jamf", &url, &["--content-type", "text/plain"], &jamf),
        (
            Some(1),
            "415 Unsupported Media Type\n{\"error\":\"jamf webhooks are never sent as `text/plain`\"}\n".to_owned(),
            "fleethooks: rejected: the receiver answered 415 Unsupported Media Type\n".to_owned()
        )
    );
    assert_eq!(lines(&output), [parse_line("jamf", &jamf)]);
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0));
    // Nobody listens any more: not an answer, so exit 1 with the reason.
    let (code, stdout, stderr) = send_with("jamf", &url, &[], &jamf);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    assert!(
        stderr.starts_with(&format!("fleethooks: rejected: cannot send to {url}: ")),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn send_posts_each_body_as_its_vendor_does() {
    let jamf_xml = fixture_bytes("jamf", "computer_added.xml");
    let jamf_json = fixture_bytes("jamf", "computer_added.json");
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    let cmdop = fixture_bytes("cmdop", "machine_offline.json");
    let accepted = r#"{"status":"accepted"}"#;
    let stub = Stub::start(&[(200, accepted); 4]);
    for (source, body) in [
        ("jamf", &jamf_xml),
        ("jamf", &jamf_json),
        ("jumpcloud", &alert),
        ("cmdop", &cmdop),
    ] {
        assert_eq!(
            send_with(source, &stub.url(&format!("/{source}")), &[], body),
            (Some(0), format!("200 OK\n{accepted}\n"), String::new()),
            "{source}"
        );
    }
    let seen = stub.finish();
    assert_eq!(seen.len(), 4);
    let expect = [
        (
            "POST /jamf HTTP/1.1",
            "text/xml",
            "fleethooks-send (as Jamf Pro)",
            &jamf_xml,
        ),
        (
            "POST /jamf HTTP/1.1",
            "application/json",
            "fleethooks-send (as Jamf Pro)",
            &jamf_json,
        ),
        (
            "POST /jumpcloud HTTP/1.1",
            "application/json",
            "fleethooks-send (as JumpCloud)",
            &alert,
        ),
        (
            "POST /cmdop HTTP/1.1",
            "application/json",
            "fleethooks-send (as cmdop)",
            &cmdop,
        ),
    ];
    for (request, (line, content_type, agent, body)) in seen.iter().zip(expect) {
        assert_eq!(request.head[0], line);
        assert_eq!(request.header("content-type"), Some(content_type), "{line}");
        assert_eq!(request.header("user-agent"), Some(agent), "{line}");
        assert_eq!(&request.body, body, "{line}: the body byte for byte");
    }
    let basic_auth = basic(JAMF_USER, JAMF_PASSWORD);
    assert_eq!(seen[0].header("authorization"), Some(basic_auth.as_str()));
    assert_eq!(seen[1].header("authorization"), Some(basic_auth.as_str()));
    assert_eq!(
        seen[2].header("authorization"),
        Some(format!("Bearer {JUMPCLOUD_TOKEN}").as_str())
    );
    assert_eq!(seen[3].header("authorization"), None);
    assert_eq!(
        seen[3].header("x-cmdop-signature"),
        Some(cmdop_signature(CMDOP_SECRET, &cmdop).as_str())
    );
    for request in &seen[..3] {
        assert_eq!(request.header("x-cmdop-signature"), None);
    }
}

/// The gaps between consecutive requests.
fn gaps_between(seen: &[Seen]) -> Vec<Duration> {
    seen.windows(2).map(|w| w[1].at - w[0].at).collect()
}

#[test]
fn cmdop_retries_after_1_5_and_30_minutes_scaled() {
    let body = fixture_bytes("cmdop", "command_failed.json");
    let busy = r#"{"error":"the event could not be stored; retry later"}"#;
    let stub = Stub::start(&[(503, busy), (503, busy), (200, r#"{"status":"accepted"}"#)]);
    let flags = ["--retry", "--time-scale", "0.001"];
    assert_eq!(
        send_with("cmdop", &stub.url("/cmdop"), &flags, &body),
        (
            Some(0),
            "200 OK\n{\"status\":\"accepted\"}\n".to_owned(),
            "fleethooks: attempt 1: 503 Service Unavailable; retrying in 60ms\n\
             fleethooks: attempt 2: 503 Service Unavailable; retrying in 300ms\n"
                .to_owned()
        )
    );
    let seen = stub.finish();
    assert_eq!(seen.len(), 3);
    // The same delivery each time, signed the same.
    for request in &seen {
        assert_eq!(request.body, body);
        assert_eq!(
            request.header("x-cmdop-signature"),
            Some(cmdop_signature(CMDOP_SECRET, &body).as_str())
        );
    }
    let gaps = gaps_between(&seen);
    assert!(
        gaps[0] >= Duration::from_millis(60) && gaps[0] < Duration::from_secs(3),
        "{gaps:?}"
    );
    assert!(
        gaps[1] >= Duration::from_millis(300) && gaps[1] < Duration::from_secs(3),
        "{gaps:?}"
    );

    // The schedule runs out after three retries: four attempts, then the last answer.
    let stub = Stub::start(&[(503, busy); 4]);
    assert_eq!(
        send_with("cmdop", &stub.url("/cmdop"), &flags, &body),
        (
            Some(1),
            format!("503 Service Unavailable\n{busy}\n"),
            "fleethooks: attempt 1: 503 Service Unavailable; retrying in 60ms\n\
             fleethooks: attempt 2: 503 Service Unavailable; retrying in 300ms\n\
             fleethooks: attempt 3: 503 Service Unavailable; retrying in 1800ms\n\
             fleethooks: rejected: the receiver answered 503 Service Unavailable\n"
                .to_owned()
        )
    );
    let seen = stub.finish();
    assert_eq!(seen.len(), 4);
    assert!(
        gaps_between(&seen)[2] >= Duration::from_millis(1800),
        "{:?}",
        gaps_between(&seen)
    );

    // cmdop retries any failure, a 400 too.
    let stub = Stub::start(&[
        (400, r#"{"error":"no"}"#),
        (200, r#"{"status":"accepted"}"#),
    ]);
    let (code, _, stderr) = send_with("cmdop", &stub.url("/cmdop"), &flags, &body);
    assert_eq!(
        (code, stderr.as_str()),
        (
            Some(0),
            "fleethooks: attempt 1: 400 Bad Request; retrying in 60ms\n"
        )
    );
    assert_eq!(stub.finish().len(), 2);
}

#[test]
fn jumpcloud_retries_5xx_and_429_but_not_a_400() {
    let body = fixture_bytes("jumpcloud", "alert_resolved_medium.json");
    let flags = ["--retry", "--time-scale", "0.001"];
    let refused = r#"{"error":"jumpcloud body rejected"}"#;
    let stub = Stub::start(&[(400, refused)]);
    assert_eq!(
        send_with("jumpcloud", &stub.url("/jumpcloud"), &flags, &body),
        (
            Some(1),
            format!("400 Bad Request\n{refused}\n"),
            "fleethooks: rejected: the receiver answered 400 Bad Request\n".to_owned()
        )
    );
    assert_eq!(stub.finish().len(), 1, "a 400 is not retried");

    let stub = Stub::start(&[(503, "{}"), (429, "{}"), (200, r#"{"status":"accepted"}"#)]);
    assert_eq!(
        send_with("jumpcloud", &stub.url("/jumpcloud"), &flags, &body),
        (
            Some(0),
            "200 OK\n{\"status\":\"accepted\"}\n".to_owned(),
            "fleethooks: attempt 1: 503 Service Unavailable; retrying in 30ms\n\
             fleethooks: attempt 2: 429 Too Many Requests; retrying in 60ms\n"
                .to_owned()
        )
    );
    let seen = stub.finish();
    assert_eq!(seen.len(), 3);
    let gaps = gaps_between(&seen);
    assert!(
        gaps[0] >= Duration::from_millis(30) && gaps[1] >= Duration::from_millis(60),
        "{gaps:?}"
    );

    // A receiver that cannot be reached is tried again too, on the same schedule.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/jumpcloud", closed.local_addr().unwrap());
    drop(closed);
    let (code, stdout, stderr) = send_with("jumpcloud", &url, &flags, &body);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    let retries: Vec<&str> = stderr
        .lines()
        .map(|l| l.rsplit_once("; ").map_or(l, |(_, delay)| delay))
        .collect();
    assert_eq!(retries.len(), 4, "{stderr}");
    assert_eq!(
        retries[..3],
        ["retrying in 30ms", "retrying in 60ms", "retrying in 120ms"],
        "{stderr}"
    );
    assert!(
        stderr.starts_with(&format!("fleethooks: attempt 1: cannot send to {url}: ")),
        "{stderr}"
    );
}

#[test]
fn jamf_never_retries() {
    let body = fixture_bytes("jamf", "jss_startup.json");
    let stub = Stub::start(&[(503, "{}"), (200, "{}")]);
    assert_eq!(
        send_with(
            "jamf",
            &stub.url("/jamf"),
            &["--retry", "--time-scale", "0.001"],
            &body
        ),
        (
            Some(1),
            "503 Service Unavailable\n{}\n".to_owned(),
            "fleethooks: Jamf Pro never retries a delivery; sending once\n\
             fleethooks: rejected: the receiver answered 503 Service Unavailable\n"
                .to_owned()
        )
    );
    assert_eq!(stub.finish().len(), 1);
}
