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
    /// Receive webhooks over HTTP: every accepted event written durably before the answer.
    Serve(ServeArgs),
    /// Post a payload to a receiver the way its vendor does, with its credentials.
    Send(SendArgs),
    /// Print a realistic payload of any supported event, for testing a receiver.
    Simulate(SimulateArgs),
    /// Run a command for each event forwarded to NATS JetStream, acknowledging after it exits 0.
    Consume(ConsumeArgs),
}

/// `fleethooks serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Read settings from this TOML file. Without one: loopback only, the three sources
    /// enabled with fresh credentials, and sample commands printed.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Listen on this address (default 127.0.0.1:8787; beyond loopback only with --config).
    #[arg(long, value_name = "ADDR")]
    pub(crate) listen: Option<String>,
    /// Append accepted events to this file, one JSON line each, synced before each answer
    /// (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Run this command (through /bin/sh -c) for every accepted event, the summary JSON on its
    /// standard input; answer 2xx only after it exited 0.
    #[arg(long, value_name = "CMD")]
    pub(crate) exec: Option<String>,
    /// Publish every accepted event to NATS JetStream at this URL before answering.
    #[arg(long, value_name = "URL")]
    pub(crate) forward: Option<String>,
}

/// `fleethooks send`.
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// Which product to send as.
    #[arg(long, value_enum)]
    pub(crate) source: SendSource,
    /// The receiver's URL.
    #[arg(long, value_name = "URL")]
    pub(crate) url: String,
    /// Sign with the secret in this environment variable (cmdop's X-Cmdop-Signature).
    #[arg(long, value_name = "NAME")]
    pub(crate) secret_env: Option<String>,
    /// Sign with the secret in this file, minus one trailing newline.
    #[arg(long, value_name = "PATH", conflicts_with = "secret_env")]
    pub(crate) secret_file: Option<PathBuf>,
    /// Basic authentication: the user name from this environment variable.
    #[arg(long, value_name = "NAME", requires = "basic_password")]
    pub(crate) basic_user_env: Option<String>,
    /// Basic authentication: the user name from this file.
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with = "basic_user_env",
        requires = "basic_password"
    )]
    pub(crate) basic_user_file: Option<PathBuf>,
    /// Basic authentication: the password from this environment variable.
    #[arg(long, value_name = "NAME", group = "basic_password")]
    pub(crate) basic_password_env: Option<String>,
    /// Basic authentication: the password from this file.
    #[arg(
        long,
        value_name = "PATH",
        group = "basic_password",
        conflicts_with = "basic_password_env"
    )]
    pub(crate) basic_password_file: Option<PathBuf>,
    /// Send `Authorization: Bearer <token>` with the token in this environment variable.
    #[arg(long, value_name = "NAME")]
    pub(crate) token_env: Option<String>,
    /// Send `Authorization: Bearer <token>` with the token in this file.
    #[arg(long, value_name = "PATH", conflicts_with = "token_env")]
    pub(crate) token_file: Option<PathBuf>,
    /// Send a header whose value is in an environment variable: `Header-Name=VARIABLE`
    /// (repeatable; Jamf's header authentication, JumpCloud's custom headers).
    #[arg(long, value_name = "HEADER=NAME")]
    pub(crate) header_env: Vec<String>,
    /// Send a header whose value is in a file: `Header-Name=PATH` (repeatable).
    #[arg(long, value_name = "HEADER=PATH")]
    pub(crate) header_file: Vec<String>,
    /// The Content-Type to send (default: what the vendor sends for this body).
    #[arg(long, value_name = "TYPE")]
    pub(crate) content_type: Option<String>,
    /// Retry on failure as the vendor does (cmdop: after 1, 5 and 30 minutes; JumpCloud:
    /// three times with backoff, on 5xx, 408 and 429 only; Jamf Pro never retries).
    #[arg(long)]
    pub(crate) retry: bool,
    /// Multiply every retry delay by this factor (0.001 makes 1 minute 60 ms), for tests.
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0)]
    pub(crate) time_scale: f64,
    /// Give up on one attempt after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub(crate) timeout: u64,
    /// The payload; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

