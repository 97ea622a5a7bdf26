//! Runs the fuzz targets' bodies on stable over every fixture, the checked-in seeds, and
//! truncated and mutated variants of them, so `cargo test` checks the same properties as
//! `cargo fuzz`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "the fuzz bodies assert their properties; helpers read fixture files"
)]

// The bodies are `pub` for the fuzz targets; here they are private modules.
#[allow(unreachable_pub)]
#[path = "../../../fuzz/bodies/jumpcloud_alert.rs"]
mod jumpcloud_alert;
#[allow(unreachable_pub)]
#[path = "../../../fuzz/bodies/jumpcloud_env.rs"]
mod jumpcloud_env;
#[allow(unreachable_pub)]
#[path = "../../../fuzz/bodies/same_json.rs"]
mod same_json;

use std::path::Path;

fn files(dir: &Path, prefix: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) || prefix.is_empty())
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn inputs(fixture_prefix: &str, seeds: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = files(&root.join("tests/fixtures"), fixture_prefix);
    all.extend(files(&root.join("../../fuzz/seeds").join(seeds), ""));
    assert!(all.len() >= 4, "fixtures and seeds are found");
    all
}

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap()
    }
}

/// Bytes that make JSON parsers and the flattening rules take unusual paths.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\u0000",
    b"\\ud800",
    b"\\\"",
    b"null",
    b"true",
    b"-0",
    b"1e400",
    b"-1e-400",
    b"9007199254740993",
    b"123456789012345678901234567890",
    b"0.0000001",
    b"\"=\"",
    b"\"\"",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xEF\xBB\xBF",
    b"\"alert_id\"",
    b"\"status\":\"Auto-Resolved\"",
    b"\"priority\":\"critical\"",
    b"\"occurred_at\":\"9999-12-31T23:59:59-01:00\"",
    b"\"update_at\":\"0000-01-01T00:00:00+01:00\"",
    b"\"di_event\":{\"a\" : [ 1 , \"x y\" ]}",
    b"\"initiated_by\":\"ops@acme.example\"",
    b"",
];

/// The input, every prefix of it, and `rounds` random mutations.
fn variants(input: &[u8], seed: u64, rounds: usize) -> Vec<Vec<u8>> {
    let mut out = vec![input.to_vec()];
    out.extend((0..input.len()).map(|len| input[..len].to_vec()));
    let mut rng = XorShift(seed | 1);
    for _ in 0..rounds {
        let mut bytes = input.to_vec();
        for _ in 0..=rng.below(3) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 => {
                    let token = INTERESTING[rng.below(INTERESTING.len())];
                    bytes.splice(at..at, token.iter().copied());
                }
                1 if at < bytes.len() => {
                    let end = (at + 1 + rng.below(16)).min(bytes.len());
                    bytes.drain(at..end);
                }
                2 if at < bytes.len() => {
                    bytes[at] = u8::try_from(rng.below(256)).unwrap();
                }
                _ => {
                    // Duplicate a slice: repeated keys, doubled values.
                    let end = (at + rng.below(24)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
        }
        out.push(bytes);
    }
    out
}

#[test]
fn alert_body_over_fixtures_seeds_and_mutations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for fixture in files(&root.join("tests/fixtures"), "alert_") {
        assert!(jumpcloud_alert::run(&fixture), "every alert fixture parses");
    }
    let mut parsed = 0;
    for (i, input) in inputs("alert_", "jumpcloud_alert").iter().enumerate() {
        for variant in variants(input, 0x9e37_79b9 + i as u64, 400) {
            parsed += usize::from(jumpcloud_alert::run(&variant));
        }
    }
    assert!(parsed > 100, "mutations still parse often enough: {parsed}");
}

#[test]
fn env_body_over_fixtures_seeds_and_mutations() {
    let mut flattened = 0;
    for (i, input) in inputs("trigger_body_", "jumpcloud_env").iter().enumerate() {
        for variant in variants(input, 0x85eb_ca6b + i as u64, 600) {
            flattened += usize::from(jumpcloud_env::run(&variant));
        }
    }
    assert!(
        flattened > 100,
        "mutations still flatten often enough: {flattened}"
    );
}

#[test]
fn env_body_over_wide_and_deep_objects() {
    let mut wide = String::from("{");
    for i in 0..2_000 {
        wide.push_str(&format!("\"K{}\":{i},", i % 1_500));
    }
    wide.push_str("\"last\":null}");
    assert!(jumpcloud_env::run(wide.as_bytes()));
    // Nested values are skipped without recursion, so any depth flattens, as JavaScript's
    // JSON.parse would.
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(jumpcloud_env::run(deep.as_bytes()));
    let vars = fleethooks_jumpcloud::env::flatten(deep.as_bytes()).unwrap();
    assert_eq!(vars.get("a"), Some("[object Object]"));
    let deep_alert = format!(
        "{{\"alert_id\":\"6743a0f2c9e77d0001b2c3d4\",\"di_event\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(jumpcloud_alert::run(deep_alert.as_bytes()));
}
