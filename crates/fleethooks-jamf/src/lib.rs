//! Typed Jamf Pro webhook events, read from and written to both of the forms Jamf Pro sends:
//! JSON and XML.
//!
//! Jamf Pro posts one event per request, as JSON (`application/json`) or XML (`text/xml`)
//! depending on how the webhook is configured. This crate turns the raw body into a
//! [`JamfEvent`] — one variant per documented event, each an [`Envelope`] of the shared
//! [`Webhook`] header and a typed payload — and writes events back in Jamf's own forms. Event
//! types it does not know become [`JamfEvent::Unknown`], which keeps the raw event, so a new
//! Jamf version never breaks a receiver.
//!
//! Jamf signs nothing: authenticate the request (Basic or a shared header, see
//! `fleethooks-verify`) before parsing it.
//!
//! ```
//! use fleethooks_jamf::{JamfEvent, from_body};
//!
//! let body = br#"{
//!   "event": {
//!     "computer": {
//!       "serialNumber": "C02XK1JDJG5J", "jssID": 1842, "deviceName": "mbp-akiko",
//!       "udid": "5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95", "ipAddress": "10.20.4.117"
//!     },
//!     "trigger": "CLIENT_CHECKIN",
//!     "username": "akiko.tanaka"
//!   },
//!   "webhook": {
//!     "eventTimestamp": 1712826143512, "id": 7, "name": "Check-ins to SIEM",
//!     "webhookEvent": "ComputerCheckIn"
//!   }
//! }"#;
//!
//! let event = from_body(Some("application/json; charset=utf-8"), body)?;
//! assert_eq!(event.event_type(), "ComputerCheckIn");
//! assert_eq!(event.serial_number(), Some("C02XK1JDJG5J"));
//! assert_eq!(event.dedup_key(), "7:ComputerCheckIn:1712826143512:1842");
//!
//! let JamfEvent::ComputerCheckIn(check_in) = &event else {
//!     return Err("expected a ComputerCheckIn".into());
//! };
//! assert_eq!(check_in.event.computer.jss_id, Some(1842));
//! assert_eq!(check_in.event.username.as_deref(), Some("akiko.tanaka"));
//!
//! // The same event in Jamf's XML form reads back equal.
//! let xml = fleethooks_jamf::to_xml(&event)?;
//! assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><JSSEvent><webhook>"));
//! assert_eq!(fleethooks_jamf::from_xml(xml.as_bytes())?, event);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Entry points
//!
//! * [`from_json`] and [`from_xml`] read one form; [`from_body`] picks it from the
//!   `Content-Type` or, without one, from the first byte of the body.
//! * [`to_json`] and [`to_xml`] write Jamf's forms. `JamfEvent` also implements
//!   `serde::Serialize`, producing the JSON form.
//! * [`JamfEvent`] accessors: [`event_type`](JamfEvent::event_type),
//!   [`occurred_at`](JamfEvent::occurred_at), [`webhook_id`](JamfEvent::webhook_id),
//!   [`webhook_name`](JamfEvent::webhook_name), [`subject_id`](JamfEvent::subject_id),
//!   [`serial_number`](JamfEvent::serial_number), [`dedup_key`](JamfEvent::dedup_key).
//! * [`ScepChallenge::response`] builds the reply to `SCEPChallenge`, the one event whose answer
//!   Jamf reads.
//!
//! # JSON ↔ XML mapping
//!
//! One set of serde models serves both forms. The XML side is a small serde `Deserializer` over
//! a tree of borrowed slices (built with quick-xml's event reader) and a serde `Serializer`;
//! both apply these rules:
//!
//! | Jamf JSON | Jamf XML | Model |
//! |-----------|----------|-------|
//! | `{"event": …, "webhook": …}`, either order | `<JSSEvent><webhook>…</webhook><event>…</event></JSSEvent>`, either order | [`Envelope<T>`] |
//! | `"jssID": 52` | `<jssID>52</jssID>` | `Option<i64>`, parsed from the text |
//! | `"successful": true` | `<successful>true</successful>` (any case) | `Option<bool>` |
//! | `"eventTimestamp": 1712826143512` | `<eventTimestamp>1712826143512</eventTimestamp>` | `DateTime<Utc>` (epoch ms) |
//! | `"room": ""` | `<room></room>` or `<room/>` | `Some("")` |
//! | `"product": null` | element absent | `None` |
//! | `"jssID": null` | `<jssID/>` (empty numeric, boolean or timestamp) | `None` |
//! | `"reportUrls": ["a", "b"]` | `<reportUrls>a</reportUrls><reportUrls>b</reportUrls>` | `Vec<String>` |
//! | `"reportUrls": ["a"]` | one `<reportUrls>a</reportUrls>` | one-item `Vec` |
//! | `"groupRemovedDevicesIds": []` | no element | empty `Vec` |
//! | `"managementId": 17` or `"…": "17"` | `<managementId>17</managementId>` | [`Identifier`]; equal by text |
//! | `"computer": {…}` | `<computer>…</computer>` | nested struct |
//! | unknown field | unknown element | ignored |
//!
//! When writing: `None` is `null` in JSON for the fields the Jamf document lists (Jamf writes
//! every field) and is left out for fields the document does not list or that older servers
//! omit (`managementId`, the undocumented mobile fields, the header's `id`, `name` and
//! `eventTimestamp`); in XML `None` is always a missing element. Text is escaped (`<`, `>`, `&`;
//! control characters and CR as character references). XML output starts with
//! `<?xml version="1.0" encoding="UTF-8"?>` and has no indentation.
//!
//! Reading XML accepts an optional declaration, comments and processing instructions, CDATA, the
//! five predefined entities and character references; it rejects a DOCTYPE, nesting deeper than
//! [`MAX_DEPTH`], a root other than `<JSSEvent>`, and non-UTF-8 bytes. Attributes and namespace
//! prefixes are ignored. A repeated element read into a single-valued field yields the first.
//!
//! What does not survive a change of form: an [`Identifier`] sent as a JSON integer reads back
//! from XML as text (equal, but written to JSON as a string); an empty JSON list and an absent
//! one are both "no element" in XML; an [`UnknownEvent`] crosses forms by the generic rules in
//! [`RawEvent`].
//!
//! # Real payloads versus the document
//!
//! Jamf's webhook document and real deliveries differ; all of these parse:
//!
//! * **No `eventTimestamp`** (servers before 10.12), **no `id`/`name`** (older servers): the
//!   header fields are optional and are not written back when absent.
//! * **Legacy flat form** of `ComputerCheckIn`, `ComputerPolicyFinished` and
//!   `ComputerPatchPolicyCompleted`: the computer's fields directly in `event`, no `computer`
//!   object. They are read into `computer` (a flat `username` is the computer's) and written
//!   back in the nested, documented form.
//! * **Letter case of event names**: the document writes `MobileDeviceUnenrolled` and
//!   `MobileDeviceUnEnrolled`; names are matched ignoring ASCII case, and `webhookEvent` keeps
//!   the spelling that was sent.
//! * **`jssID` or `jssid`**: both spellings are read everywhere; each event writes the one the
//!   document uses.
//! * **String or integer**: `userDirectoryID`, `managementId` (bare UUID,
//!   `com.jamf.management.<uuid>` or an integer) and the SCEP user's `uid` are [`Identifier`]s.
//! * **`reportUrls` or `reportUrl`** on `PatchSoftwareTitleUpdated`; **`managementId` or
//!   `jssid`** on `PushSent`: whichever came is kept.
//! * **`null` where a value is expected** (mobile `product`) and **empty strings** everywhere:
//!   every scalar is an `Option`, and addresses stay strings.
//! * **Undocumented fields**: `mdmCommand`/`mdmCommandUUID` on `MobileDeviceCheckIn`, mobile
//!   `building`, `department`, `emailAddress`, `phone`, `position`, `realName` are modelled;
//!   SCEP `payloadTypes` is a list and `departmentID`/`buildingID` integers; anything else is
//!   ignored.
//! * **Open value sets**: `restAPIOperationType`, `objectTypeName`, check-in `trigger` and push
//!   `type` are plain strings.
//! * **Document slips**: the XML sample of `ComputerPatchPolicyCompleted` is a copy of
//!   `ComputerPolicyFinished` (this crate writes its real fields, `eventActions` as
//!   `<eventActions><action>…</action></eventActions>`); the `<name>string></name>` stray `>`
//!   in the smart group sample is text, not syntax.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod computer;
mod dep;
mod error;
mod event;
mod id;
mod json;
mod jss;
mod mobile_device;
mod patch;
mod push;
mod rest_api;
mod scalar;
mod scep;
mod smart_group;
pub mod timestamp;
mod webhook;
mod xml;

