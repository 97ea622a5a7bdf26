//! `fleethooks simulate`: realistic payloads for every supported event.

use crate::cli::SimulateArgs;
use crate::failure::Failure;

pub(crate) fn run(_args: &SimulateArgs) -> Result<(), Failure> {
    Err(Failure::usage("simulate is being written"))
}
