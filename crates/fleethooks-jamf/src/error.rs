//! The one error type of this crate.

use fleethooks_core::JsonError;

/// A `Result` whose error defaults to this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a body could not be parsed as a Jamf Pro webhook event, or an event could not be written.
///
/// Every variant says *where*: JSON errors carry the JSON path (`$.event.computer.jssID`) and the
/// line and column serde_json reports; XML errors carry the element path
/// (`/JSSEvent/event/computer/jssID`) and the line and column of that element. Lines and columns
/// are 1-based; columns count bytes. [`path`](Self::path) and
/// [`line_column`](Self::line_column) give them for any variant, as in every fleethooks crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The JSON body is not valid JSON, or a value has the wrong type (a string where `jssID`
    /// needs an integer, a fractional timestamp, …): the JSON path of the value being read
    /// (`$.event.computer.jssID`, `$` for the document itself), its line and column, and what
    /// was wrong.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// The XML body is not well-formed according to quick-xml (bad tag, mismatched end tag,
    /// malformed reference, …).
    #[error("malformed XML at `{path}` (line {line}, column {column}): {source}")]
    XmlSyntax {
        /// Slash-separated path of the innermost open element.
        path: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in bytes) of the error.
        column: usize,
        /// The underlying quick-xml error.
        #[source]
        source: quick_xml::Error,
    },
    /// The XML body breaks a structural rule this crate checks itself: an element left open at
    /// the end, text or a second element after the root, an entity other than the five XML
    /// predefines.
    #[error("malformed XML at `{path}` (line {line}, column {column}): {message}")]
    XmlStructure {
        /// Slash-separated path of the element concerned.
        path: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in bytes) of the error.
        column: usize,
        /// What rule was broken.
        message: String,
    },
    /// An XML element's content does not fit the field it maps to (`<jssID>abc</jssID>`, a
    /// missing required element, …).
    #[error("invalid XML value at `{path}` (line {line}, column {column}): {message}")]
    XmlValue {
        /// Slash-separated path of the element whose content was rejected.
        path: String,
        /// 1-based line where that element starts.
        line: usize,
        /// 1-based column where that element starts.
        column: usize,
        /// What was expected and what was found.
        message: String,
    },
    /// The XML body has a `<!DOCTYPE …>`. Jamf never sends one, and refusing it rules out entity
    /// expansion attacks.
    #[error("XML document type declarations are not accepted (line {line}, column {column})")]
    DocType {
        /// 1-based line of the declaration.
        line: usize,
        /// 1-based column of the declaration.
        column: usize,
    },
    /// XML elements, or JSON objects and arrays, are nested deeper than
    /// [`MAX_DEPTH`](crate::MAX_DEPTH). Jamf's deepest payload is four levels deep.
    #[error("nested deeper than {limit} levels at `{path}` (line {line}, column {column})")]
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
        /// Path of the element, or JSON path of the object or array, that went one level too
        /// deep.
        path: String,
        /// 1-based line of that element.
        line: usize,
        /// 1-based column of that element.
        column: usize,
    },
    /// The body is not UTF-8. Jamf sends UTF-8; other encodings are not decoded.
    #[error("invalid UTF-8 at byte {offset} (line {line}, column {column})")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based column of that byte.
        column: usize,
        /// The underlying UTF-8 error.
        #[source]
        source: std::str::Utf8Error,
    },
    /// The XML root element is not `<JSSEvent>`.
    #[error("XML root element is `{found}`, expected `JSSEvent`")]
    XmlRoot {
        /// The name of the root element found.
        found: String,
    },
    /// The body has no `webhook` header object.
    #[error("missing the `webhook` header")]
    MissingWebhook,
    /// The `webhook` header has no `webhookEvent` (or an empty one), so the event type is
    /// unknown.
    #[error("missing `webhook.webhookEvent`: the event type is not given")]
    MissingEventType,
    /// The body has a header but no `event`.
    #[error("missing `event` for webhook event `{event_type}`")]
    MissingEvent {
        /// The `webhookEvent` of the header.
        event_type: String,
    },
    /// The `Content-Type` is neither JSON nor XML.
    #[error(
        "unsupported content type `{0}`: expected application/json, application/xml or text/xml"
    )]
    UnsupportedContentType(String),
    /// No `Content-Type` was given and the body starts with neither `{` nor `<`.
    #[error("body is neither JSON nor XML (first non-blank byte: {})", describe_byte(*.found))]
    UnrecognizedBody {
        /// The first byte after an optional BOM and whitespace, `None` for an empty body.
        found: Option<u8>,
    },
    /// An [`UnknownEvent`](crate::UnknownEvent) read from JSON has a key that cannot be an XML
    /// element name, so it has no XML form.
    #[error("`{name}` cannot be written as an XML element name")]
    XmlName {
        /// The offending key.
        name: String,
    },
    /// A string holds U+0000, which no XML document can carry.
    #[error("U+0000 cannot be written in XML (in `{path}`)")]
    XmlNul {
        /// Name of the element the string belongs to.
        path: String,
    },
    /// Writing XML failed for a reason other than a name or U+0000 (a value with no XML form).
    #[error("could not write XML: {message}")]
    XmlWrite {
        /// What could not be written.
        message: String,
    },
    /// Writing JSON failed (only possible for an [`UnknownEvent`](crate::UnknownEvent) read
    /// from XML whose raw text no longer parses).
    #[error("could not write JSON: {0}")]
    JsonWrite(#[source] serde_json::Error),
}

impl Error {
    /// Where in the body the error was found: the JSON path (`$.event.computer.jssID`) of a
    /// [`Json`](Self::Json) or JSON [`TooDeep`](Self::TooDeep) error, the element path
    /// (`/JSSEvent/event/computer/jssID`) of an XML one; `None` for errors that are not about a
    /// place in the body (a missing header, a content type, writing).
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Json(json) => Some(json.path()),
            Self::XmlSyntax { path, .. }
            | Self::XmlStructure { path, .. }
            | Self::XmlValue { path, .. }
            | Self::TooDeep { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The 1-based line and byte column of the error in the body, where it has one.
    #[must_use]
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Self::Json(json) => Some(json.line_column()),
            Self::XmlSyntax { line, column, .. }
            | Self::XmlStructure { line, column, .. }
            | Self::XmlValue { line, column, .. }
            | Self::DocType { line, column }
            | Self::TooDeep { line, column, .. }
            | Self::InvalidUtf8 { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

fn describe_byte(found: Option<u8>) -> String {
    match found {
        None => "none, the body is empty".to_owned(),
        Some(b) if b.is_ascii_graphic() => format!("`{}`", char::from(b)),
        Some(b) => format!("0x{b:02x}"),
    }
}

/// Validates `body` as UTF-8, reporting where it is not.
pub(crate) fn utf8(body: &[u8]) -> Result<&str> {
    use fleethooks_core::json::line_column;
    std::str::from_utf8(body).map_err(|source| {
        let offset = source.valid_up_to();
        let (line, column) = line_column(body, offset);
        Error::InvalidUtf8 {
            offset,
            line,
            column,
            source,
        }
    })
}
