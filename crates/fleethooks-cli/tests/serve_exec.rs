//! `fleethooks serve --exec` and `[[exec]]` rules: the command sees the event, a failure or a
//! timeout is a 503 that stores nothing and releases the key, rules pick events by source and
//! type.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::server::{
    Serve, eventually, fixture_bytes, jamf_headers, jumpcloud_headers, lines, parse_line, post,
    process_gone, standard_config, temp_dir, write_config,
};

const ACCEPTED: (u16, &str) = (200, r#"{"status":"accepted"}"#);
const EXEC_FAILED: (u16, &str) = (
    503,
    r#"{"error":"a command for this event failed; retry later"}"#,
);

/// `path` as a shell word (the temporary directories have no quote in them).
fn sh(path: &Path) -> String {
    let text = path.display().to_string();
    assert!(!text.contains('\''), "{text}");
    format!("'{text}'")
}

#[test]
fn the_command_sees_the_event_in_its_environment_and_on_stdin() {
    let dir = temp_dir();
    let seen = dir.path().join("seen.txt");
    let config = write_config(dir.path(), &standard_config("", ""));
    let output = dir.path().join("events.jsonl");
    let command = format!(
        "{{ printf 'source=%s\\ntype=%s\\nkey=%s\\noccurred_at=%s\\n' \"$FLEETHOOKS_SOURCE\" \"$FLEETHOOKS_TYPE\" \"$FLEETHOOKS_KEY\" \"$FLEETHOOKS_OCCURRED_AT\"; cat; }} >> {}",
        sh(&seen)
    );
    let server = Serve::new()
        .config(&config)
        .output(&output)
        .arg("--exec")
        .arg(&command)
        .start();
    let jamf = fixture_bytes("jamf", "computer_check_in.json");
    let alert = fixture_bytes("jumpcloud", "alert_minimal.json");
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &jamf).pair(),
        ACCEPTED
    );
    assert_eq!(
        post(&server.url("/jumpcloud"), &jumpcloud_headers(), &alert).pair(),
        ACCEPTED
    );
    let jamf_line = parse_line("jamf", &jamf);
    let alert_line = parse_line("jumpcloud", &alert);
    // The command ran, and finished, before the answer: its file is complete now. An event
    // without a time gets an empty FLEETHOOKS_OCCURRED_AT.
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap(),
        format!(
            "source=jamf\ntype=ComputerCheckIn\nkey=7:ComputerCheckIn:1712830021877:1842\noccurred_at=2024-04-11T10:07:01.877Z\n{jamf_line}\n\
             source=jumpcloud\ntype=alert\nkey=6743e2a1b3c4d50001e6f7a8:Open:\noccurred_at=\n{alert_line}\n"
        )
    );
    assert_eq!(lines(&output), [jamf_line, alert_line]);
}

#[test]
fn a_failed_command_is_a_503_that_stores_nothing_and_a_retry_is_accepted() {
    let dir = temp_dir();
    let fixed = dir.path().join("fixed");
    let ran = dir.path().join("ran");
    let config = write_config(dir.path(), &standard_config("", ""));
    let output = dir.path().join("events.jsonl");
    // Fails with status 3 until the file `fixed` exists.
    let command = format!("echo run >> {}; test -e {} || exit 3", sh(&ran), sh(&fixed));
    let server = Serve::new()
        .config(&config)
        .output(&output)
        .arg("--exec")
        .arg(&command)
        .start();
    let jamf = fixture_bytes("jamf", "mobile_device_enrolled.json");
    let reply = post(&server.url("/jamf"), &jamf_headers(), &jamf);
    assert_eq!(reply.pair(), EXEC_FAILED);
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert!(lines(&output).is_empty());
    // Not remembered: the same delivery fails again rather than passing as a duplicate.
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &jamf).pair(),
        EXEC_FAILED
    );
    assert!(lines(&output).is_empty());
    std::fs::write(&fixed, "").unwrap();
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &jamf).pair(),
        ACCEPTED
    );
    assert_eq!(lines(&output), [parse_line("jamf", &jamf)]);
    // Accepted now, so remembered: the command does not run for the repeat.
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &jamf).pair(),
        (200, r#"{"status":"duplicate"}"#)
    );
    assert_eq!(std::fs::read_to_string(&ran).unwrap(), "run\nrun\nrun\n");
    let metrics = support::server::get(&server.url("/metrics")).body;
    assert!(
        metrics.contains("\nfleethooks_exec_failures_total{rule=\"exec\"} 2\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("\nfleethooks_sink_failures_total{sink=\"exec\"} 2\n"),
        "{metrics}"
    );
}