pub use computer::{Computer, ComputerCheckIn, ComputerPolicyFinished};
pub use dep::DeviceAddedToDep;
pub use error::{Error, Result};
pub use event::{EventType, JamfEvent, RawEvent, UnknownEvent};
pub use id::Identifier;
pub use jss::JssInstance;
pub use mobile_device::MobileDevice;
pub use patch::{ComputerPatchPolicyCompleted, EventActions, PatchSoftwareTitleUpdated};
pub use push::PushSent;
pub use rest_api::RestApiOperation;
pub use scep::{ScepChallenge, ScepTargetDevice, ScepTargetUser};
pub use smart_group::{
    SmartGroupComputerMembershipChange, SmartGroupMobileDeviceMembershipChange,
    SmartGroupUserMembershipChange,
};
pub use webhook::{Envelope, Webhook};

/// The deepest nesting accepted: of XML elements (the root `<JSSEvent>` is level 1), and of the
/// JSON an unknown event keeps raw (the document's object is level 1). Jamf's deepest payload has
/// four levels. Typed JSON events are bounded by serde_json's own limit of 128, and fields they
/// ignore are skipped without recursion.
pub const MAX_DEPTH: usize = 64;

/// The two forms Jamf Pro sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/xml` or `application/xml`.
    Xml,
}

