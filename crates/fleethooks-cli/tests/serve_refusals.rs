//! What `fleethooks serve` refuses, and how: wrong or missing credentials and signatures,
//! oversized bodies (declared, counted, and a chunked body that never ends), content types a
//! source never sends, malformed payloads, duplicates, unknown routes, other methods; and
//! `/healthz`, `/metrics`, the catch-all route and the Jamf SCEP challenge. Nothing refused
//! reaches the output.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use support::server::{
    CMDOP_SECRET, JAMF_PASSWORD, JAMF_USER, JUMPCLOUD_TOKEN, Serve, Server, basic, cmdop_headers,
    command, fixture, fixture_bytes, get, jamf_headers, jumpcloud_headers, lines, parse_line,
    parse_response, post, raw_exchange, request, run_with_stdin, standard_config, temp_dir,
    write_config,
};

/// The body limit of these servers: small, so oversized bodies are cheap to send.
const LIMIT: usize = 64 * 1024;

/// A server with the three sources and a 64 KiB body limit, writing to `dir/events.jsonl`.
fn start(dir: &Path, jamf: &str) -> (Server, PathBuf) {
    let config = write_config(
        dir,
        &standard_config(&format!("body_limit = {LIMIT}"), jamf),
    );
    let output = dir.join("events.jsonl");
    (Serve::new().config(&config).output(&output).start(), output)
}

/// `(name, value)` pairs, owned.
fn headers(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(n, v)| (*n, (*v).to_owned())).collect()
}

/// One request that must be refused, and the exact answer.
struct Refusal {
    name: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    status: u16,
    reply: &'static str,
    /// `WWW-Authenticate: Basic …` expected (a failed Jamf Basic check).
    challenge: bool,
}

fn refusal(
    name: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, String)>,
    body: &[u8],
    (status, reply): (u16, &'static str),
) -> Refusal {
    Refusal {
        name,
        path,
        headers,
        body: body.to_vec(),
        status,
        reply,
        challenge: false,
    }
}

/// A value that must never come back in an answer: it is in the malformed bodies below.
const MARKER: &str = "akiko.tanaka@northwind-labs.com";

