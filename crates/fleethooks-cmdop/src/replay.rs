//! Replay protection: cmdop signs no timestamp, so a captured delivery verifies forever.
//!
//! [`ReplayGuard`] closes that hole in two steps after the signature check:
//!
//! 1. the event's `timestamp` must lie inside a window around now (by default at most one hour
//!    old, at most five minutes ahead);
//! 2. the event's `id` must not have been accepted before while that window still admits it.
//!
//! The ids live in a [`SeenIds`] store. [`MemorySeenIds`] is a bounded in-memory store for a
//! single receiver process. A fleet of receivers behind a load balancer must share one store,
//! or a replay sent to another instance passes: implement [`SeenIds`] over a shared database.
//! With Redis it is one `SET key 1 NX EX ttl` per event, written here against a stand-in client:
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use fleethooks_cmdop::{ReplayGuard, SeenIds};
//!
//! # mod redis {
//! #     #[derive(Debug)]
//! #     pub struct RedisError;
//! #     impl std::fmt::Display for RedisError {
//! #         fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("redis") }
//! #     }
//! #     impl std::error::Error for RedisError {}
//! #     #[derive(Default)]
//! #     pub struct Client(std::sync::Mutex<std::collections::HashSet<String>>);
//! #     impl Client {
//! #         /// `SET key value NX EX seconds`: true when the key was set.
//! #         pub fn set_nx_ex(&self, key: &str, _value: &str, _seconds: u64) -> Result<bool, RedisError> {
//! #             Ok(self.0.lock().map_err(|_| RedisError)?.insert(key.to_owned()))
//! #         }
//! #         pub fn del(&self, key: &str) -> Result<(), RedisError> {
//! #             self.0.lock().map_err(|_| RedisError)?.remove(key);
//! #             Ok(())
//! #         }
//! #     }
//! # }
//! struct RedisSeenIds {
//!     client: redis::Client,
//! }
//!
//! impl SeenIds for RedisSeenIds {
//!     type Error = redis::RedisError;
//!
//!     fn insert(&self, id: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<bool, Self::Error> {
//!         // Redis expires the key itself; at least one second, as EX requires.
//!         let ttl = (expires_at - now).num_seconds().max(1).unsigned_abs();
//!         self.client.set_nx_ex(&format!("cmdop:evt:{id}"), "1", ttl)
//!     }
//!
//!     fn remove(&self, id: &str) -> Result<(), Self::Error> {
//!         self.client.del(&format!("cmdop:evt:{id}"))
//!     }
//! }
//!
//! let guard = ReplayGuard::new(RedisSeenIds { client: redis::Client::default() });
//! # let _ = guard;
//! ```
//!
//! # Answering cmdop
//!
//! cmdop retries a failed delivery after 1, 5 and 30 minutes with the same `id` and `timestamp`,
//! and disables the webhook when the last retry fails. So the default window admits events up to
//! an hour old, and a [`Error::Duplicate`] should be answered with 2xx: the event was accepted
//! before. If handling an accepted event fails, call [`ReplayGuard::release`] before answering
//! 5xx, so cmdop's retry is not taken for a replay.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::{CmdopEvent, Error, Result};

/// Default oldest accepted event: one hour, longer than cmdop's last retry (36 minutes after the
/// first attempt).
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(60 * 60);

/// Default furthest a timestamp may lie ahead of the receiver's clock: five minutes.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// Default capacity of [`MemorySeenIds`].
pub const DEFAULT_CAPACITY: usize = 100_000;

/// Where a [`ReplayGuard`] remembers the event ids it accepted.
///
/// Methods take `&self` so one store serves concurrent requests; an implementation handles its
/// own locking (as [`MemorySeenIds`] does) or relies on its backend's atomicity (Redis `SET NX`).
pub trait SeenIds {
    /// The store's failure, reported as [`Error::ReplayStore`].
    type Error: std::error::Error + Send + Sync + 'static;

    /// Remembers `id` until `expires_at`, atomically: `true` if it was not remembered yet (the
    /// event is new), `false` if it already was (a replay). `now` is the guard's clock.
    ///
    /// # Errors
    ///
    /// When the store cannot answer; the guard then rejects the event.
    fn insert(
        &self,
        id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, Self::Error>;

    /// Forgets `id`, so a later delivery of it is accepted again.
    ///
    /// # Errors
    ///
    /// When the store cannot answer.
    fn remove(&self, id: &str) -> Result<(), Self::Error>;
}

impl<S: SeenIds + ?Sized> SeenIds for &S {
    type Error = S::Error;

