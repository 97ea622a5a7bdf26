//! The replay guard with a fake clock: inside and outside the window, repeated keys, eviction,
//! sources kept apart, a failing store.
#![allow(
    clippy::unwrap_used,
    reason = "test helpers unwrap; a failure is the test failing"
)]

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use fleethooks_core::replay::{MemorySeenIds, ReplayError as Error, ReplayGuard, SeenIds};
use fleethooks_core::{Event, Source};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 11, 20, 9, 12, 0).unwrap()
}

/// A delivery as the guard sees one: a source, a key and a time.
#[derive(serde::Serialize)]
struct Delivery {
    #[serde(skip)]
    source: Source,
    id: String,
    #[serde(skip)]
    at: Option<DateTime<Utc>>,
}

impl Event for Delivery {
    fn source(&self) -> Source {
        self.source
    }
    fn event_type(&self) -> &str {
        "test"
    }
    fn occurred_at(&self) -> Option<DateTime<Utc>> {
        self.at
    }
    fn dedup_key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.id)
    }
}

fn event(id: &str, timestamp: DateTime<Utc>) -> Delivery {
    Delivery {
        source: Source::Cmdop,
        id: id.to_owned(),
        at: Some(timestamp),
    }
}

/// A guard as a receiver uses one for cmdop: stale and future events refused.
fn strict(capacity: usize) -> ReplayGuard {
    ReplayGuard::in_memory(capacity).refuse_stale(true)
}

fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

#[test]
fn inside_the_window_passes() {
    let guard = strict(16);
    // cmdop's last retry arrives 36 minutes after the event.
    guard
        .check_at(&event("evt_a", t0()), t0() + minutes(36))
        .unwrap();
    guard
        .check_at(&event("evt_b", t0()), t0() + minutes(60))
        .unwrap();
    guard
        .check_at(&event("evt_c", t0() + minutes(5)), t0())
        .unwrap();
}

#[test]
fn outside_the_window_in_the_past_is_stale() {
    let guard = strict(16);
    let err = guard
        .check_at(&event("evt_a", t0()), t0() + minutes(61))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Stale { key, occurred_at } if key == "evt_a" && *occurred_at == t0()),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "event `evt_a` is stale: it happened at 2024-11-20 09:12:00 UTC, before the replay window"
    );
}

#[test]
fn outside_the_window_in_the_future_is_rejected() {
    let guard = strict(16);
    let err = guard
        .check_at(&event("evt_a", t0() + minutes(6)), t0())
        .unwrap_err();
    assert!(matches!(err, Error::Future { .. }), "{err:?}");
}

#[test]
fn window_is_configurable() {
    let guard = strict(16)
        .with_window(Duration::from_secs(300))
        .with_max_skew(Duration::ZERO);
    guard
        .check_at(&event("evt_a", t0()), t0() + minutes(5))
        .unwrap();
    assert!(matches!(
        guard.check_at(
            &event("evt_b", t0()),
            t0() + minutes(5) + TimeDelta::seconds(1)
        ),
        Err(Error::Stale { .. })
    ));
    assert!(matches!(
        guard.check_at(&event("evt_c", t0() + TimeDelta::seconds(1)), t0()),
        Err(Error::Future { .. })
    ));
}

#[test]
fn a_repeated_id_is_a_duplicate() {
    let guard = strict(16);
    let first = event("evt_01JD4R8Q2ZK7", t0());
    guard.check_at(&first, t0() + minutes(1)).unwrap();
    // A retry or a replay: same id, same timestamp, later.
    let err = guard.check_at(&first, t0() + minutes(31)).unwrap_err();
    assert!(
        matches!(&err, Error::Duplicate { key } if key == "evt_01JD4R8Q2ZK7"),
        "{err:?}"
    );
    // Another id at the same time passes.
    guard
        .check_at(&event("evt_01JD4R8Q2ZK8", t0()), t0() + minutes(31))
        .unwrap();
}

#[test]
fn a_replay_after_the_window_is_stale_not_forgotten() {
    let guard = strict(16);
    let first = event("evt_a", t0());
    guard.check_at(&first, t0()).unwrap();
    // By the time the id could expire from the store, the timestamp check refuses it.
    assert!(matches!(
        guard.check_at(&first, t0() + minutes(61)),
        Err(Error::Stale { .. })
    ));
}

#[test]
fn release_lets_a_retry_through() {
    let guard = strict(16);
    let first = event("evt_a", t0());
    guard.check_at(&first, t0()).unwrap();
    guard.release(&first).unwrap();
    guard.check_at(&first, t0() + minutes(1)).unwrap();
    assert!(guard.check_at(&first, t0() + minutes(6)).is_err());
}

#[test]
fn capacity_evicts_the_oldest() {
    let store = MemorySeenIds::new(3);
    let guard = ReplayGuard::new(&store).refuse_stale(true);
    for id in ["evt_1", "evt_2", "evt_3"] {
        guard.check_at(&event(id, t0()), t0()).unwrap();
    }
    assert_eq!(store.len(), 3);
    guard.check_at(&event("evt_4", t0()), t0()).unwrap();
    assert_eq!(store.len(), 3);
    // evt_1 was evicted to make room, so it is accepted again (the documented trade-off of a
    // bounded store); evt_3 and evt_4 are still remembered.
    assert!(matches!(
        guard.check_at(&event("evt_3", t0()), t0()),
        Err(Error::Duplicate { .. })
    ));
    assert!(matches!(
        guard.check_at(&event("evt_4", t0()), t0()),
        Err(Error::Duplicate { .. })
    ));
    guard.check_at(&event("evt_1", t0()), t0()).unwrap();
}