#[test]
fn a_command_past_its_timeout_is_killed_with_its_process_group() {
    let dir = temp_dir();
    let shell_pid = dir.path().join("shell.pid");
    let child_pid = dir.path().join("child.pid");
    // The shell and a child of its own, both in the command's process group; `wait` keeps the
    // shell until the child ends.
    let command = format!(
        "echo $$ > {}; sleep 30 & echo $! > {}; wait",
        sh(&shell_pid),
        sh(&child_pid)
    );
    let config = write_config(
        dir.path(),
        &standard_config(
            &format!(
                "exec_timeout_secs = 1\nexec = \"{}\"",
                command.replace('"', "\\\"")
            ),
            "",
        ),
    );
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let jamf = fixture_bytes("jamf", "computer_added.json");
    let started = Instant::now();
    let reply = post(&server.url("/jamf"), &jamf_headers(), &jamf);
    let took = started.elapsed();
    assert_eq!(reply.pair(), EXEC_FAILED);
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(5),
        "answered after {took:?}"
    );
    assert!(lines(&output).is_empty());
    let read_pid = |path: &Path| -> u32 {
        std::fs::read_to_string(path)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let (shell, child) = (read_pid(&shell_pid), read_pid(&child_pid));
    assert!(
        eventually(|| process_gone(shell)),
        "the shell {shell} still runs"
    );
    assert!(
        eventually(|| process_gone(child)),
        "its child {child} still runs"
    );
    let stderr = server.wait_stderr("did not finish within 1s and was killed");
    assert!(stderr.contains("rule=exec"), "{stderr}");
}

#[test]
fn rules_run_for_the_sources_and_types_they_name() {
    let dir = temp_dir();
    let computers = dir.path().join("computers.jsonl");
    let alerts = dir.path().join("alerts.jsonl");
    let rules = format!(
        r#"
[[exec]]
source = "jamf"
types = ["Computer*"]
command = "cat >> {computers}"

[[exec]]
source = "jumpcloud"
types = "alert"
command = "cat >> {alerts}"

[[exec]]
source = "cmdop"
types = ["command.*", "session.?onnected"]
command = "exit 9"
"#,
        computers = sh(&computers),
        alerts = sh(&alerts),
    );
    let config = write_config(dir.path(), &standard_config(&rules, ""));
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let check_in = fixture_bytes("jamf", "computer_check_in.json");
    let mobile = fixture_bytes("jamf", "mobile_device_check_in.json");
    let alert = fixture_bytes("jumpcloud", "alert_acknowledged_high.json");
    let offline = fixture_bytes("cmdop", "machine_offline.json");
    let completed = fixture_bytes("cmdop", "command_completed.json");
    let cmdop = |body: &[u8]| support::server::cmdop_headers(support::server::CMDOP_SECRET, body);
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &check_in).pair(),
        ACCEPTED
    );
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &mobile).pair(),
        ACCEPTED
    );
    assert_eq!(
        post(&server.url("/jumpcloud"), &jumpcloud_headers(), &alert).pair(),
        ACCEPTED
    );
    // No rule matches machine.offline: written all the same.
    assert_eq!(
        post(&server.url("/cmdop"), &cmdop(&offline), &offline).pair(),
        ACCEPTED
    );
    // command.completed matches the failing rule.
    assert_eq!(
        post(&server.url("/cmdop"), &cmdop(&completed), &completed).pair(),
        EXEC_FAILED
    );
    assert_eq!(
        std::fs::read_to_string(&computers).unwrap(),
        format!("{}\n", parse_line("jamf", &check_in))
    );
    assert_eq!(
        std::fs::read_to_string(&alerts).unwrap(),
        format!("{}\n", parse_line("jumpcloud", &alert))
    );
    assert_eq!(
        lines(&output),
        [
            parse_line("jamf", &check_in),
            parse_line("jamf", &mobile),
            parse_line("jumpcloud", &alert),
            parse_line("cmdop", &offline),
        ]
    );
    let stderr = server.wait_stderr("exited with status 9");
    assert!(stderr.contains("rule=exec[2]"), "{stderr}");
}

/// A command that records its start in `dir/started`, waits for `dir/go`, and fails when
/// `dir/fail` exists: a delivery held in flight for as long as the test wants.
fn held_command(dir: &Path) -> String {
    let file = |name: &str| sh(&dir.join(name));
    format!(
        "echo x >> {started}; while [ ! -e {go} ]; do sleep 0.02; done; test ! -e {fail}",
        started = file("started"),
        go = file("go"),
        fail = file("fail"),
    )
}

/// Runs of the held command so far.
fn started(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("started")).map_or(0, |t| t.lines().count())
}

