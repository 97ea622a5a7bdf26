//! A serde `Deserializer` over the element tree, applying Jamf's XML mapping rules.
//!
//! * An element's text is handed over as a string; numbers and booleans are parsed from it when
//!   the model asks for one (`deserialize_i64` parses `<jssID>52</jssID>`).
//! * A struct or map reads the child elements as fields. Children repeating a name are grouped:
//!   a sequence field receives all of them (one element is a one-item sequence), a scalar field
//!   the first.
//! * An empty element is an empty string. Fields that are optional numbers, booleans or
//!   timestamps read an empty element as `None` (see `scalar.rs`).
//! * `deserialize_any` gives a map for an element with children, a sequence for a repeated group,
//!   and a string otherwise; the XML side has no numbers, so nothing is guessed.
//! * A [`GroupMember`](crate::GroupMember) (newtype name `MEMBER_TOKEN`) gets its element's
//!   text, or, for an element with children, a two-item sequence of the same element: one try
//!   as the record and one as a plain value if the record does not fit. The tree can be read
//!   twice where a streaming deserializer could not.

use super::tree::{NONE, Tree};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A deserialization error and the element it arose in.
#[derive(Debug)]
pub(crate) struct DeError {
    pub(crate) message: String,
    pub(crate) node: Option<u32>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            message: msg.to_string(),
            node: None,
        }
    }
}

trait At<T> {
    fn at(self, node: u32) -> Result<T, DeError>;
}

impl<T> At<T> for Result<T, DeError> {
    /// Records the innermost element an error came from; outer elements leave it alone.
    fn at(self, node: u32) -> Result<T, DeError> {
        self.map_err(|mut e| {
            if e.node.is_none() {
                e.node = Some(node);
            }
            e
        })
    }
}

/// One element, or the group of same-named siblings starting at it (a field's value).
#[derive(Clone, Copy)]
pub(crate) struct Value<'t, 'a> {
    tree: &'t Tree<'a>,
    node: u32,
    group: bool,
}

impl<'t, 'a> Value<'t, 'a> {
    pub(crate) fn new(tree: &'t Tree<'a>, node: u32) -> Self {
        Self {
            tree,
            node,
            group: false,
        }
    }

    /// The group of same-named siblings starting at `node`, as a member's value.
    pub(crate) fn group(tree: &'t Tree<'a>, node: u32) -> Self {
        Self {
            tree,
            node,
            group: true,
        }
    }

    fn has_children(&self) -> bool {
        self.tree
            .node(self.node)
            .is_some_and(|n| n.first_child != NONE)
    }

    /// Whether the group has more than this one element.
    fn repeats(&self) -> bool {
        if !self.group {
            return false;
        }
        let Some(n) = self.tree.node(self.node) else {
            return false;
        };
        let mut c = n.next_sibling;
        while let Some(s) = self.tree.node(c) {
            if s.name == n.name {
                return true;
            }
            c = s.next_sibling;
        }
        false
    }

    fn text(&self) -> Result<&'t Cow<'a, str>, DeError> {
        let n = self
            .tree
            .node(self.node)
            .ok_or_else(|| de::Error::custom("missing element"))?;
        if n.first_child != NONE {
            return Err(de::Error::custom("expected text, found child elements"));
        }
        Ok(&n.text)
    }

    fn visit_text<V: Visitor<'a>>(&self, visitor: V) -> Result<V::Value, DeError> {
        match self.text()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_str(s),
        }
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, DeError> {
        let text = self.text()?;
        text.trim().parse().map_err(|_| {
            if text.is_empty() {
                de::Error::custom(format_args!("expected {what}, found an empty element"))
            } else {
                de::Error::custom(format_args!("expected {what}, found `{text}`"))
            }
        })
    }
}

macro_rules! parse_number {
    ($($method:ident => $visit:ident($ty:ty, $what:literal),)*) => {
        $(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
                let n: $ty = self.parse($what).at(self.node)?;
                visitor.$visit(n).at(self.node)
            }
        )*
    };
}

