//! Optional integers and booleans that arrive as JSON values or as XML text.
//!
//! Derived `Option<i64>` would reject an empty XML element (`<jssID/>`), because the XML side
//! cannot know that the field is numeric before the inner type asks. These modules read the
//! value with `deserialize_any` instead and treat an empty (or blank) text as `None`, the same as
//! JSON `null`. A JSON string holding an integer or boolean is accepted too.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use std::fmt;

/// The newtype name with which a scalar asks the XML deserializer for one element's text: the
/// first of a repeated group, as the crate docs promise for every single-valued field. JSON
/// deserializers know no such name and hand the value over unchanged.
pub(crate) const SCALAR_TOKEN: &str = "$fleethooks_jamf::Scalar";

/// Reads a scalar (a number, boolean, time or id that may come as JSON value or XML text) with
/// `visitor`, through `deserialize_any`.
pub(crate) fn scalar<'de, D: Deserializer<'de>, V: Visitor<'de>>(
    d: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    d.deserialize_newtype_struct(SCALAR_TOKEN, Scalar(visitor))
}

/// Unwraps [`SCALAR_TOKEN`]; a deserializer that hands the value straight over reaches the
/// inner visitor as well.
struct Scalar<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Scalar<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_any(self.0)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.0.visit_bool(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_u64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.0.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.0.visit_string(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}

/// `Option<i64>` from an integer, digits as text, `null` or an empty element.
pub(crate) mod opt_i64 {
    use super::*;

    struct V;

    impl<'de> Visitor<'de> for V {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v).map(Some).map_err(|_| {
                E::invalid_value(Unexpected::Unsigned(v), &"an integer that fits in i64")
            })
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse()
                .map(Some)
                .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        super::scalar(d, V)
    }
}

/// `Option<bool>` from a boolean, `true`/`false` as text (any case), `null` or an empty element.
pub(crate) mod opt_bool {
    use super::*;

    struct V;

    impl<'de> Visitor<'de> for V {
        type Value = Option<bool>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean")
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() {
                Ok(None)
            } else if t.eq_ignore_ascii_case("true") {
                Ok(Some(true))
            } else if t.eq_ignore_ascii_case("false") {
                Ok(Some(false))
            } else {
                Err(E::invalid_value(Unexpected::Str(v), &self))
            }
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        super::scalar(d, V)
    }
}

/// `Option<Vec<String>>` from an array, a single string (one-item list) or repeated XML elements.
pub(crate) mod string_or_seq {
    use super::*;
    use serde::de::SeqAccess;

    struct V;

    impl<'de> Visitor<'de> for V {
        type Value = Option<Vec<String>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(vec![v.to_owned()]))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(2));
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(Some(out))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<String>>, D::Error> {
        d.deserialize_any(V)
    }

    /// The same, with no value read as an empty list.
    pub(crate) fn deserialize_vec<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<String>, D::Error> {
        deserialize(d).map(Option::unwrap_or_default)
    }
}

/// Seeds that read a field the way its module does, for the visitors `record!` writes.
macro_rules! seeds {
    ($( $(#[$doc:meta])* $seed:ident => $value:ty = $read:path; )*) => {
        $(
            $(#[$doc])*
            pub(crate) struct $seed;

            impl<'de> serde::de::DeserializeSeed<'de> for $seed {
                type Value = $value;
                fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$value, D::Error> {
                    $read(d)
                }
            }
        )*
    };
}

seeds! {
    /// [`opt_i64`].
    OptI64 => Option<i64> = opt_i64::deserialize;
    /// [`opt_bool`].
    OptBool => Option<bool> = opt_bool::deserialize;
    /// [`string_or_seq`].
    StringOrSeq => Option<Vec<String>> = string_or_seq::deserialize;
    /// [`string_or_seq`], no value an empty list.
    StringOrSeqVec => Vec<String> = string_or_seq::deserialize_vec;
    /// [`crate::timestamp::epoch_millis_option`].
    OptMillis => Option<chrono::DateTime<chrono::Utc>> = crate::timestamp::epoch_millis_option::deserialize;
    /// `eventTimestamp`: epoch milliseconds, or seconds below 10^11.
    EventTimestamp => Option<chrono::DateTime<chrono::Utc>> = crate::timestamp::event_time::deserialize;
}
