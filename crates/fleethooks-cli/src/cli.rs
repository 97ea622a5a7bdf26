//! The command line, as clap sees it. This contract is fixed: add to it, never change it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sign, verify and parse Jamf Pro, JumpCloud and cmdop webhooks.
#[derive(Debug, Parser)]
#[command(name = "fleethooks", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the `sha256=<hex>` HMAC-SHA256 signature of a body.
    Sign(SignArgs),
    /// Check a `sha256=<hex>` signature against a body; exit 1 when it does not match.
    Verify(VerifyArgs),
    /// Parse a webhook body into one JSON object: source, type, time, dedup key and payload.
    Parse(ParseArgs),
}

/// Where the one signing secret comes from.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct OneSecret {
    /// Read the secret from this environment variable.
    #[arg(long, value_name = "NAME")]
    pub(crate) secret_env: Option<String>,
    /// Read the secret from this file, minus one trailing newline.
    #[arg(long, value_name = "PATH")]
    pub(crate) secret_file: Option<PathBuf>,
}

/// Where the accepted secrets come from; several allow rotation.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub(crate) struct ManySecrets {
    /// Accept a secret read from this environment variable (repeatable).
    #[arg(long, value_name = "NAME")]
    pub(crate) secret_env: Vec<String>,
    /// Accept a secret read from this file, minus one trailing newline (repeatable).
    #[arg(long, value_name = "PATH")]
    pub(crate) secret_file: Vec<PathBuf>,
}

/// `fleethooks sign`.
#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    #[command(flatten)]
    pub(crate) secret: OneSecret,
    /// The body to sign, byte for byte; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

/// `fleethooks verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) secrets: ManySecrets,
    /// The signature header value, e.g. `sha256=757107ea…`.
    #[arg(long, value_name = "VALUE")]
    pub(crate) signature: String,
    /// The body the signature covers, byte for byte; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

/// `fleethooks parse`.
#[derive(Debug, Args)]
pub(crate) struct ParseArgs {
    /// Which product sent the body.
    #[arg(long, value_enum)]
    pub(crate) source: Source,
    /// The request's Content-Type, when the body's form is not obvious (Jamf: JSON or XML).
    #[arg(long, value_name = "TYPE")]
    pub(crate) content_type: Option<String>,
    /// Print the payload in another form instead of the JSON summary (Jamf: `xml`).
    #[arg(long, value_enum)]
    pub(crate) to: Option<OutputForm>,
    /// The webhook body; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

/// The webhook sources `parse` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Source {
    /// Jamf Pro, JSON or XML.
    Jamf,
    /// JumpCloud alert notifications.
    Jumpcloud,
    /// cmdop signed event envelopes.
    Cmdop,
}

/// Forms `parse --to` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputForm {
    /// The summary object with the payload as JSON (the default).
    Json,
    /// The payload alone, in the vendor's XML form (Jamf only).
    Xml,
}
