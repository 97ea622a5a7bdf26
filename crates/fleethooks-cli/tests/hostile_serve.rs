//! Hostile clients against the real `fleethooks serve` on an ephemeral loopback port: 100 MB
//! bodies declared and chunked, clients that send their headers or body one byte per second,
//! header floods, CR/LF and NUL in header values, conflicting framing, invalid UTF-8 in
//! headers, and the hostile bodies of the library suite (`crates/fleethooks/tests/hostile.rs`)
//! through HTTP. Each gets its documented answer; the server stays up (`/healthz` answers 200
//! after every case), its memory stays bounded (what one client adds to `VmRSS`, sampled from `/proc`), and nothing
//! refused reaches the output file.
//!
//! The servers run with `header_timeout_secs = 2` and `body_timeout_secs = 2` so the slow
//! clients are cut within seconds; every wait has a deadline.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use support::server::{
    CMDOP_SECRET, JAMF_PASSWORD, JAMF_USER, JUMPCLOUD_TOKEN, Reply, Serve, Server, WAIT, basic,
    cmdop_signature, get, lines, parse_response, standard_config, temp_dir, write_config,
};

const MIB: u64 = 1024 * 1024;

/// The most one hostile client may add to the server's resident memory: a quarter of the
/// 100 MB bodies below, and 256 times the 256 KiB body limit, so a body that is buffered whole
/// or that a parser blows up fails the bound, while the working set of the largest accepted
/// models (about 30 MB for 60,000 XML elements in a debug build) stays within it.
const MEMORY_BOUND: u64 = 64 * MIB;

/// A JumpCloud alert.
const ALERT: &str = r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","alert_title":"Multiple failed admin portal logins","priority":"Critical","status":"Open","update_at":"2026-11-24T13:05:12.481Z"}"#;

/// A server with the three sources, the default body limit and two-second header and body
/// timeouts, writing to `dir/events.jsonl`.
fn start(dir: &Path) -> (Server, PathBuf) {
    let config = write_config(
        dir,
        &standard_config("header_timeout_secs = 2\nbody_timeout_secs = 2", ""),
    );
    let output = dir.join("events.jsonl");
    (Serve::new().config(&config).output(&output).start(), output)
}

/// `/healthz` must still answer 200: the server survived the case.
fn assert_healthy(server: &Server, after: &str) {
    let reply = get(&server.url("/healthz"));
    assert_eq!(
        reply.pair(),
        (200, r#"{"status":"ok"}"#),
        "after {after}; stderr:\n{}",
        server.stderr()
    );
}

/// What a raw exchange saw, with when it saw it.
struct Talk {
    /// Everything the server sent before it closed.
    response: Vec<u8>,
    /// Bytes the client had handed to the socket when the first byte of the answer came.
    written_at_answer: Option<u64>,
    /// Time from connecting to the first byte of the answer.
    answered_after: Option<Duration>,
    /// Time from connecting to the server closing the connection (end of stream or reset).
    closed_after: Option<Duration>,
    /// Bytes the client managed to write in all.
    written: u64,
}

impl Talk {
    fn reply(&self) -> Reply {
        parse_response(&self.response)
    }
}

/// Connects to `addr` and runs `write` (given the stream, the shared count of bytes written,
/// and a flag set once the server closed) while a thread reads everything the server sends.
fn talk(addr: SocketAddr, write: impl FnOnce(&mut TcpStream, &AtomicU64, &AtomicBool)) -> Talk {
    let mut stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    let written = Arc::new(AtomicU64::new(0));
    let closed = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut reading = stream.try_clone().unwrap();
    let reader = {
        let written = Arc::clone(&written);
        let closed = Arc::clone(&closed);
        std::thread::spawn(move || {
            let mut response = Vec::new();
            let mut first = None;
            let mut chunk = [0u8; 8192];
            loop {
                match reading.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        first.get_or_insert((written.load(Ordering::SeqCst), started.elapsed()));
                        response.extend_from_slice(&chunk[..n]);
                    }
                }
            }
            closed.store(true, Ordering::SeqCst);
            (response, first, started.elapsed())
        })
    };
    write(&mut stream, &written, &closed);
    let (response, first, closed_after) = reader.join().unwrap();
    Talk {
        response,
        written_at_answer: first.map(|(w, _)| w),
        answered_after: first.map(|(_, t)| t),
        closed_after: Some(closed_after),
        written: written.load(Ordering::SeqCst),
    }
}

