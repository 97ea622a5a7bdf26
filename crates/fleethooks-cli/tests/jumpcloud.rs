//! `fleethooks parse --source jumpcloud`, `fleethooks env` and `fleethooks trigger`, run as the
//! built binary; `trigger` talks to a one-shot HTTP server on loopback started by each test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test on bad fixtures and a misbehaving test server"
)]

mod support;

use support::{fleethooks, one_json_line};

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::Value;

const FIXTURES: &str = "../fleethooks-jumpcloud/tests/fixtures";
const API_KEY: &str = "jc_api_4f1c9e2ab7d30c55e8a1";

fn fixture_path(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

#[test]
fn parse_prints_the_alert_summary() {
    let out = fleethooks()
        .args([
            "parse",
            "--source",
            "jumpcloud",
            &fixture_path("alert_open_critical.json"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary = one_json_line(&out);
    assert_eq!(summary["source"], "jumpcloud");
    assert_eq!(summary["type"], "alert");
    assert_eq!(summary["occurred_at"], "2026-11-24T13:05:12.481Z");
    assert_eq!(
        summary["key"],
        "6743a0f2c9e77d0001b2c3d4:Open:2026-11-24T13:05:12.481Z"
    );
    let original: Value = serde_json::from_slice(&fixture("alert_open_critical.json")).unwrap();
    assert_eq!(summary["payload"], original);
    // Fields in the contract's order.
    let text = String::from_utf8(out).unwrap();
    let order: Vec<usize> = [
        "\"source\"",
        "\"type\"",
        "\"occurred_at\"",
        "\"key\"",
        "\"payload\"",
    ]
    .iter()
    .map(|field| text.find(field).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn parse_reads_standard_input_and_prints_null_without_a_time() {
    let out = fleethooks()
        .args(["parse", "--source", "jumpcloud", "-"])
        .write_stdin(fixture("alert_minimal.json"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary = one_json_line(&out);
    assert_eq!(summary["occurred_at"], Value::Null);
    assert_eq!(summary["key"], "6743e2a1b3c4d50001e6f7a8:Open:");
    assert_eq!(summary["payload"]["priority"], "High");
}

#[test]
fn parse_rejects_a_bad_alert_with_exit_1() {
    fleethooks()
        .args(["parse", "--source", "jumpcloud"])
        .write_stdin(r#"{"alert_id":"6743a0f2c9e77d0001b2c3d4","priority":3}"#)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "fleethooks: rejected: invalid alert JSON at `$.priority` (line 1, column 51): \
             invalid type: integer `3`, expected a priority string such as \"High\"\n",
        );
}

#[test]
fn parse_refuses_a_non_json_content_type_with_exit_1() {
    fleethooks()
        .args([
            "parse",
            "--source",
            "jumpcloud",
            "--content-type",
            "text/xml",
        ])
        .write_stdin(fixture("alert_minimal.json"))
        .assert()
        .code(1)
        .stderr("fleethooks: rejected: JumpCloud alerts are application/json, not text/xml\n");
    fleethooks()
        .args([
            "parse",
            "--source",
            "jumpcloud",
            "--content-type",
            "application/json; charset=utf-8",
        ])
        .write_stdin(fixture("alert_minimal.json"))
        .assert()
        .success();
}

#[test]
fn env_prints_dotenv_by_default() {
    fleethooks()
        .args(["env"])
        .write_stdin(r#"{"srcip":"203.0.113.7","port":8443,"test":{"bob":"1"},"note":"a \"b\""}"#)
        .assert()
        .success()
        .stdout(
            "srcip=\"203.0.113.7\"\nport=\"8443\"\ntest=\"[object Object]\"\nnote=\"a \\\"b\\\"\"\n",
        );
}

#[test]
fn env_json_keeps_input_order() {
    let out = fleethooks()
        .args([
            "env",
            "--format",
            "json",
            &fixture_path("trigger_body_every_kind.json"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(r#"{"srcip":"203.0.113.7","service":"nginx","note":"#),
        "{text}"
    );
    assert!(
        text.ends_with(
            "\"hosts\":\"[object Object]\",\"empty_object\":\"[object Object]\",\"empty\":\"\"}\n"
        ),
        "{text}"
    );
    let vars = one_json_line(text.as_bytes());
    assert_eq!(vars["port"], "9443");
    assert_eq!(vars["past_2_53"], "9007199254740992");
}

#[test]
fn env_sh_output_sources_in_a_real_shell() {
    let out = fleethooks()
        .args([
            "env",
            "--format",
            "sh",
            &fixture_path("trigger_body_every_kind.json"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut script = String::from_utf8(out).unwrap();
    script.push_str("printf '%s|%s|%s' \"$note\" \"$port\" \"$test\"\n");
    let shell = std::process::Command::new("/bin/sh")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(shell.status.success());
    assert_eq!(
        String::from_utf8(shell.stdout).unwrap(),
        "line one\nline \"two\" \u{e9}\u{2603} 'quoted'|9443|[object Object]"
    );
}

#[test]
fn env_powershell_format() {
    fleethooks()
        .args(["env", "--format", "powershell"])
        .write_stdin(r#"{"srcip":"203.0.113.7","reason":"it's blocked"}"#)
        .assert()
        .success()
        .stdout("$env:srcip = '203.0.113.7'\n$env:reason = 'it''s blocked'\n");
}

#[test]
fn env_errors() {
    fleethooks()
        .args(["env"])
        .write_stdin(r#"["203.0.113.7"]"#)
        .assert()
        .code(1)
        .stderr("fleethooks: rejected: a trigger body must be a JSON object, found an array\n");
    fleethooks()
        .args(["env"])
        .write_stdin(r#"{"PATH=/tmp":"x"}"#)
        .assert()
        .code(1)
        .stderr(
            "fleethooks: rejected: trigger body key \"PATH=/tmp\" cannot be an environment \
             variable name: it contains `=`\n",
        );
    fleethooks()
        .args(["env", "no/such/body.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "fleethooks: error: cannot read no/such/body.json:",
        ));
    fleethooks()
        .args(["env", "--format", "yaml"])
        .assert()
        .code(2);
}

#[test]
fn trigger_dry_run_prints_the_request_without_the_key() {
    fleethooks()
        .env("JC_API_KEY", API_KEY)
        .args([
            "trigger",
            "restartNginx",
            "--api-key-env",
            "JC_API_KEY",
            "--org-id",
            "5f8e2c1a9b7d3e0012ab34cd",
            "--data",
            "-",
            "--dry-run",
        ])
        .write_stdin(r#"{"service":"nginx","drain_seconds":30}"#)
        .assert()
        .success()
        .stdout(
            "POST https://console.jumpcloud.com/api/command/trigger/restartNginx\n\
             x-api-key: [redacted]\n\
             content-type: application/json\n\
             accept: application/json\n\
             x-org-id: 5f8e2c1a9b7d3e0012ab34cd\n\
             \n\
             {\"service\":\"nginx\",\"drain_seconds\":30}\n",
        );
}

#[test]
fn trigger_refuses_an_unusual_name_unless_allowed() {
    fleethooks()
        .env("JC_API_KEY", API_KEY)
        .args([
            "trigger",
            "restart nginx",
            "--api-key-env",
            "JC_API_KEY",
            "--dry-run",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "fleethooks: error: trigger name \"restart nginx\" has characters other than ASCII \
             letters and digits, which JumpCloud has been seen to match no command for; pass \
             --allow-any-name to send it anyway\n",
        );
    fleethooks()
        .env("JC_API_KEY", API_KEY)
        .args([
            "trigger",
            "restart nginx",
            "--api-key-env",
            "JC_API_KEY",
            "--allow-any-name",
            "--base-url",
            "http://127.0.0.1:8080/",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "POST http://127.0.0.1:8080/api/command/trigger/restart%20nginx\n",
        ));
}

#[test]
fn trigger_usage_errors() {
    fleethooks()
        .env_remove("JC_UNSET_KEY")
        .args([
            "trigger",
            "restartNginx",
            "--api-key-env",
            "JC_UNSET_KEY",
            "--dry-run",
        ])
        .assert()
        .code(2)
        .stderr("fleethooks: error: environment variable JC_UNSET_KEY is not set\n");
    fleethooks()
        .args(["trigger", "restartNginx", "--dry-run"])
        .assert()
        .code(2);
    fleethooks()
        .env("JC_API_KEY", API_KEY)
        .args([
            "trigger",
            "restartNginx",
            "--api-key-env",
            "JC_API_KEY",
            "--data",
            "-",
        ])
        .write_stdin("[1, 2]")
        .assert()
        .code(1)
        .stderr("fleethooks: rejected: a trigger body must be a JSON object, found an array\n");
}

/// What the test server received.
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Serves exactly one request on a free loopback port with this status and body, then stops.
/// Gives up after ten seconds without a connection, so a failing test cannot hang.
fn serve_once(status: &str, body: &str) -> (String, JoinHandle<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
    let handle = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(10);
        let stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    assert!(Instant::now() < deadline, "no request within 10 s");
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => panic!("accept failed: {e}"),
            }
        };
        stream.set_nonblocking(false).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = reader.into_inner();
        stream.write_all(response.as_bytes()).unwrap();
        stream.flush().unwrap();
        Received {
            request_line: request_line.trim_end().to_owned(),
            headers,
            body,
        }
    });
    (base_url, handle)
}

#[test]
fn trigger_sends_and_prints_the_commands_started() {
    let (base_url, server) = serve_once(
        "200 OK",
        r#"{"triggered":["Restart nginx (web tier)","Flush CDN cache"]}"#,
    );
    let body = fixture("trigger_body_twenty_keys.json");
    fleethooks()
        .env("JC_API_KEY", API_KEY)
        .args([
            "trigger",
            "restartNginx",
            "--api-key-env",
            "JC_API_KEY",
            "--org-id",
            "5f8e2c1a9b7d3e0012ab34cd",
            "--data",
            &fixture_path("trigger_body_twenty_keys.json"),
            "--base-url",
            &base_url,
        ])
        .assert()
        .success()
        .stdout("{\"triggered\":[\"Restart nginx (web tier)\",\"Flush CDN cache\"]}\n")
        .stderr("");
    let received = server.join().unwrap();
    assert_eq!(
        received.request_line,
        "POST /api/command/trigger/restartNginx HTTP/1.1"
    );
    assert_eq!(received.header("x-api-key"), Some(API_KEY));
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_eq!(
        received.header("x-org-id"),
        Some("5f8e2c1a9b7d3e0012ab34cd")
    );
    assert_eq!(received.body, body);
}

#[test]
fn trigger_that_matches_nothing_succeeds_with_a_note() {
    let (base_url, server) = serve_once("200 OK", r#"{"triggered":[]}"#);
    fleethooks()
        .env("JC_API_KEY", API_KEY)
        .args([
            "trigger",
            "nightlyBackup",
            "--api-key-env",
            "JC_API_KEY",
            "--base-url",
            &base_url,
        ])
        .assert()
        .success()
        .stdout("{\"triggered\":[]}\n")
        .stderr("fleethooks: no command has this trigger name\n");
    let received = server.join().unwrap();
    assert_eq!(
        received.request_line,
        "POST /api/command/trigger/nightlyBackup HTTP/1.1"
    );
    assert!(received.body.is_empty());
}

#[test]
fn trigger_reports_an_http_error_with_exit_1() {
    let (base_url, server) = serve_once("401 Unauthorized", r#"{"message":"Unauthorized"}"#);
    fleethooks()
        .env("JC_API_KEY", "jc_api_revoked0000000000")
        .args([
            "trigger",
            "restartNginx",
            "--api-key-env",
            "JC_API_KEY",
            "--base-url",
            &base_url,
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr("fleethooks: rejected: JumpCloud answered 401 Unauthorized: {\"message\":\"Unauthorized\"}\n");
    server.join().unwrap();
}

#[test]
fn trigger_reports_an_unreadable_answer_with_exit_1() {
    let (base_url, server) = serve_once("200 OK", "<html>maintenance</html>");
    fleethooks()
        .env("JC_API_KEY", API_KEY)
        .args([
            "trigger",
            "restartNginx",
            "--api-key-env",
            "JC_API_KEY",
            "--base-url",
            &base_url,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "fleethooks: rejected: invalid trigger response JSON at `$` (line 1, column 1)",
        ));
    server.join().unwrap();
}
