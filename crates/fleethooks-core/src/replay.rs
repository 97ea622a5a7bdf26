//! Dropping duplicates and replays: [`ReplayGuard`] over a [`SeenIds`] store.
//!
//! Senders retry, so a receiver sees the same event more than once: Jamf when a proxy times
//! out, JumpCloud three times on 5xx, cmdop after 1, 5 and 30 minutes. The guard remembers the
//! [dedup key](crate::Event::dedup_key) of every accepted event for a window and reports a
//! repeat as [`ReplayError::Duplicate`], which a receiver answers 2xx without handing the event
//! on again. For a signed source whose signature covers no timestamp (cmdop), it can also refuse
//! events whose own time lies outside the window ([`ReplayError::Stale`],
//! [`ReplayError::Future`]): a captured delivery would otherwise verify forever.
//!
//! Keys are remembered per source (`jamf:…`, `cmdop:…`), so two products can never collide.
//!
//! # A shared store
//!
//! [`MemorySeenIds`] serves one process. Several replicas behind a load balancer need one store
//! they all see, with an atomic "insert if absent, with expiry": Redis `SET key 1 NX EX ttl` is
//! exactly that (the `fleethooks` facade ships one behind its `redis` feature). Implementing
//! [`SeenIds`] is two methods:
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use fleethooks_core::replay::{ReplayGuard, SeenIds};
//! use std::collections::HashMap;
//! use std::sync::Mutex;
//!
//! /// Stands in for a client of a shared store.
//! #[derive(Default)]
//! struct Shared(Mutex<HashMap<String, DateTime<Utc>>>);
//!
//! impl SeenIds for Shared {
//!     type Error = std::convert::Infallible;
//!
//!     fn insert(&self, key: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<bool, Self::Error> {
//!         let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
//!         match seen.get(key) {
//!             Some(expiry) if *expiry > now => Ok(false),
//!             _ => Ok(seen.insert(key.to_owned(), expires_at).map_or(true, |_| true)),
//!         }
//!     }
//!
//!     fn remove(&self, key: &str) -> Result<(), Self::Error> {
//!         self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
//!         Ok(())
//!     }
//! }
//!
//! let guard = ReplayGuard::new(Shared::default());
//! # let _ = guard;
//! ```
//!
//! # Releasing
//!
//! The guard remembers a key when it lets the event through. If handling the event then fails
//! and the answer is 5xx, call [`ReplayGuard::release`] so the sender's retry is not taken for a
//! duplicate.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::{Event, Source};

/// Default window: one hour, longer than cmdop's last retry (36 minutes after the first
/// attempt) and JumpCloud's.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60 * 60);

/// Default furthest an event's time may lie ahead of the receiver's clock: five minutes.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// Default capacity of [`MemorySeenIds`].
pub const DEFAULT_CAPACITY: usize = 100_000;

