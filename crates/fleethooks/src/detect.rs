//! Telling the source of a body from its shape, for one-URL services.

use fleethooks_core::{Source, strip_bom};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The top-level members that tell the sources apart; values are skipped, not built.
#[derive(Deserialize)]
struct Probe {
    webhook: Option<IgnoredAny>,
    alert_id: Option<IgnoredAny>,
    #[serde(rename = "type")]
    kind: Option<IgnoredAny>,
    data: Option<IgnoredAny>,
}

/// Which product sent `body`, judged from its shape alone, or `None` when it cannot be told.
///
/// Jamf Pro is the only XML sender; among the JSON senders each has a top-level member no other
/// sends: `webhook` (Jamf), `alert_id` (JumpCloud), `type` with `data` (cmdop). Anything else is
/// `None` rather than a guess, so a body never reaches the wrong parser.
///
/// The probe skips every value without building it. [`Receiver::receive_any`] runs it only on
/// bodies that already passed authentication.
///
/// [`Receiver::receive_any`]: crate::Receiver::receive_any
///
/// ```
/// use fleethooks::{Source, detect_source};
///
/// assert_eq!(detect_source(br#"{"alert_id":"6743a0f2c9e77d0001b2c3d4"}"#), Some(Source::Jumpcloud));
/// assert_eq!(detect_source(b"<?xml version=\"1.0\"?><JSSEvent/>"), Some(Source::Jamf));
/// assert_eq!(detect_source(br#"{"hello":"world"}"#), None);
/// ```
#[must_use]
pub fn detect_source(body: &[u8]) -> Option<Source> {
    let text = strip_bom(body);
    match text.trim_ascii_start().first() {
        Some(b'<') => return Some(Source::Jamf),
        Some(b'{') => {}
        _ => return None,
    }
    let probe: Probe = serde_json::from_slice(text).ok()?;
    match probe {
        Probe {
            webhook: Some(_), ..
        } => Some(Source::Jamf),
        Probe {
            alert_id: Some(_), ..
        } => Some(Source::Jumpcloud),
        Probe {
            kind: Some(_),
            data: Some(_),
            ..
        } => Some(Source::Cmdop),
        _ => None,
    }
}
