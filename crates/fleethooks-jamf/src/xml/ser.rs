//! A serde `Serializer` writing Jamf's XML form.
//!
//! Each value is written as an element named after the field that holds it: a struct or map as
//! an element of child elements, a sequence as the same element repeated, `None`/`null` as no
//! element at all, scalars as escaped text.

use super::is_name;
use crate::Extra;
use crate::error::{Error, Result};
use crate::event::{RawEvent, UnknownEvent};
use crate::webhook::Webhook;
use serde::ser::{self, Serialize, Serializer};
use std::fmt::{self, Write as _};

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

pub(crate) fn write_envelope<T: Serialize>(
    webhook: &Webhook,
    event: &T,
    extra: &Extra,
) -> Result<String> {
    let mut out = String::with_capacity(2048);
    out.push_str(DECL);
    out.push_str("<JSSEvent>");
    write_element(&mut out, "webhook", webhook)?;
    write_element(&mut out, "event", event)?;
    write_extra(&mut out, extra)?;
    out.push_str("</JSSEvent>");
    Ok(out)
}

/// The delivery's members beside `<webhook>` and `<event>`, after them.
fn write_extra(out: &mut String, extra: &Extra) -> Result<()> {
    for (name, value) in extra.iter() {
        if name != "webhook" && name != "event" {
            write_element(out, name, value)?;
        }
    }
    Ok(())
}

pub(crate) fn write_unknown(event: &UnknownEvent) -> Result<String> {
    let mut out = String::with_capacity(2048);
    out.push_str(DECL);
    out.push_str("<JSSEvent>");
    write_element(&mut out, "webhook", &event.webhook)?;
    match &event.event {
        RawEvent::Xml(raw) => out.push_str(raw),
        RawEvent::Json(raw) => {
            let value: serde_json::Value =
                serde_json::from_str(raw.get()).map_err(Error::JsonWrite)?;
            let before = out.len();
            write_element(&mut out, "event", &value)?;
            if out.len() == before || !(value.is_object() || value.is_string()) {
                // `null`, a number, a boolean or an array has no single-element form; keep one
                // `<event>` so the document still reads back, holding the value's JSON text. A
                // string is its text, as any scalar is: its JSON text would gain a pair of
                // quotes on every trip through XML.
                out.truncate(before);
                out.push_str("<event>");
                escape_into(&mut out, raw.get(), "event").map_err(into_error)?;
                out.push_str("</event>");
            }
        }
    }
    write_extra(&mut out, &event.extra)?;
    out.push_str("</JSSEvent>");
    Ok(out)
}

fn write_element<T: Serialize + ?Sized>(out: &mut String, name: &str, value: &T) -> Result<()> {
    value.serialize(Element { out, name }).map_err(into_error)
}

fn into_error(e: SerError) -> Error {
    match e {
        SerError::Name(name) => Error::XmlName { name },
        SerError::Nul(path) => Error::XmlNul { path },
        SerError::Custom(message) => Error::XmlWrite { message },
    }
}

/// Escapes text content. `>` is escaped so that `]]>` cannot appear; control characters and CR
/// become character references so they survive a read (which would normalize CR to LF).
fn escape_into(out: &mut String, text: &str, path: &str) -> Result<(), SerError> {
    let mut rest = text;
    while let Some(i) = rest
        .find(|c: char| matches!(c, '<' | '>' | '&') || (c.is_control() && c != '\n' && c != '\t'))
    {
        let (plain, tail) = rest.split_at(i);
        out.push_str(plain);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\0' => return Err(SerError::Nul(path.to_owned())),
            c => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    Ok(())
}

#[derive(Debug)]
pub(crate) enum SerError {
    Name(String),
    Nul(String),
    Custom(String),
}

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Name(n) => write!(f, "`{n}` is not an XML name"),
            Self::Nul(p) => write!(f, "U+0000 in `{p}`"),
            Self::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
    }
}

/// Writes one value as the element `name`.
struct Element<'o, 'n> {
    out: &'o mut String,
    name: &'n str,
}

