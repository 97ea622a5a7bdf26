//! A load generator for webhook receivers on loopback: signed, distinct events from every
//! source, at increasing concurrency, bounded in count and time.
//!
//! ```text
//! loadgen run --url http://127.0.0.1:PORT [--prefix /hooks] [--concurrency 1,8,32,128]
//!             [--duration SECS] [--warmup SECS] [--pid PID] [--label NAME]
//!             [--max-events N] [--ledger FILE --retry-deadline SECS]
//! loadgen check --ledger FILE (--output FILE)... | --nats URL --stream NAME
//! ```
//!
//! `run` keeps `C` keep-alive connections busy (a closed loop: each sends its next event when
//! the last is answered) for `--duration` seconds per step, and prints one JSON line per step:
//! events/s, p50/p99/max latency of the 2xx answers, every other answer by status, connection
//! errors, and the CPU time and peak RSS (`VmHWM`) of the process `--pid` and of the generator.
//! Events cycle through Jamf JSON, Jamf XML, JumpCloud alert and cmdop event; each carries a
//! marker of its own (webhook id and timestamp, alert id, event id), so deduplication never
//! short-circuits one.
//!
//! With `--ledger`, it behaves as a sender that retries: an event answered 5xx, 408, 429, or not
//! answered at all (connection refused, reset, timed out) is sent again until it gets a 2xx or
//! `--retry-deadline` passes (0: each event is sent once); the ledger records, per event, its
//! marker, attempts, and how it ended. `check` compares a ledger with what the receiver stored (its output files, or the
//! JetStream stream) and prints counts: every 2xx must be stored exactly once, and no event may
//! have got an answer that tells its sender not to retry.
//!
//! Credentials come from `LOADGEN_JAMF_USER`, `LOADGEN_JAMF_PASSWORD`,
//! `LOADGEN_JUMPCLOUD_TOKEN` and `LOADGEN_CMDOP_SECRET` (defaults: the values in
//! `benches/load/`'s configs). Only loopback URLs are accepted.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{BufRead as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// How long one request may take before it counts as not answered.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a retrying sender waits before sending an event again.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

const DEFAULT_JAMF_USER: &str = "jamf-hooks";
const DEFAULT_JAMF_PASSWORD: &str = "c0rrect-h0rse-b4ttery";
const DEFAULT_JUMPCLOUD_TOKEN: &str = "jc_5f2b8c0e9a7d4e1b6c3a";
const DEFAULT_CMDOP_SECRET: &str = "whsec_7c1d9e3f5a2b4c6d8e0f1a3b";

/// One of the four kinds of delivery, in the order they are cycled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    JamfJson,
    JamfXml,
    Jumpcloud,
    Cmdop,
}

const KINDS: [Kind; 4] = [Kind::JamfJson, Kind::JamfXml, Kind::Jumpcloud, Kind::Cmdop];

impl Kind {
    fn source(self) -> &'static str {
        match self {
            Self::JamfJson | Self::JamfXml => "jamf",
            Self::Jumpcloud => "jumpcloud",
            Self::Cmdop => "cmdop",
        }
    }
}

/// What every request of a run shares.
struct Sender {
    host: String,
    prefix: String,
    run: u32,
    jamf_auth: String,
    jumpcloud_auth: String,
    cmdop: Hmac<Sha256>,
}

/// One event, ready to send.
struct Delivery {
    n: u64,
    kind: Kind,
    marker: String,
    request: Vec<u8>,
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

impl Sender {
    fn new(addr: SocketAddr, prefix: &str, run: u32) -> Result<Self, String> {
        let user = env_or("LOADGEN_JAMF_USER", DEFAULT_JAMF_USER);
        let password = env_or("LOADGEN_JAMF_PASSWORD", DEFAULT_JAMF_PASSWORD);
        let token = env_or("LOADGEN_JUMPCLOUD_TOKEN", DEFAULT_JUMPCLOUD_TOKEN);
        let secret = env_or("LOADGEN_CMDOP_SECRET", DEFAULT_CMDOP_SECRET);
        let pair = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        Ok(Self {
            host: addr.to_string(),
            prefix: prefix.trim_end_matches('/').to_owned(),
            run,
            jamf_auth: format!("Basic {pair}"),
            jumpcloud_auth: format!("Bearer {token}"),
            cmdop: Hmac::<Sha256>::new_from_slice(secret.as_bytes())
                .map_err(|e| format!("cmdop secret: {e}"))?,
        })
    }

