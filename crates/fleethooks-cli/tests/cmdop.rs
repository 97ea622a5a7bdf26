//! `fleethooks parse --source cmdop`, and `sign`/`verify` on a cmdop delivery, run as the built
//! binary.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test on bad fixtures"
)]

mod support;

use support::{fleethooks, one_json_line};

use predicates::prelude::*;
use serde_json::Value;

const CMDOP_FIXTURES: &str = "../fleethooks-cmdop/tests/fixtures";

fn fixture_path(name: &str) -> String {
    format!("{CMDOP_FIXTURES}/{name}")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

fn parse_file(name: &str) -> Vec<u8> {
    fleethooks()
        .args(["parse", "--source", "cmdop", &fixture_path(name)])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

#[test]
fn file_prints_the_summary() {
    let out = parse_file("machine_offline.json");
    let s = one_json_line(&out);
    assert_eq!(s["source"], "cmdop");
    assert_eq!(s["type"], "machine.offline");
    assert_eq!(s["occurred_at"], "2024-01-20T15:45:00.000Z");
    assert_eq!(s["key"], "evt_xyz789");
    let original: Value = serde_json::from_slice(&fixture("machine_offline.json")).unwrap();
    assert_eq!(s["payload"], original);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(
            r#"{"source":"cmdop","type":"machine.offline","occurred_at":"2024-01-20T15:45:00.000Z","key":"evt_xyz789","payload":{"id":"evt_xyz789","type":"machine.offline","#
        ),
        "{text}"
    );
}

#[test]
fn every_fixture_payload_is_the_envelope() {
    for name in [
        "session_grace_period.json",
        "command_failed.json",
        "command_timeout.json",
        "file_uploaded.json",
        "test.json",
        "schedule_failed.json",
        "unknown_type.json",
        "command_completed_1kb.json",
    ] {
        let s = one_json_line(&parse_file(name));
        let original: Value = serde_json::from_slice(&fixture(name)).unwrap();
        assert_eq!(s["payload"], original, "{name}");
        assert_eq!(s["type"], original["type"], "{name}");
        assert_eq!(s["key"], original["id"], "{name}");
    }
}

#[test]
fn fractional_timestamps_keep_milliseconds() {
    let s = one_json_line(&parse_file("command_timeout.json"));
    assert_eq!(s["occurred_at"], "2024-11-20T09:45:00.250Z");
}

#[test]
fn stdin_and_dash_read_standard_input() {
    for args in [
        &["parse", "--source", "cmdop"][..],
        &["parse", "--source", "cmdop", "-"][..],
    ] {
        let out = fleethooks()
            .args(args)
            .write_stdin(fixture("test.json"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let s = one_json_line(&out);
        assert_eq!(s["type"], "test");
        assert_eq!(s["payload"]["data"]["message"], "This is a test webhook");
    }
}

#[test]
fn an_invalid_event_is_rejected_with_its_path() {
    fleethooks()
        .args(["parse", "--source", "cmdop"])
        .write_stdin(r#"{"id":"evt_1","type":"command.failed","timestamp":"2024-11-20T09:15:41Z","data":{"exit_code":"one"}}"#)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "fleethooks: rejected: cannot parse cmdop event: invalid JSON at `$.data.exit_code` (line 1, column 98): invalid type: string \"one\", expected i64\n",
        ));
    fleethooks()
        .args(["parse", "--source", "cmdop"])
        .write_stdin("not json")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot parse cmdop event: invalid JSON at `$` (line 1, column 2): expected ident",
        ));
}

#[test]
fn a_non_json_content_type_is_rejected() {
    fleethooks()
        .args(["parse", "--source", "cmdop", "--content-type", "text/xml"])
        .write_stdin(fixture("test.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cmdop webhooks are application/json",
        ));
    fleethooks()
        .args([
            "parse",
            "--source",
            "cmdop",
            "--content-type",
            "application/json; charset=utf-8",
            &fixture_path("test.json"),
        ])
        .assert()
        .success();
}

#[test]
fn to_xml_is_refused() {
    fleethooks()
        .args([
            "parse",
            "--source",
            "cmdop",
            "--to",
            "xml",
            &fixture_path("test.json"),
        ])
        .assert()
        .code(2);
}

#[test]
fn a_fixture_signed_with_sign_verifies() {
    let dir = std::env::temp_dir().join(format!("fleethooks-cli-cmdop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let secret = dir.join("secret");
    let old = dir.join("old-secret");
    std::fs::write(&secret, "whsec_9f3b2c7d41e8\n").unwrap();
    std::fs::write(&old, "whsec_retired").unwrap();
    let body = fixture_path("command_failed.json");

    let out = fleethooks()
        .args(["sign", "--secret-file", secret.to_str().unwrap(), &body])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let signature = String::from_utf8(out).unwrap().trim_end().to_owned();
    assert!(signature.starts_with("sha256="), "{signature}");
    // The same value the library's sender helper makes.
    let expected = fleethooks_cmdop::sign(
        &"whsec_9f3b2c7d41e8".into(),
        &fixture("command_failed.json"),
    )
    .unwrap();
    assert_eq!(signature, expected.to_header_value());

    // Verifies, also during a rotation and in uppercase.
    fleethooks()
        .args([
            "verify",
            "--secret-file",
            secret.to_str().unwrap(),
            "--signature",
            &signature,
            &body,
        ])
        .assert()
        .success();
    fleethooks()
        .args([
            "verify",
            "--secret-file",
            old.to_str().unwrap(),
            "--secret-file",
            secret.to_str().unwrap(),
            "--signature",
            &signature.to_ascii_uppercase(),
            &body,
        ])
        .assert()
        .success();
    // Rejected for another secret or another body.
    fleethooks()
        .args([
            "verify",
            "--secret-file",
            old.to_str().unwrap(),
            "--signature",
            &signature,
            &body,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "signature does not match the body",
        ));
    fleethooks()
        .args([
            "verify",
            "--secret-file",
            secret.to_str().unwrap(),
            "--signature",
            &signature,
            &fixture_path("command_completed.json"),
        ])
        .assert()
        .code(1);
    std::fs::remove_dir_all(&dir).unwrap();
}
