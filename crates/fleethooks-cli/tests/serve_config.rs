//! `fleethooks serve`'s configuration: every mistake is refused at start with exit code 2 and
//! a message naming the key; inline secrets only in a file nobody else can read; and the
//! quickstart (no config) prints commands that work as printed.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use support::server::{
    JAMF_PASSWORD, Serve, command, fixture, jamf_headers, post, run_with_stdin, temp_dir,
    write_file,
};

/// Runs `serve` with `args`, which must fail at start: `(exit code, stdout, stderr)`.
fn refused(args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_with_stdin(command().arg("serve").args(args), b"");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A config file `name` with `text` and `mode` in `dir`, refused: its stderr.
fn refused_config(dir: &Path, name: &str, text: &str, mode: u32) -> String {
    let path = write_file(dir, name, text, mode);
    let (code, stdout, stderr) = refused(&["--config", path.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (Some(2), ""), "{name}: {stderr}");
    stderr
}

#[test]
fn config_mistakes_name_their_key_and_exit_2() {
    let dir = temp_dir();
    let d = dir.path();
    let path = |name: &str| d.join(name).display().to_string();
    let cases: [(&str, &str, String); 12] = [
        (
            "unknown-key.toml",
            "listn = \"127.0.0.1:8787\"\n\n[cmdop]\nauth = \"none\"\n",
            format!(
                "invalid config {} (line 1, column 1) at `listn`: unknown field `listn`, expected one of `listen`, `output`, `body_limit`, `dedup_window_secs`, `exec`, `exec_timeout_secs`, `exec_concurrency`, `max_connections`, `max_in_flight`, `header_timeout_secs`, `body_timeout_secs`, `shutdown_timeout_secs`, `tls_cert`, `tls_key`, `jamf`, `jumpcloud`, `cmdop`, `forward`, `dedup`",
                path("unknown-key.toml")
            ),
        ),
        (
            "unknown-key-in-section.toml",
            "[jamf]\nauth = \"basic\"\nusrname_env = \"FH_TEST_JAMF_USER\"\n",
            format!(
                "invalid config {} (line 3, column 1) at `jamf.usrname_env`: unknown field `usrname_env`, expected one of `auth`, `username`, `username_env`, `username_file`, `password`, `password_env`, `password_file`, `token`, `token_env`, `token_file`, `header`, `value`, `value_env`, `value_file`, `scep_challenge_command`, `scep_challenge_timeout_secs`",
                path("unknown-key-in-section.toml")
            ),
        ),
        (
            "unknown-key-in-rule.toml",
            "[[exec]]\ncomand = \"true\"\n\n[cmdop]\nauth = \"none\"\n",
            format!(
                "invalid config {} (line 2, column 1) at `exec[0].comand`: unknown field `comand`, expected one of `source`, `types`, `command`, `timeout_secs`, `concurrency`",
                path("unknown-key-in-rule.toml")
            ),
        ),
        (
            "wrong-type.toml",
            "dedup_window_secs = \"ten years\"\n\n[cmdop]\nauth = \"none\"\n",
            format!(
                "invalid config {} (line 1, column 21) at `dedup_window_secs`: invalid type: string \"ten years\", expected u64",
                path("wrong-type.toml")
            ),
        ),
        (
            "wrong-type-in-list.toml",
            "[cmdop]\nsecrets_env = [\"FH_TEST_CMDOP_SECRET\", 7]\n",
            format!(
                "invalid config {} (line 2, column 40) at `cmdop.secrets_env[1]`: invalid type: integer `7`, expected a string",
                path("wrong-type-in-list.toml")
            ),
        ),
        (
            "bad-auth.toml",
            "[jamf]\nauth = \"token\"\ntoken_env = \"FH_TEST_JUMPCLOUD_TOKEN\"\n",
            "config key `jamf.auth` is `token`: expected one of none, basic, header".to_owned(),
        ),
        (
            "no-auth.toml",
            "[jumpcloud]\ntoken_env = \"FH_TEST_JUMPCLOUD_TOKEN\"\n",
            "config key `jumpcloud.auth` is required: one of none, basic, token, header".to_owned(),
        ),
        (
            "missing-variable.toml",
            "[jamf]\nauth = \"basic\"\nusername_env = \"FH_TEST_JAMF_USER\"\npassword_env = \"FH_TEST_NOT_SET_ANYWHERE\"\n",
            "config key `jamf.password_env`: environment variable FH_TEST_NOT_SET_ANYWHERE is not set".to_owned(),
        ),
        (
            "missing-secret.toml",
            "[cmdop]\nauth = \"signature\"\n",
            "config key `cmdop.secrets_env` (or `cmdop.secrets_file`) is required: cmdop signs with a secret; set `cmdop.auth = \"none\"` for a webhook created without one".to_owned(),
        ),
        (
            "inline-password.toml",
            &format!("[jamf]\nauth = \"basic\"\nusername = \"jamf-hooks\"\npassword = \"{JAMF_PASSWORD}\"\n"),
            "config key `jamf.username` holds a secret inline, but the config file can be read by others: use `jamf.username_env` or `jamf.username_file`, or chmod 600 the file".to_owned(),
        ),
        (
            "inline-cmdop.toml",
            "[cmdop]\nsecrets = [\"whsec_7c1d9e3f5a2b4c6d8e0f1a3b\"]\n",
            "config key `cmdop.secrets` holds secrets inline, but the config file can be read by others: use `cmdop.secrets_env` or `cmdop.secrets_file`, or chmod 600 the file".to_owned(),
        ),
        (
            "no-source.toml",
            "listen = \"127.0.0.1:0\"\n",
            "the config enables no source: add a [jamf], [jumpcloud] or [cmdop] section".to_owned(),
        ),
    ];
    for (name, text, message) in cases {
        let stderr = refused_config(d, name, text, 0o644);
        assert_eq!(stderr, format!("fleethooks: error: {message}\n"), "{name}");
        assert!(
            !stderr.contains(JAMF_PASSWORD),
            "{name}: a secret in {stderr}"
        );
        assert!(!stderr.contains("whsec_"), "{name}: a secret in {stderr}");
    }
}

#[test]
fn inline_secrets_are_accepted_in_a_file_only_its_owner_can_read() {
    let dir = temp_dir();
    let text = format!(
        "[jamf]\nauth = \"basic\"\nusername = \"jamf-hooks\"\npassword = \"{JAMF_PASSWORD}\"\n"
    );
    for mode in [0o644, 0o640, 0o604] {
        let stderr = refused_config(dir.path(), "inline.toml", &text, mode);
        assert!(
            stderr
                .starts_with("fleethooks: error: config key `jamf.username` holds a secret inline"),
            "mode {mode:o}: {stderr}"
        );
    }
    let config = write_file(dir.path(), "inline.toml", &text, 0o600);
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let jamf = std::fs::read(fixture("jamf", "computer_added.json")).unwrap();
    assert_eq!(
        post(&server.url("/jamf"), &jamf_headers(), &jamf).pair(),
        (200, r#"{"status":"accepted"}"#)
    );
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    assert!(
        !stopped.stderr.contains(JAMF_PASSWORD),
        "{}",
        stopped.stderr
    );
}

#[test]
fn beyond_loopback_needs_a_config_file() {
    for listen in ["0.0.0.0:0", "[::]:0", "192.0.2.10:8787"] {
        let (code, stdout, stderr) = refused(&["--listen", listen]);
        assert_eq!(
            (code, stdout.as_str(), stderr),
            (
                Some(2),
                "",
                format!(
                    "fleethooks: error: refusing to listen on {listen} without a config file: beyond loopback, set `listen` and each source's credentials in a --config file\n"
                )
            )
        );
    }
    let (code, _, stderr) = refused(&["--listen", "localhost:8787"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            Some(2),
            "fleethooks: error: invalid listen address `localhost:8787`: expected IP:PORT such as 127.0.0.1:8787\n"
        )
    );
}

/// Whether `fleethooks simulate` works yet (it is written in parallel with these tests).
fn simulate_ready() -> bool {
    let listed = run_with_stdin(command().args(["simulate", "--list"]), b"");
    if String::from_utf8_lossy(&listed.stderr).contains("simulate is being written") {
        return false;
    }
    assert!(listed.status.success());
    true
}

/// A cmdop event of now: the quickstart's replay window is an hour, and the fixtures are older.
fn fresh_cmdop_event(dir: &Path) -> std::path::PathBuf {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let body = format!(
        r#"{{"id":"evt_01JQ7ZK4M2X8V3","type":"machine.offline","timestamp":"{now}","data":{{"machine_id":"mach_abc123","machine_name":"production-server","last_seen":"{now}"}}}}"#
    );
    let path = dir.join("machine_offline_now.json");
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn quickstart_prints_commands_that_deliver_as_printed() {
    let server = Serve::new().start();
    let banner = server.wait_stderr("\nOr with curl:\n");
    let dir_line = banner
        .lines()
        .find_map(|l| l.strip_prefix("kept in "))
        .unwrap();
    let credentials =
        Path::new(dir_line.split(" (readable by you only)").next().unwrap()).to_owned();
    assert_eq!(
        std::fs::metadata(&credentials)
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    let mut secrets = Vec::new();
    for name in [
        "jamf.user",
        "jamf.password",
        "jumpcloud.token",
        "cmdop.secret",
    ] {
        let file = credentials.join(name);
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600,
            "{name}"
        );
        secrets.push(std::fs::read_to_string(&file).unwrap());
    }
    // Never printed: the commands read them from the files.
    for secret in &secrets[1..] {
        assert!(secret.len() >= 32, "{secret}");
        assert!(!banner.contains(secret.as_str()), "a secret in the banner");
    }
    let sends: Vec<&str> = banner
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" send --source "))
        .map(str::trim)
        .collect();
    assert_eq!(sends.len(), 3, "{banner}");
    let curl = banner
        .lines()
        .find(|l| l.starts_with("  ") && l.contains(" | curl "))
        .map(str::trim)
        .unwrap();
    let scratch = support::server::temp_dir();
    let live = simulate_ready();
    let mut lines: Vec<String> = sends.iter().map(|s| (*s).to_owned()).collect();
    lines.push(curl.to_owned());
    for (i, line) in lines.iter().enumerate() {
        let (simulate, send) = line.split_once(" | ").unwrap();
        let mut words = simulate.split(' ');
        assert_eq!(words.next(), Some(support::server::binary()));
        assert_eq!(words.next(), Some("simulate"));
        let (source, event) = (words.next().unwrap(), words.next().unwrap());
        let run = if live {
            line.clone()
        } else {
            // Until simulate is written, a fixture stands in for its output.
            let stand_in = match source {
                "cmdop" => fresh_cmdop_event(scratch.path()),
                "jamf" => fixture("jamf", "computer_check_in.json"),
                _ => fixture("jumpcloud", "alert_open_critical.json"),
            };
            format!("{send} < '{}'", stand_in.display())
        };
        if send.starts_with("curl ") && Command::new("curl").arg("--version").output().is_err() {
            eprintln!("skipped the curl line: curl is not installed");
            continue;
        }
        // The line as a user would paste it, through a shell.
        let mut shell = support::server::shell(&run);
        let out = run_with_stdin(&mut shell, b"");
        let expected = if send.starts_with("curl ") {
            r#"{"status":"accepted"}"#.to_owned()
        } else {
            "200 OK\n{\"status\":\"accepted\"}\n".to_owned()
        };
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned()
            ),
            (Some(0), expected),
            "{run}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let written = server.wait_stdout_lines(i + 1);
        let summary: serde_json::Value = serde_json::from_str(&written[i]).unwrap();
        let expected_type = if source == "jumpcloud" {
            "alert"
        } else {
            event
        };
        assert_eq!(
            (summary["source"].as_str(), summary["type"].as_str()),
            (Some(source), Some(expected_type)),
            "{}",
            written[i]
        );
    }
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    // The credentials were for this run only.
    assert!(
        !credentials.exists(),
        "{} left behind",
        credentials.display()
    );
}