    fn insert(
        &self,
        id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, Self::Error> {
        (**self).insert(id, now, expires_at)
    }

    fn remove(&self, id: &str) -> Result<(), Self::Error> {
        (**self).remove(id)
    }
}

impl<S: SeenIds + ?Sized> SeenIds for std::sync::Arc<S> {
    type Error = S::Error;

    fn insert(
        &self,
        id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, Self::Error> {
        (**self).insert(id, now, expires_at)
    }

    fn remove(&self, id: &str) -> Result<(), Self::Error> {
        (**self).remove(id)
    }
}

/// Rejects stale, future and repeated events.
///
/// The clock is a parameter: [`ReplayGuard::check`] reads the system clock,
/// [`ReplayGuard::check_at`] takes `now`, which is what tests use.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use fleethooks_cmdop::{CmdopEvent, Error, ReplayGuard};
///
/// let guard = ReplayGuard::in_memory(1_000);
/// let event = CmdopEvent::from_slice(br#"{"id":"evt_01JD4R8Q2ZK7","type":"test","timestamp":"2024-11-20T09:12:00Z","data":{"message":"This is a test webhook"}}"#)?;
/// let now: DateTime<Utc> = "2024-11-20T09:12:30Z".parse()?;
///
/// guard.check_at(&event, now)?;
/// assert!(matches!(guard.check_at(&event, now), Err(Error::Duplicate { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ReplayGuard<S = MemorySeenIds> {
    store: S,
    max_age: TimeDelta,
    max_skew: TimeDelta,
}

impl ReplayGuard<MemorySeenIds> {
    /// A guard with an in-memory store remembering up to `capacity` ids (see [`MemorySeenIds`]).
    #[must_use]
    pub fn in_memory(capacity: usize) -> Self {
        Self::new(MemorySeenIds::new(capacity))
    }
}

impl<S: SeenIds> ReplayGuard<S> {
    /// A guard over `store` with the default window ([`DEFAULT_MAX_AGE`], [`DEFAULT_MAX_SKEW`]).
    pub fn new(store: S) -> Self {
        Self {
            store,
            max_age: delta(DEFAULT_MAX_AGE),
            max_skew: delta(DEFAULT_MAX_SKEW),
        }
    }

    /// Sets how old an event may be. Keep it longer than the sender's retry schedule, or late
    /// retries are refused as stale.
    #[must_use]
    pub fn with_max_age(mut self, max_age: Duration) -> Self {
        self.max_age = delta(max_age);
        self
    }