#[test]
fn expired_ids_are_evicted_first_by_age() {
    let store = MemorySeenIds::new(100);
    let expires = t0() + minutes(10);
    for i in 0..50 {
        assert!(store.insert(&format!("evt_{i}"), t0(), expires).unwrap());
    }
    assert_eq!(store.len(), 50);
    assert!(!store.insert("evt_7", t0() + minutes(9), expires).unwrap());
    // Past their expiry every old entry is dropped on the next insert.
    assert!(
        store
            .insert("evt_new", t0() + minutes(10), t0() + minutes(20))
            .unwrap()
    );
    assert_eq!(store.len(), 1);
    assert!(
        store
            .insert("evt_7", t0() + minutes(11), t0() + minutes(20))
            .unwrap()
    );
}

#[test]
fn queue_stays_bounded_under_removals_and_reinserts() {
    let store = MemorySeenIds::new(4);
    for i in 0..1_000 {
        let id = format!("evt_{}", i % 7);
        let now = t0() + TimeDelta::seconds(i);
        let _ = store.insert(&id, now, now + TimeDelta::seconds(3)).unwrap();
        if i % 3 == 0 {
            store.remove(&id).unwrap();
        }
        assert!(store.len() <= 4);
    }
}

#[test]
fn edge_timestamps_do_not_overflow() {
    let guard = strict(4)
        .with_window(Duration::MAX)
        .with_max_skew(Duration::MAX);
    guard
        .check_at(&event("evt_min", DateTime::<Utc>::MIN_UTC), t0())
        .unwrap();
    guard
        .check_at(&event("evt_max", DateTime::<Utc>::MAX_UTC), t0())
        .unwrap();
    guard
        .check_at(&event("evt_now", t0()), DateTime::<Utc>::MAX_UTC)
        .unwrap();
}

#[test]
fn one_store_serves_threads() {
    let guard = Arc::new(strict(1_000));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let guard = Arc::clone(&guard);
            std::thread::spawn(move || {
                (0..100)
                    .filter(|i| {
                        guard
                            .check_at(&event(&format!("evt_{i}"), t0()), t0())
                            .is_ok()
                    })
                    .count()
            })
        })
        .collect();
    let accepted: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    // Each id is accepted exactly once, whichever thread saw it first.
    assert_eq!(accepted, 100);
}

#[derive(Debug)]
struct Unreachable;

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection refused")
    }
}

impl std::error::Error for Unreachable {}

struct DownStore;

impl SeenIds for DownStore {
    type Error = Unreachable;

    fn insert(&self, _: &str, _: DateTime<Utc>, _: DateTime<Utc>) -> Result<bool, Unreachable> {
        Err(Unreachable)
    }

    fn remove(&self, _: &str) -> Result<(), Unreachable> {
        Err(Unreachable)
    }
}

#[test]
fn a_failing_store_rejects_with_its_error() {
    let err = ReplayGuard::new(DownStore)
        .refuse_stale(true)
        .check_at(&event("evt_a", t0()), t0())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the seen-id store failed: connection refused"
    );
    assert!(matches!(err, Error::Store(_)), "{err:?}");
}

#[test]
fn without_refuse_stale_an_old_event_is_deduplicated_not_refused() {
    // Jamf Pro and JumpCloud: an old time is no replay, but a repeat is still a duplicate.
    let guard = ReplayGuard::in_memory(16);
    let old = event("7:ComputerCheckIn:1712826143512:1842", t0());
    guard.check_at(&old, t0() + minutes(600)).unwrap();
    assert!(matches!(
        guard.check_at(&old, t0() + minutes(601)),
        Err(Error::Duplicate { .. })
    ));
    // Remembered for the window from when it was accepted, then forgotten.
    guard.check_at(&old, t0() + minutes(661)).unwrap();
}

#[test]
fn an_event_without_a_time_is_deduplicated_by_key() {
    let guard = strict(16);
    let timeless = Delivery {
        source: Source::Jamf,
        id: "-:JSSStartup:-:jamf.acme.example".to_owned(),
        at: None,
    };
    guard.check_at(&timeless, t0()).unwrap();
    assert!(matches!(
        guard.check_at(&timeless, t0() + minutes(59)),
        Err(Error::Duplicate { .. })
    ));
}

#[test]
fn equal_keys_of_different_sources_do_not_collide() {
    let store = MemorySeenIds::new(16);
    let guard = ReplayGuard::new(&store);
    let cmdop = event("shared-key", t0());
    let jamf = Delivery {
        source: Source::Jamf,
        ..event("shared-key", t0())
    };
    guard.check_at(&cmdop, t0()).unwrap();
    guard.check_at(&jamf, t0()).unwrap();
    assert_eq!(store.len(), 2);
    // The store sees the key scoped by its source.
    assert!(
        !store
            .insert("jamf:shared-key", t0(), t0() + minutes(1))
            .unwrap()
    );
}
