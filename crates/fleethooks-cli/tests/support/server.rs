//! `fleethooks serve` as a child process on an ephemeral loopback port, for end-to-end tests.
//!
//! [`Serve`] starts it (`--listen 127.0.0.1:0`), reads the port from its
//! `fleethooks serve: listening on http://127.0.0.1:PORT` line and collects its standard output
//! and error on two threads. Every wait has a timeout, and a [`Server`] kills its child when
//! dropped, so a failing test never leaves a server behind. [`post`] and [`get`] are the
//! blocking client; [`raw_exchange`] writes bytes of its own on a plain socket, for what an HTTP
//! client will not send (a chunked body that never ends).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a harness that cannot start or reach its server fails the test"
)]

use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine as _;

/// How long any one wait may take: start-up, a reply, a line on the output, an exit.
pub(crate) const WAIT: Duration = Duration::from_secs(15);

/// The credentials every test server is configured with, by environment variable.
pub(crate) const JAMF_USER: &str = "jamf-hooks";
pub(crate) const JAMF_PASSWORD: &str = "c0rrect-h0rse-b4ttery";
pub(crate) const JUMPCLOUD_TOKEN: &str = "jc_5f2b8c0e9a7d4e1b6c3a";
pub(crate) const CMDOP_SECRET: &str = "whsec_7c1d9e3f5a2b4c6d8e0f1a3b";

/// The environment variables holding them, set on every child.
pub(crate) const ENV: [(&str, &str); 4] = [
    ("FH_TEST_JAMF_USER", JAMF_USER),
    ("FH_TEST_JAMF_PASSWORD", JAMF_PASSWORD),
    ("FH_TEST_JUMPCLOUD_TOKEN", JUMPCLOUD_TOKEN),
    ("FH_TEST_CMDOP_SECRET", CMDOP_SECRET),
];

/// A config with the three sources, credentials from [`ENV`], and a dedup window of ten
/// years: the cmdop fixtures are from 2024, and cmdop events older than the window are refused
/// as stale. `top` holds more top-level keys, `jamf` more keys of `[jamf]`.
pub(crate) fn standard_config(top: &str, jamf: &str) -> String {
    format!(
        r#"dedup_window_secs = 315360000
{top}

[jamf]
auth = "basic"
username_env = "FH_TEST_JAMF_USER"
password_env = "FH_TEST_JAMF_PASSWORD"
{jamf}

[jumpcloud]
auth = "token"
token_env = "FH_TEST_JUMPCLOUD_TOKEN"

[cmdop]
secrets_env = "FH_TEST_CMDOP_SECRET"
"#
    )
}

/// Proxy variables, removed from every child so loopback is reached directly.
const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The built binary.
pub(crate) fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_fleethooks")
}

/// A command running the binary with the test credentials in its environment, proxies unset.
pub(crate) fn command() -> Command {
    let mut command = Command::new(binary());
    for var in PROXY_VARS {
        command.env_remove(var);
    }
    command.env_remove("FLEETHOOKS_LOG");
    command.envs(ENV);
    command
}

/// `/bin/sh -c LINE`, proxies unset, as a user would run a printed command.
pub(crate) fn shell(line: &str) -> Command {
    let mut command = Command::new("/bin/sh");
    for var in PROXY_VARS {
        command.env_remove(var);
    }
    command.arg("-c").arg(line);
    command
}

/// A source's fixture directory, from the CLI crate's directory (where cargo runs tests).
pub(crate) fn fixture_dir(source: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(format!("fleethooks-{source}"))
        .join("tests/fixtures")
}

/// One fixture's path.
pub(crate) fn fixture(source: &str, name: &str) -> PathBuf {
    fixture_dir(source).join(name)
}

/// One fixture's bytes.
pub(crate) fn fixture_bytes(source: &str, name: &str) -> Vec<u8> {
    fs::read(fixture(source, name)).unwrap_or_else(|e| panic!("fixture {source}/{name}: {e}"))
}

/// What `fleethooks parse --source SOURCE` prints for `body`: the line `serve` must write.
pub(crate) fn parse_line(source: &str, body: &[u8]) -> String {
    let output = run_with_stdin(command().args(["parse", "--source", source, "-"]), body);
    assert!(
        output.status.success(),
        "parse --source {source}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.strip_suffix('\n').expect("parse ends its line");
    assert!(!line.contains('\n'), "one line: {text}");
    line.to_owned()
}

/// Runs `command` with `stdin` as its standard input, killed if it takes longer than [`WAIT`].
pub(crate) fn run_with_stdin(command: &mut Command, stdin: &[u8]) -> std::process::Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    // A writer thread, so a child that does not read its input cannot block the test.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let guard = KillOnDrop(Some(child));
    let output = guard.wait_with_output(WAIT);
    let _ = feeder.join();
    output
}

