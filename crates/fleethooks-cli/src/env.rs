//! `fleethooks env`: the environment variables a JumpCloud command trigger body gives the
//! commands it starts.

use fleethooks_jumpcloud::env::{self, EnvFormat as Format};

use crate::cli::{EnvArgs, EnvFormat};
use crate::failure::Failure;
use crate::input;

pub(crate) fn run(args: &EnvArgs) -> Result<(), Failure> {
    let body = input::body(args.file.as_deref())?;
    let vars = env::flatten(&body).map_err(Failure::rejected)?;
    let format = match args.format {
        EnvFormat::Dotenv => Format::Dotenv,
        EnvFormat::Sh => Format::Sh,
        EnvFormat::Powershell => Format::PowerShell,
        EnvFormat::Json => Format::Json,
    };
    input::print(&vars.render(format))
}