/// Why the guard refused an event.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The event's time lies further in the past than the window: a replay, or a retry so late
    /// that its first delivery may already be forgotten.
    #[error("event `{key}` is stale: it happened at {occurred_at}, before the replay window")]
    Stale {
        /// The event's dedup key.
        key: String,
        /// The event's time.
        occurred_at: DateTime<Utc>,
    },
    /// The event's time lies further ahead than the allowed clock skew.
    #[error(
        "event `{key}` is from the future: it says {occurred_at}, beyond the allowed clock skew"
    )]
    Future {
        /// The event's dedup key.
        key: String,
        /// The event's time.
        occurred_at: DateTime<Utc>,
    },
    /// An event with this key was accepted before, inside the window.
    #[error("event `{key}` was already received")]
    Duplicate {
        /// The repeated dedup key.
        key: String,
    },
    /// The store could not answer (a shared store that is down); nothing was decided.
    #[error("the seen-id store failed: {0}")]
    Store(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

/// Where a [`ReplayGuard`] remembers the keys it accepted.
///
/// Methods take `&self` so one store serves concurrent requests; an implementation handles its
/// own locking (as [`MemorySeenIds`] does) or relies on its backend's atomicity (Redis `SET NX`).
pub trait SeenIds {
    /// The store's failure, reported as [`ReplayError::Store`].
    type Error: std::error::Error + Send + Sync + 'static;

    /// Remembers `key` until `expires_at`, atomically: `true` if it was not remembered yet (the
    /// event is new), `false` if it already was (a duplicate). `now` is the guard's clock.
    ///
    /// # Errors
    ///
    /// When the store cannot answer; the guard then refuses to decide.
    fn insert(
        &self,
        key: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, Self::Error>;

    /// Forgets `key`, so a later delivery of it is accepted again.
    ///
    /// # Errors
    ///
    /// When the store cannot answer.
    fn remove(&self, key: &str) -> Result<(), Self::Error>;
}

/// Shared and borrowed stores are stores: one store can serve several guards and handlers.
macro_rules! forward_seen_ids {
    ($($pointer:ty),+) => {$(
        impl<S: SeenIds + ?Sized> SeenIds for $pointer {
            type Error = S::Error;

            fn insert(
                &self,
                key: &str,
                now: DateTime<Utc>,
                expires_at: DateTime<Utc>,
            ) -> Result<bool, Self::Error> {
                (**self).insert(key, now, expires_at)
            }

            fn remove(&self, key: &str) -> Result<(), Self::Error> {
                (**self).remove(key)
            }
        }
    )+};
}

forward_seen_ids!(&S, std::sync::Arc<S>, Box<S>);

/// Drops duplicates of any source's events, and (where enabled) events outside the window.
///
/// The clock is a parameter: [`ReplayGuard::check`] reads the system clock,
/// [`ReplayGuard::check_at`] takes `now`, which is what tests use.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use fleethooks_core::{Event, Source};
/// use fleethooks_core::replay::{ReplayError, ReplayGuard};
/// # #[derive(serde::Serialize)] struct Delivery;
/// # impl Event for Delivery {
/// #     fn source(&self) -> Source { Source::Cmdop }
/// #     fn event_type(&self) -> &str { "machine.offline" }
/// #     fn occurred_at(&self) -> Option<DateTime<Utc>> { "2026-11-20T09:14:03Z".parse().ok() }
/// #     fn dedup_key(&self) -> std::borrow::Cow<'_, str> { "evt_01JD4R8Q2ZK7".into() }
/// # }
///
/// let guard = ReplayGuard::in_memory(1_000).refuse_stale(true);
/// let now: DateTime<Utc> = "2026-11-20T09:14:30Z".parse()?;
/// guard.check_at(&Delivery, now)?;
/// assert!(matches!(guard.check_at(&Delivery, now), Err(ReplayError::Duplicate { .. })));
///
/// let much_later: DateTime<Utc> = "2026-11-20T11:00:00Z".parse()?;
/// assert!(matches!(guard.check_at(&Delivery, much_later), Err(ReplayError::Stale { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ReplayGuard<S = MemorySeenIds> {
    store: S,
    window: TimeDelta,
    max_skew: TimeDelta,
    refuse_stale: bool,
}

impl ReplayGuard<MemorySeenIds> {
    /// A guard with an in-memory store remembering up to `capacity` keys (see
    /// [`MemorySeenIds`]).
    #[must_use]
    pub fn in_memory(capacity: usize) -> Self {
        Self::new(MemorySeenIds::new(capacity))
    }
}

impl<S: SeenIds> ReplayGuard<S> {
    /// A guard over `store` with the default window ([`DEFAULT_WINDOW`], [`DEFAULT_MAX_SKEW`])
    /// that drops duplicates only; see [`refuse_stale`](Self::refuse_stale).
    pub fn new(store: S) -> Self {
        Self {
            store,
            window: delta(DEFAULT_WINDOW),
            max_skew: delta(DEFAULT_MAX_SKEW),
            refuse_stale: false,
        }
    }

    /// Sets how long a key is remembered and, with [`refuse_stale`](Self::refuse_stale), how old
    /// an event may be. Keep it longer than the senders' retry schedules.
    #[must_use]
    pub fn with_window(mut self, window: Duration) -> Self {
        self.window = delta(window);
        self
    }

    /// Sets how far ahead of the receiver's clock an event's time may be (clock skew), when
    /// stale events are refused.
    #[must_use]
    pub fn with_max_skew(mut self, max_skew: Duration) -> Self {
        self.max_skew = delta(max_skew);
        self
    }

    /// Whether to refuse events whose own time lies outside the window (stale or from the
    /// future). Off by default: Jamf Pro never retries and JumpCloud's alert times are the
    /// alert's, not the delivery's, so an old time there is no replay. Turn it on for cmdop,
    /// whose signature covers no timestamp.
    #[must_use]
    pub fn refuse_stale(mut self, refuse: bool) -> Self {
        self.refuse_stale = refuse;
        self
    }

    /// The window.
    #[must_use]
    pub fn window(&self) -> Duration {
        self.window.to_std().unwrap_or(Duration::MAX)
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
    pub fn check<E: Event + ?Sized>(&self, event: &E) -> Result<(), ReplayError> {
        self.check_at(event, Utc::now())
    }

    /// Checks `event` as of `now`, and remembers its key when it passes.
    ///
    /// # Errors
    ///
    /// [`ReplayError::Stale`] and [`ReplayError::Future`] (only with
    /// [`refuse_stale`](Self::refuse_stale)), [`ReplayError::Duplicate`] for a key accepted
    /// before inside the window, [`ReplayError::Store`] when the store fails.
    pub fn check_at<E: Event + ?Sized>(
        &self,
        event: &E,
        now: DateTime<Utc>,
    ) -> Result<(), ReplayError> {
        self.check_key_at(event.source(), &event.dedup_key(), event.occurred_at(), now)
    }

    /// [`check_at`](Self::check_at) on the parts of an event.
    ///
    /// # Errors
    ///
    /// As [`ReplayGuard::check_at`].
    pub fn check_key_at(
        &self,
        source: Source,
        key: &str,
        occurred_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), ReplayError> {
        let mut expires_at = now
            .checked_add_signed(self.window)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        if let (true, Some(at)) = (self.refuse_stale, occurred_at) {
            // Saturating bounds: a time at the edge of chrono's range must not overflow.
            let oldest = now
                .checked_sub_signed(self.window)
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
            let newest = now
                .checked_add_signed(self.max_skew)
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            if at < oldest {
                return Err(ReplayError::Stale {
                    key: key.to_owned(),
                    occurred_at: at,
                });
            }
            if at > newest {
                return Err(ReplayError::Future {
                    key: key.to_owned(),
                    occurred_at: at,
                });
            }
            // Past this instant the time check refuses the event anyway, so the key need not be
            // remembered longer.
            expires_at = at
                .checked_add_signed(self.window)
                .unwrap_or(DateTime::<Utc>::MAX_UTC)
                .max(now);
        }
        let fresh = self
            .store
            .insert(&scoped(source, key), now, expires_at)
            .map_err(|e| ReplayError::Store(Box::new(e)))?;
        if fresh {
            Ok(())
        } else {
            Err(ReplayError::Duplicate {
                key: key.to_owned(),
            })
        }
    }

    /// Forgets `event`'s key, so its sender's retry is accepted: call it when handling an
    /// accepted event failed and the answer will be 5xx.
    ///
    /// # Errors
    ///
    /// [`ReplayError::Store`] when the store fails.
    pub fn release<E: Event + ?Sized>(&self, event: &E) -> Result<(), ReplayError> {
        self.release_key(event.source(), &event.dedup_key())
    }

    /// [`release`](Self::release) by source and key.
    ///
    /// # Errors
    ///
    /// [`ReplayError::Store`] when the store fails.
    pub fn release_key(&self, source: Source, key: &str) -> Result<(), ReplayError> {
        self.store
            .remove(&scoped(source, key))
            .map_err(|e| ReplayError::Store(Box::new(e)))
    }
}

impl Default for ReplayGuard<MemorySeenIds> {
    fn default() -> Self {
        Self::in_memory(DEFAULT_CAPACITY)
    }
}

/// The key a store sees: the source, a colon, the dedup key.
fn scoped(source: Source, key: &str) -> String {
    let mut scoped = String::with_capacity(source.as_str().len() + 1 + key.len());
    scoped.push_str(source.as_str());
    scoped.push(':');
    scoped.push_str(key);
    scoped
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
/// an `Arc` shared by all request handlers. Keys are not shared between processes: for several
/// receiver instances, see the module docs for a shared store.
#[derive(Debug)]
pub struct MemorySeenIds {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    /// Key → (insertion sequence number, expiry).
    by_id: HashMap<Box<str>, (u64, DateTime<Utc>)>,
    /// (sequence number, key) in insertion order; an entry whose sequence number no longer
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