impl Format {
    /// The form a `Content-Type` names: `application/json` (or any `+json` type) is JSON,
    /// `text/xml`, `application/xml` (or any `+xml` type) is XML. Parameters such as `charset`
    /// are ignored and the comparison ignores ASCII case.
    pub fn from_content_type(content_type: &str) -> Result<Self> {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        let is = |t: &str| essence.eq_ignore_ascii_case(t);
        let ends = |suffix: &str| {
            essence.len() > suffix.len()
                && essence
                    .get(essence.len() - suffix.len()..)
                    .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
        };
        if is("application/json") || is("text/json") || ends("+json") {
            Ok(Self::Json)
        } else if is("application/xml") || is("text/xml") || ends("+xml") {
            Ok(Self::Xml)
        } else {
            Err(Error::UnsupportedContentType(content_type.to_owned()))
        }
    }

    /// The form of a body judged by its first byte after an optional UTF-8 BOM and whitespace:
    /// `{` is JSON, `<` is XML.
    pub fn sniff(body: &[u8]) -> Result<Self> {
        match strip_bom(body).trim_ascii_start().first() {
            Some(b'{') => Ok(Self::Json),
            Some(b'<') => Ok(Self::Xml),
            found => Err(Error::UnrecognizedBody {
                found: found.copied(),
            }),
        }
    }

    /// [`from_content_type`](Self::from_content_type) when a non-blank `Content-Type` is given,
    /// [`sniff`](Self::sniff) otherwise.
    pub fn detect(content_type: Option<&str>, body: &[u8]) -> Result<Self> {
        match content_type.map(str::trim).filter(|c| !c.is_empty()) {
            Some(ct) => Self::from_content_type(ct),
            None => Self::sniff(body),
        }
    }
}

pub(crate) fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// Reads a Jamf event from its JSON form. A leading UTF-8 BOM is skipped.
pub fn from_json(body: &[u8]) -> Result<JamfEvent> {
    json::parse(body)
}

/// Reads a Jamf event from its XML form (root `<JSSEvent>`). A leading UTF-8 BOM is skipped.
pub fn from_xml(body: &[u8]) -> Result<JamfEvent> {
    xml::parse(body)
}

/// Reads a Jamf event in whichever form the `Content-Type` names, or, when `content_type` is
/// `None` or blank, the form the body starts with (see [`Format::detect`]).
pub fn from_body(content_type: Option<&str>, body: &[u8]) -> Result<JamfEvent> {
    match Format::detect(content_type, body)? {
        Format::Json => from_json(body),
        Format::Xml => from_xml(body),
    }
}

/// Reads a Jamf event in the given form.
pub fn from_format(format: Format, body: &[u8]) -> Result<JamfEvent> {
    match format {
        Format::Json => from_json(body),
        Format::Xml => from_xml(body),
    }
}

/// Writes Jamf's JSON form: `{"event": …, "webhook": …}`, timestamps as epoch milliseconds.
pub fn to_json(event: &JamfEvent) -> Result<String> {
    serde_json::to_string(event).map_err(Error::JsonWrite)
}

/// Writes Jamf's XML form: `<?xml …?><JSSEvent><webhook>…</webhook><event>…</event></JSSEvent>`.
pub fn to_xml(event: &JamfEvent) -> Result<String> {
    event.write_xml()
}

/// The README's examples, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
