//! How a Jamf object is declared: typed fields plus [`Extra`](crate::Extra) for the members no
//! field names, with serde written out by [`record!`] rather than derived.
//!
//! Derived serde would drop unknown members; `#[serde(flatten)]` would keep them but buffers
//! every member in serde's `Content` tree first (the allocations of a `serde_json::Value`, the
//! baseline the JSON bench must beat) and breaks the XML deserializer's primitives. The visitor
//! [`record!`] writes matches each key once, reads a known member straight into its field and
//! reads only unknown members as `serde_json::Value`, so an event without unknown members costs
//! what the derived code did.

use crate::Extra;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// An object key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// A type declared with [`record!`].
pub(crate) trait Record: Default {
    /// What its visitor says it expected, `struct Computer`.
    const EXPECTING: &'static str;

    /// Reads the value of `key` into its field if a field has that name (or alias), failing on
    /// a repeat as derived serde does; `false` leaves the value unread. `seen` holds one bit per
    /// field already read.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        seen: &mut u64,
    ) -> Result<bool, A::Error>;

    /// The unknown members.
    fn extra_mut(&mut self) -> &mut Extra;
}

/// Fills a record in place from a map: known members into their fields, the rest into `extra`
/// (a repeated unknown key keeps its last value, as `serde_json::Value` does).
pub(crate) struct Fill<'p, T>(pub(crate) &'p mut T);

impl<'de, T: Record> Visitor<'de> for Fill<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = 0u64;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if !self.0.read_member(key.as_str(), &mut map, &mut seen)? {
                let value: serde_json::Value = map.next_value()?;
                self.0.extra_mut().insert(key.into_owned(), value);
            }
        }
        Ok(())
    }
}

/// Fills `place`, which holds the default, from `d`.
pub(crate) fn fill<'de, D: Deserializer<'de>, T: Record>(
    d: D,
    place: &mut T,
) -> Result<(), D::Error> {
    d.deserialize_map(Fill(place))
}

/// Reading into a value known to hold its default, as `JamfEvent`s are built in place: what
/// serde's `deserialize_in_place` would do, without first resetting (and dropping) the place.
pub(crate) trait FillFresh: Sized {
    /// Fills `place`, which holds `Self::default()`.
    fn fill_fresh<'de, D: Deserializer<'de>>(d: D, place: &mut Self) -> Result<(), D::Error>;
}

/// Whether a value holds anything kept as generic JSON (an unknown member, an odd item of a
/// device list), whose nesting no model bounds: only then is a JSON body's depth checked.
pub(crate) trait Keeps {
    fn keeps(&self) -> bool;
}

macro_rules! keeps_nothing {
    ($($ty:ty),*) => { $( impl Keeps for $ty { fn keeps(&self) -> bool { false } } )* };
}

keeps_nothing!(
    String,
    i64,
    bool,
    crate::Identifier,
    chrono::DateTime<chrono::Utc>
);

impl<T: Keeps> Keeps for Option<T> {
    fn keeps(&self) -> bool {
        self.as_ref().is_some_and(Keeps::keeps)
    }
}

impl<T: Keeps> Keeps for Vec<T> {
    fn keeps(&self) -> bool {
        self.iter().any(Keeps::keeps)
    }
}

