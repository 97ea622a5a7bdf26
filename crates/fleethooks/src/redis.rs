//! A [`SeenIds`] store in Redis, shared by every receiver replica: one atomic
//! `SET <prefix><key> 1 NX EX <ttl>` per event.
//!
//! `NX` makes the insert atomic across replicas (only one of two concurrent deliveries of an
//! event gets "new"), `EX` lets Redis forget the key when the window is over. When Redis cannot
//! answer, the insert fails and the receiver answers 503: a delivery is never accepted as new
//! (or dropped as a duplicate) on a guess.
//!
//! ```no_run
//! use fleethooks::Receiver;
//! use fleethooks::redis::RedisSeenIds;
//!
//! let store = RedisSeenIds::open("redis://127.0.0.1:6379/0")?;
//! let receiver = Receiver::builder()
//!     .jamf_basic("jamf-hooks", "c0rrect-h0rse")
//!     .dedup_store(store)
//!     .build()?;
//! # let _ = receiver;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use fleethooks_core::replay::SeenIds;

/// The default key prefix, so fleethooks' keys are easy to tell apart in a shared Redis.
pub const DEFAULT_PREFIX: &str = "fleethooks:seen:";

/// How long one Redis round trip may take before the store reports a failure.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// A Redis-backed seen-id store. One connection, reopened after a failure; `Send + Sync`.
pub struct RedisSeenIds {
    client: redis::Client,
    connection: Mutex<Option<redis::Connection>>,
    prefix: String,
    timeout: Duration,
}

/// Why the store could not answer.
#[derive(Debug, thiserror::Error)]
#[error("redis: {0}")]
pub struct RedisError(#[from] redis::RedisError);

impl RedisSeenIds {
    /// A store at `url` (`redis://[user:password@]host:port/db`, or `rediss://` for TLS when
    /// the redis crate is built with it). Nothing is connected yet: the first insert connects,
    /// so a receiver can start while Redis is still coming up.
    ///
    /// # Errors
    ///
    /// [`RedisError`] for a URL the client cannot use.
    pub fn open(url: &str) -> Result<Self, RedisError> {
        Ok(Self {
            client: redis::Client::open(url)?,
            connection: Mutex::new(None),
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// Uses `prefix` before every key instead of [`DEFAULT_PREFIX`].
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets how long a round trip may take ([`DEFAULT_TIMEOUT`]).
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Checks that Redis answers, for a start-up check or a health probe.
    ///
    /// # Errors
    ///
    /// [`RedisError`] when it does not.
    pub fn ping(&self) -> Result<(), RedisError> {
        self.with_connection(|c| redis::cmd("PING").query::<String>(c).map(drop))
    }

    fn lock(&self) -> MutexGuard<'_, Option<redis::Connection>> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the connection, opening it first if needed; a failed connection is dropped
    /// so the next call reconnects.
    fn with_connection<T>(
        &self,
        f: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>,
    ) -> Result<T, RedisError> {
        let mut slot = self.lock();
        if slot.is_none() {
            let connection = self.client.get_connection_with_timeout(self.timeout)?;
            connection.set_read_timeout(Some(self.timeout))?;
            connection.set_write_timeout(Some(self.timeout))?;
            *slot = Some(connection);
        }
        let Some(connection) = slot.as_mut() else {
            return Err(RedisError(redis::RedisError::from((
                redis::ErrorKind::IoError,
                "no connection",
            ))));
        };
        let result = f(connection);
        if result.is_err() {
            *slot = None;
        }
        result.map_err(RedisError)
    }
}

impl SeenIds for RedisSeenIds {
    type Error = RedisError;

    fn insert(
        &self,
        key: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, RedisError> {
        // EX takes whole seconds, at least one; round up so a key never expires early.
        let millis = (expires_at - now).num_milliseconds().max(1);
        let seconds = u64::try_from(millis.div_euclid(1000) + i64::from(millis % 1000 != 0))
            .unwrap_or(1)
            .max(1);
        let key = format!("{}{key}", self.prefix);
        self.with_connection(|c| {
            redis::cmd("SET")
                .arg(&key)
                .arg(1)
                .arg("NX")
                .arg("EX")
                .arg(seconds)
                .query::<Option<String>>(c)
                .map(|set| set.is_some())
        })
    }

    fn remove(&self, key: &str) -> Result<(), RedisError> {
        let key = format!("{}{key}", self.prefix);
        self.with_connection(|c| redis::cmd("DEL").arg(&key).query::<i64>(c).map(drop))
    }
}

impl fmt::Debug for RedisSeenIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a password: only the server's address is shown.
        let info = self.client.get_connection_info();
        f.debug_struct("RedisSeenIds")
            .field("addr", &info.addr.to_string())
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}