/// Posts `body` to Jamf on a thread: the reply, and when it came.
fn post_later(
    url: String,
    body: Vec<u8>,
) -> std::thread::JoinHandle<(support::server::Reply, Instant)> {
    std::thread::spawn(move || {
        let reply = post(&url, &jamf_headers(), &body);
        (reply, Instant::now())
    })
}

#[test]
fn a_repeat_of_an_event_in_flight_waits_for_its_outcome() {
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config("exec_timeout_secs = 10", ""));
    let output = dir.path().join("events.jsonl");
    let server = Serve::new()
        .config(&config)
        .output(&output)
        .arg("--exec")
        .arg(&held_command(dir.path()))
        .start();
    let url = server.url("/jamf");
    let release = |outcome_fails: bool, body: &[u8]| {
        let first = post_later(url.clone(), body.to_vec());
        assert!(
            eventually(|| started(dir.path()) >= 1),
            "the command never started"
        );
        // The sender's retry, while the first delivery is still being handed on.
        let repeat = post_later(url.clone(), body.to_vec());
        std::thread::sleep(Duration::from_millis(300));
        if outcome_fails {
            std::fs::write(dir.path().join("fail"), "").unwrap();
        }
        let released = Instant::now();
        std::fs::write(dir.path().join("go"), "").unwrap();
        let (first, _) = first.join().unwrap();
        let (repeat, answered) = repeat.join().unwrap();
        assert!(
            answered > released,
            "the repeat was answered before the outcome was known"
        );
        // The command ran once: the repeat was not handed on.
        assert_eq!(started(dir.path()), 1);
        for name in ["go", "fail", "started"] {
            let _ = std::fs::remove_file(dir.path().join(name));
        }
        (first, repeat)
    };
    let jamf = fixture_bytes("jamf", "mobile_device_push_sent.json");
    let (first, repeat) = release(true, &jamf);
    assert_eq!(first.pair(), EXEC_FAILED);
    assert_eq!(
        repeat.pair(),
        (
            503,
            r#"{"error":"the first delivery of this event failed; retry later"}"#
        )
    );
    assert_eq!(repeat.header("retry-after"), Some("5"));
    assert!(lines(&output).is_empty());
    let (first, repeat) = release(false, &jamf);
    assert_eq!(first.pair(), ACCEPTED);
    assert_eq!(repeat.pair(), (200, r#"{"status":"duplicate"}"#));
    assert_eq!(lines(&output), [parse_line("jamf", &jamf)]);
}

#[test]
fn past_max_in_flight_a_delivery_is_told_to_retry() {
    let dir = temp_dir();
    let config = write_config(
        dir.path(),
        &standard_config("exec_timeout_secs = 10\nmax_in_flight = 1", ""),
    );
    let output = dir.path().join("events.jsonl");
    let server = Serve::new()
        .config(&config)
        .output(&output)
        .arg("--exec")
        .arg(&held_command(dir.path()))
        .start();
    let held = fixture_bytes("jamf", "computer_inventory_completed.json");
    let other = fixture_bytes("jamf", "computer_check_in.json");
    let first = post_later(server.url("/jamf"), held.clone());
    assert!(
        eventually(|| started(dir.path()) >= 1),
        "the command never started"
    );
    let reply = post(&server.url("/jamf"), &jamf_headers(), &other);
    assert_eq!(
        reply.pair(),
        (503, r#"{"error":"the receiver is saturated; retry later"}"#)
    );
    assert_eq!(reply.header("retry-after"), Some("5"));
    std::fs::write(dir.path().join("go"), "").unwrap();
    assert_eq!(first.join().unwrap().0.pair(), ACCEPTED);
    // The refused one was never looked at: it is taken now, as new.
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &other).pair(),
        ACCEPTED
    );
    assert_eq!(
        lines(&output),
        [parse_line("jamf", &held), parse_line("jamf", &other)]
    );
}

#[test]
fn a_command_never_sees_the_variables_secrets_were_read_from() {
    let dir = temp_dir();
    let seen = dir.path().join("env.txt");
    let config = write_config(dir.path(), &standard_config("", ""));
    let server = Serve::new()
        .config(&config)
        .output(&dir.path().join("events.jsonl"))
        .arg("--exec")
        .arg(&format!("env > {}", sh(&seen)))
        .start();
    let jamf = fixture_bytes("jamf", "computer_check_in.json");
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &jamf).pair(),
        ACCEPTED
    );
    let env = std::fs::read_to_string(&seen).unwrap();
    assert!(
        env.contains("FLEETHOOKS_KEY=7:ComputerCheckIn:1712830021877:1842"),
        "{env}"
    );
    for (name, secret) in support::server::ENV {
        assert!(!env.contains(name), "{name} reached the command");
        assert!(!env.contains(secret), "a secret reached the command");
    }
}
