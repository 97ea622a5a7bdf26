//! Runs the fuzz target's body on stable: over the checked-in seeds, structured cases built from
//! realistic values, and a deterministic spread of pseudo-random inputs.
#![allow(clippy::expect_used, reason = "the fuzz body asserts with expect")]
#![allow(
    unreachable_pub,
    missing_docs,
    reason = "the body is written for the fuzz crate"
)]

#[path = "../../../fuzz/bodies/verify.rs"]
mod body;

use body::Input;

#[test]
fn seeds() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds/verify");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("seed folder") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("seed");
        body::run(&bytes);
        seen += 1;
    }
    assert!(seen >= 2, "expected the checked-in seeds, found {seen}");
}

#[test]
fn structured_cases() {
    let good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    let bodies: [&[u8]; 3] = [b"Hello, World!", b"", &[0xff, 0x00, 0xfe]];
    let signatures: [&[u8]; 6] = [
        good.as_bytes(),
        b"sha256=",
        b"SHA256=zz",
        b"=",
        b"",
        &[0xc3, 0x28],
    ];
    let authorizations: [&[u8]; 5] = [
        b"Basic amFtZjpjMHJyZWN0",
        b"Bearer t0k",
        b"Basic !!!",
        b"Bearer",
        &[0x80],
    ];
    for body in bodies {
        for signature in signatures {
            for authorization in authorizations {
                body::check(&Input {
                    signature,
                    authorization,
                    secrets: vec![b"It's a Secret to Everybody", b"", b"c0rrect"],
                    body,
                });
                body::check(&Input {
                    signature,
                    authorization,
                    secrets: vec![],
                    body,
                });
            }
        }
    }
}

#[test]
fn pseudo_random_inputs() {
    // xorshift64: deterministic, so a failure reproduces.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2_000 {
        let len = usize::try_from(next() % 300).expect("small");
        let data: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
        body::run(&data);
    }
}
