//! Running commands for accepted events: `--exec` and `[[exec]]` rules, the SCEP challenge
//! command, and `consume`'s command.
//!
//! A command runs through `/bin/sh -c` with the event in its environment
//! (`FLEETHOOKS_SOURCE`, `FLEETHOOKS_TYPE`, `FLEETHOOKS_KEY`, `FLEETHOOKS_OCCURRED_AT`) and the
//! summary JSON on standard input, never in its arguments, so a large payload cannot hit the
//! kernel's argument limit. The variables this process read secrets from are removed from its
//! environment. It has a timeout, after which its whole process group is killed,
//! and each rule has a bound on how many of its commands run at once. Its standard error goes to
//! the log, line by line, never to the sender.

use std::process::Stdio;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use fleethooks::Source;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::Semaphore;

use super::config::Rule;
use super::glob;

/// Environment variables no command may see: the ones this process read secrets from.
static HIDDEN: OnceLock<Vec<String>> = OnceLock::new();

/// Keeps `names` (the variables secrets were read from) out of every command's environment.
/// Called once at start; later calls are ignored.
pub(crate) fn hide_from_commands(names: Vec<String>) {
    let _ = HIDDEN.set(names);
}

/// How much of a command's output is kept (for the log, or as a SCEP challenge).
const OUTPUT_CAP: usize = 64 * 1024;

/// How long a command's pipes may stay open after it exited (a background child holding them).
const PIPE_GRACE: Duration = Duration::from_millis(500);

/// What becomes of a command's standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    /// Kept and returned (the SCEP challenge).
    Keep,
    /// Not read: an exec rule's output means nothing to the receiver.
    Discard,
}

/// What a command is told about the event.
#[derive(Debug, Clone)]
pub(crate) struct EventInfo {
    pub(crate) source: Source,
    pub(crate) event_type: String,
    pub(crate) key: String,
    /// RFC 3339, or empty when the event has no time.
    pub(crate) occurred_at: String,
    /// The summary line, without a newline.
    pub(crate) summary: Arc<str>,
}

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It exited with another status than 0 (`None`: killed by a signal).
    Exit(Option<i32>),
    /// It ran longer than its timeout and was killed.
    Timeout(Duration),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Spawn(e) => write!(f, "could not start: {e}"),
            Self::Exit(Some(code)) => write!(f, "exited with status {code}"),
            Self::Exit(None) => f.write_str("was killed by a signal"),
            Self::Timeout(t) => write!(f, "did not finish within {}s and was killed", t.as_secs()),
        }
    }
}

/// A command with its timeout and concurrency bound.
#[derive(Clone)]
pub(crate) struct Runner {
    pub(crate) rule: Rule,
    permits: Arc<Semaphore>,
}

impl Runner {
    pub(crate) fn new(rule: Rule) -> Self {
        let permits = Arc::new(Semaphore::new(rule.concurrency));
        Self { rule, permits }
    }

    /// Whether this rule runs for the event.
    pub(crate) fn matches(&self, source: Source, event_type: &str) -> bool {
        self.rule.source.is_none_or(|s| s == source)
            && (self.rule.types.is_empty()
                || self.rule.types.iter().any(|p| glob::matches(p, event_type)))
    }

    /// Runs the command for `event`; `Ok` when it exited 0.
    pub(crate) async fn run(&self, event: &EventInfo) -> Result<(), Failure> {
        // Closed only if the semaphore is dropped, which it never is while self lives.
        let _permit = self.permits.acquire().await.ok();
        run_command(
            &self.rule.name,
            &self.rule.command,
            self.rule.timeout,
            event,
            Output::Discard,
        )
        .await
        .map(drop)
    }
}

