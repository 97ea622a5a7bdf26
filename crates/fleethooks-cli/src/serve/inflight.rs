//! Duplicates of an event that is still being handed on wait for its outcome.
//!
//! The receiver remembers a dedup key the moment it accepts an event, before the sinks have it.
//! A repeat arriving meanwhile (a sender retrying after a timeout) must not be answered 200 while
//! the first delivery can still fail: it waits, and gets 200 if the first succeeded and 503 (retry)
//! if it failed. The key is registered inside the seen-id store's insert, so no repeat can see the
//! key remembered but not yet registered.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use fleethooks::core::replay::SeenIds;
use tokio::sync::watch;

/// Events being handed on, by scoped key (`source:key`, as the store sees them).
#[derive(Default)]
pub(crate) struct InFlight {
    map: Mutex<HashMap<String, watch::Sender<Option<bool>>>>,
}

impl InFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, watch::Sender<Option<bool>>>> {
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn begin(&self, key: &str) {
        let (tx, _) = watch::channel(None);
        self.lock().insert(key.to_owned(), tx);
    }

    /// Records the outcome of the event with `key` and wakes its waiting repeats.
    pub(crate) fn finish(&self, key: &str, delivered: bool) {
        if let Some(tx) = self.lock().remove(key) {
            let _ = tx.send(Some(delivered));
        }
    }

    /// The outcome of the event with `key`: waits if it is still in flight; `None` when it is
    /// not (it finished before, or was remembered from the output at start).
    pub(crate) async fn outcome(&self, key: &str) -> Option<bool> {
        let mut rx = self.lock().get(key)?.subscribe();
        match rx.wait_for(Option::is_some).await {
            Ok(value) => *value,
            // The sender vanished without an outcome: treat as failed, so the repeat retries.
            Err(_) => Some(false),
        }
    }
}

/// Finishes an in-flight event as failed unless it was finished: a handler that stops half-way
/// must not leave repeats waiting forever.
pub(crate) struct Pending {
    inflight: Arc<InFlight>,
    key: String,
    done: bool,
}

impl Pending {
    pub(crate) fn new(inflight: Arc<InFlight>, key: String) -> Self {
        Self {
            inflight,
            key,
            done: false,
        }
    }

    pub(crate) fn finish(mut self, delivered: bool) {
        self.inflight.finish(&self.key, delivered);
        self.done = true;
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            self.inflight.finish(&self.key, false);
        }
    }
}

/// A seen-id store that registers every newly accepted key as in flight.
pub(crate) struct Tracked<S> {
    inner: S,
    inflight: Arc<InFlight>,
    /// Off while keys are read back from the output at start: those are done, not in flight.
    track: AtomicBool,
}

impl<S> Tracked<S> {
    pub(crate) fn new(inner: S, inflight: Arc<InFlight>) -> Self {
        Self {
            inner,
            inflight,
            track: AtomicBool::new(false),
        }
    }

    /// The store inside.
    pub(crate) fn inner(&self) -> &S {
        &self.inner
    }

    pub(crate) fn start_tracking(&self) {
        self.track.store(true, Ordering::SeqCst);
    }
}

impl<S: SeenIds> SeenIds for Tracked<S> {
    type Error = S::Error;

    fn insert(
        &self,
        key: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, Self::Error> {
        let fresh = self.inner.insert(key, now, expires_at)?;
        if fresh && self.track.load(Ordering::SeqCst) {
            self.inflight.begin(key);
        }
        Ok(fresh)
    }

    fn remove(&self, key: &str) -> Result<(), Self::Error> {
        self.inner.remove(key)
    }
}
