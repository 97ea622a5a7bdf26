//! `fleethooks parse --source jamf`: a Jamf Pro body, JSON or XML, into the summary object or
//! (`--to xml`) Jamf's XML form.

use crate::cli::{OutputForm, ParseArgs};
use crate::failure::Failure;
use crate::parse::Parsed;

pub(crate) fn parse(body: &[u8], args: &ParseArgs) -> Result<Parsed, Failure> {
    // The form comes from --content-type when given, otherwise from the body's first byte.
    let event = fleethooks_jamf::JamfEvent::from_body(args.content_type.as_deref(), body)
        .map_err(Failure::rejected)?;
    if args.to == Some(OutputForm::Xml) {
        return event.to_xml().map(Parsed::Text).map_err(Failure::rejected);
    }
    Parsed::summary(event)
}
