//! `fleethooks parse --source jumpcloud`: a JumpCloud alert notification into the summary object.

use fleethooks_jumpcloud::Alert;

use crate::cli::ParseArgs;
use crate::failure::Failure;
use crate::parse::{Parsed, Summary};

pub(crate) fn parse(body: &[u8], args: &ParseArgs) -> Result<Parsed, Failure> {
    // JumpCloud posts alerts as JSON only; another declared type is a mistake worth saying.
    if let Some(content_type) = &args.content_type {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(Failure::usage(format_args!(
                "JumpCloud alerts are application/json, not {content_type}"
            )));
        }
    }
    let alert = Alert::from_slice(body).map_err(Failure::rejected)?;
    Summary::new(
        "jumpcloud",
        "alert",
        alert.occurred_at,
        alert.dedup_key(),
        &alert,
    )
    .map(Parsed::Summary)
}