    /// Event number `n` of this run: its body, headers and marker.
    fn delivery(&self, n: u64) -> Delivery {
        let kind = KINDS[(n % 4) as usize];
        let run = self.run;
        // Jamf's key is `webhook id:type:timestamp:subject`; the run is the webhook id.
        let jamf_ts = 1_700_000_000_000u64 + n;
        let (path, content_type, body, marker) = match kind {
            Kind::JamfJson => (
                "jamf",
                "application/json",
                jamf_json(run, jamf_ts),
                format!("{run}:ComputerCheckIn:{jamf_ts}"),
            ),
            Kind::JamfXml => (
                "jamf",
                "text/xml",
                jamf_xml(run, jamf_ts),
                format!("{run}:ComputerCheckIn:{jamf_ts}"),
            ),
            Kind::Jumpcloud => {
                let id = format!("{run:08x}{n:016x}");
                let body = jumpcloud_alert(&id);
                ("jumpcloud", "application/json", body, id)
            }
            Kind::Cmdop => {
                let id = format!("evt_lg{run:08x}{n:012}");
                let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
                let body = cmdop_event(&id, &now);
                ("cmdop", "application/json", body, id)
            }
        };
        let mut request = String::with_capacity(body.len() + 256);
        let _ = write!(
            request,
            "POST {}/{path} HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
            self.prefix,
            self.host,
            body.len()
        );
        match kind {
            Kind::JamfJson | Kind::JamfXml => {
                let _ = write!(request, "Authorization: {}\r\n", self.jamf_auth);
            }
            Kind::Jumpcloud => {
                let _ = write!(request, "Authorization: {}\r\n", self.jumpcloud_auth);
            }
            Kind::Cmdop => {
                let mut mac = self.cmdop.clone();
                mac.update(body.as_bytes());
                let digest = mac.finalize().into_bytes();
                let hex = base16ct::lower::encode_string(&digest);
                let _ = write!(request, "X-Cmdop-Signature: sha256={hex}\r\n");
            }
        }
        request.push_str("\r\n");
        request.push_str(&body);
        Delivery {
            n,
            kind,
            marker,
            request: request.into_bytes(),
        }
    }
}

fn jamf_json(id: u32, ts: u64) -> String {
    format!(
        r#"{{"event":{{"computer":{{"alternateMacAddress":"A6:83:E7:1C:2B:A0","building":"HQ Building 2","department":"Platform","deviceName":"mbp-akiko","emailAddress":"akiko.tanaka@northwind-labs.com","ipAddress":"203.0.113.24","jssID":1842,"macAddress":"A4:83:E7:1C:2B:9F","managementId":"8d3c1e27-6f0b-4a52-9b1e-2f7d4c9a0e61","model":"MacBook Pro (16-inch, 2021)","osBuild":"23E224","osVersion":"14.4.1","phone":"+1 415 555 0134","position":"Staff Engineer","realName":"Akiko Tanaka","reportedIpAddress":"10.20.4.117","room":"2-114","serialNumber":"C02XK1JDJG5J","udid":"5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95","userDirectoryID":"-1","username":"akiko.tanaka"}},"trigger":"CLIENT_CHECKIN","username":"akiko.tanaka"}},"webhook":{{"id":{id},"name":"Fleet events to SIEM","webhookEvent":"ComputerCheckIn","eventTimestamp":{ts}}}}}"#
    )
}

fn jamf_xml(id: u32, ts: u64) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><JSSEvent><webhook><id>{id}</id><name>Fleet events to SIEM</name><webhookEvent>ComputerCheckIn</webhookEvent><eventTimestamp>{ts}</eventTimestamp></webhook><event><trigger>CLIENT_CHECKIN</trigger><username>akiko.tanaka</username><computer><udid>5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95</udid><deviceName>mbp-akiko</deviceName><model>MacBook Pro (16-inch, 2021)</model><macAddress>A4:83:E7:1C:2B:9F</macAddress><alternateMacAddress>A6:83:E7:1C:2B:A0</alternateMacAddress><serialNumber>C02XK1JDJG5J</serialNumber><osVersion>14.4.1</osVersion><osBuild>23E224</osBuild><userDirectoryID>-1</userDirectoryID><username>akiko.tanaka</username><realName>Akiko Tanaka</realName><emailAddress>akiko.tanaka@northwind-labs.com</emailAddress><phone>+1 415 555 0134</phone><position>Staff Engineer</position><department>Platform</department><building>HQ Building 2</building><room>2-114</room><ipAddress>203.0.113.24</ipAddress><reportedIpAddress>10.20.4.117</reportedIpAddress><jssID>1842</jssID><managementId>8d3c1e27-6f0b-4a52-9b1e-2f7d4c9a0e61</managementId></computer></event></JSSEvent>"#
    )
}