/// A child that is killed unless it was waited for.
struct KillOnDrop(Option<Child>);

impl KillOnDrop {
    /// Waits for the child and its output, at most `limit`.
    fn wait_with_output(mut self, limit: Duration) -> std::process::Output {
        let mut child = self.0.take().unwrap();
        let stdout = child.stdout.take().map(spawn_reader);
        let stderr = child.stderr.take().map(spawn_reader);
        let status = wait_timeout(&mut child, limit).unwrap_or_else(|| {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the command did not finish within {limit:?}")
        });
        let join =
            |h: Option<JoinHandle<Vec<u8>>>| h.map(|h| h.join().unwrap()).unwrap_or_default();
        std::process::Output {
            status,
            stdout: join(stdout),
            stderr: join(stderr),
        }
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn spawn_reader(mut pipe: impl std::io::Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Polls `child` until it exits or `limit` passes.
fn wait_timeout(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Writes `text` to `dir/name` with `mode`, whatever the umask.
pub(crate) fn write_file(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    path
}

/// A config file `serve.toml` in `dir`, readable by everyone (mode 0644).
pub(crate) fn write_config(dir: &Path, text: &str) -> PathBuf {
    write_file(dir, "serve.toml", text, 0o644)
}

/// A temporary directory, removed when dropped.
pub(crate) fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("fleethooks-serve-test")
        .tempdir()
        .unwrap()
}

/// How to start a server.
pub(crate) struct Serve {
    command: Command,
}

impl Serve {
    /// `fleethooks serve --listen 127.0.0.1:0`, with the test credentials in its environment.
    pub(crate) fn new() -> Self {
        let mut command = command();
        command.args(["serve", "--listen", "127.0.0.1:0"]);
        Self { command }
    }

    /// `--config PATH`.
    pub(crate) fn config(mut self, path: &Path) -> Self {
        self.command.arg("--config").arg(path);
        self
    }

    /// `--output PATH`.
    pub(crate) fn output(mut self, path: &Path) -> Self {
        self.command.arg("--output").arg(path);
        self
    }

    /// Any other argument.
    pub(crate) fn arg(mut self, arg: &str) -> Self {
        self.command.arg(arg);
        self
    }

    /// Starts the server and waits until it listens.
    pub(crate) fn start(mut self) -> Server {
        let mut child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (ready, listening) = mpsc::channel();
        let mut out_pipe = child.stdout.take().unwrap();
        let err_pipe = child.stderr.take().unwrap();
        let out = Arc::clone(&stdout);
        let out_reader = std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            loop {
                match out_pipe.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => out.lock().unwrap().extend_from_slice(&chunk[..n]),
                }
            }
        });
        let err = Arc::clone(&stderr);
        let err_reader = std::thread::spawn(move || {
            let mut lines = BufReader::new(err_pipe);
            let mut line = String::new();
            loop {
                line.clear();
                match lines.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if let Some(base) = line
                            .trim_end()
                            .strip_prefix("fleethooks serve: listening on ")
                        {
                            let _ = ready.send(base.to_owned());
                        }
                        err.lock().unwrap().push_str(&line);
                    }
                }
            }
        });
        let mut server = Server {
            child: Some(child),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            base: String::new(),
            stdout,
            stderr,
            readers: vec![out_reader, err_reader],
        };
        match listening.recv_timeout(WAIT) {
            Ok(base) => {
                let addr = base.split_once("://").map_or(base.as_str(), |(_, a)| a);
                server.addr = addr.parse().unwrap();
                server.base = base;
                server
            }
            Err(_) => {
                let status = server
                    .child
                    .as_mut()
                    .and_then(|c| c.try_wait().ok().flatten());
                let stopped = server.kill();
                panic!(
                    "serve did not start listening (exit: {status:?}); stderr:\n{}",
                    stopped.stderr
                );
            }
        }
    }
}

