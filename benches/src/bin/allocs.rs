//! Allocations per parsed event: each typed parse of `benches/benches/report.rs` beside the
//! `serde_json::Value` (or raw quick-xml walk) baseline on the same bytes, counted by a
//! counting global allocator (`stats_alloc`).
//!
//! Prints one JSON line per job: `{"job":…,"impl":…,"allocations":…,"bytes":…}`, counts per
//! call (averaged over a thousand calls; parsing is deterministic, so they are exact).

use std::alloc::System;
use std::hint::black_box;

use fleethooks_benches::raw_walk;
use fleethooks_cmdop::CmdopEvent;
use fleethooks_jamf::JamfEvent;
use fleethooks_jumpcloud::{Alert, env};
use fleethooks_verify::{Secret, SignatureVerifier, sign};
use serde_json::Value;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const JAMF_JSON: &[u8] =
    include_bytes!("../../../crates/fleethooks-jamf/tests/fixtures/computer_check_in.json");
const JAMF_XML: &[u8] =
    include_bytes!("../../../crates/fleethooks-jamf/tests/fixtures/computer_check_in.xml");
const ALERT: &[u8] =
    include_bytes!("../../../crates/fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json");
const CMDOP: &[u8] =
    include_bytes!("../../../crates/fleethooks-cmdop/tests/fixtures/command_completed_1kb.json");
const TWENTY_KEYS: &[u8] = include_bytes!(
    "../../../crates/fleethooks-jumpcloud/tests/fixtures/trigger_body_twenty_keys.json"
);

const CALLS: u64 = 1000;

/// One counted job: its name, which implementation, and the call (true when it succeeded).
type Job<'a> = (&'static str, &'static str, Box<dyn FnMut() -> bool + 'a>);

/// Allocations and bytes per call of `f`, or why `f` failed.
fn count(mut f: impl FnMut() -> bool) -> Result<(f64, f64), String> {
    if !f() {
        return Err("the job failed on its input".to_owned());
    }
    let region = Region::new(GLOBAL);
    for _ in 0..CALLS {
        black_box(f());
    }
    let stats = region.change();
    Ok((
        stats.allocations as f64 / CALLS as f64,
        stats.bytes_allocated as f64 / CALLS as f64,
    ))
}

fn main() -> std::process::ExitCode {
    let Ok(verifier) = SignatureVerifier::new(
        http::HeaderName::from_static("x-cmdop-signature"),
        "whsec_5f0b7c2e9a4d4b1f8c3e6a7d2b9f0c1e",
    ) else {
        eprintln!("allocs: cannot build the verifier");
        return std::process::ExitCode::from(2);
    };
    let secret = Secret::from("whsec_5f0b7c2e9a4d4b1f8c3e6a7d2b9f0c1e");
    let Ok(signature) = sign(&secret, CMDOP) else {
        eprintln!("allocs: cannot sign");
        return std::process::ExitCode::from(2);
    };
    let header = signature.to_header();
    let value = |body: &'static [u8]| move || serde_json::from_slice::<Value>(body).is_ok();
    let jobs: Vec<Job<'_>> = vec![
        (
            "verify_1KiB",
            "fleethooks_verify",
            Box::new(|| verifier.verify_value(&header, CMDOP).is_ok()),
        ),
        ("jamf_json", "value", Box::new(value(JAMF_JSON))),
        (
            "jamf_json",
            "typed",
            Box::new(|| black_box(JamfEvent::from_json(JAMF_JSON)).is_ok()),
        ),
        (
            "jamf_xml",
            "raw_walk",
            Box::new(|| black_box(raw_walk(JAMF_XML)) > 0),
        ),
        (
            "jamf_xml",
            "typed",
            Box::new(|| black_box(JamfEvent::from_xml(JAMF_XML)).is_ok()),
        ),
        ("jumpcloud_alert", "value", Box::new(value(ALERT))),
        (
            "jumpcloud_alert",
            "typed",
            Box::new(|| black_box(Alert::from_slice(ALERT)).is_ok()),
        ),
        ("cmdop_event", "value", Box::new(value(CMDOP))),
        (
            "cmdop_event",
            "typed",
            Box::new(|| black_box(CmdopEvent::from_slice(CMDOP)).is_ok()),
        ),
        ("flatten_20_keys", "value", Box::new(value(TWENTY_KEYS))),
        (
            "flatten_20_keys",
            "typed",
            Box::new(|| black_box(env::flatten(TWENTY_KEYS)).is_ok()),
        ),
    ];
    let mut failed = false;
    for (job, implementation, mut f) in jobs {
        match count(&mut f) {
            Ok((allocations, bytes)) => println!(
                "{}",
                serde_json::json!({
                    "job": job,
                    "impl": implementation,
                    "allocations": allocations,
                    "bytes": bytes,
                })
            ),
            Err(e) => {
                eprintln!("allocs: {job} {implementation}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}
