//! `fleethooks send` of every fixture of every source, and of every simulated event, to a
//! running `fleethooks serve`: each distinct event comes out exactly once, as the line
//! `fleethooks parse` prints for it.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::collections::HashSet;
use std::path::PathBuf;

use support::server::{
    Serve, Server, command, fixture_dir, lines, parse_line, run_with_stdin, send, standard_config,
    temp_dir, write_config,
};

/// The challenge the Jamf SCEP command answers with.
const CHALLENGE: &str = "7F3K-2Q9X";

/// Whether the fixture `name` of `source` is a webhook body: Jamf JSON and XML, JumpCloud
/// alerts (not channel or trigger bodies), cmdop envelopes (the API bodies are in `api/`).
fn is_delivery(source: &str, name: &str) -> bool {
    match source {
        "jamf" => name.ends_with(".json") || name.ends_with(".xml"),
        "jumpcloud" => name.starts_with("alert_") && name.ends_with(".json"),
        _ => name.ends_with(".json"),
    }
}

/// Every fixture `send` delivers, in the order it is sent: Jamf (a JSON file sorts before its
/// XML twin), JumpCloud, cmdop.
fn fixtures() -> Vec<(&'static str, PathBuf)> {
    let mut all = Vec::new();
    for source in ["jamf", "jumpcloud", "cmdop"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir(source))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.is_file() && is_delivery(source, p.file_name().unwrap().to_str().unwrap())
            })
            .collect();
        files.sort();
        all.extend(files.into_iter().map(|p| (source, p)));
    }
    all
}

/// A server with the three sources and the Jamf SCEP challenge command, writing to
/// `dir/events.jsonl`.
fn start(dir: &std::path::Path) -> (Server, PathBuf) {
    let config = write_config(
        dir,
        &standard_config(
            "",
            &format!("scep_challenge_command = \"echo {CHALLENGE}\""),
        ),
    );
    let output = dir.join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    (server, output)
}

/// What a delivery's `send` must print and which line the output must gain.
struct Delivery {
    name: String,
    source: &'static str,
    body: Vec<u8>,
}

/// Sends every delivery in order and checks each answer and the output: one line per
/// distinct (source, key), the parse line of the first delivery with that key.
fn deliver_all(server: &Server, output: &std::path::Path, deliveries: &[Delivery]) {
    let mut seen = HashSet::new();
    let mut expected = Vec::new();
    for delivery in deliveries {
        let line = parse_line(delivery.source, &delivery.body);
        let summary: serde_json::Value = serde_json::from_str(&line).unwrap();
        let key = summary["key"].as_str().unwrap().to_owned();
        let fresh = seen.insert((delivery.source, key.clone()));
        let reply = if !fresh {
            r#"{"status":"duplicate"}"#
        } else if summary["type"] == "SCEPChallenge" {
            CHALLENGE
        } else {
            r#"{"status":"accepted"}"#
        };
        let sent = send(
            delivery.source,
            &server.url(&format!("/{}", delivery.source)),
            &delivery.body,
        );
        assert_eq!(
            (
                sent.status.code(),
                String::from_utf8_lossy(&sent.stdout).into_owned(),
                String::from_utf8_lossy(&sent.stderr).into_owned()
            ),
            (Some(0), format!("200 OK\n{reply}\n"), String::new()),
            "{} (key {key})",
            delivery.name
        );
        if fresh {
            expected.push(line);
        }
        // Written and synced before the answer: the file is up to date now.
        assert_eq!(
            lines(output).len(),
            expected.len(),
            "after {}",
            delivery.name
        );
    }
    assert_eq!(lines(output), expected);
}

#[test]
fn every_fixture_of_every_source_comes_out_once() {
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    let deliveries: Vec<Delivery> = fixtures()
        .into_iter()
        .map(|(source, path)| Delivery {
            name: format!("{source}/{}", path.file_name().unwrap().to_str().unwrap()),
            source,
            body: std::fs::read(&path).unwrap(),
        })
        .collect();
    // The fixture sets as they are today; a new fixture is picked up by itself.
    let count = |s: &str| deliveries.iter().filter(|d| d.source == s).count();
    assert!(count("jamf") >= 70, "{}", count("jamf"));
    assert!(count("jumpcloud") >= 9, "{}", count("jumpcloud"));
    assert!(count("cmdop") >= 22, "{}", count("cmdop"));
    deliver_all(&server, &output, &deliveries);
    // Jamf JSON/XML twins share a key, and some fixtures are variants of one event: far fewer
    // lines than deliveries.
    let written = lines(&output).len();
    assert!(written < deliveries.len() / 2 + 20, "{written}");
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    assert!(stopped.stdout.is_empty());
}

/// `fleethooks simulate --list`, or `None` while simulate is not written yet.
fn simulate_list() -> Option<Vec<(String, String)>> {
    let listed = run_with_stdin(command().args(["simulate", "--list"]), b"");
    let stderr = String::from_utf8_lossy(&listed.stderr);
    if stderr.contains("simulate is being written") {
        return None;
    }
    assert!(listed.status.success(), "simulate --list: {stderr}");
    let text = String::from_utf8(listed.stdout).unwrap();
    Some(
        text.lines()
            .map(|l| {
                let (source, event) = l.split_once(' ').unwrap();
                (source.to_owned(), event.to_owned())
            })
            .collect(),
    )
}

fn simulate(source: &str, event: &str, xml: bool) -> Vec<u8> {
    let mut cmd = command();
    cmd.args(["simulate", source, event, "--seed", "20261201"]);
    if xml {
        cmd.args(["--format", "xml"]);
    }
    let out = run_with_stdin(&mut cmd, b"");
    assert!(
        out.status.success(),
        "simulate {source} {event}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn every_simulated_event_comes_out_once() {
    // `fleethooks simulate` is written in parallel with these tests: until it works, there is
    // nothing to send, and this test says so instead of failing.
    let Some(list) = simulate_list() else {
        eprintln!("skipped: `fleethooks simulate` is not written yet");
        return;
    };
    assert!(list.len() >= 22 + 1 + 15, "{list:?}");
    let source_of = |s: &str| -> &'static str {
        match s {
            "jamf" => "jamf",
            "jumpcloud" => "jumpcloud",
            "cmdop" => "cmdop",
            other => panic!("simulate lists an unknown source {other}"),
        }
    };
    let mut deliveries = Vec::new();
    for (source, event) in &list {
        let source = source_of(source);
        // Seeded, so the Jamf XML twin is the same event: a duplicate. The seeded clock is in
        // 2025, inside the ten-year window.
        deliveries.push(Delivery {
            name: format!("simulate {source} {event}"),
            source,
            body: simulate(source, event, false),
        });
        if source == "jamf" {
            deliveries.push(Delivery {
                name: format!("simulate {source} {event} --format xml"),
                source,
                body: simulate(source, event, true),
            });
        }
    }
    let dir = temp_dir();
    let (server, output) = start(dir.path());
    deliver_all(&server, &output, &deliveries);
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
}
