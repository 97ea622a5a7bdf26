//! Fuzz body for `fleethooks-jamf`'s XML parser: any bytes into `from_xml`.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/jamf_xml.rs`) and a stable test in the
//! crate (`crates/fleethooks-jamf/tests/fuzz_bodies.rs`), so `cargo test` runs the same
//! assertions over the fixtures, the seeds and mutations of them. The checks themselves, and
//! the properties they assert, are in `jamf_common.rs`, which the includer declares as a
//! sibling module `common` (once, for both bodies).

use super::common;

/// Parses `data` as XML and checks the round trips; returns whether it parsed (worth keeping).
pub fn run(data: &[u8]) -> bool {
    common::run(data, common::Form::Xml)
}
