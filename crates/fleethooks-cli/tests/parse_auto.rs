//! `fleethooks parse --source auto`: the source told from the body, and refused when unclear.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test on bad fixtures"
)]

mod support;

use support::fleethooks;

use serde_json::Value;

fn parse_auto(path: &str) -> Value {
    let output = fleethooks()
        .args(["parse", "--source", "auto", path])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn parse_named(source: &str, path: &str) -> Value {
    let output = fleethooks()
        .args(["parse", "--source", source, path])
        .output()
        .unwrap();
    assert!(output.status.success(), "{path}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn auto_matches_the_named_source() {
    let cases = [
        (
            "jamf",
            "../fleethooks-jamf/tests/fixtures/computer_check_in.json",
        ),
        (
            "jamf",
            "../fleethooks-jamf/tests/fixtures/computer_check_in.xml",
        ),
        (
            "jamf",
            "../fleethooks-jamf/tests/fixtures/scep_challenge.json",
        ),
        (
            "jumpcloud",
            "../fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json",
        ),
        ("cmdop", "tests/fixtures/machine_offline.json"),
    ];
    for (source, path) in cases {
        let auto = parse_auto(path);
        assert_eq!(auto["source"], source, "{path}");
        assert_eq!(auto, parse_named(source, path), "{path}");
    }
}

#[test]
fn auto_refuses_what_it_cannot_tell() {
    let cases: [(&[u8], &str); 4] = [
        (
            br#"{"event":"x","id":"1"}"#,
            "cannot tell the source: no `webhook` (Jamf)",
        ),
        (b"[1, 2]", "not a JSON object or XML document"),
        (b"", "not a JSON object or XML document"),
        (b"{\"webhook\": ", "the body is not valid JSON"),
    ];
    for (body, reason) in cases {
        let output = fleethooks()
            .args(["parse", "--source", "auto"])
            .write_stdin(body)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{body:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(reason), "{stderr}");
        assert_eq!(stderr.lines().count(), 1);
    }
}

#[test]
fn auto_with_to_xml_is_for_jamf_only() {
    fleethooks()
        .args([
            "parse",
            "--source",
            "auto",
            "--to",
            "xml",
            "tests/fixtures/machine_offline.json",
        ])
        .assert()
        .code(2);
    let output = fleethooks()
        .args(["parse", "--source", "auto", "--to", "xml"])
        .arg("../fleethooks-jamf/tests/fixtures/computer_check_in.json")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("<JSSEvent>")
    );
}
