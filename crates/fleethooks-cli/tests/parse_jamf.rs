//! `fleethooks parse --source jamf`, run as the built binary.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test on bad fixtures"
)]

mod support;

use support::{fleethooks, one_json_line};

use predicates::prelude::*;
use serde_json::Value;

const JAMF_FIXTURES: &str = "../fleethooks-jamf/tests/fixtures";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{JAMF_FIXTURES}/{name}")).unwrap()
}

#[test]
fn json_file_prints_the_summary() {
    let out = fleethooks()
        .args([
            "parse",
            "--source",
            "jamf",
            &format!("{JAMF_FIXTURES}/computer_check_in.json"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let s = one_json_line(&out);
    assert_eq!(s["source"], "jamf");
    assert_eq!(s["type"], "ComputerCheckIn");
    assert_eq!(s["occurred_at"], "2024-04-11T10:07:01.877Z");
    assert_eq!(s["key"], "7:ComputerCheckIn:1712830021877:1842");
    // The payload is the event in Jamf's JSON form.
    let original: Value = serde_json::from_slice(&fixture("computer_check_in.json")).unwrap();
    assert_eq!(s["payload"], original);
    // Fields in the contract's order.
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(r#"{"source":"jamf","type":"ComputerCheckIn","occurred_at":"#),
        "{text}"
    );
}

#[test]
fn xml_on_stdin_gives_the_same_summary_as_its_json_twin() {
    let from_xml = fleethooks()
        .args([
            "parse",
            "--source",
            "jamf",
            "--content-type",
            "text/xml; charset=UTF-8",
            "-",
        ])
        .write_stdin(fixture("scep_challenge.xml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let from_json = fleethooks()
        .args(["parse", "--source", "jamf"])
        .write_stdin(fixture("scep_challenge.json"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let (x, j) = (one_json_line(&from_xml), one_json_line(&from_json));
    assert_eq!(x["type"], "SCEPChallenge");
    assert_eq!(x["key"], j["key"]);
    assert_eq!(x["occurred_at"], j["occurred_at"]);
    // Numbers read from XML text (`departmentID`, timestamps) are written as JSON numbers.
    assert_eq!(x["payload"], j["payload"]);
}

#[test]
fn missing_timestamp_is_null() {
    let out = fleethooks()
        .args([
            "parse",
            "--source",
            "jamf",
            &format!("{JAMF_FIXTURES}/header_minimal.xml"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let s = one_json_line(&out);
    assert_eq!(s["occurred_at"], Value::Null);
    assert_eq!(s["key"], "-:ComputerAdded:-:1842");
}

#[test]
fn to_xml_prints_jamf_xml() {
    fleethooks()
        .args([
            "parse",
            "--source",
            "jamf",
            "--to",
            "xml",
            &format!("{JAMF_FIXTURES}/push_sent.json"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><JSSEvent><webhook><id>7</id>",
        ))
        .stdout(predicate::str::contains(
            "<event><type>UpdateInventory</type><managementId>4410</managementId></event>",
        ))
        .stdout(predicate::str::ends_with("</JSSEvent>\n"));
}

#[test]
fn rejected_input_exits_1_with_the_error_on_stderr() {
    fleethooks()
        .args(["parse", "--source", "jamf"])
        .write_stdin(r#"{"event": {"computer": {"jssID": "abc"}}, "webhook": {"webhookEvent": "ComputerCheckIn"}}"#)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("event.computer.jssID").and(predicate::str::contains("line 1, column 38")));
    fleethooks()
        .args(["parse", "--source", "jamf"])
        .write_stdin("<!DOCTYPE x><JSSEvent/>")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "document type declarations are not accepted",
        ));
    fleethooks()
        .args(["parse", "--source", "jamf", "--content-type", "text/plain"])
        .write_stdin(fixture("jss_startup.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unsupported content type `text/plain`",
        ));
    fleethooks()
        .args(["parse", "--source", "jamf"])
        .write_stdin(r#"{"event": {}}"#)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing the `webhook` header"));
}