/// Declares a Jamf object: the struct (with `extra`), [`Record`], `Serialize` and, unless
/// `custom_deserialize` is given, `Deserialize` (and [`FillFresh`], for reading in place).
///
/// Each field is `name: Type = "wireName" | "alias" => read, write;` where `read` is `value`
/// (the type's own `Deserialize`) or a seed from `crate::scalar` (`OptI64`, `OptBool`,
/// `OptMillis`, `EventTimestamp`, `StringOrSeq`, `StringOrSeqVec`), and `write` is `always`
/// (`null` when `None`: the fields Jamf's document lists, which Jamf always writes) or `if_some`
/// (left out when `None`: fields the document leaves out or older servers omit; a `null` sent
/// for one is kept in `extra`).
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident expecting $expecting:literal $($custom:ident)? {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty = $wire:literal $(| $alias:literal)* => $read:ident, $write:ident;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Members this crate does not model, kept as sent and written back (see
            /// [`Extra`](crate::Extra)).
            pub extra: crate::Extra,
        }

        impl crate::record::Record for $name {
            const EXPECTING: &'static str = $expecting;

            // Inlined into the one visitor per type that calls it: a call per member, and the
            // `Result<bool, _>` it returned, cost more than the derived code's inline match.
            #[inline(always)]
            fn read_member<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
                seen: &mut u64,
            ) -> Result<bool, A::Error> {
                /// One bit of `seen` per field.
                #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
                enum Bit { $( $field, )* }
                match key {
                    $(
                        $wire $(| $alias)* => {
                            let bit = 1u64 << (Bit::$field as u32);
                            if *seen & bit != 0 {
                                return Err(<A::Error as serde::de::Error>::duplicate_field($wire));
                            }
                            *seen |= bit;
                            crate::record::record!(@read $write, self, map, key, $field, $ty, $read);
                        }
                    )*
                    _ => return Ok(false),
                }
                Ok(true)
            }

            fn extra_mut(&mut self) -> &mut crate::Extra {
                &mut self.extra
            }
        }

        impl crate::record::Keeps for $name {
            fn keeps(&self) -> bool {
                !self.extra.is_empty() $( || crate::record::Keeps::keeps(&self.$field) )*
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(None)?;
                $( crate::record::record!(@write $write, map, self, $field, $wire, $read); )*
                for (key, value) in self.extra.iter() {
                    // A member a field also writes is the field's: `null` kept for an
                    // `if_some` field that now has a value, or a user's own addition.
                    let shadowed = match key.as_str() {
                        $( $wire $(| $alias)* => crate::record::record!(@shadow $write, self, $field), )*
                        _ => false,
                    };
                    if !shadowed {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }

        crate::record::record!(@deserialize $($custom)? $name);
    };

    (@deserialize custom_deserialize $name:ident) => {};
    (@deserialize $name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut out = Self::default();
                crate::record::fill(d, &mut out)?;
                Ok(out)
            }
        }

        impl crate::record::FillFresh for $name {
            fn fill_fresh<'de, D: serde::Deserializer<'de>>(
                d: D,
                place: &mut Self,
            ) -> Result<(), D::Error> {
                crate::record::fill(d, place)
            }
        }
    };

    (@read always, $self:ident, $map:ident, $key:ident, $field:ident, $ty:ty, $read:ident) => {
        $self.$field = $map.next_value_seed(crate::record::record!(@seed $read, $ty))?;
    };
    (@read if_some, $self:ident, $map:ident, $key:ident, $field:ident, $ty:ty, $read:ident) => {
        $self.$field = $map.next_value_seed(crate::record::record!(@seed $read, $ty))?;
        if $self.$field.is_none() {
            $self.extra.insert($key.to_owned(), serde_json::Value::Null);
        }
    };

    (@seed value, $ty:ty) => { ::std::marker::PhantomData::<$ty> };
    (@seed $seed:ident, $ty:ty) => { crate::scalar::$seed };

    (@write always, $map:ident, $self:ident, $field:ident, $wire:literal, $read:ident) => {
        $map.serialize_entry($wire, crate::record::record!(@wrap $read, &$self.$field))?;
    };
    (@write if_some, $map:ident, $self:ident, $field:ident, $wire:literal, $read:ident) => {
        if $self.$field.is_some() {
            $map.serialize_entry($wire, crate::record::record!(@wrap $read, &$self.$field))?;
        }
    };

    (@wrap OptMillis, $value:expr) => { &crate::timestamp::MillisOption($value) };
    (@wrap EventTimestamp, $value:expr) => { &crate::timestamp::EventTime($value) };
    (@wrap $read:ident, $value:expr) => { $value };

    (@shadow always, $self:ident, $field:ident) => { true };
    (@shadow if_some, $self:ident, $field:ident) => { $self.$field.is_some() };
}

pub(crate) use record;
