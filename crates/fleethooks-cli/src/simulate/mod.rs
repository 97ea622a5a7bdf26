//! `fleethooks simulate`: a realistic payload of any event a source can send, for testing a
//! receiver without a live Jamf Pro, JumpCloud or cmdop (`fleethooks simulate … | fleethooks
//! send …`).
//!
//! ```text
//! fleethooks simulate SOURCE EVENT [--format json|xml] [--seed N] [--priority P] [--status S]
//! fleethooks simulate --list [SOURCE]
//! ```
//!
//! * `SOURCE` is `jamf`, `jumpcloud` or `cmdop`; `EVENT` a Jamf event name
//!   (`ComputerCheckIn`), `alert` for JumpCloud, or a cmdop type (`machine.offline`, `test`).
//!   Both ignore ASCII case (and event names `-`, `_` and spaces, the rule of every fleethooks
//!   crate).
//! * `--format xml` prints Jamf's `<JSSEvent>` form (Jamf only); it parses to the same event as
//!   the JSON twin of the same seed.
//! * `--priority` and `--status` (JumpCloud only) set the alert's values: a documented one in
//!   the document's spelling (`high` → `High`), any other text as given.
//! * `--list` prints one line per event that can be simulated, `SOURCE EVENT`
//!   (`jamf ComputerAdded`, …, `jumpcloud alert`, `cmdop machine.offline`, …), the event as the
//!   vendor spells it; with a `SOURCE`, that source's lines only.
//!
//! Values look real: Apple-style 12-character serials, upper-case UUID UDIDs, Apple MAC
//! addresses, private IPv4 addresses, people, buildings and departments from built-in lists,
//! IMEIs and ICCIDs with valid check digits, Jamf ids as integers, JumpCloud object ids,
//! cmdop ULIDs. Without `--seed` every run is fresh and its times are now (Jamf's
//! `eventTimestamp` is the current epoch millisecond). With `--seed N` the output is fully
//! reproducible, byte for byte: every value comes from the seed, and so does the clock, which
//! is 2025-01-06T08:00:00Z plus a seed-derived offset of up to 90 days. A receiver that refuses
//! stale events (cmdop's replay guard) refuses seeded payloads; send unseeded ones to it.
//!
//! The output is pretty-printed JSON (Jamf's XML: one line) and ends with one newline.

mod cmdop;
mod jamf;
mod json;
mod jumpcloud;
mod values;

use fleethooks::Source;

use crate::cli::{SimulateArgs, SimulateFormat};
use crate::failure::Failure;
use crate::input;
use values::Values;

/// `fleethooks simulate`: the listing for `--list`, otherwise the one payload, printed.
pub(crate) fn run(args: &SimulateArgs) -> Result<(), Failure> {
    if args.list {
        if args.event.is_some() {
            return Err(Failure::usage(
                "--list takes at most a SOURCE, not an EVENT",
            ));
        }
        let only = args.source.as_deref().map(source).transpose()?;
        let lines: String = catalogue()
            .filter(|(s, _)| only.is_none_or(|only| only.as_str() == *s))
            .map(|(s, event)| format!("{s} {event}\n"))
            .collect();
        return input::print(&lines);
    }
    let (Some(source), Some(event)) = (args.source.as_deref(), args.event.as_deref()) else {
        return Err(Failure::usage(
            "simulate needs a SOURCE and an EVENT (fleethooks simulate --list names them)",
        ));
    };
    let bytes = payload(
        source,
        event,
        args.format,
        args.seed,
        args.priority.as_deref(),
        args.status.as_deref(),
    )?;
    // What `payload` returns is what is printed; it was built as a `String`, so this holds.
    let text = std::str::from_utf8(&bytes).map_err(Failure::rejected)?;
    input::print(text)
}

/// The payload `fleethooks simulate SOURCE EVENT` prints, ending in one newline: the same
/// arguments, the same checks (a usage failure names the valid choices), the same bytes for a
/// given `seed`.
pub(crate) fn payload(
    source: &str,
    event: &str,
    format: SimulateFormat,
    seed: Option<u64>,
    priority: Option<&str>,
    status: Option<&str>,
) -> Result<Vec<u8>, Failure> {
    render(source, event, format, seed, priority, status).map(String::into_bytes)
}