/// Runs `command` once for `event`.
pub(crate) async fn run_command(
    name: &str,
    command: &str,
    timeout: Duration,
    event: &EventInfo,
    stdout: Output,
) -> Result<Vec<u8>, Failure> {
    let mut cmd = tokio::process::Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(command)
        .env("FLEETHOOKS_SOURCE", event.source.as_str())
        .env("FLEETHOOKS_TYPE", &event.event_type)
        .env("FLEETHOOKS_KEY", &event.key)
        .env("FLEETHOOKS_OCCURRED_AT", &event.occurred_at)
        .stdin(Stdio::piped())
        .stdout(match stdout {
            Output::Keep => Stdio::piped(),
            Output::Discard => Stdio::null(),
        })
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for name in HIDDEN.get().into_iter().flatten() {
        cmd.env_remove(name);
    }
    // Its own process group, so a timeout kills what the shell started too.
    #[cfg(unix)]
    cmd.process_group(0);
    let mut child = cmd.spawn().map_err(Failure::Spawn)?;
    let pid = child.id();
    let stdin = child.stdin.take();
    let summary = Arc::clone(&event.summary);
    let feed = tokio::spawn(async move {
        if let Some(mut stdin) = stdin {
            // A command that does not read its input closes the pipe: not a failure.
            let _ = stdin.write_all(summary.as_bytes()).await;
            let _ = stdin.write_all(b"\n").await;
        }
    });
    let stdout = child.stdout.take().map(|s| tokio::spawn(capture(s)));
    let stderr = child.stderr.take().map(|s| tokio::spawn(capture(s)));
    let status = match tokio::time::timeout(timeout, child.wait()).await {
        Ok(Ok(status)) => Ok(status),
        Ok(Err(e)) => Err(Failure::Spawn(e)),
        Err(_) => {
            kill_group(pid);
            let _ = child.kill().await;
            Err(Failure::Timeout(timeout))
        }
    };
    feed.abort();
    let out = collect(stdout).await;
    let err = collect(stderr).await;
    for line in String::from_utf8_lossy(&err)
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        tracing::warn!(command = name, key = %event.key, stderr = line, "command output");
    }
    let status = status?;
    if status.success() {
        Ok(out)
    } else {
        Err(Failure::Exit(status.code()))
    }
}

async fn capture(mut pipe: impl AsyncRead + Unpin) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match pipe.read(&mut chunk).await {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                let room = OUTPUT_CAP.saturating_sub(kept.len());
                kept.extend_from_slice(chunk.get(..n.min(room)).unwrap_or_default());
            }
        }
    }
}

async fn collect(task: Option<tokio::task::JoinHandle<Vec<u8>>>) -> Vec<u8> {
    let Some(mut task) = task else {
        return Vec::new();
    };
    match tokio::time::timeout(PIPE_GRACE, &mut task).await {
        Ok(Ok(bytes)) => bytes,
        _ => {
            task.abort();
            Vec::new()
        }
    }
}

#[cfg(unix)]
fn kill_group(pid: Option<u32>) {
    let Some(pid) = pid
        .and_then(|p| i32::try_from(p).ok())
        .and_then(rustix::process::Pid::from_raw)
    else {
        return;
    };
    let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
}

#[cfg(not(unix))]
fn kill_group(_: Option<u32>) {}

/// Every rule, run for each event it matches.
#[derive(Clone, Default)]
pub(crate) struct Exec {
    runners: Vec<Runner>,
}

impl Exec {
    pub(crate) fn new(rules: Vec<Rule>) -> Self {
        Self {
            runners: rules.into_iter().map(Runner::new).collect(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.runners.is_empty()
    }

    /// Runs every rule `event` matches, at once; `Err` names the first rule that failed. An
    /// event no rule matches succeeds at once.
    pub(crate) async fn run(&self, event: &EventInfo) -> Result<(), (String, Failure)> {
        let mut running = tokio::task::JoinSet::new();
        for runner in self
            .runners
            .iter()
            .filter(|r| r.matches(event.source, &event.event_type))
        {
            let runner = runner.clone();
            let event = event.clone();
            running.spawn(async move {
                let result = runner.run(&event).await;
                (runner.rule.name, result)
            });
        }
        let mut first_failure = None;
        while let Some(joined) = running.join_next().await {
            let (name, result) = match joined {
                Ok(pair) => pair,
                Err(e) => (
                    "exec".to_owned(),
                    Err(Failure::Spawn(std::io::Error::other(e))),
                ),
            };
            if let Err(failure) = result {
                tracing::warn!(rule = %name, key = %event.key, "command {failure}");
                first_failure.get_or_insert((name, failure));
            }
        }
        first_failure.map_or(Ok(()), Err)
    }
}
