//! Faults under concurrent traffic, checked by counting: senders that retry as the vendors do
//! (on 5xx, 408, 429 and no answer) deliver distinct events from all three sources while the
//! receiver is killed, stopped, starved of its output, its commands fail or hang, its broker
//! dies, or clients give up mid-body. Every event that got a 2xx must be stored exactly once;
//! every other answer must be one that makes its sender retry.
//!
//! Each test is bounded (a few seconds of traffic, every wait with a timeout); the heavier
//! versions of the same runs are `benches/load/run.sh faults`, summarised in `benches/REPORT.md`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::server::{
    CMDOP_SECRET, JAMF_PASSWORD, JAMF_USER, JUMPCLOUD_TOKEN, Serve, Server, agent, basic,
    cmdop_signature, eventually, fixture_bytes, get, lines, request, standard_config, temp_dir,
    write_config,
};

/// Sender threads at once.
const SENDERS: usize = 8;
/// A bound on the events of a run that ends when its fault is over (it never comes near).
const MANY: u64 = 1_000_000;
/// How long a sender keeps retrying one event.
const RETRY_FOR: Duration = Duration::from_secs(20);

/// One distinct event: where it goes, how it is authenticated, and the key `serve` stores it
/// under.
struct Delivery {
    path: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    key: String,
}

/// Event `n`: Jamf JSON, Jamf XML, a JumpCloud alert or a signed cmdop event, in turn, each
/// with a key of its own (the Jamf time, the alert id, the cmdop id).
fn delivery(run: u32, n: u64) -> Delivery {
    let json = ("content-type", "application/json".to_owned());
    match n % 4 {
        0 | 1 => {
            let xml = n % 4 == 1;
            let name = if xml {
                "computer_check_in.xml"
            } else {
                "computer_check_in.json"
            };
            let at = 1_712_830_021_877 + u64::from(run) * 1_000_000 + n;
            let body = String::from_utf8(fixture_bytes("jamf", name))
                .unwrap()
                .replace("1712830021877", &at.to_string());
            let content_type = if xml { "text/xml" } else { "application/json" };
            Delivery {
                path: "/jamf",
                headers: vec![
                    ("authorization", basic(JAMF_USER, JAMF_PASSWORD)),
                    ("content-type", content_type.to_owned()),
                ],
                body: body.into_bytes(),
                key: format!("7:ComputerCheckIn:{at}:1842"),
            }
        }
        2 => {
            let id = format!("{run:08x}{n:016x}");
            let body = String::from_utf8(fixture_bytes("jumpcloud", "alert_open_critical.json"))
                .unwrap()
                .replace("6743a0f2c9e77d0001b2c3d4", &id);
            Delivery {
                path: "/jumpcloud",
                headers: vec![("authorization", format!("Bearer {JUMPCLOUD_TOKEN}")), json],
                body: body.into_bytes(),
                key: format!("{id}:Open:2026-11-24T13:05:12.481Z"),
            }
        }
        _ => {
            let id = format!("evt_{run:08x}{n:012}");
            let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
            let body = format!(
                r#"{{"id":"{id}","type":"machine.offline","timestamp":"{now}","data":{{"machine_id":"mach_7f3k2q","machine_name":"build-runner-04","last_seen":"{now}"}}}}"#
            )
            .into_bytes();
            Delivery {
                path: "/cmdop",
                headers: vec![
                    ("x-cmdop-signature", cmdop_signature(CMDOP_SECRET, &body)),
                    json,
                ],
                body,
                key: id,
            }
        }
    }
}

/// A run id, so two tests (or two runs) never share a key.
fn run_id() -> u32 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    (nanos / 1000 + u32::try_from(NEXT.fetch_add(1, Ordering::SeqCst)).unwrap() * 7919) % 400_000
}

/// What one event's sender saw: its key and every answer (0 = no answer).
#[derive(Debug, Clone)]
struct History {
    key: String,
    answers: Vec<u16>,
}

impl History {
    fn acknowledged(&self) -> bool {
        self.answers.iter().any(|s| (200..300).contains(s))
    }
}

/// Whether a sender that got `status` (0: no answer) sends the event again.
fn retried(status: u16) -> bool {
    status == 0 || status >= 500 || status == 408 || status == 429
}

/// Where the senders deliver: changed when the server restarts on another port.
type Base = Arc<Mutex<String>>;