fn jumpcloud_alert(id: &str) -> String {
    format!(
        r#"{{"alert_id":"{id}","alert_title":"Multiple failed admin portal logins","category":"Identity","description":"5 failed admin portal logins for the same account within 10 minutes.","di_event":{{"id":"6743a0ee1f9b2a3c4d5e6f70","service":"directory","event_type":"admin_login_attempt","timestamp":"2026-11-24T13:05:09.117Z","success":false,"client_ip":"198.51.100.23","geoip":{{"country_code":"NL","region_name":"North Holland","latitude":52.3676,"longitude":4.9041}},"initiated_by":{{"type":"admin","email":"j.devries@acme.example","id":"5f8e2c1a9b7d3e0012ab34ce"}},"error_message":"invalid password","mfa":true,"useragent":{{"name":"Firefox","os":"Windows","version":"132.0"}}}},"event_description":"admin_login_attempt failed for j.devries@acme.example","initiated_by":{{"type":"admin","email":"j.devries@acme.example","id":"5f8e2c1a9b7d3e0012ab34ce"}},"occurred_at":"2026-11-24T13:05:12.481Z","previous_alert_status":"Open","priority":"Critical","rule_id":"66f1c2d3e4a5b60012c7d8e9","source_id":"66f1c2d3e4a5b60012c7d8ea","source_name":"Admin Login Failures","source_type":"insights_rule","source_url":"https://console.jumpcloud.com/#/alerts/{id}","status":"Open","update_at":"2026-11-24T13:05:12.481Z"}}"#
    )
}

fn cmdop_event(id: &str, now: &str) -> String {
    format!(
        r#"{{"id":"{id}","type":"command.completed","timestamp":"{now}","data":{{"command_id":"cmd_01JD4RA3F8","session_id":"sess_01JD4R7MC3","machine_id":"mach_7Q2K9XW4","machine_hostname":"build-eu-02.fleet.example.net","command":"apt-get -y upgrade nginx openssl libssl3","status":"completed","exit_code":0,"duration":41.207,"started_at":"2024-11-20T09:11:24Z","finished_at":"2024-11-20T09:12:05Z","output":"Reading package lists...\nBuilding dependency tree...\nReading state information...\nCalculating upgrade...\nThe following packages will be upgraded:\n  libssl3 openssl nginx nginx-common\n4 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\nSetting up nginx (1.24.0-2ubuntu7.1) ...\nnginx.service restarted","user_id":"usr_3FJ8K2","workspace_id":"ws_01HZX4"}}}}"#
    )
}

/// How one request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Status(u16),
    /// Refused, reset, closed before a whole answer, or timed out.
    Unanswered,
    /// We sent half the body and closed the connection (`--abort-every`): never to be stored.
    Aborted,
}

/// Whether a sender that got `answer` sends the event again (JumpCloud's rule, which the
/// others' retry-on-anything also satisfies).
fn retried(answer: Answer) -> bool {
    match answer {
        Answer::Unanswered => true,
        Answer::Aborted => false,
        Answer::Status(s) => s >= 500 || s == 408 || s == 429,
    }
}

/// A keep-alive connection that reconnects when it has to.
struct Connection {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
}

