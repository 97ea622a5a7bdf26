//! Open sets of vendor values: known values as variants, anything else kept as sent.
//!
//! Vendors add values (a new priority, a new event type) without notice, so every value set is
//! an enum with a last variant `Unknown(String)` that keeps the text as it came and writes it
//! back unchanged. Every crate matches vendor values by one rule, [`same_name`]: ASCII case is
//! ignored, and so are the separators `-`, `_` and space, so `Auto-Resolved`, `auto_resolved`
//! and `AUTO RESOLVED` are one status, and `MobileDeviceUnEnrolled` is
//! `MobileDeviceUnenrolled`. A known value is written back in the vendor's documented
//! spelling.

/// Whether `text` names the vendor value `canonical`: equal ignoring ASCII case and the
/// separators `-`, `_` and space.
///
/// ```
/// use fleethooks_core::vendor::same_name;
///
/// assert!(same_name("Auto-Resolved", "Auto-Resolved"));
/// assert!(same_name("auto_resolved", "Auto-Resolved"));
/// assert!(same_name("MobileDeviceUnenrolled", "MobileDeviceUnEnrolled"));
/// assert!(!same_name("machine.online", "machine.offline"));
/// ```
#[must_use]
pub fn same_name(text: &str, canonical: &str) -> bool {
    // The common case, an exact or case-only difference, without the filtering walk.
    if text.len() == canonical.len() && text.eq_ignore_ascii_case(canonical) {
        return true;
    }
    fn letters(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(|b| !matches!(b, b'-' | b'_' | b' '))
            .map(|b| b.to_ascii_lowercase())
    }
    letters(text).eq(letters(canonical))
}

/// Defines an open vendor value set: the known values, `Unknown(String)` for the rest, matching
/// by [`same_name`], `as_str`, `Display`, `FromStr` (never fails), `From<&str>`, and serde in
/// the vendor's spelling. Deserializing asks for a string, so it works for JSON and for XML
/// text alike.
///
/// ```
/// fleethooks_core::vendor_enum! {
///     /// How urgent an alert is.
///     pub enum Priority expecting "a priority such as \"High\"" {
///         /// `High`.
///         High => "High",
///         /// `Low`.
///         Low => "Low",
///     }
/// }
///
/// assert_eq!("high".parse::<Priority>(), Ok(Priority::High));
/// assert_eq!(Priority::from("Urgent"), Priority::Unknown("Urgent".to_owned()));
/// assert_eq!(Priority::Unknown("Urgent".to_owned()).as_str(), "Urgent");
/// assert_eq!(serde_json::to_string(&Priority::Low)?, r#""Low""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! vendor_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident expecting $expecting:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as sent and written back
            /// unchanged.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every known value, in the order the vendor documents them.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The documented spelling of a known value, or the unknown text as sent.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Unknown(text) => text,
                }
            }

            /// The known value `text` names (see [`same_name`]($crate::vendor::same_name)),
            /// or `None`.
            #[must_use]
            pub fn known(text: &str) -> ::std::option::Option<Self> {
                $(
                    if $crate::vendor::same_name(text, $text) {
                        return ::std::option::Option::Some(Self::$variant);
                    }
                )+
                ::std::option::Option::None
            }

            /// Whether this is a documented value rather than [`Unknown`](Self::Unknown).
            #[must_use]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            /// Never fails: an unknown value becomes `Unknown`.
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::known(text).unwrap_or_else(|| Self::Unknown(text.to_owned()))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;

                impl $crate::__private::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        text: &str,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(text))
                    }

                    fn visit_string<E: $crate::__private::serde::de::Error>(
                        self,
                        text: ::std::string::String,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok(
                            $name::known(&text).unwrap_or($name::Unknown(text)),
                        )
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}