fn refusals() -> Vec<Refusal> {
    let jamf = fixture_bytes("jamf", "computer_check_in.json");
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    let cmdop = fixture_bytes("cmdop", "machine_offline.json");
    let json = ("content-type", "application/json".to_owned());
    let jamf_basic =
        |user: &str, password: &str| vec![("authorization", basic(user, password)), json.clone()];
    let bearer = |token: &str| vec![("authorization", format!("Bearer {token}")), json.clone()];
    let signed = |signature: &str| vec![("x-cmdop-signature", signature.to_owned()), json.clone()];
    let basic_refused = (
        401,
        r#"{"error":"jamf delivery not authenticated: credentials in header `authorization` were not accepted"}"#,
    );
    let token_refused = (
        401,
        r#"{"error":"jumpcloud delivery not authenticated: credentials in header `authorization` were not accepted"}"#,
    );
    let malformed_jamf = format!(
        r#"{{"webhook":{{"id":7,"name":"Fleet events to SIEM","webhookEvent":"ComputerCheckIn","eventTimestamp":"{MARKER}"}},"event":{{}}}}"#
    );
    let malformed_xml = format!(
        "<JSSEvent><webhook><webhookEvent>ComputerCheckIn</webhook><event><username>{MARKER}</username></event></JSSEvent>"
    );
    let malformed_alert =
        format!(r#"{{"alert_id": ["6743a0f2c9e77d0001b2c3d4"], "status": "{MARKER}"}}"#);
    let malformed_cmdop = format!(
        r#"{{"id":"evt_01JD4RC4XY9Z","type":"machine.offline","timestamp":"{MARKER}","data":{{}}}}"#
    );
    let mut all = vec![
        // Credentials and signatures.
        refusal(
            "jamf wrong password",
            "/jamf",
            jamf_basic(JAMF_USER, "h0rse-c0rrect"),
            &jamf,
            basic_refused,
        ),
        refusal(
            "jamf wrong user",
            "/jamf",
            jamf_basic("jamf-hook", JAMF_PASSWORD),
            &jamf,
            basic_refused,
        ),
        refusal(
            "jamf no credentials",
            "/jamf",
            vec![json.clone()],
            &jamf,
            (
                401,
                r#"{"error":"jamf delivery not authenticated: missing header `authorization`"}"#,
            ),
        ),
        refusal(
            "jamf bearer instead of basic",
            "/jamf",
            bearer(JAMF_PASSWORD),
            &jamf,
            (
                401,
                r#"{"error":"jamf delivery not authenticated: header `authorization` does not use the Basic scheme"}"#,
            ),
        ),
        refusal(
            "jumpcloud wrong token",
            "/jumpcloud",
            bearer("jc_5f2b8c0e9a7d4e1b6c3b"),
            &alert,
            token_refused,
        ),
        refusal(
            "jumpcloud basic instead of token",
            "/jumpcloud",
            vec![
                ("authorization", basic(JAMF_USER, JUMPCLOUD_TOKEN)),
                json.clone(),
            ],
            &alert,
            token_refused,
        ),
        refusal(
            "jumpcloud no token",
            "/jumpcloud",
            vec![json.clone()],
            &alert,
            (
                401,
                r#"{"error":"jumpcloud delivery not authenticated: missing header `authorization`"}"#,
            ),
        ),
        refusal(
            "cmdop signed with another secret",
            "/cmdop",
            cmdop_headers("whsec_0000000000000000000000000", &cmdop),
            &cmdop,
            (
                401,
                r#"{"error":"cmdop delivery not authenticated: signature does not match the body"}"#,
            ),
        ),
        refusal(
            "cmdop signature of another body",
            "/cmdop",
            cmdop_headers(CMDOP_SECRET, &fixture_bytes("cmdop", "machine_online.json")),
            &cmdop,
            (
                401,
                r#"{"error":"cmdop delivery not authenticated: signature does not match the body"}"#,
            ),
        ),
        refusal(
            "cmdop signature not hex",
            "/cmdop",
            signed("sha256=zz"),
            &cmdop,
            (
                401,
                r#"{"error":"cmdop delivery not authenticated: signature digest is not hex: unexpected 'z' at offset 0"}"#,
            ),
        ),
        refusal(
            "cmdop no signature",
            "/cmdop",
            vec![json.clone()],
            &cmdop,
            (
                401,
                r#"{"error":"cmdop delivery not authenticated: missing header `x-cmdop-signature`"}"#,
            ),
        ),
        // Content types and encodings the source never sends, with good credentials.
        refusal(
            "jamf text/plain",
            "/jamf",
            vec![
                ("authorization", basic(JAMF_USER, JAMF_PASSWORD)),
                ("content-type", "text/plain".to_owned()),
            ],
            &jamf,
            (
                415,
                r#"{"error":"jamf webhooks are never sent as `text/plain`"}"#,
            ),
        ),
        refusal(
            "jamf gzip",
            "/jamf",
            [jamf_headers(), headers(&[("content-encoding", "gzip")])].concat(),
            &jamf,
            (
                415,
                r#"{"error":"jamf webhooks are never sent as `Content-Encoding: gzip`"}"#,
            ),
        ),
        refusal(
            "jumpcloud text/xml",
            "/jumpcloud",
            vec![
                ("authorization", format!("Bearer {JUMPCLOUD_TOKEN}")),
                ("content-type", "text/xml".to_owned()),
            ],
            &alert,
            (
                415,
                r#"{"error":"jumpcloud webhooks are never sent as `text/xml`"}"#,
            ),
        ),
        refusal(
            "cmdop form-encoded",
            "/cmdop",
            vec![
                (
                    "x-cmdop-signature",
                    support::server::cmdop_signature(CMDOP_SECRET, &cmdop),
                ),
                (
                    "content-type",
                    "application/x-www-form-urlencoded".to_owned(),
                ),
            ],
            &cmdop,
            (
                415,
                r#"{"error":"cmdop webhooks are never sent as `application/x-www-form-urlencoded`"}"#,
            ),
        ),
        // Malformed payloads, authenticated: 400, and the answer quotes nothing of the body.
        refusal(
            "jamf JSON of the wrong type",
            "/jamf",
            jamf_headers(),
            malformed_jamf.as_bytes(),
            (
                400,
                r#"{"error":"jamf body rejected at `$.webhook.eventTimestamp` (line 1, column 132): invalid JSON or a value of the wrong type"}"#,
            ),
        ),
        refusal(
            "jamf XML not well-formed",
            "/jamf",
            vec![
                ("authorization", basic(JAMF_USER, JAMF_PASSWORD)),
                ("content-type", "text/xml".to_owned()),
            ],
            malformed_xml.as_bytes(),
            (
                400,
                r#"{"error":"jamf body rejected at `/JSSEvent/webhook/webhookEvent` (line 1, column 49): invalid XML"}"#,
            ),
        ),
        refusal(
            "jamf truncated JSON",
            "/jamf",
            jamf_headers(),
            &jamf[..jamf.len() / 2],
            (
                400,
                r#"{"error":"jamf body rejected at `$.event.computer.phone` (line 16, column 22): invalid JSON or a value of the wrong type"}"#,
            ),
        ),
        refusal(
            "jumpcloud alert_id an array",
            "/jumpcloud",
            jumpcloud_headers(),
            malformed_alert.as_bytes(),
            (
                400,
                r#"{"error":"jumpcloud body rejected at `$.alert_id` (line 1, column 13): invalid JSON or a value of the wrong type"}"#,
            ),
        ),
        refusal(
            "cmdop signed, timestamp not a time",
            "/cmdop",
            cmdop_headers(CMDOP_SECRET, malformed_cmdop.as_bytes()),
            malformed_cmdop.as_bytes(),
            (
                400,
                r#"{"error":"cmdop body rejected at `$.timestamp` (line 1, column 95): invalid JSON or a value of the wrong type"}"#,
            ),
        ),
        refusal(
            "root route, no credentials",
            "/",
            vec![json.clone()],
            &alert,
            (
                401,
                r#"{"error":"jamf delivery not authenticated: missing header `authorization`"}"#,
            ),
        ),
    ];
    for case in &mut all {
        case.challenge =
            case.path == "/jamf" && case.status == 401 || case.name == "root route, no credentials";
    }
    all
}

#[test]
fn refused_deliveries_get_their_status_and_never_reach_the_output() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), "");
    let cases = refusals();
    for case in &cases {
        let reply = post(&server.url(case.path), &case.headers, &case.body);
        assert_eq!(reply.pair(), (case.status, case.reply), "{}", case.name);
        assert_eq!(
            reply.header("content-type"),
            Some("application/json"),
            "{}",
            case.name
        );
        let challenge = case
            .challenge
            .then_some(r#"Basic realm="fleethooks", charset="UTF-8""#);
        assert_eq!(reply.header("www-authenticate"), challenge, "{}", case.name);
        // Only a failure on the receiver's side is retried.
        assert_eq!(reply.header("retry-after"), None, "{}", case.name);
        assert!(
            !reply.body.contains(MARKER),
            "{}: {}",
            case.name,
            reply.body
        );
        for secret in [JAMF_PASSWORD, JUMPCLOUD_TOKEN, CMDOP_SECRET] {
            assert!(!reply.body.contains(secret), "{}", case.name);
        }
    }
    // Written before an answer, so after every answer the file says it all: nothing.
    assert_eq!(lines(&output), Vec::<String>::new());
    let metrics = get(&server.url("/metrics")).body;
    let requests: Vec<&str> = metrics
        .lines()
        .filter(|l| {
            l.starts_with("fleethooks_requests_total{") || l.starts_with("fleethooks_events_total{")
        })
        .collect();
    assert_eq!(
        requests,
        [
            r#"fleethooks_requests_total{source="cmdop",status="400"} 1"#,
            r#"fleethooks_requests_total{source="cmdop",status="401"} 4"#,
            r#"fleethooks_requests_total{source="cmdop",status="415"} 1"#,
            r#"fleethooks_requests_total{source="jamf",status="400"} 3"#,
            r#"fleethooks_requests_total{source="jamf",status="401"} 5"#,
            r#"fleethooks_requests_total{source="jamf",status="415"} 2"#,
            r#"fleethooks_requests_total{source="jumpcloud",status="400"} 1"#,
            r#"fleethooks_requests_total{source="jumpcloud",status="401"} 3"#,
            r#"fleethooks_requests_total{source="jumpcloud",status="415"} 1"#,
        ]
    );
    // Every delivery above was good but for one thing: with that fixed, each is accepted.
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    let reply = post(&server.url("/jumpcloud"), &jumpcloud_headers(), &alert);
    assert_eq!(reply.pair(), (200, r#"{"status":"accepted"}"#));
    assert_eq!(lines(&output), [parse_line("jumpcloud", &alert)]);
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
}

/// A JumpCloud alert of exactly `size` bytes: the fixture padded with trailing spaces, which
/// JSON allows. `status` makes it another event (the status is part of the key).
fn alert_of_size(status: &str, size: usize) -> Vec<u8> {
    let text = String::from_utf8(fixture_bytes("jumpcloud", "alert_open_critical.json"))
        .unwrap()
        .replace(r#""status": "Open""#, &format!(r#""status": "{status}""#));
    let mut body = text.into_bytes();
    assert!(body.len() <= size);
    body.resize(size, b' ');
    body
}

/// The head of a JumpCloud POST with the test token and `framing` (`Content-Length: N` or
/// `Transfer-Encoding: chunked`).
fn jumpcloud_head(framing: &str) -> Vec<u8> {
    format!(
        "POST /jumpcloud HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {JUMPCLOUD_TOKEN}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
    )
    .into_bytes()
}

/// Writes `bytes`, reporting how many went out and whether the write failed.
fn write_all(stream: &mut std::net::TcpStream, bytes: &[u8]) -> (u64, bool) {
    match stream.write_all(bytes) {
        Ok(()) => (bytes.len() as u64, false),
        Err(_) => (0, true),
    }
}

/// `bytes` as one chunk of a chunked body.
fn chunk(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out
}

const TOO_LARGE: &str = r#"{"error":"body of 65537 bytes is over the limit of 65536 bytes"}"#;

#[test]
fn oversized_bodies_are_refused_by_length_and_by_bytes() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), "");
    let url = server.url("/jumpcloud");
    let token = jumpcloud_headers();

    // At the limit exactly: accepted, by Content-Length and chunked.
    let at_limit = alert_of_size("Open", LIMIT);
    assert_eq!(
        post(&url, &token, &at_limit).pair(),
        (200, r#"{"status":"accepted"}"#)
    );
    let chunked_at_limit = alert_of_size("Acknowledged", LIMIT);
    let exchange = raw_exchange(server.addr, |s| {
        let mut bytes = jumpcloud_head("Transfer-Encoding: chunked");
        bytes.extend(chunk(&chunked_at_limit[..40_000]));
        bytes.extend(chunk(&chunked_at_limit[40_000..]));
        bytes.extend_from_slice(
            b"0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        write_all(s, &bytes)
    });
    let text = String::from_utf8_lossy(&exchange.response).into_owned();
    let first = text
        .split("HTTP/1.1 ")
        .nth(1)
        .map(|r| format!("HTTP/1.1 {r}"))
        .unwrap();
    assert_eq!(
        parse_response(first.as_bytes()).pair(),
        (200, r#"{"status":"accepted"}"#)
    );

    // One byte over, declared: answered before the body is read.
    let over = alert_of_size("Resolved", LIMIT + 1);
    let exchange = raw_exchange(server.addr, |s| {
        let mut bytes = jumpcloud_head(&format!("Content-Length: {}", over.len()));
        bytes.extend_from_slice(&over);
        write_all(s, &bytes)
    });
    assert_eq!(parse_response(&exchange.response).pair(), (413, TOO_LARGE));

    // Ten gigabytes declared and none sent: the answer comes without waiting for the body.
    let exchange = raw_exchange(server.addr, |s| {
        write_all(s, &jumpcloud_head("Content-Length: 10000000000"))
    });
    assert_eq!(
        parse_response(&exchange.response).pair(),
        (
            413,
            r#"{"error":"body of 10000000000 bytes is over the limit of 65536 bytes"}"#
        )
    );

    // One byte over, counted: a chunked body has no length to refuse it by.
    let exchange = raw_exchange(server.addr, |s| {
        let mut bytes = jumpcloud_head("Transfer-Encoding: chunked");
        bytes.extend(chunk(&over[..LIMIT]));
        bytes.extend(chunk(&over[LIMIT..]));
        bytes.extend_from_slice(b"0\r\n\r\n");
        write_all(s, &bytes)
    });
    assert_eq!(parse_response(&exchange.response).pair(), (413, TOO_LARGE));

    assert_eq!(
        lines(&output),
        [
            parse_line("jumpcloud", &at_limit),
            parse_line("jumpcloud", &chunked_at_limit)
        ]
    );
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
}

#[test]
fn a_chunked_body_past_the_limit_is_refused_without_reading_it_all() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), "");
    // 256 MiB offered, in 64 KiB chunks, as fast as the socket takes them.
    const OFFERED: u64 = 256 * 1024 * 1024;
    let piece = chunk(&[b' '; 64 * 1024]);
    let started = std::time::Instant::now();
    let exchange = raw_exchange(server.addr, |s| {
        let (mut written, failed) = write_all(s, &jumpcloud_head("Transfer-Encoding: chunked"));
        if failed {
            return (written, true);
        }
        while written < OFFERED {
            match s.write_all(&piece) {
                Ok(()) => written += piece.len() as u64,
                Err(_) => return (written, true),
            }
        }
        (written, false)
    });
    assert_eq!(parse_response(&exchange.response).pair(), (413, TOO_LARGE));
    // The server closed the connection: the writer was stopped, long before the end, after
    // what the kernel's socket buffers hold at most.
    assert!(
        exchange.write_failed,
        "wrote all {} bytes",
        exchange.written
    );
    assert!(
        exchange.written < 32 * 1024 * 1024,
        "{} bytes taken",
        exchange.written
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(lines(&output).is_empty());
    // And the server is fine.
    assert_eq!(
        get(&server.url("/healthz")).pair(),
        (200, r#"{"status":"ok"}"#)
    );
}

#[test]
fn duplicates_are_answered_200_and_written_once() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), "");
    let jamf = fixture_bytes("jamf", "computer_check_in.json");
    let jamf_xml = fixture_bytes("jamf", "computer_check_in.xml");
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    let cmdop = fixture_bytes("cmdop", "machine_offline.json");
    // The same cmdop event with its members in another order: another body, the same event.
    let cmdop_reordered = fixture_bytes("cmdop", "machine_offline_data_first.json");
    let xml_headers = vec![
        ("authorization", basic(JAMF_USER, JAMF_PASSWORD)),
        ("content-type", "text/xml".to_owned()),
    ];
    let accepted = (200, r#"{"status":"accepted"}"#);
    let duplicate = (200, r#"{"status":"duplicate"}"#);
    // (route, headers, body, answer)
    type Delivery<'a> = (
        &'a str,
        Vec<(&'static str, String)>,
        &'a [u8],
        (u16, &'a str),
    );
    let deliveries: [Delivery<'_>; 8] = [
        ("/jamf", jamf_headers(), &jamf, accepted),
        ("/jamf", xml_headers, &jamf_xml, duplicate),
        ("/jamf", jamf_headers(), &jamf, duplicate),
        ("/jumpcloud", jumpcloud_headers(), &alert, accepted),
        ("/jumpcloud", jumpcloud_headers(), &alert, duplicate),
        (
            "/cmdop",
            cmdop_headers(CMDOP_SECRET, &cmdop),
            &cmdop,
            accepted,
        ),
        (
            "/cmdop",
            cmdop_headers(CMDOP_SECRET, &cmdop_reordered),
            &cmdop_reordered,
            duplicate,
        ),
        // The catch-all route tells the source by the credentials: the same JumpCloud event.
        ("/", jumpcloud_headers(), &alert, duplicate),
    ];
    for (i, (path, headers, body, expected)) in deliveries.iter().enumerate() {
        let reply = post(&server.url(path), headers, body);
        assert_eq!(reply.pair(), *expected, "delivery {i} to {path}");
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
    assert_eq!(
        lines(&output),
        [
            parse_line("jamf", &jamf),
            parse_line("jumpcloud", &alert),
            parse_line("cmdop", &cmdop)
        ]
    );
    let metrics = get(&server.url("/metrics")).body;
    let counted: Vec<&str> = metrics
        .lines()
        .filter(|l| {
            l.starts_with("fleethooks_duplicates_total{")
                || l.starts_with("fleethooks_events_total{")
        })
        .collect();
    assert_eq!(
        counted,
        [
            r#"fleethooks_events_total{source="cmdop",type="machine.offline"} 1"#,
            r#"fleethooks_events_total{source="jamf",type="ComputerCheckIn"} 1"#,
            r#"fleethooks_events_total{source="jumpcloud",type="alert"} 1"#,
            r#"fleethooks_duplicates_total{source="cmdop"} 1"#,
            r#"fleethooks_duplicates_total{source="jamf"} 2"#,
            r#"fleethooks_duplicates_total{source="jumpcloud"} 2"#,
        ]
    );
}

#[test]
fn routes_methods_health_and_metrics() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), "");
    let agent = support::server::agent();
    let jamf_auth = jamf_headers();
    let no_route = r#"{"error":"no such route: POST /jamf, /jumpcloud, /cmdop or /"}"#;
    for (method, path) in [
        ("POST", "/jamfpro"),
        ("POST", "/jamf/"),
        ("GET", "/nope"),
        ("POST", "/cmdop/extra"),
    ] {
        let reply = request(&agent, method, &server.url(path), &jamf_auth, b"{}").unwrap();
        assert_eq!(reply.pair(), (404, no_route), "{method} {path}");
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
    for (method, path, allow) in [
        ("GET", "/jamf", "POST"),
        ("PUT", "/cmdop", "POST"),
        ("DELETE", "/", "POST"),
        ("PATCH", "/jumpcloud", "POST"),
        ("POST", "/healthz", "GET,HEAD"),
        ("POST", "/metrics", "GET,HEAD"),
    ] {
        let reply = request(
            &agent,
            method,
            &server.url(path),
            &[] as &[(&str, &str)],
            b"",
        )
        .unwrap();
        assert_eq!(reply.pair(), (405, ""), "{method} {path}");
        assert_eq!(reply.header("allow"), Some(allow), "{method} {path}");
    }
    let health = get(&server.url("/healthz"));
    assert_eq!(health.pair(), (200, r#"{"status":"ok"}"#));
    assert_eq!(health.header("content-type"), Some("application/json"));

    // Known traffic, then the counters it must show.
    let jamf = fixture_bytes("jamf", "computer_check_in.json");
    assert_eq!(post(&server.url("/jamf"), &jamf_auth, &jamf).status, 200);
    assert_eq!(post(&server.url("/jamf"), &jamf_auth, &jamf).status, 200);
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    assert_eq!(
        post(
            &server.url("/jumpcloud"),
            &[("content-type", "application/json")],
            &alert
        )
        .status,
        401
    );
    let metrics = get(&server.url("/metrics"));
    assert_eq!(metrics.status, 200);
    assert_eq!(
        metrics.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = metrics.body;
    let section = |name: &str| -> Vec<&str> {
        text.lines()
            .filter(|l| {
                l.starts_with(name)
                    || l.starts_with(&format!("# HELP {name} "))
                    || l.starts_with(&format!("# TYPE {name} "))
            })
            .collect()
    };
    assert_eq!(
        section("fleethooks_requests_total"),
        [
            "# HELP fleethooks_requests_total Webhook requests answered, by source and status.",
            "# TYPE fleethooks_requests_total counter",
            r#"fleethooks_requests_total{source="jamf",status="200"} 2"#,
            r#"fleethooks_requests_total{source="jumpcloud",status="401"} 1"#,
        ]
    );
    assert_eq!(
        section("fleethooks_events_total"),
        [
            "# HELP fleethooks_events_total Events accepted and stored, by source and type.",
            "# TYPE fleethooks_events_total counter",
            r#"fleethooks_events_total{source="jamf",type="ComputerCheckIn"} 1"#,
        ]
    );
    assert_eq!(
        section("fleethooks_duplicates_total"),
        [
            "# HELP fleethooks_duplicates_total Repeated deliveries answered 200 and not handed on.",
            "# TYPE fleethooks_duplicates_total counter",
            r#"fleethooks_duplicates_total{source="jamf"} 1"#,
        ]
    );
    for empty in [
        "fleethooks_exec_failures_total",
        "fleethooks_sink_failures_total",
    ] {
        assert_eq!(section(empty).len(), 2, "{empty}: only HELP and TYPE");
    }
    // Three deliveries timed (404, 405 and the probes are not deliveries).
    assert!(
        text.contains("\nfleethooks_request_duration_seconds_count 3\n"),
        "{text}"
    );
    assert!(
        text.contains("\nfleethooks_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"),
        "{text}"
    );
    assert_eq!(lines(&output), [parse_line("jamf", &jamf)]);
}

#[test]
fn the_root_route_tells_the_source_by_credentials() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), "");
    let jamf = fixture_bytes("jamf", "mobile_device_check_in.json");
    let alert = fixture_bytes("jumpcloud", "alert_resolved_medium.json");
    let cmdop = fixture_bytes("cmdop", "command_completed.json");
    let accepted = (200, r#"{"status":"accepted"}"#);
    assert_eq!(
        post(&server.url("/"), &jamf_headers(), &jamf).pair(),
        accepted
    );
    assert_eq!(
        post(&server.url("/"), &jumpcloud_headers(), &alert).pair(),
        accepted
    );
    assert_eq!(
        post(
            &server.url("/"),
            &cmdop_headers(CMDOP_SECRET, &cmdop),
            &cmdop
        )
        .pair(),
        accepted
    );
    // Jamf's credentials on a JumpCloud body: the body is read as Jamf's, and is not one.
    let reply = post(
        &server.url("/"),
        &jamf_headers(),
        &fixture_bytes("jumpcloud", "alert_minimal.json"),
    );
    assert_eq!(
        reply.pair(),
        (
            400,
            r#"{"error":"jamf body rejected: missing the `webhook` header"}"#
        )
    );
    assert_eq!(
        lines(&output),
        [
            parse_line("jamf", &jamf),
            parse_line("jumpcloud", &alert),
            parse_line("cmdop", &cmdop)
        ]
    );
}

#[test]
fn jamf_header_authentication_and_a_source_not_enabled() {
    let dir = temp_dir();
    let config = write_config(
        dir.path(),
        r#"
[jamf]
auth = "header"
header = "X-Jamf-Hook"
value_env = "FH_TEST_JAMF_PASSWORD"
"#,
    );
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let jamf = fixture_bytes("jamf", "computer_added.json");
    let json = ("content-type", "application/json");
    let refused = (
        401,
        r#"{"error":"jamf delivery not authenticated: credentials in header `x-jamf-hook` were not accepted"}"#,
    );
    for (name, headers, expected) in [
        (
            "wrong value",
            vec![("x-jamf-hook", "c0rrect-h0rse-b4tterz"), json],
            refused,
        ),
        (
            "value in another header",
            vec![("x-jamf-token", JAMF_PASSWORD), json],
            (
                401,
                r#"{"error":"jamf delivery not authenticated: missing header `x-jamf-hook`"}"#,
            ),
        ),
    ] {
        let reply = post(&server.url("/jamf"), &headers, &jamf);
        assert_eq!(reply.pair(), expected, "{name}");
        // Header authentication is not Basic: no challenge.
        assert_eq!(reply.header("www-authenticate"), None, "{name}");
    }
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    assert_eq!(
        post(&server.url("/jumpcloud"), &jumpcloud_headers(), &alert).pair(),
        (
            404,
            r#"{"error":"jumpcloud webhooks are not enabled on this receiver"}"#
        )
    );
    assert!(lines(&output).is_empty());
    // `send --header-env` delivers it.
    let sent = run_with_stdin(
        command().args([
            "send",
            "--source",
            "jamf",
            "--url",
            &server.url("/jamf"),
            "--header-env",
            "X-Jamf-Hook=FH_TEST_JAMF_PASSWORD",
        ]),
        &jamf,
    );
    assert_eq!(
        (
            sent.status.code(),
            String::from_utf8_lossy(&sent.stdout).into_owned()
        ),
        (Some(0), "200 OK\n{\"status\":\"accepted\"}\n".to_owned())
    );
    assert_eq!(lines(&output), [parse_line("jamf", &jamf)]);
}

#[test]
fn the_scep_challenge_is_the_command_output_as_plain_text() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), r#"scep_challenge_command = "echo 7F3K-2Q9X""#);
    let scep = fixture_bytes("jamf", "scep_challenge.json");
    let reply = post(&server.url("/jamf"), &jamf_headers(), &scep);
    assert_eq!(reply.pair(), (200, "7F3K-2Q9X"));
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(lines(&output), [parse_line("jamf", &scep)]);
    // `send` prints it as the reply.
    let sent = support::server::send(
        "jamf",
        &server.url("/jamf"),
        &fixture_bytes("jamf", "scep_challenge_seconds.xml"),
    );
    assert_eq!(
        (
            sent.status.code(),
            String::from_utf8_lossy(&sent.stdout).into_owned()
        ),
        (Some(0), "200 OK\n7F3K-2Q9X\n".to_owned())
    );
    assert_eq!(lines(&output).len(), 2);
}