/// The sources `send` can impersonate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SendSource {
    /// Jamf Pro: `application/json` or `text/xml` by the body.
    Jamf,
    /// JumpCloud: `application/json`.
    Jumpcloud,
    /// cmdop: `application/json`, signed with `X-Cmdop-Signature`.
    Cmdop,
}

/// `fleethooks simulate`.
#[derive(Debug, Args)]
pub(crate) struct SimulateArgs {
    /// The source: jamf, jumpcloud or cmdop.
    #[arg(value_name = "SOURCE", required_unless_present = "list")]
    pub(crate) source: Option<String>,
    /// The event: a Jamf event name (`ComputerCheckIn`), `alert` for JumpCloud, a cmdop type
    /// (`machine.offline`, `test`).
    #[arg(value_name = "EVENT", required_unless_present = "list")]
    pub(crate) event: Option<String>,
    /// The form to print (Jamf: `xml` for the `<JSSEvent>` form).
    #[arg(long, value_enum, default_value_t = SimulateFormat::Json)]
    pub(crate) format: SimulateFormat,
    /// Seed the generator: the same seed prints the same payload.
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,
    /// JumpCloud alert priority (Critical, High, Medium, Low, or any other text).
    #[arg(long, value_name = "PRIORITY")]
    pub(crate) priority: Option<String>,
    /// JumpCloud alert status (Open, Acknowledged, Resolved, Auto-Resolved, or any other text).
    #[arg(long, value_name = "STATUS")]
    pub(crate) status: Option<String>,
    /// List every source and event that can be simulated.
    #[arg(long)]
    pub(crate) list: bool,
}

/// Forms `simulate --format` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SimulateFormat {
    /// JSON, as every source can send.
    Json,
    /// Jamf Pro's XML form.
    Xml,
}

/// `fleethooks consume`.
#[derive(Debug, Args)]
pub(crate) struct ConsumeArgs {
    /// The NATS server, e.g. nats://127.0.0.1:4222.
    #[arg(long, value_name = "URL")]
    pub(crate) forward: String,
    /// The stream `serve --forward` publishes to.
    #[arg(long, value_name = "S", default_value = "FLEETHOOKS")]
    pub(crate) stream: String,
    /// The durable consumer's name; processes with the same name share the work.
    #[arg(long, value_name = "NAME", default_value = "fleethooks")]
    pub(crate) durable: String,
    /// Only events whose subject matches this filter (e.g. fleethooks.jamf.>).
    #[arg(long, value_name = "SUBJECT")]
    pub(crate) filter: Option<String>,
    /// The command run for each event (through /bin/sh -c), the summary JSON on its standard
    /// input and FLEETHOOKS_* variables in its environment.
    #[arg(long, value_name = "CMD")]
    pub(crate) exec: String,
    /// Commands run at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub(crate) concurrency: usize,
    /// Attempts per event before it moves to the dead-letter subject.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub(crate) max_deliver: i64,
    /// How long one command may run before it counts as failed.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub(crate) timeout: u64,
    /// Where events that failed every attempt are published (kept in the stream
    /// `<STREAM>_DEAD`, created when absent; outside the main stream's subjects, so a dead
    /// event is not consumed again).
    #[arg(long, value_name = "SUBJECT", default_value = "fleethooks-dead")]
    pub(crate) dead_letter: String,
    /// Wait this long before the first redelivery of a failed event, doubling each time (at
    /// most 5 minutes).
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    pub(crate) retry_delay: f64,
    /// Authenticate with the token in this environment variable.
    #[arg(long, value_name = "NAME")]
    pub(crate) token_env: Option<String>,
    /// Authenticate with this NATS credentials file.
    #[arg(long, value_name = "PATH")]
    pub(crate) credentials_file: Option<PathBuf>,
    /// Trust this CA file for TLS to the server.
    #[arg(long, value_name = "PATH")]
    pub(crate) tls_ca_file: Option<PathBuf>,
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
