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
    /// Print the environment variables a JumpCloud command trigger body gives its commands.
    Env(EnvArgs),
    /// Start JumpCloud commands by trigger name (or print the request with --dry-run).
    Trigger(TriggerArgs),
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
    /// Tell the source from the body: XML or a `webhook` object is Jamf, `alert_id` is
    /// JumpCloud, `type` with `data` is cmdop.
    Auto,
}

/// Forms `parse --to` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputForm {
    /// The summary object with the payload as JSON (the default).
    Json,
    /// The payload alone, in the vendor's XML form (Jamf only).
    Xml,
}

/// `fleethooks env`.
#[derive(Debug, Args)]
pub(crate) struct EnvArgs {
    /// How to write the variables.
    #[arg(long, value_enum, default_value_t = EnvFormat::Dotenv)]
    pub(crate) format: EnvFormat,
    /// The trigger body (a JSON object); `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

/// Forms `env --format` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EnvFormat {
    /// `NAME="value"` lines, for dotenv loaders.
    Dotenv,
    /// `export NAME='value'` lines, for `eval` or `.` in a POSIX shell.
    Sh,
    /// `$env:NAME = 'value'` lines, for PowerShell.
    Powershell,
    /// One JSON object, name to value, in the body's order.
    Json,
}

/// `fleethooks trigger`.
#[derive(Debug, Args)]
pub(crate) struct TriggerArgs {
    /// The trigger name set on the commands to start.
    #[arg(value_name = "NAME")]
    pub(crate) name: String,
    /// Read the JumpCloud API key from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub(crate) api_key_env: String,
    /// Post this JSON object; its top-level keys become the commands' variables (`-` reads
    /// standard input).
    #[arg(long, value_name = "FILE")]
    pub(crate) data: Option<PathBuf>,
    /// Send to this base URL instead of `https://console.jumpcloud.com` (a proxy, a test server).
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// Send the `x-org-id` header, for API keys of a multi-tenant administrator.
    #[arg(long, value_name = "ID")]
    pub(crate) org_id: Option<String>,
    /// Send a name with characters other than ASCII letters and digits, which JumpCloud has
    /// been seen to match no command for.
    #[arg(long)]
    pub(crate) allow_any_name: bool,
    /// Print the request that would be sent, API key redacted, and send nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}