impl<'o> Element<'o, '_> {
    fn open(&mut self) -> Result<(), SerError> {
        if !is_name(self.name) {
            return Err(SerError::Name(self.name.to_owned()));
        }
        self.out.push('<');
        self.out.push_str(self.name);
        self.out.push('>');
        Ok(())
    }

    fn close(&mut self) {
        self.out.push_str("</");
        self.out.push_str(self.name);
        self.out.push('>');
    }

    fn text(mut self, text: &str) -> Result<(), SerError> {
        self.open()?;
        escape_into(self.out, text, self.name)?;
        self.close();
        Ok(())
    }

    fn display(self, value: impl fmt::Display) -> Result<(), SerError> {
        self.text(&value.to_string())
    }
}

impl<'o, 'n> Serializer for Element<'o, 'n> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = Repeated<'o, 'n>;
    type SerializeTuple = Repeated<'o, 'n>;
    type SerializeTupleStruct = Repeated<'o, 'n>;
    type SerializeTupleVariant = Repeated<'o, 'n>;
    type SerializeMap = Children<'o, 'n>;
    type SerializeStruct = Children<'o, 'n>;
    type SerializeStructVariant = Children<'o, 'n>;

    fn serialize_bool(self, v: bool) -> Result<(), SerError> {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        self.display(v)
    }
    fn serialize_char(self, v: char) -> Result<(), SerError> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), SerError> {
        self.text(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), SerError> {
        self.text(&String::from_utf8_lossy(v))
    }
    fn serialize_none(self) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), SerError> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Repeated<'o, 'n>, SerError> {
        Ok(Repeated {
            out: self.out,
            name: self.name,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Repeated<'o, 'n>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Repeated<'o, 'n>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        len: usize,
    ) -> Result<Repeated<'o, 'n>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(mut self, _len: Option<usize>) -> Result<Children<'o, 'n>, SerError> {
        self.open()?;
        Ok(Children {
            out: self.out,
            name: self.name,
            key: String::new(),
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Children<'o, 'n>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        len: usize,
    ) -> Result<Children<'o, 'n>, SerError> {
        self.serialize_map(Some(len))
    }
}

/// A sequence: each item is written as the same element again.
struct Repeated<'o, 'n> {
    out: &'o mut String,
    name: &'n str,
}

impl Repeated<'_, '_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        value.serialize(Element {
            out: self.out,
            name: self.name,
        })
    }
}

impl ser::SerializeSeq for Repeated<'_, '_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.item(value)
    }
    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Repeated<'_, '_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.item(value)
    }
    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Repeated<'_, '_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.item(value)
    }
    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Repeated<'_, '_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.item(value)
    }
    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

/// A struct or map: the element holds one child element per field or entry.
struct Children<'o, 'n> {
    out: &'o mut String,
    name: &'n str,
    key: String,
}

impl Children<'_, '_> {
    fn finish(self) {
        self.out.push_str("</");
        self.out.push_str(self.name);
        self.out.push('>');
    }
}

impl ser::SerializeStruct for Children<'_, '_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(Element {
            out: self.out,
            name: key,
        })
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStructVariant for Children<'_, '_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(Element {
            out: self.out,
            name: key,
        })
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeMap for Children<'_, '_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        // One buffer for every key of the map: records are written as maps (to carry their
        // unknown members), and a `String` per field name would be an allocation per element.
        self.key.clear();
        key.serialize(KeyName(&mut self.key))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        value.serialize(Element {
            out: self.out,
            name: &self.key,
        })
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

/// Map keys must be strings; they become element names, written into the map's key buffer.
struct KeyName<'k>(&'k mut String);

impl Serializer for KeyName<'_> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = ser::Impossible<(), SerError>;
    type SerializeTuple = ser::Impossible<(), SerError>;
    type SerializeTupleStruct = ser::Impossible<(), SerError>;
    type SerializeTupleVariant = ser::Impossible<(), SerError>;
    type SerializeMap = ser::Impossible<(), SerError>;
    type SerializeStruct = ser::Impossible<(), SerError>;
    type SerializeStructVariant = ser::Impossible<(), SerError>;

    fn serialize_str(self, v: &str) -> Result<(), SerError> {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_bool(self, _v: bool) -> Result<(), SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_i8(self, v: i8) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        Err(SerError::Name(v.to_string()))
    }
    fn serialize_char(self, v: char) -> Result<(), SerError> {
        self.0.push(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), SerError> {
        self.0.push_str(&String::from_utf8_lossy(v));
        Ok(())
    }
    fn serialize_none(self) -> Result<(), SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
    ) -> Result<(), SerError> {
        self.0.push_str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(ser::Error::custom("map keys must be strings"))
    }
}
