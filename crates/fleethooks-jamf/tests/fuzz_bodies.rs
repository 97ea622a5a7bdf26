//! Runs the fuzz targets' bodies on stable over every fixture, the checked-in seeds, and
//! truncated and mutated variants of them, so `cargo test` checks the same properties as
//! `cargo fuzz`.

#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::unwrap_used,
    reason = "the fuzz bodies assert with expect and panic; helpers fail the test on bad files"
)]
#![allow(unreachable_pub, reason = "the bodies are written for the fuzz crate")]

#[path = "../../../fuzz/bodies/jamf_common.rs"]
mod common;
#[path = "../../../fuzz/bodies/jamf_json.rs"]
mod jamf_json;
#[path = "../../../fuzz/bodies/jamf_xml.rs"]
mod jamf_xml;
#[path = "../../../fuzz/bodies/same_json.rs"]
mod same_json;

use std::path::Path;

fn files(dir: &Path, ext: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out.into_iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn inputs(ext: &str, seeds: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = files(&root.join("tests/fixtures"), ext);
    all.extend(files(&root.join("../../fuzz/seeds").join(seeds), ext));
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
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that make parsers take unusual paths.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b"<",
    b">",
    b"/>",
    b"&amp;",
    b"&#0;",
    b"&#x1F600;",
    b"&bogus;",
    b"<![CDATA[x]]>",
    b"<!--c-->",
    b"\\u0000",
    b"\\ud800",
    b"null",
    b"-1",
    b"1e999",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xEF\xBB\xBF",
    b"webhookEvent",
    b"\"webhookEvent\": \"PushSent\"",
    b"<computer>",
    b"</event>",
    b"jssid",
    b"9223372036854775808",
    b"",
];

fn mutations(input: &[u8], rng: &mut XorShift) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    // Every truncation point along the way, coarsely.
    for cut in (0..input.len()).step_by(7) {
        out.push(input[..cut].to_vec());
    }
    for _ in 0..300 {
        let mut m = input.to_vec();
        for _ in 0..=rng.below(3) {
            let at = rng.below(m.len() + 1);
            match rng.below(4) {
                0 => {
                    let ins = INTERESTING[rng.below(INTERESTING.len())];
                    m.splice(at..at, ins.iter().copied());
                }
                1 if at < m.len() => {
                    let end = (at + 1 + rng.below(16)).min(m.len());
                    m.drain(at..end);
                }
                2 if at < m.len() => m[at] = rng.next() as u8,
                _ => {
                    // Duplicate a slice elsewhere (repeats elements and keys).
                    let start = rng.below(m.len());
                    let end = (start + rng.below(64)).min(m.len());
                    let piece = m[start..end].to_vec();
                    let to = rng.below(m.len() + 1);
                    m.splice(to..to, piece);
                }
            }
        }
        out.push(m);
    }
    out
}

fn exercise(run: fn(&[u8]) -> bool, ext: &str, seeds: &str) {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut parsed = 0;
    for input in inputs(ext, seeds) {
        assert!(
            run(&input),
            "fixture or seed does not parse: {}",
            String::from_utf8_lossy(&input)
        );
        for m in mutations(&input, &mut rng) {
            parsed += usize::from(run(&m));
        }
    }
    // The mutations must not all be rejected, or the properties were never exercised.
    assert!(parsed > 100, "only {parsed} mutated inputs parsed");
}

#[test]
fn json_body_over_fixtures_and_mutations() {
    exercise(jamf_json::run, "json", "jamf_json");
}

#[test]
fn xml_body_over_fixtures_and_mutations() {
    exercise(jamf_xml::run, "xml", "jamf_xml");
}

#[test]
fn bodies_reject_garbage() {
    assert!(!jamf_json::run(b""));
    assert!(!jamf_json::run(b"<JSSEvent/>"));
    assert!(!jamf_xml::run(b"{}"));
    assert!(!jamf_xml::run(b"\xff\xfe<"));
}

/// Every file in the seed folders, whatever its name: reproducers (`regression_*`) have no
/// extension and need not parse, but must hold the properties.
#[test]
fn bodies_over_every_seed_and_reproducer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    for (dir, run) in [
        ("jamf_json", jamf_json::run as fn(&[u8]) -> bool),
        ("jamf_xml", jamf_xml::run),
    ] {
        let mut seen = 0;
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            run(&bytes);
            seen += 1;
        }
        assert!(seen >= 6, "{dir}: {seen} seeds");
    }
}
