//! `fleethooks parse --source jamf`: a Jamf Pro body, JSON or XML, into the summary object or
//! (`--to xml`) Jamf's XML form.

use crate::cli::{OutputForm, ParseArgs};
use crate::failure::Failure;
use crate::parse::{Parsed, Summary};

pub(crate) fn parse(body: &[u8], args: &ParseArgs) -> Result<Parsed, Failure> {
    // The form comes from --content-type when given, otherwise from the body's first byte.
    let event = fleethooks_jamf::from_body(args.content_type.as_deref(), body)
        .map_err(Failure::rejected)?;
    if args.to == Some(OutputForm::Xml) {
        return fleethooks_jamf::to_xml(&event)
            .map(Parsed::Text)
            .map_err(Failure::rejected);
    }
    Summary::new(
        "jamf",
        event.event_type(),
        event.occurred_at(),
        event.dedup_key(),
        &event,
    )
    .map(Parsed::Summary)
}