#[test]
fn a_scep_challenge_without_a_command_is_refused_and_not_stored() {
    let dir = temp_dir();
    let (server, output) = start(dir.path(), "");
    let scep = fixture("jamf", "scep_challenge.json");
    let body = std::fs::read(&scep).unwrap();
    let reply = post(&server.url("/jamf"), &jamf_headers(), &body);
    assert_eq!(
        reply.pair(),
        (
            501,
            r#"{"error":"no SCEP challenge provider is configured"}"#
        )
    );
    assert!(lines(&output).is_empty());
    // Refused, so not remembered: once the command is configured, Jamf's next request is
    // answered (here: the same server cannot change, so the key must simply not be a duplicate).
    let again = post(&server.url("/jamf"), &jamf_headers(), &body);
    assert_eq!(again.status, 501);
}

#[test]
fn a_client_too_slow_with_its_body_or_its_headers_is_cut_off() {
    let dir = temp_dir();
    let config = write_config(
        dir.path(),
        &standard_config("body_timeout_secs = 1\nheader_timeout_secs = 1", ""),
    );
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    // The head and half the body, then nothing: 408 after the body timeout.
    let started = std::time::Instant::now();
    let exchange = raw_exchange(server.addr, |s| {
        let mut bytes = jumpcloud_head(&format!("Content-Length: {}", alert.len()));
        bytes.extend_from_slice(&alert[..alert.len() / 2]);
        let sent = write_all(s, &bytes);
        // Hold the connection open without sending more.
        std::thread::sleep(std::time::Duration::from_millis(1600));
        sent
    });
    let took = started.elapsed();
    assert_eq!(
        parse_response(&exchange.response).pair(),
        (408, r#"{"error":"the request was not received in time"}"#)
    );
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    // Half a head, then nothing: the connection is closed after the header timeout, without
    // an answer.
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(support::server::WAIT))
        .unwrap();
    stream
        .write_all(b"POST /jumpcloud HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        .unwrap();
    let started = std::time::Instant::now();
    let mut response = Vec::new();
    // Until the server closes (or resets) the connection.
    let _ = std::io::Read::read_to_end(&mut stream, &mut response);
    let took = started.elapsed();
    assert!(
        took >= std::time::Duration::from_millis(900) && took < std::time::Duration::from_secs(5),
        "{took:?}"
    );
    let text = String::from_utf8_lossy(&response).into_owned();
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    assert!(lines(&output).is_empty());
}
