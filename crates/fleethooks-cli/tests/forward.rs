//! `serve --forward` and `consume` against a real `nats-server` (JetStream) on an ephemeral
//! loopback port: replicas sharing one stream, the broker dying mid-traffic, commands that fail,
//! the dead-letter subject, and a stream that cannot keep the guarantee.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream;
use base64::Engine as _;
use fleethooks_testkit::{NatsServer, TempDir};

const JAMF_USER: &str = "jamf-hooks";
const JAMF_PASSWORD: &str = "c0rrect-h0rse-b4ttery";
const TOKEN: &str = "jc_9f3b2c7d41e8a6b5";

/// A running process, its stderr collected, killed when dropped.
struct Process {
    child: Child,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Process {
    fn spawn(mut command: Command) -> Self {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&stderr);
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        Self { child, stderr }
    }

    /// Waits for a stderr line starting with `prefix` and returns it.
    fn wait_for(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(line) = self
                .stderr
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.starts_with(prefix))
            {
                return line.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("exited with {status}: {:?}", self.stderr.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "no line starting with {prefix:?}: {:?}",
            self.stderr.lock().unwrap()
        );
    }

    fn terminate(&mut self) -> Option<i32> {
        let pid = rustix::process::Pid::from_raw(i32::try_from(self.child.id()).unwrap()).unwrap();
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("did not stop on SIGTERM");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fleethooks"))
}

/// A serve replica forwarding to `nats`, with its own output file; stopped when dropped.
struct Replica {
    _process: Process,
    base: String,
}

fn config(dir: &Path, nats: &str, extra: &str) -> PathBuf {
    let path = dir.join("fleethooks.toml");
    std::fs::write(
        &path,
        format!(
            r#"listen = "127.0.0.1:0"
output = "{}"
dedup_window_secs = 3600
{extra}
[jamf]
auth = "basic"
username_env = "JAMF_HOOK_USER"
password_env = "JAMF_HOOK_PASS"

[jumpcloud]
auth = "token"
token_env = "JC_HOOK_TOKEN"

[forward]
url = "{nats}"
ack_timeout_secs = 2
"#,
            dir.join("events.jsonl").display()
        ),
    )
    .unwrap();
    path
}

fn serve(dir: &Path, nats: &str, extra: &str) -> Replica {
    let mut command = Command::new(binary());
    command
        .arg("serve")
        .arg("--config")
        .arg(config(dir, nats, extra))
        .env("JAMF_HOOK_USER", JAMF_USER)
        .env("JAMF_HOOK_PASS", JAMF_PASSWORD)
        .env("JC_HOOK_TOKEN", TOKEN);
    let mut process = Process::spawn(command);
    let line = process.wait_for("fleethooks serve: listening on ");
    let base = line
        .trim_start_matches("fleethooks serve: listening on ")
        .to_owned();
    Replica {
        _process: process,
        base,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// Posts a Jamf or JumpCloud fixture as its vendor would; the status.
fn deliver(base: &str, (source, body, xml): &(&'static str, Vec<u8>, bool)) -> u16 {
    let mut request = agent().post(format!("{base}/{source}")).header(
        "content-type",
        if *xml { "text/xml" } else { "application/json" },
    );
    request = if *source == "jamf" {
        let pair = base64::engine::general_purpose::STANDARD
            .encode(format!("{JAMF_USER}:{JAMF_PASSWORD}"));
        request.header("authorization", format!("Basic {pair}"))
    } else {
        request.header("authorization", format!("Bearer {TOKEN}"))
    };
    match request.send(&body[..]) {
        Ok(response) => response.status().as_u16(),
        Err(_) => 0,
    }
}

/// Every Jamf and JumpCloud alert fixture.
fn fixtures() -> Vec<(&'static str, Vec<u8>, bool)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for (source, dir) in [
        ("jamf", "fleethooks-jamf"),
        ("jumpcloud", "fleethooks-jumpcloud"),
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir).join("tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                // A SCEPChallenge needs a challenge command, which these replicas do not have.
                (source == "jamf" && !name.starts_with("scep_")) || name.starts_with("alert_")
            })
            .collect();
        paths.sort();
        for path in paths {
            let xml = path.extension().is_some_and(|e| e == "xml");
            out.push((source, std::fs::read(&path).unwrap(), xml));
        }
    }
    out
}

/// The dedup key of each stored message (`Nats-Msg-Id`), with how many times it is stored.
fn stream_keys(nats: &str, stream: &str) -> BTreeMap<String, usize> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = async_nats::connect(nats).await.unwrap();
        let js = jetstream::new(client);
        let mut stream = js.get_stream(stream).await.unwrap();
        let last = stream.info().await.unwrap().state.last_sequence;
        let mut keys = BTreeMap::new();
        for sequence in 1..=last {
            let Ok(message) = stream.get_raw_message(sequence).await else {
                continue;
            };
            let id = message
                .headers
                .get(async_nats::header::NATS_MESSAGE_ID)
                .unwrap()
                .to_string();
            let summary: serde_json::Value = serde_json::from_slice(&message.payload).unwrap();
            assert_eq!(
                summary["key"],
                id.as_str(),
                "the message id is the summary's key"
            );
            assert_eq!(
                message.headers.get("Fleethooks-Source").unwrap().as_str(),
                summary["source"].as_str().unwrap()
            );
            *keys.entry(id).or_default() += 1;
        }
        keys
    })
}

