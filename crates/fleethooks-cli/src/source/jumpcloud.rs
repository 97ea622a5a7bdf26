//! `fleethooks parse --source jumpcloud`: a JumpCloud alert notification into the summary object.

use fleethooks_jumpcloud::Alert;

use crate::cli::ParseArgs;
use crate::failure::Failure;
use crate::parse::Parsed;

pub(crate) fn parse(body: &[u8], args: &ParseArgs) -> Result<Parsed, Failure> {
    super::require_json(args, "JumpCloud alerts")?;
    let alert = Alert::from_slice(body).map_err(Failure::rejected)?;
    Parsed::summary(alert)
}
