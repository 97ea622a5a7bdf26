//! What every CLI test file needs: the built binary, and its one-line JSON output read back.
#![allow(dead_code, reason = "each test binary uses a different subset")]

pub(crate) mod server;

use assert_cmd::Command;
use serde_json::Value;

/// The built `fleethooks` binary. Proxy variables are cleared so a test's loopback server is
/// reached directly, whatever proxy the machine has set.
pub(crate) fn fleethooks() -> Command {
    #[allow(
        clippy::unwrap_used,
        reason = "the binary is built by cargo for every test run"
    )]
    let mut command = Command::cargo_bin("fleethooks").unwrap();
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(var);
    }
    command
}

/// Standard output that must be exactly one line of JSON, parsed.
pub(crate) fn one_json_line(output: &[u8]) -> Value {
    #[allow(
        clippy::unwrap_used,
        reason = "a test fails on output that is not UTF-8 JSON"
    )]
    let text = std::str::from_utf8(output).unwrap();
    assert_eq!(text.lines().count(), 1, "one line of JSON: {text}");
    #[allow(
        clippy::unwrap_used,
        reason = "a test fails on output that is not UTF-8 JSON"
    )]
    serde_json::from_str(text).unwrap()
}
