//! `fleethooks parse --source cmdop`.
//!
//! PLACEHOLDER: wired up together with the `fleethooks-cmdop` crate's models.

use crate::cli::ParseArgs;
use crate::failure::Failure;
use crate::parse::Parsed;

pub(crate) fn parse(_body: &[u8], _args: &ParseArgs) -> Result<Parsed, Failure> {
    Err(Failure::usage("--source cmdop is not available yet"))
}
