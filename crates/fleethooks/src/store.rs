//! The seen-id store a [`Receiver`](crate::Receiver) deduplicates with, whatever its type.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use fleethooks_core::replay::SeenIds;

use crate::error::BoxError;

/// [`SeenIds`] with its error boxed, so a receiver can hold any store.
trait ErasedSeenIds: Send + Sync {
    fn insert(
        &self,
        key: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, BoxError>;
    fn remove(&self, key: &str) -> Result<(), BoxError>;
}

impl<S> ErasedSeenIds for S
where
    S: SeenIds + Send + Sync,
{
    fn insert(
        &self,
        key: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, BoxError> {
        SeenIds::insert(self, key, now, expires_at).map_err(|e| Box::new(e) as BoxError)
    }

    fn remove(&self, key: &str) -> Result<(), BoxError> {
        SeenIds::remove(self, key).map_err(|e| Box::new(e) as BoxError)
    }
}

/// Any store, shared by the receiver's two guards.
#[derive(Clone)]
pub(crate) struct AnyStore(Arc<dyn ErasedSeenIds>);

impl AnyStore {
    pub(crate) fn new<S: SeenIds + Send + Sync + 'static>(store: S) -> Self {
        Self(Arc::new(store))
    }

    /// A store that remembers nothing: every key is new. Used when deduplication is off, so
    /// the freshness check of signed events still runs.
    pub(crate) fn forgetful() -> Self {
        Self(Arc::new(Forgetful))
    }
}

impl fmt::Debug for AnyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AnyStore")
    }
}

/// The boxed failure of a store, as an error type [`SeenIds`] accepts.
#[derive(Debug)]
pub(crate) struct StoreError(BoxError);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl SeenIds for AnyStore {
    type Error = StoreError;

    fn insert(
        &self,
        key: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.0.insert(key, now, expires_at).map_err(StoreError)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.0.remove(key).map_err(StoreError)
    }
}

struct Forgetful;

impl SeenIds for Forgetful {
    type Error = std::convert::Infallible;

    fn insert(&self, _: &str, _: DateTime<Utc>, _: DateTime<Utc>) -> Result<bool, Self::Error> {
        Ok(true)
    }

    fn remove(&self, _: &str) -> Result<(), Self::Error> {
        Ok(())
    }
}