/// A running `fleethooks serve`.
pub(crate) struct Server {
    child: Option<Child>,
    /// Where it listens.
    pub(crate) addr: SocketAddr,
    /// `http://127.0.0.1:PORT` (`https://` with TLS).
    pub(crate) base: String,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

/// What a stopped server left.
pub(crate) struct Stopped {
    /// How it exited.
    pub(crate) status: ExitStatus,
    /// Its whole standard output.
    pub(crate) stdout: Vec<u8>,
    /// Its whole standard error.
    pub(crate) stderr: String,
}

impl Server {
    /// The URL of `path` (`/jamf`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Its process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Its standard error so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until its standard output holds at least `n` lines; returns them all.
    pub(crate) fn wait_stdout_lines(&self, n: usize) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = String::from_utf8(self.stdout.lock().unwrap().clone()).unwrap();
            let complete = text.matches('\n').count();
            if complete >= n {
                return text.lines().map(str::to_owned).collect();
            }
            assert!(
                Instant::now() < deadline,
                "{n} lines expected on stdout within {WAIT:?}, got:\n{text}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until its standard error contains `text`; returns it all.
    pub(crate) fn wait_stderr(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let stderr = self.stderr();
            if stderr.contains(text) {
                return stderr;
            }
            assert!(
                Instant::now() < deadline,
                "{text:?} expected on stderr within {WAIT:?}, got:\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends SIGTERM.
    pub(crate) fn signal_term(&self) {
        let pid = rustix::process::Pid::from_raw(i32::try_from(self.pid()).unwrap()).unwrap();
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    }

    /// Sends SIGTERM and waits for the exit.
    pub(crate) fn terminate(mut self) -> Stopped {
        self.signal_term();
        let mut child = self.child.take().unwrap();
        let status = wait_timeout(&mut child, WAIT);
        let Some(status) = status else {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = self.finish();
            panic!("serve did not exit within {WAIT:?} of SIGTERM; stderr:\n{stderr}");
        };
        let stderr = self.finish();
        Stopped {
            status,
            stdout: self.stdout.lock().unwrap().clone(),
            stderr,
        }
    }

    /// Kills the server at once.
    fn kill(&mut self) -> Stopped {
        let mut child = self.child.take().unwrap();
        let _ = child.kill();
        let status = child.wait().unwrap();
        let stderr = self.finish();
        Stopped {
            status,
            stdout: self.stdout.lock().unwrap().clone(),
            stderr,
        }
    }

    /// Joins the pipe readers (the child has exited, so they end) and returns stderr.
    fn finish(&mut self) -> String {
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        self.stderr()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One answer, as the client saw it.
#[derive(Debug)]
pub(crate) struct Reply {
    /// The status code.
    pub(crate) status: u16,
    /// Every header, names in lower case.
    pub(crate) headers: Vec<(String, String)>,
    /// The body, as text.
    pub(crate) body: String,
}

impl Reply {
    /// The value of header `name` (lower case), if it came once.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.iter().filter(|(n, _)| n == name);
        let first = values.next().map(|(_, v)| v.as_str());
        assert!(values.next().is_none(), "header {name} more than once");
        first
    }

    /// `(status, body)`, for one comparison.
    pub(crate) fn pair(&self) -> (u16, &str) {
        (self.status, self.body.as_str())
    }
}

/// A blocking client that never goes through a proxy and takes any status as an answer.
pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(WAIT))
        .build()
        .into()
}

/// Sends `method url` with `headers` and `body`.
pub(crate) fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(impl AsRef<str>, impl AsRef<str>)],
    body: &[u8],
) -> Result<Reply, ureq::Error> {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(name.as_ref(), value.as_ref());
    }
    let request = builder.body(body.to_vec()).unwrap();
    let mut response = agent.run(request)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response.body_mut().read_to_string()?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// `POST url` with `headers` and `body`, on a fresh agent.
pub(crate) fn post(
    url: &str,
    headers: &[(impl AsRef<str>, impl AsRef<str>)],
    body: &[u8],
) -> Reply {
    request(&agent(), "POST", url, headers, body).unwrap_or_else(|e| panic!("POST {url}: {e}"))
}

/// `GET url`.
pub(crate) fn get(url: &str) -> Reply {
    request(&agent(), "GET", url, &[] as &[(&str, &str)], b"")
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

/// The `Authorization` value of Basic authentication.
pub(crate) fn basic(user: &str, password: &str) -> String {
    let pair = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// The Jamf headers of the test credentials for a JSON body.
pub(crate) fn jamf_headers() -> Vec<(&'static str, String)> {
    vec![
        ("authorization", basic(JAMF_USER, JAMF_PASSWORD)),
        ("content-type", "application/json".to_owned()),
    ]
}

/// The JumpCloud headers of the test credentials.
pub(crate) fn jumpcloud_headers() -> Vec<(&'static str, String)> {
    vec![
        ("authorization", format!("Bearer {JUMPCLOUD_TOKEN}")),
        ("content-type", "application/json".to_owned()),
    ]
}

/// The cmdop headers for `body`: its signature with `secret`.
pub(crate) fn cmdop_headers(secret: &str, body: &[u8]) -> Vec<(&'static str, String)> {
    vec![
        ("x-cmdop-signature", cmdop_signature(secret, body)),
        ("content-type", "application/json".to_owned()),
    ]
}

/// `sha256=<hex>` of `body` under `secret`.
pub(crate) fn cmdop_signature(secret: &str, body: &[u8]) -> String {
    let key = fleethooks::verify::Secret::from(secret);
    let signature = fleethooks::verify::sign(&key, body).unwrap();
    signature.to_header().to_str().unwrap().to_owned()
}

/// The lines of the file at `path` (none when it does not exist).
pub(crate) fn lines(path: &Path) -> Vec<String> {
    match fs::read_to_string(path) {
        Ok(text) => {
            assert!(
                text.is_empty() || text.ends_with('\n'),
                "whole lines: {text:?}"
            );
            text.lines().map(str::to_owned).collect()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// What a raw exchange saw: the server's bytes, and how many of ours it took.
pub(crate) struct Exchange {
    /// Everything the server sent before it closed (or [`WAIT`] passed).
    pub(crate) response: Vec<u8>,
    /// The bytes `write` managed to hand to the socket before it failed or finished.
    pub(crate) written: u64,
    /// Whether `write` stopped on an error (the server closed or reset the connection).
    pub(crate) write_failed: bool,
}

/// Connects to `addr`, reads on a thread of its own while `write` sends the request, and
/// returns what came back once the server closed. Reading while writing matters: a server that
/// refuses a body answers before the body is over, and then closes.
pub(crate) fn raw_exchange(
    addr: SocketAddr,
    write: impl FnOnce(&mut TcpStream) -> (u64, bool),
) -> Exchange {
    let mut stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    let mut reading = stream.try_clone().unwrap();
    let reader = std::thread::spawn(move || {
        let mut response = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            match reading.read(&mut chunk) {
                Ok(0) | Err(_) => return response,
                Ok(n) => response.extend_from_slice(&chunk[..n]),
            }
        }
    });
    let (written, write_failed) = write(&mut stream);
    if !write_failed {
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
    let response = reader.join().unwrap();
    Exchange {
        response,
        written,
        write_failed,
    }
}

/// Splits a raw HTTP/1.1 response with a `Content-Length` into a [`Reply`].
pub(crate) fn parse_response(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete response head: {text:?}"));
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse().unwrap())
        .expect("a content-length");
    assert_eq!(body.len(), length, "the whole body: {text:?}");
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Whether the process `pid` is gone: no such process, or a zombie nobody has reaped yet
/// (which runs nothing).
pub(crate) fn process_gone(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // `pid (comm) S …`: the state follows the last parenthesis.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

/// Waits until `condition` holds, at most [`WAIT`]; false if it never did.
pub(crate) fn eventually(mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    condition()
}

/// The `fleethooks send` flags that carry the test credentials of `source`.
pub(crate) fn credential_flags(source: &str) -> Vec<&'static str> {
    match source {
        "jamf" => vec![
            "--basic-user-env",
            "FH_TEST_JAMF_USER",
            "--basic-password-env",
            "FH_TEST_JAMF_PASSWORD",
        ],
        "jumpcloud" => vec!["--token-env", "FH_TEST_JUMPCLOUD_TOKEN"],
        "cmdop" => vec!["--secret-env", "FH_TEST_CMDOP_SECRET"],
        other => panic!("no such source {other}"),
    }
}

/// `fleethooks send --source SOURCE --url URL` with the test credentials and `body` on its
/// standard input.
pub(crate) fn send(source: &str, url: &str, body: &[u8]) -> std::process::Output {
    run_with_stdin(
        command()
            .args(["send", "--source", source, "--url", url])
            .args(credential_flags(source)),
        body,
    )
}