/// Writes `bytes`, counting them; false when the connection is gone.
fn send(stream: &mut TcpStream, written: &AtomicU64, bytes: &[u8]) -> bool {
    match stream.write_all(bytes) {
        Ok(()) => {
            written.fetch_add(bytes.len() as u64, Ordering::SeqCst);
            true
        }
        Err(_) => false,
    }
}

/// Writes `total` bytes of `piece` after `head`, as fast as the socket takes them, stopping
/// when the server closes.
fn flood(
    head: Vec<u8>,
    piece: Vec<u8>,
    total: u64,
) -> impl FnOnce(&mut TcpStream, &AtomicU64, &AtomicBool) {
    move |stream, written, closed| {
        if !send(stream, written, &head) {
            return;
        }
        let mut body = 0;
        while body < total && !closed.load(Ordering::SeqCst) {
            if !send(stream, written, &piece) {
                return;
            }
            body += piece.len() as u64;
        }
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
}

/// Writes `head`, then `rest` one byte a second until the server closes or `limit` passes.
fn trickle(
    head: Vec<u8>,
    rest: Vec<u8>,
    limit: Duration,
) -> impl FnOnce(&mut TcpStream, &AtomicU64, &AtomicBool) {
    move |stream, written, closed| {
        let started = Instant::now();
        if !head.is_empty() && !send(stream, written, &head) {
            return;
        }
        for byte in rest {
            // The pace of a slowloris client is the point of the case: one byte, then a second
            // of silence, checked every 50 ms so a closed connection ends the writer at once.
            let next = Instant::now() + Duration::from_secs(1);
            while Instant::now() < next {
                if closed.load(Ordering::SeqCst) || started.elapsed() > limit {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            if !send(stream, written, &[byte]) {
                return;
            }
        }
    }
}

/// How far the `VmRSS` of process `pid` rose above its size before `f` ran, at its highest,
/// sampled every 2 ms.
///
/// The bound is on growth, one client at a time, not on the whole: what the server holds idle
/// (the debug binary, its worker threads, the pages each thread's allocator keeps after earlier
/// requests) is not what a hostile client adds, and it varies with the machine and with which
/// thread served what.
fn rss_growth<T>(pid: u32, f: impl FnOnce() -> T) -> (T, u64) {
    let idle = rss(pid);
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(Ordering::SeqCst) {
                peak = peak.max(rss(pid));
                std::thread::sleep(Duration::from_millis(2));
            }
            peak.max(rss(pid))
        })
    };
    let value = f();
    done.store(true, Ordering::SeqCst);
    (value, sampler.join().unwrap().saturating_sub(idle))
}

/// The resident set of process `pid`, in bytes.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// A POST head to `path` with the JumpCloud token, JSON, and `framing` and `extra` lines.
fn jumpcloud_head(framing: &str) -> Vec<u8> {
    format!(
        "POST /jumpcloud HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {JUMPCLOUD_TOKEN}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
    )
    .into_bytes()
}

/// `bytes` as one chunk of a chunked body.
fn chunk(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out
}

// ---------------------------------------------------------------------------------------------
// 100 MB bodies.