impl Connection {
    fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            stream: None,
            buf: Vec::with_capacity(4096),
        }
    }

    async fn send(&mut self, request: &[u8]) -> Answer {
        match tokio::time::timeout(REQUEST_TIMEOUT, self.exchange(request)).await {
            Ok(Ok(answer)) => answer,
            _ => {
                self.stream = None;
                Answer::Unanswered
            }
        }
    }

    async fn exchange(&mut self, request: &[u8]) -> std::io::Result<Answer> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.addr).await?;
            stream.set_nodelay(true)?;
            self.stream = Some(stream);
            self.buf.clear();
        }
        match self.round_trip(request).await {
            Ok(answer) => Ok(answer),
            // Reset, closed or garbled: not answered; the retry logic decides what follows.
            Err(e) => {
                self.stream = None;
                Err(e)
            }
        }
    }

    async fn round_trip(&mut self, request: &[u8]) -> std::io::Result<Answer> {
        let Some(stream) = self.stream.as_mut() else {
            return Err(std::io::Error::other("not connected"));
        };
        stream.write_all(request).await?;
        // Read the head.
        let head_end = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            read_more(stream, &mut self.buf).await?;
        };
        let head = std::str::from_utf8(&self.buf[..head_end])
            .map_err(|_| std::io::Error::other("head not UTF-8"))?
            .to_ascii_lowercase();
        let status: u16 = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other("no status"))?;
        let mut length = None;
        let mut chunked = false;
        let mut close = false;
        for line in head.split("\r\n").skip(1) {
            if let Some(v) = line.strip_prefix("content-length:") {
                length = v.trim().parse::<usize>().ok();
            } else if let Some(v) = line.strip_prefix("transfer-encoding:") {
                chunked = v.contains("chunked");
            } else if let Some(v) = line.strip_prefix("connection:") {
                close = v.contains("close");
            }
        }
        let consumed = if chunked {
            let mut at = head_end;
            loop {
                let line_end = loop {
                    if let Some(e) = find(&self.buf[at..], b"\r\n") {
                        break at + e;
                    }
                    read_more(stream, &mut self.buf).await?;
                };
                let size_text = std::str::from_utf8(&self.buf[at..line_end])
                    .map_err(|_| std::io::Error::other("bad chunk"))?;
                let size =
                    usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| std::io::Error::other("bad chunk size"))?;
                let need = line_end + 2 + size + 2;
                while self.buf.len() < need {
                    read_more(stream, &mut self.buf).await?;
                }
                at = need;
                if size == 0 {
                    break at;
                }
            }
        } else if let Some(length) = length {
            while self.buf.len() < head_end + length {
                read_more(stream, &mut self.buf).await?;
            }
            head_end + length
        } else {
            // No length: the body runs to the close.
            while read_more(stream, &mut self.buf).await.is_ok() {}
            close = true;
            self.buf.len()
        };
        self.buf.drain(..consumed);
        if close {
            self.stream = None;
        }
        Ok(Answer::Status(status))
    }
}

/// Sends the head and half the body of `request` on a connection of its own, then closes it.
async fn abort_mid_body(addr: SocketAddr, request: &[u8]) {
    let head = find(request, b"\r\n\r\n").map_or(request.len(), |at| at + 4);
    let cut = head + (request.len() - head) / 2;
    if let Ok(Ok(mut stream)) =
        tokio::time::timeout(REQUEST_TIMEOUT, TcpStream::connect(addr)).await
    {
        let _ = stream.write_all(&request[..cut]).await;
        let _ = stream.flush().await;
        // Let the server read what it got before the close, as a client dying mid-upload does.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 4096];
    let n = stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "closed",
        ));
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

/// What one step saw.
#[derive(Default)]
struct Tally {
    ok: u64,
    other: BTreeMap<u16, u64>,
    no_answer: u64,
    aborted: u64,
    latencies_us: Vec<u32>,
}

impl Tally {
    fn add(&mut self, answer: Answer, took: Duration) {
        match answer {
            Answer::Status(s) if (200..300).contains(&s) => {
                self.ok += 1;
                self.latencies_us
                    .push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
            }
            Answer::Status(s) => *self.other.entry(s).or_default() += 1,
            Answer::Unanswered => self.no_answer += 1,
            Answer::Aborted => self.aborted += 1,
        }
    }

    fn merge(&mut self, other: Self) {
        self.ok += other.ok;
        for (s, n) in other.other {
            *self.other.entry(s).or_default() += n;
        }
        self.no_answer += other.no_answer;
        self.aborted += other.aborted;
        self.latencies_us.extend(other.latencies_us);
    }
}

/// One event's history, for the ledger.
struct Record {
    n: u64,
    kind: Kind,
    marker: String,
    attempts: u32,
    answers: Vec<Answer>,
}

/// The options of `run`.
struct RunOptions {
    addr: SocketAddr,
    prefix: String,
    steps: Vec<usize>,
    duration: Duration,
    warmup: Duration,
    pid: Option<u32>,
    label: String,
    max_events: u64,
    ledger: Option<PathBuf>,
    retry_deadline: Duration,
    run_id: u32,
    abort_every: u64,
}