/// Every event that can be simulated, as `(source, event)`: Jamf's in alphabetical order,
/// JumpCloud's alert, then cmdop's in the document's order, `test` and the legacy
/// `schedule.*` types last.
pub(crate) fn catalogue() -> impl Iterator<Item = (&'static str, &'static str)> {
    let jamf = jamf::events().map(|e| (Source::Jamf.as_str(), e));
    let jumpcloud = std::iter::once((Source::Jumpcloud.as_str(), jumpcloud::EVENT));
    let cmdop = cmdop::events().map(|e| (Source::Cmdop.as_str(), e));
    jamf.chain(jumpcloud).chain(cmdop)
}

fn render(
    source_name: &str,
    event_name: &str,
    format: SimulateFormat,
    seed: Option<u64>,
    priority: Option<&str>,
    status: Option<&str>,
) -> Result<String, Failure> {
    let source = source(source_name)?;
    if source != Source::Jumpcloud {
        for (flag, value) in [("--priority", priority), ("--status", status)] {
            if value.is_some() {
                return Err(Failure::usage(format_args!(
                    "{flag} is only for jumpcloud alerts, not {source}"
                )));
            }
        }
    }
    let delivery = match source {
        Source::Jamf => {
            let kind = jamf::event(event_name)
                .ok_or_else(|| unknown_event("Jamf", event_name, jamf::events(), Source::Jamf))?;
            jamf::delivery(&kind, &mut Values::new(seed))?
        }
        Source::Jumpcloud => {
            if !event_name.eq_ignore_ascii_case(jumpcloud::EVENT) {
                return Err(Failure::usage(format_args!(
                    "unknown JumpCloud event `{event_name}`: JumpCloud sends one, {}",
                    jumpcloud::EVENT
                )));
            }
            require_json(format, source)?;
            jumpcloud::alert(&mut Values::new(seed), priority, status)?
        }
        Source::Cmdop => {
            let kind = cmdop::event(event_name).ok_or_else(|| {
                unknown_event("cmdop", event_name, cmdop::events(), Source::Cmdop)
            })?;
            require_json(format, source)?;
            cmdop::envelope(&kind, &mut Values::new(seed))?
        }
        other => {
            return Err(Failure::usage(format_args!(
                "{other} has no simulation yet"
            )));
        }
    };
    let json = delivery
        .to_pretty_line()
        .map_err(|e| Failure::rejected(format_args!("cannot write the simulated payload: {e}")))?;
    match format {
        SimulateFormat::Json => Ok(json),
        SimulateFormat::Xml => jamf::to_xml(json.as_bytes()),
    }
}

/// The source `name` names, ignoring ASCII case.
fn source(name: &str) -> Result<Source, Failure> {
    name.parse::<Source>().map_err(|_| {
        Failure::usage(format_args!(
            "unknown source `{name}`: expected jamf, jumpcloud or cmdop"
        ))
    })
}

/// `--format xml` is Jamf's alone: the other sources post JSON only.
fn require_json(format: SimulateFormat, source: Source) -> Result<(), Failure> {
    match format {
        SimulateFormat::Json => Ok(()),
        SimulateFormat::Xml => Err(Failure::usage(format_args!(
            "--format xml is only for jamf; {source} sends JSON"
        ))),
    }
}

