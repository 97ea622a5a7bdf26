//! Runs the fuzz targets' bodies on stable: over every fixture, the checked-in seeds, every
//! truncation of the fixtures and a deterministic spread of mutations.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "the fuzz bodies assert with expect and panic"
)]
#![allow(
    unreachable_pub,
    missing_docs,
    reason = "the bodies are written for the fuzz crate"
)]

#[path = "../../../fuzz/bodies/cmdop_event.rs"]
mod event_body;
#[path = "../../../fuzz/bodies/same_json.rs"]
mod same_json;

#[path = "../../../fuzz/bodies/cmdop_receive.rs"]
mod receive_body;

use receive_body::Input;

const SECRET: &[u8] = b"whsec_9f3b2c7d41e8";

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    out.sort();
    assert!(
        out.len() >= 20,
        "expected every event fixture, found {}",
        out.len()
    );
    out
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = format!("{}/../../fuzz/seeds/{target}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect()
}

/// The receive body's framing: `[secret length][secret][header length][header][body]`.
fn encode(input: &Input<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    for field in [input.secret, input.signature] {
        out.push(u8::try_from(field.len()).unwrap());
        out.extend_from_slice(field);
    }
    out.extend_from_slice(input.body);
    out
}

/// xorshift64: deterministic, so a failure reproduces.
fn rng(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Byte flips, insertions of JSON punctuation and deletions at pseudo-random places.
fn mutations(original: &[u8], count: usize, seed: u64) -> Vec<Vec<u8>> {
    const INTERESTING: &[u8] = b"{}[]\",:\\0-9eE.ntfu \x00\xff";
    let mut next = rng(seed);
    (0..count)
        .map(|_| {
            let mut bytes = original.to_vec();
            for _ in 0..1 + next() % 3 {
                if bytes.is_empty() {
                    break;
                }
                let at = usize::try_from(next()).unwrap() % bytes.len();
                let pick = INTERESTING[usize::try_from(next()).unwrap() % INTERESTING.len()];
                match next() % 3 {
                    0 => bytes[at] = pick,
                    1 => bytes.insert(at, pick),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            bytes
        })
        .collect()
}

#[test]
fn event_body_accepts_every_fixture() {
    for (name, bytes) in fixtures() {
        assert!(event_body::run(&bytes), "{name}");
        assert!(
            fleethooks_cmdop::CmdopEvent::from_slice(&bytes).is_ok(),
            "{name}"
        );
    }
    for seed in seeds("cmdop_event") {
        event_body::run(&seed);
    }
}

#[test]
fn event_body_accepts_every_fixture_after_a_bom() {
    for (name, bytes) in fixtures() {
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), &bytes].concat();
        assert!(event_body::run(&with_bom), "{name}");
    }
}

#[test]
fn event_body_on_truncations_and_mutations() {
    for (index, (_, bytes)) in fixtures().into_iter().enumerate() {
        for end in 0..bytes.len() {
            event_body::run(&bytes[..end]);
        }
        for mutated in mutations(&bytes, 300, 0x9e37_79b9_7f4a_7c15 ^ index as u64) {
            event_body::run(&mutated);
        }
    }
}

#[test]
fn event_body_on_awkward_values() {
    let cases: &[&[u8]] = &[
        br#"{"id":"e","type":"command.failed","timestamp":"2024-11-20T09:15:41+02:00","data":{"duration":1e2,"exit_code":-9223372036854775808,"size":1}}"#,
        br#"{"id":"e","type":"command.failed","timestamp":"2016-12-31T23:59:60Z","data":{"started_at":"2016-12-31T23:59:60.5Z"}}"#,
        br#"{"id":"e","type":"file.deleted","timestamp":"9999-12-31T23:59:59.999999999Z","data":{"size":18446744073709551615,"path":null,"path":"x"}}"#,
        br#"{"id":"e","type":"machine.online","timestamp":"0000-01-01T00:00:00Z","data":{"machine_id":"m","machine_name":"n","x":1,"x":2}}"#,
        br#"{"id":"e","type":"x","timestamp":"2024-11-20T09:15:41Z","data":null,"data":1}"#,
        br#"{"id":"\ud800","type":"test","timestamp":"2024-11-20T09:15:41Z","data":{"message":"\u0000"}}"#,
        br#"{"type":"test","data":{"message":"m"},"timestamp":"2024-11-20T09:15:41.000000001Z","id":""}"#,
    ];
    for case in cases {
        event_body::run(case);
    }
    let deep = format!(
        r#"{{"id":"e","type":"x","timestamp":"2024-11-20T09:15:41Z","data":{}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    // Nesting is bounded by the parser's depth limit: an error, not a stack overflow.
    event_body::run(deep.as_bytes());
    assert!(fleethooks_cmdop::CmdopEvent::from_slice(deep.as_bytes()).is_err());
}

#[test]
fn receive_body_on_signed_fixtures() {
    for (_, bytes) in fixtures() {
        let signature = fleethooks_cmdop::sign(&SECRET.into(), &bytes)
            .unwrap()
            .to_string();
        let upper = signature.to_ascii_uppercase();
        for signature in [
            signature.as_bytes(),
            upper.as_bytes(),
            b"sha256=00",
            b"",
            &[0xff],
        ] {
            let input = Input {
                secret: SECRET,
                signature,
                body: &bytes,
            };
            receive_body::check(&input);
            assert!(receive_body::run(&encode(&input)));
        }
        receive_body::check(&Input {
            secret: b"",
            signature: b"",
            body: &bytes,
        });
    }
    for seed in seeds("cmdop_receive") {
        assert!(receive_body::run(&seed));
    }
}

#[test]
fn receive_body_on_truncations_and_mutations() {
    for seed in seeds("cmdop_receive") {
        for end in (0..seed.len()).step_by(7) {
            receive_body::run(&seed[..end]);
        }
        for mutated in mutations(&seed, 200, seed.len() as u64) {
            receive_body::run(&mutated);
        }
    }
    let mut next = rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..2_000 {
        let len = usize::try_from(next() % 300).unwrap();
        let data: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
        receive_body::run(&data);
    }
}
