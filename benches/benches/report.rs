//! The library rows of `benches/REPORT.md`, measured in one run so their ratios compare like
//! with like: each job of ours beside the baseline a user would write by hand on the same bytes.
//!
//! - `report_verify`: `SignatureVerifier::verify_value` on 1 KiB and 64 KiB beside a pre-keyed
//!   HMAC-SHA256 of the body (and, for 64 KiB, a plain SHA-256: the hash's own speed).
//! - `report_receive`: verify + parse, per payload, beside HMAC + `serde_json::Value` (for Jamf
//!   XML, HMAC + a raw quick-xml walk). The baseline's expected digest is decoded once, outside
//!   the loop; ours parses the header every time.
//! - `report_parse`: the typed parse alone beside `Value` (the raw walk for XML), and JumpCloud's
//!   trigger-body flattening beside `Value`.
//!
//! The inputs are the crates' fixtures, the same files `benches/python/bench.py` reads, so the
//! Python rows of the report do the same jobs on the same bytes. `benches/report.sh` runs this
//! and reads criterion's estimates back; the goals are in REPORT.md.
#![allow(clippy::unwrap_used, reason = "bench setup on constant inputs")]
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fleethooks_benches::raw_walk;
use fleethooks_cmdop::CmdopEvent;
use fleethooks_jamf::JamfEvent;
use fleethooks_jumpcloud::{Alert, env};
use fleethooks_verify::{Secret, SignatureVerifier, sign};
use hmac::{Hmac, Mac};
use http::{HeaderName, HeaderValue};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

const SECRET: &str = "whsec_5f0b7c2e9a4d4b1f8c3e6a7d2b9f0c1e";
const HEADER: HeaderName = HeaderName::from_static("x-cmdop-signature");

const JAMF_JSON: &[u8] =
    include_bytes!("../../crates/fleethooks-jamf/tests/fixtures/computer_check_in.json");
const JAMF_XML: &[u8] =
    include_bytes!("../../crates/fleethooks-jamf/tests/fixtures/computer_check_in.xml");
const ALERT: &[u8] =
    include_bytes!("../../crates/fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json");
const CMDOP: &[u8] =
    include_bytes!("../../crates/fleethooks-cmdop/tests/fixtures/command_completed_1kb.json");
const TWENTY_KEYS: &[u8] = include_bytes!(
    "../../crates/fleethooks-jumpcloud/tests/fixtures/trigger_body_twenty_keys.json"
);

/// A body of `len` bytes; HMAC cost depends only on the length.
fn body(len: usize) -> Vec<u8> {
    br#"{"id":"evt_01JD4R8Q2ZK7","type":"command.completed","data":{"exit_code":0}}"#
        .iter()
        .copied()
        .cycle()
        .take(len)
        .collect()
}

fn header_for(body: &[u8]) -> HeaderValue {
    sign(&Secret::from(SECRET), body).unwrap().to_header()
}

fn verify(c: &mut Criterion) {
    let mut group = c.benchmark_group("report_verify");
    let keyed = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    let verifier = SignatureVerifier::new(HEADER, SECRET).unwrap();
    for (name, len) in [("1KiB", 1024), ("64KiB", 64 * 1024)] {
        let body = body(len);
        let header = header_for(&body);
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::new("raw_hmac", name), &body, |b, body| {
            b.iter(|| {
                let mut mac = keyed.clone();
                mac.update(black_box(body));
                black_box(mac.finalize().into_bytes())
            });
        });
        if len > 1024 {
            group.bench_with_input(BenchmarkId::new("raw_sha256", name), &body, |b, body| {
                b.iter(|| black_box(Sha256::digest(black_box(body))));
            });
        }
        group.bench_with_input(
            BenchmarkId::new("fleethooks_verify", name),
            &body,
            |b, body| {
                b.iter(|| {
                    verifier
                        .verify_value(black_box(&header), black_box(body))
                        .unwrap();
                });
            },
        );
    }
    group.finish();
}

/// HMAC of `body` checked against its pre-decoded digest, as a hand-written receiver does.
fn hmac_check(keyed: &Hmac<Sha256>, digest: &[u8], body: &[u8]) {
    let mut mac = keyed.clone();
    mac.update(body);
    mac.verify_slice(digest).unwrap();
}

fn receive(c: &mut Criterion) {
    let mut group = c.benchmark_group("report_receive");
    let keyed = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    let verifier = SignatureVerifier::new(HEADER, SECRET).unwrap();
    for (name, bytes) in [
        ("jamf_json", JAMF_JSON),
        ("jamf_xml", JAMF_XML),
        ("jumpcloud_alert", ALERT),
        ("cmdop_event", CMDOP),
    ] {
        let header = header_for(bytes);
        let digest = {
            let mut mac = keyed.clone();
            mac.update(bytes);
            mac.finalize().into_bytes()
        };
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let baseline = if name == "jamf_xml" {
            "hmac_raw_walk"
        } else {
            "hmac_value"
        };
        let walk = name == "jamf_xml";
        group.bench_with_input(BenchmarkId::new(baseline, name), bytes, |b, body| {
            b.iter(|| {
                hmac_check(&keyed, &digest, black_box(body));
                if walk {
                    black_box(raw_walk(body));
                } else {
                    black_box(serde_json::from_slice::<Value>(body).unwrap());
                }
            });
        });
        let typed = typed_parse(name);
        group.bench_with_input(BenchmarkId::new("fleethooks", name), bytes, |b, body| {
            b.iter(|| {
                verifier
                    .verify_value(black_box(&header), black_box(body))
                    .unwrap();
                typed(body);
            });
        });
    }
    group.finish();
}

/// Our typed parse of the named input, chosen once outside the timed loop.
fn typed_parse(name: &str) -> fn(&[u8]) {
    match name {
        "jamf_json" => |body| drop(black_box(JamfEvent::from_json(body).unwrap())),
        "jamf_xml" => |body| drop(black_box(JamfEvent::from_xml(body).unwrap())),
        "jumpcloud_alert" => |body| drop(black_box(Alert::from_slice(body).unwrap())),
        "cmdop_event" => |body| drop(black_box(CmdopEvent::from_slice(body).unwrap())),
        _ => |body| drop(black_box(env::flatten(body).unwrap())),
    }
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("report_parse");
    for (name, bytes) in [
        ("jamf_json", JAMF_JSON),
        ("jamf_xml", JAMF_XML),
        ("jumpcloud_alert", ALERT),
        ("cmdop_event", CMDOP),
        ("flatten_20_keys", TWENTY_KEYS),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if name == "jamf_xml" {
            group.bench_with_input(BenchmarkId::new("raw_walk", name), bytes, |b, body| {
                b.iter(|| black_box(raw_walk(black_box(body))));
            });
        } else {
            group.bench_with_input(BenchmarkId::new("value", name), bytes, |b, body| {
                b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(body)).unwrap()));
            });
        }
        let typed = typed_parse(name);
        group.bench_with_input(BenchmarkId::new("typed", name), bytes, |b, body| {
            b.iter(|| typed(black_box(body)));
        });
    }
    group.finish();
}

criterion_group!(benches, verify, receive, parse);
criterion_main!(benches);
