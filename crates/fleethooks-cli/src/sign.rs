//! `fleethooks sign`.

use fleethooks_verify::sign;

use crate::cli::SignArgs;
use crate::failure::Failure;
use crate::input;

pub(crate) fn run(args: &SignArgs) -> Result<(), Failure> {
    let secret = match (&args.secret.secret_env, &args.secret.secret_file) {
        (Some(name), _) => input::secret_from_env(name)?,
        (None, Some(path)) => input::secret_from_file(path)?,
        (None, None) => return Err(Failure::usage("give --secret-env or --secret-file")),
    };
    let body = input::body(args.file.as_deref())?;
    // An empty secret is a configuration mistake, not a rejected input.
    let signature = sign(&secret, &body).map_err(Failure::usage)?;
    input::print(&format!("{signature}\n"))
}
