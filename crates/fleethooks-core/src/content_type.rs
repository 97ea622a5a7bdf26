//! Reading a `Content-Type` header value.

/// What a `Content-Type` says about a webhook body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MediaType {
    /// `application/json`, `text/json` or any `+json` type.
    Json,
    /// `application/xml`, `text/xml` or any `+xml` type.
    Xml,
    /// Anything else (`text/plain`, `application/x-www-form-urlencoded`, …).
    Other,
}

impl MediaType {
    /// Classifies a `Content-Type` value. Parameters (`; charset=utf-8`) and surrounding
    /// blanks are ignored, and the comparison ignores ASCII case, as RFC 9110 says.
    ///
    /// ```
    /// use fleethooks_core::MediaType;
    ///
    /// assert_eq!(MediaType::of("application/json; charset=UTF-8"), MediaType::Json);
    /// assert_eq!(MediaType::of("Text/XML"), MediaType::Xml);
    /// assert_eq!(MediaType::of("application/vnd.jamf+xml"), MediaType::Xml);
    /// assert_eq!(MediaType::of("text/plain"), MediaType::Other);
    /// ```
    #[must_use]
    pub fn of(content_type: &str) -> Self {
        let essence = essence(content_type);
        let is = |t: &str| essence.eq_ignore_ascii_case(t);
        let ends = |suffix: &str| {
            essence.len() > suffix.len()
                && essence
                    .get(essence.len() - suffix.len()..)
                    .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
        };
        if is("application/json") || is("text/json") || ends("+json") {
            Self::Json
        } else if is("application/xml") || is("text/xml") || ends("+xml") {
            Self::Xml
        } else {
            Self::Other
        }
    }
}

/// The `type/subtype` part of a `Content-Type` value, without parameters or blanks.
///
/// ```
/// assert_eq!(fleethooks_core::content_type::essence(" text/xml ;charset=utf-8"), "text/xml");
/// ```
#[must_use]
pub fn essence(content_type: &str) -> &str {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| c == ' ' || c == '\t')
}
