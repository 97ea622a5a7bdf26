//! Reading and writing Jamf's XML form.
//!
//! Reading builds a small tree of borrowed slices with quick-xml's event reader ([`tree`]), then
//! runs the same `#[derive(Deserialize)]` models over it through a serde `Deserializer` that
//! applies Jamf's mapping rules ([`de`]). Writing goes through a serde `Serializer` ([`ser`]).

pub(crate) mod de;
pub(crate) mod ser;
pub(crate) mod tree;

use crate::Extra;
use crate::error::{Error, Result, utf8};
use crate::event::{JamfEvent, Payload, RawEvent, UnknownEvent};
use crate::webhook::Webhook;
use fleethooks_core::json::line_column;
use serde::Deserialize;
use tree::Tree;

pub(crate) use ser::{write_envelope, write_unknown};

pub(crate) fn parse(body: &[u8]) -> Result<JamfEvent> {
    let text = utf8(fleethooks_core::strip_bom(body))?;
    // XML 1.0 has no U+0000, and no XML could carry it back out. The whole body is scanned,
    // so with the `memchr` crate's SIMD scan.
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        let (line, column) = line_column(text.as_bytes(), at);
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
    let extra = root_extra(&tree, root)?;
    let kind = webhook.event_type();
    if let crate::EventType::Unknown(_) = kind {
        let raw = tree.raw(event).to_owned();
        let mut event = UnknownEvent::new(webhook, RawEvent::Xml(raw));
        event.extra = extra;
        return Ok(JamfEvent::Unknown(event));
    }
    let mut event = Payload::deserialize(&kind, de::Value::new(&tree, event))
        .map_err(|e| tree.value_error(e))?
        .into_event(webhook);
    event.set_extra(extra);
    Ok(event)
}

/// The children of `<JSSEvent>` other than `<webhook>` and `<event>`, by the generic rules
/// (repeated elements an array).
fn root_extra(tree: &Tree<'_>, root: u32) -> Result<Extra> {
    let mut extra = Extra::new();
    let mut child = tree.node(root).map_or(tree::NONE, |n| n.first_child);
    while let Some(node) = tree.node(child) {
        let name = node.name;
        if name != "webhook" && name != "event" && !extra.contains_key(name) {
            let value = serde_json::Value::deserialize(de::Value::group(tree, child))
                .map_err(|e| tree.value_error(e))?;
            extra.insert(name.to_owned(), value);
        }
        child = node.next_sibling;
    }
    Ok(extra)
}

/// Whether `name` is an XML element name as this crate writes them: letters, digits, `_`, `-`,
/// `.`, not starting with a digit, `-` or `.`; no `:`, which would need a namespace. quick-xml
/// reads names more loosely, so reading checks this too for the elements kept as generic values
/// (unknown members), which must be writable; the names of modelled fields are known good.
pub(crate) fn is_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    // Jamf's names are ASCII: a table lookup per byte for those, rather than comparing each
    // byte with the classes, and the `char` rules only for other names.
    let ascii = bytes
        .first()
        .is_some_and(|&b| NAME_BYTE[usize::from(b)] == START)
        && bytes.iter().all(|&b| NAME_BYTE[usize::from(b)] != NOT);
    ascii || {
        let mut chars = name.chars();
        chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
    }
}

/// XML 1.0's `NameStartChar`, less `:` (a namespace prefix is not part of a local name).
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0's `NameChar`, less `:`.
fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// What an ASCII byte may be in a name: not in one, anywhere but first, or anywhere.
const NOT: u8 = 0;
const LATER: u8 = 1;
const START: u8 = 2;

const NAME_BYTE: [u8; 256] = {
    let mut table = [NOT; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() || c == b'_' {
            START
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            LATER
        } else {
            NOT
        };
        b += 1;
    }
    table
};

/// Converts the raw `<event>` of an unknown XML event to JSON by the generic mapping rules.
pub(crate) fn raw_to_json(raw: &str) -> Result<serde_json::Value> {
    let mut tree = Tree::parse(raw)?;
    // An unknown event keeps its raw XML for writing XML; JSON takes any name.
    tree.check_names = false;
    let root = tree
        .root()
        .ok_or_else(|| tree.structure_error(None, "no root element"))?;
    serde_json::Value::deserialize(de::Value::new(&tree, root)).map_err(|e| tree.value_error(e))
}
