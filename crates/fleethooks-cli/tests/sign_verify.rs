//! `fleethooks sign` and `fleethooks verify`, run as the built binary.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail the test on bad fixtures"
)]

mod support;

use assert_cmd::Command;
use predicates::prelude::*;

const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_SIGNATURE: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
const FIXTURE: &str = "tests/fixtures/machine_offline.json";

/// The binary without the secret variables these tests set, so no test sees another's.
fn fleethooks() -> Command {
    let mut cmd = support::fleethooks();
    cmd.env_remove("FH_SECRET").env_remove("FH_OLD_SECRET");
    cmd
}

fn secret_file(contents: &[u8]) -> tempfile_path::TempFile {
    tempfile_path::TempFile::with(contents)
}

/// A file under the target directory that is removed when dropped; enough for these tests
/// without another dependency.
mod tempfile_path {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static NEXT: AtomicUsize = AtomicUsize::new(0);

    pub(crate) struct TempFile(pub(crate) PathBuf);

    impl TempFile {
        pub(crate) fn with(contents: &[u8]) -> Self {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = std::env::temp_dir()
                .join(format!("fleethooks-cli-test-{}-{n}", std::process::id()));
            std::fs::write(&path, contents).unwrap();
            Self(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[test]
fn sign_stdin_with_secret_from_env() {
    fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET"])
        .env("FH_SECRET", GITHUB_SECRET)
        .write_stdin("Hello, World!")
        .assert()
        .success()
        .stdout(format!("{GITHUB_SIGNATURE}\n"))
        .stderr("");
}

#[test]
fn sign_file_and_dash_read_the_same_bytes() {
    let body = std::fs::read(FIXTURE).unwrap();
    let from_file = fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET", FIXTURE])
        .env("FH_SECRET", "whsec_9d2f61c0")
        .output()
        .unwrap();
    let from_stdin = fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET", "-"])
        .env("FH_SECRET", "whsec_9d2f61c0")
        .write_stdin(body)
        .output()
        .unwrap();
    assert!(from_file.status.success());
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let line = String::from_utf8(from_file.stdout).unwrap();
    assert!(
        line.starts_with("sha256=") && line.len() == 7 + 64 + 1,
        "{line:?}"
    );
}

#[test]
fn secret_file_loses_exactly_one_trailing_newline() {
    let with_newline = secret_file(format!("{GITHUB_SECRET}\n").as_bytes());
    fleethooks()
        .args(["sign", "--secret-file"])
        .arg(&with_newline.0)
        .write_stdin("Hello, World!")
        .assert()
        .success()
        .stdout(format!("{GITHUB_SIGNATURE}\n"));

    // Two newlines: the second is part of the secret, so the signature differs.
    let two = secret_file(format!("{GITHUB_SECRET}\n\n").as_bytes());
    fleethooks()
        .args(["verify", "--signature", GITHUB_SIGNATURE, "--secret-file"])
        .arg(&two.0)
        .write_stdin("Hello, World!")
        .assert()
        .code(1);
}

#[test]
fn verify_accepts_a_valid_signature() {
    fleethooks()
        .args([
            "verify",
            "--secret-env",
            "FH_SECRET",
            "--signature",
            GITHUB_SIGNATURE,
        ])
        .env("FH_SECRET", GITHUB_SECRET)
        .write_stdin("Hello, World!")
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn verify_round_trips_with_sign_on_a_file() {
    let signed = fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET", FIXTURE])
        .env("FH_SECRET", "whsec_9d2f61c0")
        .output()
        .unwrap();
    let signature = String::from_utf8(signed.stdout).unwrap();
    fleethooks()
        .args([
            "verify",
            "--secret-env",
            "FH_SECRET",
            "--signature",
            signature.trim(),
            FIXTURE,
        ])
        .env("FH_SECRET", "whsec_9d2f61c0")
        .assert()
        .success();
}

#[test]
fn verify_with_rotation_accepts_any_secret() {
    let file = secret_file(b"whsec_new_2026\n");
    let signed = fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET"])
        .env("FH_SECRET", "whsec_new_2026")
        .write_stdin("payload")
        .output()
        .unwrap();
    let signature = String::from_utf8(signed.stdout).unwrap();
    let signature = signature.trim();
    fleethooks()
        .args(["verify", "--secret-env", "FH_OLD_SECRET", "--secret-file"])
        .arg(&file.0)
        .args(["--signature", signature])
        .env("FH_OLD_SECRET", "whsec_old_2025")
        .write_stdin("payload")
        .assert()
        .success();
}

#[test]
fn verify_rejections_exit_1_with_one_line_reason() {
    let cases = [
        (
            GITHUB_SIGNATURE.to_owned(),
            "Hello, World?",
            "signature does not match the body",
        ),
        (
            GITHUB_SIGNATURE.replace("sha256=", ""),
            "Hello, World!",
            "signature has no algorithm prefix",
        ),
        (
            GITHUB_SIGNATURE.replace("sha256=", "sha1="),
            "Hello, World!",
            "unsupported signature algorithm `sha1`",
        ),
        (
            GITHUB_SIGNATURE.replace("75710", "7571z"),
            "Hello, World!",
            "signature digest is not hex",
        ),
        (
            "sha256=abcd".to_owned(),
            "Hello, World!",
            "signature digest has 4 hex digits",
        ),
    ];
    for (signature, body, reason) in cases {
        let output = fleethooks()
            .args([
                "verify",
                "--secret-env",
                "FH_SECRET",
                "--signature",
                &signature,
            ])
            .env("FH_SECRET", GITHUB_SECRET)
            .write_stdin(body)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{signature}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(reason), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains(GITHUB_SECRET));
    }
}

#[test]
fn usage_errors_exit_2() {
    // No secret source at all.
    fleethooks()
        .args(["sign"])
        .write_stdin("x")
        .assert()
        .code(2);
    // Both sources for sign, which takes exactly one.
    fleethooks()
        .args(["sign", "--secret-env", "A", "--secret-file", "b"])
        .assert()
        .code(2);
    // A secret as a plain argument is not a thing.
    fleethooks()
        .args(["sign", "--secret", "hunter2"])
        .assert()
        .code(2);
    // verify needs --signature.
    fleethooks()
        .args(["verify", "--secret-env", "FH_SECRET"])
        .env("FH_SECRET", "s")
        .assert()
        .code(2);
    // Unset variable, missing files, empty secret.
    fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "environment variable FH_SECRET is not set",
        ));
    fleethooks()
        .args(["sign", "--secret-file", "/nonexistent/fleethooks-secret"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read secret file"));
    fleethooks()
        .args([
            "sign",
            "--secret-env",
            "FH_SECRET",
            "/nonexistent/body.json",
        ])
        .env("FH_SECRET", "s")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/body.json",
        ));
    fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET"])
        .env("FH_SECRET", "")
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a secret must not be empty"));
    // Unknown subcommand.
    fleethooks().arg("frobnicate").assert().code(2);
}

#[test]
fn sign_reads_binary_bodies_exactly() {
    let body: Vec<u8> = (0..=255u8).chain([0xff, 0xfe, b'\n', b'\r']).collect();
    let mut expected = fleethooks_verify::sign(&"k3y".into(), &body)
        .unwrap()
        .to_string();
    expected.push('\n');
    let file = secret_file(&body);
    fleethooks()
        .args(["sign", "--secret-env", "FH_SECRET"])
        .arg(&file.0)
        .env("FH_SECRET", "k3y")
        .assert()
        .success()
        .stdout(expected);
}

#[test]
fn help_and_version_exit_0() {
    fleethooks()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("sign"));
    fleethooks().arg("--version").assert().success();
}
