//! JumpCloud: trigger environment flattening and alert parsing, each beside parsing the same
//! bytes into a `serde_json::Value`.
//!
//! Goals (ratios within one run): flattening a 20-key trigger body costs at most 0.8× parsing
//! it into a `serde_json::Value`, and `Alert::from_slice` at most 1.0× a `Value` parse of the
//! same alert, compact and indented. After criterion's groups, `ratio` times each pair again,
//! interleaved, and prints the ratios so one run shows them.
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
/// An alert with undocumented members (nested objects, arrays), which `Alert::extra` keeps.
const UNDOCUMENTED: &[u8] = include_bytes!(
    "../../crates/fleethooks-jumpcloud/tests/fixtures/alert_undocumented_members.json"
);

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
    let compact_alert = compact(ALERT);
    let undocumented = compact(UNDOCUMENTED);
    for (name, body) in [
        ("compact", compact_alert.as_slice()),
        ("indented", ALERT),
        ("undocumented_members", undocumented.as_slice()),
    ] {
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

/// The median and quartiles of `ROUNDS` interleaved rounds of `ours` against `baseline`, so
/// drift (frequency, a neighbour's build) hits both alike.
fn interleaved(mut baseline: impl FnMut(), mut ours: impl FnMut()) -> [f64; 3] {
    const ROUNDS: usize = 41;
    const ITERATIONS: u32 = 2_000;
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let base = time(ITERATIONS, &mut baseline);
            let ours = time(ITERATIONS, &mut ours);
            ours.as_secs_f64() / base.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    [
        ratios[ROUNDS / 2],
        ratios[ROUNDS / 4],
        ratios[3 * ROUNDS / 4],
    ]
}

/// The baseline: parsing `body` into a `serde_json::Value`.
fn value(body: &[u8]) -> impl FnMut() + '_ {
    move || {
        black_box(serde_json::from_slice::<serde_json::Value>(black_box(body))).unwrap();
    }
}

/// Prints each goal's ratio on the median of interleaved rounds.
fn ratio(_: &mut Criterion) {
    let [median, low, high] = interleaved(value(TWENTY_KEYS), || {
        black_box(env::flatten(black_box(TWENTY_KEYS))).unwrap();
    });
    println!(
        "jumpcloud_env/20_keys ratio fleethooks_flatten / serde_json_value: {median:.2} \
         (goal <= 0.80; quartiles {low:.2}..{high:.2})"
    );
    let compact_alert = compact(ALERT);
    for (name, body) in [("compact", compact_alert.as_slice()), ("indented", ALERT)] {
        let [median, low, high] = interleaved(value(body), || {
            black_box(Alert::from_slice(black_box(body))).unwrap();
        });
        println!(
            "jumpcloud_alert/{name} ratio fleethooks_alert / serde_json_value: {median:.2} \
             (goal <= 1.00; quartiles {low:.2}..{high:.2})"
        );
    }
}

criterion_group!(benches, flatten, alert, ratio);
criterion_main!(benches);
