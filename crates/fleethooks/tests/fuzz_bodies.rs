//! Runs the `receive_any` fuzz target's body on stable: over every checked-in seed (reproducers
//! included), every source's fixtures with and without their credentials, and a deterministic
//! spread of mutations, so `cargo test` checks the same properties as `cargo fuzz`.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "the fuzz bodies assert with expect and panic; helpers read fixture files"
)]
#![allow(
    unreachable_pub,
    dead_code,
    missing_docs,
    reason = "the bodies are written for the fuzz crate"
)]

#[path = "../../../fuzz/bodies/receive_any.rs"]
mod receive_any;
#[path = "../../../fuzz/bodies/same_json.rs"]
mod same_json;

use std::path::{Path, PathBuf};

use base64::Engine as _;
use fleethooks::http::HeaderMap;
use fleethooks::{Receiver, Source};
use receive_any::{
    AT_EVENT_TIME, BEARER, Input, JAMF_BASIC, JAMF_OPEN, JSON_TYPE, JUMPCLOUD, SIGN_CURRENT,
    SIGN_PREVIOUS,
};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    files(&root().join("fuzz/seeds/receive_any"), |_| true)
}

/// Every fixture of the three sources, with the flags that carry its source's credentials.
fn fixtures() -> Vec<(String, u8, Vec<u8>)> {
    let crates = root().join("crates");
    let mut out = Vec::new();
    for (name, bytes) in files(&crates.join("fleethooks-cmdop/tests/fixtures"), |n| {
        n.ends_with(".json")
    }) {
        out.push((name, SIGN_CURRENT | AT_EVENT_TIME, bytes));
    }
    for (name, bytes) in files(&crates.join("fleethooks-jamf/tests/fixtures"), |n| {
        n.ends_with(".json") || n.ends_with(".xml")
    }) {
        out.push((name, JAMF_BASIC, bytes));
    }
    for (name, bytes) in files(&crates.join("fleethooks-jumpcloud/tests/fixtures"), |n| {
        n.starts_with("alert_")
    }) {
        out.push((name, JUMPCLOUD | BEARER, bytes));
    }
    assert!(out.len() > 90, "every fixture is found: {}", out.len());
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

fn below(next: &mut impl FnMut() -> u64, n: usize) -> usize {
    usize::try_from(next() % n.max(1) as u64).unwrap()
}

/// Byte flips, insertions of punctuation and deletions at pseudo-random places.
fn mutate(original: &[u8], next: &mut impl FnMut() -> u64) -> Vec<u8> {
    const INTERESTING: &[u8] = b"{}[]\"<>/,:\\0-9eE.ntfu \x00\xff";
    let mut bytes = original.to_vec();
    for _ in 0..1 + next() % 3 {
        if bytes.is_empty() {
            break;
        }
        let at = below(next, bytes.len());
        let pick = INTERESTING[below(next, INTERESTING.len())];
        match next() % 3 {
            0 => bytes[at] = pick,
            1 => bytes.insert(at, pick),
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

/// The constant the body compares Basic credentials with is what a sender writes.
#[test]
fn the_basic_constant_encodes_the_configured_pair() {
    let pair = format!("{}:{}", receive_any::JAMF_USER, receive_any::JAMF_PASSWORD);
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(pair),
        receive_any::JAMF_BASIC_B64
    );
    assert_eq!(receive_any::JAMF_BASIC_B64.len() % 4, 0, "no padding");
}

#[test]
fn every_seed_decodes_and_holds() {
    let seeds = seeds();
    assert!(seeds.len() >= 20, "the checked-in seeds: {}", seeds.len());
    for (name, bytes) in seeds {
        assert!(receive_any::run(&bytes), "{name} does not decode");
    }
}

/// The seeds are what their names say: the liveness half of the property is not vacuous.
#[test]
fn credentialed_seeds_are_accepted_and_the_rest_refused() {
    let receiver = |open: bool| {
        let builder = Receiver::builder()
            .cmdop_secrets(receive_any::CMDOP_SECRETS)
            .jumpcloud_token(receive_any::JUMPCLOUD_TOKEN)
            .without_dedup();
        let builder = if open {
            builder.allow_unauthenticated(Source::Jamf)
        } else {
            builder.jamf_basic(receive_any::JAMF_USER, receive_any::JAMF_PASSWORD)
        };
        builder.build().unwrap()
    };
    let expect: &[(&str, Result<&str, u16>)] = &[
        ("cmdop_signed_machine_offline", Ok("cmdop")),
        ("cmdop_signed_previous_command_failed_json", Ok("cmdop")),
        ("cmdop_signed_unknown_type", Ok("cmdop")),
        ("cmdop_signed_stale_test", Err(400)),
        ("cmdop_both_signatures", Err(401)),
        ("cmdop_wrong_signature", Err(401)),
        ("cmdop_signed_gzip", Err(415)),
        ("jamf_basic_computer_check_in_json", Ok("jamf")),
        ("jamf_basic_computer_check_in_xml", Ok("jamf")),
        ("jamf_basic_scep_challenge_xml", Ok("jamf")),
        ("jamf_basic_unknown_event_xml", Ok("jamf")),
        ("jamf_basic_smart_group_json", Ok("jamf")),
        ("jamf_open_push_sent_json", Ok("jamf")),
        ("jamf_open_unknown_members_xml", Ok("jamf")),
        ("jamf_open_jumpcloud_body_no_token", Err(401)),
        ("jamf_wrong_password", Err(401)),
        ("jumpcloud_bearer_open_critical", Ok("jumpcloud")),
        ("jumpcloud_bare_resolved_medium", Ok("jumpcloud")),
        ("jumpcloud_bearer_undocumented_members", Ok("jumpcloud")),
        ("jumpcloud_token_and_jamf_basic", Err(401)),
        ("jumpcloud_bearer_xml_content_type", Err(415)),
        ("no_credentials", Err(401)),
        ("content_length_over_limit", Err(413)),
        ("regression_unknown_jamf_event_pretty_json", Ok("jamf")),
    ];
    for (name, expected) in expect {
        let bytes = std::fs::read(root().join("fuzz/seeds/receive_any").join(name)).unwrap();
        let input = Input::decode(&bytes).unwrap();
        let headers = request_headers(&input);
        let now = at(&input);
        let outcome =
            receiver(input.flags & JAMF_OPEN != 0).receive_any_at(&headers, input.body, now);
        match (outcome, expected) {
            (Ok(event), Ok(source)) => assert_eq!(event.source().as_str(), *source, "{name}"),
            (Err(err), Err(status)) => assert_eq!(err.status().as_u16(), *status, "{name}: {err}"),
            (outcome, _) => panic!("{name}: {outcome:?}"),
        }
    }
}

/// The headers the body builds, rebuilt here through its own encoding: a seed whose flags ask
/// for credentials is re-run with them spelled out as explicit headers.
fn request_headers(input: &Input<'_>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (flag, secret) in [(SIGN_CURRENT, 0), (SIGN_PREVIOUS, 1)] {
        if input.flags & flag != 0 {
            let made =
                fleethooks::cmdop::sign(&receive_any::CMDOP_SECRETS[secret].into(), input.body)
                    .unwrap();
            headers.append("x-cmdop-signature", made.to_header());
        }
    }
    if input.flags & JAMF_BASIC != 0 {
        let value = format!("Basic {}", receive_any::JAMF_BASIC_B64);
        headers.append("authorization", value.parse().unwrap());
    }
    if input.flags & JUMPCLOUD != 0 {
        let value = if input.flags & BEARER != 0 {
            format!("Bearer {}", receive_any::JUMPCLOUD_TOKEN)
        } else {
            receive_any::JUMPCLOUD_TOKEN.to_owned()
        };
        headers.append("authorization", value.parse().unwrap());
    }
    if input.flags & JSON_TYPE != 0 {
        headers.append("content-type", "application/json".parse().unwrap());
    }
    let names = [
        "authorization",
        "x-cmdop-signature",
        "content-type",
        "content-length",
        "content-encoding",
        "x-jamf-token",
        "user-agent",
        "x-request-id",
    ];
    for (name, value) in &input.headers {
        if let Ok(value) = fleethooks::http::HeaderValue::from_bytes(value) {
            headers.append(names[usize::from(*name % 8)], value);
        }
    }
    headers
}

fn at(input: &Input<'_>) -> fleethooks::chrono::DateTime<fleethooks::chrono::Utc> {
    let fixed =
        fleethooks::chrono::DateTime::from_timestamp_millis(receive_any::FIXED_NOW).unwrap();
    if input.flags & AT_EVENT_TIME != 0 {
        fleethooks::cmdop::CmdopEvent::from_slice(input.body).map_or(fixed, |e| e.timestamp)
    } else {
        fixed
    }
}

/// Every fixture with its own credentials, with another source's, with none, and under every
/// combination of flags.
#[test]
fn every_fixture_under_every_flag_combination() {
    for (name, own, body) in fixtures() {
        for flags in [own, own | JSON_TYPE, own | JAMF_OPEN, 0, JAMF_OPEN] {
            let input = Input {
                flags,
                headers: Vec::new(),
                body: &body,
            };
            assert!(receive_any::run(&input.encode()), "{name}");
        }
    }
    let body =
        std::fs::read(root().join("crates/fleethooks-cmdop/tests/fixtures/test.json")).unwrap();
    for flags in 0..=u8::MAX {
        receive_any::check(&Input {
            flags,
            headers: Vec::new(),
            body: &body,
        });
    }
}

/// Odd header values next to the correct credentials: repeated, malformed, other schemes,
/// blanks, a declared length over the limit.
#[test]
fn fixtures_with_awkward_headers() {
    let signature = "sha256=".to_owned() + &"A".repeat(64);
    let awkward: [(u8, &[u8]); 12] = [
        (0, b"Basic amFtZi1ob29rczpjMHJyZWN0LWgwcnNl"),
        (0, b"  bearer \tjc_9f3b2c7d41e8 "),
        (0, b"BASIC\tamFtZi1ob29rczpjMHJyZWN0LWgwcnNl=="),
        (0, b"Bearer"),
        (1, signature.as_bytes()),
        (1, b"SHA256=zz"),
        (1, b"sha1=00"),
        (2, b"application/vnd.api+json; charset=utf-8"),
        (2, b"text/plain"),
        (3, b"99999999999999999999999"),
        (4, b"identity"),
        (6, b"\xff\xfe"),
    ];
    for (name, own, body) in fixtures().into_iter().step_by(5) {
        for header in awkward {
            for flags in [own, 0] {
                let input = Input {
                    flags,
                    headers: vec![header],
                    body: &body,
                };
                assert!(receive_any::run(&input.encode()), "{name}");
            }
        }
    }
}

#[test]
fn mutations_of_seeds_and_fixtures() {
    let mut next = rng(0x9e37_79b9_7f4a_7c15);
    for (_, bytes) in seeds() {
        for end in (0..bytes.len()).step_by(11) {
            receive_any::run(&bytes[..end]);
        }
        for _ in 0..150 {
            receive_any::run(&mutate(&bytes, &mut next));
        }
    }
    // Mutating the body under correct credentials: signatures are made for the mutated bytes.
    let mut accepted = 0;
    for (_, own, body) in fixtures().into_iter().step_by(3) {
        for _ in 0..40 {
            let mutated = mutate(&body, &mut next);
            let input = Input {
                flags: own,
                headers: Vec::new(),
                body: &mutated,
            };
            receive_any::check(&input);
            let receiver = Receiver::builder()
                .cmdop_secrets(receive_any::CMDOP_SECRETS)
                .jumpcloud_token(receive_any::JUMPCLOUD_TOKEN)
                .jamf_basic(receive_any::JAMF_USER, receive_any::JAMF_PASSWORD)
                .build()
                .unwrap();
            accepted += usize::from(
                receiver
                    .receive_any_at(&request_headers(&input), &mutated, at(&input))
                    .is_ok(),
            );
        }
    }
    assert!(
        accepted > 100,
        "mutated bodies still get through: {accepted}"
    );
    for _ in 0..2_000 {
        let len = below(&mut next, 400);
        let data: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
        receive_any::run(&data);
    }
}