impl<'a> de::Deserializer<'a> for Value<'_, 'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        // Generic values (unknown members, and the few fields read as "any") are where names
        // this crate could not write again would be kept, so only their names are checked,
        // not every element's while the tree is built.
        if self.tree.check_names {
            let name = self.tree.name(self.node);
            if !super::is_name(name) {
                return Err(de::Error::custom(format_args!(
                    "`{name}` is not an XML element name"
                )))
                .at(self.node);
            }
        }
        if self.repeats() {
            self.deserialize_seq(visitor)
        } else if self.has_children() {
            self.deserialize_map(visitor)
        } else {
            self.visit_text(visitor).at(self.node)
        }
    }

    parse_number! {
        deserialize_i8 => visit_i8(i8, "an integer"),
        deserialize_i16 => visit_i16(i16, "an integer"),
        deserialize_i32 => visit_i32(i32, "an integer"),
        deserialize_i64 => visit_i64(i64, "an integer"),
        deserialize_u8 => visit_u8(u8, "a non-negative integer"),
        deserialize_u16 => visit_u16(u16, "a non-negative integer"),
        deserialize_u32 => visit_u32(u32, "a non-negative integer"),
        deserialize_u64 => visit_u64(u64, "a non-negative integer"),
        deserialize_f32 => visit_f32(f32, "a number"),
        deserialize_f64 => visit_f64(f64, "a number"),
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let text = self.text().at(self.node)?;
        let t = text.trim();
        let b = if t.eq_ignore_ascii_case("true") || t == "1" {
            true
        } else if t.eq_ignore_ascii_case("false") || t == "0" {
            false
        } else {
            return Err(de::Error::custom(format_args!(
                "expected a boolean, found `{text}`"
            )))
            .at(self.node);
        };
        visitor.visit_bool(b).at(self.node)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_text(visitor).at(self.node)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_text(visitor).at(self.node)
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_text(visitor).at(self.node)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_text(visitor).at(self.node)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_text(visitor).at(self.node)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        // A present element is a value; absence is handled by `#[serde(default)]`.
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit().at(self.node)
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_unit().at(self.node)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == crate::scalar::SCALAR_TOKEN {
            // A single-valued field reads the first of a repeated group.
            let first = Value {
                group: false,
                ..self
            };
            return visitor.visit_newtype_struct(first).at(self.node);
        }
        if name == crate::smart_group::MEMBER_TOKEN {
            if self.has_children() {
                let twice = Replay {
                    value: Value {
                        group: false,
                        ..self
                    },
                    left: 2,
                };
                return visitor.visit_seq(twice).at(self.node);
            }
            return self.visit_text(visitor).at(self.node);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let first = if self.group { self.node } else { NONE };
        let seq = Group {
            tree: self.tree,
            next: first,
            single: (!self.group).then_some(self.node),
        };
        visitor.visit_seq(seq).at(self.node)
    }

    fn deserialize_tuple<V: Visitor<'a>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        let first = self.tree.node(self.node).map_or(NONE, |n| n.first_child);
        let map = Children {
            tree: self.tree,
            first,
            next: first,
            current: NONE,
            seen: 0,
        };
        visitor.visit_map(map).at(self.node)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        // Only unit variants have an XML form here: the variant name as the element's text.
        let text = self.text().at(self.node)?;
        visitor
            .visit_enum(text.as_ref().into_deserializer())
            .at(self.node)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_text(visitor).at(self.node)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// The child elements of one element, as map entries keyed by element name.
struct Children<'t, 'a> {
    tree: &'t Tree<'a>,
    first: u32,
    next: u32,
    current: u32,
    /// A 64-bit filter of names already given out, so that the scan for an earlier sibling of
    /// the same name (which was handed over as a group) runs only when a name may repeat.
    seen: u64,
}

fn name_bit(name: &str) -> u64 {
    // Length and last byte tell Jamf's sibling names apart well; the multiplier was chosen for
    // few collisions over the sibling lists of all the fixtures.
    let b = name.as_bytes();
    let h = b
        .len()
        .wrapping_mul(13)
        .wrapping_add(usize::from(b.last().copied().unwrap_or(0)));
    1u64 << (h % 64)
}

impl Children<'_, '_> {
    /// Whether an earlier sibling than `idx` has the same name.
    fn earlier_twin(&self, idx: u32, name: &str) -> bool {
        let mut c = self.first;
        while c != idx {
            let Some(n) = self.tree.node(c) else {
                return false;
            };
            if n.name == name {
                return true;
            }
            c = n.next_sibling;
        }
        false
    }
}

impl<'a> MapAccess<'a> for Children<'_, 'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        while let Some(n) = self.tree.node(self.next) {
            let idx = self.next;
            self.next = n.next_sibling;
            // A name given out before was handed over with its first element, as a group.
            let bit = name_bit(n.name);
            if self.seen & bit != 0 && self.earlier_twin(idx, n.name) {
                continue;
            }
            self.seen |= bit;
            self.current = idx;
            let key: de::value::BorrowedStrDeserializer<'a, DeError> =
                de::value::BorrowedStrDeserializer::new(n.name);
            return seed.deserialize(key).map(Some).at(idx);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        seed.deserialize(Value {
            tree: self.tree,
            node: self.current,
            group: true,
        })
    }
}

/// The elements of a group (all siblings sharing the first one's name), or a single element
/// read as a one-item sequence.
struct Group<'t, 'a> {
    tree: &'t Tree<'a>,
    next: u32,
    single: Option<u32>,
}

impl<'a> SeqAccess<'a> for Group<'_, 'a> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        if let Some(only) = self.single.take() {
            return seed
                .deserialize(Value {
                    tree: self.tree,
                    node: only,
                    group: false,
                })
                .map(Some);
        }
        let Some(n) = self.tree.node(self.next) else {
            return Ok(None);
        };
        let idx = self.next;
        // Move to the next sibling with the same name.
        let mut c = n.next_sibling;
        self.next = NONE;
        while let Some(s) = self.tree.node(c) {
            if s.name == n.name {
                self.next = c;
                break;
            }
            c = s.next_sibling;
        }
        seed.deserialize(Value {
            tree: self.tree,
            node: idx,
            group: false,
        })
        .map(Some)
    }
}

/// One element handed over `left` more times, so that a failed read can be tried again.
struct Replay<'t, 'a> {
    value: Value<'t, 'a>,
    left: u8,
}

impl<'a> SeqAccess<'a> for Replay<'_, 'a> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(self.value).map(Some)
    }
}
