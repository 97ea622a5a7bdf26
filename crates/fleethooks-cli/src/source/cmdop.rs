//! `fleethooks parse --source cmdop`: a cmdop event envelope into the summary object.
//!
//! The body is parsed as it is; its signature is `fleethooks verify`'s business, since the
//! secret and the header value are not part of a body.

use fleethooks_cmdop::CmdopEvent;

use crate::cli::ParseArgs;
use crate::failure::Failure;
use crate::parse::{Parsed, Summary};

pub(crate) fn parse(body: &[u8], args: &ParseArgs) -> Result<Parsed, Failure> {
    // cmdop posts JSON only; another declared type is a mistake worth saying.
    if let Some(content_type) = &args.content_type {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(Failure::usage(format_args!(
                "cmdop webhooks are application/json, not {content_type}"
            )));
        }
    }
    let event = CmdopEvent::from_slice(body).map_err(Failure::rejected)?;
    Summary::new(
        "cmdop",
        event.kind.as_str(),
        Some(event.timestamp),
        event.dedup_key(),
        &event,
    )
    .map(Parsed::Summary)
}
