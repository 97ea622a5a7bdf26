//! The receiving side's error type.

use fleethooks_core::JsonError;

/// Why a cmdop delivery was refused, or a [`Receiver`](crate::Receiver) could not be built.
///
/// The groups a receiver maps to HTTP answers:
///
/// - **not authenticated** (answer 401): [`Error::MissingSignature`], [`Error::Signature`]; see
///   [`Error::is_authentication`].
/// - **not a cmdop event** (answer 400): [`Error::Json`], with [`Error::path`] and
///   [`Error::line_column`].
/// - **misconfigured** (never the request's fault): [`Error::Config`], met only while building a
///   receiver.
///
/// Replays and duplicates are the [`ReplayGuard`](crate::ReplayGuard)'s answer, a separate
/// [`ReplayError`](crate::ReplayError); the management API has its own
/// [`api::Error`](crate::api::Error).
///
/// Messages never contain a secret or an expected signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A secret is configured but the request has no `X-Cmdop-Signature` header.
    ///
    /// Kept apart from [`Error::Signature`]: a missing header usually means the webhook was
    /// created without a secret, a bad one means the wrong secret or a forged request.
    #[error(
        "missing header `x-cmdop-signature`; the webhook may have been created without a secret"
    )]
    MissingSignature,
    /// The `X-Cmdop-Signature` header is repeated, malformed or does not match the body.
    #[error("signature rejected: {0}")]
    Signature(#[source] fleethooks_verify::Error),
    /// The body is not JSON, or not the JSON of a cmdop event: the path of the offending value
    /// (`$.data.exit_code`), its line and column, and what was wrong.
    #[error("cannot parse cmdop event: {0}")]
    Json(#[source] JsonError),
    /// An event could not be written as JSON (a timestamp beyond year 9999, which parsing never
    /// produces).
    #[error("cannot write cmdop event JSON: {0}")]
    JsonWrite(#[source] serde_json::Error),
    /// A receiver could not be built: no secret, or an empty one. A configuration error, never
    /// the answer to a request: checking a request reports [`Error::MissingSignature`] or
    /// [`Error::Signature`] instead.
    #[error("invalid signing configuration: {0}")]
    Config(#[source] fleethooks_verify::Error),
}

impl Error {
    /// Whether the request failed authentication (answer 401).
    #[must_use]
    pub fn is_authentication(&self) -> bool {
        matches!(self, Self::MissingSignature | Self::Signature(_))
    }

    /// The JSON path of the value being read when a [`Error::Json`] was found: `$`, `$.id`,
    /// `$.data.exit_code`.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Json(json) => Some(json.path()),
            _ => None,
        }
    }

    /// The 1-based line and byte column of a [`Error::Json`].
    #[must_use]
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Self::Json(json) => Some(json.line_column()),
            _ => None,
        }
    }

    /// Maps a verifier error met while checking a request: a missing header is its own variant,
    /// anything else a rejected signature, never a configuration error.
    pub(crate) fn from_verification(error: fleethooks_verify::Error) -> Self {
        match error {
            fleethooks_verify::Error::MissingHeader { .. } => Self::MissingSignature,
            other => Self::Signature(other),
        }
    }
}

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