#[test]
fn a_100_mb_declared_body_is_refused_before_it_is_sent() {
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    let total = 100 * MIB;
    let (talk, growth) = rss_growth(server.pid(), || {
        talk(
            server.addr,
            flood(
                jumpcloud_head(&format!("Content-Length: {total}")),
                vec![b' '; 64 * 1024],
                total,
            ),
        )
    });
    assert_eq!(
        talk.reply().pair(),
        (
            413,
            r#"{"error":"body of 104857600 bytes is over the limit of 262144 bytes"}"#
        )
    );
    // The answer came on the head alone: what the client had written by then is what the
    // loopback socket buffers took before the reader thread ran, never the body.
    let at_answer = talk.written_at_answer.unwrap();
    assert!(at_answer < 8 * MIB, "answered after {at_answer} bytes");
    // Then the server closed, and the writer was stopped long before 100 MB.
    assert!(talk.written < 32 * MIB, "{} bytes taken", talk.written);
    assert!(growth < MEMORY_BOUND, "server RSS grew by {growth} bytes");
    eprintln!(
        "100 MB declared: answered after {at_answer} bytes and {:?}, {} bytes taken, RSS growth {growth}",
        talk.answered_after.unwrap(),
        talk.written
    );
    assert_healthy(&server, "a 100 MB Content-Length");
    assert!(lines(&output).is_empty());
}

