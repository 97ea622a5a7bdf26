//! JumpCloud: trigger environment flattening and alert parsing, each beside parsing the same
//! bytes into a `serde_json::Value`.
//!
//! Goal (a ratio within one run): flattening a 20-key trigger body costs at most 0.8× parsing
//! it into a `serde_json::Value`. After criterion's groups, `ratio` times both again,
//! interleaved, and prints the ratio so one run shows it.
#![allow(clippy::unwrap_used, reason = "bench setup on constant inputs")]
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fleethooks_jumpcloud::{Alert, env};

const TWENTY_KEYS: &[u8] = include_bytes!(
    "../../crates/fleethooks-jumpcloud/tests/fixtures/trigger_body_twenty_keys.json"
);
const ALERT: &[u8] =
    include_bytes!("../../crates/fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json");

/// The same JSON without indentation: JumpCloud sends compact JSON, the fixtures are indented
/// for reading. (Going through `Value` sorts the keys, which changes nothing measured here.)
fn compact(json: &[u8]) -> Vec<u8> {
    serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(json).unwrap()).unwrap()
}

fn flatten(c: &mut Criterion) {
    let mut group = c.benchmark_group("jumpcloud_env");
    // A trigger body with nested values, which flattening skips and `Value` builds.
    let nested = compact(ALERT);
    for (name, body) in [("20_keys", TWENTY_KEYS), ("nested", nested.as_slice())] {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("serde_json_value", name),
            body,
            |b, body| {
                b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("fleethooks_flatten", name),
            body,
            |b, body| {
                b.iter(|| env::flatten(black_box(body)).unwrap());
            },
        );
    }
    group.finish();
}

fn alert(c: &mut Criterion) {
    let mut group = c.benchmark_group("jumpcloud_alert");
    let compact = compact(ALERT);
    for (name, body) in [("compact", compact.as_slice()), ("indented", ALERT)] {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("serde_json_value", name),
            body,
            |b, body| {
                b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("fleethooks_alert", name),
            body,
            |b, body| {
                b.iter(|| Alert::from_slice(black_box(body)).unwrap());
            },
        );
    }
    group.finish();
}

/// Times `f` over `iterations` calls.
fn time(iterations: u32, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    start.elapsed()
}

/// Interleaves short rounds of both so drift (frequency, a neighbour's build) hits both alike,
/// and prints the goal's ratio on the median round.
fn ratio(_: &mut Criterion) {
    const ROUNDS: usize = 41;
    const ITERATIONS: u32 = 2_000;
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let value = time(ITERATIONS, || {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(
                    TWENTY_KEYS,
                )))
                .unwrap();
            });
            let flat = time(ITERATIONS, || {
                black_box(env::flatten(black_box(TWENTY_KEYS))).unwrap();
            });
            flat.as_secs_f64() / value.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ROUNDS / 2];
    println!(
        "jumpcloud_env/20_keys ratio fleethooks_flatten / serde_json_value: {median:.2} \
         (goal <= 0.80; quartiles {:.2}..{:.2})",
        ratios[ROUNDS / 4],
        ratios[3 * ROUNDS / 4]
    );
}

criterion_group!(benches, flatten, alert, ratio);
criterion_main!(benches);
