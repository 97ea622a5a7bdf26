//! The same tests for every seen-id store: in memory, and in a real Redis started on an
//! ephemeral loopback port. Then receivers sharing one Redis, and Redis going down.
#![cfg(feature = "redis")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use fleethooks::core::replay::{MemorySeenIds, SeenIds};
use fleethooks::http::{HeaderMap, HeaderValue};
use fleethooks::redis::RedisSeenIds;
use fleethooks::{ReceiveError, Receiver, Source};
use fleethooks_testkit::RedisServer;

fn now() -> DateTime<Utc> {
    Utc::now()
}

/// What every store must do; `ttl_resolution` is how precisely it expires keys.
fn contract<S: SeenIds + Send + Sync + 'static>(store: S, ttl_resolution: Duration) {
    let store = Arc::new(store);
    let t = now();
    let key = format!("jamf:7:ComputerCheckIn:{}:1842", t.timestamp_millis());
    let window = t + TimeDelta::hours(1);

    // New, then a duplicate.
    assert!(store.insert(&key, t, window).unwrap());
    assert!(!store.insert(&key, t, window).unwrap());
    // Removing lets it in again.
    store.remove(&key).unwrap();
    assert!(store.insert(&key, t, window).unwrap());
    // Removing a key never seen is fine.
    store.remove("cmdop:evt_never_seen").unwrap();

    // Concurrent deliveries of one event: exactly one is new.
    let racing = format!("cmdop:evt_{}", t.timestamp_nanos_opt().unwrap_or_default());
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            let racing = racing.clone();
            std::thread::spawn(move || store.insert(&racing, t, window).unwrap())
        })
        .collect();
    let fresh = threads
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|&new| new)
        .count();
    assert_eq!(fresh, 1);

    // A key expires at its time.
    let short = format!(
        "jumpcloud:6743a0f2c9e77d0001b2c3d4:Open:{}",
        t.timestamp_millis()
    );
    let expiry = ttl_resolution.max(Duration::from_millis(10));
    let at = Utc::now();
    assert!(
        store
            .insert(&short, at, at + TimeDelta::from_std(expiry).unwrap())
            .unwrap()
    );
    std::thread::sleep(expiry + Duration::from_millis(200));
    let later = Utc::now();
    assert!(
        store
            .insert(&short, later, later + TimeDelta::hours(1))
            .unwrap(),
        "expired keys are new again"
    );
}

#[test]
fn memory_store_keeps_the_contract() {
    contract(MemorySeenIds::new(1024), Duration::from_millis(10));
}

#[test]
fn redis_store_keeps_the_contract() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = RedisSeenIds::open(&redis.url()).unwrap();
    store.ping().unwrap();
    // Redis expires by whole seconds.
    contract(store, Duration::from_secs(1));
}

const TOKEN: &str = "jc_9f3b2c7d41e8a6b5";
const ALERT: &[u8] =
    include_bytes!("../../fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json");

fn headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        "authorization",
        HeaderValue::from_static("Bearer jc_9f3b2c7d41e8a6b5"),
    );
    h.insert("content-type", HeaderValue::from_static("application/json"));
    h
}

fn receiver(url: &str) -> Receiver {
    Receiver::builder()
        .jumpcloud_token(TOKEN)
        .dedup_store(
            RedisSeenIds::open(url)
                .unwrap()
                .with_timeout(Duration::from_millis(500)),
        )
        .build()
        .unwrap()
}

#[test]
fn two_receivers_sharing_redis_see_each_others_duplicates() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let (a, b) = (receiver(&redis.url()), receiver(&redis.url()));
    let event = a.receive(Source::Jumpcloud, &headers(), ALERT).unwrap();
    // The retry lands on the other replica.
    let err = b.receive(Source::Jumpcloud, &headers(), ALERT).unwrap_err();
    assert!(err.is_duplicate(), "{err:?}");
    assert_eq!(err.status(), 200);
    // Handing on failed on the first: its release lets the other take the next retry.
    a.release(&event).unwrap();
    b.receive(Source::Jumpcloud, &headers(), ALERT).unwrap();
}

#[test]
fn redis_down_is_503_never_an_accepted_duplicate() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let receiver = receiver(&redis.url());
    receiver
        .receive(Source::Jumpcloud, &headers(), ALERT)
        .unwrap();
    redis.kill();
    let err = receiver
        .receive(Source::Jumpcloud, &headers(), ALERT)
        .unwrap_err();
    assert!(matches!(err, ReceiveError::Store(_)), "{err:?}");
    assert_eq!(err.status(), 503);
    assert!(err.should_retry());
    assert!(
        err.to_string()
            .starts_with("the seen-id store failed: redis:"),
        "{err}"
    );
}
