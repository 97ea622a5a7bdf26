//! `fleethooks parse`: one JSON summary of a webhook body, whatever the source.

use fleethooks::InboundEvent;

use crate::cli::{OutputForm, ParseArgs};
use crate::failure::Failure;
use crate::input;
use crate::source::{self, Vendor};

/// What every source's parse produces.
pub(crate) enum Parsed {
    /// The summary object: printed as one line of JSON.
    Summary(String),
    /// Another form of the payload (`--to xml`), printed as it is.
    Text(String),
}

impl Parsed {
    /// The summary line of `event`, as `fleethooks::InboundEvent::to_json` writes it.
    pub(crate) fn summary(event: impl Into<InboundEvent>) -> Result<Self, Failure> {
        event
            .into()
            .to_json()
            .map(Parsed::Summary)
            .map_err(Failure::rejected)
    }
}

pub(crate) fn run(args: &ParseArgs) -> Result<(), Failure> {
    let body = input::body(args.file.as_deref())?;
    let vendor = Vendor::resolve(args.source, &body)?;
    if args.to == Some(OutputForm::Xml) && vendor != Vendor::Jamf {
        return Err(Failure::usage(
            "--to xml is only available for Jamf payloads",
        ));
    }
    let parsed = match vendor {
        Vendor::Jamf => source::jamf::parse(&body, args)?,
        Vendor::Jumpcloud => source::jumpcloud::parse(&body, args)?,
        Vendor::Cmdop => source::cmdop::parse(&body, args)?,
    };
    match parsed {
        Parsed::Summary(line) => input::print(&format!("{line}\n")),
        Parsed::Text(text) if text.ends_with('\n') => input::print(&text),
        Parsed::Text(text) => input::print(&format!("{text}\n")),
    }
}
