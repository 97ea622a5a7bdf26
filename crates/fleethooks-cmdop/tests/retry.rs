//! The retry schedule: cmdop's documented policy, custom schedules and jitter.

use std::time::Duration;

use fleethooks_cmdop::{RetryDecision, RetryPolicy};

const MIN: u64 = 60;

#[test]
fn three_attempts_means_first_delivery_plus_three_retries() {
    let policy = RetryPolicy::default();
    let expected = [
        (0, RetryDecision::RetryAfter(Duration::from_secs(MIN))),
        (1, RetryDecision::RetryAfter(Duration::from_secs(MIN))),
        (2, RetryDecision::RetryAfter(Duration::from_secs(5 * MIN))),
        (3, RetryDecision::RetryAfter(Duration::from_secs(30 * MIN))),
        (4, RetryDecision::Disable),
        (5, RetryDecision::Disable),
        (u32::MAX, RetryDecision::Disable),
    ];
    for (attempt, decision) in expected {
        assert_eq!(policy.next(attempt), decision, "attempt {attempt}");
    }
    assert_eq!(policy.max_attempts(), 4);
    // Counting deliveries until the webhook is disabled: four.
    let deliveries = (1..)
        .take_while(|a| policy.next(*a) != RetryDecision::Disable)
        .count()
        + 1;
    assert_eq!(deliveries, 4);
    // The last retry goes out 36 minutes after the first failure.
    let total: Duration = policy.delays().iter().sum();
    assert_eq!(total, Duration::from_secs(36 * MIN));
}

#[test]
fn decisions_iterate_in_order() {
    let decisions: Vec<_> = RetryPolicy::default().decisions().collect();
    assert_eq!(
        decisions,
        [
            RetryDecision::RetryAfter(Duration::from_secs(MIN)),
            RetryDecision::RetryAfter(Duration::from_secs(5 * MIN)),
            RetryDecision::RetryAfter(Duration::from_secs(30 * MIN)),
            RetryDecision::Disable,
        ]
    );
}

#[test]
fn custom_schedules() {
    let policy = RetryPolicy::new([Duration::from_secs(10), Duration::from_secs(20)]);
    assert_eq!(
        policy.next(2),
        RetryDecision::RetryAfter(Duration::from_secs(20))
    );
    assert_eq!(policy.next(3), RetryDecision::Disable);
    let never = RetryPolicy::new([]);
    assert_eq!(never.next(1), RetryDecision::Disable);
    assert_eq!(never.max_attempts(), 1);
}

#[test]
fn jitter_stays_within_bounds() {
    let policy = RetryPolicy::default().with_jitter(0.25);
    let at = |unit: f64| policy.next_with(2, &mut || unit).delay().unwrap();
    assert_eq!(at(0.0), Duration::from_secs(225));
    assert_eq!(at(0.5), Duration::from_secs(300));
    assert!(at(0.999_999) < Duration::from_secs(375));
    // Out-of-range sources are clamped, NaN means no jitter.
    assert_eq!(at(-3.0), Duration::from_secs(225));
    assert!(at(7.0) < Duration::from_secs(375));
    assert_eq!(at(f64::NAN), Duration::from_secs(300));
    assert_eq!(policy.next_with(4, &mut || 0.3), RetryDecision::Disable);
}

#[test]
fn jitter_draws_from_a_caller_supplied_source() {
    // A tiny deterministic generator stands in for any RNG.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut xorshift = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1_u64 << 53) as f64
    };
    let policy = RetryPolicy::default().with_jitter(1.0);
    for attempt in 1..=3 {
        let delay = policy.next_with(attempt, &mut xorshift).delay().unwrap();
        let base = policy.next(attempt).delay().unwrap();
        assert!(delay < base * 2, "{delay:?} vs {base:?}");
    }
}

#[test]
fn jitter_fraction_is_clamped() {
    assert_eq!(
        RetryPolicy::default().with_jitter(f64::NAN),
        RetryPolicy::default()
    );
    let wide = RetryPolicy::default().with_jitter(5.0);
    assert_eq!(
        wide.next_with(1, &mut || 0.0),
        RetryDecision::RetryAfter(Duration::ZERO)
    );
    let none = RetryPolicy::default().with_jitter(-1.0);
    assert_eq!(
        none.next_with(1, &mut || 0.0),
        RetryDecision::RetryAfter(Duration::from_secs(MIN))
    );
}
