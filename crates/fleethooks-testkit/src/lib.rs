//! Real servers for the workspace's tests: `redis-server` and `nats-server` (JetStream), each
//! started on an ephemeral loopback port with a temporary directory, and stopped (killed) when
//! dropped.
//!
//! `.ci/run` installs both from Debian's packages. When a binary is missing, [`RedisServer::start`]
//! and [`NatsServer::start`] return `None` after saying so on stderr, so a developer without
//! them can still run the rest — except under `CI=true`, where a missing server fails the test:
//! CI never skips silently.
#![forbid(unsafe_code)]
#![allow(
    clippy::panic,
    reason = "test-only code: a server that cannot start fails the test that needs it"
)]

use std::io::Read as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// Whether this run is CI's, where nothing may be skipped.
#[must_use]
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// `binary` on the `PATH` (or in `/usr/sbin`, where Debian puts `nats-server`), or `None`
/// after a message (a panic under CI).
#[must_use]
pub fn find(binary: &str, package: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|dir| dir.join(binary))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        let message =
            format!("{binary} not found: install the Debian package `{package}` (.ci/run does)");
        assert!(
            !in_ci(),
            "{message}; CI=true, so this fails instead of skipping"
        );
        eprintln!("SKIPPED: {message}");
    }
    found
}

/// A free loopback port (bound, then released for the server to take).
///
/// # Panics
///
/// When the system has no free port, which a test cannot work around.
#[must_use]
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free port: {e}"));
    listener
        .local_addr()
        .unwrap_or_else(|e| panic!("no local address: {e}"))
        .port()
}

/// A directory removed (with everything in it) when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A fresh, empty directory whose name starts with `fleethooks-<name>-`.
    #[must_use]
    pub fn new(name: &str) -> Self {
        Self(scratch(name))
    }

    /// Its path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let unique = format!(
        "fleethooks-{name}-{}-{nanos}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let dir = std::env::temp_dir().join(unique);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

fn wait_for_port(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + START_TIMEOUT;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut err);
            }
            panic!("{what} exited with {status} before accepting connections: {err}");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("{what} did not accept connections on port {port} within {START_TIMEOUT:?}");
}

/// A running `redis-server` with nothing persisted.
pub struct RedisServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts one, or `None` when `redis-server` is not installed (see the crate docs).
    ///
    /// # Panics
    ///
    /// When it is installed but does not start.
    #[must_use]
    pub fn start() -> Option<Self> {
        let binary = find("redis-server", "redis-server")?;
        let port = free_port();
        let dir = scratch("redis");
        let mut child = Command::new(binary)
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start redis-server: {e}"));
        wait_for_port(port, &mut child, "redis-server");
        Some(Self { child, port, dir })
    }

    /// `redis://127.0.0.1:<port>/0`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Kills the server now (a crash, for fault tests).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running `nats-server` with JetStream, its store in a temporary directory that survives
/// [`restart`](Self::restart).
pub struct NatsServer {
    binary: PathBuf,
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl NatsServer {
    /// Starts one, or `None` when `nats-server` is not installed (see the crate docs).
    ///
    /// # Panics
    ///
    /// When it is installed but does not start.
    #[must_use]
    pub fn start() -> Option<Self> {
        let binary = find("nats-server", "nats-server")?;
        let mut server = Self {
            binary,
            child: None,
            port: free_port(),
            dir: scratch("nats"),
        };
        server.spawn();
        Some(server)
    }

    fn spawn(&mut self) {
        let mut child = Command::new(&self.binary)
            .args(["-a", "127.0.0.1", "-p", &self.port.to_string(), "-js"])
            .arg("-sd")
            .arg(self.dir.join("jetstream"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start nats-server: {e}"));
        wait_for_port(self.port, &mut child, "nats-server");
        self.child = Some(child);
    }

    /// `nats://127.0.0.1:<port>`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Where JetStream keeps its data.
    #[must_use]
    pub fn store_dir(&self) -> &Path {
        &self.dir
    }

    /// Kills the server (its stored data stays).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and store.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