    /// Sets how far ahead of the receiver's clock an event may be (clock skew).
    #[must_use]
    pub fn with_max_skew(mut self, max_skew: Duration) -> Self {
        self.max_skew = delta(max_skew);
        self
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Checks `event` against the system clock; see [`ReplayGuard::check_at`].
    ///
    /// # Errors
    ///
    /// As [`ReplayGuard::check_at`].
    pub fn check(&self, event: &CmdopEvent) -> Result<()> {
        self.check_at(event, Utc::now())
    }

    /// Checks `event` as of `now`, and remembers its id when it passes.
    ///
    /// # Errors
    ///
    /// [`Error::Stale`] for a timestamp older than the maximum age, [`Error::Future`] for one
    /// further ahead than the maximum skew, [`Error::Duplicate`] for an id accepted before, and
    /// [`Error::ReplayStore`] when the store fails.
    pub fn check_at(&self, event: &CmdopEvent, now: DateTime<Utc>) -> Result<()> {
        let timestamp = event.timestamp;
        // Saturating bounds: a timestamp at the edge of chrono's range must not overflow.
        let oldest = now
            .checked_sub_signed(self.max_age)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let newest = now
            .checked_add_signed(self.max_skew)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        if timestamp < oldest {
            return Err(Error::Stale {
                id: event.id.clone(),
                timestamp,
            });
        }
        if timestamp > newest {
            return Err(Error::Future {
                id: event.id.clone(),
                timestamp,
            });
        }
        // Past this instant the timestamp check refuses the event anyway, so the id need not be
        // remembered longer.
        let expires_at = timestamp
            .checked_add_signed(self.max_age)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let fresh = self
            .store
            .insert(&event.id, now, expires_at)
            .map_err(|e| Error::ReplayStore(Box::new(e)))?;
        if fresh {
            Ok(())
        } else {
            Err(Error::Duplicate {
                id: event.id.clone(),
            })
        }
    }

    /// Forgets `event`'s id, so cmdop's retry of it is accepted: call it when handling an
    /// accepted event failed and the answer will be 5xx.
    ///
    /// # Errors
    ///
    /// [`Error::ReplayStore`] when the store fails.
    pub fn release(&self, event: &CmdopEvent) -> Result<()> {
        self.store
            .remove(&event.id)
            .map_err(|e| Error::ReplayStore(Box::new(e)))
    }
}

impl Default for ReplayGuard<MemorySeenIds> {
    fn default() -> Self {
        Self::in_memory(DEFAULT_CAPACITY)
    }
}

/// A `std` duration as chrono's, saturating (a window of 292 billion years is "forever").
fn delta(duration: Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

/// A bounded in-memory [`SeenIds`] for one receiver process.
///
/// Holds at most `capacity` ids. Each insert first drops entries whose time is up, oldest first,
/// then, if still full, the oldest entry (an id that could then be replayed: size the capacity
/// above the number of events the window admits, peak rate × maximum age). Every operation is
/// O(1) amortized: a hash map for lookups and a queue in insertion order for eviction.
///
/// Thread-safe: it takes `&self` and serializes access with a `Mutex`, so one store can sit in
/// an `Arc` shared by all request handlers. Ids are not shared between processes: for several
/// receiver instances, see the module docs for a shared store.
#[derive(Debug)]
pub struct MemorySeenIds {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    /// Id → (insertion sequence number, expiry).
    by_id: HashMap<Box<str>, (u64, DateTime<Utc>)>,
    /// (sequence number, id) in insertion order; an entry whose sequence number no longer
    /// matches `by_id` was removed or re-inserted and is skipped.
    order: VecDeque<(u64, Box<str>)>,
    next_seq: u64,
}

impl Ring {
    /// Drops the oldest queue entry, and its map entry if it is still the current one.
    fn pop_oldest(&mut self) -> Option<()> {
        let (seq, id) = self.order.pop_front()?;
        if self
            .by_id
            .get(&id)
            .is_some_and(|(current, _)| *current == seq)
        {
            self.by_id.remove(&id);
        }
        Some(())
    }

    fn oldest_expired(&self, now: DateTime<Utc>) -> bool {
        self.order.front().is_some_and(|(seq, id)| {
            self.by_id
                .get(id)
                .is_none_or(|(current, expires)| current != seq || *expires <= now)
        })
    }
}

impl MemorySeenIds {
    /// A store for at most `capacity` ids (at least one).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            inner: Mutex::new(Ring::default()),
        }
    }

    /// The capacity.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many ids are remembered now (expired ones count until they are evicted).
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().by_id.len()
    }

    /// Whether no id is remembered.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ring> {
        // A panic while holding the lock cannot leave the ring inconsistent in a way that
        // matters (at worst an id is forgotten), so a poisoned lock is used as it is.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for MemorySeenIds {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl SeenIds for MemorySeenIds {
    type Error = std::convert::Infallible;

    fn insert(
        &self,
        id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, Self::Error> {
        let mut ring = self.lock();
        while ring.oldest_expired(now) {
            ring.pop_oldest();
        }
        if let Some((_, expires)) = ring.by_id.get(id) {
            if *expires > now {
                return Ok(false);
            }
        }
        // Removed entries leave stale queue slots behind; count those too so the queue stays
        // bounded as well as the map.
        while ring.by_id.len() >= self.capacity
            || ring.order.len() >= self.capacity.saturating_mul(2)
        {
            if ring.pop_oldest().is_none() {
                break;
            }
        }
        let seq = ring.next_seq;
        ring.next_seq = seq.wrapping_add(1);
        let key: Box<str> = id.into();
        ring.by_id.insert(key.clone(), (seq, expires_at));
        ring.order.push_back((seq, key));
        Ok(true)
    }

    fn remove(&self, id: &str) -> Result<(), Self::Error> {
        self.lock().by_id.remove(id);
        Ok(())
    }
}
