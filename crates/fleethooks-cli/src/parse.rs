//! `fleethooks parse`: one JSON summary of a webhook body, whatever the source.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::cli::{OutputForm, ParseArgs};
use crate::failure::Failure;
use crate::input;
use crate::source::{self, Vendor};

/// What every source's parse produces.
pub(crate) enum Parsed {
    /// The summary object: printed as one line of JSON.
    Summary(Summary),
    /// Another form of the payload (`--to xml`), printed as it is.
    Text(String),
}

/// The contract's summary object, fields in the contract's order.
#[derive(Debug, Serialize)]
pub(crate) struct Summary {
    /// `jamf`, `jumpcloud` or `cmdop`.
    pub(crate) source: &'static str,
    /// The event type as the vendor names it.
    #[serde(rename = "type")]
    pub(crate) kind: String,
    /// When the event happened: RFC 3339, UTC, milliseconds; `null` when the payload has no time.
    pub(crate) occurred_at: Option<String>,
    /// The deduplication key.
    pub(crate) key: String,
    /// The payload in the vendor's JSON form, field order kept.
    pub(crate) payload: Box<RawValue>,
}

impl Summary {
    /// A summary whose payload is `payload` serialized in the vendor's JSON form.
    pub(crate) fn new(
        source: &'static str,
        kind: impl Into<String>,
        occurred_at: Option<DateTime<Utc>>,
        key: impl Into<String>,
        payload: &impl Serialize,
    ) -> Result<Self, Failure> {
        Ok(Self {
            source,
            kind: kind.into(),
            occurred_at: occurred_at.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            key: key.into(),
            payload: serde_json::value::to_raw_value(payload).map_err(Failure::rejected)?,
        })
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
        Parsed::Summary(summary) => {
            let line = serde_json::to_string(&summary).map_err(Failure::rejected)?;
            input::print(&format!("{line}\n"))
        }
        Parsed::Text(text) if text.ends_with('\n') => input::print(&text),
        Parsed::Text(text) => input::print(&format!("{text}\n")),
    }
}
