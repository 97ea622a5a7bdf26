//! Reading Jamf's JSON form.
//!
//! The envelope is read by hand so that `event` may come before or after `webhook`. When
//! `webhook` comes first its type is known before `event` is reached. Jamf writes `event` first,
//! though, so to stream the event straight into its type in one pass the parser takes the
//! `webhookEvent` near the end of the body as a guess. The guess is checked against the header
//! once that is read: with no guess the event is kept as a `RawValue` and read when the header
//! names its type; a wrong guess costs a second read of the body. Errors are always reported
//! from a read of the whole body, so their line, column and path are absolute.

use crate::Extra;
use crate::error::{Error, Result, utf8};
use crate::event::{EventType, JamfEvent, Payload, RawEvent, UnknownEvent};
use crate::record::Key;
use crate::webhook::Webhook;
use fleethooks_core::JsonError;
use fleethooks_core::json::{line_column, path_at};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// What one pass over the envelope found. A typed event itself is written to a slot the caller
/// owns (see [`run`]), not carried in here.
struct Parts<'de> {
    webhook: Option<Webhook>,
    /// The kind the event was read as, when it was read typed.
    typed: Option<EventType>,
    /// The event, kept raw because its kind was not known when it was reached.
    raw: Option<&'de RawValue>,
    /// Members beside `event` and `webhook`.
    extra: Extra,
}

pub(crate) fn parse(body: &[u8]) -> Result<JamfEvent> {
    let text = utf8(fleethooks_core::strip_bom(body))?;
    // The event is built in `slot` and moved out once, rather than the large `JamfEvent`
    // being returned (copied) through each layer here.
    let mut slot = None;
    let read = match crate::smart_group::streaming_records(|| parse_text(text, &mut slot)) {
        // A device record that does not fit its model fails the fast read; the robust one
        // keeps it as it came (or fails the same way, for any other error).
        Err(Error::Json(_)) => parse_text(text, &mut slot),
        other => other,
    };
    match (read, slot) {
        (Ok(()), Some(event)) => {
            // Only what is kept as generic JSON can be nested without bound.
            if event.keeps() {
                check_depth(text)?;
            }
            Ok(event)
        }
        // A body too deep for serde_json fails to parse, and is reported as too deep.
        (Err(Error::Json(e)), _) => Err(check_depth(text).err().unwrap_or(Error::Json(e))),
        (Err(e), _) => Err(e),
        // `parse_text` fills the slot whenever it succeeds.
        (Ok(()), None) => Err(Error::MissingEventType),
    }
}

/// One read of the body, with up to three passes over it, into `slot`.
fn parse_text(text: &str, slot: &mut Option<JamfEvent>) -> Result<()> {
    let mut hint = find_hint(text.as_bytes());
    // Whether `hint` is the kind the header names (rather than a guess from the text).
    let mut confirmed = false;
    // Three passes at most, and only on the unhappy paths: a wrong guess, then an error
    // reported from a whole-body parse with the confirmed kind.
    for _ in 0..3 {
        let parts = match run(text, hint.as_ref(), slot) {
            Ok(parts) => parts,
            // A guessed kind may be why the event failed: learn the real one first.
            Err(_) if hint.is_some() && !confirmed => {
                hint = None;
                continue;
            }
            Err(e) => return Err(json_error(text, e)),
        };
        let webhook = parts.webhook.ok_or(Error::MissingWebhook)?;
        if webhook.webhook_event.is_empty() {
            return Err(Error::MissingEventType);
        }
        let kind = webhook.event_type();
        match (kind, parts.typed, parts.raw) {
            (EventType::Unknown(_), _, Some(raw)) => {
                // serde_json keeps a raw value without checking its escapes (a lone `\ud800`
                // passes), and what is kept must read back, so it is read once in full. The
                // error is taken from a read of the whole body, for an absolute position.
                if let Err(e) = serde_json::from_str::<serde_json::Value>(raw.get()) {
                    return Err(match serde_json::from_str::<serde_json::Value>(text) {
                        Err(whole) => json_error(text, whole),
                        Ok(_) => json_error(raw.get(), e),
                    });
                }
                let mut event = UnknownEvent::new(webhook, RawEvent::Json(raw.to_owned()));
                event.extra = parts.extra;
                *slot = Some(JamfEvent::Unknown(event));
                return Ok(());
            }
            (kind, Some(read_as), _) if kind == read_as => {
                if let Some(event) = slot {
                    event.set_webhook(webhook);
                    event.set_extra(parts.extra);
                    return Ok(());
                }
                // `typed` is only set with the payload; were it not, re-read as the header says.
                hint = Some(kind);
                confirmed = true;
            }
            (EventType::Unknown(_), Some(_), None) => {
                hint = None;
                confirmed = true;
            }
            (kind, None, Some(raw)) => {
                let mut de = serde_json::Deserializer::from_str(raw.get());
                match Payload::deserialize(&kind, &mut de).and_then(|p| de.end().map(|()| p)) {
                    Ok(payload) => {
                        let mut event = payload.into_event(webhook);
                        event.set_extra(parts.extra);
                        *slot = Some(event);
                        return Ok(());
                    }
                    // Re-read the whole body with the right kind for an absolute position.
                    Err(_) => {
                        hint = Some(kind);
                        confirmed = true;
                    }
                }
            }
            (kind, Some(_), _) => {
                hint = Some(kind);
                confirmed = true;
            }
            (_, None, None) => {
                return Err(Error::MissingEvent {
                    event_type: webhook.webhook_event,
                });
            }
        }
    }
    // Every path above settles by the third pass: the kind is confirmed from the header after
    // the second. Only a header that reads differently on each pass could get here.
    Err(Error::MissingEventType)
}

