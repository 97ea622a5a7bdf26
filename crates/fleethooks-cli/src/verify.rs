//! `fleethooks verify`.

use fleethooks_verify::SignatureVerifier;
use fleethooks_verify::http::HeaderName;

use crate::cli::VerifyArgs;
use crate::failure::Failure;
use crate::input;

/// The verifier wants a header name for its errors; a value given on the command line has none,
/// so the generic one is used and never printed.
const HEADER: HeaderName = HeaderName::from_static("x-signature");

pub(crate) fn run(args: &VerifyArgs) -> Result<(), Failure> {
    let secrets = input::secrets(&args.secrets.secret_env, &args.secrets.secret_file)?;
    let verifier = SignatureVerifier::with_secrets(HEADER, secrets).map_err(Failure::usage)?;
    let body = input::body(args.file.as_deref())?;
    verifier
        .verify_value(&args.signature, &body)
        .map_err(Failure::rejected)
}
