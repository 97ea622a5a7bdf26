//! Stopping and starting `fleethooks serve`: SIGTERM in the middle of traffic loses no
//! acknowledged event, and a restart on the same output does not write a redelivery again.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::server::{
    CMDOP_SECRET, Serve, WAIT, agent, cmdop_headers, fixture_bytes, jamf_headers, lines,
    parse_line, post, request, standard_config, temp_dir, write_config,
};

/// Client threads sending at once.
const CLIENTS: usize = 4;
/// Deliveries each client tries.
const PER_CLIENT: usize = 150;
/// Acknowledged deliveries after which SIGTERM is sent.
const SIGTERM_AFTER: usize = 80;

/// The Jamf check-in fixture as event `n`: its time (part of the dedup key) moved by `n` ms.
fn check_in(n: usize) -> (String, Vec<u8>) {
    let text = String::from_utf8(fixture_bytes("jamf", "computer_check_in.json")).unwrap();
    let at = 1_712_830_021_877 + n as u64;
    let body = text.replace("1712830021877", &at.to_string());
    (format!("7:ComputerCheckIn:{at}:1842"), body.into_bytes())
}

#[test]
fn sigterm_during_traffic_loses_no_acknowledged_event() {
    let dir = temp_dir();
    let config = write_config(
        dir.path(),
        &standard_config("shutdown_timeout_secs = 5", ""),
    );
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let url = server.url("/jamf");
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (url, acknowledged, count) =
                (url.clone(), Arc::clone(&acknowledged), Arc::clone(&count));
            std::thread::spawn(move || {
                // One agent per client: its connection is kept alive between requests, so
                // shutdown meets idle and busy keep-alive connections both.
                let agent = agent();
                let mut refused = 0;
                for i in 0..PER_CLIENT {
                    let (key, body) = check_in(client * PER_CLIENT + i);
                    match request(&agent, "POST", &url, &jamf_headers(), &body) {
                        Ok(reply) if reply.status == 200 => {
                            assert_eq!(reply.body, r#"{"status":"accepted"}"#, "{key}");
                            acknowledged.lock().unwrap().push(key);
                            count.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(reply) => panic!("{key}: {reply:?}"),
                        // Stopping: the connection was closed or refused. Not acknowledged.
                        Err(_) => {
                            refused += 1;
                            if refused >= 3 {
                                return;
                            }
                        }
                    }
                }
            })
        })
        .collect();
    let deadline = std::time::Instant::now() + WAIT;
    while count.load(Ordering::SeqCst) < SIGTERM_AFTER {
        assert!(std::time::Instant::now() < deadline, "traffic too slow");
        std::thread::sleep(Duration::from_millis(2));
    }
    let stopped = server.terminate();
    for client in clients {
        client.join().unwrap();
    }
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    assert!(
        stopped.stderr.contains("SIGTERM received"),
        "{}",
        stopped.stderr
    );
    let acknowledged = acknowledged.lock().unwrap().clone();
    // Mid-way: some were acknowledged, not all were.
    assert!(acknowledged.len() >= SIGTERM_AFTER);
    assert!(
        acknowledged.len() < CLIENTS * PER_CLIENT,
        "SIGTERM came after all the traffic"
    );
    let mut written: HashMap<String, usize> = HashMap::new();
    for line in lines(&output) {
        let summary: serde_json::Value = serde_json::from_str(&line).unwrap();
        *written
            .entry(summary["key"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    eprintln!(
        "acknowledged {} of {} deliveries, {} written",
        acknowledged.len(),
        CLIENTS * PER_CLIENT,
        written.len()
    );
    for (key, n) in &written {
        assert_eq!(*n, 1, "{key} written {n} times");
    }
    for key in &acknowledged {
        assert_eq!(
            written.get(key),
            Some(&1),
            "{key} acknowledged, not written"
        );
    }
}

#[test]
fn a_restart_does_not_emit_a_redelivered_event_again() {
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config("", ""));
    let output = dir.path().join("events.jsonl");
    let jamf = fixture_bytes("jamf", "computer_check_in.json");
    let jamf_xml = fixture_bytes("jamf", "computer_check_in.xml");
    let cmdop = fixture_bytes("cmdop", "machine_offline.json");
    let xml = vec![
        (
            "authorization",
            support::server::basic(support::server::JAMF_USER, support::server::JAMF_PASSWORD),
        ),
        ("content-type", "text/xml".to_owned()),
    ];
    let accepted = (200, r#"{"status":"accepted"}"#);
    let duplicate = (200, r#"{"status":"duplicate"}"#);

    let first = Serve::new().config(&config).output(&output).start();
    assert_eq!(
        post(&first.url("/jamf"), &jamf_headers(), &jamf).pair(),
        accepted
    );
    assert_eq!(
        post(
            &first.url("/cmdop"),
            &cmdop_headers(CMDOP_SECRET, &cmdop),
            &cmdop
        )
        .pair(),
        accepted
    );
    let stopped = first.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    let before = std::fs::read(&output).unwrap();
    assert_eq!(
        lines(&output),
        [parse_line("jamf", &jamf), parse_line("cmdop", &cmdop)]
    );

    let second = Serve::new().config(&config).output(&output).start();
    assert!(
        second
            .stderr()
            .contains("read back the dedup keys of stored events remembered=2"),
        "{}",
        second.stderr()
    );
    assert_eq!(
        post(&second.url("/jamf"), &jamf_headers(), &jamf).pair(),
        duplicate
    );
    assert_eq!(
        post(&second.url("/jamf"), &xml, &jamf_xml).pair(),
        duplicate
    );
    assert_eq!(
        post(
            &second.url("/cmdop"),
            &cmdop_headers(CMDOP_SECRET, &cmdop),
            &cmdop
        )
        .pair(),
        duplicate
    );
    // A new event is still taken, after the old ones.
    let alert = fixture_bytes("jumpcloud", "alert_open_critical.json");
    assert_eq!(
        post(
            &second.url("/jumpcloud"),
            &support::server::jumpcloud_headers(),
            &alert
        )
        .pair(),
        accepted
    );
    let stopped = second.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    let after = std::fs::read(&output).unwrap();
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(
        lines(&output),
        [
            parse_line("jamf", &jamf),
            parse_line("cmdop", &cmdop),
            parse_line("jumpcloud", &alert)
        ]
    );
}

#[test]
fn a_torn_last_line_is_dropped_at_start_and_its_event_taken_again() {
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config("", ""));
    let output = dir.path().join("events.jsonl");
    let stored = fixture_bytes("jamf", "jss_startup.json");
    let torn = fixture_bytes("jamf", "jss_shutdown.json");
    let stored_line = parse_line("jamf", &stored);
    let torn_line = parse_line("jamf", &torn);
    // A crash in the middle of a write: the last line has no newline, so it was never
    // acknowledged.
    std::fs::write(
        &output,
        format!("{stored_line}\n{}", &torn_line[..torn_line.len() / 2]),
    )
    .unwrap();
    let server = Serve::new().config(&config).output(&output).start();
    assert!(
        server.stderr().contains("remembered=1"),
        "{}",
        server.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        format!("{stored_line}\n")
    );
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &stored).pair(),
        (200, r#"{"status":"duplicate"}"#)
    );
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &torn).pair(),
        (200, r#"{"status":"accepted"}"#)
    );
    assert_eq!(lines(&output), [stored_line, torn_line]);
}

#[test]
fn an_output_file_moved_away_is_opened_again() {
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config("", ""));
    let output = dir.path().join("events.jsonl");
    let rotated = dir.path().join("events.jsonl.1");
    let server = Serve::new().config(&config).output(&output).start();
    let first = fixture_bytes("jamf", "push_sent.json");
    let second = fixture_bytes("jamf", "push_sent_jssid.json");
    let accepted = (200, r#"{"status":"accepted"}"#);
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &first).pair(),
        accepted
    );
    // As logrotate does: rename, and the writer must not go on writing into the old file.
    std::fs::rename(&output, &rotated).unwrap();
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &second).pair(),
        accepted
    );
    assert_eq!(lines(&rotated), [parse_line("jamf", &first)]);
    assert_eq!(lines(&output), [parse_line("jamf", &second)]);
}
