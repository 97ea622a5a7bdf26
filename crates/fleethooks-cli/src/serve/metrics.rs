//! `GET /metrics`: Prometheus text exposition of what the receiver did.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// Distinct event types counted by name; more become `other`, so a sender inventing types
/// cannot grow the metrics without bound.
const MAX_TYPES: usize = 256;

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(&'static str, u16), u64>,
    /// Source, then event type: looked up by `&str`, so counting allocates only for a new type.
    events: BTreeMap<&'static str, BTreeMap<String, u64>>,
    event_types: usize,
    duplicates: BTreeMap<String, u64>,
    exec_failures: BTreeMap<String, u64>,
    sink_failures: BTreeMap<String, u64>,
    buckets: [u64; BUCKETS.len()],
    latency_count: u64,
    latency_sum: f64,
}

/// Counters and the latency histogram, shared by every request.
#[derive(Default)]
pub(crate) struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere cannot leave counters inconsistent in a way that matters.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One answered request: its source (`none` for routes without one) and status.
    pub(crate) fn request(&self, source: &'static str, status: u16, elapsed: Duration) {
        let mut inner = self.lock();
        *inner.requests.entry((source, status)).or_default() += 1;
        let seconds = elapsed.as_secs_f64();
        for (bucket, bound) in inner.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        inner.latency_count += 1;
        inner.latency_sum += seconds;
    }

    /// One accepted event.
    pub(crate) fn event(&self, source: &'static str, event_type: &str) {
        let mut inner = self.lock();
        let full = inner.event_types >= MAX_TYPES;
        let types = inner.events.entry(source).or_default();
        if let Some(n) = types.get_mut(event_type) {
            *n += 1;
            return;
        }
        let name = if full { "other" } else { event_type };
        let new = !types.contains_key(name);
        *types.entry(name.to_owned()).or_default() += 1;
        if new {
            inner.event_types += 1;
        }
    }

    /// One duplicate answered without handing it on.
    pub(crate) fn duplicate(&self, source: &str) {
        *self.lock().duplicates.entry(source.to_owned()).or_default() += 1;
    }

    /// One exec rule that did not exit 0 in time.
    pub(crate) fn exec_failure(&self, rule: &str) {
        *self
            .lock()
            .exec_failures
            .entry(rule.to_owned())
            .or_default() += 1;
    }

    /// One sink (output, forward) that failed.
    pub(crate) fn sink_failure(&self, sink: &str) {
        *self
            .lock()
            .sink_failures
            .entry(sink.to_owned())
            .or_default() += 1;
    }

    /// The exposition text.
    pub(crate) fn render(&self) -> String {
        let inner = self.lock();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP fleethooks_requests_total Webhook requests answered, by source and status.\n# TYPE fleethooks_requests_total counter"
        );
        for ((source, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "fleethooks_requests_total{{source=\"{}\",status=\"{status}\"}} {n}",
                escape(source)
            );
        }
        let _ = writeln!(
            out,
            "# HELP fleethooks_events_total Events accepted and stored, by source and type.\n# TYPE fleethooks_events_total counter"
        );
        for ((source, kind), n) in inner
            .events
            .iter()
            .flat_map(|(source, types)| types.iter().map(move |(kind, n)| ((source, kind), n)))
        {
            let _ = writeln!(
                out,
                "fleethooks_events_total{{source=\"{}\",type=\"{}\"}} {n}",
                escape(source),
                escape(kind)
            );
        }
        let _ = writeln!(
            out,
            "# HELP fleethooks_duplicates_total Repeated deliveries answered 200 and not handed on.\n# TYPE fleethooks_duplicates_total counter"
        );
        for (source, n) in &inner.duplicates {
            let _ = writeln!(
                out,
                "fleethooks_duplicates_total{{source=\"{}\"}} {n}",
                escape(source)
            );
        }
        let _ = writeln!(
            out,
            "# HELP fleethooks_exec_failures_total Exec commands that failed or timed out, by rule.\n# TYPE fleethooks_exec_failures_total counter"
        );
        for (rule, n) in &inner.exec_failures {
            let _ = writeln!(
                out,
                "fleethooks_exec_failures_total{{rule=\"{}\"}} {n}",
                escape(rule)
            );
        }
        let _ = writeln!(
            out,
            "# HELP fleethooks_sink_failures_total Deliveries refused with 503 because a sink failed.\n# TYPE fleethooks_sink_failures_total counter"
        );
        for (sink, n) in &inner.sink_failures {
            let _ = writeln!(
                out,
                "fleethooks_sink_failures_total{{sink=\"{}\"}} {n}",
                escape(sink)
            );
        }
        let _ = writeln!(
            out,
            "# HELP fleethooks_request_duration_seconds Time from request to answer.\n# TYPE fleethooks_request_duration_seconds histogram"
        );
        for (bound, n) in BUCKETS.iter().zip(inner.buckets) {
            let _ = writeln!(
                out,
                "fleethooks_request_duration_seconds_bucket{{le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "fleethooks_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\nfleethooks_request_duration_seconds_sum {}\nfleethooks_request_duration_seconds_count {}",
            inner.latency_count, inner.latency_sum, inner.latency_count
        );
        out
    }
}

/// A label value as the exposition format writes it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
