//! Receiving a cmdop delivery (verify `X-Cmdop-Signature`, then parse into the typed event)
//! beside what a user would write by hand: a pre-keyed `hmac` MAC of the body plus
//! `serde_json::from_slice::<Value>` of the same bytes.
//!
//! Goal (ratio within one run): `receive` on the 1 KB `command.completed` fixture costs at most
//! 0.8× the baseline; typed parsing should beat building a `Value`. The baseline is generous to
//! itself: its expected digest is decoded once, outside the loop, while `receive` looks up and
//! parses the header on every call.
#![allow(clippy::unwrap_used, reason = "bench setup on constant inputs")]
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fleethooks_cmdop::{CmdopEvent, Receiver, SIGNATURE_HEADER, Secret, sign};
use hmac::{Hmac, Mac};
use http::HeaderMap;
use serde_json::Value;
use sha2::Sha256;

const SECRET: &str = "whsec_5f0b7c2e9a4d4b1f8c3e6a7d2b9f0c1e";
const EVENT: &[u8] =
    include_bytes!("../../crates/fleethooks-cmdop/tests/fixtures/command_completed_1kb.json");

/// The same event with `data` before `type`, which takes the deferred path.
fn data_first() -> Vec<u8> {
    let value: Value = serde_json::from_slice(EVENT).unwrap();
    let object = value.as_object().unwrap();
    let mut text = String::from("{\"data\":");
    text.push_str(&serde_json::to_string(&object["data"]).unwrap());
    for key in ["id", "type", "timestamp"] {
        text.push_str(&format!(
            ",\"{key}\":{}",
            serde_json::to_string(&object[key]).unwrap()
        ));
    }
    text.push('}');
    text.into_bytes()
}

fn receive(c: &mut Criterion) {
    let mut group = c.benchmark_group("cmdop_receive");
    group.throughput(Throughput::Bytes(EVENT.len() as u64));

    let keyed = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    let header = sign(&Secret::from(SECRET), EVENT).unwrap().to_header();
    let digest = {
        let mut mac = keyed.clone();
        mac.update(EVENT);
        mac.finalize().into_bytes()
    };
    group.bench_with_input(
        BenchmarkId::new("hmac_and_value", "1KB"),
        EVENT,
        |b, body| {
            b.iter(|| {
                let mut mac = keyed.clone();
                mac.update(black_box(body));
                mac.verify_slice(black_box(&digest)).unwrap();
                black_box(serde_json::from_slice::<Value>(body).unwrap())
            });
        },
    );

    let receiver = Receiver::new(SECRET).unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, header);
    group.bench_with_input(
        BenchmarkId::new("fleethooks_cmdop", "1KB"),
        EVENT,
        |b, body| {
            b.iter(|| {
                black_box(
                    receiver
                        .receive(black_box(&headers), black_box(body))
                        .unwrap(),
                )
            });
        },
    );
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("cmdop_parse");
    group.throughput(Throughput::Bytes(EVENT.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("serde_json_value", "1KB"),
        EVENT,
        |b, body| {
            b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(body)).unwrap()));
        },
    );
    group.bench_with_input(BenchmarkId::new("cmdop_event", "1KB"), EVENT, |b, body| {
        b.iter(|| black_box(CmdopEvent::from_slice(black_box(body)).unwrap()));
    });
    let reordered = data_first();
    group.bench_with_input(
        BenchmarkId::new("cmdop_event_data_first", "1KB"),
        &reordered[..],
        |b, body| {
            b.iter(|| black_box(CmdopEvent::from_slice(black_box(body)).unwrap()));
        },
    );
    group.finish();
}

criterion_group!(benches, receive, parse);
criterion_main!(benches);