/// The distinct keys of the fixtures, as `fleethooks parse` tells them.
fn expected_keys(fixtures: &[(&'static str, Vec<u8>, bool)]) -> BTreeSet<String> {
    fixtures
        .iter()
        .map(|(source, body, _)| {
            let output = Command::new(binary())
                .args(["parse", "--source", source])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write as _;
                    child.stdin.take().unwrap().write_all(body)?;
                    child.wait_with_output()
                })
                .unwrap();
            let line: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            line["key"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn two_replicas_store_each_event_in_the_stream_once() {
    let Some(nats) = NatsServer::start() else {
        return;
    };
    let (a_dir, b_dir) = (TempDir::new("replica-a"), TempDir::new("replica-b"));
    let a = serve(a_dir.path(), &nats.url(), "");
    let b = serve(b_dir.path(), &nats.url(), "");
    let all = fixtures();
    assert!(all.len() > 70, "{}", all.len());
    // Every delivery lands on both replicas, as a sender's retry behind a load balancer might.
    for delivery in &all {
        assert_eq!(deliver(&a.base, delivery), 200);
        assert_eq!(deliver(&b.base, delivery), 200);
    }
    let stored = stream_keys(&nats.url(), "FLEETHOOKS");
    let expected = expected_keys(&all);
    assert_eq!(stored.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(stored.values().all(|&n| n == 1), "stored twice: {stored:?}");
}

#[test]
fn a_broker_that_dies_gets_503_and_every_acknowledged_event_is_in_the_stream() {
    let Some(mut nats) = NatsServer::start() else {
        return;
    };
    let dir = TempDir::new("replica");
    let replica = serve(dir.path(), &nats.url(), "");
    let all = fixtures();
    let (first, rest) = all.split_at(all.len() / 2);
    let mut acknowledged = Vec::new();
    for delivery in first {
        assert_eq!(deliver(&replica.base, delivery), 200);
        acknowledged.push(delivery.clone());
    }
    nats.kill();
    let mut refused = Vec::new();
    for delivery in rest {
        match deliver(&replica.base, delivery) {
            200 => acknowledged.push(delivery.clone()),
            503 => refused.push(delivery.clone()),
            other => panic!("unexpected {other} while the broker is down"),
        }
    }
    assert!(
        !refused.is_empty(),
        "deliveries while NATS is down must be refused"
    );
    let health = agent()
        .get(format!("{}/healthz", replica.base))
        .call()
        .unwrap();
    assert_eq!(health.status(), 503);
    nats.restart();
    // serve reconnects by itself; the senders' retries land.
    let deadline = Instant::now() + Duration::from_secs(20);
    for delivery in refused {
        loop {
            match deliver(&replica.base, &delivery) {
                200 => break,
                503 if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(200)),
                other => panic!("retry answered {other}"),
            }
        }
        acknowledged.push(delivery);
    }
    let stored = stream_keys(&nats.url(), "FLEETHOOKS");
    for key in expected_keys(&acknowledged) {
        assert_eq!(
            stored.get(&key),
            Some(&1),
            "{key} acknowledged but not stored once"
        );
    }
}

#[test]
fn a_stream_that_cannot_keep_the_guarantee_is_refused_at_start() {
    let Some(nats) = NatsServer::start() else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let js = jetstream::new(async_nats::connect(nats.url()).await.unwrap());
        js.create_stream(jetstream::stream::Config {
            name: "FLEETHOOKS".to_owned(),
            subjects: vec!["fleethooks.>".to_owned()],
            duplicate_window: Duration::from_secs(120),
            ..Default::default()
        })
        .await
        .unwrap();
    });
    let dir = TempDir::new("short-window");
    let output = Command::new(binary())
        .arg("serve")
        .arg("--config")
        .arg(config(dir.path(), &nats.url(), ""))
        .env("JAMF_HOOK_USER", JAMF_USER)
        .env("JAMF_HOOK_PASS", JAMF_PASSWORD)
        .env("JC_HOOK_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stream FLEETHOOKS has a duplicate_window of 120s, shorter than the dedup window of 3600s"),
        "{stderr}"
    );
}

/// Runs `consume` with `exec` until `done` says so (or 30 s pass), then stops it.
fn consume(
    nats: &str,
    durable: &str,
    exec: &str,
    extra: &[&str],
    done: impl Fn() -> bool,
) -> Process {
    let mut command = Command::new(binary());
    command
        .args([
            "consume",
            "--forward",
            nats,
            "--durable",
            durable,
            "--exec",
            exec,
        ])
        .args(["--retry-delay", "0.2", "--concurrency", "4"])
        .args(extra);
    let mut process = Process::spawn(command);
    process.wait_for("fleethooks consume: pulling from stream");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(process.terminate(), Some(0), "consume exits 0 on SIGTERM");
    process
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn consume_runs_each_event_to_success_once_and_dead_letters_what_always_fails() {
    let Some(nats) = NatsServer::start() else {
        return;
    };
    let dir = TempDir::new("consume");
    let replica = serve(dir.path(), &nats.url(), "");
    let all: Vec<_> = fixtures()
        .into_iter()
        .filter(|(source, _, xml)| *source == "jamf" && !xml)
        .collect();
    for delivery in &all {
        assert_eq!(deliver(&replica.base, delivery), 200);
    }
    let expected = expected_keys(&all);

    // A command that fails the first time it sees an event, then succeeds: its key's first
    // attempt leaves a marker file.
    let marks = dir.path().join("marks");
    std::fs::create_dir(&marks).unwrap();
    let done = dir.path().join("done.txt");
    let exec = format!(
        r#"m="{}/$(printf %s "$FLEETHOOKS_KEY" | cksum | cut -d' ' -f1)"; if [ ! -e "$m" ]; then touch "$m"; exit 1; fi; cat > /dev/null; echo "$FLEETHOOKS_KEY" >> "{}""#,
        marks.display(),
        done.display()
    );
    let expected_count = expected.len();
    consume(&nats.url(), "flaky", &exec, &[], || {
        lines(&done).len() >= expected_count
    });
    let succeeded = lines(&done);
    assert_eq!(
        succeeded.len(),
        expected.len(),
        "each event succeeds exactly once: {succeeded:?}"
    );
    assert_eq!(succeeded.into_iter().collect::<BTreeSet<_>>(), expected);

    // A command that always fails: every event ends in the dead-letter stream after 2 tries.
    let attempts = dir.path().join("attempts.txt");
    let exec = format!(
        r#"echo "$FLEETHOOKS_KEY" >> "{}"; exit 7"#,
        attempts.display()
    );
    let nats_url = nats.url();
    let dead = || stream_keys(&nats_url, "FLEETHOOKS_DEAD").len() >= expected_count;
    consume(
        &nats.url(),
        "hopeless",
        &exec,
        &["--max-deliver", "2"],
        dead,
    );
    let dead_keys = stream_keys(&nats.url(), "FLEETHOOKS_DEAD");
    assert_eq!(dead_keys.keys().cloned().collect::<BTreeSet<_>>(), expected);
    let tries = lines(&attempts);
    for key in &expected {
        assert_eq!(
            tries.iter().filter(|k| *k == key).count(),
            2,
            "{key} tried twice"
        );
    }
}
