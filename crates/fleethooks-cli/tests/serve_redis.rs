//! `serve` replicas sharing a real `redis-server` (started on an ephemeral loopback port) as
//! their seen-id store through `[dedup] redis_url`: a redelivery that lands on another replica
//! is answered 200 and written by neither, and a Redis that is down gets 503 with `Retry-After`
//! (never an accepted duplicate), `/healthz` 503, and nothing in the output.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails on what it cannot read"
)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fleethooks_testkit::RedisServer;
use support::server::{
    Serve, Server, fixture_bytes, fixture_dir, get, jamf_headers, jumpcloud_headers, lines,
    parse_line, post, standard_config, temp_dir, write_config,
};

/// A replica with its own output file in `dir`, its seen ids in the Redis at `redis`.
fn replica(dir: &Path, redis: &str) -> (Server, PathBuf) {
    let output = dir.join("events.jsonl");
    let top = format!(
        "output = \"{}\"\n\n[dedup]\nredis_url = \"{redis}\"\n",
        output.display()
    );
    let config = write_config(dir, &standard_config(&top, ""));
    (Serve::new().config(&config).start(), output)
}

/// Every Jamf JSON fixture but the SCEP challenge (which needs a command) and every JumpCloud
/// alert fixture, with their source.
fn deliveries() -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    for (source, prefix) in [("jamf", ""), ("jumpcloud", "alert_")] {
        let mut names: Vec<String> = std::fs::read_dir(fixture_dir(source))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json") && n.starts_with(prefix) && !n.starts_with("scep_"))
            .collect();
        names.sort();
        out.extend(names.iter().map(|n| (source, fixture_bytes(source, n))));
    }
    out
}

fn deliver(server: &Server, (source, body): &(&'static str, Vec<u8>)) -> support::server::Reply {
    let headers = if *source == "jamf" {
        jamf_headers()
    } else {
        jumpcloud_headers()
    };
    post(&server.url(&format!("/{source}")), &headers, body)
}

/// The `key` of each line in the files, with how many times it was written in all of them.
fn keys(files: &[&Path]) -> BTreeMap<String, usize> {
    let mut keys = BTreeMap::new();
    for file in files {
        for line in lines(file) {
            let summary: serde_json::Value = serde_json::from_str(&line).unwrap();
            *keys
                .entry(summary["key"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    keys
}

#[test]
fn a_redelivery_to_another_replica_is_a_duplicate_through_redis() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let (a_dir, b_dir) = (temp_dir(), temp_dir());
    let (a, a_out) = replica(a_dir.path(), &redis.url());
    let (b, b_out) = replica(b_dir.path(), &redis.url());
    let all = deliveries();
    assert!(all.len() > 40, "{} fixtures", all.len());
    // Each delivery reaches A, then B (a sender's retry behind a load balancer), alternately
    // in the other order, so both replicas are first for some events.
    for (i, delivery) in all.iter().enumerate() {
        let (first, second) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        assert_eq!(deliver(first, delivery).pair().0, 200);
        assert_eq!(deliver(second, delivery).pair().0, 200);
    }
    let written = keys(&[&a_out, &b_out]);
    let expected: BTreeMap<String, usize> = all
        .iter()
        .map(|(source, body)| {
            let line: serde_json::Value = serde_json::from_str(&parse_line(source, body)).unwrap();
            (line["key"].as_str().unwrap().to_owned(), 1)
        })
        .collect();
    assert_eq!(written, expected, "each event written once, by one replica");
    assert!(!lines(&a_out).is_empty() && !lines(&b_out).is_empty());
}

#[test]
fn a_redis_that_is_down_gets_503_and_nothing_is_stored() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let dir = temp_dir();
    let (server, output) = replica(dir.path(), &redis.url());
    let all = deliveries();
    assert_eq!(deliver(&server, &all[0]).pair().0, 200);
    assert_eq!(get(&server.url("/healthz")).pair().0, 200);
    redis.kill();
    let reply = deliver(&server, &all[1]);
    assert_eq!(
        reply.pair(),
        (
            503,
            r#"{"error":"the seen-id store is unavailable; retry later"}"#
        )
    );
    assert_eq!(reply.header("retry-after"), Some("5"));
    // A repeat of the stored event is not let through as new either.
    assert_eq!(deliver(&server, &all[0]).pair().0, 503);
    assert_eq!(
        get(&server.url("/healthz")).pair(),
        (503, r#"{"status":"seen-id store unreachable"}"#)
    );
    assert_eq!(lines(&output).len(), 1);
    assert!(
        !server.stderr().contains(&redis.url()),
        "the store's URL is not logged"
    );
}