#[test]
fn a_100_mb_chunked_body_is_refused_past_the_limit_without_buffering_it() {
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    let (talk, growth) = rss_growth(server.pid(), || {
        talk(
            server.addr,
            flood(
                jumpcloud_head("Transfer-Encoding: chunked"),
                chunk(&[b' '; 64 * 1024]),
                100 * MIB,
            ),
        )
    });
    // A chunked body has no length: it is refused as soon as it grows past the limit.
    assert_eq!(
        talk.reply().pair(),
        (
            413,
            r#"{"error":"body of 262145 bytes is over the limit of 262144 bytes"}"#
        )
    );
    let at_answer = talk.written_at_answer.unwrap();
    assert!(at_answer < 16 * MIB, "answered after {at_answer} bytes");
    assert!(talk.written < 32 * MIB, "{} bytes taken", talk.written);
    // The server never held more than the limit and its buffers.
    assert!(growth < MEMORY_BOUND, "server RSS grew by {growth} bytes");
    eprintln!(
        "100 MB chunked: answered after {at_answer} bytes and {:?}, {} bytes taken, RSS growth {growth}",
        talk.answered_after.unwrap(),
        talk.written
    );
    assert_healthy(&server, "a 100 MB chunked body");
    assert!(lines(&output).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Slow clients.

#[test]
fn a_client_that_sends_nothing_is_closed_by_the_header_timeout() {
    let dir = temp_dir();
    let (server, _output) = start(dir.path());
    let talk = talk(server.addr, trickle(Vec::new(), Vec::new(), WAIT));
    let closed = talk.closed_after.unwrap();
    assert!(
        talk.response.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&talk.response)
    );
    assert!(
        (Duration::from_millis(1500)..Duration::from_secs(6)).contains(&closed),
        "closed after {closed:?}"
    );
    eprintln!("nothing sent: closed after {closed:?}");
    assert_healthy(&server, "an idle connection");
}

#[test]
fn headers_sent_one_byte_a_second_are_cut_by_the_header_timeout() {
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    let head = jumpcloud_head(&format!("Content-Length: {}", ALERT.len()));
    let talk = talk(
        server.addr,
        trickle(head[..10].to_vec(), head[10..].to_vec(), WAIT),
    );
    let closed = talk.closed_after.unwrap();
    assert!(
        (Duration::from_millis(1500)..Duration::from_secs(6)).contains(&closed),
        "closed after {closed:?}"
    );
    // hyper's header timeout closes the connection without an answer: no status is owed to a
    // request that never arrived.
    assert!(
        talk.response.is_empty(),
        "{:?} after {} bytes",
        String::from_utf8_lossy(&talk.response),
        talk.written
    );
    eprintln!(
        "slowloris headers: closed after {closed:?}, {} bytes sent",
        talk.written
    );
    assert_healthy(&server, "slowloris headers");
    assert!(lines(&output).is_empty());
}

#[test]
fn a_body_sent_one_byte_a_second_is_answered_408_after_the_body_timeout() {
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    for framing in [
        format!("Content-Length: {}", ALERT.len()),
        "Transfer-Encoding: chunked".to_owned(),
    ] {
        let body = if framing.starts_with("Content-Length") {
            ALERT.as_bytes().to_vec()
        } else {
            [chunk(ALERT.as_bytes()), b"0\r\n\r\n".to_vec()].concat()
        };
        let talk = talk(server.addr, trickle(jumpcloud_head(&framing), body, WAIT));
        let reply = talk.reply();
        assert_eq!(
            reply.pair(),
            (408, r#"{"error":"the request was not received in time"}"#),
            "{framing}"
        );
        assert_eq!(reply.header("retry-after"), Some("5"), "{framing}");
        let answered = talk.answered_after.unwrap();
        assert!(
            (Duration::from_millis(1500)..Duration::from_secs(6)).contains(&answered),
            "{framing}: answered after {answered:?}"
        );
        eprintln!("slow body, {framing}: 408 after {answered:?}");
        assert_healthy(&server, &framing);
    }
    assert!(lines(&output).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Malformed heads.

/// Sends `request` whole and returns what came back before the server closed.
fn exchange(server: &Server, request: &[u8]) -> Talk {
    let request = request.to_vec();
    // No half-close: hyper drops a request whose client closed its side. Each request asks
    // for `Connection: close`, so the server ends the exchange.
    talk(server.addr, move |stream, written, _| {
        send(stream, written, &request);
    })
}

/// The status line and the headers hyper's own refusals carry, with the date dropped.
fn head_of(talk: &Talk) -> String {
    let text = String::from_utf8_lossy(&talk.response);
    text.split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("date:"))
        .collect::<Vec<_>>()
        .join("|")
}

/// A request with `Connection: close`, the given head lines and `body` with its length.
fn request(path: &str, lines: &[(&str, &[u8])], body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n").into_bytes();
    for (name, value) in lines {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

/// `text` with its first `at` replaced by `with`, which need not be UTF-8.
fn replace_bytes(text: &str, at: &str, with: &[u8]) -> Vec<u8> {
    let (before, after) = text.split_once(at).unwrap();
    [before.as_bytes(), with, after.as_bytes()].concat()
}

/// A JumpCloud alert updated at second `n` of a minute: a new event each time.
fn alert(n: usize) -> String {
    ALERT.replace("13:05:12.481Z", &format!("13:05:{n:02}.481Z"))
}

fn bearer() -> Vec<u8> {
    format!("Bearer {JUMPCLOUD_TOKEN}").into_bytes()
}

/// A JumpCloud delivery of `body` with `extra` head lines, as raw text.
fn jumpcloud_with(extra: &str, body: &str) -> Vec<u8> {
    format!(
        "POST /jumpcloud HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {JUMPCLOUD_TOKEN}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// `(status, body)` of an answer, or `(0, "")` when the server closed without one.
fn answer(talk: &Talk) -> (u16, String) {
    if talk.response.is_empty() {
        return (0, String::new());
    }
    let reply = talk.reply();
    (reply.status, reply.body)
}

/// hyper's own refusal of a head: a status, no body, and the connection closed.
fn refused(status: u16) -> (u16, String) {
    (status, String::new())
}

fn json(status: u16, body: &str) -> (u16, String) {
    (status, body.to_owned())
}

const ACCEPTED: &str = r#"{"status":"accepted"}"#;

#[test]
fn malformed_heads_get_hypers_answer_or_the_receivers() {
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    // Five head lines of our own: Host, Connection, Authorization, Content-Type, Content-Length.
    let flood = |n: usize| {
        (0..n)
            .map(|i| format!("X-Flood-{i}: {i}\r\n"))
            .collect::<String>()
    };
    let alert_len = alert(0).len();
    let head = |lines: &str| {
        format!(
            "POST /jumpcloud HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {JUMPCLOUD_TOKEN}\r\nContent-Type: application/json\r\n{lines}\r\n"
        )
        .into_bytes()
    };
    let with_body = |head: Vec<u8>, body: &str| [head, body.as_bytes().to_vec()].concat();
    let not_read = json(400, r#"{"error":"the request body could not be read"}"#);
    let cases: Vec<(&str, Vec<u8>, (u16, String))> = vec![
        // hyper parses at most 100 headers and a head of about 400 KB: past either, 431.
        ("100 headers in all", jumpcloud_with(&flood(95), &alert(1)), json(200, ACCEPTED)),
        ("101 headers in all", jumpcloud_with(&flood(96), &alert(2)), refused(431)),
        ("10,000 headers", jumpcloud_with(&flood(10_000), &alert(3)), refused(431)),
        ("a 300 KiB header value", jumpcloud_with(&format!("X-Big: {}\r\n", "x".repeat(300 << 10)), &alert(4)), json(200, ACCEPTED)),
        ("a 1 MiB header value", jumpcloud_with(&format!("X-Big: {}\r\n", "x".repeat(1 << 20)), &alert(5)), refused(431)),
        ("a 1 MiB Authorization", with_body(head(&format!("Authorization: Basic {}\r\nContent-Length: {alert_len}\r\n", "x".repeat(1 << 20))), &alert(6)), refused(431)),
        ("a 100,000-byte path", format!("GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "a".repeat(100_000)).into_bytes(), refused(414)),
        ("a 10,000-byte path", format!("POST /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", "a".repeat(10_000)).into_bytes(), json(404, r#"{"error":"no such route: POST /jamf, /jumpcloud, /cmdop or /"}"#)),
        // A line end inside a value cannot be sent: CR LF ends the line, and a bare CR, a
        // folded line or a NUL is refused by the parser.
        ("a bare CR inside a value", jumpcloud_with("X-Note: a\rX-Injected: 1\r\n", &alert(7)), refused(400)),
        ("a folded line (obs-fold)", jumpcloud_with("X-Note: a\r\n b\r\n", &alert(8)), refused(400)),
        ("a NUL inside a value", jumpcloud_with("X-Note: a\0b\r\n", &alert(9)), refused(400)),
        ("a space inside a name", jumpcloud_with("X Note: b\r\n", &alert(10)), refused(400)),
        ("bare LF line ends", String::from_utf8(jumpcloud_with("", &alert(11))).unwrap().replace("\r\n", "\n").into_bytes(), json(200, ACCEPTED)),
        // Framing.
        ("two different Content-Lengths", with_body(head(&format!("Content-Length: {alert_len}\r\nContent-Length: 5\r\n")), &alert(12)), refused(400)),
        ("the same Content-Length twice", with_body(head(&format!("Content-Length: {alert_len}\r\nContent-Length: {alert_len}\r\n")), &alert(13)), json(200, ACCEPTED)),
        ("a Content-Length list", with_body(head(&format!("Content-Length: {alert_len}, {alert_len}\r\n")), &alert(14)), refused(400)),
        ("Content-Length -1", with_body(head("Content-Length: -1\r\n"), &alert(15)), refused(400)),
        ("a Content-Length of 10,000 digits", with_body(head(&format!("Content-Length: {}\r\n", "9".repeat(10_000))), &alert(16)), refused(400)),
        // Transfer-Encoding wins over Content-Length (RFC 9112 §6.3): the body is read as
        // chunks, and a body that is not chunked cannot be read.
        ("Content-Length and chunked, body not chunked", with_body(head(&format!("Content-Length: {alert_len}\r\nTransfer-Encoding: chunked\r\n")), &alert(17)), not_read.clone()),
        ("Content-Length and chunked, body chunked", [head(&format!("Content-Length: {alert_len}\r\nTransfer-Encoding: chunked\r\n")), chunk(alert(18).as_bytes()), b"0\r\n\r\n".to_vec()].concat(), json(200, ACCEPTED)),
        ("Transfer-Encoding: gzip", with_body(head("Transfer-Encoding: gzip\r\n"), &alert(19)), refused(400)),
        ("a chunk size that is not hex", with_body(head("Transfer-Encoding: chunked\r\n"), "zz\r\n"), not_read.clone()),
        ("a chunk size of 100 digits", with_body(head("Transfer-Encoding: chunked\r\n"), &format!("{}\r\n", "f".repeat(100))), not_read),
        // Bytes past ASCII are allowed in values (obs-text); they reach the checks.
        ("a token with invalid UTF-8", [b"POST /jumpcloud HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer jc_\xE9\xFF\r\nContent-Type: application/json\r\n".to_vec(), format!("Content-Length: {alert_len}\r\n\r\n{}", alert(20)).into_bytes()].concat(), json(401, r#"{"error":"jumpcloud delivery not authenticated: credentials in header `authorization` were not accepted"}"#)),
        ("a content type with invalid UTF-8", request("/jumpcloud", &[("Authorization", &bearer()), ("Content-Type", b"application/js\xFFon")], alert(21).as_bytes()), json(415, "{\"error\":\"jumpcloud webhooks are never sent as `application/js\u{FFFD}on`\"}")),
        ("a signature with invalid UTF-8", request("/cmdop", &[("X-Cmdop-Signature", b"sha256=\xFF\xFE"), ("Content-Type", b"application/json")], b"{}"), json(401, "{\"error\":\"cmdop delivery not authenticated: signature digest is not hex: unexpected '\u{FFFD}' at offset 0\"}")),
        // Not HTTP/1.1 at all.
        ("HTTP/1.0 without a length: no body", format!("POST /jumpcloud HTTP/1.0\r\nHost: x\r\nAuthorization: Bearer {JUMPCLOUD_TOKEN}\r\nContent-Type: application/json\r\n\r\n").into_bytes(), json(400, "{\"error\":\"jumpcloud body rejected at `$` (line 1, column 1): invalid JSON or a value of the wrong type\"}")),
        ("the HTTP/2 preface: closed, no answer", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(), (0, String::new())),
        ("a TLS ClientHello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(), refused(400)),
    ];
    let accepted = cases.iter().filter(|(_, _, a)| a.0 == 200).count();
    let mut worst = (0, "");
    for (name, bytes, expected) in &cases {
        let (talk, growth) = rss_growth(server.pid(), || exchange(&server, bytes));
        assert_eq!(&answer(&talk), expected, "{name}");
        if expected.1.is_empty() && expected.0 != 0 {
            // hyper's own refusals close the connection.
            assert!(
                head_of(&talk).contains("connection: close"),
                "{name}: {}",
                head_of(&talk)
            );
        }
        assert!(
            growth < MEMORY_BOUND,
            "{name}: server RSS grew by {growth} bytes"
        );
        worst = worst.max((growth, name));
        assert_healthy(&server, name);
    }
    eprintln!(
        "malformed heads: largest RSS growth {} ({})",
        worst.0, worst.1
    );
    // Only what was accepted is in the output, once each.
    assert_eq!(lines(&output).len(), accepted);
}

// ---------------------------------------------------------------------------------------------
// The library suite's hostile bodies, through HTTP.

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

/// A cmdop event.
const CMDOP: &str = r#"{"id":"evt_01JD4R8Q2ZK7","type":"machine.offline","timestamp":"2026-11-20T09:14:03Z","data":{"machine_id":"mach_7f3k2q","machine_name":"build-runner-04"}}"#;

#[test]
fn hostile_bodies_get_the_receivers_answer_through_http() {
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    let jamf_basic = basic(JAMF_USER, JAMF_PASSWORD).into_bytes();
    let jamf = |ct: &'static [u8], body: &[u8]| {
        request(
            "/jamf",
            &[("Authorization", &jamf_basic), ("Content-Type", ct)],
            body,
        )
    };
    let jumpcloud = |body: &[u8]| {
        request(
            "/jumpcloud",
            &[
                ("Authorization", &bearer()),
                ("Content-Type", b"application/json"),
            ],
            body,
        )
    };
    let cmdop = |body: &[u8]| {
        let signature = cmdop_signature(CMDOP_SECRET, body).into_bytes();
        request(
            "/cmdop",
            &[
                ("X-Cmdop-Signature", &signature),
                ("Content-Type", b"application/json"),
            ],
            body,
        )
    };
    let member =
        |value: &str| alert(30).replacen("\"priority\"", &format!("\"x\":{value},\"priority\""), 1);
    let deep_xml = format!(
        "<JSSEvent>{}{}</JSSEvent>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    let xxe = "<?xml version=\"1.0\"?><!DOCTYPE JSSEvent [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><JSSEvent><webhook><webhookEvent>ComputerCheckIn</webhookEvent></webhook><event><computer><deviceName>&xxe;</deviceName></computer></event></JSSEvent>";
    let tiny_elements = format!(
        "<JSSEvent><webhook><webhookEvent>ComputerRenamed</webhookEvent><eventTimestamp>1712830021877</eventTimestamp></webhook><event>{}</event></JSSEvent>",
        "<a/>".repeat(60_000)
    );
    let invalid = |origin: &str, at: &str| {
        format!(
            "{{\"error\":\"{origin} body rejected{at}: invalid JSON or a value of the wrong type\"}}"
        )
    };
    let hex = "a".repeat(10_000);
    let cases: Vec<(&str, Vec<u8>, (u16, String))> = vec![
        ("10,000 elements", jamf(b"text/xml", deep_xml.as_bytes()), json(400, &format!("{{\"error\":\"jamf body rejected at `/JSSEvent{}` (line 1, column 200): nested too deep\"}}", "/a".repeat(63)))),
        ("10,000 arrays", jumpcloud(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes()), json(400, &invalid("jumpcloud", " at `$` (line 1, column 1)"))),
        ("10,000 objects, signed", cmdop(format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000)).as_bytes()), json(400, &invalid("cmdop", &format!(" at `${}` (line 1, column 636)", ".a".repeat(127))))),
        ("200,000 open arrays in di_event", jumpcloud(alert(31).replacen("\"priority\"", &format!("\"di_event\":{}}},\"priority\"", "[".repeat(200_000)), 1).as_bytes()), json(400, &invalid("jumpcloud", &format!(" at `$.di_event{}…` (line 1, column 200103)", "[0]".repeat(127))))),
        ("billion laughs", jamf(b"text/xml", BILLION_LAUGHS.as_bytes()), json(400, r#"{"error":"jamf body rejected (line 2, column 1): XML document type declarations are refused"}"#)),
        ("an external entity", jamf(b"application/xml", xxe.as_bytes()), json(400, r#"{"error":"jamf body rejected (line 1, column 22): XML document type declarations are refused"}"#)),
        ("invalid UTF-8 in a string", jumpcloud(&replace_bytes(&alert(32), "Critical", b"Crit\x80")), json(400, &invalid("jumpcloud", " at `$.priority` (line 1, column 108)"))),
        ("invalid UTF-8 in Jamf text", jamf(b"text/xml", b"<JSSEvent><webhook><webhookEvent>ComputerCheckIn\x80</webhookEvent></webhook></JSSEvent>"), json(400, r#"{"error":"jamf body rejected (line 1, column 49): not UTF-8"}"#)),
        ("a raw NUL in a string", jumpcloud(alert(33).replacen("Critical", "Crit\0ical", 1).as_bytes()), json(400, &invalid("jumpcloud", " at `$.priority` (line 1, column 108)"))),
        ("1 KiB of NUL, signed", cmdop(&[0; 1024]), json(400, &invalid("cmdop", " at `$` (line 1, column 1)"))),
        ("a number of 10,000 digits", jumpcloud(member(&"9".repeat(10_000)).as_bytes()), json(400, &invalid("jumpcloud", " at `$.x` (line 1, column 10095)"))),
        ("alert_id twice", jumpcloud(alert(34).replacen("\"priority\"", r#""alert_id":"6743a0f2c9e77d0001b2c3d5","priority""#, 1).as_bytes()), json(400, &invalid("jumpcloud", " at `$.alert_id` (line 1, column 101)"))),
        ("two BOMs", jumpcloud(format!("\u{FEFF}\u{FEFF}{}", alert(35)).as_bytes()), json(400, &invalid("jumpcloud", " at `$` (line 1, column 1)"))),
        ("sha256= with 10,000 hex digits", request("/cmdop", &[("X-Cmdop-Signature", format!("sha256={hex}").as_bytes()), ("Content-Type", b"application/json")], CMDOP.as_bytes()), json(401, r#"{"error":"cmdop delivery not authenticated: signature digest has 10000 hex digits; SHA-256 needs 64"}"#)),
        ("two signatures, one right", request("/cmdop", &[("X-Cmdop-Signature", cmdop_signature(CMDOP_SECRET, CMDOP.as_bytes()).as_bytes()), ("X-Cmdop-Signature", cmdop_signature(CMDOP_SECRET, b"{}").as_bytes())], CMDOP.as_bytes()), json(401, r#"{"error":"cmdop delivery not authenticated: header `x-cmdop-signature` appears more than once"}"#)),
        ("text/plain", jamf(b"text/plain", b"{}"), json(415, r#"{"error":"jamf webhooks are never sent as `text/plain`"}"#)),
        ("XML to JumpCloud", request("/jumpcloud", &[("Authorization", &bearer()), ("Content-Type", b"text/xml")], b"<alert/>"), json(415, r#"{"error":"jumpcloud webhooks are never sent as `text/xml`"}"#)),
        ("a form to cmdop", request("/cmdop", &[("X-Cmdop-Signature", cmdop_signature(CMDOP_SECRET, b"a=1").as_bytes()), ("Content-Type", b"application/x-www-form-urlencoded")], b"a=1"), json(415, r#"{"error":"cmdop webhooks are never sent as `application/x-www-form-urlencoded`"}"#)),
        ("gzip", request("/jamf", &[("Authorization", &jamf_basic), ("Content-Type", b"application/json"), ("Content-Encoding", b"gzip")], b"\x1f\x8b\x08\x00"), json(415, r#"{"error":"jamf webhooks are never sent as `Content-Encoding: gzip`"}"#)),
        ("10,000 arrays to / with Jamf credentials", request("/", &[("Authorization", &jamf_basic), ("Content-Type", b"application/json")], format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes()), json(400, &format!("{{\"error\":\"jamf body rejected at `${}` (line 1, column 64): nested too deep\"}}", "[0]".repeat(63)))),
        ("10,000 arrays to / with Jamf credentials, no type", request("/", &[("Authorization", &jamf_basic)], format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes()), json(400, r#"{"error":"jamf body rejected: neither JSON nor XML"}"#)),
        ("10,000 arrays to / without credentials", request("/", &[], format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes()), json(401, r#"{"error":"jamf delivery not authenticated: missing header `authorization`"}"#)),
        // What a model keeps costs most per byte: accepted, and kept within memory.
        ("an unknown event of 60,000 XML elements", jamf(b"text/xml", tiny_elements.as_bytes()), json(200, ACCEPTED)),
        ("an undocumented member of 120,000 numbers", jumpcloud(member(&format!("[{}0]", "0,".repeat(120_000))).as_bytes()), json(200, ACCEPTED)),
    ];
    let accepted = cases.iter().filter(|(_, _, a)| a.0 == 200).count();
    let mut worst = (0, "");
    for (name, bytes, expected) in &cases {
        let (talk, growth) = rss_growth(server.pid(), || exchange(&server, bytes));
        assert_eq!(&answer(&talk), expected, "{name}");
        assert!(
            growth < MEMORY_BOUND,
            "{name}: server RSS grew by {growth} bytes"
        );
        worst = worst.max((growth, name));
        assert_healthy(&server, name);
    }
    eprintln!(
        "hostile bodies: largest RSS growth {} ({})",
        worst.0, worst.1
    );
    assert_eq!(lines(&output).len(), accepted);
}
