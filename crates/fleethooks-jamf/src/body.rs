//! The entry points: a whole body in, a [`JamfEvent`] out, and back.

use crate::error::{Error, Result};
use crate::event::JamfEvent;
use fleethooks_core::MediaType;

impl JamfEvent {
    /// Reads a delivery in whichever form the body is in: JSON when its first byte after an
    /// optional UTF-8 BOM and blanks is `{`, XML when it is `<`.
    ///
    /// ```
    /// use fleethooks_jamf::{Event, JamfEvent};
    ///
    /// let xml = b"<JSSEvent><webhook><webhookEvent>JSSStartup</webhookEvent></webhook><event/></JSSEvent>";
    /// assert_eq!(JamfEvent::from_slice(xml)?.event_type(), "JSSStartup");
    /// # Ok::<(), fleethooks_jamf::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnrecognizedBody`] when the body starts with neither; otherwise what
    /// [`from_json`](Self::from_json) or [`from_xml`](Self::from_xml) returns.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        match fleethooks_core::strip_bom(body).trim_ascii_start().first() {
            Some(b'{') => Self::from_json(body),
            Some(b'<') => Self::from_xml(body),
            found => Err(Error::UnrecognizedBody {
                found: found.copied(),
            }),
        }
    }

    /// Reads a delivery in the form its `Content-Type` names (`application/json` or any `+json`
    /// type is JSON; `text/xml`, `application/xml` or any `+xml` type is XML; parameters and
    /// ASCII case ignored, see [`MediaType::of`]), or, when `content_type` is `None` or blank,
    /// the form the body starts with ([`from_slice`](Self::from_slice)).
    ///
    /// # Errors
    ///
    /// [`Error::UnsupportedContentType`] for any other content type; otherwise what the form's
    /// parser returns.
    pub fn from_body(content_type: Option<&str>, body: &[u8]) -> Result<Self> {
        match content_type.map(str::trim).filter(|c| !c.is_empty()) {
            None => Self::from_slice(body),
            Some(ct) => match MediaType::of(ct) {
                MediaType::Json => Self::from_json(body),
                MediaType::Xml => Self::from_xml(body),
                _ => Err(Error::UnsupportedContentType(ct.to_owned())),
            },
        }
    }

    /// Reads a delivery in Jamf's JSON form, `{"event": …, "webhook": …}` in either order. A
    /// leading UTF-8 BOM is skipped.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] (with the JSON path, line and column) for malformed JSON or a value of
    /// the wrong type; [`Error::InvalidUtf8`], [`Error::TooDeep`], [`Error::MissingWebhook`],
    /// [`Error::MissingEventType`], [`Error::MissingEvent`].
    pub fn from_json(body: &[u8]) -> Result<Self> {
        crate::json::parse(body)
    }

    /// Reads a delivery in Jamf's XML form (root `<JSSEvent>`). A leading UTF-8 BOM is skipped.
    ///
    /// # Errors
    ///
    /// The `Xml*` variants (with the element path, line and column), [`Error::DocType`],
    /// [`Error::TooDeep`], [`Error::InvalidUtf8`], [`Error::MissingWebhook`],
    /// [`Error::MissingEventType`], [`Error::MissingEvent`].
    pub fn from_xml(body: &[u8]) -> Result<Self> {
        crate::xml::parse(body)
    }

    /// Writes Jamf's JSON form: `{"event": …, "webhook": …}`, every member that was read
    /// included, timestamps as epoch milliseconds. The same JSON as `Serialize`.
    ///
    /// # Errors
    ///
    /// [`Error::JsonWrite`], only for an [`UnknownEvent`](crate::UnknownEvent) read from XML
    /// whose raw text no longer parses.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self).map_err(Error::JsonWrite)
    }

    /// Writes Jamf's XML form:
    /// `<?xml …?><JSSEvent><webhook>…</webhook><event>…</event></JSSEvent>`.
    ///
    /// # Errors
    ///
    /// [`Error::XmlName`] for a member name that is no XML name, [`Error::XmlNul`] for text
    /// holding U+0000 (both possible only for what was read from JSON), [`Error::XmlWrite`].
    pub fn to_xml(&self) -> Result<String> {
        self.write_xml()
    }
}