/// CPU seconds (user + system) and peak RSS in KiB of a process, from /proc.
fn process_stats(pid: &str) -> (f64, Option<u64>) {
    let cpu = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // After the command: state is field 3, utime 14, stime 15 (1-based over the whole
            // line), so 11 and 12 here.
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0);
    let hwm = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        });
    (cpu, hwm)
}

/// CPU seconds of `pid` and every process below it (exec children come and go, so this is
/// what the kernel has charged to the ones still alive plus what reaped children added).
fn tree_cpu(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r.to_owned()) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime, stime, cutime, cstime.
    (11..15)
        .filter_map(|i| fields.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum::<f64>()
        / 100.0
}

/// Busy CPU seconds of the whole machine so far (every core: user, nice, system, irq, softirq,
/// steal), from /proc/stat.
fn machine_busy() -> f64 {
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|stat| {
            let line = stat.lines().next()?.strip_prefix("cpu ")?.to_owned();
            let fields: Vec<f64> = line
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect();
            // user nice system idle iowait irq softirq steal
            let busy = [0, 1, 2, 5, 6, 7]
                .iter()
                .filter_map(|&i| fields.get(i))
                .sum::<f64>();
            Some(busy / 100.0)
        })
        .unwrap_or(0.0)
}

fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn run(options: RunOptions) -> Result<(), String> {
    let sender = Arc::new(Sender::new(options.addr, &options.prefix, options.run_id)?);
    let next = Arc::new(AtomicU64::new(0));
    let records: Arc<Mutex<Vec<Record>>> = Arc::new(Mutex::new(Vec::new()));
    // A ledger keeps every event's history; a zero retry deadline sends each event once.
    let keep = options.ledger.is_some();
    let retrying = keep && !options.retry_deadline.is_zero();
    if !options.warmup.is_zero() {
        let c = options.steps.first().copied().unwrap_or(1);
        let _ = step(
            &sender,
            &next,
            &records,
            &options,
            c,
            options.warmup,
            false,
            false,
        )
        .await;
    }
    for &concurrency in &options.steps {
        let pid = options.pid.map(|p| p.to_string());
        let (server_before, _) = pid.as_deref().map_or((0.0, None), process_stats);
        let tree_before = options.pid.map_or(0.0, tree_cpu);
        let (self_before, _) = process_stats("self");
        let machine_before = machine_busy();
        let started = Instant::now();
        let tally = step(
            &sender,
            &next,
            &records,
            &options,
            concurrency,
            options.duration,
            keep,
            retrying,
        )
        .await;
        let elapsed = started.elapsed().as_secs_f64();
        let (server_after, server_hwm) = pid.as_deref().map_or((0.0, None), process_stats);
        let tree_after = options.pid.map_or(0.0, tree_cpu);
        let (self_after, self_hwm) = process_stats("self");
        let machine = 100.0 * (machine_busy() - machine_before) / elapsed;
        let server_tree = 100.0 * (tree_after - tree_before) / elapsed;
        let loadgen = 100.0 * (self_after - self_before) / elapsed;
        let mut latencies = tally.latencies_us;
        latencies.sort_unstable();
        let other: serde_json::Map<String, serde_json::Value> = tally
            .other
            .iter()
            .map(|(s, n)| (s.to_string(), serde_json::Value::from(*n)))
            .collect();
        let line = serde_json::json!({
            "label": options.label,
            "concurrency": concurrency,
            "seconds": elapsed,
            "ok": tally.ok,
            "events_per_s": tally.ok as f64 / elapsed,
            "p50_ms": f64::from(percentile(&latencies, 50.0)) / 1000.0,
            "p99_ms": f64::from(percentile(&latencies, 99.0)) / 1000.0,
            "max_ms": f64::from(latencies.last().copied().unwrap_or(0)) / 1000.0,
            "other_status": other,
            "no_answer": tally.no_answer,
            "aborted": tally.aborted,
            "server_cpu_pct": 100.0 * (server_after - server_before) / elapsed,
            "server_tree_cpu_pct": server_tree,
            "server_peak_rss_kib": server_hwm,
            "loadgen_cpu_pct": loadgen,
            // What else ran meanwhile (other builds and tests on a shared machine); the exec
            // children reaped during the step are already in the server's tree.
            "machine_cpu_pct": machine,
            "others_cpu_pct": (machine - server_tree - loadgen).max(0.0),
            "loadgen_peak_rss_kib": self_hwm,
        });
        println!("{line}");
        let _ = std::io::stdout().flush();
    }
    if let Some(path) = &options.ledger {
        let records =
            std::mem::take(&mut *records.lock().map_err(|_| "a worker panicked".to_owned())?);
        write_ledger(path, &records).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn write_ledger(path: &std::path::Path, records: &[Record]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for r in records {
        let answers: Vec<serde_json::Value> = r
            .answers
            .iter()
            .map(|a| match a {
                Answer::Status(s) => serde_json::Value::from(*s),
                Answer::Unanswered => serde_json::Value::from(0),
                Answer::Aborted => serde_json::Value::from(1),
            })
            .collect();
        let line = serde_json::json!({
            "n": r.n,
            "source": r.kind.source(),
            "kind": format!("{:?}", r.kind),
            "marker": r.marker,
            "attempts": r.attempts,
            "answers": answers,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()
}

/// Runs `concurrency` workers for `duration` (fresh events); with `retrying`, an event that
/// was not taken is sent again until it is or the retry deadline passes; with `keep`, every
/// event's history goes to the ledger.
#[allow(
    clippy::too_many_arguments,
    reason = "one private call site, each argument named there"
)]
async fn step(
    sender: &Arc<Sender>,
    next: &Arc<AtomicU64>,
    records: &Arc<Mutex<Vec<Record>>>,
    options: &RunOptions,
    concurrency: usize,
    duration: Duration,
    keep: bool,
    retrying: bool,
) -> Tally {
    let stop_fresh = Instant::now() + duration;
    let give_up = stop_fresh + options.retry_deadline;
    let exhausted = Arc::new(AtomicBool::new(false));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let sender = Arc::clone(sender);
        let next = Arc::clone(next);
        let records = Arc::clone(records);
        let exhausted = Arc::clone(&exhausted);
        let addr = options.addr;
        let max = options.max_events;
        let abort_every = options.abort_every;
        workers.spawn(async move {
            let mut connection = Connection::new(addr);
            let mut tally = Tally::default();
            let mut mine = Vec::new();
            while Instant::now() < stop_fresh && !exhausted.load(Ordering::Relaxed) {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= max {
                    exhausted.store(true, Ordering::Relaxed);
                    break;
                }
                let delivery = sender.delivery(n);
                let mut record = Record {
                    n: delivery.n,
                    kind: delivery.kind,
                    marker: delivery.marker,
                    attempts: 0,
                    answers: Vec::new(),
                };
                if abort_every > 0 && n % abort_every == abort_every - 1 {
                    abort_mid_body(addr, &delivery.request).await;
                    tally.add(Answer::Aborted, Duration::ZERO);
                    record.attempts = 1;
                    record.answers.push(Answer::Aborted);
                    if keep {
                        mine.push(record);
                    }
                    continue;
                }
                loop {
                    let sent = Instant::now();
                    let answer = connection.send(&delivery.request).await;
                    tally.add(answer, sent.elapsed());
                    record.attempts += 1;
                    record.answers.push(answer);
                    if !retrying || !retried(answer) || Instant::now() >= give_up {
                        break;
                    }
                    tokio::time::sleep(RETRY_PAUSE).await;
                }
                if keep {
                    mine.push(record);
                }
            }
            if let Ok(mut all) = records.lock() {
                all.extend(mine);
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(joined) = workers.join_next().await {
        if let Ok(tally) = joined {
            total.merge(tally);
        }
    }
    total
}

/// `check`: the ledger against what was stored.
fn check(ledger: &std::path::Path, stored: &HashMap<String, u64>) -> Result<bool, String> {
    let text = std::fs::read_to_string(ledger).map_err(|e| format!("{}: {e}", ledger.display()))?;
    let mut events = 0u64;
    let mut acknowledged = 0u64;
    let mut acknowledged_once = 0u64;
    let mut acknowledged_missing = 0u64;
    let mut acknowledged_twice = 0u64;
    let mut unacknowledged_stored = 0u64;
    let mut unacknowledged_absent = 0u64;
    let mut wrong_answers = 0u64;
    let mut retried_events = 0u64;
    let mut aborted = 0u64;
    let mut aborted_stored = 0u64;
    let mut answers: BTreeMap<String, u64> = BTreeMap::new();
    let mut first_problems = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let record: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("ledger line: {e}"))?;
        events += 1;
        let marker = record["marker"].as_str().unwrap_or_default();
        let source = record["source"].as_str().unwrap_or_default();
        let statuses: Vec<u16> = record["answers"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(serde_json::Value::as_u64)
                    .map(|s| u16::try_from(s).unwrap_or(0))
                    .collect()
            })
            .unwrap_or_default();
        if statuses.len() > 1 {
            retried_events += 1;
        }
        let count = stored
            .get(&format!("{source} {marker}"))
            .copied()
            .unwrap_or(0);
        if statuses == [1] {
            aborted += 1;
            if count > 0 {
                aborted_stored += 1;
                if first_problems.len() < 5 {
                    first_problems.push(format!("{source} {marker}: cut off mid-body, yet stored"));
                }
            }
            continue;
        }
        for s in &statuses {
            let name = if *s == 0 {
                "no answer".to_owned()
            } else {
                s.to_string()
            };
            *answers.entry(name).or_default() += 1;
        }
        let wrong = statuses.iter().any(|&s| {
            let answer = if s == 0 {
                Answer::Unanswered
            } else {
                Answer::Status(s)
            };
            !(200..300).contains(&s) && !retried(answer)
        });
        if wrong {
            wrong_answers += 1;
            if first_problems.len() < 5 {
                first_problems.push(format!("{source} {marker}: answers {statuses:?}"));
            }
        }
        let ok = statuses.iter().any(|s| (200..300).contains(s));
        if ok {
            acknowledged += 1;
            match count {
                0 => {
                    acknowledged_missing += 1;
                    if first_problems.len() < 5 {
                        first_problems.push(format!("{source} {marker}: 2xx but not stored"));
                    }
                }
                1 => acknowledged_once += 1,
                _ => {
                    acknowledged_twice += 1;
                    if first_problems.len() < 5 {
                        first_problems.push(format!("{source} {marker}: stored {count} times"));
                    }
                }
            }
        } else if count > 0 {
            unacknowledged_stored += 1;
        } else {
            unacknowledged_absent += 1;
        }
    }
    let passed = acknowledged_missing == 0
        && acknowledged_twice == 0
        && wrong_answers == 0
        && aborted_stored == 0;
    let line = serde_json::json!({
        "events": events,
        "acknowledged": acknowledged,
        "acknowledged_stored_once": acknowledged_once,
        "acknowledged_missing": acknowledged_missing,
        "acknowledged_stored_more_than_once": acknowledged_twice,
        "not_acknowledged_but_stored": unacknowledged_stored,
        "not_acknowledged_not_stored": unacknowledged_absent,
        "events_retried": retried_events,
        "wrong_answers": wrong_answers,
        "aborted_mid_body": aborted,
        "aborted_but_stored": aborted_stored,
        "answers": answers,
        "stored_lines": stored.values().sum::<u64>(),
        "problems": first_problems,
        "passed": passed,
    });
    println!("{line}");
    Ok(passed)
}

/// `source marker` of a stored summary line, as the ledger names events.
fn stored_marker(source: &str, key: &str) -> String {
    let marker = if source == "jamf" {
        key.splitn(4, ':').take(3).collect::<Vec<_>>().join(":")
    } else if source == "jumpcloud" {
        key.split(':').next().unwrap_or(key).to_owned()
    } else {
        key.to_owned()
    };
    format!("{source} {marker}")
}

fn stored_in_files(paths: &[PathBuf]) -> Result<HashMap<String, u64>, String> {
    let mut stored = HashMap::new();
    for path in paths {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in std::io::BufReader::new(file).lines() {
            let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
            if line.is_empty() {
                continue;
            }
            let summary: serde_json::Value = serde_json::from_str(&line)
                .map_err(|e| format!("{}: not a summary line ({e}): {line}", path.display()))?;
            let marker = stored_marker(
                summary["source"].as_str().unwrap_or_default(),
                summary["key"].as_str().unwrap_or_default(),
            );
            *stored.entry(marker).or_default() += 1;
        }
    }
    Ok(stored)
}

async fn stored_in_stream(url: &str, stream: &str) -> Result<HashMap<String, u64>, String> {
    let client = async_nats::connect(url)
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    let js = async_nats::jetstream::new(client);
    let mut stream = js
        .get_stream(stream)
        .await
        .map_err(|e| format!("stream {stream}: {e}"))?;
    let last = stream
        .info()
        .await
        .map_err(|e| format!("stream info: {e}"))?
        .state
        .last_sequence;
    let mut stored = HashMap::new();
    for sequence in 1..=last {
        let Ok(message) = stream.get_raw_message(sequence).await else {
            continue;
        };
        let summary: serde_json::Value =
            serde_json::from_slice(&message.payload).map_err(|e| format!("message: {e}"))?;
        let marker = stored_marker(
            summary["source"].as_str().unwrap_or_default(),
            summary["key"].as_str().unwrap_or_default(),
        );
        *stored.entry(marker).or_default() += 1;
    }
    Ok(stored)
}

/// The value after `--name`, for every occurrence.
fn values<'a>(args: &'a [String], name: &str) -> Vec<&'a str> {
    args.windows(2)
        .filter(|w| w[0] == name)
        .map(|w| w[1].as_str())
        .collect()
}

fn value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    values(args, name).last().copied()
}

