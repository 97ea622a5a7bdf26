//! `fleethooks-jamf` parsing beside the baseline a user would reach for on the same bytes:
//! `serde_json::from_slice::<serde_json::Value>` for JSON, and a raw quick-xml event walk (every
//! event read, every text touched) for XML.
//!
//! Goals (ratios within one run, ComputerCheckIn): typed JSON parse ≤ 0.6× the `Value` parse;
//! typed XML parse ≤ 2× the raw walk. `ComputerCheckIn/unknown-members` is the same event with
//! undocumented members at every level, which are kept: what keeping them costs.
#![allow(clippy::unwrap_used, reason = "bench setup on constant inputs")]
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fleethooks_benches::raw_walk;
use fleethooks_jamf::JamfEvent;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            "../../crates/fleethooks-jamf/tests/fixtures/",
            $name
        ))
    };
}

/// Named inputs in Jamf's JSON form (`event` before `webhook`, as Jamf sends it).
const JSON: &[(&str, &[u8])] = &[
    ("ComputerCheckIn", fixture!("computer_check_in.json")),
    (
        "ComputerCheckIn/unknown-members",
        fixture!("unknown_members.json"),
    ),
    (
        "ComputerPolicyFinished/webhook-first",
        fixture!("webhook_first.json"),
    ),
    ("SCEPChallenge", fixture!("scep_challenge.json")),
    (
        "SmartGroupMobileDeviceMembershipChange",
        fixture!("smart_group_mobile_device_membership_change.json"),
    ),
];

/// Named inputs in Jamf's XML form.
const XML: &[(&str, &[u8])] = &[
    ("ComputerCheckIn", fixture!("computer_check_in.xml")),
    (
        "ComputerCheckIn/unknown-members",
        fixture!("unknown_members.xml"),
    ),
    (
        "ComputerPolicyFinished/event-first",
        fixture!("webhook_first.xml"),
    ),
    ("SCEPChallenge", fixture!("scep_challenge.xml")),
    (
        "SmartGroupMobileDeviceMembershipChange",
        fixture!("smart_group_mobile_device_membership_change.xml"),
    ),
];

fn json(c: &mut Criterion) {
    let mut group = c.benchmark_group("jamf/json");
    for &(name, bytes) in JSON {
        assert!(JamfEvent::from_json(bytes).is_ok());
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("JamfEvent::from_json", name),
            bytes,
            |b, bytes| {
                b.iter(|| JamfEvent::from_json(black_box(bytes)).unwrap());
            },
        );
        group.bench_with_input(
            BenchmarkId::new("serde_json::Value", name),
            bytes,
            |b, bytes| {
                b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap());
            },
        );
    }
    group.finish();
}

fn xml(c: &mut Criterion) {
    let mut group = c.benchmark_group("jamf/xml");
    for &(name, bytes) in XML {
        assert!(JamfEvent::from_xml(bytes).is_ok());
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("JamfEvent::from_xml", name),
            bytes,
            |b, bytes| {
                b.iter(|| JamfEvent::from_xml(black_box(bytes)).unwrap());
            },
        );
        group.bench_with_input(
            BenchmarkId::new("quick_xml raw walk", name),
            bytes,
            |b, bytes| {
                b.iter(|| raw_walk(black_box(bytes)));
            },
        );
    }
    group.finish();
}

fn write(c: &mut Criterion) {
    let mut group = c.benchmark_group("jamf/write");
    let event = JamfEvent::from_json(JSON[0].1).unwrap();
    group.bench_function("to_json/ComputerCheckIn", |b| {
        b.iter(|| black_box(&event).to_json().unwrap());
    });
    group.bench_function("to_xml/ComputerCheckIn", |b| {
        b.iter(|| black_box(&event).to_xml().unwrap());
    });
    group.finish();
}

criterion_group!(benches, json, xml, write);
criterion_main!(benches);