/// Rejects a body nested deeper than [`crate::MAX_DEPTH`] levels, the document's own object
/// being the first, so that whatever is kept (an unknown event, unknown members) can always be
/// written as XML and read back: XML puts a member's value one element below its object, so a
/// container opened at the last level would put its items one level too deep, and is refused.
///
/// Run only for events that keep generic JSON. Only bodies with at least that many brackets can
/// be that deep; counting them is one SIMD scan, so the exact, string-aware walk runs for almost
/// no real delivery.
fn check_depth(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    if memchr::memchr2_iter(b'{', b'[', bytes)
        .nth(crate::MAX_DEPTH - 1)
        .is_none()
    {
        return Ok(());
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth >= crate::MAX_DEPTH {
                    let (line, column) = line_column(bytes, offset);
                    return Err(Error::TooDeep {
                        limit: crate::MAX_DEPTH,
                        path: path_at(bytes, offset),
                        line,
                        column,
                    });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// One pass over the envelope. A typed event goes to `payload`, which outlives the pass, as
/// the `JamfEvent` to return with a default header, read in place there (see
/// [`Payload::deserialize_event`]): it is not copied with every return of `Parts`.
fn run<'de>(
    text: &'de str,
    hint: Option<&EventType>,
    payload: &mut Option<JamfEvent>,
) -> std::result::Result<Parts<'de>, serde_json::Error> {
    *payload = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let parts = (&mut de).deserialize_map(EnvelopeVisitor {
        hint,
        slot: payload,
    })?;
    de.end()?;
    Ok(parts)
}

/// The `webhookEvent` value nearest the end of the body, if it names a known event.
///
/// Only the tail is searched: the hint matters when `webhook` comes last (Jamf's order), and
/// that object is short, while the body before it may be long. When `webhook` comes first no
/// hint is needed and the body is not searched.
fn find_hint(body: &[u8]) -> Option<EventType> {
    const KEY: &[u8] = b"\"webhookEvent\"";
    const TAIL: usize = 512;
    let opening = body
        .trim_ascii_start()
        .strip_prefix(b"{")
        .map(<[u8]>::trim_ascii_start);
    if opening.is_some_and(|rest| rest.starts_with(b"\"webhook\"")) {
        return None;
    }
    let body = body.get(body.len().saturating_sub(TAIL)..).unwrap_or(body);
    // Only a quote can start the key: jump from quote to quote backwards.
    let at = memchr::memrchr_iter(b'"', body)
        .find(|&at| body.get(at..).is_some_and(|rest| rest.starts_with(KEY)))?;
    let rest = body.get(at + KEY.len()..)?;
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b":")?
        .trim_ascii_start()
        .strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    if rest.get(end) != Some(&b'"') {
        // An escaped name is rare enough to leave to the header.
        return None;
    }
    let name = std::str::from_utf8(rest.get(..end)?).ok()?;
    match EventType::from_name(name) {
        EventType::Unknown(_) => None,
        known => Some(known),
    }
}

struct EnvelopeVisitor<'h, 's> {
    hint: Option<&'h EventType>,
    slot: &'s mut Option<JamfEvent>,
}

/// Reads a typed event into the slot as a `JamfEvent` whose header is set later.
struct PayloadSeed<'k, 's> {
    kind: &'k EventType,
    slot: &'s mut Option<JamfEvent>,
}

impl<'de> DeserializeSeed<'de> for PayloadSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        Payload::deserialize_event(self.kind, d, self.slot)
    }
}

impl<'de> Visitor<'de> for EnvelopeVisitor<'_, '_> {
    type Value = Parts<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Jamf webhook object with `webhook` and `event`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Parts<'de>, A::Error> {
        let mut parts = Parts {
            webhook: None,
            typed: None,
            raw: None,
            extra: Extra::new(),
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "webhook" => {
                    if parts.webhook.is_some() {
                        return Err(de::Error::duplicate_field("webhook"));
                    }
                    parts.webhook = Some(map.next_value()?);
                }
                "event" => {
                    if parts.typed.is_some() || parts.raw.is_some() {
                        return Err(de::Error::duplicate_field("event"));
                    }
                    let kind = match &parts.webhook {
                        Some(w) => Some(w.event_type()),
                        None => self.hint.cloned(),
                    };
                    match kind {
                        Some(kind) if !matches!(kind, EventType::Unknown(_)) => {
                            map.next_value_seed(PayloadSeed {
                                kind: &kind,
                                slot: &mut *self.slot,
                            })?;
                            parts.typed = Some(kind);
                        }
                        _ => parts.raw = Some(map.next_value()?),
                    }
                }
                _ => {
                    let value = map.next_value()?;
                    parts.extra.insert(key.into_owned(), value);
                }
            }
        }
        Ok(parts)
    }
}

/// Turns a serde_json error into [`Error::Json`], located in the whole body.
fn json_error(text: &str, e: serde_json::Error) -> Error {
    Error::Json(JsonError::new(text.as_bytes(), e))
}
