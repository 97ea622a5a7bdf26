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

#[allow(clippy::panic, reason = "the fuzz body asserts with panic")]
#[path = "../../../fuzz/bodies/credentials.rs"]
mod credentials_body;

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

mod credentials_target {
    //! The `credentials` target's body: configured Basic pairs, tokens and a shared header
    //! against request headers, over its seeds and hand-built cases.

    use super::credentials_body as body;
    use body::{Config, Input, Name, Value};

    fn config<'a>(header_name: &'a str, scheme: u8) -> Config<'a> {
        Config {
            basic: vec![
                (b"jamf-webhooks", b"c0rrect-h0rse"),
                (b"", b"empty-user-ok"),
                (b"a:b", b"colon-in-user"),
                (b"rotated", b""),
                (b"after-the-empty-one", b"never-built"),
            ],
            tokens: vec![
                b"jc_9f3b2c7d41e8",
                b"Bearer jc_bare_with_scheme",
                b" padded ",
            ],
            scheme,
            header_name,
            header_values: vec![b"k3y-2026-q4", b"k3y-2026-q3", b""],
        }
    }

    fn values() -> Vec<Value<'static>> {
        let mut out = vec![
            Value::Raw(b""),
            Value::Raw(b"Basic amFtZi13ZWJob29rczpjMHJyZWN0LWgwcnNl"),
            Value::Raw(b"basic\tamFtZi13ZWJob29rczpjMHJyZWN0LWgwcnNl=="),
            Value::Raw(b"Basic !!!"),
            Value::Raw(b"Basic"),
            Value::Raw(b"Basic Og=="),
            Value::Raw(b"Bearer"),
            Value::Raw(b"Bearer   "),
            Value::Raw(b"bearer jc_9f3b2c7d41e8"),
            Value::Raw(b"Bearerjc_9f3b2c7d41e8"),
            Value::Raw(b"  k3y-2026-q4\t"),
            Value::Raw(b"k3y-2026-q4x"),
            Value::Raw(&[0x80, 0xff]),
            Value::Raw(b"\x01"),
        ];
        for pair in 0..5 {
            for (upper, unpadded, blanks) in [(false, false, false), (true, true, true)] {
                out.push(Value::BasicOf {
                    pair,
                    upper,
                    unpadded,
                    blanks,
                });
            }
        }
        for index in 0..3 {
            out.push(Value::TokenOf {
                index,
                bearer: false,
            });
            out.push(Value::TokenOf {
                index,
                bearer: true,
            });
            out.push(Value::SharedOf { index });
        }
        out
    }

    #[test]
    fn seeds() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds/credentials");
        let mut decoded = 0;
        for entry in std::fs::read_dir(dir).expect("seed folder") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("seed");
            decoded += usize::from(body::run(&bytes));
        }
        assert!(
            decoded >= 5,
            "expected the checked-in seeds, {decoded} decoded"
        );
    }

    /// Every value alone, and every pair of values (repeated headers), under each token
    /// scheme and for a valid and an invalid shared header name.
    #[test]
    fn structured_cases() {
        let names = [Name::Authorization, Name::Shared, Name::Other];
        for header_name in ["X-Fleet-Key", "authorization", "not a name", ""] {
            for scheme in 0..3 {
                let config = config(header_name, scheme);
                body::check(&Input {
                    config: config.clone(),
                    request: Vec::new(),
                });
                for name in names {
                    for value in values() {
                        body::check(&Input {
                            config: config.clone(),
                            request: vec![(name, value)],
                        });
                    }
                }
                for first in values() {
                    for second in [
                        Value::TokenOf {
                            index: 0,
                            bearer: true,
                        },
                        Value::SharedOf { index: 1 },
                    ] {
                        body::check(&Input {
                            config: config.clone(),
                            request: vec![(Name::Authorization, first), (Name::Shared, second)],
                        });
                    }
                    body::check(&Input {
                        config: config.clone(),
                        request: vec![(Name::Authorization, first), (Name::Authorization, first)],
                    });
                }
            }
        }
    }

    #[test]
    fn pseudo_random_inputs() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut decoded = 0;
        for _ in 0..3_000 {
            let len = usize::try_from(next() % 200).expect("small");
            let data: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
            decoded += usize::from(body::run(&data));
        }
        assert!(decoded > 1_000, "{decoded}");
    }
}