fn unknown_event(
    vendor: &str,
    name: &str,
    known: impl Iterator<Item = &'static str>,
    source: Source,
) -> Failure {
    let known: Vec<&str> = known.collect();
    Failure::usage(format_args!(
        "unknown {vendor} event `{name}`: expected one of {} (fleethooks simulate --list {source})",
        known.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use fleethooks::Event as _;

    use super::*;

    fn simulate(source: &str, event: &str, format: SimulateFormat, seed: u64) -> Vec<u8> {
        payload(source, event, format, Some(seed), None, None).unwrap()
    }

    /// Every listed event, over many seeds (so every random branch is taken): it parses with
    /// its own crate as the event it claims to be, writes back to the same JSON value (nothing
    /// dropped or reshaped), and a Jamf XML payload equals its JSON twin.
    #[test]
    fn every_event_parses_with_its_crate_over_many_seeds() {
        for seed in 0..64 {
            for (source, event) in catalogue() {
                let json = simulate(source, event, SimulateFormat::Json, seed);
                let context = format!("{source} {event} --seed {seed}");
                let sent: serde_json::Value = serde_json::from_slice(&json).unwrap();
                match source {
                    "jamf" => {
                        let from_json = fleethooks_jamf::JamfEvent::from_json(&json).unwrap();
                        assert_eq!(from_json.event_type(), event, "{context}");
                        assert!(from_json.kind().is_known(), "{context}");
                        assert!(from_json.extra().is_empty(), "{context}");
                        assert_eq!(serde_json::to_value(&from_json).unwrap(), sent, "{context}");
                        let xml = simulate(source, event, SimulateFormat::Xml, seed);
                        let from_xml = fleethooks_jamf::JamfEvent::from_xml(&xml).unwrap();
                        assert_eq!(from_xml, from_json, "{context}");
                    }
                    "jumpcloud" => {
                        let alert = fleethooks_jumpcloud::Alert::from_slice(&json).unwrap();
                        assert_eq!(alert.event_type(), "alert", "{context}");
                        assert!(alert.extra.is_empty(), "{context}");
                        assert_eq!(serde_json::to_value(&alert).unwrap(), sent, "{context}");
                        assert!(
                            alert
                                .priority
                                .as_ref()
                                .is_some_and(fleethooks_jumpcloud::Priority::is_known),
                            "{context}"
                        );
                        assert!(
                            alert
                                .status
                                .as_ref()
                                .is_some_and(fleethooks_jumpcloud::AlertStatus::is_known),
                            "{context}"
                        );
                    }
                    _ => {
                        let envelope = fleethooks_cmdop::CmdopEvent::from_slice(&json).unwrap();
                        assert_eq!(envelope.event_type(), event, "{context}");
                        assert!(envelope.kind.is_known(), "{context}");
                        assert_eq!(serde_json::to_value(&envelope).unwrap(), sent, "{context}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_seed_gives_the_same_bytes_and_another_seed_other_ones() {
        for (source, event) in catalogue() {
            let a = simulate(source, event, SimulateFormat::Json, 9);
            assert_eq!(
                a,
                simulate(source, event, SimulateFormat::Json, 9),
                "{source} {event}"
            );
            assert_ne!(
                a,
                simulate(source, event, SimulateFormat::Json, 10),
                "{source} {event}"
            );
        }
    }

    #[test]
    fn flags_and_names_are_checked_before_anything_is_generated() {
        let cases: [(&str, &str, SimulateFormat, Option<&str>, &str); 6] = [
            (
                "fleet",
                "x",
                SimulateFormat::Json,
                None,
                "unknown source `fleet`: expected jamf, jumpcloud or cmdop",
            ),
            (
                "cmdop",
                "alert",
                SimulateFormat::Json,
                None,
                "unknown cmdop event `alert`: expected one of session.created, session.connected, session.client_attached, session.client_detached, session.grace_period, session.disconnected, machine.online, machine.offline, machine.registered, command.started, command.completed, command.failed, command.timeout, file.uploaded, file.downloaded, file.deleted, test, schedule.completed, schedule.failed (fleethooks simulate --list cmdop)",
            ),
            (
                "jumpcloud",
                "incident",
                SimulateFormat::Json,
                None,
                "unknown JumpCloud event `incident`: JumpCloud sends one, alert",
            ),
            (
                "jumpcloud",
                "alert",
                SimulateFormat::Xml,
                None,
                "--format xml is only for jamf; jumpcloud sends JSON",
            ),
            (
                "cmdop",
                "test",
                SimulateFormat::Xml,
                None,
                "--format xml is only for jamf; cmdop sends JSON",
            ),
            (
                "jamf",
                "PushSent",
                SimulateFormat::Json,
                Some("High"),
                "--priority is only for jumpcloud alerts, not jamf",
            ),
        ];
        for (source, event, format, priority, message) in cases {
            let failure = payload(source, event, format, None, priority, None).unwrap_err();
            assert_eq!(failure.reason(), message);
            assert_eq!(failure.exit_code(), std::process::ExitCode::from(2));
        }
    }
}
