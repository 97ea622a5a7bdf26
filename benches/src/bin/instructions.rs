//! `instructions CASE N`: runs one parse of a bench input `N` times, so that callgrind can count
//! the instructions of one parse as `(Ir(N) − Ir(0)) / N` (`benches/instructions.sh` does it for
//! every case). Instruction counts do not move with the machine's load, which makes them the
//! judge of a hand-tuned fast path against its plain code (`benches/FASTPATHS.md`).
//!
//! Cases: `json:NAME` and `value:NAME` (Jamf JSON typed and as `serde_json::Value`), `xml:NAME`
//! and `rawwalk:NAME` (Jamf XML typed and a raw quick-xml walk), `alert` and `alertvalue` (a
//! JumpCloud alert typed and as `Value`), `cmdop`, `cmdopvalue`,
//! `receive` (cmdop verify + parse) and `hmacvalue` (raw HMAC + `Value`). Jamf names:
//! `ComputerCheckIn`, `unknown-members`, `webhook-first` (JSON) / `event-first` (XML),
//! `SCEPChallenge`, `SmartGroup`.

use std::hint::black_box;
use std::process::ExitCode;

use fleethooks_benches::raw_walk;
use fleethooks_cmdop::{CmdopEvent, Receiver, SIGNATURE_HEADER, Secret, sign};
use fleethooks_jamf::JamfEvent;
use fleethooks_jumpcloud::Alert;
use hmac::{Hmac, Mac};
use serde_json::Value;

macro_rules! jamf_fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            "../../../crates/fleethooks-jamf/tests/fixtures/",
            $name
        )) as &[u8]
    };
}

const SECRET: &str = "whsec_5f0b7c2e9a4d4b1f8c3e6a7d2b9f0c1e";
const ALERT: &[u8] =
    include_bytes!("../../../crates/fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json");
const CMDOP: &[u8] =
    include_bytes!("../../../crates/fleethooks-cmdop/tests/fixtures/command_completed_1kb.json");

fn jamf_json(name: &str) -> Option<&'static [u8]> {
    Some(match name {
        "ComputerCheckIn" => jamf_fixture!("computer_check_in.json"),
        "unknown-members" => jamf_fixture!("unknown_members.json"),
        "webhook-first" => jamf_fixture!("webhook_first.json"),
        "SCEPChallenge" => jamf_fixture!("scep_challenge.json"),
        "SmartGroup" => jamf_fixture!("smart_group_mobile_device_membership_change.json"),
        _ => return None,
    })
}

fn jamf_xml(name: &str) -> Option<&'static [u8]> {
    Some(match name {
        "ComputerCheckIn" => jamf_fixture!("computer_check_in.xml"),
        "unknown-members" => jamf_fixture!("unknown_members.xml"),
        "event-first" => jamf_fixture!("webhook_first.xml"),
        "SCEPChallenge" => jamf_fixture!("scep_challenge.xml"),
        "SmartGroup" => jamf_fixture!("smart_group_mobile_device_membership_change.xml"),
        _ => return None,
    })
}

/// Runs `parse` `n` times after one checked call, so a case that fails is an error, not a
/// count of its error path.
fn repeat<T, E: std::fmt::Display>(
    n: u64,
    mut parse: impl FnMut() -> Result<T, E>,
) -> Result<(), String> {
    parse().map_err(|e| e.to_string())?;
    for _ in 0..n {
        let _ = black_box(parse());
    }
    Ok(())
}

fn run(case: &str, n: u64) -> Result<(), String> {
    let (kind, name) = case.split_once(':').unwrap_or((case, ""));
    let unknown = || format!("no case `{case}` (see the list in the source's header)");
    match kind {
        "json" => {
            let body = jamf_json(name).ok_or_else(unknown)?;
            repeat(n, || JamfEvent::from_json(black_box(body)))
        }
        "value" => {
            let body = jamf_json(name).ok_or_else(unknown)?;
            repeat(n, || serde_json::from_slice::<Value>(black_box(body)))
        }
        "xml" => {
            let body = jamf_xml(name).ok_or_else(unknown)?;
            repeat(n, || JamfEvent::from_xml(black_box(body)))
        }
        "rawwalk" => {
            let body = jamf_xml(name).ok_or_else(unknown)?;
            repeat(n, || Ok::<_, String>(raw_walk(black_box(body))))
        }
        "alert" => repeat(n, || Alert::from_slice(black_box(ALERT))),
        "alertvalue" => repeat(n, || serde_json::from_slice::<Value>(black_box(ALERT))),
        "cmdop" => repeat(n, || CmdopEvent::from_slice(black_box(CMDOP))),
        "cmdopvalue" => repeat(n, || serde_json::from_slice::<Value>(black_box(CMDOP))),
        "receive" => {
            let receiver = Receiver::new(SECRET).map_err(|e| e.to_string())?;
            let signature = sign(&Secret::from(SECRET), CMDOP).map_err(|e| e.to_string())?;
            let mut headers = http::HeaderMap::new();
            headers.insert(SIGNATURE_HEADER, signature.to_header());
            repeat(n, || {
                receiver.receive(black_box(&headers), black_box(CMDOP))
            })
        }
        "hmacvalue" => {
            let keyed = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes())
                .map_err(|e| e.to_string())?;
            let digest = {
                let mut mac = keyed.clone();
                mac.update(CMDOP);
                mac.finalize().into_bytes()
            };
            repeat(n, || {
                let mut mac = keyed.clone();
                mac.update(black_box(CMDOP));
                mac.verify_slice(black_box(&digest))
                    .map_err(|e| e.to_string())?;
                serde_json::from_slice::<Value>(black_box(CMDOP)).map_err(|e| e.to_string())
            })
        }
        _ => Err(unknown()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [case, n] = args.as_slice() else {
        eprintln!("usage: instructions CASE N");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("instructions: N must be a count, not `{n}`");
        return ExitCode::from(2);
    };
    match run(case, n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("instructions: {case}: {e}");
            ExitCode::FAILURE
        }
    }
}
