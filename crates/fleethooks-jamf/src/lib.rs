//! Typed Jamf Pro webhook events, read from and written to both of the forms Jamf Pro sends:
//! JSON and XML.
//!
//! Jamf Pro posts one event per request, as JSON (`application/json`) or XML (`text/xml`)
//! depending on how the webhook is configured. This crate turns the raw body into a
//! [`JamfEvent`] — one variant per documented event, each an [`Envelope`] of the shared
//! [`Webhook`] header and a typed payload — and writes events back in Jamf's own forms. Event
//! types it does not know become [`JamfEvent::Unknown`], which keeps the raw event, and members
//! it does not model are kept in each object's [`Extra`], so a new Jamf version never breaks a
//! receiver and nothing Jamf sent is lost when an event is forwarded.
//!
//! Jamf signs nothing: authenticate the request (Basic or a shared header, see
//! `fleethooks-verify`) before parsing it.
//!
//! ```
//! use fleethooks_jamf::{Event, JamfEvent, Source};
//!
//! let body = br#"{
//!   "event": {
//!     "computer": {
//!       "serialNumber": "C02XK1JDJG5J", "jssID": 1842, "deviceName": "mbp-akiko",
//!       "udid": "5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95", "ipAddress": "10.20.4.117",
//!       "fileVault2Status": "Encrypted"
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
//! let event = JamfEvent::from_body(Some("application/json; charset=utf-8"), body)?;
//! assert_eq!(event.source(), Source::Jamf);
//! assert_eq!(event.event_type(), "ComputerCheckIn");
//! assert_eq!(event.serial_number(), Some("C02XK1JDJG5J"));
//! assert_eq!(event.dedup_key(), "7:ComputerCheckIn:1712826143512:1842");
//!
//! let JamfEvent::ComputerCheckIn(check_in) = &event else {
//!     return Err("expected a ComputerCheckIn".into());
//! };
//! assert_eq!(check_in.event.computer.jss_id, Some(1842));
//! assert_eq!(check_in.event.username.as_deref(), Some("akiko.tanaka"));
//! // A member the model does not name is kept, and written back.
//! assert_eq!(check_in.event.computer.extra["fileVault2Status"], "Encrypted");
//! assert!(event.to_json()?.contains(r#""fileVault2Status":"Encrypted""#));
//!
//! // The same event in Jamf's XML form reads back equal.
//! let xml = event.to_xml()?;
//! assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><JSSEvent><webhook>"));
//! assert_eq!(JamfEvent::from_xml(xml.as_bytes())?, event);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Entry points
//!
//! All on [`JamfEvent`]:
//!
//! * [`from_slice`](JamfEvent::from_slice) reads either form, judged by the body's first byte
//!   after an optional BOM (`{` JSON, `<` XML); [`from_body`](JamfEvent::from_body) follows the
//!   `Content-Type` when there is one (read by [`fleethooks_core::MediaType`]);
//!   [`from_json`](JamfEvent::from_json) and [`from_xml`](JamfEvent::from_xml) read one form.
//! * [`to_json`](JamfEvent::to_json) and [`to_xml`](JamfEvent::to_xml) write Jamf's forms.
//!   `JamfEvent` also implements `serde::Serialize`, producing the JSON form.
//! * The [`Event`] contract every fleethooks source shares: [`source`](Event::source) (`jamf`),
//!   [`event_type`](Event::event_type), [`occurred_at`](Event::occurred_at),
//!   [`dedup_key`](Event::dedup_key), [`to_summary_json`](Event::to_summary_json).
//! * Jamf accessors: [`kind`](JamfEvent::kind), [`webhook`](JamfEvent::webhook),
//!   [`webhook_id`](JamfEvent::webhook_id), [`webhook_name`](JamfEvent::webhook_name),
//!   [`subject_id`](JamfEvent::subject_id), [`serial_number`](JamfEvent::serial_number),
//!   [`extra`](JamfEvent::extra).
//! * [`ScepChallenge::response`] builds the reply to `SCEPChallenge`, the one event whose answer
//!   Jamf reads.
//! * Errors: one [`Error`], whose [`path`](Error::path) is the JSON path
//!   (`$.event.computer.jssID`) or XML element path (`/JSSEvent/event/computer/jssID`) and whose
//!   [`line_column`](Error::line_column) is the 1-based line and byte column.
//!
//! # Unknown members
//!
//! Every object this crate models — the delivery, the `webhook` header, each event payload,
//! `computer`, the smart groups' device records, the SCEP target user and device,
//! `eventActions` — keeps the members it has no field for in `extra` ([`Extra`]), and writes
//! them back after its own fields, in JSON and in XML alike: a receiver that forwards events
//! downstream passes on everything the vendor sent. From JSON a member keeps its JSON value;
//! from XML an unknown element becomes a member by the same rules as [`RawEvent`]: text is a
//! string, an element with children an object, repeated elements an array. Equality of
//! [`Extra`] follows XML (`true` equals `"true"`), so an XML delivery still equals its JSON twin.
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
//! | `"groupAddedDevices": [{…}, "mbp-7"]` | `<groupAddedDevices>…</groupAddedDevices><groupAddedDevices>mbp-7</groupAddedDevices>` | `Vec<`[`GroupMember`]`>` |
//! | unknown member | unknown element | kept in `extra` ([`Extra`]) |
//!
//! When writing: `None` is `null` in JSON for the fields the Jamf document lists (Jamf writes
//! every field) and is left out for fields the document does not list or that older servers
//! omit (`managementId`, the undocumented mobile fields, the header's `id`, `name` and
//! `eventTimestamp`; such a field sent as `null` is kept in `extra` and written back as
//! `null`); in XML `None` and `null` are always a missing element. Text is escaped (`<`, `>`,
//! `&`; control characters and CR as character references). XML output starts with
//! `<?xml version="1.0" encoding="UTF-8"?>` and has no indentation.
//!
//! Reading XML accepts an optional declaration, comments and processing instructions, CDATA, the
//! five predefined entities and character references; it rejects a DOCTYPE, nesting deeper than
//! [`MAX_DEPTH`], a root other than `<JSSEvent>`, and non-UTF-8 bytes. Attributes and namespace
//! prefixes are ignored. A repeated element read into a single-valued field yields the first.
//! JSON nested deeper than [`MAX_DEPTH`] is refused too, so that whatever is kept can be
//! written as XML.
//!
//! What does not survive a change of form: an [`Identifier`] sent as a JSON integer reads back
//! from XML as text (equal, but written to JSON as a string); so do numbers and booleans among
//! unknown members; an empty JSON list and an absent one are both "no element" in XML; a
//! smart-group device item that does not fit its record in JSON (`"phone": 311` where a string
//! belongs) is kept as [`GroupMember::Other`], but fits the record once XML has made every value
//! text, and is a [`GroupMember::Record`] from then on; an [`UnknownEvent`] crosses forms by the
//! generic rules in [`RawEvent`].
//!
//! # Real payloads versus the document
//!
//! Jamf's webhook document and real deliveries differ; all of these parse:
//!
//! * **No `eventTimestamp`** (servers before 10.12), **no `id`/`name`** (older servers): the
//!   header fields are optional and are not written back when absent.
//! * **`eventTimestamp` in epoch seconds**: jamf-pro-sdk's webhook generator and Fleet's SCEP
//!   challenge send 10 digits of seconds where Jamf sends 13 of milliseconds. A value whose
//!   magnitude is below 10^11 would, as milliseconds, fall between 1966-10-31 and 1973-03-03,
//!   which no real event does, so it is read as seconds (integer arithmetic only). It is written
//!   back, and keyed in [`dedup_key`](Event::dedup_key), as milliseconds
//!   (`1712826143` → `1712826143000`); only an instant inside that window, which milliseconds
//!   cannot say unambiguously, is written as whole seconds.
//! * **Legacy flat form** of `ComputerCheckIn`, `ComputerPolicyFinished` and
//!   `ComputerPatchPolicyCompleted`: the computer's fields directly in `event`, no `computer`
//!   object. They are read into `computer` (a flat `username` is the computer's) and written
//!   back in the nested, documented form.
//! * **Device names in smart-group lists**: Jamf's own JAWA writes `groupAddedDevices` and
//!   `groupRemovedDevices` as lists of device-name strings, not records. Each item is a
//!   [`GroupMember`]: a record, a name, or (a number, `null`, a nested array, an object with
//!   fields of the wrong type) any other value, kept as sent, so no item shape loses the event.
//!   On `SmartGroupUserMembershipChange`, whose document has no device lists, they are kept in
//!   `extra`.
//! * **Names of event types**: the document writes `MobileDeviceUnenrolled` and
//!   `MobileDeviceUnEnrolled`; names are matched ignoring ASCII case, `-`, `_` and space (the
//!   rule of every fleethooks crate, [`fleethooks_core::vendor::same_name`]), and
//!   `webhookEvent` keeps the spelling that was sent.
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
//!   kept in `extra`.
//! * **Open value sets**: `restAPIOperationType`, `objectTypeName`, check-in `trigger` and push
//!   `type` are plain strings.
//! * **Document slips**: the XML sample of `ComputerPatchPolicyCompleted` is a copy of
//!   `ComputerPolicyFinished` (this crate writes its real fields, `eventActions` as
//!   `<eventActions><action>…</action></eventActions>`); the `<name>string></name>` stray `>`
//!   in the smart group sample is text, not syntax.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
mod computer;
mod dep;
mod error;
mod event;
mod extra;
mod id;
mod json;
mod jss;
mod mobile_device;
mod patch;
mod push;
mod record;
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
pub use extra::Extra;
pub use id::Identifier;
pub use jss::JssInstance;
pub use mobile_device::MobileDevice;
pub use patch::{ComputerPatchPolicyCompleted, EventActions, PatchSoftwareTitleUpdated};
pub use push::PushSent;
pub use rest_api::RestApiOperation;
pub use scep::{ScepChallenge, ScepTargetDevice, ScepTargetUser};
pub use smart_group::{
    GroupMember, SmartGroupComputerMembershipChange, SmartGroupMobileDeviceMembershipChange,
    SmartGroupUserMembershipChange,
};
pub use webhook::{Envelope, Webhook};

/// The event contract every fleethooks source implements, and the source names.
pub use fleethooks_core::{Event, Source};

/// Re-exported because the public API names its types (`DateTime<Utc>` timestamps).
pub use chrono;
/// Re-exported because the public API names its types ([`ScepChallenge::response`]).
pub use http;

/// The deepest nesting accepted: of XML elements (the root `<JSSEvent>` is level 1), and of JSON
/// objects and arrays (the document's object is level 1; a container may not open at the last
/// level, whose members XML would put one level deeper). Jamf's deepest payload has four
/// levels.
pub const MAX_DEPTH: usize = 64;

/// The README's examples, compiled and run as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