fn parse_or<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, String> {
    match value(args, name) {
        Some(v) => v.parse().map_err(|_| format!("{name}: cannot parse {v:?}")),
        None => Ok(default),
    }
}

fn loopback(url: &str) -> Result<SocketAddr, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("--url {url}: only http:// URLs"))?;
    let authority = rest.split('/').next().unwrap_or(rest);
    let addr: SocketAddr = authority
        .parse()
        .map_err(|_| format!("--url {url}: expected http://IP:PORT"))?;
    if !addr.ip().is_loopback() {
        return Err(format!(
            "--url {url}: only loopback addresses are load-tested"
        ));
    }
    Ok(addr)
}

fn main_inner() -> Result<bool, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    match args.first().map(String::as_str) {
        Some("run") => {
            let url = value(&args, "--url").ok_or("--url is required")?;
            let steps = value(&args, "--concurrency")
                .unwrap_or("1,8,32,128")
                .split(',')
                .map(|c| {
                    c.trim()
                        .parse::<usize>()
                        .map_err(|_| format!("--concurrency {c}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let seconds: f64 = parse_or(&args, "--duration", 5.0)?;
            let warmup: f64 = parse_or(&args, "--warmup", 1.0)?;
            let retry_deadline: f64 = parse_or(&args, "--retry-deadline", 30.0)?;
            let run_id = match value(&args, "--run-id") {
                Some(v) => v.parse().map_err(|_| format!("--run-id {v}"))?,
                None => {
                    let nanos = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.subsec_nanos());
                    (nanos % 900_000_000) + 100_000_000
                }
            };
            let options = RunOptions {
                addr: loopback(url)?,
                prefix: value(&args, "--prefix").unwrap_or("").to_owned(),
                steps,
                duration: Duration::from_secs_f64(seconds.clamp(0.1, 120.0)),
                warmup: Duration::from_secs_f64(warmup.clamp(0.0, 30.0)),
                pid: value(&args, "--pid").and_then(|p| p.parse().ok()),
                label: value(&args, "--label").unwrap_or("").to_owned(),
                max_events: parse_or(&args, "--max-events", 5_000_000)?,
                ledger: value(&args, "--ledger").map(PathBuf::from),
                retry_deadline: Duration::from_secs_f64(retry_deadline.clamp(0.0, 300.0)),
                run_id,
                abort_every: parse_or(&args, "--abort-every", 0)?,
            };
            runtime.block_on(run(options))?;
            Ok(true)
        }
        Some("check") => {
            let ledger = PathBuf::from(value(&args, "--ledger").ok_or("--ledger is required")?);
            let stored = match value(&args, "--nats") {
                Some(url) => {
                    let stream = value(&args, "--stream").unwrap_or("FLEETHOOKS");
                    runtime.block_on(stored_in_stream(url, stream))?
                }
                None => {
                    let outputs: Vec<PathBuf> = values(&args, "--output")
                        .into_iter()
                        .map(PathBuf::from)
                        .collect();
                    if outputs.is_empty() {
                        return Err("--output FILE or --nats URL is required".to_owned());
                    }
                    stored_in_files(&outputs)?
                }
            };
            check(&ledger, &stored)
        }
        _ => Err("usage: loadgen run --url URL [...] | loadgen check --ledger FILE [...]".into()),
    }
}

fn main() -> ExitCode {
    match main_inner() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("loadgen: {e}");
            ExitCode::from(2)
        }
    }
}
