//! `fleethooks parse --source cmdop`: a cmdop event envelope into the summary object.
//!
//! The body is parsed as it is; its signature is `fleethooks verify`'s business, since the
//! secret and the header value are not part of a body.

use fleethooks_cmdop::CmdopEvent;

use crate::cli::ParseArgs;
use crate::failure::Failure;
use crate::parse::Parsed;

pub(crate) fn parse(body: &[u8], args: &ParseArgs) -> Result<Parsed, Failure> {
    super::require_json(args, "cmdop webhooks")?;
    let event = CmdopEvent::from_slice(body).map_err(Failure::rejected)?;
    Parsed::summary(event)
}
