//! cmdop's delivery retry schedule, as a value a sender can follow.
//!
//! cmdop's document says: "Failed deliveries are retried: 3 attempts; exponential backoff: 1min,
//! 5min, 30min; after all retries, webhook is disabled." Three delays are listed, so this crate
//! reads "3 attempts" as **three retries after the first delivery**, four deliveries in all:
//!
//! | attempt that failed | decision |
//! |---|---|
//! | 1 (the first delivery) | retry after 1 minute |
//! | 2 | retry after 5 minutes |
//! | 3 | retry after 30 minutes |
//! | 4 | disable the webhook |
//!
//! ```
//! use std::time::Duration;
//! use fleethooks_cmdop::{RetryDecision, RetryPolicy};
//!
//! let policy = RetryPolicy::default();
//! assert_eq!(policy.next(1), RetryDecision::RetryAfter(Duration::from_secs(60)));
//! assert_eq!(policy.next(4), RetryDecision::Disable);
//! assert_eq!(policy.max_attempts(), 4);
//! ```

use std::time::Duration;

/// What to do after a delivery attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryDecision {
    /// Deliver again after this delay.
    RetryAfter(Duration),
    /// Stop: the last retry failed, so disable the webhook.
    Disable,
}

impl RetryDecision {
    /// The delay before the next attempt, or `None` when the webhook is to be disabled.
    #[must_use]
    pub fn delay(self) -> Option<Duration> {
        match self {
            Self::RetryAfter(delay) => Some(delay),
            Self::Disable => None,
        }
    }
}

/// A source of random numbers for jitter: each call returns a number in `[0, 1)`.
///
/// Any `FnMut() -> f64` is one, so no random-number crate is imposed; values outside `[0, 1)`
/// are clamped into it and NaN counts as 0.5 (no jitter).
pub trait JitterSource {
    /// The next number in `[0, 1)`.
    fn next_unit(&mut self) -> f64;
}

impl<F: FnMut() -> f64> JitterSource for F {
    fn next_unit(&mut self) -> f64 {
        self()
    }
}

/// The delays between delivery attempts, and optional jitter.
///
/// [`RetryPolicy::default`] is cmdop's documented schedule (see the module docs);
/// [`RetryPolicy::new`] takes any other. Jitter spreads retries of many failed deliveries so
/// they do not all arrive at once: with jitter `j`, a delay `d` becomes a value in
/// `[d × (1 − j), d × (1 + j))`.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    delays: Vec<Duration>,
    jitter: f64,
}

/// cmdop's documented delays: 1 minute, 5 minutes, 30 minutes.
pub const CMDOP_DELAYS: [Duration; 3] = [
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
];

impl Default for RetryPolicy {
    /// cmdop's schedule: retries after 1, 5 and 30 minutes, then disable; no jitter.
    fn default() -> Self {
        Self::new(CMDOP_DELAYS)
    }
}

impl RetryPolicy {
    /// A policy that retries once after each of `delays`, then disables. An empty schedule
    /// disables after the first failure.
    pub fn new(delays: impl IntoIterator<Item = Duration>) -> Self {
        Self {
            delays: delays.into_iter().collect(),
            jitter: 0.0,
        }
    }

    /// Sets the jitter as a fraction of each delay, clamped to `[0, 1]`; NaN means none.
    /// Applied only by [`RetryPolicy::next_with`].
    #[must_use]
    pub fn with_jitter(mut self, fraction: f64) -> Self {
        self.jitter = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        self
    }

    /// The delays, in order.
    #[must_use]
    pub fn delays(&self) -> &[Duration] {
        &self.delays
    }

    /// How many deliveries are attempted before disabling: the first plus one per delay.
    #[must_use]
    pub fn max_attempts(&self) -> usize {
        self.delays.len().saturating_add(1)
    }

    /// The decision after attempt number `attempt` failed, counting the first delivery as 1
    /// (0 is read as 1). No jitter.
    #[must_use]
    pub fn next(&self, attempt: u32) -> RetryDecision {
        match self.delay(attempt) {
            Some(delay) => RetryDecision::RetryAfter(delay),
            None => RetryDecision::Disable,
        }
    }

    /// As [`RetryPolicy::next`], with the policy's jitter drawn from `random`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use fleethooks_cmdop::{RetryDecision, RetryPolicy};
    ///
    /// let policy = RetryPolicy::default().with_jitter(0.2);
    /// // A source that always answers 0.0 gives the shortest delay: 60 s − 20 %.
    /// assert_eq!(policy.next_with(1, &mut || 0.0), RetryDecision::RetryAfter(Duration::from_secs(48)));
    /// ```
    #[must_use]
    pub fn next_with(&self, attempt: u32, random: &mut impl JitterSource) -> RetryDecision {
        match self.delay(attempt) {
            Some(delay) => RetryDecision::RetryAfter(self.jittered(delay, random)),
            None => RetryDecision::Disable,
        }
    }

    /// Every decision in order, from the first failed attempt to [`RetryDecision::Disable`].
    pub fn decisions(&self) -> impl Iterator<Item = RetryDecision> + '_ {
        self.delays
            .iter()
            .map(|d| RetryDecision::RetryAfter(*d))
            .chain(std::iter::once(RetryDecision::Disable))
    }

    fn delay(&self, attempt: u32) -> Option<Duration> {
        let index = usize::try_from(attempt.max(1) - 1).ok()?;
        self.delays.get(index).copied()
    }

    fn jittered(&self, delay: Duration, random: &mut impl JitterSource) -> Duration {
        if self.jitter == 0.0 {
            return delay;
        }
        let unit = random.next_unit();
        let unit = if unit.is_nan() {
            0.5
        } else {
            // Largest f64 below 1.0, so the upper bound stays open.
            unit.clamp(0.0, 1.0 - f64::EPSILON / 2.0)
        };
        let secs = delay.as_secs_f64();
        let factor = 1.0 + self.jitter * (2.0 * unit - 1.0);
        let jittered = Duration::try_from_secs_f64(secs * factor).unwrap_or(delay);
        // Rounding can land exactly on the open upper bound; step back below it.
        let upper =
            Duration::try_from_secs_f64(secs * (1.0 + self.jitter)).unwrap_or(Duration::MAX);
        if jittered >= upper {
            upper.saturating_sub(Duration::from_nanos(1))
        } else {
            jittered
        }
    }
}