/// `SENDERS` threads sending fresh events until `stop` is set (at most `limit` events), each
/// event retried while `retry` says so and its answer tells it to, for at most [`RETRY_FOR`].
fn senders(
    base: &Base,
    run: u32,
    limit: u64,
    retry: bool,
    stop: &Arc<AtomicBool>,
) -> std::thread::JoinHandle<Vec<History>> {
    let (base, stop) = (Arc::clone(base), Arc::clone(stop));
    std::thread::spawn(move || {
        let next = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..SENDERS)
            .map(|_| {
                let (base, stop, next) = (Arc::clone(&base), Arc::clone(&stop), Arc::clone(&next));
                std::thread::spawn(move || {
                    let agent = agent();
                    let mut seen = Vec::new();
                    while !stop.load(Ordering::SeqCst) {
                        let n = next.fetch_add(1, Ordering::SeqCst);
                        if n >= limit {
                            break;
                        }
                        let d = delivery(run, n);
                        let mut history = History {
                            key: d.key.clone(),
                            answers: Vec::new(),
                        };
                        let give_up = Instant::now() + RETRY_FOR;
                        loop {
                            let url = format!("{}{}", base.lock().unwrap(), d.path);
                            let status = request(&agent, "POST", &url, &d.headers, &d.body)
                                .map_or(0, |reply| reply.status);
                            history.answers.push(status);
                            if !retry || !retried(status) || Instant::now() > give_up {
                                break;
                            }
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        seen.push(history);
                    }
                    seen
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect()
    })
}

/// The keys stored in `outputs`, with how often each is stored.
fn stored(outputs: &[&Path]) -> HashMap<String, usize> {
    let mut keys = HashMap::new();
    for path in outputs {
        for line in lines(path) {
            let summary: serde_json::Value = serde_json::from_str(&line).unwrap();
            *keys
                .entry(summary["key"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    keys
}

/// The counts of one run.
#[derive(Debug, Default)]
struct Counts {
    events: usize,
    acknowledged: usize,
    retried: usize,
    stored: usize,
}

/// The guarantee, by counting: every 2xx stored exactly once, every other answer a retry,
/// nothing stored twice.
fn check(histories: &[History], stored: &HashMap<String, usize>) -> Counts {
    let mut counts = Counts {
        events: histories.len(),
        stored: stored.len(),
        ..Counts::default()
    };
    for (key, n) in stored {
        assert_eq!(*n, 1, "{key} stored {n} times");
    }
    for h in histories {
        for &status in &h.answers {
            assert!(
                (200..300).contains(&status) || retried(status),
                "{}: answered {status}, which tells its sender not to retry ({:?})",
                h.key,
                h.answers
            );
        }
        if h.answers.len() > 1 {
            counts.retried += 1;
        }
        if h.acknowledged() {
            counts.acknowledged += 1;
            assert_eq!(
                stored.get(&h.key),
                Some(&1),
                "{} acknowledged but not stored once ({:?})",
                h.key,
                h.answers
            );
        }
    }
    eprintln!("{counts:?}");
    counts
}

/// Waits until the senders have had `n` events acknowledged, as the output shows.
fn wait_for_lines(output: &Path, n: usize) {
    assert!(
        eventually(|| lines(output).len() >= n),
        "fewer than {n} events stored"
    );
}

fn kill(server: &Server, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_raw(i32::try_from(server.pid()).unwrap()).unwrap();
    rustix::process::kill_process(pid, signal).unwrap();
    let gone = eventually(|| support::server::process_gone(server.pid()));
    assert!(gone, "serve did not exit after {signal:?}");
}

/// `signal` in the middle of traffic, then a restart on the same output: the senders' retries
/// land, nothing acknowledged is lost, nothing is stored twice.
fn signal_mid_load_then_restart(signal: rustix::process::Signal) {
    let dir = temp_dir();
    let config = write_config(
        dir.path(),
        &standard_config("shutdown_timeout_secs = 5", ""),
    );
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let base: Base = Arc::new(Mutex::new(server.base.clone()));
    let stop = Arc::new(AtomicBool::new(false));
    let traffic = senders(&base, run_id(), MANY, true, &stop);
    wait_for_lines(&output, 100);
    kill(&server, signal);
    drop(server);
    let restarted = Serve::new().config(&config).output(&output).start();
    *base.lock().unwrap() = restarted.base.clone();
    std::thread::sleep(Duration::from_millis(700));
    stop.store(true, Ordering::SeqCst);
    let histories = traffic.join().unwrap();
    let stopped = restarted.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    let counts = check(&histories, &stored(&[&output]));
    assert!(counts.acknowledged >= 100, "{counts:?}");
    assert!(
        counts.retried > 0,
        "no event met the {signal:?}: it came too late ({counts:?})"
    );
    assert_eq!(
        counts.acknowledged, counts.events,
        "every event is taken in the end: {counts:?}"
    );
    assert_eq!(counts.stored, counts.events, "{counts:?}");
}

#[test]
fn sigkill_mid_load_then_restart_loses_nothing_acknowledged_and_stores_nothing_twice() {
    signal_mid_load_then_restart(rustix::process::Signal::KILL);
}

#[test]
fn sigterm_mid_load_then_restart_loses_nothing_acknowledged_and_stores_nothing_twice() {
    signal_mid_load_then_restart(rustix::process::Signal::TERM);
}

/// A server with `top` keys, sent `events` events by concurrent senders that do not retry;
/// every answer must be a 503 with `Retry-After`, and nothing may be stored.
fn every_answer_is_retry(top: &str, output: Option<&Path>, events: u64) {
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config(top, ""));
    let mut serve = Serve::new().config(&config);
    if let Some(path) = output {
        serve = serve.output(path);
    }
    let server = serve.start();
    // One Retry-After seen by hand; the rest counted.
    let d = delivery(run_id(), 3);
    let reply = request(&agent(), "POST", &server.url(d.path), &d.headers, &d.body).unwrap();
    assert_eq!(reply.status, 503, "{reply:?}");
    assert_eq!(reply.header("retry-after"), Some("5"));
    let base: Base = Arc::new(Mutex::new(server.base.clone()));
    let histories = senders(
        &base,
        run_id(),
        events,
        false,
        &Arc::new(AtomicBool::new(false)),
    )
    .join()
    .unwrap();
    let stopped = server.terminate();
    assert!(stopped.stdout.is_empty(), "nothing on stdout");
    let answers: Vec<u16> = histories.iter().flat_map(|h| h.answers.clone()).collect();
    assert_eq!(answers.len() as u64, events);
    assert!(
        answers.iter().all(|&s| s == 503),
        "every answer 503: {answers:?}"
    );
    let outputs: Vec<&Path> = output.filter(|p| p.is_file()).into_iter().collect();
    let counts = check(&histories, &stored(&outputs));
    assert_eq!((counts.acknowledged, counts.stored), (0, 0), "{counts:?}");
}

#[test]
fn a_failing_command_under_load_is_a_retry_for_every_event() {
    let dir = temp_dir();
    let output = dir.path().join("events.jsonl");
    every_answer_is_retry(r#"exec = "exit 3""#, Some(&output), 64);
    assert!(lines(&output).is_empty());
}

#[test]
fn a_hanging_command_under_load_is_killed_and_a_retry_for_every_event() {
    let dir = temp_dir();
    let output = dir.path().join("events.jsonl");
    let started = Instant::now();
    every_answer_is_retry(
        "exec = \"sleep 30\"\nexec_timeout_secs = 1\nexec_concurrency = 8",
        Some(&output),
        16,
    );
    // 17 events through 8 slots of 1 s each: about 3 s, far from the 30 s sleep.
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert!(lines(&output).is_empty());
}

#[test]
fn a_full_output_device_is_a_retry_for_every_event() {
    every_answer_is_retry("", Some(Path::new("/dev/full")), 64);
}

#[test]
fn dev_null_as_the_output_accepts_every_event() {
    // A character device has nothing to sync: fdatasync on it is EINVAL, which once made every
    // delivery a 503.
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config("", ""));
    let server = Serve::new()
        .config(&config)
        .output(Path::new("/dev/null"))
        .start();
    let base: Base = Arc::new(Mutex::new(server.base.clone()));
    let histories = senders(
        &base,
        run_id(),
        64,
        false,
        &Arc::new(AtomicBool::new(false)),
    )
    .join()
    .unwrap();
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    let statuses: Vec<u16> = histories.iter().flat_map(|h| h.answers.clone()).collect();
    assert_eq!(statuses, vec![200; 64]);
}

#[test]
fn an_output_directory_removed_mid_load_is_a_retry_until_it_is_back() {
    let dir = temp_dir();
    let sub = dir.path().join("spool");
    std::fs::create_dir(&sub).unwrap();
    let output = sub.join("events.jsonl");
    let kept = dir.path().join("before-removal.jsonl");
    let config = write_config(dir.path(), &standard_config("", ""));
    let server = Serve::new().config(&config).output(&output).start();
    let base: Base = Arc::new(Mutex::new(server.base.clone()));
    let stop = Arc::new(AtomicBool::new(false));
    let traffic = senders(&base, run_id(), MANY, true, &stop);
    wait_for_lines(&output, 50);
    // The events stored so far stay countable through a second link to the file.
    std::fs::hard_link(&output, &kept).unwrap();
    std::fs::remove_dir_all(&sub).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let refused = get(&format!("{}/metrics", server.base)).body;
    std::fs::create_dir(&sub).unwrap();
    wait_for_lines(&output, 20);
    stop.store(true, Ordering::SeqCst);
    let histories = traffic.join().unwrap();
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    assert!(
        refused.contains(r#"fleethooks_sink_failures_total{sink="output"}"#),
        "deliveries failed while the directory was gone: {refused}"
    );
    let counts = check(&histories, &stored(&[&kept, &output]));
    assert!(counts.retried > 0, "{counts:?}");
    assert_eq!(counts.acknowledged, counts.events, "{counts:?}");
    assert_eq!(counts.stored, counts.events, "{counts:?}");
}

#[test]
fn clients_that_disconnect_mid_body_under_load_leave_nothing_behind() {
    let dir = temp_dir();
    let config = write_config(dir.path(), &standard_config("", ""));
    let output = dir.path().join("events.jsonl");
    let server = Serve::new().config(&config).output(&output).start();
    let base: Base = Arc::new(Mutex::new(server.base.clone()));
    let stop = Arc::new(AtomicBool::new(false));
    let run = run_id();
    let traffic = senders(&base, run, 400, true, &stop);
    // Meanwhile: events of another run, each cut off half-way through its body.
    let cut_run = run + 500_000;
    let mut cut_keys = Vec::new();
    for n in 0..60 {
        let d = delivery(cut_run, n);
        let mut head = format!("POST {} HTTP/1.1\r\nhost: {}\r\n", d.path, server.addr);
        for (name, value) in &d.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("content-length: {}\r\n\r\n", d.body.len()));
        let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&d.body[..d.body.len() / 2]).unwrap();
        stream.flush().unwrap();
        std::thread::sleep(Duration::from_millis(5));
        drop(stream);
        cut_keys.push(d.key);
    }
    let histories = traffic.join().unwrap();
    let health = get(&format!("{}/healthz", server.base));
    assert_eq!(health.status, 200, "{health:?}");
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    let keys = stored(&[&output]);
    for key in &cut_keys {
        assert!(
            !keys.contains_key(key),
            "{key} was cut off mid-body, yet stored"
        );
    }
    let counts = check(&histories, &keys);
    assert_eq!(counts.acknowledged, 400, "{counts:?}");
    assert_eq!(
        counts.stored, 400,
        "only the whole deliveries are stored: {counts:?}"
    );
}

/// The `Nats-Msg-Id` of every message in `stream`, with how often each is stored.
fn stream_keys(url: &str, stream: &str) -> HashMap<String, usize> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = async_nats::connect(url).await.unwrap();
        let js = async_nats::jetstream::new(client);
        let mut stream = js.get_stream(stream).await.unwrap();
        let last = stream.info().await.unwrap().state.last_sequence;
        let mut keys = HashMap::new();
        for sequence in 1..=last {
            if let Ok(message) = stream.get_raw_message(sequence).await {
                let summary: serde_json::Value = serde_json::from_slice(&message.payload).unwrap();
                *keys
                    .entry(summary["key"].as_str().unwrap().to_owned())
                    .or_default() += 1;
            }
        }
        keys
    })
}

#[test]
fn the_broker_killed_mid_load_then_restarted_keeps_every_acknowledged_event_once() {
    let Some(mut nats) = fleethooks_testkit::NatsServer::start() else {
        return;
    };
    let dir = temp_dir();
    let forward = format!(
        "[forward]\nurl = \"{}\"\nack_timeout_secs = 2\n",
        nats.url()
    );
    let config = write_config(
        dir.path(),
        &format!("{}\n{forward}", standard_config("", "")),
    );
    let server = Serve::new()
        .config(&config)
        .output(Path::new("/dev/null"))
        .start();
    let base: Base = Arc::new(Mutex::new(server.base.clone()));
    let stop = Arc::new(AtomicBool::new(false));
    let traffic = senders(&base, run_id(), MANY, true, &stop);
    std::thread::sleep(Duration::from_millis(800));
    nats.kill();
    // Longer than the ack timeout, so a publish waiting for its ack cannot outlast the outage.
    std::thread::sleep(Duration::from_millis(2500));
    nats.restart();
    std::thread::sleep(Duration::from_millis(1500));
    stop.store(true, Ordering::SeqCst);
    let histories = traffic.join().unwrap();
    let stopped = server.terminate();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    let counts = check(&histories, &stream_keys(&nats.url(), "FLEETHOOKS"));
    assert!(
        counts.retried > 0,
        "no event met the broker's death: {counts:?}"
    );
    assert_eq!(counts.acknowledged, counts.events, "{counts:?}");
}
