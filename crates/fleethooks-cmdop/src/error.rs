//! The one error type of this crate.

use chrono::{DateTime, Utc};
use http::StatusCode;

/// How much of an API error body [`Error`]'s message repeats; the whole body stays in the value.
const BODY_ECHO: usize = 200;

/// Everything that can go wrong receiving a cmdop delivery or talking to cmdop's API.
///
/// The groups a receiver maps to HTTP answers:
///
/// - **not authenticated** (answer 401): [`Error::MissingSignature`], [`Error::Signature`]; see
///   [`Error::is_authentication`].
/// - **not a cmdop event** (answer 400): [`Error::Parse`].
/// - **replayed** ([`Error::is_replay`]): [`Error::Stale`], [`Error::Future`] (answer 400) and
///   [`Error::Duplicate`], which is a delivery already accepted once: answer 2xx so cmdop stops
///   retrying it, since a webhook whose retries all fail gets disabled.
/// - **configuration and API**: [`Error::Verifier`], [`Error::InvalidUrl`], [`Error::NoEvents`],
///   [`Error::InvalidToken`], [`Error::EmptyId`], [`Error::Api`], [`Error::ReplayStore`].
///
/// Messages never contain a secret, a token or an expected signature.
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
    /// A verifier could not be built: no secret, or an empty one.
    #[error("invalid signing configuration: {0}")]
    Verifier(#[from] fleethooks_verify::Error),
    /// The body is not JSON, or not the JSON this crate expects there.
    ///
    /// `path` points at the offending value (`$.data.exit_code`) when the JSON is well formed;
    /// line and column come from the parser (see [`Error::line_column`]).
    #[error("cannot parse cmdop JSON{}: {source}", at_path(.path.as_deref()))]
    Parse {
        /// JSON path of the value that did not fit (`$` is the root), when the JSON is well
        /// formed.
        path: Option<String>,
        /// The parser's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The event's `timestamp` lies further in the past than the replay window allows.
    #[error("event `{id}` is stale: its timestamp {timestamp} is older than the replay window")]
    Stale {
        /// The event id.
        id: String,
        /// The event's timestamp.
        timestamp: DateTime<Utc>,
    },
    /// The event's `timestamp` lies further in the future than the allowed clock skew.
    #[error(
        "event `{id}` is from the future: its timestamp {timestamp} is beyond the allowed clock skew"
    )]
    Future {
        /// The event id.
        id: String,
        /// The event's timestamp.
        timestamp: DateTime<Utc>,
    },
    /// An event with this id was already accepted inside the replay window.
    #[error("event `{id}` was already received")]
    Duplicate {
        /// The repeated event id.
        id: String,
    },
    /// The seen-id store failed (for example a shared store that cannot be reached).
    #[error("replay store failed: {0}")]
    ReplayStore(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
    /// A webhook or base URL is not an absolute `https` URL.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The rejected URL.
        url: String,
        /// What is wrong with it, in a few words.
        reason: &'static str,
    },
    /// A webhook must subscribe to at least one event type.
    #[error("a webhook needs at least one event type")]
    NoEvents,
    /// The API token cannot be sent in an HTTP header (empty, or a control character).
    #[error("the API token is empty or cannot be sent in an HTTP header")]
    InvalidToken,
    /// A webhook id is empty, so no path can name it.
    #[error("a webhook id must not be empty")]
    EmptyId,
    /// A secret for the API is not UTF-8, so it cannot be sent in a JSON body.
    #[error("a webhook secret must be UTF-8 text to be sent to the API")]
    SecretNotText,
    /// The API answered with a status outside 2xx.
    #[error("cmdop API answered {status}: {}", excerpt(.body))]
    Api {
        /// The response status.
        status: StatusCode,
        /// The whole response body, as received.
        body: Vec<u8>,
    },
    /// An HTTP request could not be built from the given parts.
    #[error("cannot build the request: {0}")]
    Request(#[source] http::Error),
}

impl Error {
    /// Whether the request failed authentication (answer 401).
    #[must_use]
    pub fn is_authentication(&self) -> bool {
        matches!(self, Self::MissingSignature | Self::Signature(_))
    }

    /// Whether the replay guard rejected the event (stale, future or duplicate).
    #[must_use]
    pub fn is_replay(&self) -> bool {
        matches!(
            self,
            Self::Stale { .. } | Self::Future { .. } | Self::Duplicate { .. }
        )
    }

    /// Line and column (both from 1) of a [`Error::Parse`], where the parser knows them.
    #[must_use]
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Self::Parse { source, .. } if source.line() > 0 => {
                Some((source.line(), source.column()))
            }
            _ => None,
        }
    }

    /// The JSON path of a [`Error::Parse`], where the JSON was well formed.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Parse { path, .. } => path.as_deref(),
            _ => None,
        }
    }

    /// Maps a verifier error met while checking a request: a missing header is its own variant.
    pub(crate) fn from_verification(error: fleethooks_verify::Error) -> Self {
        match error {
            fleethooks_verify::Error::MissingHeader { .. } => Self::MissingSignature,
            other => Self::Signature(other),
        }
    }
}

fn at_path(path: Option<&str>) -> String {
    path.map(|p| format!(" at `{p}`")).unwrap_or_default()
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "(empty body)".to_owned();
    }
    match text.char_indices().nth(BODY_ECHO) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
