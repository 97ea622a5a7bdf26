//! Reading Jamf's JSON form.
//!
//! The envelope is read by hand so that `event` may come before or after `webhook`. When
//! `webhook` comes first its type is known before `event` is reached. Jamf writes `event` first,
//! though, so to stream the event straight into its type in one pass the parser takes the
//! `webhookEvent` near the end of the body as a guess. The guess is checked against the header
//! once that is read: with no guess the event is kept as a `RawValue` and read when the header
//! names its type; a wrong guess costs a second read of the body. Errors are always reported
//! from a read of the whole body, so their line, column and path are absolute.

use crate::error::{Error, Result, line_column, utf8};
use crate::event::{EventType, JamfEvent, Payload, RawEvent, UnknownEvent};
use crate::webhook::Webhook;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
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
}

pub(crate) fn parse(body: &[u8]) -> Result<JamfEvent> {
    let text = utf8(crate::strip_bom(body))?;
    let mut hint = find_hint(text.as_bytes());
    // Whether `hint` is the kind the header names (rather than a guess from the text).
    let mut confirmed = false;
    let mut payload = None;
    // Three passes at most, and only on the unhappy paths: a wrong guess, then an error
    // reported from a whole-body parse with the confirmed kind.
    for _ in 0..3 {
        let parts = match run(text, hint.as_ref(), &mut payload) {
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
                check_depth(text, raw.get())?;
                return Ok(JamfEvent::Unknown(UnknownEvent::new(
                    webhook,
                    RawEvent::Json(raw.to_owned()),
                )));
            }
            (kind, Some(read_as), _) if kind == read_as => {
                if let Some(mut event) = payload.take() {
                    event.set_webhook(webhook);
                    return Ok(event);
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
                    Ok(payload) => return Ok(payload.into_event(webhook)),
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

/// Rejects a raw event nested deeper than [`crate::MAX_DEPTH`] (counting the document's own
/// object as the first level), so that what is kept can always be converted and written back.
fn check_depth(text: &str, raw: &str) -> Result<()> {
    let base = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    // The raw event sits inside the top-level object.
    let mut depth = 1usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in raw.as_bytes().iter().enumerate() {
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
                if depth > crate::MAX_DEPTH {
                    let offset = base + i;
                    let (line, column) = line_column(text.as_bytes(), offset);
                    return Err(Error::TooDeep {
                        limit: crate::MAX_DEPTH,
                        path: path_at(text.as_bytes(), offset),
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
/// the `JamfEvent` to return with a default header: it is not moved with every return of
/// `Parts` (0.6 k of 26.2 k instructions on ComputerCheckIn), and being read in place there
/// (see [`Payload::deserialize_event`]) took the parse from 1.81 to 1.73 µs in a loop.
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
/// its object is about 150 bytes. When `webhook` comes first no hint is needed, and scanning
/// the whole body for one cost a quarter of the parse.
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
    // Jump from quote to quote backwards (SIMD `memrchr`): on ComputerCheckIn this saved
    // 0.12 k of the 26.6 k instructions the `windows` loop version took; `memmem::rfind`
    // (its set-up) and a plain reverse byte loop both cost more than the `windows` loop.
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

enum Key {
    Webhook,
    Event,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Key, E> {
                Ok(match v {
                    "webhook" => Key::Webhook,
                    "event" => Key::Event,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(V)
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
        };
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Webhook => {
                    if parts.webhook.is_some() {
                        return Err(de::Error::duplicate_field("webhook"));
                    }
                    parts.webhook = Some(map.next_value()?);
                }
                Key::Event => {
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
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(parts)
    }
}

/// Turns a serde_json error into [`Error::Json`] with the path of the field being read.
fn json_error(text: &str, e: serde_json::Error) -> Error {
    let (line, column) = (e.line(), e.column());
    let offset = offset_of(text.as_bytes(), line, column);
    let full = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    // serde_json reports column 0 for an error found before reading the first byte of a line.
    let (line, column) = if line == 0 {
        line_column(text.as_bytes(), offset)
    } else {
        (line, column.max(1))
    };
    Error::Json {
        path: path_at(text.as_bytes(), offset),
        line,
        column,
        message,
        source: e,
    }
}

/// Byte offset just past serde_json's (1-based line, column) position.
fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    if line == 0 {
        return text.len();
    }
    let mut start = 0;
    for _ in 1..line {
        match text
            .get(start..)
            .and_then(|t| t.iter().position(|&b| b == b'\n'))
        {
            Some(p) => start += p + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

/// The dotted path (`event.computer.jssID`, `event.groupAddedDevicesIds[2]`) of the value being
/// read at `offset`, found by scanning the JSON text up to there.
fn path_at(text: &[u8], offset: usize) -> String {
    enum Frame {
        Object { key: Option<String>, in_value: bool },
        Array { index: usize },
    }
    let text = text.get(..offset).unwrap_or(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'{' => stack.push(Frame::Object {
                key: None,
                in_value: false,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while let Some(&c) = text.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                if let Some(Frame::Object {
                    key,
                    in_value: false,
                }) = stack.last_mut()
                {
                    let raw = text.get(start..i.min(text.len())).unwrap_or_default();
                    *key = Some(String::from_utf8_lossy(raw).into_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        "(root)".to_owned()
    } else {
        path
    }
}
