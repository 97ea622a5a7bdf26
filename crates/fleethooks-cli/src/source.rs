//! One module per webhook source, each turning a body into a [`crate::parse::Parsed`].

pub(crate) mod cmdop;
pub(crate) mod jamf;
pub(crate) mod jumpcloud;

use serde::de::IgnoredAny;

use crate::cli::{ParseArgs, Source};

use crate::failure::Failure;

/// A product that sends webhooks: what `--source` names, or `auto` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vendor {
    Jamf,
    Jumpcloud,
    Cmdop,
}

impl Vendor {
    /// The vendor `--source` names, or the one the body shows for `--source auto`.
    pub(crate) fn resolve(source: Source, body: &[u8]) -> Result<Self, Failure> {
        match source {
            Source::Jamf => Ok(Self::Jamf),
            Source::Jumpcloud => Ok(Self::Jumpcloud),
            Source::Cmdop => Ok(Self::Cmdop),
            Source::Auto => detect(body),
        }
    }
}

/// Which product sent `body`, from its shape alone (`--source auto`), as
/// [`fleethooks::detect_source`] tells it; when it cannot, the reason.
///
/// Anything that cannot be told is refused rather than guessed, so a script never gets a
/// summary from the wrong parser.
pub(crate) fn detect(body: &[u8]) -> Result<Vendor, Failure> {
    match fleethooks::detect_source(body) {
        Some(fleethooks::Source::Jamf) => return Ok(Vendor::Jamf),
        Some(fleethooks::Source::Jumpcloud) => return Ok(Vendor::Jumpcloud),
        Some(fleethooks::Source::Cmdop) => return Ok(Vendor::Cmdop),
        _ => {}
    }
    let text = fleethooks::core::strip_bom(body);
    if text.trim_ascii_start().first() != Some(&b'{') {
        return Err(Failure::rejected(
            "not a JSON object or XML document: cannot tell the source; pass --source",
        ));
    }
    if let Err(e) = serde_json::from_slice::<IgnoredAny>(text) {
        return Err(Failure::rejected(format_args!(
            "cannot tell the source, the body is not valid JSON: {e}"
        )));
    }
    Err(Failure::rejected(
        "cannot tell the source: no `webhook` (Jamf), `alert_id` (JumpCloud) or `type` and `data` (cmdop); pass --source",
    ))
}

/// Refuses a declared `--content-type` other than `application/json` (parameters allowed), for
/// the sources that post JSON only.
///
/// The content type is part of the delivery, like a request header, so a mismatch is rejected
/// input (exit 1), as it is for Jamf.
pub(crate) fn require_json(args: &ParseArgs, what: &str) -> Result<(), Failure> {
    let Some(content_type) = &args.content_type else {
        return Ok(());
    };
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(Failure::rejected(format_args!(
            "{what} are application/json, not {content_type}"
        )))
    }
}
