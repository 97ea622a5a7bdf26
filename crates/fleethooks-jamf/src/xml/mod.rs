//! Reading and writing Jamf's XML form.
//!
//! Reading builds a small tree of borrowed slices with quick-xml's event reader ([`tree`]), then
//! runs the same `#[derive(Deserialize)]` models over it through a serde `Deserializer` that
//! applies Jamf's mapping rules ([`de`]). Writing goes through a serde `Serializer` ([`ser`]).

pub(crate) mod de;
pub(crate) mod ser;
pub(crate) mod tree;

use crate::error::{Error, Result, utf8};
use crate::event::{JamfEvent, Payload, RawEvent, UnknownEvent};
use crate::webhook::Webhook;
use serde::Deserialize;
use tree::Tree;

pub(crate) use ser::{write_envelope, write_unknown};

pub(crate) fn parse(body: &[u8]) -> Result<JamfEvent> {
    let text = utf8(crate::strip_bom(body))?;
    // XML 1.0 has no U+0000, and no XML could carry it back out.
    // The `memchr` crate's SIMD scan: `<[u8]>::contains` (core's word-at-a-time memchr) cost
    // 1.4 k of the 58 k instructions a ComputerCheckIn parse took; this costs about 0.1 k.
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        let (line, column) = crate::error::line_column(text.as_bytes(), at);
        let message = "U+0000 is not allowed in XML".to_owned();
        return Err(Error::XmlStructure {
            path: "/".to_owned(),
            line,
            column,
            message,
        });
    }
    // quick-xml would skip a second BOM and shift every offset after it; it is text before the
    // root anyway.
    if text.starts_with('\u{FEFF}') {
        let message = "text outside the root element".to_owned();
        return Err(Error::XmlStructure {
            path: "/".to_owned(),
            line: 1,
            column: 1,
            message,
        });
    }
    let tree = Tree::parse(text)?;
    let root = tree
        .root()
        .ok_or_else(|| tree.structure_error(None, "no root element"))?;
    let root_name = tree.name(root);
    if root_name != "JSSEvent" {
        return Err(Error::XmlRoot {
            found: root_name.to_owned(),
        });
    }
    let webhook = tree.child(root, "webhook").ok_or(Error::MissingWebhook)?;
    let webhook =
        Webhook::deserialize(de::Value::new(&tree, webhook)).map_err(|e| tree.value_error(e))?;
    if webhook.webhook_event.is_empty() {
        return Err(Error::MissingEventType);
    }
    let Some(event) = tree.child(root, "event") else {
        return Err(Error::MissingEvent {
            event_type: webhook.webhook_event,
        });
    };
    let kind = webhook.event_type();
    if let crate::EventType::Unknown(_) = kind {
        let raw = tree.raw(event).to_owned();
        return Ok(JamfEvent::Unknown(UnknownEvent::new(
            webhook,
            RawEvent::Xml(raw),
        )));
    }
    let payload = Payload::deserialize(&kind, de::Value::new(&tree, event))
        .map_err(|e| tree.value_error(e))?;
    Ok(payload.into_event(webhook))
}

/// Converts the raw `<event>` of an unknown XML event to JSON by the generic mapping rules.
pub(crate) fn raw_to_json(raw: &str) -> Result<serde_json::Value> {
    let tree = Tree::parse(raw)?;
    let root = tree
        .root()
        .ok_or_else(|| tree.structure_error(None, "no root element"))?;
    serde_json::Value::deserialize(de::Value::new(&tree, root)).map_err(|e| tree.value_error(e))
}
